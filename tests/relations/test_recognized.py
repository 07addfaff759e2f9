from __future__ import annotations

from kg.relations.recognized import recognized
from kg.relations.view import DocView
from tests.relations.conftest import Builder


def test_trigger_gives_designation(rules):
    b = Builder("石桥村等3个村获评全国文明村镇，青山镇入选省级示范乡镇。")
    b.add("PLACE", "石桥村", level="village")
    b.add("PLACE", "青山镇", level="township")
    rels = recognized(DocView(b.text, b.entities), rules["recognized_as.trigger"])
    assert b.names(rels) == [("RECOGNIZED_AS", "石桥村", "全国文明村镇"),
                             ("RECOGNIZED_AS", "青山镇", "省级示范乡镇")]


def test_prefix_trigger_gives_every_listed_place(rules):
    b = Builder("平安县石桥村、青山县河口村等省定“示范村”带头。")
    for name, level in (("平安县", "county"), ("石桥村", "village"), ("青山县", "county"), ("河口村", "village")):
        b.add("PLACE", name, level=level)
    rels = recognized(DocView(b.text, b.entities), rules["recognized_as.trigger"])
    assert b.names(rels) == [("RECOGNIZED_AS", "河口村", "省定示范村"), ("RECOGNIZED_AS", "石桥村", "省定示范村")]


def test_far_bearer_is_not_taken(rules):
    b = Builder("平安县大力发展木耳产业，木耳被列为全县重点产业。")
    b.add("PLACE", "平安县", level="county")
    assert recognized(DocView(b.text, b.entities), rules["recognized_as.trigger"]) == []


def test_a_chain_of_quoted_designations_gives_one_relation_each(rules):
    b = Builder("青山镇先后获评“全国文明村镇”“省级卫生乡镇”。")
    b.add("PLACE", "青山镇", level="township")
    rels = recognized(DocView(b.text, b.entities), rules["recognized_as.trigger"])
    assert b.names(rels) == [("RECOGNIZED_AS", "青山镇", "全国文明村镇"), ("RECOGNIZED_AS", "青山镇", "省级卫生乡镇")]


def test_a_quote_cut_off_by_the_end_of_the_text_gives_no_designation(rules):
    """A short or cut-off article: 获评“全国 is no designation 全国; closed, it is one."""
    for text, expected in (("2023年，石桥村获评“全国", []),
                           ("2023年，石桥村获评“全国文明村”称号。", [("RECOGNIZED_AS", "石桥村", "全国文明村")])):
        b = Builder(text)
        b.add("PLACE", "石桥村", level="village")
        assert b.names(recognized(DocView(b.text, b.entities), rules["recognized_as.trigger"])) == expected


def _designations_of(rules, text, *places):
    b = Builder(text)
    for name, level in places:
        b.add("PLACE", name, level=level)
    return b.names(recognized(DocView(b.text, b.entities), rules["recognized_as.trigger"]))


def test_a_list_of_designations_and_a_bearer_that_goes_on(rules):
    got = _designations_of(rules, "石桥村先后获评全国文明村、全国乡村治理示范村，今年又被列为省级乡村振兴示范村。",
                           ("石桥村", "village"))
    assert got == [("RECOGNIZED_AS", "石桥村", d) for d in ("全国乡村治理示范村", "全国文明村", "省级乡村振兴示范村")]


def test_a_list_ends_at_another_trigger_or_another_kind(rules):
    assert _designations_of(rules, "石桥村获评全国文明村、入选省级示范村。", ("石桥村", "village")) == [
        ("RECOGNIZED_AS", "石桥村", "全国文明村"), ("RECOGNIZED_AS", "石桥村", "省级示范村")]
    assert _designations_of(rules, "平安县获评全国文明城市和省级卫生县城。", ("平安县", "county")) == [
        ("RECOGNIZED_AS", "平安县", "全国文明城市"), ("RECOGNIZED_AS", "平安县", "省级卫生县城")]
    assert _designations_of(rules, "平安县获评全国文明城市和群众满意单位。", ("平安县", "county")) == [
        ("RECOGNIZED_AS", "平安县", "全国文明城市")]


def test_a_clause_without_a_bearer_takes_the_sentences_subject(rules):
    assert _designations_of(rules, "青山镇全年接待游客超300万人次，入选全国乡村旅游重点镇。", ("青山镇", "township")) == [
        ("RECOGNIZED_AS", "青山镇", "全国乡村旅游重点镇")]
    assert _designations_of(rules, "近日，全年接待游客超300万人次的青山镇入选全国乡村旅游重点镇。",
                            ("青山镇", "township")) == [("RECOGNIZED_AS", "青山镇", "全国乡村旅游重点镇")]


def test_a_bearer_does_not_go_on_into_another_sentence(rules):
    assert _designations_of(rules, "石桥村获评全国文明村。今年又被列为省级示范村。", ("石桥村", "village")) == [
        ("RECOGNIZED_AS", "石桥村", "全国文明村")]


def test_what_jiang_takes_is_designated_not_the_place(rules):
    assert _designations_of(rules, "平安县将木耳确定为全县重点扶贫产业。", ("平安县", "county")) == []
    assert _designations_of(rules, "县里将石桥村列为省级示范村。", ("石桥村", "village")) == [
        ("RECOGNIZED_AS", "石桥村", "省级示范村")]


def test_each_bearer_of_a_list_gets_the_designation(rules):
    assert _designations_of(rules, "青山镇、白沙镇被命名为省级示范镇；平安县石桥村获评文明村。",
                            ("青山镇", "township"), ("白沙镇", "township"), ("平安县", "county"),
                            ("石桥村", "village")) == [
        ("RECOGNIZED_AS", "白沙镇", "省级示范镇"), ("RECOGNIZED_AS", "石桥村", "文明村"),
        ("RECOGNIZED_AS", "青山镇", "省级示范镇")]


def test_every_list_joiner_joins_designations_and_their_bearers(rules):
    """与 and 以及 join a list as 、和及 do (one set of joiners for every list rule)."""
    assert _designations_of(rules, "石桥村先后获评全国文明村与全国乡村治理示范村。", ("石桥村", "village")) == [
        ("RECOGNIZED_AS", "石桥村", "全国乡村治理示范村"), ("RECOGNIZED_AS", "石桥村", "全国文明村")]
    assert _designations_of(rules, "青山镇以及白沙镇被命名为省级示范镇。",
                            ("青山镇", "township"), ("白沙镇", "township")) == [
        ("RECOGNIZED_AS", "白沙镇", "省级示范镇"), ("RECOGNIZED_AS", "青山镇", "省级示范镇")]


def test_a_list_of_bearers_written_with_their_chains(rules):
    """某县某镇甲村、某县某镇乙村获评…: each item's innermost place is a bearer."""
    assert _designations_of(rules, "平安县青山镇石桥村、南江县白沙镇河口村被评为全国乡村治理示范村。",
                            ("平安县", "county"), ("青山镇", "township"), ("石桥村", "village"),
                            ("南江县", "county"), ("白沙镇", "township"), ("河口村", "village")) == [
        ("RECOGNIZED_AS", "河口村", "全国乡村治理示范村"), ("RECOGNIZED_AS", "石桥村", "全国乡村治理示范村")]
