"""Validation of a borrower's profile, the input of ``assess`` and ``letter``.

Why one strict gate: a profile comes from the wizard, from a saved session, from a JSON file given
to the CLI or from a page's JavaScript. A wrong value must never turn into wrong advice, and a
worried reader fixing a form wants to see **every** problem at once, not one per attempt. So
``validate_profile`` collects all problems and raises a single :class:`InvalidProfile` whose
Chinese message lists them, one line per problem; ``details["errors"]`` is the same list as
``[{field, label, message}]`` and ``details["fields"]`` maps each bad field to its messages.

The fields (the table of issue 3) and the limits chosen here:

==============================  ======================================  =========================
field                           type                                    allowed
==============================  ======================================  =========================
bank                            str                                     citic, boc, xwbank, mybank, other
product                         str                                     credit_card, consumer_loan, business_loan, other
debt_total                      number                                  0.01 ≤ x ≤ 100,000,000 (yuan; > 0 to the fen)
overdue_days                    integer                                 0 … 36,500 (100 years)
monthly_income                  number                                  0 … 10,000,000
monthly_essential_expenses      number                                  0 … 10,000,000
other_debt_payments             number                                  0 … 10,000,000
hardship                        list of str                             job_loss, illness, business_decline,
                                                                        income_drop, family_emergency, disaster, other
hardship_proof, willing_to_repay, contacted_bank, sued,
abusive_collection, paid_agent  bool
failed_attempts                 integer                                 0 … 100
==============================  ======================================  =========================

Rules of the gate:

* ``bool`` is never a number (``True`` is an ``int`` in Python, but "是" is not 1 yuan);
  NaN and ±infinity are refused.
* An integer field accepts an integral float (``30.0``): JavaScript and JSON do not distinguish
  them; it is returned as ``int``.
* ``hardship`` accepts a list or tuple; duplicates are dropped (order kept), it may be empty.
* Required fields: ``bank``, ``product``, ``debt_total``, ``overdue_days``, ``monthly_income``,
  ``monthly_essential_expenses``, ``willing_to_repay``. The others have a safe default when missing
  (``other_debt_payments`` 0, ``hardship`` [], the booleans False, ``failed_attempts`` 0) so a
  questionnaire may skip a question that does not apply; the returned dict always has all 15 keys.
* Unknown keys are errors (a typo such as ``sue`` must not silently drop a lawsuit).

The function is pure: it returns a new, normalised dict and never mutates its argument.
"""

from __future__ import annotations

import math
from typing import Any

from .errors import InvalidProfile

BANKS = ("citic", "boc", "xwbank", "mybank", "other")
PRODUCTS = ("credit_card", "consumer_loan", "business_loan", "other")
HARDSHIPS = (
    "job_loss",
    "illness",
    "business_decline",
    "income_drop",
    "family_emergency",
    "disaster",
    "other",
)

MAX_DEBT = 100_000_000
MAX_MONTHLY = 10_000_000
MAX_OVERDUE_DAYS = 36_500
MAX_FAILED_ATTEMPTS = 100

#: field → (Chinese label, kind, options / (low, low_inclusive, high), required, default)
FIELDS: dict[str, tuple[str, str, Any, bool, Any]] = {
    "bank": ("贷款银行", "choice", BANKS, True, None),
    "product": ("欠款类型", "choice", PRODUCTS, True, None),
    "debt_total": ("欠款总额", "number", (0.01, True, MAX_DEBT), True, None),
    "overdue_days": ("逾期天数", "integer", (0, True, MAX_OVERDUE_DAYS), True, None),
    "monthly_income": ("每月收入", "number", (0, True, MAX_MONTHLY), True, None),
    "monthly_essential_expenses": ("每月必要开支", "number", (0, True, MAX_MONTHLY), True, None),
    "other_debt_payments": ("每月要还的其他欠款", "number", (0, True, MAX_MONTHLY), False, 0),
    "hardship": ("困难原因", "choices", HARDSHIPS, False, ()),
    "hardship_proof": ("能否提供困难证明", "bool", None, False, False),
    "willing_to_repay": ("是否愿意还款", "bool", None, True, None),
    "contacted_bank": ("是否已联系银行", "bool", None, False, False),
    "failed_attempts": ("协商未成功的次数", "integer", (0, True, MAX_FAILED_ATTEMPTS), False, 0),
    "sued": ("是否已被起诉", "bool", None, False, False),
    "abusive_collection": ("是否遭遇暴力催收", "bool", None, False, False),
    "paid_agent": ("是否找过付费代理", "bool", None, False, False),
}

