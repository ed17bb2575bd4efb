"""Reports built in parallel: a pool of worker processes (crackdown.publish.worker).

This process hands the jobs out through a queue, in reports.toml order, and commits each
outcome as it arrives, so that the manifest has one writer. Workers are forked from a fork
server that has imported papermill, nbconvert and WeasyPrint once, and their kernels from a
kernel host (crackdown.publish.kernelhost) that has imported what the notebooks import once.
Both start in `prepare`, so that their imports overlap with the build's own checks. A worker
that dies (killed, out of memory) fails the reports it held instead of hanging the build.

Like every multiprocessing fork server, it imports the calling script's main module in each
worker: a script that calls the build with workers > 1 needs an `if __name__ == "__main__":`
guard (the `crackdown` command has one).
"""

from __future__ import annotations

import atexit
import multiprocessing
import os
import queue
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from crackdown.paths import Paths

if TYPE_CHECKING:
    from crackdown.publish.kernels import Host
    from crackdown.publish.pipeline import Job, Outcome, StateCallback

#: The module each worker runs; the fork server imports it before forking any worker.
WORKER_MODULE = "crackdown.publish.worker"
#: How often, in seconds, the pool looks for a worker that died while no event arrives.
POLL_S = 0.5


def context() -> Any:
    """The multiprocessing context workers start from: a fork server where there is one."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload([WORKER_MODULE])
        return ctx
    return multiprocessing.get_context("spawn")


_hosts: dict[Path, Host] = {}


def prepare(paths: Paths) -> None:
    """Start the fork server and the kernel host now: their imports overlap with the checks.

    Neither starts a kernel: kernels start only once the build has checked its parameters.
    """
    ctx = context()
    if ctx.get_start_method() == "forkserver":
        from multiprocessing import forkserver

        forkserver.ensure_running()
    _host(paths.root, paths.notebooks)


def _host(root: Path, notebooks: Path) -> Host | None:
    """The kernel host of `root`, started if need be; None where there can be none (no fork(),
    no notebooks folder yet): kernels then start the usual way."""
    if not hasattr(os, "fork") or not notebooks.is_dir():
        return None
    if root not in _hosts:
        from crackdown.publish.kernels import Host

        try:
            _hosts[root] = Host(root, notebooks)
        except OSError:
            return None
        atexit.register(_stop_hosts)
    return _hosts[root]


def release() -> None:
    """Stop the kernel hosts this process started (a build that did not need them, too)."""
    _stop_hosts()


def _stop_hosts() -> None:
    while _hosts:
        _hosts.popitem()[1].stop()


def build(
    jobs: Sequence[Job],
    workers: int,
    *,
    on_state: StateCallback | None = None,
    on_done: Callable[[Outcome, Job], None],
) -> None:
    """Build `jobs` in min(`workers`, len(jobs)) processes; `on_done` runs here, as each ends."""
    from crackdown.publish.execute import CellFailure
    from crackdown.publish.pipeline import Outcome

    ctx = context()
    first = jobs[0]
    host = _host(first.root, first.report.notebook.parent)
    socket = host.socket if host is not None else None
    todo = ctx.Queue()
    events = ctx.Queue()
    count = max(1, min(workers, len(jobs)))
    for job in jobs:
        todo.put(job)
    for _ in range(count):
        todo.put(None)
    pending = {job.report.name: job for job in jobs}
    held: dict[int, list[str]] = {i: [] for i in range(count)}
    processes = [
        ctx.Process(
            target=_serve,
            args=(i, todo, events, socket),
            name=f"crackdown-worker-{i}",
            daemon=True,
        )
        for i in range(count)
    ]
    try:
        for process in processes:
            process.start()
        while pending:
            try:
                event = events.get(timeout=POLL_S)
            except queue.Empty:
                for i, process in enumerate(processes):
                    if process.is_alive():
                        continue
                    for name in [n for n in held[i] if n in pending]:
                        failure = CellFailure(
                            None,
                            None,
                            "",
                            f"the worker process building it ended (exit code {process.exitcode})",
                        )
                        on_done(Outcome(name, failure=failure), pending.pop(name))
                if pending and not any(p.is_alive() for p in processes):
                    _drain(events, pending, on_state, on_done)
                    for name in list(pending):
                        failure = CellFailure(None, None, "", "no worker process was left")
                        on_done(Outcome(name, failure=failure), pending.pop(name))
                continue
            _handle(event, held, pending, on_state, on_done)
    finally:
        for process in processes:
            process.join(timeout=5)
            if process.is_alive():
                process.terminate()
                process.join()
        todo.close()
        events.close()
        _stop_hosts()


def _handle(
    event: tuple[Any, ...],
    held: dict[int, list[str]],
    pending: dict[str, Job],
    on_state: StateCallback | None,
    on_done: Callable[[Outcome, Job], None],
) -> None:
    kind, worker = event[0], event[1]
    if kind == "claimed":
        held[worker].append(event[2])
    elif kind == "state":
        if on_state:
            on_state(event[2], event[3])
    elif kind == "done":
        outcome = event[2]
        job = pending.pop(outcome.name, None)
        if job is not None:
            on_done(outcome, job)


def _drain(
    events: Any,
    pending: dict[str, Job],
    on_state: StateCallback | None,
    on_done: Callable[[Outcome, Job], None],
) -> None:
    """Handle the events the workers sent before they all ended."""
    held: dict[int, list[str]] = {}
    while True:
        try:
            event = events.get(timeout=POLL_S)
        except queue.Empty:
            return
        held.setdefault(event[1], [])
        _handle(event, held, pending, on_state, on_done)


def _serve(worker: int, todo: Any, events: Any, host: str | None) -> None:
    from crackdown.publish.worker import serve

    serve(worker, todo, events, host)
