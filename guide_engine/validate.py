"""The flow validator behind ``python -m guide_engine check`` (run by ``scripts/build``).

Why a validator on top of loading: loading already refuses what is wrong *in one place* (unknown
input kinds, duplicate ids, options without labels, conditions that are not allowed or that name
unknown or later fields, comparisons with option ids that do not exist, a conditional question
without a default). Some mistakes only show along a *path* through the interview: a question whose
condition can never be true given the earlier options, or a path that ends without a complete,
valid profile (so the reader would never see a result). This module walks the paths.

How the paths are walked: questions are asked in file order and conditions only read earlier
fields, so there are no cycles and every path ends after at most ``len(questions)`` answers. The
walker branches only on answers that some condition reads, using representative values (every
option; for multiple choice: none, each single option and all; for yes/no: both; for numbers: the
bounds and the values around every constant a condition compares with). Other answers take one
value each. For flows with ``assess = true`` every path's profile must pass
``validate_profile`` and ``assess`` (a household profile also ``validate_household``) — with
every option and both bounds of every number substituted in turn (on at most
:data:`DEEP_REPEATS` path ends each), so no answer the flow accepts can be refused by the
decision logic. A repeatable group is walked with one and with two items.
"""

from __future__ import annotations

import ast
import datetime as dt
import os
from collections.abc import Iterable
from typing import Any

from . import conditions
from .errors import GuideError
from .flow import (
    Flow,
    Group,
    Problem,
    Question,
    analyse_source,
    answers,
    duplicate_flows,
    packaged_sources,
)
from .flow.fill import fill

#: More path ends than this and the flow is called too tangled to check (and to reason about).
MAX_PATHS = 5000
#: How many path ends get the full per-answer substitution check.
MAX_DEEP_CHECKS = 60
#: On how many path ends each (question, item, extreme value) is substituted at most: enough
#: different surroundings to find a refusal, few enough that a flow with groups checks quickly.
DEEP_REPEATS = 6


def _constants_for(flow: Flow, field_name: str) -> list[Any]:
    found: list[Any] = []
    for question in flow.questions:
        if question.when is None or field_name not in question.when.names:
            continue
        for node in ast.walk(question.when.tree):
            if (
                isinstance(node, ast.Constant)
                and not isinstance(node.value, bool)
                and node.value is not None
            ):
                found.append(node.value)
            elif isinstance(node, ast.UnaryOp) and isinstance(node.operand, ast.Constant):
                value = node.operand.value
                if isinstance(value, (int, float)) and not isinstance(value, bool):
                    found.append(-value if isinstance(node.op, ast.USub) else value)
    return found


def _representatives(flow: Flow, question: Question, referenced: bool) -> list[Any]:
    """Values that exercise every branch a condition can take on this answer."""
    kind = question.kind
    if kind == "single":
        ids = list(question.option_ids())
        return ids if referenced else ids[:1]
    if kind == "multi":
        ids = list(question.option_ids())
        if not referenced:
            return [[]]
        return [[], *([option] for option in ids), ids]
    if kind == "yesno":
        return [True, False] if referenced else [False]
    if kind == "number":
        low, high = question.min, question.max
        values: list[Any] = [low, high]
        if referenced:
            for constant in _constants_for(flow, question.field):
                if isinstance(constant, (int, float)):
                    values += [constant - 1, constant - 0.5, constant, constant + 0.5, constant + 1]
        out = []
        for value in values:
            try:
                accepted = question.accept(value)
            except GuideError:
                continue
            if accepted not in out:
                out.append(accepted)
        return out if referenced else out[:1]
    if kind == "date":
        return [question.accept(answers.FIRST_DATE.isoformat())]
    texts = [""] + (
        [c for c in _constants_for(flow, question.field) if isinstance(c, str)]
        if referenced
        else []
    )
    return list(dict.fromkeys(question.accept(t) for t in texts if len(t) <= question.max_length))


def _extremes(question: Question) -> list[Any]:
    """Every option and both number bounds: what the decision logic must accept."""
    if question.kind == "single":
        return list(question.option_ids())
    if question.kind == "multi":
        return [[], list(question.option_ids())]
    if question.kind == "yesno":
        return [True, False]
    if question.kind == "number":
        return [question.accept(question.min), question.accept(question.max)]
    if question.kind == "date":
        return [answers.FIRST_DATE.isoformat(), dt.date.today().isoformat()]
    return ["", "字" * question.max_length]


#: One question asked on a path: (question, item index inside its group or None).
Asked = tuple[Question, "int | None"]
#: A path's end: (values asked once, asked questions in order, group id → per-item values).
End = tuple[dict[str, Any], list[Asked], dict[str, list[dict[str, Any]]]]


