"""The assessment: from a borrower's profile to what to do next, in order, each with its reason and source.

Why it is built this way: a frightened reader must get advice that is honest (no promise a bank
has not made), ordered by urgency (a court deadline beats everything), explained (every rule that
fired adds one sentence to ``reasons``) and checkable (every path and warning names the document
it rests on, taken from the one registry ``guide_engine/data/sources.toml``). The *rules* — which
items apply and in what order — live here; the *wording* lives in ``guide_engine/data/rules.toml``
so a maintainer can edit a sentence without touching Python. That file is validated when loaded
(:func:`rules`): unknown placeholders or registry ids, missing entries and forbidden phrases
(:data:`FORBIDDEN`) fail loudly.

Output of :func:`assess` (JSON-serialisable)::

    {
      "readiness": "high" | "medium" | "low",
      "paths":    [{"id", "title", "why", "source", "source_id", "page"}, ...],   # most urgent first
      "warnings": [{"id", "text", "source", "source_id", "page"}, ...],
      "documents": ["身份证…", ...],
      "plan": {"months", "monthly_payment", "affordable", "monthly_capacity"} | None,
      "reasons": ["…", ...],
    }

``source`` is the citation text (``facts.citation(source_id)``, e.g. 《商业银行信用卡业务监督管理
办法》第七十条) or, when no document applies, a page of this site ("本站：协商流程 · …") with
``source_id`` None. ``page`` is the site page (relative URL such as ``process/sued/``) with more
detail. The page links ``source_id`` to ``about/sources/#ID``.

The rules (condition → items; in this order, which is the order of ``paths``):

====================================================  =============================================
condition                                             paths / warnings
====================================================  =============================================
sued                                                  respond_to_lawsuit (always first) / lawsuit
paid_agent                                            stop_paid_agent / paid_agent_risk
abusive_collection                                    report_abusive_collection / collection_rights
                                                      (credit card: Art. 68/69 + CBA guideline as
                                                      self-regulation; loans: CBA guideline)
overdue_days == 0                                     contact_bank_early (cards: ask early, mind
                                                      instalment cost; loans: 展期 only before maturity)
willing and plan unaffordable                         budget_first, fee_relief / unaffordable
willing, credit card, hardship                        personalized_installment / not_obliged
willing, not a credit card, hardship or overdue       loan_restructuring / not_obliged (loan),
                                                      art70_credit_cards_only
willing, failed_attempts ≥ 1                          second_negotiation
willing, failed_attempts ≥ 2                          complaint (bank 15/30/+30 days → 12378 → mediation)
willing, overdue, plan affordable                     fee_relief (later in the list)
not willing                                           budget_first / lawsuit (risk; for credit cards
                                                      the sober conditions of 恶意透支)
overdue_days > 0                                      credit_record (5 years from when the arrears end;
                                                      one-time credit repair judged against ``today``)
not willing and not overdue                           credit_record (not yet)
overdue_days > 90                                     non_performing (cards: Art. 92 classes)
nothing else applies                                  budget_first
====================================================  =============================================

Art. 70 (``personalized_installment``) is never offered for a product other than ``credit_card``.

The plan (``plan``): monthly capacity = income − essential expenses − other debt payments. When
the borrower is willing, the shortest term (1…:data:`MAX_PLAN_MONTHS`, 60 for cards by Art. 70's
5 years and, as a deliberate estimate, 60 for loans too, whose real limit depends on the original
term) in which every equal instalment of ``debt_total`` fits the capacity; no further interest is
assumed (the agreement decides that, and ``reasons`` says so). When no term fits, ``affordable`` is
False and ``months``/``monthly_payment`` show the longest term. ``None`` when the borrower does not
intend to repay. Because :func:`~guide_engine.plans.months_needed` scans upwards, more capacity never
makes an affordable plan unaffordable nor needs more months.

Readiness (how ready the borrower is to negotiate successfully), with "documented hardship" =
at least one hardship and ``hardship_proof``:

* ``low`` — not willing to repay; or neither an affordable plan nor documented hardship.
* ``high`` — willing, documented hardship, affordable plan, and in contact with the lender
  (``contacted_bank``) or not overdue yet.
* ``medium`` — everything else.

Time-bound policies are judged against ``today`` (``assess(profile, today=None)`` reads the clock
only when no date is given, so tests pass a fixed date). The one-time credit repair is mentioned
as an option only while ``today`` ≤ its repayment deadline and the arrears began inside its window;
afterwards the assessment says the window has closed.
"""

