"""reports/ as a site: the manifest of what was built, the front page, and the data to download.

The front page leads with the headline numbers and what changed: reports/changes.json is a
dated log of the facts added, corrected and removed, one entry per new data version, kept
across rebuilds (a build appends to it and never rewrites an entry). It lives beside the
published files, so a fresh clone starts a new log at its first build; the latest facts the
front page lists below the log are computed from the data alone and survive any clone.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import markupsafe

from crackdown import __version__, csvsafe
from crackdown.dates import format_date
from crackdown.paths import TEMPLATES_DIR, Paths
from crackdown.publish import atomic

MANIFEST = "manifest.json"
INDEX = "index.html"
CHANGES = "changes.json"
#: How many entries of the log of changes the front page shows (the file keeps them all).
CHANGES_SHOWN = 5


@dataclass(frozen=True)
class DataFile:
    """A file offered for download on the index: where it comes from and what it holds."""

    source: Path
    name: str
    title: str
    size_bytes: int


def read_manifest(paths: Paths) -> dict[str, Any]:
    """The manifest of the last build (every report's entry), or an empty one."""
    file = paths.reports / MANIFEST
    try:
        manifest = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"reports": {}}
    if not isinstance(manifest, dict) or not isinstance(manifest.get("reports"), dict):
        return {"reports": {}}
    return manifest


def write_manifest(paths: Paths, manifest: Mapping[str, Any]) -> None:
    """Write reports/manifest.json atomically, keys sorted so that it is stable."""
    text = json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    _write_if_changed(paths, paths.reports / MANIFEST, text.encode("utf-8"))


def data_files(paths: Paths) -> list[DataFile]:
    """The files reports/data/ offers: data/*.csv, seeds/articles.csv and the descriptor."""
    titles = _resource_titles(paths)
    sources = [*sorted(paths.data.glob("*.csv")), paths.articles_csv, paths.datapackage]
    return [
        DataFile(
            source=s,
            name=s.name,
            title=titles.get(
                s.name, "Frictionless descriptor of the tables" if s == paths.datapackage else ""
            ),
            size_bytes=s.stat().st_size,
        )
        for s in sources
        if s.is_file()
    ]


def publish_data(paths: Paths, files: Sequence[DataFile]) -> None:
    """Copy the data files into reports/data/; the descriptor's paths point at the copies, and
    no cell of a CSV reaches a downloader's spreadsheet as a formula (`published_csv`)."""
    folder = paths.reports_data
    for f in files:
        if f.source.suffix == ".json":
            _write_if_changed(paths, folder / f.name, _flat_descriptor(f.source).encode("utf-8"))
        else:
            _write_if_changed(paths, folder / f.name, published_csv(f.source.read_bytes()))


def published_csv(data: bytes) -> bytes:
    """A CSV as offered for download: every cell a spreadsheet would run as a formula gets an
    apostrophe first (crackdown.csvsafe), so that it is shown as typed; every other byte is kept."""
    text = data.decode("utf-8")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if not any(csvsafe.is_formula(cell) for row in rows for cell in row):
        return data
    out = io.StringIO(newline="")
    newline = "\r\n" if "\r\n" in text else "\n"
    csv.writer(out, lineterminator=newline).writerows(csvsafe.neutralise_rows(rows))
    return out.getvalue().encode("utf-8")


def write_index(
    paths: Paths,
    entries: Sequence[Mapping[str, Any]],
    files: Sequence[DataFile],
    data_version: str,
    today: date | None = None,
) -> None:
    """Write reports/index.html, the front page: the headline numbers, what changed since the
    previous data version (reports/changes.json, updated here), the reports, the data to
    download at its published size, its licence, and how to cite it."""
    import jinja2

    from crackdown import counting, dataset, display, story

    data = dataset.load(paths.root)
    facts = counting.facts(data.figures, data.articles, data.relations)
    readings = counting.readings(data.figures, data.articles, data.relations)
    named = counting.named_nationalities(
        data.figures, data.nationalities, data.articles, data.relations
    )
    log = update_changes(paths, facts, data_version, today or date.today())
    as_of = story.data_date(data.articles)
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES_DIR)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    # Numbers link to their sentences only while the sources report is published.
    linked = any(e.get("html") == story.SOURCES_PAGE for e in entries)
    env.globals["cite_link"] = lambda link: markupsafe.Markup(
        display.link_html(link if linked else story.Link(link.text, ""))
    )
    env.globals["lede_html"] = lambda lede: markupsafe.Markup(
        display.lede_html(lede if linked else story.unlinked(lede), inline=True)
    )
    page = env.get_template("site/index.html.j2").render(
        reports=entries,
        files=[
            {
                "href": f"{paths.reports_data.name}/{f.name}",
                "name": f.name,
                "title": f.title,
                "size": _size(_published_size(paths, f)),
            }
            for f in files
        ],
        headlines=story.headlines(data.figures, data.articles, facts, readings=readings),
        latest=story.latest(data.figures, data.articles, facts, named, readings=readings),
        changes=list(reversed(log["entries"]))[:CHANGES_SHOWN],
        licences=_licences(paths),
        description=(
            f"{len(facts):,} counted facts on the crackdowns on online-scam compounds in "
            f"Cambodia, from {len(data.articles):,} news articles, each linked to its sentence."
        ),
        as_of=format_date(as_of) if as_of else "",
        data_version=data_version,
        package_version=__version__,
    )
    _write_if_changed(paths, paths.reports / INDEX, page.encode("utf-8"))


