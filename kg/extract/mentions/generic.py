"""Is a name's core generic (新项目, 一批企业) or meaningful, and how sure is a suffix name."""
from __future__ import annotations

import re

from .. import gazetteer, lexicon
from ..tokens import Token, word_frequency
from .base import CJK, _fragment_char, _in_vocab, is_specific, LEGAL_SUFFIXES, SentenceView, SPECIFIC_FLAGS


def _at_token_end(sv: SentenceView, end: int) -> bool:
    return any(t.end == end for t in sv.tokens) or end == len(sv.text)


def _glued_left(sv: SentenceView, t_i: int) -> bool:
    """市 continuing a word on its left (城市, 全市, 莱西市) is no local organ's first character."""
    prev = sv.tokens[t_i - 1]
    if lexicon.suffix_types().get(lexicon.suffix_of(prev.word) or "") == "Government":
        return False  # 市委|市政府: one organ after another
    return CJK.search(prev.word[-1:]) is not None and (prev.word in lexicon.boundary_words() is False or
                                                       gazetteer.is_place(prev.word) or prev.flag in ("ns", "n", "nr"))


def _distinctive_suffix(head: str) -> bool:
    """院士港, 研发城: a zone word that is no common word makes a name even after 国际."""
    return len(head) == 3 and head[-1] in "港城" and lexicon.suffix_types().get(head) == "Park" and \
        word_frequency(head) == 0


def _brand_word(t: Token) -> bool:
    w = t.word
    return t.flag in ("n", "nz", "nr", "ns", "j") and 2 <= len(w) <= 3 and w not in lexicon.trade_words() and \
        not _in_vocab(w, lexicon.industries()) and w not in lexicon.generic_modifiers() and \
        w not in lexicon.generic_sector_words() and w not in lexicon.boundary_words() and not lexicon.suffix_of(w)


def _unknown_brand(core: list[Token]) -> bool:
    """鼎|信 科技产业园: two single characters side by side that make no word are a brand jieba
    did not know."""
    return any(b.start == a.end and _fragment_char(a) and _fragment_char(b) and word_frequency(a.word + b.word) < 50
               for a, b in zip(core, core[1:]))


def _core_is_meaningful(name: str, suffix: str) -> bool:
    core = name[: -len(suffix)]
    core = re.sub(r"[“”《》\"'()（）·\s]", "", core)
    if len(core) < 1 or not (CJK.search(core) or re.search(r"[A-Za-z]{2}", core)):
        return False
    if len(suffix) == 1 and len(core) < 2:
        return False
    if name in lexicon.generic_names() and len(core) < 2:
        return False
    return True


def _suffix_needs_specific_core(suffix: str) -> bool:
    """项目, 集团, 高新区 make a name only with a specific core; 院士港, 促进会 and the legal
    forms (有限公司) are names by themselves."""
    if suffix in LEGAL_SUFFIXES:
        return False
    etype = lexicon.suffix_types()[suffix]
    if etype == "Government":
        return False  # 行政审批局, 商务局: bureaus have plain cores (and are scoped to their article)
    rare = len(suffix) >= 3 and etype in ("Park", "Organization") and suffix not in lexicon.generic_names()
    return not rare


AMOUNT_BEFORE = re.compile(r"(?:总投资|投资|投资额|总投资额)(?:约|超|逾|近|达)?[\d.]+(?:多|余)?(?:万|亿)(?:元|美元|欧元|日元|港元|人民币)?(?:人民币)?的$")


SIGNED_BEFORE = re.compile(r"(?:签约|签署|签订|签下)(?:了)?$")


def _signed_sector_project(sv: SentenceView, start: int, core_end: int) -> bool:
    """签署半导体产业园项目: the project two parties sign is one project, even when its name is
    its sector (a sector word and zone words only; 招商引资项目 stays generic)."""
    if not SIGNED_BEFORE.search(sv.text, max(0, start - 4), start):
        return False
    vocab = lexicon.industries()
    core = [t for t in sv.tokens if t.start >= start and t.end <= core_end]
    return bool(core) and any(_in_vocab(t.word, vocab) for t in core) and \
        all(_in_vocab(t.word, vocab) or lexicon.suffix_of(t.word) == t.word for t in core)


def _amount_before(text: str, start: int) -> bool:
    """总投资50亿元的新能源汽车零部件项目: a project the text sizes is one project, even when a
    sector is all its name says (GUIDELINE: presented as a project, with an investment amount)."""
    return AMOUNT_BEFORE.search(text, max(0, start - 16), start) is not None


