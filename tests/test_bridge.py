"""The page bridge in CPython: its command table, its replies and its error mapping.

tests/test_pyodide.py sends the same calls through the site's bridge.mjs in real Pyodide and
compares the replies with these.
"""

from __future__ import annotations

import json

import pytest
from profiles import profile  # noqa: E402  (tests/profiles.py)

import guide_engine as ge
from guide_engine import bridge


def call(cmd: str, payload: object = None) -> dict:
    text = payload if isinstance(payload, str) else json.dumps(payload or {}, ensure_ascii=False)
    return json.loads(bridge.dispatch(cmd, text))


def test_the_command_table_is_what_the_pages_use() -> None:
    assert sorted(bridge.COMMANDS) == sorted(
        [
            "start",
            "view",
            "answer",
            "back",
            "edit",
            "remove_item",
            "summary",
            "profile",
            "assess",
            "plan",
            "letter",
            "numbers",
            "ping",
            "documents",
        ]
    )


def _plain(value: object) -> object:
    return json.loads(json.dumps(value, ensure_ascii=False))


def test_session_commands_answer_state_and_view() -> None:
    state = ge.start()
    assert call("start", {"flow": "self_assessment"}) == {
        "ok": True,
        "result": {"state": state, "view": _plain(ge.view(state))},
    }
    after = ge.answer(state, True)
    assert call("answer", {"state": state, "value": True})["result"] == _plain(
        {"state": after, "view": ge.view(after)}
    )
    assert call("back", {"state": after})["result"]["state"] == ge.back(after)
    assert call("edit", {"state": after, "question": "sued"})["result"]["state"] == ge.edit(
        after, "sued"
    )
    assert call("view", {"state": after})["result"]["view"] == _plain(ge.view(after))
    assert call("summary", {"state": after})["result"] == _plain(ge.answers_summary(after))
    assert call("profile", {"state": after})["result"] == ge.profile(after)


@pytest.mark.parametrize(
    "cmd, args, expected",
    [
        ("assess", {"profile": profile()}, lambda: ge.assess(profile())),
        ("letter", {"profile": profile()}, lambda: ge.letter(profile())),
        (
            "letter",
            {"profile": profile(), "details": {"name": "张三"}},
            lambda: ge.letter(profile(), {"name": "张三"}),
        ),
        ("plan", {"principal": 12000, "months": 12}, lambda: ge.repayment_plan(12000, 12)),
        ("ping", {}, lambda: "pong"),
    ],
)
def test_decision_commands_answer_what_the_engine_returns(cmd, args, expected) -> None:
    assert call(cmd, args) == {"ok": True, "result": _plain(expected())}


@pytest.mark.parametrize(
    "cmd, payload, code",
    [
        ("months_needed", {"principal": 1, "capacity": 1}, "unknown_command"),
        ("validate_profile", {"profile": {}}, "unknown_command"),
        ("__import__", {}, "unknown_command"),
        ("start", "{not json", "bad_request"),
        ("start", "[1, 2]", "bad_request"),
        ("answer", {"state": {}}, "bad_request"),  # value missing
        ("plan", {"principal": 1, "months": 1, "colour": "red"}, "bad_request"),
        ("plan", {"principal": -5, "months": 12}, "invalid_plan"),
        # the result view carries the letter: the page never sends the assessment back
        ("letter", {"profile": profile(), "assessment": {"plan": None}}, "bad_request"),
        (
            "view",
            {"state": {"flow": "self_assessment", "version": 999, "answers": {}}},
            "stale_version",
        ),
        ("answer", {"state": ge.start(), "value": "maybe"}, "not_yes_no"),
        ("assess", {"profile": {"bank": "hsbc"}}, "invalid_profile"),
    ],
)
def test_every_failure_is_an_answer_with_a_code_and_a_chinese_message(cmd, payload, code) -> None:
    reply = call(cmd, payload)
    assert reply["ok"] is False and reply["error"]["code"] == code
    assert reply["error"]["message"] and not reply["error"]["message"].isascii()


def test_an_engine_error_carries_its_details_as_json() -> None:
    reply = call("assess", {"profile": {**profile(), "debt_total": -1}})
    with pytest.raises(ge.InvalidProfile) as caught:
        ge.assess({**profile(), "debt_total": -1})
    assert reply["error"] == {
        "code": "invalid_profile",
        "message": caught.value.message,
        "details": _plain(caught.value.details),
    }


def test_an_unexpected_failure_is_internal(monkeypatch) -> None:
    def broken(**_args):
        raise ZeroDivisionError

    monkeypatch.setitem(bridge.COMMANDS, "ping", broken)
    reply = call("ping")
    assert reply["ok"] is False and reply["error"]["code"] == "internal"
    assert "ZeroDivisionError" in reply["error"]["message"]


def test_a_finished_view_carries_the_summary_and_the_letter() -> None:
    state = ge.start()
    while ge.view(state)["type"] == "question":
        question = ge.view(state)["question"]
        kind = question["input"]["kind"]
        value = {"yesno": False, "single": None, "multi": [], "number": "3000"}[kind]
        state = ge.answer(
            state, question["input"]["options"][0]["id"] if kind == "single" else value
        )
    view = call("view", {"state": state})["result"]["view"]
    assert view["summary"] == _plain(ge.answers_summary(state))
    assert view["letter"] == ge.letter(view["profile"])
