"""``kg push``: send a built graph to a SPARQL 1.1 Graph Store HTTP Protocol endpoint.

Each named graph of the file (one per document, and the ontology's) goes in its own request,
``PUT ENDPOINT?graph=IRI`` (replace) or ``POST`` (add; blank nodes sent as skolem IRIs so
that pushing the same file again adds nothing), as N-Triples; triples outside any
named graph go to ``ENDPOINT?default``.  Works with Oxigraph (``http://host:7878/store``),
Apache Jena Fuseki (``http://host:3030/DATASET/data``) and GraphDB
(``http://host:7200/repositories/REPO/rdf-graphs/service``).
"""
from __future__ import annotations

import base64
import time
import urllib.error
import urllib.request
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode, urlparse


class PushError(Exception):
    """The endpoint refused the graph or could not be reached."""


@dataclass
class PushResult:
    graphs: int
    triples: int
    seconds: float


def _request(url: str, method: str, body: bytes, user: str | None, timeout: float) -> None:
    req = urllib.request.Request(url, data=body, method=method,
                                 headers={"Content-Type": "application/n-triples; charset=utf-8"})
    if user:
        req.add_header("Authorization", "Basic " + base64.b64encode(user.encode("utf-8")).decode("ascii"))
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            resp.read()
    except urllib.error.HTTPError as e:
        detail = e.read(500).decode("utf-8", errors="replace").strip()
        raise PushError(f"{method} {url}: HTTP {e.code} {e.reason}" + (f": {detail}" if detail else "")) from None
    except (urllib.error.URLError, OSError) as e:
        reason = getattr(e, "reason", e)
        raise PushError(f"cannot reach {url}: {reason}") from None


GENID = "https://w3id.org/kg-zhaoshang/.well-known/genid/"


def skolemize(triples: list, graph) -> list:
    """``triples`` with each blank node replaced by an IRI (RDF 1.1 skolemisation) made from what
    the graph says about it: the triples that lead to it and the triples it leads to, never from
    its label (a parser gives ``[ ]`` a fresh one each time).  ``--append`` POSTs, and an
    endpoint makes fresh blank nodes of every request's, so without this the ontology's lists
    and restrictions were added again with every push; with it the same file gives the same IRIs."""
    import hashlib
    import pyoxigraph as ox
    out_edges: dict = defaultdict(list)
    in_edges: dict = defaultdict(list)
    for t in triples:
        if isinstance(t.subject, ox.BlankNode):
            out_edges[t.subject].append(t)
        if isinstance(t.object, ox.BlankNode):
            in_edges[t.object].append(t)
    if not out_edges and not in_edges:
        return triples
    content: dict = {}
    ident: dict = {}

    def content_of(b, seen=frozenset()) -> str:
        if b in content:
            return content[b]
        if b in seen:                       # a cycle of blank nodes: its label, as read
            return "cycle:" + b.value
        seen = seen | {b}
        parts = sorted(f"{t.predicate} {content_of(t.object, seen) if isinstance(t.object, ox.BlankNode) else t.object}"
                       for t in out_edges.get(b, ()))
        content[b] = hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()
        return content[b]

    def ident_of(b, seen=frozenset()) -> str:
        if b in ident:
            return ident[b]
        if b in seen:
            return "cycle:" + content_of(b)
        seen = seen | {b}
        parts = sorted(f"{ident_of(t.subject, seen) if isinstance(t.subject, ox.BlankNode) else t.subject} {t.predicate}"
                       for t in in_edges.get(b, ()))
        ident[b] = hashlib.sha256(f"{graph}\n{content_of(b)}\n".encode("utf-8") +
                                  "\n".join(parts).encode("utf-8")).hexdigest()[:32]
        return ident[b]

    def term(t):
        return ox.NamedNode(GENID + ident_of(t)) if isinstance(t, ox.BlankNode) else t
    return [ox.Triple(term(t.subject), t.predicate, term(t.object))
            if isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode) else t
            for t in triples]


def push_file(path: str | Path, endpoint: str, replace: bool = True, user: str | None = None,
              timeout: float = 300.0) -> PushResult:
    import pyoxigraph as ox
    from .store import ox_format
    scheme = urlparse(endpoint).scheme
    if scheme not in ("http", "https"):
        raise PushError(f"{endpoint}: the endpoint must be an http:// or https:// URL")
    t0 = time.perf_counter()
    by_graph: dict[object, list] = defaultdict(list)
    try:
        for q in ox.parse(path=str(path), format=ox_format(path)):
            by_graph[q.graph_name].append(q.triple)
    except (ValueError, SyntaxError) as e:
        raise PushError(f"{path}: {e}") from None
    method = "PUT" if replace else "POST"
    sep = "&" if "?" in endpoint else "?"
    triples = 0
    for graph in sorted(by_graph, key=str):
        try:
            data = by_graph[graph] if replace else skolemize(by_graph[graph], graph)
        except RecursionError:
            raise PushError(f"{path}: blank nodes nested too deeply to send with --append") from None
        body = ox.serialize(data, format=ox.RdfFormat.N_TRIPLES)
        target = "default" if isinstance(graph, ox.DefaultGraph) else urlencode({"graph": graph.value})
        _request(f"{endpoint}{sep}{target}", method, body, user, timeout)
        triples += len(by_graph[graph])
    return PushResult(graphs=len(by_graph), triples=triples, seconds=time.perf_counter() - t0)
