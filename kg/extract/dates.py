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
_SAME_DAY = ("当天", "当日", "同日")
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


def event_date(text: str, published: str | None, recent: str | None = None) -> str | None:
    """The first date ``text`` gives, as ISO 8601; None when it gives none.  ``当天``/``当日``
    is the day last named before (``recent``), else the publication day."""
    for word in _SAME_DAY:
        if word in text and recent:
            found = explicit_date(text, published)
            return found or recent
    return explicit_date(text, published) or _relative(text, published)


def explicit_date(text: str, published: str | None) -> str | None:
    """A date written out: 2020年11月27日, 11月27日, 27日下午 (the last two against ``published``)."""
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
    return None


def _relative(text: str, published: str | None) -> str | None:
    pub = _published(published)
    if pub is None:
        return None
    for word, delta in _RELATIVE.items():
        if word in text:
            return (pub + timedelta(days=delta)).isoformat()
    return None


# ---------------------------------------------------------------- resolve_date (read/normalise stage)
_CN_DIGITS = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
              "七": 7, "八": 8, "九": 9}
_NUM = r"(?:\d{1,4}|[〇零○Ｏ一二两三四五六七八九十]{1,4})"
_R_FULL = re.compile(r"(?P<y>(?:19|20)\d{2}|[一二][〇零○Ｏ一二三四五六七八九]{3})\s*年\s*(?P<m>" + _NUM + r")\s*月\s*(?P<d>" + _NUM + r")\s*[日号]")
_R_ISO = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})(?!\d)")
_R_YEAR_WORD = re.compile(r"(?P<w>今年|去年|明年|前年)\s*(?P<m>" + _NUM + r")\s*月\s*(?P<d>" + _NUM + r")\s*[日号]")
_R_MONTH_WORD = re.compile(r"(?P<w>本月|上月|上个月|下月|下个月)\s*(?P<d>" + _NUM + r")\s*[日号]")
_R_MONTH_DAY = re.compile(r"(?<![\d年])(?P<m>" + _NUM + r")\s*月\s*(?P<d>" + _NUM + r")\s*[日号]")
_R_DAY = re.compile(r"(?<![\d月〇零一二三四五六七八九十])(?P<d>\d{1,2}|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])\s*[日号]"
                    r"(?![报讯电])")
_R_RELATIVE = (("大前天", -3), ("前天", -2), ("昨天", -1), ("昨日", -1), ("今天", 0), ("今日", 0), ("当天", 0),
               ("当日", 0), ("明天", 1), ("明日", 1), ("后天", 2))
_YEAR_WORDS = {"今年": 0, "去年": -1, "前年": -2, "明年": 1}
_MONTH_WORDS = {"本月": 0, "上月": -1, "上个月": -1, "下月": 1, "下个月": 1}


def cn_number(s: str) -> int | None:
    """``17``, ``十七``, ``二十``, ``二〇一六`` as an integer; None when it is not a number."""
    s = s.strip()
    if s.isdigit():
        return int(s)
    if s and all(c in _CN_DIGITS for c in s):          # digit by digit: 二〇一六
        return int("".join(str(_CN_DIGITS[c]) for c in s))
    if "十" in s and s.count("十") == 1:
        tens, _, ones = s.partition("十")
        t = _CN_DIGITS.get(tens, None) if tens else 1
        o = _CN_DIGITS.get(ones, None) if ones else 0
        if t is not None and o is not None:
            return t * 10 + o
    return None


def _month_shift(y: int, m: int, k: int) -> tuple[int, int]:
    n = y * 12 + (m - 1) + k
    return n // 12, n % 12 + 1


def resolve_date(fragment: str, pub_date: str | None) -> str | None:
    """The first date ``fragment`` gives, as ISO ``YYYY-MM-DD``, resolved against the publication date.

    ``2016年5月17日`` and ``二〇一六年五月十七日`` need no publication date; ``5月17日``,
    ``十月十七日``, ``27日``, ``昨天``, ``今年3月5日``, ``上月20日`` do: a month and day take the
    publication year (the year before when that would put them more than two months
    after publication); a bare day takes the publication month (the month before when
    the day is still to come).  None when the fragment gives no date or it cannot be
    resolved.
    """
    m = _R_FULL.search(fragment) or _R_ISO.search(fragment)
    if m:
        return _ymd(cn_number(m["y"]), cn_number(m["m"]), cn_number(m["d"]))
    pub = _published(pub_date[:10] if pub_date else None)
    if pub is None:
        return None
    m = _R_YEAR_WORD.search(fragment)
    if m:
        return _ymd(pub.year + _YEAR_WORDS[m["w"]], cn_number(m["m"]), cn_number(m["d"]))
    m = _R_MONTH_WORD.search(fragment)
    if m:
        y, mo = _month_shift(pub.year, pub.month, _MONTH_WORDS[m["w"]])
        return _ymd(y, mo, cn_number(m["d"]))
    m = _R_MONTH_DAY.search(fragment)
    if m:
        mo, d = cn_number(m["m"]), cn_number(m["d"])
        if mo is None or not 1 <= mo <= 12:
            return None
        y = pub.year if mo <= pub.month + 2 else pub.year - 1
        return _ymd(y, mo, d)
    m = _R_DAY.search(fragment)
    if m:
        d = cn_number(m["d"])
        if d is None or not 1 <= d <= 31:
            return None
        y, mo = (pub.year, pub.month) if d <= pub.day else _month_shift(pub.year, pub.month, -1)
        return _ymd(y, mo, d)
    for word, delta in _R_RELATIVE:
        if word in fragment:
            return (pub + timedelta(days=delta)).isoformat()
    return None


def _ymd(y: int | None, m: int | None, d: int | None) -> str | None:
    if y is None or m is None or d is None:
        return None
    return _iso(y, m, d)
