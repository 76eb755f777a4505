"""Money: amounts in yuan, rounded to the fen the way a bank statement rounds (ROUND_HALF_UP).

Why one home: the assessment, the letter, the calculator and the page hooks all print amounts; a
second formatter would sooner or later round 0.005 the other way or drop the separators.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

FEN = Decimal("0.01")


def to_fen(value: Decimal | float | int | str) -> Decimal:
    """``value`` (yuan) as a Decimal rounded to the fen; floats go through ``str`` so 0.1 is 0.10."""
    amount = value if isinstance(value, Decimal) else Decimal(str(value))
    return amount.quantize(FEN, rounding=ROUND_HALF_UP)


def yuan(value: Decimal | float | int) -> str:
    """An amount as the reader reads it: ``12,345.60`` (two decimals, separators, no unit)."""
    return f"{to_fen(value):,.2f}"
