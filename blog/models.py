"""Page types of the blog: the index (with its sub-routes) and the post."""

import math

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    HelpPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    PageChooserPanel,
    TabbedInterface,
)
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PageManager, PageQuerySet
from wagtail.search import index

from analytics.panels import AnalyticsPanel

from .api import v3_fields as api_v3_fields
from .audience import GUEST, MEMBER, VISITOR_AUDIENCES, preview_as
from .blocks import BlogBodyBlock
from .headless_preview import FolioHeadlessPreviewMixin
from .mixins import (
    AudienceAwarePageMixin,
    PathViewRestrictionsMixin,
    SocialMetaMixin,
    SpecificChildRoutingMixin,
    view_restriction_in_path,
)
from .post_form import BlogPageForm
from .post_page import PostPageContextMixin
from .post_panels import ImportDetailsPanel
from .related_posts import MAX_RELATED_PICKS, RelatedPostsMixin
from .routes import BlogIndexRoutes
from .site_settings import BlogSettings  # noqa: F401  (registers the setting)
from .snippets import Author, CallToAction, Category  # noqa: F401  (registers the snippets)

WORDS_PER_MINUTE = 230


class BlogIndexPage(
    BlogIndexRoutes,
    SpecificChildRoutingMixin,
    PathViewRestrictionsMixin,
    AudienceAwarePageMixin,
    SocialMetaMixin,
    Page,
):
    """The blog's front page, with tag, category, author, feed and legacy sub-routes."""

    intro = RichTextField(
        blank=True,
        features=["bold", "italic", "link"],
        help_text="Shown above the list of posts.",
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]
    promote_panels = SocialMetaMixin.promote_panels
    search_fields = Page.search_fields + [index.SearchField("intro")]
    api_fields = [APIField("intro")]

    parent_page_types = ["home.HomePage", "wagtailcore.Page"]
    subpage_types = ["blog.BlogPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = "blog index"

    child_select_related = ("hero_image", "social_image")

    def get_child_page_model(self):
        return BlogPage

    def child_annotations(self):
        # Whether the post has picked related posts decides which query finds them.
        picks = BlogPageRelatedPost.objects.filter(page=OuterRef("pk"))
        return {"has_related_picks": Exists(picks)}

    def posts(self):
        """Live, public, listed posts under this index, newest first, ready for a listing."""
        return BlogPage.objects.listing().descendant_of(self).order_by("-date", "-pk")

    def featured_posts(self):
        """The listed posts editors marked as featured, newest first."""
        return self.posts().filter(featured=True)

    def reachable_posts(self):
        """Live, public posts under this index, unlisted ones too: what a link may open."""
        return BlogPage.objects.live().public_inline().descendant_of(self)


class BlogPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "blog.BlogPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class BlogPageAuthor(Orderable):
    page = ParentalKey("blog.BlogPage", on_delete=models.CASCADE, related_name="post_authors")
    author = models.ForeignKey(Author, on_delete=models.CASCADE, related_name="post_links")

    panels = [FieldPanel("author")]

    class Meta(Orderable.Meta):
        unique_together = [("page", "author")]


class BlogPageCategory(Orderable):
    page = ParentalKey("blog.BlogPage", on_delete=models.CASCADE, related_name="post_categories")
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="post_links")

    panels = [FieldPanel("category")]

    class Meta(Orderable.Meta):
        unique_together = [("page", "category")]
        verbose_name_plural = "categories"


class BlogPageRelatedPost(Orderable):
    page = ParentalKey("blog.BlogPage", on_delete=models.CASCADE, related_name="related_post_links")
    related_post = models.ForeignKey("blog.BlogPage", on_delete=models.CASCADE, related_name="+")

    panels = [PageChooserPanel("related_post", page_type="blog.BlogPage")]

    class Meta(Orderable.Meta):
        unique_together = [("page", "related_post")]

    def clean(self):
        if self.page_id and self.related_post_id == self.page_id:
            raise ValidationError({"related_post": "A post cannot be related to itself."})


class BlogPageQuerySet(PageQuerySet):
    def listing(self):
        """Live, public, listed posts with everything a card shows, in a fixed number of
        queries."""
        return self.live().public_inline().listed().with_card_data()

    def listed(self):
        """Posts that lists may show: not unlisted (Jekyll's ``hidden: true``)."""
        return self.filter(unlisted=False)

    def with_card_data(self):
        """What a post card shows (hero, authors with avatars, categories), prefetched."""
        return self.for_cards().prefetch_related(*card_prefetches())

    def for_cards(self):
        """Posts for cards whose links are prefetched later (``prefetch_card_data``)."""
        return self.defer_streamfields().select_related("hero_image")

    def public_inline(self):
        """Wagtail's ``public()`` rule as a subquery of the listing's own query.

        ``public()`` first loads every view restriction in a query of its own; a
        correlated ``NOT EXISTS`` keeps listings one query shorter with the same rule:
        a page is private when it or an ancestor has a view restriction. (The search
        backend cannot filter on it, so search uses ``public()``.)
        """
        return exclude_restricted(self)


