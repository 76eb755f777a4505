"""The result as a plan a person acts on: what the result screen shows, worked out here.

Why in the engine: a frightened reader on a cheap phone needs the one thing to do first, a
checklist, and the money in words, not a report. Choosing the first action and its one helpful
button, grouping the checklist, saying a shortfall in words, formatting every amount the way
people write it (:func:`guide_engine.money.for_people`), finding the phone numbers to tap and
writing the calendar files are decisions; made here they are tested once, in CPython and in
Pyodide, and the page (``docs/assets/tools/result-view.js``) only draws.

:func:`plan_view` takes an assessment (:func:`guide_engine.assess`, version 1 or 2: the shape is
the same) and the profile it was made from, and returns (JSON-serialisable; every text is
Chinese for the reader, never an id, ``None``, ``nan``, a minus sign or ``.00``)::

    {"readiness": {"level", "label", "text"},
     "crisis": None | {"intro", "lines": [{"id", "text": Segments, "page"}]},
     "first": None | {"id", "title", "text": Segments, "why", "deadline": None | DeadlineRef,
                      "help": None | Help},
     "groups": [{"when": "today" | "week" | "month", "title": "今天" | "本周" | "本月",
                 "items": [{"id" (the engine's action id), "text": Segments, "reason", "page",
                            "first": bool}]}],
     "budget": None | {"status", "lines": [{"label", "amount"}], "text", "margin_reason", "page"},
     "debts": [{"index", "label", "offer", "term", "fit", "calls": [Call], "deadlines": [str],
                "page"}],
     "deadlines": [{"id" ("<kind>:<debt>"), "title", "debt_label", "when", "what", "where",
                    "note", "page", "ics": None | {"filename", "text"}}],
     "details": {"paths" (the assessment's, "why" as Segments), "warnings" ("text" as
                 Segments), "documents": [str], "reasons": [str], "notes"}}

``Segments`` is a list of ``{"text"}`` and ``{"text", "tel"}`` pieces: a sentence with the phone
numbers it names marked, so the page draws them as ``tel:`` links through text nodes. ``Call`` is
``{"label", "number", "tel"}``. ``Help`` is ``{"kind": "tel" | "calendar" | "page" | "anchor",
"text", "href"}`` (``href``: ``tel:…``, a site page relative to the root, or ``#…`` on the result
page; for ``calendar`` the deadline's id). ``DeadlineRef`` is ``{"id", "countdown", "date"}``.

Only numbers the site has a source for are marked: the hotlines in ``data/sources.toml``, the
banks' phone channels in ``data/banks.toml``, and the emergency numbers 110 and 120.
"""

from __future__ import annotations

import datetime as _dt
import re
from decimal import Decimal
from functools import lru_cache
from typing import Any

from . import facts
from .deadlines import cn_date
from .household import validate_household
from .ics import calendar
from .money import for_people

WHEN = (("today", "今天"), ("week", "本周"), ("month", "本月"))
EMERGENCY = ("110", "120")
DEADLINE_TITLES = {
    "payment_order_objection": "对支付令提出书面异议的期限",
    "defence": "提交答辩状的期限",
    "appeal": "上诉的期限",
    "hearing": "开庭的日子",
}
#: Actions whose one helpful button is a page or tool of the site (relative to the root).
HELP_PAGES = {
    "stop_paid_agent": ("怎样退出代理中介", "avoid-failure/paid-agents/"),
    "record_collection": ("打开协商记录", "tools/journal/"),
    "budget_first": ("用计算器算一算", "tools/calculator/"),
    "gather_documents": ("看申请书草稿", "#gt-letter-h"),
}
_HOTLINE = re.compile(r"1\d{4}")


@lru_cache(maxsize=1)
def phone_numbers() -> tuple[str, ...]:
    """Every number the plan may make tap-to-call, longest first (so 400-889-5558 wins over 5558)."""
    found = set(EMERGENCY)
    for source in facts.sources():
        if source["kind"] == "hotline":
            found.update(_HOTLINE.findall(source["document"]))
    for bank in facts.banks():
        found.update(c["value"] for c in bank.get("channels", []) if _is_number(c["value"]))
    return tuple(sorted(found, key=lambda n: (-len(n), n)))


def _is_number(value: str) -> bool:
    return bool(re.fullmatch(r"\d[\d-]{1,14}\d", value))


def tel(number: str) -> str:
    """The ``tel:`` address of a number as written (``400-889-5558`` → ``tel:4008895558``)."""
    return "tel:" + number.replace("-", "")


@lru_cache(maxsize=1)
def _number_pattern() -> re.Pattern[str]:
    alternatives = "|".join(re.escape(n) for n in phone_numbers())
    return re.compile(rf"(?<![\d-])(?:{alternatives})(?![\d-])")


def segments(text: str) -> list[dict[str, str]]:
    """``text`` in pieces, each known phone number its own piece with its ``tel`` address."""
    out: list[dict[str, str]] = []
    at = 0
    for match in _number_pattern().finditer(text):
        if match.start() > at:
            out.append({"text": text[at : match.start()]})
        out.append({"text": match.group(), "tel": tel(match.group())})
        at = match.end()
    if at < len(text):
        out.append({"text": text[at:]})
    return out


