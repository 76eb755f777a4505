"""One household budget for every debt: which debt comes first, what is left, and each lender's share.

Why: a borrower with a card, an online loan and 花呗 who is told "you can pay 2,500 a month" three
times promises 7,500. Here the household's spare money is worked out once and split, so every
lender is offered a share of the same budget; debts that can cost the home, the car or a
guarantor are kept current first; a court case comes before everything; and the offer leaves a
safety margin, as the site's own advice says ("留一点余量"). The rank table, the margin and the
words live in ``data/debts.toml`` (``[[priority]]``, ``[budget]``, ``[budget_words]``).

The rules:

* **Priority** (:func:`priorities`): a debt takes the first rank it matches — ``court`` (it has
  court papers), ``home_or_car`` (mortgage, car loan or collateral), ``guarantor``, else
  ``negotiate``. Court debts are ordered by their soonest deadline (:mod:`.deadlines`), the
  others keep the order they were entered in. ``priority`` is the debt's position, 1 = first.
* **Routes**: ``court`` — the court's deadline first, and its share of the offer is what to
  propose in a settlement or mediation; ``keep_current`` — a mortgage or car loan, or a debt with
  collateral or a guarantor whose ``monthly_due`` is known: its contractual payment comes out of
  the budget first and it is not renegotiated; ``negotiate`` — the rest; ``budget_first`` — a
  debt that would be negotiated or settled while nothing is left to offer.
* **Budget**: surplus = income − essentials − other debts' payments (version 1) − the payments
  of the debts kept current; offer = (1 − margin) × surplus, rounded **down** to the fen, so the
  offer never exceeds it; each negotiated debt's share = offer × balance / Σ balances rounded
  down to the fen, the last one (in input order) taking what rounding left, so the shares add up
  to the offer exactly. Decimal arithmetic throughout.
* A surplus at or below zero offers nothing (the budget-first path) and says how much is missing:
  no amount of money in the output is ever negative or NaN — ``surplus`` and ``shortfall`` are
  both ≥ 0 and at most one of them is not zero.

Output of :func:`plan_budget` (JSON-serialisable; money as numbers rounded to the fen)::

    {"budget": {"income", "essentials", "other_debt_payments", "priority_payments", "surplus",
                "shortfall", "margin", "offer_total", "status": "surplus" | "zero" | "shortfall",
                "essentials_covered": bool, "text", "margin_reason", "source_id", "page"},
     "debts": [{"index", "priority", "rank", "rank_id", "route", "reason", "source_id", "page",
                "balance", "keep_paying" | None, "offer_monthly" | None}],    # input order
     "notes": [{"id", "debt", "text", "source_id", "page"}]}

``keep_paying`` is the contractual payment of a debt kept current; ``offer_monthly`` the share
offered to a debt being negotiated or settled (0 on the budget-first path), ``None`` for a debt
kept current. ``source_id`` is ``None`` where the item is this site's own advice (its ``page``).
"""

from __future__ import annotations

import datetime as _dt
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import Any

from . import debts_data
from .deadlines import debt_deadlines
from .money import for_people

RANK_IDS = ("court", "home_or_car", "guarantor", "negotiate")
ROUTES = ("court", "keep_current", "negotiate", "budget_first")
SECURED_PRODUCTS = ("mortgage", "car_loan")
_FEN = Decimal("0.01")
_WORDS = {
    "surplus": ("surplus", "offer", "margin_percent"),
    "zero": (),
    "shortfall": ("shortfall",),
    "shortfall_advice": (),
    "essentials_short": ("shortfall",),
    "priority_unknown_due": ("number",),
}


