"""Stage 3, rdf: ``Extraction``\\ s -> RDF (the vocabulary, one named graph per document), and
what is done with a graph file after the build: SHACL validation, SPARQL queries (``queries/``),
an Oxigraph store, a local endpoint, a push to a remote one, other formats.
"""
from .export import export_file  # noqa: F401
from .graph import add_extraction, build_dataset, load_dataset, load_graph, serialize_trig, union_graph  # noqa: F401
from .query import named_queries, open_engine, run_query  # noqa: F401
from .validate import validate_file, validate_graph  # noqa: F401
