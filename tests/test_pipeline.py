"""The streaming build: what it writes is the graph that build_dataset makes of the extractions (with
the cross-article merge of kg.pipeline.identity made over the documents' graphs)."""
from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path

import pytest
import rdflib
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from kg import BuildResult, build
from kg.rdf.graph import build_dataset, union_graph
from kg.pipeline.run import extract_all
from kg.pipeline.stream import SEP, ExternalSort, Formatter, parse_line, parse_term
from kg.rdf.vocab import KG, ONTOLOGY_GRAPH, XSD

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench.corpus import write_corpus  # noqa: E402

SEEDS = ROOT / "seeds"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    write_corpus(folder, 6, seed=7)
    for f in sorted(SEEDS.iterdir())[:1]:
        (folder / f.name).write_bytes(f.read_bytes())
    return folder


@pytest.fixture(scope="module")
def extractions(corpus):
    return [x for x in extract_all([corpus]) if not hasattr(x, "reason")]


@pytest.fixture(scope="module")
def expected_dataset(extractions) -> rdflib.Dataset:
    """build_dataset's graphs, each document's with the merge over all of them applied."""
    from kg.pipeline.identity import Identity, rewrite_sorted
    from kg.pipeline.record import document_record
    from kg.rdf.vocab import bind, document_graph_iri
    ds = build_dataset(extractions)
    lines = {ex.document.doc_id: document_record(ex)["triples"] for ex in extractions}
    identity = Identity()
    for doc_lines in lines.values():
        identity.add(doc_lines)
    merges = identity.merges()
    merged = rdflib.Dataset()
    bind(merged)
    for doc_id, doc_lines in lines.items():
        g = merged.graph(document_graph_iri(doc_id))
        for line in rewrite_sorted(doc_lines, merges):
            g.add(parse_line(line))
    onto = merged.graph(ONTOLOGY_GRAPH)
    for t in ds.graph(ONTOLOGY_GRAPH):
        onto.add(t)
    return merged


