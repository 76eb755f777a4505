"""A typical two-debt household for the debt-plan tests, changed part by part per test.

One place, so the household, budget, terms and actions tests start from the same family: 8,000
yuan a month in, 4,500 of essentials, a 中信银行 credit card and a 网商银行 consumer loan.
"""

from __future__ import annotations

import copy
from typing import Any

CARD: dict[str, Any] = {
    "lender": "citic",
    "product": "credit_card",
    "balance": 30000,
    "overdue_days": 45,
}
LOAN: dict[str, Any] = {
    "lender": "mybank",
    "product": "consumer_loan",
    "balance": 20000,
    "overdue_days": 30,
    "original_term_months": 12,
}
BASE: dict[str, Any] = {
    "household": {"monthly_income": 8000, "essential_expenses": 4500},
    "debts": [CARD, LOAN],
    "hardship": ["job_loss"],
    "hardship_proof": True,
    "willing_to_repay": True,
}


def household(**changes: Any) -> dict[str, Any]:
    """The base household with top-level ``changes`` applied (a deep copy every call)."""
    return {**copy.deepcopy(BASE), **copy.deepcopy(changes)}


def debt(**changes: Any) -> dict[str, Any]:
    """A card debt with ``changes`` applied."""
    return {**CARD, **changes}
