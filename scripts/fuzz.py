#!/usr/bin/env python3
"""Fuzz the reader and the whole pipeline with generated inputs (hypothesis at scale).

Each input is a file: a mutated piece of a sample article from ``data/corpus`` (hostile
tokens spliced in, ranges deleted, repeated or swapped, huge numerals, deep brackets,
then encoded in UTF-8, GB18030, Big5 or UTF-16 and mutated again at the byte level),
an HTML page or a JSONL file wrapped around one, or plain random bytes or Unicode. Each
goes through what ``kg build`` does to it, in this process:

1. the reader (``iter_articles``): an ``Article`` or a ``Skipped`` with a reason, never
   an exception;
2. extraction (the spaCy pipeline): a record that is strict JSON and whose mention and
   evidence offsets point at the text they quote;
3. the exporters ``jsonl``, ``ttl`` and ``html`` on that record, written atomically
   into a scratch folder: the Turtle must parse (pyoxigraph) and the viewer page must
   hold only its own three scripts.

Any exception, broken invariant or input taking over ``--timeout`` seconds is a failure: the input is saved under
``--out/failures/`` with its traceback (``HASH.SUFFIX``, ``HASH.traceback``), and the run goes on (hypothesis generates, it
does not stop at the first failure). ``--jobs N`` runs N processes with seeds
``seed … seed+N-1``. The result (inputs, articles, skipped, time, failures by kind) is
printed as JSON and written to ``--out/result.json``.

    .venv/bin/python scripts/fuzz.py --inputs 10000 --jobs 2 --out /tmp/kg-fuzz
    .venv/bin/python scripts/fuzz.py --inputs 300          # the CI run (tests/hostile/test_fuzz.py)
    .venv/bin/python scripts/fuzz.py --replay /tmp/kg-fuzz/failures   # after a fix: check them again
"""
from __future__ import annotations

import argparse
import hashlib
import json
import logging
import multiprocessing as mp
import signal
import sys
import tempfile
import time
import traceback
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "data" / "corpus"
MAX_PIECE = 2500          # characters of a sample article per input: keeps one input under ~0.1 s

HOSTILE = ['"""', "'''", "<", ">", "\\", "\\u0022", "\\U0001F600", "\x00", "\x01", "\x1b", "\x7f", "\x85",
           "\u200b", "\u200f", "\u202e", "\u2028", "\ufeff", "\ufffd", "\ufffe", "\U0001f680", "👨‍👩‍👧", "مرحبا",
           "<script>alert(1)</script>", "javascript:alert(1)", "]]>", "&amp;", "&#0;", "@prefix x: <y> .",
           "^^xsd:decimal", "_:b0", "\" } ; DROP ALL ; #", "'}) DETACH DELETE n //", "%", "%zz", "\r\n", "\r",
           "\t", "\u3000", "“", "”", "《", "》", "（", "）", "(dang)", "黨", "縣", "村", "县", "镇", "党委书记",
           "记者", "来源:", "编辑:", "2022-13-45", "9" * 400, "一亿亿亿", "十十", "两千万余", "80%以上",
           "万", "亿", "名", "户", "元", "年", "余", "近", "约"]
ENCODINGS = ["utf-8"] * 6 + ["gb18030", "big5", "utf-16", "utf-8-sig", "utf-16-be"]
SUFFIXES = [".txt"] * 6 + [".html", ".htm", ".jsonl"]
TAGS = ["p", "div", "span", "script", "style", "iframe", "a", "img", "svg", "noscript", "template", "br",
        "table", "td", "pre", "title", "meta", "h1", "li", "b"]

log = logging.getLogger("kg")


# ---------------------------------------------------------------- generation
def samples() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))]


