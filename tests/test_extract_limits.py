"""Inputs the extractor must survive: huge texts, text without full stops, binary files, marks."""

from __future__ import annotations

import os
import time
from datetime import date
from pathlib import Path

import pytest

from crackdown import cli
from crackdown.extract import MAX_ARTICLE_BYTES, ExtractError, candidate_rows, extract
from crackdown.paths import Paths

ROOT = Paths.at().root


def seconds(text: str) -> float:
    start = time.process_time()
    extract(text, date(2025, 1, 1))
    return time.process_time() - start


def run_on(words: int) -> str:
    return "Headline\n\n" + " ".join(
        f"police arrested {i % 90 + 10} people on Monday, and" for i in range(words // 7)
    )


def test_text_without_a_full_stop_is_read_in_linear_time() -> None:
    small, large = run_on(7_000), run_on(28_000)  # about 42 KB and 168 KB, no full stop
    assert len(large) > 160_000 and "." not in large
    t_small, t_large = seconds(small), seconds(large)
    # four times the text may cost at most about four times the time (a quadratic reader
    # took 16 times as long, and over two minutes at 168 KB)
    assert t_large < 6 * t_small + 0.5, (t_small, t_large)
    assert t_large < 20


def test_a_text_past_the_limit_is_refused_with_a_message() -> None:
    with pytest.raises(ExtractError, match=r"at most 2,000,000"):
        extract("word " * (MAX_ARTICLE_BYTES // 5 + 1), date(2025, 1, 1))


def test_a_huge_file_is_refused_before_it_is_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as handle:  # a sparse 200 MB file: nothing is written to disk
        handle.truncate(200_000_000)
    assert os.path.getsize(huge) == 200_000_000
    code = cli.main(["--root", str(ROOT), "extract", str(huge), "--published", "2025-01-01"])
    assert code == 1
    err = capsys.readouterr().err
    assert "200,000,000 bytes" in err and "at most 2,000,000 bytes" in err


def test_nul_bytes_in_a_text_are_refused_by_the_extractor_too() -> None:
    with pytest.raises(ExtractError, match="contains 4,096 NUL bytes"):
        extract("\x00" * 4096, date(2025, 1, 1))


def test_a_file_of_nul_bytes_is_refused_clearly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    nul = tmp_path / "nul.txt"
    nul.write_bytes(b"\x00" * 4096)
    out = tmp_path / "out.csv"
    code = cli.main(
        [
            "--root",
            str(ROOT),
            "extract",
            str(nul),
            "--published",
            "2025-01-01",
            "--output",
            str(out),
        ]
    )
    assert code == 1
    err = capsys.readouterr().err
    assert "nul.txt" in err and ("NUL bytes" in err or "U+0000" in err)
    assert "Traceback" not in err
    assert not out.exists()


def test_a_byte_order_mark_before_the_headline_changes_nothing_but_the_offsets() -> None:
    text = "Police Arrest 12 in Kampot\n\nPolice arrested 12 people in Kampot on Monday.\n"
    plain = candidate_rows(extract(text, date(2025, 3, 14)), "a", text)
    marked_text = "\ufeff" + text
    marked = candidate_rows(extract(marked_text, date(2025, 3, 14)), "a", marked_text)
    assert [
        (r["metric"], r["value"], r["in_headline"], r["claim_group"] != "") for r in marked
    ] == [(r["metric"], r["value"], r["in_headline"], r["claim_group"] != "") for r in plain]
    headline = next(r for r in marked if r["in_headline"] == "true")
    assert headline["quote"] == "Police Arrest 12 in Kampot"
    assert (
        marked_text[int(headline["quote_start"]) : int(headline["quote_end"])] == headline["quote"]
    )


@pytest.mark.parametrize(
    "text",
    [
        "Polizei nahm 120 Personen fest.\n\nDie Polizei nahm am Montag 120 Personen in Kampot fest.",
        "| metric | value |\n|---|---|\n| arrested | 300 |\n| deported | 120 |\n",
        "No figures at all here\n\nThe crackdown goes on, officials said.",
        "- 589 Chinese\n- 429 Vietnamese\n\n" * 2000,
    ],
)
def test_odd_articles_give_candidates_or_nothing_never_a_crash(text: str) -> None:
    rows = candidate_rows(extract(text, date(2025, 1, 1)), "odd", text)
    for row in rows:
        assert text[int(row["quote_start"]) : int(row["quote_end"])] == row["quote"]


def test_a_one_megabyte_article_is_read(tmp_path: Path) -> None:
    paragraph = (
        "Police arrested 120 people in Kampot on Monday. The suspects, aged 20 to 40, were held "
        "at a 12-storey building. Officials said 45 of them were women.\n\n"
    )
    text = "A Long Article\n\n" + paragraph * (1_000_000 // len(paragraph))
    start = time.process_time()
    figures = extract(text, date(2025, 1, 1))
    assert figures and time.process_time() - start < 30
