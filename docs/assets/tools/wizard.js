// The self-assessment wizard. The build wrote the first question into the page; this module takes
// over that form at once, keeps answers given before the engine is ready and replays them, then
// renders every later question, the review screen and the result from the engine's views.
// Progress is saved in localStorage (flow id + version); anything stale, truncated or tampered is
// discarded with a notice. All text from the engine or storage goes in via textContent.

import { announce, clear, copyText, downloadText, focusHeading, h, linkFor, money, READINESS, sourceHref } from "./ui.js";
import { bindStatus, FAILURE_TEXT, getEngine } from "./engine-client.js";
import { questionForm, readAnswer, restoreValue } from "./question-form.js";

const STORE_PREFIX = "xieshang-guide:";
const FORMAT = 1;

function storeKey(flow) { return `${STORE_PREFIX}wizard:${flow}`; }

function readSaved(flow, version) {
  let raw;
  try { raw = localStorage.getItem(storeKey(flow)); } catch { return { saved: null }; }
  if (raw === null) return { saved: null };
  const drop = (why) => { try { localStorage.removeItem(storeKey(flow)); } catch { /* ignore */ } return { saved: null, notice: why }; };
  let data;
  try { data = JSON.parse(raw); } catch { return drop("之前保存的进度已损坏（可能没有保存完整），已经清除，请重新回答。"); }
  if (!data || typeof data !== "object" || data.format !== FORMAT || !data.state || typeof data.state !== "object") {
    return drop("之前保存的进度格式不对，已经清除，请重新回答。");
  }
  if (data.flow !== flow || String(data.version) !== String(version)) {
    return drop("自测的问题更新过，之前保存的进度是旧版本的，已经清除，请重新回答。");
  }
  return { saved: data };
}

function validQuestionView(v) {
  return v && v.type === "question" && v.question && typeof v.question.id === "string" && typeof v.question.text === "string"
    && v.question.input && typeof v.question.input.kind === "string" && v.progress && typeof v.progress === "object";
}

// ------------------------------------------------------------------------------------------------
// The wizard
// ------------------------------------------------------------------------------------------------

class Wizard {
  constructor(root) {
    this.root = root;
    this.flow = root.dataset.flow || "self_assessment";
    this.version = root.dataset.flowVersion || "";
    this.screen = root.querySelector("[data-screen]");
    this.live = root.querySelector("[data-announce]");
    this.noticeEl = root.querySelector("[data-notice]");
    this.queue = [];          // actions taken before the engine was ready
    this.current = null;      // {state, view} from the engine
    this.busy = false;
    this.initialNodes = Array.from(this.screen.childNodes, (n) => n.cloneNode(true)); // the build's first question

    const { saved, notice } = readSaved(this.flow, this.version);
    if (notice) this.notice(notice);
    this.saved = saved;
    // Shown now, before the engine is ready: the saved question (instant resume) or the build's
    // first question (already in the page).
    this.shownView = null;
    if (saved && validQuestionView(saved.view) && saved.screen === "question") {
      this.shownView = saved.view;
      this.renderQuestion(saved.view, { focus: false });
      this.status("正在恢复你上次的进度…");
    } else if (saved) {
      this.renderWaiting("正在恢复你上次的进度…", false);
    }

    root.addEventListener("submit", (ev) => { ev.preventDefault(); this.onSubmit(ev.target); });
    root.addEventListener("click", (ev) => {
      const btn = ev.target.closest("[data-action]");
      if (!btn || !root.contains(btn)) return;
      this.onAction(btn.dataset.action, btn, ev);
    });

    this.engine = getEngine(root);
    bindStatus(root, this.engine, (state) => {
      if (state === "ready" && !this.started) { this.started = true; this.flush(); }
      if (state === "failed") this.onFailed();
    });
  }

  status(text) {
    const el = this.root.querySelector("[data-status-text]");
    if (el) el.textContent = text;
  }

