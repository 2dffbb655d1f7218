"""Wagtail's reference index brought up to date for many objects of one model at once.

``ReferenceIndex.create_or_update_for_object`` does it for one object: read its
references, read the rows recorded for it, insert the new ones, delete the gone ones
(a transaction and two or three queries per object). :func:`update_references` does
the same for a chunk of objects with one query of each kind. The rows are the same.
"""

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from wagtail.models import ReferenceIndex


def update_references(model, objects) -> None:
    """What ``ReferenceIndex.create_or_update_for_object`` does for each of ``objects``
    (all of ``model``, their child relations prefetched), in one transaction."""
    objects = list(objects)
    if not objects:
        return
    content_types = [
        ContentType.objects.get_for_model(each, for_concrete_model=False)
        for each in [model, *model._meta.get_parent_list()]
    ]
    content_type, base_content_type = content_types[0], content_types[-1]
    known_content_type_ids = {each.id for each in content_types}
    found = {
        str(each.pk): set(ReferenceIndex._extract_references_from_object(each)) for each in objects
    }
    existing = defaultdict(dict)  # object id → reference record → (content type id, row id)
    rows = ReferenceIndex.objects.filter(
        base_content_type=base_content_type, object_id__in=list(found)
    ).values_list(
        "object_id",
        "id",
        "content_type_id",
        "to_content_type",
        "to_object_id",
        "model_path",
        "content_path",
    )
    for object_id, row_id, row_content_type_id, *record in rows:
        existing[object_id][tuple(record)] = (row_content_type_id, row_id)

    new_rows, gone_ids = [], []
    for object_id, references in found.items():
        recorded = existing.get(object_id, {})
        for to_content_type_id, to_object_id, model_path, content_path in references:
            if (to_content_type_id, to_object_id, model_path, content_path) in recorded:
                continue
            new_rows.append(
                ReferenceIndex(
                    content_type=content_type,
                    base_content_type=base_content_type,
                    object_id=object_id,
                    to_content_type_id=to_content_type_id,
                    to_object_id=to_object_id,
                    model_path=model_path,
                    content_path=content_path,
                    content_path_hash=ReferenceIndex._get_content_path_hash(content_path),
                )
            )
        for record, (row_content_type_id, row_id) in recorded.items():
            # As Wagtail: a row recorded for a more specific model is not this one's to drop.
            if record not in references and row_content_type_id in known_content_type_ids:
                gone_ids.append(row_id)

    with transaction.atomic():
        if new_rows:
            ReferenceIndex.objects.bulk_create(
                new_rows, ignore_conflicts=connection.features.supports_ignore_conflicts
            )
        if gone_ids:
            ReferenceIndex.objects.filter(id__in=gone_ids).delete()
