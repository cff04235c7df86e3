"""The RDF terms kg.rdf.graph makes once and reuses are the terms it would make each time."""
from __future__ import annotations

from decimal import Decimal

from rdflib import Literal
from rdflib.namespace import XSD

from kg.pipeline.stream import Formatter
from kg.rdf import graph
from kg.rdf.vocab import entity_iri


def test_cached_literals_equal_fresh_ones_and_format_the_same():
    fmt = Formatter()
    for x in (0.0, -0.0, 0.5, 0.12345, 0.9995, 1.0, 1, 2 / 3):
        fresh = Literal(Decimal(str(round(x, 3))), datatype=XSD.decimal)
        assert graph._decimal3(x) == fresh and fmt.term(graph._decimal3(x)) == fmt.term(fresh)
    for n in (0, 7, 10 ** 12):
        assert graph._integer(n) == Literal(n, datatype=XSD.integer)
        assert fmt.term(graph._integer(n)) == fmt.term(Literal(n, datatype=XSD.integer))
    # 1, 1.0 and True are one key to an untyped cache, three different literals to rdflib
    assert all(f.cache_parameters()["typed"] for f in (graph._integer, graph._zh, graph._decimal_literal))
    for text in ("星河电子有限公司", "", 'a "quoted"\nline'):
        assert fmt.term(graph._zh(text)) == fmt.term(Literal(text, lang="zh-Hans"))


def test_cached_entity_iris_equal_fresh_ones():
    for key in (("Company", "星河电子有限公司", None), ("Government", "市委", "doc-1"), ("Region", "东城县", None)):
        assert graph.iri_of(key) == entity_iri(*key)
        assert graph.iri_of(key) is graph.iri_of(tuple(key))
