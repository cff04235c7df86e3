"""Measure a graph against gold annotations: precision, recall and F1.

Gold files follow ``docs/eval.md`` (the format of the shared GUIDELINE): one JSON
file per article with ``entities`` (id, type, name, aliases), ``relations``
(s, p, o) and ``values`` (entity, p, amount, currency).

The rules, in the order they apply:

* Names are compared after :func:`fold`: NFKC, traditional -> simplified
  (OpenCC t2s), full-width brackets to ASCII, white space, quotes and
  middle dots dropped, lower case.
* Gold entities of several files are one entity when they have the same class
  and one's canonical name is among the other's names; a shared short alias
  alone (市委, 高新区) never merges them.
* A predicted entity is any node with a class of the ontology and an
  ``rdfs:label``; its names are the folded label and ``skos:altLabel``s.
  Classes and predicates are read by local name, so the namespace does not matter.
* Matching is one to one, greedy, in a fixed order (predicted nodes by IRI, gold
  entities in file order), class first: every predicted label that is one of a
  gold entity's names with the same class, then regardless of class, then any
  shared name with the same class, then any shared name.  Untyped scores count matches; typed
  scores count matches whose classes agree.
* A relation is right when both ends are matched and the predicate agrees;
  ``cooperatesWith`` (symmetric) matches either way round.  Region -> Region
  ``locatedIn`` is not counted on either side.
* A value is right when its entity is matched, the predicate and currency agree
  and the amount is within 0.5 % of the gold amount; values of unmatched
  entities are not counted.
"""
from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from ..model import CLASSES, PREDICATES, SYMMETRIC, VALUE_PREDICATES

AMOUNT_TOLERANCE = 0.005
HEADLINE = ("entities", "entities_typed", "relations", "values")

_DROP = re.compile(r"[\s“”‘’\"'「」『』《》〈〉·•・]")


@lru_cache(maxsize=1)
def _t2s():
    import opencc
    return opencc.OpenCC("t2s").convert


def fold(name: str) -> str:
    """The form names are compared in: one script, no quotes, spaces or middle dots."""
    s = _t2s()(unicodedata.normalize("NFKC", str(name)))
    return _DROP.sub("", s.replace("（", "(").replace("）", ")")).lower()


def local_name(iri) -> str:
    return re.split(r"[#/]", str(iri))[-1]


# ---------------------------------------------------------------- gold
@dataclass
class GoldEntity:
    type: str
    label: str
    names: set[str]


@dataclass
class Gold:
    entities: list[GoldEntity] = field(default_factory=list)
    relations: set[tuple] = field(default_factory=set)    # (entity index, predicate, entity index)
    values: set[tuple] = field(default_factory=set)       # (entity index, predicate, amount, currency)
    docs: list[str] = field(default_factory=list)


def gold_files(dirs: Iterable[str | os.PathLike]) -> list[Path]:
    files: list[Path] = []
    for d in dirs:
        d = Path(d)
        files.extend(sorted(d.glob("*.json")) if d.is_dir() else [d])
    return files


def load_gold(dirs: Iterable[str | os.PathLike], docs: Iterable[str] | None = None) -> Gold:
    """Read gold files (folders of ``*.json``, or files), merging one entity named in several articles."""
    wanted = set(docs or ())
    gold = Gold()
    by_canonical: dict[tuple[str, str], int] = {}   # (class, canonical name) -> entity
    by_name: dict[tuple[str, str], int] = {}        # (class, any name) -> entity
    for f in gold_files(dirs):
        data = json.loads(f.read_text(encoding="utf-8"))
        doc = data.get("doc", f.stem)
        if wanted and doc not in wanted and f.stem not in wanted:
            continue
        gold.docs.append(doc)
        ids: dict[str, int] = {}
        for e in data["entities"]:
            t, canonical = e["type"], fold(e["name"])
            names = [canonical] + [fold(a) for a in e.get("aliases", []) if a]
            hit = by_name.get((t, canonical))
            if hit is None:
                hit = next((by_canonical[(t, n)] for n in names if (t, n) in by_canonical), None)
            if hit is None:
                hit = len(gold.entities)
                gold.entities.append(GoldEntity(t, e["name"], set()))
            gold.entities[hit].names.update(names)
            by_canonical.setdefault((t, canonical), hit)
            for n in names:
                by_name.setdefault((t, n), hit)
            ids[e["id"]] = hit
        for r in data.get("relations", []):
            if r["p"] not in PREDICATES:
                continue
            s, o = ids[r["s"]], ids[r["o"]]
            if uncounted(r["p"], gold.entities[s].type, gold.entities[o].type):
                continue
            gold.relations.add(relation_key(s, r["p"], o))
        for v in data.get("values", []):
            gold.values.add((ids[v["entity"]], v["p"], round(float(v["amount"])), v["currency"].upper()))
    return gold


