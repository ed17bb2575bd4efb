"""Numbers in sentences, computed from the counted facts and written as a newspaper would.

Every number here comes from a row: no report retypes one. Text that comes from articles
(locations, subjects, authorities) is escaped by `escape_markdown` wherever a function returns
Markdown, so that an article's `<script>`, `$...$` or `*stars*` is shown as text.
"""

from __future__ import annotations

import re
from typing import Any, Unpack

import pandas as pd

from crackdown import counting, wording
from crackdown.dates import as_date
from crackdown.model import Selection, Where

#: The country every figure is about: a location equal to it goes without saying.
HOME = wording.HOME

# Characters Markdown (or HTML inside it) would read as markup; CommonMark lets any ASCII
# punctuation be escaped with a backslash, which every renderer turns back into the character.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]{}()#+!|~$^<>&])")

Fact = wording.Fact

#: Country names, for notebooks and the catalogue of reports (crackdown.wording.country).
country_name = wording.country


def escape_markdown(text: str) -> str:
    """Article text made safe to put in Markdown: shown as written, never read as markup.

    Every character that Markdown or HTML would act on is backslash-escaped, so the text
    renders as itself both where raw HTML is escaped and where it is not.
    """
    flat = " ".join(str(text).split())
    return _MARKDOWN_SPECIAL.sub(r"\\\1", flat)


def _verb(fact: Fact, plural: bool) -> str:
    done = wording.verb(str(fact["metric"]))
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
        first = wording.optional_date(start)
        since = ""
        if first is not None and first != last:
            since = f" since {wording.day_month(first) if first.year == last.year else wording.date(first)}"
        return f"by {wording.date(last)}", since
    return wording.period(start, end, str(fact["date_precision"])), ""


def _origin(fact: Fact, named: pd.DataFrame | None) -> str:
    code = str(fact.get("nationality", "") or "")
    if code:
        return f" from {wording.country(code)}"
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
    readings: pd.DataFrame | None = None,
) -> str:
    """One fact as a sentence, its numbers computed and its article text escaped for Markdown.

    "Between 27 July and 14 October 2025, 3,455 people from 20 countries were arrested, about
    43 a day." The "from 20 countries" is counted from `named` (named_nationalities). With
    `whole`, a part is written as a share of it; with `authority`, who made the count is named.
    With `readings` (counting.readings), a disputed fact gives every reading: "From 27 June, or
    from 27 July by another account, to 14 October 2025, 3,455 people were arrested, about 31
    a day (about 43 a day by the other account)." A period the curator inferred says so.
    """
    others = other_readings(fact, readings)
    if whole is not None:
        part = _part_sentence(fact, whole)[:-1]
        part += "".join(f", {wording.alternative(fact, o)} by another account" for o in others)
        return part + "."
    return _sentence(fact, named, authority, others)


def other_readings(fact: Fact, readings: pd.DataFrame | None) -> list[dict[str, Any]]:
    """The readings of a disputed fact other than the one it stands by, each with its rate's
    arithmetic (count_type, unit, days), in the order counting ranks them."""
    if readings is None or not bool(fact.get("disputed", False)):
        return []
    rows = readings[(readings["fact_id"] == fact["fact_id"]) & ~readings["standing"]]
    out = []
    for row in rows.to_dict("records"):
        days = counting.period_days(pd.DataFrame([row])).iloc[0]
        out.append(row | {"count_type": fact["count_type"], "unit": fact["unit"], "days": days})
    return out


def _inferred(fact: Fact) -> bool:
    return str(fact.get("period_basis", "stated") or "stated") == "inferred"


def _start_only(fact: Fact, others: list[dict[str, Any]]) -> bool:
    """Whether the readings differ only in the first day of a stated range."""
    return bool(others) and all(
        o["date_precision"] == fact["date_precision"] == "range"
        and pd.notna(o["period_start"])
        and pd.notna(fact["period_start"])
        and o["period_end"] == fact["period_end"]
        and float(o["value"]) == float(fact["value"])
        and o["qualifier"] == fact["qualifier"]
        for o in others
    )


