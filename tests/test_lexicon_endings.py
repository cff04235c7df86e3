"""lexicon.suffix_of and title_ending look only at the lengths of words that end with the last
character; they must answer exactly what trying every length (``longest_ending``) answers."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kg.extract import lexicon


def _all_lengths_suffix(name):
    return lexicon.longest_ending(name, len(name), lexicon.suffix_types(), lexicon._suffix_lengths())


def _all_lengths_title(text, end=None):
    return lexicon.longest_ending(text, len(text) if end is None else end, lexicon._title_set(),
                                  lexicon._title_lengths())


def test_examples():
    assert lexicon.suffix_of("瑞岚智造科技有限公司") == _all_lengths_suffix("瑞岚智造科技有限公司") is not None
    assert lexicon.suffix_of("") is None and lexicon.title_ending("") is None
    assert lexicon.title_ending("区委书记") == _all_lengths_title("区委书记") is not None


def _alphabet() -> str:
    words = sorted(lexicon.suffix_types())[:40] + list(lexicon.titles())[:40]
    return "".join(sorted(set("".join(words)))) + "的市与张王"


@settings(max_examples=300, derandomize=True, deadline=None, database=None)
@given(st.text(alphabet=_alphabet(), max_size=12), st.integers(min_value=-3, max_value=15))
def test_same_as_trying_every_length(text, end):
    assert lexicon.suffix_of(text) == _all_lengths_suffix(text)
    assert lexicon.title_ending(text) == _all_lengths_title(text)
    assert lexicon.title_ending(text, end) == _all_lengths_title(text, end)
    assert lexicon.suffix_ending_at(text, end) == lexicon.suffix_of(text[:end]) == _all_lengths_suffix(text[:end])


def test_every_word_is_found_at_its_end():
    for w in lexicon.suffix_types():
        assert lexicon.suffix_of("某某" + w) == _all_lengths_suffix("某某" + w)
    for t in lexicon.titles():
        assert lexicon.title_ending("张" + t) == _all_lengths_title("张" + t) is not None
