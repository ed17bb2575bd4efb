"""reports/ as a site: the manifest of what was built, index.html, and the data to download."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from crackdown import __version__
from crackdown.paths import TEMPLATES_DIR, Paths
from crackdown.publish import atomic

MANIFEST = "manifest.json"
INDEX = "index.html"


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


#: The first characters that make a spreadsheet run a cell as a formula (OWASP's list).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def published_csv(data: bytes) -> bytes:
    """A CSV as offered for download: every cell a spreadsheet would run as a formula gets an
    apostrophe first, so that it is shown as typed; every other byte is kept."""
    text = data.decode("utf-8")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if not any(_is_formula(cell) for row in rows for cell in row):
        return data
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n" if "\r\n" in text else "\n").writerows(
        [["'" + cell if _is_formula(cell) else cell for cell in row] for row in rows]
    )
    return out.getvalue().encode("utf-8")


def _is_formula(cell: str) -> bool:
    if not cell.startswith(_FORMULA_START):
        return False
    try:
        float(cell)  # a plain number ("-5") is a number, not a formula
    except ValueError:
        return True
    return False


def write_index(
    paths: Paths,
    entries: Sequence[Mapping[str, Any]],
    files: Sequence[DataFile],
    data_version: str,
) -> None:
    """Write reports/index.html: every report with its links, parameters and coverage."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES_DIR)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    page = env.get_template("site/index.html.j2").render(
        reports=entries,
        files=[
            {
                "href": f"{paths.reports_data.name}/{f.name}",
                "name": f.name,
                "title": f.title,
                "size": _size(f.size_bytes),
            }
            for f in files
        ],
        data_version=data_version,
        package_version=__version__,
    )
    _write_if_changed(paths, paths.reports / INDEX, page.encode("utf-8"))


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
