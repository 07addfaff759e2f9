"""RECOGNIZED_AS from commendations: 授予甲、乙等同志“全县优秀共产党员”称号 gives each listed bearer
the quoted title, and a commendation list — a numbered heading naming a title (一、全县优秀共产党员)
and one bearer a line under it (某村党支部书记某某, 某乡党委) — gives it to each line's bearer,
by the full name the decision grants when the heading shortens it; a published list under
a heading 某市乡村振兴示范村名单 gives it to every bearer listed, several a line; and so does a
list in prose after 入选的某某示范村为：.
"""
from __future__ import annotations

import re

from kg.nlp.sentences import LIST_JOINER, SENTENCE_BREAK
from kg.records import Relation
from kg.relations.recognized import BEARERS, trigger_pattern
from kg.relations.rules import RelationRule
from kg.relations.view import DocView, Spot
from kg.spans import line_spans


GRANTED_TITLE = re.compile(r"[“「]([^”」\n]{2,30})[”」](?:荣誉)?称号")
LIST_ITEM_SEP = re.compile(r"%s|，|,|等" % LIST_JOINER)
HEADING = re.compile(r"(?m)^[ \t\u3000]*[一二三四五六七八九十]{1,3}[、.．][ \t\u3000]*([^\n，。；：:（(]{2,24}?)"
                     r"(?:[（(][\d一二三四五六七八九十]+[个名人位项家][）)])?[ \t\u3000]*$")  # 一、优秀共产党员（8名）


# a list published under a heading: 附件：2023年度某市乡村振兴示范村名单 (the year left out), maybe
# with its count after it
LIST_HEADING = re.compile(r"(?m)^[ \t\u3000]*(?:附件\d*[：:])?[ \t\u3000]*(?:\d{4}年度?)?([^\n，。；：:]{2,40}?)名单"
                          r"(?:[（(][^）)\n]{1,12}[）)])?[ \t\u3000]*$")  # …名单（6个）
# a list in prose: 入选的示范镇（街道）为：甲镇、乙镇。 (the designation is what was selected)
SELECTED = re.compile(r"(?:入选|获评|被命名|命名)的([^\n，。；：:、“”]{2,24}?)(?:名单)?(?:为|包括|有|是)[：:]")
LIST_SKIP = 2  # lines with no bearer right after a list heading: （共7个，排名不分先后）
LIST_LINE = 80  # a longer line is prose, not an item of the list


def _bearer_in(view: DocView, start: int, end: int) -> Spot | None:
    """The bearer an item of a commendation names: its person, else its (outermost)
    organization, else its innermost place."""
    spots = view.spots_in(start, end, *BEARERS)
    for kind in ("PERSON", "ORG"):
        found = [s for s in spots if s.entity.type == kind]
        if found:
            return found[-1] if kind == "PERSON" else max(found, key=lambda s: (s.end - s.start, s.start))
    return spots[-1] if spots else None


def _item_bearers(view: DocView, start: int, stop: int) -> list[Spot | None]:
    """The bearer of each item of the list in ``[start, stop)`` (甲村、乙村和丙村), None for an
    item that names none."""
    out, pos = [], start
    for sep in [*LIST_ITEM_SEP.finditer(view.text, start, stop), None]:
        end = sep.start() if sep else stop
        out.append(_bearer_in(view, pos, end))
        pos = sep.end() if sep else end
    return out


def _relation(view: DocView, bearer: Spot, designation: str, trigger: str, at: int, rule: RelationRule) -> Relation:
    return Relation("RECOGNIZED_AS", bearer.entity.id, designation, {"trigger": trigger}, rule.source,
                    view.evidence(at), rule.id)


def commendations(view: DocView, rule: RelationRule) -> list[Relation]:
    """Both kinds of commendation (see the module docstring); the heading list ends at a blank or
    long line, another heading, or a line whose bearer is of the other kind (person or body)."""
    text, out, seen = view.text, [], set()

    def add(bearer: Spot | None, designation: str, trigger: str, at: int) -> None:
        if bearer is not None and (bearer.entity.id, designation) not in seen:
            seen.add((bearer.entity.id, designation))
            out.append(_relation(view, bearer, designation, trigger, at, rule))

    for m in trigger_pattern(rule.triggers).finditer(text):
        title = GRANTED_TITLE.search(text, m.end(), min(len(text), m.end() + 200))
        if title is None or SENTENCE_BREAK.search(text, m.end(), title.start()):
            continue
        for bearer in _item_bearers(view, m.end(), title.start()):
            add(bearer, title.group(1), m.group(0), m.start())
    granted = [t.group(1) for t in GRANTED_TITLE.finditer(text)]
    for h in HEADING.finditer(text):
        if not h.group(1).endswith(rule.designation_heads):
            continue
        # the heading may shorten a title the decision grants in full (某县优秀共产党员)
        designation = next((t for t in granted if t.endswith(h.group(1))), h.group(1))
        kind = None
        for pos, end in line_spans(text, h.end() + 1):
            line = text[pos:end].strip()
            if not line or HEADING.match(text, pos) or len(line) > 40 or SENTENCE_BREAK.search(line):
                break
            bearer = _bearer_in(view, pos, end)
            if bearer is None or (kind is not None and (bearer.entity.type == "PERSON") != kind):
                break  # the list of persons (or bodies) ends: a signature, a date
            kind = bearer.entity.type == "PERSON"
            add(bearer, designation, "list", pos)
    for m in SELECTED.finditer(text):
        end = SENTENCE_BREAK.search(text, m.end())
        for bearer in _item_bearers(view, m.end(), end.start() if end else len(text)):
            add(bearer, m.group(1), "list", m.start())
    for h in LIST_HEADING.finditer(text):
        if h.group(1).endswith(rule.designation_heads) and not LIST_ITEM_SEP.search(h.group(1)):  # 甲、乙和丙名单: headings follow
            for bearer, at in _listed(view, h.end() + 1):
                add(bearer, h.group(1), "list", at)
    return out


def _listed(view: DocView, pos: int) -> list[tuple[Spot, int]]:
    """The bearers listed line by line from ``pos``, several a line (某镇（3个）：甲村、乙村): the
    items after a line's colon, each its bearer. The list ends at a blank line, a sentence,
    a line naming none or one naming a bearer of another type (the signature)."""
    text, out, skipped = view.text, [], 0
    for pos, end in line_spans(text, pos):
        line = text[pos:end].strip()
        if len(line) > LIST_LINE or SENTENCE_BREAK.search(line) or (not line and out) or HEADING.match(text, pos):
            break
        colon = max(text.rfind("：", pos, end), text.rfind(":", pos, end))
        item = colon + 1 if colon >= 0 else pos
        found = [(bearer, pos) for bearer in _item_bearers(view, item, end) if bearer is not None]
        if not found and line:
            skipped += 1
            if out or skipped > LIST_SKIP:
                break
        if out and any(b.entity.type != out[0][0].entity.type for b, _ in found):
            break  # the list of villages ends: the issuing office's signature
        out += found
    return out
