// The repayment-plan calculator: reads the form, asks the engine and draws the figures, the
// schedule table and an SVG bar chart. It answers both "分几期还，每期还多少" and "每月能还多少，
// 要还多少期" (guide_engine.calculator.calculate),
// can start from the reader's saved self-assessment ("用自测结果填入", "calculator_prefill": the
// amounts go into the form, never into the address) and lays up to three plans side by side, kept
// on this device across a reload. The engine reads what was typed (bridge "numbers"), computes
// the plan and writes every figure and message (bridge "calculate": the page formats no number);
// a refusal shows beside its field. Inputs typed before the engine is ready are computed as soon
// as it is.

import { announce, clear, focusHeading, h } from "./ui.js";
import { getEngine, whenReady } from "./engine-client.js";
import { clearFields, showChecks, showFieldError } from "./fields.js";
import { keepTyped, readTyped, saveTyped } from "./typed-store.js";
import { savedAssessment, savedProfile } from "./saved-assessment.js";

const SVG = "http://www.w3.org/2000/svg";

/** The fields each question reads, as typed (the engine reads them: "5.2万", "８个月", "6%"). */
const FIELDS = {
  months: ["principal", "months", "annual_rate", "monthly_fee_rate"],
  payment: ["principal", "monthly_payment", "annual_rate", "monthly_fee_rate"],
};
/** How many plans can stand side by side (three still read on a 360-px phone). */
const COMPARE_MAX = 3;
/** Where the compared plans are kept across a reload (typed-store's key, so "清除我的数据" clears
 * it): what each was computed from, {question, values} as the engine read them — the figures are
 * computed again when the page opens, never stored as text. */
const COMPARE_KEY = "calculator-compare";

function chart(schedule) {
  const n = schedule.length;
  const W = 640, H = 220, pad = 28;
  const max = Math.max(...schedule.map((r) => r.payment), 1);
  const bw = (W - pad * 2) / n;
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
  svg.setAttribute("class", "gt-chart");
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-labelledby", "calc-chart-title");
  const title = document.createElementNS(SVG, "title");
  title.id = "calc-chart-title";
  title.textContent = `每期还款柱状图：共 ${n} 期，深色是本金，浅色是利息或手续费`;
  svg.append(title);
  const scale = (H - pad * 2) / max;
  schedule.forEach((r, i) => {
    const x = pad + i * bw + bw * 0.1;
    const w = Math.max(bw * 0.8, 0.5);
    const hp = r.principal * scale, hi = r.interest * scale;
    const base = H - pad;
    for (const [cls, y, hh] of [["gt-bar-principal", base - hp, hp], ["gt-bar-interest", base - hp - hi, hi]]) {
      if (hh <= 0) continue;
      const rect = document.createElementNS(SVG, "rect");
      rect.setAttribute("x", x.toFixed(2));
      rect.setAttribute("y", y.toFixed(2));
      rect.setAttribute("width", w.toFixed(2));
      rect.setAttribute("height", hh.toFixed(2));
      rect.setAttribute("class", cls);
      svg.append(rect);
    }
  });
  const axis = document.createElementNS(SVG, "line");
  axis.setAttribute("x1", pad); axis.setAttribute("x2", W - pad);
  axis.setAttribute("y1", H - pad); axis.setAttribute("y2", H - pad);
  axis.setAttribute("class", "gt-axis");
  svg.append(axis);
  for (const [x, label, anchor] of [[pad, "第 1 期", "start"], [W - pad, `第 ${n} 期`, "end"]]) {
    const t = document.createElementNS(SVG, "text");
    t.setAttribute("x", x); t.setAttribute("y", H - 8); t.setAttribute("text-anchor", anchor);
    t.textContent = label;
    svg.append(t);
  }
  const legend = h("p", { class: "gt-legend-row" },
    h("span", { class: "gt-key gt-key-principal", "aria-hidden": "true" }), "本金　",
    h("span", { class: "gt-key gt-key-interest", "aria-hidden": "true" }), "利息或手续费");
  return [svg, legend];
}

