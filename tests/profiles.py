"""A typical borrower's profile for the decision-logic tests, changed field by field per test,
the same borrower as the self-assessment's answers, and the one walker that answers the interview.

One place, so the assessment tests and the letter snapshots start from the same person: a credit
card at 中信银行, 30,000 yuan owed, 45 days overdue, lost job with proof, willing to repay.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import guide_engine as ge
from guide_engine import migrations
from guide_engine.flow import Flow

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


#: The self-assessment flow the page runs, loaded once (ASKED_ONCE is read from it).
FLOW = ge.load_flow("self_assessment")

#: The questions asked once (not per debt), in the order asked — the flow's questions outside its
#: groups, read from the flow file so that no test restates them.
ASKED_ONCE: tuple[str, ...] = tuple(
    q.id for q in FLOW.questions if not any(q.id in g.questions for g in FLOW.groups)
)


def answers(**changes: Any) -> dict[str, Any]:
    """The same borrower as the self-assessment's answers, by question id: the questions asked
    once, the one debt (the single-debt profile's fields moved as the saved-progress migration
    moves them, :data:`guide_engine.migrations.DEBT_V1`) and "debts": no other debt to add. (The
    interview has no "other debt payments": every debt is listed instead.)"""
    borrower = profile(**changes)
    return {
        **{question: borrower[question] for question in ASKED_ONCE},
        **{question: borrower[field] for field, question in migrations.DEBT_V1.items()},
        "debts": False,
    }


def _per_ask(value: Any, kind: str) -> bool:
    """Whether ``value`` gives one answer per time its question is asked: a list (for a multi
    question, whose one answer is a list already, a list of lists)."""
    if not isinstance(value, list):
        return False
    return kind != "multi" or (bool(value) and all(isinstance(v, list) for v in value))


def walk(
    given: dict[str, Any],
    *,
    stop_after: int | None = None,
    today: str | dt.date | None = None,
    flow: Flow | None = None,
) -> dict[str, Any]:
    """The interview's state after answering each question it asks from ``given`` (question id →
    answer; "debts" answers "add another debt?"), in the order asked, until the result, the first
    question ``given`` has no answer for, or ``stop_after`` answers.

    A question asked once per debt takes one answer for every debt, or a list of them in the
    order asked (``{"lender": ["citic", "boc"], "debts": [True, False]}``; a multi question a
    list of lists). ``today`` is the day the answers are given on, as the engine takes it
    (default: the clock; pass one when ``given`` holds a date); ``flow`` a flow object instead of
    the packaged self-assessment.
    """
    state = ge.start(flow or "self_assessment")
    count, asked = 0, dict.fromkeys(given, 0)
    while count != stop_after:
        shown = ge.view(state, today=today, flow=flow)
        if shown["type"] != "question" or shown["question"]["id"] not in given:
            break
        question = shown["question"]["id"]
        value = given[question]
        if _per_ask(value, shown["question"]["input"]["kind"]):
            if asked[question] == len(value):
                break
            value = value[asked[question]]
        asked[question] += 1
        state = ge.answer(state, value, today=today, flow=flow)
        count += 1
    return state


def result_view(given: dict[str, Any], *, today: str | dt.date | None = None) -> dict[str, Any]:
    """The self-assessment's result view after answering everything from ``given``; an
    AssertionError naming the question ``given`` has no answer for, when it stops before."""
    shown = ge.view(walk(given, today=today), today=today)
    assert shown["type"] == "result", f"no answer given for {shown['question']['id']!r}"
    return shown
