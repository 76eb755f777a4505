// Chinese input in the search box. Material's search reacts to `keyup` only; text committed by a
// Chinese IME, pasted, dictated or auto-completed on a phone arrives as an `input` event, often
// without a matching keyup, so the reader would see "键入以开始搜索" and no results. This turns
// every finished input (not mid-composition) into the keyup Material listens to. Delegated on the
// document, so it survives instant navigation.
function nudge(event) {
  const el = event.target;
  if (!(el instanceof HTMLInputElement) || !el.classList.contains("md-search__input")) return;
  if (event.type === "input" && event.isComposing) return;  // wait for compositionend
  el.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true, key: "Process" }));
}
document.addEventListener("input", nudge, true);
document.addEventListener("compositionend", nudge, true);
