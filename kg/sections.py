"""Sections headed by an industry: ``蓝色生物医药产业`` standing alone as a heading, then a
paragraph of projects.  Every project, park and institute of the section is in that industry,
and so is the park the article is about (its sector list names it)."""
from __future__ import annotations

import re

from .context import Context
from .model import Relation, Sentence

MEMBERS = ("Project", "Park", "ResearchInstitution")
_PARTNER = re.compile(r"[与同和]")     # 与清华、山大等共建: partners of the section, not its members
_HEADING_DEBRIS = re.compile(r"[\s0-9一二三四五六七八九十、.．（）()：:是]*")


def heading_industry(ctx: Context, s: Sentence) -> tuple[tuple | None, int]:
    """(industry, characters of the heading) when ``s`` is or starts with a heading naming one."""
    slots = ctx.slots.get(s.index, [])
    if not slots or slots[0].type != "Industry":
        return None, 0
    x = slots[0]
    lead, tail = s.text[:x.start], s.text[x.end:]
    if _HEADING_DEBRIS.fullmatch(lead) is None:
        return None, 0
    tail_core = tail.lstrip("产业行业")
    end = x.end + (len(tail) - len(tail_core))
    if tail_core.strip(" \u3000：:") == "" or (tail_core[:1] in " \u3000" and tail_core.strip()) \
            or _space_in_original(ctx, s.start + end):
        return x.key, end
    return None, 0


def _space_in_original(ctx: Context, pos: int) -> bool:
    """Whether the original text had white space at ``pos`` of the normalised text (a heading run
    into its paragraph: ``海工装备产业 加快…`` loses the space when normalised)."""
    doc = ctx.doc
    if pos <= 0 or pos >= len(doc.text):
        return False
    a, b = doc.offsets[pos - 1] + 1, doc.offsets[pos]
    return b > a and doc.original[b - 1:b].isspace()


def _clause(text: str, pos: int) -> str:
    return text[max(text.rfind(c, 0, pos) for c in "，,。；;：:") + 1:pos]


def section_industries(ctx: Context, document_actor: list[tuple]) -> list[Relation]:
    out: list[Relation] = []
    current, heading_para = None, -1
    for s in ctx.sentences:
        industry, skip = heading_industry(ctx, s)
        if industry:
            current, heading_para = industry, s.paragraph
            for a in document_actor:
                if a[0] == "Park":
                    out.append(Relation(a, "inIndustry", industry, [ctx.evidence(s, "section-heading")]))
        elif current and s.paragraph > heading_para + 1:
            current = None
        if current is None:
            continue
        for x in ctx.slots.get(s.index, []):
            if x.type in MEMBERS and x.start >= skip and not _PARTNER.search(_clause(s.text, x.start)):
                out.append(Relation(x.key, "inIndustry", current, [ctx.evidence(s, "section-heading")]))
    return out
