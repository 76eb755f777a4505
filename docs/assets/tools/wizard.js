// The self-assessment wizard's controller. The build wrote the first question into the page; this
// module takes over that form at once, keeps answers given before the engine is ready and replays
// them, then shows every later question, the review screen and the result from the engine's views.
// The parts, each in its own module: progress-store.js (saved progress), question-form.js (the
// question form, from the page's templates), result-view.js (review and result screens).
// Every step is a browser history entry (Back and Forward move between questions, answers kept),
// and an answer typed but not yet sent survives a reload (typed-store.js). While the engine loads,
// each next question comes from the flow the build wrote into the page (flow-walk.js); the engine
// replays those answers once ready and takes the reader back to the first one it judges otherwise.

import { announce, clear, copyText, downloadText, focusHeading, h } from "./ui.js";
import { bindStatus, FAILURE_TEXT, getEngine } from "./engine-client.js";
import * as store from "./progress-store.js";
import { questionForm, readAnswer, restoreValue } from "./question-form.js";
import { resultScreen, reviewScreen } from "./result-view.js";
import { askClear } from "./clear-data.js";
import { readTyped, saveTyped } from "./typed-store.js";
import { assessedNow, reopenSaved } from "./reopen.js";
import * as walk from "./flow-walk.js";

/** The wizard step the URL's fragment names ("#step=q%3Abank", "#step=q%3Abalance%401"), or "". */
function stepInUrl() {
  return location.hash.startsWith("#step=") ? decodeURIComponent(location.hash.slice(6)) : "";
}

/** The device's own date as "YYYY-MM-DD": what the reader calls today (the engine's clock, in
 * Pyodide, runs in UTC, which is yesterday in China until 08:00). */
