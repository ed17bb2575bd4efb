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


def by_value(text: str) -> dict[str, dict[str, str]]:
    return {r["value"]: r for r in rows(text)}


@pytest.mark.parametrize(
    ("text", "whole", "parts"),
    [
        (
            "Police rescued 34 Indonesians in Poipet: three on December 8 and another 31 on December 9.",
            "34",
            {"3", "31"},
        ),
        (
            "Authorities deported 119 foreigners, 61 men and 58 women, through Bavet.",
            "119",
            {"61", "58"},
        ),
        (
            "A total of 90 suspects were detained: 50 Chinese, 30 Vietnamese and 10 Thais.",
            "90",
            {"50", "30", "10"},
        ),
        (
            "Cambodia expelled 75 people last month - 40 Indonesians and 35 Malaysians.",
            "75",
            {"40", "35"},
        ),
        (
            "The court convicted 20 defendants, 12 in the morning and eight in the afternoon.",
            "20",
            {"12", "8"},
        ),
        ("Some 210 workers were freed, 140 on Friday and 70 on Saturday.", "210", {"140", "70"}),
    ],
)
def test_numbers_adding_up_to_the_total_before_them_are_its_parts(
    text: str, whole: str, parts: set[str]
) -> None:
    found = by_value(text)
    assert set(found) == {whole} | parts
    whole_id = found[whole]["figure_id"]
    assert {v for v, r in found.items() if r["parent_figure_id"] == whole_id} == parts
    assert {r["metric"] for r in found.values()} == {found[whole]["metric"]}


def test_a_total_whose_parts_have_their_own_days_spans_those_days() -> None:
    found = by_value("Some 210 workers were freed in Kampot, 140 on Friday and 70 on Saturday.")
    assert (found["210"]["period_start"], found["210"]["period_end"]) == (
        "2025-10-10",
        "2025-10-11",
    )
    assert found["210"]["date_precision"] == "range"
    assert (found["140"]["period_start"], found["70"]["period_start"]) == (
        "2025-10-10",
        "2025-10-11",
    )


@pytest.mark.parametrize(
    ("text", "metric", "value"),
    [
        (
            "Police rescued 215 foreigners on Saturday. Searches on Sunday added 16 more to the count.",
            "rescued",
            "16",
        ),
        (
            "Cambodia deported 300 Thais last week. A second flight on Monday took the tally to 420.",
            "deported",
            "420",
        ),
        (
            "Police arrested 80 people in Kandal. A raid in Kampot pushed the figure to 132.",
            "arrested",
            "132",
        ),
        (
            "Indonesia received 40 citizens on Friday. Another flight brought the number to 95.",
            "repatriated",
            "95",
        ),
    ],
)
def test_a_running_total_without_a_verb_of_its_own_counts_what_was_counted_before(
    text: str, metric: str, value: str
) -> None:
    assert (metric, value) in metric_values(text)


def test_a_total_does_not_take_the_action_of_a_plan() -> None:
    text = (
        "Seoul says 63 South Koreans are held in Cambodia waiting to be sent home. "
        "Phnom Penh put the number at 48."
    )
    assert metric_values(text) == {("detained", "63"), ("detained", "48")}


@pytest.mark.parametrize(
    "text",
    [
        "Cambodia deported 300 people on Monday. Five of the deportees were questioned by police.",
        "Police rescued 120 workers. Seven of them were treated in hospital for injuries.",
        "Of the 45 returnees, 12 were interviewed by reporters at the airport.",
        "The 60 suspects were arrested in Bavet; 14 of them were photographed at the scene.",
        "Police detained 80 foreigners. Ten of those were questioned overnight and let go.",
        "Some 90 Thais were repatriated, and 30 of them were examined by doctors.",
    ],
)
def test_a_part_with_a_verb_of_its_own_that_counts_nothing_is_not_a_figure(text: str) -> None:
    assert all(int(r["value"]) >= 45 for r in rows(text)), metric_values(text)


@pytest.mark.parametrize(
    "text",
    [
        "The two governments said 40 people were arrested on Monday.",
        "Three agencies confirmed that 40 people were arrested on Monday.",
        "Officials from nine ministries said 40 people were arrested on Monday.",
        "Both sides agreed that 40 people were arrested on Monday.",
        "Five embassies were told that 40 people were arrested on Monday.",
        "Two courts heard that 40 people were arrested on Monday.",
    ],
)
def test_institutions_are_not_people_counted(text: str) -> None:
    assert metric_values(text) == {("arrested", "40")}


@pytest.mark.parametrize(
    ("text", "part"),
    [
        ("Police rescued 120 workers; 22 of them were women.", "22"),
        ("Police rescued 120 workers. Of those, 35 were children.", "35"),
        ("Cambodia deported 300 people. Forty of them were freed from a compound in May.", "40"),
    ],
)
def test_a_part_saying_who_the_people_are_or_a_counted_action_stays(text: str, part: str) -> None:
    assert part in by_value(text)


@pytest.mark.parametrize(
    ("text", "metric"),
    [
        ("Police seized 66 suspects in a dawn raid.", "arrested"),
        ("Immigration officers removed 120 foreigners from the country.", "deported"),
        ("Indonesia welcomed home 88 citizens from Cambodia.", "repatriated"),
        ("Jakarta welcomed 88 citizens back from Cambodia.", "repatriated"),
        ("Soldiers evacuated 150 workers from a compound in Bavet.", "rescued"),
        ("Police pulled 150 workers out of a compound in Bavet.", "rescued"),
        ("Charges were filed against 32 people in Phnom Penh.", "charged"),
        ("Prosecutors pressed charges against 32 people in Phnom Penh.", "charged"),
        ("The trial of 14 defendants opened in Phnom Penh.", "tried"),
        ("The court handed prison sentences to 14 people.", "convicted"),
        ("A court imprisoned 14 scam bosses.", "convicted"),
    ],
)
def test_verbs_and_nouns_of_each_action_class(text: str, metric: str) -> None:
    [row] = rows(text)
    assert row["metric"] == metric


@pytest.mark.parametrize(
    ("text", "low", "high", "value"),
    [
        ("Police arrested 40 to 50 people in Kampot.", "40", "50", "45"),
        ("Police arrested some 40-50 people in Kampot.", "40", "50", "45"),
        ("Between 120 and 150 workers were freed in Bavet.", "120", "150", "135"),
        ("Around 300\u2013350 Thais were sent home by Cambodia.", "300", "350", "325"),
        ("Police rescued 70 to 75 Kenyans in Poipet.", "70", "75", "72"),
    ],
)
def test_a_range_is_one_figure_about_its_midpoint(
    text: str, low: str, high: str, value: str
) -> None:
    [row] = rows(text)
    assert (row["value_low"], row["value_high"], row["value"], row["qualifier"]) == (
        low,
        high,
        value,
        "about",
    )


@pytest.mark.parametrize(
    "text",
    [
        "The 14 bosses were sentenced to 5 to 10 years in prison.",
        "Police arrested 14 men aged 20 to 35.",
    ],
)
def test_ranges_of_years_and_ages_are_not_figures(text: str) -> None:
    assert metric_values(text) == {(rows(text)[0]["metric"], "14")}


def period(text: str) -> tuple[str, str, str]:
    [row] = rows(text)
    return row["period_start"], row["period_end"], row["date_precision"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "On Monday, the ministry said 40 people were detained.",
            ("", "2025-10-16", "on_or_before"),
        ),
        (
            "Police on Monday said they arrested 40 people on Saturday.",
            ("2025-10-11", "2025-10-11", "day"),
        ),
        (
            "On Tuesday a police spokesman told reporters that 40 people had been deported.",
            ("", "2025-10-16", "on_or_before"),
        ),
        (
            "The ministry on October 14 announced that 40 people were arrested on October 12.",
            ("2025-10-12", "2025-10-12", "day"),
        ),
        (
            "Late on Monday officials confirmed 40 Thais were rescued last week.",
            ("2025-10-06", "2025-10-12", "range"),
        ),
        (
            "Yesterday the embassy reported that 40 citizens were repatriated.",
            ("", "2025-10-16", "on_or_before"),
        ),
        (
            "Police arrested 40 people on Saturday, officials said on Monday.",
            ("2025-10-11", "2025-10-11", "day"),
        ),
        (
            "On Saturday police arrested 40 people, the ministry said.",
            ("2025-10-11", "2025-10-11", "day"),
        ),
    ],
)
def test_the_day_a_statement_was_made_is_not_the_day_of_the_event(
    text: str, expected: tuple[str, str, str]
) -> None:
    assert period(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Cambodia deported 4,000 people in the third quarter.",
            ("2025-07-01", "2025-09-30", "range"),
        ),
        ("Cambodia deported 4,000 people in Q2 2024.", ("2024-04-01", "2024-06-30", "range")),
        (
            "Cambodia deported 4,000 people in the fourth quarter of 2024.",
            ("2024-10-01", "2024-12-31", "range"),
        ),
        ("Police arrested 40 people in the past week.", ("2025-10-09", "2025-10-16", "range")),
        (
            "Police have arrested 400 people over the last month.",
            ("2025-09-16", "2025-10-16", "range"),
        ),
        ("Cambodia has deported 3,000 people year to date.", ("2025-01-01", "2025-10-16", "range")),
        (
            "Cambodia has deported 3,000 people so far in the year.",
            ("2025-01-01", "2025-10-16", "range"),
        ),
    ],
)
def test_quarters_and_spans_counted_back_from_publication(
    text: str, expected: tuple[str, str, str]
) -> None:
    assert period(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Thirty Laotian workers landed at Wattay airport last night, the ministry announced.",
            ("2025-10-15", "2025-10-15", "day"),
        ),
        (
            "Border police this morning handed over 30 Thais at Poipet.",
            ("2025-10-16", "2025-10-16", "day"),
        ),
        (
            "Police detained 30 Chinese in a raid earlier today.",
            ("2025-10-16", "2025-10-16", "day"),
        ),
        (
            "The ministry said this afternoon that 30 Thais were deported.",
            ("", "2025-10-16", "on_or_before"),
        ),
    ],
)
def test_a_time_of_day_dates_the_event_it_tells(text: str, expected: tuple[str, str, str]) -> None:
    assert period(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "On 2 October a batch of Thai workers, total 52 persons, were sent back via Poipet.",
        "A batch of Thai workers, totalling 52 persons, was sent back via Poipet on 2 October.",
    ],
)
def test_an_aside_giving_the_size_of_a_group_is_no_running_total(text: str) -> None:
    [row] = rows(text)
    assert (row["metric"], row["value"]) == ("deported", "52")
    assert (row["period_start"], row["date_precision"]) == ("2025-10-02", "day")


@pytest.mark.parametrize(
    ("text", "metric", "day"),
    [
        (
            "A Kampot court found 14 people guilty of fraud. Its ruling was handed down on Monday.",
            "convicted",
            "2025-10-13",
        ),
        (
            "Military police freed 70 Kenyans from a compound. The operation was carried out on "
            "9 October with help from the embassy.",
            "rescued",
            "2025-10-09",
        ),
        (
            "Cambodia sent 45 Thai workers home. The flight landed in Bangkok on Sunday evening.",
            "deported",
            "2025-10-12",
        ),
    ],
)
def test_a_sentence_naming_the_event_dates_the_figure_told_before_it(
    text: str, metric: str, day: str
) -> None:
    [row] = rows(text)
    assert row["metric"] == metric
    assert (row["period_start"], row["period_end"], row["date_precision"]) == (day, day, "day")


def test_a_sentence_naming_another_kind_of_event_leaves_the_figure_undated() -> None:
    [row] = rows("Police detained 40 Thais in Poipet. Their flight home left on Sunday.")
    assert (row["metric"], row["date_precision"]) == ("detained", "on_or_before")


@pytest.mark.parametrize(
    "text",
    [
        "Immigration police held 63 Koreans in recent months; by Tuesday all were awaiting flights.",
        "Over recent weeks 63 Koreans were detained in Bavet, the embassy said on Tuesday.",
    ],
)
def test_recent_weeks_or_months_name_no_period(text: str) -> None:
    assert period(text) == ("", "2025-10-16", "on_or_before")
    assert rows(text)[0]["count_type"] == "event"


@pytest.mark.parametrize(
    "text",
    [
        "A flight took 40 Thais home on Monday. Officials said 26 others were being held in Bavet.",
        "A flight took 40 Thais home on Monday. The 26 Thais still detained in Bavet wait for papers.",
    ],
)
def test_people_told_as_still_held_are_a_state_not_the_day_before(text: str) -> None:
    by = by_value(text)
    assert by["40"]["period_start"] == "2025-10-13"
    assert (by["26"]["metric"], by["26"]["date_precision"]) == ("detained", "on_or_before")


@pytest.mark.parametrize(
    "text",
    [
        "Police raided a casino in Bavet on 9 October. Forty Thais flew home on Monday. The "
        "ministry said officers had detained 12 Chinese managers in the raid.",
        "Troops freed Kenyans in a sweep of a tower on 9 October. Nine flew home on Monday. "
        "Police had also arrested 12 Chinese managers at the site, a statement said.",
    ],
)
def test_a_figure_told_in_the_raid_takes_the_day_of_that_raid(text: str) -> None:
    assert by_value(text)["12"]["period_start"] == "2025-10-09"
    assert by_value(text)["12"]["date_precision"] == "day"


@pytest.mark.parametrize(
    "text",
    [
        "Thirty Thai workers, rescued in Koh Kong last month, flew home to Bangkok on Monday.",
        "The 30 Thais, detained in Kampot on 2 October, were deported on Monday.",
    ],
)
def test_a_date_in_a_participle_set_off_by_commas_is_not_the_main_verbs(text: str) -> None:
    assert period(text) == ("2025-10-13", "2025-10-13", "day")


def test_a_sentence_giving_the_span_a_count_covers_dates_the_count_before_it() -> None:
    text = (
        "Cambodia says it has deported 463 Thais since mid-July. The ministry's tally, issued on "
        "Wednesday, covers 14 July to 26 August; border posts have been shut since June. Thai "
        "officials logged 318 arrivals over the same period."
    )
    by = by_value(text)
    for value, metric in (("463", "deported"), ("318", "repatriated")):
        assert by[value]["metric"] == metric
        assert (by[value]["period_start"], by[value]["period_end"]) == ("2025-07-14", "2025-08-26")
        assert (by[value]["date_precision"], by[value]["count_type"]) == ("range", "period_total")


