"""`crackdown build [NAME ...]`: execute and render the reports into reports/.

Exit 0 when every report built, 1 when one failed (the others still build) or when the data,
reports.toml or a parameter is invalid (then nothing is executed and reports/ is untouched).
"""

from __future__ import annotations

import argparse
import functools
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from crackdown.errors import DatasetError
from crackdown.paths import Paths

if TYPE_CHECKING:
    from crackdown.build.pipeline import Plan


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


def _one_at_a_time(run: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """`run` holding the build lock (crackdown.build.lock): a second build waits for the first."""

    @functools.wraps(run)
    def locked(args: argparse.Namespace) -> int:
        from crackdown.build.lock import exclusive  # imported late: crackdown.build loads pandas

        return exclusive(run)(args)

    return locked


@_one_at_a_time
def run(args: argparse.Namespace) -> int:
    """Build the reports, showing progress and a summary; the exit code says if all built."""
    from rich.console import Console

    from crackdown.build import pipeline, progress

    paths = Paths.at(args.root)
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
    shown.expect([job.report.name for job in checked.jobs])
    try:
        result = pipeline.run(checked, on_state=shown.state, on_done=shown.done)
    finally:
        shown.close()
    out = Console(highlight=False)
    out.print(progress.summary(result, paths.relative(paths.reports)))
    if result.failed:
        for line in progress.failure_lines(result, paths.relative(paths.reports)):
            out.print(line, soft_wrap=True)
        return 1
    print(f"Open {paths.relative(paths.reports / 'index.html')} in a browser.")
    return 0


def _list(checked: Plan) -> int:
    for job in checked.jobs:
        print(
            f"{job.report.name}: {job.report.title} ({job.report.notebook_name}, "
            f"{' + '.join(job.report.formats)})"
        )
        for p in job.shown:
            print(f"    {p.name} = {p.value}" + (f"  # {p.help}" if p.help else ""))
    return 0
