"""Recognizer for PERSON mentions (pipeline stage ``kg_persons``).

A person's name is only taken where something anchors it, never from the surname
list alone:

- a title right before it (市委书记王建国, 局长林海峰) → role ``official``;
- a byline word (记者 周晓燕, 通讯员:刘洋 陈静) or the article's author list, or a
  signature in brackets closing the article ((某某)) → ``reporter``;
- a resident role word (村民赵大山, 五保老人某某) → ``resident``;
- speech after a closing quote (”孙秀兰说) → ``resident`` unless titled elsewhere;
- an enumeration 以A、B、C等为代表 → ``other``.

The name's length (surname + one or two characters) is chosen by what follows it:
a word from ``after_name`` (说, 表示, 在 …) or punctuation must come next. Once a
name is found, its other occurrences in the article are mentions too.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import chain

from spacy.language import Language
from spacy.tokens import Doc

from kg.nlp.extensions import text_of
from kg.nlp.candidates import Candidate, candidates_of, make_attrs
from kg.nlp.component import Recognizer
from kg.nlp.lexicons import load_list, load_yaml, longest_first
from kg.nlp.sentences import LIST_JOIN, LIST_JOINER, LIST_MARK
from kg.nlp.wordscan import first_ending, longest_word, occurrences

HAN = re.compile(r"[\u4e00-\u9fff]")
PLACE_HEADS = set("村市县镇乡")  # a role word opening with one (村民, 市民) may be the head of 全村, 每村: 全|村民宿
PLACE_HEAD_TAKERS = set("全该本每各我")
HAN_RUN = re.compile(r"[\u4e00-\u9fff]*")
NAME_SEPARATOR = re.compile(r"[ \t\u3000、,，]+")  # between the names of a byline (a line break ends it)
SPEECH = re.compile(r"[”’」]([\u4e00-\u9fff]{2,4}?)(?:说|表示|介绍|感慨|笑着说|告诉)")
AGE = re.compile(r"\d{1,3}岁的")
ENUMERATION = re.compile(r"以((?:[\u4e00-\u9fff]{2,4}、)+[\u4e00-\u9fff]{2,4})等[人]?为代表")
SIGNATURE = re.compile(r"[(（]([\u4e00-\u9fff]{2,4})[)）]")
DOTTED = re.compile(r"(?<![\u4e00-\u9fff])[\u4e00-\u9fff]{2,6}[·•・][\u4e00-\u9fff]")  # opening a clause
MONGOLIAN_END = "图"
TRANSLITERATED = re.compile(r"[\u4e00-\u9fff]{1,6}(?:[·•・][\u4e00-\u9fff]{1,6}){0,2}[·•・]")  # up to the last dot
OPENING_QUOTES, CLOSING_QUOTES = "“‘「", "”’」"
POST_AFTER = re.compile(r"[是（(]")  # 某某是某村党支部书记, 某某（某村党支部书记）说
POST_END = re.compile(r"[）)，,。；;！？!?\n]|也")
CLAUSE_OPEN = set("。！？!?；;\n，,：:”」")
POST_AFTER_LEAD = set("由、")  # 会议由某某（某部副部长）主持
SENTENCE_BREAK = re.compile(r"[。！？!?\n”’」]")
DOING = re.compile(r"[\u4e00-\u9fff]着")  # 某某拎着…: a verb with 着 after a name
CONJUNCTIONS = set("和与及")
PUNCT_AFTER = set("，。、；：:;！？!?（()）)”’」 \n\t·,.")
NOT_IN_GIVEN = re.compile("[不没]")  # negations open no given name (群众满不满意)
ROLE_RANK = {"official": 3, "reporter": 2, "resident": 1, "other": 0}


@dataclass(frozen=True)
class PersonLexicon:
    surnames: frozenset[str]
    official_titles: tuple[str, ...]
    resident_roles: tuple[str, ...]
    byline_words: tuple[str, ...]
    after_name: tuple[str, ...]
    common_words: frozenset[str] = frozenset()
    honorifics: tuple[str, ...] = ()
    name_parts: tuple[str, ...] = ()  # Tibetan and Mongolian name elements (name_parts.txt)

    @classmethod
    def load(cls) -> "PersonLexicon":
        titles = load_yaml("lexicons", "titles.yaml")
        unknown = set(titles) - {"official_titles", "resident_roles", "byline_words", "after_name", "honorifics"}
        if unknown:
            raise ValueError(f"titles.yaml: unknown keys {sorted(unknown)}")
        surnames = frozenset(w for line in load_list("lexicons", "surnames.txt") for w in line.split())
        return cls(surnames, longest_first(titles["official_titles"]), longest_first(titles["resident_roles"]),
                   longest_first(titles["byline_words"]), longest_first(titles["after_name"]),
                   common_words_with_surname(surnames), longest_first(titles.get("honorifics", ())),
                   longest_first(load_list("lexicons", "name_parts.txt")))

    @cached_property
    def name_part_at(self) -> re.Pattern[str]:
        return longest_word(self.name_parts)

    @cached_property
    def title_at(self) -> re.Pattern[str]:
        return longest_word(self.official_titles)

    @cached_property
    def role_word_at(self) -> re.Pattern[str]:
        return longest_word(self.resident_roles)

    @cached_property
    def byline_at(self) -> tuple[re.Pattern[str], ...]:
        """Per byline word: the word and the separators after it."""
        return tuple(re.compile(re.escape(w) + r"[:：\s]*") for w in self.byline_words)

    @cached_property
    def after_name_at(self) -> re.Pattern[str]:
        return longest_word(self.after_name)

    @cached_property
    def function_surnames(self) -> frozenset[str]:
        """Surnames that are also words ending a name (和, 向, 都, 曾)."""
        return frozenset(w for w in self.after_name if w in self.surnames)

    @cached_property
    def role_or_title_at(self) -> re.Pattern[str]:
        """A title, role, byline or name-ending word: after 和/向/都/曾 it makes them read as
        that word (书记和村民一起, 书记向记者介绍, 书记曾多次), not as a surname."""
        return longest_word(self.official_titles + self.resident_roles + self.byline_words + self.after_name)

    def function_word_at(self, text: str, pos: int) -> bool:
        return text[pos:pos + 1] in self.function_surnames and bool(self.role_or_title_at.match(text, pos + 1))

    @cached_property
    def long_after_name_at(self) -> re.Pattern[str]:
        return longest_word(w for w in self.after_name if len(w) >= 2)

    @cached_property
    def long_title_in(self) -> re.Pattern[str]:
        return longest_word(t for t in self.official_titles if len(t) >= 2)

    def plausible(self, name: str) -> bool:
        """Not a common word (干部, 路线, 管理) and not a title (任组长)."""
        given = name[self.surname_len(name, 0) or 1:]
        if name in self.common_words or given in self.honorifics or NOT_IN_GIVEN.search(given):
            return False  # 干部, 路线; 孙大爷, 王家; 满不|满意
        return not self.long_title_in.search(name, 1)

    def surname_len(self, text: str, pos: int) -> int:
        if text[pos:pos + 2] in self.surnames:
            return 2
        return 1 if text[pos:pos + 1] in self.surnames else 0


@lru_cache(maxsize=4)
def common_words_with_surname(surnames: frozenset[str], min_freq: int = 20) -> frozenset[str]:
    """Common words of jieba's general dictionary that start with a surname character
    and are not person names (POS ``nr*``), or are very frequent whatever their tag."""
    import jieba

    words = set()
    with jieba.get_dict_file() as fh:
        lines = fh.read().decode("utf-8").splitlines()  # 350,000 lines, read at every pipeline start
    for line in lines:
        if line[:1] in surnames:  # the word comes first: most lines are passed over unsplit
            parts = line.split()
            if len(parts) < 3 or not 2 <= len(parts[0]) <= 4:
                continue
            freq, tag = int(parts[1]), parts[2]
            if (freq >= min_freq and not tag.startswith("nr")) or freq >= 1000:
                words.add(parts[0])
    return frozenset(words)


def name_at(text: str, pos: int, lex: PersonLexicon, loose_end: bool = False) -> int | None:
    """End offset of a person's name starting at ``pos``, or None.

    The name is a surname plus one or two Han characters and must be followed by
    punctuation, the end of the text or an ``after_name`` word. With ``loose_end``
    (bylines) a three-character name is accepted whatever follows. Names without a
    family name are read first: a transliterated one with its middle dot (艾尔肯·吐尔逊),
    or Tibetan and Mongolian name parts (扎西平措, 巴特尔), each ending as above.
    """
    def ends_ok(end: int) -> bool:
        if end >= len(text) or text[end] in PUNCT_AFTER:
            return True
        return bool(lex.after_name_at.match(text, end)) or DOING.match(text, end) is not None  # 拎着

    ends = _unsurnamed_ends(text, pos, lex)
    other = next((e for e in ends if ends_ok(e)), ends[-1] if ends and loose_end else None)
    if other is not None:
        return other
    s = lex.surname_len(text, pos)
    if not s:
        return None

    options = [pos + s + 2, pos + s + 1]
    if lex.long_after_name_at.match(text, pos + s):
        return None  # 于今年到任: a word that ends names cannot open the given name
    valid = [e for e in options if e <= len(text) and HAN_RUN.fullmatch(text, pos, e) and ends_ok(e)]
    if not valid:
        if loose_end and pos + s + 2 <= len(text) and HAN_RUN.fullmatch(text, pos, pos + s + 2):
            return pos + s + 2
        return None
    long, short = pos + s + 2, pos + s + 1
    if long in valid and short in valid and any(text.startswith(w, short) for w in lex.after_name if len(w) == 1):
        if text[short] in CONJUNCTIONS and (long >= len(text) or text[long] in PUNCT_AFTER
                                            or lex.long_after_name_at.match(text, long)):
            return long  # 彭志和为此 → 彭志和: 和 is the name's, as the word after it says
        return short  # 李强说 → 李强, not 李强说
    return valid[0]


def _unsurnamed_ends(text: str, pos: int, lex: PersonLexicon) -> list[int]:
    """Possible ends of a name with no family name at ``pos``: Han runs joined by middle dots
    (阿依努尔·托乎提, the last run of two to six characters), or two or three name parts
    (次仁 + 曲珍), or one alone (巴特尔, 尼玛)."""
    m = TRANSLITERATED.match(text, pos)
    if m:  # shortest first: 吐尔逊|介绍 ends at the first place a name may end
        run = HAN_RUN.match(text, m.end()).end()
        return list(range(m.end() + 2, min(run, m.end() + 6) + 1))
    end, parts = pos, 0
    while parts < 3 and (p := lex.name_part_at.match(text, end)):
        end, parts = p.end(), parts + 1
    if not parts:
        return []
    # one part alone is a name too (党委书记尼玛说); a Mongolian name may end in 图 (乌力吉图)
    return [end, end + 1] if text.startswith(MONGOLIAN_END, end) else [end]


def _quoted(text: str, start: int, end: int) -> bool:
    """``text[start:end]`` closes a quote opened before it in the same sentence."""
    if text[end:end + 1] not in CLOSING_QUOTES:
        return False
    before = text[max(0, start - 40):start]
    opened = max(before.rfind(q) for q in OPENING_QUOTES)
    return opened >= 0 and not SENTENCE_BREAK.search(before, opened)


def find_persons(text: str, lex: PersonLexicon, authors: tuple[str, ...] = (),
                 villages: tuple[tuple[int, int], ...] = ()) -> list[Candidate]:
    """All PERSON candidates in ``text`` (pure); ``villages``: the spans of village names,
    which a list of names may pair with (甲村张某某、乙村李某某)."""
    found: dict[tuple[int, int], tuple[str, str]] = {}

    def add(start: int, end: int | None, role: str, rule: str) -> None:
        if end is None or end - start < 2 or not lex.plausible(text[start:end]):
            return
        old = found.get((start, end))
        if old is None or ROLE_RANK[role] > ROLE_RANK[old[0]]:
            found[(start, end)] = (role, rule)

    for pattern, role, rule in ((lex.title_at, "official", "person.title"),
                                (lex.role_word_at, "resident", "person.role_word")):
        for m in pattern.finditer(text):
            if role == "resident" and text[m.start():m.start() + 1] in PLACE_HEADS and text[m.start() - 1:m.start()] in PLACE_HEAD_TAKERS:
                continue  # 全村民宿增加到31家: 全村|民宿, not the role word 村民
            if not lex.function_word_at(text, m.end()):
                end = name_at(text, m.end(), lex)
                if end == m.end() + 2 and LIST_JOIN.match(text, m.end()) and not _firmly_ended(text, end, lex):
                    continue  # 书记和工|作队, 书记和村(居)委会主任: the conjunction, not the surname 和 of a short name
                if role == "resident" and end is not None and _quoted(text, m.start(), end):
                    continue  # “班子包片、党员包组”: a role word inside a quoted name
                add(m.end(), end, role, rule)
    for w, byline in zip(lex.byline_words, lex.byline_at):
        for m in byline.finditer(text):
            pos = m.end()
            for _ in range(4):  # 通讯员:刘洋  陈静
                end = name_at(text, pos, lex, loose_end=len(w) >= 2)
                if end is None or (HAN.match(text, end) and (not lex.after_name_at.match(text, end)
                                                              or text[m.end() - 1] in ":：" and text[end] == "是")):
                    break  # 记者 周晓燕 摄; not 记者:和龙市地处…, 记者：某村是… (a question in an interview)
                add(pos, end, "reporter", "person.byline")
                nxt = NAME_SEPARATOR.match(text, end)
                if not nxt:
                    break
                pos = nxt.end()
    if "·" in text or "•" in text or "・" in text:
        for m in DOTTED.finditer(text):  # ”阿依努尔·托乎提说: a transliterated name, and a word that follows names
            if lex.title_at.match(text, m.start()) or lex.role_word_at.match(text, m.start()):
                continue  # 村民阿依努尔·托乎提: the name after the role word is read with it
            end = name_at(text, m.start(), lex)
            if end is not None and lex.after_name_at.match(text, end):
                add(m.start(), end, "other", "person.transliterated")
    for m in SPEECH.finditer(text):
        add(m.start(1), name_at(text, m.start(1), lex), "resident", "person.speech")
    for m in AGE.finditer(text):  # 52岁的绣娘某某说: an age, a word for who they are, the name
        if (role := lex.role_word_at.match(text, m.end())) is not None:  # 68岁的村民某某·某某说: not 村民某某
            add(role.end(), name_at(text, role.end(), lex, loose_end=True), "resident", "person.age")
            continue
        for pos in range(m.end(), min(len(text), m.end() + 5)):
            if not HAN.match(text[pos]):
                break
            end = name_at(text, pos, lex)
            if end is not None and lex.after_name_at.match(text, end):
                add(pos, end, "resident", "person.age")
                break
            if pos > m.end() and lex.role_word_at.fullmatch(text, m.end(), pos):  # 62岁的果农某某某算起…
                add(pos, name_at(text, pos, lex, loose_end=True), "resident", "person.age")
                break
    for m in COMRADE.finditer(text):
        end = m.start() - text.endswith("等", 0, m.start())  # 某某等同志: the name before 等
        for start in (end - 4, end - 3, end - 2):  # 欧阳某某, 某某某, else 某某同志
            if start >= 0 and HAN.match(text[start]) and lex.surname_len(text, start) >= 1 + (start == end - 4) \
                    and text[start] not in lex.function_surnames:  # 和某某同志: 和 is no surname here
                add(start, end, "official", "person.comrade")
                break
    for start, end in _posts_after(text, lex):
        add(start, end, "official", "person.post_after")
    for start, end in _roster(text, lex):
        add(start, end, "official", "person.roster")
    for start, end in _after_villages(text, lex, villages):
        add(start, end, "other", "person.village_list")
    for m in ENUMERATION.finditer(text):
        names = m.group(1).split("、")
        if all(lex.surname_len(n, 0) for n in names):
            pos = m.start(1)
            for n in names:
                add(pos, pos + len(n), "other", "person.enumeration")
                pos += len(n) + 1
    for m in SIGNATURE.finditer(text[-400:]):
        start = len(text) - len(text[-400:]) + m.start(1)
        if lex.surname_len(m.group(1), 0):
            add(start, start + len(m.group(1)), "reporter", "person.signature")
    for a in authors:
        for i in occurrences(text, a):
            add(i, i + len(a), "reporter", "person.author_meta")
    return _with_repeats(text, found)


FIRM_END = set("，。、；：:;！？!?,\n")


def _firmly_ended(text: str, end: int, lex: PersonLexicon) -> bool:
    """A name ends at ``end`` by more than a one-character word: punctuation (not a bracket),
    the end of the text, or a longer word that ends names (说 would do for 和某某说, but 作 of
    和工|作队 would not)."""
    return end >= len(text) or text[end] in FIRM_END or bool(lex.long_after_name_at.match(text, end))


PAIR_JOINER = re.compile(rf"[，,]|{LIST_JOINER}")


def _after_villages(text: str, lex: PersonLexicon, villages: tuple[tuple[int, int], ...]) -> list[tuple[int, int]]:
    """Names listed each after its village (甲村张某某、乙村李某某为连任): two such pairs or more
    joined by 、/，/和 make a list, where a name needs no title before it."""
    pairs = []
    for _, e in sorted(villages):
        end = name_at(text, e, lex)
        if end is not None:
            pairs.append((e, end))
    starts = {e: s for s, e in villages}
    out, run = [], []
    for e, end in pairs:
        if run and not PAIR_JOINER.fullmatch(text, run[-1][1], starts[e]):
            out += run if len(run) > 1 else []
            run = []
        run.append((e, end))
    return out + (run if len(run) > 1 else [])


def _posts_after(text: str, lex: PersonLexicon, longest: int = 24) -> list[tuple[int, int]]:
    """Names opening a clause with their post written after them: 某某是某村党支部书记,
    某某（某村党支部书记）说 — the phrase up to the next break ends with a title."""
    out = []
    for m in POST_AFTER.finditer(text):
        i = m.start()
        for s in range(max(0, i - 4), i - 1):
            if (s == 0 or text[s - 1] in CLAUSE_OPEN or text[s - 1] in POST_AFTER_LEAD) and name_at(text, s, lex) == i:
                end = post_end(text, i, longest)
                if end is not None and first_ending(text, end, lex.official_titles, i + 1):
                    out.append((s, i))
                break
    return out


# a roster line: 某某　某村党支部书记 / 某某（女）  某局站长 — the name alone before a gap
ROSTER_NAME = re.compile(r"(?m)^[ \t\u3000]*([\u4e00-\u9fff]{2,4})(?:[（(][\u4e00-\u9fff]{1,3}[）)])?[ \t\u3000]+(?=\S)")
ROSTER_POST = re.compile(r"[\u4e00-\u9fff、]{2,40}")


# a résumé line (任前公示, 拟任人选): 某某，男，汉族，1979年8月生，…，现任某乡党委副书记、乡长，拟任…
RESUME_NAME = re.compile(rf"(?m)^[ \t\u3000]*{LIST_MARK}?[ \t\u3000]*([\u4e00-\u9fff]{{2,4}})[，,][男女][，,]")  # 1．某某，男，
RESUME_POST = re.compile(r"现任([\u4e00-\u9fff、]{2,40})(?=[，,；;。\n]|$)")


def roster_post(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The span of the post of a roster line, when ``text[start:end]`` is the name opening
    one (某某　某村党支部书记、村委会主任: the rest of the line is the post; 某某，男，…，现任
    某镇镇长，拟任…: what follows 现任), else None."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    line_end = len(text) if line_end < 0 else line_end
    m = ROSTER_NAME.match(text, line_start)
    if m is not None and m.span(1) == (start, end):
        post = ROSTER_POST.match(text, m.end())
        return post.span() if post and post.end() == line_end else None
    m = RESUME_NAME.match(text, line_start)
    if m is not None and m.span(1) == (start, end):
        post = RESUME_POST.search(text, m.end(), line_end)
        return post.span(1) if post else None
    return None


def _roster(text: str, lex: PersonLexicon) -> list[tuple[int, int]]:
    """Names opening roster or résumé lines whose post ends with a title or a role word."""
    out = []
    for m in chain(ROSTER_NAME.finditer(text), RESUME_NAME.finditer(text)):
        start, end = m.span(1)
        post = roster_post(text, start, end)
        if post is not None and lex.surname_len(text, start) and lex.plausible(text[start:end]) \
                and text.endswith(lex.official_titles + lex.resident_roles, *post):
            out.append((start, end))
    return out


def _post_end_after(marker: re.Pattern[str], text: str, end: int, longest: int) -> int | None:
    """Where a post written after ``marker`` right after a name ending at ``end`` ends, or None."""
    opened = marker.match(text, end)
    if opened is None:
        return None
    m = POST_END.search(text, opened.end(), opened.end() + longest)
    return m.start() if m else None


def post_end(text: str, end: int, longest: int = 24) -> int | None:
    """Where a post written after a name ending at ``end`` ends (某某是某村党支部书记，;
    某某（某村党支部书记）), or None when no 是 or bracket follows the name."""
    return _post_end_after(POST_AFTER, text, end, longest)


APPOINTED = re.compile(r"(?:同志)?(?:担任|出任|兼任|任(?!务|职|期|何))")  # 某局干部某某任某村第一书记, 某某同志任…
# an appointment notice: 某某同志任某县委常委, 某某同志为某乡党委书记, 免去某某同志的…
COMRADE = re.compile(r"同志(?=任|担任|兼任|出任|为|不再|的|，|、|职务)")


def appointed_post_end(text: str, end: int, longest: int = 24) -> int | None:
    """Where the post a name ending at ``end`` is appointed to ends (某某任某村第一书记，), or
    None when no verb of appointment follows the name."""
    return _post_end_after(APPOINTED, text, end, longest)


DISMISSED = re.compile(r"[，,]\s*免去其")


def dismissed_post_end(text: str, end: int, longest: int = 30) -> int | None:
    """Where the post ends that an appointment ending at ``end`` takes away from the same
    person (某某同志任甲职，免去其乙职务: 乙 ends before 职务), or None."""
    m = DISMISSED.match(text, end)
    if m is None:
        return None
    post = text.find("职务", m.end(), m.end() + longest)
    return post if post > m.end() and not POST_END.search(text, m.end(), post) else None


def _with_repeats(text: str, found: dict[tuple[int, int], tuple[str, str]]) -> list[Candidate]:
    """Candidates for the anchored names plus every other occurrence of the same name."""
    roles: dict[str, str] = {}
    for (s, e), (role, _) in found.items():
        name = text[s:e]
        if name not in roles or ROLE_RANK[role] > ROLE_RANK[roles[name]]:
            roles[name] = role
    out = [Candidate(s, e, "PERSON", text[s:e], rule, make_attrs(role=roles[text[s:e]]), priority=1)
           for (s, e), (_, rule) in sorted(found.items())]
    seen = set(found)
    for name, role in roles.items():
        for i in occurrences(text, name):
            if (i, i + len(name)) not in seen:
                out.append(Candidate(i, i + len(name), "PERSON", name, "person.repeat", make_attrs(role=role)))
    return out


class PersonRecognizer(Recognizer):
    def load(self) -> None:
        self.lexicon = PersonLexicon.load()

    def match(self, doc: Doc) -> list[Candidate]:
        meta = doc._.kg_meta or {}
        authors = tuple(a for a in meta.get("authors") or () if a and self.lexicon.surname_len(a, 0))
        villages = tuple((c.start, c.end) for c in candidates_of(doc, "PLACE") if c.attr_dict.get("level") == "village")
        return find_persons(text_of(doc), self.lexicon, authors, villages)


@Language.factory("kg_persons", assigns=["doc._.kg_candidates"])
def make_person_recognizer(nlp: Language, name: str) -> PersonRecognizer:
    return PersonRecognizer(nlp, name)
