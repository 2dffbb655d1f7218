"""What pages render for analytics: data attributes, the script tag, CTA links via /go/.

All of it depends only on the page and the audience, which the page cache keys on, so a
cached copy stays the same bytes for every reader of it (``blog/page_cache.py``).
"""

from urllib.parse import urlsplit

from django import template
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html
from wagtail.models import Page

from blog.audience import visitor_audience
from blog.links import safe_url

from ..targets import block_key, snippet_key
from ..views import enabled, is_site_editor

register = template.Library()


def is_preview(request):
    return bool(getattr(request, "is_preview", False))


def counted_page(context):
    """The page this response shows at its own URL to a reader, or ``None``: previews,
    editors, sub-routes (a tag's listing is not a view of the blog index) are not counted."""
    request, page = context.get("request"), context.get("page")
    if not enabled() or request is None or not isinstance(page, Page) or not page.live:
        return None
    if is_preview(request) or is_site_editor(request):
        return None
    url = page.get_url(request)
    if not url or urlsplit(url).path != request.path:
        return None
    return page


@register.simple_tag(takes_context=True)
def analytics_page_attributes(context):
    """`` data-analytics-page="…" data-analytics-audience="…" data-analytics-beacon="…"``
    for the ``<body>`` of a counted page, else nothing."""
    page = counted_page(context)
    if page is None:
        return ""
    return format_html(
        ' data-analytics-page="{}" data-analytics-audience="{}" data-analytics-beacon="{}"',
        page.pk,
        visitor_audience(context["request"]),
        reverse("analytics:beacon"),
    )


@register.simple_tag(takes_context=True)
def analytics_script(context):
    if counted_page(context) is None:
        return ""
    return format_html('<script src="{}" defer></script>', static("js/analytics.js"))


@register.simple_tag(takes_context=True)
def cta_link(context, cta):
    """``{"href": …, "key": …}`` of a call to action's button: through ``/go/`` (counting
    the click) on a live page, else straight to its URL (previews, analytics off).

    ``cta`` is a resolved call to action (``blog.call_to_action_block.resolved_call_to_action``); an
    inline one is named by its block's id, which Wagtail puts in the context as ``id``.
    """
    url = safe_url(cta.get("url"))
    if cta.get("snippet_id"):
        key = snippet_key(cta["snippet_id"])
    elif context.get("id"):
        key = block_key(context["id"])
    else:
        key = ""
    page, request = context.get("page"), context.get("request")
    if not (url and key and enabled() and isinstance(page, Page) and page.pk and page.live):
        return {"href": url, "key": ""}
    if is_preview(request):
        return {"href": url, "key": ""}
    return {"href": reverse("analytics:go", args=[key, page.pk]), "key": key}
