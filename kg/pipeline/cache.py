"""The per-document cache that makes rebuilds incremental.

A build keeps, under its output folder (``OUT/.kg-cache/documents.sqlite``), what it made of
each article: the article's formatted triples, its row in the report and its rejected
candidates.  The key is a hash of the article (content hash, file name, metadata given by
the file) and of the *extractor version*: a hash of kg's own code and data, the ontology and
the versions of the libraries that shape the output.  Change any of these and every entry
misses; change an article and only its entry misses.  A rebuild therefore re-extracts only
new or changed articles, and its output is the same as a full rebuild's because a cached
record is exactly what extraction would return.
"""
from __future__ import annotations

import hashlib
import json
import sqlite3
import zlib
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from ..model import Source

CACHE_DIR = ".kg-cache"
RECORD_FORMAT = 2         # 2: JSON (1 was a pickle, which runs code when loaded)
_PKG = Path(__file__).resolve().parent.parent
# Modules that cannot change what a document's record holds (they only run in the main process).
_NOT_EXTRACTION = {"cli.py", "pipeline/cache.py", "pipeline/executors.py", "views/render.py", "views/report.py",
                   "views/analyse.py", "eval/scoring.py", "rdf/store.py", "__main__.py", "pipeline/run.py",
                   "forked.py", "pipeline/outdir.py", "pipeline/remove.py", "rdf/serve.py", "rdf/guard.py",
                   "rdf/push.py", "pipeline/identity.py", "pipeline/trig.py"}   # (kg/pipeline/record.py makes records)


@lru_cache(maxsize=1)
def extractor_version() -> str:
    h = hashlib.sha256(f"record-format {RECORD_FORMAT}\n".encode())
    files = [p for p in sorted(_PKG.rglob("*")) if p.is_file() and "__pycache__" not in p.parts
             and not p.name.startswith(".") and p.suffix not in (".pyc",)
             and p.relative_to(_PKG).as_posix() not in _NOT_EXTRACTION
             and "static" not in p.relative_to(_PKG).parts and "queries" not in p.relative_to(_PKG).parts]
    # (the ontology, kg/rdf/ontology/*.ttl, is among them)
    for p in files:
        h.update(str(p.relative_to(_PKG.parent)).encode())
        h.update(b"\0")
        h.update(p.read_bytes())
        h.update(b"\0")
    for dist in ("jieba", "jieba_fast", "rdflib", "opencc-python-reimplemented", "python-crfsuite"):
        try:
            h.update(f"{dist} {metadata.version(dist)}\n".encode())
        except metadata.PackageNotFoundError:
            pass
    return h.hexdigest()[:20]


def source_key(source: Source, version: str | None = None) -> str:
    # not the folder: moving a corpus, or naming it by another path, keeps its records (nothing a
    # record holds comes from Source.path; failures, which name the path, are never cached)
    parts = [version or extractor_version(), source.sha256, source.name, source.title,
             source.date, source.url, source.fmt, source.encoding, *source.warnings]
    return hashlib.sha256("\x1f".join("" if p is None else p for p in parts).encode("utf-8")).hexdigest()


class RecordError(ValueError):
    """A cached record that does not parse as one (damaged, foreign, or an old pickle)."""


# A record is data, never code: zlib-compressed JSON (a cache folder can come from anyone).
_RECORD_KEYS = {"doc": dict, "graph": str, "chars": int, "triples": list, "core": list, "rejected": list}


def pack(record: dict) -> bytes:
    text = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
    return zlib.compress(text.encode("utf-8", "surrogatepass"), 1)


