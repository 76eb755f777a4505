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


WAN = Decimal(10000)
YI = Decimal(100000000)


def for_people(value: Decimal | float | int | str) -> str:
    """An amount for a sentence a person reads (no unit): the form they would say or write.

    * whole yuan carry no decimals: ``1,800`` (never ``1,800.00``);
    * other amounts keep the fen: ``1,747.37``, ``0.50``;
    * from 10,000 up, an amount that is a whole number of hundreds reads in 万: ``3万``,
      ``5.2万``, ``123.45万`` (and from 1亿 a whole number of 百万 in 亿: ``1.5亿``) — but only
      when nothing is lost: ``34,947.45`` stays as it is, because an offer a bank will hold the
      borrower to must be the exact figure;
    * grouping in threes everywhere.

    A negative amount is refused (:class:`ValueError`): a shortfall is said in words ("每月还差
    500 元"), so a minus sign in prose is always a mistake upstream.
    """
    amount = to_fen(value)
    if amount < 0:
        raise ValueError(f"an amount for people cannot be negative: {amount}")
    if amount >= YI and amount % (YI / 100) == 0:
        return f"{_trimmed(amount / YI)}亿"
    if amount >= WAN and amount % 100 == 0:
        return f"{_trimmed(amount / WAN)}万"
    if amount == amount.to_integral_value():
        return f"{amount:,.0f}"
    return f"{amount:,.2f}"


def _trimmed(amount: Decimal) -> str:
    """``5.20`` → ``5.2``, ``3.00`` → ``3``, ``1234.5`` → ``1,234.5`` (grouped, no trailing zeros)."""
    return f"{amount:,.2f}".rstrip("0").rstrip(".")
