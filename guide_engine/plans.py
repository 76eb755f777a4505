"""The repayment-plan calculator: equal instalments, 等额本息 annuities and flat monthly fees.

Why this module exists: a borrower who asks a bank for 个性化分期 or a loan extension needs a
concrete, affordable proposal ("60 期，每期 1,000 元"), and the site's example tables
(``[[plan:…]]`` markers) must be computed, never typed by hand. The same function serves the
assessment (``assess`` → ``months_needed``), the in-browser calculator and the page hook.

Conventions (the details a reader could otherwise get wrong):

* **Money is computed with ``decimal.Decimal`` and rounded to the fen with ROUND_HALF_UP**, the way
  a bank statement rounds. Every amount in the result is a ``float`` with at most two decimals
  (JSON-friendly); the schedule is constructed in fen, so summing it with ``Decimal(str(x))`` gives
  exactly ``total_paid`` and the principal column gives exactly ``principal``.
* **The last instalment absorbs the rounding**: every regular month pays ``monthly_payment``; the
  last month pays whatever is left, which can differ from ``monthly_payment`` by a few fen.
* Methods (``method`` in the result):

  - ``"equal"`` (no rate): the principal split into equal instalments, no interest.
  - ``"annuity"`` (``annual_rate`` > 0): 等额本息. Monthly rate r = annual_rate / 12; payment =
    P·r / (1 − (1 + r)^−n), rounded; each month's interest = balance × r, rounded to the fen.
  - ``"flat_fee"`` (``monthly_fee_rate`` > 0): how banks quote instalment fees — a fee of
    principal × monthly_fee_rate **on the original principal every month**, plus an equal share of
    the principal. The fee does not shrink as the balance falls, so the true cost is about twice
    what the monthly rate suggests; ``effective_annual_rate`` shows it.

* ``effective_annual_rate`` is an **IRR-based APR: the monthly internal rate of return of the
  actual (rounded) cash flows × 12**, i.e. a nominal annual rate — the convention Chinese lenders
  must use when they display 年化利率. ``effective_annual_rate_compounded`` gives
  (1 + monthly IRR)^12 − 1 for readers who want the compounded figure. Both are fractions
  (0.12 = 12 %), rounded to 6 decimals. For ``"equal"`` they are 0.0; for ``"annuity"`` the APR
  equals ``annual_rate``. The IRR is found by bisection in pure Python (no numpy on Pyodide needed).

Input limits (anything else raises :class:`~guide_engine.errors.GuideError` with code
``invalid_plan`` and a Chinese message): principal 0 < P ≤ 1,000,000,000 yuan (rounded to the
fen first, so at least 0.01); months an integer
1…600 (an integral float such as ``12.0`` is accepted); rates finite, ≥ 0, ``annual_rate`` ≤ 1
(100 %/year), ``monthly_fee_rate`` ≤ 0.1 (10 %/month), and not both at once; ``bool`` is never a
number. A principal so small that the last instalment would be zero or negative after rounding
(e.g. 1 yuan over 600 months) is refused too, with a message asking for fewer months.
"""

from __future__ import annotations

import math
from decimal import Decimal, localcontext
from typing import Any

from .errors import PlanError
from .money import to_fen as _fen

MAX_PRINCIPAL = 1_000_000_000
MAX_MONTHS = 600
MAX_ANNUAL_RATE = 1.0
MAX_MONTHLY_FEE_RATE = 0.1


