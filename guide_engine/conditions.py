"""The ``when`` mini-language: whether a question is asked, decided from the answers so far.

Why a language of its own rather than ``eval``: flows are data that a maintainer edits, and the same
code runs in a reader's browser. An expression is parsed with :mod:`ast` and only a short whitelist
of node types is accepted, so a flow can never run code, touch attributes or import anything.
Everything else is refused when the flow is *loaded*, with a message naming the flow, the question
and the offending text, so a mistake is found by ``python -m guide_engine check`` and never by a
reader.

Grammar (Python syntax, a tiny subset)::

    expr    := expr "and" expr | expr "or" expr | "not" expr | compare | operand
    compare := operand (op operand)+        op ∈ == != < <= > >= in, not in
    operand := NAME | CONSTANT | "-" NUMBER | "[" CONSTANT, ... "]" | "(" CONSTANT, ... ")"

* ``NAME`` is a profile field filled by an earlier question (``overdue_days``, ``hardship``…).
  Names beginning with an underscore (so every dunder) are refused.
* ``CONSTANT`` is a string, an integer, a float, ``True``, ``False`` or ``None``.
* A bare operand used as a condition is tested for truth: ``contacted_bank`` (a yes/no field) is
  true when answered “是”; ``hardship`` (a multiple choice) is true when anything was chosen.
* Ordering (``<`` …) compares numbers with numbers and strings with strings; ``bool`` is never a
  number here. ``x in y`` needs ``y`` to be a list, a tuple or a string.

Semantics for missing values — why three-valued: a condition may be evaluated before the question
it depends on is answered (for the progress estimate, or while the reader is editing an earlier
answer). An unanswered field is *unknown*; any comparison involving it is unknown; ``not unknown``
is unknown; ``and``/``or`` follow Kleene logic (``False and unknown`` is False, ``True or unknown``
is True). :func:`evaluate` returns ``True``, ``False`` or ``None`` (unknown), and
:func:`holds` — what the session uses — treats unknown as *not asked (yet)*. The same applies to a
comparison between incompatible types (``"a" < 3``): unknown, never a crash.
"""

from __future__ import annotations

import ast
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .errors import FlowError

#: Longer conditions are refused: nobody needs them, and a bound keeps ``ast.parse`` cheap.
MAX_LENGTH = 400

_COMPARE_OPS = (ast.Eq, ast.NotEq, ast.Lt, ast.LtE, ast.Gt, ast.GtE, ast.In, ast.NotIn)
#: Each comparison as written in a condition: the page-side walk's syntax trees name them so
#: (:mod:`guide_engine.flow_export`).
OPERATOR_TEXT = {
    ast.Eq: "==",
    ast.NotEq: "!=",
    ast.Lt: "<",
    ast.LtE: "<=",
    ast.Gt: ">",
    ast.GtE: ">=",
    ast.In: "in",
    ast.NotIn: "not in",
}

#: A human word for refused node types, so the message says what was wrong.
_REFUSED = {
    ast.Attribute: "属性访问（.）",
    ast.Call: "函数调用",
    ast.Subscript: "下标（[...]）",
    ast.Lambda: "lambda",
    ast.ListComp: "推导式",
    ast.SetComp: "推导式",
    ast.DictComp: "推导式",
    ast.GeneratorExp: "生成器表达式",
    ast.BinOp: "算术运算",
    ast.IfExp: "条件表达式",
    ast.NamedExpr: "赋值表达式（:=）",
    ast.Dict: "字典",
    ast.Set: "集合",
    ast.Starred: "星号展开",
    ast.JoinedStr: "f 字符串",
    ast.Await: "await",
    ast.Yield: "yield",
    ast.YieldFrom: "yield",
}


@dataclass(frozen=True)
class Condition:
    """A parsed, checked condition. ``names`` are the fields it reads."""

    text: str
    tree: ast.expr = field(repr=False, compare=False)
    names: frozenset[str] = frozenset()


def _fail(text: str, where: str, why: str, code: str = "bad_condition") -> FlowError:
    prefix = f"{where}：" if where else ""
    return FlowError(f"{prefix}条件“{text}”不能使用：{why}", code=code, condition=text, where=where)


def _check_constant(node: ast.expr, text: str, where: str) -> None:
    if isinstance(node, ast.Constant):
        value = node.value
        if value is None or isinstance(value, (str, bool, int)):
            return
        if isinstance(value, float) and math.isfinite(value):
            return
        raise _fail(text, where, f"不支持的常量 {value!r}")
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        inner = node.operand
        if isinstance(inner, ast.Constant) and type(inner.value) in (int, float):
            return
        raise _fail(text, where, "负号只能用在数字前面")
    raise _fail(text, where, "列表里只能写常量（文字、数字、True/False/None）")


