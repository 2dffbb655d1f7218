"""Widgets of the post editor."""

import json

from django import forms
from wagtail.admin.widgets import AdminDateTimeInput


class DateTimeChooserOnFocus(AdminDateTimeInput):
    """Wagtail's date-and-time chooser, started when the field first takes the focus.

    Wagtail starts its jQuery chooser for every date field while the page loads, and the
    chooser measures itself once the post's blocks are on the page: that makes the browser
    lay out the whole editor again, about 40 ms per date field for a 90-block post on a
    2-core machine, and the post form has three (its date, go-live and expiry; issue #15).
    Started on first focus (static/js/folio-date-time-chooser.js) it is the same chooser,
    with the same format and options, and costs nothing until a writer uses it.
    """

    template_name = "django/forms/widgets/datetime.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"]["data-folio-date-time-chooser"] = json.dumps(self.get_config())
        return context

    @property
    def media(self):
        return super().media + forms.Media(js=["js/folio-date-time-chooser.js"])


def start_date_time_choosers_on_focus(form, names=("date", "go_live_at", "expire_at")):
    """Give ``form``'s date-and-time fields among ``names`` the chooser started on focus."""
    for name in names:
        field = form.fields.get(name)
        if field is not None and type(field.widget) is AdminDateTimeInput:
            field.widget = DateTimeChooserOnFocus(attrs=field.widget.attrs)
