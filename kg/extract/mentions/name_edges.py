"""Where a name begins: the left edge of a suffix name, found by walking back over tokens until
a word no name contains (a verb, a ranking, a person who serves, a brand's fragment ...)."""
from __future__ import annotations

import re

from .. import gazetteer, lexicon
from ..tokens import Token, word_frequency
from .base import (CAPACITY, CJK, EVENT_WORDS, _fragment_char, INNER_PUNCT, is_specific, JOINERS,
                   LEGAL_SUFFIXES, _matching_open, MAX_EVENT, MAX_NAME, PAIRS, QUANT_AFTER, SentenceView,
                   STOP_EXACT, STOP_FLAGS)
from .persons import _common_word, _surname_ok, _title_of


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
