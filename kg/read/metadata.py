"""Title, publication date, publisher and URL of an article.

Works on the normalised text (simplified script, full-width colons kept) plus what
the reader found in the file (HTML ``<meta>``, JSON fields).  The info line of a
news page is read for the date and the publisher:

    来源：潍坊融媒客户端发布时间：2020-11-30 09:24:46   -> 潍坊融媒客户端, 2020-11-30
    青岛政务网发布日期 : 2018-12-12                       -> 青岛政务网, 2018-12-12
    来源：华声在线2022-02-14 10:22:03                     -> 华声在线, 2022-02-14
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ..model import Source


@dataclass
class Metadata:
    title: str | None = None
    date: str | None = None
    publisher: str | None = None
    url: str | None = None


HEAD_CHARS = 600        # the info line sits near the top
_DATE = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})\s*(?:[-/.]\s*(?P<m>\d{1,2})\s*[-/.]\s*(?P<d>\d{1,2})(?!\d)"
                   r"|年\s*(?P<m2>\d{1,2})\s*月\s*(?P<d2>\d{1,2})\s*[日号]?)")
_COMPACT_DATE = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})(?P<m>[01]\d)(?P<d>[0-3]\d)(?:\d{4,6})?(?!\d)")
_LABEL = r"(?:发布|发表|更新|发稿|上传|录入|成文)?(?:日期|时间)"
_LABELLED_DATE = re.compile(_LABEL + r"\s*[:：]?\s*(?=\d)")
_SOURCE_LABEL = re.compile(r"(?:信息来源|文章来源|新闻来源|稿件来源|来源|稿源|出处)\s*[:：]\s*")
# what ends a publisher: another label, a date, a separator
_PUBLISHER_END = re.compile(r"\s{2,}|\s*(?:" + _LABEL + r"|作者|编辑|责任编辑|记者|浏览|点击|阅读|字号|字体|【|\[)"
                            r"|\s*(?:19|20)\d{2}\s*[-/.年]|\s*[|｜\n]|\s*$")
_URL = re.compile(r"https?://[^\s\"'<>，。）)]+")


def iso_date(m: re.Match) -> str | None:
    """A ``_DATE`` or ``_COMPACT_DATE`` match as ``YYYY-MM-DD``; None when it is no real date."""
    gd = m.groupdict()
    y, mo, d = int(gd["y"]), int(gd.get("m") or gd.get("m2") or 0), int(gd.get("d") or gd.get("d2") or 0)
    try:
        return date(y, mo, d).isoformat()
    except ValueError:
        return None


def parse_date(s: str | None) -> str | None:
    """Any common way of writing a date (``2018-12-12``, ``2016年5月17日``, ``2020/11/30 09:24``,
    ``2020-11-30T09:24:46+08:00``, ``20201130``) as ISO ``YYYY-MM-DD``."""
    if not s:
        return None
    for pat in (_DATE, _COMPACT_DATE):
        for m in pat.finditer(s):
            iso = iso_date(m)
            if iso:
                return iso
    return None


def publication_date(head: str) -> str | None:
    """The date after a 发布时间/发布日期/日期 label, else the first date in ``head``."""
    for lab in _LABELLED_DATE.finditer(head):
        m = _DATE.match(head, lab.end())
        if m and iso_date(m):
            return iso_date(m)
    return parse_date(head)


def publisher(head: str) -> str | None:
    """The publisher named by a 来源 label, or the name before a 发布日期 label on the info line."""
    m = _SOURCE_LABEL.search(head)
    if m:
        return _clean_publisher(_until_end(head, m.end()))
    for line in head.splitlines()[:12]:
        lab = re.search(r"(?:发布|发表)(?:日期|时间)\s*[:：]?\s*\d", line)
        if lab and 2 <= lab.start() <= 30:
            return _clean_publisher(line[:lab.start()])
        m = _NAME_THEN_DATE.match(line)       # 阳光报 2017-06-05 04:10
        if m and len(line) <= 40:
            return _clean_publisher(m["p"])
    return None


_NAME_THEN_DATE = re.compile(r"^\s*(?P<p>[\u3400-\u9fff][^\s\d]{1,19})\s+(?:19|20)\d{2}\s*[-/.年]")


def _until_end(s: str, start: int) -> str:
    end = _PUBLISHER_END.search(s, start + 1) if start + 1 <= len(s) else None
    return s[start:end.start() if end else len(s)]


def _clean_publisher(p: str) -> str | None:
    p = p.strip(" \t:：,，;；|｜-—·")
    if not 2 <= len(p) <= 30 or not re.search(r"[\u3400-\u9fffA-Za-z]", p):
        return None
    return p


def extract_metadata(text: str, source: Source) -> Metadata:
    head = text[:HEAD_CHARS]
    meta = Metadata(title=_clean_title(source.title), url=source.url)
    meta.date = parse_date(source.date) or publication_date(head)
    meta.publisher = _clean_publisher(_simplified(source.publisher)) if source.publisher else None
    meta.publisher = meta.publisher or publisher(head)
    if meta.title is None:
        meta.title = _first_title_line(text)
    if meta.url is None:
        m = _URL.search(head)
        meta.url = m.group(0) if m else None
    if meta.date is None and meta.url:      # .../2018-12/12/content_1.htm, .../t20181212_1.html
        meta.date = parse_date(meta.url.split("://", 1)[-1].partition("/")[2])
    return meta


def _simplified(s: str) -> str:
    from .script import simplify_char
    return "".join(simplify_char(c) for c in s)


def _clean_title(t: str | None) -> str | None:
    """A title from the page or the JSON record, normalised like the text (simplified, no debris)."""
    if not t:
        return None
    from .text import normalise_text
    t = re.sub(r"\s+", " ", normalise_text(t).chars).strip()
    return t or None


_NOT_TITLE = re.compile(r"^(?:来源|发布|日期|时间|作者|编辑|记者|字体|字号|分享|您的位置|当前位置|首页)"
                        r"|^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[、.．])"   # section headings
                        r"|记者|通讯员|摄影")


def _first_title_line(text: str) -> str | None:
    lines = [l.strip(" •·") for l in text.splitlines() if l.strip(" •·")]
    for line in lines[:4]:
        if (4 <= len(line) <= 60 and not _DATE.search(line) and not _NOT_TITLE.search(line)
                and not line.endswith(("。", "：", ":")) and re.search(r"[\u3400-\u9fff]{2}", line)):
            return line
    return None
