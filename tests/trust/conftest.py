"""What the trust suite's build, output and interruption families share: copies of a built
project to break, builds run as a user runs them, and the processes a build left behind."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import pytest

from crackdown import cli
from crackdown.paths import Paths

# A build is stopped with Ctrl-C as a user stops it in a terminal, where Ctrl-C is never
# ignored. A suite started in the background of a script (`nohup nox -s tests &`) inherits
# SIGINT ignored, and every build it starts would inherit that too and never stop: give the
# builds the terminal's disposition back (a handler here becomes the default in a child).
if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)

#: sitecustomize.py there logs every named step of writing, and kills the build at one.
HOOKS = Path(__file__).parent / "hooks"
#: Every process a build started carries this variable: how the tests find them afterwards.
TOKEN_ENV = "CRACKDOWN_TEST_TOKEN"


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file and folder below `folder` (itself included): its bytes and mtime in ns."""
    entries = {".": (b"<folder>", folder.stat().st_mtime_ns)}
    for path in sorted(folder.rglob("*")):
        content = path.read_bytes() if path.is_file() else b"<folder>"
        entries[path.relative_to(folder).as_posix()] = (content, path.stat().st_mtime_ns)
    return entries


def edit(file: Path, old: str, new: str) -> None:
    """Replace the first `old` in `file` by `new` (which must be there)."""
    text = file.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {file}"
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def built_copy(real_build: Paths, tmp_path: Path) -> Paths:
    """A copy of the built project (reports/ included), to break without harm."""
    target = tmp_path / "project"
    shutil.copytree(real_build.root, target, symlinks=True)
    return Paths.at(target)


@pytest.fixture
def no_kernel(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if the build executes a notebook or launches anything kernel-like."""
    import papermill

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a notebook was executed")

    popen = subprocess.Popen

    def launch(command: Any, *args: Any, **kwargs: Any) -> Any:
        argv = [str(part) for part in command] if isinstance(command, list | tuple) else []
        modules = [argv[i + 1] for i, part in enumerate(argv[:-1]) if part == "-m"]
        if any("kernel" in module for module in modules):
            raise AssertionError(f"a kernel was started: {command}")
        return popen(command, *args, **kwargs)

    monkeypatch.setattr(papermill, "execute_notebook", refuse)
    monkeypatch.setattr(subprocess, "Popen", launch)


def build_cli(paths: Paths, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """`crackdown build ARGS` in this process (no worker processes): exit code, stdout, stderr."""
    code = cli.main(["--root", str(paths.root), "build", "--jobs", "1", *args])
    out, err = capsys.readouterr()
    return code, out, err


def build_env(token: str, **extra: str) -> dict[str, str]:
    """The environment of a build the tests start: the step hooks, and a token to find it by."""
    path = os.pathsep.join(p for p in (str(HOOKS), os.environ.get("PYTHONPATH", "")) if p)
    return {**os.environ, "PYTHONPATH": path, TOKEN_ENV: token, **extra}


def start_build(
    paths: Paths, *args: str, env: dict[str, str] | None = None, output: Any = subprocess.PIPE
) -> subprocess.Popen[str]:
    """`crackdown build ARGS` as its own process group, as a user would start it in a shell;
    `env` from `build_env` (a fresh token when None)."""
    return subprocess.Popen(
        [sys.executable, "-m", "crackdown.cli", "--root", str(paths.root), "build", *args],
        cwd=paths.root,
        env=env or build_env(uuid.uuid4().hex),
        stdout=output,
        stderr=subprocess.STDOUT if output is not subprocess.PIPE else subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def running_with(token: str) -> dict[int, str]:
    """Every live process whose environment carries `token` (the build's descendants, however
    they were reparented): pid and command line."""
    found = {}
    needle = f"{TOKEN_ENV}={token}".encode()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if needle not in (entry / "environ").read_bytes().split(b"\0"):
                continue
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if state != "Z":  # a zombie has ended; only its parent's wait is missing
            found[int(entry.name)] = command
    return found


def left_running(token: str, grace: float = 10.0) -> dict[int, str]:
    """What still runs of a build `grace` seconds after it ended (killed children take a
    moment to go); {} when nothing."""
    deadline = time.monotonic() + grace
    while (found := running_with(token)) and time.monotonic() < deadline:
        time.sleep(0.1)
    return found
