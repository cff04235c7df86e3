"""Each sentence pattern of kg/data/relation_patterns.tsv, alone, on a sentence written for it."""
from __future__ import annotations

import pytest

import kg.extract.relations
from kg.extract.patterns import load_patterns
from kg.extract.relations import find_relations

from relations_kit import article, entities

P, C, G, R, K, RI, O, E, PG, IND, PER = ("Project", "Company", "Government", "Region", "Park",
                                           "ResearchInstitution", "Organization", "Event", "Program",
                                           "Industry", "Person")

# (pattern, text, entities, expected (subject, predicate, object))
CASES = [
    ("settle-in", "总投资3亿元的云岭光电项目正式落户东岭高新区。",
     [(P, "云岭光电项目"), (K, "东岭高新区")], ("云岭光电项目", "locatedIn", "东岭高新区")),
    ("settled-in", "已入驻东岭高新区的星河研究院发展迅速。",
     [(RI, "星河研究院"), (K, "东岭高新区")], ("星河研究院", "locatedIn", "东岭高新区")),
    ("settle-in", "云岭光电项目，总投资9亿元，落地东岭高新区核心区。",
     [(P, "云岭光电项目"), (K, "东岭高新区")], ("云岭光电项目", "locatedIn", "东岭高新区")),
    ("lies-in", "云岭光电项目位于江北区。",
     [(P, "云岭光电项目"), (R, "江北区")], ("云岭光电项目", "locatedIn", "江北区")),
    ("build-in", "该公司计划在江北区建设云岭光电产业园。",
     [(P, "云岭光电产业园"), (R, "江北区")], ("云岭光电产业园", "locatedIn", "江北区")),
    ("build-in", "两家公司合资，在江北区开发云岭光电项目。",
     [(P, "云岭光电项目"), (R, "江北区")], ("云岭光电项目", "locatedIn", "江北区")),
    ("bracket-place", "签下7个项目：云岭光电项目(江北),星河储能项目(东岭)。",
     [(P, "云岭光电项目"), (R, "江北区", "江北"), (P, "星河储能项目"), (R, "东岭县", "东岭")], ("星河储能项目", "locatedIn", "东岭县")),
    ("joint-venture", "云岭集团与星河控股公司达成意向，双方合资2500万美元，在江北区开发云岭光电项目。",
     [(C, "云岭集团"), (C, "星河控股公司"), (P, "云岭光电项目"), (R, "江北区")], ("星河控股公司", "investsIn", "云岭光电项目")),
    ("project-in-place", "云岭光电项目在江北区开工。",
     [(P, "云岭光电项目"), (R, "江北区")], ("云岭光电项目", "locatedIn", "江北区")),
    ("signed-here", "东岭高新区召开大会。会上，云岭光电项目、星河数据中心等一批项目签约落地。",
     [(P, "云岭光电项目"), (P, "星河数据中心"), (K, "东岭高新区")], ("星河数据中心", "locatedIn", "东岭高新区")),
    ("signed-here-party", "东岭高新区召开大会。会上，云岭光电项目、星河数据中心等一批项目签约落地。",
     [(P, "云岭光电项目"), (P, "星河数据中心"), (K, "东岭高新区")], ("东岭高新区", "partyTo", "云岭光电项目")),
    ("invest-build", "云岭集团投资12亿元建设云岭光电产业园。",
     [(C, "云岭集团"), (P, "云岭光电产业园")], ("云岭集团", "investsIn", "云岭光电产业园")),
    ("invest-in", "星河科技有限公司投资建设云岭光电项目。",
     [(C, "星河科技有限公司"), (P, "云岭光电项目")], ("星河科技有限公司", "investsIn", "云岭光电项目")),
    ("invest-of", "签约项目包括星河科技有限公司投资的云岭光电项目。",
     [(C, "星河科技有限公司"), (P, "云岭光电项目")], ("星河科技有限公司", "investsIn", "云岭光电项目")),
    ("invest-by", "云岭光电项目由星河科技有限公司投资建设。",
     [(C, "星河科技有限公司"), (P, "云岭光电项目")], ("星河科技有限公司", "investsIn", "云岭光电项目")),
    ("plan-build-in", "星河科技有限公司在江北区投资约4亿元，建设云岭光电项目。",
     [(C, "星河科技有限公司"), (P, "云岭光电项目"), (R, "江北区")], ("星河科技有限公司", "investsIn", "云岭光电项目")),
    ("partner-build-in", "星河科技有限公司拟联合云岭集团等企业在江北区建设云岭光电项目。",
     [(C, "星河科技有限公司"), (C, "云岭集团"), (P, "云岭光电项目"), (R, "江北区")],
     ("云岭集团", "investsIn", "云岭光电项目")),
    ("sign-with", "东岭市与星河科技有限公司签署战略合作协议。",
     [(R, "东岭市"), (C, "星河科技有限公司")], ("东岭市", "cooperatesWith", "星河科技有限公司")),
    ("sign-with-each", "东岭市与星河集团，江北区与云岭集团分别签署合作协议。",
     [(R, "东岭市"), (C, "星河集团"), (R, "江北区"), (C, "云岭集团")], ("东岭市", "cooperatesWith", "星河集团")),
    ("project-signs-with", "云岭光电项目与东岭市签约。",
     [(P, "云岭光电项目"), (R, "东岭市")], ("东岭市", "partyTo", "云岭光电项目")),
    ("sign-with-actor", "东岭市招商局积极工作。今年与星河商会等三家商会签署了合作协议。",
     [(G, "东岭市招商局"), (O, "星河商会")], ("东岭市招商局", "cooperatesWith", "星河商会")),
    ("sign-project", "江北区签约云岭光电项目。",
     [(R, "江北区"), (P, "云岭光电项目")], ("江北区", "partyTo", "云岭光电项目")),
    ("signed-project-agreement", "东岭高新区管委会与星河科技有限公司签订了云岭光电项目合作协议。",
     [(G, "东岭高新区管委会"), (C, "星河科技有限公司"), (P, "云岭光电项目")],
     ("星河科技有限公司", "partyTo", "云岭光电项目")),
    ("signed-project-agreement", "东岭高新区管委会与星河科技有限公司签订了云岭光电项目合作协议。",
     [(G, "东岭高新区管委会"), (C, "星河科技有限公司"), (P, "云岭光电项目")],
     ("东岭高新区管委会", "cooperatesWith", "星河科技有限公司")),
    ("signed-project-together", "东岭高新区管委会与星河科技有限公司签署云岭光电项目。",
     [(G, "东岭高新区管委会"), (C, "星河科技有限公司"), (P, "云岭光电项目")],
     ("东岭高新区管委会", "partyTo", "云岭光电项目")),
    ("party-signing", "会上举行了星河研究院、江北区人民政府、云岭科技有限公司三方战略合作签约。",
     [(RI, "星河研究院"), (G, "江北区人民政府"), (C, "云岭科技有限公司")],
     ("江北区人民政府", "cooperatesWith", "云岭科技有限公司")),
    ("cooperate-with", "星河商会与东岭高新区建立了长期合作关系。",
     [(O, "星河商会"), (K, "东岭高新区")], ("东岭高新区", "cooperatesWith", "星河商会")),
    ("cooperate-build", "东岭高新区今年将与星河大学、云岭集团等合作共建创新平台。",
     [(K, "东岭高新区"), (RI, "星河大学"), (C, "云岭集团")], ("东岭高新区", "cooperatesWith", "星河大学")),
    ("organize", "东岭市商务局举办星河招商推介会。",
     [(G, "东岭市商务局"), (E, "星河招商推介会")], ("东岭市商务局", "organizes", "星河招商推介会")),
    ("organized-by", "星河招商推介会由东岭市商务局主办。",
     [(G, "东岭市商务局"), (E, "星河招商推介会")], ("东岭市商务局", "organizes", "星河招商推介会")),
    ("organized-by-before", "由东岭市商务局、星河商会联合主办的云岭投资洽谈会开幕。",
     [(G, "东岭市商务局"), (O, "星河商会"), (E, "云岭投资洽谈会")], ("东岭市商务局", "organizes", "云岭投资洽谈会")),
    ("organize-rel", "东岭市商务局举办的星河招商推介会吸引了众多客商。",
     [(G, "东岭市商务局"), (E, "星河招商推介会")], ("东岭市商务局", "organizes", "星河招商推介会")),
    ("take-part", "云岭集团应邀参加星河招商推介会。",
     [(C, "云岭集团"), (E, "星河招商推介会")], ("云岭集团", "participatesIn", "星河招商推介会")),
    ("people-attend", "张云峰出席星河招商推介会。",
     [(PER, "张云峰"), (E, "星河招商推介会")], ("张云峰", "participatesIn", "星河招商推介会")),
    ("attend-generic", "星河项目签约仪式今天举行。副市长张云峰、李海波出席签约仪式。",
     [(PER, "张云峰"), (PER, "李海波"), (E, "星河项目签约仪式")], ("李海波", "participatesIn", "星河项目签约仪式")),
    ("attend-bare", "星河招商推介会今天举行。云岭集团、星河科技有限公司等企业负责人参加。",
     [(C, "云岭集团"), (C, "星河科技有限公司"), (E, "星河招商推介会")],
     ("星河科技有限公司", "participatesIn", "星河招商推介会")),
    ("lead", "张云峰率领东岭市经贸代表团赴外地考察。",
     [(PER, "张云峰"), (O, "东岭市经贸代表团")], ("张云峰", "leads", "东岭市经贸代表团")),
    ("led-by", "云岭光电项目由星河大学教授张云峰领衔。",
     [(PER, "张云峰"), (P, "云岭光电项目"), (RI, "星河大学")], ("张云峰", "leads", "云岭光电项目")),
    ("leading-of", "我们邀请了张云峰博士带领的星河专家团。",
     [(PER, "张云峰"), (O, "星河专家团")], ("张云峰", "leads", "星河专家团")),
    ("lead-to-organize", "张云峰率领东岭市经贸代表团，赴外地开展星河招商周活动。",
     [(PER, "张云峰"), (O, "东岭市经贸代表团"), (PG, "星河招商周")], ("东岭市经贸代表团", "organizes", "星河招商周")),
    ("belongs-to", "云岭集团旗下的星河科技有限公司发展迅速。",
     [(C, "云岭集团"), (C, "星河科技有限公司")], ("星河科技有限公司", "subsidiaryOf", "云岭集团")),
    ("is-part-of", "星河研究所是东岭科学院直属研究所。",
     [(RI, "星河研究所"), (RI, "东岭科学院")], ("星河研究所", "subsidiaryOf", "东岭科学院")),
    ("group-subsidiary", "云岭集团子公司星河科技有限公司负责运营。",
     [(C, "云岭集团"), (C, "星河科技有限公司")], ("星河科技有限公司", "subsidiaryOf", "云岭集团")),
    ("engaged-in", "星河科技有限公司主要从事锂电池材料、储能设备等产业。",
     [(C, "星河科技有限公司"), (IND, "锂电池材料"), (IND, "储能设备")], ("星河科技有限公司", "inIndustry", "储能设备")),
    ("covers", "云岭集团业务范围广，涵盖仓储物流、跨境电商等多个领域。",
     [(C, "云岭集团"), (IND, "仓储物流"), (IND, "跨境电商")], ("云岭集团", "inIndustry", "跨境电商")),
    ("owns-sectors", "云岭集团拥有新材料、精细化工等多个核心业务板块。",
     [(C, "云岭集团"), (IND, "新材料"), (IND, "精细化工")], ("云岭集团", "inIndustry", "精细化工")),
    ("in-field", "星河科技有限公司是国内储能领域的知名企业。",
     [(C, "星河科技有限公司"), (IND, "储能")], ("星河科技有限公司", "inIndustry", "储能")),
    ("field-section", "在生物医药方面，云岭光电项目、星河数据中心等项目签约。",
     [(P, "云岭光电项目"), (P, "星河数据中心"), (IND, "生物医药")], ("星河数据中心", "inIndustry", "生物医药")),
    ("research-on", "星河研究所长期开展对海洋气象、海洋水文等领域的研究。",
     [(RI, "星河研究所"), (IND, "海洋气象"), (IND, "海洋水文")], ("星河研究所", "inIndustry", "海洋水文")),
    ("achievements-in", "星河科技有限公司在智慧农业等领域取得了优异成绩。",
     [(C, "星河科技有限公司"), (IND, "智慧农业")], ("星河科技有限公司", "inIndustry", "智慧农业")),
    ("industry-project", "云岭光电项目等一批新能源项目开工。",
     [(P, "云岭光电项目"), (IND, "新能源")], ("云岭光电项目", "inIndustry", "新能源")),
    ("industry-project-pre", "新能源项目有：云岭光电项目、星河储能项目。",
     [(P, "云岭光电项目"), (P, "星河储能项目"), (IND, "新能源")], ("星河储能项目", "inIndustry", "新能源")),
    ("integrates", "云岭集团形成了集科研服务、检测服务为一体的服务体系。",
     [(C, "云岭集团"), (IND, "科研服务"), (IND, "检测服务")], ("云岭集团", "inIndustry", "检测服务")),
    ("develops", "东岭产业园将重点发展智能家电、新能源汽车两大产业。",
     [(K, "东岭产业园"), (IND, "智能家电"), (IND, "新能源汽车")], ("东岭产业园", "inIndustry", "新能源汽车")),
    ("listed-projects", "东岭高新区召开大会。签约的外资项目有：星河数据中心、云岭光电项目等。",
     [(K, "东岭高新区"), (P, "云岭光电项目"), (P, "星河数据中心")], ("云岭光电项目", "locatedIn", "东岭高新区")),
    ("place-starts", "东岭高新区集中开工云岭光电项目、星河数据中心等8个项目。",
     [(K, "东岭高新区"), (P, "云岭光电项目"), (P, "星河数据中心")], ("星河数据中心", "locatedIn", "东岭高新区")),
    ("signed-of", "江北区人民政府与云岭集团签约的星河光伏项目进展顺利。",
     [(G, "江北区人民政府"), (C, "云岭集团"), (P, "星河光伏项目")], ("云岭集团", "partyTo", "星河光伏项目")),
    ("signed-of", "云岭集团与东岭经济开发区管委会签署的总投资为5000万美元的星河器械项目顺利推进。",
     [(G, "东岭经济开发区管委会"), (C, "云岭集团"), (P, "星河器械项目")], ("东岭经济开发区管委会", "partyTo", "星河器械项目")),
    ("signed-list", "东岭市召开大会。本次签约亿元以上项目共8个，包括星河光伏项目、云岭储能项目等。",
     [(R, "东岭市"), (P, "星河光伏项目"), (P, "云岭储能项目")], ("东岭市", "partyTo", "云岭储能项目")),
    ("partners-of", "签约项目包括星河燃气与云岭科技合作的分布式能源项目。",
     [(C, "星河燃气"), (C, "云岭科技"), (P, "分布式能源项目")], ("云岭科技", "investsIn", "分布式能源项目")),
    ("owner-project", "外资项目有：云岭集团“星河国际中心项目”等。",
     [(C, "云岭集团"), (P, "星河国际中心项目")], ("云岭集团", "investsIn", "星河国际中心项目")),
    ("covers-after", "首批项目入驻东岭「星河合作产业园」，涉及文旅休闲、科教研发等领域。",
     [(K, "星河合作产业园"), (IND, "文旅休闲"), (IND, "科教研发")], ("星河合作产业园", "inIndustry", "科教研发")),
    ("aims-at", "星河广场项目，致力于打造以时尚、潮流为特色的现代服务业，前景广阔。",
     [(P, "星河广场项目"), (IND, "现代服务业")], ("星河广场项目", "inIndustry", "现代服务业")),
    ("industry-firm", "当地引进了全球知名的锂电生产企业“云岭锂业”。",
     [(C, "云岭锂业"), (IND, "锂电")], ("云岭锂业", "inIndustry", "锂电")),
    ("gathers", "星河工业园汇聚了全球30多家顶级光电企业。",
     [(K, "星河工业园"), (IND, "光电")], ("星河工业园", "inIndustry", "光电")),
    ("integrated-of", "云岭集团拟建设集影视、动漫、培训于一体的星河传媒产业园。",
     [(C, "云岭集团"), (P, "星河传媒产业园"), (IND, "影视"), (IND, "动漫"), (IND, "培训")], ("星河传媒产业园", "inIndustry", "动漫")),
    ("place-of", "重点项目有：江北区的星河体验中心项目、南湾县的云岭种植基地项目。",
     [(R, "江北区"), (R, "南湾县"), (P, "星河体验中心项目"), (P, "云岭种植基地项目")], ("云岭种植基地项目", "locatedIn", "南湾县")),
    ("co-organize", "东岭市商务局联合南湾市商务局、星河商会，在东岭高新区共同举办星河招商推介会。",
     [(G, "东岭市商务局"), (G, "南湾市商务局"), (O, "星河商会"), (K, "东岭高新区"), (E, "星河招商推介会")],
     ("星河商会", "organizes", "星河招商推介会")),
    ("signed-with-unnamed", "东岭县人民政府与云岭能源签约的星河光伏项目进展顺利。",
     [(G, "东岭县人民政府"), (P, "星河光伏项目")], ("东岭县人民政府", "partyTo", "星河光伏项目")),
    ("parties-sign", "东岭省人民政府、云岭集团、星河科技有限公司签署战略合作协议。",
     [(G, "东岭省人民政府"), (C, "云岭集团"), (C, "星河科技有限公司")], ("云岭集团", "cooperatesWith", "星河科技有限公司")),
    ("owner-programme", "今年东岭高新区星河引才计划工作成效显著。",
     [(K, "东岭高新区"), (PG, "星河引才计划")], ("东岭高新区", "organizes", "星河引才计划")),
    ("sector-blocks", "云岭粮油项目将重点建设研发中心、物流园、精深加工三个板块。",
     [(P, "云岭粮油项目"), (IND, "精深加工")], ("云岭粮油项目", "inIndustry", "精深加工")),
    ("started-in", "东岭高新区相关负责人介绍，今年以来推动了星河数据中心、云岭光电项目等12个重大项目开工建设。",
     [(K, "东岭高新区"), (P, "星河数据中心"), (P, "云岭光电项目")], ("星河数据中心", "locatedIn", "东岭高新区")),
    ("invest-in-place", "早在2015年，张云峰就在江北区投资星河数据产业园，合同金额50亿元。",
     [(R, "江北区"), (K, "星河数据产业园")], ("星河数据产业园", "locatedIn", "江北区")),
    ("founded", "45岁的张云峰博士回到家乡，创办了星河海洋科技公司。",
     [(PER, "张云峰"), (C, "星河海洋科技公司")], ("张云峰", "holdsPosition", "星河海洋科技公司")),
    ("founded", "45岁的张云峰博士原是南湾大学的海洋科学专家，在家乡的召唤下，他毅然回到东岭市，创办了星河海洋科技公司。",
     [(PER, "张云峰"), (RI, "南湾大学"), (R, "东岭市"), (C, "星河海洋科技公司")],
     ("张云峰", "holdsPosition", "星河海洋科技公司")),
    ("works-at", "张云峰博士原是星河大学的海洋科学专家。",
     [(PER, "张云峰"), (RI, "星河大学")], ("张云峰", "holdsPosition", "星河大学")),
    ("invited-to", "通过举办星河专场推介活动，邀请南湾国环境专家张云峰博士带领的南湾博士交流团来东岭交流。",
     [(E, "星河专场推介活动"), (R, "南湾国"), (PER, "张云峰"), (O, "南湾博士交流团")],
     ("南湾博士交流团", "participatesIn", "星河专场推介活动")),
    ("person-convenes", "区委书记张云峰一行考察了星河产业园，召开了东岭会展业专题招商会。",
     [(PER, "张云峰"), (K, "星河产业园"), (E, "东岭会展业专题招商会")], ("张云峰", "participatesIn", "东岭会展业专题招商会")),
    ("cooperate-with-actor", "东岭新区管委会表示，目前已与南湾市政府建立推动园区建设的合作机制。",
     [(G, "东岭新区管委会"), (G, "南湾市政府")], ("东岭新区管委会", "cooperatesWith", "南湾市政府")),
]


