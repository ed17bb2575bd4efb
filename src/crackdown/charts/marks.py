"""The pieces every chart's body is made of: time on the x axis, colours, rectangles, label
widths and placement, tick labels, panel titles, and the order of rows and panels."""

from __future__ import annotations

import math
from typing import Any

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.colors import to_rgba_array

from crackdown import model
from crackdown.charts import frame

LABEL_SIZE = 10.2
#: An x axis spanning fewer days than this is ticked by the day.
SHORT_AXIS_DAYS = 10
LABEL_PAD = 5.0  # points between a mark and its label
LABEL_WIDTH = 0.4 * frame.WIDTH  # inches: a longer label wraps

#: Collections with more marks than this are rasterised in SVG output, to keep files small.
RASTER_FROM = 2000


def num(values: Any) -> Any:
    """Dates (arrays, Series values or Timestamps) as matplotlib's float day numbers."""
    return mdates.date2num(values)  # type: ignore[no-untyped-call]


def order(rows: pd.DataFrame) -> pd.Series:
    """Each row's place among rows and panels: by metric, then by unit (crackdown.model)."""
    metric_rank = rows["metric"].map(lambda m: model.metric(m).order)
    unit_rank = rows["unit"].map(lambda u: model.unit(u).order)
    return (metric_rank * 10 + unit_rank).astype("int64")


def lane_name(metric: str, unit: str) -> str:
    """A row's or panel's name: 'Arrested', 'Defrauded (US$)', 'Prosecuted (cases)'."""
    name = metric.capitalize()
    return name if unit == "people" else f"{name} ({'US$' if unit == 'usd' else unit})"


def date_axis(ax: Axes) -> None:
    """Concise date ticks and vertical rules on the x axis (set its limits first): days, never
    hours, when the axis spans a few days only (an article's figures all of one day)."""
    lo, hi = ax.get_xlim()
    locator: mdates.DateLocator
    if hi - lo < SHORT_AXIS_DAYS:
        locator = mdates.DayLocator(interval=max(1, math.ceil((hi - lo) / 6)))  # type: ignore[no-untyped-call]
    else:
        locator = mdates.AutoDateLocator(minticks=4, maxticks=9)  # type: ignore[no-untyped-call]
    formatter = mdates.ConciseDateFormatter(locator, show_offset=True)  # type: ignore[no-untyped-call]
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(formatter)
    ax.grid(axis="x", color=frame.RULE, linewidth=0.6)
    ax.set_axisbelow(True)


def right_margin(
    anchors: np.ndarray, widths_in: np.ndarray, lo: float, hi: float, left: float
) -> float:
    """The right margin, in inches, that lets labels of `widths_in` inches written after the
    x positions `anchors` run past the last date into the margin instead of stretching the
    time axis into years that have no figures."""
    room = frame.WIDTH - left
    axes_width = room - 0.2
    if len(anchors):
        where = (anchors - lo) / (hi - lo)
        ahead = where > 0.05
        limits = (room - 0.12 - widths_in[ahead]) / where[ahead]
        if len(limits):
            axes_width = min(axes_width, float(limits.min()))
    axes_width = max(axes_width, 0.55 * room)
    return room - axes_width


def rectangles(x0: np.ndarray, x1: np.ndarray, y: np.ndarray, height: np.ndarray) -> np.ndarray:
    """The corners of rectangles from x0 to x1 centred on y, for a PolyCollection."""
    return np.stack(
        [
            np.column_stack([x0, y - height / 2]),
            np.column_stack([x1, y - height / 2]),
            np.column_stack([x1, y + height / 2]),
            np.column_stack([x0, y + height / 2]),
        ],
        axis=1,
    )


def tint(colours: np.ndarray, amount: float) -> np.ndarray:
    """The colours mixed with white: amount 0 is the colour, 1 is white."""
    tinted = colours.copy()
    tinted[:, :3] = colours[:, :3] * (1 - amount) + amount
    return tinted


def colours(metrics: pd.Series) -> np.ndarray:
    """RGBA rows, one per fact, in its metric's colour."""
    codes, uniques = pd.factorize(metrics)
    return to_rgba_array([frame.metric_colour(str(m)) for m in uniques])[codes]


def wrap_label(text: str) -> str:
    """A mark's label in lines no wider than LABEL_WIDTH, so that it stays in the figure."""
    return "\n".join(frame.wrap(text, LABEL_WIDTH, LABEL_SIZE)) if text else ""


def label_lines(labels: pd.Series) -> int:
    """The most lines any of the labels takes (1 when none is written)."""
    return max((str(t).count("\n") + 1 for t in labels if t), default=1)


def label_widths(labels: pd.Series) -> np.ndarray:
    """Each label's width in inches (its widest line) with its padding; 0 where none."""
    widths = np.zeros(len(labels))
    written = (labels != "").to_numpy()
    widths[written] = [
        max(frame.text_width(line, LABEL_SIZE) for line in t.split("\n")) + LABEL_PAD / 72 + 0.05
        for t in labels[written]
    ]
    return widths


def spread(positions: np.ndarray, gap: float, ceiling: float) -> np.ndarray:
    """1-D positions (inches) pushed apart to at least `gap`, upwards, then down from `ceiling`.

    A label moves only when it would touch its neighbour, so a lone label stays by its mark.
    """
    if len(positions) < 2:
        return positions
    order = np.argsort(positions, kind="stable")
    placed = positions[order].astype(float).copy()
    for i in range(1, len(placed)):
        placed[i] = max(placed[i], placed[i - 1] + gap)
    if placed[-1] > ceiling:
        placed[-1] = ceiling
        for i in range(len(placed) - 2, -1, -1):
            placed[i] = min(placed[i], placed[i + 1] - gap)
    out = np.empty_like(placed)
    out[order] = placed
    return out


def tick_formatter(unit: str) -> Any:
    """Tick labels in the unit: '$1.6m', '$12,500', '3,000'."""

    def tick(value: float, _: int) -> str:
        if unit == "usd":
            if abs(value) >= 1e6:
                return f"${value / 1e6:,.1f}m".replace(".0m", "m")
            return f"${value:,.0f}"
        return f"{value:,.0f}"

    return tick


def panel_title(ax: Axes, text: str) -> None:
    """A small bold title at the top left of a panel."""
    ax.set_title(text, loc="left", size=frame.SMALL_SIZE, weight="bold", pad=4)
