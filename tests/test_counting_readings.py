"""Which statement stands, what the statements of a fact say (its readings), and what may be
added up: each rule on a small frame."""

from __future__ import annotations

import pandas as pd
import pytest

from conftest import ARTICLES, relation_frame
from conftest import figure_frame as frame
from conftest import figure_row as figure
from crackdown import counting, dataset, display
from crackdown.errors import NotAddableError

# --- the standing statement ------------------------------------------------------------------


def test_the_acting_authoritys_figure_stands_over_a_later_outlets_exact_one() -> None:
    figures = frame(
        figure("committee", 3455, claim_group="g", attribution="primary", authority="CCOS"),
        figure("outlet", 3460, claim_group="g", article_id="daily"),
    )
    fact = counting.facts(figures, ARTICLES).iloc[0]
    assert (fact["figure_id"], fact["value"], fact["attribution"]) == ("committee", 3455, "primary")
    assert fact["sources"].startswith("Early Wire")
    assert fact["disputed"]


def test_primary_and_qualified_stands_over_secondary_and_exact() -> None:
    figures = frame(
        figure("secondary-exact", 3455, claim_group="g"),
        figure(
            "primary-rounded",
            3400,
            claim_group="g",
            qualifier="more_than",
            value_low=3401,
            attribution="primary",
        ),
    )
    fact = counting.facts(figures, ARTICLES).iloc[0]
    assert fact["figure_id"] == "primary-rounded"
    assert not fact["disputed"]


# --- readings and disputes ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("qualifier", "value", "low", "high"),
    [
        ("more_than", 3400, 3401, None),
        ("nearly", 3500, None, 3499),
        ("about", 1600000, None, None),
        ("at_least", 75, 75, None),
        ("up_to", 40, None, 40),
    ],
)
def test_a_lone_qualified_statement_is_no_conflict_with_itself(
    qualifier: str, value: float, low: float | None, high: float | None
) -> None:
    bounds = {"value_low": low if low is not None else float("nan")}
    bounds["value_high"] = high if high is not None else float("nan")
    fact = counting.facts(frame(figure("a", value, qualifier=qualifier, **bounds)), ARTICLES).iloc[
        0
    ]
    assert (fact["disputed"], fact["dispute"], fact["readings"]) == (False, "", 1)


def test_a_rounded_statement_of_the_exact_value_is_one_reading() -> None:
    figures = frame(
        figure("exact", 3455, claim_group="g", attribution="primary"),
        figure("rounded", 3400, claim_group="g", qualifier="more_than", value_low=3401),
        figure("nearly", 3500, claim_group="g", qualifier="nearly", value_high=3499),
    )
    table = counting.readings(figures, ARTICLES)
    assert len(table) == 1
    assert table.iloc[0]["figure_ids"] == "exact;nearly;rounded"
    assert counting.conflicts(figures, ARTICLES).empty


def test_a_period_dispute_keeps_both_periods_as_readings() -> None:
    figures = frame(
        figure("july", 3455, claim_group="g", attribution="primary"),
        figure("june", 3455, claim_group="g", period_start="2025-06-27", article_id="daily"),
    )
    fact = counting.facts(figures, ARTICLES).iloc[0]
    assert (fact["disputed"], fact["dispute"], fact["readings"]) == (True, "period", 2)
    assert fact["period_start"] == pd.Timestamp("2025-07-27")
    table = counting.readings(figures, ARTICLES)
    assert list(table.columns) == counting.READING_COLUMNS
    assert list(table["period_start"]) == [pd.Timestamp("2025-07-27"), pd.Timestamp("2025-06-27")]
    assert list(table["standing"]) == [True, False]
    assert list(table["sources"]) == ["Early Wire, 16 October 2025", "Late Daily, 20 October 2025"]


def test_a_value_dispute_carries_the_lowest_and_highest_reading() -> None:
    figures = frame(
        figure("a", 3455, claim_group="g", attribution="primary"),
        figure("b", 3500, claim_group="g", article_id="daily"),
        figure("c", 3100, claim_group="g", article_id="daily", in_headline=True),
    )
    fact = counting.facts(figures, ARTICLES).iloc[0]
    assert (fact["dispute"], fact["readings"]) == ("value", 3)
    assert (fact["value"], fact["reading_low"], fact["reading_high"]) == (3455, 3100, 3500)
    assert set(counting.conflicts(figures, ARTICLES)["reason"]) == {"value"}


