"""Relations that names and titles state by themselves.

holdsPosition: ``市委常委、副市长刘建国`` -> (刘建国, 市委, 市委常委), (刘建国, 市人民政府, 副市长);
``中化集团董事长宁高宁`` -> (宁高宁, 中化集团, 董事长).  Titles: ``kg/data/titles.tsv``.

subsidiaryOf from nested names: ``清华大学石墨烯工程技术中心`` -> 清华大学 when the article
also names 清华大学 on its own.  Branch endings: ``kg/data/branch_suffixes.tsv``.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .amounts import alternation, read_rows
from .context import Context, Slot
from ..model import Entity, Evidence, Relation
from .patterns import expand_types

_SEP = "、，,和及兼"


@lru_cache(maxsize=1)
def titles() -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for row in read_rows("titles.tsv"):
        out[row[0]] = tuple(b for b in (row[1] if len(row) > 1 else "").split("|") if b)
    return out


@lru_cache(maxsize=1)
def _title_tail() -> re.Pattern:
    return re.compile(rf"(?:{alternation(titles())})$")


@lru_cache(maxsize=1)
def _title_head() -> re.Pattern:
    return re.compile(rf"^(?:{alternation(titles())})")


def starts_with_title(text: str) -> bool:
    return bool(_title_head().match(text))


def split_titles(text: str) -> tuple[str, list[str]]:
    """``X集团党委书记、常务副总经理`` -> (``X集团``, [党委书记, 常务副总经理]): the titles that end ``text``."""
    rest, found = split_titled(text)
    return rest, [t for t, _ in found]


def split_titled(text: str) -> tuple[str, list[tuple[str, str]]]:
    """Like ``split_titles``, each title with the name part glued before it when the title names a
    body: ``副市长、高新区党工委书记`` -> ("", [(副市长, ""), (党工委书记, 高新区)])."""
    found: list[tuple[str, str]] = []
    rest = text
    while m := _title_tail().search(rest):
        title, rest = m.group(0), rest[:m.start()]
        stem = ""
        if titles().get(title) and (st := _CJK_TAIL.search(rest)):
            before = rest[:st.start()]
            if before == "" or (before[-1] in _SEP and _title_tail().search(before[:-1])):
                stem, rest = st.group(0), before
        found.insert(0, (title, stem))
        if not (rest and rest[-1] in _SEP and _title_tail().search(rest[:-1])):
            break
        rest = rest[:-1]
    return rest, found


def positions(ctx: Context) -> list[Relation]:
    out: list[Relation] = []
    for s in ctx.sentences:
        slots = ctx.slots.get(s.index, [])
        held: dict[int, list[tuple[tuple, str]]] = {}
        for i, p in enumerate(slots):
            if p.type != "Person":
                continue
            by_org: dict[tuple, list[str]] = {}
            current = None
            for org, found, rest in _title_chain(s.text, slots, i):
                for t, stem in found:
                    before = stem or rest
                    bodies = titles().get(t, ())
                    if org and not (bodies and not _ends_with(org.text, bodies)):
                        current = org.key
                    elif bodies:
                        current = _body(ctx.entities, bodies, org, before)
                        if current is None and org is None and before:
                            current = _body(ctx.entities, bodies, None, "")
                    if current:
                        full = org.text + t if org is not None and org.text + t in titles() else t
                        by_org.setdefault(current, []).append(full)      # 市委+书记 -> 市委书记
            pairs = [(k, "、".join(ts)) for k, ts in by_org.items()]
            if not pairs and i and slots[i - 1].type == "Person" and s.text[slots[i - 1].end:p.start] in ("、", "和"):
                pairs = held.get(i - 1, [])          # 副总裁高荣海、朱卫军: the title is shared
            held[i] = pairs
            for org_key, title in pairs:
                org_key = _committee_s_body(ctx.entities, org_key)
                out.append(Relation(p.key, "holdsPosition", org_key, [ctx.evidence(s, "title")], title=title))
    return out


_FIRMS = ("Company", "ResearchInstitution", "Organization")


def _committee_s_body(entities: list[Entity], key: tuple) -> tuple:
    """``中国国际图书贸易集团党委书记`` is a post in the group: the party committee of a company or an
    institute the article names stands for that company or institute."""
    if key[0] != "Government" or not key[1].endswith(("党委", "党组")):
        return key
    stem = key[1][:-2]
    for e in entities:
        if e.type in _FIRMS and (stem == e.label or stem in e.aliases or any(m.text == stem for m in e.mentions)):
            return e.key
    return key


_CJK_TAIL = re.compile(r"[\u4e00-\u9fff]{1,8}$")


@lru_cache(maxsize=1)
def _ending() -> re.Pattern:
    words = [w for (w, *_) in read_rows("title_endings.tsv")]
    return re.compile(rf"^[\u4e00-\u9fff]{{0,5}}(?:{alternation(words)})$")


_DEPARTMENT = re.compile(r"[\u4e00-\u9fff]{1,4}(?:部|办公室|办|处|室|科)$")


def _with_department(rest: str, found: list[tuple[str, str]]) -> tuple[str, list[tuple[str, str]]]:
    """``副书记、组织部部长``: a title in one of the body's departments is a title, and the titles
    before it still belong to the same body."""
    m = _DEPARTMENT.search(rest)
    if not found or not m:
        return rest, found
    before = rest[:m.start()]
    if before and before[-1] not in _SEP:
        return rest, found
    more_rest, more = split_titled(before[:-1]) if before else ("", [])
    if before and (more_rest or not more):
        return rest, found
    return "", more + [(m.group(0) + found[0][0], found[0][1])] + found[1:]


def _title_chain(text: str, slots: list[Slot], i: int) -> list[tuple[Slot | None, list[tuple[str, str]], str]]:
    """Titles before ``slots[i]``, each with the organisation named right before it (or None) and
    the text before them: ``⟨市委⟩书记、⟨市人大常委会⟩主任⟨惠新安⟩`` -> [(市委, [书记]), (市人大常委会, [主任])]."""
    orgs = expand_types("AGENT")
    chain: list[tuple[Slot | None, list[tuple[str, str]], str]] = []
    end, j = slots[i].start, i - 1
    while True:
        lo = slots[j].end if j >= 0 else 0
        gap = text[lo:end]
        rest, found = _with_department(*split_titled(gap))
        if not found and j >= 0 and slots[j].type in orgs and _ending().match(gap):
            rest, found = "", [(gap, "")]            # 富士康集团总商务长李金明: a title ending in 长
        if not found:
            break
        if rest == "" and j >= 0 and slots[j].type in orgs:
            chain.insert(0, (slots[j], found, ""))
            lo2 = slots[j - 1].end if j > 0 else 0
            before = text[lo2:slots[j].start]
            if len(before) > 1 and before[-1] in _SEP:
                end, j = slots[j].start - 1, j - 1
                continue
            break
        chain.insert(0, (None, found, rest))
        break
    return chain


def _ends_with(text: str, bodies: tuple[str, ...]) -> bool:
    return any(text.endswith(b) for b in bodies)


def _overlap(a: str, b: str) -> bool:
    return a.startswith(b) or b.startswith(a) or a.endswith(b) or b.endswith(a)


def _body(entities: list[Entity], bodies: tuple[str, ...], org: Slot | None, before: str) -> tuple | None:
    """The government body a title names (市委书记 -> ...市委).  After a place (海南省副省长) or a
    name part (新城区委书记) only a body of that place; else the article's most mentioned one."""
    if org is not None:
        prefixes = [org.text] if org.type == "Region" else []
    else:
        m = _CJK_TAIL.search(before)
        prefixes = [m.group(0)] if m else []
    best = None
    for e in entities:
        if e.type != "Government":
            continue
        for n in {e.label} | e.aliases:
            b = next((b for b in bodies if n.endswith(b)), None)
            if b is None:
                continue
            stem = n[:-len(b)]
            if prefixes and not any(stem and _overlap(p, stem) for p in prefixes):
                continue
            rank = (len(e.mentions), -len(e.label), e.label)
            if best is None or rank > best[0]:
                best = (rank, e.key)
    return best[1] if best else None


