"""The negotiation letter: snapshots of typical letters, blanks for missing facts, safe user strings.

Snapshots live in tests/snapshots/letter_*.txt. After an intended wording change, regenerate them
with ``UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest tests/test_letter.py`` and review the diff.
The letter is the documents module's negotiation request (tests/test_documents.py covers the
other documents); it proposes the household plan's offer, within the product's cap.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from profiles import profile  # noqa: E402  (tests/profiles.py)

from guide_engine.assessment import FORBIDDEN
from guide_engine.debt_plan import plan_household
from guide_engine.documents import blank
from guide_engine.errors import InvalidAnswer, InvalidProfile
from guide_engine.facts import citation
from guide_engine.letter import letter
from guide_engine.money import for_people

BLANK = blank()

TODAY = dt.date(2026, 11, 22)
SNAPSHOTS = Path(__file__).parent / "snapshots"


def make(details=None, **changes):
    p = profile(**changes)
    return letter(p, details)


CASES = {
    "card_full": (
        dict(hardship=["job_loss", "illness"]),
        {
            "name": "张三",
            "card_last4": "1234",
            "phone": "138-0000-0000",
            "description": "今年3月公司裁员，之后又住院两个月。\n现在靠打零工维持生活。",
        },
    ),
    "card_blank": (dict(hardship=[], hardship_proof=False, bank="other"), None),
    "consumer_loan": (
        dict(product="consumer_loan", bank="xwbank", hardship=["income_drop"]),
        {"name": "李四", "contract_no": "HT-2025-0001", "phone": "139 1111 2222"},
    ),
    "business_loan_unaffordable": (
        dict(
            product="business_loan",
            bank="mybank",
            hardship=["business_decline"],
            debt_total=200000,
            monthly_income=4200,
            overdue_days=0,
        ),
        {"bank_name": "浙江网商银行"},
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_snapshot(name):
    changes, details = CASES[name]
    text = make(details, **changes)
    path = SNAPSHOTS / f"letter_{name}.txt"
    if os.environ.get("UPDATE_SNAPSHOTS"):
        path.write_text(text, encoding="utf-8")
    if not path.exists():
        pytest.fail(f"missing snapshot {path.name}: run with UPDATE_SNAPSHOTS=1 and review it")
    assert text == path.read_text(encoding="utf-8")


def test_card_letter_content():
    text = make(CASES["card_full"][1], **CASES["card_full"][0])
    assert "致：中信银行" in text and "申请人：张三" in text and "信用卡卡号后四位：1234" in text
    assert citation("cc_measures_art70") in text
    assert "分20期偿还，每期还款不超过1,800元" in text
    assert "书面还款协议" in text and "保留录音" in text and "不向任何银行申领信用卡" in text
    assert "失业、生病或受伤" in text and "相关证明材料见附件" in text
    assert "附件：" in text and "离职证明" in text and "诊断证明" in text
    assert "传票" not in text
    assert "原件自己保管" not in text and "自己写" not in text


def test_loan_letter_never_cites_art70():
    text = make(CASES["consumer_loan"][1], **CASES["consumer_loan"][0])
    assert "第七十条" not in text and "个性化分期" not in text
    assert citation("loan_rules_art12") in text and "展期（延长还款期限）或调整还款计划" in text
    assert "借款合同编号：HT-2025-0001" in text and "信用卡卡号" not in text
    assert "书面协议或补充合同" in text


def test_missing_facts_are_blanks_not_inventions():
    text = make(None, hardship=[], hardship_proof=False, bank="other")
    assert f"致：{BLANK}" in text and f"申请人：{BLANK}" in text and f"联系电话：{BLANK}" in text
    assert "身份证号码：____" in text
    assert f"信用卡卡号后四位：{BLANK}" in text and f"困难原因：{BLANK}" in text
    assert "日期：____年__月__日" in text
    assert "暂时没有书面证明材料" in text


def test_unaffordable_plan_leaves_the_amount_blank():
    text = make(CASES["business_loan_unaffordable"][1], **CASES["business_loan_unaffordable"][0])
    assert "期限和每期金额恳请与本人商定" in text and "分____期" not in text
    assert "每月最多能拿出约180元" in text
    assert "致：浙江网商银行" in text


def test_unwilling_borrower_is_not_made_to_say_they_are_willing():
    text = make(None, willing_to_repay=False)
    assert "仍有还款意愿" not in text and "按协议按时还款" not in text


def test_no_proof_means_no_proof_attachments():
    text = make(None, hardship=["illness"], hardship_proof=False)
    assert "诊断证明" not in text and "身份证" in text


def test_hostile_strings_are_cleaned():
    details = {
        "name": "王\u202e五\x00\x1b[31m",
        "card_last4": "6222 0000 1111 9876",
        "phone": "138\t0000\u200b0000",
        "description": "第一行\r\n\r\n\x07第二行\u2028第三行" + "啊" * 700,
        "bank_name": None,
    }
    text = make(details)
    assert (
        "\x00" not in text and "\x1b" not in text and "\u202e" not in text and "\u200b" not in text
    )
    assert "\x07" not in text and "\r" not in text and "\u2028" not in text
    assert "申请人：王五[31m" in text
    assert "信用卡卡号后四位：9876" in text and "6222" not in text
    assert "联系电话：138 00000000" in text
    assert "第一行\n第二行 第三行" in text
    assert max(len(line) for line in text.split("\n")) < 900


@given(
    st.dictionaries(
        st.sampled_from(["name", "card_last4", "contract_no", "phone", "description", "bank_name"]),
        st.text(max_size=300),
    )
)
@settings(max_examples=80, deadline=None)
def test_any_user_string_gives_a_safe_letter_or_a_message_in_words(details):
    try:
        text = make(details)
    except InvalidAnswer as exc:
        assert exc.code == "invalid_details" and exc.details["errors"]
        assert all(e["message"].startswith(e["label"]) for e in exc.details["errors"])
        return
    assert text.startswith("协商还款申请书")
    for ch in text:
        assert ch == "\n" or ch.isprintable()
    for phrase in FORBIDDEN:
        assert phrase not in text


@pytest.mark.parametrize(
    "details",
    [
        {"nmae": "x"},
        {"name": 5},
        {"description": ["x"]},
        {"phone": True},
        "张三",
        ["name"],
        {"name": "长" * 41},
        {"card_last4": "12345678"},
        {"card_last4": 12345},
    ],
)
def test_bad_details_are_refused(details):
    with pytest.raises(InvalidAnswer):
        make(details)


def test_numbers_accepted_for_digits_fields():
    text = make({"card_last4": 2345, "phone": 13800000000})
    assert "卡号后四位：2345" in text and "13800000000" in text


@pytest.mark.parametrize(
    ("income", "proposal"),
    [
        (6000, "分20期偿还，每期还款不超过1,800元。"),  # a whole amount: no ".00"
        (6001, "分20期偿还，每期还款不超过1,800.90元。"),  # the bank holds the borrower to the fen
    ],
)
def test_the_proposed_instalment_is_written_exactly_without_a_dot_zero_zero(income, proposal):
    assert proposal in make(monthly_income=income)


def test_a_bad_profile_is_refused():
    with pytest.raises(InvalidProfile):
        letter(profile(debt_total=-1))


@pytest.mark.parametrize(
    "changes",
    [{}, {"monthly_income": 1000}, {"willing_to_repay": False}, {"product": "consumer_loan"}],
)
def test_the_letter_proposes_the_household_plans_offer_within_the_cap(changes):
    p = profile(**changes)
    planned = plan_household(p, TODAY)["debts"][0]
    text = letter(p)
    if planned["terms"]["fits"] and planned["offer_monthly"] > 0:
        months, offer = planned["terms"]["months_needed"], for_people(planned["offer_monthly"])
        assert f"分{months}期偿还，每期还款不超过{offer}元" in text
    else:
        assert "恳请与本人商定" in text and "期偿还" not in text
