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
from crackdown.charts import captions

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

#: Graphic marks need 3:1 contrast with the white they are drawn on (WCAG 2.1, 1.4.11).
MIN_CONTRAST = 3.0


def contrast(colour: Any, background: Any = "white") -> float:
    """The WCAG contrast ratio of two colours (an RGBA colour is first laid on the background)."""

    def luminance(rgb: Sequence[float]) -> float:
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    back = mpl.colors.to_rgb(background)
    red, green, blue, alpha = mpl.colors.to_rgba(colour)
    laid = [alpha * c + (1 - alpha) * b for c, b in zip((red, green, blue), back, strict=True)]
    light, dark = sorted((luminance(laid), luminance(back)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _legible(colour: str) -> str:
    """The colour, darkened in steps of 5% towards black until it has MIN_CONTRAST on white."""
    red, green, blue = mpl.colors.to_rgb(colour)
    scale = 1.0
    while contrast((red * scale, green * scale, blue * scale)) < MIN_CONTRAST:
        scale -= 0.05
    return mpl.colors.to_hex((red * scale, green * scale, blue * scale))


#: The palette by name, as crackdown.model.METRIC_LOOKS names each metric's colour: Okabe and
#: Ito's hues, the pale ones (orange, sky blue) darkened to 3:1 on white.
PALETTE = {
    name: _legible(colour)
    for name, colour in (
        ("black", BLACK),
        ("orange", ORANGE),
        ("sky_blue", SKY_BLUE),
        ("green", GREEN),
        ("yellow", YELLOW),
        ("blue", BLUE),
        ("vermillion", VERMILLION),
        ("purple", PURPLE),
    )
}

#: Chart text stays legible on a phone: a chart shown PHONE_PX wide has no text under
#: MIN_TEXT_PX pixels, so the smallest size is MIN_TEXT_PX * 72 * WIDTH / PHONE_PX points.
PHONE_PX = 390
MIN_TEXT_PX = 11.0
WIDTH = 5.0  # inches, scaled to the page's width (and the A4 text width in print)
DPI = 200
MARGIN = 0.15  # inches, left and right of the header and footer text
TITLE_SIZE = 13.5
SUBTITLE_SIZE = 11.0
BODY_SIZE = 10.5
SMALL_SIZE = 10.2
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
    #: The chart's text as data, for a page to print as its caption: the title (the finding),
    #: the subtitle (what is drawn, in which units), the notes, and the source line.
    title: str = ""
    subtitle: str = ""
    notes: tuple[str, ...] = ()
    source: str = ""
    #: Whether the image draws that text too (a page then hides its own copy from sight).
    caption_in_image: bool = True

    def _repr_mimebundle_(
        self, include: Any = None, exclude: Any = None
    ) -> tuple[dict[str, str], dict[str, dict[str, Any]]]:
        png = base64.b64encode(render(self, "png")).decode("ascii")
        width = round(self.get_figwidth() * 100)
        return (
            {"image/png": png, "text/plain": self.alt},
            {"image/png": {"alt": self.alt, "width": width}},
        )


#: Whether title, subtitle, notes and source line are drawn inside the image (see text_outside).
_TEXT_IN_IMAGE = [True]


@contextmanager
def text_outside() -> Iterator[None]:
    """Charts made inside this block carry their title, subtitle, notes and source line only as
    data (ChartFigure.title, .subtitle, .notes, .source), for a page to print as its caption,
    and leave them out of the image."""
    _TEXT_IN_IMAGE.append(False)
    try:
        yield
    finally:
        _TEXT_IN_IMAGE.pop()


def set_text_in_image(drawn: bool) -> None:
    """Draw (True, the default) or leave out (False) the chart text of every chart made from
    now on: for a notebook whose page prints that text as a caption."""
    _TEXT_IN_IMAGE[0] = drawn


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
    `left` and `right` are the axes margins in inches. The text is kept on the figure as data
    either way, and drawn in the image unless `text_outside` says otherwise.
    """
    source = "Source: " + ("; ".join(sources) if sources else "none")
    drawn = _TEXT_IN_IMAGE[-1]
    text_room = WIDTH - 2 * MARGIN
    title_lines = wrap(title, text_room, TITLE_SIZE, "bold", balance=True) if drawn else []
    subtitle_lines = wrap(subtitle, text_room, SUBTITLE_SIZE, balance=True) if drawn else []
    note_lines = (
        [line for note in notes for line in wrap(note, text_room, SMALL_SIZE)] if drawn else []
    )
    source_lines = wrap(source, text_room, SMALL_SIZE) if drawn else []

    top_pad, gap, bottom_pad = 0.18, 0.2, 0.15
    header = (
        top_pad
        + len(title_lines) * line_height(TITLE_SIZE)
        + len(subtitle_lines) * line_height(SUBTITLE_SIZE)
        + (gap if drawn else 0.0)
        + above_body
    )
    key_height = 0.1 + 0.2 * key_rows if key_rows else 0.0
    footer = (
        below_body
        + key_height
        + (0.08 if note_lines else 0.0)
        + len(note_lines) * line_height(SMALL_SIZE)
        + (0.06 if drawn else 0.0)
        + len(source_lines) * line_height(SMALL_SIZE)
        + bottom_pad
    )
    height = header + body_height + footer
    fig = ChartFigure(figsize=(WIDTH, height), facecolor="white")
    fig.title, fig.subtitle, fig.notes, fig.source = title, subtitle, tuple(notes), source
    fig.caption_in_image = drawn

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


#: The axes margins, in inches, of a chart of panels stacked over one time axis.
PANELS_LEFT = 0.8
PANELS_RIGHT = 0.3


def panels(
    count: int,
    height: float,
    gap: float,
    *,
    title: str,
    subtitle: str,
    notes: Sequence[str],
    sources: Sequence[str],
) -> Frame:
    """A `frame` for `count` panels of `height` inches stacked `gap` inches apart over one time
    axis, between the PANELS_LEFT and PANELS_RIGHT margins, with room above the body for the
    first panel's title."""
    return frame(
        title=title,
        subtitle=subtitle,
        notes=notes,
        sources=sources,
        body_height=count * height + (count - 1) * gap,
        left=PANELS_LEFT,
        right=PANELS_RIGHT,
        above_body=0.2,
    )


def source_text(fig: Figure) -> str:
    """The source line of a chart made by `frame`."""
    return str(getattr(fig, "source", ""))


def pixels_on_phone(size: float) -> float:
    """How tall text of `size` points is, in CSS pixels, on a chart shown PHONE_PX wide."""
    return size / 72 * PHONE_PX / WIDTH


def metric_colour(metric: str) -> str:
    """The colour of a metric, the same on every chart (a ModelError for an unknown metric)."""
    return PALETTE[model.metric(metric).colour]


def chart(
    facts: pd.DataFrame,
    asked: model.Selection,
    what: str,
    draw: Callable[[pd.DataFrame, list[str]], ChartFigure],
) -> ChartFigure:
    """The chart `draw` makes of the selected facts, in the house style, or, when the
    selection holds no fact, a figure saying so (`what` names the chart). `draw` is given the
    selected facts and the notes saying which facts of the data the selection leaves out."""
    chosen = asked.pick(facts)
    if chosen.empty:
        return empty(what, wording.selection(asked))
    with context():
        return draw(chosen, captions.outside(facts, chosen, asked))


def finish(fig: ChartFigure, alt: str, drawn: pd.DataFrame | None = None) -> ChartFigure:
    """The figure with its alt text and the table of what it drew."""
    fig.alt = alt
    fig.drawn = drawn
    return fig


def empty(what: str, selection: str, notes: Sequence[str] = ()) -> ChartFigure:
    """A figure saying no figures were reported for the selection (described in words);
    `notes` say what the selection holds that this chart does not draw."""
    with context():
        layout = frame(
            title=f"No figures were reported for this selection ({selection})",
            subtitle=what,
            notes=[
                "Nothing is drawn: no article in the data reports a figure for it.",
                *notes,
            ],
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
