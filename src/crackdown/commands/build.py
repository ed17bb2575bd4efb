"""`crackdown build [NAME ...]`: execute and render the reports into reports/.

Exit 0 when every report built, 1 when one failed (the others still build) or when the data,
reports.toml or a parameter is invalid (then nothing is executed and reports/ is untouched).
"""

from __future__ import annotations

import argparse
import functools
import logging
import os
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from crackdown.errors import DatasetError
from crackdown.paths import Paths

if TYPE_CHECKING:
    from crackdown.publish.pipeline import Plan


def configure(parser: argparse.ArgumentParser) -> None:
    """Report names to build (all by default) and --list."""
    parser.add_argument(
        "names", nargs="*", metavar="NAME", help="reports to build (default: every report)"
    )
    parser.add_argument(
        "--list",
        action="store_true",
        help="list the reports and their parameters, then stop (nothing is executed)",
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="rebuild every report asked for, even those that are up to date",
    )
    parser.add_argument(
        "--jobs",
        "-j",
        type=_positive,
        default=os.cpu_count() or 1,
        metavar="N",
        help="build up to N reports at once, each in its own process (default: one per core)",
    )


def _one_at_a_time(run: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """`run` holding the build lock (crackdown.publish.lock): a second build waits for the first."""

    @functools.wraps(run)
    def locked(args: argparse.Namespace) -> int:
        if args.list:  # lists, writes nothing
            return run(args)
        from crackdown.publish.lock import held  # imported late: it is not needed by --help

        with held(Paths.at(args.root)):
            return run(args)

    return locked


def _stopping_cleanly(
    run: Callable[[argparse.Namespace], int],
) -> Callable[[argparse.Namespace], int]:
    """`run`, ended cleanly by Ctrl-C or SIGTERM: the workers stopped, the staging folder and the
    copy of the inputs removed, the lock freed, exit 130 (143), and a write that failed (a full
    disk) a message rather than a traceback."""

    @functools.wraps(run)
    def stopping(args: argparse.Namespace) -> int:
        handled = threading.Event()  # set once this build has handled a stop
        previous = signal.getsignal(signal.SIGTERM)
        unraisable = sys.unraisablehook
        if threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGTERM, _terminated)
            sys.unraisablehook = _stop_not_swallowed(unraisable, handled)
        try:
            return run(args)
        except KeyboardInterrupt:
            handled.set()
            _quiet_abandoned_kernels()
            print(f"interrupted: {_KEPT}", file=sys.stderr)
            return 130
        except _Terminated:
            handled.set()
            _quiet_abandoned_kernels()
            print(f"terminated: {_KEPT}", file=sys.stderr)
            return 143
        except OSError as err:
            where = f" ({Paths.at(args.root).relative(Path(err.filename))})" if err.filename else ""
            print(f"error: {err.strerror or err}{where}; {_KEPT}", file=sys.stderr)
            return 1
        finally:
            pool = sys.modules.get("crackdown.publish.pool")
            if pool is not None:
                pool.release()
            if threading.current_thread() is threading.main_thread():
                signal.signal(signal.SIGTERM, previous)
                sys.unraisablehook = unraisable

    return stopping


def _stop_not_swallowed(
    hook: Callable[[Any], object], handled: threading.Event
) -> Callable[[Any], object]:
    """An unraisable hook under which Ctrl-C or SIGTERM stops the build even when it lands in
    code whose exceptions Python ignores (a weakref callback, a __del__): the signal is raised
    again, to be handled at the next step of the build, instead of printed and lost; once the
    build has handled a stop (`handled` is set), a stop that lands in the cleanup after it is not
    raised again."""

    def handle(unraisable: Any) -> object:
        if isinstance(unraisable.exc_value, (KeyboardInterrupt, _Terminated)) and handled.is_set():
            return None
        if isinstance(unraisable.exc_value, KeyboardInterrupt):
            signal.raise_signal(signal.SIGINT)
            return None
        if isinstance(unraisable.exc_value, _Terminated):
            signal.raise_signal(signal.SIGTERM)
            return None
        return hook(unraisable)

    return handle


_KEPT = (
    "every published file is its previous or its new version, and the next build finishes the job"
)


def _quiet_abandoned_kernels() -> None:
    """A stopped build abandons its kernel's pending cell: asyncio would print the task's
    'Kernel died' traceback when the task is collected; the build's own line says what
    happened."""
    logging.getLogger("asyncio").setLevel(logging.CRITICAL)


class _Terminated(BaseException):
    """SIGTERM reached the build. A BaseException, as KeyboardInterrupt is, so that no library's
    `except Exception` (WeasyPrint's, in the middle of a long PDF) swallows it."""


def _terminated(signum: int, frame: object) -> None:
    raise _Terminated


@_one_at_a_time
@_stopping_cleanly
def run(args: argparse.Namespace) -> int:
    """Build the reports, showing progress and a summary; the exit code says if all built."""
    paths = Paths.at(args.root)
    if not args.list and not args.force:
        # The no-op check hashes files and imports nothing heavy (no pandas, no papermill).
        from crackdown.publish import cache

        current = cache.up_to_date(paths, args.names)
        if current is not None:
            _up_to_date(args.names or current)
            return 0

    from rich.console import Console

    from crackdown.commands import progress
    from crackdown.publish import pipeline, pool

    try:
        if args.list:
            return _list(pipeline.plan(paths, args.names))
        # The workers' imports run while the inputs are copied and checked.
        pool.prepare(min(args.jobs, len(args.names) or args.jobs))
        shown = progress.Progress()
        try:
            result = pipeline.build(paths, args.names, force=args.force, shown=shown)
        finally:
            shown.close()
    except DatasetError as err:
        for problem in err.problems:
            print(problem, file=sys.stderr)
        n = len(err.problems)
        print(f"{n} problem{'s' if n != 1 else ''} found; nothing was built", file=sys.stderr)
        return 1
    if not result.outcomes:
        _up_to_date(result.current)
        return 0
    out = Console(highlight=False)
    out.print(progress.summary(result, paths.relative(paths.reports)))
    if result.failed:
        for line in progress.failure_lines(result, paths.relative(paths.reports)):
            out.print(line, soft_wrap=True)
        return 1
    print(f"Open {paths.relative(paths.reports / 'index.html')} in a browser.")
    return 0


def _up_to_date(names: Sequence[str]) -> None:
    noun = "report is" if len(names) == 1 else f"{len(names)} reports are"
    every = "The" if len(names) == 1 else "All"
    print(f"{every} {noun} up to date: {', '.join(names)}. Nothing was rebuilt (--force rebuilds).")


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is not at least 1")
    return value


def _list(checked: Plan) -> int:
    for job in checked.jobs:
        print(
            f"{job.report.name}: {job.report.title} ({job.report.notebook.name}, "
            f"{' + '.join(job.report.formats)})"
        )
        for p in job.shown:
            print(f"    {p.name} = {p.value}" + (f"  # {p.help}" if p.help else ""))
    return 0
