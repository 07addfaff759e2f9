"""PART_OF: initiatives named as components of another.

Two sources:

- ``part_of.component``: the initiative recognizer found the names listed before the
  whole (市县干部“A”、镇街干部“B”…的“X”活动) and set their ``part_of``;
- ``part_of.trigger``: two initiatives next to each other in a clause, with a word
  between them that makes one a part of the other: A 纳入 B, A 作为 B 的重要内容,
  B 中的 A; or a list of initiatives as the parts: B 下设 A1、A2、A3, and
  把 A1、A2 作为行动的重点任务 after B in the sentence (the words are the rule's in
  ``data/rules/relations.yaml``); or the initiatives that open the items of an
  enumeration (一是实施“A”计划…；二是推行“B”机制…) after a lead naming one whole.

``wholes`` gives, per mention of a part, the mention of its whole: IMPLEMENTS lets a part
with no subject of its own go with its whole's actor.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from kg.nlp.initiatives import COUNT_MODIFIER, COUNTERS, NUMERALS
from kg.nlp.sentences import LIST_JOINER
from kg.nlp.wordscan import alternation
from kg.records import Relation
from kg.relations.implements import INITIATIVES
from kg.relations.rules import RelationRule
from kg.relations.view import DocView, Spot

QUOTES = "“”‘’\"'「」『』《》 "
CLAUSE_BREAK = re.compile(r"[，,。！？!?；;：:\n]")
NOT_A_LEAD = re.compile(r"[不未没非无，,。！？!?；;：:\n]")  # a negation or a break before a list trigger
LIST_GAP = re.compile(rf"^{LIST_JOINER}?$")  # between two items of a list, quotes stripped
DESCRIBED_GAP = re.compile(rf"[\u4e00-\u9fff]{{1,4}}{LIST_JOINER}")  # “A”网格管理、“B”: between quoted items
HAN_RUN = re.compile(r"[\u4e00-\u9fff]*")
DEIXIS = r"(?:该|这一|此|这个|这项|此项|上述)"  # 该工程包括“A”“B”: the whole is named before


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


def _listed(view: DocView, spots: list[Spot], i: int) -> list[Spot]:
    """The initiatives listed from ``spots[i]`` on, each joined to the one before by 、/和/及 alone."""
    items = [spots[i]]
    for s in spots[i + 1:]:
        if s.start < items[-1].end:
            continue
        gap = view.text[items[-1].end:s.start]
        if not (LIST_GAP.match(gap.strip(QUOTES)) or (DESCRIBED_GAP.fullmatch(gap) and view.text[s.start] in "“「『"
                                                         and view.text[items[-1].end - 1] in "”」』")):
            break
        items.append(s)
    return items


def _list_whole(view: DocView, spots: list[Spot], i: int, rule: RelationRule) -> tuple[Spot, list[Spot], str] | None:
    """(whole, parts, trigger) when ``spots[i]`` opens a list of parts: B 下设 A1、A2, or
    把 A1、A2 作为(行动的)重点任务 with B the nearest initiative before 把 in the sentence."""
    b = spots[i]
    before = view.text[max(0, b.start - 8):b.start].rstrip(QUOTES)
    if i and spots[i - 1].end <= b.start:
        gap = view.text[spots[i - 1].end:b.start].strip(QUOTES)
        trigger = next((t for t in rule.list_triggers if gap.removesuffix("了").endswith(t)), None)
        lead = gap.removesuffix("了")[:-len(trigger)] if trigger else ""
        if trigger and len(lead) <= 4 and not NOT_A_LEAD.search(lead):  # B's head word may stand between
            return spots[i - 1], _listed(view, spots, i), trigger
    led = (_deictic_whole(view, spots, i, rule) or _subjectless_whole(view, spots, i, rule)
           or _framed_whole(view, spots, i, rule) or _sub_counted_whole(view, spots, i))
    if led is not None:
        return led
    marker = next((m for m in rule.list_markers if before.endswith(m)), None)
    if marker is None:
        return None
    parts = _listed(view, spots, i)
    raw = view.text[parts[-1].end:parts[-1].end + rule.max_gap + 12]
    after = raw.lstrip(QUOTES)
    lead = len(raw) - len(after)  # what stands between the list and ``after``
    if counted := COUNT_MODIFIER.match(after):  # 把A、B、C三项行动作为…: the list's count and kind
        k = next((k for k in range(counted.end(), counted.end() + 7) if after.startswith(rule.prefix_triggers, k)), None)
        if k is not None:
            after, lead = after[k:], lead + k
    clause = CLAUSE_BREAK.split(after, 1)[0]
    trigger = next((t for t in rule.prefix_triggers if after.startswith(t)), None)
    if trigger is None or not any(w in clause for w in rule.part_words):
        return None
    j, clause_end = i + len(parts), parts[-1].end + lead + len(clause)
    if j < len(spots) and spots[j].start < clause_end:
        return None  # 把 A 作为 B 的重点任务: B is named, the pair rule has it
    start = view.sentence(b.start)[0]
    wholes = [s for s in spots[:i] if s.start >= start and s.end <= b.start - len(marker)]
    return (wholes[-1], parts, trigger) if wholes else None


@lru_cache(maxsize=8)
def _deictic_list_at(triggers: tuple[str, ...]) -> re.Pattern[str]:
    """该工程包括“ right before a list's first item: the deictic's head word and the trigger. A clause
    may open with the head word alone (，工程下设“)."""
    return re.compile(rf"(?:{DEIXIS}|(?<=[，,。：:；;]))([\u4e00-\u9fff]{{1,3}}?)(?:主要|具体)?({alternation(triggers)})了?[“「『]?$")


def _deictic_whole(view: DocView, spots: list[Spot], i: int, rule: RelationRule,
                   reach: int = 300) -> tuple[Spot, list[Spot], str] | None:
    """(whole, parts, trigger) for 该工程包括“A”“B”, or 工程下设“A”“B”: the whole is the nearest initiative named
    before, within ``reach`` characters, with the head word the deictic repeats (“X”工程)."""
    b = spots[i]
    m = _deictic_list_at(rule.list_triggers).search(view.text, max(0, b.start - 16), b.start)
    if m is None:
        return None
    head = m.group(1)
    for s in reversed(spots[:i]):
        if s.end > m.start():
            continue
        if s.end < m.start() - reach:
            break
        named = view.text[s.start:s.end].rstrip(QUOTES)
        after = view.text[s.end:s.end + 4 + len(head)]  # “X”治理机制: a modifier may stand before the head
        if named.endswith(head) or head in after[:HAN_RUN.match(after).end()]:
            return s, _listed(view, spots, i), m.group(2)
    return None


@lru_cache(maxsize=8)
def _clause_list_at(triggers: tuple[str, ...]) -> re.Pattern[str]:
    """，下设“ right before a list's first item: a clause that opens with the trigger."""
    return re.compile(rf"[，,](?:并|还|同时|其中)?({alternation(triggers)})了?[“「『]?$")


