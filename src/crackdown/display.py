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
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import pandas as pd

from crackdown import counting, prose, story, wording
from crackdown.story import Citations, Lede, Link

if TYPE_CHECKING:
    from matplotlib.figure import Figure

#: The SVG hash salt: matplotlib's element ids derive from it, so a fixed salt fixes the bytes.
SVG_HASHSALT = "crackdown-reports"
TITLE_ROLE = "title"
#: The page's typeface, which chart text is set in too (crackdown-web/web.css says the same).
PAGE_FONTS = "'Liberation Sans', Arial, 'DejaVu Sans', sans-serif"
#: No chart text is drawn smaller than this many CSS pixels: a chart scrolls sideways instead.
MIN_TEXT_PX = 11.0


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


def lede(opening: Lede) -> None:
    """Show a report's opening sentences, each number linked to its quote (story.lede).

    The page's meta description is this text: the build reads it from the output's metadata.
    """
    _show(
        {"text/html": lede_html(opening), "text/plain": opening.text},
        {"crackdown": {"description": opening.summary, "as_of": opening.as_of}},
    )


def chart(
    fig: Figure,
    alt: str | None = None,
    *,
    facts: pd.DataFrame | None = None,
    cite: Citations | None = None,
    readings: pd.DataFrame | None = None,
) -> None:
    """Show a chart as a figure: the SVG with its alt text, its title, notes and source as
    page text, and (with `facts` and `cite`) a table of the facts it draws, each linked to its
    sentence in the sources report, with every reading of a disputed one (`readings`). The
    figure is closed."""
    if alt is None:
        from crackdown import charts

        alt = str(charts.alt_text(fig))
    markup = chart_html(fig, alt, facts=facts, cite=cite, readings=readings)
    import matplotlib.pyplot as plt

    plt.close(fig)
    _show({"text/html": markup, "text/plain": alt}, {"crackdown": {"role": "chart", "alt": alt}})


def table(frame: pd.DataFrame, caption: str = "") -> None:
    """Show a table, every cell escaped; numbers as they are formatted in `frame`.

    A note in `frame.attrs["note"]` (rows left out, for instance) follows the caption. A table
    longer than PRINT_ROWS prints (in the PDF) its first PRINT_ROWS rows and says so: the web
    page and the data downloads hold every row.
    """
    note = frame.attrs.get("note", "")
    full = f"{caption}. {note}" if caption and note else caption or note
    metadata = None
    if len(frame) > PRINT_ROWS:
        cut = (
            f"The first {PRINT_ROWS:,} of {len(frame):,} rows; the web page and the data "
            "downloads hold every row"
        )
        printed = f"{full}. {cut}" if full else cut
        head = first_rows(frame, PRINT_ROWS)
        metadata = {"crackdown": {"print_html": scrolling(table_html(head, printed), printed)}}
    _show(
        {
            "text/html": scrolling(table_html(frame, full), full or "Table"),
            "text/plain": first_rows(frame, PRINT_ROWS).to_string(index=False),
        },
        metadata,
    )


#: The most rows a table prints in a PDF (the web page shows every row).
PRINT_ROWS = 500


def first_rows(frame: pd.DataFrame, n: int) -> pd.DataFrame:
    """The first `n` rows of a table, with its per-row links, ids and anchors cut to match."""
    head = frame.iloc[:n].copy()
    attrs = dict(frame.attrs)
    for key in ("row_ids", "anchors"):
        if key in attrs:
            attrs[key] = list(attrs[key])[:n]
    if "links" in attrs:
        attrs["links"] = {column: list(cells)[:n] for column, cells in attrs["links"].items()}
    head.attrs = attrs
    return head


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


def figure_text(value: float, qualifier: str, unit: str) -> str:
    """A figure as a table cell, in the words of crackdown.wording: 'more than 3,400',
    'about $1.6 million', '10 cases'."""
    text = wording.amount(float(value), qualifier, unit)
    return (
        f"{text} {wording.noun({'value': value, 'qualifier': qualifier, 'unit': unit})}"
        if unit == "cases"
        else text
    )


