"""Incremental builds: a report is rebuilt only when something it is built from has changed.

A report's key is the sha256 of what it is built from: every file under seeds/ and data/ (not
data/candidates/), its notebook, its entry in reports.toml, the package's source and templates,
and the versions of Python and of the libraries the package and the notebooks import. The
manifest records it with the sha256 of each file the report wrote, after their renames: a
report is current only when both still match. `up_to_date`, the no-op check, compares one
fingerprint of every input and published file with the last complete build's, importing
nothing heavier than hashlib.
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
import re
import shutil
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from crackdown import articles
from crackdown.errors import DatasetError, InputError, Problem
from crackdown.paths import PACKAGE_DIR, Paths
from crackdown.publish import atomic

#: Where a build keeps the copy of its inputs, below .crackdown-cache/.
SNAPSHOT = "input"
_SKIPPED_DIRS = frozenset({"__pycache__", ".ipynb_checkpoints"})
_SKIPPED_SUFFIXES = (".pyc", ".pyo")


@dataclass(frozen=True)
class Inputs:
    """Fingerprints of everything reports are built from, each a sha256 in hex."""

    files: Mapping[str, str]  # below seeds/, data/ and notebooks/, by path from the root
    code: str
    libraries: str
    library_names: tuple[str, ...] = ()

    def digest(self) -> str:
        """One fingerprint of all the inputs: equal only when nothing any report reads changed."""
        return _sha256_json([self.files, self.code, self.libraries])


def inputs(
    paths: Paths, libraries: Sequence[str] | None = None, files: Mapping[str, str] | None = None
) -> Inputs:
    """Fingerprint the project's data, notebooks, package source and libraries now.

    `libraries` are the distributions whose versions count (found from the imports if None);
    `files` the digests of seeds/, data/ and notebooks/ when known (`snapshot` hashes its copy).
    """
    if files is None:
        files = _digests((paths.seeds, paths.data, paths.notebooks), paths.root, paths.candidates)
    code = _sha256_json(_digests([PACKAGE_DIR], PACKAGE_DIR))
    if libraries is None:
        libraries = _remembered_libraries(paths, code, files)
    versions = {"python": sys.version}
    for name in libraries:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return Inputs(dict(files), code, _sha256_json(versions), tuple(libraries))


def _remembered_libraries(paths: Paths, code: str, files: Mapping[str, str]) -> list[str]:
    """`imported_libraries` of the package and the notebooks, read from .crackdown-cache/ when
    neither they nor the installed distributions changed since it was found (finding it parses
    every module of the package)."""
    notebooks = {k: v for k, v in files.items() if k.startswith("notebooks/")}
    installed = sorted(
        name
        for folder in map(Path, sys.path)
        if folder.is_dir()
        for name in os.listdir(folder)
        if name.endswith((".dist-info", ".egg-info"))
    )
    key = _sha256_json([code, notebooks, installed, sys.version])
    memo = paths.cache / "build" / "libraries.json"
    try:
        known = json.loads(memo.read_text(encoding="utf-8"))
        if known["key"] == key:
            return [str(name) for name in known["libraries"]]
    except (OSError, ValueError, KeyError, TypeError):
        pass
    found = imported_libraries(sorted(paths.notebooks.glob("*.ipynb")))
    atomic.write_text(memo, json.dumps({"key": key, "libraries": found}, indent=1) + "\n")
    return found


def snapshot(paths: Paths) -> tuple[Paths, Inputs]:
    """Copy seeds/, data/ and notebooks/ into .crackdown-cache/input/, which the kernels read,
    hashing each file as it is copied: what is published is what was keyed. Returns the copy
    and its fingerprints; raises DatasetError naming every file that is not a regular file
    inside the project (a FIFO, a device, a link leading outside): the build never reads one.
    """
    target = paths.cache / SNAPSHOT
    remove_snapshot(paths)
    problems = []
    files = {}
    for folder in (paths.seeds, paths.data, paths.notebooks):
        for path in _walk(folder, skip=paths.candidates):
            relative = path.relative_to(paths.root).as_posix()  # never resolved through a link
            if path.is_dir() and not path.is_symlink():
                (target / relative).mkdir(parents=True, exist_ok=True)
                continue
            try:
                data = articles.read_regular(path, inside=paths.root)
            except InputError as err:
                problems.append(Problem(relative, message=f"{err}; nothing was built"))
                continue
            (target / relative).parent.mkdir(parents=True, exist_ok=True)
            (target / relative).write_bytes(data)
            files[relative] = hashlib.sha256(data).hexdigest()
    if problems:
        remove_snapshot(paths)
        raise DatasetError(problems)
    # The copy's validation record is the project's: a kernel does not validate again.
    (target / paths.cache.name).symlink_to(paths.cache, target_is_directory=True)
    source = Paths.at(target)
    return source, inputs(source, files=files)


def remove_snapshot(paths: Paths) -> None:
    """Remove the copy of the inputs a build made (never anything a link points to)."""
    target = paths.cache / SNAPSHOT
    if target.is_symlink() or target.is_file():
        target.unlink()
    elif target.is_dir():
        shutil.rmtree(target)


def read_regular(path: Path, inside: Path | None = None) -> bytes | None:
    """The bytes of `path` if it is a regular file (inside `inside` when given), else None;
    opened so that it cannot block (crackdown.articles.read_regular)."""
    try:
        return articles.read_regular(path, inside=inside)
    except InputError:
        return None


def imported_libraries(notebooks: Iterable[Path] = ()) -> list[str]:
    """The installed distributions the package and `notebooks` import, and what those require,
    found from the `import` statements, never by importing anything."""
    sources = [f.read_text(encoding="utf-8") for f in sorted(PACKAGE_DIR.rglob("*.py"))]
    for notebook in notebooks:
        try:
            cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
            sources += ["".join(c["source"]) for c in cells if c.get("cell_type") == "code"]
        except (OSError, ValueError, KeyError, TypeError):
            continue
    modules = {name for source in sources for name in _imported(source)}
    modules -= set(sys.stdlib_module_names) | {"crackdown"}
    installed = metadata.packages_distributions()
    found = {d.lower() for m in modules for d in installed.get(m, [])}
    for name in list(found):
        found |= {_requirement(r) for r in metadata.requires(name) or [] if "extra ==" not in r}
    return sorted(found - {""})


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


def _requirement(requirement: str) -> str:
    match = re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", requirement)
    return match.group(0).lower().replace("_", "-") if match else ""


def report_key(inputs: Inputs, notebook: str, entry: Mapping[str, Any]) -> str:
    """The key of one report: what every report reads (the data, the package's code, the
    libraries), its notebook, and its own `entry` in reports.toml."""
    data = {k: v for k, v in inputs.files.items() if not k.startswith("notebooks/")}
    own = inputs.files.get(f"notebooks/{notebook}", "missing")
    return _sha256_json([data, inputs.code, inputs.libraries, own, entry])


def is_current(entry: Mapping[str, Any] | None, key: str, reports: Path) -> bool:
    """Whether a manifest entry records a report built with `key` whose files are untouched."""
    if not entry or entry.get("status") != "built" or entry.get("key") != key:
        return False
    recorded = entry.get("sha256")
    if not isinstance(recorded, dict) or not recorded:
        return False
    return all(file_digest(reports / name) == digest for name, digest in recorded.items())


def record_state(paths: Paths, found: Inputs, names: Iterable[str]) -> None:
    """Remember that every report is current for the inputs `found`, with the digest of every
    file then in reports/."""
    state = {
        "inputs": found.digest(),
        "libraries": list(found.library_names),
        "reports": list(names),
        "outputs": _digests([paths.reports], paths.root),
    }
    text = json.dumps(state, indent=1, sort_keys=True) + "\n"
    if read_regular(paths.build_state) != text.encode("utf-8"):
        atomic.write_text(paths.build_state, text)


def up_to_date(paths: Paths, names: Sequence[str] = ()) -> list[str] | None:
    """Every report's name when nothing changed since the last complete build, else None.

    Nothing changed when the inputs' fingerprint equals the one recorded and every file the
    build published still has its recorded sha256. The names asked for must all be recorded.
    """
    try:
        state = json.loads(paths.build_state.read_text(encoding="utf-8"))
        reports, outputs = list(state["reports"]), dict(state["outputs"])
        libraries = [str(name) for name in state["libraries"]]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not outputs or any(name not in reports for name in names):
        return None
    # The libraries the last build found from the imports: equal code finds the same ones.
    if state.get("inputs") != inputs(paths, libraries).digest():
        return None
    if any(file_digest(paths.root / file) != digest for file, digest in outputs.items()):
        return None
    return [str(name) for name in reports]


def file_digest(file: Path, inside: Path | None = None) -> str:
    """The sha256 of a regular file's bytes in hex (inside `inside` when given), or "" when it
    is none or cannot be read."""
    data = read_regular(file, inside)
    return "" if data is None else hashlib.sha256(data).hexdigest()


def _digests(folders: Iterable[Path], root: Path, skip: Path | None = None) -> dict[str, str]:
    """The sha256 of every file below `folders`, by its path from `root`."""
    return {
        p.relative_to(root).as_posix(): file_digest(p, root)
        for folder in folders
        for p in _walk(folder, skip)
        if not p.is_dir() or p.is_symlink()
    }


def _walk(folder: Path, skip: Path | None = None) -> list[Path]:
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
