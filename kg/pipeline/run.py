"""``build``: articles in, graph, map and report out.  The CLI is a thin layer over this.

The road, and what runs where::

    read (here, streaming) -> [extract -> per-document triples]  (workers: --jobs N or a Dask cluster)
         -> per-document cache (OUT/.kg-cache) -> external sort -> graph.ttl, graph.trig (streaming)
         -> analysis graph -> map.html, report.md, report.html

Nothing holds every article: each article is read, sent to a worker, turned into its own
named graph's triples (formatted as Turtle terms) there, and only that record comes back;
the text is dropped.  Records are taken back in input order whatever the executor, and
both graph files are written from the sorted set of triples, so ``--jobs N``, ``--jobs 1``,
a Dask cluster and an incremental rebuild all write the same bytes.
"""
from __future__ import annotations

import os
import tempfile
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from ..views.analyse import Triples
from ..atomic import atomic_stream, atomic_write
from .. import forked
from .cache import DocumentCache, extractor_version, source_key, unpack
from .executors import make_executor
from .outdir import LOCK, output_folder, undo
from .skips import REMOVED_FILE, SKIPPED_FILE, _Repeats, read_skipped, write_skipped  # noqa: F401
from ..model import HELD_BACK, PREDICATES, Extraction, Source
from ..read.files import Skipped, read_paths
from .record import _safe_extract, document_record, process, process_batch  # noqa: F401 (process: the API)
from ..views.confidence import DEFAULT_MIN_CONFIDENCE
from ..views.report import render_outputs
from .stream import (SEP, ExternalSort, parse_term, prefix_lines,
                     turtle_body)
from .identity import Identity, rewrite
from .trig import write_trig

Progress = Callable[[str], None]
Advance = Callable[[int], None]     # bytes of input done (an article's size in its file, a skipped file's size)


def _size(item: Source) -> int:
    """About how many bytes of its file an article took (for the progress estimate)."""
    try:
        return len(item.original.encode(item.encoding or "utf-8", errors="replace"))
    except LookupError:
        return len(item.original.encode("utf-8", errors="replace"))


def _where(item: Source) -> str:
    """The file of an article, with its line for one of a JSON Lines file."""
    return item.path if Path(item.path).name == item.name else str(Path(item.path).with_name(item.name))


def _skipped_size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except (OSError, ValueError):
        return 0

# The map and the report are drawn from the whole union up to this many triples (held as a
# kg.views.facts.Triples, about 200 bytes a triple); above it, from the entity graph only (entities,
# their names, relations, amounts and a few of their documents, no evidence nodes; at most
# ANALYSIS_MAX_ENTITIES entities, those named in the most documents), so memory stays bounded.
ANALYSIS_FULL_LIMIT = 250_000
ANALYSIS_MAX_ENTITIES = 5_000   # above the limit, the entity graph keeps the entities named in most documents
ANALYSIS_DOCS_PER_ENTITY = 10   # and, for each, its first documents: 中国 in 50,000 articles would fill memory
REJECTED_KEPT = 1000          # rejected candidates kept for the report (best first)
BATCH_CHARS = 40_000          # articles go to workers in batches of about this many characters
BATCH_DOCS = 32


@dataclass
class BuildResult:
    out: Path
    documents: list[dict] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    entities: int = 0
    relations: int = 0
    triples: int = 0
    files: list[Path] = field(default_factory=list)
    extracted: int = 0        # articles extracted by this build
    reused: int = 0           # articles whose record came from the cache
    characters: int = 0       # characters of the articles read (original text)
    analysis: str = "full"    # "full" or "entities": which graph the map and report were drawn from
    seconds: dict[str, float] = field(default_factory=dict)   # wall time of each phase
    duplicates: list[tuple[str, str]] = field(default_factory=list)   # (file dropped, file that kept its content)
    warnings: list[str] = field(default_factory=list)   # the articles' warnings (garbled spans...), in input order
    notices: list[str] = field(default_factory=list)    # about the build itself (a cache that did not parse)


