"""Repeatable groups ("add another debt"): loading, walking, going back, editing, removing, the
review, progress in words, the diagram and the terminal — on the sample flow and the household flow."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest

import guide_engine as ge
from guide_engine import InvalidAnswer, InvalidState, bridge, parse_flow
from guide_engine import session as sessions
from guide_engine.cli import main
from guide_engine.graph import mermaid
from guide_engine.household import validate_household
from guide_engine.validate import _paths, problems_of

SINK = parse_flow(Path(__file__).parent / "sample_flows" / "group_sink.toml")
HOUSEHOLD = ge.load_flow("self_assessment")

# Answers up to the sample flow's group: kind a, amount 10, no tags.
BEFORE_GROUP = ["a", 10, [], 2]


def run(flow, values, state=None):
    """The state after answering ``values`` in turn from ``state`` (a fresh one by default)."""
    state = sessions.start(flow) if state is None else state
    for value in values:
        state = sessions.answer(state, value, flow=flow)
    return state


def at_group():
    return run(SINK, BEFORE_GROUP)


def two_people():
    """Two people given, the group closed, the note still to answer."""
    return run(SINK, ["王芳", 30, True, "李雷", 12, True, "2026-11-20", False], at_group())


def test_a_fresh_state_carries_every_group_with_one_empty_item():
    assert sessions.start(SINK) == {
        "flow": "group_sink",
        "version": 1,
        "answers": {},
        "groups": {"people": {"items": [{}], "closed": False}},
        "draft": {},
    }


def test_the_first_question_of_a_group_says_which_item_in_words():
    shown = sessions.view(at_group(), flow=SINK)
    assert shown["question"]["id"] == "name"
    assert (shown["question"]["group"], shown["question"]["item"]) == ("people", 0)
    assert shown["progress"] == {
        "answered": 4,
        "estimate": 10,
        "text": "家人 · 第 1 位，共 1 位",
        "group": {"id": "people", "short": "家人", "item": 0, "count": 1, "max": 3},
    }


def test_a_question_asked_once_says_its_number_in_words():
    shown = sessions.view(run(SINK, ["a"]), flow=SINK)
    assert shown["progress"]["text"] == "第 2 题"
    assert shown["progress"]["group"] is None
    assert (shown["question"]["group"], shown["question"]["item"]) == (None, None)


def test_after_an_item_the_reader_is_asked_to_add_another():
    shown = sessions.view(run(SINK, ["王芳", 30], at_group()), flow=SINK)
    assert shown["question"] == {
        "id": "people",
        "field": "people",
        "text": "还有别的家人要加上吗？",
        "help": "最多 3 位。",
        "short": "家人",
        "input": {
            "kind": "yesno",
            "options": ge.vocabulary.yes_no(),
            "min": None,
            "max": None,
            "unit": None,
            "integer": False,
            "max_length": None,
        },
        "value": None,
        "value_label": None,
        "group": "people",
        "item": 0,
    }
    assert shown["progress"]["text"] == "家人 · 已填 1 位"


def test_answers_are_kept_per_item():
    assert two_people()["groups"] == {
        "people": {
            "items": [
                {"name": "王芳", "age": 30},
                {"name": "李雷", "age": 12, "school": True, "visit": "2026-11-20"},
            ],
            "closed": True,
        }
    }


def test_the_second_item_is_counted_in_words():
    shown = sessions.view(run(SINK, ["王芳", 30, True], at_group()), flow=SINK)
    assert shown["progress"]["text"] == "家人 · 第 2 位，共 2 位"
    assert shown["progress"]["group"]["item"] == 1


def test_a_condition_inside_an_item_reads_an_answer_asked_once():
    state = run(SINK, ["c", 10, [], "王芳", 12, False])
    assert state["groups"]["people"]["items"] == [{"name": "王芳", "age": 12}]
    assert sessions.view(state, flow=SINK)["question"]["id"] == "note"


def test_the_profile_has_one_entry_per_item_with_its_parts():
    state = run(SINK, ["好"], two_people())
    assert sessions.profile(state, flow=SINK) == {
        "kind": "a",
        "amount": 10,
        "big": False,
        "tags": [],
        "why_x": "",
        "count": 2,
        "note": "好",
        "people": [
            {"name": "王芳", "age": 30, "school": False},
            {"name": "李雷", "age": 12, "school": True, "visit": {"day": "2026-11-20"}},
        ],
    }


def test_no_more_is_asked_once_the_group_is_full():
    state = run(SINK, ["甲", 30, True, "乙", 30, True, "丙", 30], at_group())
    assert state["groups"]["people"]["closed"] is True
    assert sessions.view(state, flow=SINK)["question"]["id"] == "note"


@pytest.mark.parametrize(
    ("answers", "draft", "items"),
    [
        # back from the first question of a new item: the empty item goes, "yes" is the draft
        (["王芳", 30, True], {"people": True}, [{"name": "王芳", "age": 30}]),
        # back from the first question after the group: it opens again, "no" is the draft
        (["王芳", 30, False], {"people": False}, [{"name": "王芳", "age": 30}]),
        # back inside an item
        (["王芳"], {"name": "王芳"}, [{}]),
    ],
)
def test_back_steps_over_add_another_and_keeps_the_answer_as_draft(answers, draft, items):
    state = run(SINK, answers, at_group())
    previous = sessions.back(state, flow=SINK)
    assert previous["draft"] == draft
    assert previous["groups"]["people"]["items"] == items
    assert sessions.answer(previous, next(iter(draft.values())), flow=SINK) == state


def test_back_from_the_first_question_of_a_group_goes_to_the_question_before_it():
    previous = sessions.back(at_group(), flow=SINK)
    assert previous["draft"] == {"count": 2}


def test_edit_inside_an_item_keeps_the_other_items_and_later_answers():
    state = run(SINK, ["好"], two_people())
    edited = sessions.edit(state, "age", 1, flow=SINK)
    assert edited["draft"] == {"age": 12}
    assert edited["groups"]["people"]["items"][0] == {"name": "王芳", "age": 30}
    assert edited["answers"]["note"] == "好"
    again = sessions.answer(edited, 40, flow=SINK)
    assert again["groups"]["people"]["items"][1] == {"name": "李雷", "age": 40}
    assert sessions.view(again, flow=SINK)["type"] == "result"


def test_edit_of_an_earlier_answer_can_make_an_item_question_relevant():
    state = run(SINK, ["好"], two_people())
    edited = sessions.answer(sessions.edit(state, "kind", flow=SINK), "c", flow=SINK)
    assert edited["groups"]["people"]["items"][1] == {"name": "李雷", "age": 12}
    assert sessions.view(edited, flow=SINK)["type"] == "result"


def test_editing_the_group_itself_reopens_add_another():
    state = run(SINK, ["好"], two_people())
    reopened = sessions.edit(state, "people", flow=SINK)
    assert sessions.view(reopened, flow=SINK)["question"]["id"] == "people"
    added = sessions.answer(reopened, True, flow=SINK)
    assert sessions.view(added, flow=SINK)["progress"]["text"] == "家人 · 第 3 位，共 3 位"


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (("age",), "not_editable"),  # a group question needs its item
        (("age", 5), "not_editable"),
        (("age", True), "not_editable"),
        (("school", 0), "not_editable"),  # not asked for that item
    ],
)
def test_edit_of_a_step_that_was_not_taken_is_refused_and_changes_nothing(args, code):
    state = two_people()
    before = json.dumps(state)
    with pytest.raises(InvalidAnswer) as caught:
        sessions.edit(state, *args, flow=SINK)
    assert caught.value.code == code
    assert json.dumps(state) == before


def test_removing_an_item_keeps_the_others_in_order():
    state = run(SINK, ["好"], two_people())
    removed = sessions.remove_item(state, "people", 0, flow=SINK)
    assert removed["groups"]["people"] == {
        "items": [{"name": "李雷", "age": 12, "school": True, "visit": "2026-11-20"}],
        "closed": True,
    }
    assert sessions.view(removed, flow=SINK)["type"] == "result"


@pytest.mark.parametrize(
    ("group", "item", "code"),
    [("people", 2, "not_editable"), ("people", -1, "not_editable"), ("nope", 0, "not_editable")],
)
def test_removing_no_such_item_is_refused_and_changes_nothing(group, item, code):
    state = two_people()
    before = json.dumps(state)
    with pytest.raises(InvalidAnswer) as caught:
        sessions.remove_item(state, group, item, flow=SINK)
    assert caught.value.code == code
    assert json.dumps(state) == before


def test_the_only_item_cannot_be_removed():
    state = run(SINK, ["王芳", 30, False], at_group())
    with pytest.raises(InvalidAnswer) as caught:
        sessions.remove_item(state, "people", 0, flow=SINK)
    assert caught.value.code == "last_item"
    assert "至少要留一位" in caught.value.message


def test_the_review_lists_every_item_as_its_own_block():
    summary = sessions.answers_summary(run(SINK, ["好"], two_people()), flow=SINK)
    block = next(entry for entry in summary if entry["id"] == "people")
    assert {k: v for k, v in block.items() if k != "items"} == {
        "id": "people",
        "group": "people",
        "text": "还有别的家人要加上吗？",
        "short": "家人",
        "answer": 2,
        "answer_label": "2 位",
        "unit": "位",
        "can_add": True,
        "can_remove": True,
    }
    assert [
        (
            item["index"],
            item["title"],
            [(a["id"], a["answer_label"], a["item"]) for a in item["answers"]],
        )
        for item in block["items"]
    ] == [
        (0, "第 1 位", [("name", "王芳", 0), ("age", "30 岁", 0)]),
        (
            1,
            "第 2 位",
            [
                ("name", "李雷", 1),
                ("age", "12 岁", 1),
                ("school", "是", 1),
                ("visit", "2026年11月20日", 1),
            ],
        ),
    ]
    assert [entry["id"] for entry in summary] == [
        "kind",
        "amount",
        "tags",
        "count",
        "people",
        "note",
    ]


@pytest.mark.parametrize(
    "groups",
    [
        None,
        [],
        {},
        {"people": []},
        {"people": {"items": [{}]}},
        {"people": {"items": {}, "closed": False}},
        {"people": {"items": [{}], "closed": "no"}},
        {"people": {"items": [[]], "closed": False}},
        {"people": {"items": [{}] * 4, "closed": False}},
        {"people": {"items": [{"age": "old"}], "closed": False}},
        {"people": {"items": [{"kind": "a"}], "closed": False}},
        {"people": {"items": [{}], "closed": False}, "others": {}},
    ],
)
def test_a_tampered_group_state_is_refused_as_invalid_state(groups):
    state = {"flow": "group_sink", "version": 1, "answers": {}, "draft": {}}
    if groups is not None:
        state["groups"] = groups
    with pytest.raises(InvalidState):
        sessions.view(state, flow=SINK)


def test_an_answer_asked_once_cannot_hide_inside_an_item_nor_the_other_way_round():
    state = sessions.start(SINK)
    with pytest.raises(InvalidState):
        sessions.view({**state, "answers": {"age": 3}}, flow=SINK)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("2026-11-20", "2026-11-20"),
        ("2026/1/5", "2026-01-05"),
        ("2026.11.20", "2026-11-20"),
        ("2026年11月20日", "2026-11-20"),
        ("２０２６－１１－２０", "2026-11-20"),
    ],
)
def test_a_date_is_read_the_ways_people_write_it(typed, stored):
    question = SINK.question("visit")
    assert question.accept(typed) == stored


@pytest.mark.parametrize(
    "typed", ["", "昨天", "2026-02-30", "1999-12-31", "2026-11", 20261120, None]
)
def test_a_date_that_is_no_date_is_refused_in_words(typed):
    with pytest.raises(InvalidAnswer) as caught:
        SINK.question("visit").accept(typed)
    assert caught.value.code == "not_a_date"
    assert "2026-11-20" in caught.value.message


@pytest.mark.parametrize(
    ("typed", "today", "taken"),
    [
        ("2026-12-01", dt.date(2026, 12, 1), True),  # today itself
        ("2026-12-02", dt.date(2026, 12, 1), False),  # tomorrow on the reader's device
        ("2026-12-02", dt.date(2026, 12, 2), True),  # the same day, the day after
        ("2999-01-01", None, True),  # no today: checked for form only (a saved answer read back)
    ],
)
def test_a_date_answer_is_judged_against_the_callers_today_never_the_clock(typed, today, taken):
    question = SINK.question("visit")
    if taken:
        assert question.accept(typed, today) == typed
    else:
        with pytest.raises(InvalidAnswer, match="这一天还没到"):
            question.accept(typed, today)


def test_the_diagram_loops_back_from_add_another_to_the_first_question_of_the_group():
    chart = mermaid(SINK)
    assert '    subgraph g1["家人：每位问一遍"]' in chart
    assert '        m1{"还有别的家人要加上吗？（最多 3 位）"}' in chart
    assert "    q7 --> m1" not in chart  # q7 (age) leads on to the school condition
    assert "    m1 -->|是| q7" in chart
    assert "    m1 -->|否| q11" in chart


def test_the_validator_walks_one_and_two_items():
    counts = {len(items["people"]) for _, _, items in _paths(SINK)[0]}
    assert counts == {1, 2}


# --------------------------------------------------------------------------- the household flow

ONE_CARD = {
    "sued": False,
    "lender": "citic",
    "product": "credit_card",
    "balance": 12000,
    "overdue_days": 40,
    "debts": False,
    "monthly_income": 5000,
    "monthly_essential_expenses": 3000,
    "hardship": [],
    "willing_to_repay": True,
    "contacted_bank": False,
    "abusive_collection": False,
    "paid_agent": False,
}


def walk_by_id(answers_by_id, flow=HOUSEHOLD):
    """(state, ids asked in order) answering each question from ``answers_by_id``."""
    state, asked = sessions.start(flow), []
    while (shown := sessions.view(state, flow=flow))["type"] == "question":
        question = shown["question"]["id"]
        asked.append(question)
        value = answers_by_id[question]
        state = sessions.answer(
            state,
            value.pop(0) if isinstance(value, list) and question != "hardship" else value,
            flow=flow,
        )
    return state, asked


def test_a_reader_with_one_card_answers_as_few_questions_as_before():
    _state, asked = walk_by_id(ONE_CARD)
    assert asked == list(ONE_CARD)
    assert len(asked) <= len(ge.load_flow("self_assessment").questions) - 2


def test_the_household_flow_fills_a_household_profile_that_validates():
    state, _ = walk_by_id(ONE_CARD)
    shown = sessions.view(state)
    assert shown["profile"] == {
        "household": {"monthly_income": 5000, "essential_expenses": 3000},
        "hardship": [],
        "hardship_proof": False,
        "willing_to_repay": True,
        "contacted_bank": False,
        "failed_attempts": 0,
        "abusive_collection": False,
        "paid_agent": False,
        "debts": [
            {"lender": "citic", "product": "credit_card", "balance": 12000, "overdue_days": 40}
        ],
    }
    assert validate_household(shown["profile"])["debts"][0]["court"] is None
    assert shown["assessment"]["paths"]


def test_court_papers_are_asked_only_for_the_debt_they_concern():
    answers = {
        **ONE_CARD,
        "sued": True,
        "lender": ["citic", "other"],
        "product": ["credit_card", "consumer_credit"],
        "balance": [12000, 3000],
        "overdue_days": [40, 10],
        "court_this": [False, True],
        "court_stage": "payment_order",
        "court_received": "2026-11-20",
        "debts": [True, False],
    }
    state, asked = walk_by_id(answers)
    assert asked.count("court_stage") == 1
    debts = sessions.view(state)["profile"]["debts"]
    assert [debt.get("court") for debt in debts] == [
        None,
        {"stage": "payment_order", "received": "2026-11-20"},
    ]
    assert validate_household(sessions.view(state)["profile"])["debts"][1]["court"] == {
        "stage": "payment_order",
        "received": "2026-11-20",
        "hearing": None,
    }


def court_answers(received):
    return {
        **ONE_CARD,
        "sued": True,
        "court_this": True,
        "court_stage": "payment_order",
        "court_received": received,
    }


def at_court_date():
    """A fresh household state at its court date question."""
    answers = court_answers("")
    state = sessions.start(HOUSEHOLD)
    while (shown := sessions.view(state))["question"]["id"] != "court_received":
        state = sessions.answer(state, answers[shown["question"]["id"]])
    return state


@pytest.mark.parametrize(
    ("today", "taken"), [("2026-12-01", True), ("2026-11-30", False), (dt.date(2026, 12, 2), True)]
)
def test_a_court_date_is_judged_against_the_callers_today(today, taken):
    state = at_court_date()
    if taken:
        after = sessions.answer(state, "2026-12-01", today=today)
        assert after["groups"]["debts"]["items"][0]["court_received"] == "2026-12-01"
    else:
        with pytest.raises(InvalidAnswer) as caught:
            sessions.answer(state, "2026-12-01", today=today)
        assert caught.value.code == "not_a_date"


@pytest.mark.parametrize("today", ["2026-13-01", "明天", 20261201, "2026-12-01T08:00"])
def test_a_today_that_is_no_date_is_refused_in_words(today):
    with pytest.raises(InvalidAnswer) as caught:
        sessions.view(sessions.start(HOUSEHOLD), today=today)
    assert caught.value.code == "invalid_date"


def test_the_results_deadlines_are_counted_from_the_callers_today():
    """The same saved state gives the same deadline whatever the machine's clock says."""
    state, _ = walk_by_id(court_answers("2026-11-20"))
    days = {
        today: sessions.view(state, today=today)["assessment"]["debts"][0]["deadlines"][0]
        for today in ("2026-11-25", "2026-11-30")
    }
    assert {day: (d["due"], d["days_left"]) for day, d in days.items()} == {
        "2026-11-25": ("2026-12-07", 12),
        "2026-11-30": ("2026-12-07", 7),
    }