def _sentence(
    fact: Fact, named: pd.DataFrame | None, authority: bool, others: list[dict[str, Any]]
) -> str:
    when, since = _when(fact)
    if _inferred(fact):
        # The curator, not the article, dated it (the notes of data/figures.csv say why).
        if since:
            since += " (start inferred)"
        else:
            when += " (period inferred)"
    start_only = _start_only(fact, others) and fact["count_type"] != "cumulative_to_date"
    if start_only:
        end = as_date(fact["period_end"])
        starts = [wording.alternative(fact, o) for o in others]
        first = as_date(fact["period_start"])
        when = (
            f"from {wording.day_month(first) if first.year == end.year else wording.date(first)}, "
            f"{', '.join(s + ' by another account' for s in starts)}, to {wording.date(end)}"
        )
    where = wording.place(escape_markdown(str(fact.get("location", "") or "")))
    by = ""
    if authority and fact.get("authority"):
        by = f" by {escape_markdown(str(fact['authority']))}"
    rate = wording.rate(fact)
    other_rates = [wording.rate(o) for o in others] if start_only else []
    if rate and any(other_rates):
        rate += " (" + ", ".join(f"{r} by the other account" for r in other_rates if r) + ")"
    rate = f", {rate}" if rate else ""
    amount = wording.figure(fact)
    if fact["unit"] == "usd":
        running = fact["count_type"] == "cumulative_to_date"
        if fact["metric"] == "defrauded":
            core = f"victims {'had been' if running else 'were'} defrauded of {amount}"
        else:
            done = wording.verb(str(fact["metric"]))
            core = f"{amount} {'had been' if running else 'was'} {done}"
        money = f"{_capital(when)}, {core}{where}{by}{since}{rate}"
        money += "".join(f", {wording.alternative(fact, o)} by another account" for o in others)
        return money + "."
    what = wording.noun(fact)
    plural = not (float(fact["value"]) == 1 and fact["qualifier"] == "exact")
    who = f"{amount} {what}{_origin(fact, named)}"
    sentence = f"{_capital(when)}, {who} {_verb(fact, plural)}{where}{by}{since}{rate}"
    if others and not start_only:
        sentence += "".join(f", {wording.alternative(fact, o)} by another account" for o in others)
    return sentence + "."


def _part_sentence(part: Fact, whole: Fact) -> str:
    """'Of the 2,825 people deported by 16 October 2025, 476 (16.8%) were women.'"""
    when, _ = _when(whole)
    done = wording.verb(str(whole["metric"]))
    share = wording.share(float(part["value"]), float(whole["value"]))
    sex = str(part.get("sex", ""))
    what = {"female": "women", "male": "men"}.get(sex) or escape_markdown(str(part["subject"]))
    what_whole = wording.noun(whole)
    exact_whole = (
        part["value"] == whole["value"] and part["qualifier"] == whole["qualifier"] == "exact"
    )
    how_many = f"all {wording.figure(part)}" if exact_whole else f"{wording.figure(part)} ({share})"
    return (
        f"Of the {wording.figure(whole)} {what_whole} {done} {when}, {how_many} were {what}."
    ).replace("  ", " ")


def summary(
    facts: pd.DataFrame,
    named: pd.DataFrame,
    *,
    limit: int = 20,
    readings: pd.DataFrame | None = None,
    **where: Unpack[Where],
) -> str:
    """A Markdown bullet list of the selected facts in date order, each number computed and
    credited to the articles that state it.

    Parts follow their whole as shares of it; a fact stated more than once says so; facts that
    may count the same people twice are named with their authority and flagged. Beyond `limit`
    facts, the largest are listed and the rest counted. `where` narrows the facts (metrics,
    start, end, nationality: see crackdown.model.Selection). With `readings`
    (counting.readings), a disputed fact gives each reading and who states it; without them it
    gives the range of values its statements state.
    """
    asked = Selection(**where)
    chosen = asked.pick(facts)
    selection = wording.selection(asked)
    if chosen.empty:
        return f"No figures were reported for this selection ({selection})."
    shown = chosen
    if len(chosen) > limit:
        shown = chosen.nlargest(limit, "value", keep="first")
    by_id = facts.set_index("fact_id")
    repeats = counting.possible_repeats(shown)
    doubtful = set(repeats["fact_id"]) | set(repeats["other_fact_id"])
    order = _whole_then_parts(shown)
    citations = Citations()
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
            fact,
            named=named,
            whole=whole,
            authority=fact["fact_id"] in doubtful,
            readings=readings,
        )
        extras = []
        if fact["n_statements"] > 1:
            extras.append(f"Stated {wording.times(int(fact['n_statements']))}, counted once.")
        if bool(fact.get("disputed", fact.get("conflict", False))):
            extras.append(_dispute(fact, readings))
        extras.append(credit(fact, readings, citations))
        lines.append("- " + " ".join([sentence, *extras]))
    for pair in repeats.to_dict("records"):
        number = wording.number(float(pair["value"]), str(pair["unit"]))
        lines.append(
            f"\nThe two figures of {number} {pair['metric']} may count the same "
            f"{'people' if pair['unit'] == 'people' else 'things'} twice; they are not added together."
        )
    if len(chosen) > len(shown):
        lines.append(f"\nThe {len(shown)} largest of {len(chosen):,} figures are listed.")
    lines += _named_lines(by_id, named, asked.nationality, citations)
    if citations.numbers:
        lines.append("\n" + citations.listing())
    return "\n".join(lines)


