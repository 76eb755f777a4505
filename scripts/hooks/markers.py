"""MkDocs hook: replaces every ``[[name:args]]`` marker in a page with data, and checks front matter.

Why: a fact (a citation, a bank's phone number, an example plan) lives once, in ``guide_engine``;
pages only write a marker and this hook renders it at build time. Any marker this hook does not
know, or cannot render, fails the build with the page and the marker in the message.

The renderers live in two modules next to this file, one per kind of content, and form one
table, :data:`RENDERERS`: ``render_facts`` (cite, bank, bankbox, sources, glossary, plan,
flowchart) and ``render_tools`` (wizard, tool, download-size).

Renderer contract: ``RENDERERS[name] = fn`` where ``fn(args: str, ctx: MarkerContext) -> str``
returns Markdown (or raw HTML) that replaces the marker. ``args`` is the text after ``name:``
("" when there is none). Raising ``ValueError`` (such as ``render_facts.MarkerError``),
``KeyError`` or any ``GuideError`` reports a clear build error. Names in :data:`BLOCK` are block
markers: they must stand alone on their line, and every line of their output is indented like the
marker (so a box can sit inside a list item or an admonition).

Markers inside fenced code blocks and inline code are left alone, so a page may show the syntax.
"""

from __future__ import annotations

import datetime as _dt
import logging
import os
import posixpath
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markdown.extensions import Extension
from markdown.extensions.abbr import AbbrTreeprocessor
from mkdocs.exceptions import PluginError

sys.path.insert(0, str(Path(__file__).resolve().parent))

import render_facts  # noqa: E402
import render_tools  # noqa: E402

log = logging.getLogger("mkdocs.hooks.markers")

#: ``[[name]]`` or ``[[name:args]]`` — name is lower-case letters, digits and dashes.
MARKER = re.compile(r"\[\[([a-z][a-z0-9-]*)(?::([^\[\]\n]*))?\]\]")
#: Anything that looks like a marker attempt: used to catch malformed ones.
LOOSE = re.compile(r"\[\[[^\n]*?\]\]")
#: Fenced code blocks (``` or ~~~, 3+), and inline code spans: markers there are not rendered.
FENCE = re.compile(r"^([ \t]*)(`{3,}|~{3,})[^\n]*\n.*?^\1\2[ \t]*$", re.M | re.S)
INLINE_CODE = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.S)

REQUIRED_META = ("title", "description", "reviewed")


def today() -> _dt.date:
    """The build's idea of "today": GUIDE_TODAY=YYYY-MM-DD pins it (the tests do), else the clock."""
    pinned = os.environ.get("GUIDE_TODAY")
    return _dt.date.fromisoformat(pinned) if pinned else _dt.date.today()


@dataclass
class MarkerContext:
    """What a renderer may need about the page it renders into."""

    page: Any
    config: Any
    files: Any
    src_uri: str = ""
    data: dict = field(default_factory=dict)

    def rel(self, target: str) -> str:
        """A link from this page to ``target`` (a docs-relative .md path, optionally with #anchor).

        Markdown links to .md files are rewritten by MkDocs into page-relative URLs, so the site
        works under any sub-path, and strict mode checks that the target and anchor exist.
        """
        path, _, anchor = target.partition("#")
        here = posixpath.dirname(self.src_uri)
        out = posixpath.relpath(path, here or ".")
        return out + (f"#{anchor}" if anchor else "")


#: Every marker name and its renderer.
RENDERERS: dict[str, Callable] = {**render_facts.RENDERERS, **render_tools.RENDERERS}
#: The markers whose output is a block.
BLOCK: set[str] = render_facts.BLOCK | render_tools.BLOCK


def _call(fn: Callable, args: str, ctx: MarkerContext) -> str:
    out = fn(args, ctx)
    if not isinstance(out, str):
        raise render_facts.MarkerError(f"渲染函数返回了 {type(out).__name__}，应当返回字符串")
    return out


def _protected_spans(markdown: str) -> list[tuple[int, int]]:
    spans = [m.span() for m in FENCE.finditer(markdown)]
    for m in INLINE_CODE.finditer(markdown):
        if not any(a <= m.start() < b for a, b in spans):
            spans.append(m.span())
    return spans


