"""The figure model in one place: the closed lists of data/datapackage.json, how each metric
and unit is ordered, coloured and spoken of, and what a report selects.

The lists (metrics, units, qualifiers, date precisions, count types, and the relations,
period bases and attributions when the descriptor has them) are read from the enums of
data/datapackage.json, once per descriptor. Everything that draws or words a metric asks `metric()` or `unit()`,
which refuse a value they do not know: a new metric added to the descriptor without its
order, colour and verb fails a test instead of being drawn in a fallback colour.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, TypedDict

from crackdown.errors import ModelError
from crackdown.paths import Paths

if TYPE_CHECKING:
    import pandas as pd

#: The columns of data/figures.csv, in order: the figure model's fields
#: (tests check them against data/datapackage.json); a candidate row is a figure row.
FIGURE_COLUMNS = (
    "figure_id",
    "article_id",
    "metric",
    "value",
    "value_low",
    "value_high",
    "qualifier",
    "unit",
    "subject",
    "nationality",
    "sex",
    "location",
    "authority",
    "attribution",
    "period_start",
    "period_end",
    "date_precision",
    "period_basis",
    "count_type",
    "parent_figure_id",
    "claim_group",
    "in_headline",
    "quote",
    "quote_start",
    "quote_end",
    "notes",
)

#: The descriptor field whose enum is each list (a list the descriptor lacks is empty).
ENUM_FIELDS = {
    "metrics": "metric",
    "units": "unit",
    "qualifiers": "qualifier",
    "precisions": "date_precision",
    "count_types": "count_type",
    "relations": "relation",
    "period_bases": "period_basis",
    "attributions": "attribution",
}


@dataclass(frozen=True)
class Enums:
    """The closed lists of the figure model, in the descriptor's order."""

    metrics: tuple[str, ...]
    units: tuple[str, ...]
    qualifiers: tuple[str, ...]
    precisions: tuple[str, ...]
    count_types: tuple[str, ...]
    relations: tuple[str, ...]
    period_bases: tuple[str, ...]
    attributions: tuple[str, ...]


@lru_cache(maxsize=8)
def _read_enums(descriptor: Path) -> Enums:
    try:
        package = json.loads(descriptor.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise ModelError(
            f"cannot read the data package descriptor ({err}); run inside the "
            "project or set CRACKDOWN_ROOT to its folder",
            file=str(descriptor),
        ) from err
    found: dict[str, list[str]] = {}
    for resource in package.get("resources", []):
        for field in resource.get("schema", {}).get("fields", []):
            enum = field.get("constraints", {}).get("enum")
            if enum:
                values = found.setdefault(field["name"], [])
                values += [str(v) for v in enum if str(v) not in values]
    lists = {name: tuple(found.get(field, ())) for name, field in ENUM_FIELDS.items()}
    required = ("metrics", "units", "qualifiers", "precisions", "count_types")
    missing = [ENUM_FIELDS[name] for name in required if not lists[name]]
    if missing:
        raise ModelError(f"no enum for the field(s) {', '.join(missing)}", file=str(descriptor))
    return Enums(**lists)


def enums(root: Path | str | None = None) -> Enums:
    """The closed lists of the data package of the project at `root` (found by crackdown.paths)."""
    return _read_enums(Paths.at(root).datapackage)


@dataclass(frozen=True)
class Look:
    """How a metric or unit is drawn and spoken of: its place in every ordering, its colour
    (a name in the house palette, crackdown.charts.frame.PALETTE) and its words."""

    order: int
    colour: str
    words: str


#: Each metric: its row order on every chart (top to bottom), its colour, and what happened to
#: those counted as a past participle ("were ..."). Yellow is left out: too pale on white.
METRIC_LOOKS: Mapping[str, Look] = {
    "arrested": Look(0, "vermillion", "arrested"),
    "detained": Look(1, "orange", "detained"),
    "rescued": Look(2, "green", "rescued"),
    "deported": Look(3, "blue", "deported"),
    "repatriated": Look(4, "sky_blue", "repatriated"),
    "charged": Look(5, "purple", "charged"),
    "prosecuted": Look(6, "purple", "prosecuted"),
    "tried": Look(7, "green", "brought to trial"),
    "convicted": Look(8, "black", "convicted"),
    "cases": Look(9, "black", "recorded"),
    "defrauded": Look(10, "orange", "defrauded"),
}

#: Each unit: its panel order, and its name in an axis label ("US dollars a day").
UNIT_LOOKS: Mapping[str, Look] = {
    "people": Look(0, "", "people"),
    "cases": Look(1, "", "cases"),
    "usd": Look(2, "", "US dollars"),
}


def metric(name: str) -> Look:
    """The order, colour and verb of a metric; a ModelError for a metric the model lacks."""
    return _look(METRIC_LOOKS, name, "metric", "order, colour and verb")


def unit(name: str) -> Look:
    """The order and words of a unit; a ModelError for a unit the model lacks."""
    return _look(UNIT_LOOKS, name, "unit", "order and words")


def _look(table: Mapping[str, Look], name: str, kind: str, what: str) -> Look:
    if name not in table:
        table_name = "METRIC_LOOKS" if kind == "metric" else "UNIT_LOOKS"
        raise ModelError(f"{kind} {name!r} has no {what} in crackdown.model.{table_name}")
    return table[name]


def metric_order(metrics: Sequence[str]) -> list[str]:
    """The metrics given, each once, in the model's order."""
    return sorted(dict.fromkeys(metrics), key=lambda m: metric(m).order)


#: The metric enum of the project's data package (what a selection may name).
METRICS: tuple[str, ...] = enums().metrics


class Where(TypedDict, total=False):
    """The keyword arguments of a selection, as charts and summaries take them."""

    metrics: Sequence[str] | str | None
    start: object
    end: object
    nationality: str | None


@dataclass(frozen=True)
class Selection:
    """What a chart or a summary shows: some metrics, a time window, one nationality.

    Every field is optional (None: everything). Built from a report's parameters, checked when
    it picks facts (an unknown metric or a malformed date is a ParameterError naming it).
    """

    metrics: Sequence[str] | str | None = None
    start: object = None
    end: object = None
    nationality: str | None = None

    def pick(self, facts: pd.DataFrame) -> pd.DataFrame:
        """The facts of this selection: its metrics and nationality, overlapping [start, end]."""
        from crackdown import counting

        return counting.select(
            facts,
            metrics=self.metrics,
            start=self.start,
            end=self.end,
            nationality=self.nationality,
        )
