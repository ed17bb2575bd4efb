"""The notebooks and the reports built from them: thin notebooks, offline pages, PDFs, failures.

Executing notebooks is slow, so one build of a copy of the project is shared by every test
here (session-scoped), with extra reports that run the notebooks with non-default parameters.
"""

from __future__ import annotations

import ast
import json
import re
import shutil
import time
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest

from crackdown import cli
from crackdown.paths import Paths
from crackdown.publish import parameters

ROOT = Paths.at().root
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
DEFAULT_REPORTS = ("overview", "nationality-jp", "sources")

# Reports that run each notebook with parameters other than its defaults, France being a
# nationality the articles neither count nor name.
EXTRA_REPORTS = """

[[report]]
name = "overview-2025-deported"
notebook = "overview.ipynb"
title = "Deportations in 2025"

[report.parameters]
start = 2025-01-01
end = "2025-12-31"
metrics = ["deported"]

[[report]]
name = "nationality-fr"
notebook = "nationality.ipynb"
title = "Nationals of France"
formats = ["html"]

[report.parameters]
country = "FR"

[[report]]
name = "sources-no-quotes"
notebook = "sources.ipynb"
title = "Sources without quotes"
formats = ["html"]

[report.parameters]
show_quotes = false
"""


def copy_project(target: Path) -> Paths:
    for folder in ("seeds", "data", "notebooks"):
        shutil.copytree(
            ROOT / folder,
            target / folder,
            ignore=shutil.ignore_patterns("candidates", ".ipynb_checkpoints"),
        )
    return Paths.at(target)


def build(paths: Paths, *names: str) -> tuple[int, str, str, float]:
    """Run `crackdown build` on `paths`; exit code, stdout, stderr and seconds."""
    import contextlib
    import io

    out, err = io.StringIO(), io.StringIO()
    started = time.perf_counter()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(["--root", str(paths.root), "build", *names])
    return code, out.getvalue(), err.getvalue(), time.perf_counter() - started


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Paths, int, str]:
    """One build of every report of a copy of the project, plus the EXTRA_REPORTS."""
    paths = copy_project(tmp_path_factory.mktemp("built"))
    with paths.reports_toml.open("a", encoding="utf-8") as toml:
        toml.write(EXTRA_REPORTS)
    code, out, err, _ = build(paths)
    return paths, code, out + err


@pytest.fixture(scope="session")
def reports(built: tuple[Paths, int, str]) -> Path:
    paths, code, output = built
    assert code == 0, output
    return paths.reports


