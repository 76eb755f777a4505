"""The case file (案卷) the reader carries: one JSON document, checked on the way in and out.

Why: a negotiation takes weeks, and a reader may change phones, clear the browser, or need to
hide the case from someone who shares the device. With no account and no server, the only way
to keep a case is a file the reader holds. So the file must say what it is (``type``, ``format``),
under which questionnaire and rules its answers were given (``flow``, ``rules_version``) and when
(``saved_at``); and anything that arrives — a file from an older version of the site, a file cut
off by a full disk, a file someone edited by hand — is either read into exactly one canonical
shape or refused with a Chinese message naming the part that is wrong. Nothing else escapes.

The current format (:data:`FORMAT` = 3)::

    {"type": "xieshang-guide-case", "format": 3,
     "flow": {"id": "self_assessment", "version": 1},     # the interview it was made with
     "rules_version": "data-…" | None,                   # None: not recorded (migrated)
     "saved_at": "2026-12-01T20:00:00Z",                 # UTC, seconds
     "session": {"answers": {question_id: answer}, "draft": {question_id: answer},
                 "groups"?: {group id: {"items": [{question_id: answer}], "closed": bool}}},
     "result": None | {"readiness", "paths": [{id, title, why, source_id}],
                       "warnings": [{id, text, source_id}], "plan", "reasons": [text],
                       "actions": None | [{id, when, text, reason}],   # None: not recorded
                       "answers": [{id, short, answer_label}]},   # what the reader was shown
     "done": {action_id: "YYYY-MM-DD"},                  # ticked actions, with the day ticked
     "journal": [entry, …],                              # see guide_engine.journal, newest first
     "documents": {form: {field: text | [text] | number | bool | None}}}   # e.g. the letter form

``done`` is the page's done-ticks as kept on the device (case-store.js): the engine's stable
action ids (:mod:`guide_engine.actions`) and the reader's own calendar day. ``documents`` is what
the reader typed into the document forms (typed-store.js, one object per form: text as typed, a
group of checkboxes as the list of values checked), so a file carries the letter half-filled.

``session`` is checked for shape and size only: answers given under an older flow version may no
longer fit, and :mod:`guide_engine.changes` decides which can be kept and which must be asked
again. ``result`` is the snapshot the reader saw, so a later version can say what changed.

Older formats are migrated (:func:`migrate`), one step per version. Format 1 is the progress
record the self-assessment page has kept in ``localStorage`` since the first edition (``{"format": 1,
"flow", "version", "state", "view", "screen", "saved"}``): its answers and time are kept, its
saved ``view`` is dropped unread (a tampered view must never be shown). Format 2 marked a tick
``true`` and kept no actions in its result: a tick becomes the day the file was saved (it was
ticked by then), and the result's ``actions`` become ``None`` (not recorded, so not compared).

Encryption is done by the page with the Web Crypto API; the engine never sees the passphrase. It
fixes the parameters (:func:`encryption_params`: PBKDF2-SHA-256 with
:data:`DEFAULT_ITERATIONS` iterations and a 16-byte salt, AES-GCM-256 with a 12-byte IV and a
128-bit tag) and checks the envelope the page writes (:func:`seal`, :func:`read_file`)::

    {"type": "xieshang-guide-case", "format": 3,
     "encryption": {"kdf": "PBKDF2", "hash": "SHA-256", "iterations": 600000, "salt": base64,
                    "cipher": "AES-GCM", "key_bits": 256, "iv": base64, "tag_bits": 128},
     "ciphertext": base64}          # AES-GCM of the UTF-8 JSON text of the plain case

Nothing else is in an encrypted file, not even the flow or the date. A hostile envelope cannot
make the page work for hours: iterations are bounded (:data:`MIN_ITERATIONS`…
:data:`MAX_ITERATIONS`) and so is the ciphertext.

Error codes (all :class:`InvalidCase`, a subclass of :class:`~guide_engine.errors.InvalidState`;
``details["part"]`` names the part of the file that is wrong, where there is one):

* ``case_not_json`` — not readable as JSON text (damaged, cut off, not UTF-8, NaN/Infinity);
* ``case_too_large`` — a file of more than :data:`MAX_FILE_CHARS` characters, or a case whose
  JSON text would exceed :data:`MAX_CASE_BYTES` (checked on import *and* export);
* ``case_too_deep`` — nested deeper than :data:`MAX_DEPTH` (checked before parsing: in Pyodide a
  deep file would otherwise crash the runtime);
* ``case_not_case`` — JSON, but not a case file of this site;
* ``case_format_newer`` — made by a newer version of the site;
* ``case_malformed`` — a part is missing, of the wrong type, out of range or too big;
* ``case_unknown_flow`` — made with a questionnaire this version does not have;
* ``case_encrypted`` — :func:`import_case` was given an encrypted file (decrypt first);
* ``envelope_invalid`` — an encrypted file whose parameters or data are not acceptable;
* ``decryption_failed`` — :func:`decryption_failed`, for the page when Web Crypto refuses
  (wrong passphrase or damaged file);
* ``unexpected`` (GuideError) — anything else, from the boundary.
"""

