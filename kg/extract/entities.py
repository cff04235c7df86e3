"""Find the named things of an article and know when two names are one.

``find_entities(doc, sentences) -> (entities, rejected)``

1. candidates per sentence (``kg.extract.mentions``: suffix grammar, quotes, titles,
   gazetteer, sector vocabulary);
2. choice among overlapping candidates (longest, best-scored first; places may
   sit inside names);
3. short forms found again in the text (清华 for 清华大学, 国际院士港 for 青岛国际院士港);
4. resolution (``kg.extract.resolve``): 市委 -> the article's city's 市委, 市侨办 ->
   市政府侨办, 微电子所 -> 中国科学院微电子研究所, 该项目 -> the nearest project;
5. entities: one per canonical name, with aliases, original-script forms,
   mentions, and a document scope for names too generic to merge across articles.
"""
from __future__ import annotations

import re

from . import resolve
from .mentions import (OWNERS, Candidate, bracket_aliases, industry_candidates, joined_events, known_org_candidates, local_organ_candidates, org_list_candidates, partner_candidates, program_list_candidates,
                       project_list_candidates,
                       person_candidates, place_candidates, quote_candidates, suffix_candidates, view)
from ..model import Document, Entity, Mention, Sentence
from .mentions.base import SentenceView
from .names import NameTagger, Reading
from .occurrences import occurrences
from ..read.script import simplify

QUOTES = re.compile(r"[“”《》\"]")


def find_entities(doc: Document, sentences: list[Sentence], tagger: NameTagger | None = None):
    chosen: list[tuple[Sentence, Candidate]] = []
    rejected: list[tuple[str, str, float]] = []
    for s in sentences:
        sv = view(s.text)
        cands, refused = view_candidates(sv)
        keep, drop = choose(cands)
        if tagger is not None:
            keep = with_tagged_names(sv.text, keep, tagger.read(sv.text, sv.tokens))
        chosen.extend((s, c) for c in keep)
        rejected.extend(drop + refused)
    chosen = drop_unsupported_common_places(chosen)
    chosen = drop_names_only_inside_others(sentences, chosen, rejected)
    chosen = persons_again(sentences, chosen)
    mentions = [to_mention(s, c) for s, c in chosen]
    mentions = resolve.resolve(doc, sentences, mentions)
    entities = build_entities(doc, mentions)
    rejected = sorted(set(rejected), key=lambda r: (-r[2], r[0], r[1]))
    return entities, rejected


def sentence_candidates(text: str) -> tuple[list[Candidate], list[tuple[str, str, float]]]:
    return view_candidates(view(text))


def view_candidates(sv: SentenceView) -> tuple[list[Candidate], list[tuple[str, str, float]]]:
    cands = suffix_candidates(sv) + quote_candidates(sv) + local_organ_candidates(sv)
    bracket_aliases(sv, cands)
    cands += joined_events(sv, cands)
    cands += person_candidates(sv) + place_candidates(sv) + industry_candidates(sv) + org_list_candidates(sv) + \
        project_list_candidates(sv) + program_list_candidates(sv) + partner_candidates(sv) + known_org_candidates(sv)
    extend_over_owners(sv.text, cands)
    return cands, sv.rejected


def with_tagged_names(text: str, chosen: list[Candidate], reading: Reading) -> list[Candidate]:
    """The tagger's verdict beside the grammar's: every chosen name gets the tagger's confidence in
    its span, and is marked ``tagged`` where the tagger found that span; a tagged name is added where
    it overlaps nothing chosen (rule ``tagger``) and, as a rival reading the entity model weighs,
    where it cuts a chosen name differently (``tagger:overlap``)."""
    spans = {(a, b) for a, b, _ in reading.spans}
    for c in chosen:
        c.tagged = (c.start, c.end) in spans
        c.tag_p = reading.probability(c.start, c.end, c.type)
    taken = {(c.start, c.end) for c in chosen}
    added = []
    for a, b, cls in reading.spans:
        if (a, b) in taken:
            continue
        overlaps = any(a < c.end and c.start < b for c in chosen)
        added.append(Candidate(a, b, text[a:b], cls, "tagger:overlap" if overlaps else "tagger", 0.5, tagged=True,
                               tag_p=reading.probability(a, b, cls)))
    if not added:
        return chosen
    return sorted(chosen + added, key=lambda c: (c.start, c.end, c.type))


def extend_over_owners(text: str, cands: list[Candidate]) -> None:
    """某某治理工程技术有限公司(某某)基地项目: a project whose left edge falls inside the name of
    the company that owns it starts where that name starts."""
    owners = [o for o in cands if o.type in OWNERS and o.rule.startswith("suffix") and not o.nested]
    for c in cands:
        if c.type not in ("Project", "Park") or not c.rule.startswith("suffix"):
            continue
        owner = next((o for o in owners if o.start < c.start < o.end <= c.end), None)
        if owner is not None:
            c.start, c.text = owner.start, text[owner.start:c.end]
    projects = {(c.start, c.end) for c in cands if c.type == "Project"}
    for o in owners:
        m = OWN_PROJECT.match(text, o.end)
        if m and not any(a <= o.start and b >= m.end() for a, b in projects):
            cands.append(Candidate(o.start, m.end(), text[o.start:m.end()], "Project", "suffix:owner+项目", o.score))


