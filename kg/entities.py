"""Find the named things of an article (placeholder: organisational suffixes only).

Replaced by the full mention grammar; the interface stays:
``find_entities(doc, sentences) -> (entities, rejected)``.
"""
from __future__ import annotations

import re

from .model import Document, Entity, Mention, Sentence

_SUFFIX_TYPES = [
    ("有限公司", "Company"), ("集团", "Company"), ("人民政府", "Government"), ("管委会", "Government"),
    ("大学", "ResearchInstitution"), ("研究院", "ResearchInstitution"), ("项目", "Project"),
    ("产业园", "Park"), ("开发区", "Park"), ("高新区", "Park"),
]
_PATTERN = re.compile(r"[\u4e00-\u9fff]{2,14}?(?:" + "|".join(s for s, _ in _SUFFIX_TYPES) + ")")


def find_entities(doc: Document, sentences: list[Sentence]):
    by_label: dict[tuple[str, str], Entity] = {}
    for s in sentences:
        for m in _PATTERN.finditer(s.text):
            surface = m.group(0)
            etype = next(t for suf, t in _SUFFIX_TYPES if surface.endswith(suf))
            mention = Mention(surface, s.start + m.start(), s.start + m.end(), etype, s.index, rule="suffix")
            ent = by_label.setdefault((etype, surface), Entity(type=etype, label=surface))
            ent.mentions.append(mention)
    return list(by_label.values()), []
