"""Every page in a real browser: Debian's headless Chromium, driven by Playwright, offline.

Each report and the index of the shared builds (conftest: `real_build`, `hostile_build`) is
opened with every request that is not a file:// one aborted and counted. A page passes when
nothing failed or was blocked, nothing was logged as an error, no dialog opened, every image
decoded with an alt text, and (the index) every link leads to a file. A screenshot of each
page, at a desktop and a phone width, is saved under the build's reports/_screenshots/.

Every page is also checked with axe-core (shipped by the axe-playwright-python test
dependency) at 1280 and 390 px with no violation allowed, its charts are measured for the size
of their smallest text at 390 px, a number's quote is checked to show on keyboard focus, and
every PDF is checked with the pdfua checker (the machine-checkable part of PDF/UA-1).

Playwright's own browser download is never used: the tests run Debian's chromium package
(`apt-get install -y chromium`; .ci/run installs it) and are skipped where it is missing.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest

from crackdown.paths import Paths
from trust.test_output import hostile_texts

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# How Debian's chromium must be started on a build machine (see notes/rendering.md); Playwright
# adds --headless and a fresh profile folder itself.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}

IMAGES = """async () => Promise.all(Array.from(document.images).map(async (img) => {
    try { await img.decode(); } catch (e) { /* a broken image keeps naturalWidth 0 */ }
    return {src: img.currentSrc.slice(0, 40), width: img.naturalWidth, alt: img.getAttribute("alt")};
}))"""
LINKS = """() => Array.from(document.querySelectorAll("a[href]"),
    (a) => ({href: a.getAttribute("href"), url: a.href}))"""
ACTIVE = """() => ({
    scripts: document.scripts.length,
    frames: document.querySelectorAll("iframe, frame, object, embed").length,
    handlers: Array.from(document.querySelectorAll("*")).flatMap(
        (el) => Array.from(el.attributes, (a) => a.name).filter((n) => n.startsWith("on"))),
    javascript_links: Array.from(document.querySelectorAll("[href], [src]")).filter(
        (el) => /^\\s*javascript:/i.test(el.getAttribute("href") || el.getAttribute("src"))).length,
})"""


@dataclass
class Visit:
    """What happened while a page was open in the browser."""

    page: str
    loaded: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    images: list[dict[str, Any]] = field(default_factory=list)
    links: list[dict[str, str]] = field(default_factory=list)
    active: dict[str, Any] = field(default_factory=dict)
    text: str = ""

    def problems(self) -> list[str]:
        """Everything a reader's browser would have complained about or done unasked."""
        found = [f"blocked request {u}" for u in self.blocked]
        found += [f"failed request {u}" for u in self.failed]
        found += [f"console error: {e}" for e in self.errors]
        found += [f"dialog: {d}" for d in self.dialogs]
        found += [f"image not decoded: {i}" for i in self.images if not i["width"] > 0]
        found += [
            f"image without alt text: {i}" for i in self.images if not (i["alt"] or "").strip()
        ]
        return [f"{self.page}: {p}" for p in found]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's chromium, headless, through Playwright; skipped when either is missing."""
    if not Path(CHROMIUM).is_file():
        pytest.skip(
            "Debian's chromium is not installed: `sudo apt-get install -y chromium` "
            "(as root: apt-get update && apt-get install -y chromium), or run .ci/run"
        )
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="playwright is missing: install the test dependency group"
    )
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def visit(browser: Any, page_file: Path, screenshots: Path, prefix: str = "") -> Visit:
    """Open `page_file` offline at every viewport; record what happened; save screenshots."""
    seen = Visit(page_file.name)
    screenshots.mkdir(parents=True, exist_ok=True)
    for width_name, viewport in VIEWPORTS.items():
        context = browser.new_context(viewport=viewport)

        def route(route: Any) -> None:
            url = route.request.url
            if url.startswith("file://"):
                seen.loaded.append(url)
                route.continue_()
            else:
                seen.blocked.append(url)
                route.abort()

        context.route("**/*", route)
        page = context.new_page()
        page.on("console", lambda m: seen.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: seen.errors.append(str(e)))
        page.on("requestfailed", lambda r: seen.failed.append(r.url))

        def dialog(d: Any) -> None:
            seen.dialogs.append(f"{d.type}: {d.message}")
            d.dismiss()

        page.on("dialog", dialog)
        page.goto(page_file.as_uri(), wait_until="load")
        if width_name == "desktop":
            seen.images = page.evaluate(IMAGES)
            seen.links = page.evaluate(LINKS)
            seen.active = page.evaluate(ACTIVE)
            seen.text = page.inner_text("body")
        shot = screenshots / f"{prefix}{page_file.stem}-{width_name}.png"
        page.screenshot(path=str(shot), full_page=True)
        assert shot.stat().st_size > 0
        context.close()
    return seen


def pages(paths: Paths) -> list[Path]:
    reports = sorted(p for p in paths.reports.glob("*.html") if p.name != "index.html")
    assert reports
    return [paths.reports / "index.html", *reports]


def test_every_page_opens_offline_with_no_error_and_every_image_decoded(
    real_build: Paths, browser: Any
) -> None:
    visits = [visit(browser, p, real_build.reports / "_screenshots") for p in pages(real_build)]
    assert [p for v in visits for p in v.problems()] == []
    for v in visits:
        assert v.loaded, v.page  # the page itself came through the route that counts requests
        assert v.active["scripts"] == 0, v.page  # the pages need no script at all
    reports = [v for v in visits if v.page != "index.html"]
    assert all(v.images for v in reports if v.page != "sources.html")  # charts are there


