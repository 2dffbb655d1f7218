"""How Folio's fields look in the API, where Wagtail's default is not what a site needs.

Wagtail nests a foreign key as ``{id, meta}`` and cannot serialise model instances
returned by properties (``authors``, ``related_posts``). A front end needs what the HTML
page shows instead: names, slugs, absolute URLs and image renditions.
"""

from rest_framework import serializers
from rest_framework.fields import Field
from wagtail.api.v2 import serializers as wagtail_serializers
from wagtail.api.v2.utils import get_object_detail_url
from wagtail.fields import RichTextField, StreamField

from blog.api_representation import image_representation, rich_text_representation
from blog.post_page import block_is_shown
from blog.templatetags.blog_tags import safe_url

from .prefetch import attach_related_posts
from .stream import stream_representation

DATE_TIME = serializers.DateTimeField()


def detail_url(context, model, pk):
    """The object's API v2 detail URL; ``None`` outside API v2 (``blog/api_v3_fields``).

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


def author_representation(author, context):
    return {
        "id": author.pk,
        "name": author.name,
        "slug": author.slug,
        "description": author.description,
        "link": safe_url(author.link) or None,
        "avatar": image_representation(author.avatar, use="api_avatar", context=context),
        "detail_url": detail_url(context, type(author), author.pk),
    }


def category_representation(category, context):
    return {
        "id": category.pk,
        "name": category.name,
        "slug": category.slug,
        "description": rich_text_representation(category.description, context),
        "detail_url": detail_url(context, type(category), category.pk),
    }


def tag_representation(tag, context):
    return {
        "id": tag.pk,
        "name": tag.name,
        "slug": tag.slug,
        "detail_url": detail_url(context, type(tag), tag.pk),
    }


def related_post_representation(post, context):
    return {
        "id": post.pk,
        "title": post.title,
        "slug": post.slug,
        "url": post.full_url,
        "detail_url": detail_url(context, type(post), post.pk),
        "date": DATE_TIME.to_representation(post.date),
        "index_intro": post.index_intro,
        "thumbnail": rendition_representation(post.hero_image, "thumbnail", context),
    }


class AuthorsField(Field):
    def to_representation(self, authors):
        return [author_representation(author, self.context) for author in authors]


class PrimaryAuthorField(Field):
    """The first of the post's authors (the one its byline names first)."""

    def to_representation(self, authors):
        return author_representation(authors[0], self.context) if authors else None


class CategoriesField(Field):
    def to_representation(self, categories):
        return [category_representation(category, self.context) for category in categories]


class CategoryField(Field):
    def to_representation(self, category):
        return category_representation(category, self.context)


class TagsField(Field):
    """Tags as ``{id, name, slug}``, by name, as ``prefetch`` loaded them."""

    def to_representation(self, page):
        tags = getattr(page, "api_tags", None)
        if tags is None:
            tags = page.tags.all()
        tags = sorted(tags, key=lambda tag: tag.name.lower())
        return [tag_representation(tag, self.context) for tag in tags]


class HeroImageField(Field):
    def to_representation(self, image):
        return image_representation(image, context=self.context)


class RelatedPostsField(Field):
    """Related posts as cards; ``prefetch.attach_related_posts`` has chosen them."""

    def to_representation(self, page):
        related = getattr(page, "api_related_posts", None)
        if related is None:
            attach_related_posts([page], self.context["view"].content)
            related = page.api_related_posts
        return [related_post_representation(post, self.context) for post in related]


class SeoField(Field):
    """What the page's ``<head>`` says: title, description, canonical URL, social image."""

    def to_representation(self, page):
        return {
            "title": page.seo_title or page.title,
            "description": page.get_meta_description() or "",
            "canonical_url": page.full_url,
            "og_image": rendition_representation(page.get_social_image(), "og", self.context),
        }


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
