"""resolve_date: dates in the body, resolved against the publication date."""
from __future__ import annotations

import pytest

from kg.extract.dates import cn_number, resolve_date


@pytest.mark.parametrize("fragment,pub,iso", [
    ("2016年5月17日，高新区举行签约仪式", None, "2016-05-17"),
    ("二〇一六年五月十七日", None, "2016-05-17"),
    ("5月17日，青岛高新区举行招商引资动员大会", "2016-05-18", "2016-05-17"),
    ("12月28日签约", "2017-01-05", "2016-12-28"),              # the year before
    ("3月5日将开工", "2020-02-20", "2020-03-05"),               # shortly after publication
    ("27日下午，代表团一行来到", "2020-11-30", "2020-11-27"),
    ("29日，双方签约", "2020-12-02", "2020-11-29"),             # the month before
    ("昨天在北京举办推介会", "2016-03-01", "2016-02-29"),
    ("前天", "2020-01-01", "2019-12-30"),
    ("中新社南宁十月十七日电", "2004-10-18", "2004-10-17"),
    ("今年3月5日", "2021-06-01", "2021-03-05"),
    ("去年12月1日", "2021-06-01", "2020-12-01"),
    ("上月20日", "2021-01-10", "2020-12-20"),
    ("十七日上午", "2004-10-18", "2004-10-17"),
    ("5月17日", None, None),
    ("总投资20亿元", "2020-01-01", None),
    ("2月30日", "2021-03-01", None),
    ("27日", "2020-11-30 09:24:46", "2020-11-27"),
])
def test_resolve_date(fragment, pub, iso):
    assert resolve_date(fragment, pub) == iso


@pytest.mark.parametrize("s,n", [("17", 17), ("十七", 17), ("二十", 20), ("三十一", 31), ("十", 10), ("二〇一六", 2016),
                                 ("五", 5), ("百", None)])
def test_cn_number(s, n):
    assert cn_number(s) == n
