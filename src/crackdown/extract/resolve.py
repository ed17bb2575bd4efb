"""Reading the article as a whole: parts of wholes, claim groups, periods, and readable ids.

- A part ("Among them were 87 minors") belongs to the nearest earlier figure that can hold
  it (same unit and metric, at least the sum of the parts, a compatible date), and takes its
  period.
- Figures of one metric that state the same value, or a rounding of it ("more than 3,400"
  and "3,455"), are one claim group; a headline figure joins the body figure it restates.
  Exact equal values in the body are one fact only when both carry the same date.
- Periods: a figure's own date; else its claim group's; else, for a headline, the body
  figure with its value; else by its tense: "have been deported" runs from the start of the
  operation the article leads with to publication, "had been arrested" is on or before the
  latest day the text dates before it, a plain past continues the last dated event before it.
"""

from __future__ import annotations

import bisect
import itertools
import re
from datetime import date

from crackdown.extract import lexicon as lx
from crackdown.extract.figures import SINCE_NOTE, Figure, SentenceReading
from crackdown.extract.when import DateMention, Publication

_LOOKBACK_PARAGRAPHS = 2
#: A period told by pointing back at one stated before.
_SAME_PERIOD_RE = re.compile(
    r"\b(?:(?:over|during|in|within|across|for)\s+(?:those|these|that|this|the\s+same)\s+"
    r"(?:\w+\s+)?(?:period|time|weeks|days|months|years|operation|campaign|crackdown))\b"
    # "3,455: suspects arrested over the period": the period the article has just given
    r"|\b(?:over|during|in|within|across|for)\s+the\s+period\b(?!\s+(?:of|from|between))"
    # "1,046 - suspects arrested during the year" in a review of 2024
    r"|\b(?:over|during|in|within|across|throughout)\s+the\s+year\b(?!\s+(?:to|of|since|before|ahead))"
    # "As the result of the crackdown, the forces have detained ...": the crackdown just dated
    r"|^\s*(?:as\s+(?:a|the)\s+)?results?\s+of\s+(?:the|this|that|these)\s+(?:\w+\s+)?"
    r"(?:crackdown|operations?|raids?|campaign|inspections?)\b",
    re.IGNORECASE,
)
#: The words that name an operation whose first day an article may give.
_OPERATION_WORDS = r"(directive|order|crackdown|campaign|operation|sweep|raids)"
_OPERATION_RE = re.compile(rf"\b{_OPERATION_WORDS}\b")
#: The operation begun on the day just told: "On July 14 he issued a directive ..."
_LAUNCHED = r"(?:issued|launched|began|started|ordered|signed|announced)"
_LAUNCHED_AFTER_RE = re.compile(
    rf"^[^.;]{{0,30}}?\b{_LAUNCHED}\s+(?:\w+\s+){{0,2}}{_OPERATION_WORDS}\b"
)
#: "since the issuance of the directive", "since the campaign started"
_SINCE_OPERATION_RE = re.compile(
    rf"\bsince\s+the\s+(?:[\w'\u2019-]+\s+){{0,4}}?{_OPERATION_WORDS}\b"
    # "Across the whole campaign, those netted include 589 Chinese": all of it, to publication
    rf"|\b(?:across|throughout|over|during|in)\s+the\s+(?:whole|entire)\s+{_OPERATION_WORDS}\b"
)
#: The words that name one raid, as a later sentence points back at it ("in the raid").
_RAID_WORDS = r"(?:raid|checking|check|inspection|operation|sweep|swoop|search)"
#: A raid named by the date told with it: "in a raid on June 6", "detained on 5/3 during checking".
_RAID_NAMED_RE = re.compile(
    r"\b(?:raid(?:s|ed)?|check(?:ing|ed)?|inspect(?:ion|ed)|operation|sweep|swept|swoop(?:ed)?"
    r"|search(?:ed)?)\b"
)
#: A figure told as part of a raid named before: "59 were held in the raid", "at the site".
_IN_THE_RAID_RE = re.compile(
    rf"\b(?:in|during|at|from)\s+(?:the|that|this)\s+(?:same\s+)?(?:{_RAID_WORDS}|site)\b",
    re.IGNORECASE,
)
#: The time a live page's update opens on: "09:02 - ", "UPDATE, 6:40 p.m.: ".
_LIVE_TIME_RE = re.compile(
    # (the dash after the time is layout, read as spaces)
    r"\s*(?:update,?\s+)?(?:[01]?\d|2[0-3])[:.][0-5]\d\s*(?:a\.?m\.?|p\.?m\.?)?"
    r"(?:\s*[-:\u2013\u2014]|\s{2,})",
    re.IGNORECASE,
)
#: A count told as running to publication without a verb to say so: "71 indicted so far".
_SO_FAR_RE = re.compile(r"\b(?:so far|to date|thus far|up to now|until now)\b", re.IGNORECASE)
#: A running total from a day told before: "since that date", "since then".
_SINCE_THEN_RE = re.compile(r"\bsince (?:that (?:date|day)|then)\b", re.IGNORECASE)
#: The text says the day is not known: "It was not clear when that raid took place."
_WHEN_UNKNOWN_RE = re.compile(
    r"\b(?:not|n't|never)\s+(?:\w+\s+)?(?:clear|say|said|known|specify|specified|disclose|"
    r"disclosed|give|given)\s+when\b|\bunclear\s+when\b",
    re.IGNORECASE,
)
#: A reporting verb: "it said its officers had freed 26" backshifts a past into the past
#: perfect, which then tells no earlier time.
_REPORTED_RE = re.compile(r"\b(?:said|told|reported|announced|stated|confirmed|added)\b")
#: A sentence that opens by pointing at what the sentence before told.
_PRONOUN_SUBJECT_RE = re.compile(
    r"^(?:It|They|Those(?:\s+\w+)?|These(?:\s+\w+)?|That\s+\w+|The\s+same\s+\w+)\s"
)


