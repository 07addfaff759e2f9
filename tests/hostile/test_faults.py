"""Faults around ``kg build``: a SIGKILL mid-way, a full disk, and reruns that must be
byte-identical.

Invariant checked after every fault: each output under its final name is either the
previous file, byte for byte, or a complete new one (it parses and holds every
article); nothing half-written sits under a final name. Temporary files are hidden
(``.name.XXXX.tmp``, ``.kg-build-XXXX/``) and the next build must still succeed.

A read-only output folder is a read-only tmpfs mount (root ignores permission bits;
skipped where mounting is not allowed), and a file where the folder should be needs no
privileges. Full disk is simulated twice: for real on a 64 kB tmpfs when this process may mount
one (root in a VM or container with ``CAP_SYS_ADMIN``; skipped otherwise), and always
by making ``os.fsync`` fail with ``ENOSPC`` inside the ``kg`` process.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Iterator

import pytest
from rdflib import Graph

from .conftest import CORPUS, KG, BuildRun, kg_build

OUTPUTS = ("extractions.jsonl", "kg.ttl", "kg.html")
FINAL = (*OUTPUTS, "manifest.json")
SAMPLE = sorted(CORPUS.glob("*.txt"))


def snapshot(out: Path) -> dict[str, str]:
    """Digests of the files under final (not hidden) names."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(out.iterdir())
            if p.is_file() and not p.name.startswith(".")}


def complete(out: Path, name: str, docs: set[str]) -> bool:
    """True when ``out/name`` is a whole output of a build over ``docs``."""
    path = out / name
    try:
        if name == "extractions.jsonl":
            return {json.loads(line)["doc"] for line in path.read_text(encoding="utf-8").splitlines()} == docs
        if name == "kg.ttl":
            return len(Graph().parse(path, format="turtle")) > 100
        if name == "kg.html":
            return path.read_text(encoding="utf-8").rstrip().endswith("</html>")
        if name == "manifest.json":
            return {d for d, _ in json.loads(path.read_text(encoding="utf-8"))["docs"]} == docs
    except (ValueError, KeyError, SyntaxError):
        return False
    return False


def assert_intact(out: Path, before: dict[str, str], new_docs: set[str]) -> None:
    after = snapshot(out)
    for name in FINAL:
        if name in before:
            assert name in after, f"{name} vanished"
            assert after[name] == before[name] or complete(out, name, new_docs), f"{name} is half-written"
    strays = [p.name for p in out.iterdir() if p.name not in FINAL and not p.name.startswith(".")]
    assert not strays, f"files under non-hidden names: {strays}"


