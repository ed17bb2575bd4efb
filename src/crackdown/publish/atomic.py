"""Writing outputs so that a reader never sees half a file: a temporary file, then a rename."""

from __future__ import annotations

import os
import shutil
import signal
import tempfile
from pathlib import Path

# Published files are read by web servers and other users: rw-r--r-- less the user's umask.
_UMASK = os.umask(0)
os.umask(_UMASK)
FILE_MODE = 0o666 & ~_UMASK

#: For tests of interrupted builds: a step name (see `step`), or "NAME#k" for its k-th time in a
#: process. The build then SIGKILLs its own process group at that step, as a power cut would.
KILL_AT_ENV = "CRACKDOWN_KILL_AT"
#: For tests: every step is appended to this file as "PGID NAME#k" (PGID: the build's process
#: group, workers included), so that a test can list the steps and tell builds apart.
STEP_LOG_ENV = "CRACKDOWN_STEP_LOG"
_step_counts: dict[str, int] = {}


def step(what: str, path: Path | None = None) -> None:
    """Mark a named point ("replaced reports/x.html") where a test may kill the build."""
    log, kill_at = os.environ.get(STEP_LOG_ENV), os.environ.get(KILL_AT_ENV)
    if not log and not kill_at:
        return
    name = what if path is None else f"{what} {_shown(path)}"
    count = _step_counts[name] = _step_counts.get(name, 0) + 1
    if log:
        with open(log, "a", encoding="utf-8") as out:
            out.write(f"{os.getpgrp()} {name}#{count}\n")
    if kill_at in (name, f"{name}#{count}"):
        os.killpg(os.getpgrp(), signal.SIGKILL)


def sweep(folder: Path) -> list[Path]:
    """Remove the temporary files a killed build left below `folder`; only safe under the lock."""
    left = sorted(folder.rglob(".*.tmp")) if folder.is_dir() else []
    for file in left:
        file.unlink(missing_ok=True)
    return left


def write_bytes(path: Path, data: bytes) -> None:
    """Write `data` to `path` atomically: a temporary file in the same folder, then os.replace."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            half = len(data) // 2
            out.write(data[:half])
            out.flush()
            step("write-partial", path)
            out.write(data[half:])
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, FILE_MODE)
        step("write-full", path)
        os.replace(temporary, path)
        step("replaced", path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_text(path: Path, text: str) -> None:
    """Write `text` as UTF-8 to `path` atomically."""
    write_bytes(path, text.encode("utf-8"))


def copy_file(source: Path, destination: Path) -> None:
    """Copy `source` to `destination` atomically, through a temporary file beside it."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(
        dir=destination.parent, prefix=f".{destination.name}.", suffix=".tmp"
    )
    try:
        with os.fdopen(fd, "wb") as out, source.open("rb") as src:
            shutil.copyfileobj(src, out)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, FILE_MODE)
        step("write-full", destination)
        os.replace(temporary, destination)
        step("replaced", destination)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def move_into(staged: Path, destination: Path) -> None:
    """Move a finished file from the staging folder to its place, in one rename.

    The staging folder lives inside reports/, so the rename never crosses a file system.
    """
    destination.parent.mkdir(parents=True, exist_ok=True)
    step("move", destination)
    os.replace(staged, destination)
    step("moved", destination)


def _shown(path: Path) -> str:
    """`path` relative to the working directory, as a test that starts the build names it."""
    try:
        return os.path.relpath(path)
    except (OSError, ValueError):
        return str(path)
