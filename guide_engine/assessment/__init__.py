"""The assessment: from a borrower's profile to what to do next, in order, each with its reason and source.

Why it is built this way: a frightened reader must get advice that is honest (no promise a bank
has not made), ordered by urgency (a court deadline beats everything), explained (every rule that
fired adds one sentence to ``reasons``) and checkable (every path and warning names the document
it rests on, taken from the one registry ``guide_engine/data/sources.toml``). The *rules* — which
items apply and in what order — are one table, :mod:`guide_engine.rules`; the *wording* lives in
``guide_engine/data/rules.toml`` so a maintainer can edit a sentence without touching Python
(:mod:`.wording` checks it against the table when loaded: missing or unused entries, unknown
placeholders or registry ids and forbidden phrases (:data:`FORBIDDEN`) fail loudly). The facts the
rules read are derived once (:mod:`.derive`).

Output of :func:`assess` (JSON-serialisable)::

    {
      "readiness": "high" | "medium" | "low",
      "readiness_label": "较好", "readiness_text": "…",           # the vocabulary's words
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

The rules, in firing order (the table below is generated from :data:`guide_engine.rules.RULES`,
the one place they are written; ``paths`` keep this order, warnings are shown in
:data:`~guide_engine.rules.WARNING_ORDER`; ``help(guide_engine.assessment)`` shows it filled in):

(RULES_TABLE)

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

Its words for the reader (``readiness_label``, ``readiness_text``) are the vocabulary's
(``data/vocabulary.toml`` ``[readiness]``).

Time-bound policies are judged against ``today`` (``assess(profile, today=None)`` reads the clock
only when no date is given, so tests pass a fixed date). The one-time credit repair is mentioned
as an option only while ``today`` ≤ its repayment deadline and the arrears began inside its window;
afterwards the assessment says the window has closed.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from .. import facts, vocabulary
from ..errors import GuideError
from ..money import yuan
from ..profile import validate_profile
from ..rules import (
    FALLBACK,
    PATH_IDS,
    READINESS_REASON,
    RULES,
    WARNING_IDS,
    WARNING_ORDER,
    Item,
    Pick,
)
from ..rules import table_text as _table_text
from . import wording
from .derive import MAX_PLAN_MONTHS, Facts, facts_of, lender_name, monthly_capacity
from .wording import FORBIDDEN, rules

__all__ = [
    "assess",
    "documents_for",
    "lender_name",
    "monthly_capacity",
    "rules",
    "FORBIDDEN",
    "MAX_PLAN_MONTHS",
    "PATH_IDS",
    "WARNING_IDS",
]

if __doc__:  # python -OO drops docstrings
    __doc__ = __doc__.replace("(RULES_TABLE)", _table_text())

_RANK = {wid: i for i, wid in enumerate(WARNING_ORDER)}


def documents_for(profile: dict[str, Any], for_letter: bool = False) -> list[str]:
    """The checklist for this borrower: basics, proof for each hardship, product papers, extras.

    ``for_letter`` leaves out what is not an attachment to a negotiation letter (court papers,
    collection records, agent contracts, and hardship proof the borrower said they do not have).
    """
    docs = wording.table()["documents"]
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


def _picked(choice: str | Pick, f: Facts) -> str | None:
    """A fixed variant or reason key, or the one the borrower's facts pick."""
    if isinstance(choice, str):
        return choice
    value = getattr(f, choice.by)
    if value not in choice.among:  # pragma: no cover - pinned by test_rules
        raise GuideError(
            f"规则表的选择 {choice.by} 得到了 {value!r}（程序错误）", code="unexpected"
        )
    return value


def _fired(f: Facts) -> tuple[list[tuple[str, str]], list[tuple[str, str]], list[str]]:
    """(paths, warnings, reason keys) of every rule that holds, in firing order."""
    paths: dict[str, str] = {}
    warnings: dict[str, str] = {}
    reasons: list[str] = []

    def add(into: dict[str, str], item: Item) -> None:
        variant = _picked(item.variant, f)
        if variant is not None and item.id not in into:
            into[item.id] = variant

    for rule in RULES:
        if not rule.test(f):
            continue
        for item in rule.paths:
            add(paths, item)
        for item in rule.warnings:
            add(warnings, item)
        reasons.extend(key for key in (_picked(r, f) for r in rule.reasons) if key)
    if not paths:
        add(paths, FALLBACK)
    reasons.append(_picked(READINESS_REASON, f) or "")
    ordered = sorted(warnings.items(), key=lambda item: _RANK[item[0]])
    return list(paths.items()), ordered, reasons


def _values(p: dict[str, Any], f: Facts) -> dict[str, str]:
    """What the wording's placeholders stand for, for this borrower."""
    snippets = wording.table()["snippets"]
    if f.capacity > 0:
        capacity_text = wording.render(snippets["capacity_positive"], {"amount": yuan(f.capacity)})
    elif f.capacity == 0:
        capacity_text = wording.render(snippets["capacity_zero"], {})
    else:
        capacity_text = wording.render(snippets["capacity_negative"], {"amount": yuan(-f.capacity)})
    plan = f.plan
    values = {
        "lender": lender_name(p),
        "capacity": capacity_text,
        "max_months": str(MAX_PLAN_MONTHS),
        "overdue_days": str(f.overdue),
        "failed_attempts": str(f.failed_attempts),
        "months": str(plan["months"]) if plan else "",
        "monthly_payment": yuan(plan["monthly_payment"]) if plan else "",
        "proposal": "",
        "repair": f.repair_text,
    }
    if f.affordable:
        values["proposal"] = wording.render(snippets["proposal"], values)
    return values


def _cited(entry: dict[str, Any]) -> dict[str, Any]:
    source_id = entry["source"] or None
    return {
        "source": facts.citation(source_id) if source_id else f"本站：{entry['site']}",
        "source_id": source_id,
        "page": entry["page"],
    }


def assess(profile: dict[str, Any], today: _dt.date | None = None) -> dict[str, Any]:
    """Where the borrower stands and what to do next; see the module docstring for every rule."""
    p = validate_profile(profile)
    if today is None:
        today = _dt.date.today()
    elif isinstance(today, _dt.datetime):
        today = today.date()
    elif not isinstance(today, _dt.date):
        raise GuideError("today 必须是日期（datetime.date）。", code="invalid_date")
    table = wording.table()
    f = facts_of(p, today)
    values = _values(p, f)
    paths, warnings, reasons = _fired(f)
    out_paths = []
    for pid, variant in paths:
        entry = table["paths"][(pid, variant)]
        out_paths.append(
            {
                "id": pid,
                "title": wording.render(entry["title"], values),
                "why": wording.render(entry["why"], values),
                **_cited(entry),
            }
        )
    out_warnings = []
    for wid, variant in warnings:
        entry = table["warnings"][(wid, variant)]
        out_warnings.append(
            {"id": wid, "text": wording.render(entry["text"], values), **_cited(entry)}
        )
    grade = vocabulary.readiness(f.readiness)
    return {
        "readiness": f.readiness,
        "readiness_label": grade["label"],
        "readiness_text": grade["text"],
        "paths": out_paths,
        "warnings": out_warnings,
        "documents": documents_for(p),
        "plan": f.plan,
        "reasons": [wording.render(table["reasons"][key], values) for key in reasons],
    }