def kill_when(args: list[str | Path], ready, timeout: float = 300) -> tuple[int, float]:
    """Start ``kg ARGS``, SIGKILL it as soon as ``ready()`` is true; return (returncode, seconds)."""
    t0 = time.monotonic()
    proc = subprocess.Popen([*KG, *map(str, args)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while proc.poll() is None and time.monotonic() - t0 < timeout:
            if ready(time.monotonic() - t0):
                proc.send_signal(signal.SIGKILL)
                break
            time.sleep(0.005)
        return proc.wait(timeout=60), time.monotonic() - t0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def staged(out: Path, prefix: str, min_size: int = 1):
    def ready(_elapsed: float) -> bool:
        return any(p.stat().st_size >= min_size for p in out.glob(f".{prefix}*.tmp") if p.exists())
    return ready


@pytest.fixture(scope="module")
def previous(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A finished build of two sample articles: the outputs a killed rebuild must not harm."""
    folder = tmp_path_factory.mktemp("faults")
    (folder / "in").mkdir()
    for p in SAMPLE[1:4:2]:
        shutil.copyfile(p, folder / "in" / p.name)
    run = kg_build([folder / "in"], folder / "out")
    assert run.returncode == 0, run.stderr[-2000:]
    return folder / "out", snapshot(folder / "out")


def fresh_copy(previous: tuple[Path, dict[str, str]], dest: Path) -> tuple[Path, dict[str, str]]:
    out, before = previous
    shutil.copytree(out, dest)
    assert snapshot(dest) == before
    return dest, before


def test_faults_sigkill_while_extracting_leaves_previous_outputs(previous, tmp_path: Path) -> None:
    out, before = fresh_copy(previous, tmp_path / "out")
    code, _ = kill_when(["build", CORPUS, "--out", out, "--no-progress"], staged(out, "extractions.jsonl"))
    assert code == -signal.SIGKILL, "the build finished before it could be killed"
    assert snapshot(out) == before          # nothing renamed: the previous set is untouched
    assert_intact(out, before, {p.stem for p in SAMPLE})
    assert [p for p in out.iterdir() if p.name.startswith(".")], "the killed build left no temporary file?"
    run = kg_build([CORPUS], out)           # the folder is usable again, and cleaned
    assert run.returncode == 0, run.stderr[-2000:]
    assert all(complete(out, name, {p.stem for p in SAMPLE}) for name in FINAL)
    assert not [p.name for p in out.iterdir() if p.name.startswith(".")]


def test_faults_sigkill_while_exporting_leaves_each_file_old_or_whole(previous, tmp_path: Path) -> None:
    out, before = fresh_copy(previous, tmp_path / "out")
    code, _ = kill_when(["build", CORPUS, "--out", out, "--no-progress"], staged(out, "kg.", 0))
    assert_intact(out, before, {p.stem for p in SAMPLE})
    assert code in (-signal.SIGKILL, 0)


@pytest.mark.slow
def test_faults_sigkill_at_random_moments(previous, tmp_path: Path) -> None:
    """Kill at ten random moments of a whole build; after each, every file is old or whole."""
    docs = {p.stem for p in SAMPLE}
    t0 = time.monotonic()
    assert kg_build([CORPUS], tmp_path / "timing").returncode == 0
    length = time.monotonic() - t0
    rng = random.Random(9)
    for i in range(10):
        out, before = fresh_copy(previous, tmp_path / f"out{i}")
        at = rng.uniform(0.2, length * 1.05)
        kill_when(["build", CORPUS, "--out", out, "--no-progress"], lambda e, at=at: e >= at)
        assert_intact(out, before, docs)


# ---------------------------------------------------------------- full disk
ENOSPC_RUNNER = """
import errno, os, sys
real = os.fsync
def fsync(fd):
    if os.fstat(fd).st_size > 0:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    return real(fd)
os.fsync = fsync
from kg.cli import app
sys.argv[0] = "kg"
app()
"""


def run_with_enospc(args: list[str | Path]) -> subprocess.CompletedProcess[str]:
    """``kg ARGS`` in a process where every fsync of a non-empty file fails with ENOSPC."""
    return subprocess.run([sys.executable, "-c", ENOSPC_RUNNER, *map(str, args)], capture_output=True, text=True,
                          timeout=300)


def assert_clear_error(proc: subprocess.CompletedProcess[str] | BuildRun, *words: str) -> None:
    assert proc.returncode == 2, (proc.returncode, proc.stderr[-3000:])
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    error = [line for line in proc.stderr.splitlines() if line.startswith("error: ")]
    assert error and all(w in error[0] for w in words), proc.stderr[-3000:]


def test_faults_full_disk_simulated_gives_a_clear_error(previous, tmp_path: Path) -> None:
    out, before = fresh_copy(previous, tmp_path / "out")
    proc = run_with_enospc(["build", *SAMPLE[1:4:2], "--out", out, "--no-progress"])
    assert_clear_error(proc, "No space left on device", str(out))
    assert snapshot(out) == before
    assert not [p.name for p in out.iterdir() if p.name not in FINAL], "temporary files left behind"


@contextlib.contextmanager
def tmpfs(mnt: Path, options: str) -> Iterator[Path]:
    """A 64 kB tmpfs mounted at ``mnt`` with ``options`` (skips where mounting is not allowed)."""
    mnt.mkdir()
    if not shutil.which("mount") or os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    proc = subprocess.run(["mount", "-t", "tmpfs", "-o", f"{options},size=64k", "kg-test", str(mnt)],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {proc.stderr.strip()}")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", str(mnt)], check=False)


@pytest.fixture
def small_tmpfs(tmp_path: Path) -> Iterator[Path]:
    with tmpfs(tmp_path / "disk", "rw") as mnt:
        yield mnt


def test_faults_full_disk_real_gives_a_clear_error(small_tmpfs: Path) -> None:
    out = small_tmpfs / "out"
    run = kg_build(SAMPLE[1:4:2], out)
    assert_clear_error(run, "No space left on device")
    left = [p.name for p in out.iterdir()] if out.exists() else []
    assert not left, f"a failed build left {left}"


# ---------------------------------------------------------------- an output folder that cannot be written
@pytest.fixture
def read_only_dir(tmp_path: Path) -> Iterator[Path]:
    """A read-only mount: root ignores permission bits, not ``EROFS``."""
    with tmpfs(tmp_path / "ro", "ro") as mnt:
        yield mnt


@pytest.mark.parametrize("sub", ["", "new-folder"])
def test_faults_read_only_output_folder_gives_a_clear_error(read_only_dir: Path, sub: str) -> None:
    run = kg_build(SAMPLE[1:2], read_only_dir / sub if sub else read_only_dir)
    assert_clear_error(run, "Read-only file system", "--out")


@pytest.mark.parametrize("sub", ["", "below"])
def test_faults_file_in_place_of_output_folder_gives_a_clear_error(tmp_path: Path, sub: str) -> None:
    blocker = tmp_path / "outputs"
    blocker.write_text("not a folder")
    run = kg_build(SAMPLE[1:2], blocker / sub if sub else blocker)
    assert_clear_error(run, str(blocker), "--out")
    assert blocker.read_text() == "not a folder"


# ---------------------------------------------------------------- repeatable output
def test_faults_rerun_gives_byte_identical_outputs(hostile_build: BuildRun, hostile_corpus,
                                                   tmp_path: Path) -> None:
    """The hostile build again, elsewhere, with another hash seed: the same bytes."""
    folder, _ = hostile_corpus
    again = subprocess.run([*KG, "build", folder, folder.parent / "photo.png", "--out", tmp_path / "out",
                            "--no-progress", "--save-text"], capture_output=True, text=True, timeout=600,
                           env={**os.environ, "PYTHONHASHSEED": "12345"})
    assert again.returncode == hostile_build.returncode
    for name in (*OUTPUTS, "manifest.json"):
        assert (tmp_path / "out" / name).read_bytes() == hostile_build.file(name).read_bytes(), name
    texts = {p.name: p.read_bytes() for p in (tmp_path / "out" / "text").iterdir()}
    assert texts == {p.name: p.read_bytes() for p in hostile_build.file("text").iterdir()}
    assert again.stderr.count("\nskipped ") == hostile_build.stderr.count("\nskipped ")


def test_faults_rerun_in_place_gives_byte_identical_outputs(previous, tmp_path: Path) -> None:
    out, before = fresh_copy(previous, tmp_path / "out")
    run = kg_build([previous[0].parent / "in"], out)
    assert run.returncode == 0, run.stderr[-2000:]
    assert snapshot(out) == before