from __future__ import annotations

import datetime as _dt
import re
import tomllib
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from importlib import resources
from typing import Any

from . import facts, vocabulary
from .errors import DataError, GuideError
from .plans import months_needed, repayment_plan
from .profile import validate_profile

READINESS = ("high", "medium", "low")
PATH_IDS = (
    "respond_to_lawsuit",
    "stop_paid_agent",
    "report_abusive_collection",
    "personalized_installment",
    "loan_restructuring",
    "fee_relief",
    "second_negotiation",
    "complaint",
    "budget_first",
    "contact_bank_early",
)
WARNING_IDS = (
    "lawsuit",
    "paid_agent_risk",
    "collection_rights",
    "credit_record",
    "non_performing",
    "unaffordable",
    "art70_credit_cards_only",
    "not_obliged",
)
#: Phrases that would promise what no rule guarantees; refused in rules.toml and tested on output.
FORBIDDEN = ("停息", "必须同意", "免除全部", "保证")
#: Longest plan the assessment proposes: Art. 70 allows at most 5 years for cards; for loans the
#: real limit depends on the original term (贷款通则 Art. 12), 60 months is our estimate.
MAX_PLAN_MONTHS = 60

_REQUIRED_PATHS = {
    ("respond_to_lawsuit", "default"),
    ("stop_paid_agent", "default"),
    ("report_abusive_collection", "credit_card"),
    ("report_abusive_collection", "default"),
    ("contact_bank_early", "credit_card"),
    ("contact_bank_early", "loan"),
    ("personalized_installment", "default"),
    ("loan_restructuring", "default"),
    ("fee_relief", "credit_card"),
    ("fee_relief", "default"),
    ("second_negotiation", "default"),
    ("complaint", "default"),
    ("budget_first", "unaffordable"),
    ("budget_first", "default"),
}
_REQUIRED_WARNINGS = {
    ("lawsuit", "sued"),
    ("lawsuit", "risk_credit_card"),
    ("lawsuit", "risk_default"),
    ("paid_agent_risk", "default"),
    ("collection_rights", "credit_card"),
    ("collection_rights", "default"),
    ("credit_record", "overdue"),
    ("credit_record", "not_yet"),
    ("non_performing", "credit_card"),
    ("non_performing", "default"),
    ("unaffordable", "default"),
    ("art70_credit_cards_only", "default"),
    ("not_obliged", "credit_card"),
    ("not_obliged", "loan"),
}
_REQUIRED_REASONS = {
    "sued",
    "paid_agent",
    "abusive_collection",
    "not_overdue",
    "card_installment",
    "card_no_hardship",
    "loan_restructuring",
    "fee_relief",
    "failed_once",
    "repeated_refusals",
    "overdue",
    "non_performing",
    "repair_open",
    "repair_closed",
    "unwilling",
    "no_proof",
    "plan_affordable",
    "plan_unaffordable",
    "readiness_high",
    "readiness_medium",
    "readiness_low",
}
_SNIPPETS = {
    "proposal": {"months", "monthly_payment", "lender"},
    "capacity_positive": {"amount"},
    "capacity_zero": set(),
    "capacity_negative": {"amount"},
    "lender_card": set(),
    "lender_loan": set(),
}
_TEXT_PLACEHOLDERS = {
    "lender",
    "months",
    "monthly_payment",
    "capacity",
    "max_months",
    "overdue_days",
    "failed_attempts",
    "proposal",
    "repair",
}
_POLICY_PLACEHOLDERS = {"window_start", "window_end", "repay_by", "max_amount"}
_WARNING_ORDER = {
    wid: i
    for i, wid in enumerate(
        (
            "lawsuit",
            "paid_agent_risk",
            "collection_rights",
            "unaffordable",
            "non_performing",
            "credit_record",
            "art70_credit_cards_only",
            "not_obliged",
        )
    )
}
_PLACEHOLDER = re.compile(r"\{([a-z0-9_]+)(?::([a-z0-9_]+))?\}")


