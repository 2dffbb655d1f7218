"""Beacons answered in front of Django's handler, as page-cache hits are (ops/cached_hits.py).

500 beacons a second must not slow the pages down. Inside Django, a beacon paid for what
it does not need: ``request_started``/``request_finished`` and their receivers, the full
parsing of the request's content type, ``BeaconMiddleware``'s place in the chain and the
exception wrappers of every layer. ``BeaconFastPath`` wraps the WSGI application
(folio/wsgi.py) and answers ``POST /analytics/beacon`` itself, with **the same code**:
the same view (``views.beacon``) inside the same instances of the middleware that stands
in front of ``BeaconMiddleware`` in ``settings.MIDDLEWARE`` (security headers, CSP, gzip,
WhiteNoise, CORS, the page cache's generation), so the status, headers and counts are the
ones Django's stack gives, by construction. Everything else goes to Django.

What it does not do, and why it need not:

- the request signals: their receivers close stale database connections (done here,
  directly), reset the query log (DEBUG only) and close caches (no-ops for the file and
  Redis caches). A beacon normally makes no query at all: the live pages are kept in
  memory (``targets``);
- the content type's parameters (``email.message`` parsing, a third of Django's request
  object): only ``request.POST`` uses them, and a beacon reads its raw body;
- the script prefix: the beacon's answer holds no URL.
"""

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.core.handlers.exception import convert_exception_to_response
from django.core.handlers.wsgi import WSGIRequest
from django.db import connections
from django.utils.module_loading import import_string

from . import views
from .middleware import BEACON_MIDDLEWARE, beacon_path


class BeaconRequest(WSGIRequest):
    """Django's request object for a beacon, without parsing the content type's
    parameters (see the module's docstring)."""

    def _set_content_type_params(self, meta):
        self.content_type = meta.get("CONTENT_TYPE", "").partition(";")[0].strip()
        self.content_params = {}


class BeaconFastPath:
    """WSGI middleware: answer beacons with the view and its outer middleware only."""

    def __init__(self, application):
        self.application = application
        self.handler = None
        self.path = None

    def __call__(self, environ, start_response):
        if environ.get("REQUEST_METHOD") != "POST" or not views.enabled():
            return self.application(environ, start_response)
        if self.handler is None:
            self.path, self.handler = beacon_path(), outer_chain(views.beacon)
        if environ.get("PATH_INFO") != self.path or self.handler is False:
            return self.application(environ, start_response)
        request = BeaconRequest(environ)
        close_stale_connections()
        response = self.handler(request)
        status = f"{response.status_code} {response.reason_phrase}"
        headers = [
            *response.items(),
            *(("Set-Cookie", cookie.output(header="")) for cookie in response.cookies.values()),
        ]
        start_response(status, headers)
        # The content, not the response: closing a response sends ``request_finished``.
        return [response.content]


def outer_chain(view):
    """``view`` inside the middleware that precedes ``BeaconMiddleware``, built as Django's
    handler builds its chain; ``False`` when ``BeaconMiddleware`` is not installed (then
    Django routes beacons to the view through every middleware, and so must this)."""
    names = list(settings.MIDDLEWARE)
    if BEACON_MIDDLEWARE not in names:
        return False
    handler = convert_exception_to_response(view)
    for name in reversed(names[: names.index(BEACON_MIDDLEWARE)]):
        try:
            instance = import_string(name)(handler)
        except MiddlewareNotUsed:
            continue
        handler = convert_exception_to_response(instance)
    return handler


def close_stale_connections():
    """What ``request_started`` does for the database (``close_old_connections``): close a
    connection past its ``CONN_MAX_AGE`` or broken, before this request may use it. Once is
    enough: one that ages during this beacon is closed by the next request, whichever way
    it goes. Never one inside a transaction: between requests there is none, except a
    test's own (which Django's test client protects the same way, by disconnecting the
    signal's receiver)."""
    for connection in connections.all(initialized_only=True):
        if connection.connection is not None and not connection.in_atomic_block:
            connection.close_if_unusable_or_obsolete()
