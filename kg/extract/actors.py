"""Who acts in a sentence that leaves its subject out: the subject of the sentence, else the
last subject of the paragraph, else the article's own actor (the city, zone or office the
report is about).  See the GUIDELINE's "left-out subject" convention."""
from __future__ import annotations

import re
from collections import Counter

from .context import Context, Slot
from ..model import Sentence
from .patterns import expand_types
from .positions import countries

# words that may stand before a subject: time, place adverbials, connectives
_LEAD = re.compile(
    r"^(?:[0-9一二三四五六七八九十两]+(?:年|月|日|号|季度)|[上下中]午|晚上|上半年|下半年|今年|去年|明年|"
    r"近日|日前|目前|当前|当天|当日|同日|次日|昨天|昨日|今天|同时|此外|另外|其中|据悉|据了解|据介绍|"
    r"近年来|以来|期间|会上|会议期间|随后|此次|本次|首先|其次|最后|一是|二是|三是|四是|五是|"
    r"下一步|下步|为此|对此|与此同时|初冬|初春|[，,、\s“”\"（）()\-—一二三四五六七八九十]|[^⟨⟩，,。；]{0,12}[，,])*$")
_NOT_SUBJECT_NEXT = re.compile(r"^(?:的|之|、|和|及|与|等|所属|旗下|方面|领域|产业|行业)")
_HOSTS = ("Government", "Region", "Park")   # the actors a paragraph keeps across sentences
_MEMORY = ("Government", "Region")   # a park that opens a sentence is often what it talks about
_SUBJECT_LIST = re.compile(r"^(?:、|和|及|以及|与)$")


def sentence_subject(text: str, slots: list[Slot], types: tuple[str, ...]) -> list[tuple]:
    """The mention(s) the sentence starts with, when they are its subject: ``A和B都是…``."""
    if not slots or slots[0].type not in types or not _LEAD.match(text[:slots[0].start]):
        return []
    group = [slots[0]]
    for prev, nxt in zip(slots, slots[1:]):
        if _SUBJECT_LIST.match(text[prev.end:nxt.start]) and nxt.type in types:
            group.append(nxt)
        else:
            break
    if _NOT_SUBJECT_NEXT.match(text[group[-1].end:]):
        return []
    speaker = _body_of_speaker(text, slots, types)
    if speaker:
        return speaker
    nxt = slots[len(group)] if len(slots) > len(group) else None
    if nxt and nxt.type == "Person" and nxt.start - group[-1].end <= 10 and \
            not re.search(r"[，,。；]", text[group[-1].end:nxt.start]):
        return []          # 中国科学院院士吴德馨: an affiliation, not the sentence's subject
    return [g.key for g in group]


def _body_of_speaker(text: str, slots: list[Slot], types: tuple[str, ...]) -> list[tuple]:
    """``⟨县政府⟩党组成员、⟨园区管委会⟩主任⟨张三⟩介绍…，并与…签订…``: a sentence whose subject is a person
    named with the bodies they hold posts in acts through the last of those bodies."""
    for j, x in enumerate(slots[1:], 1):
        if re.search(r"[，,。；;]", text[slots[0].end:x.start]) or j > 4:
            return []
        if x.type == "Person":
            body = slots[j - 1]
            if body.type in types and body.type != "Region" and 0 < x.start - body.end <= 8:
                return [body.key]
            return []
    return []


class Actors:
    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.types = expand_types("AGENT")
        self.paragraph: dict[int, list[tuple]] = {}
        self.document = self._document_actor()

    def _document_actor(self) -> list[tuple]:
        host = set(_HOSTS)
        subjects: Counter = Counter()
        mentions: Counter = Counter()
        first: dict[tuple, int] = {}
        for s in self.ctx.sentences:
            slots = self.ctx.slots.get(s.index, [])
            for k in sentence_subject(s.text, slots, self.types):
                if k[0] in host:
                    subjects[k] += 1
            for x in slots:
                if x.type in host:
                    mentions[x.key] += 1
                    first.setdefault(x.key, s.start + x.start)
        pool = subjects or mentions
        if not pool:
            return []
        best = max(pool, key=lambda k: (pool[k], mentions[k], -first.get(k, 0)))
        return [best]

    def actor(self, s: Sentence, slots: list[Slot]) -> list[tuple]:
        """The actor of ``s``: its own subject, the paragraph's last subject, or the article's."""
        own = sentence_subject(s.text, slots, self.types)
        if own:
            if all(k[0] in _MEMORY and k[1] not in countries() for k in own):
                self.paragraph[s.paragraph] = own
            return own
        return self.paragraph.get(s.paragraph) or self.document
