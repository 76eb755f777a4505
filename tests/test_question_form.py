"""The question form has one source of markup: what the build writes into the page and what the
page script draws later must be the same elements with the same attributes and text, and a form
the script draws must pass axe as the built one does.

Why a separate file: these tests compare two renderers of one form; keeping them apart from the
wizard's behaviour tests (test_tools_browser.py) lets a change to the form markup run just them.
"""

from __future__ import annotations

import pytest
from test_tools_browser import READY, answer_current, axe_violations, current_question

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


@pytest.mark.parametrize("qid", ["debt_total", "hardship"], ids=["number", "multi"])
def test_a_script_drawn_question_has_no_accessibility_violation(site_url, new_page, qid):
    page, _watch = new_page(site_url)
    page.goto(site_url + "tools/self-assessment/")
    page.wait_for_selector(READY)
    while current_question(page) != qid:
        answer_current(page)
    assert axe_violations(page, "[data-guide-wizard]") == []
