"""Hand-built articles for the relation and value tests: a Document from a few sentences of our
own, and Entities whose Mentions are every place their names occur (no entity extractor)."""
from __future__ import annotations

import hashlib

from kg.model import Document, Entity, Mention, Source
from kg.read.document import normalise
from kg.read.sentences import split_sentences


def article(text: str, date: str | None = "2021-06-15"):
    """(document, sentences) of ``text``; one paragraph a line."""
    src = Source(path="t.txt", name="t.txt", original=text, encoding="utf-8",
                 sha256=hashlib.sha256(text.encode()).hexdigest(), date=date)
    doc = normalise(src)
    doc.date = date
    return doc, split_sentences(doc)


def entities(doc: Document, sentences, spec: list[tuple]) -> list[Entity]:
    """``spec``: (type, label, *other surfaces).  Longer names win where surfaces overlap."""
    spans = []
    for type_, label, *aliases in spec:
        for surface in (label, *aliases):
            i = doc.text.find(surface)
            while i >= 0:
                spans.append((i, i + len(surface), type_, label))
                i = doc.text.find(surface, i + 1)
    spans.sort(key=lambda s: (-(s[1] - s[0]), s[0]))
    taken: list[tuple[int, int]] = []
    out: dict[tuple, Entity] = {}
    for type_, label, *aliases in spec:
        out[(type_, label)] = Entity(type=type_, label=label, aliases=set(aliases))
    for start, end, type_, label in spans:
        if any(start < b and a < end for a, b in taken):
            continue
        taken.append((start, end))
        sent = next(s for s in sentences if s.start <= start < s.end)
        out[(type_, label)].mentions.append(Mention(doc.text[start:end], start, end, type_, sent.index))
    return list(out.values())


def triples(relations) -> set[tuple[str, str, str]]:
    return {(r.subject[1], r.predicate, r.object[1]) for r in relations}
