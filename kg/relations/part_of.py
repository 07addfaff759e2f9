"""PART_OF: initiatives named as components of another.

Two sources:

- ``part_of.component``: the initiative recognizer found the names listed before the
  whole (市县干部“A”、镇街干部“B”…的“X”活动) and set their ``part_of``;
- ``part_of.trigger``: two initiatives next to each other in a clause, with a word
  between them that makes one a part of the other: A 纳入 B, A 作为 B 的重要内容,
  B 中的 A (the words are the rule's in ``data/rules/relations.yaml``).
"""
from __future__ import annotations

import re

from kg.records import Relation
from kg.relations.implements import INITIATIVES
from kg.relations.rules import RelationRule
from kg.relations.view import DocView, Spot

QUOTES = "“”‘’\"'「」『』《》 "
CLAUSE_BREAK = re.compile(r"[，,。！？!?；;：:\n]")


def components(view: DocView, rule: RelationRule) -> list[Relation]:
    by_name = {e.name: e for e in view.entities if e.type in INITIATIVES}
    out = []
    for e in view.entities:
        whole = by_name.get(e.attrs.get("part_of", ""))
        if whole is not None and whole.id != e.id:
            out.append(Relation("PART_OF", e.id, whole.id, {}, rule.source,
                                view.evidence(e.mentions[0].start) if e.mentions else None, rule.id))
    return out


def _pair(view: DocView, a: Spot, b: Spot, rule: RelationRule) -> tuple[Spot, Spot, str] | None:
    """(part, whole, trigger) when the words between two neighbouring initiatives make one
    a part of the other."""
    gap = view.text[a.end:b.start].strip(QUOTES)
    if not gap or len(gap) > rule.max_gap:
        return None
    head, comma, rest = gap.partition("，")
    if CLAUSE_BREAK.search(rest if comma and len(head) <= 4 else gap):
        return None  # one comma may follow A's head word: “A”工作法，作为“B”的重要内容
    trigger = next((t for t in rule.triggers if gap.endswith((t, t + "到"))), None)
    if trigger and not comma:  # A 纳入 B
        return a, b, trigger
    trigger = next((t for t in rule.prefix_triggers if gap.endswith(t)), None)
    if trigger and (not comma or rest == trigger):  # A 作为 B 的重要内容
        after = view.text[b.end:b.end + rule.max_gap + 8]
        clause = CLAUSE_BREAK.split(after, 1)[0]
        if any(w in clause for w in rule.part_words):
            return a, b, trigger
        return None
    trigger = next((t for t in rule.whole_markers if gap.endswith(t)), None)
    if trigger and not comma and len(gap) - len(trigger) <= 4:  # B(活动)中的 A
        return b, a, trigger
    return None


def triggered(view: DocView, rule: RelationRule) -> list[Relation]:
    spots = [s for s in view.spots if s.entity.type in INITIATIVES]
    out: dict[tuple[str, str], Relation] = {}
    for a, b in zip(spots, spots[1:]):
        if b.start < a.end or a.entity.id == b.entity.id:
            continue
        found = _pair(view, a, b, rule)
        if found is None:
            continue
        part, whole, trigger = found
        key = (part.entity.id, whole.entity.id)
        if key not in out:
            out[key] = Relation("PART_OF", part.entity.id, whole.entity.id, {"trigger": trigger}, rule.source,
                                view.evidence(a.start), rule.id)
    return list(out.values())
