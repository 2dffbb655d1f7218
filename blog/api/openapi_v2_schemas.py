"""JSON Schemas of API v2's fields, for the OpenAPI document (``openapi_v2``).

Most of a schema is read from the code: Django REST framework's field classes say their
type (``CharField`` is a string, ``BooleanField`` a boolean), model fields whether they
may be null. Folio's and Wagtail's own field classes return hand-built dicts that no
introspection can see into, so their shapes are described here, once, as components the
fields point to. A field class may also carry an ``openapi_schema`` attribute (a schema
dict) to describe itself where it is defined.
"""

from typing import get_args

from rest_framework import serializers
from wagtail.api.rich_text import RichTextOutputFormat
from wagtail.api.v2 import serializers as wagtail_serializers
from wagtail.documents.api.v2.serializers import DocumentDownloadUrlField

from blog import renditions
from blog.audience import Audience

from . import fields as folio_fields
from . import media, pages, taxonomy
from .block_schemas import block_components

NULL = {"type": "null"}


def ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


def nullable(schema):
    return {"anyOf": [schema, NULL]}


def string(description=None, **extra):
    schema = {"type": "string", **extra}
    if description:
        schema["description"] = description
    return schema


URL = string(format="uri")
RICH_TEXT = string(
    "Rich text in the requested rich_text_format (public HTML by default), absolute links."
)

# Folio's and Wagtail's field classes whose output is a hand-built shape.
FIELD_CLASS_SCHEMAS = {
    wagtail_serializers.TypeField: string("The model, as app_label.ModelName."),
    wagtail_serializers.PageTypeField: string("The page type, as app_label.ModelName."),
    wagtail_serializers.DetailUrlField: string("This object in the API.", format="uri"),
    wagtail_serializers.PageHtmlUrlField: nullable(
        string("The page on the site (null for a page with no URL).", format="uri")
    ),
    wagtail_serializers.PageLocaleField: string("Language code, e.g. en."),
    wagtail_serializers.PageAliasOfField: nullable(ref("PageSummary")),
    wagtail_serializers.PageParentField: nullable(ref("PageSummary")),
    pages.PublicParentField: nullable(ref("PageSummary")),
    taxonomy.BlogRouteUrlField: string("The blog's own page for it.", format="uri"),
    taxonomy.AvatarField: nullable(ref("AuthorAvatar")),
    media.AbsoluteImageUrlField: string("The original file.", format="uri"),
    DocumentDownloadUrlField: string("The file.", format="uri"),
    media.NameListTagsField: {"type": "array", "items": {"type": "string"}},
    folio_fields.HeroImageField: nullable(ref("PostImage")),
    folio_fields.AuthorsField: {"type": "array", "items": ref("PostAuthor")},
    folio_fields.PrimaryAuthorField: nullable(ref("PostAuthor")),
    folio_fields.CategoriesField: {"type": "array", "items": ref("PostCategory")},
    folio_fields.CategoryField: nullable(ref("PostCategory")),
    folio_fields.TagsField: {"type": "array", "items": ref("PostTag")},
    folio_fields.RelatedPostsField: {"type": "array", "items": ref("RelatedPost")},
    folio_fields.SeoField: ref("Seo"),
    folio_fields.PublicRichTextField: RICH_TEXT,
    wagtail_serializers.RichTextFieldSerializer: RICH_TEXT,
    wagtail_serializers.StreamField: {"type": "array", "items": ref("Block")},
}

# Fields whose class says nothing of their type, by name: model properties shown with
# ``APIField(name)`` (DRF gives them a ``ReadOnlyField``) and Folio's computed fields.
FIELD_NAME_SCHEMAS = {
    "reading_time": {"type": "integer", "description": "Minutes to read the body, at least 1."},
    "excerpt": string("The search description, else the listing intro."),
    "html": string("The whole body as the site renders it, for the requested audience."),
    "plaintext": string("The body's visible text, no markup."),
    "updated_at": nullable(
        string("Last published (the Last-Modified header's instant).", format="date-time")
    ),
}

# DRF's own field classes, most specific first.
DRF_SCHEMAS = [
    (serializers.BooleanField, {"type": "boolean"}),
    (serializers.IntegerField, {"type": "integer"}),
    (serializers.FloatField, {"type": "number"}),
    (serializers.DecimalField, string()),
    (serializers.DateTimeField, string(format="date-time")),
    (serializers.DateField, string(format="date")),
    (serializers.URLField, URL),
    (serializers.CharField, string()),
]


