"""kg serve: a real server process over the SPARQL 1.1 Protocol; loopback, read-only, bounded."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from kg.rdf.store import load_file
from kgsample import write_sample

ROOT = Path(__file__).resolve().parent.parent
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    d = tmp_path_factory.mktemp("serve")
    paths = write_sample(d / "out")
    load_file(paths["trig"], d / "store")
    return d / "store"


def _start(store: Path, *extra: str):
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    proc = subprocess.Popen([sys.executable, "-m", "kg", "serve", "--store", str(store), "--port", "0", *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT, env=env)
    line = proc.stdout.readline()
    if "http://" not in line:
        proc.kill()
        pytest.fail(f"kg serve did not start: {line} {proc.stderr.read()}")
    return proc, line.split("SPARQL endpoint: ")[1].split()[0]


def _stop(proc):
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="module")
def readonly(store):
    proc, url = _start(store, "--timeout", "1.5", "--max-rows", "5")
    yield url
    _stop(proc)


def _call(url, method="GET", data=None, ctype=None, accept=None, params=None):
    if params:
        url = url + "?" + urllib.parse.urlencode(params)
    req = urllib.request.Request(url, data=data, method=method)
    if ctype:
        req.add_header("Content-Type", ctype)
    if accept:
        req.add_header("Accept", accept)
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, dict(r.headers), r.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read().decode("utf-8")


def test_binds_loopback_by_default(readonly):
    assert readonly.startswith("http://127.0.0.1:")


def test_query_by_get_and_post(readonly):
    status, headers, body = _call(readonly, params={"query": COUNT})
    assert status == 200 and headers["Content-Type"].startswith("application/sparql-results+json")
    n = int(json.loads(body)["results"]["bindings"][0]["n"]["value"])
    assert n > 200
    q = "SELECT ?l WHERE { ?s a <https://w3id.org/kg-zhaoshang/ontology#Project> ; <http://www.w3.org/2000/01/rdf-schema#label> ?l } ORDER BY ?l"
    status, headers, body = _call(readonly, "POST", urllib.parse.urlencode({"query": q}).encode(),
                                  "application/x-www-form-urlencoded", accept="text/csv")
    assert status == 200 and headers["Content-Type"].startswith("text/csv")
    assert body.split() == ["l", "冷链产业园项目", "新材料项目"]
    status, _, body = _call(readonly, "POST", q.encode(), "application/sparql-query",
                            accept="application/sparql-results+xml")
    assert status == 200 and "<literal xml:lang=\"zh-hans\">新材料项目</literal>" in body
    status, _, body = _call(readonly, params={"query": "SELECT WHERE {"})
    assert status == 400 and "bad SPARQL" in body


def test_updates_are_refused_unless_allowed(readonly, store):
    upd = "INSERT DATA { <http://example.org/x> <http://example.org/p> \"1\" }"
    for args in [(urllib.parse.urlencode({"update": upd}).encode(), "application/x-www-form-urlencoded"),
                 (upd.encode(), "application/sparql-update")]:
        status, _, body = _call(readonly, "POST", *args)
        assert status == 403 and "read-only" in body and "--allow-update" in body
    status, _, body = _call(readonly, params={"query": "ASK { <http://example.org/x> ?p ?o }"})
    assert json.loads(body)["boolean"] is False


def test_result_size_is_bounded(readonly):
    status, headers, body = _call(readonly, params={"query": "SELECT * WHERE { ?s ?p ?o }"}, accept="text/csv")
    assert status == 200
    assert len(body.strip().splitlines()) == 1 + 5
    assert "5" in headers.get("X-KG-Truncated", "")
    status, headers, body = _call(readonly, params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 3"}, accept="text/csv")
    assert "X-KG-Truncated" not in headers and len(body.strip().splitlines()) == 4


def test_query_time_is_bounded_and_the_server_recovers(readonly):
    t0 = time.monotonic()
    status, _, body = _call(readonly, params={"query": HEAVY})
    assert status == 503 and "time limit" in body
    assert time.monotonic() - t0 < 10
    # a fresh worker takes the killed one's place
    for _ in range(50):
        status, _, body = _call(readonly, params={"query": COUNT})
        if status == 200:
            break
        time.sleep(0.2)
    assert status == 200


def test_no_federation_or_load(readonly):
    """SERVICE would make the server fetch any URL (Oxigraph follows it): refused, plainly."""
    q = "SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }"
    status, _, body = _call(readonly, params={"query": q})
    assert status == 403 and "SERVICE is disabled" in body
    from kg.rdf.serve import remote_access
    assert remote_access("select * where {FILTER(?a<3)service<http://x>{?a ?b ?c}}") == "SERVICE"
    assert remote_access('PREFIX ex: <http://e/> SELECT ?service WHERE { ex:load ?p "SERVICE" } # LOAD') is None


def test_allow_update(store, tmp_path):
    import shutil
    own = tmp_path / "store"
    shutil.copytree(store, own)
    proc, url = _start(own, "--allow-update")
    try:
        upd = "INSERT DATA { <http://example.org/x> <http://example.org/p> \"1\" }"
        status, _, _ = _call(url, "POST", upd.encode(), "application/sparql-update")
        assert status == 204
        status, _, body = _call(url, params={"query": "ASK { <http://example.org/x> ?p ?o }"})
        assert json.loads(body)["boolean"] is True
        status, _, body = _call(url, "POST", b"LOAD <http://127.0.0.1:1/x.ttl>", "application/sparql-update")
        assert status == 403 and "LOAD is disabled" in body
    finally:
        _stop(proc)
