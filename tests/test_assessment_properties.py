"""Hypothesis properties of assess() over version-1 and version-2 profiles: schema, money never
negative or NaN, the offer within the margin and shared pro rata, ordering stable, court first,
capacity monotonic, Art. 70 only for cards, no promises."""

from __future__ import annotations

import datetime as dt
import json
import math
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from guide_engine import vocabulary
from guide_engine.assessment import FORBIDDEN, PATH_IDS, WARNING_IDS, assess
from guide_engine.facts import citation
from guide_engine.vocabulary import debt_option_ids, option_ids

money = st.one_of(
    st.integers(0, 200_000), st.floats(0, 200_000, allow_nan=False, allow_infinity=False)
)

profiles = st.fixed_dictionaries(
    {
        "bank": st.sampled_from(option_ids("bank")),
        "product": st.sampled_from(option_ids("product")),
        "debt_total": st.one_of(
            st.integers(1, 5_000_000), st.floats(0.01, 5_000_000, allow_nan=False)
        ),
        "overdue_days": st.integers(0, 3000),
        "monthly_income": money,
        "monthly_essential_expenses": money,
        "other_debt_payments": money,
        "hardship": st.lists(st.sampled_from(option_ids("hardship")), max_size=4),
        "hardship_proof": st.booleans(),
        "willing_to_repay": st.booleans(),
        "contacted_bank": st.booleans(),
        "failed_attempts": st.integers(0, 100),
        "sued": st.booleans(),
        "abusive_collection": st.booleans(),
        "paid_agent": st.booleans(),
    }
)
days = st.dates(dt.date(2024, 1, 1), dt.date(2035, 12, 31))

REPAIR_DEADLINE = dt.date(2026, 3, 31)
SETTINGS = settings(max_examples=60, deadline=None)
TODAY = dt.date(2026, 12, 1)


@st.composite
def v2_debts(draw):
    product = draw(st.sampled_from(debt_option_ids("product")))
    debt = {
        "lender": draw(st.sampled_from(option_ids("bank"))),
        "product": product,
        "balance": draw(st.integers(1, 2_000_000)),
        "overdue_days": draw(st.integers(0, 1000)),
        "guarantor": draw(st.booleans()),
        "collateral": draw(st.booleans()),
    }
    if product in ("mortgage", "car_loan") or draw(st.booleans()):
        debt["monthly_due"] = draw(st.integers(0, 20_000))
    if draw(st.booleans()):
        debt["annual_rate"] = draw(st.sampled_from([0, 0.036, 0.18, 0.24]))
    if draw(st.booleans()):
        debt["original_term_months"] = draw(st.integers(1, 360))
    if draw(st.booleans()):
        debt["court"] = {
            "stage": draw(st.sampled_from(debt_option_ids("court_stage"))),
            "received": (TODAY - dt.timedelta(days=draw(st.integers(0, 40)))).isoformat(),
        }
    return debt


households = st.fixed_dictionaries(
    {
        "household": st.fixed_dictionaries(
            {
                "monthly_income": st.integers(0, 60_000),
                "essential_expenses": st.one_of(
                    st.integers(0, 30_000),
                    st.dictionaries(
                        st.sampled_from(debt_option_ids("expense")),
                        st.integers(0, 5_000),
                        min_size=1,
                    ),
                ),
            }
        ),
        "debts": st.lists(v2_debts(), min_size=1, max_size=5),
        "hardship": st.lists(st.sampled_from(option_ids("hardship")), max_size=3),
        "hardship_proof": st.booleans(),
        "willing_to_repay": st.booleans(),
        "contacted_bank": st.booleans(),
        "failed_attempts": st.integers(0, 5),
        "abusive_collection": st.booleans(),
        "paid_agent": st.booleans(),
    }
)
any_profile = st.one_of(profiles, households)