from __future__ import annotations

import base64
import binascii
import datetime as _dt
import functools
import hashlib
import json
import math
import re
from importlib import resources
from typing import Any

from . import journal as _journal
from .errors import GuideError, InvalidState
from .guard import guarded
from .nesting import nesting

TYPE = "xieshang-guide-case"
FORMAT = 3
#: The largest plain case, as UTF-8 JSON text (a journal of 500 entries at every limit is 3 MB).
MAX_CASE_BYTES = 4_000_000
#: The largest file of any kind read at all (an encrypted file is base64, a third larger).
MAX_FILE_CHARS = 6_000_000
MAX_ANSWERS = 200
#: A flow's repeatable groups, and the items of one (the debts: at most 20).
MAX_GROUPS = 4
MAX_GROUP_ITEMS = 20
MAX_ANSWER_TEXT = 5000
MAX_LIST_ITEMS = 64
MAX_NUMBER = 10**15
MAX_DONE = 300
MAX_DOCUMENTS = 8
MAX_DOCUMENT_FIELDS = 40
MAX_DOCUMENT_TEXT = 5000
#: A field's list of checked values: at most this many, each at most MAX_CHOICE_TEXT characters.
MAX_DOCUMENT_CHOICES = 64
MAX_CHOICE_TEXT = 200
MAX_RESULT_ITEMS = 40
MAX_RESULT_TEXT = 4000
MAX_PLAN_MONTHS = 600
#: The most actions a result may list (a household of many debts has several per debt).
MAX_ACTIONS = 200
DEFAULT_ITERATIONS = 600_000
MIN_ITERATIONS = 100_000
MAX_ITERATIONS = 5_000_000
SALT_BYTES = 16
IV_BYTES = 12
KEY_BITS = 256
TAG_BITS = 128
#: The largest ciphertext accepted: the largest plain case plus the AES-GCM tag.
MAX_CIPHERTEXT_BYTES = MAX_CASE_BYTES + TAG_BITS // 8

#: Deepest nesting read: a valid case needs 4 levels, a format-1 record's saved view about 6.
MAX_DEPTH = 16
_KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
_ACTION = re.compile(r"^[a-z0-9][a-z0-9_.:-]{0,63}$")
_RULES_VERSION = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_CASE_KEYS = (
    "type",
    "format",
    "flow",
    "rules_version",
    "saved_at",
    "session",
    "result",
    "done",
    "journal",
    "documents",
)
_ACTION_KEYS = ("id", "when", "text", "reason")
_ENVELOPE_KEYS = {"type", "format", "encryption", "ciphertext"}
_ENCRYPTION_KEYS = {"kdf", "hash", "iterations", "salt", "cipher", "key_bits", "iv", "tag_bits"}
_READINESS = ("high", "medium", "low")
_WHEN = ("today", "week", "month")

#: How each part of the file is named to the reader.
PARTS = {
    "type": "文件类型",
    "format": "格式版本",
    "flow": "问卷",
    "rules_version": "规则版本",
    "saved_at": "保存时间",
    "session": "自测答案",
    "result": "保存时的结果",
    "done": "已完成的勾选",
    "journal": "协商记录",
    "documents": "文书里填写的内容",
    "encryption": "加密参数",
    "ciphertext": "加密的内容",
}
_AGAIN = "这个案卷文件不能导入，你这台设备上的内容没有改动。"


class InvalidCase(InvalidState):
    """A case file (or its encrypted envelope) that cannot be read; nothing was changed."""

    default_code = "case_malformed"


def _bad(part: str, why: str, code: str = "case_malformed") -> InvalidCase:
    return InvalidCase(f"案卷文件里的“{PARTS[part]}”{why}。{_AGAIN}", code=code, part=part)


# ─────────────────────────────── reading JSON text ───────────────────────────────


def _reject_constant(name: str) -> Any:
    raise ValueError(name)


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(text)
    return value


