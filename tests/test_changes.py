"""“自上次以来的变化”: refitting saved answers to the current flow, re-assessing, comparing."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from profiles import answers, profile, walk

import guide_engine as ge
from guide_engine import GuideError, casefile, changes, parse_flow

TODAY = dt.date(2026, 12, 1)
SINK_TEXT = (Path(__file__).parent / "sample_flows" / "kitchen_sink.toml").read_text(
    encoding="utf-8"
)
SINK = parse_flow(SINK_TEXT)
# The next version of the sample flow: option "c" of "kind" removed, question "why_x" removed,
# and its "amount" range narrowed to at most 100.
SINK_NEXT = parse_flow(
    SINK_TEXT.replace("version = 3", "version = 4")
    .replace(', { id = "c", label = "丙" }', "")
    .replace("max = 1000", "max = 100")
    .replace('when = "amount >= 500"', 'when = "amount >= 50"')
    .replace(
        '[[questions]]\nid = "why_x"\ntext = "为什么选了 X？"\nkind = "text"\nmax_length = 20\n'
        'when = \'"x" in tags\'\ndefault = ""\n\n',
        "",
    )
)

ANSWERS = answers(overdue_days=120)


def saved(state, when=dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC), flow=None, **parts):
    return casefile.export_case(state, when, flow=flow, **parts)


FINISHED = walk(ANSWERS)


def test_the_sample_flows_differ_as_the_tests_expect():
    assert (SINK.version, SINK_NEXT.version) == (3, 4)
    assert [o.id for o in SINK_NEXT.question("kind").options] == ["a", "b"]
    assert SINK_NEXT.question("why_x") is None


# ─────────────────────────────── refit ───────────────────────────────


def test_a_case_from_the_current_flow_keeps_every_answer():
    report = changes.refit(saved(FINISHED))
    assert report == {
        "state": {
            "flow": "self_assessment",
            "version": 2,
            "answers": FINISHED["answers"],
            "groups": FINISHED["groups"],
            "draft": {},
        },
        "ask_again": [],
        "no_longer_asked": [],
        "notes": [],
        "flow": {"saved": 2, "current": 2},
    }


def test_an_answer_the_new_flow_refuses_is_asked_again_never_dropped():
    state = walk(
        {"kind": "c", "amount": 800, "big": True, "tags": ["x"], "why_x": "因为"}, flow=SINK
    )
    report = changes.refit(saved(state, flow=SINK), flow=SINK_NEXT)
    assert report["ask_again"] == [
        {"id": "kind", "short": "选一个类型", "text": "选一个类型", "before": None},
        {"id": "amount", "short": "金额是多少？", "text": "金额是多少？", "before": None},
    ]
    assert report["state"]["answers"] == {"big": True, "tags": ["x"]}
    assert ge.view(report["state"], flow=SINK_NEXT)["question"]["id"] == "kind"


def test_an_answer_to_a_question_that_is_gone_is_reported_with_what_was_said():
    state = walk({"kind": "a", "amount": 10, "tags": ["x"], "why_x": "因为", "count": 1}, flow=SINK)
    case = saved(state, flow=SINK)
    case["result"] = {
        "readiness": "low",
        "paths": [],
        "warnings": [],
        "plan": None,
        "reasons": [],
        "actions": None,
        "answers": [{"id": "why_x", "short": "选 X 的原因", "answer_label": "因为"}],
    }
    report = changes.refit(case, flow=SINK_NEXT)
    assert report["no_longer_asked"] == [{"id": "why_x", "short": "选 X 的原因", "before": "因为"}]
    assert "why_x" not in report["state"]["answers"]


def test_a_refused_answer_in_the_packaged_flow_is_asked_again_with_the_old_words():
    case = saved(FINISHED)
    case["session"]["groups"]["debts"]["items"][0]["lender"] = "closed_bank"
    case["result"]["answers"].append(
        {"id": "lender", "short": "贷款机构", "answer_label": "一家已经关门的银行"}
    )
    report = changes.refit(case)
    assert report["ask_again"] == [
        {
            "id": "lender",
            "short": "贷款机构",
            "text": "这笔欠款是哪家银行或机构的？",
            "before": "一家已经关门的银行",
        }
    ]
    assert "lender" not in report["state"]["groups"]["debts"]["items"][0]


def test_a_case_saved_under_the_single_debt_interview_is_carried_over_with_notes():
    case = saved(FINISHED)
    case["flow"]["version"] = 1
    case["session"] = {
        "answers": {
            "sued": False,
            "bank": "citic",
            "product": "consumer_loan",
            "debt_total": 30000,
            "overdue_days": 120,
            "other_debt_payments": 0,
        },
        "draft": {},
    }
    report = changes.refit(case)
    assert report["state"]["groups"]["debts"]["items"] == [
        {"lender": "citic", "balance": 30000, "overdue_days": 120}
    ]
    assert report["flow"] == {"saved": 1, "current": 2}
    assert len(report["notes"]) == 1 and "花呗" in report["notes"][0]


def test_a_draft_that_no_longer_fits_is_left_out_of_the_state():
    case = saved(walk({"kind": "a"}, flow=SINK), flow=SINK)
    case["session"]["draft"] = {"amount": 900}
    assert changes.refit(case, flow=SINK_NEXT)["state"]["draft"] == {}


def test_refit_of_a_bad_case_file_raises_invalid_case():
    with pytest.raises(casefile.InvalidCase):
        changes.refit("{")


@given(
    st.dictionaries(
        st.sampled_from(["kind", "amount", "big", "tags", "why_x", "count", "gone"]),
        st.sampled_from(["a", "c", 5, 800, True, ["x"], ["q"], "文字", 2]),
    )
)
def test_every_saved_answer_is_kept_asked_again_or_reported(answers):
    case = saved(walk({}, flow=SINK), flow=SINK)
    case["session"]["answers"] = answers
    report = changes.refit(case, flow=SINK_NEXT)
    accounted = (
        set(report["state"]["answers"])
        | {item["id"] for item in report["ask_again"]}
        | {item["id"] for item in report["no_longer_asked"]}
    )
    assert accounted == set(answers)
    ge.view(report["state"], flow=SINK_NEXT)  # the refitted state is valid


# ─────────────────────────────── compare ───────────────────────────────


def snapshot(assessment):
    return {
        "readiness": assessment["readiness"],
        "paths": [
            {"id": p["id"], "title": p["title"], "why": p["why"], "source_id": p["source_id"]}
            for p in assessment["paths"]
        ],
        "warnings": [
            {"id": w["id"], "text": w["text"], "source_id": w["source_id"]}
            for w in assessment["warnings"]
        ],
        "plan": assessment["plan"],
        "reasons": list(assessment["reasons"]),
        "actions": [
            {key: a[key] for key in ("id", "when", "text", "reason")} for a in assessment["actions"]
        ],
        "answers": [],
    }


def test_the_same_assessment_has_no_changes():
    result = ge.assess(profile(), today=TODAY)
    assert changes.compare(snapshot(result), result) == {
        "changed": False,
        "readiness": None,
        "paths": {"added": [], "removed": [], "reworded": []},
        "actions": {"added": [], "removed": [], "reworded": []},
        "warnings": {"added": [], "removed": [], "reworded": []},
        "plan": None,
        "reasons": [],
        "done_dropped": [],
    }


def test_a_closed_policy_window_shows_as_a_reworded_warning_with_its_reason():
    before = ge.assess(profile(overdue_days=120), today=dt.date(2026, 3, 1))
    after = ge.assess(profile(overdue_days=120), today=TODAY)
    diff = changes.compare(snapshot(before), after)
    old = next(w["text"] for w in before["warnings"] if w["id"] == "credit_record")
    new = next(w["text"] for w in after["warnings"] if w["id"] == "credit_record")
    assert diff["warnings"] == {
        "added": [],
        "removed": [],
        "reworded": [{"id": "credit_record", "before": {"text": old}, "after": {"text": new}}],
    }
    assert diff["reasons"] == [r for r in after["reasons"] if r not in before["reasons"]]
    assert diff["changed"] and diff["reasons"]


@pytest.mark.parametrize(
    ("before", "after", "added", "removed"),
    [
        (profile(), profile(sued=True), ["respond_to_lawsuit"], []),
        (profile(abusive_collection=True), profile(), [], ["report_abusive_collection"]),
        (profile(failed_attempts=1), profile(failed_attempts=2), ["complaint"], []),
    ],
)
def test_paths_added_and_removed_are_listed_with_their_titles(before, after, added, removed):
    old = ge.assess(before, today=TODAY)
    new = ge.assess(after, today=TODAY)
    diff = changes.compare(snapshot(old), new)
    assert [p["id"] for p in diff["paths"]["added"]] == added
    assert [p["id"] for p in diff["paths"]["removed"]] == removed
    assert all(set(p) == {"id", "title", "why"} for p in diff["paths"]["added"])


def test_a_changed_plan_and_readiness_are_shown_before_and_after():
    old = ge.assess(profile(), today=TODAY)
    new = ge.assess(profile(monthly_income=3000, monthly_essential_expenses=3000), today=TODAY)
    diff = changes.compare(snapshot(old), new)
    assert diff["plan"] == {"before": old["plan"], "after": new["plan"]}
    assert diff["readiness"] == {"before": old["readiness"], "after": new["readiness"]}


def test_a_ticked_action_that_is_no_longer_advised_is_named():
    old = ge.assess(profile(abusive_collection=True), today=TODAY)
    new = ge.assess(profile(), today=TODAY)
    ticks = {"report_abusive_collection": "2026-11-30", "doc:1": "2026-11-30"}
    diff = changes.compare(snapshot(old), new, ticks)
    title = next(p["title"] for p in old["paths"] if p["id"] == "report_abusive_collection")
    assert diff["done_dropped"] == [{"id": "report_abusive_collection", "title": title}]


def test_actions_added_and_removed_are_listed_with_their_reasons():
    old = ge.assess(profile(), today=TODAY)
    new = ge.assess(profile(sued=True), today=TODAY)
    diff = changes.compare(snapshot(old), new)
    before = {a["id"] for a in old["actions"]}
    after = {a["id"] for a in new["actions"]}
    assert [a["id"] for a in diff["actions"]["added"]] == [
        a["id"] for a in new["actions"] if a["id"] not in before
    ]
    assert [a["id"] for a in diff["actions"]["removed"]] == [
        a["id"] for a in old["actions"] if a["id"] not in after
    ]
    assert diff["actions"]["added"] and all(
        set(a) == {"id", "when", "text", "reason"} for a in diff["actions"]["added"]
    )


def test_a_snapshot_without_actions_compares_everything_else():
    result = ge.assess(profile(), today=TODAY)
    diff = changes.compare({**snapshot(result), "actions": None}, result)
    assert (diff["changed"], diff["actions"]) == (False, None)


def test_a_ticked_plan_action_that_is_no_longer_advised_is_named_by_its_text():
    old = ge.assess(profile(), today=TODAY)
    new = ge.assess(profile(sued=True), today=TODAY)
    gone = [a for a in old["actions"] if a["id"] not in {b["id"] for b in new["actions"]}]
    diff = changes.compare(snapshot(old), new, {gone[0]["id"]: "2026-11-30"})
    assert diff["done_dropped"] == [{"id": gone[0]["id"], "title": gone[0]["text"]}]


@pytest.mark.parametrize("before", [None, "x", {"readiness": "high"}])
def test_compare_refuses_a_bad_snapshot(before):
    with pytest.raises(GuideError):
        changes.compare(before, ge.assess(profile(), today=TODAY))


# ─────────────────────────────── changes: the whole report ───────────────────────────────


def test_reopening_an_unchanged_case_says_nothing_changed():
    report = changes.changes(saved(FINISHED), TODAY)
    assert (report["changed"], report["summary"]) == (False, ["和上次保存时相比，建议没有变化。"])
    assert report["assessment"] == ge.assess(ge.profile(FINISHED), today=TODAY)


def test_reopening_a_case_saved_before_the_window_closed_describes_the_change():
    case = saved(FINISHED, when=dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC))
    case["rules_version"] = "data-0000000000000000"
    report = changes.changes(case, TODAY)
    after = ge.assess(ge.profile(FINISHED), today=TODAY)
    new_text = next(w["text"] for w in after["warnings"] if w["id"] == "credit_record")
    new_reasons = [r for r in after["reasons"] if r not in case["result"]["reasons"]]
    assert report["changed"] is True
    assert report["summary"] == [
        "评估规则或资料更新过，下面按现在的规则重新评估了你的情况。",
        f"提醒的内容有更新：{new_text}",
        "原因：" + "".join(new_reasons),
    ]


def test_reopening_under_a_new_flow_asks_again_before_any_result():
    state = walk({"kind": "c", "amount": 5, "tags": []}, flow=SINK)
    report = changes.changes(saved(state, flow=SINK), TODAY, flow=SINK_NEXT)
    assert (report["changed"], report["finished"], report["result"]) == (True, False, None)
    assert report["summary"] == [
        "自测的问题更新过（保存时是第 3 版，现在是第 4 版）。",
        "“选一个类型”需要重新回答：这个问题的选项或范围改过了。",
        "回答完需要补充的问题后，会显示新的结果和变化。",
    ]


def test_a_case_without_a_saved_result_is_re_assessed_and_says_it_cannot_compare():
    case = casefile.import_case(
        {
            "format": 1,
            "state": FINISHED,
            "saved": "2026-11-30T08:00:00.000Z",
        }
    )
    report = changes.changes(case, TODAY)
    assert report["result"] is None and report["assessment"] is not None
    assert report["summary"] == [
        "这个案卷没有记下当时的评估规则版本，下面按现在的规则重新评估了你的情况。",
        "这个案卷没有保存上次的结果，无法逐项比较；下面是按现在的规则得出的结果。",
    ]


def test_changes_does_not_modify_the_case_it_was_given():
    case = saved(FINISHED)
    before = copy.deepcopy(case)
    changes.changes(case, TODAY)
    assert case == before


@pytest.mark.parametrize("today", [None, "2026-12-01", dt.datetime(2026, 12, 1)])
def test_changes_needs_a_date(today):
    with pytest.raises(GuideError) as caught:
        changes.changes(saved(FINISHED), today)
    assert caught.value.code == "invalid_date"


# ─────────────────────────────── reopening saved progress ───────────────────────────────


def progress(state, assessed, saved="2026-11-30T08:00:00.000Z"):
    """The record the self-assessment page keeps (progress-store.js), with what it assessed."""
    return {
        "format": 2,
        "flow": state["flow"],
        "version": state["version"],
        "state": state,
        "view": None,
        "screen": "result",
        "assessed": assessed,
        "saved": saved,
    }


def older_rules(assessed):
    return {**assessed, "rules_version": "data-0000000000000000"}


def test_progress_assessed_under_todays_rules_is_not_stale():
    record = progress(FINISHED, casefile.assessed(FINISHED, TODAY))
    assert changes.reopen(record, TODAY) == {"stale": False}


def test_progress_that_recorded_no_result_is_not_stale():
    assert changes.reopen(progress(FINISHED, None), TODAY) == {"stale": False}


def test_progress_assessed_under_older_rules_is_re_assessed_as_a_case_file_would_be():
    assessed = older_rules(casefile.assessed(FINISHED, dt.date(2026, 3, 1)))
    record = progress(FINISHED, assessed)
    case = {**saved(FINISHED, when=dt.datetime(2026, 11, 30, 8, 0, tzinfo=dt.UTC))}
    case.update(rules_version=assessed["rules_version"], result=assessed["result"])
    assert changes.reopen(record, TODAY) == {"stale": True, **changes.changes(case, TODAY)}


def test_reopened_progress_says_the_rules_changed_and_what_changed_with_it():
    assessed = older_rules(casefile.assessed(FINISHED, dt.date(2026, 3, 1)))
    report = changes.reopen(progress(FINISHED, assessed), TODAY)
    after = ge.assess(ge.profile(FINISHED), today=TODAY)
    new_text = next(w["text"] for w in after["warnings"] if w["id"] == "credit_record")
    assert report["summary"][0] == "评估规则或资料更新过，下面按现在的规则重新评估了你的情况。"
    assert f"提醒的内容有更新：{new_text}" in report["summary"]
    assert report["changed"] is True


def test_reopened_progress_names_a_tick_the_new_rules_no_longer_advise():
    state = walk(answers(overdue_days=120, abusive_collection=True))
    assessed = casefile.assessed(state, TODAY)
    assessed["result"]["paths"].append(
        {"id": "old_advice", "title": "一条已经取消的建议", "why": "旧规则", "source_id": None}
    )
    report = changes.reopen(
        progress(state, older_rules(assessed)), TODAY, done={"old_advice": "2026-11-29"}
    )
    assert "你勾选过的“一条已经取消的建议”已经不在建议里了。" in report["summary"]


def test_progress_under_an_older_questionnaire_is_refitted_and_asks_again():
    state = walk({"kind": "c", "amount": 5, "tags": []}, flow=SINK)
    record = progress(state, casefile.assessed(state, TODAY, flow=SINK))
    report = changes.reopen(record, TODAY, flow=SINK_NEXT)
    assert (report["stale"], report["finished"], report["state"]["version"]) == (True, False, 4)
    assert [item["id"] for item in report["ask_again"]] == ["kind"]


@pytest.mark.parametrize(
    ("record", "part"),
    [
        ("x", "session"),
        ({"state": "x"}, "session"),
        ({"state": FINISHED, "assessed": "x"}, "result"),
        ({"state": FINISHED, "assessed": {"rules_version": "x"}}, "result"),
        (
            {
                "state": FINISHED,
                "assessed": {
                    "rules_version": "x",
                    "flow": {"id": "sink", "version": 1},
                    "result": None,
                },
            },
            "flow",
        ),
        (
            progress(FINISHED, {**casefile.assessed(FINISHED, TODAY), "rules_version": "<b>"}),
            "rules_version",
        ),
        (progress(FINISHED, casefile.assessed(FINISHED, TODAY), saved="yesterday"), "saved_at"),
    ],
)
def test_saved_progress_that_cannot_be_read_is_refused_naming_the_part(record, part):
    with pytest.raises(casefile.InvalidCase) as caught:
        changes.reopen(record, TODAY)
    assert (caught.value.code, caught.value.details["part"]) == ("case_malformed", part)


PROGRESS_PARTS = st.sampled_from(["state", "assessed", "saved", "view", "screen"])
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)


@given(PROGRESS_PARTS, JSON_VALUES)
def test_any_tampered_part_of_saved_progress_gives_a_report_or_a_guide_error(key, value):
    record = progress(FINISHED, older_rules(casefile.assessed(FINISHED, TODAY)))
    record[key] = value
    try:
        report = changes.reopen(record, TODAY)
    except GuideError as exc:
        assert exc.message and exc.code != "unexpected"
    else:
        assert isinstance(report["stale"], bool)


@given(st.sampled_from(["rules_version", "flow", "result"]), JSON_VALUES)
def test_any_tampered_assessment_in_saved_progress_gives_a_report_or_a_guide_error(key, value):
    record = progress(FINISHED, older_rules(casefile.assessed(FINISHED, TODAY)))
    record["assessed"][key] = value
    try:
        report = changes.reopen(record, TODAY)
    except GuideError as exc:
        assert exc.message and exc.code != "unexpected"
    else:
        assert isinstance(report["stale"], bool)


def test_the_assessment_kept_with_progress_is_the_case_files_snapshot():
    assert casefile.assessed(FINISHED, TODAY) == {
        "rules_version": casefile.rules_version(),
        "flow": {"id": "self_assessment", "version": 2},
        "result": saved(FINISHED)["result"],
    }


def test_the_assessment_of_an_unfinished_interview_has_no_result():
    state = walk({"sued": False})
    assert casefile.assessed(state, TODAY)["result"] is None


@pytest.mark.parametrize(
    ("plan", "words"),
    [
        (
            {"months": 20, "monthly_payment": 1800.0, "affordable": True},
            "每月约 1,800 元、共 20 个月",
        ),
        (
            {"months": 60, "monthly_payment": 761.8, "affordable": False},
            "每月约 761.80 元、共 60 个月（按你的收支还不上）",
        ),
        (None, "没有还款计划"),
    ],
)
def test_a_plan_is_worded_with_the_amount_as_people_write_it(plan, words):
    assert changes._plan_words(plan) == words
