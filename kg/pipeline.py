"""``build``: articles in, graph, map and report out.  The CLI is a thin layer over this."""
from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from .analyse import to_networkx
from .atomic import atomic_write
from .extract import extract
from .graph import build_dataset, serialize_trig, union_graph
from .model import Extraction, Source
from .read import Skipped, read_paths
from .render import render_map
from .report import render_report

Progress = Callable[[str], None]


@dataclass
class BuildResult:
    out: Path
    documents: list[dict] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    entities: int = 0
    relations: int = 0
    triples: int = 0
    files: list[Path] = field(default_factory=list)


def _safe_extract(source: Source) -> Extraction | Skipped:
    try:
        return extract(source)
    except Exception as e:  # one bad article must not stop the build
        return Skipped(source.path if source.fmt != "jsonl" else source.name, f"extraction failed: {type(e).__name__}: {e}")


def extract_all(inputs: Iterable[str | os.PathLike], jobs: int = 1,
                progress: Progress | None = None) -> Iterator[Extraction | Skipped]:
    """Extract every article in order; with ``jobs > 1`` in worker processes, same order, same results."""
    seen: set[str] = set()

    def unique_sources() -> Iterator[Source | Skipped]:
        for item in read_paths(inputs):
            if isinstance(item, Source):
                if item.sha256 in seen:
                    continue
                seen.add(item.sha256)
            yield item

    items = unique_sources()
    if jobs <= 1:
        results = (it if isinstance(it, Skipped) else _safe_extract(it) for it in items)
        for r in results:
            if progress:
                progress(r.document.name if isinstance(r, Extraction) else r.path)
            yield r
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        batch = list(items)
        futures = [None if isinstance(it, Skipped) else pool.submit(_safe_extract, it) for it in batch]
        for it, fut in zip(batch, futures):
            r = it if fut is None else fut.result()
            if progress:
                progress(r.document.name if isinstance(r, Extraction) else r.path)
            yield r


def build(inputs: Iterable[str | os.PathLike], out: str | os.PathLike = "out", jobs: int = 1,
          progress: Progress | None = None, warn: Callable[[str], None] | None = None) -> BuildResult:
    out = Path(out)
    result = BuildResult(out=out)
    extractions: list[Extraction] = []
    rejected: list[tuple[str, str, float]] = []
    for r in extract_all(list(inputs), jobs, progress):
        if isinstance(r, Skipped):
            result.skipped.append((r.path, r.reason))
            if warn:
                warn(f"{r.path}: {r.reason}")
            continue
        extractions.append(r)
        rejected.extend(r.rejected)
        d = r.document
        result.documents.append({"name": d.name, "title": d.title, "date": d.date, "encoding": d.encoding,
                                 "entities": len(r.entities), "doc_id": d.doc_id})
    ds = build_dataset(extractions)
    graph = union_graph(ds)
    net = to_networkx(graph)
    result.entities, result.relations, result.triples = net.number_of_nodes(), net.number_of_edges(), len(graph)
    rejected.sort(key=lambda t: (-t[2], t[0], t[1]))
    outputs = {
        "graph.ttl": graph.serialize(format="turtle"),
        "graph.trig": serialize_trig(ds),
        "map.html": render_map(net),
        "report.md": render_report(net, result.documents, result.skipped, rejected),
    }
    for name, data in outputs.items():
        atomic_write(out / name, data)
        result.files.append(out / name)
    return result