def uncounted(p: str, stype: str, otype: str) -> bool:
    """Region -> Region containment comes from gazetteers; neither side counts it."""
    return p == "locatedIn" and stype == otype == "Region"


def relation_key(s, p: str, o) -> tuple:
    """(s, p, o), a symmetric predicate's ends in one order."""
    if p in SYMMETRIC and repr(s) > repr(o):
        s, o = o, s
    return (s, p, o)


# ---------------------------------------------------------------- predictions
@dataclass
class Predicted:
    entities: dict = field(default_factory=dict)    # node -> {"type", "label", "folded", "names"}
    edges: set[tuple] = field(default_factory=set)  # (node, predicate, node)
    values: set[tuple] = field(default_factory=set)  # (node, predicate, amount, currency)
    documents: dict = field(default_factory=dict)    # Document node -> its file name
    mentioned_in: dict = field(default_factory=lambda: defaultdict(set))   # node -> Document nodes


def read_graph(source) -> Predicted:
    """What a graph (a file rdflib can read, or an rdflib graph or dataset) predicts."""
    import rdflib
    from rdflib import RDF, RDFS
    from rdflib.namespace import SKOS
    if isinstance(source, (str, os.PathLike)):
        fmt = rdflib.util.guess_format(str(source)) or "turtle"
        ds = rdflib.Dataset()
        ds.parse(source, format=fmt)
        source = ds
    if isinstance(source, rdflib.Dataset):
        triples = {(s, p, o) for s, p, o, _ in source.quads((None, None, None, None))}
    else:
        triples = set(source)
    types, labels, alts = defaultdict(set), defaultdict(list), defaultdict(set)
    value_links, value_parts = [], defaultdict(dict)
    pred = Predicted()
    for s, p, o in triples:
        lp = local_name(p)
        if p == RDF.type:
            if local_name(o) in CLASSES:
                types[s].add(local_name(o))
        elif p == RDFS.label:
            labels[s].append(o)
        elif p == SKOS.altLabel:
            alts[s].add(str(o))
        elif lp in PREDICATES:
            pred.edges.add((s, lp, o))
        elif lp in VALUE_PREDICATES:
            value_links.append((s, lp, o))
        elif lp in ("amount", "currency"):
            value_parts[s][lp] = o
        elif lp == "fileName":
            pred.documents[s] = str(o)
        elif lp == "mentionedIn":
            pred.mentioned_in[s].add(o)
    for s, ts in types.items():
        if s in labels:
            label = _preferred_label(labels[s])
            pred.entities[s] = {"type": min(ts), "label": label, "folded": fold(label),
                                "names": {fold(label)} | {fold(a) for a in alts[s]}}
    for s, lp, node in value_links:
        part = value_parts.get(node, {})
        try:
            pred.values.add((s, lp, round(float(part["amount"])), str(part["currency"]).upper()))
        except (KeyError, TypeError, ValueError):
            continue
    return pred


def _preferred_label(literals: list) -> str:
    chinese = sorted(str(x) for x in literals if (getattr(x, "language", None) or "").lower()
                     in ("zh-hans", "zh-cn", "zh"))
    return chinese[0] if chinese else min(str(x) for x in literals)


