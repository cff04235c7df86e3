"""Relations between the entities of an article, each with the sentence that states it.

Three sources, each small:
  - sentence patterns around trigger words (``kg/data/relation_patterns.tsv``, see
    ``kg/extract/patterns.py``), with coordinated lists distributed and left-out subjects taken
    from the paragraph's actor (``kg/actors.py``);
  - titles before a person's name (``kg/extract/positions.py``): holdsPosition with its title;
  - names nested in names (``kg/extract/positions.py``): a branch named after its parent.
"""
from __future__ import annotations

import re
import re._constants as _sre
import re._parser as _sre_parse
from functools import lru_cache

from .actors import Actors
from .amounts import read_rows
from .context import Context, Slot, build_context
from .dates import event_date, explicit_date
from .lexicon import cues
from ..model import SYMMETRIC, Document, Entity, Evidence, Relation, Sentence
from .patterns import Pattern, captured, clause_before, load_patterns, mask
from .positions import (home_place_projects, named_organizers, nested_subsidiaries, place_level, positions,
                        signed_places, starts_with_title)
from .sections import field_sentences, section_industries

_PROJECT = "Project"
DATED = ("partyTo", "cooperatesWith", "organizes", "participatesIn")   # edges that happen on a day
_LOCATIVE = set("在于到赴从至往")


def find_relations(doc: Document, sentences: list[Sentence], entities: list[Entity]) -> list[Relation]:
    ctx = build_context(doc, sentences, entities)
    actors = Actors(ctx)
    found: dict[tuple, Relation] = {}
    recent = None                   # the day the article last named: what 当天 refers to
    actor_of: dict[int, list[tuple]] = {}
    for s in sentences:
        slots = ctx.slots.get(s.index, [])
        actor = actors.actor(s, slots)
        actor_of[s.index] = actor
        for rel in sentence_relations(ctx, s, slots, actor, recent) + scene_participants(ctx, s, slots, recent):
            _merge(found, rel)
        recent = explicit_date(s.text, doc.date) or recent
    named = positions(ctx) + nested_subsidiaries(ctx) + named_organizers(ctx)
    for rel in named + section_industries(ctx, actors.document) + field_sentences(ctx):
        _merge(found, rel)
    for rel in signed_places([r for r in found.values() if well_typed(r)], entities):
        _merge(found, rel)
    for rel in run_programmes(ctx, actor_of, found):
        _merge(found, rel)
    for rel in home_place_projects(ctx, actors.document, [r for r in found.values() if well_typed(r)]):
        _merge(found, rel)
    kept = [r for r in most_specific(found.values()) if well_typed(r)]
    for r in kept:
        r.date = r.date if r.predicate in DATED else None
    return sorted(kept, key=lambda r: (r.predicate, str(r.subject), str(r.object)))


_SCENE = re.compile(r"^(?:[^，,。；;⟨⟩]{0,10}?[，,])?(?:在)?(签约仪式|签字仪式|开工仪式|揭牌仪式|仪式|推介会|洽谈会|大会|会议|活动|会)(?:现场)?上[，,]"
                    r"|在(签约仪式|签字仪式|仪式|会议|大会|活动|会)(?:现场)?上(?:表示|指出|强调|介绍|致辞|讲话|发言)"
                    r"|(?:共同|一同|一起)(?:出席|参加|见证)(?:了)?(签约仪式|签字仪式|开工仪式|签约活动|仪式|活动|大会|会议)[。！!]?$")
_NOT_PRESENT = ("对", "向", "为", "给", "感谢", "邀请", "欢迎")


def scene_participants(ctx: Context, s: Sentence, slots: list[Slot], recent: str | None = None) -> list[Relation]:
    """``签约仪式上，…主任张三介绍…`` / ``李四在会上表示`` / ``张三，李四，…近300人共同参加了活动``: the
    people the sentence shows at the event
    take part in it (the article's event the noun names); not those it is done to (对…授牌, 感谢…)."""
    m = _SCENE.search(s.text)
    if not m:
        return []
    event = _event_by_head(ctx, s, m.group(1) or m.group(2) or m.group(3))
    if event is None:
        return []
    date = event_date(s.text, ctx.doc.date, recent)
    ev = ctx.evidence(s, "at-the-event", 0.8)
    return [Relation(x.key, "participatesIn", event, [ev], date=date) for x in slots
            if x.type == "Person" and not s.text[max(0, x.start - 6):x.start].endswith(_NOT_PRESENT)]


