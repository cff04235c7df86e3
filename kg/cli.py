"""The ``kg`` command: a thin layer over the library."""
from __future__ import annotations

import sys
from pathlib import Path
from contextlib import contextmanager
from typing import List, Optional, Tuple

import typer

from .model import printable
from .pipeline.progress import Progress as _Progress, file_size as _file_size, warning_kinds as _warning_kinds
from .rdf import paths
from .rdf.paths import PathProblem

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="kg: knowledge graphs of Chinese investment-promotion news.")


def _version(value: bool) -> None:
    if value:
        from . import __version__
        typer.echo(f"kg {__version__}")
        raise typer.Exit()


@app.callback()
def _root(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                       help="print the version and exit")) -> None:
    """kg: knowledge graphs of Chinese investment-promotion news."""


def _fail(message: str) -> None:
    typer.echo(f"kg: {printable(message)}", err=True)
    raise typer.Exit(2)


def _min_confidence() -> float:
    return typer.Option(0.0, "--min-confidence", callback=_confidence, help="the rankings, money tables and analysis "
                        "of the reports and the map's first view count only entities and relations of at least this "
                        "confidence (0 to 1; 0: all); the rest are listed for review, and the graph keeps them")


def _confidence(value: float) -> float:
    if not 0.0 <= value <= 1.0:
        raise typer.BadParameter(f"{value:g}: give a number from 0 to 1")
    return value


@app.command()
def build(inputs: List[Path] = typer.Argument(..., help="article files or folders (recursively)"),
          out: Path = typer.Option(Path("out"), "--out", "-o", help="output folder"),
          jobs: int = typer.Option(1, "--jobs", "-j", help="worker processes (same bytes as --jobs 1)"),
          executor: str = typer.Option("local", "--executor", help="local (this machine, --jobs) or dask (a cluster)"),
          scheduler: Optional[str] = typer.Option(None, "--scheduler", help="Dask scheduler address, e.g. tcp://10.0.0.1:8786"),
          cache: bool = typer.Option(True, "--cache/--no-cache", help="reuse OUT/.kg-cache: extract only new or changed articles"),
          strict: bool = typer.Option(False, "--strict", help="exit non-zero when any file is skipped"),
          store: Optional[Path] = typer.Option(None, "--store", help="also load the graph into this Oxigraph store (kg query --store)"),
          allow_empty: bool = typer.Option(False, "--allow-empty", help="write an empty graph when no article was read (refused without it: nothing is replaced)"),
          verbose: bool = typer.Option(False, "--verbose", "-v", help="list every warning (garbled spans, repairs) after the summary"),
          min_confidence: float = _min_confidence()):
    """Build graph.ttl, graph.trig, map.html and report.md from articles."""
    from .pipeline.run import EmptyBuild, build as run_build
    from .read.files import iter_files
    missing = [str(p) for p in inputs if not p.exists()]
    if missing:
        _fail(f"{missing[0]}: no such file or folder")
    _check_out_folder(out, "--out")
    if executor not in ("local", "dask"):
        _fail(f"--executor {executor}: expected local or dask")
    if executor == "dask" and not scheduler:
        _fail("--executor dask needs --scheduler ADDRESS (e.g. tcp://10.0.0.1:8786)")
    if jobs < 1:
        _fail("--jobs must be at least 1")
    files = list(iter_files(inputs))
    if not files and not allow_empty:
        _fail(f"nothing to read: no article file in {', '.join(map(str, inputs))}; {out} left as it was "
              "(--allow-empty to build an empty graph)")
    from .pipeline.executors import ExecutorError
    from .pipeline.outdir import FolderBusy, WriteFailed
    bar = _Progress(sum(_file_size(f) for f in files), len(files))
    try:
        try:
            result = run_build(inputs, out, jobs=jobs, advance=bar.advance, executor=executor, scheduler=scheduler,
                               cache=cache, allow_empty=allow_empty, min_confidence=min_confidence)
        finally:
            bar.close()
    except (ExecutorError, EmptyBuild, FolderBusy, WriteFailed) as e:
        _fail(str(e))
    except OSError as e:
        _fail(f"{out}: {e.strerror or e}" if e.filename is None else f"{e.filename}: {e.strerror or e}")
    typer.echo(f"{len(result.documents)} documents, {len(result.skipped)} skipped, "
               f"{len(result.duplicates)} duplicate{'s' if len(result.duplicates) != 1 else ''} dropped, "
               f"{result.entities} entities, {result.relations} relations, {result.triples} triples")
    for path, reason in result.skipped[:10]:
        typer.echo(f"warning: skipped {printable(path)}: {printable(reason)}", err=True)
    if len(result.skipped) > 10:
        typer.echo(f"warning: ... and {len(result.skipped) - 10} more skipped files (listed in {out / 'report.md'})",
                   err=True)
    for path, kept in result.duplicates[:10]:
        typer.echo(f"  duplicate {printable(path)}: same content as {printable(kept)} (kept)")
    if len(result.duplicates) > 10:
        typer.echo(f"  ... and {len(result.duplicates) - 10} more duplicates (listed in {out / 'report.md'})")
    for note in result.notices:
        typer.echo(f"warning: {note}", err=True)
    notes = result.warnings
    if notes:
        if verbose:
            typer.echo(f"{len(notes)} warning{'s' if len(notes) != 1 else ''}:")
            for w in notes:
                typer.echo(f"  {printable(w)}")
        else:
            typer.echo(f"{len(notes)} warning{'s' if len(notes) != 1 else ''} ({_warning_kinds(notes)}); "
                       "kg build --verbose lists them")
    secs = sum(result.seconds.values())
    typer.echo(f"{result.extracted} extracted, {result.reused} from cache; {result.characters:,} characters "
               f"in {secs:.1f} s ({result.characters / max(secs, 1e-9):,.0f} characters/s)")
    typer.echo("phases: " + ", ".join(f"{name} {s:.1f} s" for name, s in result.seconds.items()) +
               f"; peak memory: {_peak_rss_mb()} MB in this process")
    typer.echo(f"map: {out / 'map.html'}  report: {out / 'report.md'}  graph: {out / 'graph.ttl'}")
    if store is not None:
        _load_store(out / "graph.trig", store)
    if strict and result.skipped:
        raise typer.Exit(1)


