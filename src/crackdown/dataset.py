"""Load and validate the articles and figures, and check every figure's provenance.

The Frictionless descriptor data/datapackage.json checks what a schema can express (types,
required fields, enums, keys). This module adds the checks it cannot: periods and their
precision, parts of wholes, bounds and qualifiers, that each quote stands verbatim in its
article at the recorded span and states the recorded value, the relations between facts
(data/relations.csv) and that no part, inclusion or correction runs in a circle.

Every input is read the same guarded way (`read_input`): only a regular file inside the project
is opened, never waiting on a FIFO or a device, and a byte-order mark is read as the start of the
text, not as part of it. Cells are checked before the schema sees them: digits other than ASCII,
`inf` and numbers too large for their column, control characters (NUL, BEL, ESC) and bidirectional
overrides are refused with their row and column.
"""

from __future__ import annotations

import calendar
import csv
import hashlib
import io
import itertools
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
from pycountry import countries

from crackdown import model
from crackdown.articles import cell_problem, decode_text, read_regular
from crackdown.errors import DatasetError, InputError, Problem
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
    relations: pd.DataFrame


#: The tables, in the order problems are reported: (Paths attribute, what it is).
TABLES = (
    ("articles_csv", "the article table"),
    ("figures_csv", "the figure table"),
    ("nationalities_csv", "the nationality table"),
    ("relations_csv", "the relation table"),
)

#: Relations between facts (data/relations.csv), and what each means for adding up.
RELATIONS = model.enums().relations

#: Columns holding an ISO 3166-1 alpha-2 code (figures' nationality, nationalities' country).
COUNTRY_COLUMNS = ("nationality", "country")

_DECIMAL = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_INTEGER = re.compile(r"[0-9]{1,10}")


def _inputs(paths: Paths) -> Iterator[Path]:
    """Every file under seeds/ and data/ that the data is made of (not candidates, not the
    temporary files of an interrupted write), sorted."""
    for folder in (paths.seeds, paths.data):
        if not folder.is_dir():
            continue
        for file in sorted(folder.rglob("*")):
            if paths.candidates in file.parents or file.name.startswith("."):
                continue
            if file.is_symlink() or file.is_file():
                yield file


def data_version(paths: Paths) -> str:
    """A short hash of every file under seeds/ and data/ (reviewed data only, not candidates).

    Only regular files inside the project are read; anything else (a FIFO, a link leading out
    of the project) is hashed by its name alone, and `check` refuses it.
    """
    digest = hashlib.sha256()
    for file in _inputs(paths):
        digest.update(_name(paths, file).encode())
        digest.update(b"\0")
        try:
            digest.update(read_regular(file, inside=paths.root))
        except InputError as err:
            digest.update(str(err).encode())
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
    here = Path(__file__)
    for module in ("dataset.py", "numbers.py", "articles.py", "csvsafe.py"):
        code.update(here.with_name(module).read_bytes())
    return paths.cache / "validated" / f"{version}-{code.hexdigest()[:12]}"


def _read_dataset(paths: Paths, version: str) -> Dataset:
    articles = _read_articles(paths)
    texts = {
        a["article_id"]: decode_text(read_regular(paths.seeds / a["file"], inside=paths.root))
        for a in articles.to_dict("records")
    }
    return Dataset(
        articles,
        _read_figures(paths),
        _read_nationalities(paths),
        texts,
        version,
        _read_relations(paths),
    )


def check(root: Path | str | None = None) -> tuple[Dataset | None, list[Problem]]:
    """Validate everything; the dataset (None when unreadable) and every problem found."""
    paths = Paths.at(root)
    problems = list(_check_files(paths))
    if problems:
        return None, problems
    problems = list(_check_schema(paths))
    if problems:
        return None, sorted(set(problems), key=_problem_order)
    articles = _read_articles(paths)
    figures = _read_figures(paths)
    nationalities = _read_nationalities(paths)
    relations = _read_relations(paths)
    texts: dict[str, str] = {}
    problems += _check_articles(paths, articles, texts)
    problems += _check_figures(paths, figures, articles, texts)
    problems += _check_nationalities(paths, nationalities, figures, texts)
    problems += _check_relations(paths, relations, figures)
    dataset = Dataset(articles, figures, nationalities, texts, data_version(paths), relations)
    return dataset, sorted(set(problems), key=_problem_order)


