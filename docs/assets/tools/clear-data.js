// 清除我的数据, done safely: the button asks first (a slip of the thumb must not wipe weeks of
// notes), then removes everything this site saved on the device and offers 撤销 (undo) for a few
// seconds, keeping the removed records only in this page's memory until then.

import { h } from "./ui.js";
import * as store from "./progress-store.js";

/** How long 撤销 stays offered (ms). */
export const UNDO_MS = 10000;

const QUESTION = "要删除这台设备上保存的自测回答、结果和协商记录吗？";
const DONE = "已清除你在这台设备上保存的所有内容。";

/**
 * Ask, clear, offer undo. `box`: where the question and the undo offer appear (next to the
 * button, apart from the tool's own buttons). `onClear()` redraws the tool empty; `onUndo()`
 * redraws it from the restored records.
 * @param {HTMLElement} box
 * @param {{onClear: () => void, onUndo: () => void, live?: HTMLElement}} handlers
 */
export function askClear(box, { onClear, onUndo, live }) {
  const say = (text) => { if (live) { live.textContent = text; } };
  const yes = h("button", { type: "button", class: "md-button gt-danger" }, "确定清除");
  const no = h("button", { type: "button", class: "md-button" }, "取消");
  box.hidden = false;
  box.replaceChildren(h("div", { class: "gt-confirm", role: "alertdialog", "aria-label": "确认清除" },
    h("p", {}, QUESTION), h("div", { class: "gt-actions" }, yes, no)));
  yes.focus();
  no.addEventListener("click", () => { box.replaceChildren(); say("没有清除任何内容。"); });
  yes.addEventListener("click", () => {
    let snapshot = store.snapshotAll();
    store.removeAll();
    onClear();
    const undo = h("button", { type: "button", class: "md-button" }, "撤销");
    const offer = h("div", { class: "gt-undo", role: "status" }, h("p", {}, `${DONE}（${UNDO_MS / 1000} 秒内可以撤销）`), undo);
    box.replaceChildren(offer);
    undo.focus();
    say(DONE);
    const timer = setTimeout(() => { snapshot = null; offer.replaceChildren(h("p", {}, DONE)); }, UNDO_MS);
    undo.addEventListener("click", () => {
      clearTimeout(timer);
      if (snapshot) store.restoreAll(snapshot);
      snapshot = null;
      box.replaceChildren(h("p", { role: "status" }, "已撤销，保存的内容都恢复了。"));
      onUndo();
    });
  });
}
