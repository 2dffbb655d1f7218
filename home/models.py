from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from blog.mixins import (
    AudienceAwarePageMixin,
    PathViewRestrictionsMixin,
    SocialMetaMixin,
    SpecificChildRoutingMixin,
)
from blog.models import BlogIndexPage, BlogPage

LATEST_POSTS_ON_HOME = 6


class HomePage(
    SpecificChildRoutingMixin,
    PathViewRestrictionsMixin,
    AudienceAwarePageMixin,
    SocialMetaMixin,
    Page,
):
    """The site's front page: a short welcome and the latest posts."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])
    latest_posts_heading = models.CharField(max_length=255, default="Latest from the blog")

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("latest_posts_heading"),
    ]
    promote_panels = SocialMetaMixin.promote_panels
    search_fields = Page.search_fields + [index.SearchField("intro")]
    api_fields = [APIField("intro"), APIField("latest_posts_heading")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["blog.BlogIndexPage"]
    max_count = 1

    def get_child_page_model(self):
        return BlogIndexPage

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["latest_posts"] = (
            BlogPage.objects.listing()
            .descendant_of(self)
            .order_by("-date", "-pk")[:LATEST_POSTS_ON_HOME]
        )
        context["blog_index"] = BlogIndexPage.objects.live().descendant_of(self).first()
        return context
