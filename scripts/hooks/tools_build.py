"""MkDocs hook: puts what the in-browser tools need into the site — the guide_engine wheel and the
self-hosted Pyodide runtime — under content-hashed folders, and tells the tool pages where they are.

Why content-hashed folders: a browser (or a CDN in front of GitHub Pages) may keep old files for a
while. When the engine or Pyodide changes, the folder name changes, so a page never combines a new
pyodide.mjs with an old pyodide.asm.wasm, or new page JavaScript with an old wheel.

How:
- on_config: build the wheel with pypa/build (``python -m build --wheel --no-isolation``) from a
  clean copy of the package sources (so the checkout gets no build/ or *.egg-info and two builds at
  once never collide), with SOURCE_DATE_EPOCH fixed so the same sources give the same bytes and
  hence the same hash. Hash the five Pyodide files from node_modules/pyodide (the version pinned in
  package-lock.json). The URLs go into ``render_tools.MANIFEST``, which the tools' markers turn into
  data attributes on the tool pages (relative URLs, so a sub-path such as /repo/ works).
- on_files: publish the site's own tool modules (docs/assets/tools/) under
  ``assets/tools/<hash>/`` too, so the modules import each other with plain static ``import``s and
  a page never loads a new tools.js beside an old wizard.js. The hook renders every page reference
  to tools.js and tools.css into that folder.
- on_post_build: copy the engine and ONLY the five runtime files the worker loads (pyodide.mjs,
  pyodide.asm.mjs, pyodide.asm.wasm, and as runtime_build.py makes them python_stdlib.zip.gz and
  pyodide-lock.json) into the site, and write assets/tools/manifest.json (the same URLs,
  relative to the site root) for scripts; its ``tools`` is the hashed folder of the modules, its
  ``bytes`` the size of everything the engine worker downloads (the runtime folder's files and
  the engine, as published), for the progress bar, and ``download`` the same files as GitHub
  Pages sends them (compressed), the size the pages tell the reader.

Why pypa/build and not ``pyodide build``: guide_engine is pure Python, so its wheel is
``py3-none-any`` and loads unchanged in Pyodide. ``pyodide build`` would hand the same package to
pypa/build anyway, after downloading a cross-build environment that these machines cannot reach.
Once the engine needs compiled code, replace ``_build_wheel`` with ``pyodide build --outdir …``
(pyodide-build, matching the Pyodide version) — the rest of this hook stays the same.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

# scripts/hooks (this folder) and scripts/, whose modules the hooks share with bench and the tests
sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parents[1])]

import render_tools  # noqa: E402  (the same module object markers.py imports)
import runtime_build  # noqa: E402  (the trimmed, precompiled stdlib and engine)
import static_server  # noqa: E402  (scripts/static_server.py: what GitHub Pages compresses)
from scratch import scratch_dir  # noqa: E402  (scripts/scratch.py)

log = logging.getLogger("mkdocs.hooks.tools_build")

ROOT = Path(__file__).resolve().parents[2]
PYODIDE_DIR = ROOT / "node_modules" / "pyodide"
#: Exactly what loadPyodide() fetches for a bare boot; nothing else is copied.
PYODIDE_FILES = (
    "pyodide.mjs",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
    "pyodide-lock.json",
)
#: Fixed timestamp for the wheel's zip entries (reproducible bytes → stable hash).
SOURCE_DATE_EPOCH = "1700000000"
#: Sources that go into the wheel (what pyproject.toml packages, plus the files it reads).
WHEEL_INPUTS = ("pyproject.toml", "README.md")
#: The site's own tool modules, in docs/ and (under a hashed sub-folder) in the site.
TOOLS = "assets/tools/"

_cache: dict[str, Path] = {}
_state: dict[str, object] = {}


def _digest(paths: list[Path], root: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(paths):
        h.update(str(p.relative_to(root)).encode())
        h.update(b"\0")
        h.update(p.read_bytes())
        h.update(b"\0")
    return h.hexdigest()


def _engine_sources() -> list[Path]:
    files = [ROOT / name for name in WHEEL_INPUTS if (ROOT / name).exists()]
    for p in (ROOT / "guide_engine").rglob("*"):
        if (
            p.is_file()
            and "__pycache__" not in p.parts
            and p.suffix in {".py", ".toml", ".json", ".txt"}
        ):
            files.append(p)
    return files


def _build_wheel() -> Path:
    """Build the guide_engine wheel (cached per source hash within this process)."""
    sources = _engine_sources()
    key = _digest(sources, ROOT)
    if key in _cache and _cache[key].exists():
        return _cache[key]
    work = scratch_dir("guide-engine-wheel-")  # outlives the call: the cache above serves it
    src = work / "src"
    for p in sources:
        target = src / p.relative_to(ROOT)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(p, target)
    env = dict(os.environ, SOURCE_DATE_EPOCH=SOURCE_DATE_EPOCH, PYTHONDONTWRITEBYTECODE="1")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--outdir",
            str(work / "dist"),
            str(src),
        ],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
    )
    wheels = (
        sorted((work / "dist").glob("guide_engine-*-py3-none-any.whl"))
        if proc.returncode == 0
        else []
    )
    if not wheels:
        raise PluginError(
            "无法构建 guide_engine 的 wheel（python -m build --wheel --no-isolation）。"
            "先运行 scripts/setup 安装 build 和 setuptools。\n"
            + proc.stdout[-2000:]
            + proc.stderr[-3000:]
        )
    _cache[key] = wheels[0]
    return wheels[0]


def _pyodide_version() -> str:
    try:
        return json.loads((PYODIDE_DIR / "package.json").read_text(encoding="utf-8"))["version"]
    except (OSError, ValueError, KeyError) as exc:
        raise PluginError(
            f"找不到 node_modules/pyodide（先运行 scripts/setup，它会执行 npm ci）：{exc}"
        ) from None


def _file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _tools_assets_hash(docs_dir: Path) -> str:
    """The first 10 hex digits of the hash of every file in docs/assets/tools/ ("0" if none)."""
    folder = docs_dir / TOOLS
    files = [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []
    return _digest(files, docs_dir)[:10] if files else "0"


def prepare(docs_dir: Path) -> dict[str, str]:
    """Build the wheel, hash the runtime, and publish the manifest to render_tools."""
    version = _pyodide_version()
    missing = [name for name in PYODIDE_FILES if not (PYODIDE_DIR / name).exists()]
    if missing:
        raise PluginError(f"node_modules/pyodide 缺少 {', '.join(missing)}（先运行 scripts/setup）")
    runtime = runtime_build.build(_build_wheel(), PYODIDE_DIR, docs_dir / "assets/tools/bridge.mjs")
    runtime_hash, wheel = runtime.hash, runtime.wheel
    wheel_hash = _file_hash(wheel)[:10]
    published = [*runtime.files.values(), wheel]
    # Exactly the bytes the engine worker downloads (raw, as its stream reader counts them), so
    # the page's progress bar can reach its end.
    total = sum(p.stat().st_size for p in published)
    # What the same download costs a reader's data plan: the files as GitHub Pages sends them
    # (gzipped text and WebAssembly; the .gz archives as they are). The one figure the pages
    # name ("约 4.8 MB"): the loading line and the tools pages' text.
    download = sum(static_server.sent_size(p) for p in published)
    manifest = {
        "pyodide_version": version,
        "pyodide": f"assets/pyodide/{version}-{runtime_hash}/",
        "wheel": f"assets/engine/{wheel_hash}/{wheel.name}",
        "tools": f"{TOOLS}{_tools_assets_hash(docs_dir)}/",
        "bytes": str(total),
        "download": str(download),
    }
    _state["wheel"] = wheel
    _state["runtime"] = runtime
    _state["manifest"] = manifest
    render_tools.MANIFEST.clear()
    render_tools.MANIFEST.update(manifest)
    return manifest


# ---------------------------------------------------------------------------------------------
# MkDocs events
# ---------------------------------------------------------------------------------------------


def on_config(config, **kwargs):
    manifest = prepare(Path(config["docs_dir"]))
    log.info(
        "tools: Pyodide %s → %s, wheel → %s",
        manifest["pyodide_version"],
        manifest["pyodide"],
        manifest["wheel"],
    )
    return config


def on_files(files: Files, config, **kwargs) -> Files:
    """Move every file under docs/assets/tools/ into the hashed folder the manifest names."""
    folder = _state["manifest"]["tools"]
    for f in [f for f in files if f.src_uri.startswith(TOOLS)]:
        files.remove(f)
        moved = folder + f.src_uri[len(TOOLS) :]
        files.append(File(f.src_uri, f.src_dir, f.dest_dir, f.use_directory_urls, dest_uri=moved))
    return files


def on_post_build(config, **kwargs):
    manifest = _state.get("manifest")
    if not manifest:  # on_config always runs first; this only guards odd embeddings
        manifest = prepare(Path(config["docs_dir"]))
    site = Path(config["site_dir"])
    runtime = site / manifest["pyodide"]
    runtime.mkdir(parents=True, exist_ok=True)
    for name, source in _state["runtime"].files.items():
        shutil.copy2(source, runtime / name)
    license_file = PYODIDE_DIR / "LICENSE"
    if license_file.exists():
        shutil.copy2(license_file, runtime / "LICENSE")
    wheel_target = site / manifest["wheel"]
    wheel_target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(_state["wheel"], wheel_target)
    tools = site / TOOLS
    tools.mkdir(parents=True, exist_ok=True)
    (tools / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
