"""Load and validate the articles and figures, and check every figure's provenance.

The Frictionless descriptor data/datapackage.json checks what a schema can express (types,
required fields, enums, keys). This module adds the checks it cannot: periods and their
precision, parts of wholes, bounds and qualifiers, and that each quote stands verbatim in its
article at the recorded span and states the recorded value.
"""

from __future__ import annotations

import calendar
import csv
import hashlib
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from crackdown import model
from crackdown.errors import DatasetError, Problem
from crackdown.numbers import mentions_value
from crackdown.paths import Paths

#: The metric enum of data/datapackage.json (crackdown.model reads it).
METRICS = model.METRICS


@dataclass(frozen=True)
class Dataset:
    """The validated data: one frame per table, the article texts, and a version hash."""

    articles: pd.DataFrame
    figures: pd.DataFrame
    nationalities: pd.DataFrame
    texts: Mapping[str, str]
    version: str


def data_version(paths: Paths) -> str:
    """A short hash of every file under seeds/ and data/ (reviewed data only, not candidates)."""
    digest = hashlib.sha256()
    for folder in (paths.seeds, paths.data):
        if not folder.is_dir():
            continue
        for file in sorted(p for p in folder.rglob("*") if p.is_file()):
            if paths.candidates in file.parents:
                continue
            digest.update(paths.relative(file).encode())
            digest.update(b"\0")
            digest.update(file.read_bytes())
            digest.update(b"\0")
    return digest.hexdigest()[:12]


def load(root: Path | str | None = None, *, use_cache: bool = True) -> Dataset:
    """The validated dataset of the project at `root`; raises DatasetError naming every problem.

    Validating 100,000 figures takes Frictionless seconds, so a successful validation is
    remembered under .crackdown-cache/ by the hash of seeds/, data/ and the validating code:
    loading the same bytes again skips straight to reading them.
    """
    paths = Paths.at(root)
    if use_cache:
        version = data_version(paths)
        marker = _validated_marker(paths, version)
        if marker.is_file():
            return _read_dataset(paths, version)
    dataset, problems = check(paths.root)
    if problems or dataset is None:
        raise DatasetError(problems)
    if use_cache:
        _validated_marker(paths, dataset.version).parent.mkdir(parents=True, exist_ok=True)
        _validated_marker(paths, dataset.version).touch()
    return dataset


def _validated_marker(paths: Paths, version: str) -> Path:
    code = hashlib.sha256()
    for module in (Path(__file__), Path(__file__).with_name("numbers.py")):
        code.update(module.read_bytes())
    return paths.cache / "validated" / f"{version}-{code.hexdigest()[:12]}"


def _read_dataset(paths: Paths, version: str) -> Dataset:
    articles = _read_articles(paths)
    texts = {
        a["article_id"]: (paths.seeds / a["file"]).read_text(encoding="utf-8")
        for a in articles.to_dict("records")
    }
    return Dataset(articles, _read_figures(paths), _read_nationalities(paths), texts, version)


def check(root: Path | str | None = None) -> tuple[Dataset | None, list[Problem]]:
    """Validate everything; the dataset (None when unreadable) and every problem found."""
    paths = Paths.at(root)
    problems = list(_check_files(paths))
    if problems:
        return None, problems
    problems = list(_check_schema(paths))
    if problems:
        return None, problems
    articles = _read_articles(paths)
    figures = _read_figures(paths)
    nationalities = _read_nationalities(paths)
    texts: dict[str, str] = {}
    problems += _check_articles(paths, articles, texts)
    problems += _check_figures(paths, figures, articles, texts)
    problems += _check_nationalities(paths, nationalities, figures, texts)
    dataset = Dataset(articles, figures, nationalities, texts, data_version(paths))
    return dataset, sorted(set(problems), key=_problem_order)


def _rows(frame: pd.DataFrame) -> Iterator[Any]:
    """The rows of `frame` as named tuples, typed loosely: columns differ per table."""
    return frame.itertuples(index=False)


def _problem_order(p: Problem) -> tuple[str, int, str, str]:
    return (p.file, p.row or 0, p.column or "", p.message)


# --- files -------------------------------------------------------------------------------


