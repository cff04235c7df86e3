"""The interactive HTML map of the graph: one self-contained file that works offline.

pyvis's own page links Bootstrap and vis-network from CDNs (even with
``cdn_resources='in_line'``), switches every tooltip to ``innerHTML`` as soon as one
title contains ``href``, writes ``heading`` unescaped and lets the browser settle the
physics of every node.  So the page is our own template around the vis-network library
that pyvis ships (``kg/views/static/vis-network.min.js``, inlined):

- the graph travels as JSON inside ``<script type="application/json">`` with ``<``, ``>``
  and ``&`` written as ``\\u003c`` etc., and every text from an article reaches the page
  through ``textContent``, canvas labels or vis-network's plain-text tooltips, never
  ``innerHTML``; a Content-Security-Policy with the hashes of the page's two scripts
  blocks inline event handlers and any network access besides;
- positions come from :mod:`kg.views.layout`; up to ``PHYSICS_MAX_NODES`` nodes the browser
  relaxes them with a short, bounded simulation and then switches physics off, above
  that the page draws the computed layout at once;
- nodes are coloured by class (legend = class filter) and sized by PageRank; edge labels
  are the ontology's Chinese labels (English on a switch); search, filters by class,
  predicate and document; a click shows the evidence sentences and their documents.

Same graph, same bytes: everything is sorted and the layout is seeded.
"""
from __future__ import annotations

import base64
import hashlib
import html
import json
import math
from functools import lru_cache
from pathlib import Path

import networkx as nx

from .analyse import Facts, pagerank, undirected
from .confidence import DEFAULT_MIN_CONFIDENCE, HeldBack, edge_confidence, entity_confidence, split
from .layout import layout
from ..model import CLASSES, PREDICATES, SYMMETRIC

STATIC = Path(__file__).resolve().parent / "static"
PHYSICS_MAX_NODES = 600   # above this the layout computed in Python is drawn as it is
MAX_EVIDENCE = 20         # evidence sentences per edge carried into the page
MAX_EDGES = 20_000        # relations drawn at most: those between the best-ranked entities (a page note says so)
HIDE_ISOLATED_ABOVE = 150  # a map of more entities lists those with no relation instead of drawing them (a switch shows them)

COLOURS = {
    "Government": "#d62728", "Region": "#8c564b", "Park": "#2ca02c", "Company": "#1f77b4",
    "ResearchInstitution": "#9467bd", "Organization": "#e377c2", "Project": "#ff7f0e",
    "Person": "#17becf", "Event": "#bcbd22", "Program": "#7f7f7f", "Industry": "#aec7e8",
}


@lru_cache(maxsize=1)
def labels() -> dict:
    """Class and predicate labels {name: {"zh", "en"}}: kg/views/static/labels.json, overridden by the
    rdfs:labels of kg/rdf/ontology/kg.ttl where the ontology has them."""
    table = json.loads((STATIC / "labels.json").read_text(encoding="utf-8"))
    try:
        from rdflib import Graph, Literal
        from ..resources import ontology_file
        from ..rdf.vocab import KG, RDFS
        path = ontology_file("kg.ttl")
        if path.exists():
            g = Graph().parse(path, format="turtle")
            for group, names in (("classes", CLASSES), ("predicates", tuple(table["predicates"]))):
                for name in names:
                    for lit in sorted(g.objects(KG[name], RDFS.label), key=str):
                        if isinstance(lit, Literal) and lit.language:
                            lang = "zh" if lit.language.lower().startswith("zh") else lit.language.lower()
                            if lang in ("zh", "en") and not (lang == "zh" and lit.language.lower() == "zh-hant"):
                                table[group].setdefault(name, {})[lang] = str(lit)
    except Exception:  # a broken ontology file must not stop the map; the bundled table stands
        pass
    return table


@lru_cache(maxsize=1)
def _vis_js() -> str:
    js = (STATIC / "vis-network.min.js").read_text(encoding="utf-8")
    # inside <script> only "</script" (and "<!--") can end or confuse the element
    return js.replace("</script", "<\\/script").replace("<!--", "<\\!--")


