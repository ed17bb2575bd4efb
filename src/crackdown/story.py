"""The story a report opens with, computed from the counted facts, and where each number leads.

A lede is two or three sentences: the largest fact, the latest one, and what the sources
dispute. Each number in it is a `Link` to the sentence that states it in the sources report
(`sources.html#fact-<fact_id>`), carrying that sentence's quote, so that a page can show the
quote on hover and on keyboard focus. The wording comes from `crackdown.prose`; this module
chooses what to say.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import pandas as pd

from crackdown import model, prose, wording
from crackdown.dates import format_date

#: The report every number links to, and the anchors it gives each fact and each statement.
SOURCES_PAGE = "sources.html"


def fact_anchor(fact_id: str) -> str:
    """The anchor of a fact in the sources report: 'fact-<fact_id>'."""
    return f"fact-{fact_id}"


def statement_anchor(figure_id: str) -> str:
    """The anchor of one statement (a figure as one article states it): 'statement-<figure_id>'."""
    return f"statement-{figure_id}"


@dataclass(frozen=True)
class Link:
    """A number or phrase on a page, where it leads, and the quote shown beside it."""

    text: str
    href: str
    quote: str = ""


@dataclass(frozen=True)
class Citations:
    """Where each fact and statement is told: its anchor in the sources report and its quote."""

    quotes: dict[str, str]  # figure_id -> "quote" (outlet, date)
    standing: dict[str, str]  # fact_id -> the figure_id that stands for it

    def fact(self, fact_id: str, text: str) -> Link:
        """`text` linked to the fact's anchor, with the quote of the figure that stands for it."""
        quote = self.quotes.get(self.standing.get(fact_id, ""), "")
        return Link(text, f"{SOURCES_PAGE}#{fact_anchor(fact_id)}", quote)

    def statement(self, figure_id: str, text: str) -> Link:
        """`text` linked to one statement's anchor, with its quote."""
        return Link(
            text, f"{SOURCES_PAGE}#{statement_anchor(figure_id)}", self.quotes.get(figure_id, "")
        )


def credits(articles: pd.DataFrame) -> dict[str, str]:
    """Each article as a reader names it: 'The Asia Business Daily, 16 October 2025'."""
    return {
        str(a["article_id"]): (
            f"{a['outlet']}, {format_date(a['published_on'], str(a['published_precision']))}"
        )
        for a in articles.to_dict("records")
    }


def citations(figures: pd.DataFrame, articles: pd.DataFrame, facts: pd.DataFrame) -> Citations:
    """The citations of every figure of `figures` and every fact of `facts`."""
    credit = credits(articles)
    quotes = {
        str(f["figure_id"]): (
            f"“{' '.join(str(f['quote']).split())}” ({credit.get(str(f['article_id']), '')})"
        )
        for f in figures.to_dict("records")
    }
    standing = dict(zip(facts["fact_id"].astype(str), facts["figure_id"].astype(str), strict=True))
    return Citations(quotes, standing)


@dataclass(frozen=True)
class Lede:
    """Sentences in Markdown whose numbers are placeholders for `links`, and the plain text.

    A placeholder is `LINK<n>X` (letters and digits only, so Markdown leaves it alone); a page
    puts the n-th link in its place.
    """

    markdown: str
    links: Sequence[Link] = field(default_factory=tuple)
    as_of: str = ""  # the day of the latest article in the data (ISO), which a citation gives
    #: The lede in words of the project's own (figures, what they count, when): no article
    #: text, so it can go where escaping matters most, such as a page's meta description.
    summary: str = ""

    @property
    def text(self) -> str:
        """The lede as plain text: numbers in, markup out."""
        text = self.markdown
        for i, link in enumerate(self.links):
            text = text.replace(placeholder(i), link.text)
        return " ".join(text.replace("\\", "").split())


def data_date(articles: pd.DataFrame) -> str:
    """The publication day of the latest article (ISO), '' when there is none: the date a
    report's data speaks for, the same at every rebuild of the same data."""
    latest = articles["published_on"].max() if len(articles) else None
    return "" if latest is None or pd.isna(latest) else pd.Timestamp(latest).date().isoformat()


def unlinked(lede: Lede) -> Lede:
    """The same lede with its numbers as plain text (where the sources report is not there)."""
    return replace(lede, links=tuple(Link(link.text, "") for link in lede.links))


