"""kg query: named queries with their expected rows, formats, escaping, rdflib's trap."""
from __future__ import annotations

import csv
import io
import json
import time

import pytest
from rdflib import Graph, Literal
from typer.testing import CliRunner

from kg.cli import app
from kg.rdf.query import (OxigraphEngine, QueryError, RdflibEngine, format_result, named_queries, resolve,
                      run_query)
from kg.rdf.vocab import ID, KG, RDF, RDFS
from kgsample import NASTY, seeds_build, write_sample

NAMED = ["top-investors", "investment-by-park", "projects-in", "who-signed-with", "evidence-for"]


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    return write_sample(tmp_path_factory.mktemp("sample"))


def _rows(result, *cols):
    recs = result.records()
    return [tuple(None if r[c] is None else r[c].value for c in cols) for r in recs]


def q(sample, name, *args):
    return run_query(name, list(args), graph=sample["trig"])


def test_the_library_lists_every_named_query():
    lib = named_queries()
    assert set(NAMED) <= set(lib)
    assert [p for p, _ in lib["projects-in"].params] == ["region"]
    assert all(nq.description for nq in lib.values())


def test_top_investors(sample):
    r = q(sample, "top-investors")
    assert _rows(r, "label", "type", "projects", "investmentCNY") == [
        ("中国化工集团", "Company", "1", "2000000000"),
        ("益海嘉里集团", "Company", "1", None),       # no amount in CNY stated: empty, not 0
    ]


def test_investment_by_park(sample):
    r = q(sample, "investment-by-park")
    assert _rows(r, "label", "projects", "currency", "investment") == [("青岛高新区", "1", "CNY", "2000000000")]


def test_projects_in_region_follows_parks_inside_it(sample):
    # 新材料项目 is in 青岛高新区, which is in 青岛市
    assert _rows(q(sample, "projects-in", "青岛市"), "label", "place", "investment") == [
        ("新材料项目", "青岛高新区", "总投资20亿元")]
    # by alias, and by IRI
    assert _rows(q(sample, "projects-in", "莱西"), "label") == [("冷链产业园项目",)]
    laixi = str(ID) + "Region/" + __import__("kg.rdf.vocab", fromlist=["digest"]).digest("Region", "莱西市", None)
    assert _rows(q(sample, "projects-in", laixi), "label") == [("冷链产业园项目",)]
    assert q(sample, "projects-in", "北京").rows == []


def test_who_signed_with(sample):
    assert _rows(q(sample, "who-signed-with", "中国化工集团"), "label", "how", "project") == [
        ("益海嘉里集团", "cooperatesWith", None),
        ("青岛市人民政府", "partyTo", "新材料项目"),
    ]
    assert _rows(q(sample, "who-signed-with", "莱西市"), "label", "how", "project") == [
        ("益海嘉里集团", "partyTo", "冷链产业园项目")]


def test_evidence_for_quotes_sentences_with_offsets(sample):
    r = q(sample, "evidence-for", "中化集团")          # an alias finds the entity
    rows = _rows(r, "subject", "predicate", "object", "document", "start", "end")
    assert rows == [
        ("中国化工集团", "investsIn", "新材料项目", "a.txt", "0", "34"),
        ("宁高宁", "holdsPosition", "中国化工集团", "a.txt", "34", "43"),
        ("中国化工集团", "partyTo", "新材料项目", "a.txt", "54", "76"),
        ("益海嘉里集团", "cooperatesWith", "中国化工集团", "b.txt", "38", "60"),
    ]
    assert r.records()[1]["sentence"].value == "董事长宁高宁出席。"
    # the traditional spelling (a zh-Hant altLabel) finds it too
    assert len(q(sample, "evidence-for", "中國化工集團").rows) == 4
    # values: the amount's surface is the object
    money = _rows(q(sample, "evidence-for", "冷链产业园项目"), "predicate", "object")
    assert ("investmentAmount", "总投资1.3亿美元") in money


def test_names_with_sparql_metacharacters_are_bound_not_pasted(sample):
    # NASTY holds quotes, a backslash, braces, <>, ';' and '#': it must match itself, and break nothing
    assert _rows(q(sample, "who-signed-with", NASTY), "label", "how") == [("益海嘉里集团", "cooperatesWith")]
    assert q(sample, "who-signed-with", '"} . ?x ?y ?z . FILTER(true) #').rows == []
    with pytest.raises(QueryError):
        q(sample, "projects-in", "http://bad iri>")


