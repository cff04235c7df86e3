"""Per-article extraction: normalise -> segment -> entities -> relations -> values -> learned decisions.

A pure function of one Source, so it can run in any process or on any worker.
"""
from __future__ import annotations

from .entities import find_entities
from .learned import decide
from .names import NameTagger, load_tagger
from ..model import Extraction, Source
from ..read.document import normalise
from .relations import find_relations
from ..read.sentences import split_sentences
from .values import find_values


def extract(source: Source) -> Extraction:
    ex = propose(source, load_tagger())
    entities, relations, values, held = decide(ex.document, ex.sentences, ex.entities, ex.relations, ex.values)
    return Extraction(ex.document, ex.sentences, entities, relations, values, ex.rejected + held)


def propose(source: Source, tagger: NameTagger | None = None) -> Extraction:
    """What the grammar finds, with the names a learned tagger adds, before the learned decisions
    (what they are trained on).  Without a tagger: the grammar alone."""
    doc = normalise(source)
    sentences = split_sentences(doc)
    entities, rejected = find_entities(doc, sentences, tagger)
    relations = find_relations(doc, sentences, entities)
    values = find_values(doc, sentences, entities)
    return Extraction(doc, sentences, entities, relations, values, rejected)
