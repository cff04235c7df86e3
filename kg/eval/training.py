"""Train the learned decisions (``kg/learned.py``) from gold annotations, and measure them on
documents they were not trained on.

    kg train GOLD... --input CORPUS...            # rebuilds kg/data/models/*.json, byte for byte
    kg eval --cv 5 GOLD... --input CORPUS...      # K folds by document: train on K-1, score the rest

Gold is the JSON of ``../shared/eval/GUIDELINE.md`` (one file per article, ``doc`` naming the
article's file).  Every input is read in sorted order, folds are fixed by document name, and the
learner (scikit-learn's liblinear logistic regression) is deterministic, so the same gold gives
the same model files.
"""
from __future__ import annotations

import json
import os
import statistics
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from ..extract.candidates import UNLEARNED, candidate_key, entity_features, relation_candidates
from ..extract.context import build_context
from ..extract.article import propose
from ..extract import names
from ..extract.names import NameTagger, char_features, gold_labels
from ..extract.tokens import tokenize
from ..read.document import normalise
from ..read.script import simplify
from ..read.sentences import split_sentences
from ..extract.learned import LinearModel, decide_with, model_path, relation_group
from ..model import PREDICATES, Entity, Extraction, Source
from ..read import read_paths
from .scoring import (GoldEntity, evaluate, fold, gold_files, load_gold, match_names, read_graph, relation_key,
                      uncounted)

C = {"entities": 0.5, "relations": 0.25}   # inverse regularisation strength (kg eval --cv: relations 0.25 over 0.5 and 1)
MIN_COUNT = 3                # a feature seen in fewer training examples is left out
L1_RATIO = 0.0              # 1.0 (lasso) keeps the model files small enough to read
THRESHOLDS = tuple(round(0.1 + 0.05 * i, 2) for i in range(13))   # 0.10 … 0.70, chosen by inner CV
FEW_ARTICLES = 20            # below this, kg train warns (on the seeds' 5, CV relations fall 0.73 -> 0.15)
TAGGER_FOLDS = 5            # the name tagger's out-of-fold proposals the models learn from
RULE_THRESHOLDS = (0.02, 0.05, 0.1, 0.2, 0.3)                     # for the candidates a rule proposed


class TrainError(Exception):
    pass


# ---------------------------------------------------------------- the examples of one article
@dataclass
class Article:
    name: str
    extraction: Extraction                     # the grammar's and the tagger's output, before any model
    source: Source | None = None               # the article (kg eval --cv reads it with the grammar alone)
    entity_rows: list[tuple[list[str], int, str]] = field(default_factory=list)     # features, label, group
    relation_rows: list[tuple[list[str], int, str]] = field(default_factory=list)
    gold_counts: Counter = field(default_factory=Counter)   # "Class" / "predicate" -> gold items

    @property
    def gold_relations(self) -> int:
        return sum(n for k, n in self.gold_counts.items() if k in PREDICATES)

    @property
    def gold_entities(self) -> int:
        return sum(n for k, n in self.gold_counts.items() if k not in PREDICATES)


def _gold_entity_of(entities: list[Entity], gold: dict) -> dict[tuple, int]:
    """Entity key -> index of the gold entity it names (class first, as the scorer matches)."""
    golds = [GoldEntity(g["type"], g["name"], {fold(g["name"])} | {fold(a) for a in g.get("aliases", []) if a})
             for g in gold["entities"]]
    mine = {e.key: {"type": e.type, "folded": fold(e.label), "names": {fold(e.label)} | {fold(a) for a in e.aliases}}
            for e in entities}
    return match_names(mine, golds)


def _gold_relations(gold: dict) -> set[tuple]:
    ids = {e["id"]: i for i, e in enumerate(gold["entities"])}
    types = [e["type"] for e in gold["entities"]]
    return {relation_key(ids[r["s"]], r["p"], ids[r["o"]]) for r in gold.get("relations", [])
            if not uncounted(r["p"], types[ids[r["s"]]], types[ids[r["o"]]])}


