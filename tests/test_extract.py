"""The extractor on short texts: numbers, qualifiers, metrics, dates, parts and claim groups."""

from __future__ import annotations

import csv
from datetime import date

import pytest

from crackdown.extract import FIGURE_COLUMNS, candidate_rows, extract
from crackdown.extract.when import Publication, find_dates
from crackdown.numbers import mentions_value
from crackdown.paths import Paths

ROOT = Paths.at().root


def rows(
    text: str, published: date = date(2025, 10, 16), precision: str = "day"
) -> list[dict[str, str]]:
    return candidate_rows(extract(text, published, precision), "test", text)


def one(text: str, published: date = date(2025, 10, 16), precision: str = "day") -> dict[str, str]:
    found = rows(text, published, precision)
    assert len(found) == 1, [(r["metric"], r["value"]) for r in found]
    return found[0]


def period(row: dict[str, str]) -> tuple[str, str, str]:
    return row["period_start"], row["period_end"], row["date_precision"]


# --- the columns and the quote ------------------------------------------------------------


def test_candidate_columns_are_the_columns_of_figures_csv() -> None:
    with (ROOT / "data" / "figures.csv").open(encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle))
    assert tuple(header) == FIGURE_COLUMNS


def test_quote_is_the_whole_sentence_at_its_exact_span() -> None:
    text = (
        "Police were busy.\nThe court said that 14 people were convicted on Monday. Nothing else."
    )
    row = one(text)
    start, end = int(row["quote_start"]), int(row["quote_end"])
    assert (
        text[start:end] == row["quote"] == "The court said that 14 people were convicted on Monday."
    )
    assert mentions_value(row["quote"], float(row["value"]))


def test_quote_spans_count_python_characters_not_bytes() -> None:
    text = (
        "Officials\u2019 statement \u2014 \u201cfinal\u201d.\nPolice arrested 12 people on Monday."
    )
    row = one(text)
    assert (
        text[int(row["quote_start"]) : int(row["quote_end"])]
        == "Police arrested 12 people on Monday."
    )


def test_figure_ids_are_unique_and_readable() -> None:
    text = "Police arrested 12 people on Monday. Police arrested 12 people on Tuesday."
    ids = [r["figure_id"] for r in rows(text)]
    assert ids == ["test-arrested-12", "test-arrested-12-2"]


# --- numbers that are figures, and numbers that are not -------------------------------------


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        ("Police arrested 3,455 people.", 3455),
        ("Seventy-five individuals have been brought to trial.", 75),
        ("Police rescued twenty-five workers.", 25),
        ("The gang defrauded victims of $1.6 million.", 1_600_000),
        ("Police detained 1200 people.", 1200),
    ],
)
def test_numbers_in_digits_words_and_money_are_read(sentence: str, value: float) -> None:
    assert float(one(sentence)["value"]) == value


@pytest.mark.parametrize(
    "sentence",
    [
        "The suspects, aged 21 to 58, were arrested.",
        "A 22-year-old man was arrested.",
        "Police ended a three-month crackdown.",
        "He was sentenced to three years in prison.",
        "Police raided 43 locations in 21 provinces.",
        "A law passed in 2017 allows arrests.",
        "Police seized 300 computers and 1,200 phones.",
        "Victims lost around 45 million baht.",
        "Workers were promised jobs paying $1,500 a month.",
        "Victims lost between $20,000 and $600,000 each.",
        "About 1,000 citizens were believed to be working in compounds.",
        "The group was flown home on two chartered flights.",
        "Police arrested one of the bosses.",
        # capacities and intentions
        "The compound held about 2,000 workers before the raid.",
        "Officials hope to repatriate all 300 by the end of the year.",
        "Police said they would deport 500 people next month.",
    ],
)
def test_numbers_that_are_not_figures_are_not_proposed(sentence: str) -> None:
    assert rows(sentence) == []


def test_dates_are_not_read_as_figures() -> None:
    row = one("On November 9, 2023, Cambodia deported 25 Japanese nationals.", date(2023, 11, 30))
    assert (row["metric"], row["value"]) == ("deported", "25")


