"""Check body blocks as an editor's save would, without a query for each image.

Wagtail's image (and document) chooser checks a chosen item by looking its id up again:
one query per block, for an image the importer has just taken from the library. Here an
item already in hand (a library image or document, or while preparing a stand-in for a
file found on disk) is accepted as it is; everything else is checked by the block's own
``clean``.

Preparing checks every block this way (:func:`block_problems`), in the worker process;
the writer checks again only a block whose image did not come out as expected.
"""

import copy
from functools import cache

from django.core.exceptions import ValidationError
from wagtail.blocks import StructBlock
from wagtail.documents import get_document_model
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images import get_image_model
from wagtail.images.blocks import ImageChooserBlock

from .images import ImageSource, VideoSource


def block_problem(block_type: str, value, loaded: dict | None = None) -> str | None:
    """Why the raw ``value`` of a ``block_type`` block would be refused, or ``None``.

    ``loaded`` holds the block's images and documents already loaded, by field
    (``value`` holds their ids there).
    """
    block = checking_block(block_type)
    try:
        block.clean(python_value(block, value, loaded))
    except ValidationError as error:
        return validation_message(error)
    return None


def block_problems(blocks: list[dict]) -> list[str | None]:
    """:func:`block_problem` of each raw block, a file found on disk counting as an image.

    The writer gets the same answer for a block as long as its image makes it into the
    library; it checks again when one does not.
    """
    problems = []
    for raw in blocks:
        value, loaded = raw["value"], {}
        if isinstance(value, dict):
            loaded = {
                name: stand_in(item)
                for name, item in value.items()
                if isinstance(item, ImageSource | VideoSource)
            }
            value = {**value, **dict.fromkeys(loaded)}
        problems.append(block_problem(raw["type"], value, loaded))
    return problems


def stand_in(source: ImageSource | VideoSource):
    """An unsaved library image or document standing for ``source`` (only ever checked,
    never saved).

    Its collection is given (as none) so that making it does not look up the default
    one: preparing must not use the database.
    """
    model = get_image_model() if isinstance(source, ImageSource) else get_document_model()
    return model(title=source.default_alt[:255], collection_id=None)


def python_value(block, value, loaded: dict | None = None):
    """``block.to_python(value)``, given the items already loaded (no query for them)."""
    loaded = {name: item for name, item in (loaded or {}).items() if item is not None}
    if not loaded:
        return block.to_python(value)
    converted = block.to_python({**value, **dict.fromkeys(loaded)})
    for name, item in loaded.items():
        converted[name] = item
    return converted


@cache
def checking_block(block_type: str):
    """The body's ``block_type`` block, its image choosers taking loaded images as they are."""
    from blog.models import BlogPage

    block = BlogPage._meta.get_field("body").stream_block.child_blocks[block_type]
    if not isinstance(block, StructBlock):
        return block
    choosers = {
        name: child
        for name, child in block.child_blocks.items()
        if isinstance(child, ImageChooserBlock | DocumentChooserBlock)
    }
    if not choosers:
        return block
    checker = copy.copy(block)
    checker.child_blocks = {
        **block.child_blocks,
        **{name: trusting_loaded_items(child) for name, child in choosers.items()},
    }
    return checker


def trusting_loaded_items(chooser):
    """A copy of ``chooser`` whose ``clean`` takes an instance without a query."""
    checker = copy.copy(chooser)
    model = chooser.model_class

    def clean(value):
        if isinstance(value, model):
            return value
        return chooser.clean(value)

    checker.clean = clean
    return checker


def validation_message(error: ValidationError) -> str:
    """A one-line reading of a (possibly nested block) validation error."""
    block_errors = getattr(error, "block_errors", None)
    if block_errors:
        parts = []
        for name, child in block_errors.items():
            messages = getattr(child, "messages", None) or [str(child)]
            parts.append(f"{name}: {' '.join(messages)}")
        return "; ".join(parts)
    return " ".join(error.messages)
