"""HOLDS_POSITION extractors: a title right before a person's name, and bylines.

Reading leftwards from the name: a title (longest from the title list), then what
it belongs to. A title in a party committee or government (市委书记, 县委常委,
党工委书记) belongs to the place before it (or, with none written, the article's
place when the level fits); any other title belongs to the organization before it
(某局局长, 某某日报记者). Titles joined by 、 or 兼 (县委常委、宣传部部长; 党支部书记兼村委会主任)
give one relation each; 时任/原 before the phrase marks ``former``. A title of a level with
no owner written (乡党委委员某某, 驻村第一书记某某) belongs to the place of that level named last.
"""
from __future__ import annotations

import re

from kg.nlp.deixis import LEVEL_OF
from kg.nlp.persons import appointed_post_end, dismissed_post_end, post_end, roster_post
from kg.nlp.wordscan import first_ending
from kg.records import Entity, Relation
from kg.relations.rules import RelationRule
from kg.relations.view import DocView, Spot

HAN = re.compile(r"[\u3400-\u9fff]")
DEPUTY = re.compile(r"^(?:常务)?副")  # 副县长, 常务副镇长: a deputy of the post that follows
LEVEL_WORDS = ("省", "市", "州", "盟", "县", "区", "旗", "镇", "乡", "街道", "村", "嘎查", "社区")  # level words a title can open with


def _title_level(title: str, rule: RelationRule) -> str | None:
    """The level of the place a title opens with (县委书记: county, 街道党工委书记: township), or
    of the rule's village posts (第一书记: village); a deputy's as its principal's (副县长: county)."""
    bare = DEPUTY.sub("", title)
    level = next((LEVEL_OF[w] for w in LEVEL_WORDS if bare.startswith(w)), None)
    return level or ("village" if title in rule.village_posts else None)


def _earlier_place(view: DocView, level: str, pos: int, window: int = 400) -> Entity | None:
    """The place of ``level`` named last before ``pos`` (within ``window`` characters): what a
    bare 乡党委委员 or 驻村第一书记 belongs to, as 镇里 and 村里 point at it."""
    return next((s.entity for s in reversed(view.spots_in(max(0, pos - window), pos, "PLACE"))
                 if s.entity.attrs.get("level") == level), None)


def _title_ending(text: str, end: int, titles: tuple[str, ...]) -> str | None:
    """The first of ``titles`` that ``text`` has right before ``end``."""
    return first_ending(text, end, titles)


def _owner(view: DocView, t0: int, title: str, rule: RelationRule, organ: bool) -> Spot | None:
    """The mention the title belongs to, ending at ``t0`` or sharing the title's first
    characters (南江市|市委书记, 青山街道|街道党工委书记)."""
    types = ("PLACE",) if organ else ("ORG", "PLACE")
    for end in (t0, t0 + 1, t0 + 2):
        s = view.spot_ending_at(end, *types)
        if s is not None and (end == t0 or view.text[t0:end] in LEVEL_WORDS):
            return s
    if not organ and view.text[t0 - 1:t0] == "的":  # 某局主持日常工作的副部长
        level = _title_level(title, rule)
        here = view.spot_ending_at(t0 - 1, "PLACE") if level else None
        if here is not None and here.entity.attrs.get("level") == level:
            return here  # 某厅派驻某村的第一书记
        for k in range(2, rule.max_gap + 2):
            gap = view.text[t0 - k:t0]
            if not re.fullmatch(r"[\u4e00-\u9fff]+", gap):
                break
            s = view.spot_ending_at(t0 - k, "ORG")
            if s is not None:
                return s
    return None


# 心血管内科, 组织一股, 生产部, 农技推广站, 机关党委, 妇联
SUB_UNIT = re.compile(r"(?:[\u4e00-\u9fff]{1,7}(?:科|股|室|处|组|中心|部|站|所|队|办)|机关党委|机关党支部|妇联|团支部)$")
GROUP_POSTS = ("党组",)  # 某局党组书记: a department's own party group, so a post of the department
PLACE_UNIT = 6  # the longest unit read as a place's (某村|妇联); longer ones are bodies of their own
PLACE_COMMITTEES = ("党委", "党工委", "党总支", "党支部")


def _committee_place(view: DocView, end: int) -> Spot | None:
    """The place named right before a committee that ends at ``end`` (某乡|党委), or None."""
    committee = next((c for c in PLACE_COMMITTEES if view.text.endswith(c, 0, end)), None)
    return view.spot_ending_at(end - len(committee), "PLACE") if committee else None


