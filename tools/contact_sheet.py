"""Every chart on a project's data as PNGs and one sheet of them all, for a person to look over
at once: `python tools/contact_sheet.py [PROJECT_ROOT]` (or `nox -s contact_sheet`) writes
reports/_contact-sheet/ and prints the sheet's path."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pandas as pd
from PIL import Image

from crackdown import charts, counting, dataset
from crackdown.charts import frame
from crackdown.paths import Paths

CONTACT_SHEET_DIR = "_contact-sheet"


def contact_sheet_charts(
    facts: pd.DataFrame, named: pd.DataFrame, readings: pd.DataFrame | None = None
) -> dict[str, charts.ChartFigure]:
    """Every chart, with the selections a report uses and every reading of a disputed fact,
    by file name."""
    r = readings
    return {
        "timeline": charts.plot_timeline(facts, readings=r),
        "volume": charts.plot_volume(facts, readings=r),
        "volume-monthly": charts.plot_volume(facts, monthly=True, readings=r),
        "cumulative": charts.plot_cumulative(facts, readings=r),
        "nationalities": charts.plot_nationalities(facts, named, readings=r),
        "nationalities-jp": charts.plot_nationalities(facts, named, country="JP", readings=r),
        "parts": charts.plot_parts(facts, readings=r),
        "timeline-jp": charts.plot_timeline(facts, nationality="JP", readings=r),
        "volume-2025-arrested-deported": charts.plot_volume(
            facts, metrics=["arrested", "deported"], start="2025-01-01", readings=r
        ),
        "empty-2024": charts.plot_timeline(facts, start="2024-01-01", end="2024-12-31"),
    }


def write_contact_sheet(root: Path | str | None = None, dpi: float = 100) -> Path:
    """Every chart on the project's data as PNGs and one sheet of them all, under
    reports/_contact-sheet/, for a person to look over at once. Returns the sheet's path."""
    paths = Paths.at(root)
    data = dataset.load(paths.root)
    facts = counting.facts(data.figures, data.articles, data.relations)
    readings = counting.readings(data.figures, data.articles, data.relations)
    named = counting.named_nationalities(
        data.figures, data.nationalities, data.articles, data.relations
    )
    folder = paths.reports / CONTACT_SHEET_DIR
    folder.mkdir(parents=True, exist_ok=True)
    images = []
    for name, fig in contact_sheet_charts(facts, named, readings).items():
        png = frame.render(fig, "png", dpi=dpi)
        (folder / f"{name}.png").write_bytes(png)
        (folder / f"{name}.txt").write_text(charts.alt_text(fig) + "\n", encoding="utf-8")
        images.append(Image.open(io.BytesIO(png)).convert("RGB"))
    columns, pad = 2, 16
    cell_w = max(i.width for i in images)
    rows = [images[i : i + columns] for i in range(0, len(images), columns)]
    heights = [max(i.height for i in row) for row in rows]
    sheet = Image.new(
        "RGB",
        (columns * cell_w + (columns + 1) * pad, sum(heights) + (len(rows) + 1) * pad),
        "#bdbdbd",
    )
    y = pad
    for row, height in zip(rows, heights, strict=True):
        for c, image in enumerate(row):
            sheet.paste(image, (pad + c * (cell_w + pad), y))
        y += height + pad
    target = folder / "contact-sheet.png"
    sheet.save(target, optimize=True)
    return target


if __name__ == "__main__":
    print(write_contact_sheet(sys.argv[1] if len(sys.argv) > 1 else None))
