"""Running totals as reported: each authority's cumulative statements of one metric, as one
series over time, never summed.

A running total ("2,825 deported since 27 July") is a count an authority keeps; the articles
restate it as it grows. Adding running totals, period totals and single events together would
count the same people more than once wherever their periods overlap, or where one authority's
count includes another's: so this chart adds nothing. Each line is one authority's running
total of one metric (for one nationality, sex and place), a point where an article states it;
period totals, single events, undated figures and parts are left out and counted in a note.
"""

from __future__ import annotations

from typing import Any, Unpack

import pandas as pd
from matplotlib import ticker

from crackdown import wording
from crackdown.charts import captions, frame, marks
from crackdown.model import Selection, Where

#: What makes one running total: statements agreeing on these are one series.
SERIES = ["metric", "unit", "authority", "nationality", "sex", "location"]


def plot_cumulative(
    facts: pd.DataFrame, *, readings: pd.DataFrame | None = None, **where: Unpack[Where]
) -> frame.ChartFigure:
    """Running totals as each authority reported them, one panel per metric, never summed.

    With `readings` (counting.readings), each other reading of a disputed running total is a
    hollow point at its own value and date, and the label says 'or …' and who states it.
    """
    asked = Selection(**where)
    return frame.chart(
        facts,
        asked,
        "Running totals as reported",
        lambda chosen, outside: _cumulative(chosen, readings, outside, asked),
    )


def _left_out(chosen: pd.DataFrame, series: pd.DataFrame) -> list[str]:
    """What the chart leaves out of the selection, by kind, and why."""
    rest = chosen[~chosen["fact_id"].isin(series["fact_id"])]
    if rest.empty:
        return []
    kinds = [
        (rest["parent_fact_id"] != "", "part", "parts"),
        (rest["period_start"].isna(), "undated figure", "undated figures"),
        (rest["count_type"] == "period_total", "period total", "period totals"),
        (rest["count_type"] == "event", "single event", "single events"),
    ]
    said, counted = [], pd.Series(False, index=rest.index)
    for mask, one, many in kinds:
        n = int((mask & ~counted).sum())
        counted |= mask
        if n:
            said.append(wording.count(n, one, many))
    return [
        f"Left out, not being running totals: {', '.join(said)}; they are on the timeline, and "
        "none is added to a running total, which may already count the same people."
    ]


def _label(row: Any) -> str:
    """'2,825 deported by 16 Oct 2025 (Cambodian authorities)'."""
    said = [str(row["authority"])] if str(row["authority"]) else []
    if row["period_basis"] == "inferred":
        said.append("start inferred")
    who = f" ({'; '.join(said)})" if said else ""
    return f"{captions.label(row)} {row['metric']} by {wording.short_date(row['period_end'])}{who}"


