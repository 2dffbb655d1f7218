"""Related posts named by title: matching titles, and linking posts once their titles exist.

A post's ``relatedPosts`` front matter lists titles of other posts, which may not be
imported yet (or ever). Titles that match no post are kept in
``unresolved_related_titles``; after every import run, :func:`resolve_pending_related_posts`
looks for them again among all posts in the CMS. This is part of the writing step.

Titles are compared loosely: case, spacing, punctuation and curly versus straight quotes
do not matter ("Hello GitHub, We're Quire" finds "Hello GitHub, We’re Quire").
"""

import logging
import re
import unicodedata
from collections import defaultdict

from django.db import reset_queries, transaction

from blog.models import BlogPage, BlogPageRelatedPost

from .deferred_indexing import record_noted_saves
from .revisions import amendable_import_revision, published_as_is, save_follow_up_revision

logger = logging.getLogger("folio.importer")

QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"'})  # fmt: skip


def normalise_title(title: str) -> str:
    """The comparable form of a title: folded case, no punctuation, single spaces."""
    text = unicodedata.normalize("NFKC", title or "").translate(QUOTES).casefold()
    text = re.sub(r"[^\w\s]|_", " ", text)
    return " ".join(text.split())


def post_title_index() -> dict[str, int]:
    """Normalised title (published and draft) → post id, for every post in the CMS."""
    index = {}
    rows = BlogPage.objects.order_by("date", "pk").values_list("pk", "title", "draft_title")
    for pk, title, draft_title in rows:
        for candidate in (title, draft_title):
            if candidate:
                index.setdefault(normalise_title(candidate), pk)
    return index


class PostTitleIndex:
    """:func:`post_title_index` kept current while posts are written, read from the
    database once instead of once per post (which made an import quadratic).

    A title names the earliest post (by date, then id) with it, as in the query.
    """

    def __init__(self):
        self.posts_by_title: dict[str, set[tuple]] = defaultdict(set)
        self.entries_of: dict[int, list[tuple[str, tuple]]] = {}
        rows = BlogPage.objects.values_list("pk", "title", "draft_title", "date")
        for pk, title, draft_title, date in rows:
            self.put(pk, date, title, draft_title)

    def put(self, pk: int, date, *titles: str):
        """Record post ``pk`` under ``titles`` (its published and draft title), only them."""
        for key, entry in self.entries_of.pop(pk, []):
            self.posts_by_title[key].discard(entry)
        entries = [(normalise_title(title), (date, pk)) for title in titles if title]
        for key, entry in entries:
            self.posts_by_title[key].add(entry)
        self.entries_of[pk] = entries

    def get(self, key: str) -> int | None:
        posts = self.posts_by_title.get(key)
        return min(posts)[1] if posts else None


def match_titles(titles, index, *, exclude_pk=None) -> tuple[list[int], list[str]]:
    """Ids of the posts ``titles`` name (in order, once each), and the titles matching none.

    ``index`` maps normalised titles to post ids (:func:`post_title_index`, or a
    :class:`PostTitleIndex`).
    """
    matched, unresolved = [], []
    for title in titles:
        pk = index.get(normalise_title(title))
        if pk is None or pk == exclude_pk:
            unresolved.append(title)
        elif pk not in matched:
            matched.append(pk)
    return matched, unresolved


def resolve_pending_related_posts(revisions_written: dict[int, int] | None = None) -> int:
    """Link every post to the posts its unresolved related titles now name.

    Returns how many links were added. Each post is changed in its own transaction:
    in the import revision ``revisions_written`` says this run saved for it, else as a
    new revision, published when the post was live without pending changes.
    """
    index = post_title_index()
    added = 0
    waiting = BlogPage.objects.exclude(unresolved_related_titles=[]).order_by("pk")
    for pk, titles in list(waiting.values_list("pk", "unresolved_related_titles")):
        # With DEBUG on, Django keeps every query: a long pass must not.
        reset_queries()
        matched, unresolved = match_titles(titles, index, exclude_pk=pk)
        if not matched:
            continue
        # One page in memory at a time, however many are waiting.
        page = BlogPage.objects.defer_streamfields().get(pk=pk)
        try:
            with transaction.atomic():
                revision = amendable_import_revision(page, revisions_written)
                if revision is not None:
                    added += amend_related_posts(page, revision, matched, unresolved)
                else:
                    added += add_related_posts(page, matched, unresolved)
                record_noted_saves()
        except Exception:
            # One post that cannot take its links must not keep the others from theirs.
            logger.exception("Could not add related posts to %r (id %s)", page.title, page.pk)
    return added


def add_related_posts(page: BlogPage, post_ids: list[int], unresolved: list[str]) -> int:
    """Append links to ``post_ids`` on ``page`` as a new revision; returns links added."""
    latest = page.get_latest_revision_as_object()
    links = list(latest.related_post_links.all())
    linked = {link.related_post_id for link in links}
    new_ids = [pk for pk in post_ids if pk not in linked]
    links += [BlogPageRelatedPost(related_post_id=pk) for pk in new_ids]
    for order, link in enumerate(links):
        link.sort_order = order
    latest.related_post_links = links
    latest.unresolved_related_titles = unresolved
    # The importer's own latest revision stays "not edited in the admin" after this.
    save_follow_up_revision(page, latest, unresolved_related_titles=unresolved)
    return len(new_ids)


def amend_related_posts(page: BlogPage, revision, post_ids: list[int], unresolved) -> int:
    """Append links to ``post_ids`` in ``revision``, the import's own from this run.

    The page row gets them too when it shows that revision. Returns links added.
    """
    links = list(revision.content.get("related_post_links") or [])
    linked = {link["related_post"] for link in links}
    rows = [
        BlogPageRelatedPost(page_id=page.pk, related_post_id=pk, sort_order=len(links) + order)
        for order, pk in enumerate(pk for pk in post_ids if pk not in linked)
    ]
    if published_as_is(page, revision):
        rows = BlogPageRelatedPost.objects.bulk_create(rows)
    links += [
        {
            "pk": row.pk,
            "sort_order": row.sort_order,
            "page": page.pk,
            "related_post": row.related_post_id,
        }
        for row in rows
    ]
    revision.content["related_post_links"] = links
    revision.content["unresolved_related_titles"] = unresolved
    revision.save(update_fields=["content"])
    BlogPage.objects.filter(pk=page.pk).update(unresolved_related_titles=unresolved)
    return len(rows)