class EmptyBuild(ValueError):
    """Nothing was read: a build refuses to replace the folder's files with empty ones."""


class _Batch:
    __slots__ = ("sources", "chars", "future", "results")

    def __init__(self):
        self.sources: list[Source] = []
        self.chars = 0
        self.future = None
        self.results = None


def _records(inputs, executor, cache: DocumentCache, counts: dict) -> Iterator[tuple]:
    """("skip", Skipped) | ("dup", where, kept, size) | ("doc", key, blob or record, fresh, size) for
    each article, in input order (a fresh article's packed record, a cached one's record)."""
    seen: dict[str, str] = {}          # content hash -> the path that kept it
    window: deque = deque()
    current: _Batch | None = None
    in_flight = 0

    def submit() -> None:
        nonlocal current, in_flight
        if current is not None and current.sources:
            current.future = executor.submit(process_batch, current.sources)
            in_flight += 1
        current = None

    def drain(block: bool) -> Iterator[tuple]:
        """Pop every finished entry at the head; with ``block``, wait for the first one."""
        nonlocal in_flight
        while window:
            entry = window[0]
            if entry[0] == "todo":
                batch, i, size = entry[2], entry[3], entry[4]
                if batch.results is None:
                    if batch.future is None:
                        if not block:
                            return
                        submit()
                    if not block and not batch.future.done():
                        return
                    batch.results = batch.future.result()
                    batch.future = None
                    in_flight -= 1
                r = batch.results[i]
                batch.results[i] = None
                window.popleft()
                yield ("skip", r) if isinstance(r, Skipped) else ("doc", entry[1], r, True, size)
            else:
                window.popleft()
                yield entry
            block = False

    for item in read_paths(inputs):
        if isinstance(item, Skipped):
            window.append(("skip", item))
        elif item.sha256 in seen:
            window.append(("dup", _where(item), seen[item.sha256], _size(item)))
        else:
            seen[item.sha256] = _where(item)
            key = source_key(item, cache.version)
            record = cache.load(key)
            counts["characters"] += len(item.original)
            if record is not None:
                window.append(("doc", key, record, False, _size(item)))
            else:
                if current is None:
                    current = _Batch()
                window.append(("todo", key, current, len(current.sources), _size(item)))
                current.sources.append(item)
                current.chars += len(item.original)
                if current.chars >= BATCH_CHARS or len(current.sources) >= BATCH_DOCS:
                    submit()
        yield from drain(False)
        while in_flight >= executor.window or len(window) > 20_000:
            yield from drain(True)
    submit()
    while window:
        yield from drain(True)


def build(inputs: Iterable[str | os.PathLike], out: str | os.PathLike = "out", jobs: int = 1,
          progress: Progress | None = None, warn: Callable[[str], None] | None = None,
          executor: str = "local", scheduler: str | None = None, client=None,
          cache: bool = True, allow_empty: bool = False, advance: Advance | None = None,
          min_confidence: float = DEFAULT_MIN_CONFIDENCE) -> BuildResult:
    """Build ``graph.ttl``, ``graph.trig``, ``map.html`` and ``report.md`` in ``out``.

    ``jobs``: worker processes on this machine; ``executor="dask"`` with ``scheduler`` (an address)
    or ``client`` (a ``distributed.Client``) runs extraction on a Dask cluster instead.  ``cache``:
    keep per-article records in ``out/.kg-cache`` so that a rebuild extracts only new or changed
    articles.  Whatever the executor, the files are the same bytes.  ``progress`` is called with the
    name of each article (or skipped file) done, ``advance`` with about how many bytes of input it
    took (for an estimate of the time left); ``warn`` with each warning as it comes (they are also
    gathered in ``result.warnings``).

    When no article was read (no file, or every file skipped), raises :class:`EmptyBuild` and leaves
    ``out`` as it was, unless ``allow_empty``.  Duplicates (the same content twice) are read once:
    ``result.duplicates`` names each file dropped and the file that kept its content.
    ``min_confidence``: the rankings, money tables and analysis of the reports, and the map's first
    view, count only the entities and relations whose confidence reaches it; the graph keeps all
    (:mod:`kg.views.confidence`).
    """
    out = Path(out)
    for parent in (out, *out.parents):
        if parent.exists():
            if not parent.is_dir():
                raise NotADirectoryError(f"{out}: {parent} is a file, not a folder")
            break
    made = [p for p in (out, *out.parents) if not p.exists()]
    cache_made = not DocumentCache.path_in(out).parent.exists()
    lock_made = not (out / LOCK).exists()
    try:
        with output_folder(out) as stage:
            result = _build(inputs, out, stage.dir, jobs, progress, warn, executor, scheduler, client, cache,
                            allow_empty, advance, min_confidence)
            stage.commit(list(OUTPUTS))
    except EmptyBuild:
        undo(out, made, DocumentCache.path_in(out).parent if cache_made else None, lock_made)
        raise
    result.files = [out / f.name for f in result.files]
    return result


