"""The review page: one offline HTML file showing the article with every number highlighted.

Each candidate's number is marked where it stands, numbered as its row in the candidates file,
and linked to that row's proposal (metric, value, who, period, part of, claim group, notes);
each number set aside is marked too, with its reason. The page is self-contained (its style
inline, no script, nothing fetched) and every piece of article text is escaped.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from crackdown.extract import Figure, SetAside, number_span, ordered

_STYLE = """
body{font:15px/1.55 system-ui,sans-serif;margin:0;color:#1d1d1d;background:#fafafa}
main{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1.7fr);gap:24px;padding:16px 24px}
h1{font-size:20px;margin:16px 24px 0}h2{font-size:16px;margin:8px 0}
.article{white-space:pre-wrap;overflow-wrap:anywhere;background:#fff;border:1px solid #ddd;padding:12px 16px}
mark{padding:0 2px;border-radius:3px}mark.figure{background:#ffe08a}mark.aside{background:#e4e4e4}
mark sup{font-size:10px;color:#7a4b00;margin-left:1px}
table{border-collapse:collapse;width:100%;font-size:13px;background:#fff}
th,td{border:1px solid #ddd;padding:4px 6px;vertical-align:top;text-align:left;overflow-wrap:break-word}
td:nth-child(-n+4){white-space:nowrap}
th{background:#f0f0f0}td.n{text-align:right;font-variant-numeric:tabular-nums}
tr:target,mark:target{outline:2px solid #d17a00}
p.help{margin:4px 0 12px;color:#555}
"""

_COLUMNS = (
    ("metric", "metric"),
    ("value", "value"),
    ("qualifier", "qualifier"),
    ("who", ""),
    ("period", ""),
    ("count_type", "count"),
    ("parent_figure_id", "part of"),
    ("claim_group", "claim group"),
    ("notes", "notes"),
)


def _period(row: dict[str, str]) -> str:
    if row["date_precision"] == "on_or_before":
        return f"on or before {row['period_end']}"
    if row["date_precision"] == "day":
        return row["period_end"]
    return f"{row['period_start']} to {row['period_end']} ({row['date_precision']})"


def _cell(row: dict[str, str], column: str, number_of: dict[str, int]) -> str:
    if column == "who":
        parts = [row["subject"], row["nationality"], row["sex"] if row["sex"] != "all" else ""]
        return html.escape(", ".join(p for p in parts if p))
    if column == "period":
        return html.escape(_period(row))
    if column == "parent_figure_id" and row[column]:
        n = number_of.get(row[column])
        target = html.escape(row[column])
        return f'<a href="#row-{n}">row {n}</a>' if n else f"known: {target}"
    return html.escape(row[column])


def review_page(
    article_id: str,
    text: str,
    figures: Sequence[Figure],
    rows: Sequence[dict[str, str]],
    set_aside: Sequence[SetAside],
    candidates_file: str,
) -> str:
    """The review page of one article's candidates, as a string of HTML."""
    spans: dict[tuple[int, int], list[int]] = {}
    for number, f in enumerate(ordered(list(figures)), start=1):
        spans.setdefault(number_span(f), []).append(number)
    marks: list[tuple[int, int, str]] = []
    for (start, end), numbers in spans.items():
        label = ",".join(str(n) for n in numbers)
        marks.append(
            (
                start,
                end,
                "".join(f'<span id="n-{n}"></span>' for n in numbers[1:])
                + f'<mark class="figure" id="n-{numbers[0]}" title="candidate {label}">'
                f'<a href="#row-{numbers[0]}">{{}}</a><sup>{label}</sup></mark>',
            )
        )
    taken = sorted(spans)
    for k, a in enumerate(set_aside, start=1):
        if any(s < a.end and a.start < e for s, e in taken):
            continue
        marks.append(
            (
                a.start,
                a.end,
                f'<mark class="aside" id="a-{k}" title="set aside: {html.escape(a.reason)}">{{}}</mark>',
            )
        )
    out: list[str] = []
    at = 0
    for start, end, wrapper in sorted(marks):
        if start < at:
            continue
        out.append(html.escape(text[at:start]))
        out.append(wrapper.format(html.escape(text[start:end])))
        at = end
    out.append(html.escape(text[at:]))
    number_of = {row["figure_id"]: n for n, row in enumerate(rows, start=1)}
    head = "".join(f"<th>{html.escape(label or name)}</th>" for name, label in _COLUMNS)
    body = []
    for n, row in enumerate(rows, start=1):
        cells = "".join(
            f"<td{' class=n' if name == 'value' else ''}>{_cell(row, name, number_of)}</td>"
            for name, _ in _COLUMNS
        )
        body.append(f'<tr id="row-{n}"><td class="n"><a href="#n-{n}">{n}</a></td>{cells}</tr>')
    aside_rows = "".join(
        f'<tr><td><a href="#a-{k}">{html.escape(a.text)}</a></td><td>{html.escape(a.reason)}</td></tr>'
        for k, a in enumerate(set_aside, start=1)
    )
    title = f"Candidates for review: {article_id}"
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<style>{_STYLE}</style></head><body>"
        f"<h1>{html.escape(title)}</h1>"
        "<main><section><h2>The article</h2>"
        '<p class="help">Yellow: a candidate figure (its row number above it; click to see the '
        "row). Grey: a number set aside (hover for why).</p>"
        f'<div class="article">{"".join(out)}</div></section>'
        f"<section><h2>{len(rows)} candidate{'s' if len(rows) != 1 else ''}</h2>"
        f'<p class="help">Rows of <code>{html.escape(candidates_file)}</code>: correct a cell '
        "there, delete a row that is not a figure, then <code>crackdown accept "
        f"{html.escape(article_id)} [ROW ...]</code>. Quotes and their offsets are computed "
        "from the article when you accept.</p>"
        f"<table><thead><tr><th>row</th>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
        f"<h2>{len(set_aside)} number{'s' if len(set_aside) != 1 else ''} set aside</h2>"
        "<table><thead><tr><th>number</th><th>why it is not a candidate</th></tr></thead>"
        f"<tbody>{aside_rows}</tbody></table></section></main></body></html>\n"
    )
