"""JSON Schemas of a body's blocks, for API v2's OpenAPI document (``openapi_v2_schemas``).

A body is ``[{"type", "value", "id"}]``; the shape of ``value`` depends on ``type``. The
document describes it as a ``oneOf`` of one schema per block type, with a discriminator on
``type``, so that generated clients (``examples/front-end/folio-api.d.ts``) get a
discriminated union: ``block.type === "heading"`` narrows ``block.value`` to a heading's.

Each value's schema is read from the block's definition where Wagtail's own
representation gives it (``blog.representation.block_representation``): rich text is a
string, a ``StructBlock`` an object of its children, a ``ChoiceBlock`` one of its choices,
a ``BooleanBlock`` a boolean, a ``ListBlock`` an array. A block that builds its own JSON
(``get_api_representation``: images, headings, code, video, calls to action) says its
shape here, in ``OWN_REPRESENTATIONS`` (or, once the block carries it, in its own
``api_schema`` attribute); a block that builds its own JSON without a schema stops the
document from being built, so a new block cannot go undescribed.
"""

from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.embeds.blocks import EmbedBlock

from blog.blocks import CallToActionBlock, CodeBlock, HeadingBlock, ImageBlock
from blog.representation import overrides_representation
from blog.video_blocks import VideoBlock

NULL = {"type": "null"}
STRING = {"type": "string"}


def ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


def nullable(schema):
    return {"anyOf": [schema, NULL]}


def described(schema, description):
    return {**schema, "description": description}


def rich_text():
    return ref("RichText")


def choices(block):
    """The values a ``ChoiceBlock`` stores; ``""`` too when it may be left empty."""
    values = [str(value) for value, _label in block.field.choices if value != ""]
    if not block.required:
        values.append("")
    return {"type": "string", "enum": values}


def obj(properties):
    """An object with all of ``properties``, always present."""
    return {"type": "object", "properties": properties, "required": list(properties)}


# --- blocks that build their own JSON -----------------------------------------------------


def heading_value(block):
    return obj(
        {
            "text": STRING,
            "level": choices(block.child_blocks["level"]),
            "link": nullable(described(STRING, "Absolute URL; null without a link.")),
            "link_text": described(STRING, "The words that carry the link; '' without one."),
        }
    )


def image_value(block):
    return obj(
        {
            "image": described(
                nullable(ref("PostImage")), "The library's image; null for an external one."
            ),
            "external_url": described(
                nullable(STRING), "An imported image not in the library (only then)."
            ),
            "alt": STRING,
            "caption": STRING,
            "link": nullable(described(STRING, "Where a click on the image goes (absolute).")),
            "size": described(
                {
                    "type": "string",
                    "enum": [v for v, _ in block.child_blocks["size"].field.choices],
                },
                "How the site shows it: the text column's width, wide, or small (half).",
            ),
        }
    )


def code_value(block):
    return obj(
        {
            "language": described(STRING, "A Pygments language name; '' for plain text."),
            "code": described(STRING, "The source."),
            "line_numbers": {"type": "boolean"},
            "html": described(STRING, "Highlighted on the server (Pygments, class highlight)."),
        }
    )


def video_value(block):
    return obj(
        {
            "url": nullable(described(STRING, "The video file (absolute URL).")),
            "type": described(STRING, "Its MIME type, e.g. video/mp4; '' when unknown."),
            "document_id": nullable({"type": "integer"}),
            "poster": nullable(ref("PostImage")),
            "caption": STRING,
        }
    )


def call_to_action_value(block):
    return described(
        nullable(ref("CallToAction")),
        "Its saved call to action's fields when one is chosen; null when that one is not "
        "published.",
    )


# By block class: the shape of the JSON its ``get_api_representation`` builds.
OWN_REPRESENTATIONS = {
    HeadingBlock: heading_value,
    ImageBlock: image_value,
    CodeBlock: code_value,
    VideoBlock: video_value,
    CallToActionBlock: call_to_action_value,
    blocks.RawHTMLBlock: lambda block: described(STRING, "Cleaned HTML kept from an import."),
}


