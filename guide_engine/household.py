"""The household profile, version 2: one budget and every debt it has to carry, checked at one gate.

Why a second shape: most overdue borrowers owe several lenders (a card, an online loan, 花呗). A
plan made for one debt offers every lender the same spare money. Version 2 describes the whole
household once — income, essential spending, up to :data:`MAX_DEBTS` debts — so the budget can be
split honestly (:mod:`guide_engine.budget`). Today's single-debt profile (:mod:`guide_engine.profile`)
is still accepted and becomes a household with one debt (:func:`from_single_debt`).

Like :func:`guide_engine.profile.validate_profile`, :func:`validate_household` reports **every**
problem at once in one :class:`~guide_engine.errors.InvalidProfile`. Each message names the item
the way the page labels it ("第 2 笔欠款的欠款余额：……"), never a Python id; the machine path of
the field (``debts[1].balance``) is in ``details["errors"][i]["field"]`` for the page to highlight.

Input (JSON)::

    {"version": 2?,                       # optional; a version-1 profile has "debt_total" etc.
     "household": {"monthly_income": n,
                   "essential_expenses": n | {category: n, ...}},
     "debts": [{"lender", "product", "balance", "overdue_days",
                "monthly_due"?, "annual_rate"?, "original_term_months"?,
                "guarantor"?, "collateral"?,
                "court"?: null | {"stage", "received": "YYYY-MM-DD", "hearing"?: "YYYY-MM-DD"}}, ...],
     "hardship"?: [...], "hardship_proof"?, "willing_to_repay", "contacted_bank"?,
     "failed_attempts"?, "abusive_collection"?, "paid_agent"?}

Limits: money 0 … 10,000,000 a month, balances 0.01 … 100,000,000 (as version 1); ``annual_rate``
a fraction 0 … 1 (0.18 = 18 %, as :func:`guide_engine.plans.repayment_plan` takes it);
``original_term_months`` 1 … 600; 1 … 20 debts. ``monthly_due`` is required for a mortgage and a
car loan: their contractual payment comes out of the budget first, so it must be known. With a
``today`` the court dates may not lie in the future for ``received``, and a hearing may not come
before the papers were received. A hearing date only exists for a complaint copy or a summons.

Output (normalised, always every key)::

    {"version": 2,
     "household": {"monthly_income", "essential_expenses" (the total),
                   "essential_breakdown": {category: n} | None, "other_debt_payments"},
     "debts": [{"lender", "product", "balance", "overdue_days", "monthly_due" | None,
                "annual_rate" | None, "original_term_months" | None, "guarantor", "collateral",
                "court": None | {"stage", "received" (ISO) | None, "hearing" (ISO) | None}}],
     "hardship", "hardship_proof", "willing_to_repay", "contacted_bank", "failed_attempts",
     "abusive_collection", "paid_agent"}

``other_debt_payments`` is 0 for version 2 (list every debt instead); it carries version 1's
"每月要还的其他欠款", which has no balance to plan with. ``court.received`` is ``None`` only when
mapped from version 1, whose single question "是否已被起诉" has no date: the deadline module then
explains how to count instead of giving a date.
"""

from __future__ import annotations

import datetime as _dt
import math
from decimal import Decimal
from typing import Any

from . import vocabulary
from .errors import InvalidProfile
from .profile import validate_profile

#: The version-2 option ids and labels are the vocabulary's (``data/vocabulary.toml`` ``[debts]``).
PRODUCTS = vocabulary.debt_option_ids("product")
#: Products whose contractual payment must be known: they are kept current, never renegotiated.
NEEDS_MONTHLY_DUE = ("mortgage", "car_loan")
COURT_STAGES = vocabulary.debt_option_ids("court_stage")
#: Stages whose papers can name a hearing date.
HEARING_STAGES = ("complaint", "summons")
#: Essential-expense categories, in the order of a household budget a lender recognises.
CATEGORIES: dict[str, str] = {o["id"]: o["label"] for o in vocabulary.debt_options("expense")}

MAX_DEBTS = 20
MAX_BALANCE = 100_000_000
MAX_MONTHLY = 10_000_000
MAX_OVERDUE_DAYS = 36_500
MAX_TERM_MONTHS = 600
MAX_FAILED_ATTEMPTS = 100

