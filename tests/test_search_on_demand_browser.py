"""The search index is downloaded only when the reader opens search
(docs/assets/javascripts/search-on-demand.js), and search then works as before.

Why: Material fetches search/search_index.json on every page at once; on the wizard's first visit
it was the largest download after the Python runtime, for a search most readers never open.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

INDEX = "/search/search_index.json"


def index_requests(page) -> list[str]:
    requests: list[str] = []
    page.on("request", lambda r: INDEX in r.url and requests.append(r.url))
    return requests


@pytest.mark.parametrize("path", ["basics/overdue-stages/", "tools/self-assessment/"])
def test_a_page_opened_without_searching_never_downloads_the_index(new_page, site_url, path):
    page, watch = new_page(site_url)
    requests = index_requests(page)
    page.goto(site_url + path)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)
    assert requests == []
    assert watch.console_errors == [] and watch.page_errors == []


def test_opening_search_downloads_the_index_and_finds_results(new_page, site_url):
    page, watch = new_page(site_url)
    requests = index_requests(page)
    page.goto(site_url + "basics/overdue-stages/")
    page.wait_for_load_state("networkidle")
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.locator("input.md-search__input").press_sequentially("征信", delay=30)
    page.wait_for_function(
        "() => /个符合条件的结果/.test(document.querySelector('.md-search-result__meta')?.textContent)",
        timeout=30000,
    )
    assert len(requests) == 1
    assert page.locator(".md-search-result__item").count() > 0
    assert watch.console_errors == [] and watch.page_errors == []


def test_a_page_opened_from_a_search_result_downloads_the_index_to_highlight(new_page, site_url):
    page, watch = new_page(site_url)
    requests = index_requests(page)
    page.goto(site_url + "basics/overdue-stages/?h=征信")
    page.wait_for_load_state("networkidle")
    assert len(requests) == 1
