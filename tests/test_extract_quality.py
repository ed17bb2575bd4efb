"""Extraction quality, measured: the seed articles against data/figures.csv, and the test corpus.

Targets (issue 6): every curated figure of the seed articles proposed with the right value,
metric, qualifier and period; on the corpus, recall >= 95%, precision >= 85%, and the period
right for >= 90% of the figures found.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from crackdown import dataset
from crackdown.extract import candidate_rows, extract
from crackdown.extract.scoring import (
    corpus_expected,
    read_rows,
    score,
    score_corpus,
    score_seeds,
)
from crackdown.extract.when import Publication
from crackdown.paths import Paths

ROOT = Paths.at().root
CORPUS = Path(__file__).parent / "corpus"


def test_every_seed_figure_is_proposed_with_its_value_metric_qualifier_and_period() -> None:
    result = score_seeds(ROOT / "seeds", ROOT / "data" / "figures.csv")
    assert result.expected == 15
    assert result.missed == []
    assert result.wrong_period == []
    assert result.qualifier_right == result.found


def test_corpus_meets_the_quality_targets() -> None:
    result = score_corpus(CORPUS)
    report = "\n".join(result.missed + result.spurious + result.wrong_period)
    assert result.recall >= 0.95, report
    assert result.precision >= 0.85, report
    assert result.period_accuracy >= 0.90, report


def test_corpus_has_at_least_ten_articles_and_every_label_is_well_formed() -> None:
    articles = read_rows(CORPUS / "articles.csv")
    assert len(articles) >= 10
    for article in articles:
        text = (CORPUS / article["file"]).read_text(encoding="utf-8")
        rows = read_rows(CORPUS / f"{article['article_id']}.csv")
        expected = corpus_expected(text, rows, article["article_id"])
        anchors = {r["anchor"] for r in rows}
        published = Publication(
            date.fromisoformat(article["published_on"]), article["published_precision"]
        )
        for row in rows:
            assert row["metric"] in dataset.METRICS, row
            assert row["unit"] in {"people", "usd", "cases"}, row
            assert row["date_precision"] in {"day", "month", "year", "range", "on_or_before"}, row
            assert not row["parent_anchor"] or row["parent_anchor"] in anchors, row
            assert date.fromisoformat(row["period_end"]) <= published.until, row
        assert len(expected) == len(rows)


def test_a_missed_figure_lowers_recall_and_an_extra_one_lowers_precision() -> None:
    text = "Police arrested 20 people on Monday. Police rescued 30 workers on Tuesday."
    rows = candidate_rows(extract(text, date(2025, 3, 14)), "t", text)
    anchor_rows = [
        {
            "anchor": "arrested 20",
            "metric": "arrested",
            "value": "20",
            "qualifier": "exact",
            "nationality": "",
            "count_type": "event",
            "period_start": "2025-03-10",
            "period_end": "2025-03-10",
            "date_precision": "day",
            "parent_anchor": "",
        },
        {
            "anchor": "Tuesday",
            "metric": "charged",
            "value": "30",
            "qualifier": "exact",
            "nationality": "",
            "count_type": "event",
            "period_start": "2025-03-11",
            "period_end": "2025-03-11",
            "date_precision": "day",
            "parent_anchor": "",
        },
    ]
    result = score(corpus_expected(text, anchor_rows, "t"), rows)
    assert (result.expected, result.proposed, result.found) == (2, 2, 1)
    assert result.recall == pytest.approx(0.5)
    assert result.precision == pytest.approx(0.5)
    assert result.period_accuracy == 1.0
