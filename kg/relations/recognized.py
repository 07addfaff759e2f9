"""RECOGNIZED_AS: 某村获评全国民主法治示范村 — a place, organization or person and a designation.

The designation is the text after the trigger up to the end of the clause (a list joined
by 、 gives one each: 获评全国文明村、全国乡村治理示范村); the bearer is the actor mention
closest before the trigger in the same clause (某社区等3个村(社区)获评… keeps 某社区), or, in a
later clause with none (…，今年又被列为…), the sentence's bearer before; bearers listed
before the trigger (甲镇、乙镇被命名为…) each get it, and what 将/把 takes (某县将木耳确定为…)
is designated rather than the place. A prefix trigger (某村、某村等省定“红色村”) gives the
designation to every place listed before it.
"""
from __future__ import annotations

import re
from functools import lru_cache

from kg.nlp.sentences import LIST_JOIN, LIST_JOINER
from kg.records import Relation
from kg.relations.rules import RelationRule
from kg.relations.metric_subjects import skip_space
from kg.relations.view import DocView, Spot
from kg.nlp.wordscan import any_word, by_identity

BEARERS = ("PLACE", "ORG", "PERSON")
END = re.compile(r"[，,。；;！？!?（(]|%s|等|后|以来|称号|荣誉" % LIST_JOINER)
# what may stand between a clause's start and a trigger when the clause has no subject of its own
SUBJECTLESS = re.compile(r"\s*(?:先后|成功|今年|去年|同年|当年|次年|随后|还|又|也|并|已|再|均|都|被|\d{4}年)*\s*")
COUNTED_LIST = re.compile(r"等[\d一二两三四五六七八九十百]+[个家名所]")
COUNTED_KIND = 10  # the characters the kind after the count may take: 村(社区)党组织
LEVEL_ONLY = re.compile(r"(?:国家|省|市|县|自治区|区|乡镇?|村)级")  # 获评国家级、省级荣誉: no designation
DISPOSAL = re.compile("[将把]")  # 某县将X确定为…: the designation is X's


def _designations(text: str, start: int, limit: int, triggers: re.Pattern[str] | None = None,
                  openers: tuple[str, ...] = ()) -> list[str]:
    """One designation, or each of a chain of quoted ones (获评“甲”“乙”和“丙”), or of a list
    joined by 、/和/及 whose items end alike or open as designations do (获评全国文明村、
    全国乡村治理示范村; 入选中国历史文化名村、中国传统村落)."""
    chain, one = _quoted_designations(limit)
    quoted = chain.match(text, start)
    if quoted:
        return one.findall(quoted.group(0))
    if text.startswith(("“", "「"), start):
        return []  # a quote not closed within the limit: a text cut off (获评“全国), or no designation
    des = _designation(text, start, limit)
    if len(des) < 2 or LEVEL_ONLY.fullmatch(des):
        return []
    out, pos = [des], text.find(des, start) + len(des)
    while (sep := LIST_JOIN.match(text, pos)) is not None:
        nxt = _designation(text, sep.end(), limit)
        alike = nxt[-1:] == des[-1:] or nxt.startswith(openers)
        if len(nxt) < 4 or not alike or (triggers is not None and triggers.match(nxt)):
            break  # 获评全国文明村、入选…: another trigger's, or no designation of the same kind
        out.append(nxt)
        pos = sep.end() + len(nxt)
    return out


