"""The build: plan every report, build each into a staging folder, then commit it into reports/.

Three steps, kept apart so that each can be changed alone:

- `plan` checks everything that can be checked without a kernel (the data, reports.toml,
  every report's parameters) and returns one `Job` per report. Nothing is written.
- `build_report(job)` executes and renders one report into its own staging folder. It is a
  function of the job alone, touches nothing in reports/, and returns an `Outcome`: a cache
  can skip it, and a process pool can run several at once.
- `commit(outcome)` moves the staged files into reports/ (one rename each) and records the
  report in the manifest; a failed report moves only its executed notebook, to
  reports/_failed/, and its previous HTML and PDF stay as they were.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from crackdown import dataset
from crackdown.build import atomic, parameters, registry, site
from crackdown.build.execute import CellFailure, ExecutionFailed, check_kernel, execute
from crackdown.build.registry import Report
from crackdown.build.render import (
    PRINT_TEMPLATE,
    Page,
    Parameter,
    Source,
    render_html,
    render_pdf,
    safe_url,
    shown_value,
)
from crackdown.dates import format_date
from crackdown.errors import DatasetError, ParameterError
from crackdown.paths import Paths

StateCallback = Callable[[str, str], None]


@dataclass(frozen=True)
class Job:
    """Everything building one report needs, as plain data a worker process can receive."""

    report: Report
    inject: Mapping[str, Any]
    shown: tuple[Parameter, ...]
    root: Path
    staging: Path
    data_version: str
    sources: Mapping[str, Source]


@dataclass(frozen=True)
class Outcome:
    """What building one report produced, still in its staging folder."""

    name: str
    staged: Mapping[str, Path] = field(default_factory=dict)
    executed: Path | None = None
    failure: CellFailure | None = None
    coverage: Mapping[str, Any] | None = None
    seconds: Mapping[str, float] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """Whether the report built."""
        return self.failure is None


@dataclass(frozen=True)
class Plan:
    """The checked build: jobs for the reports asked for, and every report for the index."""

    paths: Paths
    jobs: tuple[Job, ...]
    reports: tuple[Report, ...]
    data_version: str


@dataclass(frozen=True)
class BuildResult:
    """Every outcome of one build, in build order, and its wall time."""

    outcomes: tuple[Outcome, ...]
    seconds: float

    @property
    def failed(self) -> list[Outcome]:
        """The reports that did not build."""
        return [o for o in self.outcomes if not o.ok]


def plan(paths: Paths, names: Sequence[str] = ()) -> Plan:
    """Check the data, reports.toml and every parameter; raise before any kernel starts."""
    data, problems = dataset.check(paths.root)
    if problems or data is None:
        raise DatasetError(problems)
    reports = registry.load(paths, data.figures)
    chosen = registry.select(reports, names)
    sources = _sources(data.articles)
    staging = paths.reports_staging
    jobs, errors = [], []
    declared_by_notebook: dict[Path, dict[str, parameters.Declared]] = {}
    for report in chosen:
        if report.notebook not in declared_by_notebook:
            declared_by_notebook[report.notebook] = parameters.declared(
                report.notebook, paths.relative(report.notebook)
            )
        declared = declared_by_notebook[report.notebook]
        try:
            inject = parameters.check(report.parameters, declared, report.origin)
        except ParameterError as err:
            errors.append(str(err))
            continue
        if "title" in declared:
            inject["title"] = report.title
        used = parameters.effective(inject, declared)
        jobs.append(
            Job(
                report=report,
                inject=inject,
                shown=tuple(
                    Parameter(name, shown_value(value), declared[name].help)
                    for name, value in used.items()
                    if name != "title"
                ),
                root=paths.root,
                staging=staging / report.name,
                data_version=data.version,
                sources=sources,
            )
        )
    if errors:
        raise ParameterError("\n".join(errors))
    if jobs:
        check_kernel()
    return Plan(paths, tuple(jobs), tuple(reports), data.version)


def build_report(job: Job, on_state: StateCallback | None = None) -> Outcome:
    """Execute and render one report into `job.staging`; never touches the published files."""
    report = job.report
    tell = on_state or (lambda name, state: None)
    if job.staging.exists():
        shutil.rmtree(job.staging)
    job.staging.mkdir(parents=True)
    seconds: dict[str, float] = {}
    started = time.perf_counter()
    executed = job.staging / f"{report.name}.ipynb"
    tell(report.name, "executing")
    try:
        nb = execute(report.notebook, job.inject, executed, job.root)
    except ExecutionFailed as err:
        seconds["execute"] = seconds["total"] = time.perf_counter() - started
        return Outcome(report.name, executed=err.notebook, failure=err.failure, seconds=seconds)
    seconds["execute"] = time.perf_counter() - started
    coverage = coverage_of_notebook(nb)
    page = Page(
        title=report.title,
        data_version=job.data_version,
        parameters=job.shown,
        sources=_cited(job.sources, coverage),
        pdf=f"{report.name}.pdf" if "pdf" in report.formats else "",
    )
    staged: dict[str, Path] = {}
    step = "html"
    try:
        tell(report.name, "rendering html")
        mark = time.perf_counter()
        if "html" in report.formats:
            staged["html"] = job.staging / f"{report.name}.html"
            atomic.write_text(staged["html"], render_html(nb, page))
        seconds["html"] = time.perf_counter() - mark
        if "pdf" in report.formats:
            step = "pdf"
            tell(report.name, "rendering pdf")
            mark = time.perf_counter()
            print_page = render_html(nb, page, variant=PRINT_TEMPLATE)
            staged["pdf"] = job.staging / f"{report.name}.pdf"
            atomic.write_bytes(staged["pdf"], render_pdf(print_page))
            seconds["pdf"] = time.perf_counter() - mark
    except Exception as err:  # a rendering error fails this report only; the build goes on
        seconds["total"] = time.perf_counter() - started
        failure = CellFailure(None, None, "", f"rendering {step}: {type(err).__name__}: {err}")
        return Outcome(report.name, executed=executed, failure=failure, seconds=seconds)
    seconds["total"] = time.perf_counter() - started
    return Outcome(report.name, staged, executed, None, coverage, seconds)


def commit(outcome: Outcome, job: Job, paths: Paths, manifest: dict[str, Any]) -> None:
    """Publish a built report (one rename per file) or file a failed one under _failed/."""
    report = job.report
    entries: dict[str, Any] = manifest.setdefault("reports", {})
    failed_copy = paths.reports_failed / f"{report.name}.ipynb"
    if outcome.ok:
        for staged in outcome.staged.values():
            atomic.move_into(staged, paths.reports / staged.name)
        failed_copy.unlink(missing_ok=True)
        coverage = dict(outcome.coverage or {})
        entries[report.name] = {
            "title": report.title,
            "notebook": report.notebook_name,
            "parameters": [asdict(p) for p in job.shown],
            "formats": list(report.formats),
            "html": f"{report.name}.html" if "html" in outcome.staged else "",
            "pdf": f"{report.name}.pdf" if "pdf" in outcome.staged else "",
            "coverage": coverage.get("text", ""),
            "coverage_detail": coverage,
            "data_version": job.data_version,
            "status": "built",
            "failure": "",
        }
    else:
        if outcome.executed is not None and outcome.executed.is_file():
            atomic.move_into(outcome.executed, failed_copy)
        previous = entries.get(report.name) or {
            "title": report.title,
            "notebook": report.notebook_name,
            "parameters": [asdict(p) for p in job.shown],
            "formats": list(report.formats),
            "html": "",
            "pdf": "",
            "coverage": "",
            "coverage_detail": {},
            "data_version": "",
        }
        entries[report.name] = {
            **previous,
            "status": "failed",
            "failure": str(outcome.failure),
            "failed_notebook": paths.relative(failed_copy) if failed_copy.is_file() else "",
        }
    site.write_manifest(paths, manifest)


def build(
    paths: Paths,
    names: Sequence[str] = (),
    *,
    on_state: StateCallback | None = None,
    on_done: Callable[[Outcome], None] | None = None,
) -> BuildResult:
    """Build the reports named (all when none): plan, build and commit each, then the index."""
    return run(plan(paths, names), on_state=on_state, on_done=on_done)


def run(
    checked: Plan,
    *,
    on_state: StateCallback | None = None,
    on_done: Callable[[Outcome], None] | None = None,
) -> BuildResult:
    """Build and commit every job of a checked plan, then write the index."""
    started = time.perf_counter()
    paths = checked.paths
    manifest = site.read_manifest(paths)
    staging = paths.reports_staging
    if staging.exists():
        shutil.rmtree(staging)
    outcomes = []
    try:
        for job in checked.jobs:
            outcome = build_report(job, on_state)
            commit(outcome, job, paths, manifest)
            outcomes.append(outcome)
            if on_done:
                on_done(outcome)
        finish(checked, manifest)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return BuildResult(tuple(outcomes), time.perf_counter() - started)


def finish(checked: Plan, manifest: dict[str, Any]) -> None:
    """Publish the data files, the manifest and index.html for every report in reports.toml."""
    paths = checked.paths
    known = {r.name for r in checked.reports}
    entries = manifest.setdefault("reports", {})
    for name in [n for n in entries if n not in known]:
        del entries[name]
    manifest["data_version"] = checked.data_version
    site.write_manifest(paths, manifest)
    files = site.data_files(paths)
    site.publish_data(paths, files)
    index = [
        {"name": r.name, **entries[r.name]}
        if r.name in entries
        else {
            "name": r.name,
            "title": r.title,
            "html": "",
            "pdf": "",
            "parameters": [],
            "coverage": "",
            "status": "not built",
            "failure": "",
        }
        for r in checked.reports
    ]
    site.write_index(paths, index, files, checked.data_version)
    failed = paths.reports_failed
    if failed.is_dir() and not any(failed.iterdir()):
        failed.rmdir()


def coverage_of_notebook(nb: Any) -> dict[str, Any] | None:
    """The coverage the notebook recorded with display.coverage (the last one), if any."""
    found = None
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            meta = output.get("metadata", {}).get("crackdown", {})
            if isinstance(meta, dict) and isinstance(meta.get("coverage"), dict):
                found = dict(meta["coverage"])
    return found


def _sources(articles: pd.DataFrame) -> dict[str, Source]:
    ordered = articles.sort_values(["published_on", "article_id"], kind="stable")
    return {
        str(a["article_id"]): Source(
            outlet=str(a["outlet"]),
            headline=str(a["headline"]),
            published=format_date(a["published_on"], str(a["published_precision"])),
            url=safe_url(str(a["url"])),
            credited=str(a["credited_sources"]),
        )
        for a in ordered.to_dict("records")
    }


def _cited(sources: Mapping[str, Source], coverage: Mapping[str, Any] | None) -> list[Source]:
    """The articles the report drew on (all of them when it recorded no coverage)."""
    if coverage is None:
        return list(sources.values())
    used = set(coverage.get("articles", []))
    return [s for article_id, s in sources.items() if article_id in used]
