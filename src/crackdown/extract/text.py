"""An article's text cut into headline lines and sentences, each with its exact character span."""

from __future__ import annotations

import re
from dataclasses import dataclass

from crackdown.extract.lexicon import words

#: The end of a sentence: stop, optional closing quote or bracket, space, then a capital,
#: a digit or an opening quote.
_SENTENCE_END_RE = re.compile(r"[.!?][\"'\u2019\u201d)\]]*(?=\s+[\"'\u2018\u201c(\[]?[A-Z0-9])")
_ABBREVIATIONS = words(
    """
mr mrs ms dr gen lt col maj capt sgt gov sen rep st no jan feb mar apr jun jul aug sep sept oct
nov dec inc ltd co corp vs etc approx est dept govt u.s u.n u.k e.g i.e p.m a.m fig
"""
)
#: A wire dateline opening a paragraph: "PHNOM PENH, March 14 (Mekong Wire) - ".
DATELINE_RE = re.compile(
    r"^[A-Z][A-Z .'\u2019-]*[A-Z](?:,\s+[A-Z][a-z]+)*,?\s+"
    r"(?:(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,8})(?:,?\s+\d{4})?\s*)?"
    r"(?:\([^)\n]{1,60}\)\s*)?[-\u2013\u2014]+\s+"
)
_LAST_WORD_RE = re.compile(r"[\w.]+$")
#: The longest stretch read as one sentence. Text without a full stop ("a table", a pasted
#: list, a run-on transcript) is cut at the last clause break, or space, before this length,
#: so that reading a sentence costs at most a bounded amount and an article is read in time
#: linear in its length.
MAX_SENTENCE = 400
_BREAK_RE = re.compile(r"[;:,]\s+|\s+")
_CLAUSE_BREAK_RE = re.compile(
    r";|,\s+(?:while|whereas|but|although|as|and\s+(?=\w+\s+(?:of\s+them|were|was)\b))\b"
    # "64 Koreans returned home, all of them placed under arrest": a clause of its own
    # (not an aside that names who they are: "nine suspects, all of them Chinese nationals,
    # have been arrested")
    r"|,\s+(?=(?:all|most|some|many|both|none)\s+of\s+(?:them|whom)\b"
    r"(?!\s+(?:(?:from|in|of)\s+)?[A-Z][\w'\u2019-]*(?:\s+[\w'\u2019-]+){0,2},))"
    r"|\s+while\s+|,\s+(?:the\s+)?[\w' ]{0,60}?\b(?:said|says|told)\b"
)


#: Layout that stands between a number and what it counts: "3,455: people arrested",
#: "34 — Indonesians rescued", "1,870 - citizens handed over", "64 -- South Koreans", a bullet
#: or a table's bar. Read as spaces (the same length, so offsets do not move).
_LAYOUT_RE = re.compile(
    r"(?:(?<=\d)|(?<=dozen)|(?<=hundred)|(?<=thousand))(?:\s*[:\u2014\u2013|]|\s+--?)\s"
    r"(?=\s*[A-Za-z$\u2018\u201c\"'])|^\s*[-\u2022*\u2013\u2014|>]+\s|\s\|\s"
)


def readable(text: str) -> str:
    """`text` with layout marks around numbers read as spaces, at the same offsets."""
    return _LAYOUT_RE.sub(lambda m: " " * len(m.group(0)), text)


@dataclass(frozen=True)
class Sentence:
    """A sentence of the body, or one headline line, located in the article text."""

    start: int
    end: int
    text: str
    paragraph: int
    index: int
    headline: bool
    dateline_end: int = 0
    #: A list's item: a line opened by a bullet or by a number and a colon or dash.
    listed: bool = False

    def clause(self, at: int) -> tuple[int, int]:
        """The clause around offset `at` (relative to the sentence): its start and end."""
        start, end = 0, len(self.text)
        for m in _CLAUSE_BREAK_RE.finditer(self.text):
            if m.end() <= at:
                start = m.end()
            elif m.start() >= at:
                end = m.start()
                break
        return start, end


def _is_headline_line(line: str) -> bool:
    stripped = line.strip().rstrip("\"'\u2019\u201d)]")
    return bool(stripped) and len(stripped) <= 200 and stripped[-1] not in ".!?"


