"""Turn extractions into an RDF dataset that follows ONTOLOGY.md.

One named graph per document holds what that document states: its Document
node, the entities it mentions (type, labels, ``kg:mentionedIn``), the relations
it supports and their evidence (PROV-O, offsets into the original file), and
money values.  The union of the named graphs is the whole graph.
"""
from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from rdflib import Dataset, Graph, Literal, URIRef

from ..model import Entity, Evidence, Extraction, Relation, Value
from ..resources import ontology_file
from .vocab import (NAMESPACES, DCTERMS, KG, ONTOLOGY_GRAPH, PROV, RDF, RDFS, SKOS, XSD, bind, digest,
                    document_graph_iri, document_iri, entity_iri)

ZH = "zh-Hans"
ZH_HANT = "zh-Hant"


# The terms every document uses, looked up once: rdflib makes a new URIRef at each namespace
# attribute access.
_TYPE, _LABEL, _ALT_LABEL = RDF.type, RDFS.label, SKOS.altLabel
_DOCUMENT, _EVIDENCE, _STATEMENT, _MONEY = KG.Document, KG.Evidence, RDF.Statement, KG.MonetaryAmount
_SUBJECT, _PREDICATE, _OBJECT = RDF.subject, RDF.predicate, RDF.object
_DERIVED, _VALUE = PROV.wasDerivedFrom, PROV.value
_TITLE, _DATE, _PUBLISHER, _SOURCE = DCTERMS.title, DCTERMS.date, DCTERMS.publisher, DCTERMS.source
_FILE_NAME, _HASH, _ENCODING, _CHARACTERS = KG.fileName, KG.contentHash, KG.encoding, KG.characters
_MENTIONED_IN, _START, _END, _EXTRACTOR = KG.mentionedIn, KG.startOffset, KG.endOffset, KG.extractor
_CONFIDENCE, _KG_TITLE, _STATED_TOTAL = KG.confidence, KG.title, KG.statedTotal
_AMOUNT, _CURRENCY, _SURFACE = KG.amount, KG.currency, KG.surface
_INTEGER, _DECIMAL, _XSD_DATE = XSD.integer, XSD.decimal, XSD.date
_KG_TERMS: dict[str, URIRef] = {}


def _kg(name: str) -> URIRef:
    """``KG[name]``, made once per name."""
    t = _KG_TERMS.get(name)
    if t is None:
        t = _KG_TERMS[name] = KG[name]
    return t


@lru_cache(maxsize=1 << 16)
def iri_of(key: tuple) -> URIRef:
    """An entity's IRI (a hash of its key, then rdflib's checks of the IRI): once per key, as the
    same entities recur in a document's relations and across documents."""
    etype, label, scope = key
    return entity_iri(etype, label, scope)


def add_document(g: Graph, ex: Extraction) -> URIRef:
    d = ex.document
    node = document_iri(d.doc_id)
    g.add((node, _TYPE, _DOCUMENT))
    from ..read.text import clean_label       # (a file name keeps its controls in kg:fileName only)
    g.add((node, _LABEL, Literal(clean_label(d.title or d.name) or d.doc_id, lang=ZH)))
    if d.title:
        g.add((node, _TITLE, Literal(d.title, lang=ZH)))
    if d.date:
        g.add((node, _DATE, Literal(d.date, datatype=_XSD_DATE)))
    if d.publisher:
        g.add((node, _PUBLISHER, Literal(d.publisher, lang=ZH)))
    if d.url:
        g.add((node, _SOURCE, Literal(d.url)))
    g.add((node, _FILE_NAME, Literal(d.name)))
    g.add((node, _HASH, Literal(d.sha256)))
    g.add((node, _ENCODING, Literal(d.encoding)))
    g.add((node, _CHARACTERS, Literal(len(d.original), datatype=_INTEGER)))
    return node


