"""The reader's privacy and their case in a real browser (issue 13): quick exit, clearing with a
confirmation and undo, the case file carried to a fresh browser (plain and encrypted), a wrong
passphrase or a damaged file changing nothing, two tabs, and the negotiation journal.

Playwright on Debian's Chromium (tests/conftest.py). The neutral page quick exit goes to is
answered by a route, so no test leaves the loopback server. No test asserts on wall-clock time.
"""

from __future__ import annotations

import datetime as dt
import json
from itertools import pairwise
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError
from test_tools_browser import (
    KEY,
    READY,
    answer_current,
    assert_clean,
    current_question,
    given,
    saved,
)

pytestmark = pytest.mark.browser

NEUTRAL = "https://www.baidu.com/"
#: The entry's next step, counted from the clock the page reads (the browser's): the calendar
#: download leaves out days already past, so a fixed date would stop the test working once the
#: machine's clock passes it.
NEXT_DATE = dt.date.today() + dt.timedelta(days=30)
PREFIX = "xieshang-guide:"
OLD_RULES = "data-0000000000000000"  # a fingerprint no build of the rules has
JOURNAL_READY = "[data-guide-tool=journal][data-engine=ready]"
ENTRY = {
    "date": "2026-11-20",
    "time": "23:10",
    "who": "王某，工号 1234",
    "organisation": "中信银行信用卡中心",
    "said": "再不还就告诉你家里人。",
    "next_step": "寄出困难证明",
    "next_date": NEXT_DATE.isoformat(),
}


def escape_twice(page) -> None:
    """Press Esc until two presses reach the page well inside quick exit's window (1.5 s,
    quick-exit.js). Two presses sent back to back are normally milliseconds apart, but on a
    loaded machine the second one reached the page more than the window later, and the page
    rightly stayed (once in eleven fresh-clone runs at four at a time). So the page itself records
    when each Esc arrived: the test goes on only once a pair under 1 s has arrived, or the page
    has already left."""
    page.evaluate(
        """() => { window.__escapes = [];
             document.addEventListener('keydown', (e) => {
               if (e.key === 'Escape') window.__escapes.push(performance.now()); }, true); }"""
    )
    for _ in range(8):
        page.keyboard.press("Escape")
        try:
            times = page.evaluate("() => window.__escapes")
        except PlaywrightError:  # the page is being replaced: it left
            return
        if times is None or any(b - a < 1000 for a, b in pairwise(times)):
            return
    pytest.fail(f"no two Esc presses reached the page within 1 s of each other: {times}")


def neutral_route(page) -> None:
    page.route(
        NEUTRAL + "**",
        lambda route: route.fulfill(
            status=200, content_type="text/html", body="<title>neutral</title><p>neutral</p>"
        ),
    )


def stored(page) -> dict:
    return page.evaluate(
        """(p) => Object.fromEntries(Object.keys(localStorage).filter(k => k.startsWith(p))
             .map(k => [k, localStorage.getItem(k)]))""",
        PREFIX,
    )


def at_neutral(page) -> None:
    """Wait until the neutral page is the live document, not only the URL: right after a
    cross-site navigation Chromium may still be swapping the page's renderer, and a history
    command sent then fails with "Not attached to an active page" (seen about 1 run in 10)."""
    page.wait_for_url(NEUTRAL)
    page.wait_for_function("document.title === 'neutral' && document.readyState === 'complete'")


def exit_ready(page) -> None:
    page.wait_for_selector("[data-guide-tool=exit][data-mounted]")
    page.wait_for_function("() => !!document.querySelector('[data-guide-tool=exit]').__exit")


def wizard_at(page, base: str, answers: int):
    page.goto(base + "tools/self-assessment/")
    page.wait_for_selector(READY)
    for _ in range(answers):
        answer_current(page)
    return current_question(page)


