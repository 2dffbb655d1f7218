"""JSON shapes shared by blocks and API serializers: images, rich text, calls to action.

Every URL in the API is absolute: other sites read it, so a root-relative ``/blog/x/``
would point at *their* host. Pages and API links take the request's Wagtail site (or
``WAGTAILAPI_BASE_URL``); media take ``WAGTAILADMIN_BASE_URL`` as Wagtail's
``Rendition.full_url`` does.
"""

import re
import uuid

from django.conf import settings
from django.utils.html import strip_tags
from wagtail.api.rich_text import APIRichText
from wagtail.api.utils import get_base_url
from wagtail.images.models import SourceImageIOError

from .audience import Audience
from .sanitize import sanitize_html, sanitize_stored_rich_text
from .templatetags.blog_tags import safe_url

IMAGE_RENDITIONS = {
    "thumbnail": "fill-400x225",
    "large": "width-1200",
    "og": "fill-1200x630",
}
AVATAR_RENDITIONS = {
    "small": "fill-64x64",
    "large": "fill-192x192",
}
# Every spec the API asks for, so listings can prefetch exactly these renditions.
RENDITION_SPECS = tuple({*IMAGE_RENDITIONS.values(), *AVATAR_RENDITIONS.values()})

# Wagtail's public HTML writes page and document links as root-relative ``href="/…"``.
ROOT_RELATIVE_URL_ATTRIBUTE = re.compile(r'(\s(?:href|src)=")(/(?!/)[^"]*)"')


def base_url(context=None):
    """Scheme and host that root-relative URLs in this API response are resolved against."""
    request = (context or {}).get("request")
    return get_base_url(request) or settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def absolute_url(url, context=None):
    """``url`` made absolute; absolute and empty URLs are returned as they are."""
    if not url or not url.startswith("/") or url.startswith("//"):
        return url
    return base_url(context) + url


def media_url(url):
    """A media file's URL made absolute the way Wagtail's ``Rendition.full_url`` does."""
    if url and url.startswith("/") and not url.startswith("//"):
        return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + url
    return url


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


def image_representation(image, alt=None, renditions=IMAGE_RENDITIONS):
    """An image as named renditions with absolute URLs, or ``None``.

    ``renditions`` is ``None`` when the original file is missing from storage: one lost
    file must not turn a whole listing into a server error.
    """
    if image is None:
        return None
    return {
        "id": image.pk,
        "title": image.title,
        "alt": alt if alt is not None else image.default_alt_text,
        "width": image.width,
        "height": image.height,
        "renditions": _renditions(image, renditions),
    }


def _renditions(image, named_specs):
    # preserve-svg keeps SVGs as SVGs (Wagtail cannot rasterise them) and is dropped from
    # the spec of every other image, so the renditions are the ones the HTML pages use.
    try:
        found = image.get_renditions(*(f"{spec}|preserve-svg" for spec in named_specs.values()))
    except SourceImageIOError:
        return None
    result = {}
    for name, spec in named_specs.items():
        rendition = found[spec]
        result[name] = {
            "url": rendition.full_url,
            "width": rendition.width,
            "height": rendition.height,
        }
    return result


def call_to_action_representation(cta, context=None):
    """A resolved call to action (see ``blocks.resolved_call_to_action``) as JSON.

    Its URL is dropped, as on the pages, unless web, mail, phone or site-relative.
    """
    return {
        "heading": cta["heading"],
        "text": rich_text_representation(cta.get("text"), context),
        "image": image_representation(cta.get("image"), cta.get("image_alt") or None),
        # A picture kept from an import that is not in the library.
        "external_image_url": safe_url(cta.get("external_image_url")) or None,
        "button_label": cta["button_label"],
        "url": absolute_url(safe_url(cta["url"]), context),
        "audience": cta["audience"] or Audience.EVERYONE,
        "snippet_id": cta.get("snippet_id"),
        # "image": the image alone is the link (no heading or button shown).
        "style": cta.get("style") or "banner",
    }
