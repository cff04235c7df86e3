"""kg serve under abuse (issue 18): a real server process, hostile requests, no mocks.

SSRF past the SERVICE/LOAD filter, DNS rebinding (a foreign Host), cross-site updates, broken
Content-Length, idle connections, a query that would take the machine's memory, control
characters in results."""
from __future__ import annotations

import http.client
import json
import shutil
import socket
import threading
import time
import urllib.parse
import xml.dom.minidom

import pytest

from test_serve import COUNT, _call, _start, _stop, answers_again, store  # noqa: F401 (store: the fixture)


class Listener:
    """A TCP port that records whether anything connected to it (the server must never)."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.hits = 0
        self._stop = False
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        while not self._stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.hits += 1
            conn.close()

    def close(self):
        self._stop = True
        self.thread.join(2)
        self.sock.close()


@pytest.fixture(scope="module")
def writable(store, tmp_path_factory):
    own = tmp_path_factory.mktemp("serve_rw") / "store"
    shutil.copytree(store, own)
    proc, url = _start(own, "--allow-update", "--idle-timeout", "1")
    yield url
    _stop(proc)


@pytest.fixture(scope="module")
def readonly(store):
    proc, url = _start(store, "--idle-timeout", "1", "--timeout", "20", "--max-memory", "300")
    yield url
    _stop(proc)


def _count(url) -> int:
    status, _, body = _call(url, params={"query": COUNT})
    assert status == 200, body
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


def _raw(url, request: bytes, timeout: float = 10) -> bytes:
    u = urllib.parse.urlparse(url)
    with socket.create_connection((u.hostname, u.port), timeout=timeout) as s:
        s.sendall(request)
        out = b""
        while True:
            try:
                chunk = s.recv(65536)
            except socket.timeout:
                break
            if not chunk:
                break
            out += chunk
    return out


# ---------------------------------------------------------------- 1. SSRF

def test_service_hidden_behind_an_escaped_hash_is_refused(readonly):
    """``ex:a\\#`` is a prefixed name, not a comment: the SERVICE after it was sent (issue 18.1)."""
    trap = Listener()
    try:
        q = (f"PREFIX ex: <http://e/> SELECT * WHERE {{ VALUES ?z {{ ex:a\\# }} "
             f"SERVICE <http://127.0.0.1:{trap.port}/> {{ ?s ?p ?o }} }}")
        status, _, body = _call(readonly, params={"query": q})
        assert status == 403 and "SERVICE is disabled" in body
        for q in [
            f"SELECT * WHERE {{ \\u0053ERVICE <http://127.0.0.1:{trap.port}/> {{ ?s ?p ?o }} }}",
            f"SELECT * WHERE {{ ?s ?p 'x\\'' . SERVICE SILENT <http://127.0.0.1:{trap.port}/> {{ ?s ?p ?o }} }}",
            f"PREFIX ex: <http://e/> SELECT * WHERE {{ ?s ex:p%23 ?o . sErViCe <http://127.0.0.1:{trap.port}/> {{ }} }}",
            f"SELECT * WHERE {{ ?s ?p \"\"\"a\"\"b\"\"\" . SERVICE <http://127.0.0.1:{trap.port}/> {{ }} }}",
        ]:
            status, _, body = _call(readonly, "POST", q.encode(), "application/sparql-query")
            assert status in (400, 403), (q, status, body)
        time.sleep(0.3)
        assert trap.hits == 0
        # words that only look like the keywords still run
        q = 'PREFIX ex: <http://e/> SELECT ?service WHERE { ?service ?p "SERVICE LOAD" } # SERVICE <x>'
        assert _call(readonly, params={"query": q})[0] == 200
    finally:
        trap.close()


def test_load_hidden_behind_an_escaped_hash_is_refused(writable):
    trap = Listener()
    try:
        before = _count(writable)
        u = (f"PREFIX ex: <http://e/> INSERT DATA {{ ex:a ex:b ex:c\\# }} ; "
             f"LOAD <http://127.0.0.1:{trap.port}/x>")
        status, _, body = _call(writable, "POST", u.encode(), "application/sparql-update")
        assert status == 403 and "LOAD is disabled" in body
        time.sleep(0.3)
        assert trap.hits == 0 and _count(writable) == before
    finally:
        trap.close()


# ---------------------------------------------------------------- 2. Host, Origin, forms

