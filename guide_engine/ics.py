"""Calendar files (RFC 5545 ``.ics``) for the dates a reader must not miss.

Why in the engine, and pure: a next step promised on the phone ("我们 11 月 25 日前回复你") or a
court deadline is worth a reminder in the phone's own calendar, which needs no account and no
network. The page only offers the text as a download. Building it here means the escaping, the
line folding and the stable ids are tested once, in CPython and in Pyodide, and the output never
depends on the clock: ``now`` (the DTSTAMP) is a parameter.

Each event is an all-day ``VEVENT`` (``DTSTART;VALUE=DATE`` and the next day as ``DTEND``) with a
reminder at 09:00 the day before. Its ``UID`` is derived from its content (date, summary,
description), so exporting the same journal twice gives the same ids and a calendar app updates
the event instead of adding a copy. Text is escaped (``\\``, ``;``, ``,``, newlines), control and
format characters are removed, lines are folded at 75 octets without splitting a UTF-8 character,
and every line ends in CRLF.

Error codes (all :class:`~guide_engine.errors.GuideError`):

* ``ics_invalid_event`` — an event is not ``{"date": "YYYY-MM-DD", "summary": text,
  "description": text}`` within the limits; ``details["event"]`` is its 1-based position;
* ``ics_too_many`` — more than :data:`MAX_EVENTS` events;
* ``invalid_date`` — ``now`` is not a ``datetime`` (or ``today`` not a ``date``);
* ``unexpected`` — anything else, from the boundary.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import unicodedata
from typing import Any

from .errors import GuideError
from .guard import guarded

MAX_EVENTS = 500
#: A journal's next step (200 characters) plus the words before it fits.
SUMMARY_LIMIT = 300
DESCRIPTION_LIMIT = 2000
PRODID = "-//xieshang-guide//协商指南//ZH"
UID_DOMAIN = "xieshang-guide"
#: Octets per line before folding (RFC 5545 §3.1), not counting the CRLF.
FOLD_AT = 75

_EVENT_KEYS = {"date", "summary", "description"}


def escape(text: str) -> str:
    """TEXT value escaping (RFC 5545 §3.3.11): backslash, semicolon, comma, newline."""
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\n")
        .replace("\r", "\n")
        .replace("\n", "\\n")
    )


def _clean(text: str) -> str:
    """Drop control and format characters (except newlines), so nothing odd reaches a calendar."""
    kept = []
    for ch in text.replace("\r\n", "\n").replace("\r", "\n"):
        if ch == "\n" or unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co", "Cn"):
            kept.append(ch)
    return "".join(kept).strip()


def fold(line: str) -> str:
    """One content line folded at 75 octets: CRLF plus one space before each continuation.

    ``line`` is clean text (no line breaks, no lone surrogates: :func:`calendar` removes them).
    """
    pieces: list[str] = []
    current = ""
    size = 0
    limit = FOLD_AT
    for ch in line:
        width = len(ch.encode("utf-8"))
        if size + width > limit:
            pieces.append(current)
            current, size = "", 0
            limit = FOLD_AT - 1  # the leading space of a continuation line counts
        current += ch
        size += width
    pieces.append(current)
    return "\r\n ".join(pieces)


def _stamp(now: Any) -> str:
    if not isinstance(now, _dt.datetime):
        raise GuideError("now 必须是时间（datetime.datetime）。", code="invalid_date")
    if now.tzinfo is not None:
        now = now.astimezone(_dt.UTC)
    return now.strftime("%Y%m%dT%H%M%SZ")


def _event(raw: Any, position: int) -> tuple[_dt.date, str, str]:
    def bad(why: str) -> GuideError:
        return GuideError(
            f"第 {position} 个日历事件{why}。", code="ics_invalid_event", event=position
        )

    if not isinstance(raw, dict) or not set(raw) <= _EVENT_KEYS or "date" not in raw:
        raise bad("格式不对（应有日期和标题）")
    date = raw["date"]
    if not isinstance(date, str) or len(date) != 10:
        raise bad("的日期不对（应为 2026-11-25 这样的日期）")
    try:
        day = _dt.date.fromisoformat(date)
    except ValueError:
        raise bad("的日期不对（应为 2026-11-25 这样的日期）") from None
    if day.year > 9998:
        raise bad("的日期太远了")
    texts = []
    for key, limit in (("summary", SUMMARY_LIMIT), ("description", DESCRIPTION_LIMIT)):
        value = raw.get(key, "")
        if not isinstance(value, str) or len(value) > limit:
            raise bad(f"的{'标题' if key == 'summary' else '说明'}应为不超过 {limit} 个字的文字")
        texts.append(_clean(value))
    if not texts[0]:
        raise bad("缺少标题")
    return day, texts[0], texts[1]


def uid(day: _dt.date, summary: str, description: str) -> str:
    """A UID that depends only on the event's content (same event, same UID)."""
    digest = hashlib.sha256(
        "\n".join((day.isoformat(), summary, description)).encode("utf-8")
    ).hexdigest()
    return f"{digest[:32]}@{UID_DOMAIN}"


@guarded("日历文件没能生成，请刷新页面后再试。")
def calendar(
    events: Any,
    now: _dt.datetime,
    today: _dt.date | None = None,
    name: str = "协商指南：要记住的日子",
) -> str:
    """The ``.ics`` text for ``events`` (``[{"date", "summary", "description"}]``).

    ``now`` becomes every DTSTAMP (UTC; a naive datetime is taken as UTC). With ``today``, events
    before it are left out (a reminder for a day that has passed helps no one). Events are sorted
    by date, then summary; identical events appear once.
    """
    stamp = _stamp(now)
    if today is not None and (isinstance(today, _dt.datetime) or not isinstance(today, _dt.date)):
        raise GuideError("today 必须是日期（datetime.date）。", code="invalid_date")
    if not isinstance(events, list):
        raise GuideError("日历事件应为一组事件。", code="ics_invalid_event", event=0)
    if len(events) > MAX_EVENTS:
        raise GuideError(f"日历事件太多了（最多 {MAX_EVENTS} 个）。", code="ics_too_many")
    checked = sorted({_event(raw, i) for i, raw in enumerate(events, start=1)})
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{escape(PRODID)}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape(_clean(name))}",
    ]
    for day, summary, description in checked:
        if today is not None and day < today:
            continue
        lines += [
            "BEGIN:VEVENT",
            f"UID:{uid(day, summary, description)}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{day.strftime('%Y%m%d')}",
            f"DTEND;VALUE=DATE:{(day + _dt.timedelta(days=1)).strftime('%Y%m%d')}",
            f"SUMMARY:{escape(summary)}",
        ]
        if description:
            lines.append(f"DESCRIPTION:{escape(description)}")
        lines += [
            "TRANSP:TRANSPARENT",
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            f"DESCRIPTION:{escape(summary)}",
            "TRIGGER:-PT15H",
            "END:VALARM",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
