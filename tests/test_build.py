"""The build's machinery without a kernel: the catalogue of reports and parameter checks, pages, writes, refusals."""

from __future__ import annotations

import base64
import json
import os
import re
import sys
import threading
from pathlib import Path

import matplotlib.pyplot as plt
import nbformat
import pandas as pd
import pytest

from conftest import SEED_FIXTURE, copy_project
from crackdown import catalogue, cli, dataset, display, wording
from crackdown.errors import ConfigError, ParameterError, RenderError
from crackdown.paths import ROOT_ENV, Paths
from crackdown.publish import atomic, execute, pipeline, render, site

ROOT = Paths.at().root
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)> $x^2$ & [l](javascript:alert(1))'


def write_toml(paths: Paths, text: str) -> None:
    paths.reports_toml.write_text(text, encoding="utf-8")


def load_reports(paths: Paths) -> list[catalogue.Report]:
    data = dataset.load(paths.root)
    return catalogue.load(paths, data.figures)


def notebook_with(path: Path, parameters_source: str, *code: str) -> Path:
    """A small notebook with a parameters cell and the given code cells."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "crackdown-reports",
        "language": "python",
        "display_name": "crackdown-reports",
    }
    cell = nbformat.v4.new_code_cell(parameters_source)
    cell.metadata["tags"] = ["parameters"]
    nb.cells = [cell, *(nbformat.v4.new_code_cell(c) for c in code)]
    nbformat.write(nb, path)
    return path


@pytest.fixture
def project(tmp_path: Path) -> Paths:
    return copy_project(tmp_path / "project")


# --- registry ------------------------------------------------------------------------------


def test_the_catalogue_derives_one_nationality_report_per_counted_nationality(
    project: Paths,
) -> None:
    paths = project
    names = [r.name for r in load_reports(paths)]
    assert names[0] == "overview"
    assert "nationality-jp" in names
    assert "sources" in names
    jp = next(r for r in load_reports(paths) if r.name == "nationality-jp")
    assert jp.parameters == {"country": "JP"}
    assert "Japan" in jp.title


def test_counted_nationalities_follow_the_figures_not_a_list() -> None:
    figures = pd.DataFrame({"nationality": ["JP", "", "KR", "JP"]})
    assert catalogue.counted_nationalities(figures) == {"JP": "Japan", "KR": "South Korea"}


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        (
            '[[report]]\nname = "a"\nnotebook = "overview.ipynb"\ntitle = "A"\ncolour = "red"\n',
            "unknown key 'colour'",
        ),
        (
            '[[report]]\nname = "a"\nnotebook = "missing.ipynb"\ntitle = "A"\n',
            "notebook 'missing.ipynb' is not a notebook",
        ),
        (
            '[[report]]\nname = "a"\nnotebook = "overview.ipynb"\ntitle = "A"\n'
            '[[report]]\nname = "a"\nnotebook = "sources.ipynb"\ntitle = "B"\n',
            "used twice",
        ),
        (
            '[[report]]\nname = "a"\nnotebook = "overview.ipynb"\ntitle = "A"\nformats = ["docx"]\n',
            "formats must be a list",
        ),
        (
            '[[report]]\nname = "Bad Name"\nnotebook = "overview.ipynb"\ntitle = "A"\n',
            "lower-case letters",
        ),
        (
            '[[report]]\nname = "n-{code}"\neach = "counted_nationality"\n'
            'notebook = "nationality.ipynb"\ntitle = "A"\n',
            "unknown placeholder",
        ),
        ('[[report]]\nname = "a"\nnotebook = "overview.ipynb"\n', "'title' is missing"),
        ('[[report]\nname = "a"\n', "reports.toml"),
        (
            '[[report]]\nname = "a"\nnotebook = "overview.ipynb"\ntitle = "A"\n'
            '[report.parameters]\ntitle = "B"\n',
            "set the title once",
        ),
    ],
)
def test_a_bad_reports_toml_is_refused_naming_the_key(
    project: Paths, toml: str, message: str
) -> None:
    write_toml(project, toml)
    with pytest.raises(ConfigError, match=re.escape(message)):
        load_reports(project)


def test_selecting_an_unknown_report_lists_the_known_ones() -> None:
    reports = load_reports(Paths.at(ROOT))
    with pytest.raises(ConfigError, match="known reports: overview"):
        catalogue.select(reports, ["overveiw"])
    assert [r.name for r in catalogue.select(reports, ["sources"])] == ["sources"]


# --- parameters ----------------------------------------------------------------------------


def test_parameters_are_read_with_their_types_and_help() -> None:
    declared = catalogue.declared(ROOT / "notebooks" / "overview.ipynb", "overview.ipynb")
    assert declared["metrics"].type_name == "list[str]"
    assert declared["start"].type_name == "str"
    assert declared["start"].help
    assert all(p.help for p in declared.values())


def declared_sample(tmp_path: Path) -> dict[str, catalogue.Declared]:
    nb = notebook_with(
        tmp_path / "sample.ipynb",
        'start: str = ""  # first day\nn: int = 3  # how many\nshare: float = 0.5  # a share\n'
        'flag: bool = True  # a switch\nmetrics: list[str] = ["arrested"]  # which metrics',
    )
    return catalogue.declared(nb, "sample.ipynb")


def test_an_unknown_parameter_is_refused_listing_the_accepted_ones(tmp_path: Path) -> None:
    declared = declared_sample(tmp_path)
    with pytest.raises(ParameterError) as err:
        catalogue.check({"strat": "2025-01-01"}, declared, "report x")
    text = str(err.value)
    assert (err.value.first.file, err.value.first.parameter) == ("report x", "strat")
    assert "report x, parameter 'strat': not a parameter of the notebook" in text
    assert "start (str, default ''): first day" in text
    assert "metrics (list[str]" in text


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("n", "3", "expected int, got str '3'"),
        ("n", True, "expected int, got bool True"),
        ("flag", 1, "expected bool, got int 1"),
        ("metrics", "arrested", "expected list[str], got str"),
        ("metrics", ["arrested", 3], "expected list[str], but an item is int 3"),
        ("start", 20250101, "expected str, got int"),
    ],
)
def test_a_wrong_type_is_refused_naming_the_parameter(
    tmp_path: Path, name: str, value: object, expected: str
) -> None:
    with pytest.raises(ParameterError, match=re.escape(f"parameter {name!r}: {expected}")):
        catalogue.check({name: value}, declared_sample(tmp_path), "report x")


def test_values_are_converted_where_toml_and_python_differ(tmp_path: Path) -> None:
    import datetime as dt

    checked = catalogue.check(
        {"start": dt.date(2025, 7, 27), "share": 1}, declared_sample(tmp_path), "report x"
    )
    assert checked == {"start": "2025-07-27", "share": 1.0}
    assert isinstance(checked["share"], float)


def test_a_declaration_papermill_cannot_read_is_an_error_not_a_lost_parameter(
    tmp_path: Path,
) -> None:
    nb = notebook_with(tmp_path / "x.ipynb", 'start: str = ""  # ok\nlimit: float | None = None')
    with pytest.raises(ConfigError, match="cannot read the declaration of limit"):
        catalogue.declared(nb, "x.ipynb")


def test_an_unannotated_parameter_is_refused(tmp_path: Path) -> None:
    nb = notebook_with(tmp_path / "x.ipynb", 'country = "JP"  # a code')
    with pytest.raises(ConfigError, match="annotate it"):
        catalogue.declared(nb, "x.ipynb")


def test_a_notebook_without_a_parameters_cell_is_refused(tmp_path: Path) -> None:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("x = 1")]
    nbformat.write(nb, tmp_path / "x.ipynb")
    with pytest.raises(ConfigError, match="exactly one"):
        catalogue.declared(tmp_path / "x.ipynb", "x.ipynb")


# --- refusals before any kernel starts -----------------------------------------------------


@pytest.fixture
def no_kernel(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a kernel was started")

    monkeypatch.setattr(pipeline, "execute", refuse)


def add_report(paths: Paths, parameters_toml: str) -> None:
    """Append an overview report with the given [report.parameters] lines to reports.toml."""
    with paths.reports_toml.open("a", encoding="utf-8") as toml:
        toml.write(
            '\n[[report]]\nname = "extra"\nnotebook = "overview.ipynb"\ntitle = "Extra"\n'
            f"\n[report.parameters]\n{parameters_toml}\n"
        )


def test_an_unknown_parameter_stops_the_build_before_any_kernel(
    project: Paths, no_kernel: None, capsys: pytest.CaptureFixture[str]
) -> None:
    add_report(project, 'strat = "2025-01-01"')
    code = cli.main(["--root", str(project.root), "build"])
    err = capsys.readouterr().err
    assert code == 1
    assert "report 4 (extra), parameter 'strat': not a parameter of the notebook" in err
    assert "accepted parameters:" in err
    assert "start (str" in err
    assert not project.reports.exists()


def test_check_refuses_what_the_build_would_refuse_in_reports_toml(
    project: Paths, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["--root", str(project.root), "check"]) == 0
    assert ", 3 reports checked (data version" in capsys.readouterr().out
    add_report(project, 'strat = "2025-01-01"\nend = "next tuesday"')
    assert cli.main(["--root", str(project.root), "check"]) == 1
    err = capsys.readouterr().err
    assert "report 4 (extra), parameter 'strat': not a parameter of the notebook" in err
    assert "parameter 'end': 'next tuesday' is not a day written YYYY-MM-DD" in err
    assert "2 problems found" in err
    assert not project.reports.exists()


def test_a_notebook_whose_parameters_change_is_read_again_not_remembered(tmp_path: Path) -> None:
    memo = tmp_path / "cache" / "parameters.json"
    nb = notebook_with(tmp_path / "x.ipynb", 'start: str = ""  # first day')
    assert list(catalogue.declared(nb, "x.ipynb", memo)) == ["start"]
    assert list(catalogue.declared(nb, "x.ipynb", memo)) == ["start"]
    notebook_with(nb, 'start: str = ""  # first day\nn: int = 3  # how many')
    assert list(catalogue.declared(nb, "x.ipynb", memo)) == ["start", "n"]
    memo.write_text("{not json", encoding="utf-8")
    assert catalogue.declared(nb, "x.ipynb", memo)["n"].default == 3
    # a memo that cannot be written is no error: the notebook is read again next time
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("", encoding="utf-8")
    assert list(catalogue.declared(nb, "x.ipynb", blocked / "parameters.json")) == ["start", "n"]
    notebook_with(nb, 'country = "JP"  # a code')
    with pytest.raises(ConfigError, match="annotate it"):
        catalogue.declared(nb, "x.ipynb", memo)


def test_a_wrong_type_stops_the_build_before_any_kernel(
    project: Paths, no_kernel: None, capsys: pytest.CaptureFixture[str]
) -> None:
    add_report(project, 'metrics = "arrested"')
    assert cli.main(["--root", str(project.root), "build"]) == 1
    assert "parameter 'metrics': expected list[str], got str" in capsys.readouterr().err
    assert not project.reports.exists()


def test_invalid_data_stops_the_build_with_the_check_messages(
    project: Paths, no_kernel: None, capsys: pytest.CaptureFixture[str]
) -> None:
    project.reports.mkdir()
    (project.reports / "overview.html").write_text("previous", encoding="utf-8")
    figures = project.figures_csv.read_text(encoding="utf-8")
    project.figures_csv.write_text(
        figures.replace(",deported,25,", ",deported,x25,", 1), encoding="utf-8"
    )
    assert cli.main(["--root", str(project.root), "check"]) == 1
    check_err = capsys.readouterr().err
    assert cli.main(["--root", str(project.root), "build"]) == 1
    build_err = capsys.readouterr().err
    problems = [line for line in check_err.splitlines() if "row" in line]
    assert problems
    assert all(line in build_err.splitlines() for line in problems)
    assert sorted(p.name for p in project.reports.iterdir()) == ["overview.html"]
    assert (project.reports / "overview.html").read_text(encoding="utf-8") == "previous"


# --- the kernel ----------------------------------------------------------------------------


def test_the_kernel_is_this_environments_python_whatever_python3_is(tmp_path: Path) -> None:
    manager = execute.kernel_manager_class(tmp_path)()
    assert manager.kernel_spec.argv[0] == sys.executable
    assert manager.kernel_spec.argv[1:3] == ["-m", "crackdown.publish.kernel"]
    assert manager.kernel_spec.env[ROOT_ENV] == str(tmp_path)


# --- what the notebooks display ------------------------------------------------------------


def test_markdown_shows_html_as_text_and_never_runs_it() -> None:
    page = display.markdown_html(f"**Quote:** {HOSTILE}")
    assert "<script" not in page
    assert "<img" not in page
    assert "&lt;script&gt;" in page
    assert "javascript:" not in page
    assert "$" not in page
    assert "&#36;x^2&#36;" in page
    assert "<strong>Quote:</strong>" in page


def test_tables_escape_every_cell_and_header() -> None:
    frame = pd.DataFrame({"Quote <b>": [HOSTILE], "Count": ["3,455"]})
    page = display.table_html(frame, caption="Caption <i>x</i>")
    assert "<script" not in page
    assert "<img" not in page
    assert "<b>" not in page and "<i>" not in page
    assert "&lt;script&gt;" in page
    assert "<caption>Caption &lt;i&gt;x&lt;/i&gt;</caption>" in page
    assert 'class="dataframe crackdown-table"' in page


def test_charts_are_svg_byte_identical_for_identical_figures() -> None:
    def draw() -> str:
        fig, ax = plt.subplots(figsize=(4, 2))
        ax.plot([1, 2, 3], [3, 1, 2], label="arrested")
        ax.set_title("Arrests")
        ax.legend()
        text = display.svg(fig)
        plt.close(fig)
        return text

    first, second = draw(), draw()
    assert first == second
    assert first.lstrip().startswith("<?xml")
    assert "<dc:date>" not in first


def test_coverage_counts_facts_and_articles_in_words() -> None:
    data = dataset.load(SEED_FIXTURE, use_cache=False)
    from crackdown import counting

    facts = counting.facts(data.figures, data.articles)
    summary = display.coverage_of(facts)
    assert summary["facts"] == len(facts)
    assert summary["articles"] == sorted(data.articles["article_id"])
    assert summary["first"] == "2023-04-01"
    assert summary["last"] == "2025-10-16"
    assert "1 April 2023 to 16 October 2025" in summary["text"]
    empty = display.coverage_of(facts.iloc[0:0])
    assert empty["facts"] == 0
    assert "No counted figure" in empty["text"]
    # facts of one day are dated by that day, not by a span from it to itself
    one = facts[facts["period_end"] == facts["period_end"].max()].iloc[:1]
    day = wording.date(one["period_end"].iloc[0])
    text = display.coverage_of(one.assign(period_start=one["period_end"]))["text"]
    assert f"dated {day}." in text and " to " not in text


def test_table_cells_read_as_the_prose_and_the_charts_write_them() -> None:
    # One wording for every place: a table cell says what a sentence and a chart label say.
    assert display.figure_text(3400, "more_than", "people") == wording.amount(3400, "more_than")
    assert display.figure_text(1_600_000, "about", "usd") == "about $1.6 million"
    assert display.figure_text(10, "exact", "cases") == "10 cases"
    day = pd.Timestamp("2023-11-09")
    assert display.period_text(day, day, "day") == wording.period(day, day, "day", short=True)
    assert display.period_text(pd.NaT, day, "on_or_before") == "before 9 Nov 2023"
    assert display.period_text(pd.NaT, pd.NaT, "day") == "undated"
    assert (
        display.period_text(pd.Timestamp("2023-04-01"), pd.Timestamp("2023-04-30"), "month")
        == "Apr 2023"
    )


# --- the page ------------------------------------------------------------------------------


def executed_like(*cells: nbformat.NotebookNode) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell("x: int = 1  # x")
    params.metadata["tags"] = ["parameters"]
    injected = nbformat.v4.new_code_cell("x = 2")
    injected.metadata["tags"] = ["injected-parameters"]
    nb.cells = [params, injected, *cells]
    return nb


def output_cell(
    data: dict[str, str], metadata: dict[str, object] | None = None
) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_code_cell("shown()")
    cell.outputs = [nbformat.v4.new_output("display_data", data=data, metadata=metadata or {})]
    return cell


def hostile_page() -> render.Page:
    return render.Page(
        title=f"Title {HOSTILE}",
        data_version="abc123",
        parameters=(render.Parameter("start", HOSTILE, "first day"),),
        sources=(
            render.Source(
                "Outlet <b>",
                HOSTILE,
                "1 May 2025",
                render.safe_url("javascript:alert(1)"),
                "Credit <i>",
            ),
        ),
        pdf="x.pdf",
    )


def test_the_page_drops_parameter_cells_empty_cells_and_the_title_output() -> None:
    nb = executed_like(
        nbformat.v4.new_code_cell("import x"),
        output_cell(
            {"text/html": "<h1>T</h1>", "text/plain": "T"}, {"crackdown": {"role": "title"}}
        ),
        output_cell({"text/html": "<p>kept</p>", "text/plain": "kept"}),
    )
    shown = render.page_notebook(nb)
    assert len(shown.cells) == 1
    assert shown.cells[0].outputs[0].data["text/plain"] == "kept"
    assert len(nb.cells) == 5  # the executed notebook itself is unchanged


def test_header_and_footer_escape_titles_parameters_and_headlines() -> None:
    svg = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>'
    nb = executed_like(
        output_cell(
            {"image/svg+xml": svg, "text/plain": "alt"},
            {"image/svg+xml": {"alt": 'Chart "with" <quotes>'}},
        ),
    )
    for variant in (render.WEB_TEMPLATE, render.PRINT_TEMPLATE):
        page = render.render_html(nb, hostile_page(), variant=variant)
        assert "<script" not in page
        assert "<img src=x" not in page
        assert not re.search(r"(href|src)\s*=\s*[\"']?\s*javascript:", page, re.IGNORECASE)
        assert "&lt;script&gt;" in page
        assert image_alts(page) == ['Chart "with" <quotes>']
        assert "abc123" in page
        assert "first day" in page
        assert 'src="data:image/svg+xml;base64,' in page
        assert "x = 2" not in page  # injected parameters are not shown as code
        assert_nothing_external(page)


def test_the_svg_in_the_page_is_the_svg_the_notebook_made() -> None:
    svg = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><title>t</title></svg>'
    nb = executed_like(output_cell({"image/svg+xml": svg, "text/plain": "alt"}))
    page = render.render_html(nb, hostile_page())
    encoded = re.search(r'src="data:image/svg\+xml;base64,([^"]+)"', page)
    assert encoded is not None
    assert base64.b64decode(encoded.group(1)).decode() == svg


def test_only_http_addresses_become_links() -> None:
    assert render.safe_url("https://example.org/a") == "https://example.org/a"
    assert render.safe_url("javascript:alert(1)") == ""
    assert render.safe_url("data:text/html,<script>") == ""
    assert render.safe_url("//example.org") == ""


def image_alts(page: str) -> list[str]:
    """The alt text of every <img>, as a browser reads it."""
    from html.parser import HTMLParser

    alts: list[str] = []

    class Images(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag == "img":
                alts.append(dict(attrs).get("alt") or "")

    Images().feed(page)
    return alts


def assert_nothing_external(page: str) -> None:
    """No script, image, stylesheet or CSS url() loads anything from outside the page."""
    assert not re.search(r"<script[^>]*\bsrc\s*=", page, re.IGNORECASE)
    for match in re.finditer(r"\bsrc\s*=\s*[\"']?([^\"'\s>]*)", page, re.IGNORECASE):
        assert not re.match(r"(https?:)?//", match.group(1)), match.group(0)
    for tag in re.findall(r"<link\b[^>]*>", page, re.IGNORECASE):
        assert "stylesheet" not in tag.lower() or not re.search(
            r"href\s*=\s*[\"']?(https?:)?//", tag
        ), tag
    for match in re.finditer(r"url\(\s*[\"']?([^\"')]*)", page, re.IGNORECASE):
        assert match.group(1).startswith("data:"), match.group(0)
    assert "@import" not in page


# --- writing -------------------------------------------------------------------------------


def test_an_atomic_write_replaces_the_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "out" / "report.html"
    atomic.write_text(target, "first")
    atomic.write_text(target, "second")
    assert target.read_text(encoding="utf-8") == "second"
    assert [p.name for p in target.parent.iterdir()] == ["report.html"]
    assert target.stat().st_mode & 0o777 == atomic.FILE_MODE


def test_a_failed_write_keeps_the_previous_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "report.pdf"
    target.write_bytes(b"previous")

    def broken_replace(src: object, dst: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        atomic.write_bytes(target, b"new")
    assert target.read_bytes() == b"previous"
    assert [p.name for p in tmp_path.iterdir()] == ["report.pdf"]


def test_the_published_descriptor_points_at_the_copied_files(project: Paths) -> None:
    project.reports.mkdir()
    site.publish_data(project, site.data_files(project))
    folder = project.reports / "data"
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        assert (folder / resource["path"]).is_file(), resource["path"]
    assert (folder / "articles.csv").read_bytes() == project.articles_csv.read_bytes()
    assert (folder / "figures.csv").read_bytes() == project.figures_csv.read_bytes()


def test_the_pdf_embeds_charts_and_refuses_anything_from_outside() -> None:
    svg = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>'
    nb = executed_like(output_cell({"image/svg+xml": svg, "text/plain": "alt"}))
    page = render.render_html(nb, hostile_page(), variant=render.PRINT_TEMPLATE)
    assert render.render_pdf(page).startswith(b"%PDF")
    outside = page.replace("</main>", '<img src="https://example.org/x.png" alt="x"></main>')
    with pytest.raises(RenderError, match=r"example\.org"):
        render.render_pdf(outside)


def test_list_shows_every_report_and_parameter_without_running_anything(
    project: Paths, no_kernel: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["--root", str(project.root), "build", "--list"]) == 0
    out = capsys.readouterr().out
    assert "overview: " in out and "nationality-jp: " in out and "sources: " in out
    assert "    country = JP  # ISO 3166-1 alpha-2 code" in out
    assert "    start = not set  # first day to include" in out


def test_number_columns_are_marked_for_right_alignment_and_text_columns_are_not() -> None:
    frame = pd.DataFrame(
        {"Who": ["foreigners", "women"], "Figure": ["2,825", "476"], "Share": ["", "16.8%"]}
    )
    page = display.table_html(frame)
    assert '<th class="number">Figure</th>' in page and '<td class="number">2,825</td>' in page
    assert '<td class="number">16.8%</td>' in page
    assert "<th>Who</th>" in page and "<td>foreigners</td>" in page


def test_a_long_facts_table_lists_the_largest_facts_and_says_how_many_are_left_out(
    seed_facts: pd.DataFrame,
) -> None:
    table = display.facts_table(seed_facts, limit=3)
    assert list(table["Figure"]) == ["about $1.6 million", "3,455", "2,825"]  # in date order
    assert table.attrs["note"].startswith(f"The 3 largest of {len(seed_facts)} counted facts")
    assert display.facts_table(seed_facts).attrs["note"] == ""


# --- the named kernel, for JupyterLab and papermill ----------------------------------------


def test_installing_the_project_registers_the_kernel_the_notebooks_name() -> None:
    from jupyter_client.kernelspec import KernelSpecManager

    spec = KernelSpecManager().get_kernel_spec(execute.KERNEL_NAME)
    assert Path(spec.resource_dir).is_relative_to(Path(sys.prefix))  # this environment's
    assert spec.argv[:3] == ["python", "-m", "ipykernel_launcher"]  # Jupyter: sys.executable
    for notebook in sorted(Paths.at().notebooks.glob("*.ipynb")):
        kernelspec = json.loads(notebook.read_text(encoding="utf-8"))["metadata"]["kernelspec"]
        assert kernelspec["name"] == execute.KERNEL_NAME, notebook.name


@pytest.mark.slow
def test_papermill_runs_a_notebook_by_its_kernel_name_as_its_users_expect(tmp_path: Path) -> None:
    import subprocess

    paths = copy_project(tmp_path / "project")
    env = {k: v for k, v in os.environ.items() if k != ROOT_ENV}
    papermill = Path(sys.executable).parent / "papermill"
    done = subprocess.run(
        [str(papermill), "notebooks/overview.ipynb", "out.ipynb", "-p", "start", "2025-01-01"],
        cwd=paths.root,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    executed = nbformat.read(paths.root / "out.ipynb", as_version=4)
    errors = [o for c in executed.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert errors == []
    assert any(
        "2025-01-01" in c.source
        for c in executed.cells
        if "injected-parameters" in c.metadata.get("tags", [])
    )


def test_nox_lab_adds_allow_root_when_run_as_root(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util
    import types

    ran: list[tuple[str, ...]] = []
    session = types.SimpleNamespace(
        posargs=[], install=lambda *a, **k: None, run=lambda *a, **k: ran.append(a)
    )
    fake_nox = types.SimpleNamespace(session=lambda f: f, options=types.SimpleNamespace())
    monkeypatch.setitem(sys.modules, "nox", fake_nox)
    spec = importlib.util.spec_from_file_location("noxfile", Paths.at().root / "noxfile.py")
    assert spec is not None and spec.loader is not None
    noxfile = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(noxfile)
    for euid, expected in ((0, True), (1000, False)):
        ran.clear()
        monkeypatch.setattr(os, "geteuid", lambda euid=euid: euid)
        noxfile.lab(session)
        assert ran[-1][:2] == ("jupyter", "lab")
        assert ("--allow-root" in ran[-1]) is expected


def test_a_long_table_prints_its_first_rows_and_says_so_while_the_page_shows_every_row(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import nbformat

    n = display.PRINT_ROWS + 7
    frame = pd.DataFrame({"Figure": [f"f{i}" for i in range(n)], "Value": list(range(n))})
    frame.attrs["row_ids"] = [f"statement-f{i}" for i in range(n)]
    frame.attrs["links"] = {"Figure": [None] * n}
    shown: list[tuple[dict[str, str], dict[str, object]]] = []
    monkeypatch.setattr(display, "_show", lambda data, meta=None: shown.append((data, meta or {})))
    display.table(frame, caption="Figures")
    data, meta = shown[0]
    assert data["text/html"].count("<tr") == n + 1  # the page: every row, and the header
    printed = meta["crackdown"]["print_html"]  # type: ignore[index]
    assert printed.count("<tr") == display.PRINT_ROWS + 1
    assert f"The first {display.PRINT_ROWS:,} of {n:,} rows" in printed
    assert f'id="statement-f{display.PRINT_ROWS - 1}"' in printed
    assert f'id="statement-f{display.PRINT_ROWS}"' not in printed

    output = nbformat.v4.new_output("display_data", data=data, metadata=meta)
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(outputs=[output])])
    web = render.page_notebook(nb).cells[0].outputs[0]["data"]["text/html"]
    paper = render.page_notebook(nb, printing=True).cells[0].outputs[0]["data"]["text/html"]
    assert web == data["text/html"] and paper == printed
    short = frame.iloc[:3].copy()
    display.table(short, caption="Three")
    assert shown[1][1] == {}  # a short table prints as it shows


def test_ctrl_c_or_sigterm_landing_where_python_ignores_exceptions_still_stops_the_build() -> None:
    # A signal raised inside a weakref callback or a __del__ is printed and dropped by Python;
    # under the build's hook it is raised again, to stop the build at its next step.
    import signal
    import types

    from crackdown.commands import build as build_command

    printed: list[object] = []
    handled = threading.Event()
    hook = build_command._stop_not_swallowed(printed.append, handled)
    lost = types.SimpleNamespace(exc_value=KeyboardInterrupt())
    # Python's own handler, as `crackdown build` has it from a terminal, even when this suite runs
    # as a background job that started with SIGINT ignored
    interrupted = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        with pytest.raises(KeyboardInterrupt):
            hook(lost)
            for _ in range(1000):  # the re-raised signal is handled at the next step
                pass
    finally:
        signal.signal(signal.SIGINT, interrupted)
    previous = signal.signal(signal.SIGTERM, build_command._terminated)
    try:
        with pytest.raises(build_command._Terminated):
            hook(types.SimpleNamespace(exc_value=build_command._Terminated()))
            for _ in range(1000):
                pass
    finally:
        signal.signal(signal.SIGTERM, previous)
    other = types.SimpleNamespace(exc_value=ValueError("x"))
    hook(other)
    assert printed == [other]  # anything else is printed as before
    # once the build has handled a stop, one landing in its cleanup is neither raised nor printed
    handled.set()
    hook(lost)
    for _ in range(1000):
        pass
    assert printed == [other]