def _http(url, method, path, body=None, headers=None):
    u = urllib.parse.urlparse(url)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=10)
    conn.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
    for k, v in (headers or {}).items():
        conn.putheader(k, v)
    if body is not None:
        conn.putheader("Content-Length", str(len(body)))
    conn.endheaders(body)
    r = conn.getresponse()
    out = r.status, r.read().decode("utf-8")
    conn.close()
    return out


def test_a_foreign_host_is_not_answered(readonly):
    port = urllib.parse.urlparse(readonly).port
    path = "/sparql?" + urllib.parse.urlencode({"query": COUNT})
    for host in ["evil.example", f"evil.example:{port}", "127.0.0.1.evil.example", f"localhost:{port + 1}",
                 "\x1b[2Jevil"]:
        status, body = _http(readonly, "GET", path, headers={"Host": host})
        assert status == 403 and "not this server" in body, host
        assert "\x1b" not in body
    for host in [f"127.0.0.1:{port}", f"localhost:{port}", f"LOCALHOST:{port}"]:
        assert _http(readonly, "GET", path, headers={"Host": host})[0] == 200, host


def test_cross_site_updates_are_refused(writable):
    port = urllib.parse.urlparse(writable).port
    before = _count(writable)
    assert before > 0
    host = {"Host": f"127.0.0.1:{port}"}
    # the form POST a foreign page can send without asking: refused whatever its Origin
    form = urllib.parse.urlencode({"update": "DROP ALL"}).encode()
    for origin in ["http://evil.example", f"http://127.0.0.1:{port}", None]:
        headers = dict(host, **{"Content-Type": "application/x-www-form-urlencoded"})
        if origin:
            headers["Origin"] = origin
        status, body = _http(writable, "POST", "/sparql", form, headers)
        assert status == 415 and "application/sparql-update" in body
    # a sparql-update from another origin
    for origin in ["http://evil.example", f"http://localhost:{port + 1}", "null"]:
        status, body = _http(writable, "POST", "/sparql", b"DROP ALL",
                             dict(host, **{"Content-Type": "application/sparql-update", "Origin": origin}))
        assert status == 403 and "cross-origin" in body
    assert _count(writable) == before
    # its own page, and a client that sends no Origin, may update
    upd = b'INSERT DATA { <http://example.org/a> <http://example.org/b> "c" }'
    status, _ = _http(writable, "POST", "/sparql", upd, dict(host, **{"Content-Type": "application/sparql-update",
                                                                       "Origin": f"http://localhost:{port}"}))
    assert status == 204
    assert _call(writable, "POST", upd, "application/sparql-update")[0] == 204
    assert _count(writable) == before + 1


# ---------------------------------------------------------------- 8. bodies, idle connections, memory

def test_bad_content_length_is_400(readonly):
    port = urllib.parse.urlparse(readonly).port
    for value in ["-1", "abc", "1e3", " ", "0x10", "１２"]:
        t0 = time.monotonic()
        out = _raw(readonly, (f"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                              f"Content-Type: application/sparql-query\r\nContent-Length: {value}\r\n\r\n"
                              f"SELECT * WHERE {{ ?s ?p ?o }}").encode("utf-8"), timeout=10)
        assert out.startswith(b"HTTP/1.0 400") or out.startswith(b"HTTP/1.1 400"), (value, out[:80])
        assert time.monotonic() - t0 < 5
    assert _count(readonly) > 0


def test_idle_connections_are_closed(readonly):
    u = urllib.parse.urlparse(readonly)
    socks = [socket.create_connection((u.hostname, u.port), timeout=10) for _ in range(20)]
    socks[0].sendall(b"GET /sparql HTTP/1.1\r\n")         # half a request, then nothing
    t0 = time.monotonic()
    for s in socks:
        assert s.recv(100) == b""          # closed by the server (a client timeout would raise here)
        s.close()
    assert time.monotonic() - t0 < 8
    assert _count(readonly) > 0


def test_stalled_connections_cannot_take_a_thread_each(readonly):
    """500 stalled connections held 500 threads: past 64 at once the server answers 503 and closes."""
    u = urllib.parse.urlparse(readonly)
    socks = [socket.create_connection((u.hostname, u.port), timeout=10) for _ in range(80)]
    try:
        busy = 0
        for s in socks[64:]:
            data = s.recv(200)
            busy += data.startswith(b"HTTP/1.0 503")
        assert busy >= 10, busy
    finally:
        for s in socks:
            s.close()
    time.sleep(1.5)                    # the idle ones closed, their threads ended
    assert _count(readonly) > 0


