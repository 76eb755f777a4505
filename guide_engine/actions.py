"""What to do, in order: today, this week, this month — and, at the top, where free help is.

Why a list of actions with stable ids: a frightened reader needs the next step, not an essay, and
the page keeps a done-tick per action id, so an id must mean the same action on every visit
(``contact_lender:1`` is always "contact the lender of debt 2"). Each action carries its reason,
its source and a page with more. The wording is data (``[[action]]``, ``[crisis]`` and
``[[crisis_line]]`` of ``data/debts.toml``); which actions apply is decided here:

=======================  ==========================================================  ==========
id                       applies when                                                one per
=======================  ==========================================================  ==========
court_deadline           a debt has court papers (each deadline; always first)       deadline
verify_court_notice      a debt has court papers                                     household
stop_paid_agent          the reader paid an agent                                    household
record_collection        abusive collection                                          household
keep_paying              a debt kept current (mortgage, car loan, collateral or      debt
                         guarantor with its payment known)
budget_first             nothing is left to offer (budget status not "surplus")      household
gather_documents         willing to repay                                            household
settle_in_court          willing, a court debt with an offer                         debt
contact_lender           willing, a negotiated debt with an offer                    debt
collection_complaint     abusive collection                                          household
check_credit_report      always                                                      household
escalate_complaint       two or more failed attempts                                 household
review_budget            willing to repay                                            household
=======================  ==========================================================  ==========

Order: the groups today → week → month; within a group the file's order; actions about single
debts follow the debts' priority (:mod:`.budget`), court deadlines their dates. The id of a
per-debt action ends in ``:<debt index>``; a court deadline's is ``court_deadline:<kind>:<index>``.

Crisis signposts (free help, briefly, at the top) are chosen by triggers: ``court`` (court
papers), ``collection`` (abusive collection), ``illness`` (the hardship) and ``despair`` (income
below the essentials alone). The national mental-health line 12356 is one of them: facts.md
verifies it (at least 18 hours a day, so never "24小时").

Output of :func:`plan_actions` (JSON-serialisable)::

    {"crisis": {"triggers": [...], "intro": str, "lines": [{"id", "text", "source_id", "page"}]},
     "actions": [{"id", "when": "today" | "week" | "month", "text", "reason", "source_id",
                  "page", "debt": index | None}]}

``source_id`` is ``None`` where the action is this site's own advice (its ``page`` explains it).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from . import debts_data, facts, vocabulary
from .money import for_people

WHEN = ("today", "week", "month")
ACTION_IDS = (
    "court_deadline",
    "verify_court_notice",
    "stop_paid_agent",
    "record_collection",
    "keep_paying",
    "budget_first",
    "gather_documents",
    "settle_in_court",
    "contact_lender",
    "collection_complaint",
    "check_credit_report",
    "escalate_complaint",
    "review_budget",
)
TRIGGERS = ("court", "collection", "illness", "despair")
_PLACEHOLDERS = {
    "court_deadline": ("debt", "deadline"),
    "keep_paying": ("debt", "due"),
    "settle_in_court": ("debt", "lender", "offer"),
    "contact_lender": ("debt", "lender", "offer", "term"),
}
#: Actions whose source and page come from the item they are about (the deadline, the terms).
_SOURCE_FROM_ITEM = ("court_deadline",)


@lru_cache(maxsize=1)
def rules() -> dict[str, Any]:
    """The checked action and crisis wording."""
    data = debts_data.raw()
    check = debts_data.Checker()
    actions: dict[str, dict[str, Any]] = {}
    for i, entry in enumerate(data.get("action", [])):
        aid = entry.get("id")
        where = f"[[action]] 第{i + 1}条（{aid or '?'}）"
        required = {"id", "when", "text", "reason"}
        if aid not in _SOURCE_FROM_ITEM:
            required |= {"source_id", "page"}
        if not check.keys(where, entry, required):
            continue
        if aid not in ACTION_IDS or aid in actions:
            check.problems.append(f"{where}: id 应为 {'、'.join(ACTION_IDS)} 之一，且不重复")
        if entry["when"] not in WHEN:
            check.problems.append(f"{where}: when 应为 {'、'.join(WHEN)} 之一")
        check.text(f"{where} text", entry["text"], _PLACEHOLDERS.get(aid, ()))
        check.text(f"{where} reason", entry["reason"])
        item = dict(entry)
        if aid not in _SOURCE_FROM_ITEM:
            item["source_id"] = check.source(f"{where} source_id", entry["source_id"], True)
            check.page(f"{where} page", entry["page"])
        actions[aid] = item
    for aid in ACTION_IDS:
        if aid not in actions:
            check.problems.append(f"[[action]]: 缺少 id = {aid}")
    if actions.get("court_deadline", {}).get("when") != "today":
        check.problems.append("[[action]] court_deadline: when 必须是 today（法院期限永远排第一）")
    crisis = data.get("crisis")
    if check.keys("[crisis]", crisis, {"intro"}):
        check.text("[crisis] intro", crisis["intro"])
    lines = []
    for i, entry in enumerate(data.get("crisis_line", [])):
        where = f"[[crisis_line]] 第{i + 1}条（{entry.get('id', '?')}）"
        if not check.keys(where, entry, {"id", "when", "text", "source_id", "page"}):
            continue
        if not isinstance(entry["when"], list) or not set(entry["when"]) <= set(TRIGGERS):
            check.problems.append(f"{where}: when 应为 {'、'.join(TRIGGERS)} 组成的列表")
        check.text(f"{where} text", entry["text"])
        source = check.source(f"{where} source_id", entry["source_id"], allow_site=True)
        check.page(f"{where} page", entry["page"])
        lines.append({**entry, "source_id": source})
    debts_data.fail("行动清单和求助信息", check.problems)
    order = {aid: (WHEN.index(a["when"]), n) for n, (aid, a) in enumerate(actions.items())}
    return {"actions": actions, "order": order, "intro": crisis["intro"], "lines": lines}


def lender_name(debt: dict[str, Any]) -> str:
    """The lender's short name (banks.toml), or a generic word; never invented."""
    if debt["lender"] != "other":
        return facts.bank(debt["lender"])["short"]
    return vocabulary.generic_lender(debt["product"])


