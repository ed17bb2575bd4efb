"""A build worker: a process that builds reports one after another, for crackdown.publish.pool.

Each report runs in a fresh kernel of its own, started while the worker renders the report
before it. Importing this module loads everything rendering needs (papermill, nbconvert with
the page templates, WeasyPrint); the pool's fork server imports it once, before it forks the
workers, so that no worker pays for those imports again.
"""

from __future__ import annotations

import traceback
from multiprocessing.queues import Queue
from typing import Any

import papermill  # noqa: F401  # loaded here once, for every worker forked after
import weasyprint  # noqa: F401

from crackdown.publish import render
from crackdown.publish.execute import CellFailure
from crackdown.publish.kernels import Kernel
from crackdown.publish.pipeline import Job, Outcome, build_report

render.load_templates()

#: A report whose kernel died before its first cell is run again in a new kernel, this often.
RETRIES = 2


def serve(
    worker: int, todo: Queue[Job | None], events: Queue[tuple[Any, ...]], host: str | None
) -> None:
    """Build the jobs of `todo` until a None, telling `events` what happens to each.

    `host` is the socket of the kernel host to fork kernels from (None: start them anew).
    """
    job = todo.get()
    kernel = _kernel_for(job, host)
    while job is not None and kernel is not None:
        events.put(("claimed", worker, job.report.name))
        after: list[tuple[Job | None, Kernel | None]] = []
        outcome = _build(worker, job, kernel, host, todo, events, after)
        events.put(("done", worker, outcome))
        job, kernel = after[0] if after else (None, None)


def _build(
    worker: int,
    job: Job,
    kernel: Kernel,
    host: str | None,
    todo: Queue[Job | None],
    events: Queue[tuple[Any, ...]],
    after: list[tuple[Job | None, Kernel | None]],
) -> Outcome:
    """One report, run again in a new kernel when its kernel died before the first cell ran.

    Once the report's kernel is done, the next report is taken from `todo` into `after`, and
    its kernel starts booting while this report renders.
    """

    def tell(name: str, state: str) -> None:
        events.put(("state", worker, name, state))

    def next_report() -> None:
        kernel.close()
        if not after:
            following = todo.get()
            after.append((following, _kernel_for(following, host)))

    outcome = Outcome(job.report.name)
    for attempt in range(RETRIES + 1):
        if attempt:
            kernel = Kernel(job.root, job.report.notebook.parent)  # a kernel of its own
        kernel.ensure_alive()
        try:
            outcome = build_report(job, tell, kernel=kernel.km, after_execute=next_report)
        except Exception as err:  # a bug fails this report; it must not hang the build
            traceback.print_exc()
            failure = CellFailure(None, None, "", f"{type(err).__name__}: {err}")
            outcome = Outcome(job.report.name, failure=failure)
            next_report()
        if outcome.ok or not _died_before_first_cell(outcome):
            break
    return outcome


def _kernel_for(job: Job | None, host: str | None) -> Kernel | None:
    return None if job is None else Kernel(job.root, job.report.notebook.parent, host)


def _died_before_first_cell(outcome: Outcome) -> bool:
    """Whether a failed report failed before any of its cells ran (a kernel that did not start)."""
    if outcome.failure is None or outcome.failure.cell_index is not None:
        return False
    if outcome.executed is None or not outcome.executed.is_file():
        return False  # papermill saves the notebook before it starts the kernel
    import nbformat

    nb = nbformat.read(outcome.executed, as_version=4)  # type: ignore[no-untyped-call]
    return all(c.get("execution_count") is None for c in nb.cells if c.cell_type == "code")
