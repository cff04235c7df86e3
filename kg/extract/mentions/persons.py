"""Persons and their titles: title + name (市委书记惠新安), name + honorific (汤友志博士)."""
from __future__ import annotations

import re
from functools import lru_cache

from .. import gazetteer, lexicon
from ..tokens import word_flag, word_frequency
from .base import Candidate, JOINERS, SentenceView


NAME_CHARS = r"[\u4e00-\u9fff]"


def person_candidates(sv: SentenceView) -> list[Candidate]:
    out = []
    text = sv.text
    for t in sv.tokens:
        title = _title_of(t.word) or (len(t.word) == 1 and lexicon.title_ending(text, t.end))  # 台中市|长 卢某
        if title:
            out += _names_after(text, t.end, title)
        elif t.word in _GROUP_TITLES:
            names = _names_after(text, t.end, t.word)
            out += names if len(names) >= 2 else []     # 嘉宾和区内…: a group's title names no one alone
        if t.word == "等" and _GROUP_AFTER.match(text, t.end):
            out += _names_listed_before(text, t.start)
        if t.flag == "nr" and len(t.word) in (2, 3, 4):
            after = text[t.end:t.end + 3]
            if any(after.startswith(h) for h in lexicon.post_titles()) and _surname_ok(t.word):
                out.append(Candidate(t.start, t.end, t.word, "Person", "honorific", 0.8))
    return out


def _names_after(text: str, pos: int, title: str) -> list[Candidate]:
    """The name after a title, and the names of a 、-list that goes on from it."""
    out = []
    while True:
        name = _name_at(text, pos) or _name_before_honorific(text, pos)
        if not name:
            return out
        out.append(Candidate(pos, pos + len(name), name, "Person", f"title:{title}", 0.9))
        pos += len(name)
        if text[pos:pos + 1] == "、" and (nxt := _name_at(text, pos + 1)) and not _title_of_prefix(text, pos + 1) \
                and not _organisation_starts(text, pos + 1 + len(nxt)):
            pos += 1
            continue
        return out


# 省有关部门领导甲、乙 / 甲、乙等省领导: a group's title before or after a list of names (not a post:
# the names get no holdsPosition from it)
_GROUP_TITLES = ("领导", "嘉宾")
_GROUP_AFTER = re.compile(r"(?:省|市|县|区|州|盟|旗|镇|省市|市区|有关部门|各级)?(?:有关)?(?:" + "|".join(_GROUP_TITLES) + ")")
_LIST_START = "、，,。；;：:（(及和与"      # where a list's item begins, walking back


def _names_listed_before(text: str, end: int) -> list[Candidate]:
    """The names of the 、-list that ends at ``end``, last first; none unless every item is a name."""
    found = []
    while True:
        start = max(text.rfind(c, 0, end) for c in _LIST_START) + 1
        name = text[start:end]
        if _name_at(text, start) != name:
            return []
        found.append(Candidate(start, end, name, "Person", "title:group", 0.8))
        if start == 0 or text[start - 1] != "、":
            return found if len(found) >= 2 else []
        end = start - 1


def _organisation_starts(text: str, pos: int) -> bool:
    """陈峰、富士康集团…总裁郭某: what looks like the next name of a list opens an organisation's name."""
    return text.startswith(_organisation_suffixes(), pos)


@lru_cache(maxsize=1)
def _organisation_suffixes() -> tuple[str, ...]:
    return tuple(suffix for suffix, kind in lexicon.suffix_types().items()
                 if kind in ("Company", "Organization", "ResearchInstitution", "Government"))


def _name_before_honorific(text: str, pos: int) -> str | None:
    """院士培祝先生: between a title and an honorific, any two or three characters are a name."""
    for n in (2, 3):
        name = text[pos:pos + n]
        if re.fullmatch(NAME_CHARS + "+", name) and any(text.startswith(h, pos + n) for h in lexicon.post_titles()) \
                and not lexicon.suffix_of(name) and not _common_word(name) \
                and name[1:] not in lexicon.boundary_words() and name[:1] not in JOINERS:
            return name
    return None


def _title_of(word: str) -> str | None:
    return lexicon.title_ending(word)


def _title_of_prefix(text: str, pos: int) -> str | None:
    return lexicon.title_starting(text, pos)


def _surname_ok(name: str) -> bool:
    return name[:2] in lexicon.surnames() or name[:1] in lexicon.surnames()


def _name_at(text: str, pos: int) -> str | None:
    """A person's name starting at ``pos`` (surname + one or two characters)."""
    if _title_of_prefix(text, pos):
        return None
    sur = 2 if text[pos:pos + 2] in lexicon.surnames() else 1 if text[pos:pos + 1] in lexicon.surnames() else 0
    if not sur:
        return None
    given = ""
    for ch in text[pos + sur:pos + sur + 2]:
        if not re.match(NAME_CHARS, ch):
            break
        given += ch
    if not given:
        return None
    if len(given) == 2 and _ends_name_early(text, pos + sur + 1):
        given = given[:1]
    name = text[pos:pos + sur] + given
    if len(name) < 2 or gazetteer.is_place(name) or _common_word(name) or name[1:] in lexicon.boundary_words() \
            or lexicon.suffix_of(name):
        return None
    return name


def _common_word(name: str) -> bool:
    """原是, 高新: two characters that make an ordinary word are no name."""
    flag = word_flag(name) or ""
    return len(name) == 2 and word_frequency(name) > 1 and not flag.startswith("nr") and name not in lexicon.surnames()


def _ends_name_early(text: str, pos: int) -> bool:
    """The character at ``pos`` starts a word, not the end of a name (陈峰出席: 出席)."""
    nxt2 = text[pos:pos + 2]
    if nxt2 in lexicon.boundary_words() or _title_of_prefix(text, pos):
        return True
    if text[pos:pos + 1] in "等和与及在为是说的、，,。出表指会到一同也均":
        after = text[pos + 1:pos + 2]
        return not re.match(NAME_CHARS, after) or word_frequency(nxt2) > 50 or text[pos] in "等和与及的在、，,。"
    after = text[pos + 1:pos + 3]  # 马永生|出席: the word after a three-character name is stronger than 生出
    if after in lexicon.boundary_words() or word_frequency(after) > max(word_frequency(nxt2), 1000):
        return False
    return word_frequency(nxt2) > 500 and not re.match(NAME_CHARS, text[pos + 2:pos + 3] or "x") is None
