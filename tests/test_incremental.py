"""Incremental builds: each kind of input, changed in turn, rebuilds exactly the reports reading it.

No kernel runs here: `pipeline.build_report` is replaced by one that writes each report's files
from its key, so that what is rebuilt, what is skipped and what is written can be checked in a
fraction of a second. tests/test_pool.py builds real reports.
"""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import copy_project, run_build
from crackdown.paths import PACKAGE_DIR, Paths
from crackdown.publish import atomic, cache, pipeline, site

REPORTS = ("overview", "nationality-jp", "sources")


class FakeBuilds:
    """Stands in for `pipeline.build_report`: the files of a report are its name and key."""

    def __init__(self) -> None:
        self.built: list[str] = []
        self.failing: set[str] = set()

    def __call__(self, job: pipeline.Job, on_state: Any = None, **_: Any) -> pipeline.Outcome:
        self.built.append(job.report.name)
        if job.report.name in self.failing:
            return pipeline.Outcome(job.report.name, failure="boom")
        job.staging.mkdir(parents=True, exist_ok=True)
        staged = {}
        for fmt in job.report.formats:
            staged[fmt] = job.staging / f"{job.report.name}.{fmt}"
            staged[fmt].write_text(f"{job.report.name} built with {job.key}\n", encoding="utf-8")
        return pipeline.Outcome(job.report.name, staged, coverage={}, seconds={"total": 0.0})

    def build(self, paths: Paths, *args: str) -> set[str]:
        """`crackdown build ARGS --jobs 1`; the set of reports it rebuilt."""
        self.built.clear()
        code, out, err = run_build(paths, "--jobs", "1", *args)
        assert code == (1 if self.failing else 0), out + err
        return set(self.built)


@pytest.fixture
def package_copy(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A copy of the package's source and templates that the keys are computed from."""
    copy = tmp_path_factory.mktemp("package") / "crackdown"
    shutil.copytree(PACKAGE_DIR, copy, ignore=shutil.ignore_patterns("__pycache__"))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(cache, "PACKAGE_DIR", copy)
        yield copy


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch, package_copy: Path) -> FakeBuilds:
    builds = FakeBuilds()
    monkeypatch.setattr(pipeline, "build_report", builds)
    return builds


@pytest.fixture
def built(tmp_path: Path, fake: FakeBuilds) -> Paths:
    """A copy of the project with every report built once."""
    paths = copy_project(tmp_path / "project")
    assert fake.build(paths) == set(REPORTS)
    return paths


def edit_row(file: Path, column: str, value: str, row: int = 0) -> None:
    """Set one cell of a CSV file, keeping everything else as it was."""
    with file.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    rows[row][column] = value
    with file.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def edit_notebook(file: Path) -> None:
    """Change a notebook's narrative (its first Markdown cell), as an author would."""
    nb = json.loads(file.read_text(encoding="utf-8"))
    cell = next(c for c in nb["cells"] if c["cell_type"] == "markdown")
    cell["source"] = [*cell["source"], "\n\nOne more sentence."]
    file.write_text(json.dumps(nb, indent=1) + "\n", encoding="utf-8")


def edit_report_entry(paths: Paths, name: str, old: str, new: str) -> None:
    text = paths.reports_toml.read_text(encoding="utf-8")
    block = text.index(f'name = "{name}"')
    end = text.find("[[report]]", block)
    end = len(text) if end == -1 else end
    assert old in text[block:end]
    paths.reports_toml.write_text(
        text[:block] + text[block:end].replace(old, new, 1) + text[end:], encoding="utf-8"
    )


def fake_library_version(monkeypatch: pytest.MonkeyPatch, library: str) -> None:
    real = cache.metadata.version
    monkeypatch.setattr(
        cache.metadata, "version", lambda name: "999.0" if name == library else real(name)
    )


def add_candidate(paths: Paths) -> None:
    paths.candidates.mkdir(exist_ok=True)
    (paths.candidates / "new-article.csv").write_text("figure_id\nx\n", encoding="utf-8")


def append_to(file: Path, text: str) -> None:
    file.write_text(file.read_text(encoding="utf-8") + text, encoding="utf-8")


def cut_short(file: Path) -> None:
    file.write_bytes(file.read_bytes()[:5])


