"""A report's kernel, started ahead: while a worker renders one report, the next one's kernel boots.

Kernels started from several processes at once race for TCP ports (papermill issue #239: a
port found free is taken by another kernel before this one binds it). Where the system has Unix
domain sockets, each kernel here talks over IPC sockets in its own temporary folder instead, so
there are no ports to race for; elsewhere it uses TCP, and a kernel that dies before its report
starts is replaced (`ensure_alive`).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from crackdown.build.execute import kernel_manager_class

#: What nbclient passes to every kernel it starts: history in memory, not in ~/.ipython, so
#: that kernels running side by side do not contend for one SQLite file.
KERNEL_ARGUMENTS = ("--HistoryManager.hist_file=:memory:",)
#: How many times a kernel that died on its way up is replaced before the report fails.
STARTS = 3


class Kernel:
    """One kernel, started for one report and shut down after it."""

    def __init__(self, root: Path, cwd: Path) -> None:
        self.root = root
        self.cwd = cwd
        # Unix socket paths are limited to about 100 bytes: a short folder under the temp dir.
        self._folder = Path(tempfile.mkdtemp(prefix="crackdown-kernel-"))
        self.km: Any = None
        self.starts = 0
        self._start()

    def _start(self) -> None:
        from jupyter_core.utils import run_sync

        self.starts += 1
        base = kernel_manager_class(self.root)

        class AheadKernelManager(base):  # type: ignore[misc, valid-type]
            """Remembers the clients it hands out, so that closing the kernel closes them too."""

            clients: list[Any]

            def client(self, **kwargs: Any) -> Any:
                made = super().client(**kwargs)
                self.clients.append(made)
                return made

        connection = self._folder / f"kernel-{self.starts}.json"
        if hasattr(os, "fork"):  # POSIX: Unix domain sockets
            km = AheadKernelManager(transport="ipc", connection_file=str(connection))
        else:
            km = AheadKernelManager(connection_file=str(connection))
        km.clients = []
        run_sync(km.start_kernel)(cwd=str(self.cwd), extra_arguments=list(KERNEL_ARGUMENTS))
        self.km = km

    def alive(self) -> bool:
        """Whether the kernel's process is still running."""
        from jupyter_core.utils import run_sync

        return self.km is not None and bool(run_sync(self.km.is_alive)())

    def ensure_alive(self) -> None:
        """Replace a kernel that died on its way up (a port taken, a crash), up to STARTS times."""
        while not self.alive() and self.starts < STARTS:
            self._stop()
            self._start()

    def close(self) -> None:
        """Shut the kernel down (it has done its report) and remove its connection files."""
        self._stop()
        shutil.rmtree(self._folder, ignore_errors=True)

    def _stop(self) -> None:
        from jupyter_core.utils import run_sync

        km, self.km = self.km, None
        if km is None:
            return
        for client in km.clients:
            client.stop_channels()
        if run_sync(km.is_alive)():
            # The report's outputs are already in hand: nothing is left for the kernel to do.
            run_sync(km.shutdown_kernel)(now=True)  # also removes its connection files
        else:
            run_sync(km.cleanup_resources)()
