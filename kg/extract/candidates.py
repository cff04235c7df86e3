"""What the learned decisions (``kg/extract/learned.py``) see: generic features of an entity, and
every pair of entities the article could state a relation between, with what the text says of it.

The same features at training (``kg/eval/training.py``) and at run time; no feature is a name.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

from ..model import SYMMETRIC, Entity, Relation, Sentence
from .actors import Actors
from .context import Context, Slot
from .lexicon import relation_cues, suffix_of
from .relations import _signatures


@lru_cache(maxsize=1)
def _cue_pattern() -> re.Pattern:
    # a lookahead finds the longest cue starting at every position, overlapping ones included
    return re.compile("(?=(" + "|".join(re.escape(w) for w in relation_cues()) + "))")


@lru_cache(maxsize=8192)
def _cues(text: str) -> frozenset[str]:
    return frozenset(w for _, _, w in _cue_spans(text))


@lru_cache(maxsize=4096)
def _cue_spans(text: str) -> tuple[tuple[int, int, str], ...]:
    """(start, end, word) of every trigger word in ``text``."""
    return tuple((m.start(), m.start() + len(m.group(1)), m.group(1)) for m in _cue_pattern().finditer(text))


@lru_cache(maxsize=1024)
def _cue_marks(text: str) -> tuple[list[int], tuple[tuple[int, int, str, str, str], ...]]:
    """``_cue_spans`` in the same order (ascending starts), with the starts apart for ``bisect`` and each
    word's three feature names made once: (starts, ((start, end, btw:w, left:w, right:w), ...))."""
    spans = _cue_spans(text)
    return [a for a, _, _ in spans], tuple((a, b, f"btw:{w}", f"left:{w}", f"right:{w}") for a, b, w in spans)


def _bucket(n: int, edges=(0, 1, 2, 3, 5, 8, 13, 21, 34)) -> str:
    for e in edges:
        if n <= e:
            return str(e)
    return "more"


# ---------------------------------------------------------------- entities
def _shown(ctx: Context) -> dict[tuple, int]:
    """Entity -> how many of its mentions the article's sentences show (the longest of overlapping
    mentions are shown), counted once per context."""
    counts = ctx.__dict__.get("_shown")
    if counts is None:
        counts = {}
        for slots in ctx.slots.values():
            for x in slots:
                counts[x.key] = counts.get(x.key, 0) + 1
        ctx.__dict__["_shown"] = counts
    return counts


TAG_P = (0.05, 0.2, 0.4, 0.6, 0.8, 0.95)   # buckets of the tagger's confidence in a name


def _tag_p(e: Entity) -> float:
    """The name tagger's confidence in the best of an entity's mentions."""
    return max((m.tag_p for m in e.mentions), default=0.0)


def entity_features(e: Entity, ctx: Context) -> list[str]:
    t = e.type
    label = e.label
    rules = sorted({(m.rule or "none").split(":")[0] for m in e.mentions}) or ["none"]
    f = [f"t={t}", f"len={_bucket(len(label), (2, 3, 4, 5, 6, 8, 10, 14))}|{t}",
         f"end1={label[-1:]}|{t}", f"end2={label[-2:]}|{t}",
         f"mentions={_bucket(len(e.mentions), (1, 2, 3, 5))}|{t}",
         f"aliases={min(len(e.aliases), 2)}|{t}", f"scoped={e.scope is not None}|{t}"]
    f += [f"rule={r}|{t}" for r in rules]
    f += [f"rulefull={m.rule}|{t}" for m in e.mentions[:1] if m.rule]
    if any(c.isdigit() for c in label):
        f.append(f"digit|{t}")
    if any("a" <= c.lower() <= "z" for c in label):
        f.append(f"latin|{t}")
    sents = sorted({m.sentence for m in e.mentions})
    if sents and sents[0] == 0:
        f.append(f"in_first_sentence|{t}")
    if sents and sents[-1] == 0:
        f.append(f"only_first_sentence|{t}")
    tagged = sum(m.tagged for m in e.mentions)
    f.append(f"tagged={'none' if not tagged else 'all' if tagged == len(e.mentions) else 'some'}|{t}")
    f.append(f"tag_p={_bucket(_tag_p(e), TAG_P)}|{t}")
    shown = _shown(ctx).get(e.key, 0)
    f.append(f"shown={'none' if not shown else 'all' if shown >= len(e.mentions) else 'some'}|{t}")
    text = ctx.doc.text
    for m in e.mentions[:3]:
        f.append(f"left1={text[m.start - 1:m.start] if m.start else '^'}|{t}")
        f.append(f"right1={text[m.end:m.end + 1]}|{t}")
    return f


