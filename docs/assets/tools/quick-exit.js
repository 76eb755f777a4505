// 快速离开 (quick exit): one button on every tools page, and Esc pressed twice, leave at once for a
// neutral page. location.replace swaps this page's history entry for the neutral page, so Back
// does not return to the tool. Before leaving, what the page holds is wiped (every form reset,
// every tool's screen emptied, a "guide:quick-exit" event for the tools' own memory) and, if the
// reader chose so, everything saved on the device too. What it cannot hide is said on the page.

import * as store from "./progress-store.js";
import { exitClears, setExitClears } from "./case-store.js";

/** Two Esc presses this close together (ms) leave; one alone closes dialogs as usual. */
const ESC_WINDOW = 1500;
// Not 0: performance.now() counts from page load, so one Esc in its first 1.5 s would have left.
let lastEsc = -Infinity;
let keysBound = false;

function wipePage() {
  window.dispatchEvent(new CustomEvent("guide:quick-exit"));
  for (const form of document.querySelectorAll("form")) form.reset();
  for (const el of document.querySelectorAll(".gt [data-screen], .gt [data-wipe]")) el.replaceChildren();
  for (const el of document.querySelectorAll(".gt-helper-summary")) el.remove();
  for (const el of document.querySelectorAll(".gt textarea, .gt input:not([type=checkbox]):not([type=radio])")) el.value = "";
  document.title = "";
}

/** Leave now for `to`, the neutral page the markup names (render_tools.NEUTRAL_PAGE). */
export function quickExit(to) {
  try {
    if (exitClears()) {
      store.removeAll();
      setExitClears(true); // the choice itself is kept, so the next exit clears too
    }
    wipePage();
  } finally {
    window.location.replace(to);
  }
}

function bindKeys(to) {
  if (keysBound) return;
  keysBound = true;
  document.addEventListener("keydown", (ev) => {
    if (ev.key !== "Escape") return;
    const now = performance.now();
    if (now - lastEsc < ESC_WINDOW) { quickExit(to); return; }
    lastEsc = now;
  });
}

export function mount(root) {
  if (root.__exit) return root.__exit;
  const button = root.querySelector("[data-quick-exit]");
  const to = root.dataset.exitTo || (button && button.href);
  if (!to) return null;
  root.__exit = true;
  if (button) {
    button.addEventListener("click", (ev) => { ev.preventDefault(); quickExit(to); });
  }
  const setting = root.querySelector("[data-exit-clears]");
  if (setting) {
    setting.checked = exitClears();
    setting.closest("[data-exit-setting]").hidden = false;
    setting.addEventListener("change", () => { setExitClears(setting.checked); });
  }
  bindKeys(to);
  return true;
}
