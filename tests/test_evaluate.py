"""kg eval: the matching rules, agreement with the shared scorer, and floors on the seed gold."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.namespace import SKOS, XSD
from typer.testing import CliRunner

from kg import build
from kg.cli import app
from kg.eval.scoring import compare, evaluate, fold, load_gold, read_graph, score
from kg.rdf.vocab import ID, KG

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SEED_GOLD = ROOT / "tests" / "gold" / "seeds"
SHARED = ROOT.parent / "shared"
SCORER = SHARED / "eval" / "score.py"

# Floors on the seed gold: a little below what the extractor scored when they were set
# (see docs/eval.md); raise them as the extractor improves, never lower them silently.
# tests/gold/seeds is the guideline's second edition now (as ../shared/eval/gold/seeds): on it the
# grammar alone scored typed entities 0.814 and relations 0.736; with the learned decisions 0.833 and
# 0.820, and with the name tagger too 0.893 and 0.812.  The seeds are part of the models' training gold, so these floors guard against regressions;
# how kg does on articles it has not seen is measured by kg eval --cv and the validation set.
FLOORS = {"entities": 0.89, "entities_typed": 0.86, "relations": 0.80, "values": 0.95}


# ---------------------------------------------------------------- helpers
def write_gold(folder: Path, *docs: dict) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i, d in enumerate(docs):
        (folder / f"{i:03d}.json").write_text(json.dumps(d, ensure_ascii=False), encoding="utf-8")
    return folder


def node(name: str) -> URIRef:
    return ID[f"x/{name}"]


def graph_of(entities=(), relations=(), values=()) -> Graph:
    """entities: (name, class, [aliases]); relations: (s, p, o) by name; values: (name, p, amount, currency)."""
    g = Graph()
    for name, cls, *alts in entities:
        g.add((node(name), RDF.type, KG[cls]))
        g.add((node(name), RDFS.label, Literal(name, lang="zh-Hans")))
        for a in (alts[0] if alts else []):
            g.add((node(name), SKOS.altLabel, Literal(a, lang="zh-Hans")))
    for s, p, o in relations:
        g.add((node(s), KG[p], node(o)))
    for name, p, amount, cur in values:
        v = BNode()
        g.add((node(name), KG[p], v))
        g.add((v, KG.amount, Literal(str(amount), datatype=XSD.decimal)))
        g.add((v, KG.currency, Literal(cur)))
    return g


def gold_as_graph(gold_dir: Path) -> Graph:
    """Everything the gold says, written as a graph: it must score 1.0 everywhere."""
    g = Graph()
    for f in sorted(gold_dir.glob("*.json")):
        data = json.loads(f.read_text(encoding="utf-8"))
        iri = {e["id"]: ID[f"{e['type']}/{e['name']}".replace(" ", "_")] for e in data["entities"]}
        for e in data["entities"]:
            g.add((iri[e["id"]], RDF.type, KG[e["type"]]))
            g.add((iri[e["id"]], RDFS.label, Literal(e["name"], lang="zh-Hans")))
            for a in e.get("aliases", []):
                g.add((iri[e["id"]], SKOS.altLabel, Literal(a, lang="zh-Hans")))
        for r in data["relations"]:
            g.add((iri[r["s"]], KG[r["p"]], iri[r["o"]]))
        for v in data.get("values", []):
            b = URIRef(f"{iri[v['entity']]}/{v['p']}/{v['amount']}")
            g.add((iri[v["entity"]], KG[v["p"]], b))
            g.add((b, KG.amount, Literal(str(v["amount"]), datatype=XSD.decimal)))
            g.add((b, KG.currency, Literal(v["currency"])))
    return g


GOLD_DOC = {
    "doc": "a.txt",
    "entities": [
        {"id": "e1", "type": "Government", "name": "青岛市人民政府侨务办公室", "aliases": ["市侨办"]},
        {"id": "e2", "type": "Region", "name": "青岛市", "aliases": ["青岛"]},
        {"id": "e3", "type": "Project", "name": "新型冷链产业园项目", "aliases": []},
        {"id": "e4", "type": "Company", "name": "中国化工集团", "aliases": ["中化集团"]},
        {"id": "e5", "type": "Region", "name": "莱西市", "aliases": ["莱西"]},
    ],
    "relations": [
        {"s": "e3", "p": "locatedIn", "o": "e5"},
        {"s": "e4", "p": "cooperatesWith", "o": "e2"},
        {"s": "e5", "p": "locatedIn", "o": "e2"},      # Region -> Region: not counted
    ],
    "values": [{"entity": "e3", "p": "investmentAmount", "amount": 560000000, "currency": "CNY"}],
}


@pytest.fixture
def gold_dir(tmp_path):
    return write_gold(tmp_path / "gold", GOLD_DOC)


# ---------------------------------------------------------------- the rules
def test_fold_folds_script_width_quotes_and_case():
    assert fold("青島市") == fold("青岛市") == "青岛市"
    assert fold("“魅力青岛 活力高新”招商推介会") == "魅力青岛活力高新招商推介会"
    assert fold("中科（潍坊）ＡＢＣ") == "中科(潍坊)abc"


def test_perfect_prediction_scores_one(gold_dir):
    g = graph_of([(e["name"], e["type"], e["aliases"]) for e in GOLD_DOC["entities"]],
                 [("新型冷链产业园项目", "locatedIn", "莱西市"), ("中国化工集团", "cooperatesWith", "青岛市")],
                 [("新型冷链产业园项目", "investmentAmount", "560000000", "CNY")])
    res = score(g, [gold_dir])
    for k in ("entities", "entities_typed", "relations", "values"):
        assert res[k]["f1"] == 1.0, (k, res[k])
    assert res["relations"]["gold"] == 2   # Region -> Region locatedIn is not counted
    assert res["missed"] == {"entities": [], "relations": [], "values": []}


def test_names_match_through_aliases_and_traditional_script(gold_dir):
    g = graph_of([("青島市", "Region"), ("市侨办", "Government"), ("中化", "Company", ["中化集团"])])
    res = score(g, [gold_dir])
    assert res["entities"]["tp"] == 3 and res["entities_typed"]["tp"] == 3
    assert {e["name"] for e in res["missed"]["entities"]} == {"新型冷链产业园项目", "莱西市"}


def test_one_predicted_entity_matches_one_gold_entity(gold_dir):
    # two nodes both called 青岛: one matches, the other is spurious
    g = graph_of([("青岛", "Region"), ("青岛市", "Region")])
    res = score(g, [gold_dir])
    assert res["entities"]["tp"] == 1 and res["entities"]["pred"] == 2
    assert len(res["spurious"]["entities"]) == 1


def test_exact_label_wins_before_shared_alias(tmp_path):
    gold = write_gold(tmp_path / "g", {"doc": "d", "entities": [
        {"id": "a", "type": "Company", "name": "甲集团", "aliases": []}], "relations": []})
    # 乙 comes first in IRI order and shares the name 甲集团 only as an alias: 甲集团 itself matches
    res = score(graph_of([("乙", "Company", ["甲集团"]), ("甲集团", "Company")]), [gold])
    assert res["entities"]["tp"] == 1
    assert res["spurious"]["entities"] == [{"type": "Company", "name": "乙"}]


def test_wrong_class_counts_untyped_not_typed(gold_dir):
    res = score(graph_of([("中国化工集团", "Organization")]), [gold_dir])
    assert res["entities"]["tp"] == 1 and res["entities_typed"]["tp"] == 0
    assert res["per_class"]["Organization"]["pred"] == 1 and res["per_class"]["Company"]["tp"] == 0
    assert res["mistyped"][0]["predicted_type"] == "Organization"


def test_symmetric_predicates_match_either_way(gold_dir):
    ents = [("中国化工集团", "Company"), ("青岛市", "Region"), ("新型冷链产业园项目", "Project"), ("莱西市", "Region")]
    both = score(graph_of(ents, [("青岛市", "cooperatesWith", "中国化工集团")]), [gold_dir])
    assert both["per_predicate"]["cooperatesWith"]["tp"] == 1
    twice = score(graph_of(ents, [("青岛市", "cooperatesWith", "中国化工集团"),
                                  ("中国化工集团", "cooperatesWith", "青岛市")]), [gold_dir])
    assert twice["per_predicate"]["cooperatesWith"] == both["per_predicate"]["cooperatesWith"]
    # asymmetric predicates do not
    wrong = score(graph_of(ents, [("莱西市", "locatedIn", "新型冷链产业园项目")]), [gold_dir])
    assert wrong["per_predicate"]["locatedIn"]["tp"] == 0
    assert wrong["spurious"]["relations"] == [{"s": "莱西市", "p": "locatedIn", "o": "新型冷链产业园项目"}]


def test_relations_to_unmatched_entities_are_spurious(gold_dir):
    g = graph_of([("新型冷链产业园项目", "Project"), ("西海岸", "Region")],
                 [("新型冷链产业园项目", "locatedIn", "西海岸")])
    res = score(g, [gold_dir])
    assert res["relations"]["pred"] == 1 and res["relations"]["tp"] == 0
    assert {"s": "新型冷链产业园项目", "p": "locatedIn", "o": "莱西市"} in res["missed"]["relations"]


def test_values_match_within_half_a_percent(gold_dir):
    ents = [("新型冷链产业园项目", "Project")]
    near = score(graph_of(ents, values=[("新型冷链产业园项目", "investmentAmount", 561000000, "CNY")]), [gold_dir])
    assert near["values"]["tp"] == 1
    far = score(graph_of(ents, values=[("新型冷链产业园项目", "investmentAmount", 600000000, "CNY")]), [gold_dir])
    assert far["values"]["tp"] == 0 and far["missed"]["values"][0]["amount"] == 560000000
    usd = score(graph_of(ents, values=[("新型冷链产业园项目", "investmentAmount", 560000000, "USD")]), [gold_dir])
    assert usd["values"]["tp"] == 0 and usd["spurious"]["values"][0]["currency"] == "USD"


def test_gold_merges_across_files_by_canonical_name_not_short_alias(tmp_path):
    gold = write_gold(tmp_path / "g",
                      {"doc": "a", "entities": [{"id": "e1", "type": "Government", "name": "青岛市委", "aliases": ["市委"]},
                                                {"id": "e2", "type": "Region", "name": "青岛市", "aliases": ["青岛"]}]},
                      {"doc": "b", "entities": [{"id": "e1", "type": "Government", "name": "潍坊市委", "aliases": ["市委"]},
                                                {"id": "e2", "type": "Region", "name": "青岛", "aliases": ["青岛市"]}]})
    g = load_gold([gold])
    assert sorted(e.label for e in g.entities) == ["潍坊市委", "青岛市", "青岛市委"]
    assert len(load_gold([gold], docs=["a"]).entities) == 2


def test_trig_and_turtle_give_the_same_predictions(tmp_path, gold_dir):
    g = graph_of([("青岛市", "Region"), ("莱西市", "Region")], [("莱西市", "locatedIn", "青岛市")])
    g.serialize(tmp_path / "g.ttl", format="turtle")
    from rdflib import Dataset
    ds = Dataset()
    named = ds.graph(URIRef("urn:g:1"))
    for t in g:
        named.add(t)
    ds.serialize(tmp_path / "g.trig", format="trig")
    a, b = read_graph(tmp_path / "g.ttl"), read_graph(tmp_path / "g.trig")
    assert a.entities == b.entities and a.edges == b.edges


def test_seed_gold_as_a_graph_scores_one():
    res = evaluate(read_graph(gold_as_graph(SEED_GOLD)), load_gold([SEED_GOLD]))
    for k in ("entities", "entities_typed", "relations", "values"):
        assert res[k]["f1"] == 1.0, (k, res[k])


def test_compare_lists_what_changed(gold_dir):
    before = score(graph_of([("青岛市", "Region"), ("西海岸", "Region")]), [gold_dir])
    after = score(graph_of([("青岛市", "Region"), ("莱西市", "Region")]), [gold_dir])
    diff = compare(before, after)
    assert diff["headline"]["entities"]["delta"] > 0
    assert diff["entities"]["now_found"] == [{"name": "莱西市", "type": "Region"}]
    assert diff["entities"]["no_longer_spurious"] == [{"name": "西海岸", "type": "Region"}]
    assert compare(after, after)["entities"] == {"now_found": [], "newly_missed": [], "new_spurious": [],
                                                 "no_longer_spurious": []}


# ---------------------------------------------------------------- the seed gold: floors
@pytest.fixture(scope="module")
def seed_graph(tmp_path_factory):
    out = tmp_path_factory.mktemp("seeds")
    build([SEEDS], out=out)
    return out / "graph.ttl"


def test_seed_gold_is_the_shared_seed_gold():
    names = sorted(p.name for p in SEED_GOLD.glob("*.json"))
    assert names == sorted(p.stem + ".json" for p in SEEDS.glob("*.txt"))


def test_extractor_meets_the_floors_on_the_seed_gold(seed_graph):
    res = score(seed_graph, [SEED_GOLD])
    low = {k: (res[k]["f1"], floor) for k, floor in FLOORS.items() if res[k]["f1"] < floor}
    assert not low, f"F1 below the floor (score, floor): {low}"


# ---------------------------------------------------------------- agreement with ../shared/eval/score.py
def shared_score(graph: Path, gold: Path) -> dict:
    run = subprocess.run([sys.executable, str(SCORER), str(graph), str(gold), "--json"],
                         capture_output=True, text=True, timeout=120, check=True)
    return json.loads(run.stdout)


def assert_agree(mine: dict, theirs: dict) -> None:
    for k in ("entities", "entities_typed", "relations", "values", "per_class", "per_predicate"):
        assert mine[k] == theirs[k], k
    assert sorted(e["name"] for e in mine["missed"]["entities"]) == theirs["missed_entities"]
    assert sorted(e["name"] for e in mine["spurious"]["entities"]) == theirs["spurious_entities"]


needs_shared = pytest.mark.skipif(not SCORER.exists(), reason="../shared/eval/score.py is not beside the project")


@needs_shared
@pytest.mark.parametrize("name", ["graph.ttl", "graph.trig"])
def test_agrees_with_the_shared_scorer_on_the_seed_build(seed_graph, name):
    graph = seed_graph.parent / name
    assert_agree(score(graph, [SEED_GOLD]), shared_score(graph, SEED_GOLD))


@needs_shared
def test_agrees_with_the_shared_scorer_on_relations_and_values(tmp_path):
    """A graph with every kind of hit and miss: the gold itself, damaged."""
    g = gold_as_graph(SEED_GOLD)
    drop = sorted({s for s, p, o in g if p == KG.inIndustry}, key=str)[::3]
    for s in drop:                                       # lose some relations
        g.remove((s, KG.inIndustry, None))
    for s, p, o in sorted(g.triples((None, KG.cooperatesWith, None)))[::2]:
        g.remove((s, p, o))                              # turn some symmetric edges round
        g.add((o, p, s))
    for s, o in sorted(g.subject_objects(RDFS.label))[::7]:
        g.set((s, RDFS.label, Literal(str(o) + "有限公司", lang="zh-Hans")))  # unmatched names
    for s in sorted(g.subjects(RDF.type, KG.Park))[::4]:
        g.set((s, RDF.type, KG.Project))                 # wrong class
    for v, a in sorted(g.subject_objects(KG.amount))[::2]:
        g.set((v, KG.amount, Literal(str(float(a) * 1.004), datatype=XSD.decimal)))  # near amounts
    g.serialize(tmp_path / "damaged.ttl", format="turtle")
    mine, theirs = score(tmp_path / "damaged.ttl", [SEED_GOLD]), shared_score(tmp_path / "damaged.ttl", SEED_GOLD)
    assert 0 < mine["relations"]["f1"] < 1 and 0 < mine["entities_typed"]["f1"] < 1
    assert_agree(mine, theirs)


@needs_shared
def test_agrees_with_the_shared_scorer_on_the_dev_gold(tmp_path):
    """Reads the dev articles and gold from ../shared (never copied into the project)."""
    dev, gold = SHARED / "eval" / "corpus" / "dev", SHARED / "eval" / "gold" / "dev"
    if not dev.is_dir() or not gold.is_dir():
        pytest.skip("no dev corpus beside the project")
    build([dev], out=tmp_path)
    assert_agree(score(tmp_path / "graph.ttl", [gold]), shared_score(tmp_path / "graph.ttl", gold))


# ---------------------------------------------------------------- the command
def test_cli_json_has_the_contracted_keys(seed_graph):
    r = CliRunner().invoke(app, ["eval", str(SEED_GOLD), "--graph", str(seed_graph), "--format", "json"])
    assert r.exit_code == 0, r.output
    res = json.loads(r.stdout)
    for k in ("entities", "entities_typed", "relations", "values"):
        assert set(res[k]) == {"p", "r", "f1", "tp", "pred", "gold"}
    for k in ("per_class", "per_predicate", "missed", "spurious"):
        assert k in res


def test_cli_builds_from_input_and_compares(tmp_path, seed_graph):
    runner = CliRunner()
    built = runner.invoke(app, ["eval", str(SEED_GOLD), "--input", str(SEEDS), "--format", "json"])
    read = runner.invoke(app, ["eval", str(SEED_GOLD), "--graph", str(seed_graph), "--format", "json"])
    assert built.exit_code == 0 and read.exit_code == 0, built.output + read.output
    assert json.loads(built.stdout) == json.loads(read.stdout)
    (tmp_path / "a.json").write_text(built.stdout, encoding="utf-8")
    table = runner.invoke(app, ["eval", str(SEED_GOLD), "--graph", str(seed_graph)])
    assert table.exit_code == 0 and "entities_typed" in table.stdout and "missed entities" in table.stdout
    cmp = runner.invoke(app, ["eval", "--compare", str(tmp_path / "a.json"), str(tmp_path / "a.json")])
    assert cmp.exit_code == 0 and "entities_typed" in cmp.stdout


def test_cli_refuses_ambiguous_or_missing_arguments(seed_graph):
    runner = CliRunner()
    assert runner.invoke(app, ["eval", str(SEED_GOLD)]).exit_code == 2
    assert runner.invoke(app, ["eval", str(SEED_GOLD), "--graph", str(seed_graph), "--input", str(SEEDS)]).exit_code == 2
    assert runner.invoke(app, ["eval", str(SEED_GOLD), "--graph", "nowhere.ttl"]).exit_code == 2


# ---------------------------------------------------------------- only the gold's documents count
def test_only_the_gold_documents_are_scored_and_absent_ones_are_named(seed_graph, tmp_path):
    import shutil
    two = sorted(SEED_GOLD.glob("*.json"))[:2]
    for f in two:
        shutil.copy(f, tmp_path / f.name)
    stranger = {"doc": "not_in_this_build.txt", "entities": [{"id": "a", "type": "Region", "name": "甲市"}],
                "relations": [], "values": []}
    (tmp_path / "zz.json").write_text(json.dumps(stranger, ensure_ascii=False), encoding="utf-8")
    whole = score(seed_graph, [SEED_GOLD])
    part = score(seed_graph, [tmp_path])
    assert part["absent_documents"] == ["not_in_this_build.txt"] and whole["absent_documents"] == []
    assert 0 < part["entities"]["pred"] < whole["entities"]["pred"]
    alone = score(seed_graph, [tmp_path], docs=[json.loads(f.read_text(encoding="utf-8"))["doc"] for f in two])
    assert alone["entities"]["p"] == part["entities"]["p"] and alone["entities"]["p"] > 0.5


def test_kg_eval_warns_of_gold_documents_the_graph_lacks(seed_graph, tmp_path):
    import subprocess
    import sys
    stranger = {"doc": "elsewhere.txt", "entities": [], "relations": [], "values": []}
    (tmp_path / "x.json").write_text(json.dumps(stranger), encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "kg", "eval", str(tmp_path), "--graph", str(seed_graph)],
                       capture_output=True, text=True)
    assert r.returncode == 0 and "1 of 1 gold documents are not in the graph" in r.stderr and "elsewhere.txt" in r.stderr
