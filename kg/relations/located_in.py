"""LOCATED_IN extractors: written hierarchies, organ names, outlets, and the article's scope."""
from __future__ import annotations

from kg.records import Entity, Relation
from kg.relations.rules import RelationRule
from kg.relations.view import DocView, Spot

LEVEL_RANK = {"province": 0, "city": 1, "zone": 2, "county": 2, "township": 3, "village": 4, "other": 5}


def _rel(rule: RelationRule, head: Entity, tail: Entity, view: DocView, offset: int | None) -> Relation:
    ev = view.evidence(offset) if offset is not None else None
    return Relation("LOCATED_IN", head.id, tail.id, {}, rule.source, ev, rule.id)


def _rank(e: Entity) -> int:
    return LEVEL_RANK.get(e.attrs.get("level") or "other", 5)


def place_chain(view: DocView, rule: RelationRule) -> list[Relation]:
    """某县某镇某村: each place mention that starts where another ends lies in it."""
    out = []
    places = [s for s in view.spots if s.entity.type == "PLACE"]
    ends: dict[int, Spot] = {}
    for s in places:  # 该镇某村: a deictic mention may be the outer place
        ends.setdefault(s.end, s)
    for s in (p for p in places if not p.deictic):
        outer = ends.get(s.start)
        if outer and outer.entity.id != s.entity.id and _rank(outer.entity) < _rank(s.entity):
            out.append(_rel(rule, s.entity, outer.entity, view, s.start))
    return out


def org_prefix(view: DocView, rule: RelationRule) -> list[Relation]:
    """An organization whose mention starts with place mentions lies in each of them; a
    department named without its place (县农业农村局) lies in the article's place."""
    out = []
    for e in view.entities:
        if e.type == "ORG" and e.attrs.get("place") in view.by_id:
            out.append(_rel(rule, e, view.by_id[e.attrs["place"]], view, e.mentions[0].start if e.mentions else None))
    for org in (s for s in view.spots if s.entity.type == "ORG"):
        for p in view.spots_in(org.start, org.end, "PLACE"):
            if p.start == org.start or any(q.end == p.start for q in view.spots_in(org.start, p.start, "PLACE")):
                out.append(_rel(rule, org.entity, p.entity, view, org.start))
    return out


def outlet(view: DocView, rule: RelationRule) -> list[Relation]:
    """某某日报 → 某某市 when the outlet's name starts with the short form of the article's place."""
    scope = view.scope_entity
    if scope is None:
        return []
    out = []
    for e in view.entities:
        if e.type == "ORG" and any(e.name.startswith(a) for a in scope.aliases if len(a) >= 2) and \
                e.name.endswith(("日报", "晚报", "电视台", "融媒体中心", "新闻网")):
            out.append(_rel(rule, e, scope, view, e.mentions[0].start if e.mentions else None))
    return out


def hierarchy(view: DocView, rule: RelationRule, gazetteer=None) -> list[Relation]:
    """Each coded place lies in its nearest ancestor that the article also names."""
    if gazetteer is None:
        return []
    by_code = {e.attrs["adcode"]: e for e in view.entities if e.type == "PLACE" and e.attrs.get("adcode")}
    out = []
    for code, e in by_code.items():
        for anc in gazetteer.ancestors(code):
            if anc.code in by_code and by_code[anc.code].id != e.id:
                out.append(_rel(rule, e, by_code[anc.code], view, None))
                break
    return out


def scope(view: DocView, rule: RelationRule, placed: set[str] | None = None) -> list[Relation]:
    """Uncoded places below the article's place, and not placed otherwise, lie in it (but
    not a place below the village, 某某村民小组, which lies in a village of the place)."""
    sc = view.scope_entity
    if sc is None:
        return []
    placed = placed or set()
    return [_rel(rule, e, sc, view, None) for e in view.entities
            if e.type == "PLACE" and e.id != sc.id and not e.attrs.get("adcode") and e.id not in placed
            and _rank(e) > _rank(sc) and not all(m.rule == "place.hamlet" for m in e.mentions)]


def reduce_chains(relations: list[Relation], places: set[str]) -> list[Relation]:
    """Without the place links that two others the text writes imply: 花垣十八洞村 says the
    village is in the county, but where the article also writes 花垣县双龙镇十八洞村 the
    graph holds it through the township (the gold files list the nearest link only); so
    too 某县某镇某村党支部 lies in its village, which lies in the township."""
    links = {(r.head, r.tail) for r in relations if r.type == "LOCATED_IN" and r.tail in places}
    inside: dict[str, set[str]] = {}
    for r in relations:  # the implying links are ones the text writes, not inferred ones
        if r.type == "LOCATED_IN" and r.source == "text" and (r.head, r.tail) in links:
            inside.setdefault(r.head, set()).add(r.tail)
    implied = {(a, c) for a, bs in inside.items() for b in bs for c in inside.get(b, ()) if c != a and (a, c) in links}
    return [r for r in relations if r.type != "LOCATED_IN" or (r.head, r.tail) not in implied]
