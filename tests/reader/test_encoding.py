from __future__ import annotations

import io
import zipfile

import opencc
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.reader.encoding import DecodeError, decode_bytes, sniff_binary
from kg.reader.normalize import to_simplified

# a fragment of sample 002 (simplified) and its traditional form
SIMPLIFIED = ("近3年,陕西累计整顿软弱涣散村级党组织3992个,扶贫干部队伍能力整体提升,村集体经济扶持壮大,"
              "探索了多种经营模式,带动4600个“空壳村”实现集体经济从无到有的转变。\n")
TRADITIONAL = opencc.OpenCC("s2t").convert(SIMPLIFIED)


def decode(data: bytes, common: frozenset[str]):
    return decode_bytes(data, common, to_simplified)


@pytest.mark.parametrize("data, encoding, text", [
    (SIMPLIFIED.encode("utf-8"), "utf-8", SIMPLIFIED),
    (b"\xef\xbb\xbf" + SIMPLIFIED.encode("utf-8"), "utf-8", SIMPLIFIED),
    (SIMPLIFIED.encode("utf-16"), "utf-16-le", SIMPLIFIED),                  # with BOM
    (b"\xfe\xff" + SIMPLIFIED.encode("utf-16-be"), "utf-16-be", SIMPLIFIED),
    (SIMPLIFIED.encode("utf-16-le"), "utf-16-le", SIMPLIFIED),               # no BOM
    (SIMPLIFIED.encode("gb18030"), "gb18030", SIMPLIFIED),
    (SIMPLIFIED.encode("gbk"), "gb18030", SIMPLIFIED),
    (TRADITIONAL.encode("big5"), "big5hkscs", TRADITIONAL),
    (TRADITIONAL.encode("gb18030"), "gb18030", TRADITIONAL),                # traditional script in GB
    ("黨建引領基層治理".encode("big5"), "big5hkscs", "黨建引領基層治理"),        # short Big5
    ("党建引领基层治理".encode("gbk"), "gb18030", "党建引领基层治理"),          # short GBK
], ids=["utf8", "utf8-bom", "utf16-bom", "utf16be-bom", "utf16-no-bom", "gb18030", "gbk", "big5",
        "traditional-gb18030", "short-big5", "short-gbk"])
def test_encoding_detected(data: bytes, encoding: str, text: str, data_common) -> None:
    decoded = decode(data, data_common)
    assert (decoded.encoding, decoded.text) == (encoding, text)


def test_encoding_truncated_utf8_keeps_the_rest(data_common) -> None:
    decoded = decode(SIMPLIFIED.encode("utf-8") + "党".encode("utf-8")[:2], data_common)
    assert decoded.text.startswith("近3年") and "truncated" in decoded.note


def test_encoding_mixed_lines(data_common) -> None:
    decoded = decode(SIMPLIFIED.encode("utf-8") + SIMPLIFIED.encode("gbk"), data_common)
    assert decoded.text == SIMPLIFIED * 2 and decoded.encoding == "mixed"


def _zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("a.txt", SIMPLIFIED)
    return buf.getvalue()


@pytest.mark.parametrize("data, reason", [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64), "PNG image"),
    (_zip(), "zip archive"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF document"),
    (b"\x7fELF\x02\x01\x01" + bytes(32), "ELF executable"),
    (b"\x00\x00\x00\x2a\x93\x00\x01" * 40, "NUL bytes"),
    (bytes(range(256)) * 8, "undecodable"),
    (b"\x01\x02\x03\x04abc\x05\x06\x07\x08" * 50, "control characters"),
    ("café résumé naïve".encode("latin-1"), "undecodable"),
    (b"\xff\xfe\x00\xd8", "not valid utf-16-le"),                           # BOM then a lone surrogate
], ids=["png", "zip", "pdf", "elf", "nul-bytes", "random-bytes", "controls", "latin1", "bad-utf16"])
def test_encoding_rejects(data: bytes, reason: str, data_common) -> None:
    with pytest.raises(DecodeError, match=reason):
        decode(data, data_common)


@pytest.mark.parametrize("data, expected", [
    (b"\x89PNG\r\n\x1a\nrest", "a PNG image"),
    (b"PK\x03\x04rest", "a zip archive (or docx/xlsx/epub)"),
    (SIMPLIFIED.encode("utf-8"), None),
], ids=["png", "zip", "text"])
def test_encoding_sniff_binary(data: bytes, expected: str | None) -> None:
    assert sniff_binary(data) == expected


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.binary(max_size=300) | st.text(max_size=100).map(lambda t: t.encode("utf-8")))
def test_encoding_any_bytes_decode_or_refuse(data_common, data: bytes) -> None:
    try:
        decoded = decode(data, data_common)
    except DecodeError as err:
        assert str(err)
    else:
        assert isinstance(decoded.text, str)
