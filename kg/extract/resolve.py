"""Within one article, which mentions name the same thing.

* local organs: 市委, 市政府侨办, 县工业园区 take the article's own place as prefix
  (青岛市委) — the article's place is its most mentioned city (county, province);
* short forms: a name is another's short form when it is the other without its
  region prefix (国际院士港 / 青岛国际院士港), or its characters are the other's in
  order with the same first and last character (中化集团 / 中国化工集团,
  市侨办 / 市政府侨办, 微电子所 / 中国科学院微电子研究所);
* names that start with another's short form are expanded (高新区管委会 ->
  西安高新区管委会 when the article names 西安高新区);
* pronoun-like mentions (该项目, 该集团, 我市, 全市) become mentions of the nearest
  fitting antecedent, or of the article's place.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from . import gazetteer, lexicon
from ..model import Document, Mention, Sentence
from .occurrences import occurrences
from .tokens import word_frequency

LOCAL_PREFIX = {"市": ("city", "prefecture", "province"), "省": ("province",), "县": ("county",),
                "区": ("county",), "州": ("prefecture",)}
ORGAN_TYPES = ("Government", "Park", "Organization")


def resolve(doc: Document, sentences: list[Sentence], mentions: list[Mention]) -> list[Mention]:
    home = article_places(doc, mentions)
    park = main_park(mentions)
    for m in mentions:
        if m.canonical is None and m.type != "Region":
            m.canonical = local_organ(m.text, m.type, home) or formal_government(m.text)
        if m.rule == "bare-organ" and park:
            m.canonical = park + m.text  # 管委会 -> 无锡高新区管委会: the zone the article is about
    mentions = drop_places_inside(mentions + short_form_mentions(doc, sentences, mentions))
    expand_prefixed_names(mentions)
    merge_project_forms(mentions)
    merge_short_forms(mentions)
    merge_industry_forms(mentions)
    mentions = mentions + pronoun_mentions(doc, sentences, mentions, home)
    return sorted(mentions, key=lambda m: (m.start, m.end, m.type))


def label_of(m: Mention) -> str:
    return m.canonical or m.text.translate(_NO_QUOTES)


_NO_QUOTES = str.maketrans("", "", "“”《》\"")   # re.sub(r"[“”《》\"]", "", text) without the regex (hot)


# ---------------------------------------------------------------- the article's places
def article_places(doc: Document, mentions: list[Mention]) -> dict[str, str]:
    """Most mentioned place at each level: {"prefecture": "青岛市", "province": "山东省", ...}."""
    counts: dict[str, Counter] = {"province": Counter(), "prefecture": Counter(), "county": Counter()}
    title = doc.title or ""
    for m in mentions:
        place = getattr(m, "place", None)
        if place is None or place.level not in counts:
            continue
        weight = 3 if place.name[:2] in title else 1
        counts[place.level][place.name] += weight
        if place.level == "county":
            parent = gazetteer.parent_name(place)
            if parent:
                counts["prefecture"][parent] += 0.5 * weight
        if place.level in ("county", "prefecture"):
            prov = gazetteer.province_of(place)
            if prov:
                counts["province"][prov] += 0.5 * weight
    home = {}
    for level, c in counts.items():
        if c:
            home[level] = sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    prov = home.get("province", "")
    if prov.endswith("市") and ("prefecture" not in home or
                                counts["province"][prov] > counts["prefecture"][home["prefecture"]]):
        home["prefecture"] = prov  # 北京市, 重庆市: municipalities are the city (over a namesake's district)
    cities = Counter()
    for level, c in counts.items():
        for name, n in c.items():
            if name.endswith("市"):
                cities[name] += n
    if cities:
        home["city"] = sorted(cities.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    return home


def local_organ(text: str, etype: str, home: dict[str, str]) -> str | None:
    """市委 -> 青岛市委: an organ named by its level only takes the article's place."""
    head = text[:1]
    if etype not in ORGAN_TYPES or head not in LOCAL_PREFIX or len(text) < 2:
        return None
    if gazetteer.is_place(text[:2]) or gazetteer.is_place(text[:3]):
        return None
    for level in LOCAL_PREFIX[head]:
        place = home.get(level)
        if place and place.endswith(head):
            return place[:-1] + formal_organ(text)
    return None


