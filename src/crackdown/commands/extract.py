"""`crackdown extract (ARTICLE_ID | FILE --published DATE)`: propose candidate figures.

The candidates are written, by default, to data/candidates/<article_id>.csv (git ignores
it) in the columns of data/figures.csv, and shown as a table; beside them,
data/candidates/<article_id>.html is the review page: the article with each candidate and each
number set aside highlighted where it stands. A candidate that restates a figure already in
data/figures.csv is proposed in its claim group. They are proposals for review:
only `crackdown accept` puts figures into data/figures.csv.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path
from typing import Any


def configure(parser: argparse.ArgumentParser) -> None:
    """An article id or a file, its publication date for a file, and where to write."""
    parser.add_argument(
        "source", metavar="ARTICLE_ID|FILE", help="an article in seeds/articles.csv, or a text file"
    )
    parser.add_argument(
        "--published",
        metavar="DATE",
        help="for a FILE: publication date, YYYY-MM-DD (or YYYY-MM, YYYY)",
    )
    parser.add_argument(
        "--precision", choices=("day", "month", "year"), help="for a FILE: how precise DATE is"
    )
    parser.add_argument(
        "--id",
        dest="article_id",
        help="for a FILE: the article id to use (default: from the file name)",
    )
    parser.add_argument(
        "--output",
        type=Path,
        metavar="CSV",
        help="where to write (default: data/candidates/<article_id>.csv)",
    )
    parser.add_argument(
        "--quiet", action="store_true", help="write the file without showing the table"
    )


def _read_article(path: Path, shown: str) -> str:
    """The text of an article file, refused with a message when it is too large to be one."""
    from crackdown.articles import read_text
    from crackdown.errors import ArticleError
    from crackdown.extract import MAX_ARTICLE_BYTES, check_text

    try:
        size = path.stat().st_size if path.is_file() else None
    except OSError as err:
        raise ArticleError(f"cannot be read ({err.strerror})", file=shown) from None
    if size is not None and size > MAX_ARTICLE_BYTES:
        raise ArticleError(
            f"{size:,} bytes; the extractor reads articles of at most "
            f"{MAX_ARTICLE_BYTES:,} bytes (a news article is a few thousand): split the text or "
            "check that it is an article",
            file=shown,
        )
    _, text = read_text(path)
    check_text(text, shown)
    return text


_ENGLISH = frozenset(
    [
        "the",
        "of",
        "and",
        "to",
        "in",
        "a",
        "was",
        "were",
        "by",
        "for",
        "on",
        "that",
        "with",
        "from",
        "said",
    ]
)


def _looks_english(text: str) -> bool:
    """Whether common English words make up a fair share of the text's words."""
    words = re.findall(r"[a-z]+", text[:20_000].lower())
    return not words or sum(w in _ENGLISH for w in words) / len(words) > 0.08


def _known_rows(paths: Any) -> list[dict[str, str]]:
    """The rows of data/figures.csv, or none when it cannot be read as CSV."""
    import csv
    import io

    from crackdown.extract.sheet import strip_bom

    try:
        text = strip_bom(paths.figures_csv.read_bytes().decode("utf-8"))
        rows = list(csv.DictReader(io.StringIO(text, newline="")))
    except (OSError, UnicodeDecodeError, csv.Error):
        return []
    from crackdown.extract import FIGURE_COLUMNS

    return [r for r in rows if all(isinstance(r.get(c), str) for c in FIGURE_COLUMNS)]


def _is_file(name: str) -> bool:
    try:
        return Path(name).is_file()
    except (OSError, ValueError):
        return False


