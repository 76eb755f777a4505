"""Saved interviews from an older flow version, carried over to the current one.

Why: a reader's progress lives only on their own device. When the questionnaire changes, wiping
it ("已经清除，请重新回答") makes a frightened person type everything again; most answers still
mean the same thing. Each step here maps one version to the next, answer by answer: an answer
whose question is unchanged is kept, one that moved (the single debt of version 1 becomes the
first debt of the household) is moved, and one that no longer fits is left out so that the
interview asks it again — never dropped without a word: every such answer gives a note for the
reader. The session re-checks the result like any saved state (:func:`guide_engine.session.migrate`).

Steps (flow id → {from version: step}); a step takes the answers of a state of that version and
returns ``(answers, groups, notes)`` for the next version, or raises
:class:`~guide_engine.errors.InvalidState` for an answer that version never had (tampered).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .errors import InvalidState
from .text import number_text

Step = Callable[[dict[str, Any]], tuple[dict[str, Any], dict[str, Any], list[str]]]

#: Version-1 answers asked once that version 2 asks the same way, under the same id. Written here,
#: not read from the flow file: a step describes two versions that no longer change, while the flow
#: file moves on (a later version's questions are the next step's business).
KEPT_V1 = (
    "sued",
    "monthly_income",
    "monthly_essential_expenses",
    "hardship",
    "hardship_proof",
    "willing_to_repay",
    "contacted_bank",
    "failed_attempts",
    "abusive_collection",
    "paid_agent",
)

#: Version 1's single debt → the first item of version 2's group "debts" (old id → new id). The
#: old ids are also the single-debt profile's fields (data/vocabulary.toml), so the tests build the
#: household interview's answers for a single-debt profile from this map.
DEBT_V1 = {
    "bank": "lender",
    "product": "product",
    "debt_total": "balance",
    "overdue_days": "overdue_days",
}


def _self_assessment_1(answers: dict[str, Any]) -> tuple[dict, dict, list[str]]:
    """The single-debt interview → the household one.

    The debt becomes the household's first debt; "add another?" is asked (version 1 never asked
    about other debts). Two answers do not fit: "个人消费贷款" (version 1 told 花呗 and 白条 users to
    choose it; version 2 asks them apart), asked again; and "每月还其他欠款多少", which version 2
    replaces by listing each of those debts.
    """
    unknown = set(answers) - {*KEPT_V1, *DEBT_V1, "other_debt_payments"}
    if unknown:
        raise InvalidState(
            "保存的进度里有不认识的问题。请重新开始自测（之前的答案需要重新填写）。",
            code="unknown_question",
        )
    kept = {key: answers[key] for key in KEPT_V1 if key in answers}
    debt = {new: answers[old] for old, new in DEBT_V1.items() if old in answers}
    notes = []
    if debt.get("product") == "consumer_loan":
        del debt["product"]
        notes.append(
            "“欠的是哪一种”多了一个选项：花呗、白条、月付这类消费信贷现在单独列出，请再选一次。"
        )
    other = answers.get("other_debt_payments")
    if isinstance(other, (int, float)) and not isinstance(other, bool) and other > 0:
        notes.append(
            f"你之前填过每月还其他欠款约 {number_text(other)} 元。现在可以把每一笔欠款都列上，"
            "算出来的还款能力才是整个家庭的：在“还有别的欠款要加上吗？”选“是”。"
        )
    return kept, {"debts": {"items": [debt], "closed": False}}, notes


STEPS: dict[str, dict[int, Step]] = {"self_assessment": {1: _self_assessment_1}}


def step_for(flow_id: str, version: int) -> Step | None:
    """The step from ``version`` of the flow ``flow_id`` to the next one, or None."""
    return STEPS.get(flow_id, {}).get(version)
