"""The built graph as facts: ``load_facts(g)`` reads an RDF graph that follows ONTOLOGY.md (an
rdflib graph, or the ``Triples`` a large build streams) into a ``Facts``: a networkx
``MultiDiGraph`` of the entities (node attributes ``label`` and ``type``; one edge per
(subject, predicate, object), keyed by the predicate's local name) plus the tables the map and
the reports show beside it: aliases, the documents each entity is mentioned in, money values,
and the evidence sentences of every edge.  ``kg.views.analyse`` measures them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Iterable, Iterator

import networkx as nx
from rdflib import Graph, URIRef

from ..model import CLASSES, PREDICATES, VALUE_PREDICATES
from ..rdf.vocab import DCTERMS, KG, PROV, RDF, RDFS, SKOS


@dataclass
class Node:
    iri: str
    label: str
    type: str
    aliases: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Amount:
    predicate: str            # investmentAmount | annualOutput
    amount: Decimal
    currency: str
    surface: str
    iri: str = ""


@dataclass(frozen=True)
class Ev:
    sentence: str
    doc: str                  # IRI of the kg:Document
    start: int | None = None
    end: int | None = None
    extractor: str = ""


@dataclass
class Doc:
    iri: str
    name: str
    title: str = ""
    date: str = ""            # ISO date or ""


@dataclass
class Facts:
    net: nx.MultiDiGraph
    aliases: dict[str, list[str]] = field(default_factory=dict)
    mentioned_in: dict[str, list[str]] = field(default_factory=dict)      # entity -> document IRIs
    amounts: dict[str, list[Amount]] = field(default_factory=dict)        # entity -> values
    evidence: dict[tuple[str, str, str], list[Ev]] = field(default_factory=dict)  # (s, p, o) -> sentences
    documents: dict[str, Doc] = field(default_factory=dict)
    part_of: dict[str, list[str]] = field(default_factory=dict)           # Region -> larger Regions
    # kg:confidence: an entity's (the largest of its articles'), an edge's (the largest of its evidence's);
    # what has none (a graph of an older kg, the entity graph of a large build) counts as 1.0
    confidence: dict[str, float] = field(default_factory=dict)
    edge_confidence: dict[tuple[str, str, str], float] = field(default_factory=dict)

    def subgraph(self, nodes: Iterable[str]) -> "Facts":
        keep = set(nodes)
        net = nx.MultiDiGraph()   # built in order: networkx's subgraph views iterate a set
        net.add_nodes_from((n, self.net.nodes[n]) for n in sorted(keep) if n in self.net)
        net.add_edges_from((s, o, k, d) for s, o, k, d in self.net.edges(keys=True, data=True)
                           if s in keep and o in keep)
        return Facts(net=net,
                     aliases={n: v for n, v in self.aliases.items() if n in keep},
                     mentioned_in={n: v for n, v in self.mentioned_in.items() if n in keep},
                     amounts={n: v for n, v in self.amounts.items() if n in keep},
                     evidence={k: v for k, v in self.evidence.items()
                               if k[0] in keep and (k[2] in keep or k[1] in VALUE_PREDICATES)},
                     documents=self.documents, part_of=self.part_of,
                     confidence={n: v for n, v in self.confidence.items() if n in keep},
                     edge_confidence={k: v for k, v in self.edge_confidence.items()
                                      if k[0] in keep and (k[2] in keep or k[1] in VALUE_PREDICATES)})


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _decimal(value) -> Decimal | None:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def load_graph(path: str | Path) -> Graph:
    """A graph file (Turtle, TriG, N-Triples, N-Quads, JSON-LD) as one graph: the union of its
    named graphs without the ontology (:func:`kg.rdf.graph.load_graph`)."""
    from ..rdf.graph import load_graph as _load
    return _load(path)


class Triples:
    """The few lookups :func:`load_facts` makes, over a plain index of (s, p, o) terms.

    An rdflib ``Graph`` costs about 1.7 kB a triple; this index about a tenth of that, so a large
    build can analyse its entity graph without holding rdflib's.  Where a subject has several
    values for a predicate, ``value`` gives the least (rdflib gives any one): the same answer
    whichever way the triples arrived."""

    def __init__(self, triples: Iterable[tuple] = ()):
        self._by_p: dict = {}
        for s, p, o in triples:
            self.add(s, p, o)

    def add(self, s, p, o) -> None:
        by_s = self._by_p.setdefault(p, {})
        have = by_s.get(s)
        if have is None:
            by_s[s] = o                     # one object, held as itself: most (s, p) have one
        elif isinstance(have, dict):
            have[o] = None                  # several, as a dict: an ordered set
        elif have != o:
            by_s[s] = {have: None, o: None}

    def subject_objects(self, p) -> Iterator[tuple]:
        for s, have in self._by_p.get(p, {}).items():
            if isinstance(have, dict):
                for o in have:
                    yield s, o
            else:
                yield s, have

    def subjects(self, p, o) -> Iterator:
        return (s for s, have in self._by_p.get(p, {}).items()
                if (o in have if isinstance(have, dict) else o == have))

    def objects(self, s, p) -> list:
        have = self._by_p.get(p, {}).get(s)
        return [] if have is None else list(have) if isinstance(have, dict) else [have]

    def value(self, s, p):
        have = self._by_p.get(p, {}).get(s)
        return min(have, key=_term_order) if isinstance(have, dict) else have


def _term_order(t) -> tuple[str, str]:
    return type(t).__name__, str(t)


def load_facts(g: Graph | Triples) -> Facts:
    """The entities of ``g`` (an rdflib graph or a :class:`Triples`) as a networkx graph, with the
    details the map and reports need."""
    if not isinstance(g, Triples):
        g = Triples(g)
    net = nx.MultiDiGraph()
    classes = {KG[c]: c for c in CLASSES}
    typed: dict[str, str] = {}
    for s, o in g.subject_objects(RDF.type):
        if o in classes and isinstance(s, URIRef):
            # an entity typed twice keeps the first class in CLASSES order: stable across runs
            prev = typed.get(str(s))
            if prev is None or CLASSES.index(classes[o]) < CLASSES.index(prev):
                typed[str(s)] = classes[o]
    facts = Facts(net=net)
    for iri in sorted(typed):
        s = URIRef(iri)
        labels = sorted(str(x) for x in g.objects(s, RDFS.label))
        label = labels[0] if labels else _local(iri)
        net.add_node(iri, label=label, type=typed[iri])
        alts = sorted(({str(x) for x in g.objects(s, SKOS.altLabel)} | set(labels[1:])) - {label})
        if alts:
            facts.aliases[iri] = alts
        docs = sorted(str(d) for d in g.objects(s, KG.mentionedIn))
        if docs:
            facts.mentioned_in[iri] = docs
        sure = [c for c in map(_decimal, g.objects(s, KG.confidence)) if c is not None]
        if sure:
            facts.confidence[iri] = float(max(sure))
    for p in PREDICATES:
        for s, o in sorted(g.subject_objects(KG[p])):
            if str(s) in net and str(o) in net:
                net.add_edge(str(s), str(o), key=p, predicate=p)
    for p in VALUE_PREDICATES:
        for s, v in g.subject_objects(KG[p]):
            if str(s) not in net:
                continue
            amount = _decimal(g.value(v, KG.amount))
            if amount is None:
                continue
            facts.amounts.setdefault(str(s), []).append(Amount(
                p, amount, str(g.value(v, KG.currency) or "CNY"), str(g.value(v, KG.surface) or amount), str(v)))
    for values in facts.amounts.values():
        values.sort(key=lambda a: (a.predicate, a.currency, -a.amount, a.surface))
    for d in g.subjects(RDF.type, KG.Document):
        title = g.value(d, DCTERMS.title) or g.value(d, RDFS.label)
        facts.documents[str(d)] = Doc(str(d), str(g.value(d, KG.fileName) or title or _local(str(d))),
                                      str(title or ""), str(g.value(d, DCTERMS.date) or "")[:10])
    for ev in g.subjects(RDF.type, KG.Evidence):
        s, p, o = g.value(ev, RDF.subject), g.value(ev, RDF.predicate), g.value(ev, RDF.object)
        sentence = g.value(ev, PROV.value)
        if s is None or p is None or o is None or sentence is None:
            continue
        start, end = g.value(ev, KG.startOffset), g.value(ev, KG.endOffset)
        e = Ev(str(sentence), str(g.value(ev, PROV.wasDerivedFrom) or ""),
               int(start) if start is not None else None, int(end) if end is not None else None,
               str(g.value(ev, KG.extractor) or ""))
        key = (str(s), _local(str(p)), str(o))
        facts.evidence.setdefault(key, []).append(e)
        conf = g.value(ev, KG.confidence)
        sure = _decimal(conf) if conf is not None else None
        if sure is not None and float(sure) > facts.edge_confidence.get(key, -1.0):
            facts.edge_confidence[key] = float(sure)
    for evs in facts.evidence.values():
        evs.sort(key=lambda e: (e.doc, e.start if e.start is not None else -1, e.sentence, e.extractor))
    for s, o in g.subject_objects(KG.partOf):
        facts.part_of.setdefault(str(s), []).append(str(o))
    for v in facts.part_of.values():
        v.sort()
    return facts


def to_networkx(g: Graph) -> nx.MultiDiGraph:
    """Entities as nodes (label, class), entity-to-entity predicates as edges keyed by predicate."""
    return load_facts(g).net
