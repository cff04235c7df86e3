"""Money: amounts in plain units and currency, attached to their project or to the document."""
from __future__ import annotations

from decimal import Decimal

import pytest

from kg.extract.amounts import chinese_number, find_amounts
from kg.extract.values import find_values

from relations_kit import article, entities


@pytest.mark.parametrize("text,amount,currency", [
    ("1.3亿美元", 130000000, "USD"),
    ("1000万人民币", 10000000, "CNY"),
    ("5.6亿元", 560000000, "CNY"),
    ("两千万元", 20000000, "CNY"),
    ("1,200万欧元", 12000000, "EUR"),
    ("二百七十二亿元人民币", 27200000000, "CNY"),
    ("3000万港元", 30000000, "HKD"),
    ("上百亿元", 10000000000, "CNY"),
    ("千亿元", 100000000000, "CNY"),
    ("6329.81亿元", 632981000000, "CNY"),
])
def test_amounts_in_plain_units(text, amount, currency):
    (a,) = find_amounts(text)
    assert (a.amount, a.currency) == (Decimal(amount), currency)


def test_chinese_numerals():
    assert chinese_number("一百三十五") == 135
    assert chinese_number("一亿二千万") == 120000000
    assert chinese_number("两千") == 2000
    assert chinese_number("十二") == 12


def values_of(text, spec):
    doc, sentences = article(text)
    return {(v.entity[1] if v.entity[0] != "Document" else "DOC", v.predicate, int(v.amount), v.currency, v.surface)
            for v in find_values(doc, sentences, entities(doc, sentences, spec))}


def test_amount_of_the_project_named_after_it_keeps_its_qualifier():
    got = values_of("积极促成总投资约20亿元的星河光伏项目落户江北区。", [("Project", "星河光伏项目"), ("Region", "江北区")])
    assert got == {("星河光伏项目", "investmentAmount", 2000000000, "CNY", "总投资约20亿元")}


def test_investor_invests_to_build():
    got = values_of("云岭集团拟投资3.5亿美元，建设集研发、生产于一体的星河芯片项目。",
                    [("Company", "云岭集团"), ("Project", "星河芯片项目")])
    assert ("星河芯片项目", "investmentAmount", 350000000, "USD", "拟投资3.5亿美元") in got


def test_project_then_its_amount_and_output():
    got = values_of("星河芯片项目总投资8亿元，建成后年产值可达15亿元。", [("Project", "星河芯片项目")])
    assert got == {("星河芯片项目", "investmentAmount", 800000000, "CNY", "总投资8亿元"),
                   ("星河芯片项目", "annualOutput", 1500000000, "CNY", "年产值可达15亿元")}


def test_output_of_the_project_in_focus():
    got = values_of("投资2亿元的星河芯片项目落户江北区；达产后年产值预计达5亿元。",
                    [("Project", "星河芯片项目"), ("Region", "江北区")])
    assert ("星河芯片项目", "annualOutput", 500000000, "CNY", "年产值预计达5亿元") in got


def test_totals_of_many_projects_belong_to_the_document():
    got = values_of("会上共签约36个项目，投资总额215亿元，涵盖多个领域。", [])
    assert got == {("DOC", "investmentAmount", 21500000000, "CNY", "投资总额215亿元")}


def test_thresholds_shared_by_many_projects_are_not_values():
    got = values_of("其中星河芯片项目和云岭光伏项目总投资额均过5亿元。",
                    [("Project", "星河芯片项目"), ("Project", "云岭光伏项目")])
    assert got == set()


def test_amounts_without_a_trigger_are_not_values():
    assert values_of("实际利用外资12亿美元，同比增长5%。", []) == set()


def test_value_evidence_quotes_the_original():
    doc, sentences = article("總投資2億元的星河芯片項目落戶江北區。")
    vals = find_values(doc, sentences, entities(doc, sentences, [("Project", "星河芯片项目")]))
    (v,) = vals
    ev = v.evidence[0]
    assert doc.original[ev.start:ev.end] == ev.sentence and "總投資" in ev.sentence


def test_what_a_project_includes_is_not_the_project():
    got = values_of("云岭集团拟投资20亿元，建设包括研发中心、星河生产基地在内的云岭区域总部项目。",
                    [("Company", "云岭集团"), ("Park", "星河生产基地"), ("Project", "云岭区域总部项目")])
    assert {v[0] for v in got} == {"云岭区域总部项目"}


def test_a_place_before_the_amount_is_not_its_owner():
    got = values_of("星河公司在东岭经开区投资约4亿元，建设云岭显示项目。",
                    [("Company", "星河公司"), ("Park", "东岭经开区"), ("Project", "云岭显示项目")])
    assert {v[0] for v in got} == {"云岭显示项目"}
