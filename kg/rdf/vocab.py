"""Namespaces and IRIs: an entity's IRI is a pure function of its type and canonical name."""
from __future__ import annotations

import hashlib

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD  # noqa: F401  (re-exported)

BASE = "https://w3id.org/kg-zhaoshang/"
KG = Namespace(BASE + "ontology#")
ID = Namespace(BASE + "id/")
SCHEMA = Namespace("https://schema.org/")
ORG = Namespace("http://www.w3.org/ns/org#")
ONTOLOGY_GRAPH = URIRef(BASE + "graph/ontology")

NAMESPACES = {"kg": KG, "id": ID, "rdf": RDF, "rdfs": RDFS, "skos": SKOS, "xsd": XSD, "prov": PROV,
              "dcterms": DCTERMS, "owl": OWL, "schema": SCHEMA, "org": ORG}


def digest(*parts: object, n: int = 16) -> str:
    h = hashlib.sha256("\x1f".join("" if p is None else str(p) for p in parts).encode("utf-8"))
    return h.hexdigest()[:n]


def entity_iri(etype: str, label: str, scope: str | None = None) -> URIRef:
    """Same type and name give the same node in every run and document; a scoped name stays in its article."""
    return ID[f"{etype}/{digest(etype, label, scope)}"]


def document_iri(doc_id: str) -> URIRef:
    return ID[f"doc/{doc_id}"]


def document_graph_iri(doc_id: str) -> URIRef:
    return URIRef(BASE + f"graph/{doc_id}")


def bind(g) -> None:
    for prefix, ns in NAMESPACES.items():
        g.bind(prefix, ns, override=True)
