"""The profile's vocabulary — fields, options, yes/no words and readiness grades — read from
``data/vocabulary.toml`` (banks from ``data/banks.toml``) and checked on load.

Why one module: the questionnaire, the profile gate, the assessment, the letter, the terminal, the
page hooks and the browser (through the views) all name the same fields and options. Reading them
from one checked file means adding a hardship or renaming a product label is one edit, and a
label can never be missing in one place only.

Public API (the browser's views and the hooks use these names)::

    options(field)                      -> [{"id", "label", "short"}, ...]   (bank, product, hardship)
    label(field, value, form="short")   -> str   an answer as the reader says it
    field_label(field, form="long")     -> str   the field's own name
    readiness(grade)                    -> {"label", "text"}
    debt_options(kind)                  -> [{"id", "label", "short"}, ...]   (product, court_stage, expense)
    debt_label(kind, value, form="short") -> str   a version-2 option as the reader says it
    debt_field_label(name)              -> str   a part of a version-2 profile as the page names it
    debt_field_labels()                 -> {name: label}  every part, as above
    generic_lender(product)             -> str   the lender when the reader picked "other"
    yes_no()                            -> [{"id": True, "label": "是"}, {"id": False, "label": "否"}]
    fields()                            -> {name: {"kind", "required", "default", "label", "short",
                                                   "min", "max", "unit"}}   (profile order)

``form`` is ``"long"`` (questions, forms) or ``"short"`` (review screen, letter, tables). Unknown
fields, values or forms raise :class:`~guide_engine.errors.DataError` — a programming error, said in
words. Everything returned is a fresh copy.
"""

from __future__ import annotations

import copy
import math
from functools import lru_cache
from typing import Any

from .datafiles import read_toml
from .errors import DataError
from .text import number_text

#: Field kinds: one option id, a list of option ids, a number, a whole number, yes/no.
KINDS = ("choice", "choices", "number", "integer", "bool")
GRADES = ("high", "medium", "low")
FORMS = ("long", "short")
#: Fields whose options are listed (banks come from banks.toml).
OPTION_FIELDS = ("bank", "product", "hardship")
#: Option lists of the household profile, version 2 (``[[debts.KIND]]``). Its products are the
#: profile's products with ``[[debts.product]]`` inserted before "other".
DEBT_KINDS = ("product", "court_stage", "expense")
#: Every part of a version-2 profile that ``[debts.fields]`` must name.
DEBT_FIELDS = (
    "profile", "version", "household", "monthly_income", "essential_expenses", "debts",
    "lender", "product", "balance", "overdue_days", "monthly_due", "annual_rate",
    "original_term_months", "guarantor", "collateral", "court", "stage", "received", "hearing",
)  # fmt: skip
#: The parts of a version-2 profile asked once that are fields of the profile too: their label is
#: that field's ``short`` (``[fields.NAME]``), never written a second time under ``[debts.fields]``.
SHARED_FIELDS = (
    "hardship", "hardship_proof", "willing_to_repay", "contacted_bank", "failed_attempts",
    "abusive_collection", "paid_agent",
)  # fmt: skip

_FIELD_KEYS = {"kind", "required", "default", "label", "short", "min", "max", "unit"}
_WHERE = "data/vocabulary.toml"


def _text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _check_option(where: str, entry: Any, seen: set[str], problems: list[str]) -> dict | None:
    if not isinstance(entry, dict):
        problems.append(f"{where}: 应为一个表（id、label、short）")
        return None
    unknown = set(entry) - {"id", "label", "short"}
    if unknown:
        problems.append(f"{where}: 不认识的键 {', '.join(sorted(unknown))}")
    option_id = entry.get("id")
    if (
        not isinstance(option_id, str)
        or not option_id.isidentifier()
        or option_id != option_id.lower()
    ):
        problems.append(f"{where}: id“{option_id}”应为小写字母、数字和下划线")
        return None
    if option_id in seen:
        problems.append(f"{where}: id“{option_id}”重复")
        return None
    seen.add(option_id)
    for key in ("label", "short"):
        if not _text(entry.get(key)):
            problems.append(f"{where}（{option_id}）: 缺少中文 {key}")
            return None
    return {"id": option_id, "label": entry["label"].strip(), "short": entry["short"].strip()}


def _bank_options(data: dict[str, Any], problems: list[str]) -> list[dict[str, str]]:
    seen: set[str] = set()
    out = []
    for i, entry in enumerate(read_toml("banks.toml").get("bank", [])):
        bank_id, short = entry.get("id"), entry.get("short")
        option = _check_option(
            f"data/banks.toml 第{i + 1}家银行",
            {"id": bank_id, "label": short, "short": short},
            seen,
            problems,
        )
        if option:
            out.append(option)
    other = data.get("banks", {}).get("other")
    option = _check_option(
        f"{_WHERE} [banks.other]", {"id": "other", **(other or {})}, seen, problems
    )
    if option:
        out.append(option)
    return out