def resolve(readings: list[SentenceReading], pub: Publication) -> list[Figure]:
    """The article's figures with parents, claim groups and periods resolved."""
    figures = [f for r in readings for f in r.figures]
    _attach_parts(figures, readings)
    figures = [f for f in figures if f.metric is not None]
    kept = {id(f) for f in figures}
    for f in figures:
        # a whole that is not a figure (no action of its own) leaves its parts to its own whole
        while f.parent is not None and id(f.parent) not in kept:
            f.parent = f.parent.parent
    groups = _claim_groups(figures)
    _resolve_periods(figures, groups, readings, pub)
    return figures


# --- parts -------------------------------------------------------------------------------


#: A part of the people just named, by sex or age: "54 of whom were women", "12 of them minors".
_OF_WHOM_RE = re.compile(
    r"\s+of\s+(?:whom|them)\s+(?:(?:were|are|was|is)\s+)?"
    r"(?:women|men|female|male|girls|boys|minors|children)\b"
)
#: A part of the parts before it: "26 women and 15 men, including two who need care".
_INCLUDING_BEFORE_RE = re.compile(r",\s+including\s+$", re.IGNORECASE)
#: A breakdown that says it is of a running total.
_OF_TOTAL_RE = re.compile(r"\b(?:total|tally|count|overall)\b", re.IGNORECASE)
#: Deported by one country, repatriated to the other: the same people on the same journey.
_ONE_JOURNEY = frozenset({"deported", "repatriated"})


def _breakdown_by_nationality(figures: list[Figure]) -> bool:
    """Whether a sentence's figures are a breakdown by nationality of a count told before: each
    names a nationality and takes its action from the sentence before ("The majority of those
    held were foreigners. Police reports listed 271 Indonesians, 213 Vietnamese and 75
    Taiwanese")."""
    return len(figures) >= 2 and all(f.nationality and f.trigger_at < 0 for f in figures)


