"""ontology/kg.ttl and shapes.ttl: complete, mapped, and enforced by ``kg validate``."""
from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL

from kg.rdf.graph import build_dataset, union_graph
from kg.model import CLASSES, PREDICATES, VALUE_PREDICATES
from kg.resources import ontology_file
from kg.rdf.validate import validate_file, validate_graph
from kg.rdf.vocab import KG, ORG, PROV, RDF, RDFS, SCHEMA, XSD, entity_iri
from kgsample import sample_extractions, seeds_build, write_sample

SH = Namespace("http://www.w3.org/ns/shacl#")
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def onto():
    return Graph().parse(ontology_file("kg.ttl"))


@pytest.fixture(scope="module")
def shapes():
    return Graph().parse(ontology_file("shapes.ttl"))


def _langs(g, node, prop):
    return {o.language for o in g.objects(node, prop) if isinstance(o, Literal)}


def test_every_class_is_declared_labelled_and_mapped(onto):
    external = (str(SCHEMA), str(ORG), str(PROV), "http://www.w3.org/2004/02/skos/core#")
    for c in CLASSES + ("Document",):
        node = KG[c]
        assert (node, RDF.type, OWL.Class) in onto, c
        assert {"zh-Hans", "en"} <= _langs(onto, node, RDFS.label), c
        assert {"zh-Hans", "en"} <= _langs(onto, node, RDFS.comment), c
        supers = set(onto.transitive_objects(node, RDFS.subClassOf))
        assert any(str(s).startswith(external) for s in supers), f"{c} has no schema.org/ORG/PROV mapping"


def test_every_predicate_has_labels_domain_and_range(onto):
    for p in PREDICATES + VALUE_PREDICATES + ("mentionedIn",):
        node = KG[p]
        assert (node, RDF.type, OWL.ObjectProperty) in onto, p
        assert {"zh-Hans", "en"} <= _langs(onto, node, RDFS.label), p
        assert onto.value(node, RDFS.range) is not None, p
        if p != "mentionedIn":
            assert onto.value(node, RDFS.domain) is not None, p
    assert (KG.cooperatesWith, RDF.type, OWL.SymmetricProperty) in onto
    assert (KG.subsidiaryOf, OWL.equivalentProperty, SCHEMA.parentOrganization) in onto
    assert (KG.Evidence, RDFS.subClassOf, PROV.Entity) in onto


def test_shapes_cover_every_class_and_predicate(shapes):
    targeted = set(shapes.objects(None, SH.targetClass))
    assert {KG[c] for c in CLASSES + ("Document", "Evidence", "MonetaryAmount")} <= targeted
    subjects_of = set(shapes.objects(None, SH.targetSubjectsOf))
    assert {KG[p] for p in PREDICATES + VALUE_PREDICATES + ("mentionedIn",)} <= subjects_of


def test_hand_made_build_conforms():
    report = validate_graph(union_graph(build_dataset(sample_extractions())))
    assert report.conforms, report.text()


def _broken(mutate) -> "Report":
    g = union_graph(build_dataset(sample_extractions()))
    mutate(g)
    return validate_graph(g)


NING = entity_iri("Person", "宁高宁")
LAIXI = entity_iri("Region", "莱西市")
CHEM = entity_iri("Company", "中国化工集团")


@pytest.mark.parametrize("mutate, needle", [
    # a person cannot be located somewhere (domain of kg:locatedIn)
    (lambda g: g.add((NING, KG.locatedIn, LAIXI)), "kg:locatedIn must start from"),
    # a region cannot hold a position (range of kg:holdsPosition)
    (lambda g: g.add((NING, KG.holdsPosition, LAIXI)), "kg:holdsPosition must point to"),
    # an edge no sentence supports
    (lambda g: g.add((CHEM, KG.subsidiaryOf, entity_iri("Government", "青岛市人民政府"))), "has no kg:Evidence"),
    # an entity without its label
    (lambda g: g.remove((CHEM, RDFS.label, None)), "exactly one rdfs:label"),
    # a label in the wrong language
    (lambda g: g.add((LAIXI, RDFS.label, Literal("Laixi", lang="en"))), "rdfs:label"),
    # a misspelt predicate
    (lambda g: g.add((CHEM, KG.locatedin, LAIXI)), "not declared in ontology/kg.ttl"),
    # a currency that is not ISO 4217
    (lambda g: [g.set((v, KG.currency, Literal("元"))) for v in list(g.subjects(RDF.type, KG.MonetaryAmount))],
     "ISO 4217"),
])
def test_violations_are_reported_plainly(mutate, needle):
    report = _broken(mutate)
    assert not report.conforms
    assert needle in report.text(limit=None), report.text(limit=None)


def test_kg_validate_cli_exit_codes(tmp_path):
    from typer.testing import CliRunner
    from kg.cli import app
    runner = CliRunner()
    paths = write_sample(tmp_path)
    ok = runner.invoke(app, ["validate", str(paths["trig"])])
    assert ok.exit_code == 0, ok.output
    assert "conforms" in ok.output
    g = union_graph(paths["dataset"])
    g.add((NING, KG.locatedIn, LAIXI))
    bad = tmp_path / "bad.ttl"
    g.serialize(bad, format="turtle")
    res = runner.invoke(app, ["validate", str(bad)])
    assert res.exit_code == 1
    assert "宁高宁" in res.output and "kg:locatedIn" in res.output
    missing = runner.invoke(app, ["validate", str(tmp_path / "nope.ttl")])
    assert missing.exit_code == 2 and "no such file" in missing.output


def test_build_of_the_seeds_conforms():
    """What `kg build` writes for the bundled seeds passes the shapes (whatever the extractor finds)."""
    out = seeds_build()
    for name in ("graph.trig", "graph.ttl"):
        report = validate_file(out / name)
        assert report.conforms, report.text(limit=20)
