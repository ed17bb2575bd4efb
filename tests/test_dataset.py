"""The dataset: every check named precisely, on the frozen seed project; the live data only for
what holds for any valid data."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import SEED_FIXTURE
from crackdown import cli, dataset
from crackdown.errors import DatasetError
from crackdown.paths import Paths

ROOT = Paths.at().root


def copy_project(target: Path, source: Path = SEED_FIXTURE) -> Path:
    """A copy of a project's seeds/ and data/ in `target` (the seed fixture's by default)."""
    for folder in ("seeds", "data"):
        shutil.copytree(
            source / folder, target / folder, ignore=shutil.ignore_patterns("candidates")
        )
    return target


def read_rows(file: Path) -> list[dict[str, str]]:
    with file.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def write_rows(file: Path, rows: list[dict[str, str]], columns: list[str] | None = None) -> None:
    columns = columns or list(rows[0])
    with file.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, columns, lineterminator="\n", extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


def edit_figure(root: Path, which: str, **changes: str) -> None:
    file = root / "data" / "figures.csv"
    rows = read_rows(file)
    for row in rows:
        if row["figure_id"] == which:
            row.update(changes)
    write_rows(file, rows)


def add_relations(root: Path, *rows: tuple[str, str, str]) -> None:
    """Append rows (figure_id, related_figure_id, relation) to data/relations.csv."""
    with (root / "data" / "relations.csv").open("a", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        for a, b, relation in rows:
            writer.writerow([a, b, relation, "test"])


def run_check(root: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str, str]:
    code = cli.main(["--root", str(root), "check", *extra])
    out, err = capsys.readouterr()
    return code, out, err


# --- the live data: only what holds for any valid data --------------------------------------


def test_live_data_passes_every_check() -> None:
    data, problems = dataset.check(ROOT)
    assert problems == []
    assert data is not None
    assert len(data.articles) >= 1


def test_check_prints_one_summary_line_and_exits_zero(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_check(ROOT, capsys)
    assert code == 0, err
    lines = out.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("ok: ") and "facts after de-duplication" in lines[0]


def test_article_texts_match_their_recorded_sha256() -> None:
    for article in read_rows(ROOT / "seeds" / "articles.csv"):
        text = (ROOT / "seeds" / article["file"]).read_bytes()
        assert hashlib.sha256(text).hexdigest() == article["sha256"], article["file"]


def test_seed_texts_are_byte_identical_to_the_originals_received() -> None:
    shared = ROOT.parent / "shared" / "seeds"
    if not shared.is_dir():
        pytest.skip("the originals are not beside this checkout")
    compared = 0
    for article in read_rows(ROOT / "seeds" / "articles.csv"):
        original = shared / article["original_file"]
        if original.is_file():
            assert (ROOT / "seeds" / article["file"]).read_bytes() == original.read_bytes()
            compared += 1
    assert compared >= 1


def test_every_quote_stands_verbatim_at_its_span() -> None:
    data = dataset.load(ROOT)
    for fig in data.figures.itertuples():
        assert data.texts[fig.article_id][fig.quote_start : fig.quote_end] == fig.quote


def test_an_inferred_period_says_why_in_the_live_data(live: dataset.Dataset) -> None:
    inferred = live.figures[live.figures["period_basis"] == "inferred"]
    assert (inferred["notes"].str.strip() != "").all()


# --- the seed project, frozen ---------------------------------------------------------------


def test_seed_figures_the_articles_state_are_all_recorded(seed: dataset.Dataset) -> None:
    stated = {(f.metric, f.value, f.qualifier) for f in seed.figures.itertuples()}
    for expected in [
        ("deported", 25, "exact"),
        ("arrested", 25, "exact"),
        ("defrauded", 1_600_000, "about"),
        ("deported", 19, "exact"),
        ("arrested", 3455, "exact"),
        ("arrested", 3400, "more_than"),
        ("deported", 2825, "exact"),
        ("deported", 2800, "more_than"),
        ("deported", 476, "exact"),
        ("tried", 75, "exact"),
        ("tried", 5, "exact"),
        ("prosecuted", 10, "exact"),
    ]:
        assert expected in stated


def test_april_deportation_is_month_precision_2023(seed: dataset.Dataset) -> None:
    fig = seed.figures.set_index("figure_id").loc["dp-deported-19-jp-april"]
    assert fig["date_precision"] == "month"
    assert (str(fig["period_start"].date()), str(fig["period_end"].date())) == (
        "2023-04-01",
        "2023-04-30",
    )


def test_2025_arrest_total_is_one_claim_group_of_three_statements(seed: dataset.Dataset) -> None:
    group = seed.figures[seed.figures["claim_group"] == "asiae-2025-arrested"]
    assert sorted(group["value"]) == [3400, 3455, 3455]
    assert group["in_headline"].sum() == 1


def test_the_deportations_since_27_july_are_an_inferred_period(seed: dataset.Dataset) -> None:
    figures = seed.figures.set_index("figure_id")
    assert figures.loc["asiae-deported-2825", "period_basis"] == "inferred"
    assert "inferred" in figures.loc["asiae-deported-2825", "notes"]
    assert figures.loc["asiae-arrested-3455", "period_basis"] == "stated"
    assert figures.loc["asiae-arrested-3455", "attribution"] == "primary"


def test_twenty_nationalities_in_the_order_the_article_gives(seed: dataset.Dataset) -> None:
    named = seed.nationalities
    assert list(named["position"]) == list(range(1, 21))
    assert list(named["country"][:3]) == ["CN", "VN", "TH"]
    assert list(named["country"][-2:]) == ["MN", "RU"]


def test_load_raises_with_file_row_and_column(tmp_path: Path) -> None:
    root = copy_project(tmp_path)
    edit_figure(root, "asiae-tried-75", value="seventy")
    with pytest.raises(DatasetError) as caught:
        dataset.load(root)
    problem = caught.value.first
    assert (problem.file, problem.row, problem.column) == ("data/figures.csv", 14, "value")


# --- bad input: every kind named precisely, exit code 1 -----------------------------------


def _drop_quote_column(root: Path) -> None:
    file = root / "data" / "figures.csv"
    rows = read_rows(file)
    write_rows(file, rows, [c for c in rows[0] if c != "quote"])


def _duplicate_id(root: Path) -> None:
    edit_figure(root, "asiae-tried-75", figure_id="asiae-tried-5-women", parent_figure_id="")


def _remove_article_file(root: Path) -> None:
    (root / "seeds" / "durianpoker-2023-11.txt").unlink()


def _change_article_text(root: Path) -> None:
    file = root / "seeds" / "asiae-2025-10-16.txt"
    file.write_bytes(file.read_bytes().replace(b"Mango Complex", b"Mango Compound"))


def _non_utf8_figures(root: Path) -> None:
    file = root / "data" / "figures.csv"
    file.write_bytes(file.read_bytes().replace(b"elderly", "\xe9lderly".encode("latin-1")))


def _empty_figures(root: Path) -> None:
    (root / "data" / "figures.csv").write_bytes(b"")


def _unlisted_text(root: Path) -> None:
    (root / "seeds" / "new-article.txt").write_text("A new article.\n", encoding="utf-8")


BAD_INPUTS: list[tuple[str, Callable[[Path], None], str]] = [
    (
        "missing column",
        _drop_quote_column,
        "data/figures.csv column quote: is missing from the header row",
    ),
    (
        "non-numeric value",
        lambda r: edit_figure(r, "asiae-tried-75", value="75 people"),
        "data/figures.csv row 14, column value: '75 people' is not a number",
    ),
    (
        "unknown metric",
        lambda r: edit_figure(r, "asiae-tried-75", metric="jailed"),
        "data/figures.csv row 14, column metric: 'jailed' is not one of: arrested, detained, "
        "deported, repatriated, rescued, charged, prosecuted, tried, convicted, defrauded, cases",
    ),
    (
        "impossible date",
        lambda r: edit_figure(r, "asiae-tried-75", period_end="2025-09-31"),
        "data/figures.csv row 14, column period_end: '2025-09-31' is not a valid date (YYYY-MM-DD)",
    ),
    (
        "end before start",
        lambda r: edit_figure(r, "asiae-arrested-3455", period_end="2025-07-01"),
        "data/figures.csv row 10, column period_end: 2025-07-01 is before period_start 2025-07-27",
    ),
    (
        "part larger than whole",
        lambda r: edit_figure(
            r, "asiae-deported-476-women", value="4760", quote_start="0", quote_end="0"
        ),
        "data/figures.csv row 13, column value: 4760 is larger than its whole asiae-deported-2825 (2825)",
    ),
    (
        "unknown parent",
        lambda r: edit_figure(r, "asiae-tried-5-women", parent_figure_id="asiae-tried-57"),
        "data/figures.csv row 15, column parent_figure_id: 'asiae-tried-57' is not a figure_id in data/figures.csv",
    ),
    (
        "duplicate id",
        _duplicate_id,
        "data/figures.csv row 15, column figure_id: duplicate figure_id 'asiae-tried-5-women' "
        "(also in row 14); ids must be unique",
    ),
    (
        "quote not in the article",
        lambda r: edit_figure(r, "asiae-tried-75", quote="Seventy-five people were tried."),
        "data/figures.csv row 14, column quote: not found in seeds/asiae-2025-10-16.txt; "
        "quotes are copied verbatim from the article",
    ),
    (
        "quote at the wrong span",
        lambda r: edit_figure(r, "asiae-prosecuted-10-cases", quote_start="1250", quote_end="1365"),
        "data/figures.csv row 16, column quote_start: the quote is at 1254..1369 in "
        "seeds/asiae-2025-10-16.txt, not 1250..1365",
    ),
    (
        "value absent from its quote",
        lambda r: edit_figure(r, "asiae-tried-75", value="76"),
        "data/figures.csv row 14, column value: 76 does not appear in the quote",
    ),
    (
        "missing article file",
        _remove_article_file,
        "seeds/articles.csv row 2, column file: seeds/durianpoker-2023-11.txt: the text of article "
        "durianpoker-2023-11 is missing",
    ),
    (
        "changed article text",
        _change_article_text,
        "seeds/articles.csv row 3, column sha256: seeds/asiae-2025-10-16.txt has changed since it "
        "was recorded",
    ),
    ("non-UTF-8 file", _non_utf8_figures, "data/figures.csv: is not UTF-8 (byte 0xe9 at line 6"),
    ("empty file", _empty_figures, "data/figures.csv: the figure table is empty"),
    (
        "figure dated after its article",
        lambda r: edit_figure(r, "asiae-tried-75", period_end="2025-10-20"),
        "data/figures.csv row 14, column period_end: 2025-10-20 is after the article's publication "
        "(2025-10-16, day precision)",
    ),
    (
        "month precision that is not a calendar month",
        lambda r: edit_figure(r, "dp-deported-19-jp-april", period_end="2023-05-15"),
        "data/figures.csv row 7, column date_precision: month, but 2023-04-01..2023-05-15 is not one "
        "calendar month (expected 2023-04-01..2023-04-30)",
    ),
    (
        "qualifier disagrees with bounds",
        lambda r: edit_figure(r, "asiae-arrested-3400-more-than", value_low=""),
        "data/figures.csv row 9, column value_low: qualifier more_than needs value_low above value "
        "(more than 3400: 3401)",
    ),
    (
        "part with another metric",
        lambda r: edit_figure(
            r, "asiae-tried-5-women", metric="deported", parent_figure_id="asiae-tried-75"
        ),
        "data/figures.csv row 15, column parent_figure_id: part (deported, people) and whole "
        "asiae-tried-75 (tried, people) must share metric and unit",
    ),
    (
        "unknown article",
        lambda r: edit_figure(r, "asiae-tried-75", article_id="asiae-2025-10-17"),
        "data/figures.csv row 14, column article_id: 'asiae-2025-10-17' is not a article_id in "
        "seeds/articles.csv",
    ),
    (
        "article text not listed",
        _unlisted_text,
        "seeds/new-article.txt: is not listed in seeds/articles.csv",
    ),
    # the facts: claim groups, parts and relations
    (
        "claim group mixing metrics",
        lambda r: edit_figure(r, "asiae-arrested-3400-more-than", metric="deported"),
        "data/figures.csv row 9, column metric: deported differs from arrested in claim group "
        "asiae-2025-arrested",
    ),
    (
        "claim group mixing units",
        lambda r: edit_figure(r, "asiae-arrested-3400-more-than", unit="cases"),
        "data/figures.csv row 9, column unit: cases differs from people in claim group "
        "asiae-2025-arrested",
    ),
    (
        "circle of parents",
        lambda r: edit_figure(r, "asiae-tried-75", parent_figure_id="asiae-tried-5-women"),
        "data/figures.csv row 14, column parent_figure_id: asiae-tried-5-women closes a circle of "
        "parts (",
    ),
    (
        "a part of its own claim group",
        lambda r: edit_figure(
            r, "asiae-arrested-3400-more-than", parent_figure_id="asiae-arrested-3455"
        ),
        "data/figures.csv row 9, column parent_figure_id: asiae-arrested-3455 states the same "
        "fact (claim group asiae-2025-arrested); a fact cannot be a part of itself",
    ),
    (
        "statements of one fact parts of two wholes",
        lambda r: (
            edit_figure(r, "asiae-arrested-3455", parent_figure_id="dp-arrested-25-jp-phnom-penh"),
            edit_figure(
                r, "asiae-arrested-3400-more-than", parent_figure_id="dp-arrested-25-jp-flight"
            ),
        ),
        "data/figures.csv row 10, column parent_figure_id: dp-arrested-25-jp-phnom-penh is a part "
        "of fact dp-arrested-25-jp-phnom-penh, but row 9 of claim group asiae-2025-arrested",
    ),
    (
        "inferred period without a reason",
        lambda r: edit_figure(r, "asiae-tried-75", notes=""),
        "data/figures.csv row 14, column notes: is empty, but period_basis is inferred",
    ),
    (
        "unknown period basis",
        lambda r: edit_figure(r, "asiae-tried-75", period_basis="guessed"),
        "data/figures.csv row 14, column period_basis: 'guessed' is not one of: stated, inferred",
    ),
    (
        "missing attribution",
        lambda r: edit_figure(r, "asiae-tried-75", attribution=""),
        "data/figures.csv row 14, column attribution: is empty but required",
    ),
    (
        "relation to a missing figure",
        lambda r: add_relations(r, ("asiae-tried-75", "asiae-tried-57", "includes")),
        "data/relations.csv row 4, column related_figure_id: 'asiae-tried-57' is not a figure_id "
        "in data/figures.csv",
    ),
    (
        "unknown relation",
        lambda r: add_relations(r, ("asiae-tried-75", "asiae-arrested-3455", "overlaps")),
        "data/relations.csv row 4, column relation: 'overlaps' is not one of: includes, "
        "same_people, may_overlap, corrects",
    ),
    (
        "relation of a figure to itself",
        lambda r: add_relations(r, ("asiae-tried-75", "asiae-tried-75", "may_overlap")),
        "data/relations.csv row 4, column related_figure_id: a figure cannot be related to itself",
    ),
    (
        "relation inside one claim group",
        lambda r: add_relations(
            r, ("asiae-arrested-3455", "asiae-arrested-3400-more-than", "includes")
        ),
        "data/relations.csv row 4, column related_figure_id: asiae-arrested-3400-more-than and "
        "asiae-arrested-3455 state the same fact (claim group asiae-2025-arrested)",
    ),
    (
        "the same two facts related twice",
        lambda r: add_relations(
            r, ("asiae-arrested-3455-headline", "asiae-deported-2800-headline", "may_overlap")
        ),
        "data/relations.csv row 4, column related_figure_id: the facts of "
        "asiae-arrested-3455-headline and asiae-deported-2800-headline are already related "
        "(row 3: may_overlap)",
    ),
    (
        "inclusion across metrics",
        lambda r: add_relations(r, ("asiae-arrested-3455", "asiae-tried-75", "includes")),
        "data/relations.csv row 4, column relation: includes, but asiae-arrested-3455 "
        "(arrested, people) and asiae-tried-75 (tried, people) differ in metric or unit",
    ),
    (
        "same people counted in dollars",
        lambda r: add_relations(r, ("dp-defrauded-usd-1-6m", "asiae-tried-75", "same_people")),
        "data/relations.csv row 4, column relation: same_people, but dp-defrauded-usd-1-6m "
        "counts usd",
    ),
    (
        "circle of an inclusion and a part",
        lambda r: add_relations(
            r, ("dp-arrested-25-jp-flight", "dp-arrested-25-jp-phnom-penh", "includes")
        ),
        "data/relations.csv row 4, column related_figure_id: closes a circle of inclusions and "
        "parts (",
    ),
    (
        "circle of corrections",
        lambda r: add_relations(
            r,
            ("dp-deported-25-jp", "dp-deported-19-jp-april", "corrects"),
            ("dp-deported-19-jp-april", "asiae-deported-2825", "corrects"),
            ("asiae-deported-2825", "dp-deported-25-jp", "corrects"),
        ),
        "data/relations.csv row 4, column related_figure_id: closes a circle of corrections (",
    ),
    (
        "a withdrawn whole",
        lambda r: add_relations(r, ("dp-deported-19-jp-april", "asiae-tried-75", "corrects")),
        "data/figures.csv row 15, column parent_figure_id: asiae-tried-75 is withdrawn "
        "(data/relations.csv row 4 corrects it)",
    ),
    # hostile cells and files
    (
        "Arabic-Indic digits",
        lambda r: edit_figure(r, "asiae-tried-75", value="\u0667\u0665"),
        "data/figures.csv row 14, column value: '\u0667\u0665' is not a number written in the "
        "digits 0-9",
    ),
    (
        "full-width digits",
        lambda r: edit_figure(r, "asiae-tried-75", value="\uff17\uff15"),
        "data/figures.csv row 14, column value: '\uff17\uff15' is not a number written in the "
        "digits 0-9",
    ),
    (
        "a quote_start of twenty digits",
        lambda r: edit_figure(r, "asiae-tried-75", quote_start="99999999999999999999"),
        "data/figures.csv row 14, column quote_start: '99999999999999999999' is too large for "
        "quote_start",
    ),
    (
        "a quote_start past the maximum",
        lambda r: edit_figure(r, "asiae-tried-75", quote_start="9999999999"),
        "data/figures.csv row 14, column quote_start: '9999999999' is above the maximum",
    ),
    (
        "value_low inf",
        lambda r: edit_figure(r, "asiae-arrested-3400-more-than", value_low="inf"),
        "data/figures.csv row 9, column value_low: 'inf' is not a number written in the digits",
    ),
    (
        "unassigned country code",
        lambda r: edit_figure(r, "asiae-tried-75", nationality="XX"),
        "data/figures.csv row 14, column nationality: 'XX' is not an assigned ISO 3166-1 alpha-2",
    ),
    (
        "a 300-character id",
        lambda r: edit_figure(r, "asiae-prosecuted-10-cases", figure_id="a" * 300),
        "data/figures.csv row 16, column figure_id: 'aaaa",
    ),
    (
        "NUL in a subject",
        lambda r: edit_figure(r, "asiae-tried-75", subject="indi\x00viduals"),
        "data/figures.csv row 14, column subject: 'indi\\x00viduals' holds U+0000",
    ),
    (
        "BEL in a location",
        lambda r: edit_figure(r, "asiae-tried-75", location="Cambodia\x07"),
        "data/figures.csv row 14, column location: 'Cambodia\\x07' holds U+0007",
    ),
    (
        "ESC in notes",
        lambda r: edit_figure(r, "asiae-tried-75", notes="\x1b[31mred"),
        "data/figures.csv row 14, column notes: '\\x1b[31mred' holds U+001B",
    ),
    (
        "right-to-left override in an authority",
        lambda r: edit_figure(r, "asiae-tried-75", authority="police \u202etxet"),
        "data/figures.csv row 14, column authority: 'police \\u202etxet' holds U+202E "
        "(right-to-left override)",
    ),
    (
        "an article of NUL bytes",
        lambda r: _replace_article(r, b"\x00" * 64),
        "seeds/articles.csv row 2, column file: seeds/durianpoker-2023-11.txt: holds the control "
        "character U+0000 at line 1",
    ),
    (
        "an article leading outside the project",
        lambda r: _link_article_outside(r),
        "seeds/articles.csv row 2, column file: seeds/durianpoker-2023-11.txt: leads outside the "
        "project",
    ),
    (
        "a descriptor pointing outside the project",
        lambda r: _descriptor_path(r, "figures", "../../outside.csv"),
        "data/datapackage.json column resources figures path: '../../outside.csv' is not "
        "data/figures.csv",
    ),
    (
        "a FIFO for the figure table",
        lambda r: _fifo(r / "data" / "figures.csv"),
        "data/figures.csv: is a FIFO, not a regular file",
    ),
    (
        "a FIFO for an article",
        lambda r: _fifo(r / "seeds" / "asiae-2025-10-16.txt"),
        "seeds/articles.csv row 3, column file: seeds/asiae-2025-10-16.txt: is a FIFO, not a "
        "regular file",
    ),
]


def _replace_article(root: Path, data: bytes) -> None:
    (root / "seeds" / "durianpoker-2023-11.txt").write_bytes(data)


def _link_article_outside(root: Path) -> None:
    outside = root.parent / "outside.txt"
    target = root / "seeds" / "durianpoker-2023-11.txt"
    outside.write_bytes(target.read_bytes())
    target.unlink()
    target.symlink_to(outside)


def _descriptor_path(root: Path, resource: str, path: str) -> None:
    file = root / "data" / "datapackage.json"
    descriptor = json.loads(file.read_text(encoding="utf-8"))
    next(r for r in descriptor["resources"] if r["name"] == resource)["path"] = path
    file.write_text(json.dumps(descriptor), encoding="utf-8")


def _fifo(path: Path) -> None:
    path.unlink()
    os.mkfifo(path)


@pytest.mark.parametrize(
    ("mutate", "expected"), [(m, e) for _, m, e in BAD_INPUTS], ids=[n for n, _, _ in BAD_INPUTS]
)
def test_bad_input_is_named_precisely_and_check_exits_1(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    mutate: Callable[[Path], None],
    expected: str,
) -> None:
    root = copy_project(tmp_path)
    mutate(root)
    code, out, err = run_check(root, capsys)
    assert code == 1
    assert out == ""
    assert any(line.startswith(expected) for line in err.splitlines()), err


def test_every_problem_is_printed_one_per_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_project(tmp_path)
    edit_figure(root, "asiae-tried-75", period_end="2025-10-20")
    edit_figure(root, "asiae-arrested-3455", period_end="2025-07-01")
    code, _, err = run_check(root, capsys)
    assert code == 1
    lines = err.strip().splitlines()
    assert lines[-1] == "2 problems found"
    assert [line.split(",")[0] for line in lines[:-1]] == [
        "data/figures.csv row 10",
        "data/figures.csv row 14",
    ]


def test_console_script_exits_1_on_bad_data(tmp_path: Path) -> None:
    root = copy_project(tmp_path)
    edit_figure(root, "asiae-tried-75", metric="jailed")
    result = subprocess.run(
        [sys.executable, "-m", "crackdown.cli", "--root", str(root), "check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "row 14, column metric: 'jailed'" in result.stderr


def test_load_remembers_a_validation_but_revalidates_changed_bytes(tmp_path: Path) -> None:
    root = copy_project(tmp_path)
    first = dataset.load(root)
    assert list((root / ".crackdown-cache" / "validated").iterdir())
    assert dataset.load(root).figures.equals(first.figures)
    edit_figure(root, "asiae-tried-75", value="76")
    with pytest.raises(DatasetError, match="76 does not appear in the quote"):
        dataset.load(root)


def test_the_code_knows_the_same_metrics_and_columns_as_the_descriptor() -> None:
    from crackdown.extract import FIGURE_COLUMNS

    descriptor = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    figures = next(r for r in descriptor["resources"] if r["name"] == "figures")
    fields = {f["name"]: f for f in figures["schema"]["fields"]}
    assert tuple(fields["metric"]["constraints"]["enum"]) == dataset.METRICS
    assert tuple(fields) == FIGURE_COLUMNS


# --- files read with care -------------------------------------------------------------------


def test_a_byte_order_mark_in_figures_csv_is_read_as_such(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_project(tmp_path)
    for table in ("data/figures.csv", "seeds/articles.csv", "data/relations.csv"):
        file = root / table
        file.write_bytes(b"\xef\xbb\xbf" + file.read_bytes())
    code, _out, err = run_check(root, capsys)
    assert code == 0, err
    data = dataset.load(root, use_cache=False)
    assert data.figures.columns[0] == "figure_id"
    assert data.articles.columns[0] == "article_id"


def test_an_article_starting_with_a_byte_order_mark_keeps_its_offsets(tmp_path: Path) -> None:
    root = copy_project(tmp_path)
    text = root / "seeds" / "asiae-2025-10-16.txt"
    raw = b"\xef\xbb\xbf" + text.read_bytes()
    text.write_bytes(raw)
    rows = read_rows(root / "seeds" / "articles.csv")
    rows[1]["sha256"] = hashlib.sha256(raw).hexdigest()
    write_rows(root / "seeds" / "articles.csv", rows)
    data, problems = dataset.check(root)
    assert problems == []
    assert data is not None
    assert data.texts["asiae-2025-10-16"].startswith("3,455 Arrested")


@pytest.mark.parametrize("where", ["seeds/stray.txt", "data/stray.csv"])
def test_a_fifo_in_the_project_never_blocks_check(tmp_path: Path, where: str) -> None:
    root = copy_project(tmp_path)
    os.mkfifo(root / where)
    result = subprocess.run(
        [sys.executable, "-m", "crackdown.cli", "--root", str(root), "check"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if where.startswith("seeds"):
        assert result.returncode == 1
        assert "seeds/stray.txt: is not listed in seeds/articles.csv" in result.stderr
    else:
        assert result.returncode == 0, result.stderr
    version = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from crackdown import dataset, paths; "
            "print(dataset.data_version(paths.Paths.at(sys.argv[1])))",
            str(root),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert len(version.stdout.strip()) == 12


def test_an_unlisted_text_says_how_to_finish_or_undo(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_project(tmp_path)
    (root / "seeds" / "wire-2025-03-14.txt").write_text("Police deported 31.\n", encoding="utf-8")
    code, _, err = run_check(root, capsys)
    assert code == 1
    assert "crackdown add-article seeds/wire-2025-03-14.txt" in err
    assert "run again with the same arguments" in err and "or delete it" in err


# --- conflicts from the command line ----------------------------------------------------------


def _dispute_the_seed(root: Path) -> None:
    """Two disputes: the arrests' headline dated from 27 June, and the deportations' headline
    read as exactly 2,800."""
    edit_figure(root, "asiae-arrested-3455-headline", period_start="2025-06-27")
    edit_figure(root, "asiae-deported-2800-headline", qualifier="exact", value_low="")


def test_check_counts_each_disputed_fact_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_project(tmp_path)
    _dispute_the_seed(root)
    code, out, err = run_check(root, capsys)
    assert code == 0, err
    assert ", 2 conflicts," in out


def test_check_conflicts_lists_each_fact_its_readings_and_statements(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_project(tmp_path)
    _dispute_the_seed(root)
    code, out, _ = run_check(root, capsys, "--conflicts")
    assert code == 0
    text = out.split("\n", 1)[1]
    assert (
        "conflict 1 of 2: asiae-2025-arrested (arrested, people): the statements differ in period"
        in text
    )
    assert "  standing 3,455, 2025-07-27 to 2025-10-14 (stated)" in text
    assert "  other    3,455, 2025-06-27 to 2025-10-14 (stated)" in text
    assert (
        "    asiae-arrested-3455-headline (exact 3455, data/figures.csv row 8): asiae-2025-10-16, The Asia Business Daily, 16 October 2025"
        in text
    )
    assert (
        "conflict 2 of 2: asiae-2025-deported (deported, people): the statements differ in value"
        in text
    )
    assert "  other    2,800, 2025-07-27 to 2025-10-16 (inferred)" in text


def test_check_conflicts_says_when_there_are_none(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_check(SEED_FIXTURE, capsys, "--conflicts")
    assert code == 0
    assert out.splitlines()[1] == "no conflicts: every fact's statements agree"


# --- the README's way of adding an article keeps the live project valid ---------------------


def test_adding_an_article_the_readme_way_keeps_the_live_data_valid(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_project(tmp_path, ROOT)
    story = tmp_path / "story.txt"
    sentence = "Police in Sihanoukville arrested 57 foreign nationals on 3 March 2025."
    story.write_text(f"Raid in Sihanoukville\n\n{sentence}\n", encoding="utf-8")
    code = cli.main(
        [
            "--root",
            str(root),
            "add-article",
            str(story),
            "--url",
            "https://example.org/news/raid",
            "--outlet",
            "Example Wire",
            "--published",
            "2025-03-05",
        ]
    )
    assert code == 0
    text = (root / "seeds" / "example-wire-2025-03-05.txt").read_text(encoding="utf-8")
    start = text.index(sentence)
    rows = read_rows(root / "data" / "figures.csv")
    new = dict.fromkeys(rows[0], "")
    new.update(
        figure_id="example-wire-arrested-57",
        article_id="example-wire-2025-03-05",
        metric="arrested",
        value="57",
        qualifier="exact",
        unit="people",
        subject="foreign nationals",
        sex="all",
        location="Sihanoukville",
        authority="police",
        attribution="secondary",
        period_start="2025-03-03",
        period_end="2025-03-03",
        date_precision="day",
        period_basis="stated",
        count_type="event",
        in_headline="false",
        quote=sentence,
        quote_start=str(start),
        quote_end=str(start + len(sentence)),
    )
    write_rows(root / "data" / "figures.csv", [*rows, new])
    capsys.readouterr()
    code, out, err = run_check(root, capsys)
    assert code == 0, err
    assert f"{len(rows) + 1} figures" in out
