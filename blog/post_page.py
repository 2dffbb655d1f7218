"""What a post page shows beyond the post's own fields: its body for the reader's
audience, its related posts and the guests' call to action, with the costly parts cached
until the next content change (blog/fragment_cache.py)."""

from django.template.loader import render_to_string

from ops.fragment_cache import cached_fragment

from .audience import is_shown_to, visitor_audience
from .site_settings import BlogSettings


class PostPageContextMixin:
    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        audience = context.get("visitor_audience")
        if audience is None:
            audience = visitor_audience(request)
        site = getattr(request, "_wagtail_site", None)
        site_id = site.pk if site is not None else None
        # Both parts are cached until the next content change (blog/fragment_cache.py);
        # a hit also skips the queries for the body's images and snippets and the
        # related posts' ranking and cards.
        context["body_html"], self.reading_time = cached_fragment(
            request, "post-body", [self.pk, site_id, audience],
            lambda: self._rendered_body(request, audience),
        )  # fmt: skip
        # Before the template reads the authors: the related cards' links come with them.
        context["related_posts_html"] = cached_fragment(
            request, "related-posts", [self.pk, site_id],
            lambda: render_to_string(
                "includes/related_posts.html", {"posts": self.related_posts}, request
            ),
        )  # fmt: skip
        # The post's own authors, categories and tags (from the related cards' prefetch
        # when that just ran): the header, footer and head metadata read them.
        self.__dict__.update(
            cached_fragment(
                request, "post-links", [self.pk],
                lambda: {name: getattr(self, name) for name in ("authors", "categories", "tag_list")},
            )
        )  # fmt: skip
        context["guest_call_to_action"] = (
            BlogSettings.for_request(request).default_guest_call_to_action
            if audience == "guest"
            else None
        )
        return context

    def _rendered_body(self, request, audience):
        """(The body's HTML for ``audience``, the reading time), built together: both
        read every block, and a cached copy needs neither."""
        html = render_to_string(
            "blog/post_body.html",
            {"page": self, "body_blocks": self.body_blocks_for(audience)},
            request,
        )
        return html, self.reading_time

    def body_blocks_for(self, audience):
        """The body's blocks a visitor of ``audience`` ("guest"/"member") may see."""
        return [block for block in self.body if block_is_shown(block, audience)]


def block_is_shown(block, audience=None):
    """Whether readers (of ``audience``, when given) see this body block: not when it is a
    call to action whose snippet is unpublished."""
    if block.block_type == "call_to_action":
        snippet = block.value.get("snippet")
        if snippet is not None and not snippet.live:
            return False
    return audience is None or is_shown_to(block_audience(block), audience)


def block_audience(block):
    """The audience a body block is meant for, or ``None`` for everyone: a call to
    action's chosen snippet decides, else the block's own audience."""
    if block.block_type != "call_to_action":
        return None
    snippet = block.value.get("snippet")
    if snippet is not None:
        return snippet.audience
    return block.value.get("audience")