# --- qualifiers ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("words", "qualifier", "low", "high"),
    [
        ("more than", "more_than", "3401", ""),
        ("over", "more_than", "3401", ""),
        ("at least", "at_least", "3400", ""),
        ("approximately", "about", "", ""),
        ("about", "about", "", ""),
        ("some", "about", "", ""),
        ("nearly", "nearly", "", "3399"),
        ("up to", "up_to", "", "3400"),
        ("only", "exact", "", ""),
    ],
)
def test_qualifiers_set_the_bounds(words: str, qualifier: str, low: str, high: str) -> None:
    row = one(f"Police arrested {words} 3,400 people.")
    assert (row["qualifier"], row["value"], row["value_low"], row["value_high"]) == (
        qualifier,
        "3400",
        low,
        high,
    )


def test_handed_over_is_a_verb_not_a_qualifier() -> None:
    row = one(
        "Cambodia has handed over 1,021 Vietnamese citizens since June 27.", date(2024, 8, 20)
    )
    assert (row["metric"], row["qualifier"], row["nationality"]) == ("repatriated", "exact", "VN")


# --- metrics, subjects, nationalities, sex ----------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "metric"),
    [
        ("Police arrested 20 people.", "arrested"),
        ("The raid netted 20 suspects.", "arrested"),
        ("Twenty suspects were detained by police.", "detained"),
        ("Cambodia expelled 20 foreigners.", "deported"),
        ("Cambodia deported 20 foreigners.", "deported"),
        ("Authorities repatriated 20 workers.", "repatriated"),
        ("Police rescued 20 workers.", "rescued"),
        ("Prosecutors charged 20 people.", "charged"),
        ("Courts have brought 20 people to trial.", "tried"),
        ("A court convicted 20 people.", "convicted"),
        ("Police captured 20 people.", "arrested"),
        ("Twenty Koreans held in Cambodia were flown home.", "repatriated"),
        ("Cambodian police picked 20 of them up.", "arrested"),
        ("A court found 20 Chinese nationals guilty.", "convicted"),
        ("Eighty-five Vietnamese were handed over after being detained.", "repatriated"),
        ("Twenty Filipinos freed from scam hubs landed in Manila.", "repatriated"),
        ("The number of arrests climbed to 20.", "arrested"),
        ("Police recorded 20 arrests.", "arrested"),
        ("Police placed all 20 individuals under arrest.", "arrested"),
        ("Legal proceedings have begun for 20 cases.", "prosecuted"),
    ],
)
def test_metric_comes_from_the_verb_that_governs_the_number(sentence: str, metric: str) -> None:
    assert one(sentence)["metric"] == metric


def test_main_verb_wins_over_a_participle_describing_the_people() -> None:
    row = one(
        "Cambodia on Wednesday deported about 300 Chinese nationals arrested at a compound last month."
    )
    assert (row["metric"], row["qualifier"], row["nationality"]) == ("deported", "about", "CN")
    assert period(row) == ("2025-10-15", "2025-10-15", "day")


def test_the_agent_of_an_active_verb_is_not_counted() -> None:
    found = rows(
        "The group of 25 was reported to have defrauded victims, stealing approximately $1.6 million."
    )
    assert [(r["metric"], r["value"], r["unit"], r["qualifier"]) for r in found] == [
        ("defrauded", "1600000", "usd", "about")
    ]


def test_a_plan_is_not_a_figure() -> None:
    assert rows("Cambodia will deport 20 foreigners next week.") == []
    assert rows("Thailand plans to repatriate 20 workers.") == []
    assert rows("The 20 workers will be flown home on Saturday.") == []


@pytest.mark.parametrize(
    ("sentence", "nationality", "sex"),
    [
        ("Police deported 25 Japanese nationals.", "JP", "all"),
        ("Police deported 589 Chinese.", "CN", "all"),
        ("Police deported 58 South Koreans.", "KR", "all"),
        ("Police deported 40 foreign women.", "", "female"),
        ("Twenty-nine Japanese men were arrested.", "JP", "male"),
        ("Indonesian authorities rescued 1,450 citizens.", "ID", "all"),
    ],
)
def test_nationality_and_sex_come_from_the_noun_phrase(
    sentence: str, nationality: str, sex: str
) -> None:
    row = one(sentence)
    assert (row["nationality"], row["sex"]) == (nationality, sex)


