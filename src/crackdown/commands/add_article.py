"""`crackdown add-article FILE --url URL --outlet NAME --published DATE`: record a new article."""

from __future__ import annotations

import argparse
from pathlib import Path


def configure(parser: argparse.ArgumentParser) -> None:
    """The file, where and when it was published, and optional id, headline and notes."""
    parser.add_argument("file", type=Path, help="the article's text, UTF-8, copied unchanged")
    parser.add_argument("--url", required=True, help="where the text was published")
    parser.add_argument("--outlet", required=True, help="who published it")
    parser.add_argument(
        "--published",
        required=True,
        metavar="DATE",
        help="publication date: YYYY-MM-DD, or YYYY-MM / YYYY when only the month or year is known",
    )
    parser.add_argument(
        "--precision",
        choices=("day", "month", "year"),
        help="how precisely the date is known (default: from how DATE is written)",
    )
    parser.add_argument("--id", dest="article_id", help="article id (default: outlet and date)")
    parser.add_argument("--headline", help="headline (default: the text's first line)")
    parser.add_argument("--language", default="en", help="ISO 639-1 code (default: en)")
    parser.add_argument(
        "--credited", default="", help="sources the article credits, separated by '; '"
    )
    parser.add_argument("--notes", default="", help="anything a curator should know")


def run(args: argparse.Namespace) -> int:
    """Copy the text into seeds/, append its row to seeds/articles.csv, say what to do next."""
    from crackdown.articles import add_article
    from crackdown.paths import Paths

    article = add_article(
        args.root,
        args.file,
        url=args.url,
        outlet=args.outlet,
        published=args.published,
        precision=args.precision,
        article_id=args.article_id,
        headline=args.headline,
        language=args.language,
        credited_sources=args.credited,
        notes=args.notes,
    )
    paths = Paths.at(args.root)
    print(
        f"added {article.article_id}: {paths.relative(paths.seeds / article.file)} "
        f"(sha256 {article.sha256[:12]}…, published {article.published_on} at {article.published_precision} precision)"
    )
    print(f"next: crackdown extract {article.article_id}")
    return 0
