"""The bridge between a page and the engine: one command table and one JSON-in, JSON-out call.

Why in the package: the browser's Web Worker (through ``docs/assets/tools/bridge.mjs``, on
Pyodide) and the Node test runner call :func:`dispatch` — the same Python that CPython tests, lints
and type-checks here. Messages cross the boundary as JSON strings (no Python objects to leak or
destroy on the JavaScript side), and every call answers, whatever it was given::

    dispatch(cmd, payload_json) -> '{"ok": true, "result": …}'
                                 | '{"ok": false, "error": {"code", "message"[, "details"]}}'

``payload_json`` is a JSON object of keyword arguments for the command. Error codes (listed in
:data:`guide_engine.errors.CODES`): a :class:`~guide_engine.errors.GuideError`'s own code;
``unknown_command``; ``bad_request`` (not a JSON object, or arguments that do not fit the
command); ``internal`` (anything else — the page always gets an answer).

The commands (:data:`COMMANDS`):

============  ====================================  ==============================================
command       arguments                             result
============  ====================================  ==============================================
start         flow="self_assessment"                ``{"state", "view"}`` of a fresh session
view          state                                 ``{"state", "view"}``
answer        state, value                          ``{"state", "view"}`` after the answer
back          state                                 ``{"state", "view"}`` one question back
edit          state, question, item=None            ``{"state", "view"}`` at that question (of
                                                    item ``item`` of its group)
remove_item   state, group, item                    ``{"state", "view"}`` without that item
migrate       state                                 ``{"state", "view", "notes"}``: progress saved
                                                    under an older flow version, carried over
summary       state                                 ``answers_summary(state)``
profile       state                                 ``profile(state)``
assess        profile                               ``assess(profile)``
plan          principal, months, annual_rate=0,     ``repayment_plan(…)`` (the calculator)
              monthly_fee_rate=0
plan_for_     principal, monthly_payment,           ``calculator.plan_for_payment(…)``: the
payment       annual_rate=0, monthly_fee_rate=0     shortest plan within that monthly amount
calculate     question, principal, months=None,     ``calculator.calculate(…)``: ``{"plan",
              monthly_payment=None, annual_rate=0,  "view"}``, the calculator page's answer with
              monthly_fee_rate=0                    every figure written for the page to draw
calculator_   profile, today=None                   ``calculator.prefill(…)``: what the
prefill                                             calculator starts from, per debt
letter        profile, details=None                 ``letter(profile, details)`` (the letter page)
documents     profile, details=None, today=None,    ``{"documents", "texts", "notes"}``: every
              journal=None                          document that applies, its plain text and
                                                    its borrower notes as text (separate sheet)
                                                    and its parts (``blocks``) to lay it out;
                                                    ``debts``: each debt's label, in input order
document_docx profile, id, details=None,            ``{"name", "media_type", "base64"}``: that
              today=None, journal=None              document as a Word file (``docx.docx``)
numbers       form, values                          ``read_form(form, values)``: typed numbers read
                                                    (``{"values", "checks"}``)
ping          —                                     ``"pong"`` (the worker's health check)
warm          —                                     imports the next module a command needs;
                                                    ``true`` while more are left (the worker
                                                    calls it while idle)
============  ====================================  ==============================================

Every session command (start … migrate) also takes ``today="YYYY-MM-DD"``: the page's own
date, which a date answer may not pass and the result is counted from (:func:`session.view`).

The case commands (case file, journal, calendar): the page stores, encrypts and draws;
everything that decides is here. Dates and times cross as ISO text (``"2026-12-01"``,
``"2026-12-01T20:00:00Z"``) and become ``date``/``datetime`` at this boundary; a case file
always crosses as its TEXT, so :func:`guide_engine.casefile.import_case` measures its nesting
before any JSON reader sees it.

====================  ==============================  ============================================
command               arguments                       result
====================  ==============================  ============================================
case_export           state, saved_at, done=None,     ``export_case(…)`` (the file's content)
                      journal=None, documents=None
case_read             text                            ``read_file(text)`` (encrypted or a case)
case_import           text                            ``import_case(text)``
case_changes          text, today                     ``changes.changes(import_case(text), today)``
case_assessed         state, today                    ``assessed(state, today)`` (what saved
                                                      progress keeps of its result)
case_reopen           record, today, done=None        ``changes.reopen(record, today, done=…)``
case_summary          state=None, today, done=None,   ``helper_summary(…)``: the one-page summary
                      entries=None                    of the case for a helper
case_encryption       —                               ``encryption_params()``
case_seal             ciphertext, salt, iv,           ``seal(…)`` (the encrypted file's content)
                      iterations=600000
case_decryption_      —                               ``decryption_failed()`` (the error to show)
failed
rules_version         —                               ``rules_version()``
journal_form          —                               ``journal.form()``
journal_add           entries, fields, today          the new journal (newest first)
journal_update        entries, entry, fields, today   the new journal
journal_remove        entries, entry                  the new journal
journal_timeline      entries, product=None,          ``{"timeline": timeline(…), "flags":
                      newest_first=True               flags(…)}``
journal_calendar      entries, now, today=None        the ``.ics`` text of the next-step dates
journal_complaint     profile, entries, today=None,   ``journal.complaints(…)``: the complaint with
                      details=None                    the timeline, as ``documents`` returns it
====================  ==============================  ============================================

A finished session's view already carries the review summary and the letter draft, so the page
never sends the engine's own output back to it.
"""

