"""Hostile input and hostile neighbours (issue 18), away from the endpoint: a planted cache,
control characters, bad JSON, resource limits, kills, two builds at once, a full disk,
odd files in a folder.  Each test reproduces one of the issue's failures.

The articles are written here (a few short sentences each); limits are made small through
the reader's parameters so that no test writes large files."""
from __future__ import annotations

import json
import os
import pickle
import sqlite3
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from build_kit import outputs, write_articles
from kg import build

ROOT = Path(__file__).resolve().parents[1]

ARTICLES = {
    "a.txt": "青岛市人民政府与中国化工集团签署战略合作协议。\n山东大学与华为技术有限公司签约，共建研究院。\n",
    "b.txt": "潍坊市委书记惠新安出席招商推介会。\n潍坊市人民政府与比亚迪股份有限公司签约新能源汽车项目，总投资50亿元。\n",
    "c.txt": "济南市与浪潮集团有限公司签署合作协议，共建数据中心项目。\n",
}


def _articles(folder: Path, names=None) -> Path:
    return write_articles(folder, ARTICLES, names)






def kg(*args, cwd=None, env=None, **kw) -> subprocess.CompletedProcess:
    e = dict(os.environ, PYTHONUNBUFFERED="1", **(env or {}))
    return subprocess.run([sys.executable, "-m", "kg", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd or ROOT, env=e, timeout=300, **kw)


# ---------------------------------------------------------------- 3. the cache holds data, not code

class _Payload:
    """A pickle that creates a file when loaded."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (open, (str(self.marker), "w"))


def _plant(cache: Path, blob: bytes) -> int:
    db = sqlite3.connect(cache)
    n = db.execute("UPDATE docs SET data = ?", (blob,)).rowcount
    db.commit()
    db.close()
    return n


def test_a_planted_pickle_in_the_cache_does_not_run(tmp_path):
    src = _articles(tmp_path / "in")
    out = tmp_path / "out"
    assert kg("build", src, "--out", out).returncode == 0
    before = outputs(out)
    marker = tmp_path / "PWNED"
    cache = out / ".kg-cache" / "documents.sqlite"
    assert _plant(cache, zlib.compress(pickle.dumps(_Payload(marker)), 1)) == 3
    r = kg("build", src, "--out", out)
    assert r.returncode == 0, r.stderr
    assert not marker.exists()
    said = [line for line in r.stderr.splitlines() if "did not parse" in line]
    assert len(said) == 1 and "3 cached record(s)" in said[0], r.stderr
    assert "Traceback" not in r.stderr
    assert outputs(out) == before
    assert "3 extracted, 0 from cache" in r.stdout
    # kg remove reads every row of the cache: still nothing runs
    _plant(cache, zlib.compress(pickle.dumps(_Payload(marker)), 1))
    r = kg("remove", "a.txt", "--out", out)
    assert r.returncode == 0, r.stderr
    assert not marker.exists()


def test_a_cache_file_that_is_no_database_is_started_afresh(tmp_path):
    src = _articles(tmp_path / "in")
    out = tmp_path / "out"
    build([src], out=out)
    before = outputs(out)
    cache = out / ".kg-cache" / "documents.sqlite"
    for p in cache.parent.iterdir():
        p.unlink()
    cache.write_bytes(b"not a database " * 100)
    warnings: list[str] = []
    res = build([src], out=out, warn=warnings.append)
    assert outputs(out) == before and res.extracted == 3
    assert len([w for w in warnings if "not a cache" in w]) == 1
    # damaged JSON records: a miss each, said once
    _plant(cache, zlib.compress(b'{"doc": [1, 2'))
    warnings.clear()
    res = build([src], out=out, warn=warnings.append)
    assert outputs(out) == before and res.extracted == 3 and res.reused == 0
    assert len([w for w in warnings if "did not parse" in w]) == 1
    res = build([src], out=out, warn=warnings.append)
    assert res.reused == 3 and outputs(out) == before


# ---------------------------------------------------------------- 4. control characters

CONTROLS = "\x00\x07\x1b\x08\x7f\x9b\u202e\u2066"


def test_control_characters_reach_no_terminal_and_no_label(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "\x1b]0;retitled\x07\x1b[2J\rname.txt").write_text(
        "青岛市人民政府与中国化\x07工集\x08团签署战略合作协议。\n"
        "山东\u202e大学与华为技术\x1b有限公司签约，共建研究院。\n" + ARTICLES["b.txt"], encoding="utf-8")
    (src / "d.jsonl").write_text(json.dumps({"title": "标题\x00\x1b]0;t\x07", "text":
                                             "济南市人民政府与浪\x00潮集团有限公司签约。"}) + "\n", encoding="utf-8")
    (src / "bad\x1b[31m\r.pdf").write_bytes(b"%PDF-1.4 not an article")
    (src / "c.txt").write_text(ARTICLES["c.txt"], encoding="utf-8")
    out = tmp_path / "out"
    r = kg("build", src, "--out", out)
    assert r.returncode == 0, r.stderr
    for stream in (r.stdout, r.stderr):
        assert not any(c in stream for c in "\x1b\x07\r\x00\u202e"), repr(stream)
    assert "bad\\x1b[31m\\r.pdf" in r.stderr
    import rdflib
    g = rdflib.Graph().parse(out / "graph.ttl")
    labels = [str(o) for p in (rdflib.RDFS.label, rdflib.SKOS.altLabel) for o in g.objects(None, p)]
    assert labels and not [x for x in labels if any(c in x for c in CONTROLS)]
    assert {"中国化工集团", "华为技术有限公司", "浪潮集团有限公司"} <= set(labels), labels
    report = (out / "report.md").read_text(encoding="utf-8")
    assert "\x1b" not in report and "\x07" not in report


def test_normalisation_drops_controls_but_keeps_offsets():
    from kg.read.text import normalise_text
    original = "中国\x00化\x1b[1m工\u202e集团\t签约\x0c项目\u2028。"
    t = normalise_text(original)
    assert not any(c in t.chars for c in CONTROLS)
    assert "中国化[1m工集团" in t.chars
    assert len(t.offsets) == len(t.chars)
    assert all(original[o] == c or c in " \n" for c, o in zip(t.chars, t.offsets) if c not in "[1m")


# ---------------------------------------------------------------- 7. one bad JSON line

def test_one_bad_json_line_loses_only_itself(tmp_path):
    from kg.read import Skipped, read_paths
    good = [json.dumps({"text": ARTICLES[n], "title": n}, ensure_ascii=False) for n in ("a.txt", "b.txt", "c.txt")]
    f = tmp_path / "mixed.jsonl"
    f.write_text("\n".join([good[0], "[" * 100000 + "]" * 100000, good[1], '{"text": ' + "9" * 5000 + "}",
                            '{"text": "x", "n": ' + "[" * 50000 + "]" * 50000 + "}", "{broken", good[2]]) + "\n",
                 encoding="utf-8")
    items = list(read_paths([f]))
    assert [type(i).__name__ for i in items] == ["Source", "Skipped", "Source", "Skipped", "Skipped", "Skipped", "Source"]
    reasons = [i.reason for i in items if isinstance(i, Skipped)]
    assert all("\n" not in r and len(r) < 200 for r in reasons), reasons
    assert [i.path for i in items if isinstance(i, Skipped)] == [f"{f}:{n}" for n in (2, 4, 5, 6)]


# ---------------------------------------------------------------- 9. workers die with the build

def _corpus(folder: Path, n: int) -> Path:
    """``n`` articles, each a few dozen sentences (long enough for a build to take a few seconds)."""
    folder.mkdir(parents=True, exist_ok=True)
    cities = ["青岛", "潍坊", "济南", "烟台", "临沂", "淄博", "威海", "日照"]
    for i in range(n):
        c = cities[i % len(cities)]
        lines = [f"{c}市人民政府与第{i}{k}号科技有限公司签署战略合作协议，项目总投资{i + k}亿元。"
                 for k in range(40)]
        (folder / f"art{i:03d}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def test_pool_workers_die_with_a_killed_build(tmp_path):
    import signal
    import time
    psutil = pytest.importorskip("psutil")
    src = _corpus(tmp_path / "in", 80)
    p = subprocess.Popen([sys.executable, "-m", "kg", "build", str(src), "--out", str(tmp_path / "out"),
                          "--jobs", "2", "--no-cache"], cwd=ROOT, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
    try:
        parent = psutil.Process(p.pid)
        deadline = time.monotonic() + 60
        children = []
        while time.monotonic() < deadline and p.poll() is None:
            children = parent.children()
            if len(children) >= 2:
                break
            time.sleep(0.05)
        assert len(children) >= 2, "the build's workers did not start"
        time.sleep(0.3)
        p.send_signal(signal.SIGKILL)
        p.wait(30)
        gone, alive = psutil.wait_procs(children, timeout=10)
        assert not alive, f"{len(alive)} worker(s) outlived the build"
    finally:
        if p.poll() is None:
            p.kill()


# ---------------------------------------------------------------- 10. two builds into one folder

LOCK_HOLDER = """
import sys, time
from pathlib import Path
from kg.pipeline.outdir import folder_lock
with folder_lock(Path(sys.argv[1])):
    print("locked", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def test_a_second_build_into_a_busy_folder_refuses_with_one_line(tmp_path):
    src = _articles(tmp_path / "in")
    out = tmp_path / "out"
    assert kg("build", src, "--out", out).returncode == 0
    before = outputs(out)
    holder = subprocess.Popen([sys.executable, "-c", LOCK_HOLDER, str(out), "30"], cwd=ROOT,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        other = _articles(tmp_path / "other", names=["a.txt"])
        for args in (["build", other, "--out", out, "--no-cache"], ["build", other, "--out", out],
                     ["remove", "a.txt", "--out", out]):
            r = kg(*args)
            assert r.returncode == 2, r.stderr
            lines = [line for line in r.stderr.splitlines() if line.strip()]
            assert len(lines) == 1 and "another kg is writing into this folder" in lines[0], r.stderr
            assert f"process {holder.pid}" in lines[0]
        assert outputs(out) == before
    finally:
        holder.kill()
        holder.wait()
    # the lock goes with its process: now a build goes through; with KG_LOCK_WAIT one waits
    holder = subprocess.Popen([sys.executable, "-c", LOCK_HOLDER, str(out), "1.5"], cwd=ROOT,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        r = kg("build", tmp_path / "other", "--out", out, env={"KG_LOCK_WAIT": "60"})
        assert r.returncode == 0, r.stderr
    finally:
        holder.wait()
    assert outputs(out) != before


def test_two_real_builds_into_one_folder_leave_one_build(tmp_path):
    """A 100- and a 90-article build at once (--no-cache): whichever wins, the folder is one build."""
    big = _corpus(tmp_path / "big", 60)
    small = tmp_path / "small"
    small.mkdir()
    for f in sorted(big.iterdir())[:50]:
        (small / f.name).write_bytes(f.read_bytes())
    out = tmp_path / "out"
    procs = [subprocess.Popen([sys.executable, "-m", "kg", "build", str(d), "--out", str(out), "--no-cache"],
                              cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for d in (big, small)]
    results = [(p.wait(300), *p.communicate()) for p in procs]
    assert not any("Traceback" in err for _, _, err in results), results
    ok = [i for i, (rc, _, _) in enumerate(results) if rc == 0]
    assert ok, results
    for rc, _, err in results:
        assert rc == 0 or "another kg is writing" in err
    # the files in the folder are one build's: graph and report name the same number of documents
    report = (out / "report.md").read_text(encoding="utf-8")
    import rdflib
    g = rdflib.Graph().parse(out / "graph.ttl")
    n_docs = len(set(g.subjects(rdflib.RDF.type, rdflib.URIRef("https://w3id.org/kg-zhaoshang/ontology#Document"))))
    assert f"- documents read: {n_docs}\n" in report


# ---------------------------------------------------------------- 13. what killed runs left

def test_stale_work_folders_and_temporary_files_are_removed(tmp_path):
    src = _articles(tmp_path / "in")
    out = tmp_path / "out"
    build([src], out=out)
    (out / ".kg-build-abc123").mkdir()
    (out / ".kg-build-abc123" / "union.0").write_text("x")
    (out / ".kg-stage-def456").mkdir()
    (out / ".kg-stage-def456" / "graph.ttl").write_text("half")
    for name in (".graph.ttl.x1y2.tmp", ".map.html.zz.tmp", ".report.md.q.tmp"):
        (out / name).write_text("partial")
    (out / ".mine.tmp").write_text("not kg's")            # not a kg temporary file: stays
    build([src], out=out)
    left = sorted(p.name for p in out.iterdir() if p.name.startswith("."))
    assert left == [".kg-cache", ".kg-lock", ".kg-removed.json", ".kg-skipped.json", ".mine.tmp"]


def test_a_swap_killed_half_way_is_finished_by_the_next_run(tmp_path):
    from kg.pipeline.outdir import MARK, recover
    out = tmp_path / "out"
    out.mkdir()
    for n in ("graph.ttl", "report.md"):
        (out / n).write_text("old " + n)
    stage = out / ".kg-stage-1"
    stage.mkdir()
    (stage / "report.md").write_text("new report.md")
    (stage / MARK).write_text("graph.ttl\nreport.md\n")   # graph.ttl was renamed already
    (out / "graph.ttl").write_text("new graph.ttl")
    recover(out)
    assert (out / "graph.ttl").read_text() == "new graph.ttl" and (out / "report.md").read_text() == "new report.md"
    assert not stage.exists()


# ---------------------------------------------------------------- 12. disk full

DISK_FULL = """
import errno, os, sys
k, n, real = int(os.environ["KG_ENOSPC_ON_FSYNC"]), [0], os.fsync
def fsync(fd):
    n[0] += 1
    if n[0] == k:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    return real(fd)
os.fsync = fsync
sys.argv = ["kg"] + sys.argv[1:]
from kg.cli import main
main()
"""


@pytest.fixture(scope="module")
def previous_build(tmp_path_factory):
    base = tmp_path_factory.mktemp("full")
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    old, new = base / "old", base / "new"
    old.mkdir()
    new.mkdir()
    for f in seeds[:-1]:
        (old / f.name).write_bytes(f.read_bytes())
    for f in seeds:
        (new / f.name).write_bytes(f.read_bytes())
    out = base / "previous"
    assert kg("build", old, "--out", out).returncode == 0
    return base, new, out


def _fsize_limit(n: int):
    def set_limit():
        import resource
        resource.setrlimit(resource.RLIMIT_FSIZE, (n, n))
    return set_limit


@pytest.mark.parametrize("how", ["fsize-8k", "fsize-200k", "fsize-320k", "fsize-500k", "enospc-1", "enospc-3",
                                 "enospc-5"])
def test_a_full_disk_leaves_the_outputs_all_old_and_says_one_line(previous_build, tmp_path, how):
    import shutil
    base, new, previous = previous_build
    out = tmp_path / "out"
    shutil.copytree(previous, out)
    before = outputs(out)
    kind, arg = how.split("-")
    if kind == "fsize":
        limit = int(arg[:-1]) * 1024
        r = subprocess.run([sys.executable, "-m", "kg", "build", str(new), "--out", str(out)], cwd=ROOT,
                           capture_output=True, text=True, timeout=300, preexec_fn=_fsize_limit(limit))
    else:
        r = subprocess.run([sys.executable, "-c", DISK_FULL, "build", str(new), "--out", str(out)], cwd=ROOT,
                           capture_output=True, text=True, timeout=300,
                           env=dict(os.environ, KG_ENOSPC_ON_FSYNC=arg))
    assert r.returncode == 2, (r.returncode, r.stderr[-2000:])
    assert "Traceback" not in r.stderr
    errors = [line for line in r.stderr.splitlines() if line.startswith("kg: ")]
    assert len(errors) == 1 and "cannot write" in errors[0] and "unchanged" in errors[0], r.stderr
    assert str(out) in errors[0]
    assert outputs(out) == before
    # and the next build, with room, completes
    r = kg("build", new, "--out", out)
    assert r.returncode == 0, r.stderr
    assert outputs(out) != before
    assert not [p for p in out.iterdir() if p.name.startswith((".kg-stage-", ".kg-build-")) or p.name.endswith(".tmp")]


# ---------------------------------------------------------------- 15, 11. kg remove

def test_remove_keeps_the_skipped_list(tmp_path):
    src = _articles(tmp_path / "in")
    (src / "broken.pdf").write_bytes(b"%PDF-1.4")
    out = tmp_path / "out"
    build([src], out=out)
    assert "broken.pdf" in (out / "report.md").read_text(encoding="utf-8")
    r = kg("remove", "a.txt", "--out", out)
    assert r.returncode == 0, r.stderr
    (src / "a.txt").unlink()
    fresh = tmp_path / "fresh"
    build([src], out=fresh)
    assert "broken.pdf" in (out / "report.md").read_text(encoding="utf-8")
    assert outputs(out) == outputs(fresh)


KILL_AFTER_FILES = """
import os, signal, sys
import kg.pipeline.remove as rm
real = rm.remove_from_store
def remove_from_store(*a, **k):
    os.kill(os.getpid(), signal.SIGKILL)
rm.remove_from_store = remove_from_store
sys.argv = ["kg"] + sys.argv[1:]
from kg.cli import main
main()
"""


def test_remove_from_a_store_can_be_finished_after_a_kill(tmp_path):
    src = _articles(tmp_path / "in")
    out, store = tmp_path / "out", tmp_path / "store"
    r = kg("build", src, "--out", out, "--store", store)
    assert r.returncode == 0, r.stderr
    from kg.rdf.store import open_store
    import pyoxigraph as ox

    def graphs_named(name):
        st = open_store(store)
        try:
            q = f'ASK {{ GRAPH ?g {{ ?d <https://w3id.org/kg-zhaoshang/ontology#fileName> "{name}" }} }}'
            return st.query(q).__bool__()
        finally:
            del st
    assert graphs_named("a.txt")
    # the old order: the files changed, then killed before the store (a removal without --store)
    r = kg("remove", "a.txt", "--out", out)
    assert r.returncode == 0
    r = kg("remove", "a.txt", "--out", out, "--store", store)
    assert r.returncode == 0, r.stderr
    assert "removed a.txt" in r.stdout and not graphs_named("a.txt")
    # killed at the store step: running it again finishes
    p = subprocess.run([sys.executable, "-c", KILL_AFTER_FILES, "remove", "b.txt", "--out", str(out),
                        "--store", str(store)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert p.returncode == -9
    r = kg("remove", "b.txt", "--out", out, "--store", store)
    assert r.returncode == 0, r.stderr
    assert not graphs_named("b.txt") and graphs_named("c.txt")
    # an unknown document is still refused
    assert kg("remove", "nothing.txt", "--out", out, "--store", store).returncode == 2


# ---------------------------------------------------------------- 14. links, pipes, devices

def test_links_pipes_and_devices_get_one_line_each(tmp_path):
    src = _articles(tmp_path / "in", names=["a.txt"])
    os.symlink("loop2.txt", src / "loop1.txt")
    os.symlink("loop1.txt", src / "loop2.txt")
    os.symlink("nowhere.txt", src / "dangling.txt")
    os.symlink("/dev/zero", src / "zero.txt")
    os.symlink("/dev/urandom", src / "random.txt")
    os.mkfifo(src / "pipe.txt")
    os.symlink(str(src), src / "self")              # a link to a folder (its own): not followed
    os.symlink("a.txt", src / "good-link.txt")      # a link to a file is read (the same article)
    r = kg("build", src, "--out", tmp_path / "out")
    assert r.returncode == 0, r.stderr
    lines = [line for line in r.stderr.splitlines() if line.startswith("warning:")]
    want = {"loop1.txt": "symbolic link loop", "loop2.txt": "symbolic link loop",
            "dangling.txt": "broken symbolic link", "zero.txt": "device file", "random.txt": "device file",
            "pipe.txt": "named pipe", "self": "symbolic link to a folder"}
    for name, reason in want.items():
        hits = [line for line in lines if f"/{name}:" in line]
        assert len(hits) == 1 and reason in hits[0], (name, lines)
    assert len(lines) == len(want), lines
    assert "1 documents, 7 skipped" in r.stdout


# ---------------------------------------------------------------- 5, 6. limits

def test_the_article_limit_holds_for_every_format(tmp_path, monkeypatch):
    import kg.read.files as rd
    monkeypatch.setattr(rd, "MAX_ARTICLE_BYTES", 20_000)
    big = "青岛市人民政府与中国化工集团签署战略合作协议。" * 400          # ~28 KB of UTF-8
    src = tmp_path / "in"
    src.mkdir()
    (src / "big.json").write_text(json.dumps({"text": big}, ensure_ascii=False), encoding="utf-8")
    (src / "big.jsonl").write_text(json.dumps({"text": big}, ensure_ascii=False) + "\n" +
                                   json.dumps({"text": ARTICLES["a.txt"]}, ensure_ascii=False) + "\n", encoding="utf-8")
    (src / "big.html").write_text(f"<html><body><p>{big}</p></body></html>", encoding="utf-8")
    (src / "big.txt").write_text(big, encoding="utf-8")
    items = list(rd.read_paths([src]))
    skipped = {i.path.rsplit("/", 1)[1]: i.reason for i in items if isinstance(i, rd.Skipped)}
    assert set(skipped) == {"big.json:1", "big.jsonl:1", "big.html", "big.txt"}, skipped
    assert all("too large" in r for r in skipped.values())
    assert [i.name for i in items if isinstance(i, rd.Source)] == ["big.jsonl#2"]


def test_extraction_time_per_article_is_bounded(tmp_path):
    import time
    src = _articles(tmp_path / "in", names=["a.txt"])
    (src / "one-line.txt").write_text("青岛市人民政府与中国化工集团签署战略合作协议并且" * 20000, encoding="utf-8")
    t0 = time.monotonic()
    r = kg("build", src, "--out", tmp_path / "out", env={"KG_ARTICLE_SECONDS": "1"})
    assert r.returncode == 0, r.stderr
    assert time.monotonic() - t0 < 60
    lines = [line for line in r.stderr.splitlines() if "one-line.txt" in line]
    assert len(lines) == 1 and "extraction stopped after 1 s" in lines[0], r.stderr
    assert "1 documents, 1 skipped" in r.stdout


def test_a_large_json_array_is_streamed_and_its_repeated_warnings_counted(tmp_path, monkeypatch):
    import kg.read.files as rd
    monkeypatch.setattr(rd, "STREAM_JSON_BYTES", 1000)
    src = tmp_path / "in"
    src.mkdir()
    items = [{"id": i, "body": None} for i in range(3000)]
    items[1500] = {"text": ARTICLES["a.txt"], "title": "一篇"}
    items[2500] = {"text": ARTICLES["b.txt"]}
    (src / "export.json").write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
    # streamed: items come before the file is read to its end
    stream = rd._read_any(src / "export.json")
    assert not isinstance(stream, list)
    warnings: list[str] = []
    out = tmp_path / "out"
    res = build([src], out=out, warn=warnings.append)
    assert len(res.documents) == 2
    assert len(warnings) <= 10, warnings
    assert any("2,993 more items skipped for the same reason" in w for w in warnings), warnings
    report = (out / "report.md").read_text(encoding="utf-8")
    assert report.count("export.json") < 12
    # the same records as the whole file read at once
    monkeypatch.setattr(rd, "STREAM_JSON_BYTES", 10 ** 9)
    whole = tmp_path / "whole"
    build([src], out=whole)
    assert (whole / "graph.ttl").read_bytes() == (out / "graph.ttl").read_bytes()
