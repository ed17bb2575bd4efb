"""notebooks/reports.toml: which reports `crackdown build` makes, from which notebook, with what.

A `[[report]]` table names one report. One with `each = "counted_nationality"` stands for a
family: one report per nationality that has counted figures in data/figures.csv, with
`{country}` (JP), `{country_slug}` (jp) and `{country_name}` (Japan) filled in its name, title
and string parameters. Adding a figure for a new nationality adds its report, with no edit here.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from crackdown.errors import ConfigError
from crackdown.paths import Paths

FORMATS = ("html", "pdf")
FAMILIES = ("counted_nationality",)
KEYS = {"name", "notebook", "title", "formats", "parameters", "each"}
REQUIRED = ("name", "notebook", "title")
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

    @property
    def notebook_name(self) -> str:
        """The notebook's file name, as reports.toml writes it."""
        return self.notebook.name


@dataclass(frozen=True)
class _Entry:
    """A [[report]] table as written, before families are expanded."""

    index: int
    table: Mapping[str, Any]


def load(paths: Paths, figures: pd.DataFrame) -> list[Report]:
    """Every report reports.toml describes, families expanded from the data, in file order."""
    where = paths.relative(paths.reports_toml)
    entries = _read(paths.reports_toml, where)
    countries = counted_nationalities(figures)
    reports: list[Report] = []
    for entry in entries:
        reports += _expand(entry, paths, where, countries)
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
    if not names:
        return list(reports)
    known = {r.name: r for r in reports}
    unknown = [n for n in names if n not in known]
    if unknown:
        raise ConfigError(
            f"unknown report{'s' if len(unknown) > 1 else ''} {', '.join(map(repr, unknown))}; "
            f"known reports: {', '.join(known)}"
        )
    wanted = set(names)
    return [r for r in reports if r.name in wanted]


def counted_nationalities(figures: pd.DataFrame) -> dict[str, str]:
    """ISO code -> English name of every nationality with counted figures, in code order."""
    from crackdown.prose import country_name

    return {code: country_name(code) for code in sorted(figures["nationality"].unique()) if code}


def _read(file: Path, where: str) -> list[_Entry]:
    if not file.is_file():
        raise ConfigError("missing; it lists the reports to build", file=where)
    try:
        document = tomllib.loads(file.read_text(encoding="utf-8"))
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
    return [_Entry(i, t) for i, t in enumerate(tables, start=1)]


def _expand(entry: _Entry, paths: Paths, where: str, countries: Mapping[str, str]) -> list[Report]:
    table = entry.table
    number = str(entry.index)
    if "name" in table and isinstance(table["name"], str):
        number += f" ({table['name']})"
    label = f"{where}, report {number}"
    unknown = sorted(set(table) - KEYS)
    if unknown:
        raise ConfigError(
            f"unknown key {unknown[0]!r}; a report has {', '.join(sorted(KEYS))}",
            file=where,
            report=number,
        )
    for key in REQUIRED:
        if not isinstance(table.get(key), str) or not table[key].strip():
            raise ConfigError(
                f"{key!r} is missing or not a text",
                file=where,
                report=number,
            )
    notebook = paths.notebooks / table["notebook"]
    if notebook.is_symlink():
        raise ConfigError(
            f"notebook {table['notebook']!r} is a symbolic link; the build runs only "
            f"notebooks kept in {paths.relative(paths.notebooks)}/ itself",
            file=where,
            report=number,
        )
    if notebook.suffix != ".ipynb" or notebook.parent != paths.notebooks or not notebook.is_file():
        raise ConfigError(
            f"notebook {table['notebook']!r} is not a notebook in "
            f"{paths.relative(paths.notebooks)}/",
            file=where,
            report=number,
        )
    formats = table.get("formats", list(FORMATS))
    if (
        not isinstance(formats, list)
        or not formats
        or any(f not in FORMATS for f in formats)
        or len(set(formats)) != len(formats)
    ):
        raise ConfigError(
            f"formats must be a list drawn from {', '.join(FORMATS)}, got {formats!r}",
            file=where,
            report=number,
        )
    parameters = table.get("parameters", {})
    if not isinstance(parameters, dict):
        raise ConfigError(
            "parameters must be a table",
            file=where,
            report=number,
        )
    if "title" in parameters:
        raise ConfigError(
            "set the title once, as the report's 'title'; the build passes it to the "
            "notebook's title parameter",
            file=where,
            report=number,
        )
    family = table.get("each")
    if family is None:
        fills: list[dict[str, str]] = [{}]
    elif family in FAMILIES:
        fills = [
            {"country": code, "country_slug": code.lower(), "country_name": name}
            for code, name in countries.items()
        ]
    else:
        raise ConfigError(
            f"each = {family!r} is not one of {', '.join(FAMILIES)}",
            file=where,
            report=number,
        )
    reports = []
    for fill in fills:
        name = _fill(table["name"], fill, number, where, "name")
        if not NAME_RE.fullmatch(name):
            raise ConfigError(
                f"name {name!r} must be lower-case letters, digits and '-' (at most 100)",
                file=where,
                report=number,
            )
        if name in RESERVED:
            raise ConfigError(
                f"name {name!r} is taken by the site's own files in reports/ "
                f"({', '.join(sorted(RESERVED))}); choose another name",
                file=where,
                report=number,
            )
        reports.append(
            Report(
                name=name,
                notebook=notebook,
                title=_fill(table["title"], fill, number, where, "title"),
                parameters={
                    key: _fill(value, fill, number, where, f"parameters.{key}")
                    if isinstance(value, str)
                    else value
                    for key, value in parameters.items()
                },
                formats=tuple(f for f in FORMATS if f in formats),
                origin=label,
            )
        )
    return reports


def _fill(text: str, fill: Mapping[str, str], number: str, where: str, key: str) -> str:
    if not fill:
        return text
    try:
        return text.format_map(fill)
    except (KeyError, ValueError, IndexError) as err:
        raise ConfigError(
            f"{key} {text!r} uses an unknown placeholder ({err}); "
            f"available: {', '.join('{' + k + '}' for k in fill)}",
            file=where,
            report=number,
        ) from err
