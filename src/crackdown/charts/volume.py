"""Volumes over time: a rate per day across each period total, the count of each single day."""

from __future__ import annotations

from typing import Any, Unpack

import numpy as np
import pandas as pd
from matplotlib import ticker
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.transforms import offset_copy

from crackdown import counting, model, wording
from crackdown.charts import captions, frame, marks
from crackdown.charts import monthly as monthly_chart
from crackdown.model import Selection, Where


def plot_volume(
    facts: pd.DataFrame,
    *,
    monthly: bool = False,
    label_limit: int = 6,
    readings: pd.DataFrame | None = None,
    **where: Unpack[Where],
) -> frame.ChartFigure:
    """Reported volumes on a continuous time axis: a rate per day across each period total,
    the count of each single-day event; or, with `monthly`, an estimate per calendar month.

    With `readings` (counting.readings), each other reading of a disputed fact is drawn dashed
    at its own rate over its own period (a hollow mark for a single day) and labelled 'or …'.
    """
    if monthly:
        return frame.chart(
            facts,
            Selection(**where),
            "Estimated volumes per month",
            lambda chosen, outside: monthly_chart.draw(chosen, label_limit, outside),
        )
    return frame.chart(
        facts,
        Selection(**where),
        "Reported volumes over time",
        lambda chosen, outside: _rates(chosen, label_limit, readings, outside),
    )


def _rate_alternatives(row: Any, others: pd.DataFrame) -> str:
    """', or from 27 Jul: about 43 a day (Gulf Wire and 2 more)' for each other reading."""
    if not bool(row.get("disputed", False)) or others.empty:
        return captions.dispute_suffix(row, others)
    texts = []
    for other in others[others["fact_id"] == row["fact_id"]].to_dict("records"):
        rate = wording.rate(other)
        alternative = wording.alternative(row, other, short=True)
        texts.append(
            f", {alternative}{': ' + rate if rate else ''} ({captions.outlets(other['sources'])})"
        )
    return "".join(texts)


def _rate_label(row: Any, with_metric: bool) -> str:
    """'3,455 over 80 days: about 43 a day', '25 arrested on 9 Nov 2023', '19 in Apr 2023'."""
    what = f"{captions.label(row)} {row['metric']}" if with_metric else captions.label(row)
    if row["days"] == 1:
        return f"{what} on {wording.short_date(row['period_end'])}"
    if row["date_precision"] != "range":
        return f"{what} in {wording.when(row, short=True)}"
    rate = wording.rate(row)
    total = f"{what} over {int(row['days'])} days"
    return f"{total}: {rate}" if rate else total


def _rate_title(top: Any) -> str:
    noun = wording.noun(top)
    verb = wording.verb(str(top["metric"]))
    if top["days"] == 1:
        return (
            f"The most reported on one day: {captions.label(top)} {noun} {verb}, "
            f"{wording.short_date(top['period_end'])}"
        ).replace("  ", " ")
    parts = wording.rate_parts(top)
    if parts is None:
        return f"The highest reported rate: {captions.label(top)} {top['metric']}, {wording.when(top, short=True)}"
    return (
        f"The highest reported rate: {parts[0]} {noun} {verb} {parts[1]}, {wording.when(top, short=True)}"
    ).replace("  ", " ")


