// Registers the site's service worker (sw.js at the site root, so its scope is the whole site,
// also under a sub-path), then asks it to keep what this visit used: the page itself and its
// files, and — on a tools page, once the engine is ready (so the copies come from the HTTP cache,
// not a second download) — the runtime the tools need. Marks <html data-offline="ready"> when
// the tools on this page will also work without a network.
const root = new URL("../../", import.meta.url);

async function ask(worker, message) {
  const channel = new MessageChannel();
  const answered = new Promise((resolve) => { channel.port1.onmessage = () => resolve(); });
  worker.postMessage(message, [channel.port2]);
  return answered;
}

function pageFiles() {
  const own = (url) => url.startsWith(root.href);
  const used = performance.getEntriesByType("resource").map((e) => e.name).filter(own);
  return [location.href.split("#")[0], ...used];
}

function whenEngineReady(callback) {
  const ready = () => document.querySelector('[data-engine="ready"]');
  if (ready()) return callback();
  if (!document.querySelector("[data-engine]")) return;
  const watch = new MutationObserver(() => {
    if (ready()) {
      watch.disconnect();
      callback();
    }
  });
  watch.observe(document.body, { subtree: true, attributes: true, attributeFilter: ["data-engine"] });
}

async function register() {
  const registration = await navigator.serviceWorker.register(new URL("sw.js", root), {
    scope: root.pathname,
    updateViaCache: "none",
  });
  await navigator.serviceWorker.ready;
  const worker = registration.active;
  if (!worker) return;
  await ask(worker, { type: "keep-page", urls: pageFiles() });
  whenEngineReady(async () => {
    await ask(worker, { type: "keep-tools" });
    document.documentElement.dataset.offline = "ready";
  });
}

if ("serviceWorker" in navigator && window.isSecureContext) {
  register().catch((err) => console.warn("协商指南：离线功能没有启用", err));
}
