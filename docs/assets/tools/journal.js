// The negotiation journal (协商记录, [[tool:journal]]): every contact with a lender or collector,
// kept on this device with the case. The engine checks each entry (guide_engine.journal, whose
// messages use the form's own labels), orders the list newest first, flags abusive collection with
// the rule it breaks and where to complain, and writes the .ics for the next-step dates and the
// complaint (投诉书) with the timeline inside (guide_engine.journal.complaints, the documents'
// own); this module reads the form, stores the engine's entries (case-store.js) and draws them as
// text.

import { announce, clear, downloadText, focusHeading, h, sourceHref } from "./ui.js";
import { bindStatus, getEngine } from "./engine-client.js";
import { dropJournal, onJournalFromOtherTab, readJournal, saveJournal } from "./case-store.js";
import * as store from "./progress-store.js";
import { localDate } from "./case-file.js";
import { readTyped } from "./typed-store.js";

/** The letter form's fields that sign a complaint too (documents' details, typed-store "letter"). */
const SIGNATURE_FIELDS = ["name", "phone", "card_last4", "contract_no"];

function signatureDetails() {
  const typed = readTyped("letter");
  const out = {};
  for (const key of SIGNATURE_FIELDS) {
    if (typeof typed[key] === "string" && typed[key].trim()) out[key] = typed[key].trim();
  }
  return out;
}

const FLOW = "self_assessment";

function readFields(form) {
  const fields = {};
  for (const box of form.querySelectorAll("[data-field]")) {
    const id = box.dataset.field;
    const inputs = Array.from(box.querySelectorAll("input, textarea"));
    const first = inputs[0];
    if (first.type === "checkbox") fields[id] = inputs.filter((i) => i.checked).map((i) => i.value);
    else if (first.type === "radio") { const on = inputs.find((i) => i.checked); fields[id] = on ? on.value : null; }
    else fields[id] = first.value.trim() === "" ? null : first.value;
  }
  return fields;
}

function fillFields(form, entry) {
  for (const box of form.querySelectorAll("[data-field]")) {
    const value = entry[box.dataset.field];
    for (const input of box.querySelectorAll("input, textarea")) {
      if (input.type === "checkbox") input.checked = Array.isArray(value) && value.includes(input.value);
      else if (input.type === "radio") input.checked = input.value === value;
      else input.value = value === null || value === undefined ? "" : String(value);
    }
  }
}

class Journal {
  constructor(root) {
    this.root = root;
    this.form = root.querySelector("[data-journal-form]");
    this.list = root.querySelector("[data-entries]");
    this.flagsEl = root.querySelector("[data-flags]");
    this.live = root.querySelector("[data-announce]");
    this.noticeEl = root.querySelector("[data-notice]");
    this.entries = [];
    this.editing = null;
    this.product = null;
    const { entries, notice } = readJournal();
    this.entries = entries;
    if (notice) this.notice(notice);
    this.form.addEventListener("submit", (ev) => { ev.preventDefault(); this.onSave(); });
    root.addEventListener("click", (ev) => {
      const btn = ev.target.closest("[data-action]");
      if (btn && root.contains(btn)) this.onAction(btn.dataset.action, btn);
    });
    onJournalFromOtherTab(() => this.reload("另一个标签页更新了协商记录，这里已经换成最新的内容。"));
    window.addEventListener("guide:cleared", () => this.reload(""));
    window.addEventListener("guide:restored", () => this.reload(""));
    window.addEventListener("guide:case-imported", () => this.reload(""));
    window.addEventListener("guide:quick-exit", () => { this.entries = []; this.editing = null; this.complaintTexts = []; });
    this.engine = getEngine(root);
    bindStatus(root, this.engine, (state) => {
      if (state === "ready" && !this.started) { this.started = true; this.onReady(); }
    });
  }

  notice(text) {
    clear(this.noticeEl);
    if (!text) { this.noticeEl.hidden = true; return; }
    this.noticeEl.hidden = false;
    this.noticeEl.setAttribute("role", "status");
    this.noticeEl.append(h("p", {}, text));
  }

  async onReady() {
    this.status("协商记录已就绪。记录只保存在这台设备上。");
    const saved = store.savedState(FLOW);
    if (saved) {
      try { this.product = (await this.engine.call("profile", { state: saved.state })).product || null; } catch { this.product = null; }
    }
    await this.draw();
  }

  status(text) {
    const el = this.root.querySelector("[data-status-text]");
    if (el) el.textContent = text;
  }

  async reload(text) {
    const { entries, notice } = readJournal();
    this.entries = entries;
    this.editing = null;
    this.notice(notice || text);
    if (this.started) await this.draw();
  }

