"""Table-driven tests for every assessment rule (guide_engine/rules.py), with a fixed `today` so they never drift."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from profiles import profile  # noqa: E402  (tests/profiles.py)

from guide_engine.assessment import FORBIDDEN, PATH_IDS, WARNING_IDS, assess, rules, wording
from guide_engine.errors import GuideError, InvalidProfile
from guide_engine.facts import citation

TODAY = dt.date(2026, 11, 22)


def run(today=TODAY, **changes):
    return assess(profile(**changes), today=today)


def path_ids(result):
    return [p["id"] for p in result["paths"]]


def warning(result, wid):
    found = [w for w in result["warnings"] if w["id"] == wid]
    return found[0] if found else None


def the_path(result, pid):
    found = [p for p in result["paths"] if p["id"] == pid]
    return found[0] if found else None


def all_text(result):
    return json.dumps(result, ensure_ascii=False)


# ───────────────────────── the rules table: condition → paths / warnings ─────────────────────────


@pytest.mark.parametrize(
    "changes, has_paths, lacks_paths, has_warnings, lacks_warnings",
    [
        (
            {},
            ["personalized_installment", "fee_relief"],
            ["loan_restructuring", "contact_bank_early", "complaint"],
            ["credit_record", "not_obliged"],
            ["art70_credit_cards_only", "lawsuit", "non_performing", "unaffordable"],
        ),
        ({"sued": True}, ["respond_to_lawsuit"], [], ["lawsuit"], []),
        ({"paid_agent": True}, ["stop_paid_agent"], [], ["paid_agent_risk"], []),
        (
            {"abusive_collection": True},
            ["report_abusive_collection"],
            [],
            ["collection_rights"],
            [],
        ),
        (
            {"product": "consumer_loan"},
            ["loan_restructuring"],
            ["personalized_installment"],
            ["art70_credit_cards_only", "not_obliged"],
            [],
        ),
        (
            {"product": "business_loan", "bank": "mybank"},
            ["loan_restructuring"],
            ["personalized_installment"],
            ["art70_credit_cards_only"],
            [],
        ),
        (
            {"product": "other", "bank": "other"},
            ["loan_restructuring"],
            ["personalized_installment"],
            ["art70_credit_cards_only"],
            [],
        ),
        ({"failed_attempts": 1}, ["second_negotiation"], ["complaint"], [], []),
        ({"failed_attempts": 2}, ["second_negotiation", "complaint"], [], [], []),
        ({"failed_attempts": 7}, ["second_negotiation", "complaint"], [], [], []),
        (
            {"overdue_days": 0},
            ["contact_bank_early", "personalized_installment"],
            ["fee_relief"],
            [],
            ["credit_record", "non_performing"],
        ),
        ({"overdue_days": 90}, [], [], ["credit_record"], ["non_performing"]),
        ({"overdue_days": 91}, [], [], ["credit_record", "non_performing"], []),
        ({"monthly_income": 3000}, ["budget_first", "fee_relief"], [], ["unaffordable"], []),
        (
            {"willing_to_repay": False},
            ["budget_first"],
            ["personalized_installment", "fee_relief", "second_negotiation"],
            ["consequences", "credit_record"],
            ["not_obliged", "unaffordable"],
        ),
        (
            {"willing_to_repay": False, "overdue_days": 0},
            ["budget_first", "contact_bank_early"],
            [],
            ["credit_record"],
            [],
        ),
        (
            {"hardship": [], "overdue_days": 30},
            ["fee_relief"],
            ["personalized_installment"],
            [],
            ["not_obliged"],
        ),
        (
            {"hardship": [], "overdue_days": 0, "product": "consumer_loan"},
            ["contact_bank_early"],
            ["loan_restructuring"],
            [],
            ["art70_credit_cards_only"],
        ),
    ],
)
def test_rules_table(changes, has_paths, lacks_paths, has_warnings, lacks_warnings):
    result = run(**changes)
    ids = path_ids(result)
    wids = [w["id"] for w in result["warnings"]]
    for pid in has_paths:
        assert pid in ids, (pid, ids)
    for pid in lacks_paths:
        assert pid not in ids, (pid, ids)
    for wid in has_warnings:
        assert wid in wids, (wid, wids)
    for wid in lacks_warnings:
        assert wid not in wids, (wid, wids)
    assert len(ids) == len(set(ids)) and len(wids) == len(set(wids))
    assert set(ids) <= set(PATH_IDS) and set(wids) <= set(WARNING_IDS)


# ───────────────────────── order ─────────────────────────


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"paid_agent": True, "abusive_collection": True},
        {"willing_to_repay": False},
        {"product": "business_loan", "overdue_days": 0, "failed_attempts": 3},
        {"monthly_income": 0},
    ],
)
def test_lawsuit_always_first(changes):
    result = run(sued=True, **changes)
    assert path_ids(result)[0] == "respond_to_lawsuit"
    assert result["warnings"][0]["id"] == "lawsuit"


def test_urgent_order_lawsuit_agent_collection_then_negotiation():
    result = run(sued=True, paid_agent=True, abusive_collection=True, failed_attempts=2)
    assert path_ids(result)[:4] == [
        "respond_to_lawsuit",
        "stop_paid_agent",
        "report_abusive_collection",
        "personalized_installment",
    ]
    assert path_ids(result).index("second_negotiation") < path_ids(result).index("complaint")


def test_paid_agent_near_the_top():
    assert path_ids(run(paid_agent=True))[0] == "stop_paid_agent"
    assert path_ids(run(paid_agent=True, sued=True))[1] == "stop_paid_agent"


def test_unaffordable_puts_budget_and_fee_relief_forward():
    ids = path_ids(run(monthly_income=3000, failed_attempts=1))
    assert ids[:2] == ["budget_first", "fee_relief"]
    assert ids.index("fee_relief") < ids.index("personalized_installment")
    ids = path_ids(run(monthly_income=3000, sued=True))
    assert ids[:3] == ["respond_to_lawsuit", "budget_first", "fee_relief"]


def test_fee_relief_comes_late_when_affordable():
    ids = path_ids(run(failed_attempts=2))
    assert ids[-1] == "fee_relief"


# ───────────────────────── content and sources ─────────────────────────


def test_lawsuit_path_content_and_sources():
    result = run(sued=True)
    p = the_path(result, "respond_to_lawsuit")
    assert p["source_id"] == "civil_procedure_law" and p["source"] == citation(
        "civil_procedure_law"
    )
    for words in (
        "传票",
        "期限",
        "答辩",
        "到庭",
        "缺席判决",
        citation("legal_aid_12348"),
        "法律援助",
    ):
        assert words in p["why"]


def test_paid_agent_content():
    result = run(paid_agent=True)
    p = the_path(result, "stop_paid_agent")
    assert p["source_id"] == "nfra_agent_warning_2024"
    assert "身份证" in p["why"] and "银行卡" in p["why"] and "正规渠道" in p["why"]
    assert warning(result, "paid_agent_risk")["source_id"] == "nfra_agent_warning_2024"


def test_abusive_collection_credit_card():
    result = run(abusive_collection=True)
    p = the_path(result, "report_abusive_collection")
    w = warning(result, "collection_rights")
    assert p["source_id"] == "cc_measures_art68" and w["source_id"] == "cc_measures_art68"
    assert citation("cc_measures_art69") in p["why"]
    assert "录音" in p["why"] and "12378" in p["why"] and "投诉" in p["why"]
    assert citation("cba_collection_guideline_2026") in w["text"]
    assert "行业自律规范" in w["text"] and "不是法律" in w["text"]


def test_abusive_collection_loan_has_no_card_articles():
    result = run(abusive_collection=True, product="consumer_loan", bank="xwbank")
    p = the_path(result, "report_abusive_collection")
    w = warning(result, "collection_rights")
    assert (
        p["source_id"] == "cba_collection_guideline_2026"
        and w["source_id"] == "cba_collection_guideline_2026"
    )
    assert "第六十八条" not in p["why"] + w["text"]
    assert "不是法律" in p["why"] and "不是法律" in w["text"]
    assert "新网银行" in p["why"]


def test_personalized_installment_content():
    result = run()
    p = the_path(result, "personalized_installment")
    assert p["source_id"] == "cc_measures_art70" and p["source"] == citation("cc_measures_art70")
    for words in ("可以", "拒绝", "5年", "录音", "任何银行申领新的信用卡", "以协议写明的为准"):
        assert words in p["why"], words
    assert "中信银行" in p["title"]
    w = warning(result, "not_obliged")
    assert w["source_id"] == "cc_measures_art70" and "不是银行的义务" in w["text"]


def test_loan_restructuring_content_never_art70():
    result = run(product="consumer_loan", bank="xwbank")
    p = the_path(result, "loan_restructuring")
    assert p["source_id"] == "loan_rules_art12"
    assert citation("civil_code_art678") in p["why"] and "展期" in p["why"]
    assert "第七十条" not in p["why"] + p["title"]
    assert warning(result, "art70_credit_cards_only")["source_id"] == "cc_measures_art70"
    assert warning(result, "not_obliged")["source_id"] == "loan_rules_art12"


def test_second_negotiation_says_what_to_change():
    p = the_path(run(failed_attempts=1), "second_negotiation")
    for words in ("收入", "开支", "所有欠款", "证明", "具体方案", "每月还约1,800元"):
        assert words in p["why"]
    assert p["source_id"] is None and p["source"].startswith("本站：")
    assert p["page"] == "process/second-negotiation/"


def test_complaint_ladder():
    p = the_path(run(failed_attempts=2), "complaint")
    assert p["source_id"] == "complaint_measures_2020"
    why = p["why"]
    for words in (
        "15日",
        "30日",
        "再延长30日",
        citation("nfra_12378"),
        "调解",
        citation("mediation_opinion_2025"),
    ):
        assert words in why
    assert why.index("15日") < why.index("12378") < why.index("调解")


def test_credit_record_and_non_performing_sources():
    result = run(overdue_days=200)
    w = warning(result, "credit_record")
    assert w["source_id"] == "credit_reg_art16" and "5年" in w["text"] and "还清" in w["text"]
    np = warning(result, "non_performing")
    assert np["source_id"] == "cc_measures_art92" and "200天" in np["text"]
    loan = warning(run(overdue_days=200, product="consumer_loan"), "non_performing")
    assert loan["source_id"] == "risk_classification_2023"
    assert "第九十二条" not in loan["text"] and "90天" in loan["text"]


def test_fee_relief_sources():
    assert the_path(run(), "fee_relief")["source_id"] == "pboc_2016_card_notice"
    loan = the_path(run(product="consumer_loan"), "fee_relief")
    assert loan["source_id"] is None and "可以拒绝" in loan["why"]


def test_contact_bank_early_variants():
    card = the_path(run(overdue_days=0), "contact_bank_early")
    loan = the_path(run(overdue_days=0, product="business_loan"), "contact_bank_early")
    assert card["source_id"] == "card_notice_2022"
    assert loan["source_id"] == "loan_rules_art12" and "到期日之前" in loan["why"]


def test_unwilling_is_low_and_sober():
    result = run(willing_to_repay=False)
    assert result["readiness"] == "low" and result["plan"] is None
    w = warning(result, "consequences")
    assert "起诉" in w["text"]
    assert citation("criminal_law_art196") in w["text"]
    assert "两次有效催收" in w["text"] and "一般不认定为恶意透支" in w["text"]
    assert citation("card_crime_interp_art6") in w["text"] and "明知没有还款能力" in w["text"]
    loan = warning(run(willing_to_repay=False, product="consumer_loan"), "consequences")
    assert "恶意透支" not in loan["text"]
    # A willing borrower is never told about malicious overdraft.
    assert "恶意透支" not in all_text(run())


# ───────────────────────── time-bound policy: the one-time credit repair ─────────────────────────

OPEN_MARK = "就不再展示"


@pytest.mark.parametrize(
    "today, overdue_days, offered, closed",
    [
        (TODAY, 45, False, True),
        (TODAY, 2000, False, True),
        (dt.date(2026, 4, 1), 200, False, True),
        (dt.date(2026, 3, 31), 200, True, False),
        (dt.date(2026, 2, 1), 60, True, False),
        (dt.date(2026, 2, 1), 20, False, False),  # arrears began in 2026: outside the window
        (dt.date(2031, 1, 1), 5, False, True),
    ],
)
def test_credit_repair_judged_against_today(today, overdue_days, offered, closed):
    text = all_text(run(today=today, overdue_days=overdue_days))
    assert (OPEN_MARK in text) is offered
    assert ("已经过去" in text) is closed


def test_today_defaults_to_the_clock_and_is_checked():
    assert assess(profile())["readiness"] in ("high", "medium", "low")
    assert assess(profile(), today=dt.datetime(2026, 2, 1, 12, 0))["today"] == "2026-02-01"
    assert assess(profile(), today="2026-11-22") == assess(profile(), today=TODAY)
    for bad in ("明天", "2026-13-01", 20261122):
        with pytest.raises(GuideError) as caught:
            assess(profile(), today=bad)
        assert caught.value.code == "invalid_date"
        assert caught.value.message == "今天的日期应写成 YYYY-MM-DD，例如 2026-12-01。"


# ───────────────────────── affordability and the plan ─────────────────────────


@pytest.mark.parametrize(
    "changes, months, payment, affordable, capacity",
    [
        # surplus 2,000, offer 1,800 (10 % margin); 30,000 at the 18 % estimate: 20 months
        ({}, 20, 1747.37, True, 1800.00),
        ({"monthly_income": 5000}, 47, 894.10, True, 900.00),
        # offer 450: not within Art. 70's 60 months at 18 %; the plan at 60 months is shown
        ({"monthly_income": 4500}, 60, 761.80, False, 450.00),
        ({"monthly_income": 4499.99}, 60, 761.80, False, 449.99),
        ({"monthly_income": 3000}, 60, 761.80, False, 0.0),  # a shortfall offers nothing
        ({"debt_total": 1500}, 1, 1522.50, True, 1800.00),
        # a loan of unknown term: the lender decides, searched up to 60 months only to show it
        ({"product": "consumer_loan"}, 20, 1747.37, True, 1800.00),
        ({"product": "consumer_loan", "monthly_income": 4000}, 60, 761.80, False, 0.0),
    ],
)
def test_plan(changes, months, payment, affordable, capacity):
    plan = run(**changes)["plan"]
    assert plan == {
        "months": months,
        "monthly_payment": payment,
        "affordable": affordable,
        "monthly_capacity": capacity,
    }


def test_unaffordable_warning_text_names_the_shortfall_and_no_period():
    w = warning(run(monthly_income=3000), "unaffordable")
    assert "每月还差约1,000元" in w["text"] and "期" not in w["text"]


def test_tiny_debt_plan():
    plan = run(debt_total=0.5, monthly_income=0)["plan"]
    assert plan["affordable"] is False and plan["months"] >= 1


# ───────────────────────── readiness ─────────────────────────


@pytest.mark.parametrize(
    "changes, readiness",
    [
        ({}, "high"),
        ({"contacted_bank": False}, "medium"),
        ({"contacted_bank": False, "overdue_days": 0}, "high"),
        ({"hardship_proof": False}, "medium"),
        ({"hardship": []}, "medium"),
        ({"monthly_income": 3000}, "medium"),  # documented hardship but unaffordable
        ({"monthly_income": 3000, "hardship_proof": False}, "low"),
        ({"willing_to_repay": False}, "low"),
        ({"willing_to_repay": False, "sued": True}, "low"),
    ],
)
def test_readiness(changes, readiness):
    result = run(**changes)
    assert result["readiness"] == readiness
    assert result["reasons"][-1].startswith(
        {
            "high": "协商准备程度“较好”",
            "medium": "协商准备程度“一般”",
            "low": "协商准备程度“还需要准备”",
        }[readiness]
    )


# ───────────────────────── documents ─────────────────────────


@pytest.mark.parametrize(
    "changes, expected, absent",
    [
        ({"hardship": ["illness"]}, ["诊断证明", "信用卡账单"], ["离职证明", "借款合同"]),
        ({"hardship": ["job_loss"]}, ["离职证明"], ["诊断证明"]),
        (
            {"product": "business_loan", "hardship": ["business_decline"]},
            ["营业执照", "经营下滑"],
            ["信用卡账单"],
        ),
        ({"hardship": ["disaster", "family_emergency"]}, ["受灾证明", "家庭变故"], []),
        ({"other_debt_payments": 0}, ["身份证"], ["其他欠款的清单"]),
        ({"other_debt_payments": 300}, ["其他欠款的清单"], []),
        (
            {"sued": True, "abusive_collection": True, "paid_agent": True},
            ["传票", "通话录音", "付款记录"],
            [],
        ),
    ],
)
def test_documents_tailored(changes, expected, absent):
    docs = "\n".join(run(**changes)["documents"])
    for words in expected:
        assert words in docs
    for words in absent:
        assert words not in docs


# ───────────────────────── shape, sources, wording ─────────────────────────


def test_every_item_has_a_checkable_source():
    result = run(
        sued=True,
        paid_agent=True,
        abusive_collection=True,
        failed_attempts=3,
        overdue_days=120,
        monthly_income=3000,
    )
    for item in result["paths"] + result["warnings"]:
        if item["source_id"]:
            assert item["source"] == citation(item["source_id"])
        else:
            assert item["source"].startswith("本站：")
        assert item["page"].endswith("/")
    json.dumps(result)


def test_reasons_explain_every_rule():
    result = run(
        sued=True, paid_agent=True, abusive_collection=True, failed_attempts=2, overdue_days=120
    )
    text = "\n".join(result["reasons"])
    for words in (
        "法院",
        "代理",
        "催收",
        "个性化分期",
        "再谈",
        "投诉",
        "逾期120天",
        "不良",
        "截止日",
        "准备程度",
    ):
        assert words in text


def test_rules_file_loads_and_scanner_refuses_bad_wording():
    assert rules()["paths"] >= len(PATH_IDS)
    problems: list[str] = []
    wording._scan("x", "银行会停息", set(), problems)
    wording._scan("y", "{cite:no_such_source}", set(), problems)
    wording._scan("z", "{nope}", set(), problems)
    wording._scan("w", "", set(), problems)
    assert len(problems) == 4


@pytest.mark.parametrize("phrase", FORBIDDEN)
def test_no_forbidden_phrase_in_a_full_assessment(phrase):
    for changes in (
        {},
        {"product": "consumer_loan"},
        {"willing_to_repay": False},
        {"monthly_income": 0},
        {
            "sued": True,
            "paid_agent": True,
            "abusive_collection": True,
            "failed_attempts": 5,
            "overdue_days": 400,
        },
    ):
        assert phrase not in all_text(run(**changes))


def test_invalid_profile_is_refused():
    with pytest.raises(InvalidProfile):
        assess(profile(sued="yes"), today=TODAY)
