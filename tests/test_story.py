"""The story a report opens with: computed from the facts, every number linked to its sentence."""

from __future__ import annotations

from typing import Any

import pandas as pd

from conftest import ARTICLES, figure_row
from crackdown import counting, dataset, display, story


def frame(*rows: dict[str, Any]) -> pd.DataFrame:
    figures = pd.DataFrame([{"quote": f"quote of {r['figure_id']}", **r} for r in rows])
    for column in ("period_start", "period_end"):
        figures[column] = pd.to_datetime(figures[column].replace("", None))
    return figures


def lede_of(figures: pd.DataFrame, **selection: Any) -> story.Lede:
    facts = counting.facts(figures, ARTICLES)
    return story.lede(
        figures, ARTICLES, facts, pd.DataFrame(columns=["fact_id", "country"]), **selection
    )


def test_the_lede_tells_the_largest_then_the_latest_fact_with_its_part_as_a_share(
    seed: dataset.Dataset, seed_facts: pd.DataFrame, seed_named: pd.DataFrame
) -> None:
    lede = story.lede(seed.figures, seed.articles, seed_facts, seed_named)
    sentences = lede.text.split(". ")
    assert sentences[0].startswith(
        "Between 27 July and 14 October 2025, 3,455 people from 20 countries"
    )
    assert "2,825 people had been deported" in sentences[1]
    assert "476 (16.8%) were women" in lede.text
    assert lede.text.index("3,455") < lede.text.index("2,825") < lede.text.index("476")
    assert lede.as_of == "2025-10-16"


def test_every_number_of_the_lede_links_to_its_fact_with_the_quote_that_states_it(
    seed: dataset.Dataset, seed_facts: pd.DataFrame, seed_named: pd.DataFrame
) -> None:
    lede = story.lede(seed.figures, seed.articles, seed_facts, seed_named)
    by_text = {link.text: link for link in lede.links}
    assert by_text["3,455"].href == "sources.html#fact-asiae-2025-arrested"
    assert "arrest of 3,455 individuals" in by_text["3,455"].quote
    assert by_text["3,455"].quote.endswith("(The Asia Business Daily, 16 October 2025)")
    assert by_text["476"].href == "sources.html#fact-asiae-deported-476-women"
    html = display.lede_html(lede)
    assert html.count("<a href=") == len(lede.links)
    assert story.placeholder(0) not in html and "LINK" not in html
    assert '<span class="quote"> “According to the local media outlet Khmer Times' in html
    assert lede.summary.startswith("3,455 arrested between 27 July and 14 October 2025; 2,825")


def test_the_lede_says_what_the_sources_dispute() -> None:
    disputed = frame(
        figure_row("first", 3455, claim_group="g"),
        figure_row("other", 3500, claim_group="g", article_id="daily"),
    )
    assert "The sources disagree on 1 figure (3,500 arrested)" in lede_of(disputed).text
    agreed = frame(
        figure_row("head", 3455, claim_group="g", in_headline=True),
        figure_row("body", 3455, claim_group="g"),
    )
    assert "stated more than once, and the statements agree" in lede_of(agreed).text
    assert "Each figure is stated once" in lede_of(frame(figure_row("one", 10))).text


def test_an_empty_selection_gets_a_lede_that_says_so() -> None:
    lede = lede_of(frame(figure_row("a", 10)), metrics=["deported"])
    assert lede.text.startswith("No figure was reported for this selection (deported)")
    assert lede.links == ()


def test_article_text_in_a_lede_is_shown_as_text() -> None:
    hostile = frame(figure_row("a", 10, location="<script>alert(1)</script> $x$"))
    html = display.lede_html(lede_of(hostile))
    assert "<script" not in html and "$" not in html
    assert "&lt;script&gt;" in html


def test_the_front_page_numbers_are_the_largest_whole_of_each_metric(
    seed: dataset.Dataset, seed_facts: pd.DataFrame
) -> None:
    found = story.headlines(seed.figures, seed.articles, seed_facts)
    assert [(h.figure.text, h.what) for h in found] == [
        ("3,455", "people arrested"),
        ("2,825", "people deported"),
        ("75", "people brought to trial"),
    ]
    assert all(h.figure.href.startswith("sources.html#fact-") for h in found)


def test_the_lede_tells_a_disputed_period_with_every_reading(
    multi: dataset.Dataset, multi_counted: Any
) -> None:
    facts, readings, named = multi_counted
    opening = story.lede(
        multi.figures, multi.articles, facts, named, metrics=["arrested"], readings=readings
    )
    assert "From 27 July, or from 27 June by another account, to 14 October 2025," in opening.text
    assert "about 43 a day (about 31 a day by the other account)" in opening.text
    silent = story.lede(multi.figures, multi.articles, facts, named, metrics=["arrested"])
    assert "by another account" not in silent.text


def test_a_disputed_headline_number_says_its_other_reading(
    multi: dataset.Dataset, multi_counted: Any
) -> None:
    facts, readings, _ = multi_counted
    told = story.headlines(multi.figures, multi.articles, facts, readings=readings)
    arrested = next(h for h in told if h.what == "people arrested")
    assert arrested.figure.text == "3,455"
    assert arrested.when == (
        "between 27 July and 14 October 2025, or from 27 June by another account"
    )
    plain = story.headlines(multi.figures, multi.articles, facts)
    assert all("another account" not in h.when for h in plain)
