"""Court deadlines as dates: when the papers arrived, how many days the law gives, what to do by then.

Why dates and not prose: a frightened reader holding a 支付令 reads "15日内" and does not know
whether that is next Tuesday or already past. A date, the days left and what to do by then, each
with its source, is what they can act on. The rules (which paper starts which period, how long it
is, what to do, the source) live in ``data/debts.toml`` (``[[deadline]]``, ``[hearing]``,
``[deadline_words]``); this module does the counting.

Counting (:func:`last_day`): the day of receipt is not counted, so a 15-day period from a paper
received on 1 December ends on 16 December; a last day on a Saturday or a Sunday moves to the
Monday. Public holidays move it further; the engine does not know the holiday calendar, so every
deadline says so and says that acting early is safer. A hearing date is taken as written.

Output of :func:`deadlines` (JSON-serialisable; soonest first, unknown dates last, then by debt)::

    [{"kind": "payment_order_objection" | "defence" | "appeal" | "hearing",
      "debt": index of the debt (0-based, input order),
      "received": ISO date | None,
      "due": ISO date | None,          # None when the date the papers arrived is not known
      "days_left": int | None,         # 0 = today is the last day; negative = past
      "status": "upcoming" | "today" | "past" | "unknown",
      "moved_from_weekend": bool,
      "when": "还剩 N 天：最后一天是 …" (or today / past / unknown words),
      "what": what to do by then (or, when past, what that means now),
      "where": the court, as the papers name it,
      "note": the holiday / act-early sentence,
      "source_id": registry id, "page": site page}]

``today`` is always a parameter: the engine never reads the clock here.
"""

from __future__ import annotations

import datetime as _dt
from functools import lru_cache
from typing import Any

from . import debts_data
from .vocabulary import debt_option_ids

STAGES = debt_option_ids("court_stage")
KINDS = ("payment_order_objection", "defence", "appeal", "hearing")
_WEEKDAYS = "一二三四五六日"
_WORDS = {
    "upcoming": ("days", "date"),
    "today": ("date",),
    "past": ("date", "ago"),
    "moved": (),
    "holiday_note": (),
    "unknown": ("days",),
    "unknown_hearing": (),
}
_RULE_TEXTS = ("what", "where", "past")


def _check_item(check: debts_data.Checker, where: str, entry: dict[str, Any]) -> dict[str, Any]:
    for field in _RULE_TEXTS:
        check.text(f"{where} {field}", entry.get(field))
    check.source(f"{where} source_id", entry.get("source_id"))
    check.page(f"{where} page", entry.get("page"))
    if entry.get("kind") not in KINDS:
        check.problems.append(f"{where}: kind 应为 {'、'.join(KINDS)} 之一")
    return dict(entry)


@lru_cache(maxsize=1)
def rules() -> dict[str, Any]:
    """The checked deadline rules: ``{"by_stage": {stage: rule}, "hearing": rule, "words": {...}}``."""
    data = debts_data.raw()
    check = debts_data.Checker()
    by_stage: dict[str, dict[str, Any]] = {}
    fields = {"stage", "kind", "days", "source_id", "page", *_RULE_TEXTS}
    for i, entry in enumerate(data.get("deadline", [])):
        where = f"[[deadline]] 第{i + 1}条（{entry.get('stage', '?')}）"
        if not check.keys(where, entry, fields):
            continue
        rule = _check_item(check, where, entry)
        rule["days"] = check.integer(f"{where} days", entry.get("days"), 1, 90)
        stage = entry.get("stage")
        if stage not in STAGES:
            check.problems.append(f"{where}: stage 应为 {'、'.join(STAGES)} 之一")
        elif stage in by_stage:
            check.problems.append(f"{where}: stage 重复")
        by_stage[str(stage)] = rule
    hearing_fields = {"kind", "source_id", "page", *_RULE_TEXTS}
    hearing = data.get("hearing")
    if check.keys("[hearing]", hearing, hearing_fields):
        hearing = _check_item(check, "[hearing]", hearing)
        if hearing.get("kind") != "hearing":
            check.problems.append("[hearing]: kind 应为 hearing")
    words = data.get("deadline_words")
    if check.keys("[deadline_words]", words, set(_WORDS)):
        for key, allowed in _WORDS.items():
            check.text(f"[deadline_words] {key}", words.get(key), allowed)
    debts_data.fail("法院期限规则", check.problems)
    return {"by_stage": by_stage, "hearing": hearing, "words": dict(words)}


def last_day(received: _dt.date, days: int) -> tuple[_dt.date, bool]:
    """(last day of a ``days``-day period from ``received``, whether it moved off a weekend).

    The day of receipt is not counted; a Saturday or Sunday last day becomes the Monday.
    """
    due = received + _dt.timedelta(days=days)
    weekday = due.weekday()
    if weekday >= 5:
        return due + _dt.timedelta(days=7 - weekday), True
    return due, False


def cn_date(day: _dt.date) -> str:
    """2026年12月8日（星期二）: the way a reader writes a date on a calendar."""
    return f"{day.year}年{day.month}月{day.day}日（星期{_WEEKDAYS[day.weekday()]}）"


def _item(
    rule: dict[str, Any],
    index: int,
    received: str | None,
    due: _dt.date | None,
    moved: bool,
    today: _dt.date,
    unknown_text: str,
) -> dict[str, Any]:
    words = rules()["words"]
    if due is None:
        status, days_left, when = "unknown", None, unknown_text
    else:
        days_left = (due - today).days
        if days_left > 0:
            status = "upcoming"
            when = debts_data.render(words["upcoming"], days=days_left, date=cn_date(due))
        elif days_left == 0:
            status, when = "today", debts_data.render(words["today"], date=cn_date(due))
        else:
            status = "past"
            when = debts_data.render(words["past"], date=cn_date(due), ago=-days_left)
        if moved:
            when += words["moved"]
    return {
        "kind": rule["kind"],
        "debt": index,
        "received": received,
        "due": due.isoformat() if due else None,
        "days_left": days_left,
        "status": status,
        "moved_from_weekend": moved,
        "when": when,
        "what": rule["past"] if status == "past" else rule["what"],
        "where": rule["where"],
        "note": words["holiday_note"],
        "source_id": rule["source_id"],
        "page": rule["page"],
    }


def debt_deadlines(debt: dict[str, Any], index: int, today: _dt.date) -> list[dict[str, Any]]:
    """The deadlines of one normalised debt (:func:`guide_engine.household.validate_household`)."""
    court = debt.get("court")
    if not court:
        return []
    data = rules()
    out: list[dict[str, Any]] = []
    rule = data["by_stage"].get(court["stage"])
    received = court.get("received")
    if rule:
        if received:
            due, moved = last_day(_dt.date.fromisoformat(received), rule["days"])
        else:
            due, moved = None, False
        unknown = debts_data.render(data["words"]["unknown"], days=rule["days"])
        out.append(_item(rule, index, received, due, moved, today, unknown))
    hearing = court.get("hearing")
    if hearing or court["stage"] == "summons":
        day = _dt.date.fromisoformat(hearing) if hearing else None
        unknown = data["words"]["unknown_hearing"]
        out.append(_item(data["hearing"], index, received, day, False, today, unknown))
    return out


def deadlines(household: dict[str, Any], today: _dt.date) -> list[dict[str, Any]]:
    """Every court deadline of a normalised household, soonest first (see the module docstring)."""
    items = [
        item
        for index, debt in enumerate(household["debts"])
        for item in debt_deadlines(debt, index, today)
    ]
    return sorted(items, key=lambda item: (item["due"] is None, item["due"] or "", item["debt"]))
