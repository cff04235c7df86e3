"""Read articles from disk: files or folders (recursively), any common encoding.

Yields one ``Source`` per article.  A file that cannot be read raises
``ReadError`` with a one-line reason; ``read_paths`` turns those into
``Skipped`` records so a build goes on.
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from .model import Source, writable

TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
SUPPORTED = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES
MAX_BYTES = 200 * 1024 * 1024


class ReadError(Exception):
    """A file that cannot be read; ``str()`` is a one-line reason."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


@dataclass(frozen=True)
class Skipped:
    path: str
    reason: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "path", writable(self.path))
        object.__setattr__(self, "reason", writable(self.reason))


def iter_files(paths: Iterable[str | os.PathLike]) -> Iterator[Path]:
    """Every file named, and every supported file below every folder named, in a stable order."""
    for p in paths:
        path = Path(p)
        if path.is_dir():
            for f in sorted(path.rglob("*")):
                if f.is_file() and not any(part.startswith(".") for part in f.relative_to(path).parts):
                    yield f
        else:
            yield path


def read_paths(paths: Iterable[str | os.PathLike]) -> Iterator[Source | Skipped]:
    for f in iter_files(paths):
        try:
            yield from read_file(f)
        except ReadError as e:
            yield Skipped(e.path, e.reason)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_file(path: Path) -> list[Source]:
    if not path.exists():
        raise ReadError(str(path), "no such file")
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise ReadError(str(path), f"unsupported file type {suffix or '(none)'}")
    size = path.stat().st_size
    if size == 0:
        raise ReadError(str(path), "empty file")
    if size > MAX_BYTES:
        raise ReadError(str(path), f"too large ({size} bytes)")
    data = path.read_bytes()
    text, encoding = decode(data, str(path))
    if suffix in JSONL_SUFFIXES:
        return list(_jsonl_sources(path, text, encoding))
    if suffix in HTML_SUFFIXES:
        from .html import html_to_source
        return [html_to_source(path, text, encoding, sha256(data))]
    if not text.strip():
        raise ReadError(str(path), "no text")
    return [Source(path=str(path), name=path.name, original=text, encoding=encoding, sha256=sha256(data))]


def decode(data: bytes, where: str) -> tuple[str, str]:
    """Decode bytes: BOMs first, then strict UTF-8, then detection among Chinese encodings."""
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ReadError(where, "binary file (NUL bytes)")
    for bom, enc in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(enc), enc.replace("-sig", "")
            except UnicodeDecodeError:
                raise ReadError(where, f"undecodable bytes for {enc}") from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes
    best = from_bytes(data[:200_000], cp_isolation=["gb18030", "big5", "utf_8", "utf_16"]).best()
    order = [best.encoding] if best else []
    order += [e for e in ("gb18030", "big5") if e not in order]
    for enc in order:
        try:
            return data.decode(enc), enc.replace("_", "-")
        except (UnicodeDecodeError, LookupError):
            continue
    raise ReadError(where, "undecodable bytes (not UTF-8, GB18030 or Big5)")


def _jsonl_sources(path: Path, text: str, encoding: str) -> Iterator[Source]:
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as e:
            raise ReadError(f"{path}:{n}", f"invalid JSON ({e.msg})") from None
        if not isinstance(rec, dict) or not isinstance(rec.get("text"), str) or not rec["text"].strip():
            raise ReadError(f"{path}:{n}", "JSON line without a non-empty \"text\"")
        yield Source(path=str(path), name=f"{path.name}#{n}", original=rec["text"], encoding=encoding,
                     sha256=sha256(line.encode("utf-8")), title=_str(rec.get("title")),
                     date=_str(rec.get("date")), url=_str(rec.get("url")), fmt="jsonl")


def _str(v) -> str | None:
    return v if isinstance(v, str) and v.strip() else None
