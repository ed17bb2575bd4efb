"""Executing a notebook with papermill, in a kernel of this very Python environment.

Whatever kernel named "python3" a machine has registered may run another Python without the
project installed. The build therefore never looks a kernel up by name: its kernel manager
starts this Python's kernel (crackdown.publish.kernel, which ends with the build), with
CRACKDOWN_ROOT set to the project built. Kernels talk over Unix sockets in a folder of their
own where the system has them: no TCP port to race for when several start at once.
"""

from __future__ import annotations

import fcntl
import importlib.util
import logging
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from crackdown.errors import CrackdownError, KernelError
from crackdown.paths import ROOT_ENV

#: The kernel name notebooks carry in their metadata; installing the project registers it
#: (share/jupyter/kernels/, see pyproject.toml) for JupyterLab and papermill.
KERNEL_NAME = "crackdown-reports"
KERNEL_DISPLAY_NAME = "Python (crackdown-reports)"
#: A cell running longer than this is stuck, not slow: the report fails instead of hanging.
CELL_TIMEOUT_S = 600

# Informational chatter from papermill and the kernel machinery ("Kernel is running over TCP
# without encryption", "Executing notebook with kernel") is noise in a build's progress display.
for _name in ("papermill", "traitlets", "jupyter_client", "nbclient"):
    logging.getLogger(_name).setLevel(logging.ERROR)


@dataclass(frozen=True)
class CellFailure:
    """Where and how a notebook failed: the cell, its first line of code, and the error."""

    cell_index: int | None
    execution_count: int | None
    first_line: str
    error: str

    def __str__(self) -> str:
        if self.cell_index is None:
            return self.error
        # "In [5]" is how papermill's banner and JupyterLab name the cell.
        where = (
            f"In [{self.execution_count}]"
            if self.execution_count is not None
            else f"cell {self.cell_index}"
        )
        return f"{where} `{self.first_line}`: {self.error}"


class ExecutionFailed(CrackdownError):
    """A notebook stopped with an error; the executed notebook is at `notebook`."""

    def __init__(self, failure: CellFailure, notebook: Path | None) -> None:
        super().__init__(str(failure), file=notebook.name if notebook else "")
        self.failure = failure
        self.notebook = notebook


def kernel_argv() -> list[str]:
    """The command that starts a kernel of this environment's Python."""
    # The kernel's start-up warning about TCP on localhost is the Jupyter default, not news.
    return [
        sys.executable,
        "-m",
        "crackdown.publish.kernel",
        "-f",
        "{connection_file}",
        "--IPKernelApp.log_level=ERROR",
        # History in memory, not in ~/.ipython: kernels side by side share no SQLite file.
        "--HistoryManager.hist_file=:memory:",
    ]


#: What a kernel's Python must be able to import; checked before any report runs.
KERNEL_MODULES = ("ipykernel",)


def check_kernel() -> None:
    """Raise KernelError, before any kernel starts, when the kernel's Python lacks ipykernel."""
    python = kernel_argv()[0]
    if python == sys.executable:  # this very interpreter: look, without importing anything
        missing = [m for m in KERNEL_MODULES if importlib.util.find_spec(m) is None]
    else:
        probe = (
            "import importlib.util, sys; "
            f"print(' '.join(m for m in {KERNEL_MODULES!r} if importlib.util.find_spec(m) is None))"
        )
        try:
            found = subprocess.run(
                [python, "-c", probe], capture_output=True, text=True, timeout=60, check=True
            )
            missing = found.stdout.split()
        except (OSError, subprocess.SubprocessError) as err:
            raise KernelError(f"the kernel's Python {python} does not run: {err}") from err
    if missing:
        raise KernelError(
            f"the notebooks cannot run: {python} cannot import {', '.join(missing)}; "
            f"install it into that environment (`{python} -m pip install ipykernel`), "
            "or reinstall crackdown-reports, which depends on it; nothing was built"
        )


def kernel_env(root: Path) -> dict[str, str]:
    """What a kernel's environment adds for the project at `root` (fixed hash seed included)."""
    return {ROOT_ENV: str(root), "PYTHONHASHSEED": "0"}


