"""RFC 5545 calendar text: structure, stable ids, escaping, folding at 75 octets, CRLF."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from guide_engine import GuideError, ics

NOW = dt.datetime(2026, 12, 1, 20, 15, 7, tzinfo=dt.UTC)
EVENT = {
    "date": "2026-11-25",
    "summary": "协商下一步：寄出困难证明",
    "description": "记得复印身份证",
}


def unfold(text):
    """The content lines of an .ics text (RFC 5545 §3.1 unfolding)."""
    assert text.endswith("\r\n")
    return text[:-2].replace("\r\n ", "").split("\r\n")


def unescape(value):
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def test_one_event_gives_the_whole_calendar():
    uid = ics.uid(dt.date(2026, 11, 25), EVENT["summary"], EVENT["description"])
    assert unfold(ics.calendar([EVENT], NOW)) == [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//xieshang-guide//协商指南//ZH",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:协商指南：要记住的日子",
        "BEGIN:VEVENT",
        f"UID:{uid}",
        "DTSTAMP:20261201T201507Z",
        "DTSTART;VALUE=DATE:20261125",
        "DTEND;VALUE=DATE:20261126",
        "SUMMARY:协商下一步：寄出困难证明",
        "DESCRIPTION:记得复印身份证",
        "TRANSP:TRANSPARENT",
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        "DESCRIPTION:协商下一步：寄出困难证明",
        "TRIGGER:-PT15H",
        "END:VALARM",
        "END:VEVENT",
        "END:VCALENDAR",
    ]


def test_no_events_give_an_empty_but_valid_calendar():
    assert unfold(ics.calendar([], NOW)) == [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//xieshang-guide//协商指南//ZH",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:协商指南：要记住的日子",
        "END:VCALENDAR",
    ]


def test_an_event_without_description_has_no_description_line():
    lines = unfold(ics.calendar([{"date": "2026-11-25", "summary": "开庭"}], NOW))
    assert [line for line in lines if line.startswith("DESCRIPTION")] == ["DESCRIPTION:开庭"]


def test_the_uid_depends_only_on_the_content():
    first = ics.calendar([EVENT], NOW)
    later = ics.calendar([EVENT], NOW + dt.timedelta(days=3))
    uids = [line for line in unfold(first) + unfold(later) if line.startswith("UID:")]
    assert len(set(uids)) == 1
    other = ics.calendar([{**EVENT, "summary": "别的事"}], NOW)
    assert [line for line in unfold(other) if line.startswith("UID:")] != uids[:1]


def test_dtstamp_is_now_in_utc_whatever_the_zone():
    beijing = dt.timezone(dt.timedelta(hours=8))
    local = dt.datetime(2026, 12, 2, 4, 15, 7, tzinfo=beijing)
    assert "DTSTAMP:20261201T201507Z" in unfold(ics.calendar([EVENT], local))
    assert "DTSTAMP:20261201T201507Z" in unfold(ics.calendar([EVENT], NOW.replace(tzinfo=None)))


def test_events_are_sorted_and_identical_ones_appear_once():
    later = {**EVENT, "date": "2026-12-10"}
    text = ics.calendar([later, EVENT, EVENT], NOW)
    assert [line for line in unfold(text) if line.startswith("DTSTART")] == [
        "DTSTART;VALUE=DATE:20261125",
        "DTSTART;VALUE=DATE:20261210",
    ]


def test_with_today_events_that_have_passed_are_left_out():
    later = {**EVENT, "date": "2026-12-10"}
    text = ics.calendar([EVENT, later], NOW, today=dt.date(2026, 12, 1))
    assert [line for line in unfold(text) if line.startswith("DTSTART")] == [
        "DTSTART;VALUE=DATE:20261210"
    ]


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("a,b", "a\\,b"),
        ("a;b", "a\\;b"),
        ("a\\b", "a\\\\b"),
        ("a\nb", "a\\nb"),
        ("a\r\nb", "a\\nb"),
        ("\\n", "\\\\n"),
    ],
)
def test_text_is_escaped(text, escaped):
    assert ics.escape(text) == escaped


def test_control_and_bidi_characters_are_removed():
    text = ics.calendar([{**EVENT, "summary": "开\x00庭\u202e\u200b"}], NOW)
    assert "SUMMARY:开庭" in unfold(text)


def test_a_long_line_is_folded_at_75_octets_without_splitting_a_character():
    text = ics.calendar([{**EVENT, "description": "很长的说明" * 40}], NOW)
    physical = text.split("\r\n")[:-1]
    assert max(len(line.encode("utf-8")) for line in physical) <= 75
    assert "DESCRIPTION:" + "很长的说明" * 40 in unfold(text)


@pytest.mark.parametrize(
    ("events", "code"),
    [
        ("x", "ics_invalid_event"),
        ([{"summary": "无日期"}], "ics_invalid_event"),
        ([{"date": "2026-02-30", "summary": "x"}], "ics_invalid_event"),
        ([{"date": "2026-11-25", "summary": ""}], "ics_invalid_event"),
        ([{"date": "2026-11-25", "summary": "\x00"}], "ics_invalid_event"),
        ([{"date": "2026-11-25", "summary": 7}], "ics_invalid_event"),
        ([{"date": "2026-11-25", "summary": "x" * 301}], "ics_invalid_event"),
        ([{"date": "9999-12-31", "summary": "x"}], "ics_invalid_event"),
        ([{"date": "2026-11-25", "summary": "x", "location": "法院"}], "ics_invalid_event"),
        ([EVENT] * (ics.MAX_EVENTS + 1), "ics_too_many"),
    ],
)
def test_bad_events_are_refused(events, code):
    with pytest.raises(GuideError) as caught:
        ics.calendar(events, NOW)
    assert caught.value.code == code


@pytest.mark.parametrize(("now", "today"), [("2026-12-01", None), (NOW, NOW), (NOW, "2026-12-01")])
def test_now_and_today_must_be_a_datetime_and_a_date(now, today):
    with pytest.raises(GuideError) as caught:
        ics.calendar([EVENT], now, today=today)
    assert caught.value.code == "invalid_date"


TEXT = st.text(
    st.characters(blacklist_categories=("Cc", "Cf", "Cs", "Co", "Cn")) | st.sampled_from(",;\\\n"),
    max_size=120,
)


@given(st.dates(dt.date(2000, 1, 1), dt.date(2100, 12, 31)), TEXT.filter(str.strip), TEXT)
def test_any_event_round_trips_through_folding_and_escaping(day, summary, description):
    text = ics.calendar(
        [{"date": day.isoformat(), "summary": summary, "description": description}], NOW
    )
    assert all(len(line.encode("utf-8")) <= 75 for line in text.split("\r\n"))
    assert "\n" not in text.replace("\r\n", "")
    lines = unfold(text)
    assert (
        unescape(next(line for line in lines if line.startswith("SUMMARY:"))[8:]) == summary.strip()
    )
    descriptions = [unescape(line[12:]) for line in lines if line.startswith("DESCRIPTION:")]
    assert descriptions[-1] == summary.strip()
    if description.strip():
        assert descriptions[0] == description.strip()


@given(
    st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n"), max_size=300)
)
def test_fold_never_exceeds_75_octets_and_unfolds_to_the_line(line):
    folded = ics.fold(line)
    assert all(len(part.encode("utf-8")) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == line
