"""Normalise an article's text for matching, keeping a map back to the original.

Each step is a small function ``Text -> Text``; ``Text`` carries, for every
character, its offset in the original, so any span found later can quote the
source.  ``STEPS`` lists them in the order they run:

1. ``unify_newlines``      CR LF / CR -> LF
   ``drop_controls``       C0 and C1 controls but tab and newline dropped (NUL, BEL, ESC reach no
                           label, no terminal, no XML); VT, FF, NEL, U+2028/2029 -> LF; bidi
                           embeddings, overrides and isolates (U+202A-202E, U+2066-2069) dropped
2. ``repair_mojibake``     shifted-GBK runs (``?。ㄒ唬┐罅ν苿`` -> ``　（一）大力推``), see kg/read/mojibake.py
3. ``strip_pinyin_debris`` ``網(wǎng)`` -> ``網``, also ``會(huì )`` and the ``dòng)`` left after a ``?``
4. ``drop_lost_indent``    ``????`` at a paragraph start (a lost full-width indent), lines of ``?`` only
5. ``fold_width``          NFKC, except Chinese punctuation (，。：；！？“”（）… stay full width, so
                           sentence ends and clause commas keep their meaning); an ASCII ``, ; : !``
                           right after a Chinese character becomes full width (``年,市`` -> ``年，市``)
6. ``to_simplified``       traditional -> simplified with OpenCC's t2s dictionaries, one char for one
                           char (the original script stays readable through ``offsets``)
7. ``drop_page_furniture`` ``字体大小: 打印``, ``扫一扫在手机打开当前页``, ``A+ A-`` ... (kg/data/furniture.txt)
8. ``tidy_whitespace``     one space at most; none between Chinese characters in running text
                           (kept in short lines: titles, info lines); blank lines dropped, "\\n" kept

``Text.repairs`` counts debris spans repaired (by kind in ``Text.kinds``);
``Text.unrepaired`` counts ``?`` runs next to Chinese text that are still there at the end.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from . import mojibake
from .script import simplify, simplify_char  # noqa: F401 (simplify_char: kept importable from here)
from ..resources import data_file


@dataclass
class Text:
    chars: str
    offsets: list[int]      # offsets[i]: index in the original of chars[i]
    end: int                # len(original)
    repairs: int = 0
    unrepaired: int = 0
    kinds: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, original: str) -> "Text":
        return cls(original, list(range(len(original))), len(original))

    def _with(self, chars: str, offsets: list[int]) -> "Text":
        return Text(chars, offsets, self.end, self.repairs, self.unrepaired, dict(self.kinds), list(self.notes))

    def count(self, kind: str, n: int = 1) -> None:
        if n:
            self.repairs += n
            self.kinds[kind] = self.kinds.get(kind, 0) + n

    def replace(self, spans: list[tuple[int, int, str]]) -> "Text":
        """Replace non-overlapping, sorted ``(start, end, new)`` spans, keeping offsets."""
        out, offs, pos = [], [], 0
        for a, b, new in spans:
            out.append(self.chars[pos:a])
            offs.extend(self.offsets[pos:a])
            out.append(new)
            offs.extend(_spread(self.offsets[a:b], len(new), self.offsets[a] if a < len(self.offsets) else self.end))
            pos = b
        out.append(self.chars[pos:])
        offs.extend(self.offsets[pos:])
        return self._with("".join(out), offs)

    def sub(self, pattern: re.Pattern, repl) -> "Text":
        """Regex substitution that keeps offsets."""
        if callable(repl):
            make = repl
        elif "\\" in repl:
            make = lambda m: m.expand(repl)    # noqa: E731
        else:
            make = lambda m: repl              # noqa: E731
        spans = [(m.start(), m.end(), make(m)) for m in pattern.finditer(self.chars)]
        return self.replace(spans) if spans else self

    def map_chars(self, fn) -> "Text":
        """Apply a per-character function that may return zero or more characters."""
        out, offs = [], []
        for ch, o in zip(self.chars, self.offsets):
            r = fn(ch)
            out.append(r)
            if len(r) == 1:
                offs.append(o)
            else:
                offs.extend([o] * len(r))
        return self._with("".join(out), offs)


def _spread(source_offsets: list[int], n: int, anchor: int) -> list[int]:
    """Offsets for n replacement characters: one to one where lengths agree, else proportional."""
    m = len(source_offsets)
    if m == n:
        return list(source_offsets)
    if m == 0:
        return [anchor] * n
    return [source_offsets[i * m // n] for i in range(n)]


# ---------------------------------------------------------------- 1. newlines
_CR = re.compile(r"\r\n?")


def unify_newlines(t: Text) -> Text:
    return t.sub(_CR, "\n") if "\r" in t.chars else t


_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u202a-\u202e\u2066-\u2069]")
_LINE_CONTROLS = re.compile("[\x0b\x0c\x85\u2028\u2029]")
_ANY_CONTROL = re.compile(f"{_CONTROLS.pattern}|{_LINE_CONTROLS.pattern}")


def drop_controls(t: Text) -> Text:
    if not _ANY_CONTROL.search(t.chars):
        return t
    return t.sub(_LINE_CONTROLS, "\n").sub(_CONTROLS, "")


def clean_label(text: str | None) -> str | None:
    """A title or name from an article's metadata without control characters or bidi overrides
    (line controls become spaces)."""
    if text is None or not _ANY_CONTROL.search(text):
        return text
    return _CONTROLS.sub("", _LINE_CONTROLS.sub(" ", text)).strip() or None


# ---------------------------------------------------------------- 2. mojibake
def repair_mojibake(t: Text) -> Text:
    """Shifted-GBK runs re-decoded where the bytes allow it (kg/read/mojibake.py)."""
    if "?" not in t.chars and "\ufffd" not in t.chars:
        return t
    fixes = mojibake.find_fixes(t.chars)
    if not fixes:
        return t
    out = t.replace([(f.start, f.end, f.text) for f in fixes])
    out.count("gbk-shift", len(fixes))
    return out


# ---------------------------------------------------------------- 3. pinyin debris
# after a Chinese character, or after the letters and private-use characters of a garbled run
_PINYIN_AFTER_CHAR = re.compile(r"(?<=[\u3400-\u9fff\ue000-\uf8ffA-Za-z])[(（]\s*" + mojibake.SYLLABLE + r"\s*[)）]")
_PINYIN_AFTER_QMARK = re.compile(r"(?<=[?\ufffd])" + mojibake.PINYIN_TAIL.pattern)


def strip_pinyin_debris(t: Text) -> Text:
    """網(wǎng) -> 網: pinyin with tone marks glued after a character by a converter."""
    n = len(_PINYIN_AFTER_CHAR.findall(t.chars))
    out = t.sub(_PINYIN_AFTER_CHAR, "")
    out.count("pinyin", n)
    n = len(_PINYIN_AFTER_QMARK.findall(out.chars))
    if n:
        out = out.sub(_PINYIN_AFTER_QMARK, "")
        out.count("pinyin-after-?", n)
    return out


# ---------------------------------------------------------------- 4. lost indentation
_LOST_INDENT = re.compile(r"(?m)^[ \t\u3000]*[?\ufffd]+(?=[ \t\u3000]*[\u3400-\u9fff“\"（(《【])"
                          r"|^[ \t\u3000?\ufffd]*[?\ufffd][ \t\u3000?\ufffd]*$"
                          r"|(?<=[。！？”])[ \t\u3000]*(?:[?\ufffd]{2})+(?=[\u3400-\u9fff“])")  # 。????本次: paragraphs run together


def drop_lost_indent(t: Text) -> Text:
    """``????為進一步`` -> ``為進一步``: the bytes of a full-width indent, lost to ``?``."""
    n = len(_LOST_INDENT.findall(t.chars))
    out = t.sub(_LOST_INDENT, "")
    out.count("lost-indent", n)
    return out


# ---------------------------------------------------------------- 5. width
KEEP_FULL_WIDTH = frozenset("，。、；：？！“”‘’（）《》〈〉【】「」『』〔〕…—～·")
_TO_FULL = {",": "，", ";": "；", ":": "：", "!": "！"}


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    if ch in KEEP_FULL_WIDTH or ch.isascii():
        return ch
    return unicodedata.normalize("NFKC", ch)


_MAY_FOLD = re.compile("[^\x00-\x7f\u3400-\u4dbf\u4e00-\u9fff" + "".join(sorted(KEEP_FULL_WIDTH)) + "]")


def fold_width(t: Text) -> Text:
    """NFKC for letters, digits, spaces and compatibility forms; Chinese punctuation kept."""
    spans = [(m.start(), m.end(), f) for m in _MAY_FOLD.finditer(t.chars) if (f := _fold_char(m.group())) != m.group()]
    if spans:
        t = t.replace(spans)
    s = t.chars
    if not any(p in s for p in _TO_FULL):
        return t
    chars = list(s)
    for i in range(1, len(chars)):
        if chars[i] in _TO_FULL and _is_han(chars[i - 1]) and not (i + 1 < len(chars) and chars[i + 1] == "/"):
            chars[i] = _TO_FULL[chars[i]]
    return t._with("".join(chars), t.offsets)


def _is_han(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff"


# ---------------------------------------------------------------- 6. script
def to_simplified(t: Text) -> Text:
    """Traditional to simplified script with OpenCC's t2s dictionaries, length kept."""
    return t._with(simplify(t.chars), t.offsets)


