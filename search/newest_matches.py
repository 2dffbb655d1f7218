"""Search that ranks by relevance among the newest matching posts (PostgreSQL).

Wagtail's PostgreSQL backend ranks every matching row with ``ts_rank`` before it can
return the first ten, and counts them all for the result count: with 100,000 posts a
common word (matching nearly all of them) took 1.2 s to rank and 0.6 s to count, every
ranking reading each match's whole body vector. Here the database first takes the
newest ``RANKED_MATCHES + 1`` matches (walking the date index for a common word, or the
GIN index on the combined title and body vectors for a rare one: migration 0001 of this
app adds it), and only those are ranked. A word found in fewer posts than that is
ranked exactly as Wagtail ranks it; for a word found in more, the page says so.

The match, the query parsing and the rank are Wagtail's own (its query compiler is
subclassed, not copied). Other databases keep Wagtail's search as it is.
"""

import functools

from django.db import connection
from wagtail.search.backends import get_search_backend
from wagtail.search.query import Phrase, PlainText

# Ranked per search; more matching posts are reported as "more than RANKED_MATCHES".
RANKED_MATCHES = 500


def search_newest_matches(queryset, query, newest_first=("-pk",)):
    """``queryset.search(query)``, ranking only the newest ``RANKED_MATCHES + 1`` matches
    on PostgreSQL (``newest_first`` orders them). ``.count()`` of the result is then at
    most ``RANKED_MATCHES + 1``: more means "more than ``RANKED_MATCHES``"."""
    backend = get_search_backend()
    if connection.vendor != "postgresql":
        return queryset.search(query)
    compiler_class = newest_matches_compiler(type(backend).query_compiler_class, newest_first)
    # ``_search`` is the backend's documented internal entry point that ``search()`` itself
    # calls with its compiler class; Folio's query cleaning (search/backends.py) runs there.
    return backend._search(compiler_class, query, queryset)


@functools.cache
def newest_matches_compiler(compiler_class, newest_first):
    class NewestMatchesQueryCompiler(compiler_class):
        def search(self, config, start, stop, score_field=None, backend=None):
            if not isinstance(self.query, (PlainText, Phrase)) or not self.order_by_relevance:
                return super().search(config, start, stop, score_field, backend)
            search_query = self.build_tsquery(self.query, config=config)
            vectors = self.get_search_vectors(search_query)
            combined_vector = vectors[0][0]
            for vector, _boost in vectors[1:]:
                combined_vector = combined_vector._combine(vector, "||", False)
            newest = (
                self.queryset.annotate(_vector_=combined_vector)
                .filter(_vector_=search_query)
                .order_by(*newest_first)
                .values("pk")[: RANKED_MATCHES + 1]
            )
            candidates = self.queryset.filter(pk__in=newest)
            rank = self._build_rank_expression(vectors, config)
            return self._apply_ordering_and_scoring(candidates, rank, start, stop, score_field)

    NewestMatchesQueryCompiler.__name__ = f"NewestMatches{compiler_class.__name__}"
    return NewestMatchesQueryCompiler