PRODUCT_LABELS = {o["id"]: o["short"] for o in vocabulary.debt_options("product")}
_name = vocabulary.debt_field_label

# The field tables are built on each call from the vocabulary (small, and never stale: a bank or
# hardship a maintainer adds to data/vocabulary.toml is known here at once).
# (label, kind, spec, required, default); kinds as in guide_engine.profile.
Spec = dict[str, tuple[str, str, Any, bool, Any]]


def _top_spec() -> Spec:
    return {
        "hardship": (_name("hardship"), "choices", vocabulary.option_ids("hardship"), False, ()),
        "hardship_proof": (_name("hardship_proof"), "bool", None, False, False),
        "willing_to_repay": (_name("willing_to_repay"), "bool", None, True, None),
        "contacted_bank": (_name("contacted_bank"), "bool", None, False, False),
        "failed_attempts": (
            _name("failed_attempts"),
            "integer",
            (0, MAX_FAILED_ATTEMPTS),
            False,
            0,
        ),
        "abusive_collection": (_name("abusive_collection"), "bool", None, False, False),
        "paid_agent": (_name("paid_agent"), "bool", None, False, False),
    }


_HOUSEHOLD: dict[str, tuple[str, str, Any, bool, Any]] = {
    "monthly_income": (_name("monthly_income"), "money", (0, MAX_MONTHLY), True, None),
    "essential_expenses": (_name("essential_expenses"), "expenses", None, True, None),
}


def _debt_spec() -> Spec:
    return {
        "lender": (_name("lender"), "choice", vocabulary.option_ids("bank"), True, None),
        "product": (_name("product"), "choice", PRODUCTS, True, None),
        "balance": (_name("balance"), "balance", (0, MAX_BALANCE), True, None),
        "overdue_days": (_name("overdue_days"), "integer", (0, MAX_OVERDUE_DAYS), True, None),
        "monthly_due": (_name("monthly_due"), "money", (0, MAX_MONTHLY), False, None),
        "annual_rate": (_name("annual_rate"), "rate", (0, 1), False, None),
        "original_term_months": (
            _name("original_term_months"),
            "integer",
            (1, MAX_TERM_MONTHS),
            False,
            None,
        ),
        "guarantor": (_name("guarantor"), "bool", None, False, False),
        "collateral": (_name("collateral"), "bool", None, False, False),
        "court": (_name("court"), "court", None, False, None),
    }


_COURT: dict[str, tuple[str, str, Any, bool, Any]] = {
    "stage": (_name("stage"), "choice", COURT_STAGES, True, None),
    "received": (_name("received"), "date", None, True, None),
    "hearing": (_name("hearing"), "date", None, False, None),
}
_CHOICE_OPTIONS = {
    "lender": lambda: vocabulary.options("bank"),
    "product": lambda: vocabulary.debt_options("product"),
    "stage": lambda: vocabulary.debt_options("court_stage"),
    "hardship": lambda: vocabulary.options("hardship"),
}
_TYPE_NAMES = {
    bool: "是/否",
    int: "数字",
    float: "数字",
    str: "文字",
    list: "列表",
    tuple: "列表",
    dict: "一组内容",
    type(None): "空值",
}


def _type_name(value: Any) -> str:
    return _TYPE_NAMES.get(type(value), "无法识别的内容")


def _shown(value: Any) -> str:
    """A short rendering of what the reader entered (text in quotes, never a Python repr)."""
    if isinstance(value, str):
        return f"“{value[:20]}{'…' if len(value) > 20 else ''}”"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and not math.isfinite(value):
        return "（不是正常的数字）"
    if isinstance(value, (int, float)):
        return f"{value:g}" if isinstance(value, float) else str(value)
    return ""


def _now(value: Any) -> str:
    """ "现在是文字 “x”" or "现在是列表": what the reader gave, in words."""
    shown = _shown(value)
    return f"现在是{_type_name(value)}" + (f" {shown}" if shown else "")


