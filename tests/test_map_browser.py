"""map.html in a real headless browser (Debian's chromium + chromium-driver through selenium).

The browser runs with no network (an unreachable proxy and a resolver that finds nothing), so a
page that needs a CDN shows nothing.  Missing browser: the tests skip, or fail when
KG_REQUIRE_BROWSER=1 (``make test`` sets it).  KG_CHROMIUM / KG_CHROMEDRIVER name other binaries.
"""
from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from pathlib import Path

import pytest
from rdflib import RDF, URIRef

import viz_fixtures as vf
from kg.views.analyse import load_facts, load_graph
from kg.model import CLASSES
from kg.views.render import render_map
from kg.rdf.vocab import KG

ROOT = Path(__file__).resolve().parents[1]
REQUIRE = os.environ.get("KG_REQUIRE_BROWSER") == "1"
BROWSER_ARGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run",
                # no network at all: every host resolves to nothing, every request goes to a dead proxy
                "--proxy-server=127.0.0.1:9", "--host-resolver-rules=MAP * ~NOTFOUND",
                "--window-size=1280,800")


class Missing(Exception):
    """No browser to test with."""


def _missing(reason: str):
    raise Missing(reason)


def _binary(*names: str) -> str | None:
    for n in names:
        p = Path(n) if n.startswith("/") else (Path(shutil.which(n)) if shutil.which(n) else None)
        if p and p.exists() and os.access(p, os.X_OK):
            return str(p)
    return None


@pytest.fixture(scope="module")
def browser():
    """A started browser, or the reason there is none (the tests then skip, or fail -- not error --
    under KG_REQUIRE_BROWSER=1)."""
    try:
        gen = _start()
        d = next(gen)
    except Missing as e:
        yield str(e)
        return
    yield d
    next(gen, None)


def need(browser):
    """The driver; called in the test itself so that a missing browser is a failure, not an error."""
    if isinstance(browser, str):
        if REQUIRE:
            pytest.fail(f"KG_REQUIRE_BROWSER=1 but {browser}", pytrace=False)
        pytest.skip(browser)
    return browser


def _start(args: tuple = BROWSER_ARGS):
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        _missing("selenium is not installed")
    browser = _binary(os.environ.get("KG_CHROMIUM") or "/usr/bin/chromium",
                      *(() if os.environ.get("KG_CHROMIUM") else ("chromium", "chromium-browser")))
    chromedriver = _binary(os.environ.get("KG_CHROMEDRIVER") or "/usr/bin/chromedriver",
                           *(() if os.environ.get("KG_CHROMEDRIVER") else ("chromedriver",)))
    if not browser or not chromedriver:
        _missing("Debian's chromium and chromium-driver are not installed (sh scripts/install-browser.sh)")
    opts = webdriver.ChromeOptions()
    opts.binary_location = browser
    user_dir = tempfile.mkdtemp(prefix="kg-chromium-")
    for a in args + (f"--user-data-dir={user_dir}",):
        opts.add_argument(a)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    try:
        d = webdriver.Chrome(service=Service(chromedriver), options=opts)
    except Exception as e:  # a browser that will not start counts as missing
        _missing(f"chromium would not start: {type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}")
    d.set_script_timeout(60)
    yield d
    d.quit()
    shutil.rmtree(user_dir, ignore_errors=True)


def _open(driver, path: Path) -> dict:
    """Load a page, wait until it has settled; return what it drew."""
    driver.get_log("browser")          # drop what earlier pages logged
    driver.get_log("performance")
    driver.get(path.resolve().as_uri())
    return driver.execute_async_script("""
        const done = arguments[arguments.length - 1];
        const t0 = Date.now();
        (function wait() {
          const m = window.kgMap;
          if (m && m.settledMs != null)
            done({nodes: m.network.body.data.nodes.length, edges: m.network.body.data.edges.length,
                  status: document.getElementById('kg-status').textContent});
          else if (Date.now() - t0 > 50000) done(null);
          else setTimeout(wait, 25);
        })();""")


def _settled(driver) -> bool:
    """Wait until the page now loaded has settled (False after 30 s)."""
    return driver.execute_async_script("""
    const done = arguments[arguments.length - 1], t0 = Date.now();
    (function wait() { const m = window.kgMap;
      if (m && m.settledMs != null) done(true); else if (Date.now() - t0 > 30000) done(false);
      else setTimeout(wait, 25); })();""")


