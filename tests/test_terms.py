"""Terms by product: Art. 70 for cards only, loan caps from the original term, rates stated or estimated."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from guide_engine.household import PRODUCTS
from guide_engine.plans import repayment_plan
from guide_engine.terms import debt_terms, extension_cap, rules


def a_debt(**changes):
    base = {
        "lender": "other",
        "product": "consumer_loan",
        "balance": 12000,
        "overdue_days": 30,
        "monthly_due": None,
        "annual_rate": None,
        "original_term_months": None,
        "guarantor": False,
        "collateral": False,
        "court": None,
    }
    return {**base, **changes}


@pytest.mark.parametrize(
    ("original", "cap", "loan_class"),
    [
        (1, 1, "short"),
        (6, 6, "short"),
        (12, 12, "short"),
        (13, 6, "medium"),
        (24, 12, "medium"),
        (36, 18, "medium"),
        (60, 30, "medium"),
        (61, 36, "long"),
        (360, 36, "long"),
    ],
)
def test_loan_extension_cap_follows_the_original_term(original, cap, loan_class):
    months, found = extension_cap(original)
    assert (months, found["id"]) == (cap, loan_class)


@pytest.mark.parametrize(
    ("product", "original", "kind", "cap", "source_id"),
    [
        ("credit_card", None, "art70", 60, "cc_measures_art70"),
        ("credit_card", 12, "art70", 60, "cc_measures_art70"),
        ("consumer_loan", 12, "loan_extension", 12, "loan_rules_art12"),
        ("consumer_loan", 36, "loan_extension", 18, "loan_rules_art12"),
        ("business_loan", 24, "loan_extension", 12, "loan_rules_art12"),
        ("consumer_loan", None, "loan_extension", None, "loan_rules_art12"),
        ("consumer_credit", None, "lender_decides", None, "cc_measures_art70"),
        ("consumer_credit", 12, "lender_decides", None, "cc_measures_art70"),
        ("other", 12, "lender_decides", None, "civil_code_art678"),
    ],
)
def test_cap_by_product(product, original, kind, cap, source_id):
    result = debt_terms(a_debt(product=product, original_term_months=original), 0, "negotiate", 800)
    assert (result["kind"], result["term_months_max"], result["source_id"]) == (
        kind,
        cap,
        source_id,
    )


def test_sixty_months_is_offered_only_for_cards():
    for product in PRODUCTS:
        for original in (None, 12, 60, 120):
            result = debt_terms(
                a_debt(product=product, original_term_months=original), 0, "negotiate", 100
            )
            if product != "credit_card":
                assert result["term_months_max"] != 60


def test_unknown_loan_term_gives_no_number_of_periods():
    result = debt_terms(a_debt(), 0, "negotiate", 800)
    assert result["term_months_max"] is None and result["fits"] is None
    assert result["text"] == rules()["by_product"]["consumer_loan"]["unknown"]
    assert "期数由贷款机构决定" in result["text"] and "期数最终由贷款机构决定" in result["fit_text"]


def test_consumer_credit_is_not_a_bank_card():
    text = debt_terms(a_debt(product="consumer_credit"), 0, "negotiate", 800)["text"]
    assert "不是银行信用卡" in text and "不适用" in text


def test_loan_wording_carries_the_sheets_caveats():
    short = debt_terms(a_debt(original_term_months=12), 0, "negotiate", 800)["text"]
    medium = debt_terms(a_debt(original_term_months=24), 0, "negotiate", 800)["text"]
    assert "由贷款机构决定" in short and "部分内容已经过时" in short
    assert rules()["personal"]["text"] not in short
    assert rules()["personal"]["text"] in medium


def test_stated_rate_plan_is_whole():
    result = debt_terms(a_debt(product="credit_card", annual_rate=0.12), 0, "negotiate", 1100)
    expected = repayment_plan(12000, 12, annual_rate=0.12)
    assert result["months_needed"] == 12
    assert result["plan"] == {
        "months": 12,
        "monthly_payment": expected["monthly_payment"],
        "total_paid": expected["total_paid"],
        "annual_rate": 0.12,
        "basis": "stated",
        "label": rules()["settings"]["stated_label"],
        "within_offer": True,
    }
    assert result["floor_plan"] is None and result["fits"] is True
    assert result["fit_text"] == "按每月能拿出的这笔钱，大约 12 个月还清，在上限 60 个月以内。"


def test_no_rate_gives_the_floor_and_an_estimate_with_its_basis():
    result = debt_terms(a_debt(product="credit_card"), 0, "negotiate", 1000)
    settings = rules()["settings"]
    assert (result["months_needed_floor"], result["floor_plan"]["monthly_payment"]) == (12, 1000.0)
    assert result["floor_plan"]["label"] == settings["floor_label"]
    assert result["plan"]["basis"] == "estimate"
    assert result["plan"]["annual_rate"] == settings["estimate_rate"]
    assert result["plan"]["label"] == settings["estimate_basis"]
    assert result["months_needed"] > result["months_needed_floor"]


def test_over_the_cap_shows_the_instalment_at_the_cap():
    result = debt_terms(a_debt(original_term_months=6, annual_rate=0.1), 0, "negotiate", 500)
    assert (result["fits"], result["months_needed"]) == (False, None)
    assert (result["plan"]["months"], result["plan"]["within_offer"]) == (6, False)
    assert result["plan"]["monthly_payment"] == repayment_plan(12000, 6, 0.1)["monthly_payment"]
    assert result["fit_text"].startswith("按每月能拿出的这笔钱，6 个月内还不清")


def test_nothing_offered_says_so():
    result = debt_terms(a_debt(product="credit_card"), 0, "budget_first", 0.0)
    assert (result["months_needed"], result["fits"]) == (None, False)
    assert result["fit_text"] == rules()["settings"]["nothing_offered"]


@pytest.mark.parametrize("product", ["mortgage", "car_loan"])
def test_home_and_car_loans_are_kept_current(product):
    result = debt_terms(a_debt(product=product, monthly_due=3000), 0, "keep_current", None)
    assert (result["kind"], result["term_months_max"], result["plan"]) == (
        "keep_current",
        None,
        None,
    )
    assert result["text"] == rules()["by_product"][product]["text"]


def test_a_guaranteed_loan_kept_current_says_its_payment_is_set_aside():
    debt = a_debt(guarantor=True, monthly_due=900, original_term_months=12)
    result = debt_terms(debt, 0, "keep_current", None)
    assert result["kind"] == "keep_current"
    assert result["text"] == rules()["settings"]["kept_current"].replace("{due}", "900")


def test_a_mortgage_at_court_is_not_told_to_keep_paying_by_contract():
    result = debt_terms(a_debt(product="mortgage", monthly_due=3000), 0, "court", 500)
    assert result["text"] == rules()["settings"]["court_secured"]


@given(
    balance=st.decimals(min_value="0.01", max_value=500_000, places=2),
    offer=st.decimals(min_value=0, max_value=50_000, places=2),
    product=st.sampled_from(["credit_card", "consumer_loan", "business_loan", "consumer_credit"]),
    original=st.one_of(st.none(), st.integers(min_value=1, max_value=600)),
    rate=st.one_of(st.none(), st.decimals(min_value=0, max_value=1, places=4)),
)
def test_plans_fit_the_offer_and_the_cap_and_money_is_never_negative(
    balance, offer, product, original, rate
):
    debt = a_debt(
        product=product,
        balance=float(balance),
        original_term_months=original,
        annual_rate=None if rate is None else float(rate),
    )
    result = debt_terms(debt, 0, "negotiate", float(offer))
    for plan in (result["plan"], result["floor_plan"]):
        if plan:
            assert plan["monthly_payment"] >= 0 and plan["total_paid"] >= 0
            if plan["within_offer"]:
                assert plan["monthly_payment"] <= float(offer)
    if result["fits"]:
        assert result["months_needed"] <= result["term_months_max"]
    if result["term_months_max"] is None:
        assert result["fits"] is None
