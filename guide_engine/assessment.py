"""The assessment rules (placeholder: identity on a validated profile until the decision-logic issue lands)."""
from __future__ import annotations

from typing import Any

from .profile import validate_profile


def assess(profile: dict[str, Any]) -> dict[str, Any]:
    return {"profile": validate_profile(profile)}
