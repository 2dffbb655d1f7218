"""Which revision of a post the importer wrote, so later imports can tell admin edits apart."""


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
