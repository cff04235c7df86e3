"""The learned name tagger (kg/extract/names.py): labels from gold, spans from labels, features,
training, and how its names join the grammar's."""
from __future__ import annotations

from kg.extract.entities import with_tagged_names
from kg.extract.mentions.base import Candidate, view
from kg.extract.names import NameTagger, Reading, char_features, gold_labels, label_spans, load_tagger, train_tagger


def test_gold_names_label_every_occurrence_longest_first_each_character_once():
    text = "甲乙科技有限公司与甲乙市签约，甲乙科技有限公司将投资。"
    labels = gold_labels(text, [("甲乙市", "Region"), ("甲乙科技有限公司", "Company"), ("甲乙", "Region")])
    assert label_spans(labels) == [(0, 8, "Company"), (9, 12, "Region"), (15, 23, "Company")]


def test_spans_start_at_an_orphan_inside_tag_and_never_keep_one_character():
    assert label_spans(["O", "I-Park", "I-Park", "B-Region", "O", "B-Person", "O"]) == [(1, 3, "Park")]
    assert label_spans(["B-Company", "I-Company", "I-Region", "I-Region"]) == [(0, 2, "Company"), (2, 4, "Region")]


def test_features_one_list_per_character_with_the_suffix_a_name_ends_in():
    text = "丙丁电子有限公司落户"
    feats = char_features(text, view(text).tokens)
    assert len(feats) == len(text)
    assert "se=Company" in feats[text.index("司")] and "si=Company" in feats[text.index("有")]
    assert "c0=落" in feats[-2] and "c1=#" in feats[-1]


def _sentences():
    made = []
    for a, b in (("星河", "东城"), ("蓝海", "西岭"), ("明远", "南湖"), ("启航", "北川"), ("恒通", "云溪")):
        text = f"{a}电子有限公司在{b}县投资建设工厂。"
        labels = gold_labels(text, [(f"{a}电子有限公司", "Company"), (f"{b}县", "Region")])
        made.append((char_features(text, view(text).tokens), labels))
    return made


def test_a_tagger_trained_on_a_few_sentences_finds_a_name_of_the_same_shape(tmp_path):
    tagger = NameTagger(train_tagger(_sentences() * 3, tmp_path / "names.crfsuite"))
    text = "远方电子有限公司在青石县投资建设工厂。"
    assert (0, 8, "Company") in tagger.spans(text, view(text).tokens)


def test_training_twice_gives_the_same_bytes(tmp_path):
    a = train_tagger(_sentences(), tmp_path / "a.crfsuite")
    b = train_tagger(_sentences(), tmp_path / "b.crfsuite")
    assert a.read_bytes() == b.read_bytes()


def test_the_tagger_marks_what_it_agrees_with_and_adds_new_names_and_rival_readings():
    text = "甲乙公司和丙丁集团签约"
    chosen = [Candidate(0, 4, "甲乙公司", "Company", "suffix:公司")]
    out = with_tagged_names(text, chosen, Reading([(0, 4, "Company"), (2, 6, "Company"), (5, 9, "Company")]))
    assert [(c.text, c.rule, c.tagged) for c in out] == [("甲乙公司", "suffix:公司", True),
                                                         ("公司和丙", "tagger:overlap", True),
                                                         ("丙丁集团", "tagger", True)]


def test_without_a_tagger_verdict_the_grammar_stands_unmarked():
    chosen = [Candidate(0, 4, "甲乙公司", "Company", "suffix:公司")]
    assert with_tagged_names("甲乙公司签约", chosen, Reading([])) == chosen and not chosen[0].tagged


def test_the_tagger_is_sure_of_a_name_it_learned_and_unsure_of_a_cut_through_it(tmp_path):
    tagger = NameTagger(train_tagger(_sentences() * 3, tmp_path / "names.crfsuite"))
    text = "远方电子有限公司在青石县投资建设工厂。"
    reading = tagger.read(text, view(text).tokens)
    assert reading.probability(0, 8, "Company") > 0.5 > reading.probability(2, 10, "Company")
    assert reading.probability(0, 8, "Nowhere") == 0.0


def test_the_shipped_tagger_loads_and_reads_a_company_name():
    tagger = load_tagger()
    assert tagger is not None
    text = "华星光电科技有限公司在本市投资建设新项目。"
    assert any(cls == "Company" for _, _, cls in tagger.spans(text, view(text).tokens))


def test_one_pass_finds_every_suffix_and_title_the_per_position_look_ups_find():
    from kg.extract import lexicon
    text = "甲乙科技有限公司董事长丙丁与戊己集团副总经理庚辛在高新区管委会签约"
    assert lexicon.suffix_endings(text) == {e: lexicon.suffix_ending_at(text, e) for e in range(1, len(text) + 1)
                                            if lexicon.suffix_ending_at(text, e)}
    assert lexicon.title_endings(text) == {e: lexicon.title_ending(text, e) for e in range(1, len(text) + 1)
                                           if lexicon.title_ending(text, e)}
    assert lexicon.suffix_endings(text) and lexicon.title_endings(text)