def money_values(result):
    """Every amount of money in the result."""
    budget = result["budget"]
    yield from (budget[k] for k in ("income", "essentials", "other_debt_payments"))
    yield from (budget[k] for k in ("priority_payments", "surplus", "shortfall", "offer_total"))
    for debt in result["debts"]:
        yield from (v for v in (debt["offer_monthly"], debt["keep_paying"]) if v is not None)
        for key in ("plan", "floor_plan"):
            if debt["terms"][key]:
                yield debt["terms"][key]["monthly_payment"]
    if result["plan"]:
        yield result["plan"]["monthly_payment"]
        yield result["plan"]["monthly_capacity"]


def check_schema(result):
    assert set(result) == {
        "today",
        "budget",
        "debts",
        "deadlines",
        "actions",
        "crisis",
        "notes",
        "readiness",
        "readiness_label",
        "readiness_text",
        "paths",
        "warnings",
        "documents",
        "plan",
        "reasons",
    }
    assert result["readiness"] in ("high", "medium", "low")
    grade = vocabulary.readiness(result["readiness"])
    assert (result["readiness_label"], result["readiness_text"]) == (grade["label"], grade["text"])
    assert result["paths"], "there is always at least one thing to do"
    for item in result["paths"]:
        assert set(item) == {"id", "title", "why", "source", "source_id", "page"}
        assert item["id"] in PATH_IDS and item["title"] and item["why"]
    for item in result["warnings"]:
        assert set(item) == {"id", "text", "source", "source_id", "page"}
        assert item["id"] in WARNING_IDS and item["text"]
    for item in result["paths"] + result["warnings"]:
        assert item["source"] == (
            citation(item["source_id"]) if item["source_id"] else item["source"]
        )
        assert item["source_id"] or item["source"].startswith("本站：")
        for key in ("title", "why", "text"):
            assert "{" not in item.get(key, "") and "}" not in item.get(key, ""), (
                "unrendered placeholder"
            )
    assert len({p["id"] for p in result["paths"]}) == len(result["paths"])
    assert len({w["id"] for w in result["warnings"]}) == len(result["warnings"])
    assert result["documents"] and all(isinstance(d, str) and d for d in result["documents"])
    assert result["reasons"] and all(isinstance(r, str) and r for r in result["reasons"])
    plan = result["plan"]
    if plan is not None:
        assert set(plan) == {"months", "monthly_payment", "affordable", "monthly_capacity"}
        assert 1 <= plan["months"] <= 60 and plan["monthly_payment"] > 0
        assert isinstance(plan["affordable"], bool)
        if plan["affordable"]:
            assert plan["monthly_payment"] <= plan["monthly_capacity"]
    for action in result["actions"]:
        assert set(action) == {"id", "when", "text", "reason", "source_id", "page", "debt"}
        assert action["when"] in ("today", "week", "month")
    assert len({a["id"] for a in result["actions"]}) == len(result["actions"])
    json.loads(json.dumps(result, allow_nan=False))


@given(any_profile)
@SETTINGS
def test_money_is_never_negative_nor_nan_and_kept_to_the_fen(profile):
    result = assess(profile, today=TODAY)
    for value in money_values(result):
        assert isinstance(value, (int, float)) and math.isfinite(value) and value >= 0
        assert Decimal(str(value)) == Decimal(str(value)).quantize(Decimal("0.01"))
    for item in result["paths"] + result["warnings"] + result["actions"]:
        body = item.get("why", "") + item.get("text", "")
        assert "约-" not in body and "还-" not in body and "nan" not in body.lower()


@given(any_profile)
@SETTINGS
def test_the_offer_keeps_the_margin_and_is_shared_pro_rata(profile):
    result = assess(profile, today=TODAY)
    budget = result["budget"]
    surplus = Decimal(str(budget["surplus"]))
    offer = Decimal(str(budget["offer_total"]))
    assert offer <= (1 - Decimal(str(budget["margin"]))) * surplus
    shared = [d for d in result["debts"] if d["keep_paying"] is None]
    if not shared or offer == 0:
        assert all(not d["offer_monthly"] for d in shared)
        return
    shares = [Decimal(str(d["offer_monthly"])) for d in shared]
    assert sum(shares) == offer
    balances = [Decimal(str(b)) for b in _balances(profile, shared)]
    for share, balance in zip(shares, balances, strict=True):
        exact = offer * balance / sum(balances)
        assert abs(share - exact) <= Decimal("0.01") * len(shared)


