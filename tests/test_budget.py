"""The household budget: priority by rank, debts kept current first, a margin kept, shares pro rata."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from households import debt, household
from hypothesis import given
from hypothesis import strategies as st

from guide_engine.budget import plan_budget, priorities, rank_of, route_of, rules, split_pro_rata
from guide_engine.household import validate_household

TODAY = dt.date(2026, 12, 1)


def planned(**changes):
    return plan_budget(validate_household(household(**changes), today=TODAY), TODAY)


@pytest.mark.parametrize(
    ("changes", "rank_id", "route"),
    [
        ({}, "negotiate", "negotiate"),
        ({"court": {"stage": "complaint", "received": "2026-11-30"}}, "court", "court"),
        (
            {
                "product": "mortgage",
                "monthly_due": 3000,
                "court": {"stage": "judgment", "received": "2026-11-30"},
            },
            "court",
            "court",
        ),
        ({"product": "mortgage", "monthly_due": 3000}, "home_or_car", "keep_current"),
        ({"product": "car_loan", "monthly_due": 2000}, "home_or_car", "keep_current"),
        (
            {"product": "consumer_loan", "collateral": True, "monthly_due": 800},
            "home_or_car",
            "keep_current",
        ),
        ({"product": "consumer_loan", "collateral": True}, "home_or_car", "negotiate"),
        (
            {"product": "business_loan", "guarantor": True, "monthly_due": 900},
            "guarantor",
            "keep_current",
        ),
        ({"product": "business_loan", "guarantor": True}, "guarantor", "negotiate"),
        ({"product": "consumer_credit", "lender": "other"}, "negotiate", "negotiate"),
    ],
)
def test_rank_and_route_by_rule(changes, rank_id, route):
    one = validate_household(household(debts=[debt(**changes)]), today=TODAY)["debts"][0]
    assert (rank_of(one), route_of(one)) == (rank_id, route)


def test_every_rank_has_a_reason_and_a_page():
    for rank in rules()["ranks"].values():
        assert rank["reason"] and rank["page"]


def test_budget_of_the_base_household():
    result = planned()
    assert result["budget"] | {"text": "", "margin_reason": ""} == {
        "income": 8000.0,
        "essentials": 4500.0,
        "other_debt_payments": 0.0,
        "priority_payments": 0.0,
        "surplus": 3500.0,
        "shortfall": 0.0,
        "margin": 0.1,
        "offer_total": 3150.0,
        "status": "surplus",
        "essentials_covered": True,
        "text": "",
        "margin_reason": "",
        "source_id": None,
        "page": "process/prepare/#budget",
    }
    assert [
        (d["index"], d["priority"], d["route"], d["offer_monthly"]) for d in result["debts"]
    ] == [
        (0, 1, "negotiate", 1890.0),
        (1, 2, "negotiate", 1260.0),
    ]
    assert "3,500 元" in result["budget"]["text"] and "3,150 元" in result["budget"]["text"]
    assert result["budget"]["margin_reason"].startswith(
        "方案只用每月能拿出的钱的90%，留出10%的余量"
    )


def test_debts_kept_current_are_paid_before_anything_is_offered():
    result = planned(
        debts=[
            debt(balance=30000),
            debt(product="car_loan", lender="other", balance=60000, monthly_due=1500),
            debt(product="consumer_loan", lender="xwbank", balance=10000),
        ]
    )
    assert result["budget"]["priority_payments"] == 1500.0
    assert result["budget"]["surplus"] == 2000.0
    assert result["budget"]["offer_total"] == 1800.0
    assert [(d["route"], d["keep_paying"], d["offer_monthly"]) for d in result["debts"]] == [
        ("negotiate", None, 1350.0),
        ("keep_current", 1500.0, None),
        ("negotiate", None, 450.0),
    ]
    assert [d["priority"] for d in result["debts"]] == [2, 1, 3]


def test_court_debts_come_first_by_their_soonest_deadline():
    home = validate_household(
        household(
            debts=[
                debt(),
                debt(court={"stage": "judgment", "received": "2026-11-28"}),
                debt(product="mortgage", monthly_due=2000),
                debt(court={"stage": "payment_order", "received": "2026-11-20"}),
                debt(court={"stage": "complaint", "received": "2026-11-30"}),
            ]
        ),
        today=TODAY,
    )
    home["debts"][4]["court"]["received"] = None  # as mapped from a version-1 profile
    assert priorities(home, TODAY) == [3, 1, 4, 2, 0]


def test_rounding_is_absorbed_by_the_last_share():
    shares = split_pro_rata(Decimal("100.00"), [Decimal(1), Decimal(1), Decimal(1)])
    assert shares == [Decimal("33.33"), Decimal("33.33"), Decimal("33.34")]


@pytest.mark.parametrize(
    ("income", "essentials", "status", "surplus", "shortfall", "covered"),
    [
        (4500, 4500, "zero", 0.0, 0.0, True),
        (4000, 4500, "shortfall", 0.0, 500.0, False),
    ],
)
def test_no_surplus_leads_to_budget_first_with_no_negative_money(
    income, essentials, status, surplus, shortfall, covered
):
    result = planned(household={"monthly_income": income, "essential_expenses": essentials})
    b = result["budget"]
    assert (
        b["status"],
        b["surplus"],
        b["shortfall"],
        b["offer_total"],
        b["essentials_covered"],
    ) == (
        status,
        surplus,
        shortfall,
        0.0,
        covered,
    )
    assert [(d["route"], d["offer_monthly"]) for d in result["debts"]] == [
        ("budget_first", 0.0),
        ("budget_first", 0.0),
    ]
    assert "-" not in b["text"]


def test_shortfall_caused_by_a_kept_current_debt_is_said_in_words():
    result = planned(debts=[debt(), debt(product="mortgage", lender="other", monthly_due=4000)])
    b = result["budget"]
    assert (b["status"], b["shortfall"], b["essentials_covered"]) == ("shortfall", 500.0, True)
    assert b["text"].startswith("按你填的数字，每月还差 500 元")


def test_essentials_above_income_is_named_as_such():
    b = planned(household={"monthly_income": 3000, "essential_expenses": 4000})["budget"]
    assert b["text"].startswith("按你填的数字，收入连必要开支都不够，每月还差 1,000 元。")


def test_a_priority_debt_without_its_payment_gets_a_note():
    result = planned(debts=[debt(), debt(guarantor=True)])
    assert result["notes"] == [
        {
            "id": "priority_unknown_due:1",
            "debt": 1,
            "text": rules()["words"]["priority_unknown_due"].replace("{number}", "2"),
            "source_id": "civil_code_guarantee",
            "page": "basics/collection-rights/",
        }
    ]


def test_version_one_other_debt_payments_come_out_of_the_budget():
    from profiles import profile

    b = plan_budget(validate_household(profile()), TODAY)["budget"]
    assert (b["other_debt_payments"], b["surplus"], b["offer_total"]) == (500.0, 2000.0, 1800.0)


# ─────────────────────────────── properties ───────────────────────────────

money = st.decimals(min_value=0, max_value=200_000, places=2, allow_nan=False)
balances = st.decimals(min_value="0.01", max_value=1_000_000, places=2, allow_nan=False)
debt_strategy = st.builds(
    lambda balance, product, due, guarantor, court: {
        "lender": "other",
        "product": product,
        "balance": float(balance),
        "overdue_days": 10,
        "monthly_due": float(due) if product in ("mortgage", "car_loan") or guarantor else None,
        "guarantor": guarantor,
        "court": {"stage": "complaint", "received": "2026-11-20"} if court else None,
    },
    balances,
    st.sampled_from(["credit_card", "consumer_loan", "consumer_credit", "mortgage", "car_loan"]),
    st.decimals(min_value=0, max_value=20_000, places=2, allow_nan=False),
    st.booleans(),
    st.booleans(),
)
homes = st.builds(
    lambda income, essentials, debts: validate_household(
        {
            "household": {"monthly_income": float(income), "essential_expenses": float(essentials)},
            "debts": debts,
            "willing_to_repay": True,
        },
        today=TODAY,
    ),
    money,
    money,
    st.lists(debt_strategy, min_size=1, max_size=20),
)


def _amounts(result):
    b = result["budget"]
    yield from (b[k] for k in ("income", "essentials", "priority_payments", "surplus", "shortfall"))
    yield b["offer_total"]
    for d in result["debts"]:
        yield from (
            v for v in (d["balance"], d["keep_paying"], d["offer_monthly"]) if v is not None
        )


@given(homes)
def test_money_is_never_negative_nor_nan(home):
    for amount in _amounts(plan_budget(home, TODAY)):
        assert amount == amount and amount >= 0


@given(homes)
def test_offer_never_exceeds_the_surplus_less_the_margin(home):
    b = plan_budget(home, TODAY)["budget"]
    assert Decimal(str(b["offer_total"])) <= (1 - Decimal(str(b["margin"]))) * Decimal(
        str(b["surplus"])
    )
    assert b["surplus"] == 0 or b["shortfall"] == 0


@given(homes)
def test_shares_add_up_and_follow_the_balances(home):
    result = plan_budget(home, TODAY)
    offered = [d for d in result["debts"] if d["offer_monthly"] is not None]
    total = Decimal(str(result["budget"]["offer_total"]))
    shares = [Decimal(str(d["offer_monthly"])) for d in offered]
    assert sum(shares, Decimal(0)) == (total if offered else Decimal(0))
    whole = sum((Decimal(str(d["balance"])) for d in offered), Decimal(0))
    for n, (d, share) in enumerate(zip(offered, shares, strict=True)):
        exact = total * Decimal(str(d["balance"])) / whole
        slack = Decimal("0.01") * (len(offered) if n == len(offered) - 1 else 1)
        assert abs(share - exact) <= slack


@given(homes)
def test_priority_is_a_stable_order_by_rank(home):
    result = plan_budget(home, TODAY)
    assert sorted(d["priority"] for d in result["debts"]) == list(range(1, len(home["debts"]) + 1))
    by_priority = sorted(result["debts"], key=lambda d: d["priority"])
    assert [d["rank"] for d in by_priority] == sorted(d["rank"] for d in by_priority)
    for rank in {d["rank"] for d in by_priority if d["rank_id"] != "court"}:
        same = [d["index"] for d in by_priority if d["rank"] == rank and d["rank_id"] != "court"]
        assert same == sorted(same)
    assert plan_budget(home, TODAY) == result


def test_shortfall_words_are_the_figure_then_the_advice():
    words = rules()["words"]
    b = planned(debts=[debt(), debt(product="mortgage", lender="other", monthly_due=4000)])[
        "budget"
    ]
    expected = words["shortfall"].replace("{shortfall}", "500") + words["shortfall_advice"]
    assert b["text"] == expected