def fact_states(facts: Any) -> dict[str, dict[str, str]]:
    """Each fact as the log compares it: its figure and period in words."""
    from crackdown import display

    return {str(f["fact_id"]): {"words": display.fact_words(f)} for f in facts.to_dict("records")}


def update_changes(paths: Paths, facts: Any, data_version: str, today: date) -> dict[str, Any]:
    """Append to reports/changes.json what changed since the last data version it recorded.

    One entry per data version: its date, and the facts added, corrected (same fact, other
    figure or period) and removed, in words. A build of a data version already logged changes
    nothing; an unreadable log is started afresh (its first entry lists every fact as added).
    """
    file = paths.reports / CHANGES
    try:
        log = json.loads(file.read_text(encoding="utf-8"))
        if not isinstance(log, dict) or not isinstance(log.get("entries"), list):
            raise ValueError("not a log of changes")
    except (OSError, ValueError):
        log = {"entries": [], "facts": {}}
    if log["entries"] and log["entries"][-1].get("data_version") == data_version:
        return log
    before: dict[str, dict[str, str]] = log.get("facts", {})
    now = fact_states(facts)
    entry = {
        "date": today.isoformat(),
        "data_version": data_version,
        "added": [now[f]["words"] for f in now if f not in before],
        "corrected": [
            f"{before[f]['words']} → {now[f]['words']}"
            for f in now
            if f in before and before[f] != now[f]
        ],
        "removed": [before[f]["words"] for f in before if f not in now],
        "first": not log["entries"],
    }
    log["entries"].append(entry)
    log["facts"] = now
    text = json.dumps(log, indent=2, ensure_ascii=False) + "\n"
    _write_if_changed(paths, file, text.encode("utf-8"))
    return log


def _published_size(paths: Paths, f: DataFile) -> int:
    """The size of the file as published in reports/data/ (the descriptor is rewritten there)."""
    try:
        return (paths.reports_data / f.name).stat().st_size
    except OSError:
        return f.size_bytes


def _licences(paths: Paths) -> list[dict[str, str]]:
    """The data package's licences: name, title and address (datapackage.json)."""
    try:
        descriptor = json.loads(paths.datapackage.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    found = []
    for licence in descriptor.get("licenses", []):
        if isinstance(licence, dict):
            name = str(licence.get("name", ""))
            path = str(licence.get("path", "")) or _LICENCE_ADDRESSES.get(name, "")
            found.append({"name": name, "title": str(licence.get("title", name)), "path": path})
    return found


#: The address of a licence the descriptor names without a path.
_LICENCE_ADDRESSES = {"CC-BY-4.0": "https://creativecommons.org/licenses/by/4.0/"}


def _write_if_changed(paths: Paths, path: Path, data: bytes) -> None:
    """Write `path` atomically (through the staging folder) unless it already holds `data`: a
    build with nothing new to publish leaves every file, and its modification time, as it was."""
    if not _same_bytes(path, data):
        atomic.write_bytes(path, data, scratch=paths.reports_staging)


def _same_bytes(path: Path, data: bytes) -> bool:
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def _resource_titles(paths: Paths) -> dict[str, str]:
    try:
        descriptor = json.loads(paths.datapackage.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {
        Path(str(r.get("path", ""))).name: str(r.get("title", ""))
        for r in descriptor.get("resources", [])
        if isinstance(r, dict)
    }


def _flat_descriptor(descriptor: Path) -> str:
    """The descriptor with every resource path made a sibling file name, as in reports/data/."""
    package = json.loads(descriptor.read_text(encoding="utf-8"))
    for resource in package.get("resources", []):
        if isinstance(resource, dict) and isinstance(resource.get("path"), str):
            resource["path"] = Path(resource["path"]).name
    return json.dumps(package, indent=2, ensure_ascii=False) + "\n"


def _size(n: int) -> str:
    return f"{n:,} bytes" if n < 10_000 else f"{n / 1024:,.0f} KB"