def _check_field(name: str, raw: Any, ids: dict[str, tuple[str, ...]], problems: list[str]) -> dict:
    where = f"{_WHERE} [fields.{name}]"
    if not isinstance(raw, dict):
        problems.append(f"{where}: 应为一个表")
        return {}
    unknown = set(raw) - _FIELD_KEYS
    if unknown:
        problems.append(f"{where}: 不认识的键 {', '.join(sorted(unknown))}")
    kind = raw.get("kind")
    if kind not in KINDS:
        problems.append(f"{where}: kind 应为 {' / '.join(KINDS)} 之一，现在是 {kind!r}")
        return {}
    for key in ("label", "short"):
        if not _text(raw.get(key)):
            problems.append(f"{where}: 缺少中文 {key}")
    if not isinstance(raw.get("required"), bool):
        problems.append(f"{where}: required 应为 true 或 false")
    field = {
        "kind": kind,
        "required": raw.get("required") is True,
        "default": raw.get("default"),
        "label": str(raw.get("label", "")).strip(),
        "short": str(raw.get("short", "")).strip(),
        "min": None,
        "max": None,
        "unit": "",
    }
    if kind in ("choice", "choices") and name not in ids:
        problems.append(f"{where}: 选项字段必须有选项（{', '.join(OPTION_FIELDS)}）")
    if kind in ("number", "integer"):
        low, high = raw.get("min"), raw.get("max")
        numbers = all(
            isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)
            for v in (low, high)
        )
        if not numbers or low > high:
            problems.append(f"{where}: 需要 min 和 max（数字，min ≤ max）")
        else:
            field["min"], field["max"] = low, high
        if "unit" in raw and not _text(raw["unit"]):
            problems.append(f"{where}: unit 应为文字")
        field["unit"] = str(raw.get("unit", ""))
    elif "min" in raw or "max" in raw or "unit" in raw:
        problems.append(f"{where}: 只有数字字段才有 min、max 和 unit")
    if field["required"]:
        if "default" in raw:
            problems.append(f"{where}: 必填字段不能有 default")
        return field
    if "default" not in raw:
        problems.append(f"{where}: 不是必填的字段要有 default")
        return field
    problems.extend(
        f"{where}: default {why}" for why in _value_problems(field, ids.get(name), raw["default"])
    )
    return field


def _value_problems(field: dict, ids: tuple[str, ...] | None, value: Any) -> list[str]:
    kind = field["kind"]
    if kind == "bool":
        return [] if isinstance(value, bool) else ["应为 true 或 false"]
    if kind == "choice":
        return [] if value in (ids or ()) else ["不是这个字段的选项"]
    if kind == "choices":
        ok = isinstance(value, list) and all(item in (ids or ()) for item in value)
        return [] if ok else ["应为选项 id 的列表"]
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return ["应为数字"]
    if kind == "integer" and not isinstance(value, int):
        return ["应为整数"]
    if field["min"] is not None and not field["min"] <= value <= field["max"]:
        return ["超出 min 到 max 的范围"]
    return []


