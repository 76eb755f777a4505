"""Interview sessions: forward, back, branching, editing, saved state, and every kind of bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import guide_engine as ge
from guide_engine import GuideError, InvalidAnswer, InvalidState, parse_flow
from guide_engine.household import validate_household

SINK = parse_flow(Path(__file__).parent / "sample_flows" / "kitchen_sink.toml")

# A complete, ordinary walk through the packaged self-assessment.
SELF_ASSESSMENT_ANSWERS = [
    ("sued", False),
    ("lender", "citic"),
    ("product", "credit_card"),
    ("balance", 30000),
    ("overdue_days", 45),
    ("debts", False),
    ("monthly_income", 6000),
    ("monthly_essential_expenses", 3500),
    ("hardship", ["illness"]),
    ("hardship_proof", True),
    ("willing_to_repay", True),
    ("contacted_bank", True),
    ("failed_attempts", 1),
    ("abusive_collection", False),
    ("paid_agent", False),
]


#: The questions about the debt (the group "debts", and its "add another?").
DEBT_IDS = {"lender", "product", "balance", "overdue_days", "debts"}
#: The questions whose answers go under "household" in the profile.
HOUSEHOLD_IDS = {"monthly_income", "monthly_essential_expenses"}


def current_id(state, flow=None):
    shown = ge.view(state, flow=flow)
    return shown["question"]["id"] if shown["type"] == "question" else None


def walk(answers, flow=None):
    state = ge.start(flow or "self_assessment")
    for question_id, value in answers:
        assert current_id(state, flow) == question_id
        state = ge.answer(state, value, flow=flow)
    return state


def sink(*values):
    state = ge.start(SINK)
    for value in values:
        state = ge.answer(state, value, flow=SINK)
    return state


# --------------------------------------------------------------------------- forward


def test_start_gives_an_empty_json_state_naming_flow_and_version():
    state = ge.start("self_assessment")
    assert state == {
        "flow": "self_assessment",
        "version": ge.load_flow("self_assessment").version,
        "answers": {},
        "groups": {"debts": {"items": [{}], "closed": False}},
        "draft": {},
    }
    assert json.loads(json.dumps(state)) == state


def test_first_view_is_the_first_question_with_its_input_spec():
    shown = ge.view(ge.start("self_assessment"))
    assert shown["type"] == "question"
    assert shown["question"]["id"] == "sued"
    assert set(shown["question"]["input"]) >= {"kind", "options", "min", "max", "unit"}
    assert shown["progress"] == {
        "answered": 0,
        # every step that may still come: each question once (the group's for one debt), and
        # "add another?"; those that depend on the first answer (the court papers) are counted
        "estimate": 19,
        "text": "第 1 题",
        "group": None,
    }


def test_a_yes_no_question_view_carries_its_two_options_with_labels():
    shown = ge.view(ge.start("self_assessment"))
    assert shown["question"]["input"] == {
        "kind": "yesno",
        "options": [{"id": True, "label": "是"}, {"id": False, "label": "否"}],
        "min": None,
        "max": None,
        "unit": None,
        "integer": False,
        "max_length": None,
    }
    assert shown["question"]["short"] == "已收到起诉或仲裁文书"


def test_number_question_view_has_range_and_unit():
    state = walk(SELF_ASSESSMENT_ANSWERS[:3])
    spec = ge.view(state)["question"]["input"]
    assert (spec["kind"], spec["min"], spec["max"], spec["unit"]) == ("number", 1, 100000000, "元")


def test_a_full_walk_ends_in_a_result_with_profile_assessment_letter_and_summary():
    state = walk(SELF_ASSESSMENT_ANSWERS)
    shown = ge.view(state)
    assert shown["type"] == "result"
    once = {k: v for k, v in SELF_ASSESSMENT_ANSWERS if k not in DEBT_IDS | {"sued"}}
    assert shown["profile"] == {
        "household": {"monthly_income": 6000, "essential_expenses": 3500},
        **{k: v for k, v in once.items() if k not in HOUSEHOLD_IDS},
        "debts": [{k: v for k, v in SELF_ASSESSMENT_ANSWERS if k in DEBT_IDS - {"debts"}}],
    }
    assert shown["assessment"] == ge.assess(shown["profile"])
    assert shown["letter"] == ge.letter(shown["profile"])
    assert shown["summary"] == ge.answers_summary(state)


def test_the_result_profile_is_a_household_that_validates_as_it_is():
    shown = ge.view(walk(SELF_ASSESSMENT_ANSWERS))
    home = validate_household(shown["profile"])
    assert set(shown["profile"]) == set(home) - {"version"}


def test_progress_counts_answers():
    state = walk(SELF_ASSESSMENT_ANSWERS[:4])
    assert ge.view(state)["progress"]["answered"] == 4


def test_profile_returns_fields_collected_so_far():
    state = walk(SELF_ASSESSMENT_ANSWERS[:3])
    assert ge.profile(state) == {"debts": [{"lender": "citic", "product": "credit_card"}]}


# --------------------------------------------------------------------------- branching


def test_a_question_whose_condition_is_false_is_skipped_and_its_default_used():
    answers = [pair for pair in SELF_ASSESSMENT_ANSWERS if pair[0] != "hardship_proof"]
    answers = [(k, [] if k == "hardship" else v) for k, v in answers]
    answers = [
        (k, False if k == "contacted_bank" else v) for k, v in answers if k != "failed_attempts"
    ]
    shown = ge.view(walk(answers))
    assert shown["type"] == "result"
    assert shown["profile"]["hardship_proof"] is False
    assert shown["profile"]["failed_attempts"] == 0


@pytest.mark.parametrize(
    ("answers", "next_id"),
    [
        (["a", 600], "big"),  # amount >= 500 asks "big"
        (["a", 100], "tags"),  # amount < 500 skips it
        (["a", 100, ["x"]], "why_x"),
        (["a", 100, ["y"]], "count"),
        (["c", 100, ["y"]], "note"),  # kind c skips count
        (["a", 600, True, []], "note"),  # big skips count
    ],
)
def test_branching_follows_the_conditions(answers, next_id):
    assert current_id(sink(*answers), SINK) == next_id


def test_the_estimate_drops_when_a_branch_is_skipped():
    assert (
        ge.view(sink("c", 100), flow=SINK)["progress"]["estimate"]
        < ge.view(sink("a", 600), flow=SINK)["progress"]["estimate"]
    )


# --------------------------------------------------------------------------- back / edit


def test_back_returns_to_the_previous_question_and_offers_the_old_answer():
    state = walk(SELF_ASSESSMENT_ANSWERS[:3])
    previous = ge.back(state)
    shown = ge.view(previous)
    assert shown["question"]["id"] == "product"
    assert shown["question"]["value"] == "credit_card"
    assert shown["question"]["value_label"] == "信用卡"
    assert previous["groups"]["debts"]["items"] == [{"lender": "citic"}]


def test_back_then_the_same_answer_restores_the_state():
    state = walk(SELF_ASSESSMENT_ANSWERS[:5])
    assert ge.answer(ge.back(state), SELF_ASSESSMENT_ANSWERS[4][1]) == state


def test_back_from_the_result_goes_to_the_last_question():
    assert current_id(ge.back(walk(SELF_ASSESSMENT_ANSWERS))) == "paid_agent"


def test_back_at_the_first_question_changes_nothing():
    state = ge.start("self_assessment")
    assert ge.back(state) == state
    assert ge.view(state)["can_back"] is False


def test_back_skips_questions_that_were_not_asked():
    state = sink("c", 100, ["y"])  # at note; count and why_x and big skipped
    assert current_id(ge.back(state, flow=SINK), SINK) == "tags"


def test_changing_an_earlier_answer_drops_answers_no_longer_asked():
    state = walk(SELF_ASSESSMENT_ANSWERS)
    state = ge.edit(state, "contacted_bank")
    state = ge.answer(state, False)
    assert "failed_attempts" not in state["answers"]
    shown = ge.view(state)
    assert shown["type"] == "result"
    assert shown["profile"]["failed_attempts"] == 0


def test_editing_keeps_later_answers_that_still_apply():
    state = ge.edit(walk(SELF_ASSESSMENT_ANSWERS), "balance", 0)
    assert current_id(state) == "balance"
    assert state["answers"]["paid_agent"] is False
    finished = ge.answer(state, 12345)
    assert ge.view(finished)["type"] == "result"
    assert ge.profile(finished)["debts"][0]["balance"] == 12345


def test_editing_into_a_new_branch_asks_the_newly_relevant_question_next():
    answers = [
        (k, [] if k == "hardship" else v)
        for k, v in SELF_ASSESSMENT_ANSWERS
        if k != "hardship_proof"
    ]
    state = ge.edit(walk(answers), "hardship")
    state = ge.answer(state, ["job_loss"])
    assert current_id(state) == "hardship_proof"
    assert ge.view(ge.answer(state, False))["type"] == "result"


@pytest.mark.parametrize("question_id", ["failed_attempts", "nonexistent", 42, None])
def test_edit_of_a_question_not_answered_is_refused(question_id):
    answers = [
        (k, False if k == "contacted_bank" else v)
        for k, v in SELF_ASSESSMENT_ANSWERS
        if k != "failed_attempts"
    ]
    state = walk(answers)
    with pytest.raises(InvalidAnswer) as caught:
        ge.edit(state, question_id)
    assert caught.value.code == "not_editable"


def test_answers_summary_lists_asked_questions_with_readable_answers():
    summary = ge.answers_summary(walk(SELF_ASSESSMENT_ANSWERS))
    assert [item["id"] for item in summary] == [
        k for k, _ in SELF_ASSESSMENT_ANSWERS if k not in DEBT_IDS - {"debts"}
    ]
    labels = {item["id"]: item["answer_label"] for item in summary}
    debt = {entry["id"]: entry["answer_label"] for entry in summary[1]["items"][0]["answers"]}
    assert (labels["sued"], labels["debts"]) == ("否", "1 笔")
    assert debt == {
        "lender": "中信银行",
        "product": "信用卡",
        "balance": "30,000 元",
        "overdue_days": "45 天",
    }


# --------------------------------------------------------------------------- saved state


def test_state_survives_a_json_round_trip_at_every_step():
    state = ge.start("self_assessment")
    for _question_id, value in SELF_ASSESSMENT_ANSWERS:
        state = json.loads(json.dumps(ge.answer(state, value)))
        assert ge.view(state)
    assert ge.view(state)["type"] == "result"


def test_a_whole_float_from_javascript_is_stored_like_an_int():
    state = walk(SELF_ASSESSMENT_ANSWERS[:3])
    assert ge.answer(state, 3000.0)["groups"]["debts"]["items"][0]["balance"] == 3000


def v2(answers=None, items=None, **rest):
    """A state of the self-assessment (version 2) with these answers and debt items."""
    groups = {"debts": {"items": items or [{}], "closed": False}}
    return {
        "flow": "self_assessment",
        "version": 2,
        "answers": {} if answers is None else answers,
        "groups": groups,
        **rest,
    }


STATE_TAMPERING = [
    ("not a dict", "state_not_object"),
    (None, "state_not_object"),
    ({}, "state_malformed"),
    ({"flow": "self_assessment", "version": 2}, "state_malformed"),
    (v2(extra=1), "state_malformed"),
    (v2(answers=[]), "state_malformed"),
    ({"flow": "self_assessment", "version": 2, "answers": {}}, "state_malformed"),  # no groups
    ({**v2(), "groups": {"debts": {"items": [{}]}}}, "state_malformed"),
    ({"flow": "no_such_flow", "version": 1, "answers": {}}, "unknown_flow"),
    ({"flow": 7, "version": 1, "answers": {}}, "state_malformed"),
    ({**v2(), "version": 999}, "stale_version"),
    ({**v2(), "version": "2"}, "stale_version"),
    ({**v2(), "version": True}, "stale_version"),
    ({**v2(), "version": 1}, "stale_version"),  # version 1: session.migrate carries it over
    (v2({"nope": 1}), "unknown_question"),
    (v2({"lender": "citic"}), "unknown_question"),  # a debt's answer outside its item
    (v2(items=[{"lender": "hsbc"}]), "bad_answer"),
    (v2(items=[{"balance": -5}]), "bad_answer"),
    (v2(draft={"lender": 3}), "bad_answer"),
    (v2(draft={"a": 1, "b": 2}), "state_malformed"),
]


@pytest.mark.parametrize(("state", "code"), STATE_TAMPERING)
@pytest.mark.parametrize("call", ["view", "back", "profile", "answers_summary", "answer"])
def test_tampered_truncated_or_stale_state_raises_invalid_state(state, code, call):
    before = repr(state)  # repr: a drawn NaN is not == itself
    function = getattr(ge, call)
    with pytest.raises(InvalidState) as caught:
        function(state, False) if call == "answer" else function(state)
    assert caught.value.code == code
    assert caught.value.message  # Chinese, tells the reader to start again
    assert repr(state) == before


def test_answer_on_a_finished_interview_is_refused():
    with pytest.raises(InvalidAnswer) as caught:
        ge.answer(walk(SELF_ASSESSMENT_ANSWERS), True)
    assert caught.value.code == "finished"


def test_start_of_an_unknown_flow_raises_a_guide_error():
    with pytest.raises(GuideError) as caught:
        ge.start("no_such_flow")
    assert caught.value.code == "unknown_flow"


# --------------------------------------------------------------------------- bad answers

# prefix of answers reaching the question, bad value, expected code, a word the message must contain
BAD_ANSWERS = [
    ([], "a", "not_yes_no", "是"),
    ([], 1, "not_yes_no", "否"),
    ([], None, "not_yes_no", "是"),
    ([], "true", "not_yes_no", "是"),
    ([False], "hsbc", "not_an_option", "中信银行"),
    ([False], 1, "not_an_option", "选择"),
    ([False], ["citic"], "not_an_option", "选择"),
    (
        [False, "citic", "credit_card"],
        -1,
        "out_of_range",
        "请输入 1 到 100000000 之间的数字（单位：元）",
    ),
    ([False, "citic", "credit_card"], 10**12, "out_of_range", "元"),
    ([False, "citic", "credit_card"], True, "not_a_number", "数字"),
    ([False, "citic", "credit_card"], float("nan"), "not_a_number", "数字"),
    ([False, "citic", "credit_card"], float("inf"), "not_a_number", "数字"),
    ([False, "citic", "credit_card"], "lots", "not_a_number", "数字"),
    ([False, "citic", "credit_card"], "nan", "not_a_number", "数字"),
    ([False, "citic", "credit_card"], "1e9", "not_a_number", "数字"),
    ([False, "citic", "credit_card"], [], "not_a_number", "数字"),
    ([False, "citic", "credit_card", 1000], 1.5, "not_an_integer", "整数"),
    ([False, "citic", "credit_card", 1000], "三年", "not_a_number", "天"),
    ([False, "citic", "credit_card", 1000, 0, False, 0, 0], "illness", "not_a_list", "选择"),
    ([False, "citic", "credit_card", 1000, 0, False, 0, 0], ["flu"], "not_an_option", "选项"),
    ([False, "citic", "credit_card", 1000, 0, False, 0, 0], [1], "not_an_option", "选项"),
    ([False, "citic", "credit_card", 1000, 0], "yes", "not_yes_no", "是"),  # add another?
]


@pytest.mark.parametrize(("prefix", "value", "code", "word"), BAD_ANSWERS)
def test_a_bad_answer_raises_invalid_answer_and_leaves_the_state_unchanged(
    prefix, value, code, word
):
    state = ge.start("self_assessment")
    for good in prefix:
        state = ge.answer(state, good)
    before = repr(state)  # repr: a drawn NaN is not == itself
    with pytest.raises(InvalidAnswer) as caught:
        ge.answer(state, value)
    assert caught.value.code == code
    assert word in caught.value.message
    assert repr(state) == before


@pytest.mark.parametrize(
    ("text", "stored"),
    [("3,000", 3000), ("３０００", 3000), (" 2500.5 元", 2500.5), ("1234.5", 1234.5)],
)
def test_a_number_may_be_given_as_text_the_way_people_type_it(text, stored):
    state = walk(SELF_ASSESSMENT_ANSWERS[:3])
    assert ge.answer(state, text)["groups"]["debts"]["items"][0]["balance"] == stored


def test_multi_accepts_an_empty_list_and_stores_choices_in_flow_order_without_duplicates():
    state = ge.answer(sink("a", 100), ["z", "x", "z"], flow=SINK)
    assert state["answers"]["tags"] == ["x", "z"]
    assert ge.answer(sink("a", 100), [], flow=SINK)["answers"]["tags"] == []


def test_text_answers_have_control_characters_removed():
    state = sink("a", 100, ["x"])
    assert (
        ge.answer(state, "因为\x00\x1b[31m 生病\u200b", flow=SINK)["answers"]["why_x"]
        == "因为[31m 生病"
    )


@pytest.mark.parametrize("value", ["字" * 21, 5, None, ["a"]])
def test_text_answers_that_are_too_long_or_not_text_are_refused(value):
    state = sink("a", 100, ["x"])
    with pytest.raises(InvalidAnswer) as caught:
        ge.answer(state, value, flow=SINK)
    assert caught.value.code in {"too_long", "not_text"}


def test_a_text_answer_at_the_limit_is_accepted():
    assert ge.answer(sink("a", 100, ["x"]), "字" * 20, flow=SINK)["answers"]["why_x"] == "字" * 20


def test_a_state_of_another_flow_is_refused_when_a_flow_is_given():
    with pytest.raises(InvalidState):
        ge.view(ge.start("self_assessment"), flow=SINK)


def test_a_flow_without_assess_shows_no_assessment():
    shown = ge.view(sink("c", 100, [], "完"), flow=SINK)
    assert shown["type"] == "result"
    assert shown["assessment"] is None
    assert shown["profile"] == {
        "kind": "c",
        "amount": 100,
        "big": False,
        "tags": [],
        "why_x": "",
        "count": 0,
        "note": "完",
    }


class Weird:
    def __eq__(self, other):
        raise RuntimeError("boom")

    def __hash__(self):
        raise RuntimeError("boom")


@pytest.mark.parametrize("value", [Weird(), {"a": 1}, object(), b"bytes", 2**2000])
def test_strange_python_values_raise_only_guide_errors(value):
    state = walk(SELF_ASSESSMENT_ANSWERS[:3])
    with pytest.raises(GuideError):
        ge.answer(state, value)
