"""Numbers as articles write them: "3,455", "Seventy-five", "$1.6 million", "2.5 billion".

Shared by the provenance check (does a figure's value appear in its quote?) and by the
extractor (which numbers does an article state?).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}

_WORD_LIST = sorted([*UNITS, *TENS, *SCALES], key=len, reverse=True)
_WORD = "|".join(_WORD_LIST)
# A run of number words joined by spaces, hyphens or "and": "Seventy-five", "two hundred and ten".
_WORDS_RE = re.compile(
    rf"\b(?:{_WORD})(?:(?:[\s-]+|\s+and\s+)(?:{_WORD}))*\b",
    re.IGNORECASE,
)
# Digits with optional thousands separators and decimals, optional currency before and scale after.
_DIGITS_RE = re.compile(
    r"(?P<currency>US\$\s?|\$\s?|USD\s?)?"
    r"(?P<number>(?<![\d.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?<![\d.,])\d+(?:\.\d+)?)"
    r"(?:\s(?P<scale>hundred|thousand|million|billion)\b)?"
    r"(?:\s(?P<after>US dollars|dollars|USD)\b)?",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class NumberMention:
    """A number found in text: its value, where it stands, and whether it is money."""

    value: float
    start: int
    end: int
    text: str
    currency: str | None = None
    spelled_out: bool = False

    @property
    def is_integer(self) -> bool:
        return float(self.value).is_integer()


def words_to_number(words: str) -> int | None:
    """The value of spelled-out cardinal words ("Seventy-five" -> 75), or None."""
    tokens = [t for t in re.split(r"[\s-]+", words.lower().strip()) if t and t != "and"]
    if not tokens:
        return None
    total, current = 0, 0
    seen = False
    for token in tokens:
        if token in UNITS:
            current += UNITS[token]
        elif token in TENS:
            current += TENS[token]
        elif token == "hundred":
            current = max(current, 1) * 100
        elif token in SCALES:
            total += max(current, 1) * SCALES[token]
            current = 0
        else:
            return None
        seen = True
    return total + current if seen else None


def find_numbers(text: str) -> list[NumberMention]:
    """Every number in `text`, in order of position, digits and words alike."""
    found: list[NumberMention] = []
    taken: list[tuple[int, int]] = []
    for m in _DIGITS_RE.finditer(text):
        value = float(m.group("number").replace(",", ""))
        scale = m.group("scale")
        if scale:
            value *= SCALES[scale.lower()]
        currency = None
        if m.group("currency") or m.group("after"):
            currency = "usd"
        start = m.start("currency") if m.group("currency") else m.start("number")
        found.append(NumberMention(value, start, m.end(), text[start : m.end()], currency))
        taken.append((start, m.end()))
    lower = text.lower()
    # Cheap substring tests spare the word regex on the many sentences with no number word.
    words = () if not any(word in lower for word in _WORD_LIST) else _WORDS_RE.finditer(text)
    for m in words:
        if any(s < m.end() and m.start() < e for s, e in taken):
            continue
        value_int = words_to_number(m.group(0))
        if value_int is None:
            continue
        found.append(
            NumberMention(float(value_int), m.start(), m.end(), m.group(0), spelled_out=True)
        )
    return sorted(found, key=lambda n: n.start)


def mentions_value(text: str, value: float) -> bool:
    """Whether `text` states `value`: as digits (with or without separators), words or money."""
    return any(abs(n.value - value) < 1e-9 * max(1.0, abs(value)) for n in find_numbers(text))