def _lender_calls(debt: dict[str, Any]) -> list[dict[str, str]]:
    """The lender's phone channels from the bank facts (none for a lender the site has no facts on)."""
    known = {bank["id"]: bank for bank in facts.banks()}
    bank = known.get(debt["lender"])
    if bank is None:
        return []
    return [
        {"label": f"{bank['short']}{c['label']}", "number": c["value"], "tel": tel(c["value"])}
        for c in bank.get("channels", [])
        if _is_number(c["value"])
    ]


def _deadline_id(item: dict[str, Any]) -> str:
    return f"{item['kind']}:{item['debt']}"


def _countdown(item: dict[str, Any]) -> dict[str, Any] | None:
    """Days left and the date, for a deadline whose date is known and not yet past."""
    if item["due"] is None or item["status"] not in ("upcoming", "today"):
        return None
    days = item["days_left"]
    return {
        "id": _deadline_id(item),
        "countdown": "今天就是最后一天" if days == 0 else f"还剩 {days} 天",
        "date": cn_date(_dt.date.fromisoformat(item["due"])),
    }


def _ics(item: dict[str, Any], title: str, label: str, today: _dt.date) -> dict[str, str] | None:
    """The calendar file for one dated deadline still ahead, or None."""
    if _countdown(item) is None:
        return None
    summary = f"{title}（{label}）" if label else title
    description = "\n".join(p for p in (item["what"], item["where"], item["note"]) if p)
    now = _dt.datetime.combine(today, _dt.time(), tzinfo=_dt.UTC)
    text = calendar(
        [{"date": item["due"], "summary": summary, "description": description}], now, today
    )
    return {"filename": f"协商指南-{title}-{item['due']}.ics", "text": text}


def _deadlines(assessment: dict[str, Any], labels: list[str], today: _dt.date) -> list[dict]:
    out = []
    for item in assessment.get("deadlines") or []:
        title = DEADLINE_TITLES[item["kind"]]
        label = labels[item["debt"]] if item["debt"] is not None else ""
        out.append(
            {
                "id": _deadline_id(item),
                "title": title,
                "debt_label": label,
                "when": item["when"],
                "what": item["what"],
                "where": item["where"],
                "note": item["note"],
                "page": item["page"],
                "ics": _ics(item, title, label, today),
            }
        )
    return out


def _help(action: dict[str, Any], by_id: dict[str, dict], lenders: list[dict]) -> dict | None:
    """The one button that helps with ``action``: its calendar file, a number, or a page."""
    aid = action["id"]
    if aid.startswith("court_deadline:"):
        deadline = by_id.get(aid.split(":", 1)[1])
        if deadline and deadline["ics"]:
            return {"kind": "calendar", "text": "加到手机日历", "href": deadline["id"]}
    if aid == "verify_court_notice":
        return {"kind": "tel", "text": "拨打 12368 核实", "href": tel("12368")}
    if action.get("debt") is not None and aid.split(":")[0] in (
        "contact_lender",
        "settle_in_court",
    ):
        calls = _lender_calls(lenders[action["debt"]])
        if calls:
            call = calls[0]
            return {
                "kind": "tel",
                "text": f"拨打{call['label']} {call['number']}",
                "href": call["tel"],
            }
    if aid in HELP_PAGES:
        text, href = HELP_PAGES[aid]
        return {"kind": "anchor" if href.startswith("#") else "page", "text": text, "href": href}
    if action.get("page"):
        return {"kind": "page", "text": "详细说明", "href": action["page"]}
    return None


def _first(
    action: dict[str, Any], assessment: dict, by_id: dict[str, dict], lenders: list[dict]
) -> dict[str, Any]:
    aid = action["id"]
    title, text, deadline = "先做这一件", action["text"], None
    if aid.startswith("court_deadline:"):
        _, kind, debt = aid.split(":")
        item = next(
            d for d in assessment["deadlines"] if d["kind"] == kind and str(d["debt"]) == debt
        )
        entry = by_id[_deadline_id(item)]
        deadline = _countdown(item)
        title = f"先做这一件：{entry['title']}"
        said = item["what"] if deadline else item["when"] + item["what"]
        text = f"{entry['debt_label']}：{said}"
    return {
        "id": aid,
        "title": title,
        "text": segments(text),
        "why": action["reason"],
        "deadline": deadline,
        "help": _help(action, by_id, lenders),
    }


