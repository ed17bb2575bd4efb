"""Trust, build family: bad inputs, hostile files and broken surroundings cost nothing.

Every bad input is tried on a copy of a built project (conftest: `real_build`): the build must
stop before any kernel starts, with a message naming the file, row, column, report or
parameter, exit 1, and leave reports/ byte for byte and mtime for mtime as it was. Hostile
files (a FIFO, a symbolic link from outside), a read-only reports/, a full disk and a link in
place of the staging folder give messages, not tracebacks, and lose nothing.
"""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from crackdown import cli
from crackdown.errors import ParameterError
from crackdown.paths import Paths
from crackdown.publish import atomic, cache, execute, lock, pipeline, site
from test_dataset import BAD_INPUTS
from test_incremental import FakeBuilds

from .conftest import build_cli, edit, snapshot, start_build

# --- 1. bad input costs nothing -----------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(
    ("mutate", "expected"), [(m, e) for _, m, e in BAD_INPUTS], ids=[n for n, _, _ in BAD_INPUTS]
)
def test_bad_data_stops_the_build_with_the_check_message_and_touches_no_report(
    built_copy: Paths,
    no_kernel: None,
    capsys: pytest.CaptureFixture[str],
    mutate: Callable[[Path], None],
    expected: str,
) -> None:
    before = snapshot(built_copy.reports)
    mutate(built_copy.root)
    assert cli.main(["--root", str(built_copy.root), "check"]) == 1
    check_lines = capsys.readouterr().err.splitlines()

    code, out, err = build_cli(built_copy, capsys)

    assert code == 1
    assert out == ""
    problems = check_lines[:-1]
    assert any(line.startswith(expected) for line in problems), check_lines
    build_lines = err.splitlines()
    assert build_lines[: len(problems)] == problems  # the same messages, in the same order
    n = len(problems)
    assert build_lines[len(problems) :] == [
        f"{n} problem{'s' if n != 1 else ''} found; nothing was built"
    ]
    assert snapshot(built_copy.reports) == before


def _unknown_notebook(paths: Paths, monkeypatch: pytest.MonkeyPatch) -> None:
    edit(paths.reports_toml, 'notebook = "sources.ipynb"', 'notebook = "soruces.ipynb"')


def _unknown_key(paths: Paths, monkeypatch: pytest.MonkeyPatch) -> None:
    edit(
        paths.reports_toml,
        'formats = ["html", "pdf"]\n',
        'formats = ["html", "pdf"]\ncolour = "red"\n',
    )


def _duplicate_name(paths: Paths, monkeypatch: pytest.MonkeyPatch) -> None:
    with paths.reports_toml.open("a", encoding="utf-8") as toml:
        toml.write('\n[[report]]\nname = "sources"\nnotebook = "overview.ipynb"\ntitle = "Again"\n')


def _wrong_parameter_type(paths: Paths, monkeypatch: pytest.MonkeyPatch) -> None:
    edit(paths.reports_toml, 'country = "{country}"', "country = 81")


def _notebook_not_json(paths: Paths, monkeypatch: pytest.MonkeyPatch) -> None:
    notebook = paths.notebooks / "sources.ipynb"
    notebook.write_bytes(notebook.read_bytes()[:100])  # a copy cut short


