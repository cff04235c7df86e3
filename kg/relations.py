"""Relations between the entities of an article (placeholder)."""
from __future__ import annotations

from .model import Document, Entity, Relation, Sentence


def find_relations(doc: Document, sentences: list[Sentence], entities: list[Entity]) -> list[Relation]:
    return []
