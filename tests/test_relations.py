"""Relations beyond single patterns: titles, nested names, sections, actors, dates, merging, explain."""
from __future__ import annotations

from kg.extract.dates import event_date
from kg.extract.relations import find_relations

from relations_kit import article, entities, triples


def rels(text, spec, date="2021-06-15"):
    doc, sentences = article(text, date)
    return find_relations(doc, sentences, entities(doc, sentences, spec))


def test_titles_name_their_bodies():
    got = rels("东岭市委书记、市人大常委会主任张云峰，市委常委、副市长李海波出席活动。",
               [("Government", "东岭市委", "市委"), ("Government", "东岭市人大常委会", "市人大常委会"),
                ("Government", "东岭市人民政府"), ("Person", "张云峰"), ("Person", "李海波")])
    by = {(r.subject[1], r.object[1]): r.title for r in got if r.predicate == "holdsPosition"}
    assert by == {("张云峰", "东岭市委"): "书记", ("张云峰", "东岭市人大常委会"): "市人大常委会主任",
                  ("李海波", "东岭市委"): "市委常委", ("李海波", "东岭市人民政府"): "副市长"}


def test_title_after_an_organisation_and_shared_by_a_list():
    got = triples(rels("云岭集团副总裁张云峰、李海波表示满意。",
                       [("Company", "云岭集团"), ("Person", "张云峰"), ("Person", "李海波")]))
    assert {("张云峰", "holdsPosition", "云岭集团"), ("李海波", "holdsPosition", "云岭集团")} <= got


def test_a_place_before_a_title_picks_that_place_s_government():
    got = triples(rels("北岭省副省长张云峰致辞，南岭省人民政府代表参加。",
                       [("Region", "北岭省"), ("Government", "南岭省人民政府"), ("Government", "北岭省人民政府"),
                        ("Person", "张云峰")]))
    assert ("张云峰", "holdsPosition", "北岭省人民政府") in got
    assert ("张云峰", "holdsPosition", "南岭省人民政府") not in got


def test_branch_named_after_its_parent():
    got = triples(rels("星河大学与企业交流。星河大学海洋工程技术中心参与合作。",
                       [("ResearchInstitution", "星河大学"), ("ResearchInstitution", "星河大学海洋工程技术中心")]))
    assert ("星河大学海洋工程技术中心", "subsidiaryOf", "星河大学") in got


def test_a_project_is_not_placed_by_the_place_in_its_own_name():
    # GUIDELINE, second edition (discourse location): only where the text places it
    got = triples(rels("签约项目包括云岭集团(江北)光伏项目，江北区表示欢迎。上饶市婺源县储能项目开工。",
                       [("Project", "云岭集团(江北)光伏项目"), ("Region", "江北", "江北区"),
                        ("Project", "上饶市婺源县储能项目"), ("Region", "上饶市"), ("Region", "婺源县")]))
    assert not {t for t in got if t[1] == "locatedIn" and t[0] == "上饶市婺源县储能项目" and t[2] in ("上饶市", "婺源县")}


def test_signatories_cooperate_only_where_an_agreement_is_named():
    spec = [("Company", "云岭集团"), ("Government", "东岭市人民政府"), ("Company", "星河科技")]
    got = triples(rels("云岭集团与东岭市人民政府签署战略合作协议。", spec))
    assert ("云岭集团", "cooperatesWith", "东岭市人民政府") in got or ("东岭市人民政府", "cooperatesWith", "云岭集团") in got
    got = triples(rels("星河科技与东岭市人民政府签约。", spec))
    assert not {t for t in got if t[1] == "cooperatesWith"}


def test_section_heading_names_the_industry_of_its_projects():
    text = "东岭高新区发布年度计划。\n 智能制造产业\n推进星河机器人产业园、云岭装备项目开工建设。"
    got = triples(rels(text, [("Park", "东岭高新区"), ("Industry", "智能制造"), ("Project", "星河机器人产业园"),
                              ("Project", "云岭装备项目")]))
    assert {("星河机器人产业园", "inIndustry", "智能制造"), ("云岭装备项目", "inIndustry", "智能制造"),
            ("东岭高新区", "inIndustry", "智能制造")} <= got


