"""Template tags of the public blog: links into the blog, responsive images, embeds, CTAs."""

import hashlib
from urllib.parse import urlencode

from django import template
from django.core.cache import caches
from django.forms.utils import flatatt
from django.template.loader import get_template
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from wagtail.embeds import embeds
from wagtail.embeds.exceptions import EmbedException
from wagtail.images import get_image_model
from wagtail.images.models import Picture
from wagtail.models import Site
from wagtail.templatetags.wagtailcore_tags import richtext

from blog.call_to_action_block import resolved_call_to_action
from blog.links import safe_url
from blog.models import BlogIndexPage, BlogPage
from blog.renditions import (
    PICTURE_USES,
    image_fields,
    note_original_shown,
    original,
    originals_shown,
    picture_specs,
    renditions_or_wanted,
    resize_specs,
    single_rendition,
)
from blog.sanitize import sanitize_html
from ops.fragment_cache import request_generation
from ops.request_scope import current_request

register = template.Library()

# --- links ------------------------------------------------------------------------------


def absolute_url(request, path):
    """``path`` as an absolute URL on the request's Wagtail site (the sitemap's host)."""
    if not path or path.startswith(("http://", "https://")):
        return path
    site = Site.find_for_request(request) if request is not None else None
    if site is not None:
        return site.root_url + path
    if request is not None:
        return request.build_absolute_uri(path)
    return path


def blog_index_for(context):
    """The blog index the current page belongs to (cached on the request)."""
    page = context.get("page")
    if isinstance(page, BlogIndexPage):
        return page
    if isinstance(context.get("blog_index"), BlogIndexPage):
        return context["blog_index"]
    request = context.get("request")
    cached = getattr(request, "_folio_blog_index", None)
    if cached is not None:
        return cached
    if isinstance(page, BlogPage):
        parent = page.get_parent()
        index = parent.specific if parent is not None else None
    else:
        indexes = BlogIndexPage.objects.live()
        site = Site.find_for_request(request) if request is not None else None
        if site is not None:
            indexes = indexes.in_site(site)
        index = indexes.first()
    if request is not None and index is not None:
        request._folio_blog_index = index
    return index


@register.simple_tag(takes_context=True)
def blog_url(context, route_name, *args):
    """URL of one of the blog index's routes: ``{% blog_url "tag" tag.slug %}``.

    A post page links to the same few routes many times (header, footer, feeds, each
    tag and author); each URL is worked out once per request, the index's own URL with
    the site root paths Wagtail keeps on the request.
    """
    index = blog_index_for(context)
    if index is None:
        return ""
    request = context.get("request")
    urls = getattr(request, "_folio_blog_urls", None) if request is not None else None
    if urls is None:
        urls = {}
        if request is not None:
            request._folio_blog_urls = urls
    if index.pk not in urls:
        urls[index.pk] = index.get_url(request)
    key = (index.pk, route_name, args)
    if key not in urls:
        index_url = urls[index.pk]
        route = index.reverse_subpage(route_name, args=args)
        urls[key] = "" if index_url is None else index_url + route
    return urls[key]


@register.simple_tag(takes_context=True)
def author_url(context, author):
    """Where an author's name links to: their own link, else their page on the blog."""
    return safe_url(author.link) or blog_url(context, "author", author.slug)


@register.simple_tag
def page_number_url(path, number, query=""):
    """A listing's URL for page ``number``; page 1 has no ``?page``, so one URL per page."""
    params = [("q", query)] if query else []
    if number > 1:
        params.append(("page", number))
    return f"{path}?{urlencode(params)}" if params else path


# --- images -----------------------------------------------------------------------------


@register.simple_tag
def responsive_image(image, preset, alt="", eager=False, css_class=""):
    """``<picture>`` with WebP and original-format srcsets, width/height and lazy loading.

    ``preset`` is a picture use of ``blog.renditions``. ``alt=""`` marks the image
    decorative (e.g. a card thumbnail next to its title link). ``eager`` is for the one
    image above the fold (post hero, first card). Renditions the worker has not made yet
    are shown as the original file meanwhile (``picture_html``).
    """
    if not image:
        return ""
    html = cached_for_image(
        image, ("picture", preset, alt, bool(eager), css_class),
        lambda: picture_html(image, preset, alt, eager, css_class),
    )  # fmt: skip
    return mark_safe(html)  # noqa: S308 - built by picture_html, attributes escaped


@register.simple_tag
def rendition_url(image, use):
    """The URL of a one-rendition use of ``image`` (``poster``), or of the original meanwhile."""
    if not image:
        return ""
    return cached_for_image(image, ("single", use), lambda: single_rendition(image, use))["url"]


# Long enough to matter, short enough that markup whose renditions were purged by hand
# (``wagtail_update_image_renditions --purge-only``) does not outlive them for long.
IMAGE_MARKUP_CACHE_SECONDS = 3600


