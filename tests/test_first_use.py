"""Issue 17: what a new user meets.  Every command given a corrupt graph file or the wrong kind of
path answers one line naming the file and the problem, exits 2, and prints no traceback; nothing
is replaced by an empty build; updates and empty graphs are named for what they are."""
from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg import build
from kg.cli import app

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("first-use")
    build([SEEDS], out=out / "out")
    return out


@pytest.fixture(scope="module")
def bad_files(built):
    """Graph files a user may hand over by mistake: cut short, binary, not JSON, a folder."""
    ttl = (built / "out" / "graph.ttl").read_bytes()
    trig = (built / "out" / "graph.trig").read_bytes()
    files = {
        "truncated.ttl": ttl[: len(ttl) // 3],
        "truncated.trig": trig[: len(trig) // 2],
        "binary.ttl": b"\x00\x01\x02PK\x03\x04" * 40,
        "not-json.jsonld": b"this is not json",
        "bad-string.nt": b'<a:b> <a:c> "no end\n',
        "bad-utf8.ttl": b'<a:b> <a:c> "\xff\xfe" .\n',
    }
    paths = []
    for name, data in files.items():
        p = built / name
        p.write_bytes(data)
        paths.append(p)
    folder = built / "folder.ttl"
    folder.mkdir()
    return paths + [folder]


def _commands(graph: Path, tmp: Path) -> list[list[str]]:
    g = str(graph)
    return [
        ["query", "class-counts", "--graph", g],
        ["query", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--graph", g, "--engine", "oxigraph"],
        ["validate", g],
        ["explain", "青岛高新区", "--graph", g],
        ["stats", g],
        ["export", g, "--format", "nt", "--output", str(tmp / "x.nt")],
        ["export", g, "--format", "csv", "--output", str(tmp / "csv")],
        ["viz", g, "--output", str(tmp / "x.html")],
        ["load", g, "--store", str(tmp / "store")],
        ["push", g, "--endpoint", "http://127.0.0.1:9/store"],
    ]


def _assert_one_line(r, *names: str) -> None:
    assert r.exit_code == 2, (r.exit_code, r.output, r.exception)
    assert r.exception is None or isinstance(r.exception, SystemExit), repr(r.exception)
    assert "Traceback" not in r.output
    err = r.stderr.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("kg: "), r.stderr
    for name in names:
        assert name in err[0], (name, err[0])
    assert len(err[0]) < 400, err[0]


def test_every_command_answers_a_corrupt_graph_or_a_folder_with_one_line(bad_files, tmp_path):
    for bad in bad_files:
        for args in _commands(bad, tmp_path):
            r = CliRunner().invoke(app, args)
            _assert_one_line(r, bad.name)
        assert not (tmp_path / "x.nt").exists() and not (tmp_path / "x.html").exists()


def test_eval_answers_a_corrupt_graph_with_one_line(bad_files, tmp_path):
    gold = ROOT / "tests" / "gold"
    for bad in bad_files:
        r = CliRunner().invoke(app, ["eval", str(gold), "--graph", str(bad)])
        _assert_one_line(r, bad.name)


def test_outputs_of_the_wrong_kind_are_named(built, tmp_path):
    graph = str(built / "out" / "graph.ttl")
    a_file = tmp_path / "a-file"
    a_file.write_text("keep me", encoding="utf-8")
    folder = tmp_path / "a-folder"
    folder.mkdir()
    cases = [
        (["build", str(SEEDS), "--out", str(a_file)], "a-file"),
        (["build", str(SEEDS), "--out", str(a_file / "under")], "a-file"),
        (["export", graph, "--format", "csv", "--output", str(a_file)], "a-file"),
        (["export", graph, "--format", "csv", "--output", str(a_file / "under")], "a-file"),
        (["export", graph, "--format", "nt", "--output", str(folder)], "a-folder"),
        (["export", graph, "--format", "nt", "--output", str(a_file / "x.nt")], "a-file"),
        (["viz", graph, "--output", str(folder)], "a-folder"),
        (["viz", graph, "--output", str(a_file / "x.html")], "a-file"),
        (["load", graph, "--store", str(a_file)], "a-file"),
        (["query", "class-counts", "--store", str(a_file)], "a-file"),
        (["query", "class-counts", "--graph", str(folder)], "a-folder"),
    ]
    for args, name in cases:
        r = CliRunner().invoke(app, args)
        _assert_one_line(r, name)
    assert a_file.read_text(encoding="utf-8") == "keep me"
    assert list(folder.iterdir()) == []


def test_query_names_an_update_for_what_it_is(built):
    graph = str(built / "out" / "graph.ttl")
    for engine in ("rdflib", "oxigraph"):
        for text in ("DELETE WHERE { ?s ?p ?o }", "PREFIX kg: <https://w3id.org/kg-zhaoshang/ontology#>\n"
                     "# a comment\nINSERT DATA { kg:a kg:b kg:c }", "clear all"):
            r = CliRunner().invoke(app, ["query", text, "--graph", graph, "--engine", engine])
            _assert_one_line(r, "not updates")
            assert "syntax error" not in r.stderr
    r = CliRunner().invoke(app, ["query", "SELEC ?s WHERE { ?s ?p ?o }", "--graph", graph])
    _assert_one_line(r, "syntax error")


def test_stats_says_an_empty_graph_is_empty(tmp_path):
    empty = tmp_path / "empty.ttl"
    empty.write_text("@prefix kg: <https://w3id.org/kg-zhaoshang/ontology#> .\n", encoding="utf-8")
    r = CliRunner().invoke(app, ["stats", str(empty)])
    assert r.exit_code == 0 and r.stdout.strip().splitlines() == [f"{empty}: the graph is empty: no entity, "
                                                                   "no relation (0 documents)"]


def test_viz_lists_the_entities_an_ambiguous_focus_names(built, tmp_path):
    graph = str(built / "out" / "graph.ttl")
    r = CliRunner().invoke(app, ["viz", graph, "--output", str(tmp_path / "x.html"), "--focus", "高新区"])
    assert r.exit_code == 2 and not (tmp_path / "x.html").exists()
    assert "names 2 entities" in r.stderr and "青岛高新区 (Park)" in r.stderr and "红岛经济区 (Park)" in r.stderr
    r = CliRunner().invoke(app, ["viz", graph, "--output", str(tmp_path / "x.html"), "--focus", "青岛高新区"])
    assert r.exit_code == 0, r.output


def test_viz_refuses_an_unknown_language(built, tmp_path):
    r = CliRunner().invoke(app, ["viz", str(built / "out" / "graph.ttl"), "--output", str(tmp_path / "x.html"),
                                 "--lang", "fr"])
    _assert_one_line(r, "--lang fr")


class _Tty:
    def __init__(self):
        self.text = ""

    def isatty(self):
        return True

    def write(self, s):
        self.text += s

    def flush(self):
        pass


def test_the_time_left_is_estimated_from_the_bytes_done():
    from kg.cli import _Progress
    bar = _Progress(total=1_000_000, files=45, stream=_Tty())
    bar.done = 500_000
    assert bar.line(5.0).endswith("50%  about 5 s left")
    bar.done = 100_000
    assert bar.line(2.0).endswith("10%  about 18 s left")
    bar.done = 0
    assert "left" not in bar.line(3.0)
    quiet = _Progress(total=10, files=1, stream=type("P", (), {"isatty": lambda s: False, "write": None})())
    quiet.advance(5)                       # not a terminal: nothing drawn
    quiet.close()


def test_warnings_are_gathered_in_the_summary_and_listed_with_verbose(tmp_path):
    r = CliRunner().invoke(app, ["build", str(SEEDS), "--out", str(tmp_path / "out")])
    assert r.exit_code == 0, r.output
    assert "garbled" not in r.stderr
    assert "2 warnings (garbled spans in 2 articles); kg build --verbose lists them" in r.stdout
    r = CliRunner().invoke(app, ["build", str(SEEDS), "--out", str(tmp_path / "out"), "--verbose"])
    assert r.exit_code == 0, r.output
    listed = [line for line in r.stdout.splitlines() if "garbled span" in line]
    assert len(listed) == 2 and all(line.startswith("  00") for line in listed)


def test_kg_version():
    from kg import __version__
    r = CliRunner().invoke(app, ["--version"])
    assert r.exit_code == 0 and r.stdout.strip() == f"kg {__version__}"


def test_the_demo_installs_only_what_kg_runs_on():
    make = (ROOT / "Makefile").read_text(encoding="utf-8")
    demo_target = make.split("$(BIN)/kg: pyproject.toml", 1)[1].split("\n\n", 1)[0]
    assert "pip install --quiet -e .\n" in demo_target + "\n" and "[test]" not in demo_target
    assert "test: $(VENV)/.test-tools" in make and "-e '.[test]'" in make