def test_every_link_of_the_index_leads_to_a_file(real_build: Paths, browser: Any) -> None:
    index = visit(browser, real_build.reports / "index.html", real_build.reports / "_screenshots")
    assert index.links
    for link in index.links:
        url = urlsplit(link["url"])
        if url.scheme == "data":  # the inline icon
            continue
        if url.scheme == "https":  # the licence of the data, named by the data package
            assert url.netloc == "creativecommons.org", link
            continue
        assert url.scheme == "file", link
        target = Path(unquote(url.path))
        assert target.is_file(), link
        assert real_build.reports in target.parents, link  # nothing outside the published folder
    linked = {Path(unquote(urlsplit(link["url"]).path)).name for link in index.links}
    for report in pages(real_build)[1:]:
        assert {report.name, report.with_suffix(".pdf").name} <= linked


def test_hostile_article_text_runs_nothing_and_reads_as_written(
    hostile_build: Paths, browser: Any
) -> None:
    expected = hostile_texts()
    shots = hostile_build.reports / "_screenshots"
    for page in pages(hostile_build):
        seen = visit(browser, page, shots, prefix="hostile-")
        assert seen.problems() == []
        assert seen.active == {"scripts": 0, "frames": 0, "handlers": [], "javascript_links": 0}
        shown = " ".join(seen.text.split())
        for name, value in expected.get(page.stem, {}).items():
            assert " ".join(value.split()) in shown, f"{page.name} does not show {name} as written"


# --- accessibility: axe-core, chart text at phone width, quotes on focus, PDF/UA ------------


def axe_script() -> str:
    """axe-core's axe.min.js, as the axe-playwright-python package ships it."""
    package = pytest.importorskip(
        "axe_playwright_python",
        reason="axe-playwright-python is missing: install the test dependency group",
    )
    return (Path(package.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


def open_page(browser: Any, page_file: Path, width: str) -> tuple[Any, Any]:
    """`page_file` open offline at one of VIEWPORTS: (context, page); close the context."""
    context = browser.new_context(viewport=VIEWPORTS[width])
    context.route(
        "**/*",
        lambda route: (
            route.continue_() if route.request.url.startswith("file://") else route.abort()
        ),
    )
    page = context.new_page()
    page.goto(page_file.as_uri(), wait_until="load")
    return context, page


AXE_RUN = """async () => {
    const result = await axe.run(document, {resultTypes: ["violations"]});
    return result.violations.map((v) => ({
        id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.map((n) => n.target.join(" ")).slice(0, 5),
    }));
}"""


def test_every_page_has_no_axe_violation_at_desktop_and_phone_width(
    real_build: Paths, browser: Any
) -> None:
    script = axe_script()
    found = []
    for width in VIEWPORTS:
        for page_file in pages(real_build):
            context, page = open_page(browser, page_file, width)
            page.add_script_tag(content=script)
            found += [f"{page_file.name} at {width}: {v}" for v in page.evaluate(AXE_RUN)]
            context.close()
    assert found == []


CHART_TEXT = """() => Array.from(document.querySelectorAll("figure.chart img"), (img) => {
    const svg = atob(img.src.slice(img.src.indexOf(",") + 1));
    const box = /viewBox="[^"]*?\\s([\\d.]+)\\s[\\d.]+"/.exec(svg);
    const sizes = Array.from(svg.matchAll(/font-size: ?([\\d.]+)px/g), (m) => parseFloat(m[1]));
    return {alt: img.alt.slice(0, 60), width: img.getBoundingClientRect().width,
            viewbox: box ? parseFloat(box[1]) : 0, smallest: Math.min(...sizes)};
})"""


def test_no_chart_text_is_under_11_px_at_phone_width(real_build: Paths, browser: Any) -> None:
    measured = []
    for page_file in pages(real_build):
        context, page = open_page(browser, page_file, "phone")
        measured += page.evaluate(CHART_TEXT)
        context.close()
    assert len(measured) >= 5  # the overview's four charts and the nationality's
    for chart in measured:
        assert chart["viewbox"] > 0, chart
        shown_px = chart["smallest"] * chart["width"] / chart["viewbox"]
        assert shown_px >= 11 - 0.05, chart


QUOTE_SHOWN = """() => {
    const link = document.activeElement;
    return {href: link.getAttribute("href"), quote: link.dataset.quote || "",
            shown: getComputedStyle(link, "::after").content};
}"""


def test_a_number_shows_its_quote_on_keyboard_focus(real_build: Paths, browser: Any) -> None:
    context, page = open_page(browser, real_build.reports / "overview.html", "phone")
    first = page.locator("p.lede a.cite").first
    hidden = first.evaluate("(a) => getComputedStyle(a, '::after').content")
    assert hidden in ("none", "normal")  # nothing shown until the link has focus
    for _ in range(40):  # the lede's first number is a few Tab presses from the top
        page.keyboard.press("Tab")
        focused = page.evaluate(QUOTE_SHOWN)
        if focused["href"] == "sources.html#fact-asiae-2025-arrested":
            break
    else:
        pytest.fail("the lede's first number is not reachable by keyboard")
    assert "arrest of 3,455 individuals" in focused["quote"]
    assert "arrest of 3,455 individuals" in focused["shown"]
    context.close()


def test_every_pdf_passes_the_pdf_ua_checker(real_build: Paths) -> None:
    pdfua = pytest.importorskip(
        "pdfua", reason="pdfua is missing: install the test dependency group"
    )
    pdfs = sorted(real_build.reports.glob("*.pdf"))
    assert pdfs
    for pdf in pdfs:
        report = pdfua.validate(str(pdf))
        errors = [f for f in report.findings if f.severity.name in ("ERROR", "CRITICAL")]
        assert errors == [], f"{pdf.name}: {errors}"
