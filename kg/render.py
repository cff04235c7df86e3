"""The interactive HTML map of the graph (pyvis)."""
from __future__ import annotations

import html

import networkx as nx

from .analyse import pagerank

COLOURS = {
    "Government": "#d62728", "Region": "#8c564b", "Park": "#2ca02c", "Company": "#1f77b4",
    "ResearchInstitution": "#9467bd", "Organization": "#e377c2", "Project": "#ff7f0e",
    "Person": "#17becf", "Event": "#bcbd22", "Program": "#7f7f7f", "Industry": "#aec7e8",
}


def render_map(net: nx.MultiDiGraph) -> str:
    from pyvis.network import Network
    vis = Network(height="800px", width="100%", directed=True, cdn_resources="in_line")
    pr = pagerank(net)
    for n, d in sorted(net.nodes(data=True)):
        vis.add_node(n, label=html.escape(d["label"]), title=html.escape(f"{d['label']} ({d['type']})"),
                     color=COLOURS.get(d["type"], "#999"), size=10 + 200 * pr.get(n, 0))
    for s, o, k in sorted(net.edges(keys=True)):
        vis.add_edge(s, o, label=k, title=k)
    return vis.generate_html()
