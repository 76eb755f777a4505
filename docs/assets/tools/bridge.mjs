// The one bridge between JavaScript and guide_engine running in Pyodide.
// Used by worker.js in the browser and by tests/pyodide_runner.mjs under Node, so the tests run
// exactly the code the site runs. Messages cross the boundary as JSON strings (no proxies to
// leak or destroy); every call answers {ok:true, result} or {ok:false, error:{code, message}}.

export const BRIDGE_PY = String.raw`
import json as _json

import guide_engine as _ge
from guide_engine.errors import GuideError as _GuideError


def _sv(state):
    # A finished interview opens on the review screen, which needs the answers' summary: send it
    # with the view, so the last answer costs one round trip, not two.
    view = _ge.view(state)
    out = {"state": state, "view": view}
    if view.get("type") == "result":
        out["summary"] = _ge.answers_summary(state)
    return out


def _h_start(flow="self_assessment"):
    return _sv(_ge.start(flow))


def _h_view(state):
    return _sv(state)


def _h_answer(state, value):
    return _sv(_ge.answer(state, value))


def _h_back(state):
    return _sv(_ge.back(state))


def _h_edit(state, question):
    return _sv(_ge.edit(state, question))


def _h_summary(state):
    return _ge.answers_summary(state)


def _h_profile(state):
    return _ge.profile(state)


def _h_assess(profile):
    return _ge.assess(profile)


def _h_plan(principal, months, annual_rate=0.0, monthly_fee_rate=0.0):
    return _ge.repayment_plan(principal, months, annual_rate, monthly_fee_rate)


def _h_months_needed(principal, capacity, annual_rate=0.0, max_months=60):
    return _ge.months_needed(principal, capacity, annual_rate, max_months)


def _h_letter(profile, assessment=None, details=None):
    return _ge.letter(profile, assessment, details)


def _h_validate_profile(profile):
    return _ge.validate_profile(profile)


def _h_ping():
    return "pong"


_HANDLERS = {
    "start": _h_start, "view": _h_view, "answer": _h_answer, "back": _h_back, "edit": _h_edit,
    "summary": _h_summary, "profile": _h_profile, "assess": _h_assess, "plan": _h_plan,
    "months_needed": _h_months_needed, "letter": _h_letter, "validate_profile": _h_validate_profile,
    "ping": _h_ping,
}


def _guide_error(code, message):
    return _json.dumps({"ok": False, "error": {"code": code, "message": message}}, ensure_ascii=False)


def _guide_dispatch(cmd, payload):
    handler = _HANDLERS.get(cmd)
    if handler is None:
        return _guide_error("unknown_command", "工具收到了无法识别的请求，请刷新页面再试。")
    try:
        args = _json.loads(payload)
    except ValueError:
        return _guide_error("bad_request", "工具收到了无法识别的数据，请刷新页面再试。")
    if not isinstance(args, dict):
        return _guide_error("bad_request", "工具收到了无法识别的数据，请刷新页面再试。")
    try:
        result = handler(**args)
    except _GuideError as exc:
        error = {"code": exc.code, "message": exc.message}
        try:
            error["details"] = _json.loads(_json.dumps(getattr(exc, "details", None) or {}))
        except (TypeError, ValueError):
            pass
        return _json.dumps({"ok": False, "error": error}, ensure_ascii=False)
    except TypeError:
        return _guide_error("bad_request", "工具收到的数据不完整，请刷新页面再试。")
    except Exception as exc:  # noqa: BLE001 — the page must always get an answer
        return _guide_error("internal", "工具内部出错了（" + type(exc).__name__ + "）。请刷新页面再试，或使用可打印的准备清单。")
    return _json.dumps({"ok": True, "result": result}, ensure_ascii=False)
`;

/** Unpack the wheel into site-packages, import guide_engine, return call(cmd, args) -> object. */
export function installEngine(pyodide, wheelBytes) {
  const sitePackages = pyodide.runPython("import sysconfig; sysconfig.get_paths()['purelib']");
  pyodide.unpackArchive(wheelBytes, "wheel", { extractDir: sitePackages });
  pyodide.runPython(BRIDGE_PY);
  const dispatch = pyodide.globals.get("_guide_dispatch");
  return function call(cmd, args) {
    return JSON.parse(dispatch(String(cmd), JSON.stringify(args ?? {})));
  };
}
