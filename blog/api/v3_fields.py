"""Serializers for ``BlogPage.api_fields`` that Wagtail's API v3 can use, and the form its
writes of posts go through.

API v3 builds its schema from ``api_fields`` and serialises a field that is not a model
field with the field's ``serializer`` (bound without a parent, so with no request or
router in its context). Without one it hands the raw value to the JSON encoder, and
``authors``, ``categories`` and ``related_posts`` are lists of model instances: every
post detail was a 500. These give the same shapes as API v2 (blog/api/fields.py) minus
the v2 ``detail_url`` links, which need v2's router.

(The models import this while they load: it imports no model and nothing of the API at
module level; ``blog/api/__init__.py`` imports nothing.)
"""

from rest_framework.fields import Field
from wagtail.admin.forms import WagtailAdminPageForm


class AuthorsField(Field):
    def to_representation(self, authors) -> list[dict]:
        from blog.api.fields import author_representation

        return [author_representation(author, {}) for author in authors]


class PrimaryAuthorField(Field):
    """The author the byline names first, as in API v2."""

    def to_representation(self, authors) -> dict | None:
        from blog.api.fields import author_representation

        return author_representation(authors[0], {}) if authors else None


class CategoriesField(Field):
    def to_representation(self, categories) -> list[dict]:
        from blog.api.fields import category_representation

        return [category_representation(category, {}) for category in categories]


class PrimaryCategoryField(Field):
    def to_representation(self, category) -> dict | None:
        from blog.api.fields import category_representation

        return category_representation(category, {})


class RelatedPostsField(Field):
    def to_representation(self, related_posts) -> list[dict]:
        from blog.api.fields import related_post_representation

        return [related_post_representation(post, {}) for post in related_posts]


class SeoField(Field):
    """What the page's ``<head>`` says (title, description, canonical URL, social
    image): API v2's ``seo``."""

    def to_representation(self, page) -> dict:
        from blog.api.fields import SeoField as V2SeoField

        return V2SeoField().to_representation(page)


class PostAPIForm(WagtailAdminPageForm):
    """The admin's form for a post, as API v3 writes it, plus its authors and categories.

    Wagtail's v3 writes a post through the admin's form, narrowed to the writable
    ``api_fields``; authors and categories are inline panels of link rows, which v3
    would only take as rows (``post_authors: [{"author": 1}]``). Folio's API takes them
    as lists of ids or slugs, checked and looked up before Wagtail runs
    (``blog.api.v3_write``), which leaves the links for this form on the request. They
    go on the instance before it is saved, so they are in the revision a draft makes and
    on the live page a publish makes, as the admin's inline panels would put them.
    """

    def post_links(self):
        from ops.request_scope import current_request

        return getattr(current_request(), "folio_post_links", None) or {}

    def has_changed(self):
        return bool(self.post_links()) or super().has_changed()

    def save(self, commit=True):
        for relation, links in self.post_links().items():
            setattr(self.instance, relation, links)
        return super().save(commit=commit)
