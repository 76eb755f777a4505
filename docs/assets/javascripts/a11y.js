// Accessible names for two theme widgets that Material ships without one: the search dialog and
// the progress bar shown during instant navigation. Naming them here keeps the theme's partials
// untouched (we override blocks, not partials). The progress bar is created later, on navigation,
// so a MutationObserver names it whenever it appears.
const NAMES = [
  [".md-search[role=dialog]", "搜索本站"],
  [".md-progress[role=progressbar]", "页面加载进度"],
];

function name(root = document) {
  for (const [selector, label] of NAMES) {
    for (const el of root.querySelectorAll(selector)) {
      if (!el.hasAttribute("aria-label")) el.setAttribute("aria-label", label);
    }
  }
}

name();
new MutationObserver(() => name()).observe(document.body, { childList: true, subtree: true });
