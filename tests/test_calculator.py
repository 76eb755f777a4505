"""The calculator's reverse question ("每月能还 X，要多少期") and what it starts from."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from households import CARD, LOAN, household  # noqa: E402  (tests/households.py)
from hypothesis import given, settings
from hypothesis import strategies as st
from profiles import profile  # noqa: E402  (tests/profiles.py)

from guide_engine import bridge
from guide_engine.calculator import MAX_MONTHS, plan_for_payment, prefill
from guide_engine.errors import PlanError
from guide_engine.plans import repayment_plan

TODAY = dt.date(2026, 12, 1)


def fits(plan, payment):
    return all(row["payment"] <= payment for row in plan["schedule"])


@pytest.mark.parametrize(
    ("args", "months"),
    [
        ((30000, 1500), 20),
        ((30000, 1499.99), 21),
        ((30000, 1500, 0.18), 24),
        ((20000, 1000, 0, 0.006), 23),
        ((30000, 40000), 1),
    ],
)
def test_the_shortest_plan_within_the_monthly_amount(args, months):
    got = plan_for_payment(*args)
    assert got == {"months": months, "plan": repayment_plan(args[0], months, *args[2:])}


@settings(max_examples=80, deadline=None)
@given(
    principal=st.integers(100, 500_000),
    payment=st.integers(10, 50_000),
    rate=st.sampled_from([0, 0.05, 0.18, 0.24]),
)
def test_the_plan_found_fits_and_one_month_fewer_does_not(principal, payment, rate):
    try:
        got = plan_for_payment(principal, payment, rate)
    except PlanError as exc:
        assert exc.details["field"] == "monthly_payment"
        return
    assert fits(got["plan"], payment)
    if got["months"] > 1:
        assert not fits(repayment_plan(principal, got["months"] - 1, rate), payment)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            (30000, 400, 0.18),
            "每月还 400 元，还不够付每月的利息或手续费（约 450 元），永远还不完。"
            "请填一个更大的金额，或者先和银行谈减免利息和费用。",
        ),
        (
            (30000, 180, 0, 0.006),
            "每月还 180 元，还不够付每月的利息或手续费（约 180 元），永远还不完。"
            "请填一个更大的金额，或者先和银行谈减免利息和费用。",
        ),
        (
            (100000, 100),
            f"每月还 100 元，{MAX_MONTHS} 个月内还不清。"
            "请填一个更大的金额，或者先和银行谈减免利息和费用。",
        ),
        ((30000, 0), "“每月能还多少”要大于 0。"),
    ],
)
def test_a_monthly_amount_that_never_repays_is_refused_beside_its_field(args, message):
    with pytest.raises(PlanError) as caught:
        plan_for_payment(*args)
    assert (caught.value.message, caught.value.details) == (message, {"field": "monthly_payment"})


def test_a_bad_principal_is_refused_as_the_plan_refuses_it():
    with pytest.raises(PlanError) as caught:
        plan_for_payment(-5, 100)
    assert caught.value.details["field"] == "principal"


def test_the_calculator_starts_from_each_debt_of_the_assessment():
    got = prefill(household(debts=[CARD, {**LOAN, "annual_rate": 0.072}]), TODAY)
    assert got == [
        {
            "debt": 0,
            "label": "第 1 笔欠款（中信银行的信用卡）",
            "mode": "payment",
            "values": {
                "principal": "30000",
                "months": "19",
                "monthly_payment": "1890",
                "annual_rate": "",
                "monthly_fee_rate": "",
            },
        },
        {
            "debt": 1,
            "label": "第 2 笔欠款（网商银行的个人消费贷款）",
            "mode": "payment",
            "values": {
                "principal": "20000",
                "months": "12",
                "monthly_payment": "1260",
                "annual_rate": "7.2",
                "monthly_fee_rate": "",
            },
        },
    ]


def test_with_nothing_to_spare_the_calculator_starts_from_the_months():
    (only,) = prefill(profile(monthly_income=3000, monthly_essential_expenses=3500), TODAY)
    assert (only["mode"], only["values"]["monthly_payment"]) == ("months", "")


def test_a_debt_kept_current_is_not_offered():
    mortgage = {"lender": "boc", "product": "mortgage", "balance": 400000, "monthly_due": 3000}
    got = prefill(household(debts=[CARD, {**mortgage, "overdue_days": 0}]), TODAY)
    assert [o["debt"] for o in got] == [0]


def test_the_bridge_answers_both_questions():
    reply = json.loads(
        bridge.dispatch(
            "plan_for_payment", json.dumps({"principal": 30000, "monthly_payment": 1500})
        )
    )
    assert reply == {"ok": True, "result": plan_for_payment(30000, 1500)}
    payload = json.dumps({"profile": profile(), "today": "2026-12-01"})
    reply = json.loads(bridge.dispatch("calculator_prefill", payload))
    assert reply == {"ok": True, "result": prefill(profile(), TODAY)}