def pages(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.html"))


def pdf_text(file: Path) -> str:
    from pypdf import PdfReader

    reader = PdfReader(file)
    assert len(reader.pages) > 0
    return "\n".join(page.extract_text() or "" for page in reader.pages)


class Links(HTMLParser):
    """Every href and src of a page, and the alt text of every image."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.srcs: list[str] = []
        self.alts: list[str | None] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("href"):
            self.hrefs.append(str(found["href"]))
        if found.get("src"):
            self.srcs.append(str(found["src"]))
        if tag == "img":
            self.alts.append(found.get("alt"))


def links(page: Path) -> Links:
    parser = Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


# --- the notebooks as committed ------------------------------------------------------------


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_notebooks_are_thin(notebook: Path) -> None:
    """Narrative, one parameters cell, calls into crackdown: no def, class, loop, path or I/O."""
    nb = nbformat.read(notebook, as_version=4)
    banned = (
        ast.FunctionDef,
        ast.AsyncFunctionDef,
        ast.ClassDef,
        ast.For,
        ast.AsyncFor,
        ast.While,
        ast.With,
        ast.Lambda,
        ast.ListComp,
        ast.DictComp,
        ast.SetComp,
        ast.GeneratorExp,
        ast.If,
        ast.Try,
    )
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        tree = ast.parse(cell.source)
        for node in ast.walk(tree):
            assert not isinstance(node, banned), f"{type(node).__name__} in {cell.source!r}"
            if isinstance(node, ast.Import | ast.ImportFrom):
                module = node.module if isinstance(node, ast.ImportFrom) else node.names[0].name
                assert (module or "").split(".")[0] == "crackdown", cell.source
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute | ast.Name):
                name = node.func.attr if isinstance(node.func, ast.Attribute) else node.func.id
                assert name not in {"read_csv", "open", "read_text", "Path", "exec", "eval"}
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                assert not re.search(r"/|\.(csv|txt|json|ipynb)\b", node.value), node.value


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_notebooks_say_what_they_read_and_show_and_carry_no_outputs(notebook: Path) -> None:
    nb = nbformat.read(notebook, as_version=4)
    first = nb.cells[0]
    assert first.cell_type == "markdown"
    assert "reads" in first.source and "shows" in first.source
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert not cell.outputs and cell.execution_count is None
    assert nb.metadata["kernelspec"]["name"] == "crackdown-reports"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_every_parameter_is_typed_and_documented(notebook: Path) -> None:
    declared = parameters.declared(notebook, notebook.name)
    assert declared
    for p in declared.values():
        assert p.type_name in parameters.TYPES
        assert p.help, f"{p.name} has no comment saying what it means"


# --- the build -----------------------------------------------------------------------------


@pytest.mark.slow
def test_every_report_builds_its_formats(built: tuple[Paths, int, str]) -> None:
    paths, code, output = built
    assert code == 0, output
    for name in (*DEFAULT_REPORTS, "overview-2025-deported"):
        assert (paths.reports / f"{name}.html").is_file()
        assert (paths.reports / f"{name}.pdf").is_file()
    assert (paths.reports / "nationality-fr.html").is_file()
    assert not (paths.reports / "nationality-fr.pdf").exists()
    assert not (paths.reports / ".staging").exists()
    assert "✓ overview  built" in output
    assert "6 built" in output


@pytest.mark.slow
def test_no_page_loads_anything_from_outside(reports: Path) -> None:
    for page in pages(reports):
        text = page.read_text(encoding="utf-8")
        assert not re.search(r"<script\b[^>]*\bsrc\s*=", text, re.IGNORECASE), page.name
        for src in links(page).srcs:
            assert src.startswith("data:"), f"{page.name}: {src[:60]}"
        for tag in re.findall(r"<link\b[^>]*>", text, re.IGNORECASE):
            assert not re.search(r"https?:", tag), f"{page.name}: {tag}"
        for url in re.findall(r"url\(\s*['\"]?([^'\")]*)", text):
            assert url.startswith("data:"), f"{page.name}: url({url})"
        assert "@import" not in text


@pytest.mark.slow
def test_charts_are_embedded_svg_with_alt_text(reports: Path) -> None:
    found = links(reports / "overview.html")
    images = [s for s in found.srcs if s.startswith("data:image/")]
    assert images, "the overview shows charts"
    assert all(s.startswith("data:image/svg+xml;base64,") for s in images)
    assert all(alt and len(alt) > 20 for alt in found.alts), found.alts


@pytest.mark.slow
def test_the_header_shows_title_parameters_and_data_version(reports: Path) -> None:
    from crackdown import dataset

    text = (reports / "overview-2025-deported.html").read_text(encoding="utf-8")
    version = dataset.data_version(Paths.at(reports.parent))
    assert "<title>Deportations in 2025</title>" in text
    header = text[: text.index("<main>")]
    assert "Deportations in 2025" in header
    assert "2025-01-01" in header and "2025-12-31" in header
    assert "deported" in header
    assert version in header
    assert "injected-parameters" not in text and "papermill" not in text


@pytest.mark.slow
def test_the_footer_cites_the_articles_drawn_on(reports: Path) -> None:
    overview = (reports / "overview.html").read_text(encoding="utf-8")
    footer = overview[overview.index("<footer") :]
    assert "The Asia Business Daily" in footer
    assert "durianpoker.net" in footer
    jp = (reports / "nationality-jp.html").read_text(encoding="utf-8")
    assert "durianpoker.net" in jp[jp.index("<footer") :]


@pytest.mark.slow
def test_parameters_change_what_the_report_shows(reports: Path) -> None:
    everything = (reports / "overview.html").read_text(encoding="utf-8")
    deported_2025 = (reports / "overview-2025-deported.html").read_text(encoding="utf-8")
    assert "3,455" in everything and "2,825" in everything
    body = deported_2025[deported_2025.index("<main>") : deported_2025.index("<footer")]
    assert "2,825" in body
    assert "3,455" not in body  # an arrest figure: not a metric of this report
    assert "November 2023" not in body  # before its start date
    assert "durianpoker.net" not in deported_2025[deported_2025.index("<footer") :]
    no_quotes = (reports / "sources-no-quotes.html").read_text(encoding="utf-8")
    assert "Quote (verbatim)" in (reports / "sources.html").read_text(encoding="utf-8")
    assert "Quote (verbatim)" not in no_quotes


@pytest.mark.slow
def test_a_nationality_with_no_figures_says_so(reports: Path) -> None:
    text = (reports / "nationality-fr.html").read_text(encoding="utf-8")
    assert "No counted figure" in text
    assert "No figures were reported for this selection (people from France)" in text
    assert "Traceback" not in text and "Error" not in text


@pytest.mark.slow
def test_pdfs_have_pages_and_the_key_numbers(reports: Path) -> None:
    overview = pdf_text(reports / "overview.pdf")
    for number in ("3,455", "2,825", "25", "19"):
        assert number in overview
    assert "Page 1 of" in overview
    assert "25" in pdf_text(reports / "nationality-jp.pdf")
    sources = pdf_text(reports / "sources.pdf")
    assert "3,455" in sources and "476" in sources


@pytest.mark.slow
def test_the_index_links_every_report_and_data_file(reports: Path) -> None:
    index = reports / "index.html"
    hrefs = links(index).hrefs
    for name in (*DEFAULT_REPORTS, "overview-2025-deported", "nationality-fr"):
        assert f"{name}.html" in hrefs
    assert "overview.pdf" in hrefs
    assert "nationality-fr.pdf" not in hrefs
    for file in ("figures.csv", "nationalities.csv", "articles.csv", "datapackage.json"):
        assert f"data/{file}" in hrefs
    for href in hrefs:
        assert (reports / href).is_file(), href
    text = index.read_text(encoding="utf-8")
    assert "counted fact" in text  # coverage
    manifest = json.loads((reports / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["reports"]["overview"]["status"] == "built"


@pytest.mark.slow
def test_a_second_build_gives_byte_identical_pages(
    built: tuple[Paths, int, str], reports: Path, tmp_path: Path
) -> None:
    paths = built[0]
    first = {f.name: f.read_bytes() for f in (*pages(reports), *reports.glob("*.pdf"))}
    code, out, err, _ = build(paths, "--force", *DEFAULT_REPORTS)
    assert code == 0, out + err
    for name in (*DEFAULT_REPORTS, "index"):
        assert (reports / f"{name}.html").read_bytes() == first[f"{name}.html"], name
    for name in DEFAULT_REPORTS:
        assert (reports / f"{name}.pdf").read_bytes() == first[f"{name}.pdf"], name


@pytest.mark.slow
def test_a_failing_notebook_keeps_the_previous_report_and_exits_1(
    built: tuple[Paths, int, str], reports: Path, tmp_path: Path
) -> None:
    source = built[0]
    paths = Paths.at(tmp_path / "project")
    shutil.copytree(source.root, paths.root)
    notebook = paths.notebooks / "overview.ipynb"
    nb = nbformat.read(notebook, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell('raise RuntimeError("deliberate failure")'))
    nbformat.write(nb, notebook)
    before = {n: (paths.reports / n).read_bytes() for n in ("overview.html", "overview.pdf")}
    other = (paths.reports / "nationality-jp.html").stat().st_ino

    code, out, err, _ = build(paths, "--force", "overview", "nationality-jp")

    assert code == 1
    for name, content in before.items():
        assert (paths.reports / name).read_bytes() == content
    failed = paths.reports / "_failed" / "overview.ipynb"
    assert "deliberate failure" in failed.read_text(encoding="utf-8")
    assert "RuntimeError: deliberate failure" in out
    assert "✗ overview  failed" in err
    assert 'raise RuntimeError("deliberate failure")' in out
    assert (paths.reports / "nationality-jp.html").stat().st_ino != other  # rebuilt
    index = (paths.reports / "index.html").read_text(encoding="utf-8")
    assert "Last build failed" in index
    assert not list(paths.reports.rglob("*.tmp"))
