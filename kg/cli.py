"""The ``kg`` command: a thin layer over the library."""
from __future__ import annotations

from pathlib import Path
from typing import List, Optional, Tuple

import typer

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="kg: knowledge graphs of Chinese investment-promotion news.")


@app.callback()
def _root() -> None:
    """kg: knowledge graphs of Chinese investment-promotion news."""


def _fail(message: str) -> None:
    typer.echo(f"kg: {message}", err=True)
    raise typer.Exit(2)


@app.command()
def build(inputs: List[Path] = typer.Argument(..., help="article files or folders (recursively)"),
          out: Path = typer.Option(Path("out"), "--out", "-o", help="output folder"),
          jobs: int = typer.Option(1, "--jobs", "-j", help="worker processes"),
          strict: bool = typer.Option(False, "--strict", help="exit non-zero when any file is skipped")):
    """Build graph.ttl, graph.trig, map.html and report.md from articles."""
    from .pipeline import build as run_build
    from .read import iter_files
    missing = [str(p) for p in inputs if not p.exists()]
    if missing:
        _fail(f"{missing[0]}: no such file or folder")
    files = list(iter_files(inputs))
    with typer.progressbar(length=len(files), label="extracting", file=None) as bar:
        result = run_build(inputs, out, jobs=jobs, progress=lambda _: bar.update(1),
                           warn=lambda m: typer.echo(f"\nwarning: {m}", err=True))
    typer.echo(f"{len(result.documents)} documents, {len(result.skipped)} skipped, "
               f"{result.entities} entities, {result.relations} relations, {result.triples} triples")
    typer.echo(f"map: {out / 'map.html'}  report: {out / 'report.md'}  graph: {out / 'graph.ttl'}")
    if strict and result.skipped:
        raise typer.Exit(1)


@app.command("eval")
def eval_(gold: Optional[List[Path]] = typer.Argument(None, help="gold folders (*.json) or files"),
          graph: Optional[Path] = typer.Option(None, "--graph", help="score this graph file"),
          inputs: Optional[List[Path]] = typer.Option(None, "--input", help="build these articles and score them (repeatable)"),
          compare: Optional[Tuple[Path, Path]] = typer.Option(None, "--compare", help="two JSON results: what changed"),
          fmt: str = typer.Option("table", "--format", help="table | json"),
          jobs: int = typer.Option(1, "--jobs", "-j", help="worker processes for --input")):
    """Precision, recall and F1 of a graph against gold annotations (docs/eval.md)."""
    import json
    from . import evaluate as ev
    if fmt not in ("table", "json"):
        _fail(f"--format {fmt}: use table or json")
    if compare:
        try:
            a, b = (json.loads(p.read_text(encoding="utf-8")) for p in compare)
            diff = ev.compare(a, b)
        except (OSError, ValueError, KeyError) as e:
            _fail(f"--compare: {e}")
        typer.echo(json.dumps(diff, ensure_ascii=False, indent=1) if fmt == "json" else ev.format_compare(diff))
        return
    if not gold or (graph is None) == (not inputs):
        _fail("usage: kg eval GOLD... (--graph FILE | --input PATH...) or kg eval --compare A.json B.json")
    for p in [*gold, *([graph] if graph else inputs)]:
        if not p.exists():
            _fail(f"{p}: no such file or folder")
    res = ev.score(graph, gold) if graph else ev.build_and_score(inputs, gold, jobs=jobs)
    typer.echo(json.dumps(res, ensure_ascii=False, indent=1) if fmt == "json" else ev.format_table(res))


@app.command()
def remove(documents: List[str] = typer.Argument(..., help="file names, paths to the articles, or content hashes"),
           out: Path = typer.Option(Path("out"), "--out", "-o", help="the build folder to remove them from")):
    """Take articles out of a build: drop their named graphs, re-derive graph.ttl, map and report."""
    from .remove import RemoveError, remove_documents
    try:
        result = remove_documents(out, documents)
    except RemoveError as e:
        _fail(str(e))
    for d in result.removed:
        typer.echo(f"removed {d.name} ({d.sha256[:16]})")
    typer.echo(f"{len(result.removed)} removed, {result.remaining} documents left in {out}")


def main() -> None:
    app()
