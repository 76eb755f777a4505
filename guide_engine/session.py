"""Interview sessions: pure functions over a small JSON-serialisable state.

Why pure functions over plain data: the same session runs in the terminal, in a browser tab (on
Pyodide, saved in the reader's own ``localStorage`` between visits) and in tests. Nothing is kept
between calls, so a state can be saved, reloaded, replayed or thrown away freely, and no call can
leave anything half-changed.

The state::

    {"flow": "self_assessment",      # flow id
     "version": 1,                   # flow version the answers were given under
     "answers": {"sued": false, "bank": "citic", ...},   # question id -> normalised answer
     "draft": {"bank": "citic"}}     # optional: the previous answer of the current question

There is no cursor: the current question is *derived* — the first question, in flow order, whose
``when`` holds over the answers before it and that has no answer yet. When there is none, the
interview is finished and :func:`view` shows the result. Consequences, all intended:

* Answering a question re-derives everything; answers to questions that are no longer asked
  (their condition became false) are dropped, so changing an earlier answer never leaves a stale
  answer behind (``hardship`` emptied → ``hardship_proof`` goes, and its default applies).
* :func:`back` removes the answer of the question before the current one (or of the last one,
  on the result) and keeps it as the ``draft``, so the screen can show what was said before.
  Back then the same answer again gives back exactly the state you had.
* :func:`edit` jumps to any answered question (from a review screen, :func:`answers_summary`):
  its answer becomes the draft; later answers are *kept*. After the new answer the interview
  continues at the first question still unanswered — a question that has just become relevant,
  or straight to the result — and answers that no longer apply are dropped.

Errors: a state that is not exactly this shape, names an unknown flow or question, carries an
answer that the question would refuse, or was saved under another flow version raises
:class:`InvalidState` (a flow change can make old answers meaningless; the reader starts again).
A bad answer raises :class:`InvalidAnswer` with a stable code and a Chinese message saying what to
enter instead. Nothing else ever escapes: unexpected errors are turned into a :class:`GuideError`
at the boundary. The state given is never modified; every call returns a new dict.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from . import conditions, vocabulary
from .assessment import assess
from .errors import GuideError, InvalidAnswer, InvalidState
from .flow import Flow, Question, load_flow
from .guard import guarded
from .letter import letter
from .text import number_text

_STATE_KEYS = {"flow", "version", "answers", "draft"}
_RESTART = "请重新开始自测（之前的答案需要重新填写）。"

#: Nothing but a GuideError leaves a public call (weird JSON must not crash a page): the one
#: boundary the case modules use too (:mod:`guide_engine.guard`).
_boundary = guarded("出现了意外的错误，请刷新页面或重新开始自测。")


@dataclass
class _Walk:
    """Everything derived from a flow and its answers in one pass in flow order."""

    flow: Flow
    answers: dict[str, Any]  # kept answers, flow order
    values: dict[str, Any]  # field -> answer or default of a skipped question
    asked: list[Question] = field(default_factory=list)  # asked (condition true) and answered
    current: Question | None = None
    estimate: int = 0  # questions asked or possibly asked


def _walk(flow: Flow, answers: dict[str, Any]) -> _Walk:
    walk = _Walk(flow=flow, answers={}, values={})
    for question in flow.questions:
        status = True if question.when is None else conditions.evaluate(question.when, walk.values)
        if status is None and walk.current is None:
            status = False  # cannot happen in a checked flow: earlier fields are all known here
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
                walk.asked.append(question)
        elif walk.current is None:
            walk.current = question
    return walk


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


def _load(state: Any, flow: Flow | None) -> tuple[Flow, dict[str, Any], dict[str, Any]]:
    """(flow, answers, draft), checked and normalised; InvalidState if anything is off."""
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
    raw_answers = state["answers"]
    raw_draft = state.get("draft", {})
    if not isinstance(raw_answers, dict) or not isinstance(raw_draft, dict):
        raise InvalidState(
            f"保存的进度被改动过（答案格式不对）。{_RESTART}", code="state_malformed"
        )
    if len(raw_answers) > len(the_flow.questions) or len(raw_draft) > 1:
        raise InvalidState(f"保存的进度被改动过（答案太多）。{_RESTART}", code="state_malformed")
    answers = _checked(the_flow, raw_answers)
    draft = _checked(the_flow, raw_draft)
    return the_flow, answers, draft


def _checked(flow: Flow, raw: dict[Any, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in raw.items():
        question = flow.question(key) if isinstance(key, str) else None
        if question is None:
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
    flow: Flow, answers: dict[str, Any], draft: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The canonical state after re-deriving which answers still apply."""
    walk = _walk(flow, answers)
    kept_draft = {}
    if draft and walk.current is not None and walk.current.id in draft:
        kept_draft = {walk.current.id: _copy(draft[walk.current.id])}
    return {
        "flow": flow.id,
        "version": flow.version,
        "answers": {key: _copy(value) for key, value in walk.answers.items()},
        "draft": kept_draft,
    }


def _copy(value: Any) -> Any:
    return list(value) if isinstance(value, list) else value


# --------------------------------------------------------------------------- public API


@_boundary
def start(flow_id: str | Flow = "self_assessment") -> dict[str, Any]:
    """A fresh state for the flow ``flow_id`` (or a :class:`Flow` object, for tests and tools)."""
    flow = flow_id if isinstance(flow_id, Flow) else load_flow(flow_id)
    return _state(flow, {})