  notice(text) {
    if (!this.noticeEl) return;
    this.noticeEl.hidden = false;
    clear(this.noticeEl);
    this.noticeEl.append(h("p", {}, text));
    this.noticeEl.setAttribute("role", "status");
  }

  save() {
    if (!this.current) return;
    const data = { format: FORMAT, flow: this.flow, version: this.current.state.version ?? this.version, state: this.current.state,
      view: this.current.view.type === "question" ? this.current.view : null, screen: this.root.dataset.view, saved: new Date().toISOString() };
    try { localStorage.setItem(storeKey(this.flow), JSON.stringify(data)); } catch { /* private mode: nothing saved */ }
  }

  // -- screens ----------------------------------------------------------------------------------

  setView(name) { this.root.dataset.view = name; }

  renderQuestion(view, { focus = true, error = "", pendingValue } = {}) {
    this.setView("question");
    clear(this.screen);
    this.screen.append(questionForm(this.root, view, pendingValue));
    if (error) this.showError(error);
    if (focus) focusHeading(this.screen);
  }

  /** The build's first question again, as the page came (before the engine was ready). */
  showInitial() {
    this.setView("question");
    this.screen.replaceChildren(...this.initialNodes.map((n) => n.cloneNode(true)));
  }

  renderWaiting(text, focus = true) {
    this.setView("question");
    clear(this.screen);
    const title = h("h2", { class: "gt-qtitle", tabindex: "-1" }, "已记下你的回答");
    const back = h("button", { type: "button", class: "md-button", "data-action": "unqueue" }, "改一下刚才的回答");
    if (!this.queue.length) { title.textContent = "请稍等"; back.hidden = true; }
    this.screen.append(h("div", { class: "gt-waiting", "data-waiting": "" }, title,
      h("p", {}, text || "工具还在加载，马上显示下一个问题。你的回答不会丢。"), h("div", { class: "gt-actions" }, back)));
    if (focus) focusHeading(this.screen);
  }

  showError(message) {
    const el = this.screen.querySelector("#gt-q-error");
    if (el) { el.textContent = message; }
    const field = this.screen.querySelector("#gt-answer") || this.screen.querySelector('input[name="answer"]');
    if (field) { field.setAttribute("aria-invalid", "true"); field.focus(); }
  }

  async renderReview(focus = true) {
    this.setView("review");
    clear(this.screen);
    let items;
    try {
      items = this.current.summary || await this.engine.call("summary", { state: this.current.state });
    } catch (err) { this.fail(err); return; }
    const list = h("dl", { class: "gt-review-list" });
    for (const item of items) {
      list.append(h("div", { class: "gt-review-item" },
        h("dt", {}, String(item.short || item.text)),
        h("dd", {}, h("span", { class: "gt-review-answer" }, String(item.answer_label)),
          h("button", { type: "button", class: "md-button gt-edit", "data-action": "edit", "data-question": String(item.id),
            "aria-label": `修改：${item.short || item.text}` }, "修改"))));
    }
    this.screen.append(
      h("h2", { class: "gt-qtitle", tabindex: "-1" }, "检查一下你的回答"),
      h("p", {}, "答案都在下面。哪一项不对，点“修改”改掉，其他答案会保留。确认没问题后看结果。"),
      list,
      h("div", { class: "gt-actions" },
        h("button", { type: "button", class: "md-button", "data-action": "back" }, "上一步"),
        h("button", { type: "button", class: "md-button md-button--primary", "data-action": "show-result" }, "查看结果")));
    this.save();
    if (focus) focusHeading(this.screen);
    announce(this.live, "问题已经答完。请检查你的回答。");
  }