class _checked:
    """A check of kg.rdf.paths, its PathProblem as one line and exit 2."""

    def __init__(self, check):
        self.check = check

    def __call__(self, *args, **kwargs):
        try:
            return self.check(*args, **kwargs)
        except PathProblem as e:
            _fail(str(e))


_graph_file, _output_file, _check_out_folder = (_checked(paths.graph_file), _checked(paths.output_file),
                                                _checked(paths.output_folder))
_reason = paths.reason


@contextmanager
def _reading(path: Path, what: str = "cannot read it as a graph"):
    try:
        with paths.reading(path, what, keep=(typer.Exit, typer.Abort)):
            yield
    except PathProblem as e:
        _fail(str(e))


def _peak_rss_mb() -> int:
    """This process's peak resident memory (workers have their own), where the platform says it."""
    try:
        import resource
    except ImportError:         # Windows
        return 0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(peak / (1024 * 1024 if sys.platform == "darwin" else 1024))


@app.command("eval")
def eval_(gold: Optional[List[Path]] = typer.Argument(None, help="gold folders (*.json) or files"),
          graph: Optional[Path] = typer.Option(None, "--graph", help="score this graph file"),
          inputs: Optional[List[Path]] = typer.Option(None, "--input", help="build these articles and score them (repeatable)"),
          compare: Optional[Tuple[Path, Path]] = typer.Option(None, "--compare", help="two JSON results: what changed"),
          fmt: str = typer.Option("table", "--format", help="table | json"),
          jobs: int = typer.Option(1, "--jobs", "-j", help="worker processes for --input"),
          cv: Optional[int] = typer.Option(None, "--cv", help="K-fold cross-validation by document: train on K-1 "
                                           "folds of --input, score the held-out fold (docs/train.md)")):
    """Precision, recall and F1 of a graph against gold annotations (docs/eval.md)."""
    import json
    from .eval import scoring as ev
    if fmt not in ("table", "json"):
        _fail(f"--format {fmt}: use table or json")
    if cv is not None:
        from .eval import training as tr
        if not gold or not inputs or graph is not None:
            _fail("usage: kg eval --cv K GOLD... --input CORPUS...")
        _require_paths([*gold, *inputs])
        try:
            res = tr.cross_validate(gold, inputs, cv)
        except tr.TrainError as e:
            _fail(str(e))
        typer.echo(json.dumps(res, ensure_ascii=False, indent=1) if fmt == "json" else tr.format_cv(res))
        return
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
    if graph is not None:
        _graph_file(graph, "--graph")
    try:
        res = ev.score(graph, gold) if graph else ev.build_and_score(inputs, gold, jobs=jobs)
    except Exception as e:      # a corrupt graph or gold file: one line, not a traceback
        _fail(f"cannot score {graph or ', '.join(map(str, inputs))} against {', '.join(map(str, gold))}: {_reason(e)}")
    absent = res.get("absent_documents", [])
    if absent:
        more = f" … and {len(absent) - 5} more" if len(absent) > 5 else ""
        typer.echo(f"kg eval: warning: {len(absent)} of {res['documents']} gold documents are not in the graph "
                   f"(scored as missed): {', '.join(absent[:5])}{more}", err=True)
    typer.echo(json.dumps(res, ensure_ascii=False, indent=1) if fmt == "json" else ev.format_table(res))


