"""Files shipped with kg: the ontology (top-level ``ontology/``, installed as ``kg.ontology``) and data."""
from __future__ import annotations

from importlib import resources
from pathlib import Path

_HERE = Path(__file__).resolve().parent


def ontology_file(name: str) -> Path:
    checkout = _HERE.parent / "ontology" / name
    if checkout.exists():
        return checkout
    try:
        return Path(str(resources.files("kg.ontology").joinpath(name)))
    except (ModuleNotFoundError, TypeError):
        return checkout


def data_file(name: str) -> Path:
    return _HERE / "data" / name
