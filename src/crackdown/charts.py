"""The charts of every report, drawn from the counted facts and nothing else.

Each `plot_*` function takes the facts (`counting.facts`) and a selection, and returns a
`style.ChartFigure`: a title that states the finding, a subtitle with units, a key, notes for
anything qualified, estimated or left out, and a source line naming the outlet and date of
every row drawn. An empty selection gives a figure that says so.

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

import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib import ticker
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection, PolyCollection
from matplotlib.colors import to_rgba_array
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.transforms import offset_copy

from crackdown import counting, prose, style
from crackdown.dates import as_date, format_date

#: Metrics in the order their rows appear, top to bottom.
METRIC_ORDER = (
    "arrested",
    "detained",
    "rescued",
    "deported",
    "repatriated",
    "charged",
    "prosecuted",
    "tried",
    "convicted",
    "cases",
    "defrauded",
)
UNIT_ORDER = ("people", "cases", "usd")
UNIT_WORDS = {"people": "people", "cases": "cases", "usd": "US dollars"}

TRACK = 0.3  # inches per track of a timeline row
ROW_GAP = 0.16  # inches between timeline rows
LABEL_SIZE = 8.5
LABEL_PAD = 5.0  # points between a mark and its label
MAX_SOURCES = 8

#: How each kind of time mark is explained in a chart's key.
KIND_KEY = {
    "day": "a single day",
    "span": "a total over a stated period",
    "running": "a running total to the date of the report",
    "band": "some time in a month or year",
    "undated": "undated: on or before the date it ends on",
    "other": "a smaller figure, unlabelled",
}


def select(
    facts: pd.DataFrame,
    *,
    metrics: Sequence[str] | str | None = None,
    start: object = None,
    end: object = None,
    nationality: str | None = None,
) -> pd.DataFrame:
    """The facts a chart draws: the metrics and nationality asked for, overlapping [start, end]."""
    return counting.select(facts, metrics=metrics, start=start, end=end, nationality=nationality)


def alt_text(fig: Figure) -> str:
    """One sentence describing what the chart shows, for the alt attribute of its image."""
    alt = getattr(fig, "alt", "")
    if alt:
        return str(alt)
    titles = [t.get_text() for t in fig.texts if t.get_text()]
    return f"Chart: {titles[0]}." if titles else "Chart."


# --- shared pieces ---------------------------------------------------------------------------


def _selection(**kwargs: Any) -> str:
    return prose.describe_selection(**kwargs)


def _num(values: Any) -> Any:
    """Dates (arrays, Series values or Timestamps) as matplotlib's float day numbers."""
    return mdates.date2num(values)  # type: ignore[no-untyped-call]


def _short_date(value: Any) -> str:
    d = as_date(value)
    return f"{d.day} {d:%b} {d.year}"


def _lane_name(metric: str, unit: str) -> str:
    name = metric.capitalize()
    return name if unit == "people" else f"{name} ({'US$' if unit == 'usd' else unit})"


def _metric_rank(metrics: pd.Series) -> pd.Series:
    order = {m: i for i, m in enumerate(METRIC_ORDER)}
    return metrics.map(lambda m: order.get(m, len(order))).astype("int64")


def _unit_rank(units: pd.Series) -> pd.Series:
    order = {u: i for i, u in enumerate(UNIT_ORDER)}
    return units.map(lambda u: order.get(u, len(order))).astype("int64")


def _sources(rows: pd.DataFrame) -> list[str]:
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


def _label(row: Any) -> str:
    """A mark's label: the figure as a newspaper writes it, with its unit when not people."""
    phrase = prose.figure_phrase(row)
    return f"{phrase} cases" if row["unit"] == "cases" else phrase


def _date_axis(ax: Axes) -> None:
    locator = mdates.AutoDateLocator(minticks=4, maxticks=9)  # type: ignore[no-untyped-call]
    formatter = mdates.ConciseDateFormatter(locator, show_offset=True)  # type: ignore[no-untyped-call]
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(formatter)
    ax.grid(axis="x", color=style.RULE, linewidth=0.6)
    ax.set_axisbelow(True)


def _span_text(rows: pd.DataFrame) -> str:
    """'April 2023 to October 2025': the months the rows reach over."""
    first = rows["band_start"].fillna(rows["period_end"]).min()
    last = rows["period_end"].max()
    a, b = format_date(first, "month"), format_date(last, "month")
    return a if a == b else f"{a} to {b}"


def _qualified_note(rows: pd.DataFrame) -> list[str]:
    qualified = rows[rows["qualifier"] != "exact"]
    if qualified.empty:
        return []
    phrases = [
        f"{prose.figure_phrase(r)} {r['metric']}" for r in qualified.head(3).to_dict("records")
    ]
    more = f" and {len(qualified) - 3:,} more" if len(qualified) > 3 else ""
    return [
        f"Qualified as the articles state them, drawn at the stated value: {'; '.join(phrases)}{more}."
    ]


def _repeats_note(rows: pd.DataFrame) -> list[str]:
    pairs = counting.possible_repeats(rows)
    if pairs.empty:
        return []
    by_id = rows.set_index("fact_id")
    notes = []
    for pair in pairs.head(3).to_dict("records"):
        a, b = by_id.loc[pair["fact_id"]], by_id.loc[pair["other_fact_id"]]
        number = prose.number_phrase(float(pair["value"]), str(pair["unit"]))
        who = "people" if pair["unit"] == "people" else "items"
        if _where(a) and _where(b):
            notes.append(
                f"The {number} {pair['metric']}{_where(a)} and the {number}{_where(b)} may be "
                f"the same {who}, counted by {_authorities(a, b)}: drawn as two figures, never "
                "added together."
            )
        else:
            notes.append(
                f"Two figures of {number} {pair['metric']} over overlapping dates "
                f"({_short_period(a)}; {_short_period(b)}) may be the same {who}: drawn as two "
                "figures, never added together."
            )
    if len(pairs) > 3:
        notes.append(f"{len(pairs) - 3:,} more pairs of equal figures may count the same {who}.")
    return notes


def _where(row: pd.Series) -> str:
    location = str(row["location"])
    if not location or location == prose.HOME:
        return ""
    return (
        " " + location
        if location.split()[0].lower() in ("aboard", "at", "on")
        else f" in {location}"
    )


def _authorities(a: pd.Series, b: pd.Series) -> str:
    names = list(dict.fromkeys(str(x) for x in (a["authority"], b["authority"]) if str(x)))
    return " and ".join(names) if names else "different reports"


def _stated_note(rows: pd.DataFrame) -> list[str]:
    repeated = rows[rows["n_statements"] > 1]
    if repeated.empty:
        return []
    phrases = [
        f"{prose.figure_phrase(r)} {r['metric']} ({r['n_statements']} times)"
        for r in repeated.head(3).to_dict("records")
    ]
    more = f" and {len(repeated) - 3:,} more" if len(repeated) > 3 else ""
    return [f"Stated more than once, drawn once: {'; '.join(phrases)}{more}."]


def _finish(
    fig: style.ChartFigure, alt: str, drawn: pd.DataFrame | None = None
) -> style.ChartFigure:
    fig.alt = alt
    fig.drawn = drawn
    return fig


def _empty(what: str, selection: str) -> style.ChartFigure:
    """A figure saying no figures were reported for the selection."""
    with style.context():
        frame = style.frame(
            title=f"No figures were reported for this selection ({selection})",
            subtitle=what,
            notes=["Nothing is drawn: no article in the data reports a figure for it."],
            sources=[],
            body_height=1.2,
            left=0.3,
            below_body=0.1,
        )
        ax = frame.fig.add_axes(
            (frame.left, frame.bottom, frame.right - frame.left, frame.top - frame.bottom)
        )
        ax.set_axis_off()
        ax.text(
            0.5,
            0.5,
            "No figures reported",
            ha="center",
            va="center",
            size=style.SUBTITLE_SIZE,
            color=style.MUTED,
            transform=ax.transAxes,
        )
    return _finish(frame.fig, f"{what}: no figures were reported for this selection ({selection}).")


