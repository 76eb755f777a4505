"""The Content-Security-Policy (scripts/hooks/csp.py + overrides/main.html): no page allows an
inline script it did not ship, every inline script the theme ships is allowed by its hash, and
in Chromium the pages run without a single CSP violation while injected script is refused."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from conftest import ROOT
from mkdocs.exceptions import PluginError

sys.path.insert(0, str(ROOT / "scripts" / "hooks"))

import csp  # noqa: E402

META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)"')
POLICY = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'"


def directives(policy: str) -> dict[str, list[str]]:
    return {d.split()[0]: d.split()[1:] for d in policy.split(";") if d.strip()}


def test_the_hash_is_the_browsers_sha256_source_expression():
    # the published SHA-256 test vectors of "" and "abc" (FIPS 180-2), base64-encoded
    assert csp.script_hash("") == "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"
    assert csp.script_hash("abc") == "'sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0='"


@pytest.mark.parametrize(
    ("policy", "hashes", "expected"),
    [
        (POLICY, ["'sha256-a'"], POLICY.replace("eval'", "eval' 'sha256-a'")),
        (
            "script-src 'self' 'unsafe-inline'; object-src 'none'",
            ["'sha256-a'", "'sha256-b'"],
            "script-src 'self' 'sha256-a' 'sha256-b'; object-src 'none'",
        ),
        ("script-src 'self' 'sha256-old'", ["'sha256-new'"], "script-src 'self' 'sha256-new'"),
        ("default-src 'self';", [], "default-src 'self'"),
    ],
)
def test_hashes_replace_unsafe_inline_in_script_src_only(policy, hashes, expected):
    assert csp.with_hashes(policy, hashes) == expected


def page(body: str, head: str = "") -> str:
    return (
        f'<!doctype html><html><head><meta http-equiv="Content-Security-Policy" '
        f'content="{POLICY}">{head}</head><body>{body}</body></html>'
    )


def test_every_page_gets_the_hashes_of_all_pages_and_data_scripts_are_ignored(tmp_path: Path):
    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_text(page("<script>one()</script>"), encoding="utf-8")
    (tmp_path / "a" / "index.html").write_text(
        page(
            '<script type="module">two()</script><script src="x.js"></script>',
            '<script id="c" type="application/json">{"a":1}</script>',
        ),
        encoding="utf-8",
    )
    hashes = csp.apply(tmp_path)
    assert hashes == sorted([csp.script_hash("one()"), csp.script_hash("two()")])
    for p in (tmp_path / "index.html", tmp_path / "a" / "index.html"):
        policy = directives(META.search(p.read_text(encoding="utf-8"))[1])
        assert policy["script-src"] == ["'self'", "'wasm-unsafe-eval'", *hashes]


@pytest.mark.parametrize(
    "body",
    [
        '<form onsubmit="return false"></form>',
        '<img src="x.png" onerror="alert(1)">',
        '<a href="javascript:alert(1)">x</a>',
        '<a href=" JavaScript:alert(1)">x</a>',
        '<iframe src="java\tscript:alert(1)"></iframe>',
    ],
)
def test_an_inline_handler_or_javascript_url_fails_the_build(tmp_path: Path, body):
    (tmp_path / "index.html").write_text(page(body), encoding="utf-8")
    with pytest.raises(PluginError, match="index.html"):
        csp.apply(tmp_path)


def test_a_page_without_the_policy_fails_the_build(tmp_path: Path):
    (tmp_path / "index.html").write_text("<!doctype html><html><head></head></html>", "utf-8")
    with pytest.raises(PluginError, match="Content-Security-Policy"):
        csp.apply(tmp_path)


def test_no_built_page_allows_unsafe_inline_script_and_every_inline_script_is_hashed(
    built_site: Path,
):
    for html in sorted(built_site.rglob("*.html")):
        text = html.read_text(encoding="utf-8")
        policy = directives(META.search(text)[1])
        allowed = set(policy["script-src"])
        assert "'unsafe-inline'" not in allowed, html
        inline = {csp.script_hash(s) for s in csp.scan(text).scripts}
        assert inline and inline <= allowed, html
        # the policy precedes every script: a <meta> policy governs only what follows it
        assert text.index("Content-Security-Policy") < text.index("<script"), html


BROWSER_PATHS = ["", "basics/overdue-stages/", "tools/self-assessment/", "tools/calculator/"]


@pytest.mark.browser
@pytest.mark.parametrize("path", BROWSER_PATHS)
def test_pages_run_without_csp_violations_and_refuse_injected_script(site_url, new_page, path):
    page, watch = new_page(site_url)
    violations: list[str] = []
    page.on("console", lambda m: "Content Security Policy" in m.text and violations.append(m.text))
    page.goto(site_url + path)
    if path.startswith("tools/"):
        page.wait_for_selector("[data-engine=ready]", timeout=120000)
    else:
        page.wait_for_load_state("networkidle")
    # Material's inline head script ran (it defines __md_scope)
    assert page.evaluate("typeof __md_scope") == "object"
    assert violations == [] and watch.page_errors == []
    ran = page.evaluate(
        """() => new Promise((resolve) => {
          window.__injected = false;
          const s = document.createElement('script');
          s.textContent = 'window.__injected = true';
          document.head.append(s);
          const img = document.createElement('img');
          img.setAttribute('onerror', 'window.__injected = true');
          img.src = 'data:,nope';
          document.body.append(img);
          setTimeout(() => resolve(window.__injected), 300);
        })"""
    )
    assert ran is False
    assert len(violations) == 2
