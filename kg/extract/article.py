"""Per-article extraction: normalise -> segment -> entities -> relations -> values -> learned decisions.

A pure function of one Source, so it can run in any process or on any worker.
"""
from __future__ import annotations

from .entities import find_entities
from .learned import decide
from ..model import Extraction, Source
from ..read.document import normalise
from .relations import find_relations
from ..read.sentences import split_sentences
from .values import find_values


def extract(source: Source) -> Extraction:
    doc = normalise(source)
    sentences = split_sentences(doc)
    entities, rejected = find_entities(doc, sentences)
    relations = find_relations(doc, sentences, entities)
    values = find_values(doc, sentences, entities)
    entities, relations, values, held = decide(doc, sentences, entities, relations, values)
    return Extraction(doc, sentences, entities, relations, values, rejected + held)
