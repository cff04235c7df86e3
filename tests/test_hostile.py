"""kg under hostile names, repeated builds, removals and bad files.

* Hostile file names and article text (quotes, triple quotes, backslashes, angle brackets, pipes,
  newlines, bidi and zero-width marks) reach every output; each still parses, conforms to the
  SHACL shapes, round-trips, and can be queried with SPARQL with hostile arguments.
* Idempotence: building twice, or adding an article that is already in, changes nothing.
* ``kg remove`` (and re-building without an article) takes out the article's named graph, its
  evidence and whatever no other article supports, and gives what a build without it gives.
* A folder where some files fail: one line per failed file, exit 0 with a summary; non-zero
  with ``--strict``.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import rdflib
from rdflib import RDF, Literal
from rdflib.compare import isomorphic
from typer.testing import CliRunner

from kg import build
from kg.cli import app
from kg.rdf.vocab import KG

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
OUTPUTS = ("graph.ttl", "graph.trig", "map.html", "report.md", "report.html")

HOSTILE_FILE_NAMES = [
    'q"""uote.txt', "apos'trophe'''.txt", "back\\slash\\.txt", "new\nline.txt", "<script>alert(1)<\\script>.txt",
    "pipe|tick`brace{}.txt", "\u202eRTL\u200b zero-width.txt", "emoji😀combining\u0301.txt", "tab\there.txt",
]
HOSTILE_BODY = (
    '青岛市人民政府与中国化工集团签署战略合作协议"""<script>alert(1)</script>\\。\n'
    "潍坊市委书记惠新安出席“魅力青岛”招商推介会\\n'''。\n"
    '山东大学与华为技术有限公司签约，共建"""研究院""" | 管道 ` {} ^。\n'
)
HOSTILE_ARGS = ['"""', "'", "\\", '"} . ?s ?p ?o . FILTER("', "> <x", "中国化工集团\"\"\"", "\n", "<script>", "?x", "$y"]


def outputs(out: Path) -> dict[str, bytes]:
    return {n: (out / n).read_bytes() for n in OUTPUTS}


# ---------------------------------------------------------------- hostile names
@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    base = tmp_path_factory.mktemp("hostile")
    src = base / "in"
    src.mkdir()
    for i, name in enumerate(HOSTILE_FILE_NAMES):
        (src / name).write_text(f'标题{i}"""<b>\\\\{name}\n{HOSTILE_BODY}第{i}篇。\n', encoding="utf-8")
    result = build([src], out=base / "out")
    return src, base / "out", result


def test_hostile_file_names_survive_into_the_graph(hostile):
    src, out, result = hostile
    assert result.skipped == [] and len(result.documents) == len(HOSTILE_FILE_NAMES)
    g = rdflib.Graph().parse(out / "graph.ttl", format="turtle")
    assert {str(n) for n in g.objects(None, KG.fileName)} == set(HOSTILE_FILE_NAMES)
    sentences = {str(s) for s in g.objects(None, rdflib.URIRef("http://www.w3.org/ns/prov#value"))}
    assert any('"""<script>alert(1)</script>\\' in s for s in sentences)


@pytest.mark.parametrize("name,fmt", [("graph.ttl", "turtle"), ("graph.trig", "trig")])
def test_hostile_outputs_parse_round_trip_and_conform(hostile, name, fmt):
    _, out, _ = hostile
    ds = rdflib.Dataset()
    ds.parse(out / name, format=fmt)
    again = rdflib.Dataset()
    again.parse(data=ds.serialize(format="trig"), format="trig")
    graphs = {g.identifier for g in ds.graphs() if len(g)}
    assert graphs == {g.identifier for g in again.graphs() if len(g)}
    for ident in graphs:   # the ontology's graph has blank nodes: compare up to their names
        assert isomorphic(ds.graph(ident), again.graph(ident)), ident
    validate = pytest.importorskip("kg.rdf.validate")
    report = validate.validate_file(out / name)
    assert report.conforms, report.text(5)
    ox = pytest.importorskip("pyoxigraph")
    assert len(list(ox.parse(path=str(out / name), format=ox.RdfFormat.TURTLE if fmt == "turtle" else ox.RdfFormat.TRIG)))


def test_hostile_text_is_escaped_in_the_map_and_reports(hostile):
    _, out, _ = hostile
    for name in ("map.html", "report.html"):
        assert "<script>alert(1)" not in (out / name).read_text(encoding="utf-8"), name
    rows = [line for line in (out / "report.md").read_text(encoding="utf-8").splitlines()
            if line.startswith("|") and ".txt" in line]
    assert rows
    for row in rows:  # a name with | or a newline must not add or split a table cell
        cells = row.replace("\\|", "").count("|")
        assert cells == rows[0].replace("\\|", "").count("|"), row


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_sparql_with_hostile_arguments(hostile, engine):
    query = pytest.importorskip("kg.rdf.query")
    if engine == "oxigraph":
        pytest.importorskip("pyoxigraph")
    _, out, _ = hostile
    eng = query.open_engine(out / "graph.trig", None, engine)

    def run(qname: str, arg: str):
        text, bindings, _ = query.resolve(qname, [arg])
        return eng.query(text, bindings)

    found = run("evidence-for", "中国化工集团")
    assert any('"""<script>alert(1)</script>\\' in str(cell.value) for row in found.rows for cell in row if cell)
    for qname, nq in query.named_queries().items():
        if len(nq.params) != 1:
            continue
        for arg in HOSTILE_ARGS:
            try:
                run(qname, arg)
            except query.QueryError as e:   # "<script>" is taken for an IRI and refused; never bad SPARQL
                assert "not a usable IRI" in str(e), (qname, arg, e)


