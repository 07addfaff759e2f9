"""Bytes → str: binary sniffing and encoding detection (first step of the reader).

Detected, never assumed, in this order:

1. a byte-order mark (UTF-8, UTF-16, UTF-32) decides;
2. a known binary signature (PNG, zip, PDF …) → not text; NUL bytes → UTF-16
   without a BOM when that decodes to text, else (more than 1 %) not text;
3. strict UTF-8 (a multi-byte sequence cut off at the very end is dropped);
4. GB18030 and Big5 (and UTF-16 for even lengths), each strictly; of those that
   decode, the one whose Han characters are most often among the common characters
   of Chinese (after t2s) wins, if at least half are — a wrong decoding yields rare
   characters, kana and symbols;
5. line by line with the same codecs (pages pasted together from several sources);
6. UTF-8 with at most 0.1 % invalid bytes, replaced and then dropped;
7. valid UTF-8 lines that are mojibake (UTF-8 once read as GBK or Latin-1) are
   repaired (``kg.reader.mojibake``).

Anything else raises ``DecodeError`` with a reason naming the first bad byte.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Callable

log = logging.getLogger("kg")

BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"PK\x03\x04", "a zip archive (or docx/xlsx/epub)"),
    (b"PK\x05\x06", "an empty zip archive"),
    (b"%PDF-", "a PDF document"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"BZh9", "a bzip2 archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7z archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\x7fELF", "an ELF executable"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office document (doc/xls/ppt)"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"ID3", "an MP3 file"),
    (b"OggS", "an Ogg media file"),
    (b"wOFF", "a WOFF font"),
)
LEGACY = ("gb18030", "big5hkscs")
UTF16 = ("utf-16-le", "utf-16-be")
MIN_COMMON = 0.5        # a legacy decoding must give at least this share of common Han chars
MAX_BAD_UTF8 = 0.001    # step 6: share of invalid bytes tolerated in otherwise-UTF-8 text
MAX_CONTROL = 0.05      # more C0 control characters than this → binary
SAMPLE = 20_000
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


class DecodeError(ValueError):
    """Bytes that are not text in a supported encoding; ``str(err)`` is the reason."""


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    note: str = ""


def sniff_binary(data: bytes) -> str | None:
    """``"a PNG image"`` etc. when ``data`` starts with a known binary signature."""
    for magic, what in SIGNATURES:
        if data.startswith(magic):
            return what
    return None


def common_share(text: str, common: frozenset[str], to_simplified: Callable[[str], str] | None = None) -> float:
    """Share of Han characters in (a sample of) ``text`` that are common characters."""
    sample = text[:SAMPLE]
    if to_simplified is not None:
        sample = to_simplified(sample)
    han = HAN.findall(sample)
    return sum(map(common.__contains__, han)) / len(han) if han else 1.0


def _looks_textual(text: str) -> bool:
    if not text:
        return True
    sample = text[:SAMPLE]  # \n \r \t are not printable: counted apart
    printable = sum(map(str.isprintable, sample)) + sum(map(sample.count, "\n\r\t"))
    return printable / min(len(text), SAMPLE) >= 0.95


def _bad_byte(data: bytes, err: UnicodeDecodeError) -> str:
    return f"invalid byte 0x{data[err.start]:02x} at offset {err.start}"


def _strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return None


def _best(data: bytes, codecs: tuple[str, ...], common: frozenset[str],
          t2s: Callable[[str], str]) -> Decoded | None:
    """The strict decoding among ``codecs`` with the largest share of common characters."""
    best: tuple[float, str, str] | None = None
    for codec in codecs:
        text = _strict(data, codec)
        if text is None or (codec.startswith("utf-16") and not _looks_textual(text)):
            continue
        share = common_share(text, common, t2s)
        log.debug("encoding candidate %s: %.2f common characters", codec, share)
        if share >= MIN_COMMON and (best is None or share > best[0]):
            best = (share, codec, text)
    return Decoded(best[2], best[1]) if best else None


def _by_line(data: bytes, common: frozenset[str], t2s: Callable[[str], str]) -> Decoded | None:
    parts: list[str] = []
    used: dict[str, int] = {}
    for raw in data.splitlines(keepends=True):
        text = _strict(raw, "utf-8")
        dec = Decoded(text, "utf-8") if text is not None else _best(raw, LEGACY, common, t2s)
        if dec is None:
            return None
        parts.append(dec.text)
        used[dec.encoding] = used.get(dec.encoding, 0) + 1
    if len(used) < 2:
        return None
    counts = ", ".join(f"{n} lines {codec}" for codec, n in used.items())
    return Decoded("".join(parts), "mixed", f"mixed encodings ({counts})")


def decode_bytes(data: bytes, common: frozenset[str], t2s: Callable[[str], str] = lambda s: s) -> Decoded:
    """Decode ``data`` as described in the module docstring; raises ``DecodeError``."""
    for bom, codec in BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data[len(bom):].decode(codec), codec)
            except UnicodeDecodeError as err:
                raise DecodeError(f"starts with a {codec} byte-order mark but is not valid {codec} "
                                  f"({err.reason} at offset {err.start + len(bom)})") from None
    what = sniff_binary(data)
    if what:
        raise DecodeError(f"binary file ({what}), not text")
    nuls = data.count(0)
    utf16 = UTF16 if len(data) % 2 == 0 else ()
    if nuls:
        dec = _best(data, utf16, common, t2s)
        if dec:
            return Decoded(dec.text, dec.encoding, "UTF-16 without a byte-order mark")
        if nuls * 100 > len(data):
            raise DecodeError(f"binary file ({nuls} NUL bytes), not text")
    try:
        return _repaired(_check_controls(Decoded(data.decode("utf-8"), "utf-8")), common, t2s)
    except UnicodeDecodeError as err:
        utf8_err = err
    if utf8_err.reason == "unexpected end of data" and utf8_err.start >= len(data) - 3:
        return _check_controls(Decoded(data[: utf8_err.start].decode("utf-8"), "utf-8",
                                       f"truncated UTF-8: {len(data) - utf8_err.start} trailing bytes dropped"))
    dec = _best(data, LEGACY + utf16, common, t2s) or _by_line(data, common, t2s)
    if dec:
        return _check_controls(dec)
    lenient = data.decode("utf-8", errors="replace")
    bad = lenient.count("\ufffd") - data.decode("utf-8", errors="ignore").count("\ufffd")
    if bad <= max(1, len(data) * MAX_BAD_UTF8):
        return _check_controls(Decoded(lenient.replace("\ufffd", ""), "utf-8", f"{bad} invalid UTF-8 bytes dropped"))
    raise DecodeError(f"undecodable: not valid UTF-8 ({_bad_byte(data, utf8_err)}) and not "
                      "GB18030 or Big5 Chinese either; convert it to UTF-8")


def _repaired(dec: Decoded, common: frozenset[str], t2s: Callable[[str], str]) -> Decoded:
    """Valid UTF-8 can still carry mojibake from an earlier wrong decoding (step 7)."""
    from kg.reader.mojibake import repair_mojibake

    text, n = repair_mojibake(dec.text, common, t2s)
    return Decoded(text, dec.encoding, f"mojibake repaired on {n} lines") if n else dec


def _check_controls(dec: Decoded) -> Decoded:
    sample = dec.text[:SAMPLE]
    controls = len(CONTROL.findall(sample))
    if sample and controls / len(sample) > MAX_CONTROL:
        raise DecodeError(f"binary file ({controls} control characters in the first {len(sample)}), not text")
    return dec
