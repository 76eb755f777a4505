// The case file the reader carries ([[tool:case]]): 导出 writes the whole case (the interview's
// answers and result, the plan's done-ticks, the journal, what was typed into the document forms)
// as one JSON file, optionally encrypted with a passphrase;
// 导入 reads one back on any device and continues where the reader was. Everything that decides
// — the file's shape, its checks, its migration, the encryption parameters, "what changed" — is
// the engine's (guide_engine.casefile, .changes); this module only encrypts with Web Crypto
// (PBKDF2-SHA-256 → AES-GCM-256, parameters from the engine and stated in the file), stores and
// draws. Nothing is written until a file has been read, decrypted and checked completely, so a
// wrong passphrase or a damaged file changes nothing.

import { announce, clear, h } from "./ui.js";
import { getEngine } from "./engine-client.js";
import * as store from "./progress-store.js";
import { readJournal, readTicks, saveJournal, saveTicks } from "./case-store.js";
import { readTyped, saveTyped } from "./typed-store.js";
import { askClear } from "./clear-data.js";

const FLOW = "self_assessment";
/** The forms whose typed fields travel in the file's "documents" (typed-store.js tool names). */
const DOCUMENT_FORMS = ["letter", "calculator"];

/** What the reader typed into the document forms, as the file keeps it (empty forms left out). */
function typedDocuments() {
  const out = {};
  for (const name of DOCUMENT_FORMS) {
    const fields = readTyped(name);
    if (Object.keys(fields).length) out[name] = fields;
  }
  return out;
}
/** Larger files are refused before they are read (the engine's own limit is 6 M characters). */
const MAX_FILE_BYTES = 8 * 1024 * 1024;

const toB64 = (bytes) => {
  let s = "";
  const view = new Uint8Array(bytes);
  for (let i = 0; i < view.length; i += 0x8000) s += String.fromCharCode(...view.subarray(i, i + 0x8000));
  return btoa(s);
};
const fromB64 = (text) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

