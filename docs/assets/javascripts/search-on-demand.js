// Material's search downloads the whole search index (search/search_index.json, about 120 kB
// compressed) as soon as any page opens, whether or not the reader ever searches; on the wizard's
// first visit it was the largest file after the Python runtime. This classic script runs before
// Material's bundle (overrides/main.html puts it first in the scripts block) and holds back that
// one request until the reader opens search: the search field gets focus (a tap, or Material's
// keyboard shortcuts, which focus it), the search button is pressed, or the page was opened from
// a search result (?h=…, which Material highlights). Meanwhile Material shows its own
// "正在初始化搜索"; the index then arrives and search works as before.
//
// Material 9.8 loads the index with XMLHttpRequest (not fetch), so the hold is on `send` of a
// request opened for exactly that URL; every other request goes through untouched.
(() => {
  const INDEX = /\/search\/search_index\.json$/;
  let release;
  const wanted = new Promise((resolve) => { release = resolve; });
  const held = new WeakSet();
  const { open, send } = XMLHttpRequest.prototype;

  const pathOf = (url) => {
    try {
      return new URL(String(url), document.baseURI).pathname;
    } catch {
      return "";
    }
  };
  XMLHttpRequest.prototype.open = function openIndexOnDemand(method, url, ...rest) {
    if (INDEX.test(pathOf(url))) held.add(this);
    else held.delete(this);
    return open.call(this, method, url, ...rest);
  };
  XMLHttpRequest.prototype.send = function sendIndexOnDemand(body) {
    if (!held.has(this)) return send.call(this, body);
    wanted.then(() => send.call(this, body));
    return undefined;
  };

  const isSearch = (el) => el instanceof Element && el.matches(".md-search__input, #__search, label[for='__search'], label[for='__search'] *");
  const onDemand = (event) => {
    if (isSearch(event.target)) release();
  };
  document.addEventListener("focusin", onDemand, true);
  document.addEventListener("pointerdown", onDemand, true);
  document.addEventListener("change", onDemand, true);
  if (new URLSearchParams(location.search).has("h")) release();
})();
