"""The brand: how the public site names and presents itself, per site, without a deploy."""

from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField

from blog.settings_reads import SettingsReadWithoutSaving

from .blocks import LinkBlock, SocialProfileBlock
from .colours import validate_accent_colour

DEFAULT_ACCENT = "#05843e"


def image_field(help_text):
    return models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=help_text,
    )


@register_setting(icon="image")
class BrandSettings(SettingsReadWithoutSaving, BaseSiteSetting):
    site_name = models.CharField(
        max_length=100,
        blank=True,
        help_text="Shown in the header, the browser tab, feeds and link previews. "
        "Empty: the site's name in Settings → Sites.",
    )
    logo = image_field("Shown in the header, on white. A wide SVG or PNG; shown 48 px high.")
    logo_on_dark = image_field(
        "Shown in the footer, on a dark background. Empty: the site name in white."
    )
    icon = image_field(
        "The favicon (browser tabs, bookmarks, home screens). Square, at least 180 px."
    )
    accent_colour = models.CharField(
        max_length=7,
        default=DEFAULT_ACCENT,
        validators=[validate_accent_colour],
        help_text="Links and buttons, e.g. #05843e. It must be dark enough to read on white.",
    )
    header_links = StreamField(
        [("link", LinkBlock())],
        blank=True,
        help_text="The header's menu. Empty: Blog and Search.",
    )
    footer_text = models.TextField(
        max_length=500,
        blank=True,
        help_text="A line or two under the footer's logo, e.g. what the company does.",
    )
    footer_links = StreamField(
        [("link", LinkBlock())],
        blank=True,
        help_text="Links in the footer, e.g. the product, careers, privacy policy.",
    )
    social_profiles = StreamField([("profile", SocialProfileBlock())], blank=True)
    default_social_image = image_field(
        "Shown in link previews (social networks, chat apps) of pages without their own "
        "image. Best at 1200 × 630 px."
    )

    edit_handler = TabbedInterface(
        [
            ObjectList(
                [
                    FieldPanel("site_name"),
                    MultiFieldPanel(
                        [FieldPanel("logo"), FieldPanel("logo_on_dark"), FieldPanel("icon")],
                        heading="Logo and icon",
                    ),
                    FieldPanel("accent_colour"),
                ],
                heading="Identity",
            ),
            ObjectList(
                [FieldPanel("header_links"), FieldPanel("footer_text"), FieldPanel("footer_links")],
                heading="Header and footer",
            ),
            ObjectList(
                [FieldPanel("social_profiles"), FieldPanel("default_social_image")],
                heading="Social",
            ),
        ]
    )

    class Meta:
        verbose_name = "brand"
        verbose_name_plural = "brand"
