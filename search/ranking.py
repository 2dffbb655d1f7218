"""How the search page ranks: Wagtail's search, without its costs that grow with the archive.

PostgreSQL: relevance among the newest matching posts.

Wagtail's PostgreSQL backend ranks every matching row with ``ts_rank`` before it can
return the first ten, and counts them all for the result count: with 100,000 posts a
common word (matching nearly all of them) took 1.2 s to rank and 0.6 s to count, every
ranking reading each match's whole body vector. Here the database first takes the
newest ``RANKED_MATCHES + 1`` matches (walking the date index for a common word, or the
GIN index on the combined title and body vectors for a rare one: migration 0001 of this
app adds it), and only those are ranked. A word found in fewer posts than that is
ranked exactly as Wagtail ranks it; for a word found in more, the page says so.

SQLite: Wagtail's backend ranks with a subquery per matching row that runs the full-text
match again (336 ms for a page of ten among 975 matches); here every match is scored
once (4 ms) and only the page's posts are loaded.

The match, the query parsing and the rank are Wagtail's own (its query compilers are
subclassed). Other databases keep Wagtail's search as it is.
"""

import functools

from django.db import connection
from django.db.models import Case, When
from wagtail.search.backends import get_search_backend
from wagtail.search.query import Phrase, PlainText

# Ranked per search; more matching posts are reported as "more than RANKED_MATCHES".
RANKED_MATCHES = 500


def ranked_search(queryset, query, newest_first=("-pk",)):
    """``queryset.search(query)``, by relevance. On PostgreSQL only the newest
    ``RANKED_MATCHES + 1`` matches are ranked (``newest_first`` orders them), so
    ``.count()`` of the result is at most that: more means "more than ``RANKED_MATCHES``"."""
    backend = get_search_backend()
    compiler_class = type(backend).query_compiler_class
    if connection.vendor == "postgresql":
        compiler_class = newest_matches_compiler(compiler_class, newest_first)
    elif connection.vendor == "sqlite":
        compiler_class = scored_once_compiler(compiler_class)
    else:
        return queryset.search(query)
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


@functools.cache
def scored_once_compiler(compiler_class):
    # Imported here: the module needs SQLite's full-text extension to be importable.
    from modelsearch.backends.database.sqlite.sqlite import MatchExpression, SQLiteFTSIndexEntry
    from modelsearch.utils import get_descendants_content_types_pks

    class ScoredOnceQueryCompiler(compiler_class):
        def search(self, config, start, stop, score_field=None):
            # A page of results only; counting (no ``stop``) is already cheap upstream.
            plain = isinstance(self.query, (PlainText, Phrase))
            if stop is None or not plain or not self.order_by_relevance or score_field:
                return super().search(config, start, stop, score_field)
            # The same match and rank as the backend's own ``search``.
            match = MatchExpression(
                self.fields or self.FTS_TABLE_FIELDS, self.build_search_query(self.query, config)
            )
            content_types = get_descendants_content_types_pks(self.queryset.model)
            matches = SQLiteFTSIndexEntry.objects.filter(match).filter(
                index_entry__content_type__in=content_types
            )
            rank = self._build_rank_expression(self.get_search_vectors(), config)
            scores = dict(
                matches.annotate(score=rank).values_list("index_entry__object_id", "score")
            )
            visible = self.queryset.filter(
                pk__in=matches.values("index_entry__object_id")
            ).values_list("pk", flat=True)
            # bm25: lower is better; ties newest (highest id) first, as the backend orders.
            ranked = sorted(visible, key=lambda pk: (scores[str(pk)], -pk))[start:stop]
            order = Case(*[When(pk=pk, then=position) for position, pk in enumerate(ranked)])
            return self.queryset.filter(pk__in=ranked).order_by(order)

    ScoredOnceQueryCompiler.__name__ = f"ScoredOnce{compiler_class.__name__}"
    return ScoredOnceQueryCompiler
