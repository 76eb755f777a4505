// The browser's Back and Forward between a tool's steps (the wizard's "#step=…" history entries)
// are not page changes, and Material's instant navigation must not treat them as such. Material
// answers a popstate by fetching the page and swapping it in whenever the path differs from the
// last one it saw, and on a page opened directly it has seen none: the first Back between two
// questions then replaced the whole page, a fresh wizard drew the built first question, and the
// saved step raced the old wizard's move (about 1 run in 10). This classic script runs before
// Material's bundle on every page (overrides/main.html), so its popstate listener comes first:
// when a mounted wizard is on screen and the entry is on the same path, the event goes to that
// wizard ("guide:step") and no further. A Back or Forward to another page is left to Material.
(() => {
  window.addEventListener("popstate", (ev) => {
    const root = document.querySelector("[data-guide-wizard][data-steps-page]");
    if (!root || root.dataset.stepsPage !== location.pathname) return;
    ev.stopImmediatePropagation();
    root.dispatchEvent(new CustomEvent("guide:step", { detail: { state: ev.state } }));
  });
})();
