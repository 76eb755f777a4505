"""How the tools load in Debian's Chromium: a byte-counting progress bar, a stalled network that
is named as such and can be retried without losing answers, a worker that is replaced when it
dies or stops answering, and an engine worker the page's Content-Security-Policy binds.

Every fault is made from outside the site's code (a held or failed request, code evaluated in the
worker through DevTools), so the site carries no test-only hooks. No test asserts on wall-clock
time; the waits are generous because a stalled download is only declared after
downloads.js's STALL_MS of silence.
"""

from __future__ import annotations

import http.server
import json
import threading
import urllib.request
from pathlib import Path

import pytest
from test_tools_browser import READY

pytestmark = pytest.mark.browser

WIZARD = "tools/self-assessment/"
KEY = "xieshang-guide:wizard:self_assessment"
#: Longer than downloads.js's STALL_MS plus a cold boot on a busy 2-core machine.
SLOW = 240000


def question(page) -> str | None:
    return page.evaluate(
        "() => document.querySelector('[data-screen] form.gt-question')?.dataset.question ?? null"
    )


def answer_sued_no(page) -> None:
    form = page.locator('[data-screen] form.gt-question[data-question="sued"]')
    form.locator('input[name="answer"][value="false"]').check()
    form.locator('button[type="submit"]').click()


def wait_for_question(page, qid: str) -> None:
    page.wait_for_function(
        "(q) => document.querySelector('[data-screen] form.gt-question')?.dataset.question === q",
        arg=qid,
        timeout=SLOW,
    )


def saved_answers(page) -> dict:
    raw = page.evaluate(f"() => localStorage.getItem('{KEY}')")
    return json.loads(raw)["state"]["answers"] if raw else {}


def named_worker(page, name: str):
    """The page's one live worker called `name` (the engine's is "guide-engine", the theme's
    search worker has none)."""
    (worker,) = [w for w in page.workers if w.evaluate("self.name") == name]
    return worker


def engine_worker(page):
    return named_worker(page, "guide-engine")


def closed_workers(page) -> list:
    """Fills with every worker of the page that goes away (a replaced engine worker)."""
    closed = []
    page.on("worker", lambda w: w.on("close", lambda _: closed.append(w)))
    return closed


def downloaded_bytes(site: Path) -> int:
    """What the worker downloads, from the built files: the runtime folder and the wheel."""
    manifest = json.loads((site / "assets/tools/manifest.json").read_text(encoding="utf-8"))
    runtime = [p for p in (site / manifest["pyodide"]).iterdir() if p.name != "LICENSE"]
    return sum(p.stat().st_size for p in runtime) + (site / manifest["wheel"]).stat().st_size


def download_size(site: Path) -> str:
    """What the loading line names: the build's compressed size of the same download."""
    manifest = json.loads((site / "assets/tools/manifest.json").read_text(encoding="utf-8"))
    return f"约 {int(manifest['download']) / 1e6:.1f} MB"


# ------------------------------------------------------------------------------------------------


def test_progress_bar_counts_every_downloaded_byte_up_to_the_builds_total(
    built_site, site_url, new_page
):
    page, watch = new_page(site_url)
    # Watching from before the page's first script: the bar may appear, and on loopback even
    # fill, before page.goto returns.
    page.add_init_script(
        """window.__values = [];
           const record = (bar) => window.__values.push(Number(bar.value));
           const watchBar = () => { const bar = document.querySelector('[data-progress]');
             if (!bar) return false;
             record(bar);
             new MutationObserver(() => record(bar)).observe(bar, { attributes: true, attributeFilter: ['value'] });
             return true; };
           new MutationObserver((_, o) => watchBar() && o.disconnect())
             .observe(document, { subtree: true, childList: true });"""
    )
    # The engine starts before the wizard draws its bar (engine-start.js), and on loopback every
    # byte could arrive before the bar exists. The largest file waits until the bar is there, so
    # the bar sees it arrive.
    held, bar = [], []

    def until_the_bar(route):
        if bar:
            route.continue_()
        else:
            held.append(route)

    page.route("**/pyodide.asm.wasm", until_the_bar)
    page.goto(site_url + WIZARD)
    page.wait_for_selector("[data-progress]", state="attached")
    bar.append(True)
    for route in held:
        route.continue_()
    page.wait_for_selector(READY, timeout=SLOW)
    total = int(page.get_attribute("[data-guide-wizard]", "data-bytes"))
    bar_max = page.evaluate("() => document.querySelector('[data-progress]').max")
    values = page.evaluate("() => window.__values")
    assert (total, bar_max) == (downloaded_bytes(built_site), total)
    assert len(set(values)) > 2
    assert values == sorted(values)
    assert values[-1] == total
    assert page.locator("[data-progress]").is_hidden()
    assert watch.foreign_requests() == []


def test_the_loading_line_names_the_compressed_size_in_plain_words(built_site, site_url, new_page):
    page, _ = new_page(site_url)
    held = []
    page.route("**/pyodide.asm.wasm", lambda route: held.append(route))
    page.goto(site_url + WIZARD)
    page.wait_for_function("() => document.querySelector('[data-load-note]')?.textContent")
    status = page.locator("[data-status]").inner_text()
    assert page.locator("[data-load-note]").inner_text() == f"（{download_size(built_site)}）"
    assert download_size(built_site) in status
    for word in ("Python", "WebAssembly", "运行环境", "下次打开不用再下载"):
        assert word not in status
    for route in held:
        route.continue_()