@app.command()
def train(gold: List[Path] = typer.Argument(..., help="gold folders (*.json, ../shared/eval/GUIDELINE.md) or files"),
          inputs: List[Path] = typer.Option(..., "--input", help="the annotated articles (files or folders; repeatable)"),
          out: Optional[Path] = typer.Option(None, "--out", "-o", help="write the models here instead of into kg's "
                                             "package (kg/data/models/), where extraction reads them")):
    """Retrain the learned decisions (which names are entities, which pairs hold which relation) from gold."""
    from .eval import training as tr
    _require_paths([*gold, *inputs])
    try:
        written = tr.train(gold, inputs, out, warn=lambda line: typer.echo(f"warning: {line}", err=True))
    except tr.TrainError as e:
        _fail(str(e))
    for name, path in written.items():
        typer.echo(f"{name}: {path}")


def _require_paths(paths: List[Path]) -> None:
    for p in paths:
        if not p.exists():
            _fail(f"{p}: no such file or folder")


@app.command()
def remove(documents: List[str] = typer.Argument(..., help="file names, paths to the articles, or content hashes"),
           out: Path = typer.Option(Path("out"), "--out", "-o", help="the build folder to remove them from"),
           store: Optional[Path] = typer.Option(None, "--store", help="an Oxigraph store to remove them from too"),
           min_confidence: float = _min_confidence()):
    """Take articles out of a build: drop their named graphs, re-derive graph.ttl, map and report."""
    from .pipeline.outdir import FolderBusy, WriteFailed
    from .pipeline.remove import RemoveError, remove_documents
    try:
        result = remove_documents(out, documents, store=store, min_confidence=min_confidence)
    except (RemoveError, FolderBusy, WriteFailed) as e:
        _fail(str(e))
    for d in result.removed:
        typer.echo(f"removed {printable(d.name)} ({d.sha256[:16]})")
    typer.echo(f"{len(result.removed)} removed, {result.remaining} documents left in {out}")


# ---------------------------------------------------------------- issue 7: validate, query, store, serve, push, export

def _load_store(graph: Path, store: Path) -> None:
    from .rdf.store import load_file
    try:
        res = load_file(graph, store)
    except Exception as e:
        _fail(f"loading {graph} into {store}: {_reason(e)}")
    typer.echo(f"store: {store} ({res.quads} quads, {res.graphs} graphs loaded in {res.seconds:.2f} s)")