def _referenced(flow: Flow) -> set[str]:
    found: set[str] = set()
    for question in flow.questions:
        if question.when is not None:
            found |= question.when.names
    return found


def _item_paths(
    flow: Flow, group: Group, outer: dict[str, Any], referenced: set[str], asked_ever: set[str]
) -> list[tuple[dict[str, Any], list[Question]]]:
    """Every way through one item of ``group`` (given the answers asked once, ``outer``)."""
    members = [q for q in flow.questions if q.group == group.id]
    out: list[tuple[dict[str, Any], list[Question]]] = []
    stack: list[tuple[int, dict[str, Any], list[Question]]] = [(0, {}, [])]
    while stack:
        position, item, asked = stack.pop()
        if position == len(members):
            out.append((item, asked))
            continue
        question = members[position]
        if not conditions.holds(question.when, {**outer, **item}):
            skipped = dict(item)
            if question.has_default:
                skipped[question.field] = question.default_value()
            stack.append((position + 1, skipped, asked))
            continue
        asked_ever.add(question.id)
        for value in reversed(_representatives(flow, question, question.field in referenced)):
            stack.append((position + 1, {**item, question.field: value}, [*asked, question]))
    return out


def _paths(flow: Flow) -> tuple[list[End], set[str], bool]:
    """(path ends, ids ever asked, whether the walk was cut short).

    A group is walked with 1 and with 2 items (bounded by its ``max``): one item along every way
    through it, and two items with every way in either place (the other item taking the first
    way), so a condition inside an item and items kept apart are both exercised. Questions after
    a group never read an item (the loader refuses it), so only the group's first combination
    walks every branch after it; the others go on along the first answers, keeping the count of
    paths a sum rather than a product.
    """
    referenced = _referenced(flow)
    ends: list[End] = []
    asked_ever: set[str] = set()
    stack: list[tuple[int, dict[str, Any], list[Asked], dict[str, list[dict[str, Any]]], bool]]
    stack = [(0, {}, [], {}, False)]
    while stack:
        index, values, asked, items, quick = stack.pop()
        if index == len(flow.questions):
            ends.append((values, asked, items))
            if len(ends) > MAX_PATHS:
                return ends, asked_ever, True
            continue
        question = flow.questions[index]
        if question.group:
            group = flow.group(question.group)
            assert group is not None
            ways = _item_paths(flow, group, values, referenced, asked_ever)
            following = index + len(group.questions)
            combos = [[way] for way in ways]
            if group.max >= 2:
                combos += [[way, ways[0]] for way in ways]
                combos += [[ways[0], way] for way in ways[1:]]
            for number, combo in reversed(list(enumerate(combos))):
                walked = [(q, item) for item, (_, qs) in enumerate(combo) for q in qs]
                stack.append(
                    (
                        following,
                        values,
                        [*asked, *walked],
                        {**items, group.id: [dict(item) for item, _ in combo]},
                        quick or number > 0,
                    )
                )
            continue
        if not conditions.holds(question.when, values):
            skipped = dict(values)
            if question.has_default:
                skipped[question.field] = question.default_value()
            stack.append((index + 1, skipped, asked, items, quick))
            continue
        asked_ever.add(question.id)
        choices = _representatives(flow, question, question.field in referenced)
        for value in reversed(choices[:1] if quick else choices):
            stack.append(
                (
                    index + 1,
                    {**values, question.field: value},
                    [*asked, (question, None)],
                    items,
                    quick,
                )
            )
    return ends, asked_ever, False


def _result_problem(flow: Flow, profile: dict[str, Any]) -> str | None:
    """Why this profile would not give a result, or None."""
    from .assessment import assess
    from .letter import first_letter

    try:
        assess(profile)
        first_letter(profile)
    except GuideError as exc:
        return exc.message
    except Exception as exc:  # noqa: BLE001 - a crash in the decision logic is a finding too
        return f"评估时程序出错（{type(exc).__name__}）"
    return None


def _substituted(end: End, spot: Asked, value: Any) -> End:
    values, asked, items = end
    question, number = spot
    if number is None:
        return {**values, question.field: value}, asked, items
    changed = [dict(item) for item in items[question.group]]
    changed[number][question.field] = value
    return values, asked, {**items, question.group: changed}


def _shown_path(end: End) -> str:
    values, asked, items = end
    parts = [
        f"{q.id}={values.get(q.field)!r}"
        if number is None
        else f"{q.id}#{number + 1}={items[q.group][number].get(q.field)!r}"
        for q, number in asked
    ]
    text = "，".join(parts)
    return text if len(text) <= 300 else text[:297] + "…"