def exclude_restricted(queryset):
    """Pages of ``queryset`` that neither have nor inherit a view restriction, decided by
    the database in the same query (a correlated ``NOT EXISTS``)."""
    return queryset.exclude(view_restriction_in_path())


def card_prefetches():
    return [
        "hero_image__renditions",
        models.Prefetch(
            "post_authors", queryset=BlogPageAuthor.objects.select_related("author__avatar")
        ),
        models.Prefetch(
            "post_categories", queryset=BlogPageCategory.objects.select_related("category")
        ),
    ]


def prefetch_card_data(posts):
    """Hero renditions, authors and categories of these posts: one query each for all."""
    models.prefetch_related_objects(posts, *card_prefetches())


class BlogPageManager(PageManager.from_queryset(BlogPageQuerySet)):
    pass


class BlogPage(
    FolioHeadlessPreviewMixin,
    PathViewRestrictionsMixin,
    AudienceAwarePageMixin,
    PostPageContextMixin,
    RelatedPostsMixin,
    SocialMetaMixin,
    Page,
):
    """A blog post."""

    # Empty until the first publication, which dates the post (``save``): a post drafted
    # on Monday and published on Friday is Friday's. Imported posts keep their own date.
    date = models.DateTimeField(
        "post date",
        null=True,
        blank=True,
        help_text=(
            "Shown to readers. Leave empty and the post is dated when it is first "
            "published; set a date to show that one instead."
        ),
    )
    index_intro = models.TextField(
        blank=True, help_text="Teaser on the blog index and in feeds. One or two sentences."
    )
    category_intro = models.TextField(
        blank=True,
        help_text="Shorter teaser on category pages. Falls back to the index intro.",
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown on its card and in link previews; above the post unless turned off below.",
    )
    show_hero = models.BooleanField(
        "show the hero image above the post",
        default=True,
        help_text="Off: the image is only used for the post's card and link previews.",
    )
    unlisted = models.BooleanField(
        default=False,
        help_text=(
            "Published at its address, but left out of the blog's lists, feeds, sitemap "
            "and search: only people with the link find it."
        ),
    )
    featured = models.BooleanField(
        default=False,
        help_text=(
            "Highlight this post: the blog can show featured posts apart from the rest, "
            "and apps reading the content API can ask for them."
        ),
    )
    tags = ClusterTaggableManager(through=BlogPageTag, blank=True)
    body = StreamField(BlogBodyBlock(), blank=True)

    # Import bookkeeping: which Jekyll file a post came from, and what it said.
    source_path = models.CharField(
        max_length=500, blank=True, db_index=True, help_text="Jekyll file this post came from."
    )
    source_checksum = models.CharField(max_length=64, blank=True)
    imported_revision_id = models.PositiveBigIntegerField(null=True, blank=True, editable=False)
    unresolved_related_titles = models.JSONField(
        default=list,
        blank=True,
        help_text="Related-post titles from the import that match no post yet.",
    )
    source_front_matter = models.JSONField(default=dict, blank=True, editable=False)

    objects = BlogPageManager()

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("date")]),
                InlinePanel("post_authors", label="Author", min_num=0),
                InlinePanel("post_categories", label="Category", min_num=0),
                FieldPanel("tags"),
            ],
            heading="About this post",
        ),
        MultiFieldPanel([FieldPanel("hero_image"), FieldPanel("show_hero")], heading="Hero image"),
        MultiFieldPanel(
            [FieldPanel("index_intro"), FieldPanel("category_intro")], heading="Teasers"
        ),
        FieldPanel("body"),
    ]
    related_panels = [
        HelpPanel(
            "When no related posts are picked, readers see the posts sharing most tags "
            "(none while titles named by an import wait for their posts: Import tab)."
        ),
        InlinePanel(
            "related_post_links",
            label="Related post",
            max_num=MAX_RELATED_PICKS,
            help_text=f"Up to {MAX_RELATED_PICKS} posts, shown in this order.",
        ),
    ]
    import_panels = [ImportDetailsPanel()]
    promote_panels = SocialMetaMixin.promote_panels + [
        MultiFieldPanel([FieldPanel("featured"), FieldPanel("unlisted")], heading="Listing"),
    ]

    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading="Content"),
            ObjectList(related_panels, heading="Related posts"),
            ObjectList(promote_panels, heading="Promote"),
            ObjectList(Page.settings_panels, heading="Settings"),
            # Only for imported posts (the panel hides itself, and the tab).
            ObjectList(import_panels, heading="Import"),
            # Only for users who may read analytics (the panel hides itself, and the tab).
            ObjectList([AnalyticsPanel()], heading="Analytics"),
        ]
    )

    search_fields = Page.search_fields + [
        index.SearchField("index_intro"),
        index.SearchField("body"),
        index.FilterField("date"),
        index.FilterField("unlisted"),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.RelatedFields(
            "post_authors", [index.RelatedFields("author", [index.SearchField("name")])]
        ),
    ]
    # ``writable``: what API v3 writes (authors and categories too, by id or slug:
    # blog/api/v3_write.py). Serializers are API v3's; API v2 replaces or adds its own
    # (blog/api/pages.py).
    api_fields = [
        APIField("date", writable=True),
        APIField("featured", writable=True),
        APIField("index_intro", writable=True),
        APIField("category_intro", writable=True),
        APIField("hero_image", writable=True),
        APIField("authors", serializer=api_v3_fields.AuthorsField()),
        APIField("primary_author", serializer=api_v3_fields.PrimaryAuthorField(source="authors")),
        APIField("categories", serializer=api_v3_fields.CategoriesField()),
        APIField("primary_category", serializer=api_v3_fields.PrimaryCategoryField()),
        APIField("tags", writable=True),
        APIField("related_posts", serializer=api_v3_fields.RelatedPostsField()),
        APIField("reading_time"),
        APIField("excerpt"),
        APIField("seo", serializer=api_v3_fields.SeoField(source="*")),
        APIField("body", writable=True),
    ]
    api_base_form_class = api_v3_fields.PostAPIForm

    parent_page_types = ["blog.BlogIndexPage"]
    subpage_types = []

    # Editors preview on this site (live, in the side panel) or on an external front end,
    # which reads the draft from /api/v2/page_preview/ with a signed token.
    # "Guest" and "Member" show what each audience sees (blog/audience.py): calls to
    # action for guests or members, the blog's default guest call to action.
    preview_modes = [
        ("", "This site"),
        (GUEST, "This site, as a guest"),
        (MEMBER, "This site, as a member"),
        ("headless", "External front end"),
    ]
    base_form_class = BlogPageForm

    class Meta:
        verbose_name = "blog post"
        indexes = [models.Index(fields=["date"])]

    def _linked(self, relation, target):
        """Published snippets behind an ordered relation: from a listing's prefetch, else
        one join. Unpublished ones (a writer's new author) are for no reader."""
        manager = getattr(self, relation)
        if relation in getattr(self, "_prefetched_objects_cache", {}):
            links = manager.all()
        else:
            links = manager.select_related(target)
        name = target.split("__")[0]
        return [snippet for link in links if (snippet := getattr(link, name)).live]

    @cached_property
    def authors(self):
        return self._linked("post_authors", "author__avatar")

    @cached_property
    def categories(self):
        return self._linked("post_categories", "category")

    @cached_property
    def tag_list(self):
        """Tags sorted by name, read once per request."""
        return sorted(self.tags.all(), key=lambda tag: tag.name)

    @property
    def primary_category(self):
        categories = self.categories
        return categories[0] if categories else None

    @property
    def hero_above_post(self):
        """The hero image shown above the post: when ``show_hero`` says so, and not when
        the body's first picture is the same one (readers never see it twice)."""
        if not self.show_hero or self.hero_image_id is None:
            return None
        for block in self.body.raw_data:
            if block["type"] == "image":
                if (block["value"] or {}).get("image") == self.hero_image_id:
                    return None
                break
        return self.hero_image

    @property
    def excerpt(self):
        return self.search_description or self.index_intro

    @property
    def category_teaser(self):
        return self.category_intro or self.index_intro

    @cached_property
    def reading_time(self):
        """Minutes to read the body, at least one."""
        words = 0
        for block in self.body:
            text = " ".join(map(str, block.block.get_searchable_content(block.value)))
            words += len(strip_tags(text).split())
        return max(1, math.ceil(words / WORDS_PER_MINUTE))

    def save(self, *args, **kwargs):
        if self.date is None and self.live:
            self.date = self.first_published_at or timezone.now()
        return super().save(*args, **kwargs)

    def serve_preview(self, request, mode_name):
        if mode_name == "headless":
            return FolioHeadlessPreviewMixin.serve_preview(self, request, mode_name)
        if self.date is None:  # as it will be if published now
            self.date = self.first_published_at or timezone.now()
        if mode_name in VISITOR_AUDIENCES:
            preview_as(request, mode_name)
        return Page.serve_preview(self, request, mode_name)

    def get_sitemap_urls(self, request=None):
        if self.unlisted:
            return []
        urls = super().get_sitemap_urls(request)
        for url in urls:
            url["lastmod"] = self.last_published_at or self.latest_revision_created_at
        return urls

    def get_social_image(self):
        return self.social_image or self.hero_image

    def get_meta_description(self):
        return self.search_description or self.index_intro
