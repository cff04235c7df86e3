"""Network analysis of the built graph with networkx.

``kg.views.facts`` reads the graph into a ``Facts`` (the entities as a networkx
``MultiDiGraph``, and the aliases, documents, money and evidence beside them).
``summarise(facts)`` computes everything ``kg stats``, report.md and report.html
print: counts by class and predicate, PageRank and betweenness, the top investors,
parks and regions by number of projects and by declared investment, communities
(Louvain, seeded), connected components and the project -> park -> region chains.
Every result is ordered so the same graph gives the same output, byte for byte.
"""
from __future__ import annotations

import math
import operator
import random
from collections import Counter, defaultdict, deque
from decimal import Decimal
from typing import Iterable

import networkx as nx

from ..model import SYMMETRIC
from .confidence import DEFAULT_MIN_CONFIDENCE, held_summary, split
# the facts are read in kg.views.facts; kept importable from here
from .facts import (Amount, Doc, Ev, Facts, Node, Triples, _decimal, _local, load_facts,  # noqa: F401
                    load_graph, to_networkx)

SEED = 42                 # Louvain and sampled betweenness: same graph, same answer
EXACT_BETWEENNESS = 800   # above this many nodes betweenness is estimated from a seeded sample
BETWEENNESS_SAMPLE = 100  # of source nodes (about 2 s at 5,000 nodes; exact would take minutes)


# ---------------------------------------------------------------- measures

def counts_by_class(net: nx.MultiDiGraph) -> Counter:
    return Counter(d["type"] for _, d in net.nodes(data=True))


def counts_by_predicate(net: nx.MultiDiGraph) -> Counter:
    return Counter(k for _, _, k in net.edges(keys=True))


def _directed(net: nx.MultiDiGraph) -> nx.DiGraph:
    """Simple directed graph; a symmetric predicate counts both ways."""
    d = nx.DiGraph()
    d.add_nodes_from(sorted(net.nodes))
    for s, o, k in sorted(net.edges(keys=True)):
        d.add_edge(s, o)
        if k in SYMMETRIC:
            d.add_edge(o, s)
    return d


def undirected(net: nx.MultiDiGraph) -> nx.Graph:
    """Simple undirected graph, edge ``weight`` = number of predicates between the two nodes."""
    u = nx.Graph()
    u.add_nodes_from(sorted(net.nodes))
    for s, o, _ in sorted(net.edges(keys=True)):
        if s == o:
            continue
        if u.has_edge(s, o):
            u[s][o]["weight"] += 1
        else:
            u.add_edge(s, o, weight=1)
    return u


def pagerank(net: nx.MultiDiGraph, alpha: float = 0.85, tol: float = 1.0e-10,
             max_iter: int = 200) -> dict[str, float]:
    """PageRank by power iteration (pure Python, no scipy); dangling nodes spread evenly.

    Over node indices and lists, each node's in-sum added in the order of its predecessors
    (the same floats, in the same order, as the dict-and-generator form it replaced)."""
    n = net.number_of_nodes()
    if n == 0:
        return {}
    d = _directed(net)
    nodes = list(d.nodes)
    index = {v: i for i, v in enumerate(nodes)}
    out_deg = [d.out_degree(v) for v in nodes]
    preds = [[index[u] for u in d.predecessors(v)] for v in nodes]
    dangling = [i for i, k in enumerate(out_deg) if k == 0]
    rank = [1.0 / n] * n
    for _ in range(max_iter):
        dangle = alpha * sum([rank[i] for i in dangling]) / n
        base = (1.0 - alpha) / n + dangle
        share = [r / k if k else 0.0 for r, k in zip(rank, out_deg)]
        get = share.__getitem__
        new = [base + alpha * sum(map(get, p)) for p in preds]
        err = sum(map(abs, map(operator.sub, new, rank)))
        rank = new
        if err < n * tol:
            break
    total = sum(rank)
    return {v: r / total for v, r in zip(nodes, rank)}


