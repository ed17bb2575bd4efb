"""Volumes per calendar month, estimated where a total spans several months."""

from __future__ import annotations

import warnings

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib import ticker
from matplotlib.axes import Axes
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure

from crackdown import counting, wording
from crackdown.charts import captions, frame, marks
from crackdown.errors import NotAddableError


def draw(chosen: pd.DataFrame, label_limit: int, outside: list[str]) -> frame.ChartFigure:
    """Bars per calendar month and metric (see plot_volume with monthly=True)."""
    wholes = counting.running_increments(counting.wholes_only(chosen))
    undated = wholes[wholes["period_start"].isna()]
    months, refused = _addable_months(wholes[wholes["value"] > 0])
    notes = [*refused, *captions.left_out(chosen, undated), *outside]
    if months.empty:
        return frame.empty("Estimated volumes per month", "no dated figures", notes)
    months = months.assign(
        _order=marks.order(months),
        panel=months["metric"] + "|" + months["unit"],
        middle=months["month"] + pd.to_timedelta(months["month"].dt.days_in_month / 2, unit="D"),
    ).sort_values(["_order", "month"], kind="stable")
    panels = list(dict.fromkeys(months["panel"]))
    estimated = bool(months["estimated"].any())
    notes.insert(
        0,
        "Hollow bars are estimates: a total over a period is spread evenly over its days, "
        "since the articles do not say how it fell by month. A month without a bar had no "
        "figure reported, which is not the same as none.",
    )
    used = chosen[chosen["fact_id"].isin(wholes.loc[wholes["period_start"].notna(), "fact_id"])]
    panel_height = 1.2
    gap = 0.42
    layout = frame.panels(
        len(panels),
        panel_height,
        gap,
        title=_monthly_title(months),
        subtitle="Reported figures per calendar month, "
        + ("estimated where a total spans several months" if estimated else "as reported"),
        notes=notes,
        sources=captions.sources(used),
    )
    fig = layout.fig
    first = marks.num(months["month"].min()) - 20
    last = marks.num(months["month"].max() + pd.offsets.MonthEnd(1)) + 20
    # Labels stand upright when a month is too narrow for the widest of them.
    month_inches = 30.4 / ((last - first) / (frame.WIDTH - frame.PANELS_LEFT - frame.PANELS_RIGHT))
    widest = max(
        frame.text_width(wording.number(round(v), u), frame.SMALL_SIZE)
        for v, u in zip(months["value"], months["unit"], strict=True)
    )
    upright = widest > 0.9 * month_inches
    axes = _small_multiples(fig, months, panels)
    height = (layout.top - layout.bottom - (len(panels) - 1) * gap / fig.get_figheight()) / len(
        panels
    )
    for p, (ax, panel_key) in enumerate(zip(axes, panels, strict=True)):
        top = layout.top - p * (height + gap / fig.get_figheight())
        ax.set_position((layout.left, top - height, layout.right - layout.left, height))
        metric, unit = panel_key.split("|")
        rows = months[months["panel"] == panel_key]
        values = rows["value"].to_numpy()
        labelled = (rows["value"].rank(method="first", ascending=False) <= label_limit).to_numpy()
        for month, v, e in zip(
            rows["middle"][labelled], values[labelled], rows["estimated"][labelled], strict=True
        ):
            ax.annotate(
                wording.number(round(v), unit),
                xy=(marks.num(month), v),
                xytext=(0, 3),
                textcoords="offset points",
                ha="center",
                va="bottom",
                size=frame.SMALL_SIZE,
                rotation=90 if upright else 0,
                color=frame.MUTED if e else frame.INK,
            )
        ax.set_ylim(0, values.max() * (1.6 if upright else 1.3))
        ax.yaxis.set_major_locator(ticker.MaxNLocator(3))
        ax.yaxis.set_major_formatter(ticker.FuncFormatter(marks.tick_formatter(unit)))
        ax.set_title("")
        ax.set_xlabel("")
        ax.set_ylabel("")
        marks.panel_title(ax, marks.lane_name(metric, unit))
        ax.grid(axis="y", color=frame.RULE, linewidth=0.6)
        ax.tick_params(axis="x", labelbottom=p == len(panels) - 1)
        ax.set_xlim(first, last)
        marks.date_axis(ax)
    alt = (
        f"Bar charts of reported {', '.join(p.split('|')[0] for p in panels)} per month from "
        f"{captions.span_text(used)}, with totals over several months spread evenly as hollow estimates."
    )
    drawn = months.drop(columns=["_order", "middle"]).reset_index(drop=True)
    return frame.finish(fig, alt, drawn)


def _addable_months(wholes: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """The monthly estimate of each metric whose facts may be added up, and a note for each
    metric whose facts may not (their periods overlap, or they may count the same people)."""
    estimates, refused = [], []
    for (metric, unit), group in wholes.groupby(["metric", "unit"], sort=False):
        try:
            estimates.append(counting.monthly_estimate(group))
        except NotAddableError as err:
            refused.append(
                f"{marks.lane_name(str(metric), str(unit))} is not drawn: its "
                f"{wording.count(len(group), 'fact')} may not be added month by month "
                f"({wording.count(len(err.reasons), 'reason')}: periods that overlap, or "
                "facts that may count the same people); see the timeline."
            )
    frames = [e for e in estimates if not e.empty]
    months = (
        pd.concat(frames, ignore_index=True)
        if frames
        else counting.monthly_estimate(wholes.head(0))
    )
    return months, refused


def _small_multiples(fig: Figure, months: pd.DataFrame, panels: list[str]) -> list[Axes]:
    """One panel of monthly bars per metric and unit, drawn by seaborn.objects: the panels
    share the time axis, each its own count axis; a bar is filled when the month's figure
    was reported, hollow when it is spread from a longer total. Returns the panels' axes."""
    import seaborn.objects as so

    colours = {p: frame.metric_colour(p.split("|")[0]) for p in panels}
    # seaborn sizes bars relative to the spacing of the x values: bars a month minus 4 days wide.
    middles = np.unique(marks.num(months["middle"].to_numpy()))
    spacing = float(np.diff(middles).min()) if len(middles) > 1 else 1.0
    # seaborn 0.13 passes pandas a keyword pandas 3 deprecates: not ours to fix, nor to show.
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="The copy keyword is deprecated")
        (
            so.Plot(months, x="middle", y="value", color="panel", fill="estimated")
            .facet(row="panel", order=panels)
            .share(y=False)
            .add(so.Bar(width=(28 - 4) / spacing, alpha=1, edgewidth=0.8), legend=False)
            .scale(
                color=so.Nominal(colours, order=panels),
                fill=so.Nominal({False: True, True: False}, order=[False, True]),
            )
            .theme(dict(mpl.rcParams))
            .on(fig)
            .plot()
        )
    axes = list(fig.axes)
    for ax in axes:
        for bar in ax.patches:
            bar.set_gid("estimated" if to_rgba(bar.get_facecolor())[3] == 0 else "reported")
    return axes


def _monthly_title(months: pd.DataFrame) -> str:
    people = months[months["unit"] == "people"]
    pool = people if not people.empty else months
    top = pool.iloc[int(pool["value"].to_numpy().argmax())]
    amount = f"{wording.number(round(top['value']), top['unit'])} {top['metric']}"
    month = wording.date(top["month"], "month")
    if top["estimated"]:
        # The articles give totals over periods, not months: the title must not read as reported.
        return f"Spread evenly over its period, a total comes to about {amount} in {month}"
    return f"The busiest month reported: {amount} in {month}"
