"""The timeline: one row per metric, each fact drawn over the time it covers and labelled."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Unpack

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection, PolyCollection
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from crackdown import counting, wording
from crackdown.charts import captions, frame, marks
from crackdown.model import Selection, Where

TRACK = 0.3  # inches per track of a timeline row, at the least


ROW_GAP = 0.16  # inches between timeline rows


#: How each kind of time mark is explained in a chart's key.
KIND_KEY = {
    "day": "one day",
    "span": "a stated period",
    "running": "a running total",
    "band": "a month or year",
    "undated": "undated: before its end",
    "other": "smaller, unlabelled",
    "reading": "another reading",
    "inferred": "start inferred",
}


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


def _key(layout: frame.Frame, kinds: Sequence[str]) -> None:
    """The row under the body explaining each kind of time mark drawn."""
    handles: list[Any] = []
    for kind in kinds:
        if kind == "day":
            handles.append(Line2D([], [], marker="o", color=frame.INK, linestyle="", markersize=5))
        elif kind == "span":
            handles.append(Patch(facecolor=frame.INK, edgecolor="none"))
        elif kind == "running":
            handles.append(Line2D([], [], marker=">", color=frame.INK, linewidth=4, markersize=5))
        elif kind == "band":
            handles.append(Patch(facecolor="white", edgecolor=frame.INK, hatch="////"))
        elif kind == "undated":
            handles.append(Line2D([], [], color=frame.INK, linestyle=":", marker="<", markersize=4))
        elif kind == "reading":
            handles.append(Patch(facecolor="none", edgecolor=frame.INK, linestyle="--"))
        elif kind == "inferred":
            handles.append(Line2D([], [], color=frame.INK, linestyle="--", linewidth=1.2))
        else:
            handles.append(Line2D([], [], color=frame.INK, linewidth=1.2))
    layout.key(
        handles,
        [KIND_KEY[k] for k in kinds],
        ncol=min(2, len(kinds)),
        handlelength=2.2,
        columnspacing=1.2,
    )


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
    label_limit: int = 8,
    readings: pd.DataFrame | None = None,
    **where: Unpack[Where],
) -> frame.ChartFigure:
    """A Priestley timeline: one row per metric, each figure over the time it covers, labelled.

    With `readings` (counting.readings), every other reading of a disputed fact is drawn as a
    dashed outline over its own period on the fact's track, and its label says 'or …' and who
    states it.
    """
    return frame.chart(
        facts,
        Selection(**where),
        "Timeline of reported figures",
        lambda chosen, outside: _timeline(chosen, label_limit, readings, outside),
    )


def _timeline(
    chosen: pd.DataFrame, label_limit: int, readings: pd.DataFrame | None, outside: list[str]
) -> frame.ChartFigure:
    rows = chosen.assign(
        kind=_kinds(chosen),
        lane=chosen["metric"] + "|" + chosen["unit"],
        _order=marks.order(chosen),
    )
    others = captions.other_readings(rows, readings)
    others = others[others["period_start"].notna()]
    start_x = marks.num(rows["band_start"].to_numpy())
    end_x = marks.num(rows["band_end"].to_numpy())
    undated = (rows["kind"] == "undated").to_numpy()
    dated_lo = np.nanmin(start_x) if (~undated).any() else np.nanmin(end_x) - 60
    hi = float(np.nanmax(end_x))
    if not others.empty:
        dated_lo = min(dated_lo, float(np.nanmin(marks.num(others["band_start"].to_numpy()))))
        hi = max(hi, float(np.nanmax(marks.num(others["band_end"].to_numpy()))))
    reach = max(hi - dated_lo, 60.0)
    arrow = 0.07 * reach
    x0 = np.where(undated, end_x - arrow, start_x)
    lo = min(float(np.nanmin(x0)), dated_lo) - 0.02 * reach
    rows = rows.assign(x0=x0, x1=end_x)
    # A disputed fact's track holds every reading: it reaches from the earliest start.
    other_x0 = (
        others.assign(x=marks.num(others["band_start"].to_numpy())).groupby("fact_id")["x"].min()
    )
    reach_x0 = np.fmin(x0, rows["fact_id"].map(other_x0).to_numpy(dtype=float))

    lanes_order = rows.drop_duplicates("lane").sort_values("_order", kind="stable")
    names = [marks.lane_name(*lane.split("|")) for lane in lanes_order["lane"]]
    left = max(frame.text_width(n, frame.SMALL_SIZE) for n in names) + 0.35
    rank = rows.groupby("lane")["value"].rank(method="first", ascending=False)
    rows["labelled"] = (rank <= label_limit) | captions.disputed(rows)
    ids = set(rows["fact_id"])
    is_part = rows["parent_fact_id"].isin(ids)
    rows["part"] = rows["parent_fact_id"] != ""
    labels = pd.Series("", index=rows.index)
    inferred = captions.inferred(rows)
    doubtful = counting.possible_repeats(rows)
    doubtful_ids = set(doubtful["fact_id"]) | set(doubtful["other_fact_id"])
    for i in rows.index[rows["labelled"]]:
        row = rows.loc[i]
        text = captions.label(row)
        if is_part[i]:
            who = {"female": " women", "male": " men"}.get(str(row["sex"]), "")
            text = f"incl. {text}{who or wording.place(str(row['location']))}"
        elif row["fact_id"] in doubtful_ids:
            text += wording.place(str(row["location"]))
        if inferred[i] and row["kind"] != "undated" and not is_part[i]:
            text += " (start inferred)"
        labels[i] = text + captions.dispute_suffix(row, others)
    rows["label"] = labels.map(marks.wrap_label)
    labels = rows["label"]
    track = max(TRACK, marks.label_lines(labels) * frame.line_height(marks.LABEL_SIZE) + 0.06)
    widths = marks.label_widths(labels)
    hi = hi + 0.02 * reach
    right = 0.3
    per_inch = (hi - lo) / (frame.WIDTH - left - right)
    marked = rows["labelled"].to_numpy()
    room = np.where(marked, widths * per_inch, 0.0)
    # A label goes after its mark, or before it when only there it stays inside the axes.
    before = marked & (end_x + room > hi) & (reach_x0 - room >= lo)
    stuck = marked & (end_x + room > hi) & ~before
    if stuck.any():
        right = marks.right_margin(end_x[stuck], widths[stuck], lo, hi, left)
        per_inch = (hi - lo) / (frame.WIDTH - left - right)
        room = np.where(marked, widths * per_inch, 0.0)
    rows["side"] = np.where(before, "left", "right")
    label_start = np.where(before, reach_x0 - room, reach_x0)
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
    small = rows[~rows["labelled"]]
    for lane in small["lane"].unique():
        rows.loc[(rows["lane"] == lane) & ~rows["labelled"], "track"] = lane_tracks.get(lane, 0)
        lane_tracks[lane] = lane_tracks.get(lane, 0) + 1

    top = 0.0
    lane_top: dict[str, float] = {}
    centres, bounds = [], []
    for lane in lanes_order["lane"]:
        lane_top[lane] = top
        height = lane_tracks[lane] * track
        centres.append(top + height / 2)
        top += height + ROW_GAP
        bounds.append(top - ROW_GAP / 2)
    body = top - ROW_GAP
    rows["y"] = rows["lane"].map(lane_top) + (rows["track"] + 0.5) * track

    shown_kinds = set(np.where(rows["labelled"], rows["kind"], "other"))
    starts_inferred = (inferred & rows["kind"].isin(["span", "running", "band"])).to_numpy()
    if starts_inferred.any():
        shown_kinds.add("inferred")
    if not others.empty:
        shown_kinds.add("reading")
    kinds_drawn = [k for k in KIND_KEY if k in shown_kinds]
    notes = [
        *captions.disputed_note(rows),
        *captions.stated(rows),
        *captions.qualified(rows),
        *captions.repeats(rows),
    ]
    if starts_inferred.any():
        notes.append(
            "A dashed start and '(start inferred)': the article gives no start, the curator "
            "inferred it (the notes of data/figures.csv say why)."
        )
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
    notes += outside
    largest = _largest(rows)
    title = (
        f"The largest reported figure: {wording.figure(largest)} {largest['metric']}, "
        f"{wording.when(largest, short=True)}"
    )
    layout = frame.frame(
        title=title,
        subtitle=(
            f"{wording.count(len(rows), 'figure')} reported in the press, {captions.span_text(rows)}; "
            "each drawn over "
            "the time it covers and labelled with its value (people unless marked)"
        ),
        notes=notes,
        sources=captions.sources(rows),
        body_height=body,
        left=left,
        right=right,
        key_rows=-(-len(kinds_drawn) // 2),
    )
    fig = layout.fig
    ax = fig.add_axes(
        (layout.left, layout.bottom, layout.right - layout.left, layout.top - layout.bottom)
    )
    _draw_marks(ax, rows, is_part.to_numpy())
    _draw_readings(ax, rows, others, starts_inferred)
    for i in rows.index[rows["labelled"]]:
        row = rows.loc[i]
        after = row["side"] == "right"
        ax.annotate(
            row["label"],
            xy=(row["x1"] if after else row["x0"], row["y"]),
            xytext=(marks.LABEL_PAD if after else -marks.LABEL_PAD, 0),
            textcoords="offset points",
            va="center",
            ha="left" if after else "right",
            size=marks.LABEL_SIZE,
            gid=str(row["fact_id"]),
            annotation_clip=False,
        )
    for bound in bounds[:-1]:
        ax.axhline(bound, color=frame.RULE, linewidth=0.8)
    ax.set_xlim(lo, hi)
    ax.set_ylim(body, 0)
    ax.set_yticks(centres, names)
    ax.tick_params(axis="y", length=0)
    ax.spines["left"].set_visible(False)
    marks.date_axis(ax)
    _key(layout, kinds_drawn)
    lanes_text = ", ".join(names)
    alt = (
        f"Timeline of {wording.count(len(rows), 'reported figure')} from {captions.span_text(rows)} in "
        f"{len(names)} rows ({lanes_text}); the largest is {wording.figure(largest)} "
        f"{largest['metric']} {wording.when(largest)}."
    )
    drawn = rows[["fact_id", "lane", "track", "kind", "x0", "x1", "y", "label", "value"]]
    return frame.finish(fig, alt, drawn.reset_index(drop=True))


def _draw_readings(
    ax: Axes, rows: pd.DataFrame, others: pd.DataFrame, starts_inferred: np.ndarray
) -> None:
    """The other readings of disputed facts, dashed outlines over their own periods on the
    fact's track; and a dashed tick at each start the curator inferred."""
    if not others.empty:
        placed = others.merge(rows[["fact_id", "y", "metric"]], on="fact_id")
        x0 = marks.num(placed["band_start"].to_numpy())
        x1 = marks.num(placed["band_end"].to_numpy())
        y = placed["y"].to_numpy()
        colours = marks.colours(placed["metric"])
        _boxes(
            ax,
            x0,
            x1,
            y,
            np.full(len(placed), 0.2),
            "other-readings",
            facecolors="none",
            edgecolors=colours,
            linestyles="--",
            linewidths=1.0,
        )
    if starts_inferred.any():
        x = rows["x0"].to_numpy()[starts_inferred]
        y = rows["y"].to_numpy()[starts_inferred]
        segments = np.stack([np.column_stack([x, y - 0.12]), np.column_stack([x, y + 0.12])], 1)
        ax.add_collection(
            LineCollection(
                list(segments),
                colors=marks.colours(rows.loc[starts_inferred, "metric"]),
                linestyles="--",
                linewidths=1.2,
                gid="inferred-starts",
            )
        )


