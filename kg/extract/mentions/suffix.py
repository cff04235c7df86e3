"""Suffix names: place/core + organisational suffix (…有限公司, …管委会, …项目), the left edge found
by ``name_edges``; local organs (市委, 管委会); events joined by 暨."""
from __future__ import annotations

import re

from .. import gazetteer, lexicon
from ..tokens import Token, word_frequency
from .base import Candidate, _in_vocab, is_specific, LEGAL_SUFFIXES, MAX_EVENT, RARE, SentenceView
from .name_edges import left_edge, _trim_leading_qualities
from .generic import (_amount_before, _core_is_generic, _core_is_meaningful, _distinctive_suffix,
                      _glued_left, _held_occurrence, _name_score, _named_instance, _signed_sector_project,
                      _suffix_needs_specific_core)
from .industries import _industry


def suffix_candidates(sv: SentenceView) -> list[Candidate]:
    out = []
    suffix_at = lexicon.suffix_endings(sv.text)      # = _suffix_ending_at(sv.text, end) for every end
    for end in _name_ends(sv):
        suffix = suffix_at.get(end)
        if not suffix or _suffix_used_as_word(sv, end, suffix):
            continue
        etype = lexicon.suffix_types()[suffix]
        start = left_edge(sv, end - len(suffix), etype)
        if start is None:
            continue
        name = sv.text[start:end]
        if etype == "Park":
            start = _trim_leading_qualities(sv, start, end - len(suffix))
            name = sv.text[start:end]
        if etype == "Park" and presented_as_project(sv, start, end):
            etype = "Project"
        if etype == "Project" and re.match(r"(?:\d+|[一二三四五六七八九十百两]+)(?:个|项)", sv.text[end:end + 5]):
            sv.rejected.append((name, "a count of projects follows: a category", 0.5))
            core = sv.text[start:end - len(suffix)]
            if 2 <= len(core) <= 14 and (_in_vocab(core, lexicon.industries()) or
                                         any(t.word in lexicon.industries() for t in sv.tokens
                                             if t.start >= start and t.end <= end - len(suffix))):
                out.append(_industry(start, end - len(suffix), core, "industry:category", 0.6))
            continue  # 大数据电子信息产业项目23个: projects counted by sector
        if etype == "Park" and _park_is_generic(sv, start, end - len(suffix)):
            sv.rejected.append((name, f"generic park before {suffix}", 0.5))
            continue
        cand = Candidate(start, end, name, etype, f"suffix:{suffix}", _name_score(sv, start, end, suffix))
        cand.proper = any(t.start == start and t.end == end and t.flag == "nt" for t in sv.tokens)
        if not _core_is_meaningful(name, suffix) or sv.text[end - len(suffix) - 1:end - len(suffix)] in ("、", "，"):
            continue  # 宣传推介、项目招引: the suffix word starts another item
        if _suffix_needs_specific_core(suffix) and _core_is_generic(sv, start, end - len(suffix), etype) and \
                not _named_instance(sv, end) and not (etype == "Event" and _held_occurrence(sv.text, start)) and \
                not (etype == "Project" and (_amount_before(sv.text, start) or
                                                                   _signed_sector_project(sv, start, end - len(suffix)))):
            sv.rejected.append((name, f"generic core before {suffix}", cand.score))
            continue
        if etype == "Company" and OWNED_BY.search(name):
            sv.rejected.append((name, "a company named by its owner (…有限公司全资子公司)", cand.score))
            continue  # the owner's name and the subsidiary's are two names
        if etype == "Government" and TWO_ORGANS.search(name):
            continue  # 市委市政府: two organs side by side, each found on its own
        if suffix in OWNED_THINGS and lexicon.suffix_types().get(lexicon.suffix_of(name[:-len(suffix)]) or "") in OWNERS:
            sv.rejected.append((name, f"the {suffix} of an organisation", cand.score))
            continue  # 某某公司生产线: the company's line; the company is the name
        if suffix in PARTY_ORGANS and lexicon.suffix_types().get(lexicon.suffix_of(name[:-len(suffix)]) or "") in OWNERS:
            sv.rejected.append((name, "the party committee of an organisation", cand.score))
            continue  # 某某集团党委书记: the title belongs to the company's people
        if etype == "Company" and suffix not in LEGAL_SUFFIXES and DESCRIBED.search(sv.text, 0, start) and \
                not any(is_specific(t) or gazetteer.is_place(t.word) for t in sv.tokens
                        if t.start >= start and t.end <= end - len(suffix)):
            sv.rejected.append((name, "a description after 是", cand.score))
            continue  # 某集团是一家专业性书刊进出口公司: what it is, not its name
        out.append(cand)
    return out


