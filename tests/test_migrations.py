"""Progress saved under the single-debt interview (self_assessment version 1) carried over to the
household one (version 2) by session.migrate: kept, moved, or asked again with a note — never
wiped, never silently dropped."""

from __future__ import annotations

import json

import pytest
from profiles import ASKED_ONCE, FLOW

from guide_engine import InvalidState, bridge, migrations
from guide_engine import session as sessions

#: A finished version-1 interview (the answers as version 1 stored them).
V1_ANSWERS = {
    "sued": False,
    "bank": "citic",
    "product": "credit_card",
    "debt_total": 52000,
    "overdue_days": 95,
    "monthly_income": 5000,
    "monthly_essential_expenses": 2600,
    "other_debt_payments": 0,
    "hardship": ["illness", "income_drop"],
    "hardship_proof": True,
    "willing_to_repay": True,
    "contacted_bank": True,
    "failed_attempts": 1,
    "abusive_collection": True,
    "paid_agent": False,
}

#: What the carry-over must keep as it was: every answer to a question the household interview
#: asks once (read from the flow file, not from the migration's own list, so that a question the
#: migration forgot fails here).
ONCE_KEPT = {key: V1_ANSWERS[key] for key in ASKED_ONCE}

CARD = {"lender": "citic", "product": "credit_card", "balance": 52000, "overdue_days": 95}


def v1(**changes):
    answers = {**V1_ANSWERS, **changes}
    answers = {key: value for key, value in answers.items() if value is not None}
    return {"flow": "self_assessment", "version": 1, "answers": answers, "draft": {}}


def test_a_finished_single_debt_interview_becomes_the_households_first_debt():
    carried = sessions.migrate(v1())
    assert carried == {
        "state": {
            "flow": "self_assessment",
            "version": 2,
            "answers": ONCE_KEPT,
            "groups": {"debts": {"items": [CARD], "closed": False}},
            "draft": {},
        },
        "notes": [],
    }


def test_after_the_carry_over_only_add_another_is_asked_then_the_review():
    carried = sessions.migrate(v1())["state"]
    shown = sessions.view(carried)
    assert (shown["type"], shown["question"]["id"], shown["question"]["item"]) == (
        "question",
        "debts",
        0,
    )
    finished = sessions.view(sessions.answer(carried, False))
    assert finished["type"] == "result"
    assert finished["profile"]["debts"] == [CARD]


@pytest.mark.parametrize(
    ("changes", "asked", "note"),
    [
        # version 1 told 花呗 users to choose 个人消费贷款: version 2 asks them apart
        ({"product": "consumer_loan"}, ("product", 0), "花呗、白条、月付"),
        # a balance version 2 no longer takes (at least 1 元)
        ({"debt_total": 0.5}, ("balance", 0), "“欠款余额”的回答需要重新填写"),
    ],
)
def test_an_answer_that_no_longer_fits_is_asked_again_with_a_note(changes, asked, note):
    carried = sessions.migrate(v1(**changes))
    question = sessions.view(carried["state"])["question"]
    assert (question["id"], question["item"]) == asked
    assert len(carried["notes"]) == 1 and note in carried["notes"][0]


def test_other_debt_payments_are_not_dropped_silently_the_reader_is_asked_to_list_them():
    carried = sessions.migrate(v1(other_debt_payments=1500))
    assert carried["notes"] == [
        "你之前填过每月还其他欠款约 1,500 元。现在可以把每一笔欠款都列上，算出来的还款能力才是整个"
        "家庭的：在“还有别的欠款要加上吗？”选“是”。"
    ]
    assert sessions.view(carried["state"])["question"]["id"] == "debts"


def test_a_half_done_interview_goes_on_where_the_new_questions_need_it():
    carried = sessions.migrate(v1(debt_total=None, overdue_days=None, monthly_income=None))
    assert carried["state"]["groups"]["debts"]["items"] == [
        {"lender": "citic", "product": "credit_card"}
    ]
    question = sessions.view(carried["state"])["question"]
    assert (question["id"], question["item"]) == ("balance", 0)


def test_a_current_state_comes_back_as_it_is_without_notes():
    state = sessions.start("self_assessment")
    assert sessions.migrate(state) == {"state": state, "notes": []}


@pytest.mark.parametrize(
    ("state", "code"),
    [
        ({**v1(), "answers": {**V1_ANSWERS, "nope": 1}}, "unknown_question"),
        ({**v1(), "version": 3}, "stale_version"),
        ({**v1(), "version": 0}, "stale_version"),
        ({**v1(), "answers": []}, "state_malformed"),
        ({**v1(), "extra": 1}, "state_malformed"),
        ({**v1(), "flow": "nope"}, "unknown_flow"),
        ([], "state_not_object"),
    ],
)
def test_a_state_that_cannot_be_carried_over_is_refused_in_words(state, code):
    with pytest.raises(InvalidState) as caught:
        sessions.migrate(state)
    assert caught.value.code == code
    assert "重新开始" in caught.value.message


def test_the_bridge_carries_over_and_shows_the_next_question():
    reply = json.loads(
        bridge.dispatch("migrate", json.dumps({"state": v1(), "today": "2026-12-01"}))
    )
    assert reply["ok"]
    assert reply["result"]["state"] == sessions.migrate(v1())["state"]
    assert reply["result"]["view"]["question"]["id"] == "debts"
    assert reply["result"]["notes"] == []


def test_every_version_1_question_id_is_carried_or_named():
    """The mapping covers the whole of version 1: no answer of it can be lost unnoticed."""
    (debts,) = FLOW.groups
    assert set(migrations.KEPT_V1) <= set(ASKED_ONCE)
    assert set(migrations.DEBT_V1.values()) <= set(debts.questions)
    assert set(V1_ANSWERS) == set(migrations.KEPT_V1) | set(migrations.DEBT_V1) | {
        "other_debt_payments"
    }
