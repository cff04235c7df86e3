"""``kg serve``'s query workers: each a process of its own that opens the store and answers one
request at a time; one that runs past the time limit or its memory is killed and replaced
(kg.rdf.serve hands them the requests)."""
from __future__ import annotations

import multiprocessing as mp
import queue
import re
import threading
from pathlib import Path
from xml.sax.saxutils import escape as _xml_escape

from .guard import _limit_memory
from .sparql_text import _algebra_remote, _remote_message

RESULT_TYPES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
GRAPH_TYPES = {"nt": "application/n-triples", "ttl": "text/turtle"}


class ServeError(Exception):
    """The server cannot start (no store, port taken)."""


# ---------------------------------------------------------------- worker process

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_escape(text: str) -> str:
    """Text for XML 1.0: ``& < >`` escaped and the characters XML cannot hold at all (C0 controls
    but tab and newlines, U+FFFE, U+FFFF, lone surrogates) replaced by U+FFFD."""
    return _xml_escape(_NOT_XML.sub("\ufffd", text), {'"': "&quot;", "\r": "&#13;"})


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


def _worker_main(conn, store_dir: str, read_only: bool, max_memory: int | None = None) -> None:
    """One query process: opens the store, answers (kind, text, fmt, max_rows) messages."""
    try:
        import rdflib.plugins.sparql.parser  # noqa: F401  (loaded once, before the limit)
        from .query import OxigraphEngine, QueryError
        from .store import open_store
        store = open_store(store_dir, read_only=read_only)
        engine = OxigraphEngine(store)
        engine.query("ASK { ?s ?p ?o }", max_rows=1)       # the store's threads started
        _limit_memory(max_memory)
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
            remote = _algebra_remote(text) if len(text) <= 200_000 else None   # (the server tokenized it)
            if remote:
                conn.send(("ok", 403, "text/plain", _remote_message(remote), {}))
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
        except MemoryError:
            conn.send(("ok", 503, "text/plain", _MEMORY_MESSAGE, {}))
        except Exception as e:
            conn.send(("ok", 500, "text/plain", f"{type(e).__name__}: {e}\n", {}))


_MEMORY_MESSAGE = "query stopped: it needed more memory than a query worker may use (--max-memory)\n"


class _Worker:
    def __init__(self, ctx, store_dir: str, read_only: bool, max_memory: int | None = None):
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker_main, args=(child, store_dir, read_only, max_memory),
                                daemon=True)
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

    def __init__(self, store_dir: str | Path, size: int, read_only: bool, timeout: float,
                 max_memory: int | None = None):
        self.ctx = mp.get_context("spawn")
        self.store_dir, self.read_only, self.timeout = str(store_dir), read_only, timeout
        self.max_memory = max_memory
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
        w = _Worker(self.ctx, self.store_dir, self.read_only, self.max_memory)
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
            if w.proc.exitcode in (-6, -9, 134, 137) and self.max_memory:   # SIGABRT: an allocation failed
                return 503, "text/plain", _MEMORY_MESSAGE, {}
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
