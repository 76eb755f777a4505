"""The facts the rules read, derived once from a validated profile: capacity, plan, readiness….

Why apart: the rules (:mod:`guide_engine.rules`) are conditions over these names, and the letter
needs the same capacity, plan and lender name. Deriving them in one place means a rule, the
assessment and the letter can never disagree about whether a plan is affordable.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .. import facts
from ..errors import GuideError
from ..money import to_fen
from ..plans import months_needed, repayment_plan
from . import wording

#: Longest plan the assessment proposes: Art. 70 allows at most 5 years for cards; for loans the
#: real limit depends on the original term (贷款通则 Art. 12), 60 months is our estimate.
MAX_PLAN_MONTHS = 60


def monthly_capacity(profile: dict[str, Any]) -> Decimal:
    """Income − essential expenses − other debt payments, in yuan rounded to the fen (may be negative)."""
    return to_fen(
        Decimal(str(profile["monthly_income"]))
        - Decimal(str(profile["monthly_essential_expenses"]))
        - Decimal(str(profile["other_debt_payments"]))
    )


def lender_name(profile: dict[str, Any]) -> str:
    """The bank's short name from banks.toml, or a generic word for "other" (never invented)."""
    if profile["bank"] != "other":
        return facts.bank(profile["bank"])["short"]
    snippets = wording.table()["snippets"]
    return (
        snippets["lender_card"] if profile["product"] == "credit_card" else snippets["lender_loan"]
    )


def plan_for(profile: dict[str, Any], capacity: Decimal) -> dict[str, Any] | None:
    """The shortest affordable equal-instalment plan, else the longest one; None if not willing."""
    if not profile["willing_to_repay"]:
        return None
    debt = profile["debt_total"]
    months = months_needed(debt, float(capacity), 0.0, MAX_PLAN_MONTHS)
    affordable = months is not None
    if months is None:
        # Show the longest term that can be built (tiny debts cannot be split into 60 fen-rounded parts).
        for term in range(MAX_PLAN_MONTHS, 0, -1):
            try:
                repayment_plan(debt, term)
            except GuideError:
                continue
            months = term
            break
    if months is None:  # pragma: no cover - a 1-month plan always exists for debt ≥ 0.01
        return None
    plan = repayment_plan(debt, months)
    return {
        "months": months,
        "monthly_payment": plan["monthly_payment"],
        "affordable": affordable,
        "monthly_capacity": float(capacity),
    }


def _cn_date(day: _dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def repair(profile: dict[str, Any], today: _dt.date) -> tuple[str, str | None]:
    """(sentence, reason key) about the one-time credit repair, judged against ``today``."""
    policy = wording.table()["policy"]
    values = {
        "window_start": _cn_date(policy["window_start"]),
        "window_end": _cn_date(policy["window_end"]),
        "repay_by": _cn_date(policy["repay_by"]),
        "max_amount": f"{policy['max_amount']:,}",
    }
    if today > policy["repay_by"]:
        return wording.render(policy["closed_text"], values), "repair_closed"
    began = today - _dt.timedelta(days=profile["overdue_days"])
    if policy["window_start"] <= today and began <= policy["window_end"]:
        return wording.render(policy["open_text"], values), "repair_open"
    return "", None


@dataclass(frozen=True)
class Facts:
    """What the rules read about one borrower (names as in the rule table)."""

    sued: bool
    paid_agent: bool
    abusive_collection: bool
    willing: bool
    card: bool
    overdue: int
    has_hardship: bool
    hardship_proof: bool
    failed_attempts: int
    contacted: bool
    capacity: Decimal
    plan: dict[str, Any] | None
    repair_text: str
    repair_reason: str | None

    @property
    def affordable(self) -> bool:
        return bool(self.plan and self.plan["affordable"])

    @property
    def unaffordable(self) -> bool:
        return self.plan is not None and not self.plan["affordable"]

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


def facts_of(p: dict[str, Any], today: _dt.date) -> Facts:
    """The :class:`Facts` of a validated profile ``p`` on ``today``."""
    capacity = monthly_capacity(p)
    repair_text, repair_reason = repair(p, today) if p["overdue_days"] > 0 else ("", None)
    return Facts(
        sued=p["sued"],
        paid_agent=p["paid_agent"],
        abusive_collection=p["abusive_collection"],
        willing=p["willing_to_repay"],
        card=p["product"] == "credit_card",
        overdue=p["overdue_days"],
        has_hardship=bool(p["hardship"]),
        hardship_proof=p["hardship_proof"],
        failed_attempts=p["failed_attempts"],
        capacity=capacity,
        plan=plan_for(p, capacity),
        repair_text=repair_text,
        repair_reason=repair_reason,
        contacted=p["contacted_bank"],
    )