Change = Callable[[Paths, Path, pytest.MonkeyPatch], object]
#: What is changed, how, and which reports must be rebuilt: every report reads all of the data
#: (each notebook loads it, each page shows its version); a notebook only its own reports.
CHANGES: dict[str, tuple[Change, set[str]]] = {
    "the overview notebook": (
        lambda p, pkg, mp: edit_notebook(p.notebooks / "overview.ipynb"),
        {"overview"},
    ),
    "the nationality notebook": (
        lambda p, pkg, mp: edit_notebook(p.notebooks / "nationality.ipynb"),
        {"nationality-jp"},
    ),
    "one report's title in reports.toml": (
        lambda p, pkg, mp: edit_report_entry(p, "sources", 'title = "Sources', 'title = "All'),
        {"sources"},
    ),
    "one report's parameters in reports.toml": (
        lambda p, pkg, mp: edit_report_entry(
            p,
            "overview",
            'formats = ["html", "pdf"]',
            'formats = ["html", "pdf"]\n\n[report.parameters]\nstart = "2024-01-01"',
        ),
        {"overview"},
    ),
    "a comment in reports.toml": (
        lambda p, pkg, mp: append_to(p.reports_toml, "\n# a comment\n"),
        set(),
    ),
    "a row of data/figures.csv": (
        lambda p, pkg, mp: edit_row(p.figures_csv, "notes", "checked again"),
        set(REPORTS),
    ),
    "a row of data/nationalities.csv": (
        lambda p, pkg, mp: edit_row(p.nationalities_csv, "notes", "checked again"),
        set(REPORTS),
    ),
    "a row of seeds/articles.csv": (
        lambda p, pkg, mp: edit_row(p.articles_csv, "notes", "checked again"),
        set(REPORTS),
    ),
    "a file under data/candidates/, which no report reads": (
        lambda p, pkg, mp: add_candidate(p),
        set(),
    ),
    "the package's source": (
        lambda p, pkg, mp: append_to(pkg / "charts" / "frame.py", "\n# changed\n"),
        set(REPORTS),
    ),
    "a template": (
        lambda p, pkg, mp: append_to(pkg / "templates" / "crackdown-print" / "print.css", "\n"),
        set(REPORTS),
    ),
    "the installed WeasyPrint": (
        lambda p, pkg, mp: fake_library_version(mp, "weasyprint"),
        set(REPORTS),
    ),
    "the installed pandas": (
        lambda p, pkg, mp: fake_library_version(mp, "pandas"),
        set(REPORTS),
    ),
    "a page edited by hand": (
        lambda p, pkg, mp: (p.reports / "overview.html").write_text("edited", encoding="utf-8"),
        {"overview"},
    ),
    "a PDF cut short": (
        lambda p, pkg, mp: cut_short(p.reports / "nationality-jp.pdf"),
        {"nationality-jp"},
    ),
    "a PDF deleted": (
        lambda p, pkg, mp: (p.reports / "sources.pdf").unlink(),
        {"sources"},
    ),
}