from __future__ import annotations

import binascii
import datetime as _dt
import json
import sys
from collections.abc import Callable
from importlib import import_module
from typing import Any

from . import session
from .errors import GuideError
from .nesting import nesting


class _Later:
    """A module of this package, imported at its first use.

    Why: the worker imports this module before it can answer anything, and in Pyodide on a phone
    importing the assessment, the documents and the case file at that moment cost more than the
    interview itself. Only :mod:`.session` is imported at once (the first question needs it);
    the rest comes with the first command that uses it, or while the worker is idle (``warm``).
    """

    def __init__(self, name: str) -> None:
        self.name = name

    def __getattr__(self, attr: str) -> Any:
        return getattr(import_module(f".{self.name}", __package__), attr)


def _later(module: _Later, name: str) -> Callable[..., Any]:
    """The command that calls ``module.name`` (looked up at call time, so nothing is imported)."""

    def command(**args: Any) -> Any:
        return getattr(module, name)(**args)

    command.__name__ = f"{module.name}.{name}"
    return command


#: Everything the commands use besides the interview, in the order ``warm`` imports it (what the
#: wizard needs next first: its result).
assessment = _Later("assessment")
letter = _Later("letter")
plan_view = _Later("plan_view")
debt_plan = _Later("debt_plan")
documents = _Later("documents")
plans = _Later("plans")
calculator = _Later("calculator")
number_fields = _Later("number_fields")
docx = _Later("docx")
casefile = _Later("casefile")
changes = _Later("changes")
case_summary = _Later("case_summary")
journal = _Later("journal")
ics = _Later("ics")
_WARM = (
    assessment,
    letter,
    plan_view,
    debt_plan,
    documents,
    plans,
    calculator,
    number_fields,
    docx,
    casefile,
    changes,
    case_summary,
    journal,
    ics,
)

_UNREADABLE = "工具收到了无法识别的数据，请刷新页面再试。"


def _session(state: dict[str, Any], today: str | None = None) -> dict[str, Any]:
    return {"state": state, "view": session.view(state, today=today)}


def _start(flow: str = "self_assessment", today: str | None = None) -> dict[str, Any]:
    return _session(session.start(flow), today)


def _view(state: dict[str, Any], today: str | None = None) -> dict[str, Any]:
    return _session(state, today)


def _answer(state: dict[str, Any], value: Any, today: str | None = None) -> dict[str, Any]:
    return _session(session.answer(state, value, today=today), today)


def _back(state: dict[str, Any], today: str | None = None) -> dict[str, Any]:
    return _session(session.back(state), today)


def _edit(
    state: dict[str, Any], question: str, item: int | None = None, today: str | None = None
) -> dict[str, Any]:
    return _session(session.edit(state, question, item), today)


def _remove_item(
    state: dict[str, Any], group: str, item: int, today: str | None = None
) -> dict[str, Any]:
    return _session(session.remove_item(state, group, item), today)


def _migrate(state: dict[str, Any], today: str | None = None) -> dict[str, Any]:
    carried = session.migrate(state)
    return {**_session(carried["state"], today), "notes": carried["notes"]}


