"""The assessment's wording: ``data/rules.toml`` loaded, checked against the rule table, rendered.

Why apart from the rules: a maintainer edits sentences, the code decides which ones apply. The
file is checked when loaded — every (id, variant) and reason the rule table
(:mod:`guide_engine.rules`) can emit must have wording, nothing else may, placeholders and
citations must exist and no sentence may promise what no rule guarantees (:data:`FORBIDDEN`) — so
a mistake fails ``python -m guide_engine check``, the build and the tests with the entry named.
"""

from __future__ import annotations

import datetime as _dt
import re
from functools import lru_cache
from typing import Any

from .. import facts, vocabulary
from ..datafiles import read_toml
from ..errors import DataError
from ..rules import PATH_IDS, PATH_VARIANTS, REASON_KEYS, WARNING_IDS, WARNING_VARIANTS

#: Phrases that would promise what no rule guarantees; refused in rules.toml and tested on output.
FORBIDDEN = ("停息", "必须同意", "免除全部", "保证")

_SNIPPETS = {
    "proposal": {"lender", "offer", "margin", "rate", "fit"},
    "rate_stated": set(),
    "rate_estimate": {"rate"},
    "gap_shortfall": set(),
    "gap_zero": set(),
    "gap_over_cap": {"offer"},
    "objection_due": {"when"},
    "objection_count": set(),
    "capacity_positive": {"amount"},
    "capacity_zero": set(),
    "capacity_negative": {"amount"},
    "lender_card": set(),
    "lender_loan": set(),
}
_TEXT_PLACEHOLDERS = {
    "lender",
    "capacity",
    "offer",
    "margin",
    "gap",
    "overdue_days",
    "failed_attempts",
    "proposal",
    "proposal_card",
    "proposal_loan",
    "objection_due",
    "repair",
}
_POLICY_PLACEHOLDERS = {"window_start", "window_end", "repay_by", "max_amount"}
_PLACEHOLDER = re.compile(r"\{([a-z0-9_]+)(?::([a-z0-9_]+))?\}")


def _scan(where: str, text: Any, allowed: set[str], problems: list[str]) -> None:
    """Check one template: a string, known placeholders, registered citations, no forbidden phrase."""
    if not isinstance(text, str) or not text.strip():
        problems.append(f"{where}: 应为非空文字")
        return
    for match in _PLACEHOLDER.finditer(text):
        name, arg = match.group(1), match.group(2)
        if name == "cite":
            try:
                facts.source(arg or "")
            except DataError:
                problems.append(f"{where}: 引用了来源登记表里没有的 id“{arg}”")
        elif arg is not None or name not in allowed:
            problems.append(
                f"{where}: 未知的占位符 {match.group(0)}（可用：{', '.join(sorted(allowed))}，以及 {{cite:ID}}）"
            )
    stripped = _PLACEHOLDER.sub("", text)
    if "{" in stripped or "}" in stripped:
        problems.append(f"{where}: 花括号不成对或占位符写法不对")
    for phrase in FORBIDDEN:
        if phrase in text:
            problems.append(
                f"{where}: 含有禁止的说法“{phrase}”（不能承诺停止计息、银行必须同意、全部免除或任何保证）"
            )


def _check_items(
    kind: str,
    entries: Any,
    ids: tuple[str, ...],
    required: frozenset[tuple[str, str]],
    text_fields: tuple[str, ...],
    problems: list[str],
) -> dict[tuple[str, str], dict[str, Any]]:
    table: dict[tuple[str, str], dict[str, Any]] = {}
    if not isinstance(entries, list):
        problems.append(f"data/rules.toml: 缺少 [[{kind}]] 条目")
        return table
    for i, entry in enumerate(entries):
        key = (entry.get("id"), entry.get("variant"))
        where = f"data/rules.toml [[{kind}]] 第{i + 1}条（{key[0]}/{key[1]}）"
        allowed_fields = {"id", "variant", "source", "site", "page", *text_fields}
        unknown = set(entry) - allowed_fields
        if unknown:
            problems.append(f"{where}: 未知字段 {', '.join(sorted(unknown))}")
        if key[0] not in ids:
            problems.append(f"{where}: id 不在允许的列表中（{', '.join(ids)}）")
        if key not in required:
            problems.append(f"{where}: 代码不会用到这个 id/variant 组合")
        if key in table:
            problems.append(f"{where}: 重复")
        for field in text_fields:
            _scan(f"{where} {field}", entry.get(field), _TEXT_PLACEHOLDERS, problems)
        source = entry.get("source")
        if not isinstance(source, str):
            problems.append(f"{where}: 缺少 source（来源 id，或空字符串加 site）")
        elif source:
            try:
                facts.source(source)
            except DataError:
                problems.append(f"{where}: source“{source}”不在来源登记表里")
        elif not isinstance(entry.get("site"), str) or not entry.get("site"):
            problems.append(f"{where}: source 为空时要用 site 写明本站页面")
        if not isinstance(entry.get("page"), str) or not entry.get("page", "").endswith("/"):
            problems.append(f"{where}: page 应为本站页面的相对地址，以 / 结尾")
        table[key] = entry
    for key in sorted(required - set(table)):
        problems.append(f"data/rules.toml: 缺少 [[{kind}]] id={key[0]} variant={key[1]}")
    return table