@lru_cache(maxsize=1)
def _branch() -> re.Pattern:
    return re.compile(rf"(?:{alternation(w for (w, *_) in read_rows('branch_suffixes.tsv'))})$")


def nested_subsidiaries(ctx: Context) -> list[Relation]:
    children = expand_types("ORG")
    parents = set(expand_types("ORG")) | {"Park"}
    first_sentence = _first_sentences(ctx)
    out = []
    for child in ctx.entities:
        if child.type not in children or child.key not in first_sentence:
            continue
        for parent in ctx.entities:
            if parent is child or parent.type not in parents or not parent.mentions:
                continue
            names = {parent.label} | {a for a in parent.aliases if len(a) >= 3}
            if any(child.label.startswith(n) and len(child.label) > len(n) and _branch().search(child.label[len(n):])
                   for n in names):
                s = first_sentence[child.key]
                out.append(Relation(child.key, "subsidiaryOf", parent.key, [ctx.evidence(s, "nested-name")]))
    return out


def _first_sentences(ctx: Context) -> dict:
    first = {}
    for s in ctx.sentences:
        for x in ctx.slots.get(s.index, []):
            first.setdefault(x.key, s)
    return first


def _names(e: Entity, shortest: int = 2) -> list[str]:
    return sorted({e.label} | {a for a in e.aliases if len(a) >= shortest}, key=len, reverse=True)


