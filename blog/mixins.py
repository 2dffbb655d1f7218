"""Behaviour shared by every public page type (home, index, post)."""

from django.db import models
from django.utils.cache import patch_vary_headers
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import Page


class AudienceAwarePageMixin:
    """Pages whose HTML depends on guest/member: tell caches so with ``Vary: Cookie``."""

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        patch_vary_headers(response, ["Cookie"])
        return response


class SocialMetaMixin(models.Model):
    """An optional image for link previews (Open Graph / Twitter cards)."""

    social_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown when the page is shared. Defaults to the hero image.",
    )

    promote_panels = [
        MultiFieldPanel(Page.promote_panels, heading="Common page configuration"),
        FieldPanel("social_image"),
    ]

    class Meta:
        abstract = True

    def get_social_image(self):
        return self.social_image

    def get_meta_description(self):
        return self.search_description