# ---------------------------------------------------------------- idempotence
@pytest.fixture(scope="module")
def seeds_build(tmp_path_factory):
    base = tmp_path_factory.mktemp("seeds")
    src = base / "in"
    src.mkdir()
    for f in SEEDS:
        shutil.copy(f, src)
    build([src], out=base / "out")
    return base, src, base / "out", outputs(base / "out")


def test_building_twice_changes_nothing(seeds_build):
    base, src, out, first = seeds_build
    build([src], out=out)                       # again, over its own outputs and cache
    assert outputs(out) == first
    build([src], out=base / "fresh", cache=False)
    assert outputs(base / "fresh") == first


def test_adding_an_article_already_in_changes_nothing_but_says_so(seeds_build):
    base, src, out, first = seeds_build
    extra = base / "extra"
    shutil.copytree(src, extra)
    shutil.copy(SEEDS[0], extra / "copy-of-the-first.txt")
    result = build([extra], out=base / "with-copy")
    assert result.duplicates == [(str(extra / "copy-of-the-first.txt"), str(extra / SEEDS[0].name))]
    got = outputs(base / "with-copy")
    graphs = ("graph.ttl", "graph.trig", "map.html")
    assert {k: got[k] for k in graphs} == {k: first[k] for k in graphs}
    for name in ("report.md", "report.html"):     # the report names the copy and the file that kept it
        text = got[name].decode("utf-8")
        assert "duplicates dropped: 1" in text and "copy-of-the-first.txt" in text and SEEDS[0].name in text
    build([src, SEEDS[1]], out=base / "named-twice")
    assert "duplicates dropped: 1" in outputs(base / "named-twice")["report.md"].decode("utf-8")