@pytest.fixture(scope="module")
def built(corpus, tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    return out, build([corpus], out=out)


def test_graph_ttl_is_the_union_of_the_documents_graphs(expected_dataset, built):
    out, result = built
    assert isinstance(result, BuildResult)
    expected = union_graph(expected_dataset)
    got = Graph().parse(out / "graph.ttl", format="turtle")
    assert len(got) == len(expected) == result.triples
    assert isomorphic(got, expected)


def test_graph_trig_holds_one_graph_per_document_and_the_ontology(expected_dataset, built):
    out, result = built
    expected = expected_dataset
    ds = rdflib.Dataset()
    ds.parse(out / "graph.trig", format="trig")
    want = {str(c.identifier): c for c in expected.graphs() if len(c)}
    have = {str(c.identifier): c for c in ds.graphs() if len(c)}
    assert set(have) == set(want)
    for name, g in want.items():
        if name == str(ONTOLOGY_GRAPH):
            assert len(have[name]) == len(g)      # blank nodes renamed; same number of statements
        else:
            assert isomorphic(have[name], g), name
    assert len(result.documents) == 7 == result.extracted


@pytest.mark.parametrize("lit", [
    Literal("青岛高新区"), Literal("引号\"与\\反斜杠\n换行\t制表\x1f分隔", lang="zh-Hans"),
    Literal("2020-01-02", datatype=XSD.date), Literal(Decimal("12.50")), Literal(42),
    Literal("x", datatype=URIRef("http://example.org/dt#x y")),
])
def test_terms_round_trip(lit):
    f = Formatter()
    text = f.term(lit)
    assert "\n" not in text and SEP not in text
    assert parse_term(text) == lit


def test_iris_round_trip_and_use_prefixes():
    f = Formatter()
    assert f.term(KG.Company) == "kg:Company"
    assert f.predicate(rdflib.RDF.type) == "a"
    for iri in (KG.Company, URIRef("https://w3id.org/kg-zhaoshang/id/Company/00ff"), URIRef("http://e.org/a b>")):
        assert parse_term(f.term(iri)) == iri


def test_blank_nodes_get_the_same_names_whatever_rdflib_calls_them():
    def graph():
        g = Graph()
        a, b = BNode(), BNode()
        g.add((KG.X, KG.p, a))
        g.add((a, KG.q, b))
        g.add((b, KG.r, Literal("v")))
        return g
    one, two = Formatter("s").lines(graph()), Formatter("s").lines(graph())
    assert one == two
    back = Graph()
    for line in one:
        back.add(parse_line(line))
    assert isomorphic(back, graph())


def test_external_sort_merges_runs_without_duplicates(tmp_path):
    items = [f"{(i * 7919) % 1000:04d}" for i in range(5000)]
    s = ExternalSort(tmp_path, run_size=300)
    for i in range(0, len(items), 100):
        s.extend(items[i:i + 100])
    assert list(s) == sorted(set(items))


def test_small_builds_draw_the_map_from_the_whole_graph(built):
    _, result = built
    assert result.analysis == "full"
    assert result.entities > 0


def test_large_builds_draw_the_map_from_the_entity_graph(corpus, built, tmp_path, monkeypatch):
    import kg.pipeline.run as pipeline
    monkeypatch.setattr(pipeline, "ANALYSIS_FULL_LIMIT", 10)
    result = build([corpus], out=tmp_path)
    assert result.analysis == "entities"
    assert (result.entities, result.relations, result.triples) == (built[1].entities, built[1].relations, built[1].triples)
    assert (tmp_path / "graph.ttl").read_bytes() == (built[0] / "graph.ttl").read_bytes()
    # the map of a large build still lists the documents its entities are named in
    import json
    import re
    page = (tmp_path / "map.html").read_text(encoding="utf-8")
    data = json.loads(re.search(r'id="kg-data">(.*?)</script>', page, re.S).group(1))
    assert data["docs"] and any(n["d"] for n in data["nodes"])
    assert {d["n"] for d in data["docs"]} <= {p.name for p in corpus.rglob("*")}


def test_the_entity_graph_keeps_the_most_mentioned_entities(corpus, built, tmp_path, monkeypatch):
    import kg.pipeline.run as pipeline
    from kg.pipeline.stream import ExternalSort
    monkeypatch.setattr(pipeline, "ANALYSIS_MAX_ENTITIES", 3)
    core = ExternalSort(tmp_path)
    core.extend(["<e1>\x1fa\x1fkg:Company", "<e1>\x1fkg:investsIn\x1f<e2>", "<e1>\x1fkg:investsIn\x1f<e9>",
                 "<e1>\x1fkg:investmentAmount\x1f<e1/v>", "<e1/v>\x1fkg:amount\x1f\"1\"",
                 "<e9>\x1fa\x1fkg:Company", "<e9/v>\x1fkg:amount\x1f\"2\"", "<e2>\x1fa\x1fkg:Project"])
    mentions = {"<e1>": 5, "<e2>": 4, "<e3>": 4, "<e9>": 1}
    kept = list(pipeline._entity_graph_lines(core, mentions))
    assert kept == ["<e1/v>\x1fkg:amount\x1f\"1\"", "<e1>\x1fa\x1fkg:Company", "<e1>\x1fkg:investmentAmount\x1f<e1/v>",
                    "<e1>\x1fkg:investsIn\x1f<e2>", "<e2>\x1fa\x1fkg:Project"]
    monkeypatch.setattr(pipeline, "ANALYSIS_FULL_LIMIT", 10)
    result = build([corpus], out=tmp_path / "out")
    assert result.analysis == "entities"
    assert (result.entities, result.relations) == (built[1].entities, built[1].relations)


def test_the_entity_graph_keeps_a_bounded_number_of_documents_per_entity(tmp_path, monkeypatch):
    import kg.pipeline.run as pipeline
    from kg.pipeline.stream import ExternalSort
    monkeypatch.setattr(pipeline, "ANALYSIS_MAX_ENTITIES", 2)
    monkeypatch.setattr(pipeline, "ANALYSIS_DOCS_PER_ENTITY", 2)
    core = ExternalSort(tmp_path)
    docs = [f"<d{i}>" for i in range(5)]
    core.extend([f"<e1>\x1fkg:mentionedIn\x1f{d}" for d in docs] + ["<e2>\x1fkg:mentionedIn\x1f<d4>"] +
                [f"{d}\x1fkg:fileName\x1f\"{d[1:-1]}.txt\"" for d in docs] + ["<e1>\x1fa\x1fkg:Company"])
    kept = list(pipeline._entity_graph_lines(core, {"<e1>": 5, "<e2>": 1}))
    assert [x for x in kept if "mentionedIn" in x] == ["<e1>\x1fkg:mentionedIn\x1f<d0>", "<e1>\x1fkg:mentionedIn\x1f<d1>",
                                                        "<e2>\x1fkg:mentionedIn\x1f<d4>"]
    assert sorted(x.split("\x1f")[0] for x in kept if "fileName" in x) == ["<d0>", "<d1>", "<d4>"]


def test_a_failing_article_is_skipped_not_fatal(corpus, tmp_path, monkeypatch):
    import kg.pipeline.record as record
    real = record.extract

    def flaky(source):
        if source.name.endswith("a0000003.txt"):
            raise ValueError("boom")
        return real(source)
    monkeypatch.setattr(record, "extract", flaky)
    result = build([corpus], out=tmp_path)
    assert len(result.documents) == 6
    assert len(result.skipped) == 1 and "boom" in result.skipped[0][1]


def test_outputs_leave_no_temporary_files(built):
    out, _ = built
    # the cache, the folder's lock, and the skipped and removed lists kg remove reads (kg.outdir)
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == [
        ".kg-cache", ".kg-lock", ".kg-removed.json", ".kg-skipped.json"]


_FREEZE_PROBE = """
import gc, sys
from kg import pipeline, read
from kg.pipeline import record
if sys.argv[1] == "own":
    record.own_process()
src = next(iter(read.read_paths([sys.argv[2]])))
pipeline.process(src)
print(gc.get_freeze_count() > 0)
"""


@pytest.mark.parametrize("mode, frozen", [("library", "False"), ("own", "True")])
def test_the_garbage_collector_is_frozen_only_in_kgs_own_process(mode, frozen):
    import subprocess
    seed = sorted(SEEDS.iterdir())[0]
    out = subprocess.run([sys.executable, "-c", _FREEZE_PROBE, mode, str(seed)], capture_output=True, text=True,
                         cwd=ROOT, timeout=300)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == frozen
