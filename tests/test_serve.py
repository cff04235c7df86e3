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
    assert answers_again(readonly, tries=50)   # a fresh worker takes the killed one's place


def answers_again(url, tries: int) -> bool:
    """Whether the endpoint answers a plain query again within ``tries`` fifths of a second."""
    for _ in range(tries):
        if _call(url, params={"query": COUNT})[0] == 200:
            return True
        time.sleep(0.2)
    return False


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


# ---------------------------------------------------------------- issue 17: kg push to kg serve, the query page

def _canonical(triples: set) -> set:
    """N-Triples lines with decimals written as a store writes them (2000000000.0 -> 2000000000)."""
    import re
    return {re.sub(r'"(-?\d+)\.0+"\^\^<http://www.w3.org/2001/XMLSchema#decimal>',
                   r'"\1"^^<http://www.w3.org/2001/XMLSchema#decimal>', t) for t in triples}


def test_kg_push_to_kg_serve_and_the_triples_read_back(tmp_path_factory, tmp_path):
    """kg push's help names http://127.0.0.1:7878/store: kg serve --allow-update answers there
    (SPARQL 1.1 Graph Store Protocol), starting an empty store when there is none."""
    import pyoxigraph as ox
    from kg.rdf.push import push_file
    d = tmp_path_factory.mktemp("push")
    paths = write_sample(d / "out")
    own = tmp_path / "new-store"
    proc, url = _start(own, "--allow-update")
    base = url.rsplit("/", 1)[0]
    try:
        res = push_file(paths["trig"], base + "/store")
        assert res.graphs >= 3
        want: dict = {}
        for q in ox.parse(path=str(paths["trig"]), format=ox.RdfFormat.TRIG):
            want.setdefault(q.graph_name.value, set()).add(str(q.triple))
        for graph, triples in want.items():
            status, headers, body = _call(base + "/store", params={"graph": graph})
            assert status == 200 and headers["Content-Type"].startswith("application/n-triples")
            got = {str(q.triple) for q in ox.parse(body.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)}
            if not any("_:" in t for t in triples):      # (blank node labels differ by store)
                assert _canonical(got) == _canonical(triples), graph
            assert len(got) == len(triples)
        # the union answers queries, counting what graph.ttl holds (the ontology apart)
        from kg.rdf.query import RdflibEngine
        n_ttl = RdflibEngine.from_file(paths["ttl"]).query(COUNT).rows[0][0].value
        status, _, body = _call(url, params={"query": COUNT})
        assert json.loads(body)["results"]["bindings"][0]["n"]["value"] == n_ttl
        # a second push replaces (PUT): the same count; a graph deleted leaves the union exact
        push_file(paths["trig"], base + "/store")
        status, _, body = _call(url, params={"query": COUNT})
        assert json.loads(body)["results"]["bindings"][0]["n"]["value"] == n_ttl
        doc_graph = sorted(g for g in want if "/graph/" in g and not g.endswith("ontology"))[0]
        status, _, _ = _call(base + "/store", "DELETE", params={"graph": doc_graph})
        assert status == 204
        status, _, _ = _call(base + "/store", params={"graph": doc_graph})
        assert status == 404
        status, _, body = _call(url, params={"query": COUNT})
        assert int(json.loads(body)["results"]["bindings"][0]["n"]["value"]) < int(n_ttl)
        # the CLI, as its help says
        r = subprocess.run([sys.executable, "-m", "kg", "push", str(paths["trig"]), "--endpoint", base + "/store"],
                           capture_output=True, text=True, cwd=ROOT)
        assert r.returncode == 0 and "pushed" in r.stdout, r.stderr
    finally:
        _stop(proc)


def test_a_read_only_server_reads_graphs_and_refuses_to_change_them(readonly):
    base = readonly.rsplit("/", 1)[0]
    status, _, body = _call(base + "/store", "PUT", b"<a:b> <a:c> <a:d> .\n", "application/n-triples",
                            params={"graph": "http://example.org/g"})
    assert status == 403 and "--allow-update" in body
    status, _, body = _call(base + "/store", params={"graph": "https://w3id.org/kg-zhaoshang/graph/ontology"})
    assert status == 200 and "owl#Class" in body
    status, _, body = _call(base + "/store", params={"graph": "not an iri"})
    assert status == 400
    status, _, body = _call(base + "/named", params={"name": "class-counts"})
    assert status == 200 and json.loads(body)["head"]["vars"][0] == "type"
    status, _, body = _call(base + "/named", params={"name": "@/etc/passwd"})
    assert status == 404


def test_the_query_page_in_a_browser(readonly):
    """GET / is a page: pick a named query, run it, results as a table; an entity opens its evidence.
    Offline (nothing but this server is asked), no console error, names written as text."""
    from test_map_browser import BROWSER_ARGS, _errors, _requests, _start as start_browser, Missing, REQUIRE
    # no network but this server: every other host resolves to nothing, other requests go to a dead proxy
    args = tuple(a for a in BROWSER_ARGS if not a.startswith("--host-resolver-rules"))
    args += ("--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",)
    try:
        gen = start_browser(args)
        driver = next(gen)
    except Missing as e:
        if REQUIRE:
            pytest.fail(f"KG_REQUIRE_BROWSER=1 but {e}", pytrace=False)
        pytest.skip(str(e))
    try:
        base = readonly.rsplit("/", 1)[0] + "/"
        status, headers, page = _call(base)
        assert status == 200 and "connect-src 'self'" in headers["Content-Security-Policy"]
        driver.get_log("browser")
        driver.get_log("performance")
        driver.get(base)
        from selenium.webdriver.support.ui import Select, WebDriverWait
        Select(driver.find_element("id", "q-named")).select_by_value("class-counts")
        driver.find_element("id", "q-run").click()
        WebDriverWait(driver, 20).until(lambda d: d.execute_script("return window.kgQuery.runs") == 1)
        rows = driver.find_elements("css selector", "#q-results tbody tr")
        assert rows and "Project" in driver.find_element("id", "q-results").text
        # free SPARQL with entities: a click shows the evidence of that entity
        Select(driver.find_element("id", "q-named")).select_by_value("")
        box = driver.find_element("id", "q-text")
        box.clear()
        box.send_keys("SELECT ?e ?l WHERE { ?e a <https://w3id.org/kg-zhaoshang/ontology#Project> ; "
                      "<http://www.w3.org/2000/01/rdf-schema#label> ?l } ORDER BY ?l")
        driver.find_element("id", "q-run").click()
        WebDriverWait(driver, 20).until(lambda d: d.execute_script("return window.kgQuery.runs") == 2)
        links = driver.find_elements("css selector", "#q-results a.q-entity")
        assert links and "冷链产业园项目" in driver.find_element("id", "q-results").text
        links[0].click()
        WebDriverWait(driver, 20).until(lambda d: d.execute_script("return window.kgQuery.evidenceRows") is not None)
        evidence = driver.find_element("id", "q-evidence").text
        assert "冷链产业园项目" in evidence and "b.txt" in evidence
        assert _errors(driver) == []
        asked = [u for u in _requests(driver) if not u.startswith("chrome:")]    # (the browser's own pages)
        assert all(u.startswith(base) for u in asked), asked
    finally:
        next(gen, None)