@pytest.mark.parametrize("what", list(CHANGES))
def test_a_change_rebuilds_the_reports_that_read_it_and_no_other(
    what: str,
    built: Paths,
    fake: FakeBuilds,
    package_copy: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    change, expected = CHANGES[what]
    change(built, package_copy, monkeypatch)
    assert fake.build(built) == expected
    assert fake.build(built) == set(), "a second build after the change rebuilt again"


def files(folder: Path) -> dict[str, tuple[int, bytes]]:
    """Every file below `folder`, with its modification time and bytes."""
    return {
        str(p.relative_to(folder)): (p.stat().st_mtime_ns, p.read_bytes())
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_a_build_with_nothing_to_do_says_so_and_writes_no_file(
    built: Paths, fake: FakeBuilds
) -> None:
    before = files(built.reports), files(built.cache / "build")
    fake.built.clear()
    code, out, _ = run_build(built, "--jobs", "1")
    assert code == 0
    assert fake.built == []
    assert "All 3 reports are up to date: overview, nationality-jp, sources" in out
    assert (files(built.reports), files(built.cache / "build")) == before


def test_when_the_quick_check_cannot_vouch_the_full_check_still_writes_nothing(
    built: Paths, fake: FakeBuilds
) -> None:
    built.build_state.unlink()  # as after a build of some reports only
    before = files(built.reports)
    assert fake.build(built) == set()
    assert files(built.reports) == before
    assert cache.up_to_date(built) == list(REPORTS)  # and the record is back


def test_an_index_edited_by_hand_is_rewritten_without_rebuilding_any_report(
    built: Paths, fake: FakeBuilds
) -> None:
    index = built.reports / "index.html"
    original = index.read_bytes()
    index.write_text("edited", encoding="utf-8")
    assert cache.up_to_date(built) is None
    assert fake.build(built) == set()
    assert index.read_bytes() == original


def test_force_rebuilds_every_report(built: Paths, fake: FakeBuilds) -> None:
    assert fake.build(built, "--force") == set(REPORTS)
    assert fake.build(built, "--force", "sources") == {"sources"}


def test_a_build_of_named_reports_that_are_current_rebuilds_nothing(
    built: Paths, fake: FakeBuilds
) -> None:
    fake.built.clear()
    code, out, _ = run_build(built, "--jobs", "1", "sources")
    assert (code, fake.built) == (0, [])
    assert "The report is up to date: sources" in out


def test_a_report_that_failed_is_rebuilt_by_the_next_build(built: Paths, fake: FakeBuilds) -> None:
    edit_notebook(built.notebooks / "overview.ipynb")
    fake.failing = {"overview"}
    assert fake.build(built) == {"overview"}
    assert cache.up_to_date(built) is None
    fake.failing = set()
    assert fake.build(built) == {"overview"}
    assert fake.build(built) == set()


def crash_at(monkeypatch: pytest.MonkeyPatch, module: Any, name: str, call: int) -> None:
    """Make `module.name` raise at its `call`-th call, as a build killed at that point."""
    real = getattr(module, name)
    calls = {"n": 0}

    def crashing(*args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == call:
            raise KeyboardInterrupt(f"killed at {name} #{call}")
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, crashing)


@pytest.mark.parametrize(
    ("where", "module", "name", "call"),
    [
        ("between a report's two renames", atomic, "move_into", 2),
        ("after its renames, before the manifest records its key", site, "write_manifest", 1),
    ],
)
def test_a_report_interrupted_while_published_is_never_taken_for_current(
    built: Paths,
    fake: FakeBuilds,
    monkeypatch: pytest.MonkeyPatch,
    where: str,
    module: Any,
    name: str,
    call: int,
) -> None:
    edit_notebook(built.notebooks / "overview.ipynb")
    with monkeypatch.context() as patch:
        crash_at(patch, module, name, call)
        with pytest.raises(KeyboardInterrupt):
            pipeline.build(built)
    assert cache.up_to_date(built) is None, where
    assert fake.build(built) == {"overview"}, where
    assert fake.build(built) == set()


def test_the_manifest_records_each_reports_key_and_the_digest_of_each_file(
    built: Paths,
) -> None:
    manifest = site.read_manifest(built)
    for name in REPORTS:
        entry = manifest["reports"][name]
        assert len(entry["key"]) == 64
        assert entry["sha256"] == {
            f"{name}.{fmt}": cache.file_digest(built.reports / f"{name}.{fmt}")
            for fmt in ("html", "pdf")
        }


def test_keys_differ_for_reports_of_one_notebook_with_other_parameters(
    built: Paths, fake: FakeBuilds
) -> None:
    with built.reports_toml.open("a", encoding="utf-8") as toml:
        toml.write(
            '\n[[report]]\nname = "overview-2025"\nnotebook = "overview.ipynb"\n'
            'title = "2025"\n\n[report.parameters]\nstart = "2025-01-01"\n'
        )
    assert fake.build(built) == {"overview-2025"}
    keys = {n: e["key"] for n, e in site.read_manifest(built)["reports"].items()}
    assert keys["overview-2025"] != keys["overview"]


def test_a_no_op_build_imports_neither_pandas_nor_the_rendering_libraries(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    builds = FakeBuilds()  # keys of the real package, which the command below hashes too
    monkeypatch.setattr(pipeline, "build_report", builds)
    paths = copy_project(tmp_path / "project")
    assert builds.build(paths) == set(REPORTS)
    done = subprocess.run(
        [
            sys.executable,
            "-X",
            "importtime",
            "-m",
            "crackdown.cli",
            "--root",
            str(paths.root),
            "build",
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "All 3 reports are up to date" in done.stdout
    imported = {line.split("|")[-1].strip() for line in done.stderr.splitlines() if "|" in line}
    assert "crackdown.publish.cache" in imported
    for heavy in ("pandas", "numpy", "papermill", "nbconvert", "nbclient", "weasyprint", "rich"):
        assert heavy not in imported, f"a no-op build imported {heavy}"


def test_the_libraries_the_code_imports_are_found_again_when_a_notebook_imports_another(
    tmp_path: Path,
) -> None:
    # Finding them parses the whole package, so a build remembers them in .crackdown-cache/;
    # a notebook that imports another library puts its version in every report's key at once.
    paths = copy_project(tmp_path / "project")
    first = cache.inputs(paths)
    assert "pandas" in first.library_names and "pytest" not in first.library_names
    assert cache.inputs(paths) == first
    notebook = paths.notebooks / "sources.ipynb"
    content = json.loads(notebook.read_text(encoding="utf-8"))
    code = next(c for c in content["cells"] if c["cell_type"] == "code")
    code["source"] = "import pytest\n" + "".join(code["source"])
    notebook.write_text(json.dumps(content), encoding="utf-8")
    again = cache.inputs(paths)
    assert "pytest" in again.library_names and again.libraries != first.libraries