def main_park(mentions: list[Mention]) -> str | None:
    """The zone an article is about: its most mentioned park with a specific name."""
    counts = Counter(label_of(m) for m in mentions if m.type == "Park" and not is_generic(label_of(m)))
    if not counts:
        return None
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]


def formal_government(text: str) -> str | None:
    """西安市政府 -> 西安市人民政府: a place's government by its formal name."""
    if text.endswith("政府") and not text.endswith("人民政府") and gazetteer.is_place(text[:-2]) and \
            not any(p.code[:2] in ("71", "81", "82") for p in gazetteer.lookup(text[:-2])):
        return text[:-2] + "人民政府"  # (台北市政府, 香港特区政府 are formal names as they are)
    return None


def formal_organ(text: str) -> str:
    """市政府 -> 市人民政府: the formal name of a level's government."""
    if text[1:3] == "政府":
        return text[:1] + "人民" + text[1:]
    return text


# ---------------------------------------------------------------- short forms
def derived_short_forms(label: str, etype: str) -> list[str]:
    """Forms the article may use for a name: without its region prefix; a company by its brand."""
    out = []
    for n in range(min(len(label) - 2, gazetteer.max_len()), 1, -1):
        prefix, rest = label[:n], label[n:]
        if gazetteer.is_place(prefix) and len(rest) >= 3 and lexicon.suffix_of(rest):
            if not gazetteer.is_place(rest):
                out.append(rest)
            break
    return out


LEGAL_FORMS = ("股份有限公司", "有限责任公司", "有限公司", "集团有限公司", "公司", "集团", "集团公司", "控股集团",
               "股份公司")
LEGAL_TAIL = re.compile("(?:" + "|".join(sorted(LEGAL_FORMS, key=len, reverse=True)) + ")$")


@lru_cache(maxsize=1)
def _trades_longest_first() -> tuple[str, ...]:
    return tuple(sorted(lexicon.trade_words(), key=lambda t: (-len(t), t)))


def company_brand(label: str) -> str | None:
    """京东方科技集团股份有限公司 -> 京东方: what is left once the legal form and the trade words
    go, when that is an unusual word (an ordinary one, 阳光, would match ordinary text)."""
    brand, prev = LEGAL_TAIL.sub("", label), None
    trades = _trades_longest_first()
    while brand != prev:
        prev = brand
        brand = next((brand[:-len(t)] for t in trades if brand.endswith(t) and len(brand) > len(t)), brand)
    for n in (3, 2):
        if len(brand) > n + 1 and gazetteer.is_place(brand[:n]):
            brand = brand[n:]
            break
    if brand == label or not 2 <= len(brand) <= 6 or not re.fullmatch(r"[\u4e00-\u9fff]+", brand) or \
            gazetteer.is_place(brand) or word_frequency(brand) > 200 or lexicon.suffix_of(brand):
        return None
    return brand


def short_form_mentions(doc: Document, sentences: list[Sentence], mentions: list[Mention]) -> list[Mention]:
    """Mentions of known names by a short form the grammar could not see alone (高新区)."""
    covered = [(m.start, m.end) for m in mentions if m.type != "Region"]
    forms: dict[str, tuple[str, str, str]] = {}
    for m in mentions:
        if m.type in ("Region", "Person", "Industry"):
            continue
        for form in derived_short_forms(label_of(m), m.type):
            forms.setdefault(form, (label_of(m), m.type, "short-form"))
        brand = company_brand(label_of(m)) if m.type == "Company" else None
        if brand:
            forms.setdefault(brand, (label_of(m), m.type, "brand"))  # 京东方 for 京东方科技集团股份有限公司
        for alias in getattr(m, "aliases", []):  # (简称“中国重汽”): the short name the article then uses
            alias = re.sub(r"[“”《》\"]", "", alias)
            if len(alias) >= 2 and alias != label_of(m) and not gazetteer.is_place(alias) and alias not in label_of(m):
                forms.setdefault(alias, (label_of(m), m.type, "alias"))
    out = []
    for form, (label, etype, rule) in sorted(forms.items(), key=lambda kv: (-len(kv[0]), kv[0])):
        for s in sentences:
            for start, end in occurrences(form, s.text):
                a, b = s.start + start, s.start + end
                if any(a < e and st < b for st, e in covered):
                    continue
                if b < len(doc.text) and lexicon.suffix_of(doc.text[a:b + 3]) and doc.text[a:b + 3] != form:
                    continue
                mm = Mention(form, a, b, etype, s.index, rule=rule, canonical=label, score=0.7)
                out.append(mm)
                covered.append((a, b))
    return out


