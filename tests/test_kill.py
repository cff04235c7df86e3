"""A `kg build` killed at any point leaves the previous outputs intact, and a re-run completes.

Two kinds of kill point, both with SIGKILL (nothing can be cleaned up):

* at every file boundary: the build runs with ``os.replace`` wrapped so that the process kills
  itself on its k-th rename, for every k (each output's temporary file is complete, its rename
  has not happened);
* at random moments: the test kills the subprocess after a delay drawn (fixed seed) over the
  length of an uninterrupted build, again and again on the same folder (the previous outputs put
  back each time), so that the temporary files and half-written cache of one killed run meet the next.

After each kill, every output file must be byte for byte either the previous build's or the new
complete build's; after the last, a plain re-run must finish and write the new build exactly.
"""
from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
OUTPUTS = ("graph.ttl", "graph.trig", "map.html", "report.md", "report.html")
RANDOM_KILLS = 6
SEED = 20240611

KILL_ON_RENAME = """
import os, signal, sys
k, n, real = int(os.environ["KG_KILL_ON_RENAME"]), [0], os.replace
def replace(a, b):
    n[0] += 1
    if n[0] == k:
        os.kill(os.getpid(), signal.SIGKILL)
    return real(a, b)
os.replace = replace
if k == 0:
    import atexit
    atexit.register(lambda: sys.stderr.write(f"\\nrenames={n[0]}\\n"))
sys.argv = ["kg"] + sys.argv[1:]
from kg.cli import main
main()
"""


def kg(args: list[str], kill_on_rename: int | None = None) -> subprocess.Popen:
    env = dict(os.environ, PYTHONHASHSEED="0")
    if kill_on_rename is None:
        cmd = [sys.executable, "-m", "kg", *args]
    else:
        env["KG_KILL_ON_RENAME"] = str(kill_on_rename)
        cmd = [sys.executable, "-c", KILL_ON_RENAME, *args]
    return subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def kg_build(corpus: Path, out: Path, kill_on_rename: int | None = None) -> subprocess.Popen:
    return kg(["build", str(corpus), "--out", str(out)], kill_on_rename)


def snapshot(out: Path) -> dict[str, bytes | None]:
    return {n: (out / n).read_bytes() if (out / n).exists() else None for n in OUTPUTS}


def debris(out: Path) -> list[str]:
    """What a killed build may leave beside the outputs: hidden temporary files and folders."""
    return sorted(p.name for p in out.iterdir() if p.name not in OUTPUTS and p.name != ".kg-cache")


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    """The previous build (four seeds), the new corpus (all five) and its complete build."""
    base = tmp_path_factory.mktemp("kill")
    old_in, new_in = base / "old", base / "new"
    old_in.mkdir()
    new_in.mkdir()
    for f in SEEDS[:-1]:
        shutil.copy(f, old_in)
    for f in SEEDS:
        shutil.copy(f, new_in)
    previous, complete = base / "previous", base / "complete"
    runs = [kg_build(old_in, previous), kg_build(new_in, complete, kill_on_rename=0)]
    t0 = time.monotonic()
    outs = [p.communicate(timeout=300) for p in runs]
    seconds = time.monotonic() - t0
    for p, (_, err) in zip(runs, outs):
        assert p.returncode == 0, err
    renames = int(outs[1][1].rsplit("renames=", 1)[1].split()[0])
    old, new = snapshot(previous), snapshot(complete)
    assert all(old.values()) and all(new.values())
    assert old != new
    return {"base": base, "new_in": new_in, "previous": previous, "old": old, "new": new,
            "renames": renames, "seconds": seconds}


def _parses(path: Path) -> bool:
    import rdflib
    try:
        rdflib.Dataset().parse(path, format="trig" if path.suffix == ".trig" else "turtle")
        return True
    except Exception:
        return False


def assert_old_or_new(out: Path, builds: dict, where: str) -> dict[str, str]:
    states = {}
    now = snapshot(out)
    for name in OUTPUTS:
        if now[name] == builds["old"][name]:
            states[name] = "old"
        elif now[name] == builds["new"][name]:
            states[name] = "new"
        else:
            size = None if now[name] is None else len(now[name])
            whole = name.startswith("graph") and now[name] is not None and _parses(out / name)
            pytest.fail(f"{where}: {name} is neither the previous nor the new complete file ({size} bytes"
                        + (", a whole graph: did kg's code change while the test ran?)" if whole else ")"))
    assert all(n.startswith(".") for n in debris(out)), debris(out)
    return states


