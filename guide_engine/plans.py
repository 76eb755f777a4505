"""Repayment plans (placeholder until the decision-logic issue lands)."""
from __future__ import annotations

from .errors import GuideError


def repayment_plan(principal, months, annual_rate=0.0, monthly_fee_rate=0.0):
    raise GuideError("还款计划计算尚未实现", code="not_implemented")


def months_needed(principal, capacity, annual_rate=0.0, max_months=60):
    raise GuideError("还款计划计算尚未实现", code="not_implemented")
