"""guide_engine in real Pyodide (under Node), from the SITE's own files, gives what CPython gives.

Why: the browser runs the wheel that scripts/build put into the site, on the Pyodide runtime the
build copied there, through the site's bridge.mjs. This test loads exactly those files in Node
(tests/pyodide_runner.mjs), walks self-assessment sessions step by step, assesses several profiles
and writes their letters, and compares every reply with what ``guide_engine.bridge.dispatch``
answers in CPython for the same call (tests/test_bridge.py pins those replies).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from profiles import walk

import guide_engine
from guide_engine import bridge

pytestmark = pytest.mark.pyodide

RUNNER = Path(__file__).with_name("pyodide_runner.mjs")


BASE = dict(
    bank="citic",
    product="credit_card",
    debt_total=50000,
    overdue_days=120,
    monthly_income=6000,
    monthly_essential_expenses=3000,
    other_debt_payments=0,
    hardship=["job_loss"],
    hardship_proof=True,
    willing_to_repay=True,
    contacted_bank=True,
    failed_attempts=1,
    sued=False,
    abusive_collection=False,
    paid_agent=False,
)

PROFILES = [
    BASE,
    {**BASE, "sued": True, "paid_agent": True},
    {
        **BASE,
        "product": "consumer_loan",
        "bank": "mybank",
        "overdue_days": 0,
        "contacted_bank": False,
        "failed_attempts": 0,
    },
    {
        **BASE,
        "monthly_income": 2000,
        "monthly_essential_expenses": 1900,
        "debt_total": 300000,
        "abusive_collection": True,
    },
    {
        **BASE,
        "willing_to_repay": False,
        "hardship": [],
        "hardship_proof": False,
        "bank": "other",
        "failed_attempts": 3,
    },
]

#: Answers by question id, as a reader would give them in the browser (numbers as typed text too).
WALKS = [
    {
        "sued": False,
        "lender": "citic",
        "product": "credit_card",
        "balance": "52,000",
        "overdue_days": "95",
        "debts": False,
        "monthly_income": 5000,
        "monthly_essential_expenses": 2600,
        "hardship": ["illness", "income_drop"],
        "hardship_proof": True,
        "willing_to_repay": True,
        "contacted_bank": True,
        "failed_attempts": 1,
        "abusive_collection": True,
        "paid_agent": False,
    },
    {
        "sued": True,
        "lender": "xwbank",
        "product": "consumer_loan",
        "balance": 8000,
        "overdue_days": 0,
        "court_this": False,
        "debts": False,
        "monthly_income": 0,
        "monthly_essential_expenses": 1500,
        "hardship": [],
        "hardship_proof": False,
        "willing_to_repay": False,
        "contacted_bank": False,
        "failed_attempts": 0,
        "abusive_collection": False,
        "paid_agent": True,
    },
]


class Runner:
    def __init__(self, site: Path) -> None:
        self.proc = subprocess.Popen(
            ["node", str(RUNNER), str(site)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        line = self.proc.stdout.readline()
        if not line:
            raise AssertionError(
                "pyodide_runner.mjs did not start:\n" + self.proc.stderr.read()[-3000:]
            )
        self.info = json.loads(line)

    def call(self, cmd: str, **args):
        self.proc.stdin.write(json.dumps({"cmd": cmd, "args": args}, ensure_ascii=False) + "\n")
        self.proc.stdin.flush()
        return json.loads(self.proc.stdout.readline())

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait(timeout=30)


@pytest.fixture(scope="module")
def runner(built_site: Path):
    if shutil.which("node") is None:
        pytest.fail("node is missing (Node ≥ 18 is needed; see README)")
    r = Runner(built_site)
    yield r
    r.close()


def test_runs_the_sites_own_files(runner, built_site: Path):
    manifest = json.loads((built_site / "assets/tools/manifest.json").read_text(encoding="utf-8"))
    assert runner.info["ready"] is True
    assert runner.info["pyodide"] == manifest["pyodide_version"]
    assert runner.info["python"].startswith("3.")
    runtime = built_site / manifest["pyodide"]
    assert sorted(p.name for p in runtime.iterdir() if p.name != "LICENSE") == sorted(
        [
            "pyodide.mjs",
            "pyodide.asm.mjs",
            "pyodide.asm.wasm",
            "python_stdlib.zip.gz",
            "pyodide-lock.json",
        ]
    )
    # the site ships the engine precompiled for its own runtime (scripts/hooks/runtime_build.py)
    assert (built_site / manifest["wheel"]).name.endswith("-cp314-none-any.whl.gz")


def _same(runner, cmd: str, **args) -> dict:
    """Send one call to Pyodide and to CPython's bridge; the replies must be equal. Pyodide's."""
    got = runner.call(cmd, **args)
    expected = json.loads(bridge.dispatch(cmd, json.dumps(args, ensure_ascii=False)))
    assert got == expected, cmd
    return got


@pytest.mark.parametrize("walk", range(len(WALKS)))
def test_session_walk_matches_cpython(runner, walk):
    answers = WALKS[walk]
    got = _same(runner, "start", flow="self_assessment")
    assert got["ok"], got
    steps = 0
    while got["result"]["view"]["type"] == "question":
        qid = got["result"]["view"]["question"]["id"]
        got = _same(runner, "answer", state=got["result"]["state"], value=answers[qid])
        assert got["ok"], got
        steps += 1
        assert steps < 40
    finished = got["result"]["state"]
    assert got["result"]["view"]["letter"].startswith("协商还款申请书")
    # back, edit and the review summary behave the same too
    assert _same(runner, "summary", state=finished)["ok"]
    assert _same(runner, "back", state=finished)["ok"]
    edited = _same(runner, "edit", state=finished, question="lender", item=0)
    assert edited["result"]["view"]["question"]["id"] == "lender"


@pytest.mark.parametrize("index", range(len(PROFILES)))
def test_assess_and_letter_match_cpython(runner, index):
    profile = PROFILES[index]
    assert _same(runner, "assess", profile=profile)["ok"]
    assert _same(runner, "letter", profile=profile, details={"name": "张三"})["ok"]


def test_plan_and_errors_match_cpython(runner):
    for args in (
        {"principal": 50000, "months": 36},
        {"principal": 12000, "months": 12, "annual_rate": 0.072},
        {"principal": 20000, "months": 24, "monthly_fee_rate": 0.006},
    ):
        assert _same(runner, "plan", **args)["ok"]
    for cmd, args, code in (
        ("plan", {"principal": -5, "months": 12}, "invalid_plan"),
        (
            "view",
            {"state": {"flow": "self_assessment", "version": 999, "answers": {}}},
            "stale_version",
        ),
        (
            "answer",
            {"state": guide_engine.start("self_assessment"), "value": "maybe"},
            "not_yes_no",
        ),
        ("answer", {"state": guide_engine.start("self_assessment")}, "bad_request"),
        ("months_needed", {"principal": 1, "capacity": 1}, "unknown_command"),
    ):
        reply = _same(runner, cmd, **args)
        assert reply["ok"] is False and reply["error"]["code"] == code


def test_documents_match_cpython(runner):
    household = {
        "household": {"monthly_income": 8000, "essential_expenses": 4500},
        "debts": [
            {"lender": "citic", "product": "credit_card", "balance": 30000, "overdue_days": 45},
            {
                "lender": "mybank",
                "product": "consumer_loan",
                "balance": 3000,
                "overdue_days": 30,
                "original_term_months": 12,
                "court": {"stage": "payment_order", "received": "2026-11-25"},
            },
        ],
        "hardship": ["job_loss"],
        "willing_to_repay": True,
        "abusive_collection": True,
    }
    details = {"name": "张三", "debts": [{"card_last4": "1234"}, {"objection": "本金不对。"}]}
    reply = _same(runner, "documents", profile=household, details=details, today="2026-12-01")
    assert [d["id"] for d in reply["result"]["documents"]][-1] == "payment_order_objection:1"
    bad = _same(runner, "documents", profile=household, details={"card_last4": "1"})
    assert bad["error"]["code"] == "invalid_details"


def test_the_word_file_and_the_calculator_match_cpython(runner):
    profile = {**PROFILES[0]}
    docx = _same(runner, "document_docx", profile=profile, id="negotiation:0", today="2026-12-01")
    assert docx["ok"] and docx["result"]["name"].endswith(".docx")
    assert _same(runner, "plan_for_payment", principal=30000, monthly_payment=1500)["ok"]
    refused = _same(
        runner, "plan_for_payment", principal=30000, monthly_payment=100, annual_rate=0.18
    )
    assert refused["error"]["details"] == {"field": "monthly_payment"}
    assert _same(runner, "calculator_prefill", profile=profile, today="2026-12-01")["ok"]
    shown = _same(runner, "calculate", question="months", principal=30000, months=36)
    assert shown["result"]["view"]["intro"] == "3万 元，分 36 个月："


# Two debts, the second with court papers: the household flow walked by question id (a list gives
# one answer per debt, in order).
HOUSEHOLD_WALK = {
    "sued": True,
    "lender": ["citic", "other"],
    "product": ["credit_card", "consumer_credit"],
    "balance": [12000, "3,000"],
    "overdue_days": [40, 10],
    "court_this": [False, True],
    "court_stage": ["payment_order"],
    "court_received": ["2026年11月20日"],
    "debts": [True, False],
    "monthly_income": 5000,
    "monthly_essential_expenses": 3000,
    "hardship": [["job_loss"]],
    "hardship_proof": True,
    "willing_to_repay": True,
    "contacted_bank": False,
    "abusive_collection": False,
    "paid_agent": False,
}


def test_a_household_walk_with_two_debts_matches_cpython(runner):
    answers = {
        key: list(value) if isinstance(value, list) else value
        for key, value in HOUSEHOLD_WALK.items()
    }
    got = _same(runner, "start", flow="self_assessment")
    while got["result"]["view"]["type"] == "question":
        qid = got["result"]["view"]["question"]["id"]
        value = answers[qid].pop(0) if isinstance(answers[qid], list) else answers[qid]
        got = _same(runner, "answer", state=got["result"]["state"], value=value)
        assert got["ok"], got
    finished = got["result"]["state"]
    assert len(got["result"]["view"]["profile"]["debts"]) == 2
    assert _same(runner, "summary", state=finished)["ok"]
    assert _same(runner, "edit", state=finished, question="balance", item=1)["ok"]
    assert _same(runner, "remove_item", state=finished, group="debts", item=0)["ok"]


def test_the_result_is_counted_from_the_callers_today_on_both_sides_of_utc_midnight(runner):
    """Pyodide's clock runs in UTC: the page passes its own date, and both engines agree on it."""
    state = walk(HOUSEHOLD_WALK, today="2026-12-01")
    for today in ("2026-11-30", "2026-12-01", "2026-12-02"):
        got = _same(runner, "view", state=state, today=today)
        assert got["result"]["view"]["assessment"]["today"] == today
    # a court date of the reader's today is taken, whatever hour it is in UTC
    at_date = _same(runner, "edit", state=state, question="court_received", item=1)
    taken = _same(
        runner, "answer", state=at_date["result"]["state"], value="2026-12-02", today="2026-12-02"
    )
    assert taken["ok"], taken


