"""Accepting reviewed candidates: appending them to data/figures.csv only if the data stays valid.

The new rows are validated with everything else, as `crackdown check` does, in a staging copy
of seeds/ and data/; data/figures.csv is replaced (through a temporary file) only when no
problem is found, so a rejected row leaves it byte for byte as it was. Every problem is
reported at once, each naming the candidates file, its line (row) and column, and the
candidate's number as `crackdown extract` shows it.

The quote of each row is read from the article at its offsets: a reviewer who moves the
offsets gets the quote they point at; one who edits the quote gets the offsets where it stands.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from crackdown import dataset
from crackdown.articles import ID_RE, appended, csv_line, decode_text, write_atomic
from crackdown.errors import CrackdownError, InputError, Problem
from crackdown.extract.sheet import restore, strip_bom
from crackdown.paths import Paths

#: The longest id accepted: an id names files, and a file name has at most 255 bytes.
MAX_ID = 120


@dataclass(frozen=True)
class Candidates:
    """A candidates file as read: its columns, its rows (cells restored), each row's line."""

    columns: list[str]
    rows: list[dict[str, str]]
    lines: list[int]
    problems: list[Problem]


@dataclass(frozen=True)
class Acceptance:
    """What `accept` did: the figure_ids appended, or the problems that stopped it."""

    accepted: list[str]
    problems: list[Problem]
    dataset: dataset.Dataset | None


def _header(data: bytes) -> list[str]:
    return next(csv.reader(io.StringIO(strip_bom(data.decode("utf-8")))), [])


def read_candidates(path: Path, shown: str) -> Candidates:
    """The header and rows of a candidates file, with every malformed row as a problem;
    InputError if it cannot be read at all."""
    if not path.is_file():
        raise InputError("no such file", file=shown)
    try:
        text = strip_bom(path.read_bytes().decode("utf-8"))
    except UnicodeDecodeError as err:
        raise InputError(
            f"not UTF-8 (byte offset {err.start}); save it as CSV UTF-8", file=shown
        ) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        columns = next(reader, [])
    except csv.Error as err:
        raise InputError(f"{err}", file=shown, row=1) from None
    rows: list[dict[str, str]] = []
    lines: list[int] = []
    problems: list[Problem] = []
    line = reader.line_num
    try:
        for record in reader:
            start, line = line + 1, reader.line_num
            if not any(cell.strip() for cell in record):
                continue
            number = len(rows) + 1
            if len(record) != len(columns):
                column = columns[-1] if len(record) > len(columns) else columns[len(record)]
                problems.append(
                    Problem(
                        shown,
                        start,
                        column if len(record) < len(columns) else None,
                        f"candidate {number} has {len(record)} fields, the header {len(columns)}"
                        + (
                            f" (an extra field after {column!r}: a comma inside a cell"
                            " needs the cell in double quotes)"
                            if len(record) > len(columns)
                            else f" (missing from {column!r} on)"
                        ),
                    )
                )
            cells = [restore(cell) for cell in record[: len(columns)]]
            cells += [""] * (len(columns) - len(cells))
            rows.append(dict(zip(columns, cells, strict=True)))
            lines.append(start)
    except csv.Error as err:
        problems.append(Problem(shown, reader.line_num, None, f"not valid CSV: {err}"))
    return Candidates(columns, rows, lines, problems)


def select(candidates: Candidates, wanted: Sequence[str], shown: str) -> list[int]:
    """The indexes of the rows named by number (1 is the first candidate) or by figure_id;
    all when none are named."""
    rows = candidates.rows
    if not wanted:
        return list(range(len(rows)))
    by_id = {row.get("figure_id", ""): i for i, row in enumerate(rows)}
    chosen: list[int] = []
    unknown: list[str] = []
    for item in wanted:
        if item.isdigit() and 1 <= int(item) <= len(rows):
            index = int(item) - 1
        elif item in by_id:
            index = by_id[item]
        else:
            unknown.append(item[:60])
            continue
        if index not in chosen:
            chosen.append(index)
    if unknown:
        raise InputError(
            f"ROW {', '.join(unknown)}: no candidate with that row number or figure_id in "
            f"{shown}, which has {len(rows)} candidate rows (1 to {len(rows)})"
        )
    return chosen


#: Where accept checks its copy of the project: inside the project's cache, never the system's
#: temp folder, so that an accept killed mid-check leaves nothing outside the project, and the
#: next accept removes what it left.
STAGING_PREFIX = "accept-"


def _staging_prefix() -> str:
    return f"{STAGING_PREFIX}{os.getpid()}-"


def _staging_folder(paths: Paths) -> Path:
    """.crackdown-cache/, with the copies of accepts that ended without removing theirs swept."""
    paths.cache.mkdir(exist_ok=True)
    for left in paths.cache.glob(f"{STAGING_PREFIX}*-*"):
        pid = left.name[len(STAGING_PREFIX) :].split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)) and left.is_dir() and not left.is_symlink():
            shutil.rmtree(left, ignore_errors=True)
    return paths.cache


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


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


def _article_text(paths: Paths, article_id: str) -> str:
    with paths.articles_csv.open(encoding="utf-8", newline="") as handle:
        listed = {row.get("article_id"): row for row in csv.DictReader(handle)}
    if article_id not in listed:
        raise InputError(
            f"{article_id} is not an article in seeds/articles.csv; add it first with "
            "crackdown add-article",
            file="seeds/articles.csv",
        )
    file = paths.seeds / listed[article_id]["file"]
    try:
        # the text as `crackdown check` reads it: a byte-order mark is not part of it
        return decode_text(file.read_bytes())
    except (OSError, CrackdownError) as err:
        raise InputError(f"{err}", file=str(paths.relative(file))) from None


