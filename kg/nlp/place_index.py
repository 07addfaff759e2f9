"""The PLACE recognizer's data: rules from ``data/lexicons/place_rules.yaml`` and the
index built over the national gazetteer (where ``kg.nlp.places`` looks names up)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Iterator

from kg.nlp.gazetteer import Division, Gazetteer, load_gazetteer
from kg.nlp.lexicons import load_yaml, reject_unknown_keys

HAN_RUN_END = re.compile(r"[\u3400-\u9fff]*\Z")  # searched with an end position: the Han run ending there
RANK = {"place.full": 0, "place.township": 1, "place.village": 1, "place.sub_short": 2,
        "place.zone": 2, "place.short": 3, "place.list": 4, "place.pattern": 5, "place.hamlet": 6}

@dataclass(frozen=True)
class PlaceRules:
    """The recognizer's data (see ``place_rules.yaml``); ``from_dict`` rejects unknown keys."""

    suffixes: dict[str, tuple[str, ...]]
    deictic_prefixes: tuple[str, ...]
    deictic_units: dict[str, str]
    stop: frozenset[str]
    short_stop: frozenset[str]
    blocked_after: tuple[str, ...]
    boundary_words: tuple[str, ...]
    generic_prefixes: tuple[str, ...]
    level_suffixes: dict[str, str]
    admin_chars: frozenset[str] = frozenset()
    suffix_words: tuple[str, ...] = ()
    lone_breakers: tuple[str, ...] = ()
    joined_organs: tuple[str, ...] = ()
    verb_names: frozenset[str] = frozenset()
    pattern_prefix: dict[str, int] = field(default_factory=lambda: {"min": 2, "max": 4})
    hamlets: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, d: dict) -> "PlaceRules":
        reject_unknown_keys(cls, d, "place rules")
        v = dict(d)
        v["suffixes"] = {lv: tuple(sorted(s, key=len, reverse=True)) for lv, s in d.get("suffixes", {}).items()}
        for k in ("deictic_prefixes", "blocked_after", "boundary_words", "generic_prefixes", "suffix_words",
                  "lone_breakers", "joined_organs"):
            v[k] = tuple(d.get(k, ()))
        for k in ("stop", "short_stop", "admin_chars", "verb_names"):
            v[k] = frozenset(d.get(k, ()))
        v["hamlets"] = {k: tuple(w) for k, w in d.get("hamlets", {}).items()}
        v.setdefault("deictic_units", {})
        v.setdefault("level_suffixes", {})
        return cls(**v)

    @classmethod
    def load(cls, path: str | Path | None = None) -> "PlaceRules":
        if path:
            import yaml

            return cls.from_dict(yaml.safe_load(Path(path).read_text(encoding="utf-8")))
        return cls.from_dict(load_yaml("lexicons", "place_rules.yaml"))


@dataclass(slots=True)
class Hit:
    """A proposal while matching: ``divs`` narrows as the hierarchy is resolved."""

    start: int
    end: int
    rule: str
    divs: list[Division]
    name: str = ""
    level: str = ""
    weak: bool = False  # an unchained table name with a doubtful stem: needs support
    supported: bool = False
    lone: bool = False  # an unchained table name: dropped when all the article's other places lie elsewhere
    related: bool = False


AUTONOMOUS = {"自治县": "县", "自治旗": "旗", "自治州": "州"}  # the level word a short form takes colloquially


