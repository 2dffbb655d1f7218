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
