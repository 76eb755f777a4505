"""Answers: what a reader gives, checked against its question and normalised for storage.

Why apart from the model: the session, the validator's path walker and the terminal all accept
answers the same way. A number a person typed ("3,000", "5.2万", "五万二", "３０００", "3000元")
is read by :func:`guide_engine.text.read_number`, the one reader the calculator and the letter
use too. Every refusal is an :class:`~guide_engine.errors.InvalidAnswer` whose message says what
to enter instead.
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from typing import TYPE_CHECKING, Any

from ..errors import InvalidAnswer
from ..text import Unreadable, clean_answer_text, is_number, plain_number, read_number

if TYPE_CHECKING:
    from .model import Question

#: Longest text answer any question may allow (a flow's ``max_length`` is at most this).
MAX_TEXT_LENGTH = 5000
#: 2026-11-20, 2026/11/20, 2026.11.20, 2026年11月20日 (after NFKC, so full-width digits too).
_DATE_TEXT = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
#: The earliest date a date question takes: older papers are mistyped years.
FIRST_DATE = _dt.date(2000, 1, 1)


def range_hint(question: Question) -> str:
    """The "enter a number between … and …" hint, with the unit, that every number error carries."""
    unit = f"（单位：{question.unit}）" if question.unit else ""
    kind = "整数" if question.integer else "数字"
    return f"请输入 {plain_number(question.min or 0)} 到 {plain_number(question.max or 0)} 之间的{kind}{unit}"


def accept(question: Question, value: Any, today: _dt.date | None = None) -> Any:
    """The answer normalised for storage, or :class:`InvalidAnswer` saying what to enter instead.

    Normal forms (JSON-friendly and the same in Python and JavaScript): an option id; a list of
    option ids in the flow's order, without duplicates; a bool; an int (or a float that is
    not whole); a cleaned string; a date as ISO text.

    ``today`` is the caller's date (the reader's device's, in the browser): a date answer after it
    is refused. Without it a date is checked for form only. Why never the clock here: Pyodide's
    clock runs in UTC, so between midnight in China and 08:00 the reader's today would be
    "tomorrow" to it, and a saved date must not turn invalid when it is read back another day.
    """
    if question.kind == "single":
        choices = "、".join(f"“{option.label}”" for option in question.options)
        if not isinstance(value, str) or value not in question.option_ids():
            raise InvalidAnswer(
                f"请从选项中选择一项：{choices}。", code="not_an_option", question=question.id
            )
        return value
    if question.kind == "multi":
        if not isinstance(value, (list, tuple)):
            raise InvalidAnswer(
                "请从列表中选择（可以多选，也可以一项都不选），答案应是一组选项。",
                code="not_a_list",
                question=question.id,
            )
        ids = question.option_ids()
        if len(value) > len(ids) * 2 or any(
            not isinstance(item, str) or item not in ids for item in value
        ):
            raise InvalidAnswer(
                "有选项不在列表中。请只从列出的选项里选择（可以多选，也可以一项都不选）。",
                code="not_an_option",
                question=question.id,
            )
        chosen = set(value)
        return [option_id for option_id in ids if option_id in chosen]
    if question.kind == "yesno":
        if not isinstance(value, bool):
            raise InvalidAnswer("请回答“是”或“否”。", code="not_yes_no", question=question.id)
        return value
    if question.kind == "number":
        return _accept_number(question, value)
    if question.kind == "date":
        return _accept_date(question, value, today)
    if not isinstance(value, str):
        raise InvalidAnswer("请输入一段文字。", code="not_text", question=question.id)
    if len(value) > MAX_TEXT_LENGTH * 4:
        raise InvalidAnswer(
            f"文字太长了：最多 {question.max_length} 个字，请精简一些。",
            code="too_long",
            question=question.id,
        )
    text = clean_answer_text(value)
    if len(text) > question.max_length:
        raise InvalidAnswer(
            f"文字太长了：最多 {question.max_length} 个字，请精简一些（现在是 {len(text)} 个字）。",
            code="too_long",
            question=question.id,
        )
    return text


def _accept_number(question: Question, value: Any) -> int | float:
    hint = range_hint(question)
    if isinstance(value, str):
        # A form field or a terminal gives text: "3,000", "5.2万", "五万二", "３０００", "3000元".
        try:
            number = read_number(value, question.unit or "")
        except Unreadable as exc:
            shown = clean_answer_text(value)[:20]
            tip = "（可以写 5.2万 或 五万二）" if question.unit == "元" else ""
            if not shown:
                message = f"这一格还空着。{hint}。"
            elif exc.unit:
                message = f"这里要按“{question.unit}”填，请换算一下。{hint}。"
            else:
                message = f"没看懂“{shown}”，请只填数字{tip}。{hint}。"
            raise InvalidAnswer(message, code="not_a_number", question=question.id) from exc
        value = int(number) if number == number.to_integral_value() else float(number)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InvalidAnswer(f"这里需要填数字。{hint}。", code="not_a_number", question=question.id)
    if not is_number(value):
        raise InvalidAnswer(
            f"这不是一个有效的数字。{hint}。", code="not_a_number", question=question.id
        )
    if not (question.min <= value <= question.max):  # type: ignore[operator]
        raise InvalidAnswer(f"{hint}。", code="out_of_range", question=question.id)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if question.integer and not isinstance(value, int):
        raise InvalidAnswer(
            f"这里只能填整数。{hint}。", code="not_an_integer", question=question.id
        )
    return value


def _accept_date(question: Question, value: Any, today: _dt.date | None) -> str:
    """A calendar date that has come (``today`` or before, when given), as ISO text
    (``2026-11-20``), from the ways people write one. Why not later: a date question asks when
    something happened (papers received), and the assessment refuses a receipt date in the future."""
    hint = "请按“年-月-日”填写日期，例如 2026-11-20"
    text = unicodedata.normalize("NFKC", value).strip() if isinstance(value, str) else ""
    match = _DATE_TEXT.match(text) if len(text) <= 20 else None
    if match is None:
        raise InvalidAnswer(f"这不是一个日期。{hint}。", code="not_a_date", question=question.id)
    try:
        day = _dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        raise InvalidAnswer(
            f"日历上没有这一天。{hint}。", code="not_a_date", question=question.id
        ) from None
    if day < FIRST_DATE:
        raise InvalidAnswer(f"年份看起来不对。{hint}。", code="not_a_date", question=question.id)
    if today is not None and day > today:
        raise InvalidAnswer(
            f"这一天还没到。请填已经过去的日子（或今天）。{hint}。",
            code="not_a_date",
            question=question.id,
        )
    return day.isoformat()
