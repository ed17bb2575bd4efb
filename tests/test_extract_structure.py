"""The extractor on phrasings built from the structure of the clause, in wordings that none of
the corpora use: relative clauses before the main verb, time told inside the verb group,
participles without an auxiliary, lists, running totals, parts and the nouns that count no one."""

from __future__ import annotations

from datetime import date

import pytest

from crackdown.extract import candidate_rows, extract

PUBLISHED = date(2025, 10, 16)  # a Thursday


def rows(text: str) -> list[dict[str, str]]:
    return candidate_rows(extract(text, PUBLISHED), "test", text)


def metric_values(text: str) -> set[tuple[str, str]]:
    return {(r["metric"], r["value"]) for r in rows(text)}


@pytest.mark.parametrize(
    ("text", "metric", "value"),
    [
        (
            "Some 64 Koreans who had been held in Cambodia were flown home on Saturday.",
            "repatriated",
            "64",
        ),
        (
            "The 37 Thais, who were detained in Poipet for a month, were later sent back by Cambodia.",
            "deported",
            "37",
        ),
        (
            "Ninety workers who had been confined in a compound were freed by soldiers.",
            "rescued",
            "90",
        ),
        (
            "The 18 Chinese men who were arrested in Kampot in May have been convicted.",
            "convicted",
            "18",
        ),
        (
            "A group of 52 Indonesians that had been held in Bavet was repatriated on Monday.",
            "repatriated",
            "52",
        ),
        (
            "About 120 suspects who were rounded up in the raid were deported to China.",
            "deported",
            "120",
        ),
        (
            "The 25 recruiters who were caught at the border were charged with trafficking.",
            "charged",
            "25",
        ),
        (
            "Twelve managers who had been detained since July were tried in Phnom Penh.",
            "tried",
            "12",
        ),
    ],
)
def test_the_main_verb_after_a_relative_clause_names_the_metric(
    text: str, metric: str, value: str
) -> None:
    assert metric_values(text) == {(metric, value)}


def test_a_second_verb_joined_by_and_stays_inside_the_relative_clause() -> None:
    text = "The 40 Vietnamese who were detained and deported last month have found new jobs."
    assert metric_values(text) == {("detained", "40")}


@pytest.mark.parametrize(
    ("text", "metric", "value", "start", "end"),
    [
        (
            "Some 240 suspects were on Wednesday escorted back from Cambodia to China.",
            "repatriated",
            "240",
            "2025-10-15",
            "2025-10-15",
        ),
        (
            "The 58 Vietnamese were last week deported through the Moc Bai crossing.",
            "deported",
            "58",
            "2025-10-06",
            "2025-10-12",
        ),
        (
            "In all, 310 foreigners were at dawn on Monday rounded up by police in Kandal.",
            "arrested",
            "310",
            "2025-10-13",
            "2025-10-13",
        ),
        (
            "Eighty Thai workers were in September freed from a compound in Poipet.",
            "rescued",
            "80",
            "2025-09-01",
            "2025-09-30",
        ),
        (
            "A further 44 people were earlier this month charged with fraud.",
            "charged",
            "44",
            "2025-10-01",
            "2025-10-16",
        ),
        (
            "The 16 men were on October 3 sentenced by the Phnom Penh court.",
            "convicted",
            "16",
            "2025-10-03",
            "2025-10-03",
        ),
    ],
)
def test_a_time_told_between_the_auxiliary_and_the_participle(
    text: str, metric: str, value: str, start: str, end: str
) -> None:
    [row] = rows(text)
    assert (row["metric"], row["value"]) == (metric, value)
    assert (row["period_start"], row["period_end"]) == (start, end)


@pytest.mark.parametrize(
    ("text", "metric", "value"),
    [
        (
            "240 criminal suspects of gambling and fraud escorted back to China from Cambodia",
            "repatriated",
            "240",
        ),
        ("Over 300 Indonesians repatriated from Cambodia after raids", "repatriated", "300"),
        ("75 workers from Sihanoukville compound freed by police", "rescued", "75"),
        ("412 suspects linked to scam ring deported from Phnom Penh", "deported", "412"),
        ("Ninety foreigners in Bavet casino arrested in overnight raid", "arrested", "90"),
        (
            "225 — Indonesians held captive in Sihanoukville who were brought home in August.",
            "repatriated",
            "225",
        ),
    ],
)
def test_a_participle_without_an_auxiliary_in_a_headline_or_bullet(
    text: str, metric: str, value: str
) -> None:
    assert metric_values(text) == {(metric, value)}
