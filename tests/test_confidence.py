"""Issue 16 item 5: junk stays out of the analysis.  Every entity and relation carries a confidence;
the rankings, money tables and the map's first view count only what reaches --min-confidence, the
reports list the rest for review, and the graph keeps everything."""
from __future__ import annotations

import json
import re
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from typer.testing import CliRunner

import viz_fixtures as vf
from kg.cli import app
from kg.model import Source
from kg.rdf.graph import build_dataset, iri_of, union_graph
from kg.rdf.validate import validate_graph
from kg.rdf.vocab import KG, XSD
from kg.views.analyse import load_facts, summarise
from kg.views.confidence import split
from kg.views.render import map_data, render_map
from kg.views.report import render_outputs

ROOT = Path(__file__).resolve().parents[1]
DOCS = [{"name": "a.txt", "title": "a", "date": "2020-05-01", "encoding": "utf-8", "entities": 6},
        {"name": "b.txt", "title": "b", "date": "2021-03-02", "encoding": "utf-8", "entities": 8}]


def extractions():
    """The map fixture, with one unsure edge (<img…> investsIn 冷链产业园项目, 0.3) and one unsure
    entity (激光雷达芯片项目, 0.45: its locatedIn 莱西市 and inIndustry 生物医药 go with it)."""
    exs = vf.extractions()
    b = exs[1]
    for r in b.relations:
        if r.predicate == "investsIn":
            r.evidence = [replace(e, confidence=0.3) for e in r.evidence]
    for e in b.entities:
        if e.label == "激光雷达芯片项目":
            e.confidence = 0.45
    return exs


def graph():
    return union_graph(build_dataset(extractions(), with_ontology=False))


def _labels(rows):
    return [r["label"] for r in rows]


# ---------------------------------------------------------------- the graph

def test_an_entity_carries_its_confidence_in_the_graph_and_the_graph_validates():
    g = graph()
    lidar = iri_of(vf.E["lidar"])
    assert list(g.objects(lidar, KG.confidence)) == [Literal(Decimal("0.45"), datatype=XSD.decimal)]
    assert list(g.objects(iri_of(vf.E["chem"]), KG.confidence)) == [Literal(Decimal("1.0"), datatype=XSD.decimal)]
    report = validate_graph(g)
    assert report.conforms, report.text()


def test_the_learned_model_s_probability_is_the_entity_s_confidence():
    from kg.extract import extract
    from kg.extract.learned import load_model
    text = "青岛市人民政府与中国化工集团签约新材料项目。项目落户青岛高新区。"
    ex = extract(Source(path="t.txt", name="t.txt", original=text, encoding="utf-8", sha256="1" * 64))
    assert ex.entities
    model = load_model("entities")
    if model is None:
        pytest.skip("no learned entity model shipped")
    for e in ex.entities:
        assert model.threshold <= e.confidence <= 1.0, (e.label, e.confidence)
    assert any(e.confidence < 1.0 for e in ex.entities)


def test_a_relation_s_confidence_is_queryable():
    """least-sure: every relation with the largest confidence of its evidence, least sure first."""
    from kg.rdf.query import RdflibEngine, named_queries
    r = RdflibEngine(graph()).query(named_queries()["least-sure"].text)
    rows = [tuple(c.value if c is not None else None for c in row) for row in r.rows]
    first = rows[0]
    assert first[:4] == (vf.XSS, "investsIn", "冷链产业园项目", "0.3")
    lidar = next(row for row in rows if row[0] == "激光雷达芯片项目")
    assert lidar[4] == "0.45"


# ---------------------------------------------------------------- the analysis

def test_a_low_confidence_edge_is_out_of_the_ranking_but_listed_for_review():
    facts = load_facts(graph())
    everything = summarise(facts)
    assert "&lt;img" not in json.dumps(everything)
    assert vf.XSS in _labels(everything["top"]["investors"]["by_projects"])
    assert "莱西市" in _labels(everything["top"]["regions"]["by_projects"])
    assert everything["held_back"]["entities"] == everything["held_back"]["relations"] == []

    s = summarise(facts, min_confidence=0.5)
    assert _labels(s["top"]["investors"]["by_projects"]) == ["中国化工集团"]
    assert "USD" not in s["top"]["investors"]["by_investment"]       # the 1.3亿美元 was the unsure investor's
    assert "莱西市" not in _labels(s["top"]["regions"]["by_projects"])  # its only project is held back
    assert "生物医药" not in _labels(s["top"]["industries"]["by_projects"])
    h = s["held_back"]
    assert h["min_confidence"] == "0.5"
    assert [(e["label"], e["confidence"]) for e in h["entities"]] == [("激光雷达芯片项目", 0.45)]
    assert [(r["subject"]["label"], r["predicate"], r["object"]["label"], r["confidence"])
            for r in h["relations"]] == [(vf.XSS, "investsIn", "冷链产业园项目", 0.3)]
    assert h["relations_touching"] == 2
    assert (h["entities_total"], h["relations_total"]) == (everything["nodes"], everything["edges"])
    assert (s["nodes"], s["edges"]) == (everything["nodes"] - 1, everything["edges"] - 3)


def test_nothing_held_back_is_the_same_analysis():
    facts = load_facts(graph())
    kept, held = split(facts, 0.3)             # every confidence reaches 0.3
    assert kept is facts and not held
    assert summarise(facts, min_confidence=0.3)["top"] == summarise(facts)["top"]


