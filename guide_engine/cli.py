"""The terminal front end of the engine.

Usage: ``python -m guide_engine [run [FLOW] | check [FILE…] | assess FILE.json [--json] [--today DATE] | graph FLOW]``.

Why a terminal version at all: it lets a maintainer (or a reader without a browser) walk the same
interview the website offers, and it lets the tests drive the whole engine through scripted
standard input. It is only a thin shell over the public API: every rule lives in the engine, and
every error message shown here is the engine's own Chinese message.

This module is the only part of the package that reads files or the terminal; the engine itself
never does.
"""

from __future__ import annotations

import json
import re
import sys
from typing import Any, TextIO

from . import session, vocabulary
from .errors import GuideError, InvalidAnswer
from .money import for_people

USAGE = """用法：
  python -m guide_engine                    在终端里做“协商准备自测”
  python -m guide_engine run [问卷]          同上，可指定问卷（默认 self_assessment）
  python -m guide_engine check [文件…]       检查所有问卷（或指定的 TOML 文件），有问题时退出码为 1
  python -m guide_engine check --stale [--today 日期]   另外列出超过期限没有核查的资料，有就退出码为 1
  python -m guide_engine assess 文件.json [--json] [--today 日期]   评估一份保存的资料（JSON，
                                            一笔或多笔欠款），期限按“今天”计算；资料有误时退出码为 2
  python -m guide_engine graph 问卷           输出问卷的 Mermaid 流程图
"""

_YES = {"1", "是", "y", "yes", "对", "有", "是的"}
_NO = {"2", "否", "n", "no", "不", "不是", "没有", "无"}
_BACK = {"b", "back", "返回", "上一步"}
_QUIT = {"q", "quit", "exit", "退出"}


def _print(out: TextIO, text: str = "") -> None:
    out.write(text + "\n")
    out.flush()


# --------------------------------------------------------------------------- interview


def parse_input(question: dict[str, Any], text: str) -> Any:
    """Turn what was typed into an answer value for :func:`guide_engine.answer`.

    Numbers are passed on as text: the engine itself reads ``3,000`` or ``3000元``.
    """
    kind = question["input"]["kind"]
    options = question["input"]["options"]
    if kind == "single":
        if text.isdigit() and 1 <= int(text) <= len(options):
            return options[int(text) - 1]["id"]
        for option in options:
            if text in (option["id"], option["label"]):
                return option["id"]
        raise InvalidAnswer(f"请输入 1 到 {len(options)} 之间的序号。", code="not_an_option")
    if kind == "multi":
        if not text or text in ("0", "无", "没有", "都不是"):
            return []
        chosen = []
        for token in re.split(r"[,，、;；\s]+", text):
            if not token:
                continue
            if not token.isdigit() or not 1 <= int(token) <= len(options):
                raise InvalidAnswer(
                    f"请输入 1 到 {len(options)} 之间的序号，多个用逗号隔开，例如 1,3；都不是就直接回车。",
                    code="not_an_option",
                )
            chosen.append(options[int(token) - 1]["id"])
        return chosen
    if kind == "yesno":
        lowered = text.lower()
        if lowered in _YES:
            return True
        if lowered in _NO:
            return False
        raise InvalidAnswer("请输入 1（是）或 2（否）。", code="not_yes_no")
    return text


def _show_question(out: TextIO, view: dict[str, Any]) -> None:
    question = view["question"]
    progress = view["progress"]
    spec = question["input"]
    _print(out)
    _print(out, f"【{progress['text']}（共约 {progress['estimate']} 题）】")
    _print(out, question["text"])
    if question.get("help"):
        _print(out, f"  提示：{question['help']}")
    kind = spec["kind"]
    for number, option in enumerate(spec["options"], start=1):
        _print(out, f"  {number}. {option['label']}")
    if question.get("value_label") is not None:
        _print(out, f"  （上次的回答：{question['value_label']}）")
    prompts = {
        "single": "请输入序号",
        "multi": "请输入序号，可多选，用逗号隔开（例如 1,3）；都不是就直接回车",
        "yesno": "请输入 1 或 2",
        "number": f"请输入数字{'（单位：' + spec['unit'] + '）' if spec.get('unit') else ''}",
        "text": "请输入文字（可以留空）",
        "date": "请输入日期，例如 2026-11-20",
    }
    out.write(f"{prompts.get(kind, '请输入')}（输入 b 返回上一题）：")
    out.flush()


