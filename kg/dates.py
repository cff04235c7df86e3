"""Dates of events and signings as the text gives them, resolved against the publication date.

``2020年11月27日`` -> 2020-11-27; ``11月27日至29日`` -> 2020-11-27 when published in 2020;
``27日下午`` -> the 27th of the publication month (or the month before when the 27th is
still to come); ``昨天`` -> the day before publication.
"""
from __future__ import annotations

import re
from datetime import date, timedelta

_FULL = re.compile(r"(?P<y>(?:19|20)\d{2})年(?P<m>\d{1,2})月(?P<d>\d{1,2})[日号]")
_MONTH_DAY = re.compile(r"(?<![\d年])(?P<m>\d{1,2})月(?P<d>\d{1,2})[日号]")
_DAY = re.compile(r"(?<![\d月])(?P<d>\d{1,2})[日号](?:[上下中]午|晚|上午|下午|晚上|，|,|在|至|—|-)")
_RELATIVE = {"前天": -2, "昨天": -1, "昨日": -1, "今天": 0, "今日": 0, "当天": 0, "当日": 0, "明天": 1}


def _iso(y: int, m: int, d: int) -> str | None:
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def _published(pub: str | None) -> date | None:
    try:
        return date.fromisoformat(pub) if pub else None
    except ValueError:
        return None


def event_date(text: str, published: str | None) -> str | None:
    """The first date ``text`` gives, as ISO 8601; None when it gives none."""
    m = _FULL.search(text)
    if m:
        return _iso(int(m["y"]), int(m["m"]), int(m["d"]))
    pub = _published(published)
    if pub is None:
        return None
    m = _MONTH_DAY.search(text)
    if m:
        y = pub.year if int(m["m"]) <= pub.month + 1 else pub.year - 1
        return _iso(y, int(m["m"]), int(m["d"]))
    m = _DAY.search(text)
    if m:
        d = int(m["d"])
        if d <= pub.day:
            return _iso(pub.year, pub.month, d)
        prev = pub.replace(day=1) - timedelta(days=1)
        return _iso(prev.year, prev.month, d)
    for word, delta in _RELATIVE.items():
        if word in text:
            return (pub + timedelta(days=delta)).isoformat()
    return None
