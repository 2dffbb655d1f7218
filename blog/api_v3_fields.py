"""Serializers for ``BlogPage.api_fields`` that Wagtail's API v3 can use.

API v3 builds its schema from ``api_fields`` and serialises a field that is not a model
field with the field's ``serializer`` (bound without a parent, so with no request or
router in its context). Without one it hands the raw value to the JSON encoder, and
``authors``, ``categories`` and ``related_posts`` are lists of model instances: every
post detail was a 500. These give the same shapes as API v2 (blog/api/fields.py) minus
the v2 ``detail_url`` links, which need v2's router.

(Kept outside ``blog.api``, whose package imports the models: the models import this.)
"""

from rest_framework.fields import Field


class AuthorsField(Field):
    def to_representation(self, authors) -> list[dict]:
        from blog.api.fields import author_representation

        return [author_representation(author, {}) for author in authors]


class CategoriesField(Field):
    def to_representation(self, categories) -> list[dict]:
        from blog.api.fields import category_representation

        return [category_representation(category, {}) for category in categories]


class RelatedPostsField(Field):
    def to_representation(self, related_posts) -> list[dict]:
        from blog.api.fields import related_post_representation

        return [related_post_representation(post, {}) for post in related_posts]