@app.command()
def validate(graph: Path = typer.Argument(..., help="graph file: graph.trig, graph.ttl, .nt, .nq, .jsonld"),
             limit: int = typer.Option(50, "--limit", help="problems to print (0: all)")):
    """Check a graph against the ontology's SHACL shapes; exit 0 when it conforms, 1 when not."""
    from .rdf.validate import validate_file
    _graph_file(graph)
    with _reading(graph):
        report = validate_file(graph)
    typer.echo(report.text(limit or None), nl=False)
    if not report.conforms:
        raise typer.Exit(1)


@app.command()
def query(query_: Optional[str] = typer.Argument(None, metavar="QUERY_OR_NAME",
                                                 help="SPARQL text, a named query (kg query --list) or @file.rq"),
          args: Optional[List[str]] = typer.Argument(None, metavar="[ARG]...", help="arguments of a named query"),
          graph: Optional[Path] = typer.Option(None, "--graph", "-g", help="graph file (default: out/graph.trig)"),
          store: Optional[Path] = typer.Option(None, "--store", help="query this Oxigraph store instead of a file"),
          fmt: str = typer.Option("table", "--format", "-f", help="table | csv | tsv | json"),
          engine: str = typer.Option("auto", "--engine", help="for --graph: auto (by size) | rdflib | oxigraph"),
          list_: bool = typer.Option(False, "--list", help="list the named queries, one a line"),
          timing: bool = typer.Option(False, "--time", help="print the query time on stderr")):
    """Run SPARQL over a built graph (in memory) or an Oxigraph store."""
    import time as _time
    from .rdf.query import FORMATS, QueryError, format_result, list_queries, open_engine, resolve
    if list_:
        for line in list_queries():
            typer.echo(line)
        return
    if query_ is None:
        _fail("give a query, a named query or @file.rq (kg query --list shows the named queries)")
    if fmt not in FORMATS:
        _fail(f"--format {fmt}: use {' | '.join(FORMATS)}")
    if graph is not None and store is not None:
        _fail("give --graph or --store, not both")
    if graph is None and store is None:
        graph = Path("out/graph.trig")
        if not graph.exists():
            _fail(f"{graph} (the default): no such file; give --graph FILE or --store FOLDER")
    if graph is not None:
        _graph_file(graph, "--graph")
    elif not store.is_dir():
        _fail(f"--store {store}: " + ("is a file, not a store folder" if store.exists()
                                      else f"no Oxigraph store here (kg load GRAPH --store {store} makes one)"))
    try:
        text, bindings, _ = resolve(query_, args or [])
    except (QueryError, OSError, ValueError) as e:
        _fail(str(e))
    t0 = _time.perf_counter()
    with _reading(store or graph, "cannot open it" if store else "cannot read it as a graph"):
        try:
            eng = open_engine(graph=graph, store=store, engine=engine)
        except QueryError as e:
            _fail(str(e))
    t1 = _time.perf_counter()
    try:
        result = eng.query(text, bindings)
    except (QueryError, ValueError) as e:
        _fail(str(e))
    except OSError as e:
        _fail(f"{store or graph}: {_reason(e)}")
    typer.echo(format_result(result, fmt), nl=False)
    if timing:
        typer.echo(f"{result.engine}: load {t1 - t0:.3f} s, query {result.seconds:.4f} s", err=True)


@app.command()
def load(graph: Path = typer.Argument(..., help="graph file (graph.trig keeps one named graph per document)"),
         store: Path = typer.Option(..., "--store", help="Oxigraph store folder (created when missing)")):
    """Load a built graph into a persistent Oxigraph store (replaces the documents' graphs it holds)."""
    _graph_file(graph)
    if store.exists() and not store.is_dir():
        _fail(f"--store {store}: is a file, not a store folder")
    _load_store(graph, store)


