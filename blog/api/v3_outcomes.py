"""API v3 answers what happened to a request when the database connection is lost.

Wagtail's v3 writes run in autocommit: a publish saves the page (committed at once), then
sends signals, cancels workflows, logs and reads the page again for the answer. When the
connection died in between, the publish had happened but the client heard otherwise:
"try again" (``ops.db_outage``), or ``422 Validation failed`` when it died while the
answer was built, because Pydantic turns any error raised while reading an attribute
into a validation error, and Wagtail's v3 answers those with a 422 (issue #12).

So here a write runs in one transaction, its answer built inside it:

* the connection is lost before the commit: nothing was changed, and the answer is a
  503 saying so, with ``Retry-After``;
* the commit itself fails: whether it was applied cannot be known, and the 503 says that
  (read the object before writing again);
* the commit succeeds and something after it fails (an ``on_commit`` hook on the dead
  connection): the write happened, and the answer is the one built for it.

A read that loses its connection is a 503 too, never a validation error.
"""

import logging

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils.cache import add_never_cache_headers
from wagtail.api.v3.errors import problem_response

from ops.db_outage import OUTAGE_MESSAGE, RETRY_AFTER_SECONDS, is_database_outage

logger = logging.getLogger("folio.api")

NOT_APPLIED = (
    "The database connection was lost before this change was saved: nothing was changed. "
    "Please try again in a minute."
)
OUTCOME_UNKNOWN = (
    "The database connection was lost while this change was being saved: it may or may "
    "not have been applied. Read the object again before retrying."
)


def connection_lost(alias=DEFAULT_DB_ALIAS):
    """Whether the request's database connection has died (not merely seen an error)."""
    connection = connections[alias]
    if not connection.errors_occurred:
        return False
    if connection.connection is None:
        return True
    broken = getattr(connection.connection, "broken", None)  # psycopg 3
    if broken is not None:
        return broken or connection.connection.closed
    return not connection.is_usable()


def unavailable(detail):
    response = problem_response(status=503, detail=detail)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response


def answer_read(view, request, *args, **kwargs):
    try:
        response = view(request, *args, **kwargs)
    except Exception as error:
        if not is_database_outage(error):
            raise
        logger.error("Database lost while answering %s", request.path, exc_info=error)
        return unavailable(OUTAGE_MESSAGE)
    if response.status_code >= 400 and connection_lost():
        logger.error("Database lost while answering %s (was %s)", request.path, response)
        return unavailable(OUTAGE_MESSAGE)
    return response


def answer_write(view, request, *args, **kwargs):
    committed, committing = [], []
    try:
        with transaction.atomic():
            # Registered first, so it runs first after the commit, before any hook that
            # may fail on a connection lost since.
            transaction.on_commit(lambda: committed.append(True))
            response = view(request, *args, **kwargs)
            if response.status_code >= 400:
                # Wagtail answered an error (a refused or invalid write, or an error it
                # turned into one): keep nothing of what it did on the way.
                transaction.set_rollback(True)
                if connection_lost():
                    logger.error("Database lost during %s %s", request.method, request.path)
                    return unavailable(NOT_APPLIED)
            committing.append(True)
    except Exception as error:
        if committed:
            logger.error(
                "%s %s was saved; a step after its commit failed",
                request.method,
                request.path,
                exc_info=error,
            )
            return response
        if not is_database_outage(error):
            raise
        logger.error("Database lost during %s %s", request.method, request.path, exc_info=error)
        return unavailable(OUTCOME_UNKNOWN if committing else NOT_APPLIED)
    return response
