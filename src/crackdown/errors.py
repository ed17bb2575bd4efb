"""The errors crackdown raises, all of one shape.

Every error is a CrackdownError carrying the list of its problems; each Problem names, as far
as the input allows, the file, row and column, or the report and parameter, at fault. The
subclasses only say what kind of input failed, for callers that catch one kind.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, located as precisely as the input allows.

    `file` is shown as it is given (a path relative to the project); `row` counts lines of a
    CSV file as a spreadsheet numbers them (the header is row 1); `column` is a CSV column or a
    key of a TOML or JSON file; `report` and `parameter` name a report of notebooks/reports.toml
    and a notebook parameter.
    """

    file: str = ""
    row: int | None = None
    column: str | None = None
    message: str = ""
    report: str | None = None
    parameter: str | None = None

    @property
    def place(self) -> str:
        """Where the problem is, in words: 'data/figures.csv row 4, column value',
        'notebooks/reports.toml, report 2 (by-country), parameter 'start''."""
        place = self.file
        if self.row is not None:
            place += f" row {self.row}"
        if self.column:
            place += f", column {self.column}" if self.row is not None else f" column {self.column}"
        for label, value in (("report", self.report), ("parameter", self.parameter)):
            if value:
                shown = repr(value) if label == "parameter" else value
                place += f", {label} {shown}" if place else f"{label} {shown}"
        return place

    def __str__(self) -> str:
        return f"{self.place}: {self.message}" if self.place else self.message


class CrackdownError(Exception):
    """Base of every error the package raises; carries every problem found.

    Give it problems, or one message with where it applies; `hint` follows the problems
    (what is accepted, how to fix it) and is not a problem itself.
    """

    def __init__(
        self,
        problems: str | Problem | Sequence[Problem],
        *,
        file: str = "",
        row: int | None = None,
        column: str | None = None,
        report: str | None = None,
        parameter: str | None = None,
        hint: str = "",
    ) -> None:
        if isinstance(problems, str):
            problems = [Problem(file, row, column, problems, report, parameter)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = list(problems)
        if not self.problems:
            raise ValueError("an error needs at least one problem")
        self.hint = hint
        text = "\n".join(str(p) for p in self.problems)
        super().__init__(f"{text}\n{hint}" if hint else text)

    @property
    def first(self) -> Problem:
        """The first problem, for callers that report one location."""
        return self.problems[0]


class DatasetError(CrackdownError):
    """The articles, figures or relations fail validation."""


class ParameterError(CrackdownError):
    """A report parameter is unknown, of the wrong type or of a value the data does not allow."""


class ConfigError(CrackdownError):
    """notebooks/reports.toml, a notebook's parameters cell or the descriptor is invalid."""


class InputError(CrackdownError):
    """A file cannot be read as an input: missing, not a regular file, or outside the project."""


class NotAddableError(CrackdownError):
    """Facts that may count the same people or events twice were asked to be added up."""

    def __init__(self, reasons: Sequence[str]) -> None:
        super().__init__([Problem(message=f"cannot add these facts: {r}") for r in reasons])
        self.reasons = list(reasons)


class ArticleError(CrackdownError):
    """An article cannot be added: missing file, duplicate text or URL, bad metadata."""


class KernelError(CrackdownError):
    """The Python that runs the notebooks cannot start a kernel (ipykernel is not importable)."""


class ModelError(CrackdownError):
    """The descriptor or a value does not fit the figure model."""


class ExtractError(CrackdownError):
    """An input the extractor cannot read as an article: too large, binary, or empty of words."""


class BuildLocked(CrackdownError):
    """Another build holds the lock and this one was asked not to wait."""


class StagingError(CrackdownError):
    """reports/ cannot take the build's staging folder (read-only, a link in its place)."""


class RenderError(CrackdownError):
    """A page or PDF cannot be made from an executed notebook."""