def _rates(
    chosen: pd.DataFrame, label_limit: int, readings: pd.DataFrame | None, outside: list[str]
) -> frame.ChartFigure:
    wholes = counting.running_increments(counting.wholes_only(chosen))
    undated = wholes[wholes["period_start"].isna()]
    dated = wholes[wholes["period_start"].notna() & (wholes["value"] > 0)]
    dated = dated.assign(rate=dated["per_day"])
    others = captions.other_readings(dated, readings)
    others = others[others["period_start"].notna()]
    others = others.assign(rate=others["value"] / others["days"])
    notes = [
        *captions.disputed_note(dated),
        *captions.stated(dated),
        *captions.qualified(dated),
        *captions.repeats(dated),
    ]
    if (wholes["reported_value"] != wholes["value"]).any():
        notes.append(
            "A running total reported more than once is drawn as what it grew by between reports."
        )
    if dated["date_precision"].isin(["month", "year"]).any():
        notes.append("A dashed line is a total known only by its month or year, averaged over it.")
    notes += captions.left_out(chosen, undated)
    notes += outside
    if dated.empty:
        return frame.empty("Reported volumes over time", "it holds only undated figures and parts")
    units = sorted(dated["unit"].unique(), key=lambda u: model.unit(u).order)
    gap = 0.45
    # The largest rates are labelled, and every disputed fact: each of its readings is said.
    labelled = (
        dated.groupby("unit")["rate"].rank(method="first", ascending=False) <= label_limit
    ) | captions.disputed(dated)
    dated = dated.assign(labelled=labelled, label="")
    # The first panel holds most labels; each labelled fact gets room for two lines.
    first_labels = int((labelled & (dated["unit"] == units[0])).sum()) if not dated.empty else 0
    heights = [max(2.5, 0.5 * first_labels) if p == 0 else 1.3 for p in range(len(units))]
    several = dated["metric"].nunique() > 1
    dated.loc[labelled, "label"] = [
        _rate_label(r, several) + _rate_alternatives(r, others)
        for r in dated[labelled].to_dict("records")
    ]
    # Labelled single days of one date share one label ("25 arrested and 25 deported on ..."),
    # so that no label sits beside another metric's mark.
    days = dated[labelled & (dated["days"] == 1)]
    for _, same in days.groupby(["unit", "band_start"]):
        if len(same) > 1:
            ordered = same.sort_values("rate", ascending=False, kind="stable")
            values = [f"{captions.label(r)} {r['metric']}" for r in ordered.to_dict("records")]
            when = wording.short_date(ordered["period_end"].iloc[0])
            dated.loc[ordered.index, "label"] = ""
            dated.loc[ordered.index[0], "label"] = (
                f"{', '.join(values[:-1])} and {values[-1]} on {when}"
            )
    dated["label"] = dated["label"].map(marks.wrap_label)
    widths = marks.label_widths(dated["label"])
    x0 = marks.num(dated["band_start"].to_numpy())
    x1 = marks.num(dated["band_end"].to_numpy())
    lo_data, hi_data = float(x0.min()), float(x1.max())
    if not others.empty:
        lo_data = min(lo_data, float(marks.num(others["band_start"].to_numpy()).min()))
        hi_data = max(hi_data, float(marks.num(others["band_end"].to_numpy()).max()))
    reach = max(hi_data - lo_data, 60.0)
    lo, hi = lo_data - 0.03 * reach, hi_data + 0.03 * reach
    units_text = " and ".join(model.unit(u).words for u in units)
    left, right = 0.95, 0.3
    per_inch = (hi - lo) / (frame.WIDTH - left - right)
    room = widths * per_inch
    # A label goes after its mark, or before it when only there it stays inside the axes,
    # or above the start of a period that fills the axes.
    overflows = labelled.to_numpy() & (x1 + room > hi)
    before = overflows & (x0 - room >= lo)
    above = overflows & ~before & (dated["days"] > 1).to_numpy()
    dated["side"] = np.select([before, above], ["left", "above"], default="right")
    unlabelled = int((~labelled).sum())
    if unlabelled:
        notes.append(
            f"Only the {label_limit} highest rates per panel are labelled; {unlabelled:,} "
            "others are drawn unlabelled."
        )
    first_unit = dated[dated["unit"] == units[0]]
    top = first_unit.iloc[int(first_unit["rate"].to_numpy().argmax())]
    title = _rate_title(top)
    present = set(dated["metric"].unique())
    metrics_drawn = model.metric_order(list(present))
    layout = frame.frame(
        title=title,
        subtitle=(
            f"Reported {units_text} per day: a total over a period is drawn across it at its "
            "daily average; a single day is drawn as its count"
        ),
        notes=notes,
        sources=captions.sources(dated),
        body_height=sum(heights) + (len(units) - 1) * gap,
        left=left,
        right=right,
        key_rows=-(-len(metrics_drawn) // 3),
    )
    fig = layout.fig
    axes = layout.stack(heights, gap)
    for p, (ax, unit) in enumerate(zip(axes, units, strict=True)):
        _draw_rates(fig, ax, dated[dated["unit"] == unit], unit, heights[p])
        _draw_other_readings(ax, others[others["unit"] == unit], dated)
    axes[0].set_xlim(lo, hi)
    for ax in axes:
        marks.date_axis(ax)
    handles = [
        Line2D([], [], color=frame.metric_colour(m), linewidth=3, marker="o", markersize=4)
        for m in metrics_drawn
    ]
    layout.key(handles, [m.capitalize() for m in metrics_drawn], ncol=min(3, len(metrics_drawn)))
    alt = (
        f"Reported daily volumes of {', '.join(metrics_drawn)} from {captions.span_text(dated)}: "
        f"{wording.count(len(dated), 'figure')} drawn as daily rates across their periods; "
        f"{title[0].lower()}{title[1:]}."
    )
    drawn = dated.assign(x0=x0, x1=x1)[["fact_id", "metric", "unit", "x0", "x1", "rate", "label"]]
    return frame.finish(fig, alt, drawn.reset_index(drop=True))


def _draw_other_readings(ax: Axes, others: pd.DataFrame, dated: pd.DataFrame) -> None:
    """The other readings of disputed facts: dashed at their own rate across their period, or
    a hollow mark at their count on a single day."""
    if others.empty:
        return
    metric = others["fact_id"].map(dated.set_index("fact_id")["metric"])
    colours = marks.colours(metric)
    x0 = marks.num(others["band_start"].to_numpy())
    x1 = marks.num(others["band_end"].to_numpy())
    rate = others["rate"].to_numpy()
    single = (others["days"] == 1).to_numpy()
    if (~single).any():
        segments = np.stack([np.column_stack([x0, rate]), np.column_stack([x1, rate])], axis=1)[
            ~single
        ]
        ax.add_collection(
            LineCollection(
                list(segments),
                colors=colours[~single],
                linewidths=2,
                linestyles="--",
                gid="other-readings",
            )
        )
    if single.any():
        ax.scatter(
            ((x0 + x1) / 2)[single],
            rate[single],
            s=30,
            facecolors="white",
            edgecolors=[tuple(c) for c in colours[single]],
            linewidths=1.2,
            zorder=3,
            gid="other-days",
        )
    low, high = ax.get_ylim()
    ax.set_ylim(low, max(high, float(rate.max()) * 1.3))


def _draw_rates(fig: Figure, ax: Axes, panel: pd.DataFrame, unit: str, height_in: float) -> None:
    """One unit's panel: segments at the daily rate across periods, marks for single days."""
    colours = marks.colours(panel["metric"])
    # Unlabelled marks are thinner, not paler: every mark keeps 3:1 contrast on white.
    widths = np.where(panel["labelled"].to_numpy(), 3.0, 1.5)
    x0 = marks.num(panel["band_start"].to_numpy())
    x1 = marks.num(panel["band_end"].to_numpy())
    rate = panel["rate"].to_numpy()
    single = (panel["days"] == 1).to_numpy()
    uncertain = (panel["date_precision"].isin(["month", "year"])).to_numpy()
    segments = np.stack([np.column_stack([x0, rate]), np.column_stack([x1, rate])], axis=1)
    for mask, dash, gid in (
        (~single & ~uncertain, "-", "segments"),
        (~single & uncertain, "--", "bands"),
    ):
        if mask.any():
            ax.add_collection(
                LineCollection(
                    list(segments[mask]),
                    colors=colours[mask],
                    linewidths=widths[mask],
                    linestyles=dash,
                    capstyle="butt",
                    gid=gid,
                    rasterized=bool(mask.sum() > marks.RASTER_FROM),
                )
            )
    # Marks on the same day are set side by side, a few points apart, so none hides another.
    dodge = pd.Series(0.0, index=panel.index)
    if single.any():
        on_one_day = set(panel.loc[single, "metric"].unique())
        metrics = model.metric_order(list(on_one_day))
        for k, metric in enumerate(metrics):
            mask = single & (panel["metric"] == metric).to_numpy()
            points = (k - (len(metrics) - 1) / 2) * 7
            dodge[mask] = points
            shift = offset_copy(ax.transData, fig=fig, x=points, units="points")
            ax.scatter(
                (x0[mask] + x1[mask]) / 2,
                rate[mask],
                s=30,
                c=colours[mask],
                zorder=3,
                transform=shift,
                gid="days",
                rasterized=bool(mask.sum() > marks.RASTER_FROM),
            )
    low, high = float(rate.min()), float(rate.max())
    log = high / max(low, 1e-9) > 20
    if log:
        ax.set_yscale("log")
        ax.set_ylim(low / 2.5, high * 3)
        ax.yaxis.set_major_locator(ticker.LogLocator(base=10, subs=(1.0,)))
        ax.yaxis.set_minor_locator(ticker.NullLocator())
    else:
        ax.set_ylim(0, high * 1.3)
        ax.yaxis.set_major_locator(ticker.MaxNLocator(4))
    money = "$" if unit == "usd" else ""
    ax.yaxis.set_major_formatter(ticker.FuncFormatter(lambda v, _: f"{money}{v:,g}"))
    ax.set_ylabel(f"{model.unit(unit).words} a day" + (" (log scale)" if log else ""))
    ax.grid(axis="y", color=frame.RULE, linewidth=0.6)
    shown = panel[panel["labelled"] & (panel["label"] != "")]
    if shown.empty:
        return
    # Labels after the right end of each mark, pushed apart vertically where they would touch.
    lo_v, hi_v = ax.get_ylim()
    scale = np.log10 if log else (lambda v: v)
    lo_s, hi_s = scale(lo_v), scale(hi_v)
    inches = (scale(shown["rate"].to_numpy()) - lo_s) / (hi_s - lo_s) * height_in
    on_top = (shown["side"] == "above").to_numpy()
    inches = inches + np.where(on_top, frame.line_height(marks.LABEL_SIZE) * 0.8, 0.0)
    gap = marks.label_lines(shown["label"]) * frame.line_height(marks.LABEL_SIZE)
    placed = marks.spread(inches, gap, height_in)
    values = lo_s + placed / height_in * (hi_s - lo_s)
    y_text = 10**values if log else values
    single_shown = (shown["days"] == 1).to_numpy()
    after = (shown["side"] != "left").to_numpy()
    starts = marks.num(shown["band_start"].to_numpy())
    ends = marks.num(shown["band_end"].to_numpy())
    x_anchor = np.where(
        single_shown, (starts + ends) / 2, np.where(on_top, starts, np.where(after, ends, starts))
    )
    widest = float(dodge.abs().max())
    pad = np.where(single_shown, widest + 6, marks.LABEL_PAD) * np.where(after, 1, -1)
    pad = np.where(on_top, 2.0, pad)
    for row, x, y, yt, dx, right_side in zip(
        shown.to_dict("records"), x_anchor, shown["rate"], y_text, pad, after, strict=True
    ):
        ax.annotate(
            row["label"],
            xy=(x, y),
            xytext=(dx, yt),
            textcoords=("offset points", "data"),
            va="center",
            ha="left" if right_side else "right",
            size=marks.LABEL_SIZE,
            gid=str(row["fact_id"]),
            annotation_clip=False,
            # A label pushed away from its mark keeps a thin line to it.
            arrowprops={"arrowstyle": "-", "color": frame.MUTED, "linewidth": 0.5, "shrinkA": 2},
        )
