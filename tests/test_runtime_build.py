"""The trimmed, precompiled runtime (scripts/hooks/runtime_build.py): what the site ships is
bytecode only, every flow gives CPython's answers on it, and a module it lacks fails the build.

Why: the build drops most of the standard library and ships .pyc made by Pyodide's own Python;
a module dropped by mistake must stop the build with its name, not break a reader's phone.
"""

from __future__ import annotations

import dataclasses
import gzip
import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT
from mkdocs.exceptions import PluginError

import guide_engine
from guide_engine import bridge

sys.path.insert(0, str(ROOT / "scripts" / "hooks"))

import runtime_build  # noqa: E402

pytestmark = pytest.mark.pyodide

RUNNER = ROOT / "tests" / "pyodide_runner.mjs"
PYODIDE = ROOT / "node_modules" / "pyodide"
NPM_STDLIB = PYODIDE / "python_stdlib.zip"
BRIDGE = ROOT / "docs" / "assets" / "tools" / "bridge.mjs"


def manifest(site: Path) -> dict:
    return json.loads((site / "assets/tools/manifest.json").read_text(encoding="utf-8"))


def unpacked(path: Path) -> zipfile.ZipFile:
    """A published archive (gzipped whole) as the zip the worker hands to Pyodide."""
    return zipfile.ZipFile(io.BytesIO(gzip.decompress(path.read_bytes())))


@pytest.fixture(scope="module")
def shipped(built_site: Path) -> tuple[zipfile.ZipFile, zipfile.ZipFile]:
    m = manifest(built_site)
    stdlib = unpacked(built_site / m["pyodide"] / "python_stdlib.zip.gz")
    return stdlib, unpacked(built_site / m["wheel"])


def test_both_archives_are_published_gzipped_whole_with_stored_entries(shipped):
    """One gzip stream over each archive, so its entries are stored, not deflated a second time."""
    kinds = {info.compress_type for z in shipped for info in z.infolist()}
    assert kinds == {zipfile.ZIP_STORED}


def test_the_shipped_engine_metadata_has_no_long_description(shipped):
    _, wheel = shipped
    name = next(n for n in wheel.namelist() if n.endswith(".dist-info/METADATA"))
    text = wheel.read(name).decode()
    assert "\n\n" not in text.strip() and text.startswith("Metadata-Version:")
    assert "Name: guide-engine" in text


def test_the_shipped_stdlib_is_bytecode_only_and_a_subset_of_pyodides(shipped):
    stdlib, _ = shipped
    names = stdlib.namelist()
    full = {n[:-3] + ".pyc" for n in zipfile.ZipFile(NPM_STDLIB).namelist() if n.endswith(".py")}
    assert [n for n in names if not n.endswith(".pyc")] == []
    assert set(names) <= full and len(names) < len(full) / 2


@pytest.mark.parametrize("module", runtime_build.SAFETY)
def test_the_safety_list_is_shipped(shipped, module):
    stdlib, _ = shipped
    assert module.replace(".", "/") + ".pyc" in stdlib.namelist()


def test_the_shipped_engine_is_bytecode_and_data_without_the_cli(shipped):
    _, wheel = shipped
    kinds = {Path(n).suffix for n in wheel.namelist() if not n.startswith("guide_engine-")}
    assert kinds == {".pyc", ".toml"}
    assert {"guide_engine/cli.pyc", "guide_engine/__main__.pyc"} & set(wheel.namelist()) == set()
    assert "guide_engine/session.pyc" in wheel.namelist()