def _documents(
    profile: Any, details: Any = None, today: str | None = None, journal: Any = None
) -> dict[str, Any]:
    docs = documents.documents(profile, details, today, journal)
    day = _date(today, "今天的日期") if today is not None else _dt.date.today()
    plan = debt_plan.plan_household(profile, day)
    return {
        "debts": [debt["label"] for debt in plan["debts"]],
        "documents": docs,
        "texts": [documents.as_text(doc) for doc in docs],
        "notes": [documents.notes_text(doc) for doc in docs],
        "blocks": [documents.blocks(doc) for doc in docs],
    }


def _document_docx(
    profile: Any,
    id: str,  # noqa: A002 — the document's own key
    details: Any = None,
    today: str | None = None,
    journal: Any = None,
) -> dict[str, str]:
    """The document ``id`` as a .docx, computed again from the profile (the page never sends the
    engine's own output back to it)."""
    for doc in documents.documents(profile, details, today, journal):
        if doc["id"] == id:
            data = binascii.b2a_base64(docx.docx(doc), newline=False).decode("ascii")
            return {
                "name": docx.file_name(doc, ".docx"),
                "media_type": docx.MEDIA_TYPE,
                "base64": data,
            }
    raise GuideError("这份文书已经不适用了，请重新生成一次。", code="document_not_applicable")


def _ping() -> str:
    return "pong"


def _warm() -> bool:
    """Import the next module the commands use that is not imported yet; whether any is left.

    The worker calls it while idle, one module per call, so that no later command pays for an
    import and a reader's call never waits behind all of them at once.
    """
    left = [module for module in _WARM if f"{__package__}.{module.name}" not in sys.modules]
    if left:
        import_module(f".{left[0].name}", __package__)
    return len(left) > 1


# ── the case commands: ISO text becomes date/datetime here ────────────────────────────────


def _date(text: Any, label: str) -> _dt.date:
    try:
        if isinstance(text, str) and len(text) == 10:
            return _dt.date.fromisoformat(text)
    except ValueError:
        pass
    raise GuideError(f"{label}不是有效的日期（应为 2026-12-01 这样的格式）。", code="invalid_date")


def _moment(text: Any, label: str) -> _dt.datetime:
    try:
        if isinstance(text, str) and 10 < len(text) <= 40:
            moment = _dt.datetime.fromisoformat(text)
            return moment if moment.tzinfo else moment.replace(tzinfo=_dt.UTC)
    except ValueError:
        pass
    raise GuideError(f"{label}不是有效的时间。", code="invalid_date")


def _text(text: Any) -> str:
    if not isinstance(text, str):
        raise casefile.InvalidCase(
            "这个文件无法读取：它不是文字文件。你这台设备上的内容没有改动。", code="case_not_json"
        )
    return text


def _case_export(
    state: dict[str, Any],
    saved_at: str,
    done: dict[str, str] | None = None,
    journal: list[dict[str, Any]] | None = None,
    documents: dict[str, dict[str, Any]] | None = None,
) -> dict[str, Any]:
    return casefile.export_case(
        state, _moment(saved_at, "保存时间"), done=done, journal=journal, documents=documents
    )


def _case_read(text: str) -> dict[str, Any]:
    return casefile.read_file(_text(text))


def _case_import(text: str) -> dict[str, Any]:
    return casefile.import_case(_text(text))


def _case_changes(text: str, today: str) -> dict[str, Any]:
    return changes.changes(casefile.import_case(_text(text)), _date(today, "今天的日期"))


def _case_assessed(state: dict[str, Any], today: str) -> dict[str, Any]:
    return casefile.assessed(state, _date(today, "今天的日期"))


def _case_reopen(record: Any, today: str, done: Any = None) -> dict[str, Any]:
    return changes.reopen(record, _date(today, "今天的日期"), done=done)


def _case_summary(
    today: str, state: dict[str, Any] | None = None, done: Any = None, entries: Any = None
) -> dict[str, Any]:
    return case_summary.helper_summary(
        state, _date(today, "今天的日期"), done=done, entries=entries
    )


def _case_seal(ciphertext: str, salt: str, iv: str, iterations: int | None = None):
    if iterations is None:
        return casefile.seal(ciphertext, salt, iv)
    return casefile.seal(ciphertext, salt, iv, iterations)


def _journal_add(entries: Any, fields: Any, today: str) -> list[dict[str, Any]]:
    return journal.add_entry(entries, fields, _date(today, "今天的日期"))


def _journal_update(entries: Any, entry: Any, fields: Any, today: str) -> list[dict[str, Any]]:
    return journal.update_entry(entries, entry, fields, _date(today, "今天的日期"))