def _right_margin(
    anchors: np.ndarray, widths_in: np.ndarray, lo: float, hi: float, left: float
) -> float:
    """The right margin, in inches, that lets labels of `widths_in` inches written after the
    x positions `anchors` run past the last date into the margin instead of stretching the
    time axis into years that have no figures."""
    room = style.WIDTH - left
    axes_width = room - 0.2
    if len(anchors):
        where = (anchors - lo) / (hi - lo)
        ahead = where > 0.05
        limits = (room - 0.12 - widths_in[ahead]) / where[ahead]
        if len(limits):
            axes_width = min(axes_width, float(limits.min()))
    axes_width = max(axes_width, 0.55 * room)
    return room - axes_width


def _kinds(rows: pd.DataFrame) -> pd.Series:
    """How each fact's time is drawn: day, span, running, band or undated."""
    undated = rows["period_start"].isna() | (rows["date_precision"] == "on_or_before")
    band = rows["date_precision"].isin(["month", "year"]) | (
        (rows["count_type"] == "event") & (rows["days"] > 1)
    )
    day = rows["days"] == 1
    running = rows["count_type"] == "cumulative_to_date"
    kind = np.select(
        [undated, band, day, running], ["undated", "band", "day", "running"], default="span"
    )
    return pd.Series(kind, index=rows.index)


def _rectangles(x0: np.ndarray, x1: np.ndarray, y: np.ndarray, height: np.ndarray) -> np.ndarray:
    return np.stack(
        [
            np.column_stack([x0, y - height / 2]),
            np.column_stack([x1, y - height / 2]),
            np.column_stack([x1, y + height / 2]),
            np.column_stack([x0, y + height / 2]),
        ],
        axis=1,
    )


def _tint(colours: np.ndarray, amount: float) -> np.ndarray:
    """The colours mixed with white: amount 0 is the colour, 1 is white."""
    tinted = colours.copy()
    tinted[:, :3] = colours[:, :3] * (1 - amount) + amount
    return tinted


def _key(fig: Figure, frame: style.Frame, kinds: Sequence[str]) -> None:
    """The row under the body explaining each kind of time mark drawn."""
    handles: list[Any] = []
    for kind in kinds:
        if kind == "day":
            handles.append(Line2D([], [], marker="o", color=style.INK, linestyle="", markersize=5))
        elif kind == "span":
            handles.append(Patch(facecolor=style.INK, edgecolor="none"))
        elif kind == "running":
            handles.append(Line2D([], [], marker=">", color=style.INK, linewidth=4, markersize=5))
        elif kind == "band":
            handles.append(Patch(facecolor="white", edgecolor=style.INK, hatch="////"))
        elif kind == "undated":
            handles.append(Line2D([], [], color=style.INK, linestyle=":", marker="<", markersize=4))
        else:
            handles.append(Line2D([], [], color=style.INK, alpha=0.35, linewidth=3))
    fig.legend(
        handles,
        [KIND_KEY[k] for k in kinds],
        loc="center left",
        bbox_to_anchor=(style.MARGIN / style.WIDTH, frame.key_y),
        ncol=min(3, len(kinds)),
        fontsize=style.SMALL_SIZE,
        handlelength=2.2,
        columnspacing=1.2,
        borderaxespad=0,
        borderpad=0,
    )


# --- 1. timeline -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Lanes:
    rows: pd.DataFrame  # the facts with lane, track, x0, x1, y, label
    names: list[str]
    centres: list[float]
    bounds: list[float]
    height: float


