"""Flows are data: questionnaires read from ``guide_engine/flows/*.toml``.

(The module is ``flow``, not ``flows``: ``guide_engine.flows`` is the data package holding the
TOML files, and a module of the same name would shadow it.)

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
    short = "协商失败次数"            # optional short label (diagrams, review screen)
    text = "之前协商过几次、但没有谈成？"
    help = "…"                      # optional
    kind = "number"                 # single | multi | yesno | number | text
    min = 0                         # number only (required for number)
    max = 100
    unit = "次"                     # number only, optional
    integer = true                  # number only, optional
    max_length = 500                # text only, optional (default 500)
    when = "contacted_bank"         # optional condition, see guide_engine.conditions
    default = 0                     # the profile value when the question is not asked

    [[questions.options]]           # single / multi only
    id = "credit_card"
    label = "信用卡"

Order and termination: questions are asked in file order, each one only when its ``when`` holds
over the answers before it. A condition may only read fields of *earlier* questions, so a flow
cannot loop; every interview ends after at most ``len(questions)`` answers. A question with a
``when`` must have a ``default`` so the profile is complete on every path.

Loaded flows are frozen dataclasses (tuples, never lists) and the packaged ones are cached with
:func:`functools.lru_cache` — the only module-level state, and it never changes once filled.
"""

from __future__ import annotations

import ast
import math
import os
import re
import tomllib
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, NamedTuple

from . import conditions, vocabulary
from .conditions import Condition
from .errors import FlowError, InvalidAnswer

KINDS = ("single", "multi", "yesno", "number", "text")
KIND_NAMES = {"single": "单选", "multi": "多选", "yesno": "是/否", "number": "数字", "text": "文字"}
ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
DEFAULT_MAX_LENGTH = 500
MAX_TEXT_LENGTH = 5000

_FLOW_KEYS = {"id", "version", "title", "description", "assess", "requires", "questions"}
_COMMON_KEYS = {"id", "field", "short", "text", "help", "kind", "when", "default", "options"}
_KIND_KEYS = {
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
_CONTROL = {"Cc", "Cf", "Cs", "Co", "Cn"}
_NUMBER_TEXT = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")


class Problem(NamedTuple):
    """One thing wrong with a flow: a stable ``code`` and a sentence for the maintainer."""

    code: str
    message: str

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class Option:
    id: str
    label: str
    help: str = ""


def clean_text(value: str) -> str:
    """Control and format characters removed (newlines and tabs become spaces), ends stripped.

    Why: typed text ends up in a letter and on screen; invisible characters only cause harm.
    """
    out = []
    for char in value:
        if char in "\n\r\t":
            out.append(" " if char != "\n" else "\n")
        elif unicodedata.category(char) not in _CONTROL:
            out.append(char)
    return "".join(out).strip()


def _number_text(value: float) -> str:
    """``10000000`` for whole numbers, ``0.5`` otherwise (no exponent, no thousands separators)."""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:f}".rstrip("0").rstrip(".")