def _owner_across(view: DocView, t0: int, organ: bool) -> tuple[Spot, int] | None:
    """(owner, where the title as written starts) when a word stands between the owner and the
    title: a place's committee before a committee post (某镇|党委|组织委员: the place), or a
    unit of an organization before its own title (某医院|心血管内科|主任, 某部|组织一股|股长)."""
    text = view.text
    if organ:
        place = _committee_place(view, t0)
        return (place, place.end) if place is not None else None
    for k in range(2, 9):
        if SUB_UNIT.fullmatch(text, t0 - k, t0) and (org := view.spot_ending_at(t0 - k, "ORG")
                                                       or k <= PLACE_UNIT and view.spot_ending_at(t0 - k, "PLACE")):
            return org, t0 - k  # 某村|妇联|主席: a place's unit too, when short
    return None


def _unowned(view: DocView, t0: int, title: str, rule: RelationRule, titles: tuple[str, ...],
             organ: bool) -> tuple[str, bool, Spot | None, int]:
    """A title with no owner written before it: an organization whose name runs into the
    title (某县委政法委|书记, read as the title 政法委书记) owns the rest of it; a bare
    department of a committee before it (宣传部|部长) is part of the post (宣传部部长)."""
    t1 = t0 + len(title)
    for end in range(t1 - 1, t0, -1):
        s = view.spot_ending_at(end, "ORG")
        if s is not None and s.start < t0 and view.text[end:t1] in titles:
            return view.text[end:t1], False, s, end
    dept = first_ending(view.text, t0, rule.departments)
    if dept and not title.startswith(rule.departments):
        t0 -= len(dept)
        title = dept + title
        return title, True, _owner(view, t0, title, rule, True), t0
    return title, organ, None, t0


def _segments(view: DocView, pos: int, rule: RelationRule,
              titles: tuple[str, ...]) -> list[tuple[str, bool, Spot | None, int]]:
    """The titles written before ``pos`` (a name's start, or the end of a post written after
    the name), right to left: (title, whether it is a post in a party committee or
    government, owner mention, start)."""
    out: list[tuple[str, bool, Spot | None, int]] = []
    while pos > 0 and view.text[pos - 1] in " \u3000":
        pos -= 1
    while (title := _title_ending(view.text, pos, titles)) is not None:
        t0 = pos - len(title)
        organ = (title.startswith(rule.organ_prefixes) or title.endswith("常委")) and not title.startswith(GROUP_POSTS)
        owner = _owner(view, t0, title, rule, organ)
        if owner is None and (found := _owner_across(view, t0, organ)) is not None:
            owner, title, t0 = found[0], view.text[found[1]:t0] + title, found[1]
        if owner is None:
            title, organ, owner, t0 = _unowned(view, t0, title, rule, titles, organ)
        level_word = next((w for w in LEVEL_WORDS if view.text.endswith(w, 0, t0)), None) if organ else None
        if owner is None and level_word and not _title_level(title, rule):
            title, t0 = level_word + title, t0 - len(level_word)  # 镇|党委委员, with no town named before it
        out.append((title, organ, owner, t0))
        nxt = owner.start if owner else t0
        joiner = next((j for j in rule.joiners if view.text.endswith(j, 0, nxt)), None)
        if joiner is None:
            break
        pos = nxt - len(joiner)
    return out


def _as_written(title: str, owner: Spot | None, t0: int) -> str:
    """The title without the place: 青山街道|党工委书记, 石桥村|党支部书记 (the place's
    last character shared), but 南江市|市委书记 keeps 市委, the organ's own name."""
    if owner is None or owner.end <= t0:
        return title
    shared = owner.end - t0
    if shared >= 2 or title[shared:].startswith("党"):
        return title[shared:]
    return title


def _tail(view: DocView, rule: RelationRule, segment: tuple[str, bool, Spot | None, int], places: list[Spot],
          scope: Entity | None) -> Entity | None:
    """What a title belongs to: its owner; for a post in a committee or government, a
    place (a neighbouring title's of the same level, 某乡党委副书记、乡长; the article's; or,
    for a title of a level with no owner written, the place of that level named last)."""
    title, organ, owner, t0 = segment
    tail = owner.entity if owner else None
    if tail is not None and tail.type == "ORG" and organ:
        place = _committee_place(view, owner.end)  # 某乡党委|组织委员: the place's post
        tail = place.entity if place is not None and place.start >= owner.start else None
    level = _title_level(title, rule)
    if tail is None and level:
        tail = next((p.entity for p in places if p.entity.attrs.get("level") == level), None)
    if tail is None and scope is not None and level == scope.attrs.get("level") and (owner is None or owner.deictic):
        tail = scope
    if tail is None and level and owner is None and _opens(view, rule, t0):
        tail = _earlier_place(view, level, t0)
    return tail


