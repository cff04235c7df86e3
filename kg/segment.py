"""Split a normalised document into sentences that respect quotes and brackets."""
from __future__ import annotations

from .model import Document, Sentence

_ENDS = set("。！？!?；;")
_OPEN = {"“": "”", "（": "）", "(": ")", "《": "》", "【": "】", "‘": "’", "「": "」"}
_CLOSE = {v: k for k, v in _OPEN.items()}


def split_sentences(doc: Document) -> list[Sentence]:
    out: list[Sentence] = []
    text = doc.text
    pos = 0
    for para_no, line_start, line in _lines(text):
        start, depth = line_start, []
        for i, ch in enumerate(line):
            if ch in _OPEN and not (ch == "“" and depth and depth[-1] == "“"):
                depth.append(ch)
            elif ch in _CLOSE and depth and depth[-1] == _CLOSE[ch]:
                depth.pop()
            if ch in _ENDS and (not depth or len(depth) > 3):
                end = line_start + i + 1
                while end < line_start + len(line) and text[end] in "”’）)":
                    end += 1
                _emit(out, text, start, end, para_no)
                start = end
        _emit(out, text, start, line_start + len(line), para_no)
        pos = line_start + len(line)
    return out


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
