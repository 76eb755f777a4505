"""MkDocs hook: checks the BUILT pages for what ``mkdocs build --strict`` does not see.

Why: strict MkDocs validates the links it writes from Markdown, but not raw HTML in a page, nor
what reaches the output by other routes; a broken ``<a href="../nope/">``, a marker left
unrendered (``[[cite:…`` without its ``]]``, or split over two lines) or an ``<img src="https://…">``
would be published silently (reliability review M9). No well-kept HTML-proofing plugin is among
this project's dependencies, so this is a small check of the finished HTML:

- every same-site link or resource (``href``, ``src``, ``srcset`` not starting with a scheme or
  ``#``) points at a file in the site, and a ``#fragment`` into a page at an ``id`` there;
- no resource is loaded from another origin (``src`` of any element, ``<link>`` other than
  ``canonical``/``alternate``, ``<object data>``): the site promises that nothing leaves the device;
- no ``[[name:`` marker text is left in a page outside ``<code>``/``<pre>``.

Any finding fails the build, naming the page and the offending value.
"""

from __future__ import annotations

import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from mkdocs.exceptions import PluginError

LEFTOVER_MARKER = re.compile(r"\[\[[a-z][a-z0-9-]*(?::|\]\])")
NOT_LOADED = {"canonical", "alternate", "next", "prev", "author", "license"}
SCHEMELESS_OK = ("mailto:", "tel:", "data:", "blob:", "javascript:")


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[str, str]] = []  # (tag.attr, url)
        self.foreign: list[str] = []
        self.text_markers: list[str] = []
        self._code = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        for key in ("id", "name"):
            if a.get(key):
                self.ids.add(a[key])
        if tag in ("code", "pre"):
            self._code += 1
        rel = set(a.get("rel", "").split())
        for attr in ("href", "src", "data"):
            if attr in a:
                self.links.append((f"{tag}.{attr}", a[attr]))
        for part in a.get("srcset", "").split(","):
            if part.strip():
                self.links.append((f"{tag}.srcset", part.split()[0]))
        loaded = [a.get("src"), a.get("data") if tag == "object" else None]
        if tag == "link" and not rel & NOT_LOADED:
            loaded.append(a.get("href"))
        loaded += [p.split()[0] for p in a.get("srcset", "").split(",") if p.strip()]
        for url in filter(None, loaded):
            if _foreign(url):
                self.foreign.append(f"<{tag}> {url}")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("code", "pre") and self._code:
            self._code -= 1

    def handle_data(self, data: str) -> None:
        if not self._code and self.lasttag not in ("script", "style"):
            self.text_markers += [m.group(0) for m in LEFTOVER_MARKER.finditer(data)]


def _foreign(url: str) -> bool:
    u = url.strip().lower()
    has_scheme = bool(re.match(r"[a-z][a-z0-9+.-]*:", u))
    return u.startswith("//") or (has_scheme and not u.startswith(("data:", "blob:")))


def _target(site: Path, page: Path, url: str, base_path: str) -> tuple[Path | None, str]:
    """The file a same-site URL points at (None if it points outside the site) and its fragment."""
    parts = urlsplit(url)
    path = unquote(parts.path)
    if path.startswith("/"):
        if not path.startswith(base_path):
            return None, parts.fragment
        rel = path[len(base_path) :]
    else:
        folder = page.parent.relative_to(site).as_posix()
        rel = (
            posixpath.normpath(posixpath.join(folder, path))
            if path
            else page.relative_to(site).as_posix()
        )
        if rel.startswith(".."):
            return None, parts.fragment
    target = site / rel
    if target.is_dir() or url.split("#")[0].split("?")[0].endswith("/"):
        target = target / "index.html"
    return target, parts.fragment


def check(site: Path, base_path: str = "/") -> list[str]:
    """Every problem in the built site, as 'page: what' lines (empty: all good)."""
    pages = {p: _Page() for p in sorted(site.rglob("*.html"))}
    for p, parsed in pages.items():
        parsed.feed(p.read_text(encoding="utf-8"))
        parsed.close()
    problems = []
    for p, parsed in pages.items():
        name = p.relative_to(site).as_posix()
        problems += [f"{name}: 从其他网站加载 {f}" for f in parsed.foreign]
        problems += [f"{name}: 没有渲染的标记 {m}" for m in parsed.text_markers]
        for where, url in parsed.links:
            u = url.strip()
            if not u or _foreign(u) or u.lower().startswith(SCHEMELESS_OK):
                continue
            target, fragment = _target(site, p, u, base_path)
            if target is None or not target.is_file():
                problems.append(f"{name}: 链接指向不存在的文件 {where}={url}")
            elif fragment and target in pages and unquote(fragment) not in pages[target].ids:
                problems.append(f"{name}: 链接指向不存在的锚点 {where}={url}")
    return problems


def on_post_build(config, **kwargs) -> None:
    base_path = urlsplit(config.get("site_url") or "/").path or "/"
    problems = check(
        Path(config["site_dir"]), base_path if base_path.endswith("/") else base_path + "/"
    )
    if problems:
        raise PluginError(
            "构建出的页面有问题（scripts/hooks/html_check.py）：\n  " + "\n  ".join(problems[:30])
        )
