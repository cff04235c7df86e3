"""Streaming RDF output: per-document triples as text lines, merged on disk, written as Turtle / TriG.

A build never holds the whole graph in memory.  Each document's triples are formatted once
(in the worker that extracted it) as lines ``subject SEP predicate SEP object`` whose terms
are already in Turtle syntax; the main process feeds them to an external sort (sorted runs
on disk, merged with ``heapq.merge``) that drops duplicates, and writes the union as Turtle
grouped by subject and predicate.  The same formatter writes each document's named graph in
``graph.trig``.  Output is a pure function of the set of triples, so it is the same bytes
whatever the order documents arrive in, the number of worker processes or the executor.
"""
from __future__ import annotations

import heapq
import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator

from rdflib import BNode, Literal, URIRef

from ..rdf.vocab import NAMESPACES, RDF, digest

SEP = "\x1f"   # never appears in a formatted term: literals escape control characters

_PREFIXES = sorted(((str(ns), p) for p, ns in NAMESPACES.items()), key=lambda t: -len(t[0]))
_LOCAL = re.compile(r"[A-Za-z_][A-Za-z0-9_\-]*\Z")
_XSD = "http://www.w3.org/2001/XMLSchema#"

_ESCAPES = {ord("\\"): "\\\\", ord('"'): '\\"', ord("\n"): "\\n", ord("\r"): "\\r", ord("\t"): "\\t"}
_ESCAPES.update({c: f"\\u{c:04X}" for c in range(0x20) if c not in _ESCAPES})
_ESCAPES[0x7F] = "\\u007F"
_IRI_ESCAPES = {ord(c): f"\\u{ord(c):04X}" for c in ' <>"{}|^`\\'}
_IRI_ESCAPES.update({c: f"\\u{c:04X}" for c in range(0x21)})


_RDF_TYPE = frozenset([RDF.type])   # ``p in _RDF_TYPE``: p == RDF.type, without a lookup in RDF each time


def prefix_lines() -> list[str]:
    return [f"@prefix {p}: <{ns}> ." for p, ns in sorted(NAMESPACES.items())]


def iri(value: str) -> str:
    """An IRI in Turtle: ``prefix:local`` where the local name is plain, else ``<...>``."""
    for ns, p in _PREFIXES:
        if value.startswith(ns) and _LOCAL.match(value, len(ns)):
            return f"{p}:{value[len(ns):]}"
    return "<" + value.translate(_IRI_ESCAPES) + ">"


_iri = lru_cache(maxsize=1 << 16)(iri)     # the same IRIs recur in every document


def literal(lit: Literal) -> str:
    body = '"' + str(lit).translate(_ESCAPES) + '"'
    if lit.language:
        return f"{body}@{lit.language}"
    if lit.datatype is not None:
        return f"{body}^^{_iri(str(lit.datatype))}"
    return body


class Formatter:
    """Turns rdflib terms into Turtle text; remembers IRIs (most repeat) and names blank nodes stably."""

    def __init__(self, bnode_scope: str = ""):
        self._iris: dict[str, str] = {}
        self._bnode_scope = bnode_scope
        self._bnodes: dict[BNode, str] = {}
        self.last: list[str] = []     # the lines of the last ``lines`` call, in the order of its triples

    def term(self, t) -> str:
        kind = type(t)          # the exact classes first: isinstance on rdflib's terms is slow
        if kind is URIRef or kind is not Literal and kind is not BNode and isinstance(t, URIRef):
            s = self._iris.get(t)
            if s is None:
                s = self._iris[t] = _iri(str(t))
            return s
        if kind is Literal or kind is not BNode and isinstance(t, Literal):
            return literal(t)
        if isinstance(t, BNode):
            return self._bnodes.get(t) or "_:" + str(t)
        raise TypeError(f"not an RDF term: {t!r}")

    def predicate(self, p) -> str:
        return "a" if p in _RDF_TYPE else self.term(p)

    def lines(self, triples: Iterable[tuple]) -> list[str]:
        """Sorted, unique ``s SEP p SEP o`` lines; blank nodes named from what they say, not from chance."""
        triples = list(triples)
        if any(issubclass(kind, BNode) for kind in {type(t) for tr in triples for t in tr}):
            self._name_bnodes(triples)
        self.last = [self.term(s) + SEP + self.predicate(p) + SEP + self.term(o) for s, p, o in triples]
        return sorted(set(self.last))

    def _name_bnodes(self, triples: list[tuple]) -> None:
        """Name each blank node by a hash of its neighbourhood, refined over a few rounds (so the
        names, and the bytes written, do not depend on the random ids rdflib gives blank nodes)."""
        bnodes = {t for tr in triples for t in (tr[0], tr[2]) if isinstance(t, BNode)}
        names = {b: "" for b in bnodes}
        for _ in range(4):
            said: dict[BNode, list[str]] = {b: [] for b in bnodes}
            for s, p, o in triples:
                if isinstance(s, BNode):
                    said[s].append(str(p) + " " + (names[o] if isinstance(o, BNode) else o.n3()))
                if isinstance(o, BNode):
                    said[o].append("^" + str(p) + " " + (names[s] if isinstance(s, BNode) else s.n3()))
            names = {b: digest(self._bnode_scope, *sorted(said[b]), n=12) for b in bnodes}
        taken: dict[str, int] = {}
        for b in sorted(bnodes, key=lambda b: names[b]):
            base = "b" + names[b]
            taken[base] = taken.get(base, 0) + 1
            self._bnodes[b] = f"_:{base}" + (f"x{taken[base]}" if taken[base] > 1 else "")