def _budget(budget: dict[str, Any] | None) -> dict[str, Any] | None:
    """The household budget as lines a person reads; a shortfall is said, never a minus sign."""
    if not budget:
        return None
    lines = [("每月收入", budget["income"]), ("必要开支", budget["essentials"])]
    if budget["other_debt_payments"] > 0:
        lines.append(("其他欠款的月供", budget["other_debt_payments"]))
    if budget["priority_payments"] > 0:
        lines.append(("先要保住的欠款月供", budget["priority_payments"]))
    if budget["status"] == "surplus":
        lines.append(("每月能拿出", budget["surplus"]))
        lines.append(("拿来和贷款机构谈", budget["offer_total"]))
    elif budget["status"] == "zero":
        lines.append(("每月能拿出", 0))
    else:
        if not budget["essentials_covered"]:
            short = Decimal(str(budget["essentials"])) - Decimal(str(budget["income"]))
            lines.append(("收入比必要开支少", max(short, Decimal(0))))
        lines.append(("算上月供，每月还差", budget["shortfall"]))
    return {
        "status": budget["status"],
        "lines": [{"label": label, "amount": f"{for_people(v)} 元"} for label, v in lines],
        "text": budget["text"],
        "margin_reason": budget["margin_reason"] if budget["status"] == "surplus" else "",
        "page": budget["page"],
    }


def _debt(debt: dict[str, Any], lender: dict[str, Any], deadlines: list[dict]) -> dict:
    if debt.get("keep_paying"):
        offer = f"照常还：每月 {for_people(debt['keep_paying'])} 元"
    elif debt.get("offer_monthly"):
        offer = f"每月可以提出还 {for_people(debt['offer_monthly'])} 元"
    else:
        offer = "按你填的收支，现在每月拿不出钱给这笔欠款：先说明困难，不要答应做不到的数"
    terms = debt.get("terms") or {}
    cap = terms.get("term_months_max")
    return {
        "index": debt["index"],
        "label": debt["label"],
        "offer": offer,
        "term": f"这类欠款一般最长可以谈到 {cap} 个月" if cap else "",
        "fit": terms.get("fit_text") or "",
        "calls": _lender_calls(lender),
        "deadlines": [
            f"{d['title']}：{d['when']}" for d in deadlines if d["id"].endswith(f":{debt['index']}")
        ],
        "page": terms.get("page") or debt.get("page") or "",
    }


def _short(action: dict[str, Any], by_id: dict[str, dict], debts: list[dict]) -> str:
    """A checklist line: what to do, without what the plan shows beside it anyway.

    A court deadline says its name and its date (what to do by then is in the first action and
    under 要记住的日子); an action about one lender leaves out the sentence on whether the offer
    fits the term, which that lender's offer below says.
    """
    aid = action["id"]
    if aid.startswith("court_deadline:"):
        item = by_id[aid.split(":", 1)[1]]
        return f"{item['title']}（{item['debt_label']}）：{item['when']}"
    text = action["text"]
    if action.get("debt") is not None and action["debt"] < len(debts):
        fit = (debts[action["debt"]].get("terms") or {}).get("fit_text") or ""
        if fit and text.endswith(fit):
            text = text[: -len(fit)]
    return text


def _texts(items: list[Any] | None) -> list[str]:
    """Documents and reasons as sentences (plain strings, or ``{"text"|"title"}`` entries)."""
    out = []
    for item in items or []:
        text = item if isinstance(item, str) else item.get("text") or item.get("title")
        if text:
            out.append(str(text))
    return out


def plan_view(assessment: dict[str, Any], profile: dict[str, Any]) -> dict[str, Any]:
    """What the result screen shows for ``assessment``, made from ``profile`` (see the module)."""
    today = _dt.date.fromisoformat(assessment["today"])
    lenders = validate_household(profile)["debts"]
    labels = [d["label"] for d in assessment.get("debts") or []]
    deadlines = _deadlines(assessment, labels, today)
    by_id = {d["id"]: d for d in deadlines}
    actions = assessment.get("actions") or []
    first = _first(actions[0], assessment, by_id, lenders) if actions else None
    debts = assessment.get("debts") or []
    groups = []
    for when, title in WHEN:
        items = [
            {
                "id": a["id"],
                "text": segments(_short(a, by_id, debts)),
                "reason": a["reason"],
                "page": a.get("page") or "",
                "first": first is not None and a["id"] == first["id"],
            }
            for a in actions
            if a["when"] == when
        ]
        if items:
            groups.append({"when": when, "title": title, "items": items})
    crisis = assessment.get("crisis") or {}
    return {
        "readiness": {
            "level": assessment.get("readiness") or "unknown",
            "label": assessment.get("readiness_label") or "",
            "text": assessment.get("readiness_text") or "",
        },
        "crisis": {
            "intro": crisis["intro"],
            "lines": [
                {"id": line["id"], "text": segments(line["text"]), "page": line.get("page") or ""}
                for line in crisis["lines"]
            ],
        }
        if crisis.get("lines")
        else None,
        "first": first,
        "groups": groups,
        "budget": _budget(assessment.get("budget")),
        "debts": [
            _debt(debt, lenders[debt["index"]], deadlines) for debt in assessment.get("debts") or []
        ],
        "deadlines": deadlines,
        "details": {
            "paths": [
                {**p, "why": segments(p.get("why") or "")} for p in assessment.get("paths") or []
            ],
            "warnings": [
                {**w, "text": segments(w["text"])} for w in assessment.get("warnings") or []
            ],
            "documents": _texts(assessment.get("documents")),
            "reasons": _texts(assessment.get("reasons")),
            "notes": assessment.get("notes") or [],
        },
    }
