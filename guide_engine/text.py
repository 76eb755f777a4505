"""Text in and out: cleaning what a reader typed, and writing numbers the way a reader reads them.

Why two cleaners with two names: an answer to a text question keeps the reader's line breaks and
only loses invisible characters (:func:`clean_answer_text`); a field of the letter is one line
squeezed to a length limit, or a paragraph with its breaks kept (:func:`clean_letter_field`). They
used to share the name ``clean_text`` with different behaviour — a trap for the next reader.
"""

from __future__ import annotations

import math
import re
import unicodedata
from decimal import Decimal
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


# ---------------------------------------------------------------------------------------------
# Reading a number the way people type it
# ---------------------------------------------------------------------------------------------

#: The words a reader may write after a number, for each unit a field can have.
UNIT_WORDS: dict[str, tuple[str, ...]] = {
    "元": ("人民币", "块钱", "元", "块"),
    "天": ("天", "日"),
    "个月": ("个月", "月", "期"),
    "次": ("次",),
    "%": ("%",),
}
#: Unit words the reader may write that belong to another unit (refused, with the right unit).
_OTHER_UNITS = ("年", "个月", "月", "周", "星期", "天", "日", "元", "块", "次", "期", "%")
_HEDGES_BEFORE = ("大约", "大概", "约")
_HEDGES_AFTER = ("左右",)
_DIGITS = {
    "〇": 0, "零": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "两": 2, "三": 3, "叁": 3, "四": 4,
    "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9,
    "玖": 9,
}  # fmt: skip
_SMALL = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000, "k": 1000}
_BIG = {"万": 10_000, "w": 10_000, "亿": 100_000_000}
_ARABIC = re.compile(r"\d+(?:\.\d+)?|\.\d+")
_GROUPED = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")
#: Longer text is not a number anyone typed (and is not worth scanning).
MAX_NUMBER_TEXT = 40


class Unreadable(ValueError):
    """Why a typed number could not be read: ``unit`` is the other unit the reader wrote, if any."""

    def __init__(self, unit: str = "") -> None:
        super().__init__(unit)
        self.unit = unit


def _strip_unit(text: str, unit: str) -> str:
    for word in UNIT_WORDS.get(unit, (unit,) if unit else ()):
        if text.endswith(word):
            return text[: -len(word)]
    for word in _OTHER_UNITS:
        if text.endswith(word):
            raise Unreadable(word)
    return text


def _tokens(text: str) -> list[tuple[str, Decimal | int]]:
    """("num", value) for a run of Arabic digits or one Chinese digit; ("small"|"big", n)."""
    out: list[tuple[str, Decimal | int]] = []
    i = 0
    while i < len(text):
        match = _GROUPED.match(text, i) or _ARABIC.match(text, i)
        if match:
            out.append(("num", Decimal(match.group().replace(",", ""))))
            i = match.end()
            continue
        char = text[i].lower()
        if char in _DIGITS:
            out.append(("zero" if _DIGITS[char] == 0 else "digit", _DIGITS[char]))
        elif char in _SMALL:
            out.append(("small", _SMALL[char]))
        elif char in _BIG:
            out.append(("big", _BIG[char]))
        else:
            raise Unreadable()
        i += 1
    return out


def _value(tokens: list[tuple[str, Decimal | int]]) -> Decimal:
    """Chinese-numeral arithmetic over the tokens: 五万二 = 52000, 三千五 = 3500, 一百零五 = 105,
    5.2万 = 52000, 1亿2000万 = 120000000. A lone digit after a unit means the next lower unit."""
    total, section = Decimal(0), Decimal(0)
    current: Decimal | None = None
    last_small, last_big = 10**9, 10**12
    previous = ""  # the kind of the token before
    previous_unit = 0
    for kind, value in tokens:
        if kind in ("num", "digit"):
            if current is not None or previous == "num" or previous == "digit":
                raise Unreadable()
            current = Decimal(value)
        elif kind == "zero":
            if current is not None:
                raise Unreadable()
        elif kind == "small":
            if value >= last_small:
                raise Unreadable()
            if current is None:
                if value != 10 or section or total:
                    raise Unreadable()
                current = Decimal(1)  # 十二 = 12
            section += current * value
            current, last_small, previous_unit = None, int(value), int(value)
        else:  # big
            if value >= last_big or (current is None and not section):
                raise Unreadable()
            section += current or 0
            total = (total + section) * value if value > 10_000 else total + section * value
            section, current, last_small = Decimal(0), None, 10**9
            last_big, previous_unit = int(value), int(value)
        previous = kind
    if current is not None:
        elided = previous == "digit" or (
            previous == "num" and current == current.to_integral_value() and 0 < current < 10
        )
        if elided and previous_unit and len(tokens) >= 2 and tokens[-2][0] in ("small", "big"):
            current *= Decimal(previous_unit) / 10
        section += current
    if not tokens or all(kind == "zero" for kind, _ in tokens):
        if tokens:
            return Decimal(0)
        raise Unreadable()
    return total + section


def read_number(text: str, unit: str = "") -> Decimal:
    """The number in what a person typed for a field in ``unit`` ("元", "天", "个月", "次", "%"):
    "5.2万", "五万二", "3000元", "８个月" (full-width), "6%", "1,200.50", "约3千", "-5".

    Raises :class:`Unreadable` (with ``unit`` set when the reader wrote another unit, such as
    "2年" for days); never anything else, whatever the text.
    """
    if not isinstance(text, str) or len(text) > MAX_NUMBER_TEXT:
        raise Unreadable()
    cleaned = "".join(
        ch for ch in unicodedata.normalize("NFKC", text) if not ch.isspace() and ch not in "'’_"
    )
    cleaned = "".join(ch for ch in cleaned if unicodedata.category(ch) not in INVISIBLE)
    for hedge in _HEDGES_BEFORE:
        cleaned = cleaned.removeprefix(hedge)
    for hedge in _HEDGES_AFTER:
        cleaned = cleaned.removesuffix(hedge)
    sign = 1
    if cleaned[:1] in ("-", "负", "+"):
        sign = -1 if cleaned[0] != "+" else 1
        cleaned = cleaned[1:]
    cleaned = _strip_unit(cleaned, unit)
    try:
        value = _value(_tokens(cleaned))
    except ArithmeticError as exc:
        raise Unreadable() from exc
    return value * sign
