"""The wizard page on a household with two debts, at 360 × 780: a credit card at 中信 and a 花呗-type
consumer credit, walked to the plan; Back and the browser's Back inside the group, a debt removed
and a debt edited on the review, a reload in the middle of the group, a court date, and progress
saved under the old single-debt interview carried over instead of wiped.

Why apart from test_tools_browser.py: these walk the repeatable group, whose questions come once
per debt, so the walker answers by (question, debt) and not by question alone.
"""

from __future__ import annotations

import json

import pytest
from test_tools_browser import KEY, PHONE, READY, assert_clean, open_wizard, saved

pytestmark = pytest.mark.browser

#: Answers of the questions asked once.
ONCE = {
    "sued": False,
    "monthly_income": "6000",
    "monthly_essential_expenses": "3200",
    "hardship": ["income_drop"],
    "hardship_proof": False,
    "willing_to_repay": True,
    "contacted_bank": False,
    "abusive_collection": False,
    "paid_agent": False,
}

#: Per debt: the card at 中信, then the 花呗-type consumer credit; "debts" is "add another?".
DEBTS = {
    "lender": ["citic", "other"],
    "product": ["credit_card", "consumer_credit"],
    "balance": ["52,000", "8000"],
    "overdue_days": ["95", "30"],
    "debts": [True, False],
}

WIZARD = "[data-guide-wizard]"
FORM = "[data-screen] form.gt-question"


def here(page):
    """(question id, item or None) of the question on screen."""
    form = page.locator(FORM)
    item = form.get_attribute("data-item")
    return form.get_attribute("data-question"), None if item is None else int(item)


def settled(page, before):
    """Wait until the wizard has moved on from the step ``before`` (or shows an error)."""
    page.wait_for_function(
        """([qid, item]) => { const w = document.querySelector('[data-guide-wizard]');
            if (w.hasAttribute('aria-busy') || w.hasAttribute('data-moving')) return false;
            const f = w.querySelector('[data-screen] form.gt-question');
            const err = w.querySelector('#gt-q-error');
            return w.dataset.view !== 'question' || !f || f.dataset.question !== qid
              || (f.dataset.item ?? null) !== item || (err && err.textContent); }""",
        arg=[before[0], None if before[1] is None else str(before[1])],
    )


def arrives(page, step):
    """Wait until the wizard is at rest on the question ``step`` = (id, item): after the browser's
    Back the wizard moves through several engine calls, and only the step it names is the end."""
    page.wait_for_function(
        """([qid, item]) => { const w = document.querySelector('[data-guide-wizard]');
            if (!w || w.hasAttribute('aria-busy') || w.hasAttribute('data-moving')) return false;
            const f = w.querySelector('[data-screen] form.gt-question');
            return w.dataset.view === 'question' && !!f && f.dataset.question === qid
              && (f.dataset.item ?? null) === item; }""",
        arg=[step[0], None if step[1] is None else str(step[1])],
    )


def value_for(qid, item, answers):
    if item is not None and qid in answers.get("debts_by_item", DEBTS):
        return answers.get("debts_by_item", DEBTS)[qid][item]
    return answers.get("once", ONCE)[qid]


def give(page, value):
    form = page.locator(FORM)
    kind = form.get_attribute("data-kind")
    if kind in ("single", "yesno"):
        v = ("true" if value else "false") if isinstance(value, bool) else str(value)
        form.locator(f'input[name="answer"][value="{v}"]').check()
    elif kind == "multi":
        for box in form.locator('input[name="answer"]').all():
            box.set_checked(box.get_attribute("value") in value)
    else:
        form.locator('[name="answer"]').fill(str(value))
    form.locator('button[type="submit"]').click()


def step(page, answers=None):
    """Answer the question on screen; returns (question id, item) that was answered."""
    at = here(page)
    give(page, value_for(*at, answers or {}))
    settled(page, at)
    return at


def walk_until(page, stop, answers=None, limit=40):
    """Answer until the question ``stop`` = (id, item) is on screen (or the review when None)."""
    page.wait_for_selector(READY)
    for _ in range(limit):
        if page.get_attribute(WIZARD, "data-view") != "question":
            break
        if stop is not None and here(page) == stop:
            return
        step(page, answers)
    assert stop is None, f"never reached {stop}"
    page.wait_for_selector(f"{WIZARD}[data-view=review]")


def progress(page):
    return page.locator("#gt-progress-label").inner_text()


def debts_saved(page):
    return saved(page)["state"]["groups"]["debts"]


def test_a_two_debt_household_walks_to_its_plan_with_progress_in_words(site_url, new_page):
    page, watch = open_wizard(new_page, site_url, *PHONE)
    walk_until(page, ("lender", 0))
    assert progress(page) == "你的欠款 · 第 1 笔，共 1 笔"
    walk_until(page, ("debts", 0))
    assert progress(page) == "你的欠款 · 已填 1 笔"
    step(page)
    assert here(page) == ("lender", 1)
    assert progress(page) == "你的欠款 · 第 2 笔，共 2 笔"
    walk_until(page, None)
    assert page.locator("[data-review-item]").count() == 2
    page.click('[data-action="show-result"]')
    page.wait_for_selector(f"{WIZARD}[data-view=result]")
    assert debts_saved(page) == {
        "items": [
            {"lender": "citic", "product": "credit_card", "balance": 52000, "overdue_days": 95},
            {"lender": "other", "product": "consumer_credit", "balance": 8000, "overdue_days": 30},
        ],
        "closed": True,
    }
    assert saved(page)["screen"] == "result"
    assert_clean(watch)


