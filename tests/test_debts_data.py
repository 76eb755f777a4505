"""data/debts.toml: every page it links exists, every source is known, mistakes are reported in words."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from guide_engine import debts_data, facts
from guide_engine.errors import DataError

DOCS = Path(__file__).resolve().parent.parent / "docs"


def _values(node, key):
    if isinstance(node, dict):
        for k, v in node.items():
            if k == key and isinstance(v, str):
                yield v
            else:
                yield from _values(v, key)
    elif isinstance(node, list):
        for item in node:
            yield from _values(item, key)


def test_the_whole_file_checks_clean():
    assert debts_data.check() == []


@pytest.mark.parametrize("page", sorted(set(_values(debts_data.raw(), "page"))))
def test_every_page_exists_with_its_anchor(page):
    path, _, anchor = page.partition("#")
    stem = DOCS / path.rstrip("/")
    markdown = stem.with_suffix(".md") if stem.with_suffix(".md").exists() else stem / "index.md"
    assert markdown.exists(), page
    if anchor:
        assert re.search(r"\{#" + re.escape(anchor) + r"\}", markdown.read_text("utf-8")), page


def test_every_source_id_resolves_to_a_citation():
    for source_id in set(_values(debts_data.raw(), "source_id")) - {""}:
        assert debts_data.citation(source_id).strip()


def test_the_plan_cites_only_the_registry():
    assert "pending_source" not in debts_data.raw()
    registered = {entry["id"] for entry in facts.sources()}
    assert set(_values(debts_data.raw(), "source_id")) - {""} <= registered


def test_a_citation_is_the_registrys():
    assert debts_data.citation("cpl_art227") == facts.citation("cpl_art227")


def test_an_unknown_source_is_an_error_in_words():
    with pytest.raises(DataError) as caught:
        debts_data.source_entry("no_such_source")
    assert caught.value.code == "unknown_source"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "应为非空文字"),
        ("还剩 {dayz} 天", "未知的占位符 {dayz}"),
        ("还剩 {days 天", "花括号不成对"),
        ("银行保证同意", "含有禁止的说法“保证”"),
    ],
)
def test_checker_reports_bad_text(text, problem):
    check = debts_data.Checker()
    check.text("某处", text, ("days",))
    assert len(check.problems) == 1 and problem in check.problems[0]


def test_checker_allows_a_site_basis_only_where_asked():
    check = debts_data.Checker()
    assert check.source("甲", "", allow_site=True) is None
    check.source("乙", "")
    check.source("丙", "no_such_source")
    check.page("丁", "process/sued")
    assert [p.split(":")[0] for p in check.problems] == ["乙", "丙", "丁"]


def test_fail_lists_every_problem_at_once():
    with pytest.raises(DataError) as caught:
        debts_data.fail("测试", ["一", "二"])
    assert caught.value.message == "data/debts.toml 的测试有错误：\n一\n二"
    assert caught.value.code == "data_debts"