def test_the_cli_counts_duplicates_and_names_the_file_kept(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(SEEDS[0], src / "a.txt")
    shutil.copy(SEEDS[0], src / "b.txt")
    r = CliRunner().invoke(app, ["build", str(src), "--out", str(tmp_path / "out")])
    assert r.exit_code == 0, r.output
    assert "1 documents, 0 skipped, 1 duplicate dropped" in r.stdout
    assert f"duplicate {src / 'b.txt'}: same content as {src / 'a.txt'} (kept)" in r.stdout


def test_an_empty_or_all_skipped_input_replaces_nothing(seeds_build, tmp_path):
    base, src, out, first = seeds_build
    empty = tmp_path / "empty"
    empty.mkdir()
    junk = tmp_path / "junk"
    junk.mkdir()
    (junk / "a.pdf").write_bytes(b"%PDF-1.4\n")
    (junk / "b.txt").write_bytes(b"")
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    for folder in (empty, junk):
        r = CliRunner().invoke(app, ["build", str(folder), "--out", str(out)])
        assert r.exit_code == 2, r.output
        assert "nothing" in r.stderr and "--allow-empty" in r.stderr and len(r.stderr.strip().splitlines()) == 1
        assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
        fresh = tmp_path / "new" / "out"
        r = CliRunner().invoke(app, ["build", str(folder), "--out", str(fresh)])
        assert r.exit_code == 2 and not (tmp_path / "new").exists()
    r = CliRunner().invoke(app, ["build", str(junk), "--out", str(tmp_path / "allowed"), "--allow-empty"])
    assert r.exit_code == 0, r.output
    assert "0 documents, 2 skipped" in r.stdout and (tmp_path / "allowed" / "graph.ttl").exists()


# ---------------------------------------------------------------- removal
def graph_of(out: Path) -> rdflib.Graph:
    return rdflib.Graph().parse(out / "graph.ttl", format="turtle")


def entities(g: rdflib.Graph) -> set:
    classes = {KG[c] for c in ("Company", "Region", "Park", "Project", "Government", "Person", "Industry",
                               "ResearchInstitution", "Organization", "Event", "Program")}
    return {s for s, o in g.subject_objects(RDF.type) if o in classes}


@pytest.mark.parametrize("how", ["name", "hash", "path"])
def test_remove_gives_what_a_build_without_the_article_gives(seeds_build, singles, tmp_path, how):
    base, src, out, _ = seeds_build
    gone = SEEDS[2]
    work = tmp_path / "work"
    shutil.copytree(out, work)
    before = graph_of(work)
    doc = next(d for d in before.subjects(KG.fileName, Literal(gone.name)))
    sha = str(before.value(doc, KG.contentHash))
    arg = {"name": gone.name, "hash": sha[:12], "path": str(gone)}[how]
    r = CliRunner().invoke(app, ["remove", arg, "--out", str(work)])
    assert r.exit_code == 0, r.output
    assert f"removed {gone.name}" in r.output

    without = tmp_path / "without"
    without.mkdir()
    for f in SEEDS:
        if f != gone:
            shutil.copy(f, without)
    build([without], out=tmp_path / "rebuilt")
    assert outputs(work) == outputs(tmp_path / "rebuilt")

    after = graph_of(work)
    assert not list(after.triples((doc, None, None)))
    assert not [s for s in after.subjects() if str(s).startswith(str(doc) + "/")]   # its evidence and values
    # what only the removed article supported is gone; what another article also states stays
    others = set().union(*(entities(g) for f, g in singles.items() if f != gone))
    assert entities(after) == others
    assert entities(before) - entities(after) == entities(singles[gone]) - others


@pytest.fixture(scope="module")
def singles(tmp_path_factory) -> dict[Path, rdflib.Graph]:
    """Each seed built on its own."""
    base = tmp_path_factory.mktemp("singles")
    graphs = {}
    for f in SEEDS:
        build([f], out=base / f.stem, cache=False)
        graphs[f] = graph_of(base / f.stem)
    return graphs


def test_rebuilding_after_deleting_an_article_drops_it(seeds_build, tmp_path):
    _, src, out, _ = seeds_build
    folder, work = tmp_path / "in", tmp_path / "work"
    shutil.copytree(src, folder)
    shutil.copytree(out, work)                   # the full build, with its cache
    (folder / SEEDS[1].name).unlink()
    build([folder], out=work)
    build([folder], out=tmp_path / "fresh", cache=False)
    assert outputs(work) == outputs(tmp_path / "fresh")
    assert not list(graph_of(work).subjects(KG.fileName, Literal(SEEDS[1].name)))


def test_remove_refuses_unknown_documents_and_changes_nothing(seeds_build, tmp_path):
    _, _, out, first = seeds_build
    work = tmp_path / "work"
    shutil.copytree(out, work)
    r = CliRunner().invoke(app, ["remove", SEEDS[0].name, "no-such-article.txt", "--out", str(work)])
    assert r.exit_code == 2
    assert outputs(work) == first
    assert CliRunner().invoke(app, ["remove", "x", "--out", str(tmp_path / "nowhere")]).exit_code == 2


def test_remove_then_add_back_restores_the_build(seeds_build, tmp_path):
    _, src, out, first = seeds_build
    work = tmp_path / "work"
    shutil.copytree(out, work)
    assert CliRunner().invoke(app, ["remove", SEEDS[0].name, SEEDS[4].name, "--out", str(work)]).exit_code == 0
    assert outputs(work) != first
    build([src], out=work)
    assert outputs(work) == first


def test_remove_from_a_store(seeds_build, tmp_path):
    ox = pytest.importorskip("pyoxigraph")
    store_mod = pytest.importorskip("kg.rdf.store")
    _, _, out, _ = seeds_build
    work, store = tmp_path / "work", tmp_path / "store"
    shutil.copytree(out, work)
    store_mod.load_file(work / "graph.trig", store)
    doc = next(graph_of(work).subjects(KG.fileName, Literal(SEEDS[3].name)))
    graph_iri = ox.NamedNode(str(doc).replace("/id/doc/", "/graph/"))
    st = store_mod.open_store(store)
    assert st.contains_named_graph(graph_iri)
    del st
    r = CliRunner().invoke(app, ["remove", SEEDS[3].name, "--out", str(work), "--store", str(store)])
    assert r.exit_code == 0, r.output
    st = store_mod.open_store(store, read_only=True)
    assert not st.contains_named_graph(graph_iri)
    assert not list(st.quads_for_pattern(ox.NamedNode(str(doc)), None, None))   # not in the union either
    del st


# ---------------------------------------------------------------- files that fail
@pytest.fixture
def mixed_folder(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for f in SEEDS[:2]:
        shutil.copy(f, src)
    bad = {"empty.txt": b"", "binary.txt": b"\x00\x01\x02PK\x03\x04" * 50, "broken.jsonl": b'{"text": "\xe9\x9d\x92"\n',
           "spaces.txt": b"   \n\t\n", "scan.pdf": b"%PDF-1.4\n"}
    for name, data in bad.items():
        (src / name).write_bytes(data)
    return src, sorted(bad)


def test_a_folder_with_failing_files_builds_and_says_which(mixed_folder, tmp_path):
    src, bad = mixed_folder
    r = CliRunner().invoke(app, ["build", str(src), "--out", str(tmp_path / "out")])
    assert r.exit_code == 0, r.output
    for name in bad:
        assert sum(name in line for line in r.stderr.splitlines()) == 1, (name, r.stderr)
    assert f"2 documents, {len(bad)} skipped" in r.stdout
    assert (tmp_path / "out" / "graph.ttl").exists()
    strict = CliRunner().invoke(app, ["build", str(src), "--out", str(tmp_path / "out2"), "--strict"])
    assert strict.exit_code != 0
