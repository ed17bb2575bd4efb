"""The counting rules: what a chart or a sentence may add up, and what it must show.

1. A fact reported more than once counts once: each claim group is one fact. Its standing
   statement is chosen by a rule about the sources (`STANDING_ORDER`): a statement the article
   attributes to the authority that counted or acted (`attribution` primary) before one it does
   not, an exact figure before a qualified one, then the reading more articles state, then the
   later article, the body before the headline, and the figure_id, so that the
   choice is stable.
2. A fact's statements give one or more readings (`readings`): statements that agree in value
   and period are one reading ("more than 3,400" agrees with "3,455"; a lone "nearly 3,500"
   agrees with itself). A fact with more than one reading is disputed, in its value, its period
   or both, and carries the lowest and highest value its readings state: every place that shows
   the fact shows the dispute, never one reading chosen in silence.
3. A part is never added to its whole; it is shown as a share of it (`parts`).
4. Facts are added up only when the data says they count different people or events
   (`addable`, `total`): never facts of different metrics or units, a part with its whole, facts
   of one metric whose periods overlap, an undated fact with any other, or facts that
   data/relations.csv relates by includes, same_people or may_overlap. A statement another
   corrects (relation corrects) is withdrawn: it neither stands nor counts.
5. A period total covers its period: `days` and `per_day` come from the period, never from
   its last day alone. Month and year precision are bands over the month or year.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np
import pandas as pd

from crackdown import dataset
from crackdown.dates import format_date
from crackdown.errors import NotAddableError, ParameterError
from crackdown.model import FIGURE_COLUMNS, METRICS

#: How the standing statement of a claim group is chosen, first rule first.
STANDING_ORDER = (
    "a statement the article attributes to the authority that counted or acted (attribution "
    "primary) before one it does not",
    "then an exact figure before a qualified one ('3,455' before 'more than 3,400')",
    "then the reading more articles state (three articles dating 3,455 from 27 July before one "
    "dating it from 27 June)",
    "then the later article",
    "then the body before the headline",
    "then the figure_id, so that the choice is stable",
)

#: Relations (data/relations.csv) under which two facts may count the same people or events.
OVERLAPPING_RELATIONS = ("includes", "same_people", "may_overlap")

#: A fact's columns: those of its standing figure (its parent a fact too), then what counting adds.
FACT_COLUMNS = [
    "fact_id",
    *(
        "parent_fact_id" if c == "parent_figure_id" else c
        for c in FIGURE_COLUMNS[: FIGURE_COLUMNS.index("parent_figure_id") + 1]
    ),
    "n_statements",
    "n_articles",
    "figure_ids",
    "article_ids",
    "outlet",
    "published_on",
    "sources",
    "disputed",
    "dispute",
    "readings",
    "reading_low",
    "reading_high",
    "conflict",
    "related_fact_ids",
    "corrects",
    "days",
    "per_day",
    "band_start",
    "band_end",
]

#: The columns of `readings`, in order.
READING_COLUMNS = [
    "fact_id",
    "reading",
    "value",
    "qualifier",
    "value_low",
    "value_high",
    "period_start",
    "period_end",
    "date_precision",
    "period_basis",
    "figure_ids",
    "article_ids",
    "sources",
    "standing",
]


def fact_ids(figures: pd.DataFrame) -> pd.Series:
    """The fact each figure states: its claim group, or itself when it has none."""
    return dataset.fact_ids(figures)


def _column(frame: pd.DataFrame, name: str, default: str) -> pd.Series:
    """A text column, or `default` for every row of a frame made without it."""
    if name in frame.columns:
        return frame[name].fillna(default).replace("", default)
    return pd.Series(default, index=frame.index, dtype=object)


def withdrawn(relations: pd.DataFrame | None) -> set[str]:
    """The figure_ids another figure corrects (relation corrects): they neither stand nor count."""
    if relations is None or relations.empty:
        return set()
    return set(relations.loc[relations["relation"] == "corrects", "related_figure_id"])


def facts(
    figures: pd.DataFrame, articles: pd.DataFrame, relations: pd.DataFrame | None = None
) -> pd.DataFrame:
    """One row per fact: its standing statement, its readings, its period arithmetic.

    `relations` (data/relations.csv) withdraws corrected statements and fills
    `related_fact_ids` (the facts this one may share people or events with) and `corrects`.
    """
    ranked = _statements(figures, articles, relations)
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
    table = _reading_table(ranked)
    per_fact = table.groupby("fact_id", sort=False)
    standing["readings"] = per_fact.size()
    standing["reading_low"] = per_fact["value"].min()
    standing["reading_high"] = per_fact["value"].max()
    standing["disputed"] = standing["readings"] > 1
    standing["dispute"] = _disputes(ranked).reindex(standing.index).fillna("")
    standing["conflict"] = standing["disputed"]
    first_reading = table[table["standing"]].set_index("fact_id")
    standing["period_basis"] = first_reading["period_basis"]
    fact_of = pd.Series(ranked["fact_id"].array, index=ranked["figure_id"].array)
    parents = ranked[ranked["parent_figure_id"] != ""].drop_duplicates("fact_id")
    parent_of = parents.set_index("fact_id")["parent_figure_id"].map(fact_of)
    standing["parent_fact_id"] = parent_of.reindex(standing.index).fillna("").astype(object)
    linked = relations_between(figures, relations)
    near = linked[linked["relation"].isin(OVERLAPPING_RELATIONS)]
    both = pd.concat(
        [
            near[["fact_id", "related_fact_id"]],
            near[["related_fact_id", "fact_id"]].set_axis(["fact_id", "related_fact_id"], axis=1),
        ]
    ).drop_duplicates()
    both = both.sort_values(["fact_id", "related_fact_id"], kind="stable")
    standing["related_fact_ids"] = (
        _joined(both["fact_id"], both["related_fact_id"], ";").reindex(standing.index).fillna("")
    )
    fixes = linked[linked["relation"] == "corrects"].sort_values(["fact_id", "related_figure_id"])
    standing["corrects"] = (
        _joined(fixes["fact_id"], fixes["related_figure_id"], ";")
        .reindex(standing.index)
        .fillna("")
    )
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
        return pd.Series([], dtype=object)
    starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
    last = np.zeros(len(key), dtype=bool)
    last[starts[1:] - 1] = True
    last[-1] = True
    pieces = np.where(last, text, text + separator)
    return pd.Series(list(np.add.reduceat(pieces, starts)), index=key[starts])


def source_line(outlet: str, published_on: object, precision: str) -> str:
    """How a chart's source line names one article: 'The Asia Business Daily, 16 October 2025'."""
    return f"{outlet}, {format_date(published_on, precision)}"  # type: ignore[arg-type]


