"""What a report notebook shows, and how: charts with their alt text, tables, prose, coverage.

Everything that comes from an article (quotes, headlines, subjects) is escaped here, so HTML
in an article is shown as text and never runs: tables go through pandas' escaping, prose
through Markdown with raw HTML escaped, and `$` is written as an entity so that no math
renderer typesets it. Charts are SVG written deterministically (fixed hash salt, no date).
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd
from matplotlib.figure import Figure

from crackdown import counting
from crackdown.dates import format_date

#: The SVG hash salt: matplotlib's element ids derive from it, so a fixed salt fixes the bytes.
SVG_HASHSALT = "crackdown-reports"
TITLE_ROLE = "title"


# --- what notebooks call -------------------------------------------------------------------


def heading(title: str) -> None:
    """Show the report's title (the built page shows it in its header instead)."""
    _show(
        {"text/html": f"<h1>{_escape(title)}</h1>", "text/plain": title},
        {"crackdown": {"role": TITLE_ROLE}},
    )


def markdown(text: str) -> None:
    """Show Markdown prose; any HTML inside it is shown as text."""
    _show({"text/html": markdown_html(text), "text/plain": text})


def chart(fig: Figure, alt: str | None = None) -> None:
    """Show a chart as SVG with its alt text (by default charts.alt_text), then close it."""
    if alt is None:
        from crackdown import charts

        alt = str(charts.alt_text(fig))
    data = svg(fig)
    import matplotlib.pyplot as plt

    plt.close(fig)
    _show({"image/svg+xml": data, "text/plain": alt}, {"image/svg+xml": {"alt": alt}})


def table(frame: pd.DataFrame, caption: str = "") -> None:
    """Show a table, every cell escaped; numbers as they are formatted in `frame`.

    A note in `frame.attrs["note"]` (rows left out, for instance) follows the caption.
    """
    note = frame.attrs.get("note", "")
    caption = f"{caption}. {note}" if caption and note else caption or note
    _show({"text/html": table_html(frame, caption), "text/plain": frame.to_string(index=False)})


def coverage(facts: pd.DataFrame, also: pd.DataFrame | None = None) -> None:
    """Show what the report draws on, and record it for the site index and the page footer.

    `facts` are the counted facts shown; `also` any other rows shown with an article_id
    (nationalities named without counts, articles listed in full).
    """
    summary = coverage_of(facts, also)
    _show(
        {
            "text/html": f'<p class="coverage">{_escape(summary["text"])}</p>',
            "text/plain": summary["text"],
        },
        {"crackdown": {"coverage": summary}},
    )


# --- the tables reports show ----------------------------------------------------------------

QUALIFIER_WORDS = {
    "exact": "",
    "more_than": "more than ",
    "at_least": "at least ",
    "about": "about ",
    "nearly": "nearly ",
    "up_to": "up to ",
}


def figure_text(value: float, qualifier: str, unit: str) -> str:
    """A figure as a table cell: 'more than 3,400', 'about US$1,600,000', '10 cases'."""
    number = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"
    if unit == "usd":
        number = f"US${number}"
    elif unit == "cases":
        number = f"{number} case{'' if value == 1 else 's'}"
    return QUALIFIER_WORDS.get(qualifier, f"{qualifier} ") + number


def period_text(start: Any, end: Any, precision: str) -> str:
    """A period as a table cell: '9 November 2023', 'April 2023', '27 July 2025 to 14 October 2025'."""
    if pd.isna(end):
        return "undated"
    if precision == "on_or_before" or pd.isna(start):
        return f"on or before {format_date(end)}"
    if precision in ("month", "year"):
        return format_date(start, precision)
    if start == end:
        return format_date(end)
    return f"{format_date(start)} to {format_date(end)}"


def facts_table(facts: pd.DataFrame, limit: int | None = None) -> pd.DataFrame:
    """The counted facts, one row each, as a reader reads them.

    With `limit`, only the `limit` largest facts are listed (in their date order) and the
    table's `attrs["note"]` says how many are left out: a page is read, and 100,000 rows are not.
    """
    note = ""
    if limit is not None and len(facts) > limit:
        largest = facts["value"].rank(method="first", ascending=False) <= limit
        note = (
            f"The {limit:,} largest of {len(facts):,} counted facts; every fact is in the data "
            "files (data/figures.csv) and the sources report."
        )
        facts = facts[largest]
    table = pd.DataFrame(
        {
            "What": facts["metric"].to_numpy(),
            "Figure": [
                figure_text(v, q, u)
                for v, q, u in zip(facts["value"], facts["qualifier"], facts["unit"], strict=True)
            ],
            "Who": facts["subject"].to_numpy(),
            "When": _periods(facts),
            "Where": facts["location"].to_numpy(),
            "Reported by": facts["sources"].to_numpy(),
            "Times stated": facts["n_statements"].to_numpy(),
        }
    )
    table.attrs["note"] = note
    return table


