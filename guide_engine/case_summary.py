"""The one-page summary of a case for a helper (a legal-aid volunteer, a family member).

Why in the engine: the summary is the case as someone else will read it — what the reader
answered, what the assessment says, what to do and what is already done, the journal and the
abusive collection it records. Each of those is the engine's own output (the answers' summary,
:func:`guide_engine.assess`, the plan's actions with the reader's ticks, the journal's timeline
and flags), so the summary only chooses and orders them; the page draws the sections as text
and prints them alone. Nothing in it is typed twice.

The summary (JSON-serialisable)::

    {"title": "我的协商情况摘要", "date": "2026年12月1日",
     "intro": "…",                                  # who made it and that it stayed on the device
     "sections": [{"id": "answers" | "result" | "actions" | "help" | "journal" | "flags",
                   "heading": "基本情况",
                   "items": [{"label": str | None, "text": str, "done": "2026年11月30日" | None}]}],
     "empty": str | None}                           # what to say when there is nothing yet

Sections with nothing to show are left out, and so are the result's warnings: each is a long
paragraph of rights and sources that would push the summary past one sheet (they stay on the
result page). ``done`` is set on an action the reader ticked (the day they ticked it).
Errors: an invalid ``state`` raises
:class:`~guide_engine.errors.InvalidState`; a broken journal or tick list the codes of
:mod:`guide_engine.journal` and :mod:`guide_engine.casefile`; ``invalid_date`` for a ``today``
that is not a date; ``unexpected`` (GuideError) from the boundary.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from . import casefile, journal
from .errors import GuideError
from .guard import guarded
from .money import for_people

WHEN = {"today": "今天", "week": "这一周", "month": "这个月"}


def _cn(day: _dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _item(text: str, label: str | None = None, done: str | None = None) -> dict[str, Any]:
    return {"label": label, "text": text, "done": done}


def _result_sections(result: dict[str, Any], done: dict[str, str]) -> list[dict[str, Any]]:
    items = [_item(f"{result['readiness_label']}。{result['readiness_text']}", "协商准备程度")]
    plan = result["plan"]
    if plan is not None:
        words = f"每月约 {for_people(plan['monthly_payment'])} 元，共 {plan['months']} 个月"
        if not plan["affordable"]:
            words += "（按现在的收支还不上）"
        items.append(_item(words, "可以提出的还款方案"))
    sections = [{"id": "result", "heading": "评估结果", "items": items}]
    actions = [
        _item(
            a["text"],
            WHEN[a["when"]],
            _cn(_dt.date.fromisoformat(done[a["id"]])) if a["id"] in done else None,
        )
        for a in result["actions"]
    ]
    if actions:
        sections.append({"id": "actions", "heading": "接下来要做的事", "items": actions})
    crisis = result.get("crisis")
    if crisis and crisis.get("lines"):
        help_items = [_item(line["text"]) for line in crisis["lines"]]
        sections.append({"id": "help", "heading": "免费求助", "items": help_items})
    return sections


def _journal_sections(entries: list[dict[str, Any]], product: str | None) -> list[dict[str, Any]]:
    if not entries:
        return []
    shown = journal.timeline(entries, product, newest_first=False)
    items = []
    for row in shown["entries"]:
        party = "，".join(part for part in (row["organisation"], row["who"]) if part)
        parts = [f"{row['direction']}，{row['channel']}" + (f"（{party}）" if party else "")]
        for label, key in (("对方说", "said"), ("我提出", "asked")):
            if row[key]:
                parts.append(f"{label}：{row[key].rstrip('。；;')}")
        if row["next_step"]:
            when = f"（{row['next_date']}）" if row["next_date"] else ""
            parts.append(f"下一步：{row['next_step']}{when}")
        items.append(_item("；".join(parts), row["when"]))
    sections = [
        {
            "id": "journal",
            "heading": f"协商记录（{shown['count']} 条，{shown['first']} 至 {shown['last']}）",
            "items": items,
        }
    ]
    flagged = [_item(f["detail"], f["title"]) for f in journal.flags(entries, product)]
    if flagged:
        sections.append({"id": "flags", "heading": "记录里的违规催收", "items": flagged})
    return sections


@guarded("摘要没能生成，请刷新页面后再试。")
def helper_summary(
    state: dict[str, Any] | None,
    today: _dt.date,
    *,
    done: Any = None,
    entries: Any = None,
    flow: Any = None,
) -> dict[str, Any]:
    """The summary of the case on this device as on ``today`` (see the module docstring).

    ``state``: the interview (None when there is none yet); ``done``: the plan's ticks
    ({action id: "YYYY-MM-DD"}); ``entries``: the journal.
    """
    if isinstance(today, _dt.datetime) or not isinstance(today, _dt.date):
        raise GuideError("today 必须是日期（datetime.date）。", code="invalid_date")
    from . import answers_summary, assess, profile, view

    ticks = casefile.check_done(done if done is not None else {})
    kept = journal.check_journal(entries if entries is not None else [])
    sections: list[dict[str, Any]] = []
    product = None
    if state is not None:
        answered = [_item(a["answer_label"], a["short"]) for a in answers_summary(state, flow=flow)]
        if answered:
            sections.append({"id": "answers", "heading": "基本情况", "items": answered})
        shown = view(state, flow=flow)
        if shown["type"] == "result" and shown["assessment"] is not None:
            reader = profile(state, flow=flow)
            product = reader.get("product") if isinstance(reader, dict) else None
            sections.extend(_result_sections(assess(reader, today=today), ticks))
    sections.extend(_journal_sections(kept, product))
    return {
        "title": "我的协商情况摘要",
        "date": _cn(today),
        "intro": "这份摘要由协商指南在我自己的设备上生成，给帮我的人看；内容没有发送到任何地方。",
        "sections": sections,
        "empty": None if sections else "这台设备上还没有保存自测回答或协商记录。",
    }