_RUNS = re.compile(r"开展|实施|推进|启动|推出|出台|印发|举办|深化|发布|制定|部署|落实|攻势|行动|深入|全面|持续|扎实|大力|组织")
_HOLDERS = ("Region", "Government", "Park")


def run_programmes(ctx: Context, actor_of: dict[int, list[tuple]], found: dict[tuple, Relation]) -> list[Relation]:
    """A programme the article carries out with no one named as running it: the actor of the sentence
    that first names it in a clause that says it is carried out (the GUIDELINE's left-out subject)."""
    organised = {k[2] for k in found if k[1] == "organizes"}
    out: list[Relation] = []
    seen: set[tuple] = set()
    for s in ctx.sentences:
        for x in ctx.slots.get(s.index, []):
            if x.type != "Program" or x.key in organised or x.key in seen:
                continue
            a = max(s.text.rfind(c, 0, x.start) for c in "，,。；;：:") + 1
            ends = [i for i in (s.text.find(c, x.end) for c in "，,。；;") if i >= 0]
            clause = s.text[a:min(ends) if ends else len(s.text)]
            if not _RUNS.search(clause):
                continue
            seen.add(x.key)
            for k in actor_of.get(s.index, []):
                if k[0] in _HOLDERS:
                    out.append(Relation(k, "organizes", x.key, [ctx.evidence(s, "run-programme", 0.7)]))
    return out


@lru_cache(maxsize=1)
def _signatures() -> dict[str, tuple[frozenset, frozenset]]:
    return {p: (frozenset(s.split("|")), frozenset(o.split("|"))) for p, s, o in read_rows("relation_types.tsv")}


def well_typed(r: Relation) -> bool:
    """Whether the edge fits the ontology's domain and range (kg/data/relation_types.tsv)."""
    subjects, objects = _signatures()[r.predicate]
    return r.subject[0] in subjects and r.object[0] in objects


def most_specific(relations) -> list[Relation]:
    """A thing located by its own sentence or name is not also located where the article's actor is:
    keep, per subject, only the locatedIn edges of the best-supported kind."""
    relations = list(relations)
    best: dict[tuple, tuple] = {}
    for r in relations:
        if r.predicate == "locatedIn":
            best[r.subject] = max(best.get(r.subject, (False, 0, 0.0)), _support(r))
    return [r for r in relations if r.predicate != "locatedIn" or _support(r) >= best[r.subject]]


def _support(r: Relation) -> tuple:
    """A sentence that says it outranks a name, a signer or the article's actor; among those, the
    finer place (park, county, prefecture, province) wins, then the surer kind."""
    conf = max(e.confidence for e in r.evidence)
    return (conf >= 1.0, 0 if conf >= 1.0 else place_level(r.object), conf)


def _merge(found: dict[tuple, Relation], rel: Relation) -> None:
    if rel.subject == rel.object:
        return
    s, o = rel.subject, rel.object
    if rel.predicate in SYMMETRIC and str(s) > str(o):
        rel.subject, rel.object = o, s
    k = (rel.subject, rel.predicate, rel.object)
    if k not in found:
        found[k] = rel
        return
    have = found[k]
    for ev in rel.evidence:             # one piece of evidence a sentence: the first pattern that read it
        if all((e.doc_id, e.start) != (ev.doc_id, ev.start) for e in have.evidence):
            have.evidence.append(ev)
    have.title = have.title or rel.title
    have.date = have.date or rel.date


def sentence_relations(ctx: Context, s: Sentence, slots: list[Slot], actor: list[tuple],
                       recent: str | None = None) -> list[Relation]:
    masked = mask(s.text, slots)
    out: list[Relation] = []
    by_first, plan = _plan(load_patterns())
    present = {w for c in by_first.keys() & set(masked) for w in by_first[c] if w in masked}
    for pat, needs in plan:
        for need in needs:
            if need.isdisjoint(present):
                break       # a string the pattern cannot match without is missing: no match
        else:
            out.extend(_pattern_relations(ctx, s, slots, actor, recent, masked, pat))
    return out