def explore(flow: Flow) -> list[Problem]:
    """Problems that only show along the paths of a (statically valid) flow."""
    where = f"问卷 {flow.id}（{flow.source}）"
    problems: list[Problem] = []
    referenced = _referenced(flow)
    ends, asked_ever, cut = _paths(flow)
    if cut:
        problems.append(
            Problem(
                "too_many_paths",
                f"{where}：分支太多（超过 {MAX_PATHS} 条路径），无法逐条检查；请简化条件",
            )
        )
        return problems
    for question in flow.questions:
        if question.id not in asked_ever:
            problems.append(
                Problem(
                    "never_asked",
                    f"{where}的问题 {question.id}："
                    f"条件“{question.when.text if question.when else ''}”在任何回答组合下都不成立，"
                    "这个问题永远不会被问到",
                )
            )
    missing_seen: set[str] = set()
    result_seen: set[str] = set()
    group_fields = {group.field for group in flow.groups}
    deep_seen: dict[tuple[str, int | None, str], int] = {}
    for number, end in enumerate(ends):
        values, asked, items = end
        for name in flow.requires:
            if name not in values and name not in group_fields and name not in missing_seen:
                missing_seen.add(name)
                problems.append(
                    Problem(
                        "incomplete_path",
                        f"{where}：有一条路径走完后没有填写必需的字段“{name}”，"
                        f"到不了结果（路径：{_shown_path(end)}）",
                    )
                )
        if not flow.assess:
            continue
        candidates = [end]
        if number < MAX_DEEP_CHECKS:
            for spot in asked:
                if spot[0].field in referenced:
                    continue  # its values are branched over already, each on its own path
                for value in _extremes(spot[0]):
                    seen = (spot[0].id, spot[1], repr(value))
                    deep_seen[seen] = deep_seen.get(seen, 0) + 1
                    if deep_seen[seen] <= DEEP_REPEATS:
                        candidates.append(_substituted(end, spot, value))
        for candidate in candidates:
            why = _result_problem(flow, fill(flow, candidate[0], candidate[2]))
            if why is not None and why not in result_seen and len(result_seen) < 10:
                result_seen.add(why)
                problems.append(
                    Problem(
                        "no_result",
                        f"{where}：有一组问卷允许的回答得不到结果，"
                        f"评估拒绝了它：{why}（路径：{_shown_path(candidate)}）",
                    )
                )
    return problems


def problems_of(source: str | os.PathLike[str], name: str | None = None) -> list[Problem]:
    """Every problem of one flow given as a path (``pathlib.Path``) or as TOML text (``str``)."""
    flow, found = analyse_source(source, name)
    if flow is None:
        return found
    return explore(flow)


def check_flows(sources: Iterable[str | os.PathLike[str]] | None = None) -> list[str]:
    """Problems in words for the given flows (paths or TOML texts), or for every packaged flow.

    An empty list means every flow is sound. Duplicate flow ids across files are problems too.
    Flows are read against the vocabulary, so a broken vocabulary is the only thing reported.
    """
    from . import vocabulary

    broken = vocabulary.check()
    if broken:
        return broken
    items: list[tuple[str | os.PathLike[str], str | None]]
    if sources is None:
        items = [(text, name) for name, text in packaged_sources()]
    else:
        items = [(source, None) for source in sources]
    found: list[Problem] = []
    flows: list[Flow] = []
    for source, name in items:
        try:
            flow, static = analyse_source(source, name)
        except (OSError, UnicodeDecodeError) as exc:
            found.append(Problem("flow_source", f"{source}：无法读取（{type(exc).__name__}）"))
            continue
        found.extend(static)
        if flow is None:
            continue
        found.extend(duplicate_flows([*flows, flow])[len(duplicate_flows(flows)) :])
        flows.append(flow)
        found.extend(explore(flow))
    if sources is None and not items:
        found.append(Problem("no_flows", "没有找到任何问卷文件（guide_engine/flows/*.toml）"))
    messages = [problem.message for problem in found]
    if sources is None:
        messages.extend(check_data())
    return messages


def check_data() -> list[str]:
    """Problems in the package data the flows lead to: the vocabulary, sources, bank facts and the
    rules' wording.

    Why here: `python -m guide_engine check` runs first in scripts/build, so a maintainer who breaks
    data/vocabulary.toml, data/sources.toml, data/banks.toml or data/rules.toml learns it, in
    words, before anything builds. The vocabulary comes first: everything else is checked
    against it, so its own problems are the ones to read.
    """
    from . import assessment, facts, vocabulary

    problems = vocabulary.check()
    if problems:
        return problems
    for load in (facts.sources, facts.banks, assessment.rules):
        try:
            load()
        except GuideError as exc:
            problems.append(exc.message)
    return problems
