"""What goes in every page's <head>: title, description, canonical URL, feeds, social tags.

One tag, ``{% head_meta as head %}``, works the values out from the template context
(a Wagtail page, a blog listing, the search page) so ``base.html`` renders them once.
"""

import json
from dataclasses import dataclass, field

from django import template
from django.conf import settings
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from wagtail.models import Page

from blog.models import BlogPage
from blog.renditions import single_rendition
from blog.site_settings import BlogSettings
from brand.identity import brand_for_request

from .blog_tags import absolute_url, author_url, blog_index_for, blog_url, cached_for_image

register = template.Library()

DESCRIPTION_MAX_CHARS = 300
SOCIAL_USE = "social"  # blog.renditions: the 1.91:1 crop link previews use
# Characters that could end a <script> element or start markup, as JSON escapes.
JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


@dataclass
class HeadMeta:
    site_name: str
    title: str = ""
    description: str = ""
    canonical: str | None = None
    og_type: str = "website"
    image: dict | None = None
    twitter_site: str = ""
    robots: str = ""
    prev_url: str | None = None
    next_url: str | None = None
    feeds: list = field(default_factory=list)
    json_ld: str = ""

    @property
    def full_title(self):
        if not self.title or self.title == self.site_name:
            return self.site_name
        return f"{self.title} · {self.site_name}"


def plain_text(html, limit=DESCRIPTION_MAX_CHARS):
    """One line of text from HTML or plain text, cut at a word boundary."""
    text = " ".join(strip_tags(html or "").split())
    return Truncator(text).chars(limit)


def site_name_for(request):
    """The brand's name (Settings → Brand), else the site's, else WAGTAIL_SITE_NAME."""
    if request is None:
        return settings.WAGTAIL_SITE_NAME
    return brand_for_request(request).site_name


def listing_heading(kind, subject, page):
    """The visible heading of a blog listing."""
    if kind == "tag":
        return f"Posts tagged “{subject.name}”"
    if kind in ("category", "author"):
        return subject.name
    return (page.seo_title or page.title) if page is not None else ""


@register.simple_tag
def listing_title(kind, subject, page=None):
    return listing_heading(kind, subject, page)


def listing_description(kind, subject, page):
    if kind == "tag":
        return f"All posts tagged “{subject.name}”."
    if kind == "category":
        return plain_text(subject.description) or f"Posts about {subject.name}."
    if kind == "author":
        return plain_text(subject.description) or f"Posts by {subject.name}."
    return plain_text(page.get_meta_description() or page.intro)


def social_image(image, request):
    """Open Graph data for ``image`` cropped to the 1.91:1 shape link previews use (the
    original until the worker has made the crop). Pages without an image of their own show
    the brand's default social image."""
    if image is None and request is not None:
        image = brand_for_request(request).default_social_image
    if image is None or image.is_svg():
        return None
    rendition = cached_for_image(
        image, ("social", SOCIAL_USE), lambda: single_rendition(image, SOCIAL_USE)
    )
    return {
        "url": absolute_url(request, rendition["url"]),
        "width": rendition["width"],
        "height": rendition["height"],
        "alt": image.default_alt_text,
    }


def feed_links(context, request):
    """The blog's RSS/Atom feeds, plus the current listing's own when it is filtered."""
    feeds = []
    index = blog_index_for(context)
    if index is not None and blog_url(context, "feed"):
        feeds += [
            (f"{index.title} (RSS)", "application/rss+xml", blog_url(context, "feed")),
            (f"{index.title} (Atom)", "application/atom+xml", blog_url(context, "feed_atom")),
        ]
    if context.get("listing_kind") and context.get("rss_url"):
        heading = listing_heading(context["listing_kind"], context["listing_subject"], None)
        feeds += [
            (f"{heading} (RSS)", "application/rss+xml", context["rss_url"]),
            (f"{heading} (Atom)", "application/atom+xml", context["atom_url"]),
        ]
    return [
        {"title": title, "type": mime, "url": absolute_url(request, url)}
        for title, mime, url in feeds
    ]


