"""Publish the revision the importer has just saved, from the page it was saved from.

Wagtail's publish action first rebuilds the page from the revision's JSON
(``Revision.as_object()``): every foreign key in it (owner, locale, images, authors,
categories, tags, related posts…) is checked with a query and every child row is
deserialised; then it validates the whole page again and saves every column and child
row again. The importer holds that very page in memory, its child rows saved and its
body checked block by block, so:

- a page that existed before goes through Wagtail's own action, handed the page in
  memory instead of rebuilding it (:class:`PublishSavedPage`);
- a page created in this transaction, with this one revision, is published by
  :func:`publish_new_page`: the same outcome as Wagtail's action (live revision,
  timestamps, ``wagtail.publish`` log entry, ``published``/``page_published`` signals),
  without the steps that cannot apply to it (scheduled go-live, earlier revisions,
  comments, aliases, workflows, a rename) and with one ``UPDATE`` for the page row.
"""

import logging

from django.utils import timezone
from wagtail.actions.base import BaseAction
from wagtail.actions.publish_page_revision import PublishPageRevisionAction
from wagtail.log_actions import log
from wagtail.models import Page
from wagtail.permissions import policy_registry
from wagtail.signals import page_published, published

logger = logging.getLogger("folio.importer")


class PublishSavedPage(PublishPageRevisionAction):
    """Publish ``revision`` of ``page``, where ``page`` is what the revision was saved from."""

    def __init__(self, revision, page):
        # PublishRevisionAction.__init__ minus as_object(): ``page`` is that object.
        BaseAction.__init__(self, page)
        self.revision = revision
        self.object = page
        self.permission_policy = policy_registry.get(page)
        self.changed = True
        self.log_action = True
        self.previous_revision = None


def publish_saved_page(revision, page):
    """Publish ``revision``, just saved from ``page`` by ``page.save_revision()``."""
    check_saved_from(revision, page)
    PublishSavedPage(revision, page).execute(skip_permission_checks=True)


def publish_new_page(revision, page, **fields):
    """Publish ``page``, created in this transaction, at ``revision``, its only revision.

    The page's fields other than its body must be validated (``full_clean(exclude=…)``)
    and its body block by block before. ``fields`` are written to the page row in the
    same ``UPDATE``.
    """
    check_saved_from(revision, page)
    if page.go_live_at and page.go_live_at > timezone.now():
        raise ValueError("A page scheduled to go live later is published by Wagtail's action.")
    now = timezone.now()
    published_fields = {
        "live": True,
        "has_unpublished_changes": False,
        "expired": False,
        "first_published_at": page.first_published_at or now,
        "last_published_at": now,
        "live_revision": revision,
    }
    for name, value in published_fields.items():
        setattr(page, name, value)
    # One UPDATE per table: Django's UPDATE across a page model and its base would
    # first SELECT the ids to update.
    page_fields = {f.name for f in Page._meta.get_fields() if f.concrete}
    columns = {**published_fields, **fields}
    Page.objects.filter(pk=page.pk).update(
        **{name: value for name, value in columns.items() if name in page_fields}
    )
    own = {name: value for name, value in columns.items() if name not in page_fields}
    if own:
        type(page).objects.filter(pk=page.pk).update(**own)
    # In the order of Wagtail's action: the page's signal, then the generic one.
    page_published.send(sender=type(page), instance=page, revision=revision)
    published.send(sender=type(page), instance=page, revision=revision)
    log(instance=page, action="wagtail.publish", revision=revision, content_changed=True)
    logger.debug('Published: "%s" pk=%s revision_id=%d', page, page.pk, revision.pk)


def check_saved_from(revision, page):
    if page.latest_revision_id != revision.pk:
        raise ValueError("Only the revision just saved from the page can be published from it.")
