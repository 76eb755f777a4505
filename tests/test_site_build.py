"""The built site: strict build, every nav page, lang="zh", self-contained, Chinese search index,
and a sub-path build without broken assets.

"Self-contained" is checked statically here (every src/href/url() the browser would load, and
every absolute URL written in the JavaScript it runs) and dynamically in test_site_browser.py.
"""

from __future__ import annotations

import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from conftest import ROOT, SUBPATH, build_site

# ------------------------------------------------------------------------------------------------
# helpers
# ------------------------------------------------------------------------------------------------

#: Elements/attributes whose URL the browser loads by itself (not links a reader follows).
LOADED_ATTRS = {
    "script": ("src",),
    "img": ("src", "srcset"),
    "iframe": ("src",),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "input": ("src",),
    "image": ("href", "xlink:href"),
    "use": ("href", "xlink:href"),
}
#: <link rel=…> values that make the browser fetch the href.
LOADED_LINK_RELS = {
    "stylesheet",
    "icon",
    "shortcut",
    "apple-touch-icon",
    "preload",
    "modulepreload",
    "prefetch",
    "manifest",
    "mask-icon",
    "dns-prefetch",
    "preconnect",
}
CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)|@import\s+(['"])([^'"]+)\3""")


class Refs(HTMLParser):
    """Collects (tag, attr, url) the browser would load, plus <a href> and inline styles."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.loaded: list[tuple[str, str, str]] = []
        self.anchors: list[str] = []
        self.styles: list[str] = []
        self.html_lang: str | None = None
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if tag == "html":
            self.html_lang = a.get("lang")
        if tag == "style":
            self._in_style = True
        if "style" in a:
            self.styles.append(a["style"])
        if tag == "a" and "href" in a:
            self.anchors.append(a["href"])
        if tag == "link":
            rels = set(a.get("rel", "").lower().split())
            if rels & LOADED_LINK_RELS and a.get("href"):
                self.loaded.append((tag, "href", a["href"]))
        for attr in LOADED_ATTRS.get(tag, ()):
            value = a.get(attr)
            if not value:
                continue
            if attr == "srcset":
                for part in value.split(","):
                    if part.strip():
                        self.loaded.append((tag, attr, part.strip().split()[0]))
            else:
                self.loaded.append((tag, attr, value))

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.styles.append(data)


def parse(path: Path) -> Refs:
    refs = Refs()
    refs.feed(path.read_text(encoding="utf-8"))
    return refs


def is_foreign(url: str) -> bool:
    """True for a URL that names another host (absolute or protocol-relative)."""
    url = url.strip()
    return bool(re.match(r"^(?:[a-z][a-z0-9+.-]*:)?//", url, re.I)) and not url.lower().startswith(
        ("data:", "blob:")
    )


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def nav_pages() -> list[str]:
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    nav = text[text.index("\nnav:") :]
    return re.findall(r"([\w./-]+\.md)\s*$", nav, re.M)


def built_path(site: Path, md: str) -> Path:
    if md == "index.md":
        return site / "index.html"
    if md.endswith("/index.md"):
        return site / md[: -len("index.md")] / "index.html"
    return site / md[:-3] / "index.html"


# JavaScript: absolute URLs that appear in the code the site loads but are never requested.
# Keyed by a glob on the file's path in the site; every host needs a reason. Anything else fails.
W3C = {"www.w3.org": "XML/SVG namespace identifiers, never fetched"}
INERT_JS = {
    "assets/tools/*/*.js": W3C,
    "assets/javascripts/bundle.*.min.js": {
        **W3C,
        "unpkg.com": 'Material\'s fallbacks: Mermaid only for <pre class="mermaid"> (this site emits '
        '<div class="diagram">; asserted below) and a ResizeObserver polyfill only when '
        "the browser lacks one (overrides/main.html defines a stand-in first)",
        "api.github.com": "repository facts, only with repo_url (not set; asserted below)",
        "${e}": "GitLab repository facts template, only with repo_url (not set)",
        "clipboardjs.com": "licence comment",
    },
    "assets/javascripts/workers/search.*.min.js": {
        "lunrjs.com": "licence comment",
        "tartarus.org": "comment (Porter stemmer reference)",
        "bit.ly": "comment",
    },
    "assets/javascripts/lunr/min/lunr.stemmer.support.min.js": {},
    "assets/javascripts/lunr/min/lunr.zh.min.js": {},
    "assets/vendor/mermaid/*/mermaid.min.js": {
        **W3C,
        "chevrotain.io": "URLs inside parser error messages",
        "github.com": "licence comments and error messages",
        "en.wikipedia.org": "licence comment",
        "tldrlegal.com": "licence comment",
        "openjsf.org": "licence comment",
        "lodash.com": "licence comment",
        "langium.org": "error message",
        "jquery.org": "licence comment",
        "underscorejs.org": "licence comment",
        "opensource.org": "licence comment",
        "engelschall.com": "licence comment",
        "${D.authority}${D.path": "template inside a bundled URI-formatting helper; builds a string, loads nothing",
    },
}
JS_URL = re.compile(r"""(?:https?:)?//([A-Za-z0-9${}._-]+\.[A-Za-z]{2,}|\$\{[a-z]\})""")


def loaded_js(site: Path) -> set[Path]:
    """Every script the site can run: <script src> of every page, the search worker and the lunr
    files it imports for the configured language, and everything under assets/vendor/ and
    assets/tools/ (loaded by our modules and workers)."""
    files: set[Path] = set()
    for path in html_files(site):
        for tag, _, url in parse(path).loaded:
            if tag == "script" and not is_foreign(url):
                target = (path.parent / url.split("?")[0]).resolve()
                if target.is_file():
                    files.add(target)
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    lunr = site / "assets" / "javascripts" / "lunr"
    files |= set((site / "assets" / "javascripts" / "workers").glob("search.*.js"))
    files.add(lunr / "min" / "lunr.stemmer.support.min.js")
    for lang in index["config"]["lang"]:
        if lang != "en":
            files.add(lunr / "min" / f"lunr.{lang}.min.js")
    for folder in ("vendor", "tools"):
        for ext in ("*.js", "*.mjs"):
            files |= set((site / "assets" / folder).rglob(ext))
    return {f.resolve() for f in files if f.is_file()}


def js_hosts(path: Path) -> set[str]:
    text = path.read_text(encoding="utf-8", errors="replace")
    hosts = set()
    for m in JS_URL.finditer(text):
        start = m.start()
        if start > 0 and text[start - 1] in "/\\":  # part of a regex or a path, not a URL
            continue
        if m.group(0).startswith("//") and (start == 0 or text[start - 1] not in "\"'`("):
            continue  # a // comment or an operator, not a protocol-relative URL
        hosts.add(m.group(1))
    return hosts


# ------------------------------------------------------------------------------------------------
# tests
# ------------------------------------------------------------------------------------------------


def test_strict_build_passes_without_warnings(built_site: Path) -> None:
    assert (built_site / "index.html").is_file()
    log = getattr(built_site, "build_log", None)
    if log is None and (built_site.parent / "build.log").is_file():
        log = (built_site.parent / "build.log").read_text(encoding="utf-8")
    log = log or ""
    warnings = [ln for ln in log.splitlines() if "WARNING" in ln]
    assert not warnings, "the build printed warnings:\n" + "\n".join(warnings)


def test_every_nav_entry_is_a_built_page(built_site: Path) -> None:
    pages = nav_pages()
    assert len(pages) >= 40
    missing = [md for md in pages if not built_path(built_site, md).is_file()]
    assert not missing, f"nav entries without a built page: {missing}"


def test_every_page_is_chinese_and_has_a_review_line(built_site: Path) -> None:
    for md in nav_pages():
        path = built_path(built_site, md)
        refs = parse(path)
        assert refs.html_lang == "zh", f"{path}: <html lang={refs.html_lang!r}>"
        text = path.read_text(encoding="utf-8")
        assert re.search(
            r'class="page-reviewed">最后审阅：<time datetime="\d{4}-\d{2}-\d{2}"', text
        ), f"{md}: no 最后审阅 line"
        assert "<h1" in text


def test_no_page_uses_materials_cdn_mermaid_or_repo_api(built_site: Path) -> None:
    for path in html_files(built_site):
        text = path.read_text(encoding="utf-8")
        assert 'class="mermaid"' not in text, f"{path}: Material would load Mermaid from unpkg.com"
        assert "md-source" not in text, (
            f"{path}: repo_url is set, Material would call a repository API"
        )
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text


def test_no_html_or_css_loads_anything_from_another_host(built_site: Path) -> None:
    problems: list[str] = []
    for path in html_files(built_site):
        refs = parse(path)
        for tag, attr, url in refs.loaded:
            if is_foreign(url):
                problems.append(f"{path.relative_to(built_site)}: <{tag} {attr}={url}>")
        for style in refs.styles:
            for m in CSS_URL.finditer(style):
                url = m.group(2) or m.group(4)
                if is_foreign(url):
                    problems.append(f"{path.relative_to(built_site)}: inline style url({url})")
    for css in built_site.rglob("*.css"):
        for m in CSS_URL.finditer(css.read_text(encoding="utf-8", errors="replace")):
            url = m.group(2) or m.group(4)
            if is_foreign(url):
                problems.append(f"{css.relative_to(built_site)}: url({url})")
    assert not problems, "references to other hosts:\n" + "\n".join(problems)


def test_javascript_names_no_other_host_except_known_inert_strings(built_site: Path) -> None:
    problems: list[str] = []
    for js in sorted(loaded_js(built_site)):
        rel = js.relative_to(built_site.resolve()).as_posix()
        allowed: dict[str, str] = {}
        for pattern, hosts in INERT_JS.items():
            if Path(rel).match(pattern) or re.fullmatch(
                pattern.replace(".", r"\.").replace("*", "[^/]*"), rel
            ):
                allowed.update(hosts)
        unexpected = sorted(h for h in js_hosts(js) if h not in allowed)
        if unexpected:
            problems.append(f"{rel}: {', '.join(unexpected)}")
    assert not problems, (
        "JavaScript that names another host (add it to INERT_JS only with a reason "
        "why the browser never requests it):\n" + "\n".join(problems)
    )


def test_our_own_javascript_names_no_host_at_all() -> None:
    for js in (ROOT / "docs" / "assets" / "javascripts").rglob("*.js"):
        assert not js_hosts(js), f"{js} names another host"


def test_outbound_links_are_plain_links(built_site: Path) -> None:
    """Outbound <a href> to official sites are allowed; they must be http(s) and never loaded."""
    for path in html_files(built_site):
        for href in parse(path).anchors:
            if is_foreign(href):
                assert href.startswith(("https://", "http://")), f"{path}: odd outbound link {href}"


def test_mermaid_is_vendored_only_when_a_page_has_a_diagram(built_site: Path) -> None:
    has_diagram = any(
        'class="diagram"' in p.read_text(encoding="utf-8") for p in html_files(built_site)
    )
    vendored = list((built_site / "assets" / "vendor").glob("mermaid/*/mermaid.min.js"))
    assert len(vendored) == (1 if has_diagram else 0)
    assert (built_site / "assets" / "javascripts" / "diagrams.js").is_file()


def test_mermaid_sits_in_a_folder_named_by_its_bytes_and_diagrams_js_loads_it_from_there(
    built_site: Path,
) -> None:
    """Under a content-hashed URL the service worker keeps Mermaid cache-first and never asks the
    network again; a new Mermaid gets a new URL (scripts/hooks/mermaid_build.py)."""
    vendored = list((built_site / "assets" / "vendor").glob("mermaid/*/mermaid.min.js"))
    if not vendored:
        pytest.skip("no page has a ```mermaid diagram yet")
    script = vendored[0]
    digest = hashlib.sha256(script.read_bytes()).hexdigest()[:10]
    assert script.parent.name == digest
    diagrams = (built_site / "assets" / "javascripts" / "diagrams.js").read_text(encoding="utf-8")
    assert re.findall(r'"\.\./vendor/mermaid/[^"]*"', diagrams) == [
        f'"../vendor/mermaid/{digest}/mermaid.min.js"'
    ]


def _index_tokens(site: Path) -> tuple[dict, dict[str, set[str]]]:
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    separator = re.compile(index["config"]["separator"])
    tokens: dict[str, set[str]] = {}
    for doc in index["docs"]:
        text = re.sub(r"<[^>]+>", " ", doc["title"] + " " + doc["text"])
        for tok in separator.split(text):
            if tok:
                tokens.setdefault(tok.lower(), set()).add(doc["location"].split("#")[0])
    return index, tokens


DOMAIN_TERMS = [
    "个性化分期",
    "二次协商",
    "停息挂账",
    "征信",
    "网商贷",
    "催收",
    "协商还款",
    "延期还款",
    "逾期",
    "违约金",
    "信用报告",
    "好人贷",
    "中信银行",
    "中国银行",
    "新网银行",
    "网商银行",
    "律师函",
    "上门催收",
    "支付令",
    "限高",
    "夫妻共同债务",
    "诉前调解",
    "诉讼时效",
    "个人破产",
    "花呗",
    "紧急联系人",
]


def test_search_index_is_segmented_chinese_with_our_terms_as_words(built_site: Path) -> None:
    index, tokens = _index_tokens(built_site)
    assert index["config"]["lang"] == ["zh"]
    assert "\\u200b" in index["config"]["separator"], (
        "the separator must split jieba's zero-width spaces"
    )
    missing = [t for t in DOMAIN_TERMS if t not in tokens]
    assert not missing, f"domain terms that are not whole tokens in the search index: {missing}"
    # jieba did segment: most tokens are short words, not whole sentences.
    han = [t for t in tokens if re.fullmatch(r"[\u4e00-\u9fff]+", t)]
    assert han and sum(len(t) for t in han) / len(han) < 4


def test_jieba_user_dictionary_keeps_our_terms_whole() -> None:
    import jieba

    jieba.load_userdict(str(ROOT / "scripts" / "jieba_user_dict.txt"))
    for term in DOMAIN_TERMS:
        assert term in list(jieba.cut(f"关于{term}的问题")), term


def test_404_page_helps_and_links_into_the_site(built_site: Path) -> None:
    text = (built_site / "404.html").read_text(encoding="utf-8")
    assert "这个页面找不到了" in text
    for target in ("tools/self-assessment/", "process/", "banks/"):
        assert f'href="/{target}"' in text


def _resolve(site: Path, page_url: str, ref: str) -> Path | None:
    """The file a same-site reference points to (None when it leaves the sub-path)."""
    url = urljoin(page_url, ref)
    path = unquote(urlsplit(url).path)
    if not path.startswith(SUBPATH):
        return None
    rel = path[len(SUBPATH) :]
    target = site / rel
    if rel == "" or rel.endswith("/"):
        target = target / "index.html"
    return target


def test_subpath_build_has_no_broken_asset(built_site_subpath: Path) -> None:
    site = built_site_subpath
    origin = "http://127.0.0.1"
    problems: list[str] = []
    for path in html_files(site):
        rel = path.relative_to(site).as_posix()
        page_url = origin + SUBPATH + rel
        refs = parse(path)
        text = path.read_text(encoding="utf-8")
        urls = [u for _, _, u in refs.loaded] + [h for h in refs.anchors if not h.startswith("#")]
        config = re.search(
            r'<script id="__config" type="application/json">(.*?)</script>', text, re.S
        )
        if config:
            cfg = json.loads(config.group(1))
            base = cfg["base"].rstrip("/") + "/"
            urls.append(base + "search/search_index.json")
            urls.append(cfg["search"])
        for url in urls:
            if is_foreign(url) and not url.startswith(origin + SUBPATH):
                continue  # outbound links (loaded foreign refs are caught by the root-build test)
            if url.startswith(("mailto:", "tel:", "javascript:", "data:")):
                continue
            target = _resolve(site, page_url, url.split("#")[0].split("?")[0] or rel)
            if target is None:
                problems.append(f"{rel}: {url} leaves {SUBPATH}")
            elif not target.exists():
                problems.append(f"{rel}: {url} -> missing {target.relative_to(site)}")
    for css in site.rglob("*.css"):
        css_url = origin + SUBPATH + css.relative_to(site).as_posix()
        for m in CSS_URL.finditer(css.read_text(encoding="utf-8", errors="replace")):
            url = m.group(2) or m.group(4)
            if url.startswith(("data:", "#")) or is_foreign(url):
                continue
            target = _resolve(site, css_url, url.split("#")[0].split("?")[0])
            if target is None or not target.exists():
                problems.append(f"{css.relative_to(site)}: url({url}) is broken")
    assert not problems, "broken references in the sub-path build:\n" + "\n".join(problems[:50])


def test_subpath_404_page_links_under_the_subpath(built_site_subpath: Path) -> None:
    text = (built_site_subpath / "404.html").read_text(encoding="utf-8")
    assert f'href="{SUBPATH}tools/self-assessment/"' in text
    assert 'href="/assets/' not in text and 'src="/assets/' not in text


@pytest.mark.parametrize("field", ["title", "description", "reviewed"])
def test_every_page_has_front_matter(field: str) -> None:
    """The hook also fails the build; this names the page directly."""
    for md in nav_pages():
        text = (ROOT / "docs" / md).read_text(encoding="utf-8")
        head = text.split("---", 2)[1] if text.startswith("---") else ""
        assert re.search(rf"^{field}:\s*\S", head, re.M), f"docs/{md} has no {field}"


def test_every_page_carries_a_same_origin_content_security_policy(built_site: Path) -> None:
    """The browser enforces the privacy promise too: no page may fetch or connect elsewhere."""
    pattern = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)"')
    for html in sorted(built_site.rglob("*.html")):
        found = pattern.search(html.read_text(encoding="utf-8"))
        assert found, f"{html.relative_to(built_site)} has no Content-Security-Policy"
        policy = dict(
            part.strip().split(" ", 1) for part in found.group(1).split(";") if part.strip()
        )
        for directive in ("default-src", "connect-src"):
            assert policy[directive] == "'self'", (html, directive, policy[directive])


def test_a_build_with_every_fact_overdue_succeeds_and_prints_the_report(tmp_path: Path) -> None:
    """Facts reviewed 2026-11-22 are all overdue by 2030: the strict build still publishes, and
    its log tells the maintainer which facts to re-check and where."""
    out = build_site(tmp_path / "site", today="2030-06-01")
    log = (out.parent / "build.log").read_text(encoding="utf-8")
    assert "资料核查提醒（2030-06-01）" in log
    assert "条资料超过 180 天没有核查" in log
    assert "（data/sources.toml）核对" in log and "（data/banks.toml）核对" in log
