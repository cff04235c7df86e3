"""Places (the gazetteer's divisions and countries) and organisations known by name alone (欧盟,
中科院, 商务部)."""
from __future__ import annotations

import re
from functools import lru_cache

from .. import gazetteer, lexicon
from .base import Candidate, SentenceView


DATELINE = re.compile(r"^[^，。,]{0,16}?(?:网|社|报|台)([\u4e00-\u9fff]{2,6}?)\d{1,2}月\d{1,2}日\s*(?:电|讯)")


def place_candidates(sv: SentenceView) -> list[Candidate]:
    out = []
    text = sv.text
    dateline = DATELINE.match(text)     # 中新网乌鲁木齐3月1日电: where the wire was filed, not what it tells
    starts = {t.start for t in sv.tokens}
    ends = {t.end for t in sv.tokens}
    lengths = gazetteer.lengths_by_first_char()
    lookup = gazetteer.lookup
    after = 0                         # where the last place found ends
    for i in sorted(starts):          # a place starts where a token starts
        if i < after or i >= len(text):
            continue
        hit = None
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
            after = i + len(surface)
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
