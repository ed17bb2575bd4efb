"""The catalogue of reports: notebooks/reports.toml and the parameters each notebook takes.

`crackdown check` and `crackdown build` both read it, so a report asked for with a parameter
its notebook does not take, or a value such as "next tuesday", is refused before any kernel
starts and before anything is written.

A `[[report]]` table names one report. One with `each = "counted_nationality"` stands for a
family: one report per nationality that has counted figures in data/figures.csv, with
`{country}` (JP), `{country_slug}` (jp) and `{country_name}` (Japan) filled in its name, title
and string parameters. Adding a figure for a new nationality adds its report, with no edit here.

A notebook's parameters are read the way papermill reads them (`papermill.inspect_notebook`),
so what `papermill --help-notebook` documents is what the build accepts; a line papermill
cannot read is an error here rather than a parameter that silently disappears. What papermill
found is remembered in .crackdown-cache/ by the notebook's bytes, so that neither command
imports papermill for a notebook that has not changed. The values of the parameters the
notebooks share (dates, metrics, a country) are checked too.
"""

from __future__ import annotations

import ast
import contextlib
import datetime as dt
import hashlib
import json
import re
import tomllib
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

import pandas as pd

from crackdown.errors import ConfigError, ParameterError, Problem
from crackdown.paths import Paths

FORMATS = ("html", "pdf")
FAMILIES = ("counted_nationality",)
KEYS = {"name", "notebook", "title", "formats", "parameters", "each"}
NAME_RE = re.compile(r"[a-z0-9][a-z0-9-]{0,99}")
#: Names the site's own files take in reports/ (index.html, manifest.json, data/, and what a
#: web server looks for): a report of that name would overwrite them or be hidden by them.
RESERVED = frozenset({"index", "manifest", "data", "favicon", "robots", "sitemap"})


def published_name(name: str) -> bool:
    """Whether `name` is a file name the build may have published for a report (name.format),
    and so may remove: never a folder, a hidden file or one of the site's own files."""
    stem, _, suffix = name.rpartition(".")
    return bool(NAME_RE.fullmatch(stem)) and stem not in RESERVED and suffix in (*FORMATS, "ipynb")


@dataclass(frozen=True)
class Report:
    """One report to build: its output name, notebook, title, parameters and formats."""

    name: str
    notebook: Path
    title: str
    parameters: Mapping[str, Any] = field(default_factory=dict)
    formats: tuple[str, ...] = FORMATS
    origin: str = ""