@pytest.mark.parametrize(
    "text",
    [
        "Border guards received 96 citizens handed over in the days 8 and 9/10 at Moc Bai.",
        "On 8-9/10, border guards received 96 citizens at Moc Bai.",
    ],
)
def test_two_days_of_one_month_written_day_slash_month(text: str) -> None:
    assert period(text) == ("2025-10-08", "2025-10-09", "range")


def test_cases_and_losses_told_after_a_raid_do_not_take_the_raids_day() -> None:
    text = (
        "Police raided a tower in Bavet on Monday and detained 61 Chinese. The ring is linked "
        "to 430 fraud cases and cheated victims of $2.6 million, investigators believe."
    )
    by = by_value(text)
    assert by["61"]["period_start"] == "2025-10-13"
    for value, metric in (("430", "cases"), ("2600000", "defrauded")):
        assert by[value]["metric"] == metric
        assert (by[value]["period_start"], by[value]["date_precision"]) == ("", "on_or_before")


def test_a_count_told_so_far_does_not_take_the_last_day_told() -> None:
    text = "Police detained 23 Thais in Poipet on Monday.\n\n- 48: Thais deported to date"
    by = by_value(text)
    assert by["23"]["period_start"] == "2025-10-13"
    assert (by["48"]["metric"], by["48"]["date_precision"]) == ("deported", "on_or_before")


def test_the_last_week_of_a_month_is_not_the_past_seven_days() -> None:
    assert period("Police arrested 40 people in the last week of September.")[1] != "2025-10-16"


@pytest.mark.parametrize(
    ("text", "metric", "value"),
    [
        ("Police found 85 Indonesians in a compound. They were later deported.", "deported", "85"),
        (
            "Officers discovered 40 Kenyans in a building in Bavet. The group was rescued.",
            "rescued",
            "40",
        ),
        (
            "Soldiers surrounded 120 foreigners at a casino. All of them were arrested.",
            "arrested",
            "120",
        ),
        (
            "Police questioned 30 Thai workers on Monday. The workers were then sent home.",
            "deported",
            "30",
        ),
        ("A raid uncovered 52 Chinese men. These men were subsequently charged.", "charged", "52"),
        (
            "Police raided a compound and found 85 Indonesians. All 85 were taken into custody.",
            "arrested",
            "85",
        ),
    ],
)
def test_an_action_told_by_reference_counts_the_people_found_before(
    text: str, metric: str, value: str
) -> None:
    assert metric_values(text) == {(metric, value)}


def test_a_number_told_by_reference_is_not_also_set_aside() -> None:
    from crackdown.extract import read_article

    text = "Police found 85 Indonesians in a compound. They were later deported."
    reading = read_article(text, PUBLISHED)
    assert [a.text for a in reading.set_aside] == []


@pytest.mark.parametrize(
    ("text", "metric"),
    [
        ("All 85 were taken into custody.", "arrested"),
        ("The 40 were put on trial in Phnom Penh.", "tried"),
        ("The 60 were brought back from Sihanoukville.", "repatriated"),
        ("All 25 were sent home by Cambodia.", "deported"),
        ("The 19 were placed under arrest.", "arrested"),
    ],
)
def test_a_bare_number_before_a_verb_and_its_particle(text: str, metric: str) -> None:
    [row] = rows(text)
    assert row["metric"] == metric


@pytest.mark.parametrize(
    ("text", "nationalities"),
    [
        (
            "Police rescued 1,289 people, including 589 from China, 429 from Vietnam and 271 from Indonesia.",
            {"589": "CN", "429": "VN", "271": "ID"},
        ),
        (
            "Cambodia deported 90 people, among them 60 from Thailand and 30 from Laos.",
            {"60": "TH", "30": "LA"},
        ),
        ("Police freed 40 workers from Cambodia's Bavet compounds.", {"40": ""}),
    ],
)
def test_where_the_people_come_from_is_their_nationality_but_cambodia_is_where_they_were(
    text: str, nationalities: dict[str, str]
) -> None:
    found = by_value(text)
    assert {v: found[v]["nationality"] for v in nationalities} == nationalities


@pytest.mark.parametrize(
    ("text", "part", "nationality"),
    [
        ("Police arrested 450 people; 300 were Chinese.", "300", "CN"),
        ("Police arrested 450 people. Some 300 were Chinese nationals.", "300", "CN"),
        ("Cambodia deported 120 people on Monday, and 80 were Vietnamese.", "80", "VN"),
        ("Police rescued 64 workers. Another 20 were Kenyans.", "20", "KE"),
    ],
)
def test_a_number_whose_predicate_says_who_the_people_are_is_a_part(
    text: str, part: str, nationality: str
) -> None:
    found = by_value(text)
    assert found[part]["nationality"] == nationality
    assert found[part]["parent_figure_id"] != ""
    assert (
        found[part]["metric"]
        == next(r for r in found.values() if not r["parent_figure_id"])["metric"]
    )


@pytest.mark.parametrize(
    ("text", "metric", "value"),
    [
        ("Regarding the deportation, the number of persons is 320.", "deported", "320"),
        ("The persons deported numbered 320 in total.", "deported", "320"),
        ("Arrests in the province amounted to 75, the police said.", "arrested", "75"),
        (
            "Police rescued 40 people last week. The tally of those freed now stands at 112.",
            "rescued",
            "112",
        ),
    ],
)
def test_a_total_told_by_its_amount(text: str, metric: str, value: str) -> None:
    assert (metric, value) in metric_values(text)


def test_a_correct_number_is_not_a_running_total() -> None:
    text = (
        "Police rescued 67 Indians on September 22. Correction: an earlier version said 76. "
        "The correct number is 67."
    )
    assert {r["value"] for r in rows(text)} == {"67"}
    assert {r["count_type"] for r in rows(text)} == {"event"}


@pytest.mark.parametrize(
    ("text", "value", "qualifier"),
    [
        ("Victims were cheated of $20m, prosecutors said.", "20000000", "exact"),
        ("The ring swindled investors out of $1.2bn.", "1200000000", "exact"),
        ("Losses from the scams reached $12 million last year.", "12000000", "exact"),
        ("The scheme cost victims an estimated $40 million.", "40000000", "about"),
        ("Police arrested 1,000-plus people in September.", "1000", "more_than"),
        ("Police rescued 500+ workers in Bavet.", "500", "more_than"),
    ],
)
def test_sums_and_counts_in_short_forms(text: str, value: str, qualifier: str) -> None:
    [row] = rows(text)
    assert (row["value"], row["qualifier"]) == (value, qualifier)


@pytest.mark.parametrize(
    "text",
    [
        "Police opened 45 investigations into trafficking this year.",
        "Prosecutors launched 45 probes into recruiters.",
        "Police received 45 complaints about missing relatives.",
    ],
)
def test_investigations_and_complaints_are_cases(text: str) -> None:
    [row] = rows(text)
    assert (row["metric"], row["unit"], row["value"]) == ("cases", "cases", "45")


@pytest.mark.parametrize(
    "text",
    [
        "A total of 230 suspects \u2014 150 Chinese, 50 Vietnamese and 30 Thais \u2014 were detained on Monday.",
        "Some 230 suspects (150 Chinese, 50 Vietnamese and 30 Thais) were detained on Monday.",
        "Authorities detained 230 suspects (150 Chinese, 50 Vietnamese and 30 Thais) on Monday.",
        "All 230 suspects -- 150 Chinese, 50 Vietnamese and 30 Thais -- were detained on Monday.",
    ],
)
def test_an_aside_between_dashes_or_brackets_does_not_part_the_number_from_its_verb(
    text: str,
) -> None:
    found = by_value(text)
    assert {(r["metric"], v) for v, r in found.items()} == {
        ("detained", "230"),
        ("detained", "150"),
        ("detained", "50"),
        ("detained", "30"),
    }
    whole = found["230"]["figure_id"]
    assert {found[v]["parent_figure_id"] for v in ("150", "50", "30")} == {whole}


@pytest.mark.parametrize(
    ("text", "metric"),
    [
        ("The court handed down guilty verdicts for 14 defendants.", "convicted"),
        ("A total of 40 people received prison sentences.", "convicted"),
        ("Forty people have received jail terms of up to ten years.", "convicted"),
        ("Seventy people remain behind bars.", "detained"),
        ("Indonesia received 213 of its citizens from Cambodia.", "repatriated"),
        ("Cambodian police handed 92 Vietnamese nationals to border guards.", "repatriated"),
    ],
)
def test_receiving_and_handing_people_or_sentences(text: str, metric: str) -> None:
    [row] = rows(text)
    assert row["metric"] == metric


@pytest.mark.parametrize(
    ("text", "metric", "value", "nationality", "start", "end"),
    [
        (
            "Q: How many people have been deported this year?\nA: About 4,100, according to the ministry.",
            "deported",
            "4100",
            "",
            "2025-01-01",
            "2025-10-16",
        ),
        (
            "Q: How many Koreans were detained in Cambodia last month?\nA: Sixty-three.",
            "detained",
            "63",
            "KR",
            "2025-09-01",
            "2025-09-30",
        ),
        (
            "How many Thais did Cambodia send home in August? Some 270, officials said.",
            "deported",
            "270",
            "TH",
            "2025-08-01",
            "2025-08-31",
        ),
        (
            "Q. How many Indonesians were rescued last week?\nA. Eighty-five.",
            "rescued",
            "85",
            "ID",
            "2025-10-06",
            "2025-10-12",
        ),
    ],
)
def test_an_answer_takes_the_action_people_and_period_of_its_question(
    text: str, metric: str, value: str, nationality: str, start: str, end: str
) -> None:
    [row] = rows(text)
    assert (row["metric"], row["value"], row["nationality"]) == (metric, value, nationality)
    assert (row["period_start"], row["period_end"]) == (start, end)


@pytest.mark.parametrize(
    ("text", "metric", "value", "nationality"),
    [
        ("Number of Thais repatriated: 270.", "repatriated", "270", "TH"),
        ("Total detained \u2014 1,200.", "detained", "1200", ""),
        ("Vietnamese deported this year \u2013 3,100", "deported", "3100", "VN"),
        ("Chinese suspects arrested: 512", "arrested", "512", "CN"),
    ],
)
def test_a_label_before_a_colon_or_dash_names_the_figure(
    text: str, metric: str, value: str, nationality: str
) -> None:
    [row] = rows(text)
    assert (row["metric"], row["value"], row["nationality"]) == (metric, value, nationality)


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        (
            "This article has been updated to correct the number of people rescued, which is 215, not 251.",
            {("rescued", "215")},
        ),
        ("Police arrested 45 people, not 54 as previously reported.", {("arrested", "45")}),
        (
            "Correction: Police rescued 97 people on Monday, not 79 as reported earlier.",
            {("rescued", "97")},
        ),
        (
            "The story has been corrected to show that 97 people were deported, and not 79.",
            {("deported", "97")},
        ),
    ],
)
def test_a_number_a_correction_withdraws_after_not_is_not_a_figure(
    text: str, kept: set[tuple[str, str]]
) -> None:
    assert metric_values(text) == kept


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        (
            "China repatriated 1,000 suspects from Myanmar and 600 from Cambodia in 2024.",
            {("repatriated", "600")},
        ),
        (
            "Thailand received 260 Thais from Myawaddy and 140 from Poipet last month.",
            {("repatriated", "140")},
        ),
        ("Police freed 300 workers in Laos and 120 in Sihanoukville.", {("rescued", "120")}),
    ],
)
def test_a_list_across_countries_keeps_only_cambodia_s_members(
    text: str, kept: set[tuple[str, str]]
) -> None:
    assert metric_values(text) == kept


@pytest.mark.parametrize(
    ("text", "value", "day"),
    [
        (
            "Police raided a compound in Bavet on October 3. A day later, they arrested 40 more people.",
            "40",
            "2025-10-04",
        ),
        (
            "Cambodia deported 40 Thais on October 3. Another 25 were sent back two days later.",
            "25",
            "2025-10-05",
        ),
        (
            "The ministry said on Wednesday that 40 people had been arrested the previous day.",
            "40",
            "2025-10-14",
        ),
        (
            "Workers rioted on October 6. Police moved in the same day and rescued 60 of them.",
            "60",
            "2025-10-06",
        ),
        (
            "Police raided the site on October 9. The next day 33 suspects were charged.",
            "33",
            "2025-10-10",
        ),
        (
            "A court heard the case on Friday, October 10, and convicted 12 people the day after.",
            "12",
            "2025-10-11",
        ),
    ],
)
def test_a_day_told_by_its_distance_from_another(text: str, value: str, day: str) -> None:
    row = by_value(text)[value]
    assert (row["period_start"], row["period_end"]) == (day, day)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Were deported yesterday 300 Chinese nationals through Phnom Penh airport.",
            {("deported", "300", "CN")},
        ),
        ("It was arrested 45 persons of Chinese nationality.", {("arrested", "45", "CN")}),
        (
            "The suspects amounting to 45 persons were sent to the provincial court.",
            {("charged", "45", "")},
        ),
        (
            "A total of 45 persons, of which 12 females, were detained.",
            {("detained", "45", ""), ("detained", "12", "")},
        ),
        (
            "Immigration department deported back to their country 300 Vietnamese.",
            {("deported", "300", "VN")},
        ),
        (
            "The authorities have conducted the repatriation of 1,210 Thai citizens.",
            {("repatriated", "1210", "TH")},
        ),
    ],
)
def test_translated_word_orders(text: str, expected: set[tuple[str, str, str]]) -> None:
    assert {(r["metric"], r["value"], r["nationality"]) for r in rows(text)} == expected


@pytest.mark.parametrize(
    ("text", "value", "expected"),
    [
        (
            "Police arrested 30 more people on Tuesday, bringing to 3,455 the number of people arrested since July.",
            "3455",
            ("2025-07-01", "2025-10-16", "cumulative_to_date"),
        ),
        (
            "Police arrested 30 more people on Tuesday, for a total of 3,455 since July.",
            "3455",
            ("2025-07-01", "2025-10-16", "cumulative_to_date"),
        ),
        (
            "Police arrested 30 more people on Tuesday. Since July, the total has climbed to 3,455.",
            "3455",
            ("2025-07-01", "2025-10-16", "cumulative_to_date"),
        ),
        (
            "Another 120 Thais were repatriated on Monday, taking the number returned this year to 1,020.",
            "1020",
            ("2025-01-01", "2025-10-16", "cumulative_to_date"),
        ),
        (
            "Police arrested 30 more people on Tuesday, raising the tally to 3,455.",
            "3455",
            ("", "2025-10-16", "cumulative_to_date"),
        ),
        (
            "Police freed 109 Thais on Saturday. Searches on Sunday added 16 more Thais to the count.",
            "16",
            ("2025-10-12", "2025-10-12", "event"),
        ),
    ],
)
def test_a_total_reached_is_dated_by_its_own_words_not_by_the_latest_event(
    text: str, value: str, expected: tuple[str, str, str]
) -> None:
    row = by_value(text)[value]
    assert (row["period_start"], row["period_end"], row["count_type"]) == expected


