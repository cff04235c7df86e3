"""kg.extract.hmm gives jieba.posseg's words and flags, pair for pair, only faster.

Every test compares with jieba itself: the original Viterbi search
(``jieba.posseg.viterbi.viterbi``) and the original ``jieba.posseg.POSTokenizer`` over the
same word dictionary.  The sentences are our own.
"""
from __future__ import annotations

import jieba
import jieba.posseg
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jieba.posseg.viterbi import viterbi as original_viterbi

from kg.extract import hmm, tokens

SENTENCES = [
    "",
    "青岛市人民政府与某某科技有限公司签约",
    "副市长韦柏涛会见了翟墨珩一行，双方就新能源汽车零部件项目进行了深入交流。",
    "项目总投资32.2亿元，预计2025年投产，年产值可达8.5亿美元。",
    "瑞岚智造（苏州）有限公司CEO Lin Hao表示，将在园区设立R&D中心。",
    "會議由市招商局局長鄺雋龍主持，來自臺灣的三家企業參與洽談。",
    "滕昱琨、欧阳霁川和司马鸥鹭分别代表三方在合作协议上签字",
    "  空格\t制表符\r\n换行 与 标点！？……——“引号”",
    "熊姣榕",                         # a character none of whose states is reachable: the fall-back
    "甾烷烯醇 氘氚 镓铟锡 鎏金 龘",     # rare characters, some outside jieba's emission tables
    "一二三四五六七八九十百千万亿",
    "abc123 4.5.6 x_y#z+1 &amp;",
]


@pytest.fixture(scope="module")
def pair_of_tokenizers():
    """jieba's POSTokenizer and ours over one and the same word dictionary (kg's own)."""
    fast = tokens._tokenizer()
    original = jieba.posseg.POSTokenizer(fast.tokenizer)
    original.word_tag_tab = fast.word_tag_tab
    return original, fast


def _pairs(tokenizer, text, hmm_on=True):
    return [(p.word, p.flag) for p in tokenizer.lcut(text, HMM=hmm_on)]


def _original_route(text):
    P = jieba.posseg
    return original_viterbi(text, P.char_state_tab_P, P.start_P, P.trans_P, P.emit_P)[1]


def test_kg_uses_the_fast_tokenizer():
    assert isinstance(tokens._tokenizer(), hmm.POSTokenizer)


@pytest.mark.parametrize("text", SENTENCES)
def test_same_pairs_as_jieba(pair_of_tokenizers, text):
    original, fast = pair_of_tokenizers
    assert _pairs(fast, text) == _pairs(original, text)
    assert _pairs(fast, text, False) == _pairs(original, text, False)
    assert fast.word_flags(text) == _pairs(original, text)


def test_word_flags_on_a_small_dictionary_with_ties():
    """Words of one frequency make equal route scores (甲乙+丙 against 甲+乙丙): jieba's calc takes
    the larger end, and so must ``word_flags``; a prefix of no frequency (甲乙丙丁 of 甲乙丙丁戊)
    and runs of single characters that are or are not words take their own paths."""
    tok = jieba.Tokenizer()
    freq = {}
    for w, f in (("甲", 10), ("乙", 10), ("丙", 10), ("甲乙", 10), ("乙丙", 10), ("甲乙丙丁戊", 5),
                 ("丁戊", 7), ("戊己", 7), ("庚辛", 0), ("辛壬", 3)):
        for i in range(1, len(w)):
            freq.setdefault(w[:i], 0)
        freq[w] = f
    tok.FREQ, tok.total, tok.initialized = freq, sum(freq.values()), True
    original, fast = jieba.posseg.POSTokenizer(tok), hmm.POSTokenizer(tok)
    for text in ("甲乙丙", "甲乙丙丁", "甲乙丙丁戊", "丁戊己", "戊己庚辛壬", "庚辛", "甲乙乙丙丙丁",
                 "戊己庚，甲乙丙丁戊己庚", "甲乙丙 abc 12.5 戊己\r\n", ""):
        assert fast.word_flags(text) == _pairs(original, text)


@pytest.mark.parametrize("text", [s for s in SENTENCES if s])
def test_same_route_as_jieba(text):
    for run in jieba.posseg.re_han_detail.findall(text) + [text]:
        assert hmm.viterbi(run) == _original_route(run)
        assert hmm.viterbi_py(run) == _original_route(run)


def test_plain_jieba_dictionary_too():
    tok = jieba.Tokenizer()
    jieba.dt.check_initialized()
    tok.FREQ, tok.total, tok.initialized = dict(jieba.dt.FREQ), jieba.dt.total, True
    original, fast = jieba.posseg.POSTokenizer(tok), hmm.POSTokenizer(tok)
    for text in SENTENCES:
        assert _pairs(fast, text) == _pairs(original, text)


def test_fall_back_path_is_taken(monkeypatch):
    """熊姣榕: no state of 榕 follows a state of 姣; the original then scores every state
    reachable from 姣's, and so must we (numpy hands such runs to the plain version)."""
    empty, handed = [], []
    step, plain = hmm._step, hmm.viterbi_py

    def spy(prev, states):
        cur, back = step(prev, states)
        if not cur:
            empty.append(1)
        return cur, back

    def spy_plain(obs):
        handed.append(obs)
        return plain(obs)

    monkeypatch.setattr(hmm, "_step", spy)
    monkeypatch.setattr(hmm, "viterbi_py", spy_plain)
    for run in ("姣榕", "熊姣榕", "熊姣榕会见"):
        assert hmm.viterbi(run) == _original_route(run)
    assert empty and handed == ["姣榕", "熊姣榕", "熊姣榕会见"]


def test_cached_results_are_fresh_pairs(pair_of_tokenizers):
    _, fast = pair_of_tokenizers
    text = "韦柏涛会见翟墨珩"
    first = fast.lcut(text)
    first[0].word = "changed"
    assert [p.word for p in fast.lcut(text)] == [p.word for p in jieba.posseg.POSTokenizer(fast.tokenizer).lcut(text)]
    assert hmm.cut_han.cache_info().maxsize == hmm.CACHE_SIZE


# Common and rare characters, surnames, traditional forms (known to the HMM's emissions but
# not to its character-state table), characters outside both, digits, latin, punctuation.
ALPHABET = ("的是在了人市区县省公司有限科技集团投资项目签约会见园产业新能源"
            "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾"
            "姣榕韦柏涛翟墨珩滕昱琨霁鸥鹭鄺雋龍來臺們傳債"
            "甾烷氘氚镓铟鎏龘" "0123456789.abcXYZ _#&+，。、（）“”")
CJK = "的是在了人市区县公司有限科技集团投资项目王李张刘陈姣榕韦柏涛翟墨珩滕昱琨霁鸥鹭鄺雋龍來臺們傳債甾烷氘氚镓铟鎏龘"
PROPERTY = settings(max_examples=300, derandomize=True, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(st.text(alphabet=CJK, min_size=1, max_size=24))
def test_route_property(run):
    expected = _original_route(run)
    assert hmm.viterbi(run) == expected
    assert hmm.viterbi_py(run) == expected


@PROPERTY
@given(st.text(alphabet=ALPHABET, max_size=40))
def test_pairs_property(pair_of_tokenizers, text):
    original, fast = pair_of_tokenizers
    assert _pairs(fast, text) == _pairs(original, text)
    assert fast.word_flags(text) == _pairs(original, text)
