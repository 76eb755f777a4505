// The question form: drawn from the page's own markup, never typed here. The build renders
// overrides/partials/tools/question.html once per input kind into a <template data-kind="…"> in
// the wizard page (the same partial that wrote the first question); this module clones the kind's
// template, fills it with textContent, removes the optional parts (help, option help, unit) the
// question does not have, and reads the answer back. A question of a repeatable group carries its
// item (data-item) and the engine's progress in words.

/** Set an optional part's text, or remove the part when there is none. */
function fillOrRemove(el, text) {
  if (!el) return;
  if (text) el.textContent = String(text);
  else el.remove();
}

/** Keep only the ids an aria-labelledby/-describedby names that are still in the form. */
function pruneIdrefs(fragment) {
  for (const el of fragment.querySelectorAll("[aria-labelledby], [aria-describedby]")) {
    for (const name of ["aria-labelledby", "aria-describedby"]) {
      const ids = el.getAttribute(name);
      if (ids === null) continue;
      el.setAttribute(name, ids.split(/\s+/).filter((id) => fragment.getElementById(id)).join(" "));
    }
  }
}

function fillChoices(box, input, value) {
  const prototype = box.querySelector(".gt-option");
  prototype.remove();
  const chosen = new Set(Array.isArray(value) ? value.map(String) : value === null || value === undefined ? [] : [String(value)]);
  for (const opt of Array.isArray(input.options) ? input.options : []) {
    const item = prototype.cloneNode(true);
    const field = item.querySelector("input");
    field.setAttribute("value", String(opt.id));
    field.checked = chosen.has(String(opt.id));
    item.querySelector("span").textContent = String(opt.label);
    fillOrRemove(item.querySelector(".gt-option-help"), opt.help);
    box.append(item);
  }
}

/**
 * The form for a question view, as a DocumentFragment (the progress bar and the form).
 * @param {Element} root the wizard root, which holds the <template>s
 * @param {object} view the engine's question view
 * @param {*} [value] the answer to show (default: the view's own draft value)
 */
export function questionForm(root, view, value = view.question.value) {
  const q = view.question;
  const input = q.input || {};
  const template = root.querySelector(`template[data-kind="${CSS.escape(String(input.kind))}"]`)
    || root.querySelector('template[data-kind="text"]');
  const fragment = template.content.cloneNode(true);
  const answered = Number(view.progress.answered) || 0;
  const estimate = Math.max(Number(view.progress.estimate) || 1, answered + 1);
  const bar = fragment.querySelector("progress");
  bar.setAttribute("max", String(estimate));
  bar.setAttribute("value", String(answered));
  const label = fragment.querySelector("#gt-progress-label");
  // Inside a group the engine says where the reader is in words ("你的欠款 · 第 2 笔，共 3 笔").
  label.textContent = view.progress.group && view.progress.text ? String(view.progress.text)
    : label.textContent.replace("{n}", String(answered + 1)).replace("{total}", String(estimate));
  const form = fragment.querySelector("form");
  form.dataset.question = q.id;
  if (Number.isInteger(q.item)) form.dataset.item = String(q.item);
  fragment.querySelector("#gt-q-title").textContent = q.text;
  fillOrRemove(fragment.querySelector("#gt-q-help"), q.help);
  const box = fragment.querySelector(".gt-options");
  if (box) fillChoices(box, input, value);
  fillOrRemove(fragment.querySelector("#gt-q-unit"), input.unit);
  const field = fragment.querySelector("#gt-answer");
  if (field && field.localName === "textarea") {
    field.setAttribute("maxlength", String(input.max_length));
    if (typeof value === "string") field.value = value;
  } else if (field && value !== null && value !== undefined) {
    field.value = String(value);
  }
  fragment.querySelector('[data-action="back"]').disabled = !view.can_back;
  pruneIdrefs(fragment);
  return fragment;
}

/** The answer in a question form: option id(s), a bool for yes/no, or the trimmed text. */
export function readAnswer(form) {
  const kind = form.dataset.kind;
  if (kind === "multi") return Array.from(form.querySelectorAll('input[name="answer"]:checked'), (i) => i.value);
  if (kind === "single" || kind === "yesno") {
    const el = form.querySelector('input[name="answer"]:checked');
    if (!el) return null;
    return kind === "yesno" ? el.value === "true" : el.value;
  }
  const el = form.querySelector('[name="answer"]');
  return el ? el.value.trim() : "";
}

/** Show an answer in a form drawn earlier (the build's first question, when a queued answer is
 * taken back before the engine is ready). */
export function restoreValue(container, value) {
  if (value === undefined || value === null) return;
  const values = Array.isArray(value) ? value.map(String) : [String(value)];
  for (const el of container.querySelectorAll('[name="answer"]')) {
    if (el.type === "radio" || el.type === "checkbox") el.checked = values.includes(el.value);
    else el.value = String(value);
  }
}