def test_progress_saved_under_the_single_debt_interview_is_carried_over_as_in_cpython(runner):
    old = {
        "flow": "self_assessment",
        "version": 1,
        "answers": {"sued": False, "bank": "citic", "product": "consumer_loan"},
        "draft": {},
    }
    got = _same(runner, "migrate", state=old, today="2026-12-01")
    assert got["result"]["state"]["groups"]["debts"]["items"] == [{"lender": "citic"}]
    assert got["result"]["notes"]


def test_a_case_round_trip_matches_cpython(runner):
    """One reader's case through every case command: journal, calendar, export, read, import,
    what changed — and a hostile, deeply nested file, which must not kill the runtime."""
    call = {
        "date": "2026-11-20",
        "time": "23:10",
        "direction": "them",
        "channel": "phone",
        "who": "王某，工号 1234",
        "said": "再不还就告诉你家里人。",
        "conduct": ["third_party"],
        "next_step": "寄出困难证明",
        "next_date": "2026-12-05",
    }
    entries = _same(runner, "journal_add", entries=[], fields=call, today="2026-12-01")
    journal = entries["result"]
    assert _same(runner, "journal_timeline", entries=journal, product="credit_card")["ok"]
    assert _same(runner, "journal_calendar", entries=journal, now="2026-12-01T20:00:00Z")["ok"]
    state = guide_engine.answer(guide_engine.start("self_assessment"), False)
    case = _same(
        runner,
        "case_export",
        state=state,
        saved_at="2026-12-01T20:00:00Z",
        done={"contact_bank_early": "2026-11-30"},
        journal=journal,
        documents={"letter": {"name": "张三"}},
    )["result"]
    text = json.dumps(case, ensure_ascii=False)
    assert _same(runner, "case_read", text=text)["result"]["encrypted"] is False
    assert _same(runner, "case_import", text=text)["result"] == case
    assert _same(runner, "case_changes", text=text, today="2026-12-01")["ok"]
    assert _same(runner, "case_encryption")["ok"]
    deep = _same(runner, "case_import", text="[" * 200_000 + "]" * 200_000)
    assert deep["error"]["code"] == "case_too_deep"
    assert (
        _same(
            runner,
            "ping",
            **{"nested": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]},
        )["error"]["code"]
        == "bad_request"
    )
    assert _same(runner, "ping")["result"] == "pong"  # the runtime is still alive


