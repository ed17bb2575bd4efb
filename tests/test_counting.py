"""The counting rules, each pinned on a small frame, and on the frozen seed project."""

from __future__ import annotations

import pandas as pd
import pytest

from conftest import ARTICLES
from conftest import figure_frame as frame
from conftest import figure_row as figure
from crackdown import counting, dataset
from crackdown.errors import CrackdownError


def test_headline_and_body_figures_count_once() -> None:
    figures = frame(
        figure("head", 3455, claim_group="g", in_headline=True),
        figure("rounded", 3400, claim_group="g", qualifier="more_than", value_low=3401),
        figure("body", 3455, claim_group="g"),
    )
    facts = counting.facts(figures, ARTICLES)
    assert len(facts) == 1
    fact = facts.iloc[0]
    assert (fact["fact_id"], fact["figure_id"], fact["value"]) == ("g", "body", 3455)
    assert fact["n_statements"] == 3
    assert not fact["conflict"]


def test_exact_figure_stands_over_a_qualified_one_from_a_later_article() -> None:
    figures = frame(
        figure("exact", 2825, claim_group="g"),
        figure(
            "over", 2800, claim_group="g", qualifier="more_than", value_low=2801, article_id="daily"
        ),
    )
    assert counting.facts(figures, ARTICLES).iloc[0]["figure_id"] == "exact"


def test_later_article_stands_when_both_are_exact() -> None:
    figures = frame(
        figure("first", 3455, claim_group="g"),
        figure("update", 3455, claim_group="g", article_id="daily"),
    )
    fact = counting.facts(figures, ARTICLES).iloc[0]
    assert fact["figure_id"] == "update"
    assert fact["sources"] == "Late Daily, 20 October 2025; Early Wire, 16 October 2025"


def test_outlets_that_disagree_are_a_conflict_and_the_later_figure_stands() -> None:
    figures = frame(
        figure("first", 3455, claim_group="g"),
        figure("other", 3500, claim_group="g", article_id="daily"),
    )
    conflicts = counting.conflicts(figures, ARTICLES)
    assert list(conflicts["figure_id"]) == ["first"]
    assert conflicts.iloc[0]["reason"] == "value"
    fact = counting.facts(figures, ARTICLES).iloc[0]
    assert fact["value"] == 3500
    assert fact["conflict"]


def test_a_rounded_figure_below_the_exact_one_is_not_a_conflict() -> None:
    figures = frame(
        figure("exact", 3455, claim_group="g"),
        figure("rounded", 3400, claim_group="g", qualifier="more_than", value_low=3401),
    )
    assert counting.conflicts(figures, ARTICLES).empty


def test_more_than_a_larger_number_than_the_standing_figure_is_a_conflict() -> None:
    figures = frame(
        figure("exact", 3455, claim_group="g"),
        figure("over", 3500, claim_group="g", qualifier="more_than", value_low=3501),
    )
    assert list(counting.conflicts(figures, ARTICLES)["figure_id"]) == ["over"]


def test_different_periods_for_one_fact_are_a_conflict() -> None:
    figures = frame(
        figure("a", 3455, claim_group="g"),
        figure("b", 3455, claim_group="g", period_end="2025-10-16", article_id="daily"),
    )
    conflicts = counting.conflicts(figures, ARTICLES)
    assert list(conflicts["reason"]) == ["period"]


def test_part_is_a_share_of_its_whole_and_never_added_to_it() -> None:
    figures = frame(
        figure("whole", 2825, metric="deported"),
        figure("women", 476, metric="deported", parent_figure_id="whole", sex="female"),
    )
    facts = counting.facts(figures, ARTICLES)
    parts = counting.parts(facts)
    assert parts.iloc[0]["share_pct"] == pytest.approx(476 / 2825 * 100)
    assert counting.total(counting.wholes_only(facts)) == 2825
    with pytest.raises(CrackdownError, match="cannot add a part to its whole"):
        counting.total(facts)


def test_figures_of_different_metrics_are_never_summed() -> None:
    facts = counting.facts(frame(figure("a", 10), figure("b", 20, metric="deported")), ARTICLES)
    with pytest.raises(CrackdownError, match="different metrics: arrested, deported"):
        counting.total(facts)