def _folds(articles: list, k: int):
    """(training articles, held-out articles) of each of ``k`` folds: article i is in fold i mod k."""
    for fold_index in range(k):
        yield ([a for i, a in enumerate(articles) if i % k != fold_index],
               [a for i, a in enumerate(articles) if i % k == fold_index])


def article(source: Source, gold: dict, tagger: NameTagger | None) -> Article:
    ex = propose(source, tagger)
    a = Article(source.name, ex, source=source)
    ctx = build_context(ex.document, ex.sentences, ex.entities)
    g_of = _gold_entity_of(ex.entities, gold)
    types = [g["type"] for g in gold["entities"]]
    for e in ex.entities:
        a.entity_rows.append((entity_features(e, ctx), int(e.key in g_of and types[g_of[e.key]] == e.type), e.type))
    gold_rel = _gold_relations(gold)
    a.gold_counts.update(types)
    a.gold_counts.update(p for _, p, _ in gold_rel)
    proposed = {candidate_key(r.subject, r.predicate, r.object) for r in ex.relations}
    for c in relation_candidates(ctx, ex.relations):
        if c.predicate in UNLEARNED:
            continue
        s, o = g_of.get(c.subject), g_of.get(c.object)
        label = int(s is not None and o is not None and relation_key(s, c.predicate, o) in gold_rel)
        group = relation_group((c.subject, c.predicate, c.object) in proposed)
        a.relation_rows.append((c.names(), label, group))
    return a


@dataclass
class Annotated:
    """An input article, its gold, and its sentences as the name tagger sees them."""
    source: Source
    gold: dict
    sequences: list[tuple[list[list[str]], list[str]]]    # per sentence: character features, gold labels

    @property
    def name(self) -> str:
        return self.source.name


def annotated(source: Source, gold: dict) -> Annotated:
    doc = normalise(source)
    named = [(simplify(n), e["type"]) for e in gold["entities"] for n in {e["name"], *e.get("aliases", [])} if n]
    labels = gold_labels(doc.text, named)
    sequences = [(char_features(s.text, tokenize(s.text)), labels[s.start:s.end])
                 for s in split_sentences(doc) if s.text]
    return Annotated(source, gold, sequences)


def load_annotated(gold_dirs: Iterable[str | os.PathLike], inputs: Iterable[str | os.PathLike]) -> list[Annotated]:
    golds = {}
    for f in gold_files(gold_dirs):
        try:
            g = json.loads(f.read_text(encoding="utf-8"))
            _gold_relations(g)
        except (OSError, ValueError, KeyError, TypeError) as e:
            raise TrainError(f"{f}: not a gold file ({type(e).__name__}: {e})") from None
        golds[g.get("doc", f.stem)] = g
    found = [annotated(src, golds[src.name]) for src in read_paths(sorted(str(p) for p in inputs))
             if isinstance(src, Source) and src.name in golds]
    if not found:
        raise TrainError("no input article has gold: the gold's \"doc\" names no file under the inputs")
    return sorted(found, key=lambda a: a.name)


def train_tagger(annotated_articles: list[Annotated], path: str | os.PathLike) -> NameTagger:
    names.train_tagger((seq for a in annotated_articles for seq in a.sequences), path)
    return NameTagger(path)


def load_articles(gold_dirs: Iterable[str | os.PathLike], inputs: Iterable[str | os.PathLike],
                  folds: int = TAGGER_FOLDS) -> list[Article]:
    return propose_articles(load_annotated(gold_dirs, inputs), folds)


def propose_articles(annotated_articles: list[Annotated], folds: int = TAGGER_FOLDS) -> list[Article]:
    """Each article as the models' training example: its names proposed by a tagger trained on the
    other folds, never on itself, so the models learn how far to trust the tagger on unseen text.
    (``kg eval --cv`` with the same folds then tests every article with a tagger trained on the
    other folds alone.)"""
    k = min(folds, len(annotated_articles))
    if k < 2:
        return [article(a.source, a.gold, None) for a in annotated_articles]
    articles = []
    with tempfile.TemporaryDirectory() as tmp:
        for i, (train_part, held) in enumerate(_folds(annotated_articles, k)):
            tagger = train_tagger(train_part, Path(tmp) / f"names-{i}.crfsuite")
            articles += [article(a.source, a.gold, tagger) for a in held]
    return sorted(articles, key=lambda a: a.name)


