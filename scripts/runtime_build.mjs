// Build-time half of scripts/hooks/runtime_build.py: makes the runtime the engine needs, with
// Pyodide's own Python (3.14, under Node), so the reader's phone never compiles a .py file.
//   node scripts/runtime_build.mjs build  PYODIDE_DIR WHEEL BRIDGE_MJS OUT_DIR SAFETY_JSON
//   node scripts/runtime_build.mjs verify PYODIDE_DIR STDLIB_ZIP WHEEL BRIDGE_MJS EXPECTED_JSON
// build:  boots the full runtime, installs the engine wheel through the site's own bridge.mjs,
//         runs SESSION (every flow walked, every bridge command, the error paths), imports the
//         safety list, and writes into OUT_DIR:
//           python_stdlib.zip  the stdlib modules found in sys.modules, as sourceless .pyc
//                              without line tables, stored uncompressed (the hook gzips it whole)
//           engine.whl         the wheel with each module as a sourceless .pyc (tag cp314), also
//                              without line tables, stored
//           pyodide-lock.json  the lock file without packages (the engine loads none)
//           session.json       every answer of SESSION (what verify must reproduce)
//           modules.json       the module files kept, sorted
// verify: boots with stdLibURL = STDLIB_ZIP (and the lock file next to EXPECTED_JSON), installs
//         WHEEL, runs SESSION again and compares;
//         prints {"ok": true} or {"ok": false, "missing": [...], "mismatch": {...}} (exit 0 either
//         way: the Python side turns that into the build's error message).
// Why .pyc compiled here: compiling the stdlib's sources is most of what a bare boot spends, and
// bytecode is specific to the exact Python that reads it — so it is made by that very Python.
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [mode, ...argv] = process.argv.slice(2);

// Records every top-level import the finders could not satisfy: the names a trimmed runtime
// lacks show up as the difference between the two runs.
const WATCH_PY = `
import sys
class _MissWatch:
    missed = set()
    @classmethod
    def find_spec(cls, name, path=None, target=None):
        cls.missed.add(name)
        return None
sys.meta_path.append(_MissWatch)
`;

async function boot(pyodideDir, stdLibURL, lockFileURL) {
  const { loadPyodide } = await import(pathToFileURL(join(pyodideDir, "pyodide.mjs")).href);
  const options = {
    indexURL: resolve(pyodideDir) + "/",
    // no column tables in the bytecode: smaller .pyc, same behaviour (tracebacks lose only carets)
    args: ["-X", "no_debug_ranges"],
    stdout: () => {},
    stderr: () => {},
  };
  if (stdLibURL) options.stdLibURL = resolve(stdLibURL);
  if (lockFileURL) options.lockFileURL = resolve(lockFileURL);
  const py = await loadPyodide(options);
  py.runPython(WATCH_PY);
  return py;
}

/** A deterministic answer for question q on walk w, step s (varied so walks take other paths). */
function pick(q, w, s) {
  const input = q.input || {};
  const options = (input.options || []).map((o) => o.id);
  switch (input.kind) {
    case "single":
      return options[(w + s) % options.length];
    case "multi":
      return w % 2 ? options.slice(0, 1 + (s % options.length)) : [];
    case "yesno":
      return (w + s) % 2 === 0;
    case "number": {
      const lo = input.min ?? 0;
      const hi = input.max ?? lo + 100000;
      return [lo, Math.min(hi, lo + 5000), hi, lo + 1][w % 4];
    }
    default:
      return w % 2 ? "说明情况" : "";
  }
}

