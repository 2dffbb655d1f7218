"""Wagtail's database search backend, made safe for any text a reader or client types.

Set as ``WAGTAILSEARCH_BACKENDS["default"]["BACKEND"] = "search.backends"``; like
``wagtail.search.backends.database`` it picks the backend for the default database.

Two inputs crash the stock backends, and every caller (the HTML search, API v2, API v3,
the admin) would otherwise have to know about them:

- a double quote: the SQLite backend wraps each term in double quotes without escaping
  the ones inside it, so FTS5 fails with "unterminated string";
- NUL: PostgreSQL text cannot hold it.

Neither means anything to a plain-text search, so both are dropped before the query is
compiled. (Wagtail has no hook for this short of subclassing the backend.)
"""

import functools

from wagtail.search.backends.database import SearchBackend as database_search_backend
from wagtail.search.query import Phrase, PlainText

MAX_QUERY_LENGTH = 200


def clean_query_text(text):
    """A search string without NUL and double quotes, at most ``MAX_QUERY_LENGTH`` long."""
    return text.replace("\x00", "").replace('"', " ").strip()[:MAX_QUERY_LENGTH]


def clean_query(query):
    if isinstance(query, str):
        return clean_query_text(query)
    if isinstance(query, PlainText):
        return PlainText(clean_query_text(query.query_string), query.operator, query.boost)
    if isinstance(query, Phrase):
        return Phrase(clean_query_text(query.query_string))
    return query


class CleanQueryMixin:
    def _search(self, query_compiler_class, query, model_or_queryset, **kwargs):
        return super()._search(
            query_compiler_class, clean_query(query), model_or_queryset, **kwargs
        )


@functools.cache
def clean_query_backend_class(backend_class):
    """``backend_class`` with ``CleanQueryMixin``, made once per class (searches are hot)."""
    return type(f"Folio{backend_class.__name__}", (CleanQueryMixin, backend_class), {})


def SearchBackend(params):  # noqa: N802 - the name Wagtail looks up in a backend module
    # The stock function picks the class by database vendor, and each vendor's module can
    # only be imported on its own database: derive from whichever class it picked.
    backend_class = type(database_search_backend(params))
    return clean_query_backend_class(backend_class)(params)
