// Small DOM helpers shared by the three tools. Text always goes in through text nodes (never
// innerHTML), so nothing from the engine or from localStorage can inject markup.

export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    el.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
}

/** Say something to screen readers through the tool's aria-live region. */
export function announce(live, text) {
  if (!live) return;
  live.textContent = "";
  setTimeout(() => { live.textContent = text; }, 30);
}

/** Move focus to the first heading of a freshly drawn screen (tabindex=-1 headings). */
export function focusHeading(container) {
  const el = container.querySelector("h2[tabindex], h3[tabindex]");
  if (el) {
    el.focus({ preventScroll: true });
    el.scrollIntoView({ block: "nearest" });
  }
}

// No number is formatted here: amounts arrive from the engine already written (guide_engine.money
// for_people in sentences, the calculator's figures and columns from guide_engine.calculator.shown),
// so every tool shows the same figure the same way.

const SAFE_PAGE = /^[a-z0-9][a-z0-9\-/]*\/$/;

/** The URL of a site page an engine item names (its `page`, relative to the site root), or null. */
export function pageHref(item, root) {
  return item && typeof item.page === "string" && SAFE_PAGE.test(item.page) ? root + item.page : null;
}

/** {href, text} for an item's source: the sources page anchor, else the site page it names. */
export function sourceHref(item, root) {
  if (!item) return null;
  const text = typeof item.source === "string" && item.source ? item.source : null;
  if (item.source_id && /^[a-z0-9_]+$/.test(item.source_id)) {
    return { href: `${root}about/sources/#${item.source_id}`, text: text || "来源" };
  }
  if (typeof item.page === "string" && SAFE_PAGE.test(item.page) && text) {
    return { href: root + item.page, text };
  }
  return null;
}

export async function copyText(text, live) {
  let ok = false;
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      ok = true;
    }
  } catch { ok = false; }
  if (!ok) {
    const ta = document.createElement("textarea");
    ta.value = text;
    ta.setAttribute("readonly", "");
    ta.style.position = "fixed";
    ta.style.left = "-9999px";
    document.body.append(ta);
    ta.select();
    try { ok = document.execCommand("copy"); } catch { ok = false; }
    ta.remove();
  }
  announce(live, ok ? "已复制到剪贴板。" : "没能自动复制，请长按或选中文字后手动复制。");
  return ok;
}

export function downloadText(text, filename) {
  const blob = new Blob(["\ufeff" + text.replace(/\n/g, "\r\n")], { type: "text/plain;charset=utf-8" });
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
