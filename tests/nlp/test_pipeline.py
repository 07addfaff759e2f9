"""The pipeline with each segmenter: char (default), jieba, and pkuseg with a tiny trained model."""
from __future__ import annotations

import pytest

from kg.nlp.extract import extract
from kg.nlp.pipeline import PipelineError, make_nlp
from kg.records import Article

TEXT = "平安县：推行积分制\n近年来，我县全面推行“积分超市”管理模式，县委书记王建国强调要落实“三议一审”。"


def facts(nlp):
    ex = extract(nlp, Article("t", TEXT))
    ents = {e.id: e.name for e in ex.entities}
    return (sorted((e.type, e.name) for e in ex.entities),
            sorted((r.type, ents[r.head], ents.get(r.tail, r.tail)) for r in ex.relations))


@pytest.fixture(scope="module")
def nlp_char():
    return make_nlp("char")


@pytest.fixture(scope="module")
def char_facts(nlp_char):
    return facts(nlp_char)


def test_char_pipeline_finds_entities_and_relations(char_facts):
    entities, relations = char_facts
    assert ("MECHANISM", "积分超市") in entities and ("MECHANISM", "三议一审") in entities
    assert ("PERSON", "王建国") in entities
    assert ("IMPLEMENTS", "平安县", "积分超市") in relations


def test_jieba_segmenter_gives_the_same_facts(char_facts):
    nlp = make_nlp("jieba")
    assert len(nlp(TEXT)) < len(TEXT)  # really segmented into words
    assert facts(nlp) == char_facts


LINES = ["我们 在 村里 推行 积分 制度 。", "县委 书记 强调 党建 引领 。", "全县 开展 专项 行动 。"] * 4


def test_pkuseg_with_a_tiny_trained_model(tmp_path, char_facts):
    spacy_pkuseg = pytest.importorskip("spacy_pkuseg")
    train = tmp_path / "train.txt"
    train.write_text("\n".join(LINES) + "\n", encoding="utf-8")
    spacy_pkuseg.train(str(train), str(train), str(tmp_path / "model"), train_iter=2)
    nlp = make_nlp("pkuseg", pkuseg_model=tmp_path / "model")
    assert [t.text for t in nlp.make_doc("全县推行积分制度")][:2] == ["全县", "推行"]
    assert facts(nlp) == char_facts


def test_pkuseg_needs_a_model_and_unknown_segmenters_fail():
    with pytest.raises(PipelineError, match="model folder"):
        make_nlp("pkuseg")
    with pytest.raises(PipelineError, match="unknown segmenter"):
        make_nlp("thulac")


def test_cun_li_makes_the_village_the_actor_of_what_follows(nlp_char):
    text = "岳西县温泉镇汤池村党总支书记周明介绍，村里成立了种植专业合作社，采取“支部+合作社+农户”模式。"
    ex = extract(nlp_char, Article("c", text))
    names = {e.id: e.name for e in ex.entities}
    assert ("汤池村", "支部+合作社+农户") in {(names[r.head], names[r.tail]) for r in ex.relations
                                          if r.type == "IMPLEMENTS"}
