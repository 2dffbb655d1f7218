// Wagtail 8's autosave can forget a change made just before a save comes back: on success,
// the unsaved-changes controller (w-unsaved) takes the form as it is *then* as saved, so a
// word typed while the save was on its way (and not yet noticed by the controller's
// half-second check) is neither saved nor warned about when the writer leaves. Folio keeps
// what each save sent and, when the form differs from it on success, tells the controller
// the form was last saved as sent: its next check sees the change and autosave saves it.
(() => {
  "use strict";

  // What w-unsaved leaves out of its comparison, and what autosave adds to what it sends.
  const NOT_COMPARED = [
    "csrfmiddlewaretoken",
    "loaded_revision_id",
    "loaded_revision_created_at",
    "next",
    "overwrite_revision_id",
  ];

  // The form's data as w-unsaved serialises it (wagtail/admin UnsavedController.formData).
  function serialise(formData) {
    const data = new FormData();
    for (const [key, value] of formData.entries()) {
      if (NOT_COMPARED.includes(key) || key.startsWith("comments-")) continue;
      data.append(key, value);
    }
    for (const key of new Set(data.keys())) {
      if (data.get(key) instanceof File) {
        const files = data
          .getAll(key)
          .flatMap((file) => [["name", file.name], ["size", `${file.size}`], ["type", file.type]]);
        data.set(key, new URLSearchParams(files).toString());
      }
    }
    return new URLSearchParams(data).toString();
  }

  const sent = new WeakMap();

  document.addEventListener("w-autosave:save", (event) => {
    if (event.detail && event.detail.formData) sent.set(event.target, serialise(event.detail.formData));
  });

  // Listened to on the document: the form's own `w-unsaved#clear` has run by then.
  document.addEventListener("w-autosave:success", (event) => {
    const form = event.target;
    const saved = sent.get(form);
    const app = window.wagtail && window.wagtail.app;
    const unsaved = app && app.getControllerForElementAndIdentifier(form, "w-unsaved");
    if (saved === undefined || !unsaved) return;
    if (unsaved.formData !== saved) unsaved.initialFormData = saved;
  });
})();
