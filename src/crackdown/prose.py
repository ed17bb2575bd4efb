"""Numbers in sentences, computed from the counted facts and written as a newspaper would.

Every number here comes from a row: no report retypes one. Text that comes from articles
(locations, subjects, authorities) is escaped by `escape_markdown` wherever a function returns
Markdown, so that an article's `<script>`, `$...$` or `*stars*` is shown as text.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from functools import cache
from typing import Any

import pandas as pd

from crackdown import counting
from crackdown.dates import as_date, format_date
from crackdown.errors import ParameterError

QUALIFIER_WORDS = {
    "exact": "",
    "more_than": "more than",
    "at_least": "at least",
    "about": "about",
    "nearly": "nearly",
    "up_to": "up to",
}

#: What happened to the people or things counted, as a past participle ("were ...").
METRIC_VERBS = {
    "arrested": "arrested",
    "detained": "detained",
    "deported": "deported",
    "repatriated": "repatriated",
    "rescued": "rescued",
    "charged": "charged",
    "prosecuted": "prosecuted",
    "tried": "brought to trial",
    "convicted": "convicted",
    "defrauded": "defrauded",
    "cases": "recorded",
}

#: The country every figure is about: a location equal to it goes without saying.
HOME = "Cambodia"

# A location that starts with one of these is a phrase already ("aboard the flight").
_PREPOSITIONS = ("aboard", "at", "in", "on", "near", "across", "inside", "outside", "off", "along")

# Characters Markdown (or HTML inside it) would read as markup; CommonMark lets any ASCII
# punctuation be escaped with a backslash, which every renderer turns back into the character.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]{}()#+!|~$^<>&])")

Fact = Mapping[Any, Any] | pd.Series


def escape_markdown(text: str) -> str:
    """Article text made safe to put in Markdown: shown as written, never read as markup.

    Every character that Markdown or HTML would act on is backslash-escaped, so the text
    renders as itself both where raw HTML is escaped and where it is not.
    """
    flat = " ".join(str(text).split())
    return _MARKDOWN_SPECIAL.sub(r"\\\1", flat)


def number_phrase(value: float, unit: str = "people") -> str:
    """'3,455', '$1.6 million', '$12,500', '2.5 million': a value as a newspaper writes it."""
    money = "$" if unit == "usd" else ""
    for scale, word in ((1e9, "billion"), (1e6, "million")):
        scaled = value / scale
        if abs(value) >= scale and round(scaled, 2) == scaled:
            return f"{money}{scaled:,.2f}".rstrip("0").rstrip(".") + f" {word}"
    if float(value).is_integer():
        return f"{money}{value:,.0f}"
    return f"{money}{value:,.2f}" if money else f"{value:,.1f}"


def figure_phrase(fact: Fact) -> str:
    """The standing figure with its qualifier: '3,455', 'more than 3,400', 'about $1.6 million'."""
    words = QUALIFIER_WORDS.get(str(fact["qualifier"]), "")
    number = number_phrase(float(fact["value"]), str(fact["unit"]))
    return f"{words} {number}" if words else number


def _date(value: object) -> date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str) and pd.isna(value):  # type: ignore[call-overload]
        return None
    if isinstance(value, date | datetime | pd.Timestamp | str):
        return as_date(value)
    raise ParameterError(f"{value!r} is not a date", parameter="period")


def _day_month(d: date) -> str:
    return f"{d.day} {d:%B}"


def period_phrase(start: object, end: object, precision: str) -> str:
    """'between 27 July and 14 October 2025', 'in April 2023', 'on 9 November 2023', 'before …'.

    An undated figure (on_or_before, or a range without a start) is known only to come before
    its end date.
    """
    first, last = _date(start), _date(end)
    if last is None:
        raise ParameterError("a period needs its end date", parameter="end")
    if precision == "on_or_before" or (precision == "range" and first is None):
        return f"before {format_date(last)}"
    if first is None:
        first = last
    if precision == "day" or first == last:
        return f"on {format_date(last)}"
    if precision == "month":
        return f"in {format_date(first, 'month')}"
    if precision == "year":
        return f"in {first.year}"
    if precision != "range":
        raise ParameterError(
            f"precision {precision!r} is not one of day, month, year, range, on_or_before",
            parameter="precision",
        )
    if first.year != last.year:
        return f"between {format_date(first)} and {format_date(last)}"
    if first.month != last.month:
        return f"between {_day_month(first)} and {format_date(last)}"
    return f"between {first.day} and {format_date(last)}"


def share_phrase(part: float, whole: float) -> str:
    """A part as a share of its whole: '16.8%'."""
    return f"{100 * part / whole:.1f}%"


@cache
def country_name(code: str) -> str:
    """The English name of an ISO 3166-1 alpha-2 code ('KR' -> 'South Korea'), from CLDR."""
    from babel import Locale

    name = Locale("en").territories.get(code.upper())
    if not name:
        return code
    return re.sub(r"\s*\(.*\)$", "", str(name))


def noun(fact: Fact) -> str:
    """What is counted, plural or singular: 'people', 'women', 'cases', '' for money."""
    unit, sex = str(fact["unit"]), str(fact.get("sex", ""))
    one = float(fact["value"]) == 1 and fact["qualifier"] == "exact"
    if unit == "people":
        noun = {"female": ("woman", "women"), "male": ("man", "men")}.get(sex, ("person", "people"))
        return noun[0] if one else noun[1]
    if unit == "cases":
        return "case" if one else "cases"
    return ""


def _place(location: str) -> str:
    if not location.strip() or location == HOME:
        return ""
    first = location.split()[0].lower()
    safe = escape_markdown(location)
    return f" {safe}" if first in _PREPOSITIONS else f" in {safe}"


def rate_parts(fact: Fact) -> tuple[str, str] | None:
    """A figure's rate as ('about 43', 'a day'), or None when a rate would mislead.

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
    amount, span = per_day, "a day"
    if amount < 1.5:
        amount, span = per_day * 7, "a week"
    if amount < 1.5:
        amount, span = per_day * 30.4375, "a month"
    if amount < 1:
        return None
    shown = round(amount) if amount >= 10 else round(amount, 1)
    if float(shown).is_integer():
        shown = int(shown)
    words = QUALIFIER_WORDS.get(str(fact["qualifier"]), "")
    if words not in ("more than", "at least", "nearly", "up to"):
        words = "" if math.isclose(amount, shown) and not words else "about"
    number = number_phrase(float(shown), str(fact["unit"]))
    return f"{words} {number}".strip(), span