@st.composite
def mutated_text(draw: st.DrawFn, texts: list[str]) -> str:
    base = draw(st.sampled_from(texts))
    start = draw(st.integers(0, max(0, len(base) - 1)))
    text = base[start:start + draw(st.integers(0, MAX_PIECE))]
    for _ in range(draw(st.integers(0, 8))):
        op = draw(st.sampled_from(["insert", "insert", "delete", "repeat", "swap", "digits", "nest", "case"]))
        n = len(text)
        i = draw(st.integers(0, n))
        j = draw(st.integers(i, min(n, i + 200)))
        if op == "insert":
            text = text[:i] + draw(st.sampled_from(HOSTILE) | st.text(max_size=6)) + text[i:]
        elif op == "delete":
            text = text[:i] + text[j:]
        elif op == "repeat":
            text = text[:j] + text[i:j] * draw(st.integers(1, 30)) + text[j:]
        elif op == "swap":
            k = draw(st.integers(0, n))
            text = text[k:] + text[:k] if i == j else text[:i] + text[j:] + text[i:j]
        elif op == "digits":
            text = text[:i] + draw(st.sampled_from(["9" * 330, "1.5万亿", "0.000001", "１２３", "3,000,000"])) + text[i:]
        elif op == "nest":
            d = draw(st.integers(1, 3000))
            pair = draw(st.sampled_from(["()", "“”", "《》", "[]", "{}", "<>", "（）"]))
            text = text[:i] + pair[0] * d + text[i:j] + pair[1] * draw(st.sampled_from([0, d])) + text[j:]
        else:
            text = text[:i] + text[i:j].upper() + text[j:]
    return text


@st.composite
def mutated_bytes(draw: st.DrawFn, data: bytes) -> bytes:
    for _ in range(draw(st.integers(0, 3))):
        op = draw(st.sampled_from(["flip", "truncate", "insert", "cut-char"]))
        i = draw(st.integers(0, len(data)))
        if op == "flip" and data:
            i = min(i, len(data) - 1)
            data = data[:i] + bytes([data[i] ^ draw(st.integers(1, 255))]) + data[i + 1:]
        elif op == "truncate":
            data = data[:i]
        elif op == "insert":
            data = data[:i] + draw(st.binary(min_size=1, max_size=16)) + data[i:]
        elif op == "cut-char":      # a multi-byte character cut in two
            data = data[:i] + data[i + 1:]
    return data


def encode(text: str, encoding: str) -> bytes:
    return text.encode(encoding, errors="replace" if encoding in ("gb18030", "big5") else "surrogatepass")


@st.composite
def html_page(draw: st.DrawFn, text: str) -> str:
    parts = ["<!DOCTYPE html><html><head>"]
    if draw(st.booleans()):
        parts.append(f"<title>{text[:40]}</title>")
    if draw(st.booleans()):
        parts.append(f"<meta name=\"author\" content=\"{draw(st.sampled_from(HOSTILE))}\">")
    parts.append("</head><body>")
    for para in text.split("\n"):
        tag = draw(st.sampled_from(TAGS))
        attr = draw(st.sampled_from(["", " hidden", " style='display:none'", " onclick=\"alert(1)\"",
                                     " href='javascript:alert(1)'", " aria-hidden=true", " class='x'"]))
        close = draw(st.sampled_from([f"</{tag}>", "", f"</{tag}></{tag}>"]))
        parts.append(f"<{tag}{attr}>{para}{close}")
    parts.append(draw(st.sampled_from(["</body></html>", "", "<div>" * 500])))
    return "".join(parts)


JSON_VALUES = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
                           lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner,
                                                                                        max_size=4), max_leaves=10)


