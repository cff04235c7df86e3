"""Sections headed by an industry: ``蓝色生物医药产业`` standing alone as a heading, then a
paragraph of projects.  Every project, park and institute of the section is in that industry,
and so is the park the article is about (its sector list names it)."""
from __future__ import annotations

import re

from .context import Context
from .model import Relation, Sentence

MEMBERS = ("Project", "Park", "ResearchInstitution")
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
    if tail_core.strip(" \u3000：:") == "" or (tail_core[:1] in " \u3000" and tail_core.strip()):
        return x.key, x.end + (len(tail) - len(tail_core))
    return None, 0


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
            if x.type in MEMBERS and x.start >= skip:
                out.append(Relation(x.key, "inIndustry", current, [ctx.evidence(s, "section-heading")]))
    return out
