"""The build stamps the service worker (scripts/hooks/offline.py): a deploy-specific BUILD and the
exact URLs a tools page fetches, each of which exists in the site."""

from __future__ import annotations

import json
import re
from pathlib import Path


def stamped(site: Path) -> tuple[str, list[str]]:
    text = (site / "sw.js").read_text(encoding="utf-8")
    build = re.search(r'^const BUILD = "([^"]*)";$', text, re.M)[1]
    tools = json.loads(re.search(r"^const TOOLS = (\[.*\]);$", text, re.M)[1])
    return build, tools


def test_the_worker_is_at_the_site_root_with_a_build_id(built_site: Path):
    build, _ = stamped(built_site)
    assert re.fullmatch(r"[0-9a-f]{12}", build)


def test_the_worker_lists_every_file_a_tools_page_fetches_and_nothing_missing(built_site: Path):
    manifest = json.loads((built_site / "assets/tools/manifest.json").read_text(encoding="utf-8"))
    _, tools = stamped(built_site)
    paths = [t.split("?")[0] for t in tools]
    assert [p for p in paths if not (built_site / p).is_file()] == []
    runtime = {p.rsplit("/", 1)[1] for p in paths if p.startswith(manifest["pyodide"])}
    assert {"pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip.gz"} <= runtime
    assert manifest["wheel"] in tools
    assert any(p.endswith("/tools.js") for p in paths) and any(
        p.endswith("/worker.js") for p in paths
    )


def test_the_build_id_differs_between_builds_that_differ(
    built_site: Path, built_site_subpath: Path
):
    assert stamped(built_site)[0] != stamped(built_site_subpath)[0]