@pytest.mark.parametrize(
    ("text", "metric"),
    [
        ("Deportations this year have now passed 4,000.", "deported"),
        ("Arrests in the crackdown have surpassed 4,000.", "arrested"),
        ("The number of people rescued has exceeded 4,000.", "rescued"),
    ],
)
def test_a_total_that_passed_a_number_is_more_than_it(text: str, metric: str) -> None:
    [row] = rows(text)
    assert (row["metric"], row["value"], row["qualifier"]) == (metric, "4000", "more_than")


@pytest.mark.parametrize(
    ("headline", "metric", "value"),
    [
        ("Vietnam Takes Back 92 Citizens From Bavet", "repatriated", "92"),
        ("Court Jails 14 Scam Bosses", "convicted", "14"),
        ("Prosecutors Charge 32 Over Sihanoukville Ring", "charged", "32"),
        ("Judge Sentences 9 Recruiters", "convicted", "9"),
        ("Phnom Penh Court Convicts 21 In Fraud Case", "convicted", "21"),
        ("Thailand Takes 270 Citizens Home From Poipet", "repatriated", "270"),
        ("Police Indict 40 Suspects In Kandal", "charged", "40"),
    ],
)
def test_headline_verbs_in_the_present(headline: str, metric: str, value: str) -> None:
    assert metric_values(headline + "\n\nNothing more was said.") == {(metric, value)}


def test_charges_as_a_noun_are_not_a_charge() -> None:
    text = "A spokesman said 28 Cambodians held in the raid would face fraud charges."
    assert ("charged", "28") not in metric_values(text)


@pytest.mark.parametrize(
    "text",
    [
        "Police detained 119 people: 61 men, 58 women.",
        "Police detained 119 people, 61 men and 58 women.",
        "Police detained 119 people (61 men, 58 women).",
    ],
)
def test_a_breakdown_by_sex_is_of_the_total_not_of_its_first_member(text: str) -> None:
    found = by_value(text)
    whole = found["119"]["figure_id"]
    assert (found["61"]["parent_figure_id"], found["58"]["parent_figure_id"]) == (whole, whole)
    assert (found["61"]["sex"], found["58"]["sex"]) == ("male", "female")


def test_a_list_s_items_without_an_action_count_what_its_total_counts() -> None:
    text = (
        "The month in figures\n\n"
        "Figures released by the ministry:\n\n"
        "- 2,110: workers held after the raids in Kampot\n"
        "- 390: women among them\n"
        "- 845: Laotians\n"
        "- 12: provinces searched\n"
    )
    found = by_value(text)
    whole = found["2110"]
    assert whole["metric"] == "detained"
    for part in ("390", "845"):
        assert found[part]["metric"] == "detained"
        assert found[part]["parent_figure_id"] == whole["figure_id"]
    assert found["845"]["nationality"] == "LA"
    assert "12" not in found


def test_a_number_and_its_words_separated_by_a_spaced_hyphen() -> None:
    text = "Last year\n\n940 - Thai citizens sent back by Cambodian authorities during 2024\n"
    assert metric_values(text) == {("deported", "940")}


def test_an_adverb_between_the_people_and_their_participle() -> None:
    text = "Officials said 1,300 foreigners already expelled were barred from returning."
    assert ("deported", "1300") in metric_values(text)


def test_one_in_n_is_a_share_not_a_count() -> None:
    text = "Police detained 600 people; 1 in 5 said they were recruited online."
    assert metric_values(text) == {("detained", "600")}


def test_a_part_whose_whole_is_no_figure_is_read_without_failing() -> None:
    text = (
        "Returns\n\n"
        "Of the 80 workers who reached the border on Monday, 30 were deported on Tuesday, "
        "and of those 30, twelve were women.\n"
    )
    assert ("deported", "30") in metric_values(text)


def test_labelled_list_items_are_parts_of_the_total_told_before_the_list() -> None:
    text = (
        "Ministry expels 300 foreigners\n\n"
        "The ministry said it expelled 300 foreigners on Friday. They were:\n\n"
        "- Thai nationals: 180, of whom 40 were women;\n"
        "- Lao nationals: 90;\n"
        "- Other nationalities: 30.\n"
    )
    found = by_value(text)
    whole = found["300"]["figure_id"]
    for part in ("180", "90", "30"):
        assert (found[part]["metric"], found[part]["parent_figure_id"]) == ("deported", whole)
    assert found["40"]["parent_figure_id"] == found["180"]["figure_id"]
    assert found["40"]["sex"] == "female"


def test_a_part_of_a_number_that_is_no_figure_is_not_lent_to_another() -> None:
    text = (
        "Numbers\n\n"
        "- 2,300: foreigners deported in June\n"
        "- 90,000: people thought to work in the compounds, including about 800 Thais\n"
    )
    assert metric_values(text) == {("deported", "2300")}


@pytest.mark.parametrize(
    "text",
    [
        "Police held 700 people on Monday; those held were Thai (350), Lao (200) and others.",
        "The forces detained foreigners total 700 persons, of which Thai nationality 350 persons.",
    ],
)
def test_a_label_before_the_number_names_a_part(text: str) -> None:
    found = by_value(text)
    assert found["350"]["parent_figure_id"] == found["700"]["figure_id"]
    assert (found["350"]["metric"], found["350"]["nationality"]) == ("detained", "TH")


@pytest.mark.parametrize(
    ("text", "metric", "value", "qualifier"),
    [
        (
            "Officials said raids continued on Friday, taking the number of foreigners held since "
            "the Interior Ministry's June 30 order to 1,944.",
            "detained",
            "1944",
            "exact",
        ),
        (
            "The bureau's count puts the number of people deported since the start of June at 1,205.",
            "deported",
            "1205",
            "exact",
        ),
        ("Border raids: deportation tally passes 900", "deported", "900", "more_than"),
    ],
)
def test_running_totals_told_far_from_their_number(
    text: str, metric: str, value: str, qualifier: str
) -> None:
    found = by_value(text)
    assert (found[value]["metric"], found[value]["qualifier"]) == (metric, qualifier)


@pytest.mark.parametrize(
    ("text", "value", "period"),
    [
        (
            "Police carried out raids in the period from 2 to 9 October 2025 in four provinces.\n\n"
            "As a result of the operations, the forces detained 812 foreigners.",
            "812",
            ("2025-10-02", "2025-10-09", "range", "period_total"),
        ),
        (
            "The sweep began on September 2. The embassy said it had verified 230 citizens in "
            "detention since that date.",
            "230",
            ("2025-09-02", "2025-10-16", "range", "cumulative_to_date"),
        ),
    ],
)
def test_a_period_told_before_and_pointed_at(
    text: str, value: str, period: tuple[str, str, str, str]
) -> None:
    row = by_value("Figures\n\n" + text + "\n")[value]
    assert (
        row["period_start"],
        row["period_end"],
        row["date_precision"],
        row["count_type"],
    ) == period


def test_a_day_later_counts_from_the_last_day_named_not_only_the_sentence_before() -> None:
    text = (
        "Raid\n\n"
        "Police say they have freed 75 workers from a tower in Bavet.\n\n"
        "The raid took place on Monday. The workers came from six countries. "
        "Two days later, prosecutors charged nine managers.\n"
    )
    found = by_value(text)
    assert found["75"]["period_end"] == "2025-10-13"
    assert (found["9"]["metric"], found["9"]["period_end"]) == ("charged", "2025-10-15")


def test_of_the_n_names_a_figure_told_before_as_the_whole_of_its_parts() -> None:
    text = (
        "Raids\n\n"
        "Police held 520 workers after raids in Kampot on Monday. "
        "Of the 520, 210 were Thai nationals and 14 have been charged.\n"
    )
    found = rows(text)
    assert [r["value"] for r in found if r["value"] == "520"] == ["520"]
    by = {r["value"]: r for r in found}
    whole = by["520"]["figure_id"]
    assert (by["210"]["metric"], by["210"]["parent_figure_id"]) == ("detained", whole)
    assert (by["14"]["metric"], by["14"]["parent_figure_id"]) == ("charged", whole)


@pytest.mark.parametrize(
    ("text", "metric"),
    [
        ("Of those, 230 had been transferred to prosecutors by June.", "prosecuted"),
        ("Police said 48 suspects were handed over to the provincial court.", "charged"),
        ("Cambodia handed over 48 Thai workers at the border.", "repatriated"),
    ],
)
def test_transferred_or_handed_over_to_whom(text: str, metric: str) -> None:
    assert {m for m, _ in metric_values(text)} == {metric}


@pytest.mark.parametrize(
    ("text", "metric", "value"),
    [
        ("Last month the bureau referred 64 suspects to prosecutors.", "prosecuted", "64"),
        ("Police sent 23 managers to the Kampot Provincial Court on Monday.", "charged", "23"),
        (
            "Officials placed 140 Thai workers, most of them young, on two flights to Bangkok.",
            "deported",
            "140",
        ),
        (
            "Vietnamese police escorted 77 suspects from Bavet to Ho Chi Minh City.",
            "repatriated",
            "77",
        ),
        (
            "Some 140 Thais remain in immigration detention centres in Phnom Penh.",
            "detained",
            "140",
        ),
        ("Court Orders Detention for 33 Suspects", "detained", "33"),
        ("Twelve more Filipinos home from Poipet", "repatriated", "12"),
    ],
)
def test_verbs_whose_complement_follows_the_people_states_and_headline_nouns(
    text: str, metric: str, value: str
) -> None:
    assert metric_values(text + "\n\nNothing more was said.") == {(metric, value)}


def test_a_digest_item_headline_in_sentence_case_takes_the_period_of_its_item() -> None:
    text = (
        "This week in brief\n\n"
        "Thailand takes back 48 workers\n"
        "Thai officials received 48 workers at the Poipet crossing on Tuesday, police said.\n\n"
        "Seoul indicts 12 over call centre\n"
        "Prosecutors in Seoul indicted 12 people on Monday for running a call centre in Bavet.\n"
    )
    found = rows(text)
    heads = [r for r in found if r["in_headline"] == "true"]
    assert {(r["value"], r["period_end"]) for r in heads} == {
        ("48", "2025-10-14"),
        ("12", "2025-10-13"),
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The department said it would go on deporting the rest, thought to number about 150, "
            "once their papers were ready.",
            set(),
        ),
        ("Each of the workers had paid the recruiter 2 lakh rupees.", set()),
        (
            "Weekly roundup: 80 held in Kampot; Bangkok charges 14 recruiters",
            {("detained", "80"), ("charged", "14")},
        ),
    ],
)
def test_plans_other_money_and_a_present_tense_charge(
    text: str, expected: set[tuple[str, str]]
) -> None:
    assert metric_values(text) == expected


def test_the_return_to_the_homeland_of_n_and_caught_up_in() -> None:
    text = (
        "The consulate arranged the return to their homeland of 57 Lao citizens who had been "
        "caught up in scam operations in Kandal."
    )
    assert metric_values(text) == {("repatriated", "57")}


def test_a_relative_clause_dates_and_tenses_itself_not_the_main_clause() -> None:
    text = (
        "Flight\n\n"
        "Cambodia deported 41 Thai nationals on October 9. Thai police, who had issued warrants "
        "in August, arrested 30 of them at the airport. In May, 25 men were sent back, and 9 of "
        "them have since been convicted."
    )
    found = by_value(text)
    assert found["30"]["period_end"] == "2025-10-09"
    assert (found["9"]["date_precision"], found["9"]["period_end"]) == (
        "on_or_before",
        "2025-10-16",
    )


@pytest.mark.parametrize(
    ("text", "value", "period"),
    [
        (
            "On the afternoon of 11/10, border guards received 61 citizens at the Moc Bai gate.",
            "61",
            ("2025-10-11", "2025-10-11", "day"),
        ),
        (
            "The raid carried out on 27th of last month netted 140 suspects.",
            "140",
            ("2025-09-27", "2025-09-27", "day"),
        ),
        (
            "Accumulated from the beginning of the year until now, the command has received 904 "
            "citizens.",
            "904",
            ("2025-01-01", "2025-10-16", "range"),
        ),
    ],
)
def test_dates_as_wires_of_the_region_write_them(
    text: str, value: str, period: tuple[str, str, str]
) -> None:
    row = by_value(text)[value]
    assert (row["period_start"], row["period_end"], row["date_precision"]) == period


def test_a_fraction_is_no_date() -> None:
    assert metric_values("Police said 3/4 of the 200 people held were foreigners.") == {
        ("detained", "200")
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Another 44 persons suspected of recruiting, training or paying the workers remain in "
            "the custody of the police.",
            {("detained", "44")},
        ),
        (
            "Police said 30 suspects had been sent to the Kandal Provincial Court of First "
            "Instance.",
            {("charged", "30")},
        ),
        (
            "Three brokers accused of luring workers were arrested at the airport.",
            {("arrested", "3")},
        ),
    ],
)
def test_a_number_far_from_its_verb_and_the_court_it_is_sent_to(
    text: str, expected: set[tuple[str, str]]
) -> None:
    assert metric_values(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Police arrested eight recruiters; five are Thai and one is a woman.",
            {("arrested", "8"), ("arrested", "5"), ("arrested", "1")},
        ),
        (
            "Twenty Lao workers were flown home, one of them a girl.",
            {("repatriated", "20"), ("repatriated", "1")},
        ),
        # alone, with a verb of its own, one man is a count of one
        ("One man was arrested.", {("arrested", "1")}),
        ("One of the men was arrested.", set()),
    ],
)
def test_one_of_a_sex_told_in_a_word_is_a_part(text: str, expected: set[tuple[str, str]]) -> None:
    assert metric_values(text) == expected


