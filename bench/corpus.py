"""Deterministic benchmark inputs: articles and graphs made from a seed.

Articles recombine the *shapes* of sentences typical of investment-promotion news (a signing,
a visit, a park's figures, a project's size...) written for this suite, with generated names
(cities, parks, companies, people, projects, amounts) — no third-party text is copied.  The
same ``seed`` and ``n`` always give the same files, byte for byte.  Names come from bounded
pools, so entities repeat across articles as they do in a real corpus.

Graphs (``graph_triples``) follow the shape ``kg build`` writes (documents, typed entities with
labels, relations, evidence nodes, amounts) without running extraction, so a 1M-triple graph
takes seconds to make.
"""
from __future__ import annotations

import random
from pathlib import Path

_CHARS = ("安宁海阳临江青泉德昌瑞丰华兴盛和平远东西南北中金银鑫隆泰恒通达新天宏嘉永富锦龙凤鹏翔"
          "云山川河湖林森源光明辉建成正信诚鼎元博创智联科汇晨星宇航蓝绿翠峰岭泽润沃洲港湾城")
_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
_GIVEN = "伟刚勇毅俊峰强军平保东文辉力明永健世广志义兴良海山仁波宁贵福生龙元全国胜学祥才发武新利清飞彬富顺信子杰涛昌成康星光天达安岩中茂进林有坚和彪博诚先敬震振壮会思群豪心邦承乐绍功松善厚庆磊民友裕河哲江超浩亮政谦亨奇固之轮翰朗伯宏言若鸣朋斌梁栋维启克伦翔旭鹏泽晨辰士以建家致树炎德行时泰盛雄琛钧冠策腾楠榕风航弘秀娟英华慧巧美娜静淑惠珠翠雅芝玉萍红娥玲芬芳燕彩春菊兰凤洁梅琳素云莲真环雪荣爱妹霞香月莺媛艳瑞凡佳嘉琼勤珍贞莉桂娣叶璧璐娅琦晶妍茜秋珊莎锦黛青倩婷姣婉娴瑾颖露瑶怡婵雁蓓纨仪荷丹蓉眉君琴蕊薇菁梦岚苑婕馨瑗琰韵融园艺咏卿聪澜纯毓悦昭冰爽琬茗羽希宁欣飘育滢馥筠柔竹霭凝晓欢霄枫芸菲寒伊亚宜可姬舒影荔枝思丽"
_INDUSTRIES = ["新能源汽车", "生物医药", "集成电路", "高端装备制造", "新材料", "数字经济", "现代物流", "海洋经济",
               "人工智能", "节能环保", "智能家电", "轨道交通装备", "航空航天", "现代农业", "文化旅游", "跨境电商",
               "医疗器械", "新一代信息技术", "氢能", "储能电池", "光伏", "半导体材料", "工业互联网", "食品加工",
               "纺织服装", "精细化工", "冷链物流", "金融服务", "软件和信息服务", "健康养老"]
_COMPANY_TAILS = ["科技有限公司", "股份有限公司", "集团有限公司", "新材料有限公司", "智能装备有限公司",
                  "生物科技有限公司", "电子有限公司", "投资有限公司", "集团", "实业有限公司"]
_PARK_TAILS = ["高新技术产业开发区", "经济技术开发区", "产业园", "综合保税区", "科技园", "临港经济区"]
_TITLES = ["市委书记", "市长", "副市长", "区委书记", "区长", "管委会主任", "常务副市长", "商务局局长"]
_EXEC_TITLES = ["董事长", "总经理", "总裁", "副总裁", "首席执行官", "董事长兼总经理"]
_PROJECT_KINDS = ["生产基地", "研发中心", "总部", "产业园", "智能工厂", "创新中心", "物流园", "示范项目"]
_EVENTS = ["投资贸易洽谈会", "招商引资推介会", "产业合作对接会", "重点项目集中签约仪式", "创新创业大赛", "发展大会"]
_UNI_TAILS = ["大学", "理工大学", "科技大学", "研究院", "师范大学"]