OUTPUTS = ("graph.ttl", "graph.trig", "map.html", "report.md", "report.html", SKIPPED_FILE, REMOVED_FILE)


def _build(inputs, out: Path, dest: Path, jobs: int, progress, warn, executor: str, scheduler, client,
           cache: bool, allow_empty: bool, advance: Advance | None,
           min_confidence: float = DEFAULT_MIN_CONFIDENCE) -> BuildResult:
    """The build, its outputs written into ``dest`` (the staging folder); cache and work files in ``out``."""
    result = BuildResult(out=out)
    t0 = time.perf_counter()
    rejected: list[tuple[str, str, float]] = []
    graphs: list[tuple[str, str]] = []       # (graph IRI, cache key) of every document
    counts = {"characters": 0}
    repeats = _Repeats()
    with tempfile.TemporaryDirectory(dir=out, prefix=".kg-build-") as tmp:
        tmp = Path(tmp)
        store = DocumentCache(DocumentCache.path_in(out) if cache else tmp / "records.sqlite", extractor_version())
        union, core = ExternalSort(tmp, prefix="union"), ExternalSort(tmp, prefix="core")
        identity = Identity()               # every article's entity names: the cross-article merge
        runner = make_executor(executor, jobs, scheduler, client)
        try:
            for rec in _records(list(inputs), runner, store, counts):
                if rec[0] == "skip":
                    r = rec[1]
                    if repeats.first(r.path, r.reason):
                        result.skipped.append((r.path, r.reason))
                        if warn:
                            warn(f"{r.path}: {r.reason}")
                    if progress:
                        progress(r.path)
                    if advance:
                        advance(_skipped_size(r.path))
                    continue
                if rec[0] == "dup":
                    result.duplicates.append((rec[1], rec[2]))
                    if advance:
                        advance(rec[3])
                    continue
                _, key, blob, fresh, size = rec
                if fresh:
                    store.put(key, blob)
                    result.extracted += 1
                    d = unpack(blob)
                else:
                    result.reused += 1
                    d = blob
                for w in d["doc"].get("warnings", ()):
                    result.warnings.append(w)
                    if warn:
                        warn(w)
                union.extend(d["triples"])
                identity.add(d["triples"])
                core.extend(d["core"])
                graphs.append((d["graph"], key))
                result.documents.append(d["doc"])
                if d["rejected"]:
                    rejected.extend(d["rejected"])
                    if len(rejected) > 20 * REJECTED_KEPT:
                        rejected = _best(rejected)
                if progress:
                    progress(d["doc"]["name"])
                if advance:
                    advance(size)
        finally:
            runner.close()
        for where, reason, more in repeats.summary():
            result.skipped.append((where, reason))
            if warn:
                warn(f"{where}: {reason}")
        result.notices += store.notices()
        for note in result.notices:
            if warn:
                warn(note)
        result.characters = counts["characters"]
        if not result.documents and not allow_empty:
            store.close()
            what = (f"every file was skipped ({len(result.skipped)}: {result.skipped[0][0]}: {result.skipped[0][1]})"
                    if result.skipped else "no article file found")
            raise EmptyBuild(f"nothing was read: {what}; {out} left as it was (--allow-empty to build an empty graph)")
        t1 = time.perf_counter()
        result.seconds["extract"] = t1 - t0

        store.commit()
        merges = identity.merges()
        del identity
        if merges:                          # the merged nodes' lines, sorted again
            union, core = (_merged(lines, merges, tmp, name) for lines, name in ((union, "munion"), (core, "mcore")))
        trig = (forked.start(write_trig, dest / "graph.trig", graphs, store.path, merges)
                if jobs > 1 and executor == "local" else None)   # beside graph.ttl, in a process of its own
        analysis_lines: list[str] | None = []
        mentions: dict[str, int] = {}      # entity (formatted) -> documents that mention it
        n_relations = 0
        try:
            with atomic_stream(dest / "graph.ttl") as f:
                f.write("\n".join(prefix_lines()) + "\n\n")
                n = 0

                def counted(lines):
                    nonlocal n, n_relations, analysis_lines
                    for line in lines:
                        n += 1
                        p = line[line.index(SEP) + 1:line.rindex(SEP)]
                        if p == _MENTIONED_IN:
                            s = line[:line.index(SEP)]
                            mentions[s] = mentions.get(s, 0) + 1
                        elif p in _RELATION_PREDICATES:
                            n_relations += 1
                        if analysis_lines is not None:
                            analysis_lines.append(line)
                            if len(analysis_lines) > ANALYSIS_FULL_LIMIT:
                                analysis_lines = None
                        yield line
                for piece in turtle_body(counted(union)):
                    f.write(piece)
        except BaseException:
            if trig is not None:
                trig.cancel()      # graph.trig must not outlive a graph.ttl that failed
            raise
        result.triples = n
        result.files.append(dest / "graph.ttl")

        if trig is None:
            write_trig(dest / "graph.trig", graphs, store.path, merges)
        else:
            trig.wait()
        result.files.append(dest / "graph.trig")
        store.close()
        del graphs
        t2 = time.perf_counter()
        result.seconds["write graph"] = t2 - t1

        if analysis_lines is None:
            result.analysis = "entities"
            analysis_lines = _entity_graph_lines(core, mentions)
        graph = Triples()                  # not an rdflib Graph: a tenth of its memory a triple
        terms: dict[str, object] = {}      # each formatted term parsed once: subjects and predicates recur
        for line in analysis_lines:
            s, p, o = line.split(SEP)
            graph.add(terms.get(s) or terms.setdefault(s, parse_term(s)),
                      terms.get(p) or terms.setdefault(p, parse_term(p)),
                      terms.get(o) or terms.setdefault(o, parse_term(o)))
        del analysis_lines, terms
        n_entities = len(mentions)
        mentions.clear()                   # (half a million entities at 100k articles: not needed now)
    t3 = time.perf_counter()
    result.seconds["analysis graph"] = t3 - t2

    rejected = _best(rejected)
    outputs = _render(graph, result, rejected, jobs if executor == "local" else 1, min_confidence)
    if result.analysis == "entities":   # the map shows the best-known entities; the counts are the graph's
        result.entities, result.relations = n_entities, n_relations
    for name, data in outputs.items():
        atomic_write(dest / name, data)
        result.files.append(dest / name)
    write_skipped(dest, result.skipped)
    atomic_write(dest / REMOVED_FILE, "[]\n")          # (kg remove's list starts afresh)
    result.seconds["map and report"] = time.perf_counter() - t3
    return result




