"""Normalisation steps, each on small fragments, and the seeds as a whole."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from kg.read import mojibake
from kg.model import Source
from kg.read.document import debris_counts, normalise
from kg.read.script import simplify_char
from kg.read.text import (Text, drop_lost_indent, drop_page_furniture, fold_width, normalise_text, repair_mojibake,
                          strip_pinyin_debris, tidy_whitespace, to_simplified, unify_newlines)

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
PINYIN_LEFT = re.compile(r"[(（]?\s*[a-z]*[" + mojibake.TONED + r"][a-z]*\s*[)）]")


def _src(text: str, name: str = "t.txt") -> Source:
    return Source(path=name, name=name, original=text, encoding="utf-8", sha256="ab" * 32)


def _step(step, s: str) -> Text:
    return step(Text.of(s))


def _check_offsets(t_or_doc, original: str) -> None:
    offsets = t_or_doc.offsets
    text = t_or_doc.text if hasattr(t_or_doc, "text") else t_or_doc.chars
    if len(offsets) == len(text):        # a Text: add the end
        offsets = offsets + [len(original)]
    assert len(offsets) == len(text) + 1 and offsets[-1] == len(original)
    assert all(0 <= a <= b for a, b in zip(offsets, offsets[1:]))
    assert all(o < len(original) for o in offsets[:-1])


# ---------------------------------------------------------------- pinyin debris
@pytest.mark.parametrize("raw,clean", [
    ("青島政務網(wǎng) 發(fā)布日期", "青島政務網 發布日期"),
    ("“雙招雙引”攻勢(shì)全面", "“雙招雙引”攻勢全面"),
    ("中國-東盟博覽會(huì )已成為", "中國-東盟博覽會已成為"),
    ("服務網（wǎng）建設", "服務網建設"),
    ("紅島經(jīng)濟區(qū)(高新區(qū))昨天", "紅島經濟區(高新區)昨天"),
])
def test_pinyin_debris_is_removed(raw, clean):
    t = _step(strip_pinyin_debris, raw)
    assert t.chars == clean
    assert t.repairs == raw.count("(") + raw.count("（") - clean.count("(") - clean.count("（")


@pytest.mark.parametrize("keep", ["中心(青岛)有限公司", "人工智能(AI)产业", "(2.0版)攻势", "会议(记者 王明)"])
def test_brackets_that_are_not_pinyin_stay(keep):
    assert _step(strip_pinyin_debris, keep).chars == keep


# ---------------------------------------------------------------- shifted GBK
def test_shifted_gbk_run_from_seed_001():
    s = "加強組織實施\n?。ㄒ唬┐罅ν苿?dòng)“互聯(lián)網(wǎng)+招商”。各部門推動(dòng)工作。"
    t = normalise_text(s)
    assert "（一）大力推动“互联网+招商”。" in t.chars
    assert t.kinds["gbk-shift"] == 1 and t.unrepaired == 0


@pytest.mark.parametrize("raw,fixed", [
    ("出席了推介活動?,F(xiàn)場設置了展區", "出席了推介活动。现场设置了展区"),     # seed 003
    ("青島-上?,F(xiàn)代服務(wù)業(yè)發(fā)展", "青岛-上海现代服务业发展"),              # seed 001
    ("措施。\n?。ㄋ模┐罅﹂_展社會(huì)化", "措施。\n（四）大力开展社会化"),   # seed 001: "_" = 5F, trail of 開
    ("雙方進(jìn)行了深入洽談?;菪掳埠喴\ue01c榻B了濰坊", "双方进行了深入洽谈。惠新安简要介绍了潍坊"),
])
def test_shifted_gbk_fragments_from_the_seeds(raw, fixed):
    t = normalise_text(raw)
    assert t.chars == fixed
    assert t.unrepaired == 0


@pytest.mark.parametrize("raw,fixed", [
    # seed 000: the dangling lead byte BF completed by the word 窗口
    ("使其成為我市在當?shù)氐囊\ue41b糯翱?。今年", "使其成为我市在当地的引才窗口。今年"),
    # seed 004: 潛 from the word 潛力, 大 from 巨大
    ("發(fā)展?jié)摿\ue78a薮?將進(jìn)一步", "发展潜力巨大将进一步"),
    # seed 004: 學 = 8C 57 ("W") from the word 學科; the character before it is lost
    ("微電子領(lǐng)域?qū)W科方向", "微电子领域?学科方向"),
])
def test_lost_bytes_settled_by_a_frequent_word(raw, fixed):
    assert normalise_text(raw).chars == fixed


def test_lost_lead_byte_found_from_trail_byte_and_pinyin():
    # seed 001: 業 = 98 49; its lead byte is lost, "I" is its trail byte, (yè) its pinyin
    t = normalise_text("制造業(yè)領(lǐng)域?qū)I(yè)招商團隊。")
    assert t.chars == "制造业领域?业招商团队。"
    assert t.unrepaired == 1                        # the character before it is gone for good


def test_run_built_by_shifting_real_gbk_bytes():
    good = "。新签约项目投资总额达到五十亿元"
    data = good.encode("gbk")
    shifted = data[1:-5].decode("gbk")             # the lead byte of 。 lost, decoded one byte late
    garbled = "会议召开\n?" + shifted + "?亿元"     # the dangling byte of 十 swallowed with the next
    assert shifted.startswith("Ｐ虑┰枷")
    fixes = mojibake.find_fixes(garbled)
    assert [f.text for f in fixes] == ["。新签约项目投资总额达到五十?"] or [f.text for f in fixes] == ["。新签约项目投资总额达到五?"]
    assert fixes[0].lost == 1


def test_unrepairable_debris_is_left_with_a_warning():
    raw = "新引進(jìn)民營(yíng)500強(qiáng)、行業(yè)百?gòu)?qiáng)、地方企業(yè)。"
    doc = normalise(_src(raw))
    assert "百??" in doc.text                     # the bytes are gone: nothing to decode
    assert not PINYIN_LEFT.search(doc.text)
    assert doc.unrepaired == 1
    assert any("left as they were" in w and "t.txt" in w for w in doc.warnings)


@pytest.mark.parametrize("text", [
    "详见 http://www.example.cn/list?id=3&page=2 的通知。",
    "详见网址?id=3的通知。",
    "为什么要招商?我们认为有三点。",
    "项目总数??待统计。",
    "问：项目进展如何？答：进展顺利。",
])
def test_question_marks_that_are_not_mojibake_stay(text):
    assert mojibake.find_fixes(text) == []
    assert _step(repair_mojibake, text).chars == text


def test_fragments_quoted_in_the_issue():
    assert normalise_text("?。ㄒ唬┐罅ν苿").chars == "（一）大力推动"    # 動: lead 84 dangling, the word 推動
    assert normalise_text("活動?,F(xiàn)場").chars == "活动。现场"


def test_lost_indent_between_paragraphs_run_together():
    t = _step(drop_lost_indent, "活动取得成果。????本次推介会")
    assert t.chars == "活动取得成果。本次推介会"


def test_lost_indent_before_a_paragraph():
    t = _step(drop_lost_indent, "????為進一步推介青島\n????本次推介會\n?\n正文?。")
    assert t.chars == "為進一步推介青島\n本次推介會\n\n正文?。"
    assert t.kinds["lost-indent"] == 3


# ---------------------------------------------------------------- width, script
def test_fold_width_keeps_chinese_punctuation():
    t = _step(fold_width, "２０１８年，投资ＡＢＣ：１亿元；完成。问？好！“引号”（括号）……")
    assert t.chars == "2018年，投资ABC：1亿元；完成。问？好！“引号”（括号）……"


def test_fold_width_makes_ascii_clause_punctuation_full_width_after_chinese():
    t = _step(fold_width, "2018年,市政府侨办;工作:完成!金额1,000万元,比例3:1")
    assert t.chars == "2018年，市政府侨办；工作：完成！金额1,000万元，比例3:1"


def test_fold_width_ideographic_space_and_offsets():
    s = "项目\u3000签约ＡＢ"
    t = _step(fold_width, s)
    assert t.chars == "项目 签约AB"
    _check_offsets(t, s)


def test_to_simplified_keeps_length_and_uses_phrases():
    s = "乾隆年間，經濟發展迅速；後來建設國際化產業園區。鐘錶廠"
    t = _step(to_simplified, s)
    assert t.chars == "乾隆年间，经济发展迅速；后来建设国际化产业园区。钟表厂"
    assert len(t.chars) == len(s)
    assert simplify_char("濰") == "潍"


def test_original_script_is_reachable_through_offsets():
    s = "青島高新區舉辦招商推介會。"
    doc = normalise(_src(s))
    i = doc.text.index("青岛高新区")
    a, b = doc.original_span(i, i + 5)
    assert doc.original[a:b] == "青島高新區"


# ---------------------------------------------------------------- furniture, whitespace
@pytest.mark.parametrize("line", ["字體大小: 打印", "掃一掃在手機打開當前頁", "A+ A-", "【打印】【關閉】",
                                  "您當前的位置：首頁 > 新聞 > 正文", "字號", "放大圖片", "責任編輯：王明",
                                  "分享到：微信 微博 QQ空間", "掃描二維碼關注我們", "網站地圖 | 加入收藏",
                                  "（責任編輯：王明）", "四川> 四川新聞> 正文"])
def test_page_furniture_lines_are_dropped(line):
    doc = normalise(_src(f"標題在此處寫\n{line}\n正文第一段。\n"))
    assert doc.text == "标题在此处写\n正文第一段。"


def test_furniture_words_inside_a_sentence_stay():
    s = "会议要求打印材料，并扫一扫二维码签到。"
    assert normalise(_src(s)).text == s


def test_tidy_whitespace_keeps_paragraphs():
    body = "全市新引进项目三十个，" * 6
    t = _step(tidy_whitespace, f"  标题 副标题 \n\n\n\u3000\u3000{body}总投资 一百亿元。\n第二段  ABC 公司。\n")
    assert t.chars == f"标题 副标题\n{body}总投资一百亿元。\n第二段 ABC 公司。"


def test_no_space_beside_clause_punctuation():
    assert _step(tidy_whitespace, "第四天， 7个项目 ；签约").chars == "第四天，7个项目；签约"


def test_crlf():
    t = _step(unify_newlines, "一\r\n二\r三")
    assert t.chars == "一\n二\n三" and t.offsets == [0, 1, 3, 4, 5]


# ---------------------------------------------------------------- the seeds
@pytest.fixture(scope="module")
def seed_docs():
    return {p.name: normalise(_src(p.read_text(encoding="utf-8"), p.name)) for p in sorted(SEEDS.glob("*.txt"))}


def test_seeds_have_no_pinyin_debris(seed_docs):
    for name, doc in seed_docs.items():
        assert not PINYIN_LEFT.search(doc.text), (name, PINYIN_LEFT.search(doc.text))


def test_seeds_have_no_repairable_question_mark_runs(seed_docs):
    for name, doc in seed_docs.items():
        assert mojibake.find_fixes(doc.text) == [], name
        assert not re.search(r"^[?？]{2,}", doc.text, re.M), name


def test_seed_offsets_are_consistent(seed_docs):
    for name, doc in seed_docs.items():
        _check_offsets(doc, doc.original)
        repaired = [(f.start, f.end) for f in mojibake.find_fixes(doc.original)]
        for i, ch in enumerate(doc.text):   # a Chinese character maps to its original form ...
            o = doc.offsets[i]
            if "\u4e00" <= ch <= "\u9fff" and simplify_char(doc.original[o]) != ch:
                assert any(a <= o < b for a, b in repaired), (name, i, ch)   # ... or lies in a repair


def test_seed_repair_counts(seed_docs):
    total = sum(d.repairs for d in seed_docs.values())
    left = sum(d.unrepaired for d in seed_docs.values())
    assert total > 1000 and left < 20
    assert seed_docs["003_1a8edc1b8150e777.txt"].unrepaired == 0
    counts = debris_counts([SEEDS])
    assert counts["articles"] == 5 and counts["repairs"] == total and counts["unrepaired"] == left
    assert counts["kinds"]["gbk-shift"] >= 8


def test_seed_paragraphs_survive(seed_docs):
    doc = seed_docs["004_05856f7dd333012c.txt"]
    assert doc.text.count("\n") >= 10
    assert "A+" not in doc.text and "\n\n" not in doc.text
    assert "惠新安简要介绍了潍坊" in doc.text


def test_offsets_hold_on_random_debris():
    import random
    pieces = ["?", "\ufffd", "網(wǎng)", "會(huì )", "?。ㄒ唬┐罅ν苿?dòng)", "?,F(xiàn)", "\n", "\r\n", "\u3000", "，", ",",
              "“", "”", "（", "(", ")", "A+ A-", "字體大小: 打印", "????", "qū)", "I(yè)", "\ue01c", "😀", "ﬁ", "…",
              "２０", "e\u0301", "\u200b", "臺灣", "乾隆", " ", "ā)", "(ā", "?h", "來源:", "發布時間:2020-11-30"]
    rng = random.Random(7)
    for _ in range(400):
        s = "".join(rng.choice(pieces) if rng.random() < 0.8 else chr(rng.randint(0x20, 0x9fff))
                    for _ in range(rng.randint(0, 25)))
        t = normalise_text(s)
        assert len(t.offsets) == len(t.chars)
        assert all(0 <= o < len(s) for o in t.offsets)
        assert all(a <= b for a, b in zip(t.offsets, t.offsets[1:]))