  async draw() {
    let reply;
    try {
      reply = await this.engine.call("journal_timeline", { entries: this.entries, product: this.product });
    } catch (err) {
      // A saved journal the engine refuses is dropped with a notice, never kept to fail again.
      dropJournal();
      this.entries = [];
      this.notice(`之前保存的协商记录没法显示，已经清除。（${err.message}）`);
      reply = await this.engine.call("journal_timeline", { entries: [] });
    }
    const { timeline, flags } = reply;
    const count = this.root.querySelector("[data-count]");
    count.textContent = timeline.count ? `（${timeline.count} 条，${timeline.first} 至 ${timeline.last}）` : "";
    this.root.querySelector("[data-empty]").hidden = timeline.count > 0;
    this.list.replaceChildren(...timeline.entries.map((e) => this.entryItem(e)));
    this.drawFlags(flags);
  }

  entryItem(e) {
    const line = (label, text) => (text ? h("p", {}, h("span", { class: "gt-j-label" }, `${label}：`), text) : null);
    const who = [e.organisation, e.who].filter(Boolean).join("，");
    return h("li", { class: "gt-j-entry", "data-entry": e.id },
      h("h3", {}, `${e.when} · ${e.direction}（${e.channel}）`),
      line("对方", who),
      line("对方说了什么、承诺了什么", e.said),
      line("我提出的请求", e.asked),
      line("下一步", [e.next_step, e.next_date].filter(Boolean).join("，")),
      line("对方的做法", e.conduct.join("；")),
      e.calls !== null ? line("当天对方打来的次数", String(e.calls)) : null,
      e.flags.length ? h("p", { class: "gt-j-flagged" }, `⚠ ${e.flags.join("、")}`) : null,
      h("div", { class: "gt-actions gt-noprint" },
        h("button", { type: "button", class: "md-button", "data-action": "edit", "data-id": e.id }, "修改"),
        h("button", { type: "button", class: "md-button", "data-action": "remove", "data-id": e.id }, "删除")));
  }

  drawFlags(flags) {
    if (!flags.length) { clear(this.flagsEl); return; }
    const root = this.root.dataset.root || "../../";
    const items = flags.map((f) => {
      const sources = f.sources.map((s) => {
        const link = sourceHref({ source_id: s.id, source: s.citation }, root);
        return h("li", {}, link ? h("a", { href: link.href }, s.citation) : s.citation, `（${s.nature}）`);
      });
      return h("li", { class: f.level === "breach" ? "gt-flag-breach" : "gt-flag-note" },
        h("h4", {}, `${f.title}：${f.detail}`),
        h("p", {}, f.text),
        sources.length ? h("ul", { class: "gt-flag-sources" }, ...sources) : null,
        f.complain.length ? h("p", {}, "去哪里投诉：") : null,
        f.complain.length ? h("ol", {}, ...f.complain.map((c) => h("li", {}, c.text))) : null,
        f.page ? h("p", {}, h("a", { href: root + f.page }, "了解你的权利")) : null);
    });
    this.flagsEl.replaceChildren(h("h3", {}, "记录里有违规催收的迹象"), h("ul", { class: "gt-flag-list" }, ...items),
      h("p", { class: "gt-noprint" }, "可以用下面的“写投诉书”，把这些记录写进给这家机构的投诉书。"));
  }

