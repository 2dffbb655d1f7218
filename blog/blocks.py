"""StreamField blocks of a post body.

Every block has an icon, a template under ``templates/blocks/`` and a description for
the block picker. Blocks whose JSON needs more than their raw value (renditions,
highlighted code, audience) override ``get_api_representation``.
"""

from functools import lru_cache

from django import forms
from django.utils.safestring import mark_safe
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock as WagtailTableBlock

from .call_to_action_block import CallToActionBlock

# CallToActionChooserBlock: the first migrations name it here (blog.blocks).
from .choosers import CallToActionChooserBlock, PreloadableImageChooserBlock  # noqa: F401
from .code_input import CodeLanguageBlock, CodeTextBlock, normalise_line_endings
from .links import absolute_url, safe_url
from .representation import image_representation, stream_representation
from .sanitize import sanitize_html
from .video_blocks import VideoBlock, VideoEmbedBlock

PARAGRAPH_FEATURES = [
    "bold", "italic", "strikethrough", "code", "superscript", "subscript",
    "link", "document-link", "ol", "ul", "hr", "blockquote",
]  # fmt: skip


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("features", PARAGRAPH_FEATURES)
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        template = "blocks/paragraph.html"
        description = "Text with links, lists and emphasis."
        preview_value = "<p>Work-life integration is about finding <b>harmony</b>.</p>"


def validate_link(value):
    """A link is a web, mail or phone URL, or a path or anchor on this site."""

    if value and not safe_url(value):
        raise forms.ValidationError(
            "Give a full web address (https://…), a mail or phone link, or a path on this site."
        )


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=255)
    level = blocks.ChoiceBlock(
        choices=[("h2", "Heading 2"), ("h3", "Heading 3"), ("h4", "Heading 4")],
        default="h2",
        help_text="Use Heading 2 for sections; the post title is the only Heading 1.",
    )
    link = blocks.CharBlock(
        required=False,
        max_length=500,
        validators=[validate_link],
        help_text="Optional: where a click on the heading goes (a web address or a path).",
    )
    link_text = blocks.CharBlock(
        required=False,
        max_length=255,
        help_text="The words of the heading that carry the link; empty: the whole heading.",
    )

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["parts"] = heading_parts(value)
        return context

    def get_api_representation(self, value, context=None):

        parts = heading_parts(value)
        return {
            "text": value.get("text") or "",
            "level": value.get("level") or "h2",
            # As on the pages: a full URL, and only a safe one (no javascript:).
            "link": absolute_url(parts["link"], context) or None,
            "link_text": parts["linked"] if parts["link"] else "",
        }

    class Meta:
        icon = "title"
        template = "blocks/heading.html"
        description = "A section heading; it appears in the page outline."
        preview_value = {"text": "Why work-life integration is better", "level": "h2"}


def heading_parts(value) -> dict:
    """The heading's words before its link, on it and after it (all on it when its
    ``link_text`` is empty or not in the heading); no link: all words ``before``."""

    text, link = value.get("text") or "", safe_url(value.get("link"))
    if not link:
        return {"before": text, "linked": "", "after": "", "link": ""}
    words = value.get("link_text") or ""
    start = text.find(words) if words else -1
    if start < 0:
        return {"before": "", "linked": text, "after": "", "link": link}
    end = start + len(words)
    return {"before": text[:start], "linked": words, "after": text[end:], "link": link}


# How wide a body image is shown, and the picture preset (blog.renditions) of each size.
IMAGE_SIZES = [("column", "Column width"), ("wide", "Wide"), ("small", "Small")]
IMAGE_SIZE_PRESETS = {"column": "body", "wide": "body_wide", "small": "body_small"}


class ImageValue(blocks.StructValue):
    """An image block's value; images stored before sizes existed are column width."""

    @property
    def size_name(self):
        size = self.get("size")
        return size if size in IMAGE_SIZE_PRESETS else "column"

    @property
    def picture_preset(self):
        return IMAGE_SIZE_PRESETS[self.size_name]


SCREEN_READER_LABEL = "Description for screen readers"


class ImageBlock(blocks.StructBlock):
    """An image from the library, or (for imported posts) an external image URL."""

    image = PreloadableImageChooserBlock(required=False)
    external_url = blocks.URLBlock(
        required=False,
        help_text="Only for images that are not in the library (kept from an import).",
    )
    alt = blocks.CharBlock(
        required=False,
        max_length=255,
        label=SCREEN_READER_LABEL,
        help_text="Describe the image for people who cannot see it. Leave empty only if decorative.",
    )
    caption = blocks.CharBlock(required=False, max_length=500)
    link = blocks.URLBlock(required=False, help_text="Optional: where a click on the image goes.")
    size = blocks.ChoiceBlock(
        choices=IMAGE_SIZES,
        default="column",
        help_text="Wide images break out of the text column; small ones sit at half its width.",
    )

    def clean(self, value):
        value = super().clean(value)
        # A draft (autosave, "Save draft") may hold a block whose picture is not chosen
        # yet, as Wagtail defers required fields; publishing still asks for it.
        if self.is_deferred_validation:
            return value
        if not value.get("image") and not value.get("external_url"):
            raise blocks.StructBlockValidationError(
                block_errors={
                    "image": forms.ValidationError("Choose an image or give an external URL.")
                }
            )
        return value

    def get_api_representation(self, value, context=None):

        return {
            "image": image_representation(value.get("image"), value.get("alt")),
            # As on the pages: only web, mail, phone and site-relative URLs (no javascript:).
            "external_url": safe_url(value.get("external_url")) or None,
            "alt": value.get("alt") or "",
            "caption": value.get("caption") or "",
            "link": absolute_url(safe_url(value.get("link")), context) or None,
            "size": value.size_name,
        }

    class Meta:
        icon = "image"
        value_class = ImageValue
        template = "blocks/image.html"
        description = (
            "A picture with a description for screen readers, an optional caption and link."
        )


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock()
    attribution = blocks.CharBlock(required=False, max_length=255)

    class Meta:
        icon = "openquote"
        template = "blocks/quote.html"
        description = "A pull quote."
        preview_value = {"text": "Integration beats balance.", "attribution": "Quire"}