def _dispute(fact: Fact, readings: pd.DataFrame | None) -> str:
    """What the statements of a disputed fact disagree on, in words."""
    what = str(fact.get("dispute", "") or "value or period")
    if readings is not None:
        return f"The statements disagree on the {what}: every reading is given."
    low, high = fact.get("reading_low"), fact.get("reading_high")
    if pd.notna(low) and pd.notna(high) and low != high:
        unit = str(fact["unit"])
        span = f"{wording.number(float(low), unit)} to {wording.number(float(high), unit)}"
        return f"The statements disagree on the {what}: they state {span}."
    return f"The statements disagree on the {what}: see the sources."


class Citations:
    """Numbered sources for one text: each sentence cites '[1]' or '[1, 2]', and the list of
    what the numbers stand for closes the text, so that every sentence credits its articles
    without repeating them."""

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}

    def cite(self, sources: str) -> str:
        """'[1, 2]' for the articles of a '; '-separated sources cell (numbered on first use)."""
        ids = [self.numbers.setdefault(s, len(self.numbers) + 1) for s in sources.split("; ") if s]
        return "\\[" + ", ".join(map(str, ids)) + "\\]" if ids else ""

    def listing(self) -> str:
        """'Sources: [1] The Asia Business Daily, 16 October 2025; [2] …' ('' when none)."""
        if not self.numbers:
            return ""
        items = "; ".join(f"\\[{n}\\] {escape_markdown(s)}" for s, n in self.numbers.items())
        return f"Sources: {items}."


def credit(
    fact: Fact, readings: pd.DataFrame | None = None, citations: Citations | None = None
) -> str:
    """Who states a fact: 'Source: The Asia Business Daily, 16 October 2025.', or for a
    disputed fact each reading's sources ('Source of 270, 16 Jul 2025: …'). With `citations`,
    the articles are cited by number instead: '[1]', or '(270, 16 Jul 2025: [1]; 271, …: [2])'."""
    others = other_readings(fact, readings)
    if citations is not None:
        if not others:
            return citations.cite(str(fact.get("sources", "")))
        assert readings is not None
        standing = readings[(readings["fact_id"] == fact["fact_id"]) & readings["standing"]]
        cited = [
            f"{_reading_words(fact, r)}: {citations.cite(str(r['sources']))}"
            for r in [*standing.to_dict("records"), *others]
        ]
        return f"({'; '.join(cited)})"
    if not others:
        sources = [s for s in str(fact.get("sources", "")).split("; ") if s]
        label = "Source" if len(sources) == 1 else "Sources"
        return f"{label}: {escape_markdown('; '.join(sources))}." if sources else ""
    assert readings is not None
    standing = readings[(readings["fact_id"] == fact["fact_id"]) & readings["standing"]]
    pieces = []
    for reading in [*standing.to_dict("records"), *others]:
        sources = [s for s in str(reading["sources"]).split("; ") if s]
        label = "Source" if len(sources) == 1 else "Sources"
        pieces.append(
            f"{label} of {_reading_words(fact, reading)}: {escape_markdown('; '.join(sources))}."
        )
    return " ".join(pieces)


def _reading_words(fact: Fact, reading: Fact) -> str:
    """A reading in a credit: its value and period, short."""
    when = wording.period(
        reading["period_start"], reading["period_end"], str(reading["date_precision"]), short=True
    )
    return f"{wording.amount(float(reading['value']), str(reading['qualifier']), str(fact['unit']))}, {when}"


def _whole_then_parts(chosen: pd.DataFrame) -> pd.DataFrame:
    """The facts in date order, each part right after its whole when the whole is there."""
    ids = set(chosen["fact_id"])
    anchor = chosen["parent_fact_id"].where(chosen["parent_fact_id"].isin(ids), chosen["fact_id"])
    position = pd.Series(range(len(chosen)), index=chosen["fact_id"].to_numpy())
    return chosen.assign(
        _anchor=anchor.map(position).to_numpy(),
        _part=(anchor != chosen["fact_id"]).to_numpy(),
    ).sort_values(["_anchor", "_part"], kind="stable")


def _named_lines(
    by_id: pd.DataFrame, named: pd.DataFrame, nationality: str | None, citations: Citations
) -> list[str]:
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
        when = wording.period(fact["period_start"], fact["period_end"], str(fact["date_precision"]))
        done = wording.verb(str(fact["metric"]))
        naming = named[(named["fact_id"] == fact_id) & (named["country"] == code)]
        by = "; ".join(
            dict.fromkeys(s for cell in naming["sources"] for s in str(cell).split("; "))
        )
        lines.append(
            f"\n{wording.country(code)} is also named, without a count, among the {countries} "
            f"countries of the {wording.figure(fact)} {wording.noun(fact)} {done} {when}"
            f" {citations.cite(by)}."
        )
    return lines
