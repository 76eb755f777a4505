// The rest of the reader's case on this device, beside the wizard's progress (progress-store.js):
// the negotiation journal (协商记录), the plan's done-ticks and the privacy setting. One owner per localStorage key, all
// under the site's prefix, so "清除我的数据" (progress-store.removeAll) removes these too. What is
// kept is the engine's own output (journal entries checked by guide_engine.journal); the page only
// stores it.

const JOURNAL_KEY = "xieshang-guide:journal";
const SETTINGS_KEY = "xieshang-guide:settings";
const TICKS_KEY = "xieshang-guide:ticks";
export const JOURNAL_FORMAT = 1;

function readJSON(key) {
  let raw;
  try { raw = localStorage.getItem(key); } catch { return { raw: null }; }
  if (raw === null) return { raw: null };
  try { return { raw, data: JSON.parse(raw) }; } catch { return { raw, broken: true }; }
}

function store(key, value) {
  try {
    localStorage.setItem(key, JSON.stringify(value));
    return "saved";
  } catch (err) {
    return err && (err.name === "QuotaExceededError" || err.code === 22) ? "full" : "unavailable";
  }
}

/**
 * The saved journal: {entries, notice?}. A record that cannot be read is dropped with a notice;
 * the engine checks the entries again before it draws them.
 * @returns {{entries: object[], notice?: string}}
 */
export function readJournal() {
  const { raw, data, broken } = readJSON(JOURNAL_KEY);
  if (raw === null) return { entries: [] };
  if (broken || !data || data.format !== JOURNAL_FORMAT || !Array.isArray(data.entries)) {
    dropJournal();
    return { entries: [], notice: "之前保存的协商记录已损坏，没法显示，已经清除。" };
  }
  return { entries: data.entries };
}

/** Save the journal; "saved" | "full" | "unavailable". */
export function saveJournal(entries) {
  return store(JOURNAL_KEY, { format: JOURNAL_FORMAT, entries, saved: new Date().toISOString() });
}

export function dropJournal() {
  try { localStorage.removeItem(JOURNAL_KEY); } catch { /* nothing stored */ }
}

/** Call `listener()` when another tab changes the journal (or clears everything). */
export function onJournalFromOtherTab(listener) {
  const handler = (ev) => {
    if (ev.storageArea === localStorage && (ev.key === null || ev.key === JOURNAL_KEY)) listener();
  };
  window.addEventListener("storage", handler);
  return () => window.removeEventListener("storage", handler);
}

/** The reader's setting: does 快速离开 also delete the saved case? (off unless chosen) */
export function exitClears() {
  const { data } = readJSON(SETTINGS_KEY);
  return !!(data && data.exitClears === true);
}

export function setExitClears(on) {
  return store(SETTINGS_KEY, { exitClears: !!on });
}

/**
 * The plan's done-ticks: {action id: the day it was ticked, "YYYY-MM-DD"}. The ids are the
 * engine's stable action ids (guide_engine.actions), so a tick survives a re-assessment that
 * keeps the action; a record that cannot be read counts as no ticks.
 * @returns {Object<string, string>}
 */
export function readTicks() {
  const { data } = readJSON(TICKS_KEY);
  if (!data || typeof data !== "object" || !data.done || typeof data.done !== "object" || Array.isArray(data.done)) return {};
  const out = {};
  for (const [id, day] of Object.entries(data.done)) if (typeof day === "string") out[id] = day;
  return out;
}

/** Replace every tick at once (an imported case file); "saved" | "full" | "unavailable". */
export function saveTicks(done) {
  return store(TICKS_KEY, { format: 1, done });
}

/** The device's own calendar day, "YYYY-MM-DD" (not UTC: in China UTC is 8 hours behind). */
function localDay(d = new Date()) {
  const pad = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Tick (with today's date) or untick one action; "saved" | "full" | "unavailable". */
export function setTick(id, on, today = localDay()) {
  const done = readTicks();
  if (on) done[id] = done[id] || today;
  else delete done[id];
  return saveTicks(done);
}

/** Call `listener()` when another tab changes the ticks (or clears everything). */
export function onTicksFromOtherTab(listener) {
  const handler = (ev) => {
    if (ev.storageArea === localStorage && (ev.key === null || ev.key === TICKS_KEY)) listener();
  };
  window.addEventListener("storage", handler);
  return () => window.removeEventListener("storage", handler);
}