# ---------------------------------------------------------------- relation candidates
@dataclass
class Candidate:
    """A pair the article could state, and what the text says of it: ``struct`` (scope, distance,
    order, ranks, rules; weighed by predicate and classes), ``lex`` (trigger words between and
    around the two names; weighed by predicate) and ``bags`` (the trigger words of whole
    sentences, shared by every pair of a sentence: prefix -> words)."""

    subject: tuple
    predicate: str
    object: tuple
    struct: set = field(default_factory=set)
    lex: set = field(default_factory=set)
    bags: dict = field(default_factory=dict)
    sentence: Sentence | None = None       # where the pair is stated closest

    @property
    def typed(self) -> str:
        return f"{self.predicate}|{self.subject[0]}|{self.object[0]}"

    @property
    def features(self) -> set[str]:
        return self.struct | self.lex | {f"{k}:{w}" for k, bag in self.bags.items() for w in bag}

    def names(self) -> list[str]:
        """The model's feature names: words by predicate (shared by its classes), the rest both by
        predicate and by predicate and classes."""
        typed, p = self.typed, self.predicate
        return sorted({f"{typed}|bias"} | {f"{typed}|{x}" for x in self.struct} | {f"{p}|{x}" for x in self.struct}
                      | {f"{p}|{x}" for x in self.lex}
                      | {f"{p}|{k}:{w}" for k, bag in self.bags.items() for w in bag})


def _admits(predicate: str, s: tuple, o: tuple) -> bool:
    subjects, objects = _signatures()[predicate]
    return s[0] in subjects and o[0] in objects and s != o


def _predicates_for(s: tuple, o: tuple) -> tuple[str, ...]:
    return () if s == o else _predicates_between(s[0], o[0])


# Too rare in the gold to learn (dev: 3 subsidiaryOf among 976 pairs, no leads): the grammar decides them alone.
UNLEARNED = frozenset({"leads", "subsidiaryOf"})


@lru_cache(maxsize=None)
def _predicates_between(stype: str, otype: str) -> tuple[str, ...]:
    return tuple(p for p in sorted(_signatures()) if p not in UNLEARNED
                 and stype in _signatures()[p][0] and otype in _signatures()[p][1])


def _place_level(label: str) -> str:
    return label[-1:] if label else ""


def _pair_features(first: Slot, last: Slot, s: Sentence, slots: list[Slot]) -> tuple[set[str], set[str], tuple]:
    """What two names in one sentence share whichever is the subject: (struct, lex), and
    (first is nearest to last among its class, last nearest to first) for the order-bound features."""
    between = s.text[first.end:last.start]
    f = {"scope=sentence", f"gap={_bucket(len(between))}", f"commas={min(between.count('，') + between.count(','), 3)}"}
    if between in ("、", "和", "与", "及", "以及", "，"):
        f.add(f"coord={between}")
    lex = set()
    starts, marks = _cue_marks(s.text)
    # only words starting from 6 before the first name to 8 after the last can be left, between or right
    for a, b, btw, left, right in marks[bisect_left(starts, first.start - 6):bisect_right(starts, last.end + 8)]:
        if first.end <= a and b <= last.start:
            lex.add(btw)
        elif first.start - 6 <= a and b <= first.start:
            lex.add(left)
        elif last.end <= a and b <= last.end + 8:
            lex.add(right)
    reach = last.start - first.start
    first_nearest = last_nearest = True
    for z in slots:
        if first.end <= z.start and z.end <= last.start:
            f.add(f"btw_type={z.type}")
        if z.type == first.type and z.key != first.key and abs(z.start - last.start) <= reach:
            first_nearest = False
        if z.type == last.type and z.key != last.key and abs(z.start - first.start) <= reach:
            last_nearest = False
    return f, lex, (first_nearest, last_nearest)


def _oriented(shared: set[str], x: Slot, y: Slot, x_first: bool, nearest: tuple, slots: list[Slot]) -> set[str]:
    """The pair's features with ``x`` as the subject."""
    x_nearest, y_nearest = nearest if x_first else nearest[::-1]
    f = shared | {f"order={'sx' if x_first else 'xs'}"}
    if f"btw_type={x.type}" not in shared:
        f.add("no_same_x_between")
    if f"btw_type={y.type}" not in shared:
        f.add("no_same_y_between")
    if x_nearest:
        f.add("x_nearest")
    if y_nearest:
        f.add("y_nearest")
    if slots[0].key == x.key:
        f.add("x_first_in_sentence")
    return f


def candidate_key(s: tuple, p: str, o: tuple) -> tuple:
    """(subject, predicate, object), a symmetric predicate's two ends in one order."""
    return (o, p, s) if p in SYMMETRIC and str(s) > str(o) else (s, p, o)


