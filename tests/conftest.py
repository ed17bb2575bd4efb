"""Shared fixtures: the real data, counted once per session, small hand-made fact tables, and
built copies of the project (the real reports, and the same with a hostile article added)."""

from __future__ import annotations

import contextlib
import io
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from crackdown import cli, counting, dataset
from crackdown.paths import Paths

#: Two articles for hand-made figures: the first published before the second.
ARTICLES = pd.DataFrame(
    {
        "article_id": ["wire", "daily"],
        "outlet": ["Early Wire", "Late Daily"],
        "published_on": pd.to_datetime(["2025-10-16", "2025-10-20"]),
        "published_precision": ["day", "day"],
        "published_until": pd.to_datetime(["2025-10-16", "2025-10-20"]),
    }
)


def figure_row(figure_id: str, value: float, **fields: Any) -> dict[str, Any]:
    """One figure as data/figures.csv holds it, with defaults for everything not under test."""
    row: dict[str, Any] = {
        "figure_id": figure_id,
        "article_id": "wire",
        "metric": "arrested",
        "value": float(value),
        "value_low": float("nan"),
        "value_high": float("nan"),
        "qualifier": "exact",
        "unit": "people",
        "subject": "people",
        "nationality": "",
        "sex": "all",
        "location": "",
        "authority": "",
        "attribution": "secondary",
        "period_start": "2025-07-27",
        "period_end": "2025-10-14",
        "date_precision": "range",
        "period_basis": "stated",
        "count_type": "period_total",
        "parent_figure_id": "",
        "claim_group": "",
        "in_headline": False,
    }
    row.update(fields)
    return row


def figure_frame(*rows: dict[str, Any]) -> pd.DataFrame:
    """Hand-made figure rows (see `figure_row`) as the frame dataset.load gives."""
    figures = pd.DataFrame(list(rows))
    for column in ("period_start", "period_end"):
        figures[column] = pd.to_datetime(figures[column].replace("", None))
    return figures


def relation_frame(*rows: tuple[str, str, str]) -> pd.DataFrame:
    """Rows of data/relations.csv from (figure_id, related_figure_id, relation)."""
    return pd.DataFrame(
        [{"figure_id": a, "related_figure_id": b, "relation": r, "notes": ""} for a, b, r in rows],
        columns=["figure_id", "related_figure_id", "relation", "notes"],
    )


def counted(*rows: dict[str, Any], relations: pd.DataFrame | None = None) -> pd.DataFrame:
    """The facts counted from hand-made figure rows (see `figure_row`)."""
    return counting.facts(figure_frame(*rows), ARTICLES, relations)


#: A frozen copy of the project's seeds/ and data/ as they were with the two seed articles.
#: Tests of rules, charts, prose and reports read it, so the news never turns them red; the
#: live seeds/ and data/ are checked only for what holds for any valid data.
SEED_FIXTURE = Path(__file__).parent / "fixtures" / "seed"


@pytest.fixture(scope="session")
def seed() -> dataset.Dataset:
    """The frozen seed project's validated data (tests/fixtures/seed)."""
    return dataset.load(SEED_FIXTURE, use_cache=False)


#: A frozen project of fifteen articles from seven outlets that restate, dispute, correct and
#: overlap one another (see its README): the test bed for the counting rules and the reports.
MULTI_FIXTURE = Path(__file__).parent / "fixtures" / "multi"


@pytest.fixture(scope="session")
def multi() -> dataset.Dataset:
    """The frozen multi-article project's validated data (tests/fixtures/multi)."""
    return dataset.load(MULTI_FIXTURE, use_cache=False)


@pytest.fixture(scope="session")
def live() -> dataset.Dataset:
    """The project's live data: only for checks that hold for any valid data."""
    return dataset.load()


@pytest.fixture(scope="session")
def seed_facts(seed: dataset.Dataset) -> pd.DataFrame:
    """The counted facts of the real data."""
    return counting.facts(seed.figures, seed.articles, seed.relations)


@pytest.fixture(scope="session")
def seed_named(seed: dataset.Dataset) -> pd.DataFrame:
    """The nationalities the real articles name without counts."""
    return counting.named_nationalities(
        seed.figures, seed.nationalities, seed.articles, seed.relations
    )


@pytest.fixture
def figure() -> Callable[..., dict[str, Any]]:
    """Make one figure row: figure("a", 10, metric="deported") (see `figure_row`)."""
    return figure_row


@pytest.fixture
def make_facts() -> Callable[..., pd.DataFrame]:
    """Count hand-made figure rows into facts: make_facts(figure("a", 10), figure("b", 5))."""
    return counted


# --- built copies of the project, shared by the trust and browser tests ----------------------

#: An article whose text, metadata and figures carry HTML, script, Markdown and $...$ payloads.
HOSTILE_FIXTURE = Path(__file__).parent / "fixtures" / "hostile"


def copy_project(target: Path, source: Path = SEED_FIXTURE) -> Paths:
    """A project in `target` to build and break without harm: seeds/ and data/ of `source` (a
    fixture project; the live project with `source=Paths.at().root`), notebooks/ of the live one.
    """
    for folder, origin in (("seeds", source), ("data", source), ("notebooks", Paths.at().root)):
        shutil.copytree(
            origin / folder,
            target / folder,
            ignore=shutil.ignore_patterns("candidates", ".ipynb_checkpoints"),
        )
    return Paths.at(target)


def add_hostile_article(paths: Paths) -> None:
    """Add the hostile fixture article (text, articles.csv row, figure rows) to a project copy."""
    for text in HOSTILE_FIXTURE.glob("*.txt"):
        shutil.copyfile(text, paths.seeds / text.name)
    for rows, table in (("articles.csv", paths.articles_csv), ("figures.csv", paths.figures_csv)):
        lines = (HOSTILE_FIXTURE / rows).read_text(encoding="utf-8").splitlines(keepends=True)
        with table.open("a", encoding="utf-8", newline="") as out:
            out.writelines(lines[1:])


def run_build(paths: Paths, *args: str) -> tuple[int, str, str]:
    """`crackdown build ARGS` on `paths`, in this process: exit code, stdout, stderr."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(["--root", str(paths.root), "build", *args])
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="session")
def real_build(tmp_path_factory: pytest.TempPathFactory) -> Paths:
    """One build of every report of a copy of the project (slow: run kernels once per session)."""
    paths = copy_project(tmp_path_factory.mktemp("real-build"))
    code, out, err = run_build(paths)
    assert code == 0, out + err
    return paths


@pytest.fixture(scope="session")
def hostile_build(tmp_path_factory: pytest.TempPathFactory) -> Paths:
    """One build of every report of a copy of the project with the hostile article added."""
    paths = copy_project(tmp_path_factory.mktemp("hostile-build"))
    add_hostile_article(paths)
    code, out, err = run_build(paths)
    assert code == 0, out + err
    return paths
