"""Candidates files as spreadsheets read them: formulas neutralised and read back exactly."""

from __future__ import annotations

import pytest

from crackdown.extract.sheet import neutralise, restore, strip_bom


@pytest.mark.parametrize(
    "cell",
    ["=1+1", "+33 phone", "-5", "@SUM(A1)", "\tx", "\rx", "'=already", "''+two", "'plain", "", "x"],
)
def test_restore_undoes_neutralise_exactly(cell: str) -> None:
    assert restore(neutralise(cell)) == cell


@pytest.mark.parametrize("cell", ["=1+1", "+1", "-1", "@x", "\tx", "\rx", "'=x"])
def test_a_cell_a_spreadsheet_would_run_starts_with_an_apostrophe(cell: str) -> None:
    assert neutralise(cell).startswith("'")


@pytest.mark.parametrize("cell", ["plain", "12", "'quoted", "O'Smach"])
def test_other_cells_are_written_as_they_are(cell: str) -> None:
    assert neutralise(cell) == cell and restore(cell) == cell


def test_a_byte_order_mark_is_taken_off_the_start_only() -> None:
    assert strip_bom("\ufefffigure_id,x") == "figure_id,x"
    assert strip_bom("a\ufeff") == "a\ufeff"
