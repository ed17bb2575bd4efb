"""reports/ as a site: the manifest of what was built, the front page, and the data to download.

The front page leads with the headline numbers and what changed: reports/changes.json is a
dated log of the facts added, corrected and removed, one entry per new data version, kept
across rebuilds (a build appends to it and never rewrites an entry).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
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
#: The address of a licence the descriptor names without a path.
_LICENCE_ADDRESSES = {"CC-BY-4.0": "https://creativecommons.org/licenses/by/4.0/"}


def read_manifest(paths: Paths) -> dict[str, Any]:
    """The manifest of the last build (every report's entry), or an empty one."""
    manifest = _read_json(paths.reports / MANIFEST)
    return manifest if isinstance(manifest.get("reports"), dict) else {"reports": {}}


def write_manifest(paths: Paths, manifest: Mapping[str, Any]) -> None:
    """Write reports/manifest.json atomically, keys sorted so that it is stable."""
    text = json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    _write_if_changed(paths, paths.reports / MANIFEST, text.encode("utf-8"))


def data_files(paths: Paths) -> list[Path]:
    """The files reports/data/ offers: data/*.csv, seeds/articles.csv and the descriptor."""
    found = [*sorted(paths.data.glob("*.csv")), paths.articles_csv, paths.datapackage]
    return [file for file in found if file.is_file()]


def publish_data(paths: Paths, files: Sequence[Path]) -> None:
    """Copy the data files into reports/data/; the descriptor's paths point at the copies, and
    no cell of a CSV reaches a downloader's spreadsheet as a formula (`csvsafe.neutralise_csv`)."""
    for file in files:
        if file.suffix == ".json":  # the descriptor: every resource path a sibling file name
            package = json.loads(file.read_text(encoding="utf-8"))
            for resource in package.get("resources", []):
                if isinstance(resource, dict) and isinstance(resource.get("path"), str):
                    resource["path"] = Path(resource["path"]).name
            data = (json.dumps(package, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
        else:
            data = csvsafe.neutralise_csv(file.read_bytes())
        _write_if_changed(paths, paths.reports_data / file.name, data)


def write_index(
    paths: Paths, entries: Sequence[Mapping[str, Any]], files: Sequence[Path], data_version: str
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
    log = update_changes(paths, facts, data_version, date.today())
    as_of = story.data_date(data.articles)
    descriptor = _read_json(paths.datapackage)
    titles = {
        Path(str(r.get("path", ""))).name: str(r.get("title", ""))
        for r in descriptor.get("resources", [])
        if isinstance(r, dict)
    }
    titles[paths.datapackage.name] = "Frictionless descriptor of the tables"
    licences = [
        {
            "name": str(licence.get("name", "")),
            "title": str(licence.get("title", licence.get("name", ""))),
            "path": str(licence.get("path", ""))
            or _LICENCE_ADDRESSES.get(str(licence.get("name", "")), ""),
        }
        for licence in descriptor.get("licenses", [])
        if isinstance(licence, dict)
    ]
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
                "title": titles.get(f.name, ""),
                "size": _size((paths.reports_data / f.name).stat().st_size),
            }
            for f in files
        ],
        headlines=story.headlines(data.figures, data.articles, facts, readings=readings),
        latest=story.latest(data.figures, data.articles, facts, named, readings=readings),
        changes=list(reversed(log["entries"]))[:CHANGES_SHOWN],
        licences=licences,
        description=(
            f"{len(facts):,} counted facts on the crackdowns on online-scam compounds in "
            f"Cambodia, from {len(data.articles):,} news articles, each linked to its sentence."
        ),
        as_of=format_date(as_of) if as_of else "",
        data_version=data_version,
        package_version=__version__,
    )
    _write_if_changed(paths, paths.reports / INDEX, page.encode("utf-8"))


def update_changes(paths: Paths, facts: Any, data_version: str, today: date) -> dict[str, Any]:
    """Append to reports/changes.json what changed since the last data version it recorded.

    One entry per data version: its date, and the facts added, corrected (same fact, other
    figure or period) and removed, in words. A build of a data version already logged changes
    nothing; an unreadable log is started afresh (its first entry lists every fact as added).
    """
    from crackdown import display

    file = paths.reports / CHANGES
    log = _read_json(file)
    if not isinstance(log.get("entries"), list):
        log = {"entries": [], "facts": {}}
    if log["entries"] and log["entries"][-1].get("data_version") == data_version:
        return log
    before: dict[str, dict[str, str]] = log.get("facts", {})
    now = {str(f["fact_id"]): {"words": display.fact_words(f)} for f in facts.to_dict("records")}
    log["entries"].append(
        {
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
    )
    log["facts"] = now
    text = json.dumps(log, indent=2, ensure_ascii=False) + "\n"
    _write_if_changed(paths, file, text.encode("utf-8"))
    return log


def _read_json(file: Path) -> dict[str, Any]:
    """The JSON object in `file`, or {} when it is missing, unreadable or not an object."""
    try:
        found = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def _write_if_changed(paths: Paths, path: Path, data: bytes) -> None:
    """Write `path` atomically (through the staging folder) unless it already holds `data`: a
    build with nothing new to publish leaves every file, and its modification time, as it was."""
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return
    except OSError:
        pass
    atomic.write_bytes(path, data, scratch=paths.reports_staging)


def _size(n: int) -> str:
    return f"{n:,} bytes" if n < 10_000 else f"{n / 1024:,.0f} KB"
