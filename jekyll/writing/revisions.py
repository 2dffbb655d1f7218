"""Which revision of a post the importer wrote, so later imports can tell admin edits apart.

Links found after a post was written (related posts and page links resolved once all
posts are in) go into the import's revision itself when that revision was saved in the
same run and is still the page's newest: :func:`amendable_import_revision`. Other pages
take them as a new revision (:func:`save_follow_up_revision`).
"""

from wagtail.models import Revision


def record_import_revision(page, revision) -> int:
    """Remember ``revision`` as the import's own, on the page and inside the revision.

    The id is written into the revision's content too: publishing copies that content
    onto the page, and a later revision built from it must carry the same value.
    """
    revision.content["imported_revision_id"] = revision.pk
    revision.save(update_fields=["content"])
    page.imported_revision_id = revision.pk
    return revision.pk


def edited_since_import(page) -> bool:
    """Whether someone saved a revision of ``page`` after the import wrote its own."""
    return page.latest_revision_id != page.imported_revision_id


def save_follow_up_revision(page, latest, **fields):
    """Save ``latest`` (the page's newest revision, changed by a later import pass) as a
    new revision, keeping what the import owned and what was live as it was.

    Still the import's own revision if the previous one was; published if the page was
    live with no pending changes. ``fields`` are also written straight onto the page row.
    """
    owned_by_import = page.imported_revision_id == page.latest_revision_id
    was_published_as_is = page.live and not page.has_unpublished_changes
    revision = latest.save_revision()
    imported_revision_id = page.imported_revision_id
    if owned_by_import:
        imported_revision_id = record_import_revision(latest, revision)
    if was_published_as_is:
        revision.publish()
    type(page).objects.filter(pk=page.pk).update(
        imported_revision_id=imported_revision_id, **fields
    )
    return revision


def amendable_import_revision(page, revisions_written: dict[int, int]) -> Revision | None:
    """The revision this import run saved for ``page``, if it is still the page's newest.

    ``revisions_written`` maps page ids to the revisions the run saved for them.
    """
    revision_id = (revisions_written or {}).get(page.pk)
    if revision_id is None or not (
        page.latest_revision_id == page.imported_revision_id == revision_id
    ):
        return None
    return Revision.objects.filter(pk=revision_id).first()


def published_as_is(page, revision: Revision) -> bool:
    """Whether the page row shows exactly ``revision`` (so it takes the amendment too)."""
    return page.live and page.live_revision_id == revision.pk and not page.has_unpublished_changes