def _cumulative(
    chosen: pd.DataFrame,
    readings: pd.DataFrame | None,
    outside: list[str],
    asked: Selection,
) -> frame.ChartFigure:
    running = chosen[
        (chosen["count_type"] == "cumulative_to_date")
        & (chosen["parent_fact_id"] == "")
        & chosen["period_start"].notna()
    ]
    notes = _left_out(chosen, running) + outside
    if running.empty:
        return frame.empty("Running totals as reported", wording.selection(asked), notes=notes)
    running = running.assign(
        period_basis=running.get("period_basis", "stated"),
        series=running[SERIES].astype(str).agg("|".join, axis=1),
        panel=running["metric"] + "|" + running["unit"],
        _order=marks.order(running),
        x=marks.num(running["band_end"].to_numpy()),
    ).sort_values(["_order", "series", "period_end"], kind="stable")
    others = captions.other_readings(running, readings)
    others = others[others["period_end"].notna()]
    last = running.drop_duplicates("series", keep="last")
    labels = {
        row["series"]: _label(row) + captions.dispute_suffix(row, others)
        for row in last.to_dict("records")
    }
    panels = list(dict.fromkeys(running["panel"]))
    lo = float(marks.num(running["band_start"].to_numpy()).min())
    hi = float(running["x"].max())
    if not others.empty:
        hi = max(hi, float(marks.num(others["band_end"].to_numpy()).max()))
    reach = max(hi - lo, 60.0)
    lo, hi = lo - 0.03 * reach, hi + 0.03 * reach
    notes = [
        "Each line is one authority's running total of one metric as the articles state it, a "
        "point at each statement; running totals are never added to one another or to other "
        "figures.",
        *captions.disputed_note(running),
        *captions.stated(running),
        *captions.qualified(running),
        *notes,
    ]
    if captions.inferred(running).any():
        notes.append(
            "'(start inferred)': the article gives no start; the curator inferred it (the notes "
            "of data/figures.csv say why)."
        )
    top = last.iloc[int(last["value"].to_numpy().argmax())]
    title = f"The largest running total reported: {_label(top)}"
    room = frame.WIDTH - frame.PANELS_LEFT - frame.PANELS_RIGHT
    lines = max(len(frame.wrap(t, room, marks.LABEL_SIZE)) for t in labels.values())
    most = int(running.groupby("panel")["series"].nunique().max())
    label_height = lines * frame.line_height(marks.LABEL_SIZE)
    panel_height, gap = 0.7 + most * label_height, 0.5
    step = label_height / panel_height
    layout = frame.panels(
        len(panels),
        panel_height,
        gap,
        title=title,
        subtitle="Running totals as each authority reported them, one line per authority and "
        "metric; people unless marked; nothing is added up",
        notes=notes,
        sources=captions.sources(running),
    )
    axes = layout.stack([panel_height] * len(panels), gap)
    for ax, panel_key in zip(axes, panels, strict=True):
        metric, unit = panel_key.split("|")
        rows = running[running["panel"] == panel_key]
        colour = frame.metric_colour(metric)
        for k, (series, points) in enumerate(rows.groupby("series", sort=False)):
            ax.plot(
                points["x"],
                points["value"],
                color=colour,
                linewidth=1.5,
                marker="o",
                markersize=5,
                gid=f"series:{series}",
            )
            end = points.iloc[-1]
            # Labels are listed at the top left of the panel, a line each, in the line's colour.
            ax.annotate(
                "\n".join(frame.wrap(labels[str(series)], room, marks.LABEL_SIZE)),
                xy=(end["x"], end["value"]),
                xytext=(0.0, 1.0 - k * step),
                textcoords="axes fraction",
                ha="left",
                va="top",
                size=marks.LABEL_SIZE,
                color=frame.INK,
                linespacing=frame.LINE,
                arrowprops={"arrowstyle": "-", "color": colour, "linewidth": 0.6, "shrinkB": 4},
                gid=str(end["fact_id"]),
            )
        mine = others[others["fact_id"].isin(rows["fact_id"])]
        if not mine.empty:
            ax.scatter(
                marks.num(mine["band_end"].to_numpy()),
                mine["value"],
                s=30,
                facecolors="white",
                edgecolors=colour,
                linewidths=1.2,
                zorder=3,
                gid="other-readings",
            )
        top_value = max(float(rows["value"].max()), float(mine["value"].max() if len(mine) else 0))
        # The points keep the lower part of the panel; the labels the upper.
        ax.set_ylim(0, top_value / max(0.25, 1.0 - 0.1 - step * rows["series"].nunique()))
        ax.yaxis.set_major_locator(ticker.MaxNLocator(3, integer=True))
        ax.yaxis.set_major_formatter(ticker.FuncFormatter(marks.tick_formatter(unit)))
        marks.panel_title(ax, marks.lane_name(metric, unit))
        ax.grid(axis="y", color=frame.RULE, linewidth=0.6)
    axes[0].set_xlim(lo, hi)
    for ax in axes:
        marks.date_axis(ax)
    alt = (
        f"Running totals as reported, one line per authority and metric "
        f"({len(labels)} series, {len(running)} statements from {captions.span_text(running)}), "
        f"never summed; {title[0].lower()}{title[1:]}."
    )
    drawn = running.assign(label=running["series"].map(labels))[
        ["fact_id", "series", "panel", "x", "value", "label"]
    ]
    return frame.finish(layout.fig, alt, drawn.reset_index(drop=True))