def _errors(driver) -> list[str]:
    return [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]


def _requests(driver) -> list[str]:
    """URLs of every network request the page made (file:// and data: are not network)."""
    urls = []
    for entry in driver.get_log("performance"):
        msg = json.loads(entry["message"])["message"]
        if msg.get("method") == "Network.requestWillBeSent":
            url = msg["params"]["request"]["url"]
            if not url.startswith(("file:", "data:")):
                urls.append(url)
    return urls


def _click_node(driver, node_id: int, click: bool = True) -> None:
    """A real mouse click on (or, with ``click=False``, a hover over) the node's position on the canvas."""
    from selenium.webdriver.common.action_chains import ActionChains
    x, y = driver.execute_script("""
        const net = window.kgMap.network, id = arguments[0];
        net.focus(id, {scale: 1.5, animation: false});
        net.redraw();
        const p = net.canvasToDOM(net.getPosition(id));
        const r = document.querySelector('#kg-network canvas').getBoundingClientRect();
        return [p.x + r.left, p.y + r.top];""", node_id)
    body = driver.find_element("tag name", "body")
    ActionChains(driver).move_to_element_with_offset(body, 0, 0).perform()  # reset the pointer
    canvas = driver.find_element("css selector", "#kg-network canvas")
    rect = canvas.rect
    chain = ActionChains(driver).move_to_element_with_offset(
        canvas, int(x - rect["x"] - rect["width"] / 2), int(y - rect["y"] - rect["height"] / 2))
    (chain.click() if click else chain.pause(0.05).move_by_offset(1, 0)).perform()


@pytest.fixture(scope="module")
def seeds_page(tmp_path_factory, browser):
    if isinstance(browser, str):       # no browser: don't spend time building
        return None
    from kg import build
    out = tmp_path_factory.mktemp("seeds")
    build([ROOT / "seeds"], out=out)
    return out


@pytest.fixture(scope="module")
def fixture_page(tmp_path_factory):
    path = tmp_path_factory.mktemp("fixture") / "map.html"
    path.write_text(render_map(load_facts(vf.graph())), encoding="utf-8")
    return path


def test_seeds_map_loads_offline_with_every_entity_and_no_errors(browser, seeds_page):
    driver = need(browser)
    drawn = _open(driver, seeds_page / "map.html")
    assert drawn is not None, "the page never settled"
    g = load_graph(seeds_page / "graph.ttl")
    entities = {s for c in CLASSES for s in g.subjects(RDF.type, KG[c]) if isinstance(s, URIRef)}
    assert drawn["nodes"] == len(entities) > 0
    assert str(len(entities)) in drawn["status"]
    assert _errors(driver) == []
    assert _requests(driver) == []
    # physics settled and stopped: nothing moves any more
    where = "return JSON.stringify(window.kgMap.network.getPositions())"
    before = driver.execute_script(where)
    time.sleep(0.4)
    assert driver.execute_script(where) == before
    # vis-network really drew: a canvas of the container's size
    w = driver.execute_script("return document.querySelector('#kg-network canvas').width")
    assert w > 100
    # a click on the best-connected entity shows the sentences of its edges and their documents
    node, sentence, doc = driver.execute_script("""
        const d = window.kgMap.data, deg = d.nodes.map(() => 0);
        d.edges.forEach(e => { if (e.ev.length) { deg[e.f]++; deg[e.t]++; } });
        const best = deg.indexOf(Math.max(...deg));
        const e = d.edges.find(e => (e.f === best || e.t === best) && e.ev.length);
        const doc = d.docs[e.ev[0][1]];
        return [best, e.ev[0][0], doc.t || doc.n];""")
    _click_node(driver, node)
    details = " ".join(driver.find_element("id", "kg-details").text.split())
    assert " ".join(sentence.split())[:40] in details and " ".join(doc.split()) in details
    assert _errors(driver) == []