class PlaceIndex:
    """Dictionaries built once from a gazetteer and the rules (the component keeps one)."""

    def __init__(self, gaz: Gazetteer, rules: PlaceRules, district_shorts: bool = False):
        self.gaz, self.rules = gaz, rules
        self.full: dict[str, list[Division]] = {}
        self.short: dict[str, list[Division]] = {}
        colloquial: dict[str, list[Division]] = {}  # 恭城县 for 恭城瑶族自治县, 延边州 for 延边朝鲜族自治州
        for div, shorts in gaz.upper_divisions():
            self.full.setdefault(div.name, []).append(div)
            if district_shorts or not (div.level == "county" and div.name.endswith("区")):
                for s in shorts:
                    if s not in rules.short_stop:
                        self.short.setdefault(s, []).append(div)
                    if div.name.endswith(tuple(AUTONOMOUS)):  # 石柱县 even where 石柱 alone is a word
                        colloquial.setdefault(s + AUTONOMOUS[div.name[-3:]], []).append(div)
        for name, divs in colloquial.items():  # read as full names (they end in a level word), unless a division has that name
            if name not in self.full:
                self.full[name] = divs
        self.edges, self.common = _words(gaz.directory / "edge_words.txt"), _words(gaz.directory / "common_words.txt")
        units = "|".join(sorted(rules.deictic_units, key=len, reverse=True))
        self.deictic = re.compile(f"(?:{'|'.join(rules.deictic_prefixes)})(?:{units})")
        self.zone = rules.suffixes.get("zone", ())
        self._subs: dict[str, dict[str, Division]] = {}
        self._table: dict[str, dict[str, tuple[Division, ...]]] = {}  # level -> name -> divisions
        self._runs: dict[tuple[str, int, str], tuple[int, ...]] = {}  # see table_stems

    @cached_property
    def automaton(self):
        """An Aho-Corasick automaton over every full name and short form, spelled in
        code units (see ``names_in``)."""
        import ahocorasick

        auto = ahocorasick.Automaton()
        for name in {*self.full, *self.short}:
            auto.add_word(_code_units(name), name)
        auto.make_automaton()
        return auto

    def names_in(self, text: str) -> Iterator[tuple[int, str]]:
        """``(start, name)`` for every occurrence of a full name or short form, in the
        automaton's order (by end, then longest first). The scan reads each character as
        four byte-sized code units: pyahocorasick finds a node's child by a linear search,
        and a node then has at most 256 children instead of a thousand first characters."""
        for last, name in self.automaton.iter(_code_units(text)):
            if last % 4 == 3:  # ends on a character boundary, so it starts on one
                yield last // 4 - len(name) + 1, name

    def suffix_patterns(self, level: str) -> tuple[re.Pattern[str], ...]:
        """One compiled pattern per suffix of ``level``, longest suffix first."""
        return self._suffix_patterns[level]

    @cached_property
    def _suffix_patterns(self) -> dict[str, tuple[re.Pattern[str], ...]]:
        return {lv: tuple(re.compile(re.escape(s)) for s in sufs) for lv, sufs in self.rules.suffixes.items()} \
            | {lv: () for lv in ("county", "township", "village") if lv not in self.rules.suffixes}

    @cached_property
    def hamlet_suffix(self) -> re.Pattern[str]:
        """The suffixes of places below the village (村民小组, 自然村, 屯 …), longest first."""
        words = sorted(self.rules.hamlets.get("suffixes", ()), key=len, reverse=True)
        return re.compile("|".join(map(re.escape, words))) if words else re.compile(r"(?!)")

    @cached_property
    def stem_tail(self) -> re.Pattern[str]:
        """Searched with an end position: the run of Han characters without ``admin_chars``
        that ends there (the longest stem a pattern name may have)."""
        admin = "".join(sorted(self.rules.admin_chars))
        return re.compile(rf"(?:(?![{re.escape(admin)}])[\u3400-\u9fff])*\Z" if admin else r"[\u3400-\u9fff]*\Z")

    TABLE_CACHE = 200_000  # remembered look-ups per level, hits and misses alike

    def table_divs(self, name: str, level: str) -> tuple[Division, ...]:
        """Townships or villages of that exact name; memoized across articles, as the
        same candidate strings (某某村) recur and each look-up bisects the tables."""
        memo = self._table.setdefault(level, {})
        found = memo.get(name)
        if found is None:
            if level == "village":
                found = tuple(Division(c, name, "village", c[:9]) for c in self.gaz.village_codes(name))
            else:
                found = tuple(d for d in map(self.gaz.get, self.gaz.codes_of_name(name)) if d and d.level == level)
            if len(memo) >= self.TABLE_CACHE:
                memo.clear()
            memo[name] = found
        return found

    def table_stems(self, window: str, stem: int, level: str) -> tuple[int, ...]:
        """The offsets into ``window`` (text ending with a suffix that starts at ``stem``),
        nearest the suffix first, where ``window[offset:]`` is a run of Han characters
        naming townships or villages of ``level`` (``table_divs`` gives them). Memoized per
        window across articles, as the same characters recur before a 村 or 镇 (乡村振兴);
        the memo holds plain numbers, which the garbage collector does not walk."""
        key = (window, stem, level)
        found = self._runs.get(key)
        if found is None:
            first = HAN_RUN_END.search(window, 0, stem).start()
            found = tuple(k for k in range(stem - 1, first - 1, -1) if self.table_divs(window[k:], level))
            if len(self._runs) >= self.TABLE_CACHE:
                self._runs.clear()
            self._runs[key] = found
        return found

    def sub_shorts(self, code: str) -> dict[str, Division]:
        """Township short forms under a county or city ({三岔河: 三岔河镇}), unique ones only."""
        if code not in self._subs:
            kids = self.gaz.children(code)
            if len(code) == 4:
                kids = [t for c in kids if c.level == "county" for t in self.gaz.children(c.code)]
            seen: dict[str, list[Division]] = {}
            for t in kids:
                for s in self.gaz.shorts_of(t.code):
                    seen.setdefault(s, []).append(t)
            self._subs[code] = {s: ts[0] for s, ts in seen.items() if len(ts) == 1}
        return self._subs[code]


def _code_units(text: str) -> str:
    """``text`` as UTF-32 code units, one character per byte (four per character)."""
    return text.encode("utf-32-be", "surrogatepass").decode("latin-1")


def _words(path: Path) -> frozenset[str]:
    return frozenset(path.read_text(encoding="utf-8").split()) if path.exists() else frozenset()


@lru_cache(maxsize=4)
def _default_index(gaz_dir: Path | None, rules_path: str | None, district_shorts: bool) -> PlaceIndex:
    return PlaceIndex(load_gazetteer(gaz_dir), PlaceRules.load(rules_path), district_shorts)


def default_index() -> PlaceIndex:
    return _default_index(None, None, False)


# -- guards ---------------------------------------------------------------------------
