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

Input: today's single-debt profile (:mod:`guide_engine.profile`; it becomes a household with one
debt, :func:`guide_engine.household.from_single_debt`) or a version-2 household
(:mod:`guide_engine.household`). Both go through :func:`~guide_engine.household.validate_household`,
which reports every problem at once.

Output of :func:`assess` (JSON-serialisable; money as numbers rounded to the fen, never negative,
never NaN)::

    {
      "today": "YYYY-MM-DD",                                        # the day the plan is dated
      "readiness": "high" | "medium" | "low",
      "readiness_label": "较好", "readiness_text": "…",           # the vocabulary's words
      "paths":    [{"id", "title", "why", "source", "source_id", "page"}, ...],   # most urgent first
      "warnings": [{"id", "text", "source", "source_id", "page"}, ...],
      "documents": ["身份证…", ...],
      "plan": {"months", "monthly_payment", "affordable", "monthly_capacity"} | None,
      "reasons": ["…", ...],
      "budget": {"income", "essentials", "other_debt_payments", "priority_payments", "surplus",
                 "shortfall", "margin", "offer_total", "status", "essentials_covered", "text",
                 "margin_reason", "source_id", "page"},
      "debts": [{"index", "label", "priority", "route", "offer_monthly", "term_months_max",
                 "months_needed", "deadlines": [{"kind", "due", "days_left"}], "rank_id",
                 "reason", "source_id", "page", "keep_paying", "terms"}],       # input order
      "deadlines": [{"kind", "debt", "received", "due", "days_left", "status", "when", "what",
                     "where", "note", "source_id", "page", ...}],             # soonest first
      "actions": [{"id", "when": "today" | "week" | "month", "text", "reason", "source_id",
                   "page", "debt"}],
      "crisis": {"triggers", "intro", "lines": [{"id", "text", "source_id", "page"}]},
      "notes": [{"id", "debt", "text", "source_id", "page"}],
    }

``budget`` … ``notes`` are the household plan (:func:`guide_engine.debt_plan.plan_of`) unchanged;
the rules read the same plan (:mod:`.derive`), so a path can never propose what the plan does not.

``source`` is the citation text (``facts.citation(source_id)``, e.g. 《商业银行信用卡业务监督管理
办法》第七十条) or, when no document applies, a page of this site ("本站：协商流程 · …") with
``source_id`` None. ``page`` is the site page (relative URL such as ``process/sued/``) with more
detail. The page links ``source_id`` to ``about/sources/#ID``.

The rules, in firing order (the table below is generated from :data:`guide_engine.rules.RULES`,
the one place they are written; ``paths`` keep this order, warnings are shown in
:data:`~guide_engine.rules.WARNING_ORDER`; ``help(guide_engine.assessment)`` shows it filled in):

(RULES_TABLE)

Art. 70 (``personalized_installment``) is never offered for a product other than ``credit_card``.

