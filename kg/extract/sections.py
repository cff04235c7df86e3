"""Sections headed by an industry: ``蓝色生物医药产业`` standing alone as a heading, then a
paragraph of projects.  Every project, park and institute of the section is in that industry,
and so is the park the article is about (its sector list names it)."""
from __future__ import annotations

import re

from .context import Context
from ..model import Relation, Sentence

MEMBERS = ("Project", "Park", "ResearchInstitution")
_PARTNER = re.compile(r"和[^，,。；;]*(?:共建|合作)")   # 与清华、山大等共建: partners, not members
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


_BARE_HEADING = re.compile(r"^[\u4e00-\u9fff]{2,12}?(?:产业|行业)")


def unnamed_heading(ctx: Context, s: Sentence) -> tuple[tuple | None, int]:
    """(industry or None, characters) when ``s`` starts with a sector heading that no mention covers:
    ``海工装备研发产业`` alone or run into its paragraph (white space after it in the original)."""
    m = _BARE_HEADING.match(s.text)
    if not m or any(x.start < m.end() for x in ctx.slots.get(s.index, [])):
        return None, 0
    rest = s.text[m.end():].strip(" \u3000：:")
    if rest and s.text[m.end():m.end() + 1] not in (" ", "\u3000") and not _space_in_original(ctx, s.start + m.end()):
        return None, 0
    return _industry_named(ctx, m.group(0)), m.end()


def _space_in_original(ctx: Context, pos: int) -> bool:
    """Whether the original text had white space at ``pos`` of the normalised text (a heading run
    into its paragraph: ``海工装备产业 加快…`` loses the space when normalised)."""
    doc = ctx.doc
    if pos <= 0 or pos >= len(doc.text):
        return False
    a, b = doc.offsets[pos - 1] + 1, doc.offsets[pos]
    return b > a and doc.original[b - 1:b].isspace()


def _partner(text: str, pos: int) -> bool:
    """A mention after 与/同 in its clause, or after 和 with 共建/合作 later in the clause: a partner."""
    ends = [i for i in (text.find(c, pos) for c in "，,。；;：:") if i >= 0]
    before, after = _clause(text, pos), text[pos:min(ends) if ends else len(text)]
    return bool(re.search("[与同]", before)) or ("和" in before and bool(_PARTNER.search(before + after)))


def _clause(text: str, pos: int) -> str:
    return text[max(text.rfind(c, 0, pos) for c in "，,。；;：:") + 1:pos]


def section_industries(ctx: Context, document_actor: list[tuple]) -> list[Relation]:
    out: list[Relation] = []
    current, heading_para = None, -1
    for s in ctx.sentences:
        industry, skip = heading_industry(ctx, s)
        if industry is None:
            industry, skip = unnamed_heading(ctx, s)
            if skip and industry is None:
                current = None          # a heading the entity stage did not read: the section before ends
                continue
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
            if x.type in MEMBERS and x.start >= skip and not _partner(s.text, x.start):
                out.append(Relation(x.key, "inIndustry", current, [ctx.evidence(s, "section-heading")]))
    return out


_FIELD = re.compile(r"^(?:[^，,。；;]{0,8}[，,])?在([^，,。；;]{1,20}?)(?:方面|领域)[，,：:]")
_MEMBER_TYPES = ("Project", "Park", "Company", "ResearchInstitution")


def _industry_named(ctx: Context, phrase: str) -> tuple | None:
    """The article's industry that ``phrase`` names in full (its label or a mention's text), with or
    without 产业/行业 after it: the entity stage may have read only part of it in this sentence."""
    wanted = {phrase, phrase + "产业", phrase + "行业", phrase.removesuffix("产业"), phrase.removesuffix("行业")}
    for e in ctx.entities:
        if e.type == "Industry" and (e.label in wanted or any(m.text in wanted for m in e.mentions)):
            return e.key
    return None


def field_sentences(ctx: Context) -> list[Relation]:
    """``在软件信息产业方面，A项目、B公司等一批项目签约落地``: the things listed in the clause after
    the field are in that industry, even where the industry's name is split in this sentence."""
    out: list[Relation] = []
    for s in ctx.sentences:
        m = _FIELD.match(s.text)
        if not m:
            continue
        industry = _industry_named(ctx, m.group(1))
        if industry is None:
            continue
        ends = [i for i in (s.text.find(c, m.end()) for c in "，,。；;") if i >= 0]
        end = min(ends) if ends else len(s.text)
        parts = [(s, m.end(), end)]
        nxt = ctx.sentences[s.index + 1] if s.index + 1 < len(ctx.sentences) else None
        if not ends and not s.text.rstrip().endswith(tuple("！？!?")) and nxt is not None:
            more = [i for i in (nxt.text.find(c) for c in "，,。；;") if i >= 0]     # a list broken by a line
            parts.append((nxt, 0, min(more) if more else len(nxt.text)))
        for sent, a, b in parts:
            for x in ctx.slots.get(sent.index, []):
                if x.type in _MEMBER_TYPES and a <= x.start and x.end <= b and not _partner(sent.text, x.start):
                    out.append(Relation(x.key, "inIndustry", industry, [ctx.evidence(sent, "field-sentence")]))
    return out
