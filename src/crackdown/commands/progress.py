"""What a build shows while it runs (a line per report, with its state and time) and at the end."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.status import Status
from rich.table import Table
from rich.text import Text

from crackdown.publish.pipeline import BuildResult, Outcome


class Progress:
    """Prints each report's result line to stderr as it ends, and, on a terminal, one status
    line naming every report being built and its state (several at once in a parallel build)."""

    def __init__(self) -> None:
        self.console = Console(stderr=True, highlight=False)
        self._status: Status | None = None
        self._running: dict[str, str] = {}
        self._count = 0
        self._total = 0

    def expect(self, names: Sequence[str]) -> None:
        """Announce the reports about to be built (nothing when every report is up to date)."""
        self._total = len(names)
        if names:
            noun = "report" if len(names) == 1 else "reports"
            self.console.print(f"Building {len(names)} {noun}: {', '.join(names)}")

    def state(self, name: str, state: str) -> None:
        """A report moved to `state` (executing, rendering html, rendering pdf)."""
        self._running[name] = state
        self._show()

    def done(self, outcome: Outcome) -> None:
        """A report finished: print its line."""
        self._count += 1
        self._running.pop(outcome.name, None)
        self.console.print(result_line(outcome, self._count, self._total), soft_wrap=True)
        self._show()

    def close(self) -> None:
        """Stop any spinner still showing."""
        if self._status is not None:
            self._status.stop()
            self._status = None

    def _show(self) -> None:
        if not self.console.is_terminal or not self._running:
            self.close()
            return
        states = " · ".join(f"{name}: {state}" for name, state in self._running.items())
        message = f"[{self._count}/{self._total} done] {states}…"
        if self._status is None:
            self._status = self.console.status(message)
            self._status.start()
        else:
            self._status.update(message)


def result_line(outcome: Outcome, count: int, total: int) -> Text:
    """'[1/3] ✓ overview  built  4.1 s (execute 3.2 · html 0.2 · pdf 0.7)'."""
    line = Text(f"[{count}/{total}] ")
    if outcome.ok:
        line.append("✓ ", style="green")
        line.append(f"{outcome.name}  built  {_secs(outcome)}")
        steps = [f"{k} {v:.1f}" for k, v in outcome.seconds.items() if k != "total"]
        line.append(f" ({' · '.join(steps)})", style="dim")
    else:
        line.append("✗ ", style="red")
        line.append(f"{outcome.name}  failed  {_secs(outcome)}  ")
        line.append(outcome.failure, style="red")
    return line


def summary(result: BuildResult, reports_folder: str) -> Table:
    """The end-of-build table: one row per report with its result, time and output."""
    failed, current = len(result.failed), len(result.current)
    title = f"crackdown build: {len(result.outcomes) - failed} built"
    title += (f", {failed} failed" if failed else "") + (
        f", {current} up to date" if current else ""
    )
    table = Table(title=f"{title} in {result.seconds:.1f} s", title_justify="left")
    table.add_column("report")
    table.add_column("result")
    table.add_column("time", justify="right")
    table.add_column("output or failure", overflow="fold")
    for o in result.outcomes:
        if o.ok:
            files = ", ".join(f"{reports_folder}/{p.name}" for p in o.staged.values())
            table.add_row(o.name, Text("built", style="green"), _secs(o), files)
        else:
            kept = f"{o.failure} (executed notebook: {reports_folder}/_failed/{o.name}.ipynb)"
            table.add_row(o.name, Text("failed", style="red"), _secs(o), Text(kept))
    for name in result.current:
        table.add_row(name, Text("up to date", style="dim"), "", "unchanged, not rebuilt")
    return table


def failure_lines(result: BuildResult, reports_folder: str) -> list[Text]:
    """One unwrapped line per failed report: the failing cell, the error, what was kept."""
    return [
        Text.assemble(
            (f"{o.name} failed: ", "red"),
            f"{o.failure}. Its executed notebook is {reports_folder}/_failed/{o.name}.ipynb; "
            "its previous HTML and PDF are unchanged.",
        )
        for o in result.failed
    ]


def _secs(outcome: Outcome) -> str:
    return f"{outcome.seconds.get('total', 0):.1f} s"