# --- dates -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "published", "expected"),
    [
        ("On November 9, 2023", date(2023, 11, 30), ("2023-11-09", "2023-11-09", "day")),
        ("In April", date(2023, 11, 1), ("2023-04-01", "2023-04-30", "month")),
        ("In April", date(2025, 2, 11), ("2024-04-01", "2024-04-30", "month")),
        ("From July 27 to October 14", date(2025, 10, 16), ("2025-07-27", "2025-10-14", "range")),
        ("Between 14 April and 30 April", date(2025, 5, 2), ("2025-04-14", "2025-04-30", "range")),
        ("Since June 27", date(2024, 8, 20), ("2024-06-27", "2024-08-20", "range")),
        ("Last month", date(2025, 1, 10), ("2024-12-01", "2024-12-31", "month")),
        ("On Wednesday", date(2025, 3, 14), ("2025-03-12", "2025-03-12", "day")),
        ("On Friday", date(2025, 3, 14), ("2025-03-14", "2025-03-14", "day")),
        (
            "In the first six months of the year",
            date(2025, 7, 10),
            ("2025-01-01", "2025-06-30", "range"),
        ),
        ("So far this year", date(2024, 12, 30), ("2024-01-01", "2024-12-30", "range")),
        ("In 2023", date(2024, 12, 30), ("2023-01-01", "2023-12-31", "year")),
        ("In the past two weeks", date(2024, 12, 31), ("2024-12-17", "2024-12-31", "range")),
        ("In December", date(2025, 2, 11), ("2024-12-01", "2024-12-31", "month")),
    ],
)
def test_dates_resolve_against_publication(
    phrase: str, published: date, expected: tuple[str, str, str]
) -> None:
    row = one(f"{phrase}, police arrested 20 people.", published)
    assert period(row) == expected


def test_a_reporting_date_is_not_the_period_of_the_figure() -> None:
    text = "Police have detained 40 people in raids, the ministry said on Tuesday."
    row = one(text, date(2024, 8, 20))
    assert period(row) == ("", "2024-08-20", "on_or_before")


def test_the_dateline_is_not_a_date_of_the_figure() -> None:
    text = "Headline\n\nPHNOM PENH, March 14 (Mekong Wire) \u2013 Police have detained 40 people, officials said."
    row = one(text, date(2025, 3, 14))
    assert period(row) == ("", "2025-03-14", "on_or_before")


def test_may_the_verb_is_not_may_the_month() -> None:
    assert [
        d.phrase
        for d in find_dates("Workers may be vulnerable in May.", Publication(date(2025, 6, 1)))
    ] == ["in May"]


def test_an_undated_figure_in_a_month_precision_article_ends_at_the_latest_day_it_dates() -> None:
    text = (
        "On November 9, 2023, Cambodia deported 25 people. Police had earlier arrested 30 people."
    )
    found = rows(text, date(2023, 11, 1), "month")
    arrested = next(r for r in found if r["metric"] == "arrested")
    assert period(arrested) == ("", "2023-11-09", "on_or_before")


# --- parts, claim groups, headlines ----------------------------------------------------------


def test_including_makes_a_part_of_the_figure_it_follows() -> None:
    text = "Seventy-five people, including five women, have been brought to trial, while 2,825 foreigners, including 476 women, have already been deported."
    found = {r["value"]: r for r in rows(text)}
    assert found["5"]["parent_figure_id"] == found["75"]["figure_id"]
    assert found["476"]["parent_figure_id"] == found["2825"]["figure_id"]
    assert (found["5"]["metric"], found["476"]["metric"]) == ("tried", "deported")
    assert found["476"]["sex"] == "female"


