"""Numbers, qualifiers, dates, periods, rates and shares in words: the one place that writes
them, so that a fact reads the same in a sentence, a chart label, a table cell and a preview.

    number(1_600_000, "usd")            '$1.6 million'
    amount(3400, "more_than")           'more than 3,400'
    figure(fact)                        the same, from a fact's value, qualifier and unit
    date("2025-10-16"), short_date(…)   '16 October 2025', '16 Oct 2025'
    period(start, end, precision)       'between 27 July and 14 October 2025', 'in April 2023'
    period(…, short=True)               '27 Jul-14 Oct 2025' (an en dash), 'Apr 2023'
    when(fact), when(fact, short=True)  a fact's period, a running total's 'by 16 October 2025'
    rate(fact)                          'about 43 a day'
    share(476, 2825)                    '16.8%'
    country("KR")                       'South Korea'

Every function takes plain values or a fact row (a mapping or a pandas row) and returns plain
text; escaping it for Markdown or HTML is the caller's business.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from datetime import date as Date
from datetime import datetime
from functools import cache
from typing import Any

import pandas as pd

from crackdown import model
from crackdown.dates import as_date
from crackdown.errors import ModelError, ParameterError

Fact = Mapping[Any, Any] | pd.Series

#: Each qualifier as a newspaper writes it before a number.
QUALIFIERS: Mapping[str, str] = {
    "exact": "",
    "more_than": "more than",
    "at_least": "at least",
    "about": "about",
    "nearly": "nearly",
    "up_to": "up to",
}

#: How one fact relates to another (data/relations.csv), as the middle of a sentence.
RELATIONS: Mapping[str, str] = {
    "includes": "includes",
    "same_people": "counts the same people as",
    "may_overlap": "may count some of the same people or events as",
    "corrects": "corrects, and withdraws,",
}

#: The country every figure is about: a location equal to it goes without saying.
HOME = "Cambodia"

# A location that starts with one of these is a phrase already ("aboard the flight").
_PREPOSITIONS = ("aboard", "at", "in", "on", "near", "across", "inside", "outside", "off", "along")

# Qualifiers that bound a number; a rate keeps them, any other becomes "about".
_BOUNDS = ("more than", "at least", "nearly", "up to")


def qualifier(name: str) -> str:
    """The words of a qualifier ('more than'; '' for exact); a ModelError for an unknown one."""
    try:
        return QUALIFIERS[name]
    except KeyError:
        raise ModelError(
            f"qualifier {name!r} has no words in crackdown.wording.QUALIFIERS"
        ) from None


def relation(name: str) -> str:
    """How a fact relates to another ('counts the same people as'); a ModelError for an unknown
    relation."""
    try:
        return RELATIONS[name]
    except KeyError:
        raise ModelError(f"relation {name!r} has no words in crackdown.wording.RELATIONS") from None


def number(value: float, unit: str = "people") -> str:
    """'3,455', '$1.6 million', '$12,500', '2.5 million': a value as a newspaper writes it."""
    money = "$" if unit == "usd" else ""
    for scale, word in ((1e9, "billion"), (1e6, "million")):
        scaled = value / scale
        if abs(value) >= scale and round(scaled, 2) == scaled:
            return f"{money}{scaled:,.2f}".rstrip("0").rstrip(".") + f" {word}"
    if float(value).is_integer():
        return f"{money}{value:,.0f}"
    return f"{money}{value:,.2f}" if money else f"{value:,.1f}"


def amount(value: float, qualifier_name: str = "exact", unit: str = "people") -> str:
    """A number with its qualifier: 'more than 3,400', 'about $1.6 million', '3,455'."""
    words = qualifier(qualifier_name)
    written = number(value, unit)
    return f"{words} {written}" if words else written


def figure(fact: Fact) -> str:
    """A fact's value with its qualifier: '3,455', 'more than 3,400', 'about $1.6 million'."""
    return amount(float(fact["value"]), str(fact["qualifier"]), str(fact["unit"]))


def verb(metric: str) -> str:
    """What happened to those counted, as a past participle: 'arrested', 'brought to trial'."""
    return model.metric(metric).words


def noun(fact: Fact) -> str:
    """What is counted, plural or singular: 'people', 'women', 'cases', '' for money."""
    unit, sex = str(fact["unit"]), str(fact.get("sex", ""))
    one = float(fact["value"]) == 1 and fact["qualifier"] == "exact"
    if unit == "people":
        forms = {"female": ("woman", "women"), "male": ("man", "men")}.get(
            sex, ("person", "people")
        )
        return forms[0] if one else forms[1]
    if unit == "cases":
        return "case" if one else "cases"
    return ""