def test_a_part_told_in_the_past_perfect_keeps_its_own_earlier_period() -> None:
    text = (
        "Flight\n\n"
        "On 9 October, 52 citizens were flown home from Phnom Penh. All 52 were arrested on "
        "the plane. Of those returned, 40 had been caught in a raid in August."
    )
    found = rows(text)
    arrested = {r["value"]: r for r in found if r["metric"] == "arrested"}
    assert arrested["52"]["period_end"] == "2025-10-09"
    assert (arrested["40"]["period_start"], arrested["40"]["date_precision"]) == (
        "2025-08-01",
        "month",
    )


def test_since_the_operation_runs_from_the_day_the_article_gives_it() -> None:
    text = (
        "Sweep\n\n"
        "The prime minister's directive of September 8 ordered every province to close the "
        "compounds. Since the issuance of the directive, immigration has expelled 640 "
        "foreigners, and 95 Thais have been deported since the campaign started."
    )
    found = by_value(text)
    for value in ("640", "95"):
        assert (found[value]["period_start"], found[value]["period_end"]) == (
            "2025-09-08",
            "2025-10-16",
        )


@pytest.mark.parametrize(
    "text",
    [
        "The 40 men were flown home. The youngest was 19; the oldest, 51.",
        "The 40 men were flown home. Their ages range from 19 to 51.",
        "The 40 men were flown home. Most are in their 20s and 30s.",
        "The 40 men were flown home. The plane landed at 6:45 on Friday.",
        "The 40 men were flown home on Flight 9. Relatives may call the hotline 1299.",
    ],
)
def test_ages_times_and_identifiers_are_no_figures(text: str) -> None:
    assert metric_values(text) == {("repatriated", "40")}


@pytest.mark.parametrize(
    ("text", "value", "period"),
    [
        (
            "Police raided a compound in Kampot on 11 October 2025. Result of the operation, the "
            "forces apprehended in total 48 persons, consisting of: Thai nationality 30 persons "
            "and Lao nationality 18 persons.",
            "18",
            ("2025-10-11", "2025-10-11", "day"),
        ),
        (
            "Between 2021 and August 2025, 900 citizens fell victim to scam companies. The embassy "
            "has brought home 610 of them over the same period.",
            "610",
            ("2021-01-01", "2025-08-31", "range"),
        ),
    ],
)
def test_periods_pointed_at_by_a_result_or_the_same_period(
    text: str, value: str, period: tuple[str, str, str]
) -> None:
    row = by_value("Figures\n\n" + text + "\n")[value]
    assert (row["period_start"], row["period_end"], row["date_precision"]) == period


def test_all_of_them_opens_a_clause_of_its_own() -> None:
    text = "52 - Thais handed back at Poipet on October 3, all of them placed under arrest at once."
    assert metric_values(text) == {("repatriated", "52")}


def test_among_those_were_opens_on_parts_with_a_sex_part_of_a_part() -> None:
    text = (
        "Raid\n\n"
        "Police rescued 120 people on Monday. Among those were 70 Thais, 30 of them women, "
        "along with 40 Lao and ten Vietnamese.\n"
    )
    found = by_value(text)
    whole = found["120"]["figure_id"]
    assert {found[v]["parent_figure_id"] for v in ("70", "40", "10")} == {whole}
    assert found["30"]["parent_figure_id"] == found["70"]["figure_id"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The 52 men who landed at Gimhae on Friday were placed under emergency arrest.",
            {("arrested", "52")},
        ),
        ("LAOS HOLDS 640 IN SPECIAL ECONOMIC ZONE\n\nNothing more.", set()),
        ("Separately, police in Malaysia had arrested 12 people suspected of recruiting.", set()),
    ],
)
def test_the_main_verb_after_a_relative_and_arrests_in_other_countries(
    text: str, expected: set[tuple[str, str]]
) -> None:
    assert metric_values(text) == expected


def test_a_list_takes_the_period_its_opening_sentence_gives_and_items_may_hold_several_parts() -> (
    None
):
    text = (
        "The sweep in numbers\n\n"
        "Figures from the committee, covering operations from September 1 to September 30. "
        "Our notes follow.\n\n"
        "- 1,200: suspects arrested in nine provinces\n"
        "- 300 Thais, 250 Lao and 90 Vietnamese: the largest groups among those arrested\n"
        "- 40: Indonesians\n"
    )
    found = by_value(text)
    whole = found["1200"]
    assert (whole["period_start"], whole["period_end"]) == ("2025-09-01", "2025-09-30")
    for part in ("300", "250", "90", "40"):
        assert (found[part]["metric"], found[part]["parent_figure_id"]) == (
            "arrested",
            whole["figure_id"],
        )
        assert found[part]["period_end"] == "2025-09-30"


@pytest.mark.parametrize(
    ("text", "value", "metric", "qualifier"),
    [
        (
            "Police detained 45 more people on Monday. The running total climbs past 1,700.",
            "1700",
            "detained",
            "more_than",
        ),
        (
            "The new arrivals took the number of returnees at the camp to 213.",
            "213",
            "repatriated",
            "exact",
        ),
    ],
)
def test_totals_that_climb_past_or_reach_a_number_of_a_kind(
    text: str, value: str, metric: str, qualifier: str
) -> None:
    row = by_value(text)[value]
    assert (row["metric"], row["qualifier"]) == (metric, qualifier)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "since" after an auxiliary is an adverb, not a clause of time
        (
            "Police freed 20 Sri Lankans in Kandal on Monday. Eleven of the Sri Lankans have since flown back.",
            {("rescued", "20"), ("repatriated", "11")},
        ),
        # a state told with "holding" or "kept", not the passports they hold
        ("Immigration officers are holding 212 Nepalis in Phnom Penh.", {("detained", "212")}),
        ("The other 38 suspects are being kept in police cells.", {("detained", "38")}),
        ("Police arrested 90 people holding passports of 12 nations.", {("arrested", "90")}),
        # who the people of a running total are says what it counts
        (
            "Police detained 14 people on Sunday. The tally of deportees has now reached 640.",
            {("detained", "14"), ("deported", "640")},
        ),
    ],
)
def test_a_verb_after_since_states_held_and_totals_of_people_named_by_their_role(
    text: str, expected: set[tuple[str, str]]
) -> None:
    assert metric_values(text) == expected


def test_a_state_told_in_the_progressive_runs_to_the_day_of_writing() -> None:
    row = by_value("Police said on Tuesday that 31 men are still being kept in cells in Bavet.")[
        "31"
    ]
    assert (row["period_end"], row["date_precision"]) == ("2025-10-16", "on_or_before")


def test_a_lead_in_line_between_a_total_and_its_list_keeps_the_list_together() -> None:
    text = (
        "The sweep in figures\n\n"
        "Foreigners held since the sweep began: 2,140\n\n"
        "Broken down by nationality:\n"
        "- Lao: 512\n"
        "- Nepalis: 301\n"
    )
    found = by_value(text)
    for part, country in (("512", "LA"), ("301", "NP")):
        assert (found[part]["metric"], found[part]["nationality"]) == ("detained", country)
        assert found[part]["parent_figure_id"] == found["2140"]["figure_id"]


def test_a_day_before_a_reporting_verb_dates_the_figure_told_before_it() -> None:
    # the number comes before the day: the day is when they were sent, not when it was said
    sent = by_value(
        "Cambodia sent 84 Vietnamese back over the border on Monday, Hanoi's police said."
    )
    assert (sent["84"]["period_start"], sent["84"]["date_precision"]) == ("2025-10-13", "day")
    # nothing counted before the day: the day is when it was said
    told = by_value("On Monday, Hanoi's police said 84 Vietnamese had been sent back.")
    assert told["84"]["date_precision"] == "on_or_before"
    # the participle of a statement before the day leaves it the statement's
    issued = by_value("In a statement issued on Monday, police said they had freed 84 Vietnamese.")
    assert issued["84"]["date_precision"] == "on_or_before"


def test_a_past_perfect_in_reported_speech_is_the_event_the_article_dated_before() -> None:
    text = (
        "Troops freed 40 Filipinos from a casino in Bavet on October 4.\n\n"
        "On Tuesday the embassy said troops had also freed 12 Kenyans from a second casino."
    )
    row = by_value(text)["12"]
    assert (row["period_start"], row["period_end"], row["metric"]) == (
        "2025-10-04",
        "2025-10-04",
        "rescued",
    )
    # told without a reporting verb, the past perfect is only known to be before publication
    plain = by_value(text.replace("On Tuesday the embassy said troops", "Troops"))["12"]
    assert plain["date_precision"] == "on_or_before"


def test_a_text_that_says_the_day_is_not_known_leaves_the_figure_undated() -> None:
    text = (
        "Officers detained 70 people in Kampot on October 2.\n\n"
        "Provincial police later detained 18 more near the port. "
        "Officials did not specify when that happened."
    )
    row = by_value(text)["18"]
    assert (row["period_start"], row["period_end"], row["date_precision"]) == (
        "",
        "2025-10-16",
        "on_or_before",
    )


def test_the_whole_a_part_is_counted_from_is_a_reference_not_a_second_figure() -> None:
    text = "Soldiers freed 31 Nepalis on Friday. Nine of the 31 were flown to Kathmandu on Monday."
    found = rows(text)
    assert sorted((r["metric"], r["value"]) for r in found) == [
        ("repatriated", "9"),
        ("rescued", "31"),
    ]
    nine = next(r for r in found if r["value"] == "9")
    assert (nine["period_start"], nine["date_precision"]) == ("2025-10-13", "day")


def test_a_section_headline_of_a_digest_is_dated_by_the_text_under_it() -> None:
    text = (
        "Weekly briefs\n\n"
        "A round-up of the week.\n\n"
        "SOLDIERS FREE 52 LAOTIANS NEAR KAMPOT\n"
        "The group was led out of a resort on Sunday, provincial police said.\n\n"
        "SIX KENYANS CHARGED OVER BAVET COMPOUND\n"
        "Prosecutors filed the case on the 7th, a court clerk said.\n\n"
        "NEPAL: 19 BACK FROM CAMBODIA\n"
        "The 19 Nepalis landed in Kathmandu on Tuesday.\n"
    )
    found = by_value(text)
    assert (found["52"]["metric"], found["52"]["period_start"]) == ("rescued", "2025-10-12")
    assert (found["6"]["metric"], found["6"]["period_start"]) == ("charged", "2025-10-07")
    assert found["19"]["metric"] == "repatriated"


def test_a_section_headline_takes_the_day_its_item_tells_over_a_month_told_on_the_way() -> None:
    text = (
        "Weekly briefs\n\n"
        "A round-up of the week.\n\n"
        "41 LAOTIANS SENT HOME\n"
        "The men, detained in Kratie in August, were driven to the border on Tuesday.\n\n"
        "TALLY: 905 FOREIGNERS EXPELLED SINCE MARCH\n"
        "The figure comes from the immigration department.\n"
    )
    found = by_value(text)
    assert (found["41"]["period_start"], found["41"]["date_precision"]) == ("2025-10-14", "day")
    assert (found["905"]["period_start"], found["905"]["period_end"]) == (
        "2025-03-01",
        "2025-10-16",
    )


@pytest.mark.parametrize(
    ("text", "metric", "value"),
    [
        # a participle clause pointing back at the people says what was done to them
        (
            "Guards walked 38 Laotians to the Trapeang Kriel checkpoint, expelling them on Friday.",
            "deported",
            "38",
        ),
        # the people and a second noun between a sending verb and where they were sent
        (
            "Officers brought 66 recruiters and bookkeepers to prosecutors in Takeo.",
            "prosecuted",
            "66",
        ),
        # "the other" between a verb and its number
        ("Soldiers detained 9 and freed the other 44 at dawn.", "rescued", "44"),
    ],
)
def test_a_verb_reaches_its_people_across_what_stands_between(
    text: str, metric: str, value: str
) -> None:
    assert (metric, value) in metric_values(text)


def test_a_breakdown_by_nationality_is_made_of_parts_of_the_total_and_takes_its_period() -> None:
    text = (
        "Between 6 and 12 October the department expelled 530 foreigners. "
        "By nationality, those expelled that week were: 301 Chinese, 144 Vietnamese and 85 Thais."
    )
    found = by_value(text)
    for part in ("301", "144", "85"):
        assert found[part]["parent_figure_id"] == found["530"]["figure_id"]
        assert (found[part]["period_start"], found[part]["period_end"]) == (
            "2025-10-06",
            "2025-10-12",
        )
    # a breakdown said to be missing makes nothing a part
    missing = by_value(
        "Police say 400 were detained. Aid groups say they helped 75 people, but gave no breakdown."
    )
    assert "75" not in missing or missing["75"]["parent_figure_id"] == ""


def test_the_answer_to_a_dated_question_takes_the_date_it_asks_about() -> None:
    text = (
        "Q&A: the week's expulsions\n\n"
        "Q: What happened last week?\n"
        "A: The department expelled 143 foreigners through the Bavet checkpoint.\n"
    )
    row = by_value(text)["143"]
    assert (row["period_start"], row["period_end"], row["date_precision"]) == (
        "2025-10-06",
        "2025-10-12",
        "range",
    )


def test_a_running_total_since_an_order_starts_on_the_day_the_order_was_given() -> None:
    text = (
        "On September 2 the governor signed an order closing every compound in the province. "
        "Police have detained 611 foreigners since the order."
    )
    row = by_value(text)["611"]
    assert (row["period_start"], row["period_end"], row["count_type"]) == (
        "2025-09-02",
        "2025-10-16",
        "cumulative_to_date",
    )


def test_a_translated_count_after_the_number_of_takes_the_verb_before_it() -> None:
    text = (
        "On 3/10/2025 the force freed the workers the number of 38 persons, who had been "
        "confined and forced to work, including Lao 21 persons and Nepali 17 persons."
    )
    found = by_value(text)
    assert found["38"]["metric"] == "rescued"
    for part in ("21", "17"):
        assert found[part]["metric"] == "rescued"
        assert found[part]["parent_figure_id"] == found["38"]["figure_id"]


def test_parts_of_a_whole_restated_by_reference_belong_to_the_figure_it_restates() -> None:
    text = (
        "Border guards took back 52 citizens on Monday.\n\n"
        "The 52 citizens come from 11 provinces, of them male 40 persons and female 12 persons."
    )
    found = by_value(text)
    for part in ("40", "12"):
        assert found[part]["metric"] == "repatriated"
        assert found[part]["parent_figure_id"] == found["52"]["figure_id"]