def _journal_remove(entries: Any, entry: Any) -> list[dict[str, Any]]:
    return journal.remove_entry(entries, entry)


def _journal_timeline(
    entries: Any, product: str | None = None, newest_first: bool = True
) -> dict[str, Any]:
    return {
        "timeline": journal.timeline(entries, product, newest_first=bool(newest_first)),
        "flags": journal.flags(entries, product),
    }


def _journal_calendar(entries: Any, now: str, today: str | None = None) -> str:
    day = None if today is None else _date(today, "今天的日期")
    return ics.calendar(journal.calendar_events(entries), _moment(now, "现在的时间"), day)


#: command name → handler(**arguments) -> JSON-serialisable result
COMMANDS: dict[str, Callable[..., Any]] = {
    "start": _start,
    "view": _view,
    "answer": _answer,
    "back": _back,
    "edit": _edit,
    "remove_item": _remove_item,
    "migrate": _migrate,
    "summary": session.answers_summary,
    "profile": session.profile,
    "assess": _later(assessment, "assess"),
    "plan": _later(plans, "repayment_plan"),
    "plan_for_payment": _later(calculator, "plan_for_payment"),
    "calculate": _later(calculator, "calculate"),
    "calculator_prefill": _later(calculator, "prefill"),
    "letter": _later(letter, "letter"),
    "numbers": _later(number_fields, "read_form"),
    "ping": _ping,
    "warm": _warm,
    "documents": _documents,
    "document_docx": _document_docx,
    "case_export": _case_export,
    "case_read": _case_read,
    "case_import": _case_import,
    "case_changes": _case_changes,
    "case_assessed": _case_assessed,
    "case_reopen": _case_reopen,
    "case_summary": _case_summary,
    "case_encryption": _later(casefile, "encryption_params"),
    "case_seal": _case_seal,
    "case_decryption_failed": _later(casefile, "decryption_failed"),
    "rules_version": _later(casefile, "rules_version"),
    "journal_form": _later(journal, "form"),
    "journal_add": _journal_add,
    "journal_update": _journal_update,
    "journal_remove": _journal_remove,
    "journal_timeline": _journal_timeline,
    "journal_calendar": _journal_calendar,
    "journal_complaint": _later(journal, "complaints"),
}

#: How deep a request's JSON may nest (a session state or a journal needs about 5 levels). Measured
#: before ``json.loads``: in Pyodide a deeply nested payload overflows the JavaScript stack inside
#: the JSON reader and kills the runtime instead of raising RecursionError.
MAX_PAYLOAD_DEPTH = 32


def _reply(ok: bool, payload: Any) -> str:
    return json.dumps(
        {"ok": True, "result": payload} if ok else {"ok": False, "error": payload},
        ensure_ascii=False,
    )


def _error(code: str, message: str) -> str:
    return _reply(False, {"code": code, "message": message})


def _details(exc: GuideError) -> Any:
    """The error's details as plain JSON, or None when they do not survive JSON."""
    try:
        return json.loads(json.dumps(exc.details or {}))
    except (TypeError, ValueError):
        return None


def dispatch(cmd: str, payload_json: str) -> str:
    """Run command ``cmd`` with the keyword arguments in ``payload_json``; the reply as JSON."""
    handler = COMMANDS.get(cmd)
    if handler is None:
        return _error("unknown_command", "工具收到了无法识别的请求，请刷新页面再试。")
    if not isinstance(payload_json, str) or nesting(payload_json, MAX_PAYLOAD_DEPTH):
        return _error("bad_request", _UNREADABLE)
    try:
        args = json.loads(payload_json)
    except (TypeError, ValueError, RecursionError):
        return _error("bad_request", _UNREADABLE)
    if not isinstance(args, dict):
        return _error("bad_request", _UNREADABLE)
    try:
        result = handler(**args)
    except GuideError as exc:
        error = {"code": exc.code, "message": exc.message}
        details = _details(exc)
        if details is not None:
            error["details"] = details
        return _reply(False, error)
    except TypeError:
        return _error("bad_request", "工具收到的数据不完整，请刷新页面再试。")
    except Exception as exc:  # noqa: BLE001 — the page must always get an answer
        return _error(
            "internal",
            f"工具内部出错了（{type(exc).__name__}）。请刷新页面再试，或使用可打印的准备清单。",
        )
    return _reply(True, result)