def _pack(starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """First-fit tracks for intervals given in drawing order (a handful per lane)."""
    track_ends: list[float] = []
    tracks = np.zeros(len(starts), dtype="int64")
    for i, (a, b) in enumerate(zip(starts, ends, strict=True)):
        for t, last in enumerate(track_ends):
            if last < a:
                tracks[i] = t
                track_ends[t] = b
                break
        else:
            tracks[i] = len(track_ends)
            track_ends.append(b)
    return tracks


def plot_timeline(
    facts: pd.DataFrame,
    *,
    metrics: Sequence[str] | str | None = None,
    start: object = None,
    end: object = None,
    nationality: str | None = None,
    label_limit: int = 8,
) -> Figure:
    """A Priestley timeline: one row per metric, each figure over the time it covers, labelled."""
    chosen = select(facts, metrics=metrics, start=start, end=end, nationality=nationality)
    what = "Timeline of reported figures"
    if chosen.empty:
        return _empty(
            what, _selection(metrics=metrics, start=start, end=end, nationality=nationality)
        )
    with style.context():
        return _timeline(chosen, label_limit)


def _timeline(chosen: pd.DataFrame, label_limit: int) -> style.ChartFigure:
    rows = chosen.assign(
        kind=_kinds(chosen),
        lane=chosen["metric"] + "|" + chosen["unit"],
        _order=_metric_rank(chosen["metric"]) * 10 + _unit_rank(chosen["unit"]),
    )
    start_x = _num(rows["band_start"].to_numpy())
    end_x = _num(rows["band_end"].to_numpy())
    undated = (rows["kind"] == "undated").to_numpy()
    dated_lo = np.nanmin(start_x) if (~undated).any() else np.nanmin(end_x) - 60
    hi = float(np.nanmax(end_x))
    reach = max(hi - dated_lo, 60.0)
    arrow = 0.07 * reach
    x0 = np.where(undated, end_x - arrow, start_x)
    lo = float(np.nanmin(x0)) - 0.02 * reach
    rows = rows.assign(x0=x0, x1=end_x)

    lanes_order = rows.drop_duplicates("lane").sort_values("_order", kind="stable")
    names = [_lane_name(*lane.split("|")) for lane in lanes_order["lane"]]
    left = max(style.text_width(n, style.SMALL_SIZE) for n in names) + 0.35
    rank = rows.groupby("lane")["value"].rank(method="first", ascending=False)
    rows["labelled"] = rank <= label_limit
    ids = set(rows["fact_id"])
    is_part = rows["parent_fact_id"].isin(ids)
    rows["part"] = rows["parent_fact_id"] != ""
    labels = pd.Series("", index=rows.index)
    doubtful = counting.possible_repeats(rows)
    doubtful_ids = set(doubtful["fact_id"]) | set(doubtful["other_fact_id"])
    for i in rows.index[rows["labelled"]]:
        row = rows.loc[i]
        text = _label(row)
        if is_part[i]:
            who = {"female": " women", "male": " men"}.get(str(row["sex"]), "")
            text = f"incl. {text}{who or _where(row)}"
        elif row["fact_id"] in doubtful_ids:
            text += _where(row)
        labels[i] = text
    rows["label"] = labels
    widths = _label_widths(labels)
    hi = hi + 0.02 * reach
    right = 0.3
    per_inch = (hi - lo) / (style.WIDTH - left - right)
    marked = rows["labelled"].to_numpy()
    room = np.where(marked, widths * per_inch, 0.0)
    # A label goes after its mark, or before it when only there it stays inside the axes.
    before = marked & (end_x + room > hi) & (x0 - room >= lo)
    stuck = marked & (end_x + room > hi) & ~before
    if stuck.any():
        right = _right_margin(end_x[stuck], widths[stuck], lo, hi, left)
        per_inch = (hi - lo) / (style.WIDTH - left - right)
        room = np.where(marked, widths * per_inch, 0.0)
    rows["side"] = np.where(before, "left", "right")
    label_start = np.where(before, x0 - room, x0)
    label_end = np.where(before, end_x, end_x + room) + 0.01 * reach

    # Tracks: each labelled figure gets room for its mark and its label; the rest share one.
    rows["track"] = 0
    rows["_x0"] = label_start
    rows["_end"] = label_end
    lane_tracks: dict[str, int] = {}
    for lane, group in rows[rows["labelled"]].groupby("lane", sort=False):
        ordered = group.sort_values(["x0", "part", "fact_id"], kind="stable")
        tracks = _pack(ordered["_x0"].to_numpy(), ordered["_end"].to_numpy())
        rows.loc[ordered.index, "track"] = tracks
        lane_tracks[str(lane)] = int(tracks.max()) + 1
    others = rows[~rows["labelled"]]
    for lane in others["lane"].unique():
        rows.loc[(rows["lane"] == lane) & ~rows["labelled"], "track"] = lane_tracks.get(lane, 0)
        lane_tracks[lane] = lane_tracks.get(lane, 0) + 1

    top = 0.0
    lane_top: dict[str, float] = {}
    centres, bounds = [], []
    for lane in lanes_order["lane"]:
        lane_top[lane] = top
        height = lane_tracks[lane] * TRACK
        centres.append(top + height / 2)
        top += height + ROW_GAP
        bounds.append(top - ROW_GAP / 2)
    body = top - ROW_GAP
    rows["y"] = rows["lane"].map(lane_top) + (rows["track"] + 0.5) * TRACK

    shown_kinds = set(np.where(rows["labelled"], rows["kind"], "other"))
    kinds_drawn = [k for k in KIND_KEY if k in shown_kinds]
    notes = [
        *_stated_note(rows),
        *_qualified_note(rows),
        *_repeats_note(rows),
    ]
    if is_part.any():
        notes.append(
            "A part (incl.) is drawn under its whole, never added to it; see the chart of parts."
        )
    unlabelled = int((~rows["labelled"]).sum())
    if unlabelled:
        notes.append(
            f"Only the {label_limit} largest figures in each row are labelled; {unlabelled:,} "
            "smaller ones are drawn, unlabelled, on the lowest track of their row."
        )
    largest = _largest(rows)
    title = (
        f"The largest reported figure: {prose.figure_phrase(largest)} {largest['metric']}, "
        f"{_short_period(largest)}"
    )
    frame = style.frame(
        title=title,
        subtitle=(
            f"{len(rows):,} figures reported in the press, {_span_text(rows)}; each drawn over "
            "the time it covers and labelled with its value (people unless marked)"
        ),
        notes=notes,
        sources=_sources(rows),
        body_height=body,
        left=left,
        right=right,
        key_rows=-(-len(kinds_drawn) // 3),
    )
    fig = frame.fig
    ax = fig.add_axes(
        (frame.left, frame.bottom, frame.right - frame.left, frame.top - frame.bottom)
    )
    _draw_marks(ax, rows, is_part.to_numpy())
    for i in rows.index[rows["labelled"]]:
        row = rows.loc[i]
        after = row["side"] == "right"
        ax.annotate(
            row["label"],
            xy=(row["x1"] if after else row["x0"], row["y"]),
            xytext=(LABEL_PAD if after else -LABEL_PAD, 0),
            textcoords="offset points",
            va="center",
            ha="left" if after else "right",
            size=LABEL_SIZE,
            gid=str(row["fact_id"]),
            annotation_clip=False,
        )
    for bound in bounds[:-1]:
        ax.axhline(bound, color=style.RULE, linewidth=0.8)
    ax.set_xlim(lo, hi)
    ax.set_ylim(body, 0)
    ax.set_yticks(centres, names)
    ax.tick_params(axis="y", length=0)
    ax.spines["left"].set_visible(False)
    _date_axis(ax)
    _key(fig, frame, kinds_drawn)
    lanes_text = ", ".join(names)
    alt = (
        f"Timeline of {len(rows):,} reported figures from {_span_text(rows)} in "
        f"{len(names)} rows ({lanes_text}); the largest is {prose.figure_phrase(largest)} "
        f"{largest['metric']} {_period_words(largest)}."
    )
    drawn = rows[["fact_id", "lane", "track", "kind", "x0", "x1", "y", "label", "value"]]
    return _finish(fig, alt, drawn.reset_index(drop=True))


def _largest(rows: pd.DataFrame) -> pd.Series:
    """The largest figure, in people when any are drawn (dollars dwarf heads otherwise)."""
    people = rows[(rows["unit"] == "people") & (rows["parent_fact_id"] == "")]
    pool = people if not people.empty else rows
    return pool.iloc[int(pool["value"].to_numpy().argmax())]


def _period_words(row: Any) -> str:
    if row["count_type"] == "cumulative_to_date":
        return f"by {format_date(row['period_end'])}"
    return prose.period_phrase(row["period_start"], row["period_end"], str(row["date_precision"]))


def _label_widths(labels: pd.Series) -> np.ndarray:
    """Each label's width in inches with its padding; 0 for rows without a label."""
    widths = np.zeros(len(labels))
    written = (labels != "").to_numpy()
    widths[written] = [
        style.text_width(t, LABEL_SIZE) + LABEL_PAD / 72 + 0.05 for t in labels[written]
    ]
    return widths


def _colours(metrics: pd.Series) -> np.ndarray:
    """RGBA rows, one per fact, in its metric's colour."""
    codes, uniques = pd.factorize(metrics)
    return to_rgba_array([style.metric_colour(str(m)) for m in uniques])[codes]


#: Collections with more marks than this are rasterised in SVG output, to keep files small.
RASTER_FROM = 2000


def _draw_marks(ax: Axes, rows: pd.DataFrame, is_part: np.ndarray) -> None:
    """Every fact's mark, one collection per kind: never a Python loop over facts.

    Labelled figures get the full marks of their kind; the others, drawn by the thousand,
    are thin faint strokes over the time they cover (a dot for a single day), which is cheap
    to draw and shows where figures cluster.
    """
    colours = _colours(rows["metric"])
    colours = np.where(is_part[:, None], _tint(colours, 0.45), colours)
    labelled = rows["labelled"].to_numpy()
    kind = np.where(labelled, rows["kind"].to_numpy(), "other")
    x0, x1, y = rows["x0"].to_numpy(), rows["x1"].to_numpy(), rows["y"].to_numpy()

    other = kind == "other"
    if other.any():
        faint = colours[other].copy()
        faint[:, 3] = 0.35
        strokes = LineCollection(
            list(
                np.stack(
                    [
                        np.column_stack([x0[other], y[other]]),
                        np.column_stack([x1[other], y[other]]),
                    ],
                    axis=1,
                )
            ),
            colors=faint,
            linewidths=3,
            capstyle="butt",
            gid="others",
        )
        strokes.set_rasterized(bool(other.sum() > RASTER_FROM))
        ax.add_collection(strokes)
        single = other & (rows["kind"] == "day").to_numpy()
        if single.any():
            dots = ax.scatter(
                (x0[single] + x1[single]) / 2,
                y[single],
                s=6,
                c=colours[single][:, :3],
                alpha=0.35,
                linewidths=0,
                gid="others-days",
            )
            dots.set_rasterized(bool(single.sum() > RASTER_FROM))

    solid = (kind == "span") | (kind == "running")
    if solid.any():
        height = np.where(is_part[solid], 0.09, 0.14)
        spans = PolyCollection(
            list(_rectangles(x0[solid], x1[solid], y[solid], height)),
            facecolors=colours[solid],
            edgecolors="none",
            gid="spans",
        )
        ax.add_collection(spans)
    running = kind == "running"
    if running.any():
        ax.scatter(
            x1[running], y[running], marker=">", s=28, c=colours[running], zorder=3, gid="running"
        )
    band = kind == "band"
    if band.any():
        bands = PolyCollection(
            list(_rectangles(x0[band], x1[band], y[band], np.full(band.sum(), 0.2))),
            facecolors=_tint(colours[band], 0.75),
            edgecolors=colours[band],
            linewidths=0.8,
            hatch="////",
            gid="bands",
        )
        ax.add_collection(bands)
    day = kind == "day"
    if day.any():
        ax.scatter(
            (x0[day] + x1[day]) / 2, y[day], marker="o", s=34, c=colours[day], zorder=3, gid="days"
        )
    undated = kind == "undated"
    if undated.any():
        segments = np.stack(
            [
                np.column_stack([x0[undated], y[undated]]),
                np.column_stack([x1[undated], y[undated]]),
            ],
            axis=1,
        )
        ax.add_collection(
            LineCollection(
                list(segments),
                colors=colours[undated],
                linestyles=":",
                linewidths=1.6,
                gid="undated",
            )
        )
        ax.scatter(x0[undated], y[undated], marker="<", s=22, c=colours[undated], zorder=3)
        ax.scatter(x1[undated], y[undated], marker="|", s=60, c=colours[undated], zorder=3)


def _short_period(row: Any) -> str:
    """'27 Jul-14 Oct 2025' (with an en dash), 'Apr 2023', '9 Nov 2023', 'before 9 Nov 2023'."""
    end = as_date(row["period_end"])
    if row["date_precision"] == "on_or_before" or pd.isna(row["period_start"]):
        return f"before {_short_date(end)}"
    if row["count_type"] == "cumulative_to_date":
        return f"by {_short_date(end)}"
    first = as_date(row["period_start"])
    if row["date_precision"] == "month":
        return f"{first:%b} {first.year}"
    if row["date_precision"] == "year":
        return str(first.year)
    if first == end:
        return _short_date(end)
    if first.year == end.year:
        return f"{first.day} {first:%b}\u2013{_short_date(end)}"
    return f"{_short_date(first)}\u2013{_short_date(end)}"


# --- 2. volume over time ---------------------------------------------------------------------


def plot_volume(
    facts: pd.DataFrame,
    *,
    metrics: Sequence[str] | str | None = None,
    start: object = None,
    end: object = None,
    nationality: str | None = None,
    monthly: bool = False,
    label_limit: int = 6,
) -> Figure:
    """Reported volumes on a continuous time axis: a rate per day across each period total,
    the count of each single-day event; or, with `monthly`, an estimate per calendar month."""
    chosen = select(facts, metrics=metrics, start=start, end=end, nationality=nationality)
    what = "Estimated volumes per month" if monthly else "Reported volumes over time"
    if chosen.empty:
        return _empty(
            what, _selection(metrics=metrics, start=start, end=end, nationality=nationality)
        )
    with style.context():
        if monthly:
            return _monthly(chosen, label_limit)
        return _rates(chosen, label_limit)


def _left_out_notes(chosen: pd.DataFrame, undated: pd.DataFrame) -> list[str]:
    notes = []
    parts = chosen[chosen["parent_fact_id"] != ""]
    if not parts.empty:
        by_id = chosen.set_index("fact_id")
        phrases = []
        for part in parts.head(3).to_dict("records"):
            whole = part["parent_fact_id"]
            of = (
                f" of the {prose.figure_phrase(by_id.loc[whole])} {by_id.loc[whole, 'metric']}"
                if whole in by_id.index
                else ""
            )
            phrases.append(f"{prose.figure_phrase(part)}{of}")
        more = f" and {len(parts) - 3:,} more" if len(parts) > 3 else ""
        notes.append(
            f"Parts are left out, never added to their whole ({'; '.join(phrases)}{more}): "
            "see the chart of parts."
        )
    if not undated.empty:
        phrases = [
            f"{prose.figure_phrase(r)} {r['metric']} ({_short_period(r)})"
            for r in undated.head(3).to_dict("records")
        ]
        more = f" and {len(undated) - 3:,} more" if len(undated) > 3 else ""
        notes.append(f"Not drawn, having no date to place them at: {'; '.join(phrases)}{more}.")
    return notes


def _rate_label(row: Any, with_metric: bool) -> str:
    """'3,455 over 80 days: about 43 a day', '25 arrested on 9 Nov 2023', '19 in Apr 2023'."""
    what = f"{_label(row)} {row['metric']}" if with_metric else _label(row)
    if row["days"] == 1:
        return f"{what} on {_short_date(row['period_end'])}"
    if row["date_precision"] != "range":
        return f"{what} in {_short_period(row)}"
    rate = prose.rate_phrase(row)
    total = f"{what} over {int(row['days'])} days"
    return f"{total}: {rate}" if rate else total


def _spread(positions: np.ndarray, gap: float, ceiling: float) -> np.ndarray:
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


def _rate_title(top: Any) -> str:
    noun = prose.noun(top)
    verb = prose.METRIC_VERBS.get(str(top["metric"]), str(top["metric"]))
    if top["days"] == 1:
        return (
            f"The most reported on one day: {_label(top)} {noun} {verb}, "
            f"{_short_date(top['period_end'])}"
        ).replace("  ", " ")
    parts = prose.rate_parts(top)
    if parts is None:
        return f"The highest reported rate: {_label(top)} {top['metric']}, {_short_period(top)}"
    return (
        f"The highest reported rate: {parts[0]} {noun} {verb} {parts[1]}, {_short_period(top)}"
    ).replace("  ", " ")


def _rates(chosen: pd.DataFrame, label_limit: int) -> style.ChartFigure:
    wholes = counting.running_increments(counting.wholes_only(chosen))
    undated = wholes[wholes["period_start"].isna()]
    dated = wholes[wholes["period_start"].notna() & (wholes["value"] > 0)]
    dated = dated.assign(rate=dated["per_day"])
    notes = [*_stated_note(dated), *_qualified_note(dated), *_repeats_note(dated)]
    if (wholes["reported_value"] != wholes["value"]).any():
        notes.append(
            "A running total reported more than once is drawn as what it grew by between reports."
        )
    if dated["date_precision"].isin(["month", "year"]).any():
        notes.append("A dashed line is a total known only by its month or year, averaged over it.")
    notes += _left_out_notes(chosen, undated)
    if dated.empty:
        return _empty("Reported volumes over time", "it holds only undated figures and parts")
    units = sorted(dated["unit"].unique(), key=_unit_key)
    heights = [2.5 if p == 0 else 1.3 for p in range(len(units))]
    gap = 0.45
    labelled = dated.groupby("unit")["rate"].rank(method="first", ascending=False) <= label_limit
    dated = dated.assign(labelled=labelled, label="")
    several = dated["metric"].nunique() > 1
    dated.loc[labelled, "label"] = [
        _rate_label(r, several) for r in dated[labelled].to_dict("records")
    ]
    # Labelled single days of one date share one label ("25 arrested and 25 deported on ..."),
    # so that no label sits beside another metric's mark.
    days = dated[labelled & (dated["days"] == 1)]
    for _, same in days.groupby(["unit", "band_start"]):
        if len(same) > 1:
            ordered = same.sort_values("rate", ascending=False, kind="stable")
            values = [f"{_label(r)} {r['metric']}" for r in ordered.to_dict("records")]
            when = _short_date(ordered["period_end"].iloc[0])
            dated.loc[ordered.index, "label"] = ""
            dated.loc[ordered.index[0], "label"] = (
                f"{', '.join(values[:-1])} and {values[-1]} on {when}"
            )
    widths = _label_widths(dated["label"])
    x0 = _num(dated["band_start"].to_numpy())
    x1 = _num(dated["band_end"].to_numpy())
    lo_data, hi_data = float(x0.min()), float(x1.max())
    reach = max(hi_data - lo_data, 60.0)
    lo, hi = lo_data - 0.03 * reach, hi_data + 0.03 * reach
    units_text = " and ".join(UNIT_WORDS.get(u, u) for u in units)
    left, right = 0.95, 0.3
    per_inch = (hi - lo) / (style.WIDTH - left - right)
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
    metrics_drawn = [m for m in METRIC_ORDER if m in present]
    frame = style.frame(
        title=title,
        subtitle=(
            f"Reported {units_text} per day: a total over a period is drawn across it at its "
            "daily average; a single day is drawn as its count"
        ),
        notes=notes,
        sources=_sources(dated),
        body_height=sum(heights) + (len(units) - 1) * gap,
        left=left,
        right=right,
        key_rows=1 if len(metrics_drawn) <= 6 else 2,
    )
    fig = frame.fig
    grid = fig.add_gridspec(
        len(units),
        1,
        left=frame.left,
        right=frame.right,
        bottom=frame.bottom,
        top=frame.top,
        height_ratios=heights,
        hspace=gap / (sum(heights) / len(heights)),
    )
    axes: list[Axes] = []
    for p, unit in enumerate(units):
        ax = fig.add_subplot(grid[p, 0], sharex=axes[0] if axes else None)
        axes.append(ax)
        _draw_rates(fig, ax, dated[dated["unit"] == unit], unit, heights[p])
        if p < len(units) - 1:
            ax.tick_params(axis="x", labelbottom=False)
    axes[0].set_xlim(lo, hi)
    for ax in axes:
        _date_axis(ax)
    handles = [
        Line2D([], [], color=style.metric_colour(m), linewidth=3, marker="o", markersize=4)
        for m in metrics_drawn
    ]
    fig.legend(
        handles,
        [m.capitalize() for m in metrics_drawn],
        loc="center left",
        bbox_to_anchor=(style.MARGIN / style.WIDTH, frame.key_y),
        ncol=min(6, len(metrics_drawn)),
        fontsize=style.SMALL_SIZE,
        borderaxespad=0,
        borderpad=0,
    )
    alt = (
        f"Reported daily volumes of {', '.join(metrics_drawn)} from {_span_text(dated)}: "
        f"{len(dated):,} figures drawn as daily rates across their periods; "
        f"{title[0].lower()}{title[1:]}."
    )
    drawn = dated.assign(x0=x0, x1=x1)[["fact_id", "metric", "unit", "x0", "x1", "rate", "label"]]
    return _finish(fig, alt, drawn.reset_index(drop=True))


def _unit_key(unit: str) -> int:
    return UNIT_ORDER.index(unit) if unit in UNIT_ORDER else len(UNIT_ORDER)


def _draw_rates(fig: Figure, ax: Axes, panel: pd.DataFrame, unit: str, height_in: float) -> None:
    """One unit's panel: segments at the daily rate across periods, marks for single days."""
    colours = _colours(panel["metric"])
    colours[(~panel["labelled"]).to_numpy(), 3] = 0.5
    x0 = _num(panel["band_start"].to_numpy())
    x1 = _num(panel["band_end"].to_numpy())
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
                    linewidths=3,
                    linestyles=dash,
                    capstyle="butt",
                    gid=gid,
                    rasterized=bool(mask.sum() > RASTER_FROM),
                )
            )
    # Marks on the same day are set side by side, a few points apart, so none hides another.
    dodge = pd.Series(0.0, index=panel.index)
    if single.any():
        on_one_day = set(panel.loc[single, "metric"].unique())
        metrics = [m for m in METRIC_ORDER if m in on_one_day]
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
                rasterized=bool(mask.sum() > RASTER_FROM),
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
    ax.set_ylabel(f"{UNIT_WORDS.get(unit, unit)} a day" + (" (log scale)" if log else ""))
    ax.grid(axis="y", color=style.RULE, linewidth=0.6)
    shown = panel[panel["labelled"] & (panel["label"] != "")]
    if shown.empty:
        return
    # Labels after the right end of each mark, pushed apart vertically where they would touch.
    lo_v, hi_v = ax.get_ylim()
    scale = np.log10 if log else (lambda v: v)
    lo_s, hi_s = scale(lo_v), scale(hi_v)
    inches = (scale(shown["rate"].to_numpy()) - lo_s) / (hi_s - lo_s) * height_in
    on_top = (shown["side"] == "above").to_numpy()
    inches = inches + np.where(on_top, style.line_height(LABEL_SIZE) * 0.8, 0.0)
    placed = _spread(inches, style.line_height(LABEL_SIZE), height_in)
    values = lo_s + placed / height_in * (hi_s - lo_s)
    y_text = 10**values if log else values
    single_shown = (shown["days"] == 1).to_numpy()
    after = (shown["side"] != "left").to_numpy()
    starts = _num(shown["band_start"].to_numpy())
    ends = _num(shown["band_end"].to_numpy())
    x_anchor = np.where(
        single_shown, (starts + ends) / 2, np.where(on_top, starts, np.where(after, ends, starts))
    )
    widest = float(dodge.abs().max())
    pad = np.where(single_shown, widest + 6, LABEL_PAD) * np.where(after, 1, -1)
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
            size=LABEL_SIZE,
            gid=str(row["fact_id"]),
            annotation_clip=False,
        )


