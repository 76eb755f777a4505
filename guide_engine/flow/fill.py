"""The profile a finished (or partly finished) interview fills: answers placed where they belong.

Why one function: the session's result, ``profile()`` and the validator's path walker must build
the very same profile, or the validator would prove something about a profile no reader gets.

Placement: a question's ``field`` names where its answer goes — ``monthly_income`` at the top,
``household.monthly_income`` inside the part ``household``; a question with ``profile = false``
only steers the interview and fills nothing. A repeatable group fills its ``field`` with a list,
one dict per item, built by the same rules from that item's answers (``court.stage`` inside an
item goes to the item's ``court`` part). A question that was not asked contributes its default, or
nothing when it has none, so an optional part stays absent.
"""

from __future__ import annotations

from typing import Any

from .model import Flow, Question


def _copy(value: Any) -> Any:
    return list(value) if isinstance(value, list) else value


def _place(out: dict[str, Any], question: Question, values: dict[str, Any]) -> None:
    if not question.in_profile or question.field not in values:
        return
    part, _, name = question.field.rpartition(".")
    target = out.setdefault(part, {}) if part else out
    target[name] = _copy(values[question.field])


def fill(
    flow: Flow, values: dict[str, Any], items: dict[str, list[dict[str, Any]]]
) -> dict[str, Any]:
    """The profile from ``values`` (field → answer or default, asked once) and ``items``
    (group id → one ``field → value`` dict per item)."""
    out: dict[str, Any] = {}
    for question in flow.questions:
        if question.group:
            continue
        _place(out, question, values)
    for group in flow.groups:
        members = [q for q in flow.questions if q.group == group.id]
        built = []
        for item_values in items.get(group.id, []):
            item: dict[str, Any] = {}
            for question in members:
                _place(item, question, item_values)
            built.append(item)
        out[group.field] = built
    return out
