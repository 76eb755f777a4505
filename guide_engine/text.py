"""Text in and out: cleaning what a reader typed, and writing numbers the way a reader reads them.

Why two cleaners with two names: an answer to a text question keeps the reader's line breaks and
only loses invisible characters (:func:`clean_answer_text`); a field of the letter is one line
squeezed to a length limit, or a paragraph with its breaks kept (:func:`clean_letter_field`). They
used to share the name ``clean_text`` with different behaviour — a trap for the next reader.
"""

from __future__ import annotations

import math
import unicodedata
from typing import Any

#: Unicode categories that never belong in a reader's text: control, format (bidi overrides,
#: zero-width characters), surrogates, private use and unassigned.
INVISIBLE = frozenset({"Cc", "Cf", "Cs", "Co", "Cn"})


def is_number(value: Any) -> bool:
    """A real, finite number: ``bool`` is not a number ("是" is not 1 yuan), NaN and ±∞ are not."""
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def clean_answer_text(value: str) -> str:
    """An answer to a text question: invisible characters removed (tabs and carriage returns
    become spaces, newlines stay), ends stripped."""
    out = []
    for char in value:
        if char in "\r\t":
            out.append(" ")
        elif char == "\n" or unicodedata.category(char) not in INVISIBLE:
            out.append(char)
    return "".join(out).strip()


def clean_letter_field(value: str, limit: int, keep_newlines: bool = False) -> str:
    """A field of the letter: invisible characters and line/paragraph separators removed, every
    run of whitespace one space, cut to ``limit`` characters (ending in "…" when cut).
    With ``keep_newlines`` each line is cleaned on its own and empty lines are dropped."""
    lines = (
        value.replace("\r\n", "\n").replace("\r", "\n").split("\n") if keep_newlines else [value]
    )
    cleaned: list[str] = []
    for line in lines:
        chars = []
        for ch in line:
            category = unicodedata.category(ch)
            if category in INVISIBLE or category in ("Zl", "Zp"):
                chars.append(" " if ch in "\t\n\x0b\x0c\x85\u2028\u2029" else "")
            else:
                chars.append(" " if category == "Zs" else ch)
        text = " ".join("".join(chars).split())
        if text:
            cleaned.append(text)
    text = "\n".join(cleaned)
    if len(text) > limit:
        text = text[: max(limit - 1, 0)].rstrip() + "…"
    return text


def number_text(value: int | float) -> str:
    """A number for reading: thousands separators, at most two decimals, no trailing zeros
    (``12,000``, ``1,234.5``)."""
    if isinstance(value, int):
        return f"{value:,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def plain_number(value: float) -> str:
    """A number as it is typed: ``10000000`` for whole numbers, ``0.5`` otherwise (no exponent,
    no separators) — for "enter a number between … and …" hints."""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:f}".rstrip("0").rstrip(".")
