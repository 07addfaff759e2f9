"""Hand-built entities over a short text, for testing relation extractors in isolation."""
from __future__ import annotations

import pytest

from kg.records import Entity, Mention
from kg.relations.rules import load_rules


class Builder:
    def __init__(self, text: str):
        self.text = text
        self.entities: list[Entity] = []

    def add(self, type_: str, name: str, *surfaces: str, **attrs) -> Entity:
        e = Entity(id=f"e{len(self.entities) + 1}", type=type_, name=name, aliases=[name], attrs=dict(attrs))
        for surface in surfaces or (name,):
            start = -1
            while (start := self.text.find(surface, start + 1)) >= 0:
                e.mentions.append(Mention(start, start + len(surface), surface, "test"))
        self.entities.append(e)
        return e

    def names(self, relations):
        by_id = {e.id: e.name for e in self.entities}
        return sorted((r.type, by_id[r.head], by_id.get(r.tail, r.tail)) for r in relations)


@pytest.fixture(scope="session")
def rules():
    return {r.id: r for r in load_rules()}
