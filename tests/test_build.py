"""kg.build and kg.engine: parallel, Dask, incremental and interrupted builds give the outputs they must.

The corpus is small synthetic articles (bench/synth.py) in .txt and .jsonl files, so
every build takes a second or two; outputs are compared byte for byte.
"""
from __future__ import annotations

import gc
import importlib.util
import json
import os
import signal
import subprocess
import sys
import time
import weakref
from pathlib import Path

import pytest
from typer.testing import CliRunner

import kg.build as kb
from kg.batching import batches
from kg.build import BuildOptions, build
from kg.engine.distributed import merge, partition, shard_path
from kg.engine.incremental import UpdateError
from kg.engine.worker import Done, item_chars
from kg.reader import Skipped
from kg.records import Article

ROOT = Path(__file__).resolve().parent.parent
FILES = ("extractions.jsonl", "kg.ttl", "kg.html", "manifest.json")
FAST = ("jsonl", "ttl")


def _synth():
    if "kg_bench_synth" not in sys.modules:
        spec = importlib.util.spec_from_file_location("kg_bench_synth", ROOT / "bench" / "synth.py")
        mod = sys.modules["kg_bench_synth"] = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
    return sys.modules["kg_bench_synth"]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> dict[str, Path]:
    """A/ 7 .txt articles, B/ a .jsonl of 5 (some traditional, some with page furniture)."""
    root = tmp_path_factory.mktemp("corpus")
    gen = _synth().Generator(seed=3, counties=2, towns=2, chars=500, traditional=0.3, junk=0.3)
    arts = list(gen.articles(12))
    (root / "A").mkdir()
    for art in arts[:7]:
        (root / "A" / f"{art['id']}.txt").write_text(art["text"], encoding="utf-8")
    (root / "B").mkdir()
    with open(root / "B" / "more.jsonl", "w", encoding="utf-8") as fh:
        for art in arts[7:]:
            fh.write(json.dumps(art, ensure_ascii=False) + "\n")
    return {"root": root, "A": root / "A", "B": root / "B"}


def outputs(folder: Path) -> dict[str, bytes]:
    found = {name: (folder / name).read_bytes() for name in FILES if (folder / name).exists()}
    found.update({f"text/{p.name}": p.read_bytes() for p in sorted((folder / "text").glob("*.txt"))})
    return found


@pytest.fixture(scope="module")
def full(corpus, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("full")
    report = build([corpus["A"], corpus["B"]], out, BuildOptions(save_text=True))
    assert report.articles == 12 and report.ok
    return out


def test_build_writes_every_output_and_manifest(full):
    files = outputs(full)
    assert set(FILES) <= set(files) and len([k for k in files if k.startswith("text/")]) == 12
    manifest = json.loads(files["manifest.json"])
    docs = [json.loads(line)["doc"] for line in files["extractions.jsonl"].decode().splitlines()]
    assert [d for d, _ in manifest["docs"]] == docs
    assert not [p for p in full.iterdir() if p.name.startswith(".")]  # no temporary or lock files left


def test_build_with_progress_says_which_output_it_is_writing(corpus, tmp_path, capsys):
    """After the articles' bar, a large graph takes minutes to write: each output is announced."""
    build([corpus["A"]], tmp_path / "p", BuildOptions(formats=("jsonl", "ttl", "html"), progress=True))
    err = capsys.readouterr().err
    assert "writing kg.ttl" in err and "writing kg.html" in err and "writing extractions.jsonl" not in err
    build([corpus["A"]], tmp_path / "q", BuildOptions(formats=("ttl",), progress=False))
    assert "writing" not in capsys.readouterr().err


def test_build_jobs2_equals_jobs1(corpus, full, tmp_path):
    report = build([corpus["A"], corpus["B"]], tmp_path, BuildOptions(save_text=True, jobs=2))
    assert report.articles == 12
    assert outputs(tmp_path) == outputs(full)


def test_build_dask_local_cluster_equals_local(corpus, full, tmp_path):
    from dask.distributed import LocalCluster

    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=":0") as cluster:
        report = build([corpus["A"], corpus["B"]], tmp_path,
                       BuildOptions(save_text=True, engine="dask", scheduler=cluster.scheduler_address))
    assert report.articles == 12
    assert outputs(tmp_path) == outputs(full)
    assert not (tmp_path / "shards").exists()


