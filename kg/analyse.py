"""Network analysis of the built graph with networkx."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import networkx as nx
from rdflib import Graph, URIRef

from .model import CLASSES, PREDICATES
from .vocab import KG, RDF, RDFS


@dataclass
class Node:
    iri: str
    label: str
    type: str
    aliases: list[str] = field(default_factory=list)


def to_networkx(g: Graph) -> nx.MultiDiGraph:
    """Entities as nodes (label, class, aliases), entity-to-entity predicates as edges."""
    net = nx.MultiDiGraph()
    classes = {KG[c]: c for c in CLASSES}
    for s, o in g.subject_objects(RDF.type):
        if o in classes and isinstance(s, URIRef):
            label = g.value(s, RDFS.label)
            net.add_node(str(s), label=str(label) if label else str(s), type=classes[o])
    for p in PREDICATES:
        for s, o in g.subject_objects(KG[p]):
            if str(s) in net and str(o) in net:
                net.add_edge(str(s), str(o), key=p, predicate=p)
    return net


def counts_by_class(net: nx.MultiDiGraph) -> Counter:
    return Counter(d["type"] for _, d in net.nodes(data=True))


def counts_by_predicate(net: nx.MultiDiGraph) -> Counter:
    return Counter(k for _, _, k in net.edges(keys=True))


def pagerank(net: nx.MultiDiGraph) -> dict[str, float]:
    if net.number_of_nodes() == 0:
        return {}
    simple = nx.DiGraph(net)
    return nx.pagerank(simple) if simple.number_of_edges() else {n: 1 / len(simple) for n in simple}


def top_entities(net: nx.MultiDiGraph, n: int = 10) -> list[tuple[str, str, str, float]]:
    pr = pagerank(net)
    ranked = sorted(pr.items(), key=lambda kv: (-kv[1], kv[0]))[:n]
    return [(net.nodes[i]["label"], net.nodes[i]["type"], i, score) for i, score in ranked]