def _render(graph: Triples, result: BuildResult, rejected: list[tuple[str, str, float]], jobs: int,
            min_confidence: float = DEFAULT_MIN_CONFIDENCE) -> dict[str, str]:
    """map.html, report.md and report.html from the analysis graph (kg.views.report.render_outputs)."""
    net, outputs = render_outputs(graph, result.documents, result.skipped, rejected, jobs=jobs,
                                  duplicates=result.duplicates, min_confidence=min_confidence)
    result.entities, result.relations = net.number_of_nodes(), net.number_of_edges()
    return outputs


def _merged(lines: ExternalSort, merges: dict, tmp: Path, prefix: str) -> ExternalSort:
    """The sorted lines with kg.pipeline.identity's merges applied, sorted again (on disk)."""
    out, chunk = ExternalSort(tmp, prefix=prefix), []
    for line in rewrite(lines, merges):
        chunk.append(line)
        if len(chunk) >= 50_000:        # (extend spills a run only between calls)
            out.extend(chunk)
            chunk = []
    out.extend(chunk)
    return out


_MENTIONED_IN = "kg:mentionedIn"
_RELATION_PREDICATES = frozenset(f"kg:{p}" for p in PREDICATES)


def _entity_graph_lines(core: ExternalSort, mentions: dict[str, int]) -> Iterator[str]:
    """The entity graph of a large build: the ANALYSIS_MAX_ENTITIES entities named in the most
    documents, their names, the relations among them, their amounts, and for each its first
    ANALYSIS_DOCS_PER_ENTITY documents (中国 in 50,000 articles would fill memory): bounded
    whatever the corpus's size.  The counts in the report come from the whole graph."""
    top = set(sorted(mentions, key=lambda e: (-mentions[e], e))[:ANALYSIS_MAX_ENTITIES])
    amounts, docs, docs_of = set(), set(), {}
    for line in core:
        s, p, o = line.split(SEP)
        if s not in top or not o.startswith("<") or o in mentions:
            continue
        if p != _MENTIONED_IN:
            amounts.add(o)
        elif docs_of.get(s, 0) < ANALYSIS_DOCS_PER_ENTITY:
            docs_of[s] = docs_of.get(s, 0) + 1
            docs.add(o)
    for line in core:
        s, p, o = line.split(SEP)
        if s in top:
            if o in top or (o not in mentions and (p != _MENTIONED_IN or o in docs and docs_of.get(s, 0) > 0)):
                if p == _MENTIONED_IN:
                    docs_of[s] -= 1
                yield line
        elif s in amounts or s in docs:
            yield line


