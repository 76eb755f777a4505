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
from guide_engine.calculator import MAX_MONTHS, calculate, plan_for_payment, prefill, shown
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


def test_the_page_is_given_every_figure_of_a_plan_written_for_people():
    got = calculate("months", 30000, 36, monthly_fee_rate=0.006)
    assert got["plan"] == repayment_plan(30000, 36, 0, 0.006)
    view = got["view"]
    assert {k: v for k, v in view.items() if k != "rows"} == {
        "intro": "3万 元，分 36 个月：",
        "principal": {"label": "要还的金额", "value": "3万 元"},
        "figures": [
            {"label": "期数", "value": "36 个月"},
            {"label": "算法", "value": "按每月手续费率"},
            {"label": "每月还款", "value": "1,013.33 元"},
            {"label": "还款总额", "value": "36,480 元"},
            {"label": "利息和手续费合计", "value": "6,480 元"},
            {"label": "最后一期", "value": "1,013.45 元（吸收四舍五入的零头）"},
            {
                "label": "实际年化利率",
                "value": "约 13.17%（手续费按最初的本金每月收取，实际成本比“月费率 × 12”高）",
            },
        ],
        "caption": "每期明细（元）",
        "columns": ["期", "还款", "本金", "手续费", "剩余本金"],
    }
    assert view["rows"][0] == ["1", "1,013.33", "833.33", "180.00", "29,166.67"]
    assert view["rows"][-1] == ["36", "1,013.45", "833.45", "180.00", "0.00"]
    assert len(view["rows"]) == 36


def test_a_whole_plan_has_no_dot_zero_zero_outside_its_table():
    view = calculate("months", 12000, 12)["view"]
    assert view["figures"] == [
        {"label": "期数", "value": "12 个月"},
        {"label": "算法", "value": "平均分期（没有利息）"},
        {"label": "每月还款", "value": "1,000 元"},
        {"label": "还款总额", "value": "1.2万 元"},
        {"label": "利息和手续费合计", "value": "0 元"},
    ]
    assert view["columns"][3] == "利息"
    assert view["rows"][0] == ["1", "1,000.00", "1,000.00", "0.00", "11,000.00"]


@pytest.mark.parametrize(
    ("question", "numbers", "plan"),
    [
        ("months", {"months": 24}, repayment_plan(30000, 24)),
        ("payment", {"monthly_payment": 1500}, plan_for_payment(30000, 1500)["plan"]),
    ],
)
def test_calculate_answers_each_question_through_the_bridge(question, numbers, plan):
    payload = json.dumps({"question": question, "principal": 30000, **numbers})
    reply = json.loads(bridge.dispatch("calculate", payload))
    assert reply == {"ok": True, "result": {"plan": plan, "view": shown(30000, plan)}}


def test_calculate_refuses_a_question_it_does_not_know_in_words():
    with pytest.raises(PlanError) as caught:
        calculate("比较", 30000, 24)
    assert str(caught.value) == "计算器没认出要算什么，请刷新页面后再试。"
