"""Load the library images of many pages' bodies in one query, before the bodies are read.

Reading a page's body (to index it for search, or to find what it references) turns each
image block's image id into an image, one query per block type per page. The importer
indexes hundreds of pages at a time: it loads all their images at once and puts them in
the bodies' raw data, which the body's image chooser takes as already loaded
(``blog.blocks.PreloadableImageChooserBlock``).
"""

from functools import cache

from wagtail.blocks import StructBlock
from wagtail.images import get_image_model
from wagtail.images.blocks import ImageChooserBlock


def preload_body_images(pages) -> None:
    """Put the image of every image field of ``pages``' bodies in their raw data."""
    fields = image_fields_by_block_type()
    slots = []  # (raw value, field name, image id)
    for page in pages:
        body = getattr(page, "body", None)
        raw_data = getattr(body, "raw_data", None)
        if raw_data is None:
            continue
        for index in range(len(raw_data)):
            raw = raw_data[index]
            value = raw.get("value") if isinstance(raw, dict) else None
            if not isinstance(value, dict):
                continue
            for name in fields.get(raw.get("type"), ()):
                if isinstance(value.get(name), int):
                    slots.append((value, name, value[name]))
    if not slots:
        return
    images = get_image_model().objects.in_bulk({image_id for _, _, image_id in slots})
    for value, name, image_id in slots:
        # An image deleted since is left as its id: the block's own lookup finds nothing.
        if image_id in images:
            value[name] = images[image_id]


@cache
def image_fields_by_block_type() -> dict[str, tuple[str, ...]]:
    """Body block type → names of its image chooser fields (``image`` → ``("image",)``)."""
    from blog.models import BlogPage

    fields = {}
    stream_block = BlogPage._meta.get_field("body").stream_block
    for block_type, block in stream_block.child_blocks.items():
        if isinstance(block, StructBlock):
            names = tuple(
                name
                for name, child in block.child_blocks.items()
                if isinstance(child, ImageChooserBlock)
            )
            if names:
                fields[block_type] = names
    return fields