def _ranked(
    figures: pd.DataFrame, articles: pd.DataFrame, relations: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The statements that stand or count (corrected ones left out), in `STANDING_ORDER`."""
    gone = withdrawn(relations)
    if gone:
        figures = figures[~figures["figure_id"].isin(gone)]
    by_id = articles.set_index("article_id")
    source = {
        a["article_id"]: source_line(a["outlet"], a["published_on"], a["published_precision"])
        for a in articles.to_dict("records")
    }
    ranked = figures.assign(
        fact_id=fact_ids(figures),
        attribution=_column(figures, "attribution", "secondary"),
        period_basis=_column(figures, "period_basis", "stated"),
        outlet=figures["article_id"].map(by_id["outlet"]),
        published_on=figures["article_id"].map(by_id["published_on"]),
        _source=figures["article_id"].map(source),
        _secondary=_column(figures, "attribution", "secondary") != "primary",
        _qualified=figures["qualifier"] != "exact",
        _published=figures["article_id"].map(by_id["published_until"]),
    )
    ranked["_alike"] = 0
    return _in_standing_order(ranked)


#: The sort keys of `STANDING_ORDER`, and whether each sorts ascending.
_STANDING_KEYS = {
    "fact_id": True,
    "_secondary": True,
    "_qualified": True,
    "_alike": False,
    "_published": False,
    "in_headline": True,
    "figure_id": True,
}


def _in_standing_order(ranked: pd.DataFrame) -> pd.DataFrame:
    return ranked.sort_values(
        list(_STANDING_KEYS), ascending=list(_STANDING_KEYS.values()), kind="stable"
    )


def period_days(frame: pd.DataFrame) -> pd.Series:
    """Days covered by each row's period, both ends included; NaN where the start is unknown."""
    return (frame["period_end"] - frame["period_start"]).dt.days + 1


# --- readings: what the statements of one fact say ----------------------------------------


def _bounds(ranked: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """The values each statement allows, as closed intervals [low, high].

    exact 3455: [3455, 3455]; more than 3,400: [3401 (value_low), ∞); at least N: [N, ∞);
    about N: within a tenth of N; nearly N: [0.9 N, value_high]; up to N: [0, N].
    """
    v = ranked["value"].to_numpy(dtype=float)
    low = ranked["value_low"].to_numpy(dtype=float)
    high = ranked["value_high"].to_numpy(dtype=float)
    q = ranked["qualifier"].to_numpy()
    above = np.nextafter(v, np.inf)
    below = np.nextafter(v, -np.inf)
    default_low = np.select(
        [q == "more_than", q == "about", q == "nearly", q == "up_to"],
        [above, 0.9 * v, 0.9 * v, np.zeros_like(v)],
        default=v,
    )
    default_high = np.select(
        [q == "more_than", q == "at_least", q == "about", q == "nearly"],
        [np.full_like(v, np.inf), np.full_like(v, np.inf), 1.1 * v, below],
        default=v,
    )
    exact = q == "exact"
    lo = np.where(exact, v, np.where(np.isnan(low), default_low, low))
    hi = np.where(exact, v, np.where(np.isnan(high), default_high, high))
    return lo, hi


#: Precisions whose period is where the fact falls, not its exact span: "in April" agrees with
#: "on 11 April", and an undated "before 9 November" with any period ending by then.
VAGUE_PRECISIONS = ("month", "year", "on_or_before")


def _period_bounds(ranked: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each statement's period as day numbers [start, end] (an unknown start is -inf), and
    whether its precision makes it a vague period (`VAGUE_PRECISIONS`)."""
    day = np.timedelta64(1, "D")
    start = ranked["period_start"].to_numpy(dtype="datetime64[D]")
    end = ranked["period_end"].to_numpy(dtype="datetime64[D]")
    starts = np.where(np.isnat(start), -np.inf, (start - np.datetime64(0, "D")) / day)
    ends = (end - np.datetime64(0, "D")) / day
    vague = ranked["date_precision"].isin(VAGUE_PRECISIONS).to_numpy()
    return starts.astype(float), ends.astype(float), vague


def _periods_agree(
    start: Any, end: Any, vague: Any, other_start: Any, other_end: Any, other_vague: Any
) -> Any:
    """Whether two periods (scalars or arrays) can be the same: equal, or one is vague and holds
    the other."""
    same = (start == other_start) & (end == other_end)
    holds = vague & (start <= other_start) & (other_end <= end)
    held = other_vague & (other_start <= start) & (end <= other_end)
    return same | holds | held


def standing_reasons(
    figures: pd.DataFrame, articles: pd.DataFrame, relations: pd.DataFrame | None = None
) -> pd.Series:
    """Why each fact's standing statement stands, in words, by fact_id: the first step of
    `STANDING_ORDER` that sets it before the next statement ('the only statement' for a fact
    stated once)."""
    ranked = _statements(figures, articles, relations)  # carries the STANDING_ORDER keys
    reasons: dict[str, str] = {}
    for fact_id, group in ranked.groupby("fact_id", sort=False):
        if len(group) == 1:
            reasons[str(fact_id)] = "the only statement"
            continue
        first = group.iloc[0]
        # Against the best statement of another reading, if any: that is the choice made.
        other = group["reading"] != first["reading"]
        second = group[other].iloc[0] if other.any() else group.iloc[1]
        if second["_secondary"] and not first["_secondary"]:
            why = "the figure the article attributes to the authority that counted or acted"
        elif second["_qualified"] and not first["_qualified"]:
            why = "an exact figure, before a qualified one"
        elif first["_alike"] > second["_alike"]:
            why = f"the reading {first['_alike']} articles state, against {second['_alike']}"
        elif first["_published"] > second["_published"]:
            why = "the later article"
        elif not first["in_headline"] and second["in_headline"]:
            why = "the body, before the headline"
        else:
            why = "the first by figure id, where the sources rank equal"
        reasons[str(fact_id)] = why
    return pd.Series(reasons, dtype=object, name="stands_because")


def _statements(
    figures: pd.DataFrame, articles: pd.DataFrame, relations: pd.DataFrame | None
) -> pd.DataFrame:
    """The ranked statements, each with the number of its reading within its fact (0: the
    standing reading), the values it allows (`_lo`, `_hi`) and its period (`_ps`, `_pe`,
    `_vague`)."""
    ranked = _ranked(figures, articles, relations)
    lo, hi = _bounds(ranked)
    ps, pe, vague = _period_bounds(ranked)
    ranked = ranked.assign(_lo=lo, _hi=hi, _ps=ps, _pe=pe, _vague=vague)
    # The readings decide how many articles state each statement's reading alike, which ranks
    # the statements again (STANDING_ORDER), and the readings are numbered in that order.
    ranked["reading"] = _readings_of(ranked)
    ranked["_alike"] = ranked.groupby(["fact_id", "reading"])["article_id"].transform("nunique")
    ranked = _in_standing_order(ranked)
    return ranked.assign(reading=_readings_of(ranked))


def _readings_of(ranked: pd.DataFrame) -> np.ndarray:
    """The reading of each ranked statement within its fact (0: the best-ranked one's), from
    the values and period `_statements` gives it."""
    reading = np.zeros(len(ranked), dtype=np.int64)
    keys = ranked["fact_id"].to_numpy()
    exact = (ranked["qualifier"] == "exact").to_numpy()
    if len(keys):
        starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
        ends = np.r_[starts[1:], len(keys)]
        spans = ranked[["_lo", "_hi", "_ps", "_pe", "_vague"]].to_numpy(dtype=float)
        for a, b in zip(starts, ends, strict=True):
            if b - a > 1:
                reading[a:b] = _cluster(exact[a:b], spans[a:b])
    return reading


def _cluster(exact: np.ndarray, spans: np.ndarray) -> list[int]:
    """The reading of each statement of one fact, statements in standing order.

    `spans` holds each statement's values and period: low, high, start, end, vague. Exact
    statements of one value and agreeing periods are one reading; a qualified statement joins
    the first reading whose values it allows and whose period agrees (a qualified reading
    narrows to what both allow, a vague period to the precise one), or starts its own. Readings
    are numbered by their best-ranked statement.
    """
    readings: list[list[Any]] = []  # [low, high, start, end, vague, exact, first statement]
    owner = [-1] * len(exact)
    for pass_exact in (True, False):
        for i in range(len(exact)):
            if bool(exact[i]) != pass_exact:
                continue
            lo, hi, start, end, vague = spans[i]
            for n, (r_lo, r_hi, r_start, r_end, r_vague, r_exact, _) in enumerate(readings):
                if not _periods_agree(start, end, bool(vague), r_start, r_end, bool(r_vague)):
                    continue
                if pass_exact and r_exact and r_lo == lo:
                    owner[i] = n
                elif not pass_exact and r_lo <= hi and lo <= r_hi:
                    owner[i] = n
                    if not r_exact:
                        readings[n][0:2] = [max(r_lo, lo), min(r_hi, hi)]
                if owner[i] >= 0:
                    if r_vague and not vague:
                        readings[n][2:5] = [start, end, False]
                    readings[n][6] = min(readings[n][6], i)
                    break
            if owner[i] < 0:
                owner[i] = len(readings)
                readings.append([lo, hi, start, end, bool(vague), pass_exact, i])
    rank = {n: r for r, n in enumerate(sorted(range(len(readings)), key=lambda n: readings[n][6]))}
    return [rank[n] for n in owner]


def _against_standing(statements: pd.DataFrame) -> pd.DataFrame:
    """The statements outside their fact's standing reading, each with `value_agrees` and
    `period_agrees` (with the standing reading) and the standing figure and value."""
    standing = statements[statements["reading"] == 0]
    span = standing.groupby("fact_id", sort=False).agg(
        lo=("_lo", "max"),
        hi=("_hi", "min"),
        ps=("_ps", "first"),
        pe=("_pe", "first"),
        vague=("_vague", "first"),
        standing_figure_id=("figure_id", "first"),
        standing_value=("value", "first"),
    )
    out = statements[statements["reading"] > 0].join(span, on="fact_id")
    return out.assign(
        value_agrees=(out["_lo"] <= out["hi"]) & (out["_hi"] >= out["lo"]),
        period_agrees=_periods_agree(
            out["_ps"], out["_pe"], out["_vague"], out["ps"], out["pe"], out["vague"].astype(bool)
        ),
    )


def _what_differs(value_agrees: pd.Series, period_agrees: pd.Series) -> np.ndarray:
    both = ~value_agrees & ~period_agrees
    return np.where(both, "value and period", np.where(~period_agrees, "period", "value"))


def _disputes(statements: pd.DataFrame) -> pd.Series:
    """Per disputed fact, what its readings differ in: 'value', 'period' or 'value and period'."""
    other = _against_standing(statements)
    if other.empty:
        return pd.Series([], dtype=object)
    per_fact = other.groupby("fact_id")[["value_agrees", "period_agrees"]].all()
    words = _what_differs(per_fact["value_agrees"], per_fact["period_agrees"])
    return pd.Series(words, index=per_fact.index, dtype=object)


def _reading_table(statements: pd.DataFrame) -> pd.DataFrame:
    ordered = statements.sort_values(["fact_id", "reading"], kind="stable")
    first = ordered.drop_duplicates(["fact_id", "reading"], keep="first")
    key = ordered["fact_id"] + "\0" + ordered["reading"].astype(str)
    first_key = (first["fact_id"] + "\0" + first["reading"].astype(str)).to_numpy()
    by_figure = ordered.assign(_key=key).sort_values(["_key", "figure_id"], kind="stable")
    cited = by_figure.drop_duplicates(["_key", "article_id"]).sort_values(
        ["_key", "article_id"], kind="stable"
    )
    named = ordered.assign(_key=key).drop_duplicates(["_key", "_source"])
    stated = ordered.assign(_key=key, _stated=ordered["period_basis"] == "stated")
    # The reading's value and period are those of its best-ranked statement.
    table = first[READING_COLUMNS[: READING_COLUMNS.index("period_basis")]].reset_index(drop=True)
    table["period_basis"] = np.where(
        stated.groupby("_key")["_stated"].any().reindex(first_key).to_numpy(), "stated", "inferred"
    )
    table["figure_ids"] = (
        _joined(by_figure["_key"], by_figure["figure_id"], ";").reindex(first_key).to_numpy()
    )
    table["article_ids"] = (
        _joined(cited["_key"], cited["article_id"], ";").reindex(first_key).to_numpy()
    )
    table["sources"] = _joined(named["_key"], named["_source"], "; ").reindex(first_key).to_numpy()
    table["standing"] = table["reading"] == 0
    return table[READING_COLUMNS]


def readings(
    figures: pd.DataFrame, articles: pd.DataFrame, relations: pd.DataFrame | None = None
) -> pd.DataFrame:
    """One row per distinct reading of each fact: what its statements say, and who says it.

    A reading is a value (with its qualifier and bounds) over a period; the statements that
    agree with it are listed in `figure_ids`, `article_ids` and `sources`. `standing` marks the
    reading of the standing statement; a fact with more than one reading is disputed.
    """
    return _reading_table(_statements(figures, articles, relations))


def conflicts(
    figures: pd.DataFrame, articles: pd.DataFrame, relations: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Statements that disagree with their fact's standing reading, with what differs."""
    out = _against_standing(_statements(figures, articles, relations))
    reasons = _what_differs(out["value_agrees"], out["period_agrees"])
    return out.assign(reason=reasons)[
        [
            "fact_id",
            "figure_id",
            "article_id",
            "value",
            "qualifier",
            "period_start",
            "period_end",
            "reading",
            "standing_figure_id",
            "standing_value",
            "reason",
        ]
    ].reset_index(drop=True)


# --- relations between facts -------------------------------------------------------------


def relations_between(figures: pd.DataFrame, relations: pd.DataFrame | None) -> pd.DataFrame:
    """data/relations.csv between facts: fact_id, related_fact_id, relation, the figures, notes."""
    columns = ["fact_id", "related_fact_id", "relation", "figure_id", "related_figure_id", "notes"]
    if relations is None or relations.empty:
        return pd.DataFrame(columns=columns)
    fact_of = pd.Series(fact_ids(figures).to_numpy(), index=figures["figure_id"].to_numpy())
    out = relations.assign(
        fact_id=relations["figure_id"].map(fact_of),
        related_fact_id=relations["related_figure_id"].map(fact_of),
        notes=_column(relations, "notes", ""),
    ).dropna(subset=["fact_id", "related_fact_id"])
    return out[columns].reset_index(drop=True)


#: `counting.relations(figures, relations)`: the relations between facts.
relations = relations_between


# --- adding up ---------------------------------------------------------------------------


def _records(frame: pd.DataFrame) -> Iterator[Any]:
    """The rows of `frame` as named tuples, typed loosely: the columns vary."""
    return frame.itertuples(index=False)


def _period_text(fact: Any) -> str:
    if pd.isna(fact.period_start):
        return f"undated, before {fact.period_end.date()}"
    if fact.period_start == fact.period_end:
        return str(fact.period_end.date())
    return f"{fact.period_start.date()} to {fact.period_end.date()}"


def not_addable(fact_table: pd.DataFrame) -> list[str]:
    """Why the facts given may not be added up (empty when they may), one reason a line.

    Never added: facts of different metrics or units, a part with its whole, an undated fact
    with any other, two facts whose periods overlap, and two facts data/relations.csv relates by
    includes, same_people or may_overlap (see `facts`' related_fact_ids).
    """
    reasons: list[str] = []
    if len(fact_table) < 2:
        return reasons
    for column in ("metric", "unit"):
        kinds = sorted(fact_table[column].unique())
        if len(kinds) > 1:
            reasons.append(f"cannot add figures of different {column}s: {', '.join(kinds)}")
    ids = set(fact_table["fact_id"])
    nested = fact_table[fact_table["parent_fact_id"].isin(ids)]
    if not nested.empty:
        reasons.append(
            f"cannot add a part to its whole: {', '.join(nested['fact_id'])} "
            f"are parts of {', '.join(nested['parent_fact_id'])}"
        )
    undated = fact_table[fact_table["period_start"].isna()]
    for fact in _records(undated):
        reasons.append(
            f"{fact.fact_id} is undated (known only to come before {fact.period_end.date()}), "
            "so it may fall in the period of another"
        )
    dated = fact_table.dropna(subset=["period_start"]).sort_values(
        ["period_start", "period_end", "fact_id"], kind="stable"
    )
    reach = dated["period_end"].cummax().shift(1)
    holder = dated["fact_id"].where(dated["period_end"] == dated["period_end"].cummax()).ffill()
    for fact, until, other in zip(_records(dated), reach, holder.shift(1), strict=True):
        if pd.notna(until) and fact.period_start <= until:
            reasons.append(
                f"{other} and {fact.fact_id} ({_period_text(fact)}) cover overlapping periods, "
                f"so they may count the same {fact.unit}"
            )
    if "related_fact_ids" in fact_table.columns:
        seen: set[tuple[str, ...]] = set()
        for fact in _records(fact_table):
            for other in filter(None, str(fact.related_fact_ids).split(";")):
                pair = tuple(sorted((fact.fact_id, other)))
                if other in ids and pair not in seen:
                    seen.add(pair)
                    reasons.append(
                        f"{pair[0]} and {pair[1]} may count the same people or events "
                        "(data/relations.csv)"
                    )
    return reasons


def addable(fact_table: pd.DataFrame) -> bool:
    """Whether the facts given may be added up (see `not_addable` for the reasons they may not)."""
    return not not_addable(fact_table)


def total(fact_table: pd.DataFrame) -> float:
    """The sum of the facts given; NotAddableError, with every reason, when they may not be added."""
    reasons = not_addable(fact_table)
    if reasons:
        raise NotAddableError(reasons)
    return float(fact_table["value"].sum()) if len(fact_table) else 0.0


def parts(fact_table: pd.DataFrame) -> pd.DataFrame:
    """Each part beside its whole, as a share of it; never added to it."""
    wholes = fact_table.set_index("fact_id")
    part_rows = fact_table[fact_table["parent_fact_id"].isin(wholes.index)]
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


def monthly_estimate(fact_table: pd.DataFrame) -> pd.DataFrame:
    """Period totals spread evenly over the days they cover, summed by calendar month.

    An estimate: the articles do not say how a total fell across its months. Single-day and
    month-precision facts fall in their own month; undated facts are left out. The facts of
    each metric are summed only when they may be added (`not_addable`); otherwise
    NotAddableError says why.
    """
    dated = wholes_only(fact_table).dropna(subset=["period_start"])
    if dated.empty:
        return pd.DataFrame(columns=["metric", "unit", "month", "value", "estimated"])
    reasons = [
        reason
        for _, group in dated.groupby(["metric", "unit"], sort=True)
        for reason in not_addable(group)
    ]
    if reasons:
        raise NotAddableError(reasons)
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
            f"{value!r} is not a date (write it as YYYY-MM-DD)", parameter=parameter
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
            f"{', '.join(map(repr, unknown))} not a known metric; use any of {', '.join(METRICS)}",
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
            f"{nationality!r} is not an ISO 3166-1 alpha-2 code such as 'JP'",
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
    figures: pd.DataFrame,
    nationalities: pd.DataFrame,
    articles: pd.DataFrame | None = None,
    relations: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One row per nationality an article names without a count, with the fact it belongs to.

    The fact's metric, value and period come from `facts(figures, articles, relations)`, and
    `sources` names only the articles that name that country for that fact (never every article
    of the fact); without `articles` they come from the figure that lists the names, and
    `sources` holds its article_id.
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
        about = facts(listing, articles, relations).set_index("fact_id")
        key = named["fact_id"]
    else:
        about = figures.set_index("figure_id").assign(sources=lambda f: f["article_id"])
        key = named["figure_id"]
    columns = NAMED_COLUMNS[5:]
    joined = about.reindex(key.to_numpy())[columns].set_axis(named.index)
    out = pd.concat(
        [named[["fact_id", "figure_id", "position", "country", "name_as_stated"]], joined], axis=1
    )
    if articles is not None:
        article_of = pd.Series(figures["article_id"].to_numpy(), index=figures["figure_id"])
        line = {
            a["article_id"]: source_line(a["outlet"], a["published_on"], a["published_precision"])
            for a in articles.to_dict("records")
        }
        naming = out.assign(_source=out["figure_id"].map(article_of).map(line))
        naming = naming.sort_values(["fact_id", "country", "_source"], kind="stable")
        naming = naming.drop_duplicates(["fact_id", "country", "_source"])
        key = naming["fact_id"] + "\0" + naming["country"]
        credited = _joined(key, naming["_source"], "; ")
        out["sources"] = (out["fact_id"] + "\0" + out["country"]).map(credited).to_numpy()
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
