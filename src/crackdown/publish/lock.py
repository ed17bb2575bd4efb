"""One build at a time: an exclusive lock on .crackdown-cache/build.lock while a build runs.

A second `crackdown build` started while one is running waits for it to finish, and says so,
so two builds never write reports/ at once and their outputs never interleave.

The lock is `flock` on an open file: the kernel drops it when the last descriptor of that open
file is closed, which happens when the build's process ends, however it ends (SIGKILL too).
A killed build therefore never leaves a lock behind that blocks the next one. Worker processes
forked while the lock is held close their inherited copy at once, so that the lock dies with the
build's own process rather than lingering in a worker. The file itself stays: removing it while
a build holds it would let a second build lock a new file of the same name.

Holding the lock also means no other build is writing, so whatever a killed build left is
swept on the way in, even by a build that then finds every report up to date: its staging
folder, reports/.staging (every file a build writes into reports/ is made there first), and
its copy of the inputs in .crackdown-cache/, and its kernels' socket folders in the temp
folder once their process has ended. Nothing else: no other file below reports/ is
ever removed by the sweep, and it never follows a symbolic link.
"""

from __future__ import annotations

import argparse
import fcntl
import functools
import os
import shutil
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from crackdown.errors import BuildLocked
from crackdown.paths import Paths
from crackdown.publish import cache, execute

LOCK_FILE = "build.lock"

#: The descriptor of the lock this process holds, closed in forked children (see module doc).
_held: int | None = None


def lock_file(paths: Paths) -> Path:
    """The lock file of the project at `paths`."""
    return paths.cache / LOCK_FILE


@contextmanager
def held(
    paths: Paths, *, wait: bool = True, on_wait: Callable[[str], None] | None = None
) -> Iterator[None]:
    """Hold the build lock of `paths` for the `with` block; wait (telling `on_wait`) or refuse."""
    global _held
    file = lock_file(paths)
    file.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(file, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            message = (
                f"another crackdown build{_holder(fd)} is writing "
                f"{paths.relative(paths.reports)}/ (lock: {paths.relative(file)})"
            )
            if not wait:
                raise BuildLocked(f"{message}; try again when it has finished") from None
            (on_wait or _tell)(f"{message}; waiting for it to finish…")
            fcntl.flock(fd, fcntl.LOCK_EX)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        _held = fd
        _sweep(paths)
        yield
    finally:
        if _held == fd:
            _held = None
            os.ftruncate(fd, 0)
        os.close(fd)  # closing the last descriptor releases the lock


def exclusive(run: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """Decorate `crackdown build`'s run: the whole build holds the lock (`--list` does not)."""

    @functools.wraps(run)
    def locked(args: argparse.Namespace) -> int:
        if getattr(args, "list", False):
            return run(args)
        with held(Paths.at(args.root)):
            return run(args)

    return locked


def _sweep(paths: Paths) -> None:
    """Remove what a killed build left: its staging folder and its copy of the inputs."""
    staging = paths.reports_staging
    if staging.is_dir() and not staging.is_symlink():
        shutil.rmtree(staging, ignore_errors=True)
    cache.remove_snapshot(paths)
    execute.sweep()  # the kernels' socket folders of builds that were killed


def _holder(fd: int) -> str:
    try:
        pid = int(os.pread(fd, 32, 0).decode("ascii").strip())
    except (OSError, ValueError):
        return ""
    return f" (process {pid})"


def _tell(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _forget_in_child() -> None:
    global _held
    if _held is not None:
        os.close(_held)
        _held = None


os.register_at_fork(after_in_child=_forget_in_child)
