"""Per-site settings the marketing team can change without a deploy."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from .settings_reads import SettingsReadWithoutSaving


@register_setting(icon="cog")
class BlogSettings(SettingsReadWithoutSaving, BaseSiteSetting):
    posts_per_page = models.PositiveSmallIntegerField(
        default=15,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text="Posts per page on the blog index, tag, category and author pages.",
    )
    default_guest_call_to_action = models.ForeignKey(
        "blog.CallToAction",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Appended to every post for guests (visitors not signed in to the product).",
    )
    twitter_handle = models.CharField(
        max_length=40, blank=True, help_text="Without @; used for Twitter card tags."
    )
    organisation_name = models.CharField(
        max_length=255, blank=True, help_text="Publisher name in feeds and structured data."
    )

    panels = [
        FieldPanel("posts_per_page"),
        FieldPanel("default_guest_call_to_action"),
        MultiFieldPanel(
            [FieldPanel("organisation_name"), FieldPanel("twitter_handle")], heading="Publisher"
        ),
    ]

    class Meta:
        verbose_name = "blog settings"