def test_a_month_or_an_undated_period_agrees_with_a_day_inside_it() -> None:
    day = {"period_start": "2023-04-11", "period_end": "2023-04-11", "date_precision": "day"}
    month = {"period_start": "2023-04-01", "period_end": "2023-04-30", "date_precision": "month"}
    before = {"period_start": None, "period_end": "2023-11-09", "date_precision": "on_or_before"}
    figures = frame(
        figure("on-the-day", 19, claim_group="g", attribution="primary", **day),
        figure("in-april", 19, claim_group="g", article_id="daily", **month),
        figure("undated", 19, claim_group="g", article_id="daily", in_headline=True, **before),
    )
    fact = counting.facts(figures, ARTICLES).iloc[0]
    assert (fact["disputed"], fact["readings"]) == (False, 1)
    assert fact["period_start"] == pd.Timestamp("2023-04-11")


def test_a_month_that_does_not_hold_the_day_is_a_period_dispute() -> None:
    figures = frame(
        figure(
            "on-the-day",
            19,
            claim_group="g",
            period_start="2023-04-11",
            period_end="2023-04-11",
            date_precision="day",
        ),
        figure(
            "in-may",
            19,
            claim_group="g",
            article_id="daily",
            period_start="2023-05-01",
            period_end="2023-05-31",
            date_precision="month",
        ),
    )
    assert counting.facts(figures, ARTICLES).iloc[0]["dispute"] == "period"


def test_value_and_period_disputed_together() -> None:
    figures = frame(
        figure("a", 3455, claim_group="g"),
        figure("b", 2137, claim_group="g", period_start="2025-06-27", article_id="daily"),
    )
    fact = counting.facts(figures, ARTICLES).iloc[0]
    assert fact["dispute"] == "value and period"


def test_the_conflict_count_is_the_number_of_disputed_facts() -> None:
    facts = counting.facts(
        frame(
            figure("lone", 3400, qualifier="more_than", value_low=3401),
            figure("a1", 10, claim_group="a"),
            figure("a2", 12, claim_group="a", article_id="daily"),
            figure("a3", 14, claim_group="a", article_id="daily", in_headline=True),
            figure("b1", 20, claim_group="b"),
            figure("b2", 20, claim_group="b", period_end="2025-10-16", article_id="daily"),
        ),
        ARTICLES,
    )
    assert int(facts["disputed"].sum()) == 2
    assert facts["conflict"].equals(facts["disputed"])


def test_a_fact_is_inferred_only_when_no_statement_of_its_reading_states_the_period() -> None:
    facts = counting.facts(
        frame(
            figure("head", 2825, claim_group="g", period_basis="inferred", in_headline=True),
            figure("body", 2825, claim_group="g", period_basis="stated"),
            figure("alone", 75, period_basis="inferred", notes="the operation's start"),
        ),
        ARTICLES,
    ).set_index("fact_id")
    assert facts.loc["g", "period_basis"] == "stated"
    assert facts.loc["alone", "period_basis"] == "inferred"


def test_seed_readings_are_one_per_fact(seed: dataset.Dataset) -> None:
    table = counting.readings(seed.figures, seed.articles, seed.relations)
    facts = counting.facts(seed.figures, seed.articles, seed.relations)
    assert len(table) == len(facts)
    arrests = table[table["fact_id"] == "asiae-2025-arrested"].iloc[0]
    assert arrests["figure_ids"].split(";") == [
        "asiae-arrested-3400-more-than",
        "asiae-arrested-3455",
        "asiae-arrested-3455-headline",
    ]


# --- corrections -------------------------------------------------------------------------------


def test_a_corrected_statement_is_withdrawn() -> None:
    figures = frame(
        figure("first", 300, period_end="2025-10-14"),
        figure("fixed", 250, period_end="2025-10-14", article_id="daily"),
        figure("in-group", 3455, claim_group="g", period_start="2025-01-01"),
        figure("wrong", 3500, claim_group="g", period_start="2025-01-01", article_id="daily"),
        figure("fix", 3455, period_start="2025-01-01", article_id="daily"),
    )
    relations = relation_frame(("fixed", "first", "corrects"), ("fix", "wrong", "corrects"))
    facts = counting.facts(figures, ARTICLES, relations).set_index("fact_id")
    assert "first" not in facts.index
    assert facts.loc["fixed", "corrects"] == "first"
    assert facts.loc["g", "n_statements"] == 1
    assert not facts.loc["g", "disputed"]
    assert counting.withdrawn(relations) == {"first", "wrong"}