def betweenness(net: nx.MultiDiGraph) -> dict[str, float]:
    """Normalised betweenness on the undirected graph; estimated from a seeded sample of
    ``BETWEENNESS_SAMPLE`` sources above ``EXACT_BETWEENNESS`` nodes (exact is O(n·m)).

    Brandes' algorithm as networkx 3.6's ``betweenness_centrality(u, k, seed=SEED)`` runs it
    (the same sources, the same floats added in the same order, the same rescaling), but each
    search touches only the nodes it reaches: networkx starts every search with a table of
    all n nodes, which made a sampled 10,000-node graph of small components cost seconds."""
    u = undirected(net)
    n = u.number_of_nodes()
    if n == 0:
        return {}
    nodes = list(u)
    k = BETWEENNESS_SAMPLE if n > EXACT_BETWEENNESS else None
    sources = random.Random(SEED).sample(nodes, k) if k else nodes
    adj = u._adj
    bc = dict.fromkeys(nodes, 0.0)
    for s in sources:
        order, pred, sigma, dist = [], {s: []}, {s: 1.0}, {s: 0}
        queue = deque([s])
        while queue:
            v = queue.popleft()
            order.append(v)
            dv = dist[v] + 1
            sv = sigma[v]
            for w in adj[v]:
                dw = dist.get(w)
                if dw is None:
                    queue.append(w)
                    dist[w] = dw = dv
                    sigma[w] = 0.0
                    pred[w] = []
                if dw == dv:
                    sigma[w] += sv
                    pred[w].append(v)
        delta = dict.fromkeys(order, 0)
        while order:
            w = order.pop()
            coeff = (1 + delta[w]) / sigma[w]
            for v in pred[w]:
                delta[v] += sigma[v] * coeff
            if w != s:
                bc[w] += delta[w]
    big_n = n - 1        # endpoints are not counted
    if big_n < 2:
        return bc
    if k is None:
        scale = 1 / (big_n * (big_n - 1))
        if scale != 1:
            for v in bc:
                bc[v] *= scale
        return bc
    scale_source = 1 / ((k - 1) * (big_n - 1)) if k > 1 else math.nan
    scale_other = 1 / (k * (big_n - 1))
    sampled = set(sources)
    for v in bc:
        bc[v] *= scale_source if v in sampled else scale_other
    return bc


def communities(net: nx.MultiDiGraph, seed: int = SEED) -> list[list[str]]:
    """Louvain communities of the undirected graph (seeded), largest first; isolated nodes left out."""
    u = undirected(net)
    u.remove_nodes_from([n for n in list(u.nodes) if u.degree(n) == 0])
    if u.number_of_edges() == 0:
        return []
    found = nx.community.louvain_communities(u, weight="weight", seed=seed)
    return sorted((sorted(c) for c in found), key=lambda c: (-len(c), c[0]))


def components(net: nx.MultiDiGraph) -> list[list[str]]:
    """Weakly connected components, largest first."""
    return sorted((sorted(c) for c in nx.weakly_connected_components(net)), key=lambda c: (-len(c), c[0]))


def top_entities(net: nx.MultiDiGraph, n: int = 10,
                 ranks: dict[str, float] | None = None) -> list[tuple[str, str, str, float]]:
    """The ``n`` entities of highest PageRank (``ranks``: :func:`pagerank` of ``net``, if known)."""
    pr = pagerank(net) if ranks is None else ranks
    ranked = sorted(pr.items(), key=lambda kv: (-kv[1], net.nodes[kv[0]]["label"], kv[0]))[:n]
    return [(net.nodes[i]["label"], net.nodes[i]["type"], i, score) for i, score in ranked]


# ---------------------------------------------------------------- projects and money