function render(box, result) {
  const { plan, view } = result;
  clear(box);
  box.append(h("h2", { id: "calc-result-title", tabindex: "-1" }, "计算结果"));
  const dl = h("dl", { class: "gt-figures", "data-figures": "" });
  for (const { label, value } of view.figures) dl.append(h("div", {}, h("dt", {}, label), h("dd", {}, value)));
  box.append(h("p", {}, view.intro), dl);
  box.append(h("h3", {}, "每期还款图"), ...chart(plan.schedule));
  const table = h("table", { class: "gt-schedule" },
    h("caption", {}, view.caption),
    h("thead", {}, h("tr", {}, ...view.columns.map((t) => h("th", { scope: "col" }, t)))));
  const tbody = h("tbody");
  for (const [month, ...cells] of view.rows) {
    tbody.append(h("tr", {}, h("th", { scope: "row" }, month), ...cells.map((c) => h("td", {}, c))));
  }
  table.append(tbody);
  box.append(h("h3", {}, "每期明细"), h("div", { class: "gt-table-wrap", tabindex: "0", role: "region", "aria-label": "每期明细表" }, table));
}

/** The plans side by side: one column per plan, one row per figure (a figure one plan lacks,
 * such as the effective rate of a fee-based plan, shows "—" in the others). */
function drawComparison(wrap, views, onRemove) {
  clear(wrap);
  const table = h("table", { class: "gt-compare-table", "data-compare-rows": "" }, h("caption", {}, "每一列是一个方案"));
  const head = h("tr", {}, h("td", {}));
  views.forEach((v, i) => {
    const remove = h("button", { type: "button", class: "gt-compare-remove", "aria-label": `移除方案 ${i + 1}` }, "移除");
    remove.addEventListener("click", () => onRemove(i));
    head.append(h("th", { scope: "col" }, `方案 ${i + 1}`, h("br"), remove));
  });
  table.append(h("thead", {}, head));
  const each = views.map((v) => [v.principal, ...v.figures]);
  const labels = [];
  for (const rows of each) for (const { label } of rows) if (!labels.includes(label)) labels.push(label);
  const body = h("tbody");
  for (const label of labels) {
    const cells = each.map((rows) => { const row = rows.find((r) => r.label === label); return row ? row.value : "—"; });
    body.append(h("tr", {}, h("th", { scope: "row" }, label), ...cells.map((v) => h("td", {}, v))));
  }
  table.append(body);
  wrap.append(table);
}

/** "用自测结果填入": the reader's own numbers, one debt at a time, put into the form. */
function offerPrefill(root, form, engine, onFilled) {
  const box = root.querySelector("[data-prefill]");
  const state = savedAssessment();
  if (!box || !state) return;
  savedProfile(engine, state)
    .then((profile) => engine.call("calculator_prefill", { profile }))
    .then((options) => {
      if (!options.length) return;
      const button = h("button", { type: "button", class: "md-button", "data-action": "prefill" }, "用自测结果填入");
      let pick = null;
      box.append(h("p", { class: "gt-hint" }, "你在这台设备上做过自测。可以用自测里的欠款和每月能拿出的钱来算（只填进下面的格子，不会离开这台设备）。"));
      if (options.length > 1) {
        pick = h("select", { id: "calc-prefill-debt", "aria-label": "用哪一笔欠款" },
          ...options.map((o, i) => h("option", { value: String(i) }, o.label)));
        box.append(h("div", { class: "gt-field" }, h("label", { for: "calc-prefill-debt" }, "用哪一笔欠款"), pick));
      }
      box.append(h("div", { class: "gt-actions" }, button));
      box.hidden = false;
      button.addEventListener("click", () => {
        const chosen = options[pick ? Number(pick.value) : 0];
        for (const [name, value] of Object.entries(chosen.values)) {
          const field = form.elements.namedItem(name);
          if (field) field.value = value;
        }
        for (const radio of form.querySelectorAll('input[name="mode"]')) radio.checked = radio.value === chosen.mode;
        form.dispatchEvent(new Event("change", { bubbles: true })); // kept like typed values
        onFilled();
      });
    }, (err) => console.warn("协商指南：没能读出自测结果", err)); // the calculator works without it
}

