"""Every report built on the multi-article fixture project (tests/fixtures/multi), read as a
reader reads it: each disagreement shown with every reading, the rule's choice said, the
relations between facts shown, and every number linked to a statement that states it."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from conftest import MULTI_FIXTURE, copy_project, run_build
from crackdown import counting, dataset
from test_notebooks import links, pages

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def multi_reports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    paths = copy_project(tmp_path_factory.mktemp("multi") / "project", MULTI_FIXTURE)
    code, out, err = run_build(paths)
    assert code == 0, out + err
    return paths.reports


def text(page: Path) -> str:
    """What a reader reads on a page: tags out, entities decoded, spaces collapsed."""
    markup = page.read_text(encoding="utf-8")
    markup = re.sub(r"<(script|style)\b.*?</\1>", " ", markup, flags=re.S)
    markup = re.sub(r'<span class="quote">.*?</span>', "", markup, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def test_every_report_of_the_fixture_is_built(multi_reports: Path) -> None:
    names = {p.stem for p in pages(multi_reports)}
    assert {"index", "overview", "sources", "nationality-id", "nationality-kr"} <= names
    assert {p.stem for p in multi_reports.glob("*.pdf")} == names - {"index"}


@pytest.mark.parametrize(
    ("report", "phrases"),
    [
        pytest.param(
            "overview.html",
            [
                # The period in dispute, in the opening and the summary, with a rate for each
                # reading.
                "From 27 July, or from 27 June by another account, to 14 October 2025",
                "about 43 a day (about 31 a day by the other account)",
                # The value in dispute, in the table of counted facts.
                "271 or 270",
                "27 Jul\u201314 Oct 2025 or 27 Jun\u201314 Oct 2025",
                "The sources disagree on 2 figures",
            ],
            id="the overview shows each disputed fact with every reading",
        ),
        pytest.param(
            "index.html",
            ["3,455 people arrested between 27 July and 14 October 2025, or from 27 June by"],
            id="the front page gives a disputed headline number with its other reading",
        ),
        pytest.param(
            "nationality-id.html",
            ["or 270 by another account", "271 or 270"],
            id="a nationality report shows the value in dispute",
        ),
        pytest.param(
            "sources.html",
            [
                "the reading 3 articles state, against 1",  # 3,455 from 27 July
                "the reading 2 articles state, against 1",  # 271 in Poipet
                "yes: the statements differ in period",
                "yes: the statements differ in value",
            ],
            id="the sources report says which statement stands",
        ),
    ],
)
def test_a_report_shows_the_readings_in_dispute(
    multi_reports: Path, report: str, phrases: list[str]
) -> None:
    page = text(multi_reports / report)
    for phrase in phrases:
        assert phrase in page, phrase


def test_the_sources_report_says_how_facts_relate(multi_reports: Path) -> None:
    page = text(multi_reports / "sources.html")
    section = page[page.index("How facts relate") :]
    assert "counts the same people as" in section  # deported home, arrested on arrival
    assert "corrects, and withdraws," in section  # the Kratie misprint
    assert "includes" in section


def test_every_number_links_to_a_statement_of_its_fact(multi_reports: Path) -> None:
    data = dataset.load(multi_reports.parent)
    facts = counting.facts(data.figures, data.articles, data.relations)
    anchors = links(multi_reports / "sources.html").ids
    assert {f"fact-{f}" for f in facts["fact_id"]} <= anchors
    followed = 0
    for page in pages(multi_reports):
        for href in links(page).hrefs:
            target, _, fragment = href.partition("#")
            if target == "sources.html" and fragment:
                assert fragment in anchors, f"{page.name}: {href}"
                followed += 1
    assert followed > 100


def test_no_page_adds_up_facts_that_may_count_the_same_people(multi_reports: Path) -> None:
    # The running totals are drawn as each authority reported them, never summed; and no
    # sentence offers a total across facts.
    for page in pages(multi_reports):
        words = text(page)
        assert "add up to" not in words, page.name
        assert "in total" not in words.lower(), page.name
    overview = text(multi_reports / "overview.html")
    assert "They are never added together" in overview
