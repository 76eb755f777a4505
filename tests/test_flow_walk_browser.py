"""The wizard asks its questions while the engine is still loading (the page-side walk,
docs/assets/tools/flow-walk.js), and the engine, once ready, replays every answer: the same state
as without the wait, or, where it refuses an answer, the reader back at that question with the
engine's message. The engine is held back by holding the runtime's request (Chromium).
"""

from __future__ import annotations

import pytest
from test_tools_browser import ANSWERS, READY, assert_clean, current_question, give, saved

import guide_engine as ge
from guide_engine import InvalidAnswer

pytestmark = pytest.mark.browser

PHONE = (360, 780)
RUNTIME = "**/pyodide.asm.wasm"
TODAY = "2026-12-02"  # the date only matters for date answers, which these walks give none


def hold_engine(page, site_url):
    """Open the wizard with the runtime's request held; returns the held routes."""
    held = []
    page.route(RUNTIME, lambda route: held.append(route))
    page.goto(site_url + "tools/self-assessment/")
    page.wait_for_selector("[data-guide-wizard][data-mounted]")
    return held


def release(page, held):
    for route in held:
        route.continue_()
    page.unroute(RUNTIME)
    page.wait_for_selector(READY)


def answer_before_the_engine(page, qid, value):
    """Answer the question on screen (it must be ``qid``) and wait for the next one, never for
    the waiting screen."""
    assert current_question(page) == qid
    give(page, value)
    page.wait_for_function(
        """(qid) => { const w = document.querySelector('[data-guide-wizard]');
            const f = w.querySelector('[data-screen] form.gt-question');
            return w.querySelector('[data-waiting]') || (f && f.dataset.question !== qid); }""",
        arg=qid,
    )
    assert page.locator("[data-waiting]").count() == 0
    assert page.get_attribute("[data-guide-wizard]", "data-engine") == "loading"


def engine_state(answers):
    state = ge.start("self_assessment")
    for value in answers:
        state = ge.answer(state, value, today=TODAY)
    return state


def test_a_reader_answers_three_questions_before_the_engine_and_it_keeps_them(site_url, new_page):
    page, watch = new_page(site_url, *PHONE)
    held = hold_engine(page, site_url)
    for qid in ("sued", "lender", "product"):
        answer_before_the_engine(page, qid, ANSWERS[qid])
    assert current_question(page) == "balance"
    page.fill("#gt-answer", "52,000")  # typed, not yet sent, when the engine arrives
    release(page, held)
    page.wait_for_function("() => localStorage.getItem('xieshang-guide:wizard:self_assessment')")
    expected = engine_state([ANSWERS[qid] for qid in ("sued", "lender", "product")])
    assert saved(page)["state"] == expected
    assert current_question(page) == "balance"
    assert page.input_value("#gt-answer") == "52,000"
    assert_clean(watch)


def test_an_answer_the_engine_refuses_on_replay_takes_the_reader_back_with_its_message(
    site_url, new_page
):
    page, watch = new_page(site_url, *PHONE)
    held = hold_engine(page, site_url)
    given = {**ANSWERS, "balance": "一百亿"}  # more than any balance the engine takes
    for qid in ("sued", "lender", "product", "balance", "overdue_days"):
        answer_before_the_engine(page, qid, given[qid])
    assert current_question(page) == "debts"  # the walk went on: nothing it asks reads balance
    release(page, held)
    before = engine_state([given[qid] for qid in ("sued", "lender", "product")])
    with pytest.raises(InvalidAnswer) as refused:
        ge.answer(before, given["balance"], today=TODAY)
    page.wait_for_function(
        "() => document.querySelector('[data-screen] #gt-q-error')?.textContent.trim()"
    )
    assert current_question(page) == "balance"
    assert page.locator("[data-screen] #gt-q-error").inner_text() == refused.value.message
    assert page.input_value("#gt-answer") == "一百亿"
    assert_clean(watch)


def test_answers_walked_before_the_engine_survive_a_reload_before_it_is_ready(site_url, new_page):
    """A cheap phone drops a tab it is not showing; the reader must not find their answers gone."""
    page, watch = new_page(site_url, *PHONE)
    held = hold_engine(page, site_url)
    for qid in ("sued", "lender"):
        answer_before_the_engine(page, qid, ANSWERS[qid])
    before = len(held)
    page.reload()
    page.wait_for_selector("[data-guide-wizard][data-mounted]")
    page.wait_for_function(
        "() => document.querySelector('[data-screen] form.gt-question')?.dataset.question"
        " === 'product'"
    )
    assert page.get_attribute("[data-guide-wizard]", "data-engine") == "loading"
    release(page, held[before:])
    page.wait_for_function("() => localStorage.getItem('xieshang-guide:wizard:self_assessment')")
    assert saved(page)["state"] == engine_state([ANSWERS["sued"], ANSWERS["lender"]])
    assert current_question(page) == "product"
    assert page.evaluate("() => localStorage.getItem('xieshang-guide:typed:wizard-walked')") == "{}"
    assert_clean(watch)
