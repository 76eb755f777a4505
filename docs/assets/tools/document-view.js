// A document drawn from the engine's parts (guide_engine.documents.blocks), fit to hand to a bank,
// and the ways to take it away: print it alone, download it as a Word file or as plain text, copy
// it. The borrower notes are drawn apart ("给你自己看的提示") and print on their own sheet, only
// when the reader asks. The words are all the engine's; this module only lays them out.
//
// Why print by marking a sheet: window.print() prints the page, so the sheet to print is marked
// [data-printing] and <body> gets .gt-printing; print.css then shows that sheet and nothing else
// (no site title, navigation, buttons or other documents). The marks go when printing ends.

import { h } from "./ui.js";

/** What each part of a document looks like (print.css and documents.css style the classes). */
const PART_CLASS = {
  greeting: "gt-doc-greeting",
  references: "gt-doc-references",
  body: "gt-doc-body",
  attachments: "gt-doc-attachments",
  closing: "gt-doc-closing",
  signature: "gt-doc-signature",
};

/**
 * The sheet of one document: its title as a heading, each part's lines as paragraphs, the
 * closing and the signature in one block that is never split across pages.
 * @param {{part: string, lines: string[]}[]} blocks
 * @param {string} headingId
 * @param {string} [level] the title's heading element ("h3" under the page's h2)
 */
export function documentSheet(blocks, headingId, level = "h3") {
  const sheet = h("article", { class: "gt-doc", "data-doc-sheet": "", "aria-labelledby": headingId });
  let sign = null;
  for (const { part, lines } of blocks) {
    if (part === "title") {
      sheet.append(h(level, { class: "gt-doc-title", id: headingId }, lines[0]));
      continue;
    }
    const box = h("div", { class: `gt-doc-part ${PART_CLASS[part] || ""}` }, ...lines.map((line) => h("p", {}, line)));
    if (part === "closing" || part === "signature") {
      if (!sign) { sign = h("div", { class: "gt-doc-sign" }); sheet.append(sign); }
      sign.append(box);
    } else {
      sheet.append(box);
    }
  }
  return sheet;
}

/** The borrower notes of a document as their own sheet, or null when it has none. */
export function notesSheet(doc, headingId, level = "h4") {
  if (!doc.borrower_notes || !doc.borrower_notes.length) return null;
  return h("section", { class: "gt-doc-notes", "data-notes-sheet": "", "aria-labelledby": headingId },
    h(level, { id: headingId }, `给你自己看的提示：${doc.title}（不随文书交给银行）`),
    h("ul", {}, ...doc.borrower_notes.map((note) => h("li", {}, note.text))));
}

/** Print `sheet` alone; the page's title becomes the sheet's (it names the PDF a phone saves). */
export function printSheet(sheet, title) {
  const before = document.title;
  const done = () => {
    window.removeEventListener("afterprint", done);
    sheet.removeAttribute("data-printing");
    document.body.classList.remove("gt-printing");
    document.title = before;
  };
  for (const other of document.querySelectorAll("[data-printing]")) other.removeAttribute("data-printing");
  sheet.setAttribute("data-printing", "");
  document.body.classList.add("gt-printing");
  document.title = title;
  window.addEventListener("afterprint", done);
  window.print();
}

/** Save bytes the engine sent as base64 under `name` (a Word file, say), on this device only. */
export function downloadBase64(base64, name, type) {
  const raw = atob(base64);
  const bytes = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  const url = URL.createObjectURL(new Blob([bytes], { type }));
  const a = h("a", { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
