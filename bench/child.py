"""One measurement in a fresh interpreter (so peak RSS and imports are its own); prints one JSON line.

    python -m bench.child build   CORPUS OUT JOBS [--no-cache] [--executor dask --scheduler ADDR]
    python -m bench.child anchor  CORPUS MAX_CHARS
    python -m bench.child graph   ENGINE GRAPH.nt [ARGS_JSON]
"""
from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path


def _rss() -> dict:
    return {"rss_main_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "rss_workers_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}


def _cpu() -> float:
    return sum(_cpu2())


def _cpu2() -> tuple[float, float]:
    """CPU seconds of this process (reading, merging, writing) and of its finished children (workers)."""
    s, c = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return s.ru_utime + s.ru_stime, c.ru_utime + c.ru_stime


def build(corpus: str, out: str, jobs: str, *flags: str) -> dict:
    from kg import build as run
    import jieba
    from kg.extract.article import extract
    from kg.model import Source
    t0 = time.perf_counter()
    jieba.initialize()     # the dictionary load is start-up, not throughput
    # so is the extractor's own start-up (its tokenizer and gazetteers): paid once here, before
    # the clock starts; --jobs N workers are forked from this process and inherit it
    extract(Source(path="warm.txt", name="warm.txt", original="青岛市人民政府与某某科技有限公司签约。",
                   encoding="utf-8", sha256="0" * 64))
    startup = time.perf_counter() - t0
    kw = {"cache": "--no-cache" not in flags}
    if "--executor" in flags:
        kw["executor"] = flags[flags.index("--executor") + 1]
        kw["scheduler"] = flags[flags.index("--scheduler") + 1]
    (m0, w0), t0 = _cpu2(), time.perf_counter()
    r = run([corpus], out=out, jobs=int(jobs), **kw)
    wall, (m1, w1) = time.perf_counter() - t0, _cpu2()
    return {"startup_s": startup, "wall_s": wall, "cpu_s": (m1 - m0) + (w1 - w0), "cpu_main_s": m1 - m0, "cpu_workers_s": w1 - w0, "chars": r.characters, "documents": len(r.documents),
            "skipped": len(r.skipped), "extracted": r.extracted, "reused": r.reused, "triples": r.triples,
            "entities": r.entities, "relations": r.relations, "analysis": r.analysis,
            "phases_s": r.seconds, **_rss()}


def anchor(corpus: str, max_chars: str) -> dict:
    """jieba on the same text: lcut (HMM on, the default), and posseg.lcut on a share of it."""
    import jieba
    import jieba.posseg
    jieba.initialize()
    jieba.posseg.lcut("青岛市人民政府与某某科技有限公司签约")   # loads posseg's model: start-up, not throughput
    texts, n = [], 0
    for p in sorted(Path(corpus).rglob("*.txt")):
        t = p.read_text(encoding="utf-8")
        texts.append(t)
        n += len(t)
        if n >= int(max_chars):
            break
    out = {"chars": n}
    t0, c0 = time.perf_counter(), time.process_time()
    for t in texts:
        jieba.lcut(t)
    out["lcut_wall_s"], out["lcut_cpu_s"] = time.perf_counter() - t0, time.process_time() - c0
    share = texts[: max(1, len(texts) // 4)]
    out["posseg_chars"] = sum(map(len, share))
    t0, c0 = time.perf_counter(), time.process_time()
    for t in share:
        jieba.posseg.lcut(t)
    out["posseg_wall_s"], out["posseg_cpu_s"] = time.perf_counter() - t0, time.process_time() - c0
    try:
        import jieba_fast  # noqa: F401
        jieba_fast.lcut("预热")
        t0, c0 = time.perf_counter(), time.process_time()
        for t in texts:
            jieba_fast.lcut(t)
        out["jieba_fast_cpu_s"] = time.process_time() - c0
    except ImportError:
        pass
    return out


def graph(engine: str, path: str, args_json: str = "{}") -> dict:
    """Load, serialise and run every named query on one engine: rdflib (in memory), oxigraph (in
    memory) or store (Oxigraph on disk, as ``kg build --store``)."""
    import tempfile
    from kg.rdf.query import OxigraphEngine, RdflibEngine, named_queries, resolve
    params = json.loads(args_json)
    out: dict = {"engine": engine}
    t0 = time.perf_counter()
    tmp = None
    if engine == "rdflib":
        eng = RdflibEngine.from_file(path)
        out["triples"] = len(eng.graph)
    elif engine == "oxigraph":
        eng = OxigraphEngine.from_file(path)
        out["triples"] = len(eng.store)
    else:
        from kg.rdf.store import load_file
        tmp = tempfile.mkdtemp(prefix="kg-bench-store-")
        load_file(path, tmp)
        eng = OxigraphEngine.from_store(tmp)
        out["triples"] = len(eng.store)
    out["load_s"] = time.perf_counter() - t0
    out.update(_rss())
    t0 = time.perf_counter()
    if engine == "rdflib":
        n = len(eng.graph.serialize(format="nt", encoding="utf-8"))
    else:
        import pyoxigraph as ox
        n = len(eng.store.dump(format=ox.RdfFormat.N_QUADS))
    out["serialise_s"], out["serialised_mb"] = time.perf_counter() - t0, n / 1e6
    out["queries"] = {}
    for name in sorted(named_queries()):
        nq = named_queries()[name]
        args = [params.get(p, "") for p, _ in nq.params]
        text, bindings, _ = resolve(name, args)
        t0 = time.perf_counter()
        res = eng.query(text, bindings)
        out["queries"][name] = {"s": time.perf_counter() - t0, "rows": len(res.rows)}
        print(json.dumps({"progress": name, **out["queries"][name]}), file=sys.stderr, flush=True)
    if tmp:
        import shutil
        del eng
        shutil.rmtree(tmp, ignore_errors=True)
    return out


if __name__ == "__main__":
    cmd, *rest = sys.argv[1:]
    result = {"build": build, "anchor": anchor, "graph": graph}[cmd](*rest)
    print(json.dumps(result))
