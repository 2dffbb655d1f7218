"""A brand change shows at once: cached pages are retired and its images' renditions made."""

from django.db.models.signals import post_delete, post_save

from ops.page_cache import invalidate_page_cache

from .models import BrandSettings

# The rendition uses (blog.renditions) of each image of the brand.
IMAGE_USES = {
    "logo_id": ["logo"],
    "logo_on_dark_id": ["logo"],
    "icon_id": ["site_icon"],
    "default_social_image_id": ["social"],
}


def on_brand_changed(sender, instance, **kwargs):
    invalidate_page_cache(f"brand settings {instance.pk} changed")


def on_brand_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    from ops.rendition_queue import queue_image

    for field_name, uses in IMAGE_USES.items():
        image_id = getattr(instance, field_name)
        if image_id:
            queue_image(image_id, uses)


def register_signal_handlers():
    post_save.connect(on_brand_changed, sender=BrandSettings, dispatch_uid="folio_brand_cache")
    post_delete.connect(on_brand_changed, sender=BrandSettings, dispatch_uid="folio_brand_deleted")
    post_save.connect(on_brand_saved, sender=BrandSettings, dispatch_uid="folio_brand_renditions")
