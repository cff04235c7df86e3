"""report.md: what a build made, read and skipped, and what the network says."""
from __future__ import annotations

import networkx as nx

from .. import forked
from .analyse import Facts, counts_by_class, counts_by_predicate, pagerank, summarise, top_entities
from .confidence import DEFAULT_MIN_CONFIDENCE, LISTED, split
from .figures import (KIND_NOTES, held_back, KIND_TITLES, map_link, money, money_cell,  # noqa: F401 (money: kept importable)
                      counted, project_text, threshold_line)
from ..model import HELD_BACK, printable


def _md(text: str) -> str:
    """A table cell or list item: one line, pipes and backslashes escaped, control characters
    written as escapes (a report read with cat must not drive the terminal)."""
    text = str(text).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ").replace("<", "&lt;")
    return printable(text)


def _md_link(label: str, iri: str) -> str:
    text = _md(label).replace("[", "\\[").replace("]", "\\]")
    return f"[{text}]({map_link(iri)})"


def projects_cell(row: dict, md: bool = True) -> str:
    named = row.get("project_list") or []
    more = row["projects"] - len(named)
    parts = [(_md_link(project_text(p, row["label"]), p["iri"]) if md else project_text(p, row["label"]))
             for p in named]
    text = "; ".join(parts)
    return text + (f"; … {more} more" if more > 0 else "") if parts else "—"


def analysis_section(s: dict) -> list[str]:
    """The network-analysis part of report.md, from :func:`kg.views.analyse.summarise`."""
    lines = ["", "## Network analysis", ""]
    comps = s["components"]
    lines.append(f"- connected components: {comps['count']} (largest: {comps['largest']} entities; "
                 + ", ".join(f"size {size} ×{n}" for size, n in list(comps["sizes"].items())[:6]) + ")")
    lines.append(f"- communities (Louvain, seed {s['communities']['seed']}, isolated entities left out): "
                 f"{s['communities']['count']}")
    if s["investment_total"]:
        lines.append(f"- declared investment of all projects: {money_cell(s['investment_total'])}")
    if s["rates"]:
        lines.append(f"- converted to {s['currency']} at " + ", ".join(f"1 {c} = {r} {s['currency']}"
                                                                       for c, r in s["rates"].items()))
    else:
        lines.append("- amounts are per currency (no exchange rate given); a project's investment is the largest "
                     "amount stated for it in each currency")
    lines += ["", "### Betweenness" + (" (estimated from a seeded sample)" if s["betweenness_sampled"] else ""), "",
              "| entity | class | betweenness |", "|---|---|---|"]
    lines += [f"| {_md_link(r['label'], r['iri'])} | {r['type']} | {r['score']:.4f} |" for r in s["betweenness"]] or ["| — | | |"]
    for kind, title in KIND_TITLES.items():
        t = s["top"][kind]
        lines += ["", f"### {title} by number of projects", "", f"({KIND_NOTES[kind]}; each name opens the map on it)", "",
                  "| entity | class | projects | declared investment | the projects (investment; place) |",
                  "|---|---|---|---|---|"]
        lines += [f"| {_md_link(r['label'], r['iri'])} | {r['type']} | {r['projects']} | "
                  f"{_md(money_cell(r['investment']))} | {projects_cell(r)} |"
                  for r in t["by_projects"]] or ["| — | | | | |"]
        for cur, rows in t["by_investment"].items():
            lines += ["", f"### {title} by declared investment ({cur})", "",
                      f"| entity | class | projects | investment ({cur}) | the projects (investment; place) |",
                      "|---|---|---|---|---|"]
            lines += [f"| {_md_link(r['label'], r['iri'])} | {r['type']} | {r['projects']} | "
                      f"{money(r['investment'][cur])} | {projects_cell(r)} |"
                      for r in rows]
    lines += ["", "### Communities", "", "| size | most central members (PageRank) |", "|---|---|"]
    lines += [f"| {c['size']} | {_md('、'.join(m['label'] for m in c['members']))} |"
              for c in s["communities"]["largest"]] or ["| — | |"]
    lines += ["", "### Project → park → region", "", "| project | park | region |", "|---|---|---|"]
    lines += [f"| {_md_link(c['project']['label'], c['project']['iri'])} | "
              f"{_md_link(c['park']['label'], c['park']['iri']) if c['park'] else '—'} | {_region_cell(c)} |"
              for c in s["chains"][:200]] or ["| — | | |"]
    if any(c.get("region_by_name") for c in s["chains"][:200]):
        lines.append("\n(by name: no `locatedIn` states the park's region; it is the region the park's name begins with)")
    if len(s["chains"]) > 200:
        lines.append(f"\n({len(s['chains']) - 200} more chains in `kg stats --format json`)")
    return lines


