"""The build: plan every report, build each into a staging folder, then commit it into reports/.

Three steps, kept apart so that each can be changed alone:

- `plan` checks everything that can be checked without a kernel (the data, reports.toml,
  every report's parameters and their values) and returns one `Job` per report. It reads the
  copy of the inputs the build made (crackdown.publish.cache.snapshot). Nothing is written.
- `build_report(job)` executes and renders one report into its own staging folder. It is a
  function of the job alone, touches nothing published, and returns an `Outcome`: a cache can
  skip it, and a process pool can run several at once.
- `commit(outcome)` moves the staged files into reports/ (one rename each) and records the
  report in the manifest; a failed report moves only its executed notebook, to
  reports/_failed/, and its previous HTML and PDF stay as they were.

`run` skips the reports that are current (crackdown.publish.cache: the key of their inputs and
the digests of their files, recorded in the manifest by `commit`) and builds the others,
several at once in a pool of worker processes (crackdown.publish.pool) when one was prepared.
"""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from crackdown import dataset
from crackdown.dates import format_date
from crackdown.errors import DatasetError, ParameterError, Problem, StagingError
from crackdown.paths import Paths
from crackdown.publish import atomic, cache, parameters, registry, site
from crackdown.publish.execute import CellFailure, ExecutionFailed, check_kernel, execute
from crackdown.publish.registry import Report
from crackdown.publish.render import (
    PRINT_TEMPLATE,
    Page,
    Parameter,
    Source,
    render_html,
    render_pdf,
    safe_url,
    shown_value,
)

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
    key: str = ""


@dataclass(frozen=True)
class Outcome:
    """What building one report produced, still in its staging folder."""

    name: str
    staged: Mapping[str, Path] = field(default_factory=dict)
    executed: Path | None = None
    failure: CellFailure | None = None
    coverage: Mapping[str, Any] | None = None
    seconds: Mapping[str, float] = field(default_factory=dict)
    sha256: Mapping[str, str] = field(default_factory=dict)

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
    inputs: cache.Inputs | None = None
    source: Paths | None = None  # what the plan read, when not `paths` itself


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


@contextmanager
def inputs_copied(paths: Paths) -> Iterator[tuple[Paths, cache.Inputs]]:
    """The build's copy of the inputs (crackdown.publish.cache.snapshot), removed afterwards.

    A file the copy refuses is named as `crackdown check` names it, when the check finds it.
    """
    try:
        try:
            copied = cache.snapshot(paths)
        except DatasetError:
            _, problems = dataset.check(paths.root)
            if problems:
                raise DatasetError(problems) from None
            raise
        yield copied
    finally:
        cache.remove_snapshot(paths)


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
    fingerprints = inputs or cache.inputs(read)
    # A validation of the same bytes by the same code is remembered; raises DatasetError.
    data = dataset.load(read.root)
    reports = registry.load(read, data.figures)
    chosen = registry.select(reports, names)
    sources = _sources(data.articles)
    jobs: list[Job] = []
    errors: list[Problem] = []
    hints: dict[str, None] = {}
    declared_by_notebook: dict[Path, dict[str, parameters.Declared]] = {}
    metrics = _metrics(read)
    for report in chosen:
        if report.notebook not in declared_by_notebook:
            declared_by_notebook[report.notebook] = parameters.declared(
                report.notebook, read.relative(report.notebook)
            )
        declared = declared_by_notebook[report.notebook]
        try:
            inject = parameters.check(report.parameters, declared, report.origin, metrics)
        except ParameterError as err:
            errors += err.problems
            hints[f"{read.relative(report.notebook)}: {err.hint}"] = None
            continue
        if "title" in declared:
            inject["title"] = report.title
        used = parameters.effective(inject, declared)
        shown = tuple(
            Parameter(name, shown_value(value), declared[name].help)
            for name, value in used.items()
            if name != "title"
        )
        jobs.append(
            Job(
                report=report,
                inject=inject,
                shown=shown,
                root=read.root,
                staging=paths.reports_staging / report.name,
                data_version=data.version,
                sources=sources,
                key=cache.report_key(
                    fingerprints,
                    name=report.name,
                    notebook=report.notebook_name,
                    title=report.title,
                    formats=report.formats,
                    parameters=inject,
                    shown=[asdict(p) for p in shown],
                ),
            )
        )
    if errors:
        raise ParameterError(errors, hint="\n".join(hints))
    if jobs:
        check_kernel()
    return Plan(paths, tuple(jobs), tuple(reports), data.version, fingerprints, source)


def _metrics(paths: Paths) -> frozenset[str]:
    """The metrics data/datapackage.json allows, for checking parameters that name metrics."""
    try:
        package = json.loads(paths.datapackage.read_text(encoding="utf-8"))
        fields = [f for r in package["resources"] for f in r["schema"]["fields"]]
        return frozenset(next(f for f in fields if f["name"] == "metric")["constraints"]["enum"])
    except (OSError, ValueError, KeyError, TypeError, StopIteration):
        return frozenset()


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
    digests = {path.name: cache.file_digest(path) for path in staged.values()}
    return Outcome(report.name, staged, executed, None, coverage, seconds, digests)


