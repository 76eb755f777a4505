"""The flow model: frozen questions, options and flows, as the loader builds them from TOML.

Why frozen and plain: a loaded flow is shared by every session (it is cached) and must never
change; tuples and frozen dataclasses make that a property of the types, not a promise.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from typing import Any, NamedTuple

from ..conditions import Condition
from . import answers

KINDS = ("single", "multi", "yesno", "number", "text", "date")
KIND_NAMES = {
    "single": "单选",
    "multi": "多选",
    "yesno": "是/否",
    "number": "数字",
    "text": "文字",
    "date": "日期",
}
ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
#: A profile field: a name, or ``part.name`` for a field inside a part (``household.monthly_income``).
FIELD_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,39}(\.[a-z][a-z0-9_]{0,39})?$")
#: The most items any repeatable group may allow.
MAX_GROUP_ITEMS = 50
DEFAULT_MAX_LENGTH = 500
MAX_TEXT_LENGTH = answers.MAX_TEXT_LENGTH


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
    group: str = ""  # the id of the repeatable group it belongs to, or "" (asked once)
    in_profile: bool = True  # False: the answer only steers the interview (``profile = false``)

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
        """The "enter a number between … and …" hint of a number question."""
        return answers.range_hint(self)

    def accept(self, value: Any, today: _dt.date | None = None) -> Any:
        """The answer normalised for storage, or :class:`~guide_engine.errors.InvalidAnswer`
        saying what to enter instead (see :func:`guide_engine.flow.answers.accept`; a date after
        ``today``, when given, is refused)."""
        return answers.accept(self, value, today)


@dataclass(frozen=True)
class Group:
    """A repeatable group ("add another debt"): its questions are asked once per item.

    After each item the reader is asked ``more`` (yes/no) until they say no or ``max`` items
    are given. The items fill the profile list ``field``, one dict per item.
    """

    id: str
    field: str
    short: str  # "你的欠款": the group's name in progress words and on the review
    unit: str  # "笔": what one item is counted in ("第 2 笔，共 3 笔")
    more: str  # "还有别的欠款要加上吗？"
    more_help: str
    max: int
    questions: tuple[str, ...]  # ids, in order

    def item_title(self, index: int) -> str:
        """“第 2 笔” for the item at ``index`` (0-based)."""
        return f"第 {index + 1} {self.unit}"


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
    groups: tuple[Group, ...] = ()

    def group(self, group_id: str) -> Group | None:
        for group in self.groups:
            if group.id == group_id:
                return group
        return None

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