def test_back_inside_the_group_keeps_the_debts_answers(site_url, new_page):
    page, watch = open_wizard(new_page, site_url, *PHONE)
    walk_until(page, ("overdue_days", 1))
    page.click('[data-screen] [data-action="back"]')
    settled(page, ("overdue_days", 1))
    assert here(page) == ("balance", 1)
    assert page.input_value("#gt-answer") == "8000"
    assert debts_saved(page)["items"][0]["balance"] == 52000
    walk_until(page, None)
    assert page.locator("[data-review-item]").count() == 2
    assert_clean(watch)


def test_the_browsers_back_walks_back_through_the_group_to_add_another(site_url, new_page):
    page, watch = open_wizard(new_page, site_url, *PHONE)
    walk_until(page, ("product", 1))
    page.go_back()
    arrives(page, ("lender", 1))
    assert page.locator('input[name="answer"][value="other"]').is_checked()
    page.go_back()
    arrives(page, ("debts", 0))
    assert page.locator('input[name="answer"][value="true"]').is_checked()
    assert len(debts_saved(page)["items"]) == 1  # the second debt, still empty, is gone
    walk_until(page, None)
    assert page.locator("[data-review-item]").count() == 2
    assert_clean(watch)


def test_a_debt_removed_on_the_review_leaves_the_other_and_every_other_answer(site_url, new_page):
    page, watch = open_wizard(new_page, site_url, *PHONE)
    walk_until(page, None)
    page.click('[data-action="remove-item"][data-item="0"]')
    page.wait_for_function(
        "() => document.querySelectorAll('[data-screen] [data-review-item]').length === 1"
    )
    assert debts_saved(page)["items"] == [
        {"lender": "other", "product": "consumer_credit", "balance": 8000, "overdue_days": 30}
    ]
    assert saved(page)["state"]["answers"]["monthly_income"] == 6000
    # the last debt cannot be removed: the button is gone
    assert page.locator('[data-action="remove-item"]').count() == 0
    assert_clean(watch)


def test_a_debt_edited_on_the_review_changes_only_that_answer(site_url, new_page):
    page, watch = open_wizard(new_page, site_url, *PHONE)
    walk_until(page, None)
    page.click('[data-action="edit"][data-question="balance"][data-item="1"]')
    page.wait_for_function(
        "() => { const f = document.querySelector('[data-screen] form.gt-question');"
        " return f && f.dataset.question === 'balance' && f.dataset.item === '1'; }"
    )
    assert page.input_value("#gt-answer") == "8000"
    give(page, "9,500")
    page.wait_for_selector(f"{WIZARD}[data-view=review]")
    blocks = page.locator("[data-review-item]")
    assert "9,500 元" in blocks.nth(1).inner_text()
    assert "52,000 元" in blocks.nth(0).inner_text()
    assert [item["balance"] for item in debts_saved(page)["items"]] == [52000, 9500]
    assert_clean(watch)


def test_a_reload_in_the_middle_of_the_group_keeps_everything(site_url, new_page):
    page, watch = open_wizard(new_page, site_url, *PHONE)
    walk_until(page, ("balance", 1))
    before = saved(page)["state"]
    page.reload()
    page.wait_for_function(
        "() => { const f = document.querySelector('[data-screen] form.gt-question');"
        " return f && f.dataset.question === 'balance' && f.dataset.item === '1'; }"
    )
    page.wait_for_selector(READY)
    assert here(page) == ("balance", 1)
    assert saved(page)["state"] == before
    walk_until(page, None)
    assert page.locator("[data-review-item]").count() == 2
    assert_clean(watch)


def test_a_court_date_is_answered_with_the_date_field(site_url, new_page):
    page, watch = open_wizard(new_page, site_url, *PHONE)
    answers = {
        "once": {**ONCE, "sued": True},
        "debts_by_item": {
            **DEBTS,
            "court_this": [True],
            "court_stage": ["payment_order"],
            "court_received": ["2026-11-20"],
            "debts": [False],
        },
    }
    walk_until(page, ("court_received", 0), answers)
    assert page.locator(f"{FORM} input[type=date]").count() == 1
    walk_until(page, None, answers)
    assert debts_saved(page)["items"][0]["court_received"] == "2026-11-20"
    assert "2026年11月20日" in page.locator("[data-review-item]").inner_text()
    assert_clean(watch)


def test_progress_saved_under_the_single_debt_interview_is_carried_over(site_url, new_page):
    page, watch = open_wizard(new_page, site_url, *PHONE)
    page.wait_for_selector(READY)
    old = {
        "format": 2,
        "flow": "self_assessment",
        "version": 1,
        "state": {
            "flow": "self_assessment",
            "version": 1,
            "answers": {
                "sued": False,
                "bank": "citic",
                "product": "credit_card",
                "debt_total": 52000,
                "overdue_days": 95,
                "monthly_income": 6000,
            },
            "draft": {},
        },
        "view": None,
        "screen": "question",
        "saved": "2026-11-20T08:00:00.000Z",
    }
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [KEY, json.dumps(old)])
    page.reload()
    page.wait_for_selector(READY)
    page.wait_for_function("() => !document.querySelector('[data-notice]').hidden")
    assert "已经换成新版的问题" in page.locator("[data-notice]").inner_text()
    assert here(page) == ("debts", 0)
    state = saved(page)["state"]
    assert (state["version"], state["answers"]["monthly_income"]) == (2, 6000)
    assert state["groups"]["debts"]["items"] == [
        {"lender": "citic", "product": "credit_card", "balance": 52000, "overdue_days": 95}
    ]
    assert_clean(watch)
