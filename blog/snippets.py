"""Reusable content the marketing team manages once and uses in many posts."""

from django.db import models
from django.utils.text import slugify
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    PreviewableMixin,
    RevisionMixin,
    WorkflowMixin,
)
from wagtail.search import index

from . import snippet_previews
from .audience import Audience


class ReviewedSnippet(
    PreviewableMixin,
    WorkflowMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    index.Indexed,
    models.Model,
):
    """Shown on live pages, so reviewed like a post (issue #12: a writer's phishing link
    went out on every post at once).

    The row holds the published version, which is all readers ever see. An edit in the
    admin is a revision until someone with the publish permission publishes it, directly
    or by approving it in the Marketing workflow (attached to each snippet model by
    migration 0005). A snippet created in the admin starts unpublished (``live=False``)
    and is left out of every page, listing, feed and API answer until then; one created
    in code (the Jekyll importer, ``generate_blog``) is live, as before.
    """

    class Meta:
        abstract = True


class SlugFromNameMixin(models.Model):
    """Fill an empty slug from the name, keeping it unique among its kind."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self.slug:
            base = slugify(self.name)[:70] or "item"
            slug, n = base, 2
            while type(self).objects.filter(slug=slug).exclude(pk=self.pk).exists():
                slug, n = f"{base}-{n}", n + 1
            self.slug = slug
        super().save(*args, **kwargs)


class Author(SlugFromNameMixin, ReviewedSnippet):
    name = models.CharField(max_length=255, unique=True)
    slug = models.SlugField(
        max_length=80, unique=True, blank=True, help_text="Used in /blog/author/<slug>/."
    )
    description = models.CharField(
        max_length=500, blank=True, help_text="One line shown in the author box under each post."
    )
    avatar = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Square picture, shown round.",
    )
    link = models.URLField(
        blank=True, help_text="Where the author's name links to (personal site, profile)."
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("avatar"),
        FieldPanel("link"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
    ]
    api_fields = [
        APIField("name"),
        APIField("slug"),
        APIField("description"),
        APIField("link"),
    ]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def serve_preview(self, request, mode_name):
        return snippet_previews.listing_preview(request, self, "author")


class Category(SlugFromNameMixin, ReviewedSnippet):
    name = models.CharField(max_length=255, unique=True)
    slug = models.SlugField(
        max_length=80, unique=True, blank=True, help_text="Used in /blog/category/<slug>/."
    )
    description = RichTextField(
        blank=True,
        features=["bold", "italic", "link"],
        help_text="Shown at the top of the category page.",
    )

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
    ]
    api_fields = [APIField("name"), APIField("slug"), APIField("description")]

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "categories"

    def __str__(self):
        return self.name

    def serve_preview(self, request, mode_name):
        return snippet_previews.listing_preview(request, self, "category")


class CallToAction(ReviewedSnippet):
    """A reusable call-to-action banner, e.g. the sign-up banner shown to guests."""

    name = models.CharField(
        max_length=255, unique=True, help_text="For editors only, e.g. 'Sign-up banner 2021'."
    )
    heading = models.CharField(max_length=255, blank=True)
    text = RichTextField(blank=True, features=["bold", "italic", "link"])
    image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    button_label = models.CharField(max_length=80, default="Get started")
    url = models.URLField(verbose_name="button URL")
    audience = models.CharField(
        max_length=16,
        choices=Audience.choices,
        default=Audience.GUESTS,
        help_text="Who sees it. The sign-up banner is for guests only.",
    )

    panels = [
        FieldPanel("name"),
        MultiFieldPanel(
            [FieldPanel("heading"), FieldPanel("text"), FieldPanel("image")], heading="Content"
        ),
        MultiFieldPanel([FieldPanel("button_label"), FieldPanel("url")], heading="Button"),
        FieldPanel("audience"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]
    api_fields = [
        APIField("heading"),
        APIField("text"),
        APIField("button_label"),
        APIField("url"),
        APIField("audience"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = "call to action"
        verbose_name_plural = "calls to action"

    def __str__(self):
        return self.name

    def get_preview_template(self, request, mode_name):
        return "blog/call_to_action_preview.html"

    def get_preview_context(self, request, mode_name):
        return {
            **super().get_preview_context(request, mode_name),
            **snippet_previews.call_to_action_preview_context(self),
        }