def place(location: str) -> str:
    """' in Phnom Penh', ' aboard the flight', or '' for no place or the home country."""
    if not location.strip() or location == HOME:
        return ""
    return f" {location}" if location.split()[0].lower() in _PREPOSITIONS else f" in {location}"


def date(value: Date | datetime | pd.Timestamp | str, precision: str = "day") -> str:
    """'16 October 2025' (day), 'November 2023' (month) or '2023' (year)."""
    d = as_date(value)
    if precision == "year":
        return str(d.year)
    if precision == "month":
        return f"{d:%B} {d.year}"
    return f"{d.day} {d:%B} {d.year}"


def short_date(value: Date | datetime | pd.Timestamp | str) -> str:
    """'16 Oct 2025': a date in a chart label."""
    d = as_date(value)
    return f"{d.day} {d:%b} {d.year}"


def optional_date(value: object) -> Date | None:
    """A date, or None for an empty value (None, '', NaN, NaT); a ParameterError otherwise."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str) and pd.isna(value):  # type: ignore[call-overload]
        return None
    if isinstance(value, Date | datetime | pd.Timestamp | str):
        return as_date(value)
    raise ParameterError(f"{value!r} is not a date", parameter="period")


def day_month(d: Date) -> str:
    """'27 July': a date whose year the sentence gives elsewhere."""
    return f"{d.day} {d:%B}"


def period(start: object, end: object, precision: str, *, short: bool = False) -> str:
    """A period as a sentence says it, or (`short`) as a chart label does:

    'between 27 July and 14 October 2025' / '27 Jul-14 Oct 2025'; 'in April 2023' / 'Apr 2023';
    'on 9 November 2023' / '9 Nov 2023'; 'before 9 November 2023' / 'before 9 Nov 2023'.
    An undated figure (on_or_before, or a range without a start) is known only to come before
    its end date.
    """
    first, last = optional_date(start), optional_date(end)
    if last is None:
        raise ParameterError("a period needs its end date", parameter="end")
    if precision not in model.enums().precisions:
        raise ParameterError(
            f"precision {precision!r} is not one of {', '.join(model.enums().precisions)}",
            parameter="precision",
        )
    if precision == "on_or_before" or (first is None and (short or precision == "range")):
        return f"before {short_date(last) if short else date(last)}"
    first = first or last
    if short:
        return _short_period(first, last, precision)
    if precision == "day" or first == last:
        return f"on {date(last)}"
    if precision == "month":
        return f"in {date(first, 'month')}"
    if precision == "year":
        return f"in {first.year}"
    if first.year != last.year:
        return f"between {date(first)} and {date(last)}"
    if first.month != last.month:
        return f"between {day_month(first)} and {date(last)}"
    return f"between {first.day} and {date(last)}"


def _short_period(first: Date, last: Date, precision: str) -> str:
    if precision == "month":
        return f"{first:%b} {first.year}"
    if precision == "year":
        return str(first.year)
    if first == last:
        return short_date(last)
    if first.year == last.year:
        return f"{first.day} {first:%b}\u2013{short_date(last)}"
    return f"{short_date(first)}\u2013{short_date(last)}"


def when(fact: Fact, *, short: bool = False) -> str:
    """A fact's period: `period`, except that a running total is 'by 16 October 2025'."""
    undated = (
        fact["date_precision"] == "on_or_before" or optional_date(fact["period_start"]) is None
    )
    if fact["count_type"] == "cumulative_to_date" and not undated:
        end = fact["period_end"]
        return f"by {short_date(end) if short else date(end)}"
    return period(
        fact["period_start"], fact["period_end"], str(fact["date_precision"]), short=short
    )


