"""Numbers in sentences: exact strings, every number computed from the counted facts."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import pytest

from crackdown import prose
from crackdown.display import markdown_html


def fact(facts: pd.DataFrame, fact_id: str) -> dict[str, Any]:
    return facts.set_index("fact_id").loc[fact_id].to_dict() | {"fact_id": fact_id}


def test_the_2025_arrests_in_one_sentence_with_countries_counted_from_the_names(
    seed_facts: pd.DataFrame, seed_named: pd.DataFrame
) -> None:
    sentence = prose.fact_sentence(fact(seed_facts, "asiae-2025-arrested"), named=seed_named)
    assert sentence == (
        "Between 27 July and 14 October 2025, 3,455 people from 20 countries were arrested, "
        "about 43 a day."
    )


def test_without_the_names_no_country_count_is_claimed(seed_facts: pd.DataFrame) -> None:
    sentence = prose.fact_sentence(fact(seed_facts, "asiae-2025-arrested"))
    assert (
        sentence
        == "Between 27 July and 14 October 2025, 3,455 people were arrested, about 43 a day."
    )


@pytest.mark.parametrize(
    ("fact_id", "expected"),
    [
        (
            "asiae-2025-deported",
            "By 16 October 2025, 2,825 people had been deported since 27 July (start inferred), "
            "about 34 a day.",
        ),
        (
            "asiae-tried-75",
            "By 16 October 2025, 75 people had been brought to trial since 27 July "
            "(start inferred), about 6.4 a week.",
        ),
        ("dp-deported-19-jp-april", "In April 2023, 19 people from Japan were deported."),
        (
            "dp-arrested-25-jp-flight",
            "On 9 November 2023, 25 people from Japan were arrested aboard the deportation "
            "flight to Japan.",
        ),
        (
            "dp-arrested-25-jp-phnom-penh",
            "Before 9 November 2023, 25 people from Japan were arrested in Phnom Penh.",
        ),
        (
            "dp-defrauded-usd-1-6m",
            "Before 9 November 2023, victims were defrauded of about $1.6 million.",
        ),
        (
            "asiae-prosecuted-10-cases",
            "By 16 October 2025, 10 cases had been prosecuted in Phnom Penh, Kandal, "
            "Sihanoukville, and Kampot since 27 July (start inferred), about 3.7 a month.",
        ),
    ],
)
def test_fact_sentences(seed_facts: pd.DataFrame, fact_id: str, expected: str) -> None:
    assert prose.fact_sentence(fact(seed_facts, fact_id)) == expected


def test_a_part_is_written_as_a_share_of_its_whole(seed_facts: pd.DataFrame) -> None:
    sentence = prose.fact_sentence(
        fact(seed_facts, "asiae-deported-476-women"), whole=fact(seed_facts, "asiae-2025-deported")
    )
    assert sentence == "Of the 2,825 people deported by 16 October 2025, 476 (16.8%) were women."


def test_authority_is_named_when_asked(seed_facts: pd.DataFrame) -> None:
    sentence = prose.fact_sentence(fact(seed_facts, "dp-arrested-25-jp-flight"), authority=True)
    assert sentence == (
        "On 9 November 2023, 25 people from Japan were arrested aboard the deportation flight "
        "to Japan by Japanese authorities."
    )


def test_one_person_is_singular(make_facts: Callable[..., pd.DataFrame], figure: Any) -> None:
    facts = make_facts(
        figure(
            "one",
            1,
            period_start="2025-08-01",
            period_end="2025-08-01",
            date_precision="day",
            count_type="event",
            sex="female",
        )
    )
    assert prose.fact_sentence(facts.iloc[0]) == "On 1 August 2025, 1 woman was arrested."


def test_summary_of_one_nationality(seed_facts: pd.DataFrame, seed_named: pd.DataFrame) -> None:
    assert prose.summary(seed_facts, seed_named, nationality="JP") == (
        "4 figures from 1 article (people from Japan):\n"
        "\n"
        "- In April 2023, 19 people from Japan were deported. \\[1\\]\n"
        "- Before 9 November 2023, 25 people from Japan were arrested in Phnom Penh. \\[1\\]\n"
        "- Of the 25 people arrested before 9 November 2023, all 25 were re-arrested "
        "aboard the deportation flight. \\[1\\]\n"
        "- On 9 November 2023, 25 people from Japan were deported. Stated twice, counted once. "
        "\\[1\\]\n"
        "\n"
        "Japan is also named, without a count, among the 20 countries of the 3,455 people "
        "arrested between 27 July and 14 October 2025 \\[2\\].\n"
        "\n"
        "Sources: \\[1\\] durianpoker.net, November 2023; \\[2\\] The Asia Business Daily, "
        "16 October 2025."
    )


def test_summary_puts_each_part_after_its_whole(
    seed_facts: pd.DataFrame, seed_named: pd.DataFrame
) -> None:
    text = prose.summary(seed_facts, seed_named, metrics=["deported", "tried"], start="2025-01-01")
    assert text == (
        "4 figures from 1 article (deported or tried; from 1 January 2025):\n"
        "\n"
        "- By 16 October 2025, 2,825 people had been deported since 27 July (start inferred), "
        "about 34 a day. Stated twice, counted once. \\[1\\]\n"
        "- Of the 2,825 people deported by 16 October 2025, 476 (16.8%) were women. \\[1\\]\n"
        "- By 16 October 2025, 75 people had been brought to trial since 27 July (start "
        "inferred), about 6.4 a week. \\[1\\]\n"
        "- Of the 75 people brought to trial by 16 October 2025, 5 (6.7%) were women. \\[1\\]\n"
        "\n"
        "Sources: \\[1\\] The Asia Business Daily, 16 October 2025."
    )


def test_summary_of_an_empty_selection(seed_facts: pd.DataFrame, seed_named: pd.DataFrame) -> None:
    text = prose.summary(
        seed_facts, seed_named, metrics=["arrested"], start="2024-01-01", end="2024-06-30"
    )
    assert text == (
        "No figures were reported for this selection (arrested; 1 January 2024 to 30 June 2024)."
    )


HOSTILE = "<script>alert(1)</script> $x$ and $y$ *bold* _it_ [link](javascript:x) `code` & co"


def test_article_text_is_escaped_so_markdown_shows_it_as_written(
    make_facts: Callable[..., pd.DataFrame], figure: Any
) -> None:
    facts = make_facts(figure("hostile", 12, location=HOSTILE))
    html = markdown_html(prose.fact_sentence(facts.iloc[0]))
    assert "<script" not in html
    assert "<em>" not in html and "<strong>" not in html and "<code>" not in html
    assert "<a " not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "*bold* _it_ [link](javascript:x) `code` &amp; co" in html


def test_escaped_text_renders_as_itself_where_raw_html_is_allowed() -> None:
    from nbconvert.filters.markdown_mistune import IPythonRenderer, MarkdownWithMath

    html = MarkdownWithMath(renderer=IPythonRenderer(escape=False)).render(
        prose.escape_markdown(HOSTILE)
    )
    assert html.strip() == (
        "<p>&lt;script&gt;alert(1)&lt;/script&gt; $x$ and $y$ *bold* _it_ [link](javascript:x) "
        "`code` &amp; co</p>"
    )


def test_a_period_in_dispute_gives_both_starts_and_both_rates(multi_counted: Any) -> None:
    facts, readings, _ = multi_counted
    sentence = prose.fact_sentence(fact(facts, "committee-3455"), readings=readings)
    assert sentence.startswith(
        "From 27 July, or from 27 June by another account, to 14 October 2025, 3,455 people"
    )
    assert sentence.endswith("about 43 a day (about 31 a day by the other account).")


def test_a_value_in_dispute_gives_every_value_and_who_states_each(multi_counted: Any) -> None:
    facts, readings, _ = multi_counted
    row = fact(facts, "poipet-2025-07-16-id")
    sentence = prose.fact_sentence(row, readings=readings)
    # 271 is stated by two articles (one in July at month precision), 270 by one: 271 stands.
    assert (
        "271 people from Indonesia were arrested in Poipet, Banteay Meanchey, or 270 by another account"
        in sentence
    )
    assert prose.credit(row, readings) == (
        "Sources of 271, 16 Jul 2025: Mekong Ledger, 17 July 2025; Nusantara Daily, "
        "25 October 2025. Source of 270, 16 Jul 2025: Gulf Wire, 17 July 2025."
    )


def test_every_summary_line_credits_its_statements_and_shows_each_dispute(
    multi_counted: Any,
) -> None:
    facts, readings, named = multi_counted
    text = prose.summary(facts, named, readings=readings, limit=200)
    bullets = [line for line in text.splitlines() if line.startswith("- ")]
    assert len(bullets) == len(facts)
    assert all(b.endswith("\\]") or b.endswith("\\])") for b in bullets)
    assert text.splitlines()[-1].startswith("Sources: \\[1\\] ")
    disputed = [b for b in bullets if "The statements disagree" in b]
    assert len(disputed) == int(facts["disputed"].sum())
    assert all("by another account" in b for b in disputed)


def test_without_readings_a_dispute_still_shows_its_range(multi_counted: Any) -> None:
    facts, _, named = multi_counted
    text = prose.summary(
        facts, named, metrics=["arrested"], start="2025-07-16", end="2025-07-16", limit=100
    )
    assert "The statements disagree on the value: they state 270 to 271." in text