OWNED_BY = re.compile(r"(?:有限公司|集团|股份公司|有限责任公司)的?(?:全资|控股|独资|合资)?(?:子公司|分公司|孙公司)$")
OWNED_THINGS = ("生产线",)
TWO_ORGANS = re.compile(r"^(?:[^委]{0,10})?[省市县区州](?:委|政府)[省市县区州](?:委|政府|人民政府|人大常委会|政协)$")
PARTY_ORGANS = ("党委", "党组", "纪委", "党工委")
OWNERS = ("Company", "ResearchInstitution", "Organization")
DESCRIBED = re.compile(r"(?:是|为|系|作为)(?:[^，。；、是为]{0,8}?(?:的|一家|一个|一所))?$")

GOAL_BEFORE = re.compile(r"(?:打造|建成|建设成为|建设成|成为|创建|争创|造成|加快|推进|推动|建设)(?:[^，。；、]{0,8}的)?$")


def _park_is_generic(sv: SentenceView, start: int, suffix_start: int) -> bool:
    """高端服务业聚集区, 打造世界一流科技园区, 加快科技新城示范区建设: a zone described by sector
    words and qualities, or a goal with no place or proper name in it, names no park."""
    core = [t if t.end <= suffix_start else Token(t.word[:suffix_start - t.start], t.flag, t.start, suffix_start)
            for t in sv.tokens if t.end > start and t.start < suffix_start]
    if not core:
        return True
    vocab = lexicon.industries()

    def plain(t: Token) -> bool:
        return t.word in lexicon.generic_modifiers() or _in_vocab(t.word, vocab) or \
            lexicon.suffix_of(t.word) == t.word or t.word in "和与及、" or \
            t.flag[:1] in "vdmfp" and t.flag != "vn" and word_frequency(t.word) >= RARE

    if re.search(r"(?:\d+|[两三四五六七八九十])大", sv.text[start:suffix_start]):
        return True  # 三大产业集聚区: a count of zones
    prev = sv.tokens[sv.token_at(start - 2)] if start >= 2 else None
    listed = sv.text[start - 1:start] in ("、", "和", "及") and prev is not None and \
        not _in_vocab(prev.word, vocab) and prev.flag in ("n", "nz", "nt", "ns", "nr", "j", "eng")  # A、B和智能制造产业基地; not 制造业和新兴产业聚集区
    if all(plain(t) for t in core) and not listed and not _distinctive_suffix(sv.text[suffix_start:suffix_start + 3]):
        return True
    if not GOAL_BEFORE.search(sv.text[max(0, start - 14):start]):
        return False
    return not any(gazetteer.is_place(t.word) or (is_specific(t) and not plain(t)) for t in core)


def joined_events(sv: SentenceView, cands: list[Candidate]) -> list[Candidate]:
    """2016中国环保汽车大会暨节能与新能源汽车产业高峰论坛: two meetings joined by 暨 are one event."""
    events = [c for c in cands if c.type == "Event" and not c.nested]
    out = []
    for a in events:
        if sv.text[a.end:a.end + 1] != "暨" or any(c.start <= a.start and c.end > a.end + 1 for c in events):
            continue
        later = [b for b in events if b.start > a.end and b.end - a.start <= MAX_EVENT
                 and not re.search(r"[，,。；;、()（）]", sv.text[a.end:b.start])]
        if later:
            b = min(later, key=lambda c: (c.end, -c.start))
            out.append(Candidate(a.start, b.end, sv.text[a.start:b.end], "Event", "suffix:暨", max(a.score, b.score)))
    return out


INVESTED = re.compile(r"(?:总投资|投资|投资额|计划投资)[约达超近]?[\d.]+(?:亿|万)?(?:元|美元|人民币|欧元)?(?:的)?$")


def presented_as_project(sv: SentenceView, start: int, end: int) -> bool:
    """GUIDELINE: a park the text presents as a project (investment amount before it,
    签约落地 / 开工建设 / 建成投产 after it, listed in …等项目) is a Project."""
    before = sv.text[max(0, start - 20):start]
    after = sv.text[end:end + 8]
    if INVESTED.search(before) or re.search(r"(?:建设|筹建|新建|兴建|开工建设|投资建设|投资|引进|引入)(?:了)?$", before):
        return True
    if re.search(r"(?:投资|建设|筹建|兴建)(?:一个|一座)?[^，。；;“”]{0,18}的$", before) or \
            re.search(r"(?:开工|投产|签约|落地)的(?:项目)?(?:还有|包括|有)$", before):
        return True  # 投资建设集研发、生产于一体的X; 同期开工的还有X
    cues = lexicon.cues()["project_after"]
    after_clean = after.lstrip("正式已顺利成功将")
    signs_others = re.match(r"^(?:集中)?(?:签约|开工)(?:了)?(?:\d|[一二三四五六七八九十百千两多]+(?:个|项|家)|项目)",
                            sv.text[end:end + 12].lstrip("正式已顺利成功将"))
    where = re.search(r"(?:在|于|落户|落地|位于|入驻|落户到)$", before)
    if any(after_clean.startswith(c) for c in cues) and not signs_others and not where:
        return True  # …产业园正式投产; but 高新区签约38个项目: the zone signs; 项目在X新区开工: X is where
    return bool(re.match(r"^(?:[、，,][^。；;]{0,40})?等(?:\d+个)?(?:一批|一系列)?[^。；;，,]{0,24}?项目", sv.text[end:end + 70]))