  async onSave() {
    const errorEl = this.root.querySelector("[data-form-error]");
    errorEl.textContent = "";
    for (const el of this.form.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
    if (!this.started) { errorEl.textContent = "协商记录还在加载，请稍等几秒再保存。"; return; }
    const fields = readFields(this.form);
    let entries;
    try {
      entries = this.editing
        ? await this.engine.call("journal_update", { entries: this.entries, entry: this.editing, fields, today: localDate() })
        : await this.engine.call("journal_add", { entries: this.entries, fields, today: localDate() });
    } catch (err) {
      errorEl.textContent = err.message;
      const bad = Object.keys((err.details && err.details.fields) || {});
      for (const id of bad) {
        const box = this.form.querySelector(`[data-field="${CSS.escape(id)}"]`);
        const input = box && box.querySelector("input, textarea");
        if (input) input.setAttribute("aria-invalid", "true");
      }
      const first = bad.length && this.form.querySelector(`[data-field="${CSS.escape(bad[0])}"] input, [data-field="${CSS.escape(bad[0])}"] textarea`);
      if (first) first.focus();
      return;
    }
    const outcome = saveJournal(entries);
    this.entries = entries;
    this.notice(store.saveProblem(outcome));
    const wasEditing = this.editing;
    this.stopEditing();
    await this.draw();
    announce(this.live, wasEditing ? "已保存修改。" : "已保存这条记录。");
  }

  stopEditing() {
    this.editing = null;
    this.form.reset();
    this.root.querySelector("[data-form-title]").textContent = "记一次联系";
    this.root.querySelector('[data-action="cancel-edit"]').hidden = true;
  }

  /** The complaint for each overdue debt, the journal inside, from this device's self-assessment. */
  async writeComplaint() {
    const out = this.root.querySelector("[data-complaint-out]");
    const errorEl = this.root.querySelector("[data-complaint-error]");
    errorEl.textContent = "";
    clear(out);
    const state = store.finishedState(FLOW);
    if (!state) {
      const to = `${this.root.dataset.root || "../../"}tools/self-assessment/`;
      out.append(h("p", {}, "投诉书要写明欠的是哪家机构、什么欠款。请先在这台设备上",
        h("a", { href: to }, "做完自测"), "，再回来写投诉书。"));
      return;
    }
    let reply;
    try {
      const profile = await this.engine.call("profile", { state });
      reply = await this.engine.call("journal_complaint", { profile, entries: this.entries, today: localDate(), details: signatureDetails() });
    } catch (err) {
      errorEl.textContent = err.message;
      return;
    }
    this.complaintTexts = reply.texts;
    reply.documents.forEach((doc, i) => {
      out.append(h("article", { class: "gt-complaint-doc", "data-complaint-doc": String(i) },
        h("h3", { class: "gt-noprint" }, `${doc.title}（给${doc.recipient}）`),
        h("pre", { class: "gt-letter-text", tabindex: "0" }, reply.texts[i]),
        h("div", { class: "gt-complaint-notes gt-noprint" },
          h("h4", {}, "给你自己看的提示（不要寄出）"),
          h("ul", {}, ...doc.borrower_notes.map((note) => h("li", {}, note.text)))),
        h("div", { class: "gt-actions" },
          h("button", { type: "button", class: "md-button", "data-action": "print-complaint", "data-doc": String(i) }, "打印投诉书"),
          h("button", { type: "button", class: "md-button", "data-action": "download-complaint", "data-doc": String(i) }, "下载投诉书（.txt）"))));
    });
    if (!this.entries.length) out.prepend(h("p", {}, "协商记录里还没有记录，投诉书里“经过”一段留了空，可以手写，或者先记下联系的经过。"));
    focusHeading(out);
    announce(this.live, "投诉书已生成。");
  }

  /** Print one complaint alone, as a letter (the timeline and the form stay off the paper). */
  printComplaint(index) {
    const docs = this.root.querySelectorAll("[data-complaint-doc]");
    docs.forEach((el) => el.classList.toggle("gt-print-this", el.dataset.complaintDoc === index));
    document.body.classList.add("gt-printing-complaint");
    window.addEventListener("afterprint", () => document.body.classList.remove("gt-printing-complaint"), { once: true });
    window.print();
  }

  async onAction(action, btn) {
    if (action === "print") { window.print(); return; }
    if (action === "print-complaint") { this.printComplaint(btn.dataset.doc); return; }
    if (action === "download-complaint") {
      downloadText((this.complaintTexts || [])[Number(btn.dataset.doc)] || "", "投诉书.txt");
      announce(this.live, "已下载投诉书。");
      return;
    }
    if (action === "cancel-edit") { this.stopEditing(); return; }
    if (!this.started) return;
    if (action === "complaint") { await this.writeComplaint(); return; }
    if (action === "calendar") {
      try {
        const text = await this.engine.call("journal_calendar", { entries: this.entries, now: new Date().toISOString(), today: localDate() });
        if (!/BEGIN:VEVENT/.test(text)) { this.notice("还没有以后要做的事：在记录里填上“下一步的日期”，就能下载日历提醒。"); return; }
        const url = URL.createObjectURL(new Blob([text], { type: "text/calendar;charset=utf-8" }));
        const a = h("a", { href: url, download: "协商提醒.ics", hidden: true });
        document.body.append(a);
        a.click();
        a.remove();
        setTimeout(() => URL.revokeObjectURL(url), 1000);
        announce(this.live, "已下载日历提醒。");
      } catch (err) { this.notice(err.message); }
      return;
    }
    const id = btn.dataset.id;
    if (action === "edit") {
      const entry = this.entries.find((e) => e.id === id);
      if (!entry) return;
      this.editing = id;
      fillFields(this.form, entry);
      this.root.querySelector("[data-form-title]").textContent = "修改这条记录";
      this.root.querySelector('[data-action="cancel-edit"]').hidden = false;
      focusHeading(this.form);
      return;
    }
    if (action === "remove") {
      try {
        const entries = await this.engine.call("journal_remove", { entries: this.entries, entry: id });
        this.notice(store.saveProblem(saveJournal(entries)));
        this.entries = entries;
        if (this.editing === id) this.stopEditing();
        await this.draw();
        announce(this.live, "已删除这条记录。");
      } catch (err) { this.notice(err.message); }
    }
  }
}

export function mount(root) {
  if (root.__journal) return root.__journal;
  root.__journal = new Journal(root);
  return root.__journal;
}
