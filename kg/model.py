"""Plain data passed between the pipeline's stages.

read -> normalise -> segment -> entities -> relations -> graph -> analyse/render.
Each stage takes and returns these dataclasses; no stage reaches into another's
internals.  Offsets: ``Document.text`` is the normalised text (simplified script,
debris removed); ``Document.offsets[i]`` is the index in ``Document.original``
(the decoded source) of ``text[i]``, so evidence can quote the original.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

CLASSES = (
    "Government", "Region", "Park", "Company", "ResearchInstitution", "Organization",
    "Project", "Person", "Event", "Program", "Industry",
)
PREDICATES = (
    "locatedIn", "investsIn", "partyTo", "cooperatesWith", "subsidiaryOf",
    "holdsPosition", "leads", "organizes", "participatesIn", "inIndustry",
)
SYMMETRIC = frozenset({"cooperatesWith"})
VALUE_PREDICATES = ("investmentAmount", "annualOutput")
# How the reason of an entity the learned model held back begins: the report lists them apart.
HELD_BACK = "model: "

_SURROGATE = re.compile("[\ud800-\udfff]")


def writable(text: str) -> str:
    """``text`` with lone surrogates (a JSON ``\\ud800`` escape, a file name with undecodable
    bytes) replaced by U+FFFD, one character for one: they cannot be written as UTF-8."""
    return _SURROGATE.sub("\ufffd", text) if _SURROGATE.search(text) else text


# what a terminal acts on: C0 controls (tab and newline included: a message is one line), DEL,
# C1 controls, line and paragraph separators, bidi embeddings, overrides and isolates
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """``text`` for a one-line message on a terminal: control characters, line separators and bidi
    controls written as escapes (``\\x1b``, ``\\n``, ``\\u202e``), a backslash doubled only where
    it would be read as such an escape; everything else as it is."""
    text = writable(text)
    if not _UNPRINTABLE.search(text):
        return text

    def esc(m: re.Match) -> str:
        c = m.group()
        named = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(c)
        if named:
            return named
        return f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}"
    return _UNPRINTABLE.sub(esc, text)


@dataclass
class Source:
    """One article as read from disk, before normalisation."""

    path: str                 # path as given by the user (for messages)
    name: str                 # file name; ``file.jsonl#3`` for line 3 of a JSON Lines file
    original: str             # decoded text of the article (what evidence offsets refer to)
    encoding: str             # detected encoding, e.g. "utf-8", "gb18030", "big5"
    sha256: str               # hash of the article's bytes (or of its JSON line)
    title: str | None = None  # from the page (<title>, JSON "title") when the format gives one
    date: str | None = None   # ISO date when the format gives one
    url: str | None = None
    fmt: str = "txt"          # txt | html | jsonl
    warnings: list[str] = field(default_factory=list)
    publisher: str | None = None  # from the page (<meta name="source">) when the format gives one

    def __post_init__(self) -> None:
        for f in ("path", "name", "original", "title", "date", "url", "publisher"):
            v = getattr(self, f)
            if isinstance(v, str):
                setattr(self, f, writable(v))


@dataclass
class Document:
    """A normalised article: text in simplified script with a map back to the original."""

    doc_id: str               # first 16 hex digits of sha256: stable, names the graph
    name: str
    path: str
    original: str
    text: str
    offsets: list[int]        # len(offsets) == len(text) + 1; last entry == len(original)
    encoding: str
    sha256: str
    title: str | None = None
    date: str | None = None   # ISO 8601 date (YYYY-MM-DD) of publication
    publisher: str | None = None
    url: str | None = None
    fmt: str = "txt"
    repairs: int = 0          # debris spans repaired by normalisation
    unrepaired: int = 0       # debris spans left as they were
    warnings: list[str] = field(default_factory=list)

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Offsets in ``original`` of the normalised span ``text[start:end]``."""
        if end <= start:
            o = self.offsets[start]
            return o, o
        return self.offsets[start], self.offsets[end - 1] + 1


@dataclass(frozen=True)
class Sentence:
    index: int                # position in the document
    paragraph: int            # paragraph number (sentences of one paragraph share it)
    start: int                # offsets into Document.text
    end: int
    text: str


@dataclass
class Mention:
    """A span of text naming something, typed."""

    text: str                 # surface in normalised text
    start: int                # offsets into Document.text
    end: int
    type: str                 # one of CLASSES
    sentence: int             # Sentence.index
    rule: str = ""            # which rule found it (suffix:有限公司, title:董事长, gazetteer...)
    canonical: str | None = None   # full name it resolves to (set by resolution)
    score: float = 1.0
    tagged: bool = False      # the learned name tagger found this span too (kg.extract.names)
    tag_p: float = 0.0        # how sure the tagger is of this span and class (0 without a tagger)


@dataclass
class Entity:
    """One thing in one document: a canonical name, a type and every name it goes by."""

    type: str
    label: str                # canonical name, simplified
    aliases: set[str] = field(default_factory=set)        # other names, simplified
    original_forms: set[str] = field(default_factory=set)  # surfaces in the original script
    mentions: list[Mention] = field(default_factory=list)
    scope: str | None = None  # doc_id when the name is too generic to merge across articles
    confidence: float = 1.0   # the learned entity model's probability where it decided; 1.0 otherwise

    @property
    def key(self) -> tuple[str, str, str | None]:
        return (self.type, self.label, self.scope)


@dataclass(frozen=True)
class Evidence:
    doc_id: str
    sentence: str             # sentence text quoted from the original
    start: int                # offsets into Document.original
    end: int
    extractor: str            # name of the pattern / rule that fired
    confidence: float = 1.0


@dataclass
class Relation:
    subject: tuple            # Entity.key
    predicate: str            # one of PREDICATES
    object: tuple             # Entity.key
    evidence: list[Evidence] = field(default_factory=list)
    title: str | None = None  # for holdsPosition
    date: str | None = None   # ISO date of the event / signing when the text gives it


@dataclass
class Value:
    entity: tuple             # Entity.key of the project (or None-scoped document statement)
    predicate: str            # investmentAmount | annualOutput
    amount: Decimal
    currency: str             # ISO 4217: CNY, USD, EUR, ...
    surface: str              # as written, qualifier kept: 总投资约20亿元
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class Extraction:
    """Everything found in one document."""

    document: Document
    sentences: list[Sentence]
    entities: list[Entity]
    relations: list[Relation]
    values: list[Value]
    rejected: list[tuple[str, str, float]] = field(default_factory=list)  # (surface, reason, score)