def _balances(profile, shared):
    if "debts" in profile:
        return [profile["debts"][d["index"]]["balance"] for d in shared]
    return [profile["debt_total"]]


@given(any_profile)
@SETTINGS
def test_priorities_are_a_stable_order_with_court_debts_first(profile):
    first, again = assess(profile, today=TODAY), assess(profile, today=TODAY)
    assert first == again
    debts = first["debts"]
    assert [d["index"] for d in debts] == list(range(len(debts)))
    assert sorted(d["priority"] for d in debts) == list(range(1, len(debts) + 1))
    by_priority = sorted(debts, key=lambda d: d["priority"])
    courts = [d["rank_id"] == "court" for d in by_priority]
    assert courts == sorted(courts, reverse=True)
    if first["deadlines"] and first["deadlines"][0]["due"]:
        assert first["actions"][0]["id"].startswith("court_deadline:")


@given(households)
@SETTINGS
def test_a_payment_order_comes_first_with_its_fifteen_days(profile):
    profile["debts"][0]["court"] = {"stage": "payment_order", "received": TODAY.isoformat()}
    result = assess(profile, today=TODAY)
    assert result["paths"][0]["id"] == "object_to_payment_order"
    assert "15日" in result["paths"][0]["why"]
    kinds = [d["kind"] for d in result["debts"][0]["deadlines"]]
    assert "payment_order_objection" in kinds


@given(any_profile)
@SETTINGS
def test_loans_never_get_sixty_periods(profile):
    result = assess(profile, today=TODAY)
    for debt in result["debts"]:
        if debt["terms"]["kind"] == "loan_extension" and debt["term_months_max"] is not None:
            assert debt["term_months_max"] <= 36
        if debt["terms"]["kind"] != "art70":
            assert debt["term_months_max"] is None or debt["terms"]["kind"] == "loan_extension"


@given(any_profile)
@SETTINGS
def test_every_valid_profile_gives_a_valid_assessment(profile):
    result = assess(profile, today=TODAY)
    check_schema(result)
    if not profile["willing_to_repay"]:
        assert result["readiness"] == "low" and result["plan"] is None


@given(profiles, days)
@SETTINGS
def test_sued_always_puts_the_lawsuit_first(profile, today):
    result = assess({**profile, "sued": True}, today=today)
    assert result["paths"][0]["id"] == "respond_to_lawsuit"
    if profile["paid_agent"]:
        assert result["paths"][1]["id"] == "stop_paid_agent"


@given(profiles, st.floats(0, 100_000, allow_nan=False), days)
@SETTINGS
def test_more_capacity_never_hurts(profile, extra, today):
    richer = {**profile, "monthly_income": profile["monthly_income"] + extra}
    before, after = assess(profile, today=today), assess(richer, today=today)
    rank = {"low": 0, "medium": 1, "high": 2}
    assert rank[after["readiness"]] >= rank[before["readiness"]]
    if before["plan"] and before["plan"]["affordable"]:
        assert after["plan"]["affordable"]
        assert after["plan"]["months"] <= before["plan"]["months"]


@given(profiles, days)
@SETTINGS
def test_art70_path_only_for_credit_cards(profile, today):
    result = assess(profile, today=today)
    ids = [p["id"] for p in result["paths"]]
    if profile["product"] != "credit_card":
        assert "personalized_installment" not in ids
        for item in result["paths"]:
            assert "第七十条" not in item["why"] + item["title"]
    else:
        assert "loan_restructuring" not in ids
        assert "art70_credit_cards_only" not in [w["id"] for w in result["warnings"]]


@given(any_profile)
@SETTINGS
def test_no_forbidden_promise_anywhere(profile):
    text = json.dumps(assess(profile, today=TODAY), ensure_ascii=False)
    for phrase in FORBIDDEN:
        assert phrase not in text


@given(profiles, days)
@SETTINGS
def test_expired_policy_is_never_offered(profile, today):
    text = json.dumps(assess(profile, today=today), ensure_ascii=False)
    if today > REPAIR_DEADLINE:
        assert "就不再展示" not in text