def _boxes(
    ax: Axes,
    x0: np.ndarray,
    x1: np.ndarray,
    y: np.ndarray,
    height: np.ndarray,
    gid: str,
    **style: Any,
) -> None:
    """Rectangles from x0 to x1 centred on y, one collection (spans, bands, other readings)."""
    ax.add_collection(
        PolyCollection(
            list(marks.rectangles(x0, x1, y, height)),
            gid=gid,
            **({"edgecolors": "none"} | style),
        )
    )


def _largest(rows: pd.DataFrame) -> pd.Series:
    """The largest figure, in people when any are drawn (dollars dwarf heads otherwise)."""
    people = rows[(rows["unit"] == "people") & (rows["parent_fact_id"] == "")]
    pool = people if not people.empty else rows
    return pool.iloc[int(pool["value"].to_numpy().argmax())]


def _draw_marks(ax: Axes, rows: pd.DataFrame, is_part: np.ndarray) -> None:
    """Every fact's mark, one collection per kind: never a Python loop over facts.

    Labelled figures get the full marks of their kind; the others, drawn by the thousand,
    are thin faint strokes over the time they cover (a dot for a single day), which is cheap
    to draw and shows where figures cluster.
    """
    colours = marks.colours(rows["metric"])
    # A part is thinner than its whole, in the same colour: a paler tint would fall below 3:1.
    labelled = rows["labelled"].to_numpy()
    kind = np.where(labelled, rows["kind"].to_numpy(), "other")
    x0, x1, y = rows["x0"].to_numpy(), rows["x1"].to_numpy(), rows["y"].to_numpy()

    other = kind == "other"
    if other.any():
        faint = colours[other]
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
            linewidths=1.2,
            capstyle="butt",
            gid="others",
        )
        strokes.set_rasterized(bool(other.sum() > marks.RASTER_FROM))
        ax.add_collection(strokes)
        single = other & (rows["kind"] == "day").to_numpy()
        if single.any():
            dots = ax.scatter(
                (x0[single] + x1[single]) / 2,
                y[single],
                s=6,
                c=colours[single][:, :3],
                linewidths=0,
                gid="others-days",
            )
            dots.set_rasterized(bool(single.sum() > marks.RASTER_FROM))

    solid = (kind == "span") | (kind == "running")
    if solid.any():
        height = np.where(is_part[solid], 0.09, 0.14)
        _boxes(ax, x0[solid], x1[solid], y[solid], height, "spans", facecolors=colours[solid])
    running = kind == "running"
    if running.any():
        ax.scatter(
            x1[running], y[running], marker=">", s=28, c=colours[running], zorder=3, gid="running"
        )
    band = kind == "band"
    if band.any():
        _boxes(
            ax,
            x0[band],
            x1[band],
            y[band],
            np.full(band.sum(), 0.2),
            "bands",
            facecolors=marks.tint(colours[band], 0.75),
            edgecolors=colours[band],
            hatch="////",
            linewidths=0.8,
        )
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
