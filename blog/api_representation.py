"""JSON shapes shared by blocks and API serializers (images, calls to action)."""

from .audience import Audience

IMAGE_RENDITIONS = {
    "thumbnail": "fill-400x225",
    "large": "width-1200",
    "og": "fill-1200x630",
}


def image_representation(image, alt=None):
    """An image as renditions with absolute URLs, or ``None``."""
    if image is None:
        return None
    renditions = image.get_renditions(*IMAGE_RENDITIONS.values())
    return {
        "id": image.pk,
        "title": image.title,
        "alt": alt if alt is not None else image.default_alt_text,
        "renditions": {
            name: {
                "url": renditions[spec].full_url,
                "width": renditions[spec].width,
                "height": renditions[spec].height,
            }
            for name, spec in IMAGE_RENDITIONS.items()
        },
    }


def call_to_action_representation(cta, context=None):
    """A resolved call to action (see ``blocks.resolved_call_to_action``) as JSON."""
    text = cta.get("text")
    return {
        "heading": cta["heading"],
        "text": str(text.source if hasattr(text, "source") else text or ""),
        "image": image_representation(cta.get("image"), cta.get("image_alt") or None),
        "button_label": cta["button_label"],
        "url": cta["url"],
        "audience": cta["audience"] or Audience.EVERYONE,
        "snippet_id": cta.get("snippet_id"),
    }
