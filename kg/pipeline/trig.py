"""graph.trig: each document's named graph, from its record, after the cross-article merge."""
from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from ..atomic import atomic_stream
from ..resources import ontology_file
from ..rdf.vocab import ONTOLOGY_GRAPH
from .cache import read_records, unpack
from .identity import Merge, rewrite_sorted
from .stream import Formatter, prefix_lines, trig_block


def write_trig(path: Path, graphs: list[tuple[str, str]], records: Path,
               merges: dict[str, Merge] | None = None) -> None:
    """graph.trig: each document's named graph from its record (``records``: the build's cache
    file) with the ``merges`` of kg.pipeline.identity applied, in graph-IRI order, with the ontology's."""
    get = read_records(records)
    try:
        with atomic_stream(path) as f:
            f.write("\n".join(prefix_lines()) + "\n\n")
            blocks = sorted(graphs)
            onto = _ontology_block()
            if onto:
                blocks.append((str(ONTOLOGY_GRAPH), ""))
                blocks.sort()
            first = True
            for giri, key in blocks:
                if not first:
                    f.write("\n")
                first = False
                if key == "" and giri == str(ONTOLOGY_GRAPH):
                    f.write(onto)
                else:
                    f.write(trig_block(giri, rewrite_sorted(unpack(get(key))["triples"], merges or {})))
    finally:
        get.close()


_ONTOLOGY_BLOCK: dict[bytes, str] = {}


def _ontology_block() -> str:
    path = ontology_file("kg.ttl")
    if not path.exists():
        return ""
    raw = path.read_bytes()
    if raw not in _ONTOLOGY_BLOCK:
        g = Graph()
        g.parse(data=raw.decode("utf-8"), format="turtle")
        _ONTOLOGY_BLOCK.clear()
        _ONTOLOGY_BLOCK[raw] = trig_block(str(ONTOLOGY_GRAPH), Formatter(bnode_scope="ontology").lines(g))
    return _ONTOLOGY_BLOCK[raw]
