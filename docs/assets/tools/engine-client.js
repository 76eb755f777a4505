// Talks to the engine worker (worker.js): one Worker per browser tab, kept in a module-level
// singleton and reused across Material's instant page changes. Every call is a JSON message
// {id, cmd, args}; the worker answers {id, ok, result} or {id, ok:false, error:{code, message}}.
// While it boots the worker also sends {type:"status", stage, text} and {type:"progress", loaded}.
//
// Honest loading: the page shows a progress bar in bytes against the total the build wrote into
// the page (data-bytes: the files as the worker reads them), and names what the download costs
// the reader's data plan (data-download: the same files as the server sends them, compressed,
// the figure the tools pages' text gives too). There is no limit on how long a download may
// take, only the worker's limit on silence (downloads.js). A failed start says what happened
// (the network, in plain words) and offers "重试", which starts a fresh worker; the wizard keeps
// the answers it was given and replays them when the engine is ready again.
//
// Recovery: the engine holds no state between calls (every call carries the state), so when a
// worker that was ready dies (its error/messageerror events) or stops answering (a per-call
// limit), a new worker is started and the calls still waiting are sent to it once it has booted;
// meanwhile the engine stays "ready" to its callers, whose calls simply wait. A start whose
// request failed outright (not a stall, which already waited) is also tried again once by itself.
//
// CSP: a worker loaded from a URL does not inherit the page's <meta> policy; one started from a
// blob: URL does. So the worker is started from a one-line blob: module that imports worker.js.

import { announce } from "./ui.js";
import { FAILURE_TEXT, STALLED_TEXT, UNSUPPORTED_TEXT, RETRY_LABEL, megabytes } from "./messages.js";

export { FAILURE_TEXT };

/** A ready engine answers in milliseconds; this long without an answer means it is stuck. */
const CALL_MS = 30000;
/** Restarts in a row (without an answer in between) before the engine is given up on. */
const MAX_RESTARTS = 2;

let engine = null;

class EngineError extends Error {
  constructor(error) {
    super(error && error.message ? error.message : "工具出错了");
    this.code = (error && error.code) || "error";
    this.details = (error && error.details) || {};
  }
}

/** A module worker running worker.js, started from a blob: bootstrap (see the header). */
export function startWorker(workerURL) {
  const bootstrap = URL.createObjectURL(
    new Blob([`import ${JSON.stringify(workerURL)};\n`], { type: "text/javascript" }),
  );
  const worker = new Worker(bootstrap, { type: "module", name: "guide-engine" });
  return { worker, bootstrap };
}

class Engine {
  constructor(urls) {
    this.urls = urls;
    this.total = Number(urls.bytes) || 0;
    this.download = Number(urls.download) || 0;
    this.listeners = new Set();
    this.pending = new Map(); // id -> {cmd, args, resolve, reject, timer}
    this.nextId = 1;
    this.restarts = 0;
    this.t0 = performance.now();
    this._start({ stage: "start", text: "正在准备工具…" });
  }

  /** Start a worker and boot the engine in it; `stage` is what the status line says meanwhile. */
  _start(stage, { restart = false } = {}) {
    this.booted = false;
    this.failure = null;
    if (!restart) {
      this.status = "loading";
      this.loaded = 0;
      this.ready = new Promise((resolve, reject) => { this._resolve = resolve; this._reject = reject; });
      this.ready.catch(() => {});
    }
    this._emit(stage);
    if (typeof WebAssembly !== "object" || typeof Worker !== "function") {
      this._fail("unsupported", new Error("no WebAssembly or Worker"));
      return;
    }
    let started;
    try {
      started = startWorker(new URL("./worker.js", import.meta.url).href);
    } catch (err) {
      this._fail("engine_failed", err);
      return;
    }
    const worker = started.worker;
    this.worker = worker;
    worker.onmessage = (ev) => { URL.revokeObjectURL(started.bootstrap); this._onMessage(worker, ev.data); };
    worker.onerror = (ev) => { ev.preventDefault(); this._lost(worker, ev.message || "worker error"); };
    worker.onmessageerror = () => this._lost(worker, "message error");
    this.initId = this.nextId++;
    worker.postMessage({
      id: this.initId,
      cmd: "init",
      args: {
        indexURL: new URL(this.urls.pyodide, location.href).href,
        wheelURL: new URL(this.urls.wheel, location.href).href,
      },
    });
  }

