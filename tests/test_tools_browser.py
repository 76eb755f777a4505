"""The in-browser tools in Debian's Chromium: the wizard, the calculator and the letter, on the
site's own Pyodide, with saved progress, failures, a sub-path, instant navigation and axe-core.

No test asserts on wall-clock time (the benchmark, scripts/bench, measures speed).
"""

from __future__ import annotations

import json
import re

import pytest
from conftest import ROOT

pytestmark = pytest.mark.browser

#: Ready, and the first screen from the engine drawn (data-replayed): a test that acts before then
#: races the wizard's replay, which may redraw the screen under it.
READY = "[data-guide-wizard][data-engine=ready][data-replayed]"
KEY = "xieshang-guide:wizard:self_assessment"
CJK = re.compile(r"[\u4e00-\u9fff]")

#: One debt (the card at 中信), so every question comes once; "debts" is "add another?".
ANSWERS = {
    "sued": False,
    "lender": "citic",
    "product": "credit_card",
    "balance": "52,000",
    "overdue_days": "95",
    "debts": False,
    "monthly_income": "5000",
    "monthly_essential_expenses": "2600",
    "hardship": ["illness", "income_drop"],
    "hardship_proof": True,
    "willing_to_repay": True,
    "contacted_bank": True,
    "failed_attempts": "1",
    "abusive_collection": True,
    "paid_agent": False,
}


# ------------------------------------------------------------------------------------------------


def open_wizard(new_page, base, width=1280, height=900):
    page, watch = new_page(base, width, height)
    page.goto(base + "tools/self-assessment/")
    return page, watch


def current_question(page):
    return page.locator("[data-screen] form.gt-question").get_attribute("data-question")


def give(page, value, submit=True):
    form = page.locator("[data-screen] form.gt-question")
    kind = form.get_attribute("data-kind")
    if kind in ("single", "yesno"):
        v = ("true" if value else "false") if isinstance(value, bool) else str(value)
        form.locator(f'input[name="answer"][value="{v}"]').check()
    elif kind == "multi":
        for box in form.locator('input[name="answer"]').all():
            box.set_checked(box.get_attribute("value") in value)
    else:
        form.locator('[name="answer"]').fill(str(value))
    if submit:
        qid = form.get_attribute("data-question")
        form.locator('button[type="submit"]').click()
        return qid
    return None


def answer_current(page, answers=ANSWERS):
    qid = current_question(page)
    give(page, answers[qid])
    page.wait_for_function(
        """(qid) => { const w = document.querySelector('[data-guide-wizard]');
            const f = w.querySelector('[data-screen] form.gt-question');
            const err = w.querySelector('#gt-q-error');
            return w.dataset.view !== 'question' || (f && f.dataset.question !== qid) || (err && err.textContent); }""",
        arg=qid,
    )
    return qid


def walk_to_review(page, answers=ANSWERS, limit=40):
    page.wait_for_selector(READY)
    for _ in range(limit):
        if page.get_attribute("[data-guide-wizard]", "data-view") != "question":
            break
        answer_current(page, answers)
    page.wait_for_selector("[data-guide-wizard][data-view=review]")


def saved(page):
    raw = page.evaluate(f"() => localStorage.getItem('{KEY}')")
    return json.loads(raw) if raw else None


def saved_once_replayed(page):
    """The saved progress once the engine has replayed what was answered before it was ready: the
    page-side walk draws the next question first, and the engine's save comes after it is ready."""
    page.wait_for_function(f"() => localStorage.getItem('{KEY}')")
    return saved(page)


def first_debt(page):
    """The saved answers about the first debt (the group "debts", item 0)."""
    return saved(page)["state"]["groups"]["debts"]["items"][0]


def given(state):
    """How many answers a state holds: those asked once and every debt's."""
    items = state.get("groups", {}).get("debts", {}).get("items", [])
    return len(state["answers"]) + sum(len(item) for item in items)


def assert_clean(watch):
    assert watch.foreign_requests() == []
    assert watch.page_errors == []
    assert watch.console_errors == []


# ------------------------------------------------------------------------------------------------