def _pattern_relations(ctx: Context, s: Sentence, slots: list[Slot], actor: list[tuple],
                       recent: str | None, masked: str, pat: Pattern) -> list[Relation]:
    out: list[Relation] = []
    pos = 0
    while pos <= len(masked):
        m = pat.regex.search(masked, pos)
        if not m:
            break
        pos = m.start() + 1
        if m.end() == m.start():
            continue
        if pat.unless and pat.unless.search(_scope(pat, masked, m.start()) + m.group(0)):
            continue
        groups = _groups(pat, m, slots, masked, actor, lambda head: _event_by_head(ctx, s, head))
        if groups is None:
            continue
        date = event_date(s.text, ctx.doc.date, recent)
        ev = ctx.evidence(s, pat.name, 0.8 if any(g in pat.optional and not captured(m, g) for g in groups) else 1.0)
        out.extend(_yield(pat, groups, ev, date))
    return out


# ---------------------------------------------------------------- what a pattern cannot match without
# Most patterns cannot match most sentences: each needs a trigger word and mentions of given
# types.  Reading the compiled regular expression (its parse tree) gives, for each pattern,
# sets of strings of which every match contains at least one (``needs``); a sentence that
# lacks every string of one set is skipped without running the pattern.  Only what the
# regular expression itself implies is used, so the matches are exactly those of running
# every pattern (tests/test_relations_prefilter.py).

_EXACT_LIMIT = 64
_PLAN: list = [None, None]      # (the patterns, their plan): recomputed when the patterns change
_NEEDS: dict = {}               # compiled pattern -> its needs


def _plan(patterns: tuple[Pattern, ...]) -> tuple[dict[str, tuple[str, ...]], list[tuple[Pattern, tuple]]]:
    """The strings the patterns need, by their first character (a sentence is searched only for
    those starting with one of its characters), and each pattern's needs."""
    if _PLAN[0] is not patterns:
        # a need holding "" is met by any sentence: it constrains nothing
        plan = [(pat, tuple(need for need in needs_of(pat.regex) if "" not in need)) for pat in patterns]
        by_first: dict[str, tuple[str, ...]] = {}
        for w in sorted({w for _, needs in plan for need in needs for w in need}):
            by_first[w[0]] = by_first.get(w[0], ()) + (w,)
        _PLAN[:] = [patterns, (by_first, plan)]
    return _PLAN[1]


def needs_of(rx: re.Pattern) -> tuple[frozenset[str], ...]:
    """Sets of strings such that every match of ``rx`` contains a string of each set."""
    if rx not in _NEEDS:
        if rx.flags & (re.IGNORECASE | re.VERBOSE) or not isinstance(rx.pattern, str):
            _NEEDS[rx] = ()
        else:
            needs = set(_needs_seq(_sre_parse.parse(rx.pattern, rx.flags)))
            _NEEDS[rx] = tuple(sorted(needs, key=lambda n: (-min(map(len, n)), len(n), sorted(n))))
    return _NEEDS[rx]


def _minimal(strings) -> frozenset[str]:
    """Drop strings that contain another of the set: containing them implies containing it."""
    return frozenset(w for w in strings if not any(v != w and v in w for v in strings))


def _exact(op, av) -> frozenset[str] | None:
    """The strings a node matches, when it matches one of a few fixed strings ("" = nothing)."""
    if op is _sre.LITERAL:
        return frozenset([chr(av)])
    if op is _sre.IN:
        if any(o is not _sre.LITERAL for o, _ in av):
            return None
        return frozenset(chr(a) for _, a in av)
    if op is _sre.SUBPATTERN:
        _, add_flags, del_flags, body = av
        return None if add_flags or del_flags else _exact_seq(body)
    if op is _sre.BRANCH:
        out: set[str] = set()
        for alt in av[1]:
            e = _exact_seq(alt)
            if e is None:
                return None
            out |= e
        return frozenset(out) if len(out) <= _EXACT_LIMIT else None
    if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT) and av[0] == 0 and av[1] == 1:     # x?
        e = _exact_seq(av[2])
        return None if e is None else e | {""}
    return None


def _exact_seq(items) -> frozenset[str] | None:
    out = {""}
    for op, av in items:
        e = _exact(op, av)
        if e is None:
            return None
        out = {a + b for a in out for b in e}
        if len(out) > _EXACT_LIMIT:
            return None
    return frozenset(out)


def _needs_node(op, av) -> list[frozenset[str]]:
    if op is _sre.SUBPATTERN:
        _, add_flags, del_flags, body = av
        return [] if add_flags or del_flags else _needs_seq(body)
    if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT) and av[0] >= 1:
        return _needs_seq(av[2])
    if op is _sre.BRANCH:           # one of the alternatives matched: one of their needs holds
        out: set[str] = set()
        for alt in av[1]:
            needs = _needs_seq(alt)
            if not needs:
                return []
            out |= max(needs, key=lambda n: (min(map(len, n)), -len(n)))
        return [_minimal(out)]
    e = _exact(op, av)
    return [e] if e is not None and "" not in e else []


