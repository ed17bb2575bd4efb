"""A kernel host: one process imports what the notebooks import, once; each kernel is a fork of it.

A kernel started the usual way (`python -m ipykernel_launcher`) spends about a second of CPU
importing IPython, pandas, matplotlib and the package before the notebook's first cell does
anything. A parallel build starts one host per build instead, as that very command would start
(same interpreter, environment, working directory and `sys.path`), which imports
ipykernel and the modules the notebooks import; every report's kernel is then `fork()`ed from
it and runs `ipykernel_launcher`'s own code. Each kernel is still a fresh process that ran no
code of any notebook before its own, so a report cannot see another's state.

A host serves kernels only if importing those modules was silent: a warning or any output
during an import would, in a kernel of its own, have been part of the notebook's output. A
noisy host answers "unavailable", and the build starts its kernels the usual way.

    python -m crackdown.publish.kernelhost SOCKET NOTEBOOKS_DIR

Protocol, one request per connection on the Unix socket SOCKET: a JSON line {"argv": the
kernel's arguments after `-m ipykernel_launcher`, "cwd": ..., "env": {...}}; the answer is a
JSON line {"pid": N} or {"unavailable": "why"}. The host ends when its standard input closes
(the build ended, however it ended), and takes its kernels with it.
"""

from __future__ import annotations

import ast
import contextlib
import importlib
import json
import os
import selectors
import signal
import socket
import sys
import tempfile
import warnings
from collections.abc import Iterable, Iterator
from pathlib import Path

#: The matplotlib backend ipykernel sets when the environment names none; set before
#: matplotlib is imported here, as it would be before the notebook imported it.
INLINE_BACKEND = "module://matplotlib_inline.backend_inline"


def notebook_imports(notebooks: Path) -> list[str]:
    """The modules the notebooks in `notebooks` import at the top level of a code cell."""
    found: dict[str, None] = {}
    for file in sorted(notebooks.glob("*.ipynb")):
        try:
            cells = json.loads(file.read_text(encoding="utf-8"))["cells"]
        except (OSError, ValueError, KeyError, TypeError):
            continue
        for cell in cells:
            if cell.get("cell_type") != "code":
                continue
            source = cell.get("source", "")
            for name in _imports("".join(source) if isinstance(source, list) else str(source)):
                found[name] = None
    return list(found)


def _imports(source: str) -> Iterator[str]:
    try:
        tree = ast.parse(source)
    except SyntaxError:  # IPython magics: the kernel imports whatever they need
        return
    for node in tree.body:
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            yield node.module
            yield from (f"{node.module}.{alias.name}" for alias in node.names)


def warm(modules: Iterable[str]) -> str:
    """Import ipykernel and `modules`; "" when that was silent, else what was heard."""
    if not os.environ.get("MPLBACKEND"):
        os.environ["MPLBACKEND"] = INLINE_BACKEND
    heard: list[str] = []
    with _captured_output() as output, warnings.catch_warnings(record=True) as caught:
        importlib.import_module("ipykernel.kernelapp")
        for name in modules:
            with contextlib.suppress(Exception):  # the notebook's own import will say why
                importlib.import_module(name)
    heard += [f"{w.category.__name__}: {w.message}" for w in caught]
    text = output.decode("utf-8", errors="replace").strip()
    if text:
        heard.append(text[:300])
    if INLINE_BACKEND.removeprefix("module://") in sys.modules:
        heard.append("matplotlib chose its backend before the kernel existed")
    return "; ".join(heard)


@contextlib.contextmanager
def _captured_output() -> Iterator[bytearray]:
    """Standard output and error, down to the file descriptors, into an unnamed temporary file
    (it leaves nothing behind, however this process ends); the bytes at the end of the block."""
    sys.stdout.flush()
    sys.stderr.flush()
    captured = bytearray()
    with tempfile.TemporaryFile() as file:
        saved = os.dup(1), os.dup(2)
        try:
            os.dup2(file.fileno(), 1)
            os.dup2(file.fileno(), 2)
            yield captured
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
            for descriptor in saved:
                os.close(descriptor)
            file.seek(0)
            captured += file.read()


def serve(listener: socket.socket, unavailable: str) -> None:
    """Fork a kernel per request until standard input closes; then end the kernels forked."""
    # Forked kernels are reaped by the system as they end: no zombie outlives its kernel.
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    kernels: list[int] = []
    events = selectors.DefaultSelector()
    events.register(listener, selectors.EVENT_READ)
    events.register(sys.stdin, selectors.EVENT_READ)
    try:
        while True:
            for key, _ in events.select():
                if key.fileobj is sys.stdin:
                    if not os.read(0, 4096):
                        return
                    continue
                connection, _ = listener.accept()
                with connection:
                    pid = _answer(connection, listener, unavailable)
                    if pid:
                        kernels.append(pid)
    finally:
        for pid in kernels:
            with contextlib.suppress(OSError):
                os.killpg(pid, signal.SIGKILL)


def _answer(connection: socket.socket, listener: socket.socket, unavailable: str) -> int:
    with connection.makefile("rb") as incoming:
        request = json.loads(incoming.readline() or b"{}")
    if unavailable or not isinstance(request.get("argv"), list):
        reason = unavailable or "a request without argv"
        connection.sendall(json.dumps({"unavailable": reason}).encode() + b"\n")
        return 0
    pid = os.fork()
    if pid == 0:
        try:
            listener.close()
            connection.close()
            _become_kernel(request["argv"], request["cwd"], request["env"])
        finally:
            os._exit(1)  # _become_kernel exits itself; this is for an error on the way
    connection.sendall(json.dumps({"pid": pid}).encode() + b"\n")
    return pid


def _become_kernel(argv: list[str], cwd: str, env: dict[str, str]) -> None:
    """In the forked child: become `python -m ipykernel_launcher ARGV` in `cwd` with `env`."""
    import atexit

    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    os.setsid()  # its own process group, as jupyter_client starts kernels, for interrupts
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    os.dup2(2, 1)  # the host's standard output is its protocol; the kernel's goes to stderr
    os.chdir(cwd)
    os.environ.clear()
    os.environ.update(env)
    # ipykernel shuts a kernel down when its parent (this host) goes away. It reads the parent
    # from the environment when kernelapp is imported, which here was before the fork.
    parent = os.getppid()
    os.environ["JPY_PARENT_PID"] = str(parent)
    from importlib.util import find_spec

    from ipykernel import kernelapp

    launcher = find_spec("ipykernel_launcher")
    sys.argv = [str(launcher.origin if launcher else "ipykernel_launcher"), *argv]
    code = 0
    try:
        kernelapp.IPKernelApp.launch_instance(parent_handle=parent)
    except SystemExit as end:
        code = end.code if isinstance(end.code, int) else 0
    finally:
        atexit._run_exitfuncs()
        sys.stdout.flush()
        sys.stderr.flush()
    os._exit(code)


def main() -> None:
    """Listen on the socket first (requests wait in its backlog), then import, then serve."""
    # As ipykernel_launcher does: the working directory is not on sys.path while modules load;
    # the kernel's shell puts it back.
    if sys.path and (sys.path[0] == "" or Path(sys.path[0]) == Path.cwd()):
        del sys.path[0]
    path, notebooks = sys.argv[1], Path(sys.argv[2])
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    listener.listen(64)
    try:
        unavailable = warm(notebook_imports(notebooks))
        serve(listener, unavailable)
    finally:
        Path(path).unlink(missing_ok=True)


if __name__ == "__main__":
    main()