def _kernel_without_ipykernel(paths: Paths, monkeypatch: pytest.MonkeyPatch) -> None:
    # Valid data that changed, so the reports need a kernel: an up-to-date report needs none.
    edit(paths.figures_csv, "Deported to Japan on a charter flight", "Flown to Japan on a charter")
    # A Python that starts, but without site-packages: ipykernel is not importable from it.
    python = paths.root / "python-without-ipykernel"
    python.write_text(f'#!/bin/sh\nexec "{sys.executable}" -S "$@"\n', encoding="utf-8")
    python.chmod(0o755)
    argv = [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    monkeypatch.setattr(execute, "kernel_argv", lambda: argv)


BAD_BUILDS: list[tuple[str, Callable[[Paths, pytest.MonkeyPatch], None], str]] = [
    (
        "reports.toml names an unknown notebook",
        _unknown_notebook,
        "error: notebooks/reports.toml, report 3 (sources): notebook 'soruces.ipynb' is not a "
        "notebook in notebooks/",
    ),
    (
        "reports.toml has an unknown key",
        _unknown_key,
        "error: notebooks/reports.toml, report 1 (overview): unknown key 'colour'; a report has "
        "each, formats, name, notebook, parameters, title",
    ),
    (
        "reports.toml uses a name twice",
        _duplicate_name,
        "error: notebooks/reports.toml, report sources: report name 'sources' is used twice "
        "(notebooks/reports.toml, report 3 (sources) and notebooks/reports.toml, report 4 "
        "(sources)); names must be unique",
    ),
    (
        "reports.toml gives a parameter the wrong type",
        _wrong_parameter_type,
        "error: notebooks/reports.toml, report 2 (nationality-{country_slug}), parameter 'country': "
        "expected str, got int 81",
    ),
    (
        "a notebook is not valid JSON",
        _notebook_not_json,
        "error: notebooks/sources.ipynb: not a readable notebook: Notebook does not appear to be "
        "JSON",
    ),
    (
        "the kernel's Python has no ipykernel",
        _kernel_without_ipykernel,
        "error: the notebooks cannot run: {root}/python-without-ipykernel cannot import ipykernel; "
        "install it into that environment",
    ),
]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("mutate", "expected"), [(m, e) for _, m, e in BAD_BUILDS], ids=[n for n, _, _ in BAD_BUILDS]
)
def test_a_bad_catalogue_notebook_or_kernel_stops_the_build_and_touches_no_report(
    built_copy: Paths,
    no_kernel: None,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    mutate: Callable[[Paths, pytest.MonkeyPatch], None],
    expected: str,
) -> None:
    before = snapshot(built_copy.reports)
    mutate(built_copy, monkeypatch)

    code, out, err = build_cli(built_copy, capsys)

    assert code == 1
    assert out == ""
    assert err.startswith(expected.replace("{root}", str(built_copy.root))), err
    assert snapshot(built_copy.reports) == before


# --- names that collide with the site's own files -------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("name", ["index", "manifest", "data", "favicon"])
def test_a_report_named_like_a_site_file_is_refused_naming_the_file_and_key(
    built_copy: Paths, no_kernel: None, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    before = snapshot(built_copy.reports)
    edit(built_copy.reports_toml, 'name = "sources"', f'name = "{name}"')

    code, _out, err = build_cli(built_copy, capsys)

    assert code == 1
    assert err.startswith(
        f"error: notebooks/reports.toml, report 3 ({name}): name {name!r} is taken by the site's "
        "own files in reports/"
    ), err
    assert snapshot(built_copy.reports) == before


# --- parameter values, checked before anything is written ---------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(
    ("parameters", "expected"),
    [
        (
            'start = "next tuesday"',
            "parameter 'start': 'next tuesday' is not a day written YYYY-MM-DD",
        ),
        ('end = "2025-02-30"', "parameter 'end': '2025-02-30' is not a day written YYYY-MM-DD"),
        ('metrics = ["arrests"]', "parameter 'metrics': unknown metric 'arrests'; the metrics are"),
        (
            'start = "2025-10-01"\nend = "2025-09-01"',
            "parameter 'start': 2025-10-01 is after 'end' (2025-09-01)",
        ),
    ],
)
def test_a_bad_parameter_value_stops_the_build_before_index_or_manifest_are_written(
    built_copy: Paths,
    no_kernel: None,
    capsys: pytest.CaptureFixture[str],
    parameters: str,
    expected: str,
) -> None:
    before = snapshot(built_copy.reports)
    edit(
        built_copy.reports_toml,
        'formats = ["html", "pdf"]\n',
        f'formats = ["html", "pdf"]\n\n[report.parameters]\n{parameters}\n',
    )

    code, _out, err = build_cli(built_copy, capsys)

    assert code == 1
    assert err.startswith("error: notebooks/reports.toml, report 1 (overview), parameter "), err
    assert expected in err
    assert snapshot(built_copy.reports) == before


def test_a_bad_country_code_in_a_report_entry_is_refused(tmp_path: Path) -> None:
    from crackdown import catalogue

    declared = {"country": catalogue.Declared("country", "str", "JP", "")}
    with pytest.raises(ParameterError, match="'Japan' is not an ISO 3166-1 alpha-2 code"):
        catalogue.check({"country": "Japan"}, declared, "reports.toml, report 2")


# --- only regular files inside the project are read -----------------------------------------


def fifo_in(folder: str) -> Callable[[Paths], str]:
    def make(paths: Paths) -> str:
        fifo = paths.root / folder / "pipe.csv"
        os.mkfifo(fifo)
        return f"{folder}/pipe.csv"

    return make


