"""The result as a plan (guide_engine.plan_view): the first action and its one button, the
checklist by today / this week / this month, the budget in words, each lender's offer, deadlines
with calendar files, tap-to-call numbers — and no "-", "nan", "None" or ".00" anywhere a person
reads, for any profile."""

from __future__ import annotations

import re

import pytest
from households import household
from hypothesis import given, settings
from profiles import answers, profile, result_view
from test_assessment_properties import households, profiles

from guide_engine import assess
from guide_engine.plan_view import phone_numbers, plan_view, segments

TODAY = "2026-12-01"
WHY_COURT = (
    "法院的期限过了就补不回来，所以排在所有事情前面。最后一天碰上法定节假日的，还会再往后顺延；"
    "但越早办越稳妥，不要等到最后一天。期限以文书上写明的为准。"
)
DEFENCE = (
    "在最后一天之前可以向法院提交答辩状，写明你对欠款金额、利息和费用的意见；认为不该由这个法院审理的，"
    "也必须在这段时间内提出。不交答辩状，法院照样审理。"
)


def planned(p):
    return plan_view(assess(p, TODAY), p)


def sued_household(**changes):
    h = household(**changes)
    h["debts"][0]["court"] = {"stage": "complaint", "received": "2026-11-25"}
    return h


@pytest.mark.parametrize(
    ("p", "first"),
    [
        (
            sued_household(paid_agent=True),
            {
                "id": "court_deadline:defence:0",
                "title": "先做这一件：提交答辩状的期限",
                "text": [{"text": f"第 1 笔欠款（中信银行的信用卡）：{DEFENCE}"}],
                "why": WHY_COURT,
                "deadline": {
                    "id": "defence:0",
                    "countdown": "还剩 9 天",
                    "date": "2026年12月10日（星期四）",
                },
                "help": {"kind": "calendar", "text": "加到手机日历", "href": "defence:0"},
            },
        ),
        (
            profile(sued=True),
            {
                "id": "court_deadline:defence:0",
                "title": "先做这一件：提交答辩状的期限",
                "text": [
                    {
                        "text": "第 1 笔欠款（中信银行的信用卡）：你没有填收到文书的日期。期限从收到文书的"
                        f"第二天起算 15 日；请看文书上写明的期限，尽早办理。{DEFENCE}"
                    }
                ],
                "why": WHY_COURT,
                "deadline": None,
                "help": {"kind": "page", "text": "详细说明", "href": "process/sued/#deadlines"},
            },
        ),
        (
            profile(paid_agent=True),
            {
                "id": "stop_paid_agent",
                "title": "先做这一件",
                "text": [
                    {
                        "text": "不要再给“代理协商”“债务优化”中介付钱；拿回并保管好身份证和银行卡，"
                        "不要把密码和验证码告诉任何人。和贷款机构协商，你自己就可以做。"
                    }
                ],
                "why": "国家金融监督管理总局提醒，这类收费“代理维权”可能收取高额费用、扣留证件、"
                "倒卖个人信息，甚至以你的名义借款。",
                "deadline": None,
                "help": {
                    "kind": "page",
                    "text": "怎样退出代理中介",
                    "href": "avoid-failure/paid-agents/",
                },
            },
        ),
        (
            profile(),
            {
                "id": "gather_documents",
                "title": "先做这一件",
                "text": [
                    {
                        "text": "准备材料：身份证，收入证明和3到6个月的银行流水，能证明困难的材料"
                        "（如失业证明、诊断证明和费用清单），以及一份如实写的困难情况说明。"
                    }
                ],
                "why": "贷款机构常要这些材料；材料必须真实，伪造证明、公章可能构成犯罪。",
                "deadline": None,
                "help": {"kind": "anchor", "text": "看申请书草稿", "href": "#gt-letter-h"},
            },
        ),
    ],
    ids=["dated-court-deadline", "undated-court-deadline", "paid-agent", "plain"],
)
def test_the_first_action_says_what_why_and_the_one_button(p, first):
    assert planned(p)["first"] == first


