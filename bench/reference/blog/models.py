"""A blog the way Wagtail's "Your first Wagtail site" tutorial builds it.

This is the stock reference the benchmark compares Folio with: nothing is cached or
prefetched, templates follow the documentation's examples.
"""

from django.db import models
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail import blocks
from wagtail.admin.panels import InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail.snippets.models import register_snippet


class BlogIndexPage(Page):
    intro = RichTextField(blank=True)

    content_panels = Page.content_panels + ["intro"]

    def get_context(self, request):
        context = super().get_context(request)
        context["blogpages"] = self.get_children().live().order_by("-first_published_at")
        return context


class BlogPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "BlogPage", related_name="tagged_items", on_delete=models.CASCADE
    )


@register_snippet
class Author(models.Model):
    name = models.CharField(max_length=255)
    author_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = ["name", "author_image"]

    def __str__(self):
        return self.name


class BlogPage(Page):
    date = models.DateField("Post date")
    intro = models.TextField()
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(
        [
            ("heading", blocks.CharBlock(form_classname="title")),
            ("paragraph", blocks.RichTextBlock()),
            ("image", ImageChooserBlock(template="blog/blocks/image.html")),
            ("quote", blocks.BlockQuoteBlock()),
            ("code", blocks.TextBlock(template="blog/blocks/code.html")),
        ],
        blank=True,
    )
    authors = ParentalManyToManyField("blog.Author", blank=True)
    tags = ClusterTaggableManager(through=BlogPageTag, blank=True)

    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
    ]

    # The v2 API's fields, as Wagtail's "Wagtail API v2 configuration guide" shows them:
    # the stock API list the benchmark compares Folio's with.
    api_fields = [
        APIField("date"),
        APIField("intro"),
        APIField("hero_image"),
        APIField("body"),
        APIField("authors"),
        APIField("tags"),
        APIField("related_pages"),
    ]

    content_panels = Page.content_panels + [
        MultiFieldPanel(["date", "authors", "tags"], heading="Blog information"),
        "hero_image",
        "intro",
        "body",
        InlinePanel("related_pages", label="Related pages"),
    ]


class BlogPageRelatedPage(Orderable):
    page = ParentalKey(BlogPage, on_delete=models.CASCADE, related_name="related_pages")
    related_page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+"
    )

    panels = ["related_page"]
    api_fields = [APIField("related_page")]
