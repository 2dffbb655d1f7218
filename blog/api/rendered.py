"""A post's body as the site renders it: ``html`` and ``plaintext`` in API v2.

A front end that shows a post as it is should not re-implement ten block types. ``html``
is the post page's own body fragment (``templates/blog/post_body.html`` and the block
templates, cleaned as the page cleans it, pictures with the srcsets of the renditions that
exist), for one reader's audience, with every URL made absolute on the request's site.
It is the very fragment the page caches (``PostPageContextMixin._rendered_body``, cached by
``ops.fragment_cache`` under the same key), so after either has built it, the other reads
it from the cache. For a guest it ends, as the page's post does, with the blog-wide call to
action for guests (Settings → Blog), in the page's markup (``guest_call_to_action_html``).

``plaintext`` is what a reader sees of it, as text: no markup, one line per paragraph,
heading, caption or list item, paragraphs apart.
"""

import re
import uuid
from collections.abc import Sequence
from contextlib import contextmanager
from html.parser import HTMLParser

from django.template.loader import render_to_string
from wagtail.blocks import StreamValue, StructValue
from wagtail.rich_text import RichText, expand_db_html

from blog.audience import GUEST
from blog.call_to_action_block import resolved_call_to_action
from blog.links import base_url
from blog.site_lookup import find_site_with_settings
from blog.snippets import CallToAction
from ops.fragment_cache import cached_fragment

from .site import blog_settings_guest_call_to_action

# Fields that need the post's rendered body.
RENDERED_FIELDS = frozenset({"html", "plaintext"})

# Root-relative URLs in the attributes that carry one URL each.
URL_ATTRIBUTE = re.compile(r'(\s(?:href|src|poster)=")(/(?!/)[^"]*)"')
SRCSET_ATTRIBUTE = re.compile(r'(\ssrcset=")([^"]*)"')


def rendered_body(post, context):
    """``(html, reading_time)`` of the post's body for the request's audience, as the post
    page renders it (site-relative URLs), from the page's cached fragment when there is one.

    Without ``audience`` the body is rendered as a guest (a reader not signed in to the
    product) sees it: the page never shows guests' and members' blocks together.
    """
    key = ("api_rendered_body", context.get("audience"))
    if key not in post.__dict__:
        request = context["request"]
        django_request = getattr(request, "_request", request)
        audience = context.get("audience") or GUEST
        view = context.get("view")
        if getattr(view, "shows_drafts", False):
            # A draft (headless preview) must never be cached under the live post's key.
            post.__dict__[key] = post._rendered_body(django_request, audience)
        else:
            site = view.content.site if view is not None else None
            post.__dict__[key] = cached_fragment(
                django_request,
                "post-body",
                [post.pk, site.pk if site is not None else None, audience],
                lambda: render_with_links_expanded(post, django_request, audience),
            )
    return post.__dict__[key]


def render_with_links_expanded(post, request, audience):
    with links_expanded(post):
        return post._rendered_body(request, audience)


# --- rich text links, for a whole listing at once ------------------------------------------


def expand_links_for_rendering(posts):
    """Expand the page and document links of these posts' rich text in one call, to be
    used while each body renders (``links_expanded``).

    The body templates expand each paragraph's links on their own: a query or two per
    paragraph with a link, per post. Expanded once, the HTML has no ``linktype`` left,
    and the templates' own expansion finds nothing to look up. The stored values are
    changed only while a body renders, so ``body`` in the same answer is unaffected.
    """
    holders = []
    for post in posts:
        post._api_rich_text = []
        for child in post.body:
            collect_rich_text(child.value, post._api_rich_text)
        holders += post._api_rich_text
    unique = list({(id(obj), attribute): (obj, attribute) for obj, attribute in holders}.values())
    sources = [str(getattr(obj, attribute) or "") for obj, attribute in unique]
    expanded = dict(zip(((id(o), a) for o, a in unique), expand_many(sources), strict=True))
    for post in posts:
        post._api_rich_text = [
            (obj, attribute, expanded[(id(obj), attribute)])
            for obj, attribute in post._api_rich_text
        ]


def collect_rich_text(value, found):
    """``(object, attribute)`` of each rich text inside a block value."""
    if isinstance(value, RichText):
        found.append((value, "source"))
    elif isinstance(value, CallToAction):
        if value.text:
            found.append((value, "text"))
    elif isinstance(value, StructValue):
        for child_value in value.values():
            collect_rich_text(child_value, found)
    elif isinstance(value, StreamValue):
        for child in value:
            collect_rich_text(child.value, found)
    elif isinstance(value, Sequence) and not isinstance(value, str):  # ListBlock's ListValue
        for item in value:
            collect_rich_text(item, found)


def expand_many(sources):
    """``expand_db_html`` of each source, in one call (Wagtail looks the links of one call
    up together); the sources are joined with a unique comment the rewriter leaves alone."""
    if not sources:
        return []
    separator = f"<!--folio-rendered-{uuid.uuid4().hex}-->"
    parts = expand_db_html(separator.join(sources)).split(separator)
    if len(parts) != len(sources):  # markup broken enough to swallow a separator
        parts = [expand_db_html(source) for source in sources]
    return parts


