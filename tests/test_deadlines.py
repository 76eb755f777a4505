"""Court deadlines: counted from the day after receipt, weekend last days moved, dated against today."""

from __future__ import annotations

import datetime as dt

import pytest
from households import debt, household
from hypothesis import given
from hypothesis import strategies as st

from guide_engine import debts_data
from guide_engine.deadlines import cn_date, deadlines, debt_deadlines, last_day, rules
from guide_engine.household import validate_household

TODAY = dt.date(2026, 12, 1)
D = dt.date.fromisoformat


@pytest.mark.parametrize(
    ("received", "days", "due", "moved"),
    [
        ("2026-12-01", 15, "2026-12-16", False),  # Tuesday → Wednesday: receipt day not counted
        ("2026-12-04", 15, "2026-12-21", True),  # last day Saturday 19th → Monday
        ("2026-12-05", 15, "2026-12-21", True),  # last day Sunday 20th → Monday
        ("2026-01-31", 15, "2026-02-16", True),  # across a month end, Sunday → Monday
        ("2026-12-19", 15, "2027-01-04", True),  # across the year end, Sunday → Monday
        ("2026-12-20", 15, "2027-01-04", False),  # across the year end, a Monday
        ("2028-02-14", 15, "2028-02-29", False),  # a leap day
        ("2026-11-26", 10, "2026-12-07", True),  # a 10-day period ending on a Sunday
    ],
)
def test_last_day(received, days, due, moved):
    assert last_day(D(received), days) == (D(due), moved)


def test_cn_date_names_the_weekday():
    assert cn_date(D("2026-12-21")) == "2026年12月21日（星期一）"


def _one(court, today=TODAY):
    home = validate_household(household(debts=[debt(), debt(court=court)]), today=today)
    return deadlines(home, today)


def test_payment_order_objection_deadline_is_whole():
    words = rules()["words"]
    rule = rules()["by_stage"]["payment_order"]
    assert _one({"stage": "payment_order", "received": "2026-11-20"}) == [
        {
            "kind": "payment_order_objection",
            "debt": 1,
            "received": "2026-11-20",
            "due": "2026-12-07",
            "days_left": 6,
            "status": "upcoming",
            "moved_from_weekend": True,
            "when": "还剩 6 天：最后一天是 2026年12月7日（星期一）。" + words["moved"],
            "what": rule["what"],
            "where": rule["where"],
            "note": words["holiday_note"],
            "source_id": "cpl_art227",
            "page": "process/sued/#deadlines",
        }
    ]


@pytest.mark.parametrize(
    ("stage", "kind", "source_id"),
    [
        ("payment_order", "payment_order_objection", "cpl_art227"),
        ("complaint", "defence", "cpl_art128"),
        ("judgment", "appeal", "cpl_art171"),
    ],
)
def test_each_paper_starts_its_own_fifteen_day_period(stage, kind, source_id):
    (item,) = _one({"stage": stage, "received": "2026-12-01"})
    assert (item["kind"], item["due"], item["days_left"], item["source_id"]) == (
        kind,
        "2026-12-16",
        15,
        source_id,
    )


@pytest.mark.parametrize(
    ("received", "status", "days_left", "when"),
    [
        ("2026-11-16", "today", 0, "今天（2026年12月1日（星期二））就是最后一天。"),
        ("2026-11-13", "past", -1, "这个期限已经在 2026年11月30日（星期一） 过去了（1 天前）。"),
    ],
)
def test_today_and_past_are_said_in_words(received, status, days_left, when):
    (item,) = _one({"stage": "payment_order", "received": received})
    moved = rules()["words"]["moved"] if received == "2026-11-13" else ""
    assert (item["status"], item["days_left"], item["when"]) == (status, days_left, when + moved)


def test_a_past_deadline_says_what_that_means_now():
    (item,) = _one({"stage": "payment_order", "received": "2026-10-01"})
    assert item["what"] == rules()["by_stage"]["payment_order"]["past"]


def test_complaint_with_hearing_gives_two_deadlines_soonest_first():
    court = {"stage": "complaint", "received": "2026-11-30", "hearing": "2026-12-10"}
    items = _one(court)
    assert [(i["kind"], i["due"], i["days_left"]) for i in items] == [
        ("hearing", "2026-12-10", 9),
        ("defence", "2026-12-15", 14),
    ]
    assert items[0]["source_id"] == "cpl_art147"


def test_a_hearing_on_a_weekend_is_not_moved():
    court = {"stage": "summons", "received": "2026-11-30", "hearing": "2026-12-12"}
    assert [(i["due"], i["moved_from_weekend"]) for i in _one(court)] == [("2026-12-12", False)]


def test_summons_without_a_hearing_date_points_to_the_paper():
    (item,) = _one({"stage": "summons", "received": "2026-11-30"})
    assert (item["kind"], item["due"], item["status"], item["when"]) == (
        "hearing",
        None,
        "unknown",
        rules()["words"]["unknown_hearing"],
    )


def test_enforcement_has_no_computed_deadline():
    assert _one({"stage": "enforcement", "received": "2026-11-30"}) == []


def test_single_debt_lawsuit_without_a_date_explains_how_to_count():
    court = {"stage": "complaint", "received": None, "hearing": None}
    (item,) = debt_deadlines({"court": court}, 0, TODAY)
    assert (item["due"], item["days_left"], item["status"]) == (None, None, "unknown")
    assert (
        item["when"]
        == "你没有填收到文书的日期。期限从收到文书的第二天起算 15 日；请看文书上写明的期限，尽早办理。"
    )


def test_deadlines_of_several_debts_are_ordered_by_date_then_debt():
    home = validate_household(
        household(
            debts=[
                debt(court={"stage": "judgment", "received": "2026-11-25"}),
                debt(court={"stage": "payment_order", "received": "2026-11-24"}),
                debt(court={"stage": "payment_order", "received": "2026-11-25"}),
            ]
        ),
        today=TODAY,
    )
    assert [(i["debt"], i["due"]) for i in deadlines(home, TODAY)] == [
        (1, "2026-12-09"),
        (0, "2026-12-10"),
        (2, "2026-12-10"),
    ]


def test_every_deadline_says_holidays_extend_it_and_early_is_safer():
    note = rules()["words"]["holiday_note"]
    assert "节假日" in note and "越早" in note


def test_the_data_file_checks_clean():
    assert debts_data.check() == []


def test_every_deadline_cites_the_civil_procedure_law():
    for rule in [*rules()["by_stage"].values(), rules()["hearing"]]:
        assert debts_data.citation(rule["source_id"]).startswith("《中华人民共和国民事诉讼法》")


@given(
    received=st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2035, 12, 31)),
    days=st.integers(min_value=1, max_value=90),
)
def test_last_day_is_a_weekday_at_most_two_days_after_the_plain_count(received, days):
    due, moved = last_day(received, days)
    plain = received + dt.timedelta(days=days)
    assert due.weekday() < 5
    assert (due - plain).days == (0 if not moved else 7 - plain.weekday())
    assert moved == (plain.weekday() >= 5)
