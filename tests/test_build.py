"""End to end: `kg build seeds/` writes every output, they parse, and they hold what a reader finds."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import rdflib
from rdflib import RDF, RDFS

from kg import build
from kg.rdf.vocab import KG

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"

# A handful of things the seed gold says a reader finds, by label and class.
EXPECTED = [
    ("青岛市", "Region"),
    ("潍坊市", "Region"),
    ("中国化工集团", "Company"),
    ("喀斯玛控股有限公司", "Company"),
    ("惠新安", "Person"),
    ("中国科学院微电子研究所", "ResearchInstitution"),
    ("青岛高新区", "Park"),
    ("益海嘉里集团", "Company"),
]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    result = build([SEEDS], out=out)
    return out, result


def test_build_writes_every_output(built):
    out, result = built
    for name in ("graph.ttl", "graph.trig", "map.html", "report.md"):
        assert (out / name).stat().st_size > 0, name
    assert len(result.documents) == 5
    assert result.skipped == []


def test_outputs_parse_and_hold_the_seed_entities(built):
    out, _ = built
    g = rdflib.Graph().parse(out / "graph.ttl", format="turtle")
    found = {(str(label), str(cls).split("#")[-1])
             for s, label in g.subject_objects(RDFS.label) for cls in g.objects(s, RDF.type)}
    for item in EXPECTED:
        assert item in found, item
    ds = rdflib.Dataset()
    ds.parse(out / "graph.trig", format="trig")
    doc_graphs = [c for c in ds.graphs() if "/graph/" in str(c.identifier) and not str(c.identifier).endswith("ontology")]
    assert len(doc_graphs) == 5
    assert len(set(g.subjects(RDF.type, KG.Document))) == 5


def test_build_is_deterministic(built, tmp_path):
    out, _ = built
    build([SEEDS], out=tmp_path)
    for name in ("graph.ttl", "graph.trig", "map.html", "report.md"):
        assert (tmp_path / name).read_bytes() == (out / name).read_bytes(), name


def test_cli_build_prints_summary(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "kg", "build", str(SEEDS / "004_05856f7dd333012c.txt"),
                           "--out", str(tmp_path)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "1 documents" in proc.stdout
    assert (tmp_path / "graph.ttl").exists()


def test_cli_names_a_missing_input(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "kg", "build", str(tmp_path / "nope"), "--out", str(tmp_path)],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode != 0
    assert "nope" in proc.stderr and "Traceback" not in proc.stderr
