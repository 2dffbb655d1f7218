"""A new page's child rows (authors, categories, related posts, tags) written in bulk.

Saving a page that holds child rows in memory (modelcluster) first reads the rows the
page already has, to delete those no longer wanted, then inserts the rest one by one;
saving its first revision reads them all back again. A page the importer has just
created has no rows yet, so :func:`insert_child_rows` inserts each relation's rows in
one query and keeps them in memory, with their ids, for the revision to read. Nothing
listens for these rows' own saves: the page's save is what its indexes follow.
"""

from django.db import connection
from modelcluster.models import get_all_child_relations
from wagtail.models import COMMENTS_RELATION_NAME


def take_child_rows(page) -> dict[str, list]:
    """Take the child rows ``page`` holds in memory off it, so that saving it writes none.

    Relation name → rows. Only for a page about to be inserted.
    """
    if page.pk is not None:
        raise ValueError("Only a page not saved yet can have its child rows taken off it.")
    in_memory = getattr(page, "_cluster_related_objects", {})
    return {
        relation.get_accessor_name(): list(in_memory.pop(relation.get_accessor_name()))
        for relation in get_all_child_relations(page)
        if relation.get_accessor_name() in in_memory
    }


def insert_child_rows(page, rows_by_relation: dict[str, list]) -> None:
    """Insert ``rows_by_relation`` (from :func:`take_child_rows`) for ``page``, just
    inserted, and hold them in memory again as saved rows; the page has no comments."""
    relations = {
        relation.get_accessor_name(): relation for relation in get_all_child_relations(page)
    }
    for name, rows in rows_by_relation.items():
        relation = relations[name]
        for row in rows:
            setattr(row, relation.field.name, page)
        if rows and connection.features.can_return_rows_from_bulk_insert:
            relation.related_model._default_manager.bulk_create(rows)
        else:
            for row in rows:
                row.save()
        setattr(page, name, rows)
    if COMMENTS_RELATION_NAME in relations:
        setattr(page, COMMENTS_RELATION_NAME, [])
