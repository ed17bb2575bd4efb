"""The charts of every report, drawn from the counted facts and nothing else.

Each `plot_*` function takes the facts (`counting.facts`) and a selection (metrics, start,
end, nationality: `crackdown.model.Selection`), and returns a `ChartFigure`: a title that
states the finding, a subtitle with units, a key, notes for anything qualified, estimated or
left out, and a source line naming the outlet and date of every row drawn. An empty selection
gives a figure that says so. One module per chart; `frame` is the house style every chart is
drawn in, `marks` and `notes` the pieces they share.

How time is drawn (the same on every chart):
- a single day is a mark on that day;
- a total over a stated period is a span from its first day to the end of its last;
- a month- or year-precision figure is a hatched band over the month or year;
- a running total to date is a span from the operation's start, ending in an arrowhead;
- an undated figure, known only to come before a date, is a dotted arrow ending on that date,
  never a point on a day it did not happen.

Drawing is vectorised (collections built from arrays); only the labels are placed one by one,
and only the largest figures per row get one, so a chart of 100,000 figures stays readable.
"""

from __future__ import annotations

from typing import Unpack

import pandas as pd
from matplotlib.figure import Figure

from crackdown.charts.cumulative import plot_cumulative
from crackdown.charts.frame import ChartFigure
from crackdown.charts.nationalities import plot_nationalities
from crackdown.charts.parts import plot_parts
from crackdown.charts.timeline import plot_timeline
from crackdown.charts.volume import plot_volume
from crackdown.model import Selection, Where

__all__ = [
    "ChartFigure",
    "Selection",
    "alt_text",
    "plot_cumulative",
    "plot_nationalities",
    "plot_parts",
    "plot_timeline",
    "plot_volume",
    "select",
]


def select(facts: pd.DataFrame, **where: Unpack[Where]) -> pd.DataFrame:
    """The facts a chart draws: the metrics and nationality asked for, overlapping [start, end]."""
    return Selection(**where).pick(facts)


def alt_text(fig: Figure) -> str:
    """One sentence describing what the chart shows, for the alt attribute of its image."""
    alt = getattr(fig, "alt", "")
    if alt:
        return str(alt)
    titles = [t.get_text() for t in fig.texts if t.get_text()]
    return f"Chart: {titles[0]}." if titles else "Chart."
