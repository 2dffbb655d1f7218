"""StreamField bodies in the API: loaded in bulk, rendered with public rich text.

Two things Wagtail does per page that Folio does per response:

* ``load_streams``: a lazy ``StreamValue`` fetches the images and snippets its blocks
  choose with one query per block type, *per page*; a listing of 100 bodies would make
  hundreds. Here the raw blocks of every page are converted together, one query per
  block type for the whole listing, and the images chosen by any block in one query.
* ``stream_representation`` (blocks own it: ``blog.representation``): Wagtail's
  ``get_api_representation`` renders rich text in the requested format; Folio also makes
  its URLs absolute, and may leave out the blocks that are not for the requested audience.
"""

from collections import defaultdict

from wagtail import blocks
from wagtail.blocks import StreamValue
from wagtail.images import get_image_model

from blog.blocks import PreloadableImageChooserBlock
from blog.representation import block_representation, stream_representation

__all__ = ["block_representation", "load_streams", "stream_representation"]


def load_streams(pages, field_name):
    """Replace each page's lazy ``field_name`` stream with a fully loaded one."""
    pages = [page for page in pages if field_name not in page.get_deferred_fields()]
    if not pages:
        return
    stream_block = pages[0]._meta.get_field(field_name).stream_block
    raw_values = defaultdict(list)
    raw_streams = []
    for page in pages:
        items = [
            item
            for item in getattr(page, field_name).raw_data
            if item["type"] in stream_block.child_blocks
        ]
        raw_streams.append(items)
        for item in items:
            raw_values[item["type"]].append(item["value"])

    preload_images(stream_block, raw_values)
    converted = {
        type_name: iter(stream_block.child_blocks[type_name].bulk_to_python(values))
        for type_name, values in raw_values.items()
    }
    for page, items in zip(pages, raw_streams, strict=True):
        children = [(item["type"], next(converted[item["type"]]), item.get("id")) for item in items]
        setattr(page, field_name, StreamValue(stream_block, children))


def preload_images(stream_block, raw_values):
    """Swap the image ids in these raw struct values for images, loaded in one query."""
    image_fields = {
        type_name: [
            name
            for name, child in block.child_blocks.items()
            if isinstance(child, PreloadableImageChooserBlock)
        ]
        for type_name, block in stream_block.child_blocks.items()
        if isinstance(block, blocks.StructBlock) and type_name in raw_values
    }
    ids = {
        value.get(name)
        for type_name, names in image_fields.items()
        for value in raw_values[type_name]
        for name in names
    } - {None, ""}
    if not ids:
        return
    images = get_image_model().objects.in_bulk(ids)
    for type_name, names in image_fields.items():
        raw_values[type_name] = [
            {**value, **{name: images.get(value[name]) for name in names if value.get(name)}}
            for value in raw_values[type_name]
        ]