def test_a_part_in_a_later_sentence_belongs_to_a_whole_that_can_hold_it() -> None:
    text = (
        "Cambodia deported 4,163 foreigners so far this year, up from 2,790 in 2023. "
        "Chinese nationals made up the largest group, at 2,410, followed by 611 Vietnamese."
    )
    found = {r["value"]: r for r in rows(text, date(2024, 12, 30))}
    assert found["2410"]["parent_figure_id"] == found["4163"]["figure_id"]
    assert found["611"]["parent_figure_id"] == found["4163"]["figure_id"]
    assert (found["2410"]["nationality"], found["611"]["nationality"]) == ("CN", "VN")
    assert period(found["2790"]) == ("2023-01-01", "2023-12-31", "year")
    assert period(found["2410"]) == period(found["4163"]) == ("2024-01-01", "2024-12-30", "range")


def test_headline_and_body_stating_one_fact_share_a_claim_group_and_the_body_period() -> None:
    text = (
        "3,455 Arrested Since Late July\n"
        "From July 27 to October 14, police arrested 3,455 people. "
        "Officials announced on October 16 that they had arrested more than 3,400 people."
    )
    found = rows(text)
    assert len(found) == 3
    assert len({r["claim_group"] for r in found}) == 1 and found[0]["claim_group"]
    assert {period(r) for r in found} == {("2025-07-27", "2025-10-14", "range")}
    assert [r["in_headline"] for r in found] == ["true", "false", "false"]


def test_equal_exact_figures_of_different_events_are_not_one_fact() -> None:
    text = "Police arrested 25 people on Monday. Police arrested 25 people on Tuesday."
    assert [r["claim_group"] for r in rows(text)] == ["", ""]


def test_a_sentence_pointing_back_at_people_gives_a_figure_quoting_both_sentences() -> None:
    text = "Cambodia deported 25 Japanese nationals on Monday. The individuals had been arrested in Phnom Penh."
    found = rows(text, date(2025, 10, 15))
    arrested = next(r for r in found if r["metric"] == "arrested")
    assert (arrested["value"], arrested["nationality"], arrested["location"]) == (
        "25",
        "JP",
        "Phnom Penh",
    )
    assert arrested["quote"] == text
    # undated: known only to precede publication (the labelling rules), not tied to Monday
    assert period(arrested) == ("", "2025-10-15", "on_or_before")


def test_present_perfect_figures_run_from_the_lead_operation_to_publication() -> None:
    text = (
        "3,455 Arrested\n"
        "From July 27 to October 14, police arrested 3,455 people. "
        "So far 2,825 foreigners have already been deported."
    )
    deported = next(r for r in rows(text) if r["metric"] == "deported")
    assert period(deported) == ("2025-07-27", "2025-10-16", "range")
    assert deported["count_type"] == "cumulative_to_date"


def test_a_list_of_parts_after_among_them_are_all_parts() -> None:
    text = "Police detained 18 managers, among them nine Chinese citizens and three Lao nationals."
    found = {r["value"]: r for r in rows(text)}
    assert (
        found["9"]["parent_figure_id"] == found["3"]["parent_figure_id"] == found["18"]["figure_id"]
    )
    assert (found["9"]["nationality"], found["3"]["nationality"]) == ("CN", "LA")


def test_a_later_sentence_dating_the_parts_dates_the_whole() -> None:
    text = (
        "India has brought back 47 of its citizens from Cambodia. "
        "The latest group, which included 14 women, landed in Kolkata on Wednesday night."
    )
    found = {r["value"]: r for r in rows(text, date(2024, 9, 12))}
    assert found["47"]["metric"] == found["14"]["metric"] == "repatriated"
    assert period(found["47"]) == period(found["14"]) == ("2024-09-11", "2024-09-11", "day")


def test_since_the_start_of_the_year_runs_to_publication() -> None:
    row = one(
        "Since the start of the year, the embassy has helped repatriate more than 360 Indians.",
        date(2024, 9, 12),
    )
    assert period(row) == ("2024-01-01", "2024-09-12", "range")
    assert row["count_type"] == "cumulative_to_date"