def _bounded(paragraph: str, start: int, end: int) -> list[tuple[int, int]]:
    """The span start..end, cut into pieces of at most MAX_SENTENCE characters."""
    pieces = []
    while end - start > MAX_SENTENCE:
        limit = start + MAX_SENTENCE
        cut = limit
        for m in _BREAK_RE.finditer(paragraph, start + MAX_SENTENCE // 2, limit):
            cut = m.end()
        pieces.append((start, cut))
        start = cut
    pieces.append((start, end))
    return pieces


def _is_subheadline(line: str) -> bool:
    """A short line in the body without a final stop, most of its letters capitals or its
    words capitalised: a section headline, not a sentence or a list item."""
    stripped = line.strip()
    if not _is_headline_line(stripped) or len(stripped) > 120 or stripped[:1] in "-*\u2022|":
        return False
    words = [w for w in stripped.split() if w[:1].isalpha()]
    if len(words) < 3:
        return False
    capitalised = sum(1 for w in words if w[:1].isupper())
    return capitalised / len(words) >= 0.6


def _is_item_headline(line: str, *, opens_block: bool, lines: list[str]) -> bool:
    """A digest item's headline: a short line without a final stop that opens a block and is
    followed at once by the item's text ("Thirty-three Indonesians flown home" over "Thirty-three
    Indonesians who fled ... were flown home on the 19th.")."""
    stripped = line.strip()
    follows = lines[0].strip() if lines else ""
    return (
        opens_block
        and _is_headline_line(stripped)
        and len(stripped) <= 120
        and stripped[-1] not in ":;,-\u2013\u2014"
        and stripped[:1] not in "-*\u2022|"
        and len(stripped.split()) >= 3
        and len(follows) > len(stripped)
        and follows[-1:] in ".!?\"'\u201d\u2019)"
    )


def _sentence_spans(paragraph: str) -> list[tuple[int, int]]:
    spans = []
    start = 0
    for m in _SENTENCE_END_RE.finditer(paragraph):
        if paragraph[m.start()] == ".":
            word = _LAST_WORD_RE.search(paragraph, max(start, m.start() - 24), m.start())
            token = word.group(0).lower().rstrip(".") if word else ""
            if token in _ABBREVIATIONS or (len(token) == 1 and token.isalpha()):
                continue
        spans.append((start, m.end()))
        start = m.end()
    spans.append((start, len(paragraph)))
    out = []
    for s, e in (piece for span in spans for piece in _bounded(paragraph, *span)):
        piece = paragraph[s:e]
        lead = len(piece) - len(piece.lstrip())
        trail = len(piece.rstrip())
        if trail > lead:
            out.append((s + lead, s + trail))
    return out


def split(text: str) -> list[Sentence]:
    """The headline lines (leading lines without a final stop) and the body's sentences."""
    sentences: list[Sentence] = []
    in_headline = True
    paragraph = 0
    offset = 0
    in_block = False
    lines = text.splitlines(keepends=True)
    for i, line in enumerate(lines):
        line_start = offset
        offset += len(line)
        content = line.rstrip("\r\n")
        if line_start == 0 and content.startswith("\ufeff"):
            # a byte-order mark some editors write: not part of the headline
            content = " " + content[1:]
        if not content.strip():
            # the blank line after the headline's lines ends the headline
            in_headline = in_headline and not sentences
            if in_block:
                paragraph, in_block = paragraph + 1, False
            continue
        # the headline's lines; later, a section's headline in a digest ("VIETNAM: 85
        # RECEIVED AT HOA LU GATE"), which restates the sentence under it as the article's
        # headline restates the body
        headline = (
            _is_headline_line(content)
            if in_headline
            else _is_subheadline(content)
            or _is_item_headline(content, opens_block=not in_block, lines=lines[i + 1 : i + 2])
        )
        in_headline = in_headline and headline
        if headline:
            lead = len(content) - len(content.lstrip())
            body = readable(content.strip())
            sentences.append(
                Sentence(
                    line_start + lead,
                    line_start + lead + len(body),
                    body,
                    paragraph,
                    len(sentences),
                    True,
                )
            )
            paragraph, in_block = paragraph + 1, False
            continue
        dateline = DATELINE_RE.match(content[:200])
        for s, e in _sentence_spans(content):
            dl = dateline.end() - s if dateline and s == 0 else 0
            shown = readable(content[s:e])
            sentences.append(
                Sentence(
                    line_start + s,
                    line_start + e,
                    shown,
                    paragraph,
                    len(sentences),
                    False,
                    max(dl, 0),
                    listed=s == 0 and shown[:40] != content[:40],
                )
            )
        # the lines of a block (a list's items) are one paragraph; a blank line ends it
        in_block = True
    return sentences
