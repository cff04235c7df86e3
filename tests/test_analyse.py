"""kg.views.analyse: the graph as networkx, rankings, money by holder, communities, chains, kg stats."""
from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal

import networkx as nx
import pytest

import viz_fixtures as vf
from kg.views import analyse as A


@pytest.fixture(scope="module")
def facts():
    return A.load_facts(vf.graph())


def by_label(facts, label):
    return next(n for n, d in facts.net.nodes(data=True) if d["label"] == label)


def test_load_facts_reads_entities_edges_aliases_documents_values_and_evidence(facts):
    net = facts.net
    assert net.number_of_nodes() == len(vf.E) == 13
    assert net.number_of_edges() == 9
    chem = by_label(facts, "中国化工集团")
    assert net.nodes[chem]["type"] == "Company"
    assert facts.aliases[chem] == ["中化集团"]
    assert len(facts.mentioned_in[chem]) == 2                     # named in both articles
    chip = by_label(facts, "芯片封装项目")
    assert sorted(a.amount for a in facts.amounts[chip]) == [Decimal("500000000"), Decimal("2000000000")]
    ev = facts.evidence[(chem, "investsIn", chip)]
    assert ev[0].sentence.startswith("中国化工集团投资20亿元") and ev[0].doc.endswith("a" * 16)
    assert {d.date for d in facts.documents.values()} == {"2020-05-01", "2021-03-02"}
    # every edge of the map has its sentence
    assert all(facts.evidence.get((s, k, o)) for s, o, k in net.edges(keys=True))


def test_pagerank_is_a_distribution_that_matches_networkx(facts):
    pr = A.pagerank(facts.net)
    assert sum(pr.values()) == pytest.approx(1.0)
    from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python
    ref = _pagerank_python(A._directed(facts.net), tol=1e-12, max_iter=500)
    for n in pr:
        assert pr[n] == pytest.approx(ref[n], abs=1e-6)
    top = A.top_entities(facts.net, 2)
    assert [t[0] for t in top] == ["青岛市", "青岛高新区"]       # where the chains end


def test_betweenness_is_exact_for_small_graphs_and_seeded_for_large(facts):
    bc = A.betweenness(facts.net)
    assert max(bc, key=bc.get) == by_label(facts, "青岛高新区")
    big = nx.MultiDiGraph()
    for i in range(A.EXACT_BETWEENNESS + 50):
        big.add_node(f"n{i:05d}", label=f"n{i}", type="Company")
    for i in range(1, A.EXACT_BETWEENNESS + 50):
        big.add_edge(f"n{i:05d}", f"n{(i * 7919) % i:05d}", key="subsidiaryOf")
    assert A.betweenness(big) == A.betweenness(big)              # sampled, but seeded


def test_declared_investment_takes_the_largest_amount_per_currency(facts):
    chip = by_label(facts, "芯片封装项目")
    assert A.project_investment(facts, chip) == {"CNY": Decimal("2000000000")}   # 20亿, not 20亿 + 5亿


def test_regions_count_projects_through_their_parks(facts):
    s = A.summarise(facts)
    regions = {r["label"]: r for r in s["top"]["regions"]["by_projects"]}
    assert regions["青岛市"]["projects"] == 2                    # chip and cold-chain, both in 青岛高新区
    assert regions["青岛市"]["investment"] == {"CNY": "2000000000", "USD": "130000000"}
    assert regions["莱西市"]["projects"] == 1
    assert [r["label"] for r in s["top"]["investors"]["by_investment"]["USD"]] == [vf.XSS]
    chains = {(c["project"]["label"], c["park"] and c["park"]["label"], c["region"]["label"]) for c in s["chains"]}
    assert chains == {("芯片封装项目", "青岛高新区", "青岛市"), ("冷链产业园项目", "青岛高新区", "青岛市"),
                      ("激光雷达芯片项目", None, "莱西市")}


def test_one_currency_only_where_a_rate_is_given(facts):
    s = A.summarise(facts, rates=A.parse_rates(["USD=7.1"]))
    assert s["investment_total"] == {"CNY": "2923000000"}      # 20亿 + 1.3亿 × 7.1
    s = A.summarise(facts, rates=A.parse_rates(["EUR=7.8"]))
    assert set(s["investment_total"]) == {"CNY", "USD"}             # no USD rate: USD stays USD
    with pytest.raises(ValueError):
        A.parse_rates(["USD"])
    with pytest.raises(ValueError):
        A.parse_rates(["USD=-1"])


def test_communities_and_components_are_stable(facts):
    comms = A.communities(facts.net)
    assert comms == A.communities(facts.net)
    members = {n for c in comms for n in c}
    assert by_label(facts, "法国山东商会") not in members         # isolated: no community
    comps = A.components(facts.net)
    assert [len(c) for c in comps] == [7, 3, 2, 1]
    assert json.dumps(A.summarise(facts), ensure_ascii=False) == json.dumps(A.summarise(A.load_facts(vf.graph())),
                                                                            ensure_ascii=False)


def test_subgraph_keeps_only_the_evidence_of_what_it_keeps(facts):
    chip, chem = by_label(facts, "芯片封装项目"), by_label(facts, "中国化工集团")
    sub = facts.subgraph([chip, chem])
    assert sub.net.number_of_edges() == 1
    assert {k[1] for k in sub.evidence} == {"investsIn", "investmentAmount"}


@pytest.fixture(scope="module")
def ttl(tmp_path_factory):
    path = tmp_path_factory.mktemp("g") / "graph.ttl"
    vf.write_ttl(path)
    return path


def test_cli_stats_json_and_table(ttl):
    proc = subprocess.run([sys.executable, "-m", "kg", "stats", str(ttl), "--format", "json", "--rate", "USD=7"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    s = json.loads(proc.stdout)
    assert s["nodes"] == 13 and s["currency"] == "CNY"
    assert s["investment_total"] == {"CNY": "2910000000"}
    proc = subprocess.run([sys.executable, "-m", "kg", "stats", str(ttl)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "青岛高新区" in proc.stdout and "PageRank" in proc.stdout and "project -> park -> region" in proc.stdout
    proc = subprocess.run([sys.executable, "-m", "kg", "stats", str(ttl), "--format", "xml"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2 and "table | json" in proc.stderr


def test_facts_from_a_plain_triple_index_equal_those_from_rdflib(facts):
    # a large build analyses a kg.views.facts.Triples, not an rdflib Graph: the map must not tell
    triples = sorted(vf.graph(), key=lambda t: tuple(map(str, t)), reverse=True)
    plain = A.load_facts(A.Triples(triples))
    assert sorted(plain.net.edges(keys=True)) == sorted(facts.net.edges(keys=True))
    assert dict(plain.net.nodes(data=True)) == dict(facts.net.nodes(data=True))
    assert (plain.aliases, plain.mentioned_in, plain.amounts, plain.evidence, plain.documents) == \
        (facts.aliases, facts.mentioned_in, facts.amounts, facts.evidence, facts.documents)


def test_triples_gives_the_least_of_several_values_whatever_their_order():
    from rdflib import Literal, URIRef
    s, p = URIRef("urn:s"), URIRef("urn:p")
    one = A.Triples([(s, p, Literal("乙")), (s, p, Literal("甲")), (s, p, Literal("乙"))])
    two = A.Triples([(s, p, Literal("甲")), (s, p, Literal("乙"))])
    assert one.value(s, p) == two.value(s, p) == Literal("乙")      # U+4E59 < U+7532
    assert one.objects(s, p) == [Literal("乙"), Literal("甲")]
    assert list(one.subjects(p, Literal("甲"))) == [s] and one.value(p, s) is None
