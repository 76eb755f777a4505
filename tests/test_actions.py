"""Actions in order with stable ids; a court deadline always first; free help chosen by the answers."""

from __future__ import annotations

import datetime as dt

import pytest
from households import debt, household
from hypothesis import given
from hypothesis import strategies as st

from guide_engine.actions import ACTION_IDS, debt_label, lender_name, rules
from guide_engine.debt_plan import plan_household

TODAY = dt.date(2026, 12, 1)
PAYMENT_ORDER = {"stage": "payment_order", "received": "2026-11-25"}


def ids(**changes):
    return [a["id"] for a in plan_household(household(**changes), TODAY)["actions"]]


def test_base_household_actions_in_order():
    assert ids() == [
        "gather_documents",
        "contact_lender:0",
        "contact_lender:1",
        "check_credit_report",
        "review_budget",
    ]


@pytest.mark.parametrize(
    ("changes", "present"),
    [
        ({"paid_agent": True}, ["stop_paid_agent"]),
        ({"abusive_collection": True}, ["record_collection", "collection_complaint"]),
        ({"failed_attempts": 2}, ["escalate_complaint"]),
        ({"household": {"monthly_income": 4000, "essential_expenses": 4000}}, ["budget_first"]),
        (
            {"debts": [debt(), debt(product="mortgage", lender="other", monthly_due=1000)]},
            ["keep_paying:1"],
        ),
        (
            {"debts": [debt(), debt(court=PAYMENT_ORDER)]},
            [
                "court_deadline:payment_order_objection:1",
                "verify_court_notice",
                "settle_in_court:1",
            ],
        ),
    ],
)
def test_each_condition_adds_its_actions(changes, present):
    found = ids(**changes)
    for action_id in present:
        assert action_id in found


def test_failed_once_is_not_yet_a_complaint():
    assert "escalate_complaint" not in ids(failed_attempts=1)


def test_an_unwilling_borrower_gets_no_negotiation_actions():
    assert ids(willing_to_repay=False) == ["check_credit_report"]


def test_no_surplus_offers_nothing_to_any_lender():
    found = ids(household={"monthly_income": 3000, "essential_expenses": 4000})
    assert not [i for i in found if i.startswith(("contact_lender", "settle_in_court"))]


def test_a_court_deadline_is_always_the_first_action_even_with_every_other_trigger():
    actions = plan_household(
        household(
            debts=[debt(), debt(court={"stage": "judgment", "received": "2026-11-30"})],
            paid_agent=True,
            abusive_collection=True,
            failed_attempts=3,
        ),
        TODAY,
    )["actions"]
    assert actions[0]["id"] == "court_deadline:appeal:1"
    assert actions[0]["source_id"] == "cpl_art171"
    assert actions[0]["text"].startswith(
        "第 2 笔欠款（中信银行的信用卡）：还剩 14 天：最后一天是 2026年12月15日（星期二）。"
    )
    assert "节假日" in actions[0]["reason"]
    assert actions[1]["id"] == "verify_court_notice"


def test_court_deadlines_come_soonest_first():
    found = ids(
        debts=[
            debt(court={"stage": "judgment", "received": "2026-11-30"}),
            debt(court={"stage": "complaint", "received": "2026-11-20", "hearing": "2026-12-03"}),
        ]
    )
    assert found[:3] == [
        "court_deadline:hearing:1",
        "court_deadline:defence:1",
        "court_deadline:appeal:0",
    ]


def test_actions_are_grouped_today_week_month():
    actions = plan_household(
        household(debts=[debt(court=PAYMENT_ORDER), debt()], abusive_collection=True), TODAY
    )["actions"]
    whens = [a["when"] for a in actions]
    assert whens == sorted(whens, key=["today", "week", "month"].index)


def test_per_debt_actions_follow_priority():
    found = ids(
        debts=[
            debt(balance=1000),
            debt(product="car_loan", lender="other", monthly_due=300),
            debt(court=PAYMENT_ORDER),
            debt(balance=2000),
        ]
    )
    week = [
        i for i in found if i.split(":")[0] in ("keep_paying", "settle_in_court", "contact_lender")
    ]
    assert week == ["keep_paying:1", "settle_in_court:2", "contact_lender:0", "contact_lender:3"]


