"""validate_household: the version-2 profile, every problem at once naming the debt, version 1 mapped."""

from __future__ import annotations

import datetime as dt

import pytest
from households import debt, household
from profiles import profile as single_profile

from guide_engine.errors import InvalidProfile
from guide_engine.household import MAX_DEBTS, from_single_debt, validate_household
from guide_engine.profile import validate_profile

TODAY = dt.date(2026, 12, 1)


def problems(value, today=TODAY):
    with pytest.raises(InvalidProfile) as caught:
        validate_household(value, today=today)
    return caught.value


def test_valid_household_is_normalised_with_every_key():
    result = validate_household(household(), today=TODAY)
    assert result == {
        "version": 2,
        "household": {
            "monthly_income": 8000,
            "essential_expenses": 4500,
            "essential_breakdown": None,
            "other_debt_payments": 0,
        },
        "debts": [
            {
                "lender": "citic",
                "product": "credit_card",
                "balance": 30000,
                "overdue_days": 45,
                "monthly_due": None,
                "annual_rate": None,
                "original_term_months": None,
                "guarantor": False,
                "collateral": False,
                "court": None,
            },
            {
                "lender": "mybank",
                "product": "consumer_loan",
                "balance": 20000,
                "overdue_days": 30,
                "monthly_due": None,
                "annual_rate": None,
                "original_term_months": 12,
                "guarantor": False,
                "collateral": False,
                "court": None,
            },
        ],
        "hardship": ["job_loss"],
        "hardship_proof": True,
        "willing_to_repay": True,
        "contacted_bank": False,
        "failed_attempts": 0,
        "abusive_collection": False,
        "paid_agent": False,
    }


def test_input_is_not_mutated():
    original = household()
    snapshot = household()
    validate_household(original, today=TODAY)
    assert original == snapshot


def test_essential_expenses_by_category_are_summed_and_kept():
    result = validate_household(
        household(
            household={
                "monthly_income": 8000,
                "essential_expenses": {"housing": 2000, "food": 1500.5, "parents": 500},
            }
        ),
        today=TODAY,
    )
    assert result["household"]["essential_expenses"] == 4000.5
    assert result["household"]["essential_breakdown"] == {
        "housing": 2000,
        "food": 1500.5,
        "parents": 500,
    }


def test_court_dates_are_normalised_to_iso():
    court = {"stage": "complaint", "received": " 2026-11-20 ", "hearing": "2026-12-28"}
    result = validate_household(household(debts=[debt(court=court)]), today=TODAY)
    assert result["debts"][0]["court"] == {
        "stage": "complaint",
        "received": "2026-11-20",
        "hearing": "2026-12-28",
    }


@pytest.mark.parametrize(
    ("changes", "field", "label"),
    [
        ({"debts": [debt(court={"stage": "传票", "received": "2026-11-20"})]},
         "debts[0].court.stage", "第 1 笔欠款的法院文书"),
        ({"debts": [debt(court={"stage": "summons", "received": "前天"})]},
         "debts[0].court.received", "第 1 笔欠款的收到文书的日期"),
        ({"hardship_proof": "有"}, "hardship_proof", "能提供困难证明"),
        ({"contacted_bank": "联系过"}, "contacted_bank", "已联系过银行"),
    ],
)  # fmt: skip
def test_a_problem_names_the_field_as_the_review_screen_labels_it(changes, field, label):
    error = problems(household(**changes))
    assert [(e["field"], e["label"]) for e in error.details["errors"]] == [(field, label)]


def test_every_problem_is_reported_at_once_naming_the_debt():
    bad = household(
        household={"monthly_income": -1, "essential_expenses": {"rent": 100, "food": "多"}},
        debts=[
            debt(),
            debt(lender="icbc", balance=0, overdue_days=1.5, annual_rate=18),
            debt(product="mortgage", court={"stage": "judgment", "received": "明天"}),
        ],
        willing_to_repay="yes",
        sue=True,
    )
    error = problems(bad)
    assert [(e["field"], e["label"]) for e in error.details["errors"]] == [
        ("sue", "不认识的项目"),
        ("household.monthly_income", "家庭每月收入"),
        ("household.essential_expenses.rent", "家庭每月必要开支里不认识的类别"),
        ("household.essential_expenses.food", "家庭每月必要开支中的“吃饭”"),
        ("debts[1].lender", "第 2 笔欠款的贷款机构"),
        ("debts[1].balance", "第 2 笔欠款的欠款余额"),
        ("debts[1].overdue_days", "第 2 笔欠款的逾期天数"),
        ("debts[1].annual_rate", "第 2 笔欠款的年利率"),
        ("debts[2].court.received", "第 3 笔欠款的收到文书的日期"),
        ("debts[2].monthly_due", "第 3 笔欠款的每月应还"),
        ("willing_to_repay", "愿意还款"),
    ]
    assert error.message.startswith("资料有 11 处需要修改：\n- 不认识的项目：")
    assert "- 第 2 笔欠款的年利率：应写成小数，在 0 到 1 之间（18% 写 0.18），现在是 18" in (
        error.message
    )


@pytest.mark.parametrize(
    "value",
    [None, 3, "a", [], {"x": 1}, float("nan"), float("inf"), True],
    ids=repr,
)
def test_messages_never_show_python_words(value):
    bad = household(debts=[debt(balance=value, court=value)], hardship_proof=value)
    message = problems(bad).message
    for word in ("None", "nan", "inf", "True", "False", "debts[", "balance", "dict", "NoneType"):
        assert word not in message


