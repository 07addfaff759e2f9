from __future__ import annotations

from kg.relations.commendations import commendations
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


CHAINS = (("平安县", "county"), ("青山镇", "township"), ("石桥村", "village"), ("南江县", "county"),
          ("白沙镇", "township"), ("河口村", "village"), ("东平县", "county"), ("龙潭镇", "township"))


def test_a_list_of_bearers_that_runs_over_commas(rules):
    """甲县甲镇、乙县乙镇，丙县丙镇丙村入选…: a clause of nothing but places continues the list."""
    assert _designations_of(rules, "平安县青山镇、南江县白沙镇，东平县龙潭镇石桥村、平安县河口村入选全国文明村镇。",
                            *CHAINS) == sorted(("RECOGNIZED_AS", p, "全国文明村镇") for p in ("青山镇", "白沙镇", "石桥村", "河口村"))


def test_a_clause_with_other_words_does_not_continue_the_list(rules):
    assert _designations_of(rules, "平安县青山镇发展很快，东平县龙潭镇石桥村入选全国文明村镇。", *CHAINS) == [
        ("RECOGNIZED_AS", "石桥村", "全国文明村镇")]


def test_a_counted_list_of_bearers(rules):
    """…等12个村(社区)党组织被评定为…: the count and kind of the list may stand before the trigger."""
    assert _designations_of(rules, "平安县青山镇石桥村、南江县白沙镇河口村等12个村(社区)党组织被评定为五星级党组织。",
                            *CHAINS) == [("RECOGNIZED_AS", "河口村", "五星级党组织"), ("RECOGNIZED_AS", "石桥村", "五星级党组织")]


def test_the_agent_of_a_passive_is_no_bearer(rules):
    b = Builder("东平县龙潭镇被农业农村部认定为全国农业产业强镇。")
    b.add("PLACE", "东平县", level="county")
    b.add("PLACE", "龙潭镇", level="township")
    b.add("ORG", "农业农村部")
    assert b.names(recognized(DocView(b.text, b.entities), rules["recognized_as.trigger"])) == [
        ("RECOGNIZED_AS", "龙潭镇", "全国农业产业强镇")]


def test_a_level_alone_is_no_designation(rules):
    assert _designations_of(rules, "东平县多个村镇获评国家级、省级荣誉。", ("东平县", "county")) == []


def _commended(rules, text, *specs):
    b = Builder(text)
    for type_, name in specs:
        b.add(type_, name)
    return b.names(commendations(DocView(b.text, b.entities), rules["recognized_as.commendation"]))


def test_each_bearer_listed_after_shouyu_gets_the_quoted_title(rules):
    got = _commended(rules, "授予王强、李兰等同志“全县优秀共产党员”称号；授予青山镇党委“全县先进基层党组织”称号。",
                     ("PERSON", "王强"), ("PERSON", "李兰"), ("ORG", "青山镇党委"), ("PLACE", "青山镇"))
    assert got == [("RECOGNIZED_AS", "李兰", "全县优秀共产党员"), ("RECOGNIZED_AS", "王强", "全县优秀共产党员"),
                   ("RECOGNIZED_AS", "青山镇党委", "全县先进基层党组织")]


def test_a_commendation_list_under_a_numbered_heading(rules):
    text = ("附件：表彰名单\n一、全县先进基层党组织\n青山镇党委\n白沙镇河口村党支部\n"
            "二、全县优秀党务工作者\n县委组织部组织一股股长王强\n白沙镇党委组织委员李兰\n中共平安县委\n2023年6月26日")
    got = _commended(rules, text, ("ORG", "青山镇党委"), ("PLACE", "青山镇"), ("PLACE", "白沙镇"), ("PLACE", "河口村"),
                     ("ORG", "河口村党支部"), ("PERSON", "王强"), ("PERSON", "李兰"), ("ORG", "中共平安县委"))
    assert got == [("RECOGNIZED_AS", "李兰", "全县优秀党务工作者"), ("RECOGNIZED_AS", "河口村党支部", "全县先进基层党组织"),
                   ("RECOGNIZED_AS", "王强", "全县优秀党务工作者"), ("RECOGNIZED_AS", "青山镇党委", "全县先进基层党组织")]


def test_a_heading_with_a_count_names_the_title_the_decision_grants_in_full(rules):
    text = ("县委决定，授予王强等2名同志“平安县优秀共产党员”称号。\n附件\n一、优秀共产党员（2名）\n"
            "王强　青山镇党委副书记\n李兰（女）　河口村妇联主席\n")
    got = _commended(rules, text, ("PERSON", "王强"), ("PERSON", "李兰"), ("PLACE", "青山镇"), ("PLACE", "河口村"))
    assert got == [("RECOGNIZED_AS", "李兰", "平安县优秀共产党员"), ("RECOGNIZED_AS", "王强", "平安县优秀共产党员")]


def test_a_published_list_under_a_name_list_heading_several_a_line(rules):
    """附件：2023年度某市乡村振兴示范村名单, then 某镇（2个）：甲村、乙村 lines: every village listed
    (not the township before the colon, nor the office signing after the list)."""
    text = ("附件：2023年度平安市乡村振兴示范村名单\n（共3个，排名不分先后）\n青山镇（2个）：河口村、石桥村\n"
            "白沙镇（1个）：龙潭村\n平安市人民政府办公室\n2024年1月12日")
    specs = [("PLACE", n) for n in ("青山镇", "河口村", "石桥村", "白沙镇", "龙潭村")] + [("ORG", "平安市人民政府办公室")]
    assert _commended(rules, text, *specs) == [("RECOGNIZED_AS", v, "平安市乡村振兴示范村") for v in ("河口村", "石桥村", "龙潭村")]
    # the heading may give the count after 名单
    text = "附件2\n平安市乡村振兴示范乡镇名单（2个）\n\n南江县青山镇\n北岭县白沙镇\n"
    specs = [("PLACE", n) for n in ("南江县", "青山镇", "北岭县", "白沙镇")]
    assert _commended(rules, text, *specs) == [("RECOGNIZED_AS", v, "平安市乡村振兴示范乡镇") for v in ("白沙镇", "青山镇")]
    # a list in prose after 入选的…为：
    text = "名单公布。入选的示范镇（街道）为：南江县青山镇、北岭县白沙镇。另有3个村。"
    assert _commended(rules, text, *specs) == [("RECOGNIZED_AS", v, "示范镇（街道）") for v in ("白沙镇", "青山镇")]
    # a heading naming several titles is followed by numbered headings of its own: no list of its own
    text = "附件\n先进基层党组织、优秀共产党员名单\n一、先进基层党组织（1个）\n青山镇党委\n"
    assert _commended(rules, text, ("ORG", "青山镇党委"), ("PLACE", "青山镇")) == \
        [("RECOGNIZED_AS", "青山镇党委", "先进基层党组织")]