def _rows(frame: pd.DataFrame) -> Iterator[Any]:
    """The rows of `frame` as named tuples, typed loosely: columns differ per table."""
    return frame.itertuples(index=False)


def _problem_order(p: Problem) -> tuple[str, int, str, str]:
    return (p.file, p.row or 0, p.column or "", p.message)


# --- files -------------------------------------------------------------------------------


def _name(paths: Paths, file: Path) -> str:
    """`file` as the user wrote it, relative to the project: a link is named, not followed."""
    try:
        return file.relative_to(paths.root).as_posix()
    except ValueError:
        return paths.relative(file)


def _read_text(
    paths: Paths, file: Path, what: str, *, table: bool = False
) -> tuple[str | None, Problem | None]:
    """The text of `file` (a regular file inside the project), or the problem that stops it."""
    name = _name(paths, file)
    try:
        return decode_text(read_regular(file, inside=paths.root), table=table), None
    except InputError as err:
        message = str(err)
        if message == "no such file":
            message = f"{what} is missing"
        elif message == "the file is empty":
            message = f"{what} is empty"
        return None, Problem(name, message=message)


def _check_files(paths: Paths) -> Iterator[Problem]:
    text, problem = _read_text(paths, paths.datapackage, "the data package descriptor")
    if problem:
        yield problem
    elif text is not None:
        try:
            descriptor = json.loads(text)
        except json.JSONDecodeError as err:
            yield Problem(
                paths.relative(paths.datapackage), err.lineno, None, f"is not valid JSON: {err.msg}"
            )
        else:
            yield from _descriptor_problems(paths, descriptor)
    for attribute, what in TABLES:
        _, problem = _read_text(paths, getattr(paths, attribute), what, table=True)
        if problem:
            yield problem


def _descriptor_problems(paths: Paths, descriptor: Any) -> Iterator[Problem]:
    """Each resource of the descriptor must describe the file the code reads, inside the project."""
    name = paths.relative(paths.datapackage)
    expected = {
        "articles": paths.articles_csv,
        "figures": paths.figures_csv,
        "nationalities": paths.nationalities_csv,
        "relations": paths.relations_csv,
    }
    resources = descriptor.get("resources") if isinstance(descriptor, dict) else None
    if not isinstance(resources, list):
        yield Problem(name, None, "resources", "is missing; the descriptor lists the tables")
        return
    seen = set()
    for resource in resources:
        if not isinstance(resource, dict):
            yield Problem(name, None, "resources", f"{_short(str(resource))} is not a resource")
            continue
        title, path = resource.get("name"), resource.get("path")
        seen.add(title)
        if title not in expected:
            yield Problem(
                name,
                None,
                "resources",
                f"{title!r} is not a table of the project ({', '.join(expected)})",
            )
            continue
        target = expected[title]
        shown = paths.relative(target)
        if not isinstance(path, str) or (paths.data / path).resolve() != target.resolve():
            yield Problem(
                name,
                None,
                f"resources {title} path",
                f"{path!r} is not {shown}; the {title} table is always {shown}, inside the project",
            )
    for title in expected:
        if title not in seen:
            yield Problem(name, None, "resources", f"the {title} table is not described")


# --- cells, before the schema ------------------------------------------------------------


def _table_rows(paths: Paths, file: Path) -> tuple[list[str], list[list[str]]]:
    """The header and rows of a table, a byte-order mark not part of its first column."""
    text = decode_text(read_regular(file, inside=paths.root), table=True)
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, [])
    return header, list(reader)


