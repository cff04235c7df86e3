"""Take articles out of a built graph without rebuilding the rest.

``graph.trig`` holds one named graph per document, and each holds everything that
document states: its Document node, the entities it mentions, the edges it
supports with their evidence, and its money values.  Removing an article is
therefore dropping its named graph; ``graph.ttl`` is re-derived as the union of
the graphs that remain, so an entity or edge that another article also states
stays, and one that only the removed article stated goes.  The cross-article
merge (kg.pipeline.identity) is made again over the articles that remain: a
node the removed article joined to another splits again.  The map and the
report are rendered again from what remains.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from rdflib import Dataset, URIRef

from ..atomic import atomic_write
from ..rdf.vocab import BASE, KG, ONTOLOGY_GRAPH, RDF
from .skips import REMOVED_FILE

GRAPH_PREFIX = BASE + "graph/"


class RemoveError(Exception):
    """Nothing was changed; ``str()`` says why."""


@dataclass
class DocumentGraph:
    graph: URIRef          # the named graph
    doc_id: str
    name: str              # kg:fileName
    sha256: str            # kg:contentHash


@dataclass
class RemoveResult:
    out: Path
    removed: list[DocumentGraph] = field(default_factory=list)
    remaining: int = 0
    files: list[Path] = field(default_factory=list)


def document_graphs(ds: Dataset) -> list[DocumentGraph]:
    """The named graphs of a build's dataset that hold one document each, in IRI order."""
    found = []
    for g in ds.graphs():
        ident = g.identifier
        if not isinstance(ident, URIRef) or ident == ONTOLOGY_GRAPH or not str(ident).startswith(GRAPH_PREFIX):
            continue
        doc = next(g.subjects(RDF.type, KG.Document), None)
        if doc is None:
            continue
        found.append(DocumentGraph(ident, str(ident)[len(GRAPH_PREFIX):], str(g.value(doc, KG.fileName) or ""),
                                   str(g.value(doc, KG.contentHash) or "")))
    return sorted(found, key=lambda d: str(d.graph))


def _hashes_of_file(path: Path) -> set[str]:
    """Content hashes of the articles in an existing file (a JSON Lines file holds several)."""
    from ..read.files import ReadError, read_file
    try:
        return {s.sha256 for s in read_file(path)}
    except (ReadError, OSError):
        return set()


def select(docs: list[DocumentGraph], wanted: str) -> list[DocumentGraph]:
    """Documents named by ``wanted``: a file name (as built), a path to the article's file (matched by
    content), or a content hash (the full sha256, or a prefix of at least 8 hex digits)."""
    w = wanted.strip()
    hit = [d for d in docs if w in (d.name, d.doc_id, d.sha256)]
    if not hit and len(w) >= 8 and all(c in "0123456789abcdefABCDEF" for c in w):
        hit = [d for d in docs if d.sha256.startswith(w.lower())]
    if not hit:
        path = Path(w)
        hashes = _hashes_of_file(path) if path.is_file() else set()
        hit = [d for d in docs if d.sha256 in hashes
               or d.name == path.name or d.name.startswith(path.name + "#")]
    return hit


def remove_documents(out: str | os.PathLike, documents: Iterable[str],
                     store: str | os.PathLike | None = None, min_confidence: float = 0.0) -> RemoveResult:
    """Drop the named documents from the build in ``out`` and rewrite its outputs; with ``store``,
    drop their named graphs from that Oxigraph store too (``kg build --store``).  ``min_confidence``:
    the threshold of the analysis in the map and the reports (``kg build --min-confidence``).

    Raises :class:`RemoveError`, changing nothing, when ``out`` has no graph.trig or a
    document names nothing in it."""
    from .outdir import output_folder
    out = Path(out)
    trig = out / "graph.trig"
    if not trig.is_file():
        raise RemoveError(f"{trig}: no such file (is {out} a kg build folder?)")
    with output_folder(out) as stage:
        ds = Dataset()
        ds.parse(trig, format="trig")
        docs = document_graphs(ds)
        chosen: dict[str, DocumentGraph] = {}
        store_only: list[DocumentGraph] = []
        done = read_removed(out)
        for w in documents:
            hit = select(docs, w)
            if not hit:
                # removed already: by an earlier run, perhaps one stopped before the store (or
                # whose last renames the lock's recovery finished): nothing left but the store
                hit = select(done, w)
                store_only.extend(hit)
                if hit:
                    continue
            if not hit and store is not None:
                # an earlier removal that stopped after the files and before the store: finish it
                hit = select(store_documents(store), w)
                store_only.extend(hit)
                if hit:
                    continue
            if not hit:
                raise RemoveError(f"{w}: no such document in {trig}")
            chosen.update((str(d.graph), d) for d in hit)
        removed = sorted({str(d.graph): d for d in [*chosen.values(), *store_only]}.values(), key=lambda d: d.name)
        result = RemoveResult(out=out, removed=removed, remaining=len(docs) - len(chosen))
        plan = plan_outputs(ds, docs, set(chosen), out)
        if store is not None:    # first the store (idempotent): a kill after it leaves the files to do
            # the graphs the merge changed too (all of them when finishing an earlier removal: the
            # files were rewritten then, the store not)
            refresh = plan.changed if chosen else sorted(plan.blocks)
            remove_from_store(store, [d.graph for d in removed], plan.trig(refresh))
        if chosen:
            for d in chosen.values():
                ds.remove_graph(d.graph)
            written = write_outputs(stage.dir, ds, records_from=out, plan=plan, min_confidence=min_confidence)
            write_removed(stage.dir, [*done, *chosen.values()])
            written.append(stage.dir / REMOVED_FILE)
            stage.commit([p.name for p in written])
            result.files = [out / p.name for p in written]
    return result




