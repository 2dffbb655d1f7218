"""Parts of a page that cost the most to build, cached until anything a reader sees changes.

With the page cache off, or on a page-cache miss, a post page still spent most of its
time on the same work for every reader: finding the site and its settings, routing to
the page (Django building two page queries), rendering the body's blocks and ranking
and rendering the related posts. These are cached here
under the page cache's *generation* number (``ops/page_cache.py``), which every publish,
unpublish, move, delete and snippet, settings, image or view-restriction change bumps:
a cached part can never outlive the content it was built from, and nothing has to know
which page showed what.

Unlike Django's ``{% cache %}`` tag, the decision is made in the view, so a hit also
skips the queries that would have loaded what the part shows.

Off in development (template edits show at once) and in tests that do not ask for it
(``FOLIO_FRAGMENT_CACHE``); previews never use it.
"""

from django.conf import settings

from .page_cache import current_generation, page_cache

FRAGMENT_SECONDS = 3600
_MISSING = object()


def fragments_enabled(request=None):
    if not getattr(settings, "FOLIO_FRAGMENT_CACHE", False):
        return False
    # A preview shows a draft held in memory: never cache it, never serve it from here.
    return not getattr(request, "is_preview", False)


def request_generation(request):
    """The generation number, read once per request."""
    generation = getattr(request, "_folio_generation", None)
    if generation is None:
        generation = current_generation()
        if request is not None:
            request._folio_generation = generation
    return generation


def cached_fragment(request, name, parts, build, *, keep=None):
    """``build()``, or what it returned for the same ``name`` and ``parts`` since the
    last content change. ``build`` must return something picklable; with ``keep``,
    only values for which ``keep(value)`` is true are cached."""
    if not fragments_enabled(request):
        return build()
    cache = page_cache()
    key = f"folio:fragment:{request_generation(request)}:{name}:" + ":".join(map(str, parts))
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = build()
        if keep is None or keep(value):
            cache.set(key, value, FRAGMENT_SECONDS)
    return value
