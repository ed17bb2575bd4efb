"""The build: plan every report, build each into a staging folder, then commit it into reports/.

- `plan` checks everything that can be checked without a kernel (the data, reports.toml, every
  parameter and value) and returns one `Job` per report. Nothing is written.
- `build_report(job)` executes and renders one report into its own staging folder; it touches
  nothing published, so a process pool can run several at once (crackdown.publish.pool).
- `commit` moves the staged files into reports/ (one rename each) and records the report in
  the manifest; a failed report files only its executed notebook under reports/_failed/.

`run` builds only the reports that are not current (crackdown.publish.cache), then the site.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Protocol

import pandas as pd

from crackdown import catalogue, dataset, model
from crackdown.catalogue import Report
from crackdown.dates import format_date
from crackdown.errors import DatasetError, StagingError
from crackdown.paths import Paths
from crackdown.publish import atomic, cache, pool, render, site
from crackdown.publish.execute import ExecutionFailed, check_kernel, execute
from crackdown.publish.render import Parameter, Source

StateCallback = Callable[[str, str], None]


@dataclass(frozen=True)
class Job:
    """Everything building one report needs, as plain data a worker process can receive."""

    report: Report
    inject: Mapping[str, Any]
    shown: tuple[Parameter, ...]
    root: Path  # the project the kernel reads: the build's copy of the inputs
    staging: Path
    data_version: str
    sources: Mapping[str, Source]
    key: str


@dataclass(frozen=True)
class Outcome:
    """What building one report produced, still in its staging folder, or why it failed."""

    name: str
    staged: Mapping[str, Path] = field(default_factory=dict)
    failure: str = ""
    coverage: Mapping[str, Any] | None = None
    seconds: Mapping[str, float] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """Whether the report built."""
        return not self.failure


@dataclass(frozen=True)
class Plan:
    """The checked build: jobs for the reports asked for, and every report for the index."""

    paths: Paths  # where the build publishes
    read: Paths  # what it read: the build's copy of the inputs, or `paths` itself
    jobs: tuple[Job, ...]
    reports: tuple[Report, ...]
    data_version: str
    inputs: cache.Inputs


class Shown(Protocol):
    """What shows a build as it goes (crackdown.commands.progress)."""

    def expect(self, names: Sequence[str]) -> None: ...  # the reports about to be built
    def state(self, name: str, state: str) -> None: ...  # executing, rendering html, ...
    def done(self, outcome: Outcome) -> None: ...  # a report ended


@dataclass(frozen=True)
class BuildResult:
    """Every outcome of one build, in build order, the reports already current, and its time."""

    outcomes: tuple[Outcome, ...]
    seconds: float
    current: tuple[str, ...] = ()

    @property
    def failed(self) -> list[Outcome]:
        """The reports that did not build."""
        return [o for o in self.outcomes if not o.ok]


def plan(
    paths: Paths,
    names: Sequence[str] = (),
    *,
    source: Paths | None = None,
    inputs: cache.Inputs | None = None,
) -> Plan:
    """Check the data, reports.toml, every parameter and value; raise before any kernel starts.

    `source` is the project to read (the build's copy of the inputs, fingerprinted as
    `inputs`); by default `paths` itself. What is published goes to `paths`.
    """
    read = source or paths
    inputs = inputs or cache.inputs(read)
    data = dataset.load(read.root)  # raises DatasetError
    metrics = model.enums(read.root).metrics
    reports, found = catalogue.checked(read, data.figures, metrics, names, paths.parameters_memo)
    sources = _sources(data.articles)
    jobs: list[Job] = []
    for checked in found:
        report, inject = checked.report, checked.inject
        shown = tuple(
            Parameter(name, render.shown_value(inject.get(name, p.default)), p.help)
            for name, p in checked.accepted.items()
            if name != "title"
        )
        entry = {
            "name": report.name,
            "title": report.title,
            "formats": report.formats,
            "parameters": inject,
            "shown": [asdict(p) for p in shown],
        }
        staging = paths.reports_staging / report.name
        key = cache.report_key(inputs, report.notebook.name, entry)
        jobs.append(Job(report, inject, shown, read.root, staging, data.version, sources, key))
    if jobs:
        check_kernel()
    return Plan(paths, read, tuple(jobs), tuple(reports), data.version, inputs)


def build_report(job: Job, on_state: StateCallback | None = None) -> Outcome:
    """Execute and render one report into `job.staging`; never touches the published files."""
    name, formats = job.report.name, job.report.formats
    tell = on_state or (lambda name, state: None)
    shutil.rmtree(job.staging, ignore_errors=True)
    job.staging.mkdir(parents=True)
    seconds: dict[str, float] = {}
    started = mark = time.perf_counter()
    staged: dict[str, Path] = {}
    step = "executing"
    try:
        tell(name, step)
        nb = execute(job.report.notebook, job.inject, job.staging / f"{name}.ipynb", job.root)
        seconds["execute"] = time.perf_counter() - mark
        told = render.told_by_notebook(nb)
        # The articles the report drew on: all of them when it recorded no coverage.
        cited = set(told["coverage"].get("articles", [])) if "coverage" in told else None
        page = render.Page(
            title=job.report.title,
            data_version=job.data_version,
            parameters=job.shown,
            sources=[s for a, s in job.sources.items() if cited is None or a in cited],
            pdf=f"{name}.pdf" if "pdf" in formats else "",
            description=told.get("description", ""),
            as_of=format_date(told["as_of"]) if "as_of" in told else "",
        )
        for fmt in formats:
            step = f"rendering {fmt}"
            tell(name, step)
            mark = time.perf_counter()
            staged[fmt] = job.staging / f"{name}.{fmt}"
            if fmt == "html":
                atomic.write_text(staged[fmt], render.render_html(nb, page))
            else:
                print_page = render.render_html(nb, page, variant=render.PRINT_TEMPLATE)
                atomic.write_bytes(staged[fmt], render.render_pdf(print_page))
            seconds[fmt] = time.perf_counter() - mark
    except Exception as err:  # this report fails; the build goes on
        failure = str(err) if isinstance(err, ExecutionFailed) else f"{type(err).__name__}: {err}"
        seconds["total"] = time.perf_counter() - started
        prefix = "" if step == "executing" else f"{step}: "
        return Outcome(name, failure=prefix + failure, seconds=seconds)
    seconds["total"] = time.perf_counter() - started
    return Outcome(name, staged, coverage=told.get("coverage"), seconds=seconds)


def _entry(report: Report, shown: Sequence[Parameter] = ()) -> dict[str, Any]:
    """A report's manifest entry while nothing of it is published."""
    return {
        "title": report.title,
        "notebook": report.notebook.name,
        "parameters": [asdict(p) for p in shown],
        "formats": list(report.formats),
        "html": "",
        "pdf": "",
        "coverage": "",
        "coverage_detail": {},
        "data_version": "",
        "status": "not built",
        "failure": "",
    }


