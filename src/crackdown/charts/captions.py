"""What every chart writes beside its marks: labels, source lines, and the notes on figures
that are qualified, stated more than once, possibly the same people, or left out."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import Any

import pandas as pd

from crackdown import counting, model, wording

MAX_SOURCES = 8


def sources(rows: pd.DataFrame) -> list[str]:
    """Every 'Outlet, date' of the rows drawn, oldest first; a long list ends with a count."""
    if rows.empty:
        return []
    split = rows[["sources", "published_on"]].assign(source=rows["sources"].str.split("; "))
    exploded = split.explode("source")
    exploded = exploded[exploded["source"].fillna("") != ""]
    ordered = exploded.sort_values(["published_on", "source"], kind="stable")
    unique = list(dict.fromkeys(ordered["source"]))
    if len(unique) > MAX_SOURCES:
        rest = len(unique) - MAX_SOURCES + 1
        return [*unique[: MAX_SOURCES - 1], f"and {rest:,} more articles (see the sources report)"]
    return unique


def label(row: Any) -> str:
    """A mark's label: the figure as a newspaper writes it, with its unit when not people."""
    phrase = wording.figure(row)
    return f"{phrase} cases" if row["unit"] == "cases" else phrase


def span_text(rows: pd.DataFrame) -> str:
    """'April 2023 to October 2025': the months the rows reach over."""
    return wording.months(
        rows["band_start"].fillna(rows["period_end"]).min(), rows["period_end"].max()
    )


def qualified(rows: pd.DataFrame) -> list[str]:
    """A note naming the figures drawn at a qualified value ('about $1.6 million')."""
    qualified = rows[rows["qualifier"] != "exact"]
    if qualified.empty:
        return []
    phrases = [f"{wording.figure(r)} {r['metric']}" for r in qualified.head(3).to_dict("records")]
    more = f" and {len(qualified) - 3:,} more" if len(qualified) > 3 else ""
    return [
        f"Qualified as the articles state them, drawn at the stated value: {'; '.join(phrases)}{more}."
    ]


def repeats(rows: pd.DataFrame) -> list[str]:
    """Notes on equal figures that may count the same people twice (never added together)."""
    pairs = counting.possible_repeats(rows)
    if pairs.empty:
        return []
    by_id = rows.set_index("fact_id")
    notes = []
    for pair in pairs.head(3).to_dict("records"):
        a, b = by_id.loc[pair["fact_id"]], by_id.loc[pair["other_fact_id"]]
        number = wording.number(float(pair["value"]), str(pair["unit"]))
        who = "people" if pair["unit"] == "people" else "items"
        where_a, where_b = wording.place(str(a["location"])), wording.place(str(b["location"]))
        if where_a and where_b:
            notes.append(
                f"The {number} {pair['metric']}{where_a} and the {number}{where_b} may be "
                f"the same {who}, counted by {authorities(a, b)}: drawn as two figures, never "
                "added together."
            )
        else:
            notes.append(
                f"Two figures of {number} {pair['metric']} over overlapping dates "
                f"({wording.when(a, short=True)}; {wording.when(b, short=True)}) may be the same "
                f"{who}: drawn as two figures, never added together."
            )
    if len(pairs) > 3:
        notes.append(f"{len(pairs) - 3:,} more pairs of equal figures may count the same {who}.")
    return notes


def authorities(a: pd.Series, b: pd.Series) -> str:
    """Who counted two figures: 'Cambodian police and Japanese police'."""
    names = list(dict.fromkeys(str(x) for x in (a["authority"], b["authority"]) if str(x)))
    return " and ".join(names) if names else "different reports"


def stated(rows: pd.DataFrame) -> list[str]:
    """A note naming the facts stated more than once and drawn once."""
    repeated = rows[rows["n_statements"] > 1]
    if repeated.empty:
        return []
    phrases = [
        f"{wording.figure(r)} {r['metric']} ({r['n_statements']} times)"
        for r in repeated.head(3).to_dict("records")
    ]
    more = f" and {len(repeated) - 3:,} more" if len(repeated) > 3 else ""
    return [f"Stated more than once, drawn once: {'; '.join(phrases)}{more}."]


def of_whole(part: Mapping[Hashable, Any], by_id: pd.DataFrame) -> str:
    """' of the 58 deported': the whole a part belongs to, '' when it is not among `by_id`."""
    whole = str(part.get("parent_fact_id") or "")
    if whole not in by_id.index:
        return ""
    fact = by_id.loc[whole]
    assert isinstance(fact, pd.Series)  # fact ids are unique
    return f" of the {wording.figure(fact)} {fact['metric']}"


