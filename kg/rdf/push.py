"""``kg push``: send a built graph to a SPARQL 1.1 Graph Store HTTP Protocol endpoint.

Each named graph of the file (one per document, and the ontology's) goes in its own request,
``PUT ENDPOINT?graph=IRI`` (replace) or ``POST`` (add), as N-Triples; triples outside any
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
        body = ox.serialize(by_graph[graph], format=ox.RdfFormat.N_TRIPLES)
        target = "default" if isinstance(graph, ox.DefaultGraph) else urlencode({"graph": graph.value})
        _request(f"{endpoint}{sep}{target}", method, body, user, timeout)
        triples += len(by_graph[graph])
    return PushResult(graphs=len(by_graph), triples=triples, seconds=time.perf_counter() - t0)
