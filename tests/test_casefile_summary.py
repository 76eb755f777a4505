"""The one-page summary of a case for a helper: the engine's own output, chosen and ordered."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st
from profiles import answers, walk

import guide_engine as ge
from guide_engine import GuideError, case_summary, journal
from guide_engine.money import for_people

TODAY = dt.date(2026, 12, 1)
CALL = {
    "date": "2026-11-20",
    "time": "23:10",
    "direction": "them",
    "channel": "phone",
    "who": "王某，工号 1234",
    "organisation": "中信银行信用卡中心",
    "said": "再不还就告诉你家里人。",
    "next_step": "寄出困难证明",
    "next_date": "2026-12-05",
    "conduct": ["third_party"],
}
ENTRIES = journal.add_entry([], CALL, TODAY)


FINISHED = walk(answers(abusive_collection=True))
RESULT = ge.assess(ge.profile(FINISHED), today=TODAY)


def summary(state=FINISHED, **parts):
    return case_summary.helper_summary(state, TODAY, **parts)


def section(report, section_id):
    return next(s for s in report["sections"] if s["id"] == section_id)


def test_a_finished_case_with_a_journal_has_every_section_in_order():
    report = summary(entries=ENTRIES)
    assert [s["id"] for s in report["sections"]] == [
        "answers",
        "result",
        "actions",
        "help",
        "journal",
        "flags",
    ]
    assert (report["title"], report["date"], report["empty"]) == (
        "我的协商情况摘要",
        "2026年12月1日",
        None,
    )


def test_the_answers_are_the_review_summary_in_the_readers_words():
    assert section(summary(), "answers")["items"] == [
        {"label": a["short"], "text": a["answer_label"], "done": None}
        for a in ge.answers_summary(FINISHED)
    ]


def test_the_result_names_the_readiness_and_the_offer():
    plan = RESULT["plan"]
    assert section(summary(), "result")["items"] == [
        {
            "label": "协商准备程度",
            "text": f"{RESULT['readiness_label']}。{RESULT['readiness_text']}",
            "done": None,
        },
        {
            "label": "可以提出的还款方案",
            "text": f"每月约 {for_people(plan['monthly_payment'])} 元，共 {plan['months']} 个月",
            "done": None,
        },
    ]


def test_an_offer_the_budget_cannot_carry_says_so():
    state = walk(answers(monthly_income=3000, monthly_essential_expenses=3000))
    result = section(summary(state), "result")["items"]
    plan = next(item for item in result if item["label"] == "可以提出的还款方案")
    assert plan["text"].endswith("（按现在的收支还不上）")


def test_each_action_says_when_and_a_ticked_one_says_the_day_it_was_done():
    second = RESULT["actions"][1]["id"]
    items = section(summary(done={second: "2026-11-30"}), "actions")["items"]
    assert items == [
        {
            "label": case_summary.WHEN[a["when"]],
            "text": a["text"],
            "done": "2026年11月30日" if a["id"] == second else None,
        }
        for a in RESULT["actions"]
    ]


def test_the_journal_is_told_oldest_first_with_the_abusive_collection_it_records():
    later = journal.add_entry(ENTRIES, {**CALL, "date": "2026-11-25", "conduct": []}, TODAY)
    report = summary(entries=later)
    rows = section(report, "journal")
    assert rows["heading"] == "协商记录（2 条，2026年11月20日 至 2026年11月25日）"
    assert [item["label"] for item in rows["items"]] == [
        "2026年11月20日 23:10",
        "2026年11月25日 23:10",
    ]
    assert rows["items"][0]["text"] == (
        "对方联系我，电话（中信银行信用卡中心，王某，工号 1234）；对方说：再不还就告诉你家里人；"
        "下一步：寄出困难证明（2026年12月5日）"
    )
    flagged = section(report, "flags")["items"]
    assert flagged == [
        {"label": f["title"], "text": f["detail"], "done": None}
        for f in journal.flags(later, "credit_card")
    ]


def test_an_unfinished_interview_shows_only_what_was_answered():
    state = walk(answers(), stop_after=3)
    report = summary(state)
    assert [s["id"] for s in report["sections"]] == ["answers"]
    shown = [item["label"] for item in section(report, "answers")["items"]]
    assert shown == [item["label"] for item in section(summary(), "answers")["items"]][:2]


def test_a_journal_alone_is_summarised_without_any_answers():
    report = summary(None, entries=ENTRIES)
    assert [s["id"] for s in report["sections"]] == ["journal", "flags"]


def test_nothing_on_the_device_says_so():
    report = summary(None)
    assert (report["sections"], report["empty"]) == ([], "这台设备上还没有保存自测回答或协商记录。")


@pytest.mark.parametrize(
    ("parts", "code"),
    [
        ({"done": {"gather_documents": True}}, "case_malformed"),
        ({"entries": "x"}, "journal_invalid"),
    ],
)
def test_a_broken_tick_list_or_journal_is_refused_in_words(parts, code):
    with pytest.raises(GuideError) as caught:
        summary(**parts)
    assert caught.value.code == code and caught.value.message


@pytest.mark.parametrize("today", [None, "2026-12-01", dt.datetime(2026, 12, 1)])
def test_the_summary_needs_a_date(today):
    with pytest.raises(GuideError) as caught:
        case_summary.helper_summary(FINISHED, today)
    assert caught.value.code == "invalid_date"


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=12,
)


@given(st.sampled_from(["state", "done", "entries"]), JSON_VALUES)
def test_any_tampered_part_gives_a_summary_or_a_guide_error(part, value):
    parts = {"state": FINISHED, "done": {}, "entries": ENTRIES, part: value}
    try:
        report = case_summary.helper_summary(
            parts["state"], TODAY, done=parts["done"], entries=parts["entries"]
        )
    except GuideError as exc:
        assert exc.message and exc.code != "unexpected"
    else:
        assert all(
            set(item) == {"label", "text", "done"}
            for s in report["sections"]
            for item in s["items"]
        )
