"""Part-of-speech tokens for the mention grammar: jieba with the domain's user words.

A private jieba tokenizer (the global one is left alone for other modules) learns
the gazetteer's places, the organisational suffixes, titles and the industry
vocabulary, so that names and their parts come out as whole tokens.
"""
from __future__ import annotations

import logging
from functools import lru_cache
from typing import NamedTuple

from . import gazetteer, lexicon


class Token(NamedTuple):
    """A word of a sentence (a named tuple: some 30,000 are made for every 70 articles)."""

    word: str
    flag: str      # jieba part of speech: n, ns, nr, v, p, x, ...
    start: int     # offsets into the string that was cut
    end: int


_ADDED: set[str] = set()   # words the domain added: not "common" in jieba's sense


@lru_cache(maxsize=1)
def _tokenizer():
    import jieba

    from . import hmm

    jieba.setLogLevel(logging.WARNING)
    # Start from jieba's own dictionary, loaded once per process (normalisation's mojibake repair
    # reads it too): copying it is ~10x cheaper than a second load from jieba's cache file.
    jieba.dt.check_initialized()
    tok = jieba.Tokenizer()
    tok.FREQ, tok.total, tok.initialized = dict(jieba.dt.FREQ), jieba.dt.total, True
    known = tok.FREQ
    _ADDED.clear()
    for surface in gazetteer.all_surfaces():
        if len(surface) >= 2 and not known.get(surface):
            tok.add_word(surface, _place_frequency(surface), "ns")
            _ADDED.add(surface)
    for word in list(lexicon.suffix_types()) + sorted(lexicon.industries()):
        if len(word) >= 2 and not known.get(word):
            tok.add_word(word, 2000, "n")
            _ADDED.add(word)
    for title in lexicon.titles():
        if not known.get(title):
            tok.add_word(title, 3000, "nnt")
            _ADDED.add(title)
    # jieba.posseg's tokenizer with an exact, faster HMM (kg/extract/hmm.py): the same pairs.
    return hmm.POSTokenizer(tok)


def _place_frequency(surface: str) -> int:
    """Countries, provinces and cities are strong words; county names that are also
    phrases (合作市 in 合作市场) stay weak so ordinary segmentation wins."""
    levels = {p.level for p in gazetteer.lookup(surface)}
    return 3000 if levels & {"country", "province", "prefecture", "macro"} else 20


def word_frequency(word: str) -> int:
    """How common a word is in jieba's own dictionary (0 for unknown and domain words)."""
    tok = _tokenizer().tokenizer
    if word in _ADDED:
        return 0
    return tok.FREQ.get(word, 0) or 0


def tokenize(text: str) -> list[Token]:
    out, pos = [], 0
    for w, f in _tokenizer().word_flags(text):
        out.append(Token(w, f, pos, pos + len(w)))
        pos += len(w)
    return out


def word_flag(word: str) -> str | None:
    """jieba's part of speech for a dictionary word (None when unknown)."""
    return _tokenizer().word_tag_tab.get(word)