def _region_cell(c: dict, md: bool = True) -> str:
    if c["region"]:
        return _md_link(c["region"]["label"], c["region"]["iri"]) if md else c["region"]["label"]
    if c.get("region_by_name"):
        r = c["region_by_name"]
        return (_md_link(r["label"], r["iri"]) if md else r["label"]) + " (by name)"
    return "—"


def render_report(net: nx.MultiDiGraph, documents: list[dict], skipped: list[tuple[str, str]],
                  rejected: list[tuple[str, str, float]], summary: dict | None = None,
                  ranks: dict[str, float] | None = None, duplicates: list[tuple[str, str]] | None = None) -> str:
    """report.md.  ``summary`` is :func:`kg.views.analyse.summarise` of the graph's ``Facts`` (with the
    money values); without it, the analysis is made from ``net`` alone.  ``ranks``: the PageRank
    of ``net`` where the caller has it already."""
    if summary is None:
        summary = summarise(Facts(net=net))
    lines = ["# kg build report", "", f"- documents read: {len(documents)}",
             f"- documents skipped: {len(skipped)}", f"- duplicates dropped: {len(duplicates or [])}",
             f"- entities: {net.number_of_nodes()}",
             f"- relations: {net.number_of_edges()}"]
    if summary.get("held_back"):
        lines.append(f"- {threshold_line(summary['held_back'])}")
    lines += ["", "## Entities by class", "",
             "| class | count |", "|---|---|"]
    lines += [f"| {c} | {n} |" for c, n in sorted(counts_by_class(net).items())]
    lines += ["", "## Relations by predicate", "", "| predicate | count |", "|---|---|"]
    lines += [f"| {p} | {n} |" for p, n in sorted(counts_by_predicate(net).items())]
    lines += ["", "## Top entities (PageRank)", "", "| entity | class | PageRank |", "|---|---|---|"]
    lines += [f"| {_md_link(label, iri)} | {t} | {s:.4f} |" for label, t, iri, s in top_entities(net, 15, ranks)]
    lines += analysis_section(summary)
    lines += ["", "## Documents", "", "| file | title | date | encoding | entities |", "|---|---|---|---|---|"]
    lines += [f"| {_md(d['name'])} | {_md(d['title'] or '')} | {d['date'] or ''} | {d['encoding']} | {d['entities']} |"
              for d in documents]
    lines += ["", "## Skipped files", ""]
    lines += [f"- {_md(p)}: {_md(r)}" for p, r in skipped] or ["none"]
    lines += ["", "## Duplicates dropped", "", "(the same content read once, from the file named second)", ""]
    lines += [f"- {_md(p)}: same content as {_md(k)}" for p, k in duplicates or []] or ["none"]
    held, turned_down = held_back(rejected)
    lines += ["", "## Rejected candidates (for review)", ""]
    lines += [f"- {_md(s)} — {_md(r)} ({sc:.2f})" for s, r, sc in turned_down[:100]] or ["none"]
    lines += ["", f"## Held back by the learned model ({len(held)}, for review)", "",
              "(names the grammar proposed that the model judged not to be named things of their class; "
              "they are in no table, the graph or the map; closest calls first, with the model's probability)", ""]
    lines += [f"- {_md(s)} — {_md(r[len(HELD_BACK):])} ({sc:.2f})" for s, r, sc in held[:100]] or ["none"]
    if summary.get("held_back") and summary["held_back"]["min_confidence"] != "0":
        lines += threshold_section(summary["held_back"])
    return "\n".join(lines) + "\n"


def threshold_section(h: dict) -> list[str]:
    """report.md's list of what the confidence threshold held back, closest calls first."""
    lines = ["", f"## Below the confidence threshold ({counted(len(h['entities']), 'entity')}, "
                 f"{counted(len(h['relations']), 'relation')}, for review)", "",
             f"(confidence under {h['min_confidence']} (`--min-confidence`): in graph.ttl and on the map (a switch shows "
             "them), left out of the rankings, the money tables, the network analysis and the map's first view; "
             "closest calls first, with the confidence)", "", "### Entities", ""]
    lines += [f"- {_md_link(e['label'], e['iri'])} ({e['type']}) — {e['confidence']:.3f}"
              for e in h["entities"][:LISTED]] or ["none"]
    if len(h["entities"]) > LISTED:
        lines.append(f"- … {len(h['entities']) - LISTED} more (`kg stats --format json`)")
    lines += ["", "### Relations", ""]
    lines += [f"- {_md_link(r['subject']['label'], r['subject']['iri'])} —{r['predicate']}→ "
              f"{_md_link(r['object']['label'], r['object']['iri'])} — {r['confidence']:.3f}"
              for r in h["relations"][:LISTED]] or ["none"]
    if len(h["relations"]) > LISTED:
        lines.append(f"- … {len(h['relations']) - LISTED} more (`kg stats --format json`)")
    if h["relations_touching"]:
        lines.append(f"\n(and {counted(h['relations_touching'], 'relation')} of the entities held back, left out with them)")
    return lines


