"""The hostile and broken input corpus, generated into a temporary folder.

Nothing here is committed as data: every file is made by code (:func:`write_corpus`),
so the 100 MB article and the million-line file cost nothing in the repository. Each
case says what the build must do with it: ``OK`` (read as an article, present in
``extractions.jsonl`` and ``kg.ttl``) or the words the skip reason must contain.
The made-up articles use invented place and person names (山阳县, 王小明 …).
"""
from __future__ import annotations

import io
import json
import os
import shutil
import struct
import subprocess
import sys
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "data" / "corpus"
# ``kg`` in a subprocess, with this interpreter (whatever bin/ folder the console script went to)
KG = [sys.executable, "-c", "import sys; sys.argv[0] = 'kg'; from kg.cli import app; app()"]
VALID = ("001_2e6890469b97fbf0.txt", "003_474a7aeec4351096.txt")   # two sample articles, copied as they are
OK = "OK"
EXIT_SKIPPED = 3

# ---------------------------------------------------------------- hostile text pieces
SCRIPT = "<script>alert(document.cookie)</script>"
TURTLE_BREAKERS = ('"""', "'''", ">", "<", "\\u0022", "\\U0001F600", "\\n", "\\", "@prefix x: <y> .",
                   "^^xsd:string", "_:b0", "#", "\"@en", "\\\\\"", "}", "{")
CONTROLS = "".join(chr(c) for c in (0, 1, 7, 8, 0x0B, 0x0C, 0x1B, 0x7F, 0x85, 0x9B))
INVISIBLE = "\u200b\u200e\u200f\u202a\u202b\u202e\u2066\u2067\u2069\ufeff\u061c"
EMOJI = "🚀👍🏽👨‍👩‍👧🇨🇳🙂"


def para(*sentences: str) -> str:
    return "\n".join(sentences) + "\n"


FILLER = "村里的党员群众积极参与乡村治理工作,村容村貌焕然一新。"


def hostile_article(marker: str, pad: int = 0) -> str:
    """A short made-up article whose names and sentences carry ``marker`` in several places,
    with ``pad`` plain filler sentences after it (to keep a few control characters sparse)."""
    return para(
        f"山阳县“{marker}”村推行{marker}工作法",
        f"山阳县{marker}红旗村党支部书记王{marker}小明介绍,该村推行“三会{marker}一课”制度,"
        "全村共有党员120名。",
        f"河东县委书记李{marker}华表示,“{marker}数字乡村{marker}计划”已覆盖农户3000户。",
        f"青山镇党委书记赵大海说,青山镇在“{marker}”中被评为省级{marker}示范镇。",
    ) + (FILLER * pad + "\n" if pad else "")


def png_bytes() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + bytes(3 * 16) for _ in range(16))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 16, 16, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def zip_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("article.txt", hostile_article("压缩"))
    return buf.getvalue()


def html_page() -> str:
    return (
        "<!DOCTYPE html><html><head><title>山阳县推行“<脚本>”工作法_某某网</title>"
        f"<style>body{{background:url(javascript:alert(1))}} p::after{{content:'{SCRIPT}'}}</style>"
        f"{SCRIPT}<script src='https://evil.example/x.js'></script>"
        "<meta http-equiv='refresh' content='0;url=javascript:alert(1)'></head>"
        "<body onload=\"alert('onload')\">"
        "<iframe src=\"javascript:alert('iframe')\">框架里的字</iframe>"
        "<noscript>请启用脚本</noscript>"
        "<p>山阳县红旗村党支部书记王小明介绍,该村推行“三会一课”制度。"
        "<a href=\"javascript:alert('link')\" onclick=\"steal()\">点击这里</a></p>"
        "<p><img src=x onerror=\"alert('img')\">河东县委书记李华表示,“数字乡村计划”已覆盖农户3000户。</p>"
        "<svg><script>alert('svg')</script></svg>"
        "<p style='display:none'>隐藏的字</p><template><p>模板里的字</p></template>"
        "<p>&lt;script&gt;alert('escaped')&lt;/script&gt; 是页面上写出来的字。</p>"
        "</body></html>"
    )


