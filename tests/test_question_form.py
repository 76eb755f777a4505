"""The question form has one source of markup: what the build writes into the page and what the
page script draws later must be the same elements with the same attributes and text, and a form
the script draws must pass axe as the built one does.

Why a separate file: these tests compare two renderers of one form; keeping them apart from the
wizard's behaviour tests (test_tools_browser.py) lets a change to the form markup run just them.
"""

from __future__ import annotations

import json
import sys

import pytest
from conftest import ROOT
from test_tools_browser import READY, answer_current, axe_violations, current_question

import guide_engine as ge

sys.path.insert(0, str(ROOT / "scripts" / "hooks"))

import render_tools  # noqa: E402  (the build's renderer of the question form)

pytestmark = pytest.mark.browser

#: Test-only: the tree under ``selector`` as [tag, sorted attributes, children], text with its
#: white space collapsed and white-space-only text dropped (the markup's indentation is not part
#: of what a reader gets). Element state that is not markup (a ticked box, a typed value) is a
#: property, not an attribute, so it does not appear.
CANONICAL = """(selector) => {
  const walk = (n) => {
    if (n.nodeType === Node.TEXT_NODE) {
      const t = n.textContent.replace(/\\s+/g, " ").trim();
      return t ? t : null;
    }
    if (n.nodeType !== Node.ELEMENT_NODE) return null;
    const attrs = Array.from(n.attributes, (a) => [a.name, a.value]).sort();
    const kids = Array.from(n.childNodes, walk).filter((x) => x !== null);
    return [n.localName, attrs, kids];
  };
  return Array.from(document.querySelector(selector).childNodes, walk).filter((x) => x !== null);
}"""

SCREEN = "[data-screen]"


def wait_for_question(page, qid):
    page.wait_for_function(
        "(q) => document.querySelector('[data-screen] form.gt-question')?.dataset.question === q",
        arg=qid,
    )


def test_first_question_drawn_after_back_is_the_markup_the_build_wrote(site_url, new_page):
    page, _watch = new_page(site_url)
    page.goto(site_url + "tools/self-assessment/")
    page.wait_for_selector(READY)
    built = page.evaluate(CANONICAL, SCREEN)
    first = current_question(page)
    answer_current(page)
    page.click('[data-screen] [data-action="back"]')
    wait_for_question(page, first)
    assert page.evaluate(CANONICAL, SCREEN) == built


@pytest.mark.parametrize("qid", ["balance", "hardship"], ids=["number", "multi"])
def test_a_script_drawn_question_has_no_accessibility_violation(site_url, new_page, qid):
    page, _watch = new_page(site_url)
    page.goto(site_url + "tools/self-assessment/")
    page.wait_for_selector(READY)
    while current_question(page) != qid:
        answer_current(page)
    assert axe_violations(page, "[data-guide-wizard]") == []


# ------------------------------------------------------------------------------------------------
# Every input kind: the build's renderer and the page script's, on the same engine views
# ------------------------------------------------------------------------------------------------

#: A flow with the parts the packaged flows lack: option help, help on a text question, a number
#: without a unit.
EXTRAS = """
id = "form_extras"
version = 1
title = "表单的其他部分"

[[questions]]
id = "pick"
text = "选一个"
help = "每个选项下面有说明。"
kind = "single"
options = [{ id = "p", label = "甲", help = "甲的说明" }, { id = "q", label = "乙" }]

[[questions]]
id = "several"
text = "选几个"
kind = "multi"
options = [{ id = "r", label = "丙", help = "丙的说明" }, { id = "s", label = "丁" }]

[[questions]]
id = "times"
text = "几次？"
kind = "number"
min = 0
max = 9

[[questions]]
id = "story"
text = "说说经过"
help = "可以不填。"
kind = "text"
max_length = 30
"""

