"""An executed notebook to a web page (nbconvert, the project's template) and a PDF (WeasyPrint).

The page is a pure function of the notebook and the `Page` around it: papermill's parameter
cells (one carries a random id) and code cells without output are dropped, code is hidden,
and charts are SVG that crackdown.display already wrote deterministically.
"""

from __future__ import annotations

import copy
import os
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from functools import cache
from typing import Any
from urllib.parse import urlsplit

from crackdown import __version__
from crackdown.errors import RenderError
from crackdown.paths import TEMPLATES_DIR
from crackdown.publish.execute import PREFIX, private_folder, remove_folder

WEB_TEMPLATE = "crackdown-web"
PRINT_TEMPLATE = "crackdown-print"
#: Cells papermill adds or marks; their code is the parameters, which the page header shows.
DROPPED_TAGS = frozenset({"parameters", "injected-parameters"})


@dataclass(frozen=True)
class Source:
    """An article as the footer cites it."""

    outlet: str
    headline: str
    published: str
    url: str
    credited: str = ""


@dataclass(frozen=True)
class Parameter:
    """A parameter as the header shows it: name, value in words, and its help comment."""

    name: str
    value: str
    help: str


@dataclass(frozen=True)
class Page:
    """What the template puts around the notebook: header and footer."""

    title: str
    data_version: str
    parameters: Sequence[Parameter] = ()
    sources: Sequence[Source] = ()
    pdf: str = ""
    description: str = ""
    as_of: str = ""
    package_version: str = __version__


def safe_url(url: str) -> str:
    """`url` when it is an http(s) address, else "" (a javascript: link is never written)."""
    parts = urlsplit(url.strip())
    return url.strip() if parts.scheme in ("http", "https") and parts.netloc else ""


def shown_value(value: Any) -> str:
    """A parameter value in words: lists joined by commas, empty values as 'not set'."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        value = ", ".join(str(v) for v in value)
    return str(value) if value != "" else "not set"


def told_by_notebook(nb: Any) -> dict[str, Any]:
    """What the notebook's outputs tell the page (crackdown.display): its description and data
    date (the first given) and its coverage (the last)."""
    told: dict[str, Any] = {}
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            meta = _meta(output)
            for key in ("description", "as_of"):
                if isinstance(meta.get(key), str) and meta[key]:
                    told.setdefault(key, meta[key])
            if isinstance(meta.get("coverage"), dict):
                told["coverage"] = dict(meta["coverage"])
    return told


def page_notebook(nb: Any, *, printing: bool = False) -> Any:
    """A copy of `nb` as the page shows it: no parameter cells, no empty code cells, no title;
    `printing`, each output's print version where it has one (a long table's first rows)."""
    shown = copy.deepcopy(nb)
    cells = []
    for cell in shown.cells:
        if DROPPED_TAGS & set(cell.get("metadata", {}).get("tags", [])):
            continue
        if cell.cell_type == "code":
            # display.heading() marks the title it shows in JupyterLab; the header shows it.
            cell.outputs = [o for o in cell.get("outputs", []) if _meta(o).get("role") != "title"]
            if not cell.outputs:
                continue
            for output in cell.outputs if printing else ():
                printed = _meta(output).get("print_html")
                if isinstance(printed, str) and "data" in output:
                    output["data"]["text/html"] = printed
        cells.append(cell)
    shown.cells = cells
    return shown


def render_html(nb: Any, page: Page, *, variant: str = WEB_TEMPLATE) -> str:
    """The report page for `nb`: the web page, or with variant=PRINT_TEMPLATE the print page."""
    resources = {
        "crackdown": asdict(page) | {"description": page.description or page.title},
        "metadata": {"name": page.title},
        "language_code": "en",
    }
    shown = page_notebook(nb, printing=variant == PRINT_TEMPLATE)
    html, _ = _exporter(variant).from_notebook_node(shown, resources=resources)
    return str(html)


def render_pdf(print_html: str) -> bytes:
    """The tagged PDF/UA-1 of a print page (A4, page numbers: the print CSS sets them)."""
    load_weasyprint()
    from weasyprint import HTML
    from weasyprint.urls import FatalURLFetchingError, URLFetcher

    # The page embeds everything as data: URIs; anything else stops the PDF, never fetched.
    only_embedded = URLFetcher(allowed_protocols=("data",), fail_on_errors=True)
    try:
        pdf: bytes = HTML(string=print_html, base_url=None, url_fetcher=only_embedded).write_pdf(
            pdf_variant="pdf/ua-1"
        )
    except FatalURLFetchingError as err:  # a BaseException in WeasyPrint: make it an error
        raise RenderError(f"the print page refers to something it does not embed: {err}") from err
    return pdf


def load_weasyprint() -> None:
    """Import WeasyPrint with TMPDIR a private folder (crackdown.publish.execute.private_folder):
    looking its libraries up runs the C compiler (ctypes.util.find_library), whose files a
    build killed meanwhile would leave behind, for the next build's sweep to remove."""
    if "weasyprint" in sys.modules:
        return
    folder = private_folder(f"{PREFIX}import-")
    before = os.environ.get("TMPDIR"), tempfile.tempdir
    os.environ["TMPDIR"] = tempfile.tempdir = str(folder)
    try:
        import weasyprint  # noqa: F401
    finally:
        if before[0] is None:
            os.environ.pop("TMPDIR", None)
        else:
            os.environ["TMPDIR"] = before[0]
        tempfile.tempdir = before[1]
        remove_folder(folder)


def load_templates() -> None:
    """Compile both page templates now (a worker does it once, before its reports)."""
    import nbformat

    empty = nbformat.v4.new_notebook()  # type: ignore[no-untyped-call]
    for variant in (WEB_TEMPLATE, PRINT_TEMPLATE):
        render_html(empty, Page(title="", data_version=""), variant=variant)


@cache
def _exporter(variant: str) -> Any:
    from nbconvert import HTMLExporter

    return HTMLExporter(  # type: ignore[no-untyped-call]
        template_name=variant,
        extra_template_basedirs=[str(TEMPLATES_DIR)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )


def _meta(output: Any) -> dict[str, Any]:
    """What crackdown.display told the page about an output (its `crackdown` metadata)."""
    meta = output.get("metadata", {}).get("crackdown", {})
    return meta if isinstance(meta, dict) else {}
