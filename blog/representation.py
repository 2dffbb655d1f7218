"""How blocks, images, rich text and calls to action appear in JSON (API v2 and v3).

Blocks own their JSON (``get_api_representation``) and build it with these; the API
(``blog/api/``) reads blocks and these, and these never import the API: the one thing of
the API's they meet is a response's rich text batch, handed in the serializer context
(``blog/api/rich_text_batch.py``), so that a response expands all its rich text at once.
"""

from django.utils.html import strip_tags
from wagtail import blocks
from wagtail.api.rich_text import APIRichText

from .audience import Audience
from .links import absolute_url, absolute_urls, base_url, media_url, safe_url
from .renditions import named_renditions
from .sanitize import sanitize_html, sanitize_stored_rich_text


def rich_text_representation(source, context=None):
    """Rich text in the request's ``rich_text_format`` (Wagtail's), with absolute URLs.

    Wagtail expands ``linktype`` / ``embedtype`` markup itself; Folio only completes the
    root-relative URLs it writes, which is all that stands between its HTML and a page
    that can be shown on another host. Inside an API response the expansion is deferred
    to the response's ``RichTextBatch``.
    """
    context = context or {}
    rich_text_format = context.get("_wagtail_rich_text_format")
    if rich_text_format is None:
        rich_text_format = APIRichText.resolve_format()
    source = str(getattr(source, "source", source) or "")
    if rich_text_format != APIRichText.FORMAT_HTML:
        return stored_rich_text(source, rich_text_format)
    batch = context.get("rich_text_batch")
    if batch is not None:
        return batch.add(source)
    return absolute_urls(clean_html(public_html(source)), base_url(context))


def stored_rich_text(source, rich_text_format):
    """Rich text in one of Wagtail's raw formats (``db_html``, ``markdown``, …), cleaned.

    Wagtail's markdown conversion fails on markup its editor never writes; such a value
    is given as its plain text rather than failing the whole response.
    """
    cleaned = sanitize_stored_rich_text(source)
    try:
        return APIRichText.serialize(cleaned, format=rich_text_format)
    except (AssertionError, ValueError, KeyError):
        return strip_tags(cleaned)


def public_html(source):
    """Wagtail's ``html`` rich text format: ``expand_db_html``, links to real URLs."""
    return APIRichText.serialize(source, format=APIRichText.FORMAT_HTML)


def clean_html(html):
    """Rich text cleaned as the pages clean it (``clean_rich_text``): rich text saved
    outside the editor (API v3 writes, the ORM) never passed the editor's allow-list."""
    return sanitize_html(html, link_rel=None)


def image_representation(image, alt=None, use="api_image", context=None):
    """An image as the named renditions of ``use`` (``blog.renditions``), with absolute
    URLs, or ``None``. A rendition the worker has not made yet is given as the original
    file, with its own width and height.

    Made once per response: an API listing shows the same image again and again (a post's
    hero, its thumbnail among other posts' related posts, its social image), and building
    it was a sixth of a lean listing's time (issue #14). The serializers of a response
    share one ``context`` dict, which keeps what was made; the answer is read-only."""
    if image is None:
        return None
    made = context.setdefault("_image_representations", {}) if context is not None else {}
    key = (image.pk, use, alt)
    if key not in made:
        made[key] = _image_representation(image, alt, use, context)
    return made[key]


def _image_representation(image, alt, use, context):
    renditions = named_renditions(image, use)
    for rendition in renditions.values():
        rendition["url"] = media_url(rendition["url"], context)
    return {
        "id": image.pk,
        "title": image.title,
        "alt": alt if alt is not None else image.default_alt_text,
        "width": image.width,
        "height": image.height,
        "renditions": renditions,
    }


def call_to_action_representation(cta, context=None):
    """A resolved call to action (see ``blocks.resolved_call_to_action``) as JSON.

    Its URL is dropped, as on the pages, unless web, mail, phone or site-relative.
    """
    return {
        "heading": cta["heading"],
        "text": rich_text_representation(cta.get("text"), context),
        "image": image_representation(
            cta.get("image"), cta.get("image_alt") or None, context=context
        ),
        # A picture kept from an import that is not in the library.
        "external_image_url": safe_url(cta.get("external_image_url")) or None,
        "button_label": cta["button_label"],
        "url": absolute_url(safe_url(cta["url"]), context),
        "audience": cta["audience"] or Audience.EVERYONE,
        "snippet_id": cta.get("snippet_id"),
        # "image": the image alone is the link (no heading or button shown).
        "style": cta.get("style") or "banner",
    }


def stream_representation(stream_value, context, keep=None):
    """The stream as Wagtail's ``[{type, value, id}]``; ``keep(child)`` may drop blocks."""
    return [
        {
            "type": child.block_type,
            "value": block_representation(child.block, child.value, context),
            "id": child.id,
        }
        for child in stream_value
        if keep is None or keep(child)
    ]


def overrides_representation(block, base):
    return type(block).get_api_representation is not base.get_api_representation


def block_representation(block, value, context):
    """``block.get_api_representation(value)``, with Folio's rich text at every depth.

    Blocks with their own ``get_api_representation`` (images, code, calls to action)
    are trusted to use ``rich_text_representation`` themselves.
    """
    if isinstance(block, blocks.RichTextBlock):
        if overrides_representation(block, blocks.RichTextBlock):
            return block.get_api_representation(value, context=context)
        return rich_text_representation(value, context)
    if isinstance(block, blocks.StreamBlock) and not overrides_representation(
        block, blocks.StreamBlock
    ):
        return stream_representation(value, context)
    if isinstance(block, blocks.ListBlock) and not overrides_representation(
        block, blocks.ListBlock
    ):
        return [block_representation(block.child_block, item, context) for item in value]
    if isinstance(block, blocks.StructBlock) and not overrides_representation(
        block, blocks.StructBlock
    ):
        return {
            name: block_representation(block.child_blocks[name], child_value, context)
            for name, child_value in value.items()
        }
    return block.get_api_representation(value, context=context)
