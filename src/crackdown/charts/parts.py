"""Each part as a share of its whole, drawn inside the whole's bar: never added to it."""

from __future__ import annotations

from typing import Any, Unpack

import numpy as np
import pandas as pd
from matplotlib import ticker
from matplotlib.colors import to_rgba_array

from crackdown import counting, wording
from crackdown.charts import captions, frame, marks
from crackdown.model import Selection, Where


def plot_parts(
    facts: pd.DataFrame,
    *,
    limit: int = 12,
    **where: Unpack[Where],
) -> frame.ChartFigure:
    """Each part as a share of its whole (476 women of 2,825 deported: 16.8%), drawn inside
    the whole's bar from zero: never stacked on it, never added to it."""
    asked = Selection(**where)
    chosen = asked.pick(facts)
    shares = counting.parts(facts)
    shares = shares[shares["part_fact_id"].isin(chosen["fact_id"])]
    what = "Parts of reported figures"
    if shares.empty:
        return frame.empty(what, wording.selection(asked))
    with frame.context():
        return _parts(facts, shares, limit)


def _part_name(part: Any) -> str:
    sex = {"female": "women", "male": "men"}.get(str(part["sex"]))
    return sex or str(part["subject"])


def _parts(facts: pd.DataFrame, shares: pd.DataFrame, limit: int) -> frame.ChartFigure:
    by_id = facts.set_index("fact_id")
    shown = shares.nlargest(limit, "whole_value", keep="first") if len(shares) > limit else shares
    part_rows = by_id.loc[shown["part_fact_id"]]
    whole_rows = by_id.loc[shown["whole_fact_id"]]
    shown = shown.assign(
        part_name=[_part_name(r) for r in part_rows.to_dict("records")],
        whole_label=[
            f"{str(r['metric']).capitalize()}, {wording.when(r, short=True)}"
            for r in whole_rows.to_dict("records")
        ],
    )
    shown = shown.assign(
        text=[
            f"{wording.figure(p)} {name} of {wording.figure(w)} "
            f"({wording.share(float(p['value']), float(w['value']))})"
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
            f"{wording.share(r['part_value'], r['whole_value'])} of the "
            f"{wording.number(r['whole_value'], r['unit'])} {r['metric']}"
        )
        same = i > 0 and r["part_name"] == shown["part_name"].iloc[0]
        phrases.append(share if same else f"{r['part_name']} were {share}")
    title = " and ".join(phrases)
    title = title[:1].upper() + title[1:]
    left = max(frame.text_width(t, frame.SMALL_SIZE) for t in shown["whole_label"]) + 0.3
    notes = []
    if len(shares) > len(shown):
        notes.append(f"The {len(shown)} parts of the largest wholes are drawn, of {len(shares):,}.")
    drawn_facts = pd.concat([part_rows.reset_index(), whole_rows.reset_index()], ignore_index=True)
    layout = frame.frame(
        title=title,
        subtitle="Each part drawn inside its whole as a share of it (the whole is 100%); "
        "a part is never added to its whole",
        notes=notes,
        sources=captions.sources(drawn_facts),
        body_height=len(shown) * 0.55,
        left=left,
        right=0.4,
    )
    fig = layout.fig
    ax = fig.add_axes(
        (layout.left, layout.bottom, layout.right - layout.left, layout.top - layout.bottom)
    )
    y = np.arange(len(shown))
    colours = [frame.metric_colour(m) for m in shown["metric"]]
    ax.barh(
        y,
        np.full(len(shown), 100.0),
        height=0.55,
        color=marks.tint(to_rgba_array(colours), 0.8),
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
            size=marks.LABEL_SIZE,
            color="white" if inside else frame.INK,
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
    return frame.finish(fig, alt, drawn.reset_index(drop=True))
