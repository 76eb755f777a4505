// The rest of the reader's case on this device, beside the wizard's progress (progress-store.js):
// the negotiation journal (协商记录) and the privacy setting. One owner per localStorage key, all
// under the site's prefix, so "清除我的数据" (progress-store.removeAll) removes these too. What is
// kept is the engine's own output (journal entries checked by guide_engine.journal); the page only
// stores it.

const JOURNAL_KEY = "xieshang-guide:journal";
const SETTINGS_KEY = "xieshang-guide:settings";
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