OWN_PROJECT = re.compile(r"项目(?=[一二三四五六七八九十]期|[，。；、及和等]|(?:正式|顺利|全面)?(?:开工|竣工|投产|签约|落地|建成))")


PRIORITY = {"known": 3, "quote": 3, "suffix": 2, "title": 2, "list": 2, "honorific": 1, "partner": 1, "industry": 0, "place": 0}


def _priority(c: Candidate) -> tuple:
    rule = c.rule.split(":")[0].split("+")[0]
    person_first = 0 if rule == "title" else 1  # a titled person is never swallowed by a longer name
    return (person_first, -(c.end - c.start), -PRIORITY.get(rule, 0), -c.score, c.start, c.text)


def choose(cands: list[Candidate]) -> tuple[list[Candidate], list[tuple[str, str, float]]]:
    """Non-overlapping names, longest first; places may sit inside names."""
    names = [c for c in cands if not c.nested]
    places = [c for c in cands if c.nested]
    taken: list[Candidate] = []
    nested: list[Candidate] = []
    dropped = []
    for c in sorted(names, key=_priority):
        clash = next((t for t in taken if c.start < t.end and t.start < c.end), None)
        if clash is None:
            taken.append(c)
        elif _quoted_inside(c, clash) or _bracket_alias_of(c, clash):
            nested.append(c)
        elif _known_name_inside(c, clash):
            c.inside = True  # type: ignore[attr-defined]
            nested.append(c)
        elif (c.start, c.end) != (clash.start, clash.end):
            dropped.append((c.text, f"inside {clash.text}", round(c.score * 0.8, 3)))
    kept_places = []
    for p in sorted(places, key=lambda c: (c.start, -c.end)):
        host = next((t for t in taken if p.start < t.end and t.start < p.end), None)
        if host is None:
            kept_places.append(p)
            continue
        reason = _place_inside_reason(p, host)
        if reason:
            dropped.append((p.text, reason, p.score))
        else:
            kept_places.append(p)
    taken = [t for t in taken if not _is_only_a_place(t, kept_places)]
    _link_bracketed_aliases(taken)
    _projects_win_ties(taken, names)
    out = sorted(taken + nested + kept_places, key=lambda c: (c.start, c.end, c.type))
    return out, dropped


def _projects_win_ties(taken: list[Candidate], names: list[Candidate]) -> None:
    """A park the text lists as a project (…等项目) is a Project: of two readings of one
    span, the project reading wins (GUIDELINE: Project or Park)."""
    project_spans = {(c.start, c.end) for c in names if c.type == "Project"}
    for c in taken:
        if c.type == "Park" and (c.start, c.end) in project_spans:
            c.type = "Project"


def _link_bracketed_aliases(taken: list[Candidate]) -> None:
    """青岛国际经济合作区(中德生态园): the bracketed name is a mention of the name before it."""
    for c in taken:
        for h in taken:
            if h is not c and c.text in h.aliases and h.end <= c.start <= h.end + 8:
                c.canonical = clean_label(h.text)


def _known_name_inside(c: Candidate, host: Candidate) -> bool:
    """清华大学石墨烯工程技术中心: a known organisation's name (one dictionary word) at the
    head of a longer name is a name of its own."""
    return c.proper and c.start == host.start and c.end < host.end and c.type != "Region"


def _quoted_inside(c: Candidate, host: Candidate) -> bool:
    """“加拿大博士科技交流团”专场推介活动: the quoted organisation is a name of its own."""
    return c.rule.startswith("quote") and c.rule != "quote:program" and \
        host.start <= c.start and c.end <= host.end and (c.start, c.end) != (host.start, host.end)
    # a bare slogan at the head of an event's name (“百企千才”对接活动) is that event's name, no program


def _bracket_alias_of(c: Candidate, host: Candidate) -> bool:
    """青岛国际经济合作区(中德生态园): the bracketed name is the host's other name."""
    if c.start <= host.start or c.end > host.end:
        return False
    if c.text in host.aliases:
        c.canonical = clean_label(host.text.split("(")[0].split("（")[0])
        return True
    return False


def persons_again(sentences: list[Sentence], chosen: list[tuple[Sentence, Candidate]]):
    """A person named once with a title is the same name later without it (惠新安表示):
    those later mentions are found, and what they overlap (新安 as a place) is dropped."""
    names = sorted({c.text for _, c in chosen if c.type == "Person"}, key=lambda n: (-len(n), n))
    if not names:
        return chosen
    found: list[tuple[Sentence, Candidate]] = []
    for s in sentences:
        for name in names:
            for start, end in occurrences(name, s.text):
                found.append((s, Candidate(start, end, name, "Person", "person-again", 0.7)))
    def overlaps(s, c):
        return any(fs.index == s.index and c.start < f.end and f.start < c.end for fs, f in found)
    kept = [(s, c) for s, c in chosen if not (c.type != "Person" and (c.place or c.rule.startswith("industry"))
                                               and overlaps(s, c))]
    have = {(s.index, c.start, c.end) for s, c in kept if c.type == "Person"}
    taken = {(s.index, c.start, c.end) for s, c in kept if not c.nested}
    for s, c in found:
        if (s.index, c.start, c.end) in have:
            continue
        if any(si == s.index and c.start < e and st < c.end for si, st, e in taken):
            continue
        kept.append((s, c))
    return sorted(kept, key=lambda sc: (sc[0].index, sc[1].start, sc[1].end, sc[1].type))


