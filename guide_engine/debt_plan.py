"""The whole debt picture in one call: profile in, budget, debts, deadlines, actions and help out.

Why one entry point: ``assess`` (and the CLI's ``assess FILE --json --today``) need the household
household plan as one JSON value, computed against one ``today``. This module only composes
:mod:`.household`, :mod:`.budget`, :mod:`.deadlines`, :mod:`.terms` and :mod:`.actions`; the rules
live in those modules and their wording in ``data/debts.toml``.

Output of :func:`plan_household` (JSON-serialisable; money rounded to the fen, never negative)::

    {"household": the normalised version-2 profile,
     "budget": {"income", "essentials", "other_debt_payments", "priority_payments", "surplus",
                "shortfall", "margin", "offer_total", "status", "essentials_covered", "text",
                "margin_reason", "source_id", "page"},
     "debts": [{"index", "label", "priority", "route", "offer_monthly", "term_months_max",
                "months_needed", "deadlines": [{"kind", "due", "days_left"}],
                "rank_id", "reason", "source_id", "page", "keep_paying", "terms": {...}}],
     "deadlines": [the full deadline items, soonest first],
     "actions": [{"id", "when", "text", "reason", "source_id", "page", "debt"}],
     "crisis": {"triggers", "intro", "lines"},
     "notes": [{"id", "debt", "text", "source_id", "page"}]}

``debts`` keep the input order; ``priority`` 1 is the first to deal with. ``terms`` is
:func:`guide_engine.terms.debt_terms`' result for the debt.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from .actions import debt_label, plan_actions
from .budget import plan_budget
from .deadlines import deadlines
from .household import validate_household
from .terms import household_terms


def plan_household(profile: Any, today: _dt.date) -> dict[str, Any]:
    """The household plan of a version-1 or version-2 profile, as on ``today``.

    Raises :class:`~guide_engine.errors.InvalidProfile` listing every problem of the profile.
    """
    return plan_of(validate_household(profile, today=today), today)


def plan_of(home: dict[str, Any], today: _dt.date) -> dict[str, Any]:
    """The household plan of an already validated household (:func:`validate_household`)."""
    budget = plan_budget(home, today)
    items = deadlines(home, today)
    terms = household_terms(home, budget)
    actions = plan_actions(home, budget, items, terms)
    debts = []
    for planned, term in zip(budget["debts"], terms, strict=True):
        index = planned["index"]
        debts.append(
            {
                "index": index,
                "label": debt_label(home["debts"][index], index),
                "priority": planned["priority"],
                "route": planned["route"],
                "offer_monthly": planned["offer_monthly"],
                "term_months_max": term["term_months_max"],
                "months_needed": term["months_needed"],
                "deadlines": [
                    {key: item[key] for key in ("kind", "due", "days_left")}
                    for item in items
                    if item["debt"] == index
                ],
                "rank_id": planned["rank_id"],
                "reason": planned["reason"],
                "source_id": planned["source_id"],
                "page": planned["page"],
                "keep_paying": planned["keep_paying"],
                "terms": term,
            }
        )
    return {
        "household": home,
        "budget": budget["budget"],
        "debts": debts,
        "deadlines": items,
        "actions": actions["actions"],
        "crisis": actions["crisis"],
        "notes": budget["notes"],
    }
