"""report.md: what a build made, read and skipped."""
from __future__ import annotations

import networkx as nx

from .analyse import counts_by_class, counts_by_predicate, top_entities


def _md(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def render_report(net: nx.MultiDiGraph, documents: list[dict], skipped: list[tuple[str, str]],
                  rejected: list[tuple[str, str, float]]) -> str:
    lines = ["# kg build report", "", f"- documents read: {len(documents)}",
             f"- documents skipped: {len(skipped)}", f"- entities: {net.number_of_nodes()}",
             f"- relations: {net.number_of_edges()}", "", "## Entities by class", "",
             "| class | count |", "|---|---|"]
    lines += [f"| {c} | {n} |" for c, n in sorted(counts_by_class(net).items())]
    lines += ["", "## Relations by predicate", "", "| predicate | count |", "|---|---|"]
    lines += [f"| {p} | {n} |" for p, n in sorted(counts_by_predicate(net).items())]
    lines += ["", "## Top entities (PageRank)", "", "| entity | class | PageRank |", "|---|---|---|"]
    lines += [f"| {_md(label)} | {t} | {s:.4f} |" for label, t, _, s in top_entities(net, 15)]
    lines += ["", "## Documents", "", "| file | title | date | encoding | entities |", "|---|---|---|---|---|"]
    lines += [f"| {_md(d['name'])} | {_md(d['title'] or '')} | {d['date'] or ''} | {d['encoding']} | {d['entities']} |"
              for d in documents]
    lines += ["", "## Skipped files", ""]
    lines += [f"- {_md(p)}: {_md(r)}" for p, r in skipped] or ["none"]
    lines += ["", "## Rejected candidates (for review)", ""]
    lines += [f"- {_md(s)} — {_md(r)} ({sc:.2f})" for s, r, sc in rejected[:100]] or ["none"]
    return "\n".join(lines) + "\n"