def test_rate_per_day_spreads_a_total_over_every_day_of_its_period() -> None:
    fact = counting.facts(frame(figure("a", 3455)), ARTICLES).iloc[0]
    assert fact["days"] == 80
    assert fact["per_day"] == pytest.approx(43.1875)


def test_month_precision_is_a_band_over_the_whole_month() -> None:
    figures = frame(
        figure(
            "april",
            19,
            period_start="2023-04-01",
            period_end="2023-04-30",
            date_precision="month",
            metric="deported",
        )
    )
    fact = counting.facts(figures, ARTICLES).iloc[0]
    assert (fact["band_start"], fact["band_end"]) == (
        pd.Timestamp("2023-04-01"),
        pd.Timestamp("2023-05-01"),
    )
    assert fact["days"] == 30


def test_an_undated_figure_has_no_days_and_no_rate() -> None:
    figures = frame(
        figure(
            "undated",
            25,
            period_start=None,
            period_end="2023-11-09",
            date_precision="on_or_before",
            count_type="event",
        )
    )
    fact = counting.facts(figures, ARTICLES).iloc[0]
    assert pd.isna(fact["days"]) and pd.isna(fact["per_day"])


def test_monthly_estimate_spreads_a_total_evenly_and_says_it_is_an_estimate() -> None:
    figures = frame(figure("a", 62, period_start="2025-07-01", period_end="2025-08-31"))
    monthly = counting.monthly_estimate(counting.facts(figures, ARTICLES))
    assert list(monthly["value"]) == pytest.approx([31, 31])
    assert monthly["estimated"].all()
    assert monthly["value"].sum() == pytest.approx(62)


def test_monthly_estimate_keeps_a_single_day_in_its_month_unestimated() -> None:
    figures = frame(
        figure(
            "a",
            25,
            period_start="2023-11-09",
            period_end="2023-11-09",
            date_precision="day",
            count_type="event",
        )
    )
    monthly = counting.monthly_estimate(counting.facts(figures, ARTICLES))
    assert list(monthly["value"]) == [25]
    assert not monthly["estimated"].any()


def test_seed_2025_arrests_count_once_as_3455_over_80_days(seed: dataset.Dataset) -> None:
    facts = counting.facts(seed.figures, seed.articles, seed.relations).set_index("fact_id")
    arrests = facts.loc["asiae-2025-arrested"]
    assert (arrests["value"], arrests["days"], round(arrests["per_day"])) == (3455, 80, 43)
    assert arrests["n_statements"] == 3
    assert (facts["metric"] == "arrested").sum() == 3  # 2025 total, Phnom Penh, aboard the flight
    assert not facts["disputed"].any()


def test_seed_parts_are_476_of_2825_5_of_75_and_the_25_arrested_again(
    seed: dataset.Dataset,
) -> None:
    parts = counting.parts(counting.facts(seed.figures, seed.articles, seed.relations))
    shares = {(p.part_value, p.whole_value): round(p.share_pct, 1) for p in parts.itertuples()}
    assert shares == {(476, 2825): 16.8, (5, 75): 6.7, (25, 25): 100.0}


def test_a_fact_lists_its_figures_and_articles_sorted_once_each_and_its_parent_fact() -> None:
    figures = frame(
        figure("b-wire", 3455, claim_group="g"),
        figure("a-daily", 3455, claim_group="g", article_id="daily"),
        figure("c-wire", 3455, claim_group="g", in_headline=True),
        figure("alone", 7),
        figure("women", 476, parent_figure_id="b-wire", sex="female"),
    )
    facts = counting.facts(figures, ARTICLES).set_index("fact_id")
    assert facts.loc["g", "figure_ids"] == "a-daily;b-wire;c-wire"
    assert facts.loc["g", "article_ids"] == "daily;wire"
    assert facts.loc["g", "sources"] == "Late Daily, 20 October 2025; Early Wire, 16 October 2025"
    assert facts.loc["alone", "figure_ids"] == "alone"
    assert facts.loc["alone", "article_ids"] == "wire"
    assert facts.loc["women", "parent_fact_id"] == "g"
    assert facts.loc["alone", "parent_fact_id"] == ""
