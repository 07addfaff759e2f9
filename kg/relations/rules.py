"""Relation rules as data: ``data/rules/relations.yaml`` → ``RelationRule`` records.

A rule names the extractor that runs it (``kind``), the relation ``type`` it makes,
the ``source`` it gives its facts, and that extractor's settings. Unknown keys are
rejected, so a typo in the rule file fails loudly instead of being ignored.
"""
from __future__ import annotations

from functools import cached_property

from dataclasses import dataclass
from typing import Any

from kg.nlp.lexicons import load_yaml, reject_unknown_keys

RELATION_TYPES = ("LOCATED_IN", "HOLDS_POSITION", "IMPLEMENTS", "PART_OF", "RECOGNIZED_AS")
SOURCES = ("text", "inferred", "gazetteer")


@dataclass(frozen=True)
class RelationRule:
    id: str
    type: str
    kind: str
    source: str = "text"
    description: str = ""
    triggers: tuple[str, ...] = ()
    prefix_triggers: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()
    former_markers: tuple[str, ...] = ()
    organ_prefixes: tuple[str, ...] = ()
    scope_prefixes: tuple[str, ...] = ()
    departments: tuple[str, ...] = ()
    village_posts: tuple[str, ...] = ()
    joiners: tuple[str, ...] = ()
    object_verbs: tuple[str, ...] = ()
    designation_openers: tuple[str, ...] = ()
    designation_heads: tuple[str, ...] = ()
    place_bodies: tuple[str, ...] = ()
    part_words: tuple[str, ...] = ()
    whole_markers: tuple[str, ...] = ()
    list_triggers: tuple[str, ...] = ()
    list_markers: tuple[str, ...] = ()
    frame_verbs: tuple[str, ...] = ()
    max_gap: int = 10
    subject_window: int = 12
    max_designation: int = 30

    @cached_property
    def not_subject_after(self) -> tuple[str, ...]:
        """Words after which a place or organization is no clause subject: the triggers and
        the object verbs (one tuple object, so that patterns built on it are cached)."""
        return self.triggers + self.object_verbs

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "RelationRule":
        reject_unknown_keys(cls, d, f"relation rule {d.get('id', '?')}")
        for key in ("id", "type", "kind"):
            if key not in d:
                raise ValueError(f"relation rule {d.get('id', '?')}: missing {key!r}")
        if d["type"] not in RELATION_TYPES:
            raise ValueError(f"relation rule {d['id']}: unknown type {d['type']!r}")
        if d.get("source", "text") not in SOURCES:
            raise ValueError(f"relation rule {d['id']}: source must be one of {SOURCES}")
        vals = {k: (tuple(sorted(v, key=len, reverse=True)) if isinstance(v, list) else v) for k, v in d.items()}
        return cls(**vals)


def load_rules(path_parts: tuple[str, ...] = ("rules", "relations.yaml")) -> list[RelationRule]:
    raw = load_yaml(*path_parts)
    if not isinstance(raw, list):
        raise ValueError(f"{'/'.join(path_parts)}: expected a list of rules")
    rules = [RelationRule.from_dict(r) for r in raw]
    ids = [r.id for r in rules]
    if len(ids) != len(set(ids)):
        raise ValueError(f"{'/'.join(path_parts)}: duplicate rule ids")
    return rules