def _needs_seq(items) -> list[frozenset[str]]:
    """Needs of a sequence: runs of fixed strings joined (⟨ + Park|Region + : = ⟨Park:, ⟨Region:),
    and the needs of each part that must match at least once."""
    needs: list[frozenset[str]] = []
    run: set[str] = {""}

    def close() -> None:
        if "" not in run:
            needs.append(_minimal(run))

    for op, av in items:
        e = _exact(op, av)
        if e is not None:
            joined = {a + b for a in run for b in e}
            if len(joined) <= _EXACT_LIMIT:
                run = joined
            else:
                close()
                run = set(e)
            continue
        close()
        run = {""}
        needs.extend(_needs_node(op, av))     # zero-width and other parts: their own needs only
    close()
    return needs


def _groups(pat: Pattern, m: re.Match, slots: list[Slot], masked: str, actor: list[tuple], event_by_head):
    groups: dict[str, list[tuple]] = {}
    if "E" in pat.regex.groupindex:             # 出席签约仪式: the article's event that this names
        event = event_by_head(m.group("E"))
        if event is None:
            return None
        groups["E"] = [event]
    if m.group("S") if "S" in pat.regex.groupindex else None:
        if masked[max(0, m.start("S") - 1):m.start("S")] in _LOCATIVE:
            return None            # 在北京举办: a place, not the subject
    for name in pat.regex.groupindex:
        if name == "E":
            continue
        types = pat.types.get(name)
        members = captured(m, name, types)
        if types and "Person" in types:
            members = [i for i in members if not _affiliation(slots, i, masked)]
        if name == "S" and name in pat.optional:
            members = [i for i in members if not _one_of(masked, i)]     # 最大的X之一: what S is, not S
        keys = [slots[i].key for i in members]
        if not keys and name in pat.optional:
            types = pat.optional[name]
            start = m.start() + (1 if masked[m.start():m.start() + 1] in ("，", ",") else 0)
            if _clause_subject(masked, start, slots, types):
                return None        # the clause names its own subject: the pattern matched too late
            if _LED.search(masked[:start]):
                return None        # 张三率领…代表团，赴…开展…: the delegation acts (lead-to-organize), not the paragraph
            keys = [k for k in actor if k[0] in types]
            if not keys:
                return None
        groups[name] = keys
    return groups


_LED = re.compile(r"(?:率领|带领|率)(?:着)?⟨Organization:\d+⟩[^。；;！？]*$")


def _scope(pat: Pattern, masked: str, pos: int) -> str:
    return _two_clauses_before(masked, pos) if pat.unless_wide else clause_before(masked, pos)


def _two_clauses_before(masked: str, pos: int) -> str:
    """The clause before ``pos`` and the one before it: where words that cancel a pattern stand."""
    start = pos - len(clause_before(masked, pos))
    if start <= 0:
        return masked[:pos]
    return masked[start - 1 - len(clause_before(masked, start - 1)):pos]


def _clause_subject(masked: str, pos: int, slots: list[Slot], types: tuple[str, ...]) -> tuple | None:
    """The first mention of ``types`` in the clause before ``pos`` (not a place after 在/于):
    a clause that names its own subject does not take the paragraph's."""
    start = pos - len(clause_before(masked, pos))
    for m in re.finditer(r"⟨(\w+):(\d+)⟩", masked[start:pos]):
        if m.group(1) in types and masked[start + m.start() - 1:start + m.start()] not in _LOCATIVE \
                and not masked.startswith("之一", start + m.end()):
            return slots[int(m.group(2))].key
    return None


def _one_of(masked: str, i: int) -> bool:
    m = re.search(rf"⟨\w+:{i}⟩", masked)
    return bool(m and masked.startswith("之一", m.end()))


