"""Dates as a newspaper writes them, at the precision they are known."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd


def as_date(value: date | datetime | pd.Timestamp | str) -> date:
    """A plain date from a date, datetime, Timestamp or ISO string."""
    if isinstance(value, pd.Timestamp | datetime):
        return value.date()
    if isinstance(value, str):
        return date.fromisoformat(value)
    return value


def format_date(value: date | datetime | pd.Timestamp | str, precision: str = "day") -> str:
    """'16 October 2025' (day), 'November 2023' (month) or '2023' (year)."""
    d = as_date(value)
    if precision == "year":
        return str(d.year)
    if precision == "month":
        return f"{d:%B} {d.year}"
    return f"{d.day} {d:%B} {d.year}"