# --- general mechanisms: each class of phrasing, not one phrasing ---------------------------


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("On the 14th, guards received 63 citizens.", ("2025-10-14", "2025-10-14", "day")),
        (
            "On the 11th and 12th, police arrested 40 people.",
            ("2025-10-11", "2025-10-12", "range"),
        ),
        ("On October 11 and 12, police arrested 40 people.", ("2025-10-11", "2025-10-12", "range")),
        (
            "Since the start of the month, police have arrested 40 people.",
            ("2025-10-01", "2025-10-16", "range"),
        ),
        (
            "Police have rescued 40 people since the crackdown began on Saturday.",
            ("2025-10-11", "2025-10-16", "range"),
        ),
        (
            "Police arrested 40 people on Monday, the ministry told reporters on Wednesday.",
            ("2025-10-13", "2025-10-13", "day"),
        ),
        # weekday pairs and days ago
        (
            "On Monday and Tuesday, police arrested 40 people.",
            ("2025-10-13", "2025-10-14", "range"),
        ),
        ("A week ago, police rescued 60 workers.", ("2025-10-09", "2025-10-09", "day")),
        ("Three days ago, police deported 60 people.", ("2025-10-13", "2025-10-13", "day")),
    ],
)
def test_periods_of_day_numbers_spans_and_statements(
    sentence: str, expected: tuple[str, str, str]
) -> None:
    assert period(one(sentence)) == expected


def test_a_statement_date_alone_leaves_the_figure_undated() -> None:
    row = one("Police arrested 40 people, the chief told a press conference on Wednesday.")
    assert period(row) == ("", "2025-10-16", "on_or_before")


@pytest.mark.parametrize(
    ("sentence", "value", "low", "high", "qualifier"),
    [
        ("Police arrested two dozen people.", "24", "", "", "exact"),
        ("Police arrested a dozen managers.", "12", "", "", "exact"),
        ("Between 40 and 50 people were prosecuted.", "45", "40", "50", "about"),
    ],
)
def test_number_words_and_ranges(
    sentence: str, value: str, low: str, high: str, qualifier: str
) -> None:
    row = one(sentence)
    assert (row["value"], row["value_low"], row["value_high"], row["qualifier"]) == (
        value,
        low,
        high,
        qualifier,
    )


def test_dozens_and_hundreds_are_not_values() -> None:
    assert rows("Police arrested dozens of people and hundreds fled.") == []


def test_every_member_of_a_list_sharing_one_verb_is_a_part_of_the_total() -> None:
    found = rows(
        "Police arrested 1,300 people on Monday, including 589 Chinese, 429 Vietnamese, "
        "271 Indonesians and 11 South Koreans."
    )
    total = next(r for r in found if r["value"] == "1300")
    parts = {r["value"]: r for r in found if r["parent_figure_id"] == total["figure_id"]}
    assert set(parts) == {"589", "429", "271", "11"}
    assert {r["metric"] for r in parts.values()} == {"arrested"}
    assert parts["429"]["nationality"] == "VN"


@pytest.mark.parametrize(
    "text",
    [
        "Police arrested 119 people on Monday; 45 of them were women.",
        "Police arrested 119 people on Monday, 61 men and 58 women.",
    ],
)
def test_partitives_are_parts(text: str) -> None:
    found = rows(text)
    whole = next(r for r in found if r["value"] == "119")
    parts = [r for r in found if r["parent_figure_id"] == whole["figure_id"]]
    assert parts and all(r["metric"] == "arrested" for r in parts)


def test_a_number_after_a_colon_or_a_bullet_is_read() -> None:
    text = "By the numbers\n\n- 3,455: people arrested between June 27 and October 15.\n- 92: sites raided.\n"
    found = rows(text)
    assert [(r["metric"], r["value"]) for r in found] == [("arrested", "3455")]
    assert text[int(found[0]["quote_start"]) : int(found[0]["quote_end"])] == found[0]["quote"]


def test_a_correction_keeps_only_the_correct_figure() -> None:
    found = rows(
        "Correction: an earlier version of this story said 95 Thais had been arrested; "
        "the correct figure is 59."
    )
    assert [(r["metric"], r["value"]) for r in found] == [("arrested", "59")]


def test_a_running_total_runs_to_date() -> None:
    row = one("The arrests bring the total number of people detained this year to 1,450.")
    assert row["value"] == "1450" and row["count_type"] in ("cumulative_to_date", "period_total")


def test_other_countries_compounds_are_set_aside() -> None:
    assert rows("In 2019, 36 Japanese were detained in Myanmar in a similar case.") == []