def test_a_mortgage_asks_its_monthly_payment():
    answers = {**ONE_CARD, "product": "mortgage", "monthly_due": 2500}
    state, asked = walk_by_id(answers)
    assert "monthly_due" in asked
    assert sessions.view(state)["profile"]["debts"][0]["monthly_due"] == 2500


def test_the_terminal_runs_the_household_flow_to_a_result():
    typed = (
        "\n".join(["2", "1", "1", "12000", "40", "2", "5000", "3000", "", "1", "2", "2", "2"])
        + "\n"
    )
    out, err = io.StringIO(), io.StringIO()
    code = main(["run", "self_assessment"], stdin=io.StringIO(typed), stdout=out, stderr=err)
    text = out.getvalue()
    assert code == 0, err.getvalue()
    assert "【你的欠款 · 第 1 笔，共 1 笔" in text
    assert "    第 1 笔" in text
    assert "      · 欠款余额：12,000 元" in text
    assert "========== 自测结果 ==========" in text


def test_the_validator_finds_a_debt_that_no_path_can_complete():
    """Without its monthly payment question a mortgage can never be planned: the walk says so."""
    text = dict(ge.flow.packaged_sources())["self_assessment.toml"]
    start = text.index('[[questions.questions]]\nid = "monthly_due"')
    end = text.index("[[questions.questions]]", start + 1)
    problems = problems_of(text[:start] + text[end:], "self_assessment.toml")
    assert {problem.code for problem in problems} == {"no_result"}
    assert any("房贷要填每月应还多少" in problem.message for problem in problems)