def _cell_problems(
    name: str, header: list[str], rows: Iterable[list[str]], fields: Mapping[str, Any]
) -> Iterator[Problem]:
    """Cells no schema type catches: control characters, non-ASCII digits, inf, huge integers."""
    for number, row in enumerate(rows, start=2):
        for column, cell in zip(header, row, strict=False):
            why = cell_problem(cell)
            if why:
                yield Problem(name, number, column, f"{_short(cell)} {why}")
                continue
            field = fields.get(column)
            if field is None or cell == "":
                continue
            if field.type == "number" and not _DECIMAL.fullmatch(cell):
                yield Problem(
                    name,
                    number,
                    column,
                    f"{cell!r} is not a number written in the digits 0-9 (such as 3455 or 1600000)",
                )
            elif field.type == "integer" and not _INTEGER.fullmatch(cell):
                too_big = cell.isascii() and cell.isdigit()
                yield Problem(
                    name,
                    number,
                    column,
                    f"{_short(cell)} is too large for {column} (at most 10 digits)"
                    if too_big
                    else f"{_short(cell)} is not a whole number written in the digits 0-9",
                )
            elif column in COUNTRY_COLUMNS and _unassigned_country(cell):
                yield Problem(
                    name,
                    number,
                    column,
                    f"{cell!r} is not an assigned ISO 3166-1 alpha-2 country code",
                )


def _unassigned_country(cell: str) -> bool:
    """Whether `cell` looks like a country code (two capitals) but no country has it."""
    return bool(re.fullmatch(r"[A-Z]{2}", cell)) and countries.get(alpha_2=cell) is None


# --- schema (Frictionless) ---------------------------------------------------------------


def _check_schema(paths: Paths) -> Iterator[Problem]:
    from frictionless import Package, system

    with system.use_context(trusted=True):
        package = Package(str(paths.datapackage))
        files = {res.name: paths.relative(paths.data / str(res.path)) for res in package.resources}
        fields = {res.name: {f.name: f for f in res.schema.fields} for res in package.resources}
        early: list[Problem] = []
        for res in package.resources:
            header, rows = _table_rows(paths, paths.data / str(res.path))
            problems = list(_header_problems(files[res.name], header, list(fields[res.name])))
            early += problems or list(
                _cell_problems(files[res.name], header, rows, fields[res.name])
            )
        if early:
            yield from early
            return
        report = package.validate()
    for task in report.tasks:
        unique_rows = {e.row_number for e in task.errors if e.type == "unique-error"}
        for error in task.errors:
            if error.type == "primary-key" and error.row_number in unique_rows:
                continue
            yield _schema_problem(
                error, files.get(task.name, task.name), fields.get(task.name, {}), files
            )


def _header_problems(name: str, header: list[str], expected: list[str]) -> Iterator[Problem]:
    """Columns missing from or unknown to the descriptor, by name (their order is free)."""
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
        return Problem(file, row, column, f"{_short(str(cell))} is not a {expected}")
    if kind == "constraint-error" and field is not None:
        c = field.constraints
        note = error.note
        if "enum" in note:
            return Problem(file, row, column, f"{cell!r} is not one of: {', '.join(c['enum'])}")
        if "required" in note:
            return Problem(file, row, column, "is empty but required")
        if "pattern" in note:
            return Problem(
                file, row, column, f"{_short(str(cell))} does not match the pattern {c['pattern']}"
            )
        if "minimum" in note:
            return Problem(file, row, column, f"{cell!r} is below the minimum {c['minimum']}")
        if "maximum" in note:
            return Problem(file, row, column, f"{cell!r} is above the maximum {c['maximum']}")
        if "maxLength" in note or "max length" in note.lower():
            return Problem(
                file,
                row,
                column,
                f"{_short(str(cell))} is {len(str(cell))} characters long; "
                f"at most {c['maxLength']} are allowed",
            )
        return Problem(file, row, column, f"{_short(str(cell))}: {note}")
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


