"""Reading numbers the way people type them: one reader (guide_engine.text.read_number) for the
wizard, the calculator and the letter, and the calculator's and letter's fields refusing in words
that name the field as the page labels it."""

from __future__ import annotations

import json
import re
from decimal import Decimal

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import guide_engine as ge
from guide_engine import bridge, number_fields
from guide_engine.errors import GuideError, InvalidAnswer
from guide_engine.text import Unreadable, read_number

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.parametrize(
    "text, unit, value",
    [
        ("5.2万", "元", Decimal("52000")),
        ("五万二", "元", Decimal("52000")),
        ("3000元", "元", Decimal("3000")),
        ("８个月", "个月", Decimal("8")),
        ("6%", "%", Decimal("6")),
        ("1,200.50", "元", Decimal("1200.50")),
        ("３０００", "元", Decimal("3000")),
        ("三千五", "元", Decimal("3500")),
        ("一百零五", "天", Decimal("105")),
        ("十二", "个月", Decimal("12")),
        ("两万", "元", Decimal("20000")),
        ("5万2千", "元", Decimal("52000")),
        ("1亿2000万", "元", Decimal("120000000")),
        ("约3千块", "元", Decimal("3000")),
        ("90天", "天", Decimal("90")),
        ("0", "天", Decimal("0")),
        ("-5", "元", Decimal("-5")),
        (" 52 000 ", "元", Decimal("52000")),
    ],
)
def test_a_number_as_people_type_it_is_read(text, unit, value):
    assert read_number(text, unit) == value


@pytest.mark.parametrize(
    "text, unit, other",
    [
        ("abc", "元", ""),
        ("", "元", ""),
        ("万", "元", ""),
        ("一二", "元", ""),
        ("5..2", "元", ""),
        ("1e5", "元", ""),
        ("1,2", "元", ""),
        ("nan", "元", ""),
        ("2年", "天", "年"),
        ("3个月", "天", "个月"),
    ],
)
def test_what_is_not_a_number_is_unreadable(text, unit, other):
    with pytest.raises(Unreadable) as caught:
        read_number(text, unit)
    assert caught.value.unit == other


@given(st.text(max_size=60))
def test_any_text_reads_as_a_number_or_is_unreadable(text):
    try:
        value = read_number(text, "元")
    except Unreadable:
        return
    assert value.is_finite()


CALC = {field.name: field for field in number_fields.CALCULATOR}


@given(st.sampled_from(sorted(CALC)), st.text(max_size=30))
@example("monthly_payment", ".01")  # the smallest amount: a float 0.01 is a hair above 0.01
def test_any_text_in_a_calculator_field_is_a_number_in_range_or_a_chinese_refusal(name, text):
    field = CALC[name]
    try:
        value = number_fields.read_field(field, text)
    except GuideError as exc:
        assert CJK.search(exc.message) and f"“{field.label}”" in exc.message
        assert not re.search(r"None|nan|\b[a-z]+_[a-z_]+\b|float|int\b|str\b", exc.message)
        assert exc.details == {"field": name}
        return
    typed = Decimal(str(value)) / Decimal(field.scale)
    # compared as the engine compares them: the limits written as decimals, not as floats
    assert Decimal(str(field.minimum)) <= typed <= Decimal(str(field.maximum))


def numbers(form, values):
    return json.loads(bridge.dispatch("numbers", json.dumps({"form": form, "values": values})))


def test_the_calculator_reads_its_fields_through_the_bridge():
    reply = numbers(
        "calculator",
        {"principal": "5.2万", "months": "８个月", "annual_rate": "6%", "monthly_fee_rate": ""},
    )
    assert reply == {
        "ok": True,
        "result": {
            "values": {"principal": 52000, "months": 8, "annual_rate": 0.06, "monthly_fee_rate": 0},
            "checks": [],
        },
    }


@pytest.mark.parametrize(
    "form, values, code, field, message",
    [
        (
            "calculator",
            {"principal": "很多"},
            "not_a_number",
            "principal",
            "“要分期还的金额”没看懂，请只填数字，例如 52000、5.2万 或 五万二。",
        ),
        ("calculator", {"principal": ""}, "not_a_number", "principal",
         "请填写“要分期还的金额”，例如 52000、5.2万 或 五万二。"),
        ("calculator", {"months": "2年"}, "not_a_number", "months",
         "“分多少个月还”要按“个月”填，请换算一下，例如 36。"),
        ("calculator", {"months": "700"}, "out_of_range", "months",
         "“分多少个月还”要在 1 个月 到 600 个月 之间，你填的是 700 个月。"),
        ("calculator", {"months": "3.5"}, "not_an_integer", "months", "“分多少个月还”请填整数，例如 36。"),
        ("letter", {"debt_total": "一些"}, "not_a_number", "debt_total",
         "“欠款总额”没看懂，请只填数字，例如 52000、5.2万 或 五万二。"),
        ("letter", {"overdue_days": "-3"}, "out_of_range", "overdue_days",
         "“逾期天数”要在 0 天 到 36,500 天 之间，你填的是 -3 天。"),
    ],
)  # fmt: skip
def test_a_field_that_cannot_be_read_is_refused_naming_it(form, values, code, field, message):
    assert numbers(form, values) == {
        "ok": False,
        "error": {"code": code, "message": message, "details": {"field": field}},
    }


@pytest.mark.parametrize(
    "form, values, checks",
    [
        ("calculator", {"months": "72"},
         {"months": "确定吗？“分多少个月还”填的是 72 个月，一般在 60 个月 以内。没填错的话可以不改。"}),
        ("calculator", {"months": "12", "annual_rate": "100%"},
         {"annual_rate": "确定吗？“年利率”填的是 100%，一般在 24% 以内。没填错的话可以不改。"}),
        ("letter", {"overdue_days": "36500"},
         {"overdue_days": "确定吗？“逾期天数”填的是 36,500 天，一般在 3,650 天 以内。没填错的话可以不改。"}),
        ("letter", {"overdue_days": "90", "debt_total": "5.2万"}, {}),
    ],
)  # fmt: skip
def test_an_unusual_value_is_accepted_with_a_question(form, values, checks):
    reply = numbers(form, values)
    assert reply["ok"] is True
    assert {c["field"]: c["message"] for c in reply["result"]["checks"]} == checks


@pytest.mark.parametrize(
    "typed, stored", [("五万二", 52000), ("5.2万", 52000), ("3000元", 3000), ("1,200.50", 1200.5)]
)
def test_the_wizard_reads_a_typed_amount_with_the_same_reader(typed, stored):
    state = ge.start("self_assessment")
    for value in (False, "citic", "credit_card"):
        state = ge.answer(state, value)
    assert ge.answer(state, typed)["groups"]["debts"]["items"][0]["balance"] == stored


@pytest.mark.parametrize(
    "typed, message",
    [
        ("很多", "没看懂“很多”，请只填数字（可以写 5.2万 或 五万二）。请输入 1 到 100000000 之间的数字（单位：元）。"),
        ("", "这一格还空着。请输入 1 到 100000000 之间的数字（单位：元）。"),
        ("3年", "这里要按“元”填，请换算一下。请输入 1 到 100000000 之间的数字（单位：元）。"),
    ],
)  # fmt: skip
def test_the_wizard_says_what_to_type_instead(typed, message):
    state = ge.start("self_assessment")
    for value in (False, "citic", "credit_card"):
        state = ge.answer(state, value)
    with pytest.raises(InvalidAnswer) as caught:
        ge.answer(state, typed)
    assert (caught.value.code, caught.value.message) == ("not_a_number", message)
