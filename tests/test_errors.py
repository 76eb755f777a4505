"""Every error code written in the package is in errors.CODES, the one documented list."""

from __future__ import annotations

import re
from pathlib import Path

from guide_engine.errors import CODES

PACKAGE = Path(__file__).resolve().parents[1] / "guide_engine"
#: code="x", default_code = "x", code: str = "x", Problem("x", …), the bridge's _error("x", …)
#: (also across a line break)
WRITTEN = re.compile(
    r'(?:\bcode\s*=\s*|default_code\s*=\s*|code:\s*str\s*=\s*|Problem\(\s*|_error\(\s*)"([a-z_]+)"'
)


def _written() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        for code in WRITTEN.findall(path.read_text(encoding="utf-8")):
            found.setdefault(code, set()).add(path.name)
    return found


def test_every_code_written_in_the_package_is_listed() -> None:
    missing = {code: sorted(files) for code, files in _written().items() if code not in CODES}
    assert missing == {}


def test_every_listed_code_is_written_somewhere() -> None:
    assert sorted(set(CODES) - set(_written())) == []


def test_every_code_has_a_one_line_meaning() -> None:
    assert all(meaning and "\n" not in meaning for meaning in CODES.values())