  async renderResult(focus = true) {
    const view = this.current.view;
    const a = view.assessment || {};
    const root = this.root.dataset.root || "../../";
    this.setView("result");
    clear(this.screen);
    const out = h("div", { class: "gt-result-body" });
    const ready = READINESS[a.readiness] || { label: String(a.readiness || ""), text: "" };
    out.append(h("h2", { class: "gt-qtitle", tabindex: "-1" }, "你的自测结果"),
      h("p", { class: `gt-readiness gt-readiness-${a.readiness || "unknown"}` },
        h("strong", {}, `协商准备程度：${ready.label}`), ready.text ? h("span", {}, ready.text) : null));

    if (Array.isArray(a.paths) && a.paths.length) {
      out.append(h("h3", {}, "建议你先做的事（按轻重缓急排列）"));
      const ol = h("ol", { class: "gt-paths" });
      for (const p of a.paths) {
        const li = h("li", { "data-path": String(p.id) }, h("strong", {}, String(p.title || p.id)));
        if (p.why) li.append(h("p", {}, String(p.why)));
        const more = h("p", { class: "gt-links" });
        const page = linkFor(p.id, root);
        if (page) more.append(h("a", { href: page }, "详细说明"));
        const src = sourceHref(p, root);
        if (src) { if (page) more.append("　"); more.append(h("a", { href: src.href }, `依据：${src.text}`)); }
        if (more.childNodes.length) li.append(more);
        ol.append(li);
      }
      out.append(ol);
    }
    if (Array.isArray(a.warnings) && a.warnings.length) {
      out.append(h("h3", {}, "需要注意"));
      const ul = h("ul", { class: "gt-warnings" });
      for (const w of a.warnings) {
        const li = h("li", { "data-warning": String(w.id) }, String(w.text));
        const src = sourceHref(w, root);
        if (src) li.append(" ", h("a", { href: src.href }, `（${src.text}）`));
        ul.append(li);
      }
      out.append(ul);
    }
    if (a.plan) {
      const p = a.plan;
      out.append(h("h3", {}, "还款方案参考"));
      const cap = p.monthly_capacity !== undefined && p.monthly_capacity !== null ? `按你填写的收支，每月大约能拿出 ${money(p.monthly_capacity)} 元还款。` : "";
      if (p.affordable) {
        out.append(h("p", { "data-plan": "" }, `${cap}可以向银行提出：分 ${p.months} 期，每期约 ${money(p.monthly_payment)} 元。`,
          h("a", { href: `${root}tools/calculator/` }, "用计算器看每期明细")));
      } else {
        out.append(h("p", { "data-plan": "" }, `${cap}即使分到最长期限，每期约 ${money(p.monthly_payment)} 元（${p.months} 期）也超出了你的能力。先从收支和减免费用入手，见上面的建议。`));
      }
    }
    if (Array.isArray(a.documents) && a.documents.length) {
      out.append(h("h3", {}, "要准备的材料"));
      const ul = h("ul", { class: "gt-documents" });
      for (const d of a.documents) ul.append(h("li", {}, typeof d === "string" ? d : String(d.text || d.title || JSON.stringify(d))));
      out.append(ul);
    }
    if (Array.isArray(a.reasons) && a.reasons.length) {
      const det = h("details", { class: "gt-reasons" }, h("summary", {}, "为什么这样建议（每一条判断的理由）"));
      const ul = h("ul");
      for (const r of a.reasons) ul.append(h("li", {}, typeof r === "string" ? r : String(r.text || "")));
      det.append(ul);
      out.append(det);
    }
    // The letter draft, from the engine.
    const letterBox = h("section", { class: "gt-letter-box", "aria-labelledby": "gt-letter-h" },
      h("h3", { id: "gt-letter-h" }, "协商还款申请书草稿"),
      h("p", { class: "gt-noprint" }, "横线是需要手写补上的地方。想填上姓名、电话等再生成，可以用",
        h("a", { href: `${root}tools/letter/` }, "申请书生成器"), "（会直接用你这次的回答）。"));
    const pre = h("pre", { class: "gt-letter-text", tabindex: "0", "aria-labelledby": "gt-letter-h", "data-letter-text": "" }, "正在生成…");
    letterBox.append(pre, h("div", { class: "gt-actions gt-noprint" },
      h("button", { type: "button", class: "md-button", "data-action": "copy-letter" }, "复制申请书"),
      h("button", { type: "button", class: "md-button", "data-action": "download-letter" }, "下载为 .txt 文件")));
    out.append(letterBox);
    out.append(h("p", { class: "gt-disclaimer" }, "这份结果只是根据你的回答给出的参考，不是银行的承诺，也不是法律意见；以银行的正式答复和书面协议为准。"));
    out.append(h("div", { class: "gt-actions gt-noprint" },
      h("button", { type: "button", class: "md-button", "data-action": "review" }, "检查或修改我的回答"),
      h("button", { type: "button", class: "md-button md-button--primary", "data-action": "print" }, "打印结果")));
    this.screen.append(out);
    this.save();
    if (focus) focusHeading(this.screen);
    announce(this.live, "自测结果已经显示。");
    try {
      this.letterText = await this.engine.call("letter", { profile: view.profile, assessment: a, details: {} });
      pre.textContent = this.letterText;
    } catch (err) {
      pre.textContent = err.message || "申请书没能生成。";
    }
  }