def test_a_stalled_download_names_the_network_and_retry_keeps_the_answers(site_url, new_page):
    page, watch = new_page(site_url)
    held = []
    page.route("**/pyodide.asm.wasm", lambda route: held.append(route))
    page.goto(site_url + WIZARD)
    answer_sued_no(page)
    page.wait_for_selector("[data-guide-wizard][data-engine=failed]", timeout=SLOW)
    status = page.locator("[data-status]").inner_text()
    assert "网络" in status and "回答都还在" in status
    assert "浏览器" not in status
    assert page.locator("[data-fallback] a").is_visible()
    retry = page.locator("[data-status] [data-retry]")
    assert retry.is_visible()
    page.unroute("**/pyodide.asm.wasm")
    retry.click()
    page.wait_for_selector(READY, timeout=SLOW)
    wait_for_question(page, "lender")  # drawn by the page-side walk before the engine was ready
    page.wait_for_function(f"() => localStorage.getItem('{KEY}')", timeout=SLOW)  # its replay saved
    assert saved_answers(page) == {"sued": False}
    assert retry.is_hidden()
    assert watch.foreign_requests() == []


def test_a_request_that_fails_once_is_tried_again_without_the_reader(site_url, new_page):
    page, _ = new_page(site_url)
    closed = closed_workers(page)
    failed = []

    def fail_once(route):
        if failed:
            route.continue_()
        else:
            failed.append(route.request.url)
            route.abort()

    page.route("**/assets/engine/**", fail_once)
    page.goto(site_url + WIZARD)
    page.wait_for_selector(READY, timeout=SLOW)
    answer_sued_no(page)
    wait_for_question(page, "lender")
    assert len(failed) == 1
    assert len(closed) == 1


@pytest.mark.parametrize(
    "fault",
    [
        # an uncaught error in the worker: its error event reaches the page
        "setTimeout(() => { throw new Error('crash'); }, 0)",
        # alive but no longer answering: only the per-call limit notices
        "self.onmessage = null",
    ],
    ids=["crashed", "stopped-answering"],
)
def test_a_worker_that_fails_after_start_is_replaced_and_the_answer_goes_through(
    site_url, new_page, fault
):
    page, watch = new_page(site_url)
    closed = closed_workers(page)
    page.goto(site_url + WIZARD)
    page.wait_for_selector(READY, timeout=SLOW)
    faulty = engine_worker(page)
    faulty.evaluate(fault)
    answer_sued_no(page)
    wait_for_question(page, "lender")
    assert saved_answers(page) == {"sued": False}
    assert closed == [faulty]
    assert engine_worker(page) is not faulty
    assert page.get_attribute("[data-guide-wizard]", "data-engine") == "ready"
    assert watch.foreign_requests() == []


@pytest.fixture()
def other_origin():
    """A plain HTTP server on another port of loopback: another origin that does answer."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), http.server.SimpleHTTPRequestHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    with urllib.request.urlopen(url) as response:  # it is reachable: a refusal is the policy's
        assert response.status == 200
    yield url
    server.shutdown()


def test_the_engine_worker_may_not_fetch_from_another_origin(site_url, new_page, other_origin):
    page, _ = new_page(site_url)
    page.goto(site_url + WIZARD)
    page.wait_for_selector(READY, timeout=SLOW)
    outcome = engine_worker(page).evaluate(
        """(url) => new Promise((resolve) => {
            self.addEventListener('securitypolicyviolation',
              (e) => resolve('refused by ' + e.effectiveDirective), { once: true });
            fetch(url).then(() => resolve('fetched'), () => {});
          })""",
        other_origin,
    )
    assert outcome == "refused by connect-src"


@pytest.mark.parametrize(
    ("service_workers", "promise"),
    [("allow", True), ("block", False)],
    ids=["kept-for-offline", "no-service-worker"],
)
def test_no_second_download_is_promised_only_once_the_runtime_is_kept(
    browser, built_site, site_url, service_workers, promise
):
    ctx = browser.new_context(service_workers=service_workers)
    try:
        page = ctx.new_page()
        page.goto(site_url + WIZARD)
        page.wait_for_selector(READY, timeout=SLOW)
        if promise:
            page.wait_for_selector("html[data-offline=ready]", timeout=SLOW)
        note = page.locator("[data-load-note]").inner_text()
        mb = download_size(built_site)
        assert note == (f"（{mb}，已存在这台设备上，下次打开不用再下载。）" if promise else "")
    finally:
        ctx.close()


def test_a_tool_module_that_fails_to_load_names_the_network_and_offers_retry(site_url, new_page):
    page, watch = new_page(site_url)
    page.route("**/assets/tools/*/wizard.js", lambda route: route.abort())
    page.goto(site_url + WIZARD)
    page.wait_for_selector("[data-guide-wizard][data-engine=failed]", timeout=SLOW)
    status = page.locator("[data-status-text]").inner_text()
    assert "网络" in status and "回答都还在" in status
    assert page.locator("[data-fallback] a").is_visible()
    page.unroute("**/assets/tools/*/wizard.js")
    page.locator("[data-status] [data-retry]").click()
    page.wait_for_selector(READY, timeout=SLOW)
    assert watch.foreign_requests() == []
