"""Normalise an article's text for matching, keeping a map back to the original.

Each step is a small function ``Text -> Text``; ``Text`` carries, for every
character, its offset in the original, so any span found later can quote the
source.  ``STEPS`` lists them in the order they run.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from .model import Document, Source


@dataclass
class Text:
    chars: str
    offsets: list[int]      # offsets[i]: index in the original of chars[i]
    end: int                # len(original)
    repairs: int = 0
    unrepaired: int = 0

    def sub(self, pattern: re.Pattern, repl) -> "Text":
        """Regex substitution that keeps offsets: a replacement's characters map to the match start."""
        out, offs, pos = [], [], 0
        for m in pattern.finditer(self.chars):
            out.append(self.chars[pos:m.start()])
            offs.extend(self.offsets[pos:m.start()])
            r = repl(m) if callable(repl) else m.expand(repl)
            out.append(r)
            anchor = self.offsets[m.start()] if m.start() < len(self.offsets) else self.end
            offs.extend(_spread(self.offsets[m.start():m.end()], len(r), anchor))
            pos = m.end()
        out.append(self.chars[pos:])
        offs.extend(self.offsets[pos:])
        return Text("".join(out), offs, self.end, self.repairs, self.unrepaired)

    def map_chars(self, fn) -> "Text":
        """Apply a per-character function that may return zero or more characters."""
        out, offs = [], []
        for ch, o in zip(self.chars, self.offsets):
            r = fn(ch)
            out.append(r)
            offs.extend([o] * len(r))
        return Text("".join(out), offs, self.end, self.repairs, self.unrepaired)


def _spread(source_offsets: list[int], n: int, anchor: int) -> list[int]:
    """Offsets for n replacement characters: one to one where lengths agree, else the anchor."""
    if len(source_offsets) == n:
        return list(source_offsets)
    return [anchor] * n


# ---------------------------------------------------------------- steps
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"
_PINYIN_DEBRIS = re.compile(
    r"(?<=[\u3400-\u9fff])[(（]\s*[a-z" + _TONED + r"]*[" + _TONED + r"][a-z" + _TONED + r"]*\s*[)）]")


def strip_pinyin_debris(t: Text) -> Text:
    """網(wǎng) -> 網: pinyin with tone marks glued after a character by a converter."""
    n = len(_PINYIN_DEBRIS.findall(t.chars))
    out = t.sub(_PINYIN_DEBRIS, "")
    out.repairs += n
    return out


def nfkc(t: Text) -> Text:
    """Full-width letters, digits and punctuation to their plain forms (keeps Chinese punctuation)."""
    keep = set("，。、；：？！“”‘’（）《》【】")
    return t.map_chars(lambda ch: ch if ch in keep else unicodedata.normalize("NFKC", ch))


@lru_cache(maxsize=1)
def _t2s():
    import opencc
    conv = opencc.OpenCC("t2s")
    return conv.convert


def to_simplified(t: Text) -> Text:
    """Traditional to simplified script (OpenCC t2s), line by line so offsets stay exact."""
    convert = _t2s()
    out, offs, pos = [], [], 0
    for line in t.chars.splitlines(keepends=True):
        conv = convert(line)
        if len(conv) == len(line):
            out.append(conv)
        else:  # a phrase conversion changed the length: fall back to one character at a time
            out.append("".join(convert(ch) if len(convert(ch)) == 1 else ch for ch in line))
        offs.extend(t.offsets[pos:pos + len(line)])
        pos += len(line)
    return Text("".join(out), offs, t.end, t.repairs, t.unrepaired)


_FURNITURE = re.compile(
    r"^[ \t]*(?:字体大小[:：]?.*|打印|扫一扫在手机打开当前页|A\+ ?A-|【?(?:关闭|返回顶部|打印本页|关闭窗口)】?"
    r"|分享到[:：]?.*|责任编辑[:：].*)[ \t]*$", re.M)


def drop_page_furniture(t: Text) -> Text:
    return t.sub(_FURNITURE, "")


_SPACES = re.compile(r"[ \t\u00a0\u3000]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")


def tidy_whitespace(t: Text) -> Text:
    t = t.sub(_SPACES, lambda m: "" if _between_cjk(t.chars, m.start(), m.end()) else " ")
    return t.sub(_BLANK_LINES, "\n")


def _between_cjk(s: str, a: int, b: int) -> bool:
    return a > 0 and b < len(s) and _is_cjk(s[a - 1]) and _is_cjk(s[b])


def _is_cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or ch in "，。、；：？！“”（）《》"


STEPS = [strip_pinyin_debris, nfkc, to_simplified, drop_page_furniture, tidy_whitespace]


def normalise_text(original: str) -> Text:
    t = Text(original.replace("\r\n", "\n").replace("\r", "\n") if False else original,
             list(range(len(original))), len(original))
    for step in STEPS:
        t = step(t)
    return t


def normalise(source: Source) -> Document:
    t = normalise_text(source.original)
    from .metadata import extract_metadata
    meta = extract_metadata(t.chars, source)
    return Document(
        doc_id=source.sha256[:16], name=source.name, path=source.path, original=source.original,
        text=t.chars, offsets=t.offsets + [t.end], encoding=source.encoding, sha256=source.sha256,
        title=meta.title, date=meta.date, publisher=meta.publisher, url=meta.url, fmt=source.fmt,
        repairs=t.repairs, unrepaired=t.unrepaired, warnings=list(source.warnings))
