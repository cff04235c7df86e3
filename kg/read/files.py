"""Read articles from disk: files or folders (recursively), any common encoding.

Yields one ``Source`` per article.  A file that cannot be read raises
``ReadError`` with a one-line reason; ``read_paths`` turns those into
``Skipped`` records so a build goes on.  Formats: ``.txt`` (and ``.text``, ``.md``),
``.html``/``.htm`` (kg/read/html.py), ``.jsonl`` (one article per line: ``text`` and
optional ``title``, ``url``, ``date``), ``.json`` (one such object or an array of them).  Encodings: UTF-8, UTF-16 with a BOM,
GB18030 (GBK, GB2312) and Big5, detected per file (``decode``: charset-normalizer's
opinion, checked by decoding strictly and scoring how much the text reads like Chinese).
"""
from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from ..model import Source, writable
from .special import not_a_file

TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
JSON_SUFFIXES = {".json"}               # one article object, or an array of them (a crawler's export)
SUPPORTED = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES | JSON_SUFFIXES
MAX_ARTICLE_BYTES = 5 * 1024 * 1024     # a text file larger than this is no article (news: < 100 KB)
MAX_HTML_BYTES = 20 * 1024 * 1024       # pages carry markup, scripts, inline images
MAX_JSONL_BYTES = 2 * 1024 ** 3         # a JSON Lines file is read line by line
MAX_JSON_BYTES = 200 * 1024 * 1024      # a JSON file is parsed whole
MAX_LINE_BYTES = 5 * 1024 * 1024        # ... and a line larger than this is skipped
STREAM_JSON_BYTES = 8 * 1024 * 1024     # a .json array larger than this is read item by item (UTF-8)

# first bytes of common non-text files -> what they are
_MAGIC = (
    (b"%PDF", "PDF document"), (b"\x89PNG", "PNG image"), (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"), (b"BM", None), (b"PK\x03\x04", "ZIP archive (or Office document)"),
    (b"\x1f\x8b", "gzip archive"), (b"Rar!", "RAR archive"), (b"7z\xbc\xaf", "7z archive"),
    (b"\x7fELF", "executable"), (b"MZ", None), (b"\xd0\xcf\x11\xe0", "Office document (OLE)"),
    (b"RIFF", "RIFF media (WebP, WAV, AVI)"), (b"II*\x00", "TIFF image"), (b"MM\x00*", "TIFF image"),
    (b"\x00\x00\x00", None), (b"ID3", "MP3 audio"), (b"OggS", "Ogg media"), (b"SQLite format 3", "SQLite database"),
)
_IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".bmp", ".webp", ".tif", ".tiff", ".svg", ".ico"}


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

    def __str__(self) -> str:
        return f"skipped {self.path}: {self.reason}"


def iter_files(paths: Iterable[str | os.PathLike]) -> Iterator[Path]:
    """Every file named, and every file below every folder named (hidden ones left out), in a stable order.

    Folders are walked lazily, one directory at a time, so a folder of many thousand
    files starts yielding at once; symbolic links to folders are not followed.
    """
    for p in paths:
        path = Path(p)
        if path.is_dir():
            yield from _walk(path)
        else:
            yield path


def _walk(folder: Path) -> Iterator[Path]:
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        yield folder            # reported by _read_any as a folder that cannot be listed
        return
    names = {e.name for e in entries}
    for e in entries:
        if e.name.startswith(".") or _page_resources(e.name, names):
            continue
        try:
            if e.is_dir(follow_symlinks=False):
                yield from _walk(Path(e.path))
            else:
                # files, and whatever else is here (links that lead nowhere, pipes, devices):
                # _read_any reads the one and names the others in one line each
                yield Path(e.path)
        except OSError:
            yield Path(e.path)


