// The site's service worker: the pages and tools a reader has opened keep working without a
// network (a reader may be in a county town with one bar of signal, or out of data).
// Published at the site root so its scope covers the whole site, also under a sub-path such as
// /repo/ (every URL here is resolved against the registration's scope). Registered by
// assets/javascripts/offline.js. scripts/hooks/offline.py fills in BUILD (a hash of the deploy)
// and TOOLS (the runtime, engine and tool files a tools page needs), so each deploy is a new
// worker that takes over at once.
//
// Strategies:
// - content-hashed files (their URL changes whenever their bytes do): cache first;
// - the runtime's pyodide.asm.wasm / pyodide.asm.mjs: left to the browser while online, so its
//   compiled-code cache is used (measured: a worker-served .wasm made warm boots about 1.5×
//   slower), answered from the cache when offline;
// - pages and other files: network first, the cached copy when the network fails, and for a page
//   that was never opened a short Chinese page that says so.
// The runtime is only ever requested by a tools page, so only a tools page fills the cache with
// it; on a first visit (before this worker controls the page) the page asks for it with the
// message "keep-tools" once its engine is ready, so the copies come from the HTTP cache.

const BUILD = "dev";
const TOOLS = [];

const PREFIX = "xieshang-guide-";
const ASSETS = `${PREFIX}assets-${BUILD}`;
const PAGES = `${PREFIX}pages-${BUILD}`;
const SCOPE = new URL(self.registration.scope);
const toolURLs = new Set(TOOLS.map((path) => new URL(path, SCOPE).href));
const HASHED = [/\.[0-9a-f]{8,}\.min\.(?:js|css)$/, /\/assets\/(?:pyodide|engine|tools|vendor\/mermaid)\/[^/]*[0-9a-f]{10}[^/]*\//];
const NATIVE_ONLINE = /\/pyodide\.asm\.(?:wasm|mjs)$/;

self.addEventListener("install", () => self.skipWaiting());

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    // Carry this deploy's unchanged tool files over from older caches, then drop those caches.
    const keep = await caches.open(ASSETS);
    const names = (await caches.keys()).filter((n) => n.startsWith(PREFIX) && n !== ASSETS && n !== PAGES);
    for (const name of names.filter((n) => n.startsWith(`${PREFIX}assets-`))) {
      const old = await caches.open(name);
      for (const request of await old.keys()) {
        if (toolURLs.has(request.url) && !(await keep.match(request))) {
          await keep.put(request, await old.match(request));
        }
      }
    }
    await Promise.all(names.map((n) => caches.delete(n)));
    await self.clients.claim();
  })());
});

self.addEventListener("message", (event) => {
  const { type } = event.data || {};
  const port = event.ports[0];
  if (type === "keep-tools") event.waitUntil(keep(ASSETS, [...toolURLs]).then(() => port && port.postMessage("kept")));
  if (type === "keep-page") {
    // The page and what it loaded: content-hashed files go with the assets (kept cache-first, one
    // copy), the rest with the pages. Mermaid, loaded before this message or after, is one file.
    const urls = (event.data.urls || []).filter(sameScope).map((url) => url.split("#")[0]);
    event.waitUntil(Promise.all([
      keep(PAGES, urls.filter((url) => !isAsset(url))),
      keep(ASSETS, urls.filter(isAsset)),
    ]).then(() => port && port.postMessage("kept")));
  }
});

/** Put into `name` every URL it does not hold yet (mostly answered by the HTTP cache). */
async function keep(name, urls) {
  const cache = await caches.open(name);
  await Promise.all(urls.map(async (url) => {
    if (await cache.match(url)) return;
    const response = await fetch(url);
    if (response.ok) await cache.put(url, response);
  }));
}

/** A file that never changes under its name (a tool file of this deploy, a content-hashed one). */
function isAsset(url) {
  return toolURLs.has(url) || HASHED.some((re) => re.test(url));
}

function sameScope(url) {
  return typeof url === "string" && url.startsWith(SCOPE.href);
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || !sameScope(request.url)) return;
  const url = request.url.split("#")[0];
  if (NATIVE_ONLINE.test(new URL(url).pathname)) {
    if (self.navigator.onLine) return;
    event.respondWith(fromCache(url).then((r) => r || fetch(request)));
  } else if (isAsset(url)) {
    event.respondWith(cacheFirst(request, url));
  } else {
    event.respondWith(networkFirst(request, url));
  }
});

async function fromCache(url) {
  return (await (await caches.open(ASSETS)).match(url)) || (await caches.match(url)) || null;
}

async function cacheFirst(request, url) {
  const hit = await fromCache(url);
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok) (await caches.open(ASSETS)).put(url, response.clone());
  return response;
}

async function networkFirst(request, url) {
  try {
    const response = await fetch(request);
    if (response.ok && response.type === "basic") (await caches.open(PAGES)).put(url, response.clone());
    return response;
  } catch (err) {
    const hit = await caches.match(url, { ignoreSearch: request.mode === "navigate" });
    if (hit) return hit;
    if (request.mode === "navigate") return offlinePage();
    throw err;
  }
}

const ESCAPE = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" };
const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ESCAPE[c]);

/** A kind page for a page that was never opened on this device, listing the ones that were. */
async function offlinePage() {
  const cache = await caches.open(PAGES);
  const links = [];
  for (const request of (await cache.keys()).slice(0, 60)) {
    const response = await cache.match(request);
    if (!(response.headers.get("Content-Type") || "").startsWith("text/html")) continue;
    const title = ((await response.text()).match(/<title>([^<]*)<\/title>/) || [])[1];
    if (title) links.push(`<li><a href="${esc(request.url)}">${esc(title.replace(/&amp;/g, "&"))}</a></li>`);
  }
  const body = `<!doctype html><html lang="zh"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>现在没有联网 - 协商指南</title>
<style>body{font:1.05rem/1.7 system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{font-size:1.4rem}a{color:#b23c17}li{margin:.4rem 0}</style></head><body>
<h1>现在没有联网</h1>
<p>这一页还没有保存在这台设备上，所以现在打不开。别着急：等手机有信号了，再点一次就能看到。</p>
${links.length ? `<p>你之前打开过的这些页面，现在也能看：</p><ul>${links.join("")}</ul>` : ""}
<p><a href="${esc(SCOPE.href)}">回到首页</a></p>
</body></html>`;
  return new Response(body, { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
}