def _subjectless_whole(view: DocView, spots: list[Spot], i: int, rule: RelationRule) -> tuple[Spot, list[Spot], str] | None:
    """(whole, parts, trigger) for 开展“X”专项整治行动，聚焦…，下设“A”“B”: a clause opening with
    the trigger goes on with the sentence's subject and its initiative, the first one of the sentence."""
    b = spots[i]
    m = _clause_list_at(rule.list_triggers).search(view.text, max(0, b.start - 8), b.start)
    if m is None:
        return None
    start = view.sentence(b.start)[0]
    before = [s for s in spots[:i] if s.start >= start and s.end <= m.start()]
    return (before[0], _listed(view, spots, i), m.group(1)) if before else None  # the sentence's first: what it opens with


FRAME = re.compile(r"[”’」』]?[\u4e00-\u9fff]{0,4}?下[，,]")  # “X”模式下，: the frame's end


@lru_cache(maxsize=8)
def _frame_verb_at(verbs: tuple[str, ...]) -> re.Pattern[str]:
    """建立了“ right before a list's first item, in the clause after the frame."""
    return re.compile(rf"({alternation(verbs)})(?:了|起|出)?[“「『]?$")


def _framed_whole(view: DocView, spots: list[Spot], i: int, rule: RelationRule) -> tuple[Spot, list[Spot], str] | None:
    """(whole, parts, trigger) for 在“X”模式下，某县建立了“A”制度、“B”机制: the list that a verb
    of ``frame_verbs`` sets up in the clause after the frame 在 X 下 is X's parts."""
    if not rule.frame_verbs or not i:
        return None
    b = spots[i]
    verb = _frame_verb_at(rule.frame_verbs).search(view.text, max(0, b.start - 6), b.start)
    if verb is None:
        return None
    x = spots[i - 1]
    frame = FRAME.match(view.text, x.end)
    if frame is None or frame.end() > verb.start() or view.text[max(0, x.start - 2):x.start].rstrip(QUOTES)[-1:] != "在":
        return None
    if CLAUSE_BREAK.search(view.text, frame.end(), verb.start()):
        return None  # the verb is in the clause right after the frame
    return x, _listed(view, spots, i), "在…下"


SUB_COUNTED = re.compile(rf"[”」』]?等?{NUMERALS}{COUNTERS}?[子分](?:行动|项目|工程|活动|计划|任务|专项)")