def _page_resources(name: str, siblings: set[str]) -> bool:
    """``page_files/`` beside ``page.html``: what a browser saves with a page (scripts, styles, images)."""
    for tail in ("_files", ".files", "_archivos", "-Dateien"):
        if name.endswith(tail):
            stem = name[: -len(tail)]
            return any(stem + ext in siblings for ext in (".html", ".htm", ".xhtml", ".shtml"))
    return False


def read_paths(paths: Iterable[str | os.PathLike]) -> Iterator[Source | Skipped]:
    """Every article under ``paths``; whatever cannot be read becomes a ``Skipped`` with its reason."""
    for f in iter_files(paths):
        try:
            yield from _read_any(f)
        except ReadError as e:
            yield Skipped(e.path, e.reason)
        except Exception as e:    # a reader bug must not end a build: report it as a skip
            yield Skipped(str(f), f"unreadable ({type(e).__name__}: {e})")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_file(path: str | os.PathLike) -> list[Source]:
    """The articles in one file; raises ``ReadError`` when it holds none that can be read."""
    items = list(_read_any(Path(path)))
    sources = [s for s in items if isinstance(s, Source)]
    if not sources:
        skipped = [s for s in items if isinstance(s, Skipped)]
        raise ReadError(str(path), skipped[0].reason if skipped else "no articles")
    return sources


def _read_any(path: Path) -> Iterable[Source | Skipped]:
    """The articles in one file, as a list or, for JSON Lines and large JSON arrays, as they are
    read (a file of millions of records is never held whole)."""
    where = str(path)
    try:
        odd = not_a_file(path)
        if odd:
            raise ReadError(where, odd)
        if not path.exists():
            raise ReadError(where, "no such file or folder")
        if path.is_dir():
            raise ReadError(where, "folder cannot be listed (no permission?)")
        if not path.is_file():
            raise ReadError(where, "not a regular file")
        size = path.stat().st_size
        suffix = path.suffix.lower()
        if size == 0:
            raise ReadError(where, "empty file")
        with path.open("rb") as fh:
            head = fh.read(4096)
        _check_not_binary(head, where, suffix)
        if suffix not in SUPPORTED:
            raise ReadError(where, f"unsupported file type {suffix or '(no suffix)'} "
                                   f"(expected .txt, .html, .htm, .jsonl or .json)")
        if suffix in JSONL_SUFFIXES:
            if size > MAX_JSONL_BYTES:
                raise ReadError(where, f"too large ({_mb(size)}, limit {_mb(MAX_JSONL_BYTES)})")
            return _jsonl_items(path)
        if suffix in JSON_SUFFIXES and size > STREAM_JSON_BYTES and _starts_array(head):
            if size > MAX_JSONL_BYTES:
                raise ReadError(where, f"too large ({_mb(size)}, limit {_mb(MAX_JSONL_BYTES)})")
            return _json_array_stream(path)
        limit = (MAX_HTML_BYTES if suffix in HTML_SUFFIXES else MAX_JSON_BYTES if suffix in JSON_SUFFIXES
                 else MAX_ARTICLE_BYTES)
        if size > limit:
            raise ReadError(where, f"too large for one article ({_mb(size)}, limit {_mb(limit)})")
        data = path.read_bytes()
    except OSError as e:
        raise ReadError(where, f"cannot read ({e.strerror or type(e).__name__})") from None
    if suffix in HTML_SUFFIXES:
        from .html import declared_charset, html_to_source
        text, encoding = decode(data, where, prefer=declared_charset(data))
        src = html_to_source(path, text, encoding, sha256(data))
        if not src.original.strip():
            raise ReadError(where, "no text in the page")
        big = _too_large(src.original)
        if big:
            raise ReadError(where, big)
        return [src]
    text, encoding = decode(data, where)
    if not text.strip():
        raise ReadError(where, "no text (only whitespace)")
    if suffix in JSON_SUFFIXES:
        return _json_items(path, text, encoding)
    return [Source(path=where, name=path.name, original=text, encoding=encoding, sha256=sha256(data))]


