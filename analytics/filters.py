"""Filters of the analytics reports: a date range on each, and what each report narrows by.

The reports list computed rows rather than a queryset, so these filter sets are only
read as forms (``report_views.AnalyticsReportView``); their ``Meta.model`` is there
because django-filter wants one.
"""

import django_filters
from taggit.models import Tag
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet

from blog.snippets import Author, Category

from .models import Audience, Channel, Device, PageDay


class PeriodFilterSet(WagtailFilterSet):
    day = django_filters.DateFromToRangeFilter(
        label="Date range", widget=DateRangePickerWidget, help_text="The last 30 days if empty."
    )

    class Meta:
        model = PageDay
        fields = []


class AudienceFilterSet(PeriodFilterSet):
    audience = django_filters.ChoiceFilter(label="Audience", choices=Audience.choices)


class PostsFilterSet(AudienceFilterSet):
    pages = django_filters.ChoiceFilter(
        label="Show",
        choices=[("posts", "Posts"), ("all", "Every page (blog index, home…)")],
        empty_label=None,
        null_label=None,
    )
    category = django_filters.ModelChoiceFilter(
        label="Category", queryset=Category.objects.filter(live=True).order_by("name")
    )
    tag = django_filters.ModelChoiceFilter(
        label="Tag",
        queryset=lambda request: (
            Tag.objects.filter(blog_blogpagetag_items__isnull=False).distinct().order_by("name")
        ),
    )
    author = django_filters.ModelChoiceFilter(
        label="Author", queryset=Author.objects.filter(live=True).order_by("name")
    )


class SourcesFilterSet(AudienceFilterSet):
    channel = django_filters.ChoiceFilter(label="Channel", choices=Channel.choices)
    device = django_filters.ChoiceFilter(label="Device", choices=Device.choices)
    post = django_filters.NumberFilter(label="Post id", min_value=1)


class TopicsFilterSet(PeriodFilterSet):
    kind = django_filters.ChoiceFilter(
        label="Group posts by",
        choices=[("tag", "Tags"), ("category", "Categories"), ("author", "Authors")],
        empty_label=None,
        null_label=None,
    )