def drop_places_inside(mentions: list[Mention]) -> list[Mention]:
    """中国重汽 found again by its short name: the national qualifier or common word inside it
    is no place of its own (as inside any name)."""
    shorts = [m for m in mentions if m.rule in ("short-form", "brand", "alias")]
    if not shorts:
        return mentions

    def inside(m: Mention) -> bool:
        place = getattr(m, "place", None)
        return m.type == "Region" and place is not None and (place.code == "CN" or place.level == "macro" or place.common) \
            and any(s.start <= m.start and m.end <= s.end for s in shorts)
    return [m for m in mentions if not inside(m)]


def expand_prefixed_names(mentions: list[Mention]) -> None:
    """高新区管委会 -> 西安高新区管委会 when 高新区 is the article's short form of 西安高新区."""
    shorts: dict[str, str] = {}
    for m in mentions:
        if m.rule == "short-form" and m.canonical:
            shorts.setdefault(m.text, m.canonical)
        for form in derived_short_forms(label_of(m), m.type) if m.type not in ("Region", "Person") else []:
            shorts.setdefault(form, label_of(m))
    for m in mentions:
        if m.canonical or m.type in ("Region", "Person", "Industry"):
            continue
        for form, full in sorted(shorts.items(), key=lambda kv: (-len(kv[0]), kv[0])):
            if m.text.startswith(form) and len(m.text) > len(form):
                m.canonical = full + m.text[len(form):]
                break


def project_key(label: str) -> str:
    """腾讯双创小镇(青岛)项目 -> 腾讯双创小镇: the name without 项目 and bracketed places."""
    key = re.sub(r"[(（][^()（）]{1,8}[)）]", "", label)
    key = re.sub(r"项目(?:[一二三四]期)?$", "", key)
    return re.sub(r"[“”\"]", "", key)


def merge_project_forms(mentions: list[Mention]) -> None:
    """X and X项目 in one article are one project (GUIDELINE: presented as a project)."""
    projects: dict[str, str] = {}
    for m in mentions:
        if m.type == "Project":
            projects.setdefault(project_key(label_of(m)), label_of(m))
    for m in mentions:
        if m.type in ("Park", "Project", "Organization", "ResearchInstitution") and not getattr(m, "pronoun", False):
            full = projects.get(project_key(label_of(m)))
            if full and full != label_of(m):
                m.type, m.canonical = "Project", full
            elif full and m.type != "Project":
                m.type = "Project"


def merge_industry_forms(mentions: list[Mention]) -> None:
    """互联网 and 互联网产业, 金融 and 金融业 in one article are one sector, named by the longer form."""
    labels = {label_of(m) for m in mentions if m.type == "Industry"}
    for m in mentions:
        if m.type != "Industry":
            continue
        label = label_of(m)
        for tail in ("产业", "行业", "业"):
            if label + tail in labels:
                m.canonical = label + tail
                break




def is_short_form(short: str, full: str) -> bool:
    if len(short) >= len(full) or len(short) < 2:
        return False
    if lexicon.known_organisations().get(short, ("",))[0] == short:
        return False  # 中国科学院 is a name of its own, not short for 中国农业科学院
    if full.startswith(short) and full[len(short):] in LEGAL_FORMS:
        return True  # 海航集团 / 海航集团有限公司
    if len(short) == 2 and full.endswith("大学") and len(full) == 4 and short in (full[:2], full[0] + "大"):
        return True  # 清华 / 山大 for 清华大学 / 山东大学
    if full.endswith(short):
        prefix = full[: -len(short)]
        return gazetteer.is_place(prefix) or gazetteer.is_place(prefix.rstrip("市省县区")) or \
            len(short) >= 4 and any(gazetteer.is_place(prefix[:n]) for n in (2, 3) if len(prefix) > n)  # 加拿大博士科技交流团
    if short[-1] != full[-1] or len(short) < 3:
        return False
    for pos in range(len(full) - len(short) + 1):
        if full[pos] == short[0] and _subsequence(short, full[pos:]):
            if _inserts_a_place(short, full[pos:]):
                return False  # 潍坊市人民政府 is not 潍坊市潍城区人民政府
            return pos == 0 or _drops_a_name(full[:pos])
    return False


