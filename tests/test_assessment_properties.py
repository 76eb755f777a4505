"""Hypothesis properties of assess(): schema, lawsuit first, capacity monotonic, Art. 70 only for cards, no promises."""

from __future__ import annotations

import datetime as dt
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from guide_engine import vocabulary
from guide_engine.assessment import FORBIDDEN, PATH_IDS, WARNING_IDS, assess
from guide_engine.facts import citation
from guide_engine.vocabulary import option_ids

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
SETTINGS = settings(max_examples=150, deadline=None)


def check_schema(result):
    assert set(result) == {
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
    json.loads(json.dumps(result))


@given(profiles, days)
@SETTINGS
def test_every_valid_profile_gives_a_valid_assessment(profile, today):
    result = assess(profile, today=today)
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


@given(profiles, days)
@SETTINGS
def test_no_forbidden_promise_anywhere(profile, today):
    text = json.dumps(assess(profile, today=today), ensure_ascii=False)
    for phrase in FORBIDDEN:
        assert phrase not in text


@given(profiles, days)
@SETTINGS
def test_expired_policy_is_never_offered(profile, today):
    text = json.dumps(assess(profile, today=today), ensure_ascii=False)
    if today > REPAIR_DEADLINE:
        assert "就不再展示" not in text
