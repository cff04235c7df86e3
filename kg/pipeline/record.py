"""One article's record: what a worker sends back to the build (its named graph's triples as
formatted lines, the entity-graph subset, its report row, its rejected candidates), packed.

This is the part of a build whose code decides what is cached: ``kg.pipeline.cache.extractor_version``
hashes it with the extractor, not the build's orchestration in :mod:`kg.pipeline`.
"""
from __future__ import annotations

import gc
import os
import signal
import threading
from contextlib import contextmanager

from .cache import pack
from ..extract.article import extract
from ..rdf.graph import add_extraction
from ..model import CLASSES, Extraction, Source
from ..read.files import Skipped
from .stream import Formatter
from ..rdf.vocab import DCTERMS, KG, RDF, RDFS, document_graph_iri, document_iri


def _where(source: Source) -> str:
    """How a skipped article is named: its file, or its name inside a JSON-lines file."""
    return source.path if source.fmt != "jsonl" else source.name


ARTICLE_SECONDS = 60.0     # an article's extraction is stopped after this long (KG_ARTICLE_SECONDS)


class _OutOfTime(BaseException):
    """Raised in the extracting thread when an article's time is up (not an Exception: nothing
    inside the extractor may catch it)."""


@contextmanager
def _budget(seconds: float):
    """Stop what runs inside after ``seconds`` (SIGALRM; only where it can be had: the main thread
    of a process on a POSIX system; elsewhere, such as Dask's worker threads, no limit)."""
    if (seconds <= 0 or not hasattr(signal, "setitimer")
            or threading.current_thread() is not threading.main_thread()):
        yield
        return

    def alarm(signum, frame):
        raise _OutOfTime()
    old = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def _article_seconds() -> float:
    try:
        return float(os.environ.get("KG_ARTICLE_SECONDS", ARTICLE_SECONDS))
    except ValueError:
        return ARTICLE_SECONDS


_warm = False
_own_process = False


def own_process() -> None:
    """Say that this process is kg's own (the ``kg`` command, its workers, the benchmarks): after the
    warm-up, the long-lived tables are then hidden from the cyclic garbage collector
    (``gc.freeze``), a process-wide step a library must not take inside someone else's program."""
    global _own_process
    _own_process = True


def _warm_up() -> None:
    """Load the extractor's dictionaries and tables once, outside any article's time."""
    global _warm
    if not _warm:
        _warm = True
        try:
            extract(Source(path="", name="", original="青岛市人民政府与中国化工集团签约。", encoding="utf-8",
                           sha256="0" * 64))
        except Exception:
            pass
        if _own_process:
            # The dictionaries, gazetteers and models live as long as the process: out of the cyclic
            # collector's sight, whose full passes would otherwise walk them again and again.
            gc.freeze()


def _safe_extract(source: Source) -> Extraction | Skipped:
    seconds = _article_seconds()
    if seconds > 0:
        _warm_up()
    try:
        with _budget(seconds):
            return extract(source)
    except _OutOfTime:
        return Skipped(_where(source), f"extraction stopped after {seconds:g} s ({len(source.original):,} characters; "
                                       f"no news article takes this long: KG_ARTICLE_SECONDS sets the limit)")
    except Exception as e:  # one bad article must not stop the build
        return Skipped(_where(source), f"extraction failed: {type(e).__name__}: {e}")


_RDF_TYPE, _MONEY = frozenset([RDF.type]), frozenset([KG.MonetaryAmount])
_CLASS_TERMS = frozenset(KG[c] for c in CLASSES)
_DOCUMENT_DETAILS = frozenset([RDF.type, RDFS.label, DCTERMS.title, DCTERMS.date, KG.fileName])


def document_record(ex: Extraction) -> dict:
    """What a build keeps of one article: its named graph's triples as sorted formatted lines, the
    entity-graph subset of them (``core``: the entities, their names, relations, amounts and
    ``kg:mentionedIn``, and what the map shows of the document itself), its row of the report and its
    rejected candidates."""
    d = ex.document
    sink = _Triples()
    add_extraction(sink, ex)
    triples = list(sink)
    fmt = Formatter(bnode_scope=d.doc_id)
    lines = fmt.lines(triples)
    typed = [(s, o) for s, p, o in triples if p in _RDF_TYPE]     # (sets: rdflib's == is slow)
    entities = {s for s, o in typed if o in _CLASS_TERMS}
    amounts = {s for s, o in typed if o in _MONEY}
    keep = entities | {o for s, p, o in triples if s in entities and o in amounts}
    doc = document_iri(d.doc_id)
    # the triples are unique (dict keys), so a triple's line is the one at its position in fmt.last
    core = sorted({line for t, line in zip(triples, fmt.last)
                   if t[0] in keep or (t[0] == doc and t[1] in _DOCUMENT_DETAILS)})
    return {"doc": {"name": d.name, "title": d.title, "date": d.date, "encoding": d.encoding,
                    "entities": len(ex.entities), "doc_id": d.doc_id, "publisher": d.publisher,
                    "repairs": d.repairs, "unrepaired": d.unrepaired, "warnings": list(d.warnings)},
            "graph": str(document_graph_iri(d.doc_id)), "chars": len(d.original),
            "triples": lines, "core": core, "rejected": list(ex.rejected)}


class _Triples(dict):
    """The one method of a Graph that kg.rdf.graph's ``add_*`` functions use, into a dict (insertion order)."""

    def add(self, triple: tuple) -> None:
        self[triple] = None


def process(source: Source) -> bytes | Skipped:
    """One article, in whichever process or worker runs it: extraction then its record, packed."""
    r = _safe_extract(source)
    if isinstance(r, Skipped):
        return r
    try:
        return pack(document_record(r))
    except Exception as e:
        return Skipped(_where(source), f"graph failed: {type(e).__name__}: {e}")


def process_batch(batch: list[Source]) -> list[bytes | Skipped]:
    return [process(s) for s in batch]