def placeholder(i: int) -> str:
    """The i-th link's place in a lede's Markdown."""
    return f"LINK{i}X"


class _Writer:
    """Collects sentences, replacing each fact's number by a placeholder for its link."""

    def __init__(self, cites: Citations, as_of: str = "") -> None:
        self.cites = cites
        self.as_of = as_of
        self.sentences: list[str] = []
        self.links: list[Link] = []
        self.told: list[str] = []

    def linked(self, sentence: str, facts: Sequence[Any]) -> None:
        """Add `sentence`, its first occurrence of each fact's figure linked to that fact."""
        for fact in facts:
            phrase = prose.escape_markdown(wording.figure(fact))
            at = sentence.find(phrase)
            if at < 0:
                continue
            token = placeholder(len(self.links))
            self.links.append(self.cites.fact(str(fact["fact_id"]), wording.figure(fact)))
            self.told.append(_in_words(fact))
            sentence = sentence[:at] + token + sentence[at + len(phrase) :]
        self.sentences.append(sentence)

    def lede(self) -> Lede:
        lede = Lede(" ".join(self.sentences), tuple(self.links), self.as_of)
        told = "; ".join(dict.fromkeys(self.told))
        # Without a linked fact, the sentences are the project's own words (counts, dates).
        summary = f"{told[:1].upper()}{told[1:]}." if told else lede.text
        return Lede(lede.markdown, lede.links, lede.as_of, summary)


def _in_words(fact: Any) -> str:
    """'3,455 arrested between 27 July and 14 October 2025': the figure, its metric, its period."""
    when = ""
    if not pd.isna(fact["period_end"]):
        when = " " + wording.period(
            fact["period_start"], fact["period_end"], str(fact["date_precision"])
        )
    return f"{wording.figure(fact)} {fact['metric']}{when}"


def _disputed(chosen: pd.DataFrame) -> pd.Series:
    """Which facts the sources dispute (the data's `disputed` column, else `conflict`)."""
    column = "disputed" if "disputed" in chosen else "conflict"
    return chosen[column].fillna(False).astype(bool)


def lede(
    figures: pd.DataFrame,
    articles: pd.DataFrame,
    facts: pd.DataFrame,
    named: pd.DataFrame,
    *,
    metrics: Sequence[str] | str | None = None,
    start: object = None,
    end: object = None,
    nationality: str | None = None,
    readings: pd.DataFrame | None = None,
) -> Lede:
    """Two or three sentences: the largest fact, the latest one, and what the sources dispute.

    The largest is the largest whole counted in people (else in any unit); the latest is the
    one whose period ends last, told with its largest part as a share. Both are left out when
    nothing is selected, and the last sentence then says so. With `readings`
    (counting.readings), a disputed fact is told with every reading ("From 27 July, or from 27
    June by another account, to 14 October 2025, 3,455 people were arrested").
    """
    cites = citations(figures, articles, facts)
    asked = model.Selection(metrics=metrics, start=start, end=end, nationality=nationality)
    chosen = asked.pick(facts)
    write = _Writer(cites, data_date(articles))
    if chosen.empty:
        selection = wording.selection(asked)
        write.sentences.append(
            f"No figure was reported for this selection ({prose.escape_markdown(selection)})."
        )
        return write.lede()
    wholes = chosen[chosen["parent_fact_id"].fillna("") == ""]
    pool = wholes if not wholes.empty else chosen
    people = pool[pool["unit"] == "people"]
    pool = people if not people.empty else pool
    largest = pool.sort_values("value", ascending=False, kind="stable").iloc[0]
    write.linked(prose.fact_sentence(largest, named=named, readings=readings), [largest])
    dated = pool.dropna(subset=["period_end"])
    dated = dated[dated["fact_id"] != largest["fact_id"]]
    if not dated.empty:
        latest = dated.sort_values(["period_end", "value"], kind="stable").iloc[-1]
        write.linked(prose.fact_sentence(latest, named=named, readings=readings), [latest])
        parts = chosen[chosen["parent_fact_id"] == latest["fact_id"]]
        if not parts.empty:
            part = parts.sort_values("value", ascending=False, kind="stable").iloc[0]
            write.linked(prose.fact_sentence(part, whole=latest, readings=readings), [latest, part])
    write.sentences.append(_dispute_sentence(chosen))
    return write.lede()


