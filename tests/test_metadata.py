"""Title, publication date, publisher and URL."""
from __future__ import annotations

import pytest

from kg.read.metadata import parse_date, publication_date, publisher
from kg.model import Source
from kg.read.document import normalise


def _doc(text: str, **kw):
    return normalise(Source(path="m.txt", name="m.txt", original=text, encoding="utf-8", sha256="cd" * 32, **kw))


@pytest.mark.parametrize("s,iso", [
    ("2018-12-12", "2018-12-12"), ("發布時間:2020-11-30 09:24:46", "2020-11-30"), ("2016年5月17日", "2016-05-17"),
    ("2020/1/2 8:00", "2020-01-02"), ("2020.11.30", "2020-11-30"), ("2020-11-30T09:24:46+08:00", "2020-11-30"),
    ("20201130", "2020-11-30"), ("2016 年 5 月 7 日", "2016-05-07"), ("2019-13-40", None), ("第5期", None), (None, None),
])
def test_parse_date(s, iso):
    assert parse_date(s) == iso


def test_labelled_date_wins_over_an_earlier_one():
    assert publication_date("2019年工作总结\n发布日期：2020-01-05") == "2020-01-05"


@pytest.mark.parametrize("head,name", [
    ("来源：潍坊融媒客户端发布时间：2020-11-30 09:24:46", "潍坊融媒客户端"),
    ("来源:潍坊融媒客户端   发布时间:2020-11-30", "潍坊融媒客户端"),
    ("青岛政务网发布日期 : 2018-12-12", "青岛政务网"),
    ("来源：示例在线2022-02-14 10:22:03", "示例在线"),
    ("时间：2018-11-20 19:22:36 来源：示例日报作者：", "示例日报"),
    ("信息来源：市商务局 | 浏览次数：120", "市商务局"),
    ("示例报 2017-06-05 04:10", "示例报"),
    ("市政府召开会议。", None),
])
def test_publisher(head, name):
    assert publisher(head) == name


def test_seed_004_header():
    doc = _doc("?\nA+ A-\n\n持續攻堅“雙招雙引” 加快推進(jìn)高質(zhì)量發(fā)展\n\n"
               "來源:濰坊融媒客戶端   發(fā)布時間:2020-11-30 09:24:46\n\n  開放招引時不我待。\n")
    assert doc.publisher == "潍坊融媒客户端"
    assert doc.date == "2020-11-30"
    assert doc.title == "持续攻坚“双招双引” 加快推进高质量发展"


def test_seed_000_header():
    doc = _doc("凝僑心聚僑力“雙招雙引”結碩果\n青島政務網(wǎng) 發(fā)布日期 : 2018-12-12\n字體大小: 打印\n\n"
               "  2018年,市政府僑辦緊緊圍繞市委、市政府中心工作。\n")
    assert (doc.publisher, doc.date, doc.title) == ("青岛政务网", "2018-12-12", "凝侨心聚侨力“双招双引”结硕果")


def test_source_fields_win():
    doc = _doc("正文第一段。\n来源：别处", title="  页面 标题 ", date="2016年5月17日", url="http://example.cn/a",
               publisher="示例日報")
    assert doc.title == "页面 标题" and doc.date == "2016-05-17" and doc.url == "http://example.cn/a"
    assert doc.publisher == "示例日报"


def test_url_in_the_head():
    doc = _doc("原文地址：http://www.example.cn/news/1.html\n正文。")
    assert doc.url == "http://www.example.cn/news/1.html"


def test_no_metadata():
    doc = _doc("今年以来，全市新引进项目三十个，总投资达到一百亿元，同比增长。")
    assert doc.date is None and doc.publisher is None


def test_section_headings_and_bylines_are_no_titles():
    doc = _doc("今年上半年，全市新引进项目三十个，总投资达到一百亿元，同比增长两成，各项工作取得新进展，实现了半年目标。\n"
               "一、工作开展情况\n外资引进。")
    assert doc.title is None
    doc = _doc("示例日报记者 王明\n项目签约仪式举行\n正文。")
    assert doc.title == "项目签约仪式举行"


@pytest.mark.parametrize("url,iso", [
    ("http://www.example.gov.cn/xwzx/2018-12/12/content_1234.htm", "2018-12-12"),
    ("http://www.example.gov.cn/art/2020/11/30/art_1_2.html", "2020-11-30"),
    ("http://www.example.gov.cn/zwgk/t20160517_123456.html", "2016-05-17"),
    ("http://www.example.gov.cn/news/123456.html", None),
])
def test_date_from_the_url_when_the_text_gives_none(url, iso):
    assert _doc("今年以来，全市新引进项目三十个。", url=url).date == iso


def test_titles_from_the_source_are_normalised():
    doc = _doc("正文。", title="青島政務網(wǎng)：簽約 儀式")
    assert doc.title == "青岛政务网：签约 仪式"