def _attach_parts(figures: list[Figure], readings: list[SentenceReading]) -> None:
    # "200,000 people work there, including about 1,000 Koreans": a part of a number that
    # is no figure is a part of that number, not of a figure told elsewhere
    # ("the 67 citizens have residence in 24 provinces, of them male 61 persons"): unless that
    # number restates a figure told before, whose parts they are
    told = {f.value for f in figures}
    uncounted = {
        r.sentence.index: [f.number.start for f in r.latent if f.value not in told]
        for r in readings
    }
    by_sentence: dict[int, list[Figure]] = {}
    by_paragraph: dict[int, list[Figure]] = {}
    for f in figures:
        by_sentence.setdefault(f.sentence.index, []).append(f)
        by_paragraph.setdefault(f.sentence.paragraph, []).append(f)
    for index, sentence_figures in by_sentence.items():
        orphans = [
            f
            for f in sentence_figures
            if f.parent is None
            and (f.part_sentence or f.part_before or _breakdown_by_nationality(sentence_figures))
            and not f.comparison
            and not (f.part_before and any(n < f.number.start for n in uncounted.get(index, [])))
        ]
        # "109 were Thais, 54 of whom were women, along with 50 Pakistanis": the women are a
        # part of the Thais, not a third group beside them
        for before, f in itertools.pairwise(orphans):
            text = f.sentence.text
            if f.value < before.value and _OF_WHOM_RE.match(text, f.number.end):
                f.parent = before
        orphans = [f for f in orphans if f.parent is None]
        if not orphans:
            continue
        # "26 women and 15 men, including two who need care": the two are among the 41
        total = sum(
            f.value
            for f in orphans
            if not _INCLUDING_BEFORE_RE.search(f.sentence.text[: f.number.start]) or f is orphans[0]
        )
        metrics = {f.metric for f in orphans if f.metric}
        paragraph = orphans[0].sentence.paragraph
        nearby = [
            f
            for p in range(paragraph - _LOOKBACK_PARAGRAPHS, paragraph + 1)
            for f in by_paragraph.get(p, [])
        ]
        candidates = [
            f
            for f in nearby
            if f.sentence.index < index
            and not f.sentence.headline
            and f.parent is None
            and f not in orphans
            and f.unit == orphans[0].unit
            and paragraph - f.sentence.paragraph <= _LOOKBACK_PARAGRAPHS
            and f.value >= total
            and (
                not metrics
                or f.metric in metrics
                # "deported 58 ... The group, including 14 women, was flown to Jakarta": one
                # journey seen from each side
                or ((metrics | {f.metric}) <= _ONE_JOURNEY and not orphans[0].sentence.listed)
            )
            and _dates_compatible(orphans[0].own_date, f.own_date)
        ]
        if not candidates:
            continue
        # "sent 406 more ..., raising to 6,118 the number deported since June 27. ... 187 of
        # them": a breakdown is of the event told, not of the running total beside it
        # (unless the breakdown says it is of the total: "The running total includes 400 women")
        of_total = _OF_TOTAL_RE.search(orphans[0].sentence.text)
        whole = next(
            (
                f
                for f in reversed(candidates)
                if of_total or not (f.own_date and f.own_date.to_publication)
            ),
            candidates[-1],
        )
        for f in orphans:
            f.parent = whole
            if f.metric is None or f.metric != whole.metric:
                f.metric = whole.metric
                f.metric_note = f"metric from the {whole.value:g} it is a part of"
            f.unit = whole.unit
            if not f.nationality:
                f.nationality = whole.nationality
    for f in figures:
        # "Chinese nationals: 236, of whom 31 were women": a part of a part counts what the
        # part counts, once the part has found its whole
        above = f.parent
        while f.metric is None and above is not None:
            f.metric, above = above.metric, above.parent
            if f.metric and f.parent is not None:
                f.metric_note = f"metric from the {f.parent.value:g} it is a part of"


def _dates_compatible(a: DateMention | None, b: DateMention | None) -> bool:
    if a is None or b is None:
        return True
    a_start = a.period_start or a.period_end
    b_start = b.period_start or b.period_end
    return a_start <= b.period_end and b_start <= a.period_end


# --- claim groups ------------------------------------------------------------------------


def _trailing_zeros(value: float) -> int:
    if not float(value).is_integer() or value == 0:
        return 0
    n, zeros = int(value), 0
    while n % 10 == 0:
        n //= 10
        zeros += 1
    return zeros


def _restates(precise: Figure, rough: Figure) -> bool:
    """Whether `rough` ("more than 3,400") is a rounding of `precise` ("3,455")."""
    p, r = precise.value, rough.value
    if p == r:
        return True
    zeros = _trailing_zeros(r)
    if zeros == 0 or zeros <= _trailing_zeros(p) or abs(p - r) >= 10**zeros:
        return False
    return {
        "more_than": p > r,
        "at_least": p >= r,
        "nearly": p < r,
        "up_to": p <= r,
    }.get(rough.qualifier, True)


def _same_fact(a: Figure, b: Figure) -> bool:
    if a.comparison or b.comparison:
        # "up from just over 3,000": an earlier count, never the fact it is compared with
        return False
    if a.sentence.index == b.sentence.index or (a.metric, a.unit) != (b.metric, b.unit):
        return False
    if a.nationality and b.nationality and a.nationality != b.nationality:
        return False
    if a.sex != b.sex:
        return False
    if not (_restates(a, b) or _restates(b, a)):
        return False
    if a.in_headline or b.in_headline:
        return True
    if a.own_date and b.own_date:
        return (a.own_date.period_start, a.own_date.period_end) == (
            b.own_date.period_start,
            b.own_date.period_end,
        )
    return not (a.value == b.value and a.qualifier == b.qualifier == "exact")


#: How many figures of nearby value one figure is compared with: far more than an article
#: states, and a bound that keeps a pasted table of thousands of numbers linear.
_GROUP_WINDOW = 12


