"""`crackdown build [NAME ...]`: execute and render the reports into reports/.

Exit 0 when every report built, 1 when one failed (the others still build) or when the data,
reports.toml or a parameter is invalid (then nothing is executed and reports/ is untouched).
"""

from __future__ import annotations

import argparse
import functools
import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

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
        from crackdown.publish.lock import exclusive  # imported late: crackdown.publish loads pandas

        return exclusive(run)(args)

    return locked


def _releasing_workers(
    run: Callable[[argparse.Namespace], int],
) -> Callable[[argparse.Namespace], int]:
    """`run`, then stop the kernel host it started, even when it had nothing to build."""

    @functools.wraps(run)
    def releasing(args: argparse.Namespace) -> int:
        try:
            return run(args)
        finally:
            pool = sys.modules.get("crackdown.publish.pool")
            if pool is not None:
                pool.release()

    return releasing


@_one_at_a_time
@_releasing_workers
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

    from crackdown.publish import pipeline, progress

    if not args.list and args.jobs > 1 and len(args.names) != 1:
        from crackdown.publish import pool

        pool.prepare(paths)  # the workers' imports run while the data and parameters are checked
    try:
        if args.list:
            return _list(pipeline.plan(paths, args.names))
        checked = pipeline.plan(paths, args.names)
    except DatasetError as err:
        for problem in err.problems:
            print(problem, file=sys.stderr)
        n = len(err.problems)
        print(f"{n} problem{'s' if n != 1 else ''} found; nothing was built", file=sys.stderr)
        return 1
    shown = progress.Progress()
    try:
        result = pipeline.run(
            checked,
            on_start=shown.expect,
            on_state=shown.state,
            on_done=shown.done,
            force=args.force,
            workers=args.jobs,
        )
    finally:
        shown.close()
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
            f"{job.report.name}: {job.report.title} ({job.report.notebook_name}, "
            f"{' + '.join(job.report.formats)})"
        )
        for p in job.shown:
            print(f"    {p.name} = {p.value}" + (f"  # {p.help}" if p.help else ""))
    return 0