def test_relations_are_between_facts() -> None:
    figures = frame(figure("a1", 10, claim_group="a"), figure("b", 5))
    linked = counting.relations(figures, relation_frame(("b", "a1", "may_overlap")))
    assert list(linked[["fact_id", "related_fact_id", "relation"]].iloc[0]) == [
        "b",
        "a",
        "may_overlap",
    ]


# --- what may be added up ----------------------------------------------------------------------


def _facts(*rows: dict[str, object], relations: pd.DataFrame | None = None) -> pd.DataFrame:
    return counting.facts(frame(*rows), ARTICLES, relations)


def test_facts_of_separate_periods_add_up() -> None:
    facts = _facts(
        figure("july", 40, period_start="2025-07-01", period_end="2025-07-31"),
        figure("august", 60, period_start="2025-08-01", period_end="2025-08-31"),
    )
    assert counting.addable(facts)
    assert counting.total(facts) == 100


def test_overlapping_periods_are_never_added_and_the_reason_says_why() -> None:
    facts = _facts(
        figure("committee", 3455, period_start="2025-07-27", period_end="2025-10-14"),
        figure("since-june", 2137, period_start="2025-06-27", period_end="2025-08-31"),
    )
    reasons = counting.not_addable(facts)
    assert reasons == [
        "since-june and committee (2025-07-27 to 2025-10-14) cover overlapping periods, so they "
        "may count the same people"
    ]
    with pytest.raises(NotAddableError) as raised:
        counting.total(facts)
    assert raised.value.reasons == reasons


def test_an_undated_fact_is_never_added() -> None:
    facts = _facts(
        figure("dated", 19, period_start="2023-04-01", period_end="2023-04-30"),
        figure(
            "undated", 25, period_start=None, period_end="2023-11-09", date_precision="on_or_before"
        ),
    )
    assert counting.not_addable(facts) == [
        "undated is undated (known only to come before 2023-11-09), so it may fall in the period "
        "of another"
    ]


@pytest.mark.parametrize("relation", ["includes", "same_people", "may_overlap"])
def test_related_facts_are_never_added(relation: str) -> None:
    facts = _facts(
        figure("half-year", 5000, period_start="2025-01-01", period_end="2025-06-30"),
        figure("later", 300, period_start="2025-07-01", period_end="2025-07-31"),
        relations=relation_frame(("half-year", "later", relation)),
    )
    assert facts.set_index("fact_id").loc["later", "related_fact_ids"] == "half-year"
    assert counting.not_addable(facts) == [
        "half-year and later may count the same people or events (data/relations.csv)"
    ]


def test_a_corrects_relation_does_not_forbid_adding() -> None:
    facts = _facts(
        figure("july", 40, period_start="2025-07-01", period_end="2025-07-31"),
        figure("august", 60, period_start="2025-08-01", period_end="2025-08-31"),
        figure("old", 70, period_start="2025-08-01", period_end="2025-08-31"),
        relations=relation_frame(("august", "old", "corrects")),
    )
    assert counting.total(facts) == 100


def test_monthly_estimate_refuses_overlapping_facts_with_the_reason() -> None:
    facts = _facts(
        figure("a", 62, period_start="2025-07-01", period_end="2025-08-31"),
        figure("b", 31, period_start="2025-08-01", period_end="2025-08-31"),
    )
    with pytest.raises(NotAddableError, match="cover overlapping periods"):
        counting.monthly_estimate(facts)


def test_the_seed_may_add_its_dated_deportations_but_not_the_arrests_with_the_undated(
    seed_facts: pd.DataFrame,
) -> None:
    wholes = counting.wholes_only(seed_facts)
    deported = wholes[wholes["metric"] == "deported"]
    assert counting.total(deported) == 19 + 25 + 2825
    arrested = wholes[wholes["metric"] == "arrested"]
    assert any("is undated" in reason for reason in counting.not_addable(arrested))


# --- credit ------------------------------------------------------------------------------------


def test_a_named_nationality_credits_only_the_articles_that_name_it() -> None:
    figures = frame(
        figure("wire", 3455, claim_group="g", attribution="primary"),
        figure("daily", 3455, claim_group="g", article_id="daily"),
    )
    nationalities = pd.DataFrame(
        {
            "figure_id": ["wire", "wire", "daily"],
            "position": [1, 2, 1],
            "country": ["CN", "VN", "CN"],
            "name_as_stated": ["China", "Vietnam", "China"],
        }
    )
    named = counting.named_nationalities(figures, nationalities, ARTICLES).set_index("country")
    assert named.loc["VN", "sources"] == "Early Wire, 16 October 2025"
    assert named.loc["CN", "sources"] == "Early Wire, 16 October 2025; Late Daily, 20 October 2025"