def _claim_groups(figures: list[Figure]) -> list[list[Figure]]:
    wholes = [f for f in figures if f.parent is None]
    group_of: dict[int, int] = {id(f): i for i, f in enumerate(wholes)}

    def find(i: int) -> int:
        """The index of the figure that stands for i's group."""
        while group_of[id(wholes[i])] != i:
            i = group_of[id(wholes[i])]
        return i

    # Only figures of one kind whose values are within rounding of each other can state one
    # fact: compare each figure with its neighbours by value, not with every other figure.
    buckets: dict[tuple[str | None, str, str], list[int]] = {}
    for i, f in enumerate(wholes):
        buckets.setdefault((f.metric, f.unit, f.sex), []).append(i)
    pairs: set[tuple[int, int]] = set()
    for members in buckets.values():
        members.sort(key=lambda i: wholes[i].value)
        values = [wholes[i].value for i in members]
        for k, i in enumerate(members):
            v = wholes[i].value
            reach = 10 ** _trailing_zeros(v) if _trailing_zeros(v) else 0
            low = bisect.bisect_left(values, v - reach)
            high = bisect.bisect_right(values, v + reach)
            for x in range(max(low, k - _GROUP_WINDOW), min(high, k + _GROUP_WINDOW + 1)):
                j = members[x]
                if j != i:
                    pairs.add((min(i, j), max(i, j)))
    headlines_taken: set[int] = set()
    for i, j in sorted(pairs):
        a, b = wholes[i], wholes[j]
        if not _same_fact(a, b):
            continue
        headline = a if a.in_headline else b if b.in_headline else None
        if headline is not None and not (a.in_headline and b.in_headline):
            if id(headline) in headlines_taken:
                continue
            headlines_taken.add(id(headline))
        ri, rj = find(i), find(j)
        if ri != rj:
            group_of[id(wholes[rj])] = ri
    members_of: dict[int, list[Figure]] = {}
    for i, f in enumerate(wholes):
        members_of.setdefault(find(i), []).append(f)
    groups = [g for g in members_of.values() if len(g) > 1]
    for number, group in enumerate(groups):
        for f in group:
            f.group = number
    return groups


def standing(group: list[Figure]) -> Figure:
    """The member that dates and names a group: a dated body figure, exact before qualified."""
    return min(
        group,
        key=lambda f: (f.in_headline, f.own_date is None, f.qualifier != "exact", f.sentence.index),
    )


# --- periods -----------------------------------------------------------------------------


def _own_period(f: Figure) -> None:
    d = f.own_date
    assert d is not None
    if d.precision in ("day", "on_or_before"):
        count_type = "event"
    elif d.to_publication:
        count_type = "cumulative_to_date"
    else:
        count_type = "period_total"
    f.set_period(
        d.period_start, d.period_end, d.precision, count_type, d.note or f"period from '{d.phrase}'"
    )


def _up_to(f: Figure, d: DateMention, days: _LastDays, lead: date | None) -> None:
    """A running total told up to a day ("As of Monday, 3,075 had been arrested"): from the
    start of the operation the article gives ("Since 27 June, police have raided ..."), else on
    or before that day."""
    if f.tense == "present":
        # "1,216 were being held as of Tuesday": how many were held that day
        f.set_period(d.period_end, d.period_end, "day", "event", d.note)
        return
    since = days.span_before(f.sentence.index)
    began = days.began.get("")
    start = (
        since.period_start
        if since is not None and since.to_publication
        else began.period_start
        if began is not None
        else lead
    )
    if start is not None and start < d.period_end:
        f.set_period(start, d.period_end, "range", "cumulative_to_date", d.note)
    else:
        f.set_period(None, d.period_end, "on_or_before", "cumulative_to_date", d.note)


def _narrower(own: DateMention, whole: Figure) -> bool:
    """Whether a part's own span lies inside its whole's period and starts later."""
    return (
        own.precision in ("range", "month", "year")
        and own.period_start is not None
        and whole.period_end is not None
        and (whole.period_start is None or own.period_start > whole.period_start)
        and own.period_end <= whole.period_end
    )


def _depth(f: Figure) -> int:
    """How many wholes a figure is a part of: parts are dated after their wholes."""
    depth, whole = 0, f.parent
    while whole is not None and depth < 100:
        depth, whole = depth + 1, whole.parent
    return depth


def _copy_period(f: Figure, source: Figure, why: str) -> None:
    assert source.period_end is not None
    f.set_period(
        source.period_start, source.period_end, source.date_precision, source.count_type, why
    )


def _undated_end(readings: list[SentenceReading], pub: Publication) -> date:
    """The day an undated figure is known to precede: publication, or for an article known
    only to its month or year, the latest day its text dates within that month or year."""
    if pub.precision == "day":
        return pub.on
    days = [
        d.period_end
        for r in readings
        if not r.sentence.headline
        for d in r.dates
        if d.precision == "day" and pub.on <= d.period_end <= pub.until
    ]
    return max(days) if days else pub.until