def _too_large(text: str) -> str | None:
    """The one-line reason an article's text is over ``MAX_ARTICLE_BYTES`` (as UTF-8), or None:
    the limit a .txt file has, for an article from any format (a JSON record, a page)."""
    if len(text) * 4 <= MAX_ARTICLE_BYTES:
        return None
    size = len(text.encode("utf-8", "surrogatepass"))
    if size <= MAX_ARTICLE_BYTES:
        return None
    return f"article too large ({_mb(size)} of text, limit {_mb(MAX_ARTICLE_BYTES)})"


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.0f} MB" if n >= 1024 * 1024 else f"{n} bytes"


def _check_not_binary(head: bytes, where: str, suffix: str) -> None:
    for magic, what in _MAGIC:
        if head.startswith(magic) and what:
            raise ReadError(where, f"binary file ({what}), not text")
    if suffix in _IMAGE_SUFFIXES:
        raise ReadError(where, f"image file ({suffix}), not text")
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ReadError(where, "binary file (NUL bytes), not text")


# ---------------------------------------------------------------- encodings
_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig", "utf-8"), (b"\xff\xfe", "utf-16", "utf-16"),
         (b"\xfe\xff", "utf-16", "utf-16"))
_CANDIDATES = ("gb18030", "big5", "cp950", "big5hkscs")    # cp950, HKSCS: Big5 with more characters
_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "cp936": "gb18030", "x_gbk": "gb18030",
            "utf_8": "utf-8", "utf8": "utf-8", "utf_16": "utf-16"}


def canonical_encoding(name: str | None) -> str | None:
    if not name:
        return None
    n = name.strip().lower().replace("-", "_")
    n = _ALIASES.get(n, n).replace("_", "-")
    return n


