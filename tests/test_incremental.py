"""Rebuilds extract only new or changed articles and write what a full rebuild writes."""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

import kg.pipeline.cache
from kg import build

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench.corpus import write_corpus  # noqa: E402

OUTPUTS = ("graph.ttl", "graph.trig", "map.html", "report.md")


def _same(a: Path, b: Path) -> None:
    for name in OUTPUTS:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    corpus = tmp_path_factory.mktemp("corpus")
    write_corpus(corpus, 8, seed=5)
    out = tmp_path_factory.mktemp("out")
    r = build([corpus], out=out)
    assert (r.extracted, r.reused) == (8, 0)
    return corpus, out


def test_adding_articles_extracts_only_the_new_ones(base, tmp_path):
    corpus, out = base
    grown = tmp_path / "corpus"
    shutil.copytree(corpus, grown)
    write_corpus(grown, 2, seed=5, start=8)
    inc = tmp_path / "inc"
    shutil.copytree(out, inc)
    r = build([grown], out=inc)
    assert (r.extracted, r.reused) == (2, 8)
    full = build([grown], out=tmp_path / "full", cache=False)
    assert full.extracted == 10
    _same(inc, tmp_path / "full")


def test_a_changed_article_is_extracted_again(base, tmp_path):
    corpus, out = base
    changed = tmp_path / "corpus"
    shutil.copytree(corpus, changed)
    victim = sorted(changed.rglob("*.txt"))[4]
    victim.write_text(victim.read_text(encoding="utf-8") + "\n青岛市与某某科技有限公司签约。\n", encoding="utf-8")
    inc = tmp_path / "inc"
    shutil.copytree(out, inc)
    r = build([changed], out=inc)
    assert (r.extracted, r.reused) == (1, 7)
    build([changed], out=tmp_path / "full", cache=False)
    _same(inc, tmp_path / "full")


def test_a_removed_article_leaves_the_graph(base, tmp_path):
    corpus, out = base
    fewer = tmp_path / "corpus"
    shutil.copytree(corpus, fewer)
    sorted(fewer.rglob("*.txt"))[0].unlink()
    inc = tmp_path / "inc"
    shutil.copytree(out, inc)
    r = build([fewer], out=inc)
    assert (r.extracted, r.reused, len(r.documents)) == (0, 7, 7)
    build([fewer], out=tmp_path / "full", cache=False)
    _same(inc, tmp_path / "full")


def test_a_new_extractor_version_misses_every_entry(base, tmp_path, monkeypatch):
    corpus, out = base
    inc = tmp_path / "inc"
    shutil.copytree(out, inc)
    monkeypatch.setattr(kg.pipeline.cache, "extractor_version", lambda: "another-version")
    monkeypatch.setattr("kg.pipeline.run.extractor_version", lambda: "another-version")
    r = build([corpus], out=inc)
    assert (r.extracted, r.reused) == (8, 0)
    _same(inc, out)


def test_the_version_covers_kg_code_and_data():
    v = kg.pipeline.cache.extractor_version()
    assert len(v) == 20 and v == kg.pipeline.cache.extractor_version()
