"""The documents a borrower sends: which apply, what each says, what stays off it, and its checks.

Snapshots live in tests/snapshots/document_*.txt (the document as ``as_text`` renders it, then the
borrower notes as ``notes_text`` renders them, under a separator line) and
tests/snapshots/document_card_full.json (one whole structure). After an intended wording change,
regenerate them with ``UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest tests/test_documents.py``
and review the diff.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import os
import re
import unicodedata
from pathlib import Path

import pytest
from households import CARD, LOAN, household  # noqa: E402  (tests/households.py)
from hypothesis import given, settings
from hypothesis import strategies as st
from profiles import profile  # noqa: E402  (tests/profiles.py)

from guide_engine import bridge, facts, journal
from guide_engine.datafiles import read_toml
from guide_engine.debts_data import FORBIDDEN
from guide_engine.documents import (
    KINDS,
    as_text,
    blank,
    blocks,
    check,
    check_data,
    document,
    documents,
    notes_text,
)
from guide_engine.errors import GuideError, InvalidAnswer, InvalidProfile

TODAY = dt.date(2026, 12, 1)
SNAPSHOTS = Path(__file__).parent / "snapshots"
SEPARATOR = "\n----- 给你自己看的提示（不随文书寄出）-----\n"

PERSON = {
    "name": "张三",
    "id_last4": "123x",
    "phone": "138-0000-0000",
    "description": "今年3月公司裁员。\n现在靠打零工维持生活。",
    "date": "2026-12-02",
}
ORDER = {"stage": "payment_order", "received": "2026-11-25"}
SHORT_LOAN = {
    **LOAN,
    "balance": 3000,
}  # a 12-month loan its share of the offer repays within the cap
JOURNAL = journal.add_entry(
    [],
    {
        "date": "2026-11-20",
        "time": "23:05",
        "direction": "them",
        "channel": "phone",
        "who": "王某",
        "organisation": "中信银行信用卡中心",
        "said": "再不还就通知你单位。",
        "conduct": ["third_party"],
        "calls": 9,
    },
    TODAY,
)

# name → (profile, kind, debt, details, journal)
CASES = {
    "negotiation_card_full": (profile(), "negotiation", 0, {**PERSON, "card_last4": "1234"}, None),
    "negotiation_card_blank": (
        profile(hardship=[], hardship_proof=False, bank="other"),
        "negotiation",
        0,
        None,
        None,
    ),
    "negotiation_loan_full": (
        household(debts=[CARD, SHORT_LOAN]),
        "negotiation",
        1,
        {**PERSON, "debts": [{}, {"contract_no": "HT-2025-0001"}]},
        None,
    ),
    "negotiation_loan_blank": (household(), "negotiation", 1, None, None),
    "hardship_full": (profile(), "hardship", 0, PERSON, None),
    "hardship_blank": (profile(hardship=[], hardship_proof=False), "hardship", 0, None, None),
    "collector_reply_card": (profile(), "collector_reply", 0, {"phone": "13800000000"}, None),
    "collector_reply_loan": (household(), "collector_reply", 1, None, None),
    "complaint_journal": (profile(abusive_collection=True), "complaint", 0, PERSON, JOURNAL),
    "complaint_blank": (profile(abusive_collection=True), "complaint", 0, None, None),
    "objection_full": (
        household(debts=[CARD, {**LOAN, "court": ORDER}]),
        "payment_order_objection",
        1,
        {
            **PERSON,
            "debts": [
                {},
                {
                    "case_no": "（2026）浙0110民督123号",
                    "court": "杭州市余杭区人民法院",
                    "objection": "支付令所列本金20,000元未扣除本人11月已还的5,000元。",
                },
            ],
        },
        None,
    ),
    "objection_blank": (
        household(debts=[{**CARD, "court": ORDER}]),
        "payment_order_objection",
        0,
        None,
        None,
    ),
}


def make(name: str) -> dict:
    p, kind, debt, details, entries = CASES[name]
    return document(kind, p, debt, details, TODAY, entries)


def _snapshot(path: Path, text: str) -> None:
    if os.environ.get("UPDATE_SNAPSHOTS"):
        path.write_text(text, encoding="utf-8")
    if not path.exists():
        pytest.fail(f"missing snapshot {path.name}: run with UPDATE_SNAPSHOTS=1 and review it")
    assert text == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_document_reads_as_its_snapshot(name):
    doc = make(name)
    _snapshot(SNAPSHOTS / f"document_{name}.txt", as_text(doc) + SEPARATOR + notes_text(doc))


@pytest.mark.parametrize("name", sorted(CASES))
def test_no_document_writes_an_amount_with_dot_zero_zero(name):
    doc = make(name)
    assert re.findall(r"\d\.00(?!\d)", as_text(doc) + notes_text(doc)) == []


def test_a_document_is_structure_with_every_part_apart():
    doc = make("negotiation_card_full")
    text = json.dumps(doc, ensure_ascii=False, indent=1) + "\n"
    _snapshot(SNAPSHOTS / "document_card_full.json", text)
    assert list(doc) == [
        "id",
        "kind",
        "variant",
        "debt",
        "title",
        "recipient",
        "date",
        "references",
        "paragraphs",
        "closing",
        "signature",
        "attachments",
        "borrower_notes",
        "sources",
    ]
    assert doc["signature"] == {
        "role": "申请人",
        "name": "张三",
        "id_line": "身份证号码后四位：123X",
        "phone": "138-0000-0000",
        "date": "2026年12月2日",
    }


# ───────────────────────────── which documents apply ─────────────────────────────

APPLY = [
    (
        "one overdue card",
        profile(),
        None,
        ["negotiation:0", "hardship:0", "collector_reply:0"],
    ),
    (
        "a card not yet overdue: nobody collects",
        profile(overdue_days=0),
        None,
        ["negotiation:0", "hardship:0"],
    ),
    (
        "abusive collection adds a complaint",
        profile(abusive_collection=True),
        None,
        ["negotiation:0", "hardship:0", "collector_reply:0", "complaint:0"],
    ),
    (
        "a journal adds a complaint",
        profile(),
        JOURNAL,
        ["negotiation:0", "hardship:0", "collector_reply:0", "complaint:0"],
    ),
    (
        "a mortgage kept current gets no negotiation",
        household(
            debts=[
                {
                    "lender": "boc",
                    "product": "mortgage",
                    "balance": 500000,
                    "overdue_days": 0,
                    "monthly_due": 2000,
                },
                CARD,
            ]
        ),
        None,
        ["negotiation:1", "hardship:1", "collector_reply:1"],
    ),
    (
        "a 支付令 adds the objection for that debt only",
        household(debts=[CARD, {**LOAN, "court": ORDER}]),
        None,
        [
            "negotiation:0",
            "hardship:0",
            "collector_reply:0",
            "negotiation:1",
            "hardship:1",
            "collector_reply:1",
            "payment_order_objection:1",
        ],
    ),
]


@pytest.mark.parametrize(("why", "p", "entries", "ids"), APPLY, ids=[a[0] for a in APPLY])
def test_the_documents_that_apply(why, p, entries, ids):
    assert [d["id"] for d in documents(p, None, TODAY, entries)] == ids


@pytest.mark.parametrize(
    ("p", "kind", "debt", "code"),
    [
        (profile(), "letter", 0, "unknown_document"),
        (profile(), "negotiation", 1, "document_not_applicable"),
        (profile(), "negotiation", True, "document_not_applicable"),
        (profile(overdue_days=0), "collector_reply", 0, "document_not_applicable"),
        (profile(), "payment_order_objection", 0, "document_not_applicable"),
    ],
)
def test_a_document_that_does_not_apply_is_refused_in_words(p, kind, debt, code):
    with pytest.raises(GuideError) as caught:
        document(kind, p, debt, today=TODAY)
    assert caught.value.code == code and "_" not in caught.value.message


def test_a_bad_profile_and_a_bad_today_are_refused():
    with pytest.raises(InvalidProfile):
        documents(profile(debt_total=-1), today=TODAY)
    with pytest.raises(GuideError) as caught:
        documents(profile(), today="12/01/2026")
    assert caught.value.code == "invalid_date"


# ───────────────────────────── what the documents say ─────────────────────────────


def test_the_card_request_cites_art70_and_the_loan_request_never_does():
    card, loan = make("negotiation_card_full"), make("negotiation_loan_full")
    art70 = facts.citation("cc_measures_art70")
    assert card["variant"] == "card" and art70 in as_text(card)
    assert loan["variant"] == "loan" and art70 not in as_text(loan)
    assert "个性化分期" not in as_text(loan) and "展期" in as_text(loan)
    assert facts.citation("loan_rules_art12") in as_text(loan)


@pytest.mark.parametrize(
    ("loan", "periods"),
    [
        (SHORT_LOAN, "分12期偿还，每期还款不超过286.37元"),  # within the 12-month cap
        (LOAN, None),  # the offer does not repay it within the cap: no periods proposed
        ({**LOAN, "original_term_months": None}, None),  # no cap known: none proposed
        ({**LOAN, "product": "consumer_credit", "lender": "other"}, None),  # lender decides
    ],
)
def test_the_loan_request_proposes_periods_only_within_the_cap(loan, periods):
    text = as_text(document("negotiation", household(debts=[CARD, loan]), 1, today=TODAY))
    if periods:
        assert periods in text
    else:
        assert "期偿还" not in text and "恳请与本人商定" in text
    assert "60期" not in text


def test_the_complaint_tells_the_journal_story_and_its_response_deadline():
    text = as_text(make("complaint_journal"))
    assert "2026年11月20日 23:05，对方联系我，电话（中信银行信用卡中心，王某）。" in text
    assert "  对方说：再不还就通知你单位。" in text
    assert facts.citation("complaint_measures_2020") in text and "15日内" in text


def test_the_objection_contains_what_a_valid_objection_needs_and_its_notes_the_rest():
    doc = make("objection_full")
    text, notes = as_text(doc), notes_text(doc)
    assert "致：杭州市余杭区人民法院" in text and "（2026）浙0110民督123号" in text
    assert "异议人于2026年11月25日收到" in text and "未扣除本人11月已还的5,000元" in text
    assert "裁定终结督促程序" in text
    assert "最后一天是2026年12月10日" in notes and "现在没钱" in notes
    assert "现在没钱" not in text


def test_every_source_a_document_names_is_in_the_registry():
    known = {s["id"] for s in facts.sources()}
    for name in CASES:
        doc = make(name)
        assert set(doc["sources"]) <= known
        assert {n["source_id"] for n in doc["borrower_notes"]} - {None} <= known


# ───────────────────────────── borrower notes stay off the document ─────────────────────────────

ADVICE = ("原件自己保管", "自己写", "挂号信", "留底", "留好底单", "给你自己看", "不要编造")


@pytest.mark.parametrize("name", sorted(CASES))
def test_borrower_notes_never_appear_in_the_document(name):
    doc = make(name)
    text = as_text(doc)
    assert doc["borrower_notes"]
    for note in doc["borrower_notes"]:
        assert note["text"] not in text
    for phrase in ADVICE:
        assert phrase not in text


@pytest.mark.parametrize("name", sorted(CASES))
def test_no_document_promises_what_no_rule_guarantees(name):
    doc = make(name)
    for phrase in FORBIDDEN:
        assert phrase not in as_text(doc) + notes_text(doc)


# ───────────────────────────── the fields the reader fills ─────────────────────────────

CARD_DIGITS = "请填卡号最后4位数字（例如 1234），或者整个卡号"
REFUSED = [
    ({"name": "长" * 41}, "name", "姓名", "最多40个字，现在是41个字，请删短一些"),
    ({"card_last4": "12345678"}, "card_last4", "第1笔欠款的信用卡卡号后四位", CARD_DIGITS),
    ({"card_last4": "12ab"}, "card_last4", "第1笔欠款的信用卡卡号后四位", CARD_DIGITS),
    (
        {"id_last4": "12345"},
        "id_last4",
        "身份证号码后四位",
        "请填身份证号码最后4位（数字，最后一位也可以是 X）",
    ),
    ({"phone": "打我手机"}, "phone", "联系电话", "请填电话号码：数字，可以有空格、“-”或“+”"),
    ({"date": "12月1日"}, "date", "落款日期", "请按“2026-12-01”这样的格式填日期"),
    ({"name": ["张三"]}, "name", "姓名", "应填文字，现在是列表"),
    ({"phone": True}, "phone", "联系电话", "应填文字，现在是是/否"),
    ({"name": 5}, "name", "姓名", "应填文字，现在是数字"),
    ({"nmae": "x"}, "nmae", "", "“nmae”不是文书里要填的项目"),
    (
        {"debts": [{}, {"card_last4": "1"}]},
        "debts[1].card_last4",
        "第2笔欠款的信用卡卡号后四位",
        CARD_DIGITS,
    ),
    ({"debts": [{}, {}, {}]}, "debts", "每笔欠款的补充信息", "只有2笔欠款，列表里却有3项"),
    ({"debts": "x"}, "debts", "每笔欠款的补充信息", "应为一个列表，每笔欠款一项"),
]


@pytest.mark.parametrize(("details", "field", "label", "problem"), REFUSED)
def test_a_bad_field_is_refused_naming_it_as_the_form_labels_it(details, field, label, problem):
    with pytest.raises(InvalidAnswer) as caught:
        documents(household(), details, TODAY)
    message = f"{label}：{problem}" if label else problem
    assert caught.value.code == "invalid_details"
    assert caught.value.details["errors"] == [{"field": field, "label": label, "message": message}]


def test_every_problem_is_listed_at_once():
    with pytest.raises(InvalidAnswer) as caught:
        documents(profile(), {"name": "长" * 41, "phone": "x", "card_last4": "1"}, TODAY)
    assert caught.value.details["fields"] == ["name", "phone", "card_last4"]
    assert caught.value.message.count("\n- ") == 3


@pytest.mark.parametrize(
    ("details", "line"),
    [
        ({"card_last4": "6222 0000 1111 9876"}, "信用卡卡号后四位：9876"),
        ({"card_last4": 1234}, "信用卡卡号后四位：1234"),
        ({"phone": 13800000000}, "联系电话：13800000000"),
        ({"id_last4": "123x"}, "身份证号码后四位：123X"),
        ({"name": "  王\u202e五 "}, "申请人：王五"),
        ({"name": ""}, f"申请人：{blank()}"),
        ({"date": None}, "日期：____年__月__日"),
    ],
)
def test_a_field_is_cleaned_and_a_blank_is_a_line_to_write_by_hand(details, line):
    assert line in as_text(document("negotiation", profile(), 0, details, TODAY)).split("\n")


# ───────────────────────────── the data file ─────────────────────────────


def _broken(change):
    data = copy.deepcopy(read_toml("documents.toml"))
    change(data)
    return check_data(data)[1]


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (
            lambda d: d["negotiation"].pop("fees"),
            "data/documents.toml: 缺少 negotiation.fees",
        ),
        (
            lambda d: d["negotiation"].update(feez={"text": "x"}),
            "data/documents.toml: negotiation.feez 不是文书用到的条目（多余或拼错了）",
        ),
        (
            lambda d: d["negotiation"]["fees"].update(text="恳请{yuo}减免"),
            "data/documents.toml negotiation.fees: 占位符应为 you，现在是 yuo",
        ),
        (
            lambda d: d["collector"]["card_rule"].update(source="cc_measures_art67"),
            "data/documents.toml collector.card_rule: source “cc_measures_art67” 不在 data/sources.toml 里",
        ),
        (
            lambda d: (
                d["negotiation"]["card_promise"].update(text="{citation}", source=None)
                or d["negotiation"]["card_promise"].pop("source")
            ),
            "data/documents.toml negotiation.card_promise: 用了 {citation} 却没有 source",
        ),
        (
            lambda d: d["negotiation"]["fees"].update(text="银行保证{you}停息"),
            "data/documents.toml negotiation.fees: text 含有没有规则能保证的说法：停息、保证",
        ),
        (
            lambda d: d["facts"]["proof"].update(text="见附件\u202e"),
            "data/documents.toml facts.proof: text 里有控制字符或不可见字符",
        ),
    ],
)
def test_a_broken_data_file_is_reported_in_words(change, problem):
    assert _broken(change) == [problem]


def test_the_packaged_data_file_is_sound():
    assert check() == []


# ───────────────────────────── the page bridge ─────────────────────────────


def test_the_bridge_command_gives_the_documents_and_their_texts():
    p = profile(abusive_collection=True)
    payload = {"profile": p, "details": {"name": "张三"}, "today": "2026-12-01", "journal": JOURNAL}
    reply = json.loads(bridge.dispatch("documents", json.dumps(payload, ensure_ascii=False)))
    docs = documents(p, {"name": "张三"}, TODAY, JOURNAL)
    texts, notes = [as_text(d) for d in docs], [notes_text(d) for d in docs]
    parts = [blocks(d) for d in docs]
    labels = ["第 1 笔欠款（中信银行的信用卡）"]
    result = {"debts": labels, "documents": docs, "texts": texts, "notes": notes, "blocks": parts}
    assert reply == {"ok": True, "result": result}


def test_the_bridge_command_reports_a_bad_field_with_its_code():
    payload = json.dumps({"profile": profile(), "details": {"card_last4": "1"}})
    reply = json.loads(bridge.dispatch("documents", payload))
    assert reply["ok"] is False and reply["error"]["code"] == "invalid_details"


# ───────────────────────────── any text the reader types ─────────────────────────────

_TEXT = st.one_of(st.none(), st.text(max_size=120), st.integers(-(10**20), 10**20))
_DEBT_FIELDS = ("card_last4", "contract_no", "bank_name", "case_no", "court", "objection")


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


@given(
    st.dictionaries(
        st.sampled_from(["name", "id_last4", "phone", "description", "date", *_DEBT_FIELDS]),
        _TEXT,
    ),
    st.lists(st.dictionaries(st.sampled_from(_DEBT_FIELDS), _TEXT), max_size=2),
)
@settings(max_examples=60, deadline=None)
def test_any_text_gives_documents_or_a_message_never_a_crash(person, per_debt):
    details = {**person, "debts": per_debt}
    p = household(debts=[CARD, {**LOAN, "court": ORDER}], abusive_collection=True)
    try:
        docs = documents(p, details, TODAY)
    except GuideError as exc:
        assert exc.code == "invalid_details" and exc.details["errors"]
        return
    assert {d["kind"] for d in docs} == set(KINDS)
    for doc in docs:
        for text in [*_strings(doc), as_text(doc)]:
            for ch in text:
                assert ch == "\n" or unicodedata.category(ch)[0] != "C"


@pytest.mark.parametrize(("rate", "noted"), [(None, True), (0.12, False)])
def test_an_estimated_rate_is_said_in_the_notes_and_a_stated_one_is_not(rate, noted):
    doc = document("negotiation", household(debts=[{**CARD, "annual_rate": rate}]), 0, today=TODAY)
    assert ("估算了利息" in notes_text(doc)) is noted
    assert "估算" not in as_text(doc)