def test_left_out_subject_takes_the_paragraph_actor():
    text = "东岭市商务局全力推进招商。\n东岭市商务局今年成效显著。大力实施“星河引才计划”，举办星河招商推介会。"
    got = triples(rels(text, [("Government", "东岭市商务局"), ("Program", "星河引才计划"), ("Event", "星河招商推介会")]))
    assert {("东岭市商务局", "organizes", "星河引才计划"), ("东岭市商务局", "organizes", "星河招商推介会")} <= got


def test_witnesses_do_not_sign():
    got = triples(rels("东岭市领导见证了云岭光电项目与江北区签约。",
                       [("Project", "云岭光电项目"), ("Region", "江北区"), ("Region", "东岭市")]))
    assert not any(p == "partyTo" for _, p, _ in got)


def test_event_named_after_its_organiser():
    got = triples(rels("2021年东岭市招商引资大会开幕。", [("Region", "东岭市"), ("Event", "2021年东岭市招商引资大会")]))
    assert ("东岭市", "organizes", "2021年东岭市招商引资大会") in got


def test_one_edge_many_evidences_and_dates():
    text = "6月10日，东岭市与星河科技有限公司签署战略合作协议。昨天，东岭市与星河科技有限公司再次签署合作协议。"
    got = rels(text, [("Region", "东岭市"), ("Company", "星河科技有限公司")])
    (r,) = [r for r in got if r.predicate == "cooperatesWith"]
    assert len(r.evidence) == 2 and r.date == "2021-06-10"
    assert all(e.sentence in text for e in r.evidence)


def test_dates_resolve_against_publication():
    assert event_date("2020年11月27日，代表团抵达", None) == "2020-11-27"
    assert event_date("11月27日至29日，代表团", "2020-11-30") == "2020-11-27"
    assert event_date("27日下午，代表团", "2020-11-30") == "2020-11-27"
    assert event_date("28日，代表团", "2020-12-02") == "2020-11-28"
    assert event_date("12月28日签约", "2021-01-05") == "2020-12-28"
    assert event_date("昨天举办推介会", "2016-03-02") == "2016-03-01"
    assert event_date("推介会举办", "2016-03-02") is None


def test_output_is_deterministic():
    text = "云岭集团、星河集团和东岭集团与江北区签署合作协议。"
    spec = [("Company", "云岭集团"), ("Company", "星河集团"), ("Company", "东岭集团"), ("Region", "江北区")]
    first = [(r.subject, r.predicate, r.object) for r in rels(text, spec)]
    assert first == [(r.subject, r.predicate, r.object) for r in rels(text, list(reversed(spec)))]
    assert len(first) == 3


def test_explain_prints_edges_with_their_sentences(tmp_path):
    from kg.views.explain import explain, find_entities, format_edges, load_graph
    from kg.rdf.graph import build_dataset, union_graph
    from kg.model import Extraction
    from kg.extract.values import find_values

    text = "云岭集团投资12亿元建设星河光电项目。星河光电项目由云岭集团投资建设。"
    doc, sentences = article(text)
    ents = entities(doc, sentences, [("Company", "云岭集团"), ("Project", "星河光电项目")])
    ex = Extraction(doc, sentences, ents, find_relations(doc, sentences, ents), find_values(doc, sentences, ents))
    path = tmp_path / "graph.ttl"
    union_graph(build_dataset([ex], with_ontology=False)).serialize(path, format="turtle")
    g = load_graph(path)
    (node,) = find_entities(g, "星河光电项目")
    edges = explain(g, node)
    invest = [e for e in edges if e.predicate == "investsIn"]
    assert len(invest) == 1 and not invest[0].outgoing and len(invest[0].evidence) == 2
    assert {s.sentence for s in invest[0].evidence} == {"云岭集团投资12亿元建设星河光电项目。", "星河光电项目由云岭集团投资建设。"}
    money = [e for e in edges if e.predicate == "investmentAmount"]
    assert money and "1200000000" in money[0].object
    out = format_edges("星河光电项目", node, edges)
    assert "云岭集团 —investsIn→ 星河光电项目" in out and "invest-build" in out


