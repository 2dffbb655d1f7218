"""Index imported objects once, at the end of an import, instead of at every save.

Each save of a page, of its child rows (authors, categories, tags, related posts), of an
image or a snippet updates Wagtail's search index and reference index at once. An
imported post is saved about seven times (created, revision saved, published, linked…),
so it was indexed about seven times: most of the import's time. Inside
:func:`deferred_indexing`, saves made by this thread are only noted; at the end of each
transaction that commits them (a post's, a link's: :func:`record_noted_saves`) the notes
become ``PendingImportWork`` rows, in that same transaction; when the block ends, each
pending object still in the database is indexed once, as Wagtail's own signal handlers
would have done, and its rows deleted.

The rows are what makes this safe: an import killed with ``kill -9`` runs no ``finally``,
and a later run sees its posts as unchanged; the rows it left are indexed by the next
block that ends (the next import, or ``manage.py process_jekyll_imports``). Saves in
other threads (an editor's request during an admin upload) are indexed as usual.
"""

import logging
import threading
from collections import defaultdict
from contextlib import contextmanager

from asgiref.local import Local
from django.contrib.contenttypes.models import ContentType
from django.db import reset_queries
from django.db.models.signals import post_save
from modelcluster.fields import ParentalKey
from modelcluster.models import get_all_child_relations
from modelsearch import index as search_index
from modelsearch.backends import get_search_backends_with_name
from modelsearch.signal_handlers import post_save_signal_handler as index_on_save
from wagtail.models import ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update

from jekyll.models import PendingImportWork

from .bulk_references import update_references
from .preloaded_images import preload_body_images
from .searchable_content import stream_text_read_once

CHUNK = 200
# Pending rows read at a time when indexing: memory stays flat however large the import.
ROWS_AT_A_TIME = 5000
logger = logging.getLogger("folio.importer")
REFERENCES_UID = "folio_import_deferred_references"
_state = Local()
# Swapping modelsearch's receiver is process-wide: count the imports that need it.
_swap_lock = threading.Lock()
_swap_users = 0
_swapped_models: list = []


@contextmanager
def deferred_indexing(*, finish: bool = True):
    """Note this thread's saves instead of indexing them; at the end, index what is
    pending (this block's saves and any an earlier, killed, import left).

    ``finish=False`` (a dry run, whose transaction is rolled back) indexes nothing and
    forgets what it noted.
    """
    if getattr(_state, "saved", None) is not None:
        yield  # already deferred by an outer block, which indexes at its end
        return
    _state.saved = _no_notes()
    _swap_receivers()
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        try:
            if finish:
                # Saves made outside a transaction that recorded them (autocommit).
                record_noted_saves()
        finally:
            _state.saved = None
            _restore_receivers()
        if finish:
            index_pending()


def _no_notes() -> dict:
    return {
        PendingImportWork.Kind.SEARCH: defaultdict(set),
        PendingImportWork.Kind.REFERENCES: defaultdict(set),
    }


def record_noted_saves(rows=()) -> None:
    """Record what this thread's saves owe the indexes, with ``rows``, as pending rows.

    Called at the end of each transaction that saves imported objects, inside it: the
    rows commit with what they name, or go with it.
    """
    rows = list(rows)
    saved = _noted()
    if saved is not None:
        for kind, models in saved.items():
            for model, pks in models.items():
                content_type = ContentType.objects.get_for_model(model)
                rows += [
                    PendingImportWork(kind=kind, content_type=content_type, object_id=str(pk))
                    for pk in pks
                ]
            models.clear()
    if rows:
        PendingImportWork.objects.bulk_create(rows)


def index_pending() -> None:
    """Index the objects pending rows name, a batch of rows at a time, deleting the rows.

    Killed in the middle, the rows not deleted yet are indexed again next time, which
    changes nothing.
    """
    rows = PendingImportWork.objects.filter(
        kind__in=[PendingImportWork.Kind.SEARCH, PendingImportWork.Kind.REFERENCES]
    ).order_by("pk")
    while batch := list(
        rows.values_list("pk", "kind", "content_type_id", "object_id")[:ROWS_AT_A_TIME]
    ):
        saved = _no_notes()
        for _pk, kind, content_type_id, object_id in batch:
            model = ContentType.objects.get_for_id(content_type_id).model_class()
            if model is not None:
                saved[kind][model].add(model._meta.pk.to_python(object_id))
        index_saved_objects(saved)
        PendingImportWork.objects.filter(pk__in=[row[0] for row in batch]).delete()


