"""Atomic file output: write to a temporary file beside the target, then rename.

An interrupted build (crash, SIGKILL, full disk) leaves the previous output intact
and no half-written file under the final name.
"""
from __future__ import annotations

import contextlib
import os
import tempfile
from contextvars import ContextVar
from pathlib import Path
from typing import IO, Iterator

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
        os.chmod(tmp, 0o644)
        batch = _BATCH.get()
        if batch is None:
            os.replace(tmp, path)
        else:
            batch.append((tmp, path))
    except BaseException as err:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(err, OSError) and not isinstance(err, OutputError):
            raise OutputError(f"writing {path} failed: {err.strerror or err}; "
                              "the previous file (if any) is untouched") from err
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
