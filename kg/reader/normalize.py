"""Character-level normalization of decoded text (reader stage, after decoding).

The text that comes out is the text every character offset in the extraction
record refers to. Steps, in order:

1. **Invisible and broken characters removed**: C0/C1 controls (NUL …) except tab
   and newline, format characters (zero-width spaces and joiners, BOM, left-to-right
   and right-to-left marks and embeddings, soft hyphen), private-use characters,
   lone surrogates, the replacement character U+FFFD and the non-characters
   U+FFFE/U+FFFF. Line separators (CR, CRLF, VT, FF, NEL, U+2028/9) become ``\\n``.
2. **Width**: full-width ASCII letters, digits and symbols (``Ａ１＋％``) become
   half-width, ideographic and no-break spaces become a plain space, and
   compatibility ideographs and Kangxi radicals take their unified form (NFKC on
   those characters only). **Chinese punctuation is kept as written**: ，。、；：？！
   （）“”‘’《》【】—— and their full-width forms ``！（），：；？［］｛｝＂＇`` are
   what Chinese text uses, and the gold names keep whatever brackets the source
   has (``村(社区)`` with ASCII parentheses because the page has them). A full-width
   ``．`` between digits becomes ``.``. Whole-text NFKC is not used: it would turn
   ，into , and ① into 1.
3. **Pinyin annotations removed**: ``黨(dang)`` → ``黨``, ``網(wǎng)`` → ``網``, with the
   space some pages put after them (``興(xing) 縣`` → ``興縣``). Only letters that form
   valid pinyin syllables (tone marks or tone digits allowed) in parentheses right
   after a Han character; ``村(社区)``, ``党(工)委``, ``乡党委(2019)``, ``组织(WHO)`` stay.
   Ruby text flattened into the line goes too: a run of pinyin words with a tone mark
   among them, standing between Han characters, punctuation, digits, ``+`` or the line's
   ends (``wǒ xiàn 我县``, ``乡村振兴 xiāng cūn zhèn xīng``, ``乡xiāng村cūn``,
   ``党支部 + hé 合作社``, ``86 míng 名``) with its spaces.
4. **Traditional → simplified** with OpenCC ``t2s`` (a no-op on simplified text).
5. **White space**: runs of spaces and tabs become one space, lines are stripped,
   empty lines dropped; the result is one paragraph per line.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

HAN_CLASS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
# Chinese punctuation in the full-width ASCII block that is kept as it is.
KEEP_FULLWIDTH = set("！（），：；？［］｛｝＂＇．")
WIDTH_TABLE = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F) if chr(cp) not in KEEP_FULLWIDTH}
WIDTH_TABLE.update({0x3000: 0x20, 0xFF61: 0x3002, 0xFF62: 0x300C, 0xFF63: 0x300D, 0xFF64: 0x3001})
# the characters WIDTH_TABLE changes: few in most texts, so they are found by one regex search
# and replaced where they are (str.translate looks up every character of the text)
WIDTH_CHARS = re.compile("[%s]" % "".join(re.escape(chr(cp)) for cp in sorted(WIDTH_TABLE)))
NEWLINES = re.compile(r"\r\n?|[\v\f\x1c-\x1e\x85\u2028\u2029]")
INVISIBLE = re.compile(
    "[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f"      # C0/C1 controls but \t \n
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f"
    "\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\uffff"
    "\ue000-\uf8ff\ud800-\udfff"                       # private use, lone surrogates
    "\U000e0000-\U000e0fff\U000f0000-\U0010ffff]"
)
SPACES = re.compile(r"[^\S\n]+")   # any white space but the newline
COMPAT = re.compile("[\u2e80-\u2fdf\uf900-\ufaff\U0002f800-\U0002fa1f]")
FULLWIDTH_POINT = re.compile(r"(?<=\d)．(?=\d)")

TONES = str.maketrans("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ", "aaaaeeeeiiiioooouuuuvvvvvnnnm")
SYLLABLE = re.compile(
    r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
    r"(?:iang|iong|uang|ueng|ang|eng|ing|ong|ian|iao|uai|uan|van|ai|ei|ao|ou|an|en|er|in|un|vn"
    r"|ia|ie|iu|ua|uo|ue|ve|ui|a|o|e|i|u|v)[1-5]?|hm|hng|ng|m|n"
)
LATIN = "a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"
PINYIN = re.compile(
    rf"(?<=[{HAN_CLASS}])[(（]\s*([{LATIN}]+[1-5]?(?:[\s'][{LATIN}]+[1-5]?)*)\s*[)）]"
    rf"(?:[ \t\u3000]+(?=[{HAN_CLASS}，。、；：？！“”‘’《》（）,;:?!]))?"
)


SYLLABLES = re.compile(f"(?:{SYLLABLE.pattern})+")
TONE_MARK = re.compile("[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜǹḿ]")
_EDGE = f"{HAN_CLASS}，。、；：？！“”‘’《》（）0-9+＋%"  # what a ruby run stands between (86 míng 名, + hé 合作社)
CJK_SIDE = re.compile(f"[{HAN_CLASS}，。、；：？！“”‘’《》（）]")  # a run needs Chinese on one side at least
PINYIN_RUN = re.compile(rf"(?:(?<=[{_EDGE}])|^)[ \t]*([{LATIN}]+(?:[ \t']+[{LATIN}]+)*)[ \t]*(?=[{_EDGE}]|$)", re.M)


def _pinyin_run(m: re.Match[str]) -> str:
    run, text = m.group(1), m.string
    if not CJK_SIDE.match(text[m.start() - 1:m.start()] or "") and not CJK_SIDE.match(text[m.end():m.end() + 1]):
        return m.group(0)  # between digits or signs only (Café 2019): no ruby of Chinese text
    words = re.split(r"[\s']+", run.lower().translate(TONES))
    return "" if TONE_MARK.search(run) and all(SYLLABLES.fullmatch(w) for w in words) else m.group(0)


def is_pinyin(annotation: str) -> bool:
    """True when every space- or apostrophe-separated part is a pinyin syllable.

    Lower case or capitalized only (``WHO``, ``GDP`` are not readings) and at least
    two letters (``(a)``, ``(b)`` enumerate).
    """
    if len(annotation) < 2 or not (annotation.islower() or annotation.capitalize() == annotation):
        return False
    parts = re.split(r"[\s']+", annotation.lower().translate(TONES))
    return all(SYLLABLE.fullmatch(p) for p in parts if p)


def strip_pinyin(text: str) -> str:
    """Remove pinyin readings in parentheses after Han characters (stacked ones too:
    黨(dang)(dang) → 党, so normalizing twice changes nothing), and runs of tone-marked
    pinyin between Han characters."""
    if TONE_MARK.search(text):  # rare: most texts are not looked at again
        text = PINYIN_RUN.sub(_pinyin_run, text)
    for _ in range(4):
        stripped = PINYIN.sub(lambda m: "" if is_pinyin(m.group(1)) else m.group(0), text)
        if stripped == text:
            break
        text = stripped
    return text


def clean_chars(text: str) -> str:
    """Step 1: line breaks unified, invisible and broken characters removed."""
    return INVISIBLE.sub("", NEWLINES.sub("\n", text.replace("\ufffd", "")))


def _half_width(m: re.Match[str]) -> str:
    return chr(WIDTH_TABLE[ord(m.group())])


def fold_width(text: str) -> str:
    """Step 2: full-width ASCII letters, digits and symbols → half-width (see module doc)."""
    text = FULLWIDTH_POINT.sub(".", WIDTH_CHARS.sub(_half_width, text))
    return COMPAT.sub(lambda m: unicodedata.normalize("NFKC", m.group(0)), text)


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Step 4: traditional → simplified Chinese (OpenCC ``t2s``)."""
    return _t2s().convert(text) if text else text


def tidy_space(text: str) -> list[str]:
    """Step 5: the text as stripped, non-empty lines with single spaces."""
    lines = (SPACES.sub(" ", ln).strip() for ln in text.split("\n"))
    return [ln for ln in lines if ln]


def normalize_lines(text: str) -> list[str]:
    """All steps; returns the normalized text as a list of lines (paragraphs)."""
    return tidy_space(to_simplified(strip_pinyin(fold_width(clean_chars(text)))))


def normalize_text(text: str) -> str:
    return "\n".join(normalize_lines(text))
