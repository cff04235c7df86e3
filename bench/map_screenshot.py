"""docs/map.png: the seeds' map in headless Chromium, no network, the best-connected entity clicked.

    .venv/bin/python bench/map_screenshot.py [--map out/map.html] [--output docs/map.png]

Without --map the seeds are built into a temporary folder first.  The browser runs as in
tests/test_map_browser.py (headless, no sandbox, no GPU, no network, fresh profile).  Chinese
labels need a CJK font on the machine (Debian: fonts-wqy-zenhei or fonts-noto-cjk).
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--map", type=Path)
    ap.add_argument("--output", type=Path, default=ROOT / "docs" / "map.png")
    ap.add_argument("--size", default="1600,1000")
    args = ap.parse_args(argv)
    page = args.map
    if page is None:
        from kg.pipeline.run import build
        out = Path(tempfile.mkdtemp(prefix="kg-seeds-"))
        build([ROOT / "seeds"], out=out)
        page = out / "map.html"
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    opts = webdriver.ChromeOptions()
    opts.binary_location = "/usr/bin/chromium"
    for a in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
              "--disable-component-update", "--disable-sync", "--no-first-run",
              f"--user-data-dir={tempfile.mkdtemp(prefix='kg-chromium-')}", "--proxy-server=127.0.0.1:9",
              "--host-resolver-rules=MAP * ~NOTFOUND", f"--window-size={args.size}", "--force-device-scale-factor=1"):
        opts.add_argument(a)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
    try:
        driver.get(page.resolve().as_uri())
        driver.execute_async_script("""const done = arguments[arguments.length - 1];
            (function w() { if (window.kgMap && window.kgMap.settledMs != null) done(); else setTimeout(w, 20); })();""")
        driver.execute_script("""
            const m = window.kgMap, d = m.data, deg = d.nodes.map(() => 0);
            d.edges.forEach(e => { if (e.ev.length) { deg[e.f]++; deg[e.t]++; } });
            const best = deg.indexOf(Math.max(...deg));
            m.network.selectNodes([best]);
            m.showNode(best);
            const p = m.network.getPosition(best);
            m.network.moveTo({position: p, scale: 1.1, animation: false});""")
        time.sleep(0.5)
        args.output.parent.mkdir(parents=True, exist_ok=True)
        driver.save_screenshot(str(args.output))
        print(args.output)
    finally:
        driver.quit()


if __name__ == "__main__":
    main()
