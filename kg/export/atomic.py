"""Atomic file output: write to a temporary file beside the target, then rename.

An interrupted build (crash, SIGKILL, full disk) leaves the previous output intact
and no half-written file under the final name. ``atomic_outputs()`` renames all the
files of a build together at its end, and ``output_folder()`` keeps a second build
out of a folder while one writes there and removes what a killed one left.
"""
from __future__ import annotations

import contextlib
import logging
import os
import shutil
import tempfile
from contextvars import ContextVar
from pathlib import Path
from typing import IO, Iterator

log = logging.getLogger("kg")

# (temporary file, target) pairs staged inside ``atomic_outputs()``, renamed together at its end
_BATCH: ContextVar[list[tuple[str, Path]] | None] = ContextVar("kg_atomic_batch", default=None)


class OutputError(OSError):
    pass


@contextlib.contextmanager
def atomic_write(path: str | Path, mode: str = "w", encoding: str | None = "utf-8") -> Iterator[IO]:
    with staged_write(path, mode, encoding) as (fh, _tmp):
        yield fh


@contextlib.contextmanager
def staged_write(path: str | Path, mode: str = "w",
                 encoding: str | None = "utf-8") -> Iterator[tuple[IO, Path]]:
    """Like :func:`atomic_write`, also giving the temporary file's path, so a build can
    read back what it streamed out before the file is renamed into place at the end."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as err:
        raise OutputError(f"cannot write to {path.parent}: {err.strerror or err}; "
                          "choose a writable --out folder") from err
    binary = "b" in mode
    try:
        with os.fdopen(fd, mode, encoding=None if binary else encoding, newline=None if binary else "\n") as fh:
            yield fh, Path(tmp)
            fh.flush()
            os.fsync(fh.fileno())
        _stage(tmp, path)
    except BaseException as err:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(err, OSError) and not isinstance(err, OutputError):
            raise OutputError(f"writing {path} failed: {err.strerror or err}; "
                              "the previous file (if any) is untouched") from err
        raise


def _stage(tmp: str, path: Path) -> None:
    """A finished temporary file: renamed to ``path`` now, or with the batch of ``atomic_outputs()``."""
    os.chmod(tmp, 0o644)
    batch = _BATCH.get()
    if batch is None:
        os.replace(tmp, path)
    else:
        batch.append((tmp, path))


def adopt(src: str | Path, path: str | Path) -> None:
    """Make the finished, synced file ``src`` the new ``path``, as :func:`staged_write` does:
    moved now to a temporary name beside ``path`` (it must be on the same file system),
    renamed into place at once or with the batch of ``atomic_outputs()``."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        os.replace(src, tmp)
        _stage(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


@contextlib.contextmanager
def atomic_outputs() -> Iterator[None]:
    """Every ``atomic_write`` inside the block is renamed into place only when the whole
    block succeeds, one rename after another in a few milliseconds; on any error all the
    new files are removed, so a failed build leaves the previous outputs as a set."""
    if _BATCH.get() is not None:  # nested: the outer block commits
        yield
        return
    batch: list[tuple[str, Path]] = []
    token = _BATCH.set(batch)
    try:
        yield
    except BaseException:
        for tmp, _ in batch:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        raise
    finally:
        _BATCH.reset(token)
    try:
        for tmp, path in batch:
            os.replace(tmp, path)
    except OSError as err:
        raise OutputError(f"moving the new outputs into place failed: {err.strerror or err}") from err


@contextlib.contextmanager
def output_folder(out: Path) -> Iterator[None]:
    """One build at a time in an output folder (a lock on the folder itself, so no lock
    file is left behind). Holding it, any temporary file or scratch folder found there
    was left by a killed build, and is removed."""
    try:
        out.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=out):  # writable? (a read-only folder fails here, not mid-build)
            pass
        fd = os.open(out, os.O_RDONLY)
    except OSError as err:
        where = err.filename or out
        raise OutputError(f"cannot write to {out} ({where}: {err.strerror or err}); choose a writable "
                          "--out folder") from None
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX: no lock, no clean-up
        os.close(fd)
        yield
        return
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise OutputError(f"another kg build is writing to {out}; wait for it to end or choose "
                              "another --out") from None
        for path in [*out.glob(".kg-build-*"), *out.glob(".*.tmp"), *out.glob("text/.*.tmp")]:
            log.warning("removing %s, left by an interrupted build", path)
            if path.is_dir():
                shutil.rmtree(path)
            else:
                path.unlink()
        yield
    finally:
        os.close(fd)  # releases the lock
