"""Deictic reference: 我市, 全县, 该镇, 本村 … and the place an article is about.

Deictic mentions are not entities (annotation guide §1); they point at a named
place, and relations or metrics made through them attach to that place. The
article's *scope* is chosen from the title's places, the outlet's name (某某日报
writing 我市 → 某某市, even when the body never names it), the levels the deictic
words imply, and how often each place is named. Pure functions; the entity
resolver calls them.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from kg.records import Entity, Mention

# the look-ahead only lets the search skip the characters no deictic starts with
DEICTIC = re.compile(r"(?=[我本全该此这])(?<![\u4e00-\u9fff]{2}[区县市])(我|本|全|该|此|这个)"
                     r"(省|自治区|市|州|盟|县|区|旗|镇|乡|街道|村|社区)(?![域委长级])")
LEVEL_OF = {"省": "province", "自治区": "province", "市": "city", "州": "city", "盟": "city", "县": "county",
            "区": "county", "旗": "county", "镇": "township", "乡": "township", "街道": "township",
            "村": "village", "社区": "village", "嘎查": "village"}
OUTLET_SUFFIXES = ("日报", "晚报", "都市报", "广播电视台", "电视台", "融媒体中心", "新闻网", "发布", "手机报", "党建",
                   "组工", "先锋")


@dataclass(frozen=True)
class Deictic:
    start: int
    end: int
    level: str
    scoping: bool = True  # 我县, 全县 say what the article is about; 村里, 镇里 only point nearby


def _local(text: str) -> list[Deictic]:
    """镇里坚持…, 村里组建了…: a level word and 里 opening a clause mean this township, this
    village (not 城镇里, 农村里, nor the idiom 乡里乡亲). Found from each 里, which is rare."""
    out = []
    i = text.find("里", 1)
    while i > 0:
        level = text[i - 1]
        if level in "县市区镇乡村" and not (i >= 2 and "\u4e00" <= text[i - 2] <= "\u9fff") \
                and not text.startswith("乡亲", i + 1):
            out.append(Deictic(i - 1, i + 1, LEVEL_OF[level], scoping=False))
        i = text.find("里", i + 1)
    return out


def find_deictics(text: str) -> list[Deictic]:
    found = [Deictic(m.start(), m.end(), LEVEL_OF[m.group(2)]) for m in DEICTIC.finditer(text)]
    return sorted(found + _local(text), key=lambda d: d.start)


def compatible(level: str, place: Entity) -> bool:
    """Whether a deictic level can mean ``place`` (市 also names county-level cities)."""
    plevel = place.attrs.get("level")
    if plevel == level:
        return True
    return level == "city" and plevel == "county" and place.name.endswith("市") or (
        level == "county" and plevel == "zone")


def outlet_place(meta: dict, text: str, gazetteer) -> tuple[str, object] | None:
    """(short form, Division) named by the outlet: 某某日报 → 某某市 (of a city and its district
    or county of the same name, 黄山市 and 黄山区, the city)."""
    names = [meta.get("source") or ""] + re.findall(r"([\u4e00-\u9fff]{2,6}?)(?:日报|晚报|电视台|融媒体中心)", text[:300])
    for name in names:
        for part in re.split(r"[、,，\s]", name):
            short = part
            for suf in OUTLET_SUFFIXES:
                if short.endswith(suf):
                    short = short[: -len(suf)]
                    break
            short = re.sub(r"^中共", "", short)
            for k in range(len(short), 1, -1):
                divs = gazetteer.by_short(short[:k]) or gazetteer.lookup(short[:k])
                divs = [d for d in divs if d.level in ("province", "city", "county")]
                if len(divs) > 1:  # a city and its district or county of the name (黄山市, 黄山区): the city
                    divs = [d for d in divs if d.level == "city" and all(o.code[:4] == d.code[:4] for o in divs)]
                if len(divs) == 1:
                    return short[:k], divs[0]
    return None


def choose_scope(text: str, meta: dict, places: list[Entity], deictics: list[Deictic],
                 gazetteer=None, departments: Counter | None = None) -> Entity | None:
    """The place the article is about; may be a new entity (from the outlet's name).
    ``departments``: the levels of the organizations named without their place (县民政局,
    县财政局: county), which speak for a place of that level as deictics do."""
    levels = Counter(d.level for d in deictics if d.level != "village" and d.scoping)
    levels.update(departments or ())
    title_start, title_end = _title_span(text, meta.get("title") or text.split("\n", 1)[0][:60])
    scores: dict[str, float] = {}
    titled = [p for p in places if any(title_start <= m.start < title_end for m in p.mentions)]
    shared = _shared_by_title(titled, places)
    for p in places:
        s = min(len(p.mentions), 6) * 0.5
        if p is shared:
            s += 3
        elif p in titled:
            s += 1 if shared else 3  # a title naming several places of one level is about their holder
        for level, n in levels.items():
            if compatible(level, p):
                s += 2 + min(n, 5)
        scores[p.id] = s
    outlet = outlet_place(meta, text, gazetteer) if gazetteer is not None else None
    if outlet:
        short, div = outlet
        existing = next((p for p in places if p.attrs.get("adcode") == div.code or p.name == div.name), None)
        if existing is not None:
            scores[existing.id] = scores.get(existing.id, 0) + 3
        elif (meant := [level for level in levels if compatible(level, _shell(div))]) \
                and _same_province(div.code, places) \
                and not any(p.attrs.get("adcode", "").startswith(div.code) and p.attrs["adcode"] != div.code
                            and all(compatible(level, p) for level in meant)
                            and any(title_start <= m.start < title_end for m in p.mentions) for p in places):
            # (a county-level city inside the outlet's city that the title names is what 全市 means there)
            ent = _shell(div)
            ent.aliases = [div.name, short]
            return ent
    if not scores:
        return None
    best = max(places, key=lambda p: (scores[p.id], -min(m.start for m in p.mentions) if p.mentions else 0))
    return best


def _title_span(text: str, title: str) -> tuple[int, int]:
    """Where the title stands in ``text`` (an e-paper's masthead may come before it); a title
    with its subtitle (某某——记某村某某) may stand on two lines, the subtitle's dash opening
    the second."""
    if not title:
        return 0, 0
    if (start := text.find(title)) >= 0:
        return start, start + len(title)
    main, dash, sub = title.partition("——")
    start = text.find(main) if main else -1
    if start < 0:
        return 0, 0
    end = text.find(sub, start + len(main)) if dash and sub else -1
    return start, (end + len(sub) if 0 <= end <= start + len(main) + 8 else start + len(main))


def _shared_by_title(titled: list[Entity], places: list[Entity]) -> Entity | None:
    """When the title names two or more places of one level (某县领导到甲镇乙镇调研), the
    place of the article that holds them all, if any: the title is about it, not one of them."""
    codes = [p.attrs.get("adcode") for p in titled if p.attrs.get("adcode")]
    levels = Counter(p.attrs.get("level") for p in titled if p.attrs.get("adcode"))
    if not codes or max(levels.values()) < 2:
        return None
    holders = [p for p in places if p.attrs.get("adcode") and p not in titled
               and all(c.startswith(p.attrs["adcode"]) and c != p.attrs["adcode"] for c in codes)]
    return max(holders, key=lambda p: len(p.attrs["adcode"]), default=None)


def _same_province(code: str, places: list[Entity]) -> bool:
    """Whether an outlet's place may be the article's: in the province of the places the
    article names with a code, if any (华龙网 is no 华龙区 in an article about 重庆)."""
    provinces = {p.attrs["adcode"][:2] for p in places if p.attrs.get("adcode")}
    return not provinces or code[:2] in provinces


def _shell(div) -> Entity:
    return Entity(id="", type="PLACE", name=div.name, aliases=[div.name],
                  attrs={"level": div.level, "adcode": div.code})


def resolve_deictics(deictics: list[Deictic], scope: Entity | None, places: list[Entity]) -> list[tuple[Deictic, Entity]]:
    """Each deictic mention with the place it means: the scope when the level fits,
    else (该镇, 全村) the last place of that level named before it."""
    mentions = sorted(((m, p) for p in places for m in p.mentions), key=lambda mp: mp[0].start)
    out: list[tuple[Deictic, Entity]] = []
    for d in deictics:
        target = scope if scope is not None and compatible(d.level, scope) else None
        if target is None:
            prior = [p for m, p in mentions if m.end <= d.start and compatible(d.level, p)]
            if prior:
                target = prior[-1]
        if target is not None:
            out.append((d, target))
    return out


def deictic_mention(d: Deictic, text: str) -> Mention:
    return Mention(d.start, d.end, text[d.start:d.end], "deixis")
