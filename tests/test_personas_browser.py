"""The three borrowers of the usability review (../shared/reviews/usability-review.md) walked
through the wizard to their plan in Debian's Chromium, on a 360 × 780 phone and at desktop size
(1280 × 800): each reaches the plan, the first action is the right one — the one the engine
(CPython) gives for the same answers, and the one a person would put first — it is on the first
screen of the plan, and axe finds no violation on the result.

* P1: a 中信银行 credit card, 90 days overdue, job lost.
* P2: a 网商银行 business loan, sued (the court's papers came three days ago), paying an agent.
* P3: a 中国银行 credit card, not yet overdue, income down, 1,500 a month to spare.

The walk and the CPython reference are those of tests/test_result_browser.py.
"""

from __future__ import annotations

import pytest
from profiles import answers
from test_result_browser import SUED, cpython_result_view, walk_to_result
from test_tools_browser import assert_clean, axe_violations

PHONE = (360, 780)
DESKTOP = (1280, 800)


def typed(given):
    """Answers as typed into the page (numbers as text, as the wizard's fields hold them)."""
    return {
        k: (str(v) if isinstance(v, int) and not isinstance(v, bool) else v)
        for k, v in given.items()
    }


PERSONAS = {
    "P1": answers(bank="citic", overdue_days=90, debt_total=30000, hardship=["job_loss"]),
    "P2": SUED,
    "P3": answers(
        bank="boc",
        overdue_days=0,
        debt_total=50000,
        monthly_income=6000,
        monthly_essential_expenses=4500,
        hardship=["income_drop"],
        hardship_proof=False,
        contacted_bank=False,
    ),
}
#: The first action each should see: a court deadline beats everything (P2); otherwise the
#: papers that let the first call to the lender propose a plan (P1, P3).
FIRST = {"P1": "gather_documents", "P2": "court_deadline:defence:0", "P3": "gather_documents"}

#: The first action's box and the plan's heading, in page pixels.
WHERE = """() => {
  const box = (sel) => document.querySelector(sel).getBoundingClientRect();
  const heading = box("[data-screen] h2"), first = box("[data-first-action]");
  return { firstBelowHeading: first.bottom - heading.top,
           overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth };
}"""


def test_the_engine_puts_first_what_a_person_would_put_first():  # no browser: in the fast suite
    assert {
        name: cpython_result_view(given)["plan"]["first"]["id"] for name, given in PERSONAS.items()
    } == FIRST


@pytest.mark.browser
@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("name", sorted(PERSONAS))
def test_each_persona_walks_to_the_plan_with_the_right_first_action(site_url, new_page, name, size):
    page, watch = new_page(site_url, *size)
    page.goto(site_url + "tools/self-assessment/")
    walk_to_result(page, typed(PERSONAS[name]))
    plan = cpython_result_view(PERSONAS[name])["plan"]
    assert page.get_attribute("[data-first-action]", "data-first-action") == FIRST[name]
    drawn = page.eval_on_selector_all(
        "[data-screen] [data-action-id]", "els => els.map(e => e.dataset.actionId)"
    )
    assert drawn == [item["id"] for group in plan["groups"] for item in group["items"]]
    where = page.evaluate(WHERE)
    assert where["firstBelowHeading"] <= size[1]  # on the plan's first screen
    assert where["overflow"] == 0
    assert axe_violations(page, "[data-guide-wizard]") == []
    assert_clean(watch)
