"""The assessment's rules as one table: which paths, warnings and reasons apply, in firing order.

Why a table: one rule used to be written in about seven places (the ``assess`` body, two id lists,
three "required wording" lists, the warning order, a docstring table). Now :data:`RULES` is the
one place. Everything else is derived from it: the path and warning ids, which (id, variant)
pairs ``data/rules.toml`` must word (checked when the wording loads), the order of the output,
and the table in words (:func:`table_text`, shown in :mod:`guide_engine.assessment`'s docstring).

Reading a rule: when ``test(facts)`` holds (``facts`` is the derived
:class:`~guide_engine.assessment.derive.Facts` of one borrower), its paths are added in order
(a path already added stays where it is), its warnings are added (shown in :data:`WARNING_ORDER`,
one per id, the first added wins) and its reasons are appended. A :class:`Pick` chooses a variant
or a reason key from a fact of that name, among the values it lists.

To add a rule: add a :class:`Rule` here, in the place it should fire, and its wording in
``data/rules.toml``. Nothing else.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Pick:
    """A choice made per borrower: the value of the fact ``by``, one of ``among`` (None: nothing)."""

    by: str
    among: tuple[str | None, ...]


@dataclass(frozen=True)
class Item:
    """A path or warning id and its wording variant (fixed, or picked per borrower)."""

    id: str
    variant: str | Pick = "default"

    def variants(self) -> tuple[str, ...]:
        if isinstance(self.variant, Pick):
            return tuple(v for v in self.variant.among if v is not None)
        return (self.variant,)


@dataclass(frozen=True)
class Rule:
    """When ``test`` holds: add ``paths``, ``warnings`` and ``reasons``. ``when`` says it in words."""

    when: str
    test: Callable[[Any], bool]
    paths: tuple[Item, ...] = ()
    warnings: tuple[Item, ...] = ()
    reasons: tuple[str | Pick, ...] = ()


#: credit card → "credit_card", any loan → "default"
BY_PRODUCT = Pick("card_variant", ("credit_card", "default"))

#: Which collection rules apply: cards (Art. 68/69 + CBA), consumer credit of a bank or
#: consumer-finance firm (CBA; business loans only "参照"), or a lender the reader did not name
#: (its own complaint channel and the local financial regulator).
BY_COLLECTION = Pick("collection_scope", ("credit_card", "default", "other_lender"))

RULES: tuple[Rule, ...] = (
    Rule(
        "a debt has a 支付令 (15 days to object in writing)",
        lambda f: f.payment_order,
        paths=(Item("object_to_payment_order"),),
        warnings=(Item("lawsuit", "payment_order"),),
        reasons=("payment_order",),
    ),
    Rule(
        "sued (court papers other than a 支付令)",
        lambda f: f.sued,
        paths=(Item("respond_to_lawsuit"),),
        warnings=(Item("lawsuit", "sued"),),
        reasons=("sued",),
    ),
    Rule(
        "paid_agent",
        lambda f: f.paid_agent,
        paths=(Item("stop_paid_agent"),),
        warnings=(Item("paid_agent_risk"),),
        reasons=("paid_agent",),
    ),
    Rule(
        "abusive_collection (cards: Art. 68/69 + CBA; bank consumer credit: CBA; other: regulator)",
        lambda f: f.abusive_collection,
        paths=(Item("report_abusive_collection", BY_COLLECTION),),
        warnings=(Item("collection_rights", BY_COLLECTION),),
        reasons=("abusive_collection",),
    ),
    Rule(
        "overdue_days == 0 (cards: ask early, mind instalment cost; loans: 展期 before maturity)",
        lambda f: f.overdue == 0,
        paths=(Item("contact_bank_early", Pick("card_or_loan", ("credit_card", "loan"))),),
        reasons=("not_overdue",),
    ),
    Rule(
        "willing and the offer (after the margin) does not repay every negotiated debt within "
        "its cap, or nothing is left to offer",
        lambda f: f.unaffordable,
        paths=(Item("budget_first", "unaffordable"), Item("fee_relief", BY_PRODUCT)),
        warnings=(Item("unaffordable"),),
        reasons=("plan_unaffordable",),
    ),
    Rule(
        "willing and every negotiated debt fits at its share of the offer",
        lambda f: f.affordable,
        reasons=("plan_affordable",),
    ),
    Rule(
        "willing, a credit card, hardship (Art. 70)",
        lambda f: f.willing and f.card and f.has_hardship,
        paths=(Item("personalized_installment"),),
        warnings=(Item("not_obliged", "credit_card"),),
        reasons=("card_installment",),
    ),
    Rule(
        "willing, a credit card, no hardship, overdue",
        lambda f: f.willing and f.card and not f.has_hardship and f.overdue > 0,
        reasons=("card_no_hardship",),
    ),
    Rule(
        "willing, a loan to renegotiate, hardship or overdue",
        lambda f: f.willing and f.loan and (f.has_hardship or f.overdue > 0),
        paths=(Item("loan_restructuring"),),
        warnings=(Item("not_obliged", "loan"), Item("art70_credit_cards_only")),
        reasons=("loan_restructuring",),
    ),
    Rule(
        "willing, hardship without proof",
        lambda f: f.willing and f.has_hardship and not f.hardship_proof,
        reasons=("no_proof",),
    ),
    Rule(
        "willing, failed_attempts ≥ 1",
        lambda f: f.willing and f.failed_attempts >= 1,
        paths=(Item("second_negotiation"),),
        reasons=("failed_once",),
    ),
    Rule(
        "willing, failed_attempts ≥ 2 (bank 15/30/+30 days → 12378 → mediation)",
        lambda f: f.willing and f.failed_attempts >= 2,
        paths=(Item("complaint"),),
        reasons=("repeated_refusals",),
    ),
    Rule(
        "willing, overdue, plan not unaffordable",
        lambda f: f.willing and f.overdue > 0 and not f.unaffordable,
        paths=(Item("fee_relief", BY_PRODUCT),),
        reasons=("fee_relief",),
    ),
    Rule(
        "not willing (the consequences, kept when sued; for cards the conditions of 恶意透支)",
        lambda f: not f.willing,
        paths=(Item("budget_first"),),
        warnings=(
            Item("consequences", Pick("lawsuit_risk", ("risk_credit_card", "risk_default"))),
        ),
        reasons=("unwilling",),
    ),
    Rule(
        "overdue_days > 0 (kept 5 years from when the arrears end; the one-time credit repair "
        "judged against today)",
        lambda f: f.overdue > 0,
        warnings=(Item("credit_record", "overdue"),),
        reasons=("overdue", Pick("repair_reason", ("repair_open", "repair_closed", None))),
    ),
    Rule(
        "not willing and not overdue",
        lambda f: not f.willing and f.overdue == 0,
        warnings=(Item("credit_record", "not_yet"),),
    ),
    Rule(
        "overdue_days > 90 (cards: Art. 92 classes)",
        lambda f: f.overdue > 90,
        warnings=(Item("non_performing", BY_PRODUCT),),
        reasons=("non_performing",),
    ),
)

#: When no rule added a path, this one is the advice.
FALLBACK = Item("budget_first")
#: The reason that always closes the list: how ready the borrower is.
READINESS_REASON = Pick("readiness_reason", ("readiness_high", "readiness_medium", "readiness_low"))
#: The order warnings are shown in (most serious first), whatever order the rules add them.
WARNING_ORDER = (
    "lawsuit",
    "consequences",
    "paid_agent_risk",
    "collection_rights",
    "unaffordable",
    "non_performing",
    "credit_record",
    "art70_credit_cards_only",
    "not_obliged",
)


def _unique(items: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


#: Every path id, in the order the rules first add them.
PATH_IDS = _unique([i.id for r in RULES for i in r.paths] + [FALLBACK.id])
#: Every warning id, in the order the rules first add them.
WARNING_IDS = _unique([i.id for r in RULES for i in r.warnings])
#: Every (id, variant) of a path / warning the rules can emit: each needs wording in rules.toml.
PATH_VARIANTS = frozenset(
    (i.id, v) for i in (*(i for r in RULES for i in r.paths), FALLBACK) for v in i.variants()
)
WARNING_VARIANTS = frozenset((i.id, v) for r in RULES for i in r.warnings for v in i.variants())


def _reason_keys(reason: str | Pick) -> tuple[str, ...]:
    return (reason,) if isinstance(reason, str) else tuple(k for k in reason.among if k)


#: Every reason key the rules can emit, in firing order: each needs a sentence in rules.toml.
REASON_KEYS = _unique(
    [k for r in RULES for reason in r.reasons for k in _reason_keys(reason)]
    + list(_reason_keys(READINESS_REASON))
)


def _items_text(items: tuple[Item, ...]) -> str:
    out = []
    for item in items:
        variants = item.variants()
        out.append(item.id if variants == ("default",) else f"{item.id} ({'|'.join(variants)})")
    return ", ".join(out)


def table_text() -> str:
    """The rules in words, as a reStructuredText table (firing order), for docs and docstrings."""
    rows = [(r.when, _items_text(r.paths), _items_text(r.warnings)) for r in RULES]
    rows.append(("no rule added a path", _items_text((FALLBACK,)), ""))
    widths = [
        max(len(row[i]) for row in [("condition", "paths", "warnings"), *rows]) for i in range(3)
    ]
    rule = "  ".join("=" * w for w in widths)
    lines = [
        rule,
        "  ".join(
            h.ljust(w) for h, w in zip(("condition", "paths", "warnings"), widths, strict=True)
        ).rstrip(),
        rule,
    ]
    lines += [
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in rows
    ]
    lines.append(rule)
    return "\n".join(lines)
