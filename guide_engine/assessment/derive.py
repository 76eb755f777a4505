"""The facts the rules read, derived once from a household and its plan: court, offer, readiness….

Why apart: the rules (:mod:`guide_engine.rules`) are conditions over these names. They are read
from the household plan (:func:`guide_engine.debt_plan.plan_of`) — the budget with its margin,
each debt's route and its product's cap — so a rule and the plan in the same result can never
disagree about whether the offer carries the debts, or how many periods a loan may have.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..money import to_fen
from . import wording

#: Routes of a debt whose repayment is being negotiated or settled (not kept current).
NEGOTIATED = ("negotiate", "court", "budget_first")
#: Products the banking-association collection guideline covers (with a named bank as lender).
CONSUMER_PRODUCTS = ("consumer_loan", "consumer_credit", "business_loan")


def _cn_date(day: _dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def repair(overdue_days: int, today: _dt.date) -> tuple[str, str | None]:
    """(sentence, reason key) about the one-time credit repair for arrears of ``overdue_days``,
    judged against ``today``."""
    policy = wording.table()["policy"]
    values = {
        "window_start": _cn_date(policy["window_start"]),
        "window_end": _cn_date(policy["window_end"]),
        "repay_by": _cn_date(policy["repay_by"]),
        "max_amount": f"{policy['max_amount']:,}",
    }
    if today > policy["repay_by"]:
        return wording.render(policy["closed_text"], values), "repair_closed"
    began = today - _dt.timedelta(days=overdue_days)
    if policy["window_start"] <= today and began <= policy["window_end"]:
        return wording.render(policy["open_text"], values), "repair_open"
    return "", None


@dataclass(frozen=True)
class Facts:
    """What the rules read about one household (names as in the rule table)."""

    payment_order: bool
    sued: bool
    paid_agent: bool
    abusive_collection: bool
    willing: bool
    card: bool
    loan: bool
    collection_scope: str
    overdue: int
    has_hardship: bool
    hardship_proof: bool
    failed_attempts: int
    contacted: bool
    plan: dict[str, Any] | None
    fits: bool
    repair_text: str
    repair_reason: str | None

    @property
    def affordable(self) -> bool:
        return self.willing and self.fits

    @property
    def unaffordable(self) -> bool:
        return self.willing and not self.fits

    @property
    def documented(self) -> bool:
        """At least one hardship, and proof of it."""
        return self.has_hardship and self.hardship_proof

    @property
    def readiness(self) -> str:
        """low: not willing, or neither an affordable plan nor documented hardship; high: willing,
        documented, affordable and in contact with the lender (or not overdue yet); else medium."""
        if not self.willing or (not self.affordable and not self.documented):
            return "low"
        if self.documented and self.affordable and (self.contacted or self.overdue == 0):
            return "high"
        return "medium"

    # The picks of the rule table.
    @property
    def card_variant(self) -> str:
        return "credit_card" if self.card else "default"

    @property
    def card_or_loan(self) -> str:
        return "credit_card" if self.card else "loan"

    @property
    def lawsuit_risk(self) -> str:
        return "risk_credit_card" if self.card else "risk_default"

    @property
    def readiness_reason(self) -> str:
        return f"readiness_{self.readiness}"


def negotiated(plan: dict[str, Any]) -> list[dict[str, Any]]:
    """The planned debts being negotiated or settled (not kept current), in input order."""
    return [debt for debt in plan["debts"] if debt["route"] in NEGOTIATED]


def plan_fits(plan: dict[str, Any]) -> bool:
    """The offer carries the debts: money is left to offer and every negotiated debt is repaid
    within its cap (or, where the lender decides, within the terms module's search limit)."""
    if plan["budget"]["status"] == "shortfall":
        return False
    talks = negotiated(plan)
    if talks and plan["budget"]["offer_total"] <= 0:
        return False
    return all(debt["months_needed"] is not None for debt in talks)


def plan_summary(plan: dict[str, Any], willing: bool) -> dict[str, Any] | None:
    """The short plan of earlier results (``months``, ``monthly_payment``, ``affordable``,
    ``monthly_capacity``), now read from the household plan: the longest term any negotiated
    debt needs (or its cap), the instalments added up, and the offer after the margin.
    None when not willing, when no debt is negotiated, or when no balance can be spread (a few
    fen over the months shown)."""
    talks = negotiated(plan)
    shown = [debt["terms"]["plan"] for debt in talks if debt["terms"]["plan"]]
    if not willing or not shown:
        return None
    months = max(p["months"] for p in shown)
    payment = to_fen(sum((Decimal(str(p["monthly_payment"])) for p in shown), Decimal(0)))
    return {
        "months": months,
        "monthly_payment": float(payment),
        "affordable": plan_fits(plan),
        "monthly_capacity": plan["budget"]["offer_total"],
    }


def _collection_scope(debts: list[dict[str, Any]]) -> str:
    """credit_card when a card is among the debts; default (the CBA guideline) when a named
    bank's consumer or business credit is; other_lender otherwise."""
    if any(d["product"] == "credit_card" for d in debts):
        return "credit_card"
    if any(d["product"] in CONSUMER_PRODUCTS and d["lender"] != "other" for d in debts):
        return "default"
    return "other_lender"


def facts_of(home: dict[str, Any], plan: dict[str, Any], today: _dt.date) -> Facts:
    """The :class:`Facts` of a validated household ``home`` and its plan on ``today``."""
    debts = home["debts"]
    talks = [debts[d["index"]] for d in negotiated(plan)]
    stages = [d["court"]["stage"] for d in debts if d["court"]]
    overdue = max(d["overdue_days"] for d in debts)
    repair_text, repair_reason = repair(overdue, today) if overdue > 0 else ("", None)
    willing = home["willing_to_repay"]
    return Facts(
        payment_order="payment_order" in stages,
        sued=any(stage != "payment_order" for stage in stages),
        paid_agent=home["paid_agent"],
        abusive_collection=home["abusive_collection"],
        willing=willing,
        card=any(d["product"] == "credit_card" for d in talks or debts),
        loan=any(d["product"] != "credit_card" for d in talks),
        collection_scope=_collection_scope(debts),
        overdue=overdue,
        has_hardship=bool(home["hardship"]),
        hardship_proof=home["hardship_proof"],
        failed_attempts=home["failed_attempts"],
        contacted=home["contacted_bank"],
        plan=plan_summary(plan, willing),
        fits=plan_fits(plan),
        repair_text=repair_text,
        repair_reason=repair_reason,
    )