#: The self-assessment, sued, one debt: its group's questions (with their progress in words), the
#: court date and "add another?" (the other tests here walk it not sued).
HOUSEHOLD = {
    "sued": True,
    "lender": "citic",
    "product": "credit_card",
    "balance": "12000",
    "overdue_days": "40",
    "court_this": True,
    "court_stage": "payment_order",
    "court_received": "2026-11-20",
    "debts": False,
    "monthly_income": "5000",
    "monthly_essential_expenses": "3000",
    "hardship": [],
    "willing_to_repay": True,
    "contacted_bank": False,
    "abusive_collection": False,
    "paid_agent": False,
}

#: One answer per question of each flow walked (the site's own flow answers as the reader would).
WALKS = {
    "self_assessment": HOUSEHOLD,
    "kitchen_sink": {
        "kind": "a",
        "amount": 600,
        "big": False,
        "tags": ["x"],
        "why_x": "因为",
        "count": 1,
        "note": "好",
    },
    "form_extras": {"pick": "p", "several": ["r"], "times": 2, "story": "经过"},
}


def _flow(name):
    if name == "self_assessment":
        return ge.load_flow(name)
    if name == "kitchen_sink":
        return ge.parse_flow(ROOT / "tests" / "sample_flows" / "kitchen_sink.toml")
    return ge.parse_flow(EXTRAS, name="form_extras.toml")


def question_views():
    """(name, view) for every question of every walked flow, from the engine."""
    out = []
    for name, answers in WALKS.items():
        flow = _flow(name)
        state = ge.start(flow)
        while (view := ge.view(state, flow=flow))["type"] == "question":
            qid = view["question"]["id"]
            out.append((f"{name}-{qid}-{view['question']['input']['kind']}", view))
            state = ge.answer(state, answers[qid], flow=flow)
    return out


VIEWS = question_views()


def test_the_walked_views_cover_every_input_kind():
    kinds = {view["question"]["input"]["kind"] for _, view in VIEWS}
    assert kinds == set(render_tools.KINDS)


@pytest.fixture(scope="module")
def module_page(browser, site_url, built_site):
    """The wizard page with question-form.js imported as window.__form (from the hashed folder)."""
    manifest = json.loads((built_site / "assets/tools/manifest.json").read_text(encoding="utf-8"))
    ctx = browser.new_context(service_workers="block")
    page = ctx.new_page()
    page.goto(site_url + "tools/self-assessment/")
    page.evaluate(
        "async (url) => { window.__form = await import(url); }",
        site_url + manifest["tools"] + "question-form.js",
    )
    yield page
    ctx.close()


@pytest.mark.parametrize("view", [v for _, v in VIEWS], ids=[n for n, _ in VIEWS])
def test_the_script_draws_every_question_as_the_build_renders_it(module_page, view):
    page = module_page
    drawn = page.evaluate(
        f"""(view) => {{
            const box = document.createElement("div");
            box.id = "drawn";
            box.append(window.__form.questionForm(document.querySelector("[data-guide-wizard]"), view));
            document.body.append(box);
            const out = ({CANONICAL})("#drawn");
            box.remove();
            return out;
        }}""",
        view,
    )
    built = page.evaluate(
        f"""(html) => {{
            const box = document.createElement("div");
            box.id = "built";
            box.append(...new DOMParser().parseFromString(html, "text/html").body.childNodes);
            document.body.append(box);
            const out = ({CANONICAL})("#built");
            box.remove();
            return out;
        }}""",
        render_tools.question_html(view),
    )
    assert drawn == built


def test_a_script_drawn_text_question_has_no_accessibility_violation(site_url, new_page):
    page, _watch = new_page(site_url)
    page.goto(site_url + "tools/self-assessment/")
    page.wait_for_selector(READY)
    view = next(v for name, v in VIEWS if name.startswith("form_extras-story"))
    page.evaluate(
        """async (view) => {
            const url = document.querySelector('script[src$="/tools.js"]').src;
            const { questionForm } = await import(new URL("question-form.js", url).href);
            const root = document.querySelector("[data-guide-wizard]");
            root.querySelector("[data-screen]").replaceChildren(questionForm(root, view));
        }""",
        view,
    )
    assert page.locator("[data-screen] textarea").count() == 1
    assert axe_violations(page, "[data-guide-wizard]") == []
