"""assess() on version-2 households, table-driven: rank, route, cap and deadline per debt, the
budget with its margin, the 支付令 path, and the wording defects fixed (#7, #22, no negative
money). Every expected value is worked out in the comment beside it."""

from __future__ import annotations

import datetime as dt

import pytest

from guide_engine import assess
from guide_engine.facts import citation

TODAY = dt.date(2026, 12, 1)  # a Tuesday
CARD = {"lender": "citic", "product": "credit_card", "balance": 30000, "overdue_days": 40}
LOAN = {"lender": "xwbank", "product": "consumer_loan", "balance": 20000, "overdue_days": 40}


def household(*debts, income=20000, essentials=5000, **top):
    return {
        "household": {"monthly_income": income, "essential_expenses": essentials},
        "debts": [dict(d) for d in debts],
        "willing_to_repay": True,
        **top,
    }


def test_each_debt_gets_its_rank_route_and_share_of_one_budget():
    result = assess(
        household(
            CARD,
            {
                "lender": "boc",
                "product": "mortgage",
                "balance": 500000,
                "overdue_days": 0,
                "monthly_due": 3000,
            },
            {**LOAN, "lender": "other", "balance": 10000, "guarantor": True, "monthly_due": 800},
            {**LOAN, "court": {"stage": "complaint", "received": "2026-11-30"}},
        ),  # fmt: skip
        today=TODAY,
    )
    # 20,000 − 5,000 − (3,000 + 800 kept current) = 11,200 spare; 90 % offered = 10,080,
    # split 30,000 : 20,000 → 6,048 and 4,032. The court debt first, the home, the guarantor.
    assert [
        (d["index"], d["priority"], d["rank_id"], d["route"], d["offer_monthly"], d["keep_paying"])
        for d in result["debts"]
    ] == [
        (0, 4, "negotiate", "negotiate", 6048.0, None),
        (1, 2, "home_or_car", "keep_current", None, 3000.0),
        (2, 3, "guarantor", "keep_current", None, 800.0),
        (3, 1, "court", "court", 4032.0, None),
    ]
    budget = result["budget"]
    assert {k: budget[k] for k in ("income", "essentials", "priority_payments", "surplus")} == {
        "income": 20000.0,
        "essentials": 5000.0,
        "priority_payments": 3800.0,
        "surplus": 11200.0,
    }
    assert (budget["margin"], budget["offer_total"], budget["shortfall"]) == (0.1, 10080.0, 0.0)
    assert result["debts"][3]["deadlines"] == [
        {"kind": "defence", "due": "2026-12-15", "days_left": 14}
    ]


@pytest.mark.parametrize(
    ("debt", "cap", "kind"),
    [
        (CARD, 60, "art70"),  # Art. 70: cards only, 5 years
        (LOAN, None, "loan_extension"),  # original term unknown: the lender decides
        ({**LOAN, "original_term_months": 6}, 6, "loan_extension"),  # short: the original term
        ({**LOAN, "original_term_months": 12}, 12, "loan_extension"),
        ({**LOAN, "original_term_months": 24}, 12, "loan_extension"),  # medium: half of it
        ({**LOAN, "original_term_months": 60}, 30, "loan_extension"),
        ({**LOAN, "original_term_months": 61}, 36, "loan_extension"),  # long: 3 years
        ({**LOAN, "original_term_months": 120}, 36, "loan_extension"),
        ({**LOAN, "product": "consumer_credit"}, None, "lender_decides"),  # 花呗 is no card
        ({**LOAN, "product": "other"}, None, "lender_decides"),
        ({**LOAN, "product": "car_loan", "monthly_due": 500}, None, "keep_current"),
    ],
)
def test_the_term_cap_follows_the_product(debt, cap, kind):
    planned = assess(household(debt), today=TODAY)["debts"][0]
    assert (planned["term_months_max"], planned["terms"]["kind"]) == (cap, kind)


@pytest.mark.parametrize(
    ("stage", "received", "deadline", "first_path", "first_action"),
    [
        # 11-28 + 15 days = Sunday 12-13 → Monday 12-14
        ("payment_order", "2026-11-28", ("payment_order_objection", "2026-12-14", 13),
         "object_to_payment_order", "court_deadline:payment_order_objection:0"),
        # 11-15 + 15 days = Monday 11-30, the month's last day: already past
        ("payment_order", "2026-11-15", ("payment_order_objection", "2026-11-30", -1),
         "object_to_payment_order", "court_deadline:payment_order_objection:0"),
        ("complaint", "2026-11-30", ("defence", "2026-12-15", 14),
         "respond_to_lawsuit", "court_deadline:defence:0"),
        # 11-16 + 15 days = today
        ("judgment", "2026-11-16", ("appeal", "2026-12-01", 0),
         "respond_to_lawsuit", "court_deadline:appeal:0"),
        ("enforcement", "2026-11-20", None, "respond_to_lawsuit", "verify_court_notice"),
    ],
)  # fmt: skip
def test_court_deadlines_are_dates_and_come_first(
    stage, received, deadline, first_path, first_action
):
    debt = {**CARD, "court": {"stage": stage, "received": received}}
    result = assess(household(debt), today=TODAY)
    got = [(d["kind"], d["due"], d["days_left"]) for d in result["debts"][0]["deadlines"]]
    assert got == ([deadline] if deadline else [])
    assert (result["paths"][0]["id"], result["actions"][0]["id"]) == (first_path, first_action)
    assert result["crisis"]["triggers"] == ["court"]


