"""Numbers in sentences, computed from the counted facts and written as a newspaper would.

Every number here comes from a row: no report retypes one. Text that comes from articles
(locations, subjects, authorities) is escaped by `escape_markdown` wherever a function returns
Markdown, so that an article's `<script>`, `$...$` or `*stars*` is shown as text.
"""

from __future__ import annotations

import re
from typing import Unpack

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

#: Country names, for notebooks and the report registry (crackdown.wording.country).
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
) -> str:
    """One fact as a sentence, its numbers computed and its article text escaped for Markdown.

    "Between 27 July and 14 October 2025, 3,455 people from 20 countries were arrested, about
    43 a day." The "from 20 countries" is counted from `named` (named_nationalities). With
    `whole`, a part is written as a share of it; with `authority`, who made the count is named.
    """
    if whole is not None:
        return _part_sentence(fact, whole)
    when, since = _when(fact)
    where = wording.place(escape_markdown(str(fact.get("location", "") or "")))
    by = ""
    if authority and fact.get("authority"):
        by = f" by {escape_markdown(str(fact['authority']))}"
    rate = wording.rate(fact)
    rate = f", {rate}" if rate else ""
    amount = wording.figure(fact)
    if fact["unit"] == "usd":
        running = fact["count_type"] == "cumulative_to_date"
        if fact["metric"] == "defrauded":
            core = f"victims {'had been' if running else 'were'} defrauded of {amount}"
        else:
            done = wording.verb(str(fact["metric"]))
            core = f"{amount} {'had been' if running else 'was'} {done}"
        return f"{_capital(when)}, {core}{where}{by}{since}{rate}."
    what = wording.noun(fact)
    plural = not (float(fact["value"]) == 1 and fact["qualifier"] == "exact")
    who = f"{amount} {what}{_origin(fact, named)}"
    return f"{_capital(when)}, {who} {_verb(fact, plural)}{where}{by}{since}{rate}."


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
    **where: Unpack[Where],
) -> str:
    """A Markdown bullet list of the selected facts in date order, each number computed.

    Parts follow their whole as shares of it; a fact stated more than once says so; facts that
    may count the same people twice are named with their authority and flagged. Beyond `limit`
    facts, the largest are listed and the rest counted. `where` narrows the facts (metrics,
    start, end, nationality: see crackdown.model.Selection).
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
            extras.append(f"Stated {wording.times(int(fact['n_statements']))}, counted once.")
        if fact["conflict"]:
            extras.append("The statements of this figure disagree: see the sources.")
        lines.append("- " + " ".join([sentence, *extras]))
    for pair in repeats.to_dict("records"):
        number = wording.number(float(pair["value"]), str(pair["unit"]))
        lines.append(
            f"\nThe two figures of {number} {pair['metric']} may count the same "
            f"{'people' if pair['unit'] == 'people' else 'things'} twice; they are not added together."
        )
    if len(chosen) > len(shown):
        lines.append(f"\nThe {len(shown)} largest of {len(chosen):,} figures are listed.")
    lines += _named_lines(by_id, named, asked.nationality)
    return "\n".join(lines)


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
        when = wording.period(fact["period_start"], fact["period_end"], str(fact["date_precision"]))
        done = wording.verb(str(fact["metric"]))
        lines.append(
            f"\n{wording.country(code)} is also named, without a count, among the {countries} "
            f"countries of the {wording.figure(fact)} {wording.noun(fact)} {done} {when}."
        )
    return lines