@st.composite
def jsonl_file(draw: st.DrawFn, texts: list[str]) -> str:
    lines = []
    for n in range(draw(st.integers(1, 4))):
        obj: dict[str, Any] = {"id": draw(st.sampled_from([f"doc-{n}", "doc-0", "../x", "", "a" * 250, n, None])),
                               "text": draw(mutated_text(texts) | JSON_VALUES)}
        for key in draw(st.lists(st.sampled_from(["title", "date", "source", "url", "authors", "editors", "x"]),
                                 max_size=4)):
            obj[key] = draw(JSON_VALUES | st.sampled_from(HOSTILE))
        line = json.dumps(obj, ensure_ascii=draw(st.booleans()))
        lines.append(draw(st.sampled_from([line, line, line[:len(line) // 2], "", "[" * 3000])))
    return "\n".join(lines) + "\n"


@st.composite
def fuzz_input(draw: st.DrawFn, texts: list[str]) -> tuple[str, bytes]:
    """``(suffix, bytes)`` of one generated input file."""
    kind = draw(st.sampled_from(["text"] * 6 + ["html"] * 2 + ["jsonl", "bytes", "unicode"]))
    if kind == "bytes":
        return draw(st.sampled_from(SUFFIXES)), draw(st.binary(max_size=3000))
    if kind == "unicode":
        return draw(st.sampled_from(SUFFIXES)), draw(st.text(max_size=1500)).encode("utf-8", "surrogatepass")
    if kind == "jsonl":
        return ".jsonl", draw(mutated_bytes(draw(jsonl_file(texts)).encode("utf-8")))
    text = draw(mutated_text(texts))
    if kind == "html":
        text = draw(html_page(text))
    return (".html" if kind == "html" else ".txt"), draw(mutated_bytes(encode(text, draw(st.sampled_from(ENCODINGS)))))


# ---------------------------------------------------------------- checking
class Broken(AssertionError):
    """An output invariant that does not hold (as opposed to an exception)."""


class Hang(BaseException):
    """One input took longer than ``--timeout`` seconds (a regex backtracking for ever …);
    a ``BaseException``, so that no ``except Exception`` on the way turns it into a skip."""


def _alarm(_signum: int, frame: Any) -> None:
    raise Hang("over the time limit, in " + " < ".join(
        f"{Path(f.f_code.co_filename).name}:{f.f_lineno}" for f in _frames(frame)[:4]))


def _frames(frame: Any) -> list[Any]:
    out = []
    while frame is not None:
        out.append(frame)
        frame = frame.f_back
    return out


@dataclass
class Stats:
    inputs: int = 0
    articles: int = 0
    skipped: int = 0
    chars: int = 0
    facts: Counter = field(default_factory=Counter)
    failures: list[dict[str, Any]] = field(default_factory=list)
    kinds: Counter = field(default_factory=Counter)
    seconds: float = 0.0

    def merge(self, other: "Stats") -> None:
        self.inputs += other.inputs
        self.articles += other.articles
        self.skipped += other.skipped
        self.chars += other.chars
        self.facts.update(other.facts)
        self.failures += other.failures
        self.kinds.update(other.kinds)


class Pipeline:
    """What ``kg build`` does to one input file, step by step, with the invariants checked."""

    def __init__(self, scratch: Path) -> None:
        from kg.export import get_exporter
        from kg.nlp.pipeline import make_nlp
        from kg.reader.rules import load_reader_data

        self.nlp = make_nlp("char")
        load_reader_data()
        self.scratch = scratch
        self.exporters = [get_exporter(f) for f in ("jsonl", "ttl", "html")]

    def check(self, path: Path, stats: Stats) -> None:
        import pyoxigraph as ox

        from kg.export import ExportContext
        from kg.nlp.extract import extract
        from kg.reader import Skipped, iter_articles
        from kg.records import Article

        records = []
        for item in iter_articles([path]):
            if isinstance(item, Skipped):
                if not (isinstance(item.reason, str) and item.reason):
                    raise Broken(f"a skip without a reason: {item!r}")
                stats.skipped += 1
                continue
            if not isinstance(item, Article) or not item.text.strip():
                raise Broken(f"the reader gave {type(item).__name__} with text {getattr(item, 'text', '')!r:.80}")
            stats.articles += 1
            rec = extract(self.nlp, item).to_dict()
            line = json.dumps(rec, ensure_ascii=False, allow_nan=False)
            check_offsets(json.loads(line), item.text)
            records.append(rec)
            stats.chars += len(item.text)
            stats.facts.update({k: len(rec[k]) for k in ("entities", "relations", "metrics")})
        if not records:
            return
        out = self.scratch / "out"
        ctx = ExportContext(records=records)
        for exp in self.exporters:
            exp.fn(ctx, out / exp.filename)
        list(ox.parse(path=str(out / "kg.ttl"), format=ox.RdfFormat.TURTLE))
        page = (out / "kg.html").read_text(encoding="utf-8")
        if page.count("</script") != 3:
            raise Broken(f"kg.html has {page.count('</script')} script ends, not 3")
        stray = [p.name for p in out.iterdir() if p.name not in ("extractions.jsonl", "kg.ttl", "kg.html")]
        if stray:
            raise Broken(f"files left beside the outputs: {stray}")


def check_offsets(rec: dict[str, Any], text: str) -> None:
    """Every mention and evidence span is inside the text and quotes what it points at."""
    spans = [m for e in rec.get("entities", []) for m in e.get("mentions", [])]
    spans += [r["evidence"] for r in rec.get("relations", []) if r.get("evidence")]
    spans += [m["evidence"] for m in rec.get("metrics", []) if m.get("evidence")]
    for sp in spans:
        start, end = sp.get("start"), sp.get("end")
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start <= end <= len(text)):
            raise Broken(f"span {start}:{end} outside a text of {len(text)} characters")
        if sp.get("text") is not None and text[start:end] != sp["text"]:
            raise Broken(f"span {start}:{end} quotes {sp['text']!r:.60} but the text there is "
                         f"{text[start:end]!r:.60}")


def where(err: BaseException) -> str:
    """``file:line`` of the innermost frame inside kg (or the last one) that raised."""
    frames = traceback.extract_tb(err.__traceback__)
    ours = [f for f in frames if "/kg/" in f.filename] or frames
    f = ours[-1] if ours else None
    return f"{Path(f.filename).relative_to(ROOT) if f and str(ROOT) in f.filename else f.filename}:{f.lineno}" \
        if f else "?"


def worker(args: tuple[int, int, str | None, float]) -> Stats:
    n, seed_, out, limit = args
    logging.getLogger("kg").setLevel(logging.CRITICAL)   # skips and repairs are expected by the thousand
    texts = samples()
    stats = Stats()
    failures_dir = Path(out) / "failures" if out else None
    with tempfile.TemporaryDirectory(prefix="kg-fuzz-") as tmp:
        pipe = Pipeline(Path(tmp))
        signal.signal(signal.SIGALRM, _alarm)
        t0 = time.perf_counter()

        @seed(seed_)
        @settings(max_examples=n, database=None, deadline=None, phases=[Phase.generate],
                  suppress_health_check=list(HealthCheck))
        @given(fuzz_input(texts))
        def one(inp: tuple[str, bytes]) -> None:
            suffix, data = inp
            stats.inputs += 1
            path = Path(tmp) / f"input{suffix}"
            path.write_bytes(data)
            signal.setitimer(signal.ITIMER_REAL, limit)
            try:
                pipe.check(path, stats)
                signal.setitimer(signal.ITIMER_REAL, 0)
            except (Exception, Hang) as err:  # noqa: BLE001 - every failure is recorded, the run goes on
                signal.setitimer(signal.ITIMER_REAL, 0)
                kind = f"{type(err).__name__} at {where(err)}"
                stats.kinds[kind] += 1
                digest = hashlib.sha1(data).hexdigest()[:12]
                entry = {"kind": kind, "message": str(err)[:300], "input": f"{digest}{suffix}", "seed": seed_}
                stats.failures.append(entry)
                if failures_dir is not None:
                    failures_dir.mkdir(parents=True, exist_ok=True)
                    (failures_dir / f"{digest}{suffix}").write_bytes(data)
                    (failures_dir / f"{digest}.traceback").write_text(
                        "".join(traceback.format_exception(err)), encoding="utf-8")
            finally:
                for p in Path(tmp).iterdir():
                    if p.is_file():
                        p.unlink()

        one()
        stats.seconds = time.perf_counter() - t0
    return stats


def run_fuzz(inputs: int, seed_: int = 1, jobs: int = 1, out: str | Path | None = None,
             timeout: float = 30.0) -> dict[str, Any]:
    """Run ``inputs`` generated inputs over ``jobs`` processes; the result as a dict. An input
    that takes more than ``timeout`` seconds is a failure of kind ``Hang``."""
    t0 = time.perf_counter()
    shares = [inputs // jobs + (i < inputs % jobs) for i in range(jobs)]
    tasks = [(n, seed_ + i, str(out) if out else None, timeout) for i, n in enumerate(shares) if n]
    if jobs == 1:
        parts = [worker(tasks[0])]
    else:
        with mp.get_context("fork").Pool(jobs) as pool:
            parts = pool.map(worker, tasks)
    total = Stats()
    for part in parts:
        total.merge(part)
    result = {"inputs": total.inputs, "articles": total.articles, "skipped": total.skipped,
              "article_chars": total.chars, **{k: total.facts[k] for k in ("entities", "relations", "metrics")},
              "seconds": round(time.perf_counter() - t0, 1), "jobs": jobs, "seed": seed_,
              "failures": len(total.failures), "kinds": dict(total.kinds.most_common()),
              "examples": {k: next(f for f in total.failures if f["kind"] == k) for k in total.kinds}}
    if out:
        Path(out).mkdir(parents=True, exist_ok=True)
        (Path(out) / "result.json").write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    return result


def replay(folder: str | Path, timeout: float = 30.0) -> dict[str, Any]:
    """Run the saved inputs of an earlier run (``--out/failures/``) through the checks again."""
    logging.getLogger("kg").setLevel(logging.CRITICAL)
    inputs = sorted(p for p in Path(folder).iterdir() if p.suffix in (".txt", ".html", ".htm", ".jsonl"))
    results: dict[str, str] = {}
    signal.signal(signal.SIGALRM, _alarm)
    with tempfile.TemporaryDirectory(prefix="kg-fuzz-") as tmp:
        pipe = Pipeline(Path(tmp))
        for path in inputs:
            signal.setitimer(signal.ITIMER_REAL, timeout)
            try:
                pipe.check(path, Stats())
                results[path.name] = "ok"
            except (Exception, Hang) as err:  # noqa: BLE001 - reported per input
                results[path.name] = f"{type(err).__name__} at {where(err)}: {str(err)[:200]}"
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
    return {"inputs": len(inputs), "failures": sum(v != "ok" for v in results.values()), "results": results}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--inputs", type=int, default=10_000, help="how many inputs to generate (default 10000)")
    ap.add_argument("--seed", type=int, default=1, help="seed of the first process (default 1)")
    ap.add_argument("--jobs", type=int, default=1, help="processes (default 1)")
    ap.add_argument("--out", type=Path, default=None, help="folder for result.json and failing inputs")
    ap.add_argument("--timeout", type=float, default=30.0, help="seconds one input may take (default 30)")
    ap.add_argument("--replay", type=Path, default=None, metavar="DIR",
                    help="instead of generating, check the inputs saved in DIR (an earlier --out/failures)")
    args = ap.parse_args(argv)
    if args.replay:
        result = replay(args.replay, args.timeout)
    else:
        result = run_fuzz(args.inputs, args.seed, max(1, args.jobs), args.out, args.timeout)
    json.dump(result, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")
    return 1 if result["failures"] else 0


if __name__ == "__main__":
    sys.exit(main())
