// "自上次以来的变化" when the self-assessment is reopened: the saved progress records which rules
// and questionnaire its result was assessed under (the engine's snapshot, guide_engine.casefile
// .assessed); on load the engine compares that with its own (guide_engine.changes.reopen) and,
// when they differ, re-assesses the saved answers and says which actions, warnings or offers
// changed and why. This module only carries those two calls and draws the engine's sentences,
// above the screen, before the new result. Used by wizard.js (one call when a result is shown,
// one at load).

import { clear, h } from "./ui.js";
import { readTicks } from "./case-store.js";

/** The device's own calendar day, "YYYY-MM-DD" (the day the reader sees the result). */
function localDay(d = new Date()) {
  const pad = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/**
 * What the saved progress keeps of the result on screen: {rules_version, flow, result}.
 * @param {{call: Function}} engine
 * @param {object} state the finished interview's state
 */
export function assessedNow(engine, state) {
  return engine.call("case_assessed", { state, today: localDay() });
}

/** Draw the engine's summary of what changed into a notice element. */
export function showChanges(el, summary) {
  if (!el) return;
  clear(el);
  el.hidden = false;
  el.setAttribute("role", "status");
  el.append(h("p", { class: "gt-changes-title" }, "自上次以来的变化"),
    h("ul", { class: "gt-changes" }, ...summary.map((line) => h("li", {}, line))));
}

/**
 * Saved progress as it should be reopened: unchanged when it was assessed under today's rules and
 * questions (or recorded no result), else with the engine's refitted state, and the changes
 * shown in `noticeEl`. A record the engine cannot read is returned as it is: the wizard's own
 * check then drops it with its notice.
 * @param {{call: Function}} engine
 * @param {object} saved the record progress-store.read() returned
 * @param {HTMLElement|null} noticeEl
 * @returns {Promise<object>}
 */
export async function reopenSaved(engine, saved, noticeEl) {
  if (!saved || !saved.assessed) return saved;
  let report;
  try {
    report = await engine.call("case_reopen", { record: saved, today: localDay(), done: readTicks() });
  } catch (err) {
    if (err && err.code === "engine_failed") throw err;
    return saved;
  }
  if (!report.stale) return saved;
  showChanges(noticeEl, report.summary);
  return { ...saved, state: report.state, version: report.state.version, screen: report.finished ? "result" : "question", view: null };
}