def _add(found: dict, s: tuple, p: str, o: tuple, struct: set[str], lex: set[str] = frozenset(),
         bags: dict | None = None, sentence: Sentence | None = None) -> None:
    s, p, o = candidate_key(s, p, o)
    c = found.get((s, p, o))
    if c is None:
        c = found[(s, p, o)] = Candidate(s, p, o, sentence=sentence)
    c.struct |= struct
    c.lex |= lex
    for k, bag in (bags or {}).items():
        mine = c.bags.get(k)
        c.bags[k] = bag if mine is None or mine is bag else mine | bag
    if c.sentence is None:
        c.sentence = sentence


def relation_candidates(ctx: Context, rules: list[Relation]) -> list[Candidate]:
    """Every pair the article could state, with what the text says around it."""
    actors = Actors(ctx)
    found: dict[tuple, Candidate] = {}
    doc_actor = set(actors.document)
    para_places: dict[int, list[Slot]] = {}
    for s in ctx.sentences:
        slots = ctx.slots.get(s.index, [])
        actor = actors.actor(s, slots)
        bags = {"sent": _cues(s.text)}
        for i, first in enumerate(slots):
            for last in slots[i + 1:]:
                forward, backward = _predicates_for(first.key, last.key), _predicates_for(last.key, first.key)
                if not forward and not backward:
                    continue
                shared, lex, nearest = _pair_features(first, last, s, slots)
                for x, y, preds, x_first in ((first, last, forward, True), (last, first, backward, False)):
                    if preds:
                        struct = _oriented(shared, x, y, x_first, nearest, slots)
                        for p in preds:
                            _add(found, x.key, p, y.key, struct, lex, bags, s)
        here = {x.key for x in slots}
        for a in actor:
            if a in here:
                continue
            for y in slots:
                for p in _predicates_for(a, y.key):
                    _add(found, a, p, y.key, {"scope=actor", f"actor_doc={a in doc_actor}"}, bags=bags, sentence=s)
        places = para_places.setdefault(s.paragraph, [])
        for y in slots:
            if y.type in ("Project", "Company"):
                for z in places:
                    if z.key not in here and _admits("locatedIn", y.key, z.key):
                        struct = {"scope=paragraph", f"zlevel={_place_level(z.key[1])}", f"z_last_place={z is places[-1]}"}
                        _add(found, y.key, "locatedIn", z.key, struct, bags=bags, sentence=s)
        places.extend(x for x in slots if x.type in ("Region", "Park"))
    _add_distant_pairs(ctx, found, doc_actor)
    by_pair: dict[frozenset, set[str]] = {}
    for r in rules:
        by_pair.setdefault(frozenset((r.subject, r.object)), set()).add(r.predicate)
        _add(found, r.subject, r.predicate, r.object, {f"rule={ev.extractor}" for ev in r.evidence} | {"rule"})
    sure = _tagger_confidence(ctx)
    out = []
    for key in sorted(found, key=str):
        c = found[key]
        c.struct |= {f"rule_other={q}" for q in by_pair.get(frozenset((c.subject, c.object)), ()) if q != c.predicate}
        c.struct.add(f"doc_actor_s={c.subject in doc_actor}")
        c.struct.add(f"s_tag={sure.get(c.subject, '0')}")
        c.struct.add(f"o_tag={sure.get(c.object, '0')}")
        if c.predicate == "locatedIn":
            c.struct.add(f"olevel={_place_level(c.object[1])}")
        out.append(c)
    return out


def _tagger_confidence(ctx: Context) -> dict[tuple, str]:
    """Each entity's best confidence from the name tagger, coarsely bucketed: a pair with an end the
    tagger doubts is less likely to hold."""
    return {e.key: _bucket(_tag_p(e), ENDS_TAG_P) for e in ctx.entities}


ENDS_TAG_P = (0.2, 0.6, 0.9)


@dataclass
class _Presence:
    """Where an entity is named in the article."""

    sentences: list[int]
    paragraphs: set[int]
    rank: int                   # 1 for the most-named entity of its class, 2 for the next…
    of_class: int               # how many entities of its class the article names
    place_rank: int = 0         # the same among all places (regions and parks together)
    words: frozenset | None = None

    def cues(self, ctx: Context) -> frozenset:
        """The trigger words of the first three sentences that name it."""
        if self.words is None:
            self.words = frozenset().union(*(_cues(ctx.sentences[j].text) for j in self.sentences[:3]))
        return self.words


def _presences(ctx: Context) -> dict[tuple, _Presence]:
    seen: dict[tuple, list[int]] = {}
    for s in ctx.sentences:
        for x in ctx.slots.get(s.index, []):
            seen.setdefault(x.key, []).append(s.index)
    by_class: dict[str, list[tuple]] = {}
    for key in sorted(seen, key=lambda k: (-len(seen[k]), seen[k][0], str(k))):
        by_class.setdefault(key[0] if key[0] not in _PLACES else "place", []).append(key)
    out = {}
    for cls, keys in by_class.items():
        for i, key in enumerate(keys):
            same = [k for k in keys if k[0] == key[0]]
            out[key] = _Presence(seen[key], {ctx.sentences[j].paragraph for j in seen[key]}, same.index(key) + 1,
                                 len(same), i + 1 if cls == "place" else 0)
    return out


