"""URL helpers shared by templates, blocks and the API: which URLs may be shown, and
URLs made absolute on the request's site.

Every URL in the API is absolute: other sites read it, so a root-relative ``/blog/x/``
would point at *their* host. Page, API and media links all take the request's Wagtail
site, as configured in Settings → Sites (or ``WAGTAILAPI_BASE_URL`` when set). Wagtail's
``Rendition.full_url`` would take ``WAGTAILADMIN_BASE_URL``, whose default
(127.0.0.1:8000) printed port 8000 on a site served anywhere else.

Imports nothing of Folio's but the request scope: templates, blocks and the API all
import this, never the other way (issue #16, "one direction inside").
"""

import re

from django.conf import settings
from wagtail.api.utils import get_base_url
from wagtail.models import Site

from ops.request_scope import current_request

# Wagtail's public HTML writes page and document links as root-relative ``href="/…"``.
ROOT_RELATIVE_URL_ATTRIBUTE = re.compile(r'(\s(?:href|src)=")(/(?!/)[^"]*)"')
SHOWN_SCHEMES = ("", "http", "https", "mailto", "tel")


def safe_url(value):
    """The URL if it is web, mail, phone or site-relative; else nothing (no javascript:)."""
    url = str(value or "").strip()
    scheme = url.split(":", 1)[0].lower() if ":" in url.split("/", 1)[0] else ""
    if scheme in SHOWN_SCHEMES and not url.startswith("//"):
        return url
    return ""


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


def absolute_urls(html, host):
    return ROOT_RELATIVE_URL_ATTRIBUTE.sub(lambda m: f'{m[1]}{host}{m[2]}"', html)
