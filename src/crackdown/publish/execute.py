"""Executing a notebook with papermill, in a kernel of this very Python environment.

The build never looks a kernel up by name (a machine's "python3" may lack the project): it
starts this Python's kernel (crackdown.publish.kernel, which ends with the build), with
CRACKDOWN_ROOT set to the project built, talking over Unix sockets in a private folder.
"""

from __future__ import annotations

import fcntl
import logging
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from crackdown.errors import CrackdownError, KernelError
from crackdown.paths import ROOT_ENV

#: The kernel name notebooks carry; installing the project registers it (pyproject.toml).
KERNEL_NAME = "crackdown-reports"
#: A cell running longer than this is stuck, not slow: the report fails instead of hanging.
CELL_TIMEOUT_S = 600
#: Every private folder's name starts with this; a kernel's folder goes on with "kernel-".
PREFIX = "crackdown-"
KERNEL_PREFIX = f"{PREFIX}kernel-"
#: The file each private folder's process holds a lock on while it uses the folder.
OWNER = ".owner"
_owned: dict[Path, int] = {}

# Informational chatter from papermill and the kernel machinery is noise in a build's display.
for _name in ("papermill", "traitlets", "jupyter_client", "nbclient"):
    logging.getLogger(_name).setLevel(logging.ERROR)


class ExecutionFailed(CrackdownError):
    """A notebook stopped with an error: the message names the cell and the error."""


def kernel_argv() -> list[str]:
    """The command that starts a kernel of this environment's Python."""
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


def check_kernel() -> None:
    """Raise KernelError, before any kernel starts, when the kernel's Python lacks ipykernel."""
    python = kernel_argv()[0]
    probe = "import importlib.util, sys; sys.exit(importlib.util.find_spec('ipykernel') is None)"
    try:
        found = subprocess.run([python, "-c", probe], capture_output=True, timeout=60)
    except (OSError, subprocess.SubprocessError) as err:
        raise KernelError(f"the kernel's Python {python} does not run: {err}") from err
    if found.returncode != 0:
        raise KernelError(
            f"the notebooks cannot run: {python} cannot import ipykernel; "
            f"install it into that environment (`{python} -m pip install ipykernel`), "
            "or reinstall crackdown-reports, which depends on it; nothing was built"
        )


@cache
def kernel_manager_class(root: Path) -> type[Any]:
    """A kernel manager class that starts this environment's kernel for the project at `root`."""
    from jupyter_client.kernelspec import KernelSpec
    from jupyter_client.manager import AsyncKernelManager

    spec = KernelSpec(
        argv=kernel_argv(),
        display_name="Python (crackdown-reports)",
        language="python",
        env={ROOT_ENV: str(root), "PYTHONHASHSEED": "0"},
        metadata={},
    )

    class ProjectKernelManager(AsyncKernelManager):
        """Starts sys.executable's ipykernel over Unix sockets in a folder of its own."""

        def __init__(self, **kwargs: Any) -> None:
            self.folder = private_folder(KERNEL_PREFIX)
            kwargs.setdefault("transport", "ipc")
            kwargs.setdefault("connection_file", str(self.folder / "kernel.json"))
            super().__init__(**kwargs)

        @property
        def kernel_spec(self) -> KernelSpec:
            return spec

        async def _async_launch_kernel(self, kernel_cmd: list[str], **kw: Any) -> None:
            # The kernel's own log goes to its folder: a kernel stopped with its build is silent.
            self.log_file = (self.folder / "kernel.log").open("ab")
            kw.setdefault("stdout", self.log_file)
            kw.setdefault("stderr", self.log_file)
            await super()._async_launch_kernel(kernel_cmd, **kw)

        async def _async_cleanup_resources(self, restart: bool = False) -> None:
            await super()._async_cleanup_resources(restart)
            if not restart:
                if hasattr(self, "log_file"):
                    self.log_file.close()
                remove_folder(self.folder)

    return ProjectKernelManager


def private_folder(prefix: str) -> Path:
    """A new folder only this user can enter, in the temp dir (Unix socket paths are short),
    locked by this process while it lives. Folders of ended processes are swept first."""
    sweep(prefix)
    folder = Path(tempfile.mkdtemp(prefix=f"{prefix}{os.getpid()}-"))
    fd = os.open(folder / f"{OWNER}.new", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    fcntl.flock(fd, fcntl.LOCK_EX)
    os.rename(folder / f"{OWNER}.new", folder / OWNER)  # seen by `sweep` only once locked
    _owned[folder] = fd
    return folder


def remove_folder(folder: Path) -> None:
    """Remove a folder `private_folder` made, and let go of its lock."""
    shutil.rmtree(folder, ignore_errors=True)
    fd = _owned.pop(folder, None)
    if fd is not None:
        os.close(fd)


def sweep(prefix: str = PREFIX) -> None:
    """Remove the folders `private_folder` made whose process has ended (nobody holds the lock)."""
    for folder in Path(tempfile.gettempdir()).glob(f"{prefix}*-*"):
        if folder.is_symlink() or not folder.is_dir() or folder.stat().st_uid != os.getuid():
            continue
        try:
            fd = os.open(folder / OWNER, os.O_RDWR | os.O_CLOEXEC)
        except OSError:
            continue  # being made now: left alone
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            continue
        finally:
            os.close(fd)
        shutil.rmtree(folder, ignore_errors=True)


def execute(notebook: Path, parameters: Mapping[str, Any], output: Path, root: Path) -> Any:
    """Run `notebook` with `parameters` for the project at `root`, saving it to `output`.

    Returns the executed notebook; raises ExecutionFailed naming the failing cell, the partly
    executed notebook (papermill marks the failing cell) left at `output`.
    """
    import papermill
    from papermill.exceptions import PapermillExecutionError

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
        # "In [5]" is how papermill's banner and JupyterLab name the cell.
        where = f"In [{err.exec_count}]" if err.exec_count is not None else f"cell {err.cell_index}"
        first = _shorten(lines[0] if lines else "", 80)
        raise ExecutionFailed(
            f"{where} `{first}`: {err.ename}: {_shorten(str(err.evalue), 300)}"
        ) from err


def _shorten(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
