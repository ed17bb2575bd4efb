"""The frame every chart is drawn in: the house palette and type, the layout in inches of
title, subtitle, body, key, notes and source line, and deterministic output.

Charts are `ChartFigure`s (plain matplotlib Figures, never pyplot), built inside `context()`.
A figure is laid out top to bottom in inches, so that the header and footer never collide
with the plot however many lines they wrap to:

    title (states the finding)
    subtitle (what is drawn, in which units)
    body (the axes, placed by the chart)
    key (what each mark means)
    notes (qualified, estimated, left out)
    Source: outlet, date; outlet, date
"""

from __future__ import annotations

import base64
import io
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import matplotlib as mpl
from cycler import cycler
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.textpath import TextToPath

from crackdown import model, wording

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes
    from matplotlib.typing import RcKeyType

#: Okabe & Ito's colour-blind-safe palette, as matplotlib ships it: black, orange, sky blue,
#: bluish green, yellow, blue, vermillion, reddish purple.
OKABE_ITO: tuple[str, ...] = tuple(
    mpl.colors.to_hex(c)
    for c in mpl.colormaps["okabe_ito"].colors  # type: ignore[attr-defined]
)
BLACK, ORANGE, SKY_BLUE, GREEN, YELLOW, BLUE, VERMILLION, PURPLE = OKABE_ITO

INK = "#1a1a1a"
#: Grey for secondary text: 7.0:1 contrast on white, readable in print.
MUTED = "#595959"
RULE = "#d9d9d9"

#: The palette by name, as crackdown.model.METRIC_LOOKS names each metric's colour.
PALETTE = {
    "black": BLACK,
    "orange": ORANGE,
    "sky_blue": SKY_BLUE,
    "green": GREEN,
    "yellow": YELLOW,
    "blue": BLUE,
    "vermillion": VERMILLION,
    "purple": PURPLE,
}

WIDTH = 8.0  # inches: 800 CSS pixels in a page, scaled to the A4 text width in print
DPI = 200
MARGIN = 0.22  # inches, left and right of the header and footer text
TITLE_SIZE = 13.0
SUBTITLE_SIZE = 10.0
BODY_SIZE = 9.0
SMALL_SIZE = 8.0
LINE = 1.3  # line height as a multiple of the font size

#: rcParams for every chart: type, spines, colours, and what makes SVG output reproducible.
RC: dict[RcKeyType, Any] = {
    "font.family": "DejaVu Sans",
    "font.size": BODY_SIZE,
    "text.color": INK,
    "text.parse_math": False,  # article text may hold "$1.6 million ... $2": never mathtext
    "axes.prop_cycle": cycler(color=[c for c in OKABE_ITO if c not in (BLACK, YELLOW)]),
    "axes.edgecolor": MUTED,
    "axes.labelcolor": INK,
    "axes.labelsize": SMALL_SIZE,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.linewidth": 0.8,
    "xtick.color": MUTED,
    "ytick.color": MUTED,
    "xtick.labelcolor": INK,
    "ytick.labelcolor": INK,
    "xtick.labelsize": SMALL_SIZE,
    "ytick.labelsize": SMALL_SIZE,
    "hatch.linewidth": 0.8,
    "legend.frameon": False,
    "svg.hashsalt": "crackdown-reports",
    "svg.fonttype": "path",
    "savefig.dpi": DPI,
    "figure.dpi": 100,
}

#: What `savefig` is told per format so that the same figure gives the same bytes.
SAVE_METADATA: dict[str, dict[str, Any]] = {
    "svg": {"Date": None},
    "pdf": {"CreationDate": None, "ModDate": None},
    "png": {},
}


class ChartFigure(Figure):
    """A matplotlib Figure that knows its alt text and shows itself in a notebook as a PNG.

    `drawn` holds one row per fact drawn (what a test or a data table beside the chart reads).
    """

    alt: str = ""
    drawn: Any = None

    def _repr_mimebundle_(
        self, include: Any = None, exclude: Any = None
    ) -> tuple[dict[str, str], dict[str, dict[str, Any]]]:
        png = base64.b64encode(render(self, "png")).decode("ascii")
        width = round(self.get_figwidth() * 100)
        return (
            {"image/png": png, "text/plain": self.alt},
            {"image/png": {"alt": self.alt, "width": width}},
        )


@contextmanager
def context() -> Iterator[None]:
    """The house rcParams, for building a chart (artists read them when they are made)."""
    with mpl.rc_context(RC):
        yield


