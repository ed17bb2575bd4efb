"""Report parameters, checked against the notebook's `parameters` cell before any kernel starts.

The declarations are read the way papermill reads them (`papermill.inspect_notebook`), so what
`papermill --help-notebook` documents is what the build accepts. A line papermill cannot read
is an error here rather than a parameter that silently disappears. The values of the
parameters the notebooks share (`VALUES`: dates, metrics, a country) are checked too, so that
a report asked for "next tuesday" fails before anything is written, not in its kernel.
"""

from __future__ import annotations

import ast
import datetime as dt
import re
from collections.abc import Callable, Collection, Mapping
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
PARAMETERS_TAG = "parameters"


@dataclass(frozen=True)
class Declared:
    """One parameter as the notebook declares it: name, type, default and help comment."""

    name: str
    type_name: str
    default: Any
    help: str

    def describe(self) -> str:
        """'start (str, default ''): first day, YYYY-MM-DD; empty for the earliest'."""
        text = f"{self.name} ({self.type_name}, default {self.default!r})"
        return f"{text}: {self.help}" if self.help else text


def declared(notebook: Path, where: str) -> dict[str, Declared]:
    """The parameters `notebook` declares, in cell order; `where` names it in errors."""
    import nbformat
    import papermill

    try:
        nb = nbformat.read(notebook, as_version=4)  # type: ignore[no-untyped-call]
    except Exception as err:  # nbformat raises several unrelated types for unreadable files
        raise ConfigError(f"not a readable notebook: {err}", file=where) from err
    cells = [c for c in nb.cells if PARAMETERS_TAG in c.get("metadata", {}).get("tags", [])]
    if len(cells) != 1:
        raise ConfigError(
            f"has {len(cells)} cells tagged 'parameters'; it needs exactly one",
            file=where,
        )
    source = cells[0].source
    try:
        assigned = _assigned_names(source)
    except SyntaxError as err:
        raise ConfigError(f"parameters cell line {err.lineno}: {err.msg}", file=where) from err
    inspected = papermill.inspect_notebook(str(notebook))
    missing = [name for name in assigned if name not in inspected]
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


def _date(value: Any, metrics: Collection[str]) -> str | None:
    if value == "":
        return None
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(value)):
            dt.date.fromisoformat(str(value))
            return None
    except ValueError:
        pass
    return f"{value!r} is not a day written YYYY-MM-DD (or empty)"


def _metrics(value: Any, metrics: Collection[str]) -> str | None:
    unknown = [m for m in value if m not in metrics] if metrics else []
    if unknown:
        return f"unknown metric {unknown[0]!r}; the metrics are {', '.join(sorted(metrics))}"
    return None


def _country(value: Any, metrics: Collection[str]) -> str | None:
    if re.fullmatch(r"[A-Z]{2}", str(value)):
        return None
    return f"{value!r} is not an ISO 3166-1 alpha-2 code such as JP"


#: What the notebooks' shared parameters may hold, by name: a problem in words, or None.
VALUES: dict[str, Callable[[Any, Collection[str]], str | None]] = {
    "start": _date,
    "end": _date,
    "metrics": _metrics,
    "country": _country,
}


def check(
    values: Mapping[str, Any],
    parameters: Mapping[str, Declared],
    where: str,
    metrics: Collection[str] = (),
) -> dict[str, Any]:
    """`values` checked against the declarations and converted; raises ParameterError.

    The values of the parameters in VALUES are checked too (`metrics`: those the data allows).
    Every problem is listed at once, followed by what the notebook accepts.
    """
    problems: list[Problem] = []
    checked: dict[str, Any] = {}
    for name, value in values.items():
        declared_as = parameters.get(name)
        if declared_as is None:
            problems.append(
                Problem(where, message="not a parameter of the notebook", parameter=name)
            )
            continue
        converted, problem = _convert(value, declared_as.type_name)
        if not problem and name in VALUES:
            problem = VALUES[name](converted, metrics)
        if problem:
            problems.append(Problem(where, message=problem, parameter=name))
        else:
            checked[name] = converted
    start, end = checked.get("start"), checked.get("end")
    if start and end and str(start) > str(end):
        problems.append(
            Problem(where, message=f"{start} is after 'end' ({end})", parameter="start")
        )
    if problems:
        accepted = "\n".join(f"  {p.describe()}" for p in parameters.values()) or "  (none)"
        raise ParameterError(problems, hint=f"accepted parameters:\n{accepted}")
    return checked


def effective(given: Mapping[str, Any], parameters: Mapping[str, Declared]) -> dict[str, Any]:
    """Every declared parameter with the value the run uses: given, else the default."""
    return {name: given.get(name, p.default) for name, p in parameters.items()}


def _convert(value: Any, type_name: str) -> tuple[Any, str | None]:
    accepted = TYPES[type_name]
    if isinstance(value, dt.date) and type_name == "str":
        # TOML reads 2025-07-27 as a date; a str parameter takes it as the ISO text.
        return value.isoformat(), None
    if type_name.startswith("list["):
        if not isinstance(value, list):
            return None, f"expected {type_name}, got {_kind(value)} {value!r}"
        items = []
        for item in value:
            item_value, problem = _convert(item, type_name[5:-1])
            if problem:
                return None, f"expected {type_name}, but an item is {_kind(item)} {item!r}"
            items.append(item_value)
        return items, None
    # bool is an int in Python; a true/false given for a number is a mistake, not a 1.
    if isinstance(value, bool) and bool not in accepted:
        return None, f"expected {type_name}, got bool {value!r}"
    if not isinstance(value, accepted):
        return None, f"expected {type_name}, got {_kind(value)} {value!r}"
    if type_name == "float":
        return float(value), None  # type: ignore[arg-type]  # checked above: int or float
    return value, None


def _kind(value: Any) -> str:
    return {dt.date: "date", dt.datetime: "datetime"}.get(type(value), type(value).__name__)


def _assigned_names(source: str) -> list[str]:
    names = []
    for node in ast.parse(source).body:
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.append(node.target.id)
        elif isinstance(node, ast.Assign):
            names += [t.id for t in node.targets if isinstance(t, ast.Name)]
    return names