@lru_cache(maxsize=1)
def countries() -> frozenset[str]:
    """Country names (the entity gazetteer's list): 法国…项目 names the investor's country, not the site."""
    try:
        return frozenset(row[1] for row in read_rows("countries.tsv") if len(row) > 1)
    except OSError:
        return frozenset()


def nested_industries(ctx: Context) -> list[Relation]:
    """``数字农业示范园项目`` -> 数字农业: a project or park named after its industry."""
    first = _first_sentences(ctx)
    industries = [e for e in ctx.entities if e.type == "Industry" and e.key in first]
    out = []
    for p in ctx.entities:
        if p.type not in ("Project", "Park") or p.key not in first:
            continue
        for ind in industries:
            if any(len(n) >= 3 and n in p.label and n != p.label for n in _names(ind)):
                out.append(Relation(p.key, "inIndustry", ind.key, [ctx.evidence(first[p.key], "name-industry")]))
    return out


@lru_cache(maxsize=1)
def _organiser_end() -> re.Pattern:
    return re.compile(rf"(?:{alternation(w for (w, *_) in read_rows('organiser_suffixes.tsv'))})$")


_EVENT_LEAD = re.compile(r"^(?:[0-9]{4}年?|第[0-9一二三四五六七八九十百]+届|首届|[“\"《])*")


def _named_hosts(label: str, pos: int, hosts: list[Entity]) -> list[tuple]:
    """The host named at ``pos`` of ``label`` (the longest name), and one in brackets right after it:
    ``无锡高新区(新吴区)…活动`` -> both."""
    best = None
    for h in hosts:
        for n in _names(h, 3):
            after = label[pos + len(n):pos + len(n) + 1]
            if len(n) >= 3 and label.startswith(n, pos) and after not in "-—–·与和、" and _organiser_end().search(n):
                if best is None or len(n) > best[0]:
                    best = (len(n), h.key)
    if best is None:
        return []
    end = pos + best[0]
    if label[end:end + 1] in "(（":
        return [best[1]] + _named_hosts(label, end + 1, hosts)[:1]
    return [best[1]]


