// The reader's finished self-assessment on this device, for the tools that start from it (the
// letter page, the calculator). Read only, through progress-store (the one owner of that key):
// nothing here changes or removes saved progress.

import { finishedState } from "./progress-store.js";

/** The flow whose finished interview a tool can start from. */
export const WIZARD_FLOW = "self_assessment";

/** The saved state of a finished self-assessment on this device, or null. */
export function savedAssessment() {
  return finishedState(WIZARD_FLOW);
}

/**
 * The profile of that saved state, through the engine. Progress saved under older questions is
 * carried over first (the engine's "migrate", as the wizard does), so it is read, not refused.
 * @param {{call: Function}} engine
 * @param {object} state
 * @returns {Promise<object>}
 */
export function savedProfile(engine, state) {
  return engine.call("migrate", { state }).then((r) => engine.call("profile", { state: r.state }));
}
