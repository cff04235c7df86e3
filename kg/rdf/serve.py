"""``kg serve``: an Oxigraph store over the SPARQL 1.1 Protocol, on the loopback interface.

    GET  /                                        a query page (offline: no request leaves the page)
    GET  /sparql?query=...                        POST /sparql  (query=... form, or application/sparql-query)
    POST /sparql  (application/sparql-update; not a form)           only with --allow-update
    GET  /store?graph=IRI | ?default              SPARQL 1.1 Graph Store HTTP Protocol: read a graph
    PUT | POST | DELETE /store?graph=IRI          replace, add to, drop a graph: only with --allow-update
                                                  (what ``kg push --endpoint http://HOST:PORT/store`` sends)

Safety by default:
  * binds 127.0.0.1 unless told otherwise;
  * read-only: updates are refused with 403 and a plain message unless started with
    ``allow_update`` (``--allow-update``);
  * every query runs in a worker process that opens the store itself; one that runs past
    ``timeout`` seconds is killed (503 with a message) and its worker replaced, so a runaway
    query cannot hold the server;
  * at most ``max_rows`` rows (or triples) come back; a longer result is cut and says so in the
    ``X-KG-Truncated`` header;
  * request bodies over 1 MiB are refused, a Content-Length that is no number of bytes too (400);
  * SERVICE (federated query) and LOAD are refused: the server never fetches other URLs
    (decided on SPARQL tokens and rdflib's parse tree: kg.rdf.sparql_text);
  * a request naming another Host is refused (DNS rebinding); a change (an update, a graph put,
    posted or deleted) from another Origin is refused, and cannot come as a form or text/plain
    (what a foreign page can send without asking);
  * idle connections are closed after ``idle_timeout`` seconds, at most 64 are served at once;
    a query worker may use ``max_memory`` bytes beyond the open store (kg.rdf.guard).

Results: SPARQL JSON (default), XML, CSV or TSV for SELECT/ASK; N-Triples (default) or Turtle
for CONSTRUCT/DESCRIBE, chosen by the Accept header or a ``format`` parameter.
"""
from __future__ import annotations

import re
import sys
import threading
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Callable
from urllib.parse import parse_qs, urlparse

from .guard import _HTTPServer, _LOOPBACK, _host_name, _printable
from .sparql_text import _remote_message, remote_access  # noqa: F401 (kg.rdf.serve.remote_access: the API)
from .workers import GRAPH_TYPES, RESULT_TYPES, Pool, ServeError  # noqa: F401 (ServeError: the API)

