"""Split a normalised document into sentences that respect quotes and brackets.

A paragraph is a line of ``Document.text``.  A sentence ends at 。！？；(and ASCII
``!`` ``;``) unless the end stands inside quotes or brackets: ``他说：“要抓项目。抓招商。”``
is one sentence, ending after the closing quote.  An opener that is never closed
(a stray ``“``) stops counting after ``MAX_OPEN`` characters, so one bad quote does not
glue a whole paragraph together.  ASCII ``?`` is no sentence end: in this corpus it is
debris from lost bytes far more often than a question.
"""
from __future__ import annotations

from ..model import Document, Sentence

_ENDS = frozenset("。！？!；;")
_PAIRS = {"“": "”", "（": "）", "(": ")", "《": "》", "【": "】", "‘": "’", "「": "」", "『": "』", "〔": "〕"}
_CLOSERS = frozenset(_PAIRS.values())
_TRAILING = frozenset("”’）)」』》】")
_QUOTE_CLOSERS = frozenset("”’」』")
MAX_OPEN = 160
MAX_SENTENCE = 1000   # the longest sentence of the seed and dev articles has 226 characters


def split_sentences(doc: Document) -> list[Sentence]:
    out: list[Sentence] = []
    text = doc.text
    for para_no, line_start, line in _lines(text):
        for a, b in _split_line(line):
            for c, d in _capped(line, a, b):
                _emit(out, text, line_start + c, line_start + d, para_no)
    return out


def _capped(line: str, a: int, b: int):
    """A span cut into pieces of at most MAX_SENTENCE characters, each at its last comma or space
    where it has one: a page with no full stops is no sentence, and extraction is quadratic in one."""
    while b - a > MAX_SENTENCE:
        window = line[a:a + MAX_SENTENCE]
        cut = max(window.rfind(c) for c in "，,、 ") + 1
        if cut <= MAX_SENTENCE // 2:
            cut = MAX_SENTENCE
        yield a, a + cut
        a += cut
    yield a, b


def _split_line(line: str) -> list[tuple[int, int]]:
    """Sentence spans (start, end) within one paragraph."""
    spans, start = [], 0
    stack: list[tuple[str, int]] = []        # (expected closer, position of the opener)
    i, n = 0, len(line)
    while i < n:
        ch = line[i]
        if ch in _PAIRS:
            stack.append((_PAIRS[ch], i))
        elif ch in _CLOSERS:
            for k in range(len(stack) - 1, -1, -1):   # close the nearest matching opener
                if stack[k][0] == ch:
                    del stack[k:]
                    break
            if ch in _QUOTE_CLOSERS and not stack and i > 0 and line[i - 1] in _ENDS:   # 。” ends a sentence
                end = i + 1
                while end < n and line[end] in _TRAILING:
                    end += 1
                spans.append((start, end))
                start = i = end
                continue
        elif ch == '"':
            if stack and stack[-1][0] == '"':
                stack.pop()
            else:
                stack.append(('"', i))
        if ch in _ENDS:
            stack = [(c, p) for c, p in stack if i - p <= MAX_OPEN]
            if not stack:
                end = i + 1
                while end < n and (line[end] in _ENDS or line[end] in _TRAILING):
                    end += 1
                spans.append((start, end))
                start = i = end
                continue
        i += 1
    if start < n:
        spans.append((start, n))
    return spans


def _lines(text: str):
    pos, para = 0, 0
    for line in text.split("\n"):
        if line.strip():
            yield para, pos, line
            para += 1
        pos += len(line) + 1


def _emit(out: list[Sentence], text: str, start: int, end: int, para: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(index=len(out), paragraph=para, start=start, end=end, text=text[start:end]))
