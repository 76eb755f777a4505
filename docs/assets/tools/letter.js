// The letter generator: a profile (from this device's finished self-assessment, or from the
// short form on the page) plus optional details go to the engine (guide_engine.letter in Pyodide); the text is shown, and can be copied, downloaded as .txt or printed.

import { announce, copyText, downloadText, focusHeading, h } from "./ui.js";
import { getEngine, whenReady } from "./engine-client.js";
import { finishedState } from "./progress-store.js";
import { clearFields, showChecks, showFieldError } from "./fields.js";
import { keepTyped } from "./typed-store.js";

/** The flow whose finished interview the letter can start from. */
const WIZARD_FLOW = "self_assessment";

/** The form's number fields, as typed (the engine reads them: "5.2万", "三千五"). */
const NUMBERS = ["debt_total", "overdue_days", "monthly_income", "monthly_essential_expenses", "other_debt_payments"];

function profileFromForm(form, numbers) {
  const hard = Array.from(form.querySelectorAll('input[name="hardship"]:checked')).map((i) => i.value);
  const p = {
    bank: form.bank.value,
    product: form.product.value,
    ...numbers,
    hardship: hard,
    hardship_proof: form.hardship_proof.checked,
    willing_to_repay: true,
    contacted_bank: false,
    failed_attempts: 0,
    sued: false,
    abusive_collection: false,
    paid_agent: false,
  };
  return p;
}

function detailsFromForm(form) {
  const d = {};
  for (const k of ["name", "phone", "card_last4", "contract_no", "description"]) {
    const v = form[k].value.trim();
    if (v) d[k] = v;
  }
  return d;
}

export function mount(root) {
  if (root.__letter) return;
  root.__letter = true;
  const form = root.querySelector("[data-form]");
  const out = root.querySelector("[data-result]");
  const pre = root.querySelector("[data-letter-text]");
  const errorEl = root.querySelector("#letter-error");
  const live = root.querySelector("[data-announce]");
  const fromWizard = root.querySelector("[data-from-wizard]");
  const profileFields = root.querySelector("[data-profile-fields]");
  const engine = getEngine(root);
  keepTyped(form, "letter");
  let text = "";

  // A finished self-assessment on this device: offer to use it.
  const wizardState = finishedState(WIZARD_FLOW);
  let useWizard = !!wizardState;
  if (useWizard && fromWizard) {
    fromWizard.hidden = false;
    const box = h("input", { type: "checkbox", id: "letter-use-wizard", checked: true });
    fromWizard.append(h("label", { class: "gt-option", for: "letter-use-wizard" }, box, h("span", {}, "使用我在这台设备上做的自测回答（不用再填“你的情况”）")));
    profileFields.hidden = true;
    box.addEventListener("change", () => { useWizard = box.checked; profileFields.hidden = useWizard; });
  }

  const generate = async () => {
    errorEl.textContent = "";
    clearFields(form);
    try {
      let profile;
      let checks = [];
      if (useWizard) {
        profile = await engine.call("profile", { state: wizardState });
      } else {
        const typed = Object.fromEntries(NUMBERS.map((name) => [name, form.elements.namedItem(name).value]));
        const read = await engine.call("numbers", { form: "letter", values: typed });
        checks = read.checks;
        profile = profileFromForm(form, read.values);
      }
      text = await engine.call("letter", { profile, details: detailsFromForm(form) });
      pre.textContent = text;
      showChecks(form, checks);
      out.hidden = false;
      root.dataset.result = "ok";
      focusHeading(out);
      announce(live, "申请书已生成。");
    } catch (err) {
      root.dataset.result = "error";
      out.hidden = true; // no earlier letter left under the error
      if (err.code === "engine_failed") { errorEl.textContent = err.message; return; }
      if (!showFieldError(form, err)) errorEl.textContent = err.message;
      announce(live, "申请书没有生成：" + err.message);
    }
  };

  const request = whenReady(root, {
    readyText: "生成器已就绪。你填写的内容只在这台设备上处理。",
    waitingText: "生成器还在加载，加载好就会生成。",
    live,
  }, generate);
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    request();
  });
  root.addEventListener("click", (ev) => {
    const btn = ev.target.closest("[data-action]");
    if (!btn) return;
    if (btn.dataset.action === "copy") copyText(text, live);
    if (btn.dataset.action === "download") { downloadText(text, "协商还款申请书.txt"); announce(live, "已下载申请书。"); }
    if (btn.dataset.action === "print") window.print();
  });
}
