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
    """Write `data` to `path` atomically, through a temporary file made in `scratch` (a folder
    of the build's on the same file system, such as reports/.staging), else beside `path`."""
    (scratch or path.parent).mkdir(parents=True, exist_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(
        dir=scratch or path.parent, prefix=f".{path.name}.", suffix=".tmp"
    )
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
    """Move a finished file from the staging folder (inside reports/) to its place, in one rename."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    os.replace(staged, destination)