def fill_listing(head, context, request, page):
    posts = context["posts"]
    kind, subject = context.get("listing_kind", ""), context.get("listing_subject")
    path = context.get("listing_path") or request.path
    head.title = listing_heading(kind, subject, page)
    if posts.number > 1:
        head.title += f" (page {posts.number})"
    head.description = listing_description(kind, subject, page)
    head.canonical = absolute_url(request, page_path(path, posts.number))
    if posts.has_previous():
        head.prev_url = absolute_url(request, page_path(path, posts.previous_page_number()))
    if posts.has_next():
        head.next_url = absolute_url(request, page_path(path, posts.next_page_number()))
    head.image = social_image(page.get_social_image(), request)


def page_path(path, number):
    return path if number == 1 else f"{path}?page={number}"


def fill_page(head, context, request, page):
    head.title = page.seo_title or page.title
    description = page.get_meta_description() if hasattr(page, "get_meta_description") else ""
    head.description = plain_text(description or getattr(page, "intro", ""))
    head.canonical = page.get_full_url(request)
    get_image = getattr(page, "get_social_image", None)
    head.image = social_image(get_image() if get_image else None, request)
    if isinstance(page, BlogPage):
        head.og_type = "article"
        head.json_ld = blog_posting_json_ld(context, request, page, head)


def blog_posting_json_ld(context, request, page, head):
    """schema.org BlogPosting, as JSON safe to put inside a <script> element."""
    publisher = BlogSettings.for_request(request).organisation_name or head.site_name
    modified = max(page.date, page.last_published_at or page.date)
    data = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": page.title,
        "description": head.description,
        "datePublished": page.date.isoformat(),
        "dateModified": modified.isoformat(),
        "author": [
            {
                "@type": "Person",
                "name": author.name,
                "url": absolute_url(request, author_url(context, author)),
            }
            for author in page.authors
        ],
        "mainEntityOfPage": {"@type": "WebPage", "@id": head.canonical},
        "url": head.canonical,
        "publisher": publisher_json_ld(request, publisher),
        "keywords": [tag.name for tag in page.tag_list],
        "articleSection": [category.name for category in page.categories],
    }
    if head.image:
        data["image"] = [head.image["url"]]
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(JSON_SCRIPT_ESCAPES))  # noqa: S308


def publisher_json_ld(request, name):
    """schema.org Organization: the publisher's name, and the brand's logo and profiles."""
    brand = brand_for_request(request)
    data = {"@type": "Organization", "name": name}
    if brand.logo:
        logo = brand.logo
        data["logo"] = {
            "@type": "ImageObject",
            "url": absolute_url(request, logo["url"]),
            "width": logo["width"],
            "height": logo["height"],
        }
    if brand.same_as:
        data["sameAs"] = brand.same_as
    return data


def brand_twitter_handle(request):
    """The handle of the brand's X profile (``https://x.com/handle``), or ``""``."""
    for profile in brand_for_request(request).social_profiles:
        if profile["network"] == "x":
            return profile["url"].rstrip("/").rsplit("/", 1)[-1].lstrip("@")
    return ""


@register.simple_tag(takes_context=True)
def head_meta(context):
    """Everything ``includes/head.html`` renders, worked out once per response."""
    request = context.get("request")
    page = context.get("page")
    head = HeadMeta(site_name=site_name_for(request))
    if request is not None:
        head.twitter_site = BlogSettings.for_request(request).twitter_handle.lstrip(
            "@"
        ) or brand_twitter_handle(request)
    if "search_query" in context:
        query = context["search_query"]
        head.title = f"Search results for “{query}”" if query else "Search"
        head.description = f"Search the posts of {head.site_name}."
        head.canonical = absolute_url(request, request.path)
        head.robots = "noindex"
    elif isinstance(page, Page) and context.get("posts") is not None and "listing_kind" in context:
        fill_listing(head, context, request, page)
    elif isinstance(page, Page):
        fill_page(head, context, request, page)
    if request is not None:
        head.feeds = feed_links(context, request)
    return head
