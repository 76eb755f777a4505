"""The result as a plan in Debian's Chromium at 360 × 780: the first action on the first phone
screen, the checklist with done-ticks that persist (and follow another tab), the end of a complex
case's plan within three phone screens, a deadline's calendar file, tap-to-call numbers, the
letter draft and axe.

Two ways in: the wizard walked to its result (the flow the page runs today), and a household plan
the engine (CPython) made, drawn by the page's own result-view.js — the result's drawing depends on
the plan's shape, not on the flow, so a sued household with a paid agent and three debts is drawn
exactly as the household flow will draw it. Positions are measured, never time.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from households import debt, household
from profiles import answers, result_view
from test_tools_browser import READY, answer_current, assert_clean, axe_violations

from guide_engine import assess
from guide_engine.plan_view import plan_view

pytestmark = pytest.mark.browser

PHONE = (360, 780)
SCREEN_H = PHONE[1]
TODAY = "2026-12-01"
TICKS_KEY = "xieshang-guide:ticks"

#: The device's today (the page dates its answers and deadlines by it; so does the CPython walk).
DEVICE_TODAY = dt.date.today()

#: A borrower sued over their one debt (papers received three days ago), paying an agent.
SUED = {
    **answers(
        sued=True,
        paid_agent=True,
        bank="mybank",
        product="business_loan",
        debt_total="52,000",
        hardship=["income_drop"],
    ),
    "court_this": True,
    "court_stage": "complaint",
    "court_received": (DEVICE_TODAY - dt.timedelta(days=3)).isoformat(),
}
WIZARD_ANSWERS = {
    k: (str(v) if isinstance(v, int) and not isinstance(v, bool) else v) for k, v in SUED.items()
}


def complex_household():
    """Sued on a card (papers received a week ago, a hearing set), a paid agent, three debts."""
    h = household(paid_agent=True, abusive_collection=True)
    h["debts"][0]["court"] = {
        "stage": "complaint",
        "received": "2026-11-25",
        "hearing": "2026-12-20",
    }
    h["debts"].append(debt(lender="boc", balance=80000, overdue_days=10))
    return h


def walk_to_result(page, given=WIZARD_ANSWERS):
    page.wait_for_selector(READY)
    for _ in range(40):
        if page.get_attribute("[data-guide-wizard]", "data-view") != "question":
            break
        answer_current(page, given)
    page.wait_for_selector("[data-guide-wizard][data-view=review]")
    page.click('[data-action="show-result"]')
    page.wait_for_selector("[data-guide-wizard][data-view=result] [data-first-action]")


def cpython_result_view(given=SUED):
    """The result the engine (CPython) shows for ``given``, answered on the device's today."""
    return result_view(given, today=DEVICE_TODAY)


DRAW = """async ({plan}) => {
  const src = document.querySelector('script[type="module"][src*="tools.js"]').src;
  const view = await import(src.replace(/tools\\.js$/, "result-view.js"));
  const wizard = document.querySelector("[data-guide-wizard]");
  const screen = wizard.querySelector("[data-screen]");
  const { body } = view.resultScreen(plan, wizard.dataset.root || "../../");
  screen.replaceChildren(body);
  wizard.dataset.view = "result";
  body.querySelector("h2").scrollIntoView({ block: "start" });
}"""


def draw_plan(page, plan):
    page.wait_for_selector(READY)
    page.evaluate(DRAW, {"plan": plan})
    page.wait_for_selector("[data-first-action]")


def show_result(page, site_url, way):
    """The wizard page showing a result: the wizard's own ("wizard", its interview walked) or the
    engine's plan for the complex household drawn by the page's own code (any other ``way``)."""
    page.goto(site_url + "tools/self-assessment/")
    if way == "wizard":
        walk_to_result(page)
    else:
        h = complex_household()
        draw_plan(page, plan_view(assess(h, TODAY), h))


#: Where things are, in page pixels from the result's heading.
POSITIONS = """() => {
  const top = document.querySelector("[data-screen] h2").getBoundingClientRect().top;
  const at = (el) => { const r = el.getBoundingClientRect(); return { top: r.top - top, bottom: r.bottom - top }; };
  const items = Array.from(document.querySelectorAll("[data-screen] [data-action-id]"));
  return { first: at(document.querySelector("[data-first-action]")),
           planEnd: at(items[items.length - 1]).bottom,
           overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth };
}"""