def test_a_span_of_years_is_a_range() -> None:
    row = one("About 21,000 foreigners were deported from 2018 to 2023.")
    assert period(row) == ("2018-01-01", "2023-12-31", "range")


def test_a_sentence_opening_on_a_pronoun_continues_the_period_of_the_one_before() -> None:
    found = rows(
        "The operation ran from June 27 to July 22. It recorded 3,075 arrests, 606 of them women."
    )
    assert {r["value"]: period(r) for r in found} == {
        "3075": ("2025-06-27", "2025-07-22", "range"),
        "606": ("2025-06-27", "2025-07-22", "range"),
    }


def test_since_the_start_of_the_publication_month_runs_to_publication() -> None:
    row = one("Since the start of October, police have deported 1,146 foreigners.")
    assert period(row) == ("2025-10-01", "2025-10-16", "range")


def test_a_part_of_a_group_counts_people() -> None:
    row = one("Cambodian officers had picked up 59 of the group in raids on compounds.")
    assert (row["metric"], row["value"]) == ("arrested", "59")


def test_a_noun_after_the_main_verb_does_not_replace_it() -> None:
    row = one("He was among 60 Indians flown home on May 23 after a rescue from a compound.")
    assert row["metric"] == "repatriated"


def test_a_reporting_clause_ends_the_clause_of_the_figure() -> None:
    row = one(
        "Police seek warrants for the 64 South Koreans flown back on Saturday, the agency said, "
        "as Seoul gave counts of the Koreans still being held."
    )
    assert (row["metric"], row["value"]) == ("repatriated", "64")


@pytest.mark.parametrize(
    ("text", "metric", "value"),
    [
        (
            "Between 40 and 50 organisers were referred to prosecutors in September.",
            "prosecuted",
            "45",
        ),
        (
            "Nineteen men were charged in March, and seven of them went on trial in April.",
            "tried",
            "7",
        ),
        # labels, answers and figures told by reference
        ("By the numbers\n\n- Deportations this year: 4,100\n", "deported", "4100"),
        ("By the numbers\n\n- Arrests since July 14: 3,455\n", "arrested", "3455"),
        (
            "Q: How many Indonesians were repatriated?\nA: Ninety-two, all on October 2.",
            "repatriated",
            "92",
        ),
        (
            "Police say 500 people have been detained; the ministry says the number is closer "
            "to 450.",
            "detained",
            "450",
        ),
    ],
)
def test_more_phrasings_of_the_labelled_actions(text: str, metric: str, value: str) -> None:
    assert (metric, value) in {(r["metric"], r["value"]) for r in rows(text)}


def test_of_which_makes_a_part() -> None:
    found = rows("Police received 420 complaints in May, 229 of which described kidnapping.")
    whole = next(r for r in found if r["value"] == "420")
    part = next(r for r in found if r["value"] == "229")
    assert part["parent_figure_id"] == whole["figure_id"] and part["unit"] == "cases"


def test_the_weekend_is_the_saturday_and_sunday_before_publication() -> None:
    row = one("Police arrested 10 people over the weekend.", date(2025, 10, 20))
    assert period(row) == ("2025-10-18", "2025-10-19", "range")


@pytest.mark.parametrize(
    ("text", "value", "metric", "expected"),
    [
        pytest.param(
            "In Cambodia, 19 Indonesians were charged in March, and seven of them went on trial "
            "there on April 8.",
            "7",
            "tried",
            ("2025-04-08", "2025-04-08", "day"),
            id="a part with its own day keeps it",
        ),
        pytest.param(
            "Police arrested 40 people on Monday. According to the ministry, 63 South Koreans are "
            "currently held in immigration facilities.",
            "63",
            "detained",
            ("", "2025-10-16", "on_or_before"),
            id="a state at the time of writing is on or before publication",
        ),
    ],
)
def test_the_metric_and_period_of_one_figure_among_others(
    text: str, value: str, metric: str, expected: tuple[str, str, str]
) -> None:
    figure = next(r for r in rows(text) if r["value"] == value)
    assert (figure["metric"], period(figure)) == (metric, expected)


