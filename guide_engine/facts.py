"""The one place facts live: the registry of sources and the bank facts, read from package data.

Why: a regulation citation or a bank's phone number must never be typed twice. The engine cites
these entries in assessments, and the MkDocs hook (scripts/hooks/) renders the same entries into
the pages (citations, bank fact boxes, the sources page). Both read them through this module.
"""

from __future__ import annotations

import datetime as _dt
from functools import lru_cache
from typing import Any

from . import vocabulary
from .datafiles import read_toml
from .errors import DataError

#: A fact whose ``reviewed`` date is older than this is reported as due for a re-check: the site
#: build prints the report (without failing) and ``python -m guide_engine check --stale`` exits 1.
REVIEW_MAX_AGE_DAYS = 180

CONFIDENCE_LEVELS = ("high", "medium")

_SOURCE_FIELDS = {
    "id": str,
    "document": str,
    "article": str,
    "issuer": str,
    "date": str,
    "effective": str,
    "kind": str,
    "binding": bool,
    "confidence": str,
    "summary": str,
    "reviewed": str,
}
_SOURCE_KINDS = {
    "law",
    "regulation",
    "rule",
    "notice",
    "judicial",
    "self_regulation",
    "warning",
    "hotline",
}


def _check_date(where: str, value: str, problems: list[str]) -> None:
    try:
        _dt.date.fromisoformat(value)
    except ValueError:
        problems.append(f"{where}: reviewed 日期“{value}”不是 YYYY-MM-DD 格式")


@lru_cache(maxsize=1)
def _sources() -> tuple[dict[str, Any], ...]:
    entries = read_toml("sources.toml").get("source", [])
    problems: list[str] = []
    seen: set[str] = set()
    for i, entry in enumerate(entries):
        where = f"data/sources.toml 第{i + 1}条（id={entry.get('id', '?')}）"
        for field, typ in _SOURCE_FIELDS.items():
            if not isinstance(entry.get(field), typ):
                problems.append(f"{where}: 缺少字段 {field} 或类型不是 {typ.__name__}")
        unknown = set(entry) - set(_SOURCE_FIELDS)
        if unknown:
            problems.append(f"{where}: 未知字段 {', '.join(sorted(unknown))}")
        if entry.get("kind") not in _SOURCE_KINDS:
            problems.append(f"{where}: kind“{entry.get('kind')}”不在 {sorted(_SOURCE_KINDS)} 之中")
        if entry.get("confidence") not in CONFIDENCE_LEVELS:
            problems.append(f"{where}: confidence 只能是 high 或 medium，低可信度的事实不上网站")
        if entry.get("id") in seen:
            problems.append(f"{where}: id 重复")
        seen.add(entry.get("id"))
        if isinstance(entry.get("reviewed"), str):
            _check_date(where, entry["reviewed"], problems)
    if problems:
        raise DataError("来源登记表有错误：\n" + "\n".join(problems), code="data_sources")
    return tuple(entries)


def sources() -> list[dict[str, Any]]:
    """Every registered source, in file order (copies: callers may not mutate the registry)."""
    return [dict(entry) for entry in _sources()]


def source(source_id: str) -> dict[str, Any]:
    """One source by id; an unknown id is a programming or content error, reported in words."""
    for entry in _sources():
        if entry["id"] == source_id:
            return dict(entry)
    raise DataError(
        f"来源登记表里没有 id 为“{source_id}”的来源（见 guide_engine/data/sources.toml）",
        code="unknown_source",
    )


def citation(source_id: str) -> str:
    """The citation text a page or an assessment shows, e.g. 《商业银行信用卡业务监督管理办法》第七十条."""
    entry = source(source_id)
    text = f"《{entry['document']}》" if entry["kind"] != "hotline" else entry["document"]
    if entry["article"]:
        text += entry["article"]
    return text


def _dated_items(bank_entry: dict[str, Any]) -> list[dict[str, Any]]:
    """A bank's facts that carry a confidence and a review date: channels, facts, founding date."""
    items = list(bank_entry.get("channels", [])) + list(bank_entry.get("facts", []))
    if "founded" in bank_entry:
        items.append(bank_entry["founded"])
    return items


