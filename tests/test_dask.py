"""--executor dask: extraction on a Dask cluster, merged exactly as locally."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kg import build

distributed = pytest.importorskip("distributed")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench.corpus import write_corpus  # noqa: E402

OUTPUTS = ("graph.ttl", "graph.trig", "map.html", "report.md")


@pytest.fixture(scope="module")
def cluster():
    # workers in this process, but on TCP so that the CLI in another process can reach them too
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False, protocol="tcp",
                                  host="127.0.0.1", dashboard_address=None) as c:
        yield c


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    write_corpus(folder, 6, seed=11)
    (folder / "empty.txt").write_bytes(b"")
    return folder


def test_dask_build_writes_the_same_bytes_as_local(cluster, corpus, tmp_path):
    local = build([corpus], out=tmp_path / "local", cache=False)
    remote = build([corpus], out=tmp_path / "dask", executor="dask", scheduler=cluster.scheduler_address, cache=False)
    for name in OUTPUTS:
        assert (tmp_path / "local" / name).read_bytes() == (tmp_path / "dask" / name).read_bytes(), name
    assert remote.skipped == local.skipped and len(remote.skipped) == 1
    assert remote.extracted == 6


def test_dask_build_fills_the_same_cache(cluster, corpus, tmp_path):
    build([corpus], out=tmp_path, executor="dask", scheduler=cluster.scheduler_address)
    again = build([corpus], out=tmp_path)
    assert (again.extracted, again.reused) == (0, 6)


def test_cli_dask_needs_a_scheduler(tmp_path, corpus):
    proc = subprocess.run([sys.executable, "-m", "kg", "build", str(corpus), "--out", str(tmp_path),
                           "--executor", "dask"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and "--scheduler" in proc.stderr and "Traceback" not in proc.stderr


def test_cli_dask_names_an_unreachable_scheduler(tmp_path, corpus):
    proc = subprocess.run([sys.executable, "-m", "kg", "build", str(corpus), "--out", str(tmp_path),
                           "--executor", "dask", "--scheduler", "tcp://127.0.0.1:9"],
                          capture_output=True, text=True, timeout=120, env={**os.environ, "KG_DASK_TIMEOUT": "3"})
    assert proc.returncode == 2 and "tcp://127.0.0.1:9" in proc.stderr and "Traceback" not in proc.stderr


def test_cli_dask_with_a_scheduler(cluster, corpus, tmp_path):
    proc = subprocess.run([sys.executable, "-m", "kg", "build", str(corpus), "--out", str(tmp_path),
                           "--executor", "dask", "--scheduler", cluster.scheduler_address],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "6 documents, 1 skipped" in proc.stdout