def _sub_counted_whole(view: DocView, spots: list[Spot], i: int) -> tuple[Spot, list[Spot], str] | None:
    """(whole, parts, trigger) for 实施“X”行动，通过“A”“B”“C”四项子行动: a list counted as
    sub-actions (子行动, 子项目) is the parts of the initiative named before it in the sentence."""
    parts = _listed(view, spots, i)
    last = parts[-1]  # its mention may take in the count and head: “D”四项子行动
    close = max(view.text.rfind(q, last.start, last.end) for q in "”」』")
    m = SUB_COUNTED.match(view.text, close if close > last.start else last.end)
    if m is None or len(parts) < 2 or (i and spots[i] in _listed(view, spots, i - 1)):
        return None  # no count of sub-actions, or not the list's first item
    start = view.sentence(spots[i].start)[0]
    before = [s for s in spots[:i] if s.start >= start and s.end <= spots[i].start]
    return (before[-1], parts, m.group(0).lstrip("”」』等")) if before else None


ORDINALS = "一二三四五六七八九十"
ENUM_ITEM = re.compile(rf"(?:^|(?<=[。；;！？!?\n]))[ \u3000\t]*(?:([{ORDINALS}])是|[（(]([{ORDINALS}])[）)])", re.M)
ITEM_VERB = re.compile(r"[\u4e00-\u9fff]{0,6}[“「『]?")  # 一是实施“A”: the verb between the marker and the part


def _enumerations(text: str) -> list[list[re.Match[str]]]:
    """Runs of enumeration markers numbered 一, 二, 三 … in order, in one style (一是 or （一）)."""
    runs: list[list[re.Match[str]]] = []
    for m in ENUM_ITEM.finditer(text):
        n, style = ORDINALS.index(m.group(1) or m.group(2)), bool(m.group(1))
        last = runs[-1][-1] if runs else None
        if last is not None and bool(last.group(1)) == style and ORDINALS.index(last.group(1) or last.group(2)) == n - 1:
            runs[-1].append(m)
        elif n == 0:
            runs.append([m])
    return [r for r in runs if len(r) >= 2]


def _lead(view: DocView, at: int) -> tuple[int, int]:
    """What leads an enumeration starting at ``at``: its paragraph before it, else the paragraph before."""
    start = view.text.rfind("\n", 0, at) + 1
    if view.text[start:at].strip():
        return start, at
    end = start - 1
    while end > 0 and not view.text[view.text.rfind("\n", 0, end) + 1:end].strip():
        end = view.text.rfind("\n", 0, end)
    return max(0, view.text.rfind("\n", 0, end) + 1), max(end, 0)


def enumerated(view: DocView, spots: list[Spot]) -> list[tuple[Spot, list[Spot]]]:
    """(whole, parts) for a lead naming one initiative (某乡党委实施“X”工程…) followed by an
    enumeration whose items all open with an initiative (一是实施“A”计划…；二是推行“B”机制…)."""
    out = []
    for run in _enumerations(view.text):
        lead = _lead(view, run[0].start())
        named = [s for s in spots if lead[0] <= s.start and s.end <= lead[1]]
        if len({s.entity.id for s in named}) != 1:
            continue  # none, or several: which one the items belong to is not said
        whole, parts = named[-1], []
        for m in run:
            verb = ITEM_VERB.match(view.text, m.end())
            part = next((s for s in spots if verb.start() <= s.start <= verb.end()), None)
            if part is None or part.entity.id == whole.entity.id:
                break  # an item that opens with no initiative: a list of measures, not of parts
            parts.append(part)
        else:
            out.append((whole, parts))
    return out


def _listed_parts(view: DocView, spots: list[Spot], rule: RelationRule) -> Iterator[tuple[Spot, list[Spot], str]]:
    """(whole, parts, trigger) of every list of parts after its whole (B 下设 A1、A2) and of
    every enumeration under one (一是实施“A”…；二是…)."""
    for i in range(len(spots)):
        if (listed := _list_whole(view, spots, i, rule)) is not None:
            yield listed
    for whole, parts in enumerated(view, spots):
        yield whole, parts, "一是…二是"


def wholes(view: DocView, rule: RelationRule) -> dict[tuple[int, int], Spot]:
    """Per (start, end) of a part's mention listed after its whole or opening an item of an
    enumeration, the whole's mention."""
    spots = [s for s in view.spots if s.entity.type in INITIATIVES]
    return {(p.start, p.end): whole for whole, parts, _ in _listed_parts(view, spots, rule) for p in parts}


def triggered(view: DocView, rule: RelationRule) -> list[Relation]:
    spots = [s for s in view.spots if s.entity.type in INITIATIVES]
    out: dict[tuple[str, str], Relation] = {}

    def add(part: Spot, whole: Spot, trigger: str, at: int) -> None:
        key = (part.entity.id, whole.entity.id)
        if key not in out and part.entity.id != whole.entity.id:
            out[key] = Relation("PART_OF", part.entity.id, whole.entity.id, {"trigger": trigger}, rule.source,
                                view.evidence(at), rule.id)

    for a, b in zip(spots, spots[1:]):
        if b.start < a.end or a.entity.id == b.entity.id:
            continue
        found = _pair(view, a, b, rule)
        if found is not None:
            add(*found, a.start)
    for whole, parts, trigger in _listed_parts(view, spots, rule):
        for part in parts:
            add(part, whole, trigger, part.start)
    return list(out.values())