def debt_label(debt: dict[str, Any], index: int) -> str:
    """第 2 笔欠款（网商银行的个人消费贷款） — how the review screen names a debt."""
    product = vocabulary.debt_label("product", debt["product"])
    owner = f"{facts.bank(debt['lender'])['short']}的" if debt["lender"] != "other" else ""
    return f"第 {index + 1} 笔欠款（{owner}{product}）"


def _yuan(value: float) -> str:
    return for_people(value)


def triggers(household: dict[str, Any], budget: dict[str, Any]) -> list[str]:
    """Which crisis triggers the answers show, in :data:`TRIGGERS` order."""
    found = {
        "court": any(debt.get("court") for debt in household["debts"]),
        "collection": household["abusive_collection"],
        "illness": "illness" in household["hardship"],
        "despair": not budget["budget"]["essentials_covered"],
    }
    return [name for name in TRIGGERS if found[name]]


def plan_actions(
    household: dict[str, Any],
    budget: dict[str, Any],
    deadlines: list[dict[str, Any]],
    terms: list[dict[str, Any]],
) -> dict[str, Any]:
    """The crisis signposts and the ordered actions (see the module docstring).

    ``budget`` is :func:`guide_engine.budget.plan_budget`'s result, ``deadlines``
    :func:`guide_engine.deadlines.deadlines`' and ``terms``
    :func:`guide_engine.terms.household_terms`', all for this ``household``.
    """
    data = rules()
    table = data["actions"]
    debts = household["debts"]
    planned = budget["debts"]
    willing = household["willing_to_repay"]
    out: list[tuple[tuple[int, int, int, str], dict[str, Any]]] = []

    def add(aid: str, index: int | None = None, suffix: str = "", rank: int = 0, **values):
        entry = table[aid]
        item = {
            "id": aid + suffix,
            "when": entry["when"],
            "text": debts_data.render(entry["text"], **values),
            "reason": entry["reason"] + values.pop("_note", ""),
            "source_id": values.pop("_source", entry.get("source_id")),
            "page": values.pop("_page", entry.get("page")),
            "debt": index,
        }
        when, position = data["order"][aid]
        out.append(((when, position, rank, item["id"]), item))

    by_priority = sorted(range(len(debts)), key=lambda i: planned[i]["priority"])
    for n, deadline in enumerate(deadlines):
        i = deadline["debt"]
        add(
            "court_deadline",
            i,
            f":{deadline['kind']}:{i}",
            n,
            debt=debt_label(debts[i], i),
            deadline=deadline["when"] + deadline["what"],
            _note=deadline["note"],
            _source=deadline["source_id"],
            _page=deadline["page"],
        )
    if any(debt.get("court") for debt in debts):
        add("verify_court_notice")
    if household["paid_agent"]:
        add("stop_paid_agent")
    if household["abusive_collection"]:
        add("record_collection")
        add("collection_complaint")
    if budget["budget"]["status"] != "surplus":
        add("budget_first")
    if willing:
        add("gather_documents")
        add("review_budget")
    if household["failed_attempts"] >= 2:
        add("escalate_complaint")
    add("check_credit_report")
    for rank, i in enumerate(by_priority):
        debt, plan, term = debts[i], planned[i], terms[i]
        label = debt_label(debt, i)
        if plan["route"] == "keep_current":
            add("keep_paying", i, f":{i}", rank, debt=label, due=_yuan(plan["keep_paying"]))
        offer = plan["offer_monthly"] or 0
        if not willing or offer <= 0:
            continue
        values = {"debt": label, "lender": lender_name(debt), "offer": _yuan(offer)}
        if plan["route"] == "court":
            add("settle_in_court", i, f":{i}", rank, **values)
        elif plan["route"] == "negotiate":
            add(
                "contact_lender",
                i,
                f":{i}",
                rank,
                term=term["fit_text"],
                _source=term["source_id"],
                _page=term["page"],
                **values,
            )
    found = triggers(household, budget)
    lines = [
        {key: line[key] for key in ("id", "text", "source_id", "page")}
        for line in data["lines"]
        if set(line["when"]) & set(found)
    ]
    return {
        "crisis": {"triggers": found, "intro": data["intro"], "lines": lines},
        "actions": [item for _, item in sorted(out, key=lambda pair: pair[0])],
    }
