"""SPARQL over a built graph: named queries, two engines, one result shape.

Engines
    ``rdflib``    in memory, for small graphs (the default below ``AUTO_LIMIT`` bytes of input);
    ``oxigraph``  pyoxigraph, in memory for a large graph file, or on disk for a store built by
                  ``kg build --store`` / ``kg load`` (see ``kg.rdf.store``).
rdflib parses ~10x slower than pyoxigraph and its planner evaluates basic graph patterns in
the written order after sorting by bound terms, so several ``?x a kg:Class`` patterns in one
group become a cross product (rdflib #787).  The named queries in ``kg/queries`` keep one type
pattern per group and test other classes with FILTER, so they run on both.

The default graph of a query is the union of all the graphs of the input (for a TriG build:
every document's graph and the ontology's) as a set, on both engines, so the same query gives
the same rows.  (Oxigraph's own union default graph repeats a triple once per graph holding it,
so ``kg.rdf.store`` keeps the union in the store's default graph instead.)  Arguments of named
queries become RDF terms written by pyoxigraph's term API (escaped, IRIs checked) in place of
their variables, never raw text.
"""
from __future__ import annotations

import csv
import io
import json
import re
import time
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from importlib import resources
from pathlib import Path
from typing import Iterable

from .sparql_text import syntax_message
from .vocab import NAMESPACES

XSD_NS = "http://www.w3.org/2001/XMLSchema#"
XSD_STRING = XSD_NS + "string"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
INTEGER_TYPES = {XSD_NS + t for t in ("integer", "int", "long", "short", "byte", "nonNegativeInteger",
                                      "positiveInteger", "negativeInteger", "nonPositiveInteger",
                                      "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte")}
DECIMAL = XSD_NS + "decimal"
AUTO_LIMIT = 10 * 1024 * 1024   # bytes of graph file above which ``auto`` picks Oxigraph
FORMATS = ("table", "csv", "tsv", "json")


class QueryError(Exception):
    """A query that cannot run: bad syntax, unknown name, missing argument."""


# ---------------------------------------------------------------- terms and results

@dataclass(frozen=True)
class Term:
    """An RDF term as both engines give it back: kind is uri | literal | bnode."""

    kind: str
    value: str
    datatype: str | None = None   # None for simple (xsd:string) and language-tagged literals
    lang: str | None = None       # lower case (Oxigraph normalises tags; rdflib keeps them)

    @classmethod
    def literal(cls, value: str, datatype: str | None = None, lang: str | None = None) -> "Term":
        if lang:
            return cls("literal", value, None, lang.lower())
        if datatype in (None, XSD_STRING, RDF_LANGSTRING):
            return cls("literal", value, None, None)
        if datatype in INTEGER_TYPES:
            try:
                value = str(int(value))
            except ValueError:
                pass
        elif datatype == DECIMAL:
            try:
                value = format(Decimal(value).normalize(), "f")
            except InvalidOperation:
                pass
        return cls("literal", value, datatype, None)

    def n3(self) -> str:
        if self.kind == "uri":
            return f"<{self.value}>"
        if self.kind == "bnode":
            return f"_:{self.value}"
        body = json.dumps(self.value, ensure_ascii=False)
        if self.lang:
            return f"{body}@{self.lang}"
        if self.datatype:
            return f"{body}^^<{self.datatype}>"
        return body

    def short(self) -> str:
        """For people: IRIs with the project's prefixes, literals as their text."""
        if self.kind == "uri":
            for prefix, ns in sorted(NAMESPACES.items(), key=lambda kv: -len(str(kv[1]))):
                if self.value.startswith(str(ns)):
                    return f"{prefix}:{self.value[len(str(ns)):]}"
            return self.value
        if self.kind == "bnode":
            return f"_:{self.value}"
        return self.value

    def json(self) -> dict:
        d = {"type": self.kind, "value": self.value}
        if self.lang:
            d["xml:lang"] = self.lang
        elif self.datatype:
            d["datatype"] = self.datatype
        return d

    def python(self):
        """A comparable Python value (numbers as Decimal)."""
        if self.kind == "literal" and (self.datatype in INTEGER_TYPES or self.datatype == DECIMAL):
            return ("number", Decimal(self.value))
        return (self.kind, self.value, self.lang)


