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


def big_facts(n: int = 1000, seed: int = 7):
    """A map-sized graph shaped like a real build's: one large connected part, many small ones and
    half the entities isolated (a name in one article, no relation); 40 documents, one of which
    (``文档07``) names 15 entities spread over all of them."""
    import random

    import networkx as nx

    from kg.views.analyse import Doc, Facts
    from kg.model import CLASSES

    rnd = random.Random(seed)
    base = "https://w3id.org/kg-zhaoshang/id/"
    ids = [f"{base}{CLASSES[i % len(CLASSES)]}/{i:06d}" for i in range(n)]
    net = nx.MultiDiGraph()
    for i, iri in enumerate(ids):
        net.add_node(iri, label=f"实体{i:04d}号", type=CLASSES[i % len(CLASSES)])
    big = ids[: n * 3 // 10]
    for i, iri in enumerate(big[1:], 1):       # a tree with hubs, and some cross edges
        net.add_edge(iri, big[rnd.randrange(0, max(1, i // 4 + 1))], key="locatedIn")
    for _ in range(len(big) // 3):
        a, b = rnd.sample(big, 2)
        net.add_edge(a, b, key="cooperatesWith")
    i = len(big)
    small_end = n // 2
    while i < small_end:                       # parts of 2 to 5 entities
        size = min(rnd.randint(2, 5), small_end - i)
        part = ids[i:i + size]
        for a in part[1:]:
            net.add_edge(a, part[0], key="investsIn")
        i += max(size, 1)
    docs = {f"{base}doc/{k:04d}": Doc(iri=f"{base}doc/{k:04d}", name=f"{k:04d}.txt", title=f"文档{k:02d}",
                                      date=f"2021-01-{k % 28 + 1:02d}") for k in range(40)}
    doc_iris = sorted(docs)
    mentioned = {iri: [doc_iris[rnd.randrange(40)]] for iri in ids}
    chosen = rnd.sample(ids, 15)
    for iri in ids:
        if mentioned[iri] == [doc_iris[7]] and iri not in chosen:
            mentioned[iri] = [doc_iris[8]]
    for iri in chosen:
        mentioned[iri] = [doc_iris[7]]
    return Facts(net=net, mentioned_in=mentioned, documents=docs), chosen
