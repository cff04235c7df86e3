"""A small pattern language over sentences whose mentions are replaced by typed slots.

A sentence ``益海嘉里集团投资27亿元建设P项目`` becomes ``⟨Company:0⟩投资27亿元建设⟨Project:1⟩``
and patterns from ``kg/data/relation_patterns.tsv`` are regular expressions over that
masked text, with these shorthands:

  {S:Company|ORG}   one mention of these types, captured in group S (any letter names a group)
  {S*:ORG}          a coordinated list: A、B和C及D (every member is captured)
  {S+:Person}       a loose list that may have titles between members: A，副市长B
  {S?:AGENT}        optional: when absent, the actor of the paragraph (left-out subject)
  …                 a short gap inside the clause, no mention in it
  ⋯                 a longer gap that may cross mentions and commas, not a sentence end
  ‥                 a gap inside the clause that may name industries: 等一批生物医药项目

Type macros (ORG, AGENT, PLACE, HOSTED, ...) are in ``kg/data/type_groups.tsv``.
A fourth column lists words that cancel a match when they stand before it in its clause
(``<<`` first: in the clause before too).  Each pattern says what it yields: ``investsIn(S,O) locatedIn(O,P)``; ``signed(S,T)`` is
partyTo when one side is a project and cooperatesWith otherwise; ``pairs(M)`` relates every
two members of a list by the pattern's predicate.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .amounts import read_rows
from .context import Slot

OPEN, CLOSE = "⟨", "⟩"
_SLOT_REF = re.compile(r"\{([A-Z])([*+?]*):([A-Za-z|]+)\}")
_YIELD = re.compile(r"(\w+)\(([A-Z]),?([A-Z])?\)")
_SEP = (r"(?:、|和|及|以及|、以及|或|/|等[^⟨⟩，,。；;！？]{0,8}?(?:以及|和|及|、)"
        r"|、[^⟨⟩，,。；;！？]{0,14}?的"
        r"|(?:、|和|及)[^⟨⟩，,。；;！？、和及等]{1,8}(?:、|和|及|以及)"    # A、展览及B: a member left unnamed
        r"|、⟨(?:Company|Organization|ResearchInstitution):\d+⟩(?:投资|建设|开发)?的?(?=⟨Project))")  # A、B公司C项目
_LOOSE_SEP = (r"(?:、|和|及|以及|，|,)(?:[^⟨⟩。；;！？]|⟨(?:Government|Company|ResearchInstitution|Organization"
              r"|Region|Park):\d+⟩){0,48}?")
_Q_OPEN, _Q_CLOSE = r"[“\"《「]?", r"[”\"》」]?"
GAPS = {"…": r"[^⟨⟩。；;！？!?，,：:]{0,16}?", "⋯": r"[^。；;！？!?]{0,48}?",
        "‥": r"(?:[^⟨⟩。；;！？!?，,：:]|⟨Industry:\d+⟩){0,40}?"}


@dataclass(frozen=True)
class Pattern:
    name: str
    regex: re.Pattern
    yields: tuple[tuple[str, str, str | None], ...]   # (predicate, group, group)
    optional: dict[str, tuple[str, ...]]              # group -> types it takes from the actor
    types: dict[str, tuple[str, ...]]                 # group -> types its members have
    unless: re.Pattern | None                         # words before the match in its clause that cancel it
    source: str = ""
    unless_wide: bool = False                         # unless looks two clauses back (written <<words)


@lru_cache(maxsize=1)
def type_groups() -> dict[str, tuple[str, ...]]:
    groups: dict[str, tuple[str, ...]] = {}
    for name, members in read_rows("type_groups.tsv"):
        out: list[str] = []
        for m in members.split("|"):
            out.extend(groups.get(m, (m,)))
        groups[name] = tuple(dict.fromkeys(out))
    return groups


def expand_types(spec: str) -> tuple[str, ...]:
    groups = type_groups()
    out: list[str] = []
    for t in spec.split("|"):
        out.extend(groups.get(t, (t,)))
    return tuple(dict.fromkeys(out))


def slot_regex(types: tuple[str, ...]) -> str:
    return f"{_Q_OPEN}{OPEN}(?:{'|'.join(types)}):\\d+{CLOSE}{_Q_CLOSE}"


def compile_pattern(name: str, yields: str, source: str, unless: str = "") -> Pattern:
    optional: dict[str, tuple[str, ...]] = {}
    group_types: dict[str, tuple[str, ...]] = {}

    def slot(m: re.Match) -> str:
        group, flags, spec = m.group(1), m.group(2), m.group(3)
        types = expand_types(spec)
        group_types[group] = types
        one = slot_regex(types)
        if "*" in flags:
            body = f"{one}(?:{_SEP}{one})*"
        elif "+" in flags:
            body = f"{one}(?:{_LOOSE_SEP}{one})*"
        else:
            body = one
        if "?" in flags:
            optional[group] = types
            return f"(?P<{group}>{body})?"
        return f"(?P<{group}>{body})"

    rx = _SLOT_REF.sub(slot, source)
    for short, long in GAPS.items():
        rx = rx.replace(short, long)
    out = tuple((p, a, b) for p, a, b in _YIELD.findall(yields))
    wide = unless.startswith("<<")
    unless = unless[2:] if wide else unless
    return Pattern(name, re.compile(rx), tuple((p, a, b or None) for p, a, b in out), optional,
                   group_types, re.compile(unless) if unless else None, source, wide)


@lru_cache(maxsize=1)
def load_patterns() -> tuple[Pattern, ...]:
    out = []
    for row in read_rows("relation_patterns.tsv"):
        name, yields, source = row[0], row[1], row[2]
        unless = row[3] if len(row) > 3 else ""
        out.append(compile_pattern(name, yields, source, unless))
    return tuple(out)


ALIAS_AFTER = re.compile(r"[（(](?:以下简称|以下称|下称|简称|又称)[^()（）。；;]{1,24}[)）]")


def mask(text: str, slots: list[Slot]) -> str:
    """The sentence with each mention replaced by ``⟨Type:i⟩`` (i indexes ``slots``).  A bracketed
    short name after a mention (（简称“某某”）) is left out: patterns read past it."""
    parts, pos = [], 0
    for i, s in enumerate(slots):
        if s.start < pos:
            continue  # a mention inside a left-out bracket
        parts.append(text[pos:s.start])
        parts.append(f"{OPEN}{s.type}:{i}{CLOSE}")
        pos = s.end
        alias = ALIAS_AFTER.match(text, pos)
        if alias:
            pos = alias.end()
    parts.append(text[pos:])
    return "".join(parts)


_INDEX = re.compile(rf"{OPEN}\w+:(\d+){CLOSE}")
_TYPED_INDEX = re.compile(rf"{OPEN}(\w+):(\d+){CLOSE}")


def captured(m: re.Match, group: str, types: tuple[str, ...] | None = None) -> list[int]:
    """Indices of the mentions group ``group`` captured (of ``types`` only, when given)."""
    try:
        text = m.group(group)
    except IndexError:
        return []
    return [int(i) for t, i in _TYPED_INDEX.findall(text or "") if types is None or t in types]


def clause_before(masked: str, pos: int) -> str:
    start = max(masked.rfind(c, 0, pos) for c in "，,。；;！？!?") + 1
    return masked[start:pos]
