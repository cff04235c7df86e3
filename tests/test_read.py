"""Reading files of every kind a user may have, and refusing bad ones with a clear reason."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.model import Source
from kg.read.files import ReadError, Skipped, decode, read_file, read_paths

SIMPLIFIED = "青岛高新区举行招商引资大会，签约项目八十个，总投资五百亿元。\n园区将发展新材料产业。\n"
TRADITIONAL = "青島高新區舉行招商引資大會，簽約項目八十個，總投資五百億元。\n園區將發展新材料產業。\n"


def _one(path: Path) -> Source:
    sources = read_file(path)
    assert len(sources) == 1
    return sources[0]


# ---------------------------------------------------------------- encodings
@pytest.mark.parametrize("text,codec,expected", [
    (SIMPLIFIED, "utf-8", "utf-8"),
    (SIMPLIFIED, "gbk", "gb18030"),
    (SIMPLIFIED, "gb18030", "gb18030"),
    (TRADITIONAL, "big5", "big5"),
    (TRADITIONAL, "gbk", "gb18030"),       # GBK holds traditional characters too
])
def test_encodings_are_detected(tmp_path, text, codec, expected):
    f = tmp_path / f"a_{codec}.txt"
    f.write_bytes(text.encode(codec))
    src = _one(f)
    assert src.encoding == expected
    assert src.original == text


@pytest.mark.parametrize("bom,codec,expected", [
    (b"\xef\xbb\xbf", "utf-8", "utf-8"), (b"\xff\xfe", "utf-16-le", "utf-16"), (b"\xfe\xff", "utf-16-be", "utf-16"),
])
def test_byte_order_marks(tmp_path, bom, codec, expected):
    f = tmp_path / "bom.txt"
    f.write_bytes(bom + TRADITIONAL.encode(codec))
    src = _one(f)
    assert src.encoding == expected
    assert src.original == TRADITIONAL


def test_big5_with_hong_kong_characters(tmp_path):
    text = "香港邨屋簽約項目，總投資五億元。" * 3      # 邨 is in HKSCS, not in plain Big5
    f = tmp_path / "hk.txt"
    f.write_bytes(text.encode("big5hkscs"))
    src = _one(f)
    assert src.original == text and src.encoding in ("big5hkscs", "cp950")


def test_short_big5_is_not_mistaken_for_gbk(tmp_path):
    f = tmp_path / "short.txt"
    f.write_bytes("臺灣簽約".encode("big5"))
    assert _one(f).original == "臺灣簽約"


def test_encoding_reaches_the_document(tmp_path):
    from kg.read.document import normalise
    f = tmp_path / "b5.txt"
    f.write_bytes(TRADITIONAL.encode("big5"))
    doc = normalise(_one(f))
    assert doc.encoding == "big5"
    assert "青岛高新区举行招商引资大会" in doc.text


def test_utf8_with_a_few_bad_bytes_is_kept(tmp_path):
    f = tmp_path / "broken.txt"
    f.write_bytes(SIMPLIFIED.encode("utf-8") * 5 + b"\xff" + SIMPLIFIED.encode("utf-8"))
    src = _one(f)
    assert src.encoding == "utf-8" and src.original.count("\ufffd") == 1


def test_gbk_with_a_truncated_last_character_is_kept(tmp_path):
    f = tmp_path / "cut.txt"
    f.write_bytes((SIMPLIFIED * 3).encode("gbk") + "项".encode("gbk")[:1])
    src = _one(f)
    assert src.encoding == "gb18030" and src.original.startswith(SIMPLIFIED) and src.original.endswith("\ufffd")


# ---------------------------------------------------------------- bad input
@pytest.mark.parametrize("name,data,reason", [
    ("empty.txt", b"", "empty file"),
    ("blank.txt", b"   \n\n  ", "no text"),
    ("nul.txt", b"abc\x00\x01\x02def" * 10, "binary file"),
    ("scan.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
    ("photo.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
    ("photo.txt", b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG"),
    ("picture.jpg", b"not really a picture", "image file"),
    ("notes.docx", b"PK\x03\x04\x14\x00\x06\x00", "ZIP"),
    ("table.csv", "项目,金额".encode(), "unsupported file type .csv"),
    ("noise.txt", bytes(range(0x80, 0x100)) * 40, "undecodable"),
])
def test_bad_files_are_skipped_with_a_reason(tmp_path, name, data, reason):
    f = tmp_path / name
    f.write_bytes(data)
    with pytest.raises(ReadError) as e:
        read_file(f)
    assert reason in e.value.reason
    assert str(f) in str(e.value) and "\n" not in str(e.value)
    [skipped] = list(read_paths([f]))
    assert isinstance(skipped, Skipped) and reason in skipped.reason


def test_missing_path(tmp_path):
    [skipped] = list(read_paths([tmp_path / "nope.txt"]))
    assert isinstance(skipped, Skipped) and "no such file" in skipped.reason


def test_hundred_megabyte_single_line_is_skipped_quickly(tmp_path):
    f = tmp_path / "huge.txt"
    with f.open("wb") as fh:
        fh.write("招商引资项目签约".encode("utf-8") * 1000)   # no line break anywhere
        fh.truncate(100 * 1024 * 1024)      # sparse rest: the reader must refuse it on size alone
    [skipped] = list(read_paths([f]))
    assert isinstance(skipped, Skipped) and "too large" in skipped.reason and "100 MB" in skipped.reason


def test_huge_jsonl_line_is_skipped_and_the_rest_read(tmp_path, monkeypatch):
    import kg.read.files
    monkeypatch.setattr(kg.read.files, "MAX_LINE_BYTES", 1000)
    f = tmp_path / "dump.jsonl"
    good = json.dumps({"text": SIMPLIFIED}, ensure_ascii=False)
    f.write_text(good + "\n" + json.dumps({"text": "长" * 2000}, ensure_ascii=False) + "\n" + good + "\n",
                 encoding="utf-8")
    items = list(read_paths([f]))
    assert [type(i).__name__ for i in items] == ["Source", "Skipped", "Source"]
    assert "line too large" in items[1].reason and items[1].path.endswith("dump.jsonl:2")


def test_folder_is_read_recursively_and_lazily(tmp_path):
    for i in range(1500):
        sub = tmp_path / f"d{i % 7}" / f"e{i % 3}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"{i:04d}.txt").write_text(f"第{i}篇。{SIMPLIFIED}", encoding="utf-8")
    (tmp_path / "d0" / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "config.txt").write_text("hidden", encoding="utf-8")
    items = list(read_paths([tmp_path]))
    sources = [i for i in items if isinstance(i, Source)]
    skipped = [i for i in items if isinstance(i, Skipped)]
    assert len(sources) == 1500
    assert len(skipped) == 1 and skipped[0].path.endswith("logo.png")
    assert [s.path for s in sources] == sorted(s.path for s in sources)   # stable order


def test_read_paths_never_raises(tmp_path):
    (tmp_path / "a.txt").write_text(SIMPLIFIED, encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"")
    (tmp_path / "c.jsonl").write_text("{not json\n", encoding="utf-8")
    (tmp_path / "d.html").write_bytes(b"\x00\x00\x00\x00binary")
    items = list(read_paths([tmp_path, tmp_path / "missing"]))
    assert sum(isinstance(i, Source) for i in items) == 1
    assert sum(isinstance(i, Skipped) for i in items) == 4


# ---------------------------------------------------------------- JSON Lines
def test_jsonl_one_article_per_line(tmp_path):
    f = tmp_path / "crawl.jsonl"
    lines = [
        {"text": SIMPLIFIED, "title": "高新区签约", "url": "http://example.cn/1.html", "date": "2020-11-30"},
        {"text": TRADITIONAL},
        "not an object",
        {"title": "没有正文"},
    ]
    f.write_text("\n".join(json.dumps(l, ensure_ascii=False) for l in lines) + "\n\n{broken\n", encoding="utf-8")
    items = list(read_paths([f]))
    sources = [i for i in items if isinstance(i, Source)]
    skipped = [i for i in items if isinstance(i, Skipped)]
    assert [s.name for s in sources] == ["crawl.jsonl#1", "crawl.jsonl#2"]
    assert sources[0].title == "高新区签约" and sources[0].url == "http://example.cn/1.html"
    assert sources[0].date == "2020-11-30" and sources[0].fmt == "jsonl"
    assert sources[0].sha256 != sources[1].sha256
    assert {s.path.rsplit(":", 1)[1] for s in skipped} == {"3", "4", "6"}
    assert any("invalid JSON" in s.reason for s in skipped)
    assert len(read_file(f)) == 2


def test_jsonl_in_gbk(tmp_path):
    f = tmp_path / "gbk.jsonl"
    f.write_bytes(json.dumps({"text": SIMPLIFIED, "title": "标题"}, ensure_ascii=False).encode("gbk") + b"\n")
    [src] = read_file(f)
    assert src.original == SIMPLIFIED and src.encoding == "gb18030"


def test_jsonl_without_any_article_raises(tmp_path):
    f = tmp_path / "bad.jsonl"
    f.write_text('{"text": ""}\n', encoding="utf-8")
    with pytest.raises(ReadError):
        read_file(f)


# ---------------------------------------------------------------- HTML
PAGE = """<!DOCTYPE html>
<!-- saved from url=(0036)http://www.example.gov.cn/a/123.html -->
<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>高新区举行招商推介会_示例市人民政府</title>
<meta name="PubDate" content="2016-05-17 10:00">
<meta name="ContentSource" content="示例日报">
<script>var x = "不要这段脚本。";</script><style>p {color: red}</style>
</head><body>
<div class="nav"><a href="/">首页</a> &gt; <a href="/news">新闻</a></div>
<div class="header">网站标题栏</div>
<div id="zoom" class="article-content">
<h1>高新区举行招商推介会</h1>
<p>5月17日，高新区举行招商推介会。</p>
<p>签约项目<b>八十个</b>，总投资<span>五百亿元</span>。</p>
<p>園區將發展新材料產業。</p>
</div>
<div class="footer">版权所有 联系我们</div>
</body></html>"""


def test_html_main_text_title_date_publisher_url(tmp_path):
    f = tmp_path / "page.html"
    f.write_bytes(PAGE.encode("gbk"))
    src = _one(f)
    assert src.fmt == "html" and src.encoding == "gb18030"
    assert src.title == "高新区举行招商推介会"
    assert src.date == "2016-05-17 10:00"
    assert src.publisher == "示例日报"
    assert src.url == "http://www.example.gov.cn/a/123.html"
    lines = src.original.splitlines()
    assert "5月17日，高新区举行招商推介会。" in lines
    assert "签约项目八十个，总投资五百亿元。" in lines
    for junk in ("不要这段脚本", "color", "网站标题栏", "版权所有", "首页"):
        assert junk not in src.original
    from kg.read.document import normalise
    doc = normalise(src)
    assert doc.date == "2016-05-17" and doc.publisher == "示例日报"
    assert "园区将发展新材料产业。" in doc.text


def test_html_info_line_outside_the_content_is_kept(tmp_path):
    page = """<html><head><title>签约仪式 - 示例网</title></head><body>
    <div class="title"><h1>签约仪式举行</h1><div class="info">来源：示例融媒客户端 发布时间：2020-11-30 09:24:46</div></div>
    <div class="TRS_Editor"><p>11月27日，代表团赴北京开展活动。双方签订合作协议，推动项目落地。</p>
    <p>昨天，双方举行座谈会，表示将进一步深化合作交流。</p></div></body></html>"""
    f = tmp_path / "info.htm"
    f.write_text(page, encoding="utf-8")
    from kg.read.document import normalise
    doc = normalise(_one(f))
    assert doc.title == "签约仪式举行"
    assert doc.date == "2020-11-30"
    assert doc.publisher == "示例融媒客户端"
    assert "代表团赴北京开展活动" in doc.text


def test_html_without_hints_takes_the_block_with_most_paragraph_text(tmp_path):
    page = ("<html><body><div><p>导航</p></div><div><p>" + "第一段正文，讲述签约项目的情况。" * 5 +
            "</p><p>" + "第二段正文。" * 5 + "</p></div><div><p>页脚</p></div></body></html>")
    f = tmp_path / "plain.html"
    f.write_text(page, encoding="utf-8")
    src = _one(f)
    assert "第一段正文" in src.original and "导航" not in src.original and "页脚" not in src.original


def test_decode_reports_the_encoding_name():
    assert decode("招商".encode("gbk") * 20, "x") == ("招商" * 20, "gb18030")


def test_browser_saved_page_resources_are_not_read(tmp_path):
    (tmp_path / "page.html").write_text(PAGE, encoding="utf-8")
    res = tmp_path / "page_files"
    res.mkdir()
    (res / "style.css").write_text("p {color: red}", encoding="utf-8")
    (res / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (tmp_path / "other_files").mkdir()          # no other.html beside it: read as usual
    (tmp_path / "other_files" / "note.txt").write_text(SIMPLIFIED, encoding="utf-8")
    items = list(read_paths([tmp_path]))
    assert [type(i).__name__ for i in items] == ["Source", "Source"]


def test_big5_page_with_declared_charset(tmp_path):
    page = ('<html><head><meta charset="big5"><title>簽約儀式</title></head><body>'
            '<div class="content"><p>青島高新區舉行招商推介會，簽約項目八十個。</p></div></body></html>')
    f = tmp_path / "b5.htm"
    f.write_bytes(page.encode("big5"))
    src = _one(f)
    assert src.encoding == "big5" and "青島高新區舉行招商推介會" in src.original


def test_json_array_and_single_object(tmp_path):
    arr = tmp_path / "export.json"
    arr.write_text(json.dumps({"articles": [{"content": SIMPLIFIED, "title": "甲", "source": "示例日报"},
                                            {"text": ""}, {"text": TRADITIONAL}]}, ensure_ascii=False),
                   encoding="utf-8")
    items = list(read_paths([arr]))
    assert [type(i).__name__ for i in items] == ["Source", "Skipped", "Source"]
    assert items[0].name == "export.json#1" and items[0].publisher == "示例日报"
    one = tmp_path / "one.json"
    one.write_text(json.dumps({"text": SIMPLIFIED, "date": "2020-11-30"}, ensure_ascii=False), encoding="utf-8")
    assert _one(one).date == "2020-11-30"
    lines = tmp_path / "lines.json"
    lines.write_text(json.dumps({"text": SIMPLIFIED}) + "\n" + json.dumps({"text": TRADITIONAL}) + "\n",
                     encoding="utf-8")
    assert len(read_file(lines)) == 2
    bad = tmp_path / "bad.json"
    bad.write_text("[{", encoding="utf-8")
    with pytest.raises(ReadError, match="invalid JSON"):
        read_file(bad)


def test_jsonl_text_with_markup_is_read_as_html(tmp_path):
    f = tmp_path / "raw.jsonl"
    rec = {"content": "<div><p>第一段，项目签约。</p><script>var a=1;</script><p>第二段&nbsp;开工。</p></div>"}
    f.write_text(json.dumps(rec, ensure_ascii=False) + "\n", encoding="utf-8")
    [src] = read_file(f)
    assert src.original.splitlines() == ["第一段，项目签约。", "第二段\u00a0开工。"]