def _read_csv(paths: Paths, file: Path) -> pd.DataFrame:
    text = decode_text(read_regular(file, inside=paths.root), table=True)
    return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)


def _read_articles(paths: Paths) -> pd.DataFrame:
    articles = _read_csv(paths, paths.articles_csv)
    articles["published_on"] = pd.to_datetime(articles["published_on"])
    articles["published_until"] = [
        pd.Timestamp(_period_end(d.date(), p))
        for d, p in zip(articles["published_on"], articles["published_precision"], strict=True)
    ]
    return articles


def _read_figures(paths: Paths) -> pd.DataFrame:
    figures = _read_csv(paths, paths.figures_csv)
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
    nationalities = _read_csv(paths, paths.nationalities_csv)
    for column in ("position", "quote_start", "quote_end"):
        nationalities[column] = nationalities[column].astype("int64")
    nationalities["row"] = nationalities.index + 2
    return nationalities


def _read_relations(paths: Paths) -> pd.DataFrame:
    relations = _read_csv(paths, paths.relations_csv)
    relations["row"] = relations.index + 2
    return relations


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
        digest = hashlib.sha256(read_regular(file, inside=paths.root)).hexdigest()
        if digest != article["sha256"]:
            problems.append(
                Problem(
                    table,
                    row,
                    "sha256",
                    f"{_name(paths, file)} has changed since it was recorded (sha256 {digest[:12]}…, "
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
                    _name(paths, file),
                    None,
                    None,
                    "is not listed in seeds/articles.csv: record it with `crackdown add-article "
                    f"{_name(paths, file)} --url … --outlet … --published …` (an add-article "
                    "that was stopped before it recorded the text finishes when run again with "
                    "the same arguments), or delete it",
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
        if fig.period_basis == "inferred" and not fig.notes.strip():
            problems.append(
                Problem(
                    table,
                    fig.row,
                    "notes",
                    "is empty, but period_basis is inferred: say why the period is what it is "
                    "when the text does not give it",
                )
            )
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
    problems += _parent_cycle_problems(table, figures)
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


def fact_ids(figures: pd.DataFrame) -> pd.Series:
    """The fact each figure states: its claim group, or itself when it has none."""
    return figures["claim_group"].where(figures["claim_group"] != "", figures["figure_id"])


def _claim_group_problems(table: str, figures: pd.DataFrame) -> list[Problem]:
    problems = []
    fact_of = dict(zip(figures["figure_id"], fact_ids(figures), strict=True))
    grouped = figures[figures["claim_group"] != ""].groupby("claim_group")
    for group, rows in grouped:
        first = rows.iloc[0]
        for column in ("metric", "unit"):
            if rows[column].nunique() > 1:
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
        wholes = rows[rows["parent_figure_id"] != ""]
        whole_facts = wholes["parent_figure_id"].map(fact_of)
        if whole_facts.nunique() > 1:
            head = wholes.iloc[0]
            for fig, whole in zip(_rows(wholes), whole_facts, strict=True):
                if whole != whole_facts.iloc[0]:
                    problems.append(
                        Problem(
                            table,
                            fig.row,
                            "parent_figure_id",
                            f"{fig.parent_figure_id} is a part of fact {whole}, but row "
                            f"{head['row']} of claim group {group} makes it a part of fact "
                            f"{whole_facts.iloc[0]}; one fact is a part of one whole",
                        )
                    )
    for fig in _rows(figures[figures["parent_figure_id"] != ""]):
        whole = fact_of.get(fig.parent_figure_id)
        if (
            whole is not None
            and whole == fact_of[fig.figure_id]
            and fig.parent_figure_id != fig.figure_id
        ):
            problems.append(
                Problem(
                    table,
                    fig.row,
                    "parent_figure_id",
                    f"{fig.parent_figure_id} states the same fact (claim group {whole}); "
                    "a fact cannot be a part of itself",
                )
            )
    return problems


def _cycles(edges: Mapping[str, Iterable[str]]) -> list[list[str]]:
    """Every cycle found by a depth-first walk of `edges` (node -> nodes), each as its nodes in
    order, the first repeated at the end."""
    state: dict[str, int] = {}  # 1: on the walk's path, 2: done
    found: list[list[str]] = []
    for root in sorted(edges):
        if root in state:
            continue
        path: list[str] = []
        stack: list[tuple[str, Iterator[str]]] = [(root, iter(sorted(edges.get(root, ()))))]
        state[root] = 1
        path.append(root)
        while stack:
            node, following = stack[-1]
            step = next(following, None)
            if step is None:
                stack.pop()
                path.pop()
                state[node] = 2
            elif state.get(step) == 1:
                found.append([*path[path.index(step) :], step])
            elif step not in state:
                state[step] = 1
                path.append(step)
                stack.append((step, iter(sorted(edges.get(step, ())))))
    return found


def _on_cycle(cycles: list[list[str]]) -> dict[tuple[str, str], str]:
    """Each edge that lies on a cycle, with the cycle written out ('a → b → a')."""
    edges: dict[tuple[str, str], str] = {}
    for cycle in cycles:
        shown = " → ".join(cycle)
        for a, b in itertools.pairwise(cycle):
            edges.setdefault((a, b), shown)
    return edges


def _containment(figures: pd.DataFrame, relations: pd.DataFrame | None) -> dict[str, set[str]]:
    """Fact -> the facts it contains: its parts, and what it includes (data/relations.csv)."""
    fact_of = dict(zip(figures["figure_id"], fact_ids(figures), strict=True))
    edges: dict[str, set[str]] = {}
    for fig in _rows(figures[figures["parent_figure_id"] != ""]):
        if fig.parent_figure_id in fact_of:
            edges.setdefault(fact_of[fig.parent_figure_id], set()).add(fact_of[fig.figure_id])
    if relations is not None:
        for rel in _rows(relations[relations["relation"] == "includes"]):
            if rel.figure_id in fact_of and rel.related_figure_id in fact_of:
                edges.setdefault(fact_of[rel.figure_id], set()).add(fact_of[rel.related_figure_id])
    return edges


def _parent_cycle_problems(table: str, figures: pd.DataFrame) -> list[Problem]:
    fact_of = dict(zip(figures["figure_id"], fact_ids(figures), strict=True))
    loops = _on_cycle(_cycles(_containment(figures, None)))
    problems = []
    for fig in _rows(figures[figures["parent_figure_id"] != ""]):
        edge = (fact_of.get(fig.parent_figure_id, ""), fact_of[fig.figure_id])
        if edge in loops and edge[0] != edge[1]:
            problems.append(
                Problem(
                    table,
                    fig.row,
                    "parent_figure_id",
                    f"{fig.parent_figure_id} closes a circle of parts ({loops[edge]}); "
                    "a whole cannot be a part of its own part",
                )
            )
    return problems


# --- relations ---------------------------------------------------------------------------


def _check_relations(paths: Paths, relations: pd.DataFrame, figures: pd.DataFrame) -> list[Problem]:
    table = paths.relative(paths.relations_csv)
    figure_table = paths.relative(paths.figures_csv)
    by_id = figures.set_index("figure_id", drop=False)
    fact_of = dict(zip(figures["figure_id"], fact_ids(figures), strict=True))
    problems: list[Problem] = []
    pairs: dict[frozenset[str], Any] = {}
    known = relations[
        relations["figure_id"].isin(fact_of) & relations["related_figure_id"].isin(fact_of)
    ]
    for rel in _rows(known):
        a, b = by_id.loc[rel.figure_id], by_id.loc[rel.related_figure_id]
        if rel.figure_id == rel.related_figure_id:
            problems.append(
                Problem(table, rel.row, "related_figure_id", "a figure cannot be related to itself")
            )
            continue
        if fact_of[rel.figure_id] == fact_of[rel.related_figure_id]:
            problems.append(
                Problem(
                    table,
                    rel.row,
                    "related_figure_id",
                    f"{rel.related_figure_id} and {rel.figure_id} state the same fact (claim group "
                    f"{a['claim_group']}); a relation is between two facts",
                )
            )
            continue
        pair = frozenset((fact_of[rel.figure_id], fact_of[rel.related_figure_id]))
        if pair in pairs:
            first = pairs[pair]
            problems.append(
                Problem(
                    table,
                    rel.row,
                    "related_figure_id",
                    f"the facts of {rel.figure_id} and {rel.related_figure_id} are already related "
                    f"(row {first.row}: {first.relation}); two facts have one relation",
                )
            )
            continue
        pairs[pair] = rel
        problems += [
            Problem(table, rel.row, col, msg) for col, msg in _relation_problems(rel, a, b)
        ]
    withdrawn = dict(
        zip(
            known.loc[known["relation"] == "corrects", "related_figure_id"],
            known.loc[known["relation"] == "corrects", "row"],
            strict=True,
        )
    )
    for fig in _rows(figures[figures["parent_figure_id"].isin(withdrawn)]):
        problems.append(
            Problem(
                figure_table,
                fig.row,
                "parent_figure_id",
                f"{fig.parent_figure_id} is withdrawn ({table} row {withdrawn[fig.parent_figure_id]} "
                "corrects it); make this figure a part of the figure that corrects it",
            )
        )
    contains = _on_cycle(_cycles(_containment(figures, known)))
    corrections = known[known["relation"] == "corrects"]
    corrects: dict[str, set[str]] = {}
    for rel in _rows(corrections):
        corrects.setdefault(fact_of[rel.figure_id], set()).add(fact_of[rel.related_figure_id])
    loops = {"includes": contains, "corrects": _on_cycle(_cycles(corrects))}
    for rel in _rows(known[known["relation"].isin(list(loops))]):
        edge = (fact_of[rel.figure_id], fact_of[rel.related_figure_id])
        if edge[0] != edge[1] and edge in loops[rel.relation]:
            what = "inclusions and parts" if rel.relation == "includes" else "corrections"
            problems.append(
                Problem(
                    table,
                    rel.row,
                    "related_figure_id",
                    f"closes a circle of {what} ({loops[rel.relation][edge]}); "
                    f"no fact {'includes' if rel.relation == 'includes' else 'corrects'} "
                    "itself through others",
                )
            )
    return problems


def _relation_problems(rel: Any, a: pd.Series, b: pd.Series) -> Iterator[tuple[str, str]]:
    if rel.relation in ("includes", "corrects"):
        if (a["metric"], a["unit"]) != (b["metric"], b["unit"]):
            yield (
                "relation",
                f"{rel.relation}, but {rel.figure_id} ({a['metric']}, {a['unit']}) and "
                f"{rel.related_figure_id} ({b['metric']}, {b['unit']}) differ in metric or unit; "
                "use may_overlap or same_people",
            )
        elif rel.relation == "includes" and a["value"] < b["value"]:
            yield (
                "relation",
                f"includes, but {rel.figure_id} ({a['value']:g}) is smaller than "
                f"{rel.related_figure_id} ({b['value']:g})",
            )
    elif rel.relation == "same_people" and not (a["unit"] == b["unit"] == "people"):
        yield (
            "relation",
            f"same_people, but {rel.figure_id} counts {a['unit']} and {rel.related_figure_id} "
            f"counts {b['unit']}; same_people relates counts of people",
        )
    elif a["unit"] != b["unit"]:
        yield (
            "relation",
            f"{rel.relation}, but {rel.figure_id} counts {a['unit']} and {rel.related_figure_id} "
            f"counts {b['unit']}",
        )


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