def test_edges_fit_the_ontology():
    got = triples(rels("东岭市与星河产业园签约。", [("Region", "东岭市"), ("Park", "星河产业园")]))
    assert ("东岭市", "partyTo", "星河产业园") not in got        # partyTo points to projects only


def test_the_same_day_is_the_day_named_before():
    text = "6月3日，东岭高新区举行签约大会。当日，东岭高新区与星河科技有限公司签署合作协议。"
    got = rels(text, [("Park", "东岭高新区"), ("Company", "星河科技有限公司")], date="2021-06-05")
    (r,) = [r for r in got if r.predicate == "cooperatesWith"]
    assert r.date == "2021-06-03"


def test_a_project_lies_where_its_signer_governs_and_the_finer_place_wins():
    text = "会上，费县人民政府与云岭集团签约的云岭(临沂)包装产业园项目进展顺利。临沂市、费县有关负责人出席。"
    got = triples(rels(text, [("Government", "费县人民政府"), ("Company", "云岭集团"), ("Region", "费县"),
                              ("Region", "临沂市", "临沂"), ("Project", "云岭(临沂)包装产业园项目")]))
    assert ("云岭(临沂)包装产业园项目", "locatedIn", "费县") in got
    assert ("云岭(临沂)包装产业园项目", "locatedIn", "临沂市") not in got


def test_a_field_named_in_full_elsewhere_types_the_list_after_it():
    got = triples(rels("东岭高新区发展海洋信息产业。在海洋信息方面，星河数据中心、云岭科技有限公司等一批项目签约落地。",
                       [("Park", "东岭高新区"), ("Industry", "海洋信息产业"), ("Project", "星河数据中心"),
                        ("Company", "云岭科技有限公司")]))
    assert {("星河数据中心", "inIndustry", "海洋信息产业"), ("云岭科技有限公司", "inIndustry", "海洋信息产业")} <= got


def test_listed_projects_with_members_the_entity_stage_left_unnamed():
    got = triples(rels("东岭高新区召开大会。会上，星河数据中心、东岭影视创意园项目二期及云岭光电项目等一批文化项目签约落地。",
                       [("Park", "东岭高新区"), ("Project", "星河数据中心"), ("Project", "云岭光电项目")]))
    assert {("星河数据中心", "locatedIn", "东岭高新区"), ("东岭高新区", "partyTo", "星河数据中心"),
            ("东岭高新区", "partyTo", "云岭光电项目")} <= got


def test_a_list_may_skip_one_short_unnamed_member():
    got = triples(rels("云岭集团业务涵盖仓储物流、电子商务、展览及版权交易等多个领域。",
                       [("Company", "云岭集团"), ("Industry", "仓储物流"), ("Industry", "电子商务"),
                        ("Industry", "版权交易")]))
    assert ("云岭集团", "inIndustry", "版权交易") in got


def test_a_programme_carried_out_without_a_named_runner_is_the_actor_s():
    got = triples(rels("东岭市今年招商成效显著。全面深入开展星河引才计划，吸引人才1000余名。",
                       [("Region", "东岭市"), ("Program", "星河引才计划")]))
    assert ("东岭市", "organizes", "星河引才计划") in got
    got = triples(rels("东岭市今年招商成效显著。星河引才计划的经验值得借鉴。",
                       [("Region", "东岭市"), ("Program", "星河引才计划")]))
    assert ("东岭市", "organizes", "星河引才计划") not in got


