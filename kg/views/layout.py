"""Node positions for the map, computed in Python so the browser need not simulate thousands of nodes.

Multilevel force-directed layout, numpy only:

- each connected component is laid out on its own and the components are packed in rows,
  largest first;
- a component of up to ``BLOCK`` nodes gets a Fruchterman-Reingold layout (dense, vectorised);
- a larger one is split into Louvain communities (seeded); the graph of communities is laid
  out, each community is laid out inside a disc whose area grows with its size, and
  overlapping discs are pushed apart;
- a large block Louvain will not split (a hub with thousands of spokes) gets a radial tree
  layout instead, linear in its size.

Cost is about the sum of the squared block sizes, so 5,000 nodes take a second or two rather
than the minutes of a browser-side simulation.  Blocks are not laid out one by one: each is
given its random start where the walk over the components reaches it, and blocks of the same
size then run their iterations together as one stack of arrays (thousands of components of
three or four nodes would otherwise cost a few dozen numpy calls per iteration each).  The
arithmetic of each block is the one it would get alone.  Same graph, same positions: every
random choice is seeded and positions are rounded.
"""
from __future__ import annotations

import math

import networkx as nx
import numpy as np

BLOCK = 300         # largest block laid out directly
STACK = 1 << 19     # blocks of one size laid out together: at most this many node pairs a stack
DENSE_MAX = 1500    # largest block the dense force-directed layout may take (O(n²) memory) when Louvain fails
SPACING = 80.0      # wanted distance between neighbours, in vis-network pixels
SEED = 7


def _fr(n: int, edges: np.ndarray, weights: np.ndarray, iterations: int, rng: np.random.Generator,
        init: np.ndarray | None = None) -> np.ndarray:
    """Fruchterman-Reingold in the unit square; ``edges`` is an (m, 2) index array."""
    pos = init.copy() if init is not None else rng.random((n, 2))
    if n == 1:
        return np.zeros((1, 2))
    k = 1.0 / math.sqrt(n)
    t = 0.1
    dt = t / (iterations + 1)
    for _ in range(iterations):
        delta = pos[:, None, :] - pos[None, :, :]
        dist2 = np.einsum("ijk,ijk->ij", delta, delta)
        np.fill_diagonal(dist2, 1.0)
        np.maximum(dist2, 1e-6, out=dist2)
        disp = np.einsum("ijk,ij->ik", delta, (k * k) / dist2)
        if len(edges):
            d = pos[edges[:, 0]] - pos[edges[:, 1]]
            dl = np.sqrt((d * d).sum(1))
            f = d * (dl * weights / k)[:, None]
            np.add.at(disp, edges[:, 0], -f)
            np.add.at(disp, edges[:, 1], f)
        length = np.sqrt((disp * disp).sum(1))
        np.maximum(length, 1e-9, out=length)
        pos += disp * (np.minimum(length, t) / length)[:, None]
        t -= dt
    return pos


class _Pending:
    """A block whose start is drawn and whose layout is computed later, with the other blocks of
    its size (:func:`_run`); ``pos`` is its Fruchterman-Reingold layout once run."""
    __slots__ = ("n", "edges", "weights", "init", "pos")

    def __init__(self, n: int, edges: np.ndarray, weights: np.ndarray, init: np.ndarray):
        self.n, self.edges, self.weights, self.init, self.pos = n, edges, weights, init, None


def _iterations(n: int) -> int:
    return 120 if n <= 100 else 80


def _fr_stack(blocks: list[_Pending]) -> None:
    """:func:`_fr` for several blocks of one size at once, each with the floats it would get alone
    (the pairwise terms over a leading axis, the edge terms at offsets into the stacked nodes)."""
    n = blocks[0].n
    iterations = _iterations(n)
    pos = np.stack([b.init for b in blocks])
    k = 1.0 / math.sqrt(n)
    t = 0.1
    dt = t / (iterations + 1)
    diag = np.arange(n)
    edges = np.concatenate([b.edges + i * n for i, b in enumerate(blocks)])
    weights = np.concatenate([b.weights for b in blocks])
    flat = pos.reshape(-1, 2)
    for _ in range(iterations):
        delta = pos[:, :, None, :] - pos[:, None, :, :]
        dist2 = np.einsum("bijk,bijk->bij", delta, delta)
        dist2[:, diag, diag] = 1.0
        np.maximum(dist2, 1e-6, out=dist2)
        disp = np.einsum("bijk,bij->bik", delta, (k * k) / dist2)
        if len(edges):
            dflat = disp.reshape(-1, 2)
            d = flat[edges[:, 0]] - flat[edges[:, 1]]
            dl = np.sqrt((d * d).sum(1))
            f = d * (dl * weights / k)[:, None]
            np.add.at(dflat, edges[:, 0], -f)
            np.add.at(dflat, edges[:, 1], f)
            disp = dflat.reshape(pos.shape)
        length = np.sqrt((disp * disp).sum(2))
        np.maximum(length, 1e-9, out=length)
        pos += disp * (np.minimum(length, t) / length)[:, :, None]
        t -= dt
    for b, p in zip(blocks, pos):
        b.pos = p


