"""Reports built in parallel, in a process pool whose workers are forked when it starts
(`prepare`), importing what rendering needs while the build checks its inputs. This process
commits each outcome as it arrives, so the manifest has one writer; a worker that dies fails
its report. Workers and kernels ask the system to kill them when their parent dies, and ignore
Ctrl-C: this process stops them and lets the interruption go on.
"""

from __future__ import annotations

import concurrent.futures as cf
import ctypes
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from crackdown.publish.pipeline import Job, Outcome, StateCallback

#: How often, in seconds, the build shows the states the workers sent while no report ends.
POLL_S = 0.2

_executor: cf.ProcessPoolExecutor | None = None
_states: Any = None


def die_with_parent(parent: int) -> None:
    """Have the system SIGKILL this process when `parent` ends (Linux; elsewhere the build's
    end closes the pool and kernels poll their parent), or end it now if it already has."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:
        os._exit(1)


def prepare(workers: int) -> None:
    """Start `workers` worker processes now, so that their imports overlap with the checks."""
    global _executor, _states
    if _executor is not None or workers < 2:
        return
    context = multiprocessing.get_context("fork")
    _states = context.SimpleQueue()
    _executor = cf.ProcessPoolExecutor(
        workers, mp_context=context, initializer=_start_worker, initargs=(os.getpid(), _states)
    )
    _executor.submit(int)  # starts every worker: with fork, the pool starts them all at once


def prepared() -> bool:
    """Whether `prepare` started a pool that `build` will use."""
    return _executor is not None


def release() -> None:
    """Stop the worker processes, and sweep the socket folders of kernels stopped with them."""
    global _executor
    executor, _executor = _executor, None
    if executor is not None:
        from crackdown.publish.execute import sweep

        for process in multiprocessing.active_children():
            process.kill()
        executor.shutdown(wait=True, cancel_futures=True)
        sweep()


def build(
    jobs: Sequence[Job], *, on_state: StateCallback | None, on_done: Callable[[Outcome, Job], None]
) -> None:
    """Build `jobs` in the prepared pool; `on_done` runs here, as each ends."""
    from crackdown.publish.pipeline import Outcome

    assert _executor is not None, "pool.prepare() starts the workers first"
    futures = {_executor.submit(_build, job): job for job in jobs}
    pending = set(futures)
    try:
        while pending:
            done, pending = cf.wait(pending, timeout=POLL_S, return_when=cf.FIRST_COMPLETED)
            while not _states.empty():
                name, state = _states.get()
                if on_state:
                    on_state(name, state)
            for future in done:
                job = futures[future]
                try:
                    outcome = future.result()
                except cf.process.BrokenProcessPool:
                    outcome = Outcome(
                        job.report.name, failure="the worker process building it ended"
                    )
                except Exception as err:  # a job that could not be sent
                    outcome = Outcome(job.report.name, failure=f"{type(err).__name__}: {err}")
                on_done(outcome, job)
    except BaseException:
        release()  # Ctrl-C, or a failed commit: no worker goes on writing
        raise


def _start_worker(parent: int, states: Any) -> None:
    global _states
    die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _states = states
    from crackdown.publish import render

    render.load_templates()
    render.load_weasyprint()  # the PDF renderer, loaded once per worker


def _build(job: Job) -> Outcome:
    from crackdown.publish.pipeline import build_report

    return build_report(job, lambda name, state: _states.put((name, state)))
