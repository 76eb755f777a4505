"""The data file of the household debt plan (``data/debts.toml``) and the checks its sections share.

Why one file and one set of checks: the deadline rules, priority ranks, the budget's safety margin,
the repayment caps and the action wording are numbers and sentences a maintainer must be able to
correct without touching Python, and every one of them must name its basis. Each module
(:mod:`.deadlines`, :mod:`.budget`, :mod:`.terms`, :mod:`.actions`) validates its own section with
the helpers here when it first loads it, so a mistake fails loudly, in words, naming the entry.

A ``source_id`` must exist in the one registry (``data/sources.toml``, :mod:`.facts`): the plan
cites nothing the sources page does not list.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from functools import lru_cache
from importlib import resources
from typing import Any

from . import facts
from .errors import DataError

#: Phrases that would promise what no rule guarantees (the same list the assessment refuses).
FORBIDDEN = ("停息", "必须同意", "免除全部", "保证")
_PAGE = re.compile(r"^[a-z0-9-]+(/[a-z0-9-]+)*/(#[a-z0-9-]+)?$")
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")

NAME = "data/debts.toml"


@lru_cache(maxsize=1)
def raw() -> dict[str, Any]:
    """The parsed file (cached; callers must not mutate it — the section loaders copy)."""
    text = resources.files("guide_engine").joinpath("data").joinpath("debts.toml")
    try:
        return tomllib.loads(text.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise DataError(f"数据文件 {NAME} 不是合法的 TOML：{exc}", code="data_debts") from None


def source_entry(source_id: str) -> dict[str, Any]:
    """A source of the registry by id; an unknown id is a :class:`DataError` in words."""
    try:
        return facts.source(source_id)
    except DataError:
        raise DataError(
            f"来源登记表（data/sources.toml）里没有 id 为“{source_id}”的来源", code="unknown_source"
        ) from None


def citation(source_id: str) -> str:
    """The citation text, e.g. 《中华人民共和国民事诉讼法》第二百二十七条 (hotlines without 《》)."""
    source_entry(source_id)
    return facts.citation(source_id)


def fail(section: str, problems: list[str]) -> None:
    """Raise one :class:`DataError` listing every problem of a section (nothing when empty)."""
    if problems:
        raise DataError(f"{NAME} 的{section}有错误：\n" + "\n".join(problems), code="data_debts")


class Checker:
    """Collects the problems of one section; each method checks one kind of value."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def text(self, where: str, value: Any, allowed: tuple[str, ...] = ()) -> str:
        """A non-empty sentence with only ``allowed`` placeholders and no forbidden phrase."""
        if not isinstance(value, str) or not value.strip():
            self.problems.append(f"{where}: 应为非空文字")
            return ""
        for match in _PLACEHOLDER.finditer(value):
            if match.group(1) not in allowed:
                shown = "、".join(allowed) if allowed else "无"
                self.problems.append(f"{where}: 未知的占位符 {match.group(0)}（可用：{shown}）")
        if "{" in _PLACEHOLDER.sub("", value) or "}" in _PLACEHOLDER.sub("", value):
            self.problems.append(f"{where}: 花括号不成对或占位符写法不对")
        for phrase in FORBIDDEN:
            if phrase in value:
                self.problems.append(f"{where}: 含有禁止的说法“{phrase}”（不能作任何承诺）")
        return value

    def source(self, where: str, value: Any, allow_site: bool = False) -> str | None:
        """A known source id; "" (→ None) only where the item may rest on a page of this site."""
        if value == "" and allow_site:
            return None
        if not isinstance(value, str) or not value:
            self.problems.append(f"{where}: 缺少 source_id")
            return None
        try:
            source_entry(value)
        except DataError:
            self.problems.append(f"{where}: source_id“{value}”不在来源登记表里")
        return value

    def page(self, where: str, value: Any) -> str:
        if not isinstance(value, str) or not _PAGE.match(value):
            self.problems.append(f"{where}: page 应为本站页面的相对地址，以 / 结尾（可加 #锚点）")
            return ""
        return value

    def integer(self, where: str, value: Any, low: int, high: int) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.problems.append(f"{where}: 应为 {low} 到 {high} 之间的整数")
            return low
        return value

    def keys(self, where: str, entry: Any, required: set[str], optional: set[str] = frozenset()):
        """The entry is a table with exactly the required keys (plus optional ones)."""
        if not isinstance(entry, dict):
            self.problems.append(f"{where}: 应为一张表")
            return False
        for key in sorted(required - set(entry)):
            self.problems.append(f"{where}: 缺少 {key}")
        for key in sorted(set(entry) - required - optional):
            self.problems.append(f"{where}: 未知字段 {key}")
        return True


def render(template: str, **values: Any) -> str:
    """Fill ``{name}`` placeholders (checked at load time, so every name has a value)."""
    return _PLACEHOLDER.sub(lambda m: str(values[m.group(1)]), template)


def check(loaders: list[Callable[[], Any]] | None = None) -> list[str]:
    """Load every section of ``data/debts.toml``; the problems in words (empty means all good).

    For ``python -m guide_engine check`` and the tests. ``loaders`` defaults to every module's
    section loader.
    """
    if loaders is None:
        from . import actions, budget, deadlines, terms

        loaders = [deadlines.rules, budget.rules, terms.rules, actions.rules]
    problems: list[str] = []
    for load in loaders:
        try:
            load()
        except DataError as exc:
            problems.append(exc.message)
    return problems
