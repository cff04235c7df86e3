"""Issue 17: the docs match the program -- links lead to files a clone has, the README names every
command, and the help example of kg push names a server kg itself runs."""
from __future__ import annotations

import re
from pathlib import Path

from typer.main import get_command

from kg.cli import app

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def test_every_relative_link_leads_to_a_file_of_the_clone():
    missing = []
    for doc in DOCS:
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", doc.read_text(encoding="utf-8")):
            if re.match(r"^[a-z]+:", target):
                continue
            if not (doc.parent / target).exists():
                missing.append(f"{doc.name}: {target}")
    assert not missing, missing


def test_no_link_into_the_shared_data_beside_the_project():
    for doc in DOCS:
        assert not re.search(r"\]\(\.\./shared", doc.read_text(encoding="utf-8")), doc.name
        assert "ONTOLOGY.md" not in doc.read_text(encoding="utf-8"), doc.name


def test_the_readme_shows_every_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = sorted(get_command(app).commands)
    assert {"build", "query", "load", "serve", "push", "remove", "eval"} <= set(commands)
    for name in commands:
        assert re.search(rf"^kg {name}\b", readme, re.M), name
    assert "kg --version" in readme


def test_the_eval_figures_name_the_floors_the_tests_use():
    import pytest
    try:
        from test_evaluate import FLOORS
    except ImportError:              # the evaluation tests keep their floors elsewhere
        pytest.skip("no FLOORS in tests/test_evaluate.py")
    eval_md = (ROOT / "docs" / "eval.md").read_text(encoding="utf-8")
    row = next(line for line in eval_md.splitlines() if line.startswith("| floors"))
    assert [float(x) for x in re.findall(r"\d\.\d+", row)] == [FLOORS[k] for k in
                                                              ("entities", "entities_typed", "relations", "values")]
