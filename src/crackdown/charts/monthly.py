"""Volumes per calendar month, estimated where a total spans several months."""

from __future__ import annotations

import pandas as pd
from matplotlib import ticker
from matplotlib.axes import Axes

from crackdown import counting, wording
from crackdown.charts import captions, frame, marks


def draw(chosen: pd.DataFrame, label_limit: int) -> frame.ChartFigure:
    wholes = counting.running_increments(counting.wholes_only(chosen))
    undated = wholes[wholes["period_start"].isna()]
    months = counting.monthly_estimate(wholes[wholes["value"] > 0])
    notes = captions.left_out(chosen, undated)
    if months.empty:
        return frame.empty("Estimated volumes per month", "no dated figures")
    months = months.assign(
        _order=marks.order(months),
        panel=months["metric"] + "|" + months["unit"],
    ).sort_values(["_order", "month"], kind="stable")
    panels = list(dict.fromkeys(months["panel"]))
    estimated = bool(months["estimated"].any())
    notes.insert(
        0,
        "Hatched bars are estimates: a total over a period is spread evenly over its days, "
        "since the articles do not say how it fell by month. A month without a bar had no "
        "figure reported, which is not the same as none.",
    )
    used = chosen[chosen["fact_id"].isin(wholes.loc[wholes["period_start"].notna(), "fact_id"])]
    panel_height = 1.2
    gap = 0.42
    layout = frame.frame(
        title=_monthly_title(months),
        subtitle="Reported figures per calendar month, "
        + ("estimated where a total spans several months" if estimated else "as reported"),
        notes=notes,
        sources=captions.sources(used),
        body_height=len(panels) * panel_height + (len(panels) - 1) * gap,
        left=0.8,
        right=0.3,
        above_body=0.2,
    )
    fig = layout.fig
    grid = fig.add_gridspec(
        len(panels),
        1,
        left=layout.left,
        right=layout.right,
        bottom=layout.bottom,
        top=layout.top,
        hspace=gap / panel_height,
    )
    first = marks.num(months["month"].min()) - 20
    last = marks.num(months["month"].max() + pd.offsets.MonthEnd(1)) + 20
    # Labels stand upright when a month is too narrow for the widest of them.
    month_inches = 30.4 / ((last - first) / (frame.WIDTH - 0.8 - 0.3))
    widest = max(
        frame.text_width(wording.number(round(v), u), frame.SMALL_SIZE)
        for v, u in zip(months["value"], months["unit"], strict=True)
    )
    upright = widest > 0.9 * month_inches
    axes: list[Axes] = []
    for p, panel_key in enumerate(panels):
        ax = fig.add_subplot(grid[p, 0], sharex=axes[0] if axes else None)
        axes.append(ax)
        metric, unit = panel_key.split("|")
        rows = months[months["panel"] == panel_key]
        x = marks.num(rows["month"].to_numpy())
        width = rows["month"].dt.days_in_month.to_numpy() - 4.0
        colour = frame.metric_colour(metric)
        est = rows["estimated"].to_numpy()
        values = rows["value"].to_numpy()
        for mask, hatch, face in ((~est, None, colour), (est, "////", "white")):
            if mask.any():
                ax.bar(
                    x[mask] + 2,
                    values[mask],
                    width=width[mask],
                    align="edge",
                    color=face,
                    edgecolor=colour,
                    hatch=hatch,
                    linewidth=0.8,
                    gid="estimated" if hatch else "reported",
                )
        top = rows["value"].rank(method="first", ascending=False) <= label_limit
        for xv, v, e in zip(
            x[top.to_numpy()], values[top.to_numpy()], est[top.to_numpy()], strict=True
        ):
            text = wording.number(round(v), unit)
            ax.annotate(
                text,
                xy=(xv + 15.2, v),
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
        marks.panel_title(ax, marks.lane_name(metric, unit))
        ax.grid(axis="y", color=frame.RULE, linewidth=0.6)
        if p < len(panels) - 1:
            ax.tick_params(axis="x", labelbottom=False)
    axes[0].set_xlim(first, last)
    for ax in axes:
        marks.date_axis(ax)
    alt = (
        f"Bar charts of reported {', '.join(p.split('|')[0] for p in panels)} per month from "
        f"{captions.span_text(used)}, with totals over several months spread evenly as hatched estimates."
    )
    return frame.finish(fig, alt, months.drop(columns=["_order"]).reset_index(drop=True))


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