def _affiliation(slots: list[Slot], i: int, masked: str) -> bool:
    """An organisation named right before a title (and a person): 海航集团董事长陈峰, 区委书记、…李毅."""
    if slots[i].type == "Person" or i + 1 >= len(slots):
        return False
    if slots[i + 1].type == "Person":
        m = re.search(rf"⟨\w+:{i}⟩([^⟨⟩，,。；;]{{0,24}})⟨Person:{i + 1}⟩", masked)
        return bool(m and (m.group(1) == "" or starts_with_title(m.group(1))))
    # 市委常委、区委书记、党工委书记李毅: a chain of bodies, each with its title, before one person
    m = re.search(rf"⟨\w+:{i}⟩((?:[^⟨⟩，,。；;]{{1,12}}、⟨(?:Government|Company|ResearchInstitution|Organization):\d+⟩)+"
                  rf"[^⟨⟩，,。；;]{{1,12}})⟨Person:\d+⟩", masked)
    return bool(m and all(starts_with_title(t) for t in re.split(r"、⟨\w+:\d+⟩", m.group(1))))


def _event_by_head(ctx: Context, s: Sentence, head: str) -> tuple | None:
    """The event of the article a generic noun refers to: 签约仪式 -> the first named ...签约仪式 so far;
    without a match (or a noun), the article's main event: the one it names most, first."""
    best = _event_named(ctx, s, [head, head[-2:]]) if head else None
    if best is None and head and head[:2] in ("签约", "签字", "开工", "揭牌"):
        best = _event_named(ctx, s, [head[:2]], anywhere=True)     # 出席签约仪式 -> …签约专场活动
    return best or _main_event(ctx)


def _main_event(ctx: Context) -> tuple | None:
    """The event the article names most, first; not one it names only for its spirit (学习贯彻…精神)."""
    count: dict[tuple, int] = {}
    for sent in ctx.sentences:
        for x in ctx.slots.get(sent.index, []):
            if x.type == "Event" and not sent.text.startswith("精神", x.end):
                count[x.key] = count.get(x.key, 0) + 1
    return max(count, key=lambda k: count[k]) if count else None    # first of the most named


def _event_named(ctx: Context, s: Sentence, heads: list[str], anywhere: bool = False) -> tuple | None:
    """The first event named so far (else the first named after) with one of ``heads``: an article
    names its event first in full; a later name with the same head is most often the same event
    spelled another way."""
    best = None
    for sent in ctx.sentences:
        if sent.index > s.index and best is not None:
            break
        for x in ctx.slots.get(sent.index, []):
            if x.type == "Event" and any(h in x.key[1] if anywhere else x.key[1].endswith(h) for h in heads):
                best = best or x.key
    return best


def _yield(pat: Pattern, groups: dict[str, list[tuple]], ev: Evidence, date: str | None) -> list[Relation]:
    out = []
    for predicate, a, b in pat.yields:
        left = groups.get(a, [])
        if b is None:
            pairs = [(x, y) for i, x in enumerate(left) for y in left[i + 1:]]
            predicate = "cooperatesWith" if predicate == "pairs" else predicate
        else:
            pairs = [(x, y) for x in left for y in groups.get(b, [])]
        for x, y in pairs:
            if x == y:
                continue
            if predicate == "signed":
                out.extend(_signed(x, y, pat, ev, date))
            elif predicate == "signedThing":
                out.extend(_signed_thing(x, y, ev, date))
            else:
                out.append(Relation(x, predicate, y, [ev], date=date))
    return out


def _signed_thing(x: tuple, y: tuple, ev: Evidence, date: str | None) -> list[Relation]:
    """``x`` signs ``y``, a thing signed: a project (or a project named like a park) -> partyTo;
    an organisation -> cooperatesWith."""
    if x[0] == _PROJECT or x == y:
        return []
    if y[0] in (_PROJECT, "Park"):
        return [Relation(x, "partyTo", y, [ev], date=date)]
    return _signed(x, y, None, ev, date)


def _signed(x: tuple, y: tuple, pat: Pattern, ev: Evidence, date: str | None) -> list[Relation]:
    """Two sides of a signing: an organisation and a project -> partyTo; two organisations -> cooperatesWith."""
    if x[0] == _PROJECT and y[0] == _PROJECT:
        return []
    if y[0] == _PROJECT:
        return [Relation(x, "partyTo", y, [ev], date=date)]
    if x[0] == _PROJECT:
        return [Relation(y, "partyTo", x, [ev], date=date)]
    if not names_agreement(ev.sentence):
        return []       # the same project's contract alone makes no partnership (GUIDELINE, signing)
    return [Relation(x, "cooperatesWith", y, [ev], date=date)]


def names_agreement(text: str) -> bool:
    """Whether a sentence names an agreement between its signatories (协议, 备忘录, 战略合作...)."""
    return any(w in text for w in cues()["agreement_nouns"])
