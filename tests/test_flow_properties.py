"""Properties over every flow: random answer sequences, valid and invalid, never crash the engine,
never change a state they were given, and valid answers always reach a result in bounded steps."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import guide_engine as ge
from guide_engine import GuideError, InvalidAnswer, InvalidState, session

SAMPLES = Path(__file__).parent / "sample_flows"
SAMPLE = ge.parse_flow(SAMPLES / "kitchen_sink.toml")
GROUP_SAMPLE = ge.parse_flow(SAMPLES / "group_sink.toml")
FLOWS = [ge.load_flow(flow_id) for flow_id in ge.flow_ids()] + [SAMPLE, GROUP_SAMPLE]
FLOW_IDS = [flow.id for flow in FLOWS]

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=12,
)


def valid_value(question: dict) -> st.SearchStrategy:
    spec = question["input"]
    ids = [option["id"] for option in spec["options"]]
    kind = spec["kind"]
    if kind == "single":
        return st.sampled_from(ids)
    if kind == "multi":
        return st.lists(st.sampled_from(ids), unique=True, max_size=len(ids))
    if kind == "yesno":
        return st.booleans()
    if kind == "number":
        low, high = spec["min"], spec["max"]
        if spec["integer"]:
            return st.integers(int(low), int(high))
        return st.integers(int(low) + (low != int(low)), int(high)) | st.floats(
            low, high, allow_nan=False
        )
    if kind == "date":
        return st.dates(dt.date(2000, 1, 1), dt.date.today()).map(dt.date.isoformat)
    return st.text(max_size=spec["max_length"])


def most_steps(flow) -> int:
    """The longest interview: every question once, a group's questions and "add another?" per item."""
    steps = sum(1 for q in flow.questions if not q.group)
    for group in flow.groups:
        steps += group.max * (len(group.questions) + 1)
    return steps


def any_value(question: dict) -> st.SearchStrategy:
    return valid_value(question) | JSON


def flow_of(flow_id: str):
    return next(flow for flow in FLOWS if flow.id == flow_id)


@pytest.mark.parametrize("flow_id", FLOW_IDS)
@SETTINGS
@given(data=st.data())
def test_valid_answers_always_reach_a_result_within_the_number_of_questions(flow_id, data):
    flow = flow_of(flow_id)
    state = ge.start(flow)
    for _step in range(most_steps(flow)):
        shown = ge.view(state, flow=flow)
        if shown["type"] == "result":
            break
        state = ge.answer(state, data.draw(valid_value(shown["question"])), flow=flow)
    shown = ge.view(state, flow=flow)
    assert shown["type"] == "result"
    assert "assessment" in shown
    assert json.loads(json.dumps(shown)) == shown


@pytest.mark.parametrize("flow_id", FLOW_IDS)
@SETTINGS
@given(data=st.data())
def test_random_actions_raise_only_guide_errors_and_never_change_the_given_state(flow_id, data):
    flow = flow_of(flow_id)
    state = ge.start(flow)
    question_ids = [q.id for q in flow.questions] + [g.id for g in flow.groups]
    items = st.none() | st.integers(-1, 3) | st.booleans()
    for _step in range(3 * len(flow.questions)):
        shown = ge.view(state, flow=flow)
        action = data.draw(
            st.sampled_from(["answer", "answer", "answer", "back", "edit", "remove"])
        )
        before = repr(state)  # repr: a drawn NaN is not == itself
        try:
            if action == "answer" and shown["type"] == "question":
                new = ge.answer(state, data.draw(any_value(shown["question"])), flow=flow)
            elif action == "back":
                new = ge.back(state, flow=flow)
            elif action == "edit":
                new = ge.edit(
                    state,
                    data.draw(st.sampled_from(question_ids) | st.text(max_size=5)),
                    data.draw(items),
                    flow=flow,
                )
            elif action == "remove" and flow.groups:
                new = session.remove_item(
                    state,
                    data.draw(st.sampled_from([g.id for g in flow.groups]) | st.text(max_size=5)),
                    data.draw(items),
                    flow=flow,
                )
            else:
                continue
        except GuideError as exc:
            assert isinstance(exc, InvalidAnswer)
            assert exc.message
            assert repr(state) == before
            continue
        assert repr(state) == before
        state = json.loads(json.dumps(new))
        assert ge.profile(state, flow=flow) is not None


@pytest.mark.parametrize("flow_id", FLOW_IDS)
@SETTINGS
@given(data=st.data())
def test_back_then_the_same_answer_gives_back_the_same_state(flow_id, data):
    flow = flow_of(flow_id)
    state = ge.start(flow)
    steps = data.draw(st.integers(1, most_steps(flow)))
    for _step in range(steps):
        shown = ge.view(state, flow=flow)
        if shown["type"] == "result":
            break
        state = ge.answer(state, data.draw(valid_value(shown["question"])), flow=flow)
    previous = ge.back(state, flow=flow)
    shown = ge.view(previous, flow=flow)
    if shown["type"] == "question" and shown["question"]["value"] is not None:
        assert ge.answer(previous, shown["question"]["value"], flow=flow) == state


@SETTINGS
@given(
    state=JSON
    | st.fixed_dictionaries(
        {"flow": st.sampled_from(FLOW_IDS) | JSON, "version": JSON, "answers": JSON}
    )
)
def test_garbage_state_raises_only_invalid_state(state):
    before = repr(state)  # repr: a drawn NaN is not == itself
    for call in (ge.view, ge.back, ge.profile, ge.answers_summary):
        with pytest.raises(InvalidState):
            call(state)
    assert repr(state) == before


@pytest.mark.parametrize("flow_id", FLOW_IDS)
@SETTINGS
@given(data=st.data())
def test_a_state_with_random_answers_is_either_usable_or_refused_as_invalid_state(flow_id, data):
    flow = flow_of(flow_id)
    keys = st.sampled_from([q.id for q in flow.questions]) | st.text(max_size=12)
    answers = data.draw(
        st.dictionaries(
            keys, JSON | st.booleans() | st.integers(0, 100), max_size=len(flow.questions) + 1
        )
    )
    draft = data.draw(st.dictionaries(keys, JSON, max_size=2))
    state = {"flow": flow.id, "version": flow.version, "answers": answers, "draft": draft}
    if flow.groups:
        item = st.dictionaries(keys, JSON | st.booleans() | st.integers(0, 100), max_size=4)
        entry = st.fixed_dictionaries(
            {"items": st.lists(item, max_size=3), "closed": st.booleans()}
        )
        state["groups"] = data.draw(
            st.fixed_dictionaries({g.id: entry for g in flow.groups}) | JSON
        )
    before = repr(state)  # repr: a drawn NaN is not == itself
    try:
        ge.view(state, flow=flow)
    except InvalidState:
        pass
    assert repr(state) == before