def test_a_list_item_that_says_it_is_among_those_counted_is_a_part_of_the_list_total() -> None:
    text = (
        "The year in figures:\n\n"
        "- 2,310: workers freed from compounds in Kampot between May 2 and 9\n"
        "- 604: Nepalis among those freed, the largest single group that week\n"
    )
    found = by_value(text)
    assert found["604"]["metric"] == "rescued"
    assert found["604"]["parent_figure_id"] == found["2310"]["figure_id"]


def test_people_told_before_named_by_their_number_after_a_preposition_are_no_new_figure() -> None:
    text = (
        "A Kampot court convicted 27 managers on Friday. "
        "Terms of 3 to 9 years in prison were handed to the 27."
    )
    assert metric_values(text) == {("convicted", "27")}


@pytest.mark.parametrize(
    ("text", "metric", "value"),
    [
        # a running total named after its number
        (
            "Police detained 9 more Thais on Monday, bringing to 131 the number of Thais now "
            "held in Bavet awaiting deportation.",
            "detained",
            "131",
        ),
        # people awaiting their return are still held
        ("The count of Nepalis awaiting repatriation climbs to 58.", "detained", "58"),
    ],
)
def test_a_running_total_counts_what_its_own_noun_phrase_says(
    text: str, metric: str, value: str
) -> None:
    assert (metric, value) in metric_values(text)


def test_a_day_inside_a_relative_clause_about_the_people_does_not_date_the_main_verb() -> None:
    row = by_value("Immigration deported 204 Thais who had been detained in August in Pursat.")
    assert (row["204"]["metric"], row["204"]["date_precision"]) == ("deported", "on_or_before")
    # the main verb after the relative clause keeps its own day
    after = by_value("The 61 Laotians who were held in Kratie were deported on Monday.")
    assert (after["61"]["metric"], after["61"]["period_start"]) == ("deported", "2025-10-13")


def test_people_flown_out_of_cambodia_are_deported_not_repatriated() -> None:
    text = (
        "Immigration expelled 140 foreigners on Friday. "
        "The group, including 22 women, was flown out of Siem Reap on a chartered plane."
    )
    found = by_value(text)
    assert found["22"]["metric"] == "deported"
    assert found["22"]["parent_figure_id"] == found["140"]["figure_id"]


def test_a_part_told_by_its_predicate_names_who_without_the_conjunction_after_it() -> None:
    text = "Police expelled 250 people. Of those expelled, 140 were Laotians and 110 were Thais."
    found = by_value(text)
    assert (found["140"]["subject"], found["140"]["nationality"]) == ("Laotians", "LA")
    assert (found["110"]["subject"], found["110"]["nationality"]) == ("Thais", "TH")


def test_a_place_inside_a_relative_clause_about_the_people_is_not_where_they_were_counted() -> None:
    text = (
        "Immigration deported 275 Laotians who were detained in a raid in Kampot. "
        "Police arrested 40 people in Kampot on Monday."
    )
    found = by_value(text)
    assert found["275"]["location"] == ""
    assert found["40"]["location"] == "Kampot"


@pytest.mark.parametrize(
    ("text", "metric", "value"),
    [
        # a bare number, "more" and the verb: the people are the number's own
        ("Officers said 83 more were apprehended near Bavet overnight.", "arrested", "83"),
        ("Kratie raids: 270 more detained as the crackdown widens", "detained", "270"),
        # a state told after a bare number
        ("Another 910 remain in immigration detention in Kandal.", "detained", "910"),
        ("A further 46 remained in police custody in Takeo.", "detained", "46"),
        # a headline's present tense, before the number
        ("Takeo court tries 17 over forced labour", "tried", "17"),
        # a verb whose particle follows the people
        ("Cambodia hands 208 Laotians back at the Trapeang Kriel crossing", "repatriated", "208"),
        # the verb of the relative clause whose object they are, with no main verb of its own
        (
            "The ministry's list left out the 57 Malaysians whom police in Kep arrested on Friday.",
            "arrested",
            "57",
        ),
        # a number told along with another that has the verb
        ("Police detained 318 Chinese nationals, along with 26 Nepalis.", "detained", "26"),
        # a part told as among a larger group with the verb
        ("The tally lists 91 Laotians among the 2,410 people deported in June.", "deported", "91"),
        ("Another 35 Bangladeshis were extracted from a locked building.", "rescued", "35"),
    ],
)
def test_a_bare_number_takes_the_action_its_clause_tells_after_it(
    text: str, metric: str, value: str
) -> None:
    assert (metric, value) in metric_values(text)


@pytest.mark.parametrize(
    "text",
    [
        "Vientiane says 118 Laotians repatriated; Phnom Penh counts 112.",
        "Vientiane says 118 Laotians repatriated. Phnom Penh puts the figure at 112.",
        "Vientiane says 118 Laotians repatriated. Phnom Penh's own tally for the month is 112.",
        "Vientiane says 118 Laotians repatriated. Phnom Penh puts the number of Laotians at 112.",
    ],
)
def test_another_authority_s_count_of_the_same_people_is_proposed_with_their_action(
    text: str,
) -> None:
    found = by_value(text)
    assert (found["112"]["metric"], found["112"]["nationality"]) == ("repatriated", "LA")
    # the counting verb alone, without a figure told before, names no one
    assert rows("Phnom Penh counts 112.") == []


def test_one_person_is_a_count_with_its_own_verb_or_its_list_s_but_not_a_witness() -> None:
    assert ("deported", "1") in metric_values("So far only one foreigner has been deported.")
    assert ("arrested", "1") in metric_values(
        "Police arrested four Nepalis and one Cambodian manager in Kep."
    )
    # a witness, and one whose verb is another's
    assert "1" not in by_value("Guards held 61 workers; one woman said she had been beaten.")
    assert "1" not in by_value("One man fled into the forest and another was arrested by guards.")


def test_a_total_named_by_what_was_done_before_its_number_takes_that_action() -> None:
    found = by_value(
        "Hanoi puts the number deported since May at about 640, though some were picked up later."
    )
    assert (found["640"]["metric"], found["640"]["qualifier"]) == ("deported", "about")
    assert found["640"]["period_start"] == "2025-05-01"


@pytest.mark.parametrize(
    ("text", "metric", "value"),
    [
        ("Military police hauled in 212 suspects near Bokor.", "arrested", "212"),
        ("A dawn raid swept up 77 workers in Svay Rieng.", "arrested", "77"),
        ("Police hold 58 foreigners after Kep raid", "detained", "58"),
        ("SEVENTEEN ARRAIGNED IN TAKEO", "charged", "17"),
        ("Forty-four Laotians cross back at the Trapeang Kriel gate", "repatriated", "44"),
        ("Dhaka says 120-plus brought home this year", "repatriated", "120"),
    ],
)
def test_verbs_of_headlines_and_wires_name_their_action(text: str, metric: str, value: str) -> None:
    assert (metric, value) in metric_values(text)


@pytest.mark.parametrize(
    "text",
    [
        "The complex could hold 3,000 workers, police said.",
        "The remaining 400, who hold 12 different nationalities, wait in Phnom Penh.",
    ],
)
def test_hold_as_capacity_or_possession_counts_no_one_held(text: str) -> None:
    assert not {metric for metric, _ in metric_values(text)} & {"detained"}


@pytest.mark.parametrize(
    ("text", "metric", "value"),
    [
        # a digest headline: after a comma comes the next item, not the main verb
        ("Weekly round-up: 133 deported in a day, Kep raid nets 52 Nepalis", "deported", "133"),
        ("Round-up: 64 Laotians freed in Kampot, Laos takes back 90", "rescued", "64"),
        # put on a flight, told actively with people and an aside between, or passively
        (
            "Officers put 83 Taiwanese, among them 12 women, on a chartered flight to Taipei.",
            "deported",
            "83",
        ),
        (
            "Cambodia put 26 Koreans wanted for fraud at home on a charter flight to Incheon.",
            "deported",
            "26",
        ),
        ("58 TAIWANESE PUT ON FLIGHT", "deported", "58"),
        ("Officials said 71 had already been put on flights home.", "deported", "71"),
        # among people an action names; sent to courts (plural)
        ("11 MALAYSIANS AMONG THOSE DETAINED IN KEP", "detained", "11"),
        ("Of the total, 240 were sent to the provincial courts.", "charged", "240"),
    ],
)
def test_digests_flights_and_groups_name_their_action(text: str, metric: str, value: str) -> None:
    assert (metric, value) in metric_values(text)


def test_a_headline_in_capitals_about_another_country_is_set_aside_like_one_in_lower_case() -> None:
    assert rows("MYANMAR: 412 FREED IN MYAWADDY, SENT HOME VIA MAE SOT") == []
    assert rows("Myanmar: 412 freed in Myawaddy, sent home via Mae Sot") == []


@pytest.mark.parametrize(
    ("text", "metric", "value"),
    [
        ("Officers placed 96 Nepalis in immigration detention in Kandal.", "detained", "96"),
        (
            "By Friday 410 of them had been transferred to the immigration department's centre.",
            "detained",
            "410",
        ),
        ("Manila welcomed the release of 33 Filipinos from a Kampot compound.", "rescued", "33"),
        ("The embassy logged 512 requests for help this year.", "cases", "512"),
        ("Lao border officials counted 276 arrivals at the crossing.", "repatriated", "276"),
        ("NEPAL: 58 HOME SINCE MAY", "repatriated", "58"),
        ("Twenty Nepalis freed from a compound, twelve already home", "repatriated", "12"),
    ],
)
def test_nouns_and_phrases_of_custody_release_and_return(
    text: str, metric: str, value: str
) -> None:
    assert (metric, value) in metric_values(text)


def test_home_before_a_noun_tells_no_return() -> None:
    assert rows("About 40 home provinces were affected by the recruitment drive.") == []


@pytest.mark.parametrize(
    "text",
    [
        "Police have rescued 212 Bangladeshis from a compound in Kampot. "
        "The group was freed on Saturday after a tip-off.",
        "Cambodia has deported 212 Bangladeshis. The group was flown home on Saturday.",
    ],
)
def test_a_figure_told_again_by_reference_is_proposed_once_dated_by_the_later_sentence(
    text: str,
) -> None:
    found = rows(text)
    assert [r["value"] for r in found] == ["212"]
    assert (found[0]["period_start"], found[0]["date_precision"]) == ("2025-10-11", "day")


def test_a_people_s_name_then_words_for_who_they_are_is_one_noun_phrase() -> None:
    found = by_value("Police said 37 Nepali call-centre workers detained in Kep were Buddhists.")
    assert (found["37"]["metric"], found["37"]["nationality"]) == ("detained", "NP")
    assert "call-centre workers" in found["37"]["subject"]
    # a verb after the name still ends it
    assert ("detained", "52") in metric_values("Officials said 52 South Koreans remain detained.")


def test_a_list_item_s_label_may_carry_a_parenthesis() -> None:
    text = (
        "Police arrested 2,104 suspects in August.\n\n"
        "By nationality:\n- Chinese (mainland): 960\n- Chinese (Taiwan): 144\n- Thai: 1,000"
    )
    found = by_value(text)
    assert (found["960"]["metric"], found["960"]["nationality"]) == ("arrested", "CN")
    assert found["960"]["parent_figure_id"] == found["2104"]["figure_id"]


@pytest.mark.parametrize(
    "text",
    [
        "Those held are told to repay debts of several thousand dollars.",
        "Few have been charged over the compounds, which the UN estimates hold 100,000 people.",
        "Three handovers in two weeks: Laotians returned from Cambodia in May",
        "The embassy said the compound could hold 2,500 workers.",
    ],
)
def test_vague_amounts_estimates_about_places_and_counts_of_events_are_no_figures(
    text: str,
) -> None:
    assert rows(text) == []


def test_a_list_under_a_lead_in_with_an_action_and_no_total_counts_that_action() -> None:
    text = (
        "Raids went on across four provinces.\n\n"
        "Among those arrested:\n\n- Laotian: 310\n\n- Nepali (all men): 96"
    )
    found = by_value(text)
    assert (found["310"]["metric"], found["310"]["nationality"]) == ("arrested", "LA")
    assert found["96"]["metric"] == "arrested"
    assert found["310"]["parent_figure_id"] == found["96"]["parent_figure_id"] == ""


def test_a_lead_in_told_by_a_noun_and_items_dated_by_their_labels() -> None:
    text = (
        "Lao officials published the figures this week.\n\n"
        "Handovers at the Wang Tao crossing, month by month:\n\n"
        "- July: 144\n\n- August: 98"
    )
    found = by_value(text)
    assert found["144"]["metric"] == "repatriated"
    assert (found["144"]["period_start"], found["144"]["date_precision"]) == (
        "2025-07-01",
        "month",
    )
    assert found["98"]["period_end"] == "2025-08-31"
    # a noun for the action in a sentence of its own counts no one
    assert rows("Officials said three more handovers were being planned.") == []


def test_plans_told_with_a_time_inside_the_verb_and_arrests_abroad_are_no_figures() -> None:
    assert rows("The other 140 suspects will over the coming weeks be flown home.") == []
    assert rows("Police in Kuala Lumpur said they had arrested 31 recruiters in Malaysia.") == []
    # the same count in Cambodia stays
    assert ("arrested", "31") in metric_values("Police arrested 31 recruiters in Kampot.")


def test_arrivals_count_the_repatriated_even_after_another_clause_s_verb() -> None:
    text = (
        "Cambodia says it deported 410 Thais caught in raids, while Bangkok has recorded only "
        "352 arrivals."
    )
    assert ("repatriated", "352") in metric_values(text)


def test_a_number_in_words_with_its_digits_after_it_is_one_number() -> None:
    text = (
        "Immigration expelled a total of forty-two (42) nationals of Nepal, six of whom are women."
    )
    found = by_value(text)
    assert set(found) == {"42", "6"}
    assert (found["42"]["metric"], found["42"]["nationality"]) == ("deported", "NP")
    assert found["6"]["parent_figure_id"] == found["42"]["figure_id"]
    korea = by_value("Immigration deported 64 nationals of the Republic of Korea on Friday.")
    assert korea["64"]["nationality"] == "KR"


@pytest.mark.parametrize(
    ("text", "start", "end", "precision"),
    [
        ("Police arrested 61 people on the 4th of October.", "2025-10-04", "2025-10-04", "day"),
        ("Police arrested 61 people on 4th of October.", "2025-10-04", "2025-10-04", "day"),
        ("Police arrested 61 people from 2 to 4 of October.", "2025-10-02", "2025-10-04", "range"),
    ],
)
def test_a_day_of_a_month_told_with_of(text: str, start: str, end: str, precision: str) -> None:
    row = by_value(text)["61"]
    assert (row["period_start"], row["period_end"], row["date_precision"]) == (
        start,
        end,
        precision,
    )


