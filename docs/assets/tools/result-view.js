// The wizard's two end screens, drawn from the engine's output: the review of every answer (with
// a "修改" button each) and the result (readiness, what to do first, warnings, a plan, documents,
// reasons and the letter draft). Pure drawing: the controller (wizard.js) fetches, saves, moves
// focus and announces. Text goes in only through text nodes (ui.js h()).

import { h, money, pageHref, sourceHref } from "./ui.js";

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

function pathsList(paths, root) {
  const ol = h("ol", { class: "gt-paths" });
  for (const p of paths) {
    const li = h("li", { "data-path": String(p.id) }, h("strong", {}, String(p.title || p.id)));
    if (p.why) li.append(h("p", {}, String(p.why)));
    const more = h("p", { class: "gt-links" });
    const page = pageHref(p, root);
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
    const li = h("li", { "data-warning": String(w.id) }, String(w.text));
    const src = sourceHref(w, root);
    if (src) li.append(" ", h("a", { href: src.href }, `（${src.text}）`));
    ul.append(li);
  }
  return ul;
}

function planText(p, root) {
  const cap = p.monthly_capacity !== undefined && p.monthly_capacity !== null
    ? `按你填写的收支，每月大约能拿出 ${money(p.monthly_capacity)} 元还款。` : "";
  if (p.affordable) {
    return h("p", { "data-plan": "" }, `${cap}可以向银行提出：分 ${p.months} 期，每期约 ${money(p.monthly_payment)} 元。`,
      h("a", { href: `${root}tools/calculator/` }, "用计算器看每期明细"));
  }
  return h("p", { "data-plan": "" },
    `${cap}即使分到最长期限，每期约 ${money(p.monthly_payment)} 元（${p.months} 期）也超出了你的能力。先从收支和减免费用入手，见上面的建议。`);
}

const some = (list) => Array.isArray(list) && list.length > 0;

/**
 * The result screen: `body` to show, and `letter`, the <pre> the controller fills with the draft.
 * @param {object} a the engine's assessment
 * @param {string} root the relative URL of the site root ("../../")
 */
export function resultScreen(a, root) {
  const out = h("div", { class: "gt-result-body" });
  out.append(h("h2", { class: "gt-qtitle", tabindex: "-1" }, "你的自测结果"),
    h("p", { class: `gt-readiness gt-readiness-${a.readiness || "unknown"}` },
      h("strong", {}, `协商准备程度：${a.readiness_label}`), a.readiness_text ? h("span", {}, a.readiness_text) : null));
  if (some(a.paths)) out.append(h("h3", {}, "建议你先做的事（按轻重缓急排列）"), pathsList(a.paths, root));
  if (some(a.warnings)) out.append(h("h3", {}, "需要注意"), warningsList(a.warnings, root));
  if (a.plan) out.append(h("h3", {}, "还款方案参考"), planText(a.plan, root));
  if (some(a.documents)) {
    out.append(h("h3", {}, "要准备的材料"), h("ul", { class: "gt-documents" },
      ...a.documents.map((d) => h("li", {}, typeof d === "string" ? d : String(d.text || d.title || JSON.stringify(d))))));
  }
  if (some(a.reasons)) {
    out.append(h("details", { class: "gt-reasons" }, h("summary", {}, "为什么这样建议（每一条判断的理由）"),
      h("ul", {}, ...a.reasons.map((r) => h("li", {}, typeof r === "string" ? r : String(r.text || ""))))));
  }
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
  return { body: out, letter };
}