def test_first_question_is_in_the_html_and_answerable_before_the_engine(site_url, new_page):
    page, watch = new_page(site_url)
    # Hold the runtime back: the first question must work without it.
    held = []
    page.route("**/pyodide.asm.wasm", lambda route: held.append(route))
    page.goto(site_url + "tools/self-assessment/")
    wizard = page.locator("[data-guide-wizard]")
    assert wizard.get_attribute("data-engine") == "loading"
    assert current_question(page) == "sued"
    assert page.locator("[data-status]").inner_text().strip()
    give(page, False)
    # the next question, drawn by the page-side walk (tests/test_flow_walk_browser.py)
    page.wait_for_function(
        "() => document.querySelector('[data-screen] form.gt-question')?.dataset.question === 'lender'"
    )
    assert page.get_attribute("[data-guide-wizard]", "data-engine") == "loading"
    for route in held:
        route.continue_()
    page.unroute("**/pyodide.asm.wasm")
    page.wait_for_selector(READY, timeout=120000)
    page.wait_for_function(
        "() => document.querySelector('[data-screen] form.gt-question')?.dataset.question === 'lender'"
    )
    assert saved_once_replayed(page)["state"]["answers"] == {"sued": False}
    # focus moved to the new question's heading
    assert (
        page.evaluate("() => document.activeElement && document.activeElement.id") == "gt-q-title"
    )
    assert_clean(watch)


def test_full_path_to_result_with_links_and_letter(site_url, new_page, artifacts):
    page, watch = open_wizard(new_page, site_url)
    walk_to_review(page)
    assert page.locator(".gt-review-item").count() >= 10
    page.click('[data-action="show-result"]')
    page.wait_for_selector("[data-guide-wizard][data-view=result]")
    result = page.locator("[data-screen]")
    assert "协商准备程度" in result.inner_text()
    paths = result.locator("[data-path]")
    assert paths.count() >= 2
    hrefs = [a.get_attribute("href") for a in result.locator(".gt-paths a:not(.gt-tel)").all()]
    assert any(h.startswith("../../about/sources/#") for h in hrefs)
    assert any(h == "../../process/application-and-agreement/" for h in hrefs)
    assert result.locator("[data-plan]").count() == 1
    assert result.locator(".gt-documents li").count() >= 3
    page.wait_for_function(
        "() => document.querySelector('[data-letter-text]').textContent.includes('协商还款申请书')"
    )
    # every link in the result resolves to a page of the site
    for href in set(hrefs):
        target = page.evaluate("(h) => new URL(h, location.href).href", href).split("#")[0]
        assert page.request.get(target).status == 200, href
    page.screenshot(path=str(artifacts / "tools-result.png"), full_page=True)
    page.emulate_media(media="print")
    assert page.locator(".gt-footer").is_hidden()
    page.emulate_media(media="screen")
    assert_clean(watch)


def test_back_and_edit_on_the_review_screen(site_url, new_page):
    page, watch = open_wizard(new_page, site_url)
    page.wait_for_selector(READY)
    answer_current(page)  # sued
    answer_current(page)  # bank
    assert current_question(page) == "product"
    page.click('[data-screen] [data-action="back"]')
    page.wait_for_function(
        "() => document.querySelector('[data-screen] form')?.dataset.question === 'lender'"
    )
    assert page.locator(
        'input[name="answer"][value="citic"]'
    ).is_checked()  # the earlier answer is kept
    answer_current(page)
    walk_to_review(page)
    page.click('[data-action="edit"][data-question="lender"][data-item="0"]')
    page.wait_for_function(
        "() => document.querySelector('[data-screen] form')?.dataset.question === 'lender'"
    )
    give(page, "boc")
    page.wait_for_selector("[data-guide-wizard][data-view=review]")
    assert "中国银行" in page.locator("[data-review-item]").inner_text()
    assert first_debt(page)["balance"] == 52000  # later answers kept
    page.click('[data-action="show-result"]')
    page.wait_for_selector("[data-guide-wizard][data-view=result]")
    assert "中国银行" in page.locator("[data-screen]").inner_text()
    assert_clean(watch)


def test_reload_midway_continues(site_url, new_page):
    page, watch = open_wizard(new_page, site_url)
    page.wait_for_selector(READY)
    for _ in range(4):
        answer_current(page)
    here = current_question(page)
    page.reload()
    # the saved question is shown at once, before the engine is ready
    page.wait_for_function(
        "(q) => document.querySelector('[data-screen] form')?.dataset.question === q", arg=here
    )
    page.wait_for_selector(READY)
    assert current_question(page) == here
    assert given(saved(page)["state"]) == 4
    walk_to_review(page)
    assert_clean(watch)


