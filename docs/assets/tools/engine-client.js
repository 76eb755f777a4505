// Talks to the engine worker (worker.js): one Worker per browser tab, kept in a module-level
// singleton and reused across Material's instant page changes. Every call is a JSON message
// {id, cmd, args}; the worker answers {id, ok, result} or {id, ok:false, error:{code, message}}.
// Status messages ({type:"status", stage, text}) describe what is loading, for the status line.

import { announce } from "./ui.js";

let engine = null;

export const FAILURE_TEXT =
  "抱歉，这个工具在你的浏览器里没能启动（可能是浏览器版本较旧、不支持 WebAssembly，或者网络中断导致文件没下载完）。" +
  "你可以刷新页面再试，或者改用可打印的准备清单。";

class EngineError extends Error {
  constructor(error) {
    super(error && error.message ? error.message : "工具出错了");
    this.code = (error && error.code) || "error";
    this.details = (error && error.details) || {};
  }
}

class Engine {
  constructor(urls) {
    this.status = "loading";
    this.stage = { stage: "start", text: "正在启动…" };
    this.listeners = new Set();
    this.pending = new Map();
    this.nextId = 1;
    this.t0 = performance.now();
    this.ready = new Promise((resolve, reject) => { this._resolve = resolve; this._reject = reject; });
    this.ready.catch(() => {});
    if (typeof WebAssembly !== "object" || typeof Worker !== "function") {
      this._fail(new Error("这个浏览器不支持 WebAssembly 或 Web Worker"));
      return;
    }
    try {
      this.worker = new Worker(new URL("./worker.js", import.meta.url), { type: "module", name: "guide-engine" });
    } catch (err) {
      this._fail(err);
      return;
    }
    this.worker.onmessage = (ev) => this._onMessage(ev.data);
    this.worker.onerror = (ev) => { ev.preventDefault(); this._fail(new Error(ev.message || "worker error")); };
    this.worker.onmessageerror = () => this._fail(new Error("message error"));
    this.timer = setTimeout(() => this._fail(new Error("timeout")), 180000);
    this._post("init", {
      indexURL: new URL(urls.pyodide, location.href).href,
      wheelURL: new URL(urls.wheel, location.href).href,
    }).then((info) => {
      clearTimeout(this.timer);
      this.info = info;
      this.readyMs = performance.now() - this.t0;
      this.status = "ready";
      this._emit({ stage: "ready", text: "工具已就绪。" });
      this._resolve(this);
    }, (err) => this._fail(err));
  }

  _fail(err) {
    if (this.status === "failed") return;
    clearTimeout(this.timer);
    this.status = "failed";
    this.error = err;
    console.warn("协商指南：引擎没能启动 —", err && err.message ? err.message : err);
    for (const { reject } of this.pending.values()) reject(new EngineError({ code: "engine_failed", message: FAILURE_TEXT }));
    this.pending.clear();
    this._emit({ stage: "failed", text: FAILURE_TEXT });
    this._reject(err);
    if (this.worker) this.worker.terminate();
  }

  _emit(stage) {
    this.stage = stage;
    for (const fn of this.listeners) {
      try { fn(stage, this); } catch (err) { console.warn(err); }
    }
  }

  _onMessage(msg) {
    if (!msg || typeof msg !== "object") return;
    if (msg.type === "status") { this._emit({ stage: msg.stage, text: msg.text }); return; }
    if (msg.type === "fatal") { this._fail(new Error(msg.message)); return; }
    const p = this.pending.get(msg.id);
    if (!p) return;
    this.pending.delete(msg.id);
    if (msg.ok) p.resolve(msg.result); else p.reject(new EngineError(msg.error));
  }

  _post(cmd, args) {
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, cmd, args });
    });
  }

  /** Subscribe to loading status; called at once with the current one. Returns unsubscribe. */
  onStatus(fn) {
    this.listeners.add(fn);
    try { fn(this.stage, this); } catch (err) { console.warn(err); }
    return () => this.listeners.delete(fn);
  }

  /** Call the engine once it is ready: resolves with the result or rejects with EngineError. */
  async call(cmd, args) {
    if (this.status === "failed") throw new EngineError({ code: "engine_failed", message: FAILURE_TEXT });
    await this.ready;
    return this._post(cmd, args || {});
  }
}

/** The one engine of this tab (created on first use, from the root's data-pyodide/data-wheel). */
export function getEngine(root) {
  if (!engine) engine = new Engine({ pyodide: root.dataset.pyodide, wheel: root.dataset.wheel });
  return engine;
}

/** Keep a root's data-engine / status line / fallback link in step with the engine. */
export function bindStatus(root, eng, onChange) {
  const text = root.querySelector("[data-status-text]");
  const status = root.querySelector("[data-status]");
  const fallback = root.querySelector("[data-fallback]");
  const off = eng.onStatus((stage) => {
    if (!root.isConnected) { off && off(); return; }
    const state = eng.status;
    root.dataset.engine = state;
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
