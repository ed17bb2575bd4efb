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
from typing import Any

import nbformat
import pytest

from conftest import copy_project
from crackdown import catalogue, cli
from crackdown.paths import Paths

ROOT = Paths.at().root
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
DEFAULT_REPORTS = ("overview", "nationality-jp", "sources")


def report_toml(name: str, notebook: str, title: str, parameters: str, html_only: bool) -> str:
    """One [[report]] table of reports.toml, with its [report.parameters] lines."""
    formats = 'formats = ["html"]\n' if html_only else ""
    return (
        f'\n[[report]]\nname = "{name}"\nnotebook = "{notebook}"\ntitle = "{title}"\n{formats}'
        f"\n[report.parameters]\n{parameters}\n"
    )


# Reports that run each notebook with parameters other than its defaults, France being a
# nationality the articles neither count nor name.
EXTRA_REPORTS = "\n" + "".join(
    report_toml(*report)
    for report in [
        (
            "overview-2025-deported",
            "overview.ipynb",
            "Deportations in 2025",
            'start = 2025-01-01\nend = "2025-12-31"\nmetrics = ["deported"]',
            False,
        ),
        ("nationality-fr", "nationality.ipynb", "Nationals of France", 'country = "FR"', True),
        (
            "sources-no-quotes",
            "sources.ipynb",
            "Sources without quotes",
            "show_quotes = false",
            True,
        ),
    ]
)


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
    """Every href, src and id of a page, the alt text of every image, the meta tags, and the
    text of its tables (what a reader reads in them)."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.srcs: list[str] = []
        self.alts: list[str | None] = []
        self.ids: set[str] = set()
        self.meta: dict[str, str] = {}
        self.icons: list[str] = []
        self.table_text: list[str] = []
        self._tables = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("href"):
            self.hrefs.append(str(found["href"]))
        if found.get("src"):
            self.srcs.append(str(found["src"]))
        if found.get("id"):
            self.ids.add(str(found["id"]))
        if tag == "img":
            self.alts.append(found.get("alt"))
        if tag == "meta" and found.get("name"):
            self.meta[str(found["name"])] = str(found.get("content") or "")
        if tag == "link" and found.get("rel") == "icon":
            self.icons.append(str(found.get("href") or ""))
        if tag == "table":
            self._tables += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self._tables -= 1

    def handle_data(self, data: str) -> None:
        if self._tables:
            self.table_text.append(data)


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
def test_notebooks_tell_the_story_first_and_what_they_read_last(notebook: Path) -> None:
    """The lede is the first thing shown; 'About this report' (what it reads and shows) ends it."""
    nb = nbformat.read(notebook, as_version=4)
    shown = [c for c in nb.cells if "parameters" not in c.metadata.get("tags", [])]
    first_output = next(
        c.source
        for c in shown
        if c.cell_type == "code"
        and c.source.startswith("display.")
        and not c.source.startswith("display.heading")
    )
    assert first_output.startswith("display.lede(story."), first_output
    about = [c for c in nb.cells if c.cell_type == "markdown"][-1]
    assert about.source.startswith("## About this report")
    assert "reads" in about.source and "shows" in about.source
    assert nb.cells.index(about) >= len(nb.cells) - 2
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert not cell.outputs and cell.execution_count is None
    assert nb.metadata["kernelspec"]["name"] == "crackdown-reports"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_every_parameter_is_typed_and_documented(notebook: Path) -> None:
    declared = catalogue.declared(notebook, notebook.name)
    assert declared
    for p in declared.values():
        assert p.type_name in catalogue.TYPES
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
def test_the_header_is_the_title_and_the_about_section_has_parameters_and_data_version(
    reports: Path,
) -> None:
    from crackdown import dataset

    text = (reports / "overview-2025-deported.html").read_text(encoding="utf-8")
    version = dataset.data_version(Paths.at(reports.parent))
    assert "<title>Deportations in 2025</title>" in text
    header = text[text.index("<header") : text.index("</header>")]
    assert "Deportations in 2025" in header
    assert version not in header and "2025-01-01" not in header and ".csv" not in header
    about = text[text.index('id="About-this-report"') :]
    assert "2025-01-01" in about and "2025-12-31" in about and "deported" in about
    assert version in about
    assert (
        f"Cite this report: crackdown-reports, “Deportations in 2025”, data version {version}"
        in about
    )
    assert "data as of 16 October 2025" in about
    assert "injected-parameters" not in text and "papermill" not in text


@pytest.mark.slow
def test_each_report_opens_with_its_lede_then_a_headline_chart(reports: Path) -> None:
    for name in ("overview", "nationality-jp"):
        text = (reports / f"{name}.html").read_text(encoding="utf-8")
        main = text[text.index("<main>") :]
        assert main.index('<p class="lede">') < main.index('<figure class="chart">'), name
        assert main.index('<figure class="chart">') < main.index("<h2"), name
    overview = (reports / "overview.html").read_text(encoding="utf-8")
    lede = overview[overview.index('<p class="lede">') :]
    lede = lede[: lede.index("</p>")]
    arrested = re.search(r'<a [^>]*href="sources.html#fact-asiae-2025-arrested"[^>]*>.*?</a>', lede)
    assert arrested and '<span class="quote">' in arrested.group(0)
    assert '>3,455<span class="quote">' in lede and '>476<span class="quote">' in lede
    assert "arrest of 3,455 individuals from 20 different countries" in lede  # the quote
    assert (
        links(reports / "overview.html")
        .meta["description"]
        .startswith("3,455 arrested between 27 July and 14 October 2025; 2,825 deported")
    )


@pytest.mark.slow
def test_every_link_into_the_sources_report_lands_on_its_fact_or_statement(
    reports: Path,
) -> None:
    from crackdown import counting, dataset

    anchors = links(reports / "sources.html").ids
    data = dataset.load(reports.parent)
    facts = counting.facts(data.figures, data.articles)
    assert {f"fact-{f}" for f in facts["fact_id"]} <= anchors
    assert {f"statement-{f}" for f in data.figures["figure_id"]} <= anchors
    followed = 0
    for page in pages(reports):
        for href in links(page).hrefs:
            target, _, fragment = href.partition("#")
            if fragment and (
                target == "sources.html" or (page.name == "sources.html" and not target)
            ):
                assert fragment in anchors, f"{page.name}: {href}"
                followed += 1
    assert followed > 20


@pytest.mark.slow
def test_reader_tables_use_words_never_ids(reports: Path) -> None:
    from crackdown import dataset

    data = dataset.load(reports.parent)
    ids = {*data.figures["figure_id"], *data.articles["article_id"], *data.figures["claim_group"]}
    ids.discard("")
    for page in pages(reports):
        if page.name == "index.html":
            continue
        text = " ".join(links(page).table_text)
        assert text, page.name
        shown = [i for i in ids if re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", text)]
        assert shown == [], f"{page.name} shows ids {shown}"


@pytest.mark.slow
def test_the_facts_table_says_what_a_part_is_part_of(reports: Path) -> None:
    text = (reports / "overview.html").read_text(encoding="utf-8")
    table = text[text.index("<caption>Counted facts") :]
    table = table[: table.index("</table>")]
    assert "<th>Part of</th>" in table
    row = next(r for r in table.split("<tr>") if '>476<span class="quote">' in r)
    assert "part of the 2,825 deported" in row
    whole = next(r for r in table.split("<tr>") if '>2,825<span class="quote">' in r)
    assert "part of" not in whole


@pytest.mark.slow
def test_every_page_has_a_description_an_inline_icon_and_reachable_scrolling_boxes(
    reports: Path,
) -> None:
    for page in pages(reports):
        found = links(page)
        assert len(found.meta.get("description", "")) > 40, page.name
        assert found.icons and all(i.startswith("data:image/svg+xml;base64,") for i in found.icons)
        text = page.read_text(encoding="utf-8")
        boxes = re.findall(r'<div [^>]*class="(?:table|chart)-scroll"[^>]*>', text)
        assert boxes or page.name == "nationality-fr.html", page.name
        for box in boxes:
            assert 'tabindex="0"' in box and 'role="region"' in box and "aria-label=" in box
        if page.name != "index.html":
            assert "index.html#data" in found.hrefs and "index.html#licence" in found.hrefs
            assert "Cite this report:" in text


@pytest.mark.slow
def test_charts_are_figures_with_their_caption_as_page_text(reports: Path) -> None:
    text = (reports / "overview.html").read_text(encoding="utf-8")
    figures = re.findall(
        r'<figure class="chart">.*?</figure>(?:<details class="chart-data">.*?</details>)?',
        text,
        re.DOTALL,
    )
    assert len(figures) == 4
    for figure in figures:
        assert "<figcaption" in figure and 'class="chart-source">Source:' in figure
        assert re.search(r'style="min-width: \d+px"', figure)
    assert 'class="chart-title">The largest reported figure: 3,455 arrested' in figures[0]
    assert 'href="sources.html#fact-asiae-2025-arrested"' in figures[0]  # drawn facts, linked


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
def test_pdfs_are_tagged_with_title_author_and_language_and_compact(reports: Path) -> None:
    from pypdf import PdfReader

    for name in DEFAULT_REPORTS:
        reader = PdfReader(reports / f"{name}.pdf")
        root = reader.trailer["/Root"]
        assert root["/MarkInfo"]["/Marked"], name
        assert "/StructTreeRoot" in root and root["/Lang"] == "en", name
        assert reader.metadata is not None
        assert reader.metadata.title and reader.metadata.author == "crackdown-reports"
    # Sections share pages: a heading stays with what follows it, not on a page of its own.
    html = (reports / "overview.html").read_text(encoding="utf-8")
    sections = html.count("<h2")
    assert sections >= 5
    assert len(PdfReader(reports / "overview.pdf").pages) < sections


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
        if href.startswith("data:"):  # the inline icon
            continue
        if href.startswith("https://"):  # the data licence
            assert href == "https://creativecommons.org/licenses/by/4.0/"
            continue
        target = href.partition("#")[0]
        assert not target or (reports / target).is_file(), href
    text = index.read_text(encoding="utf-8")
    assert "counted fact" in text  # coverage
    assert '<a href="sources.html#fact-asiae-2025-arrested"' in text  # a headline number
    published = (reports / "data" / "datapackage.json").stat().st_size
    row = text[text.index('href="data/datapackage.json"') :]
    assert (
        f"{published:,} bytes" in row[: row.index("</tr>")]
        or f"{published / 1024:,.0f} KB" in row[: row.index("</tr>")]
    )
    assert "How to cite" in text
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


# --- the front page's log of changes --------------------------------------------------------


def test_the_log_of_changes_records_additions_corrections_and_removals_once_per_version(
    tmp_path: Path, make_facts: Any, figure: Any
) -> None:
    from datetime import date

    from crackdown.publish import site

    paths = Paths.at(tmp_path)
    paths.reports.mkdir()
    first = make_facts(figure("a", 3455), figure("b", 2825, metric="deported"))
    log = site.update_changes(paths, first, "v1", date(2025, 10, 16))
    assert [e["date"] for e in log["entries"]] == ["2025-10-16"]
    assert log["entries"][0]["first"] and len(log["entries"][0]["added"]) == 2
    again = site.update_changes(paths, first, "v1", date(2025, 10, 17))
    assert len(again["entries"]) == 1  # a rebuild of the same data adds nothing

    second = make_facts(figure("a", 3500), figure("c", 19, metric="deported"))
    log = site.update_changes(paths, second, "v2", date(2025, 10, 20))
    latest = log["entries"][-1]
    assert latest["date"] == "2025-10-20" and not latest["first"]
    assert latest["added"] == ["deported: 19, 27 Jul\u201314 Oct 2025"]
    assert latest["corrected"] == [
        "arrested: 3,455, 27 Jul\u201314 Oct 2025 → arrested: 3,500, 27 Jul\u201314 Oct 2025"
    ]
    assert latest["removed"] == ["deported: 2,825, 27 Jul\u201314 Oct 2025"]
    kept = json.loads((paths.reports / site.CHANGES).read_text(encoding="utf-8"))
    assert [e["data_version"] for e in kept["entries"]] == ["v1", "v2"]