def alternative(fact: Fact, other: Fact, *, short: bool = False) -> str:
    """How another reading of a fact differs from the one shown: 'or 271', 'or from 27 June',
    'or to 30 June', 'or 271 in July 2025' (short: 'or from 27 Jun').

    `other` is a row of counting.readings (a value, qualifier and period).
    """
    pieces = []
    if float(other["value"]) != float(fact["value"]) or other["qualifier"] != fact["qualifier"]:
        pieces.append(amount(float(other["value"]), str(other["qualifier"]), str(fact["unit"])))
    first, last = optional_date(fact["period_start"]), optional_date(fact["period_end"])
    o_first, o_last = optional_date(other["period_start"]), optional_date(other["period_end"])
    same_kind = other["date_precision"] == fact["date_precision"] == "range"
    if (first, last) != (o_first, o_last):
        if same_kind and first and o_first and last == o_last:
            pieces.append(f"from {_day(o_first, last, short)}")
        elif same_kind and first == o_first and last and o_last:
            pieces.append(f"to {_day(o_last, None, short)}")
        else:
            when = period(
                other["period_start"],
                other["period_end"],
                str(other["date_precision"]),
                short=short,
            )
            if short and other["date_precision"] in ("day", "month", "year"):
                when = ("on " if other["date_precision"] == "day" else "in ") + when
            pieces.append(when)
    return "or " + " ".join(pieces) if pieces else ""


def _day(d: Date, year_of: Date | None, short: bool) -> str:
    """'27 June' (or '27 Jun') when the sentence's other date gives the year, else with it."""
    if year_of is not None and d.year == year_of.year:
        return f"{d.day} {d:%b}" if short else day_month(d)
    return short_date(d) if short else date(d)


def months(first: object, last: object) -> str:
    """'April 2023 to October 2025', or 'October 2025' when both fall in one month."""
    a, b = date(first, "month"), date(last, "month")  # type: ignore[arg-type]
    return a if a == b else f"{a} to {b}"


def rate_parts(fact: Fact) -> tuple[str, str] | None:
    """A fact's rate as ('about 43', 'a day'), or None when a rate would mislead.

    A rate is given only for a period total or a running total over a stated range (not a
    month- or year-precision band, not a single day, not an undated figure). It is per day,
    else per week, else per month, whichever first reaches 1.5.
    """
    days = fact["days"]
    if fact["date_precision"] != "range" or pd.isna(days) or float(days) < 2:
        return None
    if fact["count_type"] == "event":
        return None
    per_day = float(fact["value"]) / float(days)
    value, span = per_day, "a day"
    if value < 1.5:
        value, span = per_day * 7, "a week"
    if value < 1.5:
        value, span = per_day * 30.4375, "a month"
    if value < 1:
        return None
    shown = round(value) if value >= 10 else round(value, 1)
    if float(shown).is_integer():
        shown = int(shown)
    words = qualifier(str(fact["qualifier"]))
    if words not in _BOUNDS:
        words = "" if math.isclose(value, shown) and not words else "about"
    return f"{words} {number(float(shown), str(fact['unit']))}".strip(), span


def rate(fact: Fact) -> str:
    """'about 43 a day' for a fact over a stated range of days; '' when a rate would mislead."""
    parts = rate_parts(fact)
    return f"{parts[0]} {parts[1]}" if parts else ""


def share(part: float, whole: float) -> str:
    """A part as a share of its whole: '16.8%'."""
    return f"{100 * part / whole:.1f}%"


@cache
def country(code: str) -> str:
    """The English name of an ISO 3166-1 alpha-2 code ('KR' -> 'South Korea'), from CLDR."""
    from babel import Locale

    name = Locale("en").territories.get(code.upper())
    if not name:
        return code
    return re.sub(r"\s*\(.*\)$", "", str(name))


def times(n: int) -> str:
    """'twice', 'three times', '4 times'."""
    return {1: "once", 2: "twice", 3: "three times"}.get(n, f"{n:,} times")


def count(n: int, singular: str, plural: str | None = None) -> str:
    """'1 figure', '3 figures', '1,204 articles'."""
    return f"{n:,} {singular if n == 1 else (plural or singular + 's')}"


def selection(chosen: model.Selection) -> str:
    """A selection in words: 'arrested or deported; people from Japan; 1 January 2024 to …'."""
    from crackdown import counting

    asked = counting.selection_metrics(chosen.metrics)
    code = counting.selection_nationality(chosen.nationality)
    words = []
    if asked:
        words.append(" or ".join(asked) if len(asked) < 3 else ", ".join(asked))
    if code:
        words.append(f"people from {country(code)}")
    first, last = optional_date(chosen.start), optional_date(chosen.end)
    if first and last:
        words.append(f"{date(first)} to {date(last)}")
    elif first:
        words.append(f"from {date(first)}")
    elif last:
        words.append(f"until {date(last)}")
    return "; ".join(words) if words else "all figures"