def test_contact_lender_names_the_offer_and_the_terms_source():
    actions = plan_household(household(), TODAY)["actions"]
    loan = next(a for a in actions if a["id"] == "contact_lender:1")
    assert loan["text"].startswith(
        "联系第 2 笔欠款（网商银行的个人消费贷款）的网商银行：如实说明全家的收支和所有欠款，提出每月还 1,260 元。"
    )
    assert (loan["source_id"], loan["page"], loan["debt"]) == (
        "loan_rules_art12",
        "basics/cards-vs-loans/#loans",
        1,
    )


@pytest.mark.parametrize(
    ("changes", "triggers", "lines"),
    [
        ({}, [], []),
        (
            {"debts": [debt(court=PAYMENT_ORDER)]},
            ["court"],
            ["legal_aid", "court_line"],
        ),
        ({"abusive_collection": True}, ["collection"], ["legal_aid", "police", "mental_health"]),
        ({"hardship": ["illness"]}, ["illness"], ["mental_health"]),
        (
            {"household": {"monthly_income": 2000, "essential_expenses": 3000}},
            ["despair"],
            ["mental_health"],
        ),
        (
            {"household": {"monthly_income": 4000, "essential_expenses": 3000}},
            [],
            [],
        ),
    ],
)
def test_crisis_lines_follow_the_answers(changes, triggers, lines):
    crisis = plan_household(household(**changes), TODAY)["crisis"]
    assert crisis["triggers"] == triggers
    assert [line["id"] for line in crisis["lines"]] == lines


def test_the_mental_health_line_is_worded_as_verified():
    line = next(line for line in rules()["lines"] if line["id"] == "mental_health")
    assert "12356" in line["text"] and "24小时" not in line["text"]
    assert line["source_id"] == "mental_health_12356"


def test_verify_court_notice_points_to_official_channels():
    text = rules()["actions"]["verify_court_notice"]["text"]
    assert "12368" in text and "不要回拨" in text and "电子送达" in text


@pytest.mark.parametrize(
    ("lender", "product", "name", "label"),
    [
        ("citic", "credit_card", "中信银行", "第 1 笔欠款（中信银行的信用卡）"),
        ("other", "consumer_credit", "放款机构", "第 1 笔欠款（花呗、白条、月付等消费信贷）"),
        ("other", "consumer_loan", "贷款机构", "第 1 笔欠款（个人消费贷款）"),
    ],
)
def test_lender_and_debt_names(lender, product, name, label):
    one = {"lender": lender, "product": product}
    assert (lender_name(one), debt_label(one, 0)) == (name, label)


def test_every_action_id_has_wording():
    assert set(rules()["actions"]) == set(ACTION_IDS)


# ─────────────────────────────── properties ───────────────────────────────

debts = st.lists(
    st.builds(
        lambda product, court, balance, guarantor: {
            "lender": "other",
            "product": product,
            "balance": balance,
            "overdue_days": 5,
            "monthly_due": 400 if product in ("mortgage", "car_loan") else None,
            "guarantor": guarantor,
            "court": court,
        },
        st.sampled_from(["credit_card", "consumer_loan", "consumer_credit", "mortgage", "other"]),
        st.one_of(
            st.none(),
            st.builds(
                lambda stage, day: {"stage": stage, "received": f"2026-11-{day:02d}"},
                st.sampled_from(["payment_order", "complaint", "judgment", "enforcement"]),
                st.integers(min_value=1, max_value=30),
            ),
        ),
        st.integers(min_value=1, max_value=300_000),
        st.booleans(),
    ),
    min_size=1,
    max_size=8,
)


@given(
    debts=debts,
    income=st.integers(min_value=0, max_value=30_000),
    flags=st.fixed_dictionaries(
        {
            "paid_agent": st.booleans(),
            "abusive_collection": st.booleans(),
            "willing_to_repay": st.booleans(),
        }
    ),
)
def test_actions_are_ordered_unique_and_court_first(debts, income, flags):
    profile = {
        "household": {"monthly_income": income, "essential_expenses": 3000},
        "debts": debts,
        **flags,
    }
    plan = plan_household(profile, TODAY)
    actions = plan["actions"]
    found = [a["id"] for a in actions]
    assert len(found) == len(set(found))
    whens = [a["when"] for a in actions]
    assert whens == sorted(whens, key=["today", "week", "month"].index)
    if plan["deadlines"]:
        assert found[0].startswith("court_deadline:")
    assert plan_household(profile, TODAY) == plan
    for action in actions:
        assert action["text"] and action["reason"] and action["page"]
        for word in ("None", "nan", "{", "}"):
            assert word not in action["text"]