def test_the_checklist_keeps_the_engines_ids_in_its_order_grouped_by_when():
    p = sued_household(paid_agent=True)
    actions = assess(p, TODAY)["actions"]
    groups = planned(p)["groups"]
    assert [(g["when"], g["title"]) for g in groups] == [
        ("today", "今天"),
        ("week", "本周"),
        ("month", "本月"),
    ]
    assert [item["id"] for g in groups for item in g["items"]] == [a["id"] for a in actions]
    assert [item["id"] for g in groups for item in g["items"] if item["first"]] == [
        actions[0]["id"]
    ]


@pytest.mark.parametrize(
    ("aid", "line"),
    [
        (
            "court_deadline:defence:0",
            "提交答辩状的期限（第 1 笔欠款（中信银行的信用卡））：还剩 9 天：最后一天是 2026年12月10日（星期四）。",
        ),
        (
            "contact_lender:1",
            "联系第 2 笔欠款（网商银行的个人消费贷款）的网商银行：如实说明全家的收支和所有欠款，"
            "提出每月还 1,260 元。",
        ),
        (
            "settle_in_court:0",
            "就第 1 笔欠款（中信银行的信用卡）和中信银行商量和解，或请法院组织调解：按家庭预算，"
            "每月能拿出 1,890 元。",
        ),
    ],
    ids=["court-deadline-name-and-date", "lender-without-its-fit", "unchanged"],
)
def test_a_checklist_line_says_only_what_to_do(aid, line):
    items = {i["id"]: i for g in planned(sued_household())["groups"] for i in g["items"]}
    assert "".join(piece["text"] for piece in items[aid]["text"]) == line


@pytest.mark.parametrize(
    ("income", "status", "lines"),
    [
        (
            6000,
            "surplus",
            [
                ("每月收入", "6,000 元"),
                ("必要开支", "3,500 元"),
                ("其他欠款的月供", "500 元"),
                ("每月能拿出", "2,000 元"),
                ("拿来和贷款机构谈", "1,800 元"),
            ],
        ),
        (
            4000,
            "zero",
            [
                ("每月收入", "4,000 元"),
                ("必要开支", "3,500 元"),
                ("其他欠款的月供", "500 元"),
                ("每月能拿出", "0 元"),
            ],
        ),
        (
            3800,
            "shortfall",
            [
                ("每月收入", "3,800 元"),
                ("必要开支", "3,500 元"),
                ("其他欠款的月供", "500 元"),
                ("算上月供，每月还差", "200 元"),
            ],
        ),
        (
            3000,
            "shortfall",
            [
                ("每月收入", "3,000 元"),
                ("必要开支", "3,500 元"),
                ("其他欠款的月供", "500 元"),
                ("收入比必要开支少", "500 元"),
                ("算上月供，每月还差", "1,000 元"),
            ],
        ),
    ],
)
def test_the_budget_is_in_words_and_a_shortfall_is_said_not_negative(income, status, lines):
    budget = planned(profile(monthly_income=income))["budget"]
    assert budget["status"] == status
    assert [(line["label"], line["amount"]) for line in budget["lines"]] == lines


def test_each_lender_gets_its_offer_its_term_cap_and_its_numbers_to_call():
    assert planned(household())["debts"] == [
        {
            "index": 0,
            "label": "第 1 笔欠款（中信银行的信用卡）",
            "offer": "每月可以提出还 1,890 元",
            "term": "这类欠款一般最长可以谈到 60 个月",
            "fit": "按每月能拿出的这笔钱，大约 19 个月还清，在上限 60 个月以内。",
            "calls": [
                {
                    "label": "中信银行信用卡中心24小时客服",
                    "number": "400-889-5558",
                    "tel": "tel:4008895558",
                },
                {"label": "中信银行客服热线", "number": "95558", "tel": "tel:95558"},
            ],
            "deadlines": [],
            "page": "basics/cards-vs-loans/#cards",
        },
        {
            "index": 1,
            "label": "第 2 笔欠款（网商银行的个人消费贷款）",
            "offer": "每月可以提出还 1,260 元",
            "term": "这类欠款一般最长可以谈到 12 个月",
            "fit": "按每月能拿出的这笔钱，12 个月内还不清：要么每月多还一些，要么先谈减免部分费用，"
            "或者说明现在的困难、先谈一个短期的安排。",
            "calls": [],
            "deadlines": [],
            "page": "basics/cards-vs-loans/#loans",
        },
    ]