@lru_cache(maxsize=1)
def _vocabulary() -> dict[str, Any]:
    data = read_toml("vocabulary.toml")
    problems: list[str] = []
    unknown = set(data) - {"fields", "banks", "options", "yesno", "readiness", "debts"}
    if unknown:
        problems.append(f"{_WHERE}: 不认识的表 {', '.join(sorted(unknown))}")
    options: dict[str, list[dict[str, str]]] = {"bank": _bank_options(data, problems)}
    raw_options = data.get("options", {})
    for name in set(raw_options) - set(OPTION_FIELDS):
        problems.append(
            f"{_WHERE} [[options.{name}]]: 没有这个选项字段（{', '.join(OPTION_FIELDS)}）"
        )
    for name in OPTION_FIELDS[1:]:
        entries = raw_options.get(name)
        if not isinstance(entries, list) or len(entries) < 2:
            problems.append(f"{_WHERE}: [[options.{name}]] 至少要有两个选项")
            entries = []
        seen: set[str] = set()
        checked = [
            _check_option(f"{_WHERE} [[options.{name}]] 第{i + 1}项", entry, seen, problems)
            for i, entry in enumerate(entries)
        ]
        options[name] = [option for option in checked if option]
    ids = {name: tuple(o["id"] for o in entries) for name, entries in options.items()}
    raw_fields = data.get("fields", {})
    fields = {name: _check_field(name, raw, ids, problems) for name, raw in raw_fields.items()}
    for name in OPTION_FIELDS:
        if name not in fields:
            problems.append(f"{_WHERE}: 缺少 [fields.{name}]")
    yesno = data.get("yesno", {})
    if set(yesno) != {"yes", "no"} or not all(_text(v) for v in yesno.values()):
        problems.append(f"{_WHERE} [yesno]: 需要 yes 和 no 两个中文词")
    grades = data.get("readiness", {})
    if list(grades) != list(GRADES):
        problems.append(f"{_WHERE} [readiness]: 应依次为 {', '.join(GRADES)}")
    for grade, entry in grades.items():
        if not isinstance(entry, dict) or set(entry) != {"label", "text"}:
            problems.append(f"{_WHERE} [readiness.{grade}]: 应只有 label 和 text")
        elif not all(_text(v) for v in entry.values()):
            problems.append(f"{_WHERE} [readiness.{grade}]: label 和 text 应为中文文字")
    debts = _debt_words(data.get("debts"), options.get("product", []), fields, problems)
    if problems:
        raise DataError("资料词表有错误：\n" + "\n".join(problems), code="data_vocabulary")
    return {
        "fields": fields,
        "options": options,
        "yesno": yesno,
        "readiness": grades,
        "debts": debts,
    }


def _debt_words(
    raw: Any, products: list[dict[str, str]], fields: dict[str, Any], problems: list[str]
) -> dict[str, Any]:
    """The checked ``[debts]`` table: field names (with :data:`SHARED_FIELDS` named by their
    ``[fields.NAME].short``) and the option lists of version 2."""
    where = f"{_WHERE} [debts]"
    if not isinstance(raw, dict):
        problems.append(f"{where}: 缺少这张表（第 2 版资料的用词）")
        return {"fields": {}, **{kind: [] for kind in DEBT_KINDS}}
    for key in sorted(set(raw) - {"fields", "generic_lender", *DEBT_KINDS}):
        problems.append(f"{where}: 不认识的键 {key}")
    names = raw.get("fields")
    if not isinstance(names, dict):
        names = {}
    for name in DEBT_FIELDS:
        if not _text(names.get(name)):
            problems.append(f"{_WHERE} [debts.fields]: 缺少 {name} 的中文名称")
    for name in sorted(set(names) & set(SHARED_FIELDS)):
        problems.append(
            f"{_WHERE} [debts.fields]: {name} 的名称写在 [fields.{name}] 的 short 里，这里不要再写一遍"
        )
    for name in sorted(set(names) - set(DEBT_FIELDS) - set(SHARED_FIELDS)):
        problems.append(f"{_WHERE} [debts.fields]: 不认识的项目 {name}")
    out: dict[str, Any] = {"fields": {k: str(v).strip() for k, v in names.items()}}
    for name in SHARED_FIELDS:
        short = (fields.get(name) or {}).get("short")
        if short:
            out["fields"][name] = short
        else:
            problems.append(f"{_WHERE} [fields.{name}]: 缺少 short（第 2 版资料也用这个名称）")
    generic = raw.get("generic_lender")
    if not isinstance(generic, dict) or not _text(generic.get("default")):
        problems.append(f"{_WHERE} [debts.generic_lender]: 缺少 default（不知道机构名时的说法）")
        generic = {"default": ""}
    out["generic_lender"] = {k: str(v).strip() for k, v in generic.items()}
    for kind in DEBT_KINDS:
        entries = raw.get(kind)
        if not isinstance(entries, list) or not entries:
            problems.append(f"{_WHERE}: [[debts.{kind}]] 至少要有一个选项")
            entries = []
        seen = {o["id"] for o in products} if kind == "product" else set()
        checked = [
            _check_option(f"{_WHERE} [[debts.{kind}]] 第{i + 1}项", entry, seen, problems)
            for i, entry in enumerate(entries)
        ]
        out[kind] = [option for option in checked if option]
    known = {o["id"] for o in products} | {o["id"] for o in out["product"]}
    for key in sorted(set(out["generic_lender"]) - known - {"default"}):
        problems.append(f"{_WHERE} [debts.generic_lender]: 没有欠款类型 {key}")
    rest = [o for o in products if o["id"] != "other"]
    out["product"] = rest + out["product"] + [o for o in products if o["id"] == "other"]
    return out


def check() -> list[str]:
    """Every problem of the vocabulary in words (empty when it is sound); for ``check``."""
    try:
        _vocabulary()
    except DataError as exc:
        return [exc.message]
    return []


