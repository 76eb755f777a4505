"""The flow loader: questionnaire TOML (``guide_engine/flows/*.toml``) → a checked ``Flow``.

Why data and not code: the questions are written and reviewed by people who care about the
wording for a worried reader, not about Python. A flow file is checked thoroughly when it is
loaded (and by ``python -m guide_engine check`` in the build), so a broken flow never reaches a
reader.

A flow file::

    id = "self_assessment"          # [a-z][a-z0-9_]*
    version = 1                     # bump when a saved session could no longer be replayed
    title = "协商准备自测"
    description = "…"               # optional
    assess = true                   # optional: the result view carries assess(profile)
    requires = ["bank", …]          # optional: fields every finished interview must have

    [[questions]]
    id = "failed_attempts"          # unique in the flow
    field = "failed_attempts"       # optional, the profile field it fills (default: the id)
    short = "协商失败次数"            # optional short label (diagrams, review screen);
                                    # a vocabulary field's short label when left out
    text = "之前协商过几次、但没有谈成？"
    help = "…"                      # optional
    kind = "number"                 # single | multi | yesno | number | text
    min = 0                         # number only (required for number)
    max = 100
    unit = "次"                     # number only, optional (a vocabulary field's unit)
    integer = true                  # number only, optional
    max_length = 500                # text only, optional (default 500)
    when = "contacted_bank"         # optional condition, see guide_engine.conditions
    default = 0                     # the profile value when the question is not asked
                                    # (a vocabulary field's default when left out)

    [[questions.options]]           # single / multi only
    id = "credit_card"
    label = "信用卡"

    options = "vocabulary:product"  # instead, for bank / product / hardship: the vocabulary's
                                    # options (required for those fields; typed options refused)

Order and termination: questions are asked in file order, each one only when its ``when`` holds
over the answers before it. A condition may only read fields of *earlier* questions, so a flow
cannot loop; every interview ends after at most ``len(questions)`` answers. A question with a
``when`` must have a ``default`` so the profile is complete on every path.

A repeatable group ("add another debt") sits among the questions and fills a profile list::

    [[questions]]
    id = "debts"                    # unique among question ids
    kind = "group"
    field = "debts"                 # optional, the profile list it fills (default: the id)
    short = "你的欠款"                # its name in progress words and on the review
    unit = "笔"                      # what an item is counted in: “第 2 笔，共 3 笔”
    text = "还有别的欠款要加上吗？"     # asked (yes/no) after each item, until “否” or max
    help = "…"                      # optional
    max = 20                        # 1 … 50 items

    [[questions.questions]]         # the item's questions, as above; field names are the
    id = "lender"                   # item's keys ("court.stage" fills the item's part "court")
    …

Inside a group a condition reads the fields asked once before the group and the earlier fields of
the same item; nothing outside the group reads an item's field (``group_field``). A conditional
question inside a group may leave out ``default``: when it is not asked, its field is absent from
the item (an optional part such as ``court`` stays out). Groups do not nest. A field may name a
part (``household.monthly_income``); conditions read only plain field names. ``profile = false``
marks a question whose answer only steers the interview (``sued`` → the court questions) and
fills no profile field. ``kind = "date"`` takes a calendar date that has come (today or
before) and stores it as ISO text.

This module turns TOML into a :class:`~guide_engine.flow.model.Flow` and a list of every
:class:`~guide_engine.flow.model.Problem` found (a flow is refused whole, with all its problems
named). Questions that fill a profile field are checked against the vocabulary and take their
short label, unit, default and options (``options = "vocabulary:FIELD"``) from it.
"""

from __future__ import annotations

import ast
import os
import tomllib
from dataclasses import replace
from pathlib import Path
from typing import Any

from .. import conditions, vocabulary
from ..conditions import Condition
from ..errors import FlowError, InvalidAnswer
from ..text import is_number as _is_number
from .model import (
    DEFAULT_MAX_LENGTH,
    FIELD_PATTERN,
    ID_PATTERN,
    KIND_NAMES,
    KINDS,
    MAX_GROUP_ITEMS,
    MAX_TEXT_LENGTH,
    Flow,
    Group,
    Option,
    Problem,
    Question,
)

