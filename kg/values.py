"""Money values of projects (placeholder)."""
from __future__ import annotations

from .model import Document, Entity, Sentence, Value


def find_values(doc: Document, sentences: list[Sentence], entities: list[Entity]) -> list[Value]:
    return []
