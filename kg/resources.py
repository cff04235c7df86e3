"""Files shipped with kg: the ontology (``kg/rdf/ontology/``) and the extraction knowledge (``kg/data/``)."""
from __future__ import annotations

from pathlib import Path

_HERE = Path(__file__).resolve().parent


def ontology_file(name: str) -> Path:
    return _HERE / "rdf" / "ontology" / name


def data_file(name: str) -> Path:
    return _HERE / "data" / name
