"""Incremental builds: a report is rebuilt only when something it is built from has changed.

What a report is built from, fingerprinted by content (sha256), never by modification time:

- every file under seeds/ and data/ (not data/candidates/, which no report reads): every
  notebook calls `dataset.load()`, and every page shows the data version, so all reports
  depend on all of the data;
- its notebook, and its entry in reports.toml (title, formats, parameters);
- the package's source and templates (src/crackdown/, the build and rendering code included);
- the installed versions of the libraries that execute and render it, and of Python.

A report's key, the sha256 of all of these, is recorded in reports/manifest.json together with
the sha256 of each file the build wrote, in the same atomic write of the manifest that follows
the renames of its files into reports/. A kill before that write leaves the previous key, which
no longer matches, or the previous digests, which no longer match the files: either way the
report is rebuilt. A report is current only when its key matches and every file it wrote is
still there, byte for byte.

`up_to_date` is the no-op path: it compares one fingerprint of every input, and the digests of
every published file, with those recorded at the end of the last complete build, and imports
nothing heavier than hashlib, so that a build with nothing to do returns in a blink.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from crackdown.paths import PACKAGE_DIR, Paths

#: Libraries whose version changes what a report looks like: they execute the notebook, draw
#: its charts and render its page and PDF. Read from the installed metadata, never imported.
LIBRARIES = (
    "papermill",
    "nbconvert",
    "nbclient",
    "nbformat",
    "ipykernel",
    "pandas",
    "numpy",
    "matplotlib",
    "seaborn",
    "weasyprint",
    "pydyf",
    "jinja2",
    "mistune",
)
#: Bumped when what a key covers changes, so that keys of an older build never match.
KEY_FORMAT = 1
_SKIPPED_DIRS = frozenset({"__pycache__", ".ipynb_checkpoints"})


@dataclass(frozen=True)
class Inputs:
    """Fingerprints of everything reports are built from, each a sha256 in hex."""

    data: str
    notebooks: Mapping[str, str]
    code: str
    libraries: str

    def digest(self) -> str:
        """One fingerprint of all the inputs: equal only when nothing any report reads changed."""
        return _sha256_json(
            {
                "format": KEY_FORMAT,
                "data": self.data,
                "notebooks": dict(self.notebooks),
                "code": self.code,
                "libraries": self.libraries,
            }
        )


def inputs(paths: Paths) -> Inputs:
    """Fingerprint the project's data, notebooks, package source and libraries now."""
    data = [paths.seeds, paths.data]
    return Inputs(
        data=tree_digest(data, paths.root, skip=[paths.candidates]),
        notebooks={
            file.name: file_digest(file)
            for file in sorted(_files(paths.notebooks))
            if file.parent == paths.notebooks
        },
        code=tree_digest([PACKAGE_DIR], PACKAGE_DIR),
        libraries=_sha256_json(library_versions()),
    )


def library_versions() -> dict[str, str]:
    """Python's version and the installed version of every library in LIBRARIES."""
    versions = {"python": sys.version}
    for name in LIBRARIES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def report_key(
    inputs: Inputs,
    *,
    name: str,
    notebook: str,
    title: str,
    formats: Sequence[str],
    parameters: Mapping[str, Any],
    shown: Sequence[Mapping[str, Any]],
) -> str:
    """The key of one report: its own entry in reports.toml, its notebook, and what all share."""
    return _sha256_json(
        {
            "format": KEY_FORMAT,
            "name": name,
            "notebook": inputs.notebooks.get(notebook, "missing"),
            "title": title,
            "formats": list(formats),
            "parameters": dict(parameters),
            "shown": [dict(p) for p in shown],
            "data": inputs.data,
            "code": inputs.code,
            "libraries": inputs.libraries,
        }
    )


def is_current(entry: Mapping[str, Any] | None, key: str, reports: Path) -> bool:
    """Whether a manifest entry records a report built with `key` whose files are untouched."""
    if not entry or entry.get("status") != "built" or entry.get("key") != key:
        return False
    recorded = entry.get("sha256")
    if not isinstance(recorded, dict) or not recorded:
        return False
    return all(file_digest(reports / name) == digest for name, digest in recorded.items())


def record_state(paths: Paths, digest: str, names: Iterable[str], outputs: Iterable[Path]) -> None:
    """Remember that every report is current for the inputs `digest`, and what was published."""
    from crackdown.publish import atomic

    state = {
        "format": KEY_FORMAT,
        "inputs": digest,
        "reports": list(names),
        "outputs": {
            paths.relative(file): file_digest(file) for file in sorted(outputs) if file.is_file()
        },
    }
    text = json.dumps(state, indent=1, sort_keys=True) + "\n"
    file = paths.build_state
    try:
        if file.read_text(encoding="utf-8") == text:
            return
    except (OSError, UnicodeDecodeError):
        pass
    atomic.write_text(file, text)


def forget_state(paths: Paths) -> None:
    """Drop the record of a complete build (a build that left a report out of date)."""
    paths.build_state.unlink(missing_ok=True)


def up_to_date(paths: Paths, names: Sequence[str] = ()) -> list[str] | None:
    """Every report's name when nothing changed since the last complete build, else None.

    Nothing changed when the inputs' fingerprint equals the one recorded and every file the
    build published (pages, PDFs, index, manifest, data copies) still has its recorded sha256.
    The names asked for must all be among the recorded reports.
    """
    try:
        state = json.loads(paths.build_state.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(state, dict) or state.get("format") != KEY_FORMAT:
        return None
    reports, outputs = state.get("reports"), state.get("outputs")
    if not isinstance(reports, list) or not isinstance(outputs, dict) or not outputs:
        return None
    if any(name not in reports for name in names):
        return None
    if state.get("inputs") != inputs(paths).digest():
        return None
    for relative, digest in outputs.items():
        if file_digest(paths.root / relative) != digest:
            return None
    return [str(name) for name in reports]


def file_digest(file: Path) -> str:
    """The sha256 of a file's bytes in hex, or "" when it cannot be read."""
    try:
        with file.open("rb") as f:
            return hashlib.file_digest(f, "sha256").hexdigest()
    except OSError:
        return ""


def tree_digest(folders: Iterable[Path], relative_to: Path, skip: Iterable[Path] = ()) -> str:
    """The sha256 of every file below `folders` (names and bytes), but those below `skip`."""
    skipped = tuple(skip)
    digest = hashlib.sha256()
    for folder in folders:
        for file in sorted(_files(folder)):
            if any(file.is_relative_to(s) for s in skipped):
                continue
            digest.update(file.relative_to(relative_to).as_posix().encode())
            digest.update(b"\0")
            digest.update(file_digest(file).encode())
            digest.update(b"\0")
    return digest.hexdigest()


def _files(folder: Path) -> Iterable[Path]:
    if not folder.is_dir():
        return []
    found = []
    for path, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if d not in _SKIPPED_DIRS]
        found += [Path(path, f) for f in files if not f.endswith((".pyc", ".pyo"))]
    return found


def _sha256_json(value: Any) -> str:
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