def cached_for_image(image, parts, build):
    """What ``build()`` makes from ``image``'s renditions, kept beside Wagtail's own
    rendition cache.

    Finding an image's renditions (filters parsed, each rendition unpickled, its URL
    built) costs about a millisecond per image, and a post page shows several. The key
    holds everything the result is made of (the image's file, size and focal point, and
    ``parts``), so an edited image gets a new entry at once; whatever clears the
    rendition cache clears these too. ``build`` returns ``(value, complete)``: a value
    that shows the original for a rendition not made yet is kept under the content
    generation only, which the worker moves on once it has made the rendition.
    """
    digest = hashlib.sha256(repr((image_fields(image), parts)).encode()).hexdigest()[:32]
    key = f"folio:image-markup:{image.pk}:{digest}"
    cache = get_image_model().get_rendition_model().cache_backend
    value = cache.get(key)
    if value is not None:
        return value
    interim_key = f"{key}:{request_generation(current_request())}"
    value = cache.get(interim_key)
    if value is not None:
        note_original_shown()
        return value
    value, complete = build()
    cache.set(key if complete else interim_key, value, IMAGE_MARKUP_CACHE_SECONDS)
    return value


def picture_html(image, preset, alt, eager, css_class):
    """The markup, and whether it shows the renditions (not the original meanwhile)."""
    attrs = {"alt": alt or "", "decoding": "async"}
    if css_class:
        attrs["class"] = css_class
    if eager:
        attrs["fetchpriority"] = "high"
    else:
        attrs["loading"] = "lazy"
    if image.is_svg():
        # Vector images scale by themselves; rasterising them would only lose quality.
        return original_img(image, attrs), True
    specs = picture_specs(image, preset)
    renditions, complete = renditions_or_wanted(image, preset, specs)
    if not complete:
        # One file at its own size: no srcset, whose widths would not describe it.
        return f"<picture>{original_img(image, attrs)}</picture>", False
    if len(resize_specs(image, preset)) > 1:
        attrs["sizes"] = PICTURE_USES[preset]["sizes"]
    return str(Picture(renditions, attrs).__html__()), True


def original_img(image, attrs):
    file = original(image)
    size = {"src": file["url"], "width": file["width"], "height": file["height"]}
    return f"<img{flatatt(size | attrs)}>"


# --- cards ------------------------------------------------------------------------------

CARD_TEMPLATE = "includes/post_card.html"


@register.simple_tag(takes_context=True)
def post_card(context, post, lead=False, eager=False, heading_level=2, teaser=""):
    """A post as a card (``includes/post_card.html``), its markup memoised by its inputs.

    Listings show 15 cards and a post three: rendering each through the template engine
    costs more than the rest of a listing's template. The card is a pure function of
    what it shows (title, URL, date, teaser, category, author names, hero image,
    options), all loaded already for the listing, so those values are the cache key:
    any change to a post, author, category or image makes a new key, and nothing needs
    invalidating.
    """
    intro = post.category_teaser if teaser == "category" else post.index_intro
    category = post.primary_category
    card = {
        "url": post.get_url(context.get("request")),
        "title": post.title,
        "date": post.date,
        "intro": intro,
        "category": category.name if category else "",
        "authors": [author.name for author in post.authors],
        "hero_image": post.hero_image,
        "featured": post.featured,
        "lead": bool(lead),
        "eager": bool(eager),
        "heading_level": heading_level,
    }
    image = card["hero_image"]
    inputs = (
        sorted((k, v) for k, v in card.items() if k != "hero_image"),
        image_fields(image) if image else None,
        timezone.get_current_timezone_name(),
        translation.get_language(),
    )
    key = "folio:card:" + hashlib.sha256(repr(inputs).encode()).hexdigest()[:40]
    cache = caches["default"]
    html = cache.get(key)
    if html is None:
        # A card showing the original for a missing rendition lasts one generation.
        interim_key = f"{key}:{request_generation(context.get('request'))}"
        html = cache.get(interim_key)
        if html is None:
            shown = originals_shown()
            html = get_template(CARD_TEMPLATE).render(card)
            if originals_shown() == shown:
                cache.set(key, html, CARD_CACHE_SECONDS)
            else:
                cache.set(interim_key, html, CARD_CACHE_SECONDS)
        else:
            note_original_shown()
    return mark_safe(html)  # noqa: S308 - rendered by the template engine, escaped there


# Entries never go stale (the key is the content); the timeout only lets unused ones go.
CARD_CACHE_SECONDS = 24 * 3600


# --- blocks -----------------------------------------------------------------------------


@register.simple_tag
def call_to_action_fields(snippet):
    """The fields of a CallToAction snippet, shaped like a call_to_action block's ``cta``."""
    if snippet is None:
        return None
    return resolved_call_to_action({"snippet": snippet})


@register.simple_tag
def fetch_embed(embed_value):
    """The oEmbed result for an EmbedBlock value (cached by Wagtail), or ``None``."""
    if not embed_value:
        return None
    try:
        return embeds.get_embed(embed_value.url, embed_value.max_width, embed_value.max_height)
    except EmbedException:
        return None


@register.filter
def clean_rich_text(value):
    """Rich text rendered by Wagtail, then cleaned: text saved outside the editor (the ORM,
    API v3 writes, imports) never passed the editor's own allow-list."""
    if value is None or value == "":
        return ""
    return mark_safe(sanitize_html(str(richtext(value))))


# The URL if it is web, mail, phone or site-relative; else nothing (no javascript:).
register.filter("safe_url", safe_url)