def test_the_reports_say_how_many_were_held_back_and_list_them():
    net, out = render_outputs(graph(), DOCS, [], [("高新", "too generic", 0.4)], min_confidence=0.5)
    assert net.number_of_nodes() == 13                # the build's counts are the whole graph's
    md = out["report.md"]
    assert "- confidence threshold 0.5 (--min-confidence): 1 entity and 3 relations held back from the " \
           "analysis (of 13 and 9)" in md
    section = md[md.index("## Below the confidence threshold (1 entity, 1 relation, for review)"):]
    assert re.search(r"- \[激光雷达芯片项目\]\(map\.html#e=[^)]+\) \(Project\) — 0\.450", section)
    assert re.search(r"- \[&lt;img src=x onerror=alert\(1\)>\]\([^)]+\) —investsIn→ \[冷链产业园项目\]\([^)]+\) — 0\.300",
                     section)
    assert "(and 2 relations of the entities held back, left out with them)" in section
    investors = md[md.index("### Top investors by number of projects"):md.index("### Top parks")]
    assert "中国化工集团" in investors and "onerror" not in investors
    page = out["report.html"]
    assert "Below the confidence threshold (1 entity, 1 relation)" in page
    assert vf.XSS not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "<li>entities: 13</li>" in page
    # no threshold: the same rankings as before, a line that says so, no review list
    md0 = render_outputs(graph(), DOCS, [], [])[1]["report.md"]
    assert "no confidence threshold (--min-confidence 0): every entity and relation counts" in md0
    assert "## Below the confidence threshold" not in md0
    assert "onerror" in md0[md0.index("### Top investors by number of projects"):md0.index("### Top parks")]


# ---------------------------------------------------------------- the map

def test_the_threshold_changes_the_map_s_first_view_not_what_it_carries():
    facts = load_facts(graph())
    kept, held = split(facts, 0.5)
    data = map_data(facts, held=held)
    plain = map_data(facts)
    assert len(data["nodes"]) == len(plain["nodes"]) == 13 and len(data["edges"]) == len(plain["edges"])
    assert [n["l"] for n in data["nodes"] if "q" in n] == ["激光雷达芯片项目"]
    assert [(data["nodes"][e["f"]]["l"], e["p"], e["q"]) for e in data["edges"] if "q" in e] == \
        [(vf.XSS, "investsIn", 0.3)]
    assert not any("q" in n for n in plain["nodes"]) and not any("q" in e for e in plain["edges"])
    assert data["min_confidence"] == 0.5 and plain["min_confidence"] == 0.0
    page = render_map(facts, min_confidence=0.5)
    assert 'id="kg-low"' in page and vf.XSS not in page


# ---------------------------------------------------------------- kg build, stats, viz

@pytest.fixture(scope="module")
def seeds_twice(tmp_path_factory):
    from kg import build
    base = tmp_path_factory.mktemp("conf")
    build([ROOT / "seeds"], out=base / "all", cache=False)
    build([ROOT / "seeds"], out=base / "sure", cache=False, min_confidence=0.9)
    return base / "all", base / "sure"


def test_the_graph_keeps_what_the_threshold_holds_back(seeds_twice):
    every, sure = seeds_twice
    for name in ("graph.ttl", "graph.trig"):
        assert (every / name).read_bytes() == (sure / name).read_bytes(), name
    md = (sure / "report.md").read_text(encoding="utf-8")
    m = re.search(r"## Below the confidence threshold \((\d+) entit(?:y|ies), (\d+) relations?, for review\)", md)
    assert m and int(m.group(1)) > 0
    confidences = [float(x) for x in re.findall(r"\) — (0\.\d{3})$", md[m.start():], re.M)]
    assert confidences and all(c < 0.9 for c in confidences)
    ents = [float(x) for x in re.findall(r"\(\w+\) — (0\.\d{3})$", md[m.start():], re.M)]
    assert ents == sorted(ents, reverse=True)                       # closest calls first
    mapped = (sure / "map.html").read_text(encoding="utf-8")
    assert '"q":' in mapped and '"q":' not in (every / "map.html").read_text(encoding="utf-8")


def test_stats_and_viz_take_the_threshold(tmp_path):
    path = tmp_path / "g.ttl"
    graph().serialize(path, format="turtle")
    runner = CliRunner()
    r = runner.invoke(app, ["stats", str(path), "--format", "json", "--min-confidence", "0.5"])
    assert r.exit_code == 0, r.output
    s = json.loads(r.output)
    assert [e["label"] for e in s["held_back"]["entities"]] == ["激光雷达芯片项目"]
    assert _labels(s["top"]["investors"]["by_projects"]) == ["中国化工集团"]
    r = runner.invoke(app, ["stats", str(path), "--min-confidence", "0.5"])
    assert "confidence threshold 0.5 (--min-confidence): 1 entity and 3 relations held back" in r.output
    r = runner.invoke(app, ["viz", str(path), "--output", str(tmp_path / "m.html"), "--min-confidence", "0.5"])
    assert r.exit_code == 0, r.output
    assert '"q":0.45' in (tmp_path / "m.html").read_text(encoding="utf-8")
    r = runner.invoke(app, ["stats", str(path), "--min-confidence", "1.5"])
    assert r.exit_code == 2 and "from 0 to 1" in r.output
