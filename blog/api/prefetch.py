"""Everything a page of posts shows, loaded in a fixed number of queries.

Serialising a post touches its authors, categories, tags, related posts, the images
and snippets its body chooses, and every image's renditions. Done post by post that is
an N+1 per relation (the design notes measured 166 queries for 20 posts). Here each is
one query for the whole page of results, and only for the fields the response shows.
"""

from collections import Counter, defaultdict

from django.db.models import Prefetch, prefetch_related_objects
from taggit.models import Tag
from wagtail.blocks import StructValue
from wagtail.images import get_image_model
from wagtail.images.models import AbstractImage

from blog.models import (
    BlogPage,
    BlogPageAuthor,
    BlogPageCategory,
    BlogPageRelatedPost,
    BlogPageTag,
)
from blog.renditions import API_SPECS, specs_for
from blog.snippets import CallToAction

from .rendered import RENDERED_FIELDS, expand_links_for_rendering
from .stream import load_streams

RELATED_POSTS_LIMIT = 3
# What a related post's card shows (``fields.RELATED_POST_KEYS``: title, slug, URL, date,
# intro, hero thumbnail). Whole rows of the post and its page, for three picks per post,
# were about a tenth of an uncached list's CPU (issue #14).
RELATED_LINK_FIELDS = (
    "page", "sort_order", "related_post__title", "related_post__slug",
    "related_post__url_path", "related_post__date", "related_post__index_intro",
    "related_post__hero_image",
)  # fmt: skip

AUTHOR_FIELDS = {"authors", "primary_author"}
CATEGORY_FIELDS = {"categories", "primary_category"}
BODY_FIELDS = {"body", "reading_time", *RENDERED_FIELDS}
# What the post page's templates show of an image chosen in a body: its picture in a body
# block or a call to action, a video's poster (``blog.renditions`` uses).
RENDERED_IMAGE_USES = ("body", "cta", "poster")


def prefetch_posts(pages, field_names, content):
    """Load what ``field_names`` of these pages need; ``content`` is the request's."""
    posts = [page for page in pages if isinstance(page, BlogPage)]
    if not posts:
        return
    fields = set(field_names)
    lookups = []
    if fields & AUTHOR_FIELDS:
        authors = BlogPageAuthor.objects.select_related("author__avatar")
        lookups.append(Prefetch("post_authors", queryset=authors))
    if fields & CATEGORY_FIELDS:
        categories = BlogPageCategory.objects.select_related("category")
        lookups.append(Prefetch("post_categories", queryset=categories))
    if "tags" in fields and "related_posts" not in fields:
        lookups.append("tags")  # otherwise read along with the related posts
    prefetch_related_objects(posts, *lookups)
    image_fields = {"hero_image"} & fields
    if "seo" in fields:  # the social image, falling back to the hero image
        image_fields |= {"hero_image", "social_image"}
    load_images(posts, sorted(image_fields))

    if fields & BODY_FIELDS:
        load_streams(posts, "body")
    if "related_posts" in fields:
        attach_related_posts(posts, content)
    images = images_shown(posts, fields)
    rendered_images = []
    if fields & RENDERED_FIELDS:
        rendered_images = images_rendered(posts)
        expand_links_for_rendering(posts)
    prefetch_renditions(images + rendered_images, extra_specs_of=rendered_images)


def attach_related_posts(posts, content):
    """Set ``api_related_posts`` on each post: its picks, else the posts sharing most tags.

    The same rule as ``BlogPage.related_posts``, but over the site's public posts only
    (a picked post that is private or on another site is not shown) and for all posts
    at once. Each post's tags are read on the way (``api_tags``).
    """
    picked = defaultdict(list)
    links = (
        BlogPageRelatedPost.objects.filter(
            page__in=[post.pk for post in posts], related_post__in=content.posts
        )
        .select_related("related_post__hero_image")
        .only(*RELATED_LINK_FIELDS)
        .order_by("sort_order", "pk")
    )
    for link in links:
        picked[link.page_id].append(link.related_post)

    # A post whose import named related posts not here yet shows none (as on its page).
    unpicked = [
        post for post in posts if not picked[post.pk] and not post.unresolved_related_titles
    ]
    automatic = attach_tags(posts, unpicked, content)
    automatic_ids = {pk for ids in automatic.values() for pk in ids}
    found = {}
    if automatic_ids:
        found = (
            content.listed_posts.filter(pk__in=automatic_ids)
            .defer_streamfields()
            .select_related("hero_image")
            .in_bulk()
        )
    for post in posts:
        post.api_related_posts = picked[post.pk] or [
            found[pk] for pk in automatic.get(post.pk, []) if pk in found
        ]


