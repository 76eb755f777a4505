"""MkDocs hook: publishes the site's own Mermaid under a content-hashed folder, and only when a
page draws a diagram.

Why a hashed folder: Mermaid is 2.7 MB (0.77 MB compressed). Under a fixed URL a browser must
revalidate it every ten minutes (GitHub Pages sends ``max-age=600``) and the service worker can
only treat it network-first; under ``assets/vendor/mermaid/<hash>/`` its URL changes exactly when
its bytes do, so docs/sw.js keeps it cache-first and never asks the network again, and a page can
never combine a new diagrams.js with an old Mermaid.

How (after the build, before offline.py hashes the site for the service worker): when at least one
built page has a ``<div class="diagram">`` (the build's rendering of a ```mermaid fence), copy
``node_modules/mermaid/dist/mermaid.min.js`` (the version pinned in package-lock.json; never a CDN)
and its licence into the hashed folder and point the built ``assets/javascripts/diagrams.js`` at it.
diagrams.js loads Mermaid only on a page that has a diagram, so no other page downloads it.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parents[2]
MERMAID = ROOT / "node_modules" / "mermaid"
SOURCE = MERMAID / "dist" / "mermaid.min.js"
#: The one line of docs/assets/javascripts/diagrams.js this hook rewrites.
URL_IN_DIAGRAMS = '"../vendor/mermaid/mermaid.min.js"'
FOLDER = "assets/vendor/mermaid/"


def has_diagram(site: Path) -> bool:
    return any('class="diagram"' in p.read_text(encoding="utf-8") for p in site.rglob("*.html"))


def folder_for(script: bytes) -> str:
    """The site-relative folder Mermaid is published in: named by its bytes' hash."""
    return f"{FOLDER}{hashlib.sha256(script).hexdigest()[:10]}/"


def publish(site: Path, source: Path = SOURCE) -> str | None:
    """Copy Mermaid into its hashed folder and point diagrams.js at it; None when no page needs it."""
    if not has_diagram(site):
        return None
    if not source.is_file():
        raise PluginError(f"构建：缺少 {source.relative_to(ROOT)}，先运行 scripts/setup（npm ci）")
    script = source.read_bytes()
    folder = folder_for(script)
    target = site / folder
    target.mkdir(parents=True, exist_ok=True)
    (target / "mermaid.min.js").write_bytes(script)
    licence = source.parent.parent / "LICENSE"
    if licence.is_file():
        shutil.copy2(licence, target / "LICENSE")
    diagrams = site / "assets" / "javascripts" / "diagrams.js"
    text = diagrams.read_text(encoding="utf-8")
    if text.count(URL_IN_DIAGRAMS) != 1:
        raise PluginError(
            f"mermaid_build: assets/javascripts/diagrams.js 里应当正好有一处 {URL_IN_DIAGRAMS}"
            "（scripts/hooks/mermaid_build.py 把它换成带哈希的地址）"
        )
    hashed = f'"../vendor/mermaid/{folder.removeprefix(FOLDER)}mermaid.min.js"'
    diagrams.write_text(text.replace(URL_IN_DIAGRAMS, hashed), encoding="utf-8")
    return folder


def on_post_build(config, **kwargs) -> None:
    publish(Path(config["site_dir"]))