# ---------------------------------------------------------------- scoring
def prf(tp: int, npred: int, ngold: int) -> dict:
    p = tp / npred if npred else 0.0
    r = tp / ngold if ngold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(f, 4), "tp": tp, "pred": npred, "gold": ngold}


def match_entities(pred: Predicted, gold: Gold) -> dict:
    return match_names(pred.entities, gold.entities)


def match_names(entities: dict, gold_entities: list[GoldEntity]) -> dict:
    """One to one: predicted node -> gold entity index, in four passes over every node: exact label
    and same class, exact label, any shared name and same class, any shared name.  So a mistyped
    duplicate never takes the match of the correctly typed node (as ../shared/eval/score.py).
    Each node takes the first gold entity (in gold order) that fits and is still free.
    ``entities``: node -> {"type", "folded" (the label), "names" (every folded name)}."""
    holders: dict[str, list[int]] = defaultdict(list)   # folded name -> gold entities, in order
    for i, g in enumerate(gold_entities):
        for n in g.names:
            holders[n].append(i)
    matched: dict = {}
    taken: set[int] = set()
    order = sorted(entities, key=str)
    for exact, same_class in ((True, True), (True, False), (False, True), (False, False)):
        for node in order:
            if node in matched:
                continue
            info = entities[node]
            names = [info["folded"]] if exact else info["names"]
            fits = sorted(i for i in {i for n in names for i in holders.get(n, ())} - taken
                          if not same_class or gold_entities[i].type == info["type"])
            if fits:
                matched[node] = fits[0]
                taken.add(fits[0])
    return matched


def _within(amount: int, gold_amount: int) -> bool:
    return abs(gold_amount - amount) <= AMOUNT_TOLERANCE * max(gold_amount, 1)


def evaluate(pred: Predicted, gold: Gold) -> dict:
    """Scores and the items behind them, as plain JSON-ready data."""
    ents, m = pred.entities, match_entities(pred, gold)
    typed = {n for n, i in m.items() if ents[n]["type"] == gold.entities[i].type}
    out: dict = {"entities": prf(len(m), len(ents), len(gold.entities)),
                 "entities_typed": prf(len(typed), len(ents), len(gold.entities))}

    per_class = {}
    for cls in sorted(CLASSES):
        npred = sum(1 for e in ents.values() if e["type"] == cls)
        ngold = sum(1 for g in gold.entities if g.type == cls)
        if npred or ngold:
            per_class[cls] = prf(sum(1 for n in typed if ents[n]["type"] == cls), npred, ngold)

    def key(node):  # a matched node is its gold entity; any other node is itself
        return ("gold", m[node]) if node in m else ("pred", str(node))

    pred_rel = {relation_key(key(s), p, key(o)) for s, p, o in pred.edges
                if s in ents and o in ents and not uncounted(p, ents[s]["type"], ents[o]["type"])}
    gold_rel = {relation_key(("gold", s), p, ("gold", o)) for s, p, o in gold.relations}
    out["relations"] = prf(len(pred_rel & gold_rel), len(pred_rel), len(gold_rel))
    per_predicate = {}
    for p in sorted(PREDICATES):
        pp = {r for r in pred_rel if r[1] == p}
        gg = {r for r in gold_rel if r[1] == p}
        if pp or gg:
            per_predicate[p] = prf(len(pp & gg), len(pp), len(gg))

    pred_val = {(m[s], p, amount, cur) for s, p, amount, cur in pred.values if s in m}
    right_val = {v for v in pred_val if any(g[:2] == v[:2] and g[3] == v[3] and _within(v[2], g[2])
                                            for g in gold.values)}
    found_gold_val = {g for g in gold.values if any(g[:2] == v[:2] and g[3] == v[3] and _within(v[2], g[2])
                                                    for v in pred_val)}
    out["values"] = prf(len(right_val), len(pred_val), len(gold.values))
    out["per_class"] = per_class
    out["per_predicate"] = per_predicate

    label_of_node = {str(n): e["label"] for n, e in ents.items()}

    def name(k) -> str:
        return gold.entities[k[1]].label if k[0] == "gold" else label_of_node[k[1]]

    def entity_row(label, cls):
        return {"type": cls, "name": label}

    def relation_row(r):
        return {"s": name(r[0]), "p": r[1], "o": name(r[2])}

    def value_row(v):
        return {"entity": gold.entities[v[0]].label, "p": v[1], "amount": v[2], "currency": v[3]}

    matched_gold = set(m.values())
    out["missed"] = {
        "entities": sorted((entity_row(g.label, g.type) for i, g in enumerate(gold.entities) if i not in matched_gold),
                           key=_sort_key),
        "relations": sorted((relation_row(r) for r in gold_rel - pred_rel), key=_sort_key),
        "values": sorted((value_row(v) for v in gold.values - found_gold_val), key=_sort_key),
    }
    out["spurious"] = {
        "entities": sorted((entity_row(e["label"], e["type"]) for n, e in ents.items() if n not in m), key=_sort_key),
        "relations": sorted((relation_row(r) for r in pred_rel - gold_rel), key=_sort_key),
        "values": sorted((value_row(v) for v in pred_val - right_val), key=_sort_key),
    }
    out["mistyped"] = sorted(({"name": gold.entities[i].label, "type": gold.entities[i].type,
                               "predicted": ents[n]["label"], "predicted_type": ents[n]["type"]}
                              for n, i in m.items() if n not in typed), key=_sort_key)
    out["documents"] = len(gold.docs)
    return out