@lru_cache(maxsize=1)
def _rules() -> dict[str, Any]:
    data = read_toml("rules.toml")
    problems: list[str] = []
    paths = _check_items(
        "path", data.get("path"), PATH_IDS, PATH_VARIANTS, ("title", "why"), problems
    )
    warnings = _check_items(
        "warning", data.get("warning"), WARNING_IDS, WARNING_VARIANTS, ("text",), problems
    )
    reasons = data.get("reasons", {})
    for key in REASON_KEYS:
        if key not in reasons:
            problems.append(f"data/rules.toml [reasons]: 缺少 {key}")
    for key, value in reasons.items():
        if key not in REASON_KEYS:
            problems.append(f"data/rules.toml [reasons]: 代码不会用到 {key}")
        _scan(f"data/rules.toml [reasons] {key}", value, _TEXT_PLACEHOLDERS, problems)
    snippets = data.get("snippets", {})
    for key, allowed in _SNIPPETS.items():
        _scan(f"data/rules.toml [snippets] {key}", snippets.get(key), allowed, problems)
    docs = data.get("documents", {})
    for key in ("base",):
        if not isinstance(docs.get(key), list) or not docs.get(key):
            problems.append("data/rules.toml [documents] base: 应为非空列表")
    for key in ("other_debts", "sued", "abusive_collection", "paid_agent"):
        _scan(f"data/rules.toml [documents] {key}", docs.get(key), set(), problems)
    for group in ("product", "hardship"):
        keys = (
            vocabulary.debt_option_ids("product")
            if group == "product"
            else vocabulary.option_ids(group)
        )
        table = docs.get(group, {})
        for key in sorted(set(table) - set(keys)):
            problems.append(f"data/rules.toml [documents.{group}] {key}: 词表里没有这个选项")
        for key in keys:
            items = table.get(key)
            if not isinstance(items, list) or not items:
                problems.append(f"data/rules.toml [documents.{group}] {key}: 应为非空列表")
                continue
            for item in items:
                _scan(f"data/rules.toml [documents.{group}] {key}", item, set(), problems)
    for item in docs.get("base", []) or []:
        _scan("data/rules.toml [documents] base", item, set(), problems)
    policy = data.get("policy", {}).get("pboc_credit_repair_2025", {})
    for key in ("window_start", "window_end", "repay_by"):
        if not isinstance(policy.get(key), _dt.date):
            problems.append(
                f"data/rules.toml [policy.pboc_credit_repair_2025] {key}: 应为日期（YYYY-MM-DD，不加引号）"
            )
    if not isinstance(policy.get("max_amount"), int) or isinstance(policy.get("max_amount"), bool):
        problems.append("data/rules.toml [policy.pboc_credit_repair_2025] max_amount: 应为整数")
    for key in ("open_text", "closed_text"):
        _scan(
            f"data/rules.toml [policy.pboc_credit_repair_2025] {key}",
            policy.get(key),
            _POLICY_PLACEHOLDERS,
            problems,
        )
    try:
        facts.source(policy.get("source", ""))
    except DataError:
        problems.append("data/rules.toml [policy.pboc_credit_repair_2025] source: 不在来源登记表里")
    if problems:
        raise DataError(
            "评估规则的文字（data/rules.toml）有错误：\n" + "\n".join(problems), code="data_rules"
        )
    return {
        "paths": paths,
        "warnings": warnings,
        "reasons": reasons,
        "snippets": snippets,
        "documents": docs,
        "policy": policy,
    }


def rules() -> dict[str, Any]:
    """Load and check ``data/rules.toml``; raises :class:`DataError` listing every problem.

    Meant for ``python -m guide_engine check`` and tests. Returns a summary (counts), not the
    cached tables, so callers cannot mutate them.
    """
    data = _rules()
    return {
        "paths": len(data["paths"]),
        "warnings": len(data["warnings"]),
        "reasons": len(data["reasons"]),
    }


def render(template: str, values: dict[str, str]) -> str:
    def replace(match: re.Match[str]) -> str:
        name, arg = match.group(1), match.group(2)
        if name == "cite":
            return facts.citation(arg or "")
        if name not in values:
            raise DataError(f"占位符 {{{name}}} 没有值（程序错误）", code="data_rules")
        return values[name]

    return _PLACEHOLDER.sub(replace, template)


def table() -> dict[str, Any]:
    """The checked wording tables (cached; callers must not change them)."""
    return _rules()