def commit(outcome: Outcome, job: Job, paths: Paths, manifest: dict[str, Any]) -> None:
    """Publish a built report (one rename per file) or file a failed one under _failed/."""
    report = job.report
    entries: dict[str, Any] = manifest.setdefault("reports", {})
    failed_copy = paths.reports_failed / f"{report.name}.ipynb"
    if outcome.ok:
        for staged in outcome.staged.values():
            atomic.move_into(staged, paths.reports / staged.name)
        failed_copy.unlink(missing_ok=True)
        # A format dropped from reports.toml: its file goes with it.
        _unpublish(paths, entries.get(report.name), keep=outcome.sha256)
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
            # What the report was built from and what it wrote: crackdown.publish.cache checks
            # both. Recorded by this one atomic write, after the files are in place.
            "key": job.key,
            "sha256": dict(outcome.sha256),
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


def _unpublish(paths: Paths, entry: Mapping[str, Any] | None, keep: Mapping[str, str]) -> None:
    """Remove the files a manifest entry says the build published, but those in `keep`.

    Only names the build itself wrote (a report's name and format) are ever removed.
    """
    for name in (entry or {}).get("sha256", {}):
        if name not in keep and registry.published_name(name):
            (paths.reports / name).unlink(missing_ok=True)


def build(
    paths: Paths,
    names: Sequence[str] = (),
    *,
    on_state: StateCallback | None = None,
    on_done: Callable[[Outcome], None] | None = None,
    force: bool = False,
) -> BuildResult:
    """Build the reports named (all when none) from a copy of the inputs: plan, build and
    commit each, then the index."""
    with inputs_copied(paths) as (source, fingerprints):
        checked = plan(paths, names, source=source, inputs=fingerprints)
        return run(checked, on_state=on_state, on_done=on_done, force=force)


def stale(checked: Plan, manifest: Mapping[str, Any], force: bool = False) -> list[Job]:
    """The jobs whose report is not current: inputs changed, files missing or edited, failed."""
    entries = manifest.get("reports", {})
    reports = checked.paths.reports
    return [
        job
        for job in checked.jobs
        if force or not cache.is_current(entries.get(job.report.name), job.key, reports)
    ]


def run(
    checked: Plan,
    *,
    on_state: StateCallback | None = None,
    on_done: Callable[[Outcome], None] | None = None,
    on_start: Callable[[Sequence[str]], None] | None = None,
    force: bool = False,
) -> BuildResult:
    """Build and commit every job of a checked plan that is stale (all with `force`), then
    write the index. The jobs run in the worker pool when one was prepared, else here."""
    started = time.perf_counter()
    paths = checked.paths
    manifest = site.read_manifest(paths)
    todo = stale(checked, manifest, force)
    building = {job.report.name for job in todo}
    current = tuple(j.report.name for j in checked.jobs if j.report.name not in building)
    staging = open_staging(paths)
    if on_start:
        on_start([job.report.name for job in todo])
    outcomes: dict[str, Outcome] = {}

    def done(outcome: Outcome, job: Job) -> None:
        commit(outcome, job, paths, manifest)
        outcomes[job.report.name] = outcome
        if on_done:
            on_done(outcome)

    try:
        from crackdown.publish import pool

        if todo and pool.prepared():
            pool.build(todo, on_state=on_state, on_done=done)
        else:
            for job in todo:
                done(build_report(job, on_state), job)
        published = finish(checked, manifest)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    ordered = tuple(outcomes[j.report.name] for j in todo if j.report.name in outcomes)
    result = BuildResult(ordered, time.perf_counter() - started, current)
    _remember(checked, manifest, result, published)
    return result


def open_staging(paths: Paths) -> Path:
    """Make reports/.staging, the build's own folder for files not yet published.

    Every published file is written there and renamed into place, so whatever a killed build
    leaves is in that one folder, which the next build removes (crackdown.publish.lock).
    """
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


def _remember(
    checked: Plan, manifest: Mapping[str, Any], result: BuildResult, published: Sequence[Path]
) -> None:
    """Record a complete build for the no-op check, or forget the last one if this one failed.

    Recorded only when every report of reports.toml is current. The fingerprint is of the copy
    the kernels read: an edit made while the build ran is a change the next build sees.
    """
    paths = checked.paths
    if result.failed:
        cache.forget_state(paths)
        return
    if checked.inputs is None or len(checked.jobs) != len(checked.reports):
        return
    entries = manifest.get("reports", {})
    files = [
        paths.reports / name
        for report in checked.reports
        for name in entries.get(report.name, {}).get("sha256", {})
    ]
    cache.record_state(
        paths, checked.inputs, [r.name for r in checked.reports], [*files, *published]
    )


def finish(checked: Plan, manifest: dict[str, Any]) -> list[Path]:
    """Publish the data files, the manifest and index.html for every report in reports.toml.

    A report no longer in reports.toml loses its entry and its files. Returns the files
    published; one whose bytes would not change is not written again.
    """
    paths = checked.paths
    known = {r.name for r in checked.reports}
    entries = manifest.setdefault("reports", {})
    for name in [n for n in entries if n not in known]:
        _unpublish(paths, entries.pop(name), keep={})
        if registry.published_name(f"{name}.ipynb"):
            (paths.reports_failed / f"{name}.ipynb").unlink(missing_ok=True)
    manifest["data_version"] = checked.data_version
    site.write_manifest(paths, manifest)
    files = site.data_files(checked.source or paths)
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
    return [
        paths.reports / site.MANIFEST,
        paths.reports / site.INDEX,
        *(paths.reports_data / f.name for f in files),
    ]


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
