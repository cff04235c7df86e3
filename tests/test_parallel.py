"""--jobs N: the same bytes as --jobs 1, whatever order the workers finish in."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kg import build

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench.corpus import write_corpus  # noqa: E402

OUTPUTS = ("graph.ttl", "graph.trig", "map.html", "report.md")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    write_corpus(folder / "gen", 7, seed=3)
    (folder / "broken.txt").write_bytes(b"\x00\x01binary")
    for f in sorted((ROOT / "seeds").iterdir())[:1]:
        (folder / f.name).write_bytes(f.read_bytes())
    (folder / "dup.txt").write_bytes(sorted((ROOT / "seeds").iterdir())[0].read_bytes())
    return folder


@pytest.fixture(scope="module")
def serial(corpus, tmp_path_factory):
    out = tmp_path_factory.mktemp("jobs1")
    return out, build([corpus], out=out, jobs=1, cache=False)


def _same(a: Path, b: Path, names=OUTPUTS) -> None:
    for name in names:
        if (a / name).exists() or (b / name).exists():
            assert (a / name).read_bytes() == (b / name).read_bytes(), name


def test_jobs_2_writes_the_same_bytes_as_jobs_1(corpus, serial, tmp_path):
    out1, r1 = serial
    r2 = build([corpus], out=tmp_path, jobs=2, cache=False)
    _same(out1, tmp_path)
    assert [d["name"] for d in r2.documents] == [d["name"] for d in r1.documents]
    assert r2.skipped == r1.skipped and len(r1.skipped) == 1
    assert len(r1.documents) == 8          # the duplicate of a seed is read once


def test_batches_of_one_in_four_workers_change_nothing(corpus, serial, tmp_path, monkeypatch):
    import kg.pipeline.run as pipeline
    monkeypatch.setattr(pipeline, "BATCH_DOCS", 1)
    build([corpus], out=tmp_path, jobs=4, cache=False)
    _same(serial[0], tmp_path)


def test_progress_is_called_once_per_article_in_order(corpus, serial, tmp_path):
    seen: list[str] = []
    build([corpus], out=tmp_path, jobs=2, progress=seen.append, cache=False)
    assert len(seen) == 9
    assert [s for s in seen if not s.endswith("broken.txt")] == [d["name"] for d in serial[1].documents]


def test_cli_jobs_2(corpus, tmp_path):
    outs = []
    for jobs in ("1", "2"):
        outs.append(tmp_path / jobs)
        # one hash seed for both runs: this compares --jobs, not set iteration order between interpreters
        proc = subprocess.run([sys.executable, "-m", "kg", "build", str(corpus), "--out", str(outs[-1]), "--jobs", jobs],
                              capture_output=True, text=True, timeout=300, env={**os.environ, "PYTHONHASHSEED": "0"})
        assert proc.returncode == 0, proc.stderr
        assert "8 documents, 1 skipped" in proc.stdout
        assert "8 extracted, 0 from cache" in proc.stdout
    _same(*outs)