# ---------------------------------------------------------------- fitting
def fit(rows: list[tuple[list[str], int, str]], threshold: float = 0.5, c: float = C["entities"]) -> LinearModel:
    import numpy as np
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression
    counts: dict[str, int] = {}
    for feats, *_ in rows:
        for f in set(feats):
            counts[f] = counts.get(f, 0) + 1
    vocab = {f: i for i, f in enumerate(sorted(f for f, n in counts.items() if n >= MIN_COUNT))}
    labels = [row[1] for row in rows]
    if len(set(labels)) < 2:
        return LinearModel({}, 0.0 if labels and labels[0] else -5.0, threshold)
    indptr, indices = [0], []
    for feats, *_ in rows:
        indices.extend(sorted({vocab[f] for f in feats if f in vocab}))
        indptr.append(len(indices))
    x = csr_matrix((np.ones(len(indices)), indices, indptr), shape=(len(rows), len(vocab)))
    clf = LogisticRegression(C=c, l1_ratio=L1_RATIO, solver="liblinear", random_state=0, max_iter=2000)
    clf.fit(x, labels)
    names = sorted(vocab, key=vocab.get)
    weights = {n: round(float(w), 3) for n, w in zip(names, clf.coef_[0]) if abs(w) >= 0.002}
    return LinearModel(weights, round(float(clf.intercept_[0]), 4), threshold)


def _best_thresholds(articles: list[Article], kind: str, c: float, folds: int = 3) -> tuple[float, dict[str, float]]:
    """The threshold (and, for relations, the one for candidates a grammar rule proposed) for the
    held-out parts of the training articles.  The F1 curve is flat near its top, so its argmax
    wanders with any change; the threshold is instead half the best F1 reached, the F1-optimal
    threshold of a calibrated model (Lipton et al., 2014).  One pair for all classes and predicates:
    finer groups fit the folds, not the language (measured: kg eval --cv falls)."""
    if len(articles) < folds * 2:
        return 0.5, {}
    scored: list[tuple[float, int, str]] = []
    gold = 0
    for train, held in _folds(articles, folds):
        model = fit([r for a in train for r in getattr(a, kind)], c=c)
        for a in held:
            scored += [(model.probability(f), y, _known(model, f, g)) for f, y, g in getattr(a, kind)]
            gold += a.gold_relations if kind == "relation_rows" else a.gold_entities
    rule = relation_group(True)
    grid = [(t, tr) for tr in RULE_THRESHOLDS for t in THRESHOLDS] if kind == "relation_rows" else \
        [(t, None) for t in THRESHOLDS]
    best, best_f = grid[0], -1.0
    for t, tr in grid:
        kept = [y for p, y, g in scored if p >= (tr if tr is not None and g == rule else t)]
        f = 2 * sum(kept) / (len(kept) + gold) if kept or gold else 0.0
        if f > best_f + 1e-9:
            best, best_f = (t, tr), f
    half = round(best_f / 2, 2)
    return half, ({rule: best[1]} if best[1] is not None else {})


def _known(model: LinearModel, names: list[str], group: str) -> str:
    """A row's group as the model judges it: a rule the model never weighed is no rule (``knows_rule``)."""
    if group != relation_group(True):
        return group
    return group if model.weighs_a_rule(names) else relation_group(False)


def train_models(articles: list[Article]) -> dict[str, LinearModel]:
    models = {}
    for name, kind in (("entities", "entity_rows"), ("relations", "relation_rows")):
        model = fit([r for a in articles for r in getattr(a, kind)], c=C[name])
        models[name] = LinearModel(model.weights, model.bias, *_best_thresholds(articles, kind, C[name]))
    return models


