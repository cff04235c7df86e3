"""kg.extract.relations skips a sentence pattern only where it cannot match.

``needs_of`` reads a compiled regular expression and returns sets of strings of which every
match contains at least one; ``sentence_relations`` skips a pattern when the masked
sentence lacks all strings of one set.  These tests check the sets against ``re`` itself:
whenever a pattern matches, every one of its sets is met.
"""
from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.extract.patterns import load_patterns
from kg.extract.relations import needs_of


def _met(rx: re.Pattern, text: str) -> bool:
    return all(any(w in text for w in need) for need in needs_of(rx))


@pytest.mark.parametrize("source,needs", [
    ("abc", [{"abc"}]),
    ("a(?:b|cd)e", [{"abe", "acde"}]),
    ("x[12]y", [{"x1y", "x2y"}]),
    ("[“《]?⟨(?:Park|Region):\\d+⟩", [{"⟨Park:", "⟨Region:"}, {"⟩"}]),
    ("(?:签约|签订)\\w*项目", [{"签约", "签订"}, {"项目"}]),
    ("(?:a\\d|b\\d)", [{"a", "b"}]),
    ("(?:a|\\d)x", [{"x"}]),                     # one alternative needs nothing fixed: no set for it
    ("a*b?c{0,3}", []),                          # nothing is needed
    ("(?:ab)+c", [{"ab"}, {"c"}]),
    ("(?=abc)d", [{"d"}]),                       # look-arounds are left out
    ("[^a]b", [{"b"}]),
])
def test_needs_of_hand_written(source, needs):
    assert sorted(map(sorted, needs_of(re.compile(source)))) == sorted(map(sorted, needs))


def test_case_insensitive_needs_nothing():
    assert needs_of(re.compile("abc", re.IGNORECASE)) == ()
    assert needs_of(re.compile("x(?i:abc)")) == (frozenset({"x"}),)


PROPERTY = settings(max_examples=400, derandomize=True, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(st.text(alphabet="ab12xy“⟨⟩:cde", max_size=14))
def test_hand_written_regexes_against_re(text):
    for source in ("abc", "a(?:b|cd)e", "x[12]y", "[“]?⟨(?:a|b):\\d+⟩", "(?:ab)+c", "(?:a\\d|b\\d)", "a?b?c"):
        rx = re.compile(source)
        if rx.search(text):
            assert _met(rx, text)


def _pieces() -> list[str]:
    """Material the patterns look for: their needed strings, slots of every type, gaps."""
    words = sorted({w for p in load_patterns() for need in needs_of(p.regex) for w in need})
    types = sorted({w[1:-1] for w in words if w.startswith("⟨") and w.endswith(":")})
    slots = [f"⟨{t}:{i}⟩" for t in types for i in (0, 3)]
    return words + slots + list("，、和及与等的了在于将。") + ["项目", "公司", "有限公司", "共同", "年"]


PIECES = _pieces()


@PROPERTY
@given(st.lists(st.sampled_from(PIECES), max_size=12))
def test_every_pattern_matches_only_where_its_needs_are_met(parts):
    text = "".join(parts)
    for pat in load_patterns():
        if pat.regex.search(text):
            assert _met(pat.regex, text), (pat.name, text)


def test_the_patterns_have_needs():
    """The point of it all: nearly every pattern needs some word or some type of mention."""
    assert sum(1 for p in load_patterns() if needs_of(p.regex)) >= len(load_patterns()) - 2


@pytest.mark.parametrize("name", [p.name for p in load_patterns()])
def test_strings_each_pattern_matches_meet_its_needs(name):
    rx = next(p.regex for p in load_patterns() if p.name == name)

    @settings(PROPERTY, max_examples=10)
    @given(st.from_regex(rx))
    def check(text):
        assert rx.search(text)
        assert _met(rx, text), text

    check()
