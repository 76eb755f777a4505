"""Repayment terms by product: how long a plan may run, what each instalment is, and whether it fits.

Why by product: Art. 70's five years (60 months) is a credit-card rule. Offering 60 periods for a
one-year online loan gives the reader an "official-looking" number the lender will refuse, while
the same page calls that a myth. So:

* ``credit_card`` — 个性化分期 up to 60 months (Art. 70; the bank may refuse);
* ``consumer_loan`` / ``business_loan`` — the cumulative 展期 cap of 《贷款通则》第十二条, from
  ``original_term_months``: a short-term loan (≤ 12 months) at most its original term, a medium
  one (≤ 60) at most half of it (rounded down), a long one at most 36 months; for personal loans
  over a year the personal-loan rule is added as the fact sheet rates it (medium). With no
  original term the lender decides and no number of periods is given;
* ``consumer_credit`` (花呗, 白条, 月付) — not a bank card: no Art. 70; the lender decides;
* ``mortgage`` / ``car_loan`` — kept current, not renegotiated here; ``other`` — lender decides.

The cap is compared with the months the offered amount needs. The cap counts months of extension
and the balance is planned from now, which is the cautious reading: a loan that has months left
before maturity has that much more room. Every cap, every number and its wording live in
``data/debts.toml`` (``[[term]]``, ``[[extension_class]]``, ``[personal_loans]``, ``[terms]``).

Instalments use :func:`guide_engine.plans.repayment_plan` and ``months_needed`` (every instalment,
the last included, within the offer). With ``annual_rate`` the plan is at that rate. Without it,
two plans: the interest-free floor (labelled as such) and an estimate at the data's
``estimate_rate``, whose basis the data states; ``months_needed`` and ``fits`` then follow the
estimate, the cautious one. When no term up to the cap (or the search limit) fits, the plan shown
is the one at that limit, so the reader sees what the instalment would have to be.

Output of :func:`debt_terms` (JSON-serialisable)::

    {"index", "kind": "art70" | "loan_extension" | "lender_decides" | "keep_current",
     "term_months_max": int | None,            # None = the lender decides / not renegotiated
     "months_needed": int | None, "months_needed_floor": int | None,
     "fits": bool | None,                      # None when there is no cap to fit
     "plan": {"months", "monthly_payment", "total_paid", "annual_rate", "basis": "stated" |
              "estimate", "label", "within_offer"} | None,
     "floor_plan": {... "basis": "floor" ...} | None,
     "text", "fit_text", "source_id", "page"}
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from . import debts_data
from .errors import GuideError
from .money import for_people
from .plans import MAX_MONTHS, months_needed, repayment_plan
from .vocabulary import debt_option_ids

PRODUCTS = debt_option_ids("product")

KINDS = ("art70", "loan_extension", "lender_decides", "keep_current")
CLASS_RULES = ("original", "half", "fixed")
_TERM_TEXT = ("class_text", "term", "cap", "personal")
_TERMS_TEXTS = {
    "estimate_basis": (),
    "floor_label": (),
    "stated_label": (),
    "fits": ("months", "cap"),
    "over_cap": ("cap",),
    "no_cap": ("months",),
    "no_cap_too_long": ("months",),
    "nothing_offered": (),
    "kept_current": ("due",),
    "court_secured": (),
}


def _check_terms(check: debts_data.Checker, data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    by_product: dict[str, dict[str, Any]] = {}
    for i, entry in enumerate(data.get("term", [])):
        where = f"[[term]] 第{i + 1}条（{entry.get('product', '?')}）"
        kind = entry.get("kind")
        required = {"product", "kind", "text", "source_id", "page"}
        required |= {"cap_months"} if kind == "art70" else set()
        required |= {"unknown"} if kind == "loan_extension" else set()
        if not check.keys(where, entry, required):
            continue
        if kind not in KINDS:
            check.problems.append(f"{where}: kind 应为 {'、'.join(KINDS)} 之一")
        if entry["product"] not in PRODUCTS or entry["product"] in by_product:
            check.problems.append(f"{where}: product 应为 {'、'.join(PRODUCTS)} 之一，且不重复")
        allowed = _TERM_TEXT if kind == "loan_extension" else ()
        check.text(f"{where} text", entry["text"], allowed)
        if kind == "loan_extension":
            check.text(f"{where} unknown", entry["unknown"])
        if kind == "art70":
            check.integer(f"{where} cap_months", entry["cap_months"], 1, MAX_MONTHS)
        source = check.source(f"{where} source_id", entry["source_id"], allow_site=True)
        check.page(f"{where} page", entry["page"])
        by_product[entry["product"]] = {**entry, "source_id": source}
    for product in PRODUCTS:
        if product not in by_product:
            check.problems.append(f"[[term]]: 缺少 product = {product}")
    return by_product


def _check_classes(check: debts_data.Checker, data: dict[str, Any]) -> list[dict[str, Any]]:
    classes: list[dict[str, Any]] = []
    last = 0
    for i, entry in enumerate(data.get("extension_class", [])):
        where = f"[[extension_class]] 第{i + 1}条（{entry.get('id', '?')}）"
        rule = entry.get("rule")
        required = {"id", "up_to_months", "rule", "text"} | (
            {"months"} if rule == "fixed" else set()
        )
        if not check.keys(where, entry, required):
            continue
        if rule not in CLASS_RULES:
            check.problems.append(f"{where}: rule 应为 {'、'.join(CLASS_RULES)} 之一")
        up_to = check.integer(f"{where} up_to_months", entry["up_to_months"], 1, MAX_MONTHS)
        if up_to <= last:
            check.problems.append(f"{where}: up_to_months 要从小到大排列")
        last = up_to
        if rule == "fixed":
            check.integer(f"{where} months", entry["months"], 1, MAX_MONTHS)
        check.text(f"{where} text", entry["text"])
        classes.append(dict(entry))
    if last != MAX_MONTHS:
        check.problems.append(f"[[extension_class]]: 最后一类的 up_to_months 应为 {MAX_MONTHS}")
    return classes


@lru_cache(maxsize=1)
def rules() -> dict[str, Any]:
    """The checked terms, extension classes, personal-loan rule and plan settings."""
    data = debts_data.raw()
    check = debts_data.Checker()
    by_product = _check_terms(check, data)
    classes = _check_classes(check, data)
    personal = data.get("personal_loans")
    if check.keys("[personal_loans]", personal, {"over_months", "text", "source_id"}):
        check.integer("[personal_loans] over_months", personal["over_months"], 1, MAX_MONTHS)
        check.text("[personal_loans] text", personal["text"])
        check.source("[personal_loans] source_id", personal["source_id"])
    settings = data.get("terms")
    fields = {"estimate_rate", "estimate_source_id", "search_months", *_TERMS_TEXTS}
    if check.keys("[terms]", settings, fields):
        rate = settings["estimate_rate"]
        if isinstance(rate, bool) or not isinstance(rate, float) or not 0 < rate <= 1:
            check.problems.append("[terms] estimate_rate: 应为 0 到 1 之间的小数（0.18 即 18%）")
        check.source("[terms] estimate_source_id", settings["estimate_source_id"])
        check.integer("[terms] search_months", settings["search_months"], 1, MAX_MONTHS)
        for key, allowed in _TERMS_TEXTS.items():
            check.text(f"[terms] {key}", settings[key], allowed)
    debts_data.fail("还款期限规则", check.problems)
    return {
        "by_product": by_product,
        "classes": classes,
        "personal": dict(personal),
        "settings": dict(settings),
    }


def extension_cap(original_term_months: int) -> tuple[int, dict[str, Any]]:
    """(cumulative extension cap in months, the loan class) for a loan of that original term."""
    for loan_class in rules()["classes"]:
        if original_term_months <= loan_class["up_to_months"]:
            rule = loan_class["rule"]
            if rule == "original":
                return original_term_months, loan_class
            if rule == "half":
                return original_term_months // 2, loan_class
            return loan_class["months"], loan_class
    raise GuideError(f"原借款期限 {original_term_months} 个月超出了范围", code="invalid_terms")


def _plan(balance: float, months: int, rate: float, basis: str, label: str, within: bool):
    try:
        plan = repayment_plan(balance, months, annual_rate=rate)
    except GuideError:
        return None  # a balance of a few fen cannot be spread over that many months
    return {
        "months": months,
        "monthly_payment": plan["monthly_payment"],
        "total_paid": plan["total_paid"],
        "annual_rate": rate,
        "basis": basis,
        "label": label,
        "within_offer": within,
    }


def _plans(balance: float, offer: float, rate: float, limit: int, basis: str, label: str):
    """(months needed or None, the plan at those months or at ``limit``)."""
    months = months_needed(balance, offer, annual_rate=rate, max_months=limit) if offer else None
    return months, _plan(balance, months or limit, rate, basis, label, months is not None)


def debt_terms(
    debt: dict[str, Any], index: int, route: str, offer_monthly: float | None
) -> dict[str, Any]:
    """The terms of one normalised debt, given its route and offer (:mod:`guide_engine.budget`)."""
    data = rules()
    settings = data["settings"]
    term = data["by_product"][debt["product"]]
    kind, cap, text = term["kind"], None, term["text"]
    source_id, page = term["source_id"], term["page"]
    out = {
        "index": index,
        "kind": kind,
        "term_months_max": None,
        "months_needed": None,
        "months_needed_floor": None,
        "fits": None,
        "plan": None,
        "floor_plan": None,
        "text": text,
        "fit_text": "",
        "source_id": source_id,
        "page": page,
    }
    if route == "keep_current":
        due = for_people(debt["monthly_due"])
        kept = debts_data.render(settings["kept_current"], due=due)
        return {**out, "kind": "keep_current", "text": text if kind == "keep_current" else kept}
    if kind == "keep_current":
        return {**out, "text": settings["court_secured"]}
    if kind == "art70":
        cap = term["cap_months"]
    elif kind == "loan_extension":
        original = debt.get("original_term_months")
        if original is None:
            text = term["unknown"]
        else:
            cap, loan_class = extension_cap(original)
            personal = data["personal"]
            text = debts_data.render(
                term["text"],
                class_text=loan_class["text"],
                term=original,
                cap=cap,
                personal=personal["text"] if original > personal["over_months"] else "",
            )
    limit = cap or settings["search_months"]
    offer = offer_monthly or 0.0
    balance = debt["balance"]
    if debt.get("annual_rate") is not None:
        months, plan = _plans(
            balance, offer, debt["annual_rate"], limit, "stated", settings["stated_label"]
        )
        floor_months, floor_plan = None, None
    else:
        months, plan = _plans(
            balance,
            offer,
            settings["estimate_rate"],
            limit,
            "estimate",
            settings["estimate_basis"],
        )
        floor_months, floor_plan = _plans(
            balance, offer, 0.0, limit, "floor", settings["floor_label"]
        )
    if not offer:
        fit_text = settings["nothing_offered"]
    elif cap is not None:
        fit_text = (
            debts_data.render(settings["fits"], months=months, cap=cap)
            if months
            else debts_data.render(settings["over_cap"], cap=cap)
        )
    else:
        fit_text = debts_data.render(
            settings["no_cap"] if months else settings["no_cap_too_long"], months=months or limit
        )
    return {
        **out,
        "term_months_max": cap,
        "months_needed": months,
        "months_needed_floor": floor_months,
        "fits": (months is not None) if cap is not None else None,
        "plan": plan,
        "floor_plan": floor_plan,
        "text": text,
        "fit_text": fit_text,
    }


def household_terms(household: dict[str, Any], budget: dict[str, Any]) -> list[dict[str, Any]]:
    """:func:`debt_terms` for every debt, given :func:`guide_engine.budget.plan_budget`'s result."""
    return [
        debt_terms(debt, i, planned["route"], planned["offer_monthly"])
        for i, (debt, planned) in enumerate(zip(household["debts"], budget["debts"], strict=True))
    ]
