"""The benchmark suite: ``python -m bench`` (or ``make bench``).  Prints a table, writes JSON.

    python -m bench --quick                      # 200 and 1k articles, a 100k-triple graph (minutes)
    python -m bench                              # 1k, 10k, 100k articles; 100k and 1M triples (hours)
    python -m bench --articles 1000 --graphs 1000000 --only build,graph --runs 3

Every figure is measured against its anchor in the same run, because the machine may be
shared: build throughput (characters per CPU-second, i.e. per core) against ``jieba.lcut``
on the same text; ``--jobs N`` wall time against ``--jobs 1`` (and the bytes compared);
an incremental rebuild against a full one (and the bytes compared); Oxigraph against rdflib.
Inputs are generated (bench/corpus.py), deterministic and cached in ``--work``.
Each measurement runs in a fresh interpreter (bench/child.py) so peak RSS is its own.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUTPUTS = ("graph.ttl", "graph.trig", "map.html", "report.md")
SECTIONS = ("anchor", "build", "incremental", "dask", "graph", "map")


def _child(*args: str, timeout: float | None = None) -> dict:
    path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)  # keep the caller's
    env = {**os.environ, "PYTHONHASHSEED": "0", "PYTHONPATH": path}
    try:
        p = subprocess.run([sys.executable, "-m", "bench.child", *map(str, args)], capture_output=True,
                           text=True, timeout=timeout, env=env, cwd=ROOT)
    except subprocess.TimeoutExpired as e:
        done = [json.loads(x) for x in (e.stderr or b"").decode(errors="replace").splitlines() if x.startswith("{")] \
            if isinstance(e.stderr, bytes) else []
        return {"error": f"timed out after {timeout:.0f} s", "partial": done}
    if p.returncode != 0:
        return {"error": p.stderr.strip().splitlines()[-1] if p.stderr.strip() else f"exit {p.returncode}"}
    return json.loads(p.stdout.strip().splitlines()[-1])


def _digest(out: Path) -> str:
    h = hashlib.sha256()
    for name in OUTPUTS:
        if (out / name).exists():
            h.update(name.encode() + b"\0" + (out / name).read_bytes())
    return h.hexdigest()[:16]


def machine() -> dict:
    info = {"python": platform.python_version(), "platform": platform.platform(), "cores": os.cpu_count()}
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
        for line in open("/proc/meminfo"):
            if line.startswith("MemTotal"):
                info["memory_gib"] = round(int(line.split()[1]) / 2**20, 1)
    except OSError:
        pass
    from importlib import metadata
    for dist in ("jieba", "jieba_fast", "rdflib", "pyoxigraph", "dask", "distributed", "kg"):
        try:
            info[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            pass
    try:
        info["git"] = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                                     text=True).stdout.strip()
    except OSError:
        pass
    info["loadavg_start"] = os.getloadavg()[0]
    return info


def corpus(work: Path, n: int, seed: int = 0) -> Path:
    from bench.corpus import write_corpus
    folder = work / f"corpus-{n}-s{seed}"
    if not (folder / ".done").exists():
        shutil.rmtree(folder, ignore_errors=True)
        write_corpus(folder, n, seed=seed)
        (folder / ".done").write_text("ok")
    return folder


def graph_file(work: Path, n: int, seed: int = 0) -> Path:
    from bench.corpus import write_graph
    path = work / f"graph-{n}-s{seed}.nt"
    if not path.exists():
        write_graph(path.with_suffix(".tmp"), n, seed)
        path.with_suffix(".tmp").rename(path)
    return path


def _med(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


# ---------------------------------------------------------------- sections

def run_anchor(args, work, res):
    n = args.articles[0]
    a = _child("anchor", corpus(work, n), args.anchor_chars)
    if "error" in a:
        print(f"anchor failed: {a['error']}", flush=True)
        return
    a["lcut_chars_per_cpu_s"] = a["chars"] / a["lcut_cpu_s"]
    a["posseg_chars_per_cpu_s"] = a["posseg_chars"] / a["posseg_cpu_s"]
    if "jieba_fast_cpu_s" in a:
        a["jieba_fast_chars_per_cpu_s"] = a["chars"] / a["jieba_fast_cpu_s"]
    res["anchor"] = a
    print(f"jieba.lcut {a['lcut_chars_per_cpu_s']:,.0f} chars/CPU-s; posseg {a['posseg_chars_per_cpu_s']:,.0f}", flush=True)


def run_build(args, work, res):
    res["build"] = {}
    for n in args.articles:
        src = corpus(work, n)
        runs = args.runs if n <= args.repeat_up_to else 1
        row: dict = {"articles": n, "runs": runs, "jobs1": [], f"jobs{args.jobs}": []}
        digests = set()
        for jobs in ((1, args.jobs) if n <= args.jobs1_up_to else (args.jobs,)):
            for i in range(runs):
                out = work / f"out-{n}-j{jobs}"
                shutil.rmtree(out, ignore_errors=True)
                r = _child("build", src, out, jobs, "--no-cache")
                if "error" in r:
                    row.setdefault("errors", []).append(r["error"])
                    continue
                row[f"jobs{jobs}"].append(r)
                digests.add(_digest(out))
                print(f"  {n} articles --jobs {jobs} run {i + 1}: {r['wall_s']:.1f} s wall, {r['cpu_s']:.1f} s CPU, "
                      f"{r['chars'] / r['cpu_s']:,.0f} chars/CPU-s, RSS {r['rss_main_mb']:.0f} MB", flush=True)
        row["same_bytes"] = len(digests) == 1
        j1, jn = row["jobs1"], row[f"jobs{args.jobs}"]
        if j1:
            row["chars"] = j1[0]["chars"]
            row["chars_per_cpu_s"] = _med([r["chars"] / r["cpu_s"] for r in j1])
            row["chars_per_s_jobs1"] = _med([r["chars"] / r["wall_s"] for r in j1])
            row["rss_mb"] = max(r["rss_main_mb"] for r in j1)
            row["phases_s"] = {k: _med([r["phases_s"].get(k) for r in j1]) for k in j1[0]["phases_s"]}
            if "anchor" in res:
                row["vs_jieba_lcut"] = row["chars_per_cpu_s"] / res["anchor"]["lcut_chars_per_cpu_s"]
        if jn and not j1:  # a size built with --jobs N only (--jobs1-up-to): throughput per core from CPU time
            row["chars"] = jn[0]["chars"]
            row["chars_per_cpu_s"] = _med([r["chars"] / r["cpu_s"] for r in jn])
            row["wall_jobsN_s"] = _med([r["wall_s"] for r in jn])
            row["rss_mb"] = float("nan")
            row["phases_s"] = {k: _med([r["phases_s"].get(k) for r in jn]) for k in jn[0]["phases_s"]}
            if "anchor" in res:
                row["vs_jieba_lcut"] = row["chars_per_cpu_s"] / res["anchor"]["lcut_chars_per_cpu_s"]
        if jn:
            row["rss_main_jobsN_mb"] = max(r["rss_main_mb"] for r in jn)
            row["rss_worker_jobsN_mb"] = max(r["rss_workers_mb"] for r in jn)
        if j1 and jn:
            row[f"chars_per_s_jobs{args.jobs}"] = _med([r["chars"] / r["wall_s"] for r in jn])
            row["speedup"] = _med([r["wall_s"] for r in j1]) / _med([r["wall_s"] for r in jn])
            # Amdahl from CPU accounting (robust to a shared machine): the main process's CPU time is
            # the serial part, the workers' the parallel part; the speed-up N dedicated cores would give
            serial, par = _med([r["cpu_main_s"] for r in jn]), _med([r["cpu_workers_s"] for r in jn])
            if serial is not None and par:
                row["speedup_cpu_bound"] = (serial + par) / (serial + par / args.jobs)
                row["serial_share"] = serial / (serial + par)
            row["rss_main_jobsN_mb"] = max(r["rss_main_mb"] for r in jn)
            row["rss_worker_jobsN_mb"] = max(r["rss_workers_mb"] for r in jn)
        res["build"][str(n)] = row


def run_incremental(args, work, res):
    from bench.corpus import write_corpus
    res["incremental"] = {}
    for n in args.incremental:
        src = corpus(work, n)
        grown = work / f"corpus-{n}-plus10"
        shutil.rmtree(grown, ignore_errors=True)
        shutil.copytree(src, grown)
        out = work / f"inc-{n}"
        shutil.rmtree(out, ignore_errors=True)
        first = _child("build", src, out, args.jobs)
        if "error" in first:
            res["incremental"][str(n)] = {"error": first["error"]}
            continue
        print(f"  built {n} articles (--jobs {args.jobs}): {first['wall_s']:.1f} s, RSS main "
              f"{first['rss_main_mb']:.0f} MB, workers {first['rss_workers_mb']:.0f} MB", flush=True)
        write_corpus(grown, 10, seed=0, start=n)      # 10 new articles
        inc = _child("build", grown, out, args.jobs)
        if "error" in inc:
            res["incremental"][str(n)] = {"error": inc["error"]}
            continue
        row = {"articles": n, "jobs": args.jobs, "full_s": first["wall_s"], "incremental_s": inc["wall_s"],
               "extracted": inc["extracted"], "reused": inc["reused"], "first": first, "second": inc}
        if n <= args.check_full_up_to:
            full_out = work / f"inc-{n}-full"
            shutil.rmtree(full_out, ignore_errors=True)
            full = _child("build", grown, full_out, args.jobs, "--no-cache")
            row["rebuild_s"] = full.get("wall_s")
            row["same_bytes_as_full_rebuild"] = _digest(out) == _digest(full_out)
        res["incremental"][str(n)] = row
        print(f"  incremental {n}+10: {inc['wall_s']:.1f} s, extracted {inc['extracted']}, reused {inc['reused']}, "
              f"same bytes as a full rebuild: {row.get('same_bytes_as_full_rebuild', 'not checked')}", flush=True)


def run_dask(args, work, res):
    from distributed import LocalCluster
    n = args.articles[0]
    src = corpus(work, n)
    with LocalCluster(n_workers=args.jobs, threads_per_worker=1, processes=True, dashboard_address=None) as c:
        out = work / f"dask-{n}"
        shutil.rmtree(out, ignore_errors=True)
        r = _child("build", src, out, 1, "--no-cache", "--executor", "dask", "--scheduler", c.scheduler_address)
    local = work / f"out-{n}-j{args.jobs}"
    row = {"articles": n, "workers": args.jobs, **{k: r.get(k) for k in ("wall_s", "cpu_s", "chars", "error")}}
    if "error" not in r:
        row["same_bytes_as_local"] = _digest(out) == _digest(local) if local.exists() else None
        b = res.get("build", {}).get(str(n), {})
        if b.get(f"chars_per_s_jobs{args.jobs}"):
            row["vs_local_jobsN"] = (r["chars"] / r["wall_s"]) / b[f"chars_per_s_jobs{args.jobs}"]
    res["dask"] = row
    print(f"  dask: {row}", flush=True)


def run_graph(args, work, res):
    res["graph"] = {}
    params = {"entity": None, "region": None}
    for n in args.graphs:
        path = graph_file(work, n)
        p = _params(path)
        row = {"triples_requested": n, "file_mb": path.stat().st_size / 1e6, "params": p}
        for engine in ("oxigraph", "store", "rdflib"):
            if engine == "rdflib" and n > args.rdflib_up_to:
                row[engine] = {"skipped": f"above --rdflib-up-to {args.rdflib_up_to}"}
                continue
            r = _child("graph", engine, path, json.dumps(p), timeout=args.graph_timeout)
            row[engine] = r
            q = r.get("queries", {})
            print(f"  graph {n} {engine}: load {r.get('load_s', float('nan')):.1f} s, "
                  f"queries max {max((v['s'] for v in q.values()), default=float('nan')):.2f} s {r.get('error', '')}",
                  flush=True)
        res["graph"][str(n)] = row
    del params


def _params(path: Path) -> dict:
    """Arguments for the named queries: the label of the most mentioned park and company."""
    from collections import Counter
    labels, mentions = {}, Counter()
    with open(path, encoding="utf-8") as f:
        for i, line in enumerate(f):
            if i > 200_000:
                break
            s, p, rest = line.split(" ", 2)
            if p.endswith("#label>") and ("/Park/" in s or "/Company/" in s):
                labels[s] = json.loads(rest.rsplit("@", 1)[0])
            elif p.endswith("#mentionedIn>"):
                mentions[s] += 1
    park = next((s for s, _ in mentions.most_common() if "/Park/" in s and s in labels), None)
    comp = next((s for s, _ in mentions.most_common() if "/Company/" in s and s in labels), None)
    return {"region": labels.get(park, ""), "entity": labels.get(comp, "")}


def run_map(args, work, res):
    script = ROOT / "bench" / "map_settle.py"
    if not script.exists():
        res["map"] = {"skipped": "bench/map_settle.py not present"}
        return
    if not Path("/usr/bin/chromium").exists():
        res["map"] = {"skipped": "no /usr/bin/chromium (make browser)"}
        return
    res["map"] = {}
    for nodes in args.map_nodes:
        p = subprocess.run([sys.executable, str(script), "--nodes", str(nodes), "--runs", str(args.runs)],
                           capture_output=True, text=True, cwd=ROOT, timeout=1800,
                           env={**os.environ, "PYTHONHASHSEED": "0"})
        res["map"][str(nodes)] = {"stdout": p.stdout, "error": p.stderr.strip().splitlines()[-1:] if p.returncode else None}
        print(p.stdout, flush=True)


# ---------------------------------------------------------------- table

def table(res: dict, jobs: int) -> str:
    lines = []
    m = res["machine"]
    lines.append(f"machine: {m.get('cpu', '?')}, {m['cores']} cores, {m.get('memory_gib', '?')} GiB, Python {m['python']}; "
                 f"load average {m['loadavg_start']:.1f} at start, {m.get('loadavg_end', 0):.1f} at end; kg {m.get('git', '')}")
    a = res.get("anchor")
    if a:
        lines.append(f"anchor: jieba.lcut {a['lcut_chars_per_cpu_s']:,.0f} chars/CPU-s, jieba.posseg.lcut "
                     f"{a['posseg_chars_per_cpu_s']:,.0f}" + (f", jieba_fast.lcut {a['jieba_fast_chars_per_cpu_s']:,.0f}"
                                                              if "jieba_fast_chars_per_cpu_s" in a else ""))
    if res.get("build"):
        lines += ["", f"| articles | chars | runs | chars/CPU-s (1 core) | vs jieba.lcut | --jobs {jobs} speed-up (wall / from CPU) | same bytes | "
                      "peak RSS --jobs 1 | RSS main/worker --jobs %d | triples | extract / write / analysis / map s |" % jobs,
                  "|---|---|---|---|---|---|---|---|---|---|---|"]
        for n, r in res["build"].items():
            if "chars" not in r:
                lines.append(f"| {n} | error: {r.get('errors')} |")
                continue
            ph = r.get("phases_s", {})
            lines.append(
                f"| {n} | {r['chars']:,} | {r['runs']} | {r['chars_per_cpu_s']:,.0f} | {r.get('vs_jieba_lcut', 0):.2f} | "
                f"{r.get('speedup', float('nan')):.2f}x / {r.get('speedup_cpu_bound', float('nan')):.2f}x | {r['same_bytes']} | {r['rss_mb']:.0f} MB | "
                f"{r.get('rss_main_jobsN_mb', float('nan')):.0f} / {r.get('rss_worker_jobsN_mb', float('nan')):.0f} MB | "
                f"{(r['jobs1'] or r[f'jobs{jobs}'])[0]['triples']:,} | " + " / ".join(f"{v:.1f}" for v in ph.values()) + " |")
    if res.get("incremental"):
        lines += ["", "| corpus | full build s | +10 articles s | extracted | reused | full rebuild s | same bytes |",
                  "|---|---|---|---|---|---|---|"]
        for n, r in res["incremental"].items():
            if "error" in r:
                lines.append(f"| {n} | error: {r['error']} |")
                continue
            lines.append(f"| {n} | {r['full_s']:.1f} | {r['incremental_s']:.1f} | {r['extracted']} | {r['reused']} | "
                         f"{r.get('rebuild_s') or float('nan'):.1f} | {r.get('same_bytes_as_full_rebuild', 'not checked')} |")
    d = res.get("dask")
    if d:
        lines += ["", f"dask LocalCluster ({d['workers']} worker processes), {d['articles']} articles: "
                      f"{d.get('wall_s') or float('nan'):.1f} s wall, same bytes as local: {d.get('same_bytes_as_local')}"
                      + (f", {d['vs_local_jobsN']:.2f}x the throughput of --jobs {jobs}" if d.get("vs_local_jobsN") else "")
                      + (f" error: {d['error']}" if d.get("error") else "")]
    if res.get("graph"):
        names = sorted({q for r in res["graph"].values() for e in ("oxigraph", "store", "rdflib")
                        for q in r.get(e, {}).get("queries", {})})
        lines += ["", "| triples | engine | load s | serialise s | peak RSS | " + " | ".join(names) + " |",
                  "|---|---|---|---|---|" + "---|" * len(names)]
        for n, r in res["graph"].items():
            for e in ("rdflib", "oxigraph", "store"):
                x = r.get(e, {})
                if "load_s" not in x:
                    lines.append(f"| {n} | {e} | {x.get('skipped') or x.get('error')} |")
                    continue
                qs = x.get("queries", {})
                lines.append(f"| {x['triples']:,} | {e} | {x['load_s']:.1f} | {x['serialise_s']:.1f} | "
                             f"{x['rss_main_mb']:.0f} MB | " + " | ".join(
                                 f"{qs[q]['s']:.3f}" if q in qs else "-" for q in names) + " |")
    mp = res.get("map")
    if mp:
        lines.append("")
        for k, v in mp.items():
            lines.append(f"map {k}: " + (v if isinstance(v, str) else (v.get("stdout") or str(v.get("error")))))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="small sizes: 200 and 1k articles, 100k triples")
    ap.add_argument("--articles", type=lambda s: [int(x) for x in s.split(",")], default=None)
    ap.add_argument("--graphs", type=lambda s: [int(x) for x in s.split(",")], default=None)
    ap.add_argument("--incremental", type=lambda s: [int(x) for x in s.split(",")], default=None,
                    help="corpus sizes to add 10 articles to (default: the articles sizes up to 10k)")
    ap.add_argument("--only", default=",".join(SECTIONS), help="sections: " + ",".join(SECTIONS))
    ap.add_argument("--runs", type=int, default=3, help="runs of each small measurement (median reported)")
    ap.add_argument("--repeat-up-to", type=int, default=1000, help="sizes above this run once")
    ap.add_argument("--check-full-up-to", type=int, default=1000,
                    help="compare incremental and full rebuild bytes up to this size")
    ap.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1))
    ap.add_argument("--jobs1-up-to", type=int, default=10**9,
                    help="sizes above this are built with --jobs N only (a 100k-article --jobs 1 run takes hours)")
    ap.add_argument("--anchor-chars", type=int, default=2_000_000)
    ap.add_argument("--rdflib-up-to", type=int, default=1_000_000)
    ap.add_argument("--graph-timeout", type=float, default=1800)
    ap.add_argument("--map-nodes", type=lambda s: [int(x) for x in s.split(",")], default=[1000, 5000])
    ap.add_argument("--work", type=Path, default=ROOT / "bench" / "results" / "work")
    ap.add_argument("--json", type=Path, default=None, help="where to write results (default bench/results/)")
    args = ap.parse_args(argv)
    if args.articles is None:
        args.articles = [200, 1000] if args.quick else [1000, 10_000, 100_000]
    if args.graphs is None:
        args.graphs = [100_000] if args.quick else [100_000, 1_000_000]
    if args.incremental is None:
        args.incremental = [n for n in args.articles if n <= 10_000][-1:]
    only = set(args.only.split(","))
    args.work.mkdir(parents=True, exist_ok=True)
    res: dict = {"machine": machine(), "args": {k: str(v) for k, v in vars(args).items()}}
    t0 = time.time()
    for name, fn in (("anchor", run_anchor), ("build", run_build), ("incremental", run_incremental),
                     ("dask", run_dask), ("graph", run_graph), ("map", run_map)):
        if name in only:
            print(f"== {name}", flush=True)
            fn(args, args.work, res)
    res["machine"]["loadavg_end"] = os.getloadavg()[0]
    res["seconds"] = time.time() - t0
    text = table(res, args.jobs)
    print("\n" + text)
    path = args.json or ROOT / "bench" / "results" / time.strftime("bench-%Y%m%d-%H%M%S.json")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(res, indent=1, ensure_ascii=False, default=str), encoding="utf-8")
    (path.parent / "latest.json").write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    (path.parent / "latest.md").write_text(text + "\n", encoding="utf-8")
    print(f"\nresults: {path}")
    return 0
