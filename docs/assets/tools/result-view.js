// The wizard's two end screens, drawn from the engine's output: the review of every answer (with
// a "修改" button each) and the result as a plan (guide_engine.plan_view: the first action, a
// checklist with done-ticks, deadlines with calendar files, the budget and each lender's offer,
// the details folded away, then the letter draft). Pure drawing: every word and number comes from
// the engine; the controller (wizard.js) fetches, saves, moves focus and announces. The result
// keeps its own two small behaviours: a tick is saved through case-store.js, and a calendar button
// downloads the .ics text the engine wrote. Text goes in only through text nodes (ui.js h()).

import { onTicksFromOtherTab, readTicks, setTick } from "./case-store.js";
import { announce, h, sourceHref } from "./ui.js";

const button = (action, text, primary = false) =>
  h("button", { type: "button", class: primary ? "md-button md-button--primary" : "md-button", "data-action": action }, text);

function editButton(name, id, item) {
  const attrs = { type: "button", class: "md-button gt-edit", "data-action": "edit", "data-question": String(id),
    "aria-label": `修改：${name}` };
  if (Number.isInteger(item)) attrs["data-item"] = String(item);
  return h("button", attrs, "修改");
}

function answerRow(entry, prefix = "") {
  const name = String(entry.short || entry.text);
  return h("div", { class: "gt-review-item" },
    h("dt", {}, name),
    h("dd", {}, h("span", { class: "gt-review-answer" }, String(entry.answer_label)),
      editButton(prefix + name, entry.id, entry.item)));
}

/** A repeatable group (every debt): one block per item, each answer with 修改, the item with
 * "删除这笔" while more than one is left, and "再加一笔" while the group has room. */
function groupBlocks(group) {
  const blocks = [];
  for (const block of Array.isArray(group.items) ? group.items : []) {
    const title = `${group.short} · ${block.title}`;
    const id = `gt-review-${String(group.id)}-${Number(block.index)}`;
    const list = h("dl", { class: "gt-review-list" },
      ...(Array.isArray(block.answers) ? block.answers : []).map((entry) => answerRow(entry, `${block.title}的`)));
    const section = h("section", { class: "gt-review-group", "aria-labelledby": id,
      "data-review-item": String(block.index) }, h("h3", { id }, title), list);
    if (group.can_remove) {
      section.append(h("div", { class: "gt-actions" }, h("button", { type: "button", class: "md-button",
        "data-action": "remove-item", "data-group": String(group.id), "data-item": String(block.index),
        "aria-label": `删除这笔：${block.title}` }, "删除这笔")));
    }
    blocks.push(section);
  }
  if (group.can_add) {
    blocks.push(h("div", { class: "gt-actions" }, h("button", { type: "button", class: "md-button",
      "data-action": "edit", "data-question": String(group.id) }, `再加一${String(group.unit || "项")}`)));
  }
  return blocks;
}

/**
 * The review screen's nodes: every answer with a "修改" button; a repeatable group (the debts) as
 * one block per item.
 * @param {Array<object>} items the engine's answers summary (session.answers_summary)
 */
export function reviewScreen(items) {
  const out = [
    h("h2", { class: "gt-qtitle", tabindex: "-1" }, "检查一下你的回答"),
    h("p", {}, "答案都在下面。哪一项不对，点“修改”改掉，其他答案会保留。确认没问题后看结果。"),
  ];
  let list = null;
  for (const item of items) {
    if (Array.isArray(item.items)) {
      list = null;
      out.push(...groupBlocks(item));
      continue;
    }
    if (!list) { list = h("dl", { class: "gt-review-list" }); out.push(list); }
    list.append(answerRow(item));
  }
  out.push(h("div", { class: "gt-actions" }, button("back", "上一步"), button("show-result", "查看结果", true)));
  return out;
}