def turtle_body(lines: Iterable[str], indent: str = "", between: str = "\n") -> Iterator[str]:
    """Turtle statements from sorted unique lines, one subject per statement."""
    cur_s = cur_p = None
    for line in lines:
        s, p, o = line.split(SEP)
        if s != cur_s:
            if cur_s is not None:
                yield " .\n" + between
            yield f"{indent}{s} {p} {o}"
            cur_s, cur_p = s, p
        elif p != cur_p:
            yield f" ;\n{indent}    {p} {o}"
            cur_p = p
        else:
            yield f" ,\n{indent}        {o}"
    if cur_s is not None:
        yield " .\n"


def trig_block(graph_iri: str, lines: Iterable[str]) -> str:
    body = "".join(turtle_body(lines, indent="    ", between=""))
    return f"<{graph_iri}> {{\n{body}}}\n"


class ExternalSort:
    """Sorted unique strings from many ``add`` calls, in bounded memory (sorted runs spill to disk)."""

    def __init__(self, tmpdir: str | os.PathLike, prefix: str = "run", run_size: int = 200_000):
        self._dir = Path(tmpdir)
        self._prefix = prefix
        self._run_size = run_size
        self._buf: list[str] = []
        self._runs: list[Path] = []
        self._sorted = False

    def extend(self, items: Iterable[str]) -> None:
        self._buf.extend(items)
        if len(self._buf) >= self._run_size:
            self._spill()

    def _spill(self) -> None:
        run = self._dir / f"{self._prefix}{len(self._runs):05d}.txt"
        with open(run, "w", encoding="utf-8", newline="\n") as f:
            last = None
            for line in sorted(self._buf):
                if line != last:
                    f.write(line)
                    f.write("\n")
                    last = line
        self._runs.append(run)
        self._buf = []

    def __iter__(self) -> Iterator[str]:
        """Sorted unique items; may be iterated again (no ``extend`` after the first iteration)."""
        if not self._runs:
            if not self._sorted:
                self._buf = sorted(set(self._buf))
                self._sorted = True
            yield from self._buf
            return
        if self._buf:
            self._spill()
        files = [open(r, encoding="utf-8", newline="\n") for r in self._runs]
        try:
            last = None
            for line in heapq.merge(*((ln[:-1] for ln in f) for f in files)):
                if line != last:
                    yield line
                    last = line
        finally:
            for f in files:
                f.close()

# ---------------------------------------------------------------- reading lines back into rdflib terms
_PREFIX_NS = {p: str(ns) for p, ns in NAMESPACES.items()}
_UNESCAPE = re.compile(r'\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)')
_SIMPLE = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\", "'": "'", "b": "\b", "f": "\f"}


def _unescape(s: str) -> str:
    if "\\" not in s:
        return s
    return _UNESCAPE.sub(lambda m: chr(int(m[1][1:], 16)) if m[1][0] in "uU" and len(m[1]) > 1
                         else _SIMPLE.get(m[1], m[1]), s)


def parse_term(t: str):
    """The rdflib term of one formatted term (the inverse of :meth:`Formatter.term`)."""
    c = t[0]
    if c == "<":
        return URIRef(_unescape(t[1:-1]))
    if c == '"':
        end = t.rindex('"')
        lex, rest = _unescape(t[1:end]), t[end + 1:]
        if rest.startswith("@"):
            return Literal(lex, lang=rest[1:])
        if rest.startswith("^^"):
            return Literal(lex, datatype=parse_term(rest[2:]))
        return Literal(lex)
    if t.startswith("_:"):
        return BNode(t[2:])
    if t == "a":
        return RDF.type
    prefix, local = t.split(":", 1)
    return URIRef(_PREFIX_NS[prefix] + local)


def parse_line(line: str) -> tuple:
    s, p, o = line.split(SEP)
    return parse_term(s), parse_term(p), parse_term(o)