_SENTENCES = [
    "{date}，{gov}与{company}签署{project}投资协议，项目总投资{amount}，主要建设{industry}生产线。",
    "{gtitle}{person}会见了{company}{etitle}{person2}一行，双方就{industry}领域合作进行了深入交流。",
    "{company}{project}正式落户{park}，计划投资{amount}，达产后预计年产值{amount2}。",
    "近年来，{city}坚持把招商引资作为经济工作的“一号工程”，围绕{industry}、{industry2}等重点产业开展精准招商。",
    "{year}年以来，{park}累计引进项目{n}个，实际利用外资{usd}。",
    "{city}商务局组织{n}家企业赴{city2}开展“双招双引”活动，现场签约项目{k}个，总金额{amount}。",
    "{uni}与{gov}共建{city}{industry}研究院，重点开展{industry}关键技术研发和成果转化。",
    "{company}是{company2}的全资子公司，主要从事{industry}产品的研发、生产和销售。",
    "据了解，{project}占地约{n}亩，总建筑面积{k}万平方米，预计{year}年底竣工投产。",
    "{city}{gtitle}{person}、{gtitle2}{person2}出席签约仪式并见证签约。",
    "会上，{gov}分别与{k}家企业签订了合作协议，涵盖{industry}、{industry2}、现代物流等领域。",
    "下一步，{park}将进一步优化营商环境，强化要素保障，推动更多优质项目签约落地、开工建设。",
    "{company}{etitle}{person}表示，看好{city}的区位优势和产业基础，将加快项目建设进度，争取早日投产。",
    "此次签约的{n}个项目中，{industry}项目{k}个，投资额超过{amount}。",
    "{year}{event}于{date}在{city}举行，来自{k}个国家和地区的{n}余名客商参加。",
    "{company}与{company2}在{city}签署战略合作协议，双方将在{industry}领域开展深度合作。",
    "{project}由{company}投资建设，总投资{amount}，其中固定资产投资{amount2}。",
    "{park}位于{city}{district}，规划面积{k}平方公里，是{province}重点建设的{industry}产业集聚区。",
    "今年1至{month}月，{city}新签约亿元以上项目{n}个，到位资金{amount}，同比增长{pct}%。",
    "（记者 {person} 通讯员 {person2}）",
]
_TITLES_T = [
    "{city}与{company}签约{industry}项目",
    "{park}{year}年新引进项目{n}个",
    "{gtitle}{person}会见{company}客人",
    "{year}{event}在{city}开幕 签约项目总额{amount}",
    "{city}“双招双引”再结硕果",
    "{project}开工 总投资{amount}",
]


class Names:
    """Bounded pools of generated names (so entities recur across articles)."""

    def __init__(self, seed: int = 0):
        rng = random.Random(f"names-{seed}")
        pick2 = lambda: rng.choice(_CHARS) + rng.choice(_CHARS)  # noqa: E731
        self.provinces = sorted({pick2() + "省" for _ in range(40)})
        self.cities = sorted({pick2() + "市" for _ in range(400)})
        self.districts = sorted({pick2() + rng.choice("区县") for _ in range(300)})
        self.parks = sorted({rng.choice(self.cities)[:-1] + rng.choice(_PARK_TAILS) for _ in range(1500)})
        self.companies = sorted({pick2() + pick2() + rng.choice(_INDUSTRIES[:12])[:2] * (rng.random() < 0.3)
                                 + rng.choice(_COMPANY_TAILS) for _ in range(20000)})
        self.people = sorted({rng.choice(_SURNAMES) + "".join(rng.choice(_GIVEN) for _ in range(rng.choice((1, 2, 2))))
                              for _ in range(15000)})
        self.unis = sorted({pick2() + rng.choice(_UNI_TAILS) for _ in range(300)})


