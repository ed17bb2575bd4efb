"""The counting rules: what a chart or a sentence may add up.

1. A fact reported more than once counts once: each claim group is one fact, and its standing
   figure is chosen by `STANDING_ORDER`. Disagreement inside a group is a conflict.
2. A part is never added to its whole; it is shown as a share of it (`parts`).
3. Figures of different metrics or units are never summed (`total` refuses).
4. A period total covers its period: `days` and `per_day` come from the period, never from
   its last day alone. Month and year precision are bands over the month or year.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from crackdown.dates import format_date
from crackdown.errors import CrackdownError, ParameterError
from crackdown.model import METRICS

#: How the standing figure of a claim group is chosen, first rule first.
STANDING_ORDER = (
    "an exact figure before a qualified one ('3,455' before 'more than 3,400')",
    "then the later article",
    "then the body before the headline",
    "then the figure_id, so that the choice is stable",
)

FACT_COLUMNS = [
    "fact_id",
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
    "period_start",
    "period_end",
    "date_precision",
    "count_type",
    "parent_fact_id",
    "n_statements",
    "n_articles",
    "figure_ids",
    "article_ids",
    "outlet",
    "published_on",
    "sources",
    "conflict",
    "days",
    "per_day",
    "band_start",
    "band_end",
]


def fact_ids(figures: pd.DataFrame) -> pd.Series:
    """The fact each figure states: its claim group, or itself when it has none."""
    return figures["claim_group"].where(figures["claim_group"] != "", figures["figure_id"])


def facts(figures: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """One row per fact: the standing figure of each claim group, with its period arithmetic."""
    ranked = _ranked(figures, articles)
    standing = ranked.drop_duplicates("fact_id", keep="first").set_index("fact_id")
    groups = ranked.groupby("fact_id", sort=False)
    standing["n_statements"] = groups.size()
    standing["n_articles"] = groups["article_id"].nunique()
    by_id = ranked.sort_values(["fact_id", "figure_id"], kind="stable")
    standing["figure_ids"] = _joined(by_id["fact_id"], by_id["figure_id"], ";")
    cited = ranked.drop_duplicates(["fact_id", "article_id"]).sort_values(
        ["fact_id", "article_id"], kind="stable"
    )
    standing["article_ids"] = _joined(cited["fact_id"], cited["article_id"], ";")
    # Outlets in ranked order (the standing figure's first), each named once.
    named = ranked.drop_duplicates(["fact_id", "_source"])
    standing["sources"] = _joined(named["fact_id"], named["_source"], "; ")
    conflicted = _conflicts(ranked)["fact_id"].unique()
    standing["conflict"] = standing.index.isin(conflicted)
    fact_of = pd.Series(ranked["fact_id"].array, index=ranked["figure_id"].array)
    parents = standing["parent_figure_id"]
    standing["parent_fact_id"] = parents.map(fact_of).fillna("").astype(parents.dtype)
    standing = standing.reset_index()
    standing["days"] = period_days(standing)
    standing["per_day"] = standing["value"] / standing["days"]
    standing["band_start"] = standing["period_start"]
    standing["band_end"] = standing["period_end"] + pd.Timedelta(days=1)
    order = standing.sort_values(["period_end", "metric", "fact_id"], kind="stable")
    return order[FACT_COLUMNS].reset_index(drop=True)


def _joined(keys: pd.Series, values: pd.Series, separator: str) -> pd.Series:
    """`values` joined by `separator` within each run of equal `keys`, indexed by key.

    The rows must already be in the order wanted, each key's rows together. One pass of
    string additions in numpy (np.add.reduceat), not a Python call per group.
    """
    key = keys.to_numpy()
    text = values.astype(str).to_numpy(dtype=object)
    if len(key) == 0:
        return pd.Series([], dtype=values.dtype)
    starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
    last = np.zeros(len(key), dtype=bool)
    last[starts[1:] - 1] = True
    last[-1] = True
    pieces = np.where(last, text, text + separator)
    return pd.Series(list(np.add.reduceat(pieces, starts)), index=key[starts])


def source_line(outlet: str, published_on: object, precision: str) -> str:
    """How a chart's source line names one article: 'The Asia Business Daily, 16 October 2025'."""
    return f"{outlet}, {format_date(published_on, precision)}"  # type: ignore[arg-type]