def safe_json(data) -> str:
    """JSON that can sit inside an HTML <script> element: no <, > or & characters left."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _as_facts(graph) -> Facts:
    if isinstance(graph, Facts):
        return graph
    if isinstance(graph, nx.MultiDiGraph):
        return Facts(net=graph)
    from .analyse import load_facts
    return load_facts(graph)


def _money(a) -> str:
    return f"{a.surface} ({format(a.amount.normalize(), ',f')} {a.currency})"


def map_data(facts: Facts, title: str = "", lang: str = "zh", physics: bool | None = None,
             ranks: dict[str, float] | None = None, held: HeldBack | None = None) -> dict:
    """What the page draws, as plain data (also handy for tests).  ``ranks``: the PageRank of
    ``facts.net`` (of the part that passes ``held``'s threshold) where the caller has it already.
    An entity or relation ``held`` back by the confidence threshold carries its confidence (``q``):
    the page leaves it out of the first view."""
    net = facts.net
    held = held or HeldBack()
    low, low_edges = set(held.entities), set(held.relations)
    nodes = sorted(net.nodes)
    index = {n: i for i, n in enumerate(nodes)}
    pr = pagerank(net) if ranks is None else ranks
    top = max(pr.values(), default=0) or 1.0
    pos = layout(undirected(net))
    docs = sorted(facts.documents.values(), key=lambda d: (d.date or "9999", d.name, d.iri))
    doc_index = {d.iri: i for i, d in enumerate(docs)}

    def ev_rows(evs) -> list:
        return [[e.sentence, doc_index.get(e.doc, -1)] for e in evs[:MAX_EVIDENCE]]

    rank = {n: i for i, n in enumerate(sorted(nodes, key=lambda n: (-pr.get(n, 0), n)))}
    out_nodes = []
    for n in nodes:
        d = net.nodes[n]
        value_ev = []
        for a in facts.amounts.get(n, []):
            value_ev.extend(facts.evidence.get((n, a.predicate, a.iri), []))
        x, y = pos.get(n, (0.0, 0.0))
        out_nodes.append({
            "id": index[n], "iri": n, "l": d["label"], "c": d["type"], "r": rank[n],
            "s": round(8 + 32 * math.sqrt(pr.get(n, 0) / top), 1), "x": x, "y": y,
            "a": facts.aliases.get(n, []),
            "d": sorted({doc_index[x] for x in facts.mentioned_in.get(n, []) if x in doc_index}),
            "m": [[a.predicate, _money(a)] for a in facts.amounts.get(n, [])],
            "ve": ev_rows(sorted(set(value_ev), key=lambda e: (e.doc, e.start or 0, e.sentence))),
        })
        if n in low:
            out_nodes[-1]["q"] = round(entity_confidence(facts, n), 3)
    out_edges = []
    edges = sorted(net.edges(keys=True))
    if len(edges) > MAX_EDGES:      # a browser draws tens of thousands of edges, not 150,000
        best = sorted(edges, key=lambda e: (-(pr.get(e[0], 0) + pr.get(e[1], 0)), e))[:MAX_EDGES]
        edges = sorted(best)
    for s, o, k in edges:
        evs = facts.evidence.get((s, k, o), [])
        out_edges.append({"f": index[s], "t": index[o], "p": k, "ev": ev_rows(evs), "n": len(evs)})
        if (s, k, o) in low_edges:
            out_edges[-1]["q"] = round(edge_confidence(facts, s, k, o), 3)
    table = labels()
    return {
        "title": title, "lang": lang if lang in ("zh", "en") else "zh",
        "physics": (len(nodes) <= PHYSICS_MAX_NODES) if physics is None else bool(physics),
        "hide_isolated": len(nodes) > HIDE_ISOLATED_ABOVE,
        "nodes": out_nodes, "edges": out_edges, "edges_total": net.number_of_edges(),
        "docs": [{"n": d.name, "t": d.title, "d": d.date} for d in docs],
        "classes": [{"name": c, "colour": COLOURS[c], "zh": table["classes"][c]["zh"],
                     "en": table["classes"][c]["en"], "count": sum(1 for n in out_nodes if n["c"] == c)}
                    for c in CLASSES],
        "predicates": [{"name": p, "zh": table["predicates"][p]["zh"], "en": table["predicates"][p]["en"],
                        "symmetric": p in SYMMETRIC, "count": sum(1 for e in out_edges if e["p"] == p)}
                       for p in PREDICATES],
        "values": {p: table["predicates"][p] for p in ("investmentAmount", "annualOutput")},
        "min_confidence": held.min_confidence,
    }


def _csp_hash(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode() + "'"


def render_map(graph, title: str = "", lang: str = "zh", physics: bool | None = None,
               ranks: dict[str, float] | None = None, min_confidence: float = DEFAULT_MIN_CONFIDENCE) -> str:
    """map.html for a graph: ``Facts`` (best: evidence, aliases, values), an rdflib graph, or
    a bare networkx graph from :func:`kg.views.facts.to_networkx`.  What is below ``min_confidence``
    is on the page but not in its first view (a switch shows it); ``ranks``: the PageRank of the rest."""
    facts = _as_facts(graph)
    passing, held = split(facts, min_confidence)
    data = map_data(facts, title=title, lang=lang, physics=physics,
                    ranks=pagerank(passing.net) if ranks is None else ranks, held=held)
    vis_js = _vis_js()
    app_js = (STATIC / "map.js").read_text(encoding="utf-8")
    css = (STATIC / "map.css").read_text(encoding="utf-8")
    csp = ("default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
           f"script-src {_csp_hash(vis_js)} {_csp_hash(app_js)}; base-uri 'none'; form-action 'none'")
    heading = "kg · 招商引资知识图谱" + (f" — {title}" if title else "")
    return (
        "<!DOCTYPE html>\n<html lang=\"zh-Hans\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<meta http-equiv=\"Content-Security-Policy\" content=\"{csp}\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<link rel=\"icon\" href=\"data:,\">\n"
        f"<title>{html.escape(heading)}</title>\n<style>\n{css}</style>\n</head>\n<body>\n"
        "<div id=\"kg-app\">\n<aside id=\"kg-side\">\n"
        f"<h1 id=\"kg-heading\">{html.escape(heading)}</h1>\n" + _edges_note(data) +
        "<div id=\"kg-status\" role=\"status\"></div>\n"
        "<div class=\"kg-row\"><input id=\"kg-search\" type=\"search\" autocomplete=\"off\">"
        "<button id=\"kg-lang\" type=\"button\"></button></div>\n"
        "<ul id=\"kg-results\"></ul>\n"
        "<details open><summary id=\"kg-h-classes\"></summary><div id=\"kg-legend\"></div></details>\n"
        "<details><summary id=\"kg-h-predicates\"></summary><div id=\"kg-predicates\"></div></details>\n"
        "<div class=\"kg-row\"><label id=\"kg-h-doc\" for=\"kg-doc\"></label><select id=\"kg-doc\"></select></div>\n"
        "<details id=\"kg-isolated-box\"><summary id=\"kg-h-isolated\"></summary>"
        "<label class=\"kg-check\"><input type=\"checkbox\" id=\"kg-isolated\"><span id=\"kg-isolated-label\"></span></label>"
        "<ul id=\"kg-isolated-list\"></ul></details>\n"
        "<details id=\"kg-low-box\"><summary id=\"kg-h-low\"></summary>"
        "<label class=\"kg-check\"><input type=\"checkbox\" id=\"kg-low\"><span id=\"kg-low-label\"></span></label>"
        "<ul id=\"kg-low-list\"></ul></details>\n"
        "<div class=\"kg-row\"><button id=\"kg-physics\" type=\"button\"></button>"
        "<button id=\"kg-fit\" type=\"button\"></button></div>\n"
        "<section id=\"kg-details\" aria-live=\"polite\"></section>\n"
        "</aside>\n<main id=\"kg-network\"></main>\n</div>\n"
        f"<script type=\"application/json\" id=\"kg-data\">{safe_json(data)}</script>\n"
        f"<script>{vis_js}</script>\n<script>{app_js}</script>\n</body>\n</html>\n"
    )


def _edges_note(data: dict) -> str:
    shown, total = len(data["edges"]), data["edges_total"]
    if shown >= total:
        return ""
    return (f"<p id=\"kg-note\">显示 {shown:,} / {total:,} 条关系（排名最高的实体之间） · "
            f"showing {shown:,} of {total:,} relations, those between the best-ranked entities</p>\n")


def neighbourhood(facts: Facts, focus: list[str], hops: int) -> set[str]:
    """Nodes within ``hops`` edges (either direction) of any of ``focus``."""
    u = undirected(facts.net)
    keep: set[str] = set()
    for f in focus:
        keep |= set(nx.single_source_shortest_path_length(u, f, cutoff=hops))
    return keep


def find_entities(facts: Facts, name: str) -> list[str]:
    """Entities called ``name``: by IRI, label, alias, in that order; else those whose label contains it."""
    net = facts.net
    if name in net:
        return [name]
    exact = sorted(n for n, d in net.nodes(data=True) if d["label"] == name)
    if exact:
        return exact
    alias = sorted(n for n, a in facts.aliases.items() if name in a)
    if alias:
        return alias
    return sorted(n for n, d in net.nodes(data=True) if name in d["label"])


class AmbiguousFocus(LookupError):
    """A focus that names several entities: ``candidates`` are (IRI, label, class), for the user to pick one."""

    def __init__(self, focus: str, candidates: list[tuple[str, str, str]]):
        self.focus, self.candidates = focus, candidates
        lines = [f"{focus!r} names {len(candidates)} entities; give one (its full name or IRI):"]
        lines += [f"  {label} ({kind})  {iri}" for iri, label, kind in candidates[:30]]
        if len(candidates) > 30:
            lines.append(f"  ... and {len(candidates) - 30} more")
        super().__init__("\n".join(lines))


def select(facts: Facts, focus: str | None = None, hops: int = 1, classes: list[str] | None = None) -> Facts:
    """The part of the graph ``kg viz`` draws: a neighbourhood and/or some classes (the focus stays)."""
    keep = set(facts.net.nodes)
    centre: list[str] = []
    if focus:
        centre = find_entities(facts, focus)
        if not centre:
            raise LookupError(f"no entity called {focus!r}")
        if len(centre) > 1:
            raise AmbiguousFocus(focus, [(n, facts.net.nodes[n]["label"], facts.net.nodes[n]["type"]) for n in centre])
        keep = neighbourhood(facts, centre, hops)
    if classes:
        wanted = set(classes)
        keep = {n for n in keep if facts.net.nodes[n]["type"] in wanted or n in centre}
    return facts.subgraph(keep)
