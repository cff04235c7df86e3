"""One thing, one node, across articles (kg.pipeline.identity): the merge rule on hand-made
entities, then whole builds of tiny invented articles (incremental, --jobs 2, input order, kg remove)."""
from __future__ import annotations

import random
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
import rdflib
from rdflib import RDFS, Literal
from rdflib.namespace import SKOS

from build_kit import outputs, write_articles
from kg.model import Evidence, Extraction, Relation, Value
from kg.pipeline import build
from kg.pipeline.identity import Identity, rewrite_sorted
from kg.pipeline.record import document_record
from kg.pipeline.remove import remove_documents
from kg.rdf.vocab import KG, entity_iri
from kgsample import _doc, _ent



def _article(name: str, *entities, relations=(), values=()) -> list[str]:
    """The formatted triples of an invented article naming ``entities``."""
    text = "、".join(e.label for e in entities) + "。"
    ex = Extraction(document=_doc(name, text), sentences=[], entities=list(entities),
                    relations=list(relations), values=list(values))
    return document_record(ex)["triples"]


def _merges(*articles: list[str]) -> dict:
    identity = Identity()
    for lines in articles:
        identity.add(lines)
    return identity.merges()


def _groups(merges: dict) -> set[tuple[str, ...]]:
    """The merged groups as sets of formatted IRIs, with the label each gets."""
    by_target: dict[str, set[str]] = {}
    for term, m in merges.items():
        by_target.setdefault(m.text, set()).add(term)
    return {(label, *sorted(terms)) for label, terms in by_target.items()}


def _term(t: str, label: str) -> str:
    return f"<{entity_iri(t, label)}>"


def _group(label: str, *terms: str) -> tuple[str, ...]:
    return (label, *sorted(terms))


# ---------------------------------------------------------------- the rule

def test_a_short_name_among_another_articles_names_is_one_node():
    a = _article("a.txt", _ent("Company", "甲乙集团", "甲乙"))
    b = _article("b.txt", _ent("Company", "甲乙"))
    assert _groups(_merges(a, b)) == {_group("甲乙集团", _term("Company", "甲乙"), _term("Company", "甲乙集团"))}


def test_a_park_and_its_fuller_name_merge_a_different_park_does_not():
    a = _article("a.txt", _ent("Park", "中新甲城工业园区", "甲城工业园区"))
    b = _article("b.txt", _ent("Park", "甲城工业园区"), _ent("Park", "甲城高新区"))
    merges = _merges(a, b)
    assert merges[_term("Park", "甲城工业园区")].text == "中新甲城工业园区"
    assert _term("Park", "甲城高新区") not in merges


def test_generic_names_never_merge_across_articles():
    # the extractor scopes 高新区 to its article; an unscoped generic name anchors nothing either
    a = _article("a.txt", _ent("Park", "高新区", scope="a"), _ent("Park", "甲城高新区", "高新区"))
    b = _article("b.txt", _ent("Park", "高新区", scope="b"), _ent("Government", "市委"))
    c = _article("c.txt", _ent("Park", "高新区"), _ent("Government", "甲城市委", "市委"))
    assert _merges(a, b, c) == {}


def test_different_classes_never_merge():
    a = _article("a.txt", _ent("Company", "甲乙集团", "甲乙"))
    b = _article("b.txt", _ent("Organization", "甲乙"))
    assert _merges(a, b) == {}


def test_a_bank_is_not_its_branch():
    a = _article("a.txt", _ent("Company", "甲乙银行丙城分行", "甲乙银行"))
    b = _article("b.txt", _ent("Company", "甲乙银行"))
    assert _merges(a, b) == {}


def test_a_short_abbreviation_anchors_nothing_a_long_one_does():
    # 甲博会 names one fair here, another there; a four-character abbreviation is taken
    a = _article("a.txt", _ent("Event", "甲乙丙博览会", "甲博会"), _ent("Program", "甲乙丙丁招才计划", "甲丙招才"))
    b = _article("b.txt", _ent("Event", "甲博会"), _ent("Program", "甲丙招才"))
    assert _groups(_merges(a, b)) == {_group("甲乙丙丁招才计划", _term("Program", "甲丙招才"),
                                             _term("Program", "甲乙丙丁招才计划"))}


def test_an_alias_of_two_things_anchors_nothing_until_they_are_one():
    a = _article("a.txt", _ent("Company", "甲乙重工集团", "甲乙"))
    b = _article("b.txt", _ent("Company", "甲乙电子集团", "甲乙"))
    c = _article("c.txt", _ent("Company", "甲乙"))
    assert _merges(a, b, c) == {}
    d = _article("d.txt", _ent("Company", "甲乙重工集团", "甲乙电子集团"))   # they are one after all
    merged = _merges(a, b, c, d)
    assert {m.text for m in merged.values()} == {"甲乙重工集团"} and len(merged) == 3


def test_the_merge_does_not_depend_on_the_order_of_the_articles():
    arts = [_article("a.txt", _ent("Company", "甲乙集团有限公司", "甲乙集团", "甲乙")),
            _article("b.txt", _ent("Company", "甲乙集团")),
            _article("c.txt", _ent("Company", "甲乙")),
            _article("d.txt", _ent("Company", "丙丁重工", "丙丁")),
            _article("e.txt", _ent("Company", "丙丁电子", "丙丁"), _ent("Company", "丙丁"))]
    first = _merges(*arts)
    for seed in range(5):
        random.Random(seed).shuffle(arts)
        assert _merges(*arts) == first
    assert {m.text for m in first.values()} == {"甲乙集团有限公司"}


