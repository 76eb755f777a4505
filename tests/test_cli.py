"""The command line, driven as a reader would: a subprocess with scripted standard input."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from profiles import profile

ROOT = Path(__file__).resolve().parent.parent
BROKEN = Path(__file__).parent / "broken_flows"

# One line per question of the self-assessment: 否, the one debt (中信银行, 信用卡, amount, days),
# no other debt, income and spending, 生病, has proof, willing, contacted, 1 failed attempt, no
# abusive collection, no paid agent.
FULL_WALK = [
    "2",
    "1",
    "1",
    "30,000",
    "45",
    "2",
    "6000",
    "3500",
    "2",
    "1",
    "1",
    "1",
    "1",
    "2",
    "2",
]

VALID_PROFILE = profile(hardship=["illness"], failed_attempts=1)


def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "guide_engine", *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        env=env,
        timeout=120,
    )


def lines(*items: str) -> str:
    return "\n".join(items) + "\n"


def test_a_full_walk_in_the_terminal_prints_the_result():
    done = run(stdin=lines(*FULL_WALK))
    assert done.returncode == 0, done.stderr
    assert "自测结果" in done.stdout
    assert "中信银行" in done.stdout  # the review of the answers
    assert done.stderr == ""


def test_a_two_debt_household_is_interviewed_debt_by_debt_to_its_plan():
    """The card at 中信 and a 花呗-type consumer credit (其他银行或机构, the 3rd product)."""
    walk = [*FULL_WALK[:5], "1", "5", "3", "8000", "30", *FULL_WALK[5:]]
    done = run(stdin=lines(*walk))
    assert done.returncode == 0, done.stderr
    assert "【你的欠款 · 第 2 笔，共 2 笔（共约" in done.stdout
    review = done.stdout.split("你的回答：")[1].split("自测结果")[0]
    assert "  · 你的欠款：2 笔\n    第 1 笔\n      · 贷款机构：中信银行\n" in review
    assert (
        "    第 2 笔\n      · 贷款机构：其他银行或机构\n      · 欠款类型：花呗、白条、月付等消费信贷\n"
        in (review)
    )
    assert done.stderr == ""


def test_bad_input_is_asked_again_with_the_chinese_error_message():
    # 是: sued, so the debt's court papers are asked too (2: not about this debt)
    done = run(stdin=lines("7", "是", "99", "1", "1", "很多", *FULL_WALK[3:5], "2", *FULL_WALK[5:]))
    assert done.returncode == 0
    assert "请输入 1（是）或 2（否）" in done.stdout
    assert "请输入 1 到 5 之间的序号" in done.stdout
    assert "请输入 1 到 100000000 之间的数字（单位：元）" in done.stdout
    assert "自测结果" in done.stdout


def test_b_goes_back_and_shows_the_previous_answer():
    done = run(stdin=lines("2", "1", "b", "2", *FULL_WALK[2:]))
    assert done.returncode == 0
    assert "上次的回答：中信银行" in done.stdout
    assert "中国银行" in done.stdout.split("你的回答：")[1]


def test_b_at_the_first_question_says_so():
    done = run(stdin=lines("b"))
    assert "已经是第一题了" in done.stdout


def test_end_of_input_exits_cleanly():
    done = run(stdin=lines("2", "1"))
    assert done.returncode == 0
    assert "已退出" in done.stdout
    assert "Traceback" not in done.stderr


def test_multi_choice_takes_comma_separated_numbers_or_nothing():
    walk = FULL_WALK[:8] + ["", *FULL_WALK[10:]]  # no hardship: the proof question is skipped
    done = run(stdin=lines(*walk))
    assert "自测结果" in done.stdout
    assert "困难原因：都没有" in done.stdout


def test_check_passes_on_the_packaged_flows():
    done = run("check")
    assert done.returncode == 0, done.stdout
    assert "通过" in done.stdout


def test_check_fails_with_exit_1_on_a_broken_flow():
    done = run("check", str(BROKEN / "unknown_kind.toml"))
    assert done.returncode == 1
    assert "slider" in done.stdout


HOUSEHOLD = {
    "household": {"monthly_income": 9000, "essential_expenses": {"housing": 2000, "food": 1500}},
    "debts": [
        {"lender": "citic", "product": "credit_card", "balance": 30000, "overdue_days": 40},
        {
            "lender": "xwbank",
            "product": "consumer_loan",
            "balance": 20000,
            "overdue_days": 40,
            "original_term_months": 24,
            "court": {"stage": "payment_order", "received": "2026-11-28"},
        },
    ],
    "hardship": ["job_loss"],
    "willing_to_repay": True,
}


def _readable(result: dict) -> str:
    from io import StringIO

    from guide_engine.cli import print_assessment

    out = StringIO()
    print_assessment(out, result)
    return out.getvalue()


@pytest.mark.parametrize("profile", [VALID_PROFILE, HOUSEHOLD], ids=["one_card", "household"])
def test_assess_json_with_today_prints_exactly_the_assessment(tmp_path, profile):
    from guide_engine import assess

    path = tmp_path / "profile.json"
    path.write_text(json.dumps(profile), encoding="utf-8")
    done = run("assess", str(path), "--json", "--today", "2026-12-01")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == assess(profile, today=dt.date(2026, 12, 1))


@pytest.mark.parametrize("profile", [VALID_PROFILE, HOUSEHOLD], ids=["one_card", "household"])
def test_assess_prints_the_readable_assessment(tmp_path, profile):
    from guide_engine import assess

    path = tmp_path / "profile.json"
    path.write_text(json.dumps(profile), encoding="utf-8")
    done = run("assess", str(path), "--today", "2026-12-01")
    assert done.returncode == 0, done.stderr
    assert done.stdout == _readable(assess(profile, today=dt.date(2026, 12, 1)))


def test_the_readable_form_leads_with_help_and_the_court_deadline():
    from guide_engine import assess

    result = assess(HOUSEHOLD, today=dt.date(2026, 12, 1))
    lines = _readable(result).splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith("第一件事："))
    assert lines[0] == result["crisis"]["intro"]
    assert lines[first] == f"第一件事：{result['actions'][0]['text']}"
    assert result["actions"][0]["id"] == "court_deadline:payment_order_objection:1"
    assert "2026年12月14日（星期一）" in lines[first]  # day 15 is a Saturday: moved to Monday
    headings = [line for line in lines if line.startswith("—— ")]
    assert headings[:5] == [
        "—— 今天就做 ——",
        "—— 这一周内 ——",
        "—— 这个月内 ——",
        "—— 家庭预算 ——",
        "—— 每一笔欠款 ——",
    ]
    assert "  1. 第 2 笔欠款（新网银行的个人消费贷款）：" in "\n".join(lines)
    assert "     每月可以提出还：1,980 元" in lines  # 4,950 offered × 20,000 / 50,000


@pytest.mark.parametrize("bad", ["明天", "2026-13-01", ""])
def test_assess_refuses_a_bad_today_in_words(tmp_path, bad):
    path = tmp_path / "profile.json"
    path.write_text(json.dumps(VALID_PROFILE), encoding="utf-8")
    done = run("assess", str(path), "--today", *([bad] if bad else []))
    assert done.returncode == 2
    assert done.stderr.strip() == (
        "--today 后面要写一个日期，格式 YYYY-MM-DD，例如 --today 2026-12-01"
    )


@pytest.mark.parametrize(
    ("content", "word"),
    [
        (json.dumps({**VALID_PROFILE, "debt_total": -1}), "欠款总额"),
        ("{not json", "JSON"),
    ],
)
def test_assess_of_a_bad_profile_exits_2_with_the_message_on_stderr(tmp_path, content, word):
    path = tmp_path / "profile.json"
    path.write_text(content, encoding="utf-8")
    done = run("assess", str(path))
    assert done.returncode == 2
    assert word in done.stderr
    assert "Traceback" not in done.stderr


def test_assess_of_a_missing_file_exits_2(tmp_path):
    done = run("assess", str(tmp_path / "missing.json"))
    assert done.returncode == 2
    assert "无法读取" in done.stderr


def test_graph_prints_a_mermaid_flowchart():
    done = run("graph", "self_assessment")
    assert done.returncode == 0
    assert done.stdout.startswith("flowchart TD")
    assert "-->" in done.stdout


def test_graph_of_an_unknown_flow_exits_2():
    done = run("graph", "nope")
    assert done.returncode == 2
    assert "nope" in done.stderr


def test_an_unknown_command_exits_2_with_usage():
    done = run("frobnicate")
    assert done.returncode == 2
    assert "用法" in done.stderr


# --------------------------------------------------------------------------- graph, in process


def test_mermaid_labels_never_contain_raw_quotes_or_markup():
    from guide_engine.graph import label

    quoted = label('他说"你好"<b>#1 & `x`|y')
    inner = quoted[1:-1]
    assert quoted.startswith('"') and quoted.endswith('"')
    assert not any(char in inner for char in '"<>`|')
    assert "#quot;" in inner and "#lt;" in inner


def test_mermaid_draws_a_decision_for_every_conditional_question():
    from guide_engine import mermaid, parse_flow

    flow = parse_flow(Path(__file__).parent / "sample_flows" / "kitchen_sink.toml")
    chart = mermaid(flow)
    conditional = sum(1 for question in flow.questions if question.when is not None)
    assert chart.count("-->|是|") == conditional
    assert chart.count("-->|否|") == conditional
    assert "result" in chart.splitlines()[-1]


def test_mermaid_of_the_self_assessment_uses_the_chinese_question_texts():
    from guide_engine import load_flow, mermaid

    chart = mermaid("self_assessment")
    assert load_flow("self_assessment").title in chart
    assert "困难原因" in chart  # the condition of the proof question, read in Chinese


@pytest.mark.parametrize(
    "today, code, words",
    [
        ("2026-12-01", 0, "所有资料都在核查期限内"),
        ("2030-01-01", 1, "资料核查提醒（2030-01-01）"),
    ],
)
def test_check_stale_exits_non_zero_when_a_fact_is_overdue(today, code, words) -> None:
    done = run("check", "--stale", "--today", today)
    assert done.returncode == code, done.stdout + done.stderr
    assert words in done.stdout


def test_check_stale_refuses_a_bad_date_in_words() -> None:
    done = run("check", "--stale", "--today", "明天")
    assert done.returncode == 2
    assert "YYYY-MM-DD" in done.stderr
