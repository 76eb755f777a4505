"""Offline after the first visit (docs/sw.js, assets/javascripts/offline.js, scripts/hooks/offline.py).

Why: a reader with a weak or spent mobile connection must still reach the pages and the tools
already opened once; a page never opened must say so kindly; and a new deploy must take over
without an old worker serving stale files. These tests allow service workers (conftest's
new_page blocks them) and run on the sub-path build too, as on GitHub project pages.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import static_server
from test_tools_browser import READY

pytestmark = pytest.mark.browser

WIZARD = "tools/self-assessment/"
CONTENT = "basics/overdue-stages/"
NEVER_OPENED = "process/sued/"


@pytest.fixture
def sw_context(browser):
    """Factory of browser contexts in which service workers run (closed after the test)."""
    contexts = []

    def make():
        ctx = browser.new_context(viewport={"width": 390, "height": 844}, service_workers="allow")
        contexts.append(ctx)
        return ctx

    yield make
    for ctx in contexts:
        ctx.close()


@pytest.fixture(params=["root", "subpath"])
def base(request):
    return request.getfixturevalue("site_url" if request.param == "root" else "site_url_subpath")


def cache_urls(page) -> list[str]:
    return page.evaluate(
        """async () => {
          const out = [];
          for (const name of await caches.keys()) {
            for (const r of await (await caches.open(name)).keys()) out.push(r.url);
          }
          return out;
        }"""
    )


def first_visit(ctx, url: str):
    page = ctx.new_page()
    page.goto(url)
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=60000)
    return page


def test_the_tools_work_offline_after_one_visit(sw_context, base):
    ctx = sw_context()
    page = first_visit(ctx, base + WIZARD)
    page.wait_for_selector("html[data-offline=ready]", timeout=180000)
    ctx.set_offline(True)
    page.reload()
    page.wait_for_selector(READY, timeout=180000)
    page.locator('[data-screen] form.gt-question input[name="answer"]').first.check()
    page.locator('[data-screen] form.gt-question button[type="submit"]').click()
    page.wait_for_function(
        "() => document.querySelector('[data-screen] form.gt-question')?.dataset.question !== 'sued'"
    )


def test_a_content_page_read_once_opens_offline_and_never_caches_the_runtime(sw_context, base):
    ctx = sw_context()
    page = first_visit(ctx, base + CONTENT)
    page.wait_for_function(
        f"() => caches.match({base + CONTENT!r}).then(Boolean)", polling=200, timeout=60000
    )
    assert [u for u in cache_urls(page) if "/assets/pyodide/" in u or "/assets/engine/" in u] == []
    heading = page.locator("h1").first.inner_text()
    ctx.set_offline(True)
    page.reload()
    assert page.locator("h1").first.inner_text() == heading


def test_a_page_never_opened_says_so_kindly_offline(sw_context, base):
    ctx = sw_context()
    page = first_visit(ctx, base + CONTENT)
    page.wait_for_function(
        f"() => caches.match({base + CONTENT!r}).then(Boolean)", polling=200, timeout=60000
    )
    title = page.title()
    ctx.set_offline(True)
    response = page.goto(base + NEVER_OPENED)
    assert response.status == 503
    assert page.locator("h1").inner_text() == "现在没有联网"
    assert "这一页还没有保存在这台设备上" in page.locator("body").inner_text()
    assert title in page.locator("li a").all_inner_texts()


def test_a_new_deploy_takes_over_and_drops_the_old_caches(sw_context, built_site, tmp_path: Path):
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    server, url = static_server.serve(site)
    try:
        ctx = sw_context()
        page = first_visit(ctx, url + CONTENT)
        page.wait_for_function("() => caches.keys().then((k) => k.length > 0)", timeout=60000)
        old = page.evaluate("() => caches.keys()")
        worker = site / "sw.js"
        text = worker.read_text(encoding="utf-8")
        build = text.split('const BUILD = "', 1)[1].split('"', 1)[0]
        worker.write_text(text.replace(f'"{build}"', '"nextdeploy1"'), encoding="utf-8")
        page.reload()
        page.wait_for_function(
            "() => caches.keys().then((k) => k.length > 0 && k.every((n) => n.endsWith('-nextdeploy1')))",
            timeout=60000,
        )
    finally:
        server.shutdown()
    assert old and all(name.endswith(build) for name in old)


def diagram_page(site: Path) -> str:
    for html in sorted(site.rglob("*.html")):
        if 'class="diagram"' in html.read_text(encoding="utf-8"):
            return html.parent.relative_to(site).as_posix() + "/"
    pytest.skip("no page has a ```mermaid diagram yet")


def test_mermaid_is_kept_cache_first_and_draws_offline(sw_context, base, built_site: Path):
    """Mermaid lives in a content-hashed folder: the worker keeps it with the hashed assets (cache
    first, never revalidated), so a diagram page read once draws its diagram offline too."""
    path = diagram_page(built_site)
    ctx = sw_context()
    page = first_visit(ctx, base + path)
    page.wait_for_selector('div.diagram[data-diagram="done"] svg', timeout=60000)
    page.reload()  # now under the worker's control: Mermaid goes through it
    page.wait_for_selector('div.diagram[data-diagram="done"] svg', timeout=60000)
    kept = page.evaluate(
        """async () => {
          const out = [];
          for (const name of await caches.keys())
            for (const r of await (await caches.open(name)).keys())
              if (r.url.includes('/assets/vendor/mermaid/')) out.push(name.split('-')[2]);
          return out;
        }"""
    )
    assert kept == ["assets"]
    ctx.set_offline(True)
    page.reload()
    page.wait_for_selector('div.diagram[data-diagram="done"] svg', timeout=60000)


def test_a_page_without_a_diagram_never_loads_mermaid(sw_context, base):
    ctx = sw_context()
    page = ctx.new_page()
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(base + CONTENT)
    page.wait_for_load_state("networkidle")
    assert [u for u in requested if "mermaid" in u] == []