@lru_cache(maxsize=8)
def _quoted_designations(limit: int) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A chain of quoted designations, and one of them (of at most ``limit`` characters)."""
    return (re.compile(r"(?:[“「]([^”」]{2,%d})[”」]%s?)+" % (limit, LIST_JOINER)),
            re.compile(r"[“「]([^”」]{2,%d})[”」]" % limit))


trigger_pattern = by_identity(any_word)  # one pattern per rule's trigger list


def _designation(text: str, start: int, limit: int) -> str:
    m = END.search(text, start, start + limit)
    stop = m.start() if m else min(len(text), start + limit)
    des = text[start:stop].strip(" “”\"")
    return re.sub(r"^(为|了)", "", des)


def _opening(view: DocView, start: int, end: int) -> Spot | None:
    """The bearer opening the sentence at ``start`` (white space aside), if any before ``end``."""
    start = skip_space(view.text, start)
    first = view.spots_in(start, end, *BEARERS)[:1]
    return first[0] if first and first[0].start == start else None


def _listed_before(text: str, bearers: list[Spot]) -> tuple[list[Spot], int]:
    """The bearers listed before the last one, right to left: 甲镇、乙镇被命名为…, also when
    each item is written with its chain of places (某县某镇甲村、某区某镇乙村获评…): the item
    before a joiner is the innermost place of its chain. With them, the index in ``bearers``
    where the list starts."""
    out, i = [], len(bearers) - 1
    while True:
        while i > 0 and bearers[i - 1].end == bearers[i].start:
            i -= 1  # to the start of the item's chain
        if i <= 0 or not LIST_JOIN.fullmatch(text, bearers[i - 1].end, bearers[i].start):
            return out, i
        i -= 1
        out.append(bearers[i])


def _listed_clauses(view: DocView, sentence: tuple[int, int], clause: tuple[int, int]) -> list[Spot]:
    """The places of the clauses before ``clause`` that are nothing but lists of places, each
    ended by a comma (甲县某镇、乙市某镇，丙市某镇某村、…获评…): more items of one list, right to left."""
    out: list[Spot] = []
    before = [c for c in view.clauses(sentence) if c[1] <= clause[0]]
    for start, end in reversed(before):
        if view.text[end:end + 1] not in ",，":
            break
        places = [s for s in view.spots_in(start, end, "PLACE") if not s.deictic]
        if not places or places[0].start != skip_space(view.text, start) or places[-1].end != end:
            break
        if any(a.end > b.start for a, b in zip(places, places[1:])):
            break  # nested mentions: not a plain list
        listed, first = _listed_before(view.text, places)
        if first != 0:
            break
        out += [places[-1], *listed]
    return out


def recognized(view: DocView, rule: RelationRule) -> list[Relation]:
    out: list[Relation] = []
    text = view.text
    last: tuple[int, object] | None = None  # (sentence start, bearer) of the last designation
    triggers = trigger_pattern(rule.triggers)
    for m in triggers.finditer(text):
        s0, _ = view.sentence(m.start())
        clause = max((c for c in view.clauses(view.sentence(m.start())) if c[0] <= m.start()), default=(s0, 0))
        bearers = view.spots_in(clause[0], m.start(), *BEARERS)
        until = m.start()
        if len(bearers) > 1 and text.endswith("被", 0, bearers[-1].start):
            until = bearers[-1].start - 1  # 某镇被农业农村部认定为…: the agent is no bearer
            bearers = [b for b in bearers if b.end <= until]
        if bearers:
            head = bearers[-1]
            counted = COUNTED_LIST.match(text, head.end)  # 某村等12个村(社区)党组织被评定为: the list's kind
            if until - head.end > rule.max_gap + (COUNTED_KIND if counted else 0):
                continue  # the bearer must stand right before the trigger (某村等3个村获评…)
            if DISPOSAL.search(text, head.end, m.start()):
                continue  # 某县将木耳确定为…: what 将/把 takes is designated, not the place
        elif clause[0] == s0 or not SUBJECTLESS.fullmatch(text, clause[0], m.start()):
            continue  # 木耳被列为…: the clause has a subject of its own, which is no entity
        elif last is not None and last[0] == s0:
            head = last[1]  # 某村先后获评甲，今年又被列为乙: the sentence's bearer goes on
        elif (opening := _opening(view, s0, m.start())) is not None:
            head = opening  # 某镇全年接待游客…，入选…: the sentence's subject
        else:
            continue
        last = (s0, head)
        listed, first = _listed_before(text, bearers)
        heads = [head, *listed]  # with bearers, head is the last of them
        if bearers and first == 0 and bearers[0].start == skip_space(text, clause[0]):
            heads += _listed_clauses(view, (s0, view.sentence(m.start())[1]), clause)
        for des in _designations(text, m.end(), rule.max_designation, triggers, rule.designation_openers):
            for h in reversed(heads):
                out.append(Relation("RECOGNIZED_AS", h.entity.id, des, {"trigger": m.group(0)}, rule.source,
                                    view.evidence(m.start()), rule.id))
    for pre in rule.prefix_triggers:
        for m in re.finditer("等" + re.escape(pre), text):
            quoted = re.match(r"“([^”]{1,%d})”" % rule.max_designation, text[m.end():])
            des = pre + (quoted.group(1) if quoted else _designation(text, m.end(), rule.max_designation))
            s0, _ = view.sentence(m.start())
            listed = [s for s in view.spots_in(s0, m.start(), "PLACE")]
            inner = [s for s in listed if not any(o.start == s.end for o in listed)]
            for s in inner:
                out.append(Relation("RECOGNIZED_AS", s.entity.id, des, {"trigger": pre}, rule.source,
                                    view.evidence(m.start()), rule.id))
    return out

