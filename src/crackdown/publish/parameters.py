"""Report parameters, checked against the notebook's `parameters` cell before any kernel starts.

The declarations are read the way papermill reads them (`papermill.inspect_notebook`), so what
`papermill --help-notebook` documents is what the build accepts; a line papermill cannot read
is an error here rather than a parameter that silently disappears. The values of the
parameters the notebooks share (dates, metrics, a country) are checked too, so that a report
asked for "next tuesday" fails before anything is written, not in its kernel.
"""

from __future__ import annotations

import ast
import datetime as dt
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from crackdown.errors import ConfigError, ParameterError, Problem

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


def declared(notebook: Path, where: str) -> dict[str, Declared]:
    """The parameters `notebook` declares, in cell order; `where` names it in errors."""
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
