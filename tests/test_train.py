"""kg train and kg eval --cv: models rebuilt byte for byte from gold, measured on held-out documents."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kg.eval import training as tr

ROOT = Path(__file__).resolve().parent.parent
SEEDS, SEED_GOLD = ROOT / "seeds", ROOT / "tests" / "gold" / "seeds"
SHARED = ROOT.parent / "shared"


def kg(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, cwd=ROOT)


def test_kg_train_rebuilds_the_same_model_files_byte_for_byte(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    for out in (a, b):
        r = kg("train", str(SEED_GOLD), "--input", str(SEEDS), "--out", str(out))
        assert r.returncode == 0, r.stderr
    assert (a / "names.crfsuite").read_bytes() == (b / "names.crfsuite").read_bytes()
    for name in ("entities.json", "relations.json"):
        assert (a / name).read_bytes() == (b / name).read_bytes()
        model = json.loads((a / name).read_text(encoding="utf-8"))
        assert model["weights"] and set(model) >= {"bias", "threshold", "weights"}


def test_training_on_a_handful_of_articles_warns_in_one_line(tmp_path):
    r = kg("train", str(SEED_GOLD), "--input", str(SEEDS), "--out", str(tmp_path))
    assert r.returncode == 0
    warning = [line for line in r.stderr.splitlines() if line.startswith("warning:")]
    assert len(warning) == 1 and "only 5 annotated articles" in warning[0]


def test_cross_validation_reports_mean_and_spread_for_the_learned_and_the_grammar():
    r = kg("eval", "--cv", "2", str(SEED_GOLD), "--input", str(SEEDS), "--format", "json")
    assert r.returncode == 0, r.stderr
    res = json.loads(r.stdout)
    assert res["folds"] == 2 and res["articles"] == 5
    for run in ("learned", "grammar"):
        for measure in ("entities_typed", "relations", "values"):
            cell = res[run][measure]["f1"]
            assert 0 <= cell["mean"] <= 1 and cell["sd"] >= 0
        assert "Company" in res[run]["per_class"]


def test_the_table_names_both_runs():
    r = kg("eval", "--cv", "2", str(SEED_GOLD), "--input", str(SEEDS))
    assert r.returncode == 0 and "2-fold" in r.stdout and "grammar alone" in r.stdout


@pytest.mark.parametrize("args, message", [
    (["train", "tests/gold/seeds", "--input", "tests"], "no input article has gold"),
    (["train", "nowhere", "--input", "seeds"], "nowhere: no such file or folder"),
    (["eval", "--cv", "9", "tests/gold/seeds", "--input", "seeds"], "--cv 9"),
])
def test_bad_training_input_gets_one_line(args, message):
    r = kg(*args)
    assert r.returncode == 2 and message in r.stderr and "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


def test_a_broken_gold_file_is_named(tmp_path):
    (tmp_path / "x.json").write_text("{broken", encoding="utf-8")
    r = kg("train", str(tmp_path), "--input", str(SEEDS), "--out", str(tmp_path / "m"))
    assert r.returncode == 2 and "x.json: not a gold file" in r.stderr


def test_labels_follow_the_scorer_class_first():
    from kg.model import Entity
    gold = {"entities": [{"id": "a", "type": "Region", "name": "甲市", "aliases": []},
                         {"id": "b", "type": "Government", "name": "甲市", "aliases": []}]}
    ents = [Entity("Government", "甲市"), Entity("Region", "甲市")]
    assert tr._gold_entity_of(ents, gold) == {("Government", "甲市", None): 1, ("Region", "甲市", None): 0}


@pytest.mark.skipif(not (SHARED / "eval" / "gold" / "dev").is_dir(), reason="../shared/eval is not beside the project")
def test_the_shipped_models_are_what_kg_train_builds_from_the_shared_gold(tmp_path):
    r = kg("train", str(SHARED / "eval/gold/dev"), str(SHARED / "eval/gold/seeds"),
           "--input", str(SHARED / "eval/corpus/dev"), "--input", str(SHARED / "seeds"), "--out", str(tmp_path))
    assert r.returncode == 0, r.stderr
    shipped = ROOT / "kg" / "data" / "models"
    for name in ("names.crfsuite", "entities.json", "relations.json"):
        assert (tmp_path / name).read_bytes() == (shipped / name).read_bytes(), name