# ---------------------------------------------------------------- 7. page furniture
@lru_cache(maxsize=1)
def _furniture() -> re.Pattern:
    lines = data_file("furniture.txt").read_text(encoding="utf-8").splitlines()
    alts = [l.strip() for l in lines if l.strip() and not l.startswith("#")]
    return re.compile(r"(?m)^[ \t•·]*(?:" + "|".join(f"(?:{a})" for a in alts) + r")[ \t]*$")


def drop_page_furniture(t: Text) -> Text:
    """Lines that are page furniture (font size, print, share, QR code...) are dropped."""
    pat = _furniture()
    n = len(pat.findall(t.chars))
    out = t.sub(pat, "")
    out.count("furniture", n)
    return out


# ---------------------------------------------------------------- 8. whitespace
_SPACES = re.compile(r"[ \t\u00a0\u3000\u2002\u2003\u2009\u200b\ufeff]+")
_BLANK_LINES = re.compile(r"\n[ \t]*(?:\n[ \t]*)+|^\n+|\n+$")
_EDGE_SPACES = re.compile(r"(?m)^ +| +$")


SHORT_LINE = 60     # titles, info lines: a space between Chinese words there separates them
_CLAUSE = frozenset("，。、；：？！")


def tidy_whitespace(t: Text) -> Text:
    """Runs of spaces become one; between Chinese characters in a paragraph of running text
    the space goes (a layout artefact), in a short line it stays (``来源：某报 发布时间：``,
    ``持续攻坚“双招双引” 加快推进高质量发展``).  Lines are trimmed, blank lines dropped."""
    s = t.chars
    t = t.sub(_SPACES, lambda m: "" if _beside_clause_mark(s, m.start(), m.end()) or (
        _between_cjk(s, m.start(), m.end()) and _long_line(s, m.start())) else " ")
    t = t.sub(_EDGE_SPACES, "")
    return t.sub(_BLANK_LINES, lambda m: "" if m.start() == 0 or m.end() == len(t.chars) else "\n")