class CodeBlock(blocks.StructBlock):
    language = CodeLanguageBlock(
        required=False,
        max_length=40,
        help_text="Pick from the list or type any language; empty: plain text.",
    )
    code = CodeTextBlock()
    line_numbers = blocks.BooleanBlock(
        required=False, help_text="Number the lines (in a column of their own, not copied)."
    )

    def clean(self, value):
        value = super().clean(value)
        # Browsers send a textarea's lines with Windows line endings (HTML's rule for
        # form data); code is stored as a reader copies it, with plain newlines.
        value["code"] = normalise_line_endings(value.get("code") or "")
        return value

    def highlighted(self, value):
        """Pygments-highlighted HTML; highlighting on the server needs no client JS."""
        return mark_safe(
            highlight_code(
                value.get("language") or "",
                value.get("code") or "",
                bool(value.get("line_numbers")),
            )
        )

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["highlighted"] = self.highlighted(value)
        return context

    def get_api_representation(self, value, context=None):
        return {
            "language": value.get("language") or "",
            "code": value.get("code") or "",
            "line_numbers": bool(value.get("line_numbers")),
            "html": str(self.highlighted(value)),
        }

    class Meta:
        icon = "code"
        template = "blocks/code.html"
        description = "Source code, highlighted on the server."
        preview_value = {"language": "python", "code": "print('hello')"}


CODE_FORMATTER = HtmlFormatter(cssclass="highlight", wrapcode=True)
# Line numbers in a column of their own: a reader copying the code copies no numbers.
NUMBERED_CODE_FORMATTER = HtmlFormatter(cssclass="highlight", wrapcode=True, linenos="table")


@lru_cache(maxsize=512)
def highlight_code(language, code, line_numbers=False):
    """Highlighted HTML of ``code``, a pure function of its arguments: each worker looks
    up the lexer and lexes a given snippet once, not on every view of the post."""
    try:
        lexer = get_lexer_by_name(language or "text", stripnl=False)
    except ClassNotFound:
        lexer = get_lexer_by_name("text", stripnl=False)
    formatter = NUMBERED_CODE_FORMATTER if line_numbers else CODE_FORMATTER
    return highlight(code, lexer, formatter)


class TableBlock(WagtailTableBlock):
    class Meta:
        icon = "table"
        template = "blocks/table.html"
        description = "A table of text cells."


class NoticeBlock(blocks.StructBlock):
    style = blocks.ChoiceBlock(
        choices=[("info", "Info"), ("tip", "Tip"), ("warning", "Warning"), ("success", "Success")],
        default="info",
    )
    text = blocks.RichTextBlock(features=["bold", "italic", "link", "code"])

    class Meta:
        icon = "info-circle"
        template = "blocks/notice.html"
        description = "A tinted box that stands out from the text, e.g. 'Read more on …'."
        preview_value = {"style": "info", "text": "<p>Read more on remote teams.</p>"}


class SanitisedRawHTMLBlock(blocks.RawHTMLBlock):
    """HTML kept from an import when no better block fits; always cleaned on save and render."""

    def clean(self, value):
        return super().clean(mark_safe(sanitize_html(str(value))))

    def render_basic(self, value, context=None):
        return mark_safe(sanitize_html(str(value)))

    def get_api_representation(self, value, context=None):
        return sanitize_html(str(value))

    class Meta:
        icon = "code"
        description = "Cleaned HTML kept from an imported post. Prefer the other blocks."


class BlogBodyBlock(blocks.StreamBlock):
    paragraph = ParagraphBlock()
    heading = HeadingBlock()
    image = ImageBlock()
    quote = QuoteBlock()
    code = CodeBlock()
    table = TableBlock()
    embed = VideoEmbedBlock(label="Embed / video")
    video = VideoBlock(label="Video file")
    notice = NoticeBlock()
    call_to_action = CallToActionBlock(label="Call to action")
    raw_html = SanitisedRawHTMLBlock(label="Raw HTML (imported)")

    def get_api_representation(self, value, context=None):
        # API v3 asks the stream block itself; without this it would get Wagtail's
        # representation, which hands out rich text stored outside the editor uncleaned.
        # This is API v2's: typed blocks, cleaned rich text, absolute URLs.
        return stream_representation(value, context or {})

    class Meta:
        icon = "doc-full"