def parse_rates(items: Iterable[str]) -> dict[str, Decimal]:
    """``["USD=7.1", "EUR=7.8"]`` -> {"USD": 7.1, ...}: units of the target currency per unit."""
    rates: dict[str, Decimal] = {}
    for item in items:
        code, sep, value = item.partition("=")
        rate = _decimal(value.strip()) if sep else None
        if not code.strip() or rate is None or rate <= 0:
            raise ValueError(f"bad rate {item!r}: expected CODE=NUMBER, e.g. USD=7.1")
        rates[code.strip().upper()] = rate
    return rates


def project_investment(facts: Facts, project: str) -> dict[str, Decimal]:
    """A project's declared investment per currency: the largest investmentAmount stated in
    each currency (several sentences restating or splitting one total are not added up)."""
    best: dict[str, Decimal] = {}
    for a in facts.amounts.get(project, []):
        if a.predicate == "investmentAmount" and a.amount > best.get(a.currency, Decimal(-1)):
            best[a.currency] = a.amount
    return best


def convert(totals: dict[str, Decimal], rates: dict[str, Decimal] | None, target: str | None) -> dict[str, Decimal]:
    """Amounts per currency; with a target and rates, every currency that has a rate (and the
    target itself) is converted into the target; the others stay as they are."""
    if not rates or not target:
        return dict(totals)
    out: dict[str, Decimal] = defaultdict(Decimal)
    for cur, amount in totals.items():
        if cur == target:
            out[target] += amount
        elif cur in rates:
            out[target] += amount * rates[cur]
        else:
            out[cur] += amount
    return dict(out)


def _add(a: dict[str, Decimal], b: dict[str, Decimal]) -> None:
    for k, v in b.items():
        a[k] = a.get(k, Decimal(0)) + v


def project_places(facts: Facts) -> dict[str, tuple[list[str], list[str]]]:
    """For each Project: the Parks and the Regions it lies in, following locatedIn through parks
    (and other hosts) and partOf between regions."""
    net = facts.net
    located: dict[str, list[str]] = defaultdict(list)
    for s, o, k in net.edges(keys=True):
        if k == "locatedIn":
            located[s].append(o)
    out = {}
    for p in sorted(n for n, d in net.nodes(data=True) if d["type"] == "Project"):
        seen, stack, parks, regions = {p}, [p], set(), set()
        while stack:
            cur = stack.pop()
            for nxt in located.get(cur, []) + (facts.part_of.get(cur, []) if cur != p else []):
                if nxt in seen:
                    continue
                seen.add(nxt)
                t = net.nodes[nxt]["type"] if nxt in net else None
                if t == "Park":
                    parks.add(nxt)
                elif t == "Region":
                    regions.add(nxt)
                stack.append(nxt)
        out[p] = (sorted(parks), sorted(regions))
    return out


def regions_by_name(facts: Facts) -> dict[str, str]:
    """Park -> the Region its name starts with (青岛高新区 -> 青岛市, by 青岛市's label or a short
    name of it), for parks whose region no ``locatedIn`` states: the reports' best answer to
    "where", marked as read from the name; the graph is not changed."""
    net = facts.net
    names: dict[str, str] = {}
    for n, d in net.nodes(data=True):
        if d["type"] != "Region":
            continue
        for name in [d["label"], *facts.aliases.get(n, [])]:
            if len(name) >= 2 and "?" not in name:
                names.setdefault(name, n)
                if names[name] != n:          # a name two regions share says nothing
                    names[name] = ""
    located = {s for s, o, k in net.edges(keys=True)
               if k == "locatedIn" and net.nodes[s]["type"] == "Park" and net.nodes[o]["type"] == "Region"}
    out = {}
    for n, d in sorted(net.nodes(data=True)):
        if d["type"] != "Park" or n in located:
            continue
        label = d["label"]
        hits = [(len(name), r) for name, r in names.items() if r and label.startswith(name) and len(label) > len(name)]
        if hits:
            best = max(hits, key=lambda h: (h[0], h[1]))
            out[n] = best[1]
    return out