def _name_ends(sv: SentenceView) -> list[int]:
    """Token ends, and places inside a token where a title starts (协会|会长 cut as 协会会长)."""
    if sv.ends is None:
        ends = {t.end for t in sv.tokens}
        for t in sv.tokens:
            for k in range(1, len(t.word) - 1):
                if lexicon.title_ending(t.word[k:]) == t.word[k:]:
                    ends.add(t.start + k)
                    break
        sv.ends = sorted(ends)
    return sv.ends


def _suffix_used_as_word(sv: SentenceView, end: int, suffix: str) -> bool:
    """所涉及 (所 as a particle), 计划于12月 (计划 as a verb): the suffix is no name's end."""
    nxt = sv.text[end:end + 1]
    k = sv.token_at(end) if end < len(sv.text) else None
    next_tok = sv.tokens[k] if k is not None and sv.tokens[k].start == end else None
    if len(suffix) == 1 and next_tok is not None and next_tok.flag.startswith("v"):
        return True
    own = sv.tokens[sv.token_at(end - 1)]
    if own.word == suffix and own.flag == "v" and word_frequency(suffix) > 1000 and next_tok is not None \
            and next_tok.flag.startswith(("n", "v")):
        return True  # 商会组织会员: 组织 as a verb
    if len(suffix) == 1 and word_frequency(sv.text[end - 2:end]) > 100:
        return True  # 开展, 格局, 全部: the character ends an ordinary word
    if len(suffix) == 1:
        k_end = sv.token_at(end - 1)
        tok = sv.tokens[k_end]
        if tok.end == end and tok.word in lexicon.boundary_words():
            return True  # 科研院所: a kind of body, not a name
        if tok.word == suffix and k_end > 1 and sv.tokens[k_end - 1].flag == "v" and \
                sv.tokens[k_end - 2].flag not in ("n", "nt", "ns", "nz", "j"):
            return True  # 谋好|局: a verb's object, not a bureau (行政审批局 is one)
        if tok.word != suffix and tok.flag != "nt" and word_frequency(tok.word) > 0:
            return True
    if lexicon.suffix_types()[suffix] == "Program" and nxt and nxt in "于将在到从要把":
        return True
    if lexicon.suffix_types()[suffix] == "Program" and next_tok is not None and next_tok.flag in ("vn", "n") \
            and next_tok.word not in ("、",):
        return True  # 三方战略合作: 战略 qualifies 合作
    return False


def _suffix_ending_at(text: str, end: int) -> str | None:
    return lexicon.suffix_ending_at(text, end)


LOCAL_ORGAN = re.compile(r"^[市省县区州](?:委|政府|人民政府|人大|人大常委会|政协|委员会|政府办公室|委(?:组织|宣传|统战|政法)部|"
                         r"[\u4e00-\u9fff]{0,6}(?:局|厅|办|委|办公室|中心|工业园区|开发区|高新区))$")


BARE_ZONE_ORGANS = frozenset({"管委会", "党工委", "管理委员会"})


def local_organ_candidates(sv: SentenceView) -> list[Candidate]:
    """市委, 市政府, 省经合办, 县工业园区: organs named by their level only (resolved later)."""
    out = []
    ends = set(_name_ends(sv))
    for t_i, t in enumerate(sv.tokens):
        if t.word in BARE_ZONE_ORGANS and (t_i == 0 or sv.tokens[t_i - 1].flag in ("x", "p", "c", "v", "uj")):
            out.append(Candidate(t.start, t.end, t.word, "Government", "bare-organ", 0.6))
            continue
        if t.word[:1] not in "市省县区州" or (t_i > 0 and _glued_left(sv, t_i)):
            continue
        for end in range(t.start + 2, min(len(sv.text), t.start + 10) + 1):
            name = sv.text[t.start:end]
            if end in ends and LOCAL_ORGAN.match(name) and lexicon.suffix_of(name):
                etype = lexicon.suffix_types()[lexicon.suffix_of(name)]
                out.append(Candidate(t.start, end, name, etype, "local-organ", 0.8))
    return out