def _print_summary_entry(out: TextIO, item: dict[str, Any]) -> None:
    """One review entry: an answer, or a group with every item as its own block."""
    if "items" not in item:
        _print(out, f"  · {item['short']}：{item['answer_label']}")
        return
    _print(out, f"  · {item['short']}：{item['answer_label']}")
    for block in item["items"]:
        _print(out, f"    {block['title']}")
        for entry in block["answers"]:
            _print(out, f"      · {entry['short']}：{entry['answer_label']}")


def interview(flow_id: str, stdin: TextIO, out: TextIO, err: TextIO) -> int:
    """Walk the flow on the terminal; 0 when a result was shown or the reader left."""
    try:
        state = session.start(flow_id)
        first = session.view(state)
    except GuideError as exc:
        _print(err, exc.message)
        return 2
    _print(out, f"== {first['flow']['title']} ==")
    _print(
        out,
        "每题输入序号或数字后按回车。输入 b 返回上一题，输入 q 或按 Ctrl+D 退出。答案不会保存到任何地方。",
    )
    while True:
        current = session.view(state)
        if current["type"] == "result":
            _print(out)
            _print(out, "你的回答：")
            for item in session.answers_summary(state):
                _print_summary_entry(out, item)
            print_result(out, current)
            return 0
        _show_question(out, current)
        line = stdin.readline()
        if line == "":
            _print(out)
            _print(out, "已退出，答案没有保存。")
            return 0
        text = line.strip()
        if text.lower() in _BACK:
            moved = session.back(state)
            if moved == state:
                _print(out, "已经是第一题了。")
            state = moved
            continue
        if text.lower() in _QUIT:
            _print(out, "已退出，答案没有保存。")
            return 0
        try:
            state = session.answer(state, parse_input(current["question"], text))
        except InvalidAnswer as exc:
            _print(out, f"⚠ {exc.message}")


# --------------------------------------------------------------------------- result


_WHEN_TITLES = {"today": "今天就做", "week": "这一周内", "month": "这个月内"}


