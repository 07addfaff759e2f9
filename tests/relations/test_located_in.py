from __future__ import annotations

from kg.relations import located_in
from kg.relations.view import DocView
from tests.relations.conftest import Builder


def test_place_chain_links_each_place_to_the_one_before(rules):
    b = Builder("平安县青山镇石桥村的党员。")
    b.add("PLACE", "平安县", level="county")
    b.add("PLACE", "青山镇", level="township")
    b.add("PLACE", "石桥村", level="village")
    rels = located_in.place_chain(DocView(b.text, b.entities), rules["located_in.chain"])
    assert b.names(rels) == [("LOCATED_IN", "石桥村", "青山镇"), ("LOCATED_IN", "青山镇", "平安县")]
    assert all(r.evidence.text == b.text and r.rule == "located_in.chain" for r in rels)


def test_org_prefix_links_the_org_to_its_places(rules):
    b = Builder("平安县农业农村局局长到村调研。")
    b.add("PLACE", "平安县", level="county")
    b.add("ORG", "平安县农业农村局")
    rels = located_in.org_prefix(DocView(b.text, b.entities), rules["located_in.org_prefix"])
    assert b.names(rels) == [("LOCATED_IN", "平安县农业农村局", "平安县")]


def test_deictic_outer_place(rules):
    from kg.nlp.deixis import Deictic

    b = Builder("青山镇很美。该镇石桥村被评为示范村。")
    town = b.add("PLACE", "青山镇", level="township")
    b.add("PLACE", "石桥村", level="village")
    d = Deictic(b.text.index("该镇"), b.text.index("该镇") + 2, "township")
    rels = located_in.place_chain(DocView(b.text, b.entities, deictic=[(d, town.id)]), rules["located_in.chain"])
    assert b.names(rels) == [("LOCATED_IN", "石桥村", "青山镇")]


def test_scope_places_uncoded_lower_places_only(rules):
    b = Builder("南江市的青山开发区、平安县和石桥村。")
    city = b.add("PLACE", "南江市", level="city", adcode="9901")
    b.add("PLACE", "青山开发区", level="zone")
    b.add("PLACE", "平安县", level="county", adcode="990101")
    b.add("PLACE", "石桥村", level="village")
    view = DocView(b.text, b.entities, scope=city.id)
    rels = located_in.scope(view, rules["located_in.article_scope"], placed={"e4"})
    assert b.names(rels) == [("LOCATED_IN", "青山开发区", "南江市")]
    assert rels[0].source == "inferred"


def test_scope_leaves_a_place_below_the_village_to_its_village(rules):
    from kg.records import Mention

    b = Builder("平安县。阿者田自然村村民说。")
    county = b.add("PLACE", "平安县", level="county", adcode="990101")
    hamlet = b.add("PLACE", "阿者田自然村", level="other")
    hamlet.mentions = [Mention(m.start, m.end, m.text, "place.hamlet") for m in hamlet.mentions]
    view = DocView(b.text, b.entities, scope=county.id)
    assert located_in.scope(view, rules["located_in.article_scope"]) == []


def test_a_place_link_two_written_links_imply_is_dropped():
    from kg.records import Relation
    from kg.relations.located_in import reduce_chains

    def rel(head, tail, source="text"):
        return Relation("LOCATED_IN", head, tail, {}, source, None, "t")

    written = [rel("village", "county"), rel("village", "town"), rel("town", "county")]
    assert [(r.head, r.tail) for r in reduce_chains(written, {"village", "town", "county"})] == [
        ("village", "town"), ("town", "county")]
    inferred = [rel("county", "province"), rel("county", "city", "inferred"), rel("city", "province", "inferred")]
    assert reduce_chains(inferred, {"county", "city", "province"}) == inferred  # the text wrote one link only
    # 某县某镇某党委: the organization lies in its town, which lies in the county
    org = [rel("org", "county"), rel("org", "town"), rel("town", "county")]
    assert [(r.head, r.tail) for r in reduce_chains(org, {"town", "county"})] == [("org", "town"), ("town", "county")]