def _place_quote(
    row: dict[str, str], text: str, shown: str, line: int, number: int
) -> Problem | None:
    """Set the row's quote from the article: the quote cell where it stands, else the offsets'
    text. A problem when neither locates a quote."""
    quote = row.get("quote", "")
    offsets: list[int] = []
    for column in ("quote_start", "quote_end"):
        cell = row.get(column, "").strip()
        if cell.isdigit() and len(cell) <= 12:
            offsets.append(int(cell))
    valid = len(offsets) == 2 and 0 <= offsets[0] < offsets[1] <= len(text)
    if valid and text[offsets[0] : offsets[1]] == quote:
        return None
    if quote and quote in text:
        hint = offsets[0] if offsets else 0
        starts: list[int] = []
        at = text.find(quote)
        while at >= 0 and len(starts) < 1000:
            starts.append(at)
            at = text.find(quote, at + 1)
        start = min(starts, key=lambda s: abs(s - hint))
        row["quote_start"], row["quote_end"] = str(start), str(start + len(quote))
        return None
    if valid and not quote.strip():
        row["quote"] = text[offsets[0] : offsets[1]]
        return None
    if not valid:
        return Problem(
            shown,
            line,
            "quote_start",
            f"candidate {number}: quote_start {row.get('quote_start', '')[:30]!r} and quote_end "
            f"{row.get('quote_end', '')[:30]!r} are not a span of the article (0 to {len(text)}), "
            "and the quote is not in its text",
        )
    return Problem(
        shown,
        line,
        "quote",
        f"candidate {number}: the quote is not in the article's text; empty the cell to take "
        f"the text at {offsets[0]}..{offsets[1]}, or copy the sentence exactly",
    )


def _record_count(data: bytes) -> int:
    return sum(1 for _ in csv.reader(io.StringIO(strip_bom(data.decode("utf-8"))))) - 1


def accept(
    root: Path | str | None, article_id: str, wanted: Sequence[str], source: Path | None = None
) -> Acceptance:
    """Append the chosen candidates of `article_id` to data/figures.csv if the data stays valid."""
    paths = Paths.at(root)
    if len(article_id) > MAX_ID or not ID_RE.fullmatch(article_id):
        raise InputError(
            f"ARTICLE_ID {article_id[:60]!r}{'...' if len(article_id) > 60 else ''}: not an "
            f"article id (lower-case letters, digits and hyphens, at most {MAX_ID} characters)"
        )
    path = source or paths.candidates / f"{article_id}.csv"
    shown = paths.relative(path)
    if not path.is_file():
        raise InputError(f"no such file; run `crackdown extract {article_id}` first", file=shown)
    candidates = read_candidates(path, shown)
    original = paths.figures_csv.read_bytes()
    expected = _header(original)
    if candidates.columns != expected:
        missing = [c for c in expected if c not in candidates.columns]
        extra = [c for c in candidates.columns if c not in expected]
        detail = (
            f"missing {', '.join(missing)}"
            if missing
            else f"unknown {', '.join(extra)}"
            if extra
            else "in another order"
        )
        raise InputError(
            f"its columns are not those of data/figures.csv ({detail})", file=shown, row=1
        )
    chosen = select(candidates, wanted, shown)
    if not chosen:
        raise InputError("has no candidate rows to accept", file=shown)
    text = _article_text(paths, article_id)
    chosen_lines = {candidates.lines[i] for i in chosen}
    problems = [p for p in candidates.problems if p.row is None or p.row in chosen_lines]
    rows: list[dict[str, str]] = []
    for i in chosen:
        row, line, number = dict(candidates.rows[i]), candidates.lines[i], i + 1
        if row["article_id"] != article_id:
            problems.append(
                Problem(
                    shown,
                    line,
                    "article_id",
                    f"candidate {number} is from article {row['article_id'][:60]!r}, not {article_id}",
                )
            )
        for column in ("figure_id", "parent_figure_id", "claim_group"):
            if len(row[column]) > MAX_ID:
                problems.append(
                    Problem(
                        shown,
                        line,
                        column,
                        f"candidate {number}: {len(row[column])} characters; an id has at most {MAX_ID}",
                    )
                )
        placed = _place_quote(row, text, shown, line, number)
        if placed is not None:
            problems.append(placed)
        rows.append(row)
    if problems:
        return Acceptance([], sorted(problems, key=lambda p: (p.row or 0, p.column or "")), None)
    new = appended(original, b"".join(csv_line(row, expected) for row in rows))
    first_new = _record_count(original) + 2
    with tempfile.TemporaryDirectory(
        prefix=_staging_prefix(), dir=_staging_folder(paths)
    ) as folder:
        staged = _stage(paths, Path(folder), new)
        data, problems = dataset.check(staged.root)
    if problems or data is None:
        return Acceptance([], _as_candidates(problems, first_new, chosen, candidates, shown), None)
    if paths.figures_csv.read_bytes() != original:
        raise InputError(
            "data/figures.csv changed while the candidates were checked; run accept again"
        )
    write_atomic(paths.figures_csv, new)
    final, problems = dataset.check(paths.root)
    return Acceptance([row["figure_id"] for row in rows], problems, final)


def _as_candidates(
    problems: list[Problem], first_new: int, chosen: list[int], candidates: Candidates, shown: str
) -> list[Problem]:
    """Problems found in the staged data/figures.csv, told at the candidates' own rows."""
    out = []
    for p in problems:
        k = (p.row or 0) - first_new
        if p.file.endswith("figures.csv") and 0 <= k < len(chosen):
            i = chosen[k]
            out.append(
                Problem(shown, candidates.lines[i], p.column, f"candidate {i + 1}: {p.message}")
            )
        else:
            out.append(p)
    return out
