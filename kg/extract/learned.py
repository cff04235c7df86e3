"""Learned decisions over the grammar's candidates.

The grammar (mentions, patterns, positions) proposes; two linear models trained on annotated
articles (``kg train``, ``kg/train.py``) decide:

* which entities are named, specific things of the class the grammar gave them
  (``data/models/entities.json``);
* which candidate pairs hold which relation (``data/models/relations.json``): pairs of
  entities named in one sentence, a paragraph's or the article's actor and what the
  paragraph lists, the place a paragraph states once and the projects it introduces, and
  every edge a pattern found, each described by generic features (the classes, the trigger
  words between and around them, distance, order, lists, which rule fired).

The features are the same at training and at run time (this module makes both), so a model
is measured on documents it was not trained on (``kg eval --cv``). Without model files the
grammar's own decisions stand.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..model import Document, Entity, Relation, Sentence, Value
from ..resources import data_file
from .actors import Actors
from .context import Context, Slot, build_context
from .relations import _signatures

MODEL_DIR = Path("models")



# ---------------------------------------------------------------- the models
@dataclass(frozen=True)
class LinearModel:
    """A logistic model over named binary features.  A candidate holds when its probability reaches
    the threshold of its group (``relation_group``), or ``threshold`` for a group without one."""

    weights: dict
    bias: float
    threshold: float = 0.5
    thresholds: dict = field(default_factory=dict)

    def probability(self, features) -> float:
        z = self.bias + sum(self.weights.get(f, 0.0) for f in set(features))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def holds(self, probability: float, group: str = "") -> bool:
        return probability >= self.thresholds.get(group, self.threshold)

    def to_json(self) -> str:
        body = {"bias": self.bias, "threshold": self.threshold,
                "thresholds": {k: self.thresholds[k] for k in sorted(self.thresholds)},
                "weights": {k: self.weights[k] for k in sorted(self.weights)}}
        return json.dumps(body, ensure_ascii=False, indent=0, sort_keys=True) + "\n"

    @classmethod
    def from_json(cls, text: str) -> "LinearModel":
        d = json.loads(text)
        return cls(dict(d["weights"]), float(d["bias"]), float(d.get("threshold", 0.5)),
                   {k: float(v) for k, v in d.get("thresholds", {}).items()})


def relation_group(proposed_by_rule: bool) -> str:
    """Candidates a grammar rule proposed are judged apart from the others."""
    return "rule" if proposed_by_rule else "new"


def model_path(name: str) -> Path:
    return data_file(str(MODEL_DIR / f"{name}.json"))


@lru_cache(maxsize=None)
def load_model(name: str) -> LinearModel | None:
    path = model_path(name)
    if not path.is_file():
        return None
    return LinearModel.from_json(path.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def cue_words() -> tuple[str, ...]:
    rows = data_file("relation_cues.txt").read_text(encoding="utf-8").splitlines()
    return tuple(sorted({w.strip() for w in rows if w.strip() and not w.startswith("#")}, key=lambda w: (-len(w), w)))


def _cues(text: str) -> set[str]:
    return {w for w in cue_words() if w in text}


def _bucket(n: int, edges=(0, 1, 2, 3, 5, 8, 13, 21, 34)) -> str:
    for e in edges:
        if n <= e:
            return str(e)
    return "more"


# ---------------------------------------------------------------- entities
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
    shown = sum(1 for slots in ctx.slots.values() for x in slots if x.key == e.key)
    f.append(f"shown={'none' if not shown else 'all' if shown >= len(e.mentions) else 'some'}|{t}")
    text = ctx.doc.text
    for m in e.mentions[:3]:
        f.append(f"left1={text[m.start - 1:m.start] if m.start else '^'}|{t}")
        f.append(f"right1={text[m.end:m.end + 1]}|{t}")
    return f


# ---------------------------------------------------------------- relation candidates
@dataclass
class Candidate:
    subject: tuple
    predicate: str
    object: tuple
    features: set
    sentence: Sentence | None = None       # where the pair is stated closest


def _admits(predicate: str, s: tuple, o: tuple) -> bool:
    subjects, objects = _signatures()[predicate]
    return s[0] in subjects and o[0] in objects and s != o


def _predicates_for(s: tuple, o: tuple) -> list[str]:
    return [p for p in sorted(_signatures()) if _admits(p, s, o)]


def _place_level(label: str) -> str:
    return label[-1:] if label else ""


def _pair_features(p: str, x: Slot, y: Slot, s: Sentence, slots: list[Slot]) -> set[str]:
    tx, ty = x.type, y.type
    first, last = (x, y) if x.start <= y.start else (y, x)
    between = s.text[first.end:last.start]
    f = {"scope=sentence", f"order={'sx' if first is x else 'xs'}",
         f"gap={_bucket(len(between))}", f"commas={min(between.count('，') + between.count(','), 3)}"}
    if between in ("、", "和", "与", "及", "以及", "，"):
        f.add(f"coord={between}")
    f |= {f"btw:{w}" for w in _cues(between)}
    f |= {f"left:{w}" for w in _cues(s.text[max(0, first.start - 6):first.start])}
    f |= {f"right:{w}" for w in _cues(s.text[last.end:last.end + 8])}
    f |= {f"sent:{w}" for w in _cues(s.text)}
    inside = [z for z in slots if first.end <= z.start and z.end <= last.start]
    f |= {f"btw_type={z.type}" for z in inside}
    if not any(z.type == tx for z in inside):
        f.add("no_same_x_between")
    if not any(z.type == ty for z in inside):
        f.add("no_same_y_between")
    xs = [z for z in slots if z.type == tx and z.key != x.key]
    if all(abs(z.start - y.start) > abs(x.start - y.start) for z in xs):
        f.add("x_nearest")
    ys = [z for z in slots if z.type == ty and z.key != y.key]
    if all(abs(z.start - x.start) > abs(x.start - y.start) for z in ys):
        f.add("y_nearest")
    if slots and slots[0].key == x.key:
        f.add("x_first_in_sentence")
    return f


def _add(found: dict, s: tuple, p: str, o: tuple, feats: set[str], sentence: Sentence | None) -> None:
    key = (s, p, o)
    c = found.get(key)
    if c is None:
        found[key] = Candidate(s, p, o, set(feats), sentence)
    else:
        c.features |= feats
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
        for i, x in enumerate(slots):
            for y in slots:
                if x.key == y.key:
                    continue
                for p in _predicates_for(x.key, y.key):
                    _add(found, x.key, p, y.key, _pair_features(p, x, y, s, slots), s)
        here = {x.key for x in slots}
        for a in actor:
            for y in slots:
                for p in _predicates_for(a, y.key):
                    if a in here:
                        continue
                    feats = {"scope=actor", f"actor_doc={a in doc_actor}"} | {f"sent:{w}" for w in _cues(s.text)}
                    _add(found, a, p, y.key, feats, s)
        places = para_places.setdefault(s.paragraph, [])
        for y in slots:
            if y.type in ("Project", "Company"):
                for z in places:
                    if z.key not in here and _admits("locatedIn", y.key, z.key):
                        feats = {"scope=paragraph", f"zlevel={_place_level(z.key[1])}",
                                 f"z_last_place={z is places[-1]}"} | {f"sent:{w}" for w in _cues(s.text)}
                        _add(found, y.key, "locatedIn", z.key, feats, s)
        places.extend(x for x in slots if x.type in ("Region", "Park"))
    _add_distant_pairs(ctx, found, doc_actor)
    by_pair: dict[frozenset, set[str]] = {}
    for r in rules:
        by_pair.setdefault(frozenset((r.subject, r.object)), set()).add(r.predicate)
        feats = {f"rule={ev.extractor}" for ev in r.evidence} | {"rule"}
        _add(found, r.subject, r.predicate, r.object, feats, None)
    for c in found.values():
        c.features |= {f"rule_other={q}" for q in by_pair.get(frozenset((c.subject, c.object)), ()) if q != c.predicate}
    out = []
    for key in sorted(found, key=str):
        c = found[key]
        f = c.features
        f.add(f"doc_actor_s={c.subject in doc_actor}")
        if c.predicate == "locatedIn":
            f.add(f"olevel={_place_level(c.object[1])}")
        typed = f"{c.predicate}|{c.subject[0]}|{c.object[0]}"
        c.features = {typed} | {f"{c.predicate}|{x}" for x in f} | {f"{typed}|{x}" for x in f if not x.startswith(("sent:", "left:", "right:"))}
        out.append(c)
    return out


@dataclass
class _Presence:
    """Where an entity is named in the article."""

    sentences: list[int]
    paragraphs: set[int]
    rank: int                   # 1 for the most-named entity of its class, 2 for the next…
    of_class: int               # how many entities of its class the article names
    place_rank: int = 0         # the same among all places (regions and parks together)


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


def _add_distant_pairs(ctx: Context, found: dict, doc_actor: set) -> None:
    """Pairs never named in one sentence: the article may still state them once for all (the
    paragraph's place, the article's zone, its one event, its reporting government)."""
    where = _presences(ctx)
    keys = sorted(where, key=str)
    for x in keys:
        wx = where[x]
        first = ctx.sentences[wx.sentences[0]]
        cues = {f"xsent:{w}" for j in wx.sentences[:3] for w in _cues(ctx.sentences[j].text)}
        for y in keys:
            if x == y:
                continue
            preds = [p for p in _predicates_for(x, y) if (x, p, y) not in found]
            if not preds:
                continue
            wy = where[y]
            scope = "paragraph" if wx.paragraphs & wy.paragraphs else "document"
            gap = min(abs(i - j) for i in wx.sentences for j in wy.sentences)
            feats = {f"scope={scope}", f"sgap={_bucket(gap)}", f"yplace={min(wy.place_rank, 3)}", f"yrank={min(wy.rank, 3)}", f"xrank={min(wx.rank, 3)}",
                     f"yof={min(wy.of_class, 3)}", f"y_before={wy.sentences[0] < wx.sentences[0]}",
                     f"y_in_title={0 in wy.sentences}", f"x_doc_actor={x in doc_actor}", f"y_doc_actor={y in doc_actor}"}
            feats |= {f"{scope}&{f}" for f in feats if not f.startswith("scope=")}
            ycues = {f"ysent:{w}" for j in wy.sentences[:3] for w in _cues(ctx.sentences[j].text)}
            feats |= cues | ycues
            for p in preds:
                _add(found, x, p, y, feats, first)


# ---------------------------------------------------------------- deciding
def decide(doc: Document, sentences: list[Sentence], entities: list[Entity], relations: list[Relation],
           values: list[Value]) -> tuple[list[Entity], list[Relation], list[Value], list[tuple[str, str, float]]]:
    """The models' verdict on the grammar's entities and on every candidate relation.

    Returns the entities kept, the relations held, the values of kept entities, and the
    entities held back (surface, reason, probability) for review."""
    return decide_with(doc, sentences, entities, relations, values, load_model("entities"), load_model("relations"))


def decide_with(doc: Document, sentences: list[Sentence], entities: list[Entity], relations: list[Relation],
                values: list[Value], ent_model: LinearModel | None, rel_model: LinearModel | None
                ) -> tuple[list[Entity], list[Relation], list[Value], list[tuple[str, str, float]]]:
    if ent_model is None and rel_model is None:
        return entities, relations, values, []
    ctx = build_context(doc, sentences, entities)
    held: list[tuple[str, str, float]] = []
    if ent_model is not None:
        kept = []
        for e in entities:
            p = ent_model.probability(entity_features(e, ctx))
            if ent_model.holds(p):
                kept.append(e)
            else:
                held.append((e.label, f"model: not a named {e.type}", round(p, 3)))
        keys = {e.key for e in kept}
        entities = kept
        relations = [r for r in relations if r.subject in keys and r.object in keys]
        values = [v for v in values if v.entity is None or v.entity in keys]
        ctx = build_context(doc, sentences, entities)
    if rel_model is not None:
        relations = _held_relations(ctx, relations, rel_model)
    return entities, relations, values, held


def _held_relations(ctx: Context, rules: list[Relation], model: LinearModel) -> list[Relation]:
    by_key = {(r.subject, r.predicate, r.object): r for r in rules}
    out = []
    for c in relation_candidates(ctx, rules):
        p = model.probability(c.features)
        r = by_key.get((c.subject, c.predicate, c.object))
        if not model.holds(p, relation_group(r is not None)):
            continue
        if r is None:
            s = c.sentence or _first_sentence(ctx, c.object) or ctx.sentences[0]
            r = Relation(c.subject, c.predicate, c.object, [ctx.evidence(s, "learned", round(p, 3))])
        out.append(r)
    return sorted(out, key=lambda r: (r.predicate, str(r.subject), str(r.object)))


def _first_sentence(ctx: Context, key: tuple) -> Sentence | None:
    for s in ctx.sentences:
        if any(x.key == key for x in ctx.slots.get(s.index, [])):
            return s
    return None