_FLOW_KEYS = {"id", "version", "title", "description", "assess", "requires", "questions"}
_COMMON_KEYS = {
    "id",
    "field",
    "short",
    "text",
    "help",
    "kind",
    "when",
    "default",
    "options",
    "profile",
}
_GROUP_KEYS = {"id", "kind", "field", "short", "unit", "text", "help", "max", "questions"}
_KIND_KEYS = {
    "date": set(),
    "single": set(),
    "multi": set(),
    "yesno": set(),
    "text": {"max_length"},
    "number": {"min", "max", "unit", "integer"},
}
#: ``options = "vocabulary:bank"``: the options of a profile field, from data/vocabulary.toml.
VOCABULARY_PREFIX = "vocabulary:"
#: Which question kinds can fill which vocabulary field kinds.
_FIELD_KINDS = {
    "choice": ("single",),
    "choices": ("multi",),
    "bool": ("yesno",),
    "number": ("number",),
    "integer": ("number",),
}


def _condition_problems(
    cond: Condition, question_index: int, questions: list[Question], where: str
) -> list[Problem]:
    """Unknown fields, later fields, option ids that do not exist, impossible types.

    A question outside a group sees the fields asked once; a question inside a group sees those
    and the fields of its own item (never another group's, whose value is a list of items).
    """
    problems: list[Problem] = []
    me = questions[question_index]
    fields = {
        q.field: (i, q) for i, q in enumerate(questions) if not q.group or q.group == me.group
    }
    item_fields = {q.field: q for q in questions if q.group and q.group != me.group}
    for name in sorted(cond.names):
        if name in item_fields:
            problems.append(
                Problem(
                    "group_field",
                    f"{where}：条件“{cond.text}”用到了字段“{name}”，它是重复填写的一组问题"
                    f"（{item_fields[name].group}）里每一项各自的答案，组外的条件读不到它",
                )
            )
        elif name not in fields:
            problems.append(
                Problem(
                    "unknown_field",
                    f"{where}：条件“{cond.text}”用到了不存在的字段“{name}”（没有哪个问题填写它）",
                )
            )
        elif fields[name][0] >= question_index:
            when_known = (
                "就是本问题自己要填的字段"
                if fields[name][0] == question_index
                else "在本问题之后才问"
            )
            problems.append(
                Problem(
                    "later_field",
                    f"{where}：条件“{cond.text}”用到了字段“{name}”，但它{when_known}，"
                    "回答本问题时还不知道它，这个问题永远不会被问到",
                )
            )
    for node in ast.walk(cond.tree):
        if not isinstance(node, ast.Compare):
            continue
        operands = [node.left, *node.comparators]
        for left, right in zip(operands, operands[1:], strict=False):
            for name_node, other in ((left, right), (right, left)):
                if not isinstance(name_node, ast.Name) or name_node.id not in fields:
                    continue
                target = fields[name_node.id][1]
                constants: list[Any] = []
                if isinstance(other, ast.Constant):
                    constants = [other.value]
                elif isinstance(other, (ast.List, ast.Tuple)):
                    constants = [e.value for e in other.elts if isinstance(e, ast.Constant)]
                if target.kind in ("single", "multi"):
                    for value in constants:
                        if isinstance(value, str) and value not in target.option_ids():
                            problems.append(
                                Problem(
                                    "unknown_option",
                                    f"{where}：条件“{cond.text}”把“{name_node.id}”和选项“{value}”比较，"
                                    f"但问题 {target.id} 没有这个选项，条件永远不成立",
                                )
                            )
                        elif not isinstance(value, str):
                            problems.append(
                                Problem(
                                    "type_mismatch",
                                    f"{where}：条件“{cond.text}”把选项字段“{name_node.id}”和非文字的 {value!r} 比较，"
                                    "条件永远不成立",
                                )
                            )
                elif target.kind == "yesno":
                    for value in constants:
                        if not isinstance(value, bool):
                            problems.append(
                                Problem(
                                    "type_mismatch",
                                    f"{where}：条件“{cond.text}”把是/否字段“{name_node.id}”和 {value!r} 比较"
                                    "（应写 True 或 False），"
                                    "条件永远不成立",
                                )
                            )
                elif target.kind == "number":
                    for value in constants:
                        if not _is_number(value):
                            problems.append(
                                Problem(
                                    "type_mismatch",
                                    f"{where}：条件“{cond.text}”把数字字段“{name_node.id}”和 {value!r} 比较，"
                                    "条件永远不成立",
                                )
                            )
    return problems


