// The reader's finished self-assessment on this device, for the tools that start from it (the
// letter page, the calculator). Read only, through progress-store (the one owner of that key):
// nothing here changes or removes saved progress.

import { finishedState } from "./progress-store.js";

/** The flows whose finished interview a tool can start from, the household one first. */
export const WIZARD_FLOWS = ["household_assessment", "self_assessment"];

/** The saved state of a finished self-assessment on this device, or null. */
export function savedAssessment() {
  for (const flow of WIZARD_FLOWS) {
    const state = finishedState(flow);
    if (state) return state;
  }
  return null;
}
