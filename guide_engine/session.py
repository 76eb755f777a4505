"""Interview sessions: pure functions over a small JSON-serialisable state.

Why pure functions over plain data: the same session runs in the terminal, in a browser tab (on
Pyodide, saved in the reader's own ``localStorage`` between visits) and in tests. Nothing is kept
between calls, so a state can be saved, reloaded, replayed or thrown away freely, and no call can
leave anything half-changed.

The state::

    {"flow": "self_assessment",      # flow id
     "version": 2,                   # flow version the answers were given under
     "answers": {"sued": false, "willing_to_repay": true, ...},  # question id -> answer
     "groups": {"debts": {"items": [{"lender": "citic", ...}, {...}],   # per item: id -> answer
                          "closed": false}},
     "draft": {"lender": "citic"}}   # optional: the previous answer of the current step

``groups`` is there only for a flow with repeatable groups (one entry per group, always). An item
after item k means "yes, add another" was said after item k; ``closed`` means "no more" was said
after the last one (or the group's ``max`` items were given). A group always has at least one
item (``[]`` reads as one empty item).

There is no cursor: the current step is *derived* — the first question, in flow order (a group's
questions once per item, then "add another?"), whose ``when`` holds over the answers before it
(inside a group: the answers asked once and those of the same item) and that has no answer yet.
When there is none, the interview is finished and :func:`view` shows the result. Consequences,
all intended:

* Answering a question re-derives everything; answers to questions that are no longer asked
  (their condition became false) are dropped, so changing an earlier answer never leaves a stale
  answer behind (``hardship`` emptied → ``hardship_proof`` goes, and its default applies).
* :func:`back` goes one step back: it removes the answer of the step before the current one (or
  of the last one, on the result) and keeps it as the ``draft``. Stepping back over "add
  another?" removes the new, still empty item (or reopens a closed group). Back then the same
  answer again gives back exactly the state you had.
* :func:`edit` jumps to any answered question (from a review screen, :func:`answers_summary`;
  ``item`` says which item of a group), or with the group's id to its closing "add another?":
  its answer becomes the draft; later answers are *kept*. After the new answer the interview
  continues at the first step still unanswered, and answers that no longer apply are dropped.
* :func:`remove_item` takes one item out of a group (from the review); the others keep their
  answers and their order.

Errors: a state that is not exactly this shape, names an unknown flow or question, carries an
answer that the question would refuse, or was saved under another flow version raises
:class:`InvalidState`. A state saved under an *older* version is first given to :func:`migrate`,
which carries its answers over (:mod:`guide_engine.migrations`) instead of wiping them.
A bad answer raises :class:`InvalidAnswer` with a stable code and a Chinese message saying what to
enter instead. Nothing else ever escapes: unexpected errors are turned into a :class:`GuideError`
at the boundary. The state given is never modified; every call returns a new dict.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import Any

from . import conditions, migrations, vocabulary
from .errors import GuideError, InvalidAnswer, InvalidState
from .flow import Flow, Group, Question, load_flow
from .flow.fill import fill
from .guard import guarded
from .text import number_text

_STATE_KEYS = {"flow", "version", "answers", "groups", "draft"}
_RESTART = "请重新开始自测（之前的答案需要重新填写）。"

#: Nothing but a GuideError leaves a public call (weird JSON must not crash a page): the one
#: boundary the case modules use too (:mod:`guide_engine.guard`).
_boundary = guarded("出现了意外的错误，请刷新页面或重新开始自测。")


@dataclass(frozen=True)
class _Step:
    """One step of the interview: a question (of an item, for a group) or a group's "add another?"."""

    question: Question | None  # None: the group's "add another?" (more)
    group: Group | None = None
    item: int | None = None  # 0-based item index inside the group
    value: Any = None

    @property
    def key(self) -> str:
        """The draft key: the question id, or the group id for "add another?"."""
        return self.question.id if self.question is not None else self.group.id  # type: ignore[union-attr]


