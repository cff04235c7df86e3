"""Which entities and relations the analysis counts: those whose confidence reaches a threshold.

Every entity and every edge of a built graph carries a ``kg:confidence`` (an entity: the learned
model's probability that it is a named thing of its class, 1 where no model decided, the largest of
its articles'; an edge: the largest of its evidence's).  :func:`split` divides a graph's ``Facts`` at
``min_confidence`` (``kg build --min-confidence``): the rankings, money tables and network analysis
of the reports and ``kg stats``, and the map's first view, take what passes; what is held back stays
in the graph and on the map (behind a switch), and the reports list it for review, closest calls
first.  An edge is held back when its own confidence is below the threshold, or when one of its
entities is.  A threshold of 0 (the default) holds nothing back: the facts are returned as they are.  What
carries no confidence (a graph of an older kg; the edges of a large build's entity graph, which has
no evidence nodes) counts as 1.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import networkx as nx

from ..model import VALUE_PREDICATES
from .facts import Facts

DEFAULT_MIN_CONFIDENCE = 0.0
LISTED = 100          # held-back entities and relations each report lists (closest calls first)


@dataclass
class HeldBack:
    """What a threshold left out of the analysis."""

    min_confidence: float = DEFAULT_MIN_CONFIDENCE
    entities: list[str] = field(default_factory=list)                 # below it themselves, closest first
    relations: list[tuple[str, str, str]] = field(default_factory=list)  # (s, predicate, o) below it themselves
    touching: int = 0         # edges left out because one of their entities is held back

    def __bool__(self) -> bool:
        return bool(self.entities or self.relations)


def entity_confidence(facts: Facts, iri: str) -> float:
    return facts.confidence.get(iri, 1.0)


def edge_confidence(facts: Facts, s: str, p: str, o: str) -> float:
    return facts.edge_confidence.get((s, p, o), 1.0)


def split(facts: Facts, min_confidence: float = DEFAULT_MIN_CONFIDENCE) -> tuple[Facts, HeldBack]:
    """(the facts the analysis counts, what the threshold held back).  Nothing held back: ``facts`` itself."""
    held = HeldBack(min_confidence)
    net = facts.net
    if min_confidence <= 0:
        return facts, held
    low = {n for n in net.nodes if entity_confidence(facts, n) < min_confidence}
    low_edges = [(s, k, o) for s, o, k in net.edges(keys=True)
                 if s not in low and o not in low and edge_confidence(facts, s, k, o) < min_confidence]
    held.touching = sum(1 for s, o in net.edges() if s in low or o in low)
    held.entities = sorted(low, key=lambda n: (-entity_confidence(facts, n), net.nodes[n]["label"], n))
    held.relations = sorted(low_edges, key=lambda e: (-edge_confidence(facts, *e), net.nodes[e[0]]["label"],
                                                      e[1], net.nodes[e[2]]["label"], e))
    if not held:
        return facts, held
    dropped = set(low_edges)
    kept = nx.MultiDiGraph()
    kept.add_nodes_from((n, d) for n, d in net.nodes(data=True) if n not in low)
    kept.add_edges_from((s, o, k, d) for s, o, k, d in net.edges(keys=True, data=True)
                        if s not in low and o not in low and (s, k, o) not in dropped)

    def keeps(key: tuple) -> bool:
        s, p, o = key
        return s not in low and (p in VALUE_PREDICATES or (o not in low and key not in dropped))
    return Facts(net=kept,
                 aliases={n: v for n, v in facts.aliases.items() if n not in low},
                 mentioned_in={n: v for n, v in facts.mentioned_in.items() if n not in low},
                 amounts={n: v for n, v in facts.amounts.items() if n not in low},
                 evidence={k: v for k, v in facts.evidence.items() if keeps(k)},
                 documents=facts.documents, part_of=facts.part_of,
                 confidence={n: v for n, v in facts.confidence.items() if n not in low},
                 edge_confidence={k: v for k, v in facts.edge_confidence.items() if keeps(k)}), held


def held_summary(facts: Facts, held: HeldBack) -> dict:
    """What ``held`` lists, as plain JSON-able data (the ``held_back`` part of the analysis)."""
    net = facts.net

    def ent(i: str) -> dict:
        return {"iri": i, "label": net.nodes[i]["label"], "type": net.nodes[i]["type"]}
    return {
        "min_confidence": f"{held.min_confidence:g}",
        "entities_total": net.number_of_nodes(), "relations_total": net.number_of_edges(),
        "entities": [dict(ent(n), confidence=round(entity_confidence(facts, n), 3)) for n in held.entities],
        "relations": [{"subject": ent(s), "predicate": p, "object": ent(o),
                       "confidence": round(edge_confidence(facts, s, p, o), 3)} for s, p, o in held.relations],
        "relations_touching": held.touching,
    }