def commit(outcome: Outcome, job: Job, paths: Paths, manifest: dict[str, Any]) -> None:
    """Publish a built report (one rename per file) or file a failed one under _failed/.

    The manifest records the report's key and the sha256 of its files (crackdown.publish.cache
    checks both) in one atomic write, after the files are in place.
    """
    name = job.report.name
    entries: dict[str, Any] = manifest["reports"]
    failed_copy = paths.reports_failed / f"{name}.ipynb"
    if outcome.ok:
        digests = {p.name: cache.file_digest(p) for p in outcome.staged.values()}
        for staged in outcome.staged.values():
            atomic.move_into(staged, paths.reports / staged.name)
        failed_copy.unlink(missing_ok=True)
        _unpublish(paths, entries.get(name), keep=digests)  # a format dropped from reports.toml
        coverage = dict(outcome.coverage or {})
        entries[name] = _entry(job.report, job.shown) | {
            "html": f"{name}.html" if "html" in outcome.staged else "",
            "pdf": f"{name}.pdf" if "pdf" in outcome.staged else "",
            "coverage": coverage.get("text", ""),
            "coverage_detail": coverage,
            "data_version": job.data_version,
            "status": "built",
            "key": job.key,
            "sha256": digests,
        }
    else:
        executed = job.staging / f"{name}.ipynb"
        if executed.is_file():
            atomic.move_into(executed, failed_copy)
        entries[name] = (entries.get(name) or _entry(job.report, job.shown)) | {
            "status": "failed",
            "failure": outcome.failure,
            "failed_notebook": paths.relative(failed_copy) if failed_copy.is_file() else "",
        }
    site.write_manifest(paths, manifest)


def _unpublish(paths: Paths, entry: Mapping[str, Any] | None, keep: Mapping[str, str]) -> None:
    """Remove the files a manifest entry says the build published, but those in `keep`; only
    names the build itself writes (a report's name and format) are ever removed."""
    for name in (entry or {}).get("sha256", {}):
        if name not in keep and catalogue.published_name(name):
            (paths.reports / name).unlink(missing_ok=True)