def print_assessment(out: TextIO, assessment: dict[str, Any]) -> None:
    """Print what :func:`guide_engine.assess` returns, in the words the page uses: free help when
    it applies, the first thing to do, readiness, the actions by when, the budget and each debt's
    offer, then the paths, warnings, documents and reasons."""
    crisis = assessment["crisis"]
    if crisis["lines"]:
        _print(out, crisis["intro"])
        for line in crisis["lines"]:
            _print(out, f"  · {line['text']}")
        _print(out)
    actions = assessment["actions"]
    if actions:
        _print(out, f"第一件事：{actions[0]['text']}")
        _print(out)
    _print(out, f"协商准备程度：{assessment['readiness_label']}。{assessment['readiness_text']}")
    for when, title in _WHEN_TITLES.items():
        items = [a for a in actions if a["when"] == when]
        if not items:
            continue
        _print(out)
        _print(out, f"—— {title} ——")
        for number, item in enumerate(items, start=1):
            _print(out, f"  {number}. {item['text']}")
            _print(out, f"     为什么：{item['reason']}")
    budget = assessment["budget"]
    _print(out)
    _print(out, "—— 家庭预算 ——")
    _print(out, f"  每月收入：{for_people(budget['income'])} 元")
    _print(out, f"  必要开支：{for_people(budget['essentials'])} 元")
    if budget["other_debt_payments"]:
        _print(out, f"  其他欠款的月供：{for_people(budget['other_debt_payments'])} 元")
    if budget["priority_payments"]:
        _print(out, f"  先要保住的欠款月供：{for_people(budget['priority_payments'])} 元")
    _print(out, f"  {budget['text']}")
    if budget["offer_total"]:
        _print(out, f"  {budget['margin_reason']}")
    _print(out)
    _print(out, "—— 每一笔欠款 ——")
    for debt in sorted(assessment["debts"], key=lambda d: d["priority"]):
        _print(out, f"  {debt['priority']}. {debt['label']}：{debt['reason']}")
        for line in _debt_lines(debt):
            _print(out, f"     {line}")
    _print(out)
    _print(out, "—— 建议你这样做（按紧急程度排列） ——")
    for number, item in enumerate(assessment["paths"], start=1):
        _print(out, f"  {number}. {item['title']}")
        _print(out, f"     {item['why']}")
        _print(out, f"     依据：{item['source']}")
    if assessment["warnings"]:
        _print(out)
        _print(out, "—— 需要注意 ——")
        for number, item in enumerate(assessment["warnings"], start=1):
            _print(out, f"  {number}. {item['text']}")
            _print(out, f"     依据：{item['source']}")
    _print(out)
    _print(out, "—— 要准备的材料 ——")
    for number, item in enumerate(assessment["documents"], start=1):
        _print(out, f"  {number}. {item}")
    _print(out)
    _print(out, "—— 为什么这样建议 ——")
    for number, item in enumerate(assessment["reasons"], start=1):
        _print(out, f"  {number}. {item}")


def _debt_lines(debt: dict[str, Any]) -> list[str]:
    """A debt's payment or offer, its term and the fit, as the plan words them."""
    terms = debt["terms"]
    lines = []
    if debt["keep_paying"] is not None:
        lines.append(f"照常还：每月 {for_people(debt['keep_paying'])} 元")
    elif debt["offer_monthly"] is not None:
        lines.append(f"每月可以提出还：{for_people(debt['offer_monthly'])} 元")
    lines.append(terms["text"])
    if terms["fit_text"]:
        lines.append(terms["fit_text"])
    return lines


def _profile_line(name: str, value: Any) -> str:
    """One collected answer: the vocabulary's words for its field and value when it has them."""
    known = vocabulary.fields()
    if name not in known:
        return f"  {name}：{value}"
    return f"  {vocabulary.field_label(name, 'short')}：{vocabulary.label(name, value)}"


def print_result(out: TextIO, view: dict[str, Any]) -> None:
    """The result screen: the assessment, or (for a flow without one) the collected answers."""
    _print(out)
    _print(out, "========== 自测结果 ==========")
    assessment = view["assessment"]
    if assessment is None:
        _print(out, "已收集的资料：")
        for key, value in view["profile"].items():
            _print(out, _profile_line(key, value))
    else:
        print_assessment(out, assessment)
    _print(out)
    _print(out, "以上只是根据你的回答给出的参考，不是法律意见；银行是否同意协商由银行决定。")


# --------------------------------------------------------------------------- commands


