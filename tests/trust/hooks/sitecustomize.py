"""Test-only: named steps of writing, logged and killable, in a build the trust suite starts.

Python imports this module at start-up when its folder is on PYTHONPATH (the trust suite puts
it there; nothing in the package knows of it). It wraps `tempfile.mkstemp` and `os.replace`,
which every write of the build goes through, so that each step of writing a file below the
project (the working directory) has a name: "temp reports/.staging/x" (a temporary file made,
still empty), "replace reports/index.html" (complete, not yet renamed), "replaced ...".

- CRACKDOWN_STEP_LOG: every step is appended to this file as "PGID NAME#k" (the k-th time this
  process took it; PGID tells builds apart).
- CRACKDOWN_KILL_AT: "NAME#k": at that step the build is stopped, as CRACKDOWN_KILL_HOW says:
  "group" SIGKILLs its process group (a power cut), "pid" SIGKILLs the build's own process only
  (`kill -9 PID`: its workers and kernels must go by themselves), "int" sends SIGINT to the
  group (Ctrl-C in a terminal), "int-in-exec" raises KeyboardInterrupt inside code run by
  exec() of a string. The build is started as a process group leader.
- CRACKDOWN_SIGINT_AT_EXIT: any value: the process sends itself SIGINT as it exits.
"""

from __future__ import annotations

import os
import signal
import tempfile

_LOG, _KILL_AT = os.environ.get("CRACKDOWN_STEP_LOG"), os.environ.get("CRACKDOWN_KILL_AT")
_HOW = os.environ.get("CRACKDOWN_KILL_HOW", "group")
_counts: dict[str, int] = {}


def _step(what: str, path: object) -> None:
    shown = os.path.relpath(os.fspath(path))  # type: ignore[arg-type]
    if shown.startswith(".."):
        return
    name = f"{what} {shown}"
    count = _counts[name] = _counts.get(name, 0) + 1
    if _LOG:
        with open(_LOG, "a", encoding="utf-8") as log:
            log.write(f"{os.getpgrp()} {name}#{count}\n")
    if f"{name}#{count}" == _KILL_AT:
        if _HOW == "pid":
            os.kill(os.getpgrp(), signal.SIGKILL)
        elif _HOW == "int":
            os.killpg(os.getpgrp(), signal.SIGINT)
        elif _HOW == "int-in-exec":
            # Ctrl-C landing in code that exec() runs from a string, as namedtuple and
            # dataclasses run the functions they make
            exec("raise KeyboardInterrupt")
        else:
            os.killpg(os.getpgrp(), signal.SIGKILL)


if os.environ.get("CRACKDOWN_SIGINT_AT_EXIT"):
    # Ctrl-C as the program exits, after its command has returned its exit code
    import atexit

    atexit.register(os.kill, os.getpid(), signal.SIGINT)


if _LOG or _KILL_AT:
    _mkstemp, _replace = tempfile.mkstemp, os.replace

    def _mkstemp_step(*args, **kwargs):  # type: ignore[no-untyped-def]
        made = _mkstemp(*args, **kwargs)
        _step("temp", os.path.join(os.path.dirname(made[1]), kwargs.get("prefix", "")))
        return made

    def _replace_step(source, destination, **kwargs):  # type: ignore[no-untyped-def]
        _step("replace", destination)
        _replace(source, destination, **kwargs)
        _step("replaced", destination)

    tempfile.mkstemp = _mkstemp_step
    os.replace = _replace_step