def _read_text(paths: Paths, file: Path, what: str) -> tuple[str | None, Problem | None]:
    """The text of `file`, or the problem that stops it being read."""
    name = paths.relative(file)
    if not file.is_file():
        return None, Problem(name, message=f"{what} is missing")
    raw = file.read_bytes()
    if not raw.strip():
        return None, Problem(name, message=f"{what} is empty")
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        return None, Problem(
            name,
            message=f"is not UTF-8 (byte 0x{raw[err.start]:02x} at line {line}, byte offset "
            f"{err.start}); re-save the file as UTF-8",
        )


def _check_files(paths: Paths) -> Iterator[Problem]:
    for file, what in (
        (paths.datapackage, "the data package descriptor"),
        (paths.articles_csv, "the article table"),
        (paths.figures_csv, "the figure table"),
        (paths.nationalities_csv, "the nationality table"),
    ):
        text, problem = _read_text(paths, file, what)
        if problem:
            yield problem
        elif file == paths.datapackage and text is not None:
            try:
                json.loads(text)
            except json.JSONDecodeError as err:
                yield Problem(
                    paths.relative(file), err.lineno, None, f"is not valid JSON: {err.msg}"
                )


# --- schema (Frictionless) ---------------------------------------------------------------


def _check_schema(paths: Paths) -> Iterator[Problem]:
    from frictionless import Package, system

    with system.use_context(trusted=True):
        package = Package(str(paths.datapackage))
        files = {res.name: paths.relative(paths.data / str(res.path)) for res in package.resources}
        header_problems = [
            problem
            for res in package.resources
            for problem in _header_problems(
                paths.data / str(res.path), files[res.name], [f.name for f in res.schema.fields]
            )
        ]
        if header_problems:
            yield from header_problems
            return
        report = package.validate()
    fields = {res.name: {f.name: f for f in res.schema.fields} for res in package.resources}
    for task in report.tasks:
        unique_rows = {e.row_number for e in task.errors if e.type == "unique-error"}
        for error in task.errors:
            if error.type == "primary-key" and error.row_number in unique_rows:
                continue
            yield _schema_problem(
                error, files.get(task.name, task.name), fields.get(task.name, {}), files
            )


def _header_problems(file: Path, name: str, expected: list[str]) -> Iterator[Problem]:
    """Columns missing from or unknown to the descriptor, by name (their order is free)."""
    with file.open(encoding="utf-8", newline="") as f:
        header = next(csv.reader(f), [])
    for column in expected:
        if column not in header:
            yield Problem(name, None, column, "is missing from the header row")
    for column in header:
        if column not in expected:
            yield Problem(
                name,
                1,
                column or "(blank)",
                "is not a column of this table; see data/datapackage.json for the columns",
            )
    duplicates = sorted({c for c in header if header.count(c) > 1})
    for column in duplicates:
        yield Problem(name, 1, column, "appears more than once in the header row")


def _schema_problem(
    error: Any, file: str, fields: Mapping[str, Any], files: Mapping[str, str]
) -> Problem:
    kind = error.type
    row = getattr(error, "row_number", None)
    column = getattr(error, "field_name", None) or getattr(error, "label", None)
    cell = getattr(error, "cell", None)
    field = fields.get(column) if column else None
    if kind == "type-error" and field is not None:
        expected = {"date": "valid date (YYYY-MM-DD)", "integer": "whole number"}.get(
            field.type, field.type
        )
        return Problem(file, row, column, f"{cell!r} is not a {expected}")
    if kind == "constraint-error" and field is not None:
        c = field.constraints
        note = error.note
        if "enum" in note:
            return Problem(file, row, column, f"{cell!r} is not one of: {', '.join(c['enum'])}")
        if "required" in note:
            return Problem(file, row, column, "is empty but required")
        if "pattern" in note:
            return Problem(file, row, column, f"{cell!r} does not match the pattern {c['pattern']}")
        if "minimum" in note:
            return Problem(file, row, column, f"{cell!r} is below the minimum {c['minimum']}")
        return Problem(file, row, column, f"{cell!r}: {note}")
    if kind == "unique-error":
        other = re.search(r"position (\d+)", error.note)
        also = f" (also in row {other.group(1)})" if other else ""
        return Problem(file, row, column, f"duplicate {column} {cell!r}{also}; ids must be unique")
    if kind == "primary-key":
        other = re.search(r"position (\d+)", error.note)
        also = f" (also in row {other.group(1)})" if other else ""
        return Problem(file, row, None, f"duplicate primary key{also}")
    if kind == "foreign-key":
        target = files.get(error.reference_name) if error.reference_name else file
        names = ", ".join(error.reference_field_names)
        cells = ", ".join(repr(c) for c in error.field_cells)
        return Problem(
            file, row, ", ".join(error.field_names), f"{cells} is not a {names} in {target}"
        )
    if kind == "missing-label":
        return Problem(file, None, column, "is missing from the header row")
    if kind in ("extra-label", "incorrect-label", "blank-label", "duplicate-label"):
        return Problem(file, 1, column, f"header: {error.note or kind}")
    if kind in ("missing-cell", "extra-cell"):
        return Problem(
            file, row, column, f"{kind.replace('-', ' ')}: the row has the wrong number of fields"
        )
    return Problem(file, row, column, f"{kind}: {error.note or error.message}")