def _number(value: Any) -> str | None:
    """None when ``value`` is a finite number (bool excluded), else the problem in words."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return f"应填数字，{_now(value)}"
    if isinstance(value, float) and not math.isfinite(value):
        return "应填一个正常的数字"
    return None


def _options_text(name: str, spec: tuple[str, ...]) -> str:
    form = "label" if name == "stage" else "short"
    labels = {o["id"]: o[form] for o in _CHOICE_OPTIONS[name]()}
    return "、".join(f"“{labels[option]}”" for option in spec)  # a label may hold a 、 itself


class _Collector:
    """Gathers problems as ``{field, label, message}``; one instance per validation."""

    def __init__(self) -> None:
        self.errors: list[dict[str, str]] = []

    def add(self, field: str, label: str, message: str) -> None:
        self.errors.append({"field": field, "label": label, "message": message})

    def raise_if_any(self) -> None:
        if not self.errors:
            return
        lines = [f"- {e['label']}：{e['message']}" for e in self.errors]
        fields: dict[str, list[str]] = {}
        for e in self.errors:
            fields.setdefault(e["field"], []).append(e["message"])
        raise InvalidProfile(
            f"资料有 {len(self.errors)} 处需要修改：\n" + "\n".join(lines),
            errors=self.errors,
            fields=fields,
        )


def _check_value(name: str, kind: str, spec: Any, value: Any) -> tuple[Any, str | None]:
    """(normalised value, problem or None) for one scalar field."""
    if kind == "bool":
        if not isinstance(value, bool):
            return None, f"应选“是”或“否”，{_now(value)}"
        return value, None
    if kind == "choice":
        if not isinstance(value, str) or value not in spec:
            return None, f"只能选{_options_text(name, spec)}之一，{_now(value)}"
        return value, None
    if kind == "choices":
        if not isinstance(value, (list, tuple)):
            return None, f"应为一组选项（可以一个都不选），现在是{_type_name(value)}"
        bad = [item for item in value if not isinstance(item, str) or item not in spec]
        if bad:
            return None, f"只能从{_options_text(name, spec)}里选，{_shown(bad[0])} 不在其中"
        return list(dict.fromkeys(value)), None
    if kind == "date":
        if isinstance(value, _dt.date) and not isinstance(value, _dt.datetime):
            return value.isoformat(), None
        if isinstance(value, str):
            try:
                return _dt.date.fromisoformat(value.strip()).isoformat(), None
            except ValueError:
                pass
        return None, f"应为日期，例如 2026-12-01，{_now(value)}"
    problem = _number(value)
    if problem:
        return None, problem
    low, high = spec
    if kind == "integer":
        if isinstance(value, float):
            if not value.is_integer():
                return None, f"应填整数，现在是 {_shown(value)}"
            value = int(value)
        if not low <= value <= high:
            return None, f"应在 {low} 到 {high:,} 之间，现在是 {_shown(value)}"
        return value, None
    if kind == "balance":
        if not (low < value <= high) or Decimal(str(value)) < Decimal("0.005"):
            return None, f"应大于 0、不超过 {high:,} 元，现在是 {_shown(value)}"
        return value, None
    if kind == "rate":
        if not low <= value <= high:
            return None, f"应写成小数，在 0 到 1 之间（18% 写 0.18），现在是 {_shown(value)}"
        return value, None
    if not low <= value <= high:
        return None, f"应在 0 到 {high:,} 元之间，现在是 {_shown(value)}"
    return value, None


def _check_group(
    data: Any,
    table: dict[str, tuple[str, str, Any, bool, Any]],
    path: str,
    prefix: str,
    group_label: str,
    out: _Collector,
    special: dict[str, Any] | None = None,
) -> dict[str, Any] | None:
    """Validate a dict against ``table``; ``special`` checks the non-scalar kinds. None if not a dict."""
    if not isinstance(data, dict):
        out.add(path, group_label, f"应为一组内容，现在是{_type_name(data)}")
        return None
    for key in sorted((k for k in data if k not in table), key=str):
        out.add(
            f"{path}.{key}" if path else str(key),
            f"{prefix}不认识的项目",
            f"“{str(key)[:20]}”不是这里要填的内容（是否写错了？）",
        )
    result: dict[str, Any] = {}
    for name, (label, kind, spec, required, default) in table.items():
        field = f"{path}.{name}" if path else name
        where = f"{prefix}{label}"
        if name not in data or (data[name] is None and not required):
            if required:
                out.add(field, where, "还没有填")
            else:
                result[name] = list(default) if isinstance(default, tuple) else default
            continue
        if special and kind in special:
            result[name] = special[kind](data[name], field, where)
            continue
        value, problem = _check_value(name, kind, spec, data[name])
        if problem:
            out.add(field, where, problem)
        result[name] = value
    return result


def _expenses(value: Any, field: str, where: str, out: _Collector) -> Any:
    """A total, or a breakdown by category → (total, breakdown)."""
    if isinstance(value, dict):
        if not value:
            out.add(field, where, "按类别填写时至少要填一类")
            return None
        breakdown: dict[str, Any] = {}
        for key in sorted((k for k in value if k not in CATEGORIES), key=str):
            out.add(
                f"{field}.{key}",
                f"{where}里不认识的类别",
                f"“{str(key)[:20]}”不是开支类别；可用：{'、'.join(CATEGORIES.values())}",
            )
        for key, label in CATEGORIES.items():
            if key not in value:
                continue
            amount, problem = _check_value(key, "money", (0, MAX_MONTHLY), value[key])
            if problem:
                out.add(f"{field}.{key}", f"{where}中的“{label}”", problem)
            breakdown[key] = amount
        if any(amount is None for amount in breakdown.values()):
            return None
        total = sum((Decimal(str(amount)) for amount in breakdown.values()), Decimal(0))
        if total > MAX_MONTHLY:
            out.add(field, where, f"各类加起来不应超过 {MAX_MONTHLY:,} 元")
            return None
        return (float(total) if total != total.to_integral() else int(total), breakdown)
    amount, problem = _check_value("essential_expenses", "money", (0, MAX_MONTHLY), value)
    if problem:
        out.add(field, where, problem + "（也可以按类别分开填）")
        return None
    return (amount, None)


def _court(
    value: Any, field: str, where: str, prefix: str, out: _Collector, today: _dt.date | None
) -> dict[str, Any] | None:
    """A debt's court papers. Each part is named after the debt alone ("第 1 笔欠款的收到文书的日期"),
    as the review screen lists it under that debt: its labels already say they are the court's."""
    court = _check_group(value, _COURT, field, prefix, where, out)
    if court is None:
        return None
    received, hearing = court.get("received"), court.get("hearing")
    if hearing is not None and court.get("stage") in COURT_STAGES:
        if court["stage"] not in HEARING_STAGES:
            out.add(
                f"{field}.hearing",
                f"{prefix}{_name('hearing')}",
                f"{vocabulary.debt_label('court_stage', court['stage'], 'long')}上没有开庭日期，请不要填",
            )
    if received and today and _dt.date.fromisoformat(received) > today:
        out.add(f"{field}.received", f"{prefix}{_name('received')}", "不能晚于今天")
    if received and hearing and hearing < received:
        out.add(f"{field}.hearing", f"{prefix}{_name('hearing')}", f"不能早于{_name('received')}")
    return court