def unpack(blob: bytes) -> dict:
    """The record in ``blob``; raises :class:`RecordError` when it is not one."""
    try:
        rec = json.loads(zlib.decompress(blob).decode("utf-8", "surrogatepass"))
    except (zlib.error, UnicodeDecodeError, ValueError, RecursionError, TypeError, MemoryError) as e:
        raise RecordError(f"not a record ({type(e).__name__})") from None
    if not isinstance(rec, dict) or any(not isinstance(rec.get(k), t) for k, t in _RECORD_KEYS.items()):
        raise RecordError("not a record (fields missing)")
    if not all(isinstance(x, str) for x in rec["triples"]) or not all(isinstance(x, str) for x in rec["core"]):
        raise RecordError("not a record (triples are not text)")
    if not all(isinstance(r, list) and len(r) == 3 for r in rec["rejected"]):
        raise RecordError("not a record (rejected candidates)")
    rec["rejected"] = [tuple(r) for r in rec["rejected"]]
    return rec


class DocumentCache:
    """Records by key in one SQLite file; entries of other extractor versions are dropped on open."""

    def __init__(self, path: str | Path, version: str | None = None):
        self.path = Path(path)
        self.version = version or extractor_version()
        self._pending = 0
        self.unreadable = 0       # records that did not parse (each taken as a miss)
        self.replaced: str | None = None   # why a cache file that was no cache was started afresh
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        try:
            self._db = self._open()
        except sqlite3.DatabaseError as e:
            if isinstance(e, sqlite3.OperationalError) and "locked" in str(e):
                raise
            self.replaced = str(e)
            for p in (self.path, Path(f"{self.path}-wal"), Path(f"{self.path}-shm")):
                p.unlink(missing_ok=True)
            self._db = self._open()

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=60, isolation_level=None)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute("CREATE TABLE IF NOT EXISTS docs (key TEXT PRIMARY KEY, version TEXT, data BLOB)")
            db.execute("DELETE FROM docs WHERE version IS NOT ?", (self.version,))
            db.execute("BEGIN")
        except BaseException:
            db.close()
            raise
        return db

    @staticmethod
    def path_in(out: str | Path) -> Path:
        return Path(out) / CACHE_DIR / "documents.sqlite"

    def get(self, key: str) -> bytes | None:
        row = self._db.execute("SELECT data FROM docs WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def load(self, key: str) -> dict | None:
        """The record under ``key``, or None: a record that does not parse is a miss (counted in
        ``unreadable``; the article is extracted again and its record replaced)."""
        blob = self.get(key)
        if blob is None:
            return None
        try:
            return unpack(bytes(blob))
        except RecordError:
            self.unreadable += 1
            return None

    def put(self, key: str, blob: bytes) -> None:
        self._db.execute("INSERT OR REPLACE INTO docs (key, version, data) VALUES (?, ?, ?)",
                         (key, self.version, blob))
        self._pending += 1
        if self._pending >= 1000:
            self.commit()

    def notices(self) -> list[str]:
        """What to say about the cache itself: a file that was no cache, records that did not parse."""
        from ..model import printable
        said = []
        if self.replaced:
            said.append(f"{printable(str(self.path))}: not a cache ({printable(self.replaced)}); started afresh")
        if self.unreadable:
            said.append(f"{printable(str(self.path))}: {self.unreadable} cached record(s) did not parse; "
                        f"their articles were extracted again")
        return said

    def commit(self) -> None:
        """Make what was put so far visible to readers (:func:`read_records`)."""
        if self._db is not None:
            self._db.execute("COMMIT")
            self._db.execute("BEGIN")
            self._pending = 0

    def close(self) -> None:
        if self._db is not None:
            self._db.execute("COMMIT")
            self._db.close()
            self._db = None


def read_records(path: str | Path):
    """A read-only look into a cache file another connection writes: ``get(key) -> bytes | None``
    (for a process of its own, such as the one that writes graph.trig)."""
    db = sqlite3.connect(f"file:{Path(path).resolve()}?mode=ro", uri=True, timeout=60)

    def get(key: str) -> bytes | None:
        row = db.execute("SELECT data FROM docs WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None
    get.close = db.close      # type: ignore[attr-defined]
    return get
