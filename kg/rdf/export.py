"""``kg export``: a built graph in other formats.

RDF (ttl, trig, nt, nq, jsonld) round-trips: parsed back it is isomorphic to what was read.
``ttl`` and ``nt`` hold the union of the documents' graphs (like graph.ttl); ``trig``, ``nq``
and ``jsonld`` keep one named graph per document (and the ontology's graph when the input has it).
Small graphs go through rdflib (language tags kept as written, ``@zh-Hans``); graphs over
``kg.rdf.query.AUTO_LIMIT`` bytes through pyoxigraph, ~10x faster (it writes tags in lower case,
``@zh-hans``, the same tag under BCP 47).

For network tools: ``graphml`` and ``gexf`` (networkx writers; open in Gephi, yEd, Cytoscape)
hold entities as nodes (label, class, IRI, aliases, documents) and entity-to-entity predicates
as directed edges (predicate, number of supporting sentences, first sentence); ``csv`` writes
``nodes.csv`` and ``edges.csv`` with Gephi's column names (Id, Label; Source, Target, Type, Label).
"""
from __future__ import annotations

import csv
import io
from collections import defaultdict
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from ..atomic import atomic_write
from .graph import load_dataset, load_graph
from ..model import CLASSES, PREDICATES
from .vocab import KG, ONTOLOGY_GRAPH, PROV

FORMATS = ("ttl", "trig", "nt", "nq", "jsonld", "graphml", "gexf", "csv")
RDFLIB_NAMES = {"ttl": "turtle", "trig": "trig", "nt": "nt", "nq": "nquads", "jsonld": "json-ld"}
TRIPLE_FORMATS = {"ttl", "nt"}


def _rdf_rdflib(src: Path, fmt: str) -> bytes:
    if fmt in TRIPLE_FORMATS:
        g = load_graph(src)
        data = g.serialize(format=RDFLIB_NAMES[fmt])
    else:
        ds = load_dataset(src)
        data = ds.serialize(format=RDFLIB_NAMES[fmt])
    return data.encode("utf-8") if isinstance(data, str) else data


def _rdf_oxigraph(src: Path, fmt: str) -> bytes:
    import pyoxigraph as ox
    from .store import ox_format
    from .vocab import NAMESPACES
    quads = ox.parse(path=str(src), format=ox_format(src))
    prefixes = {p: str(ns) for p, ns in NAMESPACES.items()}
    onto = ox.NamedNode(str(ONTOLOGY_GRAPH))
    if fmt in TRIPLE_FORMATS:
        triples = sorted({q.triple for q in quads if q.graph_name != onto}, key=str)
        target = ox.RdfFormat.TURTLE if fmt == "ttl" else ox.RdfFormat.N_TRIPLES
        return ox.serialize(triples, format=target, prefixes=prefixes if fmt == "ttl" else None)
    target = {"trig": ox.RdfFormat.TRIG, "nq": ox.RdfFormat.N_QUADS, "jsonld": ox.RdfFormat.JSON_LD}[fmt]
    ordered = sorted(quads, key=lambda q: (str(q.graph_name), str(q.triple)))
    return ox.serialize(ordered, format=target, prefixes=prefixes if fmt == "trig" else None)


def export_rdf(src: str | Path, fmt: str, engine: str = "auto") -> bytes:
    from .query import AUTO_LIMIT
    src = Path(src)
    if engine == "auto":
        engine = "oxigraph" if src.stat().st_size > AUTO_LIMIT else "rdflib"
    return _rdf_oxigraph(src, fmt) if engine == "oxigraph" else _rdf_rdflib(src, fmt)


# ---------------------------------------------------------------- network formats

def network(g: Graph):
    """Entities and their edges as a networkx MultiDiGraph with flat (string / int) attributes."""
    import networkx as nx
    net = nx.MultiDiGraph()
    classes = {KG[c]: c for c in CLASSES}
    for s, o in sorted(g.subject_objects(RDF.type)):
        if o in classes and isinstance(s, URIRef) and str(s) not in net:
            label = g.value(s, RDFS.label)
            aliases = sorted({str(a) for a in g.objects(s, SKOS.altLabel)})
            docs = {d for d in g.objects(s, KG.mentionedIn)}
            net.add_node(str(s), label=str(label) if label is not None else str(s), type=classes[o],
                         iri=str(s), aliases="; ".join(aliases), documents=len(docs))
    sentences: dict[tuple, list[str]] = defaultdict(list)
    for ev in g.subjects(RDF.type, KG.Evidence):
        key = (g.value(ev, RDF.subject), g.value(ev, RDF.predicate), g.value(ev, RDF.object))
        text = g.value(ev, PROV.value)
        if text is not None:
            sentences[key].append(str(text))
    for p in PREDICATES:
        for s, o in sorted(g.subject_objects(KG[p])):
            if str(s) in net and str(o) in net:
                said = sorted(sentences.get((s, KG[p], o), []))
                net.add_edge(str(s), str(o), key=p, predicate=p, label=p,
                             evidence=len(said), sentence=said[0] if said else "")
    return net


def _graphml(net) -> bytes:
    import networkx as nx
    buf = io.BytesIO()
    nx.write_graphml(net, buf, encoding="utf-8")
    return buf.getvalue()


def _gexf(net) -> bytes:
    import re

    import networkx as nx
    buf = io.BytesIO()
    nx.write_gexf(net, buf, encoding="utf-8")
    # networkx stamps today's date on <meta>; without it the same graph gives the same bytes
    return re.sub(rb' lastmodifieddate="[^"]*"', b"", buf.getvalue(), count=1)


def _csv_tables(net) -> dict[str, str]:
    nodes, edges = io.StringIO(), io.StringIO()
    w = csv.writer(nodes, lineterminator="\n")
    w.writerow(["Id", "Label", "type", "aliases", "documents"])
    for n, d in sorted(net.nodes(data=True)):
        w.writerow([n, d["label"], d["type"], d["aliases"], d["documents"]])
    w = csv.writer(edges, lineterminator="\n")
    w.writerow(["Source", "Target", "Type", "Label", "source_label", "target_label", "evidence", "sentence"])
    for s, o, k, d in sorted(net.edges(keys=True, data=True)):
        w.writerow([s, o, "Directed", k, net.nodes[s]["label"], net.nodes[o]["label"], d["evidence"], d["sentence"]])
    return {"nodes.csv": nodes.getvalue(), "edges.csv": edges.getvalue()}


def export_file(src: str | Path, fmt: str, output: str | Path) -> list[Path]:
    """Write ``src`` as ``fmt`` to ``output`` (for csv a folder); returns the files written."""
    src, output = Path(src), Path(output)
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}: {', '.join(FORMATS)}")
    if fmt in RDFLIB_NAMES:
        atomic_write(output, export_rdf(src, fmt))
        return [output]
    net = network(load_graph(src))
    if fmt == "csv":
        written = []
        for name, text in _csv_tables(net).items():
            atomic_write(output / name, text)
            written.append(output / name)
        return written
    atomic_write(output, _graphml(net) if fmt == "graphml" else _gexf(net))
    return [output]