def _sort_key(row: dict) -> tuple:
    return tuple(str(v) for v in row.values())


def score(graph, gold_dirs: Iterable[str | os.PathLike], docs: Iterable[str] | None = None) -> dict:
    """Score a graph file (or rdflib graph) against the gold in ``gold_dirs``: only what the graph
    says of the gold's own documents counts (``absent_documents`` lists gold the graph lacks)."""
    gold = load_gold(gold_dirs, docs)
    pred, absent = within_gold_documents(read_graph(graph), gold.docs)
    res = evaluate(pred, gold)
    res["absent_documents"] = absent
    return res


def within_gold_documents(pred: Predicted, gold_docs: list[str]) -> tuple[Predicted, list[str]]:
    """The predictions about the gold's documents (by the graph's Document nodes and each entity's
    ``mentionedIn``), and the gold documents the graph does not hold.  A graph without Document
    nodes is taken whole."""
    if not pred.documents:
        return pred, []
    names, gold_names = set(pred.documents.values()), set(gold_docs)
    absent = sorted(gold_names - names)
    wanted = {node for node, name in pred.documents.items() if name in gold_names}
    keep = {n: e for n, e in pred.entities.items()
            if n not in pred.mentioned_in or pred.mentioned_in[n] & wanted}
    inside = Predicted(keep, {(s, p, o) for s, p, o in pred.edges if s in keep and o in keep},
                       {v for v in pred.values if v[0] in keep}, pred.documents, pred.mentioned_in)
    return inside, absent


def build_and_score(inputs: Iterable[str | os.PathLike], gold_dirs: Iterable[str | os.PathLike],
                    out: str | os.PathLike | None = None, jobs: int = 1, docs: Iterable[str] | None = None) -> dict:
    """``kg build`` the inputs (into ``out``, or a temporary folder) and score its graph.ttl."""
    from ..pipeline.run import build
    with contextlib.nullcontext(out) if out is not None else tempfile.TemporaryDirectory(prefix="kg-eval-") as folder:
        build(inputs, folder, jobs=jobs)
        return score(Path(folder) / "graph.ttl", gold_dirs, docs)


