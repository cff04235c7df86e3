"""How long map.html takes to settle in headless Chromium: the seeds' graph and a generated one.

    .venv/bin/python bench/map_settle.py                 # seeds + 5,000 generated nodes
    .venv/bin/python bench/map_settle.py --nodes 2000 --runs 3 --keep /tmp/maps

"Settled" is the moment the page sets ``window.kgMap.settledMs`` (``performance.now()``, i.e.
milliseconds from navigation start): physics has stabilised and been switched off, or, for a
graph drawn from the layout computed in Python, the first frame is drawn.  Also printed: the
time to write the page in Python (layout included) and its size.  Chromium runs headless with
no network, as in tests/test_map_browser.py.
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.model import Document, Entity, Evidence, Extraction, Relation, Value  # noqa: E402

SHARES = [("Region", 0.02), ("Park", 0.06), ("Government", 0.03), ("Company", 0.33), ("Project", 0.40),
          ("Industry", 0.01), ("Person", 0.08), ("ResearchInstitution", 0.03), ("Event", 0.02),
          ("Organization", 0.01), ("Program", 0.01)]


def synthetic_extractions(n_nodes: int = 5000, seed: int = 1, per_doc: int = 25) -> list[Extraction]:
    """A graph shaped like a year of 招商 news: projects in parks in regions, companies investing,
    officials holding posts, every edge with an evidence sentence, most projects with an amount."""
    rnd = random.Random(seed)
    pools: dict[str, list[tuple]] = {}
    for cls, share in SHARES:
        pools[cls] = [(cls, f"{cls}{i:05d}号", None) for i in range(max(1, round(n_nodes * share)))]
    rels: list[tuple[tuple, str, tuple]] = []
    pick = rnd.choice
    for park in pools["Park"]:
        rels.append((park, "locatedIn", pick(pools["Region"])))
        if rnd.random() < 0.5:
            rels.append((park, "inIndustry", pick(pools["Industry"])))
    for p in pools["Project"]:
        rels.append((p, "locatedIn", pick(pools["Park"]) if rnd.random() < 0.8 else pick(pools["Region"])))
        for _ in range(rnd.choice([1, 1, 2])):
            rels.append((pick(pools["Company"]), "investsIn", p))
        if rnd.random() < 0.5:
            rels.append((pick(pools["Government"]), "partyTo", p))
        if rnd.random() < 0.6:
            rels.append((p, "inIndustry", pick(pools["Industry"])))
    for c in pools["Company"]:
        if rnd.random() < 0.2:
            rels.append((c, "subsidiaryOf", pick(pools["Company"])))
        if rnd.random() < 0.15:
            rels.append((c, "cooperatesWith", pick(pools["Company"] + pools["ResearchInstitution"])))
        if rnd.random() < 0.3:
            rels.append((c, "locatedIn", pick(pools["Park"])))
    for person in pools["Person"]:
        rels.append((person, "holdsPosition", pick(pools["Government"] + pools["Company"])))
        if rnd.random() < 0.3:
            rels.append((person, "participatesIn", pick(pools["Event"])))
    for e in pools["Event"]:
        rels.append((pick(pools["Government"]), "organizes", e))
    for p in pools["Program"]:
        rels.append((pick(pools["Government"]), "organizes", p))
    for o in pools["Organization"]:
        rels.append((o, "participatesIn", pick(pools["Event"])))
    for r in pools["ResearchInstitution"]:
        rels.append((r, "locatedIn", pick(pools["Park"] + pools["Region"])))
    rels = sorted(set(rels))
    rnd.shuffle(rels)
    extractions = []
    every = [k for cls, _ in SHARES for k in pools[cls]]
    for d, start in enumerate(range(0, len(rels), per_doc)):
        chunk = rels[start:start + per_doc]
        sentences = [f"{s[1]}与{o[1]}：{p}（第{d}篇第{i}句）。" for i, (s, p, o) in enumerate(chunk)]
        text = "".join(sentences)
        doc_id = f"{d:016x}"
        doc = Document(doc_id=doc_id, name=f"synthetic_{d:05d}.txt", path="", original=text, text=text,
                       offsets=list(range(len(text) + 1)), encoding="utf-8", sha256=doc_id * 4,
                       title=f"合成文章{d}", date=f"2020-{1 + d % 12:02d}-{1 + d % 28:02d}")
        keys = sorted({k for s, _, o in chunk for k in (s, o)})
        pos = 0
        relations, values = [], []
        for (s, p, o), sent in zip(chunk, sentences):
            ev = Evidence(doc_id, sent, pos, pos + len(sent), "synthetic")
            relations.append(Relation(s, p, o, [ev]))
            if p == "investsIn" and rnd.random() < 0.7:
                cur = "CNY" if rnd.random() < 0.85 else "USD"
                amount = Decimal(rnd.randint(1, 500)) * Decimal(10) ** 7
                values.append(Value(o, "investmentAmount", amount, cur, f"投资{amount}{cur}", [ev]))
            pos += len(sent)
        entities = [Entity(type=k[0], label=k[1]) for k in keys]
        extractions.append(Extraction(doc, [], entities, relations, values))
    # entities that no relation reached still appear (isolated nodes)
    reached = {k for s, _, o in rels for k in (s, o)}
    loners = [k for k in every if k not in reached]
    if loners:
        doc = Document(doc_id="f" * 16, name="synthetic_loners.txt", path="", original="。", text="。",
                       offsets=[0, 1], encoding="utf-8", sha256="f" * 64, title="合成", date="2021-01-01")
        extractions.append(Extraction(doc, [], [Entity(type=k[0], label=k[1]) for k in loners], [], []))
    return extractions


def synthetic_graph(n_nodes: int = 5000, seed: int = 1):
    from kg.rdf.graph import build_dataset, union_graph
    return union_graph(build_dataset(synthetic_extractions(n_nodes, seed), with_ontology=False))


def settle_ms(path: Path, timeout: float = 300.0) -> tuple[float, int]:
    """Load ``path`` in a fresh headless Chromium with no network; (settle ms, nodes shown)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    opts = webdriver.ChromeOptions()
    opts.binary_location = "/usr/bin/chromium"
    user_dir = tempfile.mkdtemp(prefix="kg-chromium-")
    for a in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
              "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={user_dir}",
              "--proxy-server=127.0.0.1:9", "--host-resolver-rules=MAP * ~NOTFOUND", "--window-size=1400,900"):
        opts.add_argument(a)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
    try:
        driver.set_script_timeout(timeout)
        driver.get(path.resolve().as_uri())
        got = driver.execute_async_script("""
            const done = arguments[arguments.length - 1];
            (function wait() {
              if (window.kgMap && window.kgMap.settledMs != null)
                done([window.kgMap.settledMs, window.kgMap.network.body.data.nodes.length]);
              else setTimeout(wait, 20);
            })();""")
        return float(got[0]), int(got[1])
    finally:
        driver.quit()


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--nodes", type=int, default=5000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--keep", type=Path, help="folder to keep the pages in")
    args = ap.parse_args(argv)
    from kg.views.analyse import load_facts, load_graph
    from kg.pipeline.run import build
    from kg.views.render import render_map
    folder = args.keep or Path(tempfile.mkdtemp(prefix="kg-map-"))
    folder.mkdir(parents=True, exist_ok=True)
    build([ROOT / "seeds"], out=folder / "seeds")
    cases = [("seeds", load_graph(folder / "seeds" / "graph.ttl")), (f"{args.nodes} nodes", synthetic_graph(args.nodes))]
    import os
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs (timings grow with it)")
    print(f"{'graph':<12} {'nodes':>6} {'edges':>6} {'render s':>9} {'MB':>6} {'settle ms: min':>15} {'median':>7}")
    for name, g in cases:
        facts = load_facts(g)
        t0 = time.perf_counter()
        page = render_map(facts)
        render_s = time.perf_counter() - t0
        path = folder / f"map-{name.replace(' ', '-')}.html"
        path.write_text(page, encoding="utf-8")
        runs = [settle_ms(path) for _ in range(args.runs)]
        shown = {n for _, n in runs}
        assert shown == {facts.net.number_of_nodes()}, (shown, facts.net.number_of_nodes())
        med = statistics.median(ms for ms, _ in runs)
        print(f"{name:<12} {facts.net.number_of_nodes():>6} {facts.net.number_of_edges():>6} {render_s:>9.2f} "
              f"{len(page.encode()) / 1e6:>6.2f} {min(ms for ms, _ in runs):>15.0f} {med:>7.0f}"
              f"   runs: {', '.join(f'{ms:.0f}' for ms, _ in runs)}")
    print(f"pages in {folder}")


if __name__ == "__main__":
    main()
