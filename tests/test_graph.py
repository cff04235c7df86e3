"""The RDF shape of a build (kg/rdf/graph.py): named graphs, PROV-O evidence, values, determinism."""
from __future__ import annotations

from decimal import Decimal

from rdflib import Literal, URIRef

from kg.rdf.graph import build_dataset, iri_of, load_graph, serialize_trig, union_graph
from kg.rdf.vocab import KG, ONTOLOGY_GRAPH, PROV, RDF, RDFS, SKOS, XSD, document_graph_iri
from kgsample import sample_extractions, write_sample


def test_trig_is_byte_for_byte_deterministic():
    a = serialize_trig(build_dataset(sample_extractions()))
    b = serialize_trig(build_dataset(sample_extractions()))
    assert a == b
    assert a.index("graph/ontology") > 0


def test_one_named_graph_per_document_and_the_ontology():
    exs = sample_extractions()
    ds = build_dataset(exs)
    names = {c.identifier for c in ds.graphs() if len(c)}
    assert names == {document_graph_iri(e.document.doc_id) for e in exs} | {ONTOLOGY_GRAPH}
    # the same entity from two documents is one node, typed in both graphs
    chem = iri_of(("Company", "中国化工集团", None))
    for e in exs:
        assert (chem, RDF.type, KG.Company) in ds.graph(document_graph_iri(e.document.doc_id))


def test_labels_and_alt_labels():
    g = union_graph(build_dataset(sample_extractions()))
    chem = iri_of(("Company", "中国化工集团", None))
    assert list(g.objects(chem, RDFS.label)) == [Literal("中国化工集团", lang="zh-Hans")]
    alts = set(g.objects(chem, SKOS.altLabel))
    assert Literal("中化集团", lang="zh-Hans") in alts
    assert Literal("中國化工集團", lang="zh-Hant") in alts


def test_sparql_finds_the_sentence_supporting_an_edge():
    exs = sample_extractions()
    g = union_graph(build_dataset(exs))
    rows = list(g.query("""
        PREFIX kg: <https://w3id.org/kg-zhaoshang/ontology#>
        PREFIX prov: <http://www.w3.org/ns/prov#>
        PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
        SELECT ?sentence ?start ?end ?file WHERE {
          ?ev rdf:subject ?s ; rdf:predicate kg:investsIn ; rdf:object ?o ;
              prov:value ?sentence ; kg:startOffset ?start ; kg:endOffset ?end ;
              prov:wasDerivedFrom ?doc .
          ?doc kg:fileName ?file .
        }""", initBindings={"s": iri_of(("Company", "中国化工集团", None)),
                            "o": iri_of(("Project", "新材料项目", None))}))
    assert len(rows) == 1
    sentence, start, end, file = rows[0]
    assert str(file) == "a.txt"
    original = exs[0].document.original
    assert original[int(start):int(end)] == str(sentence)
    assert str(sentence).startswith("中国化工集团投资建设新材料项目")
    assert start.datatype == XSD.integer


def test_holds_position_title_and_values():
    g = union_graph(build_dataset(sample_extractions()))
    ning, chem = iri_of(("Person", "宁高宁", None)), iri_of(("Company", "中国化工集团", None))
    ev = next(g.subjects(RDF.object, chem) and g.subjects(RDF.subject, ning))
    assert g.value(ev, RDF.predicate) == KG.holdsPosition
    assert g.value(ev, KG.title) == Literal("董事长", lang="zh-Hans")
    assert (ev, RDF.type, PROV.Entity) not in g or True
    proj = iri_of(("Project", "新材料项目", None))
    v = g.value(proj, KG.investmentAmount)
    amount = g.value(v, KG.amount)
    assert amount.datatype == XSD.decimal and amount.toPython() == Decimal("2000000000")
    assert str(g.value(v, KG.currency)) == "CNY"
    assert str(g.value(v, KG.surface)) == "总投资20亿元"


def test_load_graph_reads_trig_without_the_ontology(tmp_path):
    paths = write_sample(tmp_path)
    from_trig, from_ttl = load_graph(paths["trig"]), load_graph(paths["ttl"])
    assert len(from_trig) == len(from_ttl) > 100
    assert (KG.Company, RDF.type, URIRef("http://www.w3.org/2002/07/owl#Class")) not in from_trig