def _debt(value: Any, i: int, out: _Collector, today: _dt.date | None) -> dict[str, Any] | None:
    path, prefix = f"debts[{i}]", f"第 {i + 1} 笔欠款的"
    debt = _check_group(
        value,
        _debt_spec(),
        path,
        prefix,
        f"第 {i + 1} 笔欠款",
        out,
        special={"court": lambda v, f, w: _court(v, f, w, prefix, out, today)},
    )
    if debt is None:
        return None
    if debt.get("product") in NEEDS_MONTHLY_DUE and value.get("monthly_due") is None:
        out.add(
            f"{path}.monthly_due",
            f"{prefix}每月应还",
            f"{PRODUCT_LABELS[debt['product']]}要填每月应还多少：预算会先留出这笔钱",
        )
    return debt


def _is_single_debt(profile: Any) -> bool:
    """A version-1 profile: it has a field of that shape and neither part of version 2."""
    if not isinstance(profile, dict) or "debts" in profile or "household" in profile:
        return False
    return any(key in vocabulary.fields() for key in profile if key not in _top_spec())


def validate_household(profile: Any, today: _dt.date | None = None) -> dict[str, Any]:
    """A normalised version-2 profile, or :class:`InvalidProfile` listing every problem.

    A version-1 profile (one of its own fields such as ``debt_total`` or ``bank``, and neither
    ``household`` nor ``debts``) is validated by
    :func:`guide_engine.profile.validate_profile` and mapped by :func:`from_single_debt`.
    """
    if _is_single_debt(profile):
        return from_single_debt(validate_profile(profile))
    out = _Collector()
    if not isinstance(profile, dict):
        out.add("", _name("profile"), f"应为一组内容，现在是{_type_name(profile)}")
        out.raise_if_any()
    known = {"version", "household", "debts", *_top_spec()}
    for key in sorted((k for k in profile if k not in known), key=str):
        out.add(
            str(key)[:40], "不认识的项目", f"“{str(key)[:20]}”不是资料里要填的内容（是否写错了？）"
        )
    if "version" in profile and (isinstance(profile["version"], bool) or profile["version"] != 2):
        out.add("version", _name("version"), f"只认识第 2 版，现在是 {_shown(profile['version'])}")
    result: dict[str, Any] = {"version": 2}
    household = None
    if "household" not in profile:
        out.add("household", _name("household"), "还没有填")
    else:
        household = _check_group(
            profile["household"],
            _HOUSEHOLD,
            "household",
            "",
            _name("household"),
            out,
            special={"expenses": lambda v, f, w: _expenses(v, f, w, out)},
        )
    debts_in = profile.get("debts")
    debts: list[Any] = []
    if "debts" not in profile:
        out.add("debts", _name("debts"), "至少要填一笔欠款")
    elif not isinstance(debts_in, (list, tuple)):
        out.add("debts", _name("debts"), f"应为一笔笔欠款的列表，现在是{_type_name(debts_in)}")
    elif not debts_in:
        out.add("debts", _name("debts"), "至少要填一笔欠款")
    elif len(debts_in) > MAX_DEBTS:
        out.add("debts", _name("debts"), f"最多填 {MAX_DEBTS} 笔，现在有 {len(debts_in)} 笔")
    else:
        debts = [_debt(item, i, out, today) for i, item in enumerate(debts_in)]
    top = _check_group(
        {k: v for k, v in profile.items() if k in _top_spec()},
        _top_spec(),
        "",
        "",
        _name("profile"),
        out,
    )
    out.raise_if_any()
    assert household is not None and top is not None  # guaranteed when no problem was found
    total, breakdown = household["essential_expenses"]
    result["household"] = {
        "monthly_income": household["monthly_income"],
        "essential_expenses": total,
        "essential_breakdown": breakdown,
        "other_debt_payments": 0,
    }
    result["debts"] = debts
    result.update(top)
    return result