def _numeric(value: Any) -> bool:
    """An int or float that is not a bool (NaN and ±∞ still pass: each gets its own message)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _check_amount(name: str, label: str, value: Any, low_exclusive: float, high: float) -> Decimal:
    if not _numeric(value):
        raise PlanError(f"{label}必须是数字（收到的是 {type(value).__name__}）。", field=name)
    if isinstance(value, float) and not math.isfinite(value):
        raise PlanError(f"{label}必须是有限的数字，不能是 NaN 或无穷大。", field=name)
    if not (low_exclusive < value <= high):
        raise PlanError(
            f"{label}必须大于 {low_exclusive:g} 且不超过 {high:,.0f}（收到 {value}）。", field=name
        )
    amount = _fen(Decimal(str(value)))
    if amount <= 0:
        raise PlanError(f"{label}至少要 0.01 元（收到 {value}）。", field=name)
    return amount


def _check_months(value: Any, name: str = "months", label: str = "期数") -> int:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise PlanError(f"{label}必须是整数（收到的是 {type(value).__name__}）。", field=name)
    if isinstance(value, float):
        if not math.isfinite(value) or not value.is_integer():
            raise PlanError(f"{label}必须是整数（收到 {value}）。", field=name)
        value = int(value)
    if not (1 <= value <= MAX_MONTHS):
        raise PlanError(f"{label}必须在 1 到 {MAX_MONTHS} 之间（收到 {value}）。", field=name)
    return value


def _check_rate(name: str, label: str, value: Any, high: float) -> Decimal:
    if not _numeric(value):
        raise PlanError(f"{label}必须是数字（收到的是 {type(value).__name__}）。", field=name)
    if isinstance(value, float) and not math.isfinite(value):
        raise PlanError(f"{label}必须是有限的数字，不能是 NaN 或无穷大。", field=name)
    if value < 0 or value > high:
        raise PlanError(
            f"{label}必须在 0 到 {high:g} 之间（用小数表示，0.12 即 12%；收到 {value}）。",
            field=name,
        )
    return Decimal(str(value))


def _monthly_irr(principal: float, payments: list[float]) -> float:
    """Monthly rate i with Σ payment_k / (1+i)^k = principal, by bisection (robust, pure Python)."""

    def npv(rate: float) -> float:
        total, factor = 0.0, 1.0
        for payment in payments:
            factor /= 1.0 + rate
            total += payment * factor
        return total - principal

    if npv(0.0) <= 0:
        return 0.0
    low, high = 0.0, 1.0
    while npv(high) > 0 and high < 1e6:
        high *= 2
    for _ in range(200):
        mid = (low + high) / 2
        if npv(mid) > 0:
            low = mid
        else:
            high = mid
    return (low + high) / 2


def _build(
    principal: Decimal, months: int, annual_rate: Decimal, fee_rate: Decimal
) -> tuple[str, Decimal, list[dict[str, Decimal]]]:
    """The schedule in Decimal fen. Returns (method, regular monthly payment, rows)."""
    rows: list[dict[str, Decimal]] = []
    balance = principal
    if annual_rate > 0:
        method = "annuity"
        with localcontext() as ctx:
            ctx.prec = 40
            r = annual_rate / Decimal(12)
            payment = _fen(principal * r / (1 - (1 + r) ** -months))
        for month in range(1, months + 1):
            interest = _fen(balance * r)
            part = balance if month == months else payment - interest
            balance -= part
            rows.append(
                {
                    "month": month,
                    "payment": part + interest,
                    "principal": part,
                    "interest": interest,
                    "balance": balance,
                }
            )
        return method, payment, rows
    share = _fen(principal / Decimal(months))
    fee = _fen(principal * fee_rate)
    method = "flat_fee" if fee_rate > 0 else "equal"
    for month in range(1, months + 1):
        part = balance if month == months else share
        balance -= part
        rows.append(
            {
                "month": month,
                "payment": part + fee,
                "principal": part,
                "interest": fee,
                "balance": balance,
            }
        )
    return method, share + fee, rows


def _sound(rows: list[dict[str, Decimal]]) -> bool:
    """False when rounding broke the plan: a month paying nothing or a negative principal share."""
    return rows[-1]["principal"] > 0 and all(
        row["principal"] >= 0 and row["payment"] > 0 for row in rows
    )


def repayment_plan(
    principal: float, months: int, annual_rate: float = 0.0, monthly_fee_rate: float = 0.0
) -> dict[str, Any]:
    """A month-by-month plan for repaying ``principal`` yuan in ``months`` instalments.

    Returns ``{method, monthly_payment, total_paid, total_cost, effective_annual_rate,
    effective_annual_rate_compounded, schedule: [{month, payment, principal, interest, balance}]}``
    where ``interest`` is the month's interest (annuity) or fee (flat_fee), ``balance`` the
    principal still owed after that month, ``total_cost`` = ``total_paid`` − ``principal``.
    See the module docstring for the rounding and rate conventions.
    """
    p = _check_amount("principal", "本金", principal, 0, MAX_PRINCIPAL)
    n = _check_months(months)
    rate = _check_rate("annual_rate", "年利率", annual_rate, MAX_ANNUAL_RATE)
    fee_rate = _check_rate(
        "monthly_fee_rate", "每月手续费率", monthly_fee_rate, MAX_MONTHLY_FEE_RATE
    )
    if rate > 0 and fee_rate > 0:
        raise PlanError(
            "年利率和每月手续费率只能填一个：银行报价要么按利息（等额本息），要么按每月手续费。",
            field="monthly_fee_rate",
        )
    method, payment, rows = _build(p, n, rate, fee_rate)
    if not _sound(rows):
        raise PlanError(
            f"金额 {principal} 元分成 {n} 期，每期太少，四舍五入后无法正确分摊；请减少期数。",
            field="months",
        )
    total_paid = sum((row["payment"] for row in rows), Decimal(0))
    if method == "equal":
        apr = 0.0
    elif method == "annuity":
        apr = float(rate)
    else:
        apr = _monthly_irr(float(p), [float(row["payment"]) for row in rows]) * 12
    compounded = (1 + apr / 12) ** 12 - 1
    return {
        "method": method,
        "monthly_payment": float(payment),
        "total_paid": float(total_paid),
        "total_cost": float(total_paid - p),
        "effective_annual_rate": round(apr, 6),
        "effective_annual_rate_compounded": round(compounded, 6),
        "schedule": [
            {key: (value if key == "month" else float(value)) for key, value in row.items()}
            for row in rows
        ],
    }


def _max_payment(principal: Decimal, months: int, rate: Decimal) -> Decimal | None:
    """The largest single instalment of a plan, or None when the plan cannot be built."""
    _, _, rows = _build(principal, months, rate, Decimal(0))
    if not _sound(rows):
        return None
    return max(row["payment"] for row in rows)


def months_needed(
    principal: float, capacity: float, annual_rate: float = 0.0, max_months: int = 60
) -> int | None:
    """The smallest number of months (1…``max_months``) whose every instalment is ≤ ``capacity``.

    Why every instalment and not just the regular one: the last month absorbs rounding and may be
    a few fen higher; a plan is only affordable if the borrower can pay each month. ``None`` when
    no term up to ``max_months`` fits (or capacity ≤ 0). A linear scan from 1 upwards guarantees
    the property the assessment relies on: more capacity never needs more months.
    """
    p = _check_amount("principal", "本金", principal, 0, MAX_PRINCIPAL)
    if not _numeric(capacity) or (isinstance(capacity, float) and math.isnan(capacity)):
        raise PlanError("每月可用于还款的金额必须是数字。", field="capacity")
    rate = _check_rate("annual_rate", "年利率", annual_rate, MAX_ANNUAL_RATE)
    limit = _check_months(max_months, name="max_months", label="最长期数")
    if capacity <= 0:
        return None
    if not math.isfinite(capacity):
        return 1
    cap = Decimal(str(capacity))
    # Every plan's average instalment is at least P/n, so terms shorter than P/capacity cannot fit:
    # skipping them keeps the scan short without changing its answer.
    first = max(1, int(p / cap))
    for months in range(first, limit + 1):
        largest = _max_payment(p, months, rate)
        if largest is not None and largest <= cap:
            return months
    return None