MAX_BODY = 1024 * 1024
MAX_GRAPH_BODY = 256 * 1024 * 1024      # a graph sent to /store (kg push sends one document's graph at a time)
_FORM_TYPES = {"", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data"}
READ_ONLY_MESSAGE = ("kg serve is read-only: SPARQL updates are refused. "
                     "Start it with --allow-update to accept them.\n")


# ---------------------------------------------------------------- HTTP

def _choose(accept: str, fmt_param: str | None) -> str:
    if fmt_param:
        f = fmt_param.lower()
        aliases = {"json": "json", "xml": "xml", "csv": "csv", "tsv": "tsv", "nt": "nt", "ntriples": "nt",
                   "n-triples": "nt", "ttl": "ttl", "turtle": "ttl"}
        if f in aliases:
            return aliases[f]
    accept = (accept or "").lower()
    for fmt, ctype in list(RESULT_TYPES.items()) + list(GRAPH_TYPES.items()):
        if ctype in accept:
            return fmt
    if "application/json" in accept:
        return "json"
    return "json"


class Server:
    """The endpoint; ``start()`` serves in a thread (tests), ``serve_forever()`` in the caller's.

    Besides the query limits: a request whose ``Host`` header names another host (DNS
    rebinding) is refused; an update must come as ``application/sparql-update`` (a browser
    cannot send that across sites without asking first) and is refused when its ``Origin``
    is another site; a connection idle for ``idle_timeout`` seconds is closed; a query worker
    may use ``max_memory`` bytes."""

    def __init__(self, store: str | Path, host: str = "127.0.0.1", port: int = 7878,
                 allow_update: bool = False, timeout: float = 10.0, max_rows: int = 10000,
                 workers: int = 2, idle_timeout: float = 30.0, max_memory: int | None = 2 * 1024 ** 3,
                 max_connections: int = 64):
        store = Path(store)
        if store.exists() and not store.is_dir():
            raise ServeError(f"{store}: is a file, not a store folder")
        if allow_update and (not store.exists() or not any(store.iterdir())):
            from .store import open_store
            del_store = open_store(store)          # an empty store, to be filled (kg push .../store)
            del del_store
        if not store.is_dir() or not any(store.iterdir()):
            raise ServeError(f"{store}: no Oxigraph store here (kg load GRAPH --store {store}, "
                             "or kg serve --allow-update to start an empty one)")
        self.allow_update, self.max_rows, self.timeout = allow_update, max_rows, timeout
        self.idle_timeout = idle_timeout
        self.pool = Pool(store, workers, read_only=not allow_update, timeout=timeout, max_memory=max_memory)
        handler = self._handler()
        try:
            server_class = type("_Bounded", (_HTTPServer,), {"max_connections": max(1, max_connections)})
            self.httpd = server_class((host, port), handler)
        except OSError as e:
            self.pool.close()
            raise ServeError(f"cannot listen on {host}:{port}: {e}") from None
        self.thread: threading.Thread | None = None
        bound = str(self.httpd.server_address[0]).lower()
        self.port = str(self.httpd.server_address[1])
        names = {bound, host.strip("[]").lower()}
        if names & _LOOPBACK or bound in ("0.0.0.0", "::"):
            names |= _LOOPBACK
        if bound in ("0.0.0.0", "::"):          # every interface: this machine's names and addresses
            import socket
            try:
                own = {socket.gethostname(), socket.getfqdn()}
                names |= {n.lower() for n in own}
                for n in own:
                    names |= {str(a[4][0]).lower() for a in socket.getaddrinfo(n, None)}
            except OSError:
                pass
        self.hosts = names

    def host_allowed(self, value: str | None) -> bool:
        """A request without a Host header (HTTP/1.0 tools) is served; one with a Host must name
        this server: the bound address, the --host name, or a loopback name, and its port."""
        if value is None:
            return True
        host, port = _host_name(value)
        return host in self.hosts and (port is None and self.port == "80" or port == self.port)

    def origin_allowed(self, origin: str | None) -> bool:
        if origin is None:
            return True
        url = urlparse(origin.strip())
        return (url.scheme == "http" and self.host_allowed(url.netloc)
                and (url.port is not None or self.port == "80"))

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}/sparql"

    def _handler(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            server_version = "kg-serve/1"
            timeout = server.idle_timeout           # a socket idle this long is closed

            def log_message(self, format, *args):  # noqa: A002 - quiet by default
                pass

            def _send(self, status: int, ctype: str, body: str, headers: dict | None = None) -> None:
                data = body.encode("utf-8")
                self.send_response(status)
                if data or status != 204:
                    self.send_header("Content-Type", f"{ctype}; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                if data and self.command != "HEAD":
                    self.wfile.write(data)

            def _dispatch(self, params: dict, body_query: str | None = None, body_update: str | None = None):
                fmt = _choose(self.headers.get("Accept", ""), (params.get("format") or [None])[0])
                update = body_update if body_update is not None else (params.get("update") or [None])[0]
                text = body_query if body_query is not None else (params.get("query") or [None])[0]
                remote = remote_access(update if update is not None else (text or ""))
                if remote:
                    return self._send(403, "text/plain", _remote_message(remote))
                if update is not None:
                    if self.command != "POST":
                        return self._send(405, "text/plain", "updates must be sent with POST\n")
                    if not server.allow_update:
                        return self._send(403, "text/plain", READ_ONLY_MESSAGE)
                    if body_update is None:
                        return self._send(415, "text/plain",
                                          "send updates as application/sparql-update "
                                          "(an update from a form is refused)\n")
                    if not server.origin_allowed(self.headers.get("Origin")):
                        return self._send(403, "text/plain",
                                          f"cross-origin update refused (Origin: "
                                          f"{_printable(self.headers.get('Origin'))})\n")
                    return self._send(*server.pool.run("update", update, fmt, server.max_rows))
                if text is None:
                    return self._send(200, "text/plain",
                                      f"kg SPARQL endpoint ({'read-write' if server.allow_update else 'read-only'}). "
                                      f"Send a query as GET {urlparse(self.path).path}?query=... "
                                      f"or POST (SPARQL 1.1 Protocol).\n")
                return self._send(*server.pool.run("query", text, fmt, server.max_rows))

            def _length(self, limit: int) -> int | None:
                """The body's declared length; None after answering 400 (not a number of bytes) or 413."""
                declared = (self.headers.get("Content-Length") or "0").strip()
                if not declared.isdigit() or not declared.isascii():
                    self.close_connection = True
                    self._send(400, "text/plain", f"bad Content-Length {_printable(declared)!s}: a number of bytes\n")
                    return None
                if int(declared) > limit:
                    self.close_connection = True
                    self._send(413, "text/plain", f"request body over {limit} bytes\n")
                    return None
                return int(declared)

            def _host_ok(self) -> bool:
                if server.host_allowed(self.headers.get("Host")):
                    return True
                self._send(403, "text/plain", f"Host {_printable(self.headers.get('Host'))} is not "
                                              f"this server (kg serve answers its own address only)\n")
                return False

            def _graph(self, op: str) -> None:
                """The Graph Store Protocol at /store: ?graph=IRI or ?default."""
                params = parse_qs(urlparse(self.path).query, keep_blank_values=True)
                if "graph" in params:
                    graph = params["graph"][0]
                    if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|^`\\]*$", graph):
                        return self._send(400, "text/plain", "graph=... must be an absolute IRI\n")
                elif "default" in params:
                    graph = None
                else:
                    return self._send(400, "text/plain", "name the graph: /store?graph=IRI or /store?default\n")
                if op != "get" and not server.allow_update:
                    return self._send(403, "text/plain", READ_ONLY_MESSAGE)
                ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
                if op != "get" and not server.origin_allowed(self.headers.get("Origin")):
                    return self._send(403, "text/plain", f"cross-origin change refused (Origin: "
                                                         f"{_printable(self.headers.get('Origin'))})\n")
                if op in ("put", "post") and ctype in _FORM_TYPES:   # what a foreign page can send unasked
                    return self._send(415, "text/plain", "send the graph as application/n-triples, text/turtle, "
                                                         "application/rdf+xml or application/ld+json\n")
                body = b""
                if op in ("put", "post"):
                    length = self._length(MAX_GRAPH_BODY)
                    if length is None:
                        return
                    body = self.rfile.read(length) if length else b""
                status, rtype, text, headers = server.pool.run("graph-" + op, body, (graph, ctype), server.max_rows)
                return self._send(status, rtype, text, headers)

            def _named(self, params: dict) -> None:
                """A named query of kg/queries by name, its arguments bound as kg query binds them."""
                from .query import QueryError, bind_params, named_queries, substitute
                library = named_queries()
                name = (params.get("name") or [""])[0]
                if name not in library:
                    return self._send(404, "text/plain", f"no named query {name!r}: " + ", ".join(library) + "\n")
                try:
                    nq = library[name]
                    text = substitute(nq.text, bind_params(nq, params.get("arg", [])))
                except QueryError as e:
                    return self._send(400, "text/plain", f"{e}\n")
                fmt = _choose(self.headers.get("Accept", ""), (params.get("format") or [None])[0])
                return self._send(*server.pool.run("query", text, fmt, server.max_rows))

            def do_GET(self):
                if not self._host_ok():
                    return
                url = urlparse(self.path)
                if url.path == "/store":
                    return self._graph("get")
                if url.path == "/" and not parse_qs(url.query).get("query"):
                    from .page import page_csp, query_page
                    return self._send(200, "text/html", query_page(server.allow_update),
                                      {"Content-Security-Policy": page_csp(), "X-Content-Type-Options": "nosniff"})
                if url.path == "/named":
                    return self._named(parse_qs(url.query, keep_blank_values=True))
                if url.path not in ("/", "/sparql", "/query"):
                    return self._send(404, "text/plain", "not found: the endpoint is /sparql\n")
                self._dispatch(parse_qs(url.query))

            def do_POST(self):
                if not self._host_ok():
                    return
                url = urlparse(self.path)
                if url.path == "/store":
                    return self._graph("post")
                if url.path not in ("/", "/sparql", "/query", "/update"):
                    return self._send(404, "text/plain", "not found: the endpoint is /sparql\n")
                length = self._length(MAX_BODY)
                if length is None:
                    return
                raw = self.rfile.read(length).decode("utf-8", errors="replace") if length else ""
                ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
                params = parse_qs(url.query)
                if ctype == "application/x-www-form-urlencoded":
                    params.update(parse_qs(raw))
                    return self._dispatch(params)
                if ctype == "application/sparql-query":
                    return self._dispatch(params, body_query=raw)
                if ctype == "application/sparql-update":
                    return self._dispatch(params, body_update=raw)
                return self._send(415, "text/plain",
                                  "send application/sparql-query, application/sparql-update "
                                  "or an application/x-www-form-urlencoded form\n")

            def _refuse(self):
                self._send(405, "text/plain", "method not allowed: use GET or POST (PUT and DELETE: /store)\n")

            def do_PUT(self):
                if not self._host_ok():
                    return
                if urlparse(self.path).path == "/store":
                    return self._graph("put")
                return self._refuse()

            def do_DELETE(self):
                if not self._host_ok():
                    return
                if urlparse(self.path).path == "/store":
                    return self._graph("delete")
                return self._refuse()

            do_PATCH = _refuse

        return Handler

    def start(self) -> "Server":
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        return self

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.pool.close()

    def __enter__(self) -> "Server":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.close()


def serve_forever(store: str | Path, host: str = "127.0.0.1", port: int = 7878, allow_update: bool = False,
                  timeout: float = 10.0, max_rows: int = 10000, workers: int = 2,
                  announce: Callable[[str], None] | None = None, idle_timeout: float = 30.0,
                  max_memory: int | None = 2 * 1024 ** 3) -> None:
    server = Server(store, host, port, allow_update, timeout, max_rows, workers,
                    idle_timeout=idle_timeout, max_memory=max_memory)
    if host not in ("127.0.0.1", "localhost", "::1"):
        print(f"warning: listening on {host}, reachable from other machines", file=sys.stderr)
    (announce or print)(server.url)
    sys.stdout.flush()
    try:
        server.httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.httpd.server_close()
        server.pool.close()
