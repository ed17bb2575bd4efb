"""`crackdown check`: validate the articles and figures, and the reports notebooks/reports.toml
asks for with their parameters; one summary line, or every problem.

With `--conflicts`, every disputed fact follows the summary: its readings, the standing one
first, each with the statements (figure and article) that give it, and what differs.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from crackdown.paths import Paths

if TYPE_CHECKING:
    import pandas as pd

    from crackdown.dataset import Dataset


def configure(parser: argparse.ArgumentParser) -> None:
    """--conflicts lists the disputed facts after the summary."""
    parser.add_argument(
        "--conflicts",
        action="store_true",
        help="list each disputed fact: its readings, the statements behind each, what differs",
    )


def run(args: argparse.Namespace) -> int:
    """Print the summary (exit 0) or every problem, one per line (exit 1)."""
    from crackdown import dataset  # imported here: pandas is not needed to print --help

    data, problems = dataset.check(args.root)
    if problems or data is None:
        for problem in problems:
            print(problem, file=sys.stderr)
        print(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} found", file=sys.stderr)
        return 1
    print(summary(data, _reports(Paths.at(args.root), data)))
    if getattr(args, "conflicts", False):
        for line in conflict_lines(data):
            print(line)
    return 0


def _reports(paths: Paths, data: Dataset) -> int | None:
    """How many reports notebooks/reports.toml asks for, each checked as a build checks it
    (crackdown.catalogue: every problem raised); None when the project has no reports.toml."""
    if not paths.reports_toml.exists():
        return None
    from crackdown import catalogue, model

    metrics = model.enums(paths.root).metrics
    return len(catalogue.checked(paths, data.figures, metrics, memo=paths.parameters_memo)[1])


def summary(data: Dataset, reports: int | None = None) -> str:
    """One line: articles, figures, facts after de-duplication, conflicts, nationalities named,
    the reports checked (when counted), data version."""
    from crackdown import counting

    fact_table = counting.facts(data.figures, data.articles, data.relations)
    n_conflicts = int(fact_table["disputed"].sum())
    return (
        f"ok: {len(data.articles)} articles, {len(data.figures)} figures, "
        f"{len(fact_table)} facts after de-duplication, {n_conflicts} conflict"
        f"{'s' if n_conflicts != 1 else ''}, {len(data.nationalities)} nationalities named"
        + ("" if reports is None else f", {reports} report{'s' if reports != 1 else ''} checked")
        + f" (data version {data.version})"
    )


def _value(reading: Any, unit: str) -> str:
    from crackdown import wording

    return wording.amount(float(reading.value), str(reading.qualifier), unit)


def _period(reading: Any) -> str:
    end = reading.period_end.date()
    if reading.period_start != reading.period_start:  # NaT: undated
        when = f"on or before {end}"
    elif reading.period_start == reading.period_end:
        when = f"on {end}"
    else:
        when = f"{reading.period_start.date()} to {end}"
    return f"{when} ({reading.period_basis})"


def conflict_lines(data: Dataset) -> list[str]:
    """The disputed facts, each with its readings and the statements behind them."""
    from crackdown import counting

    fact_table = counting.facts(data.figures, data.articles, data.relations)
    disputed = fact_table[fact_table["disputed"]].sort_values("fact_id")
    if disputed.empty:
        return ["no conflicts: every fact's statements agree"]
    table: pd.DataFrame = counting.readings(data.figures, data.articles, data.relations)
    figures = data.figures.set_index("figure_id")
    source = {
        a["article_id"]: counting.source_line(
            a["outlet"], a["published_on"], a["published_precision"]
        )
        for a in data.articles.to_dict("records")
    }
    lines = []
    facts: list[Any] = list(disputed.itertuples())
    for number, fact in enumerate(facts, start=1):
        lines.append("")
        lines.append(
            f"conflict {number} of {len(disputed)}: {fact.fact_id} ({fact.metric}, {fact.unit}): "
            f"the statements differ in {fact.dispute}"
        )
        readings: list[Any] = list(table[table["fact_id"] == fact.fact_id].itertuples())
        for reading in readings:
            label = "standing" if reading.standing else "other   "
            lines.append(f"  {label} {_value(reading, fact.unit)}, {_period(reading)}")
            for figure_id in reading.figure_ids.split(";"):
                row = figures.loc[figure_id]
                lines.append(
                    f"    {figure_id} ({row['qualifier']} {row['value']:g}, "
                    f"data/figures.csv row {row['row']}): {row['article_id']}, "
                    f"{source.get(row['article_id'], '')}"
                )
    return lines
