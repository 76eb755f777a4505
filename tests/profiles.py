"""A typical borrower's profile for the decision-logic tests, changed field by field per test.

One place, so the assessment tests and the letter snapshots start from the same person: a credit
card at 中信银行, 30,000 yuan owed, 45 days overdue, lost job with proof, willing to repay.
"""

from __future__ import annotations

from typing import Any

BASE: dict[str, Any] = {
    "bank": "citic",
    "product": "credit_card",
    "debt_total": 30000,
    "overdue_days": 45,
    "monthly_income": 6000,
    "monthly_essential_expenses": 3500,
    "other_debt_payments": 500,
    "hardship": ["job_loss"],
    "hardship_proof": True,
    "willing_to_repay": True,
    "contacted_bank": True,
    "failed_attempts": 0,
    "sued": False,
    "abusive_collection": False,
    "paid_agent": False,
}


def profile(**changes: Any) -> dict[str, Any]:
    """The base profile with ``changes`` applied (a fresh dict every call)."""
    return {**BASE, "hardship": list(BASE["hardship"]), **changes}


#: The self-assessment's questions asked about the one debt (by question id) ← the profile field.
_DEBT_ANSWERS = {
    "lender": "bank",
    "product": "product",
    "balance": "debt_total",
    "overdue_days": "overdue_days",
}

#: The questions asked once, after the debts, in the order asked.
ONCE_QUESTIONS = (
    "monthly_income",
    "monthly_essential_expenses",
    "hardship",
    "hardship_proof",
    "willing_to_repay",
    "contacted_bank",
    "failed_attempts",
    "abusive_collection",
    "paid_agent",
)


def answers(**changes: Any) -> dict[str, Any]:
    """The same borrower as the self-assessment's answers, by question id in the order asked:
    "sued" first, then the one debt ("debts": no other debt to add), then the rest. (The
    interview has no "other debt payments": every debt is listed instead.)"""
    walk = profile(**changes)
    return {
        "sued": walk["sued"],
        **{question: walk[field] for question, field in _DEBT_ANSWERS.items()},
        "debts": False,
        **{question: walk[question] for question in ONCE_QUESTIONS},
    }