def test_clear_my_data(site_url, new_page):
    page, watch = open_wizard(new_page, site_url)
    page.wait_for_selector(READY)
    answer_current(page)
    answer_current(page)
    assert saved(page)
    page.get_by_role("button", name="清除我的数据").click()
    page.get_by_role("button", name="确定清除").click()  # it asks first (issue 13)
    page.wait_for_function(
        "() => document.querySelector('[data-screen] form')?.dataset.question === 'sued'"
    )
    keys = page.evaluate(
        "() => Object.keys(localStorage).filter(k => k.startsWith('xieshang-guide:'))"
    )
    assert keys == []
    assert "已清除" in page.locator("[data-notice]").inner_text()
    assert_clean(watch)


def test_bad_number_shows_the_chinese_error_and_keeps_answers(site_url, new_page):
    page, watch = open_wizard(new_page, site_url)
    page.wait_for_selector(READY)
    while current_question(page) != "balance":
        answer_current(page)
    before = saved(page)["state"]
    give(page, "一些钱")
    page.wait_for_function("() => document.querySelector('#gt-q-error')?.textContent.length > 0")
    message = page.locator("#gt-q-error").inner_text()
    assert CJK.search(message), message
    assert current_question(page) == "balance"
    assert page.get_attribute("#gt-answer", "aria-invalid") == "true"
    assert {**saved(page)["state"], "draft": {}} == {**before, "draft": {}}
    answer_current(page)
    assert current_question(page) != "balance"
    assert_clean(watch)


@pytest.mark.parametrize(
    "value",
    [
        "{not json",
        # a record saved under format 1 (its yes/no views had no options): dropped, not misread
        json.dumps(
            {
                "format": 1,
                "flow": "self_assessment",
                "version": 1,
                "state": {"flow": "self_assessment", "version": 1, "answers": {"sued": False}},
                "view": None,
                "screen": "question",
            }
        ),
        json.dumps(
            {
                "format": 2,
                "flow": "self_assessment",
                "version": 1,
                "state": {"flow": "self_assessment", "version": 1, "answers": {"nope": 1}},
                "view": None,
                "screen": "question",
            }
        ),
    ],
)
def test_tampered_saved_state_gives_a_notice(site_url, new_page, value):
    page, watch = new_page(site_url)
    page.goto(site_url + "tools/")
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [KEY, value])
    page.goto(site_url + "tools/self-assessment/")
    page.wait_for_selector(READY)
    page.wait_for_function(
        "() => document.querySelector('[data-screen] form')?.dataset.question === 'sued'"
    )
    notice = page.locator("[data-notice]")
    assert notice.is_visible() and "清除" in notice.inner_text()
    answer_current(page)
    assert current_question(page) == "lender"
    assert_clean(watch)


def test_missing_wasm_shows_the_failure_message(site_url, new_page):
    page, watch = new_page(site_url)
    page.route("**/pyodide.asm.wasm", lambda route: route.abort())
    page.goto(site_url + "tools/self-assessment/")
    page.wait_for_selector("[data-guide-wizard][data-engine=failed]", timeout=120000)
    status = page.locator("[data-status]").inner_text()
    assert "没能启动" in status
    link = page.locator("[data-fallback] a")
    assert link.is_visible()
    assert link.get_attribute("href").endswith("tools/checklist/")
    assert (
        "没能启动" in page.locator("[data-screen]").inner_text()
        or page.locator("[data-fallback]").is_visible()
    )
    assert watch.foreign_requests() == []
    # Pyodide's own loader leaves the aborted download as an unhandled "Failed to fetch" in the
    # worker; nothing else may go wrong.
    assert [e for e in watch.page_errors if "Failed to fetch" not in e] == []