def test_the_lines_after_the_merge():
    """One label, the other names as altLabels, edges, evidence and amounts on the merged node."""
    big, small, region = _ent("Company", "甲乙集团", "甲乙"), _ent("Project", "甲乙新材料项目"), _ent("Region", "丙城市")
    small_co = _ent("Company", "甲乙")
    a = _article("a.txt", big)
    doc_b = _doc("b.txt", "甲乙在丙城市投资甲乙新材料项目。")
    ev = Evidence(doc_b.doc_id, doc_b.original, 0, len(doc_b.original), "test", 0.9)
    ex = Extraction(document=doc_b, sentences=[], entities=[small_co, small, region],
                    relations=[Relation(small_co.key, "investsIn", small.key, [ev])],
                    values=[Value(small_co.key, "investmentAmount", Decimal("100"), "CNY", "100元", [ev])])
    b = document_record(ex)["triples"]
    merges = _merges(a, b)
    g = rdflib.Graph()
    from kg.pipeline.stream import parse_line
    for line in rewrite_sorted(b, merges):
        g.add(parse_line(line))
    node, gone = entity_iri("Company", "甲乙集团"), entity_iri("Company", "甲乙")
    assert list(g.objects(node, RDFS.label)) == [Literal("甲乙集团", lang="zh-Hans")]
    assert set(g.objects(node, SKOS.altLabel)) == {Literal("甲乙", lang="zh-Hans")}
    assert (node, KG.investsIn, entity_iri("Project", "甲乙新材料项目")) in g
    assert not [t for t in g if gone in t or str(gone) + "/" in "".join(map(str, t))]
    assert list(g.subjects(rdflib.RDF.subject, node))                          # the evidence follows
    assert [o for o in g.objects(node, KG.investmentAmount) if str(o).startswith(str(node) + "/")]


# ---------------------------------------------------------------- whole builds

ARTICLES = {
    "a.txt": "日前，甲乙集团有限公司（简称“甲乙集团”）与潍城区人民政府签约智能装备项目，项目总投资10亿元。",
    "b.txt": "甲乙集团在潍城区投资建设新能源电池项目。",
    "c.txt": "丙丁科技有限公司在寿光市投资建设冷链物流项目，项目落户高新区。",
}


def _articles(folder: Path, names=None) -> Path:
    return write_articles(folder, ARTICLES, names)






def _companies(out: Path) -> dict[str, tuple[set[str], int]]:
    g = rdflib.Graph().parse(out / "graph.ttl", format="turtle")
    found = {}
    for s in g.subjects(rdflib.RDF.type, KG.Company):
        labels = list(g.objects(s, RDFS.label))
        assert len(labels) == 1
        found[str(labels[0])] = ({str(a) for a in g.objects(s, SKOS.altLabel)}, len(list(g.objects(s, KG.mentionedIn))))
    return found


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    base = tmp_path_factory.mktemp("identity")
    src = _articles(base / "in")
    build([src], out=base / "out")
    return src, base / "out"


def test_one_company_one_node_across_articles(built):
    _, out = built
    companies = _companies(out)
    assert companies["甲乙集团有限公司"][1] == 2          # mentioned in a.txt and b.txt
    assert "甲乙集团" in companies["甲乙集团有限公司"][0] and "甲乙集团" not in companies


def test_the_merged_build_is_the_same_bytes_whatever_the_order_jobs_or_cache(built, tmp_path):
    src, out = built
    files = sorted(src.iterdir())
    build(list(reversed(files)), out=tmp_path / "reversed", cache=False)
    build([src], out=tmp_path / "jobs", jobs=2, cache=False)
    assert outputs(tmp_path / "jobs") == outputs(out)
    graphs = ("graph.ttl", "graph.trig", "map.html")      # (the report lists the articles in input order)
    assert [outputs(tmp_path / "reversed")[n] for n in graphs] == [outputs(out)[n] for n in graphs]
    inc = tmp_path / "inc"                          # b.txt first, then a.txt added from the cache's view
    build([_articles(tmp_path / "in", ["b.txt", "c.txt"])], out=inc)
    r = build([_articles(tmp_path / "in")], out=inc)
    assert r.reused == 2 and outputs(inc) == outputs(out)


def test_removing_the_article_that_joined_them_splits_them_again(built, tmp_path):
    _, out = built
    work = tmp_path / "work"
    shutil.copytree(out, work)
    remove_documents(work, ["a.txt"])
    build([_articles(tmp_path / "without", ["b.txt", "c.txt"])], out=tmp_path / "rebuilt")
    assert outputs(work) == outputs(tmp_path / "rebuilt")
    assert "甲乙集团" in _companies(work)


def test_a_store_follows_the_split(built, tmp_path):
    pytest.importorskip("pyoxigraph")
    from kg.rdf.store import load_file, open_store
    _, out = built
    work, store = tmp_path / "work", tmp_path / "store"
    shutil.copytree(out, work)
    load_file(work / "graph.trig", store)
    remove_documents(work, ["a.txt"], store=store)
    st = open_store(store, read_only=True)
    try:
        q = ("SELECT ?l WHERE { ?c a <%s> ; <%s> ?l }" % (KG.Company, RDFS.label))
        in_store = sorted(row["l"].value for row in st.query(q))
    finally:
        del st
    assert in_store == sorted(_companies(work)) and "甲乙集团" in in_store


def test_removing_from_a_build_without_its_cache_still_works(tmp_path):
    out = tmp_path / "out"
    build([_articles(tmp_path / "in")], out=out, cache=False)
    shutil.rmtree(out / ".kg-cache", ignore_errors=True)
    r = remove_documents(out, ["c.txt"])
    assert r.remaining == 2
    build([_articles(tmp_path / "without", ["a.txt", "b.txt"])], out=tmp_path / "rebuilt")
    assert outputs(out)["graph.ttl"] == outputs(tmp_path / "rebuilt")["graph.ttl"]
