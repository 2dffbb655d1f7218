"""Answer "come back soon" instead of "we broke" while the database is unreachable.

A database restart, failover or network blip surfaces as ``OperationalError`` or
``InterfaceError`` in whatever code touches the database first. Readers should get a
friendly 503 page, API clients a JSON message, and both a ``Retry-After``; nothing here
may need the database itself. Django closes a broken connection when the request ends
(``close_old_connections``: a connection with errors that fails its health check is
dropped), so the first request after the database is back opens a fresh one.

Only losing the database is an outage. ``OperationalError`` also covers bugs and bad
deployments ("no such table", a statement timeout): those stay 500s, logged as errors,
because a load balancer retrying them elsewhere, later, would not help.
"""

import logging
import sqlite3

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger("folio.db_outage")

RETRY_AFTER_SECONDS = 30
OUTAGE_MESSAGE = "The service is temporarily unavailable. Please try again in a minute."

# SQLite: another process holds the lock past the timeout, or the file cannot be opened.
# Extended codes (SQLITE_BUSY_SNAPSHOT, SQLITE_CANTOPEN_ISDIR …) share these prefixes.
SQLITE_UNAVAILABLE = ("SQLITE_BUSY", "SQLITE_LOCKED", "SQLITE_CANTOPEN")

# PostgreSQL refusing or dropping the connection: connection exceptions (class 08),
# shutting down, crashed or still starting (57P01-57P03), no connection slot free (53300).
POSTGRES_UNAVAILABLE_CLASSES = ("08",)
POSTGRES_UNAVAILABLE_STATES = {"57P01", "57P02", "57P03", "53300"}

try:
    import psycopg
except ImportError:  # SQLite-only installs
    psycopg = None


def is_database_outage(exception):
    """Whether ``exception`` means the database cannot be reached (a 503, retry later)
    rather than a fault of the request or the code (a 500)."""
    if isinstance(exception, InterfaceError | OperationalError):
        # Django wraps the driver's error and keeps it as the cause; without one, Django
        # raised it itself ("connection already closed").
        if exception.__cause__ is None:
            return isinstance(exception, InterfaceError)
        exception = exception.__cause__
    if isinstance(exception, sqlite3.OperationalError):
        name = getattr(exception, "sqlite_errorname", "")
        return any(name == code or name.startswith(code + "_") for code in SQLITE_UNAVAILABLE)
    if is_psycopg_error(exception, "InterfaceError"):
        return True  # the connection is closed or unusable, whatever the query was
    if is_psycopg_error(exception, "OperationalError"):
        state = exception.sqlstate
        # No SQLSTATE: psycopg's own "connection failed" / "server closed the connection".
        return (
            state is None
            or state.startswith(POSTGRES_UNAVAILABLE_CLASSES)
            or state in POSTGRES_UNAVAILABLE_STATES
        )
    return False


def is_psycopg_error(exception, name):
    return psycopg is not None and isinstance(exception, getattr(psycopg, name))


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
