"""`crackdown check`: validate the articles and figures, one summary line or every problem."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from crackdown.dataset import Dataset


def configure(parser: argparse.ArgumentParser) -> None:
    """No options: check always validates everything."""


def run(args: argparse.Namespace) -> int:
    """Print the summary (exit 0) or every problem, one per line (exit 1)."""
    from crackdown import dataset  # imported here: pandas is not needed to print --help

    data, problems = dataset.check(args.root)
    if problems or data is None:
        for problem in problems:
            print(problem, file=sys.stderr)
        print(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} found", file=sys.stderr)
        return 1
    print(summary(data))
    return 0


def summary(data: Dataset) -> str:
    """One line: articles, figures, facts after de-duplication, conflicts, data version."""
    from crackdown import counting

    fact_table = counting.facts(data.figures, data.articles)
    n_conflicts = int(fact_table["conflict"].sum())
    return (
        f"ok: {len(data.articles)} articles, {len(data.figures)} figures, "
        f"{len(fact_table)} facts after de-duplication, {n_conflicts} conflict"
        f"{'s' if n_conflicts != 1 else ''}, {len(data.nationalities)} nationalities named "
        f"(data version {data.version})"
    )
