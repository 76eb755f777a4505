"""MkDocs hook: a Content-Security-Policy whose ``script-src`` allows no inline script but the
theme's own, by hash — so an injected ``<script>``, ``onerror=`` handler or ``javascript:`` link
never runs, while Material's small inline scripts still do.

How: ``overrides/main.html`` writes the policy as the first ``<meta>`` of every page (before any
inline script, since a ``<meta>`` policy governs only what follows it), with a ``script-src`` that
allows ``'self'`` and ``'wasm-unsafe-eval'`` only. After the build, this hook reads every built
HTML page, computes the SHA-256 of each inline executable ``<script>`` exactly as written, and
adds the hashes of ALL pages to the ``script-src`` of EVERY page.

Why all hashes on every page: with ``navigation.instant`` Material swaps in the next page's content
without reloading, so the first page's policy is the one in force for scripts of later pages; the
theme's scripts differ only per folder depth (``__md_scope`` holds a relative URL), so the union is
a handful of hashes. GitHub Pages sends no headers, so a ``<meta>`` is the only way; ``<meta>``
cannot carry ``frame-ancestors``, ``report-uri`` or ``sandbox`` (none is needed here).

The build FAILS when a page carries an inline event handler (``onclick=`` …) or a ``javascript:``
URL: the policy would block them (a broken control for the reader), and they are exactly what an
injection looks like.
"""

from __future__ import annotations

import base64
import hashlib
import re
from html.parser import HTMLParser
from pathlib import Path

from mkdocs.exceptions import PluginError

#: The policy's ``<meta>`` as main.html writes it (the content is rewritten here).
META = re.compile(
    r'(<meta http-equiv="Content-Security-Policy" content=")([^"]*)(")', re.IGNORECASE
)
#: Script types the browser executes (anything else, e.g. application/json, is inert data).
EXECUTABLE = {"", "text/javascript", "application/javascript", "module"}
URL_ATTRS = {"href", "src", "action", "formaction", "data", "xlink:href"}


class _Scan(HTMLParser):
    """Collects a page's inline executable scripts and any inline handler or javascript: URL."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts: list[str] = []
        self.problems: list[str] = []
        self._script: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…>（内联事件处理）")
            elif (
                name in URL_ATTRS
                and value
                and re.sub(r"[\s\x00-\x1f]", "", value).lower().startswith("javascript:")
            ):
                self.problems.append(f'<{tag} {name}="{value[:40]}">（javascript: 链接）')
        if tag == "script" and "src" not in a and (a.get("type") or "").lower() in EXECUTABLE:
            self._script = []

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.scripts.append("".join(self._script))
            self._script = None


def script_hash(source: str) -> str:
    """The CSP source expression that allows exactly this inline script."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode()).digest()).decode() + "'"


def scan(html: str) -> _Scan:
    s = _Scan()
    s.feed(html)
    s.close()
    return s


def with_hashes(policy: str, hashes: list[str]) -> str:
    """``policy`` with ``hashes`` added to ``script-src`` (and any 'unsafe-inline' removed)."""
    out = []
    for directive in (d.strip() for d in policy.split(";")):
        words = directive.split()
        if words and words[0] == "script-src":
            kept = [w for w in words[1:] if w != "'unsafe-inline'" and not w.startswith("'sha256-")]
            directive = " ".join(["script-src", *kept, *hashes])
        if directive:
            out.append(directive)
    return "; ".join(out)


def apply(site_dir: Path) -> list[str]:
    """Write the hashes of every page's inline scripts into every page's policy; return them."""
    pages = sorted(site_dir.rglob("*.html"))
    texts = {p: p.read_text(encoding="utf-8") for p in pages}
    hashes: set[str] = set()
    problems: list[str] = []
    for p, text in texts.items():
        found = scan(text)
        hashes.update(script_hash(s) for s in found.scripts)
        problems += [f"{p.relative_to(site_dir)}: {x}" for x in found.problems]
    if problems:
        raise PluginError(
            "页面里有内容安全策略会拦下的内联脚本写法（改成在 JS 文件里用 addEventListener）：\n  "
            + "\n  ".join(problems[:20])
        )
    ordered = sorted(hashes)
    for p, text in texts.items():
        if "<html" not in text[:2000].lower():
            continue  # a fragment or redirect stub, not a page
        new, n = META.subn(lambda m: m[1] + with_hashes(m[2], ordered) + m[3], text, count=1)
        if n != 1:
            raise PluginError(f"{p.relative_to(site_dir)} 没有 Content-Security-Policy 的 <meta>")
        p.write_text(new, encoding="utf-8")
    return ordered


def on_post_build(config, **kwargs) -> None:
    apply(Path(config["site_dir"]))