@dataclass(frozen=True)
class Question:
    id: str
    field: str
    text: str
    kind: str
    help: str = ""
    short: str = ""
    options: tuple[Option, ...] = ()
    min: float | None = None
    max: float | None = None
    unit: str = ""
    integer: bool = False
    max_length: int = DEFAULT_MAX_LENGTH
    when: Condition | None = None
    default: Any = None  # a tuple for multi (frozen); see default_value()
    has_default: bool = False

    @property
    def label(self) -> str:
        """A short name for the question (review screen, diagrams)."""
        return self.short or self.text

    def option_ids(self) -> tuple[str, ...]:
        return tuple(option.id for option in self.options)

    def option_label(self, option_id: str) -> str:
        for option in self.options:
            if option.id == option_id:
                return option.label
        return option_id

    def default_value(self) -> Any:
        """The default as a fresh JSON value (a list for multi), or None."""
        return list(self.default) if isinstance(self.default, tuple) else self.default

    def range_hint(self) -> str:
        unit = f"（单位：{self.unit}）" if self.unit else ""
        kind = "整数" if self.integer else "数字"
        return f"请输入 {_number_text(self.min or 0)} 到 {_number_text(self.max or 0)} 之间的{kind}{unit}"

    def accept(self, value: Any) -> Any:
        """The answer normalised for storage, or :class:`InvalidAnswer` saying what to enter instead.

        Normal forms (JSON-friendly and the same in Python and JavaScript): an option id; a list of
        option ids in the flow's order, without duplicates; a bool; an int (or a float that is
        not whole); a cleaned string.
        """
        if self.kind == "single":
            choices = "、".join(f"“{option.label}”" for option in self.options)
            if not isinstance(value, str) or value not in self.option_ids():
                raise InvalidAnswer(
                    f"请从选项中选择一项：{choices}。", code="not_an_option", question=self.id
                )
            return value
        if self.kind == "multi":
            if not isinstance(value, (list, tuple)):
                raise InvalidAnswer(
                    "请从列表中选择（可以多选，也可以一项都不选），答案应是一组选项。",
                    code="not_a_list",
                    question=self.id,
                )
            ids = self.option_ids()
            if len(value) > len(ids) * 2 or any(
                not isinstance(item, str) or item not in ids for item in value
            ):
                raise InvalidAnswer(
                    "有选项不在列表中。请只从列出的选项里选择（可以多选，也可以一项都不选）。",
                    code="not_an_option",
                    question=self.id,
                )
            chosen = set(value)
            return [option_id for option_id in ids if option_id in chosen]
        if self.kind == "yesno":
            if not isinstance(value, bool):
                raise InvalidAnswer("请回答“是”或“否”。", code="not_yes_no", question=self.id)
            return value
        if self.kind == "number":
            return self._accept_number(value)
        if not isinstance(value, str):
            raise InvalidAnswer("请输入一段文字。", code="not_text", question=self.id)
        if len(value) > MAX_TEXT_LENGTH * 4:
            raise InvalidAnswer(
                f"文字太长了：最多 {self.max_length} 个字，请精简一些。",
                code="too_long",
                question=self.id,
            )
        text = clean_text(value)
        if len(text) > self.max_length:
            raise InvalidAnswer(
                f"文字太长了：最多 {self.max_length} 个字，请精简一些（现在是 {len(text)} 个字）。",
                code="too_long",
                question=self.id,
            )
        return text

    def _accept_number(self, value: Any) -> int | float:
        hint = self.range_hint()
        if isinstance(value, str):
            # A form field or a terminal gives text; accept "3,000", "３０００" and "3000元".
            text = unicodedata.normalize("NFKC", value).strip()
            if self.unit and text.endswith(self.unit):
                text = text[: -len(self.unit)].strip()
            text = text.replace(",", "").replace(" ", "")
            if len(text) > 40 or not _NUMBER_TEXT.match(text):
                raise InvalidAnswer(
                    f"“{value[:20]}”不是数字。{hint}。", code="not_a_number", question=self.id
                )
            value = float(text)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise InvalidAnswer(f"这里需要填数字。{hint}。", code="not_a_number", question=self.id)
        if isinstance(value, float) and not math.isfinite(value):
            raise InvalidAnswer(
                f"这不是一个有效的数字。{hint}。", code="not_a_number", question=self.id
            )
        if not (self.min <= value <= self.max):  # type: ignore[operator]
            raise InvalidAnswer(f"{hint}。", code="out_of_range", question=self.id)
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if self.integer and not isinstance(value, int):
            raise InvalidAnswer(
                f"这里只能填整数。{hint}。", code="not_an_integer", question=self.id
            )
        return value


@dataclass(frozen=True)
class Flow:
    id: str
    version: int
    title: str
    questions: tuple[Question, ...]
    description: str = ""
    assess: bool = False
    requires: tuple[str, ...] = ()
    source: str = ""

    def question(self, question_id: str) -> Question | None:
        for question in self.questions:
            if question.id == question_id:
                return question
        return None

    def by_field(self, field_name: str) -> Question | None:
        for question in self.questions:
            if question.field == field_name:
                return question
        return None


