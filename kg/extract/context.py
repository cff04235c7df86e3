"""What relations and values need to know about an article: the mentions of each sentence
(the longest where spans overlap), the entity each mention names, and evidence quoting
the original text."""
from __future__ import annotations

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


def build_context(doc: Document, sentences: list[Sentence], entities: list[Entity]) -> Context:
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
