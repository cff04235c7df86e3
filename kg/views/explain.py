"""Why the graph says what it says about one entity: every edge with its supporting sentences.

``explain(graph, "益海嘉里集团")`` finds the entity by label, alternative label or IRI and returns
its edges (out and in, relations and money values), each with the evidence nodes that support
it (``kg:Evidence`` reifications: sentence, document, offsets into the original, extractor).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.util import guess_format

from ..model import PREDICATES, VALUE_PREDICATES
from ..rdf.vocab import DCTERMS, KG, PROV, RDF, RDFS, SKOS

EDGE_PREDICATES = PREDICATES + VALUE_PREDICATES + ("statedTotal",)


@dataclass
class Support:
    document: str          # file name (or title) of the source document
    sentence: str
    start: int | None
    end: int | None
    extractor: str
    confidence: float | None = None


@dataclass
class Edge:
    subject: str           # labels
    predicate: str
    object: str
    outgoing: bool         # True when the entity explained is the subject
    title: str | None = None
    date: str | None = None
    evidence: list[Support] = field(default_factory=list)


def load_graph(path: str | Path) -> Graph:
    """A graph file as one rdflib Graph (the union of a TriG file's named graphs)."""
    fmt = guess_format(str(path)) or "turtle"
    if fmt in ("trig", "nquads"):
        from rdflib import Dataset
        ds = Dataset()
        ds.parse(str(path), format=fmt)
        g = Graph()
        for s, p, o, _ in ds.quads((None, None, None, None)):
            g.add((s, p, o))
        return g
    g = Graph()
    g.parse(str(path), format=fmt)
    return g


def label(g: Graph, node) -> str:
    if isinstance(node, Literal):
        return str(node)
    best = None
    for lit in g.objects(node, RDFS.label):
        if best is None or getattr(lit, "language", None) in ("zh-Hans", "zh"):
            best = lit
    if best is not None:
        return str(best)
    amount, currency = g.value(node, KG.amount), g.value(node, KG.currency)
    if amount is not None:
        surface = g.value(node, KG.surface)
        return f"{amount} {currency}" + (f" ({surface})" if surface else "")
    return str(node)


def find_entities(g: Graph, name: str) -> list[URIRef]:
    """Nodes named ``name``: by IRI, then exact label, then alternative label, then label containing it."""
    if name.startswith("http"):
        return [URIRef(name)]
    typed = {s for s in g.subjects(RDF.type, None) if (s, KG.mentionedIn, None) in g}
    for prop in (RDFS.label, SKOS.altLabel):
        hits = sorted({s for s, _, o in g.triples((None, prop, None)) if str(o) == name and s in typed}, key=str)
        if hits:
            return hits
    return sorted({s for s, _, o in g.triples((None, RDFS.label, None)) if name in str(o) and s in typed}, key=str)


def _support(g: Graph, s, p, o) -> tuple[list[Support], str | None, str | None]:
    out, title, date = [], None, None
    for ev in g.subjects(RDF.subject, s):
        if (ev, RDF.predicate, p) not in g or (ev, RDF.object, o) not in g:
            continue
        doc = g.value(ev, PROV.wasDerivedFrom)
        doc_name = g.value(doc, KG.fileName) if doc is not None else None
        start, end = g.value(ev, KG.startOffset), g.value(ev, KG.endOffset)
        conf = g.value(ev, KG.confidence)
        out.append(Support(str(doc_name or (label(g, doc) if doc is not None else "")),
                           str(g.value(ev, PROV.value) or ""),
                           int(start) if start is not None else None, int(end) if end is not None else None,
                           str(g.value(ev, KG.extractor) or ""), float(conf) if conf is not None else None))
        title = title or (str(g.value(ev, KG.title)) if g.value(ev, KG.title) else None)
        date = date or (str(g.value(ev, DCTERMS.date)) if g.value(ev, DCTERMS.date) else None)
    out.sort(key=lambda x: (x.document, x.start or 0, x.extractor))
    return out, title, date


def explain(g: Graph, node: URIRef) -> list[Edge]:
    edges: list[Edge] = []
    for local in EDGE_PREDICATES:
        p = KG[local]
        for o in g.objects(node, p):
            ev, title, date = _support(g, node, p, o)
            edges.append(Edge(label(g, node), local, label(g, o), True, title, date, ev))
        for s in g.subjects(p, node):
            ev, title, date = _support(g, s, p, node)
            edges.append(Edge(label(g, s), local, label(g, node), False, title, date, ev))
    edges.sort(key=lambda e: (not e.outgoing, e.predicate, e.subject, e.object))
    return edges


def format_edges(name: str, node: URIRef, edges: list[Edge]) -> str:
    lines = [f"{name}  <{node}>"]
    if not edges:
        lines.append("  (no edges)")
    for e in edges:
        extra = "".join(f"  [{k}: {v}]" for k, v in (("title", e.title), ("date", e.date)) if v)
        lines.append(f"  {e.subject} —{e.predicate}→ {e.object}{extra}")
        for s in e.evidence:
            where = f"{s.document}:{s.start}-{s.end}" if s.start is not None else s.document
            lines.append(f"      [{where} {s.extractor}] {s.sentence}")
    return "\n".join(lines)
