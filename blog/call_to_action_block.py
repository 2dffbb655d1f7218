"""The body's call to action: a banner with one button or an image link, typed in place
or taken from a saved ``CallToAction`` snippet, and how either is resolved for readers."""

from functools import cached_property

from django import forms
from django.utils.html import strip_tags
from wagtail import blocks
from wagtail.admin.telepath import register as register_adapter
from wagtail.blocks.struct_block import StructBlockAdapter

from .audience import Audience
from .choosers import CallToActionChooserBlock, PreloadableImageChooserBlock
from .representation import call_to_action_representation

CTA_STYLES = [("banner", "Banner with a button"), ("image", "Image link (the image is the button)")]


class CallToActionBlock(blocks.StructBlock):
    """A banner with one button, or an image that is the link; either a reusable
    CallToAction snippet or typed in place, never both (``clean``)."""

    snippet = CallToActionChooserBlock(
        "blog.CallToAction",
        required=False,
        label="Saved call to action",
        help_text=(
            "Either choose a saved call to action: its own words, button and audience are "
            "shown, and everything below stays empty. Or leave this empty and fill in the "
            "fields below."
        ),
    )
    heading = blocks.CharBlock(required=False, max_length=255)
    text = blocks.RichTextBlock(required=False, features=["bold", "italic", "link"])
    image = PreloadableImageChooserBlock(required=False)
    external_image_url = blocks.URLBlock(
        required=False,
        help_text="Only for a picture that is not in the library (kept from an import).",
    )
    image_alt = blocks.CharBlock(
        required=False, max_length=255, label="Image description for screen readers"
    )
    button_label = blocks.CharBlock(required=False, max_length=80, default="Get started")
    url = blocks.URLBlock(required=False, label="Button URL")
    audience = blocks.ChoiceBlock(
        choices=Audience.choices,
        default=Audience.GUESTS,
        help_text=(
            "Who sees the call to action typed here. Guests are visitors not signed in to "
            "the product. A saved call to action chosen above has its own audience."
        ),
    )
    style = blocks.ChoiceBlock(
        choices=CTA_STYLES,
        default="banner",
        help_text="An image link shows the image alone; its description says where it leads.",
    )

    def clean(self, value):
        value = super().clean(value)
        if value.get("snippet") and (typed := typed_call_to_action_fields(value)):
            raise blocks.StructBlockValidationError(
                block_errors={
                    "snippet": forms.ValidationError(
                        "Use a saved call to action or the fields below, not both: remove "
                        "the saved one, or clear " + ", ".join(typed) + "."
                    )
                }
            )
        # A draft (autosave, "Save draft") may hold a call to action not filled in yet,
        # as Wagtail defers required fields; publishing still asks for it.
        if self.is_deferred_validation:
            return value
        has_picture = value.get("image") or value.get("external_image_url")
        if value.get("style") == "image" and not value.get("snippet") and not has_picture:
            raise blocks.StructBlockValidationError(
                block_errors={"image": forms.ValidationError("An image link needs an image.")}
            )
        if not value.get("snippet") and not value.get("url"):
            raise blocks.StructBlockValidationError(
                block_errors={"url": forms.ValidationError("Give a button URL or pick a snippet.")}
            )
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["cta"] = resolved_call_to_action(value)
        return context

    def get_api_representation(self, value, context=None):

        cta = resolved_call_to_action(value)
        return None if cta is None else call_to_action_representation(cta, context)

    class Meta:
        icon = "pick"
        template = "blocks/call_to_action.html"
        description = "A banner with one button, shown to guests, members or everyone."
        # The editor's script puts the typed fields away while a saved one is chosen.
        form_attrs = {"data-folio-call-to-action": ""}


class CallToActionBlockAdapter(StructBlockAdapter):
    """Wagtail's StructBlock in the editor, with the script and style of the call to
    action's either/or form (static/js/folio-call-to-action-editor.js)."""

    @cached_property
    def media(self):
        return super().media + forms.Media(
            js=["js/folio-call-to-action-editor.js"], css={"all": ["css/folio-editor.css"]}
        )


register_adapter(CallToActionBlockAdapter(), CallToActionBlock)


# The fields a writer types for a call to action without a snippet, by their labels.
TYPED_CALL_TO_ACTION_FIELDS = {
    "heading": "the heading",
    "text": "the text",
    "image": "the image",
    "external_image_url": "the external image URL",
    "image_alt": "the image description",
    "url": "the button URL",
}


def typed_call_to_action_fields(value):
    """Labels of the fields typed into a call to action block (besides its snippet)."""
    return [
        label
        for name, label in TYPED_CALL_TO_ACTION_FIELDS.items()
        if strip_tags(str(getattr(value.get(name), "source", value.get(name)) or "")).strip()
    ]


def resolved_call_to_action(value):
    """The CTA's visible fields, taken from its snippet when one is chosen; ``None`` when
    that snippet is not published (readers never see an unreviewed call to action)."""
    snippet = value.get("snippet")
    if snippet is not None:
        if not snippet.live:
            return None
        return snippet_call_to_action(snippet)
    return {
        "heading": value.get("heading") or "",
        "text": value.get("text"),
        "image": value.get("image"),
        "external_image_url": value.get("external_image_url") or "",
        "image_alt": value.get("image_alt") or "",
        "button_label": value.get("button_label") or "",
        "url": value.get("url") or "",
        "audience": value.get("audience") or Audience.EVERYONE,
        "snippet_id": None,
        "style": image_link_style(
            value.get("style"), value.get("image") or value.get("external_image_url")
        ),
    }


def snippet_call_to_action(snippet):
    """A CallToAction snippet's fields, shaped like a resolved block (previews use it too).

    The snippet's own audience with them: a chosen snippet decides who sees it.
    """
    return {
        "heading": snippet.heading,
        "text": snippet.text,
        "image": snippet.image,
        "external_image_url": "",
        "image_alt": snippet.image.default_alt_text if snippet.image else "",
        "button_label": snippet.button_label,
        "url": snippet.url,
        "audience": snippet.audience,
        "snippet_id": snippet.pk,
        "style": "banner",
    }


def image_link_style(style, picture):
    """The style shown: an image link only when there is a picture to be the link."""
    return "image" if style == "image" and picture else "banner"
