"""Synthetic projects of any size, for the scale benchmark. Never written into data/.

Every article is plainly synthetic (outlet "Synthetic Wire (benchmark data)"), and every figure
quotes a sentence of its article at the right span, so the synthetic project passes the same
validation as the real one: the benchmark measures the real code path, not a shortcut.

    python benchmarks/synthetic.py 10000 /tmp/synthetic-10000
"""

from __future__ import annotations

import csv
import hashlib
import shutil
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
FIGURES_PER_ARTICLE = 50
VERBS = {
    "arrested": "arrested",
    "deported": "deported",
    "tried": "brought to trial",
    "rescued": "rescued",
}
COUNTRIES = ["CN", "VN", "TH", "ID", "IN", "BD", "KR", "PK", "NP", "MY", "JP", "MM", "PH", "LA"]
PUBLISHED = np.datetime64("2025-11-01")
FIRST_DAY = np.datetime64("2023-01-01")


def make_project(target: Path, n_figures: int, seed: int = 0) -> Path:
    """Write a project of `n_figures` synthetic facts (plus parts and restatements) under `target`."""
    rng = np.random.default_rng(seed)
    if target.exists():
        shutil.rmtree(target)
    (target / "seeds").mkdir(parents=True)
    (target / "data").mkdir()
    shutil.copy(ROOT / "data" / "datapackage.json", target / "data" / "datapackage.json")

    metrics = rng.choice(list(VERBS), n_figures)
    values = np.maximum(1, rng.lognormal(4, 1.5, n_figures).astype(int))
    start = FIRST_DAY + rng.integers(0, 1000, n_figures).astype("timedelta64[D]")
    kind = rng.choice(["day", "range", "month"], n_figures, p=[0.6, 0.25, 0.15])
    length = np.where(kind == "range", rng.integers(2, 90, n_figures), 1)
    start = np.where(kind == "month", start.astype("datetime64[M]").astype("datetime64[D]"), start)
    month_end = (start.astype("datetime64[M]") + 1).astype("datetime64[D]") - 1
    end = np.where(kind == "month", month_end, start + (length - 1).astype("timedelta64[D]"))
    end = np.minimum(end, PUBLISHED - 1)
    nationality = np.where(rng.random(n_figures) < 0.3, rng.choice(COUNTRIES, n_figures), "")

    article_of = np.arange(n_figures) // FIGURES_PER_ARTICLE
    n_articles = int(article_of[-1]) + 1 if n_figures else 0
    texts: list[list[str]] = [[] for _ in range(n_articles)]
    offsets = [0] * n_articles
    rows = []
    for i in range(n_figures):
        a = int(article_of[i])
        part = int(values[i]) // 5 if i % 20 == 0 and values[i] >= 5 else 0
        including = f", including {part:,} women," if part else ""
        sentence = (
            f"Synthetic report {i}: the authorities {VERBS[metrics[i]]} {values[i]:,} people"
            f"{including} in province {i % 25}."
        )
        row = {
            "figure_id": f"synthetic-{i}",
            "article_id": f"synthetic-{a}",
            "metric": metrics[i],
            "value": int(values[i]),
            "qualifier": "exact",
            "unit": "people",
            "subject": "people (synthetic)",
            "nationality": nationality[i],
            "sex": "all",
            "location": f"province {i % 25}",
            "attribution": "primary",
            "period_start": str(start[i]),
            "period_end": str(end[i]),
            "date_precision": kind[i] if start[i] != end[i] or kind[i] == "month" else "day",
            "period_basis": "stated",
            "count_type": "event" if start[i] == end[i] else "period_total",
            "in_headline": "false",
            "quote": sentence,
            "quote_start": offsets[a],
            "quote_end": offsets[a] + len(sentence),
            "notes": "synthetic benchmark data",
        }
        rows.append(row)
        if part:  # a part of the whole, never to be added to it
            rows.append(
                {
                    **row,
                    "figure_id": f"synthetic-{i}-women",
                    "value": part,
                    "sex": "female",
                    "parent_figure_id": row["figure_id"],
                }
            )
        if i % 10 == 5:  # the same fact stated twice, to be counted once
            rows.append(
                {
                    **row,
                    "figure_id": f"synthetic-{i}-restated",
                    "claim_group": f"synthetic-group-{i}",
                    "in_headline": "true",
                }
            )
            row["claim_group"] = f"synthetic-group-{i}"
        texts[a].append(sentence)
        offsets[a] += len(sentence) + 1

    with (ROOT / "data" / "figures.csv").open(encoding="utf-8") as f:
        columns = next(csv.reader(f))
    _write_csv(target / "data" / "figures.csv", columns, rows)
    for table in ("nationalities.csv", "relations.csv"):
        with (ROOT / "data" / table).open(encoding="utf-8") as f:
            _write_csv(target / "data" / table, next(csv.reader(f)), [])

    articles = []
    for a, sentences in enumerate(texts):
        body = "\n".join(sentences) + "\n"
        file = target / "seeds" / f"synthetic-{a}.txt"
        file.write_text(body, encoding="utf-8")
        articles.append(
            {
                "article_id": f"synthetic-{a}",
                "file": file.name,
                "headline": f"Synthetic report {a}",
                "outlet": "Synthetic Wire (benchmark data)",
                "url": f"https://example.org/synthetic/{a}",
                "published_on": str(PUBLISHED),
                "published_precision": "day",
                "language": "en",
                "sha256": hashlib.sha256(body.encode()).hexdigest(),
                "notes": "synthetic benchmark data",
            }
        )
    with (ROOT / "seeds" / "articles.csv").open(encoding="utf-8") as f:
        _write_csv(target / "seeds" / "articles.csv", next(csv.reader(f)), articles)
    return target


def _write_csv(file: Path, columns: list[str], rows: list[dict[str, object]]) -> None:
    with file.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


if __name__ == "__main__":
    made = make_project(Path(sys.argv[2]), int(sys.argv[1]))
    print(f"wrote {made}")
