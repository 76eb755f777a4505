"""validate_profile: every bad field reported at once, in Chinese; bools are not numbers; defaults."""

from __future__ import annotations

import pytest

from guide_engine.errors import InvalidProfile
from guide_engine.profile import validate_profile
from guide_engine.vocabulary import field_label, fields


def base(**changes):
    profile = {
        "bank": "citic",
        "product": "credit_card",
        "debt_total": 30000,
        "overdue_days": 45,
        "monthly_income": 5000,
        "monthly_essential_expenses": 3000,
        "other_debt_payments": 0,
        "hardship": ["job_loss"],
        "hardship_proof": True,
        "willing_to_repay": True,
        "contacted_bank": False,
        "failed_attempts": 0,
        "sued": False,
        "abusive_collection": False,
        "paid_agent": False,
    }
    profile.update(changes)
    return profile


def test_valid_profile_is_returned_normalised_and_not_mutated():
    original = base(hardship=["illness", "illness", "job_loss"], overdue_days=30.0)
    result = validate_profile(original)
    assert result["hardship"] == ["illness", "job_loss"]
    assert result["overdue_days"] == 30 and isinstance(result["overdue_days"], int)
    assert original["hardship"] == ["illness", "illness", "job_loss"]
    assert set(result) == set(fields())


def test_optional_fields_get_safe_defaults():
    minimal = {
        k: base()[k]
        for k in (
            "bank",
            "product",
            "debt_total",
            "overdue_days",
            "monthly_income",
            "monthly_essential_expenses",
            "willing_to_repay",
        )
    }
    result = validate_profile(minimal)
    assert result["hardship"] == [] and result["sued"] is False and result["failed_attempts"] == 0
    assert result["other_debt_payments"] == 0 and result["paid_agent"] is False


@pytest.mark.parametrize(
    "field, value",
    [
        ("bank", "icbc"),
        ("bank", 1),
        ("product", "mortgage"),
        ("product", None),
        ("debt_total", 0),
        ("debt_total", 0.001),
        ("debt_total", -1),
        ("debt_total", 100_000_001),
        ("debt_total", True),
        ("debt_total", "30000"),
        ("debt_total", float("nan")),
        ("debt_total", float("inf")),
        ("overdue_days", -1),
        ("overdue_days", 36501),
        ("overdue_days", 1.5),
        ("overdue_days", False),
        ("monthly_income", -0.01),
        ("monthly_income", 10_000_001),
        ("monthly_income", True),
        ("monthly_essential_expenses", float("-inf")),
        ("other_debt_payments", -5),
        ("other_debt_payments", "0"),
        ("hardship", "job_loss"),
        ("hardship", ["fired"]),
        ("hardship", [1]),
        ("hardship", None),
        ("hardship_proof", 1),
        ("willing_to_repay", "yes"),
        ("contacted_bank", None),
        ("sued", 0),
        ("abusive_collection", "false"),
        ("paid_agent", 1.0),
        ("failed_attempts", -1),
        ("failed_attempts", 101),
        ("failed_attempts", True),
        ("failed_attempts", 2.5),
    ],
)
def test_each_bad_value_is_named(field, value):
    with pytest.raises(InvalidProfile) as info:
        validate_profile(base(**{field: value}))
    error = info.value
    assert error.code == "invalid_profile"
    assert list(error.details["fields"]) == [field]
    # named as the page labels it; the field id only in the details, for the page to mark it
    assert f"- {field_label(field)}：" in error.message and field not in error.message
    assert error.details["errors"][0]["field"] == field


def test_every_problem_is_listed_at_once():
    profile = base(debt_total=True, overdue_days=-3, sued="no", hardship=["x"], bogus=1, 另一个=2)
    del profile["bank"]
    with pytest.raises(InvalidProfile) as info:
        validate_profile(profile)
    fields = info.value.details["fields"]
    assert set(fields) == {
        "debt_total",
        "overdue_days",
        "sued",
        "hardship",
        "bogus",
        "另一个",
        "bank",
    }
    assert "资料有 7 处需要修改" in info.value.message
    for name in fields:
        shown = f"“{name}”" if name in ("bogus", "另一个") else field_label(name)
        assert f"- {shown}：" in info.value.message
    assert info.value.to_dict()["details"]["errors"]


def test_limits_are_stated_in_the_message():
    with pytest.raises(InvalidProfile) as info:
        validate_profile(base(debt_total=200_000_000, overdue_days=40000, failed_attempts=500))
    message = info.value.message
    assert "100,000,000" in message and "36,500" in message and "100" in message


def test_boundaries_accepted():
    result = validate_profile(
        base(
            debt_total=100_000_000,
            overdue_days=36500,
            failed_attempts=100,
            monthly_income=0,
            monthly_essential_expenses=10_000_000,
            hardship=[],
        )
    )
    assert result["debt_total"] == 100_000_000 and result["hardship"] == []
    assert validate_profile(base(debt_total=0.01))["debt_total"] == 0.01


@pytest.mark.parametrize("value", [None, [], "profile", 42])
def test_not_a_dict(value):
    with pytest.raises(InvalidProfile):
        validate_profile(value)


@pytest.mark.parametrize(
    ("changes", "line"),
    [
        (
            {"bank": "icbc"},
            "- 贷款银行：只能选“中信银行”、“中国银行”、“新网银行”、“网商银行”、“其他银行或机构”之一，"
            "现在是 “icbc”",
        ),
        ({"sued": None}, "- 是否已被起诉：应为“是”或“否”，现在是空的"),
        ({"debt_total": float("nan")}, "- 欠款总额：这不是一个有效的数字，请填一个具体的数"),
        ({"overdue_days": "很久"}, "- 逾期天数：应为整数，现在是文字 “很久”"),
    ],
)
def test_a_message_speaks_the_pages_words_never_python(changes, line):
    with pytest.raises(InvalidProfile) as info:
        validate_profile(base(**changes))
    assert info.value.message.split("\n")[1] == line
    for python in ("None", "nan", "'", "True", "False"):
        assert python not in info.value.message


def test_long_bad_values_are_truncated_in_the_message():
    with pytest.raises(InvalidProfile) as info:
        validate_profile(base(bank="x" * 10000))
    assert len(info.value.message) < 300
