"""The code is formatted and lint-clean: ruff for Python (lint and format), ESLint for the site's
own JavaScript (docs/assets/, recommended rules, eslint.config.mjs). A failure prints what to fix
and the command that fixes most of it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RUFF = [sys.executable, "-m", "ruff"]


@pytest.mark.parametrize(
    "args, fix",
    [
        (["check", "."], "ruff check --fix ."),
        (["format", "--check", "."], "ruff format ."),
    ],
    ids=["ruff-lint", "ruff-format"],
)
def test_python_is_ruff_clean(args: list[str], fix: str) -> None:
    done = subprocess.run([*RUFF, *args], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, f"{done.stdout}{done.stderr}\n(fix with: .venv/bin/{fix})"


def test_javascript_is_eslint_clean() -> None:
    eslint = ROOT / "node_modules" / ".bin" / "eslint"
    if not eslint.exists() or shutil.which("node") is None:
        pytest.fail("ESLint is missing: run scripts/setup (npm ci installs it)")
    done = subprocess.run(
        [str(eslint), "--max-warnings=0", "docs/assets", "docs/sw.js"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