@dataclass
class _Walk:
    """Everything derived from a flow and its answers in one pass in flow order."""

    flow: Flow
    answers: dict[str, Any]  # kept answers asked once, flow order
    values: dict[str, Any]  # field -> answer or default of a skipped question (asked once)
    items: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # kept, per item
    item_values: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    closed: dict[str, bool] = field(default_factory=dict)
    steps: list[_Step] = field(default_factory=list)  # asked and answered, in order
    current: _Step | None = None
    current_at: int = 0  # how many steps come before the current one
    estimate: int = 0  # steps taken or possibly taken


def _walk(flow: Flow, answers: dict[str, Any], groups: dict[str, dict[str, Any]]) -> _Walk:
    walk = _Walk(flow=flow, answers={}, values={})
    index = 0
    while index < len(flow.questions):
        question = flow.questions[index]
        if question.group:
            group = flow.group(question.group)
            assert group is not None  # the loader guarantees it
            _walk_group(walk, group, groups.get(group.id, {}))
            index += len(group.questions)
            continue
        index += 1
        status = _status(walk, question, walk.values)
        if status is False:
            if question.has_default:
                walk.values[question.field] = question.default_value()
            continue
        walk.estimate += 1
        if question.id in answers:
            value = answers[question.id]
            walk.answers[question.id] = value
            walk.values[question.field] = value
            if status is True:
                walk.steps.append(_Step(question, value=value))
        else:
            _found(walk, _Step(question))
    return walk


def _status(walk: _Walk, question: Question, values: dict[str, Any]) -> bool | None:
    """True: asked; False: skipped; None: not known yet (it reads the current question's field)."""
    if question.when is None:
        return True
    status = conditions.evaluate(question.when, values)
    if status is None and walk.current is None:
        return False  # cannot happen in a checked flow: earlier fields are all known here
    return status


def _found(walk: _Walk, step: _Step) -> None:
    if walk.current is None:
        walk.current = step
        walk.current_at = len(walk.steps)


def _walk_group(walk: _Walk, group: Group, saved: dict[str, Any]) -> None:
    members = [walk.flow.question(qid) for qid in group.questions]
    items = list(saved.get("items") or [{}])
    closed = bool(saved.get("closed", False)) or len(items) >= group.max
    kept_items: list[dict[str, Any]] = []
    values_list: list[dict[str, Any]] = []
    for number, item in enumerate(items):
        kept: dict[str, Any] = {}
        item_values: dict[str, Any] = {}
        for question in members:
            assert question is not None
            status = _status(walk, question, {**walk.values, **item_values})
            if status is False:
                if question.has_default:
                    item_values[question.field] = question.default_value()
                continue
            walk.estimate += 1
            if question.id in item:
                value = item[question.id]
                kept[question.id] = value
                item_values[question.field] = value
                if status is True:
                    walk.steps.append(_Step(question, group, number, value))
            else:
                _found(walk, _Step(question, group, number))
        kept_items.append(kept)
        values_list.append(item_values)
        if len(items) >= group.max and number == len(items) - 1:
            continue  # the last item allowed: nothing more to ask
        walk.estimate += 1
        if number < len(items) - 1:
            walk.steps.append(_Step(None, group, number, True))
        elif closed:
            walk.steps.append(_Step(None, group, number, False))
        else:
            _found(walk, _Step(None, group, number))
    walk.items[group.id] = kept_items
    walk.item_values[group.id] = values_list
    walk.closed[group.id] = closed


def _resolve(flow_id: Any, flow: Flow | None) -> Flow:
    if flow is not None:
        if flow_id != flow.id:
            raise InvalidState(f"保存的进度属于另一份问卷。{_RESTART}", code="unknown_flow")
        return flow
    if not isinstance(flow_id, str):
        raise InvalidState(f"保存的进度缺少问卷名称。{_RESTART}", code="state_malformed")
    try:
        return load_flow(flow_id)
    except GuideError as exc:
        if exc.code == "unknown_flow":
            raise InvalidState(
                f"保存的进度属于一份已经不存在的问卷。{_RESTART}", code="unknown_flow"
            ) from None
        raise


