"""Related posts named by title: matching titles, and linking posts once their titles exist.

A post's ``relatedPosts`` front matter lists titles of other posts, which may not be
imported yet (or ever). Titles that match no post are kept in
``unresolved_related_titles``; after every import run, :func:`resolve_pending_related_posts`
looks for them again among all posts in the CMS, and links them in the order the post
names them. This is part of the writing step.

Titles match as the source blog's layout matched them (``{% if r == post.title %}``):
exactly, except for the Unicode form and spacing a reader cannot see (``normalise_title``).
A title that matches only loosely (case, punctuation, curly quotes: ``loose_title``) is a
near miss: not linked, reported with the post it probably meant (:func:`near_misses`).
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
    """The form titles match in: composed Unicode (NFC), single spaces, no spaces at the
    ends. A reader sees no difference between the forms this merges; Jekyll's exact
    comparison would fail on them only because of how a file was typed."""
    return " ".join(unicodedata.normalize("NFC", title or "").split())


def loose_title(title: str) -> str:
    """The form a near miss matches in: folded case, no punctuation, straight quotes."""
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


def near_misses(page_ids) -> dict[int, list[str]]:
    """For each of these posts still waiting for related titles, a warning per title that
    matches a post loosely but not exactly (as Jekyll would not link it either)."""
    waiting = BlogPage.objects.filter(pk__in=list(page_ids)).exclude(unresolved_related_titles=[])
    waiting = dict(waiting.values_list("pk", "unresolved_related_titles"))
    if not waiting:
        return {}
    by_loose = {}
    for pk, title in BlogPage.objects.order_by("date", "pk").values_list("pk", "title"):
        by_loose.setdefault(loose_title(title), (pk, title))
    warnings = defaultdict(list)
    for pk, titles in waiting.items():
        for title in titles:
            other = by_loose.get(loose_title(title))
            if other is not None and other[0] != pk:
                warnings[pk].append(
                    f"Related post {title!r} matches no title exactly, so it is not linked "
                    f"(Jekyll compares titles exactly); did you mean {other[1]!r}?"
                )
    return dict(warnings)


def title_order(page: BlogPage, index) -> dict[int, int]:
    """Post id → its place among the related posts the page's source names (all of them,
    resolved earlier or now), so that links keep the order the post gives."""
    named = page.source_front_matter.get("relatedPosts")
    titles = named if isinstance(named, list) else [named] if named else []
    matched, _ = match_titles([str(title) for title in titles if title], index, exclude_pk=page.pk)
    return {pk: place for place, pk in enumerate(matched)}


def in_title_order(links: list, order: dict[int, int], related_id) -> list:
    """``links`` sorted by ``order`` (those not named by the source keep their place after)."""
    return sorted(links, key=lambda link: order.get(related_id(link), len(order)))


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
        order = title_order(page, index)
        try:
            with transaction.atomic():
                revision = amendable_import_revision(page, revisions_written)
                if revision is not None:
                    added += amend_related_posts(page, revision, matched, unresolved, order)
                else:
                    added += add_related_posts(page, matched, unresolved, order)
                record_noted_saves()
        except Exception:
            # One post that cannot take its links must not keep the others from theirs.
            logger.exception("Could not add related posts to %r (id %s)", page.title, page.pk)
    return added


def add_related_posts(
    page: BlogPage, post_ids: list[int], unresolved: list[str], order: dict[int, int]
) -> int:
    """Add links to ``post_ids`` on ``page`` as a new revision, in the source's ``order``;
    returns links added."""
    latest = page.get_latest_revision_as_object()
    links = list(latest.related_post_links.all())
    linked = {link.related_post_id for link in links}
    new_ids = [pk for pk in post_ids if pk not in linked]
    links += [BlogPageRelatedPost(related_post_id=pk) for pk in new_ids]
    links = in_title_order(links, order, lambda link: link.related_post_id)
    for place, link in enumerate(links):
        link.sort_order = place
    latest.related_post_links = links
    latest.unresolved_related_titles = unresolved
    # The importer's own latest revision stays "not edited in the admin" after this.
    save_follow_up_revision(page, latest, unresolved_related_titles=unresolved)
    return len(new_ids)


def amend_related_posts(
    page: BlogPage, revision, post_ids: list[int], unresolved, order: dict[int, int]
) -> int:
    """Add links to ``post_ids`` in ``revision``, the import's own from this run, in the
    source's ``order``.

    The page row gets them too when it shows that revision. Returns links added.
    """
    links = list(revision.content.get("related_post_links") or [])
    linked = {link["related_post"] for link in links}
    rows = [
        BlogPageRelatedPost(page_id=page.pk, related_post_id=pk, sort_order=len(links) + place)
        for place, pk in enumerate(pk for pk in post_ids if pk not in linked)
    ]
    live = published_as_is(page, revision)
    if live:
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
    links = in_title_order(links, order, lambda link: link["related_post"])
    for place, link in enumerate(links):
        link["sort_order"] = place
    if live:
        BlogPageRelatedPost.objects.bulk_update(
            [
                BlogPageRelatedPost(pk=link["pk"], sort_order=link["sort_order"])
                for link in links
                if link.get("pk")
            ],
            ["sort_order"],
        )
    revision.content["related_post_links"] = links
    revision.content["unresolved_related_titles"] = unresolved
    revision.save(update_fields=["content"])
    BlogPage.objects.filter(pk=page.pk).update(unresolved_related_titles=unresolved)
    return len(rows)
