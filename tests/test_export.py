"""kg export: RDF formats round-trip; GraphML / GEXF well-formed with the expected elements; CSV tables."""
from __future__ import annotations

import csv

import networkx as nx
import pytest
from lxml import etree
from rdflib import Dataset, Graph, Literal
from rdflib.compare import isomorphic
from typer.testing import CliRunner

from kg.cli import app
from kg.rdf.export import export_file, export_rdf, network
from kg.rdf.graph import load_graph
from kgsample import write_sample

GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"
GEXF = "{http://www.gexf.net/1.2draft}"


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    return write_sample(tmp_path_factory.mktemp("export"))


def _lower(g) -> Graph:
    """Language tags in lower case: BCP 47 tags are case-insensitive, and Oxigraph writes them so."""
    out = Graph()
    for s, p, o in g:
        out.add((s, p, Literal(str(o), lang=o.language.lower()) if isinstance(o, Literal) and o.language else o))
    return out


def _datasets_isomorphic(a: Dataset, b: Dataset) -> bool:
    ga = {c.identifier: c for c in a.graphs() if len(c)}
    gb = {c.identifier: c for c in b.graphs() if len(c)}
    return ga.keys() == gb.keys() and all(isomorphic(_lower(ga[k]), _lower(gb[k])) for k in ga)


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
@pytest.mark.parametrize("fmt, parser", [("ttl", "turtle"), ("nt", "nt"), ("trig", "trig"),
                                         ("nq", "nquads"), ("jsonld", "json-ld")])
def test_rdf_formats_round_trip(sample, tmp_path, fmt, parser, engine):
    out = tmp_path / f"g.{fmt}"
    out.write_bytes(export_rdf(sample["trig"], fmt, engine=engine))
    if fmt in ("ttl", "nt"):
        back = Graph().parse(out, format=parser)
        assert isomorphic(_lower(back), _lower(load_graph(sample["trig"])))
    else:
        back, orig = Dataset(), Dataset()
        back.parse(out, format=parser)
        orig.parse(sample["trig"], format="trig")
        assert _datasets_isomorphic(back, orig)


def test_rdf_export_is_deterministic(sample):
    assert export_rdf(sample["trig"], "ttl") == export_rdf(sample["trig"], "ttl")
    assert export_rdf(sample["trig"], "nt", engine="oxigraph") == export_rdf(sample["trig"], "nt", engine="oxigraph")


def test_graphml(sample, tmp_path):
    net = network(load_graph(sample["trig"]))
    export_file(sample["trig"], "graphml", tmp_path / "g.graphml")
    root = etree.parse(str(tmp_path / "g.graphml")).getroot()
    assert root.tag == GRAPHML + "graphml"
    graph = root.find(GRAPHML + "graph")
    assert graph.get("edgedefault") == "directed"
    assert len(graph.findall(GRAPHML + "node")) == net.number_of_nodes() == 11
    assert len(graph.findall(GRAPHML + "edge")) == net.number_of_edges() == 13
    keys = {k.get("attr.name") for k in root.findall(GRAPHML + "key")}
    assert {"label", "type", "predicate", "evidence", "sentence"} <= keys
    back = nx.read_graphml(tmp_path / "g.graphml")
    labels = {d["label"] for _, d in back.nodes(data=True)}
    assert {"中国化工集团", "新材料项目", '"青岛\\商会" } ; DROP <x> #'} <= labels


def test_gexf(sample, tmp_path):
    export_file(sample["trig"], "gexf", tmp_path / "g.gexf")
    root = etree.parse(str(tmp_path / "g.gexf")).getroot()
    assert root.tag == GEXF + "gexf" and root.get("version") == "1.2"
    graph = root.find(GEXF + "graph")
    assert graph.get("defaultedgetype") == "directed"
    nodes = graph.find(GEXF + "nodes").findall(GEXF + "node")
    edges = graph.find(GEXF + "edges").findall(GEXF + "edge")
    assert len(nodes) == 11 and len(edges) == 13
    assert all(n.get("label") for n in nodes) and all(e.get("source") and e.get("target") for e in edges)
    back = nx.read_gexf(tmp_path / "g.gexf")
    assert back.number_of_nodes() == 11
    first = (tmp_path / "g.gexf").read_bytes()
    export_file(sample["trig"], "gexf", tmp_path / "g.gexf")
    assert (tmp_path / "g.gexf").read_bytes() == first and b"lastmodifieddate" not in first


def test_csv_nodes_and_edges(sample, tmp_path):
    res = CliRunner().invoke(app, ["export", str(sample["trig"]), "--format", "csv", "--output", str(tmp_path / "csv")])
    assert res.exit_code == 0, res.output
    with open(tmp_path / "csv" / "nodes.csv", encoding="utf-8") as f:
        nodes = list(csv.DictReader(f))
    with open(tmp_path / "csv" / "edges.csv", encoding="utf-8") as f:
        edges = list(csv.DictReader(f))
    assert len(nodes) == 11 and len(edges) == 13
    chem = next(n for n in nodes if n["Label"] == "中国化工集团")
    assert chem["type"] == "Company" and "中化集团" in chem["aliases"] and chem["documents"] == "2"
    inv = [e for e in edges if e["Label"] == "investsIn" and e["source_label"] == "中国化工集团"]
    assert len(inv) == 1 and inv[0]["target_label"] == "新材料项目" and inv[0]["evidence"] == "1"
    assert inv[0]["sentence"].startswith("中国化工集团投资建设") and inv[0]["Type"] == "Directed"


def test_cli_rejects_unknown_format(sample, tmp_path):
    res = CliRunner().invoke(app, ["export", str(sample["trig"]), "--format", "xlsx", "--output", str(tmp_path / "x")])
    assert res.exit_code == 2 and "graphml" in res.output
