"""A persistent Oxigraph store (pyoxigraph, RocksDB on disk) for graphs too large for rdflib.

``kg build --store DIR`` and ``kg load GRAPH --store DIR`` fill it; ``kg query --store DIR``
and ``kg serve --store DIR`` read it.  Each document keeps its named graph; loading a graph
replaces the named graphs it contains (a rebuilt article does not keep stale triples).

The store's default graph holds the union of its named graphs, as a set: queries run on it.
The ontology's graph is left out of that union (query it with ``GRAPH <.../graph/ontology>``),
so a query counts the same on graph.ttl, graph.trig and the store.
Oxigraph's ``use_default_graph_as_union`` would repeat a triple once for every graph that
holds it (an entity named in two articles has its type twice), so counts and sums would differ
from rdflib's; with the union materialised, the same query gives the same rows on both.
Triples loaded without a graph (a Turtle file) go to the default graph directly.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

SUFFIX_FORMATS = {".ttl": "TURTLE", ".turtle": "TURTLE", ".trig": "TRIG", ".nt": "N_TRIPLES",
                  ".ntriples": "N_TRIPLES", ".nq": "N_QUADS", ".nquads": "N_QUADS",
                  ".jsonld": "JSON_LD", ".json": "JSON_LD", ".rdf": "RDF_XML", ".xml": "RDF_XML",
                  ".owl": "RDF_XML", ".n3": "N3"}


def ox_format(path: str | Path):
    import pyoxigraph as ox
    suffix = Path(path).suffix.lower()
    if suffix not in SUFFIX_FORMATS:
        raise ValueError(f"{path}: unknown RDF file type {suffix or '(none)'}")
    return getattr(ox.RdfFormat, SUFFIX_FORMATS[suffix])


def open_store(directory: str | Path, read_only: bool = False):
    """The store in ``directory``; read-only opens need an existing store."""
    import pyoxigraph as ox
    directory = Path(directory)
    if read_only:
        if not directory.is_dir() or not any(directory.iterdir()):
            raise FileNotFoundError(f"{directory}: no Oxigraph store here (kg load GRAPH --store {directory})")
        return ox.Store.read_only(str(directory))
    directory.mkdir(parents=True, exist_ok=True)
    return ox.Store(str(directory))


@dataclass
class LoadResult:
    quads: int            # quads in the store after loading
    graphs: int           # named graphs the input held
    seconds: float


from .vocab import ONTOLOGY_GRAPH  # noqa: E402


def _split(data: bytes, fmt, triples_out) -> set:
    """One pass over ``data``: the named graphs it holds; the triples of those graphs written
    as N-Triples to ``triples_out`` (the union's part of the default graph)."""
    import pyoxigraph as ox
    graphs: set = set()
    if fmt not in (ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS, ox.RdfFormat.JSON_LD):
        return graphs

    def named_triples():
        for q in ox.parse(data, format=fmt):
            if not isinstance(q.graph_name, ox.DefaultGraph):
                graphs.add(q.graph_name)
                if q.graph_name.value != str(ONTOLOGY_GRAPH):
                    yield q.triple

    ox.serialize(named_triples(), triples_out, format=ox.RdfFormat.N_TRIPLES)
    return graphs


# the documents' graphs, not the ontology's: the default graph then holds what graph.ttl holds
UNION_UPDATE = ("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } "
                "FILTER (?g != <https://w3id.org/kg-zhaoshang/graph/ontology>) }")


def fill_default_graph(store, rebuild: bool = False) -> None:
    """Copy every named graph's triples into the default graph (``rebuild``: clear it first)."""
    import pyoxigraph as ox
    if rebuild:
        store.clear_graph(ox.DefaultGraph())
    store.update(UNION_UPDATE)


def load_bytes(data: bytes, fmt, directory: str | Path, replace: bool = True) -> LoadResult:
    """Load serialised RDF into the store in ``directory`` (created when missing)."""
    import tempfile

    import pyoxigraph as ox
    t0 = time.perf_counter()
    store = open_store(directory)
    try:
        with tempfile.TemporaryDirectory(prefix="kg-load-") as tmp:
            union_nt = Path(tmp) / "union.nt"
            with open(union_nt, "wb") as f:
                graphs = _split(data, fmt, f)
            replaced = [g for g in graphs if replace and store.contains_named_graph(g)]
            for g in replaced:
                store.remove_graph(g)
            store.bulk_load(data, format=fmt)
            # the union as the default graph: the new graphs' triples added, or, when graphs
            # were replaced, the default graph rebuilt so no stale triple survives
            if replaced:
                fill_default_graph(store, rebuild=True)
            elif graphs:
                store.bulk_load(path=str(union_nt), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.DefaultGraph())
        store.flush()
        n = len(store)
    finally:
        del store
    return LoadResult(quads=n, graphs=len(graphs), seconds=time.perf_counter() - t0)


def load_file(path: str | Path, directory: str | Path, replace: bool = True) -> LoadResult:
    """``kg load``: a graph file (TriG keeps its named graphs) into the store."""
    path = Path(path)
    return load_bytes(path.read_bytes(), ox_format(path), directory, replace=replace)


def load_trig(trig: str, directory: str | Path) -> LoadResult:
    """``kg build --store``: the build's TriG (as written to graph.trig) into the store."""
    import pyoxigraph as ox
    return load_bytes(trig.encode("utf-8"), ox.RdfFormat.TRIG, directory)


# ---------------------------------------------------------------- the Graph Store Protocol (kg serve /store)

GRAPH_BODY_TYPES = {"application/n-triples": "N_TRIPLES", "text/plain": "N_TRIPLES", "text/turtle": "TURTLE",
                    "application/x-turtle": "TURTLE", "application/rdf+xml": "RDF_XML", "application/ld+json": "JSON_LD"}


def graph_store_request(store, op: str, body: bytes, graph: str | None, ctype: str) -> tuple[int, str, str]:
    """One Graph Store Protocol request on the store: (status, content type, body).  The store's
    default graph is the union of the documents' graphs (kg.store), so a change to a named graph
    changes it too."""
    import pyoxigraph as ox
    g = ox.DefaultGraph() if graph is None else ox.NamedNode(graph)
    named = graph is not None
    exists = named and store.contains_named_graph(g)
    if op == "get":
        if named and not exists:
            return 404, "text/plain", f"no graph <{graph}> in the store\n"
        data = ox.serialize((q.triple for q in store.quads_for_pattern(None, None, None, g)),
                            format=ox.RdfFormat.N_TRIPLES)
        return 200, "application/n-triples", (data or b"").decode("utf-8")
    if op == "delete":
        if named and not exists:
            return 404, "text/plain", f"no graph <{graph}> in the store\n"
        if named:
            store.remove_graph(g)
            fill_default_graph(store, rebuild=True)
        else:
            store.clear_graph(g)
        store.flush()
        return 204, "text/plain", ""
    fmt = GRAPH_BODY_TYPES.get(ctype)
    if fmt is None:
        return 415, "text/plain", ("send the graph as application/n-triples, text/turtle, application/rdf+xml "
                                   "or application/ld+json\n")
    try:
        triples = [q.triple for q in ox.parse(body, format=getattr(ox.RdfFormat, fmt))]
    except (SyntaxError, ValueError) as e:
        return 400, "text/plain", f"the graph does not parse: {e}\n"
    if op == "put" and exists:
        store.remove_graph(g)
    store.extend(ox.Quad(t.subject, t.predicate, t.object, g) for t in triples)
    if named and graph != str(ONTOLOGY_GRAPH):
        if op == "put" and exists:
            fill_default_graph(store, rebuild=True)     # the replaced graph's triples may be gone
        else:
            store.extend(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples)
    store.flush()
    return (201 if named and not exists else 204), "text/plain", ""