def load(paths: Paths, figures: pd.DataFrame) -> list[Report]:
    """Every report reports.toml describes, families expanded from the data, in file order."""
    where = paths.relative(paths.reports_toml)
    if not paths.reports_toml.is_file():
        raise ConfigError("missing; it lists the reports to build", file=where)
    try:
        document = tomllib.loads(paths.reports_toml.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise ConfigError(str(err), file=where) from err
    extra = sorted(set(document) - {"report"})
    if extra:
        raise ConfigError(
            f"unknown top-level key {extra[0]!r}; the file holds [[report]] tables", file=where
        )
    tables = document.get("report", [])
    if not isinstance(tables, list) or not tables:
        raise ConfigError("no [[report]] table; nothing to build", file=where)
    countries = counted_nationalities(figures)
    reports = [r for i, t in enumerate(tables, 1) for r in _expand(i, t, paths, countries)]
    seen: dict[str, str] = {}
    for report in reports:
        if report.name in seen:
            raise ConfigError(
                f"report name {report.name!r} is used twice "
                f"({seen[report.name]} and {report.origin}); names must be unique",
                file=where,
                report=report.name,
            )
        seen[report.name] = report.origin
    return reports


def select(reports: Sequence[Report], names: Sequence[str]) -> list[Report]:
    """The reports named (all when none are), refusing a name reports.toml does not define."""
    unknown = [n for n in names if n not in {r.name for r in reports}]
    if unknown:
        raise ConfigError(
            f"unknown report{'s' if len(unknown) > 1 else ''} {', '.join(map(repr, unknown))}; "
            f"known reports: {', '.join(r.name for r in reports)}"
        )
    return [r for r in reports if not names or r.name in names]


@dataclass(frozen=True)
class Checked:
    """A report whose parameters were checked: the values its notebook receives (its title too,
    when the notebook takes one) and every parameter the notebook accepts."""

    report: Report
    inject: Mapping[str, Any]
    accepted: Mapping[str, Declared]


def checked(
    paths: Paths,
    figures: pd.DataFrame,
    metrics: Collection[str],
    names: Sequence[str] = (),
    memo: Path | None = None,
) -> tuple[list[Report], list[Checked]]:
    """Every report of reports.toml, and those named (all when none) with their parameters
    checked against their notebooks; raises ConfigError, or ParameterError listing every
    problem of every report, then what each notebook accepts."""
    reports = load(paths, figures)
    accepting: dict[Path, dict[str, Declared]] = {}
    found: list[Checked] = []
    problems: list[Problem] = []
    hints: dict[str, None] = {}
    for report in select(reports, names):
        where = paths.relative(report.notebook)
        if report.notebook not in accepting:
            accepting[report.notebook] = declared(report.notebook, where, memo)
        accepted = accepting[report.notebook]
        try:
            inject = check(report.parameters, accepted, report.origin, metrics)
        except ParameterError as err:
            problems += err.problems
            hints[f"{where}: {err.hint}"] = None
            continue
        if "title" in accepted:
            inject["title"] = report.title
        found.append(Checked(report, inject, accepted))
    if problems:
        raise ParameterError(problems, hint="\n".join(hints))
    return reports, found


def counted_nationalities(figures: pd.DataFrame) -> dict[str, str]:
    """ISO code -> English name of every nationality with counted figures, in code order."""
    from crackdown.prose import country_name

    return {code: country_name(code) for code in sorted(figures["nationality"].unique()) if code}


def _expand(index: int, table: Any, paths: Paths, countries: Mapping[str, str]) -> list[Report]:
    """The reports of the `index`-th [[report]] table: one, or one per country of a family."""
    where = paths.relative(paths.reports_toml)
    number = str(index) + (f" ({table['name']})" if isinstance(table.get("name"), str) else "")

    def refuse(message: str) -> ConfigError:
        return ConfigError(message, file=where, report=number)

    unknown = sorted(set(table) - KEYS)
    if unknown:
        raise refuse(f"unknown key {unknown[0]!r}; a report has {', '.join(sorted(KEYS))}")
    for key in ("name", "notebook", "title"):
        if not isinstance(table.get(key), str) or not table[key].strip():
            raise refuse(f"{key!r} is missing or not a text")
    notebook = paths.notebooks / table["notebook"]
    folder = paths.relative(paths.notebooks)
    if notebook.is_symlink():
        raise refuse(
            f"notebook {table['notebook']!r} is a symbolic link; the build runs only "
            f"notebooks kept in {folder}/ itself"
        )
    if notebook.suffix != ".ipynb" or notebook.parent != paths.notebooks or not notebook.is_file():
        raise refuse(f"notebook {table['notebook']!r} is not a notebook in {folder}/")
    formats = table.get("formats", list(FORMATS))
    if (
        not isinstance(formats, list)
        or not formats
        or any(f not in FORMATS for f in formats)
        or len(set(formats)) != len(formats)
    ):
        raise refuse(f"formats must be a list drawn from {', '.join(FORMATS)}, got {formats!r}")
    parameters = table.get("parameters", {})
    if not isinstance(parameters, dict):
        raise refuse("parameters must be a table")
    if "title" in parameters:
        raise refuse(
            "set the title once, as the report's 'title'; the build passes it to the "
            "notebook's title parameter"
        )
    family = table.get("each")
    if family is not None and family not in FAMILIES:
        raise refuse(f"each = {family!r} is not one of {', '.join(FAMILIES)}")
    fills: list[dict[str, str]] = [
        {"country": code, "country_slug": code.lower(), "country_name": name}
        for code, name in countries.items()
    ]

    def fill(text: Any, key: str, values: Mapping[str, str]) -> Any:
        if not values or not isinstance(text, str):
            return text
        try:
            return text.format_map(values)
        except (KeyError, ValueError, IndexError) as err:
            available = ", ".join("{" + k + "}" for k in values)
            raise refuse(
                f"{key} {text!r} uses an unknown placeholder ({err}); available: {available}"
            ) from err

    reports = []
    for values in fills if family else [{}]:
        name = fill(table["name"], "name", values)
        if not NAME_RE.fullmatch(name):
            raise refuse(f"name {name!r} must be lower-case letters, digits and '-' (at most 100)")
        if name in RESERVED:
            raise refuse(
                f"name {name!r} is taken by the site's own files in reports/ "
                f"({', '.join(sorted(RESERVED))}); choose another name"
            )
        reports.append(
            Report(
                name=name,
                notebook=notebook,
                title=fill(table["title"], "title", values),
                parameters={k: fill(v, f"parameters.{k}", values) for k, v in parameters.items()},
                formats=tuple(f for f in FORMATS if f in formats),
                origin=f"{where}, report {number}",
            )
        )
    return reports


#: The annotations a parameters cell may use, and the Python types their values must have.
TYPES: dict[str, tuple[type, ...]] = {
    "str": (str,),
    "int": (int,),
    "float": (float, int),
    "bool": (bool,),
    "list[str]": (str,),
    "list[int]": (int,),
    "list[float]": (float, int),
}


@dataclass(frozen=True)
class Declared:
    """One parameter as the notebook declares it: name, type, default and help comment."""

    name: str
    type_name: str
    default: Any
    help: str


def declared(notebook: Path, where: str, memo: Path | None = None) -> dict[str, Declared]:
    """The parameters `notebook` declares, in cell order; `where` names it in errors. `memo` is
    a file remembering what papermill found in each notebook, with the sha256 of the notebook
    and papermill's version it was found for."""
    try:
        digest = hashlib.sha256(notebook.read_bytes()).hexdigest()
    except OSError as err:
        raise ConfigError(f"not a readable notebook: {err.strerror}", file=where) from err
    key = f"{digest} {metadata.version('papermill')}"
    known = _read_memo(memo)
    if known.get(notebook.name, {}).get("key") == key:
        return _declared(known[notebook.name]["parameters"], where)
    inspected = _inspect(notebook, where)
    found = _declared(inspected, where)
    if memo is not None:
        from crackdown.publish import atomic

        remembered = known | {notebook.name: {"key": key, "parameters": inspected}}
        # a project that cannot be written to is read again next time
        with contextlib.suppress(OSError):
            atomic.write_text(memo, json.dumps(remembered, indent=1) + "\n")
    return found


def _read_memo(memo: Path | None) -> dict[str, Any]:
    try:
        known = json.loads(memo.read_text(encoding="utf-8")) if memo else {}
    except (OSError, ValueError):
        return {}
    if not isinstance(known, dict):
        return {}
    return {k: v for k, v in known.items() if isinstance(v, dict) and "parameters" in v}


def _inspect(notebook: Path, where: str) -> dict[str, Any]:
    """papermill's reading of the parameters cell, refused when it leaves a declaration out."""
    import nbformat
    import papermill

    try:
        nb = nbformat.read(notebook, as_version=4)  # type: ignore[no-untyped-call]
    except Exception as err:  # nbformat raises several unrelated types for unreadable files
        raise ConfigError(f"not a readable notebook: {err}", file=where) from err
    cells = [c for c in nb.cells if "parameters" in c.get("metadata", {}).get("tags", [])]
    if len(cells) != 1:
        raise ConfigError(
            f"has {len(cells)} cells tagged 'parameters'; it needs exactly one", file=where
        )
    try:
        body = ast.parse(cells[0].source).body
    except SyntaxError as err:
        raise ConfigError(f"parameters cell line {err.lineno}: {err.msg}", file=where) from err
    assigned: list[ast.expr] = [n.target for n in body if isinstance(n, ast.AnnAssign)]
    assigned += [t for n in body if isinstance(n, ast.Assign) for t in n.targets]
    inspected = papermill.inspect_notebook(str(notebook))
    missing = [t.id for t in assigned if isinstance(t, ast.Name) and t.id not in inspected]
    if missing:
        raise ConfigError(
            f"parameters cell: papermill cannot read the declaration of "
            f"{', '.join(missing)}; write each as `name: type = value  # what it means` "
            f"with a type from {', '.join(TYPES)}",
            file=where,
        )
    return {name: {k: str(v) for k, v in info.items()} for name, info in inspected.items()}


def _declared(inspected: Mapping[str, Any], where: str) -> dict[str, Declared]:
    result: dict[str, Declared] = {}
    for name, info in inspected.items():
        type_name = str(info["inferred_type_name"]).replace(" ", "")
        if type_name not in TYPES:
            raise ConfigError(
                f"type {info['inferred_type_name']!r} is not one of "
                f"{', '.join(TYPES)}; annotate it, e.g. `{name}: str = ...`",
                file=where,
                parameter=name,
            )
        try:
            default = ast.literal_eval(str(info["default"]))
        except (ValueError, SyntaxError) as err:
            raise ConfigError(
                f"the default {info['default']} is not a literal", file=where, parameter=name
            ) from err
        result[name] = Declared(name, type_name, default, str(info["help"]).strip())
    return result


def check(
    values: Mapping[str, Any],
    parameters: Mapping[str, Declared],
    where: str,
    metrics: Collection[str] = (),
) -> dict[str, Any]:
    """`values` checked against the declarations and converted; raises ParameterError listing
    every problem, then what the notebook accepts. `metrics`: those the data allows."""
    problems: list[Problem] = []
    checked: dict[str, Any] = {}
    for name, value in values.items():
        if name not in parameters:
            problem: str | None = "not a parameter of the notebook"
        else:
            value, problem = _convert(value, parameters[name].type_name)
            problem = problem or _value_problem(name, value, metrics)
        if problem:
            problems.append(Problem(where, message=problem, parameter=name))
        else:
            checked[name] = value
    start, end = checked.get("start"), checked.get("end")
    if start and end and str(start) > str(end):
        problems.append(
            Problem(where, message=f"{start} is after 'end' ({end})", parameter="start")
        )
    if problems:
        accepted = [
            f"  {p.name} ({p.type_name}, default {p.default!r})" + (f": {p.help}" if p.help else "")
            for p in parameters.values()
        ]
        hint = "\n".join(accepted) or "  (none)"
        raise ParameterError(problems, hint=f"accepted parameters:\n{hint}")
    return checked


def _value_problem(name: str, value: Any, metrics: Collection[str]) -> str | None:
    """What is wrong with the value of a parameter the notebooks share, or None."""
    if name in ("start", "end") and value != "":
        try:
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(value)):
                dt.date.fromisoformat(str(value))
                return None
        except ValueError:
            pass
        return f"{value!r} is not a day written YYYY-MM-DD (or empty)"
    unknown = [m for m in value if m not in metrics] if name == "metrics" and metrics else []
    if unknown:
        return f"unknown metric {unknown[0]!r}; the metrics are {', '.join(sorted(metrics))}"
    if name == "country" and not re.fullmatch(r"[A-Z]{2}", str(value)):
        return f"{value!r} is not an ISO 3166-1 alpha-2 code such as JP"
    return None


def _convert(value: Any, type_name: str) -> tuple[Any, str | None]:
    if isinstance(value, dt.date) and type_name == "str":
        # TOML reads 2025-07-27 as a date; a str parameter takes it as the ISO text.
        return value.isoformat(), None
    if type_name.startswith("list["):
        if not isinstance(value, list):
            return None, f"expected {type_name}, got {_kind(value)} {value!r}"
        items = [_convert(item, type_name[5:-1]) for item in value]
        wrong = [item for item, (_, problem) in zip(value, items, strict=True) if problem]
        if wrong:
            return None, f"expected {type_name}, but an item is {_kind(wrong[0])} {wrong[0]!r}"
        return [item for item, _ in items], None
    # bool is an int in Python; a true/false given for a number is a mistake, not a 1.
    accepted = TYPES[type_name]
    if not isinstance(value, accepted) or (isinstance(value, bool) and bool not in accepted):
        return None, f"expected {type_name}, got {_kind(value)} {value!r}"
    return (float(value) if type_name == "float" else value), None  # type: ignore[arg-type]


def _kind(value: Any) -> str:
    return {dt.date: "date", dt.datetime: "datetime"}.get(type(value), type(value).__name__)
