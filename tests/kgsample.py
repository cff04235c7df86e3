"""A small hand-made graph for the graph / query / store / serve / export tests.

Built from Extractions, Entities and Relations written here, so the tests do not
move when the extractor improves.  Two articles:

  a.txt  中国化工集团投资建设新材料项目，项目落户青岛高新区，总投资20亿元。董事长宁高宁出席。
         青岛高新区位于青岛市。中国化工集团与青岛市人民政府签约新材料项目。
  b.txt  益海嘉里集团与莱西市签约冷链产业园项目，项目落户莱西市，总投资1.3亿美元。
         益海嘉里集团与中国化工集团签订战略合作协议。

plus an Organization whose name holds SPARQL and Turtle metacharacters, to prove
that names reach queries and files escaped.
"""
from __future__ import annotations

import hashlib
from decimal import Decimal

from kg.model import Document, Entity, Evidence, Extraction, Relation, Sentence, Value

NASTY = '"青岛\\商会" } ; DROP <x> #'   # quotes, backslash, braces, angle brackets, hash


def _doc(name: str, text: str) -> Document:
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Document(doc_id=sha[:16], name=name, path=name, original=text, text=text,
                    offsets=list(range(len(text) + 1)), encoding="utf-8", sha256=sha,
                    title=name.split(".")[0] + " 招商新闻", date="2020-05-01", publisher="测试报")


def _sentences(text: str) -> list[Sentence]:
    out, start = [], 0
    for i, part in enumerate(text.split("。")):
        if not part:
            continue
        end = start + len(part) + 1
        out.append(Sentence(i, 0, start, min(end, len(text)), text[start:end]))
        start = end
    return out


def _ev(doc: Document, phrase: str, extractor: str, confidence: float = 0.9) -> Evidence:
    """Evidence: the sentence containing ``phrase``, with its offsets in the original."""
    i = doc.original.index(phrase)
    start = doc.original.rfind("。", 0, i) + 1
    end = doc.original.index("。", i) + 1
    return Evidence(doc.doc_id, doc.original[start:end], start, end, extractor, confidence)


def _ent(t: str, label: str, *aliases: str, scope=None) -> Entity:
    return Entity(type=t, label=label, aliases=set(aliases), scope=scope)


def sample_extractions() -> list[Extraction]:
    text_a = ("中国化工集团投资建设新材料项目，项目落户青岛高新区，总投资20亿元。董事长宁高宁出席。"
              "青岛高新区位于青岛市。中国化工集团与青岛市人民政府签约新材料项目。")
    a = _doc("a.txt", text_a)
    chem = _ent("Company", "中国化工集团", "中化集团")
    proj_a = _ent("Project", "新材料项目")
    park = _ent("Park", "青岛高新区", "高新区")
    qd = _ent("Region", "青岛市", "青岛")
    gov = _ent("Government", "青岛市人民政府", "青岛市政府")
    ning = _ent("Person", "宁高宁")
    ind = _ent("Industry", "新材料")
    ex_a = Extraction(
        document=a, sentences=_sentences(text_a),
        entities=[chem, proj_a, park, qd, gov, ning, ind],
        relations=[
            Relation(chem.key, "investsIn", proj_a.key, [_ev(a, "投资建设", "invest:X投资建设P")]),
            Relation(proj_a.key, "locatedIn", park.key, [_ev(a, "落户", "locate:落户")]),
            Relation(park.key, "locatedIn", qd.key, [_ev(a, "位于", "locate:位于")]),
            Relation(gov.key, "partyTo", proj_a.key, [_ev(a, "签约新材料", "sign:X与Y签约P")]),
            Relation(chem.key, "partyTo", proj_a.key, [_ev(a, "签约新材料", "sign:X与Y签约P")]),
            Relation(ning.key, "holdsPosition", chem.key, [_ev(a, "董事长", "title:董事长")], title="董事长"),
            Relation(proj_a.key, "inIndustry", ind.key, [_ev(a, "新材料项目，", "industry:…项目", 0.6)]),
        ],
        values=[Value(proj_a.key, "investmentAmount", Decimal("2000000000"), "CNY", "总投资20亿元",
                      [_ev(a, "总投资20亿元", "money:总投资")])],
    )

    text_b = ("益海嘉里集团与莱西市签约冷链产业园项目，项目落户莱西市，总投资1.3亿美元。"
              "益海嘉里集团与中国化工集团签订战略合作协议。" + NASTY + "参加签约。")
    b = _doc("b.txt", text_b)
    yihai = _ent("Company", "益海嘉里集团")
    proj_b = _ent("Project", "冷链产业园项目")
    laixi = _ent("Region", "莱西市", "莱西")
    chem_b = _ent("Company", "中国化工集团", "中國化工集團")
    chem_b.original_forms = {"中國化工集團"}
    chem_b.aliases = set()
    nasty = _ent("Organization", NASTY)
    ex_b = Extraction(
        document=b, sentences=_sentences(text_b),
        entities=[yihai, proj_b, laixi, chem_b, nasty],
        relations=[
            Relation(yihai.key, "partyTo", proj_b.key, [_ev(b, "签约冷链", "sign:X与Y签约P")]),
            Relation(laixi.key, "partyTo", proj_b.key, [_ev(b, "签约冷链", "sign:X与Y签约P")]),
            Relation(yihai.key, "investsIn", proj_b.key, [_ev(b, "签约冷链", "invest:签约方")]),
            Relation(proj_b.key, "locatedIn", laixi.key, [_ev(b, "项目落户莱西市", "locate:落户")]),
            Relation(yihai.key, "cooperatesWith", chem_b.key, [_ev(b, "战略合作", "coop:战略合作")]),
            Relation(nasty.key, "cooperatesWith", yihai.key, [_ev(b, "参加签约", "coop:test")]),
        ],
        values=[Value(proj_b.key, "investmentAmount", Decimal("130000000"), "USD", "总投资1.3亿美元",
                      [_ev(b, "1.3亿美元", "money:总投资")])],
    )
    return [ex_a, ex_b]


def write_sample(directory) -> dict:
    """graph.ttl and graph.trig of the sample in ``directory``; returns their paths."""
    from pathlib import Path

    from kg.rdf.graph import build_dataset, serialize_trig, union_graph
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    ds = build_dataset(sample_extractions())
    ttl, trig = directory / "graph.ttl", directory / "graph.trig"
    ttl.write_text(union_graph(ds).serialize(format="turtle"), encoding="utf-8")
    trig.write_text(serialize_trig(ds), encoding="utf-8")
    return {"ttl": ttl, "trig": trig, "dataset": ds}


_SEEDS: dict = {}


def seeds_build():
    """``kg build seeds`` once per test session (shared by the modules that smoke-test on it)."""
    if "out" not in _SEEDS:
        import atexit
        import shutil
        import tempfile
        from pathlib import Path

        from kg.pipeline.run import build
        out = Path(tempfile.mkdtemp(prefix="kg-seeds-"))
        atexit.register(shutil.rmtree, out, True)
        build([Path(__file__).resolve().parent.parent / "seeds"], out)
        _SEEDS["out"] = out
    return _SEEDS["out"]
