"""Candidate figures from an article's text, in the figure model of data/figures.csv.

The extractor is plain regular expressions over sentences, with the words it knows in
`crackdown.extract.lexicon`: an article is read in a few milliseconds and importing it costs
nothing beyond the standard library. (dateparser's `search_dates` took 62 ms an article and
merges counts into dates; quantulum3 took 0.6 s an article; spaCy's import alone took 2.5 s:
each would have missed the 200 articles a second this needs, for rules we still had to write.)

    figures = extract(text, date(2025, 10, 16), "day")
    rows = candidate_rows(figures, "asiae-2025-10-16", text)

Each row is a candidate for a curator to review, never a fact: `crackdown accept` appends
the reviewed rows to data/figures.csv and validates them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from crackdown.errors import ExtractError
from crackdown.extract import lexicon as lx
from crackdown.extract.figures import (
    Figure,
    SentenceReading,
    date_by_event,
    nationality_of,
    read_anaphor,
    read_sentence,
    sex_of,
)
from crackdown.extract.resolve import resolve, standing
from crackdown.extract.text import split
from crackdown.extract.when import DateMention, Publication, find_dates
from crackdown.model import FIGURE_COLUMNS
from crackdown.numbers import NumberMention

__all__ = [
    "FIGURE_COLUMNS",
    "MAX_ARTICLE_BYTES",
    "ExtractError",
    "Figure",
    "Publication",
    "Reading",
    "SetAside",
    "candidate_rows",
    "check_text",
    "extract",
    "number_span",
    "ordered",
    "read_article",
]

#: The largest article the extractor reads: 2 MB, about 300,000 words, a hundred times a long
#: feature. Reading is linear in the text's length (about a second a megabyte); past this an
#: input is not an article (a database dump, a log, a binary) and is refused before it is read.
MAX_ARTICLE_BYTES = 2_000_000


def check_text(text: str, shown: str) -> None:
    """Refuse, with a message naming `shown`, a text that is not an article to read."""
    if len(text) > MAX_ARTICLE_BYTES:
        raise ExtractError(
            f"{len(text):,} characters; the extractor reads articles of at most "
            f"{MAX_ARTICLE_BYTES:,} (a news article is a few thousand): split the text or "
            "check that it is an article",
            file=shown,
        )
    nul = text.find("\x00")
    if nul >= 0:
        raise ExtractError(
            f"contains {text.count(chr(0)):,} NUL bytes (the first at character {nul}): "
            "a binary file, not a plain-text article",
            file=shown,
        )
    if not any(c.isalpha() for c in text[:MAX_ARTICLE_BYTES]):
        raise ExtractError("has no letters: not an article's text", file=shown)


#: How many figures before a sentence it may refer back to ("The men ...", "up from 2,790").
_RECENT = 32


@dataclass(frozen=True)
class SetAside:
    """A number of the text that is not proposed as a figure, where it stands, and why."""

    start: int
    end: int
    text: str
    reason: str


@dataclass(frozen=True)
class Reading:
    """What the extractor read in an article: its figures, and every other number with why."""

    figures: list[Figure]
    set_aside: list[SetAside]


def read_article(text: str, published_on: date, precision: str = "day") -> Reading:
    """Every number of `text`: the figures, with periods resolved against the publication
    date, and the numbers set aside, each with its reason.

    ExtractError when the text is too large or binary (see `check_text`)."""
    check_text(text, "the article")
    pub = Publication(published_on, precision)
    readings: list[SentenceReading] = []
    figures: list[Figure] = []
    aside: list[SetAside] = []
    previous = dated_before = previous_text = ""
    previous_paragraph = item_paragraph = -1
    latent: list[Figure] = []
    told_by_reference: set[tuple[int, int]] = set()
    list_figures: list[Figure] = []
    lead: tuple[str, str] | None = None  # the action of a list's lead-in ("Among those held:")
    for sentence in split(text):
        recent = figures[-_RECENT:]
        reading = read_sentence(sentence, pub, recent, previous, dated_before)
        previous = sentence.text
        if any(d.precision == "day" for d in reading.dates) and not sentence.headline:
            dated_before = sentence.text
        date_by_event(sentence, reading.dates, reading.figures, recent)
        if not reading.figures:
            anaphor = read_anaphor(sentence, reading.dates, recent + latent)
            if anaphor is not None:
                reading = SentenceReading(sentence, reading.dates, [anaphor], reading.set_aside)
                source = anaphor.quote_start + anaphor.number.start
                told_by_reference.add((source, source + len(anaphor.number.text)))
        listed = sentence.listed
        if listed and lead is not None:
            _lead_over_relative(reading, *lead)
        led = lead is not None and all(f.metric_note.startswith(_LEAD_NOTE) for f in list_figures)
        if listed and not any(f.metric for f in reading.figures) and lead is not None and led:
            reading = _led_item(reading, *lead, pub)
        elif listed and list_figures and not any(f.metric for f in reading.figures):
            # no figure of its own, or only parts with no whole ("(of whom 66 women)")
            reading = _list_item(reading, list_figures, pub)
        elif listed and list_figures:
            _part_of_list_total(reading, list_figures[0])
        # a bullet's second sentence goes on with its item: the list and its lead-in go on
        goes_on = not listed and sentence.paragraph == item_paragraph
        if listed:
            item_paragraph = sentence.paragraph
        if not listed and not goes_on:
            # the sentence before the lead-in, when it opens the same paragraph
            before = previous_text if previous_paragraph == sentence.paragraph else ""
            lead = _lead_in(sentence.text, before) if not reading.figures else None
        previous_text, previous_paragraph = sentence.text, sentence.paragraph
        if (
            not listed
            and not goes_on
            and not (
                # "Among them, by nationality:": a lead-in to the list keeps its total
                sentence.text.rstrip().endswith(":")
                and not reading.figures
                and not reading.set_aside
            )
        ):
            list_figures = []
        if not goes_on:
            list_figures += reading.figures
        latent = reading.latent
        readings.append(reading)
        figures += reading.figures
        for n, why in reading.set_aside:
            start = sentence.start + n.start
            aside.append(
                SetAside(start, sentence.start + n.end, text[start : sentence.start + n.end], why)
            )
    for f in _headline_tallies(readings, figures):
        start = f.sentence.start + f.number.start
        aside = [a for a in aside if a.start != start]
    resolved = resolve(readings, pub)
    kept = {id(f) for f in resolved}
    for f in figures:
        if id(f) not in kept and f.number.start >= 0 and f.quote_start == f.sentence.start:
            start = f.sentence.start + f.number.start
            aside.append(
                SetAside(
                    start,
                    f.sentence.start + f.number.end,
                    text[start : f.sentence.start + f.number.end],
                    "a part whose whole the text does not give, and no action of its own",
                )
            )
    aside = [a for a in aside if (a.start, a.end) not in told_by_reference]
    return Reading(resolved, sorted(aside, key=lambda a: a.start))


def _counted_as(source: Figure, reading: SentenceReading, n: NumberMention, **told: Any) -> Figure:
    """Number `n` of `reading`'s sentence, read as counting what `source` counts, with the
    fields its own sentence tells (`told`)."""
    return replace(
        source,
        number=n,
        value=n.value,
        qualifier="exact",
        qualifier_text="",
        range_bounds=None,
        notes=[],
        siblings=[],
        parent=None,
        sentence=reading.sentence,
        quote_start=reading.sentence.start,
        quote_end=reading.sentence.end,
        **told,
    )


#: A headline's total with no action of its own: "Scam crackdown tally climbs to 2,767".
_TALLY_RE = re.compile(
    r"\b(?:tally|total|toll|count|number)\b[^.;:]{0,30}$"
    r"|\b(?:climbs?|rises?|passes|tops|reaches|hits|nears)\s+(?:to\s+)?$",
    re.IGNORECASE,
)


def _headline_tallies(readings: list[SentenceReading], figures: list[Figure]) -> list[Figure]:
    """A headline's tally with no action of its own ("tally climbs to 2,767") restates the body's
    figure of the same value, and counts what it counts: the figures so made."""
    body = [f for f in figures if not f.sentence.headline and f.metric and f.parent is None]
    made: list[Figure] = []
    for reading in readings:
        if not reading.sentence.headline:
            continue
        s = reading.sentence.text
        kept = []
        for n, why in reading.set_aside:
            told = next((f for f in body if f.value == n.value and not n.currency), None)
            if told is None or why not in _LABELLED_WHY or not _TALLY_RE.search(s[: n.start]):
                kept.append((n, why))
                continue
            figure = _counted_as(
                told,
                reading,
                n,
                own_date=None,
                trigger_at=-1,
                metric_note=f"metric from the {told.value:g} {told.metric} the body tells",
            )
            reading.figures.append(figure)
            made.append(figure)
        reading.set_aside[:] = kept
    return made


#: A list item that tells a part of the list's total: "476: women among them", "of those ...".
_LIST_PART_RE = re.compile(r"\b(?:among|of)\s+(?:them|those|these|whom)\b", re.IGNORECASE)
#: What a list item names its whole by: "among those sent to court", "among the deportees".
_AMONG_ACTION_RE = re.compile(r"\bamong\s+(?:those|the)\s+([a-z][^.;:,]{0,40})", re.IGNORECASE)
#: A list item's label before its number: "Vietnamese nationals: 118", "Other nationalities: 17",
#: "Chinese (mainland): 1,068".
_LABEL_RE = re.compile(
    r"\s*(?:[A-Za-z][\w'\u2019-]*\s+){0,3}[A-Za-z][\w'\u2019-]*"
    # "Chinese (mainland): 1,068"
    r"(?:\s*\([^()]{1,30}\))?\s*[:\u2013\u2014-]?\s*"
    # "July 16-17, Moc Bai (Tay Ninh): 45 people": a date and a place, then a colon
    r"|\s*[A-Za-z][\w'\u2019, -]{0,50}?(?:\s*\([^()]{1,30}\))?\s*:\s*"
)
#: What may come before a list item's own number: a qualifier.
_ITEM_LEAD_RE = re.compile(
    r"\s*(?:(?:more than|over|about|around|nearly|almost|some|at least|up to|roughly)\s+)?",
    re.IGNORECASE,
)
#: Why a labelled item's number was set aside when read alone.
_LABELLED_WHY = frozenset(
    {
        "counts no people, cases or dollars that the text names",
        "no action (arrested, deported, ...) in its clause",
    }
)


def _list_item(reading: SentenceReading, before: list[Figure], pub: Publication) -> SentenceReading:
    """A list item whose numbers have no action of their own ("1,069: Chinese", "476: women
    among them", "Vietnamese nationals: 118", "1,028 Chinese, 693 Vietnamese and 366
    Indonesians: the largest groups among those arrested") counts what the list's items before
    it count: a nationality, a sex or "among them" makes it a part of the list's total."""
    s = reading.sentence.text
    # the last item of the list, not a part told inside it ("236, of whom 31 were women")
    last = next((f for f in reversed(before) if not any(f.parent is g for g in before)), before[-1])
    total = last.parent if last.parent is not None and last.parent.parent is None else last
    if reading.latent:
        first = reading.latent[0]
        if not _ITEM_LEAD_RE.fullmatch(s[: first.number.start]):
            # a number inside the item's text, not the item's own
            return reading
        colon = s.find(":", first.number.end)
        items = [f for f in reading.latent if colon < 0 or f.number.start < colon]
        after = s[items[-1].number.end :]
        described = _LIST_PART_RE.search(s[colon:] if colon >= 0 else after)
        if len(after.split()) > 4 and not (_LIST_PART_RE.match(after.strip()) or described):
            # "40-50 - people who fled a casino": an item that tells its own story, no count
            return reading
        latent = [f for f in reading.latent if f not in items]
    else:
        # "Vietnamese nationals: 118": the item's label before its number
        labelled = [
            (n, why)
            for n, why in reading.set_aside
            if why in _LABELLED_WHY and _LABEL_RE.fullmatch(s[: n.start])
        ]
        if len(labelled) != 1:
            return reading
        n = labelled[0][0]
        label = s[: n.start].strip(" :-\u2013\u2014")
        dated = _label_dates(reading, n.start, label, pub)
        items = [
            _counted_as(
                total,
                reading,
                n,
                subject=label,
                nationality=nationality_of(label),
                sex=sex_of(label),
                # "October | 212": the label dates the item
                own_date=dated[-1] if dated else None,
            )
        ]
        latent = reading.latent
    taken = {id(f.number) for f in items}
    kept = [(n, why) for n, why in reading.set_aside if id(n) not in taken]
    for item in items:
        if not _counted_as_in_list(item, s, before, last, total):
            return reading
    # "Vietnamese: 352 (of whom 66 women)": the item's own parts
    parts = [f for f in reading.figures if f.number.start > items[-1].number.start]
    if len(parts) != len(reading.figures):
        return reading
    for part in parts:
        part.parent = items[-1]
        part.metric, part.unit = items[-1].metric, items[-1].unit
        part.metric_note = f"metric from the {items[-1].value:g} it is a part of"
        part.nationality = part.nationality or items[-1].nationality
    return SentenceReading(reading.sentence, reading.dates, items + parts, kept, latent)


def _label_dates(
    reading: SentenceReading, end: int, label: str, pub: Publication
) -> list[DateMention]:
    """The dates told in a list item's label, before its number at `end`: "October | 212" and
    "December (to 27th) | 94" name a month, as "in October" would."""
    told = [d for d in reading.dates if d.end <= end]
    if told:
        return told
    return [d for d in find_dates(f"in {label}", pub) if d.precision in ("month", "year")]


_LEAD_NOTE = "metric from the list's lead-in"


def _lead_in(s: str, before: str) -> tuple[str, str] | None:
    """The action a list's lead-in tells when it gives no total: "Among those detained:", or
    "Police sent hundreds home this month. The main groups:". (metric, its words) or None."""
    if not s.rstrip().endswith(":"):
        return None
    for text in (s, before):
        found = [
            m
            for m in lx.TRIGGER_RE.finditer(text.lower())
            if not lx.FUTURE_RE.search(text[max(0, m.start() - 40) : m.start()].lower())
        ]
        if found:
            return found[-1].lastgroup or "", found[-1].group(0)
        noun = lx.LABEL_NOUN_RE.search(text.lower())
        if noun:  # "Month by month, handovers at Ban Khlong Luek:"
            return lx.LABEL_NOUNS[noun.group(0)], noun.group(0)
    return None


#: A relative clause that tells what was done to a list item's people before the lead-in's
#: action: "38 people, 27 men and 11 women, who had been detained in Svay Rieng".
_WHO_HAD_BEEN_RE = re.compile(r"\bwho\s+(?:had|have)\s+been\s*$|\bwho\s+were\s*$")


def _lead_over_relative(reading: SentenceReading, metric: str, words: str) -> None:
    """A list item under a lead-in whose only action is in a relative clause about its people
    counts what the lead-in tells; the relative clause says what happened to them before."""
    s = reading.sentence.text
    for f in reading.figures:
        if (
            f.parent is None
            and f.metric not in (None, metric)
            and f.trigger_at > f.number.end
            and _WHO_HAD_BEEN_RE.search(s[: f.trigger_at])
        ):
            told = f.metric
            for g in reading.figures:
                if g.metric == told:
                    g.metric = metric
                    g.metric_note = f"{_LEAD_NOTE} ('{words}'); '{s[f.trigger_at :].split()[0]}' tells what came before"


def _led_item(
    reading: SentenceReading, metric: str, words: str, pub: Publication
) -> SentenceReading:
    """A list item under a lead-in with an action and no total ("Among those detained:" then
    "- Chinese (mainland): 1,068"): its number counts what the lead-in tells."""
    s = reading.sentence.text
    note = f"{_LEAD_NOTE} ('{words}')"
    labelled = [
        n
        for n, why in reading.set_aside
        if why in _LABELLED_WHY and _LABEL_RE.fullmatch(s[: n.start])
    ]
    items: list[Figure] = []
    if len(labelled) == 1 and all(f.number is labelled[0] for f in reading.latent):
        n = labelled[0]
        label = s[: n.start].strip(" :-\u2013\u2014")
        dated = _label_dates(reading, n.start, label, pub)
        items = [
            Figure(
                sentence=reading.sentence,
                number=n,
                value=n.value,
                qualifier="exact",
                qualifier_text="",
                unit="people",
                subject=label,
                nationality=nationality_of(label),
                sex=sex_of(label),
                metric=metric,
                metric_note=note,
                trigger_at=-1,
                part_before=False,
                part_sentence=False,
                comparison=False,
                tense="simple",
                own_date=dated[-1] if dated else None,
                authority="",
                location="",
                quote_start=reading.sentence.start,
                quote_end=reading.sentence.end,
            )
        ]
    elif reading.latent and _ITEM_LEAD_RE.fullmatch(s[: reading.latent[0].number.start]):
        # "1,069: Chinese": the item's own number, with who they are after it
        first = reading.latent[0]
        items = [replace(first, metric=metric, metric_note=note)]
    if not items:
        return reading
    for f in reading.figures:
        # "45 people (35 men, 10 women)": the item's parts count what it counts
        if f.metric is None:
            f.metric, f.metric_note, f.unit = metric, note, "people"
            f.parent, f.part_before = items[0], True
            f.own_date = f.own_date or items[0].own_date
            items.append(f)
    taken = {id(f.number) for f in items}
    kept = [(n, why) for n, why in reading.set_aside if id(n) not in taken]
    latent = [f for f in reading.latent if id(f.number) not in taken]
    return SentenceReading(reading.sentence, reading.dates, items, kept, latent)


def _part_of_list_total(reading: SentenceReading, total: Figure) -> None:
    """A list item that counts one nationality with the action of the list's first item, the
    list's total ("- 1,362: suspects arrested ..." then "- 347: Vietnamese nationals arrested"),
    is a part of that total."""
    if total.parent is not None or total.nationality or not total.metric:
        return
    for f in reading.figures:
        if (
            f.parent is None
            and f.nationality
            and f.metric == total.metric
            and f.value < total.value
            and f.own_date is None
        ):
            f.parent = total
            f.part_before = True


def _counted_as_in_list(
    item: Figure, s: str, before: list[Figure], last: Figure, total: Figure
) -> bool:
    """Give a list's item the metric, and the whole, of the list's items before it."""
    names_part = bool(item.nationality or item.sex or _LIST_PART_RE.search(s))
    if names_part and last.parent is None and (last.part_sentence or last.part_before):
        # the items before are parts of a total told before the list: so is this one, and
        # the article's parts are attached to their wholes together (resolve)
        item.part_sentence = True
        return True
    # the list's total is its first item ("3,075: suspects arrested", then "82: Thais")
    wholes = [f for f in (*before, total) if f.parent is None and f.metric]
    # "5: women among those sent to court": the whole is the item that counts that action
    named = _AMONG_ACTION_RE.search(s)
    action = named and (
        lx.TRIGGER_RE.search(named.group(1).lower())
        or lx.ROLE_NOUN_RE.search(named.group(1).lower())
    )
    if action:
        metric = action.lastgroup or lx.ROLE_NOUNS.get(action.group(0))
        wholes = [f for f in reversed(wholes) if f.metric == metric] or wholes
    whole = next((f for f in wholes if f.value >= item.value), None)
    source = whole or last
    if source.metric is None:
        return False
    item.metric = source.metric
    item.metric_note = f"metric from the list's {source.number.text} before it"
    item.unit = source.unit
    if whole and names_part:
        item.parent = whole
        item.part_before = True
        if not item.nationality:
            item.nationality = whole.nationality
    return True


def extract(text: str, published_on: date, precision: str = "day") -> list[Figure]:
    """The figures `text` states, with periods resolved against its publication date.

    ExtractError when the text is too large or binary (see `check_text`)."""
    return read_article(text, published_on, precision).figures


def number_span(f: Figure) -> tuple[int, int]:
    """Where the number of figure `f` stands in the article text."""
    return f.quote_start + f.number.start, f.quote_start + f.number.end


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _value_slug(f: Figure) -> str:
    if f.unit != "usd":
        return _number(f.value)
    for size, suffix in ((1e9, "b"), (1e6, "m"), (1e3, "k")):
        if f.value >= size:
            return "usd-" + f"{f.value / size:g}".replace(".", "-") + suffix
    return f"usd-{_number(f.value)}"


def _unique(base: str, taken: set[str]) -> str:
    name, n = base, 2
    while name in taken:
        name = f"{base}-{n}"
        n += 1
    taken.add(name)
    return name


def _figure_id(article_id: str, f: Figure) -> str:
    parts = [article_id, f.metric or "figure", _value_slug(f)]
    if f.nationality:
        parts.append(f.nationality.lower())
    if f.sex in ("female", "male"):
        parts.append("women" if f.sex == "female" else "men")
    if f.in_headline:
        parts.append("headline")
    return "-".join(parts)


def _qualifier_note(f: Figure) -> str:
    if f.qualifier == "exact" or not f.qualifier_text:
        return ""
    low, high = f.bounds
    bound = (
        f"low {_number(low)}"
        if low is not None
        else f"high {_number(high)}"
        if high is not None
        else "no bounds"
    )
    return f"'{f.qualifier_text}' read as {f.qualifier} ({bound})"


def ordered(figures: list[Figure]) -> list[Figure]:
    """The figures in the order of their candidate rows: by where they stand in the text."""
    return sorted(figures, key=lambda f: (f.quote_start, f.sentence.index, f.number.start))


def candidate_rows(figures: list[Figure], article_id: str, text: str) -> list[dict[str, str]]:
    """The figures as rows of data/figures.csv, with unique readable ids and review notes."""
    taken: set[str] = set()
    ids = {id(f): _unique(_figure_id(article_id, f), taken) for f in figures}
    group_ids: dict[int, str] = {}
    group_taken: set[str] = set()
    members_of: dict[int, list[Figure]] = {}
    for f in figures:
        if f.group is not None:
            members_of.setdefault(f.group, []).append(f)
    for f in figures:
        if f.group is not None and f.group not in group_ids:
            anchor = standing(members_of[f.group])
            group_ids[f.group] = _unique(
                f"{article_id}-{anchor.metric}-{_value_slug(anchor)}", group_taken
            )
    rows = []
    for f in ordered(figures):
        low, high = f.bounds
        notes = [n for n in (f.metric_note, _qualifier_note(f), f.period_note, *f.notes) if n]
        if f.group is not None:
            others = [ids[id(g)] for g in members_of[f.group] if g is not f]
            notes.append(f"same fact as {', '.join(others)}")
        if f.parent is not None:
            notes.append(f"a part of {ids[id(f.parent)]}, never added to it")
        assert f.period_end is not None and f.metric is not None
        subject = (
            f.subject
            or (f.parent.subject if f.parent else "")
            or ("amount defrauded" if f.unit == "usd" else f.unit)
        )
        rows.append(
            {
                "figure_id": ids[id(f)],
                "article_id": article_id,
                "metric": f.metric,
                "value": _number(f.value),
                "value_low": _number(low),
                "value_high": _number(high),
                "qualifier": f.qualifier,
                "unit": f.unit,
                "subject": subject,
                "nationality": f.nationality,
                "sex": f.sex,
                "location": f.location,
                "authority": f.authority,
                # Proposals for review: the curator decides both (see the README's data table).
                "attribution": "primary" if f.authority else "secondary",
                "period_start": f.period_start.isoformat() if f.period_start else "",
                "period_end": f.period_end.isoformat(),
                "date_precision": f.date_precision,
                "period_basis": "stated",
                "count_type": f.count_type,
                "parent_figure_id": ids[id(f.parent)] if f.parent is not None else "",
                "claim_group": group_ids.get(f.group, "") if f.group is not None else "",
                "in_headline": "true" if f.in_headline else "false",
                "quote": text[f.quote_start : f.quote_end],
                "quote_start": str(f.quote_start),
                "quote_end": str(f.quote_end),
                "notes": "; ".join(notes),
            }
        )
    return rows
