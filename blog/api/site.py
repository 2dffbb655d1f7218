"""``GET /api/v2/site/``: the site itself as JSON, for a front end's header, footer, theme
and sign-up banner: what the HTML site takes from Settings → Brand and Settings → Blog.

Not a Wagtail endpoint (there is one site per host, not a listing), so its schema is
written here, beside the code that makes the answer (``SITE_SCHEMA``), and the OpenAPI
document includes it.
"""

import functools
import hashlib

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control

from blog.call_to_action_block import snippet_call_to_action
from blog.links import absolute_url, media_url, safe_url
from blog.representation import call_to_action_representation
from blog.site_lookup import find_site_with_settings
from blog.site_settings import BlogSettings
from brand.identity import brand_for_request
from ops.page_cache import declare_public

from .content import PublicContent


def public_json(request, body):
    """``body`` (JSON text) as a public answer: kept by caches and Folio's page cache
    (until the next content change), with an ETag and ``304`` for a matching one."""
    response = HttpResponse(body, content_type="application/json")
    response["ETag"] = f'"{hashlib.sha256(body.encode()).hexdigest()[:40]}"'
    patch_cache_control(
        response,
        public=True,
        max_age=settings.FOLIO_API_CACHE_MAX_AGE,
        stale_while_revalidate=settings.FOLIO_API_STALE_WHILE_REVALIDATE,
    )
    declare_public(response)
    return get_conditional_response(request, etag=response["ETag"], response=response)


def read_only(view):
    """Django's ``require_safe``, answering as the rest of API v2 does: a ``405`` in JSON."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            response = JsonResponse(
                {"message": f'Method "{request.method}" not allowed.'}, status=405
            )
            response["Allow"] = "GET, HEAD"
            return response
        return view(request, *args, **kwargs)

    return wrapper


def picture(rendition, context):
    if not rendition:
        return None
    return {
        "url": media_url(rendition["url"], context),
        "width": rendition["width"],
        "height": rendition["height"],
    }


def link(label, url, context):
    return {"label": label, "url": absolute_url(safe_url(url), context)}


def navigation(brand, content, context):
    """The header's menu as the site shows it: the brand's links, else the blog; then
    search (templates/includes/header.html)."""
    links = [link(item["label"], item["href"], context) for item in brand.header_links]
    if not links and content.blog_index is not None:
        links = [link("Blog", content.blog_index.url, context)]
    return [*links, link("Search", reverse("search"), context)]


def blog_settings_guest_call_to_action(request):
    """Settings → Blog's call to action for guests of the request's site, or ``None``.
    The site lookup brings the settings with it (no query of their own), and a site that
    never saved them reads the defaults without a write (blog/settings_reads.py)."""
    if find_site_with_settings(request) is None:
        return None
    return BlogSettings.for_request(request).default_guest_call_to_action


def guest_call_to_action(request, context):
    """Settings → Blog's call to action for guests, when its snippet is published."""
    cta = blog_settings_guest_call_to_action(request)
    if cta is None or not cta.live:
        return None
    return call_to_action_representation(snippet_call_to_action(cta), context)


def site_data(request):
    site = find_site_with_settings(request)
    if site is None:
        return None
    context = {"request": request}
    brand = brand_for_request(request)
    content = PublicContent(request)
    home = site.root_page.specific
    description = getattr(home, "search_description", "")
    return {
        "title": brand.site_name,
        "description": description,
        "url": site.root_url + "/",
        "logo": picture(brand.logo, context),
        "logo_on_dark": picture(brand.logo_on_dark, context),
        "icon": picture(brand.icon, context),
        "accent_colour": brand.accent,
        "navigation": navigation(brand, content, context),
        "footer": {
            "text": brand.footer_text,
            "links": [link(item["label"], item["href"], context) for item in brand.footer_links],
        },
        "social_profiles": [
            {"network": p["network"], "label": p["label"], "url": safe_url(p["url"])}
            for p in brand.social_profiles
        ],
        "guest_call_to_action": guest_call_to_action(request, context),
    }


@read_only
def site_view(request):
    data = site_data(request)
    if data is None:
        return JsonResponse({"message": "no site answers for this host"}, status=404)
    return public_json(request, JsonResponse(data).content.decode())


def _picture_schema():
    return {
        "anyOf": [
            {
                "type": "object",
                "properties": {
                    "url": {"type": "string", "format": "uri"},
                    "width": {"type": "integer"},
                    "height": {"type": "integer"},
                },
                "required": ["url", "width", "height"],
            },
            {"type": "null"},
        ]
    }


LINK_SCHEMA = {
    "type": "object",
    "properties": {"label": {"type": "string"}, "url": {"type": "string"}},
    "required": ["label", "url"],
}
SITE_SCHEMA = {
    "type": "object",
    "description": "Settings → Brand and Settings → Blog of the site you ask.",
    "properties": {
        "title": {"type": "string"},
        "description": {"type": "string", "description": "The home page's search description."},
        "url": {"type": "string", "format": "uri"},
        "logo": _picture_schema(),
        "logo_on_dark": _picture_schema(),
        "icon": _picture_schema(),
        "accent_colour": {"type": "string", "description": "#rrggbb"},
        "navigation": {"type": "array", "items": LINK_SCHEMA},
        "footer": {
            "type": "object",
            "properties": {
                "text": {"type": "string"},
                "links": {"type": "array", "items": LINK_SCHEMA},
            },
            "required": ["text", "links"],
        },
        "social_profiles": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "network": {"type": "string"},
                    "label": {"type": "string"},
                    "url": {"type": "string"},
                },
                "required": ["network", "label", "url"],
            },
        },
        "guest_call_to_action": {
            "description": "Shown to guests under every post; null when none is set.",
            "anyOf": [{"$ref": "#/components/schemas/CallToAction"}, {"type": "null"}],
        },
    },
    "required": [
        "title",
        "description",
        "url",
        "logo",
        "logo_on_dark",
        "icon",
        "accent_colour",
        "navigation",
        "footer",
        "social_profiles",
        "guest_call_to_action",
    ],
}
