// The engine worker: loads the site's own Pyodide (from the content-hashed folder the page
// names) and the guide_engine wheel, then answers JSON messages from engine-client.js:
//   {id, cmd, args}  ->  {id, ok:true, result} | {id, ok:false, error:{code, message}}
// "init" boots the runtime; every other command goes to the engine's command table (bridge.mjs).
// It only ever fetches same-origin static files.

import { installEngine } from "./bridge.mjs";

let call = null;
let initPromise = null;

function status(stage, text) {
  self.postMessage({ type: "status", stage, text });
}

// Pyodide reports a failed WebAssembly download or compile only as a console warning and then
// waits forever; turn that warning into a failure the page can show at once.
let failBoot = null;
const warn = console.warn.bind(console);
console.warn = (...args) => {
  warn(...args);
  if (failBoot && /wasm instantiation failed|Failed to fetch/i.test(String(args[0] && args[0].message || args[0]))) {
    failBoot(new Error(String(args[0])));
  }
};

async function init({ indexURL, wheelURL }) {
  const failed = new Promise((_, reject) => { failBoot = reject; });
  failed.catch(() => {});
  try {
    return await Promise.race([boot({ indexURL, wheelURL }), failed]);
  } finally {
    failBoot = null;
  }
}

async function boot({ indexURL, wheelURL }) {
  status("runtime", "正在下载并启动 Python 运行环境（约 14 MB，只需一次）…");
  // The wheel downloads while Pyodide boots.
  const wheel = fetch(wheelURL).then((r) => {
    if (!r.ok) throw new Error(`${wheelURL}: HTTP ${r.status}`);
    return r.arrayBuffer();
  });
  wheel.catch(() => {});
  const { loadPyodide } = await import(new URL("pyodide.mjs", indexURL).href);
  const pyodide = await loadPyodide({
    indexURL,
    lockFileURL: new URL("pyodide-lock.json", indexURL).href,
    stdLibURL: new URL("python_stdlib.zip", indexURL).href,
    stdout: () => {},
    stderr: (m) => console.warn(m),
  });
  status("engine", "正在载入自测规则…");
  call = installEngine(pyodide, new Uint8Array(await wheel));
  const ping = call("ping", {});
  if (!ping.ok) throw new Error("engine did not answer");
  return { pyodide: pyodide.version };
}

self.onmessage = async (ev) => {
  const { id, cmd, args } = ev.data || {};
  if (cmd === "init") {
    if (!initPromise) initPromise = init(args || {});
    try {
      const info = await initPromise;
      self.postMessage({ id, ok: true, result: info });
    } catch (err) {
      self.postMessage({ id, ok: false, error: { code: "engine_failed", message: String(err && err.message || err) } });
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