def build(
    paths: Paths, names: Sequence[str] = (), *, force: bool = False, shown: Shown | None = None
) -> BuildResult:
    """Build the reports named (all when none) from a copy of the inputs (cache.snapshot), then
    the site; a file the copy refuses is named as `crackdown check` names it."""
    try:
        try:
            source, inputs = cache.snapshot(paths)
        except DatasetError:
            _, problems = dataset.check(paths.root)
            if problems:
                raise DatasetError(problems) from None
            raise
        return run(plan(paths, names, source=source, inputs=inputs), force=force, shown=shown)
    finally:
        cache.remove_snapshot(paths)


def run(checked: Plan, *, force: bool = False, shown: Shown | None = None) -> BuildResult:
    """Build and commit every job of a checked plan whose report is not current (all with
    `force`), in the worker pool when one was prepared, then publish the site.

    A complete build (every report of reports.toml current) is recorded for the no-op check;
    a failed one forgets the last record.
    """
    started = time.perf_counter()
    paths = checked.paths
    manifest = site.read_manifest(paths)
    entries = manifest["reports"]
    todo = [
        job
        for job in checked.jobs
        if force or not cache.is_current(entries.get(job.report.name), job.key, paths.reports)
    ]
    building = [job.report.name for job in todo]
    current = tuple(j.report.name for j in checked.jobs if j.report.name not in building)
    staging = open_staging(paths)
    if shown:
        shown.expect(building)
    outcomes: dict[str, Outcome] = {}

    def done(outcome: Outcome, job: Job) -> None:
        commit(outcome, job, paths, manifest)
        outcomes[job.report.name] = outcome
        if shown:
            shown.done(outcome)

    try:
        on_state = shown.state if shown else None
        if todo and pool.prepared():
            pool.build(todo, on_state=on_state, on_done=done)
        else:
            for job in todo:
                done(build_report(job, on_state), job)
        finish(checked, manifest)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    ordered = tuple(outcomes[name] for name in building)
    result = BuildResult(ordered, time.perf_counter() - started, current)
    if result.failed:
        paths.build_state.unlink(missing_ok=True)
    elif len(checked.jobs) == len(checked.reports):
        cache.record_state(paths, checked.inputs, [r.name for r in checked.reports])
    return result


def open_staging(paths: Paths) -> Path:
    """Make reports/.staging, where every file is written before it is renamed into place (so
    whatever a killed build leaves is there, for the next build to remove)."""
    staging = paths.reports_staging
    where = staging.relative_to(paths.root).as_posix()
    if staging.is_symlink() or (staging.exists() and not staging.is_dir()):
        raise StagingError(
            f"{where} is a symbolic link or a file; the build keeps its unfinished files in a "
            f"folder of its own there and never writes through a link: remove it "
            f"(rm {where}) and build again; nothing was built"
        )
    try:
        staging.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise StagingError(
            f"cannot write in {paths.relative(paths.reports)}/ ({err.strerror}); "
            "make it writable and build again; nothing was built"
        ) from err
    return staging


def finish(checked: Plan, manifest: dict[str, Any]) -> None:
    """Publish the data files, the manifest and index.html for every report in reports.toml;
    a report no longer there loses its entry and its files."""
    paths = checked.paths
    known = {r.name for r in checked.reports}
    entries = manifest["reports"]
    for name in [n for n in entries if n not in known]:
        _unpublish(paths, entries.pop(name), keep={})
        if catalogue.published_name(f"{name}.ipynb"):
            (paths.reports_failed / f"{name}.ipynb").unlink(missing_ok=True)
    manifest["data_version"] = checked.data_version
    site.write_manifest(paths, manifest)
    files = site.data_files(checked.read)
    site.publish_data(paths, files)
    index = [{"name": r.name, **(entries.get(r.name) or _entry(r))} for r in checked.reports]
    site.write_index(paths, index, files, checked.data_version)
    if paths.reports_failed.is_dir() and not any(paths.reports_failed.iterdir()):
        paths.reports_failed.rmdir()


def _sources(articles: pd.DataFrame) -> dict[str, Source]:
    ordered = articles.sort_values(["published_on", "article_id"], kind="stable")
    return {
        str(a["article_id"]): Source(
            outlet=str(a["outlet"]),
            headline=str(a["headline"]),
            published=format_date(a["published_on"], str(a["published_precision"])),
            url=render.safe_url(str(a["url"])),
            credited=str(a["credited_sources"]),
        )
        for a in ordered.to_dict("records")
    }
