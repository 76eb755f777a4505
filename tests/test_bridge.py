"""The page bridge in CPython: its command table, its replies and its error mapping.

tests/test_pyodide.py sends the same calls through the site's bridge.mjs in real Pyodide and
compares the replies with these.
"""

from __future__ import annotations

import base64
import datetime as dt
import json

import pytest
from profiles import profile  # noqa: E402  (tests/profiles.py)

import guide_engine as ge
from guide_engine import bridge, casefile


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
            "migrate",
            "summary",
            "profile",
            "assess",
            "plan",
            "letter",
            "numbers",
            "ping",
            "warm",
            "documents",
            "document_docx",
            "plan_for_payment",
            "calculate",
            "calculator_prefill",
            "case_export",
            "case_read",
            "case_import",
            "case_changes",
            "case_assessed",
            "case_reopen",
            "case_summary",
            "case_encryption",
            "case_seal",
            "case_decryption_failed",
            "rules_version",
            "journal_form",
            "journal_add",
            "journal_update",
            "journal_remove",
            "journal_timeline",
            "journal_calendar",
            "journal_complaint",
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


# ── the case commands ─────────────────────────────────────────────────────────────────────

TODAY = dt.date(2026, 12, 1)
NOW = dt.datetime(2026, 12, 1, 20, 0, tzinfo=dt.UTC)
CALL = {
    "date": "2026-11-20",
    "time": "23:05",
    "direction": "them",
    "channel": "phone",
    "who": "王某，工号 1234",
    "said": "再不还就去你单位。",
    "next_step": "寄出困难证明",
    "next_date": "2026-12-05",
}
JOURNAL = ge.add_entry([], CALL, TODAY)
STATE = ge.answer(ge.start(), False)
CASE = ge.export_case(STATE, NOW, done={"contact_bank_early": "2026-11-30"}, journal=JOURNAL)
CASE_TEXT = json.dumps(CASE, ensure_ascii=False)
CIPHER = base64.b64encode(bytes(32)).decode("ascii")


@pytest.mark.parametrize(
    "cmd, args, expected",
    [
        (
            "case_export",
            {
                "state": STATE,
                "saved_at": "2026-12-01T20:00:00Z",
                "done": CASE["done"],
                "journal": JOURNAL,
            },
            lambda: CASE,
        ),
        (
            "case_export",  # a time without a zone is UTC
            {
                "state": STATE,
                "saved_at": "2026-12-01T20:00:00",
                "done": CASE["done"],
                "journal": JOURNAL,
            },
            lambda: CASE,
        ),
        ("case_read", {"text": CASE_TEXT}, lambda: ge.read_case_file(CASE_TEXT)),
        ("case_import", {"text": CASE_TEXT}, lambda: ge.import_case(CASE_TEXT)),
        (
            "case_changes",
            {"text": CASE_TEXT, "today": "2026-12-01"},
            lambda: ge.case_changes(ge.import_case(CASE_TEXT), TODAY),
        ),
        (
            "case_assessed",
            {"state": STATE, "today": "2026-12-01"},
            lambda: ge.casefile.assessed(STATE, TODAY),
        ),
        (
            "case_reopen",
            {
                "record": {"state": STATE, "saved": "2026-12-01T08:00:00.000Z"},
                "today": "2026-12-01",
            },
            lambda: {"stale": False},
        ),
        (
            "case_summary",
            {"today": "2026-12-01", "state": STATE, "done": {}, "entries": JOURNAL},
            lambda: ge.case_summary.helper_summary(STATE, TODAY, done={}, entries=JOURNAL),
        ),
        (
            "case_summary",
            {"today": "2026-12-01"},
            lambda: ge.case_summary.helper_summary(None, TODAY),
        ),
        ("case_encryption", {}, ge.encryption_params),
        (
            "case_seal",
            {
                "ciphertext": CIPHER,
                "salt": "AAAAAAAAAAAAAAAAAAAAAA==",
                "iv": "AAAAAAAAAAAAAAAA",
            },
            lambda: ge.seal_case(CIPHER, "AAAAAAAAAAAAAAAAAAAAAA==", "AAAAAAAAAAAAAAAA"),
        ),
        ("case_decryption_failed", {}, casefile.decryption_failed),
        ("rules_version", {}, ge.rules_version),
        ("journal_form", {}, ge.journal_form),
        (
            "journal_add",
            {"entries": [], "fields": CALL, "today": "2026-12-01"},
            lambda: JOURNAL,
        ),
        (
            "journal_update",
            {
                "entries": JOURNAL,
                "entry": "j1",
                "fields": {**CALL, "time": "10:00"},
                "today": "2026-12-01",
            },
            lambda: ge.update_entry(JOURNAL, "j1", {**CALL, "time": "10:00"}, TODAY),
        ),
        ("journal_remove", {"entries": JOURNAL, "entry": "j1"}, lambda: []),
        (
            "journal_timeline",
            {"entries": JOURNAL, "product": "credit_card"},
            lambda: {
                "timeline": ge.journal_timeline(JOURNAL, "credit_card"),
                "flags": ge.journal_flags(JOURNAL, "credit_card"),
            },
        ),
        (
            "journal_calendar",
            {"entries": JOURNAL, "now": "2026-12-01T20:00:00Z", "today": "2026-12-01"},
            lambda: ge.calendar_ics(ge.journal_calendar_events(JOURNAL), NOW, TODAY),
        ),
        (
            "journal_complaint",
            {"profile": profile(), "entries": JOURNAL, "today": "2026-12-01"},
            lambda: ge.journal.complaints(profile(), JOURNAL, "2026-12-01"),
        ),
    ],
)
def test_case_commands_answer_what_the_engine_returns(cmd, args, expected) -> None:
    assert call(cmd, args) == {"ok": True, "result": _plain(expected())}


@pytest.mark.parametrize(
    "cmd, payload, code",
    [
        ("case_export", {"state": STATE, "saved_at": "yesterday"}, "invalid_date"),
        ("case_export", {"state": STATE, "saved_at": 5}, "invalid_date"),
        ("case_changes", {"text": CASE_TEXT, "today": "2026-13-01"}, "invalid_date"),
        ("journal_add", {"entries": [], "fields": CALL, "today": None}, "invalid_date"),
        ("journal_calendar", {"entries": JOURNAL, "now": "noon"}, "invalid_date"),
        ("case_import", {"text": CASE}, "case_not_json"),  # the file crosses as text only
        ("case_read", {"text": "[" * 5000 + "]" * 5000}, "case_too_deep"),
        ("case_import", {"text": CASE_TEXT[:-9]}, "case_not_json"),
        (
            "journal_add",
            {"entries": [], "fields": {**CALL, "channel": "fax"}, "today": "2026-12-01"},
            "journal_entry_invalid",
        ),
        ("ping", "[" * 100_000, "bad_request"),  # measured before json.loads
        ("ping", '{"a": ' * 40 + "1" + "}" * 40, "bad_request"),
    ],
)
def test_case_command_failures_are_chinese_answers(cmd, payload, code) -> None:
    reply = call(cmd, payload)
    assert reply["ok"] is False and reply["error"]["code"] == code
    assert reply["error"]["message"] and not reply["error"]["message"].isascii()
