// The repayment-plan calculator: reads the form, asks the engine (guide_engine.repayment_plan in
// Pyodide) and draws the figures, the schedule table and an SVG bar chart. The engine reads what
// was typed (bridge "numbers") and words every message; a refusal shows beside its field. Inputs typed before the engine is ready are computed as soon
// as it is.

import { clear, focusHeading, h, money, pct } from "./ui.js";
import { getEngine, whenReady } from "./engine-client.js";
import { clearFields, showChecks, showFieldError } from "./fields.js";
import { keepTyped } from "./typed-store.js";

const SVG = "http://www.w3.org/2000/svg";

/** The calculator's fields, as typed (the engine reads them: "5.2万", "８个月", "6%"). */
const FIELDS = ["principal", "months", "annual_rate", "monthly_fee_rate"];

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

const METHOD = { equal: "平均分期（没有利息）", annuity: "等额本息（按年利率）", flat_fee: "按每月手续费率" };

function render(box, plan, input) {
  clear(box);
  box.append(h("h2", { id: "calc-result-title", tabindex: "-1" }, "计算结果"));
  const last = plan.schedule.length ? plan.schedule[plan.schedule.length - 1].payment : plan.monthly_payment;
  const rows = [
    ["算法", METHOD[plan.method] || plan.method],
    ["每月还款", `${money(plan.monthly_payment)} 元`],
    ["还款总额", `${money(plan.total_paid)} 元`],
    ["利息和手续费合计", `${money(plan.total_cost)} 元`],
  ];
  if (Math.abs(last - plan.monthly_payment) >= 0.005) rows.push(["最后一期", `${money(last)} 元（吸收四舍五入的零头）`]);
  if (plan.method === "flat_fee") rows.push(["实际年化利率", `约 ${pct(plan.effective_annual_rate)}（手续费按最初的本金每月收取，实际成本比“月费率 × 12”高）`]);
  const dl = h("dl", { class: "gt-figures", "data-figures": "" });
  for (const [k, v] of rows) dl.append(h("div", {}, h("dt", {}, k), h("dd", {}, v)));
  box.append(h("p", {}, `${money(input.principal)} 元，分 ${plan.schedule.length} 个月：`), dl);
  box.append(h("h3", {}, "每期还款图"), ...chart(plan.schedule));
  const table = h("table", { class: "gt-schedule" },
    h("caption", {}, "每期明细（元）"),
    h("thead", {}, h("tr", {}, ...["期数", "还款", "其中本金", "利息或手续费", "还剩本金"].map((t) => h("th", { scope: "col" }, t)))));
  const tbody = h("tbody");
  for (const r of plan.schedule) {
    tbody.append(h("tr", {}, h("th", { scope: "row" }, String(r.month)), h("td", {}, money(r.payment)), h("td", {}, money(r.principal)),
      h("td", {}, money(r.interest)), h("td", {}, money(r.balance))));
  }
  table.append(tbody);
  box.append(h("h3", {}, "每期明细"), h("div", { class: "gt-table-wrap", tabindex: "0", role: "region", "aria-label": "每期明细表（可横向滚动）" }, table));
}

export function mount(root) {
  if (root.__calc) return;
  root.__calc = true;
  const form = root.querySelector("[data-form]");
  const box = root.querySelector("[data-result]");
  const errorEl = root.querySelector("#calc-error");
  const engine = getEngine(root);
  keepTyped(form, "calculator");

  const compute = async (focus) => {
    const typed = Object.fromEntries(FIELDS.map((name) => [name, form.elements.namedItem(name).value]));
    clearFields(form);
    errorEl.textContent = "";
    try {
      const read = await engine.call("numbers", { form: "calculator", values: typed });
      const input = read.values;
      const plan = await engine.call("plan", input);
      render(box, plan, input);
      showChecks(form, read.checks);
      root.dataset.result = "ok";
      if (focus) focusHeading(box);
    } catch (err) {
      clear(box); // a failed calculation leaves no earlier result under the error
      root.dataset.result = "error";
      if (!showFieldError(form, err)) errorEl.textContent = err.message;
    }
  };

  const request = whenReady(root, {
    readyText: "计算器已就绪。你输入的数字只在这台设备上计算。",
    waitingText: "计算器还在加载，加载好就会显示结果。",
    live: root.querySelector("[data-announce]"),
  }, () => compute(true));
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    errorEl.textContent = "";
    request();
  });
}
