"""When renditions are made: an image uploaded or changed, a page or snippet published.

Every way in ends in one of these signals: the admin's single and multiple upload, API
v3's image upload and the Jekyll importer all save an ``Image``; Wagtail's publish action,
the importer's own publish and scheduled publishing all send ``page_published``.
"""

from django.db.models.signals import post_save
from wagtail.images import get_image_model
from wagtail.signals import page_published, published

from .rendition_queue import queue_image, queue_page
from .rendition_tasks import REFRESH


def on_image_saved(sender, instance, created, raw=False, **kwargs):
    if raw:  # loaded from a fixture or a backup: its renditions come with it or on demand
        return
    # A changed file or focal point makes new renditions of what the image already had.
    queue_image(instance.pk, ["upload"] if created else ["upload", REFRESH])


def on_page_published(sender, instance, **kwargs):
    queue_page(instance.pk)


def on_author_published(sender, instance, **kwargs):
    if instance.avatar_id:
        queue_image(instance.avatar_id, ["avatar"])


def on_call_to_action_published(sender, instance, **kwargs):
    if instance.image_id:
        queue_image(instance.image_id, ["cta"])


def on_blog_settings_saved(sender, instance, raw=False, **kwargs):
    cta = instance.default_guest_call_to_action
    if not raw and cta is not None and cta.image_id:
        queue_image(cta.image_id, ["cta"])


def connect():
    from blog.site_settings import BlogSettings
    from blog.snippets import Author, CallToAction

    post_save.connect(on_image_saved, sender=get_image_model(), dispatch_uid="folio_renditions")
    page_published.connect(on_page_published, dispatch_uid="folio_renditions")
    published.connect(on_author_published, sender=Author, dispatch_uid="folio_renditions")
    published.connect(
        on_call_to_action_published, sender=CallToAction, dispatch_uid="folio_renditions"
    )
    post_save.connect(on_blog_settings_saved, sender=BlogSettings, dispatch_uid="folio_renditions")
