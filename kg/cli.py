"""The ``kg`` command: a thin layer over the library."""
from __future__ import annotations

from pathlib import Path
from typing import List, Optional

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


def main() -> None:
    app()