def rate_phrase(fact: Fact) -> str:
    """'about 43 a day' for a figure over a stated range of days; '' when a rate would mislead."""
    parts = rate_parts(fact)
    return f"{parts[0]} {parts[1]}" if parts else ""


def _verb(fact: Fact, plural: bool) -> str:
    done = METRIC_VERBS.get(str(fact["metric"]), str(fact["metric"]))
    if fact["count_type"] == "cumulative_to_date":
        return f"had been {done}"
    return f"{'were' if plural else 'was'} {done}"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _when(fact: Fact) -> tuple[str, str]:
    """The time phrase that opens a sentence, and the 'since …' that may close it."""
    start, end = fact["period_start"], fact["period_end"]
    if fact["count_type"] == "cumulative_to_date":
        last = as_date(end)
        first = _date(start)
        since = ""
        if first is not None and first != last:
            since = f" since {_day_month(first) if first.year == last.year else format_date(first)}"
        return f"by {format_date(last)}", since
    return period_phrase(start, end, str(fact["date_precision"])), ""


def _origin(fact: Fact, named: pd.DataFrame | None) -> str:
    code = str(fact.get("nationality", "") or "")
    if code:
        return f" from {country_name(code)}"
    if named is not None and not named.empty:
        countries = named.loc[named["fact_id"] == fact["fact_id"], "country"].nunique()
        if countries:
            return f" from {countries} {'country' if countries == 1 else 'countries'}"
    return ""