def _check_operand(node: ast.expr, text: str, where: str) -> None:
    if isinstance(node, ast.Name):
        if node.id.startswith("_"):
            raise _fail(text, where, f"名字“{node.id}”不能以下划线开头", code="bad_name")
        return
    if isinstance(node, (ast.List, ast.Tuple)):
        if not isinstance(node.ctx, ast.Load):
            raise _fail(text, where, "列表只能读取")
        for element in node.elts:
            _check_constant(element, text, where)
        return
    _check_constant_or_refuse(node, text, where)


def _check_constant_or_refuse(node: ast.expr, text: str, where: str) -> None:
    if isinstance(node, ast.Constant) or (
        isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd))
    ):
        _check_constant(node, text, where)
        return
    raise _fail(text, where, f"不允许{_REFUSED.get(type(node), type(node).__name__)}")


def _check(node: ast.expr, text: str, where: str) -> None:
    if isinstance(node, ast.BoolOp):
        for value in node.values:
            _check(value, text, where)
        return
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        _check(node.operand, text, where)
        return
    if isinstance(node, ast.Compare):
        for op in node.ops:
            if not isinstance(op, _COMPARE_OPS):
                raise _fail(
                    text,
                    where,
                    f"不允许比较运算 {type(op).__name__}（只能用 == != < <= > >= in not in）",
                )
        for operand in (node.left, *node.comparators):
            _check_operand(operand, text, where)
        return
    _check_operand(node, text, where)


def parse(text: Any, where: str = "") -> Condition:
    """Parse and check ``text``; :class:`FlowError` (naming ``where`` and the text) if refused.

    ``where`` is put in front of the message, e.g. ``"问卷 self_assessment 的问题 failed_attempts"``.
    """
    if not isinstance(text, str):
        raise _fail(repr(text)[:60], where, "条件必须是一段文字")
    shown = text if len(text) <= 80 else text[:77] + "…"
    if not text.strip():
        raise _fail(shown, where, "条件是空的")
    text = text.replace("\r", " ").replace("\n", " ").replace("\t", " ")  # TOML multi-line strings
    if any(ord(char) < 32 or 127 <= ord(char) < 160 for char in text):
        raise _fail(shown.encode("unicode_escape").decode("ascii"), where, "含有控制字符")
    if len(text) > MAX_LENGTH:
        raise _fail(shown, where, f"太长（最多 {MAX_LENGTH} 个字符）")
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as exc:
        raise _fail(shown, where, f"语法错误（{exc.msg}）", code="condition_syntax") from None
    except (ValueError, RecursionError, MemoryError):
        raise _fail(shown, where, "无法解析", code="condition_syntax") from None
    body = tree.body
    try:
        _check(body, shown, where)
    except RecursionError:
        raise _fail(shown, where, "嵌套太深") from None
    found = frozenset(node.id for node in ast.walk(body) if isinstance(node, ast.Name))
    return Condition(text=text.strip(), tree=body, names=found)


def names(expr: str | Condition) -> frozenset[str]:
    """The field names a condition reads (for the validator: unknown or later fields)."""
    return (expr if isinstance(expr, Condition) else parse(expr)).names


class _Unknown:
    """Marker for a value that is not known (field unanswered)."""

    __slots__ = ()


_UNKNOWN = _Unknown()


def _value(node: ast.expr, values: Mapping[str, Any]) -> Any:
    if isinstance(node, ast.Name):
        return values.get(node.id, _UNKNOWN)
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.UnaryOp):
        inner = _value(node.operand, values)
        return -inner if isinstance(node.op, ast.USub) else inner
    if isinstance(node, (ast.List, ast.Tuple)):
        return [_value(element, values) for element in node.elts]
    raise TypeError("not an operand")  # unreachable for checked trees


