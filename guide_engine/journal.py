"""The negotiation journal (协商记录): every contact with a lender or collector, checked and kept.

Why it is in the engine: a journal is evidence. When a reader complains about a collector, the
dates, names and words they wrote down are what the bank and the regulator look at, so each entry
is checked as a form would check it (messages name the field as the page labels it) and stored
in one canonical shape. The journal also *reads* the entries: a call at 23:00, a call to the
reader's mother, a threat or a fake court paper is flagged with the rule it breaks, the sources
that say so (ids from ``data/sources.toml``, never typed twice) and where to complain.

An entry (what :func:`add_entry` returns inside the list)::

    {"id": "j3",                     # assigned here: j1, j2, …; never reused within a journal
     "date": "2026-11-20",           # 日期 (required)
     "time": "21:30" | None,         # 时间 (HH:MM, 24-hour)
     "direction": "them" | "me",     # 谁联系谁 (required)
     "channel": "phone",             # 方式 (required): phone app branch letter sms visit other
     "who": "王某，工号 1234",         # 对方姓名或工号
     "organisation": "中信银行信用卡中心",  # 对方机构
     "said": "…", "asked": "…",      # 对方说了什么、承诺了什么 / 我提出的请求
     "next_step": "…", "next_date": "2026-11-25" | None,   # 下一步 / 下一步的日期
     "conduct": ["third_party"],     # 对方有没有这些做法 (see CONDUCT)
     "calls": 9 | None}              # 当天对方打来的次数

Strings are made safe (control, format, bidi and zero-width characters removed; whitespace
collapsed; line breaks kept in the two long fields) and checked against their limit *before* any
other work, so a huge paste costs nothing. A field that is too long is refused, not cut: the
reader decides what to leave out of their own record.

Flags (:func:`flags`): ``night`` (对方联系、时间在 22:00–08:00), ``many_calls`` (more than 6
calls that day), one per ticked ``conduct`` item, and a ``visit`` note. Every flag says whether
the rule is binding (a regulation) or self-regulation (the China Banking Association's 2026
guideline, which is *not* law), and credit-card debts also get Art. 68 of the card measures.

Error codes (all :class:`~guide_engine.errors.InvalidAnswer` unless noted):

* ``journal_entry_invalid`` — one or more fields are wrong; ``details["fields"]`` maps each field
  id to its Chinese message, ``message`` lists them all with the form's labels;
* ``journal_invalid`` — the journal itself is not a list of entries, is too long or has duplicate
  ids (raised by :func:`check_journal`, used by the case file);
* ``journal_unknown_entry`` — :func:`update_entry`/:func:`remove_entry` got an id not in the list;
* ``journal_full`` — more than :data:`MAX_ENTRIES` entries;
* ``invalid_date`` (:class:`~guide_engine.errors.GuideError`) — ``today`` is not a date;
* :func:`complaints` also raises what :mod:`guide_engine.documents` raises (``invalid_details``,
  ``document_not_applicable``, ``invalid_profile``);
* ``unexpected`` (GuideError) — anything else, from the boundary.
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from typing import Any

from . import facts
from .errors import GuideError, InvalidAnswer
from .guard import guarded

MAX_ENTRIES = 500
MAX_CALLS = 999
EARLIEST = _dt.date(2000, 1, 1)
LATEST = _dt.date(2100, 12, 31)
#: CBA guideline: no collection 22:00–08:00 without the debtor's consent.
NIGHT_STARTS = _dt.time(22, 0)
DAY_STARTS = _dt.time(8, 0)
#: CBA guideline: unanswered calls to one number should not exceed 6 a day.
CALLS_PER_DAY = 6

CHANNELS = {
    "phone": "电话",
    "app": "App 或网上客服",
    "branch": "营业网点（当面）",
    "letter": "信件",
    "sms": "短信",
    "visit": "上门",
    "other": "其他方式",
}
DIRECTIONS = {"them": "对方联系我", "me": "我联系对方"}
CONDUCT = {
    "third_party": "联系了我的家人、同事、朋友或其他人",
    "threat": "威胁、恐吓或辱骂",
    "fake_document": "冒充法院、公安等机关，或发来像法律文书的东西",
    "public_posting": "在公共场所或网上公开我的欠款",
    "extra_fee": "以催收名义要我另外交钱",
    "new_loan": "让我借新的钱来还这笔",
}
#: Field id -> (label as the form shows it, limit in characters or None, multi-line).
FIELDS: dict[str, tuple[str, int | None, bool]] = {
    "date": ("日期", None, False),
    "time": ("时间", None, False),
    "direction": ("谁联系谁", None, False),
    "channel": ("方式", None, False),
    "who": ("对方姓名或工号", 40, False),
    "organisation": ("对方机构", 60, False),
    "said": ("对方说了什么、承诺了什么", 800, True),
    "asked": ("我提出的请求", 800, True),
    "next_step": ("下一步", 200, False),
    "next_date": ("下一步的日期", None, False),
    "conduct": ("对方有没有这些做法", None, False),
    "calls": ("当天对方打来的次数", None, False),
}
REQUIRED = ("date", "direction", "channel")

_ID = re.compile(r"^j([1-9][0-9]{0,5})$")
_TIME = re.compile(r"^([01]?[0-9]|2[0-3]):([0-5][0-9])$")
_DROP = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}

# ─────────────────────────────── the rules the flags rest on ───────────────────────────────

_CBA = "cba_collection_guideline_2026"
_ART68 = "cc_measures_art68"
_PRIVACY = "civil_code_art1032"

#: rule id -> {"level", "title", "all": (text, source ids), "card": (text, source ids)}: what
#: rule says for any debt and, where the card measures add a binding rule, for a credit-card debt.
#: Texts state the rule without citing it; the citations come from the registry through the ids.
RULES: dict[str, dict[str, Any]] = {
    "night": {
        "level": "breach",
        "title": "夜间催收",
        "all": (
            "按行业催收指引，未经你同意，晚上10点到第二天早上8点之间不得打电话、上门或用其他方式催收。",
            (_CBA,),
        ),
    },
    "many_calls": {
        "level": "breach",
        "title": "一天打来太多次",
        "all": ("按行业催收指引，电话没接通时，同一个号码每天呼叫不宜超过6次。", (_CBA,)),
    },
    "third_party": {
        "level": "breach",
        "title": "找你身边的人催收",
        "card": (
            "信用卡欠款只能向你本人和担保人催收，不得向与欠款无关的人催收；行业催收指引也禁止泄露你的隐私。",
            (_ART68, _CBA),
        ),
        "all": (
            "按行业催收指引，只有联系不上你本人时才可以请别人转告，不得向他们透露你的欠款，"
            "不得向与欠款无关的人催收；你的隐私权也受民法典保护。",
            (_CBA, _PRIVACY),
        ),
    },
    "threat": {
        "level": "breach",
        "title": "威胁、恐吓或辱骂",
        "card": (
            "信用卡催收不得使用暴力、胁迫、恐吓或辱骂；行业催收指引也禁止威胁、侮辱和恐吓。",
            (_ART68, _CBA),
        ),
        "all": ("行业催收指引禁止威胁、侮辱、恐吓或使用暴力。", (_CBA,)),
    },
    "fake_document": {
        "level": "breach",
        "title": "冒充机关或假的法律文书",
        "all": (
            "行业催收指引不允许冒充国家机关或司法机关；伪造国家机关的公文、印章可能构成犯罪。"
            "拿不准的文书，请查发出它的法院或机关自己公布的电话核实，不要回拨文书上的号码。",
            (_CBA, "criminal_law_art280"),
        ),
    },
    "public_posting": {
        "level": "breach",
        "title": "公开你的欠款",
        "all": (
            "行业催收指引禁止在公共场所张贴催收信息、泄露你的隐私；你的隐私权也受民法典保护。",
            (_CBA, _PRIVACY),
        ),
    },
    "extra_fee": {
        "level": "breach",
        "title": "以催收名义另外收费",
        "all": (
            "行业催收指引禁止以催收的名义另外收取费用。还款只付到银行自己的官方账户，不要转给个人。",
            (_CBA,),
        ),
    },
    "new_loan": {
        "level": "breach",
        "title": "让你借新还旧",
        "all": ("行业催收指引禁止诱导或强迫你借新的钱来还旧债。", (_CBA,)),
    },
    "visit": {
        "level": "note",
        "title": "上门催收",
        "all": (
            "按行业催收指引，上门催收应当有不少于两名催收人员，晚上10点到第二天早上8点之间不得上门。"
            "记下来访人员的姓名、工号和人数。",
            (_CBA,),
        ),
    },
}

#: Where to complain about a breach, in the order to try them.
COMPLAIN = (
    (
        "bank",
        "先向这家银行正式投诉（打它的客服电话或到网点），说清日期、时间、对方姓名或工号和经过。"
        "银行一般应在15日内处理，复杂的可延长到30日，特别复杂的最多再延长30日。",
        "complaint_measures_2020",
    ),
    (
        "12378",
        "对银行的处理不满意，可以拨打12378向金融监管部门投诉。",
        "nfra_12378",
    ),
    (
        "platform",
        "也可以在微信小程序“金融消费者保护服务平台”里选“我要投诉”。",
        "nfra_consumer_platform",
    ),
)
#: The site page about collection rights.
RIGHTS_PAGE = "basics/collection-rights/"

# ─────────────────────────────── checking one entry ───────────────────────────────


def _clean(value: str, multiline: bool) -> str:
    lines = value.replace("\r\n", "\n").replace("\r", "\n").split("\n") if multiline else [value]
    out = []
    for line in lines:
        if line.isprintable():  # the usual case, at C speed: nothing to drop, only spaces
            text = " ".join(line.split())
            if text or (out and out[-1]):
                out.append(text)
            continue
        chars = []
        for ch in line:
            category = unicodedata.category(ch)
            if category in _DROP:
                chars.append(" " if ch in "\t\n\x0b\x0c\x85\u2028\u2029" else "")
            else:
                chars.append(" " if category == "Zs" else ch)
        text = " ".join("".join(chars).split())
        if text or (out and out[-1]):
            out.append(text)
    return "\n".join(out).strip("\n")


def _date(value: Any, label: str, problems: dict[str, str], key: str) -> _dt.date | None:
    if not isinstance(value, str) or len(value) != 10:
        problems[key] = f"“{label}”应为日期，例如 2026-11-20。"
        return None
    try:
        day = _dt.date.fromisoformat(value)
    except ValueError:
        problems[key] = f"“{label}”不是有效的日期，请按 2026-11-20 这样填写。"
        return None
    if not EARLIEST <= day <= LATEST:
        problems[key] = f"“{label}”应在 2000 年到 2100 年之间。"
        return None
    return day


def _entry(raw: Any, today: _dt.date | None) -> dict[str, Any]:
    """The canonical entry (without ``id``) or InvalidAnswer naming every bad field."""
    if not isinstance(raw, dict):
        raise InvalidAnswer(
            "协商记录的格式不对，请重新填写这一条。", code="journal_entry_invalid", fields={}
        )
    problems: dict[str, str] = {}
    unknown = [key for key in raw if key not in FIELDS and key != "id"]
    if unknown:
        problems["_unknown"] = "这条记录里有表格没有的项目。"
    out: dict[str, Any] = {}
    for key in REQUIRED:
        if raw.get(key) in (None, ""):
            problems[key] = f"请填写“{FIELDS[key][0]}”。"
    day = None
    if "date" not in problems:
        day = _date(raw["date"], "日期", problems, "date")
        if day is not None and today is not None and day > today:
            problems["date"] = "“日期”不能晚于今天（记录的是已经发生的联系）。"
            day = None
    out["date"] = day.isoformat() if day else None
    time = raw.get("time")
    out["time"] = None
    if time not in (None, ""):
        match = _TIME.match(time) if isinstance(time, str) and len(time) <= 5 else None
        if match is None:
            problems["time"] = "“时间”请按 24 小时制填写，例如 21:30。"
        else:
            out["time"] = f"{int(match.group(1)):02d}:{match.group(2)}"
    for key, table in (("direction", DIRECTIONS), ("channel", CHANNELS)):
        value = raw.get(key)
        if key in problems:
            continue
        if not isinstance(value, str) or value not in table:
            problems[key] = f"“{FIELDS[key][0]}”请从列表里选：{'、'.join(table.values())}。"
        else:
            out[key] = value
    for key in ("who", "organisation", "said", "asked", "next_step"):
        label, limit, multiline = FIELDS[key]
        value = raw.get(key)
        if value is None:
            out[key] = ""
            continue
        if not isinstance(value, str):
            problems[key] = f"“{label}”应为文字。"
            continue
        if len(value) > (limit or 0) * 4 + 64:
            problems[key] = f"“{label}”最多 {limit} 个字，现在太长了。"
            continue
        text = _clean(value, multiline)
        if len(text) > (limit or 0):
            problems[key] = f"“{label}”最多 {limit} 个字，现在有 {len(text):,} 个字。"
            continue
        out[key] = text
    next_date = raw.get("next_date")
    out["next_date"] = None
    if next_date not in (None, ""):
        nday = _date(next_date, "下一步的日期", problems, "next_date")
        if nday is not None:
            if day is not None and nday < day:
                problems["next_date"] = "“下一步的日期”不能早于这次联系的日期。"
            else:
                out["next_date"] = nday.isoformat()
        if not out.get("next_step") and "next_step" not in problems:
            problems["next_step"] = "写了“下一步的日期”，也请写下“下一步”要做什么。"
    conduct = raw.get("conduct")
    if conduct is None:
        out["conduct"] = []
    elif (
        not isinstance(conduct, list)
        or len(conduct) > len(CONDUCT)
        or not all(isinstance(item, str) and item in CONDUCT for item in conduct)
    ):
        problems["conduct"] = f"“{FIELDS['conduct'][0]}”只能从列表里勾选。"
    else:
        out["conduct"] = [key for key in CONDUCT if key in conduct]
    calls = raw.get("calls")
    out["calls"] = None
    if calls not in (None, ""):
        if isinstance(calls, str) and calls.strip().isascii() and calls.strip().isdigit():
            calls = int(calls.strip()) if len(calls.strip()) <= 4 else MAX_CALLS + 1
        if isinstance(calls, float) and calls.is_integer():
            calls = int(calls)
        if not isinstance(calls, int) or isinstance(calls, bool) or not 0 <= calls <= MAX_CALLS:
            problems["calls"] = f"“{FIELDS['calls'][0]}”应为 0 到 {MAX_CALLS} 之间的整数。"
        else:
            out["calls"] = calls
    if problems:
        lines = [message for message in problems.values()]
        raise InvalidAnswer(
            "这条协商记录有需要改的地方：\n" + "\n".join(f"- {line}" for line in lines),
            code="journal_entry_invalid",
            fields=problems,
        )
    return {key: out[key] for key in FIELDS}


def _today(today: Any) -> _dt.date | None:
    if today is None:
        return None
    if isinstance(today, _dt.datetime):
        return today.date()
    if isinstance(today, _dt.date):
        return today
    raise GuideError("today 必须是日期（datetime.date）。", code="invalid_date")


def _number(entry_id: str) -> int:
    match = _ID.match(entry_id)
    return int(match.group(1)) if match else 0


# ─────────────────────────────── public API ───────────────────────────────

_KINDS = {
    "date": "date",
    "time": "time",
    "direction": "single",
    "channel": "single",
    "next_date": "date",
    "conduct": "multi",
    "calls": "number",
}
_OPTIONS = {"direction": DIRECTIONS, "channel": CHANNELS, "conduct": CONDUCT}


def form() -> dict[str, Any]:
    """The journal form as the page draws it, so its labels are the ones the messages use.

    ``{"fields": [{"id", "label", "kind" (date | time | single | multi | number | text |
    textarea), "required", "max_length", "options": [{"id", "label"}], "min", "max"}]}``.
    """
    fields = []
    for key, (label, limit, multiline) in FIELDS.items():
        kind = _KINDS.get(key, "textarea" if multiline else "text")
        fields.append(
            {
                "id": key,
                "label": label,
                "kind": kind,
                "required": key in REQUIRED,
                "max_length": limit,
                "options": [{"id": k, "label": v} for k, v in _OPTIONS.get(key, {}).items()],
                "min": 0 if kind == "number" else None,
                "max": MAX_CALLS if kind == "number" else None,
            }
        )
    return {"fields": fields}


@guarded("协商记录出现了意外的错误，请刷新页面后再试。")
def check_entry(fields: Any, today: _dt.date | None = None) -> dict[str, Any]:
    """One entry checked and normalised (no ``id``); ``today`` refuses dates in the future."""
    return _entry(fields, _today(today))


@guarded("协商记录出现了意外的错误，请刷新页面后再试。")
def check_journal(entries: Any) -> list[dict[str, Any]]:
    """A whole journal (as saved in a case file) checked and normalised, newest first.

    Raises :class:`InvalidAnswer` ``journal_invalid`` for a bad list, or ``journal_entry_invalid``
    with ``details["entry"]`` (the 1-based position) for a bad entry.
    """
    if not isinstance(entries, list):
        raise InvalidAnswer("协商记录的格式不对（应为一组记录）。", code="journal_invalid")
    if len(entries) > MAX_ENTRIES:
        raise InvalidAnswer(
            f"协商记录太多了（最多 {MAX_ENTRIES} 条）。", code="journal_invalid", count=len(entries)
        )
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    for position, raw in enumerate(entries, start=1):
        entry_id = raw.get("id") if isinstance(raw, dict) else None
        if not isinstance(entry_id, str) or _number(entry_id) == 0 or entry_id in seen:
            raise InvalidAnswer(
                f"第 {position} 条协商记录的编号缺失或重复。",
                code="journal_invalid",
                entry=position,
            )
        seen.add(entry_id)
        try:
            entry = _entry(raw, None)
        except InvalidAnswer as exc:
            raise InvalidAnswer(
                f"第 {position} 条协商记录：{exc.message}",
                code="journal_entry_invalid",
                entry=position,
                fields=exc.details.get("fields", {}),
            ) from None
        out.append({"id": entry_id, **entry})
    return _newest_first(out)


def _newest_first(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(
        entries, key=lambda e: (e["date"], e["time"] or "", _number(e["id"])), reverse=True
    )


@guarded("协商记录出现了意外的错误，请刷新页面后再试。")
def add_entry(entries: Any, fields: Any, today: _dt.date) -> list[dict[str, Any]]:
    """A new journal (newest first) with ``fields`` added as a new entry with the next id."""
    day = _today(today)
    journal = check_journal(entries)
    if len(journal) >= MAX_ENTRIES:
        raise InvalidAnswer(
            f"协商记录已经有 {MAX_ENTRIES} 条，不能再加了。请先导出案卷保存，再删掉旧的记录。",
            code="journal_full",
        )
    entry = _entry(fields, day)
    next_id = max((_number(e["id"]) for e in journal), default=0) + 1
    return _newest_first([*journal, {"id": f"j{next_id}", **entry}])


@guarded("协商记录出现了意外的错误，请刷新页面后再试。")
def update_entry(entries: Any, entry_id: Any, fields: Any, today: _dt.date) -> list[dict[str, Any]]:
    """A new journal with the entry ``entry_id`` replaced by ``fields`` (its id kept)."""
    day = _today(today)
    journal = check_journal(entries)
    if not any(e["id"] == entry_id for e in journal):
        raise InvalidAnswer(
            "找不到要修改的这条协商记录（可能已经删除）。", code="journal_unknown_entry"
        )
    entry = _entry(fields, day)
    return _newest_first([{"id": e["id"], **entry} if e["id"] == entry_id else e for e in journal])


@guarded("协商记录出现了意外的错误，请刷新页面后再试。")
def remove_entry(entries: Any, entry_id: Any) -> list[dict[str, Any]]:
    """A new journal without the entry ``entry_id``."""
    journal = check_journal(entries)
    if not any(e["id"] == entry_id for e in journal):
        raise InvalidAnswer(
            "找不到要删除的这条协商记录（可能已经删除）。", code="journal_unknown_entry"
        )
    return [e for e in journal if e["id"] != entry_id]


def _source(source_id: str) -> dict[str, Any]:
    entry = facts.source(source_id)
    nature = "法律法规" if entry["binding"] else "行业自律规范（不是法律）"
    if entry["kind"] == "hotline":
        nature = "投诉渠道"
    return {"id": source_id, "citation": facts.citation(source_id), "nature": nature}


def _flag(rule: str, entry: dict[str, Any], card: bool, detail: str) -> dict[str, Any]:
    table = RULES[rule]
    level = table["level"]
    text, source_ids = table["card"] if card and "card" in table else table["all"]
    return {
        "entry": entry["id"],
        "rule": rule,
        "level": level,
        "title": table["title"],
        "detail": detail,
        "text": text,
        "sources": [_source(s) for s in source_ids],
        "complain": [
            {"id": cid, "text": ctext, "source": _source(sid)} for cid, ctext, sid in COMPLAIN
        ]
        if level == "breach"
        else [],
        "page": RIGHTS_PAGE,
    }


def _entry_flags(entry: dict[str, Any], card: bool) -> list[dict[str, Any]]:
    out = []
    theirs = entry["direction"] == "them"
    channel = CHANNELS[entry["channel"]]
    if theirs and entry["time"] and entry["channel"] not in ("branch", "letter"):
        clock = _dt.time.fromisoformat(entry["time"])
        if clock >= NIGHT_STARTS or clock < DAY_STARTS:
            out.append(
                _flag("night", entry, card, f"{_cn_date(entry['date'])} {entry['time']}，{channel}")
            )
    if theirs and entry["calls"] is not None and entry["calls"] > CALLS_PER_DAY:
        out.append(
            _flag(
                "many_calls",
                entry,
                card,
                f"{_cn_date(entry['date'])}这一天打来 {entry['calls']} 次",
            )
        )
    for item in entry["conduct"]:
        out.append(_flag(item, entry, card, f"{_cn_date(entry['date'])}：{CONDUCT[item]}"))
    if theirs and entry["channel"] == "visit":
        out.append(_flag("visit", entry, card, f"{_cn_date(entry['date'])}上门"))
    return out


@guarded("协商记录出现了意外的错误，请刷新页面后再试。")
def flags(entries: Any, product: str | None = None) -> list[dict[str, Any]]:
    """Abusive collection recorded in the journal, newest entry first.

    ``product`` (the profile's ``product``, e.g. ``"credit_card"``) decides whether the card
    measures' Art. 68 applies. Each flag: ``{entry, rule, level ("breach" | "note"), title,
    detail, text, sources: [{id, citation, nature}], complain: [{id, text, source}], page}``.
    """
    card = product == "credit_card"
    return [flag for entry in check_journal(entries) for flag in _entry_flags(entry, card)]


def _cn_date(iso: str) -> str:
    day = _dt.date.fromisoformat(iso)
    return f"{day.year}年{day.month}月{day.day}日"


@guarded("协商记录出现了意外的错误，请刷新页面后再试。")
def timeline(entries: Any, product: str | None = None, newest_first: bool = True) -> dict[str, Any]:
    """The journal as structure for print and for the complaint letter.

    ``{"count", "flagged", "first", "last", "entries": [{"id", "when", "date", "time",
    "direction", "channel", "who", "organisation", "said", "asked", "next_step", "next_date",
    "conduct", "calls", "flags": [title, …]}]}``: labels in words, dates in Chinese
    (2026年11月20日). The complaint letter tells the story in order: ``newest_first=False``.
    """
    card = product == "credit_card"
    journal = check_journal(entries)
    rows = []
    flagged = 0
    for entry in journal:
        found = _entry_flags(entry, card)
        flagged += bool([f for f in found if f["level"] == "breach"])
        rows.append(
            {
                "id": entry["id"],
                "when": _cn_date(entry["date"]) + (f" {entry['time']}" if entry["time"] else ""),
                "date": entry["date"],
                "time": entry["time"],
                "direction": DIRECTIONS[entry["direction"]],
                "channel": CHANNELS[entry["channel"]],
                "who": entry["who"],
                "organisation": entry["organisation"],
                "said": entry["said"],
                "asked": entry["asked"],
                "next_step": entry["next_step"],
                "next_date": _cn_date(entry["next_date"]) if entry["next_date"] else None,
                "conduct": [CONDUCT[item] for item in entry["conduct"]],
                "calls": entry["calls"],
                "flags": [f["title"] for f in found],
            }
        )
    if not newest_first:
        rows.reverse()
    dates = [entry["date"] for entry in journal]
    return {
        "count": len(rows),
        "flagged": flagged,
        "first": _cn_date(min(dates)) if dates else None,
        "last": _cn_date(max(dates)) if dates else None,
        "entries": rows,
    }


@guarded("协商记录出现了意外的错误，请刷新页面后再试。")
def timeline_lines(entries: Any, product: str | None = None) -> list[str]:
    """The timeline as plain lines, oldest first, for a complaint letter or a printout."""
    lines = []
    for row in timeline(entries, product, newest_first=False)["entries"]:
        head = f"{row['when']}，{row['direction']}，{row['channel']}"
        party = "，".join(part for part in (row["organisation"], row["who"]) if part)
        lines.append(head + (f"（{party}）" if party else "") + "。")
        for label, key in (("对方说", "said"), ("我提出", "asked")):
            if row[key]:
                lines.append(f"  {label}：" + row[key].replace("\n", "\n    "))
        if row["conduct"]:
            lines.append(f"  对方的做法：{'；'.join(row['conduct'])}")
        if row["calls"] is not None:
            lines.append(f"  当天打来 {row['calls']} 次")
        if row["next_step"]:
            lines.append(
                f"  下一步：{row['next_step']}"
                + (f"（{row['next_date']}）" if row["next_date"] else "")
            )
    return lines


@guarded("协商记录出现了意外的错误，请刷新页面后再试。")
def calendar_events(entries: Any) -> list[dict[str, str]]:
    """The next steps that have a date, as events for :func:`guide_engine.ics.calendar`.

    ``[{"date", "summary", "description"}]``, soonest first.
    """
    events = []
    for entry in check_journal(entries):
        if not entry["next_date"]:
            continue
        party = "，".join(part for part in (entry["organisation"], entry["who"]) if part)
        about = f"{_cn_date(entry['date'])}{CHANNELS[entry['channel']]}联系" + (
            f"（{party}）" if party else ""
        )
        description = about + (f"。对方说：{entry['said']}" if entry["said"] else "。")
        events.append(
            {
                "date": entry["next_date"],
                "summary": f"协商下一步：{entry['next_step']}",
                "description": description,
            }
        )
    events.sort(key=lambda e: (e["date"], e["summary"], e["description"]))
    return events


@guarded("投诉书没能生成，请刷新页面后再试。")
def complaints(
    profile: Any, entries: Any, today: Any = None, details: Any = None
) -> dict[str, Any]:
    """The complaint (投诉书) for each overdue debt, with this journal as its timeline.

    Why here: the journal page offers the complaint its entries are evidence for, and which
    debts it is for is the documents' own rule (:mod:`guide_engine.documents`: every overdue debt
    when a journal is given). With no entry yet, the first debt's complaint has a line to fill in
    by hand instead of the timeline; a debt that is not overdue raises the documents' own
    ``document_not_applicable`` saying why. ``details`` are the letter form's fields (the name and
    phone on the signature). Returns ``{"documents", "texts", "notes"}`` as the ``documents``
    bridge command does: each document, its plain text, its borrower notes as text.
    """
    from . import documents as _documents

    kept = check_journal(entries)
    docs = [
        doc
        for doc in _documents.documents(profile, details, today, kept)
        if doc["kind"] == "complaint"
    ]
    if not docs:
        docs = [_documents.document("complaint", profile, 0, details, today, kept)]
    return {
        "documents": docs,
        "texts": [_documents.as_text(doc) for doc in docs],
        "notes": [_documents.notes_text(doc) for doc in docs],
    }
