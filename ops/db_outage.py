"""Answer "come back soon" instead of "we broke" while the database is unreachable.

A database restart, failover or network blip surfaces as ``OperationalError`` or
``InterfaceError`` in whatever code touches the database first. Readers should get a
friendly 503 page, API clients a JSON message, and both a ``Retry-After``; nothing here
may need the database itself. Django closes a broken connection when the request ends
(``close_old_connections``: a connection with errors that fails its health check is
dropped), so the first request after the database is back opens a fresh one.
"""

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger("folio.db_outage")

RETRY_AFTER_SECONDS = 30
OUTAGE_MESSAGE = "The service is temporarily unavailable. Please try again in a minute."

try:
    import psycopg
except ImportError:  # SQLite-only installs
    DATABASE_OUTAGE_ERRORS = (OperationalError, InterfaceError)
else:
    # Django wraps driver errors, but a few paths (connection set-up hooks) can leak them.
    DATABASE_OUTAGE_ERRORS = (
        OperationalError,
        InterfaceError,
        psycopg.OperationalError,
        psycopg.InterfaceError,
    )


def is_database_outage(exception):
    return isinstance(exception, DATABASE_OUTAGE_ERRORS)


def outage_response(request):
    if request.path.startswith("/api/"):
        response = JsonResponse({"message": OUTAGE_MESSAGE}, status=503)
    else:
        # Rendered without a request: no context processors, so no database queries.
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response


class DatabaseOutageMiddleware:
    """Turn database outages raised by views into 503 responses with ``Retry-After``.

    ``process_exception`` sees exceptions from views and from rendering their template
    responses, which is where Folio reads the database: the session and the user are
    loaded lazily, on first use in the view, and the page cache never queries it (its
    cached pages keep being served during an outage).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_database_outage(exception):
            return None
        logger.error(
            "Database unavailable while serving %s %s: %s",
            request.method,
            request.path,
            exception,
            exc_info=exception,
        )
        return outage_response(request)