def _check(args: list[str], out: TextIO, err: TextIO) -> int:
    import datetime as dt
    from pathlib import Path

    from .facts import stale_report
    from .flow import flow_ids
    from .validate import check_flows

    stale = "--stale" in args
    paths = [a for a in args if a != "--stale"]
    today = dt.date.today()
    if "--today" in paths:
        at = paths.index("--today")
        try:
            today = dt.date.fromisoformat(paths[at + 1])
        except (IndexError, ValueError):
            err.write("--today 后面要写一个日期，格式 YYYY-MM-DD，例如 --today 2026-12-01\n")
            return 2
        del paths[at : at + 2]
    code = 0
    if not paths:
        from . import debts_data, documents

        checks = (
            ("欠款计划数据（data/debts.toml）", debts_data.check),
            ("文书措辞（data/documents.toml）", documents.check),
        )
        for name, check in checks:
            data_problems = check()
            if data_problems:
                _print(out, f"{name}检查发现 {len(data_problems)} 个问题：")
                for problem in data_problems:
                    _print(out, f"- {problem}")
                code = 1
            else:
                _print(out, f"{name}检查通过。")
    problems = check_flows([Path(p) for p in paths] if paths else None)
    if problems:
        _print(out, f"问卷检查发现 {len(problems)} 个问题：")
        for problem in problems:
            _print(out, f"- {problem}")
        code = 1
    else:
        _print(out, f"问卷检查通过（{len(paths) if paths else len(flow_ids())} 份问卷）。")
    if stale:
        report = stale_report(today)
        for line in report or [f"资料核查：截至 {today.isoformat()}，所有资料都在核查期限内。"]:
            _print(out, line)
        code = code or (1 if report else 0)
    return code


def _assess(args: list[str], out: TextIO, err: TextIO) -> int:
    import datetime as dt

    from .assessment import assess

    usage = "用法：python -m guide_engine assess 文件.json [--json] [--today YYYY-MM-DD]"
    as_json = "--json" in args
    files = [a for a in args if a != "--json"]
    today = None
    if "--today" in files:
        at = files.index("--today")
        try:
            today = dt.date.fromisoformat(files[at + 1])
        except (IndexError, ValueError):
            _print(err, "--today 后面要写一个日期，格式 YYYY-MM-DD，例如 --today 2026-12-01")
            return 2
        del files[at : at + 2]
    if len(files) != 1:
        _print(err, usage)
        return 2
    try:
        with open(files[0], encoding="utf-8") as handle:
            data = json.load(handle)
    except OSError as exc:
        _print(err, f"无法读取文件 {files[0]}：{exc.strerror or exc}")
        return 2
    except (ValueError, RecursionError):
        _print(err, f"文件 {files[0]} 不是合法的 JSON（需要 UTF-8 编码的一个对象）。")
        return 2
    try:
        result = assess(data, today=today)
    except GuideError as exc:
        if as_json:
            _print(err, json.dumps(exc.to_dict(), ensure_ascii=False, indent=2, default=str))
        else:
            _print(err, exc.message)
        return 2
    if as_json:
        _print(out, json.dumps(result, ensure_ascii=False, indent=2))
    else:
        print_assessment(out, result)
    return 0


def _graph(args: list[str], out: TextIO, err: TextIO) -> int:
    from .graph import mermaid

    if len(args) != 1:
        _print(err, "用法：python -m guide_engine graph 问卷")
        return 2
    try:
        out.write(mermaid(args[0]))
    except GuideError as exc:
        _print(err, exc.message)
        return 2
    return 0


def _utf8(stream: Any) -> None:
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None:
        try:
            reconfigure(encoding="utf-8", errors="replace")
        except (ValueError, OSError):
            pass


def main(
    argv: list[str] | None = None,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Entry point; returns the exit code (0 ok, 1 check found problems, 2 usage or input error)."""
    args = list(sys.argv[1:] if argv is None else argv)
    if stdin is None:
        _utf8(sys.stdin)
    if stdout is None:
        _utf8(sys.stdout)
    if stderr is None:
        _utf8(sys.stderr)
    stdin = stdin or sys.stdin
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    command = args[0] if args else "run"
    rest = args[1:]
    if command in ("-h", "--help", "help"):
        out.write(USAGE)
        return 0
    if command == "run" and len(rest) <= 1:
        try:
            return interview(rest[0] if rest else "self_assessment", stdin, out, err)
        except KeyboardInterrupt:
            _print(out)
            _print(out, "已退出，答案没有保存。")
            return 0
    if command == "check":
        return _check(rest, out, err)
    if command == "assess":
        return _assess(rest, out, err)
    if command == "graph":
        return _graph(rest, out, err)
    err.write(f"不认识的命令：{command}\n\n{USAGE}")
    return 2