def test_click_on_a_node_shows_its_evidence_and_documents(browser, fixture_page):
    driver = need(browser)
    drawn = _open(driver, fixture_page)
    assert drawn["nodes"] == 13 and drawn["edges"] == 9
    ids = driver.execute_script("return window.kgMap.data.nodes.map(n => n.l)")
    chip = ids.index("芯片封装项目")
    _click_node(driver, chip)
    details = driver.find_element("id", "kg-details").text
    assert "芯片封装项目" in details
    assert "中国化工集团投资20亿元在青岛高新区建设芯片封装项目，其中一期5亿元。" in details
    assert "青岛高新区：大企业大项目" in details          # the evidence's document
    assert "投资20亿元" in details                         # its amount
    # hovering shows the tooltip: name, class, amounts and evidence with its document, as text
    _click_node(driver, ids.index("冷链产业园项目"), click=False)
    from selenium.webdriver.support.ui import WebDriverWait
    tip = WebDriverWait(driver, 10).until(
        lambda d: d.execute_script("""const t = document.querySelector('div.vis-tooltip');
            return t && getComputedStyle(t).visibility === 'visible' ? t.innerText : null;"""))
    assert "冷链产业园项目" in tip and "1.3亿美元" in tip and vf.XSS_SENTENCE in tip and "冷链项目签约" in tip
    assert _errors(driver) == []


def test_an_entity_named_like_markup_is_text_and_runs_nothing(browser, fixture_page):
    driver = need(browser)
    _open(driver, fixture_page)
    labels = driver.execute_script("return window.kgMap.data.nodes.map(n => n.l)")
    xss = labels.index(vf.XSS)
    _click_node(driver, xss)
    details = driver.find_element("id", "kg-details")
    assert vf.XSS in details.text                          # shown as text, angle brackets and all
    assert vf.XSS_SENTENCE in details.text
    assert driver.find_elements("css selector", "#kg-details img, #kg-details script") == []
    # search for it, list it, hover it (tooltip): still nothing runs
    box = driver.find_element("id", "kg-search")
    box.send_keys("<img")
    assert vf.XSS in driver.find_element("id", "kg-results").text
    assert driver.execute_script("return document.querySelectorAll('body img').length") == 0
    assert driver.execute_script("return window.__pwned === undefined")
    from selenium.common.exceptions import NoAlertPresentException
    with pytest.raises(NoAlertPresentException):
        driver.switch_to.alert.text
    assert _errors(driver) == []


def test_filters_search_and_language_switch(browser, fixture_page):
    driver = need(browser)
    _open(driver, fixture_page)
    status = driver.find_element("id", "kg-status")
    assert status.get_attribute("data-visible") == "13"
    driver.find_element("id", "kg-class-Project").click()          # hide the 3 projects
    assert status.get_attribute("data-visible") == "10"
    driver.find_element("id", "kg-class-Project").click()
    assert status.get_attribute("data-visible") == "13"
    # one document: only what it mentions or states
    from selenium.webdriver.support.ui import Select
    Select(driver.find_element("id", "kg-doc")).select_by_visible_text("冷链项目签约 (2021-03-02) · b.txt")
    assert status.get_attribute("data-visible") == "9"
    Select(driver.find_element("id", "kg-doc")).select_by_value("-1")
    # predicates: hiding locatedIn hides its 4 edges
    driver.find_element("css selector", "summary#kg-h-predicates").click()
    driver.find_element("id", "kg-pred-locatedIn").click()
    hidden = driver.execute_script("return window.kgMap.edges.get({filter: e => e.hidden}).length")
    assert hidden == 4
    driver.find_element("id", "kg-pred-locatedIn").click()
    # search by alias selects the entity and shows it
    box = driver.find_element("id", "kg-search")
    box.clear()
    box.send_keys("中化集团\n")
    assert driver.find_element("css selector", "#kg-details h2").text == "中国化工集团"
    assert driver.execute_script("return window.kgMap.network.getSelectedNodes().length") == 1
    # edge labels: Chinese first, English on the switch
    label = "return window.kgMap.edges.get().map(e => e.label).sort().join('|')"
    assert "位于" in driver.execute_script(label)
    driver.find_element("id", "kg-lang").click()
    assert "located in" in driver.execute_script(label) and "位于" not in driver.execute_script(label)
    assert _errors(driver) == []


def test_an_empty_graph_still_settles_without_errors(browser, tmp_path):
    driver = need(browser)
    import networkx as nx
    from kg.views.analyse import Facts
    path = tmp_path / "empty.html"
    path.write_text(render_map(Facts(net=nx.MultiDiGraph())), encoding="utf-8")
    drawn = _open(driver, path)
    assert drawn is not None and drawn["nodes"] == 0 and drawn["status"].startswith("0 ")
    assert _errors(driver) == []


