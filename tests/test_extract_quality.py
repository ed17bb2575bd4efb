"""Extraction quality, measured: the seed articles against data/figures.csv, the old corpus,
and the development part of the corpus written blind (tests/corpus_unseen/dev).

Every curated figure of the seed articles is proposed with the right value, metric, qualifier
and period. The old corpus (written with the extractor in view) keeps recall >= 95%, precision
>= 85% and periods >= 90%. The development part of the unseen corpus holds thresholds a little
below what the extractor reaches on it, so that a change that loses ground there fails. The
test part of the unseen corpus is never read here: `benchmarks/extraction.py` scores it.
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

CORPUS = Path(__file__).parent / "corpus"
UNSEEN_DEV = Path(__file__).parent / "corpus_unseen" / "dev"
#: What the extractor must keep on the development part of the unseen corpus.
DEV_THRESHOLDS = {"recall": 0.89, "precision": 0.9, "period": 0.93}


#: The two seed articles and their curated figures, frozen: the live seeds/ grow with the news,
#: and a new article's figures are the curator's, not a test of the extractor.
SEED_FIXTURE = Path(__file__).parent / "fixtures" / "seed"


def test_every_seed_figure_is_proposed_with_its_value_metric_qualifier_and_period() -> None:
    result = score_seeds(SEED_FIXTURE / "seeds", SEED_FIXTURE / "data" / "figures.csv")
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


def test_the_unseen_development_part_holds_its_thresholds() -> None:
    result = score_corpus(UNSEEN_DEV)
    report = "\n".join(result.missed + result.spurious + result.wrong_period)
    assert result.expected >= 150
    assert result.recall >= DEV_THRESHOLDS["recall"], report
    assert result.precision >= DEV_THRESHOLDS["precision"], report
    assert result.period_accuracy >= DEV_THRESHOLDS["period"], report


@pytest.mark.parametrize("folder", [CORPUS, UNSEEN_DEV], ids=["old", "unseen-dev"])
def test_corpus_has_at_least_ten_articles_and_every_label_is_well_formed(folder: Path) -> None:
    articles = read_rows(folder / "articles.csv")
    assert len(articles) >= 10
    for article in articles:
        text = (folder / article["file"]).read_bytes().decode("utf-8")
        rows = read_rows(folder / f"{article['article_id']}.csv")
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