@lru_cache(maxsize=1)
def _banks() -> tuple[dict[str, Any], ...]:
    entries = read_toml("banks.toml").get("bank", [])
    problems: list[str] = []
    for entry in entries:
        where = f"data/banks.toml（id={entry.get('id', '?')}）"
        for field in ("id", "name", "short", "english", "kind", "summary"):
            if not isinstance(entry.get(field), str) or not entry.get(field):
                problems.append(f"{where}: 缺少字段 {field}")
        for item in _dated_items(entry):
            if item.get("confidence") not in CONFIDENCE_LEVELS:
                problems.append(
                    f"{where}: “{item.get('value') or item.get('text')}”的 confidence 必须是 high 或 medium"
                )
            if isinstance(item.get("reviewed"), str):
                _check_date(where, item["reviewed"], problems)
            else:
                problems.append(
                    f"{where}: “{item.get('value') or item.get('text')}”缺少 reviewed 日期"
                )
        for product in entry.get("products", []):
            if product.get("kind") not in vocabulary.option_ids("product"):
                problems.append(f"{where}: 产品“{product.get('name')}”的 kind 未知")
            if product.get("art70") and product.get("kind") != "credit_card":
                problems.append(
                    f"{where}: 产品“{product.get('name')}”不是信用卡，第七十条不适用（art70 必须为 false）"
                )
    if problems:
        raise DataError("银行资料有错误：\n" + "\n".join(problems), code="data_banks")
    return tuple(entries)


def banks() -> list[dict[str, Any]]:
    """The banks with guides, in file order (deep enough copies for rendering)."""
    import copy

    return copy.deepcopy(list(_banks()))


def bank(bank_id: str) -> dict[str, Any]:
    for entry in banks():
        if entry["id"] == bank_id:
            return entry
    raise DataError(
        f"银行资料里没有 id 为“{bank_id}”的银行（见 guide_engine/data/banks.toml）",
        code="unknown_bank",
    )


def stale_facts(today: _dt.date, max_age_days: int = REVIEW_MAX_AGE_DAYS) -> list[dict[str, Any]]:
    """The facts whose review date is older than ``max_age_days``, oldest first.

    Each item is ``{"what", "reviewed", "age_days", "recheck"}``: the fact in words, its last review
    date (ISO), how many days ago that was, and where a maintainer re-checks it. ``today`` is a
    parameter (not read from the clock) so the engine stays pure and the tests can pin it.
    """
    limit = today - _dt.timedelta(days=max_age_days)
    out: list[dict[str, Any]] = []

    def add(what: str, reviewed: str, recheck: str) -> None:
        day = _dt.date.fromisoformat(reviewed)
        if day < limit:
            age = (today - day).days
            out.append({"what": what, "reviewed": reviewed, "age_days": age, "recheck": recheck})

    for entry in _sources():
        issuer = entry.get("issuer") or "发布机关"
        add(
            f"来源 {entry['id']}（{citation(entry['id'])}）",
            entry["reviewed"],
            f"{issuer}的官方发布（data/sources.toml）",
        )
    for entry in _banks():
        for item in _dated_items(entry):
            label = item.get("value") or item.get("text", "")[:20]
            add(
                f"{entry['short']}：“{label}”",
                item["reviewed"],
                f"{entry['name']}官网或官方客服（data/banks.toml）",
            )
    out.sort(key=lambda item: (item["reviewed"], item["what"]))
    return out


def stale_report(today: _dt.date, max_age_days: int = REVIEW_MAX_AGE_DAYS) -> list[str]:
    """:func:`stale_facts` as lines a maintainer reads (empty when nothing is due)."""
    stale = stale_facts(today, max_age_days)
    if not stale:
        return []
    lines = [
        f"资料核查提醒（{today.isoformat()}）：{len(stale)} 条资料超过 {max_age_days} 天没有核查。"
        "请逐条核对后更新它的 reviewed 日期："
    ]
    lines += [
        f"- {item['what']}：上次核查 {item['reviewed']}（{item['age_days']} 天前），到{item['recheck']}核对"
        for item in stale
    ]
    return lines