# --- reading -----------------------------------------------------------------------------


def _read_csv(file: Path) -> pd.DataFrame:
    return pd.read_csv(file, dtype=str, keep_default_na=False, encoding="utf-8")


def _read_articles(paths: Paths) -> pd.DataFrame:
    articles = _read_csv(paths.articles_csv)
    articles["published_on"] = pd.to_datetime(articles["published_on"])
    articles["published_until"] = [
        pd.Timestamp(_period_end(d.date(), p))
        for d, p in zip(articles["published_on"], articles["published_precision"], strict=True)
    ]
    return articles


def _read_figures(paths: Paths) -> pd.DataFrame:
    figures = _read_csv(paths.figures_csv)
    for column in ("value", "value_low", "value_high"):
        figures[column] = pd.to_numeric(figures[column].replace("", None)).astype("float64")
    for column in ("period_start", "period_end"):
        figures[column] = pd.to_datetime(figures[column].replace("", None))
    for column in ("quote_start", "quote_end"):
        figures[column] = figures[column].astype("int64")
    figures["in_headline"] = figures["in_headline"].str.lower().isin(["true", "1", "yes"])
    figures["row"] = figures.index + 2
    return figures


def _read_nationalities(paths: Paths) -> pd.DataFrame:
    nationalities = _read_csv(paths.nationalities_csv)
    for column in ("position", "quote_start", "quote_end"):
        nationalities[column] = nationalities[column].astype("int64")
    nationalities["row"] = nationalities.index + 2
    return nationalities


def _period_end(start: date, precision: str) -> date:
    if precision == "month":
        return start.replace(day=calendar.monthrange(start.year, start.month)[1])
    if precision == "year":
        return start.replace(month=12, day=31)
    return start


# --- articles ----------------------------------------------------------------------------


def _check_articles(paths: Paths, articles: pd.DataFrame, texts: dict[str, str]) -> list[Problem]:
    problems: list[Problem] = []
    table = paths.relative(paths.articles_csv)
    listed = set()
    for i, article in articles.iterrows():
        row = int(str(i)) + 2
        file = paths.seeds / article["file"]
        listed.add(file.name)
        text, problem = _read_text(paths, file, f"the text of article {article['article_id']}")
        if problem:
            problems.append(Problem(table, row, "file", f"{problem.file}: {problem.message}"))
            continue
        assert text is not None
        digest = hashlib.sha256(file.read_bytes()).hexdigest()
        if digest != article["sha256"]:
            problems.append(
                Problem(
                    table,
                    row,
                    "sha256",
                    f"{paths.relative(file)} has changed since it was recorded (sha256 {digest[:12]}…, "
                    f"recorded {article['sha256'][:12]}…); article texts are never edited",
                )
            )
        texts[article["article_id"]] = text
        start = article["published_on"].date()
        precision = article["published_precision"]
        if (precision == "month" and start.day != 1) or (
            precision == "year" and (start.month, start.day) != (1, 1)
        ):
            problems.append(
                Problem(
                    table,
                    row,
                    "published_on",
                    f"{start} is not the first day of its {precision}; a {precision}-precision date "
                    f"is written as its first day",
                )
            )
    digests = articles["sha256"].duplicated(keep="first")
    for i in articles.index[digests]:
        problems.append(
            Problem(
                table, int(i) + 2, "sha256", "the same text is already listed as another article"
            )
        )
    for file in sorted(paths.seeds.glob("*.txt")):
        if file.name not in listed:
            problems.append(
                Problem(
                    paths.relative(file),
                    None,
                    None,
                    "is not listed in seeds/articles.csv; add it with `crackdown add-article`",
                )
            )
    return problems