@dataclass(frozen=True)
class _Loaded:
    flow: Flow
    answers: dict[str, Any]
    groups: dict[str, dict[str, Any]]
    draft: dict[str, Any]

    def walk(self) -> _Walk:
        return _walk(self.flow, self.answers, self.groups)


def _malformed(why: str) -> InvalidState:
    return InvalidState(f"保存的进度被改动过（{why}）。{_RESTART}", code="state_malformed")


def _load(state: Any, flow: Flow | None) -> _Loaded:
    """The state checked and normalised; InvalidState if anything is off."""
    if not isinstance(state, dict):
        raise InvalidState(
            f"保存的进度格式不对（应为一个对象）。{_RESTART}", code="state_not_object"
        )
    keys = set(state)
    if not {"flow", "version", "answers"} <= keys or not keys <= _STATE_KEYS:
        raise InvalidState(f"保存的进度不完整或被改动过。{_RESTART}", code="state_malformed")
    the_flow = _resolve(state["flow"], flow)
    version = state["version"]
    if not isinstance(version, int) or isinstance(version, bool) or version != the_flow.version:
        raise InvalidState(
            f"问卷已经更新（保存的进度是旧版本的），旧答案不能直接沿用。{_RESTART}",
            code="stale_version",
            saved=version if isinstance(version, int) else None,
            current=the_flow.version,
        )
    if ("groups" in state) != bool(the_flow.groups):
        raise InvalidState(f"保存的进度不完整或被改动过。{_RESTART}", code="state_malformed")
    raw_answers = state["answers"]
    raw_draft = state.get("draft", {})
    if not isinstance(raw_answers, dict) or not isinstance(raw_draft, dict):
        raise _malformed("答案格式不对")
    if len(raw_answers) > len(the_flow.questions) or len(raw_draft) > 1:
        raise _malformed("答案太多")
    answers = _checked(the_flow, raw_answers, "")
    groups = _checked_groups(the_flow, state.get("groups"))
    draft = _checked_draft(the_flow, raw_draft)
    return _Loaded(the_flow, answers, groups, draft)


def _checked_groups(flow: Flow, raw: Any) -> dict[str, dict[str, Any]]:
    if not flow.groups:
        return {}
    if not isinstance(raw, dict) or set(raw) != {g.id for g in flow.groups}:
        raise _malformed("分组的答案格式不对")
    out: dict[str, dict[str, Any]] = {}
    for group in flow.groups:
        entry = raw[group.id]
        if (
            not isinstance(entry, dict)
            or set(entry) != {"items", "closed"}
            or not isinstance(entry["items"], list)
            or not isinstance(entry["closed"], bool)
            or len(entry["items"]) > group.max
            or not all(isinstance(item, dict) for item in entry["items"])
        ):
            raise _malformed(f"“{group.short}”的格式不对")
        out[group.id] = {
            "items": [_checked(flow, item, group.id) for item in entry["items"]],
            "closed": entry["closed"],
        }
    return out


def _checked_draft(flow: Flow, raw: dict[Any, Any]) -> dict[str, Any]:
    for key, value in raw.items():
        group = flow.group(key) if isinstance(key, str) else None
        if group is not None:
            if not isinstance(value, bool):
                raise InvalidState(
                    f"保存的进度里“{group.short}”的答案无效。{_RESTART}", code="bad_answer"
                )
            return {key: value}
    question = flow.question(next(iter(raw))) if raw and isinstance(next(iter(raw)), str) else None
    return _checked(flow, raw, question.group if question is not None else "")


