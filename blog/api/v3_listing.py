"""API v3's public page listing leaves unlisted posts out, as the site's and v2's do.

Wagtail's v3 builds every page queryset with one function
(``wagtail.api.v3.querysets.get_pages_queryset``), which its pages router imports by name,
and offers no hook to narrow a listing. So the router's reference is wrapped once (from
``BlogConfig.ready``) and narrows only an anonymous request that ``v3.guarded`` marked as
the listing: a detail, ``find`` and a token holder's listing (editors' scripts, which
manage unlisted posts too) are Wagtail's as they ship.
"""

from wagtail.api.v3.routers import pages as pages_router

from .pages import listed_only

LISTING_OPERATION = "list_pages"
MARK = "folio_public_listing"


def mark_listing(request, operation):
    setattr(request, MARK, operation == LISTING_OPERATION)


def install():
    original = pages_router.get_pages_queryset
    if getattr(original, "folio_wrapped", False):
        return

    def get_pages_queryset(request, *args, **kwargs):
        queryset = original(request, *args, **kwargs)
        if getattr(request, MARK, False) and not request.user.is_authenticated:
            return listed_only(queryset)
        return queryset

    get_pages_queryset.folio_wrapped = True
    pages_router.get_pages_queryset = get_pages_queryset