def _best(rejected: list[tuple[str, str, float]]) -> list[tuple[str, str, float]]:
    """The grammar's surest rejections and the model's closest calls, REJECTED_KEPT of each."""
    rejected.sort(key=lambda t: (-t[2], t[0], t[1]))
    held = [t for t in rejected if t[1].startswith(HELD_BACK)]
    return [t for t in rejected if not t[1].startswith(HELD_BACK)][:REJECTED_KEPT] + held[:REJECTED_KEPT]


def extract_all(inputs: Iterable[str | os.PathLike], jobs: int = 1,
                progress: Progress | None = None) -> Iterator[Extraction | Skipped]:
    """Every article's Extraction in input order (for callers that want the extractions themselves;
    ``build`` does not hold them).  With ``jobs > 1`` in worker processes, same order, same results."""
    seen: set[str] = set()

    def unique() -> Iterator[Source | Skipped]:
        for item in read_paths(inputs):
            if isinstance(item, Source):
                if item.sha256 in seen:
                    continue
                seen.add(item.sha256)
            yield item

    runner = make_executor("local", jobs)
    try:
        pending: deque = deque()
        for it in unique():
            pending.append(it if isinstance(it, Skipped) else runner.submit(_safe_extract, it))
            while len(pending) > 4 * max(1, jobs) or (pending and not hasattr(pending[0], "result")):
                r = pending.popleft()
                r = r if isinstance(r, Skipped) else r.result()
                if progress:
                    progress(r.document.name if isinstance(r, Extraction) else r.path)
                yield r
        while pending:
            r = pending.popleft()
            r = r if isinstance(r, Skipped) else r.result()
            if progress:
                progress(r.document.name if isinstance(r, Extraction) else r.path)
            yield r
    finally:
        runner.close()