def fact_sentence(
    fact: Fact,
    *,
    named: pd.DataFrame | None = None,
    whole: Fact | None = None,
    authority: bool = False,
) -> str:
    """One fact as a sentence, its numbers computed and its article text escaped for Markdown.

    "Between 27 July and 14 October 2025, 3,455 people from 20 countries were arrested, about
    43 a day." The "from 20 countries" is counted from `named` (named_nationalities). With
    `whole`, a part is written as a share of it; with `authority`, who made the count is named.
    """
    if whole is not None:
        return _part_sentence(fact, whole)
    when, since = _when(fact)
    where = _place(str(fact.get("location", "") or ""))
    by = ""
    if authority and fact.get("authority"):
        by = f" by {escape_markdown(str(fact['authority']))}"
    rate = rate_phrase(fact)
    rate = f", {rate}" if rate else ""
    amount = figure_phrase(fact)
    if fact["unit"] == "usd":
        running = fact["count_type"] == "cumulative_to_date"
        if fact["metric"] == "defrauded":
            core = f"victims {'had been' if running else 'were'} defrauded of {amount}"
        else:
            done = METRIC_VERBS.get(str(fact["metric"]), str(fact["metric"]))
            core = f"{amount} {'had been' if running else 'was'} {done}"
        return f"{_capital(when)}, {core}{where}{by}{since}{rate}."
    what = noun(fact)
    plural = not (float(fact["value"]) == 1 and fact["qualifier"] == "exact")
    who = f"{amount} {what}{_origin(fact, named)}"
    return f"{_capital(when)}, {who} {_verb(fact, plural)}{where}{by}{since}{rate}."


def _part_sentence(part: Fact, whole: Fact) -> str:
    """'Of the 2,825 people deported by 16 October 2025, 476 (16.8%) were women.'"""
    when, _ = _when(whole)
    done = METRIC_VERBS.get(str(whole["metric"]), str(whole["metric"]))
    share = share_phrase(float(part["value"]), float(whole["value"]))
    sex = str(part.get("sex", ""))
    what = {"female": "women", "male": "men"}.get(sex) or escape_markdown(str(part["subject"]))
    what_whole = noun(whole)
    exact_whole = (
        part["value"] == whole["value"] and part["qualifier"] == whole["qualifier"] == "exact"
    )
    how_many = f"all {figure_phrase(part)}" if exact_whole else f"{figure_phrase(part)} ({share})"
    return (
        f"Of the {figure_phrase(whole)} {what_whole} {done} {when}, {how_many} were {what}."
    ).replace("  ", " ")


def describe_selection(
    *,
    metrics: Sequence[str] | str | None = None,
    start: object = None,
    end: object = None,
    nationality: str | None = None,
) -> str:
    """The selection in words: 'arrested or deported, people from Japan, 1 January 2024 to …'."""
    asked = counting.selection_metrics(metrics)
    code = counting.selection_nationality(nationality)
    words = []
    if asked:
        words.append(" or ".join(asked) if len(asked) < 3 else ", ".join(asked))
    if code:
        words.append(f"people from {country_name(code)}")
    first, last = _date(start), _date(end)
    if first and last:
        words.append(f"{format_date(first)} to {format_date(last)}")
    elif first:
        words.append(f"from {format_date(first)}")
    elif last:
        words.append(f"until {format_date(last)}")
    return "; ".join(words) if words else "all figures"


