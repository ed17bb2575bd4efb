"""`crackdown accept ARTICLE_ID [ROW ...]`: append reviewed candidates to data/figures.csv.

The rows are validated, with the rest of the data, exactly as `crackdown check` does, in a
staging copy of the project, before data/figures.csv is touched: when a problem is found it
is printed and data/figures.csv stays byte for byte as it was.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def configure(parser: argparse.ArgumentParser) -> None:
    """The article, the candidate rows to accept, and where the candidates are."""
    parser.add_argument("article_id", metavar="ARTICLE_ID")
    parser.add_argument(
        "rows",
        nargs="*",
        metavar="ROW",
        help="row numbers as `crackdown extract` shows them, or figure_ids (default: every candidate)",
    )
    parser.add_argument(
        "--from",
        dest="source",
        type=Path,
        metavar="CSV",
        help="the candidates file (default: data/candidates/<ARTICLE_ID>.csv)",
    )


def run(args: argparse.Namespace) -> int:
    """Validate the chosen rows with the data; write data/figures.csv only if all is well."""
    from crackdown.commands.check import summary
    from crackdown.extract.candidates import accept

    result = accept(args.root, args.article_id, args.rows, args.source)
    if result.problems:
        for problem in result.problems:
            print(problem, file=sys.stderr)
        print(
            f"{len(result.problems)} problem{'s' if len(result.problems) != 1 else ''} found; "
            "data/figures.csv is unchanged",
            file=sys.stderr,
        )
        return 1
    assert result.dataset is not None
    print(
        f"accepted {len(result.accepted)} figure{'s' if len(result.accepted) != 1 else ''} into data/figures.csv: {', '.join(result.accepted)}"
    )
    print(summary(result.dataset))
    return 0
