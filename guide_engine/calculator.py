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
from .money import for_people, yuan
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


#: How each way of charging is named on the page.
METHODS = {
    "equal": "平均分期（没有利息）",
    "annuity": "等额本息（按年利率）",
    "flat_fee": "按每月手续费率",
}
#: The calculator's two questions: "分 N 期每期多少" and "每月能还 X，要多少期".
QUESTIONS = ("months", "payment")


def calculate(
    question: str,
    principal: float,
    months: int | None = None,
    monthly_payment: float | None = None,
    annual_rate: float = 0.0,
    monthly_fee_rate: float = 0.0,
) -> dict[str, Any]:
    """One answer of the calculator page: ``{"plan", "view"}``.

    ``question`` is ``"months"`` (``months`` given: :func:`~guide_engine.plans.repayment_plan`)
    or ``"payment"`` (``monthly_payment`` given: :func:`plan_for_payment`); the numbers are the
    ones :func:`guide_engine.number_fields.read_form` read from the form. ``plan`` carries the
    numbers the chart is drawn from; ``view`` (:func:`shown`) every figure as the page writes it.
    """
    if question == "payment":
        plan = plan_for_payment(principal, monthly_payment, annual_rate, monthly_fee_rate)["plan"]
    elif question == "months":
        plan = repayment_plan(principal, months, annual_rate, monthly_fee_rate)
    else:
        raise PlanError("计算器没认出要算什么，请刷新页面后再试。")
    return {"plan": plan, "view": shown(principal, plan)}


def shown(principal: float, plan: dict[str, Any]) -> dict[str, Any]:
    """A plan as the calculator page shows it, every figure written here so the page formats no
    number: ``{"intro", "principal": {label, value}, "figures": [{label, value}], "caption",
    "columns", "rows"}``.

    Figures are amounts in a sentence: :func:`guide_engine.money.for_people` (``1,250 元``,
    ``3万 元``; the fen kept when there are any). The schedule's cells are a table's column of
    yuan and fen (:func:`guide_engine.money.yuan`, ``1,250.00``): the decimal points line up, so
    the month whose instalment absorbs the rounding stands out instead of being one width longer.
    """
    schedule = plan["schedule"]
    months = len(schedule)
    monthly = plan["monthly_payment"]
    last = schedule[-1]["payment"] if schedule else monthly
    amount = f"{for_people(principal)} 元"
    figures = [
        ("期数", f"{months} 个月"),
        ("算法", METHODS[plan["method"]]),
        ("每月还款", f"{for_people(monthly)} 元"),
        ("还款总额", f"{for_people(plan['total_paid'])} 元"),
        ("利息和手续费合计", f"{for_people(plan['total_cost'])} 元"),
    ]
    if abs(last - monthly) >= 0.005:
        figures.append(("最后一期", f"{for_people(last)} 元（吸收四舍五入的零头）"))
    if plan["method"] == "flat_fee":
        rate = number_text(round(plan["effective_annual_rate"] * 100, 2))
        figures.append(
            (
                "实际年化利率",
                f"约 {rate}%（手续费按最初的本金每月收取，实际成本比“月费率 × 12”高）",
            )
        )
    cost = "手续费" if plan["method"] == "flat_fee" else "利息"
    return {
        "intro": f"{amount}，分 {months} 个月：",
        "principal": {"label": "要还的金额", "value": amount},
        "figures": [{"label": label, "value": value} for label, value in figures],
        "caption": "每期明细（元）",
        "columns": ["期", "还款", "本金", cost, "剩余本金"],
        "rows": [
            [
                str(row["month"]),
                yuan(row["payment"]),
                yuan(row["principal"]),
                yuan(row["interest"]),
                yuan(row["balance"]),
            ]
            for row in schedule
        ],
    }


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