def summary(
    facts: pd.DataFrame,
    named: pd.DataFrame,
    *,
    metrics: Sequence[str] | str | None = None,
    start: object = None,
    end: object = None,
    nationality: str | None = None,
    limit: int = 20,
) -> str:
    """A Markdown bullet list of the selected facts in date order, each number computed.

    Parts follow their whole as shares of it; a fact stated more than once says so; facts that
    may count the same people twice are named with their authority and flagged. Beyond `limit`
    facts, the largest are listed and the rest counted.
    """
    chosen = counting.select(facts, metrics=metrics, start=start, end=end, nationality=nationality)
    selection = describe_selection(metrics=metrics, start=start, end=end, nationality=nationality)
    if chosen.empty:
        return f"No figures were reported for this selection ({selection})."
    shown = chosen
    if len(chosen) > limit:
        shown = chosen.nlargest(limit, "value", keep="first")
    by_id = facts.set_index("fact_id")
    repeats = counting.possible_repeats(shown)
    doubtful = set(repeats["fact_id"]) | set(repeats["other_fact_id"])
    order = _whole_then_parts(shown)
    articles = {s for cell in chosen["sources"] for s in str(cell).split("; ") if s}
    count = len(chosen)
    scope = "" if selection == "all figures" else f" ({escape_markdown(selection)})"
    lines = [
        f"{count} {'figure' if count == 1 else 'figures'} from {len(articles)} "
        f"{'article' if len(articles) == 1 else 'articles'}{scope}:",
        "",
    ]
    for fact in order.to_dict("records"):
        parent = fact["parent_fact_id"]
        whole = (by_id.loc[parent].to_dict() | {"fact_id": parent}) if parent else None
        sentence = fact_sentence(
            fact, named=named, whole=whole, authority=fact["fact_id"] in doubtful
        )
        extras = []
        if fact["n_statements"] > 1:
            extras.append(f"Stated {_times(int(fact['n_statements']))}, counted once.")
        if fact["conflict"]:
            extras.append("The statements of this figure disagree: see the sources.")
        lines.append("- " + " ".join([sentence, *extras]))
    for pair in repeats.to_dict("records"):
        number = number_phrase(float(pair["value"]), str(pair["unit"]))
        lines.append(
            f"\nThe two figures of {number} {pair['metric']} may count the same "
            f"{'people' if pair['unit'] == 'people' else 'things'} twice; they are not added together."
        )
    if len(chosen) > len(shown):
        lines.append(f"\nThe {len(shown)} largest of {len(chosen):,} figures are listed.")
    lines += _named_lines(by_id, named, nationality)
    return "\n".join(lines)


def _times(n: int) -> str:
    return {2: "twice", 3: "three times"}.get(n, f"{n} times")


def _whole_then_parts(chosen: pd.DataFrame) -> pd.DataFrame:
    """The facts in date order, each part right after its whole when the whole is there."""
    ids = set(chosen["fact_id"])
    anchor = chosen["parent_fact_id"].where(chosen["parent_fact_id"].isin(ids), chosen["fact_id"])
    position = pd.Series(range(len(chosen)), index=chosen["fact_id"].to_numpy())
    return chosen.assign(
        _anchor=anchor.map(position).to_numpy(),
        _part=(anchor != chosen["fact_id"]).to_numpy(),
    ).sort_values(["_anchor", "_part"], kind="stable")


def _named_lines(by_id: pd.DataFrame, named: pd.DataFrame, nationality: str | None) -> list[str]:
    """For a nationality, the facts that name it among others without a count."""
    code = counting.selection_nationality(nationality)
    if code is None or named.empty:
        return []
    lines = []
    for fact_id in dict.fromkeys(named.loc[named["country"] == code, "fact_id"]):
        if fact_id not in by_id.index:
            continue
        fact = by_id.loc[fact_id]
        countries = named.loc[named["fact_id"] == fact_id, "country"].nunique()
        when = period_phrase(fact["period_start"], fact["period_end"], str(fact["date_precision"]))
        done = METRIC_VERBS.get(str(fact["metric"]), str(fact["metric"]))
        lines.append(
            f"\n{country_name(code)} is also named, without a count, among the {countries} "
            f"countries of the {figure_phrase(fact)} {noun(fact)} {done} {when}."
        )
    return lines
