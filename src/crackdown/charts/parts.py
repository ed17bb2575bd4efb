"""Each part as a share of its whole, drawn inside the whole's bar: never added to it."""

from __future__ import annotations

from typing import Any, Unpack

import numpy as np
import pandas as pd
from matplotlib import ticker

from crackdown import counting, wording
from crackdown.charts import captions, frame, marks
from crackdown.model import Selection, Where


def plot_parts(
    facts: pd.DataFrame,
    *,
    limit: int = 12,
    readings: pd.DataFrame | None = None,
    **where: Unpack[Where],
) -> frame.ChartFigure:
    """Each part as a share of its whole (476 women of 2,825 deported: 16.8%), drawn inside
    the whole's bar from zero: never stacked on it, never added to it. A part whose statements
    disagree is labelled with every reading, from `readings` (counting.readings) when given."""
    asked = Selection(**where)
    chosen = asked.pick(facts)
    shares = counting.parts(facts)
    shares = shares[shares["part_fact_id"].isin(chosen["fact_id"])]
    what = "Parts of reported figures"
    if shares.empty:
        return frame.empty(what, wording.selection(asked))
    with frame.context():
        return _parts(facts, shares, limit, readings, captions.outside(facts, chosen, asked))


def _part_name(part: Any) -> str:
    sex = {"female": "women", "male": "men"}.get(str(part["sex"]))
    return sex or str(part["subject"])


def _parts(
    facts: pd.DataFrame,
    shares: pd.DataFrame,
    limit: int,
    readings: pd.DataFrame | None,
    outside: list[str],
) -> frame.ChartFigure:
    by_id = facts.set_index("fact_id")
    shown = shares.nlargest(limit, "whole_value", keep="first") if len(shares) > limit else shares
    part_rows = by_id.loc[shown["part_fact_id"]]
    whole_rows = by_id.loc[shown["whole_fact_id"]]
    others = captions.other_readings(part_rows.reset_index(), readings)
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
            + captions.dispute_suffix(p | {"fact_id": pid}, others)
            for p, w, name, pid in zip(
                part_rows.to_dict("records"),
                whole_rows.to_dict("records"),
                shown["part_name"],
                shown["part_fact_id"],
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
    parts_drawn = part_rows.reset_index()
    notes = [*captions.disputed_note(parts_drawn), *outside]
    if len(shares) > len(shown):
        notes.append(f"The {len(shown)} parts of the largest wholes are drawn, of {len(shares):,}.")
    drawn_facts = pd.concat([part_rows.reset_index(), whole_rows.reset_index()], ignore_index=True)
    # Each row: its words over the full width, then the whole's bar with the part inside it.
    left, right = 0.25, 0.3
    room = frame.WIDTH - left - right
    words = [
        frame.wrap(f"{whole}: {text}", room, marks.LABEL_SIZE)
        for whole, text in zip(shown["whole_label"], shown["text"], strict=True)
    ]
    line, bar, pad = frame.line_height(marks.LABEL_SIZE), 0.18, 0.1
    heights = [len(w) * line + 0.04 + bar + pad for w in words]
    tops = np.concatenate([[0.0], np.cumsum(heights)[:-1]])
    layout = frame.frame(
        title=title,
        subtitle="Each part drawn inside its whole as a share of it (the whole is 100%); "
        "a part is never added to its whole",
        notes=notes,
        sources=captions.sources(drawn_facts),
        body_height=float(sum(heights)),
        left=left,
        right=right,
    )
    fig = layout.fig
    ax = fig.add_axes(
        (layout.left, layout.bottom, layout.right - layout.left, layout.top - layout.bottom)
    )
    y = tops + np.array([len(w) * line + 0.04 for w in words]) + bar / 2
    colours = [frame.metric_colour(m) for m in shown["metric"]]
    # The whole is an outline in its metric's colour, the part filled: both at full contrast.
    ax.barh(
        y,
        np.full(len(shown), 100.0),
        height=bar,
        color="white",
        edgecolor=colours,
        linewidth=1.2,
        gid="wholes",
    )
    ax.barh(y, shown["share_pct"].to_numpy(), height=bar, left=0, color=colours, gid="parts")
    for top, lines, fact_id in zip(tops, words, shown["part_fact_id"], strict=True):
        ax.text(
            0,
            top + 0.02,
            "\n".join(lines),
            va="top",
            size=marks.LABEL_SIZE,
            linespacing=frame.LINE,
            gid=str(fact_id),
        )
    ax.set_ylim(float(sum(heights)), 0)
    ax.set_xlim(0, 100)
    ax.set_yticks([])
    ax.xaxis.set_major_locator(ticker.MultipleLocator(25))
    ax.xaxis.set_major_formatter(ticker.PercentFormatter(decimals=0))
    ax.set_xlabel("share of the whole")
    ax.spines["left"].set_visible(False)
    alt = f"Bar chart of parts as shares of their wholes: {'; '.join(shown['text'].head(6))}."
    drawn = shown[
        ["part_fact_id", "whole_fact_id", "part_value", "whole_value", "share_pct", "text"]
    ]
    return frame.finish(fig, alt, drawn.reset_index(drop=True))
