"""The errors crackdown raises: each names the file, row, column or parameter at fault."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with an input, located as precisely as the input allows."""

    file: str
    row: int | None = None
    column: str | None = None
    message: str = ""

    def __str__(self) -> str:
        place = self.file
        if self.row is not None:
            place += f" row {self.row}"
        if self.column:
            place += f", column {self.column}" if self.row is not None else f" column {self.column}"
        return f"{place}: {self.message}"


class CrackdownError(Exception):
    """Base of every error the package raises on bad input."""


class DatasetError(CrackdownError):
    """The articles or figures fail validation; carries every problem found."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @property
    def first(self) -> Problem:
        """The first problem, for callers that report one location."""
        return self.problems[0]


class ParameterError(CrackdownError):
    """A report parameter is unknown or of the wrong type."""

    def __init__(
        self, message: str, *, report: str | None = None, parameter: str | None = None
    ) -> None:
        self.report = report
        self.parameter = parameter
        super().__init__(message)


class ConfigError(CrackdownError):
    """notebooks/reports.toml or another configuration file is invalid."""

    def __init__(self, message: str, *, file: str | None = None, key: str | None = None) -> None:
        self.file = file
        self.key = key
        super().__init__(message)


class InputError(CrackdownError):
    """A file cannot be read as an input: missing, not a regular file, or outside the project."""


class NotAddableError(CrackdownError):
    """Facts that may count the same people or events twice were asked to be added up."""

    def __init__(self, reasons: Sequence[str]) -> None:
        self.reasons = list(reasons)
        super().__init__("cannot add these facts: " + "; ".join(self.reasons))


class ArticleError(CrackdownError):
    """An article cannot be added: missing file, duplicate text or URL, bad metadata."""


class KernelError(CrackdownError):
    """The Python that runs the notebooks cannot start a kernel (ipykernel is not importable)."""