def _options(raw: Any, where: str, problems: list[Problem]) -> tuple[Option, ...]:
    if isinstance(raw, str) and raw.startswith(VOCABULARY_PREFIX):
        name = raw[len(VOCABULARY_PREFIX) :]
        if name not in vocabulary.OPTION_FIELDS:
            problems.append(
                Problem(
                    "unknown_vocabulary",
                    f"{where}：options = “{raw}”，但词表里没有这组选项"
                    f"（可用：{'、'.join(VOCABULARY_PREFIX + n for n in vocabulary.OPTION_FIELDS)}）",
                )
            )
            return ()
        return tuple(Option(o["id"], o["label"]) for o in vocabulary.options(name))
    if not isinstance(raw, list) or not raw:
        problems.append(Problem("no_options", f"{where}：单选/多选问题必须有 options 列表"))
        return ()
    out: list[Option] = []
    seen: set[str] = set()
    for i, entry in enumerate(raw):
        spot = f"{where}的第 {i + 1} 个选项"
        if not isinstance(entry, dict):
            problems.append(Problem("option_table", f"{spot}：应为一个表（id + label）"))
            continue
        unknown = set(entry) - {"id", "label", "help"}
        if unknown:
            problems.append(
                Problem("unknown_key", f"{spot}：不认识的键 {', '.join(sorted(unknown))}")
            )
        option_id = entry.get("id")
        if not isinstance(option_id, str) or not ID_PATTERN.match(option_id):
            problems.append(
                Problem(
                    "option_id", f"{spot}：缺少 id，或 id“{option_id}”不是小写字母、数字和下划线"
                )
            )
            continue
        if option_id in seen:
            problems.append(Problem("duplicate_option", f"{spot}：选项 id“{option_id}”重复"))
            continue
        seen.add(option_id)
        label = entry.get("label")
        if not isinstance(label, str) or not label.strip():
            problems.append(Problem("option_label", f"{spot}（{option_id}）：缺少中文 label"))
            continue
        help_text = entry.get("help", "")
        out.append(
            Option(option_id, label.strip(), help_text if isinstance(help_text, str) else "")
        )
    return tuple(out)


def _vocabulary_problems(
    field: str,
    raw: dict[str, Any],
    kind: str,
    spec: dict[str, Any],
    minimum: Any,
    maximum: Any,
    where: str,
    problems: list[Problem],
) -> None:
    """A question filling a profile field must fit the vocabulary: kind, options and limits."""
    if kind not in _FIELD_KINDS[spec["kind"]]:
        problems.append(
            Problem(
                "vocabulary_mismatch",
                f"{where}：它填写的资料字段在词表里是 {spec['kind']}，"
                f"问题的 kind 应为 {' / '.join(_FIELD_KINDS[spec['kind']])}",
            )
        )
    elif spec["kind"] in ("choice", "choices") and raw.get("options") != VOCABULARY_PREFIX + field:
        problems.append(
            Problem(
                "vocabulary_mismatch",
                f'{where}：选项来自词表，应写 options = "{VOCABULARY_PREFIX}{field}"（不要手写选项）',
            )
        )
    elif kind == "number" and _is_number(minimum) and _is_number(maximum):
        if minimum < spec["min"] or maximum > spec["max"]:
            problems.append(
                Problem(
                    "vocabulary_mismatch",
                    f"{where}：min/max（{minimum}…{maximum}）超出了词表对这个字段的范围"
                    f"（{spec['min']}…{spec['max']}）",
                )
            )
        if spec["kind"] == "integer" and raw.get("integer") is not True:
            problems.append(
                Problem(
                    "vocabulary_mismatch", f"{where}：词表里这是整数字段，问题要写 integer = true"
                )
            )


