"""Sentence splitting that respects quotes and brackets."""
from __future__ import annotations

from kg.model import Source
from kg.read.document import normalise
from kg.read.sentences import MAX_OPEN, split_sentences


def _sents(text: str) -> list[str]:
    doc = normalise(Source(path="s.txt", name="s.txt", original=text, encoding="utf-8", sha256="ef" * 32))
    out = split_sentences(doc)
    for s in out:
        assert doc.text[s.start:s.end] == s.text
    return [s.text for s in out]


def test_plain_ends():
    assert _sents("项目签约。总投资十亿元！是否落地？已经开工；进展顺利") == [
        "项目签约。", "总投资十亿元！", "是否落地？", "已经开工；", "进展顺利"]


def test_quotes_hold_their_sentences():
    assert _sents("他说：“要抓项目。抓招商。”随后离开。") == ["他说：“要抓项目。抓招商。”", "随后离开。"]
    assert _sents("会议提出“稳外资、扩内资”目标。全年完成。") == ["会议提出“稳外资、扩内资”目标。", "全年完成。"]


def test_brackets_hold_their_sentences():
    assert _sents("签约项目（其中外资项目五个。内资三个。）已全部开工。下一步扩大。") == [
        "签约项目（其中外资项目五个。内资三个。）已全部开工。", "下一步扩大。"]


def test_stray_quote_does_not_glue_a_paragraph():
    text = "“" + "项目进展顺利。" * (MAX_OPEN // 7 + 20)
    assert len(_sents(text)) > 15


def test_paragraphs_are_lines():
    doc = normalise(Source(path="p", name="p", original="第一段。第二句。\n\n第二段。\n",
                           encoding="utf-8", sha256="00" * 32))
    sents = split_sentences(doc)
    assert [(s.paragraph, s.text) for s in sents] == [(0, "第一段。"), (0, "第二句。"), (1, "第二段。")]
    assert [s.index for s in sents] == [0, 1, 2]


def test_ascii_question_mark_is_debris_not_an_end():
    assert _sents("行业百??企业投资项目二十六个。") == ["行业百??企业投资项目二十六个。"]


def test_traditional_with_ascii_punctuation():
    assert _sents("2018年,市政府僑辦緊緊圍繞中心工作;取得新成效!") == [
        "2018年，市政府侨办紧紧围绕中心工作；", "取得新成效！"]