def test_calculator(site_url, new_page):
    page, watch = new_page(site_url, 360, 740)
    page.goto(site_url + "tools/calculator/")
    page.wait_for_selector("[data-guide-tool=calculator][data-engine=ready]")
    page.fill("#calc-principal", "12000")
    page.fill("#calc-months", "12")
    page.fill("#calc-annual", "7.2")
    page.click('.gt-calculator button[type="submit"]')
    page.wait_for_function("() => document.querySelector('.gt-calculator').dataset.result === 'ok'")
    assert page.locator(".gt-schedule tbody tr").count() == 12
    assert page.locator(".gt-chart rect").count() >= 12
    assert "等额本息" in page.locator("[data-figures]").inner_text()
    page.fill("#calc-months", "0")
    page.click('.gt-calculator button[type="submit"]')
    page.wait_for_function(
        "() => document.querySelector('.gt-calculator').dataset.result === 'error'"
    )
    assert page.locator("#calc-months-error").inner_text() == (
        "“分多少个月还”要在 1 个月 到 600 个月 之间，你填的是 0 个月。"
    )
    assert page.locator(".gt-schedule").count() == 0  # the earlier result is gone
    assert (
        page.evaluate("() => document.documentElement.scrollWidth") <= 360
    )  # no sideways scrolling
    assert_clean(watch)


def test_letter_starts_from_the_finished_self_assessment_on_this_device(site_url, new_page):
    page, watch = open_wizard(new_page, site_url)
    walk_to_review(page)
    page.goto(site_url + "tools/letter/")
    page.wait_for_selector("[data-guide-tool=letter][data-engine=ready]")
    assert page.is_checked("#letter-use-wizard")
    assert page.locator("[data-profile-fields]").is_hidden()
    page.click('.gt-letter button[type="submit"]')
    page.wait_for_function("() => document.querySelector('.gt-letter').dataset.result === 'ok'")
    text = page.locator("[data-letter-text]").inner_text()
    assert "中信银行" in text and "欠款共计约5.2万元" in text
    assert_clean(watch)


def test_letter_preview_copy_download(site_url, new_page, tmp_path):
    page, watch = new_page(site_url)
    page.goto(site_url + "tools/letter/")
    page.wait_for_selector("[data-guide-tool=letter][data-engine=ready]")
    page.select_option("#letter-bank", "citic")
    page.fill("#letter-debt", "30000")
    page.fill("#letter-overdue", "60")
    page.fill("#letter-income", "4000")
    page.fill("#letter-expenses", "2500")
    page.check('input[name="hardship"][value="job_loss"]')
    page.fill("#letter-name", "李四")
    page.click('.gt-letter button[type="submit"]')
    page.wait_for_function(
        "() => document.querySelector('[data-letter-text]')?.textContent.includes('李四')"
    )
    text = page.locator("[data-letter-text]").inner_text()
    assert "协商还款申请书" in text and "________" in text
    page.click('[data-action="copy"]')
    page.wait_for_function(
        "() => /复制/.test(document.querySelector('.gt-letter [data-announce]').textContent)"
    )
    with page.expect_download() as info:
        page.click('[data-action="download"]')
    path = tmp_path / "letter.txt"
    info.value.save_as(path)
    assert "李四" in path.read_text(encoding="utf-8-sig")
    assert info.value.suggested_filename.endswith(".txt")
    page.fill("#letter-debt", "很多")
    page.click('.gt-letter button[type="submit"]')
    page.wait_for_function("() => document.querySelector('.gt-letter').dataset.result === 'error'")
    assert page.locator("#letter-debt-error").inner_text() == (
        "“欠款总额”没看懂，请只填数字，例如 52000、5.2万 或 五万二。"
    )
    assert page.locator(".gt-letter-result").is_hidden()  # no earlier letter under the error
    assert_clean(watch)


def test_instant_navigation_keeps_one_worker(site_url, new_page):
    page, watch = new_page(site_url)
    page.goto(site_url + "tools/")
    page.click('article a[href$="tools/self-assessment/"]')
    page.wait_for_selector(READY)
    page.locator('nav.md-nav--primary a[href$="tools/calculator/"]').first.click()
    page.wait_for_selector("[data-guide-tool=calculator][data-engine=ready]")
    page.go_back()
    page.wait_for_selector(READY)
    assert len([w for w in page.workers if w.evaluate("self.name") == "guide-engine"]) == 1
    assert_clean(watch)


def test_wizard_under_a_sub_path(site_url_subpath, new_page):
    page, watch = open_wizard(new_page, site_url_subpath)
    page.wait_for_selector(READY)
    answer_current(page)
    assert current_question(page) == "lender"
    # (the engine worker's blob: bootstrap is made in the page, not fetched from a server)
    network = [u for u in watch.requests if not u.startswith("blob:")]
    assert all(u.startswith(site_url_subpath) for u in network), watch.requests
    assert_clean(watch)


