"""Candidates files as a spreadsheet opens them: formulas neutralised, a byte-order mark read.

A cell a spreadsheet would run as a formula (one starting with =, +, -, @, a tab or a carriage
return) is written with a leading apostrophe, as OWASP advises against CSV injection: the
spreadsheet shows the text and runs nothing. Reading takes the apostrophe off again only where
writing put it, so every cell reads back as it was: a cell that already began with apostrophes
before such a character gets one more on writing, and loses exactly one on reading.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence

#: The first characters that make a spreadsheet read a cell as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: A byte-order mark, which spreadsheets write at the start of a CSV saved as UTF-8.
BOM = "\ufeff"


def _needs_mark(cell: str) -> bool:
    return cell.lstrip("'").startswith(FORMULA_STARTS)


def neutralise(cell: str) -> str:
    """`cell` as a spreadsheet shows it without running it."""
    return "'" + cell if _needs_mark(cell) else cell


def restore(cell: str) -> str:
    """The cell `neutralise` was given: its added apostrophe taken off, and only that one."""
    return cell[1:] if cell.startswith("'") and _needs_mark(cell[1:]) else cell


def csv_bytes(rows: Iterable[Mapping[str, str]], columns: Sequence[str]) -> bytes:
    """UTF-8 CSV of `rows`, every cell neutralised."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([neutralise(row.get(c, "")) for c in columns])
    return out.getvalue().encode("utf-8")


def strip_bom(text: str) -> str:
    """`text` without the byte-order mark a spreadsheet may have put at its start."""
    return text[1:] if text.startswith(BOM) else text