def _dispute_sentence(chosen: pd.DataFrame) -> str:
    """What the sources dispute among the selected facts, or that they agree."""
    repeated = chosen[chosen["n_statements"] > 1]
    disputed = chosen[_disputed(chosen)]
    if not disputed.empty:
        what = "; ".join(
            f"{prose.escape_markdown(wording.figure(f))} {f['metric']}"
            for f in disputed.to_dict("records")
        )
        n = len(disputed)
        return (
            f"The sources disagree on {n} {'figure' if n == 1 else 'figures'} ({what}): "
            "the sources report shows every reading."
        )
    if repeated.empty:
        return "Each figure is stated once, by one article."
    n = len(repeated)
    return (
        f"{n} {'figure is' if n == 1 else 'figures are'} stated more than once, and the "
        "statements agree; each is counted once."
    )


def sources_lede(figures: pd.DataFrame, articles: pd.DataFrame, facts: pd.DataFrame) -> Lede:
    """The sources report's opening: how many statements, facts and articles, and disputes."""
    n_fig, n_facts, n_art = len(figures), len(facts), len(articles)
    first = articles["published_on"].min()
    last = articles["published_on"].max()
    span = ""
    if not pd.isna(first) and not pd.isna(last):
        span = f", published {format_date(first)} to {format_date(last)}"
    opening = (
        f"{n_fig:,} {'figure' if n_fig == 1 else 'figures'} stated in {n_art:,} "
        f"{'article' if n_art == 1 else 'articles'}{span}, counted as {n_facts:,} "
        f"{'fact' if n_facts == 1 else 'facts'}: each with its verbatim quote and its place in "
        "the article."
    )
    write = _Writer(citations(figures, articles, facts), data_date(articles))
    write.sentences.append(opening)
    if not facts.empty:
        write.sentences.append(_dispute_sentence(facts))
    return write.lede()


@dataclass(frozen=True)
class Headline:
    """A number for the front page: the figure, what it counts, when, and where it leads."""

    figure: Link
    what: str
    when: str


def headlines(
    figures: pd.DataFrame,
    articles: pd.DataFrame,
    facts: pd.DataFrame,
    limit: int = 3,
    readings: pd.DataFrame | None = None,
) -> list[Headline]:
    """The largest whole of each metric counted in people, largest first, `limit` of them; with
    `readings` (counting.readings), a disputed one says each other reading ('or from 27 June by
    another account')."""
    cites = citations(figures, articles, facts)
    wholes = facts[(facts["parent_fact_id"].fillna("") == "") & (facts["unit"] == "people")]
    if wholes.empty:
        return []
    top = wholes.sort_values("value", ascending=False, kind="stable").drop_duplicates("metric")
    return [
        Headline(
            cites.fact(str(f["fact_id"]), wording.figure(f)),
            f"{wording.noun(f)} {wording.verb(str(f['metric']))}".strip(),
            "".join(
                [
                    wording.period(f["period_start"], f["period_end"], str(f["date_precision"])),
                    *(
                        f", {wording.alternative(f, o)} by another account"
                        for o in prose.other_readings(f, readings)
                    ),
                ]
            ),
        )
        for f in top.head(limit).to_dict("records")
    ]


def latest(
    figures: pd.DataFrame,
    articles: pd.DataFrame,
    facts: pd.DataFrame,
    named: pd.DataFrame,
    limit: int = 5,
    readings: pd.DataFrame | None = None,
) -> list[tuple[str, Lede]]:
    """The facts of the most recently published articles: (publication in words, sentence).

    Computed from the data alone, so a fresh clone shows the same latest facts as the site.
    """
    cites = citations(figures, articles, facts)
    newest = facts.sort_values(["published_on", "value"], ascending=[False, False], kind="stable")
    by_id = facts.set_index("fact_id")
    found = []
    for fact in newest.head(limit).to_dict("records"):
        parent = str(fact.get("parent_fact_id") or "")
        write = _Writer(cites)
        if parent and parent in by_id.index:
            whole = by_id.loc[parent].to_dict() | {"fact_id": parent}
            sentence = prose.fact_sentence(fact, whole=whole, readings=readings)
            write.linked(sentence, [whole, fact])
        else:
            write.linked(prose.fact_sentence(fact, named=named, readings=readings), [fact])
        found.append((str(fact["sources"]), write.lede()))
    return found