def _numeric(value: Any) -> bool:
    """Comparable as a number: an int or float, not a bool (``True < 2`` must not hold)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _compare(op: ast.cmpop, left: Any, right: Any) -> bool | None:
    if left is _UNKNOWN or right is _UNKNOWN:
        return None
    if isinstance(op, ast.Eq):
        return _equal(left, right)
    if isinstance(op, ast.NotEq):
        return not _equal(left, right)
    if isinstance(op, (ast.In, ast.NotIn)):
        if isinstance(right, (list, tuple)):
            found = any(_equal(left, item) for item in right)
        elif isinstance(right, str) and isinstance(left, str):
            found = left in right
        else:
            return None
        return found if isinstance(op, ast.In) else not found
    if not (
        (_numeric(left) and _numeric(right)) or (isinstance(left, str) and isinstance(right, str))
    ):
        return None
    if isinstance(op, ast.Lt):
        return left < right
    if isinstance(op, ast.LtE):
        return left <= right
    if isinstance(op, ast.Gt):
        return left > right
    return left >= right


def _equal(left: Any, right: Any) -> bool:
    """Equality that does not confuse ``True`` with ``1`` (a yes/no is not a count)."""
    if isinstance(left, bool) or isinstance(right, bool):
        return isinstance(left, bool) and isinstance(right, bool) and left == right
    if isinstance(left, (list, tuple)) and isinstance(right, (list, tuple)):
        return len(left) == len(right) and all(
            _equal(a, b) for a, b in zip(left, right, strict=True)
        )
    if isinstance(left, (list, tuple)) or isinstance(right, (list, tuple)):
        return False
    return bool(left == right)


def _truth(value: Any) -> bool | None:
    if value is _UNKNOWN:
        return None
    if isinstance(value, list) and any(item is _UNKNOWN for item in value):
        return None
    return bool(value)


def _eval(node: ast.expr, values: Mapping[str, Any]) -> bool | None:
    if isinstance(node, ast.BoolOp):
        results = [_eval(value, values) for value in node.values]
        if isinstance(node.op, ast.And):
            if any(result is False for result in results):
                return False
            return None if any(result is None for result in results) else True
        if any(result is True for result in results):
            return True
        return None if any(result is None for result in results) else False
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        inner = _eval(node.operand, values)
        return None if inner is None else not inner
    if isinstance(node, ast.Compare):
        left = _value(node.left, values)
        outcome: bool | None = True
        for op, comparator in zip(node.ops, node.comparators, strict=True):
            right = _value(comparator, values)
            result = _compare(op, left, right)
            if result is False:
                return False
            if result is None:
                outcome = None
            left = right
        return outcome
    return _truth(_value(node, values))


def evaluate(condition: str | Condition, values: Mapping[str, Any]) -> bool | None:
    """``True``/``False``, or ``None`` when the answer depends on a field not known yet."""
    parsed = condition if isinstance(condition, Condition) else parse(condition)
    try:
        return _eval(parsed.tree, values)
    except (TypeError, ValueError, OverflowError, RecursionError):
        return None


def holds(condition: str | Condition | None, values: Mapping[str, Any]) -> bool:
    """Whether the question is asked now: no condition, or the condition is definitely true."""
    if condition is None:
        return True
    return evaluate(condition, values) is True


def describe(
    condition: Condition, labels: Mapping[str, str], option_labels: Mapping[str, Mapping[str, str]]
) -> str:
    """A short Chinese reading of a condition, for diagrams (``已联系银行 为“是”``)."""

    def operand(node: ast.expr, context: str | None) -> str:
        if isinstance(node, ast.Name):
            return labels.get(node.id, node.id)
        if isinstance(node, ast.Constant):
            value = node.value
            if isinstance(value, bool):
                return "是" if value else "否"
            if value is None:
                return "空"
            if isinstance(value, str):
                return f"“{option_labels.get(context or '', {}).get(value, value)}”"
            return f"{value:g}" if isinstance(value, float) else str(value)
        if isinstance(node, ast.UnaryOp):
            return "-" + operand(node.operand, context)
        if isinstance(node, (ast.List, ast.Tuple)):
            if not node.elts:
                return "（无）"
            return "、".join(operand(element, context) for element in node.elts)
        return "?"

    words = {
        ast.Eq: "为",
        ast.NotEq: "不为",
        ast.Lt: "小于",
        ast.LtE: "不大于",
        ast.Gt: "大于",
        ast.GtE: "不小于",
    }

    def text(node: ast.expr) -> str:
        if isinstance(node, ast.BoolOp):
            joiner = " 且 " if isinstance(node.op, ast.And) else " 或 "
            return joiner.join(text(value) for value in node.values)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            return f"并非（{text(node.operand)}）"
        if isinstance(node, ast.Compare):
            parts = []
            left = node.left
            for op, right in zip(node.ops, node.comparators, strict=True):
                context = (
                    left.id
                    if isinstance(left, ast.Name)
                    else right.id
                    if isinstance(right, ast.Name)
                    else None
                )
                if isinstance(op, ast.In) and isinstance(right, ast.Name):
                    parts.append(f"{operand(right, context)} 包含 {operand(left, context)}")
                elif isinstance(op, ast.NotIn) and isinstance(right, ast.Name):
                    parts.append(f"{operand(right, context)} 不包含 {operand(left, context)}")
                elif isinstance(op, ast.In):
                    parts.append(f"{operand(left, context)} 是 {operand(right, context)} 之一")
                elif isinstance(op, ast.NotIn):
                    parts.append(f"{operand(left, context)} 不是 {operand(right, context)} 之一")
                elif (
                    isinstance(op, (ast.Eq, ast.NotEq))
                    and isinstance(right, ast.List)
                    and not right.elts
                ):
                    parts.append(
                        f"{operand(left, context)} {'没有选择' if isinstance(op, ast.Eq) else '有选择'}"
                    )
                else:
                    parts.append(
                        f"{operand(left, context)} {words[type(op)]} {operand(right, context)}"
                    )
                left = right
            return " 且 ".join(parts)
        if isinstance(node, ast.Name):
            return f"{operand(node, None)}：是"
        return operand(node, None)

    return text(condition.tree)