def use() -> None:
    """Make the house style global, for a notebook that also draws its own figures."""
    mpl.rcParams.update(RC)


def render(fig: Figure, fmt: str = "png", dpi: float = DPI) -> bytes:
    """The figure as PNG, SVG or PDF bytes: the same figure gives the same bytes every time."""
    buffer = io.BytesIO()
    with context():
        fig.savefig(buffer, format=fmt, dpi=dpi, metadata=SAVE_METADATA.get(fmt, {}))
    return buffer.getvalue()


_TEXT_PATH = TextToPath()


@lru_cache(maxsize=4096)
def _advance(character: str, size: float, weight: str) -> float:
    prop = FontProperties(family=RC["font.family"], size=size, weight=weight)
    width, _, _ = _TEXT_PATH.get_text_width_height_descent(character, prop, ismath=False)
    return float(width) / 72.0


def text_width(text: str, size: float = BODY_SIZE, weight: str = "normal") -> float:
    """The width of `text` in inches, in the house font at `size` points.

    The sum of each character's advance (cached), which is what layout needs: it differs
    from the drawn width only by kerning, a fraction of a point.
    """
    return sum(_advance(character, size, weight) for character in text)


def _greedy(words: list[str], width: float, size: float, weight: str) -> list[str]:
    lines: list[str] = []
    line = ""
    for word in words:
        candidate = f"{line} {word}" if line else word
        if line and text_width(candidate, size, weight) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    lines.append(line)
    return lines


def wrap(
    text: str,
    width: float,
    size: float = BODY_SIZE,
    weight: str = "normal",
    balance: bool = False,
) -> list[str]:
    """`text` broken into lines no wider than `width` inches (a long word stands alone).

    With `balance`, lines are made as even as the same number of lines allows, so a title
    never ends on a lone word.
    """
    lines: list[str] = []
    for paragraph in text.split("\n"):
        words = paragraph.split()
        wrapped = _greedy(words, width, size, weight)
        if balance and len(wrapped) > 1:
            low, high = width / len(wrapped), width
            for _ in range(12):
                middle = (low + high) / 2
                if len(_greedy(words, middle, size, weight)) > len(wrapped):
                    low = middle
                else:
                    high = middle
            wrapped = _greedy(words, high, size, weight)
        lines += wrapped
    return lines


def line_height(size: float) -> float:
    """The height of one line of text at `size` points, in inches."""
    return size * LINE / 72.0


@dataclass(frozen=True)
class Frame:
    """Where the body of a chart goes, in figure fractions, once header and footer are set."""

    fig: ChartFigure
    left: float
    bottom: float
    right: float
    top: float
    key_y: float  # figure fraction of the middle of the key row (below the body)

    def stack(self, heights: Sequence[float], gap: float) -> list[Axes]:
        """Panels stacked top to bottom in the body, `gap` inches apart, sharing the x axis;
        only the lowest shows its tick labels."""
        grid = self.fig.add_gridspec(
            len(heights),
            1,
            left=self.left,
            right=self.right,
            bottom=self.bottom,
            top=self.top,
            height_ratios=list(heights),
            hspace=gap / (sum(heights) / len(heights)),
        )
        axes: list[Axes] = []
        for p in range(len(heights)):
            ax = self.fig.add_subplot(grid[p, 0], sharex=axes[0] if axes else None)
            ax.tick_params(axis="x", labelbottom=p == len(heights) - 1)
            axes.append(ax)
        return axes

    def key(self, handles: Sequence[Any], labels: Sequence[str], **options: Any) -> None:
        """The key row under the body: what each mark or colour means."""
        self.fig.legend(
            handles,
            labels,
            loc="center left",
            bbox_to_anchor=(MARGIN / WIDTH, self.key_y),
            fontsize=SMALL_SIZE,
            borderaxespad=0,
            borderpad=0,
            **options,
        )