def fields() -> dict[str, dict[str, Any]]:
    """Every profile field in profile order: ``{name: {kind, required, default, label, short,
    min, max, unit}}``."""
    return copy.deepcopy(_vocabulary()["fields"])


def _field(name: str) -> dict[str, Any]:
    found = _vocabulary()["fields"].get(name)
    if found is None:
        raise DataError(f"资料词表里没有字段“{str(name)[:40]}”（程序错误）", code="unknown_field")
    return found


def options(field: str) -> list[dict[str, str]]:
    """The options of a choice field, in order: ``[{"id", "label", "short"}]``."""
    _field(field)
    found = _vocabulary()["options"].get(field)
    if found is None:
        raise DataError(f"字段“{field}”没有选项（程序错误）", code="unknown_field")
    return [dict(option) for option in found]


def option_ids(field: str) -> tuple[str, ...]:
    """The option ids of a choice field, in order."""
    return tuple(option["id"] for option in options(field))


def _form(form: str) -> str:
    if form not in FORMS:
        raise DataError(
            f"标签形式只能是 long 或 short，收到 {form!r}（程序错误）", code="unknown_form"
        )
    return "label" if form == "long" else "short"


def field_label(field: str, form: str = "long") -> str:
    """The field's name as a form (``long``) or the review screen (``short``) shows it."""
    return _field(field)[_form(form)]


def yes_no() -> list[dict[str, Any]]:
    """The two answers of a yes/no question: ``[{"id": True, "label": …}, {"id": False, …}]``."""
    words = _vocabulary()["yesno"]
    return [{"id": True, "label": words["yes"]}, {"id": False, "label": words["no"]}]


def label(field: str, value: Any, form: str = "short") -> str:
    """An answer to ``field`` as the reader says it: an option's label, labels joined with 、,
    是/否, or a number with its unit (``12,000 元``)."""
    spec = _field(field)
    key = _form(form)
    kind = spec["kind"]
    if kind in ("choice", "choices"):
        by_id = {option["id"]: option[key] for option in _vocabulary()["options"][field]}
        values = value if kind == "choices" else [value]
        unknown = [item for item in values if item not in by_id]
        if unknown:
            raise DataError(
                f"字段“{field}”没有选项“{str(unknown[0])[:40]}”（程序错误）", code="unknown_option"
            )
        return "、".join(by_id[item] for item in values)
    if kind == "bool":
        return _vocabulary()["yesno"]["yes" if value else "no"]
    return f"{number_text(value)} {spec['unit']}".strip()


def readiness(grade: str) -> dict[str, str]:
    """The readiness grade as the reader sees it: ``{"label": "较好", "text": "…"}``."""
    found = _vocabulary()["readiness"].get(grade)
    if found is None:
        raise DataError(f"没有准备程度“{str(grade)[:20]}”（程序错误）", code="unknown_grade")
    return dict(found)


def _debt_kind(kind: str) -> list[dict[str, str]]:
    if kind not in DEBT_KINDS:
        raise DataError(
            f"第 2 版资料没有“{str(kind)[:20]}”这类选项（程序错误）", code="unknown_field"
        )
    return _vocabulary()["debts"][kind]


def debt_options(kind: str) -> list[dict[str, str]]:
    """The options of a version-2 list (``product``, ``court_stage``, ``expense``), in order."""
    return [dict(option) for option in _debt_kind(kind)]


def debt_option_ids(kind: str) -> tuple[str, ...]:
    """The option ids of a version-2 list, in order."""
    return tuple(option["id"] for option in _debt_kind(kind))


def debt_label(kind: str, value: str, form: str = "short") -> str:
    """A version-2 option as the reader says it (``form`` as in :func:`label`)."""
    key = _form(form)
    for option in _debt_kind(kind):
        if option["id"] == value:
            return option[key]
    raise DataError(f"“{kind}”没有选项“{str(value)[:40]}”（程序错误）", code="unknown_option")


def debt_field_labels() -> dict[str, str]:
    """Every part of a version-2 profile → what the page calls it (the review screen's label)."""
    return dict(_vocabulary()["debts"]["fields"])


def debt_field_label(name: str) -> str:
    """What the page calls a part of a version-2 profile (``balance`` → 欠款余额)."""
    found = _vocabulary()["debts"]["fields"].get(name)
    if found is None:
        raise DataError(
            f"第 2 版资料没有“{str(name)[:40]}”这一项（程序错误）", code="unknown_field"
        )
    return found


def generic_lender(product: str) -> str:
    """What to call a lender the reader did not name (``other``), for this product."""
    words = _vocabulary()["debts"]["generic_lender"]
    return words.get(product, words["default"])