def run(args: argparse.Namespace) -> int:
    """Extract, write the candidates and the review page, show them, and say how to accept them."""
    from crackdown.articles import ID_RE, parse_published, read_articles, write_atomic
    from crackdown.errors import ArticleError
    from crackdown.extract import FIGURE_COLUMNS, candidate_rows, read_article
    from crackdown.extract.candidates import MAX_ID
    from crackdown.extract.known import link_known
    from crackdown.extract.review import review_page
    from crackdown.extract.sheet import csv_bytes
    from crackdown.paths import Paths

    paths = Paths.at(args.root)
    known = (
        {row["article_id"]: row for row in read_articles(paths)}
        if paths.articles_csv.is_file()
        else {}
    )
    in_seeds = args.source in known
    if in_seeds:
        if args.published or args.precision or args.article_id:
            raise ArticleError(
                f"{args.source} is an article in seeds/articles.csv: its date comes from there; "
                "--published, --precision and --id are for a file not yet added"
            )
        row = known[args.source]
        article_id = args.source
        text = _read_article(paths.seeds / row["file"], f"seeds/{row['file']}")
        published, precision = parse_published(row["published_on"], row["published_precision"])
    else:
        if not _is_file(args.source):
            shown = args.source if len(args.source) <= 80 else args.source[:77] + "..."
            raise ArticleError("neither an article id in seeds/articles.csv nor a file", file=shown)
        file = Path(args.source)
        if not args.published:
            raise ArticleError(
                f"--published: required to extract from a file ({args.source}) that is not in seeds/ yet"
            )
        text = _read_article(file, args.source)
        published, precision = parse_published(args.published, args.precision)
        article_id = args.article_id or re.sub(r"[^a-z0-9]+", "-", file.stem.lower()).strip("-")
        if not ID_RE.fullmatch(article_id) or len(article_id) > MAX_ID:
            raise ArticleError(
                f"--id {article_id[:60]!r}: use lower-case letters, digits and hyphens, "
                f"at most {MAX_ID} characters"
            )
    reading = read_article(text, published, precision)
    rows = candidate_rows(reading.figures, article_id, text)
    linked = link_known(rows, _known_rows(paths)) if in_seeds else 0
    output = args.output or paths.candidates / f"{article_id}.csv"
    output.parent.mkdir(parents=True, exist_ok=True)
    page = output.with_suffix(".html")
    write_atomic(output, csv_bytes(rows, FIGURE_COLUMNS))
    write_atomic(
        page,
        review_page(
            article_id, text, reading.figures, rows, reading.set_aside, paths.relative(output)
        ).encode("utf-8"),
    )
    if not args.quiet:
        _show(rows, article_id)
    print(
        f"{len(rows)} candidate{'s' if len(rows) != 1 else ''} written to {paths.relative(output)}"
        f"; {len(reading.set_aside)} other number{'s' if len(reading.set_aside) != 1 else ''} "
        "set aside with the reason for each"
    )
    if linked:
        print(f"{linked} linked to figures already in data/figures.csv (see their notes)")
    if not rows and not _looks_english(text):
        print("the text does not read as English: the extractor reads English articles only")
    print(f"review page: {paths.relative(page)} (open it in a browser)")
    if in_seeds:
        from_option = "" if args.output is None else f" --from {paths.relative(output)}"
        print(
            f"review them (edit the file if needed), then: crackdown accept {article_id}{from_option} [ROW ...]"
        )
    else:
        print(
            "add the article before accepting: crackdown add-article FILE --url URL --outlet NAME --published DATE"
        )
    return 0


def _show(rows: list[dict[str, str]], article_id: str) -> None:
    from rich.console import Console
    from rich.table import Table

    from crackdown import wording

    number_of = {row["figure_id"]: str(n) for n, row in enumerate(rows, start=1)}
    groups = {
        g: chr(ord("A") + i)
        for i, g in enumerate(dict.fromkeys(r["claim_group"] for r in rows if r["claim_group"]))
    }
    table = Table(title=f"candidate figures: {article_id}", title_justify="left")
    for name in ("row", "metric", "value", "who", "period", "part / fact", "quote"):
        table.add_column(name, overflow="fold", no_wrap=name in ("row",))
    for number, row in enumerate(rows, start=1):
        period = wording.period(
            row["period_start"] or None, row["period_end"], row["date_precision"], short=True
        )
        sex = row["sex"] if row["sex"] in ("female", "male") else ""
        who = " ".join(p for p in (row["nationality"], sex) if p) or "-"
        links = []
        if row["parent_figure_id"]:
            links.append(
                f"part of {number_of.get(row['parent_figure_id'], row['parent_figure_id'])}"
            )
        if row["claim_group"]:
            links.append(f"fact {groups[row['claim_group']]}")
        quote = row["quote"] if len(row["quote"]) <= 70 else row["quote"][:69] + "…"
        headline = " (headline)" if row["in_headline"] == "true" else ""
        table.add_row(
            str(number),
            row["metric"],
            wording.amount(float(row["value"]), row["qualifier"], row["unit"]),
            who,
            period,
            ", ".join(links),
            quote + headline,
        )
    Console().print(table)