/** Every bridge command on every flow, including the error paths; returns all the answers. */
function session(py, call) {
  const out = [];
  const rec = (cmd, args) => {
    const r = call(cmd, args);
    out.push([cmd, r]);
    return r;
  };
  const flows = JSON.parse(py.runPython("import json, guide_engine; json.dumps(guide_engine.flow_ids())"));
  for (const flow of flows) {
    for (let w = 0; w < 4; w++) {
      let r = rec("start", { flow });
      const first = r.ok ? r.result.view.question && r.result.view.question.id : null;
      for (let s = 0; r.ok && r.result.view.type === "question" && s < 200; s++) {
        const q = r.result.view.question;
        let next = rec("answer", { state: r.result.state, value: pick(q, w, s) });
        if (!next.ok) next = rec("answer", { state: r.result.state, value: pick(q, 0, 0) });
        if (!next.ok) break;
        r = next;
      }
      if (!r.ok) continue;
      const state = r.result.state;
      rec("summary", { state });
      rec("back", { state });
      if (first) rec("edit", { state, question: first });
      const profile = rec("profile", { state });
      if (profile.ok) {
        rec("validate_profile", { profile: profile.result });
        const a = rec("assess", { profile: profile.result });
        if (a.ok) rec("letter", { profile: profile.result, assessment: a.result, details: { name: "张三" } });
      }
      rec("answer", { state: rec("start", { flow }).result.state, value: "不是一个选项" });
    }
  }
  rec("plan", { principal: 50000, months: 36 });
  rec("plan", { principal: 12000, months: 12, annual_rate: 0.072 });
  rec("plan", { principal: 20000, months: 24, monthly_fee_rate: 0.006 });
  rec("plan", { principal: -5, months: 12 });
  rec("months_needed", { principal: 50000, capacity: 1500, annual_rate: 0.05 });
  rec("view", { state: { flow: flows[0], version: 999, answers: {} } });
  rec("view", { state: "not a state" });
  rec("no_such_command", {});
  rec("ping", {});
  // Every module the worker imports while idle (so the trimmed runtime holds what they import).
  for (let i = 0; i < 50 && rec("warm", {}).result === true; i += 1);
  // A Python exception that reaches JavaScript is formatted by the traceback machinery.
  try {
    py.runPython("raise ValueError('probe')");
  } catch (err) {
    out.push(["traceback", String(err.message).trim().split("\n").pop()]);
  }
  return out;
}

async function install(py, bridgePath, wheelPath) {
  const { installEngine } = await import(pathToFileURL(resolve(bridgePath)).href);
  return installEngine(py, new Uint8Array(readFileSync(wheelPath)));
}

// Run inside Pyodide: list the stdlib files in use, compile them and the wheel, write both zips.
const COMPILE_PY = `
import ast, base64, hashlib, importlib, io, json, sys, zipfile
from importlib._bootstrap_external import _code_to_timestamp_pyc

ZIP = "/lib/python314.zip"


def bytecode(source, filename):
    """Code without docstrings (about a fifth of the stdlib's bytecode; Python supports running
    without them, as under -OO) but, unlike -OO, with every assert kept."""
    tree = ast.parse(source, filename)
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if (
            isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
            and body
            and isinstance(body[0], ast.Expr)
            and isinstance(body[0].value, ast.Constant)
            and isinstance(body[0].value.value, str)
        ):
            node.body = body[1:] or [ast.Pass(lineno=body[0].lineno, col_offset=0)]
    return compile(tree, filename, "exec", dont_inherit=True)


def without_lines(code):
    """Code without its line table (about a sixth of the bytecode): a traceback in the browser
    then names the file and function but not the line. The exception table and everything that
    runs stay the same; the same code with its lines is what runs in the terminal and the tests,
    where a traceback is read."""
    consts = tuple(without_lines(c) if hasattr(c, "co_code") else c for c in code.co_consts)
    return code.replace(co_linetable=b"", co_consts=consts)

for name in json.loads(SAFETY):
    importlib.import_module(name)

files = set()
for m in list(sys.modules.values()):
    f = getattr(m, "__file__", None) or ""
    if f.startswith(ZIP + "/") and f.endswith(".py"):
        rel = f[len(ZIP) + 1:]
        files.add(rel)
        parts = rel.split("/")[:-1]
        for i in range(1, len(parts) + 1):
            files.add("/".join(parts[:i]) + "/__init__.py")
src_zip = zipfile.ZipFile(ZIP)
names = set(src_zip.namelist())
files = sorted(f for f in files if f in names)

FIXED = (1980, 1, 1, 0, 0, 0)  # fixed zip timestamps: the same inputs give the same bytes

def entry(z, name, data):
    """Stored, not deflated: the build gzips each archive as a whole (runtime_build.py), which
    compresses a tenth better than deflating file by file, and imports need no inflating."""
    info = zipfile.ZipInfo(name, FIXED)
    info.compress_type = zipfile.ZIP_STORED
    info.external_attr = 0o644 << 16
    z.writestr(info, data)

buf = io.BytesIO()
with zipfile.ZipFile(buf, "w") as z:
    for rel in files:
        src = src_zip.read(rel)
        code = without_lines(bytecode(src, ZIP + "/" + rel))
        entry(z, rel[:-3] + ".pyc", bytes(_code_to_timestamp_pyc(code, 0, 0)))
stdlib = buf.getvalue()

# The wheel, as the site ships it: each module as a sourceless .pyc (the .py files are dropped, so
# the reader downloads the bytecode instead of the sources, not on top of them), the package data
# unchanged, the tag naming the one Python it is for, and RECORD listing what is inside.
tag = "cp" + sys.implementation.cache_tag.removeprefix("cpython-")
wheel_in = zipfile.ZipFile(io.BytesIO(WHEEL.to_bytes()))
TERMINAL_ONLY = {"guide_engine/cli.py", "guide_engine/__main__.py"}  # the CLI never runs in a page
members = {}
for n in wheel_in.namelist():
    data = wheel_in.read(n)
    if n in TERMINAL_ONLY:
        continue
    if n.endswith(".py"):
        code = without_lines(bytecode(data, n))
        members[n[:-3] + ".pyc"] = bytes(_code_to_timestamp_pyc(code, 0, 0))
    elif n.endswith(".dist-info/METADATA"):
        # the headers only: the long description (the README) is for package indexes, not a page
        members[n] = data.split(b"\\n\\n", 1)[0] + b"\\n"
    elif n.endswith(".dist-info/WHEEL"):
        text = data.decode().replace("Tag: py3-none-any", f"Tag: {tag}-none-any")
        members[n] = text.replace("Root-Is-Purelib: true", "Root-Is-Purelib: false").encode()
    else:
        members[n] = data
record = next(n for n in members if n.endswith(".dist-info/RECORD"))
lines = []
for n in sorted(members):
    if n == record:
        continue
    digest = base64.urlsafe_b64encode(hashlib.sha256(members[n]).digest()).rstrip(b"=").decode()
    lines.append(f"{n},sha256={digest},{len(members[n])}")
lines.append(f"{record},,")
members[record] = ("\\n".join(lines) + "\\n").encode()
buf = io.BytesIO()
with zipfile.ZipFile(buf, "w") as z:
    for n in sorted(members):
        entry(z, n, members[n])
wheel = buf.getvalue()
(files, stdlib, wheel, tag)
`;