The plan: the budget keeps a safety margin (``budget.margin``, from ``data/debts.toml``) and
splits the offer among the negotiated debts pro rata to their balances; each debt's term is
capped by its product (:mod:`guide_engine.terms`: 60 months under Art. 70 for cards only, the
展期 caps of 《贷款通则》第十二条 for loans from ``original_term_months``, none — the lender
decides — when the term is unknown). The offer *fits* when money is left after essentials and
priority payments and every negotiated debt is repaid within its cap at its share (at the stated
rate, or at the data's estimate rate). ``plan`` summarises it for earlier readers: the longest
term a negotiated debt needs, the instalments added up, ``affordable`` = the offer fits, and
``monthly_capacity`` = the offer after the margin (``budget.offer_total``). ``None`` when the
borrower does not intend to repay or no debt is negotiated (all kept current). A surplus at or
below zero takes the budget-first path and words for the shortfall; no amount is negative.

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
from decimal import Decimal
from typing import Any

from .. import facts, vocabulary
from ..debt_plan import plan_of
from ..errors import GuideError
from ..household import validate_household
from ..money import for_people
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
from ..terms import rules as _term_rules
from . import wording
from .derive import Facts, facts_of, negotiated
from .wording import FORBIDDEN, rules

__all__ = [
    "assess",
    "documents_for",
    "rules",
    "FORBIDDEN",
    "PATH_IDS",
    "WARNING_IDS",
]

if __doc__:  # python -OO drops docstrings
    __doc__ = __doc__.replace("(RULES_TABLE)", _table_text())

_RANK = {wid: i for i, wid in enumerate(WARNING_ORDER)}
#: The household plan's parts that ``assess`` passes through unchanged.
PLAN_KEYS = ("budget", "debts", "deadlines", "actions", "crisis", "notes")


def documents_for(profile: dict[str, Any], for_letter: bool = False) -> list[str]:
    """The checklist for a version-1 borrower (the letter's): see :func:`household_documents`."""
    home = validate_household(profile)
    return household_documents(home, for_letter)


def household_documents(home: dict[str, Any], for_letter: bool = False) -> list[str]:
    """The checklist for this household: basics, proof for each hardship, each product's papers,
    extras.

    ``for_letter`` leaves out what is not an attachment to a negotiation letter (court papers,
    collection records, agent contracts, and hardship proof the borrower said they do not have).
    """
    docs = wording.table()["documents"]
    items: list[str] = list(docs["base"])
    if not for_letter or home["hardship_proof"]:
        for hardship in home["hardship"]:
            items.extend(docs["hardship"][hardship])
    for debt in home["debts"]:
        items.extend(docs["product"][debt["product"]])
    if home["household"]["other_debt_payments"] > 0 or len(home["debts"]) > 1:
        items.append(docs["other_debts"])
    if not for_letter:
        extras = {
            "sued": any(debt["court"] for debt in home["debts"]),
            "abusive_collection": home["abusive_collection"],
            "paid_agent": home["paid_agent"],
        }
        items.extend(docs[flag] for flag, on in extras.items() if on)
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


def _debt_lender(debt: dict[str, Any]) -> str:
    """The bank's short name (banks.toml), or the generic word of the rules' wording."""
    if debt["lender"] != "other":
        return facts.bank(debt["lender"])["short"]
    snippets = wording.table()["snippets"]
    return snippets["lender_card"] if debt["product"] == "credit_card" else snippets["lender_loan"]


def _lender(home: dict[str, Any], plan: dict[str, Any]) -> str:
    """Who {lender} is: the one lender of the debts at stake, else the generic word."""
    talks = [home["debts"][d["index"]] for d in negotiated(plan)] or home["debts"]
    names = list(dict.fromkeys(_debt_lender(debt) for debt in talks))
    return names[0] if len(names) == 1 else wording.table()["snippets"]["lender_loan"]


def _percent(share: float) -> str:
    return f"{(Decimal(str(share)) * 100).normalize():f}%"


def _proposals(home: dict[str, Any], plan: dict[str, Any], margin: str) -> dict[str, str]:
    """What to propose to each negotiated debt with a share of the offer: all, cards, loans."""
    snippets = wording.table()["snippets"]
    estimate = _percent(_term_rules()["settings"]["estimate_rate"])
    lines: dict[str, list[str]] = {"proposal": [], "proposal_card": [], "proposal_loan": []}
    for planned in negotiated(plan):
        if not planned["offer_monthly"]:
            continue
        debt = home["debts"][planned["index"]]
        terms = planned["terms"]
        rate = (
            wording.render(snippets["rate_stated"], {})
            if debt["annual_rate"] is not None
            else wording.render(snippets["rate_estimate"], {"rate": estimate})
        )
        line = wording.render(
            snippets["proposal"],
            {
                "lender": _debt_lender(debt),
                "offer": for_people(planned["offer_monthly"]),
                "margin": margin,
                "rate": rate,
                "fit": terms["fit_text"],
            },
        )
        lines["proposal"].append(line)
        kind = "proposal_card" if debt["product"] == "credit_card" else "proposal_loan"
        lines[kind].append(line)
    return {key: "".join(value) for key, value in lines.items()}


def _objection_due(plan: dict[str, Any]) -> str:
    """The last day to object to a 支付令, as a sentence (or how to count it without a date)."""
    snippets = wording.table()["snippets"]
    dated = [
        item
        for item in plan["deadlines"]
        if item["kind"] == "payment_order_objection" and item["due"]
    ]
    if not dated:
        return wording.render(snippets["objection_count"], {})
    return wording.render(snippets["objection_due"], {"when": dated[0]["when"]})


def _values(home: dict[str, Any], plan: dict[str, Any], f: Facts) -> dict[str, str]:
    """What the wording's placeholders stand for, for this household (no amount is negative)."""
    snippets = wording.table()["snippets"]
    budget = plan["budget"]
    margin = _percent(budget["margin"])
    offer = for_people(budget["offer_total"])
    if budget["surplus"] > 0:
        capacity = wording.render(
            snippets["capacity_positive"], {"amount": for_people(budget["surplus"])}
        )
    elif budget["shortfall"] > 0:
        capacity = wording.render(
            snippets["capacity_negative"], {"amount": for_people(budget["shortfall"])}
        )
    else:
        capacity = wording.render(snippets["capacity_zero"], {})
    if budget["shortfall"] > 0:
        gap = wording.render(snippets["gap_shortfall"], {})
    elif budget["offer_total"] <= 0:
        gap = wording.render(snippets["gap_zero"], {})
    else:
        gap = wording.render(snippets["gap_over_cap"], {"offer": offer})
    return {
        "lender": _lender(home, plan),
        "capacity": capacity,
        "offer": offer,
        "margin": margin,
        "gap": gap,
        "overdue_days": str(f.overdue),
        "failed_attempts": str(f.failed_attempts),
        "objection_due": _objection_due(plan),
        "repair": f.repair_text,
        **_proposals(home, plan, margin),
    }


def _cited(entry: dict[str, Any]) -> dict[str, Any]:
    source_id = entry["source"] or None
    return {
        "source": facts.citation(source_id) if source_id else f"本站：{entry['site']}",
        "source_id": source_id,
        "page": entry["page"],
    }


def _today(today: Any) -> _dt.date:
    """The day of the plan: a date, an ISO text (as the bridge's JSON carries it) or the clock."""
    if today is None:
        return _dt.date.today()
    if isinstance(today, _dt.datetime):
        return today.date()
    if isinstance(today, str):
        try:
            return _dt.date.fromisoformat(today.strip())
        except ValueError:
            pass
    elif isinstance(today, _dt.date):
        return today
    raise GuideError("今天的日期应写成 YYYY-MM-DD，例如 2026-12-01。", code="invalid_date")


def assess(profile: dict[str, Any], today: _dt.date | str | None = None) -> dict[str, Any]:
    """Where the household stands and what to do next; see the module docstring for every rule.

    ``profile`` is today's single-debt profile or a version-2 household
    (:mod:`guide_engine.household`); ``today`` (a date or ``"YYYY-MM-DD"``; default: the clock)
    dates every deadline.
    """
    day = _today(today)
    home = validate_household(profile, today=day)
    plan = plan_of(home, day)
    table = wording.table()
    f = facts_of(home, plan, day)
    values = _values(home, plan, f)
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
        "today": day.isoformat(),
        "readiness": f.readiness,
        "readiness_label": grade["label"],
        "readiness_text": grade["text"],
        "paths": out_paths,
        "warnings": out_warnings,
        "documents": household_documents(home),
        "plan": f.plan,
        "reasons": [wording.render(table["reasons"][key], values) for key in reasons],
        **{key: plan[key] for key in PLAN_KEYS},
    }