# --- figures -----------------------------------------------------------------------------


def _check_figures(
    paths: Paths, figures: pd.DataFrame, articles: pd.DataFrame, texts: Mapping[str, str]
) -> list[Problem]:
    table = paths.relative(paths.figures_csv)
    problems: list[Problem] = []
    by_id = figures.set_index("figure_id", drop=False)
    published = articles.set_index("article_id")
    for fig in _rows(figures):
        problems += [Problem(table, fig.row, col, msg) for col, msg in _period_problems(fig)]
        problems += [Problem(table, fig.row, col, msg) for col, msg in _bound_problems(fig)]
        if fig.parent_figure_id and fig.parent_figure_id in by_id.index:
            parent: pd.Series = by_id.loc[fig.parent_figure_id]
            problems += [
                Problem(table, fig.row, col, msg) for col, msg in _part_problems(fig, parent)
            ]
        if fig.article_id in texts:
            text = texts[fig.article_id]
            problems += [
                Problem(table, fig.row, c, m)
                for c, m in _quote_problems(fig, text, paths, published)
            ]
        if fig.article_id in published.index and pd.notna(fig.period_end):
            article: Any = published.loc[fig.article_id]
            until = article["published_until"]
            if fig.period_end > until:
                problems.append(
                    Problem(
                        table,
                        fig.row,
                        "period_end",
                        f"{fig.period_end.date()} is after the article's publication "
                        f"({published.loc[fig.article_id, 'published_on'].date()}, "
                        f"{published.loc[fig.article_id, 'published_precision']} precision)",
                    )
                )
    problems += _claim_group_problems(table, figures)
    return problems


def _period_problems(fig: Any) -> Iterator[tuple[str, str]]:
    start, end, precision = fig.period_start, fig.period_end, fig.date_precision
    if pd.isna(end):
        return
    if precision == "on_or_before":
        if pd.notna(start):
            yield (
                "period_start",
                "must be empty when date_precision is on_or_before (the start is unknown)",
            )
        return
    if pd.isna(start):
        yield (
            "period_start",
            f"is empty; a {precision}-precision figure needs it (use on_or_before for an undated figure)",
        )
        return
    if end < start:
        yield "period_end", f"{end.date()} is before period_start {start.date()}"
        return
    if precision == "day" and start != end:
        yield (
            "date_precision",
            f"day, but the period spans {start.date()} to {end.date()}; use range",
        )
    elif precision == "month":
        month_end = _period_end(start.date(), "month")
        if start.day != 1 or end.date() != month_end:
            yield (
                "date_precision",
                (
                    f"month, but {start.date()}..{end.date()} is not one calendar month "
                    f"(expected {start.date().replace(day=1)}..{month_end})"
                ),
            )
    elif precision == "year":
        if (start.month, start.day) != (1, 1) or end.date() != date(start.year, 12, 31):
            yield (
                "date_precision",
                f"year, but {start.date()}..{end.date()} is not one calendar year",
            )
    elif precision == "range" and start == end:
        yield "date_precision", "range, but the period is a single day; use day"


