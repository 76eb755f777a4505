// Runs guide_engine in real Pyodide under Node, with the SITE's own files: the Pyodide runtime
// folder and the wheel that scripts/build put into the site, and the site's bridge.mjs (the same
// code the browser's worker runs). Driven by tests/test_pyodide.py over stdin/stdout:
//   node tests/pyodide_runner.mjs SITE_DIR
// prints {"ready":true,...} once loaded, then answers each JSON line {"cmd","args"} with one
// JSON line {ok, result|error}.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { gunzipSync } from "node:zlib";
import { pathToFileURL } from "node:url";
import { createInterface } from "node:readline";

const site = resolve(process.argv[2] || "site");
const manifest = JSON.parse(readFileSync(join(site, "assets/tools/manifest.json"), "utf8"));
const indexDir = join(site, manifest.pyodide);
const { loadPyodide } = await import(pathToFileURL(join(indexDir, "pyodide.mjs")).href);
const { installEngine } = await import(pathToFileURL(join(site, manifest.tools, "bridge.mjs")).href);

const t0 = performance.now();
// The site publishes the stdlib and the engine gzipped whole (the worker decompresses them).
const stdlibDir = mkdtempSync(join(tmpdir(), "guide-stdlib-"));
const stdLibURL = join(stdlibDir, "python_stdlib.zip");
writeFileSync(stdLibURL, gunzipSync(readFileSync(join(indexDir, "python_stdlib.zip.gz"))));
const pyodide = await loadPyodide({ indexURL: indexDir + "/", stdLibURL, stdout: () => {}, stderr: (m) => process.stderr.write(m + "\n") });
rmSync(stdlibDir, { recursive: true, force: true }); // loadPyodide has read it into its own file system
const call = installEngine(pyodide, new Uint8Array(gunzipSync(readFileSync(join(site, manifest.wheel)))));
const version = pyodide.runPython("import sys; sys.version.split()[0]");
process.stdout.write(JSON.stringify({ ready: true, python: version, pyodide: pyodide.version, ms: Math.round(performance.now() - t0) }) + "\n");

const rl = createInterface({ input: process.stdin });
for await (const line of rl) {
  if (!line.trim()) continue;
  let out;
  try {
    const { cmd, args } = JSON.parse(line);
    out = call(cmd, args);
  } catch (err) {
    out = { ok: false, error: { code: "runner", message: String(err && err.message || err) } };
  }
  process.stdout.write(JSON.stringify(out) + "\n");
}
