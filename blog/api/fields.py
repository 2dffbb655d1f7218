"""How Folio's fields look in the API, where Wagtail's default is not what a site needs.

Wagtail nests a foreign key as ``{id, meta}`` and cannot serialise model instances
returned by properties (``authors``, ``related_posts``). A front end needs what the HTML
page shows instead: names, slugs, absolute URLs and image renditions.
"""

from rest_framework import serializers
from rest_framework.fields import Field
from wagtail.api import APIField
from wagtail.api.v2 import serializers as wagtail_serializers
from wagtail.api.v2.utils import get_object_detail_url
from wagtail.fields import RichTextField, StreamField

from blog.links import safe_url
from blog.post_page import block_is_shown
from blog.representation import image_representation, rich_text_representation

from .nested import NestedObjectsField
from .prefetch import attach_related_posts
from .rendered import body_html, body_plaintext
from .stream import stream_representation

DATE_TIME = serializers.DateTimeField()


def detail_url(context, model, pk):
    """The object's API v2 detail URL; ``None`` outside API v2 (``blog/api/v3_fields.py``).

    A full listing links a few hundred authors, categories, tags and related posts, and
    Django's ``reverse`` was a tenth of its time: each model's URL is reversed once per
    response (the serializers share one context) and the id is put in its place.
    """
    if "router" not in context:
        return None
    prefixes = context.setdefault("_detail_url_prefixes", {})
    if model not in prefixes:
        url = get_object_detail_url(context["router"], context["request"], model, 0)
        prefixes[model] = url[: -len("0/")] if url and url.endswith("/0/") else None
    prefix = prefixes[model]
    if prefix is None:
        return get_object_detail_url(context["router"], context["request"], model, pk)
    return f"{prefix}{pk}/"


def rendition_representation(image, name, context=None):
    """One named rendition of ``image`` (``{url, width, height, alt}``), or ``None``."""
    data = image_representation(image, context=context)
    if not data:
        return None
    return {**data["renditions"][name], "alt": data["alt"]}


AUTHOR_KEYS = {
    "id": lambda author, context: author.pk,
    "name": lambda author, context: author.name,
    "slug": lambda author, context: author.slug,
    "description": lambda author, context: author.description,
    "link": lambda author, context: safe_url(author.link) or None,
    "avatar": lambda author, context: image_representation(
        author.avatar, use="api_avatar", context=context
    ),
    "detail_url": lambda author, context: detail_url(context, type(author), author.pk),
}
CATEGORY_KEYS = {
    "id": lambda category, context: category.pk,
    "name": lambda category, context: category.name,
    "slug": lambda category, context: category.slug,
    "description": lambda category, context: rich_text_representation(
        category.description, context
    ),
    "detail_url": lambda category, context: detail_url(context, type(category), category.pk),
}
TAG_KEYS = {
    "id": lambda tag, context: tag.pk,
    "name": lambda tag, context: tag.name,
    "slug": lambda tag, context: tag.slug,
    "detail_url": lambda tag, context: detail_url(context, type(tag), tag.pk),
}
RELATED_POST_KEYS = {
    "id": lambda post, context: post.pk,
    "title": lambda post, context: post.title,
    "slug": lambda post, context: post.slug,
    "url": lambda post, context: post.full_url,
    "detail_url": lambda post, context: detail_url(context, type(post), post.pk),
    "date": lambda post, context: DATE_TIME.to_representation(post.date),
    "index_intro": lambda post, context: post.index_intro,
    "thumbnail": lambda post, context: rendition_representation(
        post.hero_image, "thumbnail", context
    ),
}


def represent(keys, obj, context):
    return {key: value(obj, context) for key, value in keys.items()}


def author_representation(author, context):
    return represent(AUTHOR_KEYS, author, context)


def category_representation(category, context):
    return represent(CATEGORY_KEYS, category, context)


def tag_representation(tag, context):
    return represent(TAG_KEYS, tag, context)


def related_post_representation(post, context):
    return represent(RELATED_POST_KEYS, post, context)


