"""Keep cached pages honest: anything a reader could see changing retires the page cache."""

from django.db.models.signals import post_delete, post_save
from taggit.models import Tag
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move, published, unpublished

from ops.page_cache import invalidate_page_cache

from .site_settings import BlogSettings
from .snippets import Author, CallToAction, Category


def on_page_change(sender, instance, **kwargs):
    invalidate_page_cache(f"page {instance.pk} changed")


# Saving a draft only touches these; readers see nothing new until it is published.
DRAFT_BOOKKEEPING_FIELDS = {
    "latest_revision",
    "latest_revision_created_at",
    "draft_title",
    "has_unpublished_changes",
    "locked",
    "locked_at",
    "locked_by",
}


def on_page_saved(sender, instance, update_fields=None, **kwargs):
    """Live pages saved directly (scripts, tests, treebeard moves) skip page_published."""
    if not isinstance(instance, Page) or not instance.live:
        return
    if update_fields is not None and set(update_fields) <= DRAFT_BOOKKEEPING_FIELDS:
        return
    invalidate_page_cache(f"live page {instance.pk} saved")


def on_page_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page):
        invalidate_page_cache(f"page {instance.pk} deleted")


def on_content_saved(sender, instance, **kwargs):
    invalidate_page_cache(f"{sender.__name__} {instance.pk} changed")


def on_snippet_saved(sender, instance, update_fields=None, **kwargs):
    """Readers only ever see a snippet's live row: a draft (a new snippet not yet published,
    or a revision of a live one with its bookkeeping) leaves every cached copy valid.
    Publishing saves the whole live row; unpublishing is ``on_snippet_published``."""
    if not instance.live:
        return
    if update_fields is not None and set(update_fields) <= DRAFT_BOOKKEEPING_FIELDS:
        return
    invalidate_page_cache(f"{sender.__name__} {instance.pk} saved live")


def on_snippet_published(sender, instance, **kwargs):
    invalidate_page_cache(f"{sender.__name__} {instance.pk} published or unpublished")


def on_snippet_deleted(sender, instance, **kwargs):
    if instance.live:
        invalidate_page_cache(f"{sender.__name__} {instance.pk} deleted")


def register_signal_handlers():
    page_published.connect(on_page_change, dispatch_uid="folio_cache_published")
    page_unpublished.connect(on_page_change, dispatch_uid="folio_cache_unpublished")
    post_page_move.connect(on_page_change, dispatch_uid="folio_cache_moved")
    post_save.connect(on_page_saved, dispatch_uid="folio_cache_page_saved")
    post_delete.connect(on_page_deleted, dispatch_uid="folio_cache_page_deleted")
    # Settings and media shown on pages, and what decides who may see a page.
    shown_on_pages = (
        BlogSettings, Site, PageViewRestriction, Tag, get_image_model(), get_document_model(),
    )  # fmt: skip
    for model in shown_on_pages:
        for signal in (post_save, post_delete):
            signal.connect(
                on_content_saved,
                sender=model,
                dispatch_uid=f"folio_cache_{model.__name__}_{signal is post_save}",
            )
    # Snippets shown on pages change for readers when published, never on a draft save.
    for model in (Author, Category, CallToAction):
        name = model.__name__
        post_save.connect(on_snippet_saved, sender=model, dispatch_uid=f"folio_cache_{name}_saved")
        post_delete.connect(
            on_snippet_deleted, sender=model, dispatch_uid=f"folio_cache_{name}_deleted"
        )
        for signal in (published, unpublished):
            signal.connect(
                on_snippet_published,
                sender=model,
                dispatch_uid=f"folio_cache_{name}_{signal is published}",
            )