def test_reopening_the_summary_and_the_complaint_match_cpython(runner):
    """The case commands the pages added for a case that lasts: what a saved result was assessed
    under, reopening it under older rules, the helper's one-page summary, and the journal's
    complaint with its timeline."""
    state = walk(WALKS[0])
    entry = {"date": "2026-11-20", "time": "23:10", "direction": "them", "channel": "phone"}
    journal = _same(runner, "journal_add", entries=[], fields=entry, today="2026-12-01")["result"]
    assessed = _same(runner, "case_assessed", state=state, today="2026-12-01")["result"]
    record = {
        "state": state,
        "assessed": {**assessed, "rules_version": "data-0000000000000000"},
        "saved": "2026-11-30T08:00:00.000Z",
    }
    reopened = _same(runner, "case_reopen", record=record, today="2026-12-01", done={})
    assert reopened["result"]["stale"] is True
    summary = _same(
        runner, "case_summary", today="2026-12-01", state=state, done={}, entries=journal
    )
    assert [s["id"] for s in summary["result"]["sections"]][:2] == ["answers", "result"]
    profile = _same(runner, "profile", state=state)["result"]
    complaint = _same(
        runner, "journal_complaint", profile=profile, entries=journal, today="2026-12-01"
    )
    assert complaint["result"]["documents"][0]["kind"] == "complaint"  # 95 days overdue
