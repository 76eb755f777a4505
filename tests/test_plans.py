"""The repayment-plan calculator against hand-computed figures, its invariants and its bad inputs."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from guide_engine.errors import GuideError
from guide_engine.plans import months_needed, repayment_plan


def D(x: float) -> Decimal:
    return Decimal(str(x))


# Hand-computed figures.
#  * 12000 over 12 months, no rate: 12000 / 12 = 1000.00 exactly, total 12000.00.
#  * 100 over 3: 33.333… → 33.33, 33.33, last 100 − 66.66 = 33.34.
#  * Annuity 10000 at 12 %/year over 12 months: r = 0.01, payment = 100 / (1 − 1.01^−12)
#    = 100 / 0.1125508 = 888.4879 → 888.49. Month-by-month (interest = balance × 1 %, rounded to
#    the fen): 100.00, 92.12, 84.15, 76.11, 67.98, 59.78, 51.49, 43.12, 34.67, 26.13, 17.51, 8.80
#    = 661.86 interest in all; the last month pays the remaining 879.67 + 8.80 = 888.47.
#    Total 11 × 888.49 + 888.47 = 10661.86. (The often quoted 10661.85 is 12 × the unrounded
#    888.4879; a real schedule rounds each month's interest to the fen, which gives 10661.86.)
#  * Flat fee 0.6 %/month on 10000 over 12 months: fee 60.00 a month, principal 833.33 a month
#    (last 833.37), payment 893.33, total 10720.00, cost 720.00.
@pytest.mark.parametrize(
    "args, method, monthly, total, cost, last_payment",
    [
        ((12000, 12), "equal", 1000.00, 12000.00, 0.00, 1000.00),
        ((100, 3), "equal", 33.33, 100.00, 0.00, 33.34),
        ((10000, 12, 0.12), "annuity", 888.49, 10661.86, 661.86, 888.47),
        ((10000, 12, 0.0, 0.006), "flat_fee", 893.33, 10720.00, 720.00, 893.37),
        ((50000, 60), "equal", 833.33, 50000.00, 0.00, 833.53),
        ((1, 1), "equal", 1.00, 1.00, 0.00, 1.00),
    ],
)
def test_hand_computed_plans(args, method, monthly, total, cost, last_payment):
    plan = repayment_plan(*args)
    assert plan["method"] == method
    assert plan["monthly_payment"] == monthly
    assert plan["total_paid"] == total
    assert plan["total_cost"] == cost
    assert plan["schedule"][-1]["payment"] == last_payment
    assert plan["schedule"][-1]["balance"] == 0.0
    assert len(plan["schedule"]) == args[1]


def test_annuity_interest_column_by_hand():
    plan = repayment_plan(10000, 12, 0.12)
    assert [row["interest"] for row in plan["schedule"]] == [
        100.00,
        92.12,
        84.15,
        76.11,
        67.98,
        59.78,
        51.49,
        43.12,
        34.67,
        26.13,
        17.51,
        8.80,
    ]
    assert plan["schedule"][0] == {
        "month": 1,
        "payment": 888.49,
        "principal": 788.49,
        "interest": 100.00,
        "balance": 9211.51,
    }
    assert plan["effective_annual_rate"] == 0.12


def test_flat_fee_effective_rate_is_about_double_the_quoted_rate():
    plan = repayment_plan(10000, 12, 0.0, 0.006)
    # 0.6 %/month quoted = 7.2 %/year "on paper"; the IRR-based APR is about 13.03 %.
    assert 0.130 < plan["effective_annual_rate"] < 0.131
    assert plan["effective_annual_rate_compounded"] > plan["effective_annual_rate"]
    assert repayment_plan(1000, 10)["effective_annual_rate"] == 0.0


@given(
    principal=st.decimals(min_value="0.01", max_value="10000000", places=2).map(float),
    months=st.integers(1, 600),
    kind=st.sampled_from(["equal", "annuity", "fee"]),
    rate=st.floats(0.0001, 0.5),
)
@settings(max_examples=150, deadline=None)
def test_schedule_sums_exactly(principal, months, kind, rate):
    annual, fee = (
        (rate, 0.0) if kind == "annuity" else ((0.0, rate / 10) if kind == "fee" else (0.0, 0.0))
    )
    try:
        plan = repayment_plan(principal, months, annual, fee)
    except GuideError as exc:
        assert exc.code == "invalid_plan" and "减少期数" in exc.message
        return
    rows = plan["schedule"]
    assert [row["month"] for row in rows] == list(range(1, months + 1))
    assert sum(D(r["payment"]) for r in rows) == D(plan["total_paid"])
    assert sum(D(r["principal"]) for r in rows) == D(principal)
    assert D(plan["total_paid"]) - D(principal) == D(plan["total_cost"])
    assert all(D(r["payment"]) == D(r["principal"]) + D(r["interest"]) for r in rows)
    assert all(r["payment"] > 0 and r["principal"] >= 0 for r in rows)
    assert rows[-1]["balance"] == 0.0
    for row in rows:
        assert D(row["payment"]) == D(row["payment"]).quantize(Decimal("0.01"))


@pytest.mark.parametrize(
    "args",
    [
        (0, 12),
        (-5, 12),
        (1e9 + 1, 12),
        (float("nan"), 12),
        (float("inf"), 12),
        (True, 12),
        ("1000", 12),
        (1000, 0),
        (1000, 601),
        (1000, 12.5),
        (1000, True),
        (1000, "12"),
        (1000, float("nan")),
        (1000, 12, -0.01),
        (1000, 12, float("nan")),
        (1000, 12, 1.5),
        (1000, 12, True),
        (1000, 12, 0.0, -0.001),
        (1000, 12, 0.0, 0.2),
        (1000, 12, 0.0, float("inf")),
        (1000, 12, 0.1, 0.005),  # both rates at once
        (1, 600),  # too small to split into 600 fen-rounded instalments
    ],
)
def test_bad_input_raises_guide_error_in_chinese(args):
    with pytest.raises(GuideError) as info:
        repayment_plan(*args)
    assert info.value.code == "invalid_plan"
    assert any("\u4e00" <= ch <= "\u9fff" for ch in info.value.message)


def test_integral_float_months_accepted():
    assert repayment_plan(1200, 12.0)["monthly_payment"] == 100.0


@pytest.mark.parametrize(
    "principal, capacity, rate, max_months, expected",
    [
        (12000, 1000, 0, 60, 12),
        (12000, 999.99, 0, 60, 13),
        (12000, 12000, 0, 60, 1),
        (12000, 200, 0, 60, 60),
        (12000, 199.99, 0, 60, None),
        (12000, 0, 0, 60, None),
        (12000, -50, 0, 60, None),
        (10000, 888.49, 0.12, 60, 12),  # the last instalment 888.47 also fits
        (10000, 888.48, 0.12, 60, 13),
        (12000, 100, 0, 120, 120),
        (12000, float("inf"), 0, 60, 1),
    ],
)
def test_months_needed(principal, capacity, rate, max_months, expected):
    assert months_needed(principal, capacity, rate, max_months) == expected


@given(
    principal=st.decimals(min_value="1", max_value="1000000", places=2).map(float),
    low=st.floats(0, 50000),
    extra=st.floats(0, 50000),
    rate=st.sampled_from([0.0, 0.05, 0.18]),
)
@settings(max_examples=150, deadline=None)
def test_more_capacity_never_needs_more_months(principal, low, extra, rate):
    a = months_needed(principal, low, rate)
    b = months_needed(principal, low + extra, rate)
    if a is not None:
        assert b is not None and b <= a
        plan = repayment_plan(principal, a, rate)
        assert max(r["payment"] for r in plan["schedule"]) <= low


def test_months_needed_bad_input():
    for args in [
        (0, 100),
        (1000, "100"),
        (1000, True),
        (1000, 100, -1),
        (1000, 100, 0, 0),
        (1000, 100, 0, 601),
    ]:
        with pytest.raises(GuideError):
            months_needed(*args)