  async show(result, { focus = true, screen } = {}) {
    this.current = result;
    if (result.view.type === "question") {
      this.renderQuestion(result.view, { focus });
      announce(this.live, `第 ${(result.view.progress.answered || 0) + 1} 题`);
      this.save();
    } else if (screen === "result") {
      await this.renderResult(focus);
    } else {
      await this.renderReview(focus);
    }
  }

  // -- engine ready: replay what the reader did meanwhile -----------------------------------------

  async flush() {
    let r;
    try {
      if (this.saved) {
        try {
          r = await this.engine.call("view", { state: this.saved.state });
        } catch (err) {
          if (err.code === "engine_failed") throw err;
          this.notice(`之前保存的进度无法继续使用，已经清除。${err.message && !/清除/.test(err.message) ? "（" + err.message + "）" : ""}`);
          try { localStorage.removeItem(storeKey(this.flow)); } catch { /* ignore */ }
          this.saved = null;
          if (this.shownView) { this.queue = []; } // the question shown came from the bad save
          r = await this.engine.call("start", { flow: this.flow });
        }
      } else {
        r = await this.engine.call("start", { flow: this.flow });
      }
      const queued = this.queue.splice(0);
      let failed = null;
      for (const act of queued) {
        try {
          r = await this.engine.call(act.cmd, { state: r.state, ...act.args });
        } catch (err) {
          if (err.code === "engine_failed") throw err;
          failed = { err, act };
          break;
        }
      }
      this.status("工具已就绪。你的回答只保存在这台设备上。");
      const hadSaved = !!this.saved;
      const savedScreenName = this.saved && this.saved.screen;
      const interacted = queued.length > 0;
      this.saved = null;
      if (failed) {
        this.current = r;
        this.renderQuestion(r.view, { error: failed.err.message, pendingValue: failed.act.args.value });
        return;
      }
      const sameQuestion = !interacted && this.root.dataset.view === "question" && r.view.type === "question"
        && this.screen.querySelector(`form[data-question="${CSS.escape(r.view.question.id)}"]`);
      if (sameQuestion) {
        // Keep the form the reader may be filling in; just adopt the engine's state.
        this.current = r;
        const back = this.screen.querySelector('[data-action="back"]');
        if (back) back.disabled = !r.view.can_back;
        this.save();
        return;
      }
      const savedScreen = hadSaved && !interacted && (savedScreenName === "result" || savedScreenName === "review") ? savedScreenName : undefined;
      await this.show(r, { focus: interacted, screen: savedScreen });
    } catch (err) {
      this.fail(err);
    }
  }

  onFailed() {
    this.setFailedUI();
  }

  setFailedUI() {
    this.root.dataset.engine = "failed";
    const fb = this.root.querySelector("[data-fallback]");
    if (fb) fb.hidden = false;
    const waiting = this.screen.querySelector("[data-waiting]");
    if (waiting) {
      clear(waiting);
      waiting.append(h("h2", { class: "gt-qtitle", tabindex: "-1" }, "工具没能启动"),
        h("p", {}, FAILURE_TEXT));
    }
  }

