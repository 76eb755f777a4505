"""The negotiation journal: entries checked like a form, newest first, abusive collection flagged."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st
from profiles import profile

from guide_engine import GuideError, InvalidAnswer, documents, facts, ics, journal

TODAY = dt.date(2026, 12, 1)

CALL = {
    "date": "2026-11-20",
    "time": "14:05",
    "direction": "them",
    "channel": "phone",
    "who": "王某，工号 1234",
    "organisation": "中信银行信用卡中心",
    "said": "可以申请分期，要先交材料。",
    "asked": "申请60期个性化分期。",
    "next_step": "寄出困难证明",
    "next_date": "2026-11-25",
}


def entry(**changes):
    return {**CALL, **changes}


def one(**changes):
    return journal.add_entry([], entry(**changes), TODAY)[0]


# ─────────────────────────────── one entry ───────────────────────────────


def test_an_entry_is_stored_in_its_canonical_shape_with_the_first_id():
    assert one() == {
        "id": "j1",
        "date": "2026-11-20",
        "time": "14:05",
        "direction": "them",
        "channel": "phone",
        "who": "王某，工号 1234",
        "organisation": "中信银行信用卡中心",
        "said": "可以申请分期，要先交材料。",
        "asked": "申请60期个性化分期。",
        "next_step": "寄出困难证明",
        "next_date": "2026-11-25",
        "conduct": [],
        "calls": None,
    }


def test_only_date_direction_and_channel_are_required():
    minimal = {"date": "2026-11-20", "direction": "me", "channel": "branch"}
    assert journal.check_entry(minimal) == {
        "date": "2026-11-20",
        "time": None,
        "direction": "me",
        "channel": "branch",
        "who": "",
        "organisation": "",
        "said": "",
        "asked": "",
        "next_step": "",
        "next_date": None,
        "conduct": [],
        "calls": None,
    }


@pytest.mark.parametrize(
    ("field", "value", "stored"),
    [
        ("time", "9:05", "09:05"),
        ("time", "", None),
        ("who", "  王某\u200b \u202e工号\t1234 ", "王某 工号 1234"),
        ("said", "第一行\r\n\r\n\r\n第二行\x00", "第一行\n\n第二行"),
        ("conduct", ["threat", "third_party", "threat"], ["third_party", "threat"]),
        ("calls", "12", 12),
        ("calls", 12.0, 12),
        ("next_date", "", None),
    ],
)
def test_fields_are_normalised(field, value, stored):
    changes = {field: value}
    if field == "next_date":
        changes["next_step"] = ""
    assert one(**changes)[field] == stored


# (field, bad value, words the message must contain)
BAD_FIELDS = [
    ("date", None, "请填写“日期”"),
    ("date", "2026-02-30", "“日期”不是有效的日期"),
    ("date", "20261120", "“日期”应为日期"),
    ("date", "1999-12-31", "2000 年到 2100 年"),
    ("date", "2026-12-02", "不能晚于今天"),
    ("date", 20261120, "“日期”应为日期"),
    ("time", "25:00", "“时间”请按 24 小时制"),
    ("time", "9点", "“时间”请按 24 小时制"),
    ("direction", "both", "“谁联系谁”请从列表里选"),
    ("channel", "pigeon", "“方式”请从列表里选"),
    ("channel", "", "请填写“方式”"),
    ("who", "王" * 41, "“对方姓名或工号”最多 40 个字"),
    ("who", 1234, "“对方姓名或工号”应为文字"),
    ("said", "话" * 801, "最多 800 个字，现在有 801 个字"),
    ("said", "话" * 100_000, "最多 800 个字，现在太长了"),
    ("next_date", "2026-11-19", "不能早于这次联系的日期"),
    ("conduct", ["shouting"], "“对方有没有这些做法”只能从列表里勾选"),
    ("conduct", "threat", "只能从列表里勾选"),
    ("calls", -1, "“当天对方打来的次数”应为 0 到 999"),
    ("calls", 1000, "应为 0 到 999"),
    ("calls", True, "应为 0 到 999"),
    ("calls", 2.5, "应为 0 到 999"),
    ("calls", "①", "应为 0 到 999"),
    ("calls", "9" * 5000, "应为 0 到 999"),
]


@pytest.mark.parametrize(("field", "value", "words"), BAD_FIELDS)
def test_a_bad_field_is_refused_with_the_form_label(field, value, words):
    with pytest.raises(InvalidAnswer) as caught:
        journal.add_entry([], entry(**{field: value}), TODAY)
    assert (caught.value.code, list(caught.value.details["fields"])) == (
        "journal_entry_invalid",
        [field],
    )
    assert words in caught.value.message


def test_every_bad_field_is_listed_at_once():
    with pytest.raises(InvalidAnswer) as caught:
        journal.add_entry([], entry(date="x", channel="x", calls=-1), TODAY)
    assert sorted(caught.value.details["fields"]) == ["calls", "channel", "date"]


def test_a_next_date_without_a_next_step_asks_what_the_step_is():
    with pytest.raises(InvalidAnswer) as caught:
        journal.add_entry([], entry(next_step=""), TODAY)
    assert caught.value.details["fields"] == {
        "next_step": "写了“下一步的日期”，也请写下“下一步”要做什么。"
    }


@pytest.mark.parametrize("fields", [None, [], "entry", 7, {"date": "2026-11-20", "bogus": 1}])
def test_something_that_is_not_an_entry_is_refused(fields):
    with pytest.raises(InvalidAnswer):
        journal.add_entry([], fields, TODAY)


def test_messages_never_show_python_words():
    with pytest.raises(InvalidAnswer) as caught:
        journal.add_entry([], {"date": None, "who": None, "calls": float("nan")}, TODAY)
    for word in ("None", "nan", "NoneType", "str", "int"):
        assert word not in caught.value.message


# ─────────────────────────────── the list ───────────────────────────────


def test_entries_are_listed_newest_first_by_date_then_time():
    entries = []
    for date, time in [("2026-11-20", "09:00"), ("2026-11-22", None), ("2026-11-20", "18:00")]:
        entries = journal.add_entry(entries, entry(date=date, time=time, next_date=None), TODAY)
    assert [(e["id"], e["date"], e["time"]) for e in entries] == [
        ("j2", "2026-11-22", None),
        ("j3", "2026-11-20", "18:00"),
        ("j1", "2026-11-20", "09:00"),
    ]


def test_update_replaces_an_entry_and_keeps_its_id():
    entries = journal.add_entry([], entry(), TODAY)
    updated = journal.update_entry(entries, "j1", entry(said="改成：不同意分期。"), TODAY)
    assert [(e["id"], e["said"]) for e in updated] == [("j1", "改成：不同意分期。")]


def test_remove_drops_an_entry_and_its_id_is_not_reused():
    entries = journal.add_entry(journal.add_entry([], entry(), TODAY), entry(), TODAY)
    entries = journal.remove_entry(entries, "j2")
    assert [e["id"] for e in journal.add_entry(entries, entry(), TODAY)] == ["j2", "j1"]


@pytest.mark.parametrize("call", ["update", "remove"])
def test_an_unknown_entry_id_is_refused(call):
    entries = journal.add_entry([], entry(), TODAY)
    with pytest.raises(InvalidAnswer) as caught:
        if call == "update":
            journal.update_entry(entries, "j9", entry(), TODAY)
        else:
            journal.remove_entry(entries, "j9")
    assert caught.value.code == "journal_unknown_entry"


def test_add_does_not_modify_the_list_it_was_given():
    entries = journal.add_entry([], entry(), TODAY)
    before = [dict(e) for e in entries]
    journal.add_entry(entries, entry(), TODAY)
    assert entries == before


def test_a_full_journal_refuses_another_entry():
    full = [
        {"id": f"j{i}", **journal.check_entry(entry())} for i in range(1, journal.MAX_ENTRIES + 1)
    ]
    with pytest.raises(InvalidAnswer) as caught:
        journal.add_entry(full, entry(), TODAY)
    assert caught.value.code == "journal_full"


@pytest.mark.parametrize(
    "entries",
    [
        "x",
        [{"date": "2026-11-20", "direction": "me", "channel": "sms"}],
        [{"id": "j1", **CALL}, {"id": "j1", **CALL}],
        [{"id": "x1", **CALL}],
    ],
    ids=["not a list", "no id", "duplicate id", "odd id"],
)
def test_a_broken_journal_is_refused(entries):
    with pytest.raises(InvalidAnswer) as caught:
        journal.check_journal(entries)
    assert caught.value.code == "journal_invalid"


def test_today_must_be_a_date():
    with pytest.raises(GuideError) as caught:
        journal.add_entry([], entry(), "2026-12-01")
    assert caught.value.code == "invalid_date"


# ─────────────────────────────── flags ───────────────────────────────


def rules(product=None, **changes):
    return [f["rule"] for f in journal.flags([{"id": "j1", **entry(**changes)}], product)]


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, []),
        ({"time": "22:00"}, ["night"]),
        ({"time": "21:59"}, []),
        ({"time": "07:59"}, ["night"]),
        ({"time": "08:00"}, []),
        ({"time": "23:30", "direction": "me"}, []),
        ({"time": "23:30", "channel": "sms"}, ["night"]),
        ({"time": "23:30", "channel": "letter"}, []),
        ({"time": None}, []),
        ({"calls": 6}, []),
        ({"calls": 7}, ["many_calls"]),
        ({"calls": 30, "direction": "me"}, []),
        ({"channel": "visit"}, ["visit"]),
        ({"channel": "visit", "time": "06:30"}, ["night", "visit"]),
        ({"conduct": ["third_party", "threat"]}, ["third_party", "threat"]),
        (
            {"conduct": ["fake_document", "public_posting", "extra_fee", "new_loan"]},
            ["fake_document", "public_posting", "extra_fee", "new_loan"],
        ),
    ],
)
def test_abusive_collection_is_flagged_by_rule(changes, expected):
    assert rules(**changes) == expected


def test_a_flag_says_the_rule_its_sources_and_where_to_complain():
    flag = journal.flags([{"id": "j1", **entry(time="23:10")}])[0]
    assert flag == {
        "entry": "j1",
        "rule": "night",
        "level": "breach",
        "title": "夜间催收",
        "detail": "2026年11月20日 23:10，电话",
        "text": "按行业催收指引，未经你同意，晚上10点到第二天早上8点之间不得打电话、上门或用其他方式催收。",
        "sources": [
            {
                "id": "cba_collection_guideline_2026",
                "citation": facts.citation("cba_collection_guideline_2026"),
                "nature": "行业自律规范（不是法律）",
            }
        ],
        "complain": [
            {
                "id": "bank",
                "text": journal.COMPLAIN[0][1],
                "source": {
                    "id": "complaint_measures_2020",
                    "citation": facts.citation("complaint_measures_2020"),
                    "nature": "法律法规",
                },
            },
            {
                "id": "12378",
                "text": journal.COMPLAIN[1][1],
                "source": {
                    "id": "nfra_12378",
                    "citation": facts.citation("nfra_12378"),
                    "nature": "投诉渠道",
                },
            },
            {
                "id": "platform",
                "text": journal.COMPLAIN[2][1],
                "source": {
                    "id": "nfra_consumer_platform",
                    "citation": facts.citation("nfra_consumer_platform"),
                    "nature": "投诉渠道",
                },
            },
        ],
        "page": "basics/collection-rights/",
    }


@pytest.mark.parametrize(
    ("product", "rule", "sources"),
    [
        ("credit_card", "third_party", ["cc_measures_art68", "cba_collection_guideline_2026"]),
        ("consumer_loan", "third_party", ["cba_collection_guideline_2026", "civil_code_art1032"]),
        ("credit_card", "threat", ["cc_measures_art68", "cba_collection_guideline_2026"]),
        (None, "threat", ["cba_collection_guideline_2026"]),
    ],
)
def test_card_debts_also_cite_the_binding_card_measures(product, rule, sources):
    flag = journal.flags([{"id": "j1", **entry(conduct=[rule])}], product)[0]
    assert [s["id"] for s in flag["sources"]] == sources


def test_a_visit_is_a_note_without_complaint_channels():
    flag = journal.flags([{"id": "j1", **entry(channel="visit")}])[0]
    assert (flag["level"], flag["complain"]) == ("note", [])


def test_every_rule_and_channel_cites_a_registered_source():
    for table in journal.RULES.values():
        for variant in ("all", "card"):
            for source_id in table.get(variant, ("", ()))[1]:
                facts.source(source_id)
    for _, _, source_id in journal.COMPLAIN:
        facts.source(source_id)


def test_self_regulation_is_never_presented_as_law():
    for table in journal.RULES.values():
        for variant in ("all", "card"):
            if variant not in table:
                continue
            text, sources = table[variant]
            if "cba_collection_guideline_2026" in sources:
                assert "行业催收指引" in text
            assert "法律规定" not in text


def test_the_flag_texts_promise_nothing():
    for table in journal.RULES.values():
        for variant in ("all", "card"):
            if variant in table:
                for phrase in ("停息", "必须同意", "免除全部", "保证"):
                    assert phrase not in table[variant][0]


# ─────────────────────────────── timeline and calendar ───────────────────────────────

TWO = [
    {"id": "j1", **entry(time="23:05", conduct=["threat"], calls=9)},
    {
        "id": "j2",
        **entry(
            date="2026-11-26",
            time=None,
            direction="me",
            channel="branch",
            who="",
            said="",
            next_step="",
            next_date=None,
        ),
    },
]


def test_the_timeline_is_structure_for_print_newest_first():
    assert journal.timeline(TWO) == {
        "count": 2,
        "flagged": 1,
        "first": "2026年11月20日",
        "last": "2026年11月26日",
        "entries": [
            {
                "id": "j2",
                "when": "2026年11月26日",
                "date": "2026-11-26",
                "time": None,
                "direction": "我联系对方",
                "channel": "营业网点（当面）",
                "who": "",
                "organisation": "中信银行信用卡中心",
                "said": "",
                "asked": "申请60期个性化分期。",
                "next_step": "",
                "next_date": None,
                "conduct": [],
                "calls": None,
                "flags": [],
            },
            {
                "id": "j1",
                "when": "2026年11月20日 23:05",
                "date": "2026-11-20",
                "time": "23:05",
                "direction": "对方联系我",
                "channel": "电话",
                "who": "王某，工号 1234",
                "organisation": "中信银行信用卡中心",
                "said": "可以申请分期，要先交材料。",
                "asked": "申请60期个性化分期。",
                "next_step": "寄出困难证明",
                "next_date": "2026年11月25日",
                "conduct": ["威胁、恐吓或辱骂"],
                "calls": 9,
                "flags": ["夜间催收", "一天打来太多次", "威胁、恐吓或辱骂"],
            },
        ],
    }


def test_the_complaint_letter_lines_tell_the_story_oldest_first():
    assert journal.timeline_lines(TWO) == [
        "2026年11月20日 23:05，对方联系我，电话（中信银行信用卡中心，王某，工号 1234）。",
        "  对方说：可以申请分期，要先交材料。",
        "  我提出：申请60期个性化分期。",
        "  对方的做法：威胁、恐吓或辱骂",
        "  当天打来 9 次",
        "  下一步：寄出困难证明（2026年11月25日）",
        "2026年11月26日，我联系对方，营业网点（当面）（中信银行信用卡中心）。",
        "  我提出：申请60期个性化分期。",
    ]


ABOUT_J1 = "2026年11月20日电话联系（中信银行信用卡中心，王某，工号 1234）。对方说：可以申请分期，要先交材料。"


def test_calendar_events_are_the_dated_next_steps_soonest_first():
    later = {"id": "j3", **entry(next_step="打电话问结果", next_date="2026-12-10")}
    assert journal.calendar_events([later, *TWO]) == [
        {
            "date": "2026-11-25",
            "summary": "协商下一步：寄出困难证明",
            "description": ABOUT_J1,
        },
        {
            "date": "2026-12-10",
            "summary": "协商下一步：打电话问结果",
            "description": ABOUT_J1,
        },
    ]


# ─────────────────────────────── properties ───────────────────────────────

ANY_FIELDS = st.dictionaries(
    st.sampled_from([*journal.FIELDS, "id", "extra"]),
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=30)
    | st.lists(st.text(max_size=12), max_size=3),
    max_size=12,
)


@given(ANY_FIELDS)
def test_any_fields_give_a_checked_entry_or_an_invalid_answer(fields):
    try:
        entries = journal.add_entry([], fields, TODAY)
    except InvalidAnswer:
        return
    assert journal.check_journal(entries) == entries


@given(st.lists(st.dates(dt.date(2020, 1, 1), TODAY), min_size=1, max_size=8))
def test_the_list_is_always_newest_first(dates):
    entries = []
    for day in dates:
        entries = journal.add_entry(entries, entry(date=day.isoformat(), next_date=None), TODAY)
    assert [e["date"] for e in entries] == sorted((d.isoformat() for d in dates), reverse=True)


@given(st.times())
def test_a_call_from_them_is_flagged_at_night_exactly_outside_8_to_22(moment):
    flagged = "night" in rules(time=moment.strftime("%H:%M"))
    assert flagged == (
        not dt.time(8, 0) <= moment.replace(second=0, microsecond=0) < dt.time(22, 0)
    )


def test_the_longest_entry_still_becomes_a_calendar_event():
    longest = entry(who="王" * 40, organisation="机" * 60, said="话" * 800, next_step="步" * 200)
    events = journal.calendar_events(journal.add_entry([], longest, TODAY))
    assert "SUMMARY:协商下一步：" in ics.calendar(
        events, dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
    ).replace("\r\n ", "")


@given(st.text(max_size=60))
def test_stored_text_never_holds_control_format_or_odd_space_characters(text):
    try:
        stored = one(who=text[:40], said=text)
    except InvalidAnswer:
        return
    for value in (stored["who"], stored["said"]):
        assert value == value.strip()
        assert all(ch == "\n" or ch == " " or ch.isprintable() for ch in value)


def test_the_form_lists_every_field_with_the_label_the_messages_use():
    fields = journal.form()["fields"]
    assert [(f["id"], f["label"], f["kind"], f["required"]) for f in fields] == [
        ("date", "日期", "date", True),
        ("time", "时间", "time", False),
        ("direction", "谁联系谁", "single", True),
        ("channel", "方式", "single", True),
        ("who", "对方姓名或工号", "text", False),
        ("organisation", "对方机构", "text", False),
        ("said", "对方说了什么、承诺了什么", "textarea", False),
        ("asked", "我提出的请求", "textarea", False),
        ("next_step", "下一步", "text", False),
        ("next_date", "下一步的日期", "date", False),
        ("conduct", "对方有没有这些做法", "multi", False),
        ("calls", "当天对方打来的次数", "number", False),
    ]
    channel = next(f for f in fields if f["id"] == "channel")
    assert channel["options"] == [{"id": k, "label": v} for k, v in journal.CHANNELS.items()]
    calls = next(f for f in fields if f["id"] == "calls")
    assert (calls["min"], calls["max"], calls["max_length"]) == (0, 999, None)


# ─────────────────────────────── the complaint the journal is evidence for ───────────────────────────────


def test_the_complaint_from_the_journal_carries_its_timeline_oldest_first():
    reply = journal.complaints(profile(), TWO, TODAY)
    (doc,) = reply["documents"]
    assert (doc["kind"], doc["debt"], doc["recipient"]) == ("complaint", 0, "中信银行")
    story = journal.timeline_lines(TWO, "credit_card")
    start = doc["paragraphs"].index(story[0])
    assert doc["paragraphs"][start : start + len(story)] == story


def test_the_complaint_is_the_documents_own_with_its_text_and_notes():
    reply = journal.complaints(profile(), TWO, TODAY)
    expected = [
        d for d in documents.documents(profile(), None, TODAY, TWO) if d["kind"] == "complaint"
    ]
    assert reply == {
        "documents": expected,
        "texts": [documents.as_text(d) for d in expected],
        "notes": [documents.notes_text(d) for d in expected],
    }


def test_the_complaint_is_signed_with_the_details_the_reader_typed():
    reply = journal.complaints(profile(), TWO, TODAY, {"name": "张三", "phone": "13800000000"})
    assert reply["documents"][0]["signature"]["name"] == "张三"
    assert "张三" in reply["texts"][0]


def test_with_no_entry_yet_the_complaint_leaves_the_facts_to_write_by_hand():
    (doc,) = journal.complaints(profile(), [], TODAY)["documents"]
    assert doc == documents.document("complaint", profile(), 0, None, TODAY, [])
    assert documents.blank() in "".join(doc["paragraphs"])


def test_a_debt_that_is_not_overdue_gets_no_complaint_and_is_told_why():
    with pytest.raises(GuideError) as caught:
        journal.complaints(profile(overdue_days=0), TWO, TODAY)
    assert caught.value.code == "document_not_applicable"
    assert "没有逾期" in caught.value.message


@pytest.mark.parametrize("entries", ["x", [{"id": "j1"}], [1]])
def test_a_broken_journal_gets_no_complaint(entries):
    with pytest.raises(InvalidAnswer) as caught:
        journal.complaints(profile(), entries, TODAY)
    assert caught.value.code == "journal_invalid" or caught.value.code == "journal_entry_invalid"
