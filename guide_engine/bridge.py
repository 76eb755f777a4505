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
summary       state                                 ``answers_summary(state)``
profile       state                                 ``profile(state)``
assess        profile                               ``assess(profile)``
plan          principal, months, annual_rate=0,     ``repayment_plan(…)`` (the calculator)
              monthly_fee_rate=0
letter        profile, details=None                 ``letter(profile, details)`` (the letter page)
documents     profile, details=None, today=None,    ``{"documents", "texts", "notes"}``: every
              journal=None                          document that applies, its plain text and
                                                    its borrower notes as text (separate sheet)
numbers       form, values                          ``read_form(form, values)``: typed numbers read
                                                    (``{"values", "checks"}``)
ping          —                                     ``"pong"`` (the worker's health check)
============  ====================================  ==============================================

A finished session's view already carries the review summary and the letter draft, so the page
never sends the engine's own output back to it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from . import number_fields, session
from .assessment import assess
from .documents import as_text, documents, notes_text
from .errors import GuideError
from .letter import letter
from .plans import repayment_plan

_UNREADABLE = "工具收到了无法识别的数据，请刷新页面再试。"


def _session(state: dict[str, Any]) -> dict[str, Any]:
    return {"state": state, "view": session.view(state)}


def _start(flow: str = "self_assessment") -> dict[str, Any]:
    return _session(session.start(flow))


def _view(state: dict[str, Any]) -> dict[str, Any]:
    return _session(state)


def _answer(state: dict[str, Any], value: Any) -> dict[str, Any]:
    return _session(session.answer(state, value))


def _back(state: dict[str, Any]) -> dict[str, Any]:
    return _session(session.back(state))


def _edit(state: dict[str, Any], question: str, item: int | None = None) -> dict[str, Any]:
    return _session(session.edit(state, question, item))


def _remove_item(state: dict[str, Any], group: str, item: int) -> dict[str, Any]:
    return _session(session.remove_item(state, group, item))


def _documents(
    profile: Any, details: Any = None, today: str | None = None, journal: Any = None
) -> dict[str, Any]:
    docs = documents(profile, details, today, journal)
    return {
        "documents": docs,
        "texts": [as_text(doc) for doc in docs],
        "notes": [notes_text(doc) for doc in docs],
    }


def _ping() -> str:
    return "pong"


#: command name → handler(**arguments) -> JSON-serialisable result
COMMANDS: dict[str, Callable[..., Any]] = {
    "start": _start,
    "view": _view,
    "answer": _answer,
    "back": _back,
    "edit": _edit,
    "remove_item": _remove_item,
    "summary": session.answers_summary,
    "profile": session.profile,
    "assess": assess,
    "plan": repayment_plan,
    "letter": letter,
    "numbers": number_fields.read_form,
    "ping": _ping,
    "documents": _documents,
}


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
