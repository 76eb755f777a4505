"""MkDocs hook: lets the browser's search find a Chinese word typed as the whole query.

Why: Material's search worker (9.8.1) splits a run of Han characters in the query into words of
the search index (``fe`` in ``workers/search.*.min.js``), but its loop stops one character short
(``o<t.length``), so the last character of what the reader typed is never part of a word. Typing
网商贷 therefore searches for the prefix 网* (every 网点 and 网站 lights up), 个性化分期 for 分*, and
results are marked "缺少". The fix is one character: ``o<=t.length``. This hook applies it to the
built worker, and fails the build when the code it expects is not there (a Material upgrade must
be checked by hand rather than silently losing the fix). Nothing else in the file is touched.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

BUGGY = "for(let o=s+1;o<t.length;o++)t.slice(s,o)in e"
FIXED = "for(let o=s+1;o<=t.length;o++)t.slice(s,o)in e"


def patch_worker(text: str, name: str) -> str:
    """The worker's source with the segmentation loop fixed (idempotent)."""
    if FIXED in text:
        return text
    if text.count(BUGGY) != 1:
        raise PluginError(
            f"search_fix: {name} 里找不到要修正的分词代码（Material 升级了？）。"
            "请检查新版是否已经修正“输入整个中文词搜不到”的问题，再更新或删除 scripts/hooks/search_fix.py"
        )
    return text.replace(BUGGY, FIXED)


@event_priority(100)  # before anything that hashes or caches the built assets
def on_post_build(config, **kwargs) -> None:
    workers = sorted(
        Path(config["site_dir"], "assets", "javascripts", "workers").glob("search.*.js")
    )
    if not workers:
        raise PluginError(
            "search_fix: 没有找到 Material 的搜索 worker（assets/javascripts/workers/）"
        )
    for path in workers:
        text = path.read_text(encoding="utf-8")
        path.write_text(patch_worker(text, path.name), encoding="utf-8")
