"""How deep a JSON text nests, measured before any JSON reader sees it.

Why a module of its own: the bridge measures every request with it before anything else is
imported, and the case file every file it reads.
"""

from __future__ import annotations

import re

_ESCAPE = re.compile(r"\\.", re.DOTALL)
_STRING = re.compile(r'"[^"]*"')
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_PARENS = str.maketrans("[]{}", "()()")


def nesting(text: str, limit: int) -> str:
    """What is wrong with ``text``'s bracket nesting: ``""`` (fine), ``"deep"`` or ``"unbalanced"``.

    Why: in Pyodide a deeply nested text (``[[[[…``) overflows the JavaScript stack inside the
    JSON reader, which kills the whole runtime instead of raising RecursionError. So the depth
    is measured first, at C speed and in linear time: escapes and strings are removed, brackets
    kept, and the innermost pairs stripped ``limit`` times; anything left over is too deep (a
    pair remains) or unbalanced (not JSON).
    """
    skeleton = _STRING.sub("", _ESCAPE.sub("", text))
    brackets = _NOT_BRACKET.sub("", skeleton).translate(_PARENS)
    for _ in range(limit):
        if not brackets:
            return ""
        brackets = brackets.replace("()", "")
    if "()" in brackets:
        return "deep"
    return "unbalanced" if brackets else ""