# ── quick exit ─────────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize("how", ["button", "escape twice"])
@pytest.mark.parametrize("tool", ["tools/calculator/", "tools/journal/", "tools/checklist/"])
def test_quick_exit_leaves_and_back_does_not_return_to_the_tool(site_url, new_page, tool, how):
    page, watch = new_page(site_url)
    neutral_route(page)
    page.goto(site_url + "about/")
    page.goto(site_url + tool)
    exit_ready(page)
    if how == "button":
        page.get_by_role("button", name="快速离开").click()
    else:
        escape_twice(page)
    at_neutral(page)
    page.go_back()
    page.wait_for_load_state()
    assert page.url == site_url + "about/"
    assert watch.page_errors == []


def test_one_esc_right_after_the_page_opens_does_not_leave(site_url, new_page):
    # Quick exit once counted the first Esc from the page's start (time 0), so a single Esc in a
    # page's first 1.5 s left. Here the tool mounts later than that, so this test pins the
    # behaviour (one Esc never leaves), not that old slip. The key handler runs before the press
    # returns, and leaving empties the title at once: a title still there means the page stayed.
    page, watch = new_page(site_url)
    neutral_route(page)
    page.goto(site_url + "tools/calculator/")
    exit_ready(page)
    title = page.title()
    page.keyboard.press("Escape")
    assert (page.url, page.title()) == (site_url + "tools/calculator/", title)
    assert watch.page_errors == []


@pytest.mark.parametrize("chosen, kept", [(False, True), (True, False)])
def test_quick_exit_deletes_the_saved_case_only_when_the_reader_chose_so(
    site_url, new_page, chosen, kept
):
    page, _ = new_page(site_url)
    neutral_route(page)
    wizard_at(page, site_url, 2)
    exit_ready(page)
    page.locator("summary", has_text="快速离开").click()
    page.get_by_label("快速离开时，同时删除").set_checked(chosen)
    page.get_by_role("button", name="快速离开").click()
    at_neutral(page)
    page.goto(site_url + "tools/")
    assert (KEY in stored(page)) is kept


def test_quick_exit_says_what_it_cannot_hide(site_url, new_page):
    page, _ = new_page(site_url)
    page.goto(site_url + "tools/letter/")
    note = page.locator(".gt-exit-note")
    note.locator("summary").click()
    text = note.inner_text()
    assert "历史记录" in text and "监控" in text and "无痕模式" in text


# ── clearing ───────────────────────────────────────────────────────────────────────────────


def test_clear_asks_first_and_can_be_undone(site_url, new_page):
    page, watch = new_page(site_url)
    here = wizard_at(page, site_url, 3)
    before = stored(page)
    page.get_by_role("button", name="清除我的数据").click()
    page.get_by_role("button", name="取消").click()
    assert stored(page) == before  # asking alone deletes nothing
    page.get_by_role("button", name="清除我的数据").click()
    page.get_by_role("button", name="确定清除").click()
    page.wait_for_function(
        "() => document.querySelector('[data-screen] form')?.dataset.question === 'sued'"
    )
    assert stored(page) == {}
    page.get_by_role("button", name="撤销").click()
    page.wait_for_function(
        "(q) => document.querySelector('[data-screen] form')?.dataset.question === q", arg=here
    )
    assert stored(page).keys() == before.keys()
    assert saved(page)["state"] == json.loads(before[KEY])["state"]
    assert_clean(watch)


def test_clear_sits_apart_from_back_in_its_own_style(site_url, new_page):
    page, _ = new_page(site_url)
    wizard_at(page, site_url, 1)
    clear = page.get_by_role("button", name="清除我的数据")
    back = page.get_by_role("button", name="上一步")
    gap = clear.bounding_box()["y"] - (back.bounding_box()["y"] + back.bounding_box()["height"])
    assert gap > 40
    style = "(el) => getComputedStyle(el).borderStyle + ' ' + getComputedStyle(el).color"
    assert clear.evaluate(style) != back.evaluate(style)


def test_a_saved_record_that_cannot_be_shown_is_dropped_with_a_notice(site_url, new_page):
    page, watch = new_page(site_url)
    wizard_at(page, site_url, 2)
    page.evaluate(
        """(k) => { const d = JSON.parse(localStorage[k]);
             d.view.question.input = {kind: 'single', options: [null]};
             localStorage[k] = JSON.stringify(d); }""",
        KEY,
    )
    page.reload()
    page.wait_for_selector(READY)
    assert page.locator("[data-fallback]").is_hidden()
    answer_current(page)  # the wizard works
    assert_clean(watch)


