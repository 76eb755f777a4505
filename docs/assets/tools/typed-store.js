// What a reader has typed but not yet sent, kept on this device across a reload: the letter
// form's and the calculator's fields, and the wizard's unsubmitted answer. One localStorage key
// per tool under the site's prefix, so "清除我的数据" (progress-store.removeAll) removes it too.
// Nothing leaves the device.

const PREFIX = "xieshang-guide:typed:";

/** @param {string} tool */
export function readTyped(tool) {
  try {
    const data = JSON.parse(localStorage.getItem(PREFIX + tool) || "null");
    return data && typeof data === "object" && !Array.isArray(data) ? data : {};
  } catch { return {}; }
}

/** @param {string} tool @param {object} data */
export function saveTyped(tool, data) {
  try { localStorage.setItem(PREFIX + tool, JSON.stringify(data)); } catch { /* private mode */ }
}

/** The values of a form's named fields: text as typed, checkboxes as a list of checked values. */
export function formValues(form) {
  const out = {};
  for (const el of form.elements) {
    if (!el.name || el.type === "submit" || el.type === "button") continue;
    if (el.type === "checkbox") {
      if (!Array.isArray(out[el.name])) out[el.name] = [];
      if (el.checked) out[el.name].push(el.value);
    } else if (el.type === "radio") {
      if (el.checked) out[el.name] = el.value;
    } else {
      out[el.name] = el.value;
    }
  }
  return out;
}

/** Put saved values back into a form's fields (only names and options the form still has). */
export function fillForm(form, data) {
  for (const el of form.elements) {
    if (!el.name || !Object.prototype.hasOwnProperty.call(data, el.name)) continue;
    const value = data[el.name];
    if (el.type === "checkbox") el.checked = Array.isArray(value) && value.includes(el.value);
    else if (el.type === "radio") el.checked = value === el.value;
    else if (typeof value === "string") {
      if (el.localName === "select" && !Array.from(el.options).some((o) => o.value === value)) continue;
      el.value = value;
    }
  }
}

/** Whether a field no longer shows what the page was built with: typed, ticked or chosen. */
function changed(el) {
  if (el.type === "checkbox" || el.type === "radio") return el.checked !== el.defaultChecked;
  if (el.localName === "select") {
    const built = Array.from(el.options).findIndex((o) => o.defaultSelected);
    return el.selectedIndex !== Math.max(built, 0);
  }
  return "defaultValue" in el && el.value !== el.defaultValue;
}

/**
 * Keep `form`'s fields under `tool` as they are typed, and fill them back now.
 *
 * The form is in the page before its script runs, and the page invites typing meanwhile. What a
 * reader typed there is newer than anything saved on an earlier visit, so a field they changed
 * keeps what it shows, a field still as built gets the saved value, and the result is saved at
 * once: a reload before the next keystroke loses nothing.
 */
export function keepTyped(form, tool) {
  const typedEarly = new Set(Array.from(form.elements).filter((el) => el.name && changed(el)).map((el) => el.name));
  const saved = readTyped(tool);
  fillForm(form, Object.fromEntries(Object.entries(saved).filter(([name]) => !typedEarly.has(name))));
  const keep = () => saveTyped(tool, formValues(form));
  if (typedEarly.size) keep();
  form.addEventListener("input", keep);
  form.addEventListener("change", keep);
}