  /** The worker answered init. */
  _booted(msg) {
    if (!msg.ok) {
      const code = msg.error && msg.error.code;
      if (code === "network" && this.restarts < MAX_RESTARTS) {
        this.restarts += 1;
        this._stop();
        this._start({ stage: "start", text: "有个文件没有下载成功，正在重试…" }, { restart: this.status === "ready" });
        return;
      }
      this._fail(code, new Error(msg.error && msg.error.message));
      return;
    }
    this.booted = true;
    if (this.status === "ready") { // a restart: the calls that waited go to the new worker
      this._emit({ stage: "ready", text: "工具已重新启动。" });
      for (const [id, p] of this.pending) this._send(id, p);
      return;
    }
    this.info = msg.result;
    this.readyMs = performance.now() - this.t0;
    this.status = "ready";
    this._emit({ stage: "ready", text: "工具已就绪。" });
    this._resolve(this);
  }

  /** The worker died or stopped answering: restart it if it had been working, else give up. */
  _lost(worker, reason) {
    if (worker !== this.worker || this.status === "failed") return;
    console.warn("协商指南：工具停止了响应 —", reason);
    const wasReady = this.status === "ready";
    this._stop();
    if (!wasReady || this.restarts >= MAX_RESTARTS) {
      this._fail("engine_failed", new Error(reason));
      return;
    }
    this.restarts += 1;
    this._start({ stage: "restart", text: "工具刚才停止了响应，正在重新启动，你的回答都还在…" }, { restart: true });
  }

  _stop() {
    for (const p of this.pending.values()) clearTimeout(p.timer);
    if (this.worker) this.worker.terminate();
    this.worker = null;
  }

  _fail(code, err) {
    if (this.status === "failed") return;
    this._stop();
    this.status = "failed";
    this.failure = code === "network_stalled" ? "stalled" : code === "unsupported" ? "unsupported" : "failed";
    this.error = err;
    console.warn("协商指南：引擎没能启动 —", code, err && err.message ? err.message : err);
    const text = { stalled: STALLED_TEXT, unsupported: UNSUPPORTED_TEXT, failed: FAILURE_TEXT }[this.failure];
    for (const { reject } of this.pending.values()) reject(new EngineError({ code: "engine_failed", message: text }));
    this.pending.clear();
    this._emit({ stage: "failed", text });
    this._reject(err);
  }

  /** Start again after a failure (the "重试" button). */
  retry() {
    if (this.status !== "failed" || this.failure === "unsupported") return;
    this.restarts = 0;
    this.t0 = performance.now();
    this._start({ stage: "start", text: "正在重新下载工具需要的文件…" });
  }

  _emit(stage) {
    this.stage = stage;
    for (const fn of this.listeners) {
      try { fn(stage, this); } catch (err) { console.warn(err); }
    }
  }

  _onMessage(worker, msg) {
    if (worker !== this.worker || !msg || typeof msg !== "object") return;
    if (msg.type === "progress") {
      this.loaded = Math.min(msg.loaded, this.total || msg.loaded);
      this._emit(this.stage);
      return;
    }
    if (msg.type === "status") { this._emit({ stage: msg.stage, text: msg.text }); return; }
    if (msg.id === this.initId) { this._booted(msg); return; }
    const p = this.pending.get(msg.id);
    if (!p) return;
    clearTimeout(p.timer);
    this.pending.delete(msg.id);
    this.restarts = 0;
    if (msg.ok) p.resolve(msg.result); else p.reject(new EngineError(msg.error));
  }

  _send(id, p) {
    const worker = this.worker;
    clearTimeout(p.timer);
    p.timer = setTimeout(() => this._lost(worker, `no answer to ${p.cmd}`), CALL_MS);
    worker.postMessage({ id, cmd: p.cmd, args: p.args });
  }

  /** Subscribe to loading status; called at once with the current one. Returns unsubscribe. */
  onStatus(fn) {
    this.listeners.add(fn);
    try { fn(this.stage, this); } catch (err) { console.warn(err); }
    return () => this.listeners.delete(fn);
  }

  /** Call the engine once it is ready: resolves with the result or rejects with EngineError. */
  async call(cmd, args) {
    if (this.status === "failed") throw new EngineError({ code: "engine_failed", message: this.stage.text });
    await this.ready;
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      const p = { cmd, args: args || {}, resolve, reject, timer: null };
      this.pending.set(id, p);
      if (this.booted) this._send(id, p);
    });
  }
}