def articles_table(articles: pd.DataFrame) -> pd.DataFrame:
    """The articles: who published what when, where, whom they credit, and their checksum."""
    published = [
        format_date(d, p)
        for d, p in zip(articles["published_on"], articles["published_precision"], strict=True)
    ]
    return pd.DataFrame(
        {
            "Article": articles["article_id"].to_numpy(),
            "Published": [f"{o}, {d}" for o, d in zip(articles["outlet"], published, strict=True)],
            "Headline": articles["headline"].to_numpy(),
            "Address": articles["url"].to_numpy(),
            "Credits": articles["credited_sources"].to_numpy(),
            "SHA-256 (first 12)": articles["sha256"].str.slice(0, 12).to_numpy(),
        }
    )


def figures_table(
    figures: pd.DataFrame, facts: pd.DataFrame, *, quotes: bool = True
) -> pd.DataFrame:
    """Every figure, where it stands in its article, how it is counted, and its verbatim quote."""
    fact_of = dict(zip(figures["figure_id"], counting.fact_ids(figures), strict=True))
    standing = set(facts["figure_id"])
    parent_of = dict(zip(facts["fact_id"], facts["parent_fact_id"], strict=True))
    counted = []
    for figure_id in figures["figure_id"]:
        fact = fact_of[figure_id]
        if figure_id not in standing:
            text = f"restates {fact}; counted once, by its standing figure"
        elif parent_of.get(fact):
            text = f"part of {parent_of[fact]}; shown as a share, never added to it"
        else:
            text = f"counted as {fact}"
        counted.append(text)
    stated = [
        f"{metric}: {figure_text(v, q, u)}, {when}"
        for metric, v, q, u, when in zip(
            figures["metric"],
            figures["value"],
            figures["qualifier"],
            figures["unit"],
            _periods(figures),
            strict=True,
        )
    ]
    where = [
        f"{article}, characters {a:,} to {b:,}"
        for article, a, b in zip(
            figures["article_id"], figures["quote_start"], figures["quote_end"], strict=True
        )
    ]
    table = pd.DataFrame(
        {
            "Figure": figures["figure_id"].to_numpy(),
            "As stated": stated,
            "Quote (verbatim)": figures["quote"].to_numpy(),
            "Where in the article": where,
            "Counted": counted,
        }
    )
    return table if quotes else table.drop(columns=["Quote (verbatim)"])


def naming_facts(facts: pd.DataFrame, named: pd.DataFrame, country: str) -> pd.DataFrame:
    """The facts whose articles name `country` among others without a count for it."""
    listed = set(named.loc[named["country"] == country, "fact_id"])
    return facts[facts["fact_id"].isin(listed)]


def claims_table(facts: pd.DataFrame, conflicts: pd.DataFrame) -> pd.DataFrame:
    """Facts stated more than once: how often, by which figures, and any disagreement."""
    repeated = facts[facts["n_statements"] > 1]
    reasons = conflicts.groupby("fact_id")["reason"].agg(lambda r: ", ".join(sorted(set(r))))
    return pd.DataFrame(
        {
            "Fact": repeated["fact_id"].to_numpy(),
            "Counted figure": [
                figure_text(v, q, u)
                for v, q, u in zip(
                    repeated["value"], repeated["qualifier"], repeated["unit"], strict=True
                )
            ],
            "Statements": repeated["n_statements"].to_numpy(),
            "Figures": repeated["figure_ids"].str.replace(";", ", ").to_numpy(),
            "Disagreement": [
                f"yes: {reasons[f]}" if f in reasons.index else "none" for f in repeated["fact_id"]
            ],
        }
    )


def parts_table(parts: pd.DataFrame) -> pd.DataFrame:
    """Parts beside their wholes, as shares (counting.parts), never added to them."""
    return pd.DataFrame(
        {
            "What": parts["metric"].to_numpy(),
            "Part": [
                f"{figure_text(v, 'exact', u)} {s}"
                for v, u, s in zip(
                    parts["part_value"], parts["unit"], parts["part_subject"], strict=True
                )
            ],
            "Of the whole": [
                f"{figure_text(v, 'exact', u)} {s}"
                for v, u, s in zip(
                    parts["whole_value"], parts["unit"], parts["whole_subject"], strict=True
                )
            ],
            "Share": [f"{p:.1f}%" for p in parts["share_pct"]],
        }
    )