@lru_cache(maxsize=1)
def rules() -> dict[str, Any]:
    """The checked rank table, margin and words (``data/debts.toml``)."""
    data = debts_data.raw()
    check = debts_data.Checker()
    ranks: dict[str, dict[str, Any]] = {}
    for i, entry in enumerate(data.get("priority", [])):
        where = f"[[priority]] 第{i + 1}条（{entry.get('id', '?')}）"
        if not check.keys(where, entry, {"id", "rank", "reason", "source_id", "page"}):
            continue
        if entry["id"] not in RANK_IDS or entry["id"] in ranks:
            check.problems.append(f"{where}: id 应为 {'、'.join(RANK_IDS)} 之一，且不重复")
        ranks[entry["id"]] = {
            "id": entry["id"],
            "rank": check.integer(f"{where} rank", entry["rank"], 1, len(RANK_IDS)),
            "reason": check.text(f"{where} reason", entry["reason"]),
            "source_id": check.source(f"{where} source_id", entry["source_id"], allow_site=True),
            "page": check.page(f"{where} page", entry["page"]),
        }
    for rid in RANK_IDS:
        if rid not in ranks:
            check.problems.append(f"[[priority]]: 缺少 id = {rid}")
    order = [ranks[rid]["rank"] for rid in RANK_IDS if rid in ranks]
    if order != sorted(order):
        check.problems.append(
            "[[priority]]: rank 要按 court、home_or_car、guarantor、negotiate 不减"
        )
    budget = data.get("budget")
    margin = Decimal(0)
    if check.keys("[budget]", budget, {"margin", "margin_reason", "source_id", "page"}):
        value = budget["margin"]
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value < 1:
            check.problems.append("[budget] margin: 应为 0 到 1 之间的小数（0.10 即一成）")
        else:
            margin = Decimal(str(value))
        check.text(
            "[budget] margin_reason", budget["margin_reason"], ("margin_percent", "keep_percent")
        )
        check.source("[budget] source_id", budget["source_id"], allow_site=True)
        check.page("[budget] page", budget["page"])
    words = data.get("budget_words")
    if check.keys("[budget_words]", words, set(_WORDS)):
        for key, allowed in _WORDS.items():
            check.text(f"[budget_words] {key}", words[key], allowed)
    debts_data.fail("优先顺序和预算", check.problems)
    return {
        "ranks": ranks,
        "margin": margin,
        "budget": {**budget, "source_id": budget["source_id"] or None},
        "words": dict(words),
    }


def _dec(value: Any) -> Decimal:
    return Decimal(str(value)) if value is not None else Decimal(0)


def _fen_down(value: Decimal) -> Decimal:
    return value.quantize(_FEN, rounding=ROUND_DOWN)


def _money(value: Decimal) -> float:
    """A non-negative amount rounded to the fen, as a JSON number."""
    return float(max(value, Decimal(0)).quantize(_FEN, rounding=ROUND_HALF_UP))


def _yuan(value: Decimal) -> str:
    return for_people(value)


def _percent(value: Decimal) -> str:
    return f"{(value * 100).normalize():f}%"


def rank_of(debt: dict[str, Any]) -> str:
    """The id of the first rank a normalised debt matches."""
    if debt.get("court"):
        return "court"
    if debt["product"] in SECURED_PRODUCTS or debt.get("collateral"):
        return "home_or_car"
    if debt.get("guarantor"):
        return "guarantor"
    return "negotiate"


def route_of(debt: dict[str, Any]) -> str:
    """``court``, ``keep_current`` or ``negotiate`` (before the budget is known)."""
    rank = rank_of(debt)
    if rank == "court":
        return "court"
    if debt["product"] in SECURED_PRODUCTS:
        return "keep_current"
    if rank in ("home_or_car", "guarantor") and debt.get("monthly_due") is not None:
        return "keep_current"
    return "negotiate"


def priorities(household: dict[str, Any], today: _dt.date) -> list[int]:
    """The debts' indexes, most urgent first (see the module docstring); stable."""
    ranks = rules()["ranks"]

    def key(index: int) -> tuple[int, str, int]:
        debt = household["debts"][index]
        rank = ranks[rank_of(debt)]["rank"]
        dues = [d["due"] for d in debt_deadlines(debt, index, today) if d["due"]]
        # A court debt whose papers carry no date sorts after the dated ones of its rank.
        return (rank, min(dues) if dues else "9999-12-31", index)

    return sorted(range(len(household["debts"])), key=key)