# ---------------------------------------------------------------- the first view of a big map (issue 17)
@pytest.fixture(scope="module")
def big_page(tmp_path_factory):
    facts, chosen = vf.big_facts(1000)
    path = tmp_path_factory.mktemp("big") / "map.html"
    path.write_text(render_map(facts), encoding="utf-8")
    return path, facts, chosen


_VIEW = """
    const m = window.kgMap, net = m.network, c = document.querySelector('#kg-network canvas');
    const w = c.clientWidth, h = c.clientHeight;
    const shown = m.data.nodes.filter(n => !m.nodes.get(n.id).hidden).map(n => n.id);
    const pos = net.getPositions(shown);
    const pts = shown.map(i => net.canvasToDOM(pos[i]));
    const inside = pts.filter(p => p.x >= 0 && p.x <= w && p.y >= 0 && p.y <= h).length;
    const xs = pts.map(p => p.x), ys = pts.map(p => p.y);
    return {w: w, h: h, shown: shown.length, inside: inside, labels: m.labelsShown, scale: net.getScale(),
            first: m.firstView.length, isolated: m.isolated,
            spanX: xs.length ? Math.max(...xs) - Math.min(...xs) : 0,
            spanY: ys.length ? Math.max(...ys) - Math.min(...ys) : 0};"""


def test_a_big_map_opens_on_its_largest_parts_with_names_to_read(browser, big_page):
    driver = need(browser)
    path, facts, _ = big_page
    drawn = _open(driver, path)
    assert drawn is not None and drawn["nodes"] == 1000
    view = driver.execute_script(_VIEW)
    isolated = sum(1 for n in facts.net if facts.net.degree(n) == 0)
    assert view["isolated"] == isolated > 300
    assert view["shown"] == 1000 - isolated             # isolated entities are a list, not dots
    items = driver.find_elements("css selector", "#kg-isolated-list li")
    assert len(items) == isolated
    # names written on the first view: at least a dozen, readable, inside the window, none over another
    labels = view["labels"]
    assert len(labels) >= 12, labels
    for b in labels:
        assert b["px"] >= 12 and 0 <= b["x"] and b["x"] + b["w"] <= view["w"] and 0 <= b["y"] <= view["h"]
    for a in labels:
        for b in labels:
            if a is not b:
                assert not (a["x"] < b["x"] + b["w"] and b["x"] < a["x"] + a["w"]
                            and a["y"] < b["y"] + b["h"] and b["y"] < a["y"] + a["h"])
    best = driver.execute_script("return window.kgMap.data.nodes.find(n => n.r === 0).l")
    assert best in [b["l"] for b in labels]
    # the first view is the largest parts, all inside the window
    first = driver.execute_script("""
        const m = window.kgMap, net = m.network, c = document.querySelector('#kg-network canvas');
        const pos = net.getPositions(m.firstView);
        return m.firstView.every(i => { const p = net.canvasToDOM(pos[i]);
            return p.x >= -1 && p.x <= c.clientWidth + 1 && p.y >= -1 && p.y <= c.clientHeight + 1; });""")
    assert first and view["first"] >= 300 * 0.9
    # the switch draws the isolated entities too
    driver.find_element("css selector", "summary#kg-h-isolated").click()
    driver.find_element("id", "kg-isolated").click()
    assert driver.execute_script(_VIEW)["shown"] == 1000
    driver.find_element("id", "kg-isolated").click()
    assert driver.execute_script(_VIEW)["shown"] == 1000 - isolated
    assert _errors(driver) == []


def test_a_filter_fits_the_view_to_what_it_leaves(browser, big_page):
    driver = need(browser)
    path, facts, chosen = big_page
    _open(driver, path)
    before = driver.execute_script(_VIEW)
    from selenium.webdriver.support.ui import Select
    Select(driver.find_element("id", "kg-doc")).select_by_visible_text("文档07 (2021-01-08) · 0007.txt")
    view = driver.execute_script(_VIEW)
    assert view["shown"] == len(chosen) == 15           # the isolated ones of the document included
    assert view["inside"] == view["shown"]             # all of them in the window...
    assert view["spanX"] >= 0.5 * view["w"] or view["spanY"] >= 0.5 * view["h"]   # ...filling it
    assert {b["l"] for b in view["labels"]} <= {facts.net.nodes[n]["label"] for n in chosen}
    Select(driver.find_element("id", "kg-doc")).select_by_value("-1")
    # a class filter fits too
    for c in CLASSES:
        if c != "Park" and driver.find_elements("id", f"kg-class-{c}"):
            driver.find_element("id", f"kg-class-{c}").click()
    view = driver.execute_script(_VIEW)
    parks = sum(1 for n in facts.net if facts.net.nodes[n]["type"] == "Park" and facts.net.degree(n) > 0)
    assert view["shown"] == parks and view["inside"] == parks
    assert view["spanX"] >= 0.5 * view["w"] or view["spanY"] >= 0.5 * view["h"]
    # and "Fit" fits what is visible, not the hidden entities
    driver.find_element("id", "kg-fit").click()
    again = driver.execute_script(_VIEW)
    assert again["inside"] == parks and abs(again["scale"] - view["scale"]) < 1e-6
    assert before["shown"] > view["shown"]
    assert _errors(driver) == []