def _run(pending: list[_Pending]) -> None:
    """Lay out every pending block, those of one size together, at most ``STACK`` node pairs a stack."""
    by_size: dict[int, list[_Pending]] = {}
    for b in pending:
        by_size.setdefault(b.n, []).append(b)
    for n, blocks in sorted(by_size.items()):
        per = max(1, STACK // (n * n))
        for i in range(0, len(blocks), per):
            _fr_stack(blocks[i:i + per])


class _Placed:
    """A component laid out from parts not yet computed: (node indices, centre, part)."""
    __slots__ = ("n", "parts")

    def __init__(self, n: int):
        self.n, self.parts = n, []


def _resolve(x) -> np.ndarray:
    if isinstance(x, np.ndarray):
        return x
    if isinstance(x, _Pending):
        return _to_disc(x.pos, _radius(x.n))
    pos = np.zeros((x.n, 2))
    for idx, centre, part in x.parts:
        pos[idx] = centre + _resolve(part)
    return pos


def _to_disc(pos: np.ndarray, radius: float) -> np.ndarray:
    """Centre a layout on the origin and scale it to fit a disc of ``radius``."""
    pos = pos - pos.mean(0)
    r = float(np.sqrt((pos * pos).sum(1)).max()) if len(pos) else 0.0
    return pos * (radius / r) if r > 0 else pos


def _radius(n: int) -> float:
    return SPACING * math.sqrt(n / math.pi) if n > 1 else SPACING / 2


def _induced(g: nx.Graph, nodes: list[str]) -> nx.Graph:
    """The subgraph on ``nodes``, built in their order (networkx's subgraph views iterate a set,
    whose order changes with PYTHONHASHSEED: the layout would too)."""
    keep = set(nodes)
    sub = nx.Graph()
    sub.add_nodes_from(nodes)
    sub.add_edges_from((a, b, d) for a in nodes for b, d in g[a].items() if b in keep)
    return sub


def _block(g: nx.Graph, nodes: list[str], rng: np.random.Generator, pending: list[_Pending]) -> _Pending:
    """A block of at least three nodes: its start drawn now, its layout left to :func:`_run`."""
    index = {v: i for i, v in enumerate(nodes)}
    pairs = [(index[a], index[b], d.get("weight", 1)) for a, b, d in _induced(g, nodes).edges(data=True)]
    edges = np.array([(a, b) for a, b, _ in pairs], dtype=int).reshape(-1, 2)
    weights = np.array([min(w, 3) for _, _, w in pairs], dtype=float)
    block = _Pending(len(nodes), edges, weights, rng.random((len(nodes), 2)))
    pending.append(block)
    return block


def _separate(centres: np.ndarray, radii: np.ndarray, rounds: int = 200) -> np.ndarray:
    """Push overlapping discs apart (pairwise, vectorised)."""
    c = centres.copy()
    gap = SPACING * 0.5
    for _ in range(rounds):
        delta = c[:, None, :] - c[None, :, :]
        dist = np.sqrt((delta * delta).sum(2))
        need = radii[:, None] + radii[None, :] + gap
        np.fill_diagonal(dist, np.inf)
        overlap = np.clip(need - dist, 0, None)
        if not overlap.any():
            break
        safe = np.where(dist > 1e-9, dist, 1.0)
        direction = delta / safe[:, :, None]
        # coincident centres: push along a fixed diagonal, ordered by index
        coincident = dist < 1e-9
        if coincident.any():
            sign = np.sign(np.arange(len(c))[:, None] - np.arange(len(c))[None, :])
            direction[coincident] = (np.array([0.7071, 0.7071])[None, :] * sign[coincident][:, None])
        c += 0.5 * (direction * overlap[:, :, None]).sum(1) / np.maximum(1, (overlap > 0).sum(1))[:, None]
    return c


def _radial(g: nx.Graph, nodes: list[str]) -> np.ndarray:
    """Radial tree layout of a breadth-first tree from the best-connected node, O(n + m): for
    a block Louvain will not split (a hub with thousands of spokes), where the dense
    force-directed layout would need O(n²) memory."""
    sub = _induced(g, nodes)
    root = min(nodes, key=lambda v: (-sub.degree(v), v))
    depth, order, children = {root: 0}, [root], {v: [] for v in nodes}
    for v in order:
        for w in sub[v]:
            if w not in depth:
                depth[w] = depth[v] + 1
                children[v].append(w)
                order.append(w)
    leaves = {}
    for v in reversed(order):
        leaves[v] = sum(leaves[c] for c in children[v]) or 1
    per_depth: dict[int, int] = {}
    for v in order:
        per_depth[depth[v]] = per_depth.get(depth[v], 0) + 1
    radius = [0.0]
    for d in range(1, max(per_depth) + 1):
        radius.append(max(radius[-1] + SPACING, per_depth[d] * SPACING * 0.6 / (2 * math.pi)))
    angle = {root: (0.0, 2 * math.pi)}
    pos = np.zeros((len(nodes), 2))
    index = {v: i for i, v in enumerate(nodes)}
    for v in order:
        lo, hi = angle[v]
        mid = (lo + hi) / 2
        r = radius[depth[v]]
        pos[index[v]] = (r * math.cos(mid), r * math.sin(mid))
        start = lo
        for c in children[v]:
            width = (hi - lo) * leaves[c] / leaves[v]
            angle[c] = (start, start + width)
            start += width
    return pos


def _component(g: nx.Graph, nodes: list[str], rng: np.random.Generator, pending: list[_Pending],
               depth: int = 0):
    """The layout of ``nodes``: an array, or blocks still to run (:func:`_resolve` after :func:`_run`)."""
    if len(nodes) <= 2:
        return np.array([[0.0, 0.0]] if len(nodes) == 1 else [[-SPACING / 2, 0.0], [SPACING / 2, 0.0]])
    if len(nodes) <= BLOCK:
        return _block(g, nodes, rng, pending)
    if depth >= 3:
        return _block(g, nodes, rng, pending) if len(nodes) <= DENSE_MAX else _radial(g, nodes)
    sub = _induced(g, nodes)
    comms: list[list[str]] = []
    for resolution in (1.0, 0.3, 0.1):   # coarser until the graph of communities is small enough
        found = nx.community.louvain_communities(sub, weight="weight", resolution=resolution, threshold=1e-3,
                                                     seed=SEED + depth)
        comms = sorted((sorted(c) for c in found), key=lambda c: (-len(c), c[0]))
        if len(comms) <= BLOCK:
            break
    if len(comms) == 1 or len(comms) > BLOCK:
        return _block(g, nodes, rng, pending) if len(nodes) <= DENSE_MAX else _radial(g, nodes)
    which = {v: i for i, c in enumerate(comms) for v in c}
    between: dict[tuple[int, int], int] = {}
    for a, b in sub.edges():
        i, j = which[a], which[b]
        if i != j:
            key = (min(i, j), max(i, j))
            between[key] = between.get(key, 0) + 1
    keys = sorted(between)
    edges = np.array(keys, dtype=int).reshape(-1, 2)
    weights = np.array([min(between[k], 5) for k in keys], dtype=float)
    radii = np.array([_radius(len(c)) for c in comms])
    centres = _fr(len(comms), edges, weights, 150, rng)
    centres = _to_disc(centres, _radius(len(nodes)))
    centres = _separate(centres, radii)
    placed = _Placed(len(nodes))
    index = {v: i for i, v in enumerate(nodes)}
    for c, centre in zip(comms, centres):
        placed.parts.append((np.array([index[v] for v in c], dtype=int), centre,
                             _component(g, c, rng, pending, depth + 1)))
    return placed


def layout(g: nx.Graph) -> dict[str, tuple[float, float]]:
    """Positions (x, y) in vis-network pixels for every node of the undirected graph ``g``."""
    rng = np.random.default_rng(SEED)
    comps = sorted((sorted(c) for c in nx.connected_components(g)), key=lambda c: (-len(c), c[0]))
    pending: list[_Pending] = []
    laid = [_component(g, c, rng, pending) for c in comps]
    _run(pending)
    placed: list[tuple[list[str], np.ndarray, float]] = []
    for c, lazy in zip(comps, laid):
        pos = _resolve(lazy)
        pos = pos - pos.mean(0)
        r = max(float(np.sqrt((pos * pos).sum(1)).max()), SPACING / 2)
        placed.append((c, pos, r))
    # shelf packing: rows of discs, the row width about the square root of the total area
    total = sum((2 * r + SPACING) ** 2 if len(c) > 1 else (SPACING * 0.8) ** 2 for c, _, r in placed)
    width = max(math.sqrt(total) * 1.1, max((2 * r for _, _, r in placed), default=0))
    out: dict[str, tuple[float, float]] = {}
    x = y = row_h = 0.0
    lone = False
    for c, pos, r in placed:
        side = 2 * r + SPACING if len(c) > 1 else SPACING * 0.8
        if len(c) == 1 and not lone and x > 0:   # isolated nodes: a compact grid of their own
            x, y, row_h = 0.0, y + row_h, 0.0
        lone = lone or len(c) == 1
        if x > 0 and x + side > width:
            x, y, row_h = 0.0, y + row_h, 0.0
        centre = np.array([x + side / 2, y + side / 2])
        for v, p in zip(c, pos):
            q = centre + p
            out[v] = (round(float(q[0]), 1), round(float(q[1]), 1))
        x += side
        row_h = max(row_h, side)
    if out:  # centre the whole drawing on the origin
        xs = [p[0] for p in out.values()]
        ys = [p[1] for p in out.values()]
        cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
        out = {v: (round(p[0] - cx, 1), round(p[1] - cy, 1)) for v, p in out.items()}
    return out