def _question(
    raw: Any, index: int, flow_where: str, problems: list[Problem], group: str = ""
) -> Question | None:
    if not isinstance(raw, dict):
        problems.append(
            Problem("question_table", f"{flow_where}的第 {index + 1} 个问题：应为一个表")
        )
        return None
    qid = raw.get("id")
    if not isinstance(qid, str) or not ID_PATTERN.match(qid):
        problems.append(
            Problem(
                "question_id",
                f"{flow_where}的第 {index + 1} 个问题：缺少 id，或 id“{qid}”不是小写字母、数字和下划线",
            )
        )
        return None
    where = f"{flow_where}的问题 {qid}"
    before = len(problems)
    kind = raw.get("kind")
    if kind not in KINDS:
        problems.append(
            Problem(
                "unknown_kind",
                f"{where}：不认识的输入类型 kind = {kind!r}（只能是 {' / '.join(KINDS)}）",
            )
        )
        return None
    unknown = set(raw) - _COMMON_KEYS - _KIND_KEYS[kind]
    if unknown:
        problems.append(
            Problem(
                "unknown_key",
                f"{where}：不认识的键 {', '.join(sorted(unknown))}"
                f"（{KIND_NAMES[kind]}问题可用的键：{', '.join(sorted(_COMMON_KEYS | _KIND_KEYS[kind]))}）",
            )
        )
    field_name = raw.get("field", qid)
    if not isinstance(field_name, str) or not FIELD_PATTERN.match(field_name):
        problems.append(
            Problem(
                "question_field",
                f"{where}：field“{field_name}”不是小写字母、数字和下划线"
                "（或“部分.字段”，例如 household.monthly_income）",
            )
        )
    in_profile = raw.get("profile", True)
    if not isinstance(in_profile, bool):
        problems.append(Problem("bad_key", f"{where}：profile 应为 true 或 false"))
        in_profile = True
    text = raw.get("text")
    if not isinstance(text, str) or not text.strip():
        problems.append(Problem("question_text", f"{where}：缺少问题的中文 text"))
    for key in ("help", "short"):
        if key in raw and not isinstance(raw[key], str):
            problems.append(Problem("question_text", f"{where}：{key} 应为文字"))
    options: tuple[Option, ...] = ()
    if kind in ("single", "multi"):
        options = _options(raw.get("options"), where, problems)
        if kind == "single" and 0 < len(options) < 2 and len(problems) == before:
            problems.append(Problem("too_few_options", f"{where}：单选问题至少要有两个选项"))
    elif "options" in raw:
        problems.append(
            Problem("unexpected_options", f"{where}：{KIND_NAMES[kind]}问题不能有 options")
        )
    minimum = maximum = None
    integer = False
    if kind == "number":
        minimum, maximum = raw.get("min"), raw.get("max")
        if not _is_number(minimum) or not _is_number(maximum) or minimum > maximum:
            problems.append(
                Problem(
                    "number_range",
                    f"{where}：数字问题必须有 min 和 max（数字，min ≤ max），现在是 min={minimum!r}, max={maximum!r}",
                )
            )
        integer = raw.get("integer", False)
        if not isinstance(integer, bool):
            problems.append(Problem("bad_key", f"{where}：integer 应为 true 或 false"))
            integer = False
        if "unit" in raw and not isinstance(raw["unit"], str):
            problems.append(Problem("bad_key", f"{where}：unit 应为文字"))
    max_length = raw.get("max_length", DEFAULT_MAX_LENGTH)
    if kind == "text" and (
        not isinstance(max_length, int)
        or isinstance(max_length, bool)
        or not 1 <= max_length <= MAX_TEXT_LENGTH
    ):
        problems.append(
            Problem("bad_key", f"{where}：max_length 应为 1 到 {MAX_TEXT_LENGTH} 之间的整数")
        )
        max_length = DEFAULT_MAX_LENGTH
    # The vocabulary describes the fields asked once; an item of a group has fields of its own.
    spec = vocabulary.fields().get(field_name) if isinstance(field_name, str) else None
    if spec is not None and not group:
        _vocabulary_problems(field_name, raw, kind, spec, minimum, maximum, where, problems)
        raw = {
            "short": spec["short"],
            **({"unit": spec["unit"]} if kind == "number" and spec["unit"] else {}),
            **({} if spec["required"] else {"default": spec["default"]}),
            **raw,
        }
    elif isinstance(field_name, str):
        # A part of the household profile ("balance", "court.stage", "household.monthly_income"):
        # its short label is the one the vocabulary gives it, which the validator's messages use.
        named = vocabulary.debt_field_labels().get(field_name.rsplit(".", 1)[-1])
        if named:
            raw = {"short": named, **raw}
    when: Condition | None = None
    if "when" in raw:
        try:
            when = conditions.parse(raw["when"], where=where)
        except FlowError as exc:
            problems.append(Problem(exc.code, exc.message))
    if len(problems) > before:
        return None
    question = Question(
        id=qid,
        field=field_name,
        text=text.strip(),
        kind=kind,
        help=raw.get("help", "").strip(),
        short=raw.get("short", "").strip(),
        options=options,
        min=minimum,
        max=maximum,
        unit=raw.get("unit", "") if kind == "number" else "",
        integer=integer,
        max_length=max_length if kind == "text" else DEFAULT_MAX_LENGTH,
        when=when,
        group=group,
        in_profile=in_profile,
    )
    if "default" in raw:
        try:
            value = question.accept(raw["default"])
        except InvalidAnswer as exc:
            problems.append(
                Problem(
                    "bad_default",
                    f"{where}：default = {raw['default']!r} 不是这个问题的有效答案（{exc.message}）",
                )
            )
            return None
        frozen = tuple(value) if isinstance(value, list) else value
        question = replace(question, default=frozen, has_default=True)
    elif when is not None and not group:
        problems.append(
            Problem(
                "missing_default",
                f"{where}：有 when 条件的问题必须有 default（不问时资料里用的值）",
            )
        )
    return question


