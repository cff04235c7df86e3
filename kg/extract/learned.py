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
from itertools import repeat
from pathlib import Path

from ..model import HELD_BACK, Document, Entity, Relation, Sentence, Value
from ..resources import data_file
from .candidates import UNLEARNED, Candidate, candidate_key, entity_features, relation_candidates
from .context import Context, build_context

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
        return _sigmoid(self.bias + sum(self.weights.get(f, 0.0) for f in set(features)))

    def candidate_probability(self, c: Candidate, bag_sums: dict) -> float:
        """``probability(c.names())`` without making the names (the build's hot path); a sentence's
        trigger words are summed once for all its pairs (``bag_sums``, one per article)."""
        by_word = self._prefixed(c.predicate)
        typed = f"{c.predicate}|{c.subject[0]}|{c.object[0]}"
        by_class, both = self._prefixed(typed), self._both(c.predicate, typed)
        z = (self.bias + by_class.get("bias", 0.0) + sum(map(both.get, c.struct, repeat(0.0)))
             + sum(map(by_word.get, c.lex, repeat(0.0))))
        for kind, bag in c.bags.items():
            key = (c.predicate, kind, bag)
            part = bag_sums.get(key)
            if part is None:
                part = bag_sums[key] = sum(by_word.get(f"{kind}:{w}", 0.0) for w in bag)
            z += part
        return _sigmoid(z)

    def _prefixed(self, prefix: str) -> dict:
        return self._nested().get(prefix, {})

    def _both(self, predicate: str, typed: str) -> dict:
        """A structural feature's weight by classes plus its weight by predicate (the same float
        ``by_class.get(x, 0.0) + by_word.get(x, 0.0)`` as summed one at a time), per (predicate, classes)."""
        cache = self.__dict__.get("_both_cache")
        if cache is None:
            cache = {}
            object.__setattr__(self, "_both_cache", cache)
        both = cache.get(typed)
        if both is None:
            by_word, by_class = self._prefixed(predicate), self._prefixed(typed)
            both = cache[typed] = {x: by_class.get(x, 0.0) + by_word.get(x, 0.0) for x in {*by_word, *by_class}}
        return both

    def _nested(self) -> dict:
        nested = self.__dict__.get("_by_prefix")
        if nested is None:
            nested = {}
            for name, w in self.weights.items():
                head, _, word = name.rpartition("|")
                nested.setdefault(head, {})[word] = w
            object.__setattr__(self, "_by_prefix", nested)
        return nested

    def knows_rule(self, c: Candidate) -> bool:
        """Whether the model has weighed a rule that proposed ``c`` (seen often enough in training):
        a rule it never saw fire is no evidence, so its pair is judged like any other."""
        return self.weighs_a_rule(f"{c.predicate}|{x}" for x in c.struct if x.startswith("rule="))

    def weighs_a_rule(self, names) -> bool:
        """Whether any of these feature names is a rule's, by predicate (``investsIn|rule=…``), that
        the model has a weight for; the same test at training (``kg.eval.training``) and at run time."""
        return any(n in self.weights for n in names if "|rule=" in n and n.count("|") == 1)

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


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


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
                e.confidence = round(p, 3)
                kept.append(e)
            else:
                held.append((e.label, f"{HELD_BACK}not a named {e.type}", round(p, 3)))
        if len(kept) < len(entities):
            keys = {e.key for e in kept}
            entities = kept
            relations = [r for r in relations if r.subject in keys and r.object in keys]
            values = [v for v in values if not v.entity or v.entity[0] == "Document" or v.entity in keys]
            ctx = build_context(doc, sentences, entities)
    if rel_model is not None:
        relations = _held_relations(ctx, relations, rel_model)
    return entities, relations, values, held


def _held_relations(ctx: Context, rules: list[Relation], model: LinearModel) -> list[Relation]:
    by_key = {candidate_key(r.subject, r.predicate, r.object): r for r in rules}
    out = []
    bag_sums: dict = {}
    for c in relation_candidates(ctx, rules):
        r = by_key.get((c.subject, c.predicate, c.object))
        if c.predicate in UNLEARNED:
            if r is not None:
                out.append(r)
            continue
        p = model.candidate_probability(c, bag_sums)
        if not model.holds(p, relation_group(r is not None and model.knows_rule(c))):
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
