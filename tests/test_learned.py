"""The learned decisions (kg/extract/learned.py): the model format, the features, and that the
grammar's output stands where no model speaks.  Sentences are our own."""
from __future__ import annotations

from kg.extract.context import build_context
from kg.extract.learned import (LinearModel, decide_with, entity_features, load_model, relation_candidates,
                                relation_group)
from kg.model import Relation

from relations_kit import article, entities

TEXT = ("青岛高新区今年签约了华光电子封装项目和海蓝新材料项目，总投资20亿元。\n"
        "海蓝科技有限公司董事长张明出席了签约仪式。")
SPEC = [("Park", "青岛高新区"), ("Project", "华光电子封装项目"), ("Project", "海蓝新材料项目"),
        ("Company", "海蓝科技有限公司"), ("Person", "张明"), ("Event", "签约仪式")]


def _article():
    doc, sentences = article(TEXT)
    return doc, sentences, entities(doc, sentences, SPEC)


def test_a_model_reads_back_what_it_wrote_byte_for_byte():
    m = LinearModel({"b": -0.5, "a": 1.25}, -0.1, 0.4, {"rule": 0.05})
    again = LinearModel.from_json(m.to_json())
    assert again == m and again.to_json() == m.to_json()


def test_probability_follows_the_weights_and_each_feature_counts_once():
    m = LinearModel({"good": 2.0, "bad": -2.0}, 0.0)
    assert m.probability(["good"]) > m.probability([]) > m.probability(["bad"])
    assert m.probability(["good", "good"]) == m.probability(["good"])


def test_a_rule_proposed_candidate_has_its_own_threshold():
    m = LinearModel({}, 0.0, 0.6, {relation_group(True): 0.1})
    assert m.holds(0.2, relation_group(True)) and not m.holds(0.2, relation_group(False))


def test_without_models_the_grammar_output_stands():
    doc, sentences, ents = _article()
    rels = [Relation(ents[1].key, "locatedIn", ents[0].key)]
    out = decide_with(doc, sentences, ents, rels, [], None, None)
    assert out == (ents, rels, [], [])


def test_entity_features_describe_the_shape_of_a_name_never_the_name():
    doc, sentences, ents = _article()
    ctx = build_context(doc, sentences, ents)
    for e in ents:
        feats = entity_features(e, ctx)
        assert f"t={e.type}" in feats
        assert not any(e.label in f for f in feats if len(e.label) > 2), e.label


def test_a_place_stated_once_reaches_every_project_the_sentence_lists():
    doc, sentences, ents = _article()
    ctx = build_context(doc, sentences, ents)
    keys = {(c.subject[1], c.predicate, c.object[1]) for c in relation_candidates(ctx, [])}
    assert ("华光电子封装项目", "locatedIn", "青岛高新区") in keys
    assert ("海蓝新材料项目", "locatedIn", "青岛高新区") in keys
    assert ("张明", "holdsPosition", "海蓝科技有限公司") in keys
    assert ("张明", "participatesIn", "签约仪式") in keys


def test_a_rule_edge_is_always_a_candidate_and_says_which_rule_proposed_it():
    doc, sentences, ents = _article()
    ctx = build_context(doc, sentences, ents)
    rule = Relation(ents[3].key, "investsIn", ents[2].key)
    from kg.model import Evidence
    rule.evidence.append(Evidence(doc.doc_id, "x", 0, 1, "invest-build"))
    found = [c for c in relation_candidates(ctx, [rule]) if (c.subject, c.predicate, c.object) == (rule.subject, rule.predicate, rule.object)]
    assert found and "rule=invest-build" in found[0].struct
    assert "investsIn|Company|Project|rule=invest-build" in found[0].names()


def _rule_edge(doc, ents, extractor):
    from kg.model import Evidence
    rule = Relation(ents[3].key, "investsIn", ents[2].key)
    rule.evidence.append(Evidence(doc.doc_id, "x", 0, 1, extractor))
    return rule


def test_a_rule_the_model_never_weighed_is_judged_like_any_candidate():
    doc, sentences, ents = _article()
    rule = _rule_edge(doc, ents, "invest-build")
    knows = LinearModel({"investsIn|rule=invest-build": 0.5}, 0.0, 0.9, {relation_group(True): 0.01})
    blind = LinearModel({"investsIn|rule=other": 0.5}, 0.0, 0.9, {relation_group(True): 0.01})
    held = {name: decide_with(doc, sentences, ents, [rule], [], None, m)[1]
            for name, m in (("knows", knows), ("blind", blind))}
    assert [(r.subject, r.object) for r in held["knows"]] == [(rule.subject, rule.object)]
    assert held["blind"] == []


def test_training_judges_a_rule_row_by_whether_the_model_weighed_its_rule():
    from kg.eval.training import _known
    m = LinearModel({"investsIn|rule=invest-build": 0.5}, 0.0)
    rule, new = relation_group(True), relation_group(False)
    assert _known(m, ["investsIn|bias", "investsIn|rule=invest-build"], rule) == rule
    assert _known(m, ["investsIn|bias", "investsIn|rule=settle-in"], rule) == new
    assert _known(m, ["investsIn|rule=invest-build"], new) == new


def test_the_shipped_models_load():
    for name in ("entities", "relations"):
        m = load_model(name)
        assert m is not None and m.weights and 0 < m.threshold < 1


def test_the_report_lists_what_the_model_held_back_apart_closest_calls_first():
    from kg.model import HELD_BACK
    from kg.pipeline.run import _best
    from kg.views.figures import held_back
    rejected = [("甲", "generic core before 项目", 0.9), ("乙", HELD_BACK + "not a named Company", 0.1),
                ("丙", HELD_BACK + "not a named Park", 0.4)]
    kept = _best(list(rejected))
    held, turned_down = held_back(kept)
    assert [h[0] for h in held] == ["丙", "乙"] and turned_down == [rejected[0]]


def test_an_entity_held_back_takes_its_edges_and_values_but_not_the_articles_own_totals():
    from decimal import Decimal
    from kg.model import Value
    doc, sentences, ents = _article()
    park, project = ents[0], ents[1]
    stated = Value(("Document", doc.doc_id, None), "statedTotal", Decimal(20), "CNY", "总投资20亿元")
    own = Value(project.key, "investmentAmount", Decimal(20), "CNY", "总投资20亿元")
    rels = [Relation(project.key, "locatedIn", park.key)]
    drop_projects = LinearModel({"t=Project": -50.0}, 5.0)
    kept, relations, values, held = decide_with(doc, sentences, ents, rels, [stated, own], drop_projects, None)
    assert project.key not in {e.key for e in kept} and relations == [] and values == [stated]
    assert any(h[0] == project.label for h in held)
