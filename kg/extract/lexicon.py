"""The entity knowledge in ``kg/data/``, loaded once: suffixes, titles, surnames, vocabularies.

Every list is a plain text file (one entry a line, ``#`` comments) or a TSV, so the
knowledge can be read, reviewed and extended without touching code.
"""
from __future__ import annotations

from functools import lru_cache

from ..resources import data_file


def _lines(name: str) -> list[str]:
    out = []
    with open(data_file(name), encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#"):
                out.append(line)
    return out


@lru_cache(maxsize=1)
def suffix_types() -> dict[str, str]:
    """Organisational suffix -> class (Company, Park, ...)."""
    out = {}
    for line in _lines("suffixes.tsv"):
        suffix, etype = line.split("\t")[:2]
        out[suffix] = etype
    return out


@lru_cache(maxsize=1)
def suffixes_longest_first() -> tuple[str, ...]:
    return tuple(sorted(suffix_types(), key=lambda s: (-len(s), s)))


def suffix_of(name: str) -> str | None:
    """The longest organisational suffix that ends ``name``."""
    return _ending(name, len(name), suffix_types(), _suffix_lengths(), _suffix_by_last())


def suffix_ending_at(text: str, end: int) -> str | None:
    """``suffix_of(text[:end])`` without copying ``text[:end]``."""
    n = len(text)
    end = min(end, n) if end >= 0 else max(0, n + end)     # where text[:end] ends
    return _ending(text, end, suffix_types(), _suffix_lengths(), _suffix_by_last())


@lru_cache(maxsize=64)
def suffix_endings(text: str) -> dict[int, str]:
    """Every ``end`` where ``suffix_ending_at(text, end)`` finds a suffix -> that suffix, in one pass
    (remembered for the last sentences: the grammar and the tagger both ask; read it, do not change it)."""
    return _endings(text, suffix_types(), _suffix_lengths(), _suffix_by_last())


def title_endings(text: str) -> dict[int, str]:
    """Every ``end`` where ``title_ending(text, end)`` finds a title -> that title, in one pass."""
    return _endings(text, _title_set(), _title_lengths(), _title_by_last())


def _endings(text: str, words, lengths, by_last) -> dict[int, str]:
    if by_last is None:
        found = ((end, longest_ending(text, end, words, lengths)) for end in range(1, len(text) + 1))
        return {end: w for end, w in found if w}
    out = {}
    get = by_last.get
    for end, ch in enumerate(text, 1):
        lengths = get(ch)
        if lengths is not None:
            w = longest_ending(text, end, words, lengths)
            if w:
                out[end] = w
    return out


@lru_cache(maxsize=1)
def _suffix_lengths() -> tuple[int, ...]:
    return tuple(sorted({len(s) for s in suffix_types()}, reverse=True))


@lru_cache(maxsize=1)
def _suffix_by_last() -> dict[str, tuple[int, ...]] | None:
    return _by_last_char(suffix_types())


@lru_cache(maxsize=1)
def _title_by_last() -> dict[str, tuple[int, ...]] | None:
    return _by_last_char(_title_set())


def _by_last_char(words) -> dict[str, tuple[int, ...]] | None:
    """Last character -> the lengths, longest first, of the words that end with it (None when
    the empty word is one of them: then every length must be tried)."""
    if "" in words:
        return None
    out: dict[str, set[int]] = {}
    for w in words:
        out.setdefault(w[-1], set()).add(len(w))
    return {c: tuple(sorted(ns, reverse=True)) for c, ns in out.items()}


def _ending(text: str, end: int, words, lengths, by_last) -> str | None:
    """``longest_ending``, trying only the lengths of words that end with ``text[end - 1]``: a
    word of any other length cannot end there (hundreds of thousands of calls per corpus)."""
    if by_last is None or not 0 < end <= len(text):
        return longest_ending(text, end, words, lengths)
    candidates = by_last.get(text[end - 1])
    if candidates is None:
        return None
    return longest_ending(text, end, words, candidates)


@lru_cache(maxsize=1)
def _title_set() -> frozenset[str]:
    return frozenset(titles())


@lru_cache(maxsize=1)
def _title_lengths() -> tuple[int, ...]:
    return tuple(sorted({len(s) for s in titles()}, reverse=True))


def longest_ending(text: str, end: int, words, lengths) -> str | None:
    """The longest of ``words`` that ends at ``text[:end]`` (set lookups, longest first)."""
    for n in lengths:
        if n <= end and text[end - n:end] in words:
            return text[end - n:end]
    return None


@lru_cache(maxsize=1 << 15)
def title_ending(text: str, end: int | None = None) -> str | None:
    """The longest title that ends ``text[:end]`` (remembered: most calls ask of a word met before)."""
    return _ending(text, len(text) if end is None else end, _title_set(), _title_lengths(), _title_by_last())


def title_starting(text: str, pos: int) -> str | None:
    for n in _title_lengths():
        if text[pos:pos + n] in _title_set():
            return text[pos:pos + n]
    return None


def _longest_first(name: str) -> tuple[str, ...]:
    return tuple(sorted(set(_lines(name)), key=lambda w: (-len(w), w)))


@lru_cache(maxsize=1)
def boundary_words() -> frozenset[str]:
    return frozenset(_lines("boundary_words.txt"))


@lru_cache(maxsize=1)
def titles() -> tuple[str, ...]:
    return _longest_first("titles.txt")


@lru_cache(maxsize=1)
def post_titles() -> tuple[str, ...]:
    return _longest_first("post_titles.txt")


@lru_cache(maxsize=1)
def surnames() -> frozenset[str]:
    return frozenset(_lines("surnames.txt"))


@lru_cache(maxsize=1)
def industries() -> frozenset[str]:
    return frozenset(_lines("industries.txt"))


@lru_cache(maxsize=1)
def relation_cues() -> tuple[str, ...]:
    """Trigger words of relations (``relation_cues.txt``), longest first: the learned model's cues."""
    return _longest_first("relation_cues.txt")


@lru_cache(maxsize=1)
def generic_names() -> frozenset[str]:
    return frozenset(_lines("generic_names.txt"))


@lru_cache(maxsize=1)
def cues() -> dict[str, frozenset[str]]:
    """Context cue words by role (``cue_words.tsv``): program_verbs, project_cues, ..."""
    out: dict[str, set[str]] = {}
    for line in _lines("cue_words.tsv"):
        role, words = line.split("\t")[:2]
        out.setdefault(role, set()).update(w for w in words.split() if w)
    return {k: frozenset(v) for k, v in out.items()}


@lru_cache(maxsize=1)
def generic_modifiers() -> frozenset[str]:
    return frozenset(_lines("generic_modifiers.txt"))


@lru_cache(maxsize=1)
def generic_sector_words() -> frozenset[str]:
    """Aims and aspects that end list items without making them sectors (``generic_sector_words.txt``)."""
    return frozenset(_lines("generic_sector_words.txt"))


@lru_cache(maxsize=1)
def known_organisations() -> dict[str, tuple[str, str]]:
    """Every name of a body known by name alone (欧盟, 中科院, 商务部) -> (its full name, class)
    (``known_organisations.tsv``)."""
    out = {}
    for line in _lines("known_organisations.tsv"):
        name, others, etype = (line.split("\t") + ["", ""])[:3]
        for surface in [name] + [o for o in others.split("|") if o]:
            out[surface] = (name, etype or "Organization")
    return out


@lru_cache(maxsize=1)
def trade_words() -> frozenset[str]:
    """Words that say a company's trade (``trade_words.txt``): 科技, 物业, 物流…"""
    return frozenset(_lines("trade_words.txt"))