class AuthorsField(NestedObjectsField):
    representations = AUTHOR_KEYS

    def to_representation(self, authors):
        return [self.represent(author) for author in authors]


class PrimaryAuthorField(NestedObjectsField):
    """The first of the post's authors (the one its byline names first)."""

    representations = AUTHOR_KEYS

    def to_representation(self, authors):
        return self.represent(authors[0]) if authors else None


class CategoriesField(NestedObjectsField):
    representations = CATEGORY_KEYS

    def to_representation(self, categories):
        return [self.represent(category) for category in categories]


class CategoryField(NestedObjectsField):
    representations = CATEGORY_KEYS

    def to_representation(self, category):
        return self.represent(category)


class TagsField(NestedObjectsField):
    """Tags by name, as ``prefetch`` loaded them: ``{id, name, slug}`` unless more is asked
    for (``tags(*)`` adds ``detail_url``). A listing of 20 posts repeated each tag's API
    URL for every post that had it: a fifth of its bytes."""

    representations = TAG_KEYS
    default_keys = ("id", "name", "slug")

    def to_representation(self, page):
        tags = getattr(page, "api_tags", None)
        if tags is None:
            tags = page.tags.all()
        tags = sorted(tags, key=lambda tag: tag.name.lower())
        return [self.represent(tag) for tag in tags]


class HeroImageField(Field):
    def to_representation(self, image):
        return image_representation(image, context=self.context)


class RelatedPostsField(NestedObjectsField):
    """Related posts as cards; ``prefetch.attach_related_posts`` has chosen them."""

    representations = RELATED_POST_KEYS

    def to_representation(self, page):
        related = getattr(page, "api_related_posts", None)
        if related is None:
            attach_related_posts([page], self.context["view"].content)
            related = page.api_related_posts
        return [self.represent(post) for post in related]


class SeoField(Field):
    """What the page's ``<head>`` says: title, description, canonical URL, social image."""

    def to_representation(self, page):
        return {
            "title": page.seo_title or page.title,
            "description": page.get_meta_description() or "",
            "canonical_url": page.full_url,
            "og_image": rendition_representation(page.get_social_image(), "og", self.context),
        }


class BodyHtmlField(Field):
    """The body as the post page renders it, for ``?audience=`` (``rendered``)."""

    def to_representation(self, page):
        return body_html(page, self.context)


class BodyPlaintextField(Field):
    """The text a reader of ``?audience=`` sees in the body, without markup."""

    def to_representation(self, page):
        return body_plaintext(page, self.context)


class UpdatedAtField(Field):
    """When the post was last published, to the second: the instant ``Last-Modified``
    gives (which has no fractions of a second) for a post alone."""

    def to_representation(self, published_at):
        if published_at is None:
            return None
        return DATE_TIME.to_representation(published_at.replace(microsecond=0))


class PublicRichTextField(serializers.CharField):
    """A ``RichTextField`` in the requested format, links as absolute public URLs."""

    def to_representation(self, value):
        return rich_text_representation(value, self.context)


class PublicStreamField(wagtail_serializers.StreamField):
    """A StreamField with public rich text, minus blocks not for ``?audience=`` and calls
    to action whose snippet is unpublished."""

    def to_representation(self, value):
        audience = self.context.get("audience")
        return stream_representation(
            value, self.context, keep=lambda child: block_is_shown(child, audience)
        )


PUBLIC_FIELD_MAPPING = {
    StreamField: PublicStreamField,
    RichTextField: PublicRichTextField,
}


# Posts' fields for front ends that show a post as it is, as ``(field, the field it
# follows)`` for ``pages.POST_FIELDS``. ``html`` and ``plaintext`` are opt-in everywhere
# (``fields=html``): each is the whole body again (``http.OPT_IN_FIELDS``).
RENDERED_POST_FIELDS = [
    (APIField("updated_at", serializer=UpdatedAtField(source="last_published_at")), "date"),
    (APIField("html", serializer=BodyHtmlField(source="*")), "body"),
    (APIField("plaintext", serializer=BodyPlaintextField(source="*")), "body"),
]
