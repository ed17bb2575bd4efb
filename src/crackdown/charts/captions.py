"""What every chart writes beside its marks: labels, source lines, and the notes on figures
that are qualified, stated more than once, possibly the same people, or left out."""

from __future__ import annotations

from typing import Any

import pandas as pd

from crackdown import counting, wording

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


def left_out(chosen: pd.DataFrame, undated: pd.DataFrame) -> list[str]:
    """Notes naming the parts and the undated figures a chart of volumes leaves out."""
    notes = []
    parts = chosen[chosen["parent_fact_id"] != ""]
    if not parts.empty:
        by_id = chosen.set_index("fact_id")
        phrases = []
        for part in parts.head(3).to_dict("records"):
            whole = part["parent_fact_id"]
            of = (
                f" of the {wording.figure(by_id.loc[whole])} {by_id.loc[whole, 'metric']}"
                if whole in by_id.index
                else ""
            )
            phrases.append(f"{wording.figure(part)}{of}")
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