# --------------------------------------------------------------------------- analysis


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _condition_problems(
    cond: Condition, question_index: int, questions: list[Question], where: str
) -> list[Problem]:
    """Unknown fields, later fields, option ids that do not exist, impossible types."""
    problems: list[Problem] = []
    fields = {q.field: (i, q) for i, q in enumerate(questions)}
    for name in sorted(cond.names):
        if name not in fields:
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


def _question(raw: Any, index: int, flow_where: str, problems: list[Problem]) -> Question | None:
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
    if not isinstance(field_name, str) or not ID_PATTERN.match(field_name):
        problems.append(
            Problem("question_field", f"{where}：field“{field_name}”不是小写字母、数字和下划线")
        )
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
    spec = vocabulary.fields().get(field_name) if isinstance(field_name, str) else None
    if spec is not None:
        _vocabulary_problems(field_name, raw, kind, spec, minimum, maximum, where, problems)
        raw = {
            "short": spec["short"],
            **({"unit": spec["unit"]} if kind == "number" and spec["unit"] else {}),
            **({} if spec["required"] else {"default": spec["default"]}),
            **raw,
        }
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
    elif when is not None:
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
    seen_ids: set[str] = set()
    seen_fields: set[str] = set()
    for index, raw in enumerate(raw_questions):
        raw_id = raw.get("id") if isinstance(raw, dict) else None
        if isinstance(raw_id, str) and raw_id in seen_ids:
            problems.append(Problem("duplicate_question", f"{where}：问题 id“{raw_id}”重复"))
            continue
        question = _question(raw, index, where, problems)
        if isinstance(raw_id, str):
            seen_ids.add(raw_id)
        if question is None:
            continue
        if question.field in seen_fields:
            problems.append(
                Problem(
                    "duplicate_field",
                    f"{where}的问题 {question.id}：字段“{question.field}”已经由前面的问题填写",
                )
            )
            continue
        seen_fields.add(question.field)
        questions.append(question)
    for index, question in enumerate(questions):
        if question.when is not None:
            problems.extend(
                _condition_problems(question.when, index, questions, f"{where}的问题 {question.id}")
            )
    for name in requires:
        if name not in seen_fields:
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
    )
    return flow, problems


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


def _raise(problems: list[Problem]) -> FlowError:
    message = "问卷有问题：\n" + "\n".join(f"- {p.message}" for p in problems)
    return FlowError(message, code=problems[0].code, problems=[p._asdict() for p in problems])


def parse_flow(source: str | os.PathLike[str], name: str | None = None) -> Flow:
    """A flow from a path or TOML text, or :class:`FlowError` listing every problem (code = the first)."""
    flow, problems = analyse_source(source, name)
    if problems or flow is None:
        raise _raise(problems)
    return flow


def packaged_sources() -> list[tuple[str, str]]:
    """``(file name, TOML text)`` of every packaged flow, sorted by name."""
    folder = resources.files("guide_engine").joinpath("flows")
    out = []
    for entry in folder.iterdir():
        if entry.name.endswith(".toml") and entry.is_file():
            out.append((entry.name, entry.read_text(encoding="utf-8")))
    return sorted(out)


@lru_cache(maxsize=1)
def _packaged() -> tuple[Flow, ...]:
    flows: list[Flow] = []
    problems: list[Problem] = []
    for name, text in packaged_sources():
        flow, found = analyse_source(text, name)
        problems.extend(found)
        if flow is not None:
            if any(other.id == flow.id for other in flows):
                problems.append(
                    Problem("duplicate_flow", f"{name}：问卷 id“{flow.id}”与另一个文件重复")
                )
            flows.append(flow)
    if problems:
        raise _raise(problems)
    return tuple(flows)


def flow_ids() -> list[str]:
    """Ids of the packaged flows, sorted."""
    return sorted(flow.id for flow in _packaged())


def load_flow(flow_id: str) -> Flow:
    """The packaged flow ``flow_id``; :class:`FlowError` (code ``unknown_flow``) if there is none."""
    for flow in _packaged():
        if flow.id == flow_id:
            return flow
    shown = flow_id if isinstance(flow_id, str) and len(flow_id) <= 40 else repr(flow_id)[:40]
    raise FlowError(
        f"没有名为“{shown}”的问卷。现有的问卷：{'、'.join(flow_ids())}。", code="unknown_flow"
    )
