"""A ``Source`` -> its ``Document``: the normalised text (``kg.read.text``) with its metadata
(``kg.read.metadata``); and the debris counts over a corpus (``tools/count_debris.py``)."""
from __future__ import annotations

from ..model import Document, Source
from .text import clean_label, normalise_text


def normalise(source: Source) -> Document:
    t = normalise_text(source.original)
    from .metadata import extract_metadata
    meta = extract_metadata(t.chars, source)
    warnings = list(source.warnings) + [f"{source.name}: {n}" for n in t.notes]
    return Document(
        doc_id=source.sha256[:16], name=source.name, path=source.path, original=source.original,
        text=t.chars, offsets=t.offsets + [t.end], encoding=source.encoding, sha256=source.sha256,
        title=clean_label(meta.title), date=clean_label(meta.date), publisher=clean_label(meta.publisher),
        url=clean_label(meta.url), fmt=source.fmt,
        repairs=t.repairs, unrepaired=t.unrepaired, warnings=warnings)


def debris_counts(paths) -> dict:
    """Repairs and leftovers over the articles under ``paths``: totals, by kind and per file."""
    from .files import read_paths, Skipped
    total = {"articles": 0, "repairs": 0, "unrepaired": 0, "kinds": {}, "files": {}}
    for src in read_paths(paths):
        if isinstance(src, Skipped):
            continue
        t = normalise_text(src.original)
        total["articles"] += 1
        total["repairs"] += t.repairs
        total["unrepaired"] += t.unrepaired
        for k, v in t.kinds.items():
            total["kinds"][k] = total["kinds"].get(k, 0) + v
        total["files"][src.name] = (t.repairs, t.unrepaired)
    return total
