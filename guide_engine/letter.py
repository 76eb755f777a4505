"""The negotiation letter (协商还款申请书) as plain text: the letter page's and the result's draft.

Why a thin module: there is one way to write a letter, :mod:`guide_engine.documents`. This keeps
the public ``letter(profile, details)`` the pages and the CLI already call: the negotiation
request for the profile's first debt (a version-1 profile has one), rendered by
:func:`guide_engine.documents.as_text`. What it proposes is the household plan's
(:func:`guide_engine.debt_plan.plan_household`): the monthly amount after the budget's margin, and
a number of periods only within the product's cap (Art. 70's five years for a card; the loan
rules' cap for a loan with a known original term; none otherwise). The advice for the borrower
(keep the originals, write it yourself, send it by registered post) is not in the letter: the
documents module keeps it in the document's ``borrower_notes``.

``details`` are the documents' details (``name``, ``id_last4``, ``phone``, ``description``,
``date``, ``card_last4``, ``contract_no``, ``bank_name``, …); a bad one raises
:class:`~guide_engine.errors.InvalidAnswer` (code ``invalid_details``) naming each field as the
form labels it. A bad profile raises :class:`~guide_engine.errors.InvalidProfile`.
"""

from __future__ import annotations

from typing import Any

from .documents import as_text, document, documents


def letter(profile: dict[str, Any], details: dict[str, Any] | None = None) -> str:
    """The 协商还款申请书 for the profile's first debt as plain text (lines joined by ``\\n``)."""
    return as_text(document("negotiation", profile, 0, details))


def first_letter(
    profile: dict[str, Any], details: dict[str, Any] | None = None, today: Any = None
) -> str | None:
    """The result's draft: the negotiation request for the first debt that is negotiated (a home
    or car loan kept current has none), or None when no debt is. Dated ``today`` (the caller's
    date; default: the clock)."""
    for doc in documents(profile, details, today):
        if doc["kind"] == "negotiation":
            return as_text(doc)
    return None
