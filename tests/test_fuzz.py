"""Property-based and fuzz tests: random bytes, hostile Unicode and deep markup through every stage.

Every input must either be read or be refused with a one-line ``ReadError``; nothing
else may escape.  Whatever is read must normalise with exact offsets, extract with
spans inside the text, and serialise to Turtle / TriG that parses back to the same
triples and conforms to the SHACL shapes.

Runs are deterministic (``derandomize=True``) so CI sees the same inputs every time.
``COUNTS`` records how many generated inputs each property ran; the module prints them
at the end (``pytest -s``) and writes them to ``$KG_FUZZ_COUNTS`` when that is set.
"""
from __future__ import annotations

import json
import os
import tempfile
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
import rdflib
from rdflib.namespace import XSD
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.extract.article import extract
from kg.rdf.graph import build_dataset, serialize_trig, union_graph
from kg.read.html import html_to_source
from kg.model import (CLASSES, PREDICATES, VALUE_PREDICATES, Document, Entity, Evidence, Extraction, Relation,
                      Source, Value, writable)
from kg.read.text import normalise_text
from kg.read.files import ReadError, decode, read_file

COUNTS: Counter = Counter()
FUZZ = settings(max_examples=60, derandomize=True, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
FEW = settings(FUZZ, max_examples=10)

# ---------------------------------------------------------------- hostile material
HOSTILE_PIECES = [
    '"""', "'''", '"', "'", "\\", "\\\\", "\\u0022", "\\n", "<", ">", "&", "&amp;", "<script>alert(1)</script>",
    "{", "}", "|", "^", "`", "#", "@zh", "^^xsd:string", " . ", ";", ",", "?x", "$x", "\n", "\r", "\r\n", "\t",
    "\x00", "\x01", "\x0b", "\x0c", "\x1f", "\x7f", "\x85", "\u2028", "\u2029",
    "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff",                         # zero-width
    "\u200e", "\u200f", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2069",  # bidi
    "\u0301", "\u0336", "\u20dd", "e\u0301", "\u3099",                        # combining marks
    "😀", "👩‍👩‍👧", "🇨🇳", "\U0010ffff", "\ufffd", "\ud800", "\udfff",         # emoji, plane 16, surrogates
    "Ａ", "１", "（", "）", "＂", "＜", "｜",                                     # full width
    "網(wǎng)", "臺灣", "青島", "<![CDATA[", "]]>", "-->", "<!--",
]
CHINESE_PIECES = ["青岛市", "人民政府", "有限公司", "集团", "项目", "产业园", "高新区", "与", "签约", "投资",
                  "亿元", "20", "。", "，", "“", "”", "《", "》", "（", "）", "市委书记", "惠新安", "研究院", "举办"]
HOSTILE_TEXT = hostile_text = st.lists(st.one_of(st.sampled_from(HOSTILE_PIECES), st.sampled_from(CHINESE_PIECES),
                                  st.characters(), st.text(max_size=8)), max_size=40).map("".join)
HOSTILE_NAME = hostile_name = st.lists(st.one_of(st.sampled_from(HOSTILE_PIECES), st.sampled_from(CHINESE_PIECES),
                                  st.characters()), min_size=1, max_size=12).map("".join)


def count(name: str) -> None:
    COUNTS[name] += 1


@pytest.fixture(scope="module", autouse=True)
def report_counts():
    yield
    total = sum(COUNTS.values())
    print(f"\nfuzz: {total} generated inputs run: " + ", ".join(f"{k}={v}" for k, v in sorted(COUNTS.items())))
    target = os.environ.get("KG_FUZZ_COUNTS")
    if target:
        Path(target).write_text(json.dumps(dict(sorted(COUNTS.items())), indent=1), encoding="utf-8")


@pytest.fixture(scope="module")
def scratch():
    with tempfile.TemporaryDirectory(prefix="kg-fuzz-") as d:
        yield Path(d)


# ---------------------------------------------------------------- read
@FUZZ
@given(st.one_of(st.binary(max_size=3000),
                 st.tuples(hostile_text, st.sampled_from(["utf-8", "gb18030", "big5", "utf-16", "utf-8-sig"]))
                 .map(lambda t: t[0].encode(t[1], errors="ignore") if "\ud800" not in t[0] else t[0].encode(t[1], "replace"))))
def test_decode_returns_text_or_refuses(data):
    count("decode")
    try:
        text, enc = decode(data, "x")
    except ReadError as e:
        assert "\n" not in str(e)
        return
    assert isinstance(text, str) and enc
    text.encode("utf-8", "surrogatepass")


@FUZZ
@given(data=st.binary(max_size=2000), suffix=st.sampled_from([".txt", ".html", ".jsonl", ".md", ".htm"]))
def test_read_file_reads_or_refuses(scratch, data, suffix):
    count("read_file")
    f = scratch / f"in{suffix}"
    f.write_bytes(data)
    try:
        sources = read_file(f)
    except ReadError as e:
        assert "\n" not in e.reason
        return
    for s in sources:
        assert isinstance(s, Source)
        s.original.encode("utf-8")   # writable: no lone surrogates
        s.name.encode("utf-8")


@FUZZ
@given(lines=st.lists(st.one_of(
    st.fixed_dictionaries({"text": hostile_text}, optional={"title": hostile_text, "date": hostile_text,
                                                             "url": hostile_text}).map(json.dumps),
    hostile_text.map(lambda t: json.dumps(t)), st.text(max_size=50)), max_size=6))
def test_json_lines_with_escapes_read_or_refuse(scratch, lines):
    count("read_jsonl")
    f = scratch / "in.jsonl"
    f.write_text("\n".join(x.replace("\n", " ") for x in lines), encoding="utf-8", errors="surrogatepass")
    try:
        sources = read_file(f)
    except ReadError:
        return
    for s in sources:
        for v in (s.original, s.title, s.date, s.url):
            if v is not None:
                v.encode("utf-8")


# ---------------------------------------------------------------- HTML
def nested(depth_and_tags) -> str:
    tags, text = depth_and_tags
    return "".join(f"<{t}>" for t in tags) + text + "".join(f"</{t}>" for t in reversed(tags))


markup = st.tuples(st.lists(st.sampled_from(["div", "p", "span", "table", "tr", "td", "ul", "li", "b", "article",
                                             "section", "font", "script", "style", "a href='\"'", "x-y"]),
                            max_size=300), hostile_text).map(nested)


@FUZZ
@given(st.one_of(markup, hostile_text, st.lists(st.one_of(markup, hostile_text), max_size=5).map("".join)))
def test_html_never_crashes(m):
    count("html")
    s = html_to_source(Path("x.html"), writable(m), "utf-8", "0" * 64)  # decoded markup has no lone surrogates
    assert isinstance(s.original, str)


@pytest.mark.parametrize("depth", [1_000, 20_000])
def test_deeply_nested_html_is_read(depth):
    count("html_deep")
    s = html_to_source(Path("x.html"), "<div>" * depth + "青岛市人民政府" + "</div>" * depth, "utf-8", "0" * 64)
    assert "青岛市人民政府" in s.original


# ---------------------------------------------------------------- normalise and extract
@FUZZ
@given(hostile_text)
def test_normalised_text_maps_back_to_the_original(text):
    count("normalise")
    t = normalise_text(text)
    assert len(t.offsets) == len(t.chars)
    assert all(0 <= o < len(text) for o in t.offsets)
    assert t.offsets == sorted(t.offsets)


def source_of(text: str, name: str = "a.txt") -> Source:
    return Source(path=name, name=name, original=text, encoding="utf-8", sha256="ab" * 32)


def check_extraction(ex: Extraction) -> None:
    d = ex.document
    assert len(d.offsets) == len(d.text) + 1 and d.offsets[-1] == len(d.original)
    for e in ex.entities:
        assert e.type in CLASSES and e.label.strip()
        for m in e.mentions:
            assert 0 <= m.start <= m.end <= len(d.text)
    evidence = [ev for r in ex.relations for ev in r.evidence] + [ev for v in ex.values for ev in v.evidence]
    for ev in evidence:
        assert 0 <= ev.start <= ev.end <= len(d.original)
    for r in ex.relations:
        assert r.predicate in PREDICATES


@FUZZ
@given(hostile_text)
def test_extraction_never_crashes(text):
    count("extract")
    check_extraction(extract(source_of(text)))


@FEW
@given(st.integers(1, 4), hostile_text)
def test_very_long_lines_extract(k, text):
    count("extract_long_line")
    line = ("青岛市人民政府与中国化工集团签约，" + text.replace("\n", " ")) * (40 * k)
    check_extraction(extract(source_of(line)))


# ---------------------------------------------------------------- serialisers
def term(t):
    """A term by value: rdflib writes the decimal 130000000 as 130000000.0, the same number."""
    if isinstance(t, rdflib.Literal) and t.datatype == XSD.decimal:
        return ("decimal", Decimal(str(t)))
    return t


def triples(g) -> set:
    return {tuple(term(x) for x in t) for t in g}


def quads(ds: rdflib.Dataset) -> set:
    return {(term(s), p, term(o), g.identifier if hasattr(g, "identifier") else g)
            for s, p, o, g in ds.quads((None, None, None, None))}


def round_trip(ex: Extraction) -> rdflib.Graph:
    """Serialise as kg does and parse back: the same triples, in Turtle and TriG alike."""
    ds = build_dataset([ex], with_ontology=False)
    graph = union_graph(ds)
    ttl = graph.serialize(format="turtle")
    trig = serialize_trig(ds)
    ttl.encode("utf-8")
    trig.encode("utf-8")
    back = rdflib.Graph().parse(data=ttl, format="turtle")
    assert triples(back) == triples(graph)
    ds2 = rdflib.Dataset()
    ds2.parse(data=trig, format="trig")
    assert quads(ds2) == quads(ds)
    nt = graph.serialize(format="nt")
    assert triples(rdflib.Graph().parse(data=nt, format="nt")) == triples(graph)
    streamed(ex, graph)
    return back


def streamed(ex: Extraction, graph: rdflib.Graph) -> None:
    """The writer `kg build` uses (a document's record as formatted lines, kg.pipeline.stream): its graph.ttl
    and its named graph in graph.trig parse back to the same triples."""
    pipeline = pytest.importorskip("kg.pipeline.run")
    stream = pytest.importorskip("kg.pipeline.stream")
    if not hasattr(pipeline, "document_record"):
        return
    rec = pipeline.document_record(ex)
    head = "\n".join(stream.prefix_lines()) + "\n\n"
    ttl = head + "".join(stream.turtle_body(rec["triples"]))
    assert triples(rdflib.Graph().parse(data=ttl, format="turtle")) == triples(graph)
    ds = rdflib.Dataset()
    ds.parse(data=head + stream.trig_block(rec["graph"], rec["triples"]), format="trig")
    assert {t for t in quads(ds)} == {(s, p, o, rdflib.URIRef(rec["graph"])) for s, p, o in triples(graph)}
    assert {stream.parse_line(line) for line in rec["triples"]} == set(graph)


@st.composite
def hostile_extraction(draw) -> Extraction:
    """An extraction whose every string is hostile: labels, aliases, titles, file names, sentences
    (without lone surrogates, which reading replaces before any of this exists)."""
    hostile_name = HOSTILE_NAME.map(writable)
    hostile_text = HOSTILE_TEXT.map(writable)
    original = draw(hostile_text) or "x"
    src = Source(path=draw(hostile_name), name=draw(hostile_name), original=original, encoding="utf-8",
                 sha256=draw(st.text("0123456789abcdef", min_size=64, max_size=64)),
                 title=draw(st.none() | hostile_name), url=draw(st.none() | hostile_name))
    doc = Document(doc_id=src.sha256[:16], name=src.name, path=src.path, original=src.original,
                   text=src.original, offsets=list(range(len(src.original) + 1)), encoding="utf-8",
                   sha256=src.sha256, title=src.title, date=draw(st.none() | st.dates().map(str)),
                   publisher=draw(st.none() | hostile_name), url=src.url)
    ents = []
    for _ in range(draw(st.integers(1, 5))):
        label = draw(hostile_name)
        e = Entity(type=draw(st.sampled_from(CLASSES)), label=label,
                   aliases=set(draw(st.lists(hostile_name, max_size=3))),
                   original_forms=set(draw(st.lists(hostile_name, max_size=2))),
                   scope=draw(st.none() | st.just(doc.doc_id)))
        ents.append(e)

    def evidence():
        a = draw(st.integers(0, len(original)))
        b = draw(st.integers(a, len(original)))
        return Evidence(doc.doc_id, draw(hostile_text), a, b, draw(hostile_name), draw(st.floats(0, 1)))

    rels = [Relation(draw(st.sampled_from(ents)).key, draw(st.sampled_from(PREDICATES)), draw(st.sampled_from(ents)).key,
                     [evidence()], title=draw(st.none() | hostile_name), date=draw(st.none() | st.dates().map(str)))
            for _ in range(draw(st.integers(0, 4)))]
    vals = [Value(draw(st.sampled_from(ents)).key, draw(st.sampled_from(VALUE_PREDICATES)),
                  Decimal(draw(st.integers(0, 10**13))), draw(st.sampled_from(["CNY", "USD", "EUR"])),
                  draw(hostile_name), [evidence()]) for _ in range(draw(st.integers(0, 2)))]
    return Extraction(doc, [], ents, rels, vals)


@FUZZ
@given(hostile_extraction())
def test_hostile_names_round_trip_through_turtle_trig_and_ntriples(ex):
    count("serialise")
    round_trip(ex)


@FEW
@given(hostile_text)
def test_real_extractions_of_hostile_text_round_trip(text):
    count("serialise_extracted")
    round_trip(extract(source_of("青岛市人民政府与中国化工集团签约。" + text, name=text[:40] or "x")))


def validate(graph: rdflib.Graph):
    validate_mod = pytest.importorskip("kg.rdf.validate")
    return validate_mod.validate_graph(graph)


@FEW
@given(hostile_text)
def test_hostile_articles_conform_to_the_shapes(text):
    count("shacl")
    written = round_trip(extract(source_of("青岛市人民政府与中国化工集团签约。" + text, name=text[:40] or "x")))
    report = validate(written)
    assert report.conforms, report.text(5)


# ---------------------------------------------------------------- the streaming writer, where there is one
@FUZZ
@given(hostile_name.map(lambda s: s.replace("\ud800", "").replace("\udfff", "")),
       st.sampled_from([None, "zh-Hans", "zh-Hant", "en"]))
def test_streamed_literals_parse_back(text, lang):
    stream = pytest.importorskip("kg.pipeline.stream")
    count("stream_literal")
    lit = rdflib.Literal(text, lang=lang)
    doc = f"<http://x/s> <http://x/p> {stream.literal(lit)} ."
    assert list(rdflib.Graph().parse(data=doc, format="turtle").objects()) == [lit]


# ---------------------------------------------------------------- map and reports
@FEW
@given(hostile_extraction(), st.lists(st.tuples(HOSTILE_NAME.map(writable), HOSTILE_TEXT.map(writable)), max_size=3),
       st.lists(st.tuples(HOSTILE_NAME.map(writable), HOSTILE_NAME.map(writable), st.floats(0, 1)), max_size=3))
def test_map_and_reports_of_hostile_graphs(ex, skipped, rejected):
    report = pytest.importorskip("kg.views.report")
    if not hasattr(report, "render_outputs"):
        pytest.skip("no render_outputs")
    count("render")
    ex.entities[0].label = "<script>alert(1)</script>"
    d = ex.document
    row = {"name": d.name, "title": d.title, "date": d.date, "encoding": d.encoding,
           "entities": len(ex.entities), "doc_id": d.doc_id}
    _, outputs = report.render_outputs(union_graph(build_dataset([ex], with_ontology=False)), [row], skipped, rejected)
    for name, text in outputs.items():
        text.encode("utf-8")
        if name.endswith(".html"):
            assert "<script>alert(1)" not in text, name
