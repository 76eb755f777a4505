"""What a reader types into the letter form before its script has run, kept on the device
(typed-store.js keepTyped), in Debian's Chromium.

The form is in the page's HTML and its status line invites typing while the tools load, so a
reader on a slow phone types before letter.js runs. The script is held back (a routed request
released only after the typing), then the page is opened again: what was typed must be there,
and where something was saved on an earlier visit, a field typed meanwhile keeps the newer text.
"""

from __future__ import annotations

import json

import pytest
from conftest import PATIENCE

pytestmark = pytest.mark.browser

LETTER = "tools/letter/"
SCRIPT = "**/assets/tools/*/letter.js"
TYPED_KEY = "xieshang-guide:typed:letter"
#: letter.js has run: its status line has the progress bar it adds on mount (after keepTyped). The
#: bar may be hidden already: the engine starts before letter.js (engine-start.js) and may be ready.
MOUNTED = "[data-guide-tool=letter] [data-progress]"


def fields(page) -> dict:
    """What the letter form shows in the fields these tests type into."""
    return {
        "debt_total": page.input_value("#letter-debt"),
        "product": page.input_value("#letter-product"),
        "name": page.input_value("#letter-name"),
        "illness": page.is_checked('input[name="hardship"][value="illness"]'),
    }


def type_before_the_script(page, url, saved, typed):
    """Open the letter page with letter.js held back, put ``saved`` on the device as an earlier
    visit left it, type ``typed`` into the form, then let the script run."""
    held = []
    page.route(SCRIPT, lambda route: held.append(route))
    page.goto(url)
    for _ in range(PATIENCE // 50):  # until the page has asked for the script
        if held:
            break
        page.wait_for_timeout(50)
    assert held, "the page never asked for letter.js"
    assert page.locator(MOUNTED).count() == 0
    if saved is not None:
        page.evaluate("([key, value]) => localStorage.setItem(key, value)", [TYPED_KEY, saved])
    for action, selector, value in typed:
        getattr(page, action)(selector, *([value] if value is not None else []))
    for route in held:
        route.continue_()
    page.unroute(SCRIPT)
    page.wait_for_selector(MOUNTED, state="attached")


NOTHING = {"debt_total": "", "product": "credit_card", "name": "", "illness": False}


@pytest.mark.parametrize(
    ("saved", "typed", "shown"),
    [
        (
            None,
            [
                ("fill", "#letter-debt", "三万"),
                ("select_option", "#letter-product", "consumer_loan"),
                ("check", 'input[name="hardship"][value="illness"]', None),
                ("fill", "#letter-name", "张三"),
            ],
            {"debt_total": "三万", "product": "consumer_loan", "name": "张三", "illness": True},
        ),
        (
            json.dumps({"debt_total": "五万", "name": "李四", "hardship": ["illness"]}),
            [("fill", "#letter-debt", "三万")],
            {**NOTHING, "debt_total": "三万", "name": "李四", "illness": True},
        ),
        (
            json.dumps({"debt_total": "五万", "product": "consumer_loan"}),
            [],
            {**NOTHING, "debt_total": "五万", "product": "consumer_loan"},
        ),
    ],
    ids=["typed-early", "typed-early-over-saved", "saved-only"],
)
def test_what_was_typed_before_the_script_ran_is_there_when_the_page_is_opened_again(
    site_url, new_page, saved, typed, shown
):
    page, watch = new_page(site_url)
    type_before_the_script(page, site_url + LETTER, saved, typed)
    assert fields(page) == shown
    # Opened again (a navigation, not the browser's own form restore): from the device only.
    page.goto(site_url + LETTER)
    page.wait_for_selector(MOUNTED, state="attached")
    assert fields(page) == shown
    assert watch.page_errors == [] and watch.console_errors == []
