"""Names found by a learned sequence tagger, beside the grammar's.

A linear-chain CRF (python-crfsuite) labels each character of a sentence B-Class, I-Class or O.
It is trained by ``kg train`` on the gold's names found again in the articles' text
(``gold_labels``), so it learns where names start and end from annotated articles rather than
from rules written while reading them.  Its features are generic: the character and its
neighbours, jieba's word position and part of speech, and the organisational suffixes and titles
of the data files.  The grammar's entities stay; the tagger adds the names the grammar missed
and says which of the grammar's names it also found (``Mention.tagged``), and the entity model
weighs both (``kg.extract.learned``).  Without a model file (``data/models/names.crfsuite``) the
grammar's names stand alone.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, Sequence

from . import gazetteer, lexicon
from ..resources import data_file
from .tokens import Token

MODEL = Path("models") / "names.crfsuite"
TRAINING = {"c1": 0.1, "c2": 0.05, "max_iterations": 120, "feature.possible_transitions": True}
MIN_NAME = 2          # a one-character span is never a name of its own


def _char_class(c: str) -> str:
    if c.isdigit():
        return "D"
    if "a" <= c.lower() <= "z":
        return "L"
    if "\u4e00" <= c <= "\u9fff":
        return "C"
    return "P"


def char_features(text: str, tokens: Sequence[Token]) -> list[list[str]]:
    """One list of feature names per character of ``text`` (a sentence) cut into ``tokens``."""
    n = len(text)
    pos, flag, word = [""] * n, [""] * n, [""] * n
    before, after, known = ["^"] * n, ["$"] * n, [""] * n
    industries = lexicon.industries()
    for k, t in enumerate(tokens):
        size = t.end - t.start
        prev_word = tokens[k - 1].word if k else "^"
        next_word = tokens[k + 1].word if k + 1 < len(tokens) else "$"
        lex = "ind" if t.word in industries else ("pl" if gazetteer.lookup(t.word) else "")
        for i in range(t.start, min(t.end, n)):
            pos[i] = "S" if size == 1 else "B" if i == t.start else "E" if i == t.end - 1 else "M"
            flag[i], word[i], known[i] = t.flag, t.word, lex
            before[i], after[i] = prev_word, next_word
    suffix_end, suffix_in, after_title = [""] * (n + 1), [""] * n, [False] * (n + 1)
    types = lexicon.suffix_types()
    for end, s in lexicon.suffix_endings(text).items():
        kind = types.get(s, "")
        suffix_end[end - 1] = kind
        for k in range(end - len(s), end):
            suffix_in[k] = kind
    for end in lexicon.title_endings(text):
        after_title[end] = True
    padded = "##" + text + "##"
    classes = [_char_class(c) for c in padded]
    out = []
    for i in range(n):
        j = i + 2
        c_2, c_1, c0, c1, c2 = padded[j - 2:j + 3]
        f = ["b", "c0=" + c0, "c-1=" + c_1, "c1=" + c1, "c-2=" + c_2, "c2=" + c2,
             "c-1c0=" + c_1 + c0, "c0c1=" + c0 + c1, "c-2c-1=" + c_2 + c_1, "c1c2=" + c1 + c2,
             "t=" + classes[j], "t-1t1=" + classes[j - 1] + classes[j + 1],
             "wp=" + pos[i], "fl=" + flag[i] + pos[i],
             "fl-1=" + (flag[i - 1] if i else "^"), "fl+1=" + (flag[i + 1] if i + 1 < n else "$"),
             "se=" + suffix_end[i], "si=" + suffix_in[i], "se+1=" + suffix_end[i + 1],
             "title=" + ("1" if after_title[i] else "0")]
        if len(word[i]) >= 2:
            f.append("w=" + word[i])
        if pos[i] in "BS":
            f.append("wb=" + before[i])
        if pos[i] in "ES":
            f.append("wa=" + after[i])
        if known[i]:
            f.append("lex=" + known[i] + pos[i])
        out.append(f)
    return out


def gold_labels(text: str, names: Iterable[tuple[str, str]]) -> list[str]:
    """BIO labels of ``text`` from annotated (name, class) pairs: every occurrence of a name,
    longest names first, a character labelled once."""
    labels = ["O"] * len(text)
    for name, cls in sorted(set(names), key=lambda nc: (-len(nc[0]), nc)):
        if len(name) < MIN_NAME:
            continue
        for m in re.finditer(re.escape(name), text):
            a, b = m.start(), m.end()
            if all(x == "O" for x in labels[a:b]):
                labels[a:b] = ["B-" + cls] + ["I-" + cls] * (b - a - 1)
    return labels


def label_spans(labels: Sequence[str]) -> list[tuple[int, int, str]]:
    """(start, end, class) of the names a BIO labelling marks; an I- without its B- starts a name."""
    out, start, cls = [], None, None
    for i, lab in enumerate([*labels, "O"]):
        continues = lab.startswith("I-") and start is not None and lab[2:] == cls
        if continues:
            continue
        if start is not None and i - start >= MIN_NAME:
            out.append((start, i, cls))
        start, cls = (i, lab[2:]) if lab != "O" else (None, None)
    return out


@dataclass
class Reading:
    """The tagger's reading of one sentence: its names, and how sure it is of any span (asked
    before the tagger reads another sentence: crfsuite keeps one sentence's lattice at a time)."""

    spans: list[tuple[int, int, str]]
    marginal: Callable[[str, int], float] | None = None
    labels: frozenset = frozenset()
    length: int = 0

    def probability(self, start: int, end: int, cls: str) -> float:
        """How sure the tagger is that ``[start, end)`` is one name of ``cls``: its weakest link among
        the name starting at ``start``, going on to ``end`` and stopping there (marginal probabilities;
        0 for a class the tagger does not know)."""
        if self.marginal is None or end <= start or "B-" + cls not in self.labels:
            return 0.0
        m, inside = self.marginal, "I-" + cls
        links = [m("B-" + cls, start)] + [m(inside, i) for i in range(start + 1, end)]
        if end < self.length:
            links.append(1.0 - m(inside, end))
        return min(links)


class NameTagger:
    """A trained tagger: the names of a sentence as (start, end, class)."""

    def __init__(self, path: str | Path):
        import pycrfsuite

        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(str(path))
        self._labels = frozenset(self._tagger.labels())

    def spans(self, text: str, tokens: Sequence[Token]) -> list[tuple[int, int, str]]:
        return self.read(text, tokens).spans

    def read(self, text: str, tokens: Sequence[Token]) -> Reading:
        if not text:
            return Reading([])
        spans = label_spans(self._tagger.tag(char_features(text, tokens)))
        return Reading(spans, self._tagger.marginal, self._labels, len(text))


def model_path() -> Path:
    return data_file(str(MODEL))


@lru_cache(maxsize=None)
def load_tagger(path: str | None = None) -> NameTagger | None:
    """The shipped tagger (or the one at ``path``); None when there is no model file."""
    p = Path(path) if path else model_path()
    return NameTagger(p) if p.is_file() else None


def train_tagger(sequences: Iterable[tuple[list[list[str]], list[str]]], path: str | Path) -> Path:
    """Train on (features, labels) sentences, in the order given, into ``path``."""
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for features, labels in sequences:
        trainer.append(features, labels)
    trainer.set_params(TRAINING)
    trainer.train(str(path))
    return Path(path)
