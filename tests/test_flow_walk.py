"""The page-side walk (docs/assets/tools/flow-walk.js, run in Node) takes the steps the engine's
session takes, over the export the build writes into the wizard page (guide_engine.flow_export).

Why a property: the wizard draws the next question from the walk while the engine loads, and the
engine replays every answer later; the walk must agree with the session on every flow and any
answers a reader can give, or the reader would be taken back. Agreement, step by step: the same
view (value_label aside, which the form does not use); an answer the walk refuses is refused by the
engine with the same message; an answer the walk stores as known is stored so by the engine; one
it keeps for the engine to read ("pending") may go either way; and the walk stops ("wait") only
when a condition needs such a pending answer.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import guide_engine as ge
from guide_engine import InvalidAnswer, session

RUNNER = Path(__file__).parent / "flow_walk_runner.mjs"
SAMPLES = Path(__file__).parent / "sample_flows"
FLOWS = [ge.load_flow(flow_id) for flow_id in ge.flow_ids()] + [
    ge.parse_flow(SAMPLES / "kitchen_sink.toml"),
    ge.parse_flow(SAMPLES / "group_sink.toml"),
]
TODAY = "2026-12-02"
MOVES = 60
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


class Walk:
    """flow-walk.js in one Node process for the whole module, one JSON line per call."""

    def __init__(self) -> None:
        if shutil.which("node") is None:
            pytest.fail("node is missing (Node ≥ 18 is needed; see README)")
        self.proc = subprocess.Popen(
            ["node", str(RUNNER)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        for flow in FLOWS:
            self.call("load", flow.id, export=ge.export_flow(flow))

    def call(self, fn: str, flow: str, **args: Any) -> Any:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(json.dumps({"fn": fn, "flow": flow, **args}) + "\n")
        self.proc.stdin.flush()
        reply = json.loads(self.proc.stdout.readline())
        assert reply["ok"], reply.get("error")
        return reply.get("result")

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait(timeout=30)


@pytest.fixture(scope="module")
def walk():
    runner = Walk()
    yield runner
    runner.close()


def page_value(question: dict) -> st.SearchStrategy:
    """What the wizard's form can send for a question (question-form.js readAnswer), right or not."""
    spec = question["input"]
    ids = [option["id"] for option in spec["options"]]
    kind = spec["kind"]
    if kind in ("single", "yesno"):
        return st.sampled_from(ids) | st.none()
    if kind == "multi":
        return st.lists(st.sampled_from(ids), unique=True)
    if kind == "number":
        low, high = int(spec["min"]), int(spec["max"])
        return (
            st.integers(low, high).map(str)
            | st.integers(high + 1, 2 * high + 2).map(str)
            | st.decimals(low, high, places=2).map(str)
            | st.integers(low, high)
            | st.sampled_from(
                ["", "5.2万", "三千", "3,000", " 12 ", "１２", "abc", "007", "1e3", "-1"]
            )
        )
    if kind == "date":
        return st.dates(dt.date(2000, 1, 1), dt.date.fromisoformat(TODAY)).map(
            dt.date.isoformat
        ) | st.sampled_from(["", "2026/11/20", "2030-01-01", "1999-12-31", "2026-02-30"])
    return st.just("") | st.text(max_size=30)


def is_pending(value: Any) -> bool:
    return isinstance(value, dict) and set(value) == {"pending"}


def stored(state: dict, question: dict) -> Any:
    """The answer a state holds for the question of a view (of its item, inside a group)."""
    if question["group"] is None:
        return state["answers"][question["id"]]
    return state["groups"][question["group"]]["items"][question["item"]][question["id"]]


def resolved(walk_state: dict, engine_state: dict) -> dict:
    """The walk's state with every pending answer replaced by what the engine made of it (the
    engine must hold an answer at the same place)."""

    def answers(mine: dict, theirs: dict) -> dict:
        return {
            key: theirs[key] if is_pending(value) and key in theirs else value
            for key, value in mine.items()
        }

    out = {**walk_state, "answers": answers(walk_state["answers"], engine_state["answers"])}
    out["draft"] = answers(walk_state["draft"], engine_state["draft"])
    if "groups" in walk_state:
        out["groups"] = {
            group_id: {
                "items": [
                    answers(item, engine_state["groups"][group_id]["items"][number])
                    if number < len(engine_state["groups"][group_id]["items"])
                    else item
                    for number, item in enumerate(group["items"])
                ],
                "closed": group["closed"],
            }
            for group_id, group in walk_state["groups"].items()
        }
    return out


def comparable(view: dict, walk_state: dict) -> dict:
    """A view as both sides draw it: the walk's "end" is the engine's result (whose review and
    plan are the engine's alone); value_label is the engine's alone; a pending draft is shown as
    typed, which the engine shows as it read it."""
    if view["type"] in ("end", "result"):
        return {key: view[key] for key in ("flow", "progress", "can_back")}
    question = {key: value for key, value in view["question"].items() if key != "value_label"}
    if any(is_pending(value) for value in walk_state["draft"].values()):
        question.pop("value")
    return {**view, "question": question}


def pending_anywhere(state: dict) -> bool:
    values = list(state["answers"].values())
    for group in (state.get("groups") or {}).values():
        for item in group["items"]:
            values.extend(item.values())
    return any(is_pending(value) for value in values)


@pytest.mark.parametrize("flow", FLOWS, ids=[flow.id for flow in FLOWS])
@SETTINGS
@given(data=st.data())
def test_the_page_side_walk_takes_the_steps_the_engine_takes(walk, flow, data):
    engine = session.start(flow)
    mine = walk.call("start", flow.id)
    assert mine == engine
    for _move in range(MOVES):
        theirs = session.view(engine, today=TODAY, flow=flow)
        shown = walk.call("view", flow.id, state=mine)
        if shown["type"] == "wait":
            event("the walk waits for the engine")
            assert pending_anywhere(mine)
            return
        assert comparable(shown, mine) == comparable(theirs, mine)
        finished = theirs["type"] == "result"
        if finished:
            event("the interview is finished")
        move = data.draw(
            st.sampled_from(["back", "stop"] if finished else ["answer"] * 6 + ["back"])
        )
        if move == "stop":
            return
        if move == "back":
            engine = session.back(engine, flow=flow)
            mine = walk.call("back", flow.id, state=mine)
            assert resolved(mine, engine) == engine
            continue
        value = data.draw(page_value(theirs["question"]))
        reply = walk.call("answer", flow.id, state=mine, value=value)
        try:
            engine = session.answer(engine, value, today=TODAY, flow=flow)
        except InvalidAnswer as exc:
            if "error" in reply:
                event("both refuse an empty answer")
                assert reply["error"] == exc.message
            else:  # kept for the engine to read: the page goes back there on replay
                event("the engine refuses a pending answer")
                assert is_pending(stored(reply["state"], theirs["question"]))
            continue
        assert "error" not in reply, (value, reply)
        mine = reply["state"]
        assert resolved(mine, engine) == engine
