"""Measuring the extractor against hand-labelled figures: recall, precision, period accuracy.

An expected figure is found when a candidate with its metric and value quotes text that
overlaps the expected span (the curated quote, or a corpus row's anchor). Each candidate
counts for at most one expected figure. Of the figures found, the period is right when
period_start, period_end and date_precision all agree.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from crackdown.errors import CrackdownError

Row = Mapping[str, str]


@dataclass(frozen=True)
class Expected:
    """A hand-labelled figure and the span of text that states it."""

    start: int
    end: int
    row: Row


@dataclass
class Score:
    """Counts of expected, proposed and found figures, and of agreements among those found."""

    expected: int = 0
    proposed: int = 0
    found: int = 0
    period_right: int = 0
    qualifier_right: int = 0
    count_type_right: int = 0
    nationality_right: int = 0
    parent_right: int = 0
    missed: list[str] = field(default_factory=list)
    wrong_period: list[str] = field(default_factory=list)
    spurious: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        """Add another article's counts to these."""
        for name in (
            "expected",
            "proposed",
            "found",
            "period_right",
            "qualifier_right",
            "count_type_right",
            "nationality_right",
            "parent_right",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.missed += other.missed
        self.wrong_period += other.wrong_period
        self.spurious += other.spurious

    @property
    def recall(self) -> float:
        """Share of the expected figures that were proposed."""
        return self.found / self.expected if self.expected else 1.0

    @property
    def precision(self) -> float:
        """Share of the proposed figures that were expected."""
        return self.found / self.proposed if self.proposed else 1.0

    @property
    def period_accuracy(self) -> float:
        """Share of the figures found whose period is right."""
        return self.period_right / self.found if self.found else 1.0

    def share(self, name: str) -> float:
        """Share of the figures found that agree on `name` (qualifier_right, parent_right, ...)."""
        value: int = getattr(self, name)
        return value / self.found if self.found else 1.0


def _period(row: Row) -> tuple[str, str, str]:
    return row["period_start"], row["period_end"], row["date_precision"]


def _same_value(a: str, b: str) -> bool:
    return abs(float(a) - float(b)) < 1e-9 * max(1.0, abs(float(a)))


def score(expected: Sequence[Expected], candidates: Sequence[Row], label: str = "") -> Score:
    """Match candidates to expected figures and count what agrees."""
    result = Score(expected=len(expected), proposed=len(candidates))
    used: set[int] = set()
    matched: dict[int, int] = {}
    for i, exp in enumerate(expected):
        for j, cand in enumerate(candidates):
            if j in used:
                continue
            start, end = int(cand["quote_start"]), int(cand["quote_end"])
            if (
                start < exp.end
                and exp.start < end
                and cand["metric"] == exp.row["metric"]
                and _same_value(cand["value"], exp.row["value"])
            ):
                used.add(j)
                matched[i] = j
                break
        else:
            result.missed.append(f"{label}: {exp.row['metric']} {exp.row['value']} ({_where(exp)})")
    figure_id_of = {i: candidates[j]["figure_id"] for i, j in matched.items()}
    for i, j in matched.items():
        row, cand = expected[i].row, candidates[j]
        result.found += 1
        if _period(row) == _period(cand):
            result.period_right += 1
        else:
            result.wrong_period.append(
                f"{label}: {row['metric']} {row['value']} expected {'..'.join(_period(row))}, "
                f"proposed {'..'.join(_period(cand))}"
            )
        result.qualifier_right += row["qualifier"] == cand["qualifier"]
        result.count_type_right += row["count_type"] == cand["count_type"]
        result.nationality_right += row["nationality"] == cand["nationality"]
        result.parent_right += _parent_of(i, expected) == (
            next((k for k, fid in figure_id_of.items() if fid == cand["parent_figure_id"]), None)
            if cand["parent_figure_id"]
            else None
        )
    for j, cand in enumerate(candidates):
        if j not in used:
            result.spurious.append(
                f"{label}: {cand['metric']} {cand['value']} in {cand['quote'][:70]!r}"
            )
    return result


def _where(exp: Expected) -> str:
    return str(exp.row.get("anchor") or exp.row.get("figure_id") or f"{exp.start}..{exp.end}")


def _parent_of(i: int, expected: Sequence[Expected]) -> int | None:
    row = expected[i].row
    parent = row.get("parent_anchor") or row.get("parent_figure_id") or ""
    if not parent:
        return None
    for k, other in enumerate(expected):
        if parent in (other.row.get("anchor"), other.row.get("figure_id")):
            return k
    return None


def read_rows(path: Path) -> list[dict[str, str]]:
    """The rows of a UTF-8 CSV file as dictionaries of strings."""
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def corpus_expected(text: str, rows: Sequence[Row], source: str) -> list[Expected]:
    """Corpus rows located by their anchors; an anchor must occur exactly once in the text."""
    out = []
    for number, row in enumerate(rows, start=2):
        anchor = row["anchor"]
        if text.count(anchor) != 1:
            raise CrackdownError(
                f"{anchor!r} occurs {text.count(anchor)} times in the text; an anchor must "
                "occur exactly once",
                file=source,
                row=number,
                column="anchor",
            )
        start = text.index(anchor)
        out.append(Expected(start, start + len(anchor), row))
    return out


def curated_expected(rows: Sequence[Row]) -> list[Expected]:
    """Curated figures located by their quotes' spans."""
    return [Expected(int(r["quote_start"]), int(r["quote_end"]), r) for r in rows]


def score_corpus(folder: Path) -> Score:
    """Score the extractor on a labelled corpus: articles.csv, <id>.txt and <id>.csv per article."""
    from datetime import date

    from crackdown.extract import candidate_rows, extract

    total = Score()
    for article in read_rows(folder / "articles.csv"):
        article_id = article["article_id"]
        text = (folder / article["file"]).read_bytes().decode("utf-8")
        expected = corpus_expected(
            text, read_rows(folder / f"{article_id}.csv"), f"{folder.name}/{article_id}.csv"
        )
        figures = extract(
            text, date.fromisoformat(article["published_on"]), article["published_precision"]
        )
        total.add(score(expected, candidate_rows(figures, article_id, text), article_id))
    return total


def score_seeds(seeds: Path, figures_csv: Path) -> Score:
    """Score the extractor on the seed articles against the curated data/figures.csv."""
    from datetime import date

    from crackdown.articles import decode_text
    from crackdown.extract import candidate_rows, extract

    curated = read_rows(figures_csv)
    total = Score()
    for article in read_rows(seeds / "articles.csv"):
        article_id = article["article_id"]
        text = decode_text((seeds / article["file"]).read_bytes())
        rows = [r for r in curated if r["article_id"] == article_id]
        figures = extract(
            text, date.fromisoformat(article["published_on"]), article["published_precision"]
        )
        total.add(
            score(curated_expected(rows), candidate_rows(figures, article_id, text), article_id)
        )
    return total
