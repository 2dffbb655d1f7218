"""Content-Security-Policy for the public site.

Folio's front end runs no third-party scripts and no inline ones, only its own small files
(the analytics beacon, static/js/), so the policy can forbid every script but the site's
own files: a payload that slipped past the HTML
sanitiser still would not run. The JSON-LD ``<script type="application/ld+json">`` in the
head is data, never executed, so ``script-src`` does not apply to it.

The policy comes from the ``FOLIO_CSP`` setting (directive → list of sources), so a site
that adds a CDN or an analytics host widens it there rather than here. The admin and the
API are left alone: Wagtail's admin needs inline scripts, the API serves JSON.
"""

from urllib.parse import urlsplit

from django.conf import settings
from wagtail_headless_preview.settings import headless_preview_settings

HEADER = "Content-Security-Policy"

DEFAULT_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    # Hero images and renditions may live on a CDN or object storage; imported posts keep
    # images hot-linked from other https hosts.
    "img-src": ["'self'", "https:", "data:"],
    "media-src": ["'self'", "https:"],
    # Video embeds (YouTube, Vimeo…) and sanitised imported iframes.
    "frame-src": ["https:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    # The same rule as X-Frame-Options: SAMEORIGIN, so the admin's preview can frame pages.
    "frame-ancestors": ["'self'"],
}

DEFAULT_EXEMPT_PREFIXES = ("/admin/", "/django-admin/", "/api/")


def build_policy(policy):
    """``{"script-src": ["'self'"]}`` → ``"script-src 'self'"``.

    A directive with no sources (``upgrade-insecure-requests``) is written alone; one set
    to ``None`` is dropped, so a site can remove a default directive.
    """
    return "; ".join(
        f"{directive} {' '.join(sources)}" if sources else directive
        for directive, sources in policy.items()
        if sources is not None
    )


def with_preview_frames(policy):
    """``policy`` with the headless preview's front ends allowed in ``frame-src``.

    Wagtail renders a preview through the page's own URL, so the page that frames the
    external front end gets the site's policy: the front end's origin (by default
    http://127.0.0.1:8020, plain HTTP) must be allowed there or the preview stays blank.
    """
    frame_sources = policy.get("frame-src")
    if frame_sources is None:
        return policy
    extra = [origin for origin in preview_client_origins() if origin not in frame_sources]
    return {**policy, "frame-src": [*frame_sources, *extra]} if extra else policy


def preview_client_origins():
    """``scheme://host[:port]`` of every configured headless preview front end."""
    origins = []
    for url in (headless_preview_settings.CLIENT_URLS or {}).values():
        address = urlsplit(url)
        if address.scheme in ("http", "https") and address.netloc:
            origins.append(f"{address.scheme}://{address.netloc}")
    return list(dict.fromkeys(origins))


class ContentSecurityPolicyMiddleware:
    """Add the site's Content-Security-Policy to HTML responses outside the admin and API.

    Placed near the top of ``MIDDLEWARE`` so that copies served by the page cache get the
    header too (the cache stores responses without it).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.header_value = build_policy(
            with_preview_frames(getattr(settings, "FOLIO_CSP", DEFAULT_POLICY))
        )
        self.exempt_prefixes = tuple(
            getattr(settings, "FOLIO_CSP_EXEMPT_PREFIXES", DEFAULT_EXEMPT_PREFIXES)
        )

    def __call__(self, request):
        response = self.get_response(request)
        if self.applies(request, response):
            response[HEADER] = self.header_value
        return response

    def applies(self, request, response):
        if not self.header_value or HEADER in response:
            return False
        if request.path.startswith(self.exempt_prefixes):
            return False
        # Django's technical error pages (DEBUG only) are styled and scripted inline.
        if settings.DEBUG and response.status_code >= 400:
            return False
        return response.get("Content-Type", "").startswith("text/html")
