"""Recognizer for named initiatives: PROGRAM and MECHANISM (pipeline stage ``kg_initiatives``).

Three kinds of evidence, all driven by the lexicon ``data/lexicons/initiatives.yaml``:

1. a quoted name with a head word after it: “百村千户”活动, “清源”环境整治攻坚行动,
   “以地入股”“以房联营”的利益联结方式 — the head gives the type;
2. a bare quoted name that reads as a named practice: a numeric slogan (三议一审),
   a name ending in a head word (“乡贤回归工程”), a name right after a trigger verb
   (实行“…”), a quoted heading opening a paragraph, or a component listed before
   a program (“进村走访”、…的“双联”活动);
3. an unquoted name ending in a head word (实施村级…优化提升工程), cut on the left at
   a trigger verb, function word or punctuation.

The canonical name follows the annotation guide: the quoted core without quotes
(“百村千户”活动 → 百村千户), or quote + modifier + head when words stand between the
quote and the head (“清源”环境整治攻坚行动 → 清源环境整治攻坚行动).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from kg.nlp.extensions import text_of
from kg.nlp.candidates import Candidate, make_attrs
from kg.nlp.component import Recognizer
from kg.nlp.lexicons import load_yaml, longest_first, reject_unknown_keys
from kg.nlp.sentences import END_MARKS, LIST_JOINER, SENTENCE_BREAK
from kg.nlp.wordscan import alternation, first_ending, longest_word, occurrences
from kg.spans import overlaps_any

OPEN_QUOTES = "“「『‘"
CLOSE_QUOTES = "”」』’"
HAN = re.compile(r"[\u3400-\u9fff]")
SENTENCE_END = END_MARKS | {"\n"}
CHAIN_GAP = re.compile(rf"^(?:{LIST_JOINER}|，|,)?$")
AFTER_HEAD_OK = set("的和与及等为在中上下以来后将被已落推取深有实，。；、,.;:：！？!?）)”") | {""}
# and after a head of two or more characters, the first character of a verb that relates it to
# another initiative or says what it is: “A”计划作为…, “A”模式成为…/是…, “A”工程纳入/列入/融入/嵌入…
# (制作, 制成 keep the one-character head 制 out), or that lists its parts: “A”行动包括/包含/涵盖/分为…
AFTER_LONG_HEAD_OK = AFTER_HEAD_OK | set("作成纳列融嵌是包涵分")
# and, after a head of two or more characters, what tells the time of the initiative itself:
# “A”行动开展以来, “A”工程启动后, “A”活动第一场/首场 (not 开展 alone: “A+B”方式开展培训)
AFTER_LONG_HEAD_WORDS = ("开展以来", "开展后", "开展中", "开展期间", "启动以来", "启动后", "启动仪式", "运行以来",
                         "第一", "首场", "首期", "首批", "覆盖")
NUMERAL_CHARS = r"一二两三四五六七八九十\d"
NUMERALS = rf"[{NUMERAL_CHARS}]+"
COUNTERS = "[个项大条类]"
COUNTED_BY = "个家项处座所"  # what a counted noun phrase's measure word is (30个村发展…项目)
COUNTED = re.compile(rf"[{NUMERAL_CHARS}百千万]+[{COUNTED_BY}]$")
COUNT_MODIFIER = re.compile(NUMERALS + COUNTERS)  # “A”“B”“C”三项工程: the list's count
SUB_COUNT = re.compile(NUMERALS + COUNTERS + "?[子分]")  # “A”“B”四个子行动: the count of a whole's parts


def _ends_name(text: str, end: int, head: str) -> bool:
    """A name may end at ``end``, after ``head``: the next character is not one that continues a word."""
    nxt = text[end:end + 1]
    if len(head) > 1:
        return nxt in AFTER_LONG_HEAD_OK or not HAN.match(nxt) or text.startswith(AFTER_LONG_HEAD_WORDS, end)
    return nxt in AFTER_HEAD_OK or not HAN.match(nxt)
GENERIC_CORES = {
    "工作", "管理", "考核", "长效", "运行", "监督", "激励", "保障", "服务", "治理", "建设", "发展", "各项",
    "相关", "这一", "此项", "该项", "这项", "专项", "重点", "领导", "责任", "联动", "协调", "组织", "制度",
    "工作运行", "体制", "改革", "示范", "培训", "帮扶", "结对", "考评", "评价", "管理服务", "内部", "这种",
    "这个", "一种", "新型", "有效", "良好", "完善", "健全", "常态", "长期", "日常", "具体", "各类", "多种",
}


@dataclass(frozen=True)
class InitiativeLexicon:
    program_heads: tuple[str, ...]
    mechanism_heads: tuple[str, ...]
    quote_only_heads: frozenset[str]
    triggers: tuple[str, ...]
    program_cues: tuple[str, ...]
    left_stops: frozenset[str]
    leading_modifiers: tuple[str, ...]
    general_terms: frozenset[str]
    numerals: str
    numeral_words: tuple[str, ...] = ()
    platform_heads: tuple[str, ...] = ()
    whole_before: tuple[str, ...] = ()

    @classmethod
    def from_dict(cls, d: dict) -> "InitiativeLexicon":
        reject_unknown_keys(cls, d, "initiatives lexicon")
        return cls(
            program_heads=longest_first(d["program_heads"]),
            mechanism_heads=longest_first(d["mechanism_heads"]),
            quote_only_heads=frozenset(d.get("quote_only_heads", ())),
            triggers=longest_first(d["triggers"]),
            program_cues=tuple(d.get("program_cues", ())),
            left_stops=frozenset(d.get("left_stops", ())),
            leading_modifiers=longest_first(d.get("leading_modifiers", ())),
            general_terms=frozenset(d.get("general_terms", ())),
            numerals=str(d.get("numerals", "")),
            numeral_words=tuple(d.get("numeral_words", ())),
            platform_heads=tuple(d.get("platform_heads", ())),
            whole_before=tuple(d.get("whole_before", ())),
        )

    @cached_property
    def long_stops(self) -> tuple[str, ...]:
        return tuple(w for w in self.left_stops if len(w) >= 2)

    @cached_property
    def _heads(self) -> dict[bool, tuple[tuple[tuple[str, ...], str], ...]]:
        """Per ``quoted``: each type's heads, longest first (outside quotes without the
        quote-only heads)."""
        return {quoted: tuple((tuple(h for h in heads if quoted or h not in self.quote_only_heads), typ)
                              for heads, typ in ((self.program_heads, "PROGRAM"), (self.mechanism_heads, "MECHANISM")))
                for quoted in (False, True)}

    @cached_property
    def _head_patterns(self) -> dict[bool, tuple[tuple[re.Pattern[str], str], ...]]:
        """Per ``quoted``: one pattern per type over its heads (``_heads``)."""
        return {quoted: tuple((longest_word(heads), typ) for heads, typ in self._heads[quoted]) for quoted in (False, True)}

    @cached_property
    def head_words(self) -> tuple[str, ...]:
        """The distinct head words (PROGRAM and MECHANISM)."""
        return tuple(dict.fromkeys(self.program_heads + self.mechanism_heads))

    @cached_property
    def trigger_in(self) -> re.Pattern[str]:
        return longest_word(self.triggers)

    def head_at(self, text: str, pos: int, quoted: bool) -> tuple[str, str] | None:
        """The longest head word starting at ``pos`` and its type."""
        best: tuple[str, str] | None = None
        for pattern, typ in self._head_patterns[quoted]:
            m = pattern.match(text, pos)
            if m and (best is None or len(m.group()) > len(best[0])):
                best = (m.group(), typ)
        return best

    def head_suffix(self, name: str, quoted: bool = False) -> tuple[str, str] | None:
        """The head word ``name`` ends with, if any (longest)."""
        best: tuple[str, str] | None = None
        for heads, typ in self._heads[quoted]:
            h = first_ending(name, len(name), heads, start=1)
            if h is not None and (best is None or len(h) > len(best[0])):
                best = (h, typ)
        return best


def load_lexicon() -> InitiativeLexicon:
    return InitiativeLexicon.from_dict(load_yaml("lexicons", "initiatives.yaml"))


@dataclass(frozen=True)
class Quote:
    start: int  # index of the opening quote
    end: int  # index after the closing quote

    def inner(self, text: str) -> str:
        return text[self.start + 1:self.end - 1]


OPEN_QUOTE = re.compile(f"[{OPEN_QUOTES}]")


def find_quotes(text: str, max_len: int = 40) -> list[Quote]:
    """Top-level “…” spans (nested ‘’ stay inside); unclosed or overlong quotes are dropped."""
    out: list[Quote] = []
    n = len(text)
    m = OPEN_QUOTE.search(text)
    while m:
        i = m.start()
        close = CLOSE_QUOTES[OPEN_QUOTES.index(text[i])]
        j = text.find(close, i + 1, min(n, i + max_len + 2))
        if j > i + 1 and not SENTENCE_BREAK.search(text, i + 1, j):
            out.append(Quote(i, j + 1))
            m = OPEN_QUOTE.search(text, j + 1)
        else:
            m = OPEN_QUOTE.search(text, i + 1)
    return out


QUOTE_OR_SPACE = re.compile(r"[“”‘’「」『』\"'\s]")
LINK_AT_END = re.compile(r"[了的起出]$")
COORDINATED = re.compile(r"[”」]([\u4e00-\u9fff]{0,4}?)%s$" % LIST_JOINER)  # “A”制度和| before a quote


def _clean(name: str) -> str:
    return QUOTE_OR_SPACE.sub("", name)


COUNTER_AFTER_NUMERAL = set("个大方项类支批名次里位")


def _is_numeric_slogan(core: str, lex: InitiativeLexicon) -> bool:
    """三议一审, 五事共商, 一码通办 — but not 四大产业, 五个方面, 十里长廊, 第一."""
    if not core or core[0] not in lex.numerals or core.startswith(lex.numeral_words):
        return False
    k = 0
    while k < len(core) and core[k] in lex.numerals:
        k += 1
    if k >= len(core) or core[k] in COUNTER_AFTER_NUMERAL:
        return False
    return 3 <= len(core) <= 14


def _trigger_before(text: str, pos: int, lex: InitiativeLexicon, depth: int = 0) -> bool:
    """A trigger verb right before ``pos`` (了, 的, 起 or 出 may stand between), or before the
    quoted name this one is coordinated with (推行“A”制度和“B”评比: B is 推行's too)."""
    before = text[max(0, pos - 8):pos]
    before = LINK_AT_END.sub("", before)
    if before.endswith(lex.triggers):
        return True
    m = COORDINATED.search(text, max(0, pos - 16), pos) if depth < 3 else None
    if m is None or (m.group(1) and m.group(1) not in lex.head_words and m.group(1) not in GENERIC_CORES):
        return False  # “A”制度和, “A”管理和: a head or a generic word after A; not “A”的时候和
    opened = max(text.rfind(q, max(0, m.start() - 32), m.start()) for q in "“「")
    return opened >= 0 and _trigger_before(text, opened, lex, depth + 1)


def _heading(text: str, q: Quote) -> bool:
    """A quoted name opening a sentence and followed by a short phrase: “五事共商”聚民心。"""
    at_start = q.start == 0 or text[q.start - 1] in "。！？；;\n " or text[max(0, q.start - 1)] == "\u3000"
    m = re.match(r"[\u3400-\u9fff]{2,8}[。！；]", text[q.end:q.end + 10])
    return at_start and m is not None


def _head_after(text: str, q: Quote, lex: InitiativeLexicon) -> tuple[int, str, str, str] | None:
    """(end, modifier, head, type) when a head word follows the quote: “X”[的][modifier]head."""
    pos = q.end
    linked = text.startswith("的", pos)
    if linked:
        pos += 1
    for k in range(0, 9):
        if pos + k >= len(text) or (k and not HAN.match(text[pos + k - 1])):
            break
        found = lex.head_at(text, pos + k, quoted=True)
        if found:
            head, typ = found
            end = pos + k + len(head)
            modifier = text[pos:pos + k]
            if lex.trigger_in.search(modifier):
                return None  # “某某”举办某某活动: a verb between, not a modifier
            if _ends_name(text, end, head) or SUB_COUNT.fullmatch(modifier):  # 四个子行动组织实施
                return end, ("的" if linked else "") + modifier, head, typ
    return None


def find_initiatives(text: str, lex: InitiativeLexicon) -> list[Candidate]:
    """All PROGRAM/MECHANISM candidates in ``text`` (pure)."""
    cands: list[Candidate] = []
    quotes = find_quotes(text)
    chains = _chains(text, quotes)
    for chain in chains:
        cands.extend(_quoted_chain(text, chain, lex))
    cands = _mark_components(text, cands, quotes, lex)
    cands = _typed_like_whole(text, cands)
    covered = sorted((c.start, c.end) for c in cands)
    cands.extend(_unquoted(text, lex, quotes, covered))
    cands.extend(_systems(text, lex, quotes, sorted((c.start, c.end) for c in cands)))
    return cands


NOT_SYSTEM_BEFORE = set("机体编控管限抵强法专研克节定建学税复绘压")  # 机制, 体制, 编制 … are words of their own


@lru_cache(maxsize=4)
def _system_after_trigger(triggers: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(rf"(?:{alternation(triggers)})了?([\u4e00-\u9fff]{{2,4}}?制)(?![\u4e00-\u9fff])")


def _systems(text: str, lex: InitiativeLexicon, quotes: list[Quote], covered: list[tuple[int, int]]) -> list[Candidate]:
    """推行积分制, 实行河长制: an unquoted name with the head 制 (quote-only elsewhere) right
    after a trigger verb and before punctuation."""
    out = []
    for m in _system_after_trigger(lex.triggers).finditer(text):
        core = m.group(1)[:-1]
        if core[-1] in NOT_SYSTEM_BEFORE or core in GENERIC_CORES or core[-2:] in GENERIC_CORES or overlaps_any(covered, m.start(1), m.end(1)) \
                or any(q.start < m.end(1) and m.start(1) < q.end for q in quotes):
            continue
        out.append(_cand(m.start(1), m.end(1), "MECHANISM", m.group(1), "initiative.unquoted_system", 0))
    return out


def _chains(text: str, quotes: list[Quote]) -> list[list[Quote]]:
    chains: list[list[Quote]] = []
    for q in quotes:
        if chains and CHAIN_GAP.match(text[chains[-1][-1].end:q.start]):
            chains[-1].append(q)
        else:
            chains.append([q])
    return chains


def _quoted_chain(text: str, chain: list[Quote], lex: InitiativeLexicon) -> list[Candidate]:
    out: list[Candidate] = []
    after = text[chain[-1].end:chain[-1].end + 8].lstrip("等的")
    if after.startswith(lex.platform_heads):
        return []
    tail = _head_after(text, chain[-1], lex)
    shared_head = tail if tail and (len(chain) > 1 or tail[1].startswith("的")) else None
    counted = shared_head is not None and len(chain) > 1 and (COUNT_MODIFIER.fullmatch(tail[1]) or SUB_COUNT.fullmatch(tail[1]))
    triggered = _trigger_before(text, chain[0].start, lex)
    for i, q in enumerate(chain):
        core = _clean(q.inner(text))
        own = tail if i == len(chain) - 1 and not counted else None  # 三项工程 is every item's head
        modifier_form = bool(own and own[1] and not own[1].startswith("的") and own[1] not in PART_MODIFIERS
                             and len(chain) == 1)
        if not core or core in lex.general_terms or len(core) > 30 or (len(core) < 2 and not modifier_form):
            continue
        if modifier_form:
            end, modifier, head, typ = own
            name = core + _clean(modifier) + head
            aliases = (text[q.start:end], core + modifier + head, core)
            out.append(_cand(q.start, end, typ, name, "initiative.quote_modifier_head", 3, aliases))
            continue
        if own or shared_head:
            end, modifier, head, typ = own or shared_head
            inner_head = lex.head_suffix(core)
            if inner_head and len(chain) > 1:
                typ = inner_head[1]
            stop = end if own else q.end
            aliases = (core + head, text[q.start:end]) if own else ()
            out.append(_cand(q.start, stop, typ, core, "initiative.quote_head", 3, aliases))
            continue
        inner_head = lex.head_suffix(core, quoted=True)
        if inner_head:
            out.append(_cand(q.start, q.end, inner_head[1], core, "initiative.quote_inner_head", 2))
        elif _is_numeric_slogan(core, lex):
            out.append(_cand(q.start, q.end, "MECHANISM", core, "initiative.numeric_slogan", 2))
        elif (triggered or _heading(text, q)) and _short_ok(core, lex) <= len(core) <= _long_ok(core) \
                and not core.startswith("第"):
            typ = "PROGRAM" if any(c in core for c in lex.program_cues) else "MECHANISM"
            out.append(_cand(q.start, q.end, typ, core, "initiative.quote_trigger", 1,
                             weak_type=typ == "MECHANISM"))
    return out


PART_MODIFIERS = ("子", "分")  # “红色网格”子工程 is the part 红色网格, not a name 红色网格子工程
PARTS_AFTER = re.compile(r"下设[“「]")
QUOTE_JOIN = re.compile(rf"[”」]{LIST_JOINER}?[“「]")  # between two quoted items of a list


def _typed_like_whole(text: str, cands: list[Candidate]) -> list[Candidate]:
    """Bare quoted names listed after “X”行动下设 are parts of X and of its type, whatever
    their words say (the guess from them is weak)."""
    by_end = {c.end: c for c in cands}
    by_start = {c.start: c for c in cands}
    out = {id(c): c for c in cands}
    for m in PARTS_AFTER.finditer(text):
        whole = by_end.get(m.start())
        part = by_start.get(m.end() - 1)
        while whole is not None and part is not None and part.rule == "initiative.quote_trigger":
            out[id(part)] = part._replace(type=whole.type, attrs=tuple(a for a in part.attrs if a[0] != "weak_type"))
            nxt = QUOTE_JOIN.match(text, part.end - 1)
            part = by_start.get(nxt.end() - 1) if nxt else None
    return list(out.values())


PARALLEL_PART = re.compile(r"[\u4e00-\u9fff]{2,8}")


def _long_ok(core: str) -> int:
    """The most characters a bare quoted name after a trigger may have: 16, or 26 for a slogan of
    parallel short phrases (推行“小事不出网格、大事不出村、难事不出镇”)."""
    parts = re.split(r"[、，,]", core)
    return 26 if len(parts) >= 2 and all(PARALLEL_PART.fullmatch(p) for p in parts) else 16


def _short_ok(core: str, lex: InitiativeLexicon) -> int:
    """The fewest characters a bare quoted name after a trigger needs: two for a numeric one
    (深化“三变”改革, 推进“三治”融合), else three."""
    numeric = core[:1] in lex.numerals and core[1:2] not in COUNTER_AFTER_NUMERAL and not core.startswith(lex.numeral_words)
    return 2 if numeric else 3


def _mark_components(text: str, cands: list[Candidate], quotes: list[Quote],
                     lex: InitiativeLexicon) -> list[Candidate]:
    """Quoted names listed right before ``的“X”活动`` are components of X: they share its
    type and carry ``part_of`` (市县干部“A”、镇街干部“B”和党员“C”的“X”活动)."""
    by_start = {c.start: i for i, c in enumerate(cands)}
    out = list(cands)
    for c in cands:
        if c.rule != "initiative.quote_head" or text[c.start - 1:c.start] != "的" or \
                text.endswith(lex.whole_before, 0, c.start):
            continue  # “X”活动中的“A”行动: A is the part (part_of.trigger in the relation rules)
        prior = [q for q in quotes if q.end <= c.start - 1]
        edge = c.start - 1
        for q in reversed(prior):
            gap = text[q.end:edge]
            if len(gap) > 8 or any(ch in SENTENCE_END or ch in "，," for ch in gap):
                break
            if edge != c.start - 1 and not re.search(r"[、和及与]", gap):
                break
            core = _clean(q.inner(text))
            if len(core) < 2 or core in lex.general_terms:
                break
            comp = Candidate(q.start, q.end, c.type, core, "initiative.component",
                             attrs=make_attrs(part_of=c.name), priority=2)
            if q.start in by_start:
                out[by_start[q.start]] = comp
            else:
                out.append(comp)
            edge = q.start
    return out


def _counted(text: str, start: int) -> bool:
    """Whether a number and its measure word stand right before ``start`` or open the name
    there (扶持30个村发展集体经济项目): what is counted is no name."""
    return COUNTED.search(text, max(0, start - 6), start + (text[start] in COUNTED_BY)) is not None


def _unquoted(text: str, lex: InitiativeLexicon, quotes: list[Quote],
              covered: list[tuple[int, int]], max_len: int = 22) -> list[Candidate]:
    out: list[Candidate] = []
    starts = sorted({i for head in lex.head_words for i in occurrences(text, head)})
    in_quote = [False] * (len(text) + 1)
    for q in quotes:
        in_quote[q.start:q.end] = [True] * (q.end - q.start)
    last_end = -1
    for pos in starts:
        if pos < last_end or in_quote[pos] or (pos and text[pos - 1] in CLOSE_QUOTES):
            continue
        found = lex.head_at(text, pos, quoted=False)
        if not found:
            continue
        head, typ = found
        end = pos + len(head)
        if not _ends_name(text, end, head):
            continue
        start = _left_edge(text, pos, lex, max_len)
        if text[start - 1:start] == "、":  # 建立干部包片、党员联户机制
            prev = _left_edge(text, start - 1, lex, 10)
            if prev < start - 1 and text.endswith(lex.triggers, 0, prev):
                start = prev
        name = text[start:end]
        for mod in lex.leading_modifiers if name.startswith(lex.leading_modifiers) else ():
            if name.startswith(mod) and len(name) - len(mod) > len(head) + 1:
                start += len(mod)
                name = name[len(mod):]
                break
        core = name[: -len(head)]
        min_core = 4 if head in ("活动", "项目", "计划", "行动", "工程") else 3
        if len(core) < min_core or core in GENERIC_CORES or (core[-2:] in GENERIC_CORES and len(core) <= 4):
            continue
        if overlaps_any(covered, start, end) or re.search(r"\d", core) or _counted(text, start):
            continue
        out.append(_cand(start, end, typ, name, "initiative.unquoted_head", 0))
        last_end = end
    return out


def _left_edge(text: str, pos: int, lex: InitiativeLexicon, max_len: int) -> int:
    start = pos
    while start > 0 and pos - start < max_len:
        ch = text[start - 1]
        if not (HAN.match(ch) or ch in "·+"):
            break
        if text.endswith(lex.long_stops, 0, start):
            break
        if ch in lex.left_stops:
            break
        start -= 1
    return start


def _cand(start: int, end: int, typ: str, name: str, rule: str, priority: int,
          aliases: tuple[str, ...] = (), weak_type: bool = False) -> Candidate:
    return Candidate(start, end, typ, name, rule, make_attrs(weak_type=weak_type or None), priority,
                     tuple(dict.fromkeys(a for a in aliases if a and a != name)))


class InitiativeRecognizer(Recognizer):
    def load(self) -> None:
        self.lexicon = load_lexicon()

    def match(self, doc: Doc) -> list[Candidate]:
        return find_initiatives(text_of(doc), self.lexicon)


@Language.factory("kg_initiatives", assigns=["doc._.kg_candidates"])
def make_initiative_recognizer(nlp: Language, name: str) -> InitiativeRecognizer:
    return InitiativeRecognizer(nlp, name)