def test_the_wizards_result_starts_with_the_first_action_and_lists_the_engines_actions(
    site_url, new_page, artifacts
):
    page, watch = new_page(site_url, *PHONE)
    page.goto(site_url + "tools/self-assessment/")
    walk_to_result(page)
    plan = cpython_result_view()["plan"]
    first = page.locator("[data-first-action]")
    assert first.get_attribute("data-first-action") == plan["first"]["id"]
    ids = page.eval_on_selector_all(
        "[data-screen] [data-action-id]", "els => els.map(e => e.dataset.actionId)"
    )
    assert ids == [item["id"] for g in plan["groups"] for item in g["items"]]
    page.screenshot(path=str(artifacts / "result-plan-phone.png"), full_page=False)
    page.screenshot(path=str(artifacts / "result-plan-phone-full.png"), full_page=True)
    where = page.evaluate(POSITIONS)
    assert where["first"]["bottom"] <= SCREEN_H
    assert where["planEnd"] <= 3 * SCREEN_H
    assert where["overflow"] == 0
    # every checklist item is a real checkbox with its label
    assert page.locator("[data-action-id] input[type=checkbox] + label").count() == len(ids)
    # the letter draft is still filled, and its buttons and the result's buttons are there
    page.wait_for_function(
        "() => document.querySelector('[data-letter-text]').textContent.includes('协商还款申请书')"
    )
    for action in ("copy-letter", "download-letter", "review", "print"):
        assert page.locator(f'[data-screen] [data-action="{action}"]').count() == 1
    assert_clean(watch)


def test_a_done_tick_is_kept_across_a_reload_and_shows_in_another_tab(site_url, new_page):
    page, watch = new_page(site_url, *PHONE)
    page.goto(site_url + "tools/self-assessment/")
    walk_to_result(page)
    item = page.locator("[data-screen] [data-action-id]").nth(1)
    aid = item.get_attribute("data-action-id")
    other = page.context.new_page()
    other.goto(site_url + "tools/self-assessment/")
    other.wait_for_selector("[data-guide-wizard][data-view=result] [data-first-action]")
    item.locator("label").click()
    assert item.locator("input").is_checked()
    ticks = json.loads(page.evaluate(f"() => localStorage.getItem('{TICKS_KEY}')"))
    assert list(ticks["done"]) == [aid]
    other.wait_for_function(
        "(id) => document.querySelector(`[data-action-id='${id}'] input`).checked", arg=aid
    )
    page.reload()
    page.wait_for_selector("[data-guide-wizard][data-view=result] [data-first-action]")
    boxes = page.eval_on_selector_all(
        "[data-screen] [data-action-id] input", "els => els.map(e => [e.dataset.tick, e.checked])"
    )
    assert [tick for tick, on in boxes if on] == [aid]
    assert_clean(watch)


def test_a_complex_case_reaches_the_end_of_its_plan_within_three_phone_screens(
    site_url, new_page, artifacts
):
    h = complex_household()
    plan = plan_view(assess(h, TODAY), h)
    page, watch = new_page(site_url, *PHONE)
    page.goto(site_url + "tools/self-assessment/")
    draw_plan(page, plan)
    page.screenshot(path=str(artifacts / "result-complex-phone.png"), full_page=False)
    page.screenshot(path=str(artifacts / "result-complex-phone-full.png"), full_page=True)
    where = page.evaluate(POSITIONS)
    assert where["first"]["bottom"] <= SCREEN_H
    assert where["planEnd"] <= 3 * SCREEN_H
    assert where["overflow"] == 0
    first = page.locator("[data-first-action]")
    assert first.get_attribute("data-first-action") == "court_deadline:defence:0"
    assert "还剩 9 天" in first.inner_text() and "2026年12月10日" in first.inner_text()
    assert_clean(watch)


def test_a_deadline_downloads_the_engines_calendar_file(site_url, new_page, tmp_path):
    h = complex_household()
    plan = plan_view(assess(h, TODAY), h)
    page, watch = new_page(site_url, *PHONE)
    page.goto(site_url + "tools/self-assessment/")
    draw_plan(page, plan)
    expected = {d["id"]: d["ics"] for d in plan["deadlines"]}
    buttons = page.locator("[data-screen] [data-ics]")
    assert buttons.count() == 1 + len(expected)  # the first action's button and one per deadline
    for deadline_id, ics in expected.items():
        with page.expect_download() as info:
            page.click(f'.gt-deadlines [data-ics="{deadline_id}"]')
        path = tmp_path / info.value.suggested_filename
        info.value.save_as(path)
        assert info.value.suggested_filename == ics["filename"]
        assert path.read_bytes() == ics["text"].encode("utf-8")
    assert_clean(watch)


def test_phone_numbers_are_tap_to_call(site_url, new_page):
    h = complex_household()
    plan = plan_view(assess(h, TODAY), h)
    page, watch = new_page(site_url, *PHONE)
    page.goto(site_url + "tools/self-assessment/")
    draw_plan(page, plan)
    hrefs = set(
        page.eval_on_selector_all(
            "[data-screen] a[href^='tel:']", "els => els.map(e => e.getAttribute('href'))"
        )
    )
    assert {"tel:12348", "tel:12368", "tel:12356", "tel:110", "tel:95558", "tel:95566"} <= hrefs
    assert_clean(watch)


@pytest.mark.parametrize("way", ["wizard", "drawn"])
def test_the_result_has_no_accessibility_violation(site_url, new_page, way):
    page, watch = new_page(site_url, *PHONE)
    show_result(page, site_url, way)
    if way != "wizard":
        page.click(".gt-details > summary")
    assert axe_violations(page, "[data-guide-wizard]") == []
    assert_clean(watch)
