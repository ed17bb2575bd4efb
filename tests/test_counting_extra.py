"""The counting rules charts and prose need beyond the basic ones: selections, nationalities
named without counts, figures that may count the same people, and running totals."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import pytest

from conftest import counted
from crackdown import counting
from crackdown.errors import ParameterError

Make = Callable[..., pd.DataFrame]
Figure = Callable[..., dict[str, Any]]


def increments(*rows: dict[str, Any]) -> pd.DataFrame:
    """What each fact counted from hand-made figure rows adds to its running total, by fact id."""
    return counting.running_increments(counted(*rows)).set_index("fact_id")


def test_selection_keeps_facts_whose_period_overlaps_the_range(seed_facts: pd.DataFrame) -> None:
    chosen = counting.select(seed_facts, start="2025-10-15", end="2025-12-31")
    # The arrests end on 14 October; the running totals reach 16 October.
    assert "asiae-2025-arrested" not in set(chosen["fact_id"])
    assert "asiae-2025-deported" in set(chosen["fact_id"])


def test_undated_fact_overlaps_a_range_that_starts_before_its_date(
    seed_facts: pd.DataFrame,
) -> None:
    early = counting.select(seed_facts, metrics=["arrested"], start="2023-11-01", end="2023-11-30")
    late = counting.select(seed_facts, metrics=["arrested"], start="2023-11-10")
    assert "dp-arrested-25-jp-phnom-penh" in set(early["fact_id"])
    assert "dp-arrested-25-jp-phnom-penh" not in set(late["fact_id"])


def test_selection_by_nationality_and_metric(seed_facts: pd.DataFrame) -> None:
    chosen = counting.select(seed_facts, metrics="deported", nationality="jp")
    assert sorted(chosen["value"]) == [19, 25]


def test_empty_strings_and_none_select_everything(seed_facts: pd.DataFrame) -> None:
    assert len(counting.select(seed_facts, start="", end=None, nationality="")) == len(seed_facts)


@pytest.mark.parametrize(
    ("kwargs", "parameter", "words"),
    [
        ({"metrics": ["arested"]}, "metrics", "'arested'"),
        ({"nationality": "Japan"}, "nationality", "ISO 3166-1"),
        ({"start": "2025-13-01"}, "start", "YYYY-MM-DD"),
        ({"start": "2025-10-01", "end": "2025-01-01"}, "start", "swap them"),
    ],
)
def test_a_bad_selection_names_its_parameter(
    seed_facts: pd.DataFrame, kwargs: dict[str, Any], parameter: str, words: str
) -> None:
    with pytest.raises(ParameterError) as raised:
        counting.select(seed_facts, **kwargs)
    assert raised.value.first.parameter == parameter
    assert words in str(raised.value)


def test_twenty_nationalities_are_named_without_counts_for_the_2025_arrests(
    seed_named: pd.DataFrame,
) -> None:
    assert list(seed_named.columns) == counting.NAMED_COLUMNS
    assert len(seed_named) == 20
    assert set(seed_named["fact_id"]) == {"asiae-2025-arrested"}
    assert seed_named["country"].iloc[0] == "CN"
    assert seed_named["country"].iloc[-1] == "RU"
    first = seed_named.iloc[0]
    assert (first["metric"], first["value"]) == ("arrested", 3455)
    assert first["sources"] == "The Asia Business Daily, 16 October 2025"


def test_named_nationalities_without_articles_give_the_article_id(seed: Any) -> None:
    named = counting.named_nationalities(seed.figures, seed.nationalities)
    assert set(named["sources"]) == {"asiae-2025-10-16"}
    assert len(named) == 20


def test_a_country_listed_by_two_statements_of_one_fact_is_named_once(figure: Figure) -> None:
    figures = pd.DataFrame(
        [figure("head", 30, claim_group="g", in_headline=True), figure("body", 30, claim_group="g")]
    )
    for column in ("period_start", "period_end"):
        figures[column] = pd.to_datetime(figures[column])
    nationalities = pd.DataFrame(
        {
            "figure_id": ["head", "body", "body"],
            "position": [1, 1, 2],
            "country": ["VN", "VN", "TH"],
            "name_as_stated": ["Vietnam", "Vietnam", "Thailand"],
            "count": ["", "", ""],
        }
    )
    named = counting.named_nationalities(figures, nationalities)
    assert list(named["country"]) == ["VN", "TH"]
    assert set(named["fact_id"]) == {"g"}


def test_a_nationality_with_a_count_is_not_among_those_named_without(figure: Figure) -> None:
    figures = pd.DataFrame([figure("a", 30)])
    for column in ("period_start", "period_end"):
        figures[column] = pd.to_datetime(figures[column])
    nationalities = pd.DataFrame(
        {
            "figure_id": ["a", "a"],
            "position": [1, 2],
            "country": ["VN", "TH"],
            "name_as_stated": ["Vietnam", "Thailand"],
            "count": ["12", ""],
        }
    )
    assert list(counting.named_nationalities(figures, nationalities)["country"]) == ["TH"]


def test_two_equal_arrests_of_overlapping_periods_may_be_the_same_people(
    make_facts: Make, figure: Figure
) -> None:
    facts = make_facts(
        figure(
            "phnom-penh",
            25,
            period_start=None,
            period_end="2023-11-09",
            date_precision="on_or_before",
            count_type="event",
        ),
        figure(
            "flight",
            25,
            period_start="2023-11-09",
            period_end="2023-11-09",
            date_precision="day",
            count_type="event",
        ),
    )
    pairs = counting.possible_repeats(facts)
    assert len(pairs) == 1
    assert {pairs.iloc[0]["fact_id"], pairs.iloc[0]["other_fact_id"]} == {"phnom-penh", "flight"}


def test_the_seed_re_arrest_is_a_part_so_no_repeat_is_suspected(seed_facts: pd.DataFrame) -> None:
    assert counting.possible_repeats(seed_facts).empty


def test_equal_figures_of_separate_periods_are_not_repeats(
    make_facts: Make, figure: Figure
) -> None:
    facts = make_facts(
        figure("july", 40, period_start="2025-07-01", period_end="2025-07-31"),
        figure("august", 40, period_start="2025-08-01", period_end="2025-08-31"),
        figure(
            "deported", 40, metric="deported", period_start="2025-08-01", period_end="2025-08-31"
        ),
    )
    assert counting.possible_repeats(facts).empty


def test_a_running_total_adds_only_what_it_grew_by(figure: Figure) -> None:
    added = increments(
        figure(
            "sep",
            2000,
            metric="deported",
            count_type="cumulative_to_date",
            period_start="2025-07-27",
            period_end="2025-09-01",
        ),
        figure(
            "oct",
            2825,
            metric="deported",
            count_type="cumulative_to_date",
            period_start="2025-07-27",
            period_end="2025-10-16",
        ),
        figure("arrests", 3455),
    )
    assert added.loc["sep", "value"] == 2000
    assert added.loc["oct", "value"] == 825
    assert added.loc["oct", "reported_value"] == 2825
    assert added.loc["oct", "period_start"] == pd.Timestamp("2025-09-02")
    assert added.loc["oct", "days"] == 45
    assert added.loc["arrests", "value"] == 3455
    assert counting.total(added.loc[["sep", "oct"]].reset_index()) == 2825


def test_a_running_total_reported_lower_adds_nothing_and_is_flagged(figure: Figure) -> None:
    added = increments(
        figure("sep", 2000, count_type="cumulative_to_date", period_end="2025-09-01"),
        figure("oct", 1900, count_type="cumulative_to_date", period_end="2025-10-01"),
    )
    assert added.loc["oct", "value"] == 0
    assert bool(added.loc["oct", "shrank"])
    assert not bool(added.loc["sep", "shrank"])


def test_running_totals_of_different_nationalities_are_separate_series(figure: Figure) -> None:
    added = increments(
        figure(
            "cn", 300, nationality="CN", count_type="cumulative_to_date", period_end="2025-09-01"
        ),
        figure(
            "vn", 200, nationality="VN", count_type="cumulative_to_date", period_end="2025-10-01"
        ),
    )
    assert (added.loc["cn", "value"], added.loc["vn", "value"]) == (300, 200)
