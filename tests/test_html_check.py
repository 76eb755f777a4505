"""The check of the built HTML (scripts/hooks/html_check.py): broken links and anchors in raw
HTML, resources from other origins and markers left unrendered fail the build; what is fine
passes, and the real site (root and sub-path builds) has no finding."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from conftest import ROOT, SUBPATH

sys.path.insert(0, str(ROOT / "scripts" / "hooks"))

import html_check  # noqa: E402

OTHER = '<!doctype html><html><body><h2 id="here">x</h2></body></html>'


def site_with(tmp_path: Path, body: str) -> Path:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text(OTHER, encoding="utf-8")
    (tmp_path / "logo.svg").write_text("<svg/>", encoding="utf-8")
    (tmp_path / "index.html").write_text(
        f"<!doctype html><html><body>{body}</body></html>", encoding="utf-8"
    )
    return tmp_path


@pytest.mark.parametrize(
    ("body", "finding"),
    [
        ('<a href="nope/">x</a>', "index.html: 链接指向不存在的文件 a.href=nope/"),
        ('<a href="../outside/">x</a>', "index.html: 链接指向不存在的文件 a.href=../outside/"),
        ('<a href="a/#gone">x</a>', "index.html: 链接指向不存在的锚点 a.href=a/#gone"),
        ('<img src="missing.png">', "index.html: 链接指向不存在的文件 img.src=missing.png"),
        (
            '<img src="https://x.example/p.png">',
            "index.html: 从其他网站加载 <img> https://x.example/p.png",
        ),
        (
            '<script src="//cdn.example/x.js"></script>',
            "index.html: 从其他网站加载 <script> //cdn.example/x.js",
        ),
        (
            '<link rel="stylesheet" href="https://x.example/s.css">',
            "index.html: 从其他网站加载 <link> https://x.example/s.css",
        ),
        (
            '<img srcset="https://x.example/a.png 2x">',
            "index.html: 从其他网站加载 <img> https://x.example/a.png",
        ),
        ("<p>见 [[cite:cc_measures_art70 第一条</p>", "index.html: 没有渲染的标记 [[cite:"),
        ("<p>[[bank:citic</p><p>]]</p>", "index.html: 没有渲染的标记 [[bank:"),
        ("<p>[[glossary]]</p>", "index.html: 没有渲染的标记 [[glossary]]"),
    ],
)
def test_a_broken_page_is_reported_naming_what_is_wrong(tmp_path, body, finding):
    assert html_check.check(site_with(tmp_path, body)) == [finding]


@pytest.mark.parametrize(
    "body",
    [
        '<a href="https://www.pbccrc.org.cn/">official</a>',
        '<a href="mailto:a@b.example">m</a><a href="tel:12348">t</a>',
        '<a href="a/">a</a><a href="a/#here">h</a><a href="#top">t</a><p id="top"></p>',
        '<link rel="canonical" href="https://example.github.io/repo/">',
        '<img src="logo.svg"><img src="/logo.svg"><img src="data:image/png;base64,AAAA">',
        "<code>[[cite:x]]</code><pre>[[bank:citic]]</pre>",
        "<script>const s = '[[cite:x'</script>",
    ],
)
def test_what_is_fine_passes(tmp_path, body):
    assert html_check.check(site_with(tmp_path, body)) == []


def test_an_absolute_link_outside_the_sub_path_is_broken(tmp_path):
    site = site_with(tmp_path, '<a href="/repo/a/">in</a><a href="/a/">out</a>')
    assert html_check.check(site, "/repo/") == ["index.html: 链接指向不存在的文件 a.href=/a/"]


def test_the_built_site_has_no_finding(built_site: Path):
    assert html_check.check(built_site) == []


def test_the_sub_path_build_has_no_finding(built_site_subpath: Path):
    assert html_check.check(built_site_subpath, SUBPATH) == []