def left_out(chosen: pd.DataFrame, undated: pd.DataFrame) -> list[str]:
    """Notes naming the parts and the undated figures a chart of volumes leaves out."""
    notes = []
    parts = chosen[chosen["parent_fact_id"] != ""]
    if not parts.empty:
        by_id = chosen.set_index("fact_id")
        phrases = []
        for part in parts.head(3).to_dict("records"):
            phrases.append(f"{wording.figure(part)}{of_whole(part, by_id)}")
        more = f" and {len(parts) - 3:,} more" if len(parts) > 3 else ""
        notes.append(
            f"Parts are left out, never added to their whole ({'; '.join(phrases)}{more}): "
            "see the chart of parts."
        )
    if not undated.empty:
        phrases = [
            f"{wording.figure(r)} {r['metric']} ({wording.when(r, short=True)})"
            for r in undated.head(3).to_dict("records")
        ]
        more = f" and {len(undated) - 3:,} more" if len(undated) > 3 else ""
        notes.append(f"Not drawn, having no date to place them at: {'; '.join(phrases)}{more}.")
    return notes


def other_readings(rows: pd.DataFrame, readings: pd.DataFrame | None) -> pd.DataFrame:
    """The readings of the rows' disputed facts other than the one each stands by, with the
    fact's unit and count type and the reading's band (first day to the day after its last)."""
    columns = ["fact_id", "value", "qualifier", "period_start", "period_end", "date_precision"]
    if readings is None or rows.empty or not disputed(rows).any():
        return pd.DataFrame(
            columns=[*columns, "sources", "unit", "count_type", "band_start", "band_end", "days"]
        )
    facts = rows.loc[disputed(rows), ["fact_id", "unit", "count_type"]]
    others = readings[~readings["standing"] & readings["fact_id"].isin(facts["fact_id"])]
    others = others.merge(facts, on="fact_id", how="left")
    days = counting.period_days(others)
    return others.assign(
        band_start=others["period_start"],
        band_end=others["period_end"] + pd.Timedelta(days=1),
        days=days,
    ).reset_index(drop=True)


def outlets(sources: str) -> str:
    """'Gulf Wire and Mekong Ledger' from 'Gulf Wire, 16 October 2025; Mekong Ledger, …'."""
    names = list(dict.fromkeys(s.split(", ")[0] for s in str(sources).split("; ") if s))
    if len(names) > 2:
        return f"{names[0]} and {len(names) - 1} more"
    return " and ".join(names)


def dispute_suffix(row: Any, others: pd.DataFrame) -> str:
    """What a label adds for a disputed fact: ', or from 27 Jun (Capital Bulletin)' for each
    other reading; without the readings, the range of values or '(period disputed)'."""
    if not bool(row.get("disputed", False)):
        return ""
    mine = others[others["fact_id"] == row["fact_id"]] if not others.empty else others
    if not mine.empty:
        return "".join(
            f", {wording.alternative(row, o, short=True)} ({outlets(o['sources'])})"
            for o in mine.to_dict("records")
        )
    low, high = row.get("reading_low"), row.get("reading_high")
    if pd.notna(low) and pd.notna(high) and low != high:
        other = high if float(row["value"]) == float(low) else low
        return f", or {wording.number(float(other), str(row['unit']))} by another account"
    return " (period disputed)"


def disputed(rows: pd.DataFrame) -> pd.Series:
    """Whether the statements of each row's fact disagree (False for tables made without it)."""
    if "disputed" not in rows:
        return pd.Series(False, index=rows.index)
    return rows["disputed"].fillna(False).astype(bool)


def inferred(rows: pd.DataFrame) -> pd.Series:
    """Whether each row's period was inferred by the curator rather than stated."""
    if "period_basis" not in rows:
        return pd.Series(False, index=rows.index)
    return rows["period_basis"].fillna("stated") == "inferred"


def disputed_note(rows: pd.DataFrame) -> list[str]:
    """A note on the facts drawn whose statements disagree."""
    if not disputed(rows).any():
        return []
    shown = rows[disputed(rows)]
    phrases = [f"{wording.figure(r)} {r['metric']}" for r in shown.head(3).to_dict("records")]
    more = f" and {len(shown) - 3:,} more" if len(shown) > 3 else ""
    return [
        f"The statements of {'; '.join(phrases)}{more} disagree: each reading is drawn (the "
        "others dashed) and labelled 'or …' with who states it; see the sources report."
    ]


def outside(facts: pd.DataFrame, chosen: pd.DataFrame, asked: model.Selection) -> list[str]:
    """A note counting the facts of the data a selection leaves out, and why."""
    rest = facts[~facts["fact_id"].isin(chosen["fact_id"])]
    if rest.empty:
        return []
    metrics = counting.selection_metrics(asked.metrics)
    code = counting.selection_nationality(asked.nationality)
    other_metric = ~rest["metric"].isin(metrics) if metrics else pd.Series(False, index=rest.index)
    other_country = (
        (rest["nationality"] != code) & ~other_metric
        if code
        else pd.Series(False, index=rest.index)
    )
    other_dates = ~other_metric & ~other_country
    counts = [
        (int(other_metric.sum()), "of other metrics"),
        (int(other_country.sum()), "of other or unstated nationalities"),
        (int(other_dates.sum()), "outside these dates"),
    ]
    said = [f"{n:,} {why}" for n, why in counts if n]
    return [
        f"Not in this selection: {wording.count(len(rest), 'fact')} of the data ({', '.join(said)}); "
        "every fact is in the sources report."
    ]