def test_since_a_month_inside_a_description_is_a_time_not_a_clause() -> None:
    text = "Officials said 48 Laotians picked up since March remained in immigration detention."
    assert ("detained", "48") in metric_values(text)
    # since opening a clause of its own still hides the verb after it
    clause = "Since police raided the site, 48 Laotians have been detained."
    assert ("detained", "48") in metric_values(clause)


def test_a_part_of_a_group_told_from_the_other_side_of_its_journey_is_a_part_of_it() -> None:
    text = (
        "Immigration deported 73 Nepalis on Sunday. "
        "The group, including 11 women, was flown from Phnom Penh to Kathmandu."
    )
    found = by_value(text)
    assert (found["11"]["metric"], found["11"]["sex"]) == ("deported", "female")
    assert found["11"]["parent_figure_id"] == found["73"]["figure_id"]


@pytest.mark.parametrize(
    ("text", "metric", "value"),
    [
        ("A Kandal court jails 14 casino managers for trafficking.", "convicted", "14"),
        ("Immigration sent 233 more foreigners out of the country on Monday.", "deported", "233"),
        ("In numbers:\n\n88 -- Laotians flown home on a charter flight", "repatriated", "88"),
    ],
)
def test_a_place_before_people_a_send_out_of_the_country_and_a_double_dash(
    text: str, metric: str, value: str
) -> None:
    assert (metric, value) in metric_values(text)


def test_a_part_of_a_part_told_in_a_list_of_parts_is_not_summed_with_them() -> None:
    text = (
        "Officials said 310 people had been freed from the building. Of them, 140 were "
        "Laotians, 61 of whom were women, along with 90 Nepalis and 80 Bangladeshis."
    )
    found = by_value(text)
    assert found["140"]["parent_figure_id"] == found["310"]["figure_id"]
    assert found["61"]["parent_figure_id"] == found["140"]["figure_id"]
    assert found["90"]["parent_figure_id"] == found["310"]["figure_id"]


def test_in_total_between_a_verb_and_its_number() -> None:
    text = "Police raided a casino in Bavet on 2/11, rescuing in total 74 persons of Laos."
    assert ("rescued", "74") in metric_values(text)


def test_two_nouns_for_people_joined_by_and_are_one_group() -> None:
    text = "- 88: alleged recruiters and accomplices sent to court, six of them women"
    found = by_value(text)
    assert found["88"]["metric"] == "charged"
    assert found["6"]["parent_figure_id"] == found["88"]["figure_id"]


def test_a_count_of_women_is_no_part_of_a_count_of_men_beside_it() -> None:
    found = by_value("Police arrested 52 men and 19 women in Kep.")
    assert found["19"]["parent_figure_id"] == ""
    whole = by_value("Police arrested 71 people in Kep, 52 men and 19 women.")
    assert whole["19"]["parent_figure_id"] == whole["71"]["figure_id"]


def test_reports_received_are_cases_and_arrests_of_people_abroad_told_in_words_are_set_aside() -> (
    None
):
    assert metric_values("Nearly 300 reports of forced labour were received by the embassy.") == {
        ("cases", "300")
    }
    assert rows("Police in Kerala have arrested nine persons in India for recruiting.") == []


def test_a_list_item_with_a_part_of_its_own_and_a_period_pointed_at_the_sentence_before() -> None:
    text = (
        "Forces carried out operations from 2 August to 21 August 2025.\n\n"
        "During this period, raids took place at 14 sites. A total of 904 persons were "
        "arrested, including 130 women. Those arrested comprise:\n\n"
        "- Laotian: 310 (of whom 41 women)\n- Nepali: 96"
    )
    found = by_value(text)
    assert found["310"]["parent_figure_id"] == found["904"]["figure_id"]
    assert found["41"]["parent_figure_id"] == found["310"]["figure_id"]
    assert (found["41"]["metric"], found["41"]["nationality"]) == ("arrested", "LA")
    assert found["96"]["parent_figure_id"] == found["904"]["figure_id"]
    assert (found["904"]["period_start"], found["904"]["period_end"]) == (
        "2025-08-02",
        "2025-08-21",
    )


def test_a_range_of_dates_told_without_from() -> None:
    text = (
        "Crackdown in numbers\n\n"
        "The commission's tally covers June 2 to August 14. The key figures:\n\n"
        "- 812: suspects arrested by police"
    )
    row = by_value(text)["812"]
    assert (row["period_start"], row["period_end"], row["date_precision"]) == (
        "2025-06-02",
        "2025-08-14",
        "range",
    )


def test_a_breakdown_is_of_the_event_not_of_the_running_total_beside_it() -> None:
    text = (
        "Immigration deported 250 more foreigners on Monday, raising to 5,120 the number "
        "deported since June 27. Among them were 90 Laotians and 60 Nepalis."
    )
    found = by_value(text)
    assert found["90"]["parent_figure_id"] == found["250"]["figure_id"]
    assert (found["90"]["period_start"], found["90"]["date_precision"]) == ("2025-10-13", "day")
    # unless it says it is a breakdown of the total
    total = by_value(text.replace("Among them were", "The running total includes"))
    assert total["90"]["parent_figure_id"] == total["5120"]["figure_id"]


def test_another_count_for_the_same_period_takes_the_period_of_the_count_it_disputes() -> None:
    text = (
        "Vientiane says 118 Laotians were repatriated from June 1 to June 30. "
        "Phnom Penh's own tally for the same period is 112."
    )
    found = by_value(text)
    assert (
        (found["112"]["period_start"], found["112"]["period_end"])
        == (
            found["118"]["period_start"],
            found["118"]["period_end"],
        )
        == ("2025-06-01", "2025-06-30")
    )


def test_a_list_item_whose_people_a_relative_clause_describes_counts_the_lead_ins_action() -> None:
    text = (
        "Cambodia deported dozens of Lao workers this month. The groups:\n\n"
        "- Vang Tao, 6 October: 40 workers who had been held at a casino in Stung Treng\n"
        "- Nong Nokkhiane, 9 October: 26 workers who were freed in a raid in Kratie"
    )
    found = {(r["metric"], r["value"]) for r in rows(text)}
    assert ("deported", "40") in found
    assert ("deported", "26") in found
    assert ("detained", "40") not in found


@pytest.mark.parametrize(
    "text",
    [
        "Soldiers freed 28 Kenyans from a tower block in O'Smach on Monday and 53 more on Tuesday.",
        "Soldiers freed 28 Kenyans from a tower block in O'Smach on Monday and another 53 in "
        "Samraong on Tuesday.",
    ],
)
def test_a_member_that_adds_to_the_one_before_shares_its_verb_and_keeps_its_own_day(
    text: str,
) -> None:
    by = by_value(text)
    assert (by["28"]["metric"], by["28"]["period_start"]) == ("rescued", "2025-10-13")
    assert (by["53"]["metric"], by["53"]["period_start"]) == ("rescued", "2025-10-14")


@pytest.mark.parametrize(
    ("text", "metric", "value"),
    [
        ("1,450 - the number of Lao workers deported since July.", "deported", "1450"),
        ("- 2,300+: foreigners sent back between January and June", "deported", "2300"),
        ("310 \u2014 Filipinos the embassy says it has rescued since 2023", "rescued", "310"),
        ("2. 88: members of a phishing ring indicted on Wednesday", "charged", "88"),
    ],
)
def test_a_caption_after_a_number_that_opens_its_line_says_what_it_counts(
    text: str, metric: str, value: str
) -> None:
    assert (metric, value) in metric_values(text)


@pytest.mark.parametrize(
    "text",
    [
        "20 - nationalities among those detained in the July sweep",
        "- 14: provinces where raids were carried out",
        "- About 60: Koreans Seoul hopes to bring back before the new year",
    ],
)
def test_a_caption_that_counts_no_people_or_a_plan_gives_no_figure(text: str) -> None:
    assert rows(text) == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        (
            "Police detained 62 people in Kampot. A spokesman said 33 of those held were "
            "Chinese, 21 were Lao and eight came from Myanmar.",
            "8",
        ),
        (
            "Police in Kratie detained 312 people, while another 27, from Laos and Myanmar, "
            "were detained in Pursat province.",
            "27",
        ),
    ],
)
def test_where_people_come_from_is_not_another_countrys_crackdown(text: str, value: str) -> None:
    assert ("detained", value) in metric_values(text)


def test_people_who_came_from_a_town_of_the_compounds_abroad_are_set_aside() -> None:
    assert rows("Thailand received 200 people who came from Myawaddy on Monday.") == []


@pytest.mark.parametrize(
    "text",
    [
        "Nine suspected bosses - six Chinese and three Lao - had been charged with fraud.",
        "Nine Lao workers, six men and three women, crossed back at Vang Tao on Monday.",
    ],
)
def test_a_total_split_in_an_aside_before_its_verb_keeps_its_verb_and_its_parts(
    text: str,
) -> None:
    by = by_value(text)
    assert by["9"]["metric"] in ("charged", "repatriated")
    assert by["9"]["parent_figure_id"] == ""
    for part in ("6", "3"):
        assert by[part]["metric"] == by["9"]["metric"]
        assert by[part]["parent_figure_id"] != ""


def test_people_sent_to_the_courts_are_charged() -> None:
    text = "Prosecutors in Kampot have sent 41 suspected recruiters to the provincial courts."
    assert ("charged", "41") in metric_values(text)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        (
            "Forty Lao workers who were freed from a compound in Kratie landed in Vientiane on "
            "Tuesday.",
            "2025-10-14",
        ),
        (
            "Forty Lao workers who had been freed in Kratie on 2 October returned to Vientiane on "
            "Tuesday.",
            "2025-10-14",
        ),
        (
            "The 40 Lao workers who were freed in Kratie on 2 October returned home, officials said.",
            "2025-10-02",
        ),
    ],
)
def test_a_finite_verb_past_a_relative_clauses_own_verb_is_the_main_one(
    text: str, day: str
) -> None:
    [row] = rows(text)
    assert (row["metric"], row["value"]) == ("repatriated", "40")
    assert row["period_start"] == day


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Kampot sweep widens\n\nSince 2 October, police have searched 14 buildings in "
            "Kampot. As of Monday, the ministry said 415 people had been detained.",
            ("2025-10-02", "2025-10-13", "range", "cumulative_to_date"),
        ),
        (
            "Kampot sweep widens\n\nOfficials said 415 people had been deported as of Monday.",
            ("", "2025-10-13", "on_or_before", "cumulative_to_date"),
        ),
        (
            "Kampot sweep widens\n\nOfficials said 415 foreigners were being held in Kampot as "
            "of Monday.",
            ("2025-10-13", "2025-10-13", "day", "event"),
        ),
    ],
)
def test_a_total_told_as_of_a_day_runs_up_to_that_day(
    text: str, expected: tuple[str, str, str, str]
) -> None:
    [row] = rows(text)
    assert row["value"] == "415"
    assert (
        row["period_start"],
        row["period_end"],
        row["date_precision"],
        row["count_type"],
    ) == expected


def test_another_count_of_a_running_total_on_a_day_is_the_total_up_to_that_day() -> None:
    text = (
        "Kampot tally climbs\n\nThe number of people detained since the Kampot sweep began on "
        "2 October has passed 900, officials say. The governor put the total at 512 on Friday. "
        "By Sunday evening, provincial police were citing 771."
    )
    by = by_value(text)
    assert (by["512"]["period_start"], by["512"]["period_end"]) == ("2025-10-02", "2025-10-10")
    assert (by["771"]["metric"], by["771"]["period_end"]) == ("detained", "2025-10-12")
    assert by["771"]["date_precision"] == "range"


def test_since_the_end_of_a_month_starts_on_its_last_day() -> None:
    assert period("Police have detained 415 people since the end of June.")[:2] == (
        "2025-06-30",
        "2025-10-16",
    )


def test_a_running_total_in_the_perfect_is_dated_by_its_since_not_by_today() -> None:
    text = (
        "With today's arrival, the ministry has brought home 640 Lao workers since 2023. Of "
        "these, 115 have been brought home so far this year."
    )
    by = by_value(text)
    assert (by["640"]["period_start"], by["640"]["date_precision"]) == ("2023-01-01", "range")
    assert (by["115"]["period_start"], by["115"]["period_end"]) == ("2025-01-01", "2025-10-16")


@pytest.mark.parametrize(
    "text",
    [
        "Since the beginning of year 2025 until now, provincial police have arrested 187 suspects.",
        "From the beginning of year 2025 up to now, provincial police have arrested 187 suspects.",
    ],
)
def test_the_beginning_of_year_n_until_now(text: str) -> None:
    assert period(text) == ("2025-01-01", "2025-10-16", "range")


@pytest.mark.parametrize(
    "text",
    [
        "Police said they would seek warrants to formally arrest 41 of the returnees.",
        "Prosecutors asked a court for permission to detain 41 suspects for another week.",
    ],
)
def test_a_request_to_arrest_or_detain_is_no_figure(text: str) -> None:
    assert rows(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "In India, police in Patna arrested six recruiters in December.",
        "In December, police in Ranchi, Bihar, arrested six recruiters accused of trafficking.",
        "Police in Aranyaprathet said they had arrested 16 people over the past month.",
    ],
)
def test_arrests_by_the_police_of_another_country_at_home_are_set_aside(text: str) -> None:
    assert rows(text) == []


def test_flights_carrying_people_count_flights() -> None:
    assert rows("Two charter planes carrying suspects landed in Kunming on Monday.") == []
    assert ("detained", "40") in metric_values("Police detained 40 gambling den workers in Bavet.")


@pytest.mark.parametrize(
    "text",
    [
        "Police have sought arrest warrants for 41 of the returnees, the agency said.",
        "Prosecutors requested formal arrest for 41 of them on Monday.",
        "A hotline received 312 calls for help from inside the compounds this year.",
        "The ministry received requests for help concerning 330 Lao citizens this year.",
    ],
)
def test_requests_and_calls_for_help_are_no_figure(text: str) -> None:
    assert rows(text) == []


def test_the_whole_after_a_requested_part_keeps_its_own_verb() -> None:
    text = (
        "Police are seeking arrest warrants for 41 of the 60 Lao nationals flown back on Saturday."
    )
    assert metric_values(text) == {("repatriated", "60")}