_TYPE_NAMES = {
    bool: "是/否",
    int: "整数",
    float: "小数",
    str: "文字",
    list: "列表",
    tuple: "列表",
    dict: "对象",
    type(None): "空值",
}


def _shown(value: Any) -> str:
    """A short, safe rendering of a bad value for the message (never the whole input)."""
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "…"


def _type_name(value: Any) -> str:
    return _TYPE_NAMES.get(type(value), type(value).__name__)


def _range_text(low: float, low_inclusive: bool, high: float) -> str:
    return f"{'不小于' if low_inclusive else '大于'} {low:g}、不超过 {high:,}"


def _check(name: str, value: Any) -> tuple[Any, list[str]]:
    """(normalised value, problems) for one field."""
    label, kind, spec, _required, _default = FIELDS[name]
    if kind == "bool":
        if not isinstance(value, bool):
            return None, [f"应为“是”或“否”（true/false），收到{_type_name(value)} {_shown(value)}"]
        return value, []
    if kind == "choice":
        if not isinstance(value, str) or value not in spec:
            return None, [f"只能是 {' / '.join(spec)} 之一，收到 {_shown(value)}"]
        return value, []
    if kind == "choices":
        if not isinstance(value, (list, tuple)):
            return None, [f"应为列表（可以为空），收到{_type_name(value)} {_shown(value)}"]
        bad = [item for item in value if not isinstance(item, str) or item not in spec]
        if bad:
            return None, [f"列表里只能有 {' / '.join(spec)}，这些不认识：{_shown(bad)}"]
        return list(dict.fromkeys(value)), []
    low, low_inclusive, high = spec
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        want = "整数" if kind == "integer" else "数字"
        return None, [f"应为{want}，收到{_type_name(value)} {_shown(value)}"]
    if isinstance(value, float) and not math.isfinite(value):
        return None, [f"必须是有限的数字，不能是 {value}"]
    if kind == "integer":
        if isinstance(value, float):
            if not value.is_integer():
                return None, [f"应为整数，收到 {_shown(value)}"]
            value = int(value)
    too_low = value < low if low_inclusive else value <= low
    if too_low or value > high:
        return None, [f"应{_range_text(low, low_inclusive, high)}，收到 {_shown(value)}"]
    return value, []


def validate_profile(profile: Any) -> dict[str, Any]:
    """A normalised copy of ``profile`` with all 15 fields, or :class:`InvalidProfile` listing every problem."""
    if not isinstance(profile, dict):
        raise InvalidProfile(
            f"资料格式不对：应为一组“字段: 值”（对象），收到{_type_name(profile)}。",
            errors=[{"field": "", "label": "资料", "message": "应为对象"}],
            fields={"": ["应为对象"]},
        )
    errors: list[dict[str, str]] = []
    unknown = [key for key in profile if key not in FIELDS]
    for key in sorted(unknown, key=str):
        errors.append(
            {
                "field": str(key)[:40],
                "label": "未知字段",
                "message": "不是资料里的字段（是否拼写错误？）",
            }
        )
    result: dict[str, Any] = {}
    for name, (label, _kind, _spec, required, default) in FIELDS.items():
        if name not in profile:
            if required:
                errors.append({"field": name, "label": label, "message": "缺少这一项"})
            else:
                result[name] = list(default) if isinstance(default, tuple) else default
            continue
        value, problems = _check(name, profile[name])
        for problem in problems:
            errors.append({"field": name, "label": label, "message": problem})
        if not problems:
            result[name] = value
    if errors:
        lines = [f"- {e['field']}（{e['label']}）：{e['message']}" for e in errors]
        fields: dict[str, list[str]] = {}
        for e in errors:
            fields.setdefault(e["field"], []).append(e["message"])
        raise InvalidProfile(
            f"资料有 {len(errors)} 处需要修改：\n" + "\n".join(lines), errors=errors, fields=fields
        )
    return result
