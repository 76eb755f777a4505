"""The number fields of the calculator and the letter form: what each is called on the page, its
unit, its limits and its usual range, and reading what a reader typed into them.

Why one module: the page must never parse a number itself (the wizard, the calculator and the
letter read "5.2万" or "８个月" with the same :func:`guide_engine.text.read_number`), and a field's
error must name the field as the page labels it. The calculator's labels live here and the build
writes them into the page (scripts/hooks/render_tools.py); the letter's come from the profile
vocabulary. The usual range is not a limit: a value outside it is accepted with a "确定吗？"
note, because 100 years overdue is more likely a slip than the truth.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from . import vocabulary
from .errors import InvalidAnswer
from .text import Unreadable, number_text, read_number


@dataclass(frozen=True)
class NumberField:
    """One number field: ``label`` as the page shows it; typed values are in ``unit``; the
    value handed on is the typed number × ``scale`` (a percentage becomes a fraction)."""

    name: str
    label: str
    unit: str
    minimum: float
    maximum: float
    usual_max: float
    integer: bool = False
    required: bool = True
    default: float = 0
    scale: str = "1"
    example: str = "52000"


#: The calculator's fields (labels written into calculator.html by the build).
CALCULATOR = (
    NumberField("principal", "要分期还的金额", "元", 0.01, 1_000_000_000, 5_000_000,
                example="52000、5.2万 或 五万二"),
    NumberField("months", "分多少个月还", "个月", 1, 600, 60, integer=True, example="36"),
    NumberField("monthly_payment", "每月能还多少", "元", 0.01, 1_000_000_000, 1_000_000,
                example="1500 或 一千五"),
    NumberField("annual_rate", "年利率", "%", 0, 100, 24, required=False, scale="0.01",
                example="7.2"),
    NumberField("monthly_fee_rate", "每月手续费率", "%", 0, 10, 2, required=False,
                scale="0.01", example="0.6"),
)  # fmt: skip

#: Usual upper ends of the profile's number fields (beyond them: "确定吗？").
_PROFILE_USUAL = {
    "debt_total": 5_000_000,
    "overdue_days": 3650,
    "monthly_income": 200_000,
    "monthly_essential_expenses": 100_000,
    "other_debt_payments": 100_000,
    "failed_attempts": 10,
}
_PROFILE_EXAMPLES = {"元": "52000、5.2万 或 五万二", "天": "90 或 九十", "次": "2"}


def profile_field(name: str) -> NumberField:
    """A number field of the profile, as the letter form shows it (the vocabulary's label)."""
    spec = vocabulary.fields()[name]
    unit = spec["unit"]
    return NumberField(
        name,
        vocabulary.field_label(name),
        unit,
        spec["min"],
        spec["max"],
        _PROFILE_USUAL[name],
        integer=spec["kind"] == "integer",
        required=bool(spec["required"]),
        default=spec.get("default", 0),
        example=_PROFILE_EXAMPLES.get(unit, "10"),
    )


def _fields(form: str) -> dict[str, NumberField]:
    if form == "calculator":
        return {field.name: field for field in CALCULATOR}
    if form in ("letter", "profile"):
        return {name: profile_field(name) for name in _PROFILE_USUAL}
    raise InvalidAnswer("工具收到了无法识别的表单，请刷新页面再试。", code="unknown_form")


def _shown(value: float | int | Decimal, unit: str) -> str:
    number = float(value)
    text = number_text(int(number) if number.is_integer() else number)
    return f"{text}{unit}" if unit == "%" else f"{text} {unit}"


def _range(field: NumberField) -> str:
    return f"{_shown(field.minimum, field.unit)} 到 {_shown(field.maximum, field.unit)} "


def read_field(field: NumberField, text: str) -> int | float:
    """The typed number for ``field`` (× its scale), its default when an optional field is empty, or
    :class:`InvalidAnswer` naming the field and saying what to type (details: ``field``)."""
    name = f"“{field.label}”"
    if not isinstance(text, str):
        text = ""
    if not text.strip():
        if field.required:
            raise InvalidAnswer(
                f"请填写{name}，例如 {field.example}。", code="not_a_number", field=field.name
            )
        return field.default
    try:
        value = read_number(text, field.unit)
    except Unreadable as exc:
        if exc.unit:
            message = f"{name}要按“{field.unit}”填，请换算一下，例如 {field.example}。"
        else:
            message = f"{name}没看懂，请只填数字，例如 {field.example}。"
        raise InvalidAnswer(message, code="not_a_number", field=field.name) from exc
    if not Decimal(str(field.minimum)) <= value <= Decimal(str(field.maximum)):
        raise InvalidAnswer(
            f"{name}要在 {_range(field)}之间，你填的是 {_shown(value, field.unit)}。",
            code="out_of_range",
            field=field.name,
        )
    if field.integer and value != value.to_integral_value():
        raise InvalidAnswer(
            f"{name}请填整数，例如 {field.example}。", code="not_an_integer", field=field.name
        )
    scaled = value * Decimal(field.scale)
    return int(scaled) if scaled == scaled.to_integral_value() else float(scaled)


def check(field: NumberField, value: float) -> str | None:
    """A gentle "确定吗？" when ``value`` (as typed, before scaling) is outside the usual range."""
    if value <= field.usual_max:
        return None
    return (
        f"确定吗？“{field.label}”填的是 {_shown(value, field.unit)}，"
        f"一般在 {_shown(field.usual_max, field.unit)} 以内。没填错的话可以不改。"
    )


def read_form(form: str, values: dict[str, Any]) -> dict[str, Any]:
    """Every number field of ``form`` ("calculator", "letter" or "profile") that ``values`` names,
    read: ``{"values": {name: number}, "checks": [{"field", "message"}]}``. The first
    field that cannot be read raises, in the form's order."""
    fields = _fields(form)
    if not isinstance(values, dict):
        values = {}
    out: dict[str, Any] = {}
    checks = []
    for name, field in fields.items():
        if name not in values:
            continue
        number = read_field(field, values[name])
        out[name] = number
        if isinstance(values[name], str) and values[name].strip():
            typed = float(Decimal(str(number)) / Decimal(field.scale))
            note = check(field, typed)
            if note:
                checks.append({"field": name, "message": note})
    return {"values": out, "checks": checks}