async function build([pyodideDir, wheelPath, bridgePath, outDir, safetyJson]) {
  const py = await boot(pyodideDir);
  const call = await install(py, bridgePath, wheelPath);
  const answers = session(py, call);
  const missedFull = py.runPython("sorted(_MissWatch.missed)").toJs();
  py.globals.set("SAFETY", readFileSync(safetyJson, "utf8"));
  py.globals.set("WHEEL", new Uint8Array(readFileSync(wheelPath)));
  const result = py.runPython(COMPILE_PY);
  const [files, stdlib, wheel, tag] = result.toJs();
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, "python_stdlib.zip"), stdlib);
  writeFileSync(join(outDir, "engine.whl"), wheel);
  // The engine loads no package: the lock file keeps only its header (119 kB → a few bytes).
  const lock = JSON.parse(readFileSync(join(pyodideDir, "pyodide-lock.json"), "utf8"));
  writeFileSync(join(outDir, "pyodide-lock.json"), JSON.stringify({ ...lock, packages: {} }));
  writeFileSync(join(outDir, "session.json"), JSON.stringify({ answers, missed: missedFull }));
  writeFileSync(join(outDir, "modules.json"), JSON.stringify(files, null, 1) + "\n");
  process.stdout.write(JSON.stringify({ ok: true, modules: files.length, tag }) + "\n");
}

async function verify([pyodideDir, stdlibZip, wheelPath, bridgePath, expectedJson]) {
  const expected = JSON.parse(readFileSync(expectedJson, "utf8"));
  let answers = null;
  let failure = null;
  let py = null;
  try {
    py = await boot(pyodideDir, stdlibZip, join(dirname(resolve(expectedJson)), "pyodide-lock.json"));
    const call = await install(py, bridgePath, wheelPath);
    answers = session(py, call);
  } catch (err) {
    failure = String((err && err.message) || err).split("\n").slice(-3).join("\n");
  }
  const missed = py ? py.runPython("sorted(_MissWatch.missed)").toJs() : [];
  const known = new Set(expected.missed);
  const missing = missed.filter((name) => !known.has(name));
  let mismatch = null;
  if (answers) {
    const i = expected.answers.findIndex((a, k) => JSON.stringify(a) !== JSON.stringify(answers[k]));
    if (i >= 0 || answers.length !== expected.answers.length) {
      const k = i >= 0 ? i : Math.min(answers.length, expected.answers.length);
      mismatch = { step: k, expected: expected.answers[k] ?? null, got: answers[k] ?? null };
    }
  }
  const ok = !failure && !mismatch && missing.length === 0;
  process.stdout.write(JSON.stringify({ ok, missing, mismatch, failure }) + "\n");
}

// Errors are reported as their last lines only: a Pyodide stack trace quotes the whole runtime.
try {
  if (mode === "build") await build(argv);
  else if (mode === "verify") await verify(argv);
  else throw new Error("usage: runtime_build.mjs build|verify …");
} catch (err) {
  process.stderr.write(String((err && err.message) || err).split("\n").slice(-12).join("\n") + "\n");
  process.exit(1);
}
