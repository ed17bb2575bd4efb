"""Candidates linked to what data/figures.csv already knows.

A candidate that restates a known fact (same metric and unit, same nationality and sex,
overlapping periods, and a value equal to the known one or within the other's qualifier) is
proposed in that fact's claim group, with what differs (value, period) flagged in its notes,
so that a conflict is seen at review time. A count of one sex with no whole in its own
article is proposed as a part of a known whole of the same metric and period.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

Row = Mapping[str, str]


def _span(row: Row) -> tuple[date, date] | None:
    try:
        end = date.fromisoformat(row["period_end"])
        start = date.fromisoformat(row["period_start"]) if row["period_start"] else date.min
    except (KeyError, ValueError):
        return None
    return start, end


def _overlap(a: Row, b: Row) -> bool:
    sa, sb = _span(a), _span(b)
    return sa is not None and sb is not None and sa[0] <= sb[1] and sb[0] <= sa[1]


def _number(cell: str) -> float | None:
    try:
        return float(cell)
    except ValueError:
        return None


def _within(value: float, row: Row) -> bool:
    """Whether `value` is what `row` states: its value, or inside the bounds its qualifier sets."""
    own = _number(row["value"])
    if own is None:
        return False
    if value == own:
        return True
    low, high = _number(row.get("value_low", "")), _number(row.get("value_high", ""))
    if low is None and high is None:
        return False
    return (low is None or value >= low) and (high is None or value <= high)


def restates(candidate: Row, known: Row) -> bool:
    """Whether `candidate` states the fact `known` states."""
    if known["article_id"] == candidate["article_id"]:
        return False
    same = all(candidate[c] == known[c] for c in ("metric", "unit", "nationality", "sex"))
    if not same or known["parent_figure_id"] or not _overlap(candidate, known):
        return False
    value, other = _number(candidate["value"]), _number(known["value"])
    if value is None or other is None:
        return False
    return _within(value, known) or _within(other, candidate)


def _differences(candidate: Row, known: Row) -> list[str]:
    out = []
    if candidate["value"] != known["value"] or candidate["qualifier"] != known["qualifier"]:
        out.append(
            f"value {candidate['qualifier']} {candidate['value']} here, "
            f"{known['qualifier']} {known['value']} there"
        )
    here = (candidate["period_start"], candidate["period_end"], candidate["date_precision"])
    there = (known["period_start"], known["period_end"], known["date_precision"])
    if here != there:
        out.append(f"period {'..'.join(here)} here, {'..'.join(there)} there")
    return out


def link_known(rows: list[dict[str, str]], known: Sequence[Row]) -> int:
    """Propose claim groups and parents from `known` rows in the candidate `rows` (in place);
    the number of candidates linked."""
    linked = 0
    group_of: dict[str, str] = {}
    for row in rows:
        if row["parent_figure_id"]:
            continue
        matches = [k for k in known if restates(row, k)]
        if matches:
            value = _number(row["value"]) or 0.0
            best = min(matches, key=lambda k: abs((_number(k["value"]) or 0.0) - value))
            group = best["claim_group"] or best["figure_id"]
            note = f"restates the known fact {group} ({best['figure_id']}, {best['article_id']})"
            differs = _differences(row, best)
            if differs:
                note += "; differs: " + ", ".join(differs)
            if not best["claim_group"]:
                note += f"; give {best['figure_id']} the claim_group {group} too"
            if row["claim_group"]:
                group_of[row["claim_group"]] = group
            row["claim_group"] = group
            row["notes"] = "; ".join(n for n in (row["notes"], note) if n)
            linked += 1
            continue
        if row["sex"] in ("female", "male"):
            wholes = [
                k
                for k in known
                if k["article_id"] != row["article_id"]
                and not k["parent_figure_id"]
                and k["sex"] == "all"
                and all(k[c] == row[c] for c in ("metric", "unit"))
                and _overlap(row, k)
                and (_number(k["value"]) or 0.0) > (_number(row["value"]) or 0.0)
            ]
            if wholes:
                whole = wholes[0]
                row["parent_figure_id"] = whole["figure_id"]
                row["notes"] = "; ".join(
                    n for n in (row["notes"], f"a part of the known {whole['figure_id']}") if n
                )
                linked += 1
    for row in rows:
        if row["claim_group"] in group_of:
            row["claim_group"] = group_of[row["claim_group"]]
    return linked