# ─────────────────────────────── the wording (rules.toml) ───────────────────────────────


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
    required: set[tuple[str, str]],
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
    text = (
        resources.files("guide_engine")
        .joinpath("data")
        .joinpath("rules.toml")
        .read_text(encoding="utf-8")
    )
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise DataError(
            f"数据文件 data/rules.toml 不是合法的 TOML：{exc}", code="data_rules"
        ) from None
    problems: list[str] = []
    paths = _check_items(
        "path", data.get("path"), PATH_IDS, _REQUIRED_PATHS, ("title", "why"), problems
    )
    warnings = _check_items(
        "warning", data.get("warning"), WARNING_IDS, _REQUIRED_WARNINGS, ("text",), problems
    )
    reasons = data.get("reasons", {})
    for key in sorted(_REQUIRED_REASONS - set(reasons)):
        problems.append(f"data/rules.toml [reasons]: 缺少 {key}")
    for key, value in reasons.items():
        if key not in _REQUIRED_REASONS:
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
        keys = vocabulary.option_ids(group)
        table = docs.get(group, {})
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
    """Load and validate ``data/rules.toml``; raises :class:`DataError` listing every problem.

    Meant for ``python -m guide_engine check`` and tests. Returns a summary (counts), not the
    cached tables, so callers cannot mutate them.
    """
    data = _rules()
    return {
        "paths": len(data["paths"]),
        "warnings": len(data["warnings"]),
        "reasons": len(data["reasons"]),
    }


def _render(template: str, values: dict[str, str]) -> str:
    def replace(match: re.Match[str]) -> str:
        name, arg = match.group(1), match.group(2)
        if name == "cite":
            return facts.citation(arg or "")
        if name not in values:
            raise DataError(f"占位符 {{{name}}} 没有值（程序错误）", code="data_rules")
        return values[name]

    return _PLACEHOLDER.sub(replace, template)


# ─────────────────────────────── helpers ───────────────────────────────


def _money(value: Decimal | float) -> str:
    return f"{Decimal(str(value)).quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):,.2f}"


