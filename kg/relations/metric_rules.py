"""The metric stage's rules as data: ``data/rules/metrics.yaml`` → ``MetricRules``."""
from __future__ import annotations

import re
from dataclasses import dataclass, fields
from functools import cached_property
from typing import Any

from kg.nlp.lexicons import load_yaml, reject_unknown_keys
from kg.records import Entity


CLAUSE_BREAKS = "，,；;：:。！？!?、"


@dataclass(frozen=True)
class MetricRules:
    """The settings of ``data/rules/metrics.yaml``; word lists are kept longest first."""

    subject_types: tuple[str, ...] = ("PLACE", "ORG", "PROGRAM", "MECHANISM")
    initiative_types: tuple[str, ...] = ("PROGRAM", "MECHANISM")
    place_bodies: tuple[str, ...] = ()
    non_metric_units: frozenset[str] = frozenset()
    chinese_numeral_units: frozenset[str] = frozenset()
    ordinal_before: tuple[str, ...] = ()
    vague_before: tuple[str, ...] = ()
    scaled_without_unit: bool = False
    furniture_before: tuple[str, ...] = ()
    threshold_before: tuple[str, ...] = ()
    threshold_after: tuple[str, ...] = ()
    per_marks: tuple[str, ...] = ()
    per_window: int = 6
    name_joiners: frozenset[str] = frozenset()
    percent_followers: tuple[str, ...] = ()
    deictic_prefixes: tuple[tuple[str, tuple[str, ...]], ...] = ()  # prefix → search steps
    deictic_heads: tuple[tuple[str, str], ...] = ()  # head → level of place
    bare_deictics: tuple[str, ...] = ()  # 村集体经济: a head with no prefix that points (prefix "")
    anaphor_prefixes: tuple[str, ...] = ()  # 该公司, 这家合作社: what points back to an organization or initiative
    anaphor_heads: tuple[tuple[str, str], ...] = ()  # head → the entity type it points to
    lead_in: tuple[re.Pattern[str], ...] = ()
    table_count_ends: tuple[str, ...] = ()  # a table's column counting things (…以上村, 户数): its measure word
    table_money_words: tuple[str, ...] = ()  # a column of money (收入, 资金): the money unit
    not_subject_after: tuple[str, ...] = ()
    object_openers: tuple[str, ...] = ()  # 对全县…: a clause opening with one has its deictic as object
    inherit_sentences: int = 1
    deictic_window: int = 3
    indicator_max: int = 24

    @classmethod
    def from_dict(cls, d: dict[str, Any], source: str = "metrics rules") -> "MetricRules":
        reject_unknown_keys(cls, d, source)
        known = {f.name: f.default for f in fields(cls)}
        kwargs: dict[str, Any] = {}
        for key, value in d.items():
            default = known[key]
            if isinstance(default, bool):
                kwargs[key] = bool(value)
            elif isinstance(default, int):
                kwargs[key] = int(value)
            elif key in ("deictic_heads", "deictic_prefixes", "anaphor_heads"):
                pairs = [(str(k), v if isinstance(v, str) else tuple(map(str, v))) for k, v in dict(value).items()]
                kwargs[key] = tuple(sorted(pairs, key=lambda kv: -len(kv[0])))
            elif not isinstance(value, (list, tuple)):
                raise ValueError(f"{source}: {key!r} must be a list, not {type(value).__name__}")
            elif key == "lead_in":
                kwargs[key] = tuple(re.compile(str(p)) for p in value)
            else:
                items = sorted(map(str, value), key=len, reverse=True)
                kwargs[key] = frozenset(items) if isinstance(default, frozenset) else tuple(items)
        return cls(**kwargs)

    @cached_property
    def not_counted_before(self) -> tuple[str, ...]:
        """What a number is not counted after when it ends the text before it (第, 不少于)."""
        return self.ordinal_before + self.threshold_before

    @cached_property
    def furniture_in(self) -> re.Pattern[str]:
        """Searched: whether a page-furniture word (浏览, 点击) occurs."""
        return re.compile("|".join(map(re.escape, self.furniture_before)) or "(?!)")

    @cached_property
    def per_mark_in_clause(self) -> re.Pattern[str]:
        """Searched: a rate mark (每) with no clause break after it to the end."""
        marks = "|".join(map(re.escape, self.per_marks)) or "(?!)"
        return re.compile(f"(?:{marks})[^{re.escape(CLAUSE_BREAKS)}]*\\Z")

    @cached_property
    def deictic_pattern(self) -> re.Pattern[str]:
        prefixes = "|".join(re.escape(p) for p, _ in self.deictic_prefixes if p)
        if self.bare_deictics:  # an empty prefix where a bare deictic word follows
            prefixes += f"|(?<![个每各])(?=(?:{'|'.join(map(re.escape, self.bare_deictics))}))"  # not 每个|村集体
        heads = "|".join(re.escape(h) for h, _ in self.deictic_heads)
        return re.compile(f"(?P<prefix>{prefixes})(?P<head>{heads})")

    @cached_property
    def anaphor_pattern(self) -> re.Pattern[str]:
        """该公司, 这家合作社, 该项目: the prefix, then the head word of what is meant; or the
        head alone (公司设立…), which counts only where it opens a clause."""
        if not self.anaphor_prefixes or not self.anaphor_heads:
            return re.compile("(?!)")
        prefixes = "|".join(map(re.escape, self.anaphor_prefixes))
        heads = "|".join(re.escape(h) for h, _ in self.anaphor_heads)
        return re.compile(f"(?P<prefix>{prefixes}|)(?P<head>{heads})")

    def type_of_anaphor(self, head: str) -> str | None:
        return dict(self.anaphor_heads).get(head)

    def level_of_head(self, head: str) -> str | None:
        return self._levels.get(head)

    def steps_of_prefix(self, prefix: str) -> tuple[str, ...]:
        """Where to look for the place a deictic with ``prefix`` points to, in order."""
        return self._steps.get(prefix, ())

    @cached_property
    def _levels(self) -> dict[str, str]:
        return dict(self.deictic_heads)

    @cached_property
    def _steps(self) -> dict[str, tuple[str, ...]]:
        return dict(self.deictic_prefixes)

    def level_of_place(self, entity: Entity) -> str | None:
        if entity.attrs.get("level"):
            return str(entity.attrs["level"])
        for head, level in self.deictic_heads:
            if entity.name.endswith(head):
                return level
        return None


def load_rules(path: str = "rules/metrics.yaml") -> MetricRules:
    return MetricRules.from_dict(load_yaml(*path.split("/")), source=f"data/{path}")
