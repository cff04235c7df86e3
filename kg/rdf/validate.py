"""Check a graph against the ontology's SHACL shapes (``kg/rdf/ontology/shapes.ttl``) with pyshacl.

Besides the shapes, every ``kg:`` class and predicate the graph uses must be
declared in ``kg/rdf/ontology/kg.ttl``: a misspelt predicate (``kg:locatedin``) would
otherwise pass silently, since SHACL only checks what its shapes target.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS

from .graph import load_graph
from ..resources import ontology_file
from .vocab import KG, bind

SH = Namespace("http://www.w3.org/ns/shacl#")


@dataclass
class Problem:
    severity: str             # Violation | Warning | Info
    focus: str                # IRI (or blank node id) of the node that fails
    label: str | None         # its rdfs:label, for people
    path: str | None          # the property, when the failure is about one
    value: str | None         # the offending value, when there is one
    message: str
    shape: str | None = None  # the shape (or check) that failed

    def line(self) -> str:
        who = f"{self.label} <{self.focus}>" if self.label else f"<{self.focus}>"
        parts = [f"{self.severity}: {who}"]
        if self.path:
            parts.append(f"  property {self.path}")
        if self.value is not None:
            parts.append(f"  value {self.value}")
        parts.append(f"  {self.message}")
        return "\n".join(parts)


@dataclass
class Report:
    conforms: bool
    triples: int
    problems: list[Problem] = field(default_factory=list)

    def text(self, limit: int | None = 50) -> str:
        if self.conforms:
            return f"conforms: {self.triples} triples, no violations\n"
        shown = self.problems if limit is None else self.problems[:limit]
        lines = [f"does not conform: {len(self.problems)} problem(s) in {self.triples} triples", ""]
        lines += [p.line() + "\n" for p in shown]
        if len(shown) < len(self.problems):
            lines.append(f"... and {len(self.problems) - len(shown)} more (use --limit 0 to see all)")
        return "\n".join(lines).rstrip() + "\n"


def _short(g: Graph, term) -> str:
    if term is None:
        return None
    if isinstance(term, URIRef):
        try:
            return g.namespace_manager.normalizeUri(term)
        except Exception:
            return f"<{term}>"
    if isinstance(term, Literal):
        return term.n3(g.namespace_manager)
    return str(term)


def ontology_terms() -> set[URIRef]:
    onto = Graph().parse(ontology_file("kg.ttl"), format="turtle")
    return {s for s in onto.subjects() if isinstance(s, URIRef) and str(s).startswith(str(KG))}


def undeclared_terms(data: Graph, declared: set[URIRef] | None = None) -> list[Problem]:
    """``kg:`` predicates and classes used in ``data`` but not declared in the ontology."""
    declared = ontology_terms() if declared is None else declared
    problems: list[Problem] = []
    seen: set[URIRef] = set()
    for p in sorted(set(data.predicates())):
        if str(p).startswith(str(KG)) and p not in declared and p not in seen:
            seen.add(p)
            s = next(data.subjects(p, None))
            problems.append(Problem("Violation", str(s), _label(data, s), _short(data, p), None,
                                    f"predicate {_short(data, p)} is not declared in ontology/kg.ttl",
                                    "kg:declared-terms"))
    for c in sorted(set(data.objects(None, RDF.type))):
        if isinstance(c, URIRef) and str(c).startswith(str(KG)) and c not in declared and c not in seen:
            seen.add(c)
            s = next(data.subjects(RDF.type, c))
            problems.append(Problem("Violation", str(s), _label(data, s), "rdf:type", _short(data, c),
                                    f"class {_short(data, c)} is not declared in ontology/kg.ttl",
                                    "kg:declared-terms"))
    return problems


def _label(g: Graph, node) -> str | None:
    lab = g.value(node, RDFS.label)
    return str(lab) if lab is not None else None


def _run_sparql_constraints(data: Graph, shapes: Graph) -> tuple[Graph, list[Problem]]:
    """SHACL-SPARQL constraints, run once over the whole graph rather than once per focus node
    (pyshacl parses the query again for every node: minutes on a large build).  Their queries
    select every violating ``$this``; the shapes without them go to pyshacl."""
    problems: list[Problem] = []
    rest = Graph()
    for t in shapes:
        rest.add(t)
    for shape, constraint in list(shapes.subject_objects(SH.sparql)):
        if (constraint, SH.deactivated, Literal(True)) in shapes:
            continue
        select = shapes.value(constraint, SH.select)
        if select is None:
            continue
        rest.remove((shape, SH.sparql, constraint))
        message = str(shapes.value(constraint, SH.message) or "fails a SPARQL constraint")
        res = data.query(str(select).replace("$this", "?this"))
        for row in res:
            b = row.asdict()
            focus = b.get("this")
            text = re.sub(r"\{[?$](\w+)\}", lambda m: _short(data, b.get(m.group(1))) or "", message)
            problems.append(Problem("Violation", str(focus), _label(data, focus),
                                    _short(data, b.get("path")) if b.get("path") is not None else None,
                                    _short(data, b.get("value")) if b.get("value") is not None else None,
                                    text, _short(shapes, shape) if isinstance(shape, URIRef) else None))
    return rest, problems


def validate_graph(data: Graph, shapes: Graph | None = None) -> Report:
    """Validate an rdflib Graph (the union of a build's document graphs)."""
    import pyshacl

    if shapes is None:
        shapes = Graph().parse(ontology_file("shapes.ttl"), format="turtle")
    bind(data)
    shapes, sparql_problems = _run_sparql_constraints(data, shapes)
    conforms, results, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none",
                                            abort_on_first=False, allow_warnings=False,
                                            meta_shacl=False, advanced=True)
    problems: list[Problem] = []
    for r in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(r, SH.focusNode)
        path = results.value(r, SH.resultPath)
        value = results.value(r, SH.value)
        sev = results.value(r, SH.resultSeverity)
        msg = results.value(r, SH.resultMessage)
        shape = results.value(r, SH.sourceShape)
        problems.append(Problem(
            severity=str(sev).rsplit("#", 1)[-1] if sev else "Violation",
            focus=str(focus), label=_label(data, focus),
            path=_short(data, path) if isinstance(path, URIRef) else (str(path) if path else None),
            value=_short(data, value) if value is not None else None,
            message=str(msg) if msg else "fails its shape",
            shape=_short(shapes, shape) if isinstance(shape, URIRef) else None))
    problems += sparql_problems
    problems += undeclared_terms(data)
    problems.sort(key=lambda p: (p.severity != "Violation", p.focus, p.path or "", p.message, p.value or ""))
    return Report(conforms=bool(conforms) and not problems, triples=len(data), problems=problems)


def validate_file(path: str | Path) -> Report:
    """Validate a graph file (Turtle, TriG, N-Triples, N-Quads, JSON-LD); TriG's ontology graph is left out."""
    return validate_graph(load_graph(path))