def test_a_kill_at_every_rename_leaves_each_file_whole(builds):
    assert builds["renames"] >= len(OUTPUTS)

    def one(k: int):
        out = builds["base"] / f"rename-{k}"
        shutil.copytree(builds["previous"], out)
        p = kg_build(builds["new_in"], out, kill_on_rename=k)
        p.communicate(timeout=300)
        assert p.returncode == -signal.SIGKILL, f"rename {k}: exit {p.returncode}"
        return k, out, assert_old_or_new(out, builds, f"killed at rename {k}")

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(one, range(1, builds["renames"] + 1)))
    # the k-th kill leaves k-1 files renamed: each later point shows at least as many new files
    news = [sum(s == "new" for s in states.values()) for _, _, states in results]
    assert news == sorted(news) and news[0] == 0, news
    print(f"\nkill: {len(results)} rename points, new files after each: {news}")
    # a re-run after the last one completes and writes the new build exactly
    k, out, _ = results[-1]
    p = kg_build(builds["new_in"], out)
    _, err = p.communicate(timeout=300)
    assert p.returncode == 0, err
    assert snapshot(out) == builds["new"]


def test_random_kills_then_a_rerun_completes(builds):
    out = builds["base"] / "random"
    shutil.copytree(builds["previous"], out)
    rng = random.Random(SEED)
    landed = []
    span = builds["seconds"]       # how long a build takes; shrinks to what a run that finished took
    for i in range(RANDOM_KILLS):
        delay = rng.uniform(0.05, 1.0) * span
        for name, data in builds["old"].items():   # the previous outputs again; debris and cache stay
            (out / name).write_bytes(data)
        t0 = time.monotonic()
        p = kg_build(builds["new_in"], out)
        try:
            p.wait(timeout=delay)
            finished = True
            span = min(span, time.monotonic() - t0)
        except subprocess.TimeoutExpired:
            p.send_signal(signal.SIGKILL)
            p.wait(timeout=60)
            finished = False
        p.communicate()
        states = assert_old_or_new(out, builds, f"kill {i} after {delay:.2f} s")
        landed.append((round(delay, 2), "finished" if finished else "killed",
                       sum(s == "new" for s in states.values())))
    print(f"\nkill: {RANDOM_KILLS} random points (delay s, outcome, new files): {landed}; "
          f"left behind: {debris(out)}")
    p = kg_build(builds["new_in"], out)
    _, err = p.communicate(timeout=300)
    assert p.returncode == 0, err
    assert snapshot(out) == builds["new"]


def test_a_removal_killed_at_any_rename_can_be_run_again(builds):
    """``kg remove`` writes graph.trig (what it reads) last: killed anywhere, running it again finishes."""
    gone = SEEDS[0].name
    expected_dir = builds["base"] / "removed"
    shutil.copytree(builds["previous"], expected_dir)
    p = kg(["remove", gone, "--out", str(expected_dir)], kill_on_rename=0)
    _, err = p.communicate(timeout=300)
    assert p.returncode == 0, err
    renames = int(err.rsplit("renames=", 1)[1].split()[0])
    removed = snapshot(expected_dir)
    assert renames >= len(OUTPUTS) and removed != builds["old"]   # (staged: each file renamed twice)

    def one(k: int):
        out = builds["base"] / f"remove-{k}"
        shutil.copytree(builds["previous"], out)
        p = kg(["remove", gone, "--out", str(out)], kill_on_rename=k)
        p.communicate(timeout=300)
        assert p.returncode == -signal.SIGKILL
        states = assert_old_or_new(out, {"old": builds["old"], "new": removed}, f"remove killed at rename {k}")
        again = kg(["remove", gone, "--out", str(out)])
        _, err = again.communicate(timeout=300)
        assert again.returncode == 0, err
        assert snapshot(out) == removed
        return sum(s == "new" for s in states.values())

    with ThreadPoolExecutor(max_workers=2) as pool:
        news = list(pool.map(one, range(1, renames + 1)))
    print(f"\nkill: kg remove killed at {renames} rename points, new files after each: {news}; each re-run finished")
