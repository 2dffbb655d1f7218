"""JSON shapes shared by blocks and API serializers: images, rich text, calls to action.

Every URL in the API is absolute: other sites read it, so a root-relative ``/blog/x/``
would point at *their* host. Page, API and media links all take the request's Wagtail
site, as configured in Settings → Sites (or ``WAGTAILAPI_BASE_URL`` when set). Wagtail's
``Rendition.full_url`` would take ``WAGTAILADMIN_BASE_URL``, whose default
(127.0.0.1:8000) printed port 8000 on a site served anywhere else.
"""

import re
import uuid

from django.conf import settings
from django.utils.html import strip_tags
from wagtail.api.rich_text import APIRichText
from wagtail.api.utils import get_base_url
from wagtail.models import Site

from ops.request_scope import current_request

from .audience import Audience
from .renditions import named_renditions
from .sanitize import sanitize_html, sanitize_stored_rich_text
from .templatetags.blog_tags import safe_url

# Wagtail's public HTML writes page and document links as root-relative ``href="/…"``.
ROOT_RELATIVE_URL_ATTRIBUTE = re.compile(r'(\s(?:href|src)=")(/(?!/)[^"]*)"')


def base_url(context=None):
    """Scheme and host that root-relative URLs in this API response are resolved against:
    the request's site (the serializer's, else the one being answered), else the
    default site, as configured in Settings → Sites."""
    request = (context or {}).get("request") or current_request()
    base = get_base_url(request)
    if base:
        return base
    site = Site.objects.filter(is_default_site=True).first()
    return site.root_url if site is not None else settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def absolute_url(url, context=None):
    """``url`` made absolute; absolute and empty URLs are returned as they are."""
    if not url or not url.startswith("/") or url.startswith("//"):
        return url
    return base_url(context) + url


def media_url(url, context=None):
    """A media file's URL made absolute on the request's site (files stored elsewhere, on
    object storage or a CDN, already have absolute URLs)."""
    return absolute_url(url, context)


def rich_text_representation(source, context=None):
    """Rich text in the request's ``rich_text_format`` (Wagtail's), with absolute URLs.

    Wagtail expands ``linktype`` / ``embedtype`` markup itself; Folio only completes the
    root-relative URLs it writes, which is all that stands between its HTML and a page
    that can be shown on another host. Inside an API response the expansion is deferred
    to the response's ``RichTextBatch``.
    """
    context = context or {}
    rich_text_format = context.get("_wagtail_rich_text_format")
    if rich_text_format is None:
        rich_text_format = APIRichText.resolve_format()
    source = str(getattr(source, "source", source) or "")
    if rich_text_format != APIRichText.FORMAT_HTML:
        return stored_rich_text(source, rich_text_format)
    batch = context.get("rich_text_batch")
    if batch is not None:
        return batch.add(source)
    return absolute_urls(clean_html(public_html(source)), base_url(context))


def stored_rich_text(source, rich_text_format):
    """Rich text in one of Wagtail's raw formats (``db_html``, ``markdown``, …), cleaned.

    Wagtail's markdown conversion fails on markup its editor never writes; such a value
    is given as its plain text rather than failing the whole response.
    """
    cleaned = sanitize_stored_rich_text(source)
    try:
        return APIRichText.serialize(cleaned, format=rich_text_format)
    except (AssertionError, ValueError, KeyError):
        return strip_tags(cleaned)


def public_html(source):
    """Wagtail's ``html`` rich text format: ``expand_db_html``, links to real URLs."""
    return APIRichText.serialize(source, format=APIRichText.FORMAT_HTML)


def clean_html(html):
    """Rich text cleaned as the pages clean it (``clean_rich_text``): rich text saved
    outside the editor (API v3 writes, the ORM) never passed the editor's allow-list."""
    return sanitize_html(html, link_rel=None)


def absolute_urls(html, host):
    return ROOT_RELATIVE_URL_ATTRIBUTE.sub(lambda m: f'{m[1]}{host}{m[2]}"', html)


class PendingRichText:
    """A placeholder in serialised data for rich text its batch has not expanded yet."""

    def __init__(self, source):
        self.source = source
        self.html = None


class RichTextBatch:
    """Expands all the rich text of one response in a single ``expand_db_html`` call.

    Wagtail looks up the pages and documents a rich text links to with a few queries
    per call; one call per paragraph would make the query count grow with the content.
    The sources are joined with a unique comment (which the rewriter leaves alone),
    expanded once, split again, and put back in place of their placeholders.
    """

    def __init__(self):
        self.pending = []

    def add(self, source):
        placeholder = PendingRichText(source)
        self.pending.append(placeholder)
        return placeholder

    def expand(self, host):
        sources = [placeholder.source for placeholder in self.pending]
        separator = f"<!--folio-rich-text-{uuid.uuid4().hex}-->"
        parts = public_html(separator.join(sources)).split(separator)
        if len(parts) != len(sources):  # markup broken enough to swallow a separator
            parts = [public_html(source) for source in sources]
        for placeholder, html in zip(self.pending, parts, strict=True):
            placeholder.html = absolute_urls(clean_html(html), host)
        self.pending = []

    def resolve(self, data, host):
        """Expand what is pending, then put the HTML into ``data`` (nested dicts and lists)."""
        if self.pending:
            self.expand(host)
        return _replace_placeholders(data)


def _replace_placeholders(data):
    if isinstance(data, PendingRichText):
        return data.html
    if isinstance(data, dict):
        for key, value in data.items():
            data[key] = _replace_placeholders(value)
    elif isinstance(data, list):
        data[:] = [_replace_placeholders(value) for value in data]
    return data


def image_representation(image, alt=None, use="api_image", context=None):
    """An image as the named renditions of ``use`` (``blog.renditions``), with absolute
    URLs, or ``None``. A rendition the worker has not made yet is given as the original
    file, with its own width and height."""
    if image is None:
        return None
    renditions = named_renditions(image, use)
    for rendition in renditions.values():
        rendition["url"] = media_url(rendition["url"], context)
    return {
        "id": image.pk,
        "title": image.title,
        "alt": alt if alt is not None else image.default_alt_text,
        "width": image.width,
        "height": image.height,
        "renditions": renditions,
    }


def call_to_action_representation(cta, context=None):
    """A resolved call to action (see ``blocks.resolved_call_to_action``) as JSON.

    Its URL is dropped, as on the pages, unless web, mail, phone or site-relative.
    """
    return {
        "heading": cta["heading"],
        "text": rich_text_representation(cta.get("text"), context),
        "image": image_representation(
            cta.get("image"), cta.get("image_alt") or None, context=context
        ),
        # A picture kept from an import that is not in the library.
        "external_image_url": safe_url(cta.get("external_image_url")) or None,
        "button_label": cta["button_label"],
        "url": absolute_url(safe_url(cta["url"]), context),
        "audience": cta["audience"] or Audience.EVERYONE,
        "snippet_id": cta.get("snippet_id"),
        # "image": the image alone is the link (no heading or button shown).
        "style": cta.get("style") or "banner",
    }