def from_single_debt(profile: dict[str, Any]) -> dict[str, Any]:
    """Today's single-debt profile (already validated) as a version-2 household with one debt.

    ``sued`` becomes a court stage "complaint" without a date (the old question asked about a
    summons, a complaint copy or a notice to respond, so the 答辩期 is the deadline at stake);
    ``other_debt_payments`` stays a household outgoing, since it has no balance to plan with.
    """
    court = {"stage": "complaint", "received": None, "hearing": None} if profile["sued"] else None
    return {
        "version": 2,
        "household": {
            "monthly_income": profile["monthly_income"],
            "essential_expenses": profile["monthly_essential_expenses"],
            "essential_breakdown": None,
            "other_debt_payments": profile["other_debt_payments"],
        },
        "debts": [
            {
                "lender": profile["bank"],
                "product": profile["product"],
                "balance": profile["debt_total"],
                "overdue_days": profile["overdue_days"],
                "monthly_due": None,
                "annual_rate": None,
                "original_term_months": None,
                "guarantor": False,
                "collateral": False,
                "court": court,
            }
        ],
        "hardship": list(profile["hardship"]),
        "hardship_proof": profile["hardship_proof"],
        "willing_to_repay": profile["willing_to_repay"],
        "contacted_bank": profile["contacted_bank"],
        "failed_attempts": profile["failed_attempts"],
        "abusive_collection": profile["abusive_collection"],
        "paid_agent": profile["paid_agent"],
    }
