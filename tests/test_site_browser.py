"""The site in real Chromium: every request same-origin, no console errors, diagrams drawn from
the site's own Mermaid, Chinese search through the real search box, the sub-path build, and
screenshots of the home page at desktop and phone widths (test-artifacts/)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

pytestmark = pytest.mark.browser

CONTENT_PAGES = [
    "",
    "banks/mybank/",
    "banks/citic/",
    "basics/credit-report/",
    "process/",
    "about/sources/",
    "about/glossary/",
    "court/payment-order/",
    "help/",
    "about/report-error/",
]

# What each domain term must find: at least one result among these pages (the glossary and the
# sources page contain every term, so they do not count).
SEARCH_EXPECTATIONS = {
    # term: the page a reader typing it needs; it must be among the first TOP_N result pages
    # (the glossary and sources pages don't count: they match every term by design).
    "个性化分期": "basics/cards-vs-loans/",
    "二次协商": "process/second-negotiation/",
    "停息挂账": "avoid-failure/paid-agents/",
    "征信": "basics/credit-report/",
    "网商贷": "banks/mybank/",
    "催收": "basics/collection-rights/",
    "信用修复": "basics/credit-repair-2026/",
    "好人贷": "banks/xwbank/",
    "律师函": "basics/doorstep-and-letters/",
    "上门催收": "basics/doorstep-and-letters/",
    "支付令": "court/payment-order/",
    "限高": "court/restrictions/",
    "夫妻共同债务": "basics/family-and-guarantors/",
    "诉讼时效": "basics/time-limits/",
    "个人破产": "court/bankruptcy/",
    "花呗": "basics/online-lending/",
    "助贷": "basics/online-lending/",
    "诉前调解": "court/mediation-call/",
    "小额诉讼": "process/sued/",
    "管辖": "court/which-court/",
    "冻结": "court/enforcement/",
    "恶意透支": "court/criminal-risk/",
    "紧急联系人": "basics/family-and-guarantors/",
    "心理援助": "help/stress/",
}
TOP_N = 3
# Terms whose page must be the very first result, matched on every typed word (Material marks a
# result that lacks one of them with "缺少"), so a frightened reader taps the right page at once.
FIRST_RESULT = {
    term: SEARCH_EXPECTATIONS[term]
    for term in ("律师函", "上门催收", "个性化分期", "网商贷", "支付令", "限高", "夫妻共同债务")
}
NOT_EVIDENCE = {"about/glossary/", "about/sources/"}


def diagram_pages(site: Path) -> list[str]:
    out = []
    for html in sorted(site.rglob("index.html")):
        if 'class="diagram"' in html.read_text(encoding="utf-8"):
            rel = html.parent.relative_to(site).as_posix()
            out.append("" if rel == "." else rel + "/")
    return out


def open_page(new_page, base: str, path: str, width: int = 1280, height: int = 900):
    page, watch = new_page(base, width, height)
    failed: list[str] = []
    page.on("response", lambda r: r.status >= 400 and failed.append(f"{r.status} {r.url}"))
    page.goto(base + path, wait_until="load")
    page.wait_for_load_state("networkidle")
    return page, watch, failed


def assert_clean(watch, failed, where: str) -> None:
    assert not watch.foreign_requests(), (
        f"{where}: requests to other hosts: {watch.foreign_requests()}"
    )
    assert not failed, f"{where}: failed requests: {failed}"
    assert not watch.console_errors, f"{where}: console errors: {watch.console_errors}"
    assert not watch.page_errors, f"{where}: page errors: {watch.page_errors}"


@pytest.mark.parametrize("path", CONTENT_PAGES)
def test_content_pages_are_same_origin_and_error_free(new_page, site_url: str, path: str) -> None:
    page, watch, failed = open_page(new_page, site_url, path)
    assert page.locator("html").get_attribute("lang") == "zh"
    assert page.locator(".page-reviewed").inner_text().startswith("最后审阅：")
    assert_clean(watch, failed, path or "home")
    if 'class="diagram"' not in page.content():
        assert not [u for u in watch.requests if "mermaid" in u], (
            "Mermaid loaded on a page without a diagram"
        )


def test_home_screenshots(new_page, site_url: str, artifacts: Path) -> None:
    for name, width, height in (("home-desktop.png", 1280, 900), ("home-phone.png", 360, 780)):
        page, watch, failed = open_page(new_page, site_url, "", width, height)
        page.screenshot(path=str(artifacts / name), full_page=True)
        assert_clean(watch, failed, name)
        # Nothing wider than the phone screen (no horizontal scrolling of the page itself).
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"{name}: page is {overflow}px wider than the viewport"


def test_bank_page_on_a_phone(new_page, site_url: str, artifacts: Path) -> None:
    page, watch, failed = open_page(new_page, site_url, "banks/mybank/", 360, 780)
    page.screenshot(path=str(artifacts / "bank-phone.png"), full_page=True)
    assert_clean(watch, failed, "banks/mybank/ (phone)")
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 1


def test_404_page(new_page, site_url: str) -> None:
    page, watch, failed = open_page(new_page, site_url, "404.html")
    assert "这个页面找不到了" in page.inner_text("h1")
    page.click("text=做一次自我评估")
    page.wait_for_load_state("load")
    assert page.url.endswith("/tools/self-assessment/")


def test_diagrams_render_from_our_own_mermaid(new_page, site_url: str, built_site: Path) -> None:
    pages = diagram_pages(built_site)
    if not pages:
        pytest.skip("no page has a ```mermaid diagram yet")
    path = pages[0]
    page, watch, failed = open_page(new_page, site_url, path)
    page.wait_for_selector('div.diagram[data-diagram="done"] svg', timeout=60_000)
    assert page.locator("div.diagram[data-diagram=failed]").count() == 0
    assert "Unsupported markdown" not in page.locator("div.diagram").first.inner_text()
    mermaid = [u for u in watch.requests if "mermaid" in u]
    assert mermaid and all(u.startswith(site_url + "assets/vendor/mermaid/") for u in mermaid)
    # Dark mode: the diagram is redrawn in the dark theme.
    page.locator('form[data-md-component="palette"] label:visible').first.click()
    page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'slate'")
    page.wait_for_selector('div.diagram[data-diagram="done"] svg', timeout=60_000)
    assert_clean(watch, failed, path)


def test_diagram_renders_after_instant_navigation(
    new_page, site_url: str, built_site: Path
) -> None:
    pages = diagram_pages(built_site)
    if not pages:
        pytest.skip("no page has a ```mermaid diagram yet")
    page, watch, failed = open_page(new_page, site_url, "about/")
    assert not [u for u in watch.requests if "mermaid" in u]
    # Material's instant navigation: a click on an internal link swaps the page without reload.
    page.evaluate(
        """(target) => {
        const a = document.createElement('a'); a.href = target; a.textContent = 'go';
        document.querySelector('.md-content article').appendChild(a); a.click(); }""",
        site_url + pages[0],
    )
    page.wait_for_selector('div.diagram[data-diagram="done"] svg', timeout=60_000)
    assert_clean(watch, failed, "instant navigation to " + pages[0])


def search(page, term: str) -> list[str]:
    """Type ``term`` into the real search box of a freshly opened page; return the result URLs
    (site-relative paths).

    The theme asks its search worker again on every key-up that changed the box and draws every
    answer as it comes, so a term typed key by key could leave the answer for its first
    characters on screen while the one for the whole term was still being worked out (and the
    answer to the empty box could come after the typing had begun: "没有找到"). So: wait until the
    theme says "键入以开始搜索" (its index is ready and the empty box is answered), put the whole
    term in, and release one key: one question, one answer."""
    page.locator("label.md-search__icon, .md-search__input").first.click()
    meta = "document.querySelector('.md-search-result__meta')?.textContent.trim()"
    page.wait_for_function(f"() => {meta} === '键入以开始搜索'")
    box = page.locator("input.md-search__input")
    box.fill(term)
    box.press("End")
    page.wait_for_function(f"() => /个符合条件的结果|没有找到/.test({meta})")
    hrefs = page.eval_on_selector_all(".md-search-result__item > a", "els => els.map(e => e.href)")
    return [urlsplit(urljoin(page.url, href)).path for href in hrefs]


@pytest.mark.parametrize("term", list(SEARCH_EXPECTATIONS))
def test_chinese_search_finds_the_right_pages(new_page, site_url: str, term: str) -> None:
    page, watch, failed = open_page(new_page, site_url, "")
    paths = search(page, term)
    prefix = urlsplit(site_url).path
    pages: list[str] = []
    for p in paths:
        rel = p[len(prefix) :].split("#")[0] if p.startswith(prefix) else None
        if rel is not None and rel not in NOT_EVIDENCE and rel not in pages:
            pages.append(rel)
    assert pages, f"{term}: no result"
    assert SEARCH_EXPECTATIONS[term] in pages[:TOP_N], f"{term}: first result pages {pages[:TOP_N]}"
    assert_clean(watch, failed, f"search {term}")


def result_items(page) -> list[dict]:
    """Each search result as {path, text, marks}: its page path, its visible text and the words
    the search highlighted in it."""
    return page.eval_on_selector_all(
        ".md-search-result__item > a",
        """els => els.map(e => ({
            href: e.href,
            text: e.textContent,
            marks: [...e.querySelectorAll('mark')].map(m => m.textContent),
        }))""",
    )


@pytest.mark.parametrize("term", list(FIRST_RESULT))
def test_search_ranks_the_right_page_first_with_every_word_found(
    new_page, site_url: str, term: str
) -> None:
    page, watch, failed = open_page(new_page, site_url, "")
    search(page, term)
    prefix = urlsplit(site_url).path
    items = [
        it
        for it in result_items(page)
        if urlsplit(it["href"]).path[len(prefix) :].split("#")[0] not in NOT_EVIDENCE
    ]
    assert items, f"{term}: no result"
    first = items[0]
    assert urlsplit(first["href"]).path[len(prefix) :].split("#")[0] == FIRST_RESULT[term], (
        f"{term}: first result {first['href']}"
    )
    assert "缺少" not in first["text"], f"{term}: the first result says a word is missing"
    # The highlighted words are the term itself, never a fragment of it (网商贷 must not light up
    # every 网点 on the site).
    stray = {m for it in items for m in it["marks"] if m and m not in term}
    assert not stray, f"{term}: highlighted words that are not the term: {sorted(stray)}"
    assert_clean(watch, failed, f"search {term}")


def test_search_a_phrase_with_a_term_inside(new_page, site_url: str) -> None:
    """The browser splits a typed phrase on the index's own words (查 + 征信), so a short phrase
    works too. (Lunr ORs the words and boosts titles, so a phrase full of question words such as
    怎么 ranks pages by those; single terms are the reliable case.)"""
    page, watch, failed = open_page(new_page, site_url, "")
    found = search(page, "查征信")
    assert any("basics/credit-report/" in p for p in found[:3]), found


def test_subpath_build_in_the_browser(new_page, site_url_subpath: str) -> None:
    for path in ("", "banks/mybank/", "about/sources/"):
        page, watch, failed = open_page(new_page, site_url_subpath, path)
        assert_clean(watch, failed, "sub-path " + (path or "home"))
        assert all(
            u.startswith(site_url_subpath)
            for u in watch.requests
            if not u.startswith(("data:", "blob:"))
        ), [u for u in watch.requests if not u.startswith(site_url_subpath)]
    page, watch, failed = open_page(new_page, site_url_subpath, "")
    found = search(page, "网商贷")
    assert any(p.startswith("/xieshang-guide/") for p in found) and all(
        p.startswith("/xieshang-guide/") for p in found
    )
    assert_clean(watch, failed, "sub-path search")


def test_glossary_term_explains_itself_when_tapped_on_a_phone(browser, site_url: str) -> None:
    """Readers are on phones, where nothing hovers: tapping a glossary term must show its
    explanation (Material's content.tooltips turns the abbr title into a tooltip on tap)."""
    ctx = browser.new_context(
        viewport={"width": 360, "height": 740}, has_touch=True, is_mobile=True
    )
    try:
        page = ctx.new_page()
        page.goto(site_url + "basics/credit-report/")
        term = page.locator("article abbr[title]").first
        explanation = term.get_attribute("title")
        term.tap()
        tooltip = page.locator(".md-tooltip2--active")
        tooltip.wait_for(state="visible")
        assert tooltip.inner_text().strip()[:10] == explanation.strip()[:10]
    finally:
        ctx.close()


PHONE = (360, 740)


def test_home_first_phone_screen_offers_the_self_assessment(new_page, site_url: str) -> None:
    page, watch, failed = open_page(new_page, site_url, "", *PHONE)
    button = page.get_by_role("link", name="开始自测").first
    box = button.bounding_box()
    assert box and box["y"] + box["height"] <= PHONE[1], (
        f"开始自测 is below the first screen: {box}"
    )
    assert button.get_attribute("href").rstrip("/").endswith("tools/self-assessment")
    assert_clean(watch, failed, "home on a phone")


@pytest.mark.parametrize(
    "path, number, caveat",
    [
        ("banks/citic/", "4008895558", "以卡片背面 / 官方 App 为准"),
        ("banks/boc/", "95566", "以卡片背面 / 官方 App 为准"),
        ("help/", "12356", "以官方公布的为准"),
    ],
)
def test_phone_numbers_are_tap_to_call_with_the_caveat(
    new_page, site_url: str, path: str, number: str, caveat: str
) -> None:
    page, watch, failed = open_page(new_page, site_url, path, *PHONE)
    assert page.locator(f'a[href="tel:{number}"]').count() >= 1, (
        f"{path}: no tel: link for {number}"
    )
    assert caveat in page.locator("article").inner_text()
    assert_clean(watch, failed, path)


def test_report_error_page_links_a_working_channel(new_page, site_url: str) -> None:
    page, watch, failed = open_page(new_page, site_url, "about/report-error/")
    hrefs = page.eval_on_selector_all("article a[href]", "els => els.map(e => e.href)")
    assert any(h.startswith("https://") and h.endswith("/issues") for h in hrefs), hrefs
    assert_clean(watch, failed, "report-error")


def table_pages(site: Path) -> list[str]:
    out = []
    for html in sorted(site.rglob("index.html")):
        rel = html.parent.relative_to(site).as_posix()
        if rel.startswith(("assets", "search")) or "<table" not in html.read_text(encoding="utf-8"):
            continue
        out.append("" if rel == "." else rel + "/")
    return out


def test_no_open_table_is_wider_than_a_phone_screen(
    new_page, site_url: str, built_site: Path
) -> None:
    """Tables a reader sees without opening anything fit a 360-px screen (the month-by-month
    schedule inside a collapsed block may scroll sideways: it is a reference, not a step)."""
    wide: list[str] = []
    for path in table_pages(built_site):
        page, watch, failed = open_page(new_page, site_url, path, *PHONE)
        wide += [
            f"{path}: {head}"
            for head in page.evaluate(
                """() => {
                const limit = document.querySelector('.md-content').clientWidth + 2;
                return [...document.querySelectorAll('.md-typeset table')]
                    .filter(t => !t.closest('details') && t.scrollWidth > limit)
                    .map(t => (t.rows[0] ? t.rows[0].textContent : '').trim().slice(0, 30));
            }"""
            )
        ]
        page.close()
    assert not wide, "tables wider than a phone screen:\n" + "\n".join(wide)
