"""Shared fixtures: the real data, counted once per session, and small hand-made fact tables."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import pytest

from crackdown import counting, dataset

#: Two articles for hand-made figures: the first published before the second.
ARTICLES = pd.DataFrame(
    {
        "article_id": ["wire", "daily"],
        "outlet": ["Early Wire", "Late Daily"],
        "published_on": pd.to_datetime(["2025-10-16", "2025-10-20"]),
        "published_precision": ["day", "day"],
        "published_until": pd.to_datetime(["2025-10-16", "2025-10-20"]),
    }
)


def figure_row(figure_id: str, value: float, **fields: Any) -> dict[str, Any]:
    """One figure as data/figures.csv holds it, with defaults for everything not under test."""
    row: dict[str, Any] = {
        "figure_id": figure_id,
        "article_id": "wire",
        "metric": "arrested",
        "value": float(value),
        "value_low": float("nan"),
        "value_high": float("nan"),
        "qualifier": "exact",
        "unit": "people",
        "subject": "people",
        "nationality": "",
        "sex": "all",
        "location": "",
        "authority": "",
        "period_start": "2025-07-27",
        "period_end": "2025-10-14",
        "date_precision": "range",
        "count_type": "period_total",
        "parent_figure_id": "",
        "claim_group": "",
        "in_headline": False,
    }
    row.update(fields)
    return row


def counted(*rows: dict[str, Any]) -> pd.DataFrame:
    """The facts counted from hand-made figure rows (see `figure_row`)."""
    figures = pd.DataFrame(list(rows))
    for column in ("period_start", "period_end"):
        figures[column] = pd.to_datetime(figures[column].replace("", None))
    return counting.facts(figures, ARTICLES)


@pytest.fixture(scope="session")
def seed() -> dataset.Dataset:
    """The project's real, validated data."""
    return dataset.load()


@pytest.fixture(scope="session")
def seed_facts(seed: dataset.Dataset) -> pd.DataFrame:
    """The counted facts of the real data."""
    return counting.facts(seed.figures, seed.articles)


@pytest.fixture(scope="session")
def seed_named(seed: dataset.Dataset) -> pd.DataFrame:
    """The nationalities the real articles name without counts."""
    return counting.named_nationalities(seed.figures, seed.nationalities, seed.articles)


@pytest.fixture
def figure() -> Callable[..., dict[str, Any]]:
    """Make one figure row: figure("a", 10, metric="deported") (see `figure_row`)."""
    return figure_row


@pytest.fixture
def make_facts() -> Callable[..., pd.DataFrame]:
    """Count hand-made figure rows into facts: make_facts(figure("a", 10), figure("b", 5))."""
    return counted