def test_keyboard_only(site_url, new_page):
    page, watch = open_wizard(new_page, site_url)
    page.wait_for_selector(READY)
    page.focus('input[name="answer"][value="true"]')
    page.keyboard.press("ArrowDown")  # radio group: moves to 否 and selects it
    page.keyboard.press("Enter")  # submits the form
    page.wait_for_function(
        "() => document.querySelector('[data-screen] form')?.dataset.question === 'lender'"
    )
    assert page.evaluate("() => document.activeElement.id") == "gt-q-title"
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")  # 上一步, 下一步
    page.keyboard.press("Enter")
    page.wait_for_function(
        "() => document.querySelector('[data-screen] form')?.dataset.question === 'product'"
    )
    assert_clean(watch)


AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def axe_violations(page, context="html"):
    """axe-core's violations inside ``context`` (a selector): id, impact and the first nodes."""
    # DevTools evaluation, not an inline <script>: the page's CSP rightly refuses those.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    script = (
        "async (ctx) => (await axe.run(ctx, {resultTypes: ['violations']})).violations"
        ".map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}))"
    )
    return page.evaluate(script, context)


@pytest.mark.parametrize(
    "path",
    ["tools/self-assessment/", "tools/calculator/", "tools/letter/", "", "basics/overdue-stages/"],
)
def test_axe_no_serious_violations(site_url, new_page, path, artifacts):
    """The tools (and, on content pages, the content) have no serious or critical violation.
    The whole page's report, including Material's chrome (header and link colours of the theme,
    search dialog, progress bar), is saved to test-artifacts/ for the site's theme owner."""
    page, watch = new_page(site_url)
    page.goto(site_url + path)
    if path.startswith("tools/"):
        page.wait_for_selector("[data-engine=ready]")
        page.wait_for_timeout(100)
    whole = axe_violations(page)
    name = path.strip("/").replace("/", "-") or "home"
    (artifacts / f"axe-{name}.json").write_text(
        json.dumps(whole, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    bad = [v for v in whole if v["impact"] in ("serious", "critical")]
    assert bad == [], bad


# ------------------------------------------------------------------------------------------------
# Inputs people actually type, navigation that behaves (issue 12)

PHONE, DESKTOP = (360, 780), (1280, 900)


def open_calculator(new_page, base, size):
    page, watch = new_page(base, *size)
    page.goto(base + "tools/calculator/")
    page.wait_for_selector("[data-guide-tool=calculator][data-engine=ready]")
    return page, watch


def calculate(page, **fields):
    ids = {"principal": "#calc-principal", "months": "#calc-months", "annual_rate": "#calc-annual"}
    for name, value in fields.items():
        page.fill(ids[name], value)
    page.evaluate("() => { document.querySelector('.gt-calculator').dataset.result = ''; }")
    page.click('.gt-calculator button[type="submit"]')
    page.wait_for_function("() => document.querySelector('.gt-calculator').dataset.result")
    return page.get_attribute(".gt-calculator", "data-result")


@pytest.mark.parametrize("size", [PHONE, DESKTOP])
@pytest.mark.parametrize(
    "principal, months, rate, first_line",
    [
        ("5.2万", "８个月", "", "5.2万 元，分 8 个月："),
        ("五万二", "12", "6%", "5.2万 元，分 12 个月："),
        ("3000元", "3个月", "", "3,000 元，分 3 个月："),
        ("1,200.50", "2", "", "1,200.50 元，分 2 个月："),
    ],
)
def test_the_calculator_understands_what_people_type(
    site_url, new_page, size, principal, months, rate, first_line
):
    page, watch = open_calculator(new_page, site_url, size)
    assert calculate(page, principal=principal, months=months, annual_rate=rate) == "ok"
    assert page.locator(".gt-result > p").first.inner_text() == first_line
    assert_clean(watch)


@pytest.mark.parametrize("size", [PHONE, DESKTOP])
@pytest.mark.parametrize(
    "field, value, message",
    [
        ("principal", "很多", "“要分期还的金额”没看懂，请只填数字，例如 52000、5.2万 或 五万二。"),
        ("principal", "", "请填写“要分期还的金额”，例如 52000、5.2万 或 五万二。"),
        ("months", "两年", "“分多少个月还”要按“个月”填，请换算一下，例如 36。"),
        ("months", "3.5", "“分多少个月还”请填整数，例如 36。"),
    ],
)
def test_a_calculator_field_that_cannot_be_read_says_so_beside_it(
    site_url, new_page, size, field, value, message
):
    page, watch = open_calculator(new_page, site_url, size)
    assert calculate(page, principal="12000", months="12") == "ok"
    assert calculate(page, **{field: value}) == "error"
    box = {"principal": "calc-principal", "months": "calc-months"}[field]
    assert page.locator(f"#{box}-error").inner_text() == message
    assert page.get_attribute(f"#{box}", "aria-invalid") == "true"
    assert f"{box}-error" in page.get_attribute(f"#{box}", "aria-describedby").split()
    assert page.evaluate("() => document.activeElement.id") == box
    assert page.locator(".gt-schedule").count() == 0
    assert_clean(watch)


def test_an_unusual_calculator_value_is_questioned_without_blocking(site_url, new_page):
    page, watch = open_calculator(new_page, site_url, PHONE)
    assert calculate(page, principal="12000", months="72") == "ok"
    assert page.locator(".gt-schedule tbody tr").count() == 72
    assert page.locator("#calc-months-error").inner_text() == (
        "确定吗？“分多少个月还”填的是 72 个月，一般在 60 个月 以内。没填错的话可以不改。"
    )
    assert page.get_attribute("#calc-months", "aria-invalid") is None
    assert_clean(watch)


def test_the_calculator_and_the_letter_keep_what_was_typed_across_a_reload(site_url, new_page):
    page, watch = open_calculator(new_page, site_url, PHONE)
    page.fill("#calc-principal", "5.2万")
    page.fill("#calc-annual", "6")
    page.reload()
    page.wait_for_selector("[data-guide-tool=calculator][data-engine=ready]")
    assert [page.input_value("#calc-principal"), page.input_value("#calc-annual")] == ["5.2万", "6"]
    page.goto(site_url + "tools/letter/")
    # (the letter's script keeps what is typed from when it runs, which may be after the load event)
    page.wait_for_selector("[data-guide-tool=letter][data-engine=ready]")
    page.fill("#letter-debt", "三万")
    page.select_option("#letter-product", "consumer_loan")
    page.check('input[name="hardship"][value="illness"]')
    page.reload()
    page.wait_for_selector("[data-guide-tool=letter][data-engine=ready]")
    assert page.input_value("#letter-debt") == "三万"
    assert page.input_value("#letter-product") == "consumer_loan"
    assert page.is_checked('input[name="hardship"][value="illness"]')
    assert_clean(watch)


@pytest.mark.parametrize("size", [PHONE, DESKTOP])
def test_the_letter_reads_typed_amounts(site_url, new_page, size):
    page, watch = new_page(site_url, *size)
    page.goto(site_url + "tools/letter/")
    page.wait_for_selector("[data-guide-tool=letter][data-engine=ready]")
    page.select_option("#letter-bank", "citic")
    page.fill("#letter-debt", "五万二")
    page.fill("#letter-overdue", "９０天")
    page.fill("#letter-income", "4000元")
    page.fill("#letter-expenses", "2,500")
    page.click('.gt-letter button[type="submit"]')
    page.wait_for_function("() => document.querySelector('.gt-letter').dataset.result === 'ok'")
    assert "欠款共计约5.2万元" in page.locator("[data-letter-text]").inner_text()
    assert_clean(watch)


def to_question(page, qid):
    page.wait_for_selector(READY)
    while current_question(page) != qid:
        answer_current(page)


@pytest.mark.parametrize("size", [PHONE, DESKTOP])
def test_the_wizard_reads_a_typed_amount(site_url, new_page, size):
    page, watch = open_wizard(new_page, site_url, *size)
    to_question(page, "balance")
    answer_current(page, {"balance": "五万二"})
    assert first_debt(page)["balance"] == 52000
    assert_clean(watch)


def test_an_unusual_wizard_answer_asks_once_and_then_goes_on(site_url, new_page):
    page, watch = open_wizard(new_page, site_url, *PHONE)
    to_question(page, "overdue_days")
    give(page, "36500")
    page.wait_for_function("() => /确定吗/.test(document.querySelector('#gt-q-error').textContent)")
    assert current_question(page) == "overdue_days"
    assert page.locator("#gt-q-error").inner_text() == (
        "确定吗？“逾期天数”填的是 36,500 天，一般在 3,650 天 以内。没填错的话可以不改。"
        "再点一次“下一步”继续。"
    )
    page.locator('[data-screen] form.gt-question button[type="submit"]').click()
    page.wait_for_function(
        "() => document.querySelector('[data-screen] form.gt-question')?.dataset.question"
        " !== 'overdue_days'"
    )
    assert first_debt(page)["overdue_days"] == 36500
    assert_clean(watch)


@pytest.mark.parametrize("size", [PHONE, DESKTOP])
def test_the_browsers_back_goes_to_the_previous_question_keeping_answers(site_url, new_page, size):
    page, watch = open_wizard(new_page, site_url, *size)
    to_question(page, "balance")
    answer_current(page)
    assert current_question(page) == "overdue_days"
    page.go_back()
    page.wait_for_function(
        """() => { const w = document.querySelector('[data-guide-wizard]');
            return !w.hasAttribute('data-moving') && !w.hasAttribute('aria-busy')
              && w.querySelector('[data-screen] form.gt-question')?.dataset.question === 'balance'; }"""
    )
    assert page.input_value("#gt-answer") == "52000"
    debt = first_debt(page)
    assert [debt["lender"], debt["product"]] == ["citic", "credit_card"]
    assert_clean(watch)


def test_the_browsers_back_between_questions_fetches_no_page_and_keeps_the_wizard(
    site_url, new_page
):
    """Material's instant navigation answered the first Back on a page opened directly by fetching
    the page again and swapping it in: a fresh wizard drew the built first question and raced the
    old one (about 1 run in 10). A Back between steps is not a page change."""
    page, watch = open_wizard(new_page, site_url, *PHONE)
    to_question(page, "balance")
    answer_current(page)
    page.evaluate("() => { document.querySelector('[data-guide-wizard]').dataset.mark = 'kept'; }")
    fetched = []
    page.on("request", lambda request: fetched.append(request.url))
    page.go_back()
    page.wait_for_function(
        """() => { const w = document.querySelector('[data-guide-wizard]');
            return !w.hasAttribute('data-moving') && !w.hasAttribute('aria-busy')
              && w.querySelector('[data-screen] form.gt-question')?.dataset.question === 'balance'; }"""
    )
    page.go_forward()
    page.wait_for_function(
        """() => { const w = document.querySelector('[data-guide-wizard]');
            return !w.hasAttribute('data-moving') && !w.hasAttribute('aria-busy')
              && w.querySelector('[data-screen] form.gt-question')?.dataset.question === 'overdue_days'; }"""
    )
    assert page.get_attribute("[data-guide-wizard]", "data-mark") == "kept"
    assert [url for url in fetched if "/tools/self-assessment/" in url] == []
    assert_clean(watch)


def test_the_wizard_keeps_a_typed_but_unsent_answer_across_a_reload(site_url, new_page):
    page, watch = open_wizard(new_page, site_url, *PHONE)
    to_question(page, "balance")
    page.locator("#gt-answer").press_sequentially("5.2万")
    page.reload()
    page.wait_for_selector(READY)
    assert current_question(page) == "balance"
    assert page.input_value("#gt-answer") == "5.2万"
    assert_clean(watch)


def test_a_tap_on_next_before_the_scripts_are_ready_is_kept(site_url, new_page):
    page, watch = new_page(site_url, *PHONE)
    held = []
    page.route("**/wizard.js", lambda route: held.append(route))
    page.goto(site_url + "tools/self-assessment/")
    page.wait_for_function("() => document.querySelector('[data-guide-wizard][data-mounted]')")
    give(page, False)
    assert page.locator("[data-status-text]").inner_text() == (
        "已记下你点了“下一步”。工具还在加载，加载好就会继续，你的回答不会丢。"
    )
    for route in held:
        route.continue_()
    page.unroute("**/wizard.js")
    page.wait_for_selector(READY, timeout=120000)
    page.wait_for_function(
        "() => document.querySelector('[data-screen] form.gt-question')?.dataset.question === 'lender'"
    )
    assert saved_once_replayed(page)["state"]["answers"] == {"sued": False}
    assert_clean(watch)