def long_quoted(n: int) -> str:
    """Quoted names and designations ``n`` characters long, and a quotation never closed."""
    return para("山阳县“" + "长" * n + "”工作法", "该村推行“" + "党" * n + "”制度,被评为“" + "范" * n + "”示范村。",
                "河东县推行“" + "未闭合" * (n // 3), "“" + '"""<>\\' * (n // 8) + "”")


def nested_brackets(depth: int) -> str:
    return para("山阳县" + "(" * depth + "党员120名" + ")" * depth,
                "“" * depth + "三会一课" + "”" * depth + "制度",
                "《【〔{[<" * (depth // 6) + "示范村" + ">]}〕】》" * (depth // 6),
                "(" * depth + "[" * depth + "未闭合的括号")


def nested_html(depth: int) -> str:
    return ("<html><body>" + "<div>" * depth + "<p>山阳县红旗村党支部书记王小明介绍,该村推行“三会一课”制度。</p>"
            + "</div>" * depth + "</body></html>")


def jsonl_lines() -> bytes:
    good = {"id": "jsonl-ok", "title": "标题<script>alert('jsonl-title')</script>\"\"\"", "date": "2023-01-02",
            "source": "某某日报<b>", "authors": ["王\"小明", "李\\华"], "url": "javascript:alert(1)",
            "text": hostile_article('"""<>\\')}
    lines = [
        json.dumps(good, ensure_ascii=False),
        json.dumps({"id": "../../etc/passwd", "text": "山阳县推行三会一课制度。"}),
        json.dumps({"id": "</script><script>alert(1)</script>", "text": "山阳县推行三会一课制度。"}),
        json.dumps({"id": "no-text"}),
        json.dumps(["not", "an", "object"]),
        "{\"id\": \"broken\", \"text\": \"未闭合",
        "[" * 100_000 + "]" * 100_000,
        json.dumps({"id": "nan", "text": float("nan")}),
        json.dumps({"id": "jsonl-ok", "text": "重复的编号。"}),
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")


# ---------------------------------------------------------------- the cases
Writer = Callable[[Path], None]


@dataclass(frozen=True)
class Case:
    """One hostile input: its file name, how to make it, and the expected outcome.

    ``expect`` is ``OK`` or a piece of the skip reason; ``where`` overrides the path
    the report names (a JSONL line ``file:N``); ``doc`` is the document id of an
    ``OK`` case when it is not the file name's stem."""

    name: str
    write: Writer
    expect: str
    where: str | None = None
    doc: str | None = None
    slow: bool = False

    @property
    def doc_id(self) -> str:
        return self.doc or Path(self.name).stem


def _bytes(data: bytes | Callable[[], bytes]) -> Writer:
    return lambda p: p.write_bytes(data() if callable(data) else data)


def _text(text: str | Callable[[], str], encoding: str = "utf-8") -> Writer:
    return lambda p: p.write_bytes((text() if callable(text) else text).encode(encoding))


def _fifo(p: Path) -> None:
    os.mkfifo(p)


def _symlink(target: str) -> Writer:
    return lambda p: p.symlink_to(target)


def _copy(name: str) -> Writer:
    return lambda p: shutil.copyfile(CORPUS / name, p)


def _big_article(p: Path) -> None:
    line = ("山阳县红旗村党支部书记王小明介绍,该村推行“三会一课”制度,全村共有党员120名。" * 20 + "\n").encode()
    with open(p, "wb") as fh:
        for _ in range(100 * 1_000_000 // len(line) + 1):
            fh.write(line)


def _million_lines(p: Path) -> None:
    """A million short lines (2.9 MB): list items, numbers, stray quotes, blank lines."""
    lines = ["山阳县", "1", "<", "\"", "村", "", " ", "党员120名"]
    with open(p, "w", encoding="utf-8") as fh:
        fh.write("山阳县“三会一课”工作法\n")
        fh.writelines(lines[i % len(lines)] + "\n" for i in range(1_000_000))


def _oversized(p: Path) -> None:
    p.write_bytes(("山阳县党员120名。" * 220_000).encode())   # 5.3 MB, over the 5 MB default


TRUNCATED = hostile_article("截断").encode("utf-8") + "断".encode("utf-8")[:2]
MIXED = (para("山阳县“三会一课”工作法", "山阳县红旗村党支部书记王小明介绍,该村推行“三会一课”制度。").encode("utf-8")
         + "河东县委书记李华表示,数字乡村计划已覆盖农户3000户。\n".encode("gb18030")
         + "青山镇党委书记赵大海说,青山镇被评为省级示范镇。\n".encode("utf-8"))
TRADITIONAL = para("山陽縣推行“三會一課”工作法", "山陽縣紅旗村黨支部書記王小明介紹,該村推行“三會一課”制度,全村共有黨員120名。",
                   "河東縣委書記李華表示,數字鄉村計劃已覆蓋農戶3000戶。")
DENSE_CONTROLS = ("山阳县" + CONTROLS[1:] * 3) * 200
GARBAGE = bytes(range(0x80, 0x100)) * 40

CASES: tuple[Case, ...] = (
    Case("empty.txt", _bytes(b""), "empty file"),
    Case("whitespace.txt", _text(" \t\n\r\n\u3000\u00a0\n" * 50), "only white space"),
    Case("invisible-only.txt", _text(INVISIBLE * 20 + "\n" + CONTROLS[1:] * 2), "only white space"),
    Case("image.txt", _bytes(png_bytes), "binary file (a PNG image)"),
    Case("archive.html", _bytes(zip_bytes), "binary file (a zip archive"),
    Case("nul-bytes.txt", _bytes(bytes(500) + "山阳县".encode() * 10), "NUL bytes"),
    Case("dense-controls.txt", _text(DENSE_CONTROLS), "control characters"),
    Case("garbage.txt", _bytes(GARBAGE), "undecodable"),
    Case("truncated-utf8.txt", _bytes(TRUNCATED), OK),
    Case("mixed-encodings.txt", _bytes(MIXED), OK),
    Case("gb18030.txt", _text(hostile_article("国标"), "gb18030"), OK),
    Case("big5.txt", _text(TRADITIONAL, "big5"), OK),
    Case("utf16.txt", _text(hostile_article("十六"), "utf-16"), OK),
    Case("scripts.html", _text(html_page), OK),
    Case("nested.html", _text(lambda: nested_html(5_000)), OK),
    Case("furniture-only.html", _text("<html><body><div>设为首页|加入收藏</div><script>x()</script></body></html>"),
         "nothing left after removing page furniture"),
    Case("no-visible-text.html", _text(f"<html><head>{SCRIPT}</head><body><style>p{{}}</style></body></html>"),
         "no visible text"),
    Case("quotes.txt", _text(hostile_article('"\'“”‘’「」')), OK),
    Case("angles-backslashes.txt", _text(hostile_article("<>\\&")), OK),
    Case("controls.txt", _text(hostile_article(CONTROLS, pad=40)), OK),
    Case("emoji-rtl.txt", _text(hostile_article(EMOJI + INVISIBLE + "مرحبا")), OK),
    Case("turtle-breakers.txt", _text(hostile_article("".join(TURTLE_BREAKERS))), OK),
    Case("newline-in-quotes.txt", _text(hostile_article("\\n\r\n\u2028\u2029\x85")), OK),
    Case("long-quoted.txt", _text(lambda: long_quoted(20_000)), OK),
    Case("nested-brackets.txt", _text(lambda: nested_brackets(4_000)), OK),
    Case("oversized.txt", _oversized, "over the 5.0 MB limit"),
    Case("articles.jsonl", _bytes(jsonl_lines), OK, doc="jsonl-ok"),
    Case("articles.jsonl", _bytes(b""), "not a safe name", where="articles.jsonl:2"),
    Case("articles.jsonl", _bytes(b""), "not a safe name", where="articles.jsonl:3"),
    Case("articles.jsonl", _bytes(b""), "field \"text\" must be a string", where="articles.jsonl:4"),
    Case("articles.jsonl", _bytes(b""), "expected a JSON object", where="articles.jsonl:5"),
    Case("articles.jsonl", _bytes(b""), "not valid JSON", where="articles.jsonl:6"),
    Case("articles.jsonl", _bytes(b""), "nested too deeply", where="articles.jsonl:7"),
    Case("articles.jsonl", _bytes(b""), "field \"text\" must be a string", where="articles.jsonl:8"),
    Case("articles.jsonl", _bytes(b""), "already read", where="articles.jsonl:9"),
    Case("pipe.txt", _fifo, "not a regular file"),
    Case("zero.txt", _symlink("/dev/zero"), "not a regular file"),
    Case("dangling.txt", _symlink("does-not-exist.txt"), "cannot read"),
    Case("名字\"<x>\\'.txt", _text(hostile_article("名")), OK),
    Case("new\nline.txt", _text(hostile_article("行")), OK),
    Case(b"bytes-\xff\xfe-name.txt".decode("utf-8", "surrogateescape"), _text(hostile_article("字节")),
         "file name is not valid UTF-8"),
    Case("replacement-\ufffd-name.txt", _text(hostile_article("替")), "not valid UTF-8"),
    Case("nonchar-\ufffe-name.txt", _text(hostile_article("替")), "not valid UTF-8"),
    Case("dup/001_2e6890469b97fbf0.txt", _text(hostile_article("重")), "already read"),
    Case("big-100mb.txt", _big_article, "over the 5.0 MB limit", slow=True),
    Case("million-lines.txt", _million_lines, "more than --max-entities", slow=True),  # 125 k metrics: a runaway page
    Case("long-quoted-big.txt", _text(lambda: long_quoted(300_000)), OK, slow=True),
    Case("nested-brackets-big.txt", _text(lambda: nested_brackets(60_000)), OK, slow=True),
    Case("nested-big.html", _text(lambda: nested_html(200_000)), OK, slow=True),
)


@dataclass(frozen=True)
class Expected:
    """What the build must report for one input: ``path`` as the report names it, the
    outcome (``OK`` or a piece of the skip reason) and, for ``OK``, the document id."""

    path: str
    expect: str
    doc: str


def write_corpus(folder: Path, slow: bool = False) -> list[Expected]:
    """Write the hostile corpus and the two valid articles into ``folder``; slow cases
    only when ``slow``. The valid articles sit in ``a-valid/``, first in the sorted walk,
    so the later file with the same name in ``dup/`` is the one skipped."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "a-valid").mkdir(exist_ok=True)
    expected: list[Expected] = []
    for name in VALID:
        shutil.copyfile(CORPUS / name, folder / "a-valid" / name)
        expected.append(Expected(str(folder / "a-valid" / name), OK, Path(name).stem))
    for case in CASES:
        if case.slow and not slow:
            continue
        path = folder / case.name
        if case.where is None:
            path.parent.mkdir(parents=True, exist_ok=True)
            case.write(path)
        expected.append(Expected(str(folder / (case.where or case.name)), case.expect, case.doc_id))
    return expected


# ---------------------------------------------------------------- running kg build
@dataclass
class BuildRun:
    out: Path
    returncode: int
    stdout: str
    stderr: str

    def file(self, name: str) -> Path:
        return self.out / name


def run_kg(*args: str | Path, timeout: float = 600, **kwargs) -> subprocess.CompletedProcess[str]:
    """``kg ARGS…`` in a subprocess (the installed console script), text output."""
    env = {**os.environ, "PYTHONHASHSEED": os.environ.get("PYTHONHASHSEED", "random"), "COLUMNS": "200"}
    return subprocess.run([*KG, *map(str, args)], capture_output=True, text=True, timeout=timeout,
                          errors="backslashreplace", env=env, **kwargs)


def kg_build(inputs: list[Path], out: Path, *extra: str, timeout: float = 600) -> BuildRun:
    proc = run_kg("build", *inputs, "--out", out, "--no-progress", *extra, timeout=timeout)
    return BuildRun(out, proc.returncode, proc.stdout, proc.stderr)


@pytest.fixture(scope="session")
def hostile_corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Expected]]:
    folder = tmp_path_factory.mktemp("hostile") / "in"
    return folder, write_corpus(folder)


@pytest.fixture(scope="session")
def hostile_build(hostile_corpus: tuple[Path, list[Expected]],
                  tmp_path_factory: pytest.TempPathFactory) -> BuildRun:
    """``kg build --save-text`` once over the hostile corpus plus a PNG named on the command line."""
    folder, _ = hostile_corpus
    png = folder.parent / "photo.png"
    png.write_bytes(png_bytes())
    return kg_build([folder, png], tmp_path_factory.mktemp("hostile-out") / "out", "--save-text")