/** The one engine of this tab (created on first use, from the root's data attributes). */
export function getEngine(root) {
  if (!engine) {
    const { pyodide, wheel, bytes, download } = root.dataset;
    engine = new Engine({ pyodide, wheel, bytes, download });
  }
  return engine;
}

/** The progress bar, the "saved on this device" note and the retry button of one status line. */
function loadingParts(root, eng) {
  const status = root.querySelector("[data-status]");
  if (!status) return null;
  const bar = document.createElement("progress");
  bar.className = "gt-load-bar";
  bar.setAttribute("data-progress", "");
  bar.setAttribute("aria-label", "下载进度");
  if (eng.total) bar.max = eng.total;
  const note = document.createElement("span");
  note.className = "gt-load-note";
  note.setAttribute("data-load-note", "");
  const retry = document.createElement("button");
  retry.type = "button";
  retry.className = "md-button gt-retry";
  retry.setAttribute("data-retry", "");
  retry.textContent = RETRY_LABEL;
  retry.addEventListener("click", () => eng.retry());
  status.append(bar, note);
  return { status, bar, note, retry };
}

/** What the note after the status line says: the size (compressed, what the reader's data plan
 * pays), and "not again" only once it is true. */
function noteText(eng) {
  if (!eng.download) return "";
  const size = megabytes(eng.download);
  if (eng.status === "ready") {
    return document.documentElement.dataset.offline === "ready"
      ? `（${size}，已存在这台设备上，下次打开不用再下载。）`
      : "";
  }
  if (eng.status === "loading") return `（${size}）`;
  return "";
}

/** Keep a root's data-engine / status line / progress / fallback link in step with the engine. */
export function bindStatus(root, eng, onChange) {
  const text = root.querySelector("[data-status-text]");
  const status = root.querySelector("[data-status]");
  const fallback = root.querySelector("[data-fallback]");
  const parts = root.querySelector("[data-progress]") ? null : loadingParts(root, eng);
  const paint = () => {
    if (!parts) return;
    parts.bar.hidden = eng.status !== "loading" || !eng.total;
    if (eng.total) parts.bar.value = eng.loaded;
    parts.note.textContent = noteText(eng);
    // Put in or taken out rather than hidden: the theme's .md-button display rule beats [hidden].
    if (eng.status === "failed" && eng.failure !== "unsupported") {
      if (!parts.retry.isConnected) parts.status.append(parts.retry);
    } else {
      parts.retry.remove();
    }
  };
  // offline.js marks <html data-offline="ready"> once the service worker holds the runtime.
  const offline = new MutationObserver(paint);
  offline.observe(document.documentElement, { attributes: true, attributeFilter: ["data-offline"] });
  let last = null;
  const off = eng.onStatus((stage) => {
    if (!root.isConnected) { off && off(); offline.disconnect(); return; }
    const state = eng.status;
    root.dataset.engine = state;
    paint();
    if (stage === last && state === "loading") return; // a progress tick: only the bar moved
    last = stage;
    if (text && stage.text) text.textContent = stage.text;
    if (status) status.classList.toggle("gt-status-done", state === "ready");
    if (fallback) fallback.hidden = state !== "failed";
    if (onChange) onChange(state, stage);
  });
  return off;
}

/**
 * A form's action that needs the engine (the calculator's "计算", the letter's "生成"): the
 * returned function runs `action` at once when the engine is ready; while it is loading, it
 * remembers the request, says so through `live`, and runs it as soon as the engine is ready, when
 * `readyText` also replaces the status line.
 * @param {Element} root the tool root
 * @param {{readyText: string, waitingText: string, live: Element|null}} texts
 * @param {function(): *} action
 */
export function whenReady(root, { readyText, waitingText, live }, action) {
  const eng = getEngine(root);
  let pending = false;
  bindStatus(root, eng, (state) => {
    if (state !== "ready") return;
    const st = root.querySelector("[data-status-text]");
    if (st) st.textContent = readyText;
    if (pending) { pending = false; action(); }
  });
  return () => {
    if (eng.status === "ready") action();
    else if (eng.status === "loading") { pending = true; announce(live, waitingText); }
  };
}

export { EngineError };
