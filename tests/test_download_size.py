"""The size of the tools' first download, one figure from the build (tools_build.py's
``download``): what GitHub Pages sends for the files the engine worker fetches, named by the
loading line (data-download) and by the tools pages' text ([[download-size]]), read from the
built files and from the Pages-like server (no browser)."""

from __future__ import annotations

import json
import re
import sys
import urllib.request
from pathlib import Path

import pytest
from conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts" / "hooks"))

import render_tools  # noqa: E402
import static_server  # noqa: E402  (scripts/, on the path through conftest)

#: The pages whose text says how much the first download costs.
SIZE_PAGES = ["tools", "tools/self-assessment"]
TOOL_PAGES = ["tools/self-assessment", "tools/calculator", "tools/letter", "tools/journal"]


@pytest.fixture(scope="module")
def manifest(built_site: Path) -> dict:
    return json.loads((built_site / "assets/tools/manifest.json").read_text(encoding="utf-8"))


def worker_files(site: Path, manifest: dict) -> list[str]:
    """The site paths of what the worker downloads: the runtime folder (not its LICENSE) and the
    engine."""
    runtime = sorted(p.name for p in (site / manifest["pyodide"]).iterdir() if p.name != "LICENSE")
    return [manifest["pyodide"] + name for name in runtime] + [manifest["wheel"]]


def test_the_download_size_is_what_github_pages_sends_for_the_workers_files(built_site, manifest):
    server, base = static_server.serve(built_site, pages=True)
    sent = decoded = 0
    try:
        for path in worker_files(built_site, manifest):
            request = urllib.request.Request(base + path, headers={"Accept-Encoding": "gzip"})
            with urllib.request.urlopen(request) as response:
                sent += len(response.read())
            decoded += (built_site / path).stat().st_size
    finally:
        server.shutdown()
    assert (int(manifest["download"]), int(manifest["bytes"])) == (sent, decoded)
    assert sent < decoded  # the WebAssembly and the scripts travel compressed


@pytest.mark.parametrize("page", TOOL_PAGES)
def test_every_tool_root_carries_the_download_size_for_its_loading_line(built_site, manifest, page):
    html = (built_site / page / "index.html").read_text(encoding="utf-8")
    assert set(re.findall(r'data-download="([^"]*)"', html)) == {manifest["download"]}


@pytest.mark.parametrize("page", SIZE_PAGES)
def test_the_tools_pages_text_names_the_same_size_and_no_other(built_site, manifest, page):
    html = (built_site / page / "index.html").read_text(encoding="utf-8")
    size = f"{int(manifest['download']) / 1e6:.1f} MB"
    assert f"大约用掉 {size} 流量" in html
    assert set(re.findall(r"\d+(?:\.\d+)? MB", html)) == {size}


@pytest.mark.parametrize(
    ("download", "shown"), [("4570123", "4.6 MB"), ("4949999", "4.9 MB"), ("12000000", "12.0 MB")]
)
def test_the_marker_writes_the_builds_figure_in_megabytes(monkeypatch, download, shown):
    monkeypatch.setitem(render_tools.MANIFEST, "download", download)
    assert render_tools.render_download_size("", None) == shown


@pytest.mark.parametrize(("args", "manifest"), [("", {}), ("5", {"download": "4570123"})])
def test_the_marker_without_the_builds_figure_or_with_arguments_fails_the_build(
    monkeypatch, args, manifest
):
    monkeypatch.setattr(render_tools, "MANIFEST", manifest)
    with pytest.raises(ValueError, match="download-size|下载大小"):
        render_tools.render_download_size(args, None)