def _monthly(chosen: pd.DataFrame, label_limit: int) -> style.ChartFigure:
    wholes = counting.running_increments(counting.wholes_only(chosen))
    undated = wholes[wholes["period_start"].isna()]
    months = counting.monthly_estimate(wholes[wholes["value"] > 0])
    notes = _left_out_notes(chosen, undated)
    if months.empty:
        return _empty("Estimated volumes per month", "no dated figures")
    months = months.assign(
        _order=_metric_rank(months["metric"]) * 10 + _unit_rank(months["unit"]),
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
    frame = style.frame(
        title=_monthly_title(months),
        subtitle="Reported figures per calendar month, "
        + ("estimated where a total spans several months" if estimated else "as reported"),
        notes=notes,
        sources=_sources(used),
        body_height=len(panels) * panel_height + (len(panels) - 1) * gap,
        left=0.8,
        right=0.3,
        above_body=0.2,
    )
    fig = frame.fig
    grid = fig.add_gridspec(
        len(panels),
        1,
        left=frame.left,
        right=frame.right,
        bottom=frame.bottom,
        top=frame.top,
        hspace=gap / panel_height,
    )
    first = _num(months["month"].min()) - 20
    last = _num(months["month"].max() + pd.offsets.MonthEnd(1)) + 20
    # Labels stand upright when a month is too narrow for the widest of them.
    month_inches = 30.4 / ((last - first) / (style.WIDTH - 0.8 - 0.3))
    widest = max(
        style.text_width(prose.number_phrase(round(v), u), style.SMALL_SIZE)
        for v, u in zip(months["value"], months["unit"], strict=True)
    )
    upright = widest > 0.9 * month_inches
    axes: list[Axes] = []
    for p, panel_key in enumerate(panels):
        ax = fig.add_subplot(grid[p, 0], sharex=axes[0] if axes else None)
        axes.append(ax)
        metric, unit = panel_key.split("|")
        rows = months[months["panel"] == panel_key]
        x = _num(rows["month"].to_numpy())
        width = rows["month"].dt.days_in_month.to_numpy() - 4.0
        colour = style.metric_colour(metric)
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
            text = prose.number_phrase(round(v), unit)
            ax.annotate(
                text,
                xy=(xv + 15.2, v),
                xytext=(0, 3),
                textcoords="offset points",
                ha="center",
                va="bottom",
                size=style.SMALL_SIZE,
                rotation=90 if upright else 0,
                color=style.MUTED if e else style.INK,
            )
        ax.set_ylim(0, values.max() * (1.6 if upright else 1.3))
        ax.yaxis.set_major_locator(ticker.MaxNLocator(3))
        ax.yaxis.set_major_formatter(ticker.FuncFormatter(_tick_formatter(unit)))
        _panel_title(ax, _lane_name(metric, unit))
        ax.grid(axis="y", color=style.RULE, linewidth=0.6)
        if p < len(panels) - 1:
            ax.tick_params(axis="x", labelbottom=False)
    axes[0].set_xlim(first, last)
    for ax in axes:
        _date_axis(ax)
    alt = (
        f"Bar charts of reported {', '.join(p.split('|')[0] for p in panels)} per month from "
        f"{_span_text(used)}, with totals over several months spread evenly as hatched estimates."
    )
    return _finish(fig, alt, months.drop(columns=["_order"]).reset_index(drop=True))


def _monthly_title(months: pd.DataFrame) -> str:
    people = months[months["unit"] == "people"]
    pool = people if not people.empty else months
    top = pool.iloc[int(pool["value"].to_numpy().argmax())]
    amount = f"{prose.number_phrase(round(top['value']), top['unit'])} {top['metric']}"
    month = format_date(top["month"], "month")
    if top["estimated"]:
        # The articles give totals over periods, not months: the title must not read as reported.
        return f"Spread evenly over its period, a total comes to about {amount} in {month}"
    return f"The busiest month reported: {amount} in {month}"


# --- 3. cumulative reported totals -----------------------------------------------------------


def plot_cumulative(
    facts: pd.DataFrame,
    *,
    metrics: Sequence[str] | str | None = None,
    start: object = None,
    end: object = None,
    nationality: str | None = None,
) -> Figure:
    """Running sums of the reported figures, one panel per metric, as steps over time.

    The line steps up when a figure's period is over (the date by which it had certainly
    happened); the shaded band shows where the sum may be while a period is under way, or,
    for an undated figure, at any time before its date. Parts are never added.
    """
    chosen = select(facts, metrics=metrics, start=start, end=end, nationality=nationality)
    what = "Cumulative reported totals"
    if chosen.empty:
        return _empty(
            what, _selection(metrics=metrics, start=start, end=end, nationality=nationality)
        )
    with style.context():
        return _cumulative(chosen, start, end)


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


def _cumulative(chosen: pd.DataFrame, start: object, end: object) -> style.ChartFigure:
    wholes = counting.running_increments(counting.wholes_only(chosen))
    wholes = wholes.assign(
        panel=wholes["metric"] + "|" + wholes["unit"],
        _order=_metric_rank(wholes["metric"]) * 10 + _unit_rank(wholes["unit"]),
    ).sort_values("_order", kind="stable")
    panels = list(dict.fromkeys(wholes["panel"]))
    starts = _num(wholes["band_start"].to_numpy())
    ends = _num(wholes["band_end"].to_numpy())
    first = counting.selection_date(start, "start")
    last = counting.selection_date(end, "end")
    lo = _num(first) if first is not None else float(np.nanmin(np.concatenate([starts, ends - 30])))
    hi = _num(last + pd.Timedelta(days=1)) if last is not None else float(np.nanmax(ends))
    reach = max(hi - lo, 60.0)
    lo, hi = lo - 0.02 * reach, hi + 0.02 * reach

    totals = wholes.groupby("panel", sort=False)["value"].sum()
    qualified = wholes.groupby("panel", sort=False)["qualifier"].agg(
        lambda q: bool((q != "exact").any())
    )
    finals = {p: _sum_label(totals[p], p, bool(qualified[p])) for p in panels}
    left = 0.8
    widths = [style.text_width(f, LABEL_SIZE) for f in finals.values()]
    right = max(widths) + 0.25
    panel_height, gap = 1.0, 0.42

    notes = [
        "Sums of the figures the articles report, not complete counts: a stretch without an "
        "article adds nothing. The line rises when a figure's period is over; the shaded band "
        "is where the sum may be while a period is under way or before an undated figure's date.",
        *_qualified_note(wholes),
        *_repeats_note(wholes),
    ]
    if (wholes["reported_value"] != wholes["value"]).any():
        notes.append(
            "A running total reported more than once adds only what it grew by between reports."
        )
    parts = chosen[chosen["parent_fact_id"] != ""]
    if not parts.empty:
        notes.append(
            f"{len(parts):,} part{'s' if len(parts) != 1 else ''} of these figures "
            f"({'; '.join(prose.figure_phrase(r) + ' ' + str(r['metric']) for r in parts.head(3).to_dict('records'))}) "
            "are not added: they are inside their wholes."
        )
    people = [p for p in panels if p.endswith("|people")]
    headline = ", ".join(finals[p] for p in (people or panels)[:3])
    title = f"Reported figures add up to {headline} by {format_date(wholes['period_end'].max(), 'month')}"
    frame = style.frame(
        title=title,
        subtitle="Running sum of the reported figures, one panel per metric; people unless marked",
        notes=notes,
        sources=_sources(wholes),
        body_height=len(panels) * panel_height + (len(panels) - 1) * gap,
        left=left,
        right=right,
        above_body=0.2,
    )
    fig = frame.fig
    grid = fig.add_gridspec(
        len(panels),
        1,
        left=frame.left,
        right=frame.right,
        bottom=frame.bottom,
        top=frame.top,
        hspace=gap / panel_height,
    )
    axes: list[Axes] = []
    drawn = []
    for p, panel_key in enumerate(panels):
        ax = fig.add_subplot(grid[p, 0], sharex=axes[0] if axes else None)
        axes.append(ax)
        metric, unit = panel_key.split("|")
        mask = (wholes["panel"] == panel_key).to_numpy()
        x, low, high = _steps(starts[mask], ends[mask], wholes["value"].to_numpy()[mask], lo, hi)
        colour = style.metric_colour(metric)
        ax.fill_between(x, low, high, step="post", color=colour, alpha=0.18, linewidth=0, gid="may")
        ax.step(x, low, where="post", color=colour, linewidth=2, gid="reached")
        ax.annotate(
            finals[panel_key],
            xy=(hi, low[-1]),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
            size=LABEL_SIZE,
            annotation_clip=False,
            gid=metric,
        )
        ax.set_ylim(0, max(float(high.max()), 1.0) * 1.15)
        ax.yaxis.set_major_locator(ticker.MaxNLocator(3, integer=True))
        ax.yaxis.set_major_formatter(ticker.FuncFormatter(_tick_formatter(unit)))
        _panel_title(ax, _lane_name(metric, unit))
        ax.grid(axis="y", color=style.RULE, linewidth=0.6)
        values = wholes["value"].to_numpy()[mask]
        _step_labels(ax, ends[mask], values, x, low, unit, lo, hi)
        if p < len(panels) - 1:
            ax.tick_params(axis="x", labelbottom=False)
        drawn.append(
            pd.DataFrame({"panel": panel_key, "x": x, "reached": low, "may_have_reached": high})
        )
    axes[0].set_xlim(lo, hi)
    for ax in axes:
        _date_axis(ax)
    alt = (
        f"Step charts of the running sum of reported figures, one per metric, from "
        f"{_span_text(wholes)}; {title[0].lower()}{title[1:]}."
    )
    return _finish(fig, alt, pd.concat(drawn, ignore_index=True))


def _sum_label(total: float, panel: str, qualified: bool) -> str:
    """'3,505 arrested', 'about $1.6 million defrauded', '10 cases prosecuted'."""
    metric, unit = panel.split("|")
    number = prose.number_phrase(total, unit)
    number = f"{number} cases" if unit == "cases" else number
    return f"{'about ' if qualified else ''}{number} {metric}"


def _panel_title(ax: Axes, text: str) -> None:
    ax.set_title(text, loc="left", size=style.SMALL_SIZE, weight="bold", pad=4)


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
        text = ", ".join("+" + prose.number_phrase(v, unit) for v in amounts[:3])
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
            size=style.SMALL_SIZE,
            color=style.INK,
            gid="step",
        )