def link_from_outside(paths: Paths) -> str:
    outside = paths.root.parent / "elsewhere.ipynb"
    outside.write_bytes((paths.notebooks / "sources.ipynb").read_bytes())
    (paths.notebooks / "sources.ipynb").unlink()
    (paths.notebooks / "sources.ipynb").symlink_to(outside)
    return "notebooks/sources.ipynb"


@pytest.mark.slow
@pytest.mark.parametrize(
    ("make", "kind"),
    [
        (fifo_in("seeds"), "a FIFO"),
        (fifo_in("data"), "a FIFO"),
        (fifo_in("notebooks"), "a FIFO"),
        (link_from_outside, "leads outside the project"),
    ],
    ids=["FIFO in seeds", "FIFO in data", "FIFO in notebooks", "notebook linked from outside"],
)
def test_a_file_that_is_not_a_regular_one_is_refused_by_name_and_never_blocks(
    built_copy: Paths, make: Callable[[Paths], str], kind: str
) -> None:
    before = snapshot(built_copy.reports)
    shown = make(built_copy)

    build = start_build(built_copy)
    try:
        out, err = build.communicate(timeout=120)  # a FIFO read would wait here for ever
    finally:
        build.kill()

    assert build.returncode == 1, out + err
    lines = err.splitlines()
    assert shown in lines[0] and kind in lines[0], err
    assert lines[-1].endswith("found; nothing was built"), err
    assert snapshot(built_copy.reports) == before
    assert not (built_copy.cache / cache.SNAPSHOT).exists()