/** The plans compared before a reload, computed again by the engine (one it now refuses, say
 * after a rule changed, is left out). */
function restoreCompared(engine, onRestored) {
  const kept = readTyped(COMPARE_KEY).options;
  if (!Array.isArray(kept) || !kept.length) return;
  const asked = kept.slice(0, COMPARE_MAX).filter((a) => a && typeof a === "object" && a.values && typeof a.values === "object");
  Promise.all(asked.map((a) => engine.call("calculate", { question: a.question, ...a.values })
    .then((result) => ({ asked: a, view: result.view }), () => null)))
    .then((done) => { const ok = done.filter(Boolean); if (ok.length) onRestored(ok); });
}

export function mount(root) {
  if (root.__calc) return;
  root.__calc = true;
  const form = root.querySelector("[data-form]");
  const box = root.querySelector("[data-result]");
  const errorEl = root.querySelector("#calc-error");
  const compareBox = root.querySelector("[data-compare]");
  const compareTable = root.querySelector("[data-compare-table]");
  const addButton = root.querySelector('[data-action="compare-add"]');
  const live = root.querySelector("[data-announce]");
  const engine = getEngine(root);
  keepTyped(form, "calculator");
  let current = null; // the plan on screen and what it was computed from
  const compared = [];

  const mode = () => (form.querySelector('input[name="mode"]:checked') || {}).value === "payment" ? "payment" : "months";
  const showMode = () => {
    for (const part of root.querySelectorAll("[data-mode]")) part.hidden = part.dataset.mode !== mode();
  };
  form.addEventListener("change", showMode);
  showMode();

  const compute = async (focus) => {
    const question = mode();
    const typed = Object.fromEntries(FIELDS[question].map((name) => [name, form.elements.namedItem(name).value]));
    clearFields(form);
    errorEl.textContent = "";
    try {
      const read = await engine.call("numbers", { form: "calculator", values: typed });
      const asked = { question, values: read.values };
      const result = await engine.call("calculate", { question, ...read.values });
      render(box, result);
      showChecks(form, read.checks);
      current = { asked, view: result.view };
      addButton.disabled = compared.length >= COMPARE_MAX;
      root.dataset.result = "ok";
      if (focus) focusHeading(box);
    } catch (err) {
      clear(box); // a failed calculation leaves no earlier result under the error
      current = null;
      addButton.disabled = true;
      root.dataset.result = "error";
      if (!showFieldError(form, err)) errorEl.textContent = err.message;
    }
  };

  const keepCompared = () => saveTyped(COMPARE_KEY, { options: compared.map((o) => o.asked) });
  const redraw = () => {
    compareBox.hidden = compared.length === 0;
    if (compared.length) {
      drawComparison(compareTable, compared.map((o) => o.view), (i) => { compared.splice(i, 1); keepCompared(); redraw(); });
    }
    addButton.disabled = !current || compared.length >= COMPARE_MAX;
  };
  addButton.addEventListener("click", () => {
    if (!current || compared.length >= COMPARE_MAX) return;
    compared.push(current);
    current = null; // the same plan is added once
    keepCompared();
    redraw();
    announce(live, `已加入对比：现在有 ${compared.length} 个方案。`);
  });
  root.querySelector('[data-action="compare-clear"]').addEventListener("click", () => { compared.length = 0; keepCompared(); redraw(); });
  restoreCompared(engine, (restored) => { compared.push(...restored.slice(0, COMPARE_MAX - compared.length)); redraw(); });

  const request = whenReady(root, {
    readyText: "计算器已就绪。你输入的数字只在这台设备上计算。",
    waitingText: "计算器还在加载，加载好就会显示结果。",
    live,
  }, () => compute(true));
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    errorEl.textContent = "";
    request();
  });
  offerPrefill(root, form, engine, () => { showMode(); request(); });
}
