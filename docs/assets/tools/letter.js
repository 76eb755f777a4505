// The letter page: the documents a reader hands to each lender. A profile (from this device's
// finished self-assessment, or from the short form on the page) plus optional details go to the
// engine (guide_engine.documents in Pyodide), which lists every document that applies, lender by
// lender (a mortgage kept current gets none). Each is drawn as a sheet that prints alone and can
// be downloaded as a Word file or as plain text; its notes for the borrower are drawn apart.

import { announce, clear, copyText, downloadText, focusHeading, h } from "./ui.js";
import { getEngine, whenReady } from "./engine-client.js";
import { savedAssessment, savedProfile } from "./saved-assessment.js";
import { clearFields, showChecks, showFieldError } from "./fields.js";
import { keepTyped } from "./typed-store.js";
import { documentSheet, downloadBase64, notesSheet, printSheet } from "./document-view.js";

/** The form's number fields, as typed (the engine reads them: "5.2万", "三千五"). */
const NUMBERS = ["debt_total", "overdue_days", "monthly_income", "monthly_essential_expenses", "other_debt_payments"];

/** Which account number a profile's documents refer to: a card's last digits, a loan's contract
 * number, or none to type here (several debts: each is written by hand on its own sheet). */
function accountOf(profile) {
  const debts = profile && Array.isArray(profile.debts) ? profile.debts : [profile];
  if (debts.length !== 1 || !debts[0]) return "none";
  return debts[0].product === "credit_card" ? "card" : "loan";
}

