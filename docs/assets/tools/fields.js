// What the page says next to a form's fields: the engine's message for what could not be read
// (the field marked invalid, its error line filled, focus moved there) and the engine's gentle
// "确定吗？" notes, which never block. The words are the engine's (guide_engine.number_fields);
// this module only places them. Each field's error line is the `{id}-error` element the build
// wrote beside it (overrides/partials/tools/common.html), named in its aria-describedby.

/** The error line of a form field, or null. */
function lineOf(field) {
  return field && field.id ? field.ownerDocument.getElementById(`${field.id}-error`) : null;
}

/** Clear every field's error and note in `form`. */
export function clearFields(form) {
  for (const field of form.querySelectorAll("[aria-invalid]")) field.removeAttribute("aria-invalid");
  for (const line of form.querySelectorAll("[data-field-error]")) {
    line.textContent = "";
    line.classList.remove("gt-field-note");
  }
}

/**
 * Show the engine's refusal next to the field it names (err.details.field); true when placed.
 * @param {HTMLFormElement} form
 * @param {{message: string, details?: {field?: string}}} err
 */
export function showFieldError(form, err) {
  const name = err && err.details && err.details.field;
  const field = typeof name === "string" ? form.elements.namedItem(name) : null;
  const line = lineOf(field);
  if (!line) return false;
  line.textContent = String(err.message);
  field.setAttribute("aria-invalid", "true");
  field.focus();
  return true;
}

/** Show the engine's "确定吗？" notes ([{field, message}]) beside their fields, without blocking. */
export function showChecks(form, checks) {
  for (const check of Array.isArray(checks) ? checks : []) {
    const line = lineOf(form.elements.namedItem(String(check.field)));
    if (!line) continue;
    line.textContent = String(check.message);
    line.classList.add("gt-field-note");
  }
}
