"""The house keeps its shape: stage packages in the order an article travels them, imports that
point one way, no import circle, no module over 500 lines.

    ground floor  kg.model, kg.resources (+ kg/data), kg.atomic, kg.forked
    1 read        files -> Source -> Document -> Sentences
    2 extract     Sentences -> entities, relations, values (an Extraction)
    3 rdf         Extraction -> RDF; what is done with a graph file (validate, query, store ...)
    4 views       graph -> analysis, map, reports, explanations
    5 pipeline    the whole road over many articles (kg build, kg remove)
    6 eval        scoring a graph against gold
    top           kg.cli, kg.__main__, kg (its __init__: ``from kg import build``)

A module may import from its own floor and the floors below it, never from a floor above.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

KG = Path(__file__).resolve().parent.parent / "kg"
GROUND = {"kg.model", "kg.resources", "kg.atomic", "kg.forked"}
STAGES = ["read", "extract", "rdf", "views", "pipeline", "eval"]
TOP = {"kg", "kg.cli", "kg.__main__"}
MAX_LINES = 500


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(KG.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(KG.rglob("*.py")) if "__pycache__" not in p.parts}


def _imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The kg modules ``name`` imports, at the top or inside functions."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[:len(package.split(".")) - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            # `from pkg import sub` imports the module pkg.sub; `from mod import name`, mod itself
            targets = [f"{module}.{a.name}" if f"{module}.{a.name}" in known else module for a in node.names]
        else:
            continue
        found |= {t for t in targets if t in known and t != name}
    return found


def _graph() -> dict[str, set[str]]:
    mods = _modules()
    return {name: _imports(name, path, set(mods)) for name, path in mods.items()}


def floor(name: str) -> int:
    if name in GROUND or name.startswith("kg.data"):
        return 0
    if name in TOP:
        return len(STAGES) + 1
    stage = name.split(".")[1]
    assert stage in STAGES, f"{name}: not on a floor (a new module belongs in a stage package)"
    return STAGES.index(stage) + 1


def test_the_top_of_kg_holds_the_ground_floor_the_stages_and_the_cli():
    top = {p.name for p in KG.iterdir() if p.name != "__pycache__" and not p.name.startswith(".")}
    assert top == ({m.split(".")[1] + ".py" for m in GROUND} | set(STAGES) | {"data", "__init__.py", "__main__.py",
                                                                               "cli.py"})


def test_every_import_points_down_the_road():
    wrong = [f"{a} (floor {floor(a)}) imports {b} (floor {floor(b)})"
             for a, deps in sorted(_graph().items()) for b in sorted(deps) if floor(b) > floor(a)]
    assert not wrong, "\n".join(wrong)


def test_no_import_circle():
    graph = _graph()
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[list[str]] = []

    def visit(v: str) -> None:      # Tarjan's strongly connected components
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    assert not circles, circles


@pytest.mark.parametrize("name", sorted(_modules()))
def test_no_module_over_500_lines(name):
    lines = _modules()[name].read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_LINES, f"{name}: {lines} lines"


def test_the_checks_see_the_imports():
    graph = _graph()
    assert "kg.read.document" in graph["kg.extract.article"]            # from ..read.document import normalise
    assert "kg.extract.gazetteer" in graph["kg.extract.tokens"]          # from . import gazetteer, lexicon
    assert "kg.forked" in graph["kg.pipeline.run"]                       # from .. import forked
    assert "kg.rdf.graph" in graph["kg.views.facts"]                     # an import inside a function


def test_every_file_kg_reads_is_declared_package_data():
    """A data file not declared in pyproject.toml is missing from a real (non-editable) install:
    the learned models were, once, and kg fell back to the grammar without a word."""
    import fnmatch
    import tomllib
    root = Path(__file__).resolve().parent.parent
    declared = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["package-data"]
    missing = []
    for f in sorted((root / "kg").rglob("*")):
        if not f.is_file() or f.suffix in (".py", ".pyc") or "__pycache__" in f.parts:
            continue
        package = ".".join(f.parent.relative_to(root).parts)
        if not any(fnmatch.fnmatch(f.name, pattern) for pattern in declared.get(package, ())):
            missing.append(str(f.relative_to(root)))
    assert not missing, missing