def analyse(data: Any, source: str = "<flow>") -> tuple[Flow | None, list[Problem]]:
    """A flow from parsed TOML data and every static problem found (the flow is None if any)."""
    problems: list[Problem] = []
    if not isinstance(data, dict):
        return None, [Problem("flow_table", f"{source}：问卷文件应为一个 TOML 表")]
    flow_id = data.get("id")
    if not isinstance(flow_id, str) or not ID_PATTERN.match(flow_id):
        problems.append(
            Problem("flow_id", f"{source}：问卷缺少 id，或 id“{flow_id}”不是小写字母、数字和下划线")
        )
        flow_id = "?"
    where = f"问卷 {flow_id}（{source}）"
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        problems.append(Problem("flow_version", f"{where}：version 应为正整数，现在是 {version!r}"))
    title = data.get("title")
    if not isinstance(title, str) or not title.strip():
        problems.append(Problem("flow_title", f"{where}：缺少中文 title"))
    unknown = set(data) - _FLOW_KEYS
    if unknown:
        problems.append(Problem("unknown_key", f"{where}：不认识的键 {', '.join(sorted(unknown))}"))
    description = data.get("description", "")
    if not isinstance(description, str):
        problems.append(Problem("bad_key", f"{where}：description 应为文字"))
        description = ""
    assess = data.get("assess", False)
    if not isinstance(assess, bool):
        problems.append(Problem("bad_key", f"{where}：assess 应为 true 或 false"))
    requires = data.get("requires", [])
    if not isinstance(requires, list) or not all(isinstance(item, str) for item in requires):
        problems.append(Problem("bad_key", f"{where}：requires 应为字段名的列表"))
        requires = []
    raw_questions = data.get("questions")
    if not isinstance(raw_questions, list) or not raw_questions:
        problems.append(Problem("no_questions", f"{where}：没有问题（需要 [[questions]]）"))
        raw_questions = []
    questions: list[Question] = []
    groups: list[Group] = []
    seen_ids: set[str] = set()
    seen_fields: set[str] = set()

    def add(raw: Any, index: int, group: str) -> Question | None:
        raw_id = raw.get("id") if isinstance(raw, dict) else None
        if isinstance(raw_id, str) and raw_id in seen_ids:
            problems.append(Problem("duplicate_question", f"{where}：问题 id“{raw_id}”重复"))
            return None
        question = _question(raw, index, where, problems, group)
        if isinstance(raw_id, str):
            seen_ids.add(raw_id)
        if question is None:
            return None
        if question.field in seen_fields:
            problems.append(
                Problem(
                    "duplicate_field",
                    f"{where}的问题 {question.id}：字段“{question.field}”已经由前面的问题填写",
                )
            )
            return None
        seen_fields.add(question.field)
        questions.append(question)
        return question

    for index, raw in enumerate(raw_questions):
        if isinstance(raw, dict) and raw.get("kind") == "group":
            group = _group(raw, index, where, problems, seen_ids, seen_fields)
            if group is None:
                continue
            inner = [add(item, i, group.id) for i, item in enumerate(raw["questions"])]
            ids = tuple(q.id for q in inner if q is not None)
            groups.append(replace(group, questions=ids))
            continue
        add(raw, index, "")
    for index, question in enumerate(questions):
        if question.when is not None:
            problems.extend(
                _condition_problems(question.when, index, questions, f"{where}的问题 {question.id}")
            )
    once_fields = {q.field for q in questions if not q.group} | {g.field for g in groups}
    for name in requires:
        if name not in once_fields:
            problems.append(
                Problem(
                    "unknown_required",
                    f"{where}：requires 里的字段“{name}”没有任何问题填写，结果永远不完整",
                )
            )
    if problems:
        return None, problems
    flow = Flow(
        id=flow_id,
        version=version,
        title=title.strip(),
        questions=tuple(questions),
        description=description.strip(),
        assess=assess,
        requires=tuple(requires),
        source=source,
        groups=tuple(groups),
    )
    return flow, problems