export function localToday(now = new Date()) {
  const two = (n) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${two(now.getMonth() + 1)}-${two(now.getDate())}`;
}

/** The step name of a question view: "q:<id>", and "@<item>" inside a repeatable group. */
function questionStep(question) {
  return Number.isInteger(question.item) ? `q:${question.id}@${question.item}` : `q:${question.id}`;
}

/** "q:balance@1" → {id: "balance", item: 1}; "q:sued" → {id: "sued", item: null}; else null. */
function parseStep(step) {
  const m = /^q:([^@]+)(?:@(\d+))?$/.exec(step);
  return m ? { id: m[1], item: m[2] === undefined ? null : Number(m[2]) } : null;
}

/** The typed-store entry of the steps taken on the page-side walk, not yet replayed by the engine. */
const WALKED = "wizard-walked";

/** The step a view stands at, as the page-side walk names it: a question step, or "end". */
function stepOf(view) {
  return view.type === "question" ? questionStep(view.question) : view.type === "result" ? "end" : view.type;
}

/** What a screen reader is told on a new question: the progress in words inside a group, else
 * its number (the engine's view and the page-side walk's carry the same progress). */
function progressSaid(progress = {}) {
  return progress.group && progress.text ? String(progress.text) : `第 ${(progress.answered || 0) + 1} 题`;
}

/** Which form typed text belongs to: the question, and its item inside a group ("balance@1"). */
function typedKey(form) {
  return form.dataset.item === undefined ? form.dataset.question : `${form.dataset.question}@${form.dataset.item}`;
}

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
    this.popping = false;     // moving because of the browser's Back/Forward: no new entry
    this.wantStep = null;     // the step the latest Back/Forward asked for, not yet reached
    this.initialNodes = Array.from(this.screen.childNodes, (n) => n.cloneNode(true)); // the build's first question

    const { saved, stale, notice } = store.read(this.flow, this.version);
    if (notice) this.notice(notice);
    this.saved = saved;
    this.stale = !!stale; // saved under older questions: the engine carries it over (flush)
    // Shown now, before the engine is ready: the saved question (instant resume) or the build's
    // first question (already in the page).
    this.shownView = null;
    try {
      if (saved && !stale && store.drawableQuestion(saved.view) && saved.screen === "question") {
        this.shownView = saved.view;
        this.renderQuestion(saved.view, { focus: false });
        this.status("正在恢复你上次的进度…");
      } else if (saved) {
        this.renderWaiting("正在恢复你上次的进度…", false);
      } else {
        this.restoreTyped(this.screen.querySelector("form.gt-question"));
      }
    } catch (err) {
      // A saved record that cannot be drawn is dropped with a notice, never kept to fail again.
      console.warn("协商指南：", err);
      store.remove(this.flow);
      this.saved = null;
      this.shownView = null;
      this.showInitial();
      this.notice("之前保存的进度没法显示，已经清除，请重新回答。");
    }
    // The page-side walk: the next question before the engine is ready, from a fresh start or from
    // the saved question on screen (never from progress the engine must first carry over).
    this.walkFlow = walk.pageFlow(root);
    this.walkState = null;
    try {
      const from = !this.walkFlow ? null : !this.saved ? walk.start(this.walkFlow) : !this.stale && this.shownView ? this.saved.state : null;
      if (from && (!this.shownView || walk.view(this.walkFlow, from).question?.id === this.shownView.question.id)) this.walkState = from;
      this.walkBase = this.walkState;
      this.restoreWalked();
    } catch (err) { console.warn("协商指南：", err); }
    store.onOtherTab(this.flow, (record) => this.fromOtherTab(record));
    window.addEventListener("guide:quick-exit", () => { this.current = null; this.queue = []; this.letterText = ""; });
    window.addEventListener("guide:case-imported", () => { this.resume(); });

    root.addEventListener("submit", (ev) => { ev.preventDefault(); this.onSubmit(ev.target); });
    root.addEventListener("input", (ev) => this.keepTyped(ev.target));
    root.addEventListener("change", (ev) => this.keepTyped(ev.target));
    // Back and Forward between steps come from assets/javascripts/tool-steps.js, which keeps them
    // from Material's instant navigation: this page's path is where they stay with the wizard.
    root.dataset.stepsPage = location.pathname;
    root.addEventListener("guide:step", (ev) => {
      const state = ev.detail && ev.detail.state;
      this.onPop((state && state.gtStep) || stepInUrl());
    });
    root.addEventListener("click", (ev) => {
      const btn = ev.target.closest("[data-action]");
      if (!btn || !root.contains(btn)) return;
      this.onAction(btn.dataset.action, btn);
    });

    this.engine = getEngine(root);
    bindStatus(root, this.engine, (state) => {
      if (state === "ready" && !this.started) { this.started = true; this.flush(); }
      if (state === "failed") this.setFailedUI();
    });
  }

  /** A session command, with the device's date (a date answer may not pass it; the result's
   * deadlines count from it). */
  session(cmd, args) {
    return this.engine.call(cmd, { ...args, today: localToday() });
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
    if (!this.current || this.adopting) return; // drawn from another tab's save: already stored
    const { state, view } = this.current;
    const problem = store.saveProblem(store.save(this.flow, { version: state.version ?? this.version, state,
      view: view.type === "question" ? view : null, screen: this.root.dataset.view,
      assessed: this.root.dataset.view === "result" && this.assessed && this.assessed.state === state ? this.assessed.value : null }));
    if (problem) this.notice(problem);
  }

  /** Another tab changed the saved progress: say so and show the newer state (never overwrite it).
   * Changes can come faster than the engine draws them: only the latest is drawn, one at a time,
   * and nothing drawn from storage is saved back (an older state written over a newer one). */
  async fromOtherTab(record) {
    if (!this.started || this.engine.status !== "ready") return;
    this.fromTab = record; // null: cleared there; undefined: nothing waiting
    if (this.adopting) return;
    this.adopting = true;
    try {
      while (this.fromTab !== undefined) {
        const latest = this.fromTab;
        this.fromTab = undefined;
        await this.adopt(latest);
      }
    } finally {
      this.adopting = false;
    }
  }

  async adopt(record) {
    if (record === null) {
      this.queue = [];
      try { this.current = await this.session("start", { flow: this.flow }); } catch (err) { this.fail(err); return; }
      this.renderQuestion(this.current.view, { focus: false });
      this.notice("另一个标签页清除了保存的回答，这里也已经清空。");
      return;
    }
    if (this.current && JSON.stringify(record.state) === JSON.stringify(this.current.state)
      && record.screen === this.root.dataset.view) return;
    this.saved = record;
    this.queue = [];
    await this.flush();
    this.notice("你在另一个标签页里改了回答，这里已经换成最新的进度。");
  }

  /** After 清除 was undone: draw the restored progress. */
  async resume() {
    const { saved, stale } = store.read(this.flow, this.version);
    if (!saved || this.engine.status !== "ready") { window.location.reload(); return; }
    this.saved = saved;
    this.stale = !!stale;
    await this.flush();
  }

  // -- typed but not yet sent ---------------------------------------------------------------------

  keepTyped(target) {
    const form = target && target.closest ? target.closest("form.gt-question") : null;
    if (form && form.dataset.question) saveTyped("wizard", { question: typedKey(form), value: readAnswer(form) });
  }

  /** Fill a drawn question form with what was typed into it before a reload, if anything. */
  restoreTyped(form) {
    const typed = readTyped("wizard");
    if (form && typed.question === typedKey(form)) restoreValue(form, typed.value);
  }

  // -- history: one entry per step ------------------------------------------------------------------

  /** The step on screen: "q:<question id>" ("q:<id>@<item>" in a group), "review" or "result". */
  step() {
    const view = this.current && this.current.view;
    if (this.root.dataset.view === "question" && view && view.type === "question") return questionStep(view.question);
    return this.root.dataset.view;
  }

  /** How the state holds the step a history entry names: "answered" (edit goes there), "added"
   * (a group's "add another?" said yes: only Back goes there), or "" (not answered). */
  answeredAs(target) {
    const state = this.current.state;
    const groups = state.groups || {};
    if (target.item === null) {
      if (Object.prototype.hasOwnProperty.call(state.answers || {}, target.id)) return "answered";
      const group = groups[target.id];
      return group && group.closed ? "answered" : "";
    }
    for (const [id, group] of Object.entries(groups)) {
      const items = group.items || [];
      if (id === target.id) {
        if (target.item < items.length - 1) return "added";
        return target.item === items.length - 1 && group.closed ? "answered" : "";
      }
      const item = items[target.item];
      if (item && Object.prototype.hasOwnProperty.call(item, target.id)) return "answered";
    }
    return "";
  }

  remember() {
    if (this.popping || !this.current) return;
    const step = this.step();
    const here = history.state || {};
    if (here.gtStep === step || stepInUrl() === step) return;
    // The step is in the URL's fragment too: Material rewrites an entry's state with its scroll
    // offset, and the fragment is what survives.
    const url = `#step=${encodeURIComponent(step)}`;
    if (here.gtStep || location.hash.startsWith("#step=")) history.pushState({ ...here, gtStep: step }, "", url);
    else history.replaceState({ ...here, gtStep: step }, "", url);
  }

  /** The browser's Back/Forward: go to the step its entry names. A second Back that comes while
   * the first is still moving is kept and followed once the first is done. */
  async onPop(step) {
    // (a wizard left behind by Material's instant navigation no longer answers)
    if (!step || !this.root.isConnected || !this.current || this.engine.status !== "ready") return;
    this.wantStep = step;
    if (this.popping) return;
    this.popping = true;
    this.root.dataset.moving = "";
    try {
      while (this.wantStep) {
        const next = this.wantStep;
        this.wantStep = null;
        while (this.busy) await new Promise((resolve) => { setTimeout(resolve, 50); });
        await this.goTo(next);
      }
    } finally {
      this.popping = false;
      delete this.root.dataset.moving;
      history.replaceState({ ...(history.state || {}), gtStep: this.step() }, "", `#step=${encodeURIComponent(this.step())}`);
    }
  }

  /** Move to a step the browser's history names. The question on screen is first given its kept
   * answer (so nothing is lost on the way); an answered question is then edited (later answers
   * kept), and a later step is reached by giving each question again its kept answer. */
  async goTo(step) {
    const target = parseStep(step);
    for (let guard = 0; guard < 500 && this.step() !== step; guard++) {
      const view = this.current.view;
      if (view.type !== "question" && !target) {
        if (step === "result") this.renderResult();
        else this.renderReview();
        return;
      }
      const kept = view.type === "question" ? view.question.value : null;
      if (kept === null || kept === undefined) {
        const how = target ? this.answeredAs(target) : "";
        if (how === "answered") await this.run("edit", { question: target.id, item: target.item });
        // A "yes, add another" cannot be edited (that would drop the items after it): step back to it.
        for (let n = 0; how === "added" && n < 200 && this.step() !== step; n++) {
          const from = this.current;
          await this.run("back", {});
          if (this.current === from) break;
        }
        return;
      }
      const before = this.current;
      await this.run("answer", { value: kept });
      if (this.current === before) return;
    }
  }

  // -- screens ----------------------------------------------------------------------------------

  setView(name) { this.root.dataset.view = name; }

  renderQuestion(view, { focus = true, error = "", pendingValue } = {}) {
    this.setView("question");
    clear(this.screen);
    this.screen.append(questionForm(this.root, view, pendingValue));
    if (pendingValue === undefined) this.restoreTyped(this.screen.querySelector("form.gt-question"));
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
    if (el) { el.textContent = message; el.classList.remove("gt-note"); }
    const field = this.screen.querySelector("#gt-answer") || this.screen.querySelector('input[name="answer"]');
    if (field) { field.setAttribute("aria-invalid", "true"); field.focus(); }
  }

  renderReview(focus = true) {
    this.setView("review");
    clear(this.screen);
    this.screen.append(...reviewScreen(this.current.view.summary || []));
    this.save();
    this.remember();
    if (focus) focusHeading(this.screen);
    announce(this.live, "问题已经答完。请检查你的回答。");
  }

  renderResult(focus = true) {
    const view = this.current.view;
    this.setView("result");
    clear(this.screen);
    const { body, letter } = resultScreen(view.plan || {}, this.root.dataset.root || "../../");
    this.screen.append(body);
    this.save();
    this.remember();
    if (focus) focusHeading(this.screen);
    announce(this.live, "自测结果已经显示。");
    this.letterText = String(view.letter || "");
    letter.textContent = this.letterText;
    this.keepAssessed();
  }

  /** Keep with the saved progress what this result was assessed under, so reopening it under
   * other rules says what changed (reopen.js). Not kept: reopening then compares nothing. */
  async keepAssessed() {
    const state = this.current.state;
    if (this.assessed && this.assessed.state === state) return;
    try {
      const value = await assessedNow(this.engine, state);
      if (this.current && this.current.state === state && this.root.dataset.view === "result") {
        this.assessed = { state, value };
        this.save();
      }
    } catch { /* the result stays on screen; the record just keeps no assessment */ }
  }

  async show(result, { focus = true, screen } = {}) {
    this.current = result;
    if (result.view.type === "question") {
      this.renderQuestion(result.view, { focus });
      announce(this.live, progressSaid(result.view.progress));
      this.save();
      this.remember();
    } else if (screen === "result") {
      this.renderResult(focus);
    } else {
      this.renderReview(focus);
    }
  }

  // -- engine ready: replay what the reader did meanwhile -----------------------------------------

  async flush() {
    let r;
    try {
      if (this.saved) {
        this.saved = await reopenSaved(this.engine, this.saved, this.noticeEl);
        // A record the engine re-assessed is already on today's questions (its notes are shown).
        if (this.saved.state && String(this.saved.state.version) === String(this.version)) this.stale = false;
        try {
          if (this.stale) {
            // Saved under older questions: carried over answer by answer, never wiped.
            r = await this.session("migrate", { state: this.saved.state });
            this.notice(["自测的问题更新过：你之前的回答已经换成新版的问题，不用从头再填。", ...(r.notes || [])].join(""));
          } else {
            r = await this.session("view", { state: this.saved.state });
          }
        } catch (err) {
          if (err.code === "engine_failed") throw err;
          this.notice(`之前保存的进度无法继续使用，已经清除。${err.message && !/清除/.test(err.message) ? "（" + err.message + "）" : ""}`);
          store.remove(this.flow);
          this.saved = null;
          if (this.shownView) { this.queue = []; } // the question shown came from the bad save
          r = await this.session("start", { flow: this.flow });
        }
      } else {
        r = await this.session("start", { flow: this.flow });
      }
      const queued = [];
      let failed = null;
      let strayed = false;
      while (this.queue.length) { // (an answer given while these replay is replayed too)
        const act = this.queue.shift();
        queued.push(act);
        // An answer the walk took at another step than the engine's: the engine's step comes next.
        if (act.at !== undefined && act.at !== stepOf(r.view)) { strayed = true; this.queue = []; break; }
        try {
          r = await this.session(act.cmd, { state: r.state, ...act.args });
        } catch (err) {
          if (err.code === "engine_failed") throw err;
          failed = { err, act };
          break;
        }
      }
      this.walkState = null;
      saveTyped(WALKED, {}); // replayed: the engine's state is what is kept from here on
      this.status("工具已就绪。你的回答只保存在这台设备上。");
      const hadSaved = !!this.saved && !this.stale;
      this.stale = false;
      const savedScreenName = this.saved && this.saved.screen;
      const interacted = queued.length > 0;
      this.saved = null;
      if (failed) {
        this.current = r;
        this.renderQuestion(r.view, { error: failed.err.message, pendingValue: failed.act.args.value });
        this.save(); // the answers before the refused one are the engine's now
        return;
      }
      if (strayed) this.notice("工具加载好了。根据你的回答，接下来要回答的是这一题，请从这里接着填。");
      const walked = interacted && !strayed && queued.every((act) => act.at !== undefined);
      const form = this.screen.querySelector("form.gt-question");
      const sameQuestion = (!interacted || walked) && this.root.dataset.view === "question" && r.view.type === "question"
        && form && typedKey(form) === questionStep(r.view.question).slice(2);
      if (sameQuestion) {
        // Keep the form the reader may be filling in; just adopt the engine's state.
        this.current = r;
        const back = this.screen.querySelector('[data-action="back"]');
        if (back) back.disabled = !r.view.can_back;
        this.save();
        this.remember();
        return;
      }
      const savedScreen = hadSaved && !interacted && (savedScreenName === "result" || savedScreenName === "review") ? savedScreenName : undefined;
      await this.show(r, { focus: interacted, screen: savedScreen });
    } catch (err) {
      this.fail(err);
    } finally {
      // The engine has taken over what the page showed (or failed): nothing drawn from here on
      // comes from the replay. Tests wait for this instead of guessing from the timing.
      this.root.dataset.replayed = "";
    }
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

  async run(cmd, args) {
    if (this.busy) return;
    this.busy = true;
    this.root.setAttribute("aria-busy", "true");
    try {
      const r = await this.session(cmd, { state: this.current.state, ...args });
      await this.show(r);
    } catch (err) {
      if (err.code === "engine_failed") { this.setFailedUI(); return; }
      if (this.root.dataset.view === "question") {
        this.showError(err.message);
        announce(this.live, err.message);
      } else {
        this.notice(err.message);
      }
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
      if (form.dataset.kind === "number") this.answerNumber(form, value);
      else this.answer(value);
      return;
    }
    if (this.engine.status === "failed") return;
    if (this.walkOn({ cmd: "answer", args: { value } })) return;
    // Not ready: keep the answer, show that it is kept, replay it later.
    this.queue.push({ cmd: "answer", args: { value } });
    this.renderWaiting("工具还在加载，加载好就会显示下一个问题。你的回答已经记下，不会丢。");
    announce(this.live, "已记下你的回答，正在加载下一题。");
  }

  /** One step on the page-side walk, not yet taken: {next, at} (the walk's next state, and the
   * step it was taken at), {error} (the engine's own words for an empty answer), or null when
   * there is no walk or it cannot go on (the waiting screen then shows, as before). */
  walkStep(act) {
    if (!this.walkState) return null;
    try {
      const at = stepOf(walk.view(this.walkFlow, this.walkState));
      const r = act.cmd === "back" ? { state: walk.back(this.walkFlow, this.walkState) }
        : walk.answer(this.walkFlow, this.walkState, act.args.value);
      return r.error ? { error: r.error } : { next: r.state, at };
    } catch (err) {
      console.warn("协商指南：", err);
      this.walkState = null;
      return null;
    }
  }

  /** Take a walked step: kept for the engine to replay, and on the device until it has. */
  takeWalked(act, step) {
    this.queue.push({ ...act, at: step.at, before: this.walkState });
    this.walkState = step.next;
  }

  /** The walked steps the engine has not replayed yet, kept on the device: a phone that drops the
   * tab while the engine loads (or a reload) loses none of them. Cleared once replayed. */
  keepWalked() {
    const acts = this.queue.filter((act) => act.at !== undefined).map(({ cmd, args }) => ({ cmd, args }));
    saveTyped(WALKED, acts.length ? { flow: this.flow, version: this.version, base: this.walkBase, acts } : {});
  }

  /** After a reload before the engine was ready: take the kept walked steps again, from the same
   * starting point, and show where they led. */
  restoreWalked() {
    const kept = readTyped(WALKED);
    if (!this.walkState || !Array.isArray(kept.acts) || kept.flow !== this.flow || kept.version !== this.version
      || JSON.stringify(kept.base) !== JSON.stringify(this.walkBase)) return;
    for (const act of kept.acts) {
      if (!act || (act.cmd !== "answer" && act.cmd !== "back")) break;
      const step = this.walkStep({ cmd: act.cmd, args: act.cmd === "answer" ? { value: act.args && act.args.value } : {} });
      if (!step || step.error) break;
      this.takeWalked(act, step);
    }
    if (this.queue.length) this.drawWalked({ focus: false });
  }

  /** The walk's current step on screen: its question, or the waiting screen at the end. */
  drawWalked({ focus = true } = {}) {
    const view = walk.view(this.walkFlow, this.walkState);
    if (view.type !== "question") {
      this.renderWaiting(view.type === "end" ? "工具还在加载，加载好就会请你核对全部回答。你的回答已经记下，不会丢。" : undefined, focus);
      announce(this.live, "已记下你的回答，正在加载。");
      return;
    }
    this.renderQuestion(view, { focus });
    announce(this.live, progressSaid(view.progress));
  }

  /** Before the engine is ready: take the reader's step on the page-side walk, keep it for the
   * engine to replay (with the step it was taken at) and draw the walk's next question. False
   * when there is no walk (the waiting screen then shows, as before). */
  walkOn(act) {
    const step = this.walkStep(act);
    if (!step) return false;
    if (step.error) { this.showError(step.error); announce(this.live, step.error); return true; } // the engine's words
    this.takeWalked(act, step);
    this.keepWalked();
    this.drawWalked();
    return true;
  }

  async answer(value) {
    await this.run("answer", { value });
    const err = this.screen.querySelector("#gt-q-error");
    if (!err || !err.textContent) saveTyped("wizard", {}); // sent and taken: nothing left unsent
  }

  /** A number that is unusual (100 years overdue) is asked about once — "确定吗？" — and a second
   * tap on 下一步 sends it as it is; nothing is blocked. */
  async answerNumber(form, value) {
    const field = this.current.view.question && this.current.view.question.field;
    if (field && form.dataset.sure !== value && !this.busy) {
      let checks;
      try {
        checks = (await this.engine.call("numbers", { form: "profile", values: { [field]: value } })).checks;
      } catch { checks = []; } // not readable: the answer itself says why
      if (checks.length) {
        form.dataset.sure = value;
        const note = form.querySelector("#gt-q-error");
        if (note) { note.textContent = `${checks[0].message}再点一次“下一步”继续。`; note.classList.add("gt-note"); }
        return;
      }
    }
    this.answer(value);
  }

  onAction(action, btn) {
    const ready = this.engine.status === "ready" && this.current;
    switch (action) {
      case "back":
        if (ready) { this.run("back", {}); return; }
        if (this.engine.status !== "failed" && !this.walkOn({ cmd: "back", args: {} })) {
          this.queue.push({ cmd: "back", args: {} });
          this.renderWaiting("工具还在加载，加载好就会回到上一题。");
        }
        return;
      case "unqueue": {
        const last = this.queue.pop();
        if (last && last.before) { // taken by the walk: its question again, the answer in it
          this.walkState = last.before;
          this.keepWalked();
          this.renderQuestion(walk.view(this.walkFlow, this.walkState), { pendingValue: last.args.value });
          return;
        }
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
        if (ready) {
          this.run("edit", { question: btn.dataset.question,
            item: btn.dataset.item === undefined ? null : Number(btn.dataset.item) });
        }
        return;
      case "remove-item":
        if (ready) this.removeItem(btn.dataset.group, Number(btn.dataset.item));
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
      case "clear": {
        let box = this.root.querySelector("[data-clear-box]");
        if (!box) {
          box = h("div", { class: "gt-clear-box", "data-clear-box": "" });
          btn.after(box);
        }
        askClear(box, { onClear: () => this.clearData(), onUndo: () => this.resume(), live: this.live });
        return;
      }
      default:
    }
  }

  /** Take one debt out (from the review); the review is drawn again without it. */
  async removeItem(group, item) {
    const block = (this.current.view.summary || []).find((entry) => entry.id === group);
    const title = block && block.items && block.items[item] ? block.items[item].title : "";
    await this.run("remove_item", { group, item });
    if (this.root.dataset.view === "review") announce(this.live, `已删除${title}。其他的回答都还在。`);
  }

  async clearData() {
    store.removeAll();
    this.queue = [];
    this.saved = null;
    this.shownView = null;
    this.letterText = "";
    if (this.engine.status === "ready") {
      try {
        const r = await this.session("start", { flow: this.flow });
        this.current = r;
        this.renderQuestion(r.view);
      } catch (err) { this.fail(err); }
    } else {
      this.showInitial();
      if (this.walkState) this.walkState = this.walkBase = walk.start(this.walkFlow);
    }
    store.remove(this.flow); // a save made while the engine was starting
    this.notice("已清除你在这台设备上保存的所有回答。");
    announce(this.live, "已清除你在这台设备上保存的所有回答。");
  }
}

export function mount(root) {
  if (root.__wizard) return root.__wizard;
  root.__wizard = new Wizard(root);
  return root.__wizard;
}

