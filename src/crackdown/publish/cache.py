"""Incremental builds: a report is rebuilt only when something it is built from has changed.

What a report is built from, fingerprinted by content (sha256), never by modification time:

- every file under seeds/ and data/ (not data/candidates/, which no report reads): every
  notebook calls `dataset.load()`, and every page shows the data version, so all reports
  depend on all of the data;
- its notebook, and its entry in reports.toml (title, formats, parameters);
- the package's source and templates (src/crackdown/, the build and rendering code included);
- the installed versions of Python and of the libraries the package and the notebooks import
  (read from their source, never by importing them), with the libraries those depend on.

A build reads its inputs once: `snapshot` copies seeds/, data/ and notebooks/ into
.crackdown-cache/input/, hashing each file as it copies it, and the kernels read the copy. An
edit made (or made and undone) while a build runs is therefore never published under the key
of what was there before: what is published is what was keyed. Only regular files are read,
never through a symbolic link, and a file is opened so that it cannot block (a FIFO): anything
else is refused with its name.

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

import ast
import hashlib
import json
import os
import re
import shutil
import stat
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from crackdown.errors import DatasetError, Problem
from crackdown.paths import PACKAGE_DIR, Paths

#: Bumped when what a key covers changes, so that keys of an older build never match.
KEY_FORMAT = 2
#: Where a build keeps the copy of its inputs, below .crackdown-cache/.
SNAPSHOT = "input"
_SKIPPED_DIRS = frozenset({"__pycache__", ".ipynb_checkpoints"})
_SKIPPED_SUFFIXES = (".pyc", ".pyo")


@dataclass(frozen=True)
class Inputs:
    """Fingerprints of everything reports are built from, each a sha256 in hex."""

    data: str
    notebooks: Mapping[str, str]
    code: str
    libraries: str
    library_names: tuple[str, ...] = ()

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


def inputs(paths: Paths, libraries: Sequence[str] | None = None) -> Inputs:
    """Fingerprint the project's data, notebooks, package source and libraries now.

    `libraries` are the distributions whose versions count (found from the imports if None).
    """
    notebooks = {
        file.name: file_digest(file)
        for file in sorted(_files(paths.notebooks))
        if file.parent == paths.notebooks
    }
    if libraries is None:
        libraries = imported_libraries(sorted(paths.notebooks.glob("*.ipynb")))
    return Inputs(
        data=tree_digest([paths.seeds, paths.data], paths.root, skip=[paths.candidates]),
        notebooks=notebooks,
        code=tree_digest([PACKAGE_DIR], PACKAGE_DIR),
        libraries=_sha256_json(library_versions(libraries)),
        library_names=tuple(libraries),
    )


def snapshot(paths: Paths) -> tuple[Paths, Inputs]:
    """Copy seeds/, data/ and notebooks/ into the build's own folder, hashing as it copies.

    Returns the copy, as a project to read from, and the fingerprints of what was copied.
    Raises DatasetError naming every file that is not a regular file (a FIFO, a socket, a
    device, a symbolic link): the build never reads one.
    """
    target = paths.cache / SNAPSHOT
    remove_snapshot(paths)
    problems = []
    for folder in (paths.seeds, paths.data, paths.notebooks):
        for path in _entries(folder, skip=paths.candidates):
            copy = target / path.relative_to(paths.root)
            if path.is_dir() and not path.is_symlink():
                copy.mkdir(parents=True, exist_ok=True)
                continue
            data = read_regular(path)
            if data is None:
                problems.append(Problem(paths.relative(path), message=_not_regular(path)))
                continue
            copy.parent.mkdir(parents=True, exist_ok=True)
            copy.write_bytes(data)
    if problems:
        remove_snapshot(paths)
        raise DatasetError(problems)
    # The copy's validation record is the project's: a kernel does not validate again.
    (target / paths.cache.name).symlink_to(paths.cache, target_is_directory=True)
    source = Paths.at(target)
    return source, inputs(source)


def remove_snapshot(paths: Paths) -> None:
    """Remove the copy of the inputs a build made (never anything a link points to)."""
    target = paths.cache / SNAPSHOT
    if target.is_symlink() or target.is_file():
        target.unlink()
    elif target.is_dir():
        shutil.rmtree(target)


def read_regular(path: Path) -> bytes | None:
    """The bytes of `path` if it is a regular file (not followed through a link), else None.

    Opened without blocking and checked on the open file: a FIFO put in its place between a
    look and a read is refused too, never waited on.
    """
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as file:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        return file.read()


def _not_regular(path: Path) -> str:
    mode = path.lstat().st_mode
    kind = next(
        (
            name
            for test, name in (
                (stat.S_ISLNK, "a symbolic link"),
                (stat.S_ISFIFO, "a FIFO"),
                (stat.S_ISSOCK, "a socket"),
                (stat.S_ISCHR, "a device"),
                (stat.S_ISBLK, "a device"),
            )
            if test(mode)
        ),
        "unreadable",
    )
    return (
        f"is {kind}, not a regular file; the build reads only regular files in seeds/, data/ "
        "and notebooks/: remove it or put the file itself there; nothing was built"
    )


def imported_libraries(notebooks: Iterable[Path] = ()) -> list[str]:
    """The installed distributions the package and `notebooks` import, and what those require.

    Found from the source (the `import` statements), never by importing anything.
    """
    modules: set[str] = set()
    for file in sorted(PACKAGE_DIR.rglob("*.py")):
        modules |= _imported(file.read_text(encoding="utf-8"))
    for notebook in notebooks:
        try:
            cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
            for cell in cells:
                if cell.get("cell_type") == "code":
                    source = cell.get("source", "")
                    modules |= _imported("".join(source) if isinstance(source, list) else source)
        except (OSError, ValueError, KeyError, TypeError):
            continue
    modules -= set(sys.stdlib_module_names) | {"crackdown"}
    found = {d for m in modules for d in _distributions(m)}
    for name in list(found):
        found |= {_requirement(r) for r in metadata.requires(name) or [] if "extra ==" not in r}
    return sorted(found - {""})


def library_versions(libraries: Iterable[str]) -> dict[str, str]:
    """Python's version and the installed version of every distribution in `libraries`."""
    versions = {"python": sys.version}
    for name in libraries:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def _imported(source: str) -> set[str]:
    try:
        tree = ast.parse(source)
    except SyntaxError:  # IPython magics
        return set()
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
    return names


