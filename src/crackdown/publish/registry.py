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
