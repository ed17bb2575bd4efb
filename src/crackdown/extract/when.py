"""Dates as articles write them, resolved against the publication date.

"On November 9, 2023" (a day), "In April" (a month: the publication year, or the year
before when April is still ahead), "from July 27 to October 14" and "between 14 April and
30 April" (ranges), "since June 27" and "so far this year" (ranges ending at publication),
"last month", "on Wednesday" (the latest Wednesday on or before publication), "in the first
six months of the year", "in the past two weeks", "in 2023".
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from crackdown.numbers import words_to_number

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

# Month names are matched with a capital (so that the verb "may" is not May); other words
# also in a headline's title case.
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d{2}"
_PART = r"(?i:early|mid|late)[\s-]+"
_DAY_MONTH = (
    rf"(?:(?P<{{p}}m1>{_MONTH})\s+(?P<{{p}}d1>{_DAY})\b(?:,?\s+(?P<{{p}}y1>{_YEAR}))?"
    # "14 September", "the 14th of September"
    rf"|(?<![\d,.])(?P<{{p}}d2>{_DAY})\s+(?:of\s+)?(?P<{{p}}m2>{_MONTH})(?:,?\s+(?P<{{p}}y2>{_YEAR}))?"
    rf"|(?P<{{p}}part>{_PART})?(?P<{{p}}m3>{_MONTH})(?:\s+(?P<{{p}}y3>{_YEAR}))?)"
)


def _dm(prefix: str) -> str:
    return _DAY_MONTH.replace("{p}", prefix)


_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "range",
        re.compile(
            rf"(?:(?i:from|between|covering|spanning)\s+)?{_dm('a')}"
            # "between July 14, when the crackdown was ordered, and July 24"
            r"(?:,\s+(?i:when|the\s+day)\b[^,;.]{1,80},)?"
            rf"\s+(?i:to|and|until|till|through|-|\u2013)\s+{_dm('b')}"
        ),
    ),
    (
        "year_range",
        re.compile(
            rf"(?i:from|between)\s+(?P<y1>{_YEAR})\s+(?i:to|and|until|through|-|\u2013)\s+(?P<y2>{_YEAR})\b"
        ),
    ),
    (
        # "between January 2024 and the end of July this year", "from March 2023 to June 2024"
        "month_year_range",
        re.compile(
            rf"(?i:from|between)\s+(?P<m1>{_MONTH})\s+(?P<y1>{_YEAR})\s+"
            r"(?i:to|and|until|till|through|-|\u2013)\s+(?i:the\s+end\s+of\s+)?"
            rf"(?P<m2>{_MONTH})\b(?:,?\s+(?P<y2>{_YEAR})\b|\s+(?i:(?:of\s+)?this\s+year)\b)?"
        ),
    ),
    (
        # "between 2020 and November 2022"
        "year_month_range",
        re.compile(
            rf"(?i:from|between)\s+(?P<y1>{_YEAR})\s+(?i:to|and|until|through|-|\u2013)\s+"
            rf"(?P<m2>{_MONTH})\s+(?P<y2>{_YEAR})\b"
        ),
    ),
    (
        # "in December last year", "in March of this year": before "last year" or "this year"
        # alone is read as the whole year
        "month_last_year",
        re.compile(
            # not the month of a day ("on 15 December last year", "the 15th of December")
            r"(?<!\d\s)(?<!st\s)(?<!nd\s)(?<!rd\s)(?<!th\s)(?<!of\s)"
            rf"(?:(?i:in|during|of)\s+)?(?:(?P<part>{_PART}))?(?P<month>{_MONTH})\s+(?:(?i:of)\s+)?"
            r"(?P<which>(?i:last|this))\s+(?i:year)\b"
        ),
    ),
    # "since the start of 2022": from the first day of the year or month
    (
        "since",
        re.compile(
            r"(?i:since)\s+(?:(?i:the\s+)?(?i:start|beginning)\s+(?i:of)\s+)?"
            rf"(?:{_dm('a')}|(?P<ayear>{_YEAR})\b)"
        ),
    ),
    (
        "first_months",
        re.compile(
            r"(?i:(?:in|during|over)\s+)?(?i:the\s+)?(?i:first)\s+(?P<n>\w+)\s+(?i:months)\s+(?i:of)\s+"
            rf"(?:(?i:the|this)\s+(?i:year)|(?P<year>{_YEAR}))"
        ),
    ),
    (
        "first_half",
        re.compile(
            r"(?i:(?:in|during|over)\s+)?(?i:the\s+)?(?i:first)\s+(?P<unit>half|quarter)\s+(?i:of)\s+"
            rf"(?:(?i:the|this)\s+(?i:year)|(?P<year>{_YEAR}))"
        ),
    ),
    (
        "quarter",
        re.compile(
            r"(?i:(?:in|during|over)\s+)?(?i:the\s+)?(?P<q>(?i:first|second|third|fourth|final))\s+"
            rf"(?i:quarter)(?:\s+(?i:of)\s+(?:(?i:the|this)\s+(?i:year)|(?P<year>{_YEAR})))?"
            rf"|\b(?P<qn>Q[1-4])(?:\s+(?P<qyear>{_YEAR}))?\b"
        ),
    ),
    (
        "past",
        re.compile(
            r"(?i:in|over|during|within)\s+the\s+(?i:past|last|previous)\s+(?:(?P<n>\w+)\s+)?"
            # "in the past week" is seven days to publication; "the last week of May" is not
            r"(?P<unit>(?i:days|weeks|months|week|month))\b(?!\s+(?i:of)\b)"
        ),
    ),
    (
        # "on 29th of last month", "the 3rd of this month"
        "ordinal_month",
        re.compile(
            r"(?:(?i:on)\s+)?(?:(?i:the)\s+)?(?P<lo>[123]?\d)(?:st|nd|rd|th)\s+(?i:of)\s+"
            r"(?P<which>(?i:last|the\s+previous|this|the\s+same))\s+(?i:month)\b"
        ),
    ),
    (
        "relative",
        re.compile(
            r"(?P<phrase>(?i:(?:over|during|at)\s+the\s+weekend|last\s+weekend|this\s+weekend"
            r"|earlier\s+this\s+week|so\s+far\s+this\s+week|this\s+week"
            r"|since\s+the\s+(?:start|beginning)\s+of\s+(?:the|this)\s+month"
            r"|earlier\s+this\s+month|so\s+far\s+this\s+month|so\s+far\s+this\s+year|earlier\s+this\s+year|so\s+far\s+in\s+\d{4}"
            r"|year\s+to\s+date|so\s+far\s+(?:in\s+)?the\s+year"
            # "since the beginning of year 2024 until now", as translated reports write it
            r"|since\s+the\s+(?:start|beginning)\s+of\s+(?:(?:the|this)\s+)?year(?:\s+\d{4})?"
            r"(?:\s+(?:until|to|till|up\s+to)\s+(?:now|date|today))?"
            r"|from\s+the\s+(?:start|beginning)\s+of\s+(?:(?:the|this)\s+)?year(?:\s+\d{4})?"
            r"(?:\s+(?:until|to|till|up\s+to)\s+(?:now|date|today))?"
            r"|this\s+year|last\s+year|last\s+month|this\s+month|last\s+week"
            # "last night" is the evening before publication; "this morning" is its day
            r"|last\s+night|yesterday|(?:earlier\s+)?today|this\s+(?:morning|afternoon|evening)"
            # "in recent months" names no period: on or before publication, as no date would
            r"|(?:in|over)\s+recent\s+(?:days|weeks|months)))"
        ),
    ),
    (
        "day_pair",
        re.compile(
            rf"(?:(?i:on)\s+)?(?:(?i:the)\s+)?(?P<d1>{_DAY})\s+(?i:and|to|-|\u2013)\s+(?:(?i:the)\s+)?"
            rf"(?P<d2>{_DAY})(?:\s+(?i:of))?\s+(?P<m>{_MONTH})(?:,?\s+(?P<y>{_YEAR}))?"
            rf"|(?:(?i:on)\s+)?(?P<m2>{_MONTH})\s+(?P<e1>{_DAY})\s*(?i:and|to|-|\u2013)\s*(?P<e2>{_DAY})\b(?![,.]?\d)"
            rf"(?:,?\s+(?P<y2>{_YEAR}))?"
        ),
    ),
    (
        # "on the afternoon of 18/9", "Tuesday (18/3)": day/month, as wires of the region write it
        "numeric",
        re.compile(
            r"(?:(?i:on)\s+)?(?:(?i:the)\s+(?i:early\s+)?(?i:morning|afternoon|evening|night)\s+"
            # "in the days 11 and 12/12", "on 11-12/12": two days of one month
            r"(?i:of)\s+)?(?:(?<![\d/.,])(?P<nd0>[12]\d|3[01]|0?[1-9])\s*(?i:and|to|-|\u2013)\s*)?"
            r"(?<![\d/.,])(?P<nd>[12]\d|3[01]|0?[1-9])/(?P<nm>1[0-2]|0?[1-9])"
            r"(?:/(?P<ny>(?:19|20)\d{2}))?(?![\d/])(?!\s*(?i:hotline|service|support|operation|of)\b)"
        ),
    ),
    (
        "ordinal_pair",
        re.compile(
            r"(?:(?i:on)\s+)?(?i:the)\s+(?P<o1>[123]?\d)(?:st|nd|rd|th)\s+(?i:and|to|-|\u2013)\s+"
            r"(?:(?i:the)\s+)?(?P<o2>[123]?\d)(?:st|nd|rd|th)\b"
        ),
    ),
    (
        "ordinal",
        re.compile(
            rf"(?:(?i:on)\s+)?(?i:the)\s+(?P<o>[123]?\d)(?:st|nd|rd|th)\b(?!\s+(?:(?i:of)\s+)?{_MONTH})"
        ),
    ),
    (
        "day",
        re.compile(
            rf"(?:(?i:on)\s+)?(?:(?P<wd>{_MONTH})\s+(?P<dd>{_DAY})\b(?:,?\s+(?P<dy>{_YEAR}))?"
            # "on the 14th of September"
            rf"|(?:(?i:the)\s+)?(?<![\d,.])(?P<dd2>{_DAY})\s+(?:(?i:of)\s+)?(?P<wd2>{_MONTH})"
            rf"(?:,?\s+(?P<dy2>{_YEAR}))?)"
        ),
    ),
    (
        "weekday_pair",
        re.compile(
            r"(?:(?i:on|last)\s+)?(?P<w1>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
            r"\s+(?i:and|to|through|-|\u2013)\s+"
            r"(?P<w2>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
        ),
    ),
    (
        "ago",
        re.compile(
            r"(?P<n>\d{1,2}|(?i:a|an|one|two|three|four|five|six|seven|eight|nine|ten))\s+"
            r"(?P<unit>(?i:days?|weeks?))\s+(?i:ago|earlier)\b"
        ),
    ),
    (
        "weekday",
        re.compile(
            r"(?:(?i:on|last)\s+)?(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
        ),
    ),
    (
        "month",
        re.compile(
            rf"(?i:in|during|by|until|throughout|in\s+early|in\s+mid|in\s+late|of)\s+(?:(?P<part>{_PART}))?"
            rf"(?P<month>{_MONTH})(?:\s+(?P<year>{_YEAR}))?\b"
        ),
    ),
    (
        "year",
        re.compile(
            r"(?i:in|during|for|throughout|of)\s+(?:(?i:the\s+whole\s+of|the\s+year|all\s+of|the\s+year\s+of)\s+)?"
            rf"(?P<year>{_YEAR})\b"
        ),
    ),
)


@dataclass(frozen=True)
class Publication:
    """When an article appeared: its first possible day and its precision (day, month, year)."""

    on: date
    precision: str = "day"

    @property
    def until(self) -> date:
        """The last day the article may have appeared."""
        if self.precision == "month":
            return self.on.replace(day=calendar.monthrange(self.on.year, self.on.month)[1])
        if self.precision == "year":
            return self.on.replace(month=12, day=31)
        return self.on


@dataclass(frozen=True)
class DateMention:
    """A date in the text, its span (offsets in the sentence) and the period it names."""

    start: int
    end: int
    phrase: str
    period_start: date | None
    period_end: date
    precision: str
    to_publication: bool = False
    note: str = ""
    #: Told by its distance from another day ("a day later", "the previous day").
    offset: bool = False
    #: The last day of a running total ("as of Sunday"): its start is the operation's.
    up_to: bool = False

    @property
    def explicit_range(self) -> bool:
        """A stated span ("from ... to", "since"), as opposed to a day, month or year."""
        return self.precision == "range"


def month_end(d: date) -> date:
    """The last day of the month of `d`."""
    return d.replace(day=calendar.monthrange(d.year, d.month)[1])


def _month_number(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


_NON_DIGIT_RE = re.compile(r"\D")


def _day_number(text: str) -> int:
    return int(_NON_DIGIT_RE.sub("", text))


def _year_for(month: int, day: int, pub: Publication) -> int:
    """The publication year, or the year before when the date is after publication."""
    year = pub.until.year
    try:
        candidate = date(year, month, day)
    except ValueError:
        candidate = date(year, month, 28)
    return year - 1 if candidate > pub.until else year


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _first_day(part: str | None) -> int:
    word = (part or "").strip(" -").lower()
    return {"early": 1, "mid": 11, "late": 21}.get(word, 1)


def _from_groups(m: re.Match[str], prefix: str, pub: Publication) -> tuple[date, date, str] | None:
    """The period named by one _DAY_MONTH alternative: a day, or a whole month."""
    g = m.groupdict()
    for k in ("1", "2"):
        month_text, day_text, year_text = (
            g.get(f"{prefix}m{k}"),
            g.get(f"{prefix}d{k}"),
            g.get(f"{prefix}y{k}"),
        )
        if month_text and day_text:
            month, day = _month_number(month_text), _day_number(day_text)
            year = int(year_text) if year_text else _year_for(month, day, pub)
            d = _safe_date(year, month, day)
            return (d, d, "day") if d else None
    month_text = g.get(f"{prefix}m3")
    if month_text:
        month = _month_number(month_text)
        year_text = g.get(f"{prefix}y3")
        year = int(year_text) if year_text else _year_for(month, 1, pub)
        first = date(year, month, _first_day(g.get(f"{prefix}part")))
        return first, month_end(first), "month"
    return None


def _count(word: str) -> int | None:
    return int(word) if word.isdigit() else words_to_number(word)


def _shift_months(d: date, months: int) -> date:
    index = d.year * 12 + d.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(d.day, calendar.monthrange(year, month + 1)[1]))


def _resolve(kind: str, m: re.Match[str], pub: Publication) -> DateMention | None:
    g = m.groupdict()
    phrase = m.group(0)
    anchor = pub.until
    if kind == "range":
        span_a = _from_groups(m, "a", pub)
        span_b = _from_groups(m, "b", pub)
        if not span_a or not span_b:
            return None
        start, end = span_a[0], span_b[1]
        if start > end:
            start = (
                start.replace(year=start.year - 1)
                if start.replace(year=start.year - 1) <= end
                else start
            )
        if start > end:
            return None
        return _days(m, phrase, start, end)
    if kind == "month_year_range":
        first = date(int(g["y1"]), _month_number(g["m1"]), 1)
        year = int(g["y2"]) if g.get("y2") else pub.until.year
        last = month_end(date(year, _month_number(g["m2"]), 1))
        if first > last:
            return None
        return DateMention(m.start(), m.end(), phrase, first, last, "range")
    if kind == "year_month_range":
        first = date(int(g["y1"]), 1, 1)
        last = month_end(date(int(g["y2"]), _month_number(g["m2"]), 1))
        if first > last:
            return None
        return DateMention(m.start(), m.end(), phrase, first, last, "range")
    if kind == "since":
        if g.get("ayear"):
            start = date(int(g["ayear"]), 1, 1)
        else:
            since = _from_groups(m, "a", pub)
            if not since:
                return None
            start = since[0]
        if start >= anchor:
            return None
        return DateMention(
            m.start(),
            m.end(),
            phrase,
            start,
            anchor,
            "range",
            to_publication=True,
            note=f"'{phrase}' runs to publication",
        )
    if kind in ("first_months", "first_half"):
        if kind == "first_months":
            n = _count(g["n"])
            if not n or not 1 <= n <= 12:
                return None
        else:
            n = 6 if g["unit"].lower() == "half" else 3
        year = int(g["year"]) if g.get("year") else pub.until.year
        end = month_end(date(year, n, 1))
        if not g.get("year") and end > pub.until:
            year -= 1
            end = month_end(date(year, n, 1))
        return DateMention(m.start(), m.end(), phrase, date(year, 1, 1), end, "range")
    if kind == "quarter":
        q = (
            int(g["qn"][1])
            if g.get("qn")
            else {"first": 1, "second": 2, "third": 3, "fourth": 4, "final": 4}[g["q"].lower()]
        )
        given = g.get("year") or g.get("qyear")
        year = int(given) if given else pub.until.year
        if not given and date(year, 3 * q - 2, 1) > pub.until:
            year -= 1
        start, end = date(year, 3 * q - 2, 1), month_end(date(year, 3 * q, 1))
        return DateMention(m.start(), m.end(), phrase, start, end, "range")
    if kind == "past":
        n = _count(g["n"]) if g.get("n") else 1
        if not n or pub.precision != "day":
            return None
        unit = g["unit"].lower().rstrip("s") + "s"
        start = (
            anchor - timedelta(days=n * (7 if unit == "weeks" else 1))
            if unit != "months"
            else _shift_months(anchor, -n)
        )
        return DateMention(m.start(), m.end(), phrase, start, anchor, "range", to_publication=True)
    if kind == "relative":
        word = " ".join(g["phrase"].lower().split())
        told_year = re.search(r"\b(\d{4})\b", word)
        # "since the beginning of year 2024", "so far in 2024": that year's first day
        year_start = date(int(told_year.group(1)) if told_year else pub.until.year, 1, 1)
        if " recent " in word:
            return DateMention(
                m.start(),
                m.end(),
                phrase,
                None,
                pub.until,
                "on_or_before",
                note=f"'{phrase}': no date",
            )
        if word.endswith("this week"):
            monday = pub.on - timedelta(days=pub.on.weekday())
            return _so_far(m, phrase, pub, monday, "Monday of the week of publication")
        if word.endswith("weekend"):
            if pub.precision != "day":
                return None
            # the latest Saturday and Sunday strictly before publication
            sunday = pub.on - timedelta(days=(pub.on.weekday() + 1) % 7 or 7)
            saturday = sunday - timedelta(days=1)
            return DateMention(
                m.start(),
                m.end(),
                phrase,
                saturday,
                sunday,
                "range",
                note=f"'{phrase}': the Saturday and Sunday before publication",
            )
        if "month" in word and word != "last month" and word != "this month":
            return _so_far(m, phrase, pub, pub.on.replace(day=1), "the first of the month")
        if word in (
            "so far this year",
            "earlier this year",
            "this year",
            "year to date",
            "so far the year",
            "so far in the year",
        ) or word.startswith(("so far in", "since the", "from the")):
            if anchor == date(anchor.year, 12, 31):
                return DateMention(m.start(), m.end(), phrase, year_start, anchor, "year")
            return DateMention(
                m.start(),
                m.end(),
                phrase,
                year_start,
                anchor,
                "range",
                to_publication=True,
                note=f"'{phrase}': 1 January to publication",
            )
        if word == "last year":
            y = pub.on.year - 1
            return DateMention(m.start(), m.end(), phrase, date(y, 1, 1), date(y, 12, 31), "year")
        if pub.precision != "day" and word != "last month":
            return None
        if word == "last month":
            if pub.precision == "year":
                return None
            first = _shift_months(pub.on.replace(day=1), -1)
            return DateMention(m.start(), m.end(), phrase, first, month_end(first), "month")
        if word == "this month":
            first = pub.on.replace(day=1)
            if first == pub.on:
                return DateMention(m.start(), m.end(), phrase, first, first, "day")
            return DateMention(
                m.start(), m.end(), phrase, first, pub.on, "range", to_publication=True
            )
        if word == "last week":
            monday = pub.on - timedelta(days=pub.on.weekday() + 7)
            return DateMention(
                m.start(), m.end(), phrase, monday, monday + timedelta(days=6), "range"
            )
        today = pub.on - timedelta(days=1) if word in ("yesterday", "last night") else pub.on
        return DateMention(m.start(), m.end(), phrase, today, today, "day")
    if kind == "year_range":
        first_year, last_year = int(g["y1"]), int(g["y2"])
        if first_year > last_year or first_year > pub.until.year:
            return None
        end = min(date(last_year, 12, 31), pub.until)
        return DateMention(m.start(), m.end(), phrase, date(first_year, 1, 1), end, "range")
    if kind == "day_pair":
        month_text = g.get("m") or g.get("m2")
        first_text, last_text = g.get("d1") or g.get("e1"), g.get("d2") or g.get("e2")
        year_text = g.get("y") or g.get("y2")
        if not month_text or not first_text or not last_text:
            return None
        month = _month_number(month_text)
        last_day = _day_number(last_text)
        year = int(year_text) if year_text else _year_for(month, last_day, pub)
        a, b = _safe_date(year, month, _day_number(first_text)), _safe_date(year, month, last_day)
        if a is None or b is None or a > b:
            return None
        return _days(m, phrase, a, b)
    if kind in ("ordinal", "ordinal_pair"):
        if pub.precision == "year":
            return None
        days = [int(g["o"])] if kind == "ordinal" else [int(g["o1"]), int(g["o2"])]
        month_first = pub.until.replace(day=1)
        if max(days) > pub.until.day:
            month_first = _shift_months(month_first, -1)
        dates = [_safe_date(month_first.year, month_first.month, d) for d in days]
        if any(d is None for d in dates):
            return None
        a, b = min(d for d in dates if d), max(d for d in dates if d)
        note = (
            f"'{phrase}': in the month of publication"
            if month_first.month == pub.until.month
            else f"'{phrase}': in the month before publication"
        )
        return _days(m, phrase, a, b, note)
    if kind == "ordinal_month":
        first = pub.until.replace(day=1)
        if g["which"].lower().split()[-1] in ("last", "previous"):
            first = _shift_months(first, -1)
        told = _safe_date(first.year, first.month, int(g["lo"]))
        if told is None:
            return None
        return DateMention(m.start(), m.end(), phrase, told, told, "day")
    if kind == "numeric":
        day_n, month_n = int(g["nd"]), int(g["nm"])
        year_n = int(g["ny"]) if g.get("ny") else _year_for(month_n, day_n, pub)
        to_day = _safe_date(year_n, month_n, day_n)
        from_day = _safe_date(year_n, month_n, int(g["nd0"])) if g.get("nd0") else to_day
        if to_day is None or from_day is None or from_day > to_day:
            return None
        return _days(m, phrase, from_day, to_day, f"'{phrase}': day/month")
    if kind == "day":
        month_text = g.get("wd") or g.get("wd2")
        day_text = g.get("dd") or g.get("dd2")
        year_text = g.get("dy") or g.get("dy2")
        if not month_text or not day_text:
            return None
        month, day = _month_number(month_text), _day_number(day_text)
        year = int(year_text) if year_text else _year_for(month, day, pub)
        d = _safe_date(year, month, day)
        if d is None:
            return None
        return DateMention(m.start(), m.end(), phrase, d, d, "day")
    if kind == "weekday_pair":
        if pub.precision != "day":
            return None
        first_day = WEEKDAYS.index(g["w1"].lower())
        last_day = WEEKDAYS.index(g["w2"].lower())
        back = (pub.on.weekday() - last_day) % 7 or 7
        end = pub.on - timedelta(days=back)
        start = end - timedelta(days=(last_day - first_day) % 7)
        return _days(m, phrase, start, end, f"'{phrase}': the days before publication")
    if kind == "ago":
        if pub.precision != "day" or phrase.lower().endswith("earlier"):
            return None
        word = g["n"].lower()
        n = 1 if word in ("a", "an") else _count(word)
        if not n:
            return None
        span = n * (7 if g["unit"].lower().startswith("week") else 1)
        d = pub.on - timedelta(days=span)
        return DateMention(
            m.start(), m.end(), phrase, d, d, "day", note=f"'{phrase}' before publication"
        )
    if kind == "weekday":
        if pub.precision != "day":
            return None
        target = WEEKDAYS.index(g["weekday"].lower())
        back = (pub.on.weekday() - target) % 7
        if phrase.lower().startswith("last") and back == 0:
            back = 7
        d = pub.on - timedelta(days=back)
        return DateMention(
            m.start(),
            m.end(),
            phrase,
            d,
            d,
            "day",
            note=f"'{phrase}': the {g['weekday']} on or before publication",
        )
    if kind in ("month", "month_last_year"):
        month = _month_number(g["month"])
        year = (
            pub.until.year - (1 if g["which"].lower() == "last" else 0)
            if kind == "month_last_year"
            else int(g["year"])
            if g.get("year")
            else _year_for(month, 1, pub)
        )
        first = date(year, month, 1)
        note = f"'{phrase}' read as {first:%B %Y}" if not g.get("year") else ""
        return DateMention(m.start(), m.end(), phrase, first, month_end(first), "month", note=note)
    if kind == "year":
        year = int(g["year"])
        if year > pub.until.year:
            return None
        if year == pub.until.year and pub.until < date(year, 12, 31):
            return DateMention(
                m.start(),
                m.end(),
                phrase,
                date(year, 1, 1),
                pub.until,
                "range",
                to_publication=True,
                note=f"'{phrase}': 1 January to publication",
            )
        return DateMention(m.start(), m.end(), phrase, date(year, 1, 1), date(year, 12, 31), "year")
    return None


_MONTH_RE = re.compile(_MONTH)
_YEAR_RE = re.compile(rf"\b{_YEAR}\b")
_WEEKDAY_RE = re.compile(r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday")
_RELATIVE_CUES = (
    "year",
    "month",
    "week",
    "today",
    "yesterday",
    "night",
    "this ",
)  # "weekend" contains "week"


def _days(m: re.Match[str], phrase: str, first: date, last: date, note: str = "") -> DateMention:
    """The day, or the days from `first` to `last`, that `m` names."""
    return DateMention(
        m.start(), m.end(), phrase, first, last, "range" if first != last else "day", note=note
    )


def _so_far(
    m: re.Match[str], phrase: str, pub: Publication, first: date, since: str
) -> DateMention | None:
    """From `first` to the day of publication ("earlier this week"), for an article dated to the
    day and not published on `first` itself."""
    if pub.precision != "day" or first == pub.on:
        return None
    return DateMention(
        m.start(),
        m.end(),
        phrase,
        first,
        pub.on,
        "range",
        to_publication=True,
        note=f"'{phrase}': {since} to publication",
    )


#: Words that join the two ends of a range of dates.
_RANGE_CUES = (" to ", " and ", " until ", " till ", " through ", "-", "\u2013")


def _worth_trying(kind: str, low: str, month: bool, year: bool, weekday: bool) -> bool:
    """Whether a pattern can match at all: a cheap test that spares most regex searches."""
    if kind == "range":
        return month and any(cue in low for cue in _RANGE_CUES)
    if kind == "since":
        return "since" in low and (month or year)
    if kind in ("year_range", "year_month_range", "month_year_range"):
        return year and ("from" in low or "between" in low)
    if kind in ("first_months", "first_half"):
        return "first" in low
    if kind == "quarter":
        return "quarter" in low or " q" in low
    if kind == "past":
        return "past" in low or "last" in low or "previous" in low
    if kind == "relative":
        return any(cue in low for cue in _RELATIVE_CUES)
    if kind in ("day", "month", "day_pair", "month_last_year"):
        return month
    if kind == "ordinal_month":
        return "month" in low and " of " in low
    if kind == "numeric":
        return "/" in low
    if kind in ("ordinal", "ordinal_pair"):
        return "the " in low and any(suffix in low for suffix in ("st", "nd", "rd", "th"))
    if kind in ("weekday", "weekday_pair"):
        return weekday
    if kind == "ago":
        return " ago" in low
    return year


def read_dates(sentence: str, pub: Publication) -> tuple[list[DateMention], list[tuple[int, int]]]:
    """The dates in `sentence` resolved against `pub` (earlier patterns win overlaps), and the
    spans of everything that reads as a date, resolvable or not, so that numbers in them are skipped."""
    found: list[DateMention] = []
    spans: list[tuple[int, int]] = []
    low = sentence.lower()
    month = bool(_MONTH_RE.search(sentence))
    year = bool(_YEAR_RE.search(sentence))
    weekday = bool(_WEEKDAY_RE.search(sentence))
    for kind, pattern in _PATTERNS:
        if not _worth_trying(kind, low, month, year, weekday):
            continue
        for m in pattern.finditer(sentence):
            spans.append((m.start(), m.end()))
            if any(d.start < m.end() and m.start() < d.end for d in found):
                continue
            mention = _resolve(kind, m, pub)
            # a month that the publication falls in is kept ("since the start of November")
            if mention is not None and (
                mention.period_end <= pub.until
                or (
                    mention.precision == "month"
                    and (mention.period_start or pub.until) <= pub.until
                )
            ):
                found.append(mention)
    return _closed_spans(sorted(found, key=lambda d: d.start), sentence), spans


#: What closes a span opened by "since" or "from": "until the end of October", "to June".
_UNTIL_RE = re.compile(
    r"\s*,?\s*(?:until|till|to|through|up\s+to)\s+(?:the\s+end(?:\s+of)?\s*)?", re.IGNORECASE
)


def _closed_spans(found: list[DateMention], sentence: str) -> list[DateMention]:
    """A span that runs to publication followed by its end ("since the beginning of this year
    until the end of October"): one closed span."""
    out: list[DateMention] = []
    for d in found:
        last = out[-1] if out else None
        if (
            last is not None
            and last.to_publication
            and last.period_start is not None
            and d.precision in ("day", "month")
            and last.period_start <= d.period_end
            and _UNTIL_RE.fullmatch(sentence[last.end : d.start])
        ):
            out[-1] = DateMention(
                last.start,
                d.end,
                sentence[last.start : d.end],
                last.period_start,
                d.period_end,
                "range",
            )
            continue
        out.append(d)
    return out


def find_dates(sentence: str, pub: Publication) -> list[DateMention]:
    """Every date in `sentence`, resolved against `pub`."""
    return read_dates(sentence, pub)[0]
