"""MkDocs hook: stamps the service worker (docs/sw.js, published at the site root) for this deploy.

Why: a browser replaces an installed service worker only when the worker's own bytes change, and
the worker must know which files a tools page needs offline (the Pyodide runtime, the engine and
the tools' scripts live in content-hashed folders that only the build knows). So, after the build
(after tools_build.py has written the manifest), this hook writes into site/sw.js:

- ``BUILD``: a hash of every other file of the site, so every deploy that changes anything is a new
  worker (which takes over at once and drops the caches of older deploys);
- ``TOOLS``: the URLs, relative to the site root, of what a tools page loads, exactly as the page
  requests them (with the ``?v=`` cache-buster when the manifest has one).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from mkdocs.exceptions import PluginError

BUILD_LINE = 'const BUILD = "dev";'
TOOLS_LINE = "const TOOLS = [];"


def tool_files(site: Path, manifest: dict) -> list[str]:
    """What a tools page fetches: the runtime folder, the engine, the tools' own files."""
    out = []
    for folder in (manifest["pyodide"], manifest["tools"]):
        query = f"?v={manifest['v']}" if folder == manifest["tools"] and "v" in manifest else ""
        for p in sorted((site / folder).iterdir()):
            if p.is_file() and p.name != "manifest.json":
                out.append(
                    p.relative_to(site).as_posix()
                    + (query if p.suffix in {".js", ".mjs", ".css"} else "")
                )
    out.append(manifest["wheel"])
    return out


def build_id(site: Path, worker: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(site.rglob("*")):
        if p.is_file() and p != worker:
            h.update(p.relative_to(site).as_posix().encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()[:12]


def stamp(site: Path) -> tuple[str, list[str]]:
    worker = site / "sw.js"
    manifest = json.loads((site / "assets/tools/manifest.json").read_text(encoding="utf-8"))
    text = worker.read_text(encoding="utf-8")
    if BUILD_LINE not in text or TOOLS_LINE not in text:
        raise PluginError(
            f"sw.js 里没有 {BUILD_LINE} 和 {TOOLS_LINE}（scripts/hooks/offline.py 要替换它们）"
        )
    build, tools = build_id(site, worker), tool_files(site, manifest)
    text = text.replace(BUILD_LINE, f"const BUILD = {json.dumps(build)};")
    text = text.replace(TOOLS_LINE, f"const TOOLS = {json.dumps(tools)};")
    worker.write_text(text, encoding="utf-8")
    return build, tools


def on_post_build(config, **kwargs) -> None:
    stamp(Path(config["site_dir"]))