def add_entity(g: Graph, e: Entity, doc_node: URIRef) -> URIRef:
    node = iri_of(e.key)
    g.add((node, _TYPE, _kg(e.type)))
    g.add((node, _LABEL, _zh(e.label)))
    for alias in sorted(e.aliases - {e.label}):
        g.add((node, _ALT_LABEL, _zh(alias)))
    for form in sorted(e.original_forms - e.aliases - {e.label}):
        g.add((node, _ALT_LABEL, Literal(form, lang=ZH_HANT)))
    g.add((node, _MENTIONED_IN, doc_node))
    g.add((node, _CONFIDENCE, _decimal3(e.confidence)))
    return node


def _decimal3(x: float) -> Literal:
    """A confidence as an xsd:decimal of at most three places."""
    return _decimal_literal(str(round(x, 3)))


# rdflib's Literal constructor is slow (it parses and checks its value) and most literals recur:
# the same confidences, offsets and names in every document.  Literals are immutable, so one
# object per value serves every triple that holds it.
@lru_cache(maxsize=1 << 12, typed=True)
def _decimal_literal(text: str) -> Literal:
    return Literal(Decimal(text), datatype=_DECIMAL)


@lru_cache(maxsize=1 << 16, typed=True)
def _integer(n: int) -> Literal:
    return Literal(n, datatype=_INTEGER)


@lru_cache(maxsize=1 << 16, typed=True)
def _zh(text: str) -> Literal:
    return Literal(text, lang=ZH)


def add_evidence(g: Graph, ev: Evidence, about: tuple[URIRef, URIRef, URIRef], doc_node: URIRef,
                 title: str | None = None, date: str | None = None) -> URIRef:
    s, p, o = about
    node = URIRef(f"{doc_node}/evidence/{digest(s, p, o, ev.start, ev.end, ev.extractor)}")
    g.add((node, _TYPE, _EVIDENCE))
    g.add((node, _TYPE, _STATEMENT))
    g.add((node, _SUBJECT, s))
    g.add((node, _PREDICATE, p))
    g.add((node, _OBJECT, o))
    g.add((node, _DERIVED, doc_node))
    g.add((node, _VALUE, Literal(ev.sentence)))
    g.add((node, _START, _integer(ev.start)))
    g.add((node, _END, _integer(ev.end)))
    g.add((node, _EXTRACTOR, Literal(ev.extractor)))
    g.add((node, _CONFIDENCE, _decimal3(ev.confidence)))
    if title:
        g.add((node, _KG_TITLE, _zh(title)))
    if date:
        g.add((node, _DATE, Literal(date, datatype=_XSD_DATE)))
    return node


def add_relation(g: Graph, r: Relation, doc_node: URIRef) -> None:
    s, o = iri_of(r.subject), iri_of(r.object)
    p = _kg(r.predicate)
    g.add((s, p, o))
    for ev in r.evidence:
        add_evidence(g, ev, (s, p, o), doc_node, r.title, r.date)


def add_value(g: Graph, v: Value, doc_node: URIRef) -> None:
    subject = iri_of(v.entity) if v.entity and v.entity[0] != "Document" else doc_node
    node = URIRef(f"{subject}/{v.predicate}/{digest(v.amount, v.currency)}")
    predicate = _kg(v.predicate) if subject != doc_node else _STATED_TOTAL
    g.add((subject, predicate, node))
    g.add((node, _TYPE, _MONEY))
    g.add((node, _AMOUNT, Literal(v.amount, datatype=_DECIMAL)))
    g.add((node, _CURRENCY, Literal(v.currency)))
    g.add((node, _SURFACE, Literal(v.surface, lang=ZH)))
    for ev in v.evidence:
        add_evidence(g, ev, (subject, predicate, node), doc_node)


