"""``kg serve``: an Oxigraph store over the SPARQL 1.1 Protocol, on the loopback interface.

    GET  /                                        a query page (offline: no request leaves the page)
    GET  /sparql?query=...                        POST /sparql  (query=... form, or application/sparql-query)
    POST /sparql  (update=... form, or application/sparql-update)   only with --allow-update
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
  * request bodies over 1 MiB are refused;
  * SERVICE (federated query) and LOAD are refused: the server never fetches other URLs.

Results: SPARQL JSON (default), XML, CSV or TSV for SELECT/ASK; N-Triples (default) or Turtle
for CONSTRUCT/DESCRIBE, chosen by the Accept header or a ``format`` parameter.
"""
from __future__ import annotations

import multiprocessing as mp
import queue
import re
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable
from urllib.parse import parse_qs, urlparse
from xml.sax.saxutils import escape as xml_escape

MAX_BODY = 1024 * 1024
MAX_GRAPH_BODY = 256 * 1024 * 1024      # a graph sent to /store (kg push sends one document's graph at a time)
RESULT_TYPES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
GRAPH_TYPES = {"nt": "application/n-triples", "ttl": "text/turtle"}
READ_ONLY_MESSAGE = ("kg serve is read-only: SPARQL updates are refused. "
                     "Start it with --allow-update to accept them.\n")


class ServeError(Exception):
    """The server cannot start (no store, port taken)."""


from .sparql_text import remote_access  # noqa: E402,F401 (kg.rdf.serve.remote_access: the API)


# ---------------------------------------------------------------- worker process

def _xml_results(result) -> str:
    out = ['<?xml version="1.0"?>', '<sparql xmlns="http://www.w3.org/2005/sparql-results#">']
    if result.kind == "ask":
        out += ["<head/>", f"<boolean>{'true' if result.boolean else 'false'}</boolean>", "</sparql>"]
        return "\n".join(out) + "\n"
    out.append("<head>" + "".join(f'<variable name="{xml_escape(v)}"/>' for v in result.vars) + "</head>")
    out.append("<results>")
    for row in result.rows:
        out.append("<result>")
        for v, t in zip(result.vars, row):
            if t is None:
                continue
            if t.kind == "uri":
                inner = f"<uri>{xml_escape(t.value)}</uri>"
            elif t.kind == "bnode":
                inner = f"<bnode>{xml_escape(t.value)}</bnode>"
            elif t.lang:
                inner = f'<literal xml:lang="{xml_escape(t.lang)}">{xml_escape(t.value)}</literal>'
            elif t.datatype:
                inner = f'<literal datatype="{xml_escape(t.datatype)}">{xml_escape(t.value)}</literal>'
            else:
                inner = f"<literal>{xml_escape(t.value)}</literal>"
            out.append(f'<binding name="{xml_escape(v)}">{inner}</binding>')
        out.append("</result>")
    out += ["</results>", "</sparql>"]
    return "\n".join(out) + "\n"


def _render(result, fmt: str) -> tuple[str, str]:
    from .query import format_csv, format_json, format_tsv
    if result.kind == "graph":
        lines = [" ".join(t.n3() for t in row) + " ." for row in result.rows]
        if fmt == "ttl":
            return "\n".join(lines) + "\n", GRAPH_TYPES["ttl"]     # N-Triples is valid Turtle
        return "\n".join(lines) + "\n", GRAPH_TYPES["nt"]
    if fmt == "xml":
        return _xml_results(result), RESULT_TYPES["xml"]
    if fmt == "csv":
        return format_csv(result), RESULT_TYPES["csv"]
    if fmt == "tsv":
        return format_tsv(result), RESULT_TYPES["tsv"]
    return format_json(result), RESULT_TYPES["json"]


def _worker_main(conn, store_dir: str, read_only: bool) -> None:
    """One query process: opens the store, answers (kind, text, fmt, max_rows) messages."""
    try:
        from .query import OxigraphEngine, QueryError
        from .store import open_store
        store = open_store(store_dir, read_only=read_only)
        engine = OxigraphEngine(store)
    except Exception as e:  # report and stop: the parent turns it into ServeError
        conn.send(("fatal", f"{type(e).__name__}: {e}"))
        return
    conn.send(("ready", ""))
    while True:
        try:
            msg = conn.recv()
        except (EOFError, KeyboardInterrupt):
            return
        if msg is None:
            return
        kind, text, fmt, max_rows = msg
        try:
            if kind.startswith("graph-"):
                from .store import graph_store_request
                status, ctype, body = graph_store_request(store, kind[6:], text, *fmt)
                conn.send(("ok", status, ctype, body, {}))
                continue
            if kind == "update":
                store.update(text)
                store.flush()
                conn.send(("ok", 204, "text/plain", "", {}))
                continue
            result = engine.query(text, max_rows=max_rows)
            headers = {}
            if len(result.rows) > max_rows:
                result.rows = result.rows[:max_rows]
                headers["X-KG-Truncated"] = f"results cut at {max_rows} rows (--max-rows)"
            body, ctype = _render(result, fmt if result.kind != "graph" else
                                  ("ttl" if fmt == "ttl" else "nt"))
            conn.send(("ok", 200, ctype, body, headers))
        except (QueryError, SyntaxError) as e:
            conn.send(("ok", 400, "text/plain", f"bad SPARQL: {e}\n", {}))
        except Exception as e:
            conn.send(("ok", 500, "text/plain", f"{type(e).__name__}: {e}\n", {}))


