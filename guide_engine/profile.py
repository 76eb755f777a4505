"""Validation of a borrower's profile, the input of ``assess`` and ``letter``.

Why one strict gate: a profile comes from the wizard, from a saved session, from a JSON file given
to the CLI or from a page's JavaScript. A wrong value must never turn into wrong advice, and a
worried reader fixing a form wants to see **every** problem at once, not one per attempt. So
``validate_profile`` collects all problems and raises a single :class:`InvalidProfile` whose
Chinese message lists them, one line per problem; ``details["errors"]`` is the same list as
``[{field, label, message}]`` and ``details["fields"]`` maps each bad field to its messages.

The fields, their kinds, limits, defaults and labels are the vocabulary's
(``data/vocabulary.toml``, read and checked by :mod:`guide_engine.vocabulary`; ``python -m
guide_engine check`` reports a broken one in words). The gate only applies them.

Rules of the gate:

* ``bool`` is never a number (``True`` is an ``int`` in Python, but "是" is not 1 yuan);
  NaN and ±infinity are refused.
* An integer field accepts an integral float (``30.0``): JavaScript and JSON do not distinguish
  them; it is returned as ``int``.
* ``hardship`` accepts a list or tuple; duplicates are dropped (order kept), it may be empty.
* A field marked ``required`` must be there; the others get their vocabulary ``default`` when
  missing, so a questionnaire may skip a question that does not apply; the returned dict always
  has every field.
* Unknown keys are errors (a typo such as ``sue`` must not silently drop a lawsuit).

The function is pure: it returns a new, normalised dict and never mutates its argument.
"""

from __future__ import annotations

from typing import Any

from . import vocabulary
from .errors import InvalidProfile
from .text import is_number

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
    """A short, safe rendering of a bad value for the message (never the whole input, never a
    Python spelling such as ``None`` or ``'x'``)."""
    if value is None:
        return "空的"
    if isinstance(value, bool):
        return "“是”" if value else "“否”"
    if isinstance(value, str):
        return f"“{value[:20]}{'…' if len(value) > 20 else ''}”"
    if isinstance(value, (int, float)) and is_number(value):
        return f"{value:,}" if abs(value) < 1e15 else "一个很大的数"
    if isinstance(value, (list, tuple)):
        return "一组内容" if value else "空的一组"
    if isinstance(value, dict):
        return "一组“字段: 值”"
    return "无法识别的内容"


def _described(value: Any) -> str:
    """What was given, for "现在是…": its kind and, where it helps, the value itself."""
    if isinstance(value, str):
        return f"文字 {_shown(value)}"
    return _shown(value)


def _choices(labels: dict[str, str], ids: tuple[str, ...]) -> str:
    """The options as the page shows them: “中信银行”、“中国银行”…"""
    return "、".join(f"“{labels.get(option, option)}”" for option in ids)


def _type_name(value: Any) -> str:
    return _TYPE_NAMES.get(type(value), type(value).__name__)


def _range_text(low: float, high: float) -> str:
    return f"不小于 {low:g}、不超过 {high:,}"


def _check(
    spec: dict[str, Any], ids: tuple[str, ...], value: Any, labels: dict[str, str] | None = None
) -> tuple[Any, list[str]]:
    """(normalised value, problems) for one field; ``labels``: option id → the page's label."""
    kind = spec["kind"]
    labels = labels or {}
    if kind == "bool":
        if not isinstance(value, bool):
            return None, [f"应为“是”或“否”，现在是{_described(value)}"]
        return value, []
    if kind == "choice":
        if not isinstance(value, str) or value not in ids:
            return None, [f"只能选{_choices(labels, ids)}之一，现在是 {_shown(value)}"]
        return value, []
    if kind == "choices":
        if not isinstance(value, (list, tuple)):
            return None, [f"应为一组选项（可以一个都不选），现在是{_type_name(value)}"]
        bad = [item for item in value if not isinstance(item, str) or item not in ids]
        if bad:
            return None, [f"只能从{_choices(labels, ids)}里选，有 {len(bad)} 项不认识"]
        return list(dict.fromkeys(value)), []
    low, high = spec["min"], spec["max"]
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        want = "整数" if kind == "integer" else "数字"
        return None, [f"应为{want}，现在是{_described(value)}"]
    if not is_number(value):
        return None, ["这不是一个有效的数字，请填一个具体的数"]
    if kind == "integer" and isinstance(value, float):
        if not value.is_integer():
            return None, [f"应为整数，现在是 {_shown(value)}"]
        value = int(value)
    if value < low or value > high:
        return None, [f"应{_range_text(low, high)}，现在是 {_shown(value)}"]
    return value, []


def validate_profile(profile: Any) -> dict[str, Any]:
    """A normalised copy of ``profile`` with every field, or :class:`InvalidProfile` listing every problem."""
    if not isinstance(profile, dict):
        raise InvalidProfile(
            f"资料格式不对：应为一组“字段: 值”（对象），收到{_type_name(profile)}。",
            errors=[{"field": "", "label": "资料", "message": "应为对象"}],
            fields={"": ["应为对象"]},
        )
    errors: list[dict[str, str]] = []
    fields = vocabulary.fields()
    unknown = [key for key in profile if key not in fields]
    for key in sorted(unknown, key=str):
        errors.append(
            {
                "field": str(key)[:40],
                "label": f"“{str(key)[:20]}”",
                "message": "不是资料里要填的内容（是否写错了？）",
            }
        )
    result: dict[str, Any] = {}
    for name, spec in fields.items():
        label = spec["label"]
        if name not in profile:
            if spec["required"]:
                errors.append({"field": name, "label": label, "message": "缺少这一项"})
            else:
                result[name] = spec["default"]
            continue
        choice = spec["kind"] in ("choice", "choices")
        ids = vocabulary.option_ids(name) if choice else ()
        labels = {o["id"]: o["short"] for o in vocabulary.options(name)} if choice else {}
        value, problems = _check(spec, ids, profile[name], labels)
        for problem in problems:
            errors.append({"field": name, "label": label, "message": problem})
        if not problems:
            result[name] = value
    if errors:
        # named as the page labels them; the field id stays in details for the page to mark
        lines = [f"- {e['label']}：{e['message']}" for e in errors]
        by_field: dict[str, list[str]] = {}
        for e in errors:
            by_field.setdefault(e["field"], []).append(e["message"])
        raise InvalidProfile(
            f"资料有 {len(errors)} 处需要修改：\n" + "\n".join(lines),
            errors=errors,
            fields=by_field,
        )
    return result