def _check_depth(text: str) -> None:
    """Refuse nesting deeper than :data:`MAX_DEPTH` before the JSON reader sees it (:func:`nesting`)."""
    problem = nesting(text, MAX_DEPTH)
    if problem == "deep":
        raise InvalidCase(
            f"这个文件的结构不对（嵌套太深），不是协商指南的案卷。{_AGAIN}", code="case_too_deep"
        )
    if problem:
        raise InvalidCase(
            f"这个文件无法读取：它不是完整的案卷文件（可能已损坏，或者没有保存完整）。{_AGAIN}",
            code="case_not_json",
        )


def _parse(data: Any) -> Any:
    """JSON text (str or bytes) to a value; a dict or list given directly is returned as is."""
    if isinstance(data, (bytes, bytearray)):
        if len(data) > MAX_FILE_CHARS:
            raise InvalidCase(
                f"这个文件太大了，不是协商指南的案卷。{_AGAIN}", code="case_too_large"
            )
        try:
            data = bytes(data).decode("utf-8")
        except UnicodeDecodeError:
            raise InvalidCase(
                f"这个文件不是协商指南导出的案卷（文字编码不对，应为 UTF-8）。{_AGAIN}",
                code="case_not_json",
            ) from None
    if not isinstance(data, str):
        return data
    if len(data) > MAX_FILE_CHARS:
        raise InvalidCase(f"这个文件太大了，不是协商指南的案卷。{_AGAIN}", code="case_too_large")
    text = data.removeprefix("\ufeff")
    _check_depth(text)
    try:
        return json.loads(text, parse_constant=_reject_constant, parse_float=_finite_float)
    except RecursionError:
        raise InvalidCase(
            f"这个文件的结构不对（嵌套太深），不是协商指南的案卷。{_AGAIN}", code="case_too_deep"
        ) from None
    except ValueError:
        raise InvalidCase(
            f"这个文件无法读取：它不是完整的案卷文件（可能已损坏，或者没有保存完整）。{_AGAIN}",
            code="case_not_json",
        ) from None


# ─────────────────────────────── checking the parts ───────────────────────────────