@pytest.mark.parametrize(
    "text",
    [
        "Police rescued 40 workers on Monday. The remaining 13 are expected to follow within days.",
        "Police expect to need a week before handing the 34 over to their embassy.",
    ],
)
def test_a_plan_told_after_or_around_the_people_is_not_a_figure(text: str) -> None:
    assert "13" not in {r["value"] for r in rows(text)} and "34" not in {
        r["value"] for r in rows(text)
    }


def test_a_section_headline_in_a_digest_takes_the_period_of_the_sentence_under_it() -> None:
    text = (
        "Scam returns: three countries process new groups\n\n"
        "JAPAN: CHARTER FLIGHT ENDS IN ARRESTS\n"
        "Police arrested 29 Japanese nationals aboard a chartered jet on August 20.\n\n"
        "VIETNAM: 85 RECEIVED AT HOA LU GATE\n"
        "Border guards received 85 citizens handed over by Cambodia on July 30.\n"
    )
    found = [r for r in rows(text, date(2025, 8, 26)) if r["value"] == "85"]
    assert len(found) == 2
    assert {period(r) for r in found} == {("2025-07-30", "2025-07-30", "day")}
    assert len({r["claim_group"] for r in found}) == 1 and found[0]["claim_group"]


def test_a_period_told_by_pointing_back_takes_the_span_told_before() -> None:
    found = rows(
        "Raids ran from August 18 to October 4. The committee said they followed 420 "
        "complaints lodged over those seven weeks."
    )
    assert period(next(r for r in found if r["value"] == "420")) == (
        "2025-08-18",
        "2025-10-04",
        "range",
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Police arrested 23 Chinese, 12 Vietnamese and 5 Thais in Kampot on Monday.",
            {("arrested", "23"), ("arrested", "12"), ("arrested", "5")},
        ),
        (
            "The ministry deported 40 Indonesians and 12 Malaysians last week.",
            {("deported", "40"), ("deported", "12")},
        ),
        (
            "The number of people arrested has risen to 4,000, police said.",
            {("arrested", "4000")},
        ),
        (
            "Immigration officers escorted 45 Chinese suspects back to China on Wednesday.",
            {("repatriated", "45")},
        ),
        # each number keeps its own noun and verb
        (
            "The operation led to 231 arrests and 17 prosecutions.",
            {("arrested", "231"), ("prosecuted", "17")},
        ),
        ("The arrested persons number 48.", {("arrested", "48")}),
        (
            "Of the 58 arrested, 40 were sent to court and 18 were released.",
            {("arrested", "58"), ("charged", "40"), ("arrested", "18")},
        ),
    ],
)
def test_lists_sharing_a_verb_and_other_structures(
    text: str, expected: set[tuple[str, str]]
) -> None:
    assert {(r["metric"], r["value"]) for r in rows(text)} == expected


def test_of_the_whole_then_its_parts() -> None:
    found = rows("Of the 200 people rescued, 45 were women and 12 were minors.")
    whole = next(r for r in found if r["value"] == "200")
    assert {r["value"] for r in found if r["parent_figure_id"] == whole["figure_id"]} == {
        "45",
        "12",
    }
    assert {r["metric"] for r in found} == {"rescued"}


def test_the_first_of_a_list_takes_the_verb_the_list_shares() -> None:
    found = rows("The suspects, 18 men and 4 women, were charged with fraud on Monday.")
    assert {(r["metric"], r["value"]) for r in found} == {("charged", "18"), ("charged", "4")}


def test_the_date_attaches_to_the_verb_of_the_figure() -> None:
    row = one("The 25 Japanese, arrested in Phnom Penh in March, were deported on Friday.")
    assert (row["metric"], period(row)) == ("deported", ("2025-10-10", "2025-10-10", "day"))


def test_a_comparison_after_a_qualifier_is_read_and_is_not_the_same_fact() -> None:
    found = rows(
        "Police say 3,455 people have now been arrested since June 27, up from just over "
        "3,000 in the first tally released in July."
    )
    earlier = next(r for r in found if r["value"] == "3000")
    assert (earlier["metric"], earlier["qualifier"]) == ("arrested", "more_than")
    assert earlier["claim_group"] == ""