def _beside_clause_mark(s: str, a: int, b: int) -> bool:
    return (a > 0 and s[a - 1] in _CLAUSE) or (b < len(s) and s[b] in _CLAUSE)


def _long_line(s: str, i: int) -> bool:
    a = s.rfind("\n", 0, i) + 1
    b = s.find("\n", i)
    return (len(s) if b < 0 else b) - a > SHORT_LINE


def _between_cjk(s: str, a: int, b: int) -> bool:
    return a > 0 and b < len(s) and _is_cjk(s[a - 1]) and _is_cjk(s[b])


def _is_cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or ch in KEEP_FULL_WIDTH


# ---------------------------------------------------------------- the road
STEPS = [unify_newlines, drop_controls, repair_mojibake, strip_pinyin_debris, drop_lost_indent, fold_width,
         to_simplified, drop_page_furniture, tidy_whitespace]


def normalise_text(original: str) -> Text:
    t = Text.of(original)
    for step in STEPS:
        t = step(t)
    left = mojibake.leftover_runs(t.chars)
    t.unrepaired = len(left)
    if left:
        examples = ", ".join(repr(t.chars[max(0, a - 4):b + 4]) for a, b in left[:3])
        t.notes.append(f"{len(left)} garbled span(s) left as they were (bytes do not allow a repair): {examples}")
    return t