def chains(facts: Facts) -> list[tuple[str, str | None, str | None]]:
    """project -> park -> region chains as stated by locatedIn (park or region may be missing)."""
    net = facts.net
    located: dict[str, list[str]] = defaultdict(list)
    for s, o, k in net.edges(keys=True):
        if k == "locatedIn":
            located[s].append(o)
    rows: set[tuple[str, str | None, str | None]] = set()
    for p in (n for n, d in net.nodes(data=True) if d["type"] == "Project"):
        for host in located.get(p, []):
            t = net.nodes[host]["type"]
            if t == "Park":
                regions = [r for r in located.get(host, []) if net.nodes[r]["type"] == "Region"]
                for r in regions or [None]:
                    rows.add((p, host, r))
            elif t == "Region":
                rows.add((p, None, host))
    return sorted(rows, key=lambda r: (net.nodes[r[0]]["label"], r[0], r[1] or "", r[2] or ""))


def _ranking(holders: dict[str, set[str]], facts: Facts, rates, target) -> list[dict]:
    rows = []
    for h, projects in holders.items():
        total: dict[str, Decimal] = {}
        for p in projects:
            _add(total, project_investment(facts, p))
        rows.append({"iri": h, "label": facts.net.nodes[h]["label"], "type": facts.net.nodes[h]["type"],
                     "projects": len(projects), "investment": convert(total, rates, target)})
    return rows


def top_by_projects(rows: list[dict], n: int) -> list[dict]:
    return sorted(rows, key=lambda r: (-r["projects"], r["label"], r["iri"]))[:n]


def top_by_investment(rows: list[dict], n: int) -> dict[str, list[dict]]:
    """Per currency, the holders with the largest total in that currency."""
    currencies = sorted({c for r in rows for c in r["investment"]})
    return {c: sorted((r for r in rows if r["investment"].get(c)),
                      key=lambda r: (-r["investment"][c], r["label"], r["iri"]))[:n] for c in currencies}


def holders(facts: Facts) -> dict[str, dict[str, set[str]]]:
    """Who holds which projects: investors (investsIn), parks and regions (locatedIn, through parks),
    industries (inIndustry)."""
    net = facts.net
    out: dict[str, dict[str, set[str]]] = {"investors": defaultdict(set), "parks": defaultdict(set),
                                            "regions": defaultdict(set), "industries": defaultdict(set)}
    for s, o, k in net.edges(keys=True):
        if k == "investsIn" and net.nodes[o]["type"] == "Project":
            out["investors"][s].add(o)
        elif k == "inIndustry" and net.nodes[s]["type"] == "Project":
            out["industries"][o].add(s)
    for p, (parks, regions) in project_places(facts).items():
        for park in parks:
            out["parks"][park].add(p)
        for region in regions:
            out["regions"][region].add(p)
    return out


# ---------------------------------------------------------------- everything at once

PROJECTS_NAMED = 5      # projects a ranking row names (with amount and place), the largest first


def _largest(amounts: dict[str, Decimal]) -> Decimal:
    return max(amounts.values(), default=Decimal(0))


def _num(d: Decimal) -> str:
    """A decimal as plain digits (no exponent), trailing zeros dropped."""
    q = format(d.normalize(), "f")
    return q


