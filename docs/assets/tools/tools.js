// Entry point of the in-browser tools (loaded only by the three tool pages, as a module).
// Survives Material's instant navigation: it subscribes to document$ and mounts every tool root
// on each page it lands on; the engine (one Web Worker) is a singleton in engine-client.js and is
// reused across pages. Sibling modules are imported with this file's ?v= so a browser never mixes
// old and new files.

const V = new URL(import.meta.url).search;
const load = (name) => import(new URL(`./${name}.js${V}`, import.meta.url).href);

const KINDS = { wizard: "wizard", calculator: "calculator", letter: "letter" };

async function mountAll() {
  const roots = document.querySelectorAll("[data-guide-wizard]:not([data-mounted]), [data-guide-tool]:not([data-mounted])");
  for (const root of roots) {
    root.setAttribute("data-mounted", "");
    const kind = root.hasAttribute("data-guide-wizard") ? "wizard" : KINDS[root.dataset.guideTool];
    if (!kind) continue;
    try {
      const [client, ui, mod] = await Promise.all([load("engine-client"), load("ui"), load(kind)]);
      mod.mount(root, client, ui);
    } catch (err) {
      root.dataset.engine = "failed";
      const fb = root.querySelector("[data-fallback]");
      if (fb) fb.hidden = false;
      const st = root.querySelector("[data-status-text]");
      if (st) st.textContent = "工具的程序文件没能加载。请检查网络后刷新页面，或者改用可打印的准备清单。";
      console.warn("协商指南：工具没能加载", err);
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