def _group(
    raw: dict[str, Any],
    index: int,
    flow_where: str,
    problems: list[Problem],
    seen_ids: set[str],
    seen_fields: set[str],
) -> Group | None:
    """A repeatable group's own keys checked (its questions are checked by the caller)."""
    gid = raw.get("id")
    if not isinstance(gid, str) or not ID_PATTERN.match(gid):
        problems.append(
            Problem(
                "question_id",
                f"{flow_where}的第 {index + 1} 个问题（一组问题）：缺少 id，"
                f"或 id“{gid}”不是小写字母、数字和下划线",
            )
        )
        return None
    where = f"{flow_where}的一组问题 {gid}"
    before = len(problems)
    if gid in seen_ids:
        problems.append(Problem("duplicate_question", f"{flow_where}：问题 id“{gid}”重复"))
    seen_ids.add(gid)
    unknown = set(raw) - _GROUP_KEYS
    if unknown:
        problems.append(
            Problem(
                "unknown_key",
                f"{where}：不认识的键 {', '.join(sorted(unknown))}"
                f"（一组问题可用的键：{', '.join(sorted(_GROUP_KEYS))}）",
            )
        )
    field_name = raw.get("field", gid)
    if not isinstance(field_name, str) or not ID_PATTERN.match(field_name):
        problems.append(
            Problem("question_field", f"{where}：field“{field_name}”不是小写字母、数字和下划线")
        )
    elif field_name in seen_fields:
        problems.append(
            Problem("duplicate_field", f"{where}：字段“{field_name}”已经由前面的问题填写")
        )
    else:
        seen_fields.add(field_name)
    for key in ("text", "short", "unit"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            what = {
                "text": "“还要再加一项吗？”的问法",
                "short": "这组问题的简称",
                "unit": "计数单位（如“笔”）",
            }
            problems.append(Problem("group_text", f"{where}：缺少 {key}（{what[key]}）"))
    if "help" in raw and not isinstance(raw["help"], str):
        problems.append(Problem("group_text", f"{where}：help 应为文字"))
    maximum = raw.get("max")
    if (
        not isinstance(maximum, int)
        or isinstance(maximum, bool)
        or not 1 <= maximum <= MAX_GROUP_ITEMS
    ):
        problems.append(
            Problem(
                "group_max",
                f"{where}：max（最多填几项）应为 1 到 {MAX_GROUP_ITEMS} 之间的整数，现在是 {maximum!r}",
            )
        )
    inner = raw.get("questions")
    if not isinstance(inner, list) or not inner:
        problems.append(
            Problem("group_questions", f"{where}：没有问题（需要 [[questions.questions]]）")
        )
    elif any(isinstance(item, dict) and item.get("kind") == "group" for item in inner):
        problems.append(Problem("nested_group", f"{where}：一组问题里不能再套一组问题"))
    if len(problems) > before:
        return None
    return Group(
        id=gid,
        field=field_name,
        short=raw["short"].strip(),
        unit=raw["unit"].strip(),
        more=raw["text"].strip(),
        more_help=raw.get("help", "").strip(),
        max=maximum,
        questions=(),
    )


def _read(source: str | os.PathLike[str]) -> tuple[str, str]:
    """(TOML text, name for messages): a path-like object is read, a str is the TOML text itself."""
    if isinstance(source, os.PathLike):
        path = Path(source)
        return path.read_text(encoding="utf-8"), path.name
    if isinstance(source, str):
        return source, "<text>"
    raise FlowError("问卷来源应为文件路径或 TOML 文字", code="flow_source")


def analyse_source(
    source: str | os.PathLike[str], name: str | None = None
) -> tuple[Flow | None, list[Problem]]:
    """Like :func:`analyse`, from a path (``pathlib.Path``) or TOML text (``str``)."""
    text, shown = _read(source)
    shown = name or shown
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return None, [Problem("toml_syntax", f"{shown}：不是合法的 TOML（{exc}）")]
    return analyse(data, shown)


def flow_error(problems: list[Problem]) -> FlowError:
    """One :class:`FlowError` listing ``problems`` (its code is the first problem's), to raise."""
    message = "问卷有问题：\n" + "\n".join(f"- {p.message}" for p in problems)
    return FlowError(message, code=problems[0].code, problems=[p._asdict() for p in problems])


def parse_flow(source: str | os.PathLike[str], name: str | None = None) -> Flow:
    """A flow from a path or TOML text, or :class:`FlowError` listing every problem (code = the first)."""
    flow, problems = analyse_source(source, name)
    if problems or flow is None:
        raise flow_error(problems)
    return flow