def _question_view(question: Question, draft: dict[str, Any]) -> dict[str, Any]:
    number = question.kind == "number"
    return {
        "id": question.id,
        "field": question.field,
        "text": question.text,
        "help": question.help,
        "short": question.label,
        "input": {
            "kind": question.kind,
            "options": vocabulary.yes_no()
            if question.kind == "yesno"
            else [
                {"id": o.id, "label": o.label, **({"help": o.help} if o.help else {})}
                for o in question.options
            ],
            "min": question.min if number else None,
            "max": question.max if number else None,
            "unit": question.unit if number else None,
            "integer": question.integer if number else False,
            "max_length": question.max_length if question.kind == "text" else None,
        },
        "value": _copy(draft[question.id]) if question.id in draft else None,
        "value_label": answer_label(question, draft[question.id]) if question.id in draft else None,
    }


def _profile(walk: _Walk) -> dict[str, Any]:
    return {
        q.field: _copy(walk.values[q.field]) for q in walk.flow.questions if q.field in walk.values
    }


@_boundary
def view(state: dict[str, Any], *, flow: Flow | None = None) -> dict[str, Any]:
    """What to show now: the current question, or the result (profile + assessment)."""
    the_flow, answers, draft = _load(state, flow)
    walk = _walk(the_flow, answers)
    common = {
        "flow": {"id": the_flow.id, "version": the_flow.version, "title": the_flow.title},
        "progress": {"answered": len(walk.answers), "estimate": walk.estimate},
        "can_back": bool(_previous(walk)),
    }
    if walk.current is None:
        profile_now = _profile(walk)
        assessment = draft_letter = None
        if the_flow.assess:
            assessment = assess(profile_now)
            draft_letter = letter(profile_now)
        return {
            "type": "result",
            "profile": profile_now,
            "assessment": assessment,
            "letter": draft_letter,
            "summary": _summary(walk, answers),
            **common,
        }
    return {"type": "question", "question": _question_view(walk.current, draft), **common}


@_boundary
def answer(state: dict[str, Any], value: Any, *, flow: Flow | None = None) -> dict[str, Any]:
    """A new state with ``value`` as the answer to the current question.

    ``value``: an option id (single), a list of option ids (multi, may be empty), a bool (yesno),
    an int or float — or the text of one, such as ``"3,000"`` (number), a str (text).
    """
    the_flow, answers, _draft = _load(state, flow)
    walk = _walk(the_flow, answers)
    if walk.current is None:
        raise InvalidAnswer(
            "问题已经全部答完，没有需要回答的问题了。如需修改，请返回上一步或选择要修改的问题。",
            code="finished",
        )
    try:
        accepted = walk.current.accept(value)
    except GuideError:
        raise
    except Exception:  # noqa: BLE001
        raise InvalidAnswer(
            "这个答案无法识别，请按提示重新填写。", code="unreadable", question=walk.current.id
        ) from None
    return _state(the_flow, {**answers, walk.current.id: accepted})


def _previous(walk: _Walk) -> Question | None:
    """The answered question before the current one (or the last one, on the result)."""
    if walk.current is None:
        return walk.asked[-1] if walk.asked else None
    position = walk.flow.questions.index(walk.current)
    before = [q for q in walk.asked if walk.flow.questions.index(q) < position]
    return before[-1] if before else None


@_boundary
def back(state: dict[str, Any], *, flow: Flow | None = None) -> dict[str, Any]:
    """A new state one question back; at the first question, an equal copy of the state."""
    the_flow, answers, draft = _load(state, flow)
    walk = _walk(the_flow, answers)
    target = _previous(walk)
    if target is None:
        return _state(the_flow, answers, draft)
    rest = {key: value for key, value in answers.items() if key != target.id}
    return _state(the_flow, rest, {target.id: answers[target.id]})


@_boundary
def edit(state: dict[str, Any], question_id: str, *, flow: Flow | None = None) -> dict[str, Any]:
    """A new state at the answered question ``question_id``, later answers kept (see module doc)."""
    the_flow, answers, _draft = _load(state, flow)
    walk = _walk(the_flow, answers)
    target = next((q for q in walk.asked if q.id == question_id), None)
    if target is None:
        raise InvalidAnswer(
            "这个问题现在不能修改（还没有回答过，或者根据你的其他答案不需要回答）。",
            code="not_editable",
            question=str(question_id)[:40],
        )
    rest = {key: value for key, value in answers.items() if key != target.id}
    return _state(the_flow, rest, {target.id: answers[target.id]})


@_boundary
def profile(state: dict[str, Any], *, flow: Flow | None = None) -> dict[str, Any]:
    """The profile fields collected so far: answers, plus defaults of questions that were skipped.

    On a finished state this is the complete profile handed to ``assess``.
    """
    the_flow, answers, _draft = _load(state, flow)
    return _profile(_walk(the_flow, answers))


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
    return value or "（未填写）"


@_boundary
def answers_summary(state: dict[str, Any], *, flow: Flow | None = None) -> list[dict[str, Any]]:
    """The answered questions in order, for a review screen: ``[{id, text, short, answer, answer_label}]``.

    Each ``id`` can be passed to :func:`edit`.
    """
    the_flow, answers, _draft = _load(state, flow)
    return _summary(_walk(the_flow, answers), answers)


def _summary(walk: _Walk, answers: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {
            "id": q.id,
            "text": q.text,
            "short": q.label,
            "answer": _copy(answers[q.id]),
            "answer_label": answer_label(q, answers[q.id]),
        }
        for q in walk.asked
    ]