def train(gold_dirs, inputs, out_dir: str | os.PathLike | None = None, warn=None) -> dict[str, Path]:
    """Train the name tagger and both models and write them (by default into the package, where
    extraction reads them); each file replaced whole, never half-written.  ``warn`` hears, in one
    line, of a training set too small to learn from."""
    from ..atomic import atomic_write
    found = load_annotated(gold_dirs, inputs)
    if warn is not None and len(found) < FEW_ARTICLES:
        warn(f"only {len(found)} annotated articles: a tagger and models trained on so few read unseen "
             f"articles worse than the grammar alone; train on the project's gold and yours together "
             f"(docs/train.md), and check with kg eval --cv")
    models = train_models(propose_articles(found))
    written = {}
    tagger_path = Path(out_dir) / names.MODEL.name if out_dir else names.model_path()
    tagger_path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=tagger_path.parent) as tmp:
        train_tagger(found, Path(tmp) / tagger_path.name)
        os.replace(Path(tmp) / tagger_path.name, tagger_path)
    written["names"] = tagger_path
    for name, model in models.items():
        path = Path(out_dir) / f"{name}.json" if out_dir else model_path(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, model.to_json())
        written[name] = path
    return written


# ---------------------------------------------------------------- cross-validation
def apply_models(a: Article, models: dict[str, LinearModel] | None) -> Extraction:
    ex = a.extraction
    if models is None:
        return ex
    entities, relations, values, held = decide_with(ex.document, ex.sentences, ex.entities, ex.relations,
                                                    ex.values, models.get("entities"), models.get("relations"))
    return Extraction(ex.document, ex.sentences, entities, relations, values, ex.rejected + held)


def _score(extractions: list[Extraction], gold_dirs, docs: list[str]) -> dict:
    from ..rdf.graph import build_dataset
    ds = build_dataset(extractions, with_ontology=False)
    return evaluate(read_graph(ds), load_gold(gold_dirs, docs))


def cross_validate(gold_dirs, inputs, k: int = 5, articles: list[Article] | None = None) -> dict:
    """Train on K-1 folds of documents, score the held-out fold; mean and spread per measure."""
    gold_dirs = list(gold_dirs)
    articles = articles or load_articles(gold_dirs, inputs, folds=k)
    if k < 2 or k > len(articles):
        raise TrainError(f"--cv {k}: needs 2 to {len(articles)} folds for {len(articles)} annotated articles")
    runs: dict[str, list[dict]] = {"learned": [], "grammar": []}
    for train_set, held in _folds(articles, k):
        models = train_models(train_set)
        docs = [a.name for a in held]
        runs["learned"].append(_score([apply_models(a, models) for a in held], gold_dirs, docs))
        runs["grammar"].append(_score([propose(a.source) for a in held], gold_dirs, docs))
    return {"folds": k, "articles": len(articles),
            **{name: summarise(results) for name, results in runs.items()}}


def summarise(results: list[dict]) -> dict:
    def stats(values: list[float]) -> dict:
        return {"mean": round(statistics.fmean(values), 4),
                "sd": round(statistics.pstdev(values), 4) if len(values) > 1 else 0.0}
    out = {m: {x: stats([r[m][x] for r in results]) for x in ("p", "r", "f1")}
           for m in ("entities", "entities_typed", "relations", "values")}
    for table in ("per_class", "per_predicate"):
        keys = sorted({k for r in results for k in r[table]})
        out[table] = {k: stats([r[table][k]["f1"] for r in results if k in r[table]]) for k in keys}
    return out


def format_cv(res: dict) -> str:
    lines = [f"{res['folds']}-fold cross-validation by document over {res['articles']} annotated articles "
             f"(F1 mean ± sd over the held-out folds)"]
    lines.append(f"{'':22s} {'learned':>16s} {'grammar alone':>16s}")
    for m in ("entities", "entities_typed", "relations", "values"):
        a, b = res["learned"][m]["f1"], res["grammar"][m]["f1"]
        lines.append(f"{m:22s} {a['mean']:8.3f} ± {a['sd']:.3f} {b['mean']:8.3f} ± {b['sd']:.3f}")
    for table in ("per_class", "per_predicate"):
        lines.append(f"{table.replace('_', ' ')}:")
        for k, a in res["learned"][table].items():
            b = res["grammar"][table].get(k, {"mean": 0.0, "sd": 0.0})
            lines.append(f"  {k:20s} {a['mean']:8.3f} ± {a['sd']:.3f} {b['mean']:8.3f} ± {b['sd']:.3f}")
    return "\n".join(lines)
