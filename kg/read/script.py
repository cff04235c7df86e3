"""Traditional to simplified script, one character for one character (OpenCC's t2s dictionaries).

Used by normalisation (``kg.read.text.to_simplified``) and by every step that compares
characters whatever the script (mojibake repair, the encoding guess, metadata, name variants).
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path


def _opencc_dir() -> Path:
    import opencc
    return Path(opencc.__file__).parent / "dictionary"


@lru_cache(maxsize=1)
def _t2s_tables() -> tuple[dict[int, str], re.Pattern | None, dict[str, str]]:
    """OpenCC's t2s dictionaries: the character table (first choice) and the phrases
    (longest first) whose simplified form has the same length."""
    table: dict[int, str] = {}
    for line in (_opencc_dir() / "TSCharacters.txt").read_text(encoding="utf-8").splitlines():
        src, _, dst = line.partition("\t")
        cands = dst.split()
        if len(src) == 1 and cands and len(cands[0]) == 1:
            table[ord(src)] = cands[0]
    phrases: dict[str, str] = {}
    for line in (_opencc_dir() / "TSPhrases.txt").read_text(encoding="utf-8").splitlines():
        src, _, dst = line.partition("\t")
        cands = dst.split()
        if len(src) > 1 and cands and len(cands[0]) == len(src):
            phrases[src] = cands[0]
    keys = sorted(phrases, key=len, reverse=True)
    pattern = re.compile("|".join(map(re.escape, keys))) if keys else None
    return table, pattern, phrases


def simplify_char(ch: str) -> str:
    """One character to simplified script (OpenCC's first choice)."""
    return _t2s_tables()[0].get(ord(ch), ch) if len(ch) == 1 else simplify(ch)


def simplify(s: str) -> str:
    """Traditional to simplified, character for character (the length never changes).

    OpenCC's t2s dictionaries applied the way OpenCC applies them: its phrases where
    they match, longest first (乾隆 stays, 乾燥 -> 干燥), its first choice elsewhere.
    Much faster than converting through the opencc package line by line.
    """
    table, pattern, phrases = _t2s_tables()
    out = s.translate(table)
    if pattern is None:
        return out
    spans = [(m.start(), m.end(), phrases[m.group()]) for m in pattern.finditer(s)]
    if not spans:
        return out
    parts, pos = [], 0
    for a, b, rep in spans:
        parts.append(out[pos:a])
        parts.append(rep)
        pos = b
    parts.append(out[pos:])
    return "".join(parts)