@pytest.mark.parametrize("name,text,spec,expected", CASES, ids=[c[0] for c in CASES])
def test_pattern(name, text, spec, expected, monkeypatch):
    alone = tuple(p for p in load_patterns() if p.name == name)
    monkeypatch.setattr(kg.extract.relations, "load_patterns", lambda: alone)
    doc, sentences = article(text)
    rels = find_relations(doc, sentences, entities(doc, sentences, spec))
    by_triple = {(r.subject[1], r.predicate, r.object[1]): r for r in rels}
    s, p, o = expected
    hit = by_triple.get((s, p, o)) or (by_triple.get((o, p, s)) if p == "cooperatesWith" else None)
    assert hit is not None, sorted(by_triple)
    assert name in {e.extractor for e in hit.evidence}, [e.extractor for e in hit.evidence]


def test_every_pattern_has_a_case():
    assert {p.name for p in load_patterns()} <= {c[0] for c in CASES}


def test_the_founder_is_the_person_nearest_the_founding(monkeypatch):
    alone = tuple(p for p in load_patterns() if p.name == "founded")
    monkeypatch.setattr(kg.extract.relations, "load_patterns", lambda: alone)
    doc, sentences = article("张云峰会见了李海波，李海波在东岭市创办了星河海洋科技公司。")
    spec = [(PER, "张云峰"), (PER, "李海波"), (R, "东岭市"), (C, "星河海洋科技公司")]
    got = {(r.subject[1], r.predicate, r.object[1]) for r in find_relations(doc, sentences, entities(doc, sentences, spec))}
    assert ("李海波", "holdsPosition", "星河海洋科技公司") in got
    assert ("张云峰", "holdsPosition", "星河海洋科技公司") not in got
