"""Every error the package raises has one shape: a CrackdownError listing located problems."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest

import crackdown
from crackdown import cli, counting
from crackdown.errors import CrackdownError, ParameterError, Problem

#: Signals, not errors: a build stopped by SIGTERM unwinds as this, past `except Exception`.
SIGNALS = {"crackdown.commands.build._Terminated"}


def test_every_exception_class_of_the_package_is_a_crackdown_error() -> None:
    outside = []
    for info in pkgutil.walk_packages(crackdown.__path__, "crackdown."):
        if info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        for name, cls in inspect.getmembers(module, inspect.isclass):
            where = f"{cls.__module__}.{name}"
            if cls.__module__ != info.name or where in SIGNALS:
                continue
            if issubclass(cls, BaseException) and not issubclass(cls, CrackdownError):
                outside.append(where)
    assert outside == []


def test_a_problem_names_its_place_as_precisely_as_given() -> None:
    assert str(Problem("data/figures.csv", 4, "value", "is empty")) == (
        "data/figures.csv row 4, column value: is empty"
    )
    assert str(Problem("data/figures.csv", None, "value", "is missing")) == (
        "data/figures.csv column value: is missing"
    )
    assert str(Problem("notebooks/reports.toml", report="2 (by-country)", message="bad")) == (
        "notebooks/reports.toml, report 2 (by-country): bad"
    )
    assert str(Problem(parameter="start", message="not a date")) == "parameter 'start': not a date"
    assert str(Problem(message="plain")) == "plain"


def test_an_error_carries_every_problem_and_the_first_ones_place() -> None:
    problems = [
        Problem("reports.toml", report="1", parameter="start", message="not a date"),
        Problem("reports.toml", report="1", parameter="end", message="not a date"),
    ]
    err = ParameterError(problems, hint="accepted parameters: start, end")
    assert err.problems == problems
    assert (err.first.file, err.first.report, err.first.parameter) == ("reports.toml", "1", "start")
    assert str(err).splitlines() == [
        "reports.toml, report 1, parameter 'start': not a date",
        "reports.toml, report 1, parameter 'end': not a date",
        "accepted parameters: start, end",
    ]
    with pytest.raises(ValueError):
        CrackdownError([])


def test_a_bad_selection_names_its_parameter() -> None:
    with pytest.raises(ParameterError) as raised:
        counting.selection_nationality("Japan")
    assert raised.value.first.parameter == "nationality"
    assert str(raised.value).startswith("parameter 'nationality': 'Japan' is not")


def test_the_command_line_prints_each_problem_on_its_own_line(
    tmp_path: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    code = cli.main(["--root", str(tmp_path), "accept", "no-such-article"])
    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith("error: ")
    assert all(line.startswith("error: ") for line in err.splitlines() if line)
