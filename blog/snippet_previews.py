"""What an editor reviewing a snippet sees in the admin's preview panel: the reader's page
with the draft in it, so a changed link or description is checked where it will appear.

An author or a category is previewed as its own page on the blog (header and the live
posts it is on); a call to action as the banner guests see. The draft is a throwaway
instance built from the form (or a revision): nothing here is saved or cached.
"""

from django.template.response import TemplateResponse
from django.utils.text import slugify
from wagtail.models import Site

from .call_to_action_block import snippet_call_to_action

FALLBACK_TEMPLATE = "blog/snippet_preview.html"
# The blog index route showing each kind of snippet, and its feed route.
LISTING_ROUTES = {"author": "author_feed", "category": "category_feed"}


def blog_index_for_preview(request):
    from .models import BlogIndexPage  # models imports the snippets

    indexes = BlogIndexPage.objects.live()
    site = Site.find_for_request(request)
    if site is not None and indexes.in_site(site).exists():
        indexes = indexes.in_site(site)
    return indexes.order_by("path").first()


def listing_preview(request, snippet, kind):
    """The blog's ``author/<slug>/`` or ``category/<slug>/`` page showing ``snippet``."""
    # The revision under review (Wagtail's workflow preview) is the snippet's; the
    # userbar would look it up as a revision of the page drawn here, and fail.
    request.__dict__.pop("revision_id", None)
    index = blog_index_for_preview(request)
    if index is None:
        return TemplateResponse(request, FALLBACK_TEMPLATE, {"snippet": snippet})
    # A new snippet has no slug yet; the page's feed links need one.
    snippet.slug = snippet.slug or slugify(snippet.name) or "preview"
    posts = index.posts()
    if snippet.pk is None:
        posts = posts.none()
    elif kind == "author":
        posts = posts.filter(post_authors__author=snippet.pk)
    else:
        posts = posts.filter(post_categories__category=snippet.pk)
    return index.render_listing(
        request, posts, kind=kind, subject=snippet, feed_route=LISTING_ROUTES[kind]
    )


def call_to_action_preview_context(snippet):
    return {"snippet": snippet, "cta": snippet_call_to_action(snippet)}