def write_removed(folder: Path, docs: list[DocumentGraph]) -> None:
    import json
    rows = sorted({(str(d.graph), d.doc_id, d.name, d.sha256) for d in docs})
    atomic_write(folder / REMOVED_FILE, json.dumps([list(r) for r in rows], ensure_ascii=False) + "\n")


def read_removed(folder: Path) -> list[DocumentGraph]:
    import json
    try:
        rows = json.loads((folder / REMOVED_FILE).read_text(encoding="utf-8"))
        return [DocumentGraph(URIRef(str(g)), str(i), str(n), str(h)) for g, i, n, h in rows]
    except (OSError, ValueError, TypeError, RecursionError):
        return []


def store_documents(directory: str | os.PathLike) -> list[DocumentGraph]:
    """The documents in an Oxigraph store's named graphs (kg build --store, kg load)."""
    from ..rdf.store import open_store
    import pyoxigraph as ox
    try:
        st = open_store(directory)
    except Exception:
        return []
    try:
        q = ("SELECT ?g ?name ?hash WHERE { GRAPH ?g { ?d a <%s> . OPTIONAL { ?d <%s> ?name } "
             "OPTIONAL { ?d <%s> ?hash } } }" % (KG.Document, KG.fileName, KG.contentHash))
        found = []
        for row in st.query(q):
            g = row["g"]
            if not isinstance(g, ox.NamedNode) or not g.value.startswith(GRAPH_PREFIX):
                continue
            found.append(DocumentGraph(URIRef(g.value), g.value[len(GRAPH_PREFIX):],
                                       row["name"].value if row["name"] else "",
                                       row["hash"].value if row["hash"] else ""))
        return sorted(found, key=lambda d: str(d.graph))
    finally:
        del st


def remove_from_store(directory: str | os.PathLike, graphs: Iterable[URIRef], trig: str = "") -> None:
    """Drop ``graphs`` from the store; the named graphs in ``trig`` (those the cross-article merge
    changed) replace the store's."""
    import pyoxigraph as ox
    from ..rdf.store import fill_default_graph, open_store
    st = open_store(directory)
    try:
        fresh = {q.graph_name for q in ox.parse(trig.encode("utf-8"), format=ox.RdfFormat.TRIG)} if trig else set()
        for node in [ox.NamedNode(str(g)) for g in graphs] + sorted(fresh, key=str):
            if st.contains_named_graph(node):
                st.remove_graph(node)
        if trig:
            st.bulk_load(trig.encode("utf-8"), format=ox.RdfFormat.TRIG)
        fill_default_graph(st, rebuild=True)  # the store's default graph is the union (kg.rdf.store)
        st.flush()
    finally:
        del st


@dataclass
class Plan:
    """What the remaining documents' named graphs become: the cross-article merge made again."""
    blocks: dict[str, list[str]]     # graph IRI -> its lines after the merge
    changed: list[str]               # the remaining graphs whose lines the merge changed
    records: dict[str, dict]         # doc_id -> the build cache's record, where it has one

    def trig(self, graphs: list[str]) -> str:
        """These graphs as TriG (for a store)."""
        from .stream import prefix_lines, trig_block
        if not graphs:
            return ""
        return "\n".join(prefix_lines()) + "\n\n" + "\n".join(trig_block(g, self.blocks[g]) for g in graphs)


def plan_outputs(ds: Dataset, docs: list[DocumentGraph], gone: set[str], build_dir: Path) -> Plan:
    """The documents' graphs without those in ``gone``, the merge of kg.pipeline.identity made again
    over what remains, as a build of the remaining articles makes it.  A document's lines before the
    merge come from the build's cache; where it has no record (a --no-cache build), or a record that the
    graph does not match, the graph's lines stand in for them (a merge the removed article made then
    stays)."""
    from .identity import rewrite_sorted
    from .stream import Formatter
    current = {str(d.graph): Formatter(bnode_scope=d.doc_id).lines(ds.graph(d.graph)) for d in docs}
    records = _cached_records(build_dir, docs)
    raw = {str(d.graph): records[d.doc_id]["triples"] if d.doc_id in records else current[str(d.graph)]
           for d in docs}
    before = _merges(raw.values())
    for d in docs:                       # a record the graph does not match (a stale cache) is not used
        if d.doc_id in records and rewrite_sorted(raw[str(d.graph)], before) != current[str(d.graph)]:
            raw[str(d.graph)] = current[str(d.graph)]
            del records[d.doc_id]
    kept = [str(d.graph) for d in docs if str(d.graph) not in gone]
    after = _merges(raw[g] for g in kept)
    blocks = {g: rewrite_sorted(raw[g], after) for g in kept}
    records = {d.doc_id: r for d in docs if str(d.graph) not in gone for r in [records.get(d.doc_id)] if r}
    return Plan(blocks, [g for g in kept if blocks[g] != current[g]], records)


