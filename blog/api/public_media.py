"""Which images and documents a site's public content shows: the only ones API v2 lists.

Wagtail's endpoints list the whole library, so an image uploaded for a draft (a product
not yet announced) was public the moment it was uploaded. An image or document is public
here when one of these shows it:

* a live, public page of the site (a hero or social image, a body block, a link or an
  embed in rich text, a child relation);
* a published snippet such a page shows (an author's avatar, a call to action's image,
  a link in a category's description), or the site's default call to action for guests,
  which is appended to every post.

Wagtail's reference index records what each page and snippet uses (the admin's "usage"
view reads it), so the question is one subquery, whatever the size of the site. The index
reads the saved rows, which hold a page's or snippet's *live* content (drafts live in
revisions), so a file only a draft revision uses is not public. Where the worker updates
the index (production's default), a newly published file appears once the worker has
indexed its page.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Q
from django.db.models.functions import Cast
from wagtail.models import DraftStateMixin, Page, PageViewRestriction, ReferenceIndex
from wagtail.snippets.models import get_snippet_models

from blog.site_settings import BlogSettings
from blog.snippets import CallToAction


def as_text(field):
    """The reference index keeps ids as text (any model's key): compare them as text."""
    return Cast(field, CharField())


def public_media(queryset, content):
    """The objects of ``queryset`` (images or documents) that ``content``'s site shows."""
    shown = ReferenceIndex.objects.filter(
        public_sources(content),
        to_content_type=ContentType.objects.get_for_model(queryset.model),
    )
    return queryset.alias(key=as_text("pk")).filter(key__in=shown.values("to_object_id"))


def public_sources(content):
    """Reference index rows made by the site's public pages and the snippets they show."""
    pages = public_pages(content).values(key=as_text("pk"))
    page_type = ContentType.objects.get_for_model(Page)
    shown_by_pages = ReferenceIndex.objects.filter(base_content_type=page_type, object_id__in=pages)
    sources = Q(base_content_type=page_type, object_id__in=pages)
    for model in get_snippet_models():
        snippet_type = ContentType.objects.get_for_model(model)
        shown = Q(
            key__in=shown_by_pages.filter(to_content_type=snippet_type).values("to_object_id")
        )
        if model is CallToAction:
            default_cta = BlogSettings.objects.filter(site=content.site)
            shown |= Q(key__in=default_cta.values(key=as_text("default_guest_call_to_action")))
        snippets = model._default_manager.annotate(key=as_text("pk")).filter(shown)
        if issubclass(model, DraftStateMixin):
            # An unpublished snippet shows nothing (and its row holds its draft).
            snippets = snippets.filter(live=True)
        sources |= Q(base_content_type=snippet_type, object_id__in=snippets.values("key"))
    return sources


def public_pages(content):
    """The site's live pages outside any restricted section.

    ``content.pages`` asks about restrictions row by row (a correlated ``NOT EXISTS``);
    in this query PostgreSQL then estimated hundreds of thousands of cost units for a few
    milliseconds of work, and compiling it (JIT) took over a second. The restricted
    sections are few: read first, they become plain path conditions.
    """
    if content.site is None:
        return Page.objects.none()
    restricted = PageViewRestriction.objects.values_list("page__path", flat=True)
    outside = Q(*[Q(path__startswith=path) for path in restricted], _connector=Q.OR)
    return Page.objects.live().in_site(content.site).exclude(outside)