def _ranked(figures: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    by_id = articles.set_index("article_id")
    source = {
        a["article_id"]: source_line(a["outlet"], a["published_on"], a["published_precision"])
        for a in articles.to_dict("records")
    }
    ranked = figures.assign(
        fact_id=fact_ids(figures),
        outlet=figures["article_id"].map(by_id["outlet"]),
        published_on=figures["article_id"].map(by_id["published_on"]),
        _source=figures["article_id"].map(source),
        _qualified=figures["qualifier"] != "exact",
        _published=figures["article_id"].map(by_id["published_until"]),
    )
    return ranked.sort_values(
        ["fact_id", "_qualified", "_published", "in_headline", "figure_id"],
        ascending=[True, True, False, True, True],
        kind="stable",
    ).drop(columns=["_qualified", "_published"])


def period_days(frame: pd.DataFrame) -> pd.Series:
    """Days covered by each row's period, both ends included; NaN where the start is unknown."""
    return (frame["period_end"] - frame["period_start"]).dt.days + 1


def _consistent(standing: pd.Series, other: pd.DataFrame) -> pd.Series:
    """Whether each statement in `other` agrees with its group's standing value."""
    v, s = other["value"], standing
    q = other["qualifier"]
    return pd.Series(
        np.select(
            [
                q == "exact",
                q == "more_than",
                q == "at_least",
                q == "about",
                q == "nearly",
                q == "up_to",
            ],
            [s == v, s > v, s >= v, (s - v).abs() <= 0.1 * v, (s < v) & (s >= 0.9 * v), s <= v],
            default=False,
        ),
        index=other.index,
    )


def conflicts(figures: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Statements that disagree with their claim group's standing figure, with the reason."""
    return _conflicts(_ranked(figures, articles))


def _conflicts(ranked: pd.DataFrame) -> pd.DataFrame:
    first = ranked.groupby("fact_id", sort=False).transform("first")
    value_ok = _consistent(first["value"], ranked)
    same_period = (ranked["period_end"] == first["period_end"]) & (
        (ranked["period_start"] == first["period_start"])
        | (ranked["period_start"].isna() & first["period_start"].isna())
    )
    out = ranked.assign(
        standing_figure_id=first["figure_id"],
        standing_value=first["value"],
        value_agrees=value_ok,
        period_agrees=same_period,
    )
    out = out[~(out["value_agrees"] & out["period_agrees"])]
    reasons = np.where(
        ~out["value_agrees"] & ~out["period_agrees"],
        "value and period",
        np.where(~out["value_agrees"], "value", "period"),
    )
    return out.assign(reason=reasons)[
        [
            "fact_id",
            "figure_id",
            "article_id",
            "value",
            "qualifier",
            "period_start",
            "period_end",
            "standing_figure_id",
            "standing_value",
            "reason",
        ]
    ].reset_index(drop=True)


def parts(fact_table: pd.DataFrame) -> pd.DataFrame:
    """Each part beside its whole, as a share of it; never added to it."""
    wholes = fact_table.set_index("fact_id")
    part_rows = fact_table[fact_table["parent_fact_id"] != ""]
    whole = wholes.loc[part_rows["parent_fact_id"]]
    return pd.DataFrame(
        {
            "part_fact_id": part_rows["fact_id"].to_numpy(),
            "whole_fact_id": part_rows["parent_fact_id"].to_numpy(),
            "metric": part_rows["metric"].to_numpy(),
            "unit": part_rows["unit"].to_numpy(),
            "part_subject": part_rows["subject"].to_numpy(),
            "whole_subject": whole["subject"].to_numpy(),
            "part_value": part_rows["value"].to_numpy(),
            "whole_value": whole["value"].to_numpy(),
            "share_pct": (part_rows["value"].to_numpy() / whole["value"].to_numpy()) * 100,
            "period_start": part_rows["period_start"].to_numpy(),
            "period_end": part_rows["period_end"].to_numpy(),
        }
    )


def wholes_only(fact_table: pd.DataFrame) -> pd.DataFrame:
    """The facts that are not a part of another fact: the only ones that may be summed."""
    return fact_table[fact_table["parent_fact_id"] == ""]


def total(fact_table: pd.DataFrame) -> float:
    """The sum of the facts given, refusing to mix metrics or units or to add parts to wholes."""
    if fact_table.empty:
        return 0.0
    for column in ("metric", "unit"):
        kinds = sorted(fact_table[column].unique())
        if len(kinds) > 1:
            raise CrackdownError(f"cannot add figures of different {column}s: {', '.join(kinds)}")
    ids = set(fact_table["fact_id"])
    nested = fact_table[fact_table["parent_fact_id"].isin(ids)]
    if not nested.empty:
        raise CrackdownError(
            f"cannot add a part to its whole: {', '.join(nested['fact_id'])} "
            f"are parts of {', '.join(nested['parent_fact_id'])}"
        )
    return float(fact_table["value"].sum())


def monthly_estimate(fact_table: pd.DataFrame) -> pd.DataFrame:
    """Period totals spread evenly over the days they cover, summed by calendar month.

    An estimate: the articles do not say how a total fell across its months. Single-day and
    month-precision facts fall in their own month; undated facts are left out.
    """
    dated = wholes_only(fact_table).dropna(subset=["period_start"])
    if dated.empty:
        return pd.DataFrame(columns=["metric", "unit", "month", "value", "estimated"])
    days = dated["days"].astype("int64").to_numpy()
    repeat = np.repeat(np.arange(len(dated)), days)
    offsets = np.arange(days.sum()) - np.repeat(np.cumsum(days) - days, days)
    day = dated["period_start"].to_numpy()[repeat] + offsets.astype("timedelta64[D]")
    share = (dated["value"].to_numpy() / days)[repeat]
    spread = pd.DataFrame(
        {
            "metric": dated["metric"].to_numpy()[repeat],
            "unit": dated["unit"].to_numpy()[repeat],
            "month": pd.DatetimeIndex(day).to_period("M").to_timestamp(),
            "value": share,
            "estimated": (dated["days"].to_numpy() > 1)[repeat]
            & (dated["date_precision"].to_numpy() != "month")[repeat],
        }
    )
    return spread.groupby(["metric", "unit", "month"], as_index=False).agg(
        value=("value", "sum"), estimated=("estimated", "any")
    )


# --- selections and series for charts and prose ------------------------------------------

#: The columns of `named_nationalities`, in order.
NAMED_COLUMNS = [
    "fact_id",
    "figure_id",
    "position",
    "country",
    "name_as_stated",
    "metric",
    "value",
    "qualifier",
    "unit",
    "period_start",
    "period_end",
    "date_precision",
    "count_type",
    "sources",
]

# A running total is one series when these agree; its later figures include its earlier ones.
SERIES_KEYS = ["metric", "unit", "nationality", "sex", "location", "period_start"]


def selection_date(value: object, parameter: str) -> pd.Timestamp | None:
    """A selection bound as a Timestamp (None when open: None, NaT or ""), or a ParameterError."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str) and pd.isna(value):  # type: ignore[call-overload]
        return None
    try:
        when = pd.Timestamp(value)  # type: ignore[arg-type]
    except (TypeError, ValueError) as err:
        raise ParameterError(
            f"{parameter}: {value!r} is not a date (write it as YYYY-MM-DD)", parameter=parameter
        ) from err
    return when.normalize()


def selection_metrics(metrics: Sequence[str] | str | None) -> list[str] | None:
    """The metric names asked for, checked against the closed list (None: every metric)."""
    if metrics is None:
        return None
    asked = [metrics] if isinstance(metrics, str) else list(metrics)
    unknown = [m for m in asked if m not in METRICS]
    if unknown:
        raise ParameterError(
            f"metrics: {', '.join(map(repr, unknown))} not a known metric; "
            f"use any of {', '.join(METRICS)}",
            parameter="metrics",
        )
    return asked


def selection_nationality(nationality: str | None) -> str | None:
    """An ISO 3166-1 alpha-2 code in capitals (None: every nationality), or a ParameterError."""
    if nationality is None or nationality == "":
        return None
    code = str(nationality).strip().upper()
    if len(code) != 2 or not code.isalpha() or not code.isascii():
        raise ParameterError(
            f"nationality: {nationality!r} is not an ISO 3166-1 alpha-2 code such as 'JP'",
            parameter="nationality",
        )
    return code


def select(
    fact_table: pd.DataFrame,
    *,
    metrics: Sequence[str] | str | None = None,
    start: object = None,
    end: object = None,
    nationality: str | None = None,
) -> pd.DataFrame:
    """The facts of the given metrics and nationality whose period overlaps [start, end].

    Dates may be dates, ISO strings or Timestamps, both ends included. An undated fact (known
    only to come before its period_end) overlaps every range that starts on or before that day.
    """
    asked = selection_metrics(metrics)
    code = selection_nationality(nationality)
    first, last = selection_date(start, "start"), selection_date(end, "end")
    if first is not None and last is not None and first > last:
        raise ParameterError(
            f"start {first.date()} is after end {last.date()}; swap them", parameter="start"
        )
    keep = pd.Series(True, index=fact_table.index)
    if asked is not None:
        keep &= fact_table["metric"].isin(asked)
    if code is not None:
        keep &= fact_table["nationality"] == code
    if first is not None:
        keep &= fact_table["period_end"] >= first
    if last is not None:
        keep &= fact_table["period_start"].isna() | (fact_table["period_start"] <= last)
    return fact_table[keep].reset_index(drop=True)


def named_nationalities(
    figures: pd.DataFrame, nationalities: pd.DataFrame, articles: pd.DataFrame | None = None
) -> pd.DataFrame:
    """One row per nationality an article names without a count, with the fact it belongs to.

    The fact's metric, value, period and sources come from `facts(figures, articles)`; without
    `articles` they come from the figure that lists the names, and `sources` holds its article_id.
    """
    listed = nationalities
    if "count" in listed.columns:
        listed = listed[listed["count"].astype(str).str.strip() == ""]
    fact_of = pd.Series(fact_ids(figures).to_numpy(), index=figures["figure_id"].to_numpy())
    named = listed.assign(fact_id=listed["figure_id"].map(fact_of)).dropna(subset=["fact_id"])
    if articles is not None:
        # Only the facts that list names are needed, and each is computed from its own claim
        # group alone: counting just those groups gives the same rows, without counting all.
        listing = figures[fact_ids(figures).isin(set(named["fact_id"]))]
        about = facts(listing, articles).set_index("fact_id")
        key = named["fact_id"]
    else:
        about = figures.set_index("figure_id").assign(sources=lambda f: f["article_id"])
        key = named["figure_id"]
    columns = NAMED_COLUMNS[5:]
    joined = about.reindex(key.to_numpy())[columns].set_axis(named.index)
    out = pd.concat(
        [named[["fact_id", "figure_id", "position", "country", "name_as_stated"]], joined], axis=1
    )
    out = out.sort_values(["fact_id", "position"], kind="stable")
    out = out.drop_duplicates(["fact_id", "country"], keep="first")
    return out[NAMED_COLUMNS].reset_index(drop=True)


def possible_repeats(fact_table: pd.DataFrame) -> pd.DataFrame:
    """Pairs of separate facts that may count the same people or things twice.

    Two wholes of the same metric, unit, value and nationality whose periods overlap (an
    undated fact overlaps anything before its date) are kept apart, never merged, but a reader
    should be told: the 25 arrested in Phnom Penh and the 25 arrested aboard the flight to Japan.
    Each fact is compared with its neighbour in date order, so a chain of three gives two pairs.
    """
    wholes = wholes_only(fact_table)
    keys = ["metric", "unit", "value", "nationality"]
    ordered = wholes.sort_values([*keys, "period_end", "fact_id"], kind="stable")
    before = ordered.shift(1)
    same = (ordered[keys] == before[keys]).all(axis=1)
    overlaps = ordered["period_start"].isna() | (ordered["period_start"] <= before["period_end"])
    pairs = ordered[same & overlaps]
    return pd.DataFrame(
        {
            "fact_id": before.loc[pairs.index, "fact_id"].to_numpy(),
            "other_fact_id": pairs["fact_id"].to_numpy(),
            "metric": pairs["metric"].to_numpy(),
            "unit": pairs["unit"].to_numpy(),
            "value": pairs["value"].to_numpy(),
        }
    )


def running_increments(fact_table: pd.DataFrame) -> pd.DataFrame:
    """The facts as additions: a running total adds only what it grew by since its last report.

    Cumulative-to-date figures of one series (same `SERIES_KEYS`) each include the ones before
    them, so summing them would count the earlier ones again. Each later figure becomes what it
    grew by, over the days since the previous report; `reported_value` keeps the figure as
    stated, and `shrank` marks a running total reported lower than before (drawn as no growth).
    Other facts pass through unchanged.
    """
    out = fact_table.copy()
    out["reported_value"] = out["value"]
    out["shrank"] = False
    running = out["count_type"] == "cumulative_to_date"
    if not running.any():
        return out
    series = out[running].sort_values([*SERIES_KEYS, "period_end", "fact_id"], kind="stable")
    groups = series.groupby(SERIES_KEYS, dropna=False, sort=False)
    previous_value = groups["value"].shift(1)
    previous_end = groups["period_end"].shift(1)
    later = previous_value.notna()
    growth = series["value"] - previous_value
    out.loc[series.index[later], "shrank"] = (growth[later] < 0).to_numpy()
    out.loc[series.index[later], "value"] = growth[later].clip(lower=0).to_numpy()
    starts = (previous_end[later] + pd.Timedelta(days=1)).to_numpy()
    out.loc[series.index[later], "period_start"] = starts
    out.loc[series.index[later], "band_start"] = starts
    out["days"] = period_days(out)
    out["per_day"] = out["value"] / out["days"]
    return out