# ---------------------------------------------------------------- comparing two runs
def compare(a: dict, b: dict) -> dict:
    """What changed from run ``a`` to run ``b`` (two results of :func:`evaluate`)."""
    def deltas(ta: dict, tb: dict) -> dict:
        rows = {}
        for k in sorted(set(ta) | set(tb)):
            ra, rb = ta.get(k, prf(0, 0, 0)), tb.get(k, prf(0, 0, 0))
            rows[k] = {"before": ra["f1"], "after": rb["f1"], "delta": round(rb["f1"] - ra["f1"], 4),
                       "tp": [ra["tp"], rb["tp"]], "pred": [ra["pred"], rb["pred"]]}
        return rows

    def moved(section: str, kind: str) -> tuple[list, list]:
        before = {json.dumps(x, ensure_ascii=False, sort_keys=True) for x in a.get(section, {}).get(kind, [])}
        after = {json.dumps(x, ensure_ascii=False, sort_keys=True) for x in b.get(section, {}).get(kind, [])}
        return [json.loads(x) for x in sorted(after - before)], [json.loads(x) for x in sorted(before - after)]

    out = {"headline": deltas({k: a[k] for k in HEADLINE}, {k: b[k] for k in HEADLINE}),
           "per_class": deltas(a.get("per_class", {}), b.get("per_class", {})),
           "per_predicate": deltas(a.get("per_predicate", {}), b.get("per_predicate", {}))}
    for kind in ("entities", "relations", "values"):
        newly_missed, now_found = moved("missed", kind)
        new_spurious, fixed_spurious = moved("spurious", kind)
        out[kind] = {"now_found": now_found, "newly_missed": newly_missed,
                     "new_spurious": new_spurious, "no_longer_spurious": fixed_spurious}
    return out


# ---------------------------------------------------------------- tables
def _row(name: str, r: dict) -> str:
    return (f"{name:22s} P={r['p']:.3f} R={r['r']:.3f} F1={r['f1']:.3f}  "
            f"(tp={r['tp']} pred={r['pred']} gold={r['gold']})")


def _item(x: dict) -> str:
    if "s" in x:
        return f"{x['s']} -{x['p']}-> {x['o']}"
    if "amount" in x:
        return f"{x['entity']} {x['p']} {x['amount']} {x['currency']}"
    if "predicted" in x:
        return f"{x['predicted']} ({x['predicted_type']}, gold {x['name']}: {x['type']})"
    return f"{x['name']} ({x['type']})"


def format_table(res: dict, limit: int = 60) -> str:
    lines = [_row(k, res[k]) for k in HEADLINE]
    for title, table in (("class", res["per_class"]), ("predicate", res["per_predicate"])):
        lines.append(f"per {title}:")
        lines.extend("  " + _row(k, r) for k, r in table.items())
    for section in ("missed", "spurious"):
        for kind, items in res[section].items():
            lines.append(_listing(f"{section} {kind}", items, limit))
    lines.append(_listing("mistyped", res["mistyped"], limit))
    return "\n".join(lines)


def _listing(title: str, items: list, limit: int) -> str:
    more = f" … and {len(items) - limit} more" if len(items) > limit else ""
    return f"{title} ({len(items)}): " + "; ".join(_item(x) for x in items[:limit]) + more


def format_compare(diff: dict, limit: int = 60) -> str:
    lines = []
    for title, table in (("", diff["headline"]), ("class ", diff["per_class"]),
                         ("predicate ", diff["per_predicate"])):
        for k, r in table.items():
            mark = "" if r["delta"] == 0 else ("  +" if r["delta"] > 0 else "  ") + f"{r['delta']:.3f}"
            lines.append(f"{title + k:32s} F1 {r['before']:.3f} -> {r['after']:.3f}{mark}"
                         f"  (tp {r['tp'][0]} -> {r['tp'][1]}, pred {r['pred'][0]} -> {r['pred'][1]})")
    for kind in ("entities", "relations", "values"):
        for change, items in diff[kind].items():
            if items:
                lines.append(_listing(f"{kind} {change.replace('_', ' ')}", items, limit))
    return "\n".join(lines)
