"""The rule table is the one place a rule is written: ids, wording and the docs derive from it."""

from __future__ import annotations

import datetime as dt
import tomllib
from importlib import resources

import pytest
from profiles import profile  # noqa: E402  (tests/profiles.py)

from guide_engine import assessment, rules
from guide_engine.assessment import derive, wording
from guide_engine.debt_plan import plan_of
from guide_engine.errors import DataError
from guide_engine.household import validate_household

TODAY = dt.date(2026, 11, 22)


def _rules_toml() -> dict:
    text = resources.files("guide_engine").joinpath("data/rules.toml").read_text("utf-8")
    return tomllib.loads(text)


def test_the_wording_covers_exactly_what_the_table_can_emit() -> None:
    data = _rules_toml()
    assert {(e["id"], e["variant"]) for e in data["path"]} == rules.PATH_VARIANTS
    assert {(e["id"], e["variant"]) for e in data["warning"]} == rules.WARNING_VARIANTS
    assert set(data["reasons"]) == set(rules.REASON_KEYS)


def test_ids_are_derived_in_firing_order() -> None:
    assert rules.PATH_IDS[:4] == (
        "object_to_payment_order",
        "respond_to_lawsuit",
        "stop_paid_agent",
        "report_abusive_collection",
    )
    assert set(rules.WARNING_ORDER) == set(rules.WARNING_IDS)


def test_the_assessment_docstring_shows_the_generated_table() -> None:
    doc = assessment.__doc__ or ""
    assert "(RULES_TABLE)" not in doc
    assert rules.table_text() in doc
    for rule in rules.RULES:
        assert rule.when in rules.table_text()


def _picks() -> list[rules.Pick]:
    found = [rules.READINESS_REASON]
    for rule in rules.RULES:
        for item in (*rule.paths, *rule.warnings):
            if isinstance(item.variant, rules.Pick):
                found.append(item.variant)
        found += [r for r in rule.reasons if isinstance(r, rules.Pick)]
    return found


BORROWERS = [
    profile(),
    profile(product="consumer_loan", overdue_days=0),
    profile(willing_to_repay=False, overdue_days=200, sued=True),
    profile(hardship=[], monthly_income=0, product="business_loan"),
    profile(bank="other", product="consumer_loan", abusive_collection=True),
]


@pytest.mark.parametrize("pick", _picks(), ids=lambda p: p.by)
def test_every_pick_names_a_fact_and_picks_among_its_listed_values(pick) -> None:
    for borrower in BORROWERS:
        home = validate_household(borrower, today=TODAY)
        facts = derive.facts_of(home, plan_of(home, TODAY), TODAY)
        assert getattr(facts, pick.by) in pick.among


@pytest.mark.parametrize(
    "old, new, words",
    [
        (
            'id = "complaint"\nvariant = "default"',
            'id = "complaint"\nvariant = "loan"',
            "complaint",
        ),
        ('repeated_refusals = "', 'refused_twice = "', "refused_twice"),
    ],
)
def test_wording_that_does_not_match_the_table_is_refused(monkeypatch, old, new, words) -> None:
    text = resources.files("guide_engine").joinpath("data/rules.toml").read_text("utf-8")
    assert old in text
    monkeypatch.setattr(wording, "read_toml", lambda name: tomllib.loads(text.replace(old, new, 1)))
    wording._rules.cache_clear()
    try:
        with pytest.raises(DataError) as caught:
            wording.rules()
    finally:
        wording._rules.cache_clear()
    assert words in caught.value.message and caught.value.code == "data_rules"
