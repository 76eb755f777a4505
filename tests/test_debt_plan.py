"""plan_household: the issue-10 output contract, JSON-ready, money never negative anywhere."""

from __future__ import annotations

import datetime as dt
import json
import math

from households import debt, household
from hypothesis import given
from hypothesis import strategies as st
from profiles import profile as single_profile

from guide_engine.debt_plan import plan_household

TODAY = dt.date(2026, 12, 1)
MONEY_KEYS = {
    "income",
    "essentials",
    "other_debt_payments",
    "priority_payments",
    "surplus",
    "shortfall",
    "offer_total",
    "offer_monthly",
    "keep_paying",
    "balance",
    "monthly_payment",
    "total_paid",
    "monthly_income",
    "essential_expenses",
}


def _money(node, path=""):
    if isinstance(node, dict):
        for key, value in node.items():
            if (
                key in MONEY_KEYS
                and isinstance(value, (int, float))
                and not isinstance(value, bool)
            ):
                yield f"{path}.{key}", value
            yield from _money(value, f"{path}.{key}")
    elif isinstance(node, list):
        for i, item in enumerate(node):
            yield from _money(item, f"{path}[{i}]")


def test_two_debt_household_follows_the_contract():
    plan = plan_household(
        household(debts=[debt(), debt(court={"stage": "payment_order", "received": "2026-11-25"})]),
        TODAY,
    )
    assert set(plan) == {"household", "budget", "debts", "deadlines", "actions", "crisis", "notes"}
    assert {k: plan["budget"][k] for k in ("income", "essentials", "priority_payments")} == {
        "income": 8000.0,
        "essentials": 4500.0,
        "priority_payments": 0.0,
    }
    assert (plan["budget"]["surplus"], plan["budget"]["margin"], plan["budget"]["offer_total"]) == (
        3500.0,
        0.1,
        3150.0,
    )
    summary = [
        {
            k: d[k]
            for k in ("index", "priority", "route", "offer_monthly", "term_months_max", "deadlines")
        }
        for d in plan["debts"]
    ]
    assert summary == [
        {
            "index": 0,
            "priority": 2,
            "route": "negotiate",
            "offer_monthly": 1575.0,
            "term_months_max": 60,
            "deadlines": [],
        },
        {
            "index": 1,
            "priority": 1,
            "route": "court",
            "offer_monthly": 1575.0,
            "term_months_max": 60,
            "deadlines": [{"kind": "payment_order_objection", "due": "2026-12-10", "days_left": 9}],
        },
    ]
    assert plan["debts"][0]["months_needed"] == plan["debts"][0]["terms"]["months_needed"]
    assert plan["actions"][0]["id"] == "court_deadline:payment_order_objection:1"
    assert [line["id"] for line in plan["crisis"]["lines"]] == ["legal_aid", "court_line"]


def test_single_debt_profile_gives_a_one_debt_plan():
    plan = plan_household(single_profile(sued=True), TODAY)
    (only,) = plan["debts"]
    assert (only["route"], only["offer_monthly"], only["term_months_max"]) == ("court", 1800.0, 60)
    assert only["deadlines"] == [{"kind": "defence", "due": None, "days_left": None}]


def test_shortfall_household_is_json_without_negative_money():
    plan = plan_household(
        household(household={"monthly_income": 1000, "essential_expenses": 5000}), TODAY
    )
    text = json.dumps(plan, ensure_ascii=False, allow_nan=False)
    assert "-" not in plan["budget"]["text"]
    assert all(value >= 0 for _, value in _money(plan))
    assert "NaN" not in text and "None" not in text


@given(
    income=st.decimals(min_value=0, max_value=100_000, places=2),
    essentials=st.decimals(min_value=0, max_value=100_000, places=2),
    balances=st.lists(
        st.decimals(min_value="0.01", max_value=2_000_000, places=2), min_size=1, max_size=20
    ),
)
def test_money_is_never_negative_nor_nan_anywhere(income, essentials, balances):
    profile = {
        "household": {"monthly_income": float(income), "essential_expenses": float(essentials)},
        "debts": [debt(balance=float(b)) for b in balances],
        "willing_to_repay": True,
    }
    plan = plan_household(profile, TODAY)
    for path, value in _money(plan):
        assert math.isfinite(value) and value >= 0, path
    json.dumps(plan, allow_nan=False)
