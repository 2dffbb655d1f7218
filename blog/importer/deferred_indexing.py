"""Index imported objects once, at the end of an import, instead of at every save.

Each save of a page, of its child rows (authors, categories, tags, related posts), of an
image or a snippet updates Wagtail's search index and reference index at once. An
imported post is saved about seven times (created, revision saved, published, linked…),
so it was indexed about seven times: most of the import's time. Inside
:func:`deferred_indexing`, saves made by this thread are only noted; when the block
ends (with an error too: what was committed must be findable) each noted object still
in the database is indexed once, as Wagtail's own signal handlers would have done.
Saves in other threads (an editor's request during an admin upload) are indexed as usual.
"""

import threading
from collections import defaultdict
from contextlib import contextmanager

from asgiref.local import Local
from django.db import transaction
from django.db.models.signals import post_save
from modelcluster.fields import ParentalKey
from modelsearch import index as search_index
from modelsearch.signal_handlers import post_save_signal_handler as index_on_save
from wagtail.models import ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update

CHUNK = 500
REFERENCES_UID = "folio_import_deferred_references"
_state = Local()
# Swapping modelsearch's receiver is process-wide: count the imports that need it.
_swap_lock = threading.Lock()
_swap_users = 0
_swapped_models: list = []


@contextmanager
def deferred_indexing():
    """Note this thread's saves instead of indexing them; index each once at the end."""
    if getattr(_state, "saved", None) is not None:
        yield  # already deferred by an outer block, which indexes at its end
        return
    saved = {"search": defaultdict(set), "references": defaultdict(set)}
    _state.saved = saved
    _swap_receivers()
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        _state.saved = None
        _restore_receivers()
        index_saved_objects(saved)


def index_saved_objects(saved: dict):
    """Bring the search and reference indexes up to date for the noted objects."""
    for model, pks in saved["search"].items():
        for instance in _still_there(model, pks):
            search_index.insert_or_update_object(instance)
    owners = defaultdict(set)
    for model, pks in saved["references"].items():
        for instance in _still_there(model, pks):
            owner = _reference_owner(instance)
            if owner is not None and ReferenceIndex.is_indexed(type(owner)):
                owners[type(owner)].add(owner.pk)
    for model, pks in owners.items():
        for owner in _still_there(model, pks):
            with transaction.atomic():
                ReferenceIndex.create_or_update_for_object(owner)


def _still_there(model, pks):
    """The objects among ``pks`` that exist (a rolled-back post's rows do not), a chunk at a time."""
    ordered = sorted(pks)
    for start in range(0, len(ordered), CHUNK):
        yield from model._default_manager.filter(pk__in=ordered[start : start + CHUNK])


def _reference_owner(instance):
    """The object whose references ``instance`` holds: its parent, for a child row.

    The same walk up the parental keys as ``wagtail.tasks.update_reference_index_task``.
    """
    while instance is not None:
        parental_keys = [
            field for field in instance._meta.get_fields() if isinstance(field, ParentalKey)
        ]
        if not parental_keys:
            return instance
        instance = getattr(instance, parental_keys[0].name)
    return None


def _noted():
    return getattr(_state, "saved", None)


def _note_for_reference_index(sender, instance, raw=False, **kwargs):
    saved = _noted()
    if saved is not None and not raw and sender in ReferenceIndex.tracked_models:
        saved["references"][sender].add(instance.pk)


def _index_on_save_unless_deferred(sender, instance, raw=False, **kwargs):
    saved = _noted()
    if saved is None or raw:
        index_on_save(sender=sender, instance=instance, raw=raw, **kwargs)
    else:
        saved["search"][sender].add(instance.pk)


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