def drop_names_only_inside_others(all_sentences: list[Sentence], chosen: list[tuple[Sentence, Candidate]],
                                  rejected: list):
    """华中科技大学生物医学中心: an organisation at the head of a longer name is its own entity
    only when the article also names it on its own (GUIDELINE: nested names), in full or by a
    short form (its first two characters: 清华, 山大 are found later)."""
    inside = [(s, c) for s, c in chosen if getattr(c, "inside", False)]
    if not inside:
        return chosen
    hosts = [c.text for _, c in chosen if not getattr(c, "inside", False) and not c.nested]
    sentences = {s.index: s.text for s in all_sentences}
    drop = set()
    for s, c in inside:
        heads = {c.text[:2]} | ({c.text[0] + "大"} if c.text.endswith("大学") else set())  # 山大 for 山东大学
        outside = 0
        for text in sentences.values():
            for h in hosts:
                if c.text in h and h != c.text:
                    text = text.replace(h, "")
            outside += sum(text.count(head) for head in heads)
        if outside == 0:
            drop.add(id(c))
            rejected.append((c.text, "named only inside a longer name", c.score))
    return [(s, c) for s, c in chosen if id(c) not in drop]


def drop_unsupported_common_places(chosen: list[tuple[Sentence, Candidate]]):
    """A short form that is also a common word (大兴, 南岸) names a place only when the
    article also gives the full name."""
    full = {c.place.name for _, c in chosen if c.place and not c.place.short}
    return [(s, c) for s, c in chosen if not (c.place and c.place.common and c.place.name not in full)]


def _place_inside_reason(place: Candidate, host: Candidate) -> str | None:
    if host.type in ("Person", "Industry"):
        return f"inside {host.type} {host.text}"
    if place.start < host.start or place.end > host.end:
        return f"crosses {host.text}"
    if place.place and place.place.code == "CN":
        return f"national qualifier inside {host.text}"
    if place.place and place.place.level == "macro":
        return f"macro-region inside {host.text}"
    if place.place and place.place.common:
        return f"common word inside {host.text}"
    return None


def _is_only_a_place(name: Candidate, places: list[Candidate]) -> bool:
    return any(p.start == name.start and p.end == name.end and not p.place.short for p in places)


def to_mention(s: Sentence, c: Candidate) -> Mention:
    m = Mention(c.text, s.start + c.start, s.start + c.end, c.type, s.index, rule=c.rule, score=c.score,
                tagged=c.tagged, tag_p=c.tag_p)
    m.canonical = c.place.name if c.place else c.canonical
    m.aliases = list(c.aliases)  # type: ignore[attr-defined]
    m.place = c.place  # type: ignore[attr-defined]
    return m


def clean_label(text: str) -> str:
    return QUOTES.sub("", text).strip()


def original_form(doc: Document, m: Mention) -> str | None:
    """The mention as the article wrote it, when that differs from the normalised text (traditional
    script), without the debris normalisation took out of it: 戰(zhàn)略 is 戰略."""
    original = doc.original[slice(*doc.original_span(m.start, m.end))]
    if len(original) != m.end - m.start:
        original = "".join(doc.original[doc.offsets[i]] for i in range(m.start, m.end))
        if simplify(original) != m.text:
            return None     # a repaired character: the article's own bytes were no form of the name
    return original if original != m.text else None


def build_entities(doc: Document, mentions: list[Mention]) -> list[Entity]:
    by_key: dict[tuple, Entity] = {}
    for m in sorted(mentions, key=lambda m: (m.start, m.end, m.type)):
        label = m.canonical or clean_label(m.text)
        scope = doc.doc_id if resolve.is_generic(label) else None
        key = (m.type, label, scope)
        ent = by_key.get(key)
        if ent is None:
            ent = by_key[key] = Entity(type=m.type, label=label, scope=scope)
        ent.mentions.append(m)
        if not getattr(m, "pronoun", False):
            for name in [m.text, clean_label(m.text)] + list(getattr(m, "aliases", [])):
                if name and name != label:
                    ent.aliases.add(clean_label(name) if name != m.text else name)
            original = original_form(doc, m)
            if original:
                ent.original_forms.add(original)
    for ent in by_key.values():
        if ent.type == "Project":
            ent.aliases |= {re.sub(r"[一二三四五]期$", "", a) for a in ent.aliases | {ent.label}}
        ent.aliases.discard(ent.label)
        ent.aliases = {a for a in ent.aliases if a}
    return sorted(by_key.values(), key=lambda e: (e.mentions[0].start, e.type, e.label))
