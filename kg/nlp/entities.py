"""Entity resolution (pipeline stage ``kg_entities``).

Candidates from the recognizers → entities: overlapping proposals are settled
(same type: the higher priority, then the longer wins; different types may nest,
e.g. the PLACE 平安县 inside the ORG 平安县农业农村局, but may not cross), mentions of
one canonical name are grouped into one ``Entity`` with all surface forms as
aliases, and ids ``e1 … eN`` are given in order of first mention.
"""
from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from functools import lru_cache
from itertools import accumulate

from spacy.language import Language
from spacy.tokens import Doc

from kg.nlp.extensions import text_of
from kg.nlp.candidates import Candidate
from kg.nlp.deixis import choose_scope, compatible, find_deictics, resolve_deictics
from kg.records import Entity, Mention


NESTABLE = {"ORG"}  # an organization inside another's name is an entity too (某中心 in 某中心指挥部)


METADATA_LABELS = ("来源", "出处", "作者", "编辑", "责编", "责任编辑", "终审", "审核", "校对", "浏览量", "浏览",
                   "点击", "阅读", "发布时间", "发布日期")


def metadata_zones(text: str, labels: tuple[str, ...] = METADATA_LABELS) -> list[tuple[int, int]]:
    """Spans of metadata (来源:… 编辑:…): page furniture, not article text. Nothing in them
    is an entity except the people the metadata names (annotation guide §4)."""
    return [(m.start(), m.end()) for m in _zone_pattern(labels).finditer(text)]


