"""Build step (called by tools_build.py): the Python runtime the engine needs, precompiled.

Why: a bare ``loadPyodide()`` spends most of its time compiling the standard library's ``.py``
files, on every visit, on the reader's phone; and it downloads 2.5 MB (compressed) of stdlib the
engine never imports. The build does that work once instead:

1. ``scripts/runtime_build.mjs build`` boots the full npm runtime under Node, installs the engine
   wheel through the site's own bridge.mjs, runs a session through every flow and every bridge
   command (including error paths and a Python traceback), imports :data:`SAFETY`, and lists the
   stdlib files in ``sys.modules``. It compiles them **with Pyodide's own Python 3.14** into a
   zip of sourceless ``.pyc`` (fixed timestamps: the same inputs give the same bytes), and turns
   the wheel into the site's engine archive: sourceless ``.pyc``, tag ``cp314-none-any``, without
   the terminal-only CLI. Docstrings are left out of the bytecode (a fifth of its bytes; asserts
   stay, unlike ``-OO``), and the lock file keeps only its header (the engine loads no package).
2. ``… verify`` boots again from exactly those two files and runs the same session; every answer
   must be identical and no import may fail that did not fail on the full runtime. Otherwise the
   BUILD fails here, naming the missing modules — never a reader's phone.

Both archives are published gzipped as a whole (``python_stdlib.zip.gz`` inside the runtime's
content-hashed folder, the engine as ``….whl.gz``): their entries are stored, not deflated, so one
gzip stream over the archive finds what the files share (names, common bytecode), a tenth smaller
than per-file deflate; GitHub Pages does not compress ``.zip`` or ``.whl`` and sends a ``.gz``
unchanged. The worker (docs/assets/tools/worker.js) decompresses them with the browser's own
``DecompressionStream`` and passes the stdlib to ``loadPyodide()`` as its ``stdLibURL``. The stdlib's
bytecode also leaves out its line tables (a sixth of the zip; see ``without_lines`` in the .mjs).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path

from mkdocs.exceptions import PluginError
from scratch import scratch_dir  # scripts/scratch.py: on the path through tools_build and conftest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "runtime_build.mjs"

#: Imported before the module list is taken, although the scripted session may not need them:
#: the codecs a browser's text may arrive in or Python may pick for a stream (``ascii`` and
#: ``latin_1`` for bytes of unknown origin, BOM-marked UTF-8/16/32, the escape codecs ``repr`` and
#: ``ast`` use); ``traceback``/``linecache`` so an unexpected error is still reported in words.
SAFETY = (
    "encodings.ascii",
    "encodings.latin_1",
    "encodings.utf_8_sig",
    "encodings.utf_16",
    "encodings.utf_32",
    "encodings.unicode_escape",
    "encodings.raw_unicode_escape",
    "traceback",
    "linecache",
)

#: The npm runtime's stdlib (an input), and the name of the trimmed zip the worker boots from.
STDLIB_NAME = "python_stdlib.zip"
#: The published form of an archive: gzipped whole (see the module docstring).
GZ = ".gz"


@dataclass(frozen=True)
class Runtime:
    """What the site publishes: the runtime folder's files (name → source) and the engine, both
    archives gzipped; ``stdlib`` and ``engine`` are the archives inside, as Python reads them."""

    files: dict[str, Path]
    wheel: Path
    stdlib: Path
    engine: Path
    modules: tuple[str, ...]
    #: the full runtime's answers to the scripted session, which :func:`check` must reproduce
    session: Path

    @property
    def hash(self) -> str:
        """Content hash of the runtime folder (names and bytes of every file in it)."""
        h = hashlib.sha256()
        for name in sorted(self.files):
            h.update(name.encode() + b"\0" + self.files[name].read_bytes() + b"\0")
        return h.hexdigest()[:10]


_cache: dict[str, Runtime] = {}


def _node(*args: str | Path) -> dict:
    if shutil.which("node") is None:
        raise PluginError("构建需要 Node.js（≥ 18）来预编译 Python 运行环境；先安装 node。")
    proc = subprocess.run(
        ["node", str(SCRIPT), *map(str, args)], capture_output=True, text=True, timeout=600
    )
    lines = proc.stdout.strip().splitlines()
    if proc.returncode != 0 or not lines:
        raise PluginError(
            f"预编译 Python 运行环境失败（node {SCRIPT.name} {args[0]}）：\n" + proc.stderr[-3000:]
        )
    return json.loads(lines[-1])


def build(wheel: Path, pyodide_dir: Path, bridge: Path) -> Runtime:
    """Make, then verify, the trimmed precompiled runtime and engine; cached per input bytes."""
    inputs = [wheel, bridge, SCRIPT, Path(__file__), *sorted(pyodide_dir.glob("pyodide*"))]
    inputs.append(pyodide_dir / STDLIB_NAME)
    h = hashlib.sha256(json.dumps(SAFETY).encode())
    for p in inputs:
        h.update(p.read_bytes())
    key = h.hexdigest()
    if key in _cache and all(p.exists() for p in _cache[key].files.values()):
        return _cache[key]
    out = scratch_dir("guide-runtime-")  # outlives the call: the cache above serves it
    (out / "safety.json").write_text(json.dumps(SAFETY), encoding="utf-8")
    made = _node("build", pyodide_dir, wheel, bridge, out, out / "safety.json")
    engine = out / f"{wheel.name.split('-py3-none-any')[0]}-{made['tag']}-none-any.whl"
    (out / "engine.whl").rename(engine)
    stdlib = out / STDLIB_NAME
    files = {
        name: pyodide_dir / name for name in ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm")
    }
    files[STDLIB_NAME + GZ] = gzipped(stdlib)
    files["pyodide-lock.json"] = out / "pyodide-lock.json"
    modules = tuple(json.loads((out / "modules.json").read_text(encoding="utf-8")))
    runtime = Runtime(
        files=files,
        wheel=gzipped(engine),
        stdlib=stdlib,
        engine=engine,
        modules=modules,
        session=out / "session.json",
    )
    check(runtime, pyodide_dir, bridge)
    _cache[key] = runtime
    return runtime


def gzipped(path: Path) -> Path:
    """``path`` + ``.gz`` beside it: the whole file as one gzip stream, the same bytes every time."""
    target = path.with_name(path.name + GZ)
    target.write_bytes(gzip.compress(path.read_bytes(), compresslevel=9, mtime=0))
    return target


def _module(path: str) -> str:
    """'json/__init__.py' → 'json', 'encodings/ascii.py' → 'encodings.ascii'."""
    return path.removesuffix(".py").removesuffix("/__init__").replace("/", ".")


def check(runtime: Runtime, pyodide_dir: Path, bridge: Path) -> None:
    """Fail the build unless the engine gives the same answers on the trimmed runtime.

    Two checks: every module the full runtime used is in the zip (this names a module even when
    its absence stops Pyodide from booting at all), and the scripted session, run again on the
    zip and the precompiled engine, gives the same answers with no new failed import.
    """
    with zipfile.ZipFile(runtime.stdlib) as z:
        present = set(z.namelist())
    absent = [_module(m) for m in runtime.modules if m[:-3] + ".pyc" not in present]
    got = _node("verify", pyodide_dir, runtime.stdlib, runtime.engine, bridge, runtime.session)
    missing = sorted(set(absent) | set(got.get("missing") or []))
    if got["ok"] and not missing:
        return
    parts = ["精简后的 Python 运行环境不能运行引擎（scripts/hooks/runtime_build.py）。"]
    if missing:
        parts.append(
            "缺少这些模块：" + ", ".join(missing) + "。"
            "若引擎确实需要它们，把它们加进 runtime_build.SAFETY；"
            "若是新导入的，确认脚本会话（scripts/runtime_build.mjs 的 session）走到了那段代码。"
        )
    if got.get("mismatch"):
        m = got["mismatch"]
        parts.append(
            f"第 {m['step']} 步的回答与完整运行环境不同：\n  期望 {json.dumps(m['expected'], ensure_ascii=False)[:600]}"
            f"\n  得到 {json.dumps(m['got'], ensure_ascii=False)[:600]}"
        )
    if got.get("failure"):
        parts.append("启动或运行时出错：" + got["failure"])
    raise PluginError("\n".join(parts))
