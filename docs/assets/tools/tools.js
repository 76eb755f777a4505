// Entry point of the in-browser tools (loaded by every tools page, as a module: 快速离开 is on each).
// Survives Material's instant navigation: it subscribes to document$ and mounts every tool root
// on each page it lands on; the engine (one Web Worker) is a singleton in engine-client.js and is
// reused across pages. The build publishes this folder under a content-hashed name
// (assets/tools/<hash>/), so plain relative imports never mix old and new files.

import { FAILURE_TEXT, RETRY_LABEL } from "./messages.js";

const TOOLS = {
  wizard: () => import("./wizard.js"),
  calculator: () => import("./calculator.js"),
  letter: () => import("./letter.js"),
  exit: () => import("./quick-exit.js"),
  case: () => import("./case-file.js"),
  journal: () => import("./journal.js"),
};

function showLoadFailure(root, err) {
  root.dataset.engine = "failed";
  const fb = root.querySelector("[data-fallback]");
  if (fb) fb.hidden = false;
  const st = root.querySelector("[data-status-text]");
  if (st) st.textContent = FAILURE_TEXT;
  const status = root.querySelector("[data-status]");
  if (status && !status.querySelector("[data-retry]")) {
    // A module that failed to load is only fetched again by a fresh page.
    const retry = document.createElement("button");
    retry.type = "button";
    retry.className = "md-button gt-retry";
    retry.setAttribute("data-retry", "");
    retry.textContent = RETRY_LABEL;
    retry.addEventListener("click", () => location.reload());
    status.append(" ", retry);
  }
  console.warn("协商指南：工具没能加载", err);
}

/** Until the wizard's own script is ready, a tap on 下一步 is kept: the reader is told so, and the
 * form is sent again as soon as the wizard listens (it then queues the answer for the engine). */
function keepEarlySubmit(root) {
  let early = null;
  const hold = (ev) => {
    if (root.__wizard || !ev.target.matches("form.gt-question")) return;
    ev.preventDefault();
    early = ev.target;
    const st = root.querySelector("[data-status-text]");
    if (st) st.textContent = "已记下你点了“下一步”。工具还在加载，加载好就会继续，你的回答不会丢。";
  };
  root.addEventListener("submit", hold);
  return () => {
    root.removeEventListener("submit", hold);
    if (early && early.isConnected && root.contains(early)) early.requestSubmit();
  };
}

/** Mount every tool root on the page, each as soon as its own module is loaded (in parallel: the
 * wizard, whose first question the reader may already be answering, never waits behind 快速离开). */
function mountAll() {
  const roots = document.querySelectorAll("[data-guide-wizard]:not([data-mounted]), [data-guide-tool]:not([data-mounted])");
  return Promise.all(Array.from(roots, async (root) => {
    root.setAttribute("data-mounted", "");
    const load = TOOLS[root.hasAttribute("data-guide-wizard") ? "wizard" : root.dataset.guideTool];
    if (!load) return;
    const release = root.hasAttribute("data-guide-wizard") ? keepEarlySubmit(root) : () => {};
    try {
      (await load()).mount(root);
      release();
    } catch (err) {
      showLoadFailure(root, err);
    }
  }));
}

if (window.document$ && typeof window.document$.subscribe === "function") {
  window.document$.subscribe(() => { mountAll(); });
} else if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", () => mountAll());
} else {
  mountAll();
}