@contextmanager
def links_expanded(post):
    replaced = getattr(post, "_api_rich_text", [])
    saved = [(obj, attribute, getattr(obj, attribute)) for obj, attribute, _html in replaced]
    try:
        for obj, attribute, html in replaced:
            setattr(obj, attribute, html)
        yield
    finally:
        for obj, attribute, original in saved:
            setattr(obj, attribute, original)


def body_html(post, context):
    html, _reading_time = rendered_body(post, context)
    html += guest_call_to_action_html(post, context)
    return absolute_urls_in_html(html, base_url(context))


def guest_call_to_action_html(post, context):
    """The blog-wide call to action for guests, as the post page shows it after the body
    (``templates/blog/blog_page.html``): for a guest only, when Settings → Blog names one
    and its snippet is published; else ``""``. The page shows it whatever calls to action
    the body has, and so does this. Cached like the body, until the next content change
    (a change of the settings or the snippet is one)."""
    if (context.get("audience") or GUEST) != GUEST:
        return ""
    request = context["request"]
    django_request = getattr(request, "_request", request)
    snippet = blog_settings_guest_call_to_action(django_request)
    if snippet is None:
        return ""
    site = find_site_with_settings(django_request)  # found just now: no query
    view = context.get("view")

    def build():
        # As the page's ``{% include "blocks/call_to_action.html" with cta=cta %}``: the
        # post is the page (its button counts clicks through /go/ on a live post).
        cta = resolved_call_to_action({"snippet": snippet})
        if cta is None:
            return ""
        return render_to_string(
            "blocks/call_to_action.html", {"cta": cta, "page": post}, django_request
        )

    if getattr(view, "shows_drafts", False):
        return build()
    return cached_fragment(django_request, "api-guest-cta", [post.pk, site.pk], build)


def body_plaintext(post, context):
    html, _reading_time = rendered_body(post, context)
    return visible_text(html)


def absolute_urls_in_html(html, host):
    """``html`` with its root-relative links, sources, posters and srcset candidates
    prefixed by ``host``: the markup is shown on another site."""
    html = URL_ATTRIBUTE.sub(lambda m: f'{m[1]}{host}{m[2]}"', html)
    return SRCSET_ATTRIBUTE.sub(lambda m: f'{m[1]}{absolute_srcset(m[2], host)}"', html)


def absolute_srcset(srcset, host):
    candidates = []
    for candidate in srcset.split(","):
        candidate = candidate.strip()
        if candidate.startswith("/") and not candidate.startswith("//"):
            candidate = host + candidate
        candidates.append(candidate)
    return ", ".join(candidates)


# Elements that start a line of text of their own.
BLOCK_ELEMENTS = frozenset(
    "address article aside blockquote br dd details div dl dt figcaption figure footer "
    "h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table tr ul".split()
)
# Their text is not shown to a reader.
HIDDEN_ELEMENTS = frozenset({"script", "style", "template", "noscript"})


class VisibleTextParser(HTMLParser):
    """Collects the text a reader sees, one line per block element; code keeps its lines.

    Why not ``strip_tags``: it joins a heading to the paragraph after it ("Why it
    mattersIt did") and keeps no paragraph breaks.
    """

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lines = []  # [parts, preformatted]
        self.hidden = 0
        self.preformatted = 0
        self.break_line()

    def break_line(self):
        if not self.lines or self.lines[-1][0]:
            self.lines.append([[], self.preformatted > 0])
        else:
            self.lines[-1][1] = self.preformatted > 0

    def handle_starttag(self, tag, attrs):
        if tag in HIDDEN_ELEMENTS:
            self.hidden += 1
        elif tag in BLOCK_ELEMENTS:
            self.preformatted += tag == "pre"
            self.break_line()
        elif tag in ("td", "th"):
            self.lines[-1][0].append(" ")

    def handle_endtag(self, tag):
        if tag in HIDDEN_ELEMENTS:
            self.hidden = max(0, self.hidden - 1)
        elif tag in BLOCK_ELEMENTS:
            if tag == "pre":
                self.preformatted = max(0, self.preformatted - 1)
            self.break_line()

    def handle_data(self, data):
        if not self.hidden:
            self.lines[-1][0].append(data)

    def text(self):
        paragraphs = []
        for parts, preformatted in self.lines:
            text = "".join(parts)
            if preformatted:
                text = "\n".join(line.rstrip() for line in text.strip("\n").split("\n"))
            else:
                text = " ".join(text.split())
            if text.strip():
                paragraphs.append(text)
        return "\n\n".join(paragraphs)


def visible_text(html):
    """The text of ``html`` a reader sees: paragraphs apart, no markup, entities decoded."""
    parser = VisibleTextParser()
    parser.feed(html)
    parser.close()
    return parser.text()
