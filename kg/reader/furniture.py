"""Page-furniture removal (reader stage, after normalization, before metadata).

Navigation, share buttons, related-link blocks, copyright notices, captchas and
editor credits are not article text (annotation guide §4). The patterns are data
(``data/reader/furniture.yaml``); this module only applies them, line by line:

- ``trailer`` rules: a heading such as 相关内容 in the second half of the text opens
  the page trailer; it and everything after it go;
- ``line`` rules: a short line that matches as a whole goes;
- ``tail`` rules: the end of a line that matches is cut (credits glued to the last
  paragraph), the rest of the line stays;
- a menu: four or more short lines of words alone in a row before the first line of
  prose (宁德要闻 / 县区新闻 / 党建在线 / 乡村振兴) go.

A line longer than the rule's ``max_len`` is never dropped whole, so an article
that a page put on a single line cannot disappear. What ``meta: true`` rules remove
is returned in ``meta_text`` for the metadata reader.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

from kg.reader.rules import FurnitureRule

log = logging.getLogger("kg")

TRAILER_FROM = 0.5   # a trailer heading counts only after this share of the text
# a menu before the article: a run of at least MENU_RUN short lines of words alone
# (宁德要闻 / 县区新闻 / 党建在线 / 乡村振兴), before the first line of prose
MENU_RUN = 4
MENU_ITEM = re.compile(r"[\u4e00-\u9fffA-Za-z ]{2,6}")
PROSE = re.compile(r"[^\n]{20,}[，。,]")


@dataclass(frozen=True)
class Cleaned:
    lines: tuple[str, ...]
    meta_text: tuple[str, ...] = ()
    removed: tuple[tuple[str, str], ...] = ()   # (rule id, removed text)


@dataclass(frozen=True)
class _Kind:
    """The rules of one kind as one alternation (one regex call per line, not one per rule)."""

    rules: tuple[FurnitureRule, ...]
    regex: re.Pattern[str] | None
    max_len: int

    def fullmatch(self, line: str) -> FurnitureRule | None:
        if self.regex is None or len(line) > self.max_len:
            return None
        m = self.regex.fullmatch(line)
        if m is None:
            return None
        rule = self.rules[int(next(k for k, v in m.groupdict().items() if v is not None)[1:])]
        if len(line) <= rule.max_len:
            return rule
        return next((r for r in self.rules if len(line) <= r.max_len and r.regex.fullmatch(line)), None)

    def search(self, line: str) -> tuple[FurnitureRule, re.Match[str]] | None:
        m = self.regex.search(line) if self.regex is not None else None
        if m is None:
            return None
        return self.rules[int(next(k for k, v in m.groupdict().items() if v is not None)[1:])], m


@lru_cache(maxsize=16)
def _kinds(rules: tuple[FurnitureRule, ...]) -> dict[str, _Kind]:
    kinds = {}
    for kind in ("line", "tail", "trailer"):
        mine = tuple(r for r in rules if r.kind == kind)
        alt = "|".join(f"(?P<r{i}>{r.pattern})" for i, r in enumerate(mine))
        kinds[kind] = _Kind(mine, re.compile(alt) if mine else None, max((r.max_len for r in mine), default=0))
    return kinds


def _trailer_start(lines: Sequence[str], trailer: _Kind) -> int:
    total = sum(len(ln) for ln in lines) or 1
    seen = 0
    for i, line in enumerate(lines):
        if seen / total >= TRAILER_FROM and trailer.fullmatch(line):
            return i
        seen += len(line)
    return len(lines)


def _cut_tails(line: str, tail: _Kind) -> tuple[str, list[tuple[FurnitureRule, str]]]:
    cuts: list[tuple[FurnitureRule, str]] = []
    while line:
        found = tail.search(line)
        if found is None or found[1].end() != len(line) or found[1].start() == len(line):
            break
        rule, m = found
        cuts.append((rule, line[m.start():].strip()))
        line = line[: m.start()].rstrip()
    return line, cuts


def _menu_lines(lines: Sequence[str]) -> set[int]:
    """The indexes of menu lines: runs of ``MENU_RUN`` or more short lines of words alone
    before the first line of prose (a roster of names after the article is no menu)."""
    out: set[int] = set()
    run: list[int] = []
    for i, line in enumerate([*lines, ""]):
        if MENU_ITEM.fullmatch(line.strip()):
            run.append(i)
            continue
        if len(run) >= MENU_RUN:
            out.update(run)
        run = []
        if PROSE.match(line):
            break
    return out


def remove_furniture(lines: Sequence[str], rules: Sequence[FurnitureRule]) -> Cleaned:
    """Apply the furniture rules to normalized ``lines``; see the module docstring."""
    kinds = _kinds(tuple(rules))
    end = _trailer_start(lines, kinds["trailer"])
    removed: list[tuple[str, str]] = [("trailer", ln) for ln in lines[end:]]
    meta: list[str] = []
    kept: list[str] = []
    menu = _menu_lines(lines[:end])
    removed += [("menu", lines[i]) for i in sorted(menu)]
    for line in (ln for i, ln in enumerate(lines[:end]) if i not in menu):
        rule = kinds["line"].fullmatch(line)
        if rule is None:
            line, cuts = _cut_tails(line, kinds["tail"])
        else:
            line, cuts = "", [(rule, line)]
        for cut_rule, text in cuts:
            removed.append((cut_rule.id, text))
            if cut_rule.meta:
                meta.append(text)
        if line:
            kept.append(line)
    if log.isEnabledFor(logging.DEBUG):
        for rule_id, text in removed:
            log.debug("furniture %s: %r", rule_id, text[:80])
    return Cleaned(tuple(kept), tuple(meta), tuple(removed))