def _checked(flow: Flow, raw: dict[Any, Any], group: str) -> dict[str, Any]:
    """Answers checked against their questions: those asked once, or those of one ``group`` item."""
    out: dict[str, Any] = {}
    if len(raw) > len(flow.questions):
        raise _malformed("答案太多")
    for key, value in raw.items():
        question = flow.question(key) if isinstance(key, str) else None
        if question is None or question.group != group:
            raise InvalidState(f"保存的进度里有不认识的问题。{_RESTART}", code="unknown_question")
        try:
            out[key] = question.accept(value)
        except GuideError:
            raise InvalidState(
                f"保存的进度里“{question.label}”的答案无效。{_RESTART}",
                code="bad_answer",
                question=key,
            ) from None
    return out


def _state(
    flow: Flow,
    answers: dict[str, Any],
    groups: dict[str, dict[str, Any]],
    draft: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The canonical state after re-deriving which answers still apply."""
    walk = _walk(flow, answers, groups)
    kept_draft = {}
    if draft and walk.current is not None and walk.current.key in draft:
        kept_draft = {walk.current.key: _copy(draft[walk.current.key])}
    state: dict[str, Any] = {
        "flow": flow.id,
        "version": flow.version,
        "answers": {key: _copy(value) for key, value in walk.answers.items()},
    }
    if flow.groups:
        state["groups"] = {
            group.id: {
                "items": [
                    {key: _copy(value) for key, value in item.items()}
                    for item in walk.items[group.id]
                ],
                "closed": walk.closed[group.id],
            }
            for group in flow.groups
        }
    state["draft"] = kept_draft
    return state


def _copy(value: Any) -> Any:
    return list(value) if isinstance(value, list) else value


def _with_items(
    loaded: _Loaded, group: Group, items: list[dict[str, Any]], closed: bool
) -> dict[str, dict[str, Any]]:
    return {**loaded.groups, group.id: {"items": items, "closed": closed}}


def _without(loaded: _Loaded, walk: _Walk, step: _Step) -> tuple[dict, dict]:
    """(answers, groups) with the answer of ``step`` taken away (the step becomes current)."""
    if step.question is None:
        group = step.group
        assert group is not None and step.item is not None
        items = walk.items[group.id]
        if step.value is True:  # "yes, add another": the new, empty item goes
            return loaded.answers, _with_items(loaded, group, items[: step.item + 1], False)
        return loaded.answers, _with_items(loaded, group, items, False)
    if step.group is None:
        rest = {key: value for key, value in walk.answers.items() if key != step.question.id}
        return rest, loaded.groups
    assert step.item is not None
    items = [dict(item) for item in walk.items[step.group.id]]
    items[step.item].pop(step.question.id, None)
    return loaded.answers, _with_items(loaded, step.group, items, walk.closed[step.group.id])


# --------------------------------------------------------------------------- public API


@_boundary
def start(flow_id: str | Flow = "self_assessment") -> dict[str, Any]:
    """A fresh state for the flow ``flow_id`` (or a :class:`Flow` object, for tests and tools)."""
    flow = flow_id if isinstance(flow_id, Flow) else load_flow(flow_id)
    return _state(flow, {}, {})


def question_input(question: Question | None) -> dict[str, Any]:
    """The ``input`` part of a question view (``None``: a group's "add another?"); also written
    into the wizard page for its page-side walk (:mod:`guide_engine.flow_export`)."""
    kind = question.kind if question is not None else "yesno"
    number = kind == "number"
    return {
        "kind": kind,
        "options": vocabulary.yes_no()
        if kind == "yesno"
        else [
            {"id": o.id, "label": o.label, **({"help": o.help} if o.help else {})}
            for o in question.options  # type: ignore[union-attr]
        ],
        "min": question.min if number else None,  # type: ignore[union-attr]
        "max": question.max if number else None,  # type: ignore[union-attr]
        "unit": question.unit if number else None,  # type: ignore[union-attr]
        "integer": question.integer if number else False,  # type: ignore[union-attr]
        "max_length": question.max_length if kind == "text" else None,  # type: ignore[union-attr]
    }


def _step_view(step: _Step, draft: dict[str, Any]) -> dict[str, Any]:
    question, group = step.question, step.group
    has_draft = step.key in draft
    if question is None:
        assert group is not None
        value_label = _yes_no_label(draft[step.key]) if has_draft else None
        text, help_text, short, field_name = group.more, group.more_help, group.short, group.field
    else:
        value_label = answer_label(question, draft[step.key]) if has_draft else None
        text, help_text, short = question.text, question.help, question.label
        field_name = question.field
    return {
        "id": step.key,
        "field": field_name,
        "text": text,
        "help": help_text,
        "short": short,
        "input": question_input(question),
        "value": _copy(draft[step.key]) if has_draft else None,
        "value_label": value_label,
        "group": group.id if group is not None else None,
        "item": step.item,
    }


#: The progress in words, as templates: the wizard page's page-side walk fills the same ones
#: (:mod:`guide_engine.flow_export` writes them into the page), so the words are written once.
PROGRESS_WORDS = {
    "done": "已经答完",
    "question": "第 {n} 题",
    "more": "{short} · 已填 {count} {unit}",
    "item": "{short} · {title}，共 {count} {unit}",
}


def _progress(walk: _Walk) -> dict[str, Any]:
    """How far the reader is, in numbers and in words ("你的欠款 · 第 2 笔，共 3 笔")."""
    step = walk.current
    place = None
    if step is None:
        text = PROGRESS_WORDS["done"]
    elif step.group is None:
        text = PROGRESS_WORDS["question"].format(n=walk.current_at + 1)
    else:
        group, item = step.group, step.item or 0
        count = len(walk.items[group.id])
        place = {
            "id": group.id,
            "short": group.short,
            "item": item,
            "count": count,
            "max": group.max,
        }
        words = {"short": group.short, "count": count, "unit": group.unit}
        if step.question is None:
            text = PROGRESS_WORDS["more"].format(**words)
        else:
            text = PROGRESS_WORDS["item"].format(**words, title=group.item_title(item))
    return {
        "answered": len(walk.steps),
        "estimate": walk.estimate,
        "text": text,
        "group": place,
    }


def _profile(walk: _Walk) -> dict[str, Any]:
    return fill(walk.flow, walk.values, walk.item_values)


def _day(today: Any) -> _dt.date | None:
    """The caller's date (``"2026-12-01"`` or a date), or None for the clock; InvalidAnswer if bad."""
    if today is None or (isinstance(today, _dt.date) and not isinstance(today, _dt.datetime)):
        return today
    try:
        if isinstance(today, str) and len(today) == 10:
            return _dt.date.fromisoformat(today)
    except ValueError:
        pass
    raise InvalidAnswer(
        "今天的日期不对（应为 2026-12-01 这样的格式），请刷新页面再试。", code="invalid_date"
    )


@_boundary
def view(
    state: dict[str, Any], *, today: str | _dt.date | None = None, flow: Flow | None = None
) -> dict[str, Any]:
    """What to show now: the current question, or the result (profile + assessment).

    ``today`` is the caller's date (the page passes the device's local date, ``"2026-12-01"``):
    the result's deadlines, days left and the letter's date are counted from it, so the browser
    (whose Python clock runs in UTC) and the terminal agree. Default: the clock.
    """
    day = _day(today)
    loaded = _load(state, flow)
    walk = loaded.walk()
    common = {
        "flow": {"id": loaded.flow.id, "version": loaded.flow.version, "title": loaded.flow.title},
        "progress": _progress(walk),
        "can_back": _previous(walk) is not None,
    }
    if walk.current is None:
        profile_now = _profile(walk)
        assessment = draft_letter = plan = None
        if loaded.flow.assess:
            # Imported here, at the first result: the questions need none of it, and the
            # browser's engine is ready sooner without it (the worker loads it while idle).
            from .assessment import assess
            from .letter import first_letter
            from .plan_view import plan_view

            assessment = assess(profile_now, day)
            draft_letter = first_letter(profile_now, None, day)
            plan = plan_view(assessment, profile_now)
        return {
            "type": "result",
            "profile": profile_now,
            "assessment": assessment,
            "plan": plan,
            "letter": draft_letter,
            "summary": _summary(walk),
            **common,
        }
    return {"type": "question", "question": _step_view(walk.current, loaded.draft), **common}


@_boundary
def answer(
    state: dict[str, Any],
    value: Any,
    *,
    today: str | _dt.date | None = None,
    flow: Flow | None = None,
) -> dict[str, Any]:
    """A new state with ``value`` as the answer to the current question.

    ``value``: an option id (single), a list of option ids (multi, may be empty), a bool (yesno,
    and a group's "add another?"), an int or float — or the text of one, such as ``"3,000"``
    (number), a date as ``"2026-11-20"`` (date), a str (text). A date after ``today`` (the
    caller's date, as for :func:`view`; default: the clock) is refused.
    """
    day = _day(today) or _dt.date.today()
    loaded = _load(state, flow)
    walk = loaded.walk()
    step = walk.current
    if step is None:
        raise InvalidAnswer(
            "问题已经全部答完，没有需要回答的问题了。如需修改，请返回上一步或选择要修改的问题。",
            code="finished",
        )
    if step.question is None:
        group = step.group
        assert group is not None
        if not isinstance(value, bool):
            raise InvalidAnswer("请回答“是”或“否”。", code="not_yes_no", question=group.id)
        items = walk.items[group.id]
        grown = [*items, {}] if value else items
        return _state(loaded.flow, loaded.answers, _with_items(loaded, group, grown, not value))
    try:
        accepted = step.question.accept(value, day)
    except GuideError:
        raise
    except Exception:  # noqa: BLE001
        raise InvalidAnswer(
            "这个答案无法识别，请按提示重新填写。", code="unreadable", question=step.question.id
        ) from None
    if step.group is None:
        return _state(loaded.flow, {**loaded.answers, step.question.id: accepted}, loaded.groups)
    items = [dict(item) for item in walk.items[step.group.id]]
    items[step.item or 0][step.question.id] = accepted
    return _state(
        loaded.flow,
        loaded.answers,
        _with_items(loaded, step.group, items, walk.closed[step.group.id]),
    )


def _previous(walk: _Walk) -> _Step | None:
    """The step to go back to: the one before the current one (the last one, on the result).

    "Yes, add another" is stepped back over only while the new item is still empty and last
    (going back to it otherwise would throw away answers); then the step before it is taken.
    """
    before = walk.steps if walk.current is None else walk.steps[: walk.current_at]
    for step in reversed(before):
        if step.question is None and step.value is True:
            items = walk.items[step.group.id]  # type: ignore[union-attr]
            if step.item != len(items) - 2 or items[-1]:
                continue
        return step
    return None


@_boundary
def back(state: dict[str, Any], *, flow: Flow | None = None) -> dict[str, Any]:
    """A new state one step back; at the first question, an equal copy of the state."""
    loaded = _load(state, flow)
    walk = loaded.walk()
    target = _previous(walk)
    if target is None:
        return _state(loaded.flow, loaded.answers, loaded.groups, loaded.draft)
    answers, groups = _without(loaded, walk, target)
    return _state(loaded.flow, answers, groups, {target.key: target.value})


def _not_editable(question_id: Any) -> InvalidAnswer:
    return InvalidAnswer(
        "这个问题现在不能修改（还没有回答过，或者根据你的其他答案不需要回答）。",
        code="not_editable",
        question=str(question_id)[:40],
    )


@_boundary
def edit(
    state: dict[str, Any],
    question_id: str,
    item: int | None = None,
    *,
    flow: Flow | None = None,
) -> dict[str, Any]:
    """A new state at the answered question ``question_id``, later answers kept (see module doc).

    For a question of a group, ``item`` (0-based) says which item; the group's own id goes to its
    closing "add another?" (to add one more item from the review).
    """
    loaded = _load(state, flow)
    walk = loaded.walk()
    if item is not None and (isinstance(item, bool) or not isinstance(item, int)):
        raise _not_editable(question_id)
    if isinstance(question_id, str) and loaded.flow.group(question_id) is not None:
        matches = [
            s
            for s in walk.steps
            if s.question is None and s.key == question_id and s.value is False
        ]
    else:
        matches = [
            s
            for s in walk.steps
            if s.question is not None and s.question.id == question_id and s.item == item
        ]
    if not matches:
        raise _not_editable(question_id)
    target = matches[0]
    answers, groups = _without(loaded, walk, target)
    return _state(loaded.flow, answers, groups, {target.key: target.value})


@_boundary
def remove_item(
    state: dict[str, Any], group_id: str, item: int, *, flow: Flow | None = None
) -> dict[str, Any]:
    """A new state without item ``item`` (0-based) of the group ``group_id``; the rest are kept.

    The last remaining item cannot be removed (change its answers instead): a group always has
    at least one item, and a plan needs at least one debt.
    """
    loaded = _load(state, flow)
    walk = loaded.walk()
    group = loaded.flow.group(group_id) if isinstance(group_id, str) else None
    if group is None:
        raise InvalidAnswer("没有这一组问题。", code="not_editable", question=str(group_id)[:40])
    items = walk.items[group.id]
    if isinstance(item, bool) or not isinstance(item, int) or not 0 <= item < len(items):
        raise InvalidAnswer(f"没有{group.short}的这一项。", code="not_editable", question=group.id)
    if len(items) == 1:
        raise InvalidAnswer(
            f"{group.short}至少要留一{group.unit}；要改，请直接修改它的回答。",
            code="last_item",
            question=group.id,
        )
    rest = [dict(entry) for number, entry in enumerate(items) if number != item]
    return _state(
        loaded.flow, loaded.answers, _with_items(loaded, group, rest, walk.closed[group.id])
    )


def _carried(flow: Flow, raw: dict[str, Any], group: str, notes: list[str]) -> dict[str, Any]:
    """The answers of a migrated state that the current questions take; the others are left
    out, to be asked again, each with a note."""
    out: dict[str, Any] = {}
    for key, value in raw.items():
        question = flow.question(key)
        if question is None or question.group != group:
            continue  # the migration step maps every id it knows: nothing else is an answer
        try:
            out[key] = question.accept(value)
        except GuideError:
            notes.append(f"“{question.label}”的回答需要重新填写。")
    return out


@_boundary
def migrate(state: dict[str, Any], *, flow: Flow | None = None) -> dict[str, Any]:
    """A saved state of an older flow version carried over to the current one:
    ``{"state", "notes"}`` (:mod:`guide_engine.migrations`).

    Answers that still fit are kept (version 1's single debt becomes the household's first debt);
    one that no longer fits is left out, so the interview asks it again, and ``notes`` says so
    in words for the reader. A state of the current version comes back checked, without notes.
    A state that cannot be carried over (tampered, a newer version, a flow without a step for
    it) raises :class:`InvalidState`, as :func:`view` would.
    """
    if not isinstance(state, dict):
        _load(state, flow)  # raises, in the usual words
    the_flow = _resolve(state.get("flow"), flow)
    version = state.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version >= the_flow.version:
        loaded = _load(state, flow)  # the current version, or one that cannot be carried over
        return {
            "state": _state(loaded.flow, loaded.answers, loaded.groups, loaded.draft),
            "notes": [],
        }
    answers, groups, notes = state.get("answers"), {}, []
    if not isinstance(answers, dict) or not set(state) <= _STATE_KEYS:
        raise _malformed("答案格式不对")
    while version < the_flow.version:
        step = migrations.step_for(the_flow.id, version)
        if step is None:
            break
        answers, groups, step_notes = step(answers)
        notes.extend(step_notes)
        version += 1
    if version != the_flow.version:
        _load(state, flow)  # raises stale_version, in the usual words
    kept = _carried(the_flow, answers, "", notes)
    kept_groups = {
        group.id: {
            "items": [
                _carried(the_flow, item, group.id, notes)
                for item in (groups.get(group.id) or {}).get("items", [{}])[: group.max]
            ],
            "closed": bool((groups.get(group.id) or {}).get("closed", False)),
        }
        for group in the_flow.groups
    }
    return {"state": _state(the_flow, kept, kept_groups), "notes": notes}


@_boundary
def profile(state: dict[str, Any], *, flow: Flow | None = None) -> dict[str, Any]:
    """The profile fields collected so far: answers, plus defaults of questions that were skipped.

    On a finished state this is the complete profile (for a flow with groups, their lists).
    """
    return _profile(_load(state, flow).walk())


def _yes_no_label(value: bool) -> str:
    return next(o["label"] for o in vocabulary.yes_no() if o["id"] is bool(value))


def answer_label(question: Question, value: Any) -> str:
    """An answer as the reader would say it (“信用卡”, “12,000 元”, “是”)."""
    if question.kind == "single":
        return question.option_label(value)
    if question.kind == "multi":
        return "、".join(question.option_label(item) for item in value) or "都没有"
    if question.kind == "yesno":
        return _yes_no_label(value)
    if question.kind == "number":
        return f"{number_text(value)} {question.unit}".strip()
    if question.kind == "date":
        year, month, day = value.split("-")
        return f"{int(year)}年{int(month)}月{int(day)}日"
    return value or "（未填写）"


@_boundary
def answers_summary(state: dict[str, Any], *, flow: Flow | None = None) -> list[dict[str, Any]]:
    """The answered questions in order, for a review screen.

    A question asked once: ``{id, text, short, answer, answer_label}`` (``id`` for :func:`edit`).
    A group, at its place: ``{id, group, text, short, answer (the number of items),
    answer_label ("2 笔"), unit ("笔"), can_add, can_remove, items: [{index, title ("第 1 笔"), answers:
    [{id, text, short, answer, answer_label, item}]}]}``; each answer can be edited with
    ``edit(state, id, item)``, an item removed with ``remove_item(state, group, index)`` while
    ``can_remove``, and ``edit(state, group)`` reopens "add another?" while ``can_add``.
    """
    return _summary(_load(state, flow).walk())


def _entry(question: Question, value: Any) -> dict[str, Any]:
    return {
        "id": question.id,
        "text": question.text,
        "short": question.label,
        "answer": _copy(value),
        "answer_label": answer_label(question, value),
    }


def _summary(walk: _Walk) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    blocks: dict[str, dict[str, Any]] = {}
    for step in walk.steps:
        group = step.group
        if group is None:
            assert step.question is not None
            out.append(_entry(step.question, step.value))
            continue
        if group.id not in blocks:
            count = len(walk.items[group.id])
            blocks[group.id] = {
                "id": group.id,
                "group": group.id,
                "text": group.more,
                "short": group.short,
                "answer": count,
                "answer_label": f"{count} {group.unit}",
                "unit": group.unit,
                "can_add": walk.closed[group.id] and count < group.max,
                "can_remove": count > 1,
                "items": [
                    {"index": number, "title": group.item_title(number), "answers": []}
                    for number in range(count)
                ],
            }
            out.append(blocks[group.id])
        if step.question is not None:
            entry = {**_entry(step.question, step.value), "item": step.item}
            blocks[group.id]["items"][step.item]["answers"].append(entry)  # type: ignore[index]
    return out
