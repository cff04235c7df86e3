"""What every kind of mention shares: ``Candidate``, a sentence with its tokens (``SentenceView``),
the limits and word classes the rules use, and the checks several kinds ask (is a token specific,
is a word in the sector vocabulary)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .. import gazetteer, lexicon
from ..tokens import Token, tokenize, word_frequency


MAX_NAME = 32
MAX_EVENT = 64
CJK = re.compile(r"[\u4e00-\u9fff]")
STOP_FLAGS = ("p", "c", "u", "r", "d", "y", "o", "q")   # first letters of jieba flags that end a name
STOP_EXACT = frozenset({"e", "ad", "zg", "i"})
LEGAL_SUFFIXES = frozenset({"有限公司", "股份有限公司", "有限责任公司", "集团公司"})
SPECIFIC_FLAGS = ("ns", "nr", "nt", "nz", "eng", "j", "nrt", "nrfg")
RARE = 150
JOINERS = {"及", "暨", "与", "和", "、"}
INNER_PUNCT = {"·", "-", "—", "–", "－", "•", "+", "&"}
OPEN, CLOSE = "(（“《", ")）”》"
PAIRS = {")": "(", "）": "（", "”": "“", "》": "《"}
CAPACITY = re.compile(r"[\d.一二三四五六七八九十百千万亿×xX]+(?:万|千)?(?:吨|套|台|件|辆|片|平方米|立方米|千瓦|兆瓦|瓦|MW|GW|KW|kW)")
EVENT_WORDS = frozenset({"投资", "招商", "引资", "签约", "推介", "发展", "建设", "开工", "合作", "推进", "促进", "交流"})
QUANT_AFTER = re.compile(r"^(?:多|余|个|家|项|亿|万|元|千|百|名|位|批|年|月|日|号|%|米|吨|平方|亩|场|次|期|届|轮)")


@dataclass
class Candidate:
    start: int                 # offsets into the sentence text
    end: int
    text: str
    type: str
    rule: str
    score: float = 1.0
    aliases: list[str] = field(default_factory=list)
    nested: bool = False       # may overlap other mentions (a place inside a name)
    canonical: str | None = None
    tagged: bool = False       # the learned tagger (kg.extract.names) found this span too
    tag_p: float = 0.0         # how sure the tagger is of this span and class (0 without a tagger)
    proper: bool = False       # one word jieba knows as an organisation's name (清华大学)
    place: "gazetteer.Place | None" = None


@dataclass
class SentenceView:
    text: str
    tokens: list[Token]
    ends: list[int] | None = None
    _at: list[int] | None = None
    rejected: list = field(default_factory=list)   # (surface, reason, score) of names the grammar refused
    lists: dict = field(default_factory=dict)      # coordinated_lists, computed once per sentence

    def token_at(self, pos: int) -> int:
        """Index of the token containing character ``pos``."""
        if self._at is None:
            self._at = [i for i, t in enumerate(self.tokens) for _ in range(t.end - t.start)]
        if 0 <= pos < len(self._at):
            return self._at[pos]
        return len(self.tokens) - 1


def view(text: str) -> SentenceView:
    return SentenceView(text, tokenize(text))


def _fragment_char(t: Token, loose: bool = False) -> bool:
    """A single character jieba could not join to a word (达 of 信达; 达 the verb only loosely)."""
    return len(t.word) == 1 and CJK.match(t.word) is not None and t.flag[:1] not in "pcurdmxyoe" and \
        (loose and t.flag == "v" and word_frequency(t.word) < 50000 or t.word not in lexicon.boundary_words()) and t.word not in JOINERS and \
        not lexicon.suffix_of(t.word)


def _matching_open(toks: list[Token], i: int) -> int | None:
    want = PAIRS[toks[i].word]
    for j in range(i - 1, max(-1, i - 20), -1):
        if toks[j].word == want:
            return j
        if toks[j].word in "。；;，,":
            return None
    return None


def is_specific(t: Token) -> bool:
    """A token that can carry a name: a proper noun, latin or digits, or a rare word."""
    if t.word in lexicon.generic_modifiers():
        return False
    if lexicon.suffix_types().get(t.word) == "Government" and len(t.word) >= 2:
        return True  # 市委全会
    if t.flag in SPECIFIC_FLAGS or re.search(r"[A-Za-z0-9]", t.word) or t.word in "“”《》()（）":
        return True
    if len(t.word) >= 2 and any(not p.common for p in gazetteer.lookup(t.word)):
        return True  # 合肥 tagged as a plain noun by jieba is still a place
    return word_frequency(t.word) < RARE and not _splits_into_common_words(t.word)


def _splits_into_common_words(word: str) -> bool:
    return len(word) >= 3 and any(word_frequency(word[:i]) >= RARE and word_frequency(word[i:]) >= RARE
                                  for i in range(1, len(word)))


def _in_vocab(w: str, vocab) -> bool:
    if vocab is not lexicon.industries():
        return _in_vocab_uncached(w, vocab)
    hit = _VOCAB_HITS.get(w)
    if hit is None:
        if len(_VOCAB_HITS) > 200_000:
            _VOCAB_HITS.clear()
        hit = _VOCAB_HITS[w] = _in_vocab_uncached(w, vocab)
    return hit


_VOCAB_HITS: dict[str, bool] = {}   # the sector vocabulary is fixed for the process


def _in_vocab_uncached(w: str, vocab) -> bool:
    if w in vocab or (w.endswith(("产业", "行业")) and w[:-2] in vocab) or (w.endswith("业") and w[:-1] in vocab):
        return True
    # a vocabulary word of 2+ characters ending w, at most 2 characters shorter (set look-ups, not a scan)
    return len(w) <= 8 and any(w[len(w) - k:] in vocab for k in range(max(2, len(w) - 2), len(w) + 1))