/** The local date as YYYY-MM-DD (what "today" is for the reader). */
export function localDate(d = new Date()) {
  const p = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

async function aesKey(passphrase, salt, { iterations, hash, key_bits: bits }) {
  const base = await crypto.subtle.importKey("raw", new TextEncoder().encode(passphrase), "PBKDF2", false, ["deriveKey"]);
  return crypto.subtle.deriveKey({ name: "PBKDF2", hash, salt, iterations }, base,
    { name: "AES-GCM", length: bits }, false, ["encrypt", "decrypt"]);
}

async function encrypt(engine, text, passphrase) {
  const params = await engine.call("case_encryption", {});
  const salt = crypto.getRandomValues(new Uint8Array(params.salt_bytes));
  const iv = crypto.getRandomValues(new Uint8Array(params.iv_bytes));
  const key = await aesKey(passphrase, salt, params);
  const sealed = await crypto.subtle.encrypt({ name: "AES-GCM", iv, tagLength: params.tag_bits }, key,
    new TextEncoder().encode(text));
  return engine.call("case_seal", { ciphertext: toB64(sealed), salt: toB64(salt), iv: toB64(iv), iterations: params.iterations });
}

/** The plain case text, or null when Web Crypto refuses (wrong passphrase or a damaged file). */
async function decrypt(envelope, passphrase) {
  const enc = envelope.encryption;
  try {
    const key = await aesKey(passphrase, fromB64(enc.salt), enc);
    const plain = await crypto.subtle.decrypt({ name: "AES-GCM", iv: fromB64(enc.iv), tagLength: enc.tag_bits }, key,
      fromB64(envelope.ciphertext));
    return new TextDecoder("utf-8", { fatal: true }).decode(plain);
  } catch {
    return null;
  }
}

function download(text, filename) {
  const url = URL.createObjectURL(new Blob([text], { type: "application/json" }));
  const a = h("a", { href: url, download: filename, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

class CaseFile {
  constructor(root) {
    this.root = root;
    this.engine = getEngine(root);
    this.noticeEl = root.querySelector("[data-case-notice]");
    this.live = root.querySelector("[data-announce]");
    this.file = root.querySelector("[data-import-file]");
    this.unlock = root.querySelector("[data-unlock]");
    this.pending = null; // an encrypted envelope waiting for its passphrase
    root.addEventListener("click", (ev) => {
      const btn = ev.target.closest("[data-action]");
      if (btn && root.contains(btn)) this.onAction(btn.dataset.action, btn);
    });
    this.file.addEventListener("change", () => {
      const [file] = this.file.files;
      this.file.value = "";
      if (file) this.readChosen(file);
    });
    this.unlock.addEventListener("submit", (ev) => { ev.preventDefault(); this.onUnlock(); });
    window.addEventListener("guide:quick-exit", () => {
      this.pending = null;
      for (const el of document.querySelectorAll(".gt-helper-summary")) el.remove(); // outside the tool, printed alone
    });
    this.addClearButton();
  }

  /** 清除我的数据 here too, unless the page's wizard already has it (one button per page). */
  addClearButton() {
    const zone = this.root.querySelector("[data-clear-zone]");
    if (!zone || document.querySelector("[data-guide-wizard]")) return;
    const box = h("div", { class: "gt-clear-box" });
    const btn = h("button", { type: "button", class: "md-button gt-clear" }, "清除我的数据");
    btn.addEventListener("click", () => askClear(box, {
      onClear: () => window.dispatchEvent(new CustomEvent("guide:cleared")),
      onUndo: () => window.dispatchEvent(new CustomEvent("guide:restored")),
      live: this.live,
    }));
    zone.append(btn, box);
  }

  notice(lines, { error = false } = {}) {
    clear(this.noticeEl);
    this.noticeEl.hidden = false;
    this.noticeEl.setAttribute("role", error ? "alert" : "status");
    this.noticeEl.classList.toggle("gt-notice-error", error);
    for (const line of [].concat(lines)) {
      this.noticeEl.append(typeof line === "string" ? h("p", {}, line) : line);
    }
  }

  onAction(action) {
    if (action === "export") this.exportCase();
    else if (action === "import") this.file.click();
    else if (action === "helper-summary") this.helperSummary();
    else if (action === "cancel-import") { this.pending = null; this.unlock.hidden = true; this.notice("没有导入，这台设备上的内容没有改动。"); }
  }

  async exportCase() {
    const passphrase = this.root.querySelector("[data-passphrase]").value;
    try {
      this.notice(passphrase ? "正在加密并导出…" : "正在导出…");
      const saved = store.savedState(FLOW);
      const state = saved ? saved.state : (await this.engine.call("start", { flow: FLOW })).state;
      const { entries } = readJournal();
      const kase = await this.engine.call("case_export", {
        state, saved_at: new Date().toISOString(), done: readTicks(), journal: entries, documents: typedDocuments(),
      });
      let text = JSON.stringify(kase, null, 1);
      if (passphrase) text = JSON.stringify(await encrypt(this.engine, text, passphrase), null, 1);
      download(text, `案卷-${localDate()}.json`);
      this.notice(passphrase
        ? "已导出加密的案卷文件。打开它需要你刚才设的密码，请记住它（忘了就打不开了）。"
        : "已导出案卷文件。文件里有你的回答、勾选、协商记录和文书里填写的内容，没有加密：请放在别人看不到的地方。");
      announce(this.live, "已导出案卷文件。");
    } catch (err) {
      this.notice(err.message || "案卷没能导出，请刷新页面后再试。", { error: true });
    }
  }

  /** A one-page summary for a helper (a legal-aid volunteer, a family member): the engine's
   * summary of the case on this device (guide_engine.case_summary — the answers, the result, what
   * to do with the ticks, the journal and its flags), drawn as text and printed alone. */
  async helperSummary() {
    try {
      const saved = store.savedState(FLOW);
      const summary = await this.engine.call("case_summary", {
        today: localDate(), state: saved ? saved.state : null, done: readTicks(), entries: readJournal().entries,
      });
      const section = h("section", { class: "gt-helper-summary", "data-wipe": "" },
        h("h2", {}, `${summary.title}（${summary.date}）`),
        h("p", {}, summary.intro));
      for (const part of summary.sections) {
        section.append(h("h3", {}, part.heading), h("ul", { "data-summary": part.id }, ...part.items.map((item) =>
          h("li", { "data-done": item.done ? "" : null },
            item.label ? h("strong", {}, `${item.label}：`) : null, item.text,
            item.done ? `（已完成，${item.done}）` : null))));
      }
      if (summary.empty) section.append(h("p", {}, summary.empty));
      const place = document.querySelector(".md-content__inner") || document.body;
      const old = place.querySelector(".gt-helper-summary");
      if (old) old.remove();
      place.append(section);
      document.body.classList.add("gt-printing-summary");
      window.addEventListener("afterprint", () => document.body.classList.remove("gt-printing-summary"), { once: true });
      section.scrollIntoView({ block: "start" });
      window.print();
    } catch (err) {
      this.notice(err.message || "摘要没能生成，请刷新页面后再试。", { error: true });
    }
  }

  async readChosen(file) {
    this.pending = null;
    this.unlock.hidden = true;
    if (file.size > MAX_FILE_BYTES) {
      this.notice("这个文件太大了，不是协商指南导出的案卷。你这台设备上的内容没有改动。", { error: true });
      return;
    }
    try {
      const text = await file.text();
      const read = await this.engine.call("case_read", { text });
      if (read.encrypted) {
        this.pending = read.envelope;
        this.unlock.hidden = false;
        this.unlock.querySelector("[data-unlock-error]").textContent = "";
        this.unlock.querySelector("[data-unlock-pass]").focus();
        this.notice("这个案卷文件加了密码。请在下面输入密码。");
        return;
      }
      await this.apply(text);
    } catch (err) {
      this.notice(err.message || "案卷文件没能读取。你这台设备上的内容没有改动。", { error: true });
    }
  }

  async onUnlock() {
    const envelope = this.pending;
    if (!envelope) return;
    const field = this.unlock.querySelector("[data-unlock-pass]");
    const errorEl = this.unlock.querySelector("[data-unlock-error]");
    errorEl.textContent = "正在解密…";
    const text = await decrypt(envelope, field.value);
    if (text === null) {
      const failed = await this.engine.call("case_decryption_failed", {});
      errorEl.textContent = failed.message;
      field.setAttribute("aria-invalid", "true");
      field.focus();
      return;
    }
    try {
      await this.apply(text);
      this.pending = null;
      this.unlock.hidden = true;
      field.value = "";
      errorEl.textContent = "";
    } catch (err) {
      errorEl.textContent = err.message;
    }
  }

  /** A checked, decrypted case: refit to today's questions, then (only then) stored. */
  async apply(text) {
    const kase = await this.engine.call("case_import", { text });
    const report = await this.engine.call("case_changes", { text, today: localDate() });
    const journal = saveJournal(kase.journal);
    const ticks = saveTicks(kase.done);
    for (const name of DOCUMENT_FORMS) saveTyped(name, kase.documents[name] || {});
    const progress = store.save(FLOW, {
      version: report.state.version, state: report.state, view: null,
      screen: report.finished ? "result" : "question",
    });
    const problem = store.saveProblem(progress) || store.saveProblem(journal) || store.saveProblem(ticks);
    const ticked = Object.keys(kase.done).length;
    const lines = [`已导入案卷（${kase.saved_at.slice(0, 10)} 保存，协商记录 ${kase.journal.length} 条${ticked ? `，已完成 ${ticked} 项` : ""}）。`];
    if (problem) lines.push(problem);
    if (report.changed && report.summary.length) {
      lines.push(h("p", { class: "gt-changes-title" }, "自上次以来的变化"),
        h("ul", { class: "gt-changes" }, ...report.summary.map((s) => h("li", {}, s))));
    }
    const wizard = document.querySelector("[data-guide-wizard]");
    if (!wizard) {
      const to = `${this.root.dataset.root || "../../"}tools/self-assessment/`;
      lines.push(h("p", {}, h("a", { href: to }, report.finished ? "看自测结果" : "接着做自测")));
    }
    this.notice(lines);
    announce(this.live, "已导入案卷。");
    window.dispatchEvent(new CustomEvent("guide:case-imported"));
  }
}

export function mount(root) {
  if (root.__case) return root.__case;
  root.__case = new CaseFile(root);
  return root.__case;
}
