"""The links an import makes once its posts are in, owed in the database until made.

A post may link to posts written after it (``/blog/p/<slug>.html``) and name related
posts by titles not imported yet; both are resolved once all posts are in. Each post
written records a ``PendingImportWork`` row (``LINKS``) in its own transaction: its
import revision, whether it is new, whether links to posts not in the CMS were left in
it. :func:`finish_pending_links` resolves what the rows ask for, those of this run and
those an import killed before its end left, then deletes them.
"""

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType

from blog.models import BlogPage
from jekyll.models import PendingImportWork

from .deferred_indexing import deferred_indexing
from .page_links import jekyll_slug_of, pages_linking_to, resolve_pending_page_links
from .related import resolve_pending_related_posts

LINKS = PendingImportWork.Kind.LINKS


def written_post(
    page_id: int, revision_id: int, *, new_post: bool, links_left: bool, site_hosts: set[str]
) -> PendingImportWork:
    """The (unsaved) row saying what the post just written still waits for."""
    return PendingImportWork(
        kind=LINKS,
        content_type=ContentType.objects.get_for_model(BlogPage),
        object_id=str(page_id),
        revision_id=revision_id,
        new_post=new_post,
        links_left=links_left,
        site_hosts=sorted(site_hosts),
    )


def finish_pending_links() -> tuple[int, int]:
    """Resolve related-post titles and links between posts that pending rows (and pages
    waiting for titles) ask for; ``(related-post links added, pages relinked)``.

    Pages written by the imports the rows come from take the links into their import
    revision; others (imported earlier, linking to a post that only now arrived) take
    them as a new revision.
    """
    rows = list(
        PendingImportWork.objects.filter(kind=LINKS)
        .order_by("pk")
        .values_list("pk", "object_id", "revision_id", "new_post", "links_left", "site_hosts")
    )
    written = {int(object_id): revision_id for _pk, object_id, revision_id, *_rest in rows}
    related_added = resolve_pending_related_posts(written)

    by_hosts = defaultdict(list)
    for _pk, object_id, _revision_id, new_post, links_left, site_hosts in rows:
        by_hosts[tuple(site_hosts)].append((int(object_id), new_post, links_left))
    new_sources = dict(
        BlogPage.objects.filter(
            pk__in=[page_id for group in by_hosts.values() for page_id, new, _ in group if new]
        ).values_list("pk", "source_path")
    )
    relinked = 0
    for site_hosts, posts in by_hosts.items():
        arrived = {
            jekyll_slug_of(new_sources[pk]) for pk, _new, _left in posts if pk in new_sources
        }
        waiting = {pk for pk, _new, links_left in posts if links_left}
        relinked += resolve_pending_page_links(
            waiting | pages_linking_to(arrived, exclude=written), set(site_hosts), written
        )
    PendingImportWork.objects.filter(pk__in=[row[0] for row in rows]).delete()
    return related_added, relinked


def finish_pending_work() -> tuple[int, int]:
    """Finish what imports left pending: links, then the search and reference indexes
    (those of the links' saves too); as :func:`finish_pending_links`."""
    with deferred_indexing():
        return finish_pending_links()