def test_a_full_storage_says_so(site_url, new_page):
    page, _ = new_page(site_url)
    page.add_init_script(
        """Storage.prototype.setItem = function () {
             throw new DOMException('full', 'QuotaExceededError'); };"""
    )
    wizard_at(page, site_url, 1)
    assert "存储空间已满" in page.locator("[data-guide-wizard] [data-notice]").inner_text()


# ── two tabs ───────────────────────────────────────────────────────────────────────────────


def test_a_change_in_another_tab_is_shown_not_overwritten(site_url, new_page):
    first, watch = new_page(site_url)
    wizard_at(first, site_url, 1)
    second = first.context.new_page()
    wizard_at(second, site_url, 0)
    answer_current(second)
    answer_current(second)
    there = current_question(second)
    first.wait_for_function(
        "(q) => document.querySelector('[data-screen] form')?.dataset.question === q", arg=there
    )
    assert "另一个标签页" in first.locator("[data-guide-wizard] [data-notice]").inner_text()
    assert saved(first)["state"] == saved(second)["state"]
    assert given(saved(first)["state"]) == 3
    assert_clean(watch)


def test_changes_from_another_tab_faster_than_drawn_leave_the_newest(site_url, new_page):
    """Another tab saves an older state, then a newer one: the newest is drawn and stays stored,
    and this tab writes nothing back. (The race this guards, an older state drawn and saved while
    a newer one arrived, needs the engine's timing; this pins the outcome and the no-write rule.
    The store skips a write of what is already stored, so the count holds without the fix too.)"""
    first, watch = new_page(site_url)
    wizard_at(first, site_url, 0)
    second = first.context.new_page()
    wizard_at(second, site_url, 0)
    answer_current(second)
    older = second.evaluate("(key) => localStorage.getItem(key)", KEY)
    answer_current(second)
    answer_current(second)
    newer = second.evaluate("(key) => localStorage.getItem(key)", KEY)
    there = current_question(second)
    first.wait_for_function(
        "(q) => document.querySelector('[data-screen] form')?.dataset.question === q", arg=there
    )
    first.evaluate(
        """(key) => { window.seen = 0; window.written = 0;
            addEventListener('storage', (ev) => { if (ev.key === key) window.seen += 1; });
            const set = Storage.prototype.setItem;
            Storage.prototype.setItem = function (k, v) {
              if (k === key) window.written += 1; return set.call(this, k, v); };
            document.querySelector('[data-guide-wizard] [data-notice]').textContent = ''; }""",
        KEY,
    )
    second.evaluate("([key, older]) => localStorage.setItem(key, older)", [KEY, older])
    first.wait_for_function(
        "(q) => document.querySelector('[data-screen] form')?.dataset.question === q",
        arg=json.loads(older)["view"]["question"]["id"],
    )
    second.evaluate("([key, newer]) => localStorage.setItem(key, newer)", [KEY, newer])
    first.wait_for_function(
        """(q) => { const w = document.querySelector('[data-guide-wizard]');
            return window.seen === 2 && w.querySelector('[data-screen] form')?.dataset.question === q
              && w.querySelector('[data-notice]').textContent.includes('另一个标签页'); }""",
        arg=there,
    )
    assert first.evaluate("() => window.written") == 0
    kept = first.evaluate("(key) => localStorage.getItem(key)", KEY)
    assert json.loads(kept) == json.loads(newer)
    assert_clean(watch)


# ── the journal ────────────────────────────────────────────────────────────────────────────


def add_entry(page, base: str) -> None:
    page.goto(base + "tools/journal/")
    page.wait_for_selector(JOURNAL_READY)
    form = page.locator("[data-journal-form]")
    for name, value in ENTRY.items():
        form.locator(f'[name="{name}"]').fill(value)
    form.get_by_label("对方联系我").check()
    form.get_by_label("电话").check()
    form.get_by_label("联系了我的家人").check()
    form.get_by_role("button", name="保存这条记录").click()
    page.wait_for_selector("[data-entries] li")