class Article:
    def __init__(self, names: Names, rng: random.Random):
        self.n, self.rng = names, rng
        r = rng
        self.city, self.city2 = r.choice(names.cities), r.choice(names.cities)
        self.year = r.randrange(2015, 2025)
        self.company, self.company2 = r.choice(names.companies), r.choice(names.companies)
        self.park = r.choice(names.parks)

    def fill(self, template: str) -> str:
        r, n = self.rng, self.n
        if r.random() < 0.3:  # articles keep returning to their own city and company, sometimes new ones
            self.company = r.choice(n.companies)
        industry = r.choice(_INDUSTRIES)
        slots = {
            "city": self.city, "city2": self.city2, "province": r.choice(n.provinces),
            "district": r.choice(n.districts), "park": self.park, "company": self.company,
            "company2": self.company2 if r.random() < 0.5 else r.choice(n.companies),
            "gov": self.city + r.choice(["人民政府", "人民政府", "政府", "招商局"]) if r.random() < 0.8 else self.park + "管委会",
            "person": r.choice(n.people), "person2": r.choice(n.people),
            "gtitle": r.choice(_TITLES), "gtitle2": r.choice(_TITLES), "etitle": r.choice(_EXEC_TITLES),
            "industry": industry, "industry2": r.choice(_INDUSTRIES),
            "project": self.company[:4] + industry[:4] + r.choice(_PROJECT_KINDS) + "项目",
            "amount": _amount(r), "amount2": _amount(r), "usd": f"{r.randrange(1, 90) / 10:g}亿美元",
            "year": self.year, "month": r.randrange(2, 12), "pct": f"{r.randrange(10, 600) / 10:g}",
            "date": f"{self.year}年{r.randrange(1, 13)}月{r.randrange(1, 29)}日",
            "n": r.randrange(3, 300), "k": r.randrange(2, 40), "uni": r.choice(n.unis),
            "event": r.choice(_EVENTS),
        }
        return template.format(**slots)


def _amount(r: random.Random) -> str:
    kind = r.random()
    if kind < 0.6:
        return f"{r.randrange(5, 3000) / 10:g}亿元"
    if kind < 0.8:
        return f"{r.randrange(500, 90000)}万元"
    return f"{r.randrange(1, 200) / 10:g}亿{r.choice(['美元', '欧元', '港元'])}"


def article(names: Names, index: int, seed: int = 0) -> tuple[str, str]:
    """(title, text) of article ``index``: a title line, a date and source line, 4-10 paragraphs."""
    rng = random.Random(f"article-{seed}-{index}")
    a = Article(names, rng)
    title = a.fill(rng.choice(_TITLES_T))
    month, day = rng.randrange(1, 13), rng.randrange(1, 29)
    head = [title, f"发布日期：{a.year}-{month:02d}-{day:02d}  来源：{a.city[:-1]}日报"]
    paras = []
    for _ in range(rng.randrange(4, 11)):
        paras.append("".join(a.fill(rng.choice(_SENTENCES[:-1])) for _ in range(rng.randrange(2, 6))))
    if rng.random() < 0.3:
        paras.append(a.fill(_SENTENCES[-1]))
    return title, "\n".join(head) + "\n\n" + "\n\n".join("　　" + p for p in paras) + "\n"


def write_corpus(folder: str | Path, n: int, seed: int = 0, start: int = 0, traditional: float = 0.1) -> Path:
    """``n`` articles as UTF-8 .txt files under ``folder`` (1000 a sub-folder); a share in
    traditional script (OpenCC s2t), as Taiwanese and Hong Kong pages are.  Returns ``folder``."""
    folder = Path(folder)
    names = Names(seed)
    s2t = None
    for i in range(start, start + n):
        _, text = article(names, i, seed)
        if traditional and random.Random(f"script-{seed}-{i}").random() < traditional:
            if s2t is None:
                import opencc
                s2t = opencc.OpenCC("s2t").convert
            text = s2t(text)
        sub = folder / f"{i // 1000:04d}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"a{i:07d}.txt").write_text(text, encoding="utf-8")
    return folder


def corpus_text(folder: str | Path) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(Path(folder).rglob("*.txt"))]


# ---------------------------------------------------------------- graphs
BASE = "https://w3id.org/kg-zhaoshang/"
KG = BASE + "ontology#"
ID = BASE + "id/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
PROV = "http://www.w3.org/ns/prov#"
DCT = "http://purl.org/dc/terms/"
_CLASS_OF = [("Company", 0.45), ("Government", 0.1), ("Region", 0.1), ("Park", 0.1), ("Project", 0.15),
             ("Person", 0.07), ("ResearchInstitution", 0.03)]
_RELS = [("investsIn", "Company", "Project"), ("locatedIn", "Project", "Park"), ("locatedIn", "Park", "Region"),
         ("partyTo", "Government", "Project"), ("cooperatesWith", "Company", "Company"),
         ("subsidiaryOf", "Company", "Company"), ("holdsPosition", "Person", "Company"),
         ("partyTo", "Company", "Project"), ("locatedIn", "Company", "Region")]


