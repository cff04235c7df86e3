"""Title, publication date, publisher and URL of an article."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .model import Source


@dataclass
class Metadata:
    title: str | None = None
    date: str | None = None
    publisher: str | None = None
    url: str | None = None


_DATE = re.compile(r"(?P<y>(?:19|20)\d{2})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})")
_LABELLED_DATE = re.compile(r"(?:发布|发表|更新)?(?:日期|时间)\s*[:：]?\s*" + _DATE.pattern)
_PUBLISHER = re.compile(r"(?:来源|信息来源|稿源)\s*[:：]\s*(?P<p>[^\s|｜]{2,30})")
_URL = re.compile(r"https?://[^\s\"'<>]+")


def iso_date(m: re.Match) -> str | None:
    y, mo, d = int(m["y"]), int(m["m"]), int(m["d"])
    if 1 <= mo <= 12 and 1 <= d <= 31:
        return f"{y:04d}-{mo:02d}-{d:02d}"
    return None


def extract_metadata(text: str, source: Source) -> Metadata:
    head = text[:600]
    meta = Metadata(title=source.title, url=source.url)
    if source.date:
        m = _DATE.search(source.date)
        meta.date = iso_date(m) if m else None
    if meta.date is None:
        m = _LABELLED_DATE.search(head) or _DATE.search(head)
        meta.date = iso_date(m) if m else None
    m = _PUBLISHER.search(head)
    if m:
        meta.publisher = m["p"]
    if meta.title is None:
        meta.title = _first_title_line(text)
    if meta.url is None:
        m = _URL.search(head)
        meta.url = m.group(0) if m else None
    return meta


def _first_title_line(text: str) -> str | None:
    for line in text.splitlines():
        line = line.strip()
        if 4 <= len(line) <= 60 and not _DATE.search(line) and not line.endswith("。"):
            return line
    return None