def split_pro_rata(total: Decimal, balances: list[Decimal]) -> list[Decimal]:
    """``total`` split in proportion to ``balances``, each rounded down to the fen; the last share
    takes what rounding left, so the shares add up to ``total`` exactly and none is negative."""
    whole = sum(balances, Decimal(0))
    if not balances:
        return []
    if whole <= 0:
        return [Decimal(0)] * (len(balances) - 1) + [total]
    shares = [_fen_down(total * balance / whole) for balance in balances[:-1]]
    return [*shares, total - sum(shares, Decimal(0))]


def plan_budget(household: dict[str, Any], today: _dt.date) -> dict[str, Any]:
    """Priority, routes, the budget and each negotiated debt's share (see the module docstring)."""
    data = rules()
    words = data["words"]
    debts = household["debts"]
    home = household["household"]
    routes = [route_of(debt) for debt in debts]
    income = _dec(home["monthly_income"])
    essentials = _dec(home["essential_expenses"])
    other = _dec(home.get("other_debt_payments"))
    priority_payments = sum(
        (
            _dec(debt["monthly_due"])
            for debt, r in zip(debts, routes, strict=True)
            if r == "keep_current"
        ),
        Decimal(0),
    )
    # The surplus the reader is shown, to the fen: the offer is taken from that very figure, so it
    # can never exceed (1 − margin) × the surplus printed beside it.
    left = (income - essentials - other - priority_payments).quantize(_FEN, rounding=ROUND_HALF_UP)
    margin = data["margin"]
    offer = _fen_down(left * (1 - margin)) if left > 0 else Decimal(0)
    if offer > 0:
        status = "surplus"
    elif left >= 0:
        status = "zero"
    else:
        status = "shortfall"
    essentials_covered = income >= essentials
    pool = [i for i, r in enumerate(routes) if r in ("court", "negotiate")]
    shares = dict(
        zip(pool, split_pro_rata(offer, [_dec(debts[i]["balance"]) for i in pool]), strict=True)
    )
    if status == "surplus":
        text = debts_data.render(
            words["surplus"],
            surplus=_yuan(left),
            offer=_yuan(offer),
            margin_percent=_percent(1 - margin),
        )
    elif status == "zero":
        text = words["zero"]
    elif essentials_covered:
        text = debts_data.render(words["shortfall"], shortfall=_yuan(-left))
        text += words["shortfall_advice"]
    else:
        text = debts_data.render(words["essentials_short"], shortfall=_yuan(essentials - income))
        text += words["shortfall_advice"]
    order = priorities(household, today)
    position = {index: n + 1 for n, index in enumerate(order)}
    out_debts = []
    notes = []
    for index, debt in enumerate(debts):
        rank = data["ranks"][rank_of(debt)]
        route = routes[index]
        if route != "keep_current" and offer == 0:
            route = "budget_first"
        out_debts.append(
            {
                "index": index,
                "priority": position[index],
                "rank": rank["rank"],
                "rank_id": rank["id"],
                "route": route,
                "reason": rank["reason"],
                "source_id": rank["source_id"],
                "page": rank["page"],
                "balance": _money(_dec(debt["balance"])),
                "keep_paying": (
                    _money(_dec(debt["monthly_due"])) if routes[index] == "keep_current" else None
                ),
                "offer_monthly": _money(shares[index]) if index in shares else None,
            }
        )
        if rank["id"] in ("home_or_car", "guarantor") and routes[index] == "negotiate":
            notes.append(
                {
                    "id": f"priority_unknown_due:{index}",
                    "debt": index,
                    "text": debts_data.render(words["priority_unknown_due"], number=index + 1),
                    "source_id": rank["source_id"],
                    "page": rank["page"],
                }
            )
    budget = data["budget"]
    return {
        "budget": {
            "income": _money(income),
            "essentials": _money(essentials),
            "other_debt_payments": _money(other),
            "priority_payments": _money(priority_payments),
            "surplus": _money(left),
            "shortfall": _money(-left),
            "margin": float(margin),
            "offer_total": _money(offer),
            "status": status,
            "essentials_covered": essentials_covered,
            "text": text,
            "margin_reason": debts_data.render(
                budget["margin_reason"],
                margin_percent=_percent(1 - margin),
                keep_percent=_percent(margin),
            ),
            "source_id": budget["source_id"],
            "page": budget["page"],
        },
        "debts": out_debts,
        "notes": notes,
    }
