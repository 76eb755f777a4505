"""scripts/hooks/mermaid_build.py: the site's own Mermaid under a folder named by its bytes, and
only when a page draws a diagram.

Why: a content-hashed URL lets the service worker keep Mermaid (0.77 MB compressed) cache-first
and never revalidate it, and a page never pairs a new diagrams.js with an old Mermaid.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import pytest
from conftest import ROOT
from mkdocs.exceptions import PluginError

sys.path.insert(0, str(ROOT / "scripts" / "hooks"))

import mermaid_build  # noqa: E402

DIAGRAMS_JS = (
    'const MERMAID_URL = new URL("../vendor/mermaid/mermaid.min.js", import.meta.url).href;\n'
)
SCRIPT = b"/* mermaid */ window.mermaid = {};\n"


def site(tmp_path: Path, *, diagram: bool, diagrams_js: str = DIAGRAMS_JS) -> Path:
    root = tmp_path / "site"
    (root / "a").mkdir(parents=True)
    body = '<div class="diagram">flowchart TD</div>' if diagram else "<p>文字</p>"
    (root / "a" / "index.html").write_text(f"<html><body>{body}</body></html>", encoding="utf-8")
    (root / "index.html").write_text("<html><body><p>首页</p></body></html>", encoding="utf-8")
    js = root / "assets" / "javascripts" / "diagrams.js"
    js.parent.mkdir(parents=True)
    js.write_text(diagrams_js, encoding="utf-8")
    return root


@pytest.fixture
def source(tmp_path: Path) -> Path:
    dist = tmp_path / "mermaid" / "dist"
    dist.mkdir(parents=True)
    (dist / "mermaid.min.js").write_bytes(SCRIPT)
    (tmp_path / "mermaid" / "LICENSE").write_text("MIT", encoding="utf-8")
    return dist / "mermaid.min.js"


def test_a_site_with_a_diagram_gets_mermaid_in_a_folder_named_by_its_hash(tmp_path, source):
    root = site(tmp_path, diagram=True)
    digest = hashlib.sha256(SCRIPT).hexdigest()[:10]
    assert mermaid_build.publish(root, source) == f"assets/vendor/mermaid/{digest}/"
    folder = root / "assets" / "vendor" / "mermaid" / digest
    assert sorted(p.name for p in folder.iterdir()) == ["LICENSE", "mermaid.min.js"]
    assert (folder / "mermaid.min.js").read_bytes() == SCRIPT
    assert (root / "assets" / "javascripts" / "diagrams.js").read_text(encoding="utf-8") == (
        DIAGRAMS_JS.replace("mermaid/mermaid.min.js", f"mermaid/{digest}/mermaid.min.js")
    )


def test_a_site_without_a_diagram_gets_no_mermaid_and_diagrams_js_is_left_alone(tmp_path, source):
    root = site(tmp_path, diagram=False)
    assert mermaid_build.publish(root, source) is None
    assert not (root / "assets" / "vendor").exists()
    assert (root / "assets" / "javascripts" / "diagrams.js").read_text(encoding="utf-8") == (
        DIAGRAMS_JS
    )


def test_other_bytes_give_another_folder():
    first = mermaid_build.folder_for(SCRIPT)
    assert mermaid_build.folder_for(SCRIPT + b"//") != first


@pytest.mark.parametrize("diagrams_js", ["// no URL here\n", DIAGRAMS_JS * 2])
def test_a_diagrams_js_without_exactly_one_url_to_rewrite_fails_the_build(
    tmp_path, source, diagrams_js
):
    root = site(tmp_path, diagram=True, diagrams_js=diagrams_js)
    with pytest.raises(PluginError, match="diagrams.js"):
        mermaid_build.publish(root, source)


def test_a_missing_mermaid_package_fails_the_build_saying_what_to_run(tmp_path):
    root = site(tmp_path, diagram=True)
    missing = ROOT / "node_modules" / "mermaid" / "dist" / "no-such-file.js"
    with pytest.raises(PluginError, match="scripts/setup"):
        mermaid_build.publish(root, missing)
