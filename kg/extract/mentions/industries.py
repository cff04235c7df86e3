"""Industries: the sector vocabulary, and the items of a list that names sectors."""
from __future__ import annotations

import re

from .. import gazetteer, lexicon
from ..tokens import Token
from .base import Candidate, _in_vocab, SentenceView
from .lists import coordinated_lists, _sector_tail


def industry_candidates(sv: SentenceView) -> list[Candidate]:
    out = []
    vocab = lexicon.industries()
    in_lists = set()
    for items, strong in coordinated_lists(sv):
        vocab_hits = sum(1 for _, _, w in items if _in_vocab(w, vocab))
        if not strong and vocab_hits < max(1, (len(items) + 1) // 2):
            continue
        strong = strong or _sector_cue_before(sv, items[0][0])
        for a, b, w in items:
            one_word = strong and any(t.start == a and t.end == b for t in sv.tokens)  # 展览 in …、展览及版权交易等领域
            if _starts_with_verb(sv, a) and not one_word or \
                    any(gazetteer.is_place(w[:n]) and not _short_place_sector(w, n, vocab) for n in (2, 3)):
                continue  # 壮大产业体量, 海西州产业链条: actions and places are no sectors
            if _aim_not_sector(sv, a, b, w, vocab):
                continue  # 科技创新, 民生保障, 产业发展: aims and aspects
            if not strong and not _in_vocab(w, vocab):
                pre = _vocab_prefix(w, vocab)
                if not pre:
                    continue
                b, w = a + len(pre), pre
            if lexicon.suffix_of(w) and not w.endswith("产业") and not (strong and lexicon.suffix_of(w) in FUND_WORDS):
                continue
            out.append(_industry(a, b, w, "industry:list", 0.7))
            in_lists.add((a, b))
    out += _nouns_before_hangye(sv, in_lists)
    heading = heading_industry(sv)
    if heading:
        return heading
    out += _sectors_inside_zone_names(sv, in_lists)
    for t in sv.tokens:
        if (t.start, t.end) in in_lists or not _in_vocab(t.word, vocab):
            continue
        if _sector_context(sv, t):
            out.append(_industry(t.start, t.end, t.word, "industry:vocab", 0.6))
    return out


FUND_WORDS = frozenset({"基金", "保险", "证券"})
SECTOR_CUES = ("主要从事", "从事", "涵盖", "涉及", "聚焦", "主营", "专注于", "深耕", "覆盖", "主攻", "重点发展")


def _sector_cue_before(sv: SentenceView, a: int) -> bool:
    """主要从事有色金属、黑色金属、能源、农产品等: a list right after 从事 / 涵盖 names sectors."""
    return sv.text[max(0, a - 4):a].endswith(SECTOR_CUES)


def _nouns_before_hangye(sv: SentenceView, taken: set) -> list[Candidate]:
    """中国黄金行业: the noun that names a trade (行业) is a sector, known word or not."""
    out = []
    for i, t in enumerate(sv.tokens[:-1]):
        if sv.tokens[i + 1].word == "行业" and t.flag in ("n", "nz", "vn") and len(t.word) >= 2 and \
                (t.start, t.end) not in taken and t.word not in lexicon.generic_sector_words() and \
                not lexicon.suffix_of(t.word) and not gazetteer.is_place(t.word):
            out.append(_industry(t.start, t.end, t.word, "industry:trade", 0.6))
    return out


def _short_place_sector(w: str, n: int, vocab) -> bool:
    """盐湖化工: a word that is also a place's short form, before a sector, names a sector."""
    return all(p.short for p in gazetteer.lookup(w[:n])) and w[n:] in vocab


def _aim_not_sector(sv: SentenceView, a: int, b: int, w: str, vocab) -> bool:
    """An item that starts with 产业 (产业创新, 产业体量) or ends in an aim (科技创新, 民生保障)."""
    if w in vocab:
        return False
    if w.startswith("产业") and len(w) > 2:
        return True
    return any(w.endswith(g) for g in lexicon.generic_sector_words())


ZONE_AFTER_SECTOR = re.compile(r"产业(?:基地|园区|园|集聚区|聚集区|小镇|新城)")


def _sectors_inside_zone_names(sv: SentenceView, taken: set) -> list[Candidate]:
    """粤港澳大湾区精准医学产业基地项目: the nominal words between a place (or the start of the
    name) and 产业基地 / 产业园 name the zone's sector."""
    out = []
    toks = sv.tokens
    for m in ZONE_AFTER_SECTOR.finditer(sv.text):
        k = sv.token_at(m.start() - 1) if m.start() > 0 else None
        if k is None or toks[k].end != m.start():
            continue
        j = k
        while j >= 0 and toks[j].flag in ("n", "vn", "nz", "an") and toks[j].word not in lexicon.boundary_words() \
                and not gazetteer.is_place(toks[j].word) and not lexicon.suffix_of(toks[j].word) and k - j < 3 \
                and not toks[j].word.endswith(("镇", "村", "乡", "街道", "路")):
            j -= 1
        if j < k and all(t.word in lexicon.generic_modifiers() for t in toks[j + 1:k + 1]):
            continue  # 国际招商产业园: qualities, no sector
        if j == k or j < 0 or not (toks[j].flag in ("ns", "nt", "nz", "j", "x") or gazetteer.is_place(toks[j].word)):
            continue  # the sector must follow a place, a brand or a bracket
        a, b = toks[j + 1].start, m.start()
        w = sv.text[a:b]
        if 2 <= len(w) <= 8 and (a, b) not in taken and w not in lexicon.generic_modifiers() and \
                not _aim_not_sector(sv, a, b, w, lexicon.industries()):
            c = _industry(a, b, w, "industry:zone", 0.6)
            c.nested = True
            out.append(c)
    return out


def _starts_with_verb(sv: SentenceView, a: int) -> bool:
    t = sv.tokens[sv.token_at(a)]
    return t.start == a and t.flag in ("v", "vd") and t.word not in lexicon.industries()


def heading_industry(sv: SentenceView) -> list[Candidate]:
    """A section heading that is a sector (软件与信息技术产业 alone on its line)."""
    text = sv.text.strip()
    if 4 <= len(text) <= 16 and text == sv.text and re.fullmatch(r"[\u4e00-\u9fffA-Za-z0-9与和及]+", text) and \
            text.endswith(("产业", "行业", "服务业", "制造业")):
        return [_industry(0, len(text), text, "industry:heading", 0.7)]
    return []


def _industry(a: int, b: int, w: str, rule: str, score: float) -> Candidate:
    aliases = [w[:-2]] if w.endswith("产业") and len(w) > 4 else []
    return Candidate(a, b, w, "Industry", rule, score, aliases=aliases)


def _vocab_prefix(w: str, vocab) -> str | None:
    """新能源新材料研发技术团队 -> 新能源新材料: the sector a longer phrase starts with."""
    best = None
    for n in range(len(w) - 1, 1, -1):
        if w[:n] in vocab:
            best = w[:n]
            break
    return best


def _sector_context(sv: SentenceView, t: Token) -> bool:
    """A sector word outside a list: 发展生物医药产业, 从事金融, 新能源领域."""
    after = sv.text[t.end:t.end + 8]
    before = sv.text[max(0, t.start - 4):t.start]
    if _sector_tail(after) or (after.startswith("企业") and t.word not in lexicon.generic_sector_words()
                               and not sv.text[max(0, t.start - 2):t.start].endswith(("高新", "国家"))):
        return True
    if t.word.endswith(("产业", "行业")) or (len(t.word) >= 3 and t.word.endswith("业")):
        return True     # 现代服务业, 物流业: a known sector named as a trade
    return any(before.endswith(w) for w in lexicon.cues()["industry_before"] if len(w) >= 2) and \
        after[:1] in ("，", ",", "。", "；", "、", "等", "")
