// Entry point of the in-browser tools (loaded only by the three tool pages, as a module).
// Survives Material's instant navigation: it subscribes to document$ and mounts every tool root
// on each page it lands on; the engine (one Web Worker) is a singleton in engine-client.js and is
// reused across pages. The build publishes this folder under a content-hashed name
// (assets/tools/<hash>/), so plain relative imports never mix old and new files.

import { FAILURE_TEXT, RETRY_LABEL } from "./messages.js";

const TOOLS = {
  wizard: () => import("./wizard.js"),
  calculator: () => import("./calculator.js"),
  letter: () => import("./letter.js"),
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

async function mountAll() {
  const roots = document.querySelectorAll("[data-guide-wizard]:not([data-mounted]), [data-guide-tool]:not([data-mounted])");
  for (const root of roots) {
    root.setAttribute("data-mounted", "");
    const load = TOOLS[root.hasAttribute("data-guide-wizard") ? "wizard" : root.dataset.guideTool];
    if (!load) continue;
    try {
      (await load()).mount(root);
    } catch (err) {
      showLoadFailure(root, err);
    }
  }
}

if (window.document$ && typeof window.document$.subscribe === "function") {
  window.document$.subscribe(() => { mountAll(); });
} else if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", () => mountAll());
} else {
  mountAll();
}