def graph_triples(n: int, seed: int = 0):
    """About ``n`` N-Triples lines shaped like a built graph: per document ~8 document triples,
    entity types/labels/mentions, relations each with an evidence node of 11 triples, amounts."""
    rng = random.Random(f"graph-{seed}")
    names = Names(seed)
    n_entities = max(50, n // 25)
    pools: dict[str, list[tuple[str, str]]] = {}
    ents = []
    for i in range(n_entities):
        x = rng.random()
        for cls, p in _CLASS_OF:
            x -= p
            if x <= 0:
                break
        label = {"Company": lambda: rng.choice(names.companies), "Government": lambda: rng.choice(names.cities) + "人民政府",
                 "Region": lambda: rng.choice(names.cities), "Park": lambda: rng.choice(names.parks),
                 "Person": lambda: rng.choice(names.people), "ResearchInstitution": lambda: rng.choice(names.unis),
                 "Project": lambda: rng.choice(names.companies)[:4] + rng.choice(_INDUSTRIES) + rng.choice(_PROJECT_KINDS) + "项目"}[cls]()
        iri = f"{ID}{cls}/{i:016x}"
        ents.append((iri, cls, label))
        pools.setdefault(cls, []).append((iri, label))
    written = 0
    typed: set[str] = set()
    doc = 0
    while written < n:
        doc += 1
        d = f"{ID}doc/{doc:016x}"
        lit = lambda s: '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'  # noqa: E731
        out = [f"<{d}> <{RDF}type> <{KG}Document> .",
               f"<{d}> <{RDFS}label> {lit('文章' + str(doc))}@zh-Hans .",
               f"<{d}> <{DCT}date> \"{rng.randrange(2015, 2025)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}\"^^<{XSD}date> .",
               f"<{d}> <{KG}fileName> \"a{doc:07d}.txt\" .",
               f"<{d}> <{KG}characters> \"{rng.randrange(500, 4000)}\"^^<{XSD}integer> ."]
        mentioned = rng.sample(ents, min(len(ents), rng.randrange(5, 15)))
        for iri, cls, label in mentioned:
            if iri not in typed:
                typed.add(iri)
                out.append(f"<{iri}> <{RDF}type> <{KG}{cls}> .")
                out.append(f"<{iri}> <{RDFS}label> {lit(label)}@zh-Hans .")
            out.append(f"<{iri}> <{KG}mentionedIn> <{d}> .")
        for _ in range(rng.randrange(2, 7)):
            p, sc, oc = rng.choice(_RELS)
            if sc not in pools or oc not in pools:
                continue
            (s, sl), (o, ol) = rng.choice(pools[sc]), rng.choice(pools[oc])
            out.append(f"<{s}> <{KG}{p}> <{o}> .")
            ev = f"{d}/evidence/{rng.getrandbits(64):016x}"
            start = rng.randrange(0, 3000)
            out += [f"<{ev}> <{RDF}type> <{KG}Evidence> .", f"<{ev}> <{RDF}type> <{RDF}Statement> .",
                    f"<{ev}> <{RDF}subject> <{s}> .", f"<{ev}> <{RDF}predicate> <{KG}{p}> .",
                    f"<{ev}> <{RDF}object> <{o}> .", f"<{ev}> <{PROV}wasDerivedFrom> <{d}> .",
                    f"<{ev}> <{PROV}value> {lit(sl + '与' + ol + '签署合作协议。')} .",
                    f"<{ev}> <{KG}startOffset> \"{start}\"^^<{XSD}integer> .",
                    f"<{ev}> <{KG}endOffset> \"{start + 30}\"^^<{XSD}integer> .",
                    f"<{ev}> <{KG}extractor> \"pattern:{p}\" .",
                    f"<{ev}> <{KG}confidence> \"0.9\"^^<{XSD}decimal> ."]
        if "Project" in pools and rng.random() < 0.6:
            proj = rng.choice(pools["Project"])[0]
            v = f"{proj}/investmentAmount/{rng.getrandbits(64):016x}"
            amt = rng.randrange(1, 3000) * 10_000_000
            out += [f"<{proj}> <{KG}investmentAmount> <{v}> .", f"<{v}> <{RDF}type> <{KG}MonetaryAmount> .",
                    f"<{v}> <{KG}amount> \"{amt}\"^^<{XSD}decimal> .", f"<{v}> <{KG}currency> \"CNY\" ."]
        for line in out:
            yield line
        written += len(out)


def write_graph(path: str | Path, n: int, seed: int = 0) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        for line in graph_triples(n, seed):
            f.write(line + "\n")
    return path
