"""report.md's analysis section and report.html (inline SVG, nothing remote, everything escaped)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

import viz_fixtures as vf
from kg.views.analyse import load_facts, summarise
from kg.views.report import money, render_outputs, render_report, stats_table, text_table
from kg.views.report_html import render_report_html

ROOT = Path(__file__).resolve().parents[1]
DOCS = [{"name": "a.txt", "title": "青岛高新区：大企业大项目", "date": "2020-05-01", "encoding": "utf-8", "entities": 6},
        {"name": "b|c.txt", "title": "冷链项目签约", "date": "2021-03-02", "encoding": "utf-8", "entities": 8}]


@pytest.fixture(scope="module")
def outputs():
    return render_outputs(vf.graph(), DOCS, [("bad.bin", "not text")], [("高新", "too generic", 0.4)])[1]


def test_report_md_has_the_network_analysis(outputs):
    md = outputs["report.md"]
    for heading in ("## Network analysis", "### Betweenness", "### Top investors by number of projects",
                    "### Top parks by declared investment (CNY)", "### Top regions by declared investment (USD)",
                    "### Communities", "### Project → park → region"):
        assert heading in md, heading
    assert re.search(r"\| \[青岛市\]\(map\.html#e=[^)]*Region[^)]*\) \| Region \| 2 \| "
                     r"2,000,000,000 CNY \(20亿\); 130,000,000 USD \(1\.3亿\) \| ", md)
    assert re.search(r"\| \[激光雷达芯片项目\]\([^)]*\) \| — \| \[莱西市\]\([^)]*\) \|", md)
    assert "connected components: 4" in md


def test_report_md_escapes_what_articles_wrote(outputs):
    md = outputs["report.md"]
    assert vf.XSS not in md and "&lt;img src=x onerror=alert(1)>" in md
    assert "| b\\|c.txt |" in md                   # a pipe in a file name does not split the row


def test_report_html_is_self_contained_and_escaped(outputs):
    page = outputs["report.html"]
    assert "<script" not in page.lower()
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert vf.XSS not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "default-src 'none'" in page


def test_report_html_charts(outputs):
    page = outputs["report.html"]
    svgs = re.findall(r"<svg.*?</svg>", page, re.S)
    assert len(svgs) >= 7                     # investment by region/park/industry per currency, classes, predicates, time
    text = "".join(svgs)
    for shown in ("青岛市", "青岛高新区", "2020-05", "2021-03", "Company", "2,000,000,000 CNY (20亿)"):
        assert shown in text, shown
    by_time = next(s for s in svgs if "2020-05" in s)
    assert by_time.count("<rect") == 2        # one article a month, two months


def test_reports_are_deterministic(outputs):
    again = render_outputs(vf.graph(), DOCS, [("bad.bin", "not text")], [("高新", "too generic", 0.4)])[1]
    assert again == outputs


def test_the_map_drawn_in_a_forked_process_is_the_same(outputs):
    again = render_outputs(vf.graph(), DOCS, [("bad.bin", "not text")], [("高新", "too generic", 0.4)], jobs=2)[1]
    assert again == outputs


def test_report_without_values_still_renders():
    facts = load_facts(vf.graph())
    md = render_report(facts.net, [], [], [])              # the old call: analysis from the bare network
    assert "## Network analysis" in md
    html = render_report_html(summarise(facts))
    assert html.startswith("<!DOCTYPE html>")


def test_money_and_text_tables():
    assert money("2000000000", "CNY") == "2,000,000,000 CNY (20亿)"
    assert money("56000000") == "56,000,000 (5600万)"
    assert money("12.5") == "12.5"
    rows = text_table(["名称", "n"], [["青岛市", 1], ["abc", 22]])
    from kg.views.report import _width
    col = [_width(r[: r.index(x)]) for r, x in ((rows[0], "n"), (rows[2], "1"), (rows[3], "22"))]
    assert col == [8, 8, 8]                   # 青岛市 is six columns wide, padded to line up


def test_stats_table_lists_the_rankings():
    out = stats_table(summarise(load_facts(vf.graph())))
    assert "top regions by projects" in out and "青岛市" in out and "communities (Louvain, seed 42)" in out


def test_build_writes_report_html(tmp_path):
    from kg import build
    build([ROOT / "seeds" / "004_05856f7dd333012c.txt"], out=tmp_path)
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<svg" in page and "004_05856f7dd333012c.txt" in page


def test_ranking_rows_name_their_projects_with_amount_and_place_and_link_to_the_map(outputs):
    """Issue 17: who invested what, where -- each row names its projects, each name opens the map."""
    from urllib.parse import quote
    md, page = outputs["report.md"], outputs["report.html"]
    facts = load_facts(vf.graph())
    iri = {d["label"]: n for n, d in facts.net.nodes(data=True)}
    chem = f"[中国化工集团](map.html#e={quote(iri['中国化工集团'], safe='')})"
    row = next(line for line in md.splitlines() if line.startswith(f"| {chem} | Company | 1 |"))
    assert "[芯片封装项目 (2,000,000,000 CNY (20亿); 青岛高新区, 青岛市)](map.html#e=" in row
    # report.html: the same, as links, the names escaped
    assert f'<a href="map.html#e={quote(iri["中国化工集团"], safe="")}">中国化工集团</a>' in page
    assert "芯片封装项目 (2,000,000,000 CNY (20亿); 青岛高新区, 青岛市)</a>" in page
    assert vf.XSS not in page and '">&lt;img src=x onerror=alert(1)&gt;</a>' in page
    # the rejected candidates are in report.html too
    assert "Rejected candidates" in page and "<td>高新</td><td>too generic</td>" in page


def test_a_park_with_no_stated_region_gets_the_one_its_name_begins_with():
    import networkx as nx
    from kg.views.analyse import Facts, regions_by_name
    net = nx.MultiDiGraph()
    for n, label, kind in (("r1", "青岛市", "Region"), ("r2", "潍坊市", "Region"), ("p1", "青岛高新区", "Park"),
                           ("p2", "红岛经济区", "Park"), ("p3", "潍坊经济开发区", "Park"), ("x", "某项目", "Project")):
        net.add_node(n, label=label, type=kind)
    net.add_edge("p3", "r2", key="locatedIn")          # stated: nothing to read from the name
    net.add_edge("x", "p1", key="locatedIn")
    facts = Facts(net=net, aliases={"r1": ["青岛"], "r2": ["潍坊"]})
    assert regions_by_name(facts) == {"p1": "r1"}
    chain = summarise(facts)["chains"][0]
    assert chain["region"] is None and chain["region_by_name"]["label"] == "青岛市"
    md = render_report(net, [], [], [], summarise(facts))
    assert "(by name)" in md
