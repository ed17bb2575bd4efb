"""Where things are. The only module that knows the project's folder layout."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
TEMPLATES_DIR = PACKAGE_DIR / "templates"
ROOT_ENV = "CRACKDOWN_ROOT"


def _looks_like_root(folder: Path) -> bool:
    return (folder / "data" / "datapackage.json").is_file() and (folder / "seeds").is_dir()


def find_root(start: Path | None = None) -> Path:
    """The project folder: $CRACKDOWN_ROOT, else the nearest folder above `start` (or the
    working directory) holding data/datapackage.json and seeds/, else the source checkout."""
    env = os.environ.get(ROOT_ENV)
    if env:
        return Path(env).resolve()
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if _looks_like_root(folder):
            return folder
    checkout = PACKAGE_DIR.parent.parent
    if _looks_like_root(checkout):
        return checkout
    return here


@dataclass(frozen=True)
class Paths:
    """The project's folders and files, below one root."""

    root: Path

    @classmethod
    def at(cls, root: Path | str | None = None) -> Paths:
        """Paths below `root`, or below the project found by `find_root`."""
        return cls(Path(root).resolve() if root is not None else find_root())

    @property
    def seeds(self) -> Path:
        return self.root / "seeds"

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def notebooks(self) -> Path:
        return self.root / "notebooks"

    @property
    def reports(self) -> Path:
        return self.root / "reports"

    @property
    def articles_csv(self) -> Path:
        return self.seeds / "articles.csv"

    @property
    def figures_csv(self) -> Path:
        return self.data / "figures.csv"

    @property
    def nationalities_csv(self) -> Path:
        return self.data / "nationalities.csv"

    @property
    def relations_csv(self) -> Path:
        """How facts relate beyond parts and claim groups (includes, same_people, ...)."""
        return self.data / "relations.csv"

    @property
    def datapackage(self) -> Path:
        return self.data / "datapackage.json"

    @property
    def candidates(self) -> Path:
        return self.data / "candidates"

    @property
    def reports_toml(self) -> Path:
        return self.notebooks / "reports.toml"

    @property
    def cache(self) -> Path:
        return self.root / ".crackdown-cache"

    @property
    def build_state(self) -> Path:
        """What the last complete build was made from and published (crackdown.publish.cache)."""
        return self.cache / "build" / "state.json"

    @property
    def parameters_memo(self) -> Path:
        """What papermill found in each notebook's parameters cell (crackdown.catalogue)."""
        return self.cache / "build" / "parameters.json"

    @property
    def reports_staging(self) -> Path:
        """Where `crackdown build` writes a report before moving it into reports/."""
        return self.reports / ".staging"

    @property
    def reports_failed(self) -> Path:
        """The executed notebooks of reports whose last build failed."""
        return self.reports / "_failed"

    @property
    def reports_data(self) -> Path:
        """The copies of the data files that reports/index.html offers for download."""
        return self.reports / "data"

    def relative(self, path: Path) -> str:
        """`path` as the user sees it: relative to the root when below it, with / separators."""
        try:
            return path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return str(path)