@app.command()
def serve(store: Path = typer.Option(..., "--store", help="Oxigraph store folder (kg load / kg build --store)"),
          host: str = typer.Option("127.0.0.1", "--host", help="address to bind (default: loopback only)"),
          port: int = typer.Option(7878, "--port", help="TCP port (0: any free port)"),
          allow_update: bool = typer.Option(False, "--allow-update", help="accept SPARQL updates (read-only without it)"),
          timeout: float = typer.Option(10.0, "--timeout", help="seconds a query may run"),
          max_rows: int = typer.Option(10000, "--max-rows", help="most result rows (or triples) returned"),
          workers: int = typer.Option(2, "--workers", help="query worker processes"),
          idle_timeout: float = typer.Option(30.0, "--idle-timeout", help="seconds a connection may stay idle"),
          max_memory: int = typer.Option(2048, "--max-memory", help="MB of memory a query worker may use beyond the open store (0: no limit)")):
    """Serve the store: SPARQL 1.1 Protocol at http://HOST:PORT/sparql, a query page at /, the Graph Store
    Protocol at /store (kg push; with --allow-update, which also starts an empty store)."""
    from .rdf.serve import ServeError, serve_forever
    try:
        serve_forever(store, host=host, port=port, allow_update=allow_update, timeout=timeout,
                      max_rows=max_rows, workers=workers, idle_timeout=idle_timeout,
                      max_memory=max_memory * 1024 * 1024 if max_memory > 0 else None,
                      announce=lambda url: typer.echo(f"SPARQL endpoint: {url} "
                                                      f"({'read-write' if allow_update else 'read-only'}); "
                                                      f"query page: {url.rsplit('/', 1)[0]}/"
                                                      + (f"; kg push --endpoint {url.rsplit('/', 1)[0]}/store"
                                                         if allow_update else "")))
    except ServeError as e:
        _fail(str(e))


@app.command()
def push(graph: Path = typer.Argument(..., help="graph file; graph.trig is sent one named graph at a time"),
         endpoint: str = typer.Option(..., "--endpoint", help="SPARQL 1.1 Graph Store endpoint, e.g. http://127.0.0.1:7878/store (kg serve --allow-update, or Oxigraph's server)"),
         user: Optional[str] = typer.Option(None, "--user", help="user:password for HTTP basic authentication"),
         replace: bool = typer.Option(True, "--replace/--append", help="PUT (replace) each graph, or POST (add)")):
    """Send a built graph to a SPARQL 1.1 Graph Store endpoint (Oxigraph, Fuseki, GraphDB)."""
    from .rdf.push import PushError, push_file
    _graph_file(graph)
    with _reading(graph):
        try:
            res = push_file(graph, endpoint, replace=replace, user=user)
        except PushError as e:
            _fail(str(e))
    typer.echo(f"pushed {res.triples} triples in {res.graphs} graph(s) to {endpoint} in {res.seconds:.2f} s")


@app.command()
def export(graph: Path = typer.Argument(..., help="graph file (graph.trig or graph.ttl)"),
           fmt: str = typer.Option(..., "--format", "-f", help="ttl | trig | nt | nq | jsonld | graphml | gexf | csv"),
           output: Path = typer.Option(..., "--output", "-o", help="file to write (for csv: a folder for nodes.csv and edges.csv)")):
    """Write a built graph in another format: RDF syntaxes, GraphML / GEXF for Gephi, CSV tables."""
    from .rdf.export import FORMATS as EXPORT_FORMATS, export_file
    if fmt not in EXPORT_FORMATS:
        _fail(f"--format {fmt}: use {' | '.join(EXPORT_FORMATS)}")
    _graph_file(graph)
    if fmt == "csv":
        _check_out_folder(output, "--output")
    else:
        _output_file(output)
    with _reading(graph):
        written = export_file(graph, fmt, output)
    for p in written:
        typer.echo(str(p))