def _distributions(module: str) -> list[str]:
    try:
        return [metadata.distribution(module).metadata["Name"].lower()]
    except metadata.PackageNotFoundError:
        return [d.lower() for d in metadata.packages_distributions().get(module, [])]


def _requirement(requirement: str) -> str:
    match = re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", requirement)
    return match.group(0).lower().replace("_", "-") if match else ""


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


def record_state(
    paths: Paths, fingerprints: Inputs, names: Iterable[str], outputs: Iterable[Path]
) -> None:
    """Remember that every report is current for the inputs `digest`, and what was published."""
    from crackdown.publish import atomic

    state = {
        "format": KEY_FORMAT,
        "inputs": fingerprints.digest(),
        "libraries": list(fingerprints.library_names),
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
    libraries = state.get("libraries")
    if not isinstance(reports, list) or not isinstance(outputs, dict) or not outputs:
        return None
    if any(name not in reports for name in names) or not isinstance(libraries, list):
        return None
    # The libraries the last build found from the imports: equal code finds the same ones.
    if state.get("inputs") != inputs(paths, [str(name) for name in libraries]).digest():
        return None
    for relative, digest in outputs.items():
        if file_digest(paths.root / relative) != digest:
            return None
    return [str(name) for name in reports]


def file_digest(file: Path) -> str:
    """The sha256 of a regular file's bytes in hex, or "" when it is none or cannot be read."""
    data = read_regular(file)
    return "" if data is None else hashlib.sha256(data).hexdigest()


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
    return [p for p in _entries(folder) if not p.is_dir() or p.is_symlink()]


def _entries(folder: Path, skip: Path | None = None) -> list[Path]:
    """Everything below `folder` (folders too), never followed through a link."""
    if not folder.is_dir() or folder.is_symlink():
        return []
    found = []
    for path, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if d not in _SKIPPED_DIRS and Path(path, d) != skip]
        found += [Path(path, d) for d in dirs]
        found += [Path(path, f) for f in files if not f.endswith(_SKIPPED_SUFFIXES)]
    return sorted(found)


def _sha256_json(value: Any) -> str:
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