def test_build_update_equals_full_rebuild(corpus, full, tmp_path):
    build([corpus["A"]], tmp_path, BuildOptions(save_text=True))
    report = build([corpus["B"]], tmp_path, BuildOptions(save_text=True, update=True))
    assert (report.articles, report.unchanged, report.records) == (5, 0, 12)
    assert outputs(tmp_path) == outputs(full)
    again = build([corpus["A"], corpus["B"]], tmp_path, BuildOptions(save_text=True, update=True))
    assert (again.articles, again.unchanged) == (0, 12)
    assert outputs(tmp_path) == outputs(full)


def test_build_update_reprocesses_changed_article(corpus, tmp_path):
    changed = tmp_path / "A2"
    changed.mkdir()
    for p in sorted(corpus["A"].iterdir()):
        (changed / p.name).write_text(p.read_text(encoding="utf-8"), encoding="utf-8")
    first = sorted(changed.iterdir())[1]
    lines = first.read_text(encoding="utf-8").splitlines(keepends=True)
    lines.insert(4, "村党支部书记韩立新表示，将继续推进工作。\n")  # in the body, not after a page trailer
    first.write_text("".join(lines), encoding="utf-8")
    build([corpus["A"]], tmp_path / "u", BuildOptions(formats=FAST))
    report = build([changed, corpus["B"]], tmp_path / "u", BuildOptions(formats=FAST, update=True))
    assert (report.articles, report.unchanged) == (6, 6)
    build([changed, corpus["B"]], tmp_path / "f", BuildOptions(formats=FAST))
    assert outputs(tmp_path / "u") == outputs(tmp_path / "f")


def test_build_unknown_engine_says_which_exist(corpus, tmp_path):
    from kg.engine import EngineError

    with pytest.raises(EngineError, match="choose one of local, dask"):
        build([corpus["B"]], tmp_path, BuildOptions(engine="spark"))
    assert not (tmp_path / "extractions.jsonl").exists()


def test_build_update_refuses_other_settings(corpus, tmp_path):
    build([corpus["B"]], tmp_path, BuildOptions(formats=FAST))
    with pytest.raises(UpdateError, match="other settings"):
        build([corpus["A"]], tmp_path, BuildOptions(formats=FAST, update=True, base_iri="https://example.org/x/"))
    with pytest.raises(UpdateError, match="does not exist"):
        build([corpus["A"]], tmp_path / "none", BuildOptions(formats=FAST, update=True))


def test_build_streaming_keeps_no_article(corpus, monkeypatch, tmp_path):
    """While article k is read, the articles before it are gone (jobs=1: one in flight)."""
    import kg.reader.files as files

    refs: list[weakref.ref] = []
    alive: list[int] = []
    real = files.read_unit

    def tracking(unit, options=None):
        found = real(unit, options)
        for item in found:
            if isinstance(item, Article):
                gc.collect()
                alive.append(sum(r() is not None for r in refs))
                refs.append(weakref.ref(item))
        return found

    monkeypatch.setattr(files, "read_unit", tracking)
    build([corpus["A"], corpus["B"]], tmp_path, BuildOptions(formats=FAST))
    assert len(alive) == 12 and max(alive) <= 1


def test_chunks_and_partition_keep_order(tmp_path):
    items = [Skipped("x", "bad")] + [Article(str(i), "字" * 50) for i in range(7)]
    chunks = list(batches(items, 3, size=item_chars, max_size=10_000))
    assert [len(c) for c in chunks] == [3, 3, 2] and sum(chunks, []) == items
    assert [len(c) for c in batches(items, 100, size=item_chars, max_size=120)] == [4, 3, 1]
    files = []
    for i in range(6):
        files.append(tmp_path / f"{i}.txt")
        files[-1].write_text("字" * 100, encoding="utf-8")
    parts = partition(files[:3] + [Skipped("gone", "no such file")] + files[3:], 3)
    assert sum(parts, []) == files[:3] + [Skipped("gone", "no such file")] + files[3:] and len(parts) >= 3


