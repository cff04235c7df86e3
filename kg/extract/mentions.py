"""Candidate mentions: the shapes Chinese names take, one small rule each.

Each rule reads one sentence (its text and its jieba tokens) and yields
``Candidate``s with offsets into the sentence.  ``kg.entities`` chooses among
overlapping candidates and resolves them to entities.

Rules:
* ``suffix``   place/core + organisational suffix (…有限公司, …管委会, …项目), the
  name's left edge found by walking back over tokens until a word no name contains;
* ``quote``    “…” and 《…》 names, typed by their own suffix, the word after the
  quote, or the verb before it;
* ``alias``    (以下简称X) / (X) after a name: X is another name of it;
* ``person``   title + name (市委书记惠新安), name + honorific (汤友志博士);
* ``place``    the gazetteer's divisions and countries;
* ``industry`` the sector vocabulary, and the items of a list that names sectors.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator
from dataclasses import dataclass, field

from . import gazetteer, lexicon
from .tokens import Token, tokenize, word_flag, word_frequency

MAX_NAME = 32
MAX_EVENT = 64
CJK = re.compile(r"[\u4e00-\u9fff]")
STOP_FLAGS = ("p", "c", "u", "r", "d", "y", "o", "q")   # first letters of jieba flags that end a name
STOP_EXACT = frozenset({"e", "ad", "zg", "i"})
LEGAL_SUFFIXES = frozenset({"有限公司", "股份有限公司", "有限责任公司", "集团公司"})
SPECIFIC_FLAGS = ("ns", "nr", "nt", "nz", "eng", "j", "nrt", "nrfg")
RARE = 150
JOINERS = {"及", "暨", "与", "和", "、"}
INNER_PUNCT = {"·", "-", "—", "–", "－", "•", "+", "&"}
OPEN, CLOSE = "(（“《", ")）”》"
PAIRS = {")": "(", "）": "（", "”": "“", "》": "《"}
CAPACITY = re.compile(r"[\d.一二三四五六七八九十百千万亿×xX]+(?:万|千)?(?:吨|套|台|件|辆|片|平方米|立方米|千瓦|兆瓦|瓦|MW|GW|KW|kW)")
EVENT_WORDS = frozenset({"投资", "招商", "引资", "签约", "推介", "发展", "建设", "开工", "合作", "推进", "促进", "交流"})
QUANT_AFTER = re.compile(r"^(?:多|余|个|家|项|亿|万|元|千|百|名|位|批|年|月|日|号|%|米|吨|平方|亩|场|次|期|届|轮)")


@dataclass
class Candidate:
    start: int                 # offsets into the sentence text
    end: int
    text: str
    type: str
    rule: str
    score: float = 1.0
    aliases: list[str] = field(default_factory=list)
    nested: bool = False       # may overlap other mentions (a place inside a name)
    canonical: str | None = None
    proper: bool = False       # one word jieba knows as an organisation's name (清华大学)
    place: "gazetteer.Place | None" = None


@dataclass
class SentenceView:
    text: str
    tokens: list[Token]
    ends: list[int] | None = None
    _at: list[int] | None = None
    rejected: list = field(default_factory=list)   # (surface, reason, score) of names the grammar refused
    lists: dict = field(default_factory=dict)      # coordinated_lists, computed once per sentence

    def token_at(self, pos: int) -> int:
        """Index of the token containing character ``pos``."""
        if self._at is None:
            self._at = [i for i, t in enumerate(self.tokens) for _ in range(t.end - t.start)]
        if 0 <= pos < len(self._at):
            return self._at[pos]
        return len(self.tokens) - 1


def view(text: str) -> SentenceView:
    return SentenceView(text, tokenize(text))


# ---------------------------------------------------------------- suffix names
def suffix_candidates(sv: SentenceView) -> list[Candidate]:
    out = []
    for end in _name_ends(sv):
        suffix = _suffix_ending_at(sv.text, end)
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


def left_edge(sv: SentenceView, suffix_start: int, etype: str) -> int | None:
    """Where a name whose suffix starts at ``suffix_start`` begins (None: no core)."""
    toks = sv.tokens
    k = sv.token_at(suffix_start)
    start = min(toks[k].start, suffix_start)
    i = k - 1
    glued = sv.text[toks[k].start:suffix_start]
    if glued and (glued in lexicon.boundary_words() or glued[-2:] in lexicon.boundary_words()):
        return None  # 召开大会 cut as one word: nothing names the meeting
    core: list[Token] = [toks[k]] if toks[k].start < suffix_start else []
    while i >= 0:
        t = toks[i]
        if suffix_start - t.start > (MAX_EVENT if etype == "Event" else MAX_NAME):
            break
        if t.word in PAIRS:
            j = _matching_open(toks, i)
            if j is None or not _bracket_inside_name(sv, j, i):
                break
            if toks[j].word in "(（" and (j == 0 or not _can_be_inside(sv, j - 1, etype)):
                break
            start, i = toks[j].start, j - 1
            core.append(t)
            if etype == "Event" and toks[j].word == "“" and i >= 0 and _full_admin_place(toks[i].word):
                break  # 贯彻青岛市“X”现场推进活动: the city before the quoted name holds the event
            continue
        if len(t.word) >= 3 and t.word[0] in "和与及" and t.flag in ("nz", "nr", "ns", "n") and etype == "Company":
            start = t.start + 1  # 和协鑫 cut as one word: the name starts after the conjunction
            break
        if _brand_fragment(sv, i, etype) or _function_char_in_brand(sv, i, etype) or _numeral_brand(sv, i, etype) or \
                _single_chars_before_legal_form(sv, i, suffix_start, etype) or _faculty_conjunction(sv, i, etype):
            start = t.start
            core.append(t)
            i -= 1
            continue
        if not _can_be_inside(sv, i, etype):
            break
        if t.flag.startswith("v") and t.flag != "vn" and word_frequency(t.word) > 0 and _core_is_specific(core, sv) and \
                toks[i + 1].word not in ("、", "(", "（") and not _verb_inside_company(sv, i, suffix_start, etype) and \
                not re.fullmatch(r"\d{4}", toks[i + 1].word):
            break  # but 中国制造|2025|青岛示范园: a plan's name with its year goes on
        start = t.start
        core.append(t)
        i -= 1
    start = _trim_leading(sv, start)
    start = _trim_leading_verbs(sv, start, suffix_start, etype)
    start = _after_ranking(sv.text, start, suffix_start)
    start = _after_serving_person(sv.text, start, suffix_start)
    if etype == "Company":
        start = _after_generic_zone(sv.text, start, suffix_start)
    return start if start < suffix_start else None


AGE_GROUPS = frozenset({"青年", "少年", "中年", "老年", "青少年"})
ORG_TYPES = ("Company", "Organization", "ResearchInstitution", "Project")
TIME_CHARS = re.compile(r"[年月日时天周季春夏秋冬世纪代期间前后初末]")


SERVES_AS = re.compile(r"([\u4e00-\u9fff]{2,3}?)(?:现任|担任|出任|兼任|曾任|原任|任)")


def _after_serving_person(text: str, start: int, suffix_start: int) -> int:
    """张伟现任中南大学, 李明任浙江大学 (jieba's 李明任): a person and 任 before a name are not in it."""
    m = SERVES_AS.match(text, start, suffix_start)
    if m and suffix_start - m.end() >= 2 and _surname_ok(m.group(1)) and not gazetteer.is_place(m.group(1)) \
            and not _common_word(m.group(1)):
        return m.end()
    return start


FACULTY_OF = re.compile(r"(?:大学|学院|研究院|科学院)[\u4e00-\u9fff]{2,6}$")


def _faculty_conjunction(sv: SentenceView, i: int, etype: str) -> bool:
    """中南大学冶金与环境学院: a faculty of a university may join two fields with 与 or 和."""
    return etype == "ResearchInstitution" and sv.tokens[i].word in ("与", "和", "及") and \
        FACULTY_OF.search(sv.text, max(0, sv.tokens[i].start - 12), sv.tokens[i].start) is not None


def _brand_fragment(sv: SentenceView, i: int, etype: str) -> bool:
    """中国信|达|资产管理, 创办了声|达|海洋信息技术公司: jieba cut an unknown brand into single
    characters; two such characters side by side that make no word are part of the name."""
    if etype not in ORG_TYPES:
        return False
    toks = sv.tokens
    t = toks[i]
    if not _fragment_char(t, loose=True):
        if t.flag == "t" and len(t.word) == 2 and word_frequency(t.word) < 50 and not TIME_CHARS.search(t.word) \
                and i + 1 < len(toks) and toks[i + 1].flag.startswith("n"):
            return True  # 正隆|引线公司: an era name that is a brand
        return False
    for j, pair in ((i - 1, (i - 1, i)), (i + 1, (i, i + 1))):
        if not 0 <= j < len(toks):
            continue
        first, second = toks[pair[0]], toks[pair[1]]
        if _fragment_char(toks[j], loose=True) and not _bound(first) and \
                not (_bound(second) and not _before_noun(sv, pair[1])) and not _after_number(sv, pair[0]):
            word = first.word + second.word
            if word_frequency(word) < 50 and word not in lexicon.boundary_words():
                return True
    return False


def _single_chars_before_legal_form(sv: SentenceView, i: int, suffix_start: int, etype: str) -> bool:
    """华润|置|地|有限公司: one or two single characters between a brand and a legal form
    (有限公司) belong to the name, whatever jieba tagged them."""
    toks = sv.tokens
    if etype != "Company" or not sv.text.startswith(tuple(LEGAL_SUFFIXES), suffix_start):
        return False
    k = i
    while k < len(toks) and toks[k].end <= suffix_start:
        k += 1
    first = i
    while first > 0 and len(toks[first - 1].word) == 1 and CJK.match(toks[first - 1].word) and k - first < 2:
        first -= 1
    chain = toks[first:k]
    if not chain or len(chain) > 2 or any(len(t.word) != 1 or not CJK.match(t.word) or t.word in "的与和及等是在"
                                          for t in chain):
        return False
    return first > 0 and toks[first - 1].flag in ("nz", "nr", "ns", "nt", "j", "nrt", "eng")


def _numeral_brand(sv: SentenceView, i: int, etype: str) -> bool:
    """三|一|重工股份有限公司: numerals jieba cut one by one, glued to a company's name, are its brand."""
    toks = sv.tokens

    def digit(k: int) -> bool:
        return 0 <= k < len(toks) and toks[k].flag == "m" and len(toks[k].word) == 1 and toks[k].word in "一二三四五六七八九十零〇"

    if etype != "Company" or not digit(i) or i + 1 >= len(toks):
        return False
    nxt = toks[i + 1]
    return (digit(i - 1) or digit(i + 1)) and (digit(i + 1) or nxt.flag in ("n", "vn", "nz", "j") and
                                              nxt.word not in lexicon.boundary_words())


def _function_char_in_brand(sv: SentenceView, i: int, etype: str) -> bool:
    """上海|同|捷|科技股份公司: a one-character function word between a place and a
    character it makes no word with is part of the brand."""
    toks = sv.tokens
    if etype != "Company" or not 0 < i < len(toks) - 1 or len(toks[i].word) != 1 or toks[i].flag not in ("p", "c"):
        return False
    nxt, prev = toks[i + 1], toks[i - 1]
    return len(nxt.word) == 1 and CJK.match(nxt.word) is not None and gazetteer.is_place(prev.word) and \
        word_frequency(toks[i].word + nxt.word) < 50 and toks[i].word not in "与和及、"


def _bound(t: Token) -> bool:
    return t.word in lexicon.boundary_words()


def _before_noun(sv: SentenceView, i: int) -> bool:
    return i + 1 < len(sv.tokens) and sv.tokens[i + 1].flag in ("n", "nz", "ns", "vn", "j")


def _after_number(sv: SentenceView, i: int) -> bool:
    return i > 0 and (sv.tokens[i - 1].flag == "m" or sv.tokens[i - 1].word[-1:].isdigit())


def _fragment_char(t: Token, loose: bool = False) -> bool:
    """A single character jieba could not join to a word (达 of 信达; 达 the verb only loosely)."""
    return len(t.word) == 1 and CJK.match(t.word) is not None and t.flag[:1] not in "pcurdmxyoe" and \
        (loose and t.flag == "v" and word_frequency(t.word) < 50000 or t.word not in lexicon.boundary_words()) and t.word not in JOINERS and \
        not lexicon.suffix_of(t.word)


def _verb_inside_company(sv: SentenceView, i: int, suffix_start: int, etype: str) -> bool:
    """山东土地土壤|治理|工程技术有限公司: a verb between two nouns inside a company's legal name."""
    toks = sv.tokens
    t = toks[i]
    if etype == "Event" and 0 < i < len(toks) - 1:
        return len(t.word) == 2 and t.word not in lexicon.boundary_words() and t.word not in EVENT_WORDS and \
            toks[i - 1].word in ("与", "和") and toks[i + 1].flag in ("n", "nz", "vn")  # 机器人与|仿生|技术国际会议
    if etype != "Company" or not sv.text.startswith(tuple(LEGAL_SUFFIXES), suffix_start):
        return False
    return len(t.word) == 2 and t.word not in lexicon.boundary_words() and 0 < i < len(toks) - 1 and \
        toks[i - 1].flag in ("n", "nz", "ns", "vn", "j") and toks[i + 1].flag in ("n", "nz", "vn") and \
        word_frequency(t.word) < 5000


def _after_generic_zone(text: str, start: int, suffix_start: int) -> int:
    """开发区威讯公司 -> 威讯公司: a company's name does not start with a bare zone word."""
    for g in sorted(lexicon.generic_names(), key=len, reverse=True):
        if lexicon.suffix_types().get(g) == "Park" and text.startswith(g, start) and suffix_start - start - len(g) >= 2:
            return start + len(g)
    for g in COMPANY_KINDS:
        if text.startswith(g, start) and suffix_start - start - len(g) >= 2:
            return start + len(g)  # 中央企业中国某某集团公司: the kind of company is no part of its name
    return start


COMPANY_KINDS = ("中央企业", "国有企业", "民营企业", "外资企业", "龙头企业", "央企", "国企", "民企", "外企", "企业")


def _full_admin_place(word: str) -> bool:
    return any(not p.short and p.level in ("province", "prefecture", "county") for p in gazetteer.lookup(word)) and \
        word.endswith(("省", "市", "县", "区"))


RANKING = re.compile(r"(?:世界|全球|中国|全国|国内)?(?:\d+|[一二三四五六七八九十百]+)强(?:企业)?")


def _after_ranking(text: str, start: int, suffix_start: int) -> int:
    """世界500强丰益集团 -> 丰益集团: a ranking before a name is not part of it."""
    last = None
    for m in RANKING.finditer(text, start, suffix_start):
        last = m
    return last.end() if last else start


def _trim_leading_qualities(sv: SentenceView, start: int, suffix_start: int) -> int:
    """好青岛自贸片区 -> 青岛自贸片区, 凸显集聚区 -> 集聚区: a park's name starts with no
    common verb or adjective."""
    for t in sv.tokens:
        if t.start < start:
            continue
        if t.end > suffix_start:
            break
        if t.flag in ("v", "a", "ad", "d") and word_frequency(t.word) > 100 and t.word not in lexicon.industries():
            start = t.end
            continue
        break
    return start


def _trim_leading_verbs(sv: SentenceView, start: int, suffix_start: int, etype: str = "") -> int:
    """凸显集聚区 -> 集聚区, 牢固树立产业大项目 -> 产业大项目: a name does not start with a verb
    (or an adverb before one); a zone or project named by a verb alone (补齐高新区) has no name."""
    toks = sv.tokens
    for k, t in enumerate(toks):
        if t.start < start:
            continue
        if t.start >= suffix_start:
            break
        if t.flag == "v" and (t.end < suffix_start or etype in ("Park", "Project") and len(t.word) >= 2
                              and t.word not in lexicon.industries() and word_frequency(t.word) > 0):
            start = t.end
            continue
        if t.flag in ("a", "ad", "d") and k + 1 < len(toks) and toks[k + 1].flag == "v" and \
                toks[k + 1].end < suffix_start and word_frequency(t.word) > 100:
            start = t.end
            continue
        break
    return start


def _matching_open(toks: list[Token], i: int) -> int | None:
    want = PAIRS[toks[i].word]
    for j in range(i - 1, max(-1, i - 20), -1):
        if toks[j].word == want:
            return j
        if toks[j].word in "。；;，,":
            return None
    return None


def _bracket_inside_name(sv: SentenceView, j: int, i: int) -> bool:
    inner = sv.text[sv.tokens[j].end:sv.tokens[i].start]
    if sv.tokens[j].word in "“《":
        return 0 < len(inner) <= 24
    if any(t.word in lexicon.boundary_words() or t.flag == "nr" for t in sv.tokens[j + 1:i]):
        return False
    return 0 < len(inner) <= 8 and CJK.search(inner) is not None and "简称" not in inner


def _can_be_inside(sv: SentenceView, i: int, etype: str) -> bool:
    t = sv.tokens[i]
    w = t.word
    if w == "的" and i > 0 and sv.tokens[i - 1].word == "党" and etype == "Event":
        return True  # 党的十九届五中全会
    if etype == "Event" and w in ("与", "和", "暨") and i > 0 and not (sv.tokens[i - 1].flag in ("v", "p")
                                                                     or sv.tokens[i - 1].flag.startswith("u")):
        left = sv.text[max(0, sv.tokens[i - 1].end - 6):sv.tokens[i - 1].end]
        ends_event = (lexicon.suffix_types().get(lexicon.suffix_of(left) or "") == "Event")
        return w == "暨" or not ends_event  # A与B…签字仪式; but 全会和党代会 are two meetings
    if w in lexicon.boundary_words() and not (etype in ("Event", "Program") and w in EVENT_WORDS) and \
            not (w in EVENT_WORDS and _next_is_suffix(sv, i)):
        return False
    if t.flag == "v" and len(w) == 1 and etype == "Company" and i > 0 and sv.tokens[i - 1].flag in ("ns", "nz", "n") \
            and _next_is_suffix(sv, i):
        return True  # 中国信|达|资产管理股份有限公司
    if len(w) >= 4 and w[-2:] in lexicon.boundary_words():
        return False  # 全面实施 cut as one word
    if (_title_of(w) and i + 1 < len(sv.tokens) and sv.tokens[i + 1].flag.startswith("nr")) or \
            (t.flag.startswith("nr") and not lexicon.suffix_of(w)
             and any(_title_of(sv.tokens[j].word) for j in range(max(0, i - 2), i))):
        return False  # 副书记崔荣国主持…: a person and a title are no part of a name
    if w in ("届", "次", "期") and i > 0 and re.search(r"\d|第|^[一二三四五六七八九十百]+$", sv.tokens[i - 1].word):
        return True
    if w == "、" and etype == "Project":
        return _enumerates_inside_name(sv, i)
    if w == "、" and etype == "Event":
        left = sv.text[max(0, sv.tokens[i - 1].end - 6):sv.tokens[i - 1].end] if i > 0 else ""
        suffix = lexicon.suffix_of(left)
        return suffix is not None and lexicon.suffix_types()[suffix] in ("Company", "Government", "Organization",
                                                                         "ResearchInstitution")
    if w == "及" and etype == "Project" and 0 < i < len(sv.tokens) - 1 and \
            lexicon.suffix_of(sv.text[max(0, sv.tokens[i - 1].end - 8):sv.tokens[i - 1].end]) and \
            (sv.tokens[i + 1].flag in ("ns", "nt", "nz") or gazetteer.is_place(sv.tokens[i + 1].word)):
        return False  # A电子商务平台及青岛市B平台项目: two names, not one
    if w in JOINERS:
        return etype in ("Event",) and w != "、" or (w in ("及", "暨") and etype in ("Project", "Event", "Program"))
    if w in INNER_PUNCT:
        prev = sv.tokens[i - 1].word if i > 0 else ""
        if prev in lexicon.boundary_words() or prev.endswith(("企业", "央企", "国企")):
            return False  # 中央企业—中国黄金集团公司: a category before the dash
        return i > 0 and CJK.search(prev) is not None
    if t.flag == "x" and not w.isalnum():
        return False
    if w == "系列":
        return True  # 系列对接活动
    if w in ("所", "院") and i > 0 and re.search(r"[\dA-Za-z]$|[\u4e00-\u9fff]{2}$", sv.tokens[i - 1].word) and \
            i + 1 < len(sv.tokens) and sv.tokens[i + 1].flag.startswith(("n", "ns")):
        return True  # 中船重工710所青岛研发基地项目: an institute's name inside a project's
    if w == "的" and i > 0 and sv.tokens[i - 1].word == "党":
        return True  # 党的十九届五中全会
    if re.fullmatch(r"\d+", w) and i > 0 and sv.tokens[i - 1].word == "第":
        return True  # 第|21|届
    if w in ("届", "次", "期") and i > 1 and sv.tokens[i - 2].word == "第":
        return True
    if w in ("年", "月", "日") or re.fullmatch(r"\d{4}年", w):
        return etype == "Event" and (len(w) > 1 or i > 0 and re.fullmatch(r"\d{4}", sv.tokens[i - 1].word) is not None)
    if t.flag == "m" and CAPACITY.fullmatch(w):
        return True
    if t.flag == "m" and len(w) >= 2 and not re.search(r"\d", w) and w[-1] not in "个批家项大次名位届年期种类些点" \
            and not w.startswith(("第", "一", "两", "几", "多", "数")):
        return True  # 六福, 三星: numerals inside a brand
    if (t.flag == "m" or w.isdigit()) and i + 1 < len(sv.tokens) and CAPACITY.fullmatch(w + sv.tokens[i + 1].word):
        return True  # 500|万套
    if i > 0 and CAPACITY.fullmatch(sv.tokens[i - 1].word + w) and re.search(r"\d", sv.tokens[i - 1].word) and \
            sv.text[max(0, sv.tokens[i - 1].start - 2):sv.tokens[i - 1].start] in ("年产", "年处理"):
        return True  # 年产5000|吨: the unit of a capacity
    if re.fullmatch(r"\d{4}", w) and sv.text[t.end:t.end + 1] == "年":
        return etype == "Event"
    if t.flag == "m" and len(w) == 1 and w in "一二三四五六七八九十百千万" and i + 1 < len(sv.tokens) and \
            sv.tokens[i + 1].flag.startswith("n") and sv.tokens[i + 1].word[0] not in "个批家项大次名位届年期种类" \
            and (i == 0 or not sv.tokens[i - 1].flag.startswith(("m", "v", "p"))):
        return True  # 六|福集团
    if t.flag == "m" or w.isdigit():
        nxt = sv.text[t.end:t.end + 2]
        numeric = re.search(r"\d", w) or w.startswith("第") or w.endswith("届")
        return bool(numeric) and not QUANT_AFTER.match(nxt) and not re.search(r"[亿万元个%]", w)
    if re.fullmatch(r"\d+强", w) or w == "强" and i > 0 and re.search(r"[\d十百]$", sv.tokens[i - 1].word):
        return False  # 世界500强: a ranking, not part of the name

    if w == "用" and 0 < i < len(sv.tokens) - 1 and sv.tokens[i - 1].flag in ("n", "nz", "vn") and \
            sv.tokens[i + 1].flag in ("n", "eng", "nz"):
        return True  # 激光雷达用VCSEL芯片项目
    if t.flag == "f" and len(w) == 1 and etype == "Project" and i > 0 and sv.tokens[i - 1].flag.startswith("n"):
        return False  # 签约仪式上|所签项目: a localizer ends the phrase before it
    if t.flag[:1] in STOP_FLAGS or t.flag in STOP_EXACT:
        return t.flag in ("d",) and len(w) > 1 and (word_frequency(w) < 50 or word_frequency(w) < 200 and
                                                   i + 1 < len(sv.tokens) and sv.tokens[i + 1].flag == "n")
    if t.flag in ("t",) and w in AGE_GROUPS:
        return True  # 青年企业家峰会: an age group, not a time
    if t.flag in ("t",) and not re.match(r"^\d{4}年?$", w):
        return False
    if t.flag == "v" and len(w) == 1:
        return False
    return True


def is_specific(t: Token) -> bool:
    """A token that can carry a name: a proper noun, latin or digits, or a rare word."""
    if t.word in lexicon.generic_modifiers():
        return False
    if lexicon.suffix_types().get(t.word) == "Government" and len(t.word) >= 2:
        return True  # 市委全会
    if t.flag in SPECIFIC_FLAGS or re.search(r"[A-Za-z0-9]", t.word) or t.word in "“”《》()（）":
        return True
    if len(t.word) >= 2 and any(not p.common for p in gazetteer.lookup(t.word)):
        return True  # 合肥 tagged as a plain noun by jieba is still a place
    return word_frequency(t.word) < RARE and not _splits_into_common_words(t.word)


def _splits_into_common_words(word: str) -> bool:
    return len(word) >= 3 and any(word_frequency(word[:i]) >= RARE and word_frequency(word[i:]) >= RARE
                                  for i in range(1, len(word)))


def _core_is_specific(core: list[Token], sv: SentenceView) -> bool:
    core = [t for t in core if t.word not in lexicon.suffix_types() and t.word not in EVENT_WORDS]
    return any(is_specific(t) for t in core) or sum(len(t.word) for t in core) >= 4


def _next_is_suffix(sv: SentenceView, i: int) -> bool:
    """投资 in 中民新能投资集团有限公司: a word glued to the suffix belongs to the name."""
    rest = sv.text[sv.tokens[i].end:sv.tokens[i].end + 10]
    return any(0 <= rest.find(s) <= 4 for s in ("集团", "有限公司", "股份有限", "有限责任", "控股", "公司"))


def _enumerates_inside_name(sv: SentenceView, i: int) -> bool:
    """芯片封装、检测及设计研发项目: a 、 joins parts of one project's name when the part
    before it is a short activity, not a name with a suffix of its own."""
    if i == 0:
        return False
    prev = sv.tokens[i - 1]
    left = sv.text[max(0, prev.start - 4):prev.end]
    return prev.flag in ("v", "vn") and lexicon.suffix_of(left) is None and \
        not lexicon.industries().__contains__(prev.word) and len(prev.word) <= 3 and \
        (i < 2 or sv.tokens[i - 2].flag in ("n", "nz", "vn", "b"))


def _trim_leading(sv: SentenceView, start: int) -> int:
    text = sv.text
    while start < len(text) and text[start] in "、·-—+&)）":
        start += 1
    return start


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


# ---------------------------------------------------------------- quoted names
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


# ---------------------------------------------------------------- aliases in brackets
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


# ---------------------------------------------------------------- persons
NAME_CHARS = r"[\u4e00-\u9fff]"


def person_candidates(sv: SentenceView) -> list[Candidate]:
    out = []
    text = sv.text
    for t_i, t in enumerate(sv.tokens):
        title = _title_of(t.word) or (len(t.word) == 1 and lexicon.title_ending(text, t.end))  # 台中市|长 卢某
        if title:
            pos = t.end
            while True:
                name = _name_at(text, pos) or _name_before_honorific(text, pos)
                if not name:
                    break
                out.append(Candidate(pos, pos + len(name), name, "Person", f"title:{title}", 0.9))
                pos += len(name)
                if text[pos:pos + 1] == "、" and (nxt := _name_at(text, pos + 1)) and not _title_of_prefix(text, pos + 1) \
                        and not _organisation_starts(text, pos + 1 + len(nxt)):
                    pos += 1
                    continue
                break
        if t.flag == "nr" and len(t.word) in (2, 3, 4):
            after = text[t.end:t.end + 3]
            if any(after.startswith(h) for h in lexicon.post_titles()) and _surname_ok(t.word):
                out.append(Candidate(t.start, t.end, t.word, "Person", "honorific", 0.8))
    return out


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


# ---------------------------------------------------------------- places
DATELINE = re.compile(r"^[^，。,]{0,16}?(?:网|社|报|台)([\u4e00-\u9fff]{2,6}?)\d{1,2}月\d{1,2}日\s*(?:电|讯)")


def place_candidates(sv: SentenceView) -> list[Candidate]:
    out = []
    text = sv.text
    dateline = DATELINE.match(text)     # 中新网乌鲁木齐3月1日电: where the wire was filed, not what it tells
    starts = {t.start for t in sv.tokens}
    ends = {t.end for t in sv.tokens}
    lengths = gazetteer.lengths_by_first_char()
    lookup = gazetteer.lookup
    i = 0
    while i < len(text):
        hit = None
        if i not in starts:
            i += 1
            continue  # a place starts where a token starts
        for n in lengths.get(text[i], ()):
            if n > len(text) - i:
                continue
            surface = text[i:i + n]
            places = lookup(surface)
            if n == 2 and places and places[0].level == "county" and not places[0].short and \
                    not any(t.start == i and t.end == i + 2 for t in sv.tokens):
                continue  # 费县, 威县: two-character counties only as whole words
            if places and i in starts and (i + n in ends or _ends_inside_token(sv, i + n)):
                hit = (surface, places[0])
                break
        if hit and out and out[-1].end == i and hit[1].short and not _in_place(hit[1], out[-1].place):
            sv.rejected.append((hit[0], f"short form after {out[-1].text}, which does not hold it", 0.5))
            hit = None  # 宜宾三江新区: 三江 is no county of 宜宾's, so no place here
        if hit and dateline and dateline.start(1) <= i < dateline.end(1):
            sv.rejected.append((hit[0], "the place a news wire was filed from", 0.5))
            hit = None
        if hit:
            surface, place = hit
            out.append(Candidate(i, i + len(surface), surface, "Region", "place", 0.9 if not place.short else 0.8,
                                 nested=True, place=place))
            i += len(surface)
        else:
            i += 1
    return out


def _in_place(inner: "gazetteer.Place", outer: "gazetteer.Place | None") -> bool:
    """Whether ``inner`` lies in ``outer`` by the division codes (county in prefecture, in province)."""
    if outer is None or not inner.code or not outer.code or outer.level == "country":
        return outer is not None and outer.level == "country"
    if outer.level == "province":
        return inner.code[:2] == outer.code[:2]
    if outer.level == "prefecture":
        return inner.code[:4] == outer.code[:4]
    return False


def known_org_candidates(sv: SentenceView) -> list[Candidate]:
    """欧盟, 上合组织, WTO: well-known intergovernmental bodies, by any of their names."""
    out = []
    starts = {t.start for t in sv.tokens}
    ends = {t.end for t in sv.tokens}
    for m in _known_org_pattern().finditer(sv.text):
        a, b = m.span()
        if a in starts and b in ends and not SUB_INSTITUTE.match(sv.text, b):
            name, etype = lexicon.known_organisations()[m.group(0)]
            out.append(Candidate(a, b, m.group(0), etype, "known", 0.9, canonical=name))
    return out


SUB_INSTITUTE = re.compile(r"[\u4e00-\u9fff]{1,4}?(?:研究所|研究院|所|院)(?![\u4e00-\u9fff]{0,1}(?:长|士))")  # 中科院|声学所


@lru_cache(maxsize=1)
def _known_org_pattern() -> re.Pattern:
    names = sorted(lexicon.known_organisations(), key=lambda n: (-len(n), n))
    return re.compile(r"(?<![A-Za-z])(?:" + "|".join(map(re.escape, names)) + r")(?![A-Za-z])")


def _ends_inside_token(sv: SentenceView, pos: int) -> bool:
    """A place glued to a suffix inside one token (青岛市委 cut as one word)."""
    k = sv.token_at(pos)
    t = sv.tokens[k]
    rest = t.word[pos - t.start:]
    return t.start < pos < t.end and len(rest) >= 2 and lexicon.suffix_of(rest) is not None


# ---------------------------------------------------------------- industries
NOMINAL_FLAGS = ("n", "vn", "nz", "nt", "ns", "b", "a", "an", "eng", "j", "nr", "s")
LIST_TAIL = re.compile(r"^(?:等)?(?:[^，。；、,和与及的“”《》]{0,6}?)"
                       r"(产业集群|产业链|产业|行业|领域|板块|方向|业态)")
NOT_SECTOR_TAIL = re.compile(r"^(?:等)?(?:\d+|[一二三四五六七八九十两]+)?(?:个|家|名|所)?(?:部门|单位|企业|院校|高校|城市|国家|地区|机构|专家|人才|项目)")


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


def _in_vocab(w: str, vocab) -> bool:
    if vocab is not lexicon.industries():
        return _in_vocab_uncached(w, vocab)
    hit = _VOCAB_HITS.get(w)
    if hit is None:
        if len(_VOCAB_HITS) > 200_000:
            _VOCAB_HITS.clear()
        hit = _VOCAB_HITS[w] = _in_vocab_uncached(w, vocab)
    return hit


_VOCAB_HITS: dict[str, bool] = {}   # the sector vocabulary is fixed for the process


def _in_vocab_uncached(w: str, vocab) -> bool:
    if w in vocab or (w.endswith(("产业", "行业")) and w[:-2] in vocab) or (w.endswith("业") and w[:-1] in vocab):
        return True
    # a vocabulary word of 2+ characters ending w, at most 2 characters shorter (set look-ups, not a scan)
    return len(w) <= 8 and any(w[len(w) - k:] in vocab for k in range(max(2, len(w) - 2), len(w) + 1))


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


_ITEM = r"(?:[^、，,。；;：:！？!?“”()（）]|\([^()、，。]{1,12}\)|（[^（）、，。]{1,12}）|“[^“”、，。]{1,24}”)+"
LATIN_NAME = re.compile(r"[A-Z][A-Za-z&]{1,15}")   # IBM, SAP, Airbus: a brand in a list of organisations
QUOTES_AND_BRACKETS = re.compile(r"[“”()（）]")
NESTED_LIST = re.compile(_ITEM + r"(?:、" + _ITEM + r")+")  # items may hold a bracketed place or a quoted part
PLAIN_LIST = re.compile(r"[^、，,。；;：:！？!?“”()（）]+(?:、[^、，,。；;：:！？!?“”()（）]+)+")


def _list_spans(text: str, pattern: re.Pattern) -> Iterator[list[tuple[int, int]]]:
    """The 、-separated chunks of each list; a middle chunk holding 等 ends one list and
    starts the next (清华、山大等高校以及某某所、某某院等)."""
    for m in pattern.finditer(text):
        chunks, pos = [], m.start()
        for part in m.group(0).split("、"):
            chunks.append((pos, pos + len(part)))
            pos += len(part) + 1
        while True:
            k = next((k for k in range(1, len(chunks) - 1) if text.find("等", chunks[k][0] + 2, chunks[k][1]) >= 0), None)
            if k is None:
                break
            cut = text.find("等", chunks[k][0] + 2, chunks[k][1])
            yield chunks[:k] + [(chunks[k][0], cut)]
            chunks = [(cut, chunks[k][1])] + chunks[k + 1:]
        if len(chunks) >= 2:
            yield chunks


def coordinated_lists(sv: SentenceView, nested: bool = False) -> list:
    """Lists of items joined by 、 (and a last 和/及/与): [(start, end, text)], strong.

    Middle items are whole chunks between 、; the first item reaches left over nominal
    tokens, the last one right up to 等/产业/领域/和.  ``strong``: the list is followed by
    等产业 / 领域 / 板块, so every item is a sector.  Several rules ask: found once per sentence."""
    if nested not in sv.lists:
        sv.lists[nested] = list(_coordinated_lists(sv, nested))
    return sv.lists[nested]


def _coordinated_lists(sv: SentenceView, nested: bool):
    text = sv.text
    for chunks in _list_spans(text, NESTED_LIST if nested else PLAIN_LIST):
        first_a = _first_item_start(sv, chunks[0][1])
        if first_a is None:
            first_a = _after_last_boundary(sv, chunks[0][0], chunks[0][1])
        if first_a is None:
            continue
        items = [(first_a, chunks[0][1])] + chunks[1:-1]
        last_a = chunks[-1][0]
        last_b = _last_item_end(sv, last_a)
        etc = re.search(r"等|及|和", text[last_a:chunks[-1][1]])
        if etc and etc.start() <= 24 and last_a + etc.start() > last_b:
            last_b = last_a + etc.start()  # 维他奶等: the item reaches 等 even where jieba cut it oddly
        items.append((last_a, last_b))
        tail_pos = last_b
        joined = re.match(r"(和|及|与|以及)", text[last_b:last_b + 2])
        if joined:
            a2 = last_b + len(joined.group(1))
            b2 = _last_item_end(sv, a2)
            if b2 > a2:
                items.append((a2, b2))
                tail_pos = b2
        strong = _sector_tail(text[tail_pos:]) or _sector_hypernym(text[tail_pos:])
        cleaned = []
        for a, b in items:
            a, b = _trim_item(sv, a, b)
            w = text[a:b]
            if 2 <= len(QUOTES_AND_BRACKETS.sub("", w)) <= 14 and (CJK.search(w) or LATIN_NAME.fullmatch(w)) and \
                    not w.endswith(("型", "式", "性", "类")):
                cleaned.append((a, b, w))
        if len(cleaned) >= 2:
            yield cleaned, strong


def _trim_item(sv: SentenceView, a: int, b: int) -> tuple[int, int]:
    """A list item without a leading verb (对接|海尔…) or a trailing function word (…项目|以)."""
    while b > a and sv.text[b - 1] in "以为在与和及等的了":
        b -= 1
    count = re.search(r"(?:\d+|[两三四五六七八九十]+)大$", sv.text[a:b])
    if count and count.start() >= 2:
        b = a + count.start()  # 高端服务业六大(产业): the count is no part of the item
    for t in sv.tokens:
        if t.start < a:
            continue
        if t.start == a and t.flag == "v" and t.end < b and t.word not in lexicon.industries():
            a = t.end
            continue
        if t.start >= a:
            break
    return a, b


def _sector_hypernym(tail: str) -> bool:
    """有色金属、能源、农产品等大宗商品贸易: the list's hypernym is itself a sector."""
    return tail.startswith("等") and any(tail[1:].startswith(v) for v in lexicon.industries() if len(v) >= 2)


def _after_last_boundary(sv: SentenceView, start: int, end: int) -> int | None:
    """The first item of a list when its tokens are odd: what follows the last token
    no name contains (实施|营商环境优化年)."""
    cut = None
    for t in sv.tokens:
        if t.start >= start and t.end <= end and (t.word in lexicon.boundary_words() or t.flag[:1] in "pcu"
                                                   or len(t.word) >= 3 and t.word[-2:] in lexicon.boundary_words()):
            cut = t.end
    if cut is None:
        cut = start if end - start <= 14 else None  # the list opens its clause
    if cut is None or end - cut < 2:
        return None
    return cut



def _first_item_start(sv: SentenceView, end: int) -> int | None:
    """Start of the first item ending at ``end``: nominal tokens back from it."""
    toks = sv.tokens
    k = sv.token_at(end - 1)
    if toks[k].end != end or not _nominal(toks[k]):
        return None
    start = k
    while start - 1 >= 0:
        if toks[start - 1].word in (")", "）", "”") and start - 1 > 0:
            j = _matching_open(toks, start - 1)  # 腾讯双创小镇(青岛)项目: a bracketed place inside the item
            if j is not None and j > 0 and _nominal(toks[j - 1]):
                start = j
                continue
        if start == k and toks[k].word in lexicon.trade_words() and toks[start - 1].flag in ("t", "m", "a", "v", "d") and \
                len(toks[start - 1].word) == 2 and word_frequency(toks[start - 1].word) < 1000:
            start -= 1  # 中天|科技, 四方|科技: a brand jieba read as a time or a number, before a trade word
            break
        if not _nominal(toks[start - 1]) or toks[start - 1].word in lexicon.cues()["industry_before"]:
            break
        start -= 1
    while start < k and toks[start].flag == "v":
        start += 1
    return toks[start].start


def _last_item_end(sv: SentenceView, start: int) -> int:
    toks = sv.tokens
    if start >= len(sv.text):
        return start
    k = sv.token_at(start)
    j = k
    while j < len(toks) and (_nominal(toks[j]) or toks[j].flag == "v" and toks[j].word not in
                             lexicon.boundary_words()) and not _is_list_tail(toks, j):
        j += 1
    return toks[j - 1].end if j > k else start


def _sector_tail(tail: str) -> bool:
    """等产业 / 三个板块 / 等领域 after a list, not 产业集聚区 (a name goes on)."""
    m = LIST_TAIL.match(tail)
    if not m or NOT_SECTOR_TAIL.match(tail):
        return False
    rest = tail[m.end():m.end() + 4]
    return not (rest and lexicon.suffix_of(tail[m.start(1):m.end() + 4]) or re.match(r"^(?:园|基地|集聚|聚集|示范|孵化)", rest))


def _is_list_tail(toks: list[Token], j: int) -> bool:
    return toks[j].word in ("等", "产业", "行业", "领域", "板块", "方向", "企业", "部门", "项目") and j > 0


def _nominal(t: Token) -> bool:
    if t.word in lexicon.boundary_words() or t.word in ("、", "和", "及", "与", "以及", "等"):
        return False
    return t.flag.startswith(NOMINAL_FLAGS) and not re.fullmatch(r"[\d.]+", t.word)


# ---------------------------------------------------------------- lists of organisations
ORG_LIST_TAIL = re.compile(r"^等(?:\d+|[一二三四五六七八九十百两多]+)?(?:家|个|所)?(?:多家|余家)?(?:(?!部门|单位|和|与|及)[^，。；、,]){0,8}?"
                           r"(?:央企|中央企业|国有企业|国企|世界500强企业|企业|公司|集团|银行|金融机构|高校|大学|院所|科研院所|商会|协会)")
ORG_TAIL_TYPES = {"高校": "ResearchInstitution", "大学": "ResearchInstitution", "院所": "ResearchInstitution",
                  "科研院所": "ResearchInstitution", "商会": "Organization", "协会": "Organization"}


def org_list_candidates(sv: SentenceView) -> list[Candidate]:
    """中国移动、中国电信、中国联通等央企: the items of a list that ends in a kind of
    organisation are organisations of that kind."""
    out = []
    for items, _ in coordinated_lists(sv):
        last_end = items[-1][1]
        tail = sv.text[last_end:last_end + 12]
        m = ORG_LIST_TAIL.match(tail)
        if m:
            kind = next((k for k in ORG_TAIL_TYPES if m.group(0).endswith(k)), None)
            etype = ORG_TAIL_TYPES.get(kind, "Company")
        elif _signatory_list(sv, items):
            etype = "Company"
        else:
            continue
        for a, b, w in items:
            if 2 <= len(w) <= 12 and not gazetteer.is_place(w) and w not in lexicon.industries() \
                    and not lexicon.suffix_of(w):
                out.append(Candidate(a, b, w, etype, "list:organisations", 0.6))
    return out


PROJECT_LIST_TAIL = re.compile(r"^(?:(?:[^，。；;]{0,3}?)(?:等|及)(?:[^，。；;]{0,16}?)项目|(?:等)?(?:项目)?(?:正式|顺利|加快|全面)?"
                               r"(?:开工建设|建成投产|签约落地|开工|投产|竣工|落地|签约|开业))")


def _quality_phrase(sv: SentenceView, b: int) -> bool:
    """优势突出、特色鲜明、技术先进项目: items that end in an adjective or a verb are qualities."""
    last = sv.tokens[sv.token_at(b - 1)]
    return last.end == b and (last.flag in ("a", "ad") or last.flag == "v" and word_frequency(last.word) >= RARE)


def project_list_candidates(sv: SentenceView) -> list[Candidate]:
    """A、B、C等一批…项目: items listed as projects are Projects (GUIDELINE), unless their
    suffix says they are organisations."""
    out = []
    for items, _ in coordinated_lists(sv, nested=True):
        tail = sv.text[items[-1][1]:items[-1][1] + 24]
        if not PROJECT_LIST_TAIL.match(tail):
            continue
        for a, b, w in items:
            suffix = lexicon.suffix_of(w)
            kind = lexicon.suffix_types().get(suffix) if suffix else None
            if kind in (None, "Park", "Project") and len(w) >= 4 and not gazetteer.is_place(w) and \
                    not _in_vocab(w, lexicon.industries()) and not w.startswith(("各", "等", "有关", "相关")) and \
                    not lexicon.title_ending(w) and not _quality_phrase(sv, b) and \
                    not (suffix == "项目" and _core_is_generic(sv, a, b - 2, "Project")):
                out.append(Candidate(a, b, w, "Project", "list:projects", 0.6))
    return out


PROGRAM_LIST_TAIL = re.compile(r"^等(?:一系列|系列|各项|多项|[一二三四五六七八九十两]+(?:大|项))?(?:专项)?(?:行动|活动|工程|举措|战略|计划|攻势|改革)")


def program_list_candidates(sv: SentenceView) -> list[Candidate]:
    """A年、B年、C等一系列行动: the items of a list of campaigns are Programs."""
    out = []
    for items, _ in coordinated_lists(sv):
        if not PROGRAM_LIST_TAIL.match(sv.text[items[-1][1]:items[-1][1] + 12]):
            continue
        for a, b, w in items:
            if 3 <= len(w) <= 14 and not gazetteer.is_place(w) and not lexicon.suffix_of(w):
                out.append(Candidate(a, b, w, "Program", "list:programs", 0.6))
    return out + program_pair_candidates(sv)


PROGRAM_PAIR = re.compile(r"([^，。；;、“”]{2,16}?)(?:和|与|及)([^，。；;、“”]{2,12}?)“?(?:两|二)(?:大|项)(?:行动|战略|工程|任务|攻势|活动|工作)")


def program_pair_candidates(sv: SentenceView) -> list[Candidate]:
    """产业大招商和营商环境大整治“两大行动”: the two things a count of campaigns names are Programs."""
    out = []
    for m in PROGRAM_PAIR.finditer(sv.text):
        a = _after_last_boundary(sv, m.start(1), m.end(1))
        a = m.start(1) if a is None else a
        a = _trim_leading_verbs(sv, a, m.end(1))
        for x, y in ((a, m.end(1)), (m.start(2), m.end(2))):
            w = sv.text[x:y]
            if 3 <= len(w) <= 12 and not gazetteer.is_place(w) and not lexicon.suffix_of(w):
                out.append(Candidate(x, y, w, "Program", "list:programs", 0.6))
    return out


PARTNER = re.compile(r"(?:与|同)([\u4e00-\u9fffA-Za-z0-9]{2,10}?)(?:(?:及|和)([\u4e00-\u9fffA-Za-z0-9]{2,10}?))?"
                     r"(?:分别|正式|共同|成功)?(?:签署|签订|签约)")


def partner_candidates(sv: SentenceView) -> list[Candidate]:
    """太原市与中国华能签署…: the other party of a signing is an organisation (a company
    unless its name says otherwise)."""
    out = []
    for m in PARTNER.finditer(sv.text):
        for g in (1, 2):
            w = m.group(g)
            if not w or gazetteer.is_place(w) or lexicon.suffix_of(w) or not _looks_like_a_name(sv, m.start(g), m.end(g)):
                continue
            out.append(Candidate(m.start(g), m.end(g), w, "Company", "partner:signing", 0.5))
    return out + paired_signatories(sv)


PAIRED = re.compile(r"([\u4e00-\u9fff]{2,8}?)(?:与|同)([\u4e00-\u9fffA-Za-z0-9]{2,10}?)(?:(?:及|和)([\u4e00-\u9fffA-Za-z0-9]{2,10}?))?"
                    r"(?=[，,；;])")


def paired_signatories(sv: SentenceView) -> list[Candidate]:
    """太原市与中国华能，吕梁市与华润及中国中冶科工，晋城市与X分别签署…: each place's partner in
    a series of pairs that sign together is an organisation."""
    sign = re.search(r"分别(?:签署|签订|签约)", sv.text)
    if not sign:
        return []
    out = []
    for m in PAIRED.finditer(sv.text, 0, sign.start()):
        if not gazetteer.is_place(m.group(1)[-4:]) and not any(gazetteer.is_place(m.group(1)[k:]) for k in range(len(m.group(1)) - 1)):
            continue
        for g in (2, 3):
            w = m.group(g)
            if w and not gazetteer.is_place(w) and not lexicon.suffix_of(w) and _looks_like_a_name(sv, m.start(g), m.end(g)):
                out.append(Candidate(m.start(g), m.end(g), w, "Company", "partner:pairs", 0.5))
    return out


def _looks_like_a_name(sv: SentenceView, a: int, b: int) -> bool:
    toks = [t for t in sv.tokens if t.start >= a and t.end <= b]
    if not toks or toks[0].start != a or toks[-1].end != b:
        return False
    if any(t.word in lexicon.boundary_words() or t.flag in ("v", "p", "c", "r", "d", "m", "q") or t.flag[:1] == "u"
           for t in toks):
        return False
    return any(t.flag in ("nt", "nz", "nr", "ns", "j", "eng", "nrt") or word_frequency(t.word) < 100 for t in toks)


SIGNING = re.compile(r"^(?:分别)?(?:签署|签订|签约|正式签约|达成|共同签署)")


def _signatory_list(sv: SentenceView, items) -> bool:
    """与A、B、C公司签署: the parties to a signing, one of them named with a company suffix."""
    first, last = items[0], items[-1]
    before = sv.text[max(0, first[0] - 1):first[0]]
    after = sv.text[last[1]:last[1] + 6]
    has_suffix = any(lexicon.suffix_of(w) in ("公司", "有限公司", "集团", "集团公司", "银行") for _, _, w in items)
    return before in ("与", "同", "和") and bool(SIGNING.match(after)) and has_suffix
