"""report.html: the analysis as a self-contained page, charts drawn as inline SVG.

No script, no remote asset (a Content-Security-Policy of ``default-src 'none'`` says so to the
browser); every text from the graph goes through ``html.escape``.  Same summary, same bytes.
"""
from __future__ import annotations

import html
from decimal import Decimal

from .confidence import LISTED
from .figures import KIND_NOTES, counted, held_back, map_link, money, money_cell, project_text, threshold_line
from .render import labels
from ..model import HELD_BACK

CSS = """
body { font: 14px/1.5 system-ui, "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; color: #222; margin: 24px auto; max-width: 1080px; padding: 0 16px; }
h1 { font-size: 22px; } h2 { font-size: 18px; margin-top: 32px; border-bottom: 1px solid #ddd; } h3 { font-size: 15px; }
table { border-collapse: collapse; margin: 8px 0 16px; } td, th { border: 1px solid #ddd; padding: 3px 8px; text-align: left; vertical-align: top; }
th { background: #f4f4f4; } td.n { text-align: right; font-variant-numeric: tabular-nums; }
.charts { display: flex; flex-wrap: wrap; gap: 16px; } figure { margin: 0; } figcaption { font-weight: 600; margin-bottom: 4px; }
.note { color: #666; } a { color: #1f5fa8; text-decoration: none; } a:hover { text-decoration: underline; } svg text { font: 12px system-ui, "Noto Sans CJK SC", sans-serif; }
"""


class Markup(str):
    """A cell already written as HTML (its texts escaped): the table does not escape it again."""


def esc(text) -> str:
    return text if isinstance(text, Markup) else html.escape(str(text), quote=True)


def link(label: str, iri: str) -> Markup:
    """The entity's name, linked to it in the map (which opens on it, its evidence shown)."""
    return Markup(f'<a href="{esc(map_link(iri))}">{esc(label)}</a>')


def projects_html(row: dict) -> Markup:
    named = row.get("project_list") or []
    more = row["projects"] - len(named)
    parts = [link(project_text(p, row["label"]), p["iri"]) for p in named]
    if more > 0:
        parts.append(esc(f"… {more} more"))
    return Markup("; ".join(parts) or "—")


def _region(c: dict) -> Markup | str:
    if c["region"]:
        return link(c["region"]["label"], c["region"]["iri"])
    if c.get("region_by_name"):
        return Markup(link(c["region_by_name"]["label"], c["region_by_name"]["iri"]) + esc(" (by name)"))
    return "—"


def _short(text: str, n: int = 16) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _fmt(v: float) -> str:
    return f"{v:,.0f}" if v >= 100 else f"{v:,.2f}".rstrip("0").rstrip(".")


def hbar(rows: list[tuple[str, float, str]], colour: str = "#4e79a7", width: int = 560,
         label_w: int = 170) -> str:
    """Horizontal bars: (label, value, text shown after the bar)."""
    if not rows:
        return '<p class="note">none</p>'
    bar_h, gap = 18, 6
    height = len(rows) * (bar_h + gap) + gap
    top = max(v for _, v, _ in rows) or 1
    room = width - label_w - 200
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" role="img">']
    for i, (label, value, shown) in enumerate(rows):
        y = gap + i * (bar_h + gap)
        w = max(1.0, room * value / top)
        parts.append(f'<g><title>{esc(label)}: {esc(shown)}</title>'
                     f'<text x="{label_w - 6}" y="{y + 13}" text-anchor="end">{esc(_short(label))}</text>'
                     f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{colour}"/>'
                     f'<text x="{label_w + w + 4:.1f}" y="{y + 13}">{esc(shown)}</text></g>')
    parts.append("</svg>")
    return "".join(parts)


def columns(rows: list[tuple[str, float]], colour: str = "#59a14f", height: int = 230) -> str:
    """Vertical bars over time: (label, count)."""
    if not rows:
        return '<p class="note">none</p>'
    col_w, gap, base, left = 26, 6, 64, 56
    width = max(220, left + len(rows) * (col_w + gap) + 20)
    top = max(v for _, v in rows) or 1
    room = height - base - 20
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" role="img">',
             f'<line x1="{left - 4}" y1="{height - base}" x2="{width - 10}" y2="{height - base}" stroke="#999"/>']
    for i, (label, value) in enumerate(rows):
        x = left + i * (col_w + gap)
        h = room * value / top
        y = height - base - h
        parts.append(f'<g><title>{esc(label)}: {value:g}</title>'
                     f'<rect x="{x}" y="{y:.1f}" width="{col_w}" height="{h:.1f}" fill="{colour}"/>'
                     f'<text x="{x + col_w / 2}" y="{y - 3:.1f}" text-anchor="middle">{value:g}</text>'
                     f'<text x="{x + col_w / 2}" y="{height - base + 12}" text-anchor="end" '
                     f'transform="rotate(-45 {x + col_w / 2} {height - base + 12})">{esc(label)}</text></g>')
    parts.append("</svg>")
    return "".join(parts)


