"""A small graph with every shape the analysis, the reports and the map read: relations with
evidence, money values in two currencies, aliases, two dated documents, an isolated entity, a
project -> park -> region chain, and an entity whose name is an XSS attempt."""
from __future__ import annotations

from decimal import Decimal

from kg.rdf.graph import build_dataset, union_graph
from kg.model import Document, Entity, Evidence, Extraction, Relation, Value

XSS = "<img src=x onerror=alert(1)>"
XSS_SENTENCE = f"{XSS}投资建设冷链产业园项目。</script><script>window.__pwned=1</script>"


def _doc(doc_id: str, name: str, title: str, date: str | None, text: str) -> Document:
    return Document(doc_id=doc_id, name=name, path=name, original=text, text=text,
                    offsets=list(range(len(text) + 1)), encoding="utf-8", sha256=doc_id * 4,
                    title=title, date=date)


def _ev(doc: Document, sentence: str, extractor: str = "test") -> Evidence:
    i = doc.text.find(sentence)
    return Evidence(doc.doc_id, sentence, max(i, 0), max(i, 0) + len(sentence), extractor)


E = {
    "qingdao": ("Region", "青岛市", None),
    "laixi": ("Region", "莱西市", None),
    "park": ("Park", "青岛高新区", None),
    "chem": ("Company", "中国化工集团", None),
    "yihai": ("Company", "益海嘉里集团", None),
    "xss": ("Company", XSS, None),
    "chip": ("Project", "芯片封装项目", None),
    "cold": ("Project", "冷链产业园项目", None),
    "lidar": ("Project", "激光雷达芯片项目", None),
    "bio": ("Industry", "生物医药", None),
    "gov": ("Government", "青岛市人民政府", None),
    "hui": ("Person", "惠新安", None),
    "alone": ("Organization", "法国山东商会", None),
}


def extractions() -> list[Extraction]:
    s1 = "中国化工集团投资20亿元在青岛高新区建设芯片封装项目，其中一期5亿元。"
    s2 = "青岛高新区位于青岛市。"
    s3 = "市委书记惠新安代表青岛市人民政府致辞。"
    s4 = "激光雷达芯片项目落户莱西市，属于生物医药产业。"
    s5 = "益海嘉里集团与中国化工集团签订战略合作协议。"
    a = _doc("a" * 16, "a.txt", "青岛高新区：大企业大项目", "2020-05-01", s1 + s2 + s3)
    b = _doc("b" * 16, "b.txt", "冷链项目签约", "2021-03-02", XSS_SENTENCE + s4 + s5 + "法国山东商会到访。")

    def ent(k: str, *aliases: str) -> Entity:
        t, label, scope = E[k]
        return Entity(type=t, label=label, aliases=set(aliases), scope=scope)

    def rel(s: str, p: str, o: str, doc: Document, sentence: str, title: str | None = None) -> Relation:
        return Relation(E[s], p, E[o], [_ev(doc, sentence)], title=title)

    ex_a = Extraction(
        a, [], [ent("chem", "中化集团"), ent("park", "高新区"), ent("chip"), ent("qingdao"), ent("gov"), ent("hui")],
        [rel("chem", "investsIn", "chip", a, s1), rel("chip", "locatedIn", "park", a, s1),
         rel("park", "locatedIn", "qingdao", a, s2), rel("hui", "holdsPosition", "gov", a, s3, "市委书记")],
        [Value(E["chip"], "investmentAmount", Decimal("2000000000"), "CNY", "投资20亿元", [_ev(a, s1)]),
         Value(E["chip"], "investmentAmount", Decimal("500000000"), "CNY", "一期5亿元", [_ev(a, s1)])])
    ex_b = Extraction(
        b, [], [ent("xss"), ent("cold"), ent("lidar"), ent("laixi"), ent("bio"), ent("yihai"), ent("chem"),
                ent("alone")],
        [rel("xss", "investsIn", "cold", b, XSS_SENTENCE), rel("lidar", "locatedIn", "laixi", b, s4),
         rel("lidar", "inIndustry", "bio", b, s4), rel("yihai", "cooperatesWith", "chem", b, s5),
         rel("cold", "locatedIn", "park", b, XSS_SENTENCE)],
        [Value(E["cold"], "investmentAmount", Decimal("130000000"), "USD", "1.3亿美元", [_ev(b, XSS_SENTENCE)])])
    return [ex_a, ex_b]


def graph():
    return union_graph(build_dataset(extractions(), with_ontology=False))


def write_ttl(path) -> None:
    graph().serialize(path, format="turtle")