def frame(
    *,
    title: str,
    subtitle: str,
    notes: Sequence[str],
    sources: Sequence[str],
    body_height: float,
    left: float = 1.2,
    right: float = 0.3,
    below_body: float = 0.35,
    above_body: float = 0.0,
    key_rows: int = 0,
) -> Frame:
    """A ChartFigure with its title, subtitle, notes and source line, and room for the body.

    `body_height` is the height of the axes in inches; `below_body` leaves room for tick
    labels, `above_body` for panel titles, `key_rows` for the rows of a key under the body;
    `left` and `right` are the axes margins in inches.
    """
    text_room = WIDTH - 2 * MARGIN
    title_lines = wrap(title, text_room, TITLE_SIZE, "bold", balance=True)
    subtitle_lines = wrap(subtitle, text_room, SUBTITLE_SIZE, balance=True)
    note_lines = [line for note in notes for line in wrap(note, text_room, SMALL_SIZE)]
    source_text = "Source: " + ("; ".join(sources) if sources else "none")
    source_lines = wrap(source_text, text_room, SMALL_SIZE)

    top_pad, gap, bottom_pad = 0.18, 0.2, 0.15
    header = (
        top_pad
        + len(title_lines) * line_height(TITLE_SIZE)
        + len(subtitle_lines) * line_height(SUBTITLE_SIZE)
        + gap
        + above_body
    )
    key_height = 0.1 + 0.2 * key_rows if key_rows else 0.0
    footer = (
        below_body
        + key_height
        + (0.08 if note_lines else 0.0)
        + len(note_lines) * line_height(SMALL_SIZE)
        + 0.06
        + len(source_lines) * line_height(SMALL_SIZE)
        + bottom_pad
    )
    height = header + body_height + footer
    fig = ChartFigure(figsize=(WIDTH, height), facecolor="white")

    def y(inches_from_top: float) -> float:
        return 1.0 - inches_from_top / height

    cursor = top_pad
    for line in title_lines:
        fig.text(MARGIN / WIDTH, y(cursor), line, size=TITLE_SIZE, weight="bold", va="top")
        cursor += line_height(TITLE_SIZE)
    for line in subtitle_lines:
        fig.text(MARGIN / WIDTH, y(cursor), line, size=SUBTITLE_SIZE, color=MUTED, va="top")
        cursor += line_height(SUBTITLE_SIZE)
    cursor = header + body_height + below_body
    key_y = y(cursor + key_height / 2)
    cursor += key_height + (0.08 if note_lines else 0.0)
    for line in note_lines:
        fig.text(MARGIN / WIDTH, y(cursor), line, size=SMALL_SIZE, color=MUTED, va="top")
        cursor += line_height(SMALL_SIZE)
    cursor += 0.06
    for i, line in enumerate(source_lines):
        fig.text(
            MARGIN / WIDTH, y(cursor), line, size=SMALL_SIZE, color=INK, va="top", gid=f"source-{i}"
        )
        cursor += line_height(SMALL_SIZE)
    return Frame(
        fig=fig,
        left=left / WIDTH,
        bottom=y(header + body_height),
        right=1.0 - right / WIDTH,
        top=y(header),
        key_y=key_y,
    )


def source_text(fig: Figure) -> str:
    """The source line of a chart made by `frame`, its wrapped lines joined."""
    parts = [t.get_text() for t in fig.texts if str(t.get_gid() or "").startswith("source-")]
    return " ".join(parts)


def metric_colour(metric: str) -> str:
    """The colour of a metric, the same on every chart (a ModelError for an unknown metric)."""
    return PALETTE[model.metric(metric).colour]


def chart(
    facts: pd.DataFrame,
    asked: model.Selection,
    what: str,
    draw: Callable[[pd.DataFrame], ChartFigure],
) -> ChartFigure:
    """The chart `draw` makes of the selected facts, in the house style, or, when the
    selection holds no fact, a figure saying so (`what` names the chart)."""
    chosen = asked.pick(facts)
    if chosen.empty:
        return empty(what, wording.selection(asked))
    with context():
        return draw(chosen)


def finish(fig: ChartFigure, alt: str, drawn: pd.DataFrame | None = None) -> ChartFigure:
    """The figure with its alt text and the table of what it drew."""
    fig.alt = alt
    fig.drawn = drawn
    return fig


def empty(what: str, selection: str) -> ChartFigure:
    """A figure saying no figures were reported for the selection (described in words)."""
    with context():
        layout = frame(
            title=f"No figures were reported for this selection ({selection})",
            subtitle=what,
            notes=["Nothing is drawn: no article in the data reports a figure for it."],
            sources=[],
            body_height=1.2,
            left=0.3,
            below_body=0.1,
        )
        ax = layout.fig.add_axes(
            (layout.left, layout.bottom, layout.right - layout.left, layout.top - layout.bottom)
        )
        ax.set_axis_off()
        ax.text(
            0.5,
            0.5,
            "No figures reported",
            ha="center",
            va="center",
            size=SUBTITLE_SIZE,
            color=MUTED,
            transform=ax.transAxes,
        )
    return finish(layout.fig, f"{what}: no figures were reported for this selection ({selection}).")