def test_a_caption_about_another_countrys_authorities_is_set_aside() -> None:
    assert rows("12,000: Chinese suspects Myanmar's authorities handed over this year") == []


def test_the_group_told_after_a_part_refers_to_the_whole_not_the_part() -> None:
    text = (
        "Among the latest arrivals were 19 women. The group had been held at an immigration "
        "centre in Phnom Penh."
    )
    assert ("detained", "19") not in metric_values(text)


def test_a_list_of_dated_handovers_under_a_lead_in_with_notes_between_its_items() -> None:
    text = (
        "Thailand took back dozens of its nationals this month. The groups:\n\n"
        "- October 2-3, Poipet (Banteay Meanchey): 52 people, 30 men and 22 women. Screening "
        "found that 20 had worked for scam firms.\n\n"
        "- October 9, Cham Yeam: 31 people (19 men, 12 women) from nine provinces."
    )
    by = by_value(text)
    for value in ("52", "30", "22", "31", "19", "12"):
        assert by[value]["metric"] == "repatriated", value
    assert (by["52"]["period_start"], by["52"]["period_end"]) == ("2025-10-02", "2025-10-03")
    assert (by["31"]["period_start"], by["31"]["date_precision"]) == ("2025-10-09", "day")
    assert by["19"]["parent_figure_id"] == by["31"]["figure_id"]


@pytest.mark.parametrize(
    ("text", "value", "nationality", "sex"),
    [
        (
            "Police detained 900 people in Kampot on Monday. Cambodians accounted for 101.",
            "101",
            "KH",
            "all",
        ),
        ("Police detained 900 people in Kampot on Monday. Women made up 212.", "212", "", "female"),
    ],
)
def test_people_named_before_their_share_are_a_part_of_the_count_before(
    text: str, value: str, nationality: str, sex: str
) -> None:
    by = by_value(text)
    assert by[value]["metric"] == "detained"
    assert by[value]["parent_figure_id"] == by["900"]["figure_id"]
    assert (by[value]["nationality"], by[value]["sex"]) == (nationality, sex)


def test_of_them_points_back_not_at_the_places_counted_after() -> None:
    text = "Guards received 412 citizens on Monday, 39 of them women; they live in 61 provinces."
    by = by_value(text)
    assert (by["39"]["metric"], by["39"]["sex"]) == ("repatriated", "female")
    assert "61" not in by


def test_a_label_that_says_its_number_is_a_part() -> None:
    text = "Returns in 2024\n\nCitizens received from Cambodia in 2024: 2,914\n  Of whom women: 537"
    by = by_value(text)
    assert (by["2914"]["metric"], by["2914"]["nationality"]) == ("repatriated", "")
    assert (by["537"]["metric"], by["537"]["sex"]) == ("repatriated", "female")
    assert by["537"]["parent_figure_id"] == by["2914"]["figure_id"]


def test_the_action_named_before_the_people_wins_over_a_relative_clause_about_them() -> None:
    text = (
        "It followed the deportation on 3 October of 54 Lao workers by the immigration "
        "department, who had been held since a raid in Kratie."
    )
    assert metric_values(text) == {("deported", "54")}
    text = "Police seek arrest warrants for 41 of the 60 Lao nationals flown back on Saturday."
    assert metric_values(text) == {("repatriated", "60")}


def test_a_running_total_that_stood_at_a_number_on_a_day_runs_up_to_that_day() -> None:
    text = (
        "Kampot sweep\n\nSince 2 October, police have raided 14 buildings. The tally of "
        "people detained stood at 512 on 10 October."
    )
    assert period(text)[:3] == ("2025-10-02", "2025-10-10", "range")


def test_a_figure_told_in_a_raid_dated_by_its_month_takes_that_month() -> None:
    text = (
        "Police detained 13 Lao workers in May during a raid in Bavet. Local media reported at "
        "the time that more than 50 foreigners were held in that raid."
    )
    assert by_value(text)["50"]["period_start"] == "2025-05-01"
    assert by_value(text)["50"]["date_precision"] == "month"


def test_people_from_several_countries_have_no_one_nationality() -> None:
    [row] = rows("Police in Kratie detained 312 people from Thailand, Laos and Vietnam.")
    assert (row["value"], row["nationality"]) == ("312", "")
    [row] = rows("Police in Kratie detained 312 people from Laos on Monday.")
    assert row["nationality"] == "LA"


def test_an_event_named_after_a_semicolon_dates_the_figure_before() -> None:
    text = (
        "A Kampot court has convicted 14 people of fraud. Sixteen defendants stood trial on "
        "Monday in a hearing that ran late; the verdict was read out a day later."
    )
    assert by_value(text)["14"]["period_start"] == "2025-10-14"


def test_a_date_of_the_participle_describing_the_people_is_not_the_main_verbs() -> None:
    text = (
        "A court in Yunnan sentenced 14 people deported from Cambodia last year to prison "
        "terms on the 9th, state media reported."
    )
    assert period(text) == ("2025-10-09", "2025-10-09", "day")
    text = "Police in Kampot detained 14 people sent from Phnom Penh last week."
    assert period(text) == ("2025-10-06", "2025-10-12", "range")


def test_a_total_after_the_counts_it_adds_up_spans_their_days() -> None:
    text = (
        "Soldiers freed 28 Kenyans from a tower in O'Smach on Monday and 53 more on Tuesday, "
        "bringing the total freed in two days to 81."
    )
    by = by_value(text)
    assert (by["81"]["metric"], by["81"]["period_start"], by["81"]["period_end"]) == (
        "rescued",
        "2025-10-13",
        "2025-10-14",
    )


def test_a_range_between_two_days_with_an_aside_about_the_first() -> None:
    text = (
        "Police detained 2,767 foreigners between 14 July, when the crackdown was ordered, "
        "and 24 July."
    )
    assert period(text) == ("2025-07-14", "2025-07-24", "range")


def test_a_part_including_some_of_the_parts_does_not_add_to_them() -> None:
    text = (
        "Forty-one Lao workers crossed back at Vang Tao on Friday. The returnees, 26 women and "
        "15 men, including two who need medical care, were met by officials."
    )
    by = by_value(text)
    for value in ("26", "15", "2"):
        assert by[value]["parent_figure_id"] == by["41"]["figure_id"], value


def test_people_told_as_among_them_are_a_part_of_the_count_before() -> None:
    text = "Police detained 900 people in Kampot on Monday. About 40 Lao nationals are among them."
    by = by_value(text)
    assert (by["40"]["metric"], by["40"]["nationality"]) == ("detained", "LA")
    assert by["40"]["parent_figure_id"] == by["900"]["figure_id"]


def test_a_bare_member_with_a_time_of_its_own_shares_the_verb_before_it() -> None:
    text = (
        "The embassy logged 330 reports of Lao workers confined in Cambodian compounds in 2024, "
        "and 550 in the first eight months of this year."
    )
    by = by_value(text)
    assert (by["550"]["metric"], by["550"]["period_start"]) == ("cases", "2025-01-01")
    assert by["330"]["date_precision"] == "year"


@pytest.mark.parametrize(
    ("text", "metric", "value"),
    [
        ("LAO EMBASSY: 14 MORE FREED IN KRATIE", "rescued", "14"),
        ("KAMPOT: 16 STAND TRIAL OVER ROMANCE SCAM RING", "tried", "16"),
        ("Sixteen defendants stand trial in Kampot on Monday.", "tried", "16"),
    ],
)
def test_headlines_in_capitals_with_more_and_standing_trial(
    text: str, metric: str, value: str
) -> None:
    assert (metric, value) in metric_values(text)


def test_a_running_total_lifted_by_an_event_is_dated_by_what_follows_its_words() -> None:
    text = (
        "Kampot tally\n\nPolice detained 51 more people in Kampot on Thursday and Friday, "
        "lifting to 912 the number held since the operation began on 2 October."
    )
    by = by_value(text)
    assert (by["51"]["period_start"], by["51"]["period_end"]) == ("2025-10-09", "2025-10-10")
    assert (by["912"]["metric"], by["912"]["period_start"]) == ("detained", "2025-10-02")
    assert by["912"]["period_end"] == "2025-10-16"


def test_since_the_launch_of_a_long_named_campaign_on_a_day() -> None:
    text = (
        "Since the launch of the nationwide campaign against online scams on 14 July 2025, the "
        "department has deported a total of 2,946 foreigners."
    )
    assert period(text) == ("2025-07-14", "2025-10-16", "range")


def test_a_day_after_said_of_the_day_just_named_is_no_new_day() -> None:
    text = (
        "Kampot raid\n\nPolice freed 215 foreigners in Kampot on Saturday, a day after Lao and "
        "Cambodian officers met in Vientiane. Those freed were 109 Lao nationals and 106 Thais."
    )
    by = by_value(text)
    assert by["215"]["period_start"] == "2025-10-11"
    assert by["109"]["period_start"] == "2025-10-11"


def test_since_a_day_as_of_another_runs_from_the_one_to_the_other() -> None:
    text = "- 2,137: people detained in raids since 27 June, as of 18 July"
    assert period(text) == ("2025-06-27", "2025-07-18", "range")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Border guards received 410 citizens at Moc Bai in December last year.",
            ("2024-12-01", "2024-12-31", "month"),
        ),
        (
            "In March of this year, police in Kampot captured 251 suspects.",
            ("2025-03-01", "2025-03-31", "month"),
        ),
        (
            "Police have detained 251 suspects since February last year.",
            ("2024-02-01", "2025-10-16", "range"),
        ),
    ],
)
def test_a_month_of_last_year_or_this_year(text: str, expected: tuple[str, str, str]) -> None:
    assert period(text) == expected


def test_another_count_of_a_total_dated_by_its_operation_takes_that_period() -> None:
    text = (
        "Kampot sweep\n\nThe governor issued a directive on 2 October ordering raids. Police say "
        "more than 900 people have been detained since the directive. The official breakdown "
        "puts the figure at 912. Lao nationals form the largest group, at 400, followed by 300 Thais."
    )
    by = by_value(text)
    for value in ("900", "912", "400"):
        assert (by[value]["period_start"], by[value]["period_end"]) == (
            "2025-10-02",
            "2025-10-16",
        ), value


@pytest.mark.parametrize(
    "text",
    [
        "Twenty-two of them were later released without charge.",
        "The Philippines deported four men linked to a robbery ring to Japan on Monday.",
        "On the Thai side, police said they arrested 12 people in Sa Kaeo last week.",
    ],
)
def test_no_charge_and_another_countrys_deportations_or_arrests_are_no_figure(text: str) -> None:
    assert rows(text) == []


def test_an_aside_counting_a_part_stands_between_the_people_and_their_verb() -> None:
    text = "Sixteen defendants, 12 of them Chinese, went on trial in Kampot on Monday."
    assert metric_values(text) == {("tried", "16"), ("tried", "12")}


def test_one_at_the_end_of_a_list_of_parts_is_a_count() -> None:
    text = "A Kampot court convicted 11 people. Eight are Chinese, two are Lao and one is Thai."
    by = by_value(text)
    assert (by["1"]["metric"], by["1"]["nationality"]) == ("convicted", "TH")
    assert rows("One of the officers said the raid was long overdue.") == []


def test_a_count_of_places_between_the_verb_and_the_people_is_no_member() -> None:
    text = (
        "Those netted at 43 locations include 589 Lao nationals and 429 Thais, the minister said."
    )
    assert metric_values(text) == {("arrested", "589"), ("arrested", "429")}


def test_a_bare_number_that_goes_on_trial() -> None:
    assert metric_values("Nine go on trial in Kampot over a romance scam ring") == {("tried", "9")}


def test_a_live_pages_timed_updates_are_the_day_of_publication() -> None:
    text = (
        "LIVE: Kampot raids\n\n"
        "09:02 - First numbers from the police: 58 people detained at the first building.\n\n"
        "16:45 - Tally update: a fifth building added 118 arrests."
    )
    by = by_value(text)
    assert (by["58"]["period_start"], by["58"]["date_precision"]) == ("2025-10-16", "day")
    assert (by["118"]["metric"], by["118"]["period_start"]) == ("arrested", "2025-10-16")


def test_a_total_named_by_its_action_and_a_long_since() -> None:
    text = (
        "Police put the number detained since the start of the Kampot operation on Monday at 471."
    )
    [row] = rows(text)
    assert (row["metric"], row["value"], row["period_start"]) == ("detained", "471", "2025-10-13")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Soldiers released nearly 2,000 workers from four compounds in Kratie.",
            {("rescued", "2000")},
        ),
        ("Police released 40 suspects on bail on Monday.", set()),
        (
            "The Border Guard organised the reception of 85 citizens handed over by Cambodia.",
            {("repatriated", "85")},
        ),
    ],
)
def test_released_from_a_compound_and_the_reception_of_citizens(
    text: str, expected: set[tuple[str, str]]
) -> None:
    assert metric_values(text) == expected


def test_a_country_taking_its_own_people_back_is_not_another_countrys_crackdown() -> None:
    assert metric_values("Laos takes back 52 workers from Cambodian scam compounds") == {
        ("repatriated", "52")
    }
    assert rows("Laos detains 771 in Golden Triangle zone") == []


def test_a_list_item_names_its_whole_by_the_action_after_among() -> None:
    text = (
        "Operations from August 4 to September 30 in Kampot.\n\n"
        "- 912: people detained over the period, most of them foreigners.\n"
        "- 40: people, out of all those detained, indicted as organisers.\n"
        "- 3: women among those indicted.\n"
        "- 610: foreigners expelled in the same weeks.\n"
        "- 85: women among the deportees."
    )
    by = {r["value"]: r for r in rows(text)}
    assert (by["912"]["metric"], by["912"]["period_start"], by["912"]["period_end"]) == (
        "detained",
        "2025-08-04",
        "2025-09-30",
    )
    assert by["40"]["metric"] == "charged"
    assert (by["3"]["metric"], by["3"]["parent_figure_id"]) == ("charged", by["40"]["figure_id"])
    assert (by["85"]["metric"], by["85"]["parent_figure_id"]) == (
        "deported",
        by["610"]["figure_id"],
    )


def test_over_the_period_points_at_the_span_told_before() -> None:
    text = (
        "The ministry's report, covering July 1 to August 15, came out on Tuesday. Its tables "
        "show that immigration police expelled 312 foreigners over the period."
    )
    [row] = rows(text)
    assert (row["period_start"], row["period_end"], row["date_precision"]) == (
        "2025-07-01",
        "2025-08-15",
        "range",
    )