def _bound_problems(fig: Any) -> Iterator[tuple[str, str]]:
    value, low, high, q = fig.value, fig.value_low, fig.value_high, fig.qualifier
    has_low, has_high = pd.notna(low), pd.notna(high)
    if has_low and has_high and low > high:
        yield "value_low", f"{low:g} is above value_high {high:g}"
    if q in ("exact", "about", "at_least", "up_to"):
        if has_low and low > value:
            yield "value_low", f"{low:g} is above value {value:g}"
        if has_high and high < value:
            yield "value_high", f"{high:g} is below value {value:g}"
    if q == "exact" and ((has_low and low != value) or (has_high and high != value)):
        yield "qualifier", "exact, but value_low/value_high differ from value"
    elif q == "more_than":
        if not has_low or low <= value:
            yield (
                "value_low",
                f"qualifier more_than needs value_low above value (more than {value:g}: {value + 1:g})",
            )
        if has_high and high <= value:
            yield "value_high", f"{high:g} contradicts more than {value:g}"
    elif q == "at_least":
        if not has_low or low != value:
            yield "value_low", f"qualifier at_least needs value_low equal to value ({value:g})"
        if has_high and high < value:
            yield "value_high", f"{high:g} contradicts at least {value:g}"
    elif q == "nearly":
        if not has_high or high >= value:
            yield (
                "value_high",
                f"qualifier nearly needs value_high below value (nearly {value:g}: {value - 1:g})",
            )
    elif q == "up_to" and (not has_high or high != value):
        yield "value_high", f"qualifier up_to needs value_high equal to value ({value:g})"


def _part_problems(fig: Any, parent: pd.Series) -> Iterator[tuple[str, str]]:
    if parent["figure_id"] == fig.figure_id:
        yield "parent_figure_id", "a figure cannot be a part of itself"
        return
    if parent["metric"] != fig.metric or parent["unit"] != fig.unit:
        yield (
            "parent_figure_id",
            (
                f"part ({fig.metric}, {fig.unit}) and whole {parent['figure_id']} "
                f"({parent['metric']}, {parent['unit']}) must share metric and unit"
            ),
        )
    if fig.value > parent["value"]:
        yield (
            "value",
            (f"{fig.value:g} is larger than its whole {parent['figure_id']} ({parent['value']:g})"),
        )


def _quote_problems(
    fig: Any, text: str, paths: Paths, articles: pd.DataFrame
) -> Iterator[tuple[str, str]]:
    source = paths.relative(paths.seeds / articles.loc[fig.article_id, "file"])
    at_span = text[fig.quote_start : fig.quote_end]
    if at_span != fig.quote:
        where = text.find(fig.quote)
        if where < 0:
            yield "quote", f"not found in {source}; quotes are copied verbatim from the article"
        else:
            yield (
                "quote_start",
                (
                    f"the quote is at {where}..{where + len(fig.quote)} in {source}, "
                    f"not {fig.quote_start}..{fig.quote_end}"
                ),
            )
        return
    if not mentions_value(fig.quote, fig.value):
        yield "value", f"{fig.value:g} does not appear in the quote ({_short(fig.quote)})"


def _short(text: str, width: int = 60) -> str:
    return repr(text if len(text) <= width else text[: width - 1] + "…")


def _claim_group_problems(table: str, figures: pd.DataFrame) -> list[Problem]:
    problems = []
    grouped = figures[figures["claim_group"] != ""].groupby("claim_group")
    for group, rows in grouped:
        for column in ("metric", "unit"):
            if rows[column].nunique() > 1:
                first = rows.iloc[0]
                for fig in _rows(rows):
                    if getattr(fig, column) != first[column]:
                        problems.append(
                            Problem(
                                table,
                                fig.row,
                                column,
                                f"{getattr(fig, column)} differs from {first[column]} in claim group "
                                f"{group} (row {first['row']}); one fact has one {column}",
                            )
                        )
    return problems


# --- nationalities -----------------------------------------------------------------------


def _check_nationalities(
    paths: Paths, nationalities: pd.DataFrame, figures: pd.DataFrame, texts: Mapping[str, str]
) -> list[Problem]:
    table = paths.relative(paths.nationalities_csv)
    article_of = dict(zip(figures["figure_id"], figures["article_id"], strict=True))
    problems = []
    for row in _rows(nationalities):
        text = texts.get(article_of.get(row.figure_id, ""))
        if text is None:
            continue
        if text[row.quote_start : row.quote_end] != row.name_as_stated:
            problems.append(
                Problem(
                    table,
                    row.row,
                    "name_as_stated",
                    f"{row.name_as_stated!r} is not at {row.quote_start}..{row.quote_end} of the article text",
                )
            )
    return problems