def decode(data: bytes, where: str, prefer: str | None = None) -> tuple[str, str]:
    """Decode bytes: BOMs first, then strict UTF-8, then the best of GB18030 and Big5.

    charset-normalizer gives a first opinion; every candidate is decoded strictly and
    the one whose text reads most like Chinese wins (GB18030 decodes many Big5 files
    without an error, into nonsense).  Returns (text, encoding name).
    """
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                return _text(data.decode(codec), where), name
            except UnicodeDecodeError:
                raise ReadError(where, f"undecodable bytes (starts with a {name} BOM but is not {name})") from None
    try:
        return _text(data.decode("utf-8"), where), "utf-8"
    except UnicodeDecodeError:
        pass
    order = [canonical_encoding(prefer)] if prefer else []
    order += [_detected(data)] + list(_CANDIDATES)
    tried: dict[str, str] = {}
    for enc in order:
        if not enc or enc in tried or enc == "utf-8":
            continue
        try:
            tried[enc] = data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
    if tried:
        enc = max(tried, key=lambda e: (chinese_score(tried[e]), -list(tried).index(e)))
        if chinese_score(tried[enc]) >= 0.5:
            return _text(tried[enc], where), enc
    # a few bad bytes (a truncated last character, a damaged sector): the best decoding
    # with them as U+FFFD, which the normaliser counts and reports as unrepaired debris
    best = None
    for enc in ["utf-8"] + [e for e in order if e and e != "utf-8"]:
        try:
            text = data.decode(enc, errors="replace")
        except LookupError:
            continue
        bad = text.count("\ufffd")
        if bad <= max(3, len(text) // 200) and chinese_score(text) >= 0.5:
            if best is None or (bad, -chinese_score(text)) < (best[2], -chinese_score(best[0])):
                best = (text, enc, bad)
    if best:
        return _text(best[0], where), best[1]
    raise ReadError(where, "undecodable bytes (not UTF-8, UTF-16, GB18030 or Big5)")


def _detected(data: bytes) -> str | None:
    try:
        from charset_normalizer import from_bytes
        best = from_bytes(data[:65536], cp_isolation=["gb18030", "big5", "utf_8"]).best()
    except Exception:
        return None
    return canonical_encoding(best.encoding) if best else None


def chinese_score(text: str, sample: int = 20000) -> float:
    """How much ``text`` reads like Chinese or plain text: share of characters that are
    ASCII, common Chinese characters (in either script) or CJK punctuation."""
    from .mojibake import common_chars
    from .script import simplify_char
    common = common_chars()
    s = text[:sample]
    chars = [c for c in s if not c.isspace()]
    if not chars:
        return 0.0
    good = 0
    for c in chars:
        if (c.isascii() and c.isprintable()) or "\u3000" <= c <= "\u303f" or "\uff00" <= c <= "\uffef" \
                or simplify_char(c) in common:
            good += 1
    return good / len(chars)


def _text(text: str, where: str) -> str:
    """Decoded text, refused when it is mostly control characters (a binary file)."""
    sample = text[:8192]
    ctrl = sum(1 for c in sample if ord(c) < 32 and c not in "\n\r\t\f\v")
    if sample and ctrl > len(sample) * 0.05:
        raise ReadError(where, "binary file (control characters), not text")
    return text


# ---------------------------------------------------------------- JSON Lines
_TEXT_KEYS = ("text", "content", "body")
_MARKUP = re.compile(r"<(?:p|div|br|span|section|article|table|td|img|a)[\s>/]", re.I)


def _jsonl_items(path: Path) -> Iterator[Source | Skipped]:
    """One ``Source`` per good line; a ``Skipped`` (named ``file.jsonl:N``) per bad one."""
    encoding = None
    with path.open("rb") as fh:
        head = fh.read(2)
    if head in (b"\xff\xfe", b"\xfe\xff"):      # UTF-16: lines are not byte lines
        text, _ = decode(path.read_bytes(), str(path))
        for n, line in enumerate(text.splitlines(), 1):
            if line.strip():
                yield _jsonl_record(path, n, line, line.encode("utf-8"), "utf-16")
        return
    with path.open("rb") as fh:
        for n, raw, size in _byte_lines(fh):
            where = f"{path}:{n}"
            if raw is None:
                yield Skipped(where, f"line too large ({_mb(size)}, limit {_mb(MAX_LINE_BYTES)})")
                continue
            if not raw.strip():
                continue
            try:
                line = raw.decode(encoding) if encoding else None
            except UnicodeDecodeError:
                line = None
            if line is None:
                try:
                    line, encoding = decode(raw, where)
                except ReadError as e:
                    yield Skipped(where, e.reason)
                    continue
            line = line.lstrip("\ufeff")
            yield _jsonl_record(path, n, line, raw, encoding or "utf-8")


def _byte_lines(fh) -> Iterator[tuple[int, bytes | None, int]]:
    """(line number, bytes, size) per line; bytes is None for a line over ``MAX_LINE_BYTES``,
    which is skipped through without being held in memory."""
    n = 0
    while True:
        raw = fh.readline(MAX_LINE_BYTES + 1)
        if not raw:
            return
        n += 1
        if len(raw) <= MAX_LINE_BYTES or raw.endswith(b"\n"):
            yield n, raw, len(raw)
            continue
        size = len(raw)
        while not raw.endswith(b"\n"):
            raw = fh.readline(1 << 20)
            if not raw:
                break
            size += len(raw)
        yield n, None, size


def _jsonl_record(path: Path, n: int, line: str, raw: bytes, encoding: str) -> Source | Skipped:
    where = f"{path}:{n}"
    try:
        rec = json.loads(line)
    except json.JSONDecodeError as e:
        return Skipped(where, f"invalid JSON ({e.msg} at column {e.colno})")
    except RecursionError:
        return Skipped(where, "invalid JSON line (nested too deeply)")
    except ValueError as e:          # a number of thousands of digits
        return Skipped(where, f"invalid JSON line ({_first_line(str(e))})")
    try:
        return _record(path, n, rec, sha256(raw.strip()), encoding, "JSON line")
    except (RecursionError, ValueError) as e:
        return Skipped(where, f"unreadable JSON line ({type(e).__name__})")


def _first_line(text: str, limit: int = 120) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line[:limit]


def _record(path: Path, n: int, rec, digest: str, encoding: str, what: str) -> Source | Skipped:
    """One article from a JSON object: ``text`` (or ``content``, ``body``), optional ``title``,
    ``url``, ``date``, ``publisher`` (or ``source``)."""
    where = f"{path}:{n}"
    if not isinstance(rec, dict):
        return Skipped(where, f"{what} is not an object")
    text = next((rec[k] for k in _TEXT_KEYS if isinstance(rec.get(k), str)), None)
    if text is not None and _MARKUP.search(text):      # crawlers often keep the page's markup
        from .html import markup_text
        text = markup_text(text)
    if text is None or not text.strip():
        return Skipped(where, f'{what} without a non-empty "text"')
    big = _too_large(text)
    if big:
        return Skipped(where, big)
    return Source(path=str(path), name=f"{path.name}#{n}", original=text, encoding=encoding,
                  sha256=digest, title=_str(rec.get("title")), date=_str(rec.get("date")),
                  url=_str(rec.get("url")), fmt="jsonl",
                  publisher=_str(rec.get("publisher")) or _str(rec.get("source")))


def _json_items(path: Path, text: str, encoding: str) -> list[Source | Skipped]:
    """A ``.json`` file: one article object, an array of them, or an object holding such an
    array (``{"articles": [...]}``); JSON Lines saved as ``.json`` are read as such."""
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as e:
        if e.msg == "Extra data":        # one object per line after all
            return list(_jsonl_items(path))
        raise ReadError(str(path), f"invalid JSON ({e.msg} at line {e.lineno})") from None
    if isinstance(doc, dict) and not any(isinstance(doc.get(k), str) for k in _TEXT_KEYS):
        lists = [v for v in doc.values() if isinstance(v, list)]
        if len(lists) == 1:
            doc = lists[0]
    records = doc if isinstance(doc, list) else [doc]
    return [_record(path, n, rec, sha256(json.dumps(rec, ensure_ascii=False, sort_keys=True).encode("utf-8",
                    "surrogatepass")), encoding, "JSON record") for n, rec in enumerate(records, 1)]


def _starts_array(head: bytes) -> bool:
    return head.removeprefix(b"\xef\xbb\xbf").lstrip(b" \t\r\n")[:1] == b"["


def _json_array_stream(path: Path, chunk: int = 1 << 20) -> Iterator[Source | Skipped]:
    """A large ``.json`` array read item by item (kg.read.json_stream): the same ``Source``s (and
    ``Skipped``s) as :func:`_json_items` gives, holding one item and a chunk of the file at a time.
    The file must be UTF-8 (as JSON is); where it stops being valid the rest is skipped in one line."""
    from .json_stream import ArrayError, iter_array
    n = 0
    with path.open("rb") as fh:
        try:
            for item in iter_array(fh, chunk=chunk, max_item=MAX_JSON_BYTES):
                n += 1
                try:
                    digest = sha256(json.dumps(item, ensure_ascii=False, sort_keys=True).encode("utf-8", "surrogatepass"))
                    yield _record(path, n, item, digest, "utf-8", "JSON record")
                except (RecursionError, ValueError) as e:
                    yield Skipped(f"{path}:{n}", f"unreadable JSON record ({type(e).__name__})")
        except ArrayError as e:
            yield Skipped(f"{path}:{n + 1}" if n or e.started else str(path),
                          f"{e}; the rest of the array is not read" if n else str(e))


def _str(v) -> str | None:
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        v = str(v)
    return v.strip() if isinstance(v, str) and v.strip() else None
