// Starts Wagtail's date-and-time chooser on a field's first focus instead of on page load
// (blog/widgets.py says why: a long post's editor is laid out once more per chooser).
(() => {
  "use strict";

  const ATTRIBUTE = "data-folio-date-time-chooser";

  document.addEventListener("focusin", (event) => {
    const input = event.target;
    if (!(input instanceof HTMLInputElement) || !input.hasAttribute(ATTRIBUTE)) return;
    const config = JSON.parse(input.getAttribute(ATTRIBUTE));
    input.removeAttribute(ATTRIBUTE);
    window.initDateTimeChooser(input.id, config);
    // The chooser opens on focus from now on; this focus came before it listened.
    window.jQuery(input).datetimepicker("show");
  });
})();
