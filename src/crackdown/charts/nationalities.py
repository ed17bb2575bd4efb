"""Counts by nationality, and the nationalities an article names without a count."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import Any

import numpy as np
import pandas as pd
from matplotlib import ticker

from crackdown import counting, wording
from crackdown.charts import captions, frame, marks
from crackdown.model import Selection


def plot_nationalities(
    facts: pd.DataFrame,
    named: pd.DataFrame,
    *,
    country: str | None = None,
    limit: int = 12,
    list_limit: int = 3,
    readings: pd.DataFrame | None = None,
) -> frame.ChartFigure:
    """Counts by nationality where an article gives them, and, apart, the nationalities an
    article names without counts, as a list of equal marks that pretends to no count.

    A count whose statements disagree is labelled with every reading ('or 271 …'), from
    `readings` (counting.readings) when given."""
    code = counting.selection_nationality(country)
    counted = facts[(facts["nationality"] != "") & (facts["unit"] == "people")]
    lists = named
    if code is not None:
        counted = counted[counted["nationality"] == code]
        lists = named[named["fact_id"].isin(named.loc[named["country"] == code, "fact_id"])]
    lists = lists[lists["fact_id"].isin(facts["fact_id"])]
    what = "Nationalities of those counted"
    if counted.empty and lists.empty:
        return frame.empty(what, wording.selection(Selection(nationality=code)))
    with frame.context():
        return _nationalities(facts, counted, lists, code, limit, list_limit, readings)


def _list_header(fact: pd.Series, lists: pd.DataFrame, fact_id: str) -> str:
    """'Named among the 3,455 arrested, 27 Jul-14 Oct 2025: 20 countries, no count for any'."""
    n = int(lists["fact_id"].eq(fact_id).sum())
    return (
        f"Named among the {wording.figure(fact)} {fact['metric']}, "
        f"{wording.when(fact, short=True)}: {n} countries, no count for any"
    )


def _row_name(row: Mapping[Hashable, Any], by_id: pd.DataFrame) -> str:
    """'Indonesia: deported in Bavet, 23 Nov 2025'; a part says whose part it is, so that two
    bars are never read as two groups: 'Indonesia: 14 women of the 58 deported, 23 Nov 2025'."""
    when = wording.when(row, short=True)
    of = captions.of_whole(row, by_id)
    if of:
        who = f" {wording.noun(row)}" if row.get("sex") in ("female", "male") else ""
        whole_metric = by_id.loc[str(row["parent_fact_id"]), "metric"]
        action = f" {row['metric']}" if row["metric"] != whole_metric else ""
        return f"{row['_country']}: {wording.figure(row)}{who}{action}{of}, {when}"
    return f"{row['_country']}: {row['metric']}{wording.place(str(row['location']))}, {when}"


def _nationalities(
    facts: pd.DataFrame,
    counted: pd.DataFrame,
    lists: pd.DataFrame,
    code: str | None,
    limit: int,
    list_limit: int,
    readings: pd.DataFrame | None,
) -> frame.ChartFigure:
    shown = counted.nlargest(limit, "value", keep="first") if len(counted) > limit else counted
    shown = shown.assign(
        _country=shown["nationality"].map(wording.country),
        _when=shown["period_end"],
    ).sort_values(["_country", "_when", "metric", "fact_id"], kind="stable")
    by_id = facts.set_index("fact_id")
    # Row names wrap within two fifths of the width, so that the bars keep the rest.
    name_width = 0.4 * frame.WIDTH
    shown = shown.assign(
        row_label=[
            "\n".join(frame.wrap(_row_name(r, by_id), name_width, frame.SMALL_SIZE))
            for r in shown.to_dict("records")
        ]
    )
    others = captions.other_readings(shown, readings)
    list_ids = list(dict.fromkeys(lists["fact_id"]))[:list_limit]
    columns = 2
    width_in = frame.WIDTH - 0.6
    headers = {
        fact_id: frame.wrap(
            _list_header(by_id.loc[fact_id], lists, fact_id), width_in, frame.BODY_SIZE, "bold"
        )
        for fact_id in list_ids
    }
    list_rows = [int(np.ceil(lists["fact_id"].eq(f).sum() / columns)) for f in list_ids]
    row_lines = max((t.count("\n") + 1 for t in shown["row_label"]), default=1)
    bar_height = max(0.3, row_lines * frame.line_height(frame.SMALL_SIZE) + 0.08)
    counted_height = len(shown) * bar_height + 0.2 if not shown.empty else 0.0
    header_height = {
        f: len(h) * frame.line_height(frame.BODY_SIZE) + 0.12 for f, h in headers.items()
    }
    row_step = frame.line_height(frame.SMALL_SIZE) + 0.06
    list_height = sum(
        header_height[f] + 0.1 + r * row_step for f, r in zip(list_ids, list_rows, strict=True)
    )
    gap = 0.55 if counted_height and list_height else 0.0
    left = (
        max(
            frame.text_width(line, frame.SMALL_SIZE)
            for t in shown["row_label"]
            for line in t.split("\n")
        )
        + 0.3
        if not shown.empty
        else 0.3
    )
    countries_counted = list(dict.fromkeys(shown["_country"]))
    named_countries = lists.loc[lists["fact_id"].isin(list_ids), "country"].nunique()
    name = wording.country(code) if code else ""
    if code:
        title = f"{name}: {len(counted):,} figure{'s' if len(counted) != 1 else ''} with a count"
        if list_ids:
            title += f"; also named, without one, among {named_countries} nationalities"
    else:
        which = (
            " and ".join(countries_counted)
            if len(countries_counted) <= 2
            else f"{len(countries_counted)} countries"
        )
        title = f"Counts by nationality are reported for {which}" if countries_counted else ""
        if list_ids:
            listed = f"{named_countries} countries are named without counts"
            title = f"{title}; {listed}" if title else listed.capitalize()
    notes = captions.disputed_note(shown)
    others_named = len(facts) - len(set(counted["fact_id"]) | set(lists["fact_id"]))
    if others_named:
        notes.append(
            f"Not drawn: {wording.count(others_named, 'fact')} of the data with no nationality "
            "or of another one; every fact is in the sources report."
        )
    if len(counted) > len(shown):
        notes.append(f"The {len(shown)} largest of {len(counted):,} counted figures are drawn.")
    if len(lists["fact_id"].unique()) > len(list_ids):
        notes.append(f"The first {len(list_ids)} lists of names are drawn.")
    notes += captions.repeats(shown)
    if list_ids:
        notes.append(
            "A name in a list carries no count: every mark is the same size because the article "
            "gives no number for any of them."
        )
    drawn_facts = pd.concat([shown, by_id.loc[list_ids].reset_index()], ignore_index=True)
    layout = frame.frame(
        title=title,
        subtitle="People counted by nationality as the articles report them, and nationalities "
        "the articles list without a count",
        notes=notes,
        sources=captions.sources(drawn_facts),
        body_height=counted_height + gap + list_height,
        left=0.3,
        right=0.3,
    )
    fig = layout.fig
    total_height = counted_height + gap + list_height
    span = layout.top - layout.bottom
    if counted_height:
        bottom = layout.top - span * counted_height / total_height
        ax = fig.add_axes(
            (
                left / frame.WIDTH,
                bottom,
                layout.right - left / frame.WIDTH,
                span * counted_height / total_height,
            )
        )
        y = np.arange(len(shown))
        colours = shown["metric"].map(frame.metric_colour).to_list()
        ax.barh(y, shown["value"].to_numpy(), height=0.6, color=colours, gid="counted")
        for yy, row in zip(y, shown.to_dict("records"), strict=True):
            ax.annotate(
                marks.wrap_label(captions.label(row) + captions.dispute_suffix(row, others)),
                xy=(row["value"], yy),
                xytext=(4, 0),
                textcoords="offset points",
                va="center",
                size=marks.LABEL_SIZE,
                gid=str(row["fact_id"]),
            )
        ax.set_yticks(y, shown["row_label"].to_list())
        ax.set_ylim(len(shown) - 0.5, -0.5)
        ax.set_xlim(0, float(shown["value"].max()) * 1.25)
        ax.xaxis.set_major_locator(ticker.MaxNLocator(4, integer=True, steps=[1, 2, 5, 10]))
        ax.xaxis.set_major_formatter(ticker.FuncFormatter(marks.tick_formatter("people")))
        ax.set_xlabel("people counted")
        ax.tick_params(axis="y", length=0)
        ax.spines["left"].set_visible(False)
        ax.grid(axis="x", color=frame.RULE, linewidth=0.6)
        ax.set_axisbelow(True)
    if list_ids:
        height = span * list_height / total_height
        ax = fig.add_axes((layout.left, layout.bottom, layout.right - layout.left, height))
        ax.set_axis_off()
        ax.set_xlim(0, width_in)
        ax.set_ylim(list_height, 0)
        cursor = 0.0
        for fact_id, n_rows in zip(list_ids, list_rows, strict=True):
            names = lists[lists["fact_id"] == fact_id].sort_values("position", kind="stable")
            ax.text(
                0,
                cursor + 0.06,
                "\n".join(headers[fact_id]),
                va="top",
                size=frame.BODY_SIZE,
                weight="bold",
                linespacing=frame.LINE,
            )
            position = np.arange(len(names))
            xs = (position % columns) * (width_in / columns)
            top = cursor + header_height[fact_id] + 0.1
            ys = top + (position // columns) * row_step + row_step / 2
            highlight = (
                (names["country"] == code).to_numpy() if code else np.zeros(len(names), bool)
            )
            ax.scatter(
                xs + 0.08,
                ys,
                marker="s",
                s=40,
                c=np.where(highlight, frame.VERMILLION, "white"),
                edgecolors=list(np.where(highlight, frame.VERMILLION, frame.MUTED)),
                linewidths=0.9,
                gid="named",
            )
            for x, yv, label, strong in zip(
                xs, ys, names["name_as_stated"], highlight, strict=True
            ):
                ax.text(
                    x + 0.2,
                    yv,
                    str(label),
                    va="center",
                    size=frame.SMALL_SIZE,
                    weight="bold" if strong else "normal",
                    color=frame.INK,
                )
            cursor = top + n_rows * row_step
    pieces = []
    if not shown.empty:
        bars = [f"{captions.label(r)} {r['metric']}" for r in shown.head(4).to_dict("records")]
        pieces.append(f"bars for {len(shown)} counted figures ({', '.join(bars)})")
    if list_ids:
        first_list = lists.loc[lists["fact_id"] == list_ids[0], "name_as_stated"]
        pieces.append(
            f"equal marks for {len(first_list)} nationalities named without counts "
            f"({', '.join(map(str, first_list.head(25)))})"
        )
    alt = f"{title}: {' and '.join(pieces)}."
    drawn = shown[["fact_id", "nationality", "metric", "value", "row_label"]].reset_index(drop=True)
    return frame.finish(fig, alt, drawn)
