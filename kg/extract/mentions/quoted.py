"""Quoted names: “…” and 《…》, typed by their own suffix, the word after the quote or the verb
before it; aliases in brackets, (以下简称X) / (X) after a name."""
from __future__ import annotations

import re

from .. import gazetteer, lexicon
from .base import Candidate, SentenceView


QUOTE = re.compile(r"“([^“”]{2,80})”|《([^《》]{2,80})》")


def quote_candidates(sv: SentenceView) -> list[Candidate]:
    out = []
    last = None
    for m in QUOTE.finditer(sv.text):
        inner = m.group(1) or m.group(2)
        book = m.group(2) is not None
        cand = _typed_quote(sv, m.start(), m.end(), inner, book)
        if cand is None and last is not None and last.type == "Program" and last.rule.startswith("quote:program") and \
                sv.text[last.end:m.start()] in ("和", "、", "及", "与") and _slogan_like(inner) and "、" not in inner:
            cand = Candidate(m.start(), m.end(), m.group(0), "Program", "quote:program+list", 0.6, aliases=[inner])
        if cand:
            out.append(cand)
        last = cand
    return out


def _typed_quote(sv: SentenceView, start: int, end: int, inner: str, book: bool) -> Candidate | None:
    bracket = re.match(r"[(（][^()（）]{1,8}[)）]", sv.text[end:end + 10])
    if bracket and _following_suffix(sv.text[end + bracket.end():end + bracket.end() + 6]):
        end += bracket.end()  # “双招双引”(2.0版)攻势
    after = sv.text[end:end + 6]
    before = sv.text[max(0, start - 6):start]
    if inner.endswith(AGREEMENTS):
        return None
    own = lexicon.suffix_of(inner)
    follow = _following_suffix(after)
    if _counted_generic(inner, own):
        return None  # “两大行动”, “十个重点工程”, “百个项目”: a count of things, no name
    text = sv.text[start:end]
    place = _place_before(sv.text, start)
    hall = own == "厅" and not (inner.startswith("省") or gazetteer.is_place(inner[:2]) or gazetteer.is_place(inner[:3]))
    if place and (not own or hall) and not follow and re.search(r"(?:厅|馆|园|中心|港|城)$", inner):
        return Candidate(start - len(place), end, place + text, "Park" if inner.endswith(("厅", "馆")) else "Program",
                         "quote+place", 0.8, aliases=[place + inner])
    if hall and not follow:
        return None  # “国际客厅”: a kind of hall; 日本“国际客厅” names one
    if follow and follow not in ("项目",):
        etype = _quote_follow_type(follow, own)
        return Candidate(start, end + len(follow), text + follow, etype, f"quote+{follow}", 0.9,
                         aliases=[inner + follow, inner])
    if follow == "项目" and re.match(r"^项目(?:集中)?(?:签约|开工|推介|竣工|观摩)", sv.text[end:end + 8]):
        return Candidate(start, end, text, "Program", "quote:campaign", 0.7, aliases=[inner])  # “金秋招商月”项目集中签约
    if follow == "项目":
        return Candidate(start, end + 2, text + "项目", "Project", "quote+项目", 0.9, aliases=[inner + "项目", inner])
    if "、" in inner and not follow and not _program_context("", after):
        return None  # “生态、开放、活力”: a list of slogans, not a name (unless a campaign: 以“…”为抓手)
    if own and len(inner) > len(own):
        etype = lexicon.suffix_types()[own]
        if book and etype in ("Program", "Government", "Event"):
            etype = "Program" if etype != "Event" else etype
        return Candidate(start, end, text, etype, f"quote:{own}", 0.85, aliases=[inner])
    if book:
        return Candidate(start, end, text, "Program", "quote:book", 0.6, aliases=[inner])
    if not own and not follow and before.endswith(("企业", "公司", "集团", "品牌")) and 2 <= len(inner) <= 12 and \
            not gazetteer.is_place(inner):
        return Candidate(start, end, text, "Company", "quote:company", 0.7, aliases=[inner])  # 生产企业“包钢稀土”
    if any(after.startswith(w) for w in lexicon.cues()["industry_after"] if w in ("产业", "行业", "产业链")):
        if COUNTED_LIST.fullmatch(inner):
            return None  # “十强”产业, “1+5”产业: the name of a list of sectors, no sector
        return Candidate(start, end, text, "Industry", "quote:industry", 0.7, aliases=[inner])
    if _program_context(before, after) and _slogan_like(inner):
        return Candidate(start, end, text, "Program", "quote:program", 0.6, aliases=[inner])
    return None


COUNTED_LIST = re.compile(r"[\d一二两三四五六七八九十百千+＋]+[强大新优]?")
COUNT_START = re.compile(r"^(?:\d+|[一二两三四五六七八九十百千]+)(?:大|个|项|张)")


def _counted_generic(inner: str, own: str | None) -> bool:
    m = COUNT_START.match(inner)
    if not m:
        return False
    rest = inner[m.end():len(inner) - len(own)] if own else inner[m.end():]
    for word in sorted(lexicon.generic_modifiers(), key=len, reverse=True):
        rest = rest.replace(word, "")
    return rest == ""


def _place_before(text: str, start: int) -> str | None:
    """日本“国际客厅”: a country or place glued before a quoted name belongs to it."""
    for n in (4, 3, 2):
        cand = text[max(0, start - n):start]
        if len(cand) == n and gazetteer.is_place(cand) and not gazetteer.lookup(cand)[0].common:
            return cand
    return None


AGREEMENTS = ("协议", "合同", "备忘录", "协定", "通知", "报告", "意向书", "框架协议")


def _following_suffix(after: str) -> str | None:
    for s in ("系列活动", "活动", "攻势", "行动计划", "计划", "行动", "项目", "大赛", "工程", "战略", "展馆"):
        if after.startswith(s):
            return s
    return None


def _quote_follow_type(follow: str, own: str | None) -> str:
    if own and lexicon.suffix_types()[own] == "Event":
        return "Event"
    if follow in ("大赛",):
        return "Event"
    if follow in ("展馆",):
        return "Park"
    return "Program"


def _program_context(before: str, after: str) -> bool:
    verbs = lexicon.cues()["program_verbs"]
    if any(before.endswith(v) for v in verbs):
        return True
    return any(after.startswith(w) for w in lexicon.cues()["program_after"])


def _slogan_like(inner: str) -> bool:
    return 2 <= len(inner) <= 16 and not inner.endswith(("产业", "企业", "行业"))


ALIAS_BRACKET = re.compile(r"[(（](?:以下简称|以下称|下称|简称|又称)?[“\"]?([^()（）“”\"，,。]{2,20})[”\"]?[)）]")


def bracket_aliases(sv: SentenceView, cands: list[Candidate]) -> None:
    """``A(B)`` and ``A(以下简称B)``: B is another name of the candidate A ending there."""
    ends = {c.end: c for c in cands if c.rule != "place"}
    for m in ALIAS_BRACKET.finditer(sv.text):
        c = ends.get(m.start())
        alias = m.group(1)
        if c is None or gazetteer.is_place(alias):
            continue
        c.aliases.append(alias)
        if "简称" not in m.group(0) and "称" not in m.group(0):
            c.aliases.append(sv.text[c.start:m.end()])
