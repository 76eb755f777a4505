"""What the build publishes for the in-browser tools, read from the built files (no browser).

Why: the tool modules are published under a content-hashed folder so they can import each other
with plain relative imports; these tests pin that nothing is left outside it, that every tool page
points into it, and that the wizard page carries the templates its script draws questions from.
"""

from __future__ import annotations

import json
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import ROOT

import guide_engine

sys.path.insert(0, str(ROOT / "scripts" / "hooks"))

import render_tools  # noqa: E402
from csp import script_hash  # noqa: E402

TOOL_PAGES = ["tools/self-assessment", "tools/calculator", "tools/letter", "tools/journal"]
#: Every page of the tools section: each has 快速离开 (issue 13) and so loads the tools' script.
TOOLS_SECTION = [*TOOL_PAGES, "tools", "tools/checklist"]


class Tags(HTMLParser):
    """Every start tag of a page as (tag, attributes)."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {k: v or "" for k, v in attrs}))


def tags_of(site: Path, page: str) -> list[tuple[str, dict[str, str]]]:
    return Tags((site / page / "index.html").read_text(encoding="utf-8")).tags


@pytest.fixture(scope="module")
def tools_folder(built_site: Path) -> str:
    manifest = json.loads((built_site / "assets/tools/manifest.json").read_text(encoding="utf-8"))
    return manifest["tools"]


def test_the_tool_modules_are_published_only_in_the_hashed_folder(built_site, tools_folder):
    published = built_site / "assets" / "tools"
    assert sorted(p.name for p in published.iterdir()) == sorted(
        ["manifest.json", Path(tools_folder).name]
    )
    sources = ROOT / "docs" / "assets" / "tools"
    assert sorted(p.name for p in (built_site / tools_folder).iterdir()) == sorted(
        p.name for p in sources.iterdir()
    )


@pytest.mark.parametrize("page", TOOLS_SECTION)
def test_a_tool_page_loads_its_script_and_styles_from_the_hashed_folder(
    built_site, tools_folder, page
):
    tags = tags_of(built_site, page)
    scripts = [a["src"] for t, a in tags if t == "script" and a.get("src", "").endswith("tools.js")]
    styles = [a["href"] for t, a in tags if t == "link" and a.get("href", "").endswith("tools.css")]
    up = "../" * (page.count("/") + 1)
    assert scripts == [f"{up}{tools_folder}tools.js"]
    assert styles == [f"{up}{tools_folder}tools.css"]


ENGINE_MODULES = [
    "engine-client.js",
    "ui.js",
    "messages.js",
    "worker.js",
    "bridge.mjs",
    "downloads.js",
]


@pytest.mark.parametrize("page", TOOLS_SECTION)
def test_a_page_with_the_engine_preloads_its_worker_modules_and_no_other_page_does(
    built_site, tools_folder, page
):
    """The engine's worker chain is fetched beside tools.js, not one round trip after another."""
    preloads = [a["href"] for t, a in tags_of(built_site, page) if a.get("rel") == "modulepreload"]
    up = "../" * (page.count("/") + 1)
    expected = [f"{up}{tools_folder}{m}" for m in ENGINE_MODULES] if page in TOOL_PAGES else []
    assert preloads == expected
    assert all((built_site / page / href).resolve().is_file() for href in preloads)


def static_imports(folder, name: str) -> set[str]:
    """``name`` and every module it imports statically, transitively (``import … from "./x"``)."""
    found, todo = set(), [name]
    while todo:
        module = todo.pop()
        if module not in found:
            found.add(module)
            text = (folder / module).read_text(encoding="utf-8")
            todo += re.findall(r'^import [^;]*?from "\./([\w.-]+)"', text, re.MULTILINE)
            todo += re.findall(r'^import "\./([\w.-]+)"', text, re.MULTILINE)
    return found


def test_the_preloaded_modules_are_what_starting_the_engine_imports(built_site, tools_folder):
    """Every module engine-start.js and the worker import before the engine boots is preloaded, so
    none of them waits for the one before it (on fast 3G a round trip is over half a second)."""
    folder = built_site / tools_folder
    needed = static_imports(folder, "engine-start.js") | static_imports(folder, "worker.js")
    assert needed - {"engine-start.js"} == set(ENGINE_MODULES)


@pytest.mark.parametrize("page", TOOLS_SECTION)
def test_a_page_with_the_engine_starts_it_from_an_async_module(built_site, tools_folder, page):
    starts = [
        a
        for t, a in tags_of(built_site, page)
        if t == "script" and a.get("src", "").endswith("engine-start.js")
    ]
    up = "../" * (page.count("/") + 1)
    expected = (
        [{"type": "module", "async": "", "src": f"{up}{tools_folder}engine-start.js"}]
        if page in TOOL_PAGES
        else []
    )
    assert starts == expected


def test_the_wizard_page_has_one_question_template_per_input_kind(built_site):
    kinds = [
        a["data-kind"] for t, a in tags_of(built_site, "tools/self-assessment") if t == "template"
    ]
    assert kinds == list(render_tools.KINDS)


class Scripts(HTMLParser):
    """The text of every <script> of a page with its attributes."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts: list[tuple[dict[str, str], str]] = []
        self._open: dict[str, str] | None = None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self._open = {k: v or "" for k, v in attrs}
            self.scripts.append((self._open, ""))

    def handle_data(self, data):
        if self._open is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)

    def handle_endtag(self, tag):
        if tag == "script":
            self._open = None


def test_the_wizard_page_carries_the_engines_flow_for_the_page_side_walk_as_inert_json(
    built_site,
):
    html = (built_site / "tools/self-assessment/index.html").read_text(encoding="utf-8")
    found = [text for a, text in Scripts(html).scripts if "data-flow-walk" in a]
    assert [a.get("type") for a, _ in Scripts(html).scripts if "data-flow-walk" in a] == [
        "application/json"
    ]
    assert json.loads(found[0]) == guide_engine.export_flow(render_tools.FLOW_ID)
    assert script_hash(found[0]) not in html  # data, not a script the policy allows


@pytest.mark.parametrize("page", TOOL_PAGES)
def test_a_tool_page_has_no_inline_event_handler(built_site, page):
    handlers = [(t, k) for t, a in tags_of(built_site, page) for k in a if k.startswith("on")]
    assert handlers == []


@pytest.mark.parametrize("page", TOOLS_SECTION)
def test_every_tools_page_has_a_quick_exit_to_the_neutral_page(built_site, page):
    exits = [a for t, a in tags_of(built_site, page) if t == "a" and "data-quick-exit" in a]
    assert exits == [
        {
            "class": "gt-exit-button",
            "role": "button",
            "href": render_tools.NEUTRAL_PAGE,
            "rel": "noreferrer",
            "data-quick-exit": "",
        }
    ]
