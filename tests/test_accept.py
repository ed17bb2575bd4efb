"""`crackdown extract` and `crackdown accept`: candidates written for review, appended only when valid."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from crackdown import cli, dataset
from crackdown.paths import Paths

ROOT = Paths.at().root
CORPUS = Path(__file__).parent / "corpus"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    for folder in ("seeds", "data"):
        shutil.copytree(
            ROOT / folder, tmp_path / folder, ignore=shutil.ignore_patterns("candidates")
        )
    return tmp_path


def crackdown(project: Path, *args: str) -> int:
    return cli.main(["--root", str(project), *args])


def candidates(project: Path, article_id: str) -> list[dict[str, str]]:
    with (project / "data" / "candidates" / f"{article_id}.csv").open(
        encoding="utf-8", newline=""
    ) as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def added(project: Path) -> str:
    """A corpus article added to the project and extracted: its id."""
    assert (
        crackdown(
            project,
            "add-article",
            str(CORPUS / "mekongwire-2025-03-14.txt"),
            "--url",
            "https://example.org/m",
            "--outlet",
            "Mekong Wire",
            "--published",
            "2025-03-14",
            "--id",
            "mekong-2025-03-14",
        )
        == 0
    )
    assert crackdown(project, "extract", "mekong-2025-03-14", "--quiet") == 0
    return "mekong-2025-03-14"


def test_extract_writes_candidates_in_the_columns_of_figures_csv(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert crackdown(project, "extract", "asiae-2025-10-16") == 0
    out = capsys.readouterr().out
    assert (
        "candidate figures: asiae-2025-10-16" in out
        and "written to data/candidates/asiae-2025-10-16.csv" in out
    )
    header = (project / "data" / "figures.csv").read_text(encoding="utf-8").splitlines()[0]
    written = (project / "data" / "candidates" / "asiae-2025-10-16.csv").read_text(encoding="utf-8")
    assert written.splitlines()[0] == header
    assert len(candidates(project, "asiae-2025-10-16")) == 9


def test_extract_works_on_a_file_not_in_seeds_yet(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = CORPUS / "hanoi-bulletin-2024-08-20.txt"
    assert crackdown(project, "extract", str(file), "--published", "2024-08-20") == 0
    assert "crackdown add-article" in capsys.readouterr().out
    rows = candidates(project, "hanoi-bulletin-2024-08-20")
    assert {(r["metric"], r["value"]) for r in rows} >= {
        ("repatriated", "1021"),
        ("prosecuted", "15"),
    }


def test_extract_writes_where_asked(project: Path, tmp_path: Path) -> None:
    target = tmp_path / "out" / "c.csv"
    assert (
        crackdown(project, "extract", "durianpoker-2023-11", "--output", str(target), "--quiet")
        == 0
    )
    assert target.read_text(encoding="utf-8").startswith("figure_id,article_id,metric,")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("nowhere-2025",), "neither an article id in seeds/articles.csv nor a file"),
        ((str(CORPUS / "pp-ledger-2024-12-31.txt"),), "--published: required"),
        (("asiae-2025-10-16", "--published", "2025-10-16"), "its date comes from there"),
    ],
)
def test_extract_refuses_what_it_cannot_date(
    project: Path, args: tuple[str, ...], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert crackdown(project, "extract", *args) == 1
    assert message in capsys.readouterr().err


def test_accepting_appends_the_rows_and_the_data_still_checks(
    project: Path, added: str, capsys: pytest.CaptureFixture[str]
) -> None:
    before = (project / "data" / "figures.csv").read_bytes()
    rows = candidates(project, added)
    assert crackdown(project, "accept", added) == 0
    after = (project / "data" / "figures.csv").read_bytes()
    assert after.startswith(before)
    assert len(after.decode("utf-8").splitlines()) == len(
        before.decode("utf-8").splitlines()
    ) + len(rows)
    out = capsys.readouterr().out
    n_articles = (
        len((project / "seeds" / "articles.csv").read_text(encoding="utf-8").splitlines()) - 1
    )
    assert f"accepted {len(rows)} figures" in out
    assert out.splitlines()[-1].startswith(f"ok: {n_articles} articles")
    data, problems = dataset.check(project)
    assert problems == [] and data is not None
    assert set(data.figures["figure_id"]) >= {r["figure_id"] for r in rows}


def test_accepting_chosen_rows_by_number_or_id(project: Path, added: str) -> None:
    rows = candidates(project, added)
    assert crackdown(project, "accept", added, "2", rows[0]["figure_id"]) == 0
    data, _ = dataset.check(project)
    assert data is not None
    assert list(data.figures["figure_id"][-2:]) == [rows[1]["figure_id"], rows[0]["figure_id"]]


def test_a_rejected_row_leaves_figures_csv_byte_identical(
    project: Path, added: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = project / "data" / "candidates" / f"{added}.csv"
    rows = candidates(project, added)
    rows[1]["value"] = "999"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    before = (project / "data" / "figures.csv").read_bytes()
    assert crackdown(project, "accept", added) == 1
    err = capsys.readouterr().err
    second_new_row = len(before.decode("utf-8").splitlines()) + 2
    assert (
        f"data/figures.csv row {second_new_row}, column value: 999 does not appear in the quote"
        in err
    )
    assert "data/figures.csv is unchanged" in err
    assert (project / "data" / "figures.csv").read_bytes() == before


def test_accepting_twice_is_refused_as_duplicate_ids(
    project: Path, added: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert crackdown(project, "accept", added, "1") == 0
    before = (project / "data" / "figures.csv").read_bytes()
    assert crackdown(project, "accept", added, "1") == 1
    assert "duplicate figure_id" in capsys.readouterr().err
    assert (project / "data" / "figures.csv").read_bytes() == before


def test_a_part_without_its_whole_is_refused(
    project: Path, added: str, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = candidates(project, added)
    part = next(i for i, r in enumerate(rows, start=1) if r["parent_figure_id"])
    before = (project / "data" / "figures.csv").read_bytes()
    assert crackdown(project, "accept", added, str(part)) == 1
    assert "parent_figure_id" in capsys.readouterr().err
    assert (project / "data" / "figures.csv").read_bytes() == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("99",), "ROW 99: data/candidates/mekong-2025-03-14.csv has 5 candidate rows"),
        (("no-such-figure",), "ROW no-such-figure: no candidate"),
    ],
)
def test_unknown_rows_are_clear_errors(
    project: Path,
    added: str,
    args: tuple[str, ...],
    message: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert crackdown(project, "accept", added, *args) == 1
    assert message in capsys.readouterr().err


def test_accept_without_candidates_says_to_extract_first(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert crackdown(project, "accept", "asiae-2025-10-16") == 1
    assert "run `crackdown extract asiae-2025-10-16` first" in capsys.readouterr().err


def test_a_candidates_file_with_other_columns_is_refused(
    project: Path, added: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = project / "data" / "candidates" / f"{added}.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace("claim_group", "group", 1), encoding="utf-8"
    )
    assert crackdown(project, "accept", added) == 1
    assert "missing claim_group" in capsys.readouterr().err