def _int(value: Any, low: int, high: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def _number(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return -MAX_NUMBER <= value <= MAX_NUMBER
    return isinstance(value, float) and math.isfinite(value) and abs(value) <= MAX_NUMBER


def _text(value: Any, limit: int) -> bool:
    return isinstance(value, str) and len(value) <= limit


def _saved_at(value: Any, part: str = "saved_at") -> str:
    if not isinstance(value, str) or not 10 <= len(value) <= 40:
        raise _bad(part, "不是有效的时间")
    try:
        moment = _dt.datetime.fromisoformat(value)
    except ValueError:
        raise _bad(part, "不是有效的时间") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=_dt.UTC)
    moment = moment.astimezone(_dt.UTC)
    if not 2000 <= moment.year <= 2100:
        raise _bad(part, "不在 2000 年到 2100 年之间")
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _answer_value(value: Any) -> bool:
    if isinstance(value, bool) or _number(value):
        return True
    if isinstance(value, str):
        return len(value) <= MAX_ANSWER_TEXT
    if isinstance(value, list):
        return len(value) <= MAX_LIST_ITEMS and all(_text(item, 40) for item in value)
    return False


def _answers(raw: Any, limit: int) -> dict[str, Any]:
    if not isinstance(raw, dict) or len(raw) > limit:
        raise _bad("session", "格式不对或答案太多")
    out = {}
    for key, value in raw.items():
        if not isinstance(key, str) or not _KEY.match(key) or not _answer_value(value):
            raise _bad("session", "里有一个无法识别的答案")
        out[key] = list(value) if isinstance(value, list) else value
    return out


def _groups(raw: Any) -> dict[str, Any]:
    """A flow's repeatable groups (the debts): {group id: {"items": [answers], "closed"}}."""
    if not isinstance(raw, dict) or len(raw) > MAX_GROUPS:
        raise _bad("session", "里的分组格式不对")
    out = {}
    for key, entry in raw.items():
        if (
            not isinstance(key, str)
            or not _KEY.match(key)
            or not isinstance(entry, dict)
            or set(entry) != {"items", "closed"}
            or not isinstance(entry["items"], list)
            or len(entry["items"]) > MAX_GROUP_ITEMS
            or not isinstance(entry["closed"], bool)
        ):
            raise _bad("session", "里的分组格式不对")
        items = [_answers(item, MAX_ANSWERS) for item in entry["items"]]
        out[key] = {"items": items, "closed": entry["closed"]}
    return out


def _session(raw: Any) -> dict[str, Any]:
    if not isinstance(raw, dict) or not {"answers"} <= set(raw) <= {"answers", "draft", "groups"}:
        raise _bad("session", "格式不对")
    session = {
        "answers": _answers(raw["answers"], MAX_ANSWERS),
        "draft": _answers(raw.get("draft", {}), 1),
    }
    if "groups" in raw:
        session["groups"] = _groups(raw["groups"])
    return session


def _session_of(state: dict[str, Any]) -> dict[str, Any]:
    """The case's ``session`` part of an interview state (its groups, when the flow has any)."""
    session = {"answers": state["answers"], "draft": state.get("draft", {})}
    if "groups" in state:
        session["groups"] = state["groups"]
    return session


def _flow(raw: Any, known: set[str]) -> dict[str, Any]:
    if not isinstance(raw, dict) or set(raw) != {"id", "version"}:
        raise _bad("flow", "格式不对")
    if not isinstance(raw["id"], str) or not _KEY.match(raw["id"]):
        raise _bad("flow", "的名称不对")
    if not _int(raw["version"], 1, 10**6):
        raise _bad("flow", "的版本号不对")
    if raw["id"] not in known:
        raise InvalidCase(
            f"这个案卷是用一份本工具没有的问卷做的，不能导入。{_AGAIN}",
            code="case_unknown_flow",
            part="flow",
        )
    return {"id": raw["id"], "version": raw["version"]}


def _items(
    raw: Any, keys: tuple[str, ...], text_keys: tuple[str, ...], limit: int = MAX_RESULT_ITEMS
) -> list[dict[str, Any]]:
    if not isinstance(raw, list) or len(raw) > limit:
        raise _bad("result", "格式不对")
    out = []
    for item in raw:
        if not isinstance(item, dict) or set(item) != set(keys):
            raise _bad("result", "格式不对")
        if not isinstance(item["id"], str) or not _ACTION.match(item["id"]):
            raise _bad("result", "里有一项的编号不对")
        for key in text_keys:
            if not _text(item[key], MAX_RESULT_TEXT):
                raise _bad("result", "里有一项的文字不对")
        if "when" in item and item["when"] not in _WHEN:
            raise _bad("result", "里有一项的时间不对")
        if "source_id" in item and not (
            item["source_id"] is None
            or (_text(item["source_id"], 64) and _KEY.match(item["source_id"]))
        ):
            raise _bad("result", "里有一项的来源不对")
        out.append({key: item[key] for key in keys})
    return out


def _plan(raw: Any) -> dict[str, Any] | None:
    if raw is None:
        return None
    keys = {"months", "monthly_payment", "affordable", "monthly_capacity"}
    if (
        not isinstance(raw, dict)
        or set(raw) != keys
        or not _int(raw["months"], 1, MAX_PLAN_MONTHS)
        or not _number(raw["monthly_payment"])
        or raw["monthly_payment"] < 0
        or not isinstance(raw["affordable"], bool)
        or not _number(raw["monthly_capacity"])
    ):
        raise _bad("result", "里的还款计划不对")
    return {
        "months": raw["months"],
        "monthly_payment": float(raw["monthly_payment"]),
        "affordable": raw["affordable"],
        "monthly_capacity": float(raw["monthly_capacity"]),
    }


def _result(raw: Any) -> dict[str, Any] | None:
    if raw is None:
        return None
    keys = {"readiness", "paths", "warnings", "plan", "reasons", "actions", "answers"}
    if not isinstance(raw, dict) or set(raw) != keys or raw["readiness"] not in _READINESS:
        raise _bad("result", "格式不对")
    reasons = raw["reasons"]
    if (
        not isinstance(reasons, list)
        or len(reasons) > MAX_RESULT_ITEMS * 2
        or not all(_text(r, MAX_RESULT_TEXT) for r in reasons)
    ):
        raise _bad("result", "里的理由不对")
    answers = raw["answers"]
    if not isinstance(answers, list) or len(answers) > MAX_ANSWERS:
        raise _bad("result", "里的答案摘要不对")
    summary = []
    for item in answers:
        if (
            not isinstance(item, dict)
            or set(item) != {"id", "short", "answer_label"}
            or not (isinstance(item["id"], str) and _KEY.match(item["id"]))
            or not _text(item["short"], 200)
            or not _text(item["answer_label"], MAX_ANSWER_TEXT)
        ):
            raise _bad("result", "里的答案摘要不对")
        summary.append(dict(item))
    return {
        "readiness": raw["readiness"],
        "paths": _items(raw["paths"], ("id", "title", "why", "source_id"), ("title", "why")),
        "warnings": _items(raw["warnings"], ("id", "text", "source_id"), ("text",)),
        "plan": _plan(raw["plan"]),
        "reasons": list(reasons),
        "actions": None
        if raw["actions"] is None
        else _items(raw["actions"], _ACTION_KEYS, ("text", "reason"), MAX_ACTIONS),
        "answers": summary,
    }


def _day(value: Any) -> str | None:
    """``value`` as a calendar day "YYYY-MM-DD" in 2000–2100, or None when it is not one."""
    if not isinstance(value, str) or not _DAY.match(value):
        return None
    try:
        day = _dt.date.fromisoformat(value)
    except ValueError:
        return None
    return value if 2000 <= day.year <= 2100 else None


def _done(raw: Any) -> dict[str, str]:
    if not isinstance(raw, dict) or len(raw) > MAX_DONE:
        raise _bad("done", "格式不对或太多")
    out = {}
    for key, value in raw.items():
        if not isinstance(key, str) or not _ACTION.match(key) or _day(value) is None:
            raise _bad("done", "里有一项无法识别")
        out[key] = value
    return dict(sorted(out.items()))


def _field_value(value: Any) -> bool:
    if value is None or isinstance(value, bool) or _number(value):
        return True
    if isinstance(value, list):
        return len(value) <= MAX_DOCUMENT_CHOICES and all(
            _text(item, MAX_CHOICE_TEXT) for item in value
        )
    return _text(value, MAX_DOCUMENT_TEXT)


def _documents(raw: Any) -> dict[str, dict[str, Any]]:
    if not isinstance(raw, dict) or len(raw) > MAX_DOCUMENTS:
        raise _bad("documents", "格式不对或太多")
    out: dict[str, dict[str, Any]] = {}
    for name, fields in sorted(raw.items()):
        if not isinstance(name, str) or not _KEY.match(name):
            raise _bad("documents", "里有一份文书的名称不对")
        if not isinstance(fields, dict) or len(fields) > MAX_DOCUMENT_FIELDS:
            raise _bad("documents", "里有一份文书的格式不对")
        kept = {}
        for key, value in sorted(fields.items()):
            if not isinstance(key, str) or not _KEY.match(key):
                raise _bad("documents", "里有一项的名称不对")
            if not _field_value(value):
                raise _bad("documents", "里有一项的内容不对或太长")
            kept[key] = list(value) if isinstance(value, list) else value
        out[name] = kept
    return out


def _journal_part(raw: Any) -> list[dict[str, Any]]:
    try:
        return _journal.check_journal(raw)
    except GuideError as exc:
        position = exc.details.get("entry")
        where = f"第 {position} 条" if position else ""
        raise InvalidCase(
            f"案卷文件里的“协商记录”{where}不对：{exc.message.split('：', 1)[-1]}{_AGAIN}",
            code="case_malformed",
            part="journal",
            entry=position,
            fields=exc.details.get("fields", {}),
        ) from None


def _rules_version(raw: Any) -> str | None:
    if raw is None:
        return None
    if not isinstance(raw, str) or not _RULES_VERSION.match(raw):
        raise _bad("rules_version", "不对")
    return raw


def _known(flow: Any) -> set[str]:
    """The flow ids a case may name: the packaged ones, plus a test flow given as an object."""
    from . import Flow, flow_ids

    return set(flow_ids()) | ({flow.id} if isinstance(flow, Flow) else set())


def _normalise(data: dict[str, Any], known: set[str]) -> dict[str, Any]:
    """A format-2 case, every part checked; the canonical dict."""
    missing = [key for key in _CASE_KEYS if key not in data]
    if missing:
        raise _bad(missing[0], "缺失（文件可能不完整）")
    if any(key not in _CASE_KEYS for key in data):
        raise InvalidCase(
            f"案卷文件里有不认识的内容，可能被改动过。{_AGAIN}", code="case_malformed", part=None
        )
    case = {
        "type": TYPE,
        "format": FORMAT,
        "flow": _flow(data["flow"], known),
        "rules_version": _rules_version(data["rules_version"]),
        "saved_at": _saved_at(data["saved_at"]),
        "session": _session(data["session"]),
        "result": _result(data["result"]),
        "done": _done(data["done"]),
        "journal": _journal_part(data["journal"]),
        "documents": _documents(data["documents"]),
    }
    try:
        size = len(json.dumps(case, ensure_ascii=False, allow_nan=False).encode("utf-8"))
    except UnicodeEncodeError:  # a lone surrogate, written as a \ud800 escape in the file
        raise InvalidCase(
            f"案卷文件里有无法识别的文字，可能已损坏或被改动过。{_AGAIN}",
            code="case_malformed",
            part=None,
        ) from None
    if size > MAX_CASE_BYTES:
        raise InvalidCase(
            f"案卷太大了（超过 {MAX_CASE_BYTES // 1_000_000} MB）。可以先删掉一些旧的协商记录或文书内容。",
            code="case_too_large",
            size=size,
        )
    return case


@guarded(f"保存时的结果没能读取。{_AGAIN}")
def check_snapshot(raw: Any) -> dict[str, Any] | None:
    """A case file's ``result`` part checked and normalised on its own (for the comparison)."""
    return _result(raw)


@guarded(f"已完成的勾选没能读取。{_AGAIN}")
def check_done(raw: Any) -> dict[str, str]:
    """A case file's ``done`` part checked and normalised on its own."""
    return _done(raw)


# ─────────────────────────────── formats and migration ───────────────────────────────


def _from_format_1(data: dict[str, Any]) -> dict[str, Any]:
    """Format 1 (the self-assessment's localStorage record) to format 2.

    Its ``view`` and ``screen`` are page state and are dropped unread; the answers, the flow and
    the time are kept. It had no rules version, result, ticks, journal or documents.
    """
    keys = {"format", "flow", "version", "state", "view", "screen", "saved"}
    if not {"format", "state"} <= set(data) <= keys:
        raise _bad("session", "格式不对（旧版本的保存记录不完整）")
    state = data["state"]
    if not isinstance(state, dict) or not {"flow", "version", "answers"} <= set(state) <= {
        "flow",
        "version",
        "answers",
        "groups",
        "draft",
    }:
        raise _bad("session", "格式不对（旧版本的保存记录不完整）")
    for key in ("flow", "version"):
        if key in data and data[key] != state[key]:
            raise _bad("flow", "和答案不一致")
    return {
        "type": TYPE,
        "format": 2,
        "flow": {"id": state["flow"], "version": state["version"]},
        "rules_version": None,
        "saved_at": data.get("saved"),
        "session": _session_of(state),
        "result": None,
        "done": {},
        "journal": [],
        "documents": {},
    }


def _from_format_2(data: dict[str, Any]) -> dict[str, Any]:
    """Format 2 to format 3: a tick ``true`` becomes the day the file was saved (it was ticked by
    then; ``false`` was never a tick), and a result gains ``actions`` = None (not recorded).

    Only what changed between the formats is touched; everything else is checked afterwards, as
    in any file, so a malformed part is refused naming that part.
    """
    out = {**data, "format": 3}
    done = data.get("done")
    if isinstance(done, dict):
        day = data.get("saved_at")
        day = _saved_at(day)[:10] if day is not None else None
        ticks = {}
        for key, value in done.items():
            if value is not True and value is not False:
                raise _bad("done", "里有一项无法识别")
            if value and day is None:
                raise _bad("saved_at", "缺失（文件可能不完整）")
            if value:
                ticks[key] = day
        out["done"] = ticks
    result = data.get("result")
    if isinstance(result, dict) and "actions" not in result:
        out["result"] = {**result, "actions": None}
    return out


#: format n -> the function that turns a format-n dict into a format-(n+1) dict.
MIGRATIONS = {1: _from_format_1, 2: _from_format_2}


def _format(data: Any) -> int:
    if not isinstance(data, dict):
        raise InvalidCase(
            f"这个文件不是协商指南导出的案卷（内容不是一个案卷）。{_AGAIN}", code="case_not_case"
        )
    number = data.get("format")
    if data.get("type") != TYPE and not (number == 1 and "state" in data and "type" not in data):
        raise InvalidCase(f"这个文件不是协商指南导出的案卷。{_AGAIN}", code="case_not_case")
    if not _int(number, 1, 10**6):
        raise _bad("format", "不对")
    if number > FORMAT:
        raise InvalidCase(
            f"这个案卷文件是更新版本的协商指南导出的，请刷新页面（更新到最新版本）后再导入。{_AGAIN}",
            code="case_format_newer",
            part="format",
        )
    return number


@guarded(f"案卷文件没能读取，请确认选的是协商指南导出的文件。{_AGAIN}")
def migrate(data: Any) -> dict[str, Any]:
    """Any supported format, one step at a time, up to the current format (not yet checked)."""
    value = _parse(data)
    number = _format(value)
    if "encryption" in value:
        raise InvalidCase(
            f"这个案卷文件加了密码，要先输入密码解密。{_AGAIN}", code="case_encrypted"
        )
    while number < FORMAT:
        value = MIGRATIONS[number](value)
        number += 1
    return value


@guarded(f"案卷文件没能读取，请确认选的是协商指南导出的文件。{_AGAIN}")
def import_case(data: Any, *, flow: Any = None) -> dict[str, Any]:
    """A case file (JSON text, bytes, or the parsed value) read into the current canonical case.

    Older formats are migrated first. Anything wrong raises :class:`InvalidCase` naming the part.
    ``flow``: a :class:`~guide_engine.flow.Flow` object whose id is accepted too (for tests).
    """
    return _normalise(migrate(data), _known(flow))


# ─────────────────────────────── exporting ───────────────────────────────


@functools.lru_cache(maxsize=1)
def rules_version() -> str:
    """A fingerprint of the decision data (every TOML file in ``guide_engine/data``).

    Any edit to the rules' wording, the sources or the bank facts changes it, so a case saved
    before the edit is re-assessed and its differences shown (:mod:`guide_engine.changes`).
    """
    digest = hashlib.sha256()
    folder = resources.files("guide_engine").joinpath("data")
    for item in sorted(folder.iterdir(), key=lambda entry: entry.name):
        if item.name.endswith(".toml"):
            digest.update(item.name.encode("utf-8") + b"\0" + item.read_bytes() + b"\0")
    return f"data-{digest.hexdigest()[:16]}"


def _snapshot(
    state: dict[str, Any], shown: dict[str, Any], today: _dt.date, flow: Any
) -> dict[str, Any] | None:
    """The result the reader sees (``shown`` is the state's view), as on ``today``."""
    from . import answers_summary, assess, profile

    if shown["type"] != "result" or shown["assessment"] is None:
        return None
    result = assess(profile(state, flow=flow), today=today)
    return {
        "readiness": result["readiness"],
        "paths": [
            {"id": p["id"], "title": p["title"], "why": p["why"], "source_id": p["source_id"]}
            for p in result["paths"]
        ],
        "warnings": [
            {"id": w["id"], "text": w["text"], "source_id": w["source_id"]}
            for w in result["warnings"]
        ],
        "plan": result["plan"],
        "reasons": list(result["reasons"]),
        "actions": [{key: a[key] for key in _ACTION_KEYS} for a in result["actions"]],
        "answers": [
            {"id": a["id"], "short": a["short"], "answer_label": a["answer_label"]}
            for a in answers_summary(state, flow=flow)
        ],
    }


@guarded("这次的结果没能记下，请刷新页面后再试。")
def assessed(state: dict[str, Any], today: _dt.date, *, flow: Any = None) -> dict[str, Any]:
    """What a saved progress record keeps of the result on screen, so reopening it later under
    other rules can say what changed: ``{"rules_version", "flow": {id, version}, "result":
    snapshot | None}`` (the snapshot as a case file's ``result``; None before the result).

    ``state`` is checked (an invalid one raises InvalidState); ``today`` is the reader's day.
    """
    if isinstance(today, _dt.datetime) or not isinstance(today, _dt.date):
        raise GuideError("today 必须是日期（datetime.date）。", code="invalid_date")
    from . import view

    shown = view(state, flow=flow)
    return {
        "rules_version": rules_version(),
        "flow": {"id": shown["flow"]["id"], "version": shown["flow"]["version"]},
        "result": _snapshot(state, shown, today, flow),
    }


@guarded("案卷没能导出，请刷新页面后再试。")
def export_case(
    state: dict[str, Any],
    saved_at: _dt.datetime,
    *,
    done: dict[str, str] | None = None,
    journal: list[dict[str, Any]] | None = None,
    documents: dict[str, dict[str, Any]] | None = None,
    flow: Any = None,
) -> dict[str, Any]:
    """The whole case as one canonical format-2 dict (``json.dumps`` it for the file).

    ``state`` is the interview state (checked: an invalid one raises InvalidState); the result the
    reader sees is recomputed for the snapshot, as on ``saved_at``'s date. ``flow`` is for tests
    (a :class:`~guide_engine.flow.Flow` object, as in :mod:`guide_engine.session`).
    """
    if not isinstance(saved_at, _dt.datetime):
        raise GuideError("saved_at 必须是时间（datetime.datetime）。", code="invalid_date")
    from . import view

    moment = saved_at if saved_at.tzinfo else saved_at.replace(tzinfo=_dt.UTC)
    shown = view(state, flow=flow)
    case = {
        "type": TYPE,
        "format": FORMAT,
        "flow": {"id": shown["flow"]["id"], "version": shown["flow"]["version"]},
        "rules_version": rules_version(),
        "saved_at": moment.astimezone(_dt.UTC).isoformat(),
        "session": _session_of(state),
        "result": _snapshot(state, shown, moment.astimezone(_dt.UTC).date(), flow),
        "done": done or {},
        "journal": journal or [],
        "documents": documents or {},
    }
    return _normalise(case, _known(flow))


# ─────────────────────────────── the encrypted envelope ───────────────────────────────


def encryption_params() -> dict[str, Any]:
    """What the page uses with Web Crypto for a new encrypted file (it draws salt and IV itself)."""
    return {
        "kdf": "PBKDF2",
        "hash": "SHA-256",
        "iterations": DEFAULT_ITERATIONS,
        "salt_bytes": SALT_BYTES,
        "cipher": "AES-GCM",
        "key_bits": KEY_BITS,
        "iv_bytes": IV_BYTES,
        "tag_bits": TAG_BITS,
    }


def _base64(value: Any, part: str, low: int, high: int) -> str:
    def bad() -> InvalidCase:
        return InvalidCase(
            f"加密的案卷文件已损坏（“{PARTS[part]}”不对）。{_AGAIN}",
            code="envelope_invalid",
            part=part,
        )

    if not isinstance(value, str) or len(value) > (high + 2) // 3 * 4:
        raise bad()
    try:
        raw = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise bad() from None
    if not low <= len(raw) <= high or base64.b64encode(raw).decode("ascii") != value:
        raise bad()
    return value


def _envelope(data: Any) -> dict[str, Any]:
    if not isinstance(data, dict) or set(data) != _ENVELOPE_KEYS:
        raise InvalidCase(
            f"加密的案卷文件格式不对，可能已损坏。{_AGAIN}", code="envelope_invalid", part=None
        )
    params = data["encryption"]
    wrong = InvalidCase(
        f"加密的案卷文件用了本工具不支持的加密参数，可能已损坏或被改动过。{_AGAIN}",
        code="envelope_invalid",
        part="encryption",
    )
    if not isinstance(params, dict) or set(params) != _ENCRYPTION_KEYS:
        raise wrong
    fixed = {"kdf": "PBKDF2", "hash": "SHA-256", "cipher": "AES-GCM", "key_bits": KEY_BITS}
    if any(params[key] != value or isinstance(params[key], bool) for key, value in fixed.items()):
        raise wrong
    if params["tag_bits"] != TAG_BITS or isinstance(params["tag_bits"], bool):
        raise wrong
    if not _int(params["iterations"], MIN_ITERATIONS, MAX_ITERATIONS):
        raise wrong
    return {
        "type": TYPE,
        "format": FORMAT,
        "encryption": {
            "kdf": "PBKDF2",
            "hash": "SHA-256",
            "iterations": params["iterations"],
            "salt": _base64(params["salt"], "encryption", SALT_BYTES, 64),
            "cipher": "AES-GCM",
            "key_bits": KEY_BITS,
            "iv": _base64(params["iv"], "encryption", IV_BYTES, IV_BYTES),
            "tag_bits": TAG_BITS,
        },
        "ciphertext": _base64(
            data["ciphertext"], "ciphertext", TAG_BITS // 8 + 2, MAX_CIPHERTEXT_BYTES
        ),
    }


@guarded(f"加密的案卷文件没能读取。{_AGAIN}")
def seal(
    ciphertext: str, salt: str, iv: str, iterations: int = DEFAULT_ITERATIONS
) -> dict[str, Any]:
    """The encrypted file's envelope, from the page's Web Crypto output (all base64), checked."""
    return _envelope(
        {
            "type": TYPE,
            "format": FORMAT,
            "encryption": {
                **{k: v for k, v in encryption_params().items() if not k.endswith("_bytes")},
                "iterations": iterations,
                "salt": salt,
                "iv": iv,
            },
            "ciphertext": ciphertext,
        }
    )


@guarded(f"案卷文件没能读取，请确认选的是协商指南导出的文件。{_AGAIN}")
def read_file(data: Any, *, flow: Any = None) -> dict[str, Any]:
    """What the page does with a chosen file: ``{"encrypted": True, "envelope": {...}}`` (ask for
    the passphrase, decrypt with these parameters, then :func:`import_case` the plain text) or
    ``{"encrypted": False, "case": {...}}``."""
    value = _parse(data)
    if isinstance(value, dict) and value.get("type") == TYPE and "encryption" in value:
        _format(value)
        return {"encrypted": True, "envelope": _envelope(value)}
    return {"encrypted": False, "case": _normalise(migrate(value), _known(flow))}


def decryption_failed() -> dict[str, Any]:
    """The error the page shows when Web Crypto cannot decrypt (wrong passphrase or damage)."""
    return InvalidCase(
        f"没能解密：密码不对，或者文件已损坏。请再输入一次密码（注意大小写和空格）。{_AGAIN}",
        code="decryption_failed",
        part="ciphertext",
    ).to_dict()