def render_markers(
    markdown: str,
    ctx: MarkerContext,
    renderers: dict[str, Callable] | None = None,
    block_names: set[str] | None = None,
) -> str:
    """Replace every marker in ``markdown``; raise PluginError naming page and marker on any problem."""
    renderers = RENDERERS if renderers is None else renderers
    block_names = BLOCK if block_names is None else block_names
    page = ctx.src_uri or "?"
    spans = _protected_spans(markdown)

    def protected(pos: int) -> bool:
        return any(a <= pos < b for a, b in spans)

    # Malformed markers: anything like [[…]] that is not a well-formed marker.
    for m in LOOSE.finditer(markdown):
        if protected(m.start()):
            continue
        if not MARKER.fullmatch(m.group(0)):
            line = markdown.count("\n", 0, m.start()) + 1
            raise PluginError(
                f"页面 {page} 第 {line} 行：标记 {m.group(0)} 的格式不对。"
                f"标记的写法是 [[名称]] 或 [[名称:参数]]，名称只能用小写字母、数字和连字符。"
            )

    def replace(m: re.Match) -> str:
        if protected(m.start()):
            return m.group(0)
        name, args = m.group(1), (m.group(2) or "").strip()
        line_no = markdown.count("\n", 0, m.start()) + 1
        where = f"页面 {page} 第 {line_no} 行的标记 {m.group(0)}"
        fn = renderers.get(name)
        if fn is None:
            known = "、".join(sorted(renderers)) or "（无）"
            raise PluginError(f"{where}：未知的标记名称“{name}”。已知的标记有：{known}。")
        line_start = markdown.rfind("\n", 0, m.start()) + 1
        line_end = markdown.find("\n", m.end())
        line_end = len(markdown) if line_end == -1 else line_end
        before, after = markdown[line_start : m.start()], markdown[m.end() : line_end]
        is_block = name in block_names
        if is_block and (before.strip() or after.strip()):
            raise PluginError(
                f"{where}：这个标记会生成一整块内容，必须单独占一行（前后不能有别的文字）。"
            )
        try:
            out = _call(fn, args, ctx)
        except PluginError:
            raise
        except Exception as exc:  # noqa: BLE001 — every renderer failure becomes a build error
            message = getattr(exc, "message", None) or str(exc) or type(exc).__name__
            raise PluginError(f"{where}：{message}") from exc
        if is_block:  # blank lines around it; every line indented like the marker
            lines = out.strip("\n").split("\n")
            out = "\n" + "\n".join((before + ln) if ln.strip() else "" for ln in lines) + "\n"
        return out

    return MARKER.sub(replace, markdown)


def check_meta(page: Any) -> None:
    """Every page needs title, description and reviewed (YYYY-MM-DD) in its front matter."""
    src = page.file.src_uri
    missing = [key for key in REQUIRED_META if not page.meta.get(key)]
    if missing:
        raise PluginError(
            f"页面 {src} 的开头信息（front matter）缺少 {', '.join(missing)}。每一页都要写：\n"
            f"---\ntitle: 标题\ndescription: 一句话说明\nreviewed: YYYY-MM-DD\n---"
        )
    reviewed = page.meta["reviewed"]
    if isinstance(reviewed, _dt.datetime):
        reviewed = reviewed.date()
    if not isinstance(reviewed, _dt.date):
        try:
            reviewed = _dt.date.fromisoformat(str(reviewed))
        except ValueError:
            raise PluginError(
                f"页面 {src} 的 reviewed 是“{page.meta['reviewed']}”，应当写成 YYYY-MM-DD"
            ) from None
    page.meta["reviewed"] = reviewed.isoformat()


class _CjkAbbrTreeprocessor(AbbrTreeprocessor):
    """``abbr`` for Chinese: Python-Markdown matches a term only between ``\\b`` word boundaries,
    and Chinese characters are word characters, so 征信 in 查征信报告 would never be explained.
    Here a term only must not touch ASCII letters or digits (longest term first, as upstream)."""

    def run(self, root):
        if not self.abbrs:
            return None
        keys = sorted(self.abbrs, key=len, reverse=True)
        self.RE = re.compile(
            f"(?<![A-Za-z0-9_])(?:{'|'.join(re.escape(k) for k in keys)})(?![A-Za-z0-9_])"
        )
        self.iter_element(root)
        return None


class CjkAbbrExtension(Extension):
    def extendMarkdown(self, md):
        if "abbr" in md.treeprocessors:
            old = md.treeprocessors["abbr"]
            md.treeprocessors.register(_CjkAbbrTreeprocessor(md, old.abbrs), "abbr", 7)


# ---------------------------------------------------------------------------------------------
# MkDocs events
# ---------------------------------------------------------------------------------------------


def on_config(config, **kwargs):
    config.markdown_extensions.append(CjkAbbrExtension())
    try:
        from guide_engine import facts
    except ImportError as exc:  # pragma: no cover - the venv always has it
        raise PluginError(f"无法导入 guide_engine（先运行 scripts/setup）：{exc}") from exc
    # A stale fact is a reminder for maintainers, not a reason to stop publishing: the report is
    # INFO, so `mkdocs build --strict` still succeeds; `python -m guide_engine check --stale` is
    # the command that fails (for a scheduled job).
    for line in facts.stale_report(today()):
        log.info(line)
    return config


def on_page_markdown(markdown, page, config, files, **kwargs):
    check_meta(page)
    ctx = MarkerContext(page=page, config=config, files=files, src_uri=page.file.src_uri)
    return render_markers(markdown, ctx)
