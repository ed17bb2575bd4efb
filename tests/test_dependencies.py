"""Each declared dependency is imported by the package, and each package it imports is declared."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).parent.parent
#: Declared for what they provide without an import: the kernel the notebooks run in.
PROVIDED_WITHOUT_IMPORT = {"ipykernel"}


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def imported_distributions() -> set[str]:
    """The distributions that the package and its tools import, by normalised name."""
    modules: set[str] = set()
    for path in [*(ROOT / "src").rglob("*.py"), *(ROOT / "tools").rglob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                modules |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                modules.add(node.module.split(".")[0])
    modules -= set(sys.stdlib_module_names) | {"crackdown", "__future__"}
    owners = packages_distributions()
    return {_normal(d) for m in modules for d in owners.get(m, [m])}


def declared_distributions() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return {_normal(re.split(r"[<>=!~\[; ]", d, maxsplit=1)[0]) for d in project["dependencies"]}


def test_every_declared_dependency_is_imported_and_every_import_declared() -> None:
    declared, imported = declared_distributions(), imported_distributions()
    assert imported - declared == set(), "imported but not declared in pyproject.toml"
    assert declared - imported - PROVIDED_WITHOUT_IMPORT == set(), "declared but never imported"