def named_organizers(ctx: Context) -> list[Relation]:
    """``2018年武汉市招商引资…活动`` -> 武汉市 organizes it: an event or programme named after the
    city, zone or body that holds it (a name of three characters or more, not joined to another
    place by a dash: 青岛-上海…对接会 names two)."""
    first = _first_sentences(ctx)
    hosts = [e for e in ctx.entities if e.type in ("Region", "Park", "Government")]
    out = []
    for ev in ctx.entities:
        if ev.type not in ("Event", "Program") or ev.key not in first:
            continue
        label = ev.label
        if "与" in label:
            continue                    # 甲与乙…签字仪式: an event of two parties, held by neither by name
        lead = _EVENT_LEAD.match(label).end()
        for key in _named_hosts(label, lead, hosts):
            out.append(Relation(key, "organizes", ev.key, [ctx.evidence(first[ev.key], "name-organizer", 0.9)]))
    return out


_LEVELS = {"province": 1, "prefecture": 2, "county": 3}


@lru_cache(maxsize=1)
def _division_levels() -> dict[str, int]:
    """Administrative level of each division name and short name (the entity gazetteer's list)."""
    out: dict[str, int] = {}
    try:
        rows = list(read_rows("divisions.tsv"))
    except OSError:
        return out
    for row in rows:
        if len(row) >= 3 and row[2] in _LEVELS:
            for name in (row[1], row[4] if len(row) > 4 else ""):
                if name:
                    out[name] = max(out.get(name, 0), _LEVELS[row[2]])
    return out


def place_level(key: tuple) -> int:
    """How fine a place is: a park 4, a county 3, a prefecture 2, a province 1, anything else 0."""
    if key[0] == "Park":
        return 4
    return _division_levels().get(key[1], 0) if key[0] == "Region" else 0


def signed_places(relations: list[Relation], entities: list[Entity]) -> list[Relation]:
    """A project a region, zone or local government signs for lies in its jurisdiction:
    ``罗庄区人民政府与…签约的P`` -> P locatedIn 罗庄区 (when the article names 罗庄区)."""
    places = [e for e in entities if e.type in ("Region", "Park")]
    out = []
    for r in relations:
        if r.predicate != "partyTo":
            continue
        where = r.subject if r.subject[0] in ("Region", "Park") else jurisdiction(r.subject, places)
        if where:
            ev = [Evidence(e.doc_id, e.sentence, e.start, e.end, "signer-place", 0.85) for e in r.evidence[:1]]
            out.append(Relation(r.object, "locatedIn", where, ev))
    return out


def jurisdiction(body: tuple, places: list[Entity]) -> tuple | None:
    if body[0] != "Government":
        return None
    best = None
    for e in places:
        for n in _names(e):
            at = body[1].rfind(n)
            if 0 <= at and len(n) < len(body[1]) and (at == 0 or body[1][:at] in _names_of(places)) \
                    and (best is None or (at + len(n), len(n)) > best[0]):
                best = ((at + len(n), len(n)), e.key)    # 广州市南沙区政府: 南沙区, the place named last
    return best[1] if best else None


def _names_of(places: list[Entity]) -> set[str]:
    return {n for e in places for n in _names(e)}


def home_place_projects(ctx: Context, document_actor: list[tuple], found: list[Relation]) -> list[Relation]:
    """An article about one zone or county (its actor) reports the projects there: a project the
    article places nowhere, named in a sentence that names no other place, lies in the actor
    (该区…围绕P抓开工建设, 同期开工的还有P)."""
    home = [a for a in document_actor if a[0] == "Park" or (a[0] == "Region" and place_level(a) >= 3)]
    if len(home) != 1:
        return []
    home_key = home[0]
    decided = {r.subject for r in found if r.predicate == "locatedIn"}   # and, as we go, every project seen
    out = []
    for s in ctx.sentences:        # a project's first sentence decides
        slots = ctx.slots.get(s.index, [])
        other_place = any(x.type in ("Region", "Park") and x.key != home_key for x in slots)
        for x in slots:
            if x.type != "Project" or x.key in decided:
                continue
            decided.add(x.key)
            if not other_place:    # another place in its sentence: the article may be placing it there
                out.append(Relation(x.key, "locatedIn", home_key, [ctx.evidence(s, "article-place", 0.6)]))
    return out
