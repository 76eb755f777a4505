"""A flow as plain JSON for the wizard page's page-side walk (docs/assets/tools/flow-walk.js).

Why: on a slow phone network the engine (Pyodide) is ready a minute after the page. The build
writes this export into the wizard page so the page can draw each next question itself while the
engine loads, and the reader never waits on "已记下你的回答". Python stays the only authority:
everything the walk needs is produced here by the engine's own code — each ``when`` condition is
the syntax tree of the engine's own parser (:func:`guide_engine.conditions.parse`, walked node by
node, never parsed a second time), each question's ``input`` is the session's own
(:func:`guide_engine.session.question_input`), the progress words are the session's templates, and
the one refusal the walk makes by itself (an empty answer) carries the engine's own message. Every
other answer is taken as given and judged by the engine when it replays the answers; if it
disagrees, the page takes the reader back there with the engine's message. A property test
(tests/test_flow_walk.py) runs the walk in Node against :mod:`guide_engine.session` on random
answers for every flow.

The export::

    {"format": 1, "flow": "self_assessment", "version": 2, "title": "协商准备自测", "words": {...},
     "questions": [{"id", "field", "text", "help", "short", "group", "input", "when", "names",
                    "default", "has_default", "empty"}, ...],          # flow order
     "groups": [{"id", "field", "short", "unit", "more", "more_help", "max", "questions",
                 "titles", "input", "empty"}]}

``when`` is ``null`` (always asked) or a node: ``{"op": "and"|"or", "args": [node, ...]}``,
``{"op": "not", "arg": node}``, ``{"op": "compare", "left": operand, "ops": ["==", "in", ...],
"rights": [operand, ...]}`` (a chain, as Python reads ``0 < x <= 3``), ``{"op": "truth", "arg":
operand}`` (a bare operand); an operand is ``{"name": field}``, ``{"value": constant}`` or
``{"list": [constant, ...]}``. ``names`` are the fields the condition reads. ``empty`` is the
engine's message for an empty answer (nothing chosen, an empty field), or ``null`` when the engine
takes an empty answer (a multiple choice, a text).
"""

from __future__ import annotations

import ast
from typing import Any

from .conditions import OPERATOR_TEXT, Condition
from .errors import InvalidAnswer
from .flow import Flow, Group, Question, load_flow
from .session import PROGRESS_WORDS, question_input

FORMAT = 1

#: What the page's form reads when nothing was given (question-form.js readAnswer).
_EMPTY_ANSWER: dict[str, Any] = {
    "single": None,
    "yesno": None,
    "multi": [],
    "number": "",
    "date": "",
    "text": "",
}


def _constant(node: ast.expr) -> Any:
    """A checked constant's value (``-3`` is a unary minus on 3 in the parser's tree)."""
    if isinstance(node, ast.UnaryOp):
        value = _constant(node.operand)
        return -value if isinstance(node.op, ast.USub) else value
    assert isinstance(node, ast.Constant)  # the parser accepts nothing else here
    return node.value


def _operand(node: ast.expr) -> dict[str, Any]:
    if isinstance(node, ast.Name):
        return {"name": node.id}
    if isinstance(node, (ast.List, ast.Tuple)):
        return {"list": [_constant(element) for element in node.elts]}
    return {"value": _constant(node)}


def _node(node: ast.expr) -> dict[str, Any]:
    if isinstance(node, ast.BoolOp):
        op = "and" if isinstance(node.op, ast.And) else "or"
        return {"op": op, "args": [_node(value) for value in node.values]}
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        return {"op": "not", "arg": _node(node.operand)}
    if isinstance(node, ast.Compare):
        return {
            "op": "compare",
            "left": _operand(node.left),
            "ops": [OPERATOR_TEXT[type(op)] for op in node.ops],
            "rights": [_operand(right) for right in node.comparators],
        }
    return {"op": "truth", "arg": _operand(node)}


def condition_tree(condition: Condition) -> dict[str, Any]:
    """The syntax tree of a parsed condition as JSON (the node forms are in the module doc)."""
    return _node(condition.tree)


def _refusal(question: Question, value: Any) -> str | None:
    try:
        question.accept(value)
    except InvalidAnswer as exc:
        return exc.message
    return None


def _question(question: Question) -> dict[str, Any]:
    return {
        "id": question.id,
        "field": question.field,
        "text": question.text,
        "help": question.help,
        "short": question.label,
        "group": question.group or None,
        "input": question_input(question),
        "when": condition_tree(question.when) if question.when is not None else None,
        "names": sorted(question.when.names) if question.when is not None else [],
        "default": question.default_value(),
        "has_default": question.has_default,
        "empty": _refusal(question, _EMPTY_ANSWER[question.kind]),
    }


def _group(group: Group) -> dict[str, Any]:
    # "Add another?" is answered like a yes/no question: the engine refuses an empty one so.
    more = Question(id=group.id, field=group.field, text=group.more, kind="yesno")
    return {
        "id": group.id,
        "field": group.field,
        "short": group.short,
        "unit": group.unit,
        "more": group.more,
        "more_help": group.more_help,
        "max": group.max,
        "questions": list(group.questions),
        "titles": [group.item_title(index) for index in range(group.max)],
        "input": question_input(None),
        "empty": _refusal(more, None),
    }


def export_flow(flow: str | Flow = "self_assessment") -> dict[str, Any]:
    """The flow ``flow`` (an id of a packaged flow, or a :class:`Flow`) as the page-side walk
    reads it (see the module doc)."""
    the_flow = flow if isinstance(flow, Flow) else load_flow(flow)
    return {
        "format": FORMAT,
        "flow": the_flow.id,
        "version": the_flow.version,
        "title": the_flow.title,
        "words": dict(PROGRESS_WORDS),
        "questions": [_question(question) for question in the_flow.questions],
        "groups": [_group(group) for group in the_flow.groups],
    }