def _tick_formatter(unit: str) -> Any:
    def tick(value: float, _: int) -> str:
        if unit == "usd":
            if abs(value) >= 1e6:
                return f"${value / 1e6:,.1f}m".replace(".0m", "m")
            return f"${value:,.0f}"
        return f"{value:,.0f}"

    return tick


# --- 4. nationalities ------------------------------------------------------------------------


def plot_nationalities(
    facts: pd.DataFrame,
    named: pd.DataFrame,
    *,
    country: str | None = None,
    limit: int = 12,
    list_limit: int = 3,
) -> Figure:
    """Counts by nationality where an article gives them, and, apart, the nationalities an
    article names without counts, as a list of equal marks that pretends to no count."""
    code = counting.selection_nationality(country)
    counted = facts[(facts["nationality"] != "") & (facts["unit"] == "people")]
    lists = named
    if code is not None:
        counted = counted[counted["nationality"] == code]
        lists = named[named["fact_id"].isin(named.loc[named["country"] == code, "fact_id"])]
    lists = lists[lists["fact_id"].isin(facts["fact_id"])]
    what = "Nationalities of those counted"
    if counted.empty and lists.empty:
        return _empty(what, _selection(nationality=code))
    with style.context():
        return _nationalities(facts, counted, lists, code, limit, list_limit)


