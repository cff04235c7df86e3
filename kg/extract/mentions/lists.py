"""Lists and coordination: A、B和C spans, and the lists of organisations, projects and programs
they name; partners and the two sides of a signing."""
from __future__ import annotations

import re
from typing import Iterator

from .. import gazetteer, lexicon
from ..tokens import Token, word_frequency
from .base import Candidate, CJK, _in_vocab, _matching_open, RARE, SentenceView
from .name_edges import _trim_leading_verbs
from .generic import _core_is_generic


NOMINAL_FLAGS = ("n", "vn", "nz", "nt", "ns", "b", "a", "an", "eng", "j", "nr", "s")
LIST_TAIL = re.compile(r"^(?:等)?(?:[^，。；、,和与及的“”《》]{0,6}?)"
                       r"(产业集群|产业链|产业|行业|领域|板块|方向|业态)")
NOT_SECTOR_TAIL = re.compile(r"^(?:等)?(?:\d+|[一二三四五六七八九十两]+)?(?:个|家|名|所)?(?:部门|单位|企业|院校|高校|城市|国家|地区|机构|专家|人才|项目)")


_ITEM = r"(?:[^、，,。；;：:！？!?“”()（）]|\([^()、，。]{1,12}\)|（[^（）、，。]{1,12}）|“[^“”、，。]{1,24}”)+"
LATIN_NAME = re.compile(r"[A-Z][A-Za-z&]{1,15}")   # IBM, SAP, Airbus: a brand in a list of organisations
QUOTES_AND_BRACKETS = re.compile(r"[“”()（）]")
NESTED_LIST = re.compile(_ITEM + r"(?:、" + _ITEM + r")+")  # items may hold a bracketed place or a quoted part
# (a list starts where a run of its characters starts: the same matches as without the look-behind,
# which only spares the search from trying again inside a run that holds no 、)
PLAIN_LIST = re.compile(r"(?<![^、，,。；;：:！？!?“”()（）])[^、，,。；;：:！？!?“”()（）]+(?:、[^、，,。；;：:！？!?“”()（）]+)+")


def _list_spans(text: str, pattern: re.Pattern) -> Iterator[list[tuple[int, int]]]:
    """The 、-separated chunks of each list; a middle chunk holding 等 ends one list and
    starts the next (清华、山大等高校以及某某所、某某院等)."""
    if "、" not in text:
        return                          # no list without 、
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
