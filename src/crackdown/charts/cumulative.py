"""Running sums of the reported figures, one panel per metric, as steps over time."""

from __future__ import annotations

from typing import Unpack

import numpy as np
import pandas as pd
from matplotlib import ticker
from matplotlib.axes import Axes

from crackdown import counting, wording
from crackdown.charts import captions, frame, marks
from crackdown.model import Selection, Where


def plot_cumulative(facts: pd.DataFrame, **where: Unpack[Where]) -> frame.ChartFigure:
    """Running sums of the reported figures, one panel per metric, as steps over time.

    The line steps up when a figure's period is over (the date by which it had certainly
    happened); the shaded band shows where the sum may be while a period is under way, or,
    for an undated figure, at any time before its date. Parts are never added.
    """
    asked = Selection(**where)
    return frame.chart(
        facts,
        asked,
        "Cumulative reported totals",
        lambda chosen: _cumulative(chosen, asked.start, asked.end),
    )


def _steps(
    starts: np.ndarray, ends: np.ndarray, values: np.ndarray, lo: float, hi: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The grid of dates where a sum changes, with the sum certainly reached by each date and
    the most it can have reached (a figure whose period has begun, or that is undated)."""
    begun = np.where(np.isnan(starts), lo, starts)
    grid = np.unique(np.concatenate([[lo, hi], begun, ends]))
    by_end = np.argsort(ends, kind="stable")
    by_start = np.argsort(begun, kind="stable")
    done = np.concatenate([[0.0], np.cumsum(values[by_end])])
    may = np.concatenate([[0.0], np.cumsum(values[by_start])])
    low = done[np.searchsorted(ends[by_end], grid, side="right")]
    high = may[np.searchsorted(begun[by_start], grid, side="right")]
    return grid, low, high


def _cumulative(chosen: pd.DataFrame, start: object, end: object) -> frame.ChartFigure:
    wholes = counting.running_increments(counting.wholes_only(chosen))
    wholes = wholes.assign(
        panel=wholes["metric"] + "|" + wholes["unit"],
        _order=marks.order(wholes),
    ).sort_values("_order", kind="stable")
    panels = list(dict.fromkeys(wholes["panel"]))
    starts = marks.num(wholes["band_start"].to_numpy())
    ends = marks.num(wholes["band_end"].to_numpy())
    first = counting.selection_date(start, "start")
    last = counting.selection_date(end, "end")
    lo = (
        marks.num(first)
        if first is not None
        else float(np.nanmin(np.concatenate([starts, ends - 30])))
    )
    hi = marks.num(last + pd.Timedelta(days=1)) if last is not None else float(np.nanmax(ends))
    reach = max(hi - lo, 60.0)
    lo, hi = lo - 0.02 * reach, hi + 0.02 * reach

    totals = wholes.groupby("panel", sort=False)["value"].sum()
    qualified = wholes.groupby("panel", sort=False)["qualifier"].agg(
        lambda q: bool((q != "exact").any())
    )
    finals = {p: _sum_label(totals[p], p, bool(qualified[p])) for p in panels}
    left = 0.8
    widths = [frame.text_width(f, marks.LABEL_SIZE) for f in finals.values()]
    right = max(widths) + 0.25
    panel_height, gap = 1.0, 0.42

    notes = [
        "Sums of the figures the articles report, not complete counts: a stretch without an "
        "article adds nothing. The line rises when a figure's period is over; the shaded band "
        "is where the sum may be while a period is under way or before an undated figure's date.",
        *captions.qualified(wholes),
        *captions.repeats(wholes),
    ]
    if (wholes["reported_value"] != wholes["value"]).any():
        notes.append(
            "A running total reported more than once adds only what it grew by between reports."
        )
    parts = chosen[chosen["parent_fact_id"] != ""]
    if not parts.empty:
        notes.append(
            f"{len(parts):,} part{'s' if len(parts) != 1 else ''} of these figures "
            f"({'; '.join(wording.figure(r) + ' ' + str(r['metric']) for r in parts.head(3).to_dict('records'))}) "
            "are not added: they are inside their wholes."
        )
    people = [p for p in panels if p.endswith("|people")]
    headline = ", ".join(finals[p] for p in (people or panels)[:3])
    title = f"Reported figures add up to {headline} by {wording.date(wholes['period_end'].max(), 'month')}"
    layout = frame.frame(
        title=title,
        subtitle="Running sum of the reported figures, one panel per metric; people unless marked",
        notes=notes,
        sources=captions.sources(wholes),
        body_height=len(panels) * panel_height + (len(panels) - 1) * gap,
        left=left,
        right=right,
        above_body=0.2,
    )
    fig = layout.fig
    axes = layout.stack([panel_height] * len(panels), gap)
    drawn = []
    for ax, panel_key in zip(axes, panels, strict=True):
        metric, unit = panel_key.split("|")
        mask = (wholes["panel"] == panel_key).to_numpy()
        x, low, high = _steps(starts[mask], ends[mask], wholes["value"].to_numpy()[mask], lo, hi)
        colour = frame.metric_colour(metric)
        ax.fill_between(x, low, high, step="post", color=colour, alpha=0.18, linewidth=0, gid="may")
        ax.step(x, low, where="post", color=colour, linewidth=2, gid="reached")
        ax.annotate(
            finals[panel_key],
            xy=(hi, low[-1]),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
            size=marks.LABEL_SIZE,
            annotation_clip=False,
            gid=metric,
        )
        ax.set_ylim(0, max(float(high.max()), 1.0) * 1.15)
        ax.yaxis.set_major_locator(ticker.MaxNLocator(3, integer=True))
        ax.yaxis.set_major_formatter(ticker.FuncFormatter(marks.tick_formatter(unit)))
        marks.panel_title(ax, marks.lane_name(metric, unit))
        ax.grid(axis="y", color=frame.RULE, linewidth=0.6)
        values = wholes["value"].to_numpy()[mask]
        _step_labels(ax, ends[mask], values, x, low, unit, lo, hi)
        drawn.append(
            pd.DataFrame({"panel": panel_key, "x": x, "reached": low, "may_have_reached": high})
        )
    axes[0].set_xlim(lo, hi)
    for ax in axes:
        marks.date_axis(ax)
    alt = (
        f"Step charts of the running sum of reported figures, one per metric, from "
        f"{captions.span_text(wholes)}; {title[0].lower()}{title[1:]}."
    )
    return frame.finish(fig, alt, pd.concat(drawn, ignore_index=True))


def _sum_label(total: float, panel: str, qualified: bool) -> str:
    """'3,505 arrested', 'about $1.6 million defrauded', '10 cases prosecuted'."""
    metric, unit = panel.split("|")
    number = wording.number(total, unit)
    number = f"{number} cases" if unit == "cases" else number
    return f"{'about ' if qualified else ''}{number} {metric}"


def _step_labels(
    ax: Axes,
    ends: np.ndarray,
    values: np.ndarray,
    grid: np.ndarray,
    reached: np.ndarray,
    unit: str,
    lo: float,
    hi: float,
    limit: int = 4,
) -> None:
    """'+19', '+25, +25': what each of the largest steps adds, written where it adds it, so a
    step of 19 stays readable on a panel that climbs to thousands."""
    steps = pd.DataFrame({"end": ends, "value": values})
    by_day = steps.groupby("end", sort=True)["value"].agg(["sum", list]).nlargest(limit, "sum")
    for end_value, row in by_day.iterrows():
        end_x = float(end_value)  # type: ignore[arg-type]
        amounts = sorted(row["list"], reverse=True)
        text = ", ".join("+" + wording.number(v, unit) for v in amounts[:3])
        if len(amounts) > 3:
            text += f" and {len(amounts) - 3} more"
        level = reached[int(np.searchsorted(grid, [end_x], side="right")[0]) - 1]
        late = (end_x - lo) / (hi - lo) > 0.6
        ax.annotate(
            text,
            xy=(end_x, level),
            xytext=(-4 if late else 4, 3),
            textcoords="offset points",
            ha="right" if late else "left",
            va="bottom",
            size=frame.SMALL_SIZE,
            color=frame.INK,
            gid="step",
        )