def _nationalities(
    facts: pd.DataFrame,
    counted: pd.DataFrame,
    lists: pd.DataFrame,
    code: str | None,
    limit: int,
    list_limit: int,
) -> style.ChartFigure:
    shown = counted.nlargest(limit, "value", keep="first") if len(counted) > limit else counted
    shown = shown.assign(
        _country=shown["nationality"].map(prose.country_name),
        _when=shown["period_end"],
    ).sort_values(["_country", "_when", "metric", "fact_id"], kind="stable")
    shown = shown.assign(
        row_label=[
            f"{r['_country']}: {r['metric']}{_where(pd.Series(r))}, {_short_period(r)}"
            for r in shown.to_dict("records")
        ]
    )
    by_id = facts.set_index("fact_id")
    list_ids = list(dict.fromkeys(lists["fact_id"]))[:list_limit]
    columns = 4
    list_rows = [int(np.ceil(lists["fact_id"].eq(f).sum() / columns)) for f in list_ids]
    bar_height = 0.28
    counted_height = len(shown) * bar_height + 0.2 if not shown.empty else 0.0
    list_height = sum(0.42 + r * 0.24 for r in list_rows) - 0.1
    gap = 0.55 if counted_height and list_height else 0.0
    left = (
        max(style.text_width(t, style.SMALL_SIZE) for t in shown["row_label"]) + 0.3
        if not shown.empty
        else 0.3
    )
    countries_counted = list(dict.fromkeys(shown["_country"]))
    named_countries = lists.loc[lists["fact_id"].isin(list_ids), "country"].nunique()
    name = prose.country_name(code) if code else ""
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
    notes = []
    if len(counted) > len(shown):
        notes.append(f"The {len(shown)} largest of {len(counted):,} counted figures are drawn.")
    if len(lists["fact_id"].unique()) > len(list_ids):
        notes.append(f"The first {len(list_ids)} lists of names are drawn.")
    notes += _repeats_note(shown)
    if list_ids:
        notes.append(
            "A name in a list carries no count: every mark is the same size because the article "
            "gives no number for any of them."
        )
    drawn_facts = pd.concat([shown, by_id.loc[list_ids].reset_index()], ignore_index=True)
    frame = style.frame(
        title=title,
        subtitle="People counted by nationality as the articles report them, and nationalities "
        "the articles list without a count",
        notes=notes,
        sources=_sources(drawn_facts),
        body_height=counted_height + gap + list_height,
        left=0.3,
        right=0.3,
    )
    fig = frame.fig
    total_height = counted_height + gap + list_height
    span = frame.top - frame.bottom
    if counted_height:
        bottom = frame.top - span * counted_height / total_height
        ax = fig.add_axes(
            (
                left / style.WIDTH,
                bottom,
                frame.right - left / style.WIDTH,
                span * counted_height / total_height,
            )
        )
        y = np.arange(len(shown))
        colours = shown["metric"].map(style.metric_colour).to_list()
        ax.barh(y, shown["value"].to_numpy(), height=0.6, color=colours, gid="counted")
        for yy, row in zip(y, shown.to_dict("records"), strict=True):
            ax.annotate(
                _label(row),
                xy=(row["value"], yy),
                xytext=(4, 0),
                textcoords="offset points",
                va="center",
                size=LABEL_SIZE,
                gid=str(row["fact_id"]),
            )
        ax.set_yticks(y, shown["row_label"].to_list())
        ax.set_ylim(len(shown) - 0.5, -0.5)
        ax.set_xlim(0, float(shown["value"].max()) * 1.25)
        ax.xaxis.set_major_locator(ticker.MaxNLocator(4, integer=True, steps=[1, 2, 5, 10]))
        ax.xaxis.set_major_formatter(ticker.FuncFormatter(_tick_formatter("people")))
        ax.set_xlabel("people counted")
        ax.tick_params(axis="y", length=0)
        ax.spines["left"].set_visible(False)
        ax.grid(axis="x", color=style.RULE, linewidth=0.6)
        ax.set_axisbelow(True)
    if list_ids:
        height = span * list_height / total_height
        ax = fig.add_axes((frame.left, frame.bottom, frame.right - frame.left, height))
        ax.set_axis_off()
        width_in = style.WIDTH - 0.6
        ax.set_xlim(0, width_in)
        ax.set_ylim(list_height, 0)
        cursor = 0.0
        for fact_id, n_rows in zip(list_ids, list_rows, strict=True):
            fact = by_id.loc[fact_id]
            names = lists[lists["fact_id"] == fact_id].sort_values("position", kind="stable")
            header = (
                f"Named among the {prose.figure_phrase(fact)} {fact['metric']}, "
                f"{_short_period(fact)}: {len(names)} countries, no count for any"
            )
            ax.text(0, cursor + 0.12, header, va="top", size=style.BODY_SIZE, weight="bold")
            position = np.arange(len(names))
            xs = (position % columns) * (width_in / columns)
            ys = cursor + 0.42 + (position // columns) * 0.24 + 0.08
            highlight = (
                (names["country"] == code).to_numpy() if code else np.zeros(len(names), bool)
            )
            ax.scatter(
                xs + 0.08,
                ys,
                marker="s",
                s=40,
                c=np.where(highlight, style.VERMILLION, "white"),
                edgecolors=list(np.where(highlight, style.VERMILLION, style.MUTED)),
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
                    size=style.SMALL_SIZE,
                    weight="bold" if strong else "normal",
                    color=style.INK,
                )
            cursor += 0.42 + n_rows * 0.24
    pieces = []
    if not shown.empty:
        bars = [f"{_label(r)} {r['metric']}" for r in shown.head(4).to_dict("records")]
        pieces.append(f"bars for {len(shown)} counted figures ({', '.join(bars)})")
    if list_ids:
        first_list = lists.loc[lists["fact_id"] == list_ids[0], "name_as_stated"]
        pieces.append(
            f"equal marks for {len(first_list)} nationalities named without counts "
            f"({', '.join(map(str, first_list.head(25)))})"
        )
    alt = f"{title}: {' and '.join(pieces)}."
    drawn = shown[["fact_id", "nationality", "metric", "value", "row_label"]].reset_index(drop=True)
    return _finish(fig, alt, drawn)


# --- 5. parts of wholes ----------------------------------------------------------------------


def plot_parts(
    facts: pd.DataFrame,
    *,
    metrics: Sequence[str] | str | None = None,
    start: object = None,
    end: object = None,
    nationality: str | None = None,
    limit: int = 12,
) -> Figure:
    """Each part as a share of its whole (476 women of 2,825 deported: 16.8%), drawn inside
    the whole's bar from zero: never stacked on it, never added to it."""
    chosen = select(facts, metrics=metrics, start=start, end=end, nationality=nationality)
    shares = counting.parts(facts)
    shares = shares[shares["part_fact_id"].isin(chosen["fact_id"])]
    what = "Parts of reported figures"
    if shares.empty:
        return _empty(
            what, _selection(metrics=metrics, start=start, end=end, nationality=nationality)
        )
    with style.context():
        return _parts(facts, shares, limit)


def _part_name(part: Any) -> str:
    sex = {"female": "women", "male": "men"}.get(str(part["sex"]))
    return sex or str(part["subject"])


def _parts(facts: pd.DataFrame, shares: pd.DataFrame, limit: int) -> style.ChartFigure:
    by_id = facts.set_index("fact_id")
    shown = shares.nlargest(limit, "whole_value", keep="first") if len(shares) > limit else shares
    part_rows = by_id.loc[shown["part_fact_id"]]
    whole_rows = by_id.loc[shown["whole_fact_id"]]
    shown = shown.assign(
        part_name=[_part_name(r) for r in part_rows.to_dict("records")],
        whole_label=[
            f"{str(r['metric']).capitalize()}, {_short_period(r)}"
            for r in whole_rows.to_dict("records")
        ],
    )
    shown = shown.assign(
        text=[
            f"{prose.figure_phrase(p)} {name} of {prose.figure_phrase(w)} "
            f"({prose.share_phrase(float(p['value']), float(w['value']))})"
            for p, w, name in zip(
                part_rows.to_dict("records"),
                whole_rows.to_dict("records"),
                shown["part_name"],
                strict=True,
            )
        ]
    )
    phrases = []
    for i, r in enumerate(shown.head(2).to_dict("records")):
        share = (
            f"{prose.share_phrase(r['part_value'], r['whole_value'])} of the "
            f"{prose.number_phrase(r['whole_value'], r['unit'])} {r['metric']}"
        )
        same = i > 0 and r["part_name"] == shown["part_name"].iloc[0]
        phrases.append(share if same else f"{r['part_name']} were {share}")
    title = " and ".join(phrases)
    title = title[:1].upper() + title[1:]
    left = max(style.text_width(t, style.SMALL_SIZE) for t in shown["whole_label"]) + 0.3
    notes = []
    if len(shares) > len(shown):
        notes.append(f"The {len(shown)} parts of the largest wholes are drawn, of {len(shares):,}.")
    drawn_facts = pd.concat([part_rows.reset_index(), whole_rows.reset_index()], ignore_index=True)
    frame = style.frame(
        title=title,
        subtitle="Each part drawn inside its whole as a share of it (the whole is 100%); "
        "a part is never added to its whole",
        notes=notes,
        sources=_sources(drawn_facts),
        body_height=len(shown) * 0.55,
        left=left,
        right=0.4,
    )
    fig = frame.fig
    ax = fig.add_axes(
        (frame.left, frame.bottom, frame.right - frame.left, frame.top - frame.bottom)
    )
    y = np.arange(len(shown))
    colours = [style.metric_colour(m) for m in shown["metric"]]
    ax.barh(
        y,
        np.full(len(shown), 100.0),
        height=0.55,
        color=_tint(to_rgba_array(colours), 0.8),
        gid="wholes",
    )
    ax.barh(y, shown["share_pct"].to_numpy(), height=0.55, left=0, color=colours, gid="parts")
    for yy, text, share in zip(y, shown["text"], shown["share_pct"], strict=True):
        # A wide part leaves no room after it: its label goes inside the bar instead.
        inside = share > 55
        ax.annotate(
            text,
            xy=(0 if inside else share, yy),
            xytext=(5, 0),
            textcoords="offset points",
            va="center",
            size=LABEL_SIZE,
            color="white" if inside else style.INK,
        )
    ax.set_yticks(y, shown["whole_label"].to_list())
    ax.set_ylim(len(shown) - 0.5, -0.5)
    ax.set_xlim(0, 100)
    ax.xaxis.set_major_locator(ticker.MultipleLocator(25))
    ax.xaxis.set_major_formatter(ticker.PercentFormatter(decimals=0))
    ax.set_xlabel("share of the whole")
    ax.tick_params(axis="y", length=0)
    ax.spines["left"].set_visible(False)
    alt = f"Bar chart of parts as shares of their wholes: {'; '.join(shown['text'].head(6))}."
    drawn = shown[
        ["part_fact_id", "whole_fact_id", "part_value", "whole_value", "share_pct", "text"]
    ]
    return _finish(fig, alt, drawn.reset_index(drop=True))


# --- the contact sheet -----------------------------------------------------------------------

CONTACT_SHEET_DIR = "_contact-sheet"


def contact_sheet_charts(facts: pd.DataFrame, named: pd.DataFrame) -> dict[str, Figure]:
    """Every chart, with the selections a report uses, by file name."""
    return {
        "timeline": plot_timeline(facts),
        "volume": plot_volume(facts),
        "volume-monthly": plot_volume(facts, monthly=True),
        "cumulative": plot_cumulative(facts),
        "nationalities": plot_nationalities(facts, named),
        "nationalities-jp": plot_nationalities(facts, named, country="JP"),
        "parts": plot_parts(facts),
        "timeline-jp": plot_timeline(facts, nationality="JP"),
        "volume-2025-arrested-deported": plot_volume(
            facts, metrics=["arrested", "deported"], start="2025-01-01"
        ),
        "empty-2024": plot_timeline(facts, start="2024-01-01", end="2024-12-31"),
    }


def write_contact_sheet(root: Path | str | None = None, dpi: float = 100) -> Path:
    """Every chart on the project's data as PNGs and one sheet of them all, under
    reports/_contact-sheet/, for a person to look over at once. Returns the sheet's path."""
    from PIL import Image

    from crackdown import dataset
    from crackdown.paths import Paths

    paths = Paths.at(root)
    data = dataset.load(paths.root)
    facts = counting.facts(data.figures, data.articles)
    named = counting.named_nationalities(data.figures, data.nationalities, data.articles)
    folder = paths.reports / CONTACT_SHEET_DIR
    folder.mkdir(parents=True, exist_ok=True)
    images = []
    for name, fig in contact_sheet_charts(facts, named).items():
        png = style.render(fig, "png", dpi=dpi)
        (folder / f"{name}.png").write_bytes(png)
        (folder / f"{name}.txt").write_text(alt_text(fig) + "\n", encoding="utf-8")
        images.append(Image.open(io.BytesIO(png)).convert("RGB"))
    columns, pad = 2, 16
    cell_w = max(i.width for i in images)
    rows = [images[i : i + columns] for i in range(0, len(images), columns)]
    heights = [max(i.height for i in row) for row in rows]
    sheet = Image.new(
        "RGB",
        (columns * cell_w + (columns + 1) * pad, sum(heights) + (len(rows) + 1) * pad),
        "#bdbdbd",
    )
    y = pad
    for row, height in zip(rows, heights, strict=True):
        for c, image in enumerate(row):
            sheet.paste(image, (pad + c * (cell_w + pad), y))
        y += height + pad
    target = folder / "contact-sheet.png"
    sheet.save(target, optimize=True)
    return target
