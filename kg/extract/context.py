"""What relations and values need to know about an article: the mentions of each sentence
(the longest where spans overlap), the entity each mention names, and evidence quoting
the original text."""
from __future__ import annotations

import operator
import threading
from dataclasses import dataclass, field

from ..model import Document, Entity, Evidence, Mention, Sentence

AGENT_TYPES = ("Government", "Company", "ResearchInstitution", "Organization")


@dataclass(frozen=True)
class Slot:
    """One mention in one sentence, positioned in that sentence's text."""

    start: int            # offsets into Sentence.text
    end: int
    type: str             # the entity's type
    key: tuple            # Entity.key
    text: str


@dataclass
class Context:
    doc: Document
    sentences: list[Sentence]
    entities: list[Entity]
    slots: dict[int, list[Slot]] = field(default_factory=dict)   # sentence index -> slots

    def evidence(self, sentence: Sentence, extractor: str, confidence: float = 1.0) -> Evidence:
        a, b = self.doc.original_span(sentence.start, sentence.end)
        return Evidence(self.doc.doc_id, self.doc.original[a:b], a, b, extractor, confidence)


def _sentence_of(sentences: list[Sentence], m: Mention) -> Sentence | None:
    if 0 <= m.sentence < len(sentences):
        s = sentences[m.sentence]
        if s.index == m.sentence and s.start <= m.start and m.end <= s.end:
            return s
    for s in sentences:
        if s.start <= m.start and m.end <= s.end:
            return s
    return None


_last = threading.local()      # the last context built in this thread, with what it was built from


def build_context(doc: Document, sentences: list[Sentence], entities: list[Entity]) -> Context:
    """The article's slots.  Relations, values and the learned decisions each ask for the context
    of the same article and entities in turn: the last one built is handed out again while the
    document, the sentence list and every entity are the very same objects."""
    last = getattr(_last, "built", None)
    if last is not None and last[0] is doc and last[1] is sentences and len(last[2]) == len(entities) \
            and all(map(operator.is_, last[2], entities)):
        return last[3]
    ctx = _build(doc, sentences, entities)
    _last.built = (doc, sentences, tuple(entities), ctx)
    return ctx


def _build(doc: Document, sentences: list[Sentence], entities: list[Entity]) -> Context:
    by_sentence: dict[int, list[Slot]] = {}
    for e in entities:
        for m in e.mentions:
            s = _sentence_of(sentences, m)
            if s is None or m.end <= m.start:
                continue
            slot = Slot(m.start - s.start, m.end - s.start, e.type, e.key, m.text)
            by_sentence.setdefault(s.index, []).append(slot)
    ctx = Context(doc, sentences, entities)
    for idx, slots in by_sentence.items():
        ctx.slots[idx] = _longest_first(slots)
    return ctx


def _longest_first(slots: list[Slot]) -> list[Slot]:
    """Keep the longest of overlapping mentions; ties go to the earlier one, then by key."""
    chosen: list[Slot] = []
    for s in sorted(slots, key=lambda x: (-(x.end - x.start), x.start, str(x.key))):
        if all(s.end <= c.start or s.start >= c.end for c in chosen):
            chosen.append(s)
    return sorted(chosen, key=lambda x: x.start)