def test_people_shown_at_the_event_take_part_in_it():
    got = triples(rels("星河项目签约仪式今天举行。签约仪式上，东岭市商务局局长张云峰介绍了招商情况，并对李海波授牌。"
                       "副市长王建华在会上表示感谢。",
                       [("Event", "星河项目签约仪式"), ("Government", "东岭市商务局"), ("Person", "张云峰"),
                        ("Person", "李海波"), ("Person", "王建华")]))
    assert {("张云峰", "participatesIn", "星河项目签约仪式"), ("王建华", "participatesIn", "星河项目签约仪式")} <= got
    assert ("李海波", "participatesIn", "星河项目签约仪式") not in got


def test_the_host_of_a_ceremony_takes_part_in_it():
    got = triples(rels("星河项目集中签约活动今天举行。副区长张云峰主持签约活动。",
                       [("Event", "星河项目集中签约活动"), ("Person", "张云峰")]))
    assert ("张云峰", "participatesIn", "星河项目集中签约活动") in got


def test_a_government_named_after_two_places_governs_the_last():
    got = triples(rels("东岭市南湾区人民政府签约星河光伏项目。东岭市、南湾区领导出席。",
                       [("Government", "东岭市南湾区人民政府"), ("Company", "云岭集团"), ("Project", "星河光伏项目"),
                        ("Region", "东岭市"), ("Region", "南湾区")]))
    assert ("星河光伏项目", "locatedIn", "南湾区") in got


def test_a_heading_no_mention_covers_ends_the_section_before_it():
    text = ("东岭高新区发布年度计划。\n 智能制造产业\n推进星河机器人产业园开工建设。"
            "海洋装备研发产业 加快云岭装备项目建设。")
    got = triples(rels(text, [("Park", "东岭高新区"), ("Industry", "智能制造"), ("Project", "星河机器人产业园"),
                              ("Project", "云岭装备项目")]))
    assert ("星河机器人产业园", "inIndustry", "智能制造") in got
    assert ("云岭装备项目", "inIndustry", "智能制造") not in got


def test_a_field_list_broken_by_a_line_goes_on_in_the_next():
    got = triples(rels("东岭高新区发展海洋信息产业。在海洋信息产业方面，星河数据中心、云岭\n科技、南湾研究院等一批项目签约落地。",
                       [("Park", "东岭高新区"), ("Industry", "海洋信息产业"), ("Project", "星河数据中心"),
                        ("ResearchInstitution", "南湾研究院")]))
    assert ("南湾研究院", "inIndustry", "海洋信息产业") in got


def test_members_joined_by_and_are_in_the_section_partners_are_not():
    text = "东岭高新区发布年度计划。\n 智能制造产业\n推动星河研究院和云岭研究院投入运营，和南湾大学合作共建实验室。"
    got = triples(rels(text, [("Park", "东岭高新区"), ("Industry", "智能制造"), ("ResearchInstitution", "星河研究院"),
                              ("ResearchInstitution", "云岭研究院"), ("ResearchInstitution", "南湾大学")]))
    assert ("云岭研究院", "inIndustry", "智能制造") in got
    assert ("南湾大学", "inIndustry", "智能制造") not in got


def test_a_listed_project_may_carry_its_investor_before_it():
    got = triples(rels("东岭高新区召开大会。签约的外资项目有：星河数据中心项目、云岭集团南湾光电项目、北岭储能项目等。",
                       [("Park", "东岭高新区"), ("Project", "星河数据中心项目"), ("Company", "云岭集团"),
                        ("Project", "南湾光电项目"), ("Project", "北岭储能项目")]))
    assert {("南湾光电项目", "locatedIn", "东岭高新区"), ("北岭储能项目", "locatedIn", "东岭高新区")} <= got


def test_bodies_chained_with_their_titles_before_a_person_are_not_attendees():
    got = triples(rels("星河签约仪式今天举行。东岭市市长张云峰，东岭市委常委、南湾区委书记李海波出席签约仪式。",
                       [("Region", "东岭市"), ("Person", "张云峰"), ("Government", "东岭市委"),
                        ("Government", "南湾区委"), ("Person", "李海波"), ("Event", "星河签约仪式")]))
    assert {("张云峰", "participatesIn", "星河签约仪式"), ("李海波", "participatesIn", "星河签约仪式")} <= got
    assert ("东岭市委", "participatesIn", "星河签约仪式") not in got
    assert ("南湾区委", "participatesIn", "星河签约仪式") not in got


