"""The charts, tested on the Figure and Axes objects they return: what was drawn, where, and
with which label; plus determinism of the rendered bytes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
import pytest
from matplotlib._pylab_helpers import Gcf
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection, PathCollection, PolyCollection
from matplotlib.colors import to_rgb, to_rgba
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.text import Text

from crackdown import charts, model, wording
from crackdown.charts import frame as style

ASIAE = "The Asia Business Daily, 16 October 2025"
DURIAN = "durianpoker.net, November 2023"


def day(value: str) -> float:
    return float(mdates.date2num(pd.Timestamp(value)))


def collection(fig: Figure, gid: str) -> Any:
    found = [c for ax in fig.axes for c in ax.collections if c.get_gid() == gid]
    assert found, f"no collection {gid!r}"
    return found[0]


def labels(fig: Figure) -> dict[str, str]:
    """Every text drawn for a fact, by fact_id (a label wrapped over lines read as one)."""
    return {
        str(t.get_gid()): " ".join(t.get_text().split())
        for ax in fig.axes
        for t in ax.texts
        if t.get_gid() and str(t.get_gid()) not in ("step", "named")
    }


def rectangles(poly: PolyCollection) -> list[tuple[float, float]]:
    """(left, right) of each rectangle in a PolyCollection."""
    return sorted(
        (float(p.vertices[:, 0].min()), float(p.vertices[:, 0].max())) for p in poly.get_paths()
    )


def body_text(fig: Figure) -> str:
    return " ".join(t.get_text() for t in fig.texts)


# --- the timeline ------------------------------------------------------------------------------


def test_timeline_spans_start_and_end_on_the_period_dates(seed_facts: pd.DataFrame) -> None:
    fig = charts.plot_timeline(seed_facts)
    spans = rectangles(collection(fig, "spans"))
    expected = sorted(
        (day(a), day(b) + 1)
        for a, b in [
            ("2025-07-27", "2025-10-14"),  # 3,455 arrested
            ("2025-07-27", "2025-10-16"),  # 2,825 deported, and each running total after it
            ("2025-07-27", "2025-10-16"),
            ("2025-07-27", "2025-10-16"),
            ("2025-07-27", "2025-10-16"),
            ("2025-07-27", "2025-10-16"),
        ]
    )
    assert spans == expected


def test_month_precision_is_a_band_over_the_whole_month(seed_facts: pd.DataFrame) -> None:
    fig = charts.plot_timeline(seed_facts)
    assert rectangles(collection(fig, "bands")) == [(day("2023-04-01"), day("2023-05-01"))]


def test_single_day_is_a_mark_within_its_day(seed_facts: pd.DataFrame) -> None:
    fig = charts.plot_timeline(seed_facts)
    xs = collection(fig, "days").get_offsets()[:, 0]
    assert list(xs) == pytest.approx([day("2023-11-09") + 0.5] * 2)


def test_undated_figure_is_an_arrow_ending_on_its_date_never_a_point(
    seed_facts: pd.DataFrame,
) -> None:
    fig = charts.plot_timeline(seed_facts)
    arrows = collection(fig, "undated").get_segments()
    assert len(arrows) == 2  # the arrest in Phnom Penh and the $1.6 million
    for segment in arrows:
        start, end = segment[:, 0]
        assert end == pytest.approx(day("2023-11-10"))  # the end of 9 November
        assert start < end - 30
    drawn = fig.drawn.set_index("fact_id")  # type: ignore[attr-defined]
    assert drawn.loc["dp-arrested-25-jp-phnom-penh", "kind"] == "undated"


def test_every_drawn_label_states_its_counted_fact(seed_facts: pd.DataFrame) -> None:
    fig = charts.plot_timeline(seed_facts)
    drawn = labels(fig)
    assert set(drawn) == set(seed_facts["fact_id"])
    for row in seed_facts.to_dict("records"):
        text = drawn[row["fact_id"]].removeprefix("incl. ")
        assert text.startswith(wording.figure(row))


def test_the_repeated_2025_arrest_figure_is_drawn_once(seed_facts: pd.DataFrame) -> None:
    fig = charts.plot_timeline(seed_facts)
    texts = [t.get_text() for ax in fig.axes for t in ax.texts]
    assert sum("3,455" in t for t in texts) == 1
    assert not any("3,400" in t for t in texts)
    assert len(fig.drawn) == len(seed_facts) == fig.drawn["fact_id"].nunique()  # type: ignore[attr-defined]


def test_the_flight_arrest_is_drawn_as_a_part_of_the_phnom_penh_arrest_not_merged(
    seed_facts: pd.DataFrame,
) -> None:
    fig = charts.plot_timeline(seed_facts, nationality="JP")
    drawn = labels(fig)
    assert drawn["dp-arrested-25-jp-flight"] == "incl. 25 aboard the deportation flight to Japan"
    assert drawn["dp-arrested-25-jp-phnom-penh"] == "25"
    rows = fig.drawn.set_index("fact_id")  # type: ignore[attr-defined]
    assert (
        rows.loc["dp-arrested-25-jp-flight", "y"] != rows.loc["dp-arrested-25-jp-phnom-penh", "y"]
    )


def test_a_part_is_drawn_under_its_whole_over_the_same_days(seed_facts: pd.DataFrame) -> None:
    fig = charts.plot_timeline(seed_facts, metrics=["deported"], start="2025-01-01")
    rows = fig.drawn.set_index("fact_id")  # type: ignore[attr-defined]
    part, whole = rows.loc["asiae-deported-476-women"], rows.loc["asiae-2025-deported"]
    assert (part["x0"], part["x1"]) == (whole["x0"], whole["x1"])
    assert part["y"] > whole["y"]  # below it (the y axis runs downwards), not after it
    assert labels(fig)["asiae-deported-476-women"] == "incl. 476 women"


def test_source_line_names_both_outlets_when_rows_of_both_are_drawn(
    seed_facts: pd.DataFrame,
) -> None:
    source = style.source_text(charts.plot_timeline(seed_facts))
    assert source == f"Source: {DURIAN}; {ASIAE}"
    only_2025 = style.source_text(charts.plot_timeline(seed_facts, start="2025-01-01"))
    assert only_2025 == f"Source: {ASIAE}"


def test_a_qualified_figure_is_noted(seed_facts: pd.DataFrame) -> None:
    fig = charts.plot_timeline(seed_facts, metrics=["defrauded"])
    assert "about $1.6 million defrauded" in body_text(fig)
    assert labels(fig)["dp-defrauded-usd-1-6m"] == "about $1.6 million"


def test_a_large_selection_labels_only_the_largest_figures_per_row(
    make_facts: Callable[..., pd.DataFrame], figure: Any
) -> None:
    days = pd.date_range("2024-01-01", periods=300, freq="D")
    facts = make_facts(
        *[
            figure(
                f"f{i}",
                10 + i,
                metric=("arrested", "deported")[i % 2],
                period_start=d.date().isoformat(),
                period_end=d.date().isoformat(),
                date_precision="day",
                count_type="event",
            )
            for i, d in enumerate(days)
        ]
    )
    fig = charts.plot_timeline(facts, label_limit=5)
    assert len(labels(fig)) == 10
    assert len(collection(fig, "days").get_offsets()) == 10
    assert len(collection(fig, "others").get_segments()) == 290
    assert "Only the 5 largest figures in each row are labelled; 290" in body_text(fig)


def test_a_timeline_of_one_day_is_ticked_by_the_day_and_counts_one_figure(
    make_facts: Callable[..., pd.DataFrame], figure: Any
) -> None:
    facts = make_facts(
        figure(
            "one",
            187,
            metric="deported",
            period_start="2025-11-04",
            period_end="2025-11-04",
            date_precision="day",
            count_type="event",
        )
    )
    fig = charts.plot_timeline(facts)
    fig.canvas.draw()
    ax = fig.axes[0]
    ticks = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
    assert ticks and not any(":" in tick for tick in ticks)  # days, never hours
    assert all(float(x).is_integer() for x in ax.get_xticks())  # at midnight
    assert "1 figure reported in the press" in body_text(fig)


# --- volume over time --------------------------------------------------------------------------


def test_volume_draws_a_period_total_as_its_daily_rate_across_the_period(
    seed_facts: pd.DataFrame,
) -> None:
    fig = charts.plot_volume(seed_facts, metrics=["arrested"], start="2025-01-01")
    (segment,) = collection(fig, "segments").get_segments()
    assert list(segment[:, 0]) == pytest.approx([day("2025-07-27"), day("2025-10-15")])
    assert list(segment[:, 1]) == pytest.approx([3455 / 80, 3455 / 80])


def test_volume_draws_single_days_at_their_count(seed_facts: pd.DataFrame) -> None:
    fig = charts.plot_volume(seed_facts, nationality="JP")
    marks = collection(fig, "days")
    assert list(marks.get_offsets()[:, 1]) == [25.0]


def test_volume_never_puts_people_and_cases_on_one_axis(seed_facts: pd.DataFrame) -> None:
    fig = charts.plot_volume(seed_facts, start="2025-01-01")
    per_axes = []
    for ax in fig.axes:
        ys = {
            round(float(y), 6)
            for c in ax.collections
            if isinstance(c, LineCollection)
            for s in c.get_segments()
            for y in s[:, 1]
        }
        per_axes.append(ys)
    assert len(fig.axes) == 2
    assert per_axes[1] == {round(10 / 82, 6)}  # the cases, alone
    assert round(10 / 82, 6) not in per_axes[0]


def test_volume_leaves_out_parts_and_undated_figures_and_says_so(
    seed_facts: pd.DataFrame,
) -> None:
    fig = charts.plot_volume(seed_facts)
    drawn = set(fig.drawn["fact_id"])  # type: ignore[attr-defined]
    assert "asiae-deported-476-women" not in drawn
    assert "dp-arrested-25-jp-phnom-penh" not in drawn
    text = body_text(fig)
    assert "Parts are left out" in text
    assert "Not drawn, having no date to place them at: 25 arrested (before 9 Nov 2023)" in text


def test_monthly_view_spreads_totals_as_hollow_estimates(seed_facts: pd.DataFrame) -> None:
    fig = charts.plot_volume(seed_facts, metrics=["arrested"], monthly=True)
    estimated = [p for ax in fig.axes for p in ax.patches if p.get_gid() == "estimated"]
    reported = [p for ax in fig.axes for p in ax.patches if p.get_gid() == "reported"]
    assert len(estimated) == 4  # July to October 2025
    assert all(p.get_facecolor()[3] == 0 and p.get_edgecolor()[3] == 1 for p in estimated)
    assert sum(p.get_height() for p in estimated) == pytest.approx(3455)
    # The flight arrest is a part of the undated Phnom Penh arrest: neither is spread or added.
    assert reported == []
    assert "Hollow bars are estimates" in body_text(fig)


def test_monthly_small_multiples_give_each_metric_its_panel_on_one_time_axis(
    seed_facts: pd.DataFrame,
) -> None:
    fig = charts.plot_volume(seed_facts, monthly=True)
    titles = [ax.get_title(loc="left") for ax in fig.axes]
    assert titles == ["Arrested", "Deported", "Prosecuted (cases)", "Tried"]
    assert len({ax.get_xlim() for ax in fig.axes}) == 1
    deported = fig.axes[1]
    filled = sorted(p.get_height() for p in deported.patches if p.get_gid() == "reported")
    assert filled == pytest.approx([19, 25])  # April 2023 and 9 November 2023, as reported
    for ax in fig.axes:
        colour = style.metric_colour(ax.get_title(loc="left").split()[0].lower())
        assert all(
            tuple(p.get_edgecolor()[:3]) == pytest.approx(to_rgb(colour)) for p in ax.patches
        )
    tops = [ax.get_position().y1 for ax in fig.axes]
    assert tops == sorted(tops, reverse=True)  # stacked top to bottom in the model's order


# --- cumulative totals -------------------------------------------------------------------------


def test_running_totals_are_drawn_as_reported_and_never_summed(seed_facts: pd.DataFrame) -> None:
    fig = charts.plot_cumulative(seed_facts)
    drawn = fig.drawn  # type: ignore[attr-defined]
    running = seed_facts[
        (seed_facts["count_type"] == "cumulative_to_date") & (seed_facts["parent_fact_id"] == "")
    ]
    assert sorted(drawn["fact_id"]) == sorted(running["fact_id"])
    # Every point is a value an article states: nothing is a sum.
    assert set(drawn["value"]) == set(running["value"]) == {2825, 75, 10}
    assert labels(fig)["asiae-2025-deported"] == (
        "2,825 deported by 16 Oct 2025 (Cambodian authorities; start inferred)"
    )
    assert not any("add up" in t.get_text() for t in fig.texts)


def test_running_totals_leave_out_period_totals_events_undated_and_parts_and_say_so(
    seed_facts: pd.DataFrame,
) -> None:
    fig = charts.plot_cumulative(seed_facts)
    note = next(n for n in fig.notes if n.startswith("Left out"))  # type: ignore[attr-defined]
    assert note.startswith(
        "Left out, not being running totals: 3 parts, 2 undated figures, 2 period totals, "
        "1 single event;"
    )


def test_one_line_per_authority_and_metric(
    make_facts: Callable[..., pd.DataFrame], figure: Any
) -> None:
    running = {"metric": "deported", "count_type": "cumulative_to_date"}
    facts = make_facts(
        figure("sep", 2000, period_end="2025-09-01", authority="Committee", **running),
        figure("oct", 2825, period_end="2025-10-16", authority="Committee", **running),
        figure("police", 2500, period_end="2025-10-01", authority="Police", **running),
        figure("total", 3455, metric="deported"),  # a period total: never on this chart
    )
    fig = charts.plot_cumulative(facts)
    lines = {str(line.get_gid()): list(line.get_ydata()) for line in fig.axes[0].lines}
    assert sorted(lines.values()) == [[2000, 2825], [2500]]
    assert max(v for values in lines.values() for v in values) == 2825


# --- what the statements dispute, and what a chart leaves out ----------------------------------


def test_the_timeline_draws_both_readings_of_a_disputed_period(multi_counted: Any) -> None:
    facts, readings, _ = multi_counted
    fig = charts.plot_timeline(facts, readings=readings, metrics=["arrested"])
    # Three articles date the committee's 3,455 from 27 July, one from 27 June: July stands.
    assert labels(fig)["committee-3455"] == "3,455, or from 27 Jun (Capital Bulletin)"
    drawn = fig.drawn.set_index("fact_id")  # type: ignore[attr-defined]
    assert drawn.loc["committee-3455", "x0"] == day("2025-07-27")  # the standing reading
    other = [r for r in rectangles(collection(fig, "other-readings")) if r[1] == day("2025-10-15")]
    assert other == [(day("2025-06-27"), day("2025-10-15"))]  # the other, dashed


def test_the_timeline_labels_every_value_in_dispute_with_who_states_it(multi_counted: Any) -> None:
    facts, readings, _ = multi_counted
    fig = charts.plot_timeline(facts, readings=readings, nationality="ID", label_limit=1)
    assert labels(fig)["poipet-2025-07-16-id"] == ("271, or 270 (Gulf Wire)")


def test_the_volume_chart_gives_a_rate_for_each_reading(multi_counted: Any) -> None:
    facts, readings, _ = multi_counted
    fig = charts.plot_volume(facts, readings=readings, metrics=["arrested"])
    assert labels(fig)["committee-3455"] == (
        "3,455 over 80 days: about 43 a day, or from 27 Jun: about 31 a day (Capital Bulletin)"
    )
    segments = collection(fig, "other-readings").get_segments()
    starts = {float(s[0, 0]): tuple(s[:, 1]) for s in segments}
    assert starts[day("2025-06-27")] == (3455 / 110, 3455 / 110)  # the other reading's rate


def test_without_readings_a_disputed_value_is_still_labelled_with_the_other(
    multi_counted: Any,
) -> None:
    facts, _, _ = multi_counted
    fig = charts.plot_timeline(facts, nationality="ID", label_limit=1)
    assert labels(fig)["poipet-2025-07-16-id"].endswith(", or 270 by another account")
    arrests = charts.plot_timeline(facts, metrics=["arrested"])
    assert labels(arrests)["committee-3455"] == "3,455 (period disputed)"


def test_each_chart_says_what_of_the_data_its_selection_leaves_out(multi_counted: Any) -> None:
    facts, readings, _ = multi_counted
    fig = charts.plot_timeline(facts, readings=readings, metrics=["arrested"], start="2025-06-01")
    assert (
        "Not in this selection: 30 facts of the data (26 of other metrics, 4 outside these "
        "dates); every fact is in the sources report."
    ) in fig.notes
    everything = charts.plot_timeline(facts, readings=readings)
    assert not any(n.startswith("Not in this selection") for n in everything.notes)


def test_an_inferred_start_is_drawn_dashed_and_labelled(seed_facts: pd.DataFrame) -> None:
    fig = charts.plot_timeline(seed_facts, metrics=["deported"], start="2025-01-01")
    assert labels(fig)["asiae-2025-deported"].endswith("(start inferred)")
    ticks = collection(fig, "inferred-starts").get_segments()
    assert {float(t[0, 0]) for t in ticks} == {day("2025-07-27")}


def test_chart_text_is_data_and_can_stay_out_of_the_image(seed_facts: pd.DataFrame) -> None:
    inside = charts.plot_timeline(seed_facts)
    assert inside.title.startswith("The largest reported figure: 3,455 arrested")
    assert inside.source.startswith("Source: ")
    drawn = " ".join(t.get_text() for t in inside.texts)
    assert inside.title in drawn and inside.source in " ".join(drawn.split("\n"))
    with style.text_outside():
        outside = charts.plot_timeline(seed_facts)
    assert (outside.title, outside.subtitle, outside.notes, outside.source) == (
        inside.title,
        inside.subtitle,
        inside.notes,
        inside.source,
    )
    assert outside.texts == []
    assert outside.get_figheight() < inside.get_figheight()


# --- nationalities and parts -------------------------------------------------------------------


def test_nationalities_with_counts_are_bars_of_their_values(
    seed_facts: pd.DataFrame, seed_named: pd.DataFrame
) -> None:
    fig = charts.plot_nationalities(seed_facts, seed_named)
    bars = [p for p in fig.axes[0].patches if isinstance(p, Rectangle)]
    assert sorted(p.get_width() for p in bars) == [19, 25, 25, 25]
    assert all(p.get_x() == 0 for p in bars)


def test_a_part_among_the_nationality_bars_says_whose_part_it_is(
    seed_facts: pd.DataFrame, seed_named: pd.DataFrame
) -> None:
    # two bars of one country are never read as two groups: the 25 re-arrested aboard the
    # flight are the 25 arrested in Phnom Penh
    fig = charts.plot_nationalities(seed_facts, seed_named, country="JP")
    names = [" ".join(t.get_text().split()) for t in fig.axes[0].get_yticklabels()]
    assert "Japan: 25 of the 25 arrested, 9 Nov 2023" in names, names
    assert "Japan: arrested in Phnom Penh, before 9 Nov 2023" in names, names


def test_nationalities_named_without_counts_are_equal_marks(
    seed_facts: pd.DataFrame, seed_named: pd.DataFrame
) -> None:
    fig = charts.plot_nationalities(seed_facts, seed_named, country="JP")
    marks = collection(fig, "named")
    assert isinstance(marks, PathCollection)
    assert len(marks.get_offsets()) == 20
    assert len(set(marks.get_sizes())) == 1
    faces = [tuple(c) for c in marks.get_facecolors()]
    assert sum(f != (1.0, 1.0, 1.0, 1.0) for f in faces) == 1  # Japan, highlighted
    names = [t.get_text() for t in fig.axes[-1].texts]
    assert "China (including Taiwan)" in names and "Russia" in names


def test_a_part_is_drawn_inside_its_whole_never_stacked_on_it(seed_facts: pd.DataFrame) -> None:
    fig = charts.plot_parts(seed_facts)
    (ax,) = fig.axes
    wholes = [p for p in ax.patches if p.get_gid() == "wholes"]
    parts = [p for p in ax.patches if p.get_gid() == "parts"]
    assert [p.get_width() for p in wholes] == [100.0, 100.0, 100.0]
    assert [p.get_x() for p in parts] == [0.0, 0.0, 0.0]
    assert [round(p.get_width(), 6) for p in parts] == [
        100.0,
        round(476 / 2825 * 100, 6),
        round(5 / 75 * 100, 6),
    ]
    assert ax.get_xlim() == (0.0, 100.0)
    texts = [" ".join(t.get_text().split()) for t in ax.texts]
    assert texts == [
        "Arrested, before 9 Nov 2023: 25 re-arrested aboard the deportation flight of 25 (100.0%)",
        "Deported, by 16 Oct 2025: 476 women of 2,825 (16.8%)",
        "Tried, by 16 Oct 2025: 5 women of 75 (6.7%)",
    ]


# --- every chart -------------------------------------------------------------------------------

PLOTS: list[tuple[str, Callable[..., Figure], dict[str, Any]]] = [
    ("timeline", charts.plot_timeline, {}),
    ("volume", charts.plot_volume, {}),
    ("monthly", charts.plot_volume, {"monthly": True}),
    ("cumulative", charts.plot_cumulative, {}),
    ("parts", charts.plot_parts, {}),
]


@pytest.mark.parametrize(("name", "plot", "kwargs"), PLOTS, ids=[p[0] for p in PLOTS])
def test_an_empty_selection_gives_a_figure_that_says_so(
    seed_facts: pd.DataFrame, name: str, plot: Callable[..., Figure], kwargs: dict[str, Any]
) -> None:
    fig = plot(seed_facts, start="2024-01-01", end="2024-12-31", **kwargs)
    assert isinstance(fig, Figure)
    assert body_text(fig).startswith(
        "No figures were reported for this selection (1 January 2024 to 31 December 2024)"
    )
    assert "no figures were reported" in charts.alt_text(fig)
    style.render(fig, "png")


def test_nationalities_of_a_country_never_named_says_so(
    seed_facts: pd.DataFrame, seed_named: pd.DataFrame
) -> None:
    fig = charts.plot_nationalities(seed_facts, seed_named, country="FR")
    assert body_text(fig).startswith(
        "No figures were reported for this selection (people from France)"
    )


@pytest.mark.parametrize(("name", "plot", "kwargs"), PLOTS, ids=[p[0] for p in PLOTS])
def test_svg_and_png_are_byte_identical_across_two_renders(
    seed_facts: pd.DataFrame, name: str, plot: Callable[..., Figure], kwargs: dict[str, Any]
) -> None:
    first, second = plot(seed_facts, **kwargs), plot(seed_facts, **kwargs)
    for fmt in ("svg", "png"):
        assert style.render(first, fmt) == style.render(second, fmt)
    assert b"<dc:date>" not in style.render(first, "svg")


@pytest.mark.parametrize(("name", "plot", "kwargs"), PLOTS, ids=[p[0] for p in PLOTS])
def test_every_chart_has_a_title_a_source_line_and_a_one_sentence_alt_text(
    seed_facts: pd.DataFrame, name: str, plot: Callable[..., Figure], kwargs: dict[str, Any]
) -> None:
    fig = plot(seed_facts, **kwargs)
    assert style.source_text(fig).startswith("Source: ")
    alt = charts.alt_text(fig)
    assert alt.endswith(".") and "\n" not in alt and alt.count(". ") == 0


def test_charts_use_no_pyplot_state(seed_facts: pd.DataFrame, seed_named: pd.DataFrame) -> None:
    before = len(Gcf.get_all_fig_managers())
    charts.plot_timeline(seed_facts)
    charts.plot_nationalities(seed_facts, seed_named)
    assert len(Gcf.get_all_fig_managers()) == before


def test_article_text_with_dollar_signs_is_drawn_as_text_not_mathematics(
    make_facts: Callable[..., pd.DataFrame], figure: Any
) -> None:
    facts = make_facts(
        figure("a", 25, location="the $x$ site"),
        figure("b", 25, location="the $y$ site", authority="Police"),
    )
    fig = charts.plot_timeline(facts)
    texts = [t for ax in fig.axes for t in ax.texts if t.get_gid() == "a"]
    assert texts[0].get_text() == "25 in the $x$ site"
    assert all(not t._parse_math for ax in fig.axes for t in ax.texts)
    style.render(fig, "png")


def test_a_figure_shows_itself_in_a_notebook_as_png_with_its_alt_text(
    seed_facts: pd.DataFrame,
) -> None:
    fig = charts.plot_parts(seed_facts)
    data, metadata = fig._repr_mimebundle_()  # type: ignore[attr-defined]
    assert data["text/plain"] == charts.alt_text(fig)
    assert metadata["image/png"]["alt"] == charts.alt_text(fig)


def test_axes_share_one_date_range_across_panels(seed_facts: pd.DataFrame) -> None:
    fig = charts.plot_cumulative(seed_facts)
    limits = {tuple(np.round(ax.get_xlim(), 6)) for ax in fig.axes if isinstance(ax, Axes)}
    assert len(limits) == 1


def test_a_monthly_estimate_is_never_titled_as_a_reported_month(seed_facts: pd.DataFrame) -> None:
    fig = charts.plot_volume(seed_facts, metrics=["arrested"], monthly=True)
    text = body_text(fig)
    title = text[: text.index("Reported figures per calendar month")]
    assert "reported" not in title
    assert title.startswith("Spread evenly over its period, a total comes to about 1,339 arrested")


def every_chart(facts: pd.DataFrame, named: pd.DataFrame, readings: Any = None) -> list[Figure]:
    """Every chart a report draws, on `facts`, with the readings of disputed facts."""
    with_readings = {"readings": readings}
    return [
        charts.plot_timeline(facts, **with_readings),
        charts.plot_volume(facts, **with_readings),
        charts.plot_volume(facts, monthly=True),
        charts.plot_cumulative(facts, **with_readings),
        charts.plot_nationalities(facts, named, **with_readings),
        charts.plot_parts(facts, **with_readings),
    ]


@pytest.fixture(params=["seed", "multi"])
def drawn_charts(
    request: pytest.FixtureRequest,
    seed_facts: pd.DataFrame,
    seed_named: pd.DataFrame,
    multi_counted: Any,
) -> list[Figure]:
    """Every chart, on the seed fixture and on the multi-article one (with its readings)."""
    if request.param == "seed":
        return every_chart(seed_facts, seed_named)
    return every_chart(multi_counted[0], multi_counted[2], multi_counted[1])


def test_no_chart_text_is_under_11_pixels_on_a_390_pixel_screen(
    drawn_charts: list[Figure],
) -> None:
    for fig in drawn_charts:
        texts = [
            t
            for t in fig.findobj(Text)
            if isinstance(t, Text) and t.get_visible() and t.get_text().strip()
        ]
        assert texts
        smallest = min(style.pixels_on_phone(float(t.get_fontsize())) for t in texts)
        assert smallest >= style.MIN_TEXT_PX, fig.title  # type: ignore[attr-defined]


def _mark_colours(fig: Figure) -> list[tuple[str, list[Any]]]:
    """(gid, [face and edge colours]) of every collection and bar drawn in the axes."""
    marks: list[tuple[str, list[Any]]] = []
    for ax in fig.axes:
        for c in ax.collections:
            colours = [*c.get_facecolors(), *c.get_edgecolors()]
            marks.append((str(c.get_gid()), colours))
        for p in ax.patches:
            marks.append((str(p.get_gid()), [p.get_facecolor(), p.get_edgecolor()]))
    return marks


def test_every_mark_has_3_to_1_contrast_on_white(drawn_charts: list[Figure]) -> None:
    for fig in drawn_charts:
        for gid, colours in _mark_colours(fig):
            visible = [c for c in colours if to_rgba(c)[3] > 0]
            assert visible, gid
            best = max(style.contrast(c) for c in visible)
            assert best >= style.MIN_CONTRAST, (fig.title, gid)  # type: ignore[attr-defined]


def test_every_metric_colour_has_3_to_1_contrast_on_white() -> None:
    for metric in model.METRIC_LOOKS:
        assert style.contrast(style.metric_colour(metric)) >= style.MIN_CONTRAST, metric


def test_the_monthly_view_never_adds_facts_that_may_count_the_same_people(
    multi_counted: Any,
) -> None:
    facts, _, _ = multi_counted
    fig = charts.plot_volume(facts, monthly=True)
    panels = [ax.get_title(loc="left") for ax in fig.axes]
    assert "Arrested" not in panels  # its totals overlap: never summed by month
    assert any(n.startswith("Arrested is not drawn: its ") for n in fig.notes)  # type: ignore[attr-defined]