  fail(err) {
    console.warn("协商指南：", err);
    if (err && err.code === "engine_failed") { this.setFailedUI(); return; }
    this.notice(err && err.message ? err.message : "出错了，请刷新页面再试。");
  }

  // -- reader actions ---------------------------------------------------------------------------

  async run(cmd, args, { errorValue } = {}) {
    if (this.busy) return;
    this.busy = true;
    this.root.setAttribute("aria-busy", "true");
    try {
      const r = await this.engine.call(cmd, { state: this.current.state, ...args });
      await this.show(r);
    } catch (err) {
      if (err.code === "engine_failed") { this.setFailedUI(); return; }
      if (this.root.dataset.view === "question") {
        this.showError(err.message);
        announce(this.live, err.message);
      } else {
        this.notice(err.message);
      }
      void errorValue;
    } finally {
      this.busy = false;
      this.root.removeAttribute("aria-busy");
    }
  }

  onSubmit(form) {
    if (!form.matches || !form.matches("form.gt-question")) return;
    const value = readAnswer(form);
    const err = form.querySelector("#gt-q-error");
    if (err) err.textContent = "";
    if (this.engine.status === "ready" && this.current) {
      this.run("answer", { value });
      return;
    }
    if (this.engine.status === "failed") return;
    // Not ready: keep the answer, show that it is kept, replay it later.
    this.queue.push({ cmd: "answer", args: { value } });
    this.renderWaiting("工具还在加载，加载好就会显示下一个问题。你的回答已经记下，不会丢。");
    announce(this.live, "已记下你的回答，正在加载下一题。");
  }

  onAction(action, btn) {
    const ready = this.engine.status === "ready" && this.current;
    switch (action) {
      case "back":
        if (ready) { this.run("back", {}); return; }
        if (this.engine.status !== "failed") {
          this.queue.push({ cmd: "back", args: {} });
          this.renderWaiting("工具还在加载，加载好就会回到上一题。");
        }
        return;
      case "unqueue": {
        const last = this.queue.pop();
        const view = this.shownView;
        if (view) this.renderQuestion(view, { pendingValue: last && last.args ? last.args.value : undefined });
        else {
          this.showInitial();
          restoreValue(this.screen, last && last.args ? last.args.value : undefined);
          focusHeading(this.screen);
        }
        return;
      }
      case "edit":
        if (ready) this.run("edit", { question: btn.dataset.question });
        return;
      case "show-result":
        if (ready) this.renderResult(true);
        return;
      case "review":
        if (ready) this.renderReview(true);
        return;
      case "print":
        window.print();
        return;
      case "copy-letter":
        copyText(this.letterText || "", this.live);
        return;
      case "download-letter":
        downloadText(this.letterText || "", "协商还款申请书.txt");
        announce(this.live, "已下载申请书。");
        return;
      case "clear":
        this.clearData();
        return;
      default:
    }
  }

  async clearData() {
    try {
      const keys = [];
      for (let i = 0; i < localStorage.length; i++) {
        const k = localStorage.key(i);
        if (k && k.startsWith(STORE_PREFIX)) keys.push(k);
      }
      keys.forEach((k) => localStorage.removeItem(k));
    } catch { /* nothing stored */ }
    this.queue = [];
    this.saved = null;
    this.shownView = null;
    this.letterText = "";
    if (this.engine.status === "ready") {
      try {
        const r = await this.engine.call("start", { flow: this.flow });
        this.current = r;
        this.renderQuestion(r.view);
      } catch (err) { this.fail(err); }
    } else {
      this.showInitial();
    }
    try { localStorage.removeItem(storeKey(this.flow)); } catch { /* ignore */ }
    this.notice("已清除你在这台设备上保存的所有回答。");
    announce(this.live, "已清除你在这台设备上保存的所有回答。");
  }
}

export function mount(root) {
  if (root.__wizard) return root.__wizard;
  root.__wizard = new Wizard(root);
  return root.__wizard;
}

