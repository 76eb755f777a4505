"""The ``when`` mini-language: what is accepted, what it means, and what is refused at load time."""

from __future__ import annotations

import pytest

from guide_engine import FlowError, parse_flow
from guide_engine.conditions import evaluate, holds, names, parse

# expression, values, expected three-valued result (None = unknown)
EVALUATIONS = [
    ('product == "credit_card"', {"product": "credit_card"}, True),
    ('product == "credit_card"', {"product": "consumer_loan"}, False),
    ('product != "credit_card"', {"product": "consumer_loan"}, True),
    (
        'product == "credit_card" and overdue_days >= 90',
        {"product": "credit_card", "overdue_days": 90},
        True,
    ),
    (
        'product == "credit_card" and overdue_days >= 90',
        {"product": "credit_card", "overdue_days": 89},
        False,
    ),
    ('"illness" in hardship', {"hardship": ["illness", "job_loss"]}, True),
    ('"illness" in hardship', {"hardship": []}, False),
    ('"illness" not in hardship', {"hardship": []}, True),
    ('product in ["credit_card", "other"]', {"product": "other"}, True),
    ('product in ("credit_card", "other")', {"product": "business_loan"}, False),
    ("hardship != []", {"hardship": ["other"]}, True),
    ("hardship == []", {"hardship": []}, True),
    ("sued", {"sued": True}, True),
    ("not sued", {"sued": True}, False),
    ("hardship", {"hardship": []}, False),
    ("0 < days <= 10", {"days": 10}, True),
    ("0 < days <= 10", {"days": 0}, False),
    ("days > -1", {"days": 0}, True),
    ("income >= 2.5", {"income": 2.5}, True),
    ("days > 1 and\n    days < 5", {"days": 3}, True),
    ("note == None", {"note": None}, True),
    ("a or b", {"a": False, "b": True}, True),
    ("a and not b", {"a": True, "b": False}, True),
    ("(a or b) and c", {"a": True, "b": False, "c": False}, False),
    ("sued == True", {"sued": True}, True),
    ("count == 1", {"count": True}, False),
    ('name < "m"', {"name": "a"}, True),
]

UNKNOWN = [
    ("days > 3", {}, None),
    ("not days > 3", {}, None),
    ("sued", {}, None),
    ("days > 3 or sued", {"sued": True}, True),
    ("days > 3 and sued", {"sued": False}, False),
    ("days > 3 and sued", {"sued": True}, None),
    ('days < "a"', {"days": 3}, None),
    ('"x" in days', {"days": 3}, None),
]

REFUSED = [
    ("x.y == 1", "属性访问"),
    ("len(x) > 1", "函数调用"),
    ("__import__('os')", "函数调用"),
    ("x[0] == 1", "下标"),
    ("(lambda: 1) == 1", "lambda"),
    ("[i for i in x] == []", "推导式"),
    ("{i for i in x} == 1", "推导式"),
    ("(i for i in x) == 1", "生成器"),
    ("import os", "语法错误"),
    ("x = 1", "语法错误"),
    ("__class__ == 1", "下划线"),
    ("_private", "下划线"),
    ("x is None", "比较运算"),
    ("x + 1 > 2", "算术运算"),
    ("a if b else c", "条件表达式"),
    ("(y := 1)", "赋值表达式"),
    ("{1: 2} == x", "字典"),
    ("{1} == x", "集合"),
    ('f"{x}" == x', "f 字符串"),
    ("x == [y]", "常量"),
    ("x == -y", "负号"),
    ("x in [1, [2]]", "常量"),
    ("x == 1e999", "常量"),
    ("x == b'a'", "常量"),
    ("x == 1j", "常量"),
    ("x == ...", "常量"),
    ("~x", "UnaryOp"),
    ("", "空的"),
    ("   ", "空的"),
    ("x ==", "语法错误"),
    ("x == 1\0", "控制字符"),
    ("a or " * 100 + "b", "太长"),
]


@pytest.mark.parametrize(("expression", "values", "expected"), EVALUATIONS)
def test_accepted_expression_evaluates_as_written(expression, values, expected):
    assert evaluate(parse(expression), values) is expected


@pytest.mark.parametrize(("expression", "values", "expected"), UNKNOWN)
def test_unanswered_or_mismatched_fields_make_the_condition_unknown_not_a_crash(
    expression, values, expected
):
    assert evaluate(expression, values) is expected


@pytest.mark.parametrize(
    ("expression", "values", "_expected"), [u for u in UNKNOWN if u[2] is None]
)
def test_an_unknown_condition_does_not_hold(expression, values, _expected):
    assert holds(parse(expression), values) is False


def test_no_condition_always_holds():
    assert holds(None, {}) is True


@pytest.mark.parametrize(("expression", "why"), REFUSED)
def test_refused_construct_raises_flow_error_saying_why(expression, why):
    with pytest.raises(FlowError) as caught:
        parse(expression, where="问卷 t 的问题 q")
    assert why in caught.value.message
    assert caught.value.message.startswith("问卷 t 的问题 q")


@pytest.mark.parametrize("value", [None, 1, True, ["x"]])
def test_a_condition_that_is_not_text_is_refused(value):
    with pytest.raises(FlowError):
        parse(value)


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ('product == "credit_card" and overdue_days >= 90', {"product", "overdue_days"}),
        ('"illness" in hardship', {"hardship"}),
        ("not sued or sued", {"sued"}),
        ("1 < 2", set()),
    ],
)
def test_names_lists_every_field_read(expression, expected):
    assert names(expression) == expected


@pytest.mark.parametrize(
    ("expression", "why"), [r for r in REFUSED if r[0].strip() and "\0" not in r[0]][:12]
)
def test_a_flow_with_a_refused_condition_fails_to_load_naming_flow_question_and_text(
    expression, why
):
    toml = f"""
id = "demo"
version = 1
title = "演示"

[[questions]]
id = "x"
text = "问题"
kind = "yesno"

[[questions]]
id = "q2"
text = "问题二"
kind = "yesno"
when = '''{expression}'''
default = false
"""
    with pytest.raises(FlowError) as caught:
        parse_flow(toml)
    message = caught.value.message
    assert "demo" in message and "q2" in message and expression.strip()[:20] in message


@pytest.mark.parametrize("depth", [50, 199])
def test_a_deeply_nested_condition_is_accepted_or_refused_but_never_crashes(depth):
    try:
        parsed = parse("(" * depth + "x" + ")" * depth)
    except FlowError:
        return
    assert parsed.names == {"x"}