def test_a_sentence_dating_the_one_before_dates_its_figures() -> None:
    row = one("Police arrested 40 people. The operation took place on October 9.")
    assert period(row) == ("2025-10-09", "2025-10-09", "day")


def test_a_verb_with_a_subject_of_its_own_does_not_count_the_people_before_it() -> None:
    assert rows("After 3 weeks, 20 of the 45 workers he arrived with had been moved away.") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Seoul says 63 South Koreans remain in Cambodian detention, while Phnom Penh puts "
            "the figure at 48.",
            {("detained", "63"), ("detained", "48")},
        ),
        (
            "The foreign ministry counted 120 citizens rescued; the Cambodian police reported 118.",
            {("rescued", "120"), ("rescued", "118")},
        ),
    ],
)
def test_two_agencies_giving_two_numbers_for_one_thing(
    text: str, expected: set[tuple[str, str]]
) -> None:
    assert {(r["metric"], r["value"]) for r in rows(text)} == expected


def test_this_week_runs_from_monday_to_publication() -> None:
    row = one("That brings the number of Thais rescued this week to 141.", date(2025, 10, 22))
    assert period(row) == ("2025-10-20", "2025-10-22", "range")


def test_the_nearest_place_before_a_number_says_whose_figure_it_is() -> None:
    abroad = (
        "The Poipet raids follow a squeeze on scam hubs along the Myanmar border, from where "
        "621 Chinese nationals were flown home last week."
    )
    assert rows(abroad) == []
    listed = "Authorities in Cambodia, Myanmar and Laos have detained more than 7,000 people."
    assert [r["value"] for r in rows(listed)] == ["7000"]


def test_a_part_of_places_is_not_people() -> None:
    assert (
        rows("Police arrested people in raids on 92 sites across 18 of the country's 25 provinces.")
        == []
    )


def test_back_home_is_a_return_and_waiting_is_not_yet_one() -> None:
    found = rows(
        "The ministry said 171 of the rescued victims were already back in Malaysia, while the "
        "remaining 90 were still waiting for their papers."
    )
    assert {(r["metric"], r["value"]) for r in found} == {("repatriated", "171")}


def test_a_list_after_the_headline_is_body_not_headline() -> None:
    text = (
        "Cambodia's crackdown in numbers\n\n"
        "3,455 people arrested since June 27\n"
        "2,825 foreigners deported, 476 of them women\n"
        "92 sites raided in 18 provinces\n"
    )
    found = rows(text)
    assert {(r["metric"], r["value"], r["in_headline"]) for r in found} == {
        ("arrested", "3455", "false"),
        ("deported", "2825", "false"),
        ("deported", "476", "false"),
    }
    part = next(r for r in found if r["value"] == "476")
    assert part["parent_figure_id"] == next(r for r in found if r["value"] == "2825")["figure_id"]


def test_more_men_arrested_by_a_verb_of_their_own_are_not_a_part() -> None:
    found = rows(
        "In April, police arrested 19 Japanese, and in August Saga police arrested two more "
        "men on a flight into Haneda."
    )
    two = next(r for r in found if r["value"] == "2")
    assert two["parent_figure_id"] == "" and period(two) == ("2025-08-01", "2025-08-31", "month")


@pytest.mark.parametrize(
    ("text", "value", "expected"),
    [
        (
            "The committee told reporters this week that police had rescued 198 Malaysians "
            "since the first complaints reached its hotline in April.",
            "198",
            ("2025-04-01", "2025-10-16", "range"),
        ),
        (
            "Since the start of October, 1,146 foreigners were deported. In the same period, "
            "the authorities also rescued 58 victims, who have been placed in care.",
            "58",
            ("2025-10-01", "2025-10-16", "range"),
        ),
    ],
)
def test_spans_told_by_a_clause_or_by_reference(
    text: str, value: str, expected: tuple[str, str, str]
) -> None:
    assert period(next(r for r in rows(text) if r["value"] == value)) == expected


def test_people_among_a_group_share_its_action() -> None:
    found = rows("On Friday, up to 15 Koreans were among some 300 foreigners detained in a raid.")
    assert {(r["metric"], r["value"], r["qualifier"]) for r in found} == {
        ("detained", "15", "up_to"),
        ("detained", "300", "about"),
    }