class _LastDays:
    """The last day-precision date of the body before each sentence, found by bisection."""

    def __init__(self, readings: list[SentenceReading]) -> None:
        self.indexes: list[int] = []
        self.dates: list[DateMention] = []
        #: the last date of the sentence just before each sentence, when it has one
        self.by_sentence: dict[int, DateMention] = {}
        for before, r in itertools.pairwise(readings):
            if before.dates and not before.sentence.headline:
                self.by_sentence[r.sentence.index] = before.dates[-1]
        #: the closed span of the sentence just before, in the same paragraph, when that
        #: sentence counts no one ("Between June 27 and July 22, police raided 58 locations.
        #: ... 3,075 suspects were arrested")
        self.span_just_before: dict[int, DateMention] = {}
        for before, r in itertools.pairwise(readings):
            closed = [
                d
                for d in before.dates
                if d.precision == "range" and not d.to_publication and not d.up_to
            ]
            if (
                closed
                and not before.figures
                and not before.sentence.headline
                and before.sentence.paragraph == r.sentence.paragraph
            ):
                self.span_just_before[r.sentence.index] = closed[-1]
        #: the sentence before each sentence of the same paragraph that points at a span told
        #: earlier ("During this period, forces raided 21 sites. A total of 1,384 ...")
        self.same_period_before: dict[int, re.Match[str]] = {}
        for before, r in itertools.pairwise(readings):
            same = _SAME_PERIOD_RE.search(before.sentence.text)
            if (
                same is not None
                and not before.figures
                and not before.dates
                and before.sentence.paragraph == r.sentence.paragraph
            ):
                self.same_period_before[r.sentence.index] = same
        #: the day an operation began, by the word that names it ("the directive of July 14",
        #: "the sweep began on July 14"), as the article first tells it
        self.began: dict[str, DateMention] = {}
        for r in readings:
            for d in r.dates:
                if d.precision not in ("day", "range") or d.period_start is None:
                    continue
                lead_in = r.sentence.text[max(0, d.start - 60) : d.start].lower()
                launched = _LAUNCHED_AFTER_RE.match(r.sentence.text[d.end : d.end + 80].lower())
                for m in [*_OPERATION_RE.finditer(lead_in), *([launched] if launched else [])]:
                    self.began.setdefault(m.group(1), d)
                    # an article about one operation names it several ways
                    self.began.setdefault("", d)
        #: the days of raids, by the sentence that tells them ("a raid on June 6")
        self.raid_indexes: list[int] = []
        self.raids: list[DateMention] = []
        for r in readings:
            for d in r.dates:
                text = r.sentence.text
                near = f"{text[max(0, d.start - 60) : d.start]} {text[d.end : d.end + 30]}"
                if (
                    d.precision in ("day", "month")
                    and not d.to_publication
                    and not r.sentence.headline
                    and _RAID_NAMED_RE.search(near)
                ):
                    self.raid_indexes.append(r.sentence.index)
                    self.raids.append(d)
                    break
        #: the paragraphs of a live page that open on the time of their update ("09:02 - ")
        self.live_paragraphs = {
            r.sentence.paragraph
            for r in readings
            if not r.sentence.headline and _LIVE_TIME_RE.match(r.sentence.text)
        }
        #: the body's sentences that date an event (no running total), for `same_action`
        self.dated_events = [
            r
            for r in readings
            if not r.sentence.headline
            and any(d.precision in ("day", "range") and not d.to_publication for d in r.dates)
        ]
        #: the first date of the item under each section headline of a digest ("POLICE FREE
        #: 43 THAIS" over "... was released on Tuesday")
        self.item_date: dict[int, DateMention] = {}
        heading: int | None = None
        in_body = False
        for r in readings:
            if r.sentence.headline:
                heading = r.sentence.index if in_body else None
            elif heading is not None and r.dates:
                # a day the item tells is the event's ("arrested in October, was flown out
                # on Monday"): it wins over a month or a span told on the way
                day = next((d for d in r.dates if d.precision == "day"), None)
                known = self.item_date.get(heading)
                if known is None or (day is not None and known.precision != "day"):
                    self.item_date[heading] = day or r.dates[0]
            in_body = in_body or not r.sentence.headline
        #: the date a question of a Q&A asks about ("Q: What happened last week?"), by the
        #: sentences of its answer
        self.asked: dict[int, DateMention] = {}
        question: DateMention | None = None
        for r in readings:
            if r.sentence.text.rstrip().endswith("?"):
                question = r.dates[0] if r.dates else None
            elif question is not None:
                self.asked[r.sentence.index] = question
        #: sentences the text itself leaves undated ("He did not say when the arrests were
        #: made."), in them or in the sentence after them
        unknown = [bool(_WHEN_UNKNOWN_RE.search(r.sentence.text)) for r in readings]
        self.when_unknown = {
            r.sentence.index for i, r in enumerate(readings) if any(unknown[i : i + 2])
        }
        self.listed = {r.sentence.index for r in readings if r.sentence.listed}
        #: the closed span an earlier item of the same list states ("- 1,362: suspects arrested
        #: between 27 June and 16 July"), by the later items of that list
        self.run_span: dict[int, DateMention] = {}
        span: DateMention | None = None
        first = True
        for r in readings:
            if not r.sentence.listed:
                span, first = None, True
                continue
            if span is not None:
                self.run_span[r.sentence.index] = span
            elif first and r.figures:
                # the list's first figure: its span, if it states a closed one
                first = False
                span = next(
                    (d for d in r.dates if d.precision == "range" and not d.to_publication), None
                )
        self.paragraph_of = {r.sentence.index: r.sentence.paragraph for r in readings}
        self.span_indexes: list[int] = []
        self.spans: list[DateMention] = []
        for r in readings:
            if r.sentence.headline:
                continue
            for d in r.dates:
                if d.precision == "day":
                    self.indexes.append(r.sentence.index)
                    self.dates.append(d)
                elif not d.up_to:
                    self.span_indexes.append(r.sentence.index)
                    self.spans.append(d)

    def list_span(self, index: int) -> DateMention | None:
        """The span the sentence that opens a list gives ("Figures covering operations from
        June 27 to July 22:"), for an item of that list (sentence `index`)."""
        if index not in self.listed:
            return None
        k = bisect.bisect_left(self.span_indexes, index)
        if not k:
            return None
        opening = self.span_indexes[k - 1]
        if opening in self.listed or any(
            i not in self.listed and self.paragraph_of.get(i) != self.paragraph_of.get(opening)
            for i in range(opening + 1, index)
        ):
            return None
        return self.spans[k - 1]

    def span_before(self, index: int) -> DateMention | None:
        """The last span (range, month or year) dated in a sentence before sentence `index`: of
        that sentence's spans, a closed one ("from July 14 to August 26") before one that runs to
        publication ("shut since June")."""
        k = bisect.bisect_left(self.span_indexes, index)
        if not k:
            return None
        last = self.span_indexes[k - 1]
        told = self.spans[bisect.bisect_left(self.span_indexes, last) : k]
        return next((d for d in told if not d.to_publication), told[-1])

    def last_before(self, index: int) -> DateMention | None:
        """The last day or span dated in a sentence before sentence `index` (a span when both
        are in the same sentence)."""
        k_day = bisect.bisect_left(self.indexes, index)
        k_span = bisect.bisect_left(self.span_indexes, index)
        day = (self.indexes[k_day - 1], self.dates[k_day - 1]) if k_day else None
        span = (self.span_indexes[k_span - 1], self.spans[k_span - 1]) if k_span else None
        if day is None or (span is not None and span[0] >= day[0]):
            return span[1] if span else None
        return day[1]

    def same_action(self, metric: str | None, index: int) -> DateMention | None:
        """The last date of an event told with the same action as `metric` in a sentence before
        sentence `index` ("freed 23 Kenyans in a raid on June 6" for a later "had freed 26")."""
        for r in reversed(self.dated_events):
            if r.sentence.index >= index:
                continue
            told = {m.lastgroup for m in lx.TRIGGER_RE.finditer(r.sentence.text.lower())}
            if metric in told:
                events = [d for d in r.dates if d.precision in ("day", "range")]
                return next(d for d in reversed(events) if not d.to_publication)
        return None

    def raid_before(self, index: int) -> DateMention | None:
        """The day (or month) of the last raid told in a sentence before sentence `index`."""
        k = bisect.bisect_left(self.raid_indexes, index)
        return self.raids[k - 1] if k else None

    def before(self, index: int) -> DateMention | None:
        """The last day dated in a sentence before sentence `index`."""
        k = bisect.bisect_left(self.indexes, index)
        return self.dates[k - 1] if k else None


