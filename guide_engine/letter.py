"""The negotiation letter (placeholder until the decision-logic issue lands)."""
from __future__ import annotations

from .errors import GuideError


def letter(profile, assessment, details=None):
    raise GuideError("申请书生成尚未实现", code="not_implemented")
