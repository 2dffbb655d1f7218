// The post editor's Call to action block is a saved call to action OR typed in place,
// never both (blog/blocks.py refuses both). While a saved one is chosen and nothing is
// typed, the typed fields are put away; they come back when the saved one is removed.
// Anything already typed stays in sight, so the writer can clear what the error names.
(() => {
  "use strict";

  const BLOCK = "[data-folio-call-to-action]";
  // Fields with a value of their own from the start (a default) say nothing typed.
  const PRESET = new Set(["button_label", "audience", "style"]);

  function hasText(input) {
    const value = (input.value || "").trim();
    if (!value) return false;
    try {
      const state = JSON.parse(value); // Draftail's rich text state ("null" when empty)
      if (state === null) return false;
      if (Array.isArray(state.blocks)) {
        return state.blocks.some((block) => (block.text || "").trim());
      }
    } catch (notJson) {
      // a plain value
    }
    return true;
  }

  function refresh(block) {
    const snippetField = block.querySelector('[data-contentpath="snippet"]');
    if (!snippetField || !snippetField.parentElement) return;
    const chosen = snippetField.querySelector("input");
    const fields = Array.from(snippetField.parentElement.children).filter(
      (field) => field !== snippetField && field.hasAttribute("data-contentpath"),
    );
    const typed = fields.some(
      (field) =>
        !PRESET.has(field.getAttribute("data-contentpath")) &&
        Array.from(field.querySelectorAll("input, textarea")).some(hasText),
    );
    const putAway = Boolean(chosen && chosen.value) && !typed;
    fields.forEach((field) => {
      field.hidden = putAway;
    });
  }

  function refreshAll() {
    document.querySelectorAll(BLOCK).forEach(refresh);
  }

  document.addEventListener("change", (event) => {
    const block = event.target.closest && event.target.closest(BLOCK);
    if (block) refresh(block);
  });
  // Blocks added later (the block picker) or rendered after this script.
  let pending = false;
  new MutationObserver(() => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      refreshAll();
    });
  }).observe(document.documentElement, { childList: true, subtree: true });
  document.addEventListener("DOMContentLoaded", refreshAll);
})();