def own_representation(block):
    declared = getattr(block, "api_schema", None)
    if declared is not None:
        return declared
    for block_class in type(block).__mro__:
        if block_class in OWN_REPRESENTATIONS:
            return OWN_REPRESENTATIONS[block_class](block)
    raise LookupError(
        f"{type(block).__name__} builds its own API JSON (get_api_representation): "
        "describe it in blog/api/block_schemas.py (OWN_REPRESENTATIONS)"
    )


# --- blocks Wagtail represents --------------------------------------------------------------

TABLE = {
    "type": "object",
    "description": "Wagtail's table: data is the rows of cells; the other keys are its "
    "options (first_row_is_table_header, first_col_is_header, table_caption, …).",
    "properties": {
        "data": {"type": "array", "items": {"type": "array", "items": nullable(STRING)}},
    },
    "required": ["data"],
    "additionalProperties": True,
}


def value_schema(block):
    """The JSON Schema of the API value of ``block`` (a block instance), as
    ``blog.representation.block_representation`` gives it."""
    if isinstance(block, blocks.RichTextBlock) and not overrides_representation(
        block, blocks.RichTextBlock
    ):
        return rich_text()
    if isinstance(block, blocks.StreamBlock) and not overrides_representation(
        block, blocks.StreamBlock
    ):
        return {"type": "array", "items": stream_child_schema(block)}
    if isinstance(block, blocks.ListBlock) and not overrides_representation(
        block, blocks.ListBlock
    ):
        return {"type": "array", "items": value_schema(block.child_block)}
    if isinstance(block, blocks.StructBlock) and not overrides_representation(
        block, blocks.StructBlock
    ):
        return obj({name: value_schema(child) for name, child in block.child_blocks.items()})
    if overrides_representation(block, blocks.Block) and not wagtails_own(block):
        return own_representation(block)
    return wagtail_value(block)


def wagtails_own(block):
    """Whether ``block``'s ``get_api_representation`` is Wagtail's (its class's or a
    Wagtail base class's), not one of Folio's."""
    method = type(block).get_api_representation
    return method.__module__.startswith("wagtail.")


def wagtail_value(block):
    """The value Wagtail's ``get_api_representation`` gives (mostly ``get_prep_value``)."""
    if isinstance(block, TableBlock):
        return TABLE
    if isinstance(block, blocks.ChoiceBlock):
        return choices(block)
    if isinstance(block, blocks.BooleanBlock):
        return {"type": "boolean"}
    if isinstance(block, (blocks.IntegerBlock,)):
        return nullable({"type": "integer"})
    if isinstance(block, (blocks.FloatBlock, blocks.DecimalBlock)):
        return nullable({"type": "number"})
    if isinstance(block, EmbedBlock):
        return described(STRING, "The embedded media's URL ('' when none).")
    if isinstance(block, blocks.ChooserBlock):
        return described(nullable({"type": "integer"}), "The chosen object's id.")
    if isinstance(block, blocks.RawHTMLBlock):
        return described(STRING, "HTML.")
    if isinstance(block, blocks.FieldBlock):
        return STRING
    return {}


def stream_child_schema(stream_block):
    return {
        "oneOf": [block_variant(name, child) for name, child in stream_block.child_blocks.items()]
    }


# --- the components ---------------------------------------------------------------------------


def variant_name(block_type):
    """``call_to_action`` → ``CallToActionBlock``."""
    return "".join(part.capitalize() for part in block_type.split("_")) + "Block"


def block_variant(block_type, block):
    description = getattr(block.meta, "description", "") or str(block.label)
    return {
        "type": "object",
        "description": f'Body block "{block_type}": {description}',
        "properties": {
            "type": {"type": "string", "enum": [block_type]},
            "value": value_schema(block),
            "id": STRING,
        },
        "required": ["type", "value"],
    }


def block_components(child_blocks, rich_text_schema):
    """``components.schemas`` for a body of ``child_blocks`` ({type: block}): ``Block``
    (the union, discriminated on ``type``), one ``<Type>Block`` per block type and
    ``RichText``."""
    variants = {
        variant_name(name): block_variant(name, block) for name, block in child_blocks.items()
    }
    union = {
        "description": "One block of a body: its value's shape depends on its type.",
        "oneOf": [ref(name) for name in variants],
        "discriminator": {
            "propertyName": "type",
            "mapping": {name: ref(variant_name(name))["$ref"] for name in child_blocks},
        },
    }
    return {"Block": union, **variants, "RichText": rich_text_schema}