def test_a_journal_entry_survives_reload_and_appears_in_print(site_url, new_page):
    page, watch = new_page(site_url)
    add_entry(page, site_url)
    page.reload()
    page.wait_for_selector(JOURNAL_READY)
    entry = page.locator("[data-entries] li").first
    entry.wait_for()
    assert "2026年11月20日 23:10" in entry.inner_text()
    assert "王某，工号 1234" in entry.inner_text()
    flags = page.locator("[data-flags]").inner_text()
    assert "夜间催收" in flags and "12378" in flags
    page.emulate_media(media="print")
    assert entry.is_visible()
    assert page.locator("[data-journal-form]").is_hidden()
    assert page.get_by_role("button", name="快速离开").is_hidden()
    assert_clean(watch)


def test_a_wrong_entry_is_refused_in_the_forms_words(site_url, new_page):
    page, _ = new_page(site_url)
    page.goto(site_url + "tools/journal/")
    page.wait_for_selector(JOURNAL_READY)
    page.get_by_role("button", name="保存这条记录").click()
    error = page.locator("[data-form-error]")
    error.wait_for()
    page.wait_for_function("() => document.querySelector('[data-form-error]').textContent")
    assert "日期" in error.inner_text()
    assert stored(page) == {}


def test_the_next_steps_download_as_a_calendar(site_url, new_page, tmp_path: Path):
    page, _ = new_page(site_url)
    add_entry(page, site_url)
    with page.expect_download() as info:
        page.get_by_role("button", name="下载日历提醒（.ics）").click()
    text = Path(info.value.path()).read_text(encoding="utf-8")
    assert text.startswith("BEGIN:VCALENDAR") and f"DTSTART;VALUE=DATE:{NEXT_DATE:%Y%m%d}" in text


# ── the case file ──────────────────────────────────────────────────────────────────────────


def export(page, passphrase: str = "") -> Path:
    page.locator("[data-passphrase]").fill(passphrase)
    with page.expect_download() as info:
        page.get_by_role("button", name="导出").click()
    return Path(info.value.path())


def choose(page, path: Path) -> None:
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="导入").click()
    chooser.value.set_files(str(path))


@pytest.mark.parametrize("passphrase", ["", "我的 密码 2026"])
def test_export_then_import_in_a_fresh_browser_continues_where_they_were(
    site_url, new_page, passphrase
):
    page, _ = new_page(site_url)
    add_entry(page, site_url)
    here = wizard_at(page, site_url, 4)
    file = export(page, passphrase)
    content = json.loads(file.read_text(encoding="utf-8"))
    assert ("ciphertext" in content) is bool(passphrase)
    assert ("journal" in content) is not bool(passphrase)

    fresh, watch = new_page(site_url)
    fresh.goto(site_url + "tools/journal/")
    fresh.wait_for_selector(JOURNAL_READY)
    choose(fresh, file)
    if passphrase:
        fresh.locator("[data-unlock-pass]").fill(passphrase)
        fresh.get_by_role("button", name="打开文件").click()
    notice = fresh.locator("[data-case-notice]")
    notice.filter(has_text="已导入").wait_for()
    assert "协商记录 1 条" in notice.inner_text()
    fresh.locator("[data-entries] li").filter(has_text="王某").wait_for()
    fresh.goto(site_url + "tools/self-assessment/")
    fresh.wait_for_selector(READY)
    fresh.wait_for_function(
        "(q) => document.querySelector('[data-screen] form')?.dataset.question === q", arg=here
    )
    assert saved(fresh)["state"]["answers"] == saved(page)["state"]["answers"]
    assert saved(fresh)["state"]["groups"] == saved(page)["state"]["groups"]
    assert_clean(watch)


