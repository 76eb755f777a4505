"""The engine's errors: one base class and six kinds, each with a stable code and a Chinese message.

Why: the same error reaches a reader in the terminal, in the browser (through the Web Worker, as
JSON) and in tests. A stable ``code`` lets the page and the tests tell errors apart without parsing
prose; ``message`` is written for a worried reader: what was wrong and what to enter instead.
"""

from __future__ import annotations

from typing import Any


class GuideError(Exception):
    """Base of every error the engine raises on purpose. Nothing else escapes a public call."""

    default_code = "guide_error"

    def __init__(self, message: str, code: str | None = None, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        self.code = code or self.default_code
        self.details = details

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable form, for the Web Worker and the CLI's ``--json`` output."""
        return {
            "error": type(self).__name__,
            "code": self.code,
            "message": self.message,
            "details": self.details,
        }

    def __str__(self) -> str:
        return self.message


class InvalidAnswer(GuideError):
    """An answer that does not fit the question (wrong kind, unknown option, out of range…)."""

    default_code = "invalid_answer"


class InvalidState(GuideError):
    """A saved session state that is tampered with, truncated, stale or of an unknown flow/version."""

    default_code = "invalid_state"


class InvalidProfile(GuideError):
    """A profile with unknown keys, wrong types or out-of-range values; lists every bad field."""

    default_code = "invalid_profile"


class FlowError(GuideError):
    """A flow (questionnaire TOML) or one of its conditions that is broken; found at load/check time."""

    default_code = "flow_error"


class DataError(GuideError):
    """A package data file (sources, banks, rules wording, vocabulary) that is broken or asked
    for an id it does not have; found at load/check time, reported in words by ``check``."""

    default_code = "data_error"


class PlanError(GuideError):
    """Bad repayment-calculator input. A GuideError so the page shows the Chinese message as is."""

    default_code = "invalid_plan"