def _cn_date(day: _dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def lender_name(profile: dict[str, Any]) -> str:
    """The bank's short name from banks.toml, or a generic word for "other" (never invented)."""
    if profile["bank"] != "other":
        return facts.bank(profile["bank"])["short"]
    snippets = _rules()["snippets"]
    return (
        snippets["lender_card"] if profile["product"] == "credit_card" else snippets["lender_loan"]
    )


def monthly_capacity(profile: dict[str, Any]) -> Decimal:
    """Income − essential expenses − other debt payments, in yuan rounded to the fen (may be negative)."""
    value = (
        Decimal(str(profile["monthly_income"]))
        - Decimal(str(profile["monthly_essential_expenses"]))
        - Decimal(str(profile["other_debt_payments"]))
    )
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _plan(profile: dict[str, Any], capacity: Decimal) -> dict[str, Any] | None:
    if not profile["willing_to_repay"]:
        return None
    debt = profile["debt_total"]
    months = months_needed(debt, float(capacity), 0.0, MAX_PLAN_MONTHS)
    affordable = months is not None
    if months is None:
        # Show the longest term that can be built (tiny debts cannot be split into 60 fen-rounded parts).
        for term in range(MAX_PLAN_MONTHS, 0, -1):
            try:
                repayment_plan(debt, term)
            except GuideError:
                continue
            months = term
            break
    if months is None:  # pragma: no cover - a 1-month plan always exists for debt ≥ 0.01
        return None
    plan = repayment_plan(debt, months)
    return {
        "months": months,
        "monthly_payment": plan["monthly_payment"],
        "affordable": affordable,
        "monthly_capacity": float(capacity),
    }


def documents_for(profile: dict[str, Any], for_letter: bool = False) -> list[str]:
    """The checklist for this borrower: basics, proof for each hardship, product papers, extras.

    ``for_letter`` leaves out what is not an attachment to a negotiation letter (court papers,
    collection records, agent contracts, and hardship proof the borrower said they do not have).
    """
    docs = _rules()["documents"]
    items: list[str] = list(docs["base"])
    if not for_letter or profile["hardship_proof"]:
        for hardship in profile["hardship"]:
            items.extend(docs["hardship"][hardship])
    items.extend(docs["product"][profile["product"]])
    if profile["other_debt_payments"] > 0:
        items.append(docs["other_debts"])
    if not for_letter:
        for flag in ("sued", "abusive_collection", "paid_agent"):
            if profile[flag]:
                items.append(docs[flag])
    return list(dict.fromkeys(items))


def _repair_text(profile: dict[str, Any], today: _dt.date) -> tuple[str, str | None]:
    """(sentence, reason key) about the one-time credit repair, judged against ``today``."""
    policy = _rules()["policy"]
    values = {
        "window_start": _cn_date(policy["window_start"]),
        "window_end": _cn_date(policy["window_end"]),
        "repay_by": _cn_date(policy["repay_by"]),
        "max_amount": f"{policy['max_amount']:,}",
    }
    if today > policy["repay_by"]:
        return _render(policy["closed_text"], values), "repair_closed"
    began = today - _dt.timedelta(days=profile["overdue_days"])
    if policy["window_start"] <= today and began <= policy["window_end"]:
        return _render(policy["open_text"], values), "repair_open"
    return "", None


# ─────────────────────────────── assess ───────────────────────────────


def assess(profile: dict[str, Any], today: _dt.date | None = None) -> dict[str, Any]:
    """Where the borrower stands and what to do next; see the module docstring for every rule."""
    p = validate_profile(profile)
    if today is None:
        today = _dt.date.today()
    elif isinstance(today, _dt.datetime):
        today = today.date()
    elif not isinstance(today, _dt.date):
        raise GuideError("today 必须是日期（datetime.date）。", code="invalid_date")
    table = _rules()
    card = p["product"] == "credit_card"
    willing = p["willing_to_repay"]
    overdue = p["overdue_days"]
    has_hardship = bool(p["hardship"])
    capacity = monthly_capacity(p)
    plan = _plan(p, capacity)
    affordable = bool(plan and plan["affordable"])
    unaffordable = plan is not None and not plan["affordable"]

    snippets = table["snippets"]
    lender = lender_name(p)
    if capacity > 0:
        capacity_text = _render(snippets["capacity_positive"], {"amount": _money(capacity)})
    elif capacity == 0:
        capacity_text = _render(snippets["capacity_zero"], {})
    else:
        capacity_text = _render(snippets["capacity_negative"], {"amount": _money(-capacity)})
    values = {
        "lender": lender,
        "capacity": capacity_text,
        "max_months": str(MAX_PLAN_MONTHS),
        "overdue_days": str(overdue),
        "failed_attempts": str(p["failed_attempts"]),
        "months": str(plan["months"]) if plan else "",
        "monthly_payment": _money(plan["monthly_payment"]) if plan else "",
        "proposal": "",
        "repair": "",
    }
    if affordable:
        values["proposal"] = _render(snippets["proposal"], values)

    paths: list[tuple[str, str]] = []
    warnings: list[tuple[str, str]] = []
    reasons: list[str] = []

    def path(pid: str, variant: str = "default") -> None:
        if all(existing != pid for existing, _ in paths):
            paths.append((pid, variant))

    def warn(wid: str, variant: str = "default") -> None:
        if all(existing != wid for existing, _ in warnings):
            warnings.append((wid, variant))

    def reason(key: str) -> None:
        reasons.append(key)

    kind = "credit_card" if card else "default"
    if p["sued"]:
        path("respond_to_lawsuit")
        warn("lawsuit", "sued")
        reason("sued")
    if p["paid_agent"]:
        path("stop_paid_agent")
        warn("paid_agent_risk")
        reason("paid_agent")
    if p["abusive_collection"]:
        path("report_abusive_collection", kind)
        warn("collection_rights", kind)
        reason("abusive_collection")
    if overdue == 0:
        path("contact_bank_early", "credit_card" if card else "loan")
        reason("not_overdue")
    if unaffordable:
        path("budget_first", "unaffordable")
        path("fee_relief", kind)
        warn("unaffordable")
        reason("plan_unaffordable")
    elif affordable:
        reason("plan_affordable")
    if willing:
        if card and has_hardship:
            path("personalized_installment")
            warn("not_obliged", "credit_card")
            reason("card_installment")
        elif card and overdue > 0:
            reason("card_no_hardship")
        elif not card and (has_hardship or overdue > 0):
            path("loan_restructuring")
            warn("not_obliged", "loan")
            warn("art70_credit_cards_only")
            reason("loan_restructuring")
        if has_hardship and not p["hardship_proof"]:
            reason("no_proof")
        if p["failed_attempts"] >= 1:
            path("second_negotiation")
            reason("failed_once")
        if p["failed_attempts"] >= 2:
            path("complaint")
            reason("repeated_refusals")
        if overdue > 0 and not unaffordable:
            path("fee_relief", kind)
            reason("fee_relief")
    else:
        path("budget_first")
        if not p["sued"]:
            warn("lawsuit", "risk_credit_card" if card else "risk_default")
        reason("unwilling")
    if overdue > 0:
        repair, repair_reason = _repair_text(p, today)
        values["repair"] = repair
        warn("credit_record", "overdue")
        reason("overdue")
        if repair_reason:
            reason(repair_reason)
    elif not willing:
        warn("credit_record", "not_yet")
    if overdue > 90:
        warn("non_performing", kind)
        reason("non_performing")
    if not paths:
        path("budget_first")

    documented = has_hardship and p["hardship_proof"]
    if not willing or (not affordable and not documented):
        readiness = "low"
    elif documented and affordable and (p["contacted_bank"] or overdue == 0):
        readiness = "high"
    else:
        readiness = "medium"
    reason(f"readiness_{readiness}")

    def cited(entry: dict[str, Any]) -> dict[str, Any]:
        source_id = entry["source"] or None
        return {
            "source": facts.citation(source_id) if source_id else f"本站：{entry['site']}",
            "source_id": source_id,
            "page": entry["page"],
        }

    out_paths = []
    for pid, variant in paths:
        entry = table["paths"][(pid, variant)]
        out_paths.append(
            {
                "id": pid,
                "title": _render(entry["title"], values),
                "why": _render(entry["why"], values),
                **cited(entry),
            }
        )
    out_warnings = []
    for wid, variant in sorted(warnings, key=lambda item: _WARNING_ORDER[item[0]]):
        entry = table["warnings"][(wid, variant)]
        out_warnings.append({"id": wid, "text": _render(entry["text"], values), **cited(entry)})
    return {
        "readiness": readiness,
        "paths": out_paths,
        "warnings": out_warnings,
        "documents": documents_for(p),
        "plan": plan,
        "reasons": [_render(table["reasons"][key], values) for key in reasons],
    }
