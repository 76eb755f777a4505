"""Reading the package's own data files (``guide_engine/data/*.toml``).

Why one helper: every data module (facts, vocabulary, the rules' wording) reads its TOML the same
way and must report a syntax error the same way — as a :class:`~guide_engine.errors.DataError`
naming the file — whether it runs from a checkout, an installed wheel or Pyodide's file system.
"""

from __future__ import annotations

import tomllib
from importlib import resources
from typing import Any

from .errors import DataError


def read_toml(name: str) -> dict[str, Any]:
    """The parsed ``data/NAME``; :class:`DataError` (code ``data_toml``) when it is not TOML."""
    text = resources.files("guide_engine").joinpath("data").joinpath(name).read_text("utf-8")
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise DataError(f"数据文件 data/{name} 不是合法的 TOML：{exc}", code="data_toml") from None