function profileFromForm(form, numbers) {
  const hard = Array.from(form.querySelectorAll('input[name="hardship"]:checked')).map((i) => i.value);
  return {
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
}

/** The details typed, only from fields the reader can see (a hidden card field sends nothing). */
function detailsFromForm(form) {
  const d = {};
  for (const k of ["name", "phone", "card_last4", "contract_no", "description"]) {
    const field = form.elements.namedItem(k);
    if (field.closest("[hidden]")) continue;
    const v = field.value.trim();
    if (v) d[k] = v;
  }
  return d;
}

/** Show each refused detail beside its field (the first one focused); true when all were placed. */
function showDetailErrors(form, err) {
  const errors = err.details && Array.isArray(err.details.errors) ? err.details.errors : [];
  let placed = errors.length > 0;
  for (const e of [...errors].reverse()) {
    const name = String(e.field).replace(/^debts\[\d+\]\./, "");
    placed = showFieldError(form, { message: e.message, details: { field: name } }) && placed;
  }
  return placed;
}

export function mount(root) {
  if (root.__letter) return;
  root.__letter = true;
  const form = root.querySelector("[data-form]");
  const out = root.querySelector("[data-result]");
  const docsBox = root.querySelector("[data-docs]");
  const noDocs = root.querySelector("[data-no-docs]");
  const errorEl = root.querySelector("#letter-error");
  const live = root.querySelector("[data-announce]");
  const fromWizard = root.querySelector("[data-from-wizard]");
  const profileFields = root.querySelector("[data-profile-fields]");
  const accountNote = root.querySelector("[data-account-none]");
  const engine = getEngine(root);
  keepTyped(form, "letter");
  let drawn = null; // {args, reply}: what the documents on screen were made from
  // A finished self-assessment on this device: offered (read only; nothing is changed).
  const wizardState = savedAssessment();
  let useWizard = !!wizardState;
  let wizardProfile = null;

  const showAccount = (account) => {
    for (const box of root.querySelectorAll("[data-account]")) box.hidden = box.dataset.account !== account;
    accountNote.hidden = account !== "none";
  };
  const formAccount = () => showAccount(form.product.value === "credit_card" ? "card" : "loan");
  form.product.addEventListener("change", () => { if (!useWizard) formAccount(); });
  formAccount();

  const wizardAccount = () => { if (wizardProfile) showAccount(accountOf(wizardProfile)); };
  if (useWizard && fromWizard) {
    fromWizard.hidden = false;
    const box = h("input", { type: "checkbox", id: "letter-use-wizard", checked: true });
    fromWizard.append(h("label", { class: "gt-option", for: "letter-use-wizard" }, box, h("span", {}, "使用我在这台设备上做的自测回答（不用再填“你的情况”）")));
    profileFields.hidden = true;
    box.addEventListener("change", () => {
      useWizard = box.checked;
      profileFields.hidden = useWizard;
      if (useWizard) wizardAccount(); else formAccount();
    });
    savedProfile(engine, wizardState).then((p) => {
      wizardProfile = p;
      if (useWizard) wizardAccount();
    }, () => {});
  }

  const draw = (reply) => {
    clear(docsBox);
    noDocs.hidden = reply.documents.length > 0;
    let letterMarked = false;
    // Several debts: the documents of each lender under that debt's own heading.
    const grouped = reply.debts.length > 1;
    let lastDebt = null;
    reply.documents.forEach((doc, i) => {
      if (grouped && doc.debt !== lastDebt) {
        lastDebt = doc.debt;
        docsBox.append(h("h3", { class: "gt-doc-group" }, reply.debts[doc.debt]));
      }
      const sheet = documentSheet(reply.blocks[i], `letter-doc-${i}`, grouped ? "h4" : "h3");
      if (!letterMarked && doc.kind === "negotiation") { sheet.setAttribute("data-letter-text", ""); letterMarked = true; }
      const notes = notesSheet(doc, `letter-doc-${i}-notes`, grouped ? "h5" : "h4");
      const button = (action, text) => h("button", { type: "button", class: "md-button", "data-action": action, "data-index": i }, text);
      const actions = h("div", { class: "gt-actions gt-noprint" },
        button("print", "打印这份"),
        button("download-docx", "下载 Word 文件（.docx）"),
        button("download", "下载为 .txt 文件"),
        button("copy", "复制全文"));
      if (notes) notes.append(h("div", { class: "gt-actions gt-noprint" }, button("print-notes", "单独打印这些提示")));
      docsBox.append(h("section", { class: "gt-doc-item", "data-doc": doc.id }, sheet, actions, notes));
    });
  };

  const generate = async () => {
    errorEl.textContent = "";
    clearFields(form);
    try {
      let profile;
      let checks = [];
      if (useWizard) {
        profile = wizardProfile || await savedProfile(engine, wizardState);
      } else {
        const typed = Object.fromEntries(NUMBERS.map((name) => [name, form.elements.namedItem(name).value]));
        const read = await engine.call("numbers", { form: "letter", values: typed });
        checks = read.checks;
        profile = profileFromForm(form, read.values);
      }
      const args = { profile, details: detailsFromForm(form) };
      const reply = await engine.call("documents", args);
      drawn = { args, reply };
      draw(reply);
      showChecks(form, checks);
      out.hidden = false;
      root.dataset.result = "ok";
      focusHeading(out);
      announce(live, reply.documents.length ? `已生成 ${reply.documents.length} 份文书。` : "按你的情况，不需要写协商的文书。");
    } catch (err) {
      root.dataset.result = "error";
      out.hidden = true; // no earlier document left under the error
      drawn = null;
      clear(docsBox);
      if (err.code === "engine_failed") { errorEl.textContent = err.message; return; }
      if (!showFieldError(form, err) && !showDetailErrors(form, err)) errorEl.textContent = err.message;
      announce(live, "文书没有生成：" + err.message);
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

  const takeAway = async (action, i) => {
    const { args, reply } = drawn;
    const doc = reply.documents[i];
    const item = docsBox.querySelector(`[data-doc="${CSS.escape(doc.id)}"]`);
    if (action === "print") printSheet(item.querySelector("[data-doc-sheet]"), doc.title);
    if (action === "print-notes") printSheet(item.querySelector("[data-notes-sheet]"), `给你自己看的提示：${doc.title}`);
    if (action === "copy") copyText(reply.texts[i], live);
    if (action === "download") { downloadText(reply.texts[i], `${doc.title}.txt`); announce(live, `已下载${doc.title}。`); }
    if (action === "download-docx") {
      try {
        const file = await engine.call("document_docx", { ...args, id: doc.id });
        downloadBase64(file.base64, file.name, file.media_type);
        announce(live, `已下载${doc.title}（Word 文件）。`);
      } catch (err) {
        announce(live, "没能生成 Word 文件：" + err.message);
      }
    }
  };
  root.addEventListener("click", (ev) => {
    const btn = ev.target.closest("[data-action][data-index]");
    if (!btn || !drawn) return;
    takeAway(btn.dataset.action, Number(btn.dataset.index));
  });
}