def test_a_long_list_that_took_part_together():
    got = triples(rels("星河项目集中签约活动今天举行。东岭区人大常委会主任张云峰，区委副书记李海波，区机关各部门、"
                       "直属企事业单位主要负责人，项目签约客商嘉宾和区内部分重点企业高层近300人共同参加了活动。",
                       [("Event", "星河项目集中签约活动"), ("Government", "东岭区人大常委会"), ("Person", "张云峰"),
                        ("Person", "李海波")]))
    assert {("张云峰", "participatesIn", "星河项目集中签约活动"), ("李海波", "participatesIn", "星河项目集中签约活动")} <= got


def test_a_company_s_party_committee_post_is_a_post_in_the_company():
    got = triples(rels("东岭市与云岭集团签约。云岭集团党委书记、总经理张云峰表示满意。",
                       [("Region", "东岭市"), ("Company", "云岭集团"), ("Government", "云岭集团党委"),
                        ("Person", "张云峰")]))
    assert ("张云峰", "holdsPosition", "云岭集团") in got
    assert ("张云峰", "holdsPosition", "云岭集团党委") not in got


def test_a_person_named_with_their_bodies_signs_for_the_last_of_them():
    got = triples(rels("签约仪式上，东岭县人民政府党组成员、东岭工业园区管委会主任张云峰介绍了园区情况，"
                       "并与星河烟花公司、云岭电子公司等14家企业签订了招商引资协议。",
                       [("Government", "东岭县人民政府"), ("Government", "东岭工业园区管委会"), ("Person", "张云峰"),
                        ("Company", "星河烟花公司"), ("Company", "云岭电子公司")]))
    assert {("东岭工业园区管委会", "cooperatesWith", "星河烟花公司"),
            ("东岭工业园区管委会", "cooperatesWith", "云岭电子公司")} <= {
        (a, p, b) if a < b else (b, p, a) for a, p, b in got} | got
    assert not any(a == "东岭县人民政府" and p == "cooperatesWith" for a, p, b in got)


def test_what_a_company_is_one_of_is_not_the_subject():
    got = triples(rels("云岭集团，是国内第一家图书进出口机构，也是国内最大的星河进出口公司之一，业务涵盖仓储物流、电子商务等多个领域。",
                       [("Company", "云岭集团"), ("Company", "星河进出口公司"), ("Industry", "仓储物流"),
                        ("Industry", "电子商务")]))
    assert ("云岭集团", "inIndustry", "电子商务") in got
    assert ("星河进出口公司", "inIndustry", "电子商务") not in got


def test_a_department_head_title_keeps_the_titles_before_it_in_the_same_body():
    got = rels("东岭区人大常委会主任张云峰，南湾高新区党工委副书记、组织部部长、东岭区政协党组书记李海波参加了活动。",
               [("Government", "东岭区人大常委会"), ("Person", "张云峰"), ("Government", "南湾高新区党工委"),
                ("Government", "东岭区政协"), ("Person", "李海波")])
    by = {(r.subject[1], r.object[1]): r.title for r in got if r.predicate == "holdsPosition"}
    assert by[("李海波", "南湾高新区党工委")] == "副书记、组织部部长"
    assert by[("李海波", "东岭区政协")] == "党组书记"


def test_an_event_named_only_for_its_spirit_is_not_the_article_s_event():
    got = triples(rels("为深入学习贯彻星河全会精神，东岭市代表团赴南湾市开展招商。副市长张云峰参加活动。",
                       [("Event", "星河全会"), ("Region", "东岭市"), ("Region", "南湾市"), ("Person", "张云峰")]))
    assert ("张云峰", "participatesIn", "星河全会") not in got