def test_a_place_between_the_auxiliary_and_the_participle_and_a_date_in_a_which_clause() -> None:
    text = (
        "According to the consulate, on the 12th, by two buses, 58 victims of forced labour "
        "were via Bavet escorted back to Tay Ninh, this being the second group of the handover "
        "plan which in early September was signed."
    )
    [row] = rows(text)
    assert (row["metric"], row["value"], row["period_start"], row["date_precision"]) == (
        "repatriated",
        "58",
        "2025-10-12",
        "day",
    )


def test_a_list_whose_verb_follows_its_first_member() -> None:
    text = "Tally at dusk: 212 arrested in Kampot this morning, 380 since Friday."
    by = {r["value"]: r for r in rows(text)}
    assert set(by) == {"212", "380"}
    assert (by["380"]["metric"], by["380"]["period_start"], by["380"]["count_type"]) == (
        "arrested",
        "2025-10-10",
        "cumulative_to_date",
    )


def test_a_total_label_sums_the_count_told_before_and_detentions_is_a_count() -> None:
    text = "Patrols picked up 22 more men near the casino at noon. Running tally: 240."
    by = {r["value"]: r for r in rows(text)}
    assert (by["240"]["metric"], by["240"]["count_type"]) == ("arrested", "cumulative_to_date")
    assert metric_values("Kampot sweep: detentions top 500 as raids widen") == {("detained", "500")}


def test_people_described_as_rescued_and_outfits_are_no_people() -> None:
    assert metric_values("At the Kratie site, 48 Thais were recorded as rescued, not held.") == {
        ("rescued", "48")
    }
    assert metric_values(
        "Police reported 930 arrests this year in operations against 12 suspected fraud outfits."
    ) == {("arrested", "930")}


def test_a_breakdown_by_nationality_in_the_next_sentence_is_a_part_of_the_total() -> None:
    text = (
        "Police held more than 600 people in raids in Kampot on Friday. Most of those held were "
        "foreigners. A police statement listed 210 Chinese, 95 Thais and 40 Laotians."
    )
    by = {r["value"]: r for r in rows(text)}
    assert {by[v]["parent_figure_id"] for v in ("210", "95", "40")} == {by["600"]["figure_id"]}
    assert {by[v]["period_start"] for v in ("210", "95", "40")} == {"2025-10-10"}


@pytest.mark.parametrize(
    ("lead", "start", "precision"),
    [
        # a campaign of weeks: the perfect continues its running total
        ("Police arrested 3,100 people from July 1 to October 12", "2025-07-01", "range"),
        # a week's report starts no campaign: the perfect tells only that it happened by now
        ("Police arrested 310 people last week", "", "on_or_before"),
    ],
)
def test_a_perfect_continues_the_campaign_the_article_leads_with(
    lead: str, start: str, precision: str
) -> None:
    headline = lead.replace("Police arrested", "Cambodia arrests").replace(" people", "")
    text = f"{headline}\n\n{lead}, the committee said. Officers have detained 52 recruiters."
    row = next(r for r in rows(text) if r["value"] == "52")
    assert (row["period_start"], row["period_end"], row["date_precision"]) == (
        start,
        "2025-10-16",
        precision,
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an aside that names who they are does not end the clause
        (
            "Eleven ringleaders, all of them Thai citizens, have been arrested in Pursat.",
            {("arrested", "11")},
        ),
        # the group of, a batch of: between the verb and its number
        ("Immigration police expelled a third batch of 48 on Friday.", {("deported", "48")}),
        # a shelter is no home country
        (
            "The 31 Filipinos freed in Kampot on May 2 were moved later to a shelter, and "
            "were transferred today to a safe house.",
            {("rescued", "31")},
        ),
        # a sum in US dollars told as the conversion of another currency, and how it was taken
        (
            "The gang is accused of taking 9 billion won (about $6.5 million) from 210 victims.",
            {("defrauded", "6500000")},
        ),
        (
            "The amount involved in the scam exceeds 50 million yuan (about 7 million US dollars).",
            {("defrauded", "7000000")},
        ),
    ],
)
def test_asides_groups_shelters_and_converted_sums(
    text: str, expected: set[tuple[str, str]]
) -> None:
    assert metric_values(text) == expected


def test_the_people_a_flight_carries_home_are_repatriated_on_the_day_it_lands() -> None:
    text = (
        "A government charter carrying 41 Filipinos who had been confined in Bavet since May "
        "landed at Manila's airport on Wednesday night."
    )
    [row] = rows(text)
    assert (row["metric"], row["value"], row["period_start"], row["date_precision"]) == (
        "repatriated",
        "41",
        "2025-10-15",
        "day",
    )


def test_a_sentence_after_its_source_dates_the_return_told_before() -> None:
    text = (
        "The labour ministry on Wednesday reported the return of 33 Thai workers. According to "
        "the ministry's anti-trafficking office, the group arrived at Suvarnabhumi Airport's "
        "passenger terminal on Monday, Oct. 13, on a morning flight."
    )
    [row] = rows(text)
    assert (row["value"], row["period_start"], row["date_precision"]) == ("33", "2025-10-13", "day")


@pytest.mark.parametrize(
    ("text", "period"),
    [
        (
            "Some 420 Nepalis have been brought home from Cambodia since the start of 2023.",
            ("2023-01-01", "2025-10-16", "range"),
        ),
        # the opening date is the main verb's; the participle's month describes the people
        (
            "In March 2024, 26 Kenyans freed near Bavet in February were flown to Nairobi.",
            ("2024-03-01", "2024-03-31", "month"),
        ),
    ],
)
def test_since_the_start_of_a_year_and_an_opening_date_over_a_participle(
    text: str, period: tuple[str, str, str]
) -> None:
    [row] = rows(text)
    assert (row["period_start"], row["period_end"], row["date_precision"]) == period


@pytest.mark.parametrize(
    "text",
    [
        "The returnees left at noon and arrived in Denpasar at 19.40 Central Indonesia Time.",
        "Officials listed seven countries whose citizens were detained in the raid.",
        "Officials said 12 Thai teachers had been caught up in the scheme.",
    ],
)
def test_a_time_countries_of_people_and_caught_up_count_no_one(text: str) -> None:
    assert rows(text) == []


def test_chiefs_and_leaders_of_rings_are_people() -> None:
    assert metric_values("Vietnam and Cambodia police jointly nab six chiefs of fraud rings") == {
        ("arrested", "6")
    }
    assert metric_values("Police catch four masterminds of two scam syndicates in Kampot") == {
        ("arrested", "4")
    }


def test_people_back_via_a_city_are_repatriated() -> None:
    assert metric_values("NEPAL: 23 BACK VIA KUALA LUMPUR AFTER RAID") == {("repatriated", "23")}


def test_people_who_walked_back_across_the_border_after_a_relative_clause() -> None:
    text = (
        "Forty Laotians who had been lured into fraud work in Kratie walked back across the "
        "Nong Nokkhiene crossing on Tuesday morning."
    )
    [row] = rows(text)
    assert (row["metric"], row["value"], row["period_start"]) == ("repatriated", "40", "2025-10-14")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kampot Court Pronounces Verdict To 14 Defendants Of Online Gambling Ring", "convicted"),
        (
            "The court decided to sentence total 9 defendants to prison from 3 to 7 years.",
            "convicted",
        ),
        ("On 2 October, the court opened trial for these 12 defendants.", "tried"),
    ],
)
def test_court_wordings_of_translated_reports(text: str, expected: str) -> None:
    [row] = rows(text)
    assert row["metric"] == expected
    # "total 9" is a translated "a total of", not a running total
    assert row["count_type"] != "cumulative_to_date"


def test_total_damages_in_us_dollars_are_defrauded() -> None:
    text = (
        "The total damages were more than 60 million baht, equal to about 1.7 million US dollars. "
        "The court ordered them to pay compensation of 90,000 US dollars."
    )
    assert metric_values(text) == {("defrauded", "1700000")}


def test_a_number_inside_the_peoples_noun_phrase_does_not_cut_the_clause() -> None:
    text = "A total of 1,200 suspects of 14 nationalities were detained in Kampot."
    assert metric_values(text) == {("detained", "1200")}
    assert ("charged", "40") in metric_values("Forty suspects in 9 of those cases were indicted.")


@pytest.mark.parametrize(
    "text",
    [
        "Six suspected bosses from the same building have not been deported and remain in jail.",
        "Police visited 3,120 households of people who had gone to Cambodia and not returned.",
    ],
)
def test_what_did_not_happen_and_households_count_no_one(text: str) -> None:
    assert ("deported", "6") not in metric_values(text)
    assert all(r["value"] != "3120" for r in rows(text))


def test_an_aside_telling_where_the_people_are_from_keeps_them_in_cambodia() -> None:
    text = "Another 45 workers held with them, most of them from Laos, have been deported."
    assert metric_values(text) == {("deported", "45")}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a scale told once is both ends'; a currency code is another currency
        ("Recruits were promised from 12 to 18 million VND a month, police said.", set()),
        ("The gang cheated victims of between $2.5 and $3 million.", {("defrauded", "2750000")}),
        # "which" opens a relative clause about the people, after their nationalities
        (
            "They are part of the 512 foreigners of nine nationalities which the provincial "
            "police of Kampot detained on 3 August.",
            {("detained", "512")},
        ),
    ],
)
def test_ranges_with_one_scale_currency_codes_and_which_relatives(
    text: str, expected: set[tuple[str, str]]
) -> None:
    assert metric_values(text) == expected


def test_a_headline_tally_with_no_action_restates_the_bodys_figure() -> None:
    text = (
        "Kampot sweep tally climbs to 1,412 as raids widen\n\n"
        "Police have arrested 1,412 people since the Kampot operation began on June 30, the "
        "provincial spokesman said on Wednesday."
    )
    by_quote = {r["in_headline"]: r for r in rows(text)}
    assert by_quote["true"]["metric"] == "arrested"
    assert by_quote["true"]["claim_group"] == by_quote["false"]["claim_group"] != ""


def test_a_headlines_shorthand_period_gives_way_to_the_bodys() -> None:
    text = (
        "Police report 1,960 arrests since early July\n\n"
        "The police report covers the period from 3 July to 12 October 2025. Over the period, "
        "police arrested 1,960 people in 41 raids."
    )
    periods = {(r["period_start"], r["period_end"]) for r in rows(text) if r["value"] == "1960"}
    assert periods == {("2025-07-03", "2025-10-12")}


def test_a_by_the_numbers_list_keeps_its_first_items_period_and_total() -> None:
    text = (
        "By the numbers: Kampot's sweep\n\n"
        "The police released the figures on Thursday.\n\n"
        "- 880: suspects detained between 2 September and 30 September\n"
        "- 310: Chinese nationals detained, 41 of them women\n"
        "- 95: Thais\n"
        "- 9: alleged ringleaders sent to court"
    )
    by = {r["value"]: r for r in rows(text)}
    assert by["310"]["parent_figure_id"] == by["880"]["figure_id"]
    assert by["95"]["parent_figure_id"] == by["880"]["figure_id"]
    for value in ("310", "95", "9"):
        assert (by[value]["period_start"], by[value]["period_end"]) == ("2025-09-02", "2025-09-30")


def test_a_since_span_closed_by_until() -> None:
    text = (
        "Since the beginning of this year until the end of August, the provincial court "
        "received 58 cases of online fraud."
    )
    [row] = rows(text)
    assert (row["period_start"], row["period_end"], row["date_precision"]) == (
        "2025-01-01",
        "2025-08-31",
        "range",
    )


def test_a_figure_told_by_reference_takes_the_period_of_the_count_it_restates() -> None:
    text = (
        "Police in Kampot freed 52 Thai workers from a compound last week, the governor said. "
        "Bangkok's embassy disputes the count. The embassy's figure is 48."
    )
    by = {r["value"]: r for r in rows(text)}
    assert (
        (by["48"]["period_start"], by["48"]["period_end"])
        == (
            by["52"]["period_start"],
            by["52"]["period_end"],
        )
        == ("2025-10-06", "2025-10-12")
    )


def test_an_undated_count_takes_the_span_the_sentence_before_gives() -> None:
    text = (
        "From August 4 to August 29, troops searched 31 buildings in Koh Kong. According to the "
        "provincial hall, 946 suspects were detained."
    )
    [row] = rows(text)
    assert (row["period_start"], row["period_end"], row["date_precision"]) == (
        "2025-08-04",
        "2025-08-29",
        "range",
    )


def test_a_span_from_a_month_of_one_year_to_the_end_of_a_month_of_this_year() -> None:
    text = (
        "Between February 2024 and the end of June this year, officials detained 1,870 people "
        "at the sites, the deputy governor said."
    )
    [row] = rows(text)
    assert (row["period_start"], row["period_end"], row["date_precision"]) == (
        "2024-02-01",
        "2025-06-30",
        "range",
    )


def test_during_the_year_points_at_the_year_the_review_tells() -> None:
    text = (
        "Fraud in 2024: the year in figures\n\n"
        "Police investigated 301 online fraud cases in 2024. Officers arrested 990 suspects in "
        "those investigations during the year."
    )
    by = {r["value"]: r for r in rows(text)}
    assert (by["990"]["period_start"], by["990"]["period_end"], by["990"]["date_precision"]) == (
        "2024-01-01",
        "2024-12-31",
        "year",
    )


def test_across_the_whole_campaign_runs_from_its_start_to_publication() -> None:
    text = (
        "Police have held 1,530 people since the sweep began on August 11, the minister said. "
        "Across the whole sweep, those held include 611 Chinese and 402 Vietnamese."
    )
    by = {r["value"]: r for r in rows(text)}
    assert (by["611"]["period_start"], by["611"]["period_end"]) == ("2025-08-11", "2025-10-16")


def test_a_since_clause_whose_words_only_look_like_months_still_starts_a_span() -> None:
    text = "Police have arrested 410 people since the decision to launch the sweep on Monday."
    [row] = rows(text)
    assert (row["period_start"], row["period_end"]) == ("2025-10-13", "2025-10-16")


def test_the_members_of_a_list_before_a_shared_verb_all_take_it() -> None:
    text = "Besides the Thais, police said 52 Chinese, 9 Lao and 30 Vietnamese had been detained."
    assert metric_values(text) == {("detained", "52"), ("detained", "9"), ("detained", "30")}