// A site page (relative to the root, optionally with an anchor), an anchor on this page, or a
// phone number: the only links the engine's plan may ask for.
const SITE_HREF = /^[a-z0-9][a-z0-9\-/]*\/(#[a-z0-9-]+)?$/;
const ANCHOR_HREF = /^#[a-z0-9-]+$/;
const TEL_HREF = /^tel:\d{3,15}$/;

function siteHref(href, root) {
  if (typeof href !== "string") return null;
  if (SITE_HREF.test(href)) return root + href;
  return ANCHOR_HREF.test(href) ? href : null;
}

/** A sentence in the engine's pieces, each phone number it names a tap-to-call link. */
function say(pieces) {
  const out = document.createDocumentFragment();
  for (const p of Array.isArray(pieces) ? pieces : [{ text: pieces }]) {
    if (p.tel && TEL_HREF.test(p.tel)) out.append(h("a", { href: p.tel, class: "gt-tel" }, String(p.text)));
    else out.append(String(p.text ?? ""));
  }
  return out;
}

const some = (list) => Array.isArray(list) && list.length > 0;

function pathsList(paths, root) {
  const ol = h("ol", { class: "gt-paths" });
  for (const p of paths) {
    const li = h("li", { "data-path": String(p.id) }, h("strong", {}, String(p.title || p.id)));
    if (some(p.why)) li.append(h("p", {}, say(p.why)));
    const more = h("p", { class: "gt-links" });
    const page = siteHref(p.page, root);
    if (page) more.append(h("a", { href: page }, "详细说明"));
    const src = sourceHref(p, root);
    if (src && src.href !== page) { if (page) more.append("　"); more.append(h("a", { href: src.href }, `依据：${src.text}`)); }
    if (more.childNodes.length) li.append(more);
    ol.append(li);
  }
  return ol;
}

function warningsList(warnings, root) {
  const ul = h("ul", { class: "gt-warnings" });
  for (const w of warnings) {
    const li = h("li", { "data-warning": String(w.id) }, say(w.text));
    const src = sourceHref(w, root);
    if (src) li.append(" ", h("a", { href: src.href }, `（${src.text}）`));
    ul.append(li);
  }
  return ul;
}

function crisisBox(crisis) {
  const ul = h("ul", {});
  for (const line of crisis.lines) ul.append(h("li", { "data-crisis": String(line.id) }, say(line.text)));
  return h("aside", { class: "gt-crisis", "aria-label": "免费求助" }, h("p", {}, String(crisis.intro)), ul);
}

function helpControl(help, root) {
  if (!help) return null;
  if (help.kind === "calendar") {
    return h("button", { type: "button", class: "md-button md-button--primary gt-noprint", "data-ics": String(help.href) }, String(help.text));
  }
  const href = help.kind === "tel" ? (TEL_HREF.test(help.href) ? help.href : null) : siteHref(help.href, root);
  if (!href) return null;
  return h("a", { href, class: "md-button md-button--primary gt-noprint", "data-help": String(help.kind) }, String(help.text));
}

function firstBox(first, root) {
  const box = h("section", { class: "gt-first", "data-first-action": String(first.id), "aria-labelledby": "gt-first-h" },
    h("h3", { id: "gt-first-h" }, String(first.title)));
  if (first.deadline) {
    box.append(h("p", { class: "gt-countdown", "data-deadline": String(first.deadline.id) },
      h("strong", {}, String(first.deadline.countdown)), `，最后一天是 ${first.deadline.date}`));
  }
  box.append(h("p", {}, say(first.text)), h("p", { class: "gt-why" }, `为什么先做：${first.why}`));
  const help = helpControl(first.help, root);
  if (help) box.append(h("p", { class: "gt-first-help" }, help));
  return box;
}

let tickId = 0;
function checklist(groups) {
  const done = readTicks();
  const section = h("section", { class: "gt-plan", "aria-labelledby": "gt-plan-h" },
    h("h3", { id: "gt-plan-h" }, "你的计划（做完一件，勾一件）"));
  for (const group of groups) {
    const ul = h("ul", { class: "gt-checklist", "data-when": String(group.when) });
    for (const item of group.items) {
      tickId += 1;
      const id = `gt-tick-${tickId}`;
      const box = h("input", { type: "checkbox", id, "data-tick": String(item.id) });
      box.checked = Boolean(done[item.id]);
      ul.append(h("li", { "data-action-id": String(item.id), class: item.first ? "gt-item gt-item-first" : "gt-item" },
        box, h("label", { for: id }, say(item.text))));
    }
    section.append(h("h4", {}, String(group.title)), ul);
  }
  section.append(h("p", { class: "gt-tick-note", "data-tick-note": "", role: "status" }));
  return section;
}

function deadlinesBox(deadlines) {
  const ul = h("ul", { class: "gt-deadlines" });
  for (const d of deadlines) {
    const li = h("li", { "data-deadline": String(d.id) },
      h("strong", {}, String(d.title)), d.debt_label ? `（${d.debt_label}）` : "", h("br", {}), String(d.when));
    if (d.what) li.append(h("br", {}), String(d.what));
    if (d.where) li.append(h("br", {}), `在哪里办：${d.where}`);
    if (d.ics) {
      li.append(h("br", {}), h("button", { type: "button", class: "md-button gt-noprint", "data-ics": String(d.id),
        "aria-label": `把“${d.title}”加到手机日历` }, "加到手机日历"));
    }
    ul.append(li);
  }
  return h("section", { class: "gt-deadline-box", "aria-labelledby": "gt-deadlines-h" }, h("h3", { id: "gt-deadlines-h" }, "要记住的日子"), ul);
}

function budgetBox(budget, root) {
  const dl = h("dl", { class: "gt-budget" });
  for (const line of budget.lines) dl.append(h("div", {}, h("dt", {}, String(line.label)), h("dd", {}, String(line.amount))));
  const box = h("section", { class: "gt-budget-box", "data-plan": "", "aria-labelledby": "gt-budget-h" },
    h("h3", { id: "gt-budget-h" }, "每月的钱"), dl, h("p", {}, String(budget.text)));
  if (budget.margin_reason) box.append(h("p", { class: "gt-muted" }, String(budget.margin_reason)));
  box.append(h("p", { class: "gt-links gt-noprint" }, h("a", { href: `${root}tools/calculator/` }, "用计算器看每期明细")));
  return box;
}

function debtsBox(debts) {
  const ul = h("ul", { class: "gt-offers" });
  for (const d of debts) {
    const li = h("li", { "data-debt": String(d.index) }, h("strong", {}, String(d.label)), h("br", {}), h("span", { class: "gt-offer" }, String(d.offer)));
    if (d.term) li.append(h("br", {}), String(d.term));
    if (d.fit) li.append(h("br", {}), h("span", { class: "gt-muted" }, String(d.fit)));
    for (const c of d.calls || []) {
      if (TEL_HREF.test(c.tel)) li.append(h("br", {}), `${c.label}：`, h("a", { href: c.tel, class: "gt-tel" }, String(c.number)));
    }
    ul.append(li);
  }
  return h("section", { class: "gt-offers-box", "aria-labelledby": "gt-offers-h" }, h("h3", { id: "gt-offers-h" }, "向每一家提出什么"), ul);
}

function detailsBox(details, groups, root) {
  const box = h("details", { class: "gt-details" }, h("summary", {}, "更多：要注意的事、要准备的材料、理由和依据"));
  if (some(details.warnings)) box.append(h("h4", {}, "需要注意"), warningsList(details.warnings, root));
  if (some(details.documents)) box.append(h("h4", {}, "要准备的材料"), h("ul", { class: "gt-documents" }, ...details.documents.map((d) => h("li", {}, String(d)))));
  if (some(details.notes)) box.append(h("h4", {}, "另外"), h("ul", {}, ...details.notes.map((n) => h("li", {}, String(n.text || "")))));
  const steps = (groups || []).flatMap((g) => g.items);
  if (some(steps)) {
    const ul = h("ul", { class: "gt-step-reasons" });
    for (const item of steps) {
      const li = h("li", { "data-reason-for": String(item.id) }, String(item.reason));
      const page = siteHref(item.page, root);
      if (page) li.append(" ", h("a", { href: page }, "详细说明"));
      ul.append(li);
    }
    box.append(h("h4", {}, "计划里每一步为什么这样做"), ul);
  }
  if (some(details.paths)) box.append(h("h4", {}, "可以走的路和依据"), pathsList(details.paths, root));
  if (some(details.reasons)) box.append(h("h4", {}, "为什么这样建议"), h("ul", { class: "gt-reasons" }, ...details.reasons.map((r) => h("li", {}, String(r)))));
  return box;
}

function downloadCalendar(text, filename) {
  const url = URL.createObjectURL(new Blob([text], { type: "text/calendar;charset=utf-8" }));
  const a = h("a", { href: url, download: filename, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

const TICK_TROUBLE = {
  full: "这台设备的存储空间满了，勾选没能保存。",
  unavailable: "浏览器不让本站保存东西（比如无痕模式），勾选只在这次打开时有效。",
};

/** The printed plan's title. */
const PRINT_TITLE = "我的行动计划";

/** Ticks, calendar buttons and the print title of a drawn result; a tick made in another tab
 * shows here too. */
function behave(out, plan) {
  const live = () => out.closest("[data-guide-wizard]")?.querySelector("[data-announce]") || null;
  out.addEventListener("change", (ev) => {
    const box = ev.target;
    if (!box.matches || !box.matches("input[data-tick]")) return;
    const result = setTick(box.dataset.tick, box.checked);
    const note = out.querySelector("[data-tick-note]");
    if (note) note.textContent = TICK_TROUBLE[result] || "";
    announce(live(), box.checked ? "已勾选，记在这台设备上。" : "已取消勾选。");
  });
  out.addEventListener("click", (ev) => {
    const btn = ev.target.closest ? ev.target.closest("[data-ics]") : null;
    if (!btn) return;
    const d = (plan.deadlines || []).find((x) => x.id === btn.dataset.ics);
    if (!d || !d.ics) return;
    downloadCalendar(d.ics.text, d.ics.filename);
    announce(live(), "已下载日历文件，用手机打开它就能加到日历里。");
  });
  // Printed, the plan is titled as the plan (the PDF's name and the browser's print title), not
  // as the page; the page's title comes back after printing.
  let pageTitle = null;
  const titled = () => {
    if (!out.isConnected) { window.removeEventListener("beforeprint", titled); window.removeEventListener("afterprint", untitled); return; }
    if (pageTitle === null) pageTitle = document.title;
    document.title = PRINT_TITLE;
  };
  const untitled = () => {
    if (pageTitle !== null) document.title = pageTitle;
    pageTitle = null;
  };
  window.addEventListener("beforeprint", titled);
  window.addEventListener("afterprint", untitled);
  const stop = onTicksFromOtherTab(() => {
    if (!out.isConnected) { stop(); return; }
    const done = readTicks();
    for (const box of out.querySelectorAll("input[data-tick]")) box.checked = Boolean(done[box.dataset.tick]);
  });
}

/**
 * The result screen: `body` to show, and `letter`, the <pre> the controller fills with the draft.
 * @param {object} plan the engine's plan for the result (guide_engine.plan_view, the view's `plan`)
 * @param {string} root the relative URL of the site root ("../../")
 */
export function resultScreen(plan, root) {
  const out = h("div", { class: "gt-result-body" });
  out.append(h("h2", { class: "gt-qtitle", tabindex: "-1" }, "你的行动计划"));
  if (plan.crisis) out.append(crisisBox(plan.crisis));
  if (plan.first) out.append(firstBox(plan.first, root));
  if (some(plan.groups)) out.append(checklist(plan.groups));
  if (some(plan.deadlines)) out.append(deadlinesBox(plan.deadlines));
  if (plan.budget) out.append(budgetBox(plan.budget, root));
  if (some(plan.debts)) out.append(debtsBox(plan.debts));
  const readiness = plan.readiness || {};
  if (readiness.label) {
    out.append(h("p", { class: `gt-readiness gt-readiness-${readiness.level}` },
      h("strong", {}, `协商准备程度：${readiness.label}`), readiness.text ? h("span", {}, String(readiness.text)) : null));
  }
  out.append(detailsBox(plan.details || {}, plan.groups, root));
  const letter = h("pre", { class: "gt-letter-text", tabindex: "0", "aria-labelledby": "gt-letter-h", "data-letter-text": "" }, "正在生成…");
  out.append(
    h("section", { class: "gt-letter-box", "aria-labelledby": "gt-letter-h" },
      h("h3", { id: "gt-letter-h" }, "协商还款申请书草稿"),
      h("p", { class: "gt-noprint" }, "横线是需要手写补上的地方。想填上姓名、电话等再生成，可以用",
        h("a", { href: `${root}tools/letter/` }, "申请书生成器"), "（会直接用你这次的回答）。"),
      letter,
      h("div", { class: "gt-actions gt-noprint" }, button("copy-letter", "复制申请书"), button("download-letter", "下载为 .txt 文件"))),
    h("p", { class: "gt-journal-link gt-noprint" }, "开始和银行谈以后，每次联系都记下来：",
      h("a", { href: `${root}tools/journal/` }, "协商记录"), "（可以打印成时间线，违规催收会标出来）。"),
    h("p", { class: "gt-disclaimer" }, "这份结果只是根据你的回答给出的参考，不是银行的承诺，也不是法律意见；以银行的正式答复和书面协议为准。"),
    h("div", { class: "gt-actions gt-noprint" }, button("review", "检查或修改我的回答"), button("print", "打印结果", true)));
  behave(out, plan);
  return { body: out, letter };
}
