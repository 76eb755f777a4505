// The wizard's saved progress, the one owner of its localStorage key and format. The wizard
// saves after every step and reads it back on load; the letter page reads a finished interview
// from it. What is stored: {format, flow, version, state, view, screen, saved}. The view of the
// current question is kept so a reload can draw it before the engine is ready, which makes the
// engine's question view a storage format too: change FORMAT when its shape changes, and old
// progress is discarded with a notice instead of being misread. Format 2: yes/no views carry
// their options (a format-1 view had none, and the page made up 是/否).

const PREFIX = "xieshang-guide:";
export const FORMAT = 2;

/** @param {string} flow */
function keyOf(flow) { return `${PREFIX}wizard:${flow}`; }

function parse(flow) {
  let raw;
  try { raw = localStorage.getItem(keyOf(flow)); } catch { return { raw: null }; }
  if (raw === null) return { raw: null };
  try { return { raw, data: JSON.parse(raw) }; } catch { return { raw, broken: true }; }
}

function wellFormed(data) {
  return !!data && typeof data === "object" && data.format === FORMAT && !!data.state && typeof data.state === "object";
}

/**
 * The progress saved for this flow. Anything truncated or tampered with is removed, and `notice`
 * says so in words for the reader. Progress saved under another version of the questions is
 * kept, marked `stale`: the engine carries its answers over (session.migrate), nothing is wiped.
 * @param {string} flow
 * @param {string|number} version
 * @returns {{saved: object|null, stale?: boolean, notice?: string}}
 */
export function read(flow, version) {
  const { raw, data, broken } = parse(flow);
  if (raw === null) return { saved: null };
  const drop = (notice) => { remove(flow); return { saved: null, notice }; };
  if (broken) return drop("之前保存的进度已损坏（可能没有保存完整），已经清除，请重新回答。");
  if (!wellFormed(data) || data.flow !== flow) return drop("之前保存的进度格式不对，已经清除，请重新回答。");
  return String(data.version) === String(version) ? { saved: data } : { saved: data, stale: true };
}

/**
 * The state of a finished interview on this device (on the review or result screen), or null.
 * Read only: the wizard decides what to do with progress that does not fit.
 * @param {string} flow
 */
export function finishedState(flow) {
  const { data } = parse(flow);
  if (!wellFormed(data) || data.flow !== flow) return null;
  return data.screen === "review" || data.screen === "result" ? data.state : null;
}

const plain = (v) => v === null || ["string", "number", "boolean"].includes(typeof v);
const drawableOption = (o) => !!o && typeof o === "object" && (typeof o.id === "string" || typeof o.id === "boolean")
  && typeof o.label === "string" && (o.help === undefined || typeof o.help === "string");

/** Whether a stored view can be drawn as a question before the engine is ready: every part the
 * form reads has the type it expects (a saved view with an odd option or value is not drawn, so
 * it can never break the page; the engine's own view replaces it). */
export function drawableQuestion(view) {
  if (!view || view.type !== "question" || !view.question || typeof view.question.id !== "string"
    || typeof view.question.text !== "string" || !view.question.input
    || typeof view.question.input.kind !== "string" || !view.progress || typeof view.progress !== "object") return false;
  const { input, value } = view.question;
  if (input.options !== undefined && !(Array.isArray(input.options) && input.options.every(drawableOption))) return false;
  return value === undefined || plain(value) || (Array.isArray(value) && value.every(plain));
}

/**
 * Save the wizard's progress (nothing happens in private mode, where storage refuses).
 * @param {string} flow
 * @param {{version: *, state: object, view: object|null, screen: string, assessed?: object|null}} progress
 *   `assessed`: what the result on screen was assessed under (reopen.js), kept with it
 */
export function save(flow, { version, state, view, screen, assessed = null }) {
  return write(flow, { format: FORMAT, flow, version, state, view, screen, ...(assessed ? { assessed } : {}) });
}

/**
 * Store a record unless the same progress is stored already (so two tabs showing the same state
 * never answer each other's `storage` events for ever). "saved" | "same" | "full" (the storage
 * is full: the reader is told) | "unavailable" (private mode: nothing can be kept).
 * @param {string} flow
 * @param {object} data the record without its time
 */
export function write(flow, data) {
  const body = JSON.stringify(data);
  try {
    const old = localStorage.getItem(keyOf(flow));
    if (old !== null) {
      try {
        const { saved, ...rest } = JSON.parse(old);
        if (JSON.stringify(rest) === body && saved) return "same";
      } catch { /* a broken record is overwritten */ }
    }
    localStorage.setItem(keyOf(flow), JSON.stringify({ ...data, saved: new Date().toISOString() }));
    return "saved";
  } catch (err) {
    return err && (err.name === "QuotaExceededError" || err.code === 22) ? "full" : "unavailable";
  }
}

/** What the reader is told when a save failed (or "" when it did not). */
export function saveProblem(outcome) {
  if (outcome === "full") {
    return "这台设备的浏览器存储空间已满，刚才的回答没能保存（关掉页面会丢失）。可以先用“导出”把案卷存成文件，或清理浏览器的网站数据后再试。";
  }
  return "";
}

/**
 * Call `listener(record)` when another tab changes this flow's saved progress (`record` is null
 * when it was cleared there). Returns a function that stops listening.
 * @param {string} flow
 * @param {(record: object|null) => void} listener
 */
export function onOtherTab(flow, listener) {
  const handler = (ev) => {
    if (ev.storageArea !== localStorage || (ev.key !== null && ev.key !== keyOf(flow))) return;
    if (ev.key === null || ev.newValue === null) { listener(null); return; }
    const { data } = parse(flow);
    if (wellFormed(data) && data.flow === flow) listener(data);
  };
  window.addEventListener("storage", handler);
  return () => window.removeEventListener("storage", handler);
}

/** The interview state saved for this flow, whatever its version (the case file refits it). */
export function savedState(flow) {
  const { data } = parse(flow);
  return wellFormed(data) && data.flow === flow ? { state: data.state, screen: data.screen } : null;
}

/** Every record this site keeps on the device, as {key: text}: what "undo" puts back. */
export function snapshotAll() {
  const out = {};
  try {
    for (let i = 0; i < localStorage.length; i++) {
      const k = localStorage.key(i);
      if (k && k.startsWith(PREFIX)) out[k] = localStorage.getItem(k);
    }
  } catch { /* nothing stored */ }
  return out;
}

/** Put back what snapshotAll() returned (after "清除" was undone). */
export function restoreAll(snapshot) {
  try {
    for (const [k, v] of Object.entries(snapshot)) if (k.startsWith(PREFIX)) localStorage.setItem(k, v);
  } catch { /* storage refused: nothing restored */ }
}

/** @param {string} flow */
export function remove(flow) {
  try { localStorage.removeItem(keyOf(flow)); } catch { /* nothing stored */ }
}

/** Remove everything this site stored on the device (every key under its prefix). */
export function removeAll() {
  try {
    const keys = [];
    for (let i = 0; i < localStorage.length; i++) {
      const k = localStorage.key(i);
      if (k && k.startsWith(PREFIX)) keys.push(k);
    }
    keys.forEach((k) => localStorage.removeItem(k));
  } catch { /* nothing stored */ }
}