def period_text(start: Any, end: Any, precision: str) -> str:
    """A period as a table cell, as a chart label writes it (crackdown.wording): '9 Nov 2023',
    'Apr 2023', '27 Jul-14 Oct 2025', 'before 9 Nov 2023'; 'undated' without an end."""
    if pd.isna(end):
        return "undated"
    return wording.period(start, end, precision, short=True)


def _figure_cell(fact: Mapping[Any, Any], others: list[dict[str, Any]]) -> str:
    """The standing figure, then every other value its statements give: '270 or 271'."""
    unit = str(fact["unit"])
    values = [figure_text(float(fact["value"]), str(fact["qualifier"]), unit)]
    values += [figure_text(float(o["value"]), str(o["qualifier"]), unit) for o in others]
    return " or ".join(dict.fromkeys(values))


def _when_cell(fact: Mapping[Any, Any], others: list[dict[str, Any]]) -> str:
    """The standing period, then every other period its statements give; an inferred start
    or end is marked so."""
    when = period_text(fact["period_start"], fact["period_end"], str(fact["date_precision"]))
    if str(fact.get("period_basis", "stated") or "stated") == "inferred":
        when += " (period inferred)"
    periods = [when]
    periods += [
        period_text(o["period_start"], o["period_end"], str(o["date_precision"])) for o in others
    ]
    return " or ".join(dict.fromkeys(periods))


