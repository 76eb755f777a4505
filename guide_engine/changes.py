"""“自上次以来的变化”: a case saved under older questions or rules, re-assessed and compared.

Why: rules change (a policy window closes, a sentence is corrected, a question gains an option)
while a reader's case sits in a file for weeks. Reopening it must neither pretend nothing changed
nor throw the reader's answers away. So this module

1. **refits** the saved answers to the current questionnaire (:func:`refit`): each answer the
   current question still accepts is kept; an answer the question now refuses is *asked again*;
   an answer to a question that no longer exists is *reported* with what the reader had said —
   never dropped without a word;
2. **re-assesses** the refitted answers under the current rules, as on ``today``, and
3. **compares** (:func:`compare`) that result with the snapshot saved in the case file: paths
   and the plan's actions (each with its own reason, the *why*) and warnings added, removed or
   reworded, the readiness, the plan (the offer the reader would make), the new reasons, and
   ticked paths or actions that are no longer advised.

:func:`changes` does all three and adds ``summary``: the sentences the page shows before the new
result. :func:`reopen` does the same for the progress the self-assessment page keeps on the
device, which records the rules and questionnaire its result was assessed under
(:func:`guide_engine.casefile.assessed`): reopened under other rules or questions, it is
re-assessed and compared exactly as an imported file would be. It uses only the public session
API (``view``, ``profile``) on states it builds, so the rules for what an answer may be stay in
one place.

Error codes: whatever :func:`guide_engine.casefile.import_case` raises for a bad case file
(``case_*``, :class:`~guide_engine.casefile.InvalidCase`; a saved progress record that cannot be
read is ``case_malformed`` naming the part, as a file would be); ``invalid_date`` (GuideError) for
a ``today`` that is not a date; ``unexpected`` (GuideError) from the boundary. Nothing new.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from . import casefile
from .errors import GuideError, InvalidState
from .guard import guarded
from .money import for_people

READINESS_LABELS = {"high": "高", "medium": "中", "low": "低"}
#: What the reader is told after saved progress that cannot be read (the page starts afresh).
_AGAIN = "页面会按现在的问题重新开始，你可以重新回答。"


def _flow_for(case: dict[str, Any], flow: Any) -> Any:
    from . import load_flow

    return flow if flow is not None else load_flow(case["flow"]["id"])


def _empty_groups(flow: Any) -> dict[str, Any]:
    return {group.id: {"items": [{}], "closed": False} for group in flow.groups}


def _fits(flow: Any, question_id: str, value: Any, group: str = "") -> str:
    """Whether the current flow takes this saved answer (of an item of ``group``, when given):
    "ok", "refused" or "gone" (no such question)."""
    from . import profile

    probe: dict[str, Any] = {"flow": flow.id, "version": flow.version, "answers": {}}
    if flow.groups:
        probe["groups"] = _empty_groups(flow)
    if group and group in probe.get("groups", {}):
        probe["groups"][group] = {"items": [{question_id: value}], "closed": False}
    else:
        probe["answers"] = {question_id: value}
    try:
        profile(probe, flow=flow)
    except InvalidState as exc:
        if exc.code == "unknown_question":
            return "gone"
        if exc.code == "bad_answer":
            return "refused"
        raise
    return "ok"


def _carried_over(case: dict[str, Any], flow: Any) -> tuple[dict, dict, list[str]]:
    """(answers, groups, notes) of the case, carried over to the flow's version when the case
    was saved under an older one (:mod:`guide_engine.migrations`)."""
    from . import migrations

    answers = case["session"]["answers"]
    groups = case["session"].get("groups", {})
    notes: list[str] = []
    version = case["flow"]["version"]
    while version < flow.version and (step := migrations.step_for(flow.id, version)):
        answers, groups, step_notes = step(answers)
        notes.extend(step_notes)
        version += 1
    return answers, groups, notes


def _refit(case: dict[str, Any], flow: Any) -> dict[str, Any]:
    the_flow = _flow_for(case, flow)
    labels = {a["id"]: a for a in (case["result"] or {}).get("answers", [])}
    answers, saved_groups, notes = _carried_over(case, the_flow)
    ask_again = []
    gone = []

    def fitted(given: dict[str, Any], group: str = "") -> dict[str, Any]:
        kept: dict[str, Any] = {}
        for question_id, value in given.items():
            status = _fits(the_flow, question_id, value, group)
            before = labels.get(question_id, {}).get("answer_label")
            if status == "ok":
                kept[question_id] = value
            elif status == "refused":
                question = the_flow.question(question_id)
                ask_again.append(
                    {
                        "id": question_id,
                        "short": question.label,
                        "text": question.text,
                        "before": before,
                    }
                )
            else:
                gone.append(
                    {
                        "id": question_id,
                        "short": labels.get(question_id, {}).get("short"),
                        "before": before,
                    }
                )
        return kept

    kept = fitted(answers)
    order = [q.id for q in the_flow.questions]
    draft = {
        key: value
        for key, value in case["session"]["draft"].items()
        if _fits(the_flow, key, value) == "ok"
    }
    state: dict[str, Any] = {
        "flow": the_flow.id,
        "version": the_flow.version,
        "answers": {key: kept[key] for key in order if key in kept},
    }
    if the_flow.groups:
        state["groups"] = {}
        for group in the_flow.groups:
            entry = saved_groups.get(group.id) or {"items": [{}], "closed": False}
            items = [fitted(item, group.id) for item in entry["items"][: group.max]] or [{}]
            state["groups"][group.id] = {"items": items, "closed": bool(entry["closed"])}
        draft = {}  # a draft inside a group belongs to one item: the reader answers it again
    state["draft"] = draft
    ask_again.sort(key=lambda item: order.index(item["id"]))
    return {
        "state": state,
        "ask_again": ask_again,
        "no_longer_asked": gone,
        "notes": notes,
        "flow": {"saved": case["flow"]["version"], "current": the_flow.version},
    }


@guarded("案卷没能重新评估，请刷新页面后再试。")
def refit(case: Any, *, flow: Any = None) -> dict[str, Any]:
    """The saved answers fitted to the current questionnaire.

    ``{"state": a valid session state (current version), "ask_again": [{id, short, text,
    before}], "no_longer_asked": [{id, short, before}], "notes": [sentences], "flow": {"saved",
    "current"}}``; ``before`` is what the reader had answered, in words, when the case file
    recorded it. A case saved under an older flow version is first carried over as the wizard
    carries saved progress (:mod:`guide_engine.migrations`); ``notes`` are its words about
    answers that moved or must be given again.
    """
    return _refit(casefile.import_case(case, flow=flow), flow)


def _by_id(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {item["id"]: item for item in items}


def _diff(before: list[dict[str, Any]], after: list[dict[str, Any]], texts: tuple[str, ...]):
    old, new = _by_id(before), _by_id(after)
    added = [new[key] for key in new if key not in old]
    removed = [old[key] for key in old if key not in new]
    reworded = [
        {
            "id": key,
            "before": {t: old[key][t] for t in texts},
            "after": {t: new[key][t] for t in texts},
        }
        for key in new
        if key in old and any(old[key][t] != new[key][t] for t in texts)
    ]
    return {"added": added, "removed": removed, "reworded": reworded}


def _plan_words(plan: dict[str, Any] | None) -> str:
    if plan is None:
        return "没有还款计划"
    words = f"每月约 {for_people(plan['monthly_payment'])} 元、共 {plan['months']} 个月"
    return words + ("" if plan["affordable"] else "（按你的收支还不上）")


@guarded("案卷没能重新评估，请刷新页面后再试。")
def compare(before: Any, after: dict[str, Any], done: Any = None) -> dict[str, Any]:
    """What differs between a saved result snapshot and a new assessment.

    ``before``: the case file's ``result`` (checked here); ``after``: :func:`guide_engine.assess`
    output; ``done``: the case's ticks. Returns ``{"changed", "readiness": {before, after} |
    None, "paths": {added, removed, reworded}, "actions": {…} | None (the snapshot recorded no
    actions), "warnings": {…}, "plan": {before, after} | None, "reasons": [new reason texts],
    "done_dropped": [{id, title}]}``.
    """
    old = casefile.check_snapshot(before)
    ticked = casefile.check_done(done if done is not None else {})
    if old is None:
        raise GuideError("没有保存时的结果，无法比较。", code="case_malformed", part="result")
    paths = _diff(
        old["paths"],
        [{"id": p["id"], "title": p["title"], "why": p["why"]} for p in after["paths"]],
        ("title", "why"),
    )
    warnings = _diff(
        old["warnings"], [{"id": w["id"], "text": w["text"]} for w in after["warnings"]], ("text",)
    )
    actions = None
    if old["actions"] is not None:
        actions = _diff(
            old["actions"],
            [{key: a[key] for key in ("id", "when", "text", "reason")} for a in after["actions"]],
            ("when", "text"),
        )
    plan = None if old["plan"] == after["plan"] else {"before": old["plan"], "after": after["plan"]}
    readiness = (
        None
        if old["readiness"] == after["readiness"]
        else {"before": old["readiness"], "after": after["readiness"]}
    )
    reasons = [text for text in after["reasons"] if text not in old["reasons"]]
    advised = {p["id"] for p in after["paths"]} | {a["id"] for a in after["actions"]}
    titles = {a["id"]: a["text"] for a in old["actions"] or []}
    titles.update({p["id"]: p["title"] for p in old["paths"]})
    done_dropped = [
        {"id": key, "title": titles[key]} for key in ticked if key in titles and key not in advised
    ]
    changed = bool(
        readiness
        or plan
        or any(paths.values())
        or any(warnings.values())
        or (actions and any(actions.values()))
        or done_dropped
    )
    return {
        "changed": changed,
        "readiness": readiness,
        "paths": {key: _strip(value) for key, value in paths.items()},
        "actions": actions,
        "warnings": {key: _strip(value) for key, value in warnings.items()},
        "plan": plan,
        "reasons": reasons if changed else [],
        "done_dropped": done_dropped,
    }


def _strip(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in item.items() if k != "source_id"} for item in items]


def _summary(report: dict[str, Any]) -> list[str]:
    lines = []
    flow = report["flow"]
    if flow["saved"] != flow["current"]:
        lines.append(
            f"自测的问题更新过（保存时是第 {flow['saved']} 版，现在是第 {flow['current']} 版）。"
        )
    if report["rules"]["saved"] is None:
        lines.append("这个案卷没有记下当时的评估规则版本，下面按现在的规则重新评估了你的情况。")
    elif report["rules"]["saved"] != report["rules"]["current"]:
        lines.append("评估规则或资料更新过，下面按现在的规则重新评估了你的情况。")
    lines.extend(report["notes"])
    for item in report["ask_again"]:
        before = f"（之前的回答：{item['before']}）" if item["before"] else ""
        lines.append(f"“{item['short']}”需要重新回答：这个问题的选项或范围改过了{before}。")
    for item in report["no_longer_asked"]:
        name = f"“{item['short']}”" if item["short"] else "有一个问题"
        before = f"，之前的回答（{item['before']}）不再使用" if item["before"] else ""
        lines.append(f"{name}现在已经不问了{before}。")
    diff = report["result"]
    if not report["finished"]:
        lines.append("回答完需要补充的问题后，会显示新的结果和变化。")
        return lines
    if diff is None:
        if report["assessment"] is not None and not report["saved_result"]:
            lines.append("这个案卷没有保存上次的结果，无法逐项比较；下面是按现在的规则得出的结果。")
        return lines
    if diff["readiness"]:
        r = diff["readiness"]
        lines.append(
            f"准备程度从“{READINESS_LABELS[r['before']]}”变为“{READINESS_LABELS[r['after']]}”。"
        )
    for item in diff["paths"]["added"]:
        lines.append(f"新的建议：{item['title']}——{item['why']}")
    for item in diff["paths"]["removed"]:
        lines.append(f"不再建议：{item['title']}")
    for item in diff["paths"]["reworded"]:
        lines.append(f"建议的内容有更新：{item['after']['title']}")
    actions = diff["actions"] or {"added": [], "removed": [], "reworded": []}
    for item in actions["added"]:
        lines.append(f"新的一步：{item['text']}（为什么：{item['reason']}）")
    for item in actions["removed"]:
        lines.append(f"不再需要的一步：{item['text']}")
    for item in actions["reworded"]:
        lines.append(f"这一步有更新：{item['after']['text']}")
    for item in diff["warnings"]["added"]:
        lines.append(f"新的提醒：{item['text']}")
    for item in diff["warnings"]["removed"]:
        lines.append(f"不再提醒：{item['text']}")
    for item in diff["warnings"]["reworded"]:
        lines.append(f"提醒的内容有更新：{item['after']['text']}")
    if diff["plan"]:
        lines.append(
            f"还款计划：原来{_plan_words(diff['plan']['before'])}，现在{_plan_words(diff['plan']['after'])}。"
        )
    for item in diff["done_dropped"]:
        lines.append(f"你勾选过的“{item['title']}”已经不在建议里了。")
    if diff["changed"] and diff["reasons"]:
        lines.append("原因：" + "".join(diff["reasons"]))
    if not diff["changed"]:
        lines.append("和上次保存时相比，建议没有变化。")
    return lines


@guarded("案卷没能重新评估，请刷新页面后再试。")
def changes(case: Any, today: _dt.date, *, flow: Any = None) -> dict[str, Any]:
    """Reopen a case: refit its answers, re-assess them as on ``today``, compare, summarise.

    Returns ``{"changed", "flow": {saved, current}, "rules": {saved, current}, "state",
    "ask_again", "no_longer_asked", "finished", "saved_result": bool, "result": compare(...) |
    None, "assessment": the new assessment | None, "summary": [sentences]}``. ``result`` is None
    while questions remain to be answered or when the file kept no result to compare with.
    """
    if isinstance(today, _dt.datetime) or not isinstance(today, _dt.date):
        raise GuideError("today 必须是日期（datetime.date）。", code="invalid_date")
    from . import assess, profile, view

    checked = casefile.import_case(case, flow=flow)
    report = _refit(checked, flow)
    state = report["state"]
    shown = view(state, flow=flow)
    finished = shown["type"] == "result"
    assessment = None
    if finished and shown["assessment"] is not None:
        assessment = assess(profile(state, flow=flow), today=today)
    diff = None
    if assessment is not None and checked["result"] is not None:
        diff = compare(checked["result"], assessment, checked["done"])
    report = {
        **report,
        "rules": {"saved": checked["rules_version"], "current": casefile.rules_version()},
        "finished": finished,
        "saved_result": checked["result"] is not None,
        "result": diff,
        "assessment": assessment,
    }
    report["changed"] = bool(
        report["ask_again"]
        or report["no_longer_asked"]
        or report["flow"]["saved"] != report["flow"]["current"]
        or (diff and diff["changed"])
    )
    report["summary"] = _summary(report)
    return report


def _progress_case(record: Any, done: Any) -> dict[str, Any] | None:
    """A saved progress record as a case (not yet checked), or None when it recorded no result.

    ``record`` is what the page keeps (progress-store.js): ``{"state", "assessed": {"rules_version",
    "flow", "result"}, "saved", …}``; the page's own parts (view, screen) are not read.
    """
    if not isinstance(record, dict) or not isinstance(record.get("state"), dict):
        raise casefile.InvalidCase(
            f"之前保存的进度格式不对。{_AGAIN}", code="case_malformed", part="session"
        )
    mark = record.get("assessed")
    if mark is None:
        return None
    if not isinstance(mark, dict) or set(mark) != {"rules_version", "flow", "result"}:
        raise casefile.InvalidCase(
            f"之前保存的进度里记下的结果格式不对。{_AGAIN}", code="case_malformed", part="result"
        )
    state = record["state"]
    if mark["flow"] != {"id": state.get("flow"), "version": state.get("version")}:
        raise casefile.InvalidCase(
            f"之前保存的进度里记下的问卷和答案不一致。{_AGAIN}", code="case_malformed", part="flow"
        )
    return {
        "type": casefile.TYPE,
        "format": casefile.FORMAT,
        "flow": mark["flow"],
        "rules_version": mark["rules_version"],
        "saved_at": record.get("saved"),
        "session": {
            "answers": state.get("answers"),
            "draft": state.get("draft", {}),
            **({"groups": state["groups"]} if "groups" in state else {}),
        },
        "result": mark["result"],
        "done": {} if done is None else done,
        "journal": [],
        "documents": {},
    }


@guarded("之前保存的进度没能重新评估，请刷新页面后再试。")
def reopen(record: Any, today: _dt.date, *, done: Any = None, flow: Any = None) -> dict[str, Any]:
    """Saved progress reopened: ``{"stale": False}`` when it was assessed under the rules and
    questions of today (or recorded no result), else ``{"stale": True, **changes(…)}`` — the
    refitted state, the new assessment and the summary the page shows before the new result.

    ``done``: the plan's ticks kept beside the progress (named when no longer advised).
    """
    if isinstance(today, _dt.datetime) or not isinstance(today, _dt.date):
        raise GuideError("today 必须是日期（datetime.date）。", code="invalid_date")
    case = _progress_case(record, done)
    if case is None:
        return {"stale": False}
    checked = casefile.import_case(case, flow=flow)
    current = _flow_for(checked, flow)
    same_rules = checked["rules_version"] == casefile.rules_version()
    if same_rules and checked["flow"]["version"] == current.version:
        return {"stale": False}
    return {"stale": True, **changes(checked, today, flow=flow)}