def test_merge_skips_duplicate_ids_across_parts(tmp_path):
    shard_path(tmp_path, 0).write_text('{"doc":"a"}\n{"doc":"b"}\n', encoding="utf-8")
    events = [Done("a", "", "p/a.txt", "h", 3), Skipped("p/c.txt", "empty"), Done("b", "", "q/b.txt", "h", 3)]
    seen = {"b": "r/b.txt"}
    out = list(merge(events, shard_path(tmp_path, 0), seen))
    assert out[0].line == '{"doc":"a"}' and out[1] == Skipped("p/c.txt", "empty")
    assert out[2] == Skipped("q/b.txt", "document id 'b' was already read from r/b.txt; rename one of them")


def test_cli_build_skips_broken_file_exit_3(corpus, tmp_path):
    from kg.cli import app

    mixed = tmp_path / "in"
    mixed.mkdir()
    for p in sorted(corpus["A"].iterdir())[:3]:
        (mixed / p.name).write_bytes(p.read_bytes())
    (mixed / "broken.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    result = CliRunner().invoke(app, ["build", str(mixed), "--out", str(tmp_path / "out"), "-f", "jsonl,ttl",
                                      "--jobs", "2"])
    assert result.exit_code == 3, result.output
    assert "articles read: 3, skipped: 1" in result.output
    assert "broken.txt" in result.stderr and "binary" in result.stderr.lower()
    assert len((tmp_path / "out" / "extractions.jsonl").read_text(encoding="utf-8").splitlines()) == 3
    assert (tmp_path / "out" / "kg.ttl").stat().st_size > 0


def test_build_failure_leaves_previous_outputs(corpus, full, monkeypatch, tmp_path):
    before = outputs(full)
    from kg.graph.stream import TurtleBlocks

    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(TurtleBlocks, "_sections", broken)  # kg.ttl fails half-way through the exports
    with pytest.raises(RuntimeError, match="disk on fire"):
        build([corpus["B"]], full, BuildOptions(save_text=True))
    assert outputs(full) == before
    assert not [p for p in full.iterdir() if p.name.startswith(".")]


