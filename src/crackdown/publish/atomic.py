"""Writing outputs so that a reader never sees half a file: a temporary file, then a rename."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

# Published files are read by web servers and other users: rw-r--r-- less the user's umask.
_UMASK = os.umask(0)
os.umask(_UMASK)
FILE_MODE = 0o666 & ~_UMASK


def write_bytes(path: Path, data: bytes, scratch: Path | None = None) -> None:
    """Write `data` to `path` atomically: a temporary file, then os.replace.

    The temporary file is made in `scratch` (a folder on the same file system that the build
    owns, such as reports/.staging), else beside `path`.
    """
    folder = scratch or path.parent
    folder.mkdir(parents=True, exist_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, FILE_MODE)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_text(path: Path, text: str, scratch: Path | None = None) -> None:
    """Write `text` as UTF-8 to `path` atomically."""
    write_bytes(path, text.encode("utf-8"), scratch)


def move_into(staged: Path, destination: Path) -> None:
    """Move a finished file from the staging folder to its place, in one rename.

    The staging folder lives inside reports/, so the rename never crosses a file system.
    """
    destination.parent.mkdir(parents=True, exist_ok=True)
    os.replace(staged, destination)