def test_query_memory_is_bounded_and_the_server_recovers(readonly):
    q = "SELECT ?a ?b ?c ?d WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY DESC(?c) ?d ?i LIMIT 1"
    t0 = time.monotonic()
    status, _, body = _call(readonly, params={"query": q})
    assert status == 503 and "memory" in body
    assert time.monotonic() - t0 < 20
    assert answers_again(readonly, tries=100)


# ---------------------------------------------------------------- 4. control characters in XML results

def test_xml_results_parse_with_control_characters_in_the_store(store, tmp_path):
    import pyoxigraph as ox
    from kg.rdf.store import open_store
    own = tmp_path / "store"
    shutil.copytree(store, own)
    s = open_store(own)
    s.add(ox.Quad(ox.NamedNode("http://example.org/x"), ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
                  ox.Literal("a\x00b\x07c\x1bd\x0ce\u202ef\ufffeg"), ox.DefaultGraph()))
    s.flush()
    del s
    proc, url = _start(own)
    try:
        q = "SELECT ?l WHERE { <http://example.org/x> <http://www.w3.org/2000/01/rdf-schema#label> ?l }"
        status, _, body = _call(url, params={"query": q, "format": "xml"})
        assert status == 200
        xml.dom.minidom.parseString(body.encode("utf-8"))
        assert "\x1b" not in body and "\x00" not in body
    finally:
        _stop(proc)


def test_the_remote_access_check_reads_tokens_not_text():
    from kg.rdf.sparql_text import remote_access
    cases = [
        (r"PREFIX ex: <http://e/> SELECT * WHERE { VALUES ?z { ex:a\# } SERVICE <http://h/> { ?s ?p ?o } }", "SERVICE"),
        (r"PREFIX ex: <http://e/> INSERT DATA { ex:a ex:b ex:c\# } ; LOAD <http://h/x>", "LOAD"),
        ("select * where {FILTER(?a<3)service<http://x>{?a ?b ?c}}", "SERVICE"),
        (r"SELECT * WHERE { \u0053ERVICE <http://x/> {} }", "SERVICE"),
        ("SELECT * WHERE { ?s ?p \"a#\" . SERVICE <http://x/> {} }", "SERVICE"),
        ("SELECT * WHERE { <a#b> ?p ?o . SERVICE <http://x/> {} }", "SERVICE"),
        ("SELECT * WHERE { ?s ?p \"x\"@en-GB#\n SERVICE <http://x/> {} }", "SERVICE"),
        ("SELECT * WHERE { ?s ?p 'x\\'' } SERVICE <http://x/> {}", "SERVICE"),
        ("PREFIX ex: <http://e/> SELECT ?service WHERE { ex:load ?p \"SERVICE\" } # LOAD", None),
        ('SELECT * WHERE { ?s ?p """a""b SERVICE""" }', None),
        ("SELECT * WHERE { ?s ?p 中国 . ?s <http://e/LOAD> $service }", None),
    ]
    for text, want in cases:
        assert remote_access(text) == want, text
    # where rdflib reads it, the parse tree is looked at too (the worker does)
    assert remote_access("SELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } }", algebra=True) == "SERVICE"


def test_cross_site_graph_store_changes_are_refused(writable):
    """/store takes graphs under --allow-update: a foreign page must not put one (text/plain, a form)."""
    port = urllib.parse.urlparse(writable).port
    before = _count(writable)
    host = {"Host": f"127.0.0.1:{port}"}
    triple = b'<http://example.org/s> <http://example.org/p> "from a foreign page" .\n'
    path = "/store?" + urllib.parse.urlencode({"graph": "http://example.org/g"})
    for ctype in ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"]:
        status, body = _http(writable, "POST", path, triple, dict(host, **{"Content-Type": ctype}))
        assert status == 415, (ctype, status, body)
    for method in ("POST", "PUT", "DELETE"):
        status, body = _http(writable, method, path, triple if method != "DELETE" else None,
                             dict(host, **{"Content-Type": "application/n-triples", "Origin": "http://evil.example"}))
        assert status == 403 and "cross-origin" in body, (method, status, body)
    status, _ = _http(writable, "PUT", path, triple, {"Host": "evil.example", "Content-Type": "application/n-triples"})
    assert status == 403
    assert _count(writable) == before
    status, _ = _http(writable, "PUT", path, triple, dict(host, **{"Content-Type": "application/n-triples"}))
    assert status in (201, 204)
