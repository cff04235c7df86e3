"""Repair of shifted-GBK mojibake: GBK text whose byte alignment slipped by one.

How the damage looks.  A GBK character is two bytes (lead, trail).  When one lead
byte is lost (it shows up as ``?``), a decoder pairs each trail byte with the next
lead byte and prints a run of wrong, mostly rare characters, until a trail byte in
the ASCII range (``F`` in ``現`` = AC 46) puts it back in step, or a lead byte meets
an ASCII byte and both are swallowed into another ``?``.  Full-width punctuation in
the run may later have been folded to ASCII (``，`` -> ``,``).  Example from seed 001:
``?。ㄒ唬┐罅ν苿?dòng)`` is ``　（一）大力推動(dòng)``.

Repair.  At each ``?`` take the run of characters after it, unfold the punctuation,
encode the run to GBK bytes (GB18030, which also maps the private-use characters GBK
decoders produce) and decode them one byte later.  A run is replaced only when the
result reads as plausible Chinese (mostly common characters, or characters the
article uses often) and clearly better than the run as it stood.

The bytes do not say everything; what they leave open is settled only by strong
evidence, else left as ``?`` (``Fix.lost``; the normaliser warns about what is left):

* the lost lead byte before the run: a candidate (any lead with the run's first byte
  as trail) that makes a frequent word (jieba's dictionary) with the character before
  or after it, ten times more frequent than any other candidate (``上?,F`` -> ``上海現``);
  failing that, lead A1 or A3 giving punctuation or a full-width space (``活動?,F`` ->
  ``活動。現``), unless a pinyin remnant (``?jié)``) shows the byte belonged to a
  Chinese character;
* a lead byte left dangling at the end of the run: the character with that lead and
  the pinyin glued after it (``苿?dòng)`` -> ``動``, from the text's own ``X(pinyin)`` pairs),
  or a frequent word with the character before it (``巨?`` -> ``巨大``);
* a lone ASCII trail byte after a ``?`` (``?I(yè)``, ``?W科``): the same two ways.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..resources import data_file

TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"
SYLLABLE = r"[a-z" + TONED + r"]*[" + TONED + r"][a-z" + TONED + r"]*"
# pinyin glued after a character: 網(wǎng), 會(huì ), 網（wǎng）
PINYIN_PAIR = re.compile(r"([\u3400-\u9fff])[(（]\s*(" + SYLLABLE + r")\s*[)）]")
# what is left of one after its "(" was swallowed into a "?": ?dòng)
PINYIN_TAIL = re.compile(r"\s*(" + SYLLABLE + r")\s*[)）]")

QMARKS = "?\ufffd"
# full-width punctuation that a later step folded to ASCII
_UNFOLD = {",": "，", ";": "；", ":": "：", "!": "！"}
# what a lost lead byte (guessed A1 or A3) may be completed to
_FIRST_OK = set("　，。、；：！？“”‘’（）《》〈〉【】…—·")
_PUNCT_OK = _FIRST_OK | set(",.;:!?()0123456789")
_MIN_GOOD = 0.75


@dataclass(frozen=True)
class Fix:
    """Replace ``s[start:end]`` by ``text``."""

    start: int
    end: int
    text: str
    kind: str          # "gbk-shift"
    lost: int = 0      # characters inside the repaired span that stay unknown ("?")


@lru_cache(maxsize=1)
def common_chars() -> frozenset[str]:
    lines = data_file("common_chars.txt").read_text(encoding="utf-8").splitlines()
    return frozenset("".join(l.strip() for l in lines if l and not l.startswith("#")))


def _simplified_char():
    from .script import simplify_char
    return simplify_char


def goodness(s: str, doc_chars: frozenset[str] = frozenset()) -> float:
    """Share of characters that are common Chinese characters, ordinary punctuation,
    or characters the surrounding text uses often (``doc_chars``: 濰 in an article on 濰坊)."""
    if not s:
        return 0.0
    common, simp = common_chars(), _simplified_char()
    good = sum(1 for ch in s if ch in _PUNCT_OK or ch in doc_chars or simp(ch) in common)
    return good / len(s)


def _doc_chars(s: str, at_least: int = 3) -> frozenset[str]:
    """Chinese characters that ``s`` uses at least ``at_least`` times."""
    from collections import Counter
    return frozenset(c for c, n in Counter(s).items() if n >= at_least and "\u3400" <= c <= "\u9fff")


def pinyin_map(text: str) -> dict[str, list[str]]:
    """pinyin -> characters seen with it in ``text`` (``動(dòng)``), most frequent first."""
    counts: dict[str, dict[str, int]] = {}
    for m in PINYIN_PAIR.finditer(text):
        per = counts.setdefault(m[2], {})
        per[m[1]] = per.get(m[1], 0) + 1
    return {py: sorted(chars, key=lambda c: -chars[c]) for py, chars in counts.items()}


def _gbk(ch: str) -> bytes | None:
    try:
        return ch.encode("gb18030")      # GBK plus the user-defined area (PUA) GBK decoders produce
    except UnicodeEncodeError:
        return None


_REMNANT = re.compile(r"\s*" + SYLLABLE + r"\s*[)）]?")


def _collect_run(s: str, j: int) -> tuple[bytes, int, bool]:
    """Bytes of the double-byte characters from ``s[j]`` on; returns (bytes, end, resynced)."""
    out = bytearray()
    while j < len(s):
        ch = s[j]
        b = _gbk(_UNFOLD.get(ch, ch))
        if b is not None and len(b) == 2:
            out += b
            j += 1
            continue
        if (b is not None and len(out) % 2 == 0 and 0x40 <= ord(ch) <= 0x7E
                and not PINYIN_TAIL.match(s, j)):
            out += b            # an ASCII trail byte puts the decoder back in step
            return bytes(out), j + 1, True
        break
    return bytes(out), j, False


def _gbk_chars(lead: int | None = None, trail: int | None = None) -> list[str]:
    """Every GBK character with this lead byte, or with this trail byte."""
    pairs = ([(lead, t) for t in range(0x40, 0xFF) if t != 0x7F] if lead is not None
             else [(l, trail) for l in range(0x81, 0xFF)])
    out = []
    for a, b in pairs:
        try:
            ch = bytes((a, b)).decode("gbk")
        except UnicodeDecodeError:
            continue
        if len(ch) == 1:            # a lead byte that is not one (80, FF) decodes to two
            out.append(ch)
    return out


def _by_word(cands: list[str], prev: str, nxt: str, least: int) -> str | None:
    """The candidate that makes a frequent word (jieba's dictionary) with the character
    before or after it: at least ``least`` and ten times any other candidate's."""
    freq, simp = _word_freq(), _simplified_char()
    p, n = simp(prev) if prev else "", simp(nxt) if nxt else ""
    best, best_freq, second = None, 0, 0
    for ch in cands:
        c = simp(ch)
        f = max(freq.get(p + c, 0) if p else 0, freq.get(c + n, 0) if n else 0)
        if f > best_freq:
            best, best_freq, second = ch, f, best_freq
        elif f > second:
            second = f
    return best if best_freq >= least and best_freq >= 10 * second else None


@lru_cache(maxsize=4096)
def _first_char(trail: int, prev: str, nxt: str, after_pinyin: bool) -> str | None:
    """The character whose lead byte was lost, when the context settles it.

    A candidate (any lead byte with this trail) that makes a frequent word with the
    character before or after it, ten times more frequent than any other, wins
    (``上?,F`` -> ``上海現``); otherwise, unless the lost byte belonged to a character
    annotated with pinyin, lead A1 or A3 giving punctuation or a full-width space
    (``活動?,F`` -> ``活動。現``).
    """
    best = _by_word(_gbk_chars(trail=trail), prev, nxt, _WORD_AFTER_PINYIN if after_pinyin else _WORD_OVER_PUNCT)
    if best or after_pinyin:
        return best
    for lead in (0xA1, 0xA3):
        try:
            ch = bytes((lead, trail)).decode("gbk")
        except UnicodeDecodeError:
            continue
        if ch in _FIRST_OK:
            return ch
    return None


@lru_cache(maxsize=4096)
def _last_char(lead: int, prev: str) -> str | None:
    """The character whose trail byte was swallowed (``巨?`` -> ``巨大``), when a frequent
    word with the character before it settles it."""
    return _by_word(_gbk_chars(lead=lead), prev, "", _WORD_KNOWN_LEAD)


_WORD_OVER_PUNCT = 5000     # jieba word frequency a guessed character needs to beat punctuation
_WORD_AFTER_PINYIN = 300
_WORD_KNOWN_LEAD = 1000     # a dangling lead byte: ~190 candidates
_WORD_KNOWN_TRAIL = 2000    # a lost lead byte before an ASCII trail byte, no pinyin to go by


@lru_cache(maxsize=1)
def _word_freq() -> dict[str, int]:
    import logging

    import jieba
    jieba.setLogLevel(logging.WARNING)
    jieba.dt.check_initialized()
    return jieba.dt.FREQ


def _complete_dangling(lead: int, s: str, j: int, pinyins: dict[str, list[str]]) -> tuple[str, int] | None:
    """``?dòng)`` after a dangling lead byte: the character with that lead and that pinyin."""
    if j >= len(s) or s[j] not in QMARKS:
        return None
    m = PINYIN_TAIL.match(s, j + 1)
    if not m:
        return None
    for ch in pinyins.get(m[1], ()):
        b = _gbk(ch)
        if b and len(b) == 2 and b[0] == lead:
            return ch, m.end()
    return None


_BRACKETED_PINYIN = re.compile(r"[(（]\s*(" + SYLLABLE + r")\s*[)）]")


def _trail_with_pinyin(s: str, i: int, j: int, trail: int, pinyins: dict[str, list[str]],
                       lost_before: bool = False) -> Fix | None:
    """``?I(yè)``: a lost lead byte, its ASCII trail byte and the pinyin glued after the
    character; the one character of the text with that pinyin and that trail byte.
    After a pinyin remnant (``?qū)I(yè)``) a character before it is lost too: ``?業``."""
    m = _BRACKETED_PINYIN.match(s, j)
    if m:
        found = [ch for ch in pinyins.get(m[1], ()) if (_gbk(ch) or b"")[1:2] == bytes((trail,))]
        end = m.end()
    else:                                   # no pinyin: a frequent word with a neighbour may settle it
        if not (j < len(s) and "\u3400" <= s[j] <= "\u9fff"):
            return None                     # ?id=3 in a URL: ASCII goes on, no lost character
        prev = s[i - 1] if i > 0 and "\u3400" <= s[i - 1] <= "\u9fff" and not lost_before else ""
        nxt = s[j] if j < len(s) and "\u3400" <= s[j] <= "\u9fff" else ""
        best = _by_word(_gbk_chars(trail=trail), prev, nxt, _WORD_KNOWN_TRAIL)
        found, end = ([best] if best else []), j
    if len(found) != 1:
        return None
    if lost_before:
        return Fix(i, end, "?" + found[0], "gbk-shift", lost=1)
    return Fix(i, end, found[0], "gbk-shift")


def repair_run(s: str, i: int, pinyins: dict[str, list[str]], doc: frozenset[str] | None = None) -> Fix | None:
    """The repair of the shifted run starting at the ``?`` at ``s[i]``, or None.

    Between the ``?`` and the run there may be a pinyin remnant (``?jié)摿...``): the
    lost byte then belonged to a Chinese character, so no punctuation is guessed for it.
    """
    rem = _REMNANT.match(s, i + 1)
    start = rem.end() if rem else i + 1
    raw, j, resynced = _collect_run(s, start)
    if resynced and len(raw) == 1:
        return _trail_with_pinyin(s, i, j, raw[0], pinyins, lost_before=bool(rem))
    if len(raw) < 3:
        return None
    body, dangling = raw[1:], None
    if len(body) % 2:
        body, dangling = body[:-1], body[-1]
    try:
        middle = body.decode("gb18030")
    except UnicodeDecodeError:
        return None
    if len(middle) * 2 != len(body):          # an ASCII or four-byte sequence inside: not a shifted run
        return None
    if doc is None:
        doc = _doc_chars(s)
    if goodness(middle, doc) < _MIN_GOOD or goodness(middle, doc) < goodness(s[start:j], doc) + 0.3:
        return None
    prev = s[i - 1] if i > 0 and "\u3400" <= s[i - 1] <= "\u9fff" else ""
    first = _first_char(raw[0], prev, middle[:1], bool(rem))
    lost = 0 if first else 1
    text = (first or "?") + middle
    end = j
    if dangling is not None:
        done = _complete_dangling(dangling, s, j, pinyins)
        swallowed = j < len(s) and s[j] in QMARKS      # the "?" that swallowed the dangling byte
        if done:
            text += done[0]
            end = done[1]
        else:
            last = _last_char(dangling, middle[-1:]) if middle else None
            text += last or "?"
            end = j + 1 if swallowed else j
            lost += 0 if last else 1
    return Fix(i, end, text, "gbk-shift", lost)


def find_fixes(s: str, pinyins: dict[str, list[str]] | None = None) -> list[Fix]:
    """Every shifted-GBK run in ``s`` that can be repaired, left to right, not overlapping."""
    if pinyins is None:
        pinyins = pinyin_map(s)
    fixes: list[Fix] = []
    pos = 0
    doc = _doc_chars(s)
    for m in re.finditer("[" + QMARKS + "]", s):
        i = m.start()
        if i < pos:
            continue
        fix = repair_run(s, i, pinyins, doc)
        if fix:
            fixes.append(fix)
            pos = fix.end
    return fixes


_QRUN = re.compile("[" + QMARKS + "]+")


def _is_cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef"


def leftover_runs(s: str) -> list[tuple[int, int]]:
    """Runs of ``?`` / U+FFFD touching Chinese text: debris nobody could repair."""
    out = []
    for m in _QRUN.finditer(s):
        a, b = m.start(), m.end()
        if (a > 0 and _is_cjk(s[a - 1])) or (b < len(s) and _is_cjk(s[b])):
            out.append((a, b))
    return out