def table(head: list[str], rows: list[list], numeric: set[int] = frozenset()) -> str:
    if not rows:
        return '<p class="note">none</p>'
    out = ["<table><thead><tr>" + "".join(f"<th>{esc(h)}</th>" for h in head) + "</tr></thead><tbody>"]
    for r in rows:
        out.append("<tr>" + "".join(f'<td class="n">{esc(c)}</td>' if i in numeric else f"<td>{esc(c)}</td>"
                                    for i, c in enumerate(r)) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _figure(caption: str, body: str) -> str:
    return f"<figure><figcaption>{esc(caption)}</figcaption>{body}</figure>"


def _time_rows(by_month: dict[str, int]) -> list[tuple[str, float]]:
    dated = {k: v for k, v in by_month.items() if k != "undated"}
    if len(dated) > 36:  # too many months for one row: by year
        years: dict[str, int] = {}
        for k, v in dated.items():
            years[k[:4]] = years.get(k[:4], 0) + v
        dated = years
    rows = [(k, float(v)) for k, v in sorted(dated.items())]
    if by_month.get("undated"):
        rows.append(("undated", float(by_month["undated"])))
    return rows


def threshold_html(h: dict) -> list[str]:
    """What the confidence threshold held back, closest calls first (each name opens the map on it)."""
    parts = [f"<h2>Below the confidence threshold ({counted(len(h['entities']), 'entity')}, "
             f"{counted(len(h['relations']), 'relation')})</h2>",
             f'<p class="note">Confidence under {esc(h["min_confidence"])} (--min-confidence): in graph.ttl and on the '
             "map (a switch shows them), left out of the rankings, the money tables, the network analysis and the map's "
             "first view. Closest calls first, with the confidence"
             + (f"; {counted(h['relations_touching'], 'relation')} of the entities held back left out with them" if
                h["relations_touching"] else "") + ".</p>"]
    parts.append(table(["entity", "class", "confidence"],
                       [[link(e["label"], e["iri"]), e["type"], f"{e['confidence']:.3f}"] for e in h["entities"][:LISTED]],
                       {2}))
    parts.append(table(["subject", "predicate", "object", "confidence"],
                       [[link(r["subject"]["label"], r["subject"]["iri"]), r["predicate"],
                         link(r["object"]["label"], r["object"]["iri"]), f"{r['confidence']:.3f}"]
                        for r in h["relations"][:LISTED]], {3}))
    more = max(0, len(h["entities"]) - LISTED) + max(0, len(h["relations"]) - LISTED)
    if more:
        parts.append(f'<p class="note">… {more} more (kg stats --format json).</p>')
    return parts


def render_report_html(summary: dict, documents: list[dict] | None = None,
                       skipped: list[tuple[str, str]] | None = None, title: str = "kg build report",
                       rejected: list[tuple[str, str, float]] | None = None,
                       duplicates: list[tuple[str, str]] | None = None) -> str:
    s = summary
    class_names = labels()["classes"]
    parts = ["<!DOCTYPE html>", '<html lang="zh-Hans"><head><meta charset="utf-8">',
             "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
             "img-src data:\">", '<link rel="icon" href="data:,">',
             f"<title>{esc(title)}</title><style>{CSS}</style></head><body>", f"<h1>{esc(title)}</h1>"]
    docs = documents or []
    h = s.get("held_back")
    parts.append("<ul>" + "".join(f"<li>{esc(k)}: {esc(v)}</li>" for k, v in [
        ("documents read", len(docs) if documents is not None else s["documents"]),
        ("documents skipped", len(skipped or [])), ("duplicates dropped", len(duplicates or [])),
        ("entities", h["entities_total"] if h else s["nodes"]), ("relations", h["relations_total"] if h else s["edges"]),
        ("connected components", s["components"]["count"]), ("communities (Louvain)", s["communities"]["count"]),
        ("declared investment", money_cell(s["investment_total"]))]) + "</ul>")
    if h:
        parts.append(f'<p class="note">{esc(threshold_line(h))}; the analysis below counts the rest.</p>')
    if s["rates"]:
        parts.append(f'<p class="note">Converted to {esc(s["currency"])} at '
                     + esc(", ".join(f"1 {c} = {r} {s['currency']}" for c, r in s["rates"].items())) + ".</p>")
    else:
        parts.append('<p class="note">Amounts are per currency: no exchange rate was given. A project\'s investment '
                     "is the largest amount stated for it in each currency.</p>")

    parts.append("<h2>Investment</h2>")
    for kind, caption in (("regions", "by region"), ("parks", "by park"), ("industries", "by industry")):
        by_cur = s["top"][kind]["by_investment"]
        figs = []
        for cur, rows in by_cur.items():
            data = [(r["label"], float(Decimal(r["investment"][cur])), money(r["investment"][cur], cur))
                    for r in rows]
            figs.append(_figure(f"Declared investment {caption} ({cur})", hbar(data)))
        if not figs:
            figs.append(_figure(f"Declared investment {caption}", '<p class="note">none</p>'))
        parts.append(f'<div class="charts">{"".join(figs)}</div>')
        parts.append(f'<p class="note">{esc(KIND_NOTES[kind].replace("`", ""))}</p>')

    parts.append("<h2>Entities and articles</h2><div class=\"charts\">")
    class_rows = sorted(s["by_class"].items(), key=lambda kv: (-kv[1], kv[0]))
    svg = hbar([(f"{class_names.get(c, {}).get('zh', c)} {c}", float(n), str(n)) for c, n in class_rows],
               colour="#76b7b2")
    parts.append(_figure("Entities by class", svg))
    parts.append(_figure("Relations by predicate", hbar(
        [(p, float(n), str(n)) for p, n in sorted(s["by_predicate"].items(), key=lambda kv: (-kv[1], kv[0]))],
        colour="#edc948")))
    parts.append(_figure("Articles by publication month", columns(_time_rows(s["articles_by_month"]))))
    parts.append("</div>")

    parts.append("<h2>Top entities</h2><p class=\"note\">Each name opens the map (map.html, beside this "
                 "report) on the entity, with the sentences that support its relations.</p><div class=\"charts\">")
    parts.append(_figure("PageRank", table(["entity", "class", "PageRank"],
                                           [[link(r["label"], r["iri"]), r["type"], f"{r['score']:.4f}"]
                                            for r in s["pagerank"]], {2})))
    parts.append(_figure("Betweenness" + (" (sampled)" if s["betweenness_sampled"] else ""),
                         table(["entity", "class", "betweenness"],
                               [[link(r["label"], r["iri"]), r["type"], f"{r['score']:.4f}"]
                                for r in s["betweenness"]], {2})))
    parts.append("</div>")
    for kind, name in (("investors", "Investors"), ("parks", "Parks"), ("regions", "Regions"),
                       ("industries", "Industries")):
        t = s["top"][kind]
        parts.append(f"<h3>{esc(name)} by number of projects</h3>")
        parts.append(table(["entity", "class", "projects", "declared investment", "the projects (investment; place)"],
                           [[link(r["label"], r["iri"]), r["type"], r["projects"], money_cell(r["investment"]),
                             projects_html(r)] for r in t["by_projects"]], {2}))
        for cur, rows in t["by_investment"].items():
            parts.append(f"<h3>{esc(name)} by declared investment ({esc(cur)})</h3>")
            parts.append(table(["entity", "class", "projects", f"investment ({cur})", "the projects (investment; place)"],
                               [[link(r["label"], r["iri"]), r["type"], r["projects"], money(r["investment"][cur]),
                                 projects_html(r)] for r in rows],
                               {2, 3}))

    parts.append("<h2>Structure</h2>")
    parts.append(table(["component size", "how many"], [[k, v] for k, v in s["components"]["sizes"].items()], {0, 1}))
    parts.append(f"<h3>Communities (Louvain, seed {esc(s['communities']['seed'])})</h3>")
    parts.append(table(["size", "most central members"],
                       [[c["size"], Markup("、".join(link(m["label"], m["iri"]) for m in c["members"]))]
                        for c in s["communities"]["largest"]],
                       {0}))
    parts.append("<h3>Project → park → region</h3>")
    parts.append(table(["project", "park", "region"],
                       [[link(c["project"]["label"], c["project"]["iri"]),
                         link(c["park"]["label"], c["park"]["iri"]) if c["park"] else "—",
                         _region(c)] for c in s["chains"][:300]]))
    if any(c.get("region_by_name") for c in s["chains"][:300]):
        parts.append('<p class="note">by name: no locatedIn states the park\'s region; it is the region the '
                     "park's name begins with.</p>")
    if docs:
        parts.append("<h2>Documents</h2>")
        parts.append(table(["file", "title", "date", "entities"],
                           [[d["name"], d.get("title") or "", d.get("date") or "", d.get("entities", "")]
                            for d in docs], {3}))
    if skipped:
        parts.append("<h2>Skipped files</h2>")
        parts.append(table(["file", "reason"], [[p, r] for p, r in skipped]))
    if duplicates:
        parts.append("<h2>Duplicates dropped</h2>")
        parts.append('<p class="note">The same content is read once, from the file that came first.</p>')
        parts.append(table(["file dropped", "same content as (kept)"], [[p, k] for p, k in duplicates]))
    if rejected is not None:
        held, turned_down = held_back(rejected)
        parts.append("<h2>Rejected candidates (for review)</h2>")
        parts.append('<p class="note">Names the extractor considered and turned down, best first.</p>')
        parts.append(table(["candidate", "reason", "score"], [[c, r, f"{sc:.2f}"] for c, r, sc in turned_down[:100]], {2}))
        parts.append(f"<h2>Held back by the learned model ({len(held)})</h2>")
        parts.append('<p class="note">Names the grammar proposed that the model judged not to be named things of '
                     'their class: in no table, the graph or the map. Closest calls first, with the probability.</p>')
        parts.append(table(["candidate", "reason", "probability"],
                           [[c, r[len(HELD_BACK):], f"{sc:.2f}"] for c, r, sc in held[:100]], {2}))
    if h and h["min_confidence"] != "0":
        parts += threshold_html(h)
    parts.append("</body></html>\n")
    return "\n".join(parts)