#: The fewest days of a campaign whose running totals an article's perfect tenses continue.
_CAMPAIGN_DAYS = 28


def _lead_start(groups: list[list[Figure]]) -> date | None:
    """The start of the campaign the article leads with: a headline fact's stated range, when
    it is a closed span of weeks ("from July 27 to October 14"). A week's report ("last week")
    or a total that runs to publication ("since January 1") starts no campaign that an undated
    "have deported 2,825" continues."""
    for group in groups:
        if any(f.in_headline for f in group):
            anchor = standing(group)
            d = anchor.own_date
            if (
                d is not None
                and d.precision == "range"
                and d.period_start is not None
                and not d.to_publication
                and (d.period_end - d.period_start).days >= _CAMPAIGN_DAYS
            ):
                return d.period_start
    return None


def _dated_as(f: Figure, d: DateMention, note: str) -> None:
    """Give `f` the period `d` names: an event on a day, else a total over the span (a running
    one when the span runs to publication)."""
    count = (
        "event"
        if d.precision in ("day", "on_or_before")
        else "cumulative_to_date"
        if d.to_publication
        else "period_total"
    )
    f.set_period(d.period_start, d.period_end, d.precision, count, note)


def _undated_period(f: Figure, days: _LastDays, lead: date | None, end: date) -> None:
    default_count = "period_total" if f.metric == "defrauded" else "event"
    item = days.item_date.get(f.sentence.index)
    if item is not None:
        _dated_as(f, item, f"a section's headline, dated by the text under it ('{item.phrase}')")
        return
    since = _SINCE_THEN_RE.search(f.sentence.text)
    told_day = days.before(f.sentence.index) if since else None
    told_span = days.span_before(f.sentence.index) if since else None
    first = (
        told_day.period_end
        if told_day is not None
        else told_span.period_start
        if told_span is not None
        else None
    )
    if since and first is not None and first < end:
        # "verified 412 citizens in detention since that date": from the day told before
        named = told_day or told_span
        phrase = named.phrase if named is not None else ""
        f.set_period(
            first, end, "range", "cumulative_to_date", f"'{since.group(0)}' refers to '{phrase}'"
        )
        return
    opening = days.list_span(f.sentence.index) or days.run_span.get(f.sentence.index)
    if opening is not None:
        # an undated item of a list whose opening sentence, or first item, gives the period
        # it covers
        _dated_as(f, opening, f"the period the list opens with ('{opening.phrase}')")
        return
    began = _SINCE_OPERATION_RE.search(f.sentence.text.lower())
    opened = (days.began.get(began.group(1)) or days.began.get("")) if began else None
    if (
        began
        and opened is not None
        and opened.period_start is not None
        and opened.period_start < end
    ):
        # "Since the issuance of the directive, ... has expelled 1,026": from the day the
        # article says the directive was given
        f.set_period(
            opened.period_start,
            end,
            "range",
            "cumulative_to_date",
            f"'{began.group(0)}': from '{opened.phrase}'",
        )
        return
    same = _SAME_PERIOD_RE.search(f.sentence.text) or days.same_period_before.get(f.sentence.index)
    # "over those seven weeks" points at a span; "as a result of the operation" at whatever
    # was dated last, a day or a span
    result_of = same is not None and same.group(0).lstrip().lower().startswith(("as", "result"))
    span = (days.last_before if result_of else days.span_before)(f.sentence.index) if same else None
    if same is not None and span is not None:
        _dated_as(f, span, f"'{same.group(0).strip()}' refers to '{span.phrase}'")
        return
    in_raid = _IN_THE_RAID_RE.search(f.sentence.text)
    raid = days.raid_before(f.sentence.index) if in_raid else None
    if in_raid and raid is not None:
        # "Seoul's embassy said 59 South Koreans were held in the raid": the raid told before
        _dated_as(f, raid, f"'{in_raid.group(0)}' refers to '{raid.phrase}'")
        return
    asked = days.asked.get(f.sentence.index)
    if asked is not None and f.tense in ("simple", "past_perfect"):
        _dated_as(f, asked, f"answers a question about '{asked.phrase}'")
        return
    if f.sentence.paragraph in days.live_paragraphs:
        # "09:02 - First numbers from the police: 58 people detained": a live page's update
        # tells what happened on the day it is published
        f.set_period(end, end, "day", default_count, "a live update's time: the day of publication")
        return
    if f.tense == "present_perfect" or _SO_FAR_RE.search(f.sentence.text):
        # "have deported", "71: returnees indicted so far": a running total to publication
        if lead is not None and lead < end:
            f.set_period(
                lead,
                end,
                "range",
                "cumulative_to_date",
                "a running total: from the start of the operation the article leads with, to publication",
            )
        else:
            count = "period_total" if f.metric == "defrauded" else "cumulative_to_date"
            f.set_period(None, end, "on_or_before", count, "undated: on or before publication")
        return
    told = _PRONOUN_SUBJECT_RE.match(f.sentence.text)
    if told and f.sentence.index in days.by_sentence and f.tense != "present_perfect":
        # "It recorded 3,075 arrests": the sentence goes on about what the one before dated
        d = days.by_sentence[f.sentence.index]
        _dated_as(
            f, d, f"undated; '{told.group(0).strip()}' continues the sentence before ('{d.phrase}')"
        )
        return
    if f.sentence.index in days.when_unknown:
        f.set_period(None, end, "on_or_before", default_count, "the text says it is not known when")
        return
    just_before = days.span_just_before.get(f.sentence.index)
    if just_before is not None and f.tense == "simple" and f.metric not in ("cases", "defrauded"):
        # "Between June 27 and July 22, police raided 58 locations. ... 3,075 suspects were
        # arrested": the operation the sentence before dates
        _dated_as(
            f, just_before, f"undated; the span the sentence before gives ('{just_before.phrase}')"
        )
        return
    last = days.before(f.sentence.index)
    if f.tense == "present":
        f.set_period(None, end, "on_or_before", default_count, "a state at publication")
        return
    reported = _REPORTED_RE.search(f.sentence.text[: f.number.start])
    same_action = days.same_action(f.metric, f.sentence.index) if reported else None
    if f.tense == "past_perfect" and same_action is not None:
        last = same_action
    elif f.tense == "past_perfect":
        bound = end
        f.set_period(
            None,
            bound,
            "on_or_before",
            default_count,
            f"undated; told as having happened before {bound.isoformat()}",
        )
        return
    if last is not None and not f.in_headline and f.metric not in ("cases", "defrauded"):
        # cases and losses sum up a ring's activity: they do not happen on the day of the raid
        _dated_as(
            f,
            last,
            f"undated; continues the events of {last.period_end.isoformat()} ('{last.phrase}')",
        )
        return
    f.set_period(None, end, "on_or_before", default_count, "undated: on or before publication")