@pytest.mark.slow
def test_build_sigkill_midway_leaves_previous_outputs(corpus, tmp_path):
    out = tmp_path / "out"
    build([corpus["B"]], out, BuildOptions(formats=FAST))
    before = outputs(out)
    big = tmp_path / "big"
    big.mkdir()
    for art in _synth().Generator(seed=9, counties=1, towns=2, chars=3000).articles(150):
        (big / f"{art['id']}.txt").write_text(art["text"], encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "kg", "build", str(big), "--out", str(out), "-f", "jsonl,ttl"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    deadline = time.time() + 60
    while time.time() < deadline and proc.poll() is None:
        temps = [p for p in out.glob(".extractions.jsonl.*.tmp") if p.stat().st_size > 0]
        if temps:
            break
        time.sleep(0.05)
    assert proc.poll() is None, "the build ended before it could be interrupted"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert outputs(out) == before
    build([corpus["B"]], out, BuildOptions(formats=FAST))  # the next build removes the leftovers
    assert outputs(out) == before and sorted(p.name for p in out.iterdir()) == [
        "extractions.jsonl", "kg.ttl", "manifest.json"]


def test_build_refuses_a_folder_another_build_holds(corpus, tmp_path):
    import fcntl

    from kg.export.atomic import OutputError

    fd = os.open(tmp_path, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        with pytest.raises(OutputError, match="another kg build"):
            build([corpus["B"]], tmp_path, BuildOptions(formats=FAST))
    finally:
        os.close(fd)
    assert build([corpus["B"]], tmp_path, BuildOptions(formats=FAST)).articles == 5


@pytest.mark.slow
def test_build_output_does_not_depend_on_hash_seed(corpus, full, tmp_path):
    """Dask workers and spawned processes hash strings with other seeds: outputs must not change."""
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    subprocess.run([sys.executable, "-m", "kg", "build", str(corpus["A"]), str(corpus["B"]), "--out", str(tmp_path),
                    "--save-text"], check=True, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    assert outputs(tmp_path) == outputs(full)


def test_cli_build_update_and_option_errors(corpus, tmp_path):
    from kg.cli import app

    runner, out = CliRunner(), str(tmp_path / "out")
    assert runner.invoke(app, ["build", str(corpus["A"]), "--out", out, "-f", "jsonl,ttl"]).exit_code == 0
    result = runner.invoke(app, ["build", str(corpus["B"]), "--update", out, "-f", "jsonl,ttl"])
    assert result.exit_code == 0 and "articles read: 5 (0 unchanged; 12 in the graph)" in result.output
    wrong = runner.invoke(app, ["build", str(corpus["B"]), "--update", out, "--out", str(tmp_path / "x")])
    assert wrong.exit_code == 2 and "leave out --out" in wrong.stderr
    stray = runner.invoke(app, ["build", str(corpus["B"]), "--out", out, "--scheduler", "tcp://h:8786"])
    assert stray.exit_code == 2 and "--scheduler is for --engine dask" in stray.stderr


def test_viewer_reading_starts_before_kg_ttl_is_written_and_gives_the_same_page(corpus, tmp_path, monkeypatch):
    """A large build's viewer reads the records again in pool processes; they start before
    kg.ttl is written (so the two overlap), and the page is the one a build without
    kg.ttl makes."""
    import kg.graph.stream as stream
    import kg.viewer.detail as detail

    events = []
    real_start, real_finish = detail.start_readers, stream.TurtleBlocks.finish
    monkeypatch.setattr(detail, "start_readers", lambda *a, **k: events.append("readers") or real_start(*a, **k))
    monkeypatch.setattr(stream.TurtleBlocks, "finish", lambda *a: events.append("ttl") or real_finish(*a))
    view = {"view_max_nodes": 15}
    build([corpus["root"]], tmp_path / "both", BuildOptions(formats=("jsonl", "ttl", "html"), jobs=2, view=view))
    assert events == ["readers", "ttl"]
    build([corpus["root"]], tmp_path / "html", BuildOptions(formats=("jsonl", "html"), jobs=2, view=view))
    page = (tmp_path / "both" / "kg.html").read_bytes()
    assert page == (tmp_path / "html" / "kg.html").read_bytes() and b"vis-network" in page


def test_viewer_readers_are_stopped_when_an_earlier_output_fails(corpus, tmp_path, monkeypatch):
    import kg.graph.stream as stream
    import kg.viewer.detail as detail

    closed = []
    real_close = detail.Readers.close
    monkeypatch.setattr(detail.Readers, "close", lambda self: closed.append(self) or real_close(self))

    def fail(*a):
        raise OSError("disk full")

    monkeypatch.setattr(stream.TurtleBlocks, "finish", fail)
    with pytest.raises(OSError, match="disk full"):
        build([corpus["root"]], tmp_path, BuildOptions(formats=("jsonl", "ttl", "html"), jobs=2,
                                                        view={"view_max_nodes": 15}))
    assert len(closed) == 1 and closed[0].pool._state != "RUN"
    assert not (tmp_path / "kg.html").exists() and not (tmp_path / "kg.ttl").exists()


def test_a_records_only_build_makes_no_graph_share(corpus, tmp_path, monkeypatch):
    """Only kg.ttl and kg.html are made from the global share the build collects: a build of
    records resolves no record for it, and writes the same records and summary counts as a
    build that does (kg.nt is made from the records after extraction, with every triple)."""
    import kg.graph.parts as parts

    calls = []
    real = parts.record_part
    monkeypatch.setattr(parts, "record_part", lambda *a, **k: calls.append(1) or real(*a, **k))
    only = build([corpus["root"]], tmp_path / "only", BuildOptions(formats=("jsonl",)))
    assert calls == []
    full = build([corpus["root"]], tmp_path / "full", BuildOptions(formats=("jsonl", "ttl")))
    assert len(calls) == full.records == 12
    nt = build([corpus["root"]], tmp_path / "nt", BuildOptions(formats=("nt",)))  # its graph: from the records
    assert nt.outputs["nt"]["triples"] == full.outputs["ttl"]["triples"]
    assert (tmp_path / "only" / "extractions.jsonl").read_bytes() == (tmp_path / "full" / "extractions.jsonl").read_bytes()
    assert (only.records, only.entities, only.relations, only.metrics) == (
        full.records, full.entities, full.relations, full.metrics)