def facts_table(
    facts: pd.DataFrame,
    limit: int | None = None,
    cite: Citations | None = None,
    readings: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The counted facts, one row each, as a reader reads them: words, never ids.

    "Part of" names the whole a fact is a part of (476 women of 2,825 deported), so that no
    two rows read as adding up. With `cite`, each figure links to its sentence in the sources
    report. With `limit`, only the `limit` largest facts are listed (in their date order) and
    the table's `attrs["note"]` says how many are left out.
    """
    note = ""
    if limit is not None and len(facts) > limit:
        largest = facts["value"].rank(method="first", ascending=False) <= limit
        note = (
            f"The {limit:,} largest of {len(facts):,} counted facts; every fact is in the data "
            "downloads and the sources report."
        )
        facts = facts[largest]
    rows = facts.to_dict("records")
    others = [prose.other_readings(f, readings) for f in rows]
    figures = [_figure_cell(f, o) for f, o in zip(rows, others, strict=True)]
    table = pd.DataFrame(
        {
            "What": [wording.verb(str(m)) for m in facts["metric"]],
            "Figure": figures,
            "Who": facts["subject"].to_numpy(),
            "Part of": _part_of(facts),
            "When": [_when_cell(f, o) for f, o in zip(rows, others, strict=True)],
            "Where": facts["location"].to_numpy(),
            "Reported by": facts["sources"].to_numpy(),
            "Times stated": facts["n_statements"].to_numpy(),
        }
    )
    table.attrs["note"] = note
    if cite is not None:
        table.attrs["links"] = {
            "Figure": [
                [cite.fact(str(f), text)] for f, text in zip(facts["fact_id"], figures, strict=True)
            ]
        }
    return table


def _part_of(facts: pd.DataFrame) -> list[str]:
    """'part of the 2,825 deported' for a part (from counting.parts), '' for a whole."""
    words = {
        str(f): f"{figure_text(v, q, u)} {m}"
        for f, v, q, u, m in zip(
            facts["fact_id"],
            facts["value"],
            facts["qualifier"],
            facts["unit"],
            facts["metric"],
            strict=True,
        )
    }
    return [
        f"part of the {words[str(p)]}"
        if p and str(p) in words
        else ("part of another figure" if p else "")
        for p in facts["parent_fact_id"].fillna("")
    ]


def fact_words(fact: Any) -> str:
    """A fact in a few words: 'arrested: 3,455, 27 Jul-14 Oct 2025'."""
    when = period_text(fact["period_start"], fact["period_end"], str(fact["date_precision"]))
    return f"{wording.verb(str(fact['metric']))}: {figure_text(fact['value'], str(fact['qualifier']), str(fact['unit']))}, {when}"


def articles_table(articles: pd.DataFrame) -> pd.DataFrame:
    """The articles: who published what when, where, whom they credit, and their checksum."""
    published = [
        wording.date(d, p)
        for d, p in zip(articles["published_on"], articles["published_precision"], strict=True)
    ]
    return pd.DataFrame(
        {
            "Outlet": articles["outlet"].to_numpy(),
            "Published": published,
            "Headline": articles["headline"].to_numpy(),
            "Address": articles["url"].to_numpy(),
            "Credits": articles["credited_sources"].to_numpy(),
            "SHA-256 (first 12)": articles["sha256"].str.slice(0, 12).to_numpy(),
        }
    )


def figures_table(
    figures: pd.DataFrame,
    facts: pd.DataFrame,
    articles: pd.DataFrame | None = None,
    *,
    quotes: bool = True,
) -> pd.DataFrame:
    """Every figure, where it stands in its article, how it is counted, and its verbatim quote.

    Each row carries the anchor `statement-<figure_id>`, and the row of the figure that stands
    for a fact also `fact-<fact_id>`: the numbers of every other report link here.
    """
    fact_of = dict(zip(figures["figure_id"], counting.fact_ids(figures), strict=True))
    standing = set(facts["figure_id"])
    by_fact = facts.set_index("fact_id")
    outlet = story.credits(articles) if articles is not None else {}
    counted: list[str] = []
    counted_links: list[list[Link] | None] = []
    for figure_id in figures["figure_id"]:
        fact = fact_of[figure_id]
        parent = str(by_fact.loc[fact, "parent_fact_id"] or "") if fact in by_fact.index else ""
        if fact not in by_fact.index:
            text, target = "not counted: no counted fact", ""
        elif figure_id not in standing:
            text = f"restates {fact_words(by_fact.loc[fact])}; counted once, by its standing figure"
            target = fact
        elif parent in by_fact.index:
            text = f"part of {fact_words(by_fact.loc[parent])}; a share of it, never added to it"
            target = parent
        else:
            n = int(by_fact["n_statements"].get(fact, 1))
            text, target = "counted" + (f"; stated {n} times, counted once" if n > 1 else ""), ""
        counted.append(text)
        counted_links.append([Link(text, f"#{story.fact_anchor(target)}")] if target else None)
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
        f"{outlet.get(str(article), article)}, {'headline' if headline else 'text'}, characters {a:,} to {b:,}"
        for article, headline, a, b in zip(
            figures["article_id"],
            figures.get("in_headline", pd.Series(False, index=figures.index)),
            figures["quote_start"],
            figures["quote_end"],
            strict=True,
        )
    ]
    table = pd.DataFrame(
        {
            "As stated": stated,
            "Who": figures["subject"].to_numpy(),
            "Quote (verbatim)": figures["quote"].to_numpy(),
            "Where in the article": where,
            "Counted": counted,
        }
    )
    table.attrs["row_ids"] = [story.statement_anchor(str(f)) for f in figures["figure_id"]]
    table.attrs["anchors"] = [
        story.fact_anchor(fact_of[f]) if f in standing else "" for f in figures["figure_id"]
    ]
    table.attrs["links"] = {"Counted": counted_links}
    return table if quotes else table.drop(columns=["Quote (verbatim)"])


def naming_facts(facts: pd.DataFrame, named: pd.DataFrame, country: str) -> pd.DataFrame:
    """The facts whose articles name `country` among others without a count for it."""
    listed = set(named.loc[named["country"] == country, "fact_id"])
    return facts[facts["fact_id"].isin(listed)]


def claims_table(
    facts: pd.DataFrame,
    conflicts: pd.DataFrame,
    cite: Citations | None = None,
    stands: pd.Series | None = None,
) -> pd.DataFrame:
    """Facts stated more than once: how often, by which statements, and any disagreement; with
    `stands` (counting.standing_reasons), which statement stands for the fact and why."""
    repeated = facts[facts["n_statements"] > 1]
    reasons = conflicts.groupby("fact_id")["reason"].agg(lambda r: ", ".join(sorted(set(r))))
    table = pd.DataFrame(
        {
            "Fact": [fact_words(f) for f in repeated.to_dict("records")],
            "Statements": repeated["n_statements"].to_numpy(),
            "Disagreement": [
                f"yes: the statements differ in {reasons[f]}" if f in reasons.index else "none"
                for f in repeated["fact_id"]
            ],
        }
    )
    if stands is not None:
        table["Stands"] = [
            f"statement {str(ids).split(';').index(standing) + 1}: {stands.get(fact_id, '')}"
            for ids, standing, fact_id in zip(
                repeated["figure_ids"], repeated["figure_id"], repeated["fact_id"], strict=True
            )
        ]
    statements = [
        [
            Link(
                f"statement {i}",
                f"#{story.statement_anchor(figure_id)}",
                cite.quotes.get(figure_id, "") if cite else "",
            )
            for i, figure_id in enumerate(str(ids).split(";"), start=1)
        ]
        for ids in repeated["figure_ids"]
    ]
    table.attrs["links"] = {
        "Fact": [
            [Link(fact_words(f), f"#{story.fact_anchor(str(f['fact_id']))}")]
            for f in repeated.to_dict("records")
        ],
        "Statements": statements,
    }
    return table


def relations_table(figures: pd.DataFrame, relations: pd.DataFrame | None) -> pd.DataFrame:
    """How facts relate beyond a part and its whole (data/relations.csv): each relation in
    words, both figures linked to their statements, and why it holds."""
    linked = counting.relations_between(figures, relations)
    by_id = figures.set_index("figure_id")
    rows = linked.to_dict("records")
    words = [
        (fact_words(by_id.loc[r["figure_id"]]), fact_words(by_id.loc[r["related_figure_id"]]))
        for r in rows
    ]
    table = pd.DataFrame(
        {
            "Fact": [w[0] for w in words],
            "Relation": [wording.relation(str(r["relation"])) for r in rows],
            "Related fact": [w[1] for w in words],
            "Why": [str(r["notes"]) for r in rows],
        }
    )
    if not rows:
        table.attrs["note"] = "None is recorded"

    def to_statements(column: str, key: str) -> list[list[Link]]:
        """Each row's `column` text linked to the statement of its figure `key`."""
        return [
            [Link(text, f"#{story.statement_anchor(str(r[key]))}")]
            for text, r in zip(table[column], rows, strict=True)
        ]

    table.attrs["links"] = {
        "Fact": to_statements("Fact", "figure_id"),
        "Related fact": to_statements("Related fact", "related_figure_id"),
    }
    return table


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
            "Share": [
                wording.share(p, w)
                for p, w in zip(parts["part_value"], parts["whole_value"], strict=True)
            ],
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
    """The figure as SVG text, byte-identical for identical figures, in the page's typeface."""
    import matplotlib

    buffer = io.StringIO()
    # Text stays text (fonttype none), not outlines: the SVG is a fifth of the size, WeasyPrint
    # lays the PDF out about five times faster, and chart labels can be searched and copied.
    with matplotlib.rc_context({"svg.hashsalt": SVG_HASHSALT, "svg.fonttype": "none"}):
        fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    return _SVG_FONT.sub(f"font-family: {PAGE_FONTS}", buffer.getvalue())


_SVG_FONT = re.compile(r"font-family: ?'[^';\"]*'")
_SVG_VIEWBOX = re.compile(r'viewBox="[\d.\s-]+?\s([\d.]+)\s[\d.]+"')
_SVG_FONT_SIZE = re.compile(r"font-size: ?([\d.]+)px")


def min_chart_width(svg_text: str) -> float:
    """The narrowest width, in CSS pixels, at which the smallest text of `svg_text` is still
    MIN_TEXT_PX tall; below it the chart scrolls sideways rather than shrinks."""
    box = _SVG_VIEWBOX.search(svg_text)
    sizes = [float(s) for s in _SVG_FONT_SIZE.findall(svg_text)]
    if box is None or not sizes:
        return 0.0
    return float(box.group(1)) * MIN_TEXT_PX / min(sizes)


def chart_caption(fig: Figure) -> dict[str, Any]:
    """A chart's title, subtitle, notes and source line, for the page to print as text.

    Read from the figure's `title`, `subtitle`, `notes` and `source` attributes when the chart
    sets them; else from the text the chart draws (its largest text is the title, the next
    size the subtitle, the smallest the notes; the source lines carry ids 'source-<n>').
    `in_image` says whether the image draws them too (then the page hides its copy visually).
    """
    title = getattr(fig, "title", None)
    if isinstance(title, str):
        notes = getattr(fig, "notes", ()) or ()
        return {
            "title": title,
            "subtitle": str(getattr(fig, "subtitle", "") or ""),
            "notes": [notes] if isinstance(notes, str) else [str(n) for n in notes],
            "source": str(getattr(fig, "source", "") or ""),
            "in_image": bool(getattr(fig, "caption_in_image", True)),
        }
    texts = [t for t in fig.texts if t.get_text().strip()]
    source = " ".join(t.get_text() for t in texts if str(t.get_gid() or "").startswith("source-"))
    rest = [t for t in texts if not str(t.get_gid() or "").startswith("source-")]
    sizes = sorted({float(t.get_fontsize()) for t in rest}, reverse=True)

    def joined(size: float) -> str:
        return " ".join(t.get_text() for t in rest if t.get_fontsize() == size)

    return {
        "title": joined(sizes[0]) if sizes else "",
        "subtitle": joined(sizes[1]) if len(sizes) > 2 else "",
        "notes": [joined(sizes[-1])] if len(sizes) > 1 else [],
        "source": source,
        "in_image": True,
    }


def chart_html(
    fig: Figure,
    alt: str,
    *,
    facts: pd.DataFrame | None = None,
    cite: Citations | None = None,
    readings: pd.DataFrame | None = None,
) -> str:
    """A chart as a <figure>: the SVG image (at least as wide as its smallest text allows),
    a <figcaption> with its title, notes and source as text, and the facts it draws."""
    import base64

    data = svg(fig)
    caption = chart_caption(fig)
    width = min_chart_width(data)
    encoded = base64.b64encode(data.encode("utf-8")).decode("ascii")
    label = caption["title"] or alt
    image = (
        f'<div class="chart-scroll" tabindex="0" role="region" aria-label="{_escape(label)}">'
        f'<img src="data:image/svg+xml;base64,{encoded}" alt="{_escape(alt)}"'
        f' style="min-width: {width:.0f}px"></div>'
    )
    hidden = ' class="visually-hidden"' if caption["in_image"] else ""
    parts = [f'<p class="chart-title">{_escape(caption["title"])}</p>'] if caption["title"] else []
    if caption["subtitle"]:
        parts.append(f'<p class="chart-subtitle">{_escape(caption["subtitle"])}</p>')
    parts += [f'<p class="chart-note">{_escape(n)}</p>' for n in caption["notes"] if n]
    if caption["source"]:
        parts.append(f'<p class="chart-source">{_escape(caption["source"])}</p>')
    figcaption = f"<figcaption{hidden}>{''.join(parts)}</figcaption>" if parts else ""
    drawn = getattr(fig, "drawn", None)
    table = ""
    if facts is not None and isinstance(drawn, pd.DataFrame) and "fact_id" in drawn:
        shown = facts[facts["fact_id"].isin(set(drawn["fact_id"]))]
        if not shown.empty:
            what = f"The {len(shown):,} {'fact' if len(shown) == 1 else 'facts'} drawn, with their sources"
            table = (
                f'<details class="chart-data"><summary>{_escape(what)}</summary>'
                f"{scrolling(table_html(facts_table(shown, cite=cite, readings=readings)), what)}</details>"
            )
    return f'<figure class="chart">{image}{figcaption}</figure>{table}'


def scrolling(markup: str, label: str) -> str:
    """`markup` in a box that scrolls sideways on a narrow screen and can be reached by keyboard."""
    return (
        f'<div class="table-scroll" tabindex="0" role="region" aria-label="{_escape(label)}">'
        f"{markup}</div>"
    )


def lede_html(opening: Lede, *, inline: bool = False) -> str:
    """A lede as a paragraph (or, `inline`, as a span inside a list item), each number a link
    to its sentence with the quote beside it."""
    body = markdown_html(opening.markdown).strip()
    if body.startswith("<p>") and body.endswith("</p>"):
        body = body[3:-4]
    for i, link in enumerate(opening.links):
        body = body.replace(story.placeholder(i), link_html(link), 1)
    return f"<span>{body}</span>" if inline else f'<p class="lede">{body}</p>'


def link_html(link: Link) -> str:
    """A link with its quote inside it, shown beside the number on hover and keyboard focus by
    the page's CSS (no script), and hidden on paper, where the sources report prints it."""
    if not link.href:
        return _escape(link.text)
    if not link.quote:
        return f'<a href="{_escape(link.href)}">{_escape(link.text)}</a>'
    return (
        f'<a href="{_escape(link.href)}" class="cite">{_escape(link.text)}'
        f'<span class="quote"> {_escape(link.quote)}</span></a>'
    )


def markdown_html(text: str) -> str:
    """Markdown to HTML with raw HTML escaped, unsafe links dropped and `$` made inert."""
    import mistune

    render = mistune.create_markdown(escape=True)
    return _inert_dollars(str(render(text)))


def table_html(frame: pd.DataFrame, caption: str = "") -> str:
    """An HTML table of `frame` with every header and cell escaped; number columns right-aligned.

    `frame.attrs` may give `row_ids` (an anchor per row), `anchors` (a second anchor per row,
    or ""), and `links`: per column, per row, a list of story.Link to show instead of the text.
    """
    shown = frame.astype(object).where(frame.notna(), "").astype(str)
    numeric = [
        bool(len(column)) and all(_NUMBER.fullmatch(cell) for cell in column if cell)
        for _, column in shown.items()
    ]
    links: dict[str, Sequence[Sequence[Link] | None]] = frame.attrs.get("links", {})
    row_ids: Sequence[str] = frame.attrs.get("row_ids", [])
    anchors: Sequence[str] = frame.attrs.get("anchors", [])

    def cell(tag: str, text: str, number: bool, cited: Sequence[Link] | None = None) -> str:
        inner = "; ".join(link_html(link) for link in cited) if cited else _escape(text)
        if number:
            return f'<{tag} class="number">{inner}</{tag}>'
        if _LONG.search(text):  # it may break anywhere, and never sets its column's width
            return f'<{tag} class="long"><div>{inner}</div></{tag}>'
        return f"<{tag}>{inner}</{tag}>"

    head = "".join(
        cell("th", str(name), num) for name, num in zip(shown.columns, numeric, strict=True)
    )
    columns = list(shown.columns)
    rows = []
    for i, row in enumerate(shown.itertuples(index=False, name=None)):
        cells = [
            cell("td", text, num, links[name][i] if name in links else None)
            for name, text, num in zip(columns, row, numeric, strict=True)
        ]
        if i < len(anchors) and anchors[i]:
            cells[0] = cells[0].replace("<td>", f'<td><span id="{_escape(anchors[i])}"></span>', 1)
            cells[0] = cells[0].replace(
                '<td class="number">',
                f'<td class="number"><span id="{_escape(anchors[i])}"></span>',
                1,
            )
        row_id = f' id="{_escape(row_ids[i])}"' if i < len(row_ids) and row_ids[i] else ""
        rows.append(f"    <tr{row_id}>" + "".join(cells) + "</tr>")
    caption_html = f"\n  <caption>{_escape(caption)}</caption>" if caption else ""
    body = (
        f'<table class="dataframe crackdown-table">{caption_html}\n'
        f"  <thead>\n    <tr>{head}</tr>\n  </thead>\n  <tbody>\n"
        + "\n".join(rows)
        + "\n  </tbody>\n</table>"
    )
    return _inert_dollars(body)


#: A token this long (an address, a run of characters without a space) may break anywhere.
_LONG = re.compile(r"\S{30,}")

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
        if first is not None and last is not None and first == last:
            # "dated 2 November 2025", not "2 November 2025 to 2 November 2025"
            text += f", dated {wording.date(first)}"
        elif first is not None and last is not None:
            text += f", dated {wording.date(first)} to {wording.date(last)}"
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