def render_outputs(graph, documents: list[dict], skipped: list[tuple[str, str]],
                   rejected: list[tuple[str, str, float]], jobs: int = 1,
                   duplicates: list[tuple[str, str]] | None = None,
                   min_confidence: float = DEFAULT_MIN_CONFIDENCE) -> tuple[nx.MultiDiGraph, dict[str, str]]:
    """map.html, report.md and report.html of a graph (rdflib, or :class:`kg.views.facts.Triples`): the
    analysis is made once for all three, of the entities and relations whose confidence reaches
    ``min_confidence`` (:mod:`kg.views.confidence`).  With ``jobs > 1`` the map (its layout is most of
    the work) is drawn in a forked process while this one summarises: same bytes.
    Returns the entity graph (all of it, for counts) and {file name: text}."""
    from .analyse import load_facts
    from .report_html import render_report_html
    facts = load_facts(graph)
    ranks = pagerank(split(facts, min_confidence)[0].net)     # once, for the map, the summary and report.md
    pending = forked.start(_map_html, facts, ranks, min_confidence) if jobs > 1 else None
    summary = summarise(facts, ranks=ranks, min_confidence=min_confidence)
    md = render_report(facts.net, documents, skipped, rejected, summary, ranks=ranks, duplicates=duplicates)
    page = _map_html(facts, ranks, min_confidence) if pending is None else pending.wait()
    return facts.net, {"map.html": page, "report.md": md,
                       "report.html": render_report_html(summary, documents, skipped, rejected=rejected,
                                                         duplicates=duplicates)}


def _map_html(facts: Facts, ranks: dict[str, float], min_confidence: float = DEFAULT_MIN_CONFIDENCE) -> str:
    from .render import render_map
    return render_map(facts, ranks=ranks, min_confidence=min_confidence)


def _clip(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _width(text: str) -> int:
    import unicodedata
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def text_table(head: list[str], rows: list[list]) -> list[str]:
    """Columns padded by display width (a Chinese character takes two)."""
    cells = [[str(c) for c in head]] + [[str(c) for c in r] for r in rows]
    widths = [max(_width(r[i]) for r in cells) for i in range(len(head))]
    out = []
    for k, r in enumerate(cells):
        out.append("  ".join(c + " " * (w - _width(c)) for c, w in zip(r, widths)).rstrip())
        if k == 0:
            out.append("  ".join("-" * w for w in widths))
    return out


def stats_table(s: dict) -> str:
    """``kg stats`` as text tables."""
    lines = [f"entities {s['nodes']}, relations {s['edges']}, documents {s['documents']}, "
             f"components {s['components']['count']} (largest {s['components']['largest']}), "
             f"communities {s['communities']['count']}"]
    if s["held_back"]["min_confidence"] != "0":
        lines.append(threshold_line(s["held_back"]))
    if s["investment_total"]:
        lines.append(f"declared investment: {money_cell(s['investment_total'])}")
    if s["rates"]:
        lines.append(f"converted to {s['currency']} at " + ", ".join(f"1 {c} = {r}" for c, r in s["rates"].items()))
    lines += ["", "by class"] + text_table(["class", "count"], [[c, n] for c, n in s["by_class"].items()])
    lines += ["", "by predicate"] + text_table(["predicate", "count"], [[p, n] for p, n in s["by_predicate"].items()])
    for key, name in (("pagerank", "PageRank"), ("betweenness", "betweenness")):
        lines += ["", name + (" (sampled)" if key == "betweenness" and s["betweenness_sampled"] else "")]
        lines += text_table(["entity", "class", name], [[r["label"], r["type"], f"{r['score']:.4f}"] for r in s[key]])
    for kind, title in KIND_TITLES.items():
        t = s["top"][kind]
        lines += ["", f"{title.lower()} by projects"]
        lines += text_table(["entity", "class", "projects", "declared investment", "largest projects"],
                            [[r["label"], r["type"], r["projects"], money_cell(r["investment"]),
                              _clip(projects_cell(r, md=False), 80)] for r in t["by_projects"]])
        for cur, rows in t["by_investment"].items():
            lines += ["", f"{title.lower()} by declared investment ({cur})"]
            lines += text_table(["entity", "class", "projects", cur],
                                [[r["label"], r["type"], r["projects"], money(r["investment"][cur])] for r in rows])
    lines += ["", f"communities (Louvain, seed {s['communities']['seed']})"]
    lines += text_table(["size", "most central members"],
                        [[c["size"], "、".join(m["label"] for m in c["members"])] for c in s["communities"]["largest"]])
    lines += ["", "components"] + text_table(["size", "how many"], [[k, v] for k, v in s["components"]["sizes"].items()])
    lines += ["", "project -> park -> region"]
    lines += text_table(["project", "park", "region"],
                        [[c["project"]["label"], c["park"]["label"] if c["park"] else "-",
                          _region_cell(c, md=False).replace("—", "-")] for c in s["chains"]])
    return "\n".join(lines) + "\n"