_PLACES = ("Region", "Park")
# What an article states once for all it lists: the place, the reporting actor, the event.  Only its
# leading places and actors (by how often it names them) are candidates: the dev gold's pairs never
# named together hold almost nowhere else, and fewer candidates keep a build fast.
DISTANT = frozenset({"locatedIn", "partyTo", "participatesIn"})
_LEADING = {"locatedIn": ("object", 2), "partyTo": ("subject", 2), "participatesIn": ("object", 3)}


def _leading(p: str, x: "_Presence", y: "_Presence") -> bool:
    side, most = _LEADING[p]
    return (y if side == "object" else x).rank <= most


def _add_distant_pairs(ctx: Context, found: dict, doc_actor: set) -> None:
    """Pairs never named in one sentence: the article may still state them once for all (the
    paragraph's place, the article's zone, its one event, its reporting government)."""
    where = _presences(ctx)
    by_class: dict[str, list[tuple]] = {}
    for key in sorted(where, key=str):
        by_class.setdefault(key[0], []).append(key)
    for cx in sorted(by_class):
        for cy in sorted(by_class):
            preds_of_classes = [p for p in _predicates_between(cx, cy) if p in DISTANT]
            if preds_of_classes:
                for x in by_class[cx]:
                    for y in by_class[cy]:
                        preds = [p for p in preds_of_classes if x != y and (x, p, y) not in found
                                 and _leading(p, where[x], where[y])]
                        if preds:
                            _add_distant(ctx, found, doc_actor, where, x, y, preds)


@lru_cache(maxsize=4096)
def _distant_features(scope, gap, yplace, yrank, xrank, yof, y_before, y_in_title, x_actor, y_actor) -> frozenset:
    feats = {f"sgap={gap}", f"yplace={yplace}", f"yrank={yrank}", f"xrank={xrank}", f"yof={yof}",
             f"y_before={y_before}", f"y_in_title={y_in_title}", f"x_doc_actor={x_actor}", f"y_doc_actor={y_actor}"}
    return frozenset(feats | {f"{scope}&{f}" for f in feats} | {f"scope={scope}"})


def _add_distant(ctx: Context, found: dict, doc_actor: set, where: dict, x: tuple, y: tuple, preds: list[str]) -> None:
    wx, wy = where[x], where[y]
    first = ctx.sentences[wx.sentences[0]]
    facts = ("paragraph" if wx.paragraphs & wy.paragraphs else "document",
             _bucket(min(abs(i - j) for i in wx.sentences for j in wy.sentences)),
             min(wy.place_rank, 3), min(wy.rank, 3), min(wx.rank, 3), min(wy.of_class, 3),
             wy.sentences[0] < wx.sentences[0], 0 in wy.sentences, x in doc_actor, y in doc_actor)
    feats = _distant_features(*facts)
    if _named_again_by_kind(ctx, wx.sentences[:3], y):
        feats = feats | {"y_kind_near_x"}
    if y[0] in _PLACES and _pointed_at(ctx, wx.sentences[:3], y):
        feats = feats | {"y_deixis_near_x"}
    bags = {"xsent": wx.cues(ctx), "ysent": wy.cues(ctx)}
    for p in preds:
        _add(found, x, p, y, feats, bags=bags, sentence=first)


_AT_THE_MEETING = ("会上", "会议上", "会议期间", "会期")


def _named_again_by_kind(ctx: Context, sentences: list[int], y: tuple) -> bool:
    """Whether a sentence naming x speaks of y by its kind alone (出席签字仪式 for the article's
    签字仪式, 园区 for its 产业园, 会上 for its 推介会): the suffix y's name ends in, outside y's name."""
    kind = suffix_of(y[1])
    if not kind or kind == y[1]:
        return False
    for j in sentences:
        text = ctx.sentences[j].text
        if text.count(kind) > text.count(y[1]) or (kind.endswith("会") and any(w in text for w in _AT_THE_MEETING)):
            return True
    return False


_DEICTIC = "我本全该此"


def _pointed_at(ctx: Context, sentences: list[int], y: tuple) -> bool:
    """Whether a sentence naming x points at a place of y's level (我市, 全区, 该县 for a 市, 区, 县):
    what a report says of its own city or zone."""
    level = y[1][-1:]
    if not level:
        return False
    words = [d + level for d in _DEICTIC]
    return any(w in ctx.sentences[j].text for j in sentences for w in words)