def _inserts_a_place(short: str, full: str) -> bool:
    """The characters ``full`` adds to ``short`` (matched greedily) name a place."""
    extra, i = [], 0
    for ch in full:
        if i < len(short) and ch == short[i]:
            i += 1
            if extra:
                extra.append("|")
        else:
            extra.append(ch)
    return any(gazetteer.is_place(part) or part.endswith(("区", "县", "镇")) and part not in GENERIC_ZONE_WORDS
               for part in "".join(extra).split("|") if len(part) >= 2)


GENERIC_ZONE_WORDS = frozenset({"新区", "园区", "城区", "片区", "景区", "社区", "校区", "开发区", "高新区", "特区"})


def _drops_a_name(prefix: str) -> bool:
    return gazetteer.is_place(prefix) or lexicon.suffix_of(prefix) is not None


def _subsequence(short: str, full: str) -> bool:
    it = iter(full)
    return all(ch in it for ch in short)


def merge_short_forms(mentions: list[Mention]) -> None:
    labels: dict[str, set[str]] = {}
    for m in mentions:
        if m.type not in ("Region", "Person", "Industry"):
            labels.setdefault(m.type, set()).add(label_of(m))
    target: dict[tuple[str, str], str] = {}
    for etype, names in labels.items():
        for short in sorted(names):
            fulls = sorted(n for n in names if is_short_form(short, n))
            if len(fulls) == 1:
                target[(etype, short)] = fulls[0]
    for m in mentions:
        key = (m.type, label_of(m))
        seen = set()
        while key in target and key not in seen:
            seen.add(key)
            key = (m.type, target[key])
        if key[1] != label_of(m):
            m.canonical = key[1]


def is_generic(label: str) -> bool:
    """Too generic to merge across articles: 高新区, 市委, 管委会, 高新区管委会."""
    generic = lexicon.generic_names()
    if label in generic:
        return True
    if label[:1] in LOCAL_PREFIX and not gazetteer.is_place(label[:2]) and not gazetteer.is_place(label[:3]):
        return True
    return any(label[:n] in generic and lexicon.suffix_of(label[n:] or "x") for n in range(2, len(label) + 1))


# ---------------------------------------------------------------- pronoun-like mentions
def pronoun_mentions(doc: Document, sentences: list[Sentence], mentions: list[Mention],
                     home: dict[str, str]) -> list[Mention]:
    cues = lexicon.cues()
    out = []
    covered = [(m.start, m.end) for m in mentions]
    for role, words in sorted(cues.items()):
        if not role.startswith("pronoun_"):
            continue
        etype = role[len("pronoun_"):]
        for word in sorted(words, key=len, reverse=True):
            if not (word.startswith(("该", "此", "这", "上述", "我", "全", "本")) or word == "代表团"):
                continue
            for s in sentences:
                if word not in s.text:
                    continue
                for start, end in occurrences(word, s.text):
                    a, b = s.start + start, s.start + end
                    if any(a < e and st < b for st, e in covered):
                        continue
                    label = _antecedent(etype, word, a, s, mentions, home)
                    if label:
                        mm = Mention(word, a, b, etype, s.index, rule="pronoun", canonical=label, score=0.6)
                        mm.pronoun = True  # type: ignore[attr-defined]
                        out.append(mm)
                        covered.append((a, b))
    return out


def _pronoun_head(word: str) -> str | None:
    """该集团 -> 集团, 该团队 / 代表团 -> 团: the noun an antecedent's name must contain
    (该项目 takes any project)."""
    noun = word.lstrip("该此这上述")
    if noun in ("项目", "企业"):
        return None
    return "团" if noun in ("团队", "代表团") else noun


def _antecedent(etype: str, word: str, pos: int, s: Sentence, mentions: list[Mention],
                home: dict[str, str]) -> str | None:
    if etype == "Region":
        level = "province" if "省" in word else "county" if word[-1] in "县区" else "prefecture"
        return home.get(level)
    head = _pronoun_head(word)
    before = [m for m in mentions if m.type == etype and m.end <= pos and s.index - m.sentence <= 3
              and not getattr(m, "pronoun", False) and (not head or head in label_of(m))]
    if not before:
        return None
    return label_of(max(before, key=lambda m: (m.end, m.start)))