@pytest.mark.parametrize(
    ("text", "pieces"),
    [
        ("没有号码", [{"text": "没有号码"}]),
        (
            "拨打12348咨询",
            [{"text": "拨打"}, {"text": "12348", "tel": "tel:12348"}, {"text": "咨询"}],
        ),
        ("报警（110）", [{"text": "报警（"}, {"text": "110", "tel": "tel:110"}, {"text": "）"}]),
        ("400-889-5558", [{"text": "400-889-5558", "tel": "tel:4008895558"}]),
        # a known number inside a longer one is not a number to call
        ("单号 1234812", [{"text": "单号 1234812"}]),
        ("3到6个月、20日内", [{"text": "3到6个月、20日内"}]),
    ],
)
def test_known_phone_numbers_become_tap_to_call_pieces(text, pieces):
    assert segments(text) == pieces


def test_the_numbers_to_call_are_the_sites_hotlines_banks_and_emergency_lines():
    assert phone_numbers() == (
        "400-889-5558",
        "12348",
        "12356",
        "12363",
        "12368",
        "12378",
        "95558",
        "95566",
        "110",
        "120",
    )


def test_a_dated_deadline_has_a_calendar_file_and_an_undated_one_none():
    dated = planned(sued_household())["deadlines"][0]
    assert dated["ics"]["filename"] == "协商指南-提交答辩状的期限-2026-12-10.ics"
    text = dated["ics"]["text"]
    assert "DTSTART;VALUE=DATE:20261210\r\n" in text and "DTSTAMP:20261201T000000Z\r\n" in text
    assert planned(profile(sued=True))["deadlines"][0]["ics"] is None


@pytest.mark.parametrize(
    ("received", "countdown", "date"),
    [
        ("2026-11-25", "还剩 9 天", "2026年12月10日（星期四）"),
        ("2026-11-16", "今天就是最后一天", "2026年12月1日（星期二）"),
    ],
)
def test_the_first_deadline_counts_down_to_its_day(received, countdown, date):
    h = household()
    h["debts"][0]["court"] = {"stage": "complaint", "received": received}
    assert planned(h)["first"]["deadline"] == {
        "id": "defence:0",
        "countdown": countdown,
        "date": date,
    }


def test_numbers_in_the_details_are_tap_to_call_too():
    details = planned(profile(sued=True))["details"]
    lawsuit = next(p for p in details["paths"] if p["id"] == "respond_to_lawsuit")
    assert [piece["tel"] for piece in lawsuit["why"] if "tel" in piece] == [
        "tel:12368",
        "tel:12348",
    ]


def test_a_past_deadline_has_no_calendar_file_and_no_countdown():
    h = household()
    h["debts"][0]["court"] = {"stage": "complaint", "received": "2026-10-01"}
    view = planned(h)
    assert view["deadlines"][0]["ics"] is None
    assert view["first"]["deadline"] is None


def test_the_session_result_view_carries_the_plan_of_its_assessment():
    view = result_view(answers(paid_agent=True), today=TODAY)
    assert view["plan"] == plan_view(view["assessment"], view["profile"])


# -- nothing odd in what a person reads ------------------------------------------------------------

#: Keys whose values are addresses or ids, not reading: links, tel:, file names, calendar text.
NOT_READ = {"id", "href", "tel", "page", "source_id", "ics", "kind", "level", "status"}
ODD = re.compile(r"-|nan|None|\.00(?!\d)")


def read_texts(value, key=""):
    if key in NOT_READ:
        return
    if isinstance(value, str):
        yield key, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from read_texts(v, k)
    elif isinstance(value, list):
        for v in value:
            yield from read_texts(v, key)


def odd_texts(view):
    return [
        (key, text)
        for key, text in read_texts(view)
        if ODD.search(text.replace("400-889-5558", "").replace("Art.", ""))
    ]


@settings(max_examples=60, deadline=None)
@given(profiles)
def test_no_single_debt_plan_shows_a_minus_nan_none_or_zero_fen(p):
    assert odd_texts(planned(p)) == []


@settings(max_examples=60, deadline=None)
@given(households)
def test_no_household_plan_shows_a_minus_nan_none_or_zero_fen(p):
    assert odd_texts(planned(p)) == []