def summarise(facts: Facts, top: int = 10, rates: dict[str, Decimal] | None = None,
              currency: str | None = None, ranks: dict[str, float] | None = None,
              min_confidence: float = DEFAULT_MIN_CONFIDENCE) -> dict:
    """The whole analysis as plain JSON-able data (amounts as decimal strings), in a stable order.
    Only the entities and relations whose confidence reaches ``min_confidence`` count; the others
    are listed under ``held_back`` (:mod:`kg.views.confidence`).  ``ranks``: :func:`pagerank` of
    the facts that count, where the caller has it already."""
    whole = facts
    facts, held = split(facts, min_confidence)
    net = facts.net
    target = currency.upper() if currency else ("CNY" if rates else None)
    pr = pagerank(net) if ranks is None else ranks
    bc = betweenness(net)

    def ent(i: str) -> dict:
        return {"iri": i, "label": net.nodes[i]["label"], "type": net.nodes[i]["type"]}

    def money(d: dict[str, Decimal]) -> dict[str, str]:
        return {c: _num(v) for c, v in sorted(d.items())}

    def ranked(scores: dict[str, float]) -> list[dict]:
        order = sorted(scores.items(), key=lambda kv: (-kv[1], net.nodes[kv[0]]["label"], kv[0]))[:top]
        return [dict(ent(i), score=round(s, 6)) for i, s in order]

    hold = holders(facts)
    places = project_places(facts)
    by_name = regions_by_name(facts)
    briefs: dict[str, dict] = {}

    def brief(p: str) -> dict:
        """A project as a report names it: its investment and where it is."""
        if p not in briefs:
            parks, regions = places.get(p, ([], []))
            where = [net.nodes[k]["label"] for k in parks] + [net.nodes[r]["label"] for r in regions]
            guessed = [] if regions else sorted({net.nodes[by_name[k]]["label"] for k in parks if k in by_name})
            briefs[p] = dict(ent(p), investment=money(convert(project_investment(facts, p), rates, target)),
                             places=where, places_by_name=guessed)
        return briefs[p]

    def with_projects(r: dict) -> dict:
        named = sorted(hold_of[r["iri"]], key=lambda p: (-_largest(project_investment(facts, p)),
                                                         net.nodes[p]["label"], p))
        return dict(r, investment=money(r["investment"]), project_list=[brief(p) for p in named[:PROJECTS_NAMED]])

    tops = {}
    for kind in ("investors", "parks", "regions", "industries"):
        hold_of = hold[kind]
        rows = _ranking(hold_of, facts, rates, target)
        tops[kind] = {
            "by_projects": [with_projects(r) for r in top_by_projects(rows, top)],
            "by_investment": {c: [with_projects(r) for r in lst]
                              for c, lst in top_by_investment(rows, top).items()},
        }
    comms = communities(net)
    comps = components(net)
    total_investment: dict[str, Decimal] = {}
    for p in (n for n, d in net.nodes(data=True) if d["type"] == "Project"):
        _add(total_investment, project_investment(facts, p))
    dates = Counter(d.date[:7] if d.date else "" for d in facts.documents.values())
    return {
        "nodes": net.number_of_nodes(),
        "edges": net.number_of_edges(),
        "documents": len(facts.documents),
        "by_class": dict(sorted(counts_by_class(net).items())),
        "by_predicate": dict(sorted(counts_by_predicate(net).items())),
        "pagerank": ranked(pr),
        "betweenness": ranked(bc),
        "betweenness_sampled": net.number_of_nodes() > EXACT_BETWEENNESS,
        "currency": target, "rates": {c: _num(r) for c, r in sorted((rates or {}).items())},
        "investment_total": money(convert(total_investment, rates, target)),
        "top": tops,
        "communities": {
            "count": len(comms), "seed": SEED,
            "largest": [{"size": len(c), "members": [ent(i) for i in
                                                     sorted(c, key=lambda i: (-pr.get(i, 0), net.nodes[i]["label"], i))[:8]]}
                        for c in comms[:top]],
        },
        "components": {
            "count": len(comps), "sizes": dict(sorted(Counter(len(c) for c in comps).items(), reverse=True)),
            "largest": len(comps[0]) if comps else 0,
        },
        "chains": [{"project": ent(p), "park": ent(k) if k else None, "region": ent(r) if r else None,
                    "region_by_name": ent(by_name[k]) if k and not r and k in by_name else None}
                   for p, k, r in chains(facts)],
        "articles_by_month": {k or "undated": v for k, v in sorted(dates.items(), key=lambda kv: (kv[0] == "", kv[0]))},
        "held_back": held_summary(whole, held),
    }
