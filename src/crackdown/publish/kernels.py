"""A report's kernel, started ahead: while a worker renders one report, the next one's kernel boots.

Kernels started from several processes at once race for TCP ports (papermill issue #239: a
port found free is taken by another kernel before this one binds it). Where the system has Unix
domain sockets, each kernel here talks over IPC sockets in its own temporary folder instead, so
there are no ports to race for; elsewhere it uses TCP, and a kernel that dies before its report
starts is replaced (`ensure_alive`).

In a parallel build the kernels are forked from a kernel host (crackdown.publish.kernelhost) that
has already imported what the notebooks import; `Host` starts one, and a `Kernel` asks it for
its process, or starts `python -m ipykernel_launcher` itself when there is no host or the host
is unavailable.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from crackdown.publish.execute import kernel_argv, kernel_env, kernel_manager_class

#: What nbclient passes to every kernel it starts: history in memory, not in ~/.ipython, so
#: that kernels running side by side do not contend for one SQLite file.
KERNEL_ARGUMENTS = ("--HistoryManager.hist_file=:memory:",)
#: How many times a kernel that died on its way up is replaced before the report fails.
STARTS = 3
#: How long a kernel request waits for the host to have imported everything.
HOST_TIMEOUT_S = 120.0


HOST_PREFIX = "crackdown-host-"
KERNEL_PREFIX = "crackdown-kernel-"


def private_folder(prefix: str) -> Path:
    """A new folder only this user can enter, named after this process, in the temp dir.

    Unix socket paths are limited to about 100 bytes, hence the temp dir. Folders whose process
    has ended (a build killed before it could remove them) are removed on the way.
    """
    sweep(prefix)
    return Path(tempfile.mkdtemp(prefix=f"{prefix}{os.getpid()}-"))


def sweep(prefix: str) -> None:
    """Remove the folders `private_folder` made for processes that no longer exist."""
    for folder in Path(tempfile.gettempdir()).glob(f"{prefix}*-*"):
        pid = folder.name.removeprefix(prefix).split("-", 1)[0]
        if not pid.isdigit() or not folder.is_dir() or folder.stat().st_uid != os.getuid():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            shutil.rmtree(folder, ignore_errors=True)
        except PermissionError:
            pass


class Host:
    """A running kernel host for one project; ends when `stop` is called or this process ends."""

    def __init__(self, root: Path, notebooks: Path) -> None:
        self.root = root
        self.folder = private_folder(HOST_PREFIX)
        self.socket = str(self.folder / "host.sock")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "crackdown.publish.kernelhost", self.socket, str(notebooks)],
            stdin=subprocess.PIPE,
            cwd=notebooks,
            env={**os.environ, **kernel_env(root)},
        )

    def stop(self) -> None:
        """End the host (closing its standard input) and the kernels it forked."""
        if self.process.stdin is not None:
            with contextlib.suppress(OSError):
                self.process.stdin.close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.folder, ignore_errors=True)


def fork_kernel(host: str, argv: list[str], cwd: str, env: dict[str, str]) -> int | None:
    """A kernel forked by the host listening on `host`: its pid, or None if it cannot."""
    deadline = time.monotonic() + HOST_TIMEOUT_S
    while True:
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
                connection.settimeout(HOST_TIMEOUT_S)
                connection.connect(host)
                request = {"argv": argv, "cwd": cwd, "env": env}
                connection.sendall(json.dumps(request).encode() + b"\n")
                with connection.makefile("rb") as answers:
                    answer = json.loads(answers.readline() or b"{}")
            break
        except FileNotFoundError:  # the host has not bound its socket yet
            if time.monotonic() > deadline:
                return None
            time.sleep(0.02)
        except (OSError, ValueError):
            return None
    pid = answer.get("pid")
    return pid if isinstance(pid, int) else None


class HostedProcess:
    """A forked kernel, as jupyter_client's provisioner handles a Popen: poll, wait, signals.

    The kernel is the host's child, which reaps it; it has ended when its pid is gone.
    """

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.returncode: int | None = None
        self.stdin = self.stdout = self.stderr = None

    def poll(self) -> int | None:
        """None while the kernel runs, else its (unknown, so 0) exit code."""
        if self.returncode is None:
            try:
                os.kill(self.pid, 0)
            except ProcessLookupError:
                self.returncode = 0
            except PermissionError:
                pass
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        """Wait for the kernel to end."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(str(self.pid), timeout or 0)
            time.sleep(0.02)
        return self.returncode or 0

    def send_signal(self, signum: int) -> None:
        """Send `signum` to the kernel."""
        os.kill(self.pid, signum)

    def kill(self) -> None:
        """SIGKILL the kernel."""
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        """SIGTERM the kernel."""
        self.send_signal(signal.SIGTERM)


class Kernel:
    """One kernel, started for one report and shut down after it."""

    def __init__(self, root: Path, cwd: Path, host: str | None = None) -> None:
        self.root = root
        self.cwd = cwd
        self.host = host
        self.hosted = False
        self._folder = private_folder(KERNEL_PREFIX)
        self.km: Any = None
        self.starts = 0
        self._start()

    def _start(self) -> None:
        from jupyter_core.utils import run_sync

        self.starts += 1
        base = kernel_manager_class(self.root)
        kernel = self

        class AheadKernelManager(base):  # type: ignore[misc, valid-type]
            """Forks its kernel from the host when there is one; remembers its clients."""

            clients: list[Any]

            def client(self, **kwargs: Any) -> Any:
                made = super().client(**kwargs)
                self.clients.append(made)
                return made

            async def _async_launch_kernel(self, kernel_cmd: list[str], **kw: Any) -> None:
                launcher = kernel_argv()[:3]
                pid = None
                if kernel.host and kernel_cmd[:3] == launcher:
                    pid = fork_kernel(
                        kernel.host, kernel_cmd[3:], str(kw.get("cwd", kernel.cwd)), kw["env"]
                    )
                if pid is None:
                    await super()._async_launch_kernel(kernel_cmd, **kw)
                    return
                kernel.hosted = True
                provisioner = self.provisioner
                provisioner.process = HostedProcess(pid)
                provisioner.pid = provisioner.pgid = pid
                provisioner.cwd = kw.get("cwd")
                self._reconcile_connection_info(provisioner.connection_info)

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
