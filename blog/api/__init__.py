"""Folio's content API: Wagtail API v2 endpoints, mounted at /api/v2/ by folio/api.py,
and the layer over Wagtail's API v3 (``v3*``), mounted at /api/v3/.

Modules, one job each: ``content`` (what a request may see), ``http`` (errors, caching,
304s), ``pagination``, ``filters``, ``fields`` and ``stream`` (JSON shapes), ``prefetch``
(constant query count), ``rich_text_batch`` (one expansion per response), then the
endpoints (``endpoints``): ``pages``, ``taxonomy`` (authors, categories, tags) and
``media`` (images, documents); ``v3_fields`` are the serializers ``BlogPage.api_fields``
names. See docs/api.md.

Imports run one way (issue #16): the API reads blocks and their JSON
(``blog.representation``), which read the URL helpers (``blog.links``); nothing outside
``blog/api/`` imports the API but the URL configuration and ``BlogPage.api_fields``. So
this package imports nothing itself: the models import ``v3_fields`` while loading.
"""
