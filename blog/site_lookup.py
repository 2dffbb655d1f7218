"""The request's Wagtail site and its blog settings, found in one query.

Every public page reads both: Wagtail finds the site (``Site.find_for_request``) and then
``BlogSettings.for_request`` asks for the site's settings in a second query. Wagtail's
lookup cannot be told to join anything, so this repeats its matching rules (from
``wagtail.models.sites.get_site_for_hostname``, same order of preference) on a query
that also brings the settings and their default call to action, and primes the two
caches Wagtail keeps on the request: later calls of either method cost nothing. With
fragment caching on (``blog/fragment_cache.py``) the match is kept until a site, settings
or snippet changes, so most requests make no query for it at all.
"""

from django.db.models import Case, IntegerField, Q, When
from django.http.request import split_domain_port
from wagtail.models import Site
from wagtail.models.sites import (
    MATCH_DEFAULT,
    MATCH_HOSTNAME,
    MATCH_HOSTNAME_DEFAULT,
    MATCH_HOSTNAME_PORT,
)

from ops.fragment_cache import cached_fragment

from .site_settings import BlogSettings


def find_site_with_settings(request):
    """``Site.find_for_request(request)``, with ``BlogSettings.for_request`` loaded too."""
    if hasattr(request, "_wagtail_site"):
        return request._wagtail_site
    hostname, port = split_domain_port(request._get_raw_host())[0], request.get_port()
    site = cached_fragment(
        request, "site", [hostname, port], lambda: _best_match(_candidates(hostname, port))
    )
    request._wagtail_site = site
    settings = getattr(site, "blogsettings", None) if site is not None else None
    if settings is not None:
        settings._request = request  # as for_request does, for its page URL cache
        setattr(request, BlogSettings.get_cache_attr_name(), settings)
    return site


def _candidates(hostname, port):
    return list(
        Site.objects.annotate(
            match=Case(
                When(hostname=hostname, port=port, then=MATCH_HOSTNAME_PORT),
                When(hostname=hostname, is_default_site=True, then=MATCH_HOSTNAME_DEFAULT),
                When(is_default_site=True, then=MATCH_DEFAULT),
                default=MATCH_HOSTNAME,
                output_field=IntegerField(),
            )
        )
        .filter(Q(hostname=hostname) | Q(is_default_site=True))
        .order_by("match")
        .select_related(
            "root_page",
            "blogsettings",
            "blogsettings__default_guest_call_to_action",
            "blogsettings__default_guest_call_to_action__image",
            # The header, footer and head show the brand (brand/identity.py).
            "brandsettings",
            "brandsettings__logo",
            "brandsettings__logo_on_dark",
            "brandsettings__icon",
            "brandsettings__default_social_image",
        )
    )


def _best_match(sites):
    if not sites:
        return None
    if len(sites) == 1 or sites[0].match in (MATCH_HOSTNAME_PORT, MATCH_HOSTNAME_DEFAULT):
        return sites[0]
    if sites[0].match == MATCH_DEFAULT:
        # The default site, unless exactly one other site has this hostname.
        return sites[len(sites) == 2]
    # Only hostname matches on other ports and no default: Wagtail finds no site.
    return None
