"""Profile validation (placeholder until the decision-logic issue lands)."""
from __future__ import annotations

from typing import Any


def validate_profile(profile: dict[str, Any]) -> dict[str, Any]:
    return dict(profile)
