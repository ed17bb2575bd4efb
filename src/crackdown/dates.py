"""Dates as values: what a cell, a Timestamp or an ISO string means as a calendar day.

Dates in words are crackdown.wording's (`wording.date`, `wording.period`)."""

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
    """'16 October 2025' (day), 'November 2023' (month) or '2023' (year): crackdown.wording.date."""
    from crackdown import wording

    return wording.date(value, precision)