# --- on the multi-article fixture --------------------------------------------------------------


def test_the_multi_fixture_has_two_disputes_one_of_period_one_of_value(
    multi: dataset.Dataset,
) -> None:
    facts = counting.facts(multi.figures, multi.articles, multi.relations).set_index("fact_id")
    disputed = facts[facts["disputed"]]
    assert dict(disputed["dispute"]) == {
        "committee-3455": "period",
        "poipet-2025-07-16-id": "value",
    }
    poipet = facts.loc["poipet-2025-07-16-id"]
    assert (poipet["reading_low"], poipet["reading_high"]) == (270, 271)
    table = counting.readings(multi.figures, multi.articles, multi.relations)
    committee = table[table["fact_id"] == "committee-3455"]
    assert sorted(committee["period_start"].dt.strftime("%m-%d")) == ["06-27", "07-27"]
    assert committee["standing"].sum() == 1


def test_the_multi_fixture_never_adds_what_may_overlap(multi: dataset.Dataset) -> None:
    facts = counting.facts(multi.figures, multi.articles, multi.relations).set_index("fact_id")
    fact_of = dict(zip(multi.figures["figure_id"], counting.fact_ids(multi.figures), strict=True))
    pairs = [
        ("gw0719-arrested-2418", "gw0719-arrested-2137"),  # half-year and campaign share 27-30 June
        ("gw0719-arrested-2137", "gw0717-arrested-1000-more-than"),  # an operation inside it
        ("ml1015-arrested-3455", "gw0719-arrested-2137"),  # the committee's total, same weeks
    ]
    for a, b in pairs:
        chosen = facts.loc[[fact_of[a], fact_of[b]]].reset_index()
        assert not counting.addable(chosen), (a, b)
        with pytest.raises(NotAddableError):
            counting.total(chosen)


def test_the_multi_fixture_withdraws_the_corrected_figure(multi: dataset.Dataset) -> None:
    corrected = counting.withdrawn(multi.relations)
    assert corrected
    facts = counting.facts(multi.figures, multi.articles, multi.relations)
    listed = set(";".join(facts["figure_ids"]).split(";"))
    assert not corrected & listed


def test_the_reading_more_articles_state_alike_stands_and_the_sources_report_says_why(
    multi: dataset.Dataset,
) -> None:
    # Three articles date the committee's 3,455 from 27 July (two of them citing the committee),
    # one, also citing it, from 27 June: the rule of the sources, not the latest article, chooses.
    facts = counting.facts(multi.figures, multi.articles, multi.relations)
    committee = facts.set_index("fact_id").loc["committee-3455"]
    assert committee["period_start"] == pd.Timestamp("2025-07-27")
    assert committee["disputed"] and committee["dispute"] == "period"
    reasons = counting.standing_reasons(multi.figures, multi.articles, multi.relations)
    assert reasons["committee-3455"] == "the reading 3 articles state, against 1"
    stated_once = facts.loc[facts["n_statements"] == 1, "fact_id"]
    assert set(reasons[stated_once]) == {"the only statement"}
    assert reasons.index.is_unique and set(reasons.index) == set(facts["fact_id"])
    conflicts = counting.conflicts(multi.figures, multi.articles, multi.relations)
    table = display.claims_table(facts, conflicts, stands=reasons)
    row = table[table["Fact"].str.startswith("arrested: 3,455")].iloc[0]
    assert row["Stands"].endswith(": the reading 3 articles state, against 1")
    assert row["Disagreement"] == "yes: the statements differ in period"


def test_the_relations_between_facts_read_in_words_each_linked_to_its_statements(
    multi: dataset.Dataset,
) -> None:
    table = display.relations_table(multi.figures, multi.relations)
    assert len(table) == len(multi.relations)
    kratie = table[table["Relation"] == "corrects, and withdraws,"].iloc[0]
    assert kratie["Fact"].startswith("arrested: 312") and kratie["Related fact"].startswith(
        "arrested: 321"
    )
    home = table[table["Why"].str.contains("arrested by the Korean police aboard")].iloc[0]
    assert home["Relation"] == "counts the same people as"
    links = table.attrs["links"]
    statements = {f"#statement-{f}" for f in multi.figures["figure_id"]}
    for column in ("Fact", "Related fact"):
        assert all(cell[0].href in statements for cell in links[column])
    none = display.relations_table(multi.figures, multi.relations.iloc[0:0])
    assert none.empty and none.attrs["note"] == "None is recorded"