def _named_instance(sv: SentenceView, end: int) -> bool:
    """蓝湾生物医药产业园等5个产业园区: a name followed by 等 and a count of its kind is named."""
    return re.match(r"等(?:\d+|[两三四五六七八九十]+)(?:个|家|所)", sv.text[end:end + 6]) is not None


HELD = re.compile(r"(?:举行|举办|召开|出席|参加)(?P<done>了)?$")
WHEN = re.compile(r"\d+月\d+日|[日近]前|当天|当日|今天|昨天|[上下]午")


def _held_occurrence(text: str, start: int) -> bool:
    """县工业园区举办了招商引资项目集中签约仪式, 5月17日某区举行…签约仪式: an event held (or
    attended) on a day, right there, is that one occurrence, named by what it is; 举办两场…签约活动,
    等招商推介活动 and 参加国际性大型展会 are kinds."""
    m = HELD.search(text, max(0, start - 3), start)
    return m is not None and (m.group("done") is not None or WHEN.search(text, 0, m.start()) is not None)


COUNT_AT_END = re.compile(r"(?:^|[^\dA-Za-z])(?:\d+|[一二三四五六七八九十百千两几数]+)(?:个|项|大|新|余|多|批|亿|类)+$|(?:百|千)亿$")


def _core_is_generic(sv: SentenceView, start: int, end: int, etype: str = "Project") -> bool:
    """优质项目, 产业项目, 重大工程, 物联网项目, 生物医药产业重点项目: a core of common
    words and sector words only is no name."""
    core = [t if t.end <= end or t.flag in SPECIFIC_FLAGS else Token(t.word[:end - t.start], "n", t.start, end)
            for t in sv.tokens if t.end > start and t.start < end]  # 外资|项目 cut as one word: its 外资 part
    if etype == "Project" and re.search(r"[类型]$", sv.text[start:end]):
        return True  # 煤焦冶电类项目, 总部型项目: a kind of project
    if COUNT_AT_END.search(sv.text[start:end]) and etype in ("Project", "Park", "Company"):
        return True  # 长沙9大项目, 百个项目: a count of projects, not a project
    if etype == "Project" and all(t.flag[:1] in "vdrfpcum" and t.flag != "vn" or t.word in lexicon.generic_modifiers()
                                  for t in core):
        return True  # 复工项目, 借此发挥项目: actions and qualities only
    if etype == "Project" and re.fullmatch(r"所[\u4e00-\u9fff]{1,3}", sv.text[start:end]):
        return True  # 所签项目: the projects signed
    if etype == "Project" and gazetteer.is_place(sv.text[start:end]) and \
            re.search(r"[个项批些等]$", sv.text[max(0, start - 3):start]):
        return True  # 33个澳门项目: projects from a place
    if etype == "Program":
        return end - start <= 2 or all(t.word in lexicon.generic_modifiers() or word_frequency(t.word) > 20000
                                       for t in core)
    if etype in ("Project", "Company", "Park") and _unknown_brand(core):
        return False
    vocab = lexicon.industries()
    sector = [t for t in core if t.word in vocab or t.word[:-2] in vocab]
    others = [t for t in core if t not in sector and not re.fullmatch(r"[\d一二三四五六七八九十百]+[大个项]?", t.word)]
    if sector and etype in ("Project", "Company", "Park") and not any(is_specific(t) for t in others) and \
            sum(len(t.word) for t in others) <= 4:
        return True
    if sector and etype == "ResearchInstitution":
        return False
    if etype == "ResearchInstitution" and end < len(sv.text) and sv.text[end] == "所" and len(core) == 1 \
            and len(core[0].word) >= 2:
        return False  # 微电子所, 声学所
    if etype == "Company" and len(core) == 1 and _brand_word(core[0]):
        return False  # 小米集团, 苹果公司: one concrete noun before 集团 is a brand; 物业公司 is a kind
    if etype == "Event" and not re.search(r"[\dA-Za-z“”]|首届|届|首次", sv.text[start:end]):
        return not any(is_specific(t) or gazetteer.is_place(t.word) for t in core)  # 招商项目网上签约活动
    return sum(len(t.word) for t in core) <= 4 and not any(is_specific(t) for t in core)


def _name_score(sv: SentenceView, start: int, end: int, suffix: str) -> float:
    score = 0.5 + min(0.3, 0.03 * (end - start))
    inner = [t for t in sv.tokens if t.start >= start and t.end <= end - len(suffix)]
    if any(t.flag in ("ns", "nt", "nz", "nr", "eng", "j") for t in inner):
        score += 0.2
    if len(suffix) == 1:
        score -= 0.2
    return round(min(score, 1.0), 3)