def attach_tags(posts, unpicked, content):
    """Set ``api_tags`` on ``posts``; return, for each post of ``unpicked``, the ids of
    the listed public posts sharing most of its tags, newest first.

    One query for both: the rows tagging these posts, and the rows tagging any public
    post with a tag of an unpicked one.
    """
    rows = BlogPageTag.objects.filter(content_object__in=[post.pk for post in posts])
    if unpicked:
        their_tags = BlogPageTag.objects.filter(content_object__in=[post.pk for post in unpicked])
        rows = rows | BlogPageTag.objects.filter(
            tag__in=their_tags.values("tag_id"), content_object__in=content.listed_posts
        )
    tags_of, posts_with_tag, dates = defaultdict(dict), defaultdict(set), {}
    for post_id, tag_id, name, slug, date in rows.values_list(
        "content_object_id", "tag_id", "tag__name", "tag__slug", "content_object__date"
    ):
        tags_of[post_id][tag_id] = Tag(pk=tag_id, name=name, slug=slug)
        posts_with_tag[tag_id].add(post_id)
        dates[post_id] = date
    for post in posts:
        post.api_tags = list(tags_of[post.pk].values())

    ranked = {}
    for post in unpicked:
        shared = Counter(
            other
            for tag_id in tags_of[post.pk]
            for other in posts_with_tag[tag_id]
            if other != post.pk
        )
        order = sorted(shared, key=lambda pk: (-shared[pk], -dates[pk].timestamp(), -pk))
        ranked[post.pk] = order[:RELATED_POSTS_LIMIT]
    return ranked


def load_images(posts, field_names):
    """Images chosen by these foreign keys, in one query, unless already loaded (listings
    select them with the posts)."""
    missing = [
        (post, name)
        for post in posts
        for name in field_names
        if not post._meta.get_field(name).is_cached(post)
    ]
    ids = {getattr(post, f"{name}_id") for post, name in missing} - {None}
    images = get_image_model().objects.in_bulk(ids) if ids else {}
    for post, name in missing:
        setattr(post, name, images.get(getattr(post, f"{name}_id")))


def images_shown(posts, fields):
    images, snippets = [], []
    for post in posts:
        if "hero_image" in fields:
            images.append(post.hero_image)
        if "seo" in fields:
            images.append(post.get_social_image())
        if fields & AUTHOR_FIELDS:
            images += [link.author.avatar for link in post.post_authors.all()]
        if "related_posts" in fields:
            images += [related.hero_image for related in post.api_related_posts]
        if fields & ({"body"} | RENDERED_FIELDS):
            for value in struct_values(post.body):
                if isinstance(value, AbstractImage):
                    images.append(value)
                elif isinstance(value, CallToAction):
                    snippets.append(value)
    # A chosen CTA snippet shows its own image.
    prefetch_related_objects(snippets, "image")
    return images + [snippet.image for snippet in snippets]


def images_rendered(posts):
    """Images the body templates show as pictures: body images, posters, CTA images."""
    images = []
    for post in posts:
        for value in struct_values(post.body):
            if isinstance(value, AbstractImage):
                images.append(value)
            elif isinstance(value, CallToAction) and value.image is not None:
                images.append(value.image)
    return images


def struct_values(stream_value):
    """The values inside the stream's struct blocks (where Folio's choosers are)."""
    for child in stream_value:
        if isinstance(child.value, StructValue):
            yield from child.value.values()


def prefetch_renditions(images, extra_specs_of=()):
    """One query for the renditions of every image in the response: the API's specs, and
    for the images of ``extra_specs_of`` those their pictures in a rendered body show.

    A missing one is not made here: the original stands in and the worker is asked for it
    (``blog.renditions``). Every spec an image may show must be in the one query: Wagtail
    takes prefetched renditions as all there are.
    """
    images = [image for image in images if image is not None]
    specs = set(API_SPECS)
    for image in {image.pk: image for image in extra_specs_of if image is not None}.values():
        specs.update(specs_for(image, RENDERED_IMAGE_USES))
    renditions = get_image_model().get_rendition_model().objects.filter(filter_spec__in=specs)
    prefetch_related_objects(images, Prefetch("renditions", queryset=renditions))
