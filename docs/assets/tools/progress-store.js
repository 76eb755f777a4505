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
 * The progress saved for this flow and version. Anything stale, truncated or tampered with is
 * removed, and `notice` says so in words for the reader.
 * @param {string} flow
 * @param {string|number} version
 * @returns {{saved: object|null, notice?: string}}
 */
export function read(flow, version) {
  const { raw, data, broken } = parse(flow);
  if (raw === null) return { saved: null };
  const drop = (notice) => { remove(flow); return { saved: null, notice }; };
  if (broken) return drop("之前保存的进度已损坏（可能没有保存完整），已经清除，请重新回答。");
  if (!wellFormed(data)) return drop("之前保存的进度格式不对，已经清除，请重新回答。");
  if (data.flow !== flow || String(data.version) !== String(version)) {
    return drop("自测的问题更新过，之前保存的进度是旧版本的，已经清除，请重新回答。");
  }
  return { saved: data };
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

/** Whether a stored view can be drawn as a question before the engine is ready. */
export function drawableQuestion(view) {
  return !!view && view.type === "question" && !!view.question && typeof view.question.id === "string"
    && typeof view.question.text === "string" && !!view.question.input
    && typeof view.question.input.kind === "string" && !!view.progress && typeof view.progress === "object";
}

/**
 * Save the wizard's progress (nothing happens in private mode, where storage refuses).
 * @param {string} flow
 * @param {{version: *, state: object, view: object|null, screen: string}} progress
 */
export function save(flow, { version, state, view, screen }) {
  const data = { format: FORMAT, flow, version, state, view, screen, saved: new Date().toISOString() };
  try { localStorage.setItem(keyOf(flow), JSON.stringify(data)); } catch { /* private mode: nothing saved */ }
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