@cache
def kernel_manager_class(root: Path) -> type[Any]:
    """A kernel manager class that starts this environment's kernel for the project at `root`."""
    from jupyter_client.kernelspec import KernelSpec
    from jupyter_client.manager import AsyncKernelManager

    spec = KernelSpec(
        argv=kernel_argv(),
        display_name=KERNEL_DISPLAY_NAME,
        language="python",
        env=kernel_env(root),
        metadata={},
    )

    class ProjectKernelManager(AsyncKernelManager):
        """Starts sys.executable's ipykernel, never a kernel found by name."""

        def __init__(self, **kwargs: Any) -> None:
            if hasattr(os, "fork"):  # POSIX: Unix domain sockets, in a folder of its own
                self.folder = private_folder(KERNEL_PREFIX)
                kwargs.setdefault("transport", "ipc")
                kwargs.setdefault("connection_file", str(self.folder / "kernel.json"))
            super().__init__(**kwargs)

        @property
        def kernel_spec(self) -> KernelSpec:
            return spec

        async def _async_launch_kernel(self, kernel_cmd: list[str], **kw: Any) -> None:
            # The kernel's own log (not a cell's output, which comes over its channels) goes to
            # a file in its folder: a kernel stopped with its build says nothing to the user.
            if hasattr(self, "folder"):
                self.log_file = (self.folder / "kernel.log").open("ab")
                kw.setdefault("stdout", self.log_file)
                kw.setdefault("stderr", self.log_file)
            await super()._async_launch_kernel(kernel_cmd, **kw)

        async def _async_cleanup_resources(self, restart: bool = False) -> None:
            await super()._async_cleanup_resources(restart)
            if not restart and hasattr(self, "folder"):
                if hasattr(self, "log_file"):
                    self.log_file.close()
                remove_folder(self.folder)

    return ProjectKernelManager


KERNEL_PREFIX = "crackdown-kernel-"


#: The lock each folder's process holds on its `OWNER` file while it uses the folder.
OWNER = ".owner"
_owned: dict[Path, int] = {}


def private_folder(prefix: str) -> Path:
    """A new folder only this user can enter, named after this process, in the temp dir.

    Unix socket paths are limited to about 100 bytes, hence the temp dir. This process holds a
    lock on a file in it while it lives; folders whose owner has ended (a build killed before
    it could remove them) are removed on the way.
    """
    sweep(prefix)
    folder = Path(tempfile.mkdtemp(prefix=f"{prefix}{os.getpid()}-"))
    fd = os.open(folder / f"{OWNER}.new", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    fcntl.flock(fd, fcntl.LOCK_EX)
    os.rename(folder / f"{OWNER}.new", folder / OWNER)  # seen only once locked
    _owned[folder] = fd
    return folder


def remove_folder(folder: Path) -> None:
    """Remove a folder `private_folder` made, and let go of its lock."""
    shutil.rmtree(folder, ignore_errors=True)
    fd = _owned.pop(folder, None)
    if fd is not None:
        os.close(fd)


def sweep(prefix: str = KERNEL_PREFIX) -> None:
    """Remove the folders `private_folder` made for processes that have ended: no process holds
    the lock in them (another system's process of the same number in a shared temp dir does)."""
    for folder in Path(tempfile.gettempdir()).glob(f"{prefix}*-*"):
        if folder.is_symlink() or not folder.is_dir() or folder.stat().st_uid != os.getuid():
            continue
        try:
            fd = os.open(folder / OWNER, os.O_RDWR | os.O_CLOEXEC)
        except OSError:
            continue  # made by an older build, or being made now: left alone
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            continue
        finally:
            os.close(fd)
        shutil.rmtree(folder, ignore_errors=True)


def execute(notebook: Path, parameters: Mapping[str, Any], output: Path, root: Path) -> Any:
    """Run `notebook` with `parameters` for the project at `root`, saving it to `output`.

    Returns the executed notebook; raises ExecutionFailed naming
    the failing cell, with the partly executed notebook (papermill marks the failing cell) left
    at `output`.
    """
    import papermill
    from papermill.exceptions import PapermillExecutionError

    output.parent.mkdir(parents=True, exist_ok=True)
    try:
        return papermill.execute_notebook(
            str(notebook),
            str(output),
            parameters=dict(parameters),
            kernel_name=KERNEL_NAME,
            language="python",
            progress_bar=False,
            log_output=False,
            cwd=str(notebook.parent),
            execution_timeout=CELL_TIMEOUT_S,
            kernel_manager_class=kernel_manager_class(root),
        )
    except PapermillExecutionError as err:
        lines = [line for line in str(err.source).splitlines() if line.strip()]
        failure = CellFailure(
            cell_index=err.cell_index,
            execution_count=err.exec_count,
            first_line=_shorten(lines[0] if lines else ""),
            error=f"{err.ename}: {_shorten(str(err.evalue), 300)}",
        )
        raise ExecutionFailed(failure, output if output.is_file() else None) from err
    except Exception as err:  # a dead kernel, a timeout: the report fails, the build goes on
        failure = CellFailure(None, None, "", f"{type(err).__name__}: {_shorten(str(err), 300)}")
        raise ExecutionFailed(failure, output if output.is_file() else None) from err


def _shorten(text: str, width: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
