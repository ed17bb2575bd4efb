"""Accepting reviewed candidates: appending them to data/figures.csv only if the data stays valid.

The new rows are validated with everything else, as `crackdown check` does, in a staging copy
of seeds/ and data/; data/figures.csv is replaced (through a temporary file) only when no
problem is found, so a rejected row leaves it byte for byte as it was.
"""

from __future__ import annotations

import csv
import io
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from crackdown import dataset
from crackdown.articles import appended, csv_line, write_atomic
from crackdown.errors import CrackdownError, Problem
from crackdown.paths import Paths


@dataclass(frozen=True)
class Acceptance:
    """What `accept` did: the figure_ids appended, or the problems that stopped it."""

    accepted: list[str]
    problems: list[Problem]
    dataset: dataset.Dataset | None


def _header(data: bytes) -> list[str]:
    return next(csv.reader(io.StringIO(data.decode("utf-8"))), [])


def read_candidates(path: Path, shown: str) -> tuple[list[str], list[dict[str, str]]]:
    """The header and rows of a candidates file; CrackdownError if it cannot be read."""
    if not path.is_file():
        raise CrackdownError(f"{shown}: no such file")
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as err:
        raise CrackdownError(f"{shown}: not UTF-8 (byte offset {err.start})") from None
    reader = csv.DictReader(io.StringIO(text))
    rows = list(reader)
    return list(reader.fieldnames or []), rows


def select(
    rows: Sequence[dict[str, str]], wanted: Sequence[str], shown: str
) -> list[dict[str, str]]:
    """The rows named by number (1 is the first candidate) or by figure_id; all when none are named."""
    if not wanted:
        return list(rows)
    by_id = {row["figure_id"]: row for row in rows}
    chosen: list[dict[str, str]] = []
    for item in wanted:
        if item.isdigit():
            number = int(item)
            if not 1 <= number <= len(rows):
                raise CrackdownError(
                    f"ROW {item}: {shown} has {len(rows)} candidate rows (1 to {len(rows)})"
                )
            row = rows[number - 1]
        elif item in by_id:
            row = by_id[item]
        else:
            raise CrackdownError(
                f"ROW {item}: no candidate with that row number or figure_id in {shown}"
            )
        if row not in chosen:
            chosen.append(row)
    return chosen


def _stage(paths: Paths, folder: Path, figures: bytes) -> Paths:
    """A copy of seeds/ and data/ (without candidates) under `folder`, with the new figures."""
    staged = Paths.at(folder)
    shutil.copytree(paths.seeds, staged.seeds)
    shutil.copytree(
        paths.data,
        staged.data,
        ignore=lambda d, names: ["candidates"] if Path(d) == paths.data else [],
    )
    staged.figures_csv.write_bytes(figures)
    return staged


def accept(
    root: Path | str | None, article_id: str, wanted: Sequence[str], source: Path | None = None
) -> Acceptance:
    """Append the chosen candidates of `article_id` to data/figures.csv if the data stays valid."""
    paths = Paths.at(root)
    path = source or paths.candidates / f"{article_id}.csv"
    shown = paths.relative(path)
    if not path.is_file():
        raise CrackdownError(f"{shown}: no such file; run `crackdown extract {article_id}` first")
    columns, rows = read_candidates(path, shown)
    original = paths.figures_csv.read_bytes()
    expected = _header(original)
    if columns != expected:
        missing = [c for c in expected if c not in columns]
        extra = [c for c in columns if c not in expected]
        detail = (
            f"missing {', '.join(missing)}"
            if missing
            else f"unknown {', '.join(extra)}"
            if extra
            else "in another order"
        )
        raise CrackdownError(f"{shown}: its columns are not those of data/figures.csv ({detail})")
    chosen = select(rows, wanted, shown)
    if not chosen:
        raise CrackdownError(f"{shown}: has no candidate rows to accept")
    for row in chosen:
        if row["article_id"] != article_id:
            raise CrackdownError(
                f"{shown}: candidate {row['figure_id']} is from article {row['article_id']}, not {article_id}"
            )
    new = appended(original, b"".join(csv_line(row, expected) for row in chosen))
    with tempfile.TemporaryDirectory(prefix="crackdown-accept-") as folder:
        staged = _stage(paths, Path(folder), new)
        data, problems = dataset.check(staged.root)
    if problems or data is None:
        return Acceptance([], problems, None)
    if paths.figures_csv.read_bytes() != original:
        raise CrackdownError(
            "data/figures.csv changed while the candidates were checked; run accept again"
        )
    write_atomic(paths.figures_csv, new)
    final, problems = dataset.check(paths.root)
    return Acceptance([row["figure_id"] for row in chosen], problems, final)