class _Worker:
    def __init__(self, ctx, store_dir: str, read_only: bool):
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker_main, args=(child, store_dir, read_only), daemon=True)
        self.proc.start()
        child.close()

    def wait_ready(self, timeout: float = 60.0) -> None:
        if not self.conn.poll(timeout):
            self.kill()
            raise ServeError("a query worker did not start")
        status, message = self.conn.recv()
        if status != "ready":
            self.kill()
            raise ServeError(message)

    def kill(self) -> None:
        try:
            self.proc.kill()
            self.proc.join(5)
        except Exception:
            pass
        self.conn.close()

    def stop(self) -> None:
        try:
            self.conn.send(None)
            self.proc.join(2)
        except Exception:
            pass
        if self.proc.is_alive():
            self.kill()


class Pool:
    """Query workers; a worker whose query overruns is killed and replaced."""

    def __init__(self, store_dir: str | Path, size: int, read_only: bool, timeout: float):
        self.ctx = mp.get_context("spawn")
        self.store_dir, self.read_only, self.timeout = str(store_dir), read_only, timeout
        # a writable store is opened by one process only (RocksDB lock)
        self.size = max(1, size) if read_only else 1
        self.idle: queue.Queue[_Worker] = queue.Queue()
        self.all: set[_Worker] = set()
        self.lock = threading.Lock()
        workers = [self._spawn() for _ in range(self.size)]
        for w in workers:
            w.wait_ready()
            self.idle.put(w)

    def _spawn(self) -> _Worker:
        w = _Worker(self.ctx, self.store_dir, self.read_only)
        with self.lock:
            self.all.add(w)
        return w

    def run(self, kind: str, text: str, fmt: str, max_rows: int):
        try:
            w = self.idle.get(timeout=self.timeout)
        except queue.Empty:
            return 503, "text/plain", f"server busy: no query worker free within {self.timeout:g} s\n", {}
        overran = False
        try:
            w.conn.send((kind, text, fmt, max_rows))
            if w.conn.poll(self.timeout):
                _, status, ctype, body, headers = w.conn.recv()
                self.idle.put(w)
                return status, ctype, body, headers
            overran = True
        except (EOFError, OSError, BrokenPipeError):
            pass
        # overran (or died): kill it, start a fresh one in its place
        with self.lock:
            self.all.discard(w)
        w.kill()
        threading.Thread(target=self._replace, daemon=True).start()
        if not overran:
            return 500, "text/plain", "the query worker died; a fresh one is starting\n", {}
        return (503, "text/plain",
                f"query stopped: it ran past the time limit of {self.timeout:g} s (--timeout)\n", {})

    def _replace(self) -> None:
        fresh = self._spawn()
        try:
            fresh.wait_ready()
            self.idle.put(fresh)
        except ServeError:
            with self.lock:
                self.all.discard(fresh)

    def close(self) -> None:
        with self.lock:
            workers = list(self.all)
            self.all.clear()
        for w in workers:
            w.stop()


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
    """The endpoint; ``start()`` serves in a thread (tests), ``serve_forever()`` in the caller's."""

    def __init__(self, store: str | Path, host: str = "127.0.0.1", port: int = 7878,
                 allow_update: bool = False, timeout: float = 10.0, max_rows: int = 10000,
                 workers: int = 2):
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
        self.pool = Pool(store, workers, read_only=not allow_update, timeout=timeout)
        handler = self._handler()
        try:
            self.httpd = ThreadingHTTPServer((host, port), handler)
        except OSError as e:
            self.pool.close()
            raise ServeError(f"cannot listen on {host}:{port}: {e}") from None
        self.httpd.daemon_threads = True
        self.thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}/sparql"

    def _handler(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            server_version = "kg-serve/1"

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
                    return self._send(403, "text/plain",
                                      f"{remote} is disabled: kg serve does not fetch other URLs "
                                      f"(federated queries and LOAD are refused)\n")
                if update is not None:
                    if self.command != "POST":
                        return self._send(405, "text/plain", "updates must be sent with POST\n")
                    if not server.allow_update:
                        return self._send(403, "text/plain", READ_ONLY_MESSAGE)
                    return self._send(*server.pool.run("update", update, fmt, server.max_rows))
                if text is None:
                    return self._send(200, "text/plain",
                                      f"kg SPARQL endpoint ({'read-write' if server.allow_update else 'read-only'}). "
                                      f"Send a query as GET {urlparse(self.path).path}?query=... "
                                      f"or POST (SPARQL 1.1 Protocol).\n")
                return self._send(*server.pool.run("query", text, fmt, server.max_rows))

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
                body = b""
                if op in ("put", "post"):
                    length = int(self.headers.get("Content-Length") or 0)
                    if length > MAX_GRAPH_BODY:
                        return self._send(413, "text/plain", f"request body over {MAX_GRAPH_BODY} bytes\n")
                    body = self.rfile.read(length) if length else b""
                ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
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
                url = urlparse(self.path)
                if url.path == "/store":
                    return self._graph("post")
                if url.path not in ("/", "/sparql", "/query", "/update"):
                    return self._send(404, "text/plain", "not found: the endpoint is /sparql\n")
                length = int(self.headers.get("Content-Length") or 0)
                if length > MAX_BODY:
                    return self._send(413, "text/plain", f"request body over {MAX_BODY} bytes\n")
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
                if urlparse(self.path).path == "/store":
                    return self._graph("put")
                return self._refuse()

            def do_DELETE(self):
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
                  announce: Callable[[str], None] | None = None) -> None:
    server = Server(store, host, port, allow_update, timeout, max_rows, workers)
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