@pytest.mark.parametrize(
    ("debts", "message"),
    [
        ([], "至少要填一笔欠款"),
        ("card", "应为一笔笔欠款的列表，现在是文字"),
        ([debt()] * (MAX_DEBTS + 1), f"最多填 {MAX_DEBTS} 笔，现在有 {MAX_DEBTS + 1} 笔"),
    ],
)
def test_the_number_of_debts_is_one_to_twenty(debts, message):
    assert problems(household(debts=debts)).details["errors"] == [
        {"field": "debts", "label": "欠款", "message": message}
    ]


def test_twenty_debts_are_accepted():
    assert len(validate_household(household(debts=[debt()] * MAX_DEBTS))["debts"]) == MAX_DEBTS


@pytest.mark.parametrize(
    ("court", "field", "message"),
    [
        ({"stage": "complaint", "received": "2026-12-02"}, "received", "不能晚于今天"),
        (
            {"stage": "summons", "received": "2026-11-20", "hearing": "2026-11-19"},
            "hearing",
            "不能早于收到文书的日期",
        ),
        (
            {"stage": "payment_order", "received": "2026-11-20", "hearing": "2026-12-10"},
            "hearing",
            "支付令上没有开庭日期，请不要填",
        ),
        ({"stage": "appeal", "received": "2026-11-20"}, "stage", None),
        ({"stage": "judgment"}, "received", "还没有填"),
    ],
)
def test_court_papers_are_checked(court, field, message):
    errors = problems(household(debts=[debt(court=court)])).details["errors"]
    assert [e["field"] for e in errors] == [f"debts[0].court.{field}"]
    if message:
        assert errors[0]["message"] == message


def test_received_date_in_the_future_is_allowed_without_today():
    court = {"stage": "complaint", "received": "2027-01-05"}
    assert validate_household(household(debts=[debt(court=court)]))["debts"][0]["court"]


@pytest.mark.parametrize("product", ["mortgage", "car_loan"])
def test_home_and_car_loans_need_their_monthly_payment(product):
    errors = problems(household(debts=[debt(product=product)])).details["errors"]
    assert [e["field"] for e in errors] == ["debts[0].monthly_due"]
    ok = validate_household(household(debts=[debt(product=product, monthly_due=3000)]))
    assert ok["debts"][0]["monthly_due"] == 3000


def test_consumer_credit_is_a_product_of_its_own():
    result = validate_household(household(debts=[debt(lender="other", product="consumer_credit")]))
    assert result["debts"][0]["product"] == "consumer_credit"


@pytest.mark.parametrize("value", [True, 1.5, -1, 601, "12"])
def test_original_term_is_a_whole_number_of_months(value):
    errors = problems(household(debts=[debt(original_term_months=value)])).details["errors"]
    assert [e["label"] for e in errors] == ["第 1 笔欠款的原借款期限（月）"]


def test_unknown_version_is_refused():
    errors = problems(household(version=3)).details["errors"]
    assert errors == [
        {"field": "version", "label": "资料版本", "message": "只认识第 2 版，现在是 3"}
    ]


def test_not_a_dict_is_refused_in_words():
    assert problems(["x"]).details["errors"] == [
        {"field": "", "label": "资料", "message": "应为一组内容，现在是列表"}
    ]


def test_single_debt_profile_maps_to_one_debt():
    result = validate_household(single_profile(sued=True, bank="xwbank", product="consumer_loan"))
    assert result == {
        "version": 2,
        "household": {
            "monthly_income": 6000,
            "essential_expenses": 3500,
            "essential_breakdown": None,
            "other_debt_payments": 500,
        },
        "debts": [
            {
                "lender": "xwbank",
                "product": "consumer_loan",
                "balance": 30000,
                "overdue_days": 45,
                "monthly_due": None,
                "annual_rate": None,
                "original_term_months": None,
                "guarantor": False,
                "collateral": False,
                "court": {"stage": "complaint", "received": None, "hearing": None},
            }
        ],
        "hardship": ["job_loss"],
        "hardship_proof": True,
        "willing_to_repay": True,
        "contacted_bank": True,
        "failed_attempts": 0,
        "abusive_collection": False,
        "paid_agent": False,
    }


def test_single_debt_profile_without_lawsuit_has_no_court():
    assert from_single_debt(validate_profile(single_profile()))["debts"][0]["court"] is None


def test_bad_single_debt_profile_is_reported_by_the_version_one_gate():
    with pytest.raises(InvalidProfile) as caught:
        validate_household(single_profile(debt_total=-5))
    assert [e["field"] for e in caught.value.details["errors"]] == ["debt_total"]


def test_single_debt_profile_missing_its_total_is_still_read_as_version_one():
    changed = single_profile()
    del changed["debt_total"]
    with pytest.raises(InvalidProfile) as caught:
        validate_household(changed)
    assert [e["field"] for e in caught.value.details["errors"]] == ["debt_total"]


def test_only_shared_fields_are_read_as_version_two():
    errors = problems({"willing_to_repay": True}).details["errors"]
    assert [e["field"] for e in errors] == ["household", "debts"]