@pytest.mark.parametrize(
    "damage, message",
    [
        ("wrong passphrase", "密码不对"),
        ("cut off", "没有保存完整"),
        ("not a case", "不是"),
    ],
)
def test_a_wrong_passphrase_or_a_damaged_file_changes_nothing(
    site_url, new_page, tmp_path: Path, damage, message
):
    page, watch = new_page(site_url)
    wizard_at(page, site_url, 2)
    file = export(page, "right one" if damage == "wrong passphrase" else "")
    bad = tmp_path / "case.json"
    text = file.read_text(encoding="utf-8")
    bad.write_text(
        {"wrong passphrase": text, "cut off": text[: len(text) // 2], "not a case": '{"a": 1}'}[
            damage
        ],
        encoding="utf-8",
    )
    add_entry(page, site_url)
    before = stored(page)
    choose(page, bad)
    if damage == "wrong passphrase":
        page.locator("[data-unlock-pass]").fill("wrong one")
        page.get_by_role("button", name="打开文件").click()
        shown = page.locator("[data-unlock-error]")
        shown.filter(has_text=message).wait_for()
    else:
        shown = page.locator("[data-case-notice]")
        shown.filter(has_text="没有改动").wait_for()
        assert message in shown.inner_text()
    assert stored(page) == before
    assert_clean(watch)


def test_a_case_saved_under_older_rules_shows_what_changed(site_url, new_page, tmp_path: Path):
    import guide_engine as ge

    state = ge.start()
    while ge.view(state)["type"] == "question":
        question = ge.view(state)["question"]
        kind = question["input"]["kind"]
        first = question["input"]["options"][0]["id"] if question["input"]["options"] else None
        given = {"single": first, "yesno": first, "multi": [], "number": "3", "date": "2026-10-20"}
        # one debt: "add another?" is answered no
        state = ge.answer(state, False if question["id"] == "debts" else given.get(kind, ""))
    case = ge.export_case(state, dt.datetime(2026, 11, 1, tzinfo=dt.UTC))
    # As saved by an older version of the rules: another fingerprint, another readiness.
    case["rules_version"] = OLD_RULES
    case["result"]["readiness"] = "high" if case["result"]["readiness"] != "high" else "low"
    report = ge.case_changes(case, dt.date(2026, 12, 1))
    file = tmp_path / "old.json"
    file.write_text(json.dumps(case, ensure_ascii=False), encoding="utf-8")

    page, watch = new_page(site_url)
    page.goto(site_url + "tools/journal/")
    page.wait_for_selector(JOURNAL_READY)
    choose(page, file)
    notice = page.locator("[data-case-notice]")
    notice.filter(has_text="已导入").wait_for()
    assert "自上次以来的变化" in notice.inner_text()
    readiness = [line for line in report["summary"] if line.startswith("准备程度")]
    assert len(readiness) == 1 and readiness[0] in page.locator(".gt-changes li").all_inner_texts()
    assert_clean(watch)


def test_a_journal_entry_made_in_another_tab_appears_with_a_notice(site_url, new_page):
    first, watch = new_page(site_url)
    first.goto(site_url + "tools/journal/")
    first.wait_for_selector(JOURNAL_READY)
    second = first.context.new_page()
    add_entry(second, site_url)
    first.locator("[data-entries] li").filter(has_text="王某").wait_for()
    assert "另一个标签页" in first.locator("[data-guide-tool=journal] [data-notice]").inner_text()
    assert_clean(watch)


def test_the_one_page_summary_for_a_helper_prints_alone(site_url, new_page):
    page, watch = new_page(site_url)
    page.add_init_script("window.print = () => { window.__printed = true; };")
    add_entry(page, site_url)
    here = wizard_at(page, site_url, 3)
    assert here
    page.get_by_role("button", name="打印一页摘要").click()
    page.wait_for_function("() => window.__printed === true")
    summary = page.locator(".gt-helper-summary")
    text = summary.inner_text()
    assert "基本情况" in text and "王某" in text and "夜间催收" in text
    page.emulate_media(media="print")
    assert summary.is_visible()
    assert page.locator("[data-guide-wizard]").is_hidden()
    assert_clean(watch)


# ── the whole case travels: ticks and typed document fields ─────────────────────────────────

TICKS = {"contact_lender:0": "2026-11-28", "gather_documents": "2026-11-30"}
LETTER = {"#letter-name": "张三", "#letter-desc": "今年三月失业，现在靠打零工。"}


def tick(page, ticks: dict) -> None:
    """Tick actions through the page's own store (case-store.js setTick, as the plan's ticks do)."""
    page.evaluate(
        """async (ticks) => {
            const src = document.querySelector('script[type=module][src*="tools.js"]').src;
            const store = await import(new URL("case-store.js", src).href);
            for (const [id, day] of Object.entries(ticks)) store.setTick(id, true, day);
        }""",
        ticks,
    )


def type_letter(page, base: str) -> None:
    page.goto(base + "tools/letter/")
    # the letter's script keeps what is typed from when it runs: typed before and left at once,
    # nothing would keep it
    page.wait_for_selector("[data-guide-tool=letter][data-engine=ready]")
    for field, text in LETTER.items():
        page.fill(field, text)
    page.locator('input[name="hardship"]').first.check()


def test_ticks_and_typed_letter_fields_travel_in_the_case_file(site_url, new_page):
    from test_tools_browser import walk_to_review

    page, _ = new_page(site_url)
    type_letter(page, site_url)
    hardship = page.locator('input[name="hardship"]').first.get_attribute("value")
    page.goto(site_url + "tools/self-assessment/")
    walk_to_review(page)
    page.goto(site_url + "tools/journal/")
    page.wait_for_selector(JOURNAL_READY)
    tick(page, TICKS)
    file = export(page)
    content = json.loads(file.read_text(encoding="utf-8"))
    assert content["done"] == TICKS
    assert content["documents"]["letter"]["name"] == "张三"

    fresh, watch = new_page(site_url)
    fresh.add_init_script("window.print = () => { window.__printed = true; };")
    fresh.goto(site_url + "tools/journal/")
    fresh.wait_for_selector(JOURNAL_READY)
    choose(fresh, file)
    notice = fresh.locator("[data-case-notice]")
    notice.filter(has_text="已导入").wait_for()
    assert "已完成 2 项" in notice.inner_text()
    assert json.loads(stored(fresh)[PREFIX + "ticks"])["done"] == TICKS
    # The ticks show where a helper reads the case: the one-page summary marks them done.
    fresh.get_by_role("button", name="打印一页摘要").click()
    fresh.wait_for_function("() => window.__printed === true")
    done = fresh.locator(
        ".gt-helper-summary [data-summary=actions] li[data-done]"
    ).all_inner_texts()
    assert len(done) == 2 and all(
        ("已完成，2026年11月28日" in t) or ("已完成，2026年11月30日" in t) for t in done
    )
    fresh.goto(site_url + "tools/letter/")
    fresh.wait_for_selector("[data-guide-tool=letter][data-engine=ready]")  # restored by then
    assert {f: fresh.input_value(f) for f in LETTER} == LETTER
    checked = fresh.locator('input[name="hardship"]:checked').evaluate_all(
        "els => els.map(e => e.value)"
    )
    assert checked == [hardship]
    assert_clean(watch)


# ── reopening saved progress made under older rules ─────────────────────────────────────────

READINESS = {"high": "高", "medium": "中", "low": "低"}


def test_saved_progress_assessed_under_older_rules_shows_what_changed_before_the_result(
    site_url, new_page
):
    from test_tools_browser import walk_to_review

    page, watch = new_page(site_url)
    page.goto(site_url + "tools/self-assessment/")
    walk_to_review(page)
    page.click('[data-action="show-result"]')
    page.wait_for_selector("[data-guide-wizard][data-view=result]")
    page.wait_for_function(f"() => !!JSON.parse(localStorage.getItem('{KEY}')).assessed")
    record = saved(page)
    now = record["assessed"]["result"]["readiness"]
    before = "low" if now != "low" else "high"
    # As saved under an older version of the rules: another fingerprint, another readiness.
    record["assessed"]["rules_version"] = OLD_RULES
    record["assessed"]["result"]["readiness"] = before
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [KEY, json.dumps(record)])

    page.reload()
    page.wait_for_selector("[data-guide-wizard][data-view=result]")
    notice = page.locator("[data-guide-wizard] [data-notice]")
    notice.filter(has_text="自上次以来的变化").wait_for()
    lines = notice.locator(".gt-changes li").all_inner_texts()
    assert lines[0] == "评估规则或资料更新过，下面按现在的规则重新评估了你的情况。"
    assert f"准备程度从“{READINESS[before]}”变为“{READINESS[now]}”。" in lines
    # The notice comes before the new result on the page.
    assert notice.evaluate(
        "(n) => !!(n.compareDocumentPosition(document.querySelector('[data-screen]')) & 4)"
    )
    # Once reopened, the progress records today's rules: the next visit has nothing to say.
    # The record is written twice: with the result drawn (no assessment yet), then with the
    # engine's assessment of it. Wait for the second, not only for "not the old one".
    page.wait_for_function(
        f"""() => {{ const a = JSON.parse(localStorage.getItem('{KEY}')).assessed;
                    return !!a && a.rules_version !== '{OLD_RULES}'; }}"""
    )
    page.reload()
    page.wait_for_selector("[data-guide-wizard][data-view=result]")
    page.wait_for_selector(READY)
    assert "自上次以来的变化" not in page.locator("[data-guide-wizard] [data-notice]").inner_text()
    assert_clean(watch)