def test_the_bridge_edits_an_item_and_removes_one():
    two_debts = {
        **ONE_CARD,
        "lender": ["citic", "other"],
        "product": ["credit_card", "consumer_credit"],
        "balance": [12000, 3000],
        "overdue_days": [40, 10],
        "debts": [True, False],
    }
    state, _ = walk_by_id(two_debts)

    def call(cmd, **args):
        return json.loads(bridge.dispatch(cmd, json.dumps({"state": state, **args})))["result"]

    assert call("edit", question="balance", item=1)["state"] == sessions.edit(state, "balance", 1)
    removed = call("remove_item", group="debts", item=0)
    assert removed["state"] == sessions.remove_item(state, "debts", 0)
    assert [debt["lender"] for debt in removed["view"]["profile"]["debts"]] == ["other"]


@pytest.mark.parametrize(
    ("debt", "label"),
    [
        ({"lender": "hsbc"}, "第 1 笔欠款的贷款机构"),
        ({"product": "card"}, "第 1 笔欠款的欠款类型"),
        ({"balance": -1}, "第 1 笔欠款的欠款余额"),
        ({"overdue_days": "很久"}, "第 1 笔欠款的逾期天数"),
        ({"product": "mortgage", "monthly_due": -5}, "第 1 笔欠款的每月应还"),
    ],
)
def test_a_bad_debt_is_named_as_the_review_labels_its_answer(debt, label):
    """The household's message names the field with the short label the review screen shows."""
    card = {"lender": "citic", "product": "credit_card", "balance": 1000, "overdue_days": 0}
    profile = {
        "household": {"monthly_income": 5000, "essential_expenses": 3000},
        "debts": [{**card, **debt}],
        "willing_to_repay": True,
    }
    with pytest.raises(ge.InvalidProfile) as caught:
        validate_household(profile)
    (error,) = caught.value.details["errors"]
    assert error["label"] == label
    field = error["field"].split(".")[-1]
    assert label.endswith(HOUSEHOLD.question(field).label)
    assert f"- {label}：" in caught.value.message


def test_options_in_a_household_message_are_quoted_so_a_label_with_a_comma_reads_as_one():
    profile = {
        "household": {"monthly_income": 5000, "essential_expenses": 3000},
        "debts": [{"lender": "citic", "product": "x", "balance": 1000, "overdue_days": 0}],
        "willing_to_repay": True,
    }
    with pytest.raises(ge.InvalidProfile) as caught:
        validate_household(profile)
    assert "“花呗、白条、月付等消费信贷”、“房贷”" in caught.value.message