def _merges(documents) -> dict:
    from .identity import Identity
    identity = Identity()
    for lines in documents:
        identity.add(lines)
    return identity.merges()


def write_outputs(out: Path, ds: Dataset, records_from: Path | None = None, plan: Plan | None = None,
                  min_confidence: float = 0.0) -> list[Path]:
    """graph.ttl, graph.trig, map.html and the reports of what ``ds`` holds, in the layout ``kg build``
    writes (kg.pipeline.stream), each file written atomically, into ``out``; the named graphs those of
    ``plan`` (by default, the merge made again over ``ds``).  The report's rows and rejected candidates
    come from the build's cache (in ``records_from``, the build folder, by default ``out``) where it has
    them, else from the graph; its skipped files from the build's list."""
    from .run import REJECTED_KEPT
    from .skips import read_skipped, write_skipped
    from ..views.report import render_outputs
    from ..atomic import atomic_stream
    build_dir = records_from or out
    from .stream import Formatter, parse_line, prefix_lines, trig_block, turtle_body
    docs = document_graphs(ds)
    plan = plan or plan_outputs(ds, docs, set(), build_dir)
    records = plan.records
    skipped = read_skipped(build_dir)
    blocks: list[tuple[str, list[str]]] = []
    union: set[str] = set()
    for d in docs:
        lines = plan.blocks[str(d.graph)]
        blocks.append((str(d.graph), lines))
        union.update(lines)
    onto = ds.graph(ONTOLOGY_GRAPH)
    if len(onto):
        blocks.append((str(ONTOLOGY_GRAPH), Formatter(bnode_scope="ontology").lines(onto)))
    blocks.sort()
    head = "\n".join(prefix_lines()) + "\n\n"
    union_lines = sorted(union)
    written = []
    with atomic_stream(out / "graph.ttl") as f:
        f.write(head)
        for piece in turtle_body(union_lines):
            f.write(piece)
    written.append(out / "graph.ttl")

    from rdflib import Graph
    from ..rdf.vocab import bind
    graph = Graph()
    bind(graph)
    for line in union_lines:
        graph.add(parse_line(line))
    rows = [records[d.doc_id]["doc"] if d.doc_id in records else _document_row(ds, d) for d in docs]
    rejected = sorted((r for rec in records.values() for r in rec.get("rejected", [])),
                      key=lambda t: (-t[2], t[0], t[1]))
    _, outputs = render_outputs(graph, sorted(rows, key=lambda r: r["name"]), skipped, rejected[:REJECTED_KEPT],
                                min_confidence=min_confidence)
    for name, data in outputs.items():
        atomic_write(out / name, data)
        written.append(out / name)
    # graph.trig last: it is what a removal reads, so a removal killed before this point
    # still finds the documents in it, and running it again finishes the job
    with atomic_stream(out / "graph.trig") as f:
        f.write(head + "\n".join(trig_block(g, lines) for g, lines in blocks))
    written.append(out / "graph.trig")
    write_skipped(out, skipped)
    written.append(out / ".kg-skipped.json")
    return written


def _cached_records(out: Path, docs: list[DocumentGraph]) -> dict[str, dict]:
    """The build cache's record of each remaining document (doc_id -> record), where it has one."""
    import sqlite3
    from .cache import DocumentCache, RecordError, unpack
    path = DocumentCache.path_in(out)
    if not path.is_file():
        return {}
    names = {d.doc_id: d.name for d in docs}
    found: dict[str, dict] = {}
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            for (blob,) in db.execute("SELECT data FROM docs"):
                try:
                    rec = unpack(bytes(blob))
                except (RecordError, TypeError):    # not a record: as if not cached (the graph has the row)
                    continue
                doc = rec.get("doc", {})
                if names.get(doc.get("doc_id")) == doc.get("name"):
                    found[doc["doc_id"]] = rec
        finally:
            db.close()
    except (sqlite3.Error, OSError, ValueError, KeyError):
        return {}
    return found


def _document_row(ds: Dataset, d: DocumentGraph) -> dict:
    from ..rdf.vocab import DCTERMS
    g = ds.graph(d.graph)
    doc = next(g.subjects(RDF.type, KG.Document))
    title, date = g.value(doc, DCTERMS.title), g.value(doc, DCTERMS.date)
    return {"name": d.name, "title": str(title) if title else None, "date": str(date) if date else None,
            "encoding": str(g.value(doc, KG.encoding) or ""),
            "entities": len(set(g.subjects(KG.mentionedIn, doc))), "doc_id": d.doc_id}