def test_the_payment_order_path_names_its_last_day():
    debt = {**CARD, "court": {"stage": "payment_order", "received": "2026-11-28"}}
    why = assess(household(debt), today=TODAY)["paths"][0]["why"]
    assert "15日内" in why and "2026年12月14日（星期一）" in why
    assert citation("cpl_art227") in why


def test_a_single_debt_profile_that_was_sued_has_an_undated_defence_deadline():
    # version 1 says only "sued" (no date): the 答辩期 is at stake, its day unknown
    result = assess({**_v1(), "sued": True}, today=TODAY)
    assert result["paths"][0]["id"] == "respond_to_lawsuit"
    assert result["debts"][0]["deadlines"] == [{"kind": "defence", "due": None, "days_left": None}]


def _v1():
    return {
        "bank": "citic",
        "product": "credit_card",
        "debt_total": 30000,
        "overdue_days": 45,
        "monthly_income": 6000,
        "monthly_essential_expenses": 3500,
        "other_debt_payments": 500,
        "willing_to_repay": True,
    }


def test_a_shortfall_offers_nothing_and_no_negative_amount():
    result = assess(household(CARD, income=1000, essentials=5000), today=TODAY)
    budget = result["budget"]
    assert (budget["surplus"], budget["shortfall"], budget["offer_total"]) == (0.0, 4000.0, 0.0)
    assert [(d["route"], d["offer_monthly"]) for d in result["debts"]] == [("budget_first", 0.0)]
    assert [p["id"] for p in result["paths"]][:1] == ["budget_first"]
    assert result["plan"]["affordable"] is False and result["plan"]["monthly_capacity"] == 0.0
    why = result["paths"][0]["why"]
    assert "每月还差约4,000元" in why and "-" not in why


def test_the_proposal_is_the_share_after_the_margin_never_the_whole_surplus():
    result = assess(
        household(CARD, LOAN, income=10000, essentials=5000, hardship=["job_loss"]), today=TODAY
    )
    # 5,000 spare, 4,500 offered: 2,700 to the card, 1,800 to the loan
    card_path = next(p for p in result["paths"] if p["id"] == "personalized_installment")
    loan_path = next(p for p in result["paths"] if p["id"] == "loan_restructuring")
    assert "每月还约2,700元" in card_path["why"] and "1,800" not in card_path["why"]
    assert "每月还约1,800元" in loan_path["why"] and "2,700" not in loan_path["why"]
    assert "年利率18%" in card_path["why"]  # the estimate's rate is stated
    assert "5,000" not in card_path["why"] + loan_path["why"]


@pytest.mark.parametrize(
    ("debt", "variant_source", "says", "never"),
    [
        (CARD, "cc_measures_art68", "信用卡催收", "你没有写明"),
        (LOAN, "cba_collection_guideline_2026", "消费金融公司", "你没有写明"),
        ({**LOAN, "product": "business_loan", "lender": "mybank"},
         "cba_collection_guideline_2026", "经营贷", "你没有写明"),
        ({**LOAN, "lender": "other"}, "civil_code_art1032", "地方金融管理部门", "22:00至次日08:00"),
    ],
)  # fmt: skip
def test_the_collection_guideline_shows_only_where_it_applies(debt, variant_source, says, never):
    result = assess(household(debt, abusive_collection=True), today=TODAY)
    path = next(p for p in result["paths"] if p["id"] == "report_abusive_collection")
    rights = next(w for w in result["warnings"] if w["id"] == "collection_rights")
    assert path["source_id"] == rights["source_id"] == variant_source
    assert says in path["why"] + rights["text"]
    assert never not in path["why"] + rights["text"]


def test_sued_and_unwilling_card_keeps_its_consequences_line():
    result = assess({**_v1(), "sued": True, "willing_to_repay": False}, today=TODAY)
    ids = [w["id"] for w in result["warnings"]]
    assert ids[:2] == ["lawsuit", "consequences"]
    consequences = result["warnings"][1]
    assert consequences["source_id"] == "criminal_law_art196"
    assert "恶意透支" in consequences["text"]


def test_a_single_debt_profile_is_one_debt_of_a_household():
    result = assess(_v1(), today=TODAY)
    # 6,000 − 3,500 − 500 = 2,000 spare; 1,800 offered to the one card
    assert [
        (d["index"], d["priority"], d["route"], d["offer_monthly"]) for d in result["debts"]
    ] == [(0, 1, "negotiate", 1800.0)]
    assert result["today"] == "2026-12-01"