@dataclass
class Result:
    kind: str                                 # select | ask | graph
    vars: list[str] = field(default_factory=list)
    rows: list[tuple[Term | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    engine: str = ""
    seconds: float = 0.0                      # query time, loading excluded

    def records(self) -> list[dict[str, Term | None]]:
        return [dict(zip(self.vars, r)) for r in self.rows]

    def values(self) -> list[tuple]:
        """Rows as comparable Python values, for tests and cross-engine checks."""
        return [tuple(None if t is None else t.python() for t in r) for r in self.rows]


# ---------------------------------------------------------------- named queries

@dataclass
class NamedQuery:
    name: str
    description: str
    params: list[tuple[str, str]]             # (name, help)
    text: str


def _parse_header(name: str, text: str) -> NamedQuery:
    desc, params = "", []
    for line in text.splitlines():
        m = re.match(r"#\s*(name|description|param):\s*(.*)$", line)
        if not m:
            continue
        key, val = m.group(1), m.group(2).strip()
        if key == "description":
            desc = val
        elif key == "param":
            pname, _, help_ = val.partition(" ")
            params.append((pname, help_.strip()))
        elif key == "name":
            name = val
    return NamedQuery(name, desc, params, text)


def named_queries() -> dict[str, NamedQuery]:
    """The library shipped in ``kg/rdf/queries/*.rq``, by name."""
    found: dict[str, NamedQuery] = {}
    root = resources.files("kg.rdf").joinpath("queries")
    for entry in sorted(root.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".rq"):
            nq = _parse_header(entry.name[:-3], entry.read_text(encoding="utf-8"))
            found[nq.name] = nq
    return found


def _expand(value: str) -> str | None:
    """An IRI given on the command line: <...>, http(s)://..., or prefix:local with a known prefix."""
    v = value.strip()
    if v.startswith("<") and v.endswith(">"):
        return v[1:-1]
    if re.match(r"^(https?|urn|file):", v):
        return v
    m = re.match(r"^([A-Za-z][\w-]*):(\S+)$", v)
    if m and m.group(1) in NAMESPACES:
        return str(NAMESPACES[m.group(1)]) + m.group(2)
    return None


def _simplified(text: str) -> str:
    try:
        import opencc
        return opencc.OpenCC("t2s").convert(text)
    except Exception:  # pragma: no cover - opencc is a dependency
        return text


def bind_params(nq: NamedQuery, args: list[str]) -> dict[str, Term]:
    """Terms for a named query's arguments: an IRI binds ``?param``; a name binds ``?paramName``
    (simplified, @zh-Hans) and ``?paramNameHant`` (as given, @zh-Hant)."""
    if len(args) != len(nq.params):
        want = " ".join(p.upper() for p, _ in nq.params) or "no arguments"
        raise QueryError(f"{nq.name} takes {want}; got {len(args)} argument(s)")
    out: dict[str, Term] = {}
    for (pname, _), value in zip(nq.params, args):
        iri = _expand(value)
        if iri is not None:
            out[pname] = Term("uri", iri)
        else:
            name = unicodedata.normalize("NFKC", value).strip()
            out[pname + "Name"] = Term.literal(_simplified(name), lang="zh-Hans")
            out[pname + "NameHant"] = Term.literal(name, lang="zh-Hant")
    return out


def substitute(text: str, bindings: dict[str, Term] | None) -> str:
    """``text`` with each bound variable replaced by its term in N-Triples syntax, as written by
    pyoxigraph's term API (quotes, backslashes and newlines escaped; IRIs checked), so a name
    from the command line or a document cannot change the query.  Both engines run the result."""
    if not bindings:
        return text
    for var, term in sorted(bindings.items(), key=lambda kv: -len(kv[0])):
        try:
            syntax = str(_to_ox(term))
        except ValueError as e:
            raise QueryError(f"{term.value!r} is not a usable IRI: {e}") from None
        text = re.sub(r"[?$]" + re.escape(var) + r"(?![\w])", lambda _m: syntax, text)
    return text


def resolve(query: str, args: list[str] | None = None) -> tuple[str, dict[str, Term], NamedQuery | None]:
    """A query argument as SPARQL text and bindings: ``@file.rq``, a named query, or SPARQL itself."""
    args = list(args or [])
    if query.startswith("@"):
        path = Path(query[1:])
        if not path.exists():
            raise QueryError(f"{path}: no such query file")
        nq = _parse_header(path.stem, path.read_text(encoding="utf-8"))
        return nq.text, (bind_params(nq, args) if nq.params or args else {}), nq
    library = named_queries()
    if query in library:
        nq = library[query]
        return nq.text, bind_params(nq, args), nq
    if re.match(r"^[a-z][a-z0-9-]*$", query):
        raise QueryError(f"no named query {query!r}; `kg query --list` shows them")
    if args:
        raise QueryError("arguments are only for named queries")
    return query, {}, None


# ---------------------------------------------------------------- engines

def _from_rdflib(t) -> Term | None:
    from rdflib import BNode, Literal, URIRef
    if t is None:
        return None
    if isinstance(t, URIRef):
        return Term("uri", str(t))
    if isinstance(t, BNode):
        return Term("bnode", str(t))
    if isinstance(t, Literal):
        return Term.literal(str(t), str(t.datatype) if t.datatype else None, t.language)
    return Term.literal(str(t))


def _to_rdflib(t: Term):
    from rdflib import BNode, Literal, URIRef
    if t.kind == "uri":
        return URIRef(t.value)
    if t.kind == "bnode":
        return BNode(t.value)
    return Literal(t.value, lang=t.lang, datatype=t.datatype)


def _from_ox(t) -> Term | None:
    import pyoxigraph as ox
    if t is None:
        return None
    if isinstance(t, ox.NamedNode):
        return Term("uri", t.value)
    if isinstance(t, ox.BlankNode):
        return Term("bnode", t.value)
    if isinstance(t, ox.Literal):
        return Term.literal(t.value, t.datatype.value if t.datatype else None, t.language)
    return Term.literal(str(t))


def _to_ox(t: Term):
    import pyoxigraph as ox
    if t.kind == "uri":
        return ox.NamedNode(t.value)
    if t.kind == "bnode":
        return ox.BlankNode(t.value)
    if t.lang:
        return ox.Literal(t.value, language=t.lang)
    if t.datatype:
        return ox.Literal(t.value, datatype=ox.NamedNode(t.datatype))
    return ox.Literal(t.value)


class RdflibEngine:
    name = "rdflib"

    def __init__(self, graph):
        self.graph = graph

    @classmethod
    def from_file(cls, path: str | Path) -> "RdflibEngine":
        from rdflib import Dataset
        from .graph import QUAD_FORMATS, rdf_format
        from .vocab import ONTOLOGY_GRAPH
        fmt = rdf_format(path)
        ds = Dataset()
        default = ds.default_graph
        if fmt in QUAD_FORMATS:
            ds.parse(str(path), format=fmt)
            # the default graph is the union of the documents' graphs, as in a store (kg.store):
            # the ontology stays in its own graph, so graph.ttl, graph.trig and a store count alike
            for g in list(ds.graphs()):
                if g.identifier not in (default.identifier, ONTOLOGY_GRAPH):
                    for t in g:
                        default.add(t)
        else:
            default.parse(str(path), format=fmt)
        return cls(ds)

    def query(self, text: str, bindings: dict[str, Term] | None = None) -> Result:
        from pyparsing import ParseException
        text = substitute(text, bindings)
        t0 = time.perf_counter()
        try:
            res = self.graph.query(text)
        except ParseException as e:
            raise QueryError(syntax_message(text, e)) from None
        if res.type == "ASK":
            return Result("ask", boolean=bool(res.askAnswer), engine=self.name,
                          seconds=time.perf_counter() - t0)
        if res.type in ("CONSTRUCT", "DESCRIBE"):
            rows = [tuple(_from_rdflib(x) for x in t) for t in res.graph]
            rows.sort(key=lambda r: tuple(x.n3() for x in r))
            return Result("graph", ["subject", "predicate", "object"], rows, engine=self.name,
                          seconds=time.perf_counter() - t0)
        vars_ = [str(v) for v in res.vars]
        rows = [tuple(_from_rdflib(row[i]) for i in range(len(vars_))) for row in res]
        return Result("select", vars_, rows, engine=self.name, seconds=time.perf_counter() - t0)


class OxigraphEngine:
    name = "oxigraph"

    def __init__(self, store, union: bool = False):
        self.store = store
        self.union = union   # False: a kg store keeps the union of its graphs as its default graph

    @classmethod
    def from_file(cls, path: str | Path) -> "OxigraphEngine":
        import pyoxigraph as ox
        from .store import ox_format
        from .store import fill_default_graph
        store = ox.Store()
        store.bulk_load(path=str(path), format=ox_format(path))
        fill_default_graph(store)
        return cls(store)

    @classmethod
    def from_store(cls, directory: str | Path) -> "OxigraphEngine":
        from .store import open_store
        return cls(open_store(directory, read_only=True))

    def query(self, text: str, bindings: dict[str, Term] | None = None,
              max_rows: int | None = None) -> Result:
        import pyoxigraph as ox
        text = substitute(text, bindings)
        t0 = time.perf_counter()
        try:
            res = self.store.query(text, use_default_graph_as_union=self.union)
        except SyntaxError as e:
            raise QueryError(syntax_message(text, e)) from None
        if isinstance(res, ox.QueryBoolean):
            return Result("ask", boolean=bool(res), engine=self.name, seconds=time.perf_counter() - t0)
        if isinstance(res, ox.QueryTriples):
            rows = []
            for t in res:
                rows.append((_from_ox(t.subject), _from_ox(t.predicate), _from_ox(t.object)))
                if max_rows is not None and len(rows) > max_rows:
                    break
            rows.sort(key=lambda r: tuple(x.n3() for x in r))
            return Result("graph", ["subject", "predicate", "object"], rows, engine=self.name,
                          seconds=time.perf_counter() - t0)
        vars_ = [v.value for v in res.variables]
        rows = []
        for sol in res:
            rows.append(tuple(_from_ox(sol[v]) for v in vars_))
            if max_rows is not None and len(rows) > max_rows:
                break
        return Result("select", vars_, rows, engine=self.name, seconds=time.perf_counter() - t0)


def open_engine(graph: str | Path | None = None, store: str | Path | None = None,
                engine: str = "auto"):
    """The engine for a graph file (rdflib when small, Oxigraph in memory when large) or a store."""
    if store is not None:
        return OxigraphEngine.from_store(store)
    if graph is None:
        raise QueryError("give a graph file (--graph) or a store (--store)")
    path = Path(graph)
    if not path.exists():
        raise QueryError(f"{path}: no such graph file")
    if engine == "auto":
        engine = "oxigraph" if path.stat().st_size > AUTO_LIMIT else "rdflib"
    if engine == "rdflib":
        return RdflibEngine.from_file(path)
    if engine == "oxigraph":
        return OxigraphEngine.from_file(path)
    raise QueryError(f"unknown engine {engine!r}: auto, rdflib or oxigraph")


def run_query(query: str, args: list[str] | None = None, graph=None, store=None,
              engine: str = "auto") -> Result:
    text, bindings, _ = resolve(query, args)
    return open_engine(graph, store, engine).query(text, bindings)


# ---------------------------------------------------------------- output

def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def _clip(s: str, limit: int) -> str:
    s = s.replace("\n", " ")
    if _width(s) <= limit:
        return s
    out, w = [], 0
    for c in s:
        cw = 2 if unicodedata.east_asian_width(c) in "WF" else 1
        if w + cw > limit - 1:
            break
        out.append(c)
        w += cw
    return "".join(out) + "…"


def format_table(result: Result, max_cell: int = 60) -> str:
    if result.kind == "ask":
        return ("true" if result.boolean else "false") + "\n"
    cells = [[_clip("" if t is None else t.short(), max_cell) for t in row] for row in result.rows]
    widths = [max([_width(v)] + [_width(r[i]) for r in cells]) for i, v in enumerate(result.vars)]

    def line(values):
        return " | ".join(v + " " * (w - _width(v)) for v, w in zip(values, widths)).rstrip()

    out = [line(result.vars), "-+-".join("-" * w for w in widths)]
    out += [line(r) for r in cells]
    out.append(f"({len(result.rows)} row{'s' if len(result.rows) != 1 else ''})")
    return "\n".join(out) + "\n"


def format_csv(result: Result) -> str:
    """SPARQL 1.1 Query Results CSV: IRIs and literals as plain text."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    if result.kind == "ask":
        w.writerow(["boolean"])
        w.writerow(["true" if result.boolean else "false"])
        return buf.getvalue()
    w.writerow(result.vars)
    for row in result.rows:
        w.writerow(["" if t is None else (f"_:{t.value}" if t.kind == "bnode" else t.value) for t in row])
    return buf.getvalue()


def format_tsv(result: Result) -> str:
    """SPARQL 1.1 Query Results TSV: terms in Turtle / N-Triples syntax."""
    if result.kind == "ask":
        return "?boolean\n" + ("true" if result.boolean else "false") + "\n"
    lines = ["\t".join("?" + v for v in result.vars)]
    for row in result.rows:
        lines.append("\t".join("" if t is None else t.n3().replace("\t", "\\t") for t in row))
    return "\n".join(lines) + "\n"


def format_json(result: Result) -> str:
    """SPARQL 1.1 Query Results JSON."""
    if result.kind == "ask":
        return json.dumps({"head": {}, "boolean": bool(result.boolean)}) + "\n"
    bindings = [{v: t.json() for v, t in zip(result.vars, row) if t is not None} for row in result.rows]
    return json.dumps({"head": {"vars": result.vars}, "results": {"bindings": bindings}},
                      ensure_ascii=False, indent=1) + "\n"


def format_result(result: Result, fmt: str = "table") -> str:
    try:
        return {"table": format_table, "csv": format_csv, "tsv": format_tsv, "json": format_json}[fmt](result)
    except KeyError:
        raise QueryError(f"unknown format {fmt!r}: {', '.join(FORMATS)}") from None


def list_queries() -> Iterable[str]:
    for nq in named_queries().values():
        args = " ".join(p.upper() for p, _ in nq.params)
        yield f"{nq.name}{' ' + args if args else ''}\t{nq.description}"
