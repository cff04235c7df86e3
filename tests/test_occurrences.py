"""kg.extract.occurrences finds a literal word's spans as ``re.finditer(re.escape(word), text)`` does."""
from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from kg.extract.occurrences import occurrences

TEXT = "星河电子有限公司与星河市签约。星河星河(星河)a.b*c 星河电子"


def _regex(word: str, text: str) -> list[tuple[int, int]]:
    return [m.span() for m in re.finditer(re.escape(word), text)]


def test_same_spans_as_the_regex_overlaps_left_to_right_and_special_characters():
    for word in ("星河", "星河星河", "河星", "(星河)", "a.b*c", ".", "*", "不在", "", "，", TEXT, TEXT + "x"):
        assert list(occurrences(word, TEXT)) == _regex(word, TEXT)
    assert list(occurrences("aa", "aaaaa")) == [(0, 2), (2, 4)]


@settings(max_examples=300, derandomize=True, database=None, deadline=None)
@given(st.text(alphabet="星河ab.*(", max_size=4), st.text(alphabet="星河ab.*( ", max_size=30))
def test_property(word, text):
    assert list(occurrences(word, text)) == _regex(word, text)