def test_a_report_link_opens_the_map_on_its_entity(browser, big_page, fixture_page):
    """report.md and report.html link each name to map.html#e=<IRI>: the page opens on it."""
    from urllib.parse import quote
    driver = need(browser)
    facts = load_facts(vf.graph())
    chip = next(n for n, d in facts.net.nodes(data=True) if d["label"] == "芯片封装项目")
    driver.get("about:blank")
    assert _open(driver, Path(str(fixture_page))) is not None
    driver.get(fixture_page.resolve().as_uri() + "#e=" + quote(chip, safe=""))
    driver.refresh()
    assert _settled(driver)
    assert driver.find_element("css selector", "#kg-details h2").text == "芯片封装项目"
    assert driver.execute_script("return window.kgMap.network.getSelectedNodes().length") == 1
    # an isolated entity of a big map: the switch turns on and the entity is shown
    path, big, _ = big_page
    alone = next(n for n in sorted(big.net) if big.net.degree(n) == 0)
    driver.get(path.resolve().as_uri() + "#e=" + quote(alone, safe=""))
    assert _settled(driver)
    assert driver.find_element("css selector", "#kg-details h2").text == big.net.nodes[alone]["label"]
    assert driver.find_element("id", "kg-isolated").is_selected()
    assert _errors(driver) == []


def test_the_first_view_leaves_out_what_is_below_the_confidence_threshold(browser, tmp_path):
    """kg build --min-confidence: an unsure entity (and its edges) and an unsure edge are on the page
    but not in its first view; the switch shows them; a link to a held-back entity shows them too."""
    from urllib.parse import quote
    import test_confidence as tc
    driver = need(browser)
    facts = load_facts(tc.graph())
    path = tmp_path / "map.html"
    path.write_text(render_map(facts, min_confidence=0.5), encoding="utf-8")
    assert _open(driver, path) is not None
    status = driver.find_element("id", "kg-status")
    assert status.get_attribute("data-nodes") == "13"
    assert status.get_attribute("data-visible") == "12"
    hidden_edges = "return window.kgMap.edges.get({filter: e => e.hidden}).length"
    assert driver.execute_script(hidden_edges) == 3           # its own 0.3, and the unsure entity's two
    assert driver.execute_script("return window.kgMap.nodes.get({filter: n => n.hidden}).map(n => n.label)") == \
        ["激光雷达芯片项目"]
    assert "2 项低于置信度阈值未显示" in status.text
    driver.find_element("css selector", "summary#kg-h-low").click()
    assert "(0.5): 1" in driver.find_element("id", "kg-h-low").text
    items = [li.text for li in driver.find_elements("css selector", "#kg-low-list li")]
    assert items[0].startswith("激光雷达芯片项目") and items[1].startswith(vf.XSS) and items[1].endswith("0.3")
    driver.find_element("id", "kg-low").click()
    assert status.get_attribute("data-visible") == "13" and driver.execute_script(hidden_edges) == 0
    driver.find_element("id", "kg-low").click()
    assert status.get_attribute("data-visible") == "12"
    # the report links a held-back entity: the map opens on it, the switch turned on
    lidar = next(n for n, d in facts.net.nodes(data=True) if d["label"] == "激光雷达芯片项目")
    driver.get(path.resolve().as_uri() + "#e=" + quote(lidar, safe=""))
    assert _settled(driver)
    assert driver.find_element("css selector", "#kg-details h2").text == "激光雷达芯片项目"
    assert "0.45 < 0.5" in driver.find_element("id", "kg-details").text
    assert driver.find_element("id", "kg-low").is_selected()
    assert driver.execute_script("return window.__pwned") is None
    assert _errors(driver) == []
