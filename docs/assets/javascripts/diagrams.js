// Renders the site's diagrams (```mermaid fences, which the build emits as <div class="diagram">)
// with the site's OWN copy of Mermaid (assets/vendor/mermaid/<hash>/, published by
// scripts/hooks/mermaid_build.py, which rewrites the URL below to that folder).
//
// Why not Material's built-in Mermaid support: it loads Mermaid from unpkg.com when a page has
// <pre class="mermaid">; this site makes no request to another host. Our fence class is
// "diagram", so Material never sees it. Mermaid (2.6 MB) is fetched only on pages that have a
// diagram, once per visit; pages are re-scanned after every instant navigation (Material's
// document$) and diagrams are redrawn when the reader switches light/dark.

const MERMAID_URL = new URL("../vendor/mermaid/mermaid.min.js", import.meta.url).href;
let loading = null;
let counter = 0;

function loadMermaid() {
  if (window.mermaid && typeof window.mermaid.render === "function") return Promise.resolve(window.mermaid);
  if (!loading) {
    loading = new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = MERMAID_URL;
      script.async = true;
      script.onload = () => resolve(window.mermaid);
      script.onerror = () => { loading = null; reject(new Error("无法加载流程图组件")); };
      document.head.appendChild(script);
    });
  }
  return loading;
}

// Mermaid 11 reads labels as Markdown, so a step label such as "1. 准备材料" becomes a list and
// shows "Unsupported markdown: list". Numbered steps are common in this guide: escape the dot.
function escapeNumberedLabels(source) {
  return source.replace(/(["[(|]\s*)(\d+)\.(\s)/g, "$1$2\\.$3");
}

function isDark() {
  return document.body.getAttribute("data-md-color-scheme") === "slate";
}

async function render(all = false) {
  const selector = all ? "div.diagram" : "div.diagram:not([data-diagram])";
  const blocks = Array.from(document.querySelectorAll(selector));
  if (!blocks.length) return;
  for (const el of blocks) {
    if (el.dataset.source === undefined) el.dataset.source = el.textContent;
    el.dataset.diagram = "loading";
  }
  let mermaid;
  try {
    mermaid = await loadMermaid();
  } catch (err) {
    for (const el of blocks) el.dataset.diagram = "failed";
    console.warn(err.message);
    return;
  }
  mermaid.initialize({
    startOnLoad: false,
    securityLevel: "strict",
    theme: isDark() ? "dark" : "default",
    fontFamily: getComputedStyle(document.body).fontFamily,
    flowchart: { useMaxWidth: true },
  });
  for (const el of blocks) {
    if (!el.isConnected) continue;
    try {
      const { svg, bindFunctions } = await mermaid.render(`diagram-${++counter}`, escapeNumberedLabels(el.dataset.source));
      el.innerHTML = svg;
      if (bindFunctions) bindFunctions(el);
      el.setAttribute("role", "img");
      el.setAttribute("aria-label", "流程图");
      el.dataset.diagram = "done";
    } catch (err) {
      el.dataset.diagram = "failed";
      el.textContent = el.dataset.source;
      console.warn("流程图无法显示：", err && err.message ? err.message : err);
    }
  }
}

// Light/dark switch: redraw the diagrams already on the page in the new colours.
new MutationObserver(() => {
  if (document.querySelector("div.diagram[data-diagram]")) render(true);
}).observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });

if (window.document$ && typeof window.document$.subscribe === "function") {
  window.document$.subscribe(() => render());  // first load and every instant navigation
} else if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", () => render());
} else {
  render();
}
