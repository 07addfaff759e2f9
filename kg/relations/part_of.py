"""PART_OF: initiatives the recognizer found listed as components of another (``part_of``)."""
from __future__ import annotations

from kg.records import Relation
from kg.relations.rules import RelationRule
from kg.relations.view import DocView


def components(view: DocView, rule: RelationRule) -> list[Relation]:
    by_name = {e.name: e for e in view.entities if e.type in ("PROGRAM", "MECHANISM")}
    out = []
    for e in view.entities:
        whole = by_name.get(e.attrs.get("part_of", ""))
        if whole is not None and whole.id != e.id:
            out.append(Relation("PART_OF", e.id, whole.id, {}, rule.source,
                                view.evidence(e.mentions[0].start) if e.mentions else None, rule.id))
    return out