def test_a_led_delegation_acts_not_the_paragraph_s_actor():
    got = triples(rels("东岭市发布消息。市委书记张云峰率领东岭市招商代表团，赴南湾市开展星河招商周活动。",
                       [("Region", "东岭市"), ("Region", "南湾市"), ("Person", "张云峰"),
                        ("Organization", "东岭市招商代表团"), ("Program", "星河招商周")]))
    assert ("东岭市招商代表团", "organizes", "星河招商周") in got
    assert ("东岭市", "organizes", "星河招商周") not in got


def test_signing_a_project_the_entity_stage_left_unnamed_is_no_cooperation():
    got = triples(rels("重点项目有4个，分别是东岭区人民政府与云岭科技有限公司签约的星河科创园投资运营项目。",
                       [("Government", "东岭区人民政府"), ("Company", "云岭科技有限公司")]))
    assert not any(p == "cooperatesWith" for _, p, _ in got)


def test_a_generic_noun_names_the_event_the_article_named_first():
    got = triples(rels("东岭省人民政府与星河集团战略合作协议签字仪式在南湾市举行。"
                       "下午，东岭省人民政府、星河集团战略合作协议签字仪式在南湾市举行。副省长张云峰出席签字仪式。",
                       [("Event", "东岭省人民政府与星河集团战略合作协议签字仪式"),
                        ("Event", "东岭省人民政府、星河集团战略合作协议签字仪式"), ("Region", "南湾市"),
                        ("Person", "张云峰")]))
    assert ("张云峰", "participatesIn", "东岭省人民政府与星河集团战略合作协议签字仪式") in got


def extracted(text: str):
    """One article run through the whole extractor (entities, resolution, relations)."""
    from kg.extract.article import extract
    from kg.model import Source
    ex = extract(Source(path="t.txt", name="t.txt", original=text, encoding="utf-8", sha256="0" * 64))
    return ex, {(r.subject[1], r.predicate, r.object[1]) for r in ex.relations}


def test_patterns_read_past_a_bracketed_short_name_and_the_short_name_is_the_company():
    ex, got = extracted("东岭市人民政府与云岭重型机械集团有限公司（简称“云岭重机”）签署战略合作协议。"
                        "云岭重机将在东岭高新区投资建设重卡生产基地。")
    assert ("云岭重型机械集团有限公司", "cooperatesWith", "东岭市人民政府") in got
    assert ("云岭重型机械集团有限公司", "investsIn", "重卡生产基地") in got
    company = next(e for e in ex.entities if e.label == "云岭重型机械集团有限公司")
    assert "云岭重机" in company.aliases


def test_a_date_between_a_project_and_where_it_starts():
    _, got = extracted("总投资约12亿元的星河新能源零部件产业园项目于3月18日在东岭高新区开工。")
    assert ("星河新能源零部件产业园项目", "locatedIn", "东岭高新区") in got


def test_projects_an_article_about_one_zone_places_nowhere_lie_in_that_zone():
    text = ("东岭高新区今年集中开工12个项目。东岭高新区签约一批重大项目。\n"
            "同期开工的还有云岭光电研发基地项目。\n"
            "此外，海川数据中心项目落户西平市。")
    got = triples(rels(text, [("Park", "东岭高新区"), ("Project", "云岭光电研发基地项目"),
                              ("Project", "海川数据中心项目"), ("Region", "西平市")]))
    assert ("云岭光电研发基地项目", "locatedIn", "东岭高新区") in got
    assert ("海川数据中心项目", "locatedIn", "西平市") in got
    assert ("海川数据中心项目", "locatedIn", "东岭高新区") not in got


def test_no_home_zone_when_the_article_is_about_no_single_zone_or_county():
    got = triples(rels("云岭集团签约多个项目。同期开工的还有云岭光电研发基地项目。",
                       [("Company", "云岭集团"), ("Project", "云岭光电研发基地项目")]))
    assert not [t for t in got if t[1] == "locatedIn"]