def add_extraction(g: Graph, ex: Extraction) -> None:
    """Everything one document states, added to ``g`` (its named graph).  ``g`` needs only ``add``:
    the build streams each document's triples without an rdflib store."""
    doc_node = add_document(g, ex)
    for e in ex.entities:
        add_entity(g, e, doc_node)
    for r in ex.relations:
        add_relation(g, r, doc_node)
    for v in ex.values:
        add_value(g, v, doc_node)


def build_dataset(extractions: Iterable[Extraction], with_ontology: bool = True) -> Dataset:
    ds = Dataset()
    bind(ds)
    for ex in extractions:
        add_extraction(ds.graph(document_graph_iri(ex.document.doc_id)), ex)
    if with_ontology and ontology_file("kg.ttl").exists():
        ds.graph(ONTOLOGY_GRAPH).parse(ontology_file("kg.ttl"), format="turtle")
    return ds


def union_graph(ds: Dataset, include_ontology: bool = False) -> Graph:
    g = Graph()
    bind(g)
    for ctx in ds.graphs():
        if ctx.identifier == ONTOLOGY_GRAPH and not include_ontology:
            continue
        for t in ctx:
            g.add(t)
    return g


def serialize_trig(ds: Dataset) -> str:
    """TriG with the graphs in IRI order, each written by the Turtle serializer (rdflib's own
    TriG writer orders graphs by hash, which changes between runs)."""
    head = [f"@prefix {p}: <{ns}> ." for p, ns in sorted(NAMESPACES.items())]
    blocks = []
    for ctx in sorted(ds.graphs(), key=lambda c: str(c.identifier)):
        if len(ctx) == 0:
            continue
        g = Graph()
        bind(g)
        for t in ctx:
            g.add(t)
        text = g.serialize(format="turtle")
        # Everything after the prefix lines, as written: splitting it into lines to indent them
        # would change literals that hold line breaks ("""...""", U+0085, U+2028) or break them.
        inner = text.split("\n\n", 1)[1] if text.startswith("@prefix") and "\n\n" in text else text
        blocks.append(f"<{ctx.identifier}> {{\n{inner.strip(chr(10))}\n}}\n")
    return "\n".join(head) + "\n\n" + "\n".join(blocks)


# ---------------------------------------------------------------- reading graphs back

RDF_FORMATS = {  # file suffix -> rdflib parser name
    ".ttl": "turtle", ".turtle": "turtle", ".trig": "trig", ".nt": "nt", ".ntriples": "nt",
    ".nq": "nquads", ".nquads": "nquads", ".jsonld": "json-ld", ".json": "json-ld",
    ".rdf": "xml", ".xml": "xml", ".owl": "xml", ".n3": "n3",
}
QUAD_FORMATS = {"trig", "nquads", "json-ld"}


def rdf_format(path: str | Path) -> str:
    """rdflib's name for the RDF syntax of ``path``, from its suffix."""
    suffix = Path(path).suffix.lower()
    if suffix not in RDF_FORMATS:
        raise ValueError(f"{path}: unknown RDF file type {suffix or '(none)'}; "
                         f"expected one of {', '.join(sorted(RDF_FORMATS))}")
    return RDF_FORMATS[suffix]


def load_dataset(path: str | Path) -> Dataset:
    """A graph file as a Dataset: named graphs of TriG / N-Quads / JSON-LD kept, triples of
    Turtle / N-Triples in the default graph."""
    fmt = rdf_format(path)
    ds = Dataset()
    bind(ds)
    if fmt in QUAD_FORMATS:
        ds.parse(str(path), format=fmt)
    else:
        ds.default_graph.parse(str(path), format=fmt)
    return ds


def load_graph(path: str | Path, include_ontology: bool = False) -> Graph:
    """A graph file as one Graph: the union of its graphs, without the ontology's graph."""
    fmt = rdf_format(path)
    if fmt not in QUAD_FORMATS:
        g = Graph()
        bind(g)
        g.parse(str(path), format=fmt)
        return g
    return union_graph(load_dataset(path), include_ontology=include_ontology)
