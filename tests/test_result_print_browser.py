"""Printing the result prints the plan, in Debian's Chromium: the first action, the checklist,
the deadlines, the budget and each lender's offer on one or two A4 pages (Chromium's own
print-to-PDF, ``page.pdf()``), without the site's chrome, the buttons, the folded details or the
letter draft (the letter prints from the letter page, as a document of its own).

What is on the paper is checked under print media at the width of A4 at 96 dpi (as the letters are
in tests/test_print_browser.py); pages are counted in the PDF itself. No test asserts on time.
"""

from __future__ import annotations

import pytest
from test_print_browser import A4, pdf_pages, pdf_paper, pdf_title
from test_result_browser import TODAY, complex_household, draw_plan, walk_to_result
from test_tools_browser import assert_clean

from guide_engine import assess
from guide_engine.plan_view import plan_view

pytestmark = pytest.mark.browser

PHONE = (360, 780)

#: Under print media: what has a box (tag.class or [attribute]), and the plan's parts.
ON_PAPER = """() => {
  const shown = (el) => !!el && el.getClientRects().length > 0;
  const all = (sel) => Array.from(document.querySelectorAll(sel));
  return {
    first: shown(document.querySelector("[data-first-action]")),
    // on the first sheet: below the top of the plan by less than an A4 page less its 12-mm margins
    firstOnPageOne: document.querySelector("[data-first-action]").getBoundingClientRect().bottom
      - document.querySelector(".gt-result-body").getBoundingClientRect().top <= 1123 - 2 * 46,
    actions: all("[data-screen] [data-action-id]").filter(shown).length,
    allActions: all("[data-screen] [data-action-id]").length,
    deadlines: shown(document.querySelector(".gt-deadline-box")),
    budget: shown(document.querySelector(".gt-budget-box")),
    offers: shown(document.querySelector(".gt-offers-box")),
    chrome: all(".md-header, .md-tabs, .md-sidebar, .md-footer, .md-content__inner > h1, "
      + ".md-source-file, .page-reviewed, .gt-exit-button").filter(shown).map((el) => el.className || el.tagName),
    folded: all(".gt-details, .gt-letter-box, .gt-journal-link, .gt-status, .gt-privacy")
      .filter(shown).map((el) => el.className),
    buttons: all("[data-screen] button, [data-screen] .md-button").filter(shown).length,
    siteName: document.body.innerText.includes("协商指南"),
  };
}"""


def print_result(page):
    """The result under print media at A4 width: (what is on the paper, the PDF)."""
    page.evaluate("() => { window.print = () => window.dispatchEvent(new Event('beforeprint')); }")
    page.click('[data-screen] [data-action="print"]')
    page.set_viewport_size(A4)
    page.emulate_media(media="print")
    paper = page.evaluate(ON_PAPER)
    pdf = page.pdf(prefer_css_page_size=True)
    page.emulate_media(media="screen")
    return paper, pdf


@pytest.mark.parametrize("way", ["complex household", "wizard"])
def test_printing_the_result_prints_the_plan_alone_on_at_most_two_a4_pages(
    site_url, new_page, way, artifacts
):
    page, watch = new_page(site_url, *PHONE)
    page.goto(site_url + "tools/self-assessment/")
    if way == "wizard":
        walk_to_result(page)
    else:
        h = complex_household()
        draw_plan(page, plan_view(assess(h, TODAY), h))
    title = page.title()
    paper, pdf = print_result(page)
    (artifacts / f"result-print-{way.replace(' ', '-')}.pdf").write_bytes(pdf)
    assert paper == {
        "first": True,
        "firstOnPageOne": True,
        "actions": paper["allActions"],
        "allActions": paper["allActions"],
        "deadlines": way != "wizard" or paper["deadlines"],
        "budget": True,
        "offers": True,
        "chrome": [],
        "folded": [],
        "buttons": 0,
        "siteName": False,
    }
    assert pdf_pages(pdf) <= 2
    assert pdf_paper(pdf) == {(210, 297)}
    assert pdf_title(pdf) == "我的行动计划"
    assert page.title() == title  # the page's own title is back after printing
    assert_clean(watch)
