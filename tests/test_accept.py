"""`crackdown extract` and `crackdown accept`: candidates written for review, appended only when valid."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from conftest import copy_project
from crackdown import cli, dataset
from crackdown.paths import Paths

ROOT = Paths.at().root
CORPUS = Path(__file__).parent / "corpus"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path, ROOT).root


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
    assert (
        f"data/candidates/{added}.csv row 3, column value: candidate 2: 999 does not appear "
        "in the quote" in err
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
        (
            ("99",),
            "ROW 99: no candidate with that row number or figure_id in "
            "data/candidates/mekong-2025-03-14.csv, which has 5 candidate rows (1 to 5)",
        ),
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


def rewrite(path: Path, rows: list[dict[str, str]], prefix: str = "") -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(prefix)
        writer = csv.DictWriter(handle, list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def test_every_problem_is_reported_at_once_at_its_candidate_row_and_column(
    project: Path, added: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = project / "data" / "candidates" / f"{added}.csv"
    rows = candidates(project, added)
    rows[0]["figure_id"] = "x" * 300
    rows[2]["quote"] = "a sentence the article never had"
    rows[2]["quote_start"] = "99999999999999999999"
    rows[3]["article_id"] = "another-article"
    rewrite(path, rows)
    before = (project / "data" / "figures.csv").read_bytes()
    assert crackdown(project, "accept", added) == 1
    err = capsys.readouterr().err
    shown = f"data/candidates/{added}.csv"
    assert f"{shown} row 2, column figure_id: candidate 1: 300 characters" in err
    assert f"{shown} row 4, column quote_start: candidate 3:" in err
    assert f"{shown} row 5, column article_id: candidate 4 is from article" in err
    assert "Traceback" not in err
    assert (project / "data" / "figures.csv").read_bytes() == before


def test_an_extra_field_in_a_row_is_a_row_and_column_message(
    project: Path, added: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = project / "data" / "candidates" / f"{added}.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[2] = lines[2].rstrip("\n") + ",surplus\n"
    path.write_text("".join(lines), encoding="utf-8")
    before = (project / "data" / "figures.csv").read_bytes()
    assert crackdown(project, "accept", added) == 1
    err = capsys.readouterr().err
    width = len(lines[0].split(","))
    assert (
        f"data/candidates/{added}.csv row 3: candidate 2 has {width + 1} fields, the header {width}"
        in err
    )
    assert (project / "data" / "figures.csv").read_bytes() == before
    # the other rows are fine: accepting only them works
    assert crackdown(project, "accept", added, "1") == 0


def test_a_candidates_file_saved_with_a_byte_order_mark_is_read(project: Path, added: str) -> None:
    path = project / "data" / "candidates" / f"{added}.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert crackdown(project, "accept", added, "1") == 0


def test_a_300_character_article_id_is_a_message(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert crackdown(project, "accept", "a" * 300) == 1
    assert crackdown(project, "extract", "a" * 300) == 1
    err = capsys.readouterr().err
    assert "not an article id" in err and "neither an article id" in err
    assert "Traceback" not in err


def test_the_tool_computes_the_offsets_of_an_edited_quote_and_the_quote_of_moved_offsets(
    project: Path, added: str
) -> None:
    path = project / "data" / "candidates" / f"{added}.csv"
    rows = candidates(project, added)
    text = (project / "seeds" / f"{added}.txt").read_text(encoding="utf-8")
    first = rows[0]
    start, end = int(first["quote_start"]), int(first["quote_end"])
    # the reviewer shortens the quote to the clause that states the number
    words = first["quote"].split(" ")
    shorter = " ".join(words[: len(words) // 2 + 4])
    assert shorter in text
    first["quote"], first["quote_start"], first["quote_end"] = shorter, "0", "0"
    # and empties another quote, keeping its offsets
    rows[1]["quote"] = ""
    rewrite(path, rows)
    assert crackdown(project, "accept", added, "1", "2") == 0
    data, _ = dataset.check(project)
    assert data is not None
    accepted = data.figures.set_index("figure_id")
    assert accepted.loc[first["figure_id"], "quote"] == shorter
    assert int(accepted.loc[first["figure_id"], "quote_start"]) == text.index(
        shorter, max(0, start - 1)
    )
    assert int(accepted.loc[first["figure_id"], "quote_end"]) <= end
    second = candidates(project, added)[1]
    assert (
        accepted.loc[second["figure_id"], "quote"]
        == text[int(second["quote_start"]) : int(second["quote_end"])]
    )


FORMULA_ARTICLE = (
    "Police Arrest 12 in Sihanoukville\n\n"
    '=HYPERLINK("http://evil.example","x") Police arrested 12 people on Monday.\n\n'
    "-Officials said 40 workers were rescued on Tuesday.\n"
)


def test_formulas_in_candidates_are_neutralised_and_accepted_back_verbatim(
    project: Path, tmp_path: Path
) -> None:
    article = tmp_path / "formula.txt"
    article.write_text(FORMULA_ARTICLE, encoding="utf-8")
    assert (
        crackdown(
            project,
            "add-article",
            str(article),
            "--url",
            "https://example.org/f",
            "--outlet",
            "Formula Post",
            "--published",
            "2025-03-14",
            "--id",
            "formula-2025-03-14",
        )
        == 0
    )
    assert crackdown(project, "extract", "formula-2025-03-14", "--quiet") == 0
    raw = (project / "data" / "candidates" / "formula-2025-03-14.csv").read_text(encoding="utf-8")
    for record in csv.reader(raw.splitlines()):
        for cell in record:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    assert "'=HYPERLINK" in raw and "'-Officials" in raw
    assert crackdown(project, "accept", "formula-2025-03-14") == 0
    data, problems = dataset.check(project)
    assert data is not None and problems == []
    quotes = set(data.figures["quote"])
    assert any(q.startswith("=HYPERLINK") for q in quotes)
    assert any(q.startswith("-Officials") for q in quotes)


RESTATING = (
    "Cambodia Says 3,455 Arrested in Scam Sweep\n\n"
    "PHNOM PENH, Oct 20 (Test Wire) - Cambodian authorities arrested 3,455 people from "
    "20 countries from July 27 to October 14, officials said. About 500 of them were women. "
    "The suspects, aged 18 to 60, were held in 12 provinces.\n"
)


def add(project: Path, tmp_path: Path, text: str | bytes, article_id: str, published: str) -> None:
    file = tmp_path / f"{article_id}.txt"
    file.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    assert (
        crackdown(
            project,
            "add-article",
            str(file),
            "--url",
            f"https://example.org/{article_id}",
            "--outlet",
            "Test Wire",
            "--published",
            published,
            "--id",
            article_id,
        )
        == 0
    )


def test_a_candidate_restating_a_known_fact_joins_its_claim_group_with_differences_flagged(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    add(project, tmp_path, RESTATING, "testwire-2025-10-20", "2025-10-20")
    assert crackdown(project, "extract", "testwire-2025-10-20", "--quiet") == 0
    assert "linked to figures already in data/figures.csv" in capsys.readouterr().out
    rows = candidates(project, "testwire-2025-10-20")
    body = next(r for r in rows if r["value"] == "3455" and r["in_headline"] == "false")
    assert body["claim_group"] == "asiae-2025-arrested"
    assert "restates the known fact asiae-2025-arrested" in body["notes"]
    # the headline restating the body is in the same group
    headline = next(r for r in rows if r["in_headline"] == "true")
    assert headline["claim_group"] == "asiae-2025-arrested"
    assert crackdown(project, "accept", "testwire-2025-10-20") == 0
    data, problems = dataset.check(project)
    assert data is not None and problems == []


def test_the_review_page_marks_every_candidate_and_every_number_set_aside(
    project: Path, tmp_path: Path
) -> None:
    hostile = RESTATING.replace("officials said", "officials said <script>alert(1)</script>")
    add(project, tmp_path, hostile, "testwire-2025-10-20", "2025-10-20")
    assert crackdown(project, "extract", "testwire-2025-10-20", "--quiet") == 0
    page = (project / "data" / "candidates" / "testwire-2025-10-20.html").read_text(
        encoding="utf-8"
    )
    rows = candidates(project, "testwire-2025-10-20")
    for n in range(1, len(rows) + 1):
        assert f'id="row-{n}"' in page and f'id="n-{n}"' in page
    # the ages and the count of provinces are shown, with why they are not candidates
    assert page.count('class="aside"') >= 3
    assert "an age" in page and "counts provinces" in page
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "http://" not in page and "https://" not in page and "<link" not in page


def test_an_article_saved_with_a_byte_order_mark_is_extracted_and_accepted(
    project: Path, tmp_path: Path
) -> None:
    add(
        project,
        tmp_path,
        b"\xef\xbb\xbfPolice Arrest 120 in Kampot\r\n\r\n"
        b"Police arrested 120 people in Kampot on Monday, including 45 women.\r\n",
        "bom-2025-10-16",
        "2025-10-16",
    )
    assert crackdown(project, "extract", "bom-2025-10-16", "--quiet") == 0
    headline = next(r for r in candidates(project, "bom-2025-10-16") if r["in_headline"] == "true")
    assert (headline["quote"], headline["quote_start"]) == ("Police Arrest 120 in Kampot", "0")
    assert crackdown(project, "accept", "bom-2025-10-16") == 0
    data, problems = dataset.check(project)
    assert data is not None and problems == []


def test_accept_checks_its_copy_inside_the_project_and_sweeps_what_a_killed_accept_left(
    project: Path, added: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    cache = project / ".crackdown-cache"
    cache.mkdir(exist_ok=True)
    dead = cache / "accept-4194999-x1"  # above any process id the system hands out
    (dead / "data").mkdir(parents=True)
    alive = cache / "accept-1-x2"  # process 1 runs for as long as the system does
    alive.mkdir()
    checked: list[Path] = []
    real_check = dataset.check

    def spy(root: Path | str | None = None) -> object:
        checked.append(Path(str(root)))
        return real_check(root)

    monkeypatch.setattr(dataset, "check", spy)
    before = set(Path(tempfile.gettempdir()).glob("crackdown-accept-*"))
    assert crackdown(project, "accept", added, "1") == 0
    assert checked[0].parent == cache  # the copy it checked lived inside the project
    assert not checked[0].exists()  # and is gone
    assert not dead.exists() and alive.exists()
    assert set(Path(tempfile.gettempdir()).glob("crackdown-accept-*")) == before