def test_argument_count_and_unknown_names(sample):
    with pytest.raises(QueryError, match="takes REGION"):
        q(sample, "projects-in")
    with pytest.raises(QueryError, match="no named query"):
        resolve("top-investor")


def test_formats(sample):
    r = q(sample, "projects-in", "青岛市")
    table = format_result(r, "table")
    assert "新材料项目" in table and table.rstrip().endswith("(1 row)")
    rows = list(csv.reader(io.StringIO(format_result(r, "csv"))))
    assert rows[0] == ["project", "label", "place", "investment"]
    assert rows[1][1:] == ["新材料项目", "青岛高新区", "总投资20亿元"] and rows[1][0].startswith("https://")
    tsv = format_result(r, "tsv").splitlines()
    assert tsv[0] == "?project\t?label\t?place\t?investment"
    assert tsv[1].split("\t")[1] == '"新材料项目"@zh-hans'
    js = json.loads(format_result(r, "json"))
    assert js["head"]["vars"] == ["project", "label", "place", "investment"]
    assert js["results"]["bindings"][0]["label"] == {"type": "literal", "value": "新材料项目", "xml:lang": "zh-hans"}
    ask = run_query("ASK { ?s a <https://w3id.org/kg-zhaoshang/ontology#Project> }", graph=sample["ttl"])
    assert format_result(ask, "table") == "true\n" and json.loads(format_result(ask, "json"))["boolean"] is True


def test_cli(sample, tmp_path):
    runner = CliRunner()
    listed = runner.invoke(app, ["query", "--list"])
    assert listed.exit_code == 0
    names = [line.split()[0] for line in listed.output.splitlines()]
    assert set(NAMED) <= set(names) and len(names) == len(named_queries())
    res = runner.invoke(app, ["query", "projects-in", "青岛市", "--graph", str(sample["trig"]), "--format", "json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.output)["results"]["bindings"][0]["label"]["value"] == "新材料项目"
    rq = tmp_path / "count.rq"
    rq.write_text("SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a <https://w3id.org/kg-zhaoshang/ontology#Project> }")
    res = runner.invoke(app, ["query", f"@{rq}", "--graph", str(sample["ttl"]), "--format", "csv"])
    assert res.exit_code == 0 and res.output.split() == ["n", "2"]
    bad = runner.invoke(app, ["query", "SELECT WHERE {", "--graph", str(sample["ttl"])])
    assert bad.exit_code == 2 and "syntax" in bad.output.lower()


def _synthetic(n: int) -> Graph:
    g = Graph()
    for i in range(n):
        c, p, k = ID[f"Company/{i}"], ID[f"Project/{i}"], ID[f"Park/{i % 20}"]
        for node, cls, label in ((c, KG.Company, f"公司{i}"), (p, KG.Project, f"项目{i}"), (k, KG.Park, f"园区{i % 20}")):
            g.add((node, RDF.type, cls))
            g.add((node, RDFS.label, Literal(label, lang="zh-Hans")))
        g.add((c, KG.investsIn, p))
        g.add((p, KG.locatedIn, k))
    return g


def test_named_queries_avoid_rdflibs_cross_product():
    """Three `?x a kg:Class` in one group make rdflib build the cross product (rdflib #787):
    300 entities per class already take minutes.  The named queries stay linear."""
    eng = RdflibEngine(_synthetic(300))
    for name in ("top-investors", "investment-by-park"):
        t0 = time.perf_counter()
        r = eng.query(named_queries()[name].text)
        assert len(r.rows) in (20, 50)
        assert time.perf_counter() - t0 < 20, name


def test_seeds_smoke_every_named_query_on_both_engines():
    """Whatever the extractor finds in the seeds, every named query runs, the same on both engines."""
    out = seeds_build()
    rdf = RdflibEngine.from_file(out / "graph.trig")
    ox = OxigraphEngine.from_file(out / "graph.trig")
    n = rdf.query("SELECT (COUNT(*) AS ?n) WHERE { ?s a ?c }")
    assert int(n.rows[0][0].value) > 50
    for name, nq in named_queries().items():
        args = ["青岛市"] * len(nq.params)
        text, bindings, _ = resolve(name, args)
        a, b = rdf.query(text, bindings), ox.query(text, bindings)
        assert a.vars == b.vars
        assert sorted(a.values(), key=repr) == sorted(b.values(), key=repr), name