#: How many figures back a figure told by reference may restate.
_RESTATED_WITHIN = 32


def _resolve_periods(
    figures: list[Figure],
    groups: list[list[Figure]],
    readings: list[SentenceReading],
    pub: Publication,
) -> None:
    parts_of: dict[int, list[Figure]] = {}
    for p in figures:
        if p.parent is not None:
            parts_of.setdefault(id(p.parent), []).append(p)
    for f in figures:
        if f.parent is None and f.own_date is None:
            # "India has brought back 47 ... The latest group, which included 14 women, landed
            # on Wednesday": a later sentence about the group's parts dates the whole.
            part = next(
                (
                    p
                    for p in parts_of.get(id(f), [])
                    if p.own_date is not None
                    and p.sentence.index > f.sentence.index
                    # "59 had been caught in July": what happened to them before, not the
                    # whole's day
                    and p.tense != "past_perfect"
                ),
                None,
            )
            if part is not None:
                f.own_date = part.own_date
    lead = _lead_start(groups)
    end = _undated_end(readings, pub)
    days = _LastDays(readings)
    for f in figures:
        if f.own_date is not None and f.parent is None and f.own_date.up_to:
            _up_to(f, f.own_date, days, lead)
        elif f.own_date is not None and f.parent is None:
            _own_period(f)
    for group in groups:
        anchor = standing(group)
        if anchor.own_date is None:
            continue
        for f in group:
            if f is not anchor and (f.own_date is None or f.in_headline):
                _copy_period(
                    f, anchor, f"period of the same fact stated in the body ({anchor.number.text})"
                )
    body = [f for f in figures if f.parent is None and not f.in_headline and f.period_end is None]
    for f in body:
        _undated_period(f, days, lead, end)
    for group in groups:
        # "more than 3,400 detained since the directive ... puts the figure at 3,455": a member
        # left undated takes the period another member of the same fact was given
        dated = next((f for f in group if f.period_start is not None and not f.in_headline), None)
        for f in group:
            if (
                dated is not None
                and f is not dated
                and f.period_start is None
                and f.period_end is not None
                and f.period_note.startswith("undated")
            ):
                _copy_period(f, dated, f"period of the same fact told before ({dated.number.text})")
    for group in groups:
        anchor = standing(group)
        for f in group:
            if f.period_end is None or (
                # a headline's own shorthand ("since late June") gives way to the period the
                # body states for the same fact
                f.in_headline
                and not anchor.in_headline
                and anchor.period_end is not None
                and anchor.date_precision != "on_or_before"
            ):
                _copy_period(
                    f, anchor, f"period of the same fact stated in the body ({anchor.number.text})"
                )
    for i, f in enumerate(figures):
        if not f.refers_back or not f.period_note.startswith("undated"):
            continue
        # "The ministry's figure is 13.": the period of the count it restates, the same number
        # told before with its action, or else the last count of that action
        told = [
            b
            for b in reversed(figures[max(0, i - _RESTATED_WITHIN) : i])
            if b.metric == f.metric and b.parent is None and b.period_end is not None
        ]
        source = next((b for b in told if b.value == f.value), told[0] if told else None)
        if source is not None:
            _copy_period(f, source, f"the period of the {source.value:g} it restates")
    twins: dict[float, Figure] = {}
    for b in figures:
        if not b.in_headline and b.period_end is not None:
            twins.setdefault(b.value, b)
    for f in figures:
        if f.parent is None and f.in_headline and f.period_end is None:
            twin = twins.get(f.value)
            if twin is not None:
                _copy_period(f, twin, f"period of the body's {twin.number.text} ({twin.metric})")
            else:
                _undated_period(f, days, lead, end)
    for f in sorted(figures, key=_depth):
        if f.parent is not None and f.parent.period_end is None:
            # a part of a headline figure or of a figure no rule dated: dated as undated
            _undated_period(f, days, lead, end)
        elif f.parent is not None and SINCE_NOTE in f.notes:
            f.set_period(None, end, "on_or_before", "event", SINCE_NOTE)
        elif f.parent is not None:
            own = f.own_date
            parent_own = f.parent.own_date
            if (
                own is not None
                and (
                    parent_own is None
                    or own.start != parent_own.start
                    or own.phrase != parent_own.phrase
                )
                and (
                    own.precision == "day" or f.tense == "past_perfect" or _narrower(own, f.parent)
                )
            ):
                # "seven of them went on trial there on April 8": the part's own day; "934
                # since 2022 ... Of these, 212 so far this year": the part's own, narrower span
                _own_period(f)
            else:
                _copy_period(f, f.parent, f"a part of the {f.parent.value:g}: its period")
