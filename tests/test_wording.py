"""Numbers, qualifiers, dates, periods, rates and shares in words: one wording for sentences,
chart labels and tables, so that one fact reads the same everywhere."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

from crackdown import model, wording
from crackdown.errors import ModelError, ParameterError


def fact(facts: pd.DataFrame, fact_id: str) -> dict[str, Any]:
    return facts.set_index("fact_id").loc[fact_id].to_dict() | {"fact_id": fact_id}


@pytest.mark.parametrize(
    ("fact_id", "expected"),
    [
        ("asiae-2025-arrested", "3,455"),
        ("dp-defrauded-usd-1-6m", "about $1.6 million"),
        ("dp-deported-19-jp-april", "19"),
        ("asiae-2025-deported", "2,825"),
    ],
)
def test_figure_of_each_standing_fact(
    seed_facts: pd.DataFrame, fact_id: str, expected: str
) -> None:
    assert wording.figure(fact(seed_facts, fact_id)) == expected


def test_figure_of_a_rounded_statement(seed: Any) -> None:
    rounded = seed.figures.set_index("figure_id").loc["asiae-arrested-3400-more-than"]
    assert wording.figure(rounded) == "more than 3,400"


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (1_600_000, "usd", "$1.6 million"),
        (2_250_000_000, "usd", "$2.25 billion"),
        (1_234_567, "usd", "$1,234,567"),
        (12_500, "usd", "$12,500"),
        (2_500_000, "people", "2.5 million"),
        (3455, "people", "3,455"),
        (10, "cases", "10"),
    ],
)
def test_numbers_are_written_as_a_newspaper_would(value: float, unit: str, expected: str) -> None:
    assert wording.number(value, unit) == expected


@pytest.mark.parametrize(
    ("start", "end", "precision", "sentence", "label"),
    [
        (
            "2025-07-27",
            "2025-10-14",
            "range",
            "between 27 July and 14 October 2025",
            "27 Jul\u201314 Oct 2025",
        ),
        (
            "2025-10-03",
            "2025-10-14",
            "range",
            "between 3 and 14 October 2025",
            "3 Oct\u201314 Oct 2025",
        ),
        (
            "2024-12-27",
            "2025-01-14",
            "range",
            "between 27 December 2024 and 14 January 2025",
            "27 Dec 2024\u201314 Jan 2025",
        ),
        ("2023-04-01", "2023-04-30", "month", "in April 2023", "Apr 2023"),
        ("2023-01-01", "2023-12-31", "year", "in 2023", "2023"),
        ("2023-11-09", "2023-11-09", "day", "on 9 November 2023", "9 Nov 2023"),
        (None, "2023-11-09", "on_or_before", "before 9 November 2023", "before 9 Nov 2023"),
        (
            pd.NaT,
            pd.Timestamp("2023-11-09"),
            "on_or_before",
            "before 9 November 2023",
            "before 9 Nov 2023",
        ),
    ],
)
def test_a_period_in_a_sentence_and_in_a_chart_label(
    start: Any, end: Any, precision: str, sentence: str, label: str
) -> None:
    assert wording.period(start, end, precision) == sentence
    assert wording.period(start, end, precision, short=True) == label


def test_period_refuses_an_unknown_precision() -> None:
    with pytest.raises(ParameterError, match="precision 'week'"):
        wording.period("2025-07-27", "2025-10-14", "week")


def test_every_qualifier_of_the_data_package_has_its_words() -> None:
    assert set(wording.QUALIFIERS) == set(model.enums().qualifiers)


def test_an_unknown_qualifier_is_refused_not_written_blank() -> None:
    with pytest.raises(ModelError, match="qualifier 'roughly'"):
        wording.amount(10, "roughly")


@pytest.mark.parametrize(
    ("value", "qualifier", "unit", "expected"),
    [
        (3400, "more_than", "people", "more than 3,400"),
        (1_600_000, "about", "usd", "about $1.6 million"),
        (3455, "exact", "people", "3,455"),
        (20, "up_to", "people", "up to 20"),
    ],
)
def test_amount_writes_the_qualifier_before_the_number(
    value: float, qualifier: str, unit: str, expected: str
) -> None:
    assert wording.amount(value, qualifier, unit) == expected


def test_a_fact_reads_the_same_from_its_row_as_from_its_values(seed_facts: pd.DataFrame) -> None:
    for row in seed_facts.to_dict("records"):
        assert wording.figure(row) == wording.amount(row["value"], row["qualifier"], row["unit"])


@pytest.mark.parametrize(
    ("fact_id", "long", "short"),
    [
        ("asiae-2025-deported", "by 16 October 2025", "by 16 Oct 2025"),
        ("asiae-2025-arrested", "between 27 July and 14 October 2025", "27 Jul\u201314 Oct 2025"),
        ("dp-arrested-25-jp-phnom-penh", "before 9 November 2023", "before 9 Nov 2023"),
    ],
)
def test_when_a_fact_happened_long_and_short(
    seed_facts: pd.DataFrame, fact_id: str, long: str, short: str
) -> None:
    row = fact(seed_facts, fact_id)
    assert wording.when(row) == long
    assert wording.when(row, short=True) == short


@pytest.mark.parametrize(
    ("fact_id", "expected"),
    [
        ("asiae-2025-arrested", "about 43 a day"),
        ("asiae-tried-75", "about 6.4 a week"),
        ("dp-deported-19-jp-april", ""),  # a month band: no rate
        ("dp-arrested-25-jp-phnom-penh", ""),  # undated: no rate
    ],
)
def test_a_rate_only_where_the_period_is_stated_in_days(
    seed_facts: pd.DataFrame, fact_id: str, expected: str
) -> None:
    assert wording.rate(fact(seed_facts, fact_id)) == expected


def test_share_of_a_whole() -> None:
    assert wording.share(476, 2825) == "16.8%"


def test_a_selection_in_words() -> None:
    asked = model.Selection(metrics=["arrested", "deported"], start="2024-01-01", nationality="jp")
    assert (
        wording.selection(asked) == "arrested or deported; people from Japan; from 1 January 2024"
    )
    assert wording.selection(model.Selection()) == "all figures"


def test_country_names_are_the_ones_newspapers_use() -> None:
    assert [wording.country(c) for c in ("KR", "MM", "VN", "jp")] == [
        "South Korea",
        "Myanmar",
        "Vietnam",
        "Japan",
    ]