def pick(question: dict, walk: int, step: int):
    """A deterministic answer of every input kind (walks take different paths)."""
    spec = question["input"]
    options = [o["id"] for o in spec.get("options") or []]
    kind = spec["kind"]
    if kind == "single":
        return options[(walk + step) % len(options)]
    if kind == "multi":
        return options[: 1 + step % len(options)] if walk % 2 else []
    if kind == "yesno":
        return (walk + step) % 2 == 0
    if kind == "number":
        lo = spec.get("min") or 0
        hi = spec.get("max") if spec.get("max") is not None else lo + 100000
        return [lo, min(hi, lo + 5000), hi, lo + 1][walk % 4]
    if kind == "date":
        return ["2026-11-20", "2026年11月2日", "2000-01-01", "2026/10/31"][walk % 4]
    return "说明情况" if walk % 2 else ""


class Runner:
    """tests/pyodide_runner.mjs on the built site: the site's runtime folder, engine and bridge."""

    def __init__(self, site: Path) -> None:
        self.proc = subprocess.Popen(
            ["node", str(RUNNER), str(site)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        first = self.proc.stdout.readline()
        assert first, self.proc.stderr.read()[-3000:]

    def call(self, cmd: str, **args):
        self.proc.stdin.write(json.dumps({"cmd": cmd, "args": args}, ensure_ascii=False) + "\n")
        self.proc.stdin.flush()
        return json.loads(self.proc.stdout.readline())

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait(timeout=30)


@pytest.fixture(scope="module")
def runner(built_site: Path):
    r = Runner(built_site)
    yield r
    r.close()


def plain(x):
    return json.loads(json.dumps(x, ensure_ascii=False))


@pytest.mark.parametrize(
    ("flow", "walk"), [(f, w) for f in guide_engine.flow_ids() for w in range(4)]
)
def test_every_flow_walks_as_in_cpython_on_the_trimmed_runtime(runner, flow, walk):
    got = runner.call("start", flow=flow)
    state = guide_engine.start(flow)
    for step in range(200):
        assert got["ok"] and got["result"]["state"] == plain(state)
        assert got["result"]["view"] == plain(guide_engine.view(state))
        view = got["result"]["view"]
        if view["type"] != "question":
            break
        value = pick(view["question"], walk, step)
        try:
            state = guide_engine.answer(state, value)
        except guide_engine.GuideError as exc:
            refused = runner.call("answer", state=got["result"]["state"], value=value)
            assert refused["error"]["message"] == exc.message
            value = pick(view["question"], 0, 0)
            state = guide_engine.answer(state, value)
        got = runner.call("answer", state=got["result"]["state"], value=value)
    profile = guide_engine.profile(state)
    assessed = runner.call("assess", profile=profile)
    assert assessed == {"ok": True, "result": plain(guide_engine.assess(profile))}
    # The bridge's own answer in CPython, refusals included (a home loan kept current has no letter).
    letter = runner.call("letter", profile=profile)
    assert letter == json.loads(bridge.dispatch("letter", json.dumps({"profile": profile})))


@pytest.fixture(scope="module")
def runtime() -> runtime_build.Runtime:
    """The build step itself (cached per input bytes within this process)."""
    import tools_build

    return runtime_build.build(tools_build._build_wheel(), PYODIDE, BRIDGE)


def without(stdlib: Path, folder: str, out: Path) -> Path:
    with zipfile.ZipFile(stdlib) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            if not (info.filename == folder + ".pyc" or info.filename.startswith(folder + "/")):
                dst.writestr(info, src.read(info))
    return out


@pytest.mark.parametrize("module", ["tomllib", "dataclasses", "decimal"])
def test_a_module_missing_from_the_trimmed_runtime_fails_the_build_naming_it(
    runtime, tmp_path, module
):
    broken = without(runtime.stdlib, module, tmp_path / "stdlib.zip")
    crippled = dataclasses.replace(runtime, stdlib=broken)
    with pytest.raises(PluginError) as exc:
        runtime_build.check(crippled, PYODIDE, BRIDGE)
    message = str(exc.value)
    assert "缺少这些模块" in message and module in message.split("缺少这些模块：")[1].split("。")[0]


def test_the_untouched_runtime_passes_the_check(runtime):
    runtime_build.check(runtime, PYODIDE, BRIDGE)
