"""What keeps ``kg serve`` (kg.rdf.serve) to itself: hosts are checked (DNS rebinding),
connections and a query worker's memory are bounded (stalled clients, a query that would take the
machine's memory).  SPARQL that would make it fetch other URLs: kg.rdf.sparql_text."""
from __future__ import annotations

import threading
from http.server import ThreadingHTTPServer


def _printable(text: str | None, limit: int = 200) -> str:
    """A header value or name for a message: control characters escaped, cut at ``limit``."""
    from ..model import printable
    return printable(text or "")[:limit]


def _limit_memory(max_memory: int | None) -> None:
    """Cap this process's address space (``RLIMIT_AS``) at what it holds now (the store open)
    plus ``max_memory``: a query that needs more fails, or its worker dies, instead of taking the
    machine's memory; the server answers 503 and starts a fresh worker."""
    if not max_memory:
        return
    try:
        import os
        import resource
        with open("/proc/self/statm") as f:
            now = int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError, ImportError, AttributeError):
        now = 0
    try:
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = now + max_memory
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ValueError, OSError):
        pass


class _HTTPServer(ThreadingHTTPServer):
    """At most ``max_connections`` connections at a time: one more is answered 503 and closed
    (stalled clients cannot make the server start a thread each)."""

    daemon_threads = True
    max_connections = 64
    request_queue_size = 128        # (5 by default: more connections at once wait on TCP retries)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._slots = threading.BoundedSemaphore(self.max_connections)

    def process_request(self, request, client_address):
        if not self._slots.acquire(blocking=False):
            try:
                request.sendall(b"HTTP/1.0 503 Service Unavailable\r\nContent-Type: text/plain\r\n"
                                b"Content-Length: 35\r\nConnection: close\r\n\r\n"
                                b"server busy: too many connections\n")
            except OSError:
                pass
            self.shutdown_request(request)
            return
        try:
            super().process_request(request, client_address)
        except BaseException:
            self._slots.release()
            raise

    def process_request_thread(self, request, client_address):
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._slots.release()


_LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def _host_name(value: str) -> tuple[str, str | None]:
    """``Host`` header value -> (host name in lower case, port or None); IPv6 in brackets."""
    value = value.strip().lower()
    if value.startswith("["):
        host, _, rest = value[1:].partition("]")
        return host, rest[1:] if rest.startswith(":") else None
    host, sep, port = value.rpartition(":")
    return (host, port) if sep else (value, None)