# ── the complaint written from the journal ─────────────────────────────────────────────────


def test_the_journal_writes_the_complaint_with_its_timeline_and_prints_it_alone(site_url, new_page):
    from test_tools_browser import walk_to_review

    page, watch = new_page(site_url)
    page.add_init_script(
        "window.print = () => { window.__printed = (window.__printed || 0) + 1; };"
    )
    page.goto(site_url + "tools/self-assessment/")
    walk_to_review(page)
    page.goto(site_url + "tools/letter/")
    # Typed once the letter's script runs: typed before, and the page left at once, nothing keeps it
    # (a fresh-clone run failed that way under load).
    page.wait_for_selector("[data-guide-tool=letter][data-engine=ready]")
    page.fill("#letter-name", "张三")  # the profile fields are hidden: the self-assessment is used
    add_entry(page, site_url)
    page.get_by_role("button", name="写投诉书").click()
    letter = page.locator("[data-complaint-doc] pre").first
    letter.wait_for()
    text = letter.inner_text()
    assert text.startswith("投诉书")
    assert "2026年11月20日 23:10，对方联系我，电话（中信银行信用卡中心，王某，工号 1234）。" in text
    assert "投诉人：张三" in text
    assert "不要寄出" in page.locator(".gt-complaint-notes").first.inner_text()

    page.get_by_role("button", name="打印投诉书").first.click()
    page.wait_for_function("() => window.__printed === 1")
    page.emulate_media(media="print")
    assert letter.is_visible()
    assert page.locator("[data-entries] li").first.is_hidden()
    assert page.locator("[data-journal-form]").is_hidden()
    assert page.locator(".gt-complaint-notes").first.is_hidden()
    assert_clean(watch)


def test_the_timeline_printout_leaves_the_complaint_out(site_url, new_page):
    from test_tools_browser import walk_to_review

    page, _ = new_page(site_url)
    page.goto(site_url + "tools/self-assessment/")
    walk_to_review(page)
    add_entry(page, site_url)
    page.get_by_role("button", name="写投诉书").click()
    page.locator("[data-complaint-doc] pre").first.wait_for()
    page.emulate_media(media="print")
    assert page.locator("[data-entries] li").first.is_visible()
    assert page.locator("[data-complaint-doc] pre").first.is_hidden()


def test_without_a_finished_self_assessment_the_complaint_asks_for_it_first(site_url, new_page):
    page, watch = new_page(site_url)
    add_entry(page, site_url)
    page.get_by_role("button", name="写投诉书").click()
    link = page.locator("[data-complaint-out] a", has_text="做完自测")
    link.wait_for()
    assert link.get_attribute("href") == "../../tools/self-assessment/"
    assert page.locator("[data-complaint-doc]").count() == 0
    assert_clean(watch)