def _periods(frame: pd.DataFrame) -> list[str]:
    return [
        period_text(s, e, p)
        for s, e, p in zip(
            frame["period_start"], frame["period_end"], frame["date_precision"], strict=True
        )
    ]


# --- the pieces, for the build and for tests ------------------------------------------------


def svg(fig: Figure) -> str:
    """The figure as SVG text, byte-identical for identical figures."""
    import matplotlib

    buffer = io.StringIO()
    # Text stays text (fonttype none), not outlines: the SVG is a fifth of the size, WeasyPrint
    # lays the PDF out about five times faster, and chart labels can be searched and copied.
    with matplotlib.rc_context({"svg.hashsalt": SVG_HASHSALT, "svg.fonttype": "none"}):
        fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    return buffer.getvalue()


def markdown_html(text: str) -> str:
    """Markdown to HTML with raw HTML escaped, unsafe links dropped and `$` made inert."""
    import mistune

    render = mistune.create_markdown(escape=True)
    return _inert_dollars(str(render(text)))


def table_html(frame: pd.DataFrame, caption: str = "") -> str:
    """An HTML table of `frame` with every header and cell escaped; number columns right-aligned."""
    shown = frame.astype(object).where(frame.notna(), "").astype(str)
    numeric = [
        bool(len(column)) and all(_NUMBER.fullmatch(cell) for cell in column if cell)
        for _, column in shown.items()
    ]

    def cell(tag: str, text: str, number: bool) -> str:
        css = ' class="number"' if number else ""
        return f"<{tag}{css}>{_escape(text)}</{tag}>"

    head = "".join(
        cell("th", str(name), num) for name, num in zip(shown.columns, numeric, strict=True)
    )
    rows = "\n".join(
        "    <tr>"
        + "".join(cell("td", text, num) for text, num in zip(row, numeric, strict=True))
        + "</tr>"
        for row in shown.itertuples(index=False, name=None)
    )
    caption_html = f"\n  <caption>{_escape(caption)}</caption>" if caption else ""
    body = (
        f'<table class="dataframe crackdown-table">{caption_html}\n'
        f"  <thead>\n    <tr>{head}</tr>\n  </thead>\n  <tbody>\n{rows}\n  </tbody>\n</table>"
    )
    return _inert_dollars(body)


#: A cell that holds only a number as the tables write it: 3,455 or 16.8% or $1.6 million.
_NUMBER = re.compile(
    r"(?:about |more than |over |nearly |at least |up to )?\$?-?[\d,]+(?:\.\d+)?(?:%| million| billion)?"
)


def coverage_of(facts: pd.DataFrame, also: pd.DataFrame | None = None) -> dict[str, Any]:
    """What `facts` (and `also`) cover: counts, article ids, first and last day, in words."""
    article_ids = set(_split_ids(facts["article_ids"])) if "article_ids" in facts else set()
    if also is not None and "article_id" in also:
        article_ids |= {a for a in also["article_id"] if a}
    starts = facts["period_start"].dropna() if len(facts) else pd.Series(dtype="datetime64[ns]")
    ends = facts["period_end"].dropna() if len(facts) else pd.Series(dtype="datetime64[ns]")
    first = min([*starts, *ends]) if len(starts) or len(ends) else None
    last = max(ends) if len(ends) else None
    n_facts, n_articles = len(facts), len(article_ids)
    if n_facts == 0:
        text = "No counted figure matches this report's parameters."
        if n_articles:
            text += f" It draws on {_count(n_articles, 'article')}."
    else:
        text = f"Drawn from {_count(n_facts, 'counted fact')} in {_count(n_articles, 'article')}"
        if first is not None and last is not None:
            text += f", dated {format_date(first)} to {format_date(last)}"
        text += "."
    return {
        "facts": n_facts,
        "articles": sorted(article_ids),
        "first": first.date().isoformat() if first is not None else "",
        "last": last.date().isoformat() if last is not None else "",
        "text": text,
    }


# --- helpers --------------------------------------------------------------------------------


def _show(data: Mapping[str, Any], metadata: Mapping[str, Any] | None = None) -> None:
    from IPython.display import display

    display(dict(data), raw=True, metadata=dict(metadata or {}))  # type: ignore[no-untyped-call]


def _escape(text: str) -> str:
    return _inert_dollars(html.escape(str(text), quote=True))


def _inert_dollars(markup: str) -> str:
    return markup.replace("$", "&#36;")


def _split_ids(values: Iterable[str]) -> list[str]:
    return [part for value in values for part in str(value).split(";") if part]


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"
