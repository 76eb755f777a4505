// The engine worker: loads the site's own Pyodide (from the content-hashed folder the page
// names) and the guide_engine wheel (both archives gzipped whole, decompressed here), then answers JSON messages from engine-client.js:
//   {id, cmd, args}  ->  {id, ok:true, result} | {id, ok:false, error:{code, message}}
// "init" boots the runtime; every other command goes to the engine's command table (bridge.mjs).
// While booting it also posts {type:"progress", loaded} (raw bytes received so far, counted as
// they arrive) and {type:"status", stage, text}.
// It only ever fetches same-origin static files; engine-client.js starts it from a blob:
// bootstrap so the page's Content-Security-Policy (connect-src 'self') binds it too.

import { installEngine } from "./bridge.mjs";
import { watchDownloads } from "./downloads.js";

let call = null;
let initPromise = null;

function status(stage, text) {
  self.postMessage({ type: "status", stage, text });
}

/** A boot failure with the code the page picks its message by. */
function failure(code, message) {
  const err = new Error(message);
  err.code = code;
  return err;
}

// Pyodide reports a failed WebAssembly download or compile only as a console warning and then
// waits forever; turn that warning into a failure the page can show at once.
let failBoot = null;
const warn = console.warn.bind(console);
console.warn = (...args) => {
  warn(...args);
  if (failBoot && /wasm instantiation failed|Failed to fetch/i.test(String(args[0] && args[0].message || args[0]))) {
    failBoot(failure("network", String(args[0])));
  }
};

async function init({ indexURL, wheelURL }) {
  const failed = new Promise((_, reject) => { failBoot = reject; });
  failed.catch(() => {});
  // Every fetch from here on (ours and Pyodide's) is counted; if none of them has received a byte
  // for the stall period, the boot fails with a network error instead of waiting forever.
  const downloads = watchDownloads(self, {
    onBytes: (loaded) => self.postMessage({ type: "progress", loaded }),
    onStall: () => failBoot(failure("network_stalled", "no data received")),
  });
  try {
    return await Promise.race([boot({ indexURL, wheelURL }), failed]);
  } finally {
    failBoot = null;
    downloads.stop();
  }
}

async function fetchBytes(url) {
  let response;
  try {
    response = await fetch(url);
  } catch (err) {
    throw failure("network", `${url}: ${err && err.message}`);
  }
  if (!response.ok) throw failure("network", `${url}: HTTP ${response.status}`);
  return gunzip(new Uint8Array(await response.arrayBuffer()));
}

// The stdlib and the engine are published as `.gz` files, each archive gzipped whole (a tenth
// smaller than the zip's own per-file compression; scripts/hooks/runtime_build.py), which a
// server sends as they are. They are decompressed here with the browser's DecompressionStream.
// Bytes that are not gzip (a server that already decoded them on the way) pass unchanged: a zip
// starts with "PK", a gzip stream with 1f 8b.
async function gunzip(bytes) {
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Pyodide fetches its stdLibURL itself: this fetch hands it the `.gz` file decompressed. */
function gunzipping(fetchFn) {
  return async function fetchGunzipped(input, init) {
    const response = await fetchFn(input, init);
    const url = typeof input === "string" ? input : input.url || String(input);
    if (!response.ok || !new URL(url, self.location.href).pathname.endsWith(".gz")) return response;
    const bytes = await gunzip(new Uint8Array(await response.arrayBuffer()));
    return new Response(bytes, { status: 200, headers: { "Content-Type": "application/zip" } });
  };
}

async function boot({ indexURL, wheelURL }) {
  status("download", "正在下载工具需要的文件…");
  const wheel = fetchBytes(wheelURL);
  wheel.catch(() => {});
  // The two script files are fetched (counted, into the browser's cache) before they are
  // imported, so the progress bar covers them too and each import reads its file from the cache.
  // pyodide.asm.mjs is imported here, alongside the downloads loadPyodide starts at once (the
  // .wasm, the standard library), and handed over as createPyodideModule; otherwise loadPyodide
  // would import it itself, and counting it would hold those downloads back.
  const script = async (name) => {
    const url = new URL(name, indexURL).href;
    await fetchBytes(url);
    return import(url);
  };
  const asm = script("pyodide.asm.mjs").then((module) => module.default);
  asm.catch(() => {});
  const { loadPyodide } = await script("pyodide.mjs");
  // after watchDownloads (the compressed bytes are counted); its stop() puts the plain fetch back
  self.fetch = gunzipping(self.fetch);
  const pyodide = await loadPyodide({
    indexURL,
    createPyodideModule: async (settings) => (await asm)(settings),
    lockFileURL: new URL("pyodide-lock.json", indexURL).href,
    stdLibURL: new URL("python_stdlib.zip.gz", indexURL).href,
    stdout: () => {},
    stderr: (m) => console.warn(m),
  });
  status("engine", "正在准备问题和规则…");
  call = installEngine(pyodide, await wheel);
  const ping = call("ping", {});
  if (!ping.ok) throw new Error("engine did not answer");
  return { pyodide: pyodide.version };
}

// The engine imports only the interview before it is ready (guide_engine.bridge); the rest (the
// assessment, the documents, the case file) is imported here while the worker is idle, one module
// per task, so a call from the page waits for one module at most and the result never waits for
// them all. A failure here is not the reader's: the command that needs the module imports it again.
function warm() {
  setTimeout(() => {
    let more = false;
    try { more = call("warm", {}).result === true; } catch (err) { console.warn(err); }
    if (more) warm();
  }, 0);
}

self.onmessage = async (ev) => {
  const { id, cmd, args } = ev.data || {};
  if (cmd === "init") {
    if (!initPromise) initPromise = init(args || {});
    try {
      const info = await initPromise;
      self.postMessage({ id, ok: true, result: info });
      warm();
    } catch (err) {
      const code = err && (err.code === "network" || err.code === "network_stalled") ? err.code : "engine_failed";
      self.postMessage({ id, ok: false, error: { code, message: String(err && err.message || err) } });
    }
    return;
  }
  if (!call) {
    self.postMessage({ id, ok: false, error: { code: "not_ready", message: "工具还没有准备好，请稍等。" } });
    return;
  }
  let out;
  try {
    out = call(cmd, args);
  } catch (err) {
    out = { ok: false, error: { code: "internal", message: "工具内部出错了，请刷新页面再试。" } };
    console.warn(err);
  }
  self.postMessage({ id, ...out });
};
