"""One build at a time: an exclusive `flock` on .crackdown-cache/build.lock while a build runs.

The system drops the lock when the build's process ends, however it ends (SIGKILL too); a
process forked while the lock is held closes its copy at once, so the lock dies with the build.
Holding it, a build first sweeps what a killed build left: reports/.staging, its copy of the
inputs and its kernels' socket folders. Nothing else is removed, and no link is followed.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from crackdown.errors import BuildLocked
from crackdown.paths import Paths
from crackdown.publish import cache, execute

_held: int | None = None  # the lock's descriptor, closed in forked children


def lock_file(paths: Paths) -> Path:
    """The lock file of the project at `paths`."""
    return paths.cache / "build.lock"


@contextmanager
def held(paths: Paths, *, wait: bool = True) -> Iterator[None]:
    """Hold the build lock of `paths` for the `with` block; wait for it (saying so) or refuse."""
    global _held
    file = lock_file(paths)
    file.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(file, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
            message = (
                f"another crackdown build{f' (process {holder})' if holder.isdigit() else ''} "
                f"is writing {paths.relative(paths.reports)}/ (lock: {paths.relative(file)})"
            )
            if not wait:
                raise BuildLocked(f"{message}; try again when it has finished") from None
            print(f"{message}; waiting for it to finish…", file=sys.stderr, flush=True)
            fcntl.flock(fd, fcntl.LOCK_EX)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        _held = fd
        if paths.reports_staging.is_dir() and not paths.reports_staging.is_symlink():
            shutil.rmtree(paths.reports_staging, ignore_errors=True)
        cache.remove_snapshot(paths)
        execute.sweep()
        yield
    finally:
        if _held == fd:
            _held = None
            os.ftruncate(fd, 0)
        os.close(fd)  # closing the last descriptor releases the lock


def _forget_in_child() -> None:
    global _held
    if _held is not None:
        os.close(_held)
        _held = None


os.register_at_fork(after_in_child=_forget_in_child)