def _tails(view: DocView, rule: RelationRule, segments: list, scope: Entity | None) -> list[Entity | None]:
    """What each title of one post's segments belongs to (a title of no owner takes a place
    of its level among the segments', 某乡党委副书记、乡长)."""
    places = [o for _, _, o, _ in segments if o is not None and o.entity.type == "PLACE"]
    return [_tail(view, rule, segment, places, scope) for segment in segments]


def _opens(view: DocView, rule: RelationRule, t0: int) -> bool:
    """Nothing that could be an unrecognized owner stands before ``t0``: a break, or another
    title's joiner: in 某某牧委会|驻村第一书记 the text names an owner we do not know."""
    return not HAN.match(view.text[t0 - 1:t0]) or any(view.text.endswith(j, 0, t0) for j in rule.joiners)


def title_relations(view: DocView, rule: RelationRule, titles: tuple[str, ...]) -> list[Relation]:
    out: list[Relation] = []
    scope = view.scope_entity
    for person in (s for s in view.spots if s.entity.type == "PERSON"):
        segments = _segments(view, person.start, rule, titles)
        if not segments and (after := post_end(view.text, person.end)) is not None:
            segments = _segments(view, after, rule, titles)
        if not segments and (post := roster_post(view.text, person.start, person.end)) is not None:
            segments = _segments(view, post[1], rule, titles)
        dismissed: list = []
        if (appointed := appointed_post_end(view.text, person.end)) is not None:  # 某局干部某某任某村第一书记
            segments = segments + _segments(view, appointed, rule, titles)
            if (post := dismissed_post_end(view.text, appointed)) is not None:  # ，免去其某乡乡长职务: a former post
                dismissed = _segments(view, post, rule, titles)
        tails = _tails(view, rule, segments, scope) + _tails(view, rule, dismissed, scope)
        segments = segments + dismissed
        # 县委常委、宣传部长: a post of no level is in the committee of the neighbouring post
        committee = next((t for (_, organ, _, _), t in zip(segments, tails) if organ and t and t.type == "PLACE"), None)
        # 某局党组书记、局长: a post of no owner beside a department's is the department's
        department = next((t for t in tails if t is not None and t.type == "ORG"), None)
        for (title, organ, owner, t0), tail in zip(segments, tails):
            tail = tail or (committee if organ else department)
            if tail is None:
                continue
            start = owner.start if owner else t0
            former = view.text.endswith(rule.former_markers, 0, start) or (title, organ, owner, t0) in dismissed
            attrs = {"title": _as_written(title, owner, t0)} | ({"former": True} if former else {})
            out.append(Relation("HOLDS_POSITION", person.entity.id, tail.id, attrs, rule.source,
                                view.evidence(person.start), rule.id))
    return out


BYLINE_GAP = re.compile(r"[ \t\u3000、，,]*")  # between the names of one byline


def byline_relations(view: DocView, rule: RelationRule) -> list[Relation]:
    """某某日报记者 甲 乙　通讯员 丙: every name of the line is the outlet's, with the title
    before it or before the names it follows."""
    out = []
    line: tuple[int, Entity] | None = None  # (line start, outlet) of the byline being read
    last: tuple[int, str, Entity] | None = None  # (end, title, outlet) of its last name
    text = view.text
    for person in (s for s in view.spots if s.entity.type == "PERSON"):
        pos = person.start
        while pos > 0 and text[pos - 1] in " \u3000:：":
            pos -= 1
        line_start = text.rfind("\n", 0, person.start) + 1
        title = _title_ending(text, pos, rule.titles)
        org = view.spot_ending_at(pos - len(title), "ORG") if title else None
        if title and org is not None:
            found: tuple[str, Entity] | None = (title, org.entity)
        elif title and line is not None and line[0] == line_start:
            found = (title, line[1])  # 通讯员 丙 later in the outlet's line
        elif last is not None and BYLINE_GAP.fullmatch(text, last[0], person.start):
            found = (last[1], last[2])  # 记者 甲 乙: a name after a name
        else:
            found = None
        if found is None:
            continue
        line, last = (line_start, found[1]), (person.end, *found)
        out.append(Relation("HOLDS_POSITION", person.entity.id, found[1].id, {"title": found[0]}, rule.source,
                            view.evidence(person.start), rule.id))
    return out