def field_schema(name, field):
    """The schema of one serializer field, or ``None`` when nothing says what it holds."""
    declared = getattr(field, "openapi_schema", None)
    if declared is not None:
        return declared
    for field_class in type(field).__mro__:
        if field_class in FIELD_CLASS_SCHEMAS:
            return FIELD_CLASS_SCHEMAS[field_class]
    for field_class, schema in DRF_SCHEMAS:
        if isinstance(field, field_class):
            return nullable(schema) if getattr(field, "allow_null", False) else schema
    return FIELD_NAME_SCHEMAS.get(name)


def rendition_set(use):
    names = renditions.NAMED_USES[use]
    return {
        "type": "object",
        "description": "Named renditions: " + ", ".join(f"{n} ({s})" for n, s in names.items()),
        "properties": {name: ref("Rendition") for name in names},
        "required": list(names),
    }


def image_shape(use):
    return {
        "type": "object",
        "properties": {
            "id": {"type": "integer"},
            "title": string(),
            "alt": string(),
            "width": {"type": "integer"},
            "height": {"type": "integer"},
            "renditions": rendition_set(use),
        },
        "required": ["id", "title", "alt", "width", "height", "renditions"],
    }


def nested_schemas(body_blocks):
    """Shapes nested in the fields above, as ``components.schemas``; ``body_blocks`` are
    a post body's block types ({name: block}), each described by ``block_schemas``.

    Properties are listed, not required: a client may choose nested fields.
    """
    detail_url = nullable(string("This object in API v2.", format="uri"))
    thumbnail = {
        "type": "object",
        "properties": {
            "url": URL,
            "width": {"type": "integer"},
            "height": {"type": "integer"},
            "alt": string(),
        },
    }
    return {
        "Error": {
            "type": "object",
            "description": "Every 4xx answer of API v2.",
            "properties": {"message": string("What was wrong, in plain words.")},
            "required": ["message"],
        },
        "Rendition": {
            "type": "object",
            "description": "An image file; the original until the worker has made the size.",
            "properties": {"url": URL, "width": {"type": "integer"}, "height": {"type": "integer"}},
            "required": ["url", "width", "height"],
        },
        "PostImage": image_shape("api_image"),
        "AuthorAvatar": image_shape("api_avatar"),
        "PageSummary": {
            "type": "object",
            "properties": {
                "id": {"type": "integer"},
                "meta": {
                    "type": "object",
                    "properties": {
                        "type": string(),
                        "detail_url": URL,
                        "html_url": nullable(URL),
                    },
                },
                "title": string(),
            },
        },
        "PostAuthor": {
            "type": "object",
            "properties": {
                "id": {"type": "integer"},
                "name": string(),
                "slug": string(),
                "description": string(),
                "link": nullable(URL),
                "avatar": nullable(ref("AuthorAvatar")),
                "detail_url": detail_url,
            },
        },
        "PostCategory": {
            "type": "object",
            "properties": {
                "id": {"type": "integer"},
                "name": string(),
                "slug": string(),
                "description": RICH_TEXT,
                "detail_url": detail_url,
            },
        },
        "PostTag": {
            "type": "object",
            "properties": {
                "id": {"type": "integer"},
                "name": string(),
                "slug": string(),
                "detail_url": detail_url,
            },
        },
        "RelatedPost": {
            "type": "object",
            "properties": {
                "id": {"type": "integer"},
                "title": string(),
                "slug": string(),
                "url": URL,
                "detail_url": detail_url,
                "date": string(format="date-time"),
                "index_intro": string(),
                "thumbnail": nullable(thumbnail),
            },
        },
        "Seo": {
            "type": "object",
            "description": "What the page's <head> says.",
            "properties": {
                "title": string(),
                "description": string(),
                "canonical_url": URL,
                "og_image": nullable(thumbnail),
            },
        },
        **block_components(body_blocks, RICH_TEXT),
        "CallToAction": {
            "type": "object",
            "description": "A call to action (a body block's value, or the site's for guests).",
            "properties": {
                "heading": string(),
                "text": nullable(RICH_TEXT),
                "image": nullable(ref("PostImage")),
                "external_image_url": nullable(URL),
                "button_label": string(),
                "url": string(),
                "audience": {"type": "string", "enum": list(Audience.values)},
                "snippet_id": nullable({"type": "integer"}),
                "style": {"type": "string", "enum": ["banner", "image"]},
            },
        },
    }


def rich_text_formats():
    return sorted(get_args(RichTextOutputFormat))
