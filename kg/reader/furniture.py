"""Page-furniture removal (reader stage, after normalization, before metadata).

Navigation, share buttons, related-link blocks, copyright notices, captchas and
editor credits are not article text (annotation guide §4). The patterns are data
(``data/reader/furniture.yaml``); this module only applies them, line by line:

- ``trailer`` rules: a heading such as 相关内容 in the second half of the text opens
  the page trailer; it and everything after it go;
- ``line`` rules: a short line that matches as a whole goes;
- ``tail`` rules: the end of a line that matches is cut (credits glued to the last
  paragraph), the rest of the line stays.

A line longer than the rule's ``max_len`` is never dropped whole, so an article
that a page put on a single line cannot disappear. What ``meta: true`` rules remove
is returned in ``meta_text`` for the metadata reader.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Sequence

from kg.reader.rules import FurnitureRule

log = logging.getLogger("kg")

TRAILER_FROM = 0.5   # a trailer heading counts only after this share of the text


@dataclass(frozen=True)
class Cleaned:
    lines: tuple[str, ...]
    meta_text: tuple[str, ...] = ()
    removed: tuple[tuple[str, str], ...] = ()   # (rule id, removed text)


def _trailer_start(lines: Sequence[str], rules: Sequence[FurnitureRule]) -> int:
    total = sum(len(ln) for ln in lines) or 1
    seen = 0
    for i, line in enumerate(lines):
        if seen / total >= TRAILER_FROM:
            for rule in rules:
                if len(line) <= rule.max_len and rule.regex.fullmatch(line):
                    return i
        seen += len(line)
    return len(lines)


def _line_rule(line: str, rules: Sequence[FurnitureRule]) -> FurnitureRule | None:
    for rule in rules:
        if len(line) <= rule.max_len and rule.regex.fullmatch(line):
            return rule
    return None


def _cut_tails(line: str, rules: Sequence[FurnitureRule]) -> tuple[str, list[tuple[FurnitureRule, str]]]:
    cuts: list[tuple[FurnitureRule, str]] = []
    changed = True
    while changed and line:
        changed = False
        for rule in rules:
            m = rule.regex.search(line)
            if m and m.end() == len(line) and m.start() < len(line):
                cuts.append((rule, line[m.start():].strip()))
                line = line[: m.start()].rstrip()
                changed = True
    return line, cuts


def remove_furniture(lines: Sequence[str], rules: Sequence[FurnitureRule]) -> Cleaned:
    """Apply the furniture rules to normalized ``lines``; see the module docstring."""
    by_kind = {k: [r for r in rules if r.kind == k] for k in ("line", "tail", "trailer")}
    end = _trailer_start(lines, by_kind["trailer"])
    removed: list[tuple[str, str]] = [("trailer", ln) for ln in lines[end:]]
    meta: list[str] = []
    kept: list[str] = []
    for line in lines[:end]:
        rule = _line_rule(line, by_kind["line"])
        if rule is None:
            line, cuts = _cut_tails(line, by_kind["tail"])
        else:
            line, cuts = "", [(rule, line)]
        for cut_rule, text in cuts:
            removed.append((cut_rule.id, text))
            if cut_rule.meta:
                meta.append(text)
        if line:
            kept.append(line)
    for rule_id, text in removed:
        log.debug("furniture %s: %r", rule_id, text[:80])
    return Cleaned(tuple(kept), tuple(meta), tuple(removed))
