"""Where a literal word occurs in a text: ``re.finditer(re.escape(word), text)`` without the regex.

Names found again across an article's sentences (short forms, persons, pronouns) are hundreds of
different words per article: each one a regex compiled anew once Python's pattern cache (512
entries) overflows.  ``str.find`` gives the same spans.
"""
from __future__ import annotations

import re
from typing import Iterator


def occurrences(word: str, text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of every non-overlapping occurrence of ``word`` in ``text``, left to right: the
    spans of ``re.finditer(re.escape(word), text)``."""
    if not word:                      # the empty word matches between every two characters
        yield from (m.span() for m in re.finditer("", text))
        return
    n = len(word)
    at = text.find(word)
    while at >= 0:
        yield at, at + n
        at = text.find(word, at + n)
