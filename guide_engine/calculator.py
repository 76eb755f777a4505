"""The calculator's two questions and what it starts from, beside :mod:`guide_engine.plans`.

Why a module of its own: the calculator page asks what a reader asks a bank — "分 N 期每期多少"
(:func:`guide_engine.plans.repayment_plan`) and the other way round, "每月能还 X，要多少期"
(:func:`plan_for_payment`) — and it can start from the reader's own assessment
(:func:`prefill`) instead of an example. The page only lays out what these return; every number
and every message is computed and worded here, so the calculator, the result and the letter never
disagree about a plan.

Numbers arrive already read (the page sends what was typed through
:func:`guide_engine.number_fields.read_form`, so "5.2万" and "6%" are understood); what cannot
make a plan raises :class:`~guide_engine.errors.PlanError` whose ``details.field`` names the form
field, so the page shows the message beside it.
"""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal
from typing import Any

from .debt_plan import plan_household
from .errors import PlanError
from .number_fields import CALCULATOR
from .plans import repayment_plan
from .text import number_text, plain_number

#: The longest plan the calculator computes (its "分多少个月还" field's own limit).
MAX_MONTHS = int({f.name: f for f in CALCULATOR}["months"].maximum)


def _fits(plan: dict[str, Any], payment: Decimal) -> bool:
    return all(Decimal(str(row["payment"])) <= payment for row in plan["schedule"])


def plan_for_payment(
    principal: float,
    monthly_payment: float,
    annual_rate: float = 0.0,
    monthly_fee_rate: float = 0.0,
) -> dict[str, Any]:
    """The shortest plan whose every instalment is at most ``monthly_payment``:
    ``{"months", "plan"}`` (``plan`` as :func:`~guide_engine.plans.repayment_plan` gives it).

    Why every instalment: the last month absorbs the rounding and may be a few fen higher, and a
    plan is affordable only if each month is. Interest or a monthly fee that alone eats the
    payment, or a plan longer than the calculator's limit, is refused in words naming the field.
    """
    repayment_plan(principal, 1, annual_rate, monthly_fee_rate)  # checks every argument
    payment = Decimal(str(monthly_payment))
    if payment <= 0:
        raise PlanError("“每月能还多少”要大于 0。", field="monthly_payment")
    p = Decimal(str(principal))
    # The smallest part of any instalment that never goes to the principal (first month).
    floor = p * Decimal(str(monthly_fee_rate)) + p * Decimal(str(annual_rate)) / 12
    if payment <= floor:
        raise PlanError(
            f"每月还 {number_text(float(payment))} 元，还不够付每月的利息或手续费"
            f"（约 {number_text(float(floor.quantize(Decimal('0.01'))))} 元），永远还不完。"
            "请填一个更大的金额，或者先和银行谈减免利息和费用。",
            field="monthly_payment",
        )
    # The largest instalment never grows with the months, so the shortest plan that fits is found
    # by halving [lo, hi]; a plan too fine to build (each instalment below a fen) counts as
    # "long enough", as every longer plan is too. The answer is checked, never assumed.
    lo, hi = max(1, int(p / payment)), MAX_MONTHS
    found = None
    while lo <= hi:
        months = (lo + hi) // 2
        try:
            plan = repayment_plan(principal, months, annual_rate, monthly_fee_rate)
        except PlanError:
            hi = months - 1
            continue
        if _fits(plan, payment):
            found, hi = {"months": months, "plan": plan}, months - 1
        else:
            lo = months + 1
    if found is not None:
        return found
    raise PlanError(
        f"每月还 {number_text(float(payment))} 元，{MAX_MONTHS} 个月内还不清。"
        "请填一个更大的金额，或者先和银行谈减免利息和费用。",
        field="monthly_payment",
    )


def _typed(value: float | int | None, scale: int = 1) -> str:
    """A number as the reader would type it into the field (percent fields × 100)."""
    if value is None:
        return ""
    return plain_number(float(Decimal(str(value)) * scale))


def prefill(profile: Any, today: Any = None) -> list[dict[str, Any]]:
    """What the calculator can start from, one entry per debt of the reader's assessment that is
    negotiated (a mortgage or car loan kept current has no plan to work out):
    ``[{"debt", "label", "mode", "values": {field: typed text}}]``.

    ``values`` are as typed into the calculator's fields: the balance; the monthly amount the plan
    offers this lender (the budget after its margin); the months the plan needs, else the
    product's cap; the debt's own annual rate when the reader gave one — never the assessment's
    estimate, which is nobody's quote. ``mode`` is ``"payment"`` when there is an offer to start
    from, else ``"months"``.
    """
    day = today if isinstance(today, _dt.date) else _dt.date.today()
    if isinstance(today, str):
        day = _dt.date.fromisoformat(today)
    plan = plan_household(profile, day)
    out = []
    for planned, debt in zip(plan["debts"], plan["household"]["debts"], strict=True):
        if planned["route"] == "keep_current":
            continue
        offer = planned["offer_monthly"] or 0
        months = planned["months_needed"] or planned["term_months_max"]
        values = {
            "principal": _typed(debt["balance"]),
            "months": _typed(months),
            "monthly_payment": _typed(offer) if offer > 0 else "",
            "annual_rate": _typed(debt["annual_rate"], 100),
            "monthly_fee_rate": "",
        }
        out.append(
            {
                "debt": planned["index"],
                "label": planned["label"],
                "mode": "payment" if offer > 0 else "months",
                "values": values,
            }
        )
    return out