@lru_cache(maxsize=8)
def _zone_pattern(labels: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("(?:%s)\\s*[:：][^\n。！？]*" % "|".join(map(re.escape, labels)))


def drop_shorts_in_names(cands: list[Candidate]) -> list[Candidate]:
    """A place's short form inside a quoted initiative name or a person's name is a syllable
    of that name (“一约四会” is no mention of 四会市, 罗平林 none of 罗平县); a full place name
    in an initiative still counts (“某村经验”). So is one inside an organization's name
    after a word that is no place (江苏晨阳新材料公司: no 阳新县), but a province's (国营陕西某公司)."""
    names = sorted((c.start, c.end) for c in cands if c.type in INITIATIVE_TYPES or c.type == "PERSON")
    reach = list(accumulate((e for _, e in names), max))  # the furthest end of names[:i + 1]
    # an organization's: a short form inside its name after a word that is no place (江苏晨|阳新|材料公司)
    orgs = sorted((c.start, c.end) for c in cands if c.type == "ORG")
    org_reach = list(accumulate((e for _, e in orgs), max))
    place_ends = {c.end for c in cands if c.type == "PLACE"}
    syllables = {c for c in cands if c.type == "PLACE" and c.rule == "place.short" and (
        _inside(names, reach, c) or (c.start not in place_ends and c.attr_dict.get("level") != "province"
                                     and _inside(orgs, org_reach, c, after_start=True)))}
    if not syllables:
        return cands
    # and the organization named from that syllable on inside one named from its place on
    # (阳新材料公司 inside 江苏晨阳新材料公司)
    opened, place_starts = {c.start for c in syllables}, {c.start for c in cands if c.type == "PLACE"}
    placed = [span for span in orgs if span[0] in place_starts]
    placed_reach = list(accumulate((e for _, e in placed), max))
    return [c for c in cands if c not in syllables and not (
        c.type == "ORG" and c.start in opened and _inside(placed, placed_reach, c, after_start=True))]


def _inside(names: list[tuple[int, int]], reach: list[int], c: Candidate, after_start: bool = False) -> bool:
    """Whether a span of ``names`` (sorted) holds ``c`` and is not ``c``'s own: one starting
    before it and reaching its end, or (unless ``after_start``) one starting with it and
    ending after it."""
    j = bisect_left(names, (c.start, -1))  # names[:j] start before c
    i = bisect_right(names, (c.start, math.inf)) - 1  # names[j:i + 1] start with c
    return (j > 0 and reach[j - 1] >= c.end) or (not after_start and i >= j and names[i][1] > c.end)


def outside_zones(cands: list[Candidate], zones: list[tuple[int, int]], keep: tuple[str, ...] = ("PERSON",)) -> list[Candidate]:
    if not zones:
        return list(cands)
    return [c for c in cands if c.type in keep or not any(s <= c.start and c.end <= e for s, e in zones)]


def settle_overlaps(cands: list[Candidate], window: int = 64) -> list[Candidate]:
    """Keep a consistent subset of candidates (pure; see module doc).

    Candidates are ranked (priority, then length) and taken greedily; each is checked
    only against kept candidates starting within ``window`` characters of it (no
    mention is longer), so long articles stay O(n log n)."""
    ranked = sorted(cands, key=lambda c: (-c.priority, -(c.end - c.start), c.start, c.type))
    starts: list[int] = []
    kept: list[Candidate] = []  # sorted by start, parallel to ``starts``
    for c in ranked:
        lo, hi = bisect_left(starts, c.start - window), bisect_left(starts, c.end)
        if all(_compatible(c, k) for k in kept[lo:hi] if k.start < c.end and c.start < k.end):  # overlapping
            i = bisect_left(starts, c.start)
            starts.insert(i, c.start)
            kept.insert(i, c)
    return sorted(kept, key=lambda c: (c.start, c.end))


def _compatible(c: Candidate, k: Candidate) -> bool:
    """Two overlapping candidates may both stay when one strictly contains the other and
    the types differ (or both are ORG), but for a person inside an organization or place
    name after its start."""
    nested = ((k.start <= c.start and c.end <= k.end) or (c.start <= k.start and k.end <= c.end)) \
        and (c.start, c.end) != (k.start, k.end)  # one span, one type
    inner, outer = (c, k) if k.start <= c.start and c.end <= k.end else (k, c)
    if inner.type == "PERSON" and outer.type in ("ORG", "PLACE") and inner.start > outer.start:
        return False  # 郭家沟村民宿协会: 村民|宿协会 is no resident inside the organization's name
    return nested and (c.type != k.type or c.type in NESTABLE)


INITIATIVE_TYPES = ("PROGRAM", "MECHANISM")


def entity_key(c: Candidate, attrs: dict | None = None) -> tuple[str, str]:
    """The key of the entity ``c`` is a mention of (``attrs``: its attributes, if at hand)."""
    attrs = c.attr_dict if attrs is None else attrs
    if c.type == "PLACE" and attrs.get("adcode"):
        return (c.type, str(attrs["adcode"]))
    if c.type in INITIATIVE_TYPES:  # one name, one initiative; its type is settled below
        return ("INITIATIVE", c.name)
    return (c.type, c.name)


def _type_strength(c: Candidate, attrs: dict) -> tuple[int, int]:
    """How sure a candidate is of its type: head-word evidence beats a default guess."""
    return (0 if attrs.get("weak_type") else 1, c.priority)


def group_entities(text: str, cands: list[Candidate]) -> list[Entity]:
    """Group settled candidates into entities (pure). A step per candidate, so kept
    lean: most candidates repeat an entity and carry no attributes or the same ones."""
    by_key: dict[tuple[str, str], Entity] = {}
    strength: dict[tuple[str, str], tuple[int, int]] = {}
    for c in cands:
        attrs = dict(c.attrs) if c.attrs else NO_ATTRS
        key = entity_key(c, attrs)
        ent = by_key.get(key)
        sure = _type_strength(c, attrs)
        best = strength.get(key)
        if best is None or sure > best:
            strength[key] = sure
            if ent is not None:
                ent.type = c.type
        if ent is None:
            ent = Entity(id=f"e{len(by_key) + 1}", type=c.type, name=c.name, aliases=[c.name],
                         attrs={k: v for k, v in attrs.items() if k != "weak_type"})
            by_key[key] = ent
        else:
            for k, v in attrs.items():
                if k != "weak_type":
                    ent.attrs.setdefault(k, v)
        surface = text[c.start:c.end]
        aliases = ent.aliases
        if surface not in aliases:
            aliases.append(surface)
        for alias in c.aliases:
            if alias not in aliases:
                aliases.append(alias)
        ent.mentions.append(Mention(c.start, c.end, surface, c.rule))
    return list(by_key.values())


NO_ATTRS: dict = {}  # read only: the attributes of a candidate without any


def attach_scope(text: str, meta: dict, entities: list[Entity], gazetteer=None) -> tuple[str | None, list]:
    """Choose the article's place and resolve deictic mentions (我市, 该镇) to places.

    Returns the scope entity id (a new PLACE entity is appended when only the outlet
    names it) and the list of ``(Deictic, entity id)`` pairs.
    """
    places = [e for e in entities if e.type == "PLACE"]
    deictics = find_deictics(text)
    departments = Counter(e.attrs["deictic_level"] for e in entities if e.type == "ORG" and e.attrs.get("deictic_level"))
    scope = choose_scope(text, meta, places, deictics, gazetteer, departments)
    if scope is not None and not scope.id:
        scope.id = f"e{len(entities) + 1}"
        entities.append(scope)
        places.append(scope)
    resolved = resolve_deictics(deictics, scope, places)
    if scope is not None:
        name_departments(entities, scope, places)
    return (scope.id if scope else None), [(d, e.id) for d, e in resolved]


def drop_unanchored(entities: list[Entity]) -> list[Entity]:
    """Without the persons whose every mention is a repeat of a name (``person.repeat``): the
    anchored mention that gave the name lost to an overlapping entity (金山区委 over 金山)."""
    return [e for e in entities if e.type != "PERSON" or any(m.rule != "person.repeat" for m in e.mentions)]


def link_org_places(entities: list[Entity]) -> None:
    """An organization whose recognizer named its place (``in_place``: 某县委常委、宣传部 is
    某县委宣传部) lies in that place's entity (``place``, which LOCATED_IN reads)."""
    places = {n: e.id for e in entities if e.type == "PLACE" for n in (e.name, *e.aliases)}
    for e in entities:
        name = e.attrs.pop("in_place", None) if e.type == "ORG" else None
        if name in places:
            e.attrs.setdefault("place", places[name])


MERGED_BY_ALIAS = ("ORG", "PROGRAM", "MECHANISM")


def merge_alias_names(entities: list[Entity]) -> list[Entity]:
    """An organization or initiative whose name another one of its type has for alias is that
    one: 某县委 (from 县委) and 中共某县委 (alias 某县委), “1+3+N”机制 and “1+3+N”网格化服务管理机制
    (alias 1+3+N) are one entity, with the mentions and aliases of both."""
    by_alias = {(e.type, a): e for e in entities if e.type in MERGED_BY_ALIAS for a in e.aliases if a != e.name}
    out = []
    for e in entities:
        full = by_alias.get((e.type, e.name))
        if full is None or full is e:
            out.append(e)
            continue
        _absorb(full, e)
    return out


def _absorb(full: Entity, e: Entity) -> None:
    full.mentions = sorted(full.mentions + e.mentions, key=lambda m: (m.start, m.end))
    full.aliases += [a for a in e.aliases if a not in full.aliases]


def name_departments(entities: list[Entity], scope: Entity, places: list[Entity] = ()) -> None:
    """县农业农村局 in an article about 某某县 is 某某县农业农村局 (it keeps its short
    name as an alias), and one entity with 某某县农业农村局 named in full elsewhere. A
    department of another level is of the one place of its level the article names inside
    its place (县教育局 in a city paper's report on one of its counties), else stays as written."""
    named = [e for e in entities if e.type == "ORG" and not e.attrs.get("deictic_level")]
    by_name = {a: e for e in named for a in e.aliases} | {e.name: e for e in named}  # 中共某县委 is 某县委 too
    for e in list(entities):
        level = e.attrs.get("deictic_level")
        holder = _holder(level, scope, places) if e.type == "ORG" and level else None
        if holder is not None:
            short = e.name
            e.name = _department_name(holder.name, short, by_name)
            if short not in e.aliases:
                e.aliases.append(short)
            e.aliases.insert(0, e.name)
            e.attrs["place"] = holder.id
            full = by_name.get(e.name)
            if full is not None:  # the same department, named in full elsewhere
                _absorb(full, e)
                entities.remove(e)


def _holder(level: str, scope: Entity, places: list[Entity]) -> Entity | None:
    """The place a department of ``level`` named without its place belongs to: the article's
    place when the level fits, else the only place of that level named inside it."""
    if compatible(level, scope):
        return scope
    code = scope.attrs.get("adcode")
    inside = [p for p in places if code and p.attrs.get("adcode", "").startswith(code)
              and p.attrs["adcode"] != code and compatible(level, p)]
    return inside[0] if len(inside) == 1 else None


def _department_name(place: str, short: str, named: dict[str, Entity]) -> str:
    """The full name of ``short`` (县委宣传部, 县农业农村局) in ``place``: 某某县委宣传部; but
    某县县委宣传部 for a county named by one character and its level word, as
    such counties write it, and whichever of the two the article names in full."""
    plain, doubled = place + short[1:], place + short
    written = next((name for name in (plain, doubled) if name in named), None)
    return written or (doubled if len(place) == 2 and short[1:2] == "委" else plain)


class EntityResolver:
    def __init__(self, nlp: Language, name: str = "kg_entities", use_gazetteer: bool = True):
        self.name = name
        self.use_gazetteer = use_gazetteer
        self._gazetteer = None

    def gazetteer(self):
        """The gazetteer, opened on first use and kept (finding its folder costs file-system calls)."""
        if self._gazetteer is None:
            from kg.nlp.gazetteer import load_gazetteer

            self._gazetteer = load_gazetteer()
        return self._gazetteer

    def __call__(self, doc: Doc) -> Doc:
        cands = outside_zones(list(doc._.kg_candidates or []), metadata_zones(text_of(doc)))
        cands = drop_shorts_in_names(cands)
        settled = settle_overlaps(cands)
        entities = merge_alias_names(drop_unanchored(group_entities(text_of(doc), settled)))
        link_org_places(entities)
        gaz = self.gazetteer() if self.use_gazetteer else None
        doc._.kg_scope, doc._.kg_deictic = attach_scope(text_of(doc), doc._.kg_meta or {}, entities, gaz)
        doc._.kg_entities = entities
        return doc


@Language.factory("kg_entities", assigns=["doc._.kg_entities", "doc._.kg_scope", "doc._.kg_deictic"],
                  requires=["doc._.kg_candidates"], default_config={"use_gazetteer": True})
def make_entity_resolver(nlp: Language, name: str, use_gazetteer: bool) -> EntityResolver:
    return EntityResolver(nlp, name, use_gazetteer)