def test_a_digest_of_a_fifo_does_not_wait_for_a_writer(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe")
    started = time.monotonic()
    assert cache.file_digest(tmp_path / "pipe") == ""
    assert cache.read_regular(tmp_path / "pipe") is None
    assert time.monotonic() - started < 5


# --- the lock's sweep touches only what the build names --------------------------------------


def test_the_sweep_removes_the_staging_folder_and_nothing_the_build_did_not_write(
    tmp_path: Path,
) -> None:
    paths = Paths.at(tmp_path)
    outside = tmp_path.parent / f"{tmp_path.name}-outside"
    outside.mkdir()
    (outside / ".keep.tmp").write_text("someone's", encoding="utf-8")
    left = [paths.reports_staging / "sources" / "sources.ipynb", paths.reports_staging / ".x.tmp"]
    kept = [
        paths.reports / "index.html",
        paths.reports / ".index.html.x1y2.tmp",  # not the build's: it writes in .staging only
        paths.reports / "data" / ".figures.csv.a.tmp",
        paths.reports / "notes" / ".draft.tmp",
    ]
    for file in (*left, *kept):
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text("half", encoding="utf-8")
    (paths.reports / "linked").symlink_to(outside)
    with lock.held(paths):
        assert [f for f in (*left, *kept) if f.exists()] == kept
        assert not paths.reports_staging.exists()
    assert (outside / ".keep.tmp").read_text(encoding="utf-8") == "someone's"


def test_a_link_in_place_of_the_staging_folder_is_refused_and_never_written_through(
    built_copy: Paths, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "precious.txt").write_text("keep me", encoding="utf-8")
    built_copy.reports_staging.symlink_to(elsewhere)
    before = snapshot(built_copy.reports)

    code, _out, err = build_cli(built_copy, capsys, "--force")

    assert code == 1
    assert err == (
        "error: reports/.staging is a symbolic link or a file; the build keeps its unfinished "
        "files in a folder of its own there and never writes through a link: remove it "
        "(rm reports/.staging) and build again; nothing was built\n"
    )
    assert snapshot(built_copy.reports) == before
    assert [p.name for p in elsewhere.iterdir()] == ["precious.txt"]


# --- a read-only reports/, a full disk -------------------------------------------------------


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> FakeBuilds:
    """Reports built without a kernel: each file holds its name and key (test_incremental)."""
    builds = FakeBuilds()
    monkeypatch.setattr(pipeline, "build_report", builds)
    return builds


def test_a_read_only_reports_folder_is_a_message_and_nothing_changes(
    built_copy: Paths,
    fake: FakeBuilds,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    before = snapshot(built_copy.reports)
    mkdir = Path.mkdir

    def read_only(self: Path, *args: Any, **kwargs: Any) -> None:
        if self.is_relative_to(built_copy.reports):  # as chmod a-w would, even for root
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        mkdir(self, *args, **kwargs)

    monkeypatch.setattr(Path, "mkdir", read_only)
    code, _out, err = build_cli(built_copy, capsys, "--force")

    assert code == 1
    assert err == (
        "error: cannot write in reports/ (Permission denied); make it writable and build "
        "again; nothing was built\n"
    )
    assert fake.built == []
    assert snapshot(built_copy.reports) == before


def test_a_full_disk_is_a_message_and_the_next_build_finishes_the_job(
    built_copy: Paths,
    fake: FakeBuilds,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    old = {p.name: p.read_bytes() for p in built_copy.reports.glob("*.*")}
    write = atomic.write_bytes

    def full(path: Path, data: bytes, scratch: Path | None = None) -> None:
        if path.name == site.MANIFEST:
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        write(path, data, scratch)

    with monkeypatch.context() as patch:
        patch.setattr(atomic, "write_bytes", full)
        code, _out, err = build_cli(built_copy, capsys, "--force")

    assert code == 1
    assert err.endswith(
        "error: No space left on device (reports/manifest.json); every published file is its "
        "previous or its new version, and the next build finishes the job\n"
    ), err
    assert "Traceback" not in err
    assert (built_copy.reports / site.MANIFEST).read_bytes() == old[site.MANIFEST]
    assert not built_copy.reports_staging.exists()
    assert cache.up_to_date(built_copy) is None  # nothing was recorded as current

    code, _out, err = build_cli(built_copy, capsys)
    assert code == 0, err
    assert set(fake.built) >= {"overview"}
    assert cache.up_to_date(built_copy) is not None


# --- what is published is what was keyed -------------------------------------------------------

TRANSIENT = "Transient subject written while the build ran"


@pytest.mark.slow
def test_an_edit_made_and_undone_while_a_build_runs_is_never_published(
    built_copy: Paths, capsys: pytest.CaptureFixture[str]
) -> None:
    original = built_copy.figures_csv.read_bytes()
    subject = "Japanese nationals"
    assert subject.encode() in original
    edit(built_copy.notebooks / "sources.ipynb", "show each figure", "show every figure")
    build = start_build(built_copy, "sources")
    try:
        deadline = time.monotonic() + 120
        while not (built_copy.reports_staging / "sources").is_dir():  # the kernel is starting
            assert build.poll() is None and time.monotonic() < deadline, build.communicate()
            time.sleep(0.01)
        changed = original.replace(f",{subject},JP,".encode(), f",{TRANSIENT},JP,".encode())
        assert changed != original
        built_copy.figures_csv.write_bytes(changed)
        out, err = build.communicate(timeout=300)
    finally:
        build.kill()
        built_copy.figures_csv.write_bytes(original)  # undone
    assert build.returncode == 0, out + err

    page = (built_copy.reports / "sources.html").read_text(encoding="utf-8")
    assert subject in page and TRANSIENT not in page
    code, out, err = build_cli(built_copy, capsys)
    assert code == 0 and "up to date" in out, out + err
    assert (built_copy.reports / "sources.html").read_text(encoding="utf-8") == page


def test_the_build_reads_a_copy_of_its_inputs_hashed_as_copied(tmp_path: Path) -> None:
    from conftest import copy_project

    paths = copy_project(tmp_path / "project")
    source, inputs = cache.snapshot(paths)
    try:
        assert source.root == paths.cache / cache.SNAPSHOT
        assert inputs.digest() == cache.inputs(paths).digest()
        paths.figures_csv.write_text("changed", encoding="utf-8")
        assert source.figures_csv.read_text(encoding="utf-8") != "changed"
        assert cache.inputs(source).digest() == inputs.digest()
    finally:
        cache.remove_snapshot(paths)
    assert not source.root.exists()
    assert paths.cache.is_dir()  # the link to the validation record went, not what it named


def test_the_key_covers_the_libraries_the_code_imports_and_no_other() -> None:
    names = cache.imported_libraries()
    assert {"babel", "pandas", "papermill", "nbconvert", "weasyprint", "jinja2"} <= set(names)
    assert {"pydyf", "mistune", "numpy"} <= set(names)  # what those depend on, too
    assert "pytest" not in names
    imported = subprocess.run(
        [sys.executable, "-c", "import crackdown, sys; print('seaborn' in sys.modules)"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert imported.stdout.strip() == "False"
    uses_seaborn = any(
        "seaborn" in f.read_text(encoding="utf-8") for f in cache.PACKAGE_DIR.rglob("*.py")
    )
    assert ("seaborn" in names) == uses_seaborn