@app.command()
def stats(graph: Path = typer.Argument(..., help="graph file (graph.ttl, graph.trig, ...)"),
          fmt: str = typer.Option("table", "--format", "-f", help="table | json"),
          top: int = typer.Option(10, "--top", help="rows in each ranking"),
          rate: Optional[List[str]] = typer.Option(None, "--rate", help="exchange rate CODE=NUMBER into --currency, e.g. USD=7.1 (repeatable)"),
          currency: Optional[str] = typer.Option(None, "--currency", help="currency to convert into (default CNY when --rate is given)"),
          min_confidence: float = _min_confidence()):
    """Network analysis: counts, PageRank, betweenness, top investors / parks / regions, communities, chains."""
    from .views.analyse import load_facts, load_graph, parse_rates, summarise
    from .views.report import stats_table
    if fmt not in ("table", "json"):
        _fail(f"--format {fmt}: use table | json")
    _graph_file(graph)
    try:
        rates = parse_rates(rate or [])
    except ValueError as e:
        _fail(str(e))
    with _reading(graph):
        facts = load_facts(load_graph(graph))
    try:
        summary = summarise(facts, top=top, rates=rates, currency=currency, min_confidence=min_confidence)
    except ValueError as e:
        _fail(str(e))
    if fmt == "json":
        import json
        typer.echo(json.dumps(summary, ensure_ascii=False, indent=2))
    elif summary["nodes"] == 0:
        typer.echo(f"{graph}: the graph is empty: no entity, no relation "
                   f"({summary['documents']} document{'s' if summary['documents'] != 1 else ''})")
    else:
        typer.echo(stats_table(summary), nl=False)


@app.command()
def viz(graph: Path = typer.Argument(..., help="graph file (graph.ttl, graph.trig, ...)"),
        output: Path = typer.Option(..., "--output", "-o", help="HTML file to write"),
        focus: Optional[str] = typer.Option(None, "--focus", help="entity (name, alias or IRI) to centre on"),
        hops: int = typer.Option(1, "--hops", help="with --focus: how many edges away to draw"),
        classes: Optional[List[str]] = typer.Option(None, "--class", help="draw only these classes (repeatable)"),
        lang: str = typer.Option("zh", "--lang", help="zh | en: language of the labels at first"),
        min_confidence: float = _min_confidence()):
    """Draw a graph, or a neighbourhood of it, as a self-contained offline HTML map."""
    from .views.analyse import load_facts, load_graph
    from .atomic import atomic_write
    from .model import CLASSES
    from .views.render import render_map, select
    _graph_file(graph)
    _output_file(output)
    if lang not in ("zh", "en"):
        _fail(f"--lang {lang}: use zh or en")
    bad = [c for c in classes or [] if c not in CLASSES]
    if bad:
        _fail(f"--class {bad[0]}: use one of {', '.join(CLASSES)}")
    if hops < 0:
        _fail("--hops must be 0 or more")
    with _reading(graph):
        facts = load_facts(load_graph(graph))
    try:
        part = select(facts, focus=focus, hops=hops, classes=classes)
    except LookupError as e:
        _fail(str(e.args[0]) if e.args else str(e))
    title = f"{focus} ({hops} hop{'s' if hops != 1 else ''})" if focus else ""
    atomic_write(output, render_map(part, title=title, lang=lang, min_confidence=min_confidence))
    typer.echo(f"{output}: {part.net.number_of_nodes()} entities, {part.net.number_of_edges()} relations")


@app.command()
def explain(entity: str = typer.Argument(..., help="entity: label, alternative label or IRI"),
            graph: Path = typer.Option(Path("out/graph.ttl"), "--graph", "-g", help="graph file (graph.ttl, graph.trig)")):
    """Print every edge of an entity with the sentences (evidence) that support it."""
    from .views.explain import explain as edges_of, find_entities, format_edges, label, load_graph as read
    _graph_file(graph, "--graph")
    with _reading(graph):
        g = read(graph)
    nodes = find_entities(g, entity)
    if not nodes:
        _fail(f"{entity}: no such entity in {graph}")
    typer.echo("\n\n".join(format_edges(label(g, n), n, edges_of(g, n)) for n in nodes))


def main() -> None:
    from .pipeline import record
    record.own_process()
    app()
