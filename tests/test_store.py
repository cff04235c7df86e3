"""The Oxigraph store: kg load / build --store, same rows as rdflib, and kg push to a real Oxigraph server."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.rdf import query as kq
from kg.cli import app
from kg.rdf.graph import build_dataset, serialize_trig
from kg.rdf.push import PushError, push_file
from kg.rdf.query import OxigraphEngine, RdflibEngine, named_queries, open_engine, resolve
from kg.rdf.store import load_file, open_store
from kgsample import sample_extractions, write_sample

ARGS = {"projects-in": ["青岛市"], "who-signed-with": ["中国化工集团"], "evidence-for": ["中化集团"]}
GENERIC = [
    "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g",
    "SELECT ?s ?l WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l } ORDER BY ?s ?l",
    "SELECT ?t (COUNT(?s) AS ?n) WHERE { ?s a ?t } GROUP BY ?t ORDER BY ?t",
]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    d = tmp_path_factory.mktemp("store")
    paths = write_sample(d / "out")
    load_file(paths["trig"], d / "store")
    return paths, d / "store"


def test_same_query_same_rows_in_memory_and_in_the_store(built):
    paths, store = built
    mem, ox = RdflibEngine.from_file(paths["trig"]), OxigraphEngine.from_store(store)
    for name in named_queries():
        text, bindings, _ = resolve(name, ARGS.get(name, []))
        a, b = mem.query(text, bindings), ox.query(text, bindings)
        assert a.rows, name
        assert a.vars == b.vars and a.values() == b.values(), name
    for text in GENERIC:
        assert mem.query(text).values() == ox.query(text).values(), text


def test_store_keeps_one_named_graph_per_document(built):
    paths, store = built
    st = open_store(store, read_only=True)
    graphs = {g.value for g in st.named_graphs()}
    assert len(graphs) == 3 and "https://w3id.org/kg-zhaoshang/graph/ontology" in graphs


def test_reloading_replaces_a_documents_graph(tmp_path):
    exs = sample_extractions()
    first = tmp_path / "first.trig"
    first.write_text(serialize_trig(build_dataset(exs)), encoding="utf-8")
    load_file(first, tmp_path / "store")
    exs[0].relations = [r for r in exs[0].relations if r.predicate != "investsIn"]   # the article changed
    second = tmp_path / "second.trig"
    second.write_text(serialize_trig(build_dataset(exs)), encoding="utf-8")
    load_file(second, tmp_path / "store")
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    inv = "SELECT ?s WHERE { ?s <https://w3id.org/kg-zhaoshang/ontology#investsIn> ?o }"
    ox, mem = OxigraphEngine.from_store(tmp_path / "store"), RdflibEngine.from_file(second)
    assert ox.query(count).values() == mem.query(count).values()
    assert len(ox.query(inv).rows) == 1


def test_engine_is_chosen_by_size(built, monkeypatch):
    paths, _ = built
    assert isinstance(open_engine(graph=paths["ttl"]), RdflibEngine)
    monkeypatch.setattr(kq, "AUTO_LIMIT", 100)
    eng = open_engine(graph=paths["ttl"])
    assert isinstance(eng, OxigraphEngine)
    assert len(eng.query("SELECT DISTINCT ?p WHERE { ?p a <https://w3id.org/kg-zhaoshang/ontology#Project> }").rows) == 2


def test_cli_load_and_query_store(built, tmp_path):
    paths, _ = built
    runner = CliRunner()
    res = runner.invoke(app, ["load", str(paths["trig"]), "--store", str(tmp_path / "s")])
    assert res.exit_code == 0, res.output
    res = runner.invoke(app, ["query", "who-signed-with", "莱西市", "--store", str(tmp_path / "s"), "--format", "csv"])
    assert res.exit_code == 0, res.output
    assert res.output.splitlines()[1].split(",")[1:] == ["益海嘉里集团", "partyTo", "冷链产业园项目"]
    res = runner.invoke(app, ["query", "top-investors", "--store", str(tmp_path / "none")])
    assert res.exit_code == 2 and "no Oxigraph store" in res.output


def test_build_with_store(tmp_path):
    src = tmp_path / "articles"
    src.mkdir()
    (src / "a.txt").write_text("青岛高新区举办招商推介会。中国化工集团投资建设新材料项目。\n", encoding="utf-8")
    res = CliRunner().invoke(app, ["build", str(src), "--out", str(tmp_path / "out"), "--store", str(tmp_path / "st")])
    assert res.exit_code == 0, res.output
    ox = OxigraphEngine.from_store(tmp_path / "st")
    mem = RdflibEngine.from_file(tmp_path / "out" / "graph.trig")
    # (the ontology's blank nodes -- owl:unionOf lists -- get engine-specific ids)
    text = "SELECT ?s ?p ?o WHERE { ?s ?p ?o FILTER (!isBlank(?s) && !isBlank(?o)) } ORDER BY ?s ?p ?o"
    rows = ox.query(text).values()
    assert len(rows) > 10 and rows == mem.query(text).values()
    # issue 17: same query, same build, same count on graph.ttl, graph.trig and the store; the
    # ontology is in a graph of its own, not in the union
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    ttl = RdflibEngine.from_file(tmp_path / "out" / "graph.ttl").query(count).values()
    assert ttl == mem.query(count).values() == ox.query(count).values()
    assert ttl == OxigraphEngine.from_file(tmp_path / "out" / "graph.trig").query(count).values()
    onto = "ASK { GRAPH <https://w3id.org/kg-zhaoshang/graph/ontology> { ?s ?p ?o } }"
    assert ox.query(onto).boolean and mem.query(onto).boolean


# ---------------------------------------------------------------- kg push to a real Oxigraph server

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def oxigraph_server(tmp_path):
    exe = Path(sys.executable).parent / "oxigraph"
    if not exe.exists():
        exe = shutil.which("oxigraph")
    if not exe:
        pytest.skip("the oxigraph server (pip install oxigraph) is not installed")
    port = _free_port()
    proc = subprocess.Popen([str(exe), "serve", "--location", str(tmp_path / "oxdb"), "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/", timeout=1).read()
            break
        except Exception:
            if proc.poll() is not None:
                pytest.fail("oxigraph serve exited")
            time.sleep(0.1)
    yield base
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


def _remote(base: str, query: str):
    data = urllib.parse.urlencode({"query": query}).encode()
    req = urllib.request.Request(base + "/query", data=data, headers={"Accept": "text/csv"})
    with urllib.request.urlopen(req, timeout=10) as r:
        return r.read().decode("utf-8").splitlines()


def test_push_to_oxigraph_server(built, oxigraph_server):
    paths, _ = built
    res = push_file(paths["trig"], oxigraph_server + "/store")
    assert res.graphs == 3
    rows = _remote(oxigraph_server, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert int(rows[1]) == res.triples
    # pushing again replaces each graph: nothing doubles
    push_file(paths["trig"], oxigraph_server + "/store")
    assert _remote(oxigraph_server, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }") == rows
    # and the data answers a named query's pattern over HTTP
    text, _, _ = resolve("top-investors")
    got = _remote(oxigraph_server, text.replace("WHERE {", "WHERE { GRAPH ?g {", 1).replace("\nGROUP BY", "}\nGROUP BY", 1))
    assert any("中国化工集团" in line for line in got)
    # the CLI
    out = CliRunner().invoke(app, ["push", str(paths["ttl"]), "--endpoint", oxigraph_server + "/store"])
    assert out.exit_code == 0 and "pushed" in out.output


def test_push_reports_unreachable_and_refused(built):
    paths, _ = built
    with pytest.raises(PushError, match="cannot reach"):
        push_file(paths["trig"], f"http://127.0.0.1:{_free_port()}/store", timeout=5)
    with pytest.raises(PushError, match="http"):
        push_file(paths["trig"], "file:///etc/passwd")


def test_removing_a_documents_graph_keeps_the_union_exact(built, tmp_path):
    """kg remove --store drops a document's graph; the default graph (the union) follows."""
    from kg.pipeline.remove import remove_from_store
    from kg.rdf.vocab import document_graph_iri
    paths, _ = built
    load_file(paths["trig"], tmp_path / "s")
    doc_b = sample_extractions()[1].document.doc_id
    remove_from_store(tmp_path / "s", [document_graph_iri(doc_b)])
    ox = OxigraphEngine.from_store(tmp_path / "s")
    assert ox.query("ASK { ?p <https://w3id.org/kg-zhaoshang/ontology#partyTo> ?o . "
                    "?o <http://www.w3.org/2000/01/rdf-schema#label> \"冷链产业园项目\"@zh-Hans }").boolean is False
    n_default = int(ox.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0][0].value)
    n_union = int(ox.query("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } "
                           "FILTER (?g != <https://w3id.org/kg-zhaoshang/graph/ontology>) } }").rows[0][0].value)
    assert n_default == n_union


def test_push_append_twice_adds_nothing_the_second_time(built, oxigraph_server):
    """Issue 18.16: POST made fresh blank nodes of the ontology's lists on every push."""
    paths, _ = built
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    first = push_file(paths["trig"], oxigraph_server + "/store", replace=False)
    rows = _remote(oxigraph_server, count)
    assert int(rows[1]) == first.triples
    push_file(paths["trig"], oxigraph_server + "/store", replace=False)
    assert _remote(oxigraph_server, count) == rows
    bnodes = _remote(oxigraph_server, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o FILTER(isBlank(?s) || isBlank(?o)) } }")
    assert int(bnodes[1]) == 0