def index_saved_objects(saved: dict):
    """Bring the search and reference indexes up to date for the noted objects.

    Objects are indexed a chunk at a time (one backend call for a chunk of one model,
    their related rows and body images loaded together, their references compared and
    written together), not one by one: the result is the same.
    """
    for model, pks in saved[PendingImportWork.Kind.SEARCH].items():
        nested = nested_related_paths(model)
        for chunk in _chunks(pks):
            queryset = model.get_indexed_objects().filter(pk__in=chunk)
            _index_for_search(queryset.prefetch_related(*nested))
    owners = defaultdict(set)
    for model, pks in saved[PendingImportWork.Kind.REFERENCES].items():
        for owner_model, owner_pks in _reference_owners(model, pks):
            if ReferenceIndex.is_indexed(owner_model):
                owners[owner_model] |= owner_pks
    for model, pks in owners.items():
        child_relations = [
            relation.get_accessor_name() for relation in get_all_child_relations(model)
        ]
        for chunk in _chunks(pks):
            queryset = model._default_manager.filter(pk__in=chunk)
            owners_in_chunk = list(queryset.prefetch_related(*child_relations))
            preload_body_images(owners_in_chunk)
            update_references(model, owners_in_chunk)


def _index_for_search(instances):
    """Add ``instances`` (current rows) to every search backend that updates on save."""
    by_model = defaultdict(list)
    for instance in instances:
        indexed = instance.get_indexed_instance()
        if indexed is not None:
            by_model[type(indexed)].append(indexed)
    for model, objects in by_model.items():
        preload_body_images(objects)
        for name, backend in get_search_backends_with_name(with_auto_update=True):
            try:
                with stream_text_read_once():
                    backend.add_bulk(model, objects)
            except Exception:
                # As modelsearch's own save handler: an external service being down
                # must not lose the import; a database backend's error must surface.
                logger.exception("Could not add %s objects to the %r search backend", model, name)
                if not backend.catch_indexing_errors:
                    raise


def nested_related_paths(model) -> list[str]:
    """Paths of the related objects ``model``'s search fields reach through another
    related object (a post's authors' names: ``post_authors__author``).

    The search backend loads a chunk's directly related rows together, but each of
    their own related objects one query at a time: these are loaded with the chunk.
    """
    paths = []

    def walk(prefix: str, fields, depth: int):
        for field in fields:
            if isinstance(field, search_index.RelatedFields):
                path = f"{prefix}{field.field_name}"
                if depth > 0:
                    paths.append(path)
                walk(f"{path}__", field.fields, depth + 1)

    walk("", model.get_search_fields(), 0)
    return paths


def _chunks(pks):
    ordered = sorted(pks)
    for start in range(0, len(ordered), CHUNK):
        # With DEBUG on, Django keeps every query (some hold a whole page's JSON).
        reset_queries()
        yield ordered[start : start + CHUNK]


def _reference_owners(model, pks):
    """(model, ids) of the objects whose references the ``model`` rows ``pks`` hold:
    themselves, or for child rows their parents (the same walk up the parental keys as
    ``wagtail.tasks.update_reference_index_task``, a chunk of rows at a time).
    """
    parental_keys = [field for field in model._meta.get_fields() if isinstance(field, ParentalKey)]
    if not parental_keys:
        # Only the rows still there: a rolled-back post's are not.
        for chunk in _chunks(pks):
            yield (
                model,
                set(model._default_manager.filter(pk__in=chunk).values_list("pk", flat=True)),
            )
        return
    parental_key = parental_keys[0]
    parent_pks = set()
    for chunk in _chunks(pks):
        rows = model._default_manager.filter(pk__in=chunk)
        parent_pks.update(rows.values_list(parental_key.attname, flat=True))
    parent_pks.discard(None)
    yield from _reference_owners(parental_key.related_model, parent_pks)


def _noted():
    return getattr(_state, "saved", None)


def _note_for_reference_index(sender, instance, raw=False, **kwargs):
    saved = _noted()
    if saved is not None and not raw and sender in ReferenceIndex.tracked_models:
        saved[PendingImportWork.Kind.REFERENCES][sender].add(instance.pk)


def _index_on_save_unless_deferred(sender, instance, raw=False, **kwargs):
    saved = _noted()
    if saved is None or raw:
        index_on_save(sender=sender, instance=instance, raw=raw, **kwargs)
    else:
        saved[PendingImportWork.Kind.SEARCH][sender].add(instance.pk)


def _swap_receivers():
    """Put a deferring receiver in the place of modelsearch's own (process-wide)."""
    global _swap_users
    with _swap_lock:
        _swap_users += 1
        if _swap_users > 1:
            return
        post_save.connect(_note_for_reference_index, dispatch_uid=REFERENCES_UID)
        for model in search_index.get_indexed_models():
            if post_save.disconnect(index_on_save, sender=model):
                post_save.connect(
                    _index_on_save_unless_deferred,
                    sender=model,
                    dispatch_uid=f"folio_import_deferred_search_{model._meta.label}",
                )
                _swapped_models.append(model)


def _restore_receivers():
    global _swap_users
    with _swap_lock:
        _swap_users -= 1
        if _swap_users > 0:
            return
        post_save.disconnect(dispatch_uid=REFERENCES_UID)
        for model in _swapped_models:
            post_save.disconnect(
                sender=model, dispatch_uid=f"folio_import_deferred_search_{model._meta.label}"
            )
            post_save.connect(index_on_save, sender=model)
        _swapped_models.clear()
